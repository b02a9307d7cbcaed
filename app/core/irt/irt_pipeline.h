#pragma once
// The whole scaling of one scale, and what the command-line tools and the teacher screen call:
// calibration, item statistics, person estimates and reliabilities from a response matrix;
// `calibrate` and `estimate` on files; one pupil's scale score and level.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "irt/item_fit.h"
#include "irt/items_csv.h"
#include "irt/latent_regression.h"
#include "irt/linking.h"
#include "irt/mml_calibration.h"
#include "irt/parameter_errors.h"
#include "irt/person_estimates.h"
#include "irt/reliability.h"
#include "irt/reporting_scale.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"

namespace dlk {

struct AnalysisOptions {
    CalibrationOptions calibration;
    PersonEstimateOptions persons;
};

struct Analysis {
    DesignSummary design;
    Calibration calibration;
    ParameterErrors errors;                  // SEs of calibration's items and population
    std::vector<ThetaEstimate> groupWle;     // per score group of the design
    std::vector<ItemStatistics> statistics;  // per item
    PersonEstimates persons;
    Reliability reliability;
    // With two or more anchored items: the linking error of the anchoring, as `link` gives it
    // between two calibrations (SD of the shifts / sqrt(n)), from a free calibration of the same
    // responses against the anchors: how far the anchor items' difficulties moved since they were
    // calibrated, the uncertainty the anchoring adds to every comparison with the anchors' year.
    std::optional<LinkResult> anchorLink;
    std::string anchorLinkProblem;  // why there is none with anchors (one anchor, no convergence)
};

// Calibration with its standard errors, item fit, WLE, EAP and plausible values. Throws what
// calibrate() throws.
Analysis analyse(const ResponseMatrix& responses, const AnalysisOptions& options = {});

// ITEMS.csv content of an analysis: parameters with the SE of each location, statistics,
// population model, the calibration sample as reference for the reporting scale, convergence,
// the population's SEs and reliabilities as metadata.
CalibratedItems calibratedItems(const Analysis& analysis, const std::string& scaleName = "total");

// Reads the responses at a path: RESPONSES.csv by default; the command line passes a reader of data
// packages (export/package_responses.h) for a package folder, which this layer does not know.
using ResponsesReader = std::function<ResponseMatrix(const std::string& path, const ResponseReadOptions&)>;

struct CalibrateFilesOptions {
    std::string responsesPath;
    ResponsesReader readResponses;  // empty: readResponsesCsv
    std::string outPath;
    std::optional<std::string> anchorPath;  // an ITEMS.csv whose items are fixed
    ResponseReadOptions read;
    AnalysisOptions analysis;
    std::string scaleName = "total";
    // Conditioning (calibrate --background): after the calibration, the latent regression on this
    // file's columns with the items fixed, written with the population model to ITEMS.model.json
    // beside ITEMS.csv (multidim_files.h's format, one dimension named after the scale).
    std::optional<std::string> backgroundPath;
    std::optional<double> backgroundComponents;  // as EstimateFilesOptions::backgroundComponents
};

// `dlkiosk calibrate`: reads RESPONSES.csv (and the anchors), analyses, writes ITEMS.csv, and only
// when the calibration converged: otherwise the file is left as it was (created or replaced only
// by a rename on success) and report.problem says why. With a background file, a regression that
// does not converge throws Error(Invalid) and nothing is written.
Analysis calibrateFiles(const CalibrateFilesOptions& options, LatentRegression* regression = nullptr,
                        ComponentSummary* components = nullptr);

struct EstimateFilesOptions {
    std::string responsesPath;
    ResponsesReader readResponses;  // empty: readResponsesCsv
    std::string itemsPath;
    std::string outPath;
    EstimateMethod method = EstimateMethod::Wle;
    int plausibleValues = 5;
    uint64_t seed = 20261128;
    ResponseReadOptions read;
    std::optional<std::string> levelsPath;  // adds level columns (wle, eap)
    std::optional<std::string> scaleName;   // the levels' scale; default ITEMS.csv's scale
    // Conditioning (latent_regression.h): EAPs and plausible values under a regression on this
    // background file's columns (eap or pv only).
    std::optional<std::string> backgroundPath;
    // Condition on the background terms' principal components explaining this share of their
    // variance instead of the terms themselves (latent_regression.h: principalComponents).
    std::optional<double> backgroundComponents;
};

struct EstimateSummary {
    int persons = 0;
    int personsWithoutItems = 0;
    bool populationFromSample = false;  // ITEMS.csv had no population model
    PopulationModel population;
    std::optional<LatentRegression> regression;  // with a background file
    std::optional<ComponentSummary> components;  // with --components
};

// `dlkiosk estimate`: every item in RESPONSES.csv must be in ITEMS.csv (Error(NotFound) listing
// those that are not); scores above an item's max_score are errors.
EstimateSummary estimateFiles(const EstimateFilesOptions& options);
// The same with ITEMS.csv already read (the command line reads it once to see whether it has
// dimensions).
EstimateSummary estimateFiles(const EstimateFilesOptions& options, const CalibratedItems& calibrated);
// The parameters of every item in `responses`, in its item order; Error(NotFound) naming (up to
// six of) the items `itemsPath` has no parameters for.
std::vector<ItemParams> parametersOf(const CalibratedItems& calibrated, const ResponseMatrix& responses,
                                     const std::string& itemsPath, const std::string& responsesPath);

// One pupil on the teacher screen.
struct ItemScore {
    std::string itemId;
    int score = 0;
};

struct PupilScale {
    int rawScore = 0;  // on the items with parameters
    int maxScore = 0;
    int itemsUsed = 0;
    int itemsWithoutParameters = 0;  // given but not calibrated: left out of the estimate
    ThetaEstimate wle;
    double scaleScore = 0;
    double scaleSe = 0;
    std::optional<LevelPlacement> level;  // when a level table for the scale is given
    bool provisional = false;             // parameters or cut-points are provisional
};

// The pupil's WLE, scale score and level from the item scores and the calibrated items; nullopt
// when none of the pupil's items has parameters or the items carry no reporting scale. Throws
// Error(Invalid) for a score outside 0..max_score. The level is placed on the level table's scale
// `levelScale` (a domain's, for the domain's items), by default the items' own scale.
std::optional<PupilScale> scalePupil(const std::vector<ItemScore>& scores, const CalibratedItems& items,
                                     const LevelTable* levels = nullptr, const std::string& levelScale = {});

}  // namespace dlk
