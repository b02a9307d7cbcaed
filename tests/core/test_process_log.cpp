// Process data (delivery/process_log.h): the buffer and its idle detection, the round trip
// through SQLite, the teacher's activity summary, and the demo school's plausible events.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core_test_helpers.h"
#include "delivery/process_log.h"
#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "school/school_store.h"
#include "storage/schema.h"

using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

ProcessEvent ev(int64_t at, EventKind kind, const std::string& item = {}, const std::string& detail = {}) {
    return ProcessEvent{at, kind, item, detail};
}

struct Db {
    Database db{":memory:"};
    int64_t pupilId = 0;
    Db() {
        migrateSchema(db);
        SchoolStore school(db);
        school.setUpSchool("School", "246813", kT0);
        pupilId = school.addPupils(school.createClass("Groep 8", kT0), {"Daan"}, kT0)[0].id;
    }
    int64_t newAttempt(const std::string& module, const std::string& startedAt) {
        auto st = db.prepare("INSERT INTO attempts(pupil_id, module_id, language, started_at) VALUES (?, ?, 'nl', ?)");
        st.bind(1, pupilId).bind(2, module).bind(3, startedAt);
        st.run();
        return db.lastInsertId();
    }
};

}  // namespace

TEST_CASE("process log: every kind has a stable name that reads back") {
    for (EventKind k : {EventKind::AttemptStart, EventKind::SessionResume, EventKind::ItemShown,
                        EventKind::AnswerChanged, EventKind::Navigation, EventKind::Flag, EventKind::Overview,
                        EventKind::Pause, EventKind::Resume, EventKind::ReadAloud, EventKind::Idle, EventKind::Finish,
                        EventKind::TimeUp, EventKind::EnvironmentAction, EventKind::EventsDropped}) {
        CAPTURE(eventKindName(k));
        CHECK(eventKindFromName(eventKindName(k)) == k);
    }
    CHECK(std::string(eventKindName(EventKind::AnswerChanged)) == "answer_changed");
    CHECK_FALSE(eventKindFromName("typing").has_value());
    CHECK(std::string(navigationHowName(NavigationHow::Overview)) == "overview");
}

TEST_CASE("process log: the buffer is due after a few seconds and keeps what was not written") {
    ProcessLog log(kT0);
    CHECK_FALSE(log.due(kT0 + 100000));  // nothing buffered
    log.record(kT0 + 1000, EventKind::ReadAloud, "i1", "question");
    log.record(kT0 + 3000, EventKind::Overview, "i1", "via=button");
    CHECK_FALSE(log.due(kT0 + 1000 + ProcessLog::kFlushEveryMs - 1));
    CHECK(log.due(kT0 + 1000 + ProcessLog::kFlushEveryMs));
    log.written(1);
    REQUIRE(log.pending().size() == 1);
    CHECK(log.pending()[0] == ev(kT0 + 3000, EventKind::Overview, "i1", "via=button"));
    CHECK_FALSE(log.due(kT0 + 3000 + ProcessLog::kFlushEveryMs - 1));
    log.written(5);  // more than buffered: harmless
    CHECK(log.empty());
}

TEST_CASE(
    "process log: a long write failure caps the buffer - the lost events are counted and recorded once writing works") {
    ProcessLog log(kT0);
    const size_t cap = ProcessLog::kMaxPendingEvents;
    for (size_t i = 0; i < cap + 500; ++i)
        log.record(kT0 + static_cast<int64_t>(i), EventKind::AnswerChanged, "i1", "RESPONSE");
    CHECK(log.pending().size() == cap);
    CHECK(log.dropped() == 500);
    // The first events are the ones kept: the log stays a prefix of what happened.
    CHECK(log.pending().front().atMs == kT0);
    CHECK(log.pending().back().atMs == kT0 + static_cast<int64_t>(cap) - 1);
    // Writing works again: what was written goes, and one event records the hole and its size.
    log.written(cap);
    REQUIRE(log.pending().size() == 1);
    CHECK(log.pending()[0] == ev(kT0 + static_cast<int64_t>(cap) + 499, EventKind::EventsDropped, "", "count=500"));
    CHECK(log.dropped() == 0);
    log.record(kT0 + 10'000, EventKind::Flag, "i1", "on");
    CHECK(log.pending().size() == 2);
}

TEST_CASE("process log: a detail is a short code - no other characters and no long text reach the log") {
    ProcessLog log(kT0);
    log.record(kT0, EventKind::EnvironmentAction, "i1", "calculator.key=7");
    log.record(kT0, EventKind::EnvironmentAction, "i1", "notepad.typed=Mijn naam is Émile, 12 jaar!");
    log.record(kT0, EventKind::ReadAloud, "i1", std::string(500, 'x'));
    REQUIRE(log.pending().size() == 3);
    CHECK(log.pending()[0].detail == "calculator.key=7");
    CHECK(log.pending()[1].detail.find("Mijn naam is") != std::string::npos);  // spaces and letters are codes
    CHECK(log.pending()[1].detail.find_first_of(",!\xc3") == std::string::npos);
    CHECK(log.pending()[2].detail.size() == ProcessLog::kMaxDetailBytes);
    CHECK(processDetail("a\nb\tc<d>") == "a_b_c_d_");
}

TEST_CASE("process log: 60 s without activity is one idle event with its length - when activity resumes") {
    ProcessLog log(kT0);
    log.noteActivity(kT0 + 59999, "i1");  // just under a minute: not idle
    CHECK(log.empty());
    log.noteActivity(kT0 + 59999 + 60000, "i2");
    REQUIRE(log.pending().size() == 1);
    CHECK(log.pending()[0] == ev(kT0 + 119999, EventKind::Idle, "i2", "ms=60000"));
    log.noteActivity(kT0 + 100000, "i2");  // an older input time changes nothing
    CHECK(log.pending().size() == 1);
    // A teacher's pause: the inactivity before it counts, the pause itself never does.
    log.suspendIdle(kT0 + 119999 + 90000, "i2");
    REQUIRE(log.pending().size() == 2);
    CHECK(log.pending()[1].detail == "ms=90000");
    log.noteActivity(kT0 + 900000, "i2");  // paused: no idle
    CHECK(log.pending().size() == 2);
    log.restartIdle(kT0 + 1000000);
    log.noteActivity(kT0 + 1000000 + 30000, "i2");
    CHECK(log.pending().size() == 2);
}

TEST_CASE("process log: events round-trip through SQLite in order and start times come from the attempt") {
    Db d;
    const int64_t withStart = d.newAttempt("m1", "2026-05-28T10:00:00Z");
    const int64_t legacy = d.newAttempt("m2", "2026-05-28T10:00:00Z");  // from before process data
    const std::vector<ProcessEvent> events = {
        ev(kT0 + 250, EventKind::AttemptStart),
        ev(kT0 + 250, EventKind::ItemShown, "i1", "position=1"),
        ev(kT0 + 4000, EventKind::AnswerChanged, "i1", "RESPONSE"),
    };
    {
        Transaction tx(d.db);
        insertEvents(d.db, withStart, events);
        insertEvents(d.db, legacy, {ev(1'780'000'000'000 + 7000, EventKind::ItemShown, "j1", "position=1")});
        tx.commit();
    }
    CHECK(loadEvents(d.db, withStart) == events);
    // A kind this version does not know (a newer dlkiosk wrote it) is skipped, not misread.
    d.db.exec("INSERT INTO events(attempt_id, at_ms, kind) VALUES (" + std::to_string(withStart) + ", 1, 'teleport')");
    CHECK(loadEvents(d.db, withStart).size() == 3);

    const auto all = loadAttemptEvents(d.db, 0);
    REQUIRE(all.size() == 2);
    CHECK(all[0].attemptId == withStart);
    CHECK(all[0].startMs == kT0 + 250);  // the event's millisecond
    CHECK(all[1].attemptId == legacy);
    // 1'780'000'000'000 ms is 2026-05-28T20:26:40Z; started_at says 10:00:00Z on that day.
    CHECK(all[1].startMs == 1'779'962'400'000);
    CHECK(loadAttemptEvents(d.db, 9999).empty());  // another class
}

TEST_CASE("activity: time per item runs until the next event - not while paused and not between sessions") {
    const std::vector<ProcessEvent> events = {
        ev(0, EventKind::AttemptStart), ev(0, EventKind::ItemShown, "i1", "position=1"),
        ev(10000, EventKind::AnswerChanged, "i1", "RESPONSE"), ev(12000, EventKind::AnswerChanged, "i1", "RESPONSE"),
        ev(15000, EventKind::Flag, "i1", "on"), ev(20000, EventKind::Navigation, "i1", "from=1 to=2 how=next"),
        ev(20000, EventKind::ItemShown, "i2", "position=2"), ev(30000, EventKind::Pause, "i2"),
        ev(330000, EventKind::Resume, "i2"),  // five paused minutes: not the pupil's time
        ev(400000, EventKind::Idle, "i2", "ms=70000"), ev(405000, EventKind::ReadAloud, "i2", "question"),
        // The kiosk went down; the pupil logs in an hour later.
        ev(4000000, EventKind::SessionResume), ev(4000000, EventKind::ItemShown, "i2", "position=2"),
        ev(4005000, EventKind::Navigation, "i2", "from=2 to=1 how=overview"),
        ev(4005000, EventKind::ItemShown, "i1", "position=1"), ev(4008000, EventKind::Flag, "i1", "off"),
        ev(4009000, EventKind::Finish, "i1"),
        ev(9000000, EventKind::ReadAloud, "i1", "late"),  // after the end: no time on any item
    };
    const ActivitySummary s = summarizeActivity(events);
    REQUIRE(s.items.size() == 2);
    CHECK(s.items[0].itemId == "i1");
    CHECK(s.items[0].timeMs == 20000 + 4000);
    CHECK(s.items[0].changes == 2);
    CHECK(s.items[0].visits == 2);
    CHECK_FALSE(s.items[0].flagged);  // flagged, then unflagged
    CHECK(s.items[1].itemId == "i2");
    CHECK(s.items[1].timeMs == 10000 + (405000 - 330000) + 5000);
    CHECK(s.items[1].visits == 2);
    CHECK(s.timeMs == s.items[0].timeMs + s.items[1].timeMs);
    CHECK(s.changes == 2);
    CHECK(s.idleMs == 70000);
    CHECK(s.idleSpells == 1);
    CHECK(s.pauses == 1);
    CHECK(s.readAloud == 2);
    CHECK(s.flagged == 0);
    CHECK(summarizeActivity({}).empty());
}

TEST_CASE("activity: the demo school has plausible process data for every pupil") {
    Database db(":memory:");
    migrateSchema(db);
    // The bundled bank as the kiosk opens it: each pupil takes the tutorial and its dealt modules.
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    if (!design.tutorial.empty()) REQUIRE(bank.markPractice(design.tutorial));
    DemoOptions o;
    o.pupils = 12;
    o.seed = 99;
    o.pin = "246813";
    o.finishedShare = 0.5;
    makeDemoSchool(db, bank, design, o, kT0);
    const auto attempts = loadAttemptEvents(db, 0);
    REQUIRE(attempts.size() >= 24);  // every pupil does the tutorial and starts a dealt module
    // The items a pupil types into, from the items themselves.
    std::set<std::string> typedItems;
    for (const Module& m : bank.modules())
        for (const auto& item : m.variant("nl").items)
            for (const BodyNode* in : item->interactions())
                if (in->name == "textEntryInteraction" || in->name == "extendedTextInteraction")
                    typedItems.insert(item->identifier);
    REQUIRE_FALSE(typedItems.empty());
    int finished = 0, idle = 0, flags = 0, mostKeys = 0;
    for (const auto& a : attempts) {
        CAPTURE(a.attemptId);
        REQUIRE(a.events.size() >= 2);  // a pupil who stopped at once, without answering
        CHECK(a.events[0].kind == EventKind::AttemptStart);
        CHECK(a.events[1].kind == EventKind::ItemShown);
        CHECK(a.startMs >= kT0);  // modules one after the other
        CHECK(a.events[0].atMs == a.startMs);
        for (size_t i = 1; i < a.events.size(); ++i) CHECK(a.events[i].atMs >= a.events[i - 1].atMs);
        std::map<std::string, int> keys;  // answer changes per typed item
        for (const auto& e : a.events) {
            idle += e.kind == EventKind::Idle;
            flags += e.kind == EventKind::Flag;
            if (e.kind == EventKind::AnswerChanged && typedItems.count(e.itemId))
                mostKeys = std::max(mostKeys, ++keys[e.itemId]);
        }
        finished += a.events.back().kind == EventKind::Finish;
    }
    CHECK(finished > 0);
    CHECK(finished < static_cast<int>(attempts.size()));
    CHECK(idle > 0);
    CHECK(flags > 0);
    CHECK(mostKeys >= 3);  // typed answers change once per key
    const auto perPupil = classActivity(db, bank, 0);
    CHECK(perPupil.size() == 12);
    for (const auto& [pupil, s] : perPupil) {
        CHECK(s.timeMs > 10000);
        CHECK(s.timeMs < 9000000);  // the tutorial and four modules of at most 30 minutes
        CHECK_FALSE(s.items.empty());
    }
}
