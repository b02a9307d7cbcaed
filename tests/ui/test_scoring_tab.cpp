// The teacher's scoring tab driven by synthetic input: who scores, one answer at a time without
// the pupil's code or name, scores given with digits, a blind second round by someone else, the
// refusal of the first scorer there, and the agreement table.
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

TEST_CASE("scoring tab: the teacher names themself - scores answers by digit - without any pupil's code or name") {
    UiHarness h;
    dlk::HumanScores hs(h.core->db(), h.core->bank());
    const auto cls = h.core->school().classes().front();
    const auto answers = hs.answers(cls.id);
    REQUIRE(answers.size() >= 2);
    openScoring(h);
    CHECK(h.has("Naam of initialen van de beoordelaar", "textbox"));
    // Nothing can begin without a name.
    h.click("Beginnen");
    CHECK(h.has("Naam of initialen van de beoordelaar", "textbox"));
    h.click("Naam of initialen van de beoordelaar", "textbox");
    h.type("AB");
    h.click("Beginnen");
    CHECK(h.has("Beoordelaar: AB"));
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
    CHECK(storedScores(h, "round=1 AND scorer='AB' AND score=1") == criteria);
    CHECK(labelWithPrefix("Antwoord 2 van ") == "Antwoord 2 van " + std::to_string(answers.size()) + " (1 beoordeeld)");
    // Back to the first: its scores are shown as stored.
    h.click("Vorige");
    CHECK(labelWithPrefix("Antwoord 1 van ").size() > 0);
}

TEST_CASE("scoring tab: a blind second round by another scorer - the first scorer refused - then the agreement") {
    UiHarness h;
    dlk::HumanScores hs(h.core->db(), h.core->bank());
    hs.setSecondSharePercent(100);  // every answer in the share, so the test knows which come
    const auto cls = h.core->school().classes().front();
    const auto answers = hs.answers(cls.id);
    REQUIRE_FALSE(answers.empty());
    const auto& first = answers.front();
    std::map<std::string, double> ones;
    for (const auto& c : dlk::rubricOf(*first.item).criteria) ones[c.outcome] = 1;
    for (const auto& a : answers) {
        std::map<std::string, double> s;
        for (const auto& c : dlk::rubricOf(*a.item).criteria) s[c.outcome] = 1;
        hs.record(a.key, 1, s, "AB", h.clockMs);
    }
    openScoring(h);
    h.type("ab");
    h.click("Beginnen");
    h.click("Tweede beoordeling (blind)");
    CHECK(h.has("Een tweede beoordelaar scoort 100% van de antwoorden opnieuw, zonder de eerste scores te zien."));
    // The first scorer cannot score the second round: said, refused, nothing stored.
    CHECK(h.has("Je hebt dit antwoord zelf als eerste beoordeeld. Een andere beoordelaar scoort het de tweede keer."));
    scoreShown(h, static_cast<int>(ones.size()), '1');
    CHECK(storedScores(h, "round=2") == 0);

    h.click("Andere beoordelaar");
    h.type("CD");
    h.click("Beginnen");
    CHECK(h.has("Beoordelaar: CD"));
    // Round 1's score is not shown pressed; a different score is given.
    scoreShown(h, static_cast<int>(ones.size()), '0');
    CHECK(storedScores(h, "round=2 AND scorer='CD' AND score=0") == static_cast<int>(ones.size()));

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
    h.click("Naam of initialen van de beoordelaar", "textbox");
    h.type("AB");
    h.click("Beginnen");
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
