// The teacher's Scores tab: an item that cannot be scored is named with why while every pupil's
// other scores stand; what a scale score rests on and why two totals can share one scale score;
// each level in one plain sentence.
#include <filesystem>
#include <fstream>
#include <string>

#include "results/class_report.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

void openScores(UiHarness& h) {
    h.openTeacherScreen();
    h.click("Scores", "button");
}

bool hasPrefix(const std::string& prefix) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind(prefix, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_CASE("scores tab: an item that cannot be scored is named with its reason - every pupil is still listed") {
    dlk::test::TempDir bankDir;
    const std::filesystem::path bank = bankDir.path() / "bank";
    std::filesystem::copy(DLK_TEST_DATA "/bank_unscorable", bank, std::filesystem::copy_options::recursive);
    UiHarness h(true, 1366, 768, bank.string());
    REQUIRE(h.core->bank().findModule("m97-kapot"));
    const auto cls = h.core->school().classes().front();
    dlk::ClassReport report = dlk::buildClassReport(h.core->db(), h.core->bank(), cls.id, nullptr, nullptr);
    REQUIRE(h.core->school().checkPin("246813", h.clockMs).result == dlk::PinCheck::Ok);
    dlk::attachNames(report, h.core->school());
    h.core->school().lock();
    REQUIRE(report.finished > 0);
    REQUIRE_FALSE(report.unscorable.empty());
    openScores(h);
    CHECK(
        h.has("Vraag kapot-02-operator (module m97-kapot) kan niet worden gescoord en telt bij geen leerling "
              "mee. De andere vragen zijn gewoon gescoord."));
    CHECK(hasPrefix("Details: m97-kapot/nl/kapot-02-operator.xml:22: "));
    // Every pupil has a row, and a finished pupil's total says how many items could not be scored.
    for (const auto& pupil : report.pupils) {
        CAPTURE(pupil.name());
        CHECK(h.has(pupil.name(), "link"));
    }
    bool noted = false;
    for (const auto& n : dlk::ui::a11yFrame()) noted = noted || n.label.find(" niet te scoren)") != std::string::npos;
    CHECK(noted);
}

TEST_CASE("scores tab: what the scale score counts - the note on items without parameters - a level in one sentence") {
    // The bundled bank as a school has it after adding a module that is not calibrated yet: a copy
    // whose item parameters lack the kas module's items.
    dlk::test::TempDir bankDir;
    const std::filesystem::path bank = bankDir.path() / "bank";
    std::filesystem::copy(DLK_SOURCE_ITEMS, bank, std::filesystem::copy_options::recursive);
    {
        std::ifstream in(bank / "irt" / "items.csv");
        std::string kept, line;
        while (std::getline(in, line))
            if (line.rfind("kas-", 0) != 0) kept += line + "\n";
        in.close();
        std::ofstream(bank / "irt" / "items.csv", std::ios::trunc) << kept;
    }
    UiHarness h(true, 1366, 768, bank.string());
    REQUIRE(h.core->calibration());
    REQUIRE_FALSE(h.core->calibration()->find("kas-01-invoer"));
    h.core->loadLevels(std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv");  // as the kiosk does
    REQUIRE(h.core->levels());
    openScores(h);
    CHECK(h.has("Telt mee*"));
    // Items without parameters: the note says why totals and scale differ.
    CHECK(
        h.has("* Telt mee: de punten op vragen met schaalgegevens; alleen die tellen in de schaalscore. "
              "Evenveel punten daarop geeft dezelfde schaalscore, ook bij een ander totaal."));
    // The notes take the room they need: the class line is still in the window, at 1366x768.
    bool classLine = false;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.find(" leerlingen klaar") != std::string::npos) {
            classLine = true;
            CHECK(n.max.y <= 768);
        }
    CHECK(classLine);
    CHECK_FALSE(hasPrefix("N0 (onder 407): "));
    h.click("Wat betekenen de niveaus?");
    CHECK(h.has("N0 (onder 407): Kan de computer nog niet zelfstandig als hulpmiddel gebruiken."));
    CHECK(
        h.has("N1 (407–491): Kan eenvoudige opdrachten op de computer uitvoeren, zoals iets opslaan of een tekst "
              "toevoegen."));
    CHECK(hasPrefix("N2 (492–576): "));
    CHECK(hasPrefix("N3 (577–660): "));
    CHECK(
        h.has("N4 (661 en hoger): Kiest kritisch de beste informatie voor een doel en publiek en maakt daar een "
              "goed werkstuk mee."));
    // The legend is in the window, at 1366x768.
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind("N4 (", 0) == 0 || n.label == "Sluiten") CHECK(n.max.y <= 768);
    h.click("Sluiten");
    CHECK_FALSE(hasPrefix("N0 (onder 407): "));
    // Escape closes it too, and leaves the teacher on the Scores tab.
    h.click("Wat betekenen de niveaus?");
    CHECK(hasPrefix("N0 (onder 407): "));
    h.key(dlk::test::kKeyEscape);
    CHECK_FALSE(hasPrefix("N0 (onder 407): "));
    CHECK(h.app->screen() == ScreenId::Teacher);
}

TEST_CASE("scores tab: the levels window fits 1024x600 - Sluiten on screen below every sentence") {
    UiHarness h(true, 1024, 600);
    h.core->loadLevels(std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv");
    openScores(h);
    h.click("Wat betekenen de niveaus?");
    const dlk::ui::A11yNode* close = h.find("Sluiten", "button");
    REQUIRE(close);
    CHECK(close->max.y <= 600);
    CHECK(close->min.x >= 0);
    CHECK(close->max.x <= 1024);
    bool last = false;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind("N4 (661 en hoger): ", 0) == 0) {
            last = true;
            CHECK(n.max.y <= close->min.y);
        }
    CHECK(last);
    h.click("Sluiten", "button");
    CHECK_FALSE(h.has("Sluiten", "button"));
}
