// Module time limits: the clock runs only while the kiosk shows the module, survives a crash
// (without counting the time the kiosk was down), pauses, and ends the module at zero.
#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "school/school_store.h"
#include "storage/schema.h"

using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

struct TimeFixture {
    dlk::test::TempDir dir;
    std::string path = dir.file("kiosk.db");
    Database db{path};
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* module = bank.findModule("m01-schoolreis");
    ResponseStore store{db};
    int64_t pupilId = 0;

    TimeFixture() {
        REQUIRE(module);
        migrateSchema(db);
        SchoolStore school(db);
        pupilId = school.addPupils(school.createClass("8b", kT0), {"Sem"}, kT0)[0].id;
    }
    int64_t elapsedOnDisk() {
        Database other(path);
        auto st = other.prepare("SELECT elapsed_ms FROM attempts");
        REQUIRE(st.step());
        return st.getInt(0);
    }
};

}  // namespace

TEST_CASE("module time: the clock runs from the first tick and counts down to the limit") {
    TimeFixture f;
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
    CHECK(f.elapsedOnDisk() == 60000);
}

TEST_CASE("module time: a long gap between ticks counts as at most 65 s") {
    TimeFixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setTimeLimitMs(30 * 60000);
    s.tick(kT0);
    s.tick(kT0 + 10 * 60000);  // a laptop suspended for ten minutes
    CHECK(s.elapsedMs() == ModuleSession::kMaxTickGapMs);
}

TEST_CASE("module time: paused time does not count") {
    TimeFixture f;
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
    TimeFixture f;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        s.setTimeLimitMs(30 * 60000);
        s.tick(kT0);
        s.tick(kT0 + 40000);
        s.setResponse("RESPONSE", Value::single(BaseType::Identifier, "C"), kT0 + 42000);  // commits 42 s
        s.tick(kT0 + 44000);                                                                // not yet persisted
    }  // the process dies here
    CHECK(f.elapsedOnDisk() == 42000);
    // An hour later the pupil logs in again: the hour does not count, the 42 s do.
    ModuleSession again(f.store, *f.module, f.pupilId, "nl", kT0 + 3600000);
    again.setTimeLimitMs(30 * 60000);
    CHECK(again.elapsedMs() == 42000);
    again.tick(kT0 + 3600000);
    again.tick(kT0 + 3601000);
    CHECK(again.elapsedMs() == 43000);
}

TEST_CASE("module time: the limit is reached and finishing keeps every answer") {
    TimeFixture f;
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
    CHECK(f.elapsedOnDisk() >= 60000);
}

TEST_CASE("accommodations: stored per pupil and checked") {
    TimeFixture f;
    SchoolStore school(f.db);
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
