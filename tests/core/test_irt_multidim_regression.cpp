// Conditioning on several dimensions: the multivariate latent regression recovers planted
// background effects per dimension, its plausible values keep group differences that the
// unconditioned ones shrink, its normal approximation agrees with the exact grid on one scale, the
// persons' posteriors agree with a brute-force one, and what it cannot use is refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "core_test_helpers.h"
#include "irt/background_csv.h"
#include "irt/multidim_regression.h"
#include "irt/pcm_model.h"
#include "irt/pcm_newton.h"
#include "irt/simulate.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

DimensionMap mapOf(const MultidimSimulatedData& d, int dims) {
    DimensionMap m;
    for (int k = 0; k < dims; ++k) m.names.push_back("D" + std::to_string(k + 1));
    m.ofItem = d.dimensionOf;
    return m;
}

// The mean plausible value (or EAP) of level 1 minus level 0 of background variable v.
double groupDifference(const MultidimSimulatedData& data, size_t variables, size_t v, const MultidimPersons& e, int d,
                       int pv) {
    double sum[2] = {0, 0};
    int n[2] = {0, 0};
    for (size_t p = 0; p < data.responses.personCount(); ++p) {
        const int level = data.backgroundLevel[p * variables + v];
        if (level > 1) continue;
        sum[level] += pv < 0 ? e.eapOf(p, d).theta : e.plausibleValue(p, pv, d);
        ++n[level];
    }
    return sum[1] / n[1] - sum[0] / n[0];
}

}  // namespace

TEST_CASE("irt multidim regression: planted background effects per dimension are recovered and kept by the PVs") {
    // 12,000 pupils, four dimensions of 15 items in 4 rotated blocks (each pupil about 7 items per
    // dimension), correlations 0.7; a group effect that differs per dimension and a grade effect
    // shared by all.
    MultidimSimulationSpec spec;
    spec.persons = 12000;
    spec.dimensions = 4;
    spec.itemsPerDimension = 15;
    spec.blocks = 4;
    spec.seed = 11;
    spec.background = {{"group", 2, {0, 0, 0, 0, 0.8, 0.0, -0.5, 0.3}},
                       {"grade", 3, {0, 0, 0, 0, 0.2, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.4}}};
    const MultidimSimulatedData data = simulateMultidim(spec);
    const DimensionMap map = mapOf(data, 4);
    const MultidimCalibration c = calibrateMultidim(data.responses, map);
    REQUIRE_MESSAGE(c.report.converged, c.report.problem);
    const BackgroundDesign bg = backgroundDesign(parseBackgroundCsv(data.backgroundCsv, "BG.csv"), data.responses);
    REQUIRE(bg.terms == std::vector<std::string>{"intercept", "group=1", "grade=1", "grade=2"});

    const MultidimRegression r = fitMultidimRegression(data.responses, map, c.items, c.population, bg);
    REQUIRE_MESSAGE(r.converged, r.problem);
    MESSAGE("multidim regression: ", r.iterations, " EM iterations");
    const double group[] = {0.8, 0.0, -0.5, 0.3};
    for (size_t a = 0; a < 4; ++a) {
        INFO("dimension ", a + 1, ": group ", r.coefficient(1, a), ", grade=1 ", r.coefficient(2, a), ", grade=2 ",
             r.coefficient(3, a), ", residual SD ", r.residualSd(a));
        // The items are centred per dimension, so the intercepts carry that shift; the effects do not.
        CHECK(std::fabs(r.coefficient(1, a) - group[a]) < 0.06);
        CHECK(std::fabs(r.coefficient(2, a) - 0.2) < 0.07);
        CHECK(std::fabs(r.coefficient(3, a) - 0.4) < 0.07);
        CHECK(std::fabs(r.residualSd(a) - 1.0) < 0.06);
        for (size_t b = a + 1; b < 4; ++b) CHECK(std::fabs(r.residualCorrelation(a, b) - 0.7) < 0.04);
    }

    PersonEstimateOptions po;
    po.plausibleValues = 5;
    const MultidimPersons conditioned =
        estimateMultidimConditioned(data.responses, map, c.items, c.population, bg, r, po);
    const MultidimPersons plain = estimateMultidimPersons(data.responses, map, c.items, c.population, po);
    for (int pv = 0; pv < 5; ++pv) {
        const double with = groupDifference(data, 2, 0, conditioned, 0, pv);
        const double without = groupDifference(data, 2, 0, plain, 0, pv);
        const double otherWay = groupDifference(data, 2, 0, conditioned, 2, pv);
        INFO("PV ", pv + 1, ": group difference on D1 conditioned ", with, ", unconditioned ", without,
             "; on D3 conditioned ", otherWay);
        CHECK(std::fabs(with - 0.8) < 0.07);
        CHECK(std::fabs(otherWay + 0.5) < 0.07);
        // Unconditioned, a 0.8 difference on a 7-item dimension shrinks towards what the
        // correlations with the other dimensions (whose group effects differ) suggest.
        CHECK(without < with - 0.05);
    }
    // The WLEs and raw scores are those of the unconditioned estimates; PVs reproducible.
    CHECK(conditioned.rawScore == plain.rawScore);
    for (size_t p = 0; p < 50; ++p) CHECK(conditioned.wleOf(p, 1).theta == plain.wleOf(p, 1).theta);
    CHECK(estimateMultidimConditioned(data.responses, map, c.items, c.population, bg, r, po).pv == conditioned.pv);
}

TEST_CASE("irt multidim regression: on one scale the normal approximation is close to the exact grid") {
    MultidimSimulationSpec spec;
    spec.persons = 4000;
    spec.dimensions = 1;
    spec.itemsPerDimension = 10;
    spec.seed = 5;
    spec.background = {{"group", 2, {0, 0.8}}, {"grade", 2, {0, 0}}};
    const MultidimSimulatedData data = simulateMultidim(spec);
    const DimensionMap map = mapOf(data, 1);
    const MultidimCalibration c = calibrateMultidim(data.responses, map);
    REQUIRE(c.report.converged);
    const BackgroundDesign bg = backgroundDesign(parseBackgroundCsv(data.backgroundCsv, "BG.csv"), data.responses);
    const LatentRegression exact = fitLatentRegression(data.responses, summariseDesign(data.responses), c.items, bg);
    const MultidimRegression approx = fitMultidimRegression(data.responses, map, c.items, c.population, bg);
    REQUIRE(exact.converged);
    REQUIRE(approx.converged);
    MESSAGE("exact grid: group ", exact.coefficients[1], ", SD ", exact.residualSd, "; normal approximation: group ",
            approx.coefficient(1, 0), ", SD ", approx.residualSd(0));
    for (size_t j = 0; j < exact.coefficients.size(); ++j)
        CHECK(std::fabs(approx.coefficient(j, 0) - exact.coefficients[j]) < 0.02);
    CHECK(std::fabs(approx.residualSd(0) - exact.residualSd) < 0.02);
}

namespace {

// Person p's exact posterior mean and SD on every dimension under N(mean, covariance), by brute
// force: the likelihood of each dimension on a grid of its own, the joint posterior on the
// product grid (kGrid points per dimension over 7 population SDs either side; the trapezoid rule
// on such smooth integrands is accurate far beyond what is checked).
std::vector<ThetaEstimate> bruteForceEap(const ResponseMatrix& r, const std::vector<int>& dimOf,
                                         const std::vector<ItemParams>& items, const MultiPopulation& pop, size_t p,
                                         int kGrid) {
    const int dims = pop.dimensions();
    std::vector<std::vector<double>> grid(static_cast<size_t>(dims)), logLik(static_cast<size_t>(dims));
    for (int a = 0; a < dims; ++a)
        for (int g = 0; g < kGrid; ++g) {
            const double th = pop.mean[static_cast<size_t>(a)] + pop.sd(a) * (-7.0 + 14.0 * g / (kGrid - 1));
            grid[static_cast<size_t>(a)].push_back(th);
            double ll = 0;
            for (size_t i = 0; i < items.size(); ++i)
                if (dimOf[i] == a && r.score(p, i) >= 0) ll += r.score(p, i) * th - PcmItem(items[i]).logNormaliser(th);
            logLik[static_cast<size_t>(a)].push_back(ll);
        }
    // The prior's inverse covariance, column by column.
    const size_t d = static_cast<size_t>(dims);
    std::vector<double> inv(d * d);
    for (size_t c = 0; c < d; ++c) {
        std::vector<double> h = pop.covariance, e(d, 0.0);
        e[c] = 1;
        REQUIRE(choleskySolve(h, e, dims));
        for (size_t a = 0; a < d; ++a) inv[a * d + c] = e[a];
    }
    // Two passes over the grid: the largest log weight, then the moments.
    std::vector<int> idx(d, 0);
    std::vector<double> dev(d), m1(d, 0.0), m2(d, 0.0);
    auto logWeight = [&] {
        double lw = 0, q = 0;
        for (size_t a = 0; a < d; ++a) {
            lw += logLik[a][static_cast<size_t>(idx[a])];
            dev[a] = grid[a][static_cast<size_t>(idx[a])] - pop.mean[a];
        }
        for (size_t a = 0; a < d; ++a)
            for (size_t c = 0; c < d; ++c) q += dev[a] * inv[a * d + c] * dev[c];
        return lw - 0.5 * q;
    };
    auto next = [&] {
        size_t a = 0;
        while (a < d && ++idx[a] == kGrid) idx[a++] = 0;
        return a < d;
    };
    double top = -1e300, w = 0;
    do top = std::max(top, logWeight());
    while (next());
    do {
        const double v = std::exp(logWeight() - top);
        w += v;
        for (size_t a = 0; a < d; ++a) {
            const double th = grid[a][static_cast<size_t>(idx[a])];
            m1[a] += v * th;
            m2[a] += v * th * th;
        }
    } while (next());
    std::vector<ThetaEstimate> out;
    for (size_t a = 0; a < d; ++a) out.push_back({m1[a] / w, std::sqrt(m2[a] / w - (m1[a] / w) * (m1[a] / w))});
    return out;
}

}  // namespace

TEST_CASE("irt multidim regression: EAPs without background agree with a brute-force joint posterior") {
    // Three and four dimensions of 12 items: the EAPs and SEs estimateMultidimPersons gives (each
    // pupil's normal approximation refined by adaptive Gauss-Hermite quadrature, 7 and 4 nodes per
    // dimension) against the exact posterior on a grid, for the pupils with the lowest and the
    // highest raw scores (the tails, where fixed points spread over the population fail) and some
    // in between.
    for (const int dims : {3, 4}) {
        CAPTURE(dims);
        MultidimSimulationSpec spec;
        spec.persons = 3000;
        spec.dimensions = dims;
        spec.itemsPerDimension = 12;
        spec.seed = 3;
        const MultidimSimulatedData data = simulateMultidim(spec);
        const DimensionMap map = mapOf(data, dims);
        const MultidimCalibration c = calibrateMultidim(data.responses, map);
        REQUIRE(c.report.converged);
        PersonEstimateOptions po;
        po.plausibleValues = 0;
        const MultidimPersons est = estimateMultidimPersons(data.responses, map, c.items, c.population, po);
        const size_t d = static_cast<size_t>(dims);
        std::vector<std::pair<int, size_t>> byScore;
        for (size_t p = 0; p < data.responses.personCount(); ++p) {
            int total = 0;
            for (size_t a = 0; a < d; ++a) total += est.rawScore[p * d + a];
            byScore.push_back({total, p});
        }
        std::sort(byScore.begin(), byScore.end());
        const size_t each = dims == 3 ? 10 : 4;
        std::vector<size_t> chosen;
        for (size_t k = 0; k < each; ++k) {
            chosen.push_back(byScore[k].second);
            chosen.push_back(byScore[byScore.size() - 1 - k].second);
            chosen.push_back(byScore[byScore.size() / 2 + 37 * k].second);
        }
        double sum = 0, worst = 0, seWorst = 0;
        for (size_t p : chosen) {
            const auto exact =
                bruteForceEap(data.responses, data.dimensionOf, c.items, c.population, p, dims == 3 ? 61 : 31);
            for (int a = 0; a < dims; ++a) {
                const double diff = std::fabs(est.eapOf(p, a).theta - exact[static_cast<size_t>(a)].theta);
                sum += diff;
                worst = std::max(worst, diff);
                seWorst = std::max(seWorst, std::fabs(est.eapOf(p, a).se - exact[static_cast<size_t>(a)].se));
            }
        }
        const double n = static_cast<double>(chosen.size() * d);
        MESSAGE(dims, " dimensions, EAP against the brute-force posterior: mean difference ", sum / n, ", largest ",
                worst, "; SE largest difference ", seWorst);
        CHECK(sum / n < 0.002);
        CHECK(worst < 0.01);
        CHECK(seWorst < 0.01);
    }
}

TEST_CASE("irt multidim regression: what it cannot use is refused") {
    MultidimSimulationSpec spec;
    spec.persons = 600;
    spec.dimensions = 2;
    spec.itemsPerDimension = 6;
    spec.background = {{"group", 2, {0, 0, 0.5, 0.5}}};
    const MultidimSimulatedData data = simulateMultidim(spec);
    const DimensionMap map = mapOf(data, 2);
    const MultidimCalibration c = calibrateMultidim(data.responses, map);
    const BackgroundDesign bg = backgroundDesign(parseBackgroundCsv(data.backgroundCsv, "BG.csv"), data.responses);
    const PersonEstimateOptions po;

    const MultidimRegression stopped = fitMultidimRegression(data.responses, map, c.items, c.population, bg, 1);
    CHECK_FALSE(stopped.converged);
    CHECK(contains(stopped.problem, "no convergence in"));
    auto e = errorOf(
        [&] { (void)estimateMultidimConditioned(data.responses, map, c.items, c.population, bg, stopped, po); });
    REQUIRE(e);
    CHECK(contains(e->what(), "did not converge"));

    MultidimRegression r = fitMultidimRegression(data.responses, map, c.items, c.population, bg);
    REQUIRE(r.converged);
    MultidimRegression otherTerms = r;
    otherTerms.terms.back() = "track=vwo";
    e = errorOf(
        [&] { (void)estimateMultidimConditioned(data.responses, map, c.items, c.population, bg, otherTerms, po); });
    REQUIRE(e);
    CHECK(contains(e->what(), "fitted on other dimensions or background terms"));

    MultiPopulation one;
    one.mean = {0};
    one.covariance = {1};
    e = errorOf([&] { (void)fitMultidimRegression(data.responses, map, c.items, one, bg); });
    REQUIRE(e);
    CHECK(contains(e->what(), "the population model has 1 dimensions, the dimension map 2"));

    MultiPopulation flat = c.population;
    flat.covariance = {1, 1, 1, 1};  // perfectly correlated: not positive definite
    e = errorOf([&] { (void)fitMultidimRegression(data.responses, map, c.items, flat, bg); });
    REQUIRE(e);
    CHECK(contains(e->what(), "not positive definite"));

    const std::vector<ItemParams> fewer(c.items.begin(), c.items.end() - 1);
    e = errorOf([&] { (void)fitMultidimRegression(data.responses, map, fewer, c.population, bg); });
    REQUIRE(e);
    CHECK(contains(e->what(), "not aligned with the responses"));
}
