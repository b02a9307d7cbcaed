#pragma once
// A school of national size for the benchmarks (dlkiosk bench export/merge): the demo simulates
// pupils one by one through the kiosk's own session (seconds per class), far too slow for the
// 100,000 pupils of issue 14's speed target. replicateClasses copies every class of a school,
// with its pupils and everything recorded about them (plans, attempts, answers, flags, process
// data, teachers' scores, incidents), `copies` times inside the database in one transaction.
//
// Each copy gets fresh ids, so its pupils have pseudonyms of their own and the export cannot
// tell them from real pupils; its classes are named "NAME #k". The copies cannot log in: their
// code hashes are random (codes are unique), while their sealed codes and names are the
// originals'. For benchmarks and tests only, never for a school's data.
#include <cstdint>

#include "storage/database.h"

namespace dlk {

struct ReplicatedSchool {
    int64_t classes = 0, pupils = 0, attempts = 0, responses = 0, events = 0;  // totals afterwards
};

// Copies the school's classes `copies` times (1 to 100,000); every table that holds a pupil's
// data is copied column by column as its schema stands (PRAGMA table_info), so a column added
// later is copied too. Throws dlk::Error(Invalid) for a school without pupils or a count out of
// range, before anything is written.
ReplicatedSchool replicateClasses(Database& db, int64_t copies);

}  // namespace dlk
