#pragma once
// Attempts (a pupil working through one module), their responses, flags and process events in
// SQLite. Every write is one transaction with synchronous=FULL: when a write returns, it is on disk.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "delivery/process_log.h"
#include "qti/response_processing.h"
#include "storage/database.h"

namespace dlk {

struct AttemptRecord {
    int64_t id = 0;
    int64_t pupilId = 0;
    std::string moduleId;
    std::string language;
    int position = 0;
    bool finished = false;
    int64_t elapsedMs = 0;  // time spent in the module while the kiosk showed it
    bool paused = false;    // a teacher paused the pupil
};

// Responses as stored: item id -> response id -> JSON text of the value.
using StoredResponses = std::map<std::string, std::map<std::string, std::string>>;

// Everything one commit of a session writes, in one transaction; what is not set stays as it is.
struct AttemptWrite {
    std::vector<std::pair<std::string, const VariableMap*>> items;  // item id -> its responses
    std::map<std::string, bool> flags;                              // item id -> flagged
    std::optional<int> position;
    std::optional<int64_t> elapsedMs;  // only ever raised
    std::optional<bool> paused;
    bool finish = false;
    std::vector<ProcessEvent> events;
};

class ResponseStore {
public:
    explicit ResponseStore(Database& db) : m_db(db) {}

    // The pupil's attempt at the module, created on first use (with its AttemptStart event, in
    // the same transaction); a later call returns the same one.
    AttemptRecord startOrResume(int64_t pupilId, const std::string& moduleId, const std::string& language,
                                int64_t nowMs);
    std::optional<AttemptRecord> findAttempt(int64_t pupilId, const std::string& moduleId);
    // Writes answers, flags, position, time, pause, the end and events in one transaction.
    void write(int64_t attemptId, const AttemptWrite& w, int64_t nowMs);
    StoredResponses load(int64_t attemptId);
    std::set<std::string> loadFlags(int64_t attemptId);

private:
    Database& m_db;
    std::optional<Statement> m_load;  // prepared once: scoring a school loads every attempt
};

// Decodes stored JSON against the item's declarations; a value that no longer fits its
// declaration (the item changed) is dropped rather than guessed at.
VariableMap decodeResponses(const Item& item, const std::map<std::string, std::string>& stored);

}  // namespace dlk
