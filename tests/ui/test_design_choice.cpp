// The teacher chooses a class's session design on the class tab (issue 13, point 4; issue 16,
// point 1), with the keyboard alone: a pupil who logs in afterwards is dealt that design, a pupil
// dealt before keeps their plan.
#include <set>
#include <string>

#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The design's row: its label first, then what it deals.
const dlk::ui::A11yNode* designRow(const std::string& label) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "choice" && n.label.rfind(label + "\n", 0) == 0) return &n;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "choice" && n.label.rfind(label + " ", 0) == 0) return &n;
    return nullptr;
}

const dlk::ui::A11yNode* focusedNode() {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.focused) return &n;
    return nullptr;
}

void openClassTab(UiHarness& h) {
    h.openTeacherScreen();
    h.click("Klas beheren", "button");
    REQUIRE(h.has("Opzet van de sessie", "text"));
}

}  // namespace

TEST_CASE("design choice: the class tab lists the designs in modules and minutes - the default chosen") {
    UiHarness h;
    openClassTab(h);
    const auto* icils = designRow("ICILS: 2 ICT-modules, dan de 2 programmeermodules");
    REQUIRE(icils);
    CHECK(icils->selected);
    CHECK(has(icils->label, "(standaard)"));
    CHECK(has(icils->label, "2 van de 4 modules"));
    CHECK(has(icils->label, "Samen 4 modules, hoogstens 120 minuten."));
    const auto* ct = designRow("Alleen programmeren: de 2 programmeermodules");
    REQUIRE(ct);
    CHECK_FALSE(ct->selected);
    CHECK(has(ct->label, "Samen 2 modules, hoogstens 60 minuten."));
    CHECK(designRow("Kort: 2 van alle modules"));
}

TEST_CASE(
    "design choice: chosen with the keyboard alone - a pupil who then logs in gets it - one dealt before keeps "
    "theirs") {
    UiHarness h;
    const auto cls = h.core->school().classes().front();
    const auto pupils = h.addPupils(cls.id, {"Eerder Ingelogd", "Later Ingelogd"});
    // The first pupil logs in before the teacher chooses: dealt the default (ICILS).
    h.loginByTyping(pupils[0].code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    const auto before = h.core->sessionPlans().find(pupils[0].id);
    REQUIRE(before);
    REQUIRE(before->modules.size() == 5);
    h.app->endPupilSession();
    h.frames(2);
    REQUIRE(h.app->screen() == ScreenId::Login);

    openClassTab(h);
    // The choice says how many of the class's pupils are dealt already (the harness's class has more).
    const size_t all = h.core->school().pupils(cls.id).size();
    const int dealt = h.core->sessionPlans().dealtInClass(cls.id);
    CHECK(dealt >= 1);
    CHECK(h.has("Welke modules de leerlingen krijgen. Wie al is begonnen (" + std::to_string(dealt) + " van " +
                    std::to_string(all) +
                    "), houdt zijn modules; de keuze geldt voor wie hierna voor het eerst inlogt.",
                "text"));
    // Tab from control to control until the CT-only design has the focus, then Enter.
    const std::string ct = "Alleen programmeren: de 2 programmeermodules";
    bool reached = false;
    for (int i = 0; i < 60 && !reached; ++i) {
        h.key(dlk::test::kKeyTab);
        const auto* f = focusedNode();
        reached = f && f->role == "choice" && f->label.rfind(ct, 0) == 0;
    }
    REQUIRE(reached);
    h.key(dlk::test::kKeyEnter);
    h.frames(2);
    CHECK(h.core->school().sessionDesign(cls.id) == "programmeren");
    REQUIRE(designRow(ct));
    CHECK(designRow(ct)->selected);
    CHECK_FALSE(designRow("ICILS: 2 ICT-modules, dan de 2 programmeermodules")->selected);
    h.key(dlk::test::kKeyEscape);  // back to the pupils' login
    h.frames(2);
    REQUIRE(h.app->screen() == ScreenId::Login);

    h.loginByTyping(pupils[1].code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    CHECK(h.app->session()->module().identifier == "m00-oefenen");
    const auto after = h.core->sessionPlans().find(pupils[1].id);
    REQUIRE(after);
    REQUIRE(after->modules.size() == 3);
    CHECK(after->modules[0] == "m00-oefenen");
    CHECK(std::set<std::string>(after->modules.begin() + 1, after->modules.end()) ==
          std::set<std::string>{"m03-robot", "m05-kas"});
    h.app->endPupilSession();
    h.frames(2);
    // The first pupil comes back: the plan dealt before the choice.
    h.loginByTyping(pupils[0].code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    CHECK(h.core->sessionPlans().find(pupils[0].id)->modules == before->modules);
}
