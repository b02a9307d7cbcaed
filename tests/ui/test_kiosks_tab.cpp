// The Kiosks tab and the set-up screen's "Aansluiten bij een school" (issue 13.5): on the school's
// kiosk an administrator writes a join file and reads result bundles in, seeing per bundle what
// came in; on a new kiosk the first start joins from the join file, and a teacher saves the
// kiosk's results as a signed bundle. Driven by clicks and typing, as a teacher would.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "delivery/response_store.h"
#include "export/manifest.h"
#include "kiosks/kiosk_join.h"
#include "kiosks/result_bundle.h"
#include "storage/schema.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
namespace fs = std::filesystem;

namespace {
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

TEST_CASE("kiosks tab: the administrator writes a join file - a bundle of that kiosk is read in - then again") {
    ScopedEnv user("USER", "dlk-test-nobody");  // no USB stick: the data folder's kiosks/ is the place
    UiHarness h;
    h.openTeacherScreen();
    h.click("Kiosks", "button");
    REQUIRE(h.has("Resultaten inlezen", "text"));
    h.click("Naam van de nieuwe kiosk", "textbox");
    h.type("Laptop 3");
    h.click("Aanmeldbestand schrijven");
    const fs::path place = h.dir.path() / "kiosks";
    const fs::path joinFile = place / "Laptop-3.dlkjoin";
    REQUIRE(fs::exists(joinFile));
    CHECK(screenSays("Aanmeldbestand voor Laptop 3 opgeslagen in " + joinFile.string()));
    CHECK(screenSays("Laptop 3 (sleutel "));  // registered, with its fingerprint

    // The new kiosk (its own database) joins, a pupil answers there, a teacher saves the results.
    dlk::test::TempDir other;
    dlk::Database kioskDb((other.path() / "k.db").string());
    dlk::migrateSchema(kioskDb);
    dlk::SchoolStore kiosk(kioskDb);
    dlk::joinSchool(kioskDb, kiosk, joinFile.string(), h.clockMs);
    REQUIRE(kiosk.checkPin("246813", h.clockMs).result == dlk::PinCheck::Ok);
    // A pupil and a module the school has no attempt of.
    int64_t fresh = 0;
    std::string module;
    {
        auto st = h.core->db().prepare(
            "SELECT p.id, m.column1 FROM pupils p, (VALUES ('m01-schoolreis'), ('m02-nepnieuws'), ('m03-robot'), "
            "('m04-spreekbeurt'), ('m05-kas'), ('m06-rommelmarkt')) m WHERE NOT EXISTS (SELECT 1 FROM attempts a "
            "WHERE a.pupil_id=p.id AND a.module_id=m.column1) LIMIT 1");
        if (st.step()) {
            fresh = st.getInt(0);
            module = st.getText(1);
        }
    }
    REQUIRE(fresh > 0);
    dlk::ResponseStore(kioskDb).startOrResume(fresh, module, "nl", h.clockMs);
    dlk::writeResultBundle(kioskDb, kiosk, place.string(), h.clockMs);

    h.click("Resultaten inlezen", "button");
    CHECK(screenSays("kiosk-1-000001 (Laptop 3): ingelezen: 1 nieuw, 0 bijgewerkt, 0 gelijk."));
    CHECK(screenSays("Laptop 3, pakket 1: 1 pogingen, 0 conflicten"));
    h.click("Resultaten inlezen", "button");
    CHECK(screenSays("kiosk-1-000001: al ingelezen, niets veranderd."));
}

TEST_CASE("kiosks tab: a new kiosk joins at its first start - a teacher saves its results to the folder") {
    ScopedEnv user("USER", "dlk-test-nobody");
    dlk::test::TempDir schoolDir;
    dlk::Database schoolDb((schoolDir.path() / "s.db").string());
    dlk::migrateSchema(schoolDb);
    dlk::SchoolStore school(schoolDb);
    school.setUpSchool("De Linde", "246813", 0);
    const int64_t cls = school.createClass("Groep 8", 0);
    const auto pupils = school.addPupils(cls, {"Sam de Vries"}, 0);
    const std::string joinFile = (schoolDir.path() / "laptop.dlkjoin").string();
    dlk::writeJoinFile(schoolDb, school, "Laptop 5", joinFile, 0);

    UiHarness h(false);
    REQUIRE(h.app->screen() == dlk::ui::ScreenId::Setup);
    h.click("Aansluiten bij een school", "button");
    REQUIRE(h.has("Aansluiten bij een school", "text"));
    h.click("Aanmeldbestand", "textbox");
    h.type(joinFile);
    h.click("Aansluiten", "button");
    REQUIRE(h.app->screen() == dlk::ui::ScreenId::Login);
    CHECK(h.core->school().schoolName() == "De Linde");
    // The pupil logs in here with the code the school gave, and starts a module.
    dlk::ResponseStore(h.core->db()).startOrResume(pupils[0].id, "m01-schoolreis", "nl", h.clockMs);
    h.openTeacherScreen();
    h.click("Kiosks", "button");
    REQUIRE(h.has("Resultaten opslaan op USB", "text"));
    h.click("Resultaten opslaan");
    const fs::path bundle = h.dir.path() / "kiosks" / "kiosk-1-000001";
    REQUIRE(fs::exists(bundle / "bundle.jsonl"));
    CHECK(dlk::verifyManifest(bundle.string()).ok());
    CHECK(screenSays("Opgeslagen in " + bundle.string() + ": 1 pogingen van"));
    // The school's kiosk takes it.
    const auto r = dlk::importResultBundles(schoolDb, school, {bundle.string()}, 0);
    REQUIRE(r.size() == 1);
    CHECK(r[0].outcome == dlk::BundleOutcome::Imported);
    CHECK(r[0].added == 1);
}

TEST_CASE("kiosks tab: a tampered join file at the first start is refused with a reason - the screen stays") {
    ScopedEnv user("USER", "dlk-test-nobody");
    dlk::test::TempDir dir;
    const fs::path bad = dir.path() / "bad.dlkjoin";
    std::ofstream(bad) << "dlkiosk-join 1\nschool-key: 00\nsignature: 00\n\n{}";
    UiHarness h(false);
    h.click("Aansluiten bij een school", "button");
    h.click("Aanmeldbestand", "textbox");
    h.type(bad.string());
    h.click("Aansluiten", "button");
    CHECK(h.app->screen() == dlk::ui::ScreenId::Setup);
    CHECK(screenSays("Aansluiten is niet gelukt."));
    CHECK_FALSE(h.core->school().isSetUp());
    // Back to the set-up of a school of its own.
    h.click("Terug", "button");
    CHECK(h.has("Opslaan en beginnen", "button"));
}
