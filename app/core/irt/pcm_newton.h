#pragma once
// The arithmetic both EM calibrations share (mml_calibration.cpp for one scale,
// multidim_calibration.cpp for several): the partial credit model's log normaliser at a node and
// the M-step of one item, and the Cholesky factor of the small covariance and cross-product
// matrices around them.
#include <cstddef>
#include <vector>

namespace dlk {

// log sum_h exp(h theta - step_1 - ... - step_h) for an item with m steps, without overflow.
double logNormaliser(const double* steps, int m, double theta);

// The lower Cholesky factor l of a symmetric n x n matrix a (both row-major, full). False unless a
// is positive definite with every pivot above minPivotShare of its diagonal element (0: any
// positive pivot; 1e-9 tells a column that is, up to rounding, a combination of others).
bool choleskyFactor(const std::vector<double>& a, int n, std::vector<double>& l, double minPivotShare = 0);

// Solves H d = g for a small symmetric positive definite H (row-major, n x n) by Cholesky, d into
// g; H is overwritten. False when H is not positive definite.
bool choleskySolve(std::vector<double>& h, std::vector<double>& g, int n);

// The M-step of one item with m steps: maximises -sum_j C_j step_j - sum_q n_q log gamma(theta_q),
// a small concave problem, by Newton from `steps` (updated in place). theta_q is theta[q * stride]
// (one coordinate of multidimensional nodes), n_q the expected persons given the item at node q,
// reached[j-1] = C_j the persons observed at step j or above.
void newtonPcmSteps(const double* theta, size_t stride, const double* n, size_t nq, int m, const double* reached,
                    double* steps);

}  // namespace dlk
