#include "results/class_results.h"

#include <exception>
#include <map>
#include <mutex>
#include <set>
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

// What scoring one answer gives: the part of an ItemScoreRow that depends on the item, the answer and the
// teachers' scores alone.
struct ScoredAnswer {
    std::string responsesJson;
    double score = 0;
    bool answered = false, awaitingTeacher = false;
    std::vector<UnitScore> units;
    std::string unscorable;

    void copyTo(ItemScoreRow& row) const {
        row.responsesJson = responsesJson;
        row.score = score;
        row.answered = answered;
        row.awaitingTeacher = awaitingTeacher;
        row.units = units;
        row.unscorable = unscorable;
    }
};

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

std::vector<ItemScoreRow> scoreItems(Database& db, const ItemBank& bank, int64_t classId) {
    struct AttemptRow {
        int64_t id, pupilId;
        std::string moduleId, language;
    };
    std::vector<AttemptRow> attempts;
    {
        auto st = db.prepare(
            "SELECT a.id, a.pupil_id, a.module_id, a.language FROM attempts a JOIN pupils p ON p.id=a.pupil_id "
            "WHERE ?=0 OR p.class_id=? ORDER BY a.pupil_id, a.id");
        st.bind(1, classId).bind(2, classId);
        while (st.step()) attempts.push_back({st.getInt(0), st.getInt(1), st.getText(2), st.getText(3)});
    }
    ResponseStore store(db);
    // The teachers' final rubric scores (scoreAnswer).
    const std::map<AnswerKey, VariableMap> human = finalHumanOutcomes(db, bank, classId);
    std::vector<ItemScoreRow> rows;
    {
        size_t count = 0;  // the rows, so that a school's hundreds of thousands are not moved as the vector grows
        for (const auto& a : attempts)
            if (const Module* module = bank.findModule(a.moduleId); module && !module->practice)
                count += module->variant(a.language).items.size();
        rows.reserve(count);
    }
    std::unordered_map<std::string, ScoredAnswer> memo;
    std::string memoKey;
    std::unordered_map<const Item*, double> maxScoreOf;
    for (const auto& a : attempts) {
        const Module* module = bank.findModule(a.moduleId);
        if (!module) continue;           // a module no longer in the bank cannot be scored
        if (module->practice) continue;  // the tutorial is practice, not a measurement
        const ModuleVariant& variant = module->variant(a.language);
        const StoredResponses stored = store.load(a.id);
        for (size_t i = 0; i < variant.items.size(); ++i) {
            const Item& item = *variant.items[i];
            ItemScoreRow row;
            row.pupilId = a.pupilId;
            row.moduleId = a.moduleId;
            row.language = variant.language;
            row.itemId = item.identifier;
            row.domain = module->refs[i].domain;
            row.kerndoelen = module->refs[i].kerndoelen;
            auto [knownMax, newItem] = maxScoreOf.try_emplace(&item);
            if (newItem) knownMax->second = item.maxScore();  // walks the item's declarations and body
            row.maxScore = knownMax->second;
            const auto answer = stored.find(item.identifier);
            const auto given = human.find(AnswerKey{a.id, item.identifier});
            // The result depends on the item, the stored answer and the teachers' scores alone, and answers repeat (a
            // choice has a few options): each distinct combination is scored once (the item by its address: one bank
            // for the whole call).
            // Every part of the key goes in with its length, so that no answer's text can pass for another's.
            const Item* const address = &item;
            memoKey.assign(reinterpret_cast<const char*>(&address), sizeof address);
            const auto addPart = [&](std::string_view part) {
                memoKey.append(std::to_string(part.size())).append(1, ':').append(part);
            };
            if (answer != stored.end())
                for (const auto& [responseId, value] : answer->second) {
                    addPart(responseId);
                    addPart(value);
                }
            memoKey += '|';  // the answer ends, the teachers' scores begin
            if (given != human.end())
                for (const auto& [outcomeId, value] : given->second) {
                    addPart(outcomeId);
                    addPart(dumpJson(valueToJson(value)));
                }
            auto [it, added] = memo.try_emplace(memoKey);
            if (added)
                it->second = scoreAnswer(item, answer == stored.end() ? nullptr : &answer->second,
                                         given == human.end() ? VariableMap{} : given->second);
            it->second.copyTo(row);
            if (!row.scored()) logUnscorable(row.moduleId, row.itemId, row.unscorable);
            rows.push_back(std::move(row));
        }
    }
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
