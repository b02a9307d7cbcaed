// SQLite storage: the durability settings, RAII transactions, typed errors, and the schema.
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <random>

#include "core_test_helpers.h"
#include "school/school_store.h"
#include "storage/database.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

std::string pragmaText(Database& db, const std::string& pragma) {
    auto st = db.prepare("PRAGMA " + pragma);
    REQUIRE(st.step());
    return st.getText(0);
}

int64_t count(Database& db, const std::string& table) {
    auto st = db.prepare("SELECT count(*) FROM " + table);
    REQUIRE(st.step());
    return st.getInt(0);
}

int64_t tableCount(Database& db) {
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE type='table'");
    REQUIRE(st.step());
    return st.getInt(0);
}

}  // namespace

TEST_CASE("database: a file database runs in WAL mode with synchronous=FULL") {
    dlk::test::TempDir dir;
    Database db(dir.file("d.db"));
    CHECK(pragmaText(db, "journal_mode") == "wal");
    CHECK(pragmaText(db, "synchronous") == "2");  // FULL
    CHECK(pragmaText(db, "foreign_keys") == "1");
    CHECK(pragmaText(db, "trusted_schema") == "0");
    CHECK(db.path() == dir.file("d.db"));
    // A second connection to the same file sees the same settings.
    db.exec("CREATE TABLE t(x)");
    Database second(dir.file("d.db"));
    CHECK(pragmaText(second, "journal_mode") == "wal");
    CHECK(pragmaText(second, "synchronous") == "2");
    CHECK(std::filesystem::exists(dir.file("d.db-wal")));
}

TEST_CASE("database: a reader on another connection sees what was committed - and cannot write") {
    dlk::test::TempDir dir;
    Database db(dir.file("d.db"));
    db.exec("CREATE TABLE t(x)");
    db.exec("INSERT INTO t VALUES (1), (2)");
    std::optional<Database> reader = db.openReader();
    REQUIRE(reader);
    CHECK(reader->path() == db.path());
    auto count = reader->prepare("SELECT count(*) FROM t");
    REQUIRE(count.step());
    CHECK(count.getInt(0) == 2);
    const auto refused = errorOf([&] { reader->exec("INSERT INTO t VALUES (3)"); });
    REQUIRE(refused);
    CHECK(refused->kind() == ErrorKind::ReadOnly);
    // A database with no file of its own has no second connection to give.
    Database memory(":memory:");
    CHECK_FALSE(memory.openReader().has_value());
    // Nor one whose file is gone: the caller keeps to its own connection, nothing is refused.
    Database gone(dir.file("gone.db"));
    std::filesystem::remove(dir.file("gone.db"));
    CHECK_FALSE(gone.openReader().has_value());
}

TEST_CASE("database: a key walk finds every key's rows - stepping - searching far ahead - behind - and again") {
    Database db(":memory:");
    db.exec("CREATE TABLE r(k INTEGER, n INTEGER, PRIMARY KEY (k, n)) WITHOUT ROWID");
    // Keys 0, 3, 6, ... 597, each with k % 4 + 1 rows: 200 keys, far more than the walk steps over before searching.
    for (int k = 0; k < 600; k += 3)
        for (int n = 0; n <= k % 4; ++n)
            db.exec("INSERT INTO r VALUES (" + std::to_string(k) + "," + std::to_string(n) + ")");
    auto st = db.prepare("SELECT k, n FROM r WHERE k>=? ORDER BY k, n");
    KeyWalk walk(st);
    const auto rowsOf = [&](int64_t key) {
        int rows = 0;
        walk.seek(key);
        for (; walk.at(key); walk.next()) {
            CHECK(st.getInt(1) == rows);
            ++rows;
        }
        return rows;
    };
    CHECK(rowsOf(0) == 1);
    CHECK(rowsOf(3) == 4);    // the next key: stepped to
    CHECK(rowsOf(4) == 0);    // a key without rows
    CHECK(rowsOf(6) == 3);    // still found after it
    CHECK(rowsOf(501) == 2);  // far ahead: searched
    CHECK(rowsOf(6) == 3);    // behind: searched again
    CHECK(rowsOf(6) == 3);    // the same key again, its rows read: searched again
    CHECK(rowsOf(597) == 2);
    CHECK(rowsOf(600) == 0);  // past the last row
    CHECK_FALSE(walk.seek(601));
    CHECK(rowsOf(9) == 2);  // behind an exhausted walk
}

TEST_CASE("database: an in-memory database works and keeps synchronous=FULL") {
    Database db(":memory:");
    CHECK(pragmaText(db, "synchronous") == "2");
    CHECK(pragmaText(db, "journal_mode") == "memory");
    db.exec("CREATE TABLE t(i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)");
    const std::string blob("a\0b\xFF", 4);
    auto ins = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
    ins.bind(1, int64_t{1} << 40)
        .bind(2, 2.5)
        .bind(3, std::string("tekst met \xC3\xA9"))
        .bindBlob(4, blob.data(), blob.size())
        .bindNull(5);
    ins.run();
    CHECK(db.changes() == 1);
    CHECK(db.lastInsertId() == 1);
    auto st = db.prepare("SELECT i, d, s, b, n FROM t");
    REQUIRE(st.step());
    CHECK(st.getInt(0) == (int64_t{1} << 40));
    CHECK(st.getDouble(1) == 2.5);
    CHECK(st.getText(2) == "tekst met \xC3\xA9");
    CHECK(st.getBlob(3) == blob);
    CHECK(st.isNull(4));
    CHECK_FALSE(st.getOptionalText(4).has_value());
    CHECK(st.getOptionalText(2) == "tekst met \xC3\xA9");
    CHECK_FALSE(st.step());
    // A statement can be reset and run again with new bindings.
    ins.bind(1, 2).bind(2, 0.5).bind(3, "b").bindNull(4).bindNull(5);
    ins.run();
    CHECK(count(db, "t") == 2);
}

TEST_CASE("database: a transaction rolls back unless committed") {
    Database db(":memory:");
    db.exec("CREATE TABLE t(x)");
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        CHECK(count(db, "t") == 1);
    }  // no commit
    CHECK(count(db, "t") == 0);
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    CHECK(count(db, "t") == 1);
    // An exception inside the transaction rolls back every statement before it.
    auto e = errorOf([&] {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (3)");
        db.exec("INSERT INTO no_such_table VALUES (4)");
        tx.commit();
    });
    REQUIRE(e);
    CHECK(count(db, "t") == 1);
    // The connection is usable again afterwards: no transaction was left open.
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (5)");
        tx.commit();
    }
    CHECK(count(db, "t") == 2);
}

TEST_CASE("database: a rolled-back transaction on a file is invisible to another connection") {
    dlk::test::TempDir dir;
    Database db(dir.file("d.db"));
    db.exec("CREATE TABLE t(x)");
    Database reader(dir.file("d.db"));
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        CHECK(count(reader, "t") == 0);  // not committed yet
    }
    CHECK(count(reader, "t") == 0);
    {
        Transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        tx.commit();
    }
    CHECK(count(reader, "t") == 1);
}

TEST_CASE("database: SQL errors are dlk::Error naming the file") {
    Database db(":memory:");
    auto e = errorOf([&] { db.prepare("SELEKT 1"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Storage);
    CHECK(contains(e->what(), ":memory:"));
    db.exec("CREATE TABLE u(x UNIQUE)");
    db.exec("INSERT INTO u VALUES (1)");
    e = errorOf([&] { db.exec("INSERT INTO u VALUES (1)"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Storage);
    CHECK(contains(e->what(), "UNIQUE"));
    // Nested transactions are refused, and the outer one still works.
    Transaction outer(db);
    e = errorOf([&] { Transaction inner(db); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Storage);
    db.exec("INSERT INTO u VALUES (2)");
    outer.commit();
    CHECK(count(db, "u") == 2);
}

TEST_CASE("database: foreign keys are enforced") {
    Database db(":memory:");
    db.exec("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid INTEGER REFERENCES p(id))");
    auto e = errorOf([&] { db.exec("INSERT INTO c VALUES (42)"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "FOREIGN KEY"));
}

TEST_CASE("database: a file that is not a database is reported as Corrupt") {
    dlk::test::TempDir dir;
    std::string junk;
    for (int i = 0; i < 200; ++i) junk += "Dit is geen SQLite-bestand maar een boodschappenlijst. ";
    dlk::test::writeFile(dir.file("junk.db"), junk);
    auto e = errorOf([&] { Database db(dir.file("junk.db")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Corrupt);
    CHECK(contains(e->what(), "junk.db"));
    // Read-only: the error may come at open or at the first query, but it is the same kind.
    e = errorOf([&] {
        Database db(dir.file("junk.db"), Database::Mode::ReadOnly);
        (void)db.quickCheck();
    });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Corrupt);
    // The junk is left as it was.
    CHECK(dlk::test::readFile(dir.file("junk.db")) == junk);
}

TEST_CASE("database: writes through a read-only connection fail with ReadOnly") {
    dlk::test::TempDir dir;
    {
        Database db(dir.file("d.db"));
        db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
    }
    Database ro(dir.file("d.db"), Database::Mode::ReadOnly);
    CHECK(count(ro, "t") == 1);
    auto e = errorOf([&] { ro.exec("INSERT INTO t VALUES (2)"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::ReadOnly);
    CHECK(contains(e->what(), "d.db"));
    e = errorOf([&] {
        Transaction tx(ro);
        ro.exec("INSERT INTO t VALUES (3)");
        tx.commit();
    });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::ReadOnly);
    CHECK(count(ro, "t") == 1);
}

TEST_CASE("database: PRAGMA query_only turns writes into ReadOnly errors and back") {
    Database db(":memory:");
    db.exec("CREATE TABLE t(x)");
    db.exec("PRAGMA query_only=ON");
    auto e = errorOf([&] { db.exec("INSERT INTO t VALUES (1)"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::ReadOnly);
    db.exec("PRAGMA query_only=OFF");
    db.exec("INSERT INTO t VALUES (1)");
    CHECK(count(db, "t") == 1);
}

TEST_CASE("database: a missing file in read-only mode or an impossible path is an Io error") {
    dlk::test::TempDir dir;
    auto e = errorOf([&] { Database db(dir.file("bestaat-niet.db"), Database::Mode::ReadOnly); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK(contains(e->what(), "bestaat-niet.db"));
    CHECK_FALSE(std::filesystem::exists(dir.file("bestaat-niet.db")));
    e = errorOf([&] { Database db(dir.file("geen-map/d.db")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
}

TEST_CASE("database: quick and integrity checks pass on a good database - and a backup is a full copy") {
    dlk::test::TempDir dir;
    Database db(dir.file("d.db"));
    migrateSchema(db);
    db.exec("INSERT INTO classes(name, created_at) VALUES ('8a', 'x')");
    CHECK(db.quickCheck() == "ok");
    CHECK(db.integrityCheck() == "ok");
    dlk::test::writeFile(dir.file("backup.db"), "oud");  // overwritten
    db.backupTo(dir.file("backup.db"));
    Database copy(dir.file("backup.db"), Database::Mode::ReadOnly);
    CHECK(copy.integrityCheck() == "ok");
    auto st = copy.prepare("SELECT name FROM classes");
    REQUIRE(st.step());
    CHECK(st.getText(0) == "8a");
}

TEST_CASE("schema: migrating creates every table and records version 1") {
    Database db(":memory:");
    migrateSchema(db);
    for (const char* t : {"meta", "school", "classes", "pupils", "attempts", "responses"}) {
        auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
        st.bind(1, t);
        CHECK_MESSAGE(st.step(), t);
    }
    auto st = db.prepare("SELECT value FROM meta WHERE key='schema_version'");
    REQUIRE(st.step());
    CHECK(st.getText(0) == std::to_string(kSchemaVersion));
}

TEST_CASE("schema: migrating twice is harmless and keeps the data") {
    dlk::test::TempDir dir;
    {
        Database db(dir.file("d.db"));
        migrateSchema(db);
        db.exec("INSERT INTO classes(name, created_at) VALUES ('8a', 'x')");
        migrateSchema(db);
    }
    Database db(dir.file("d.db"));
    const int64_t tables = tableCount(db);
    migrateSchema(db);
    CHECK(tableCount(db) == tables);
    CHECK(count(db, "classes") == 1);
    CHECK(count(db, "meta") == 1);
}

TEST_CASE("schema: a database with other tables is refused and left untouched") {
    Database db(":memory:");
    db.exec("CREATE TABLE recipes(name TEXT); INSERT INTO recipes VALUES ('stamppot')");
    auto e = errorOf([&] { migrateSchema(db); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "not a dlkiosk database"));
    CHECK(tableCount(db) == 1);
    CHECK(count(db, "recipes") == 1);
}

TEST_CASE("schema: a database from a newer dlkiosk is refused") {
    Database db(":memory:");
    migrateSchema(db);
    db.exec("UPDATE meta SET value='" + std::to_string(kSchemaVersion + 1) + "' WHERE key='schema_version'");
    auto e = errorOf([&] { migrateSchema(db); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "newer"));
    // The refusal changed nothing and left no transaction open.
    db.exec("INSERT INTO classes(name, created_at) VALUES ('8a', 'x')");
    CHECK(count(db, "classes") == 1);
}

TEST_CASE("schema: a damaged schema_version is a dlk::Error - not a stray exception") {
    // Regression (fixed in bd74528): schema_version was read with std::stoi, so a damaged value
    // threw std::invalid_argument past the UI's dlk::Error boundary.
    Database db(":memory:");
    migrateSchema(db);
    db.exec("UPDATE meta SET value='een' WHERE key='schema_version'");
    bool typed = false;
    try {
        migrateSchema(db);
    } catch (const dlk::Error& e) {
        typed = true;
        CHECK(contains(e.what(), "schema"));
    } catch (const std::exception& e) {
        FAIL_CHECK("migrateSchema threw " << std::string(e.what()) << " instead of a dlk::Error");
    }
    CHECK(typed);
}

TEST_CASE("schema 16: each attempt keeps its items shown and its time up - filled from the events of a school before") {
    // A school at version 15 with process data: the migration fills shown_items and timed_out from its events.
    dlk::test::TempDir dir;
    Database db(dir.file("school.db"));
    migrateSchema(db, 15);
    db.exec(R"SQL(
      INSERT INTO classes(id, name, created_at) VALUES (1, '8a', 'x');
      INSERT INTO pupils(id, class_id, language, created_at) VALUES (1, 1, 'nl', 'x'), (2, 1, 'nl', 'x');
      INSERT INTO attempts(id, pupil_id, module_id, language, started_at) VALUES (1, 1, 'm01', 'nl', 'x'),
                                                                             (2, 2, 'm01', 'nl', 'x');
      INSERT INTO events(attempt_id, at_ms, kind, item_id, detail) VALUES
        (1, 1, 'attempt_start', NULL, NULL), (1, 2, 'item_shown', 'i2', 'position=2'),
        (1, 3, 'item_shown', 'i1', 'position=1'), (1, 4, 'answer_changed', 'i1', 'RESPONSE'),
        (1, 5, 'item_shown', 'i2', 'position=2'), (1, 6, 'time_up', NULL, NULL),
        (2, 7, 'item_shown', 'i1', 'position=1');
    )SQL");
    migrateSchema(db);
    const auto attempt = [&](int64_t id) {
        auto st = db.prepare("SELECT shown_items, timed_out FROM attempts WHERE id=?");
        st.bind(1, id);
        REQUIRE(st.step());
        return std::make_pair(st.getText(0), st.getInt(1));
    };
    CHECK(attempt(1) == std::make_pair(std::string("i2\ni1\n"), int64_t{1}));  // each once, first shown first
    CHECK(attempt(2) == std::make_pair(std::string("i1\n"), int64_t{0}));
    // Version 15's index for the progress is gone with the events it covered read.
    CHECK_FALSE(db.prepare("SELECT 1 FROM sqlite_master WHERE name='events_shown'").step());

    // From now on the triggers keep them as events are written, whoever writes them.
    db.exec(R"SQL(
      INSERT INTO events(attempt_id, at_ms, kind, item_id, detail) VALUES
        (2, 8, 'item_shown', 'i3', 'position=3'), (2, 9, 'item_shown', 'i1', 'position=1'),
        (2, 10, 'item_shown', '', NULL), (2, 11, 'item_shown', NULL, NULL), (2, 12, 'flag', 'i4', NULL);
    )SQL");
    CHECK(attempt(2) == std::make_pair(std::string("i1\ni3\n"), int64_t{0}));
    db.exec("INSERT INTO events(attempt_id, at_ms, kind) VALUES (2, 13, 'time_up')");
    CHECK(attempt(2).second == 1);
    // A flood of made-up ids (a hostile bundle) stops growing the list at 8 KiB.
    {
        Transaction tx(db);
        auto st = db.prepare("INSERT INTO events(attempt_id, at_ms, kind, item_id) VALUES (1, 20, 'item_shown', ?)");
        for (int i = 0; i < 2000; ++i) {
            st.reset();
            st.bind(1, "made-up-item-" + std::to_string(i));
            st.run();
        }
        tx.commit();
    }
    CHECK(attempt(1).first.size() >= 8192 - 32);
    CHECK(attempt(1).first.size() < 8192 + 32);
    CHECK(attempt(1).first.rfind("i2\ni1\nmade-up-item-0\n", 0) == 0);
}

TEST_CASE("database: mutated database files never crash: each opens cleanly or fails with a dlk::Error") {
    dlk::test::TempDir dir;
    const std::string good = dir.file("good.db");
    {
        Database db(good);
        migrateSchema(db);
        db.exec("INSERT INTO classes(name, created_at) VALUES ('8a', '2026-01-01')");
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const std::string bytes = dlk::test::readFile(good);
    REQUIRE(bytes.size() >= 4096);
    std::mt19937 rng(20261128);
    int detected = 0;
    for (int round = 0; round < 40; ++round) {
        std::string mutated = bytes;
        const int flips = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < flips; ++k) {
            // Skip the 16-byte magic now and then, so most mutations reach the pages.
            const size_t at = 16 + rng() % (mutated.size() - 16);
            mutated[at] = static_cast<char>(rng() & 0xFF);
        }
        const std::string path = dir.file("m" + std::to_string(round) + ".db");
        dlk::test::writeFile(path, mutated);
        CAPTURE(round);
        try {
            Database db(path);
            const std::string check = db.quickCheck();
            if (check != "ok") ++detected;
            SchoolStore school(db);
            (void)school.classes();
        } catch (const dlk::Error&) {
            ++detected;  // reported, not crashed
        }
    }
    MESSAGE(detected << " of 40 mutated copies were detected as damaged");
    CHECK(detected > 0);
}

TEST_CASE("schema: a version 1 database is upgraded in place and keeps its data") {
    dlk::test::TempDir dir;
    const std::string path = dir.file("v1.db");
    {
        Database db(path);
        // Exactly what dlkiosk 0.1 wrote: the version 1 tables with a pupil and an answer.
        db.exec(R"SQL(
          CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
          CREATE TABLE school(id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL, pin_hash TEXT NOT NULL,
                              pseudonym_key BLOB NOT NULL, created_at TEXT NOT NULL);
          CREATE TABLE classes(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
          CREATE TABLE pupils(id INTEGER PRIMARY KEY, class_id INTEGER NOT NULL REFERENCES classes(id),
                              code TEXT NOT NULL UNIQUE, display_name TEXT, language TEXT NOT NULL DEFAULT 'nl',
                              created_at TEXT NOT NULL);
          CREATE TABLE attempts(id INTEGER PRIMARY KEY, pupil_id INTEGER NOT NULL REFERENCES pupils(id),
                                module_id TEXT NOT NULL, language TEXT NOT NULL, current_position INTEGER NOT NULL DEFAULT 0,
                                started_at TEXT NOT NULL, finished_at TEXT, UNIQUE (pupil_id, module_id));
          CREATE TABLE responses(attempt_id INTEGER NOT NULL REFERENCES attempts(id), item_id TEXT NOT NULL,
                                 response_id TEXT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL,
                                 PRIMARY KEY (attempt_id, item_id, response_id)) WITHOUT ROWID;
          INSERT INTO meta VALUES ('schema_version', '1');
          INSERT INTO classes VALUES (1, '8a', 'x');
          INSERT INTO pupils VALUES (1, 1, 'ABCD-EFGH', 'Noor', 'nl', 'x');
          INSERT INTO attempts VALUES (1, 1, 'm01', 'nl', 3, 'x', NULL);
          INSERT INTO responses VALUES (1, 'i1', 'RESPONSE', '"C"', 'x');
        )SQL");
    }
    Database db(path);
    migrateSchema(db);
    auto v = db.prepare("SELECT value FROM meta WHERE key='schema_version'");
    REQUIRE(v.step());
    CHECK(v.getText(0) == std::to_string(kSchemaVersion));
    // The code and name wait, in plain, for their lookup hash (next start) and sealing (next PIN).
    auto p = db.prepare("SELECT legacy_code, text_scale_pct, high_contrast, extra_time_pct FROM pupils");
    REQUIRE(p.step());
    CHECK(p.getText(0) == "ABCD-EFGH");
    CHECK(p.getInt(1) == 100);
    CHECK(p.getInt(2) == 0);
    CHECK(p.getInt(3) == 0);
    auto a = db.prepare("SELECT current_position, elapsed_ms FROM attempts");
    REQUIRE(a.step());
    CHECK(a.getInt(0) == 3);
    CHECK(a.getInt(1) == 0);
    CHECK(count(db, "responses") == 1);
    migrateSchema(db);  // idempotent
    CHECK(count(db, "responses") == 1);
}
