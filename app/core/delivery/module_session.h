#pragma once
// A pupil working through one module: the current item, the answers and flags in memory, and
// when they are stored. The UI reads state from here and sends actions; it never writes SQLite
// itself.
//
// Saving: a change to a choice, order or match, a flag and a teacher's pause are committed at
// once; a change while typing is committed after 2 s without further typing, and always before
// navigation. "Saved" is only reported once COMMIT returned. A failed commit (full disk,
// read-only medium) keeps the change in memory, reports the failure, and is retried on the next
// tick after kRetryDelayMs and on every navigation.
//
// Process data: every action is recorded through a ProcessLog (delivery/process_log.h) and
// written in the same transaction as the answer, flag, pause or move it accompanies; events on
// their own (typing, idle, read-aloud) wait in memory for at most ProcessLog::kFlushEveryMs.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "delivery/process_log.h"
#include "delivery/response_store.h"

namespace dlk {

enum class SaveState { Saved, Pending, Failed };

class ModuleSession {
public:
    static constexpr int64_t kTypingDelayMs = 2000;
    static constexpr int64_t kRetryDelayMs = 3000;

    // Starts or resumes the pupil's attempt at `module`, in the pupil's language. A paused
    // attempt comes back paused.
    ModuleSession(ResponseStore& store, const Module& module, int64_t pupilId, const std::string& language,
                  int64_t nowMs);

    const Module& module() const { return m_module; }
    const ModuleVariant& variant() const { return m_variant; }
    int64_t attemptId() const { return m_attempt.id; }
    size_t position() const { return m_position; }
    size_t itemCount() const { return m_variant.items.size(); }
    const Item& currentItem() const { return *m_variant.items[m_position]; }
    const Item& itemAt(size_t pos) const { return *m_variant.items[pos]; }
    bool finished() const { return m_finished; }
    // Nonlinear navigation lets the pupil move freely (dots, overview, flags); linear only forward.
    bool nonlinear() const { return m_module.navigationMode != "linear"; }

    // The current answer of a response variable of the current item (NULL when unanswered).
    Value response(const std::string& responseId) const;
    bool isAnswered(size_t pos) const;

    // Records a change; committed now, or after the typing delay when `typing` is set. Ignored
    // once finished and while paused.
    void setResponse(const std::string& responseId, Value value, int64_t nowMs, bool typing = false);
    // Several response variables of the current item changed by one action (a simulated
    // environment and the responses it fills): committed together, in one transaction. Throws
    // dlk::Error(Invalid), changing nothing, when one of them is not declared.
    void setResponses(const std::vector<std::pair<std::string, Value>>& values, int64_t nowMs, bool typing = false);
    // Commits what is due (typing delay passed, events waiting, or a retry after a failure).
    void tick(int64_t nowMs);
    // Commits everything pending now; false when the commit failed (it stays in memory).
    bool flush(int64_t nowMs);

    // Saves and moves. When saving fails the pupil stays where they are and false is returned.
    bool goTo(size_t pos, int64_t nowMs, NavigationHow how = NavigationHow::Dot);
    bool next(int64_t nowMs) {
        return m_position + 1 < itemCount() && goTo(m_position + 1, nowMs, NavigationHow::Next);
    }
    bool previous(int64_t nowMs) { return m_position > 0 && goTo(m_position - 1, nowMs, NavigationHow::Previous); }
    bool finish(int64_t nowMs);

    // --- flags: "come back to this one" (nonlinear navigation only) ----------------------------
    bool isFlagged(size_t pos) const;
    // Flags or unflags the current item, committed at once. False when refused (linear, paused,
    // finished) or when the commit failed (the flag stays in memory and is retried).
    bool setFlagged(bool flagged, int64_t nowMs);

    // --- process data -----------------------------------------------------------------------
    // Records an event about the current item that no other call records, e.g. the read-aloud
    // code: noteEvent(EventKind::ReadAloud, "question", now). `detail` is a short code, never
    // text the pupil wrote. Counts as the pupil's activity.
    void noteEvent(EventKind kind, const std::string& detail, int64_t nowMs);
    // The pupil's last input (App::lastInputMs): after ProcessLog::kIdleMs or more without any,
    // an Idle event records how long the pupil was inactive.
    void noteActivity(int64_t atMs);
    bool eventsPending() const { return !m_log.empty(); }

    // --- time ---------------------------------------------------------------------------------
    // The module's limit with the pupil's extra time, 0 for none. The clock runs from the first
    // tick after construction (so not while the kiosk was down) and only while not paused.
    void setTimeLimitMs(int64_t limitMs) { m_limitMs = limitMs; }
    int64_t timeLimitMs() const { return m_limitMs; }
    int64_t elapsedMs() const { return m_elapsedMs; }
    // Remaining time (never below 0); -1 when the module has no limit.
    int64_t remainingMs() const { return m_limitMs > 0 ? std::max<int64_t>(0, m_limitMs - m_elapsedMs) : -1; }
    bool timeUp() const { return m_limitMs > 0 && m_elapsedMs >= m_limitMs; }
    // A teacher's pause: the clock stops, answers and moves are refused, and attempts.paused is
    // committed (with anything else pending) so a restart comes back paused. False when the
    // commit failed; the pause holds in memory and the write is retried.
    bool setPaused(bool paused, int64_t nowMs);
    bool paused() const { return m_paused; }
    // While the kiosk shows something other than the module (the teacher's PIN, menu or screen)
    // the pupil cannot work, so that time does not count: the clock is held, as when paused, but
    // nothing is stored (it is not a pause).
    void holdClock(bool held, int64_t nowMs) {
        advanceClock(nowMs);
        m_clockHeld = held;
    }
    // A gap between two ticks longer than this (a suspended laptop) counts as this much at most.
    static constexpr int64_t kMaxTickGapMs = 65000;
    static constexpr int64_t kPersistElapsedEveryMs = 5000;

    SaveState saveState() const;
    const std::string& lastError() const { return m_lastError; }

private:
    // Writes everything pending in one transaction, with `extra` events that belong to this
    // write only (a move, the end): they are dropped when it fails, as the move did not happen.
    bool commit(int64_t nowMs, std::optional<size_t> newPosition, std::vector<ProcessEvent> extra = {},
                bool finishing = false);
    bool hasDirty() const { return !m_dirtyItems.empty() || !m_dirtyFlags.empty() || m_pauseDirty; }
    void advanceClock(int64_t nowMs);
    const std::string& currentId() const { return currentItem().identifier; }

    ResponseStore& m_store;
    const Module& m_module;
    const ModuleVariant& m_variant;
    AttemptRecord m_attempt;
    size_t m_position = 0;
    bool m_finished = false;
    std::map<std::string, VariableMap> m_answers;  // item id -> responses
    std::set<std::string> m_flags;                 // flagged item ids
    std::set<std::string> m_dirtyItems;
    std::map<std::string, bool> m_dirtyFlags;
    bool m_pauseDirty = false;
    ProcessLog m_log;
    int64_t m_dueAtMs = 0;          // when the pending change should be committed
    int64_t m_lastFailureMs = -1;   // -1: the last commit of an answer, flag, pause or move succeeded
    int64_t m_quietFailureMs = -1;  // -1: the last write of only events and time succeeded
    std::string m_lastError;
    int64_t m_limitMs = 0;
    int64_t m_elapsedMs = 0;
    int64_t m_persistedElapsedMs = 0;
    int64_t m_lastClockMs = -1;  // -1: the clock has not started in this process
    bool m_paused = false;
    bool m_clockHeld = false;
};

}  // namespace dlk
