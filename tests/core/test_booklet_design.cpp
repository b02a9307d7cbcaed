// Booklet rotation: each module in each position equally often over many pupils.
#include <map>
#include <set>

#include "core_test_helpers.h"
#include "delivery/booklet_design.h"

using dlk::BookletDesign;

namespace {
BookletDesign booklets(std::string tutorial, std::vector<dlk::DesignPart> parts, uint64_t seed) {
    BookletDesign d;
    d.tutorial = std::move(tutorial);
    d.parts = std::move(parts);
    d.seed = seed;
    return d;
}
}  // namespace

TEST_CASE("booklets: over 10000 pupils each module is in each position equally often within 2 percent") {
    BookletDesign d = booklets("tutorial", {{{"m1", "m2", "m3", "m4", "m5"}, 2}}, 12345);
    CHECK(d.bookletCount() == 20);
    std::map<std::pair<std::string, size_t>, int> counts;
    for (uint64_t p = 0; p < 10000; ++p) {
        const auto mods = d.modulesFor(p);
        REQUIRE(mods.size() == 3);
        CHECK(mods[0] == "tutorial");
        CHECK(mods[1] != mods[2]);
        for (size_t pos = 1; pos < mods.size(); ++pos) ++counts[{mods[pos], pos}];
    }
    // Expected: 10000 pupils x 1/5 per position = 2000.
    REQUIRE(counts.size() == 10);
    for (const auto& [key, n] : counts) {
        CAPTURE(key.first);
        CAPTURE(key.second);
        CHECK(n >= 1960);
        CHECK(n <= 2040);
    }
}

TEST_CASE("booklets: every ordered choice appears and the same pupil always gets the same booklet") {
    BookletDesign d = booklets("", {{{"a", "b", "c", "d"}, 2}}, 7);
    std::set<std::vector<std::string>> seen;
    for (uint64_t p = 0; p < d.bookletCount(); ++p) seen.insert(d.modulesFor(p));
    CHECK(seen.size() == 12);
    CHECK(d.modulesFor(5) == d.modulesFor(5));
    // Another seed starts the rotation elsewhere.
    BookletDesign other = d;
    other.seed = 8;
    CHECK(other.modulesFor(0) == d.modulesFor(1));
}

TEST_CASE("booklets: N of 0 or at least M deals every module and bad designs are refused") {
    BookletDesign all = booklets("", {{{"a", "b", "c"}, 0}}, 0);
    CHECK(all.modulesFor(0).size() == 3);
    CHECK(all.bookletCount() == 6);
    BookletDesign empty = booklets("t", {{{}, 2}}, 0);
    CHECK(dlk::test::errorOf([&] { empty.modulesFor(0); }));
    BookletDesign noParts = booklets("t", {}, 0);
    CHECK(dlk::test::errorOf([&] { noParts.modulesFor(0); }));
    CHECK(dlk::test::errorOf([&] { empty.modulesFor(0); }));
    BookletDesign twice = booklets("", {{{"a", "b"}, 1}, {{"c", "a"}, 1}}, 0);  // across parts
    const auto e = dlk::test::errorOf([&] { twice.modulesFor(0); });
    REQUIRE(e);
    CHECK(dlk::test::contains(e->what(), "twice"));
}

TEST_CASE("booklets: ICILS's design - 2 of 4 CIL modules then both CT modules - is balanced per part over a class") {
    const BookletDesign d = booklets("m00", {{{"c1", "c2", "c3", "c4"}, 2}, {{"t1", "t2"}, 0}}, 5);
    CHECK(d.modulesPerPupil() == 4);
    CHECK(d.bookletCount() == 24);
    CHECK(d.modules() == std::vector<std::string>{"c1", "c2", "c3", "c4", "t1", "t2"});
    // A class of 24: the CIL part's 12 booklets twice, the CT part's 2 orders 12 times each.
    std::map<std::pair<std::string, size_t>, int> counts;
    for (uint64_t p = 100; p < 124; ++p) {
        const auto mods = d.modulesFor(p);
        REQUIRE(mods.size() == 5);
        CHECK(mods[0] == "m00");
        CHECK(mods[1] != mods[2]);
        CHECK(mods[1].front() == 'c');
        CHECK(mods[2].front() == 'c');
        // The CT modules come last, both of them.
        CHECK(std::set<std::string>{mods[3], mods[4]} == std::set<std::string>{"t1", "t2"});
        for (size_t pos = 1; pos < mods.size(); ++pos) ++counts[{mods[pos], pos}];
    }
    REQUIRE(counts.size() == 12);  // 4 CIL modules x 2 positions, 2 CT modules x 2 positions
    for (const auto& [key, n] : counts) {
        CAPTURE(key.first);
        CAPTURE(key.second);
        CHECK(n == (key.first.front() == 'c' ? 6 : 12));
    }
}
