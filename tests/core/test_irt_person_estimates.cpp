// WLE, EAP and plausible values: their defining equations, behaviour on simulated data (bias,
// coverage, population recovery) and reproducibility.
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/person_estimates.h"
#include "irt/simulate.h"

using namespace dlk;
using dlk::test::errorOf;

namespace {

std::vector<ItemParams> testItems(int n, double pcmShare = 0.25) {
    SimulationSpec spec;
    spec.persons = 1;
    spec.items = n;
    spec.partialCreditShare = pcmShare;
    spec.seed = 99;
    return simulateResponses(spec).items;
}

std::vector<PcmItem> prepared(const std::vector<ItemParams>& items) {
    std::vector<PcmItem> out;
    for (const auto& p : items) out.emplace_back(p);
    return out;
}

int maxRaw(const std::vector<ItemParams>& items) {
    int m = 0;
    for (const auto& p : items) m += p.maxScore;
    return m;
}

// log(L(theta) sqrt(I(theta))) for a raw score, up to a constant: Warm's penalised likelihood.
double warmObjective(const std::vector<PcmItem>& items, int s, double theta) {
    double ll = s * theta, info = 0;
    for (const auto& it : items) {
        ll -= it.logNormaliser(theta);
        info += it.moments(theta).variance;
    }
    return ll + 0.5 * std::log(info);
}

}  // namespace

TEST_CASE("irt person estimates: the WLE maximises Warm's weighted likelihood for every raw score") {
    const auto items = testItems(12);
    const auto model = prepared(items);
    const int max = maxRaw(items);
    double previous = -1e9;
    for (int s = 0; s <= max; ++s) {
        CAPTURE(s);
        const ThetaEstimate e = wleForScore(model, s);
        REQUIRE(std::isfinite(e.theta));
        CHECK(e.theta > previous);  // increasing in the raw score, finite at both ends
        previous = e.theta;
        for (double d : {-1e-3, 1e-3}) CHECK(warmObjective(model, s, e.theta) > warmObjective(model, s, e.theta + d));
        double info = 0;
        for (const auto& it : model) info += it.moments(e.theta).variance;
        CHECK(e.se == doctest::Approx(1 / std::sqrt(info)).epsilon(1e-12));
    }
    CHECK(wleForScore(model, 0).theta > -8);
    CHECK(wleForScore(model, max).theta < 8);
}

TEST_CASE("irt person estimates: the WLE is symmetric for a symmetric test") {
    const std::vector<PcmItem> model = {PcmItem(std::vector<double>{-1.0}), PcmItem(std::vector<double>{1.0}),
                                        PcmItem(std::vector<double>{-0.5, 0.5}), PcmItem(std::vector<double>{0.0})};
    for (int s = 0; s <= 5; ++s)
        CHECK(wleForScore(model, s).theta == doctest::Approx(-wleForScore(model, 5 - s).theta).epsilon(1e-9));
    CHECK(std::fabs(wleForScore(model, 0).theta + 3.4) < 1.5);  // finite and plausible, not +-infinity
}

TEST_CASE("irt person estimates: WLE bias is near zero and 95 percent intervals cover") {
    // 30 items, a quarter partial credit; 1500 replicates at each of five abilities.
    const auto items = testItems(30);
    for (double theta : {-2.0, -1.0, 0.0, 1.0, 2.0}) {
        CAPTURE(theta);
        const std::vector<double> thetas(1500, theta);
        const ResponseMatrix m = simulateScores(items, thetas, static_cast<uint64_t>(1000 + 10 * theta));
        const DesignSummary d = summariseDesign(m);
        const auto wle = groupWles(d, items);
        double bias = 0, covered = 0;
        for (size_t p = 0; p < thetas.size(); ++p) {
            const ThetaEstimate& e = wle[static_cast<size_t>(d.personGroup[p])];
            bias += e.theta - theta;
            covered += std::fabs(e.theta - theta) <= 1.959964 * e.se;
        }
        bias /= 1500;
        covered /= 1500;
        MESSAGE("theta " << theta << ": WLE bias " << bias << ", coverage " << covered);
        CHECK(std::fabs(bias) < 0.05);
        CHECK(covered > 0.93);
        CHECK(covered < 0.975);
    }
}

TEST_CASE("irt person estimates: the EAP and posterior SD agree with direct integration") {
    const auto items = testItems(10);
    const auto model = prepared(items);
    const PopulationModel pop{0.3, 1.1};
    for (int s : {0, 4, maxRaw(items)}) {
        CAPTURE(s);
        // Plain Riemann sum over a wide fine grid.
        double w = 0, m1 = 0, m2 = 0;
        for (double t = -12; t <= 12; t += 0.001) {
            double l = s * t - 0.5 * std::pow((t - pop.mean) / pop.sd, 2);
            for (const auto& it : model) l -= it.logNormaliser(t);
            const double f = std::exp(l);
            w += f;
            m1 += f * t;
            m2 += f * t * t;
        }
        const double mean = m1 / w, sd = std::sqrt(m2 / w - mean * mean);
        const ThetaEstimate e = eapForScore(model, s, pop);
        CHECK(e.theta == doctest::Approx(mean).epsilon(1e-7));
        CHECK(e.se == doctest::Approx(sd).epsilon(1e-6));
    }
}

TEST_CASE("irt person estimates: one pupil's estimate equals the score group's") {
    SimulationSpec spec;
    spec.persons = 50;
    spec.items = 20;
    spec.blocks = 4;
    spec.seed = 8;
    const SimulatedData d = simulateResponses(spec);
    const DesignSummary design = summariseDesign(d.responses);
    const PopulationModel pop{0.1, 0.9};
    const PersonEstimates all = estimatePersons(d.responses, design, d.items, pop);
    for (size_t p = 0; p < 50; p += 7) {
        std::vector<ItemParams> given;
        std::vector<int> scores;
        for (size_t i = 0; i < 20; ++i)
            if (d.responses.score(p, i) >= 0) {
                given.push_back(d.items[i]);
                scores.push_back(d.responses.score(p, i));
            }
        const ThetaEstimate w = estimateWle(given, scores);
        CHECK(w.theta == doctest::Approx(all.wle[p].theta).epsilon(1e-10));
        CHECK(w.se == doctest::Approx(all.wle[p].se).epsilon(1e-10));
        const ThetaEstimate e = estimateEap(given, scores, pop);
        CHECK(e.theta == doctest::Approx(all.eap[p].theta).epsilon(1e-6));
        int raw = 0;
        for (int v : scores) raw += v;
        CHECK(all.rawScore[p] == raw);
        CHECK(all.maxScore[p] == maxRaw(given));
    }
    CHECK(errorOf([&] { (void)estimateWle({d.items[0]}, {2}); })->kind() == ErrorKind::Invalid);
    CHECK(errorOf([&] { (void)estimateWle({d.items[0]}, {0, 1}); })->kind() == ErrorKind::Invalid);
    CHECK(errorOf([&] { (void)estimateWle({}, {}); })->kind() == ErrorKind::Invalid);
}

TEST_CASE("irt person estimates: plausible values recover the population where WLE and EAP do not") {
    SimulationSpec spec;
    spec.persons = 4000;
    spec.items = 12;  // a short test: the WLE spreads out, the EAP shrinks
    spec.populationMean = 0.5;
    spec.populationSd = 1.3;
    spec.seed = 21;
    const SimulatedData d = simulateResponses(spec);
    const DesignSummary design = summariseDesign(d.responses);
    const PersonEstimates e = estimatePersons(d.responses, design, d.items, {0.5, 1.3});
    REQUIRE(e.pvCount == 5);
    auto meanSd = [](const std::vector<double>& v, double& mean, double& sd) {
        double s = 0, ss = 0;
        for (double x : v) {
            s += x;
            ss += x * x;
        }
        mean = s / static_cast<double>(v.size());
        sd = std::sqrt(ss / static_cast<double>(v.size()) - mean * mean);
    };
    double tm, ts, pm, ps, em, es, wm, ws;
    meanSd(d.theta, tm, ts);
    meanSd(e.pv, pm, ps);
    std::vector<double> eap, wle;
    for (size_t p = 0; p < 4000; ++p) {
        eap.push_back(e.eap[p].theta);
        wle.push_back(e.wle[p].theta);
    }
    meanSd(eap, em, es);
    meanSd(wle, wm, ws);
    MESSAGE("true " << tm << "/" << ts << ", PV " << pm << "/" << ps << ", EAP " << em << "/" << es << ", WLE " << wm
                    << "/" << ws);
    CHECK(std::fabs(pm - tm) < 0.04);
    CHECK(std::fabs(ps - ts) < 0.04);
    CHECK(es < ts - 0.15);
    CHECK(ws > ts + 0.1);
    // The PVs of a person scatter around the EAP with the posterior SD.
    double within = 0, meanDiff = 0;
    for (size_t p = 0; p < 4000; ++p) {
        double s = 0;
        for (int m = 0; m < 5; ++m) s += e.plausibleValue(p, m);
        meanDiff += s / 5 - e.eap[p].theta;
        double v = 0;
        for (int m = 0; m < 5; ++m) v += std::pow(e.plausibleValue(p, m) - e.eap[p].theta, 2);
        within += v / 5 / (e.eap[p].se * e.eap[p].se);
    }
    CHECK(std::fabs(meanDiff / 4000) < 0.02);
    CHECK(within / 4000 == doctest::Approx(1).epsilon(0.05));
}

TEST_CASE("irt person estimates: plausible values are reproducible per person and seed") {
    SimulationSpec spec;
    spec.persons = 40;
    spec.items = 8;
    spec.seed = 4;
    const SimulatedData d = simulateResponses(spec);
    const PopulationModel pop{0, 1};
    PersonEstimateOptions o;
    o.seed = 77;
    const auto a = estimatePersons(d.responses, summariseDesign(d.responses), d.items, pop, o);
    const auto b = estimatePersons(d.responses, summariseDesign(d.responses), d.items, pop, o);
    CHECK(a.pv == b.pv);
    o.seed = 78;
    const auto c = estimatePersons(d.responses, summariseDesign(d.responses), d.items, pop, o);
    CHECK(a.pv != c.pv);
    // A person's values do not depend on who else is in the file.
    ResponseMatrix few({d.responses.personId(5), d.responses.personId(17)}, d.responses.itemIds());
    for (size_t i = 0; i < 8; ++i) {
        few.setScore(0, i, d.responses.score(5, i));
        few.setScore(1, i, d.responses.score(17, i));
    }
    o.seed = 77;
    const auto f = estimatePersons(few, summariseDesign(few), d.items, pop, o);
    for (int m = 0; m < 5; ++m) {
        CHECK(f.plausibleValue(0, m) == a.plausibleValue(5, m));
        CHECK(f.plausibleValue(1, m) == a.plausibleValue(17, m));
    }
}

TEST_CASE("irt person estimates: a person given no item has no estimate") {
    ResponseMatrix m({"a", "b"}, {"I1", "I2"});
    m.setScore(0, 0, 1);
    m.setScore(0, 1, 0);
    const std::vector<ItemParams> items = {ItemParams::fromSteps("I1", {0}), ItemParams::fromSteps("I2", {0.5})};
    const auto e = estimatePersons(m, summariseDesign(m), items, {0, 1});
    CHECK(std::isfinite(e.wle[0].theta));
    CHECK(std::isnan(e.wle[1].theta));
    CHECK(std::isnan(e.eap[1].theta));
    CHECK(std::isnan(e.plausibleValue(1, 0)));
    CHECK(e.maxScore[1] == 0);
    // Parameters with a lower maximum than the data are refused.
    m.setScore(1, 0, 2);
    CHECK(errorOf([&] { (void)estimatePersons(m, summariseDesign(m), items, {0, 1}); })->kind() == ErrorKind::Invalid);
}
