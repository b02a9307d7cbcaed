#pragma once
// Person estimates with calibrated items: Warm's weighted likelihood estimate (WLE) with its
// standard error, the EAP with its posterior SD, and plausible values drawn from the posterior
// under the normal population model. Within a booklet each depends only on the raw score, so a
// whole sample costs one estimate per score group.
#include <cstdint>
#include <limits>
#include <vector>

#include "irt/mml_calibration.h"
#include "irt/pcm_model.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"

namespace dlk {

struct ThetaEstimate {
    double theta = std::numeric_limits<double>::quiet_NaN();
    double se = std::numeric_limits<double>::quiet_NaN();  // WLE: 1/sqrt(information); EAP: posterior SD
};

// Warm's WLE for a raw score on these items: the root of
//   rawScore - E(theta) + J(theta) / (2 I(theta)) = 0,
// with I the test information and J its derivative. Finite for every score, 0 and the maximum
// included. Throws Error(Invalid) for a raw score outside 0..sum of maximum scores or no items.
ThetaEstimate wleForScore(const std::vector<PcmItem>& items, int rawScore);
// The posterior mean and SD of theta given the raw score, under N(mean, sd^2).
ThetaEstimate eapForScore(const std::vector<PcmItem>& items, int rawScore, const PopulationModel& population);

// One pupil: the items given and the scores on them (aligned; each 0..maxScore). Under a
// millisecond for a whole test, so the teacher screen can call it per pupil.
ThetaEstimate estimateWle(const std::vector<ItemParams>& items, const std::vector<int>& scores);
ThetaEstimate estimateEap(const std::vector<ItemParams>& items, const std::vector<int>& scores,
                          const PopulationModel& population);

struct PersonEstimateOptions {
    bool wle = true;
    bool eap = true;
    int plausibleValues = 5;
    uint64_t seed = 20261128;  // with the person id, fixes each person's plausible values
};

struct PersonEstimates {
    // Per person in the matrix's order; NaN for a person given no item.
    std::vector<ThetaEstimate> wle;
    std::vector<ThetaEstimate> eap;
    int pvCount = 0;
    std::vector<double> pv;  // person-major: pv[p * pvCount + m]
    std::vector<int> rawScore, maxScore;

    double plausibleValue(size_t p, int m) const {
        return pv[p * static_cast<size_t>(pvCount) + static_cast<size_t>(m)];
    }
};

// items are aligned with the matrix's items (a Calibration's items, or ITEMS.csv matched by id);
// each needs maxScore >= the design's maximum for that item.
PersonEstimates estimatePersons(const ResponseMatrix& responses, const DesignSummary& design,
                                const std::vector<ItemParams>& items, const PopulationModel& population,
                                const PersonEstimateOptions& options = {});

// The WLE of every score group (fit statistics use them).
std::vector<ThetaEstimate> groupWles(const DesignSummary& design, const std::vector<ItemParams>& items);

}  // namespace dlk
