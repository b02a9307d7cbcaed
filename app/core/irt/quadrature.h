#pragma once
// Gauss-Hermite quadrature for expectations under a standard normal distribution.
#include <string>
#include <vector>

namespace dlk {

struct Quadrature {
    std::vector<double> nodes;    // z values, increasing
    std::vector<double> weights;  // sum to 1: E[f(Z)] ~ sum_q weights[q] f(nodes[q]) for Z ~ N(0, 1)
};

// The most nodes a rule may have. Newton's method from the asymptotic guesses finds every root in
// double precision up to 198 nodes and loses roots from 199 on (a rule whose second moment is 744,
// not 1, which made calibration diverge); 41 nodes already give estimates equal to 1e-9 logits to
// those with 197, so 150 keeps a wide margin on both sides.
constexpr int kMaxQuadratureNodes = 150;

// n-point rule (1 <= n <= kMaxQuadratureNodes), exact for polynomials of degree up to 2n - 1.
// Throws Error(Invalid) outside that range, and for a rule that fails its own check (nodes
// increasing, weights positive and finite, the normal's second moment 1).
Quadrature gaussHermiteNormal(int n);

// Throws Error(Invalid) naming the fault unless the nodes are finite and increasing, the weights
// positive, and the rule has the standard normal's mass and variance (1 and 1).
void checkQuadrature(const Quadrature& q);

}  // namespace dlk
