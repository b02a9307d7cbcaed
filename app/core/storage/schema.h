#pragma once
#include "storage/database.h"

namespace dlk {

constexpr int kSchemaVersion = 5;

// Creates or upgrades the tables to kSchemaVersion in one transaction. Refuses a database
// written by a newer dlkiosk (it would not understand its data) and one that is not ours.
void migrateSchema(Database& db);

}  // namespace dlk
