// ITEMS.csv and PERSONS.csv: exact round trips, hand-made anchor files and their errors.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "core_test_helpers.h"
#include "irt/items_csv.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

CalibratedItems sample() {
    CalibratedItems c;
    c.items.push_back(ItemParams::fromSteps("I1", {-0.123456789012345}));
    c.items.push_back(ItemParams::fromSteps("I,2", {-0.7, 0.9}));
    c.items.push_back(ItemParams::fromSteps("I3", {-1, 0.2, 1.3}));
    c.items[0].anchored = true;
    ItemStatistics s;
    s.n = 120;
    s.pValue = 0.55;
    s.itemRest = 0.41;
    s.infit = 1.02;
    s.infitT = 0.3;
    s.outfit = 0.97;
    s.outfitT = -0.25;
    c.statistics = {s, s, ItemStatistics{}};
    c.population = PopulationModel{0.0371, 1.0834};
    c.scale = ReportingScale::fromPopulation(*c.population);
    c.scaleName = "info";
    c.metadata["converged"] = "1";
    c.metadata["provisional"] = "1";
    return c;
}

std::string itemsError(const std::string& text) {
    auto e = errorOf([&] { (void)parseItemsCsv(text, "ITEMS.csv"); });
    REQUIRE_MESSAGE(e, "no error for\n", text);
    return e->what();
}

}  // namespace

TEST_CASE("irt items csv: ITEMS.csv reads back exactly what was written") {
    const CalibratedItems c = sample();
    const std::string text = formatItemsCsv(c);
    // A plain CSV: the header first, no comment lines; the metadata in the sidecar.
    CHECK(text.rfind("item_id,max_score,delta,delta_se,tau_1,tau_2,tau_3,anchored,n,p_value,item_rest,infit,infit_t,"
                     "outfit,outfit_t\n",
                     0) == 0);
    CHECK_FALSE(contains(text, "#"));
    const std::string sidecar = formatItemsMetadata(c);
    CHECK(contains(sidecar, "\"population_mean\": \"0.0371\""));
    const CalibratedItems r = parseItemsCsv(text, "ITEMS.csv", sidecar, "ITEMS.json");
    REQUIRE(r.items.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        CHECK(r.items[i].id == c.items[i].id);
        CHECK(r.items[i].maxScore == c.items[i].maxScore);
        CHECK(r.items[i].anchored == c.items[i].anchored);
        for (int j = 1; j <= c.items[i].maxScore; ++j)
            CHECK(r.items[i].step(j) == doctest::Approx(c.items[i].step(j)).epsilon(1e-15));
    }
    CHECK(r.items[0].delta == c.items[0].delta);
    CHECK(r.items[0].tau == std::vector<double>{0});
    REQUIRE(r.statistics.size() == 3);
    CHECK(r.statistics[0].n == 120);
    CHECK(r.statistics[1].infitT == 0.3);
    CHECK(std::isnan(r.statistics[2].infit));
    REQUIRE(r.population);
    CHECK(r.population->mean == 0.0371);
    CHECK(r.population->sd == 1.0834);
    REQUIRE(r.scale);
    CHECK(r.scale->thetaSd == 1.0834);
    CHECK(r.scale->scaleMean == 500);
    CHECK(r.scaleName == "info");
    CHECK(r.metadata.at("converged") == "1");
    CHECK(r.provisional());
    CHECK(r.find("I,2") == &r.items[1]);
    CHECK(r.find("nope") == nullptr);
}

TEST_CASE("irt items csv: a hand-made anchor file needs only ids and parameters") {
    const CalibratedItems r =
        parseItemsCsv("item_id,max_score,delta,tau_1,tau_2\nA1,1,0.5,,\nA2,2,-0.2,-0.6,0.6\nA3,1,1.25,0\n", "a.csv");
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[0].delta == 0.5);
    CHECK(r.items[1].step(1) == doctest::Approx(-0.8));
    CHECK(r.statistics.empty());
    CHECK_FALSE(r.population);
    CHECK_FALSE(r.scale);
    CHECK_FALSE(r.provisional());
    CHECK(r.scaleName == "total");
    // Rounded taus are re-centred, keeping the steps.
    const CalibratedItems rounded =
        parseItemsCsv("item_id,max_score,delta,tau_1,tau_2\nB,2,0.1,-0.3334,0.3333\n", "a.csv");
    CHECK(rounded.items[0].step(1) == doctest::Approx(0.1 - 0.3334));
    CHECK(rounded.items[0].tau[0] + rounded.items[0].tau[1] == doctest::Approx(0).epsilon(1e-15));
}

TEST_CASE("irt items csv: bad ITEMS.csv files are refused with their line") {
    CHECK(contains(itemsError("item,max_score,delta\nA,1,0\n"), "no column item_id"));
    CHECK(contains(itemsError("item_id,max_score,delta,tau_1\nA,2,0,0\n"), "only 1 tau columns"));
    const std::string sum = itemsError("item_id,max_score,delta,tau_1,tau_2\nA,1,0,,\nB,2,0,0.2,0.3\n");
    CHECK(contains(sum, "ITEMS.csv line 3"));
    CHECK(contains(sum, "must sum to 0"));
    CHECK(contains(itemsError("item_id,max_score,delta\nA,1,0\nA,1,1\n"), "item A appears twice"));
    CHECK(contains(itemsError("item_id,max_score,delta\nA,0,0\n"), "max_score '0'"));
    CHECK(contains(itemsError("item_id,max_score,delta\nA,1,x\n"), "delta 'x'"));
    CHECK(contains(itemsError("item_id,max_score,delta,tau_1,tau_2\nA,1,0,0,0.5\n"), "a value in tau_2"));
    CHECK(contains(itemsError("item_id,max_score,delta\n"), "has no items"));
    CHECK(contains(itemsError("# population_mean=abc\n# population_sd=1\nitem_id,max_score,delta\nA,1,0\n"),
                   "population_mean"));
    CHECK(
        contains(itemsError("# population_mean=0\n# population_sd=-1\nitem_id,max_score,delta\nA,1,0\n"), "positive"));
    auto e = errorOf([] { (void)readItemsCsv("/nonexistent/ITEMS.csv"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
}

TEST_CASE("irt items csv: PERSONS.csv has the estimates and empty cells for persons given nothing") {
    ResponseMatrix m({"p1", "p,2", "p3"}, {"I1", "I2"});
    PersonEstimates e;
    e.wle = {{0.5, 0.4}, {-1.25, 0.6}, {}};
    e.eap = {{0.4, 0.35}, {-1.0, 0.5}, {}};
    e.pvCount = 2;
    e.pv = {0.1, 0.2, -1.1, -0.9, NAN, NAN};
    e.rawScore = {2, 0, 0};
    e.maxScore = {3, 3, 0};
    PersonsCsvOptions o;
    const std::string wle = formatPersonsCsv(m, e, o);
    CHECK(wle == "person_id,theta,se,raw_score,max_score\np1,0.5,0.4,2,3\n\"p,2\",-1.25,0.6,0,3\np3,,,0,0\n");

    const LevelTable levels = LevelTable::load(std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv");
    o.method = EstimateMethod::Eap;
    o.scale = ReportingScale::fromPopulation({0, 0.5});
    o.levels = &levels;
    const PersonsTable t = parsePersonsCsv(formatPersonsCsv(m, e, o), "P.csv");
    CHECK(t.personIds == std::vector<std::string>{"p1", "p,2", "p3"});
    CHECK(t.column("theta")[1] == -1.0);
    CHECK(t.column("scale_score")[0] == doctest::Approx(580));
    CHECK(t.column("scale_se")[0] == doctest::Approx(70));
    CHECK(t.column("level")[0] == 3);
    CHECK(t.column("level_low")[0] == 1);
    CHECK(t.column("level_high")[0] == 4);
    CHECK(std::isnan(t.column("level")[2]));
    CHECK(errorOf([&] { (void)t.column("pv1"); })->kind() == ErrorKind::NotFound);

    o.method = EstimateMethod::Pv;
    const PersonsTable pv = parsePersonsCsv(formatPersonsCsv(m, e, o), "P.csv");
    CHECK(pv.columns == std::vector<std::string>{"pv1", "pv2", "raw_score", "max_score", "pv1_scale", "pv2_scale"});
    CHECK(pv.column("pv2")[1] == -0.9);
    CHECK(pv.column("pv1_scale")[0] == doctest::Approx(520));
    CHECK(std::isnan(pv.column("pv1")[2]));

    o.method = EstimateMethod::Wle;
    o.levelScale = "wellbeing";  // a scale the table does not have
    CHECK(errorOf([&] { (void)formatPersonsCsv(m, e, o); })->kind() == ErrorKind::NotFound);
    CHECK(errorOf([] { (void)estimateMethodFromName("mle"); })->kind() == ErrorKind::Invalid);
}

TEST_CASE("irt items csv: written as a plain CSV with ITEMS.json beside it - older files with # lines still read") {
    const dlk::test::TempDir dir;
    const CalibratedItems c = sample();
    writeItemsCsv(dir.file("ITEMS.csv"), c);
    CHECK(itemsSidecarPath(dir.file("ITEMS.csv")) == dir.file("ITEMS.json"));
    CHECK(itemsSidecarPath(dir.file("params.json")) == dir.file("params.json.json"));
    const std::string csv = dlk::test::readFile(dir.file("ITEMS.csv"));
    CHECK(csv.rfind("item_id,", 0) == 0);
    CHECK_FALSE(contains(csv, "#"));
    REQUIRE(std::filesystem::exists(dir.file("ITEMS.json")));
    CalibratedItems r = readItemsCsv(dir.file("ITEMS.csv"));
    REQUIRE(r.population);
    CHECK(r.population->mean == 0.0371);
    CHECK(r.scaleName == "info");
    CHECK(r.provisional());
    // Without its sidecar the parameters still read, with no metadata.
    std::filesystem::remove(dir.file("ITEMS.json"));
    r = readItemsCsv(dir.file("ITEMS.csv"));
    CHECK(r.items.size() == 3);
    CHECK_FALSE(r.population);
    CHECK_FALSE(r.provisional());
    // A file from before the sidecar: its # lines are the metadata.
    dlk::test::writeFile(dir.file("OLD.csv"), "# population_mean=0.5\n# population_sd=2\n# provisional=1\n" + csv);
    r = readItemsCsv(dir.file("OLD.csv"));
    REQUIRE(r.population);
    CHECK(r.population->sd == 2);
    CHECK(r.provisional());
    // A broken sidecar is named.
    dlk::test::writeFile(dir.file("OLD.json"), "{\"metadata\": [1, 2]}");
    auto e = errorOf([&] { (void)readItemsCsv(dir.file("OLD.csv")); });
    REQUIRE(e);
    CHECK(contains(e->what(), "OLD.json"));
    dlk::test::writeFile(dir.file("OLD.json"), "{\"metadata\": {\"population_sd\": \"breed\"}}");
    e = errorOf([&] { (void)readItemsCsv(dir.file("OLD.csv")); });
    REQUIRE(e);
    CHECK(contains(e->what(), "OLD.json: population_sd 'breed' is not a number"));
}
