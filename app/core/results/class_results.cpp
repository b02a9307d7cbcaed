#include "results/class_results.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "delivery/response_store.h"
#include "delivery/session_plan.h"
#include "qti/response_processing.h"
#include "school/school_store.h"
#include "scoring/human_scores.h"
#include "support/logger.h"
#include "util/error.h"
#include "util/json.h"

namespace dlk {

double PupilResult::totalRaw() const {
    double s = 0;
    for (const auto& d : domains) s += d.raw;
    return s;
}
double PupilResult::totalMax() const {
    double s = 0;
    for (const auto& d : domains) s += d.max;
    return s;
}

namespace {

// Says in the log, once per item and log file, that an item cannot be scored and why (the first
// reason met): the teacher screen scores its class every 10 s and would otherwise repeat it each
// time. The line names the module, the item and the item's file and line, never a pupil; a reason
// that quoted a value would be logged for one answer at most, not for every pupil's.
void logUnscorable(const std::string& moduleId, const std::string& itemId, const std::string& reason) {
    static std::mutex mutex;
    static std::set<std::string> logged;
    const std::string line = "module " + moduleId + ", item " + itemId + " cannot be scored: " + reason;
    {
        const std::lock_guard lock(mutex);
        // Once per log file: a program that opens another log says it again there.
        if (!logged.insert(Logger::instance().path() + '\n' + moduleId + '\n' + itemId).second) return;
    }
    logWarning(line);
}

// `stored`: the answer's values as the response store keeps them (none: not answered); `external`: the teachers'
// final rubric scores, given to response processing as the external outcomes (they flow into SCORE as the item's
// rules combine them).
ScoredAnswer scoreAnswer(const Item& item, const std::map<std::string, std::string>* stored,
                         const VariableMap& external) {
    ScoredAnswer out;
    VariableMap responses;
    if (stored) responses = decodeResponses(item, *stored);
    Json obj = Json::object();
    for (const auto& [id, v] : responses) {
        obj[id] = valueToJson(v);
        out.answered = out.answered || !v.isNull();
    }
    out.responsesJson = dumpJson(obj);
    // Seen but not answered scores 0, as the template says for a NULL response.
    try {
        out.score = scoreOf(item, responses, external);
        out.awaitingTeacher = hasWorkForPerson(item, responses) && awaitsTeacher(item, external);
        if (teacherMaxScore(item) > 0) {
            try {
                out.units = criterionUnitScores(item, responses, external);
            } catch (const Error&) {
                out.units.clear();  // a rubric the scorer's screen refuses: the item as a whole
            }
        }
    } catch (const std::exception& e) {
        // The item's own processing failed (it names its file and line): this row says why, and the next item and
        // pupil are scored as before.
        out.score = 0;
        out.unscorable = e.what();
        if (out.unscorable.empty()) out.unscorable = "response processing failed";
    }
    return out;
}

}  // namespace

// The result depends on the item, the stored answer and the teachers' scores alone: each distinct combination is scored
// once (the item by its address: one bank for the whole pass). The key is the item's address, the number of stored
// values, each value's response id and text, then the teachers' scores; every part goes in after its length in binary,
// so that no answer's text can pass for another's. A key is made for each of a school's millions of answers, so it is
// made without formatting anything, and the stored values go into it straight from the database's row.
namespace {
constexpr size_t kStoredCountAt = sizeof(const Item*);  // where the number of stored values is, filled in by end()
}

void AnswerMemo::begin(const Item& item) {
    const Item* const address = &item;
    m_item = &item;
    m_storedCount = 0;
    m_key.assign(reinterpret_cast<const char*>(&address), sizeof address);
    m_key.append(sizeof(size_t), '\0');
}

void AnswerMemo::addSize(size_t n) {
    m_key.append(reinterpret_cast<const char*>(&n), sizeof n);
}

void AnswerMemo::addPart(std::string_view part) {
    addSize(part.size());
    m_key.append(part);
}

void AnswerMemo::add(std::string_view responseId, std::string_view value) {
    addPart(responseId);
    addPart(value);
    ++m_storedCount;
}

const ScoredAnswer& AnswerMemo::end(const VariableMap* external) {
    std::memcpy(m_key.data() + kStoredCountAt, &m_storedCount, sizeof m_storedCount);
    addSize(external ? external->size() : 0);  // none and an empty map score alike
    if (external)
        for (const auto& [outcomeId, value] : *external) {
            addPart(outcomeId);
            m_key += static_cast<char>(value.cardinality);
            m_key += static_cast<char>(value.baseType);
            addSize(value.items.size());
            for (const std::string& v : value.items) addPart(v);
            addSize(value.fields.size());
            for (const RecordField& f : value.fields) {
                addPart(f.name);
                m_key += static_cast<char>(f.baseType);
                addPart(f.value);
            }
        }
    auto [it, added] = m_memo.try_emplace(m_key);
    if (added) {
        // Not met before: the stored values read back from the key (their parts in the order add() put them).
        std::map<std::string, std::string> values;
        size_t at = kStoredCountAt + sizeof(size_t);
        const auto part = [&] {
            size_t n = 0;
            std::memcpy(&n, m_key.data() + at, sizeof n);
            at += sizeof n;
            std::string text = m_key.substr(at, n);
            at += n;
            return text;
        };
        for (size_t v = 0; v < m_storedCount; ++v) {
            std::string responseId = part();
            values[std::move(responseId)] = part();
        }
        it->second = scoreAnswer(*m_item, m_storedCount == 0 ? nullptr : &values, external ? *external : VariableMap{});
    }
    return it->second;
}

double AnswerMemo::maxScore(const Item& item) {
    auto [known, added] = m_maxScore.try_emplace(&item);
    if (added) known->second = item.maxScore();  // walks the item's declarations and body
    return known->second;
}

AnswerMemo& AnswerMemo::helper(size_t index) {
    while (m_helpers.size() <= index) m_helpers.push_back(std::make_unique<AnswerMemo>());
    return *m_helpers[index];
}

void scoreAttempts(Database& db, const ItemBank& bank, int64_t classId, AnswerMemo& memo,
                   const std::function<void(const ScoredAttempt&)>& visit, unsigned helpers, ScoredArrays* keep) {
    // Measured attempts in id order, the order of the responses table's key: their stored answers are read in one
    // pass, each attempt where the last one's ended (a jump only where the class's attempts leave a gap).
    struct AttemptRow {
        int64_t id, pupilId;
        std::string moduleId;
        const Module* module;
        const ModuleVariant* variant;
        size_t first = 0;   // its scored answers in `scoredAnswers`, one per item of the variant
        size_t stored = 0;  // its stored answers in `storedAt`, one per item of the module
    };
    std::vector<AttemptRow> attempts;
    size_t answerSlots = 0, itemSlots = 0;
    // Each variant's items in identifier order, the order its stored answers come in: the two are walked together.
    std::unordered_map<const ModuleVariant*, std::vector<size_t>> itemsById;
    {
        auto st = db.prepare(
            "SELECT a.id, a.pupil_id, a.module_id, a.language FROM attempts a JOIN pupils p ON p.id=a.pupil_id "
            "WHERE ?=0 OR p.class_id=? ORDER BY a.id");
        st.bind(1, classId).bind(2, classId);
        while (st.step()) {
            const Module* module = bank.findModule(st.textView(2));
            if (!module) continue;           // a module no longer in the bank cannot be scored
            if (module->practice) continue;  // the tutorial is practice, not a measurement
            const ModuleVariant* variant = &module->variant(st.getText(3));
            if (auto [order, added] = itemsById.try_emplace(variant); added) {
                for (size_t i = 0; i < variant->items.size(); ++i) order->second.push_back(i);
                std::stable_sort(order->second.begin(), order->second.end(), [&](size_t x, size_t y) {
                    return variant->items[x]->identifier < variant->items[y]->identifier;
                });
            }
            attempts.push_back({st.getInt(0), st.getInt(1), st.getText(2), module, variant, answerSlots, itemSlots});
            answerSlots += variant->items.size();
            itemSlots += module->refs.size();
        }
    }
    // Every attempt's places are known beforehand, so the threads fill them in any order without a lock.
    std::vector<const ScoredAnswer*> scoredAnswers(answerSlots);
    std::vector<uint8_t> storedAt(itemSlots);

    // Scores the attempts in chunks taken in turn from `nextChunk` until none is left: on this thread and on each
    // helper, each with its connection and memo. A chunk is a 64th of the attempts (so that the threads end within a
    // 64th of each other), at most 1024 (a school's attempts).
    const size_t chunk = std::clamp<size_t>(attempts.size() / 64, 1, 1024);
    std::atomic<size_t> nextChunk{0};
    const auto scoreChunks = [&](Database& connection, AnswerMemo& answers) {
        // An attempt's stored answers as ResponseStore::load has them, in its order (item, then response id): a school
        // has millions, each read once and never copied but into the memo's key.
        auto load = connection.prepare(
            "SELECT attempt_id, item_id, response_id, value FROM responses WHERE attempt_id>=? "
            "ORDER BY attempt_id, item_id, response_id");
        KeyWalk rowsOf(load);
        // The teachers' final rubric scores, given to response processing as the external outcomes: read with the
        // answers, attempt by attempt (a school has hundreds of thousands).
        FinalHumanOutcomes humanOf(connection);
        std::string itemId;  // of the rows being read
        for (size_t begin; (begin = nextChunk.fetch_add(chunk)) < attempts.size();) {
            const size_t end = std::min(attempts.size(), begin + chunk);
            for (size_t index = begin; index < end; ++index) {
                const AttemptRow& a = attempts[index];
                // The attempt's teachers' scores, a few items at most, in item id order like the walk below.
                const std::span<const FinalHumanOutcomes::OfItem> human = humanOf.of(a.id, *a.variant);
                size_t h = 0;
                const auto externalOf = [&](const std::string& id) -> const VariableMap* {
                    while (h < human.size() && human[h].itemId < id) ++h;
                    return h < human.size() && human[h].itemId == id ? &human[h].outcomes : nullptr;
                };
                // The variant's items in identifier order, walked with the stored answers, which come in the same
                // order (item, then response id): an item without a stored answer is scored as not answered, one with
                // one from its rows as they are read (the memo's key made straight from them).
                const std::vector<size_t>& order = itemsById.at(a.variant);
                size_t next = 0;  // in `order`: the next item to score
                const auto scoredNext = [&](const ScoredAnswer& answer) {
                    const size_t i = order[next++];
                    if (!answer.scored()) logUnscorable(a.moduleId, a.variant->items[i]->identifier, answer.unscorable);
                    scoredAnswers[a.first + i] = &answer;
                };
                // The items before `id` (every one left, for none) have no stored answer.
                const auto notAnsweredBefore = [&](const std::string* id) {
                    while (next < order.size() && (!id || a.variant->items[order[next]]->identifier < *id)) {
                        const Item& item = *a.variant->items[order[next]];
                        answers.begin(item);
                        scoredNext(answers.end(externalOf(item.identifier)));
                    }
                };
                size_t hint = 0;  // where the module has the next stored item, tried first (its order mostly agrees)
                const auto& refs = a.module->refs;
                rowsOf.seek(a.id);
                // Each row's columns are read once (two calls into SQLite each, ten million rows): the item's id of
                // the row the walk stands on, valid until the next step.
                std::string_view rowItem = rowsOf.at(a.id) ? load.textView(1) : std::string_view();
                while (rowsOf.at(a.id)) {
                    itemId.assign(rowItem);
                    size_t at = hint < refs.size() && refs[hint].identifier == itemId ? hint : refs.size();
                    for (size_t r = 0; at == refs.size() && r < refs.size(); ++r)
                        if (refs[r].identifier == itemId) at = r;
                    if (at != refs.size()) {  // else an item no longer in the module
                        storedAt[a.stored + at] = 1;
                        hint = at + 1;
                    }
                    notAnsweredBefore(&itemId);
                    // The loader refuses an identifier twice in a module: a variant's item is met once here.
                    const Item* item = next < order.size() && a.variant->items[order[next]]->identifier == itemId
                                           ? a.variant->items[order[next]].get()
                                           : nullptr;
                    if (item) answers.begin(*item);
                    do {
                        if (item) answers.add(load.textView(2), load.textView(3));
                        rowsOf.next();
                    } while (rowsOf.at(a.id) && (rowItem = load.textView(1)) == itemId);
                    if (item) scoredNext(answers.end(externalOf(itemId)));
                }
                notAnsweredBefore(nullptr);
            }
        }
    };
    {
        std::vector<std::future<void>> helping;
        // When this thread's share throws, the helpers are told to take no more chunks and are waited for.
        struct StopHelpers {
            std::atomic<size_t>& next;
            std::vector<std::future<void>>& helping;
            ~StopHelpers() {
                next.store(SIZE_MAX / 2);
                for (auto& h : helping)
                    if (h.valid()) h.wait();
            }
        } stop{nextChunk, helping};
        for (unsigned h = 0; h < helpers && attempts.size() > 1; ++h)
            helping.push_back(std::async(std::launch::async, [&, helperMemo = &memo.helper(h)] {
                // A database without a file of its own, or one SQLite cannot open again: this thread does it all.
                if (std::optional<Database> reader = db.openReader()) scoreChunks(*reader, *helperMemo);
            }));
        scoreChunks(db, memo);
        for (auto& h : helping) h.get();  // a helper's error is this pass's
    }
    // Handed over in pupil id order, each pupil's attempts in id order (the order of scoreItems' rows): their places
    // sorted, not the rows.
    std::vector<std::pair<int64_t, size_t>> inPupilOrder;  // (pupil id, index in `attempts`, by attempt id)
    inPupilOrder.reserve(attempts.size());
    for (size_t i = 0; i < attempts.size(); ++i) inPupilOrder.emplace_back(attempts[i].pupilId, i);
    std::sort(inPupilOrder.begin(), inPupilOrder.end());
    // Each variant's maximum scores, by item: Item::maxScore walks the item.
    std::unordered_map<const ModuleVariant*, std::vector<double>> maxScoresOf;
    ScoredAttempt out;
    for (const auto& [pupilId, index] : inPupilOrder) {
        const AttemptRow& a = attempts[index];
        out.attemptId = a.id;
        out.pupilId = a.pupilId;
        out.moduleId = &a.moduleId;
        out.module = a.module;
        out.variant = a.variant;
        out.firstAnswer = a.first;
        out.firstStored = a.stored;
        out.answers = std::span<const ScoredAnswer* const>(scoredAnswers.data() + a.first, a.variant->items.size());
        auto [maxScores, added] = maxScoresOf.try_emplace(a.variant);
        if (added)
            for (const auto& item : a.variant->items) maxScores->second.push_back(memo.maxScore(*item));
        out.maxScores = maxScores->second;
        out.stored = std::span<const uint8_t>(storedAt.data() + a.stored, a.module->refs.size());
        visit(out);
    }
    if (keep) {
        keep->answers = std::move(scoredAnswers);
        keep->stored = std::move(storedAt);
    }
}

std::vector<ItemScoreRow> scoreItems(Database& db, const ItemBank& bank, int64_t classId) {
    std::vector<ItemScoreRow> rows;
    AnswerMemo memo;
    scoreAttempts(db, bank, classId, memo, [&](const ScoredAttempt& a) {
        for (size_t i = 0; i < a.answers.size(); ++i) {
            const ScoredAnswer& scored = *a.answers[i];
            ItemScoreRow row;
            row.pupilId = a.pupilId;
            row.moduleId = *a.moduleId;
            row.language = a.variant->language;
            row.itemId = a.variant->items[i]->identifier;
            row.domain = a.module->refs[i].domain;
            row.kerndoelen = a.module->refs[i].kerndoelen;
            row.maxScore = a.maxScores[i];
            row.responsesJson = scored.responsesJson;
            row.score = scored.score;
            row.answered = scored.answered;
            row.awaitingTeacher = scored.awaitingTeacher;
            row.units = scored.units;
            row.unscorable = scored.unscorable;
            rows.push_back(std::move(row));
        }
    });
    return rows;
}

std::vector<UnscorableItem> unscorableItems(const std::vector<ItemScoreRow>& rows) {
    std::vector<UnscorableItem> out;
    std::map<std::pair<std::string, std::string>, size_t> index;
    for (const auto& row : rows) {
        if (row.scored()) continue;
        const auto [it, added] = index.emplace(std::make_pair(row.moduleId, row.itemId), out.size());
        if (added) out.push_back({row.moduleId, row.itemId, row.unscorable, 0});
        ++out[it->second].rows;
    }
    return out;
}

std::vector<PupilResult> classResults(Database& db, const ItemBank& bank, int64_t classId) {
    return classResults(db, classId, scoreItems(db, bank, classId));
}

std::vector<PupilResult> classResults(Database& db, int64_t classId, const std::vector<ItemScoreRow>& rows) {
    std::vector<PupilResult> out;
    std::map<int64_t, size_t> index;
    {
        // Results are computed without codes or names (they are sealed): attachNames adds them
        // for the teacher's eyes.
        auto st = db.prepare("SELECT id FROM pupils WHERE class_id=? ORDER BY id");
        st.bind(1, classId);
        while (st.step()) {
            index[st.getInt(0)] = out.size();
            PupilResult r;
            r.pupilId = st.getInt(0);
            out.push_back(r);
        }
    }
    {
        auto st = db.prepare(
            "SELECT a.pupil_id, min(a.finished_at IS NOT NULL) FROM attempts a JOIN pupils p ON p.id=a.pupil_id "
            "WHERE p.class_id=? GROUP BY a.pupil_id");
        st.bind(1, classId);
        while (st.step())
            if (auto it = index.find(st.getInt(0)); it != index.end())
                out[it->second].status = st.getInt(1) ? AttemptStatus::Finished : AttemptStatus::InProgress;
    }
    {
        // Finished means the pupil's whole plan is done: a pupil who ended one module and has not
        // yet started the next is still in progress.
        SessionPlans plans(db);
        auto finished =
            db.prepare("SELECT 1 FROM attempts WHERE pupil_id=? AND module_id=? AND finished_at IS NOT NULL");
        for (PupilResult& r : out) {
            if (r.status != AttemptStatus::Finished) continue;
            const auto plan = plans.find(r.pupilId);
            if (!plan) continue;
            for (const std::string& module : plan->modules) {
                finished.reset();
                finished.bind(1, r.pupilId).bind(2, module);
                if (!finished.step()) {
                    r.status = AttemptStatus::InProgress;
                    break;
                }
            }
        }
    }
    for (const auto& row : rows) {
        auto it = index.find(row.pupilId);
        if (it == index.end()) continue;
        PupilResult& r = out[it->second];
        r.itemsSeen += 1;
        r.answered += row.answered ? 1 : 0;
        if (!row.scored()) {  // neither its points nor its maximum: a score it never had
            r.unscorable += 1;
            continue;
        }
        if (row.awaitingTeacher) {  // not yet scored: neither 0 points nor its maximum until it is
            r.awaitingTeacher += 1;
            continue;
        }
        auto& d = r.domains[static_cast<size_t>(row.domain)];
        d.raw += row.score;
        d.max += row.maxScore;
        std::array<bool, kKerndoelCount + 1> counted{};  // a kerndoel named twice counts once
        for (int k : row.kerndoelen) {
            if (k < 1 || k > kKerndoelCount || counted[static_cast<size_t>(k)]) continue;
            counted[static_cast<size_t>(k)] = true;
            r.kerndoelen[static_cast<size_t>(k)].raw += row.score;
            r.kerndoelen[static_cast<size_t>(k)].max += row.maxScore;
        }
    }
    return out;
}

void attachNames(std::vector<PupilResult>& results, SchoolStore& school, int64_t classId) {
    std::map<int64_t, const PupilInfo*> byId;
    const std::vector<PupilInfo> pupils = school.pupils(classId);
    for (const PupilInfo& p : pupils) byId[p.id] = &p;
    for (PupilResult& r : results)
        if (auto it = byId.find(r.pupilId); it != byId.end()) {
            r.code = it->second->code;
            r.displayName = it->second->displayName;
        }
}

}  // namespace dlk
