// Standard errors of the calibration's parameters: the information from the analytic gradient
// against a finite-difference Hessian of the likelihood itself, the reported SEs against the
// spread of estimates over simulated replications, anchoring, and delta_se in ITEMS.csv.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>

#include "core_test_helpers.h"
#include "irt/csv_reader.h"
#include "irt/irt_pipeline.h"
#include "irt/parameter_errors.h"
#include "irt/random.h"
#include "irt/simulate.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::TempDir;

namespace {

// The generating items of simulateResponses (locations -2..2, every third item 0/1/2) and a
// sample of `persons` from N(mean, sd^2); with blocks > 0 each person takes 2 of the rotated blocks.
struct Design {
    int items = 15;
    int blocks = 0;
    double mean = 0.3;
    double sd = 1.1;
};

std::vector<ItemParams> generatingItems(int items) {
    SimulationSpec spec;
    spec.persons = 1;
    spec.items = items;
    spec.partialCreditShare = 1.0 / 3;
    spec.seed = 5;
    return simulateResponses(spec).items;
}

ResponseMatrix sample(const std::vector<ItemParams>& items, const Design& d, int persons, uint64_t seed) {
    Random rng(seed);
    std::vector<double> theta;
    for (int p = 0; p < persons; ++p) theta.push_back(d.mean + d.sd * rng.normal());
    ResponseMatrix m = simulateScores(items, theta, seed + 1);
    if (d.blocks)
        for (size_t p = 0; p < m.personCount(); ++p) {
            const int b = static_cast<int>(p % static_cast<size_t>(d.blocks));
            for (size_t i = 0; i < m.itemCount(); ++i) {
                const int block = static_cast<int>(i % static_cast<size_t>(d.blocks));
                if (block != b && block != (b + 1) % d.blocks) m.setScore(p, i, ResponseMatrix::kNotAdministered);
            }
        }
    for (size_t i = 0; i < items.size(); ++i) m.declareMaxScore(i, items[i].maxScore);
    return m;
}

// Minus the Hessian of the log-likelihood by central second differences of the likelihood alone.
std::vector<double> likelihoodHessianInformation(CalibrationLikelihood& l, double h) {
    const std::vector<double> x = l.estimates();
    const size_t n = x.size();
    std::vector<double> info(n * n);
    auto f = [&](size_t r, double dr, size_t c, double dc) {
        std::vector<double> y = x;
        y[r] += dr;
        y[c] += dc;
        return l.logLikelihood(y);
    };
    for (size_t r = 0; r < n; ++r)
        for (size_t c = r; c < n; ++c) {
            const double d2 = (f(r, h, c, h) - f(r, h, c, -h) - f(r, -h, c, h) + f(r, -h, c, -h)) / (4 * h * h);
            info[r * n + c] = info[c * n + r] = -d2;
        }
    return info;
}

void checkInformationAgainstHessian(const DesignSummary& design, const Calibration& c, const CalibrationOptions& o) {
    CalibrationLikelihood l(design, c, o);
    const std::vector<double> jacobian = l.information(l.estimates());
    const std::vector<double> hessian = likelihoodHessianInformation(l, 1e-3);
    const size_t n = l.size();
    REQUIRE(jacobian.size() == n * n);
    double largest = 0, worst = 0;
    for (size_t k = 0; k < n * n; ++k) {
        largest = std::max(largest, std::fabs(hessian[k]));
        worst = std::max(worst, std::fabs(jacobian[k] - hessian[k]));
    }
    MESSAGE(n << " parameters: largest information entry " << largest << ", largest difference " << worst);
    CHECK(largest > 1);
    CHECK(worst < 1e-5 * largest);
    // The gradient vanishes at the EM's estimates.
    for (double g : l.score(l.estimates())) CHECK(std::fabs(g) < 1e-3);
}

struct Spread {
    double sum = 0, sumSq = 0;
    int n = 0;
    void add(double v) {
        sum += v;
        sumSq += v * v;
        ++n;
    }
    double mean() const { return sum / n; }
    double sd() const { return std::sqrt(std::max(sumSq / n - mean() * mean(), 0.0) * n / (n - 1)); }
};

struct Replicated {
    double deltaRatio = 0;  // RMS over items of the mean SE / RMS of the empirical SDs
    double sdRatio = 0;     // the population SD's: mean SE / empirical SD
    double meanRatio = 0;   // the population mean's
    double seconds = 0;
};

Replicated replicate(const Design& d, int persons, int replications, uint64_t seed) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<ItemParams> items = generatingItems(d.items);
    std::vector<Spread> delta(items.size()), deltaSe(items.size());
    Spread sd, sdSe, mean, meanSe;
    size_t booklets = 0;
    for (int r = 0; r < replications; ++r) {
        const ResponseMatrix m = sample(items, d, persons, seed + 1000 * static_cast<uint64_t>(r));
        const DesignSummary design = summariseDesign(m);
        booklets = design.booklets.size();
        const Calibration c = calibrate(m, design);
        REQUIRE(c.report.converged);
        const ParameterErrors e = parameterErrors(design, c);
        REQUIRE_MESSAGE(e.available(), e.problem);
        for (size_t i = 0; i < items.size(); ++i) {
            delta[i].add(c.items[i].delta);
            deltaSe[i].add(e.items[i].delta);
        }
        sd.add(c.population.sd);
        sdSe.add(e.populationSd);
        mean.add(c.population.mean);
        meanSe.add(e.populationMean);
    }
    double se2 = 0, emp2 = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        se2 += deltaSe[i].mean() * deltaSe[i].mean();
        emp2 += delta[i].sd() * delta[i].sd();
    }
    Replicated out;
    out.deltaRatio = std::sqrt(se2 / emp2);
    out.sdRatio = sdSe.mean() / sd.sd();
    out.meanRatio = meanSe.mean() / mean.sd();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE(replications << " replications of " << persons << " x " << items.size() << " items in " << booklets
                         << " booklets: mean SE / empirical SD: delta (RMS over items) " << out.deltaRatio
                         << ", population SD " << sdSe.mean() << " / " << sd.sd() << " = " << out.sdRatio
                         << ", population mean " << meanSe.mean() << " / " << mean.sd() << " = " << out.meanRatio
                         << " (" << out.seconds << " s)");
    return out;
}

}  // namespace

TEST_CASE("irt parameter errors: the gradient's Jacobian is the Hessian of the marginal likelihood") {
    Design d;
    d.items = 6;
    d.blocks = 3;
    const std::vector<ItemParams> items = generatingItems(d.items);
    const ResponseMatrix m = sample(items, d, 300, 17);
    const DesignSummary design = summariseDesign(m);
    SUBCASE("centred items, the population mean fixed during the EM") {
        const Calibration c = calibrate(m, design);
        REQUIRE(c.report.converged);
        checkInformationAgainstHessian(design, c, {});
    }
    SUBCASE("anchored: the population mean free") {
        CalibrationOptions o;
        o.anchors = {items[1], items[4]};
        const Calibration c = calibrate(m, design, o);
        REQUIRE(c.report.converged);
        CalibrationLikelihood l(design, c, o);
        CHECK(l.muFree());
        CHECK(l.size() == 9 - 3 + 2);  // 9 steps, 3 of them anchored; mu and log sigma
        checkInformationAgainstHessian(design, c, o);
    }
}

TEST_CASE("irt parameter errors: the SEs match the spread of estimates over replications") {
    Design all;
    const Replicated full = replicate(all, 800, 100, 101);
    Design rotated;
    rotated.blocks = 3;
    const Replicated booklets = replicate(rotated, 800, 100, 202);
    // 100 replications of 15 items pin the RMS ratio to about 3%; 10% is tighter than the 15% asked
    // because SEs that forget the centring come out about 13% high.
    for (const Replicated& r : {full, booklets}) {
        CHECK(r.deltaRatio > 0.9);
        CHECK(r.deltaRatio < 1.1);
        CHECK(r.meanRatio > 0.75);
        CHECK(r.meanRatio < 1.25);
    }
    // The SD's SE over both designs (one parameter each: 100 replications pin its spread to about
    // 7%, so the two are pooled for the 15% bound). The mean's per design, more loosely.
    const double sdRatio = std::sqrt((full.sdRatio * full.sdRatio + booklets.sdRatio * booklets.sdRatio) / 2);
    CHECK(sdRatio > 0.85);
    CHECK(sdRatio < 1.15);
}

TEST_CASE("irt parameter errors: anchored items get no SE and the population mean gets one") {
    Design d;
    d.items = 12;
    const std::vector<ItemParams> items = generatingItems(d.items);
    const ResponseMatrix m = sample(items, d, 1000, 31);
    AnalysisOptions o;
    o.calibration.anchors = {items[0], items[5], items[10]};
    const Analysis a = analyse(m, o);
    REQUIRE(a.errors.available());
    CHECK(a.errors.parameters == 16 - 4 + 2);  // 16 steps, 4 of them anchored (I006 is 0/1/2); mu, log sigma
    for (size_t i = 0; i < items.size(); ++i) {
        CAPTURE(i);
        const bool anchored = i == 0 || i == 5 || i == 10;
        CHECK(a.calibration.items[i].anchored == anchored);
        CHECK(std::isnan(a.errors.items[i].delta) == anchored);
        if (!anchored) {
            CHECK(a.errors.items[i].delta > 0.05);
            CHECK(a.errors.items[i].delta < 0.2);
            for (double s : a.errors.items[i].steps) CHECK(s >= a.errors.items[i].delta * 0.99);
        }
    }
    // The mean is free with anchors: at least the sampling error of 1000 persons' mean.
    const double sampling = a.calibration.population.sd / std::sqrt(1000.0);
    CHECK(a.errors.populationMean > sampling);
    CHECK(a.errors.populationMean < 3 * sampling);
    CHECK(a.errors.populationSd > 0);

    const CalibratedItems c = calibratedItems(a);
    REQUIRE(c.deltaSe.size() == items.size());
    CHECK(c.metadata.count("population_mean_se"));
    CHECK(c.metadata.count("population_sd_se"));
    const auto rows = dlk::test::parseCsv(formatItemsCsv(c));
    REQUIRE(rows.size() == items.size() + 1);
    REQUIRE(rows[0][3] == "delta_se");
    CHECK(rows[1][3].empty());   // anchored
    CHECK(!rows[2][3].empty());  // estimated
}

TEST_CASE("irt parameter errors: an anchored calibration gives the linking error of its anchors") {
    Design d;
    d.items = 20;
    const std::vector<ItemParams> items = generatingItems(d.items);
    const ResponseMatrix m = sample(items, d, 3000, 41);
    // Eight anchors from an earlier year whose difficulties moved since by these amounts (SD 0.3):
    // the linking error is about 0.3 / sqrt(8), whatever the common shift.
    const double drift[] = {0.5, -0.3, 0.2, 0.0, -0.4, 0.3, 0.1, -0.4};
    AnalysisOptions o;
    double mean = 0, ss = 0;
    for (double v : drift) mean += v / 8;
    for (double v : drift) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / 7);
    for (size_t k = 0; k < 8; ++k) {
        ItemParams p = items[k * 2];
        p.delta += 0.7 + drift[k];
        o.calibration.anchors.push_back(p);
    }
    const Analysis a = analyse(m, o);
    REQUIRE(a.calibration.report.converged);
    REQUIRE(a.anchorLink);
    CHECK(a.anchorLink->commonItems == 8);
    CHECK(a.anchorLink->linkingError > 0.9 * sd / std::sqrt(8.0));
    CHECK(a.anchorLink->linkingError < 1.15 * sd / std::sqrt(8.0));
    const CalibratedItems c = calibratedItems(a);
    CHECK(c.metadata.at("link_error") == formatNumber(a.anchorLink->linkingError));
    CHECK(c.metadata.at("link_common_items") == "8");

    // Anchors that did not move: only the estimates' own noise is left.
    AnalysisOptions still;
    for (size_t k = 0; k < 8; ++k) {
        ItemParams p = items[k * 2];
        p.delta += 0.7;
        still.calibration.anchors.push_back(p);
    }
    const Analysis b = analyse(m, still);
    REQUIRE(b.anchorLink);
    CHECK(b.anchorLink->linkingError < 0.4 * sd / std::sqrt(8.0));

    // One anchor: no linking error, and why.
    AnalysisOptions one;
    one.calibration.anchors = {items[0]};
    const Analysis c1 = analyse(m, one);
    CHECK_FALSE(c1.anchorLink);
    CHECK(c1.anchorLinkProblem == "one anchored item: a linking error needs at least two");
    CHECK_FALSE(calibratedItems(c1).metadata.count("link_error"));
    // Without anchors nothing is said.
    const Analysis none = analyse(m, AnalysisOptions{});
    CHECK_FALSE(none.anchorLink);
    CHECK(none.anchorLinkProblem.empty());
}

TEST_CASE("irt parameter errors: with the population mean fixed at 0 it has no SE and the items are unchanged") {
    Design d;
    d.items = 10;
    const std::vector<ItemParams> items = generatingItems(d.items);
    const ResponseMatrix m = sample(items, d, 600, 41);
    const DesignSummary design = summariseDesign(m);
    const Calibration centred = calibrate(m, design);
    CalibrationOptions zero;
    zero.identification = Identification::ZeroPopulationMean;
    const Calibration fixed = calibrate(m, design, zero);
    const ParameterErrors ec = parameterErrors(design, centred);
    const ParameterErrors ez = parameterErrors(design, fixed, zero);
    REQUIRE(ec.available());
    REQUIRE(ez.available());
    CHECK(std::isfinite(ec.populationMean));
    CHECK(std::isnan(ez.populationMean));
    CHECK(ez.populationSd == doctest::Approx(ec.populationSd).epsilon(1e-3));
    // Centring moves every SE: the mean location is known exactly, the population mean is not; the
    // steps' deviations from their item's location (tau) are the same under both.
    double centredSum = 0, zeroSum = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        centredSum += ec.items[i].delta * ec.items[i].delta;
        zeroSum += ez.items[i].delta * ez.items[i].delta;
        for (size_t j = 0; j < ec.items[i].tau.size(); ++j)
            CHECK(ec.items[i].tau[j] == doctest::Approx(ez.items[i].tau[j]).epsilon(1e-3));
    }
    CHECK(centredSum < zeroSum);
    // Centred, delta_i = location_i - shift with the reported mean -shift, and the centred deltas sum
    // to 0: the fixed-mean locations' variances exceed them by the mean's variance each, exactly.
    CHECK(zeroSum - centredSum == doctest::Approx(items.size() * ec.populationMean * ec.populationMean).epsilon(1e-3));
}

TEST_CASE("irt parameter errors: a calibration that did not converge has none and says why") {
    Design d;
    d.items = 6;
    const ResponseMatrix m = sample(generatingItems(d.items), d, 200, 51);
    CalibrationOptions o;
    o.maxIterations = 2;
    const DesignSummary design = summariseDesign(m);
    const Calibration c = calibrate(m, design, o);
    REQUIRE_FALSE(c.report.converged);
    const ParameterErrors e = parameterErrors(design, c, o);
    CHECK_FALSE(e.available());
    CHECK(contains(e.problem, "did not converge"));
}

TEST_CASE("irt parameter errors: ITEMS.csv keeps delta_se and its sidecar the population's SEs") {
    Design d;
    d.items = 9;
    const ResponseMatrix m = sample(generatingItems(d.items), d, 500, 61);
    const Analysis a = analyse(m);
    REQUIRE(a.errors.available());
    const CalibratedItems c = calibratedItems(a);
    TempDir dir;
    const std::string path = (dir.path() / "ITEMS.csv").string();
    writeItemsCsv(path, c);
    const std::string text = dlk::test::readFile(path);
    CHECK(text.rfind("item_id,max_score,delta,delta_se,tau_1,tau_2,anchored,", 0) == 0);
    const CalibratedItems r = readItemsCsv(path);
    REQUIRE(r.deltaSe.size() == c.items.size());
    for (size_t i = 0; i < c.items.size(); ++i) {
        CAPTURE(i);
        CHECK(r.deltaSe[i] == a.errors.items[i].delta);
        CHECK(r.deltaSe[i] > 0);
        CHECK(r.items[i].delta == c.items[i].delta);
    }
    CHECK(std::stod(r.metadata.at("population_mean_se")) == a.errors.populationMean);
    CHECK(std::stod(r.metadata.at("population_sd_se")) == a.errors.populationSd);
    // Written again from what was read, the file is the same.
    CHECK(formatItemsCsv(r) == text);
}

TEST_CASE("irt parameter errors: an ITEMS.csv without delta_se still reads - a negative or bad one is refused") {
    const CalibratedItems old = parseItemsCsv(
        "item_id,max_score,delta,tau_1,tau_2,anchored,n,p_value,item_rest,infit,infit_t,outfit,outfit_t\n"
        "A,1,-0.5,0,,0,100,0.6,0.3,1,0,1,0\nB,2,0.5,-0.4,0.4,0,100,0.4,0.3,1,0,1,0\n",
        "old.csv");
    REQUIRE(old.items.size() == 2);
    CHECK(old.deltaSe.empty());
    CHECK(old.items[1].step(2) == doctest::Approx(0.9));
    // Written again it gains the column, empty.
    CHECK(contains(formatItemsCsv(old), "\nA,1,-0.5,,0,,0,100,"));

    const CalibratedItems some =
        parseItemsCsv("item_id,max_score,delta,delta_se,tau_1\nA,1,-0.5,,0\nB,1,0.5,0.07,0\n", "some.csv");
    REQUIRE(some.deltaSe.size() == 2);
    CHECK(std::isnan(some.deltaSe[0]));
    CHECK(some.deltaSe[1] == 0.07);
    auto e =
        dlk::test::errorOf([] { (void)parseItemsCsv("item_id,max_score,delta,delta_se\nA,1,0,-0.1\n", "neg.csv"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "delta_se -0.1 is negative"));
    e = dlk::test::errorOf([] { (void)parseItemsCsv("item_id,max_score,delta,delta_se\nA,1,0,x\n", "x.csv"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "delta_se 'x' is not a number"));
}
