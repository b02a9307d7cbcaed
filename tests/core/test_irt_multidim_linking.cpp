// Linking two multidimensional calibrations (this year's ITEMS.csv with a dimension column to last
// year's): each dimension on its own common items, with its own shift and linking error; the model
// file's means and a regression's intercept moved with it; what is refused.
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/csv_reader.h"
#include "irt/linking.h"
#include "irt/multidim_files.h"
#include "util/error.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::TempDir;

namespace {

ItemParams item(const std::string& id, double delta) {
    ItemParams p;
    p.id = id;
    p.maxScore = 1;
    p.delta = delta;
    p.tau = {0.0};
    return p;
}

// Items on two dimensions; `shift` moves dimension a's and b's locations (old = new + shift), with
// a hand-made spread per item so the linking error is known.
struct Years {
    CalibratedItems oldItems, newItems;
};

Years twoYears() {
    Years y;
    // Dimension "ict": common items c1..c4 with shifts 0.5, 0.3, 0.4, 0.4 (mean 0.4, SD 0.0816...).
    // Dimension "info": common items i1..i3 with shifts -0.2, -0.1, -0.3 (mean -0.2, SD 0.1).
    const double ictShift[] = {0.5, 0.3, 0.4, 0.4}, infoShift[] = {-0.2, -0.1, -0.3};
    for (int k = 0; k < 4; ++k) {
        const double loc = -1.0 + 0.6 * k;
        y.newItems.items.push_back(item("c" + std::to_string(k + 1), loc));
        y.newItems.dimension.push_back("ict");
        y.oldItems.items.push_back(item("c" + std::to_string(k + 1), loc + ictShift[k]));
        y.oldItems.dimension.push_back("ict");
    }
    for (int k = 0; k < 3; ++k) {
        const double loc = -0.5 + 0.5 * k;
        y.newItems.items.push_back(item("i" + std::to_string(k + 1), loc));
        y.newItems.dimension.push_back("info");
        y.oldItems.items.push_back(item("i" + std::to_string(k + 1), loc + infoShift[k]));
        y.oldItems.dimension.push_back("info");
    }
    // New this year, and an item that moved from "info" to "ict" (not common).
    y.newItems.items.push_back(item("n1", 0.7));
    y.newItems.dimension.push_back("ict");
    y.newItems.items.push_back(item("moved", 0.1));
    y.newItems.dimension.push_back("ict");
    y.oldItems.items.push_back(item("moved", 2.5));
    y.oldItems.dimension.push_back("info");
    return y;
}

// A model file for the new calibration: means 0.1 and -0.3, with a regression.
std::string newModelJson() {
    MultidimCalibration c;
    c.dimensions.names = {"ict", "info"};
    c.population.mean = {0.1, -0.3};
    c.population.covariance = {1.0, 0.5, 0.5, 0.81};
    c.report.converged = true;
    Json j = parseJson(formatModelJson(c, MultidimOptions{}, {0.8, 0.7}), "model");
    j["regression"] = {{"terms", Json::array({Json{{"term", "intercept"}, {"coefficients", {0.05, -0.4}}},
                                              Json{{"term", "track=1"}, {"coefficients", {0.6, 0.2}}}})}};
    return j.dump(2);
}

}  // namespace

TEST_CASE("irt multidim linking: each dimension gets its own shift and linking error from its common items") {
    const Years y = twoYears();
    const MultidimLinkResult link = linkMeanMeanPerDimension(y.newItems, y.oldItems);
    REQUIRE(link.dimensions.size() == 2);
    const DimensionLink* ict = link.find("ict");
    const DimensionLink* info = link.find("info");
    REQUIRE(ict);
    REQUIRE(info);
    CHECK(ict->link.commonItems == 4);  // not n1 (new) nor "moved" (another dimension last year)
    CHECK(ict->link.shift == doctest::Approx(0.4));
    CHECK(ict->link.linkingError == doctest::Approx(std::sqrt(0.02 / 3) / 2));  // SD / sqrt(4)
    CHECK(info->link.commonItems == 3);
    CHECK(info->link.shift == doctest::Approx(-0.2));
    CHECK(info->link.linkingError == doctest::Approx(0.1 / std::sqrt(3.0)));
    CHECK(link.otherDimension == std::vector<std::string>{"moved"});

    // The items on the old scale, each by its dimension's shift; the link in the metadata.
    const CalibratedItems linked = applyLinkPerDimension(y.newItems, link);
    CHECK(linked.find("c2")->delta == doctest::Approx(-0.4 + 0.4));
    CHECK(linked.find("n1")->delta == doctest::Approx(0.7 + 0.4));
    CHECK(linked.find("i1")->delta == doctest::Approx(-0.5 - 0.2));
    CHECK(linked.metadata.at("link_shift_info") == formatNumber(info->link.shift));
    CHECK(linked.metadata.at("link_common_items_ict") == "4");

    // The model file: means and the regression's intercept moved, the other terms not, the link recorded.
    const std::string shifted = shiftModelJson(newModelJson(), "NEW.model.json", link, "OLD.csv");
    const MultidimModel model = parseModelJson(shifted, "linked");
    CHECK(model.population.mean[0] == doctest::Approx(0.1 + 0.4));
    CHECK(model.population.mean[1] == doctest::Approx(-0.3 - 0.2));
    CHECK(model.population.covariance[1] == doctest::Approx(0.5));  // the unit is the Rasch unit: unchanged
    const Json j = parseJson(shifted, "linked");
    CHECK(j["regression"]["terms"][0]["coefficients"][0].get<double>() == doctest::Approx(0.05 + 0.4));
    CHECK(j["regression"]["terms"][0]["coefficients"][1].get<double>() == doctest::Approx(-0.4 - 0.2));
    CHECK(j["regression"]["terms"][1]["coefficients"][0].get<double>() == doctest::Approx(0.6));
    CHECK(j["link"]["to"].get<std::string>() == "OLD.csv");
    CHECK(j["link"]["dimensions"][1]["linking_error"].get<double>() == doctest::Approx(info->link.linkingError));
}

TEST_CASE("irt multidim linking: an outlying common item is dropped within its own dimension") {
    Years y = twoYears();
    y.oldItems.items[1].delta += 1.5;  // c2 changed between the years
    LinkOptions o;
    o.maxDeviation = 0.5;
    const MultidimLinkResult link = linkMeanMeanPerDimension(y.newItems, y.oldItems, o);
    const DimensionLink* ict = link.find("ict");
    REQUIRE(ict);
    CHECK(ict->link.commonItems == 3);
    CHECK(ict->link.items[1].dropped);
    CHECK(ict->link.shift == doctest::Approx((0.5 + 0.4 + 0.4) / 3));
    CHECK(link.find("info")->link.commonItems == 3);  // the other dimension untouched
}

TEST_CASE("irt multidim linking: files of another kind - too few common items - a model without the dimension") {
    const Years y = twoYears();
    CalibratedItems oneScale = y.oldItems;
    oneScale.dimension.clear();
    try {
        linkMeanMeanPerDimension(y.newItems, oneScale);
        FAIL("linked to a one-scale calibration");
    } catch (const Error& err) {
        CHECK(std::string(err.what()).find("the earlier one has none") != std::string::npos);
    }

    // "info" with one common item left: refused, naming the dimension.
    Years few = twoYears();
    few.oldItems.items[4].id = "gone1";
    few.oldItems.items[5].id = "gone2";
    try {
        linkMeanMeanPerDimension(few.newItems, few.oldItems);
        FAIL("linked with one common item");
    } catch (const Error& err) {
        CHECK(std::string(err.what()).find("dimension info: linking needs at least 2 common items") !=
              std::string::npos);
    }

    // A model with a dimension the linked items do not have.
    CalibratedItems ictOnly, ictOld;
    for (size_t i = 0; i < y.newItems.items.size(); ++i)
        if (y.newItems.dimension[i] == "ict") {
            ictOnly.items.push_back(y.newItems.items[i]);
            ictOnly.dimension.push_back("ict");
        }
    for (size_t i = 0; i < y.oldItems.items.size(); ++i)
        if (y.oldItems.dimension[i] == "ict") {
            ictOld.items.push_back(y.oldItems.items[i]);
            ictOld.dimension.push_back("ict");
        }
    const MultidimLinkResult ictLink = linkMeanMeanPerDimension(ictOnly, ictOld);
    try {
        shiftModelJson(newModelJson(), "NEW.model.json", ictLink, "OLD.csv");
        FAIL("a dimension without a shift was moved");
    } catch (const Error& err) {
        CHECK(std::string(err.what()) ==
              "NEW.model.json: dimension info has no items in the linked ITEMS.csv, so it has no shift");
    }
    CHECK_THROWS_AS(shiftModelJson("{\"dimensions\": 3}", "bad.model.json", ictLink, "OLD.csv"), Error);
}
