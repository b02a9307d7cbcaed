// Every screen draws in a bare ImGui context and shows what a person expects on it.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "results/class_report.h"
#include "ui/screens/teacher_screen.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

TEST_CASE("first start shows the school setup and creates the school with an Argon2id PIN") {
    UiHarness h(/*withSchool=*/false);
    CHECK(h.app->screen() == ScreenId::Setup);
    CHECK(h.has("Opslaan en beginnen"));
    h.click("Naam van de school");
    h.type("Basisschool Het Anker");
    h.click("Pincode (6 tot 12 cijfers)");
    h.type("135790");
    h.click("Pincode nog een keer");
    h.type("135799");
    h.click("Opslaan en beginnen");
    CHECK(h.app->screen() == ScreenId::Setup);  // the two PINs differ
    CHECK_FALSE(h.core->school().isSetUp());
    h.click("Pincode nog een keer");
    h.key(dlk::test::kKeyBackspace);
    h.type("0");
    h.click("Opslaan en beginnen");
    REQUIRE(h.app->screen() == ScreenId::Login);
    CHECK(h.core->school().schoolName() == "Basisschool Het Anker");
    CHECK(h.core->school().checkPin("135790", h.clockMs).result == dlk::PinCheck::Ok);
}

TEST_CASE("every named screen draws on demo data") {
    for (const char* name : {"login", "confirm", "item", "item2", "item3", "item4", "item5", "item6", "finish", "pin",
                             "close", "teacher", "error"}) {
        CAPTURE(name);
        UiHarness h;
        std::string error;
        REQUIRE_MESSAGE(h.app->openDemoScreen(name, error, "246813"), error);
        h.frames(3);
        CHECK_FALSE(dlk::ui::a11yFrame().empty());
    }
    UiHarness h;
    std::string error;
    CHECK_FALSE(h.app->openDemoScreen("nonsense", error, "246813"));
    CHECK(error.find("nonsense") != std::string::npos);
    CHECK_FALSE(h.app->openDemoScreen("setup", error, "246813"));  // a school exists
}

TEST_CASE("screens draw at every text size and at the smallest supported window") {
    for (const auto& [w, hgt] : {std::pair{1024, 600}, std::pair{1366, 768}, std::pair{3840, 2160}}) {
        UiHarness h(true, w, hgt);
        std::string error;
        REQUIRE(h.app->openDemoScreen("item5", error, "246813"));
        h.frames(3);
        // The bottom bar stays on screen: Next is inside the display.
        const auto* next = h.find("Volgende →");
        REQUIRE(next);
        CHECK(next->max.y <= static_cast<float>(hgt));
        CHECK(next->max.x <= static_cast<float>(w));
    }
}

TEST_CASE("an unknown pupil code is refused with a message and no session") {
    UiHarness h;
    h.loginByTyping("ZZZZ-ZZZZ");
    CHECK(h.app->screen() == ScreenId::Login);
    CHECK(h.app->session() == nullptr);
}

TEST_CASE("closing the window asks for the teacher PIN and a wrong PIN keeps the kiosk open") {
    UiHarness h;
    h.app->requestClose();
    h.frames(2);
    REQUIRE(h.app->screen() == ScreenId::Pin);
    h.click("Pincode");
    h.type("111111");
    h.click("OK");
    CHECK_FALSE(h.app->quitRequested());
    CHECK(h.app->screen() == ScreenId::Pin);
    h.click("Pincode");
    h.type("246813");
    h.click("OK");
    CHECK(h.app->quitRequested());
}

TEST_CASE("Escape on the PIN screen goes back and never leaves the kiosk") {
    UiHarness h;
    h.app->requestClose();
    h.frames(2);
    h.key(dlk::test::kKeyEscape);
    CHECK(h.app->screen() == ScreenId::Login);
    CHECK_FALSE(h.app->quitRequested());
}

TEST_CASE("the teacher screen shows the class with raw scores and locks after idle minutes") {
    UiHarness h;
    h.click("Leerkracht");
    REQUIRE(h.app->screen() == ScreenId::Pin);
    h.click("Pincode");
    h.type("246813");
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    CHECK(h.has("Demo groep 8"));
    // Make a class with codes from the screen.
    h.click("Naam");
    h.type("Groep 7B");
    h.click("Maak klas met codes");
    const auto cls = h.core->school().findClass("Groep 7B");
    REQUIRE(cls);
    CHECK(cls->pupilCount == 25);
    // Three idle minutes: back to the pupils' screen, the PIN needed again.
    h.clockMs += dlk::ui::TeacherScreen::kIdleLockMs + 1000;
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Login);
}

TEST_CASE("the teacher sets a pupil's accommodations from the class table") {
    UiHarness h;
    h.openTeacherScreen();
    const auto pupil = h.core->school().pupils(h.core->school().classes().front().id).front();
    h.click(pupil.displayName, "link");
    REQUIRE(h.has("Aanpassingen voor deze leerling"));
    h.click("150%");
    h.click("+25%");
    h.click("Hoog contrast");
    h.click("Opslaan");
    const auto after = h.core->school().findPupilByCode(pupil.code);
    REQUIRE(after);
    CHECK(after->accommodations == dlk::Accommodations{150, true, 25});
}

TEST_CASE("the teacher screen shows provisional scale scores when the bank has item parameters") {
    UiHarness h;
    REQUIRE(h.core->calibration());  // items/irt/items.csv ships provisional parameters
    CHECK(h.core->calibration()->provisional());
    h.openTeacherScreen();
    bool note = false;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "text" && n.label.rfind("* Schaalscore", 0) == 0)
            note = n.label.find("VOORLOPIG") != std::string::npos;
    CHECK(note);
}

TEST_CASE("the teacher screen draws every listed tab and says the class figure the class report gives") {
    UiHarness h;
    h.openTeacherScreen();
    const auto cls = h.core->school().classes().front();
    const auto pupils = h.core->school().pupils(cls.id);
    REQUIRE_FALSE(pupils.empty());
    // Every tab of the one list has its button; those about the class show its pupils, except
    // rubric scoring, which is about the class's answers and never says whose they are.
    for (const dlk::ui::TeacherTabEntry& tab : dlk::ui::teacherTabs()) {
        CAPTURE(tab.id);
        h.click(tab.label, "button");
        const bool scoring = std::string(tab.id) == "scoring";
        // The analysis shows the class in figures; a pupil's name only in the profile chosen there.
        const bool analysis = std::string(tab.id) == "analysis";
        // The class tab lists its pupils to manage them, numbered, as text (names open nothing there).
        if (std::string(tab.id) == "class")
            CHECK(h.has("1. " + pupils.front().displayName, "text"));
        else
            CHECK(h.has(pupils.front().displayName, "link") == (tab.aboutClass && !scoring && !analysis));
        if (scoring) CHECK(h.has("Beoordelaar: Beheerder"));  // the logged-in teacher scores
    }
    h.click("Scores", "button");
    // The class line is the report's, word for word: the mean only above the privacy threshold.
    const dlk::ClassReport report = dlk::buildClassReport(h.core->db(), h.core->bank(), cls.id, nullptr, nullptr);
    char line[200];
    if (report.meanPercent)
        std::snprintf(line, sizeof line, "%d leerlingen klaar; gemiddeld %d%% van de punten.", report.finished,
                      *report.meanPercent);
    else
        std::snprintf(line, sizeof line, "%d leerlingen klaar. Een klasgemiddelde volgt vanaf 6 leerlingen.",
                      report.finished);
    CHECK(h.has(line));
    // A new class: nobody finished, so no class mean.
    h.click("Naam");
    h.type("Groep 5");
    h.click("Maak klas met codes");
    CHECK(h.has("0 leerlingen klaar. Een klasgemiddelde volgt vanaf 6 leerlingen."));
}

TEST_CASE("a module with a broken language version is named to the teacher - and no pupil gets it") {
    dlk::test::TempDir bankDir;
    const std::filesystem::path bank = bankDir.path() / "bank";
    std::filesystem::copy(DLK_TEST_DATA "/bank_nl_en", bank, std::filesystem::copy_options::recursive);
    // The English version of one item of m99-mini no longer parses.
    std::ofstream(bank / "m99-mini/en/mini-02.xml", std::ios::trunc) << "<qti-assessment-item>\n<kapot";
    UiHarness h(true, 1366, 768, bank.string());
    REQUIRE(h.core->bank().refusedModules().size() == 1);
    CHECK_FALSE(h.core->bank().findModule("m99-mini"));
    h.openTeacherScreen();
    CHECK(h.has("Let op: 1 module van de itembank kan niet worden gebruikt. Zie Itembank."));
    h.click("Itembank");
    CHECK(h.has("Module 'm99-mini' wordt niet gebruikt: een taalversie is kapot."));
    CHECK(h.has("en-versie (m99-mini/module.en.xml):"));
    bool namesFile = false;
    for (const auto& n : dlk::ui::a11yFrame()) namesFile = namesFile || n.label.find("m99-mini/en/mini-02.xml:") == 0;
    CHECK(namesFile);
}

TEST_CASE("the data key is in memory only while the teacher's screen is open - left or locked it is wiped") {
    UiHarness h;
    CHECK_FALSE(h.core->school().isUnlocked());
    h.openTeacherScreen();
    CHECK(h.core->school().isUnlocked());
    CHECK(h.core->school().pseudonymKey().size() == 32);
    // Left with Escape: back to the pupils, the key gone.
    h.key(dlk::test::kKeyEscape);
    REQUIRE(h.app->screen() == ScreenId::Login);
    CHECK_FALSE(h.core->school().isUnlocked());
    // Locked after idle minutes: the same.
    h.openTeacherScreen();
    CHECK(h.core->school().isUnlocked());
    h.clockMs += dlk::ui::TeacherScreen::kIdleLockMs + 1000;
    h.frames(2);
    REQUIRE(h.app->screen() == ScreenId::Login);
    CHECK_FALSE(h.core->school().isUnlocked());
}
