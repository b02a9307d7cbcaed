#pragma once
// Process data (what ICILS calls the log file): what a pupil did in a module and when. Every
// event carries the session's clock in ms, the item it concerns and a short machine-readable
// detail; never an answer (those are in `responses`), never a name or code (the attempt links
// to the pupil; exports turn that into a keyed pseudonym).
//
// The ModuleSession records through a ProcessLog, which buffers in memory. The session writes
// the buffer in the same transaction as an answer, a flag, a pause or a move when one happens,
// and otherwise once the oldest buffered event is kFlushEveryMs old, so typing does not cost a
// transaction per key. A failed write keeps the buffer, to be written with the next attempt.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

class Database;
class ItemBank;

enum class EventKind {
    AttemptStart,   // the attempt was created (written in the same transaction as the attempt)
    SessionResume,  // a later session on the same attempt: after a restart or another login
    ItemShown,      // detail: position=N (1-based)
    AnswerChanged,  // detail: the response variable's identifier, never the answer
    Navigation,     // detail: from=N to=M how=next|previous|dot|overview (positions 1-based)
    Flag,           // detail: on | off
    Overview,       // the pupil opened the overview; detail: via=button | via=finish
    Pause,          // a teacher paused the pupil
    Resume,         // a teacher let the pupil go on
    ReadAloud,      // detail: what was read, as the read-aloud code names it
    Idle,           // detail: ms=N; recorded when activity resumes after kIdleMs or more
    Finish,         // the module ended (by the pupil, or after TimeUp)
    TimeUp,         // the time limit was reached
    // An action in simulated software (sim/environment.h); detail: "<environment>.<action>" or
    // "<environment>.<action>=<argument>" from the environment's own closed vocabulary, e.g.
    // "calculator.key=7": never text the pupil typed.
    EnvironmentAction,
    EventsDropped,  // events were lost while the database could not be written; detail: count=N
};

const char* eventKindName(EventKind kind);
// A detail as ProcessLog keeps it: cut to kMaxDetailBytes, characters outside the code alphabet replaced.
std::string processDetail(std::string_view detail);
std::optional<EventKind> eventKindFromName(std::string_view name);

enum class NavigationHow { Next, Previous, Dot, Overview };
const char* navigationHowName(NavigationHow how);

struct ProcessEvent {
    int64_t atMs = 0;
    EventKind kind = EventKind::ItemShown;
    std::string itemId;  // empty when the event concerns no item
    std::string detail;
    bool operator==(const ProcessEvent&) const = default;
};

class ProcessLog {
public:
    static constexpr int64_t kFlushEveryMs = 5000;
    static constexpr int64_t kIdleMs = 60000;
    // While the database cannot be written the buffer grows; beyond this many events further ones
    // are only counted (an EventsDropped event records how many, once writing works again), so a
    // long failure cannot exhaust memory. At a pupil's pace this is several minutes of events.
    static constexpr size_t kMaxPendingEvents = 2000;
    // A detail is a short code: at most this many bytes of [A-Za-z0-9 _.:=+-/]; anything else in
    // it becomes '_', so no pupil's text can ride along in process data.
    static constexpr size_t kMaxDetailBytes = 96;

    explicit ProcessLog(int64_t startMs) : m_lastActivityMs(startMs) {}

    void record(int64_t atMs, EventKind kind, std::string itemId = {}, std::string detail = {});
    // The pupil did something at `atMs` (input, an answer, a move). After kIdleMs or more without
    // activity, one Idle event with the length of the inactivity is recorded first.
    void noteActivity(int64_t atMs, const std::string& itemId);
    // While a teacher pauses the pupil, inactivity is no idleness: suspend ends an idle spell
    // (recording it when long enough) and stops counting; restart counts again from `atMs`.
    void suspendIdle(int64_t atMs, const std::string& itemId);
    void restartIdle(int64_t atMs);

    const std::vector<ProcessEvent>& pending() const { return m_pending; }
    bool empty() const { return m_pending.empty(); }
    // True once the oldest buffered event has waited kFlushEveryMs.
    bool due(int64_t nowMs) const { return !m_pending.empty() && nowMs - m_pending.front().atMs >= kFlushEveryMs; }
    // The first `count` buffered events are on disk.
    void written(size_t count);
    // Events refused since the buffer was last full (see kMaxPendingEvents).
    size_t dropped() const { return m_dropped; }

private:
    std::vector<ProcessEvent> m_pending;
    size_t m_dropped = 0;
    int64_t m_lastDroppedMs = 0;
    int64_t m_lastActivityMs;
    bool m_idleSuspended = false;
};

// Inserts events for an attempt; the caller holds the transaction.
void insertEvents(Database& db, int64_t attemptId, const std::vector<ProcessEvent>& events);
std::vector<ProcessEvent> loadEvents(Database& db, int64_t attemptId);

// The events of every attempt (of a class, or of every class with classId 0), with the time
// the attempt started: its AttemptStart event, or started_at for an attempt from before events.
struct AttemptEvents {
    int64_t attemptId = 0;
    int64_t pupilId = 0;
    std::string moduleId;
    int64_t startMs = 0;
    std::vector<ProcessEvent> events;
};
std::vector<AttemptEvents> loadAttemptEvents(Database& db, int64_t classId);

// What the teacher sees per pupil: time per item (from showing it until the next move, pause or
// end, within one session), answer changes, idle time and flags.
struct ItemActivity {
    std::string itemId;
    int64_t timeMs = 0;
    int changes = 0;
    int visits = 0;
    bool flagged = false;  // at the last flag event
};
struct ActivitySummary {
    std::vector<ItemActivity> items;  // in the order first shown
    int64_t timeMs = 0;               // the sum over the items
    int64_t idleMs = 0;
    int idleSpells = 0;
    int changes = 0;
    int flagged = 0;
    int pauses = 0;
    int readAloud = 0;
    bool empty() const { return items.empty(); }
};
ActivitySummary summarizeActivity(const std::vector<ProcessEvent>& events);
// Per pupil of a class (classId 0: every class), over the pupil's attempts at modules of the
// bank that are measurements (not the practice module), as results and exports count them.
std::map<int64_t, ActivitySummary> classActivity(Database& db, const ItemBank& bank, int64_t classId);

}  // namespace dlk
