// Item statistics (p-value, item-rest correlation, infit/outfit with t) and reliabilities.
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/irt_pipeline.h"
#include "irt/random.h"
#include "irt/simulate.h"

using namespace dlk;

namespace {

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    const double n = static_cast<double>(a.size());
    double ma = 0, mb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        ma += a[i] / n;
        mb += b[i] / n;
    }
    double c = 0, va = 0, vb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        c += (a[i] - ma) * (b[i] - mb);
        va += (a[i] - ma) * (a[i] - ma);
        vb += (b[i] - mb) * (b[i] - mb);
    }
    return c / std::sqrt(va * vb);
}

}  // namespace

TEST_CASE("irt item fit: items that follow the model have mean squares near 1") {
    SimulationSpec spec;
    spec.persons = 2000;
    spec.items = 20;
    spec.blocks = 4;
    spec.seed = 31;
    const SimulatedData d = simulateResponses(spec);
    const Analysis a = analyse(d.responses);
    // With 10 items per booklet the WLE-based mean squares sit a little below 1 (item_fit.h);
    // what matters is that no conforming item looks like underfit.
    double meanInfit = 0;
    for (size_t i = 0; i < 20; ++i) {
        const ItemStatistics& s = a.statistics[i];
        CAPTURE(i);
        CHECK(s.n == 1000);
        CHECK(s.infit > 0.8);
        CHECK(s.infit < 1.08);
        CHECK(s.outfit > 0.75);
        CHECK(s.outfit < 1.15);
        CHECK(s.infitT < 2.5);
        CHECK(s.outfitT < 2.5);
        CHECK(s.itemRest > 0.15);
        meanInfit += s.infit / 20;
    }
    CHECK(meanInfit > 0.85);
    CHECK(meanInfit < 1.0);
}

TEST_CASE("irt item fit: a guessing item and a deterministic item stand out") {
    SimulationSpec spec;
    spec.persons = 1500;
    spec.items = 15;
    spec.partialCreditShare = 0;
    spec.seed = 17;
    SimulatedData d = simulateResponses(spec);
    // I005 is answered at random; I010 is right exactly when theta is above its location.
    Random rng(5);
    for (size_t p = 0; p < 1500; ++p) {
        d.responses.setScore(p, 4, rng.uniform() < 0.5 ? 1 : 0);
        d.responses.setScore(p, 9, d.theta[p] > d.items[9].delta ? 1 : 0);
    }
    const Analysis a = analyse(d.responses);
    const ItemStatistics& noise = a.statistics[4];
    const ItemStatistics& guttman = a.statistics[9];
    MESSAGE("noise infit " << noise.infit << " (t " << noise.infitT << "), outfit " << noise.outfit << ", item-rest "
                           << noise.itemRest);
    MESSAGE("guttman infit " << guttman.infit << " (t " << guttman.infitT << "), outfit " << guttman.outfit);
    CHECK(noise.infit > 1.25);
    CHECK(noise.outfit > 1.3);
    CHECK(noise.infitT > 5);
    CHECK(std::fabs(noise.itemRest) < 0.1);
    CHECK(guttman.infit < 0.8);
    CHECK(guttman.outfit < 0.7);
    CHECK(guttman.infitT < -5);
    CHECK(guttman.itemRest > a.statistics[8].itemRest);
}

TEST_CASE("irt item fit: p-value and item-rest correlation match a direct computation") {
    SimulationSpec spec;
    spec.persons = 300;
    spec.items = 9;
    spec.blocks = 3;
    spec.partialCreditShare = 0.34;
    spec.seed = 23;
    const SimulatedData d = simulateResponses(spec);
    const Analysis a = analyse(d.responses);
    for (size_t i = 0; i < 9; ++i) {
        std::vector<double> x, rest;
        for (size_t p = 0; p < 300; ++p) {
            if (d.responses.score(p, i) < 0) continue;
            double r = 0;
            for (size_t j = 0; j < 9; ++j)
                if (j != i && d.responses.score(p, j) > 0) r += d.responses.score(p, j);
            x.push_back(d.responses.score(p, i));
            rest.push_back(r);
        }
        double mean = 0;
        for (double v : x) mean += v / static_cast<double>(x.size());
        CAPTURE(i);
        CHECK(a.statistics[i].n == static_cast<int>(x.size()));
        CHECK(a.statistics[i].pValue == doctest::Approx(mean / d.items[i].maxScore).epsilon(1e-12));
        CHECK(a.statistics[i].itemRest == doctest::Approx(correlation(x, rest)).epsilon(1e-9));
    }
}

TEST_CASE("irt reliability: EAP and PV and WLE reliabilities match the squared correlation with the true theta") {
    SimulationSpec spec;
    spec.persons = 3000;
    spec.items = 20;
    spec.seed = 41;
    const SimulatedData d = simulateResponses(spec);
    const Analysis a = analyse(d.responses);
    std::vector<double> eap;
    for (const auto& e : a.persons.eap) eap.push_back(e.theta);
    const double r = std::pow(correlation(d.theta, eap), 2);
    MESSAGE("corr^2 " << r << ", EAP " << a.reliability.eap << ", PV " << a.reliability.pv << ", WLE "
                      << a.reliability.wle);
    CHECK(a.reliability.eap == doctest::Approx(r).epsilon(0.04));
    CHECK(a.reliability.pv == doctest::Approx(r).epsilon(0.04));
    CHECK(a.reliability.wle == doctest::Approx(r).epsilon(0.06));
    CHECK(std::isnan(pvReliability({1, 2, 3}, 1)));
    CHECK(std::isnan(eapReliability({})));
}
