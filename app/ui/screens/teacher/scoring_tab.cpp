// Rubric scoring by the teacher (scoring/human_scores.h does the work): the logged-in teacher
// scores, one answer at a time, without the pupil's code or name, beside the item's rubric, with a
// row of score buttons per criterion; every score is stored with the teacher's id. Rounds: the
// first scoring, a blind second scoring of a share of the answers by another teacher (an answer
// the teacher scored first is never theirs to look at again), a third look at disagreements; and
// the agreement per criterion.
// Keyboard: Tab moves between the controls, a digit gives the current criterion that score and
// moves on to the next criterion.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "delivery/review_session.h"
#include "scoring/human_scores.h"
#include "support/logger.h"
#include "support/translator.h"
#include "ui/app.h"
#include "ui/screens/teacher/fitted_table.h"
#include "ui/screens/teacher/teacher_tab.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/item_view.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

// The answer's content as lines of text, as the pupil made it: a text as written; anything with
// structure (a mail, a poster, a program) one "field: value" line per leaf. A JSON document a
// simulated environment stored in a string is opened up the same way.
void jsonLines(const Json& j, const std::string& path, std::vector<std::string>& out, int depth) {
    if (depth > 8 || out.size() > 200) return;  // a hostile answer cannot flood the screen
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            jsonLines(it.value(), path.empty() ? it.key() : path + " › " + it.key(), out, depth + 1);
    } else if (j.is_array()) {
        int i = 0;
        for (const auto& e : j) jsonLines(e, path + " " + std::to_string(++i), out, depth + 1);
    } else if (j.is_string()) {
        const std::string s = j.get<std::string>();
        if (!s.empty() && (s.front() == '{' || s.front() == '[')) {
            try {
                jsonLines(parseJson(s, "answer"), path, out, depth + 1);
                return;
            } catch (const Error&) {
                // Not JSON after all: the text as written.
            }
        }
        out.push_back(path.empty() ? s : path + ": " + s);
    } else if (!j.is_null()) {
        out.push_back(path.empty() ? j.dump() : path + ": " + j.dump());
    }
}

std::vector<std::string> answerLines(const HumanAnswer& a) {
    std::vector<std::string> out;
    for (const auto& [id, v] : a.responses) {
        const std::string name = a.responses.size() > 1 ? id : std::string();
        // An empty part is said, so the scorer knows it was looked at (a mail never sent).
        if (v.isNull())
            out.push_back(name.empty() ? tr("(leeg)") : name + ": " + tr("(leeg)"));
        else
            jsonLines(valueToJson(v), name, out, 0);
    }
    return out;
}

class ScoringTab : public TeacherTab {
public:
    void draw(App& app, TeacherTabContext& context) override;

private:
    void reload(App& app, int64_t classId);
    void loadChoices(App& app);
    void scoreAnswer(App& app, TeacherTabContext& context);
    void agreementTable(App& app, int64_t classId);
    void roundButtons(App& app, int64_t classId);
    void shareLine(App& app, int64_t classId, bool settable);
    // The shown answer as the pupil left it (a poster as a poster), or its fields as text.
    void answerPanel(App& app, const HumanAnswer& a, float width);
    // A criterion's row of score buttons, under its text in the rubric.
    void scoreButtons(const RubricCriterion& c, size_t k, size_t criteria);

    int64_t m_teacherId = 0;  // the logged-in teacher the answers were read for: who scores
    int m_round = 1;          // 1, 2, 3; 0 shows the agreement
    int64_t m_classId = -1;
    std::vector<HumanAnswer> m_answers;  // the round's answers, in the keyed order
    size_t m_ownFirst = 0;               // round 2: the share's answers this teacher scored first (left out)
    std::vector<bool> m_done;            // per answer: this round scored for every criterion
    size_t m_index = 0;
    std::map<std::string, int> m_choice;  // the criteria's chosen scores for the shown answer
    size_t m_current = 0;                 // the criterion a typed digit scores
    bool m_scrollToCurrent = false;       // the rubric scrolls to it once after it changed
    std::string m_error;
    std::optional<std::vector<CriterionAgreement>> m_agreement;  // none: to be read (see reload)
    // The answer drawn by the pupil's own views, over a throwaway copy (delivery/review_session.h),
    // made when another answer is shown.
    std::unique_ptr<ReviewSession> m_review;
    ItemViewState m_reviewState;
    std::optional<AnswerKey> m_reviewKey;
    std::string m_reviewError;  // why the answer cannot be drawn as the pupil saw it
    bool m_asText = false;      // the teacher chose the answer's fields as text
    int64_t m_agreementClass = 0;
    std::string m_agreementError;
};

void ScoringTab::reload(App& app, int64_t classId) {
    m_classId = classId;
    m_agreement.reset();  // scores or the share changed: the agreement table is read again
    m_reviewKey.reset();  // and the answers too: the shown one is drawn afresh
    HumanScores hs(app.core().db(), app.core().bank());
    m_answers.clear();
    m_done.clear();
    m_ownFirst = 0;
    try {
        std::vector<HumanAnswer> all = hs.answers(classId);
        std::set<AnswerKey> open;
        if (m_round >= 1)
            for (const HumanAnswer& a : hs.queue(classId, m_round, all)) open.insert(a.key);
        const auto isOpen = [&](const HumanAnswer& a) { return open.count(a.key) > 0; };
        std::vector<AnswerKey> disputed;
        if (m_round == 3)
            for (const Disagreement& d : hs.disagreements(classId)) disputed.push_back(d.key);
        for (HumanAnswer& a : all) {
            const bool inRound = m_round == 1   ? true
                                 : m_round == 2 ? a.inSecondShare
                                                : std::find(disputed.begin(), disputed.end(), a.key) != disputed.end();
            if (!inRound) continue;
            // Round 2 never shows a teacher an answer they scored first: another teacher looks again.
            if (m_round == 2 && hs.scorerTeacher(a.key, 1) == m_teacherId) {
                ++m_ownFirst;
                continue;
            }
            m_done.push_back(!isOpen(a));
            m_answers.push_back(std::move(a));
        }
    } catch (const Error& e) {
        m_error = teacherError(tr("De antwoorden konden niet worden gelezen."), e, "scoring: reading answers");
    }
    // Start at the first answer still to do.
    m_index = 0;
    for (size_t i = 0; i < m_done.size(); ++i)
        if (!m_done[i]) {
            m_index = i;
            break;
        }
    loadChoices(app);
}

void ScoringTab::loadChoices(App& app) {
    m_choice.clear();
    m_current = 0;
    if (m_index >= m_answers.size() || m_round < 1) return;
    HumanScores hs(app.core().db(), app.core().bank());
    // Only this round's own scores: round 2 is blind to round 1.
    m_choice = hs.scores(m_answers[m_index].key, m_round);
}

void ScoringTab::scoreButtons(const RubricCriterion& c, size_t k, size_t criteria) {
    const Palette& p = palette();
    ImGui::PushID(c.outcome.c_str());
    char head[64];
    std::snprintf(head, sizeof head, tr("Criterium %zu"), k + 1);
    // The criterion a typed digit scores is marked (colour and an arrow, for high contrast) and
    // scrolled into view when a digit moves on to it.
    const std::string label = (k == m_current ? "▶ " : "  ") + std::string(head);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, k == m_current ? p.accent : p.text);
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopStyleColor();
    a11yRecord("text", head, k == m_current);
    if (k == m_current && m_scrollToCurrent) {
        ImGui::SetScrollHereY(0.3f);
        m_scrollToCurrent = false;
    }
    const auto chosen = m_choice.find(c.outcome);
    const float right = ImGui::GetContentRegionMax().x;
    for (int v = c.minScore; v <= c.maxScore; ++v) {
        ImGui::SameLine(v == c.minScore ? em(8) : 0.0f);
        if (v != c.minScore && ImGui::GetCursorPosX() + em(3) > right) {  // large text, a small window
            ImGui::NewLine();
            ImGui::SetCursorPosX(em(8));
        }
        const std::string score = std::to_string(v);
        if (bigButton(score.c_str(), chosen != m_choice.end() && chosen->second == v, em(3))) {
            m_choice[c.outcome] = v;
            m_current = std::min(k + 1, criteria - 1);
            m_scrollToCurrent = true;
        }
    }
    ImGui::PopID();
}

void ScoringTab::answerPanel(App& app, const HumanAnswer& a, float width) {
    const Palette& p = palette();
    char title[300];
    std::snprintf(title, sizeof title, tr("Het antwoord (vraag %s)"), a.item->title.c_str());
    wrappedText(title, app.fonts().bold);
    if (bigButton(m_asText ? tr("Zoals de leerling het zag") : tr("Als tekst"), false)) m_asText = !m_asText;
    if (!m_asText && m_reviewKey != a.key) {
        m_review.reset();
        m_reviewState = ItemViewState{};
        m_reviewError.clear();
        m_reviewKey = a.key;
        try {
            m_review = std::make_unique<ReviewSession>(sharedItemOf(app.core().bank(), a.moduleId, a.item), a.language,
                                                       a.responses, app.now());
        } catch (const std::exception& e) {
            m_reviewError = e.what();
            logWarning(std::string("scoring: the answer cannot be shown as the pupil saw it: ") + e.what());
        }
    }
    if (m_asText || !m_review) {
        if (!m_asText && !m_reviewError.empty())
            wrappedText(tr("Dit antwoord kan niet worden getoond zoals de leerling het zag; hier staat het als tekst."),
                        nullptr, p.mutedText);
        for (const std::string& line : answerLines(a)) wrappedText(line);
        return;
    }
    wrappedText(tr("Rondkijken mag: het antwoord van de leerling verandert niet."), nullptr, p.mutedText);
    ItemView view(m_review->session(), m_reviewState, app.fonts(), app.now());
    view.setImages(app.images());
    ImGui::BeginGroup();
    view.draw(std::max(em(10), width - ImGui::GetStyle().WindowPadding.x * 2 - ImGui::GetStyle().ScrollbarSize));
    ImGui::EndGroup();
}

void ScoringTab::roundButtons(App& app, int64_t classId) {
    struct Choice {
        int round;
        const char* label;
    };
    const Choice choices[] = {{1, N_("Eerste beoordeling")},
                              {2, N_("Tweede beoordeling (blind)")},
                              {3, N_("Verschillen")},
                              {0, N_("Overeenstemming")}};
    // The buttons wrap onto the next line when the window or the text size leaves no room.
    const float right = ImGui::GetContentRegionMax().x;
    bool first = true;
    for (const Choice& c : choices) {
        const char* label = tr(c.label);
        const float w = ImGui::CalcTextSize(label).x + em(2);
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        first = false;
        if (bigButton(label, m_round == c.round, w) && m_round != c.round) {
            m_round = c.round;
            m_error.clear();
            reload(app, classId);
        }
    }
}

void ScoringTab::draw(App& app, TeacherTabContext& context) {
    const Palette& p = palette();
    // The scorer is whoever gave their PIN: another teacher scores after logging in with theirs.
    const auto me = app.core().school().loggedInTeacher();
    if (!me) {
        wrappedText(tr("Log in met je eigen pincode om te beoordelen."));
        return;
    }
    if (m_classId != context.cls.id || m_teacherId != me->id) {
        m_teacherId = me->id;
        reload(app, context.cls.id);
    }

    char who[200];
    std::snprintf(who, sizeof who, tr("Beoordelaar: %s"), me->name.c_str());
    wrappedText(who, nullptr, p.mutedText);
    roundButtons(app, context.cls.id);
    if (!m_error.empty()) wrappedText(m_error, nullptr, p.danger);
    if (m_round == 0) {
        agreementTable(app, context.cls.id);
        return;
    }
    scoreAnswer(app, context);
}

void ScoringTab::scoreAnswer(App& app, TeacherTabContext& context) {
    const Palette& p = palette();
    if (m_round == 2) {
        shareLine(app, context.cls.id, false);
        if (m_ownFirst > 0) {
            char own[240];
            std::snprintf(own, sizeof own,
                          m_ownFirst == 1 ? tr("%zu antwoord heb je zelf als eerste beoordeeld: dat beoordeelt een "
                                               "andere leerkracht de tweede keer.")
                                          : tr("%zu antwoorden heb je zelf als eerste beoordeeld: die beoordeelt een "
                                               "andere leerkracht de tweede keer."),
                          m_ownFirst);
            wrappedText(own, nullptr, p.mutedText);
        }
    }
    if (m_answers.empty()) {
        wrappedText(m_round == 1   ? tr("Deze klas heeft geen antwoorden die een leerkracht beoordeelt.")
                    : m_round == 2 ? tr("Er zijn (nog) geen antwoorden voor een tweede beoordeling.")
                                   : tr("Er zijn geen verschillen tussen de eerste en tweede beoordeling."));
        return;
    }
    const size_t done = static_cast<size_t>(std::count(m_done.begin(), m_done.end(), true));
    char progress[200];
    std::snprintf(progress, sizeof progress, tr("Antwoord %zu van %zu (%zu beoordeeld)"), m_index + 1, m_answers.size(),
                  done);

    const HumanAnswer& a = m_answers[m_index];
    Rubric rubric;
    try {
        rubric = rubricOf(*a.item);
    } catch (const Error& e) {
        wrappedText(e.what(), nullptr, p.danger);
        return;
    }
    HumanScores hs(app.core().db(), app.core().bank());
    std::map<std::string, int> first, second;
    if (m_round == 3) {  // a third look sees both scores: it settles what they disagree on
        first = hs.scores(a.key, 1);
        second = hs.scores(a.key, 2);
    }

    // A digit scores the current criterion and moves on; Tab reaches every button.
    if (!ImGui::GetIO().WantTextInput) {
        ImGuiIO& io = ImGui::GetIO();
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
            const ImWchar c = io.InputQueueCharacters[i];
            if (c < '0' || c > '9' || rubric.criteria.empty()) continue;
            const RubricCriterion& crit = rubric.criteria[std::min(m_current, rubric.criteria.size() - 1)];
            const int v = c - '0';
            if (v >= crit.minScore && v <= crit.maxScore) {
                m_choice[crit.outcome] = v;
                m_current = std::min(m_current + 1, rubric.criteria.size() - 1);
                m_scrollToCurrent = true;
            }
        }
    }

    // The answer on the left, as large as the window allows; on the right the rubric with each
    // criterion's score buttons under its text, so a teacher reads a criterion and scores it in one
    // place. Only the navigation stays below both.
    const float avail = ImGui::GetContentRegionAvail().x;
    // The second scoring is someone else's: said before the teacher scores, and saving is refused
    // (the core refuses it too, whatever a screen does).
    // (An answer scored first since the list was read, in another kiosk window or a moment ago.)
    const bool ownFirst = m_round == 2 && hs.scorerTeacher(a.key, 1) == m_teacherId;
    const char* ownFirstText =
        tr("Je hebt dit antwoord zelf als eerste beoordeeld. Een andere beoordelaar scoort het de tweede keer.");
    // Worked out, not measured from the last frame, so a new answer is laid out right in its
    // first frame: the navigation row (bigButton: 2.6 em), plus the warning when it shows.
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    float buttonsH = em(2.6f) + 2 * spacing;
    if (ownFirst) buttonsH += ImGui::CalcTextSize(ownFirstText, nullptr, false, avail).y + spacing;
    ImGui::PushFont(app.fonts().bold);
    const float progressW = ImGui::CalcTextSize(progress).x;
    ImGui::PopFont();
    if (em(30) + 3 * ImGui::GetStyle().ItemSpacing.x + progressW > avail)  // the progress goes under the buttons
        buttonsH += ImGui::GetTextLineHeightWithSpacing();
    // On a small screen the panels keep room to read in, and the tab scrolls to the buttons.
    const float height = std::max(em(14), ImGui::GetContentRegionAvail().y - buttonsH);
    const bool sideBySide = avail > em(40);
    const float answerW = sideBySide ? avail * 0.55f : avail;
    // The answer, as the pupil made it; never who made it.
    ImGui::BeginChild("answer", ImVec2(answerW, sideBySide ? height : height * 0.5f), true);
    answerPanel(app, a, answerW);
    ImGui::EndChild();
    if (sideBySide) ImGui::SameLine();
    ImGui::BeginChild("rubric", ImVec2(0, sideBySide ? height : height * 0.5f), true);
    wrappedText(tr("Rubric"), app.fonts().bold);
    if (!rubric.introduction.empty()) wrappedText(rubric.introduction, nullptr, p.mutedText);
    // Lines that are no criterion of their own describe the parts of one score (a SCORE for the
    // whole task): shown as guidance.
    for (const RubricLine& line : rubric.lines) {
        const bool own = std::any_of(rubric.criteria.begin(), rubric.criteria.end(),
                                     [&](const RubricCriterion& c) { return c.outcome == line.criterion; });
        if (own) continue;
        std::string text = "• " + line.text;
        if (!line.maxScore.empty()) {
            char pts[64];
            std::snprintf(pts, sizeof pts, tr(" (max. %s)"), line.maxScore.c_str());
            text += pts;
        }
        wrappedText(text);
    }
    for (size_t k = 0; k < rubric.criteria.size(); ++k) {
        const RubricCriterion& c = rubric.criteria[k];
        ImGui::Dummy(em(0, 0.3f));
        char head[200];
        std::snprintf(head, sizeof head, tr("Criterium %zu: %d tot %d punten"), k + 1, c.minScore, c.maxScore);
        wrappedText(head, app.fonts().bold);
        if (!c.description.empty()) wrappedText(c.description);
        if (m_round == 3) {
            const auto f = first.find(c.outcome);
            const auto s = second.find(c.outcome);
            if (f != first.end() && s != second.end()) {
                char both[160];
                std::snprintf(both, sizeof both,
                              f->second == s->second ? tr("Eens: beide beoordelaars gaven %d.")
                                                     : tr("Oneens: eerste %d, tweede %d. Jouw besluit telt."),
                              f->second, s->second);
                wrappedText(both, nullptr, f->second == s->second ? p.mutedText : p.warning);
            }
        }
        scoreButtons(c, k, rubric.criteria.size());
    }
    ImGui::EndChild();

    if (ownFirst) wrappedText(ownFirstText, nullptr, p.warning);
    // In round 3 only the disputed criteria are scored; elsewhere every criterion.
    std::map<std::string, double> toSave;
    bool complete = true;
    for (const RubricCriterion& c : rubric.criteria) {
        if (m_round == 3) {
            const auto f = first.find(c.outcome);
            const auto s = second.find(c.outcome);
            if (f == first.end() || s == second.end() || f->second == s->second) continue;
        }
        const auto it = m_choice.find(c.outcome);
        if (it == m_choice.end())
            complete = false;
        else
            toSave[c.outcome] = it->second;
    }
    if (bigButton(tr("Vorige"), false, em(8), m_index > 0) && m_index > 0) {
        --m_index;
        loadChoices(app);
    }
    ImGui::SameLine();
    const bool canSave = complete && !toSave.empty() && !ownFirst;
    if (bigButton(tr("Opslaan en volgende"), true, em(14), canSave) && canSave) {
        try {
            hs.record(a.key, m_round, toSave, m_teacherId, app.now());
            m_agreement.reset();
            m_done[m_index] = true;
            m_error.clear();
            if (m_index + 1 < m_answers.size()) ++m_index;
            loadChoices(app);
        } catch (const Error& e) {
            m_error = teacherError(tr("De score is niet opgeslagen."), e, "scoring: score not stored");
        }
    }
    ImGui::SameLine();
    if (bigButton(tr("Volgende"), false, em(8), m_index + 1 < m_answers.size()) && m_index + 1 < m_answers.size()) {
        ++m_index;
        loadChoices(app);
    }
    // Where the teacher is, beside the buttons that move on: the answers keep the room above.
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + progressW > ImGui::GetContentRegionMax().x) ImGui::NewLine();
    ImGui::AlignTextToFramePadding();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (em(2.6f) - ImGui::GetFrameHeight()) / 2);
    ImGui::PushFont(app.fonts().bold);
    ImGui::TextUnformatted(progress);
    ImGui::PopFont();
    a11yRecord("text", progress);
}

// The share scored a second time, said in one line; with `settable` the buttons that change it
// (on the agreement view, so the scoring rounds keep their room for the answer).
void ScoringTab::shareLine(App& app, int64_t classId, bool settable) {
    HumanScores hs(app.core().db(), app.core().bank());
    int share = hs.secondSharePercent();
    char line[200];
    std::snprintf(line, sizeof line,
                  tr("Een tweede beoordelaar scoort %d%% van de antwoorden opnieuw, zonder de eerste scores te zien."),
                  share);
    wrappedText(line, nullptr, palette().mutedText);
    if (!settable) return;
    const int before = share;
    if (bigButton(tr("Minder"), false, em(6), share > 0)) share = std::max(0, share - 5);
    ImGui::SameLine();
    if (bigButton(tr("Meer"), false, em(6), share < 100)) share = std::min(100, share + 5);
    if (share == before) return;
    try {
        hs.setSecondSharePercent(share);
        reload(app, classId);
    } catch (const Error& e) {
        m_error = teacherError(tr("Het deel is niet opgeslagen."), e, "scoring: second share");
    }
}

void ScoringTab::agreementTable(App& app, int64_t classId) {
    const Palette& p = palette();
    shareLine(app, classId, true);
    // Read once per class and after every change (reload), not on every frame the table is drawn.
    if (!m_agreement || m_agreementClass != classId) {
        m_agreementClass = classId;
        try {
            m_agreement = HumanScores(app.core().db(), app.core().bank()).agreement(classId);
            m_agreementError.clear();
        } catch (const Error& e) {
            m_agreement = std::vector<CriterionAgreement>{};
            m_agreementError =
                teacherError(tr("De overeenstemming kon niet worden berekend."), e, "scoring: agreement");
        }
    }
    if (!m_agreementError.empty()) {
        wrappedText(m_agreementError, nullptr, p.danger);
        return;
    }
    const std::vector<CriterionAgreement>& rows = *m_agreement;
    wrappedText(tr("Per criterium: hoeveel antwoorden twee keer zijn beoordeeld, hoe vaak precies dezelfde score "
                   "werd gegeven, en Cohens kappa (1 = volledig eens, 0 = niet beter dan toeval)."),
                nullptr, p.mutedText);
    if (rows.empty()) {
        wrappedText(tr("Nog geen antwoorden twee keer beoordeeld."));
        return;
    }
    std::vector<const char*> headers = {tr("Vraag"), tr("Criterium"), tr("Aantal"), tr("Precies gelijk"), tr("Kappa")};
    FittedTable fit(headers, app.fonts().bold, em(6));
    std::vector<std::vector<std::string>> cells;
    for (const CriterionAgreement& r : rows) {
        char pct[32], kappa[64];
        std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * r.exactShare());
        if (r.kappa)
            std::snprintf(kappa, sizeof kappa, "%.2f", *r.kappa);
        else  // every answer got one and the same score from both: kappa is not defined
            std::snprintf(kappa, sizeof kappa, "%s", tr("– (steeds dezelfde score)"));
        std::vector<std::string> row = {r.itemId, r.outcome, std::to_string(r.doubleScored), pct, kappa};
        for (size_t c = 0; c < row.size(); ++c) fit.measure(c, row[c]);
        cells.push_back(std::move(row));
    }
    if (!fit.begin("agreement", std::max(em(6), ImGui::GetContentRegionAvail().y))) return;
    fit.headerRow();
    for (const auto& row : cells) {
        ImGui::TableNextRow(0, em(1.8f));
        for (const std::string& cell : row) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(cell.c_str());
            a11yRecord("cell", cell);
        }
    }
    fit.end();
}

}  // namespace

std::unique_ptr<TeacherTab> makeScoringTab() {
    return std::make_unique<ScoringTab>();
}

}  // namespace dlk::ui
