// Clock jumps (docs/data-flow.md, "Time"): someone sets the system clock a day forward or back.
// The kiosk's time within a run is a RunClock (the wall clock at start plus monotonic time), so
// delays, the module's timer and locks see only the time that really passed; a time stored by an
// earlier run that lies in the future counts as now. The wall and monotonic clocks are injected.
#include <doctest/doctest.h>
#include <time.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "school/school_store.h"
#include "security/pin_hash.h"
#include "storage/schema.h"
#include "support/run_clock.h"

using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;  // some moment in 2026
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
const std::string kPin = "482193";

// The two clocks a test moves by hand: `wall` is the system clock anyone can set, `steady` the
// time that really passed.
struct TestClocks {
    int64_t wall = kT0;
    int64_t steady = 5'000;  // any origin: only differences count
    void pass(int64_t ms) {
        wall += ms;
        steady += ms;
    }
    RunClock runClock() {
        return RunClock([this] { return wall; }, [this] { return steady; });
    }
};

// Wrong PINs until the lock is at its maximum; returns when the last one was taken.
int64_t lockToTheMaximum(SchoolStore& school, TestClocks& clocks, const RunClock& run) {
    for (int i = 0; i < 40; ++i) {
        const PinResult r = school.checkPin("000000", run.nowMs());
        if (r.result == PinCheck::Locked && r.lockedSeconds == kMaxPinLockSeconds) return run.nowMs();
        clocks.pass(r.lockedSeconds * 1000LL);
    }
    FAIL("the lock never reached its maximum");
    return 0;
}

struct SessionFixture {
    dlk::test::TempDir dir;
    std::string path = dir.file("kiosk.db");
    Database db{path};
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* module = bank.findModule("m01-schoolreis");
    ResponseStore store{db};
    int64_t pupilId = 0;
    SessionFixture() {
        REQUIRE(module);
        migrateSchema(db);
        SchoolStore school(db);
        dlk::test::setUpTestSchool(school);
        pupilId = school.addPupils(school.createClass("Groep 8", kT0), {"Daan"}, kT0)[0].id;
    }
};

std::optional<std::string> onDisk(const std::string& path, const std::string& itemId) {
    Database other(path);
    auto st = other.prepare("SELECT value FROM responses WHERE item_id=? AND response_id='RESPONSE'");
    st.bind(1, itemId);
    if (!st.step()) return std::nullopt;
    return st.getText(0);
}

}  // namespace

TEST_CASE("clocks: the run clock starts at the wall clock and moves only with the time that passed") {
    TestClocks c;
    const RunClock run = c.runClock();
    CHECK(run.nowMs() == kT0);
    c.pass(1500);
    CHECK(run.nowMs() == kT0 + 1500);
    c.wall += kDayMs;  // set a day forward
    CHECK(run.nowMs() == kT0 + 1500);
    CHECK(run.wallSkewMs() == kDayMs);
    c.wall -= 2 * kDayMs;  // and a day back from where it was
    CHECK(run.nowMs() == kT0 + 1500);
    CHECK(run.wallSkewMs() == -kDayMs);
    c.pass(250);
    CHECK(run.nowMs() == kT0 + 1750);
}

TEST_CASE("clocks: a PIN failure stored in the future counts as now - a clock set back a day locks for 5 minutes") {
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    school.setUpSchool("De Vlinder", kPin, kT0);
    TestClocks c;
    const int64_t lastFailure = lockToTheMaximum(school, c, c.runClock());
    // The kiosk restarts with its clock set back a day: the stored failure lies a day ahead.
    const int64_t dayBack = lastFailure - kDayMs;
    PinResult r = school.checkPin(kPin, dayBack);
    CHECK(r.result == PinCheck::Locked);
    CHECK(r.lockedSeconds == kMaxPinLockSeconds);  // was 86,700 s
    r = school.checkPin(kPin, dayBack + 200'000);
    CHECK(r.result == PinCheck::Locked);
    CHECK(r.lockedSeconds == 100);
    // Five minutes of real time later the right PIN is taken, a day before the stored time.
    r = school.checkPin(kPin, dayBack + kMaxPinLockSeconds * 1000LL);
    CHECK(r.result == PinCheck::Ok);
}

TEST_CASE("clocks: the PIN lock through the run clock ignores the clock set a day forward and back") {
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    school.setUpSchool("De Vlinder", kPin, kT0);
    TestClocks c;
    const RunClock run = c.runClock();
    lockToTheMaximum(school, c, run);
    c.pass(60'000);
    c.wall += kDayMs;  // forward: the lock is not over
    PinResult r = school.checkPin(kPin, run.nowMs());
    CHECK(r.result == PinCheck::Locked);
    CHECK(r.lockedSeconds == kMaxPinLockSeconds - 60);
    c.wall -= 2 * kDayMs;  // back: it does not grow either
    c.pass(60'000);
    r = school.checkPin(kPin, run.nowMs());
    CHECK(r.result == PinCheck::Locked);
    CHECK(r.lockedSeconds == kMaxPinLockSeconds - 120);
    c.pass((kMaxPinLockSeconds - 120) * 1000LL);
    CHECK(school.checkPin(kPin, run.nowMs()).result == PinCheck::Ok);
}

TEST_CASE("clocks: the module timer through the run clock counts only real time when the clock jumps") {
    SessionFixture f;
    TestClocks c;
    const RunClock run = c.runClock();
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", run.nowMs());
    s.setTimeLimitMs(30 * 60000);
    s.tick(run.nowMs());
    c.pass(10'000);
    s.tick(run.nowMs());
    CHECK(s.elapsedMs() == 10'000);
    // A day forward: the module does not end, and no more than the real second counts.
    c.wall += kDayMs;
    c.pass(1000);
    s.tick(run.nowMs());
    CHECK(s.elapsedMs() == 11'000);
    CHECK_FALSE(s.timeUp());
    // Two days back: no time given back, none negative, and the clock runs on.
    c.wall -= 2 * kDayMs;
    c.pass(1000);
    s.tick(run.nowMs());
    CHECK(s.elapsedMs() == 12'000);
    CHECK(s.remainingMs() == 30 * 60000 - 12'000);
    // A typed answer is still committed 2 s after the last key, not a day later.
    s.goTo(5, run.nowMs());  // the text entry
    s.setResponse("RESPONSE", Value::single(BaseType::String, "Utrecht"), run.nowMs(), /*typing=*/true);
    c.wall -= kDayMs;
    c.pass(ModuleSession::kTypingDelayMs);
    s.tick(run.nowMs());
    CHECK(onDisk(f.path, s.currentItem().identifier).has_value());
}

TEST_CASE("clocks: the module timer fed the wall clock itself never runs backwards and a jump counts at most 65 s") {
    SessionFixture f;
    ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
    s.setTimeLimitMs(30 * 60000);
    s.tick(kT0);
    s.tick(kT0 + 10'000);
    s.tick(kT0 + 10'000 - kDayMs);  // back a day
    CHECK(s.elapsedMs() == 10'000);
    s.tick(kT0 + 11'000 - kDayMs);
    CHECK(s.elapsedMs() == 11'000);
    s.tick(kT0 + 11'000);  // forward a day
    CHECK(s.elapsedMs() == 11'000 + ModuleSession::kMaxTickGapMs);
    CHECK_FALSE(s.timeUp());
}

TEST_CASE("clocks: a damaged negative elapsed time in the database gives the pupil no extra time") {
    SessionFixture f;
    {
        ModuleSession s(f.store, *f.module, f.pupilId, "nl", kT0);
        s.tick(kT0);
        s.tick(kT0 + 4000);
        REQUIRE(s.flush(kT0 + 4000));
    }
    f.db.exec("UPDATE attempts SET elapsed_ms=-7200000");  // two hours "back"
    ModuleSession again(f.store, *f.module, f.pupilId, "nl", kT0 + 10'000);
    again.setTimeLimitMs(30 * 60000);
    CHECK(again.elapsedMs() == 0);
    CHECK(again.remainingMs() == 30 * 60000);
}

TEST_CASE("clocks: the kiosk's monotonic clock counts a suspended laptop and never goes back") {
    // CLOCK_BOOTTIME, not steady_clock's CLOCK_MONOTONIC: a lid closed on the teacher screen for
    // an hour must lock it on waking (the two differ only by the time this machine has slept).
    timespec ts{};
    REQUIRE(clock_gettime(CLOCK_BOOTTIME, &ts) == 0);
    const int64_t boot = int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
    const int64_t a = steadyClockMs();
    CHECK(a >= boot);
    CHECK(a - boot < 1000);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    const int64_t b = steadyClockMs();
    CHECK(b - a >= 30);
    CHECK(b - a < 5000);
}
