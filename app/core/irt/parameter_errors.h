#pragma once
// Standard errors of a calibration's item and population parameters: the inverse of the observed
// information of the marginal log-likelihood at the estimates, in the parametrisation calibrate()
// estimates (every free step difficulty; the population mean only when anchors leave it free;
// log sigma), mapped to the reported parametrisation by the linear transform calibrate() applies
// (without anchors the EM fixes mu = 0, and CentreItems then subtracts the mean item location
// from every step and from mu, which is how the reported population mean gets its SE).
//
// The information is minus the Jacobian of the analytic gradient (MarginalLikelihood::gradient,
// one E-step over the score groups each), by central differences, symmetrised, inverted by
// Cholesky: 2 x (parameters) E-steps, each independent of the number of persons.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "irt/mml_calibration.h"
#include "irt/score_groups.h"

namespace dlk {

struct ItemErrors {
    double delta = 0;           // SE of the location; NaN for an anchored item
    std::vector<double> steps;  // SE of each step difficulty (delta + tau_j)
    std::vector<double> tau;    // SE of each tau_j (0 for a 0/1 item, whose tau_1 is 0 by definition)
};

struct ParameterErrors {
    std::vector<ItemErrors> items;  // aligned with Calibration::items; empty when there are none
    double populationMean = 0;      // NaN when the identification fixes it (ZeroPopulationMean)
    double populationSd = 0;        // SE of sigma (delta method from log sigma)
    int parameters = 0;             // free parameters in the information matrix
    // Why there are no SEs (empty when there are): a calibration that did not converge, an
    // information matrix that is not positive definite (a parameter the data do not determine).
    std::string problem;

    bool available() const { return problem.empty() && !items.empty(); }
};

// The free parameters of a calibration, as calibrate() estimates them, and the marginal
// log-likelihood over them.
class CalibrationLikelihood {
public:
    // Throws Error(Invalid) when the calibration is not of this design.
    CalibrationLikelihood(const DesignSummary& design, const Calibration& calibration,
                          const CalibrationOptions& options);

    // The free parameters at the calibration's estimates: its free items' steps (shifted back to
    // mu = 0 without anchors), then mu when anchors make it free, then log sigma.
    const std::vector<double>& estimates() const { return m_estimates; }
    size_t size() const { return m_estimates.size(); }
    bool muFree() const { return m_muFree; }

    double logLikelihood(const std::vector<double>& x);
    std::vector<double> score(const std::vector<double>& x);
    // Minus the Jacobian of score() at x by central differences of step h, symmetrised; row-major
    // size() x size().
    std::vector<double> information(const std::vector<double>& x, double h = 1e-4);

    // Where each free item's steps start in x, -1 for an anchored item.
    const std::vector<int>& itemOffset() const { return m_itemOffset; }

private:
    void unpack(const std::vector<double>& x);

    MarginalLikelihood m_likelihood;
    std::vector<int> m_maxScore;
    std::vector<int> m_itemOffset;
    std::vector<double> m_fixedSteps;  // every item's steps; the free ones overwritten from x
    std::vector<double> m_steps;
    PopulationModel m_population;
    bool m_muFree = false;
    std::vector<double> m_estimates;
    std::vector<double> m_gradient;
};

// The inverse of a symmetric positive definite matrix (row-major, n x n) by Cholesky. Empty with the
// failing pivot in `where` when it is not positive definite, or so near singular that a pivot falls
// below 1e-10 of its diagonal element (a parameter the data do not determine).
std::vector<double> invertSpd(std::vector<double> a, size_t n, size_t& where);
// sqrt(a' V a) for a sparse a: (index, weight) pairs; V row-major n x n.
double seOf(const std::vector<double>& v, size_t n, const std::vector<std::pair<size_t, double>>& a);

// Minus the Jacobian of `score` at x by differences of step h, symmetrised; row-major. Central
// differences (2 n scores), or forward ones from score(x) (n + 1) where each score is costly.
std::vector<double> informationFromScore(const std::function<std::vector<double>(const std::vector<double>&)>& score,
                                         const std::vector<double>& x, double h, bool central);
// The SEs of one item whose maxScore steps start at `offset` in the parameters whose covariance is v
// (n x n): its location and steps less `shift` (the centring, a linear function of the
// parameters; empty when there is none) and its tau.
ItemErrors itemErrorsOf(const std::vector<double>& v, size_t n, size_t offset, int maxScore,
                        const std::vector<std::pair<size_t, double>>& shift);

// The SEs of a converged calibration of `design` (calibrate(responses, design, options) with these
// options). Never throws for a calibration of this design: a problem leaves the result empty with
// the reason in `problem`.
ParameterErrors parameterErrors(const DesignSummary& design, const Calibration& calibration,
                                const CalibrationOptions& options = {});

}  // namespace dlk
