#pragma once
// Internal to the multidimensional model (multidim_calibration.cpp, multidim_regression.cpp): the
// persons grouped by booklet and raw score per dimension, the sufficient statistic of a
// between-item model, and the check of a dimension map against the responses.
#include <vector>

#include "irt/multidim_calibration.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"

namespace dlk {

// Persons grouped by booklet and raw score per dimension, and for each booklet and dimension the
// items and the raw scores that occur (the rows of the likelihood tables).
struct Patterns {
    int dims = 0;
    DesignSummary design;
    std::vector<std::vector<std::vector<int>>> bookletItems;  // [booklet][dimension] -> item indices
    std::vector<int> booklet, persons;                        // per pattern
    std::vector<int> score;                                   // pattern x dims raw scores
    std::vector<int> slot;  // pattern x dims: row of the likelihood table, -1 when the booklet has no item there
    std::vector<int> slotBooklet, slotDimension, slotScore;  // per table row
    std::vector<int> personPattern;                          // -1 for a person given no item
    int personsWithData = 0;
};

// Every person given an item has a pattern; the tables' rows are made for the patterns that occur.
Patterns buildPatterns(const ResponseMatrix& responses, const DimensionMap& dimensions);

// Throws Error(Invalid): no dimension, more than kMaxDimensions, a map not aligned with the
// responses' items, an item without a dimension, and (when asked) a dimension without items.
// Calibration needs items on every dimension; person estimates do not (a dimension without items
// is estimated from the others through the correlations).
void checkMap(const ResponseMatrix& responses, const DimensionMap& dimensions, bool itemsOnEveryDimension);

}  // namespace dlk
