#pragma once
// A copy of the database before something changes it in a way that cannot be undone (a schema
// migration, sealing plaintext): <data>/backups/dlkiosk-<time>-<reason>.db, 0600 in a 0700
// folder, named like the kiosk's own backups (KioskCore::backup) so it is rotated out after
// three more of them.
#include <cstdint>
#include <string>

#include "storage/database.h"

namespace dlk {

// Returns the copy's path; an in-memory database is not copied (returns "").
std::string backupBeforeChange(Database& db, const std::string& reason, int64_t nowMs);

}  // namespace dlk
