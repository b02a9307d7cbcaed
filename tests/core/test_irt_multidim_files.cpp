// The files of a multidimensional calibration: the Q-matrix, ITEMS.csv's dimension column,
// ITEMS.model.json, PERSONS.csv per dimension, and what each refuses.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "core_test_helpers.h"
#include "irt/csv_reader.h"
#include "irt/multidim_files.h"
#include "irt/simulate.h"
#include "irt_test_helpers.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::responsesCsv;
using dlk::test::TempDir;

namespace {

MultidimSimulatedData simulated() {
    MultidimSimulationSpec spec;
    spec.persons = 1500;
    spec.dimensions = 2;
    spec.itemsPerDimension = 8;
    spec.blocks = 4;
    spec.correlation = 0.6;
    spec.seed = 17;
    return simulateMultidim(spec);
}

std::string qMatrixOf(const MultidimSimulatedData& d, const char* a, const char* b) {
    std::string q = "item_id,dimension\n";
    for (size_t i = 0; i < d.items.size(); ++i) q += d.items[i].id + "," + (d.dimensionOf[i] ? b : a) + "\n";
    return q;
}

std::string qError(const std::string& text, const ResponseMatrix& r) {
    auto e = errorOf([&] { (void)parseQMatrix(text, "Q.csv", r); });
    REQUIRE_MESSAGE(e, "no error for\n", text);
    return e->what();
}

}  // namespace

TEST_CASE("irt multidim files: the Q-matrix maps items in the order dimensions first appear") {
    const ResponseMatrix r = parseResponsesCsv("person_id,A,B,C\np,1,0,1\n", "R.csv");
    const DimensionMap m = parseQMatrix("item_id,dimension\nC,info\nB,ict\nA,info\nZ,media\n", "Q.csv", r);
    // Z is not in the responses: ignored, and its dimension with it.
    CHECK(m.names == std::vector<std::string>{"info", "ict"});
    CHECK(m.ofItem == std::vector<int>{0, 1, 0});
    CHECK(contains(qError("item,dim\nA,x\n", r), "Q.csv line 1: the header must be item_id,dimension"));
    CHECK(contains(qError("item_id,dimension\nA,x\nB,x\nA,y\n", r),
                   "Q.csv line 4: item A appears twice (first on line 2)"));
    CHECK(contains(qError("item_id,dimension\nA,x\nB,two words\nC,x\n", r),
                   "line 3: dimension 'two words' is not a name"));
    CHECK(contains(qError("item_id,dimension\nA,x\nB,\nC,x\n", r), "line 3: dimension '' is not a name"));
    CHECK(contains(qError("item_id,dimension\nA,x,1\n", r), "line 2: 3 cells, not 2"));
    const auto missing = errorOf([&] { (void)parseQMatrix("item_id,dimension\nB,x\n", "Q.csv", r); });
    REQUIRE(missing);
    CHECK(missing->kind() == ErrorKind::NotFound);
    CHECK(contains(missing->what(), "Q.csv gives no dimension for items A, C"));
    // From pairs (a package's domains): one item in two modules on two domains is refused.
    auto twice = errorOf([&] {
        (void)dimensionMapOf({{"A", "ict"}, {"B", "ict"}, {"C", "ct"}, {"A", "info"}}, r, "items.csv");
    });
    REQUIRE(twice);
    CHECK(contains(twice->what(), "items.csv: item A is on two dimensions, ict and info"));
}

TEST_CASE("irt multidim files: the model file reads back and refuses what is malformed") {
    const std::string good = R"({"dimensions":["a","b"],"mean":[0.1,-0.2],"covariance":[[1.0,0.5],[0.5,2.0]]})";
    const MultidimModel m = parseModelJson(good, "M.json");
    CHECK(m.dimensions == std::vector<std::string>{"a", "b"});
    CHECK(m.population.mean[1] == -0.2);
    CHECK(m.population.correlation(0, 1) == doctest::Approx(0.5 / std::sqrt(2.0)));
    auto bad = [](const std::string& text) {
        auto e = errorOf([&] { (void)parseModelJson(text, "M.json"); });
        REQUIRE_MESSAGE(e, "no error for ", text);
        CHECK(e->kind() == ErrorKind::Parse);
        return std::string(e->what());
    };
    CHECK(contains(bad("[]"), "M.json: expected an object with a \"dimensions\" list"));
    CHECK(contains(bad(R"({"dimensions":["a","a"],"mean":[0,0],"covariance":[[1,0],[0,1]]})"),
                   "dimension a appears twice"));
    CHECK(
        contains(bad(R"({"dimensions":["a","b"],"mean":[0],"covariance":[[1,0],[0,1]]})"), "one number per dimension"));
    CHECK(contains(bad(R"({"dimensions":["a","b"],"mean":[0,0],"covariance":[[1,0]]})"), "a 2 x 2 matrix"));
    CHECK(
        contains(bad(R"({"dimensions":["a","b"],"mean":[0,0],"covariance":[[1,2],[2,1]]})"), "not positive definite"));
    CHECK(contains(bad(R"({"dimensions":["a","b"],"mean":[0,0],"covariance":[[1,0.1],[0.2,1]]})"), "not symmetric"));
    CHECK(contains(bad(R"({"dimensions":["a","b"],"mean":[0,"x"],"covariance":[[1,0],[0,1]]})"),
                   "mean holds a non-number"));
    CHECK(contains(bad(R"({"dimensions":["a b"],"mean":[0],"covariance":[[1]]})"), "a dimension name is not a name"));
}

TEST_CASE("irt multidim files: calibrate then estimate through the files") {
    TempDir dir;
    const MultidimSimulatedData d = simulated();
    dlk::test::writeFile(dir.file("R.csv"), responsesCsv(d.responses));
    dlk::test::writeFile(dir.file("Q.csv"), qMatrixOf(d, "ict", "info"));
    CalibrateMultidimFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("ITEMS.csv");
    co.integration.qmcNodes = 500;
    const std::string qPath = dir.file("Q.csv");
    co.dimensions = [&](const ResponseMatrix& r) { return readQMatrix(qPath, r); };
    const CalibrateMultidimResult res = calibrateMultidimFiles(co);
    REQUIRE(res.calibration.report.converged);
    REQUIRE(res.eapReliability.size() == 2);
    CHECK(res.eapReliability[0] > 0.5);

    const CalibratedItems items = readItemsCsv(co.outPath);
    REQUIRE(items.dimension.size() == 16);
    CHECK(items.dimension[0] == "ict");
    CHECK(items.dimension[15] == "info");
    CHECK(items.items[3].delta == doctest::Approx(res.calibration.items[3].delta).epsilon(1e-12));
    CHECK(items.statistics.size() == 16);
    CHECK(dlk::test::readFile(co.outPath).rfind("item_id,max_score,dimension,delta,", 0) == 0);
    REQUIRE(std::filesystem::exists(dir.file("ITEMS.model.json")));
    const MultidimModel model = parseModelJson(dlk::test::readFile(dir.file("ITEMS.model.json")), "model");
    CHECK(model.dimensions == std::vector<std::string>{"ict", "info"});
    CHECK(model.population.correlation(0, 1) == doctest::Approx(res.calibration.population.correlation(0, 1)));
    // Standard errors: each item's in ITEMS.csv's delta_se, the population's in the model file.
    REQUIRE(res.errors.available());
    REQUIRE(items.deltaSe.size() == 16);
    for (size_t i = 0; i < 16; ++i) {
        CAPTURE(i);
        CHECK(items.deltaSe[i] == doctest::Approx(res.errors.items[i].delta).epsilon(1e-12));
        CHECK(items.deltaSe[i] > 0.02);
        CHECK(items.deltaSe[i] < 0.5);
    }
    const Json modelJson = parseJson(dlk::test::readFile(dir.file("ITEMS.model.json")), "model");
    REQUIRE(modelJson.contains("standard_errors"));
    const Json& se = modelJson["standard_errors"];
    CHECK(se["mean"].size() == 2);
    CHECK(se["sd"][1].get<double>() == doctest::Approx(res.errors.sd[1]));
    CHECK(se["correlation"][0][1].get<double>() == doctest::Approx(res.errors.correlation[1]));
    CHECK(se["correlation"][0][1].get<double>() > 0.0);
    CHECK(se["correlation"][0][0].get<double>() == 0.0);

    EstimateFilesOptions eo;
    eo.responsesPath = dir.file("R.csv");
    eo.itemsPath = co.outPath;
    for (auto [method, header] : {std::pair{EstimateMethod::Wle,
                                            "person_id,theta_ict,se_ict,theta_info,se_info,raw_score_ict,max_score_ict,"
                                            "raw_score_info,max_score_info\n"},
                                  std::pair{EstimateMethod::Pv,
                                            "person_id,pv1_ict,pv2_ict,pv1_info,pv2_info,raw_score_ict,max_score_ict,"
                                            "raw_score_info,max_score_info\n"}}) {
        eo.method = method;
        eo.plausibleValues = 2;
        eo.outPath = dir.file("P.csv");
        const EstimateMultidimSummary s = estimateMultidimFiles(eo, items);
        CHECK(s.persons == 1500);
        CHECK(s.dimensions == std::vector<std::string>{"ict", "info"});
        const std::string text = dlk::test::readFile(eo.outPath);
        CHECK(text.rfind(header, 0) == 0);
        const PersonsTable t = parsePersonsCsv(text, "P.csv");
        CHECK(t.personIds.size() == 1500);
        const auto& first = t.column(method == EstimateMethod::Wle ? "theta_ict" : "pv1_ict");
        int finite = 0;
        for (double v : first) finite += std::isfinite(v);
        CHECK(finite == 1500);
    }
    // Levels are for one scale.
    eo.levelsPath = dir.file("levels.csv");
    eo.method = EstimateMethod::Wle;
    auto e = errorOf([&] { (void)estimateMultidimFiles(eo, items); });
    REQUIRE(e);
    CHECK(contains(e->what(), "--levels is for one scale"));
    eo.levelsPath.reset();
    // An item on a dimension the model lacks.
    CalibratedItems other = items;
    other.dimension[2] = "media";
    e = errorOf([&] { (void)estimateMultidimFiles(eo, other); });
    REQUIRE(e);
    CHECK(contains(e->what(),
                   "item I003 is on dimension media, which " + dir.file("ITEMS.model.json") + " does not have"));
    // No model beside ITEMS.csv.
    std::filesystem::remove(dir.file("ITEMS.model.json"));
    e = errorOf([&] { (void)estimateMultidimFiles(eo, items); });
    REQUIRE(e);
    CHECK(contains(e->what(), "ITEMS.model.json"));
}

TEST_CASE("irt multidim files: nothing is written when the EM does not converge") {
    TempDir dir;
    const MultidimSimulatedData d = simulated();
    dlk::test::writeFile(dir.file("R.csv"), responsesCsv(d.responses));
    CalibrateMultidimFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("ITEMS.csv");
    co.integration.qmcNodes = 200;
    co.integration.maxIterations = 2;
    co.dimensions = [&](const ResponseMatrix& r) { return parseQMatrix(qMatrixOf(d, "a", "b"), "Q", r); };
    CHECK_FALSE(calibrateMultidimFiles(co).calibration.report.converged);
    CHECK_FALSE(std::filesystem::exists(co.outPath));
    CHECK_FALSE(std::filesystem::exists(dir.file("ITEMS.model.json")));
}

TEST_CASE("irt multidim files: an ITEMS.csv dimension cell may not be empty") {
    auto e = errorOf(
        [] { (void)parseItemsCsv("item_id,max_score,dimension,delta,tau_1\nA,1,ict,0.5,0\nB,1,,0.1,0\n", "I.csv"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "I.csv line 3: item B: dimension is empty"));
    const CalibratedItems ok = parseItemsCsv("item_id,max_score,delta,tau_1\nA,1,0.5,0\n", "I.csv");
    CHECK(ok.dimension.empty());
}

TEST_CASE("irt multidim files: calibrate and estimate with a background file condition every dimension") {
    TempDir dir;
    MultidimSimulationSpec spec;
    spec.persons = 2000;
    spec.dimensions = 2;
    spec.itemsPerDimension = 10;
    spec.seed = 23;
    spec.background = {{"track", 2, {0, 0, 0.6, 0.2}}};
    const MultidimSimulatedData d = simulateMultidim(spec);
    dlk::test::writeFile(dir.file("R.csv"), responsesCsv(d.responses));
    dlk::test::writeFile(dir.file("Q.csv"), qMatrixOf(d, "ict", "info"));
    dlk::test::writeFile(dir.file("BG.csv"), d.backgroundCsv);
    CalibrateMultidimFilesOptions co;
    co.responsesPath = dir.file("R.csv");
    co.outPath = dir.file("ITEMS.csv");
    co.integration.qmcNodes = 500;
    co.backgroundPath = dir.file("BG.csv");
    const std::string qPath = dir.file("Q.csv");
    co.dimensions = [&](const ResponseMatrix& r) { return readQMatrix(qPath, r); };
    const CalibrateMultidimResult res = calibrateMultidimFiles(co);
    REQUIRE(res.calibration.report.converged);
    REQUIRE(res.regression);
    CHECK(res.regression->terms == std::vector<std::string>{"intercept", "track=1"});
    CHECK(std::fabs(res.regression->coefficient(1, 0) - 0.6) < 0.12);
    CHECK(std::fabs(res.regression->coefficient(1, 1) - 0.2) < 0.12);
    // The model file records the regression and still reads back as a population model.
    const Json model = parseJson(dlk::test::readFile(dir.file("ITEMS.model.json")), "model");
    REQUIRE(model.contains("regression"));
    CHECK(model["regression"]["terms"][1]["term"].get<std::string>() == "track=1");
    CHECK(model["regression"]["terms"][1]["coefficients"][0].get<double>() ==
          doctest::Approx(res.regression->coefficient(1, 0)));
    CHECK(model["regression"]["residual_sd"].size() == 2);
    CHECK(parseModelJson(dlk::test::readFile(dir.file("ITEMS.model.json")), "model").dimensions.size() == 2);

    EstimateFilesOptions eo;
    eo.responsesPath = dir.file("R.csv");
    eo.itemsPath = co.outPath;
    eo.method = EstimateMethod::Pv;
    eo.plausibleValues = 1;
    eo.outPath = dir.file("P.csv");
    eo.backgroundPath = dir.file("BG.csv");
    const EstimateMultidimSummary s = estimateMultidimFiles(eo, readItemsCsv(co.outPath));
    REQUIRE(s.regression);
    CHECK(s.regression->converged);
    // The PVs in PERSONS.csv keep the track difference on the first dimension.
    const PersonsTable t = parsePersonsCsv(dlk::test::readFile(eo.outPath), "P.csv");
    const auto& pv = t.column("pv1_ict");
    double sum[2] = {0, 0};
    int n[2] = {0, 0};
    for (size_t p = 0; p < pv.size(); ++p) {
        sum[d.backgroundLevel[p]] += pv[p];
        ++n[d.backgroundLevel[p]];
    }
    CHECK(std::fabs(sum[1] / n[1] - sum[0] / n[0] - 0.6) < 0.12);
    // On principal components instead of the terms: the model file says so.
    co.backgroundComponents = 1.0;
    const CalibrateMultidimResult onComponents = calibrateMultidimFiles(co);
    REQUIRE(onComponents.components);
    CHECK(onComponents.components->components == 1);
    CHECK(onComponents.regression->terms == std::vector<std::string>{"intercept", "pc1"});
    const Json withComponents = parseJson(dlk::test::readFile(dir.file("ITEMS.model.json")), "model");
    CHECK(withComponents["regression"]["principal_components"]["terms_summarised"].get<int>() == 1);
    CHECK(withComponents["regression"]["terms"][1]["term"].get<std::string>() == "pc1");
    co.backgroundComponents.reset();
    // A WLE is not conditioned.
    eo.method = EstimateMethod::Wle;
    auto e = errorOf([&] { (void)estimateMultidimFiles(eo, readItemsCsv(co.outPath)); });
    REQUIRE(e);
    CHECK(contains(e->what(), "--background conditions eap and pv"));
    // A background file that names nobody: nothing is written.
    std::filesystem::remove(co.outPath);
    std::filesystem::remove(dir.file("ITEMS.model.json"));
    dlk::test::writeFile(dir.file("BG.csv"), "person_id,track\nnobody,1\n");
    e = errorOf([&] { (void)calibrateMultidimFiles(co); });
    REQUIRE(e);
    CHECK(contains(e->what(), "has none of the 2000 persons of the responses"));
    CHECK_FALSE(std::filesystem::exists(co.outPath));
    CHECK_FALSE(std::filesystem::exists(dir.file("ITEMS.model.json")));
}
