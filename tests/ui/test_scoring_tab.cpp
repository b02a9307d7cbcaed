// The teacher's scoring tab driven by synthetic input: the logged-in teacher scores (no name is
// typed), one answer at a time without the pupil's code or name, scores given with digits and
// stored with the teacher's id, a blind second round by another teacher (the first scorer never
// gets their own answers there), and the agreement table.
#include <string>

#include "scoring/human_scores.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

void openScoring(UiHarness& h) {
    h.openTeacherScreen();
    h.click("Beoordelen", "button");
}

std::string labelWithPrefix(const std::string& prefix) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind(prefix, 0) == 0) return n.label;
    return {};
}

int storedScores(UiHarness& h, const char* where) {
    auto st = h.core->db().prepare(std::string("SELECT count(*) FROM human_scores WHERE ") + where);
    st.step();
    return static_cast<int>(st.getInt(0));
}

// Types a score for every criterion of the shown answer (a digit each; the lowest score of a
// criterion is 0, so "1" fits every criterion) and saves.
void scoreShown(UiHarness& h, int criteria, char digit) {
    for (int i = 0; i < criteria; ++i) h.type(std::string(1, digit));
    h.click("Opslaan en volgende");
}

}  // namespace

TEST_CASE("scoring tab: the logged-in teacher scores - no name is typed - answers by digit without any pupil's code") {
    UiHarness h;
    dlk::HumanScores hs(h.core->db(), h.core->bank());
    const auto cls = h.core->school().classes().front();
    const auto answers = hs.answers(cls.id);
    REQUIRE(answers.size() >= 2);
    const int64_t admin = h.teacherNamed("Beheerder");
    REQUIRE(admin != 0);
    openScoring(h);
    // Who scores is who gave their PIN: said, never asked.
    CHECK(h.has("Beoordelaar: Beheerder"));
    // No field for a name (the class list's own field for a new class is not the tab's).
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "textbox") {
            CAPTURE(n.label);
            CHECK(n.label.find("beoordelaar") == std::string::npos);
            CHECK(n.label.find("initialen") == std::string::npos);
        }
    CHECK_FALSE(h.has("Andere beoordelaar", "button"));
    const std::string progress = labelWithPrefix("Antwoord 1 van ");
    CHECK(progress == "Antwoord 1 van " + std::to_string(answers.size()) + " (0 beoordeeld)");
    CHECK(h.has("Rubric"));
    CHECK_FALSE(labelWithPrefix("Criterium 1: ").empty());
    // No pupil's code or name anywhere on the screen.
    for (const auto& pupil : h.core->school().pupils(cls.id))
        for (const auto& n : dlk::ui::a11yFrame()) {
            CAPTURE(n.label);
            CHECK(n.label.find(pupil.code) == std::string::npos);
            if (!pupil.displayName.empty()) CHECK(n.label.find(pupil.displayName) == std::string::npos);
        }

    // Saving needs every criterion scored.
    const int criteria = static_cast<int>(dlk::rubricOf(*answers.front().item).criteria.size());
    h.click("Opslaan en volgende");
    CHECK(storedScores(h, "1") == 0);
    scoreShown(h, criteria, '1');
    // Stored with the teacher: their id, and their name as it was.
    CHECK(storedScores(
              h, ("round=1 AND scorer='Beheerder' AND score=1 AND teacher_id=" + std::to_string(admin)).c_str()) ==
          criteria);
    CHECK(storedScores(h, "teacher_id IS NULL") == 0);
    CHECK(labelWithPrefix("Antwoord 2 van ") == "Antwoord 2 van " + std::to_string(answers.size()) + " (1 beoordeeld)");
    // Back to the first: its scores are shown as stored.
    h.click("Vorige");
    CHECK(labelWithPrefix("Antwoord 1 van ").size() > 0);
}

TEST_CASE("scoring tab: the blind second round is another teacher's - the first scorer never gets their own answers") {
    UiHarness h;
    auto& school = h.core->school();
    dlk::HumanScores hs(h.core->db(), h.core->bank());
    hs.setSecondSharePercent(100);  // every answer in the share, so the test knows which come
    const auto cls = school.classes().front();
    const auto answers = hs.answers(cls.id);
    REQUIRE_FALSE(answers.empty());
    const int64_t admin = h.teacherNamed("Beheerder");
    const auto& first = answers.front();
    const size_t criteria = dlk::rubricOf(*first.item).criteria.size();
    for (const auto& a : answers) {
        std::map<std::string, double> s;
        for (const auto& c : dlk::rubricOf(*a.item).criteria) s[c.outcome] = 1;
        hs.record(a.key, 1, s, admin, h.clockMs);
    }
    // Anna, another teacher, with the class.
    REQUIRE(school.checkPin("246813", h.clockMs).result == dlk::PinCheck::Ok);
    const int64_t anna = school.addTeacher("Anna de Vries", "135790", dlk::TeacherRole::Teacher, h.clockMs);
    school.assignClass(cls.id, anna);
    school.lock();

    // The administrator scored every answer first: round 2 has none of them for her.
    h.loginAs("Beheerder", "246813");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    h.click("Beoordelen", "button");
    h.click("Tweede beoordeling (blind)");
    CHECK(h.has("Een tweede beoordelaar scoort 100% van de antwoorden opnieuw, zonder de eerste scores te zien."));
    const std::string own = std::to_string(answers.size()) +
                            (answers.size() == 1 ? " antwoord heb je zelf als eerste beoordeeld: dat beoordeelt een "
                                                   "andere leerkracht de tweede keer."
                                                 : " antwoorden heb je zelf als eerste beoordeeld: die beoordeelt een "
                                                   "andere leerkracht de tweede keer.");
    CHECK(h.has(own));
    CHECK(h.has("Er zijn (nog) geen antwoorden voor een tweede beoordeling."));
    CHECK_FALSE(h.has("Opslaan en volgende", "button"));
    h.type("1111");
    CHECK(storedScores(h, "round=2") == 0);

    // Out, and in as Anna (the same tab object keeps its round): she gets them, blind.
    h.click("Naar leerlingscherm");
    h.loginAs("Anna de Vries", "135790");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    h.click("Beoordelen", "button");
    h.click("Tweede beoordeling (blind)");
    CHECK(h.has("Beoordelaar: Anna de Vries"));
    CHECK_FALSE(h.has(own));
    CHECK(labelWithPrefix("Antwoord 1 van ") == "Antwoord 1 van " + std::to_string(answers.size()) + " (0 beoordeeld)");
    // Round 1's score is not shown pressed; a different score is given.
    scoreShown(h, static_cast<int>(criteria), '0');
    CHECK(storedScores(
              h, ("round=2 AND scorer='Anna de Vries' AND score=0 AND teacher_id=" + std::to_string(anna)).c_str()) ==
          static_cast<int>(criteria));

    h.click("Verschillen");
    CHECK(labelWithPrefix("Antwoord 1 van 1") == "Antwoord 1 van 1 (0 beoordeeld)");
    CHECK(h.has("Oneens: eerste 1, tweede 0. Jouw besluit telt."));

    h.click("Overeenstemming");
    CHECK(h.has("Kappa", "cell"));
    // The share is set here: 100% less 5.
    h.click("Minder");
    CHECK(hs.secondSharePercent() == 95);
    CHECK(h.has(first.key.itemId, "cell"));
    CHECK(h.has("0%", "cell"));  // one answer double-scored, and it disagrees
}

TEST_CASE(
    "scoring tab: the answer is drawn as the pupil left it - or as text - and the stored answers stay as they are") {
    UiHarness h;
    const auto storedAnswers = [&] {
        auto st = h.core->db().prepare("SELECT group_concat(value, '|') FROM (SELECT value FROM responses ORDER BY 1)");
        st.step();
        return st.getText(0);
    };
    const std::string before = storedAnswers();
    openScoring(h);
    // The item's own text is drawn by the pupil's views: only the review draws the task's prompt.
    CHECK(h.has("Als tekst", "button"));
    CHECK(h.has("Rondkijken mag: het antwoord van de leerling verandert niet."));
    const auto promptShown = [&] {
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.label.find("Juf Anna") != std::string::npos || n.label.find("Groep 5") != std::string::npos ||
                n.label.find("poster") != std::string::npos)
                return true;
        return false;
    };
    const bool drawnAsPupil = promptShown();
    h.click("Als tekst", "button");
    CHECK(h.has("Zoals de leerling het zag", "button"));
    CHECK_FALSE(h.has("Rondkijken mag: het antwoord van de leerling verandert niet."));
    h.click("Zoals de leerling het zag", "button");
    CHECK(drawnAsPupil);
    // Every answer of the class drawn once, with Tab through every control of each: nothing is stored.
    for (int i = 0; i < 40 && h.has("Volgende", "button"); ++i) {
        for (int k = 0; k < 6; ++k) h.key(dlk::test::kKeyTab);
        h.click("Volgende", "button");
    }
    CHECK(storedAnswers() == before);
}
