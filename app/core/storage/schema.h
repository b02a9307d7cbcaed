#pragma once
#include "storage/database.h"

namespace dlk {

constexpr int kSchemaVersion = 16;

// Creates or upgrades the tables to kSchemaVersion in one transaction, after a backup copy of an
// existing school's database (storage/backups.h). Refuses a database written by a newer dlkiosk
// (it would not understand its data) and one that is not ours. `targetVersion` below the current
// one makes the database an older dlkiosk wrote (for tests of the migrations).
void migrateSchema(Database& db, int targetVersion = kSchemaVersion);

}  // namespace dlk
