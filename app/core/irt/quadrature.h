#pragma once
// Gauss-Hermite quadrature for expectations under a standard normal distribution.
#include <vector>

namespace dlk {

struct Quadrature {
    std::vector<double> nodes;    // z values, increasing
    std::vector<double> weights;  // sum to 1: E[f(Z)] ~ sum_q weights[q] f(nodes[q]) for Z ~ N(0, 1)
};

// n-point rule (1 <= n <= 200), exact for polynomials of degree up to 2n - 1. Throws Error(Invalid)
// outside that range.
Quadrature gaussHermiteNormal(int n);

}  // namespace dlk
