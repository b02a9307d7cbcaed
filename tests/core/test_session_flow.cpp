// A pupil's way through the session plan (delivery/session_flow.h), which the kiosk and the demo
// both take: the next module, a module that left the bank skipped, the time limit with extra
// time, and the attempt started or resumed.
#include <doctest/doctest.h>

#include "core_test_helpers.h"
#include "delivery/session_flow.h"
#include "mini_bank.h"
#include "storage/schema.h"
#include "support/logger.h"

using namespace dlk;
using dlk::test::contains;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

// A tutorial and two modules of which each pupil is dealt one; m01-a and m02-b have 10 minutes.
struct FlowFixture {
    dlk::test::TempDir dir;
    std::filesystem::path items = makeItems();
    ItemBank bank = ItemBank::loadFolder(items.string());
    BookletDesign design = loadSessionDesign(items.string(), bank);
    Database db{dir.file("kiosk.db")};
    SessionPlans plans{db};
    ResponseStore store{db};
    std::vector<PupilInfo> pupils;

    FlowFixture() {
        REQUIRE(bank.modules().size() == 3);
        migrateSchema(db);
        SchoolStore school(db);
        dlk::test::setUpTestSchool(school);
        pupils = school.addPupils(school.createClass("Groep 8", kT0), {"", ""}, kT0);
    }
    std::filesystem::path makeItems() {
        const auto path = dlk::test::makeMiniBank(dir, {"m00-oefenen", "m01-a", "m02-b"});
        for (const char* id : {"m01-a", "m02-b"})
            dlk::test::replaceInFile(path / id / "module.nl.xml", "submission-mode=\"individual\">",
                                     "submission-mode=\"individual\"><qti-time-limits max-time=\"600\"/>");
        dlk::test::writeFile(path / "session-design.json",
                             R"({"tutorial": "m00-oefenen", "modules": ["m01-a", "m02-b"], "perPupil": 1})");
        return path;
    }
    SessionFlow flow() { return SessionFlow(bank, design, plans, store); }
    void finish(const Module& module, const PupilInfo& pupil, int64_t at) {
        REQUIRE(flow().start(module, pupil, "nl", at).session->finish(at + 1000));
    }
};

}  // namespace

TEST_CASE("session flow: the plan is dealt at the first ask - tutorial - then the dealt module - then nothing") {
    FlowFixture f;
    const PupilInfo& pupil = f.pupils[0];
    CHECK_FALSE(f.plans.find(pupil.id));
    const Module* first = f.flow().nextModule(pupil.id, kT0);
    REQUIRE(first);
    CHECK(first->identifier == "m00-oefenen");
    const auto plan = f.plans.find(pupil.id);
    REQUIRE(plan);
    REQUIRE(plan->modules.size() == 2);
    // Started but not finished: still the next one.
    (void)f.flow().start(*first, pupil, "nl", kT0);
    CHECK(f.flow().nextModule(pupil.id, kT0 + 1000) == first);
    f.finish(*first, pupil, kT0 + 2000);
    const Module* second = f.flow().nextModule(pupil.id, kT0 + 5000);
    REQUIRE(second);
    CHECK(second->identifier == plan->modules[1]);
    f.finish(*second, pupil, kT0 + 6000);
    CHECK(f.flow().nextModule(pupil.id, kT0 + 9000) == nullptr);
    CHECK(f.plans.find(pupil.id)->modules == plan->modules);  // never dealt again
}

TEST_CASE("session flow: a module of the plan no longer in the bank is skipped and logged") {
    FlowFixture f;
    f.plans.assign(f.pupils[0].id, {"m07-weg", "m01-a"}, kT0);
    f.plans.assign(f.pupils[1].id, {"m07-weg"}, kT0);
    dlk::test::TempDir logDir;
    Logger::instance().open(logDir.str());
    const Module* next = f.flow().nextModule(f.pupils[0].id, kT0);
    const Module* none = f.flow().nextModule(f.pupils[1].id, kT0);
    Logger::instance().close();
    REQUIRE(next);
    CHECK(next->identifier == "m01-a");
    CHECK(none == nullptr);
    const std::string log = dlk::test::readFile(logDir.path() / "dlkiosk.log");
    CHECK(contains(log, "warning: module m07-weg of pupil " + std::to_string(f.pupils[0].id) +
                            "'s plan is no longer in the item bank; skipped"));
}

TEST_CASE("session flow: the time limit is the module's plus the pupil's extra time") {
    Module module;
    module.maxTimeSeconds = 1800;
    Accommodations a;
    CHECK(moduleTimeLimitMs(module, a) == 1'800'000);
    a.extraTimePct = 25;
    CHECK(moduleTimeLimitMs(module, a) == 2'250'000);
    a.extraTimePct = 100;
    CHECK(moduleTimeLimitMs(module, a) == 3'600'000);
    module.maxTimeSeconds = 0;  // no limit stays no limit
    CHECK(moduleTimeLimitMs(module, a) == 0);

    FlowFixture f;
    PupilInfo pupil = f.pupils[0];
    pupil.accommodations.extraTimePct = 50;
    f.plans.assign(pupil.id, {"m01-a", "m00-oefenen"}, kT0);
    const Module* timed = f.flow().nextModule(pupil.id, kT0);
    REQUIRE(timed);
    CHECK(f.flow().start(*timed, pupil, "nl", kT0).session->timeLimitMs() == 900'000);
    CHECK(f.flow().start(*f.bank.findModule("m00-oefenen"), pupil, "nl", kT0).session->timeLimitMs() == 0);
}

TEST_CASE("session flow: starting a module again resumes the same attempt at the same item") {
    FlowFixture f;
    const PupilInfo& pupil = f.pupils[0];
    const Module& module = *f.bank.findModule("m01-a");
    SessionFlow::Started first = f.flow().start(module, pupil, "nl", kT0);
    CHECK_FALSE(first.resumed);
    first.session->setResponse("RESPONSE", Value::single(BaseType::Identifier, "JA"), kT0 + 1000);
    REQUIRE(first.session->next(kT0 + 2000));
    const int64_t attempt = first.session->attemptId();
    first.session.reset();
    SessionFlow::Started again = f.flow().start(module, pupil, "nl", kT0 + 60000);
    CHECK(again.resumed);
    CHECK(again.session->attemptId() == attempt);
    CHECK(again.session->position() == 1);
    CHECK(again.session->isAnswered(0));
}
