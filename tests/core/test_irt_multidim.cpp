// Between-item multidimensional calibration and person estimates: the one-dimensional special
// case against calibrate(), recovery of items and latent correlations in four dimensions,
// plausible values, and the errors for maps and data that cannot be calibrated.
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/multidim_calibration.h"
#include "irt/simulate.h"
#include "irt_test_helpers.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::mapOf;
using dlk::test::stepRmse;

namespace {

double correlation(const std::vector<double>& x, int dims, int a, int b) {
    const size_t n = x.size() / static_cast<size_t>(dims);
    double ma = 0, mb = 0;
    for (size_t p = 0; p < n; ++p) ma += x[p * dims + a] / n, mb += x[p * dims + b] / n;
    double sab = 0, saa = 0, sbb = 0;
    for (size_t p = 0; p < n; ++p) {
        const double da = x[p * dims + a] - ma, db = x[p * dims + b] - mb;
        sab += da * db, saa += da * da, sbb += db * db;
    }
    return sab / std::sqrt(saa * sbb);
}

// The truth on the estimates' scale: each dimension's true items centred like the estimates.
std::vector<ItemParams> centred(std::vector<ItemParams> items, const std::vector<int>& dimOf, int dims) {
    for (int k = 0; k < dims; ++k) {
        double sum = 0;
        int n = 0;
        for (size_t i = 0; i < items.size(); ++i)
            if (dimOf[i] == k) sum += items[i].delta, ++n;
        for (size_t i = 0; i < items.size(); ++i)
            if (dimOf[i] == k) items[i].delta -= sum / n;
    }
    return items;
}

}  // namespace

TEST_CASE("irt multidim: the normal quantile is exact to double precision") {
    CHECK(normalQuantile(0.5) == doctest::Approx(0).epsilon(1e-15));
    CHECK(normalQuantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-14));
    CHECK(normalQuantile(0.01) == doctest::Approx(-2.326347874040841).epsilon(1e-14));
    CHECK(normalQuantile(1e-10) == doctest::Approx(-6.361340902404056).epsilon(1e-13));
    CHECK(normalQuantile(1 - 1e-6) == doctest::Approx(4.753424308822899).epsilon(1e-9));
    CHECK(std::isinf(normalQuantile(0)));
    CHECK(std::isnan(normalQuantile(1.5)));
}

TEST_CASE("irt multidim: one dimension gives the unidimensional calibration and person estimates") {
    SimulationSpec spec;
    spec.persons = 1500;
    spec.items = 16;
    spec.blocks = 4;
    spec.populationMean = 0.3;
    spec.populationSd = 1.1;
    spec.seed = 21;
    const SimulatedData d = simulateResponses(spec);
    CalibrationOptions uo;
    uo.tolerance = 1e-10;
    const Calibration u = calibrate(d.responses, uo);
    REQUIRE(u.report.converged);

    MultidimOptions mo;
    mo.tolerance = 1e-10;
    mo.warmStart = false;  // the joint EM from scratch, not the answer handed in
    const DimensionMap one = mapOf(std::vector<int>(16, 0), 1);
    const MultidimCalibration m = calibrateMultidim(d.responses, one, mo);
    REQUIRE(m.report.converged);
    CHECK(m.report.iterations > 5);
    CHECK(m.report.persons == u.report.persons);
    CHECK(m.report.logLikelihood == doctest::Approx(u.report.logLikelihood).epsilon(1e-9));
    CHECK(m.population.mean[0] == doctest::Approx(u.population.mean).epsilon(1e-6));
    CHECK(m.population.sd(0) == doctest::Approx(u.population.sd).epsilon(1e-6));
    double worst = 0;
    for (size_t i = 0; i < u.items.size(); ++i)
        for (int j = 1; j <= u.items[i].maxScore; ++j)
            worst = std::max(worst, std::fabs(m.items[i].step(j) - u.items[i].step(j)));
    CHECK(worst < 1e-6);

    PersonEstimateOptions po;
    po.plausibleValues = 0;
    const PersonEstimates up = estimatePersons(d.responses, summariseDesign(d.responses), u.items, u.population, po);
    MultiPopulation pop{{u.population.mean}, {u.population.sd * u.population.sd}};
    const MultidimPersons mp = estimateMultidimPersons(d.responses, one, u.items, pop, po);
    for (size_t p = 0; p < d.responses.personCount(); p += 37) {
        CHECK(mp.wleOf(p, 0).theta == doctest::Approx(up.wle[p].theta).epsilon(1e-12));
        CHECK(mp.wleOf(p, 0).se == doctest::Approx(up.wle[p].se).epsilon(1e-12));
        // 41 Gauss-Hermite nodes here, a fine grid there: equal to a few 1e-5.
        CHECK(std::fabs(mp.eapOf(p, 0).theta - up.eap[p].theta) < 1e-4);
        CHECK(std::fabs(mp.eapOf(p, 0).se - up.eap[p].se) < 1e-4);
    }
}

namespace {

// Each dimension calibrated on its own, the estimates aligned with the joint calibration's items.
std::vector<ItemParams> calibratedApart(const MultidimSimulatedData& d, int dims, std::vector<double>& sds) {
    std::vector<ItemParams> separate(d.items.size());
    sds.clear();
    for (int k = 0; k < dims; ++k) {
        std::vector<size_t> own;
        for (size_t i = 0; i < d.items.size(); ++i)
            if (d.dimensionOf[i] == k) own.push_back(i);
        const Calibration c = calibrate(d.responses.selectItems(own));
        for (size_t j = 0; j < own.size(); ++j) separate[own[j]] = c.items[j];
        sds.push_back(c.population.sd);
    }
    return separate;
}

}  // namespace

TEST_CASE("irt multidim: four correlated dimensions recover correlations within 0.02 and the items") {
    MultidimSimulationSpec spec;
    spec.persons = 20000;
    spec.dimensions = 4;
    spec.itemsPerDimension = 12;
    spec.mean = {0.0, 0.3, -0.2, 0.5};
    spec.sd = {1.0, 1.2, 0.9, 1.1};
    spec.correlations = {1.0, 0.6,  0.7,  0.8,   //
                         0.6, 1.0,  0.65, 0.7,   //
                         0.7, 0.65, 1.0,  0.75,  //
                         0.8, 0.7,  0.75, 1.0};
    spec.seed = 7;
    const MultidimSimulatedData d = simulateMultidim(spec);
    const DimensionMap map = mapOf(d.dimensionOf, 4);
    MultidimOptions mo;
    mo.qmcNodes = 1000;
    const MultidimCalibration m = calibrateMultidim(d.responses, map, mo);
    REQUIRE(m.report.converged);
    CHECK(m.patterns > 1000);
    MESSAGE("4 dimensions: ", m.report.iterations, " EM iterations, ", m.patterns, " patterns");

    // Latent correlations against those of the generating thetas (which removes the sample's own
    // deviation from the spec).
    for (int a = 0; a < 4; ++a)
        for (int b = a + 1; b < 4; ++b) {
            const double truth = correlation(d.theta, 4, a, b);
            INFO("dimensions ", a, " and ", b, ": ", m.population.correlation(a, b), " vs ", truth);
            CHECK(std::fabs(m.population.correlation(a, b) - truth) < 0.02);
        }
    std::vector<double> sds;
    const auto separate = calibratedApart(d, 4, sds);
    const auto truth = centred(d.items, d.dimensionOf, 4);
    for (int k = 0; k < 4; ++k) {
        CHECK(m.population.sd(k) == doctest::Approx(sds[static_cast<size_t>(k)]).epsilon(0.02));
        CHECK(std::fabs(m.population.sd(k) - spec.sd[static_cast<size_t>(k)]) < 0.05);
        // The means on the truth's scale: each dimension's items centred.
        double shift = 0;
        for (size_t i = 0; i < d.items.size(); ++i)
            if (d.dimensionOf[i] == k) shift += d.items[i].delta / spec.itemsPerDimension;
        CHECK(std::fabs(m.population.mean[static_cast<size_t>(k)] - (spec.mean[static_cast<size_t>(k)] - shift)) <
              0.05);
    }
    const double joint = stepRmse(m.items, truth), apart = stepRmse(separate, truth);
    MESSAGE("step RMSE: joint ", joint, ", each dimension apart ", apart);
    CHECK(joint < 0.06);
    // With every pupil taking every item the other dimensions add nothing about an item, so both
    // are the same estimates up to the integration: 1,000 quasi-Monte Carlo points against 41
    // Gauss-Hermite nodes in one dimension.
    CHECK(joint <= apart * 1.05);

    // Persons: EAPs borrow strength across dimensions, so they are closer to the truth than each
    // dimension's WLE; plausible values reproduce the latent correlations.
    PersonEstimateOptions po;
    po.plausibleValues = 5;
    const MultidimPersons mp = estimateMultidimPersons(d.responses, map, m.items, m.population, po, mo);
    double eapErr = 0, wleErr = 0;
    int badMax = 0;
    for (size_t p = 0; p < d.responses.personCount(); ++p) {
        eapErr += std::pow(mp.eapOf(p, 1).theta - d.theta[p * 4 + 1], 2);
        wleErr += std::pow(mp.wleOf(p, 1).theta - d.theta[p * 4 + 1], 2);
        badMax += mp.maxScore[p * 4 + 1] != 15;  // 12 items, 3 of them 0-2
    }
    CHECK(badMax == 0);
    CHECK(eapErr < 0.9 * wleErr);
    for (int v = 0; v < 5; ++v) {
        std::vector<double> pvs;
        for (size_t p = 0; p < d.responses.personCount(); ++p)
            for (int k = 0; k < 4; ++k) pvs.push_back(mp.plausibleValue(p, v, k));
        CHECK(std::fabs(correlation(pvs, 4, 0, 3) - correlation(d.theta, 4, 0, 3)) < 0.03);
        CHECK(std::fabs(correlation(pvs, 4, 1, 2) - correlation(d.theta, 4, 1, 2)) < 0.03);
        // Their spread is the population's, not the shrunken one of the EAPs.
        for (int k = 0; k < 4; ++k) {
            double mean = 0, var = 0;
            const size_t n = d.responses.personCount();
            for (size_t p = 0; p < n; ++p) mean += pvs[p * 4 + static_cast<size_t>(k)] / static_cast<double>(n);
            for (size_t p = 0; p < n; ++p)
                var += std::pow(pvs[p * 4 + static_cast<size_t>(k)] - mean, 2) / static_cast<double>(n);
            CHECK(std::sqrt(var) == doctest::Approx(m.population.sd(k)).epsilon(0.03));
            CHECK(mean == doctest::Approx(m.population.mean[static_cast<size_t>(k)]).epsilon(0.03));
        }
    }
    // Reproducible: the same seed gives the same values.
    const MultidimPersons again = estimateMultidimPersons(d.responses, map, m.items, m.population, po, mo);
    CHECK(again.pv == mp.pv);
}

TEST_CASE("irt multidim: in a rotated booklet design the joint items are no worse than each dimension apart") {
    MultidimSimulationSpec spec;
    spec.persons = 4000;
    spec.dimensions = 3;
    spec.itemsPerDimension = 12;
    spec.blocks = 4;
    spec.correlation = 0.75;
    spec.seed = 3;
    const MultidimSimulatedData d = simulateMultidim(spec);
    MultidimOptions mo;
    mo.qmcNodes = 1000;
    const MultidimCalibration m = calibrateMultidim(d.responses, mapOf(d.dimensionOf, 3), mo);
    REQUIRE(m.report.converged);
    CHECK(m.report.booklets == 4);
    std::vector<double> sds;
    const auto truth = centred(d.items, d.dimensionOf, 3);
    const double joint = stepRmse(m.items, truth), apart = stepRmse(calibratedApart(d, 3, sds), truth);
    MESSAGE("rotated design, step RMSE: joint ", joint, ", apart ", apart);
    CHECK(joint <= apart * 1.02);
    // Six items per dimension per pupil measure each dimension with a reliability of about 0.5, so
    // 4,000 pupils pin a correlation down to a few hundredths only.
    for (int a = 0; a < 3; ++a)
        for (int b = a + 1; b < 3; ++b)
            CHECK(std::fabs(m.population.correlation(a, b) - correlation(d.theta, 3, a, b)) < 0.06);
}

TEST_CASE("irt multidim: a run out of iterations is reported as not converged") {
    MultidimSimulationSpec spec;
    spec.persons = 400;
    spec.dimensions = 2;
    spec.itemsPerDimension = 6;
    const MultidimSimulatedData d = simulateMultidim(spec);
    MultidimOptions mo;
    mo.maxIterations = 2;
    mo.qmcNodes = 500;
    const MultidimCalibration m = calibrateMultidim(d.responses, mapOf(d.dimensionOf, 2), mo);
    CHECK_FALSE(m.report.converged);
    CHECK(contains(m.report.problem, "no convergence in"));
}

TEST_CASE("irt multidim: maps and data that cannot be calibrated are errors naming the dimension or item") {
    MultidimSimulationSpec spec;
    spec.persons = 300;
    spec.dimensions = 2;
    spec.itemsPerDimension = 4;
    MultidimSimulatedData d = simulateMultidim(spec);
    auto errorFor = [&](const DimensionMap& m) {
        auto e = errorOf([&] { (void)calibrateMultidim(d.responses, m); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        return std::string(e->what());
    };
    CHECK(contains(errorFor(mapOf({0, 0, 0}, 2)), "the dimension map has 3 items, the responses 8"));
    CHECK(contains(errorFor(mapOf({0, 0, 0, 0, 0, 0, 0, 0}, 2)), "dimension D2 has no item"));
    CHECK(contains(errorFor(mapOf({0, 0, 0, 0, 1, 1, 1, 5}, 2)), "item I008 has no dimension"));
    CHECK(contains(errorFor(DimensionMap{}), "names no dimension"));
    // Everyone right on one item of the second dimension.
    for (size_t p = 0; p < d.responses.personCount(); ++p) d.responses.setScore(p, 5, d.responses.maxScore(5));
    const std::string e = errorFor(mapOf(d.dimensionOf, 2));
    CHECK(contains(e, "dimension D2: "));
    CHECK(contains(e, "item I006"));
}

TEST_CASE("irt multidim: a dimension whose items no pupil took together is an error") {
    // Dimension B's items are split over two booklets that share no item of B: B has no common scale.
    const ResponseMatrix r = parseResponsesCsv(
        "person_id,A1,A2,B1,B2\n"
        "a,1,0,1,\nb,0,1,0,\nc,1,1,1,\nd,0,0,0,\n"
        "e,1,0,,1\nf,0,1,,0\ng,1,1,,1\nh,0,0,,0\n",
        "R.csv");
    DimensionMap m;
    m.names = {"A", "B"};
    m.ofItem = {0, 0, 1, 1};
    auto e = errorOf([&] { (void)calibrateMultidim(r, m); });
    REQUIRE(e);
    CHECK(contains(e->what(), "dimension B: the booklet design is not connected"));
}

TEST_CASE("irt multidim: person estimates refuse a population of the wrong size or a score above the maximum") {
    MultidimSimulationSpec spec;
    spec.persons = 50;
    spec.dimensions = 2;
    spec.itemsPerDimension = 4;
    MultidimSimulatedData d = simulateMultidim(spec);
    const DimensionMap map = mapOf(d.dimensionOf, 2);
    auto e = errorOf([&] { (void)estimateMultidimPersons(d.responses, map, d.items, {{0}, {1}}); });
    REQUIRE(e);
    CHECK(contains(e->what(), "the population model has 1 dimensions, the dimension map 2"));
    e = errorOf([&] { (void)estimateMultidimPersons(d.responses, map, d.items, {{0, 0}, {1, 2, 2, 1}}); });
    REQUIRE(e);
    CHECK(contains(e->what(), "not positive definite"));
    std::vector<ItemParams> lower = d.items;
    const size_t pcm = 3;  // a quarter are partial credit: the fourth item is 0-2
    REQUIRE(lower[pcm].maxScore == 2);
    d.responses.setScore(0, pcm, 2);
    lower[pcm] = ItemParams::fromSteps(lower[pcm].id, {0.0});
    e = errorOf([&] { (void)estimateMultidimPersons(d.responses, map, lower, {{0, 0}, {1, 0, 0, 1}}); });
    REQUIRE(e);
    CHECK(contains(e->what(), "is above its maximum 1"));
}
