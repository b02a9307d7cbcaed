// The Rasch and partial credit model functions and the quadrature under them.
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/pcm_model.h"
#include "irt/quadrature.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

TEST_CASE("irt pcm model: Rasch probabilities are the logistic function") {
    const PcmItem item(ItemParams::fromSteps("I", {0.7}));
    for (double theta : {-3.0, 0.0, 0.7, 2.5}) {
        const auto p = item.probabilities(theta);
        REQUIRE(p.size() == 2);
        CHECK(p[1] == doctest::Approx(1 / (1 + std::exp(-(theta - 0.7)))).epsilon(1e-14));
        CHECK(p[0] + p[1] == doctest::Approx(1).epsilon(1e-15));
        CHECK(item.logNormaliser(theta) == doctest::Approx(std::log(1 + std::exp(theta - 0.7))).epsilon(1e-14));
    }
}

TEST_CASE("irt pcm model: partial credit probabilities follow Masters' formula") {
    const std::vector<double> steps = {-0.8, 0.3, 1.1};
    const PcmItem item(steps);
    const double theta = 0.4;
    // exp(sum_{j<=k}(theta - step_j)) / normaliser, written out
    const double e0 = 1, e1 = std::exp(theta + 0.8), e2 = std::exp(2 * theta + 0.8 - 0.3),
                 e3 = std::exp(3 * theta + 0.8 - 0.3 - 1.1);
    const double sum = e0 + e1 + e2 + e3;
    const auto p = item.probabilities(theta);
    CHECK(p[0] == doctest::Approx(e0 / sum).epsilon(1e-14));
    CHECK(p[1] == doctest::Approx(e1 / sum).epsilon(1e-14));
    CHECK(p[2] == doctest::Approx(e2 / sum).epsilon(1e-14));
    CHECK(p[3] == doctest::Approx(e3 / sum).epsilon(1e-14));
    CHECK(item.logNormaliser(theta) == doctest::Approx(std::log(sum)).epsilon(1e-14));
    // Adjacent categories are a Rasch item at each step.
    CHECK(std::log(p[2] / p[1]) == doctest::Approx(theta - 0.3).epsilon(1e-12));
}

TEST_CASE("irt pcm model: probabilities stay finite far from the item") {
    const PcmItem item(std::vector<double>{-1, 1});
    for (double theta : {-800.0, -40.0, 40.0, 800.0}) {
        const auto p = item.probabilities(theta);
        double s = 0;
        for (double v : p) {
            CHECK(std::isfinite(v));
            s += v;
        }
        CHECK(s == doctest::Approx(1));
        CHECK(std::isfinite(item.logNormaliser(theta)));
        const ItemMoments m = item.moments(theta);
        CHECK(std::isfinite(m.variance));
        CHECK(m.variance >= 0);
    }
    CHECK(item.probabilities(800)[2] == doctest::Approx(1));
    CHECK(item.logNormaliser(800) == doctest::Approx(2 * 800.0));
}

TEST_CASE("irt pcm model: moments are the derivatives of the log normaliser") {
    // For an exponential family in theta: E = d logGamma, Var = dE, third = dVar.
    const PcmItem item(std::vector<double>{-0.5, 0.2, 1.4});
    const double h = 1e-4;
    for (double theta : {-1.5, 0.1, 2.0}) {
        const ItemMoments m = item.moments(theta);
        CHECK(m.mean ==
              doctest::Approx((item.logNormaliser(theta + h) - item.logNormaliser(theta - h)) / (2 * h)).epsilon(1e-7));
        CHECK(m.variance ==
              doctest::Approx((item.moments(theta + h).mean - item.moments(theta - h).mean) / (2 * h)).epsilon(1e-6));
        CHECK(m.third ==
              doctest::Approx((item.moments(theta + h).variance - item.moments(theta - h).variance) / (2 * h))
                  .epsilon(1e-5));
        const auto p = item.probabilities(theta);
        double f = 0;
        for (size_t k = 0; k < p.size(); ++k) f += std::pow(static_cast<double>(k) - m.mean, 4) * p[k];
        CHECK(m.fourth == doctest::Approx(f).epsilon(1e-12));
    }
}

TEST_CASE("irt pcm model: delta is the mean step and tau the deviations") {
    const ItemParams p = ItemParams::fromSteps("I7", {-0.4, 1.0});
    CHECK(p.id == "I7");
    CHECK(p.maxScore == 2);
    CHECK(p.delta == doctest::Approx(0.3));
    CHECK(p.tau[0] == doctest::Approx(-0.7));
    CHECK(p.tau[0] + p.tau[1] == doctest::Approx(0).epsilon(1e-15));
    CHECK(p.step(2) == doctest::Approx(1.0));
    CHECK(p.steps() == std::vector<double>{p.step(1), p.step(2)});
}

TEST_CASE("irt quadrature: Gauss-Hermite integrates normal moments exactly") {
    for (int n : {1, 2, 5, 21, 41, 81}) {
        CAPTURE(n);
        const Quadrature q = gaussHermiteNormal(n);
        REQUIRE(q.nodes.size() == static_cast<size_t>(n));
        double m0 = 0, m1 = 0, m2 = 0, m4 = 0, m6 = 0;
        for (int i = 0; i < n; ++i) {
            const double z = q.nodes[static_cast<size_t>(i)], w = q.weights[static_cast<size_t>(i)];
            CHECK(w > 0);
            if (i) CHECK(z > q.nodes[static_cast<size_t>(i - 1)]);
            m0 += w;
            m1 += w * z;
            m2 += w * z * z;
            m4 += w * std::pow(z, 4);
            m6 += w * std::pow(z, 6);
        }
        CHECK(m0 == doctest::Approx(1).epsilon(1e-14));
        CHECK(std::fabs(m1) < 1e-12);
        if (n >= 2) CHECK(m2 == doctest::Approx(1).epsilon(1e-12));
        if (n >= 3) CHECK(m4 == doctest::Approx(3).epsilon(1e-12));
        if (n >= 4) CHECK(m6 == doctest::Approx(15).epsilon(1e-12));
    }
    // A smooth non-polynomial: E[1/(1+exp(-Z))] = 1/2 by symmetry, E[exp(Z)] = exp(1/2).
    const Quadrature q = gaussHermiteNormal(41);
    double e = 0;
    for (size_t i = 0; i < q.nodes.size(); ++i) e += q.weights[i] * std::exp(q.nodes[i]);
    CHECK(e == doctest::Approx(std::exp(0.5)).epsilon(1e-12));
    CHECK(errorOf([] { (void)gaussHermiteNormal(0); })->kind() == ErrorKind::Invalid);
}

TEST_CASE("irt quadrature: a rule that lost a root is refused and the node count is bounded") {
    // The largest rule allowed is still exact; beyond it the count is refused, where 199 nodes used
    // to give a rule with variance 744 that made calibration run away.
    const Quadrature big = gaussHermiteNormal(kMaxQuadratureNodes);
    double m2 = 0;
    for (size_t i = 0; i < big.nodes.size(); ++i) m2 += big.weights[i] * big.nodes[i] * big.nodes[i];
    CHECK(m2 == doctest::Approx(1).epsilon(1e-12));
    for (int n : {kMaxQuadratureNodes + 1, 199, 200}) {
        CAPTURE(n);
        const auto e = errorOf([n] { (void)gaussHermiteNormal(n); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(contains(e->what(), "1 to " + std::to_string(kMaxQuadratureNodes) + " nodes"));
    }
    // The self-check names what is wrong with a broken rule.
    CHECK_NOTHROW(checkQuadrature(gaussHermiteNormal(41)));
    Quadrature twice = gaussHermiteNormal(21);
    twice.nodes[11] = twice.nodes[10];  // two nodes on one root
    auto e = errorOf([&] { checkQuadrature(twice); });
    REQUIRE(e);
    CHECK(contains(e->what(), "21-node quadrature rule came out wrong: node 12 is not above the one before it"));
    Quadrature wide = gaussHermiteNormal(21);
    for (double& z : wide.nodes) z *= 3;  // variance 9
    e = errorOf([&] { checkQuadrature(wide); });
    REQUIRE(e);
    CHECK(contains(e->what(), "instead of 1 and 1"));
    Quadrature nan = gaussHermiteNormal(5);
    nan.weights[2] = std::nan("");
    e = errorOf([&] { checkQuadrature(nan); });
    REQUIRE(e);
    CHECK(contains(e->what(), "weight 3 is not a positive number"));
}
