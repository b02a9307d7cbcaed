#pragma once
// The sufficient statistics of a booklet design. Under the Rasch and partial credit models the raw
// score is sufficient for theta within a booklet (a set of administered items), so persons with
// the same booklet and raw score share their posterior, their WLE and their fit residual
// expectations. Calibration, person estimates and item fit work on these score groups and on
// per-group score counts, one pass over the persons builds them, and no later step touches a
// person again (plausible values aside, which are drawn per person).
#include <cstdint>
#include <string>
#include <vector>

#include "irt/response_matrix.h"

namespace dlk {

struct Booklet {
    std::vector<int> items;         // item indices, increasing
    std::vector<int> countsOffset;  // where each item's category counts start within a group's counts
    int countsSize = 0;             // sum over the items of (max score + 1)
    int maxScore = 0;               // highest raw score the booklet allows
    int persons = 0;
    std::vector<int> groupOfScore;  // raw score -> score group, -1 when nobody had that score
};

struct ScoreGroup {
    int booklet = 0;
    int score = 0;
    int persons = 0;
    size_t countsOffset = 0;  // into DesignSummary::counts
};

struct DesignSummary {
    std::vector<int> itemMaxScore;  // per item, as the matrix reports it
    std::vector<Booklet> booklets;
    std::vector<ScoreGroup> groups;  // ordered by booklet, then raw score
    // Per group, per booklet item, per score category: how many of the group's persons had that
    // score on that item (offsets in ScoreGroup and Booklet).
    std::vector<uint32_t> counts;
    std::vector<int> personGroup;                      // -1 for a person given no item at all
    std::vector<int> itemPersons;                      // persons given the item
    std::vector<std::vector<int>> itemCategoryCounts;  // per item: persons with score 0, 1, ..., max
    int personsWithData = 0;

    uint32_t count(int group, size_t bookletPos, int category) const {
        const ScoreGroup& g = groups[static_cast<size_t>(group)];
        return counts[g.countsOffset +
                      static_cast<size_t>(booklets[static_cast<size_t>(g.booklet)].countsOffset[bookletPos] +
                                          category)];
    }
};

DesignSummary summariseDesign(const ResponseMatrix& responses);

// Items linked through booklets (two items are linked when some booklet holds both). Each component
// is a sorted list of item indices; items nobody was given are components of their own.
std::vector<std::vector<int>> itemComponents(const DesignSummary& design);

}  // namespace dlk
