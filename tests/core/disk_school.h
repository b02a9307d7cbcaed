#pragma once
// A school in a database file (a backup needs a file), set up and left unlocked as after the
// teacher's PIN, with a helper that gives a pupil a full trace in every table that hangs on a
// pupil or an attempt (not a test file: the build globs *.cpp).
#include <doctest/doctest.h>

#include <string>

#include "core_test_helpers.h"
#include "school/school_store.h"
#include "storage/schema.h"

namespace dlk::test {

struct DiskSchool {
    TempDir dir;
    Database db{(dir.path() / "dlkiosk.db").string()};
    SchoolStore school{db};
    explicit DiskSchool(int64_t nowMs = 1'780'000'000'000) {
        migrateSchema(db);
        setUpTestSchool(school, nowMs);
    }
    int64_t count(const std::string& sql) {
        auto st = db.prepare(sql);
        REQUIRE(st.step());
        return st.getInt(0);
    }
    // One attempt with two answers, a flag, an event, a rubric score, and the pupil's plan.
    void giveAnswers(int64_t pupilId, const std::string& module) {
        auto a = db.prepare(
            "INSERT INTO attempts(pupil_id, module_id, language, started_at) VALUES (?, ?, 'nl', '2026-05-01')");
        a.bind(1, pupilId).bind(2, module);
        a.run();
        const std::string id = std::to_string(db.lastInsertId());
        db.exec("INSERT INTO responses VALUES (" + id + ", 'i1', 'RESPONSE', 'A', '2026-05-01')");
        db.exec("INSERT INTO responses VALUES (" + id + ", 'i2', 'RESPONSE', 'B', '2026-05-01')");
        db.exec("INSERT INTO flags VALUES (" + id + ", 'i1')");
        db.exec("INSERT INTO events(attempt_id, at_ms, kind) VALUES (" + id + ", 1, 'start')");
        db.exec("INSERT INTO human_scores(attempt_id, item_id, outcome_id, round, score, scorer, scored_at) VALUES (" +
                id + ", 'i2', 'SCORE_A', 1, 2, 'JV', '2026-05-02')");
        db.exec("INSERT OR IGNORE INTO session_plans VALUES (" + std::to_string(pupilId) +
                ", 'fixed', 1, 'm01', '2026-05-01')");
    }
};

}  // namespace dlk::test
