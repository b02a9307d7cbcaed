// Several kiosks, one school (kiosks/): a join file makes a new kiosk the school's, with the roster
// as stored at rest and a key of its own; its signed result bundles are imported on the school's
// kiosk idempotently, a later bundle superseding an earlier one, a conflict reported and never
// overwritten, and a tampered, truncated, foreign or unknown bundle refused with nothing imported.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

#include "core_test_helpers.h"
#include "delivery/response_store.h"
#include "export/manifest.h"
#include "kiosks/kiosk_join.h"
#include "kiosks/result_bundle.h"
#include "school/incidents.h"
#include "school/school_store.h"
#include "storage/schema.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::readFile;
using dlk::test::writeFile;
namespace fs = std::filesystem;

namespace {
constexpr const char* kPin = "246813";
constexpr int64_t kT0 = 1'800'000'000'000;

// Every row of every table, as text, sorted: two dumps are equal when the databases hold the same.
std::string dump(Database& db) {
    std::vector<std::string> tables;
    {
        auto st = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
        while (st.step()) tables.push_back(st.getText(0));
    }
    std::string out;
    for (const std::string& t : tables) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db.handle(), ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr) ==
                SQLITE_OK);
        std::vector<std::string> rows;
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string row;
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(st, c));
                row += "|" + std::to_string(sqlite3_column_type(st, c)) + ":" +
                       (p ? hexEncode(p, static_cast<size_t>(sqlite3_column_bytes(st, c))) : std::string("null"));
            }
            rows.push_back(row);
        }
        sqlite3_finalize(st);
        std::sort(rows.begin(), rows.end());
        out += "[" + t + "]\n";
        for (const auto& r : rows) out += r + "\n";
    }
    return out;
}

struct School {
    Database db{":memory:"};
    SchoolStore store{db};
    int64_t classId = 0;
    std::vector<PupilInfo> pupils;
    explicit School(const std::string& name = "Testschool", int pupilCount = 3) {
        migrateSchema(db);
        store.setUpSchool(name, kPin, kT0);
        classId = store.createClass("Groep 7", kT0);
        std::vector<std::string> names;
        for (int i = 0; i < pupilCount; ++i) names.push_back(std::string(1, static_cast<char>('A' + i)) + "nna Jansen");
        pupils = store.addPupils(classId, names, kT0);
    }
};

struct Kiosk {
    Database db{":memory:"};
    SchoolStore store{db};
    Kiosk() { migrateSchema(db); }
    void unlock() { REQUIRE(store.checkPin(kPin, kT0).result == PinCheck::Ok); }
    // An attempt made here with its answers, a flag, an event, a human score and an incident.
    int64_t answer(int64_t pupil, const std::string& module, const std::string& value, int64_t at = kT0) {
        ResponseStore rs(db);
        const AttemptRecord a = rs.startOrResume(pupil, module, "nl", at);
        auto st = db.prepare(
            "INSERT OR REPLACE INTO responses(attempt_id, item_id, response_id, value, saved_at) VALUES (?, 'i1', "
            "'RESPONSE', ?, 'now')");
        st.bind(1, a.id).bind(2, value);
        st.run();
        return a.id;
    }
};

// A school with one registered kiosk that joined it.
struct Setup {
    dlk::test::TempDir dir;
    School school;
    Kiosk kiosk;
    std::string joinFile;
    explicit Setup(const std::string& kioskName = "Laptop 1") {
        joinFile = (dir.path() / (kioskName + ".dlkjoin")).string();
        writeJoinFile(school.db, school.store, kioskName, joinFile, kT0);
        joinSchool(kiosk.db, kiosk.store, joinFile, kT0 + 1);
        kiosk.unlock();
    }
};

std::string attemptValue(Database& db, int64_t pupil, const std::string& module) {
    auto st = db.prepare(
        "SELECT r.value FROM responses r JOIN attempts a ON a.id=r.attempt_id WHERE a.pupil_id=? AND a.module_id=?");
    st.bind(1, pupil).bind(2, module);
    return st.step() ? st.getText(0) : std::string("<none>");
}

int64_t count(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    st.step();
    return st.getInt(0);
}
}  // namespace

TEST_CASE(
    "kiosks: a join file carries the roster sealed - a new kiosk joins - pupils log in by code - teachers by PIN") {
    Setup s;
    const auto kiosks = registeredKiosks(s.school.db);
    REQUIRE(kiosks.size() == 1);
    CHECK(kiosks[0].name == "Laptop 1");
    const std::string text = readFile(s.joinFile);
    // Never a plaintext name or code.
    for (const PupilInfo& p : s.school.pupils) {
        CHECK_FALSE(contains(text, p.code));
        CHECK_FALSE(contains(text, p.displayName));
        CHECK_FALSE(contains(text, p.code.substr(0, 4)));
    }
    CHECK(fs::status(s.joinFile).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
    // The kiosk knows itself by the key the school registered.
    const auto me = thisKiosk(s.kiosk.db);
    REQUIRE(me);
    CHECK(me->kioskId == kiosks[0].id);
    CHECK(me->fingerprint == kiosks[0].fingerprint);
    CHECK_FALSE(thisKiosk(s.school.db));
    // The school's pupils log in here with their codes and see their first name.
    s.kiosk.store.lock();
    for (const PupilInfo& p : s.school.pupils) {
        const auto found = s.kiosk.store.findPupilByCode(p.code);
        REQUIRE(found);
        CHECK(found->id == p.id);
        CHECK(found->firstName == p.displayName.substr(0, 4));  // opened with the pupil's own code
    }
    CHECK(s.kiosk.store.schoolName() == "Testschool");
    CHECK(s.kiosk.store.signingPublicKey() == s.school.store.signingPublicKey());
    // The teacher's PIN opens the same data key: names and codes read as at the school.
    s.kiosk.unlock();
    const auto here = s.kiosk.store.pupils(s.school.classId);
    REQUIRE(here.size() == s.school.pupils.size());
    CHECK(here[1].displayName == s.school.pupils[1].displayName);
    CHECK(here[1].code == s.school.pupils[1].code);
    CHECK(s.kiosk.store.checkPin("999999", kT0).result == PinCheck::Wrong);
    // The school's own key never left: this kiosk cannot sign or export as the school.
    REQUIRE(s.kiosk.store.checkPin(kPin, kT0).result == PinCheck::Ok);
    const auto e = errorOf([&] { (void)s.kiosk.store.signingKey(); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "this kiosk joined a school"));
    {
        auto st = s.school.db.prepare("SELECT hex(signing_secret_key_sealed) FROM school");
        REQUIRE(st.step());
        CHECK_FALSE(contains(toLowerAscii(text), toLowerAscii(st.getText(0))));
    }
}

TEST_CASE("kiosks: a join file needs an administrator - and a new kiosk with a name") {
    dlk::test::TempDir dir;
    School school;
    const std::string out = (dir.path() / "j").string();
    CHECK(errorOf([&] { writeJoinFile(school.db, school.store, "  ", out, kT0); })->kind() == ErrorKind::Invalid);
    CHECK(errorOf([&] { writeJoinFile(school.db, school.store, std::string(61, 'x'), out, kT0); })->kind() ==
          ErrorKind::Invalid);
    school.store.lock();
    CHECK(errorOf([&] { writeJoinFile(school.db, school.store, "Laptop", out, kT0); })->kind() == ErrorKind::Auth);
    CHECK_FALSE(fs::exists(out));
    CHECK(registeredKiosks(school.db).empty());
    // A teacher who is no administrator cannot either.
    REQUIRE(school.store.checkPin(kPin, kT0).result == PinCheck::Ok);
    const int64_t t = school.store.addTeacher("Juf Els", "135790", TeacherRole::Teacher, kT0);
    REQUIRE(school.store.checkPin(t, "135790", kT0).result == PinCheck::Ok);
    CHECK(errorOf([&] { writeJoinFile(school.db, school.store, "Laptop", out, kT0); })->kind() == ErrorKind::Auth);
    CHECK(registeredKiosks(school.db).empty());
}

TEST_CASE("kiosks: a tampered - truncated - foreign or not newer join file is refused and the kiosk is untouched") {
    Setup s;
    const std::string good = readFile(s.joinFile);
    Kiosk fresh;
    const std::string freshBefore = dump(fresh.db);
    const auto refused = [&](Kiosk& k, const std::string& bytes, const std::string& why) {
        const fs::path p = s.dir.path() / "bad.dlkjoin";
        writeFile(p, bytes);
        const std::string before = dump(k.db);
        const auto e = errorOf([&] { joinSchool(k.db, k.store, p.string(), kT0 + 5); });
        REQUIRE_MESSAGE(e, why);
        CHECK_MESSAGE(dump(k.db) == before, why);
        return e->what() + std::string();
    };
    // One byte changed in the roster (a pupil's accommodation).
    std::string changed = good;
    const auto at = changed.find("\"extra_time_pct\":0");
    REQUIRE(at != std::string::npos);
    changed[at + 17] = '5';
    CHECK(contains(refused(fresh, changed, "changed"), "signature does not match"));
    // Cut short, anywhere.
    for (size_t cut : {size_t{10}, size_t{120}, good.size() / 2, good.size() - 1})
        CHECK(!refused(fresh, good.substr(0, cut), "cut at " + std::to_string(cut)).empty());
    CHECK(!refused(fresh, "", "empty").empty());
    CHECK(!refused(fresh, "dlkiosk-join 1\n" + std::string(5000, 'A'), "garbage").empty());
    // Another school's join file on a kiosk of this school.
    School other("Andere school", 1);
    const std::string otherFile = (s.dir.path() / "other.dlkjoin").string();
    writeJoinFile(other.db, other.store, "Laptop 9", otherFile, kT0 + 10);
    CHECK(contains(refused(s.kiosk, readFile(otherFile), "other school"), "another school"));
    // The same join file again is not newer.
    CHECK(contains(refused(s.kiosk, good, "same again"), "not after"));
    // A kiosk with a school of its own does not join another.
    Kiosk own;
    own.store.setUpSchool("Eigen school", kPin, kT0);
    CHECK(contains(refused(own, good, "own school"), "school of its own"));
    CHECK(dump(fresh.db) == freshBefore);
}

TEST_CASE(
    "kiosks: a newer join file refreshes the roster - new pupils and accommodations - keeps answers and identity") {
    Setup s;
    const int64_t ann = s.school.pupils[0].id;
    s.kiosk.answer(ann, "m01", "\"A\"");
    const auto me = *thisKiosk(s.kiosk.db);
    // At the school: a new pupil, an accommodation, a new teacher.
    s.school.store.addPupils(s.school.classId, {"Dirk Bos"}, kT0);
    Accommodations acc;
    acc.extraTimePct = 25;
    s.school.store.setAccommodations(ann, acc);
    s.school.store.addTeacher("Meester Tom", "975311", TeacherRole::Teacher, kT0);
    const std::string newer = (s.dir.path() / "newer.dlkjoin").string();
    writeJoinFile(s.school.db, s.school.store, "Laptop 1 (nieuw)", newer, kT0 + 100);
    const JoinResult r = joinSchool(s.kiosk.db, s.kiosk.store, newer, kT0 + 200);
    CHECK(r.refreshed);
    CHECK(r.pupils == 4);
    CHECK(r.kiosk.kioskId == me.kioskId);  // the kiosk stays who it was
    CHECK(r.kiosk.fingerprint == me.fingerprint);
    CHECK(attemptValue(s.kiosk.db, ann, "m01") == "\"A\"");  // answers untouched
    s.kiosk.unlock();
    const auto here = s.kiosk.store.pupils(s.school.classId);
    REQUIRE(here.size() == 4);
    CHECK(here[3].displayName == "Dirk Bos");
    CHECK(here[0].accommodations.extraTimePct == 25);
    CHECK(s.kiosk.store.checkPin("975311", kT0).result == PinCheck::Ok);
}

TEST_CASE(
    "kiosks: after a new measurement round the refreshed roster logs the code in to the new row - archived rows stay "
    "home") {
    Setup s;
    const int64_t ann = s.school.pupils[0].id;
    s.kiosk.answer(ann, "m01", "\"A\"");
    // At the school: the first round's work (as if read in from a bundle), then a new round.
    s.school.store.checkPin(kPin, kT0);
    auto st = s.school.db.prepare(
        "INSERT INTO attempts(pupil_id, module_id, language, started_at) VALUES (?, 'm01', "
        "'nl', 'then')");
    st.bind(1, ann);
    st.run();
    const int64_t archived = s.school.store.startNewRound(s.school.classId, kT0 + 10);
    // A new kiosk joins after the round began: the archived class is not in its roster.
    const std::string later = (s.dir.path() / "later.dlkjoin").string();
    writeJoinFile(s.school.db, s.school.store, "Laptop 2", later, kT0 + 20);
    Kiosk fresh;
    const JoinResult joined = joinSchool(fresh.db, fresh.store, later, kT0 + 30);
    CHECK(joined.pupils == 3);
    CHECK(count(fresh.db, "SELECT count(*) FROM classes WHERE id=" + std::to_string(archived)) == 0);
    CHECK(fresh.store.findPupilByCode(s.school.pupils[0].code)->classId == s.school.classId);
    // The first kiosk refreshes: Anna's code now finds her new row; her old row keeps its answers.
    const std::string newer = (s.dir.path() / "newer.dlkjoin").string();
    writeJoinFile(s.school.db, s.school.store, "Laptop 1", newer, kT0 + 40);
    const JoinResult r = joinSchool(s.kiosk.db, s.kiosk.store, newer, kT0 + 50);
    CHECK(r.refreshed);
    const auto found = s.kiosk.store.findPupilByCode(s.school.pupils[0].code);
    REQUIRE(found);
    CHECK(found->id != ann);
    CHECK(found->id == s.school.store.pupils(s.school.classId).front().id);
    CHECK(attemptValue(s.kiosk.db, ann, "m01") == "\"A\"");
}

TEST_CASE("bundles: a kiosk's bundle is imported whole - the same bundle twice changes nothing byte for byte") {
    Setup s;
    const int64_t ann = s.school.pupils[0].id, bob = s.school.pupils[1].id;
    const int64_t a1 = s.kiosk.answer(ann, "m01", "\"A\"");
    s.kiosk.answer(bob, "m01", "\"B\"");
    s.kiosk.db.exec("INSERT INTO flags(attempt_id, item_id) VALUES (" + std::to_string(a1) + ", 'i1')");
    s.kiosk.db.exec(
        "INSERT INTO human_scores(attempt_id, item_id, outcome_id, round, score, scorer, scored_at, "
        "teacher_id) VALUES (" +
        std::to_string(a1) + ", 'i1', 'SCORE_A', 1, 2, 'Beheerder', 'now', 1)");
    IncidentLog(s.kiosk.db).add(bob, IncidentKind::Late, "m01", kT0);
    const fs::path usb = s.dir.path() / "usb";
    const BundleWritten w = writeResultBundle(s.kiosk.db, s.kiosk.store, usb.string(), kT0 + 10);
    CHECK(w.sequence == 1);
    CHECK(w.attempts == 2);
    CHECK(fs::path(w.folder).filename() == "kiosk-" + std::to_string(w.kioskId) + "-000001");
    CHECK(verifyManifest(w.folder).ok());
    for (const PupilInfo& p : s.school.pupils)
        CHECK_FALSE(contains(readFile(fs::path(w.folder) / "bundle.jsonl"), p.code));

    const auto first = importResultBundles(s.school.db, s.school.store, {usb.string()}, kT0 + 20);
    REQUIRE(first.size() == 1);
    CHECK_MESSAGE(first[0].outcome == BundleOutcome::Imported, first[0].reason);
    CHECK(first[0].added == 2);
    CHECK(first[0].kioskName == "Laptop 1");
    CHECK(first[0].conflicts.empty());
    CHECK(attemptValue(s.school.db, ann, "m01") == "\"A\"");
    CHECK(attemptValue(s.school.db, bob, "m01") == "\"B\"");
    CHECK(count(s.school.db, "SELECT count(*) FROM flags") == 1);
    CHECK(count(s.school.db, "SELECT count(*) FROM human_scores WHERE teacher_id=1 AND score=2") == 1);
    CHECK(count(s.school.db, "SELECT count(*) FROM events WHERE kind='attempt_start'") == 2);
    CHECK(count(s.school.db, "SELECT count(*) FROM incidents WHERE kind='late' AND origin_kiosk_id IS NOT NULL") == 1);
    CHECK(count(s.school.db, "SELECT count(*) FROM session_plans") ==
          count(s.kiosk.db, "SELECT count(*) FROM session_plans"));
    const auto log = importedBundles(s.school.db);
    REQUIRE(log.size() == 1);
    CHECK(log[0].sequence == 1);
    CHECK(log[0].attempts == 2);
    CHECK(log[0].sha256.size() == 64);

    const std::string before = dump(s.school.db);
    const auto again = importResultBundles(s.school.db, s.school.store, {w.folder}, kT0 + 30);
    REQUIRE(again.size() == 1);
    CHECK(again[0].outcome == BundleOutcome::AlreadyImported);
    CHECK(dump(s.school.db) == before);
}

TEST_CASE("bundles: a later bundle of a kiosk supersedes its earlier state - an earlier one never does") {
    Setup s;
    const int64_t ann = s.school.pupils[0].id;
    s.kiosk.answer(ann, "m01", "\"A\"");
    const fs::path usb = s.dir.path() / "usb";
    const BundleWritten one = writeResultBundle(s.kiosk.db, s.kiosk.store, usb.string(), kT0);
    s.kiosk.answer(ann, "m01", "\"C\"");  // the pupil changed the answer later
    s.kiosk.answer(ann, "m02", "\"D\"");
    const BundleWritten two = writeResultBundle(s.kiosk.db, s.kiosk.store, usb.string(), kT0);
    CHECK(two.sequence == 2);
    // The later one first, then the earlier: the later state stays.
    auto r = importResultBundles(s.school.db, s.school.store, {two.folder}, kT0);
    CHECK(r[0].added == 2);
    r = importResultBundles(s.school.db, s.school.store, {one.folder}, kT0);
    CHECK(r[0].outcome == BundleOutcome::Imported);
    CHECK(r[0].unchanged == 1);
    CHECK(r[0].conflicts.empty());
    CHECK(attemptValue(s.school.db, ann, "m01") == "\"C\"");
    // In order on a second school kiosk copy: the later supersedes.
    Setup t;
    const int64_t p = t.school.pupils[0].id;
    t.kiosk.answer(p, "m01", "\"A\"");
    const BundleWritten a = writeResultBundle(t.kiosk.db, t.kiosk.store, (t.dir.path() / "u").string(), kT0);
    t.kiosk.answer(p, "m01", "\"C\"");
    const BundleWritten b = writeResultBundle(t.kiosk.db, t.kiosk.store, (t.dir.path() / "u").string(), kT0);
    const auto both = importResultBundles(t.school.db, t.school.store, {(t.dir.path() / "u").string()}, kT0);
    REQUIRE(both.size() == 2);  // found in name order: 1, then 2
    CHECK(both[0].sequence == 1);
    CHECK(both[1].updated == 1);
    CHECK(attemptValue(t.school.db, p, "m01") == "\"C\"");
    CHECK(count(t.school.db, "SELECT count(*) FROM responses") == 1);
    CHECK(count(t.school.db, "SELECT origin_sequence FROM attempts") == 2);
    (void)a;
    (void)b;
}

TEST_CASE(
    "bundles: the items shown and the time up of an attempt come from its events - a later bundle's replace them") {
    Setup s;
    const int64_t ann = s.school.pupils[0].id;
    const int64_t attempt = s.kiosk.answer(ann, "m01", "\"A\"");
    const auto shownEvents = [&](std::initializer_list<const char*> items) {
        auto st =
            s.kiosk.db.prepare("INSERT INTO events(attempt_id, at_ms, kind, item_id) VALUES (?, ?, 'item_shown', ?)");
        for (const char* item : items) {
            st.reset();
            st.bind(1, attempt).bind(2, kT0).bind(3, std::string(item));
            st.run();
        }
    };
    shownEvents({"i1", "i2"});
    const fs::path usb = s.dir.path() / "usb";
    writeResultBundle(s.kiosk.db, s.kiosk.store, usb.string(), kT0);
    // Later on the kiosk the attempt's events say otherwise (i2 no longer; the time ran out): its next bundle.
    s.kiosk.db.exec("DELETE FROM events WHERE item_id='i2'");
    shownEvents({"i3"});
    s.kiosk.db.exec("INSERT INTO events(attempt_id, at_ms, kind) VALUES (" + std::to_string(attempt) +
                    ", 1, 'time_up')");
    writeResultBundle(s.kiosk.db, s.kiosk.store, usb.string(), kT0);
    const auto kept = [&] {
        auto st =
            s.school.db.prepare("SELECT shown_items, timed_out FROM attempts WHERE pupil_id=? AND module_id='m01'");
        st.bind(1, ann);
        REQUIRE(st.step());
        return std::make_pair(st.getText(0), st.getInt(1));
    };
    const auto first = importResultBundles(s.school.db, s.school.store, {(usb / "").string()}, kT0);
    REQUIRE(first.size() == 2);  // both, in order: the second supersedes the first
    CHECK(first[1].updated == 1);
    // What the school keeps is what the later bundle's events say, not the two added up.
    CHECK(kept() == std::make_pair(std::string("i1\ni3\n"), int64_t{1}));
    CHECK(count(s.school.db, "SELECT count(*) FROM events WHERE kind='item_shown'") == 2);
}

TEST_CASE(
    "bundles: other answers of the same pupil and module elsewhere are a conflict - reported - never overwritten") {
    Setup s;
    Kiosk second;
    const std::string join2 = (s.dir.path() / "two.dlkjoin").string();
    writeJoinFile(s.school.db, s.school.store, "Laptop 2", join2, kT0 + 1);
    joinSchool(second.db, second.store, join2, kT0 + 2);
    second.unlock();
    const PupilInfo ann = s.school.pupils[0], bob = s.school.pupils[1], cas = s.school.pupils[2];
    s.kiosk.answer(ann.id, "m01", "\"A\"");
    s.kiosk.answer(bob.id, "m01", "\"B\"");
    second.answer(ann.id, "m01", "\"Z\"");  // the same pupil and module, other answers
    second.answer(bob.id, "m01", "\"B\"");  // the same answers: no conflict
    second.answer(cas.id, "m01", "\"C\"");
    // And on the school's own kiosk.
    ResponseStore(s.school.db).startOrResume(cas.id, "m02", "nl", kT0);
    s.kiosk.answer(cas.id, "m02", "\"Q\"");

    const fs::path usb = s.dir.path() / "usb";
    writeResultBundle(s.kiosk.db, s.kiosk.store, usb.string(), kT0);
    writeResultBundle(second.db, second.store, usb.string(), kT0);
    const auto r = importResultBundles(s.school.db, s.school.store, {usb.string()}, kT0);
    REQUIRE(r.size() == 2);
    const BundleImport& one = r[0].kioskName == "Laptop 1" ? r[0] : r[1];
    const BundleImport& two = r[0].kioskName == "Laptop 1" ? r[1] : r[0];
    CHECK(one.outcome == BundleOutcome::Imported);
    CHECK(two.outcome == BundleOutcome::Imported);
    // Laptop 1 came first (name order): ann and bob added; cas m02 met the school's own attempt.
    REQUIRE(one.conflicts.size() == 1);
    CHECK(one.conflicts[0].pupil == cas.code);
    CHECK(one.conflicts[0].moduleId == "m02");
    CHECK(one.conflicts[0].keptFrom == "this kiosk");
    REQUIRE(two.conflicts.size() == 1);
    CHECK(two.conflicts[0].pupil == ann.code);
    CHECK(two.conflicts[0].keptFrom == "Laptop 1");
    CHECK(two.conflicts[0].bundleKiosk == "Laptop 2");
    CHECK(two.added == 1);                                       // cas m01
    CHECK(two.unchanged == 1);                                   // bob, the same answers
    CHECK(attemptValue(s.school.db, ann.id, "m01") == "\"A\"");  // never overwritten
    CHECK(attemptValue(s.school.db, cas.id, "m01") == "\"C\"");
    CHECK(attemptValue(s.school.db, cas.id, "m02") == "<none>");
    CHECK(importedBundles(s.school.db).size() == 2);
}

TEST_CASE(
    "bundles: a tampered - truncated - unknown-kiosk or other-school bundle is refused whole - the others go on") {
    Setup s;
    s.kiosk.answer(s.school.pupils[0].id, "m01", "\"A\"");
    s.kiosk.answer(s.school.pupils[1].id, "m01", "\"B\"");
    const fs::path usb = s.dir.path() / "usb";
    const BundleWritten good = writeResultBundle(s.kiosk.db, s.kiosk.store, usb.string(), kT0);
    const std::string data = readFile(fs::path(good.folder) / "bundle.jsonl");
    const auto copyAs = [&](const std::string& name) {
        const fs::path to = s.dir.path() / "bad" / name;
        fs::create_directories(to.parent_path());
        fs::copy(good.folder, to, fs::copy_options::recursive);
        return to;
    };
    // One byte changed.
    const fs::path tampered = copyAs("a-tampered");
    std::string t = data;
    t[t.find("\"A\"") + 1] = 'X';
    writeFile(tampered / "bundle.jsonl", t);
    // Cut short.
    const fs::path truncated = copyAs("b-truncated");
    writeFile(truncated / "bundle.jsonl", data.substr(0, data.size() / 2));
    // A kiosk of another school, whose key this school never registered.
    School other("Andere school", 2);
    Kiosk foreignKiosk;
    const std::string otherJoin = (s.dir.path() / "other.dlkjoin").string();
    writeJoinFile(other.db, other.store, "Vreemd", otherJoin, kT0);
    joinSchool(foreignKiosk.db, foreignKiosk.store, otherJoin, kT0);
    foreignKiosk.unlock();
    foreignKiosk.answer(other.pupils[0].id, "m01", "\"F\"");
    writeResultBundle(foreignKiosk.db, foreignKiosk.store, (s.dir.path() / "bad" / "c-foreign").string(), kT0);
    // Not signed at all.
    const fs::path unsigned_ = copyAs("d-unsigned");
    fs::remove(unsigned_ / "manifest.sig");

    const std::string before = dump(s.school.db);
    const auto bad = importResultBundles(
        s.school.db, s.school.store,
        {tampered.string(), truncated.string(), (s.dir.path() / "bad" / "c-foreign").string(), unsigned_.string()},
        kT0);
    REQUIRE(bad.size() == 4);
    for (const BundleImport& b : bad) {
        CHECK_MESSAGE(b.outcome == BundleOutcome::Refused, b.path);
        CHECK(b.added == 0);
    }
    CHECK(contains(bad[0].reason, "bundle.jsonl"));
    CHECK(contains(bad[0].reason, "changed"));
    CHECK(contains(bad[1].reason, "bundle.jsonl"));
    CHECK(contains(bad[2].reason, "never registered"));
    CHECK(contains(bad[3].reason, "manifest.sig"));
    CHECK(dump(s.school.db) == before);  // nothing of them imported
    // With the good one among them: it goes in, the others stay refused.
    const auto mixed = importResultBundles(s.school.db, s.school.store, {tampered.string(), good.folder}, kT0);
    CHECK(mixed[0].outcome == BundleOutcome::Refused);
    CHECK(mixed[1].outcome == BundleOutcome::Imported);
    CHECK(mixed[1].added == 2);
}

TEST_CASE("bundles: a signed bundle of a registered kiosk that names another school or kiosk is refused") {
    Setup s;
    s.kiosk.answer(s.school.pupils[0].id, "m01", "\"A\"");
    // The kiosk's own key signs a bundle whose header names another school: refused on content.
    s.kiosk.db.exec("UPDATE school SET signing_public_key=zeroblob(32) WHERE id=1");
    const BundleWritten w = writeResultBundle(s.kiosk.db, s.kiosk.store, (s.dir.path() / "u").string(), kT0);
    CHECK(verifyManifest(w.folder).ok());
    const std::string before = dump(s.school.db);
    const auto r = importResultBundles(s.school.db, s.school.store, {w.folder}, kT0);
    REQUIRE(r.size() == 1);
    CHECK(r[0].outcome == BundleOutcome::Refused);
    CHECK(contains(r[0].reason, "another school"));
    CHECK(dump(s.school.db) == before);
}

TEST_CASE("bundles: writing needs a joined kiosk and a PIN - importing needs a PIN on the school's kiosk") {
    Setup s;
    const std::string out = (s.dir.path() / "u").string();
    CHECK(errorOf([&] { writeResultBundle(s.school.db, s.school.store, out, kT0); })->kind() == ErrorKind::Invalid);
    s.kiosk.store.lock();
    CHECK(errorOf([&] { writeResultBundle(s.kiosk.db, s.kiosk.store, out, kT0); })->kind() == ErrorKind::Auth);
    CHECK_FALSE((fs::exists(out) && !fs::is_empty(out)));
    s.kiosk.unlock();
    const BundleWritten w = writeResultBundle(s.kiosk.db, s.kiosk.store, out, kT0);
    CHECK(errorOf([&] { importResultBundles(s.kiosk.db, s.kiosk.store, {w.folder}, kT0); })->kind() ==
          ErrorKind::Invalid);
    s.school.store.lock();
    CHECK(errorOf([&] { importResultBundles(s.school.db, s.school.store, {w.folder}, kT0); })->kind() ==
          ErrorKind::Auth);
    CHECK(errorOf([&] { findBundleFolders({(s.dir.path() / "nothing").string()}); })->kind() == ErrorKind::NotFound);
}

TEST_CASE("bundles: a hostile bundle signed by a registered kiosk is refused with its line named - nothing imported") {
    Setup s;
    s.kiosk.answer(s.school.pupils[0].id, "m01", "\"A\"");
    IncidentLog(s.kiosk.db).add(s.school.pupils[0].id, IncidentKind::Late, "m01", kT0);
    const BundleWritten w = writeResultBundle(s.kiosk.db, s.kiosk.store, (s.dir.path() / "u").string(), kT0);
    const std::string data = readFile(fs::path(w.folder) / "bundle.jsonl");
    const auto lines = split(data, '\n');
    REQUIRE(lines.size() >= 3);
    const Json header = parseJson(lines[0], "header");
    const Json attempt = parseJson(lines[1], "attempt");
    const Json pupil = parseJson(lines[2], "pupil");
    REQUIRE(attempt["type"] == "attempt");
    REQUIRE(pupil["type"] == "pupil");
    // The kiosk's own key signs whatever it is given: the content is checked all the same.
    std::string publicKey, sealed;
    {
        auto st = s.kiosk.db.prepare("SELECT public_key, secret_key_sealed FROM this_kiosk");
        REQUIRE(st.step());
        publicKey = st.getBlob(0);
        sealed = st.getBlob(1);
    }
    const auto key = s.kiosk.store.openSealedKey(publicKey, sealed);
    struct Hostile {
        const char* what;
        std::string text;
        const char* says;
    };
    const auto with = [&](Json j, const char* field, const Json& value) {
        j[field] = value;
        return dumpJson(j);
    };
    const std::string h = dumpJson(header);
    Json badEvent = attempt;
    badEvent["events"][0][1] = "explode";
    Json badIncident = pupil;
    badIncident["incidents"] = Json::array({Json::array({"m01", "fire", 1})});
    const std::vector<Hostile> cases = {
        {"event kind", h + "\n" + dumpJson(badEvent) + "\n", "no event kind 'explode'"},
        {"incident kind", h + "\n" + dumpJson(badIncident) + "\n", "no incident kind 'fire'"},
        {"pupil id text", h + "\n" + with(attempt, "pupil_id", "abc") + "\n", "field 'pupil_id'"},
        {"negative position", h + "\n" + with(attempt, "position", -1) + "\n", "field 'position'"},
        {"huge value",
         h + "\n" +
             with(attempt, "responses",
                  Json::array({Json::array({"i1", "R", std::string(kBundleMaxValueBytes + 1, 'x'), "t"})})) +
             "\n",
         "response 1"},
        {"row shape", h + "\n" + with(attempt, "responses", Json::array({Json::array({"i1"})})) + "\n",
         "is not a list of 4 values"},
        {"twice", h + "\n" + lines[1] + "\n" + lines[1] + "\n", "twice"},
        {"unknown line", h + "\n{\"type\":\"drop\"}\n", "a line of type 'drop'"},
        {"not JSON", h + "\n{\"type\":\"attempt\",\n", "bundle.jsonl:2"},
        {"no end of line", h + "\n" + lines[1], "cut short"},
        {"other kiosk", with(header, "kiosk_id", 99) + "\n" + lines[1] + "\n", "names kiosk 99"},
        {"not a bundle", with(header, "format", "something") + "\n", "is not a dlkiosk result bundle"},
        {"newer version", with(header, "version", 2) + "\n", "bundle version 2"},
        {"sequence zero", with(header, "sequence", 0) + "\n", "field 'sequence'"},
    };
    const std::string before = dump(s.school.db);
    int n = 0;
    for (const Hostile& c : cases) {
        const fs::path folder = s.dir.path() / "hostile" / ("kiosk-1-" + std::to_string(++n));
        writeFile(folder / "bundle.jsonl", c.text);
        writeSignedManifest(folder.string(), *key);
        const auto r = importResultBundles(s.school.db, s.school.store, {folder.string()}, kT0);
        REQUIRE(r.size() == 1);
        CHECK_MESSAGE(r[0].outcome == BundleOutcome::Refused, c.what);
        CHECK_MESSAGE(contains(r[0].reason, c.says), (std::string(c.what) + ": " + r[0].reason));
        CHECK_MESSAGE(dump(s.school.db) == before, c.what);
    }
    // The honest bundle still goes in afterwards.
    const auto ok = importResultBundles(s.school.db, s.school.store, {w.folder}, kT0);
    CHECK(ok[0].outcome == BundleOutcome::Imported);
}

TEST_CASE("kiosks: a hostile join file signed by the school itself is refused field by field - nothing written") {
    Setup s;
    const std::string good = readFile(s.joinFile);
    const size_t body = good.find("\n\n");
    REQUIRE(body != std::string::npos);
    const Json payload = parseJson(std::string_view(good).substr(body + 2), "payload");
    REQUIRE(s.school.store.checkPin(kPin, kT0).result == PinCheck::Ok);
    const auto key = s.school.store.signingKey();
    // Signed as the school signs: the signature holds, the content is checked all the same.
    const auto signedFile = [&](const Json& j) {
        const std::string p = dumpJson(j);
        const std::string sig = key->sign(p);
        return "dlkiosk-join 1\nschool-key: " +
               hexEncode(reinterpret_cast<const unsigned char*>(key->publicKey().data()), 32) +
               "\nsignature: " + hexEncode(reinterpret_cast<const unsigned char*>(sig.data()), sig.size()) + "\n\n" + p;
    };
    struct Hostile {
        const char* what;
        Json j;
        const char* says;
    };
    std::vector<Hostile> cases;
    const auto add = [&](const char* what, const char* says, auto change) {
        Json j = payload;
        change(j);
        cases.push_back({what, j, says});
    };
    add("unknown class", "which the file does not hold", [](Json& j) { j["pupils"][0]["class_id"] = 999; });
    add("unknown teacher", "whom the file does not hold", [](Json& j) { j["classes"][0]["teacher_id"] = 999; });
    add("role", "is neither admin nor teacher", [](Json& j) { j["teachers"][0]["role"] = "god"; });
    add("text size", "text size is 100, 125, 150 or 200", [](Json& j) { j["pupils"][0]["text_scale_pct"] = 130; });
    add("extra time", "field 'extra_time_pct'", [](Json& j) { j["pupils"][0]["extra_time_pct"] = 500; });
    add("no teachers", "the school has no teacher", [](Json& j) { j["teachers"] = Json::array(); });
    add("no wrapped key", "no wrapped data key", [](Json& j) { j["teachers"][0]["wrapped_data_key"] = nullptr; });
    add("short kiosk key", "wrong length", [](Json& j) { j["kiosk"]["public_key"] = "00ff"; });
    add("not hex", "is not hex", [](Json& j) { j["pupils"][0]["code_hash"] = "zz"; });
    add("huge blob", "field 'code_sealed'", [](Json& j) { j["pupils"][0]["code_sealed"] = std::string(10000, 'a'); });
    add("kiosk name", "control characters", [](Json& j) { j["kiosk"]["name"] = "a\tb"; });
    add("version", "join file version 2", [](Json& j) { j["version"] = 2; });
    add("other school key", "not the key that signed it",
        [](Json& j) { j["school"]["public_key"] = std::string(64, 'a'); });
    add("pupils not a list", "is not a list", [](Json& j) { j["pupils"] = "all"; });
    Kiosk fresh;
    const std::string before = dump(fresh.db);
    for (const Hostile& c : cases) {
        const fs::path p = s.dir.path() / "hostile.dlkjoin";
        writeFile(p, signedFile(c.j));
        const auto e = errorOf([&] { joinSchool(fresh.db, fresh.store, p.string(), kT0); });
        REQUIRE_MESSAGE(e, c.what);
        CHECK_MESSAGE(contains(e->what(), c.says), (std::string(c.what) + ": " + e->what()));
        CHECK_MESSAGE(dump(fresh.db) == before, c.what);
    }
    // The same payload unchanged, signed again, joins.
    writeFile(s.dir.path() / "fine.dlkjoin", signedFile(payload));
    CHECK(joinSchool(fresh.db, fresh.store, (s.dir.path() / "fine.dlkjoin").string(), kT0).pupils == 3);
}
