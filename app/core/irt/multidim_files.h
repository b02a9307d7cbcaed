#pragma once
// `dlkiosk calibrate --dimensions` and `dlkiosk estimate` with a multidimensional ITEMS.csv: the
// files around multidim_calibration.h.
//
//   QMATRIX.csv        item_id,dimension: which scale each item measures (the Q-matrix of a
//                      between-item model). Dimension names are short identifiers (letters,
//                      digits, _ . -), since they become column names in PERSONS.csv.
//   ITEMS.csv          as for one scale, with a `dimension` column after max_score.
//   ITEMS.model.json   the population model beside it: dimension names, means, SDs, the
//                      correlation and covariance matrices, convergence, integration.
//   PERSONS.csv        person_id, then per dimension theta_<dim>,se_<dim> (WLE or EAP) or
//                      pv1_<dim>..pvM_<dim>, then raw_score_<dim>,max_score_<dim>; empty cells
//                      where a person had no item of the dimension (WLE) or none at all.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "irt/irt_pipeline.h"
#include "irt/linking.h"
#include "irt/multidim_calibration.h"
#include "irt/multidim_regression.h"

namespace dlk {

// The Q-matrix for these responses; dimensions in the order they first appear in the file. Throws
// Error(Parse/Invalid) naming file and line for a bad header, an empty or repeated item, a bad
// dimension name, and Error(NotFound) listing the responses' items the file does not name. Items
// the file names but the responses lack are ignored (one Q-matrix serves the whole bank).
DimensionMap parseQMatrix(std::string text, const std::string& sourceName, const ResponseMatrix& responses);
DimensionMap readQMatrix(const std::string& path, const ResponseMatrix& responses);
// The same check and order from a list of (item id, dimension) pairs, e.g. ITEMS.csv's column or
// a data package's items.csv domains; sourceName names them in messages.
DimensionMap dimensionMapOf(const std::vector<std::pair<std::string, std::string>>& itemDimension,
                            const ResponseMatrix& responses, const std::string& sourceName);

// ITEMS.model.json beside ITEMS.csv: PATH.model.json for PATH.csv.
std::string modelJsonPath(const std::string& itemsCsvPath);
// With standard errors, the model file has the population's under standard_errors (or, when there
// are none, the reason). With a regression (calibrate --background), the model file records it too: its terms, the
// coefficients per dimension, the residual SDs and correlations and its convergence.
std::string formatModelJson(const MultidimCalibration& calibration, const MultidimOptions& integration,
                            const std::vector<double>& eapReliability, const MultidimRegression* regression = nullptr,
                            const ComponentSummary* components = nullptr, const MultidimErrors* errors = nullptr);
// The population model; throws Error(Parse) naming the file for anything malformed: names that
// are not unique identifiers, matrices of the wrong size, a covariance that is not positive definite.
struct MultidimModel {
    std::vector<std::string> dimensions;
    MultiPopulation population;
};
MultidimModel parseModelJson(const std::string& text, const std::string& sourceName);
// The model file of a calibration linked per dimension (linking.h, `dlkiosk link`): each
// dimension's mean and a regression's intercept moved by its shift, and the link recorded under
// "link" (linkedTo names the earlier calibration). Throws as parseModelJson, and Error(Invalid) for a
// dimension of the model the link has no shift for.
std::string shiftModelJson(const std::string& text, const std::string& sourceName, const MultidimLinkResult& link,
                           const std::string& linkedTo);

using DimensionResolver = std::function<DimensionMap(const ResponseMatrix&)>;

struct CalibrateMultidimFilesOptions {
    std::string responsesPath;
    ResponsesReader readResponses;  // empty: readResponsesCsv
    DimensionResolver dimensions;   // the Q-matrix for the responses read
    std::string outPath;
    ResponseReadOptions read;
    MultidimOptions integration;
    // Conditioning: after the calibration, the latent regression on this background file's
    // columns with the items fixed (as ICILS conditions after calibrating), written into the model.
    std::optional<std::string> backgroundPath;
    std::optional<double> backgroundComponents;  // as EstimateFilesOptions::backgroundComponents
};

struct CalibrateMultidimResult {
    MultidimCalibration calibration;
    std::vector<double> eapReliability;  // per dimension
    std::optional<MultidimRegression> regression;
    std::optional<ComponentSummary> components;
    MultidimErrors errors;  // written as ITEMS.csv's delta_se and the model file's standard_errors
};

// Reads, calibrates and, only when the EM (and the regression) converged, writes ITEMS.model.json and ITEMS.csv (item
// fit from each dimension's own WLEs) and its metadata sidecar; otherwise writes nothing.
CalibrateMultidimResult calibrateMultidimFiles(const CalibrateMultidimFilesOptions& options);

// `estimate` for an ITEMS.csv with a dimension column (EstimateFilesOptions as for one scale; the
// levels are not supported here and refused).
struct EstimateMultidimSummary {
    int persons = 0;
    int personsWithoutItems = 0;
    std::vector<std::string> dimensions;
    std::optional<MultidimRegression> regression;  // with a background file
    std::optional<ComponentSummary> components;    // with --components
};
EstimateMultidimSummary estimateMultidimFiles(const EstimateFilesOptions& options, const CalibratedItems& items);

std::string formatMultidimPersonsCsv(const ResponseMatrix& responses, const DimensionMap& dimensions,
                                     const MultidimPersons& persons, EstimateMethod method);

}  // namespace dlk
