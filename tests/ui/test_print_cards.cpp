// The class view's "Inlogkaarten (PDF)": the login cards written to the default folder (Documents
// in the home folder), said where; a folder that cannot take the file is said, nothing is left.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "ui/screens/teacher/print_cards.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

namespace fs = std::filesystem;

// HOME pointed at a folder of the test's for as long as it lives, so no test writes in the real one.
struct HomeAt {
    std::string old;
    bool had = false;
    explicit HomeAt(const std::string& home) {
        if (const char* h = std::getenv("HOME")) {
            old = h;
            had = true;
        }
        ::setenv("HOME", home.c_str(), 1);
    }
    ~HomeAt() {
        if (had)
            ::setenv("HOME", old.c_str(), 1);
        else
            ::unsetenv("HOME");
    }
};

void openTeacher(UiHarness& h) {
    h.click("Leerkracht");
    h.click("Pincode");
    h.type("246813");
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
}

}  // namespace

TEST_CASE("print cards: the button writes the class's cards to Documents and says where") {
    dlk::test::TempDir home;
    fs::create_directories(home.path() / "Documents");
    HomeAt at(home.str());
    UiHarness h;
    const std::string cls = h.core->school().classes().front().name;
    openTeacher(h);
    h.click("Inlogkaarten (PDF)", "button");
    CHECK(h.has("Inlogkaarten · " + cls));
    CHECK(h.has("Map", "textbox"));
    h.click("Opslaan", "button");
    const fs::path pdf = home.path() / "Documents" / ("inlogkaarten-" + cls + ".pdf");
    CHECK(h.has("Opgeslagen: " + pdf.string()));
    REQUIRE(fs::exists(pdf));
    std::ifstream in(pdf, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes.rfind("%PDF-", 0) == 0);
    CHECK(bytes.size() > 1000);
    // Escape closes the dialog; the class view is back.
    h.key(dlk::test::kKeyEscape);
    CHECK_FALSE(h.has("Map", "textbox"));
    CHECK(h.app->screen() == ScreenId::Teacher);
}

TEST_CASE("print cards: without Documents the data folder's print folder - a failure is said and leaves nothing") {
    dlk::test::TempDir home;
    HomeAt at(home.str());
    UiHarness h;
    const std::string cls = h.core->school().classes().front().name;
    CHECK(dlk::ui::defaultPrintFolder(h.dir.str()) == (h.dir.path() / "print").string());
    CHECK(dlk::ui::loginCardsFileName("a/b\nc") == "inlogkaarten-a_b_c.pdf");
    // The PDF's name is taken by a folder: the rename fails, and the dialog says so.
    fs::create_directories(h.dir.path() / "print" / ("inlogkaarten-" + cls + ".pdf"));
    openTeacher(h);
    h.click("Inlogkaarten (PDF)", "button");
    h.click("Opslaan", "button");
    bool said = false;
    for (const auto& n : dlk::ui::a11yFrame())
        said = said || n.label.rfind("De inlogkaarten zijn niet opgeslagen.", 0) == 0;
    CHECK(said);
    CHECK_FALSE(h.has("Opgeslagen: " + (h.dir.path() / "print" / ("inlogkaarten-" + cls + ".pdf")).string()));
    size_t left = 0;
    for (const auto& e : fs::directory_iterator(h.dir.path() / "print")) left += e.is_regular_file() ? 1 : 0;
    CHECK(left == 0);
}
