// The 500/100 reporting scale and the proficiency level table (the shipped assets/irt/levels.csv too).
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/reporting_scale.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kShippedLevels = std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv";

const char* kHeader = "scale,level,min_score,name_nl,name_en,descriptor_nl,descriptor_en,provisional,source\n";

std::string levelError(const std::string& body) {
    auto e = errorOf([&] { (void)LevelTable::parse(kHeader + body, "L.csv"); });
    REQUIRE_MESSAGE(e, "no error for\n", body);
    return e->what();
}

}  // namespace

TEST_CASE("irt reporting scale: the reference sample gets mean 500 and SD 100") {
    const ReportingScale s = ReportingScale::fromPopulation({0.2, 1.25});
    CHECK(s.toScale(0.2) == doctest::Approx(500));
    CHECK(s.toScale(1.45) == doctest::Approx(600));
    CHECK(s.toScale(-1.05) == doctest::Approx(400));
    CHECK(s.seToScale(0.25) == doctest::Approx(20));
    CHECK(s.toTheta(s.toScale(0.77)) == doctest::Approx(0.77));

    const std::vector<double> sample = {-1, 0, 1, 2, NAN};
    const ReportingScale f = ReportingScale::fromSample(sample);
    CHECK(f.thetaMean == doctest::Approx(0.5));
    CHECK(f.thetaSd == doctest::Approx(std::sqrt(5.0 / 3.0)));
    double sum = 0, ss = 0;
    for (int i = 0; i < 4; ++i) {
        const double v = f.toScale(sample[static_cast<size_t>(i)]);
        sum += v;
        ss += v * v;
    }
    CHECK(sum / 4 == doctest::Approx(500));
    CHECK(std::sqrt((ss - 4 * 500.0 * 500.0) / 3) == doctest::Approx(100));
    CHECK(errorOf([] { (void)ReportingScale::fromSample({1.0}); })->kind() == ErrorKind::Invalid);
    CHECK(errorOf([] { (void)ReportingScale::fromSample({1.0, 1.0}); })->kind() == ErrorKind::Invalid);
}

TEST_CASE("irt levels: the shipped table has the provisional ICILS 2013 cut-points with nl and en texts") {
    const LevelTable t = LevelTable::load(kShippedLevels);
    REQUIRE(t.hasScale("total"));
    const auto& lv = t.levels("total");
    REQUIRE(lv.size() == 5);
    CHECK_FALSE(lv[0].minScore);
    const double cuts[] = {407, 492, 577, 661};
    for (size_t k = 0; k < 5; ++k) {
        CAPTURE(k);
        CHECK(lv[k].level == static_cast<int>(k));
        if (k) CHECK(*lv[k].minScore == cuts[k - 1]);
        CHECK(lv[k].provisional);
        CHECK_FALSE(lv[k].nameNl.empty());
        CHECK_FALSE(lv[k].nameEn.empty());
        CHECK(lv[k].descriptorNl.size() > 40);
        CHECK(lv[k].descriptorEn.size() > 40);
        CHECK(contains(lv[k].source, "ICILS 2013"));
    }
    CHECK(lv[2].nameNl == "Niveau 2");
    CHECK(lv[2].nameEn == "Level 2");
    CHECK(t.levelFor("total", 406.99).level == 0);
    CHECK(t.levelFor("total", 407).level == 1);
    CHECK(t.levelFor("total", 600).level == 3);
    CHECK(t.levelFor("total", 900).level == 4);
    CHECK(t.levelFor("total", -50).level == 0);
    CHECK(errorOf([&] { (void)t.levels("wellbeing"); })->kind() == ErrorKind::NotFound);
    // Each domain has the total's cut-points (its estimate is on the same metric) with descriptors of its own.
    for (const char* domain : {"ict", "info", "media", "ct"}) {
        CAPTURE(domain);
        REQUIRE(t.hasScale(domain));
        const auto& d = t.levels(domain);
        REQUIRE(d.size() == lv.size());
        for (size_t k = 0; k < d.size(); ++k) {
            CHECK(d[k].minScore == lv[k].minScore);
            CHECK(d[k].provisional);
            CHECK(d[k].nameNl == lv[k].nameNl);
            CHECK(d[k].descriptorNl.size() > 40);
            CHECK(d[k].descriptorEn.size() > 40);
            CHECK(d[k].descriptorNl != lv[k].descriptorNl);
        }
    }
    CHECK(t.scales().size() == 5);
}

TEST_CASE("irt levels: a placement carries the probability of each level and the 95 percent range") {
    const LevelTable t = LevelTable::load(kShippedLevels);
    const LevelPlacement p = t.place("total", 500, 40);
    CHECK(p.level == 2);
    CHECK(p.lowest == 1);   // 500 - 78
    CHECK(p.highest == 3);  // 500 + 78
    REQUIRE(p.probabilities.size() == 5);
    double sum = 0;
    for (double v : p.probabilities) sum += v;
    CHECK(sum == doctest::Approx(1).epsilon(1e-12));
    // P(492 <= X < 577) for X ~ N(500, 40^2)
    const double expected =
        0.5 * (std::erfc(-(577.0 - 500) / (40 * std::sqrt(2.0))) - std::erfc(-(492.0 - 500) / (40 * std::sqrt(2.0))));
    CHECK(p.probability == doctest::Approx(expected).epsilon(1e-12));
    CHECK(p.probability == p.probabilities[2]);
    const LevelPlacement sure = t.place("total", 800, 0);
    CHECK(sure.level == 4);
    CHECK(sure.probability == 1);
    CHECK(sure.lowest == 4);
}

TEST_CASE("irt levels: a malformed level table is refused with its line") {
    CHECK(
        contains(levelError("total,0,,a,b,c,d,1,\ntotal,1,400,a,b,c,d,1,\ntotal,2,390,a,b,c,d,1,\n"), "L.csv line 4"));
    CHECK(contains(levelError("total,0,,a,b,c,d,1,\ntotal,1,400,a,b,c,d,1,\ntotal,2,390,a,b,c,d,1,\n"), "increase"));
    CHECK(contains(levelError("total,0,300,a,b,c,d,1,\n"), "level 0 has no min_score"));
    CHECK(contains(levelError("total,0,,a,b,c,d,1,\ntotal,2,400,a,b,c,d,1,\n"), "expected level 1"));
    CHECK(contains(levelError("total,0,,a,b,c,d,1,\ntotal,1,,a,b,c,d,1,\n"), "needs a min_score"));
    CHECK(contains(levelError("total,0,,a,b,c,d,maybe,\n"), "provisional"));
    CHECK(contains(levelError("total,0,,a,b,c,d,1,\n"), "needs at least one cut-point"));
    CHECK(contains(levelError("total,0,,a,b,c,d,1,\ntotal,1,x,a,b,c,d,1,\n"), "not a number"));
    auto e = errorOf([] { (void)LevelTable::parse("scale,level,min_score\n", "L.csv"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "no column name_nl"));
}
