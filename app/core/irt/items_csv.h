#pragma once
// ITEMS.csv and PERSONS.csv, the files `dlkiosk calibrate` and `dlkiosk estimate` exchange.
//
// ITEMS.csv: a plain CSV (no comment lines, so default CSV readers load it)
//   item_id,max_score,delta,delta_se,tau_1,...,tau_K,anchored,n,p_value,item_rest,infit,infit_t,outfit,outfit_t
// (a multidimensional calibration adds `dimension` after max_score: the scale the item measures)
// delta is the item's location (Rasch difficulty; for partial credit the mean of the step
// difficulties), delta_se its standard error (parameter_errors.h; empty for an anchored item, whose
// location was not estimated, and when the calibration had none), tau_j the deviation of step j
// from delta (tau_1 = 0 for a 0/1 item; empty beyond an item's max_score). Only item_id, max_score,
// delta and the taus an item needs are required on reading, so a hand-made anchor file and a file
// from before delta_se work. Its metadata (population model and its SEs population_mean_se and
// population_sd_se, reporting scale, convergence, provenance) is in the sidecar ITEMS.json beside
// it; a file from before the sidecar has it in `# key=value` lines first, which are still read.
//
// PERSONS.csv: person_id,theta,se,raw_score,max_score[,scale_score,scale_se][,level,level_probability,
// level_low,level_high]; for plausible values person_id,pv1..pvM,raw_score,max_score[,pv1_scale..].
// Persons given no item have empty estimates.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "irt/item_fit.h"
#include "irt/mml_calibration.h"
#include "irt/person_estimates.h"
#include "irt/reporting_scale.h"
#include "irt/response_matrix.h"

namespace dlk {

struct CalibratedItems {
    std::vector<ItemParams> items;
    std::vector<double> deltaSe;  // aligned with items (NaN: none), or empty: no delta_se column
    // A multidimensional calibration's dimension of each item (aligned with items), or empty: one
    // scale. Its population model is in ITEMS.model.json (irt/multidim_files.h).
    std::vector<std::string> dimension;
    std::vector<ItemStatistics> statistics;  // aligned with items, or empty
    std::optional<PopulationModel> population;
    std::optional<ReportingScale> scale;  // from scale_theta_mean/sd, else the population
    std::string scaleName = "total";
    std::map<std::string, std::string> metadata;  // every `# key=value` line, as written

    const ItemParams* find(const std::string& id) const;
    bool provisional() const;  // metadata provisional=1: parameters not from a real calibration sample
};

// The metadata beside ITEMS.csv: ITEMS.json ({"description": ..., "metadata": {key: value}}), the
// CSV's path with .json for .csv (PATH.json when PATH itself ends in .json).
std::string itemsSidecarPath(const std::string& csvPath);
// Metadata comes from `#` lines (files from before the sidecar) and from `sidecarJson` when given,
// which wins where both name a key.
CalibratedItems parseItemsCsv(std::string text, const std::string& sourceName, const std::string& sidecarJson = {},
                              const std::string& sidecarName = {});
// Reads the sidecar too when it exists.
CalibratedItems readItemsCsv(const std::string& path);
std::string formatItemsCsv(const CalibratedItems& items);  // plain CSV: header and rows only
std::string formatItemsMetadata(const CalibratedItems& items);
// Writes the sidecar, then the CSV, each atomically.
void writeItemsCsv(const std::string& path, const CalibratedItems& items);

enum class EstimateMethod { Wle, Eap, Pv };
// "wle", "eap", "pv"; throws Error(Invalid) otherwise.
EstimateMethod estimateMethodFromName(const std::string& name);

struct PersonsCsvOptions {
    EstimateMethod method = EstimateMethod::Wle;
    std::optional<ReportingScale> scale;  // adds scale score columns
    const LevelTable* levels = nullptr;   // with scale: adds level columns
    std::string levelScale = "total";
};

std::string formatPersonsCsv(const ResponseMatrix& responses, const PersonEstimates& estimates,
                             const PersonsCsvOptions& options);
void writePersonsCsv(const std::string& path, const ResponseMatrix& responses, const PersonEstimates& estimates,
                     const PersonsCsvOptions& options);

// PERSONS.csv read back: its numeric columns by name (empty cells NaN).
struct PersonsTable {
    std::vector<std::string> personIds;
    std::vector<std::string> columns;         // without person_id
    std::vector<std::vector<double>> values;  // per column, per person
    // Throws Error(NotFound) for a column the file does not have.
    const std::vector<double>& column(const std::string& name) const;
};
PersonsTable parsePersonsCsv(std::string text, const std::string& sourceName);
PersonsTable readPersonsCsv(const std::string& path);

}  // namespace dlk
