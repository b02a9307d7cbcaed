// MML calibration: recovery of simulated parameters in booklet designs with partial credit items,
// identification, anchoring, convergence and the errors for data that cannot be calibrated.
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/mml_calibration.h"
#include "irt/simulate.h"
#include "irt_test_helpers.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::stepRmse;

namespace {

std::string calibrationError(const std::string& csv, const CalibrationOptions& options = {}) {
    auto e = errorOf([&] { (void)calibrate(parseResponsesCsv(csv, "R.csv"), options); });
    REQUIRE_MESSAGE(e, "no error for\n", csv);
    CHECK(e->kind() == ErrorKind::Invalid);
    return e->what();
}

// 3 booklets of 2 items each over 4 items, every category observed.
const char* kSmall =
    "person_id,I1,I2,I3,I4\n"
    "a,1,0,,\nb,0,1,,\nc,1,1,,\nd,0,0,,\n"
    "e,,1,0,\nf,,0,1,\ng,,1,1,\nh,,0,0,\n"
    "i,,,1,2\nj,,,0,1\nk,,,1,0\nl,,,0,2\nm,,,1,1\n";

}  // namespace

TEST_CASE("irt calibration: recovers partial credit items and the population in a rotated booklet design") {
    SimulationSpec spec;
    spec.persons = 3000;
    spec.items = 24;
    spec.blocks = 4;
    spec.partialCreditShare = 0.25;
    spec.populationMean = 0.4;
    spec.populationSd = 1.2;
    spec.seed = 11;
    const SimulatedData d = simulateResponses(spec);
    const Calibration c = calibrate(d.responses);
    CHECK(c.report.converged);
    CHECK(c.report.iterations > 2);
    CHECK(c.report.iterations < 200);
    CHECK(c.report.maxChange < 1e-6);
    CHECK(c.report.booklets == 4);
    CHECK(c.report.persons == 3000);
    CHECK(std::isfinite(c.report.logLikelihood));
    REQUIRE(c.items.size() == 24);
    // Each item is seen by half the persons (1500): step SEs are about 0.06-0.1 logits.
    const double rmse = stepRmse(c.items, d.items);
    MESSAGE("step RMSE " << rmse << ", population " << c.population.mean << " / " << c.population.sd);
    CHECK(rmse < 0.12);
    CHECK(std::fabs(c.population.mean - 0.4) < 0.1);
    CHECK(std::fabs(c.population.sd - 1.2) < 0.06);
    double meanLoc = 0;
    for (const auto& p : c.items) {
        meanLoc += p.delta;
        CHECK_FALSE(p.anchored);
        double tauSum = 0;
        for (double t : p.tau) tauSum += t;
        CHECK(std::fabs(tauSum) < 1e-12);
    }
    CHECK(std::fabs(meanLoc / 24) < 1e-12);
    CHECK(c.items[3].maxScore == 2);  // every 4th item is partial credit
    CHECK(c.items[0].maxScore == 1);
    CHECK(c.items[5].id == "I006");
}

TEST_CASE("irt calibration: fixing the population mean shifts everything by one constant") {
    SimulationSpec spec;
    spec.persons = 600;
    spec.items = 12;
    spec.populationMean = -0.5;
    spec.seed = 5;
    const SimulatedData d = simulateResponses(spec);
    const Calibration centred = calibrate(d.responses);
    CalibrationOptions o;
    o.identification = Identification::ZeroPopulationMean;
    const Calibration zero = calibrate(d.responses, o);
    CHECK(zero.population.mean == 0);
    const double shift = -centred.population.mean;
    for (size_t i = 0; i < 12; ++i)
        CHECK(zero.items[i].delta == doctest::Approx(centred.items[i].delta + shift).epsilon(1e-6));
    CHECK(zero.population.sd == doctest::Approx(centred.population.sd).epsilon(1e-6));
    CHECK(zero.report.logLikelihood == doctest::Approx(centred.report.logLikelihood).epsilon(1e-9));
}

TEST_CASE("irt calibration: anchored items keep their parameters and carry the origin") {
    SimulationSpec spec;
    spec.persons = 2000;
    spec.items = 16;
    spec.blocks = 4;
    spec.seed = 3;
    const SimulatedData d = simulateResponses(spec);
    const Calibration free = calibrate(d.responses);
    // Anchor every other item at its free estimate + 0.5: the same data on a scale 0.5 higher.
    CalibrationOptions o;
    for (size_t i = 0; i < 16; i += 2) {
        ItemParams a = free.items[i];
        a.delta += 0.5;
        o.anchors.push_back(a);
    }
    const Calibration anchored = calibrate(d.responses, o);
    CHECK(anchored.report.converged);
    CHECK(anchored.report.anchoredItems == 8);
    for (size_t i = 0; i < 16; ++i) {
        CAPTURE(i);
        CHECK(anchored.items[i].anchored == (i % 2 == 0));
        if (i % 2 == 0)
            CHECK(anchored.items[i].delta == free.items[i].delta + 0.5);
        else
            CHECK(anchored.items[i].delta == doctest::Approx(free.items[i].delta + 0.5).epsilon(1e-4));
    }
    CHECK(anchored.population.mean == doctest::Approx(free.population.mean + 0.5).epsilon(1e-4));
    CHECK(anchored.population.sd == doctest::Approx(free.population.sd).epsilon(1e-4));
}

TEST_CASE("irt calibration: a run out of iterations is reported as not converged") {
    SimulationSpec spec;
    spec.persons = 300;
    spec.items = 10;
    spec.seed = 2;
    CalibrationOptions o;
    o.maxIterations = 2;
    const Calibration c = calibrate(simulateResponses(spec).responses, o);
    CHECK_FALSE(c.report.converged);
    CHECK(c.report.iterations >= 2);
    CHECK(c.report.maxChange > 1e-6);
}

TEST_CASE("irt calibration: the small booklet fixture calibrates") {
    const Calibration c = calibrate(parseResponsesCsv(kSmall, "R.csv"));
    CHECK(c.report.converged);
    CHECK(c.items[3].maxScore == 2);
    CHECK(c.report.booklets == 3);
}

TEST_CASE("irt calibration: an item nobody answered is an error naming it") {
    const std::string e = calibrationError("person_id,I1,I2,I3\na,1,0,\nb,0,1,\nc,1,1,\nd,0,0,\n");
    CHECK(contains(e, "item I3"));
    CHECK(contains(e, "nobody was given it"));
}

TEST_CASE("irt calibration: an item everyone answered right or nobody did is an error") {
    std::string e = calibrationError("person_id,I1,I2\na,1,1\nb,0,1\nc,1,1\n");
    CHECK(contains(e, "item I2: everyone answered it right"));
    e = calibrationError("person_id,I1,I2\na,1,0\nb,0,0\nc,1,0\n");
    CHECK(contains(e, "item I2: nobody scored above 0"));
    // Partial credit: everyone in the top category, nobody with 0, nobody with exactly 1.
    e = calibrationError("person_id,I1,I2\na,1,2\nb,0,2\nc,1,2\n");
    CHECK(contains(e, "item I2: everyone scored the maximum 2"));
    e = calibrationError("person_id,I1,I2\na,1,1\nb,0,2\nc,1,2\n");
    CHECK(contains(e, "item I2: nobody scored 0"));
    e = calibrationError("person_id,I1,I2\na,1,0\nb,0,2\nc,1,2\n");
    CHECK(contains(e, "item I2: nobody scored exactly 1 of 2"));
    // Every problem is listed, not just the first.
    e = calibrationError("person_id,I1,I2,I3\na,1,1,0\nb,1,0,0\n");
    CHECK(contains(e, "item I1"));
    CHECK(contains(e, "item I3"));
}

TEST_CASE("irt calibration: a disconnected design is an error unless each part is anchored") {
    const std::string csv =
        "person_id,I1,I2,I3,I4\na,1,0,,\nb,0,1,,\nc,1,1,,\nd,0,0,,\ne,,,1,0\nf,,,0,1\ng,,,1,1\nh,,,0,0\n";
    const std::string e = calibrationError(csv);
    CHECK(contains(e, "not connected"));
    CHECK(contains(e, "{I1, I2}"));
    CHECK(contains(e, "{I3, I4}"));

    CalibrationOptions one;
    one.anchors.push_back(ItemParams::fromSteps("I1", {0.2}));
    CHECK(contains(calibrationError(csv, one), "not connected"));

    CalibrationOptions both = one;
    both.anchors.push_back(ItemParams::fromSteps("I4", {-0.1}));
    const Calibration c = calibrate(parseResponsesCsv(csv, "R.csv"), both);
    CHECK(c.report.converged);
    CHECK(c.items[0].delta == 0.2);
    CHECK(c.items[3].delta == -0.1);
}

TEST_CASE("irt calibration: anchors the responses do not contain or with a lower maximum are errors") {
    CalibrationOptions o;
    o.anchors.push_back(ItemParams::fromSteps("I1", {0.0}));
    o.anchors.push_back(ItemParams::fromSteps("X9", {0.0}));
    o.anchors.push_back(ItemParams::fromSteps("X8", {0.0}));
    std::string e = calibrationError(kSmall, o);
    CHECK(contains(e, "the anchor file names items X9, X8"));
    CHECK(contains(e, "do not contain"));

    CalibrationOptions low;
    low.anchors.push_back(ItemParams::fromSteps("I4", {0.3}));  // I4 has scores of 2
    e = calibrationError(kSmall, low);
    CHECK(contains(e, "anchor I4"));
    CHECK(contains(e, "above its maximum 1"));
}

TEST_CASE("irt calibration: a runaway EM on perfect Guttman data stops early and says why") {
    // Each person passes exactly the k easiest items: the likelihood grows without bound as the
    // population SD goes to infinity, so there is nothing to converge to.
    std::string csv = "person_id,I1,I2,I3,I4,I5,I6\n";
    for (int p = 0; p < 70; ++p) {
        csv += "P" + std::to_string(p);
        for (int i = 0; i < 6; ++i) csv += i < p % 7 ? ",1" : ",0";
        csv += "\n";
    }
    const Calibration c = calibrate(parseResponsesCsv(csv, "R.csv"));
    CHECK_FALSE(c.report.converged);
    CHECK(contains(c.report.problem, "the change grew in 25 EM cycles in a row"));
    // Stopped long before the iteration budget (5000) was spent.
    CHECK(c.report.iterations < 500);
    // The same data with a few persons off the pattern converges, with an empty problem.
    csv += "Q1,0,1,0,1,0,1\nQ2,1,0,1,0,1,0\nQ3,0,0,1,1,0,0\nQ4,1,1,0,0,0,1\n";
    const Calibration fine = calibrate(parseResponsesCsv(csv, "R.csv"));
    CHECK(fine.report.converged);
    CHECK(fine.report.problem.empty());
}
