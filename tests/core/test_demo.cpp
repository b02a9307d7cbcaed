// The demo school: deterministic for a seed, a realistic mix of statuses, and simulated responses
// that earn what they are asked to earn.
#include <doctest/doctest.h>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "results/class_results.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::errorOf;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;

struct Demo {
    Database db{":memory:"};
    DemoSchool school;
    Demo(const ItemBank& bank, uint64_t seed, int pupils, double finishedShare = 0.8) {
        migrateSchema(db);
        DemoOptions o;
        o.seed = seed;
        o.pupils = pupils;
        o.pin = "1357";
        o.finishedShare = finishedShare;
        school = makeDemoSchool(db, bank, o, kNow);
    }
    int64_t classId() {
        auto c = SchoolStore(db).findClass(school.className);
        REQUIRE(c);
        return c->id;
    }
};

std::vector<const Item*> allBundledItems(const ItemBank& bank) {
    std::vector<const Item*> items;
    for (const Module& m : bank.modules())
        for (const auto& [lang, v] : m.variants)
            for (const auto& item : v.items) items.push_back(item.get());
    return items;
}

}  // namespace

TEST_CASE("demo: the same seed gives the same pupils - answers and scores") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    Demo a(bank, 77, 12), b(bank, 77, 12);
    REQUIRE(a.school.pupils.size() == 12);
    REQUIRE(b.school.pupils.size() == 12);
    const auto ra = classResults(a.db, bank, a.classId());
    const auto rb = classResults(b.db, bank, b.classId());
    REQUIRE(ra.size() == 12);
    REQUIRE(rb.size() == 12);
    for (size_t i = 0; i < ra.size(); ++i) {
        CAPTURE(i);
        CHECK(ra[i].displayName == rb[i].displayName);
        CHECK(ra[i].status == rb[i].status);
        CHECK(ra[i].answered == rb[i].answered);
        CHECK(ra[i].itemsSeen == rb[i].itemsSeen);
        for (size_t d = 0; d < 4; ++d) {
            CHECK(ra[i].domains[d].raw == rb[i].domains[d].raw);
            CHECK(ra[i].domains[d].max == rb[i].domains[d].max);
        }
    }
    const auto ia = scoreItems(a.db, bank, a.classId());
    const auto ib = scoreItems(b.db, bank, b.classId());
    REQUIRE(ia.size() == ib.size());
    for (size_t i = 0; i < ia.size(); ++i) {
        CHECK(ia[i].itemId == ib[i].itemId);
        CHECK(ia[i].responsesJson == ib[i].responsesJson);
        CHECK(ia[i].score == ib[i].score);
    }
    // Another seed gives another class.
    Demo c(bank, 78, 12);
    const auto ic = scoreItems(c.db, bank, c.classId());
    bool differs = ic.size() != ia.size();
    for (size_t i = 0; !differs && i < ia.size(); ++i) differs = ia[i].responsesJson != ic[i].responsesJson;
    CHECK(differs);
}

TEST_CASE("demo: the class mixes finished and in-progress pupils with sensible results") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    Demo demo(bank, 20261128, 16, 0.5);
    const auto results = classResults(demo.db, bank, demo.classId());
    REQUIRE(results.size() == 16);
    int finished = 0, inProgress = 0;
    const double moduleMax = bank.findModule("m01-schoolreis")->maxScore();
    for (const auto& r : results) {
        CAPTURE(r.displayName);
        CHECK_FALSE(r.displayName.empty());
        CHECK(r.status != AttemptStatus::NotStarted);  // every demo pupil started the module
        finished += r.status == AttemptStatus::Finished;
        inProgress += r.status == AttemptStatus::InProgress;
        CHECK(r.itemsSeen == 6);
        CHECK(r.answered <= 6);
        CHECK(r.totalMax() == moduleMax);
        CHECK(r.totalRaw() >= 0);
        CHECK(r.totalRaw() <= r.totalMax());
    }
    CHECK(finished > 0);
    CHECK(inProgress > 0);
}

TEST_CASE("demo: a second demo in the same database adds a class and keeps the school and PIN") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    Demo demo(bank, 5, 3);
    CHECK(demo.school.className == "Demo groep 8");
    DemoOptions o;
    o.pupils = 2;
    o.pin = "9999";
    o.schoolName = "Een andere naam";
    const DemoSchool second = makeDemoSchool(demo.db, bank, o, kNow);
    CHECK(second.className == "Demo groep 8 (2)");
    CHECK(second.pupils.size() == 2);
    SchoolStore school(demo.db);
    CHECK(school.schoolName() == "Demoschool De Vlinder");
    CHECK(school.classes().size() == 2);
    CHECK(school.checkPin("1357", kNow).result == PinCheck::Ok);
}

TEST_CASE("demo: impossible options and an empty bank are refused") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    Database db(":memory:");
    migrateSchema(db);
    for (int pupils : {0, -1, 501}) {
        CAPTURE(pupils);
        DemoOptions o;
        o.pupils = pupils;
        auto e = errorOf([&] { makeDemoSchool(db, bank, o, kNow); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
    }
    dlk::test::TempDir empty;
    const ItemBank none = ItemBank::loadFolder(empty.str());
    CHECK(none.modules().empty());
    auto e = errorOf([&] { makeDemoSchool(db, none, DemoOptions{}, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK_FALSE(SchoolStore(db).isSetUp());  // refused before anything was written
}

TEST_CASE("demo: a simulated full-credit response earns every bundled item's maximum") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const auto items = allBundledItems(bank);
    REQUIRE(items.size() == 12);
    for (const Item* item : items) {
        CAPTURE(item->sourcePath);
        REQUIRE(item->maxScore() > 0);
        for (uint64_t seed = 0; seed < 25; ++seed) {
            std::mt19937_64 rng(seed);
            const VariableMap r = simulateResponse(*item, 1.0, rng);
            CHECK(scoreOf(*item, r) == doctest::Approx(item->maxScore()));
        }
    }
}

TEST_CASE("demo: a simulated no-credit response earns less than the maximum on every bundled item") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    for (const Item* item : allBundledItems(bank)) {
        CAPTURE(item->sourcePath);
        for (uint64_t seed = 0; seed < 25; ++seed) {
            std::mt19937_64 rng(seed);
            const VariableMap r = simulateResponse(*item, 0.0, rng);
            CHECK(scoreOf(*item, r) < item->maxScore());
        }
    }
}

TEST_CASE("demo: simulated responses fit their declarations") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    for (const Item* item : allBundledItems(bank)) {
        CAPTURE(item->sourcePath);
        for (double fraction : {0.0, 0.5, 1.0}) {
            std::mt19937_64 rng(99);
            const VariableMap r = simulateResponse(*item, fraction, rng);
            for (const auto& [id, v] : r) {
                const ResponseDeclaration* d = item->findResponse(id);
                REQUIRE(d);
                CHECK(v.cardinality == d->cardinality);
                CHECK(v.baseType == d->baseType);
                for (const auto& s : v.items) CHECK(isValidLexical(d->baseType, s));
            }
        }
    }
}

TEST_CASE("demo: simulated responses read back from their stored JSON") {
    // Regression (fixed in bd74528): a simulated wrong answer 20 to the robot-bus item was stored
    // as 2e+01 and refused on reading, so it counted as unanswered in results and exports.
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    for (const Item* item : allBundledItems(bank)) {
        CAPTURE(item->sourcePath);
        for (uint64_t seed = 0; seed < 25; ++seed) {
            std::mt19937_64 rng(seed);
            for (const auto& [id, v] : simulateResponse(*item, 0.0, rng)) {
                const ResponseDeclaration* d = item->findResponse(id);
                REQUIRE(d);
                Value back;
                CHECK_NOTHROW(back = valueFromJson(Json::parse(valueToJson(v).dump()), d->cardinality, d->baseType, id));
                CHECK(back == v);
            }
        }
    }
}
