#include "results/response_status.h"

#include <algorithm>
#include <map>

#include "delivery/session_plan.h"

namespace dlk {

const char* moduleStatusName(ModuleStatus status) {
    switch (status) {
        case ModuleStatus::NotStarted:
            return "not_started";
        case ModuleStatus::Stopped:
            return "stopped";
        case ModuleStatus::TimeUp:
            return "time_up";
        case ModuleStatus::Finished:
            return "finished";
    }
    return "not_started";
}

const char* responseStatusName(ResponseStatus status) {
    switch (status) {
        case ResponseStatus::Answered:
            return "answered";
        case ResponseStatus::Empty:
            return "empty";
        case ResponseStatus::NotReached:
            return "not_reached";
        case ResponseStatus::NotShown:
            return "not_shown";
        case ResponseStatus::NotYetScored:
            return "not_yet_scored";
        case ResponseStatus::CannotBeScored:
            return "cannot_be_scored";
    }
    return "not_shown";
}

namespace {

bool measured(const Module* m) {
    return m && !m->practice;
}

int positionOf(const Module& m, const std::string& itemId) {
    for (size_t i = 0; i < m.refs.size(); ++i)
        if (m.refs[i].identifier == itemId) return static_cast<int>(i) + 1;
    return 0;
}

}  // namespace

bool ModuleProgress::wasShown(const std::string& itemId) const {
    return std::binary_search(shown.begin(), shown.end(), itemId);
}

std::vector<ModuleProgress> moduleProgress(Database& db, const ItemBank& bank, int64_t classId) {
    // A school holds hundreds of thousands of attempts and millions of events: each attempt's items are gathered in a
    // vector (sorted and made unique at the end), attempts found by id in a sorted vector.
    std::map<std::pair<int64_t, std::string>, ModuleProgress> byKey;
    std::vector<std::pair<int64_t, ModuleProgress*>> byAttempt;  // attempt id -> its progress, sorted by id
    std::vector<int64_t> pupils;
    {
        auto st = db.prepare("SELECT id FROM pupils WHERE ?=0 OR class_id=? ORDER BY id");
        st.bind(1, classId).bind(2, classId);
        while (st.step()) pupils.push_back(st.getInt(0));
    }
    {
        auto st = db.prepare(
            "SELECT a.id, a.pupil_id, a.module_id, a.finished_at IS NOT NULL, a.current_position FROM attempts a "
            "JOIN pupils p ON p.id=a.pupil_id WHERE ?=0 OR p.class_id=? ORDER BY a.id");
        st.bind(1, classId).bind(2, classId);
        const Module* m = nullptr;
        std::string moduleId;
        while (st.step()) {
            if (!m || st.getText(2) != moduleId) {  // attempts at one module come in runs
                moduleId = st.getText(2);
                m = bank.findModule(moduleId);
            }
            if (!measured(m)) continue;
            const std::pair<int64_t, std::string> key{st.getInt(1), m->identifier};
            ModuleProgress& p = byKey[key];
            p.pupilId = key.first;
            p.moduleId = key.second;
            p.status = st.getInt(3) ? ModuleStatus::Finished : ModuleStatus::Stopped;
            byAttempt.emplace_back(st.getInt(0), &p);
            // The item the attempt is at now was on screen (0-based position), even without events.
            const int64_t at = st.getInt(4);
            if (at >= 0 && static_cast<size_t>(at) < m->refs.size())
                p.shown.push_back(m->refs[static_cast<size_t>(at)].identifier);
        }
    }
    // Rows come by attempt (the queries' order): the last one found is asked for again and again.
    auto last = byAttempt.end();
    auto attemptOf = [&](int64_t attemptId) -> ModuleProgress* {
        if (last == byAttempt.end() || last->first != attemptId)
            last = std::lower_bound(byAttempt.begin(), byAttempt.end(), attemptId,
                                    [](const auto& a, int64_t id) { return a.first < id; });
        return last == byAttempt.end() || last->first != attemptId ? nullptr : last->second;
    };
    const auto addShown = [](ModuleProgress& p, std::string_view itemId) {
        if (p.shown.empty() || p.shown.back() != itemId) p.shown.emplace_back(itemId);
    };
    {
        // A finish after the time limit is recorded as time_up followed by finish (ModuleSession::finish).
        // In the order of the index events_shown: an attempt's item_shown events by item, then its time_up.
        auto st = db.prepare(
            "SELECT attempt_id, kind, item_id FROM events WHERE kind IN ('item_shown','time_up') "
            "ORDER BY attempt_id, kind, item_id");
        while (st.step()) {
            ModuleProgress* p = attemptOf(st.getInt(0));
            if (!p) continue;
            if (st.getText(1) == "time_up") {
                if (p->status == ModuleStatus::Finished) p->status = ModuleStatus::TimeUp;
            } else {
                addShown(*p, st.getText(2));
            }
        }
    }
    {
        auto st = db.prepare("SELECT DISTINCT attempt_id, item_id FROM responses ORDER BY attempt_id, item_id");
        while (st.step())
            if (ModuleProgress* p = attemptOf(st.getInt(0))) addShown(*p, st.getText(1));
    }
    const std::map<int64_t, SessionPlan> plans = SessionPlans(db).ofClass(classId);
    for (int64_t pupil : pupils) {
        std::vector<std::string> modules;
        if (const auto plan = plans.find(pupil); plan != plans.end()) {
            modules = plan->second.modules;
        } else {
            const bool started = byKey.lower_bound({pupil, std::string()}) != byKey.end() &&
                                 byKey.lower_bound({pupil, std::string()})->first.first == pupil;
            if (!started)  // never logged in: nothing dealt yet, so every module is still open to them
                for (const Module& m : bank.modules()) modules.push_back(m.identifier);
        }
        for (const std::string& id : modules) {
            const Module* m = bank.findModule(id);
            if (!measured(m)) continue;
            auto [it, added] = byKey.try_emplace({pupil, m->identifier});
            if (added) {
                it->second.pupilId = pupil;
                it->second.moduleId = m->identifier;
            }
        }
    }
    std::vector<ModuleProgress> out;
    out.reserve(byKey.size());
    for (auto& [key, p] : byKey) {
        std::sort(p.shown.begin(), p.shown.end());
        p.shown.erase(std::unique(p.shown.begin(), p.shown.end()), p.shown.end());
        const Module* m = bank.findModule(p.moduleId);
        for (const std::string& item : p.shown) p.furthestShown = std::max(p.furthestShown, positionOf(*m, item));
        out.push_back(std::move(p));
    }
    return out;
}

namespace {

// Row: an ItemScoreRow or a ScoredAnswer, which share the fields asked here.
template <typename Row>
ResponseStatus statusOf(const ModuleProgress& progress, const std::string& itemId, int position, const Row* row) {
    if (progress.status == ModuleStatus::NotStarted || !row) return ResponseStatus::NotShown;
    if (!row->scored()) return ResponseStatus::CannotBeScored;
    if (row->awaitingTeacher) return ResponseStatus::NotYetScored;
    if (row->answered) return ResponseStatus::Answered;
    if (progress.wasShown(itemId)) return ResponseStatus::Empty;
    // The pupil ran out of time or stopped before getting this far; in a module the pupil finished
    // every item could have been reached, so an item never opened there was skipped.
    if ((progress.status == ModuleStatus::Stopped || progress.status == ModuleStatus::TimeUp) &&
        position > progress.furthestShown)
        return ResponseStatus::NotReached;
    return ResponseStatus::NotShown;
}

}  // namespace

ResponseStatus responseStatus(const ModuleProgress& progress, const std::string& itemId, int position,
                              const ItemScoreRow* row) {
    return statusOf(progress, itemId, position, row);
}

ResponseStatus responseStatus(const ModuleProgress& progress, const std::string& itemId, int position,
                              const ScoredAnswer* answer) {
    return statusOf(progress, itemId, position, answer);
}

}  // namespace dlk
