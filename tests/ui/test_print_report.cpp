// The class view's "Klasrapport (PDF)": the class report and the feedback sheets written to the
// default folder (Documents in the home folder), said where; a folder that cannot take the file is
// said, and nothing is left.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "ui/screens/teacher/print_report.h"
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
    // The scores table sizes its columns over the first frames (its rows grow when a cell wraps):
    // the buttons below it are clicked where they settle.
    h.frames(3);
}

bool isPdf(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes.rfind("%PDF-", 0) == 0 && bytes.size() > 1000;
}

}  // namespace

TEST_CASE("print report: the button writes the class report and the feedback sheets to Documents and says where") {
    dlk::test::TempDir home;
    fs::create_directories(home.path() / "Documents");
    HomeAt at(home.str());
    UiHarness h;
    const std::string cls = h.core->school().classes().front().name;
    openTeacher(h);
    h.click("Klasrapport (PDF)", "button");
    CHECK(h.has("Klasrapport · " + cls));
    CHECK(h.has("Map", "textbox"));
    h.click("Klasrapport opslaan", "button");
    const fs::path report = home.path() / "Documents" / ("klasrapport-" + cls + ".pdf");
    CHECK(h.has("Opgeslagen: " + report.string()));
    REQUIRE(fs::exists(report));
    CHECK(isPdf(report));
    // The dialog grew by the line that says where the PDF went and centres itself again over a
    // few frames: the next button is clicked where it has come to rest.
    h.frames(4);
    h.click("Feedbackbladen opslaan", "button");
    const fs::path sheets = home.path() / "Documents" / ("feedback-" + cls + ".pdf");
    CHECK(h.has("Opgeslagen: " + sheets.string()));
    REQUIRE(fs::exists(sheets));
    CHECK(isPdf(sheets));
    h.key(dlk::test::kKeyEscape);
    CHECK_FALSE(h.has("Map", "textbox"));
    CHECK(h.app->screen() == ScreenId::Teacher);
    CHECK(dlk::ui::classReportFileName("a/b\nc") == "klasrapport-a_b_c.pdf");
    CHECK(dlk::ui::feedbackSheetsFileName("7b") == "feedback-7b.pdf");
}

TEST_CASE("print report: a file that cannot be written is said and leaves nothing") {
    dlk::test::TempDir home;
    HomeAt at(home.str());
    UiHarness h;
    const std::string cls = h.core->school().classes().front().name;
    // The PDF's name is taken by a folder: the rename fails, and the dialog says so.
    fs::create_directories(h.dir.path() / "print" / ("klasrapport-" + cls + ".pdf"));
    openTeacher(h);
    h.click("Klasrapport (PDF)", "button");
    h.click("Klasrapport opslaan", "button");
    bool said = false;
    for (const auto& n : dlk::ui::a11yFrame())
        said = said || n.label.rfind("Het klasrapport is niet opgeslagen.", 0) == 0;
    CHECK(said);
    size_t left = 0;
    for (const auto& e : fs::directory_iterator(h.dir.path() / "print")) left += e.is_regular_file() ? 1 : 0;
    CHECK(left == 0);
}
