#pragma once
// Between-item multidimensional Rasch and partial credit model: each item measures one of D
// dimensions (the four domains, or any Q-matrix), persons have a D-vector theta ~ N(mean, Sigma),
// and the marginal likelihood is maximised by EM, as ConQuest and TAM do for ICILS and PISA.
//
// Why it stays fast: within a booklet the raw score on each dimension is sufficient for that
// dimension's theta, so persons with the same booklet and the same raw-score vector (a "pattern")
// share their posterior; and since every item lies on one dimension, a pattern's likelihood at a
// node is a product of one factor per dimension, each a function of one coordinate. The E-step
// tabulates those factors once per booklet, dimension and raw score and then costs patterns x
// nodes x D multiplications, independent of persons and items.
//
// Integration: for one dimension the 41-node Gauss-Hermite rule of the unidimensional calibration
// (so D = 1 gives calibrate()'s estimates); for two or more, quasi-Monte Carlo points (a Halton
// sequence mapped to the standard normal) moved with the current estimates, theta = mean + L z
// with L the Cholesky factor of Sigma, so that the points stay where the population is.
//
// Identification as ITEMS.csv's convention, per dimension: the mean location of a dimension's
// items is 0 and the dimension's population mean is estimated.
#include <memory>
#include <string>
#include <vector>

#include "irt/mml_calibration.h"
#include "irt/parameter_errors.h"
#include "irt/person_estimates.h"
#include "irt/response_matrix.h"

namespace dlk {

// At most this many dimensions (the quasi-Monte Carlo points' Halton bases; see the .cpp).
constexpr int kMaxDimensions = 10;

// Which dimension each item measures.
struct DimensionMap {
    std::vector<std::string> names;  // the dimensions, in the order of their indices
    std::vector<int> ofItem;         // per item of the response matrix: an index into names

    int count() const { return static_cast<int>(names.size()); }
};

// theta ~ N(mean, covariance) in the calibration sample.
struct MultiPopulation {
    std::vector<double> mean;        // per dimension
    std::vector<double> covariance;  // D x D, row-major

    int dimensions() const { return static_cast<int>(mean.size()); }
    double sd(int d) const;
    double correlation(int a, int b) const;
};

struct MultidimOptions {
    int quadratureNodes = 41;  // one dimension: Gauss-Hermite nodes
    int qmcNodes = 3000;       // two or more: quasi-Monte Carlo points
    // Converged when no parameter changes more than this in an iteration: with one dimension as
    // calibrate(); with quasi-Monte Carlo points the integration itself is accurate to about 1e-4
    // logits only, and below that the EM's steps are the points' noise (on long tests, whose
    // posteriors are narrow, it then wanders for thousands of iterations without settling).
    double tolerance = 1e-6;
    double qmcTolerance = 1e-4;
    int maxIterations = 5000;
    // Start the joint EM from each dimension's own calibration (which is run anyway, to check the
    // dimension's items) rather than from category log odds and an identity covariance. Only a
    // test of the EM itself turns it off: with one dimension the warm start is already the answer.
    bool warmStart = true;
};

struct MultidimCalibration {
    std::vector<ItemParams> items;  // in the response matrix's item order
    DimensionMap dimensions;
    MultiPopulation population;
    CalibrationReport report;
    int patterns = 0;  // distinct (booklet, raw score per dimension) combinations
};

// Throws Error(Invalid) naming what is wrong: a map of the wrong length or with an unknown
// dimension, a dimension without items, an item whose categories cannot be calibrated (as
// calibrate()), a dimension whose items are not linked through booklets.
MultidimCalibration calibrateMultidim(const ResponseMatrix& responses, const DimensionMap& dimensions,
                                      const MultidimOptions& options = {});

// The marginal log-likelihood of a multidimensional calibration over its free parameters, as
// calibrateMultidim() estimates them: every item's step difficulties with each dimension's
// population mean held at 0 (its mean in its items), then the lower triangle of the covariance's
// Cholesky factor, row by row; on the same integration points as the calibration's last stage.
class MultidimLikelihood {
public:
    // Throws Error(Invalid) when the calibration does not fit the responses.
    MultidimLikelihood(const ResponseMatrix& responses, const MultidimCalibration& calibration,
                       const MultidimOptions& options = {});
    ~MultidimLikelihood();
    MultidimLikelihood(const MultidimLikelihood&) = delete;
    MultidimLikelihood& operator=(const MultidimLikelihood&) = delete;

    // The free parameters at the calibration's estimates.
    const std::vector<double>& estimates() const;
    size_t stepCount() const;              // the first stepCount() values are steps
    size_t stepOffset(size_t item) const;  // where an item's steps start
    double logLikelihood(const std::vector<double>& x);
    // Its exact gradient (of the likelihood on these points): Fisher's identity for the steps, the
    // derivative through the points theta = L z for the Cholesky factor.
    std::vector<double> score(const std::vector<double>& x);
    // Minus the Jacobian of score() by forward differences of step h, symmetrised; row-major.
    std::vector<double> information(const std::vector<double>& x, double h = 1e-4);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Standard errors of a multidimensional calibration, from the inverse of that information at the
// estimates (as parameter_errors.h for one scale), carried to the reported parameters: item
// locations and steps centred per dimension, the dimensions' means (their items' mean location
// moved into them), SDs and correlations (the delta method from the Cholesky factor). One
// evaluation of the gradient (an E-step) per parameter, on the calibration's coarse points.
struct MultidimErrors {
    std::vector<ItemErrors> items;    // aligned with MultidimCalibration::items
    std::vector<double> mean, sd;     // per dimension
    std::vector<double> correlation;  // D x D row-major, 0 on the diagonal
    int parameters = 0;
    std::string problem;  // why there are none: no convergence, an information matrix not positive definite

    bool available() const { return problem.empty() && !items.empty(); }
};
// Never throws for a calibration of these responses (calibrateMultidim(responses, map, options)).
MultidimErrors multidimParameterErrors(const ResponseMatrix& responses, const MultidimCalibration& calibration,
                                       const MultidimOptions& options = {});

// Person estimates per dimension. WLEs use only the dimension's own items (between-item: the
// likelihood of one dimension's theta involves no other item); EAPs and plausible values come from
// the joint posterior under the population's correlations, so a short domain borrows strength
// from the others, as ICILS's plausible values do.
struct MultidimPersons {
    int dimensions = 0;
    int pvCount = 0;
    // Person-major, D per person: x[p * D + d]; NaN where the person had no item of the dimension
    // (WLE) or no item at all (EAP and PVs).
    std::vector<ThetaEstimate> wle, eap;
    std::vector<double> pv;  // pv[(p * pvCount + m) * D + d]
    std::vector<int> rawScore, maxScore;

    const ThetaEstimate& wleOf(size_t p, int d) const { return wle[p * static_cast<size_t>(dimensions) + d]; }
    const ThetaEstimate& eapOf(size_t p, int d) const { return eap[p * static_cast<size_t>(dimensions) + d]; }
    double plausibleValue(size_t p, int m, int d) const {
        return pv[(p * static_cast<size_t>(pvCount) + static_cast<size_t>(m)) * static_cast<size_t>(dimensions) +
                  static_cast<size_t>(d)];
    }
};

// Plausible values are drawn from a normal distribution with each person's posterior mean and
// covariance, seeded by the person id as the unidimensional ones. Those moments come, for one
// dimension, from the Gauss-Hermite nodes of `integration`; for two or more, from importance
// sampling of each person's own posterior (multidim_regression.h, a regression on the intercept
// alone), since fixed points spread over the population miss the pupils in its tails.
MultidimPersons estimateMultidimPersons(const ResponseMatrix& responses, const DimensionMap& dimensions,
                                        const std::vector<ItemParams>& items, const MultiPopulation& population,
                                        const PersonEstimateOptions& options = {},
                                        const MultidimOptions& integration = {});

// Standard normal quantile, to full double precision (Acklam's approximation refined by one
// Halley step); exposed for its test.
double normalQuantile(double p);

}  // namespace dlk
