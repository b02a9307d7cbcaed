// Several teachers (issue 13, point 3) on the screens, driven by synthetic input: the PIN screen
// lists the teachers' names first (reached by keyboard alone), the teacher screen says who is in
// and shows only their classes, and the administrator's "Leerkrachten" tab adds a teacher, gives one a
// new PIN, hands a class over and removes a teacher after a confirmation.
#include <string>

#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

const std::string kAdminPin = "246813";  // the harness's demo school
const std::string kAnnaPin = "135790";

void openTeachersTab(UiHarness& h) {
    h.click("Leerkracht");
    if (h.has("Beheerder", "button")) h.click("Beheerder", "button");  // several teachers: the name first
    h.click("Pincode");
    h.type(kAdminPin);
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    h.click("Leerkrachten", "button");
    REQUIRE(h.has("Naam van de leerkracht", "textbox"));
}

// Scrolls the teacher's results area with the mouse wheel until the control is inside the window,
// as a teacher scrolls down to it (the smaller screens), then clicks it.
void clickVisible(UiHarness& h, const std::string& label, const char* role = nullptr) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(io.DisplaySize.x * 0.75f, io.DisplaySize.y * 0.7f);
    for (int i = 0; i < 80; ++i) {
        const auto* n = h.find(label, role);
        if (n && n->max.y < io.DisplaySize.y - 4) break;
        io.MouseWheel = -1.0f;
        h.frame();
        io.MouseWheel = 0.0f;
        h.frame();
    }
    h.click(label, role);
}

void typeInto(UiHarness& h, const std::string& field, const std::string& text) {
    clickVisible(h, field, "textbox");
    h.type(text);
}

}  // namespace

TEST_CASE("teachers ui: one teacher - the PIN screen asks the PIN at once - and the top bar names who is in") {
    UiHarness h;
    h.click("Leerkracht");
    CHECK_FALSE(h.has("Wie ben je? Kies je naam."));
    h.click("Pincode");
    h.type(kAdminPin);
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    CHECK(h.has("Ingelogd als Beheerder"));
    CHECK(h.has("Leerkrachten", "button"));  // the administrator's tab
}

TEST_CASE("teachers ui: with several teachers the PIN screen lists the names - chosen with the keyboard alone") {
    UiHarness h;
    h.addTeacher("Anna de Vries", kAnnaPin);
    h.click("Leerkracht");
    REQUIRE(h.has("Wie ben je? Kies je naam."));
    REQUIRE(h.has("Anna de Vries", "button"));
    REQUIRE(h.has("Beheerder", "button"));
    CHECK_FALSE(h.has("Pincode", "textbox"));
    // The first name has the keyboard: Down to the second, Up back, Enter chooses.
    h.key(dlk::test::kKeyDown);
    h.key(dlk::test::kKeyUp);
    h.key(dlk::test::kKeyEnter);
    REQUIRE(h.has("Anna de Vries, voer je pincode in."));
    // A wrong PIN is Anna's wrong try, not the administrator's.
    h.type("999999");
    h.key(dlk::test::kKeyEnter);
    CHECK(h.has("Deze pincode klopt niet."));
    // Back (Escape) goes to the names, not away from the screen.
    h.key(dlk::test::kKeyEscape);
    REQUIRE(h.app->screen() == ScreenId::Pin);
    REQUIRE(h.has("Wie ben je? Kies je naam."));
    h.key(dlk::test::kKeyEnter);  // Anna again
    h.type(kAnnaPin);
    h.key(dlk::test::kKeyEnter);
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    CHECK(h.has("Ingelogd als Anna de Vries"));
    // The demo class is the administrator's: Anna sees none of it, and no Leerkrachten tab.
    CHECK_FALSE(h.has(h.classInfo.className, "choice"));
    CHECK(h.has("Je hebt nog geen klas. Maak links een klas, of vraag de beheerder om je een klas te geven."));
    CHECK_FALSE(h.has("Leerkrachten", "button"));
}

TEST_CASE("teachers ui: a teacher sees only their own classes - the administrator all of them") {
    UiHarness h;
    const int64_t anna = h.addTeacher("Anna de Vries", kAnnaPin);
    auto& school = h.core->school();
    REQUIRE(school.checkPin(kAdminPin, h.clockMs).result == dlk::PinCheck::Ok);
    const int64_t annas = school.createClass("Groep 5 Anna", h.clockMs);
    school.assignClass(annas, anna);
    school.lock();
    h.click("Leerkracht");
    h.click("Anna de Vries", "button");
    h.click("Pincode");
    h.type(kAnnaPin);
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    CHECK(h.has("Groep 5 Anna", "choice"));
    CHECK_FALSE(h.has(h.classInfo.className, "choice"));
    // A class Anna makes is hers.
    h.click("Naam", "textbox");
    h.type("Groep 6 Anna");
    h.click("Maak klas met codes");
    const auto made = school.findClass("Groep 6 Anna");
    REQUIRE(made);
    CHECK(made->teacherId == anna);
    // Out, and in as the administrator: every class.
    h.click("Naar leerlingscherm");
    REQUIRE(h.app->screen() == ScreenId::Login);
    h.click("Leerkracht");
    h.click("Beheerder", "button");
    h.click("Pincode");
    h.type(kAdminPin);
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    CHECK(h.has("Groep 5 Anna", "choice"));
    CHECK(h.has("Groep 6 Anna", "choice"));
    CHECK(h.has(h.classInfo.className, "choice"));
}

TEST_CASE("teachers ui: the administrator adds a teacher - refused while the two PINs differ") {
    UiHarness h;
    openTeachersTab(h);
    typeInto(h, "Naam van de leerkracht", "Cor Visser");
    typeInto(h, "Pincode (6 tot 12 cijfers)", "112233");
    typeInto(h, "Pincode nog een keer", "112234");
    clickVisible(h, "Leerkracht toevoegen");
    CHECK(h.has("De twee pincodes zijn niet gelijk."));
    CHECK(h.teacherNamed("Cor Visser") == 0);
    // The PINs are wiped after a try: both typed again, and a teacher of that name is there.
    typeInto(h, "Pincode (6 tot 12 cijfers)", "112233");
    typeInto(h, "Pincode nog een keer", "112233");
    clickVisible(h, "Leerkracht toevoegen");
    CHECK(h.has("Cor Visser kan nu inloggen met de eigen pincode."));
    const int64_t cor = h.teacherNamed("Cor Visser");
    REQUIRE(cor != 0);
    CHECK(h.has("Nieuwe pincode", "button"));  // beside Cor; never beside oneself
    // A name taken (in other letters) is said, not added twice.
    typeInto(h, "Naam van de leerkracht", "cor visser");
    typeInto(h, "Pincode (6 tot 12 cijfers)", "445566");
    typeInto(h, "Pincode nog een keer", "445566");
    clickVisible(h, "Leerkracht toevoegen");
    CHECK(h.has("Er is al een leerkracht met deze naam. Kies een andere naam."));
    CHECK(h.core->school().teachers().size() == 2);
    // Cor's PIN opens the school, as Cor.
    h.click("Naar leerlingscherm");
    CHECK(h.core->school().checkPin(cor, "112233", h.clockMs).result == dlk::PinCheck::Ok);
}

TEST_CASE("teachers ui: the administrator hands a class over - gives a new PIN - removes a teacher after asking") {
    UiHarness h;
    const int64_t anna = h.addTeacher("Anna de Vries", kAnnaPin);
    openTeachersTab(h);
    const std::string cls = h.classInfo.className;
    // The demo class, the administrator's, goes to Anna.
    h.click(cls + ": Beheerder", "combobox");
    h.click("Anna de Vries", "choice");
    REQUIRE(h.core->school().findClass(cls));
    CHECK(h.core->school().findClass(cls)->teacherId == anna);
    REQUIRE(h.has(cls + ": Anna de Vries", "combobox"));

    // A new PIN for Anna: two different ones are refused, then the same twice is taken.
    h.click("Nieuwe pincode", "button");
    REQUIRE(h.has("Nieuwe pincode voor Anna de Vries"));
    typeInto(h, "Nieuwe pincode", "778899");
    typeInto(h, "Nieuwe pincode nog een keer", "778890");
    h.click("Opslaan");
    CHECK(h.has("De twee pincodes zijn niet gelijk."));
    typeInto(h, "Nieuwe pincode", "778899");
    typeInto(h, "Nieuwe pincode nog een keer", "778899");
    h.click("Opslaan");
    CHECK_FALSE(h.has("Nieuwe pincode voor Anna de Vries"));

    // Removing asks first; No keeps her.
    h.click("Verwijderen", "button");
    REQUIRE(h.has("Anna de Vries verwijderen?"));
    h.click("Nee");
    CHECK(h.teacherNamed("Anna de Vries") == anna);
    h.click("Verwijderen", "button");
    h.click("Ja, verwijderen");
    CHECK(h.teacherNamed("Anna de Vries") == 0);
    CHECK_FALSE(h.has("Anna de Vries · leerkracht · 1 klas"));
    // Her class is nobody's now: the administrator still sees it and can hand it on.
    CHECK(h.core->school().findClass(cls)->teacherId == 0);
    CHECK(h.has(cls + ": Niemand", "combobox"));
    h.click("Naar leerlingscherm");
    // Neither her old PIN nor the new one opens anything.
    CHECK(h.core->school().checkPin("778899", h.clockMs).result == dlk::PinCheck::Wrong);
    CHECK(h.core->school().checkPin(kAnnaPin, h.clockMs).result == dlk::PinCheck::Wrong);
}

TEST_CASE("teachers ui: the Leerkrachten tab is on screen at the sizes the kiosk runs at") {
    for (const auto& [w, hgt] : {std::pair{1366, 768}, std::pair{1024, 600}}) {
        CAPTURE(w);
        UiHarness h(true, w, hgt);
        h.addTeacher("Anna de Vries", kAnnaPin);
        h.click("Leerkracht");
        h.click("Beheerder", "button");
        h.click("Pincode");
        h.type(kAdminPin);
        h.click("OK");
        REQUIRE(h.app->screen() == ScreenId::Teacher);
        h.click("Leerkrachten", "button");
        for (const char* label : {"Nieuwe pincode", "Verwijderen", "Naam van de leerkracht"}) {
            const auto* n = h.find(label);
            REQUIRE_MESSAGE(n, label);
            CHECK_MESSAGE(n->max.x <= static_cast<float>(w), label);
        }
    }
}
