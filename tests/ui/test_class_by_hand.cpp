// The class by hand (issue 13, point 2) on the teacher screen, driven by synthetic input: names
// typed or pasted for a new class or an existing one, a class renamed, a pupil moved, a class
// deleted after a confirmation that says what it holds.
#include <filesystem>
#include <string>

#include "school/background.h"
#include "school/pupil_names.h"
#include "ui/widgets/a11y.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

constexpr int kKeyV = 20;  // not in the shared key map: only pasting needs it

void openClassTab(UiHarness& h) {
    h.openTeacherScreen();
    h.click("Klas beheren", "button");
    REQUIRE(h.has("Naam van de klas", "textbox"));
}

// Pastes `text` into the field last clicked, as Ctrl+V does.
void paste(UiHarness& h, const std::string& text) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_V] = kKeyV;
    ImGui::SetClipboardText(text.c_str());
    io.KeyCtrl = true;
    h.key(kKeyV);
    io.KeyCtrl = false;
    h.frames(2);
}

std::vector<std::string> namesIn(UiHarness& h, const std::string& className) {
    const auto cls = h.core->school().findClass(className);
    REQUIRE(cls);
    std::vector<std::string> out;
    for (const auto& p : h.core->school().pupils(cls->id)) out.push_back(p.displayName);
    return out;
}

// The teacher's results area scrolls with the wheel over its right-hand part.
void scrollToResults(UiHarness& h, const std::string& label, const char* role = nullptr) {
    const ImGuiIO& io = ImGui::GetIO();
    h.scrollTo(label, role, ImVec2(io.DisplaySize.x * 0.75f, io.DisplaySize.y * 0.7f));
}

void clearField(UiHarness& h, const std::string& label, size_t nth, int chars) {
    h.click(label, "textbox", nth);
    for (int i = 0; i < chars; ++i) h.key(dlk::test::kKeyBackspace);
}

}  // namespace

TEST_CASE("new class: names typed one a line - blank lines skipped - the count said before the button") {
    UiHarness h;
    h.openTeacherScreen();
    h.click("Naam");
    h.type("Groep 5");
    CHECK(h.has("Er komen 25 codes zonder naam.", "text"));  // no names: the number as before
    h.click("Namen, één per regel", "textbox");
    h.type("Anna de Vries\n\n  Bram \nÇelik\n");
    h.frames(2);
    CHECK(h.has("Er komen 3 leerlingen met naam.", "text"));
    h.click("Maak klas met codes");
    CHECK(namesIn(h, "Groep 5") == std::vector<std::string>{"Anna de Vries", "Bram", "Çelik"});
    // The form is empty again for the next class.
    CHECK(h.has("Er komen 25 codes zonder naam.", "text"));
}

TEST_CASE("new class: a spreadsheet column pasted - a row's cells make one name") {
    UiHarness h;
    h.openTeacherScreen();
    h.click("Naam");
    h.type("Groep 6");
    h.click("Namen, één per regel", "textbox");
    paste(h, "Daan\tJansen\r\nEva\tde Boer\r\n\r\nFenna\r\n");
    CHECK(h.has("Er komen 3 leerlingen met naam.", "text"));
    h.click("Maak klas met codes");
    CHECK(namesIn(h, "Groep 6") == std::vector<std::string>{"Daan Jansen", "Eva de Boer", "Fenna"});
}

TEST_CASE("new class: a name over the limit or too many names is said and refused - never cut") {
    UiHarness h;
    h.openTeacherScreen();
    const size_t before = h.core->school().classes().size();
    h.click("Naam");
    h.type("Groep 4");
    h.click("Namen, één per regel", "textbox");
    paste(h, "Jan\n" + std::string(dlk::kMaxPupilNameChars + 1, 'x') + "\nPiet");
    const std::string tooLong =
        "Regel 2 is langer dan " + std::to_string(dlk::kMaxPupilNameChars) + " tekens. Kort die naam in.";
    CHECK(h.has(tooLong, "text"));
    CHECK_FALSE(h.has("Er komen 3 leerlingen met naam.", "text"));
    h.click("Maak klas met codes");
    CHECK(h.core->school().classes().size() == before);
    CHECK(h.find(tooLong, "text", 1));  // said again as the refusal
    // Too many lines: refused whole, not the first 60.
    clearField(h, "Namen, één per regel", 0, 0);
    ImGuiIO& io = ImGui::GetIO();
    std::string many;
    for (int i = 0; i <= dlk::kMaxNewPupils; ++i) many += "Leerling " + std::to_string(i) + "\n";
    // Select all and replace, as a teacher pasting a new list does.
    io.KeyMap[ImGuiKey_A] = 21;
    io.KeyCtrl = true;
    h.key(21);
    io.KeyCtrl = false;
    paste(h, many);
    const std::string tooMany = "Meer dan " + std::to_string(dlk::kMaxNewPupils) + " namen. Voeg ze in twee keer toe.";
    CHECK(h.has(tooMany, "text"));
    h.click("Maak klas met codes");
    CHECK(h.core->school().classes().size() == before);
}

TEST_CASE("class tab: pupils added by name to an existing class - then by number") {
    UiHarness h;
    openClassTab(h);
    const auto cls = h.core->school().findClass(h.classInfo.className);
    REQUIRE(cls);
    const int before = cls->pupilCount;
    h.click("Namen, één per regel", "textbox", 1);  // the first is the new-class form's
    h.type("Gijs\nHanna\n");
    CHECK(h.has("Er komen 2 leerlingen met naam.", "text"));
    h.click("Voeg leerlingen toe");
    CHECK(h.core->school().findClass(h.classInfo.className)->pupilCount == before + 2);
    const auto names = namesIn(h, h.classInfo.className);
    CHECK(names[names.size() - 2] == "Gijs");
    CHECK(names.back() == "Hanna");
    h.frames(2);
    CHECK(h.has(std::to_string(before + 2) + ". Hanna", "text"));  // listed at once, with a code
    // Nameless codes, as many as typed.
    clearField(h, "Of alleen codes, zonder namen. Aantal:", 1, 4);
    h.type("3");
    h.frames(2);
    CHECK(h.has("Er komen 3 codes zonder naam.", "text"));
    h.click("Voeg leerlingen toe");
    CHECK(h.core->school().findClass(h.classInfo.className)->pupilCount == before + 5);
    CHECK(h.has(std::to_string(before + 5) + ". Leerling " + std::to_string(before + 5), "text"));
}

TEST_CASE("class tab: a number of pupils out of range for a class is said and refused - never clamped") {
    UiHarness h;
    openClassTab(h);
    const int before = h.core->school().findClass(h.classInfo.className)->pupilCount;
    // Too many, none, a negative and a fraction: each said under the field as it is typed, and
    // the button adds no pupil (a clamp would have added 60, 1, 1 or 2).
    for (const std::string typed : {"61", "0", "-4", "2.5", "999999999999"}) {
        CAPTURE(typed);
        clearField(h, "Of alleen codes, zonder namen. Aantal:", 1, 16);
        h.type(typed);
        h.frames(2);
        CHECK(h.has("Kies een aantal van 1 tot 60 leerlingen.", "text"));
        h.click("Voeg leerlingen toe");
        h.frames(2);
        CHECK(h.core->school().findClass(h.classInfo.className)->pupilCount == before);
        // What was typed stays to be put right.
        CHECK(h.has("Kies een aantal van 1 tot 60 leerlingen.", "text"));
    }
    // The most there can be at once is taken as typed.
    clearField(h, "Of alleen codes, zonder namen. Aantal:", 1, 16);
    h.type("60");
    h.frames(2);
    CHECK(h.has("Er komen 60 codes zonder naam.", "text"));
    h.click("Voeg leerlingen toe");
    CHECK(h.core->school().findClass(h.classInfo.className)->pupilCount == before + 60);
}

TEST_CASE("class tab: renamed with the button or Enter - an empty or taken name is refused in Dutch") {
    UiHarness h;
    h.core->school().createClass("Groep 7", h.clockMs);
    openClassTab(h);
    const int64_t id = h.core->school().findClass(h.classInfo.className)->id;
    const int len = static_cast<int>(h.classInfo.className.size());
    clearField(h, "Naam van de klas", 0, len + 2);
    h.click("Naam wijzigen");
    CHECK(h.has("Geef de klas eerst een naam.", "text"));
    h.click("Naam van de klas", "textbox");
    h.type("Groep 7");
    h.click("Naam wijzigen");
    CHECK(h.has("Er is al een klas met deze naam. Kies een andere naam.", "text"));
    CHECK(h.core->school().findClass(h.classInfo.className)->id == id);
    for (const auto& n : dlk::ui::a11yFrame()) CHECK(n.label.find("already exists") == std::string::npos);
    clearField(h, "Naam van de klas", 0, 1);
    h.type("8 Zon");
    h.key(dlk::test::kKeyEnter);  // Enter in the field renames, as the button does
    h.frames(2);
    REQUIRE(h.core->school().findClass("Groep 8 Zon"));
    CHECK(h.core->school().findClass("Groep 8 Zon")->id == id);
    CHECK_FALSE(h.has("Er is al een klas met deze naam. Kies een andere naam.", "text"));
    h.frames(2);
    CHECK(h.has("Groep 8 Zon", "choice"));  // the class list reads the new name at once
}

TEST_CASE("class tab: a pupil moved to another class - Escape leaves them where they are") {
    UiHarness h;
    const int64_t other = h.core->school().createClass("Groep 3", h.clockMs);
    openClassTab(h);
    const auto cls = h.core->school().findClass(h.classInfo.className);
    const auto first = h.core->school().pupils(cls->id).front();
    scrollToResults(h, "Verplaats", "button");
    h.click("Verplaats", "button");
    CHECK(h.has("Naar welke klas gaat " + first.displayName + "?", "text"));
    h.key(dlk::test::kKeyEscape);
    CHECK_FALSE(h.has("Naar welke klas gaat " + first.displayName + "?", "text"));
    CHECK(h.app->screen() == ScreenId::Teacher);  // Escape closed the dialog, not the teacher screen
    CHECK(h.core->school().findPupilByCode(first.code)->classId == cls->id);
    scrollToResults(h, "Verplaats", "button");
    h.click("Verplaats", "button");
    h.click("Groep 3", "button");
    CHECK(h.core->school().findPupilByCode(first.code)->classId == other);
    CHECK(h.core->school().findClass(h.classInfo.className)->pupilCount == cls->pupilCount - 1);
    h.frames(2);
    CHECK_FALSE(h.has("1. " + first.displayName, "text"));  // gone from this class's list
}

TEST_CASE("class tab: delete names the class and what it holds - Escape keeps it - Ja deletes after a backup") {
    UiHarness h;
    h.core->school().createClass("Groep 3", h.clockMs);
    openClassTab(h);
    const auto cls = h.core->school().findClass(h.classInfo.className);
    const auto holdings = h.core->school().classHoldings(cls->id);
    REQUIRE(holdings.answers > 0);
    const auto pupil = h.core->school().pupils(cls->id).front();
    h.click("Klas verwijderen…");
    CHECK(h.has("Klas " + h.classInfo.className + " verwijderen?", "text"));
    CHECK(h.has("In deze klas zitten " + std::to_string(holdings.pupils) + " leerlingen met samen " +
                    std::to_string(holdings.answers) + " antwoorden in " + std::to_string(holdings.attempts) +
                    " modules. Die worden allemaal verwijderd, met hun codes, aanpassingen en beoordelingen.",
                "text"));
    h.key(dlk::test::kKeyEscape);
    CHECK(h.core->school().findClass(h.classInfo.className));
    h.click("Klas verwijderen…");
    h.click("Ja, verwijderen");
    CHECK_FALSE(h.core->school().findClass(h.classInfo.className));
    CHECK_FALSE(h.core->school().findPupilByCode(pupil.code));
    bool backedUp = false;
    for (const auto& f : std::filesystem::directory_iterator(h.dir.path() / "backups"))
        backedUp = backedUp || f.path().filename().string().find("before-deleting-class") != std::string::npos;
    CHECK(backedUp);
    h.frames(2);
    // Another class is shown; the deleted one is in no list.
    CHECK_FALSE(h.has(h.classInfo.className, "choice"));
    CHECK(h.has("Groep 3", "choice"));
}

TEST_CASE(
    "class tab: a new measurement moves the answers to an archived round - Escape keeps them - codes still work") {
    UiHarness h;
    openClassTab(h);
    const auto cls = h.core->school().findClass(h.classInfo.className);
    const auto holdings = h.core->school().classHoldings(cls->id);
    REQUIRE(holdings.answers > 0);
    const auto pupil = h.core->school().pupils(cls->id).front();
    scrollToResults(h, "Nieuwe meting starten…", "button");
    h.click("Nieuwe meting starten…");
    CHECK(h.has("Nieuwe meting voor " + h.classInfo.className + "?", "text"));
    CHECK(h.has("De " + std::to_string(holdings.answers) + " antwoorden in " + std::to_string(holdings.attempts) +
                    " modules gaan naar een gearchiveerde kopie van de klas, die je blijft lezen en vergelijken. De " +
                    std::to_string(holdings.pupils) +
                    " leerlingen houden hun code, naam en aanpassingen en beginnen opnieuw.",
                "text"));
    h.key(dlk::test::kKeyEscape);
    CHECK(h.core->school().earlierRounds(cls->id).empty());
    CHECK(h.app->screen() == ScreenId::Teacher);
    scrollToResults(h, "Nieuwe meting starten…", "button");
    h.click("Nieuwe meting starten…");
    h.click("Ja, nieuwe meting");
    const auto rounds = h.core->school().earlierRounds(cls->id);
    REQUIRE(rounds.size() == 1);
    CHECK(h.core->school().classHoldings(rounds[0].id).answers == holdings.answers);
    CHECK(h.core->school().classHoldings(cls->id).attempts == 0);
    const auto found = h.core->school().findPupilByCode(pupil.code);
    REQUIRE(found);
    CHECK(found->classId == cls->id);
    h.frames(2);
    // The round is listed apart, and the class in use stays chosen.
    CHECK(h.has("Eerdere metingen en archief", "text"));
    CHECK(h.has(rounds[0].name, "choice"));
    CHECK(h.has("Naam van de klas", "textbox"));

    // The archived round, chosen, is read-only: no forms, no move buttons, only delete.
    h.click(rounds[0].name, "choice");
    h.frames(2);
    CHECK(
        h.has("Deze klas is gearchiveerd: alleen te lezen. De codes van de leerlingen werken niet meer. De "
              "resultaten staan bij Scores en Analyse.",
              "text"));
    CHECK_FALSE(h.has("Naam van de klas", "textbox"));
    CHECK_FALSE(h.has("Verplaats", "button"));
    CHECK_FALSE(h.has("Nieuwe meting starten…", "button"));
    CHECK(h.has("Klas verwijderen…", "button"));
}

TEST_CASE("class tab: archiving says what it means - the codes stop working") {
    UiHarness h;
    openClassTab(h);
    const auto cls = h.core->school().findClass(h.classInfo.className);
    const auto pupil = h.core->school().pupils(cls->id).front();
    scrollToResults(h, "Klas archiveren…", "button");
    h.click("Klas archiveren…");
    CHECK(h.has("Klas " + h.classInfo.className + " archiveren?", "text"));
    h.click("Ja, archiveren");
    CHECK(h.core->school().findClass(h.classInfo.className)->archived());
    CHECK_FALSE(h.core->school().findPupilByCode(pupil.code));
}

TEST_CASE("class tab at 200 percent on 1024x600: buttons inside the window") {
    UiHarness h(true, 1024, 600);
    openClassTab(h);
    h.setTextSize(200);
    for (const char* label : {"Naam wijzigen", "Voeg leerlingen toe"}) {
        const auto* n = h.find(label);
        CAPTURE(label);
        REQUIRE(n);
        CHECK(n->min.x >= 0);
        CHECK(n->max.x <= 1024);
    }
    // The new-class form is in the class list, folded into a button on so narrow a screen.
    h.click("Klassen: " + h.classInfo.className, "button");
    const auto* make = h.find("Maak klas met codes");
    REQUIRE(make);
    CHECK(make->min.x >= 0);
    CHECK(make->max.x <= 1024);
    h.click("Sluiten", "button");
    scrollToResults(h, "Klas verwijderen…");
    h.click("Klas verwijderen…");
    for (const char* label : {"Annuleren", "Ja, verwijderen"}) {
        const auto* n = h.find(label);
        CAPTURE(label);
        REQUIRE(n);
        CHECK(n->max.x <= 1024);
        CHECK(n->max.y <= 600);
    }
}

TEST_CASE("class tab by keyboard: Tab reaches the move dialog's class and Enter moves the pupil") {
    UiHarness h;
    const int64_t other = h.core->school().createClass("Groep 2", h.clockMs);
    openClassTab(h);
    const auto cls = h.core->school().findClass(h.classInfo.className);
    const auto first = h.core->school().pupils(cls->id).front();
    scrollToResults(h, "Verplaats", "button");
    h.click("Verplaats", "button");
    REQUIRE(h.has("Naar welke klas gaat " + first.displayName + "?", "text"));
    h.key(dlk::test::kKeyTab);  // the dialog's first control: the one other class
    h.key(dlk::test::kKeyEnter);
    h.frames(2);
    CHECK(h.core->school().findPupilByCode(first.code)->classId == other);
    CHECK_FALSE(h.has("Naar welke klas gaat " + first.displayName + "?", "text"));
}

TEST_CASE("class tab: a pupil's background for research - buttons and a typed year - a wrong year refused") {
    UiHarness h;
    openClassTab(h);
    const auto cls = h.core->school().findClass(h.classInfo.className);
    const auto first = h.core->school().pupils(cls->id).front();
    auto says = [](const std::string& part) {
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.label.find(part) != std::string::npos) return true;
        return false;
    };
    scrollToResults(h, "Gegevens", "button");
    h.click("Gegevens", "button");
    REQUIRE(h.has("Gegevens voor onderzoek", "text"));
    // A year in the future is said and cannot be saved; Escape leaves nothing stored.
    h.click("Geboortejaar (bijvoorbeeld 2014)", "textbox");
    h.type("2049");
    h.frames(2);
    CHECK(says("Deze gegevens kloppen niet"));
    h.key(dlk::test::kKeyEscape);
    h.frames(2);
    CHECK_FALSE(h.has("Gegevens voor onderzoek", "text"));
    CHECK(dlk::loadBackground(h.core->db(), first.id) == dlk::PupilBackground{});
    // Grade, track, year, month and gender chosen and saved.
    scrollToResults(h, "Gegevens", "button");
    h.click("Gegevens", "button");
    h.click("8", "button");  // the grades come before the months
    h.click("po", "button");
    h.click("v", "button");  // before the year: the month's buttons then push the gender further down
    h.click("Geboortejaar (bijvoorbeeld 2014)", "textbox");
    h.type("2014");
    h.frames(2);
    h.click("10", "button");  // the month
    h.click("Opslaan", "button");
    h.frames(2);
    dlk::PupilBackground expected;
    expected.grade = 8;
    expected.track = "po";
    expected.birthYear = 2014;
    expected.birthMonth = 10;
    expected.gender = "v";
    const dlk::PupilBackground stored = dlk::loadBackground(h.core->db(), first.id);
    CHECK(stored.grade == expected.grade);
    CHECK(stored.track == expected.track);
    CHECK(stored.birthYear == expected.birthYear);
    CHECK(stored.birthMonth == expected.birthMonth);
    CHECK(stored.gender == expected.gender);
}
