#include "irt/pcm_newton.h"

#include <algorithm>
#include <cmath>

#include "irt/response_matrix.h"

namespace dlk {

double logNormaliser(const double* steps, int m, double theta) {
    if (m == 1) {
        const double x = theta - steps[0];
        return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    }
    double eta[ResponseMatrix::kScoreLimit + 1];
    eta[0] = 0;
    double top = 0, cum = 0;
    for (int k = 1; k <= m; ++k) {
        cum += steps[k - 1];
        eta[k] = k * theta - cum;
        top = std::max(top, eta[k]);
    }
    double sum = 0;
    for (int k = 0; k <= m; ++k) sum += std::exp(eta[k] - top);
    return top + std::log(sum);
}

// Solves H d = g for a small symmetric positive definite H (row-major, n x n) by Cholesky; false
// when H is not positive definite.
bool choleskyFactor(const std::vector<double>& a, int n, std::vector<double>& l, double minPivotShare) {
    l.assign(static_cast<size_t>(n * n), 0.0);
    auto at = [&](int r, int c) -> double& { return l[static_cast<size_t>(r * n + c)]; };
    for (int j = 0; j < n; ++j) {
        const double diag = a[static_cast<size_t>(j * n + j)];
        double s = diag;
        for (int k = 0; k < j; ++k) s -= at(j, k) * at(j, k);
        if (!(s > 0) || !(s > minPivotShare * diag)) return false;
        at(j, j) = std::sqrt(s);
        for (int r = j + 1; r < n; ++r) {
            double t = a[static_cast<size_t>(r * n + j)];
            for (int k = 0; k < j; ++k) t -= at(r, k) * at(j, k);
            at(r, j) = t / at(j, j);
        }
    }
    return true;
}

bool choleskySolve(std::vector<double>& h, std::vector<double>& g, int n) {
    auto at = [&](int r, int c) -> double& { return h[static_cast<size_t>(r * n + c)]; };
    for (int j = 0; j < n; ++j) {
        double s = at(j, j);
        for (int k = 0; k < j; ++k) s -= at(j, k) * at(j, k);
        if (!(s > 0)) return false;
        at(j, j) = std::sqrt(s);
        for (int r = j + 1; r < n; ++r) {
            double t = at(r, j);
            for (int k = 0; k < j; ++k) t -= at(r, k) * at(j, k);
            at(r, j) = t / at(j, j);
        }
    }
    for (int r = 0; r < n; ++r) {
        double t = g[static_cast<size_t>(r)];
        for (int k = 0; k < r; ++k) t -= at(r, k) * g[static_cast<size_t>(k)];
        g[static_cast<size_t>(r)] = t / at(r, r);
    }
    for (int r = n - 1; r >= 0; --r) {
        double t = g[static_cast<size_t>(r)];
        for (int k = r + 1; k < n; ++k) t -= at(k, r) * g[static_cast<size_t>(k)];
        g[static_cast<size_t>(r)] = t / at(r, r);
    }
    return true;
}

void newtonPcmSteps(const double* theta, size_t stride, const double* n, size_t nq, int m, const double* reached,
                    double* steps) {
    if (m == 1) {
        for (int it = 0; it < 50; ++it) {
            double g = -reached[0], h = 0;
            for (size_t q = 0; q < nq; ++q) {
                const double p = 1 / (1 + std::exp(steps[0] - theta[q * stride]));
                g += n[q] * p;
                h += n[q] * p * (1 - p);
            }
            if (!(h > 0)) return;
            const double d = std::clamp(g / h, -2.0, 2.0);
            steps[0] += d;
            if (std::fabs(d) < 1e-11) return;
        }
        return;
    }
    std::vector<double> g(static_cast<size_t>(m)), h(static_cast<size_t>(m * m)), p(static_cast<size_t>(m) + 1),
        tail(static_cast<size_t>(m) + 1);
    for (int it = 0; it < 50; ++it) {
        for (int j = 0; j < m; ++j) g[static_cast<size_t>(j)] = -reached[j];
        std::fill(h.begin(), h.end(), 0.0);
        for (size_t q = 0; q < nq; ++q) {
            double top = 0, cum = 0;
            p[0] = 0;
            for (int k = 1; k <= m; ++k) {
                cum += steps[k - 1];
                p[static_cast<size_t>(k)] = k * theta[q * stride] - cum;
                top = std::max(top, p[static_cast<size_t>(k)]);
            }
            double sum = 0;
            for (int k = 0; k <= m; ++k) sum += (p[static_cast<size_t>(k)] = std::exp(p[static_cast<size_t>(k)] - top));
            double t = 0;
            for (int k = m; k >= 1; --k) tail[static_cast<size_t>(k)] = (t += p[static_cast<size_t>(k)] / sum);
            // d/dstep_j of -log gamma is P(X >= j); the covariance of the indicators X >= j is the curvature.
            for (int j = 1; j <= m; ++j) {
                const double tj = tail[static_cast<size_t>(j)];
                g[static_cast<size_t>(j - 1)] += n[q] * tj;
                for (int l = j; l <= m; ++l)
                    h[static_cast<size_t>((j - 1) * m + (l - 1))] +=
                        n[q] * (tail[static_cast<size_t>(l)] - tj * tail[static_cast<size_t>(l)]);
            }
        }
        for (int j = 0; j < m; ++j)
            for (int l = 0; l < j; ++l) h[static_cast<size_t>(j * m + l)] = h[static_cast<size_t>(l * m + j)];
        if (!choleskySolve(h, g, m)) return;
        double big = 0;
        for (double d : g) big = std::max(big, std::fabs(d));
        const double shrink = big > 2 ? 2 / big : 1;
        for (int j = 0; j < m; ++j) steps[j] += shrink * g[static_cast<size_t>(j)];
        if (big < 1e-11) return;
    }
}

}  // namespace dlk
