#pragma once
// Conditioning on several dimensions at once, as ICILS draws its per-domain plausible values:
// with the items fixed, theta_p ~ N(Gamma' x_p, Psi), a multivariate regression of the D
// dimensions on the pupil's background (the categorical coding of latent_regression.h), and EAPs
// and plausible values per dimension under each pupil's own prior.
//
// Integration: a normal approximation of each pattern's likelihood, as NAEP's CGROUP method. In a
// between-item model a pattern's likelihood is a product of one factor per dimension, each a
// function of that coordinate alone. Each factor (booklet, dimension, raw score) is replaced by
// the normal curve with the same effect on the population's marginal prior N(mu_d, sigma_d^2):
// the same posterior mean and variance, computed on a fine grid. Under a normal prior the joint
// posterior is then normal in closed form, so an EM iteration of the regression costs keys x D^2
// (a key is a pattern with a background profile) instead of keys x points x D. On one scale its
// coefficients lie within 0.003 of latent_regression.h's exact grid (tested).
//
// The persons' EAPs and plausible values then use the exact posterior: each key's normal
// approximation is refined by adaptive Gauss-Hermite quadrature (a product rule placed on it,
// weighing the exact factors over their normal stand-ins), within 1e-4 (three dimensions, 7 nodes
// each) and 0.003 logits (four, 4 nodes each) of a brute-force grid; the plausible values are
// drawn from the normal with that mean and covariance. estimateMultidimPersons uses the same for
// two or more dimensions, with the population as every pupil's prior.

#include <string>
#include <vector>

#include "irt/latent_regression.h"
#include "irt/multidim_calibration.h"

namespace dlk {

struct MultidimRegression {
    std::vector<std::string> dimensions;
    std::vector<std::string> terms;          // as BackgroundDesign::terms
    std::vector<double> coefficients;        // terms x D, row-major; 0 for a dropped term
    std::vector<std::string> dropped;        // as LatentRegression::dropped
    std::vector<double> residualCovariance;  // D x D, row-major
    int iterations = 0;
    bool converged = false;
    std::string problem;  // why not (empty when converged)
    // How it was estimated, as the model file says it.
    std::string method = "EM on a normal approximation of each pattern's likelihood (as NAEP's CGROUP)";

    size_t dimensionCount() const { return dimensions.size(); }
    double coefficient(size_t term, size_t d) const { return coefficients[term * dimensions.size() + d]; }
    double residualSd(size_t d) const;
    double residualCorrelation(size_t a, size_t b) const;
};

// Estimates Gamma and Psi for these responses with `items` (aligned with the responses' items)
// fixed; `population` (the calibration's) gives the likelihoods' normal approximations and the
// start. Throws Error(Invalid) as estimateMultidimPersons for a map, items or population that do
// not fit the responses.
MultidimRegression fitMultidimRegression(const ResponseMatrix& responses, const DimensionMap& dimensions,
                                         const std::vector<ItemParams>& items, const MultiPopulation& population,
                                         const BackgroundDesign& background, int maxIterations = 5000);

// WLEs as estimateMultidimPersons; EAPs and plausible values from each pupil's normal posterior
// under the regression, seeded as there (the person id and the seed).
MultidimPersons estimateMultidimConditioned(const ResponseMatrix& responses, const DimensionMap& dimensions,
                                            const std::vector<ItemParams>& items, const MultiPopulation& population,
                                            const BackgroundDesign& background, const MultidimRegression& regression,
                                            const PersonEstimateOptions& options);

}  // namespace dlk
