#pragma once
// Attempts (a pupil working through one module) and their responses in SQLite. Every write is
// its own transaction with synchronous=FULL: when a save function returns, the answer is on disk.
#include <cstdint>
#include <map>
#include <string>

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
};

// Responses as stored: item id -> response id -> JSON text of the value.
using StoredResponses = std::map<std::string, std::map<std::string, std::string>>;

class ResponseStore {
public:
    explicit ResponseStore(Database& db) : m_db(db) {}

    // The pupil's attempt at the module, created on first use; a later call returns the same one.
    AttemptRecord startOrResume(int64_t pupilId, const std::string& moduleId, const std::string& language, int64_t nowMs);
    std::optional<AttemptRecord> findAttempt(int64_t pupilId, const std::string& moduleId);
    // Writes the responses of one item and the attempt's position in one transaction.
    void saveItem(int64_t attemptId, const std::string& itemId, const VariableMap& responses, int position, int64_t nowMs,
                  int64_t elapsedMs);
    void savePosition(int64_t attemptId, int position, int64_t elapsedMs);
    void saveElapsed(int64_t attemptId, int64_t elapsedMs);
    void finish(int64_t attemptId, int64_t nowMs);
    StoredResponses load(int64_t attemptId);

private:
    Database& m_db;
};

// Decodes stored JSON against the item's declarations; a value that no longer fits its
// declaration (the item changed) is dropped rather than guessed at.
VariableMap decodeResponses(const Item& item, const std::map<std::string, std::string>& stored);

}  // namespace dlk
