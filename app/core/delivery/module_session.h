#pragma once
// A pupil working through one module: the current item, the answers in memory, and when they
// are stored. The UI reads state from here and sends actions; it never writes SQLite itself.
//
// Saving: a change to a choice, order or match is committed at once; a change while typing is
// committed after 2 s without further typing, and always before navigation. "Saved" is only
// reported once COMMIT returned. A failed commit (full disk, read-only medium) keeps the answer
// in memory, reports the failure, and is retried on the next tick and on every navigation.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "bank/item_bank.h"
#include "delivery/response_store.h"

namespace dlk {

enum class SaveState { Saved, Pending, Failed };

class ModuleSession {
public:
    static constexpr int64_t kTypingDelayMs = 2000;
    static constexpr int64_t kRetryDelayMs = 3000;

    // Starts or resumes the pupil's attempt at `module`, in the pupil's language.
    ModuleSession(ResponseStore& store, const Module& module, int64_t pupilId, const std::string& language, int64_t nowMs);

    const Module& module() const { return m_module; }
    const ModuleVariant& variant() const { return m_variant; }
    int64_t attemptId() const { return m_attempt.id; }
    size_t position() const { return m_position; }
    size_t itemCount() const { return m_variant.items.size(); }
    const Item& currentItem() const { return *m_variant.items[m_position]; }
    const Item& itemAt(size_t pos) const { return *m_variant.items[pos]; }
    bool finished() const { return m_finished; }

    // The current answer of a response variable of the current item (NULL when unanswered).
    Value response(const std::string& responseId) const;
    bool isAnswered(size_t pos) const;

    // Records a change; committed now, or after the typing delay when `typing` is set.
    void setResponse(const std::string& responseId, Value value, int64_t nowMs, bool typing = false);
    // Commits what is due (typing delay passed, or a retry after a failure).
    void tick(int64_t nowMs);
    // Commits everything pending now; false when the commit failed (the answer stays in memory).
    bool flush(int64_t nowMs);

    // Saves and moves. When saving fails the pupil stays where they are and false is returned.
    bool goTo(size_t pos, int64_t nowMs);
    bool next(int64_t nowMs) { return m_position + 1 < itemCount() && goTo(m_position + 1, nowMs); }
    bool previous(int64_t nowMs) { return m_position > 0 && goTo(m_position - 1, nowMs); }
    bool finish(int64_t nowMs);

    // --- time ---------------------------------------------------------------------------------
    // The module's limit with the pupil's extra time, 0 for none. The clock runs from the first
    // tick after construction (so not while the kiosk was down) and only while not paused.
    void setTimeLimitMs(int64_t limitMs) { m_limitMs = limitMs; }
    int64_t timeLimitMs() const { return m_limitMs; }
    int64_t elapsedMs() const { return m_elapsedMs; }
    // Remaining time (never below 0); -1 when the module has no limit.
    int64_t remainingMs() const { return m_limitMs > 0 ? std::max<int64_t>(0, m_limitMs - m_elapsedMs) : -1; }
    bool timeUp() const { return m_limitMs > 0 && m_elapsedMs >= m_limitMs; }
    void setPaused(bool paused, int64_t nowMs);
    bool paused() const { return m_paused; }
    // A gap between two ticks longer than this (a suspended laptop) counts as this much at most.
    static constexpr int64_t kMaxTickGapMs = 65000;
    static constexpr int64_t kPersistElapsedEveryMs = 5000;

    SaveState saveState() const;
    const std::string& lastError() const { return m_lastError; }

private:
    bool commitDirty(int64_t nowMs, std::optional<size_t> newPosition);

    ResponseStore& m_store;
    const Module& m_module;
    const ModuleVariant& m_variant;
    AttemptRecord m_attempt;
    size_t m_position = 0;
    bool m_finished = false;
    std::map<std::string, VariableMap> m_answers;  // item id -> responses
    std::set<std::string> m_dirtyItems;
    int64_t m_dueAtMs = 0;          // when the pending change should be committed
    int64_t m_lastFailureMs = -1;   // -1: the last commit succeeded
    std::string m_lastError;
    int64_t m_limitMs = 0;
    int64_t m_elapsedMs = 0;
    int64_t m_persistedElapsedMs = 0;
    int64_t m_lastClockMs = -1;     // -1: the clock has not started in this process
    bool m_paused = false;
    void advanceClock(int64_t nowMs);
};

}  // namespace dlk
