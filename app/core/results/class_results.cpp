#include "results/class_results.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
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

const ScoredAnswer& AnswerMemo::score(const Item& item, std::span<const std::pair<std::string, std::string>> stored,
                                      const VariableMap* external) {
    // The result depends on the item, the stored answer and the teachers' scores alone: each distinct combination is
    // scored once (the item by its address: one bank for the whole pass). Every part of the key goes in after its
    // length in binary, so that no answer's text can pass for another's; a key is made for each of a school's millions
    // of answers, so it is made without formatting anything.
    const Item* const address = &item;
    m_key.assign(reinterpret_cast<const char*>(&address), sizeof address);
    const auto addSize = [&](size_t n) { m_key.append(reinterpret_cast<const char*>(&n), sizeof n); };
    const auto addPart = [&](std::string_view part) {
        addSize(part.size());
        m_key.append(part);
    };
    addSize(stored.size());
    for (const auto& [responseId, value] : stored) {
        addPart(responseId);
        addPart(value);
    }
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
        const std::map<std::string, std::string> values(stored.begin(), stored.end());
        it->second = scoreAnswer(item, stored.empty() ? nullptr : &values, external ? *external : VariableMap{});
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
        size_t first = 0;   // its scored answers in `scored`, one per item of the variant
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
    std::vector<const ScoredAnswer*> scored(answerSlots);
    std::vector<uint8_t> storedAt(itemSlots);

    // Scores the attempts in chunks taken in turn from `nextChunk` until none is left: on this thread and on each
    // helper, each with its connection and memo. A chunk is a 64th of the attempts (so that the threads end within a
    // 64th of each other), at most 1024 (a school's attempts).
    const size_t chunk = std::clamp<size_t>(attempts.size() / 64, 1, 1024);
    std::atomic<size_t> nextChunk{0};
    const auto scoreChunks = [&](Database& connection, AnswerMemo& answers) {
        // An attempt's stored answers as ResponseStore::load has them, in its order (item, then response id), in
        // buffers kept from one attempt to the next (assigned, so that their memory is reused): a school has millions.
        auto load = connection.prepare(
            "SELECT attempt_id, item_id, response_id, value FROM responses WHERE attempt_id>=? "
            "ORDER BY attempt_id, item_id, response_id");
        KeyWalk rowsOf(load);
        // The teachers' final rubric scores, given to response processing as the external outcomes: read with the
        // answers, attempt by attempt (a school has hundreds of thousands).
        FinalHumanOutcomes humanOf(connection);
        std::vector<std::string> itemOf;  // the attempt's items with a stored answer, each once, in id order
        std::vector<size_t> rowsFrom;     // by item in itemOf: its first row in valueOf (and the end after the last)
        std::vector<std::pair<std::string, std::string>> valueOf;  // (response id, value)
        for (size_t begin; (begin = nextChunk.fetch_add(chunk)) < attempts.size();) {
            const size_t end = std::min(attempts.size(), begin + chunk);
            for (size_t index = begin; index < end; ++index) {
                const AttemptRow& a = attempts[index];
                rowsOf.seek(a.id);
                size_t rows = 0, items = 0;
                rowsFrom.clear();
                for (; rowsOf.at(a.id); ++rows, rowsOf.next()) {
                    if (const std::string_view item = load.textView(1); items == 0 || itemOf[items - 1] != item) {
                        if (items == itemOf.size()) itemOf.emplace_back();
                        itemOf[items++].assign(item);
                        rowsFrom.push_back(rows);
                    }
                    if (rows == valueOf.size()) valueOf.emplace_back();
                    valueOf[rows].first.assign(load.textView(2));
                    valueOf[rows].second.assign(load.textView(3));
                }
                rowsFrom.push_back(rows);
                // Where the module has each item answered (its ids come sorted; the module's order mostly agrees, so
                // the place after the last one is tried first).
                size_t hint = 0;
                const auto& refs = a.module->refs;
                for (size_t k = 0; k < items; ++k) {
                    size_t at = hint < refs.size() && refs[hint].identifier == itemOf[k] ? hint : refs.size();
                    for (size_t r = 0; at == refs.size() && r < refs.size(); ++r)
                        if (refs[r].identifier == itemOf[k]) at = r;
                    if (at == refs.size()) continue;  // an item no longer in the module
                    storedAt[a.stored + at] = 1;
                    hint = at + 1;
                }
                // The attempt's teachers' scores, a few items at most, in item id order like the walk below.
                const std::span<const FinalHumanOutcomes::OfItem> human = humanOf.of(a.id, *a.variant);
                size_t h = 0;
                size_t k = 0;  // the stored item at or after this one, in the walk over both in id order
                for (const size_t i : itemsById.at(a.variant)) {
                    const Item& item = *a.variant->items[i];
                    while (k < items && itemOf[k] < item.identifier) ++k;
                    const bool stored = k < items && itemOf[k] == item.identifier;
                    while (h < human.size() && human[h].itemId < item.identifier) ++h;
                    const bool given = h < human.size() && human[h].itemId == item.identifier;
                    const ScoredAnswer& answer = answers.score(
                        item,
                        std::span<const std::pair<std::string, std::string>>(
                            valueOf.data() + (stored ? rowsFrom[k] : 0), stored ? rowsFrom[k + 1] - rowsFrom[k] : 0),
                        given ? &human[h].outcomes : nullptr);
                    if (!answer.scored()) logUnscorable(a.moduleId, item.identifier, answer.unscorable);
                    scored[a.first + i] = &answer;
                }
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
    // Handed over in pupil id order, each pupil's attempts in id order (the order of scoreItems' rows).
    std::stable_sort(attempts.begin(), attempts.end(),
                     [](const AttemptRow& x, const AttemptRow& y) { return x.pupilId < y.pupilId; });
    // Each variant's maximum scores, by item: Item::maxScore walks the item.
    std::unordered_map<const ModuleVariant*, std::vector<double>> maxScoresOf;
    ScoredAttempt out;
    for (const AttemptRow& a : attempts) {
        out.attemptId = a.id;
        out.pupilId = a.pupilId;
        out.moduleId = &a.moduleId;
        out.module = a.module;
        out.variant = a.variant;
        out.firstAnswer = a.first;
        out.firstStored = a.stored;
        out.answers = std::span<const ScoredAnswer* const>(scored.data() + a.first, a.variant->items.size());
        auto [maxScores, added] = maxScoresOf.try_emplace(a.variant);
        if (added)
            for (const auto& item : a.variant->items) maxScores->second.push_back(memo.maxScore(*item));
        out.maxScores = maxScores->second;
        out.stored = std::span<const uint8_t>(storedAt.data() + a.stored, a.module->refs.size());
        visit(out);
    }
    if (keep) {
        keep->answers = std::move(scored);
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
