// replicateClasses (demo/replicate_school.h): the benchmarks' school of national size, made by copying demo classes
// inside the database. Each copy must be a school's worth of pupils of its own: every table of a pupil's data copied
// with fresh ids, names that stay unique, codes that cannot log in as the originals, and an export that cannot tell
// the copies from the pupils they were copied from.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "core_test_helpers.h"
#include "demo/replicate_school.h"
#include "demo_export_school.h"

using namespace dlk;
using dlk::test::errorOf;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

int64_t count(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.getInt(0);
}

const char* const kPupilTables[] = {"classes", "pupils", "session_plans", "attempts", "responses",
                                    "flags",   "events", "human_scores",  "incidents"};

}  // namespace

TEST_CASE("replicate school: every table of a pupil's data copied with fresh ids - and the export sees each copy") {
    DemoOptions options = dlk::test::demoClass(7, 31);
    options.scoreRubrics = true;  // human_scores has rows to copy
    dlk::test::DemoExportSchool s(options);
    // A flag and an incident for certain (the demo's pupils flag an item only now and then).
    s.db.exec("INSERT OR IGNORE INTO flags(attempt_id, item_id) SELECT max(id), 'any-item' FROM attempts");
    s.db.exec(
        "INSERT INTO incidents(pupil_id, module_id, kind, recorded_at) SELECT min(id), '', 'late', 0 FROM pupils");
    std::map<std::string, int64_t> before;
    for (const char* table : kPupilTables) {
        before[table] = count(s.db, std::string("SELECT count(*) FROM ") + table);
        CHECK_MESSAGE(before[table] > 0, std::string(table));  // else the copy of that table is not tested
    }
    const int64_t teachers = count(s.db, "SELECT count(*) FROM teachers");

    const ReplicatedSchool r = replicateClasses(s.db, 2);
    for (const char* table : kPupilTables)
        CHECK_MESSAGE(count(s.db, std::string("SELECT count(*) FROM ") + table) == 3 * before[table],
                      std::string(table));
    CHECK(r.pupils == 3 * before["pupils"]);
    CHECK(r.responses == 3 * before["responses"]);
    CHECK(r.events == 3 * before["events"]);
    CHECK(count(s.db, "SELECT count(*) FROM teachers") == teachers);  // the school's own rows are not copied
    CHECK_FALSE(s.db.prepare("PRAGMA foreign_key_check").step());
    CHECK(s.db.integrityCheck() == "ok");
    // Each copy points at its own class and attempts, not at the originals'.
    CHECK(count(s.db, "SELECT count(DISTINCT class_id) FROM pupils") == 3);
    CHECK(count(s.db, "SELECT count(*) FROM classes WHERE name LIKE '% #2'") == 1);
    CHECK(count(s.db,
                "SELECT count(*) FROM responses r JOIN attempts a ON a.id=r.attempt_id JOIN pupils p ON "
                "p.id=a.pupil_id JOIN classes c ON c.id=p.class_id WHERE c.name LIKE '% #1'") == before["responses"]);
    CHECK(count(s.db, "SELECT count(DISTINCT code_hash) FROM pupils") == 3 * before["pupils"]);
    // A copy's answers are the original's, value for value.
    CHECK(count(s.db, "SELECT count(*) FROM responses o JOIN responses c ON c.attempt_id = o.attempt_id + " +
                          std::to_string(count(s.db, "SELECT max(id) / 3 FROM attempts")) +
                          " AND c.item_id = o.item_id AND c.response_id = o.response_id AND c.value = o.value "
                          "WHERE o.attempt_id <= (SELECT max(id) / 3 FROM attempts)") == before["responses"]);

    // The export holds every copy as pupils of their own, each with a pseudonym of its own.
    dlk::test::TempDir dir;
    s.exportTo(dir.file("out"));
    const auto pupils = parseCsv(readFile(fs::path(dir.file("out")) / "pupils.csv"));
    std::set<std::string> pseudonyms;
    for (size_t i = 1; i < pupils.size(); ++i) pseudonyms.insert(pupils[i][0]);
    CHECK(pseudonyms.size() == static_cast<size_t>(3 * before["pupils"]));
    const auto responses = parseCsv(readFile(fs::path(dir.file("out")) / "responses.csv"));
    std::set<std::string> classes;
    for (size_t i = 1; i < pupils.size(); ++i) classes.insert(pupils[i][2]);
    CHECK(classes.size() == 3);
    CHECK(responses.size() > 3 * 7 * 20);
}

TEST_CASE("replicate school: a school without pupils or a count out of range is refused and nothing is written") {
    dlk::test::DemoExportSchool s(dlk::test::demoClass(5, 7));
    const int64_t pupils = count(s.db, "SELECT count(*) FROM pupils");
    for (int64_t copies : {int64_t{0}, int64_t{-1}, int64_t{100'001}}) {
        CAPTURE(copies);
        const auto e = errorOf([&] { replicateClasses(s.db, copies); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(dlk::test::contains(e->what(), "1 to 100,000"));
    }
    CHECK(count(s.db, "SELECT count(*) FROM pupils") == pupils);

    Database empty(":memory:");
    migrateSchema(empty);
    const auto e = errorOf([&] { replicateClasses(empty, 1); });
    REQUIRE(e);
    CHECK(dlk::test::contains(e->what(), "no pupils"));
}
