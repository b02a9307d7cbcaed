// The administrator's Export (issue 14): the signed data package written from the teacher screen to
// the folder chosen, with what went in and the key's fingerprint said on screen, and a clear message
// when it cannot be written.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "export/manifest.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
namespace fs = std::filesystem;

namespace {

// HOME (where Documents is) and USER (whose USB sticks are under /media/USER) for one test,
// put back afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (m_old)
            setenv(m_name, m_old->c_str(), 1);
        else
            unsetenv(m_name);
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

bool screenSays(const std::string& part) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("export tab: the administrator writes the signed package into Documents and reads its fingerprint") {
    dlk::test::TempDir home;
    fs::create_directories(home.path() / "Documents");
    ScopedEnv homeEnv("HOME", home.str());
    ScopedEnv userEnv("USER", "dlk-test-nobody");  // no /media/dlk-test-nobody: no USB stick
    UiHarness h;
    h.openTeacherScreen();
    h.click("Exporteren", "button");  // the administrator's button in the top bar
    REQUIRE(h.has("Gegevens exporteren", "text"));
    // Typed answers are left out unless asked for, and asking shows what the screening misses.
    CHECK_FALSE(screenSays("Lees de antwoorden voordat je het pakket doorgeeft."));
    h.click("Ook getypte antwoorden exporteren");
    CHECK(screenSays("Lees de antwoorden voordat je het pakket doorgeeft."));
    h.click("Ook getypte antwoorden exporteren");
    h.click("Exporteren", "button", 1);  // the tab's own button, under the form
    const fs::path folder = home.path() / "Documents" / "dlkiosk-export";
    CHECK(fs::exists(folder / "datapackage.json"));
    CHECK(fs::exists(folder / "responses.csv"));
    const dlk::ManifestVerification v = dlk::verifyManifest(folder.string());
    CHECK(v.ok());
    REQUIRE_FALSE(v.fingerprint.empty());
    CHECK(screenSays("Opgeslagen in " + folder.string()));
    CHECK(screenSays("Ondertekend met de sleutel " + v.fingerprint));  // what the recipient compares
    CHECK(screenSays("getypte antwoorden zijn weggelaten"));           // the demo's typed answers stayed home
    // The process data only when ticked (issue 14): none the first time, events.csv the second.
    CHECK_FALSE(fs::exists(folder / "events.csv"));
    h.click("Ook procesdata exporteren (elke klik, met tijden)");
    h.click("Exporteren", "button", 1);
    CHECK(fs::exists(folder / "events.csv"));
    CHECK(dlk::verifyManifest(folder.string()).ok());
}

TEST_CASE("export tab: a folder that cannot be written says so and leaves the screen usable") {
    dlk::test::TempDir home;
    fs::create_directories(home.path() / "Documents");
    // Where the package's own folder would go is a file.
    std::ofstream(home.path() / "Documents" / "dlkiosk-export") << "geen map";
    ScopedEnv homeEnv("HOME", home.str());
    ScopedEnv userEnv("USER", "dlk-test-nobody");
    UiHarness h;
    h.openTeacherScreen();
    h.click("Exporteren", "button");
    h.click("Exporteren", "button", 1);
    CHECK(screenSays("De export is niet geschreven."));
    CHECK(screenSays("Details:"));
    std::string kept;
    std::getline(std::ifstream(home.path() / "Documents" / "dlkiosk-export"), kept);
    CHECK(kept == "geen map");  // nothing overwritten
    CHECK(h.has("Gegevens exporteren", "text"));
}
