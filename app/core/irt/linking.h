#pragma once
// Common-item linking of a new calibration to an earlier one (this year's ITEMS.csv to last
// year's), so that results of both years are on one scale.
//
// Mean-mean linking under the Rasch model: the items both calibrations share (same id and same
// maximum score) should differ only by the shift of the origin, so
//   shift = mean over common items of (old location - new location)
// and every new location, the new population mean and the new reporting-scale origin move by it;
// step deviations (tau) and SDs are unchanged, since the Rasch unit is fixed. The linking error is
// ICILS's and PISA's: SD of the common items' shifts / sqrt(number of common items), the
// uncertainty of the shift that comes from which items happened to be common.
//
// Optionally, items whose shift lies far from the others' (an item that changed between years,
// or whose answer became common knowledge) are dropped one at a time, the worst first, while it
// lies more than maxDeviation logits from the mean of the remaining items; the dropped items are
// reported and the shift and error are those of the rest.
#include <optional>
#include <string>
#include <vector>

#include "irt/items_csv.h"

namespace dlk {

struct LinkOptions {
    std::optional<double> maxDeviation;  // logits; unset: no item is dropped
};

struct CommonItemShift {
    std::string itemId;
    double oldLocation = 0, newLocation = 0;
    double shift = 0;  // old - new
    bool dropped = false;
};

struct LinkResult {
    double shift = 0;
    double linkingError = 0;
    double shiftSd = 0;                          // SD (n - 1) of the used items' shifts
    int commonItems = 0;                         // used for the shift
    std::vector<CommonItemShift> items;          // every common item, in the new file's order
    std::vector<std::string> differentMaxScore;  // same id, another maximum score: not common
};

// Throws Error(Invalid) with fewer than two common items (no error can be estimated), or fewer
// than two left after dropping.
LinkResult linkMeanMean(const CalibratedItems& newItems, const CalibratedItems& oldItems,
                        const LinkOptions& options = {});

// The new calibration on the old scale: locations and population mean moved by the shift, the
// reporting scale and its name taken from the old file (so that a pupil's scale score means the
// same in both years), and link_* metadata saying how it was done.
CalibratedItems applyLink(const CalibratedItems& newItems, const CalibratedItems& oldItems, const LinkResult& link);

// Two multidimensional calibrations (ITEMS.csv with a dimension column): each dimension is its own
// scale with its own origin, so each is linked on its own common items, with its own shift and
// linking error. An item common to both files but on another dimension in each is not common.
struct DimensionLink {
    std::string dimension;
    LinkResult link;
};
struct MultidimLinkResult {
    std::vector<DimensionLink> dimensions;    // the new file's, in their first appearance's order
    std::vector<std::string> otherDimension;  // same id on another dimension: not used as common
    const DimensionLink* find(const std::string& dimension) const;
};
// Throws Error(Invalid) when either file has no dimension column (one scale is linked with
// linkMeanMean), or naming the dimension with fewer than two common items.
MultidimLinkResult linkMeanMeanPerDimension(const CalibratedItems& newItems, const CalibratedItems& oldItems,
                                            const LinkOptions& options = {});
// The new items on the old scale, each moved by its dimension's shift, with link_* metadata per
// dimension (link_shift_<dimension>, ...). The dimensions' means move in ITEMS.model.json
// (shiftModelJson in multidim_files.h).
CalibratedItems applyLinkPerDimension(const CalibratedItems& newItems, const MultidimLinkResult& link);

}  // namespace dlk
