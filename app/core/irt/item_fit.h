#pragma once
// Classical and Rasch item statistics for the item analysis: p-value, item-rest correlation and the
// infit and outfit mean squares with their standardised t values (Wright and Masters 1982).
#include <limits>
#include <vector>

#include "irt/pcm_model.h"
#include "irt/person_estimates.h"
#include "irt/score_groups.h"

namespace dlk {

struct ItemStatistics {
    int n = 0;                                                 // persons given the item
    double mean = std::numeric_limits<double>::quiet_NaN();    // mean score
    double pValue = std::numeric_limits<double>::quiet_NaN();  // mean score / maximum score
    // Pearson correlation of the item score with the rest of the raw score on the same booklet.
    double itemRest = std::numeric_limits<double>::quiet_NaN();
    // Residual-based fit at the persons' WLEs, persons with a zero or perfect booklet score left
    // out (their residuals say nothing about misfit); NaN when no such person was given the item.
    // 1 is the value under the model with known abilities; since the WLE is fitted to the same
    // responses, items in short booklets come out somewhat below 1 (about 0.9 with 10 items) and
    // their t values negative, so values above 1 are the ones that signal misfit.
    double infit = std::numeric_limits<double>::quiet_NaN();
    double infitT = std::numeric_limits<double>::quiet_NaN();
    double outfit = std::numeric_limits<double>::quiet_NaN();
    double outfitT = std::numeric_limits<double>::quiet_NaN();
};

// groupTheta: the WLE of each score group (groupWles), with items aligned to the design's items.
std::vector<ItemStatistics> itemStatistics(const DesignSummary& design, const std::vector<ItemParams>& items,
                                           const std::vector<ThetaEstimate>& groupTheta);

}  // namespace dlk
