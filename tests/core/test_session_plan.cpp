// The session design (<items>/session-design.json) and each pupil's plan dealt from it: which
// modules, in which order, recorded once and never reshuffled.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core_test_helpers.h"
#include "delivery/response_store.h"
#include "delivery/session_plan.h"
#include "results/class_results.h"
#include "school/school_store.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

// A bank of small modules (copies of the mini module under other identifiers).
std::filesystem::path makeBank(const dlk::test::TempDir& dir, const std::vector<std::string>& ids) {
    const auto bank = dir.path() / "items";
    for (const auto& id : ids) {
        const auto folder = bank / id;
        std::filesystem::create_directories(folder);
        std::filesystem::copy(dlk::test::testData("bank/m99-mini"), folder, std::filesystem::copy_options::recursive);
        dlk::test::replaceInFile(folder / "module.nl.xml", "identifier=\"m99-mini\"", "identifier=\"" + id + "\"");
    }
    return bank;
}

struct PlanFixture {
    dlk::test::TempDir dir;
    std::filesystem::path items = makeBank(dir, {"m00-oefenen", "m01-a", "m02-b", "m03-c", "m04-d"});
    ItemBank bank = ItemBank::loadFolder(items.string());
    Database db{dir.file("kiosk.db")};
    std::vector<int64_t> pupils;

    explicit PlanFixture(int pupilCount = 24) {
        REQUIRE(bank.modules().size() == 5);
        migrateSchema(db);
        SchoolStore school(db);
        dlk::test::setUpTestSchool(school);
        const int64_t classId = school.createClass("Groep 8", kT0);
        for (const auto& p :
             school.addPupils(classId, std::vector<std::string>(static_cast<size_t>(pupilCount), ""), kT0))
            pupils.push_back(p.id);
    }
    void design(const std::string& json) { dlk::test::writeFile(items / "session-design.json", json); }
};

const char* kDesign = R"({"tutorial": "m00-oefenen", "modules": ["m01-a", "m02-b", "m03-c", "m04-d"], "perPupil": 2})";

}  // namespace

TEST_CASE("session design: without a design file every module is taken in bank order") {
    PlanFixture f;
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    CHECK(d.tutorial.empty());
    CHECK(d.pool == std::vector<std::string>{"m00-oefenen", "m01-a", "m02-b", "m03-c", "m04-d"});
    CHECK(d.modulesPerPupil == 0);
}

TEST_CASE("session design: the file names the tutorial - the pool and how many each pupil takes") {
    PlanFixture f;
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    CHECK(d.tutorial == "m00-oefenen");
    CHECK(d.pool.size() == 4);
    CHECK(d.modulesPerPupil == 2);
}

TEST_CASE("session design: a broken or inconsistent design file is refused naming the file and the problem") {
    PlanFixture f;
    const std::map<std::string, std::string> cases = {
        {R"({"modules": ["m01-a",)", "session-design.json"},
        {R"(["m01-a"])", "must be a JSON object"},
        {R"({"modules": []})", "at least one module"},
        {R"({"modules": ["m09-weg"]})", "module 'm09-weg' is not in the item bank"},
        {R"({"tutorial": "m08-weg", "modules": ["m01-a"]})", "tutorial module 'm08-weg'"},
        {R"({"tutorial": "m01-a", "modules": ["m01-a", "m02-b"]})", "also in \"modules\""},
        {R"({"modules": ["m01-a", "m01-a"]})", "listed twice"},
        {R"({"modules": ["m01-a"], "perPupil": -1})", "whole number"},
        {R"({"modules": ["m01-a"], "perPupil": 1.5})", "whole number"},
        {R"({"modules": ["m01-a"], "perPupil": 1e300})", "whole number"},
    };
    for (const auto& [json, expected] : cases) {
        CAPTURE(json);
        f.design(json);
        const auto e = errorOf([&] { loadSessionDesign(f.items.string(), f.bank); });
        REQUIRE(e);
        CHECK(contains(e->what(), "session-design.json"));
        CHECK(contains(e->what(), expected));
    }
}

TEST_CASE("session design: a module the bank left out is dealt to nobody - and the rest of the design stands") {
    PlanFixture f;
    // m02-b's only item is broken: the bank leaves the module out.
    std::ofstream(f.items / "m02-b" / "nl" / "mini-01.xml", std::ios::trunc) << "<kapot";
    const ItemBank bank = ItemBank::loadFolder(f.items.string());
    REQUIRE(bank.refusedModules().size() == 1);
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), bank);
    CHECK(d.tutorial == "m00-oefenen");
    CHECK(d.pool == std::vector<std::string>{"m01-a", "m03-c", "m04-d"});
    // Only left-out modules in the design: nothing to deal, said as such.
    f.design(R"({"modules": ["m02-b"]})");
    const auto e = errorOf([&] { loadSessionDesign(f.items.string(), bank); });
    REQUIRE(e);
    CHECK(contains(e->what(), "every module it names is left out of the item bank"));
}

TEST_CASE("session plans: each pupil gets the tutorial first then 2 of the 4 modules and keeps that plan") {
    PlanFixture f;
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    const SessionPlan first = plans.planFor(f.pupils[0], d, kT0);
    REQUIRE(first.modules.size() == 3);
    CHECK(first.modules[0] == "m00-oefenen");
    CHECK(first.modules[1] != first.modules[2]);
    CHECK(first.sequence == 0);
    // The same pupil later, through another connection: the stored plan, not a new deal.
    Database again(f.dir.file("kiosk.db"));
    SessionPlans later(again);
    const SessionPlan stored = later.planFor(f.pupils[0], d, kT0 + 1000);
    CHECK(stored.modules == first.modules);
    CHECK(stored.seed == first.seed);
    // Even under another design, a dealt plan stays.
    BookletDesign other = d;
    other.modulesPerPupil = 4;
    CHECK(later.planFor(f.pupils[0], other, kT0 + 2000).modules == first.modules);
    CHECK(later.planFor(f.pupils[1], d, kT0).sequence == 1);
}

TEST_CASE("session plans: over two rotations every module is in every position equally often") {
    PlanFixture f(24);  // 4 x 3 = 12 booklets; 24 pupils deal each twice
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    std::map<std::pair<std::string, size_t>, int> count;
    std::map<std::vector<std::string>, int> booklets;
    for (int64_t id : f.pupils) {
        const SessionPlan p = plans.planFor(id, d, kT0);
        for (size_t pos = 1; pos < p.modules.size(); ++pos) ++count[{p.modules[pos], pos}];
        ++booklets[p.modules];
    }
    CHECK(booklets.size() == 12);
    for (const auto& [key, n] : count) {
        CAPTURE(key.first);
        CHECK(n == 6);
    }
}

TEST_CASE("session plans: the rotation offset is drawn once per database and recorded with every plan") {
    PlanFixture f(3);
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    const uint64_t seed = plans.planFor(f.pupils[0], d, kT0).seed;
    CHECK(plans.planFor(f.pupils[1], d, kT0).seed == seed);
    auto st = f.db.prepare("SELECT value FROM meta WHERE key='booklet_seed'");
    REQUIRE(st.step());
    CHECK(st.getText(0) == std::to_string(seed));
    auto rec = f.db.prepare("SELECT design, seed FROM session_plans WHERE pupil_id=?");
    rec.bind(1, f.pupils[1]);
    REQUIRE(rec.step());
    CHECK(contains(rec.getText(0), "\"perPupil\":2"));
    CHECK(contains(rec.getText(0), "\"sequence\":1"));
    CHECK(static_cast<uint64_t>(rec.getInt(1)) == seed);
}

TEST_CASE("session plans: a damaged stored plan is a clear error - not a new deal") {
    PlanFixture f(1);
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    plans.planFor(f.pupils[0], d, kT0);
    f.db.exec("UPDATE session_plans SET modules='[\"m01-a\",'");
    const auto e = errorOf([&] { plans.planFor(f.pupils[0], d, kT0); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Corrupt);
    CHECK(contains(e->what(), "session plan of pupil"));
}

TEST_CASE("session plans: a plan can be assigned once - never over a dealt one") {
    PlanFixture f(2);
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    const SessionPlan assigned = plans.assign(f.pupils[0], {"m03-c", "m01-a"}, kT0);
    CHECK(plans.planFor(f.pupils[0], d, kT0).modules == std::vector<std::string>{"m03-c", "m01-a"});
    plans.planFor(f.pupils[1], d, kT0);
    const auto e = errorOf([&] { plans.assign(f.pupils[1], {"m01-a"}, kT0); });
    REQUIRE(e);
    CHECK(contains(e->what(), "already has a plan"));
    CHECK(errorOf([&] { plans.assign(f.pupils[0], {}, kT0); }));
}

TEST_CASE("session plans: a pupil counts as finished only when every module of the plan is finished") {
    PlanFixture f(1);
    SessionPlans plans(f.db);
    plans.assign(f.pupils[0], {"m00-oefenen", "m01-a"}, kT0);
    ResponseStore store(f.db);
    const int64_t classId = SchoolStore(f.db).classes().front().id;
    auto status = [&] { return classResults(f.db, classId, std::vector<ItemScoreRow>{}).front().status; };
    CHECK(status() == AttemptStatus::NotStarted);
    const AttemptRecord tutorial = store.startOrResume(f.pupils[0], "m00-oefenen", "nl", kT0);
    CHECK(status() == AttemptStatus::InProgress);
    AttemptWrite end;
    end.finish = true;
    store.write(tutorial.id, end, kT0 + 1000);
    CHECK(status() == AttemptStatus::InProgress);  // the tutorial is done, the dealt module not begun
    const AttemptRecord module = store.startOrResume(f.pupils[0], "m01-a", "nl", kT0 + 2000);
    store.write(module.id, end, kT0 + 3000);
    CHECK(status() == AttemptStatus::Finished);
}
