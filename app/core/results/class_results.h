#pragma once
// Raw scores per pupil and domain, computed from the stored responses with the items' own
// response processing, so a teacher's view and an export can never disagree.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bank/calibration_units.h"
#include "bank/item_bank.h"
#include "qti/processing.h"
#include "school/school_store.h"
#include "storage/database.h"

namespace dlk {

struct DomainScore {
    double raw = 0;
    double max = 0;  // of the items the pupil was given (modules started)
};

enum class AttemptStatus { NotStarted, InProgress, Finished };

struct PupilResult {
    int64_t pupilId = 0;
    std::string code;
    std::string displayName;
    AttemptStatus status = AttemptStatus::NotStarted;
    int answered = 0;   // items with an answer
    int itemsSeen = 0;  // items in the modules started
    // Answered items whose rubric a teacher has yet to score: "not yet scored", in no raw or max score.
    int awaitingTeacher = 0;
    int unscorable = 0;                    // of those, items that cannot be scored: in no raw or max score
    std::array<DomainScore, 4> domains{};  // indexed by Domain
    // The same per kerndoel, [1] to [kKerndoelCount]: an item counts under each of its kerndoelen,
    // so these do not add up to the total.
    std::array<DomainScore, kKerndoelCount + 1> kerndoelen{};
    double totalRaw() const;
    double totalMax() const;
};

struct ItemScoreRow {
    int64_t pupilId = 0;
    std::string moduleId;
    std::string language;
    std::string itemId;
    Domain domain = Domain::IctBasic;
    std::vector<int> kerndoelen;  // the item's, from its module's ref (1 to kKerndoelCount)
    std::string responsesJson;    // {"RESPONSE": ...}
    // The item's score; while awaitingTeacher only the machine's criteria (not a result to count).
    double score = 0;
    double maxScore = 0;
    bool answered = false;
    // Answered, with criteria a teacher scores (externalScored="human") that have no final score
    // yet (scoring/human_scores.h): "not yet scored", counted in no raw, max or scale score.
    bool awaitingTeacher = false;
    // For an item with criteria a person scores: its score per calibration unit (the machine's
    // part, then each criterion with a final score; bank/calibration_units.h), which the scale
    // score uses instead of the whole item. Empty for an item the machine scores alone.
    std::vector<UnitScore> units;
    // Why the item's response processing could not run over this answer (an operator dlkiosk
    // does not have, a pattern that is no regular expression, ...): "file:line: what". Empty when
    // the item was scored. Such a row scores 0 and counts in no raw or maximum score.
    std::string unscorable;
    bool scored() const { return unscorable.empty(); }
};

// One item that could not be scored in a scoring pass, for the teacher's view and the log.
struct UnscorableItem {
    std::string moduleId;
    std::string itemId;
    std::string reason;  // the first reason met; see ItemScoreRow::unscorable
    int rows = 0;        // pupils' answers it could not score
};

// Every scored item of every attempt in the class (or the whole school when classId is 0). An
// item whose processing fails is a row with `unscorable` set, and every other row goes on: one
// bad item in a bank spoils no other item's score. Throws dlk::Error only from storage.
std::vector<ItemScoreRow> scoreItems(Database& db, const ItemBank& bank, int64_t classId);

// What scoring one answer gives: the part of an ItemScoreRow that depends on the item, the stored
// answer and the teachers' final scores alone (the fields of the same names there).
struct ScoredAnswer {
    std::string responsesJson;
    double score = 0;
    bool answered = false, awaitingTeacher = false;
    std::vector<UnitScore> units;
    std::string unscorable;
    bool scored() const { return unscorable.empty(); }
};

// The answers a scoring pass scored, each distinct combination of item, stored answer and teachers'
// scores once (answers repeat: a choice has a few options). What scoreAttempts hands out points
// into it and stays valid as long as it lives.
class AnswerMemo {
public:
    // One answer's scored result: begin() with the item, add() for each stored value (the answer's values by response
    // id as the response store keeps them, in id order, straight from where they are read: a scoring pass's rows; none:
    // not answered), then end() with the teachers' final rubric scores (null: none).
    void begin(const Item& item);
    void add(std::string_view responseId, std::string_view value);
    const ScoredAnswer& end(const VariableMap* external);
    double maxScore(const Item& item);  // Item::maxScore, which walks the item, once per item
    // A memo of its own for the helper thread `index` of a scoring pass (a memo is used by one thread at a time): it
    // lives as long as this one, so what it hands out stays valid as long as this memo's answers do.
    AnswerMemo& helper(size_t index);

private:
    void addSize(size_t n);
    void addPart(std::string_view part);

    std::unordered_map<std::string, ScoredAnswer> m_memo;
    std::string m_key;  // of the answer begun
    const Item* m_item = nullptr;
    size_t m_storedCount = 0;
    std::unordered_map<const Item*, double> m_maxScore;
    std::vector<std::unique_ptr<AnswerMemo>> m_helpers;
};

// One attempt at a measured module (a module of the bank, not the practice module) as scored.
struct ScoredAttempt {
    int64_t attemptId = 0, pupilId = 0;
    const std::string* moduleId = nullptr;  // as stored with the attempt
    const Module* module = nullptr;
    const ModuleVariant* variant = nullptr;  // the attempt's language
    // Per item of the variant, in module order: its scored answer (in the memo) and maximum.
    std::span<const ScoredAnswer* const> answers;
    std::span<const double> maxScores;
    // By 0-based position among the module's items (Module::refs): 1 where the attempt has a stored answer to that
    // item (the item was on screen: results/response_status.h reads it so, addStoredAnswers).
    std::span<const uint8_t> stored;
    // Where `answers` and `stored` begin in the pass's arrays (ScoredArrays).
    size_t firstAnswer = 0, firstStored = 0;
};

// The arrays a scoring pass keeps every attempt's answers in, one after the other: ScoredAttempt's views point into
// them. A caller that keeps what it was handed (the export, a school's millions of answers) takes them over instead
// of copying.
struct ScoredArrays {
    std::vector<const ScoredAnswer*> answers;
    std::vector<uint8_t> stored;
};

// The scoring pass behind scoreItems, without its rows: hands every measured attempt of the class
// (or the school, classId 0), scored, to `visit` in pupil id order and, per pupil, attempt order
// (the order of scoreItems' rows); what it hands over is valid during the call. Logs each item that cannot be scored
// as scoreItems does.
// `helpers`: threads that score a share of the attempts beside this one, each on a connection of its own
// (Database::openReader; none where the database has no file of its own) with a memo of its own (memo.helper). Each
// thread reads its attempts' teachers' final scores with their answers. What is handed to `visit` is the same with or
// without helpers. `keep`: where the pass's arrays go at the end (none: freed).
void scoreAttempts(Database& db, const ItemBank& bank, int64_t classId, AnswerMemo& memo,
                   const std::function<void(const ScoredAttempt&)>& visit, unsigned helpers = 0,
                   ScoredArrays* keep = nullptr);
// The items among `rows` that could not be scored, each once, in the order first met.
std::vector<UnscorableItem> unscorableItems(const std::vector<ItemScoreRow>& rows);
std::vector<PupilResult> classResults(Database& db, const ItemBank& bank, int64_t classId);
// The same from rows already scored with scoreItems(db, bank, classId), so a caller that needs
// the rows too (the teacher screen's scale scores) scores the class once.
std::vector<PupilResult> classResults(Database& db, int64_t classId, const std::vector<ItemScoreRow>& rows);
// Results carry no codes or names (those are sealed, and a result needs neither): this fills
// them in for the teacher's screen from the unlocked store (Error(Auth) when it is locked).
void attachNames(std::vector<PupilResult>& results, SchoolStore& school, int64_t classId);

}  // namespace dlk
