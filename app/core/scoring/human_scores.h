#pragma once
// Scores a person gives (outcomes declared externalScored="human": the rubric criteria of the
// large tasks), stored per answer, criterion and round, with who gave them and when:
//   round 1  the first scorer;
//   round 2  a blind second scorer, for a deterministic share of the answers (default 20%);
//            never the scorer of round 1, and never shown round 1's score;
// A scorer is a teacher of the school, known by their id (the name they had is kept beside it).
// A score from before schema 10 has only the name or initials typed then: its scorer is distinct
// from every teacher, so a teacher can give the second look to such an answer.
//   round 3  a third look at a criterion whose rounds 1 and 2 disagree: it decides.
// The final score of a criterion is round 3 when given, else round 1 when there is no round 2 or
// both agree; two rounds that disagree without a third look are "not yet scored". Final scores
// are what response processing receives as its external outcomes (results/class_results.cpp), so
// they flow into SCORE, raw scores, scale scores and the export; a criterion without a final
// score keeps the item waiting for the teacher and is counted nowhere, never as 0.
//
// No pupil's code or name is read here: an answer is known by its attempt's internal id, which
// no screen shows, and answers are ordered by a keyed hash, not by who made them.
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bank/item_bank.h"
#include "qti/item.h"
#include "qti/processing.h"
#include "storage/database.h"

namespace dlk {

// A criterion a person scores with more points than this is refused (a hostile or mistaken
// normal-maximum would otherwise ask for a row of a million buttons).
inline constexpr int kMaxRubricPoints = 20;
inline constexpr int kDefaultSecondSharePercent = 20;

// One criterion a person scores: an outcome with externalScored="human", its whole-point range
// and what the item's rubric says about it.
struct RubricCriterion {
    std::string outcome;      // the outcome's identifier
    int minScore = 0;         // normal-minimum, else 0
    int maxScore = 0;         // normal-maximum, else the rubric's data-max-score, else the item's MAXSCORE for SCORE
    std::string description;  // the rubric's line for this criterion (data-criterion), or empty
};

// A line of the scorer's rubric: a criterion with its points and text. Lines whose criterion is
// no outcome (the parts of a task the teacher scores as one SCORE) are shown as guidance.
struct RubricLine {
    std::string criterion;  // data-criterion, may be empty
    std::string maxScore;   // data-max-score as written, may be empty
    std::string text;
};

struct Rubric {
    std::string introduction;  // the rubric's text outside its list of criteria
    std::vector<RubricLine> lines;
    std::vector<RubricCriterion> criteria;  // in declaration order
};

// The item's rubric for a scorer (qti-rubric-block view="scorer") and its human-scored criteria.
// Throws Error(Invalid) "file:line: ..." for a criterion without a maximum, with a fractional or
// reversed range, or with more than kMaxRubricPoints points.
Rubric rubricOf(const Item& item);

struct AnswerKey {
    int64_t attemptId = 0;
    std::string itemId;
    auto operator<=>(const AnswerKey&) const = default;
};

// An answer a person scores: never the pupil's code or name.
struct HumanAnswer {
    AnswerKey key;
    int64_t classId = 0;  // to show a class's answers; never shown
    std::string moduleId;
    std::string language;
    const Item* item = nullptr;  // in the bank given to HumanScores; valid as long as it is
    VariableMap responses;
    bool inSecondShare = false;  // chosen for a blind second scoring
};

// Cohen's kappa (unweighted) of paired scores: (po - pe) / (1 - pe), with po the share of pairs
// that agree and pe the agreement expected by chance from each scorer's own distribution of
// scores. None for no pairs, and none when pe is 1: both scorers gave every answer one and the
// same score, so chance explains all the agreement and kappa is 0/0; exact agreement (100%) is
// then all there is to say.
std::optional<double> cohensKappa(const std::vector<std::pair<int, int>>& pairs);

struct CriterionAgreement {
    std::string itemId;
    std::string outcome;
    int doubleScored = 0;  // answers with both round 1 and round 2
    int exact = 0;         // of those, the same score
    std::optional<double> kappa;
    double exactShare() const { return doubleScored ? static_cast<double>(exact) / doubleScored : 0; }
};

struct Disagreement {
    AnswerKey key;
    std::string outcome;
    int first = 0, second = 0;
    std::optional<int> third;  // the decision, once given
};

class HumanScores {
public:
    // `bank` must outlive this object (HumanAnswer::item points into it).
    HumanScores(Database& db, const ItemBank& bank);

    // Every answered item with human-scored criteria in class `classId` (0: the whole school), in
    // the order of a keyed hash of the answer (the key is made once per school and kept in
    // meta), so the order says nothing about which pupil made it or when. Practice modules and
    // items whose rubric is refused (rubricOf) are left out, the latter with a warning in the log.
    std::vector<HumanAnswer> answers(int64_t classId);

    // The answers still needing `round` (1, 2 or 3), in the same order: round 1, some criterion
    // has no first score; round 2, in the second share with every criterion scored in round 1
    // and some not in round 2; round 3, some criterion whose rounds disagree has no third score.
    std::vector<HumanAnswer> queue(int64_t classId, int round);
    // The same from answers already read with answers(classId), for a screen that needs both.
    std::vector<HumanAnswer> queue(int64_t classId, int round, std::vector<HumanAnswer> answers);

    // The share of answers scored a second time, per item: the first ceil(share × n) of an
    // item's answers in the keyed order, so the same answers are chosen after a restart.
    int secondSharePercent();
    void setSecondSharePercent(int percent);  // 0..100, else Error(Invalid)

    // Stores one round's scores for some or all criteria of an answer, given by the teacher
    // `teacherId` (the logged-in teacher; their name as it is now is kept with the score), in one
    // transaction. Refused with Error(Invalid) and nothing stored: an unknown answer, criterion or
    // teacher, a score outside the criterion's range or not a whole number, a round other than
    // 1-3; round 2 for an answer outside the share, before round 1, or by round 1's teacher;
    // round 1 by round 2's teacher; round 3 for a criterion whose rounds do not disagree. A round
    // given again replaces its score.
    void record(const AnswerKey& key, int round, const std::map<std::string, double>& scores, int64_t teacherId,
                int64_t nowMs);

    // One round's scores of an answer (so round 2's screen can be given round 2's only).
    std::map<std::string, int> scores(const AnswerKey& key, int round);
    // Who scored the answer in `round` (the first criterion's scorer): the name kept with the
    // score, or empty.
    std::string scorer(const AnswerKey& key, int round);
    // The teacher who scored the answer in `round`: their id, or 0 when nobody did or the score
    // is from before schema 10 (a typed scorer, no teacher). A screen warns with it before the
    // record() that would be refused.
    int64_t scorerTeacher(const AnswerKey& key, int round);
    // The final scores of an answer's criteria; a criterion without one is absent.
    std::map<std::string, int> finalScores(const AnswerKey& key);

    std::vector<CriterionAgreement> agreement(int64_t classId);
    std::vector<Disagreement> disagreements(int64_t classId);

private:
    std::string orderKey();
    const Item* findItem(const std::string& moduleId, const std::string& language, const std::string& itemId) const;

    Database& m_db;
    const ItemBank& m_bank;
};

// The final human scores of one attempt after another, as the external outcomes response processing takes (typed as
// each outcome is declared; an outcome the item no longer has a person score is left out). Made for a scoring pass
// that takes the attempts in id order: each attempt's scores are read where the last one's ended, on a statement of
// this reader's own, so each thread of a pass has its own reader and a school's hundreds of thousands of scores are
// never all in memory. Needs no key and writes nothing, so a read-only export can use it. Throws dlk::Error from
// storage.
class FinalHumanOutcomes {
public:
    explicit FinalHumanOutcomes(Database& db);
    struct OfItem {
        std::string itemId;
        VariableMap outcomes;  // by outcome id: at least one
    };
    // Attempt `attemptId`'s, per item of `variant` (the attempt's module version) with a final score, in item id order
    // (SQLite's, which is std::string's). Valid until the next call.
    std::span<const OfItem> of(int64_t attemptId, const ModuleVariant& variant);

private:
    Statement m_rows;
    KeyWalk m_walk;
    std::vector<OfItem> m_items;  // kept from call to call (assigned, so that their memory is reused)
    std::string m_itemId, m_outcomeId;
};

// The final score of one criterion from its rounds (see the header comment).
std::optional<int> finalScore(std::optional<int> first, std::optional<int> second, std::optional<int> third);

}  // namespace dlk
