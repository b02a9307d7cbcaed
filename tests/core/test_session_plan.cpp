// The session design (<items>/session-design.json) and each pupil's plan dealt from it: which
// modules, in which order, recorded once and never reshuffled.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "core_test_helpers.h"
#include "delivery/response_store.h"
#include "delivery/session_flow.h"
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
    CHECK(d.modules() == std::vector<std::string>{"m00-oefenen", "m01-a", "m02-b", "m03-c", "m04-d"});
    REQUIRE(d.parts.size() == 1);
    CHECK(d.parts[0].perPupil == 0);
}

TEST_CASE("session design: the file names the tutorial - the pool and how many each pupil takes") {
    PlanFixture f;
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    CHECK(d.tutorial == "m00-oefenen");
    // A file of the older form is one design of one part.
    CHECK(d.name == "standaard");
    REQUIRE(d.parts.size() == 1);
    CHECK(d.parts[0].pool.size() == 4);
    CHECK(d.parts[0].perPupil == 2);
    const SessionDesigns all = loadSessionDesigns(f.items.string(), f.bank);
    REQUIRE(all.designs.size() == 1);
    CHECK(all.defaultName == "standaard");
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
    CHECK(d.modules() == std::vector<std::string>{"m01-a", "m03-c", "m04-d"});
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
    other.parts[0].perPupil = 4;
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

TEST_CASE("session plans: the modules of a class's plans - each list as find() reads it - a damaged one named") {
    PlanFixture f(24);
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    for (size_t i = 0; i + 1 < f.pupils.size(); ++i) plans.planFor(f.pupils[i], d, kT0);  // the last has none
    // A pupil with a plan moved to another class: in the school's lists, not in the class's.
    const int64_t other = f.pupils[22];
    const int64_t otherClass = SchoolStore(f.db).createClass("Groep 7", kT0);
    f.db.prepare("UPDATE pupils SET class_id=? WHERE id=?").bind(1, otherClass).bind(2, other).step();
    f.pupils.erase(f.pupils.begin() + 22);
    int64_t classId = 0;
    {
        auto st = f.db.prepare("SELECT class_id FROM pupils WHERE id=?");
        st.bind(1, f.pupils[0]);
        REQUIRE(st.step());
        classId = st.getInt(0);
    }
    const DealtModules ofClass = plans.modulesOfClass(classId);
    const DealtModules ofSchool = plans.modulesOfClass(0);
    for (size_t i = 0; i + 1 < f.pupils.size(); ++i) {
        CAPTURE(i);
        REQUIRE(ofClass.of(f.pupils[i]));
        CHECK(*ofClass.of(f.pupils[i]) == plans.find(f.pupils[i])->modules);
        CHECK(*ofSchool.of(f.pupils[i]) == plans.find(f.pupils[i])->modules);
    }
    CHECK_FALSE(ofClass.of(f.pupils.back()));  // no plan
    CHECK_FALSE(ofClass.of(other));
    REQUIRE(ofSchool.of(other));
    CHECK(*ofSchool.of(other) == plans.find(other)->modules);
    // 22 plans of 12 booklets: two pupils with one booklet share its list, kept once.
    size_t shared = 0;
    for (size_t i = 0; i + 1 < f.pupils.size(); ++i)
        for (size_t j = i + 1; j + 1 < f.pupils.size(); ++j)
            if (*ofClass.of(f.pupils[i]) == *ofClass.of(f.pupils[j])) {
                CHECK(ofClass.of(f.pupils[i]) == ofClass.of(f.pupils[j]));
                ++shared;
            }
    CHECK(shared > 0);

    // A damaged or empty list is named as find() names it, with the pupil.
    f.db.prepare("UPDATE session_plans SET modules='[\"m01-a\",' WHERE pupil_id=?").bind(1, f.pupils[3]).step();
    auto e = errorOf([&] { plans.modulesOfClass(0); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Corrupt);
    CHECK(contains(e->what(), "session plan of pupil " + std::to_string(f.pupils[3]) + " is damaged"));
    f.db.prepare("UPDATE session_plans SET modules='[]' WHERE pupil_id=?").bind(1, f.pupils[3]).step();
    e = errorOf([&] { plans.modulesOfClass(classId); });
    REQUIRE(e);
    CHECK(contains(e->what(), "session plan of pupil " + std::to_string(f.pupils[3]) + " lists no modules"));
    CHECK(errorOf([&] { plans.find(f.pupils[3]); }));  // as find() refuses it
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

namespace {
// Two "CIL" pools and one "CT" pool over the fixture's bank: m01-a, m02-b, m03-c as CIL, m04-d as CT.
const char* kDesigns = R"({"tutorial": "m00-oefenen", "default": "icils",
  "designs": [
    {"name": "icils", "label": {"nl": "ICILS", "en": "ICILS design"},
     "parts": [{"modules": ["m01-a", "m02-b", "m03-c"], "perPupil": 2}, {"modules": ["m04-d"]}]},
    {"name": "kort", "modules": ["m01-a", "m02-b", "m03-c", "m04-d"], "perPupil": 2},
    {"name": "ct", "parts": [{"modules": ["m04-d"], "perPupil": 1}]}
  ]})";
}  // namespace

TEST_CASE("session designs: the file names several designs of ordered parts - one the default") {
    PlanFixture f;
    f.design(kDesigns);
    const SessionDesigns all = loadSessionDesigns(f.items.string(), f.bank);
    REQUIRE(all.designs.size() == 3);
    CHECK(all.defaultName == "icils");
    const BookletDesign& icils = all.defaultDesign();
    CHECK(icils.name == "icils");
    CHECK(icils.labelNl == "ICILS");
    CHECK(icils.labelEn == "ICILS design");
    CHECK(icils.tutorial == "m00-oefenen");
    REQUIRE(icils.parts.size() == 2);
    CHECK(icils.parts[0].perPupil == 2);
    CHECK(icils.parts[1].pool == std::vector<std::string>{"m04-d"});
    CHECK(icils.modulesPerPupil() == 3);
    // A design of the older form inside "designs" is one part.
    const BookletDesign* kort = all.find("kort");
    REQUIRE(kort);
    REQUIRE(kort->parts.size() == 1);
    CHECK(kort->parts[0].pool.size() == 4);
    CHECK(kort->tutorial == "m00-oefenen");
    CHECK(all.find("ct"));
    CHECK_FALSE(all.find("groot"));
    // An empty or unknown choice deals the default; the default design of the file is what
    // loadSessionDesign gives.
    CHECK(&all.chosen("") == &icils);
    CHECK(&all.chosen("weg") == &icils);
    CHECK(&all.chosen("ct") == all.find("ct"));
    CHECK(loadSessionDesign(f.items.string(), f.bank).name == "icils");
    // Without "default" the first design is.
    dlk::test::replaceInFile(f.items / "session-design.json", R"("default": "icils",)", "");
    CHECK(loadSessionDesigns(f.items.string(), f.bank).defaultName == "icils");
}

TEST_CASE("session designs: every mistake in the designs is refused naming the file - the design and the problem") {
    PlanFixture f;
    const std::string head = R"({"tutorial": "m00-oefenen", )";
    const std::map<std::string, std::string> cases = {
        {R"("designs": [{"name": "a", "parts": [{"modules": ["m09-weg"]}]}]})",
         "design 'a': module 'm09-weg' is not in the item bank"},
        {R"("designs": [{"name": "a", "parts": [{"modules": ["m01-a"]}, {"modules": ["m02-b", "m01-a"]}]}]})",
         "design 'a': module 'm01-a' is listed twice"},
        {R"("designs": [{"name": "a", "parts": [{"modules": ["m01-a", "m02-b"], "perPupil": 3}]}]})",
         "design 'a': \"perPupil\" is 3 but its \"modules\" list only 2"},
        {R"("designs": [{"name": "a", "parts": [{"modules": ["m00-oefenen"]}]}]})",
         "the tutorial 'm00-oefenen' is also in \"modules\""},
        {R"("designs": [{"name": "a", "parts": [{"modules": ["m01-a"], "perPupil": -1}]}]})", "whole number"},
        {R"("designs": [{"name": "a", "parts": []}]})", "design 'a': \"parts\" must list at least one part"},
        {R"("designs": [{"name": "a", "parts": [{"modules": []}]}]})", "at least one module"},
        {R"("designs": [{"name": "a", "parts": ["m01-a"]}]})", "must be an object"},
        {R"("designs": [{"name": "a", "parts": [{"modules": ["m01-a"]}], "modules": ["m02-b"]}]})",
         "both \"parts\" and \"modules\""},
        {R"("designs": [{"name": "a", "modules": ["m01-a"]}, {"name": "a", "modules": ["m02-b"]}]})",
         "two designs are named 'a'"},
        {R"("designs": [{"modules": ["m01-a"]}]})", "needs a \"name\""},
        {R"("designs": [{"name": " ", "modules": ["m01-a"]}]})", "needs a \"name\""},
        {R"("designs": []})", "at least one design"},
        {R"("designs": {"name": "a"}})", "at least one design"},
        {R"("designs": [{"name": "a", "modules": ["m01-a"]}], "default": "b"})", "the default design 'b'"},
        {R"("designs": [{"name": "a", "modules": ["m01-a"]}], "default": 1})", "\"default\" must be the name"},
        {R"("designs": [{"name": "a", "modules": ["m01-a"]}], "modules": ["m02-b"]})",
         "both \"designs\" and \"modules\""},
        {R"("designs": [{"name": "a", "tutorial": "m01-a", "modules": ["m02-b"]}]})", "named once"},
        {R"("designs": [{"name": "a", "modules": ["m01-a"], "label": "A"}]})", "\"label\" must be an object"},
        {R"("modules": ["m01-a", "m02-b"], "perPupil": 3})", "\"perPupil\" is 3 but its \"modules\" list only 2"},
    };
    for (const auto& [json, expected] : cases) {
        CAPTURE(json);
        f.design(head + json);
        const auto e = errorOf([&] { loadSessionDesigns(f.items.string(), f.bank); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(contains(e->what(), "session-design.json"));
        CHECK(contains(e->what(), expected));
    }
}

TEST_CASE("session designs: the bundled file deals ICILS's design by default - 2 CIL modules then the 2 CT modules") {
    const ItemBank bank = ItemBank::load(DLK_SOURCE_ITEMS);
    const SessionDesigns all = loadSessionDesigns(DLK_SOURCE_ITEMS, bank);
    const BookletDesign& d = all.defaultDesign();
    CHECK(d.name == "icils");
    CHECK(d.tutorial == "m00-oefenen");
    REQUIRE(d.parts.size() == 2);
    CHECK(d.parts[0].pool ==
          std::vector<std::string>{"m01-schoolreis", "m02-nepnieuws", "m04-spreekbeurt", "m06-rommelmarkt"});
    CHECK(d.parts[0].perPupil == 2);
    CHECK(d.parts[1].pool == std::vector<std::string>{"m03-robot", "m05-kas"});
    CHECK(d.parts[1].chosenCount() == 2);
    REQUIRE(all.designs.size() >= 3);
    for (const BookletDesign& other : all.designs) {
        CAPTURE(other.name);
        CHECK_FALSE(other.labelNl.empty());
        CHECK_FALSE(other.labelEn.empty());
        CHECK(other.modulesFor(0).size() == 1 + other.modulesPerPupil());
    }
    // Every themed module has 30 minutes; the tutorial no limit.
    CHECK(designMinutes(d, bank) == 120);
    REQUIRE(all.find("kort"));
    CHECK(designMinutes(*all.find("kort"), bank) == 60);
    REQUIRE(all.find("programmeren"));
    CHECK(all.find("programmeren")->modules() == std::vector<std::string>{"m03-robot", "m05-kas"});
}

TEST_CASE("session plans: a design of two parts is balanced per part over a class - and recorded with each plan") {
    PlanFixture f(12);  // the CIL part: 3 x 2 = 6 booklets, dealt twice; the CT part: one module
    f.design(kDesigns);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    std::map<std::pair<std::string, size_t>, int> count;
    for (int64_t id : f.pupils) {
        const SessionPlan p = plans.planFor(id, d, kT0);
        REQUIRE(p.modules.size() == 4);
        CHECK(p.modules[0] == "m00-oefenen");
        CHECK(p.modules[3] == "m04-d");
        for (size_t pos = 1; pos < 3; ++pos) ++count[{p.modules[pos], pos}];
    }
    REQUIRE(count.size() == 6);
    for (const auto& [key, n] : count) {
        CAPTURE(key.first);
        CHECK(n == 4);
    }
    auto rec = f.db.prepare("SELECT design FROM session_plans WHERE pupil_id=?");
    rec.bind(1, f.pupils[1]);
    REQUIRE(rec.step());
    CHECK(contains(rec.getText(0), "\"name\":\"icils\""));
    CHECK(contains(rec.getText(0), "\"modules\":[\"m04-d\"]"));
    CHECK(contains(rec.getText(0), "\"sequence\":1"));
}

TEST_CASE("session plans: each class counts its own rotation - so each class is balanced by itself") {
    PlanFixture f(2);
    f.design(kDesign);
    const BookletDesign d = loadSessionDesign(f.items.string(), f.bank);
    SchoolStore school(f.db);
    REQUIRE(school.checkPin("246813", kT0).result == PinCheck::Ok);
    const int64_t other = school.createClass("Groep 7", kT0);
    const auto theirs = school.addPupils(other, {"", ""}, kT0);
    SessionPlans plans(f.db);
    CHECK(plans.planFor(f.pupils[0], d, kT0).sequence == 0);
    CHECK(plans.planFor(theirs[0].id, d, kT0).sequence == 0);
    CHECK(plans.planFor(theirs[1].id, d, kT0).sequence == 1);
    CHECK(plans.planFor(f.pupils[1], d, kT0).sequence == 1);
}

TEST_CASE("session plans: the class's chosen design is dealt - a pupil dealt before keeps theirs") {
    PlanFixture f(3);
    f.design(kDesigns);
    const SessionDesigns designs = loadSessionDesigns(f.items.string(), f.bank);
    SessionPlans plans(f.db);
    ResponseStore store(f.db);
    const SessionFlow flow(f.bank, designs, plans, store);
    SchoolStore school(f.db);
    // Another teacher's class is refused; its own teacher (here the administrator) chooses.
    CHECK(errorOf([&] { school.setSessionDesign(school.classes().front().id, "ct"); })->kind() == ErrorKind::Auth);
    REQUIRE(school.checkPin("246813", kT0).result == PinCheck::Ok);
    const int64_t classId = school.classes().front().id;
    CHECK(school.sessionDesign(classId).empty());
    // No choice: the default (ICILS here: 4 modules with the tutorial).
    REQUIRE(flow.nextModule(f.pupils[0], kT0));
    CHECK(plans.find(f.pupils[0])->modules.size() == 4);
    school.setSessionDesign(classId, "ct");
    CHECK(school.sessionDesign(classId) == "ct");
    CHECK(plans.chosenDesign(f.pupils[1]) == "ct");
    REQUIRE(flow.nextModule(f.pupils[1], kT0));
    CHECK(plans.find(f.pupils[1])->modules == std::vector<std::string>{"m00-oefenen", "m04-d"});
    CHECK(plans.dealtInClass(classId) == 2);
    // The first pupil was dealt before the choice: their plan stands.
    REQUIRE(flow.nextModule(f.pupils[0], kT0 + 1000));
    CHECK(plans.find(f.pupils[0])->modules.size() == 4);
    // Back to the default; a design since removed from the file deals the default too.
    school.setSessionDesign(classId, "");
    CHECK(school.sessionDesign(classId).empty());
    f.db.exec("UPDATE classes SET session_design='weg'");
    REQUIRE(flow.nextModule(f.pupils[2], kT0));
    CHECK(plans.find(f.pupils[2])->modules.size() == 4);
    CHECK(errorOf([&] { school.setSessionDesign(classId + 99, "ct"); })->kind() == ErrorKind::NotFound);
    CHECK(errorOf([&] { school.sessionDesign(classId + 99); })->kind() == ErrorKind::NotFound);
}

TEST_CASE("schema 11: a school of version 10 gets its classes' design choice - none chosen - with its plans kept") {
    dlk::test::TempDir dir;
    Database db(dir.file("kiosk.db"));
    migrateSchema(db, 10);
    db.exec("INSERT INTO classes(name, created_at) VALUES ('Groep 8', '2026-05-01T09:00:00Z')");
    db.exec("INSERT INTO pupils(class_id, legacy_code, created_at) VALUES (1, 'AB12', '2026-05-01T09:00:00Z')");
    db.exec(
        "INSERT INTO session_plans VALUES (1, '{\"tutorial\":\"\",\"modules\":[\"m01-a\"],\"perPupil\":0,"
        "\"sequence\":0}', 5, '[\"m01-a\"]', '2026-05-01T09:00:00Z')");
    CHECK(errorOf([&] { db.exec("SELECT session_design FROM classes"); }));
    migrateSchema(db);
    {
        auto st = db.prepare("SELECT value FROM meta WHERE key='schema_version'");
        REQUIRE(st.step());
        CHECK(st.getText(0) == std::to_string(kSchemaVersion));
    }
    SchoolStore school(db);
    CHECK(school.sessionDesign(1).empty());
    SessionPlans plans(db);
    const auto plan = plans.find(1);
    REQUIRE(plan);
    CHECK(plan->modules == std::vector<std::string>{"m01-a"});
    CHECK(plan->seed == 5);
    CHECK(plans.chosenDesign(1).empty());
}
