// Standard errors of the multidimensional calibration (multidimParameterErrors): the analytic
// gradient against differences of the likelihood, the one-dimension case against the one-scale
// SEs of parameter_errors.h, and the SEs against the spread of estimates over replications.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>

#include "irt/mml_calibration.h"
#include "irt/multidim_calibration.h"
#include "irt/parameter_errors.h"
#include "irt/score_groups.h"
#include "irt/simulate.h"
#include "irt_test_helpers.h"
#include "util/error.h"

using namespace dlk;
using dlk::test::mapOf;

namespace {

MultidimSimulatedData twoDimensions(int persons, int items, uint64_t seed, int blocks = 0) {
    MultidimSimulationSpec spec;
    spec.persons = persons;
    spec.dimensions = 2;
    spec.itemsPerDimension = items;
    spec.partialCreditShare = 0.25;
    spec.blocks = blocks;
    spec.mean = {0.3, -0.2};
    spec.sd = {1.0, 0.8};
    spec.correlation = 0.7;
    spec.seed = seed;
    return simulateMultidim(spec);
}

struct Moments {
    double sum = 0, sum2 = 0;
    int n = 0;
    void add(double v) { sum += v, sum2 += v * v, ++n; }
    double mean() const { return sum / n; }
    double var() const { return (sum2 - sum * sum / n) / (n - 1); }
};

}  // namespace

TEST_CASE("irt multidim errors: the score is the gradient of the log-likelihood on the integration points") {
    const MultidimSimulatedData data = twoDimensions(400, 5, 31);
    MultidimOptions o;
    o.qmcNodes = 500;
    const MultidimCalibration c = calibrateMultidim(data.responses, mapOf(data.dimensionOf, 2), o);
    REQUIRE(c.report.converged);
    MultidimLikelihood l(data.responses, c, o);
    // Away from the maximum, where the gradient is not about 0.
    std::vector<double> x = l.estimates();
    for (size_t k = 0; k < x.size(); ++k) x[k] += 0.05 * std::sin(static_cast<double>(k) + 1);
    const std::vector<double> g = l.score(x);
    REQUIRE(g.size() == x.size());
    const double h = 1e-5;
    double largest = 0;
    for (size_t k = 0; k < x.size(); ++k) {
        CAPTURE(k);
        std::vector<double> up = x, down = x;
        up[k] += h;
        down[k] -= h;
        const double numeric = (l.logLikelihood(up) - l.logLikelihood(down)) / (2 * h);
        largest = std::max(largest, std::fabs(g[k]));
        CHECK(g[k] == doctest::Approx(numeric).epsilon(1e-5).scale(1.0));
    }
    CHECK(largest > 1.0);  // the point is away from the maximum: the comparison is not of zeros
    // At the estimates the gradient is about 0 (the EM's tolerance).
    // At the estimates the gradient is about 0: for the steps to the EM's tolerance; the Cholesky
    // factor's EM moves its points with the estimates, so its fixed point is this likelihood's
    // maximum only up to the points' error, a small fraction of a standard error.
    const std::vector<double> g0 = l.score(l.estimates());
    const std::vector<double> info = l.information(l.estimates());
    const size_t n = g0.size();
    for (size_t k = 0; k < n; ++k) {
        CAPTURE(k);
        if (k < l.stepCount()) CHECK(std::fabs(g0[k]) < 0.05);
        CHECK(std::fabs(g0[k]) / std::sqrt(info[k * n + k]) < 0.1);
    }
}

TEST_CASE("irt multidim errors: one dimension gives the one-scale calibration's standard errors") {
    MultidimSimulationSpec spec;
    spec.persons = 800;
    spec.dimensions = 1;
    spec.itemsPerDimension = 12;
    spec.partialCreditShare = 0.25;
    spec.seed = 5;
    const MultidimSimulatedData data = simulateMultidim(spec);
    const DesignSummary design = summariseDesign(data.responses);
    const Calibration one = calibrate(data.responses, design);
    REQUIRE(one.report.converged);
    const ParameterErrors e1 = parameterErrors(design, one);
    REQUIRE(e1.available());
    const MultidimCalibration multi = calibrateMultidim(data.responses, mapOf(data.dimensionOf, 1));
    REQUIRE(multi.report.converged);
    const MultidimErrors em = multidimParameterErrors(data.responses, multi);
    REQUIRE(em.available());
    REQUIRE(em.items.size() == e1.items.size());
    for (size_t i = 0; i < e1.items.size(); ++i) {
        CAPTURE(i);
        CHECK(em.items[i].delta == doctest::Approx(e1.items[i].delta).epsilon(1e-3));
        for (size_t j = 0; j < e1.items[i].steps.size(); ++j) {
            CHECK(em.items[i].steps[j] == doctest::Approx(e1.items[i].steps[j]).epsilon(1e-3));
            CHECK(em.items[i].tau[j] == doctest::Approx(e1.items[i].tau[j]).epsilon(1e-3));
        }
    }
    CHECK(em.mean[0] == doctest::Approx(e1.populationMean).epsilon(1e-3));
    CHECK(em.sd[0] == doctest::Approx(e1.populationSd).epsilon(1e-3));
    CHECK(em.correlation == std::vector<double>{0.0});
}

TEST_CASE("irt multidim errors: the SEs match the spread of estimates over replications") {
    const auto start = std::chrono::steady_clock::now();
    const int replications = 60, items = 6;
    MultidimOptions o;
    o.qmcNodes = 600;
    Moments corr, corrSe, mean0, mean0Se, sd1, sd1Se;
    std::vector<Moments> delta(2 * items);
    double deltaSe2 = 0;
    for (int r = 0; r < replications; ++r) {
        const MultidimSimulatedData data = twoDimensions(500, items, 1000 + static_cast<uint64_t>(r), 3);
        const MultidimCalibration c = calibrateMultidim(data.responses, mapOf(data.dimensionOf, 2), o);
        REQUIRE(c.report.converged);
        const MultidimErrors e = multidimParameterErrors(data.responses, c, o);
        REQUIRE(e.available());
        corr.add(c.population.correlation(0, 1));
        corrSe.add(e.correlation[1]);
        mean0.add(c.population.mean[0]);
        mean0Se.add(e.mean[0]);
        sd1.add(c.population.sd(1));
        sd1Se.add(e.sd[1]);
        for (size_t i = 0; i < c.items.size(); ++i) {
            delta[i].add(c.items[i].delta);
            deltaSe2 += e.items[i].delta * e.items[i].delta;
        }
    }
    double emp2 = 0;
    for (const Moments& m : delta) emp2 += m.var();
    const double deltaRatio = std::sqrt(deltaSe2 / replications / emp2);
    const double corrRatio = corrSe.mean() / std::sqrt(corr.var());
    const double meanRatio = mean0Se.mean() / std::sqrt(mean0.var());
    const double sdRatio = sd1Se.mean() / std::sqrt(sd1.var());
    MESSAGE(replications << " replications of 500 pupils x 2 x " << items
                         << " items in 3 booklets: mean SE / empirical SD: delta (RMS) " << deltaRatio
                         << ", correlation " << corrRatio << ", mean " << meanRatio << ", SD " << sdRatio << " ("
                         << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s)");
    // 60 replications pin one parameter's spread to about 9% and the items' RMS to about 3%.
    CHECK(deltaRatio > 0.9);
    CHECK(deltaRatio < 1.1);
    for (double ratio : {corrRatio, meanRatio, sdRatio}) {
        CHECK(ratio > 0.75);
        CHECK(ratio < 1.25);
    }
}

TEST_CASE("irt multidim errors: a calibration that did not converge or does not fit the responses gets none") {
    const MultidimSimulatedData data = twoDimensions(200, 4, 8);
    MultidimOptions o;
    o.qmcNodes = 300;
    MultidimCalibration c = calibrateMultidim(data.responses, mapOf(data.dimensionOf, 2), o);
    REQUIRE(c.report.converged);
    c.report.converged = false;
    const MultidimErrors e = multidimParameterErrors(data.responses, c, o);
    CHECK_FALSE(e.available());
    CHECK(e.problem.find("did not converge") != std::string::npos);
    c.report.converged = true;
    c.items.pop_back();
    CHECK_THROWS_AS(MultidimLikelihood(data.responses, c, o), Error);
}
