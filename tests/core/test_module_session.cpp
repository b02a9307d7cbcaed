// Delivery: when answers reach the disk, what "saved" means, resume, and what happens when a
// write fails (docs/data-flow.md). "On disk" is always checked through a SECOND
// connection to the same file, never through the session's own.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <optional>
#include <set>

#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "school/school_store.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

// m01-schoolreis in order: 0 choice (single identifier, key C), 1 order (ordered identifier),
// 2 choice (multiple identifier), 3 text entry (integer), 4 match (multiple directedPair),
// 5 text entry (string), 6 calculator (record: sim/calculator).
struct Fixture {
    dlk::test::TempDir dir;
    std::string path = dir.file("kiosk.db");
    Database db{path};
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* module = nullptr;
    ResponseStore store{db};
    int64_t pupilId = 0;

    explicit Fixture(const char* moduleId = "m01-schoolreis") : module(bank.findModule(moduleId)) {
        REQUIRE(module);
        migrateSchema(db);
        SchoolStore school(db);
        dlk::test::setUpTestSchool(school);
        const int64_t classId = school.createClass("Groep 8", kT0);
        pupilId = school.addPupils(classId, {"Daan"}, kT0)[0].id;
    }
};

// Where an item stands in the module's Dutch version.
size_t positionOf(const Module& module, const std::string& itemId) {
    const auto& items = module.variant("nl").items;
    for (size_t i = 0; i < items.size(); ++i)
        if (items[i]->identifier == itemId) return i;
    FAIL("no item " << itemId << " in " << module.identifier);
    return 0;
}

// The stored JSON of a response, read through a new connection.
std::optional<std::string> onDisk(const std::string& path, const std::string& itemId,
                                  const std::string& responseId = "RESPONSE") {
    Database other(path);
    auto st = other.prepare("SELECT value FROM responses WHERE item_id=? AND response_id=?");
    st.bind(1, itemId).bind(2, responseId);
    if (!st.step()) return std::nullopt;
    return st.getText(0);
}

int64_t positionOnDisk(const std::string& path) {
    Database other(path);
    auto st = other.prepare("SELECT current_position FROM attempts");
    REQUIRE(st.step());
    return st.getInt(0);
}

int64_t elapsedOnDisk(const std::string& path) {
    Database other(path);
    auto st = other.prepare("SELECT elapsed_ms FROM attempts");
    REQUIRE(st.step());
    return st.getInt(0);
}

std::set<std::string> flagsOnDisk(const std::string& path) {
    Database other(path);
    std::set<std::string> out;
    auto st = other.prepare("SELECT item_id FROM flags");
    while (st.step()) out.insert(st.getText(0));
    return out;
}

bool pausedOnDisk(const std::string& path) {
    Database other(path);
    auto st = other.prepare("SELECT paused FROM attempts");
    REQUIRE(st.step());
    return st.getInt(0) != 0;
}

std::vector<ProcessEvent> eventsOnDisk(const std::string& path) {
    Database other(path);
    auto st = other.prepare("SELECT id FROM attempts");
    REQUIRE(st.step());
    return loadEvents(other, st.getInt(0));
}

size_t countKind(const std::vector<ProcessEvent>& events, EventKind kind) {
    return static_cast<size_t>(
        std::count_if(events.begin(), events.end(), [kind](const ProcessEvent& e) { return e.kind == kind; }));
}

// Counts the transactions the session's connection commits.
struct CommitCounter {
    int commits = 0;
    explicit CommitCounter(Database& db) {
        sqlite3_commit_hook(
            db.handle(),
            [](void* self) {
                ++static_cast<CommitCounter*>(self)->commits;
                return 0;  // 0: let the commit go ahead
            },
            this);
    }
};

Value id(const std::string& v) {
    return Value::single(BaseType::Identifier, v);
}
Value integer(const std::string& v) {
    return Value::single(BaseType::Integer, v);
}
Value text(const std::string& v) {
    return Value::single(BaseType::String, v);
}

}  // namespace

TEST_CASE("module session: a new session starts at the first item with nothing answered") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    CHECK(s.position() == 0);
    CHECK(s.itemCount() == 15);
    CHECK(s.variant().language == "nl");
    CHECK(s.currentItem().identifier == "schoolreis-01-bestandstype");
    CHECK_FALSE(s.finished());
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(s.response("RESPONSE").isNull());
    for (size_t i = 0; i < 6; ++i) CHECK_FALSE(s.isAnswered(i));
    CHECK_FALSE(s.isAnswered(99));
    CHECK(positionOnDisk(f.path) == 0);
    CHECK(s.attemptId() == f.store.findAttempt(f.pupilId, "m01-schoolreis")->id);
}

TEST_CASE("module session: a choice is on disk before setResponse returns") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setResponse("RESPONSE", id("C"), kT0);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"C\"");
    s.setResponse("RESPONSE", id("A"), kT0 + 10);  // a change of mind, also at once
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"A\"");
    REQUIRE(s.goTo(1, kT0 + 20));
    s.setResponse("RESPONSE", Value::container(Cardinality::Ordered, BaseType::Identifier, {"B", "D", "A", "C"}),
                  kT0 + 30);
    CHECK(onDisk(f.path, "schoolreis-02-zoekstappen") == "[\"B\",\"D\",\"A\",\"C\"]");
    REQUIRE(s.next(kT0 + 40));
    s.setResponse("RESPONSE", Value::container(Cardinality::Multiple, BaseType::Identifier, {"A", "C"}), kT0 + 50);
    CHECK(onDisk(f.path, "schoolreis-03-advertentie") == "[\"A\",\"C\"]");
    CHECK(positionOnDisk(f.path) == 2);
    CHECK(s.isAnswered(0));
    CHECK(s.isAnswered(2));
    CHECK_FALSE(s.isAnswered(3));
}

TEST_CASE("module session: typing is committed after 2 s without typing") {
    Fixture f("m03-robot");  // robot-09-herhaal: a whole number typed in a text entry
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    REQUIRE(s.goTo(positionOf(*f.module, "robot-09-herhaal"), kT0));
    const std::string item = s.currentItem().identifier;
    s.setResponse("RESPONSE", integer("1"), kT0 + 1000, true);
    CHECK(s.saveState() == SaveState::Pending);
    CHECK(s.response("RESPONSE") == integer("1"));  // the UI shows what was typed
    CHECK_FALSE(onDisk(f.path, item).has_value());
    s.setResponse("RESPONSE", integer("15"), kT0 + 2500, true);  // another key: the delay restarts
    s.tick(kT0 + 3000);                                          // 2 s after the first key, 0.5 s after the last
    CHECK(s.saveState() == SaveState::Pending);
    CHECK_FALSE(onDisk(f.path, item).has_value());
    s.tick(kT0 + 4499);
    CHECK(s.saveState() == SaveState::Pending);
    CHECK_FALSE(onDisk(f.path, item).has_value());
    s.tick(kT0 + 4500);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(f.path, item) == "15");
    // A tick with nothing to do changes nothing.
    s.tick(kT0 + 9000);
    CHECK(s.saveState() == SaveState::Saved);
}

TEST_CASE("module session: typing is committed on navigation and on flush") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    REQUIRE(s.goTo(5, kT0));
    s.setResponse("RESPONSE", text("pd"), kT0 + 100, true);
    CHECK(s.saveState() == SaveState::Pending);
    REQUIRE(s.previous(kT0 + 200));  // well before the delay
    CHECK(s.position() == 4);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(f.path, "schoolreis-06-delen") == "\"pd\"");
    CHECK(positionOnDisk(f.path) == 4);
    REQUIRE(s.goTo(5, kT0 + 300));
    s.setResponse("RESPONSE", text("pdf"), kT0 + 400, true);
    CHECK(s.flush(kT0 + 500));
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(f.path, "schoolreis-06-delen") == "\"pdf\"");
    // A typed change followed by a click on the same item goes to disk at once.
    s.setResponse("RESPONSE", text("pdfx"), kT0 + 600, true);
    s.setResponse("RESPONSE", text("png"), kT0 + 700, false);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(f.path, "schoolreis-06-delen") == "\"png\"");
}

TEST_CASE("module session: a new session resumes at the same item with every answer") {
    Fixture f;
    const std::vector<std::pair<size_t, Value>> answers = {
        {0, id("C")},
        {1, Value::container(Cardinality::Ordered, BaseType::Identifier, {"D", "B", "A", "C"})},
        {2, Value::container(Cardinality::Multiple, BaseType::Identifier, {"A", "E"})},
        {4, Value::container(Cardinality::Multiple, BaseType::DirectedPair, {"S1 T2", "S3 T1"})},
        {5, text("pdf")},
    };
    int64_t attempt = 0;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        attempt = s.attemptId();
        for (const auto& [pos, value] : answers) {
            REQUIRE(s.goTo(pos, kT0));
            s.setResponse("RESPONSE", value, kT0, pos == 5);
        }
        REQUIRE(s.goTo(4, kT0 + 100));  // leaving item 6 commits its typed answer
    }
    // As after a restart: a new connection, store and session.
    Database db(f.path);
    ResponseStore store(db);
    ModuleSession s(store, *f.module, f.pupilId, "nl", kT0 + 60'000);
    CHECK(s.attemptId() == attempt);
    CHECK(s.position() == 4);
    CHECK(s.saveState() == SaveState::Saved);
    for (const auto& [pos, value] : answers) {
        CAPTURE(pos);
        CHECK(s.isAnswered(pos));
        REQUIRE(s.goTo(pos, kT0 + 60'000));
        CHECK(s.response("RESPONSE") == value);
    }
    CHECK_FALSE(s.isAnswered(3));
    REQUIRE(s.goTo(3, kT0 + 60'000));
    CHECK(s.response("RESPONSE").isNull());
}

TEST_CASE("module session: an integer answer of 20 survives a resume") {
    // Regression (fixed in bd74528): 20 was stored as the JSON 2e+01, which valueFromJson refused as
    // an integer, so decodeResponses dropped the answer on resume.
    Fixture f("m03-robot");
    const size_t at = positionOf(*f.module, "robot-09-herhaal");  // a whole number typed in a text entry
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        REQUIRE(s.goTo(at, kT0));
        s.setResponse("RESPONSE", integer("20"), kT0);
        CHECK(s.saveState() == SaveState::Saved);
    }
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0 + 1000);
    CHECK(s.position() == at);
    CHECK(s.isAnswered(at));
    CHECK(s.response("RESPONSE") == integer("20"));
}

TEST_CASE("module session: navigation stays in bounds and is stored even without answers") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    CHECK_FALSE(s.previous(kT0));
    const size_t last = s.itemCount() - 1;
    CHECK_FALSE(s.goTo(last + 1, kT0));
    CHECK_FALSE(s.goTo(static_cast<size_t>(-1), kT0));
    CHECK(s.position() == 0);
    REQUIRE(s.goTo(2, kT0));
    CHECK(positionOnDisk(f.path) == 2);
    REQUIRE(s.goTo(last, kT0));
    CHECK_FALSE(s.next(kT0));
    CHECK(s.position() == last);
    CHECK(positionOnDisk(f.path) == static_cast<int64_t>(last));
}

TEST_CASE("module session: an unknown response variable is refused and nothing is marked unsaved") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    auto e = errorOf([&] { s.setResponse("ANTWOORD", id("A"), kT0); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "ANTWOORD"));
    CHECK(s.saveState() == SaveState::Saved);
    CHECK_FALSE(s.isAnswered(0));
}

TEST_CASE("module session: a failed commit keeps the answer - reports Failed - holds navigation - and saves later") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setResponse("RESPONSE", id("C"), kT0);
    REQUIRE(onDisk(f.path, "schoolreis-01-bestandstype") == "\"C\"");

    f.db.exec("PRAGMA query_only=ON");  // every write of the session's connection now fails
    s.setResponse("RESPONSE", id("A"), kT0 + 1000);
    CHECK(s.saveState() == SaveState::Failed);
    CHECK_FALSE(s.lastError().empty());
    CHECK(s.response("RESPONSE") == id("A"));  // kept in memory
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"C\"");
    // The pupil stays where they are.
    CHECK_FALSE(s.goTo(1, kT0 + 1100));
    CHECK_FALSE(s.next(kT0 + 1200));
    CHECK(s.position() == 0);
    CHECK(positionOnDisk(f.path) == 0);
    CHECK_FALSE(s.finish(kT0 + 1300));
    CHECK_FALSE(s.finished());
    CHECK(s.saveState() == SaveState::Failed);

    f.db.exec("PRAGMA query_only=OFF");  // space is back
    s.tick(kT0 + 2000);                  // within the retry delay: not yet tried
    CHECK(s.saveState() == SaveState::Failed);
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"C\"");
    s.tick(kT0 + 1300 + ModuleSession::kRetryDelayMs);  // the retry
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(s.lastError().empty());
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"A\"");
    CHECK(s.goTo(1, kT0 + 5000));
    CHECK(positionOnDisk(f.path) == 1);
}

TEST_CASE("module session: after a failure - navigation retries at once and moves when the write succeeds") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    f.db.exec("PRAGMA query_only=ON");
    s.setResponse("RESPONSE", id("B"), kT0);
    CHECK(s.saveState() == SaveState::Failed);
    s.setResponse("RESPONSE", id("D"), kT0 + 100);  // another change while failing
    CHECK(s.saveState() == SaveState::Failed);
    CHECK(s.response("RESPONSE") == id("D"));
    f.db.exec("PRAGMA query_only=OFF");
    REQUIRE(s.goTo(2, kT0 + 200));
    CHECK(s.position() == 2);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"D\"");
    CHECK(positionOnDisk(f.path) == 2);
}

TEST_CASE("module session: a read-only database never reports an answer as saved") {
    Fixture f;
    { ModuleSession first(f.store, *f.module, f.pupilId, "nl", kT0); }  // the attempt exists
    Database ro(f.path, Database::Mode::ReadOnly);
    ResponseStore store(ro);
    ModuleSession s(store, *f.module, f.pupilId, "nl", kT0);
    s.setResponse("RESPONSE", id("C"), kT0);
    CHECK(s.saveState() == SaveState::Failed);
    CHECK(contains(s.lastError(), f.path));
    CHECK(s.response("RESPONSE") == id("C"));
    CHECK_FALSE(s.flush(kT0 + 10));
    CHECK_FALSE(s.goTo(1, kT0 + 20));
    CHECK_FALSE(onDisk(f.path, "schoolreis-01-bestandstype").has_value());
}

TEST_CASE("module session: finishing stores the end - freezes the answers and survives a resume") {
    Fixture f;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        s.setResponse("RESPONSE", id("C"), kT0);
        REQUIRE(s.finish(kT0 + 100));
        CHECK(s.finished());
        CHECK(s.finish(kT0 + 200));  // again: harmless
        s.setResponse("RESPONSE", id("A"), kT0 + 300);
        CHECK(s.response("RESPONSE") == id("C"));
        CHECK_FALSE(s.goTo(1, kT0 + 400));
    }
    Database other(f.path);
    auto st = other.prepare("SELECT finished_at IS NOT NULL FROM attempts");
    REQUIRE(st.step());
    CHECK(st.getInt(0) == 1);
    ModuleSession again(f.store, *f.module, f.pupilId, "nl", kT0 + 1000);
    CHECK(again.finished());
    CHECK(again.response("RESPONSE") == id("C"));
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"C\"");
}

TEST_CASE("module session: the English variant stores under the same item identifiers") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "en", kT0);
    CHECK(s.variant().language == "en");
    CHECK(s.currentItem().language == "en");
    s.setResponse("RESPONSE", id("C"), kT0);
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"C\"");
    CHECK(f.store.findAttempt(f.pupilId, "m01-schoolreis")->language == "en");
}

TEST_CASE("module session: stored answers that no longer fit the item are dropped - not guessed") {
    Fixture f;
    const Item& first = *f.module->variant("nl").items[0];
    const VariableMap decoded = decodeResponses(first, {{"RESPONSE", "[\"A\",\"B\"]"}, {"GONE", "\"C\""}});
    CHECK(decoded.empty());
    CHECK(decodeResponses(first, {{"RESPONSE", "{{kapot"}}).empty());
    CHECK(decodeResponses(first, {{"RESPONSE", "\"C\""}}).at("RESPONSE") == id("C"));
    CHECK(decodeResponses(first, {{"RESPONSE", "null"}}).at("RESPONSE").isNull());
    // A session over such a row starts cleanly with the answer missing.
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        f.db.exec("INSERT INTO responses(attempt_id, item_id, response_id, value, saved_at) VALUES (" +
                  std::to_string(s.attemptId()) + ", 'schoolreis-01-bestandstype', 'RESPONSE', '[1,2', 'x')");
    }
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    CHECK_FALSE(s.isAnswered(0));
}

TEST_CASE("module session: answers stored by the old JSON writer resume as they were") {
    // Rows exactly as util/json.cpp's own writer wrote them before nlohmann-json: no spaces, whole
    // numbers as integers, UTF-8 as is, control characters as \u00xx.
    Fixture f;
    const auto& items = f.module->variant("nl").items;
    const std::vector<std::pair<size_t, std::string>> rows = {
        {0, R"("C")"}, {1, R"(["D","B","A","C"])"}, {2, R"(["A","E"])"},
        {3, R"("B")"}, {4, R"(["S1 T2","S3 T1"])"}, {5, "\"Zo\xC3\xAB zei \\\"pdf\\\"\\n\\u0001\""},
    };
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        for (const auto& [pos, json] : rows) {
            auto put = f.db.prepare(
                "INSERT INTO responses(attempt_id, item_id, response_id, value, saved_at) "
                "VALUES (?, ?, 'RESPONSE', ?, 'x')");
            put.bind(1, s.attemptId()).bind(2, items[pos]->identifier).bind(3, json);
            put.run();
        }
    }
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0 + 1000);
    const std::vector<Value> expected = {
        id("C"),
        Value::container(Cardinality::Ordered, BaseType::Identifier, {"D", "B", "A", "C"}),
        Value::container(Cardinality::Multiple, BaseType::Identifier, {"A", "E"}),
        id("B"),
        Value::container(Cardinality::Multiple, BaseType::DirectedPair, {"S1 T2", "S3 T1"}),
        text("Zo\xC3\xAB zei \"pdf\"\n\x01"),
    };
    for (size_t pos = 0; pos < expected.size(); ++pos) {
        CAPTURE(pos);
        CHECK(s.isAnswered(pos));
        REQUIRE(s.goTo(pos, kT0 + 1000));
        CHECK(s.response("RESPONSE") == expected[pos]);
    }
}

TEST_CASE("module session: typed text that is not UTF-8 is stored with U+FFFD and resumes") {
    // The old writer stored such bytes as they were and its reader then refused the row, so the
    // answer was lost on resume; nlohmann's dump() would throw. dumpJson writes U+FFFD instead.
    Fixture f;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        REQUIRE(s.goTo(5, kT0));
        s.setResponse("RESPONSE", text("caf\xC3 en \xFF"), kT0);
        CHECK(s.saveState() == SaveState::Saved);
    }
    CHECK(onDisk(f.path, f.module->variant("nl").items[5]->identifier) == "\"caf\xEF\xBF\xBD en \xEF\xBF\xBD\"");
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0 + 1000);
    CHECK(s.isAnswered(5));
    REQUIRE(s.goTo(5, kT0 + 1000));
    CHECK(s.response("RESPONSE") == text("caf\xEF\xBF\xBD en \xEF\xBF\xBD"));
}

// Module time limits: the clock runs only while the kiosk shows the module, survives a crash
// (without counting the time the kiosk was down), pauses, and ends the module at zero.

TEST_CASE("module time: the clock runs from the first tick and counts down to the limit") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    CHECK(s.remainingMs() == -1);  // no limit set
    s.setTimeLimitMs(30 * 60000);
    s.tick(kT0 + 5000);  // the first tick starts the clock; nothing counted before it
    CHECK(s.elapsedMs() == 0);
    s.tick(kT0 + 65000);
    CHECK(s.elapsedMs() == 60000);
    CHECK(s.remainingMs() == 29 * 60000);
    CHECK_FALSE(s.timeUp());
    // The elapsed time reaches the disk every few seconds of running time.
    CHECK(elapsedOnDisk(f.path) == 60000);
}

TEST_CASE("module time: a long gap between ticks counts as at most 65 s") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setTimeLimitMs(30 * 60000);
    s.tick(kT0);
    s.tick(kT0 + 10 * 60000);  // a laptop suspended for ten minutes
    CHECK(s.elapsedMs() == ModuleSession::kMaxTickGapMs);
}

TEST_CASE("module time: paused time does not count") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setTimeLimitMs(30 * 60000);
    s.tick(kT0);
    s.tick(kT0 + 10000);
    s.setPaused(true, kT0 + 10000);
    s.tick(kT0 + 50000);
    CHECK(s.elapsedMs() == 10000);
    s.setPaused(false, kT0 + 60000);
    s.tick(kT0 + 70000);
    CHECK(s.elapsedMs() == 20000);
}

TEST_CASE("module time: after a crash the time already used is kept and the downtime is not counted") {
    Fixture f;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        s.setTimeLimitMs(30 * 60000);
        s.tick(kT0);
        s.tick(kT0 + 40000);
        s.setResponse("RESPONSE", Value::single(BaseType::Identifier, "C"), kT0 + 42000);  // commits 42 s
        s.tick(kT0 + 44000);                                                               // not yet persisted
    }                                                                                      // the process dies here
    CHECK(elapsedOnDisk(f.path) == 42000);
    // An hour later the pupil logs in again: the hour does not count, the 42 s do.
    ModuleSession again(f.store, *f.module, f.pupilId, "nl", kT0 + 3600000);
    again.setTimeLimitMs(30 * 60000);
    CHECK(again.elapsedMs() == 42000);
    again.tick(kT0 + 3600000);
    again.tick(kT0 + 3601000);
    CHECK(again.elapsedMs() == 43000);
}

TEST_CASE("module time: the limit is reached and finishing keeps every answer") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setTimeLimitMs(60000);
    s.tick(kT0);
    s.setResponse("RESPONSE", Value::single(BaseType::Identifier, "B"), kT0 + 1000);
    for (int64_t t = kT0; t <= kT0 + 61000; t += 1000) s.tick(t);
    CHECK(s.timeUp());
    CHECK(s.remainingMs() == 0);
    REQUIRE(s.finish(kT0 + 61000));
    ModuleSession after(f.store, *f.module, f.pupilId, "nl", kT0 + 70000);
    CHECK(after.finished());
    CHECK(after.response("RESPONSE") == Value::single(BaseType::Identifier, "B"));
    CHECK(elapsedOnDisk(f.path) >= 60000);
}

TEST_CASE("accommodations: stored per pupil and checked") {
    Fixture f;
    SchoolStore school(f.db);
    REQUIRE(school.checkPin("246813", kT0).result == PinCheck::Ok);  // the teacher's list is sealed
    school.setAccommodations(f.pupilId, {150, true, 25});
    const auto pupils = school.pupils(school.classes().front().id);
    REQUIRE(pupils.size() == 1);
    CHECK(pupils[0].accommodations == Accommodations{150, true, 25});
    CHECK(school.findPupilByCode(pupils[0].code)->accommodations.extraTimePct == 25);
    CHECK(dlk::test::errorOf([&] { school.setAccommodations(f.pupilId, {110, false, 0}); }));
    CHECK(dlk::test::errorOf([&] { school.setAccommodations(f.pupilId, {100, false, 150}); }));
    const auto missing = dlk::test::errorOf([&] { school.setAccommodations(999, {100, false, 0}); });
    REQUIRE(missing);
    CHECK(missing->kind() == ErrorKind::NotFound);
}

// Flags, pause and process data (the pupil-session features).

TEST_CASE("flags: stored at once - shown again after a restart - and removed when unflagged") {
    Fixture f;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        REQUIRE(s.nonlinear());
        REQUIRE(s.goTo(2, kT0));
        CHECK(s.setFlagged(true, kT0 + 100));
        CHECK(s.isFlagged(2));
        CHECK(s.saveState() == SaveState::Saved);
        CHECK(flagsOnDisk(f.path) == std::set<std::string>{"schoolreis-03-advertentie"});
        REQUIRE(s.goTo(4, kT0 + 200));
        CHECK(s.setFlagged(true, kT0 + 300));
        CHECK(s.setFlagged(false, kT0 + 400));
        CHECK(s.setFlagged(false, kT0 + 500));  // already off: nothing to do
        CHECK_FALSE(s.isFlagged(4));
        CHECK(flagsOnDisk(f.path) == std::set<std::string>{"schoolreis-03-advertentie"});
    }  // the process ends
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0 + 60000);
    CHECK(s.isFlagged(2));
    CHECK_FALSE(s.isFlagged(4));
    CHECK_FALSE(s.isFlagged(99));
    REQUIRE(s.goTo(2, kT0 + 60100));
    CHECK(s.setFlagged(false, kT0 + 60200));
    CHECK(flagsOnDisk(f.path).empty());
}

TEST_CASE("flags: refused in linear navigation - while paused and once finished") {
    Fixture f;
    Module linear = *f.module;
    linear.navigationMode = "linear";
    {
        ModuleSession s(f.store, linear, f.pupilId, "nl", kT0);
        CHECK_FALSE(s.nonlinear());
        CHECK_FALSE(s.setFlagged(true, kT0));
        CHECK_FALSE(s.isFlagged(0));
    }
    CHECK(flagsOnDisk(f.path).empty());
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    REQUIRE(s.setPaused(true, kT0 + 10));
    CHECK_FALSE(s.setFlagged(true, kT0 + 20));
    REQUIRE(s.setPaused(false, kT0 + 30));
    REQUIRE(s.finish(kT0 + 40));
    CHECK_FALSE(s.setFlagged(true, kT0 + 50));
    CHECK(flagsOnDisk(f.path).empty());
}

TEST_CASE("flags: a failed write keeps the flag in memory - reports it - and stores it on the retry") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    f.db.exec("PRAGMA query_only=ON");
    CHECK_FALSE(s.setFlagged(true, kT0 + 100));
    CHECK(s.isFlagged(0));
    CHECK(s.saveState() == SaveState::Failed);
    CHECK(flagsOnDisk(f.path).empty());
    f.db.exec("PRAGMA query_only=OFF");
    s.tick(kT0 + 100 + ModuleSession::kRetryDelayMs);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(flagsOnDisk(f.path) == std::set<std::string>{"schoolreis-01-bestandstype"});
    CHECK(countKind(eventsOnDisk(f.path), EventKind::Flag) == 1);  // written once, not once per try
}

TEST_CASE("pause: the clock stops - answers and moves are refused - and a restart comes back paused") {
    Fixture f;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        s.setTimeLimitMs(30 * 60000);
        s.tick(kT0);
        s.tick(kT0 + 10000);
        REQUIRE(s.setPaused(true, kT0 + 10000));
        CHECK(s.paused());
        CHECK(pausedOnDisk(f.path));
        s.setResponse("RESPONSE", id("C"), kT0 + 11000);
        CHECK_FALSE(s.isAnswered(0));
        CHECK_FALSE(s.goTo(1, kT0 + 12000));
        CHECK_FALSE(s.next(kT0 + 12000));
        s.tick(kT0 + 300000);
        CHECK(s.elapsedMs() == 10000);
    }  // the kiosk restarts while the pupil is paused
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0 + 400000);
    s.setTimeLimitMs(30 * 60000);
    CHECK(s.paused());
    s.tick(kT0 + 400000);
    s.tick(kT0 + 460000);
    CHECK(s.elapsedMs() == 10000);
    REQUIRE(s.setPaused(false, kT0 + 460000));
    CHECK_FALSE(pausedOnDisk(f.path));
    s.tick(kT0 + 470000);
    CHECK(s.elapsedMs() == 20000);
    s.setResponse("RESPONSE", id("C"), kT0 + 471000);
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"C\"");
    const auto events = eventsOnDisk(f.path);
    CHECK(countKind(events, EventKind::Pause) == 1);
    CHECK(countKind(events, EventKind::Resume) == 1);
    CHECK(countKind(events, EventKind::SessionResume) == 1);
}

TEST_CASE("pause: a failed write still stops the clock and is stored on the retry") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setTimeLimitMs(30 * 60000);
    s.tick(kT0);
    f.db.exec("PRAGMA query_only=ON");
    CHECK_FALSE(s.setPaused(true, kT0 + 1000));
    CHECK(s.paused());
    CHECK(s.saveState() == SaveState::Failed);
    s.tick(kT0 + 60000);  // the retry, failing again
    CHECK(s.elapsedMs() == 1000);
    CHECK_FALSE(pausedOnDisk(f.path));
    f.db.exec("PRAGMA query_only=OFF");
    s.tick(kT0 + 60000 + ModuleSession::kRetryDelayMs);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(pausedOnDisk(f.path));
}

TEST_CASE("process data: every action is an event with the session's clock - written with its answer or move") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    const std::string i1 = "schoolreis-01-bestandstype", i2 = "schoolreis-02-zoekstappen", i5 = "schoolreis-05-bronnen";
    s.setResponse("RESPONSE", id("C"), kT0 + 1000);
    // The answer's transaction carried the events before it and its own.
    std::vector<ProcessEvent> expected = {
        {kT0, EventKind::AttemptStart, "", ""},
        {kT0, EventKind::ItemShown, i1, "position=1"},
        {kT0 + 1000, EventKind::AnswerChanged, i1, "RESPONSE"},
    };
    CHECK(eventsOnDisk(f.path) == expected);
    REQUIRE(s.next(kT0 + 2000));
    REQUIRE(s.setFlagged(true, kT0 + 3000));
    s.noteEvent(EventKind::Overview, "via=button", kT0 + 3500);
    s.noteEvent(EventKind::ReadAloud, "question", kT0 + 4000);
    s.tick(kT0 + 4100);
    CHECK(eventsOnDisk(f.path).size() == 6);  // overview and read-aloud wait in memory
    CHECK(s.eventsPending());
    REQUIRE(s.goTo(4, kT0 + 5000, NavigationHow::Overview));
    REQUIRE(s.previous(kT0 + 6000));
    s.noteActivity(kT0 + 6000 + 75000);  // back at the keyboard after 75 s
    s.setTimeLimitMs(60000);
    s.tick(kT0 + 81000);
    REQUIRE(s.finish(kT0 + 81000));
    expected.insert(expected.end(), {
                                        {kT0 + 2000, EventKind::Navigation, i1, "from=1 to=2 how=next"},
                                        {kT0 + 2000, EventKind::ItemShown, i2, "position=2"},
                                        {kT0 + 3000, EventKind::Flag, i2, "on"},
                                        {kT0 + 3500, EventKind::Overview, i2, "via=button"},
                                        {kT0 + 4000, EventKind::ReadAloud, i2, "question"},
                                        {kT0 + 5000, EventKind::Navigation, i2, "from=2 to=5 how=overview"},
                                        {kT0 + 5000, EventKind::ItemShown, i5, "position=5"},
                                        {kT0 + 6000, EventKind::Navigation, i5, "from=5 to=4 how=previous"},
                                        {kT0 + 6000, EventKind::ItemShown, "schoolreis-04-filmpje", "position=4"},
                                        {kT0 + 81000, EventKind::Idle, "schoolreis-04-filmpje", "ms=75000"},
                                        {kT0 + 81000, EventKind::TimeUp, "schoolreis-04-filmpje", ""},
                                        {kT0 + 81000, EventKind::Finish, "schoolreis-04-filmpje", ""},
                                    });
    CHECK(eventsOnDisk(f.path) == expected);
    CHECK_FALSE(s.eventsPending());
    // After the end nothing more is recorded.
    s.noteEvent(EventKind::ReadAloud, "question", kT0 + 90000);
    CHECK_FALSE(s.eventsPending());
}

TEST_CASE("process data: a later session on the attempt says so and moves are recorded only when they happen") {
    Fixture f;
    { ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0); }  // shown, never written: nothing due yet
    CHECK(eventsOnDisk(f.path).size() == 1);                        // only the attempt's start
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0 + 5000);
    f.db.exec("PRAGMA query_only=ON");
    CHECK_FALSE(s.goTo(3, kT0 + 6000));
    f.db.exec("PRAGMA query_only=OFF");
    REQUIRE(s.goTo(2, kT0 + 7000));
    const auto events = eventsOnDisk(f.path);
    REQUIRE(events.size() == 5);
    CHECK(events[1] == ProcessEvent{kT0 + 5000, EventKind::SessionResume, "", ""});
    CHECK(events[2].kind == EventKind::ItemShown);
    CHECK(events[3] ==
          ProcessEvent{kT0 + 7000, EventKind::Navigation, "schoolreis-01-bestandstype", "from=1 to=3 how=dot"});
    CHECK(countKind(events, EventKind::Navigation) == 1);  // the failed move to 4 is not in the log
}

TEST_CASE("process data: 50 typed changes cost a few transactions but every change is an event") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    REQUIRE(s.goTo(5, kT0));
    CommitCounter counter(f.db);
    std::string typed;
    int64_t t = kT0 + 1000;
    for (int k = 0; k < 50; ++k) {
        typed += static_cast<char>('a' + k % 26);
        s.setResponse("RESPONSE", text(typed), t, true);
        for (int frame = 0; frame < 9; ++frame) s.tick(t += 16);  // the UI ticks every frame
    }
    s.tick(t + ModuleSession::kTypingDelayMs);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(f.path, "schoolreis-06-delen") == "\"" + typed + "\"");
    // 50 keys over about 7 s: a write every few seconds and one when typing stops.
    CHECK(counter.commits >= 1);
    CHECK(counter.commits <= 3);
    const auto events = eventsOnDisk(f.path);
    CHECK(countKind(events, EventKind::AnswerChanged) == 50);
    for (const auto& e : events)
        if (e.kind == EventKind::AnswerChanged) CHECK(e.detail == "RESPONSE");  // never the text itself
}

TEST_CASE(
    "process data: events that fail to be written stay in memory - do not alarm the pupil - and are written once") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    REQUIRE(s.flush(kT0));
    f.db.exec("PRAGMA query_only=ON");
    s.noteEvent(EventKind::ReadAloud, "question", kT0 + 1000);
    s.tick(kT0 + 1000 + ProcessLog::kFlushEveryMs);  // due, and the write fails
    CHECK(s.eventsPending());
    CHECK(s.saveState() == SaveState::Saved);  // no answer is at risk
    CHECK(countKind(eventsOnDisk(f.path), EventKind::ReadAloud) == 0);
    // An answer now fails too, and both are kept.
    s.setResponse("RESPONSE", id("B"), kT0 + 7000);
    CHECK(s.saveState() == SaveState::Failed);
    f.db.exec("PRAGMA query_only=OFF");
    s.tick(kT0 + 7000 + ModuleSession::kRetryDelayMs);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK_FALSE(s.eventsPending());
    const auto events = eventsOnDisk(f.path);
    CHECK(countKind(events, EventKind::ReadAloud) == 1);
    CHECK(countKind(events, EventKind::AnswerChanged) == 1);
    CHECK(onDisk(f.path, "schoolreis-01-bestandstype") == "\"B\"");
}

TEST_CASE("module session: several responses of one action are committed together - or none when one is unknown") {
    Fixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    // An unknown response among them: an error, and nothing changed.
    CHECK_THROWS_AS(s.setResponses({{"RESPONSE", id("C")}, {"NOPE", id("A")}}, kT0), dlk::Error);
    CHECK(s.response("RESPONSE").isNull());
    CHECK(s.saveState() == SaveState::Saved);
    s.setResponses({{"RESPONSE", id("C")}}, kT0);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(s.response("RESPONSE") == id("C"));
}
