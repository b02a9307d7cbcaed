// Conditioning: plausible values drawn under a latent regression on background variables recover
// a group difference that unconditioned plausible values shrink; the background coding and its
// refusals.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "core_test_helpers.h"
#include "irt/irt_pipeline.h"
#include "irt/latent_regression.h"
#include "irt/multidim_files.h"
#include "irt/random.h"
#include "irt/simulate.h"
#include "irt_test_helpers.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

struct TwoGroups {
    std::vector<ItemParams> items;
    ResponseMatrix responses;
    std::string background;  // person_id,group,grade
    std::vector<int> inB;
};

// 4,000 pupils on 10 items (a short test, reliability about 0.7); group B is 0.8 logits above A.
TwoGroups twoGroups() {
    SimulationSpec spec;
    spec.persons = 1;
    spec.items = 10;
    TwoGroups g;
    g.items = simulateResponses(spec).items;
    Random rng(99);
    std::vector<double> theta;
    g.background = "person_id,group,grade\n";
    for (int p = 0; p < 4000; ++p) {
        const int b = p % 2;
        g.inB.push_back(b);
        theta.push_back(0.8 * b + rng.normal());
    }
    g.responses = simulateScores(g.items, theta, 5);
    for (int p = 0; p < 4000; ++p) {
        if (p % 10 == 9) continue;  // absent from the file: the "missing" term
        g.background += g.responses.personId(static_cast<size_t>(p)) + "," +
                        (g.inB[static_cast<size_t>(p)] ? "B" : "A") + "," + (p % 3 == 0 ? "7" : "8") + "\n";
    }
    return g;
}

double groupDifference(const PersonEstimates& e, const std::vector<int>& inB, int pv) {
    double sum[2] = {0, 0};
    int n[2] = {0, 0};
    for (size_t p = 0; p < inB.size(); ++p) {
        sum[inB[p]] += e.plausibleValue(p, pv);
        ++n[inB[p]];
    }
    return sum[1] / n[1] - sum[0] / n[0];
}

}  // namespace

TEST_CASE(
    "irt latent regression: conditioned plausible values recover a group difference that unconditioned ones shrink") {
    const TwoGroups g = twoGroups();
    const DesignSummary design = summariseDesign(g.responses);
    const BackgroundDesign bg = backgroundDesign(parseBackgroundCsv(g.background, "BG.csv"), g.responses);
    CHECK(bg.terms == std::vector<std::string>{"intercept", "group=B", "group=missing", "grade=8", "grade=missing"});
    CHECK(bg.rows.size() == 5);  // A/B x 7/8, and absent from the file
    const LatentRegression r = fitLatentRegression(g.responses, design, g.items, bg);
    REQUIRE_MESSAGE(r.converged, r.problem);
    // Pupils absent from the file are missing on both columns: one missing term says it all.
    CHECK(r.dropped == std::vector<std::string>{"grade=missing"});
    MESSAGE("latent regression: ", r.iterations, " EM iterations, group=B ", r.coefficients[1], ", residual SD ",
            r.residualSd);
    CHECK(r.coefficients[1] == doctest::Approx(0.8).epsilon(0.1));
    CHECK(std::fabs(r.coefficients[3]) < 0.1);  // grade has no effect here
    CHECK(r.residualSd == doctest::Approx(1.0).epsilon(0.06));

    PersonEstimateOptions po;
    po.plausibleValues = 5;
    const PersonEstimates conditioned = estimateConditioned(g.responses, design, g.items, bg, r, po);
    // Without conditioning: the population model alone (the true one, even).
    const PersonEstimates plain =
        estimatePersons(g.responses, design, g.items, PopulationModel{0.4, std::sqrt(1.16)}, po);
    for (int v = 0; v < 5; ++v) {
        const double with = groupDifference(conditioned, g.inB, v), without = groupDifference(plain, g.inB, v);
        INFO("PV ", v + 1, ": conditioned ", with, ", unconditioned ", without);
        CHECK(std::fabs(with - 0.8) < 0.08);
        CHECK(without < 0.68);  // shrunk by about the reliability
    }
    // Reproducible, and a pupil's values do not depend on who else is in the file.
    const PersonEstimates again = estimateConditioned(g.responses, design, g.items, bg, r, po);
    CHECK(again.pv == conditioned.pv);
    // The EAPs under the regression keep the group difference too (each group's mean EAP is its mean).
    double eapSum[2] = {0, 0};
    for (size_t p = 0; p < g.inB.size(); ++p) eapSum[g.inB[p]] += conditioned.eap[p].theta / 2000;
    CHECK(std::fabs(eapSum[1] - eapSum[0] - 0.8) < 0.08);
    CHECK(std::isfinite(conditioned.eap[0].se));
}

TEST_CASE("irt latent regression: background files it cannot use are refused naming the column") {
    const TwoGroups g = twoGroups();
    std::string many = "person_id,score\n";
    for (int p = 0; p < 40; ++p) many += g.responses.personId(static_cast<size_t>(p)) + "," + std::to_string(p) + "\n";
    auto e = errorOf([&] { (void)backgroundDesign(parseBackgroundCsv(many, "BG.csv"), g.responses); });
    REQUIRE(e);
    CHECK(contains(e->what(), "BG.csv: column score has more than 30 values; conditioning takes categories"));
    e = errorOf(
        [&] { (void)backgroundDesign(parseBackgroundCsv("person_id,group\nnobody,A\n", "BG.csv"), g.responses); });
    REQUIRE(e);
    CHECK(contains(e->what(), "BG.csv has none of the 4000 persons of the responses"));
    // Two columns that say the same: the second's term is dropped, as R's lm drops an aliased one.
    std::string twice = "person_id,a,b\n";
    for (size_t p = 0; p < g.responses.personCount(); ++p) {
        const char* v = g.inB[p] ? "x" : "y";
        twice += g.responses.personId(p) + "," + v + "," + v + "\n";
    }
    const BackgroundDesign bg = backgroundDesign(parseBackgroundCsv(twice, "BG.csv"), g.responses);
    const LatentRegression r = fitLatentRegression(g.responses, summariseDesign(g.responses), g.items, bg);
    REQUIRE(r.converged);
    CHECK(r.dropped == std::vector<std::string>{"b=y"});
    CHECK(r.coefficients[2] == 0);
    CHECK(r.coefficients[1] == doctest::Approx(-0.8).epsilon(0.1));  // y is group A, 0.8 below x
    LatentRegression unfinished = r;
    unfinished.converged = false;
    e = errorOf([&] {
        (void)estimateConditioned(g.responses, summariseDesign(g.responses), g.items, bg, unfinished,
                                  PersonEstimateOptions{});
    });
    REQUIRE(e);
    CHECK(contains(e->what(), "did not converge"));
}

TEST_CASE("irt latent regression: estimate --background writes conditioned plausible values") {
    const TwoGroups g = twoGroups();
    dlk::test::TempDir dir;
    dlk::test::writeFile(dir.file("R.csv"), dlk::test::responsesCsv(g.responses));
    dlk::test::writeFile(dir.file("BG.csv"), g.background);
    CalibrateFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("ITEMS.csv");
    REQUIRE(calibrateFiles(co).calibration.report.converged);
    EstimateFilesOptions eo;
    eo.responsesPath = dir.file("R.csv");
    eo.itemsPath = dir.file("ITEMS.csv");
    eo.outPath = dir.file("P.csv");
    eo.method = EstimateMethod::Pv;
    eo.backgroundPath = dir.file("BG.csv");
    const EstimateSummary s = estimateFiles(eo);
    REQUIRE(s.regression);
    CHECK(s.regression->coefficients[1] == doctest::Approx(0.8).epsilon(0.1));
    const PersonsTable t = readPersonsCsv(eo.outPath);
    REQUIRE(t.personIds.size() == 4000);
    const auto& pv1 = t.column("pv1");
    double sum[2] = {0, 0};
    for (size_t p = 0; p < pv1.size(); ++p) sum[g.inB[p]] += pv1[p] / 2000;
    CHECK(std::fabs(sum[1] - sum[0] - 0.8) < 0.08);
}

TEST_CASE("irt latent regression: calibrate --background on one scale writes the regression into ITEMS.model.json") {
    const TwoGroups g = twoGroups();
    dlk::test::TempDir dir;
    dlk::test::writeFile(dir.file("R.csv"), dlk::test::responsesCsv(g.responses));
    dlk::test::writeFile(dir.file("BG.csv"), g.background);
    CalibrateFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("ITEMS.csv");
    co.scaleName = "cil";
    co.backgroundPath = dir.file("BG.csv");
    LatentRegression fit;
    const Analysis a = calibrateFiles(co, &fit);
    REQUIRE(a.calibration.report.converged);
    REQUIRE(fit.converged);
    CHECK(fit.terms[1] == "group=B");
    CHECK(fit.coefficients[1] == doctest::Approx(0.8).epsilon(0.1));
    // The same regression as estimate --background fits on the written items.
    const LatentRegression again =
        fitLatentRegression(g.responses, a.design, a.calibration.items,
                            readBackgroundDesign(dir.file("BG.csv"), g.responses, std::nullopt, nullptr));
    for (size_t t = 0; t < fit.terms.size(); ++t) CHECK(fit.coefficients[t] == doctest::Approx(again.coefficients[t]));

    // The model file: one dimension named after the scale, its population, the regression; the
    // ITEMS.csv beside it stays a one-scale file.
    const std::string model = dlk::test::readFile(dir.file("ITEMS.model.json"));
    const MultidimModel m = parseModelJson(model, "model");
    CHECK(m.dimensions == std::vector<std::string>{"cil"});
    CHECK(m.population.mean[0] == doctest::Approx(a.calibration.population.mean));
    CHECK(m.population.sd(0) == doctest::Approx(a.calibration.population.sd));
    const Json j = parseJson(model, "model");
    CHECK(contains(j["description"].get<std::string>(), "on one scale"));
    CHECK(j["regression"]["terms"][1]["term"].get<std::string>() == "group=B");
    CHECK(j["regression"]["terms"][1]["coefficients"][0].get<double>() == doctest::Approx(fit.coefficients[1]));
    CHECK(j["regression"]["residual_sd"][0].get<double>() == doctest::Approx(fit.residualSd));
    CHECK(contains(j["regression"]["method"].get<std::string>(), "Gauss-Hermite"));
    CHECK(readItemsCsv(co.outPath).dimension.empty());

    // Without the background file no model file is written.
    dlk::test::TempDir plain;
    CalibrateFilesOptions po = co;
    po.outPath = plain.file("ITEMS.csv");
    po.backgroundPath.reset();
    REQUIRE(calibrateFiles(po).calibration.report.converged);
    CHECK_FALSE(std::filesystem::exists(plain.file("ITEMS.model.json")));
    // Calibrated again to the same path without it, the earlier model file goes: it described other items.
    po.outPath = co.outPath;
    REQUIRE(calibrateFiles(po).calibration.report.converged);
    CHECK_FALSE(std::filesystem::exists(dir.file("ITEMS.model.json")));
}

TEST_CASE("irt latent regression: principal components of the background span its terms and refuse what they cannot") {
    const TwoGroups g = twoGroups();
    const DesignSummary design = summariseDesign(g.responses);
    const BackgroundDesign bg = backgroundDesign(parseBackgroundCsv(g.background, "BG.csv"), g.responses);
    REQUIRE(bg.terms.size() == 5);

    // All the variance: the components span the same space as the terms (the two missing terms
    // coincide, so three components), and the regression's fitted prior means are the same.
    ComponentSummary all;
    const BackgroundDesign pcs = principalComponents(bg, 1.0, &all);
    CHECK(all.termsBefore == 4);
    CHECK(all.components == 3);
    CHECK(all.explained == doctest::Approx(1.0));
    CHECK(pcs.terms == std::vector<std::string>{"intercept", "pc1", "pc2", "pc3"});
    CHECK(pcs.profileOf == bg.profileOf);
    // The scores have mean 0 and are uncorrelated over the persons, the first the widest.
    std::vector<double> sum(4, 0.0), cross(16, 0.0);
    for (int p : pcs.profileOf)
        for (size_t a = 1; a < 4; ++a) {
            sum[a] += pcs.rows[static_cast<size_t>(p)][a];
            for (size_t b = 1; b < 4; ++b)
                cross[a * 4 + b] += pcs.rows[static_cast<size_t>(p)][a] * pcs.rows[static_cast<size_t>(p)][b];
        }
    const double n = static_cast<double>(pcs.profileOf.size());
    for (size_t a = 1; a < 4; ++a) {
        CHECK(std::fabs(sum[a] / n) < 1e-9);
        for (size_t b = 1; b < a; ++b) CHECK(std::fabs(cross[a * 4 + b] / n) < 1e-9);
    }
    CHECK(cross[1 * 4 + 1] >= cross[2 * 4 + 2]);
    CHECK(cross[2 * 4 + 2] >= cross[3 * 4 + 3]);
    const LatentRegression onTerms = fitLatentRegression(g.responses, design, g.items, bg);
    const LatentRegression onComponents = fitLatentRegression(g.responses, design, g.items, pcs);
    REQUIRE(onTerms.converged);
    REQUIRE(onComponents.converged);
    CHECK(onComponents.residualSd == doctest::Approx(onTerms.residualSd).epsilon(1e-4));
    for (size_t k = 0; k < bg.rows.size(); ++k) {
        double a = 0, b = 0;
        for (size_t j = 0; j < bg.terms.size(); ++j) a += bg.rows[k][j] * onTerms.coefficients[j];
        for (size_t j = 0; j < pcs.terms.size(); ++j) b += pcs.rows[k][j] * onComponents.coefficients[j];
        CHECK(std::fabs(a - b) < 1e-4);
    }
    // Half the variance: fewer components, at least half of it.
    ComponentSummary half;
    const BackgroundDesign fewer = principalComponents(bg, 0.5, &half);
    CHECK(half.components < 3);
    CHECK(half.explained >= 0.5);
    CHECK(fewer.terms.size() == half.components + 1);

    for (const double bad : {0.0, -0.5, 1.5}) {
        const auto e = errorOf([&] { (void)principalComponents(bg, bad); });
        REQUIRE(e);
        CHECK(contains(e->what(), "must lie in (0, 1]"));
    }
    std::string same = "person_id,school\n";
    for (size_t p = 0; p < g.responses.personCount(); ++p) same += g.responses.personId(p) + ",x\n";
    const auto e = errorOf(
        [&] { (void)principalComponents(backgroundDesign(parseBackgroundCsv(same, "BG.csv"), g.responses), 0.9); });
    REQUIRE(e);
    CHECK(contains(e->what(), "no background term varies"));
}
