// What `dlkiosk calibrate` and `dlkiosk estimate` do, through the functions they call, and the
// teacher screen's one-pupil scaling.
#include <doctest/doctest.h>

#include <cmath>
#include <sstream>

#include "core_test_helpers.h"
#include "irt/csv_reader.h"
#include "irt/irt_pipeline.h"
#include "irt/simulate.h"
#include "irt_test_helpers.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::responsesCsv;
using dlk::test::TempDir;

namespace {

SimulatedData simulated(int persons = 800, int items = 16) {
    SimulationSpec spec;
    spec.persons = persons;
    spec.items = items;
    spec.blocks = 4;
    spec.seed = 13;
    return simulateResponses(spec);
}

const std::string kLevels = std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv";

}  // namespace

TEST_CASE("irt pipeline: calibrate then estimate through files gives the in-memory results") {
    TempDir dir;
    const SimulatedData d = simulated();
    dlk::test::writeFile(dir.file("RESPONSES.csv"), responsesCsv(d.responses));

    CalibrateFilesOptions co;
    co.responsesPath = dir.file("RESPONSES.csv");
    co.outPath = dir.file("out/ITEMS.csv");
    const Analysis a = calibrateFiles(co);
    CHECK(a.calibration.report.converged);
    const CalibratedItems items = readItemsCsv(co.outPath);
    REQUIRE(items.items.size() == 16);
    for (size_t i = 0; i < 16; ++i) {
        CHECK(items.items[i].delta == a.calibration.items[i].delta);
        CHECK(items.statistics[i].infit == a.statistics[i].infit);
    }
    CHECK(items.population->mean == a.calibration.population.mean);
    CHECK(items.metadata.at("converged") == "1");
    CHECK(items.metadata.count("reliability_eap"));

    for (const char* method : {"wle", "eap", "pv"}) {
        CAPTURE(method);
        EstimateFilesOptions eo;
        eo.responsesPath = co.responsesPath;
        eo.itemsPath = co.outPath;
        eo.outPath = dir.file(std::string("PERSONS_") + method + ".csv");
        eo.method = estimateMethodFromName(method);
        if (eo.method != EstimateMethod::Pv) eo.levelsPath = kLevels;
        const EstimateSummary s = estimateFiles(eo);
        CHECK(s.persons == 800);
        CHECK_FALSE(s.populationFromSample);
        const PersonsTable t = readPersonsCsv(eo.outPath);
        REQUIRE(t.personIds.size() == 800);
        CHECK(t.personIds[0] == "P000001");
        for (size_t p = 0; p < 800; p += 37) {
            if (eo.method == EstimateMethod::Wle) {
                CHECK(t.column("theta")[p] == doctest::Approx(a.persons.wle[p].theta).epsilon(1e-12));
                CHECK(t.column("se")[p] == doctest::Approx(a.persons.wle[p].se).epsilon(1e-12));
                CHECK(t.column("scale_score")[p] == doctest::Approx(items.scale->toScale(a.persons.wle[p].theta)));
                CHECK(t.column("level")[p] >= 0);
            } else if (eo.method == EstimateMethod::Eap) {
                CHECK(t.column("theta")[p] == doctest::Approx(a.persons.eap[p].theta).epsilon(1e-12));
            } else {
                // calibrate's PVs used the same default seed and the same person ids.
                CHECK(t.column("pv3")[p] == a.persons.plausibleValue(p, 2));
            }
            CHECK(t.column("raw_score")[p] == a.persons.rawScore[p]);
        }
    }
}

TEST_CASE("irt pipeline: calibrating with the file's own items as anchors changes nothing") {
    TempDir dir;
    const SimulatedData d = simulated(600, 12);
    dlk::test::writeFile(dir.file("R.csv"), responsesCsv(d.responses));
    CalibrateFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("ITEMS.csv");
    const Analysis first = calibrateFiles(co);
    co.anchorPath = co.outPath;
    co.outPath = dir.file("ITEMS2.csv");
    const Analysis second = calibrateFiles(co);
    CHECK(second.calibration.report.anchoredItems == 12);
    const CalibratedItems again = readItemsCsv(co.outPath);
    for (size_t i = 0; i < 12; ++i) {
        CHECK(again.items[i].anchored);
        CHECK(again.items[i].delta == first.calibration.items[i].delta);
    }
    CHECK(second.calibration.population.mean == doctest::Approx(first.calibration.population.mean).epsilon(1e-5));
    CHECK(second.calibration.population.sd == doctest::Approx(first.calibration.population.sd).epsilon(1e-5));
}

TEST_CASE("irt pipeline: anchors and items the responses do not match are errors") {
    TempDir dir;
    dlk::test::writeFile(dir.file("R.csv"), "person_id,I1,I2\na,1,0\nb,0,1\nc,1,1\nd,0,0\n");
    dlk::test::writeFile(dir.file("A.csv"), "item_id,max_score,delta\nI1,1,0.3\nQ7,1,0\n");
    CalibrateFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("ITEMS.csv");
    co.anchorPath = dir.file("A.csv");
    auto e = errorOf([&] { (void)calibrateFiles(co); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "Q7"));
    CHECK_FALSE(std::filesystem::exists(co.outPath));

    dlk::test::writeFile(dir.file("I.csv"), "item_id,max_score,delta\nI1,1,0.3\n");
    EstimateFilesOptions eo;
    eo.responsesPath = dir.file("R.csv");
    eo.itemsPath = dir.file("I.csv");
    eo.outPath = dir.file("P.csv");
    e = errorOf([&] { (void)estimateFiles(eo); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    CHECK(contains(e->what(), "no parameters for item I2"));

    // A score above ITEMS.csv's max_score names the line.
    dlk::test::writeFile(dir.file("I.csv"), "item_id,max_score,delta\nI1,1,0.3\nI2,1,0\n");
    dlk::test::writeFile(dir.file("R2.csv"), "person_id,I1,I2\na,1,0\nb,0,2\n");
    eo.responsesPath = dir.file("R2.csv");
    e = errorOf([&] { (void)estimateFiles(eo); });
    REQUIRE(e);
    CHECK(contains(e->what(), "line 3"));
    CHECK(contains(e->what(), "maximum 1"));
}

TEST_CASE("irt pipeline: estimate without a population model in ITEMS.csv estimates it from the sample") {
    TempDir dir;
    const SimulatedData d = simulated(1000, 12);
    dlk::test::writeFile(dir.file("R.csv"), responsesCsv(d.responses));
    std::string items = "item_id,max_score,delta,tau_1,tau_2\n";
    for (const auto& p : d.items)
        items += p.id + "," + std::to_string(p.maxScore) + "," + formatNumber(p.delta) + "," + formatNumber(p.tau[0]) +
                 "," + (p.maxScore > 1 ? formatNumber(p.tau[1]) : "") + "\n";
    dlk::test::writeFile(dir.file("I.csv"), items);
    EstimateFilesOptions eo;
    eo.responsesPath = dir.file("R.csv");
    eo.itemsPath = dir.file("I.csv");
    eo.outPath = dir.file("P.csv");
    eo.method = EstimateMethod::Eap;
    const EstimateSummary s = estimateFiles(eo);
    CHECK(s.populationFromSample);
    CHECK(std::fabs(s.population.mean) < 0.1);  // simulated N(0, 1)
    CHECK(std::fabs(s.population.sd - 1) < 0.1);
    // No reporting scale in that file: no scale columns, and no levels.
    const PersonsTable t = readPersonsCsv(eo.outPath);
    CHECK(t.columns == std::vector<std::string>{"theta", "se", "raw_score", "max_score"});
    eo.levelsPath = kLevels;
    auto e = errorOf([&] { (void)estimateFiles(eo); });
    REQUIRE(e);
    CHECK(contains(e->what(), "no reporting scale"));
}

TEST_CASE("irt pipeline: one pupil's scale score and level for the teacher screen") {
    const SimulatedData d = simulated(800, 16);
    const Analysis a = analyse(d.responses);
    CalibratedItems items = calibratedItems(a);
    const LevelTable levels = LevelTable::load(kLevels);
    std::vector<ItemScore> scores = {{"I001", 1}, {"I004", 2}, {"I006", 0}, {"NEW1", 1}};
    const auto r = scalePupil(scores, items, &levels);
    REQUIRE(r);
    CHECK(r->itemsUsed == 3);
    CHECK(r->itemsWithoutParameters == 1);
    CHECK(r->rawScore == 3);
    CHECK(r->maxScore == 4);
    const ThetaEstimate w = estimateWle({*items.find("I001"), *items.find("I004"), *items.find("I006")}, {1, 2, 0});
    CHECK(r->wle.theta == w.theta);
    CHECK(r->scaleScore ==
          doctest::Approx(500 + 100 * (w.theta - a.calibration.population.mean) / a.calibration.population.sd));
    CHECK(r->scaleSe == doctest::Approx(100 * w.se / a.calibration.population.sd));
    REQUIRE(r->level);
    CHECK(r->level->level == levels.levelFor("total", r->scaleScore).level);
    CHECK(r->provisional);  // the shipped cut-points are provisional
    CHECK_FALSE(scalePupil({{"NEW1", 1}}, items, &levels));
    auto e = errorOf([&] { (void)scalePupil({{"I001", 2}}, items, &levels); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    items.scaleName = "wellbeing";  // no levels for that scale: a score but no level
    const auto noLevel = scalePupil(scores, items, &levels);
    REQUIRE(noLevel);
    CHECK_FALSE(noLevel->level);
    CHECK_FALSE(noLevel->provisional);
}

TEST_CASE("irt pipeline: a calibration that did not converge writes nothing and keeps the old file") {
    TempDir dir;
    const SimulatedData d = simulated(300, 10);
    dlk::test::writeFile(dir.file("R.csv"), responsesCsv(d.responses));
    CalibrateFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("new/ITEMS.csv");
    co.analysis.calibration.maxIterations = 2;
    const Analysis a = calibrateFiles(co);
    CHECK_FALSE(a.calibration.report.converged);
    CHECK(contains(a.calibration.report.problem, "no convergence in "));
    CHECK(contains(a.calibration.report.problem, "EM iterations (last change "));
    CHECK_FALSE(std::filesystem::exists(co.outPath));
    CHECK_FALSE(std::filesystem::exists(co.outPath + ".tmp"));
    // Good parameters already there stay as they were.
    co.outPath = dir.file("ITEMS.csv");
    dlk::test::writeFile(co.outPath, "item_id,max_score,delta\nI1,1,0.3\n");
    CHECK_FALSE(calibrateFiles(co).calibration.report.converged);
    CHECK(dlk::test::readFile(co.outPath) == "item_id,max_score,delta\nI1,1,0.3\n");
    // And once it converges, it writes.
    co.analysis.calibration.maxIterations = 5000;
    const Analysis done = calibrateFiles(co);
    CHECK(done.calibration.report.converged);
    CHECK(done.calibration.report.problem.empty());
    CHECK(readItemsCsv(co.outPath).items.size() == 10);
}
