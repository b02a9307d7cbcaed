#include "irt/quadrature.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/error.h"
#include "util/text.h"

namespace dlk {

// Roots of the Hermite polynomial H_n by Newton's method on the orthonormal recurrence, started
// from the asymptotic guesses of Numerical Recipes (gauher); the orthonormal form keeps the
// recurrence in range for large n. Weights for exp(-x^2) are 2 / H'_n(x)^2 in that normalisation;
// substituting z = sqrt(2) x turns them into a rule for the standard normal density.
Quadrature gaussHermiteNormal(int n) {
    if (n < 1 || n > kMaxQuadratureNodes)
        throw Error(ErrorKind::Invalid, "quadrature needs 1 to " + std::to_string(kMaxQuadratureNodes) +
                                            " nodes, not " + std::to_string(n));
    const double pim4 = 0.7511255444649425;  // pi^(-1/4)
    std::vector<double> x(static_cast<size_t>(n)), w(static_cast<size_t>(n));
    const int m = (n + 1) / 2;
    double z = 0;
    for (int i = 0; i < m; ++i) {
        if (i == 0)
            z = std::sqrt(2.0 * n + 1) - 1.85575 * std::pow(2.0 * n + 1, -0.16667);
        else if (i == 1)
            z -= 1.14 * std::pow(static_cast<double>(n), 0.426) / z;
        else if (i == 2)
            z = 1.86 * z - 0.86 * x[0];
        else if (i == 3)
            z = 1.91 * z - 0.91 * x[1];
        else
            z = 2.0 * z - x[static_cast<size_t>(i - 2)];
        double pp = 1;
        for (int it = 0; it < 100; ++it) {
            double p1 = pim4, p2 = 0;
            for (int j = 0; j < n; ++j) {
                const double p3 = p2;
                p2 = p1;
                p1 = z * std::sqrt(2.0 / (j + 1)) * p2 - std::sqrt(static_cast<double>(j) / (j + 1)) * p3;
            }
            pp = std::sqrt(2.0 * n) * p2;
            const double z1 = z;
            z = z1 - p1 / pp;
            if (std::fabs(z - z1) <= 1e-15 * std::max(1.0, std::fabs(z))) break;
        }
        x[static_cast<size_t>(i)] = z;
        x[static_cast<size_t>(n - 1 - i)] = -z;
        w[static_cast<size_t>(i)] = w[static_cast<size_t>(n - 1 - i)] = 2.0 / (pp * pp);
    }
    Quadrature q;
    q.nodes.resize(static_cast<size_t>(n));
    q.weights.resize(static_cast<size_t>(n));
    const double rootPi = std::sqrt(3.141592653589793);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        // x is decreasing; store increasing z.
        const size_t from = static_cast<size_t>(n - 1 - i);
        q.nodes[static_cast<size_t>(i)] = std::sqrt(2.0) * x[from];
        q.weights[static_cast<size_t>(i)] = w[from] / rootPi;
        sum += q.weights[static_cast<size_t>(i)];
    }
    for (double& v : q.weights) v /= sum;  // removes the last rounding so the prior has mass 1
    checkQuadrature(q);
    return q;
}

void checkQuadrature(const Quadrature& q) {
    const size_t n = q.nodes.size();
    const std::string rule = "the " + std::to_string(n) + "-node quadrature rule";
    if (n == 0 || q.weights.size() != n) throw Error(ErrorKind::Invalid, rule + " is empty or lacks weights");
    double m0 = 0, m2 = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(q.nodes[i]) || (i > 0 && !(q.nodes[i] > q.nodes[i - 1])))
            throw Error(ErrorKind::Invalid,
                        rule + " came out wrong: node " + std::to_string(i + 1) + " is not above the one before it");
        if (!std::isfinite(q.weights[i]) || !(q.weights[i] > 0))
            throw Error(ErrorKind::Invalid,
                        rule + " came out wrong: weight " + std::to_string(i + 1) + " is not a positive number");
        m0 += q.weights[i];
        m2 += q.weights[i] * q.nodes[i] * q.nodes[i];
    }
    // A correct rule has mass 1 and variance 1 to about 1e-13 (tested up to 198 nodes); 1e-9 leaves
    // room for rounding and still catches a lost root (which gave a variance of 744).
    constexpr double kMomentTolerance = 1e-9;
    if (std::fabs(m0 - 1) > kMomentTolerance || (n >= 2 && std::fabs(m2 - 1) > kMomentTolerance))
        throw Error(ErrorKind::Invalid, rule + " came out wrong: mass " + formatDouble(m0) + " and variance " +
                                            formatDouble(m2) + " instead of 1 and 1");
}

}  // namespace dlk
