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

// The 0-based position of `itemId` among the module's items, or -1.
int positionOf(const Module& m, std::string_view itemId) {
    for (size_t i = 0; i < m.refs.size(); ++i)
        if (m.refs[i].identifier == itemId) return static_cast<int>(i);
    return -1;
}

}  // namespace

bool ModuleProgress::wasShown(int position) const {
    return position >= 1 && static_cast<size_t>(position) <= shown.size() && shown[static_cast<size_t>(position - 1)];
}

std::vector<ModuleProgress> moduleProgress(Database& db, const ItemBank& bank, int64_t classId, StoredAnswers stored) {
    // A school holds hundreds of thousands of attempts and millions of answers: each is read once, in attempt id
    // order, into the attempt's entry (found by walking the attempts in the same order), with the items kept as
    // positions in the module, never as strings of their own. The events are not read: the attempt keeps what they
    // say of its progress.
    struct Attempt {
        int64_t id = 0;
        const Module* module = nullptr;
        bool finished = false, timeUp = false;
        ModuleProgress progress;  // pupil, module and the items seen by this attempt
    };
    std::vector<Attempt> attempts;  // measured attempts, by id
    std::vector<int64_t> pupils;
    {
        auto st = db.prepare("SELECT id FROM pupils WHERE ?=0 OR class_id=? ORDER BY id");
        st.bind(1, classId).bind(2, classId);
        while (st.step()) pupils.push_back(st.getInt(0));
    }
    {
        // The events' item_shown and time_up as the attempt keeps them (shown_items, timed_out: storage/schema.cpp,
        // version 16), one row per attempt instead of a school's millions of events.
        auto st = db.prepare(
            "SELECT a.id, a.pupil_id, a.module_id, a.finished_at IS NOT NULL, a.current_position, a.shown_items, "
            "a.timed_out FROM attempts a JOIN pupils p ON p.id=a.pupil_id WHERE ?=0 OR p.class_id=? ORDER BY a.id");
        st.bind(1, classId).bind(2, classId);
        const Module* m = nullptr;
        std::string moduleId;
        while (st.step()) {
            if (!m || st.textView(2) != moduleId) {  // attempts at one module come in runs
                moduleId = st.getText(2);
                m = bank.findModule(moduleId);
            }
            if (!measured(m)) continue;
            Attempt& a = attempts.emplace_back();
            a.id = st.getInt(0);
            a.module = m;
            a.finished = st.getInt(3) != 0;
            a.progress.pupilId = st.getInt(1);
            a.progress.moduleId = m->identifier;
            a.progress.shown.assign(m->refs.size(), false);
            // The item the attempt is at now was on screen (0-based position), even without events.
            const int64_t at = st.getInt(4);
            if (at >= 0 && static_cast<size_t>(at) < m->refs.size()) a.progress.shown[static_cast<size_t>(at)] = true;
            // A finish after the time limit is recorded as time_up followed by finish (ModuleSession::finish).
            a.timeUp = st.getInt(6) != 0;
            for (std::string_view rest = st.textView(5); !rest.empty();) {  // ids, each followed by a newline
                const size_t end = std::min(rest.find('\n'), rest.size());
                if (const int position = positionOf(*m, rest.substr(0, end)); position >= 0)
                    a.progress.shown[static_cast<size_t>(position)] = true;
                rest.remove_prefix(std::min(rest.size(), end + 1));
            }
        }
    }
    // Rows come by attempt id, as `attempts` are: the cursor only moves on (a binary search when it must jump).
    auto cursor = attempts.begin();
    auto attemptOf = [&](int64_t attemptId) -> Attempt* {
        if (cursor == attempts.end() || cursor->id != attemptId) {
            if (cursor != attempts.end() && cursor->id < attemptId && (cursor + 1) != attempts.end() &&
                (cursor + 1)->id == attemptId)
                ++cursor;
            else
                cursor = std::lower_bound(attempts.begin(), attempts.end(), attemptId,
                                          [](const Attempt& a, int64_t id) { return a.id < id; });
        }
        return cursor == attempts.end() || cursor->id != attemptId ? nullptr : &*cursor;
    };
    const auto markShown = [](Attempt& a, std::string_view itemId) {
        const int position = positionOf(*a.module, itemId);
        if (position >= 0) a.progress.shown[static_cast<size_t>(position)] = true;
    };
    if (stored == StoredAnswers::Read) {
        cursor = attempts.begin();
        auto st = db.prepare("SELECT attempt_id, item_id FROM responses ORDER BY attempt_id, item_id");
        while (st.step())
            if (Attempt* a = attemptOf(st.getInt(0))) markShown(*a, st.textView(1));
    }
    // One entry per pupil and module: their attempts (one, as attempts are unique per pupil and stored module id),
    // then the modules of the pupil's plan not started.
    std::vector<ModuleProgress> out;
    out.reserve(attempts.size());
    for (Attempt& a : attempts) {
        a.progress.status = !a.finished ? ModuleStatus::Stopped
                            : a.timeUp  ? ModuleStatus::TimeUp
                                        : ModuleStatus::Finished;
        out.push_back(std::move(a.progress));
    }
    std::vector<Attempt>().swap(attempts);
    const auto byPupilAndModule = [](const ModuleProgress& x, const ModuleProgress& y) {
        return x.pupilId != y.pupilId ? x.pupilId < y.pupilId : x.moduleId < y.moduleId;
    };
    std::stable_sort(out.begin(), out.end(), byPupilAndModule);  // attempts of one pupil and module by id
    // Two stored module ids the bank knows as one module: one entry, the later attempt's status, every item seen.
    size_t kept = 0;
    for (size_t i = 0; i < out.size(); ++i) {
        if (kept > 0 && out[kept - 1].pupilId == out[i].pupilId && out[kept - 1].moduleId == out[i].moduleId) {
            ModuleProgress& into = out[kept - 1];
            for (size_t k = 0; k < into.shown.size(); ++k) into.shown[k] = into.shown[k] || out[i].shown[k];
            into.status = out[i].status;
            continue;
        }
        if (kept != i) out[kept] = std::move(out[i]);
        ++kept;
    }
    out.resize(kept);
    const size_t started = out.size();
    const DealtModules plans = SessionPlans(db).modulesOfClass(classId);
    std::vector<std::string> everyModule;
    for (const Module& m : bank.modules()) everyModule.push_back(m.identifier);
    const std::vector<std::string> noModules;
    size_t first = 0;  // the pupil's started entries: out[first, last), in pupil order as `pupils`
    for (int64_t pupil : pupils) {
        while (first < started && out[first].pupilId < pupil) ++first;
        size_t last = first;
        while (last < started && out[last].pupilId == pupil) ++last;
        const std::vector<std::string>* modules = plans.of(pupil);
        if (!modules)  // never logged in: nothing dealt yet, so every module is still open to them
            modules = first == last ? &everyModule : &noModules;
        const size_t addedFrom = out.size();
        for (const std::string& id : *modules) {
            const Module* m = bank.findModule(id);
            if (!measured(m)) continue;
            const auto isThis = [&](const ModuleProgress& p) { return p.moduleId == m->identifier; };
            if (std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first),
                            out.begin() + static_cast<std::ptrdiff_t>(last), isThis) ||
                std::any_of(out.begin() + static_cast<std::ptrdiff_t>(addedFrom), out.end(), isThis))
                continue;
            ModuleProgress& p = out.emplace_back();
            p.pupilId = pupil;
            p.moduleId = m->identifier;
        }
        first = last;
    }
    std::sort(out.begin(), out.end(), byPupilAndModule);
    for (ModuleProgress& p : out)
        for (size_t k = 0; k < p.shown.size(); ++k)
            if (p.shown[k]) p.furthestShown = static_cast<int>(k) + 1;
    return out;
}

void addStoredAnswers(std::span<ModuleProgress> progress, int64_t pupilId, const Module& module,
                      std::span<const uint8_t> stored) {
    const auto it =
        std::lower_bound(progress.begin(), progress.end(), std::make_pair(pupilId, &module.identifier),
                         [](const ModuleProgress& p, const auto& key) {
                             return p.pupilId != key.first ? p.pupilId < key.first : p.moduleId < *key.second;
                         });
    if (it == progress.end() || it->pupilId != pupilId || it->moduleId != module.identifier) return;
    for (size_t k = 0; k < stored.size() && k < it->shown.size(); ++k)
        if (stored[k]) {
            it->shown[k] = true;
            it->furthestShown = std::max(it->furthestShown, static_cast<int>(k) + 1);
        }
}

namespace {

// Row: an ItemScoreRow or a ScoredAnswer, which share the fields asked here.
template <typename Row>
ResponseStatus statusOf(const ModuleProgress& progress, int position, const Row* row) {
    if (progress.status == ModuleStatus::NotStarted || !row) return ResponseStatus::NotShown;
    if (!row->scored()) return ResponseStatus::CannotBeScored;
    if (row->awaitingTeacher) return ResponseStatus::NotYetScored;
    if (row->answered) return ResponseStatus::Answered;
    if (progress.wasShown(position)) return ResponseStatus::Empty;
    // The pupil ran out of time or stopped before getting this far; in a module the pupil finished
    // every item could have been reached, so an item never opened there was skipped.
    if ((progress.status == ModuleStatus::Stopped || progress.status == ModuleStatus::TimeUp) &&
        position > progress.furthestShown)
        return ResponseStatus::NotReached;
    return ResponseStatus::NotShown;
}

}  // namespace

ResponseStatus responseStatus(const ModuleProgress& progress, int position, const ItemScoreRow* row) {
    return statusOf(progress, position, row);
}

ResponseStatus responseStatus(const ModuleProgress& progress, int position, const ScoredAnswer* answer) {
    return statusOf(progress, position, answer);
}

}  // namespace dlk
