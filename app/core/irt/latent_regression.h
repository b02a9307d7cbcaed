#pragma once
// Conditioning (latent regression), as ICILS and PISA draw their plausible values: with the item
// parameters fixed, theta_p ~ N(x_p' beta, sigma^2), where x_p codes the pupil's background
// (grade, track, age band, gender where recorded, accommodations). The regression is estimated
// by EM on a theta grid, and the EAPs and plausible values come from each pupil's posterior under
// their own prior mean. Without it, plausible values shrink every group towards the overall mean,
// and group differences computed from them come out too small (by about the test's reliability).
//
// Every background column is categorical: its first value (in sorted order) is the reference and
// each other value a 0/1 term; a pupil without a value (an empty cell, or absent from the file)
// gets a "missing" term of that column instead, so nobody is dropped.
#include <optional>
#include <string>
#include <vector>

#include "irt/background_csv.h"
#include "irt/mml_calibration.h"
#include "irt/person_estimates.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"

namespace dlk {

// More values than this in one column is a number or an id, not a category.
constexpr size_t kMaxBackgroundLevels = 30;
constexpr size_t kMaxBackgroundTerms = 200;

struct BackgroundDesign {
    std::vector<std::string> terms;         // "intercept", then "COLUMN=value" and "COLUMN=missing"
    std::vector<std::vector<double>> rows;  // per profile (a distinct combination): its x, terms long
    std::vector<int> profileOf;             // per person of the responses
};

// Throws Error(Invalid) naming the column for more than kMaxBackgroundLevels values, or more than
// kMaxBackgroundTerms terms in all; Error(Invalid) when no person of the responses is in the file.
BackgroundDesign backgroundDesign(const BackgroundTable& table, const ResponseMatrix& responses);

// Many background variables (a questionnaire) give more terms than a regression estimates well;
// ICILS and PISA then condition on their principal components. This replaces the design's terms
// (all but the intercept) by the leading principal components of their correlation matrix over
// the persons (each profile weighted by its persons), as many as explain `share` of the variance
// (0 < share <= 1): terms "pc1", "pc2", ..., each row a profile's component scores. Terms nobody
// varies on are left out. Throws Error(Invalid) for a share outside (0, 1] or no varying term.
struct ComponentSummary {
    size_t termsBefore = 0;  // the categorical terms the components summarise
    size_t components = 0;   // kept
    double explained = 0;    // their share of the variance
};
BackgroundDesign principalComponents(const BackgroundDesign& design, double share, ComponentSummary* summary = nullptr);

// The design for a background file: its categorical terms, or with componentShare their principal
// components (principalComponents).
BackgroundDesign readBackgroundDesign(const std::string& path, const ResponseMatrix& responses,
                                      std::optional<double> componentShare, ComponentSummary* summary = nullptr);

// The terms a regression on these profiles can estimate, profileWeight[k] persons (with items) of
// profile k: a term nobody has, or one that is a combination of earlier terms, is dropped as R's
// lm drops it.
struct EstimableTerms {
    std::vector<size_t> active;         // indices into the design's terms
    std::vector<std::string> dropped;   // the names of the others
    std::vector<double> crossProducts;  // X'WX over the active terms, active x active
};
EstimableTerms estimableTerms(const BackgroundDesign& design, const std::vector<double>& profileWeight);

struct LatentRegression {
    std::vector<std::string> terms;
    std::vector<double> coefficients;  // beta, aligned with terms (0 for a dropped term)
    // Terms left out: nobody with items has them, or they are a combination of earlier terms.
    std::vector<std::string> dropped;
    double residualSd = 1;
    int iterations = 0;
    bool converged = false;
    std::string problem;  // why not (empty when converged)
};

// Estimates beta and sigma for these responses with `items` (aligned with the responses' items)
// fixed.
LatentRegression fitLatentRegression(const ResponseMatrix& responses, const DesignSummary& design,
                                     const std::vector<ItemParams>& items, const BackgroundDesign& background,
                                     int maxIterations = 2000);

// EAPs and plausible values under the regression (wle is left empty); the same seeding as
// estimatePersons, so a pupil's values depend on the seed, the pupil and their background only.
PersonEstimates estimateConditioned(const ResponseMatrix& responses, const DesignSummary& design,
                                    const std::vector<ItemParams>& items, const BackgroundDesign& background,
                                    const LatentRegression& regression, const PersonEstimateOptions& options);

}  // namespace dlk
