#pragma once
// Marginal maximum likelihood calibration of Rasch and partial credit items with a normal
// population model, by EM over Gauss-Hermite quadrature (Bock and Aitkin), on the score groups
// of score_groups.h: the E-step costs (booklets x items + score groups) x nodes, independent of
// the number of persons.
#include <memory>
#include <string>
#include <vector>

#include "irt/pcm_model.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"

namespace dlk {

// theta ~ N(mean, sd^2) in the calibration sample.
struct PopulationModel {
    double mean = 0;
    double sd = 1;
};

// Without anchors the model's origin is arbitrary; this picks it.
enum class Identification {
    CentreItems,         // mean item location 0, population mean estimated (ITEMS.csv's convention)
    ZeroPopulationMean,  // population mean 0, item locations free
};

// Past these the EM is running away rather than converging: no population spreads over more than
// 50 logits (a test separates pupils within about +-6), and a step of 100 logits is a probability
// of e^-100. The EM stops at once instead of spending its whole iteration budget.
constexpr double kMaxPopulationSdLogits = 50;
constexpr double kMaxStepLogits = 100;
// A change that grew in this many EM cycles in a row is diverging (SQUAREM's extrapolations make
// single rises normal; a healthy run never rises 25 times in a row).
constexpr int kDivergingCycles = 25;

struct CalibrationOptions {
    int quadratureNodes = 41;
    double tolerance = 1e-6;  // converged when no parameter changes more than this in an iteration
    int maxIterations = 5000;
    Identification identification = Identification::CentreItems;
    // Items whose parameters stay fixed (matched by id). With anchors the origin is theirs: nothing
    // is centred and the population mean and SD are both estimated.
    std::vector<ItemParams> anchors;
};

struct CalibrationReport {
    bool converged = false;
    // Why it did not converge (empty when it did): the iteration limit, a parameter that became NaN
    // or infinite or ran off the scale, or a change that kept growing. Nothing should be written
    // from such a calibration.
    std::string problem;
    int iterations = 0;
    double maxChange = 0;      // largest parameter change in the last iteration
    double logLikelihood = 0;  // marginal log-likelihood at the estimates
    int persons = 0;           // persons given at least one item
    int booklets = 0;
    int scoreGroups = 0;
    int anchoredItems = 0;
};

struct Calibration {
    std::vector<ItemParams> items;  // in the response matrix's item order
    PopulationModel population;
    CalibrationReport report;
};

// Throws Error(Invalid) for data the model cannot calibrate, naming the items: an item nobody was
// given, an item with a score category nobody reached or everybody passed (everyone right, nobody
// right, nobody with exactly k points), a design whose items fall apart into groups never taken by
// the same persons (allowed only when each group holds an anchor), an anchor the responses do not
// contain or whose maximum score is below an observed score.
Calibration calibrate(const ResponseMatrix& responses, const DesignSummary& design,
                      const CalibrationOptions& options = {});
Calibration calibrate(const ResponseMatrix& responses, const CalibrationOptions& options = {});

// The marginal log-likelihood calibrate() maximises, and its gradient, at any parameters (the
// standard errors of parameter_errors.h and their tests). Steps are every item's step
// difficulties, item after item (stepOffset); the same quadrature rule as calibrate() with as
// many nodes. Not thread-safe: one E-step's buffers are reused.
class MarginalLikelihood {
public:
    // maxScore per item of the design (an anchor's may exceed the responses'); throws Error(Invalid)
    // for a count or a maximum that does not fit the design.
    MarginalLikelihood(const DesignSummary& design, std::vector<int> maxScore, int quadratureNodes = 41);
    ~MarginalLikelihood();
    MarginalLikelihood(const MarginalLikelihood&) = delete;
    MarginalLikelihood& operator=(const MarginalLikelihood&) = delete;

    size_t stepOffset(size_t item) const;
    size_t stepCount() const;
    double logLikelihood(const std::vector<double>& steps, PopulationModel population);
    // The gradient into g: d/dstep for every step, then d/dmu and d/dlog(sigma). Returns the
    // log-likelihood.
    double gradient(const std::vector<double>& steps, PopulationModel population, std::vector<double>& g);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The population mean and SD of these responses with every item's parameters fixed (estimate's
// fallback when ITEMS.csv carries no population model).
PopulationModel estimatePopulation(const ResponseMatrix& responses, const DesignSummary& design,
                                   const std::vector<ItemParams>& items);

}  // namespace dlk
