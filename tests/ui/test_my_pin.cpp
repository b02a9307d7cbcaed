// A teacher changes their own PIN on the teacher screen ("Mijn pincode" in the top bar), driven by
// synthetic input with the keyboard alone: the current PIN checked as at the PIN screen (a wrong
// one refused and counted, then the growing delay), the new one against the PIN rules and typed
// twice alike; after the change the old PIN opens nothing and the new one does, and no other
// teacher's PIN changed.
#include <string>

#include "security/pin_hash.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

const std::string kAdminPin = "246813";  // the harness's demo school
const std::string kAnnaPin = "135790";
const std::string kAnnaNewPin = "864209";

struct Stored {
    std::string hash;
    int64_t wrongTries = 0;
};

Stored stored(UiHarness& h, int64_t teacher) {
    auto st = h.core->db().prepare("SELECT pin_hash, wrong_tries FROM teachers WHERE id=?");
    st.bind(1, teacher);
    REQUIRE(st.step());
    return {st.getText(0), st.getInt(1)};
}

// The three fields by keyboard alone: the first has the keyboard (after a try too), Tab to the
// next, Enter changes.
void tryChange(UiHarness& h, const std::string& current, const std::string& fresh, const std::string& again) {
    h.frames(2);  // a person reads the message before typing on
    h.type(current);
    h.key(dlk::test::kKeyTab);
    h.type(fresh);
    h.key(dlk::test::kKeyTab);
    h.type(again);
    h.key(dlk::test::kKeyEnter);
}

}  // namespace

TEST_CASE("my pin: a teacher changes their own PIN by keyboard - wrong - unequal - against the rules - then done") {
    UiHarness h;
    const int64_t anna = h.addTeacher("Anna de Vries", kAnnaPin);
    const int64_t admin = h.teacherNamed("Beheerder");
    REQUIRE(admin != 0);
    REQUIRE(admin != anna);
    const Stored adminBefore = stored(h, admin);
    const Stored annaBefore = stored(h, anna);
    h.loginAs("Anna de Vries", kAnnaPin);
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    // Every teacher has the button, not only an administrator.
    CHECK_FALSE(h.has("Leerkrachten", "button"));
    h.click("Mijn pincode", "button");
    REQUIRE(h.has("Mijn pincode wijzigen"));
    CHECK(h.has("Voor Anna de Vries. Andere leerkrachten houden hun eigen pincode."));
    CHECK(h.has("Huidige pincode", "textbox"));
    CHECK(h.has("Nieuwe pincode (6 tot 12 cijfers)", "textbox"));
    CHECK(h.has("Nieuwe pincode nog een keer", "textbox"));
    h.type("13");
    h.key(dlk::test::kKeyEscape);  // closed: what was typed is gone
    REQUIRE_FALSE(h.has("Mijn pincode wijzigen"));
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    h.click("Mijn pincode", "button");

    // A wrong current PIN: refused, counted as a wrong try, nothing changed.
    tryChange(h, "111111", kAnnaNewPin, kAnnaNewPin);
    CHECK(h.has("Je huidige pincode klopt niet. Er is niets gewijzigd."));
    CHECK(stored(h, anna).hash == annaBefore.hash);
    CHECK(stored(h, anna).wrongTries == 1);
    REQUIRE(h.app->screen() == ScreenId::Teacher);  // still logged in as Anna

    // The two new PINs differ.
    tryChange(h, kAnnaPin, kAnnaNewPin, "864208");
    CHECK(h.has("De nieuwe pincode en de herhaling zijn niet gelijk. Er is niets gewijzigd."));
    CHECK(stored(h, anna).hash == annaBefore.hash);

    // Against the rules: the rule's own words.
    tryChange(h, kAnnaPin, "1234", "1234");
    REQUIRE(*dlk::pinProblem("1234"));
    CHECK(h.has(std::string(dlk::pinProblem("1234")) + " Er is niets gewijzigd."));
    CHECK(stored(h, anna).hash == annaBefore.hash);

    // Nothing typed as the current PIN.
    tryChange(h, "", kAnnaNewPin, kAnnaNewPin);
    CHECK(h.has("Vul je huidige pincode in."));

    // Right: changed, said so; the button works as well as Enter.
    h.frames(2);
    h.type(kAnnaPin);
    h.key(dlk::test::kKeyTab);
    h.type(kAnnaNewPin);
    h.key(dlk::test::kKeyTab);
    h.type(kAnnaNewPin);
    h.click("Wijzigen", "button");
    CHECK(h.has("Je pincode is gewijzigd. Log voortaan in met je nieuwe pincode."));
    CHECK(stored(h, anna).hash != annaBefore.hash);
    CHECK(stored(h, anna).wrongTries == 0);
    CHECK(stored(h, admin).hash == adminBefore.hash);  // the administrator's PIN is untouched
    h.click("Sluiten", "button");

    // Out: the old PIN no longer opens the teacher screen, the new one does.
    h.click("Naar leerlingscherm");
    h.loginAs("Anna de Vries", kAnnaPin);
    CHECK(h.app->screen() == ScreenId::Pin);
    CHECK(h.has("Deze pincode klopt niet."));
    h.click("Pincode");
    h.type(kAnnaNewPin);
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    CHECK(h.has("Ingelogd als Anna de Vries"));
    auto& school = h.core->school();
    CHECK(school.checkPin(anna, kAnnaPin, h.clockMs).result == dlk::PinCheck::Wrong);
    CHECK(school.checkPin(anna, kAnnaNewPin, h.clockMs).result == dlk::PinCheck::Ok);
    CHECK(school.checkPin(admin, kAdminPin, h.clockMs).result == dlk::PinCheck::Ok);
}

TEST_CASE("my pin: wrong current PINs count - after five the growing delay refuses even the right one") {
    UiHarness h;
    h.openTeacherScreen();  // the administrator: the button is the same for them
    const int64_t admin = h.teacherNamed("Beheerder");
    const Stored before = stored(h, admin);
    h.click("Mijn pincode", "button");
    for (int i = 0; i < 4; ++i) {
        tryChange(h, "999999", kAnnaNewPin, kAnnaNewPin);
        CHECK(h.has("Je huidige pincode klopt niet. Er is niets gewijzigd."));
    }
    // The fifth wrong one starts the delay, as at the PIN screen; the right PIN waits for it too.
    tryChange(h, "999999", kAnnaNewPin, kAnnaNewPin);
    CHECK(h.has("Te vaak een verkeerde pincode. Probeer het over 5 seconden opnieuw."));
    CHECK(stored(h, admin).wrongTries == 5);
    h.clockMs += 1000;
    tryChange(h, kAdminPin, kAnnaNewPin, kAnnaNewPin);
    CHECK(h.has("Te vaak een verkeerde pincode. Probeer het over 4 seconden opnieuw."));
    CHECK(stored(h, admin).hash == before.hash);
    CHECK(stored(h, admin).wrongTries == 5);
    // After the delay the right PIN changes it.
    h.clockMs += 4000;
    tryChange(h, kAdminPin, kAnnaNewPin, kAnnaNewPin);
    CHECK(h.has("Je pincode is gewijzigd. Log voortaan in met je nieuwe pincode."));
    CHECK(h.core->school().checkPin(admin, kAnnaNewPin, h.clockMs).result == dlk::PinCheck::Ok);
}

TEST_CASE("my pin: at 200 percent on 1024x600 the button leaves the top bar for the class list - all in the window") {
    for (const int scale : {100, 200}) {
        CAPTURE(scale);
        UiHarness h(true, 1024, 600);
        h.openTeacherScreen();  // the administrator: the bar also holds Leerkrachten
        h.app->applyLook(dlk::Accommodations{scale, false, 0});
        // The atlas is rebuilt for 200% as the window's loop does before a frame (100% has it).
        REQUIRE(h.app->prepareFonts(1024, 600) == (scale == 200));
        unsigned char* pixels;
        int tw, th;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
        h.frames(3);
        for (const char* label : {"Leerkrachten", "Mijn pincode", "Naar leerlingscherm", "Kiosk afsluiten"}) {
            CAPTURE(label);
            const auto* n = h.find(label, "button");
            REQUIRE(n);
            CHECK(n->min.x >= 0);
            CHECK(n->max.x <= 1024);
        }
        const auto* pin = h.find("Mijn pincode", "button");
        const auto* pupils = h.find("Naar leerlingscherm", "button");
        // In the bar beside the others at 100%; under it, at the class list, at 200%.
        CHECK((pin->min.y >= pupils->max.y) == (scale == 200));
        h.click("Mijn pincode", "button");
        CHECK(h.has("Mijn pincode wijzigen"));
    }
}
