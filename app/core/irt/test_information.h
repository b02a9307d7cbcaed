#pragma once
// Item and test information of the Rasch and partial credit model: how precisely a set of items
// measures at each ability. An item's information at theta is the variance of its score there
// (p(1 - p) for a 0/1 item, sum_k k^2 P_k - (sum_k k P_k)^2 for a partial credit item), a test's
// the sum over its items; the standard error of a pupil's estimate is about 1/sqrt(information).
#include <vector>

#include "irt/pcm_model.h"

namespace dlk {

double itemInformation(const ItemParams& item, double theta);
double testInformation(const std::vector<ItemParams>& items, double theta);

struct InformationCurve {
    std::vector<double> thetas;       // the grid asked for
    std::vector<double> information;  // at each of them
    double peakTheta = 0;             // where the information is highest (to kPeakResolution)
    double peakInformation = 0;
};

inline constexpr double kPeakResolution = 0.01;  // logits
inline constexpr double kPeakSearchLimit = 6;    // the peak is looked for in -6..6 logits

// The curve on from, from + step, ... up to `to` (at most 1000 points; Error(Invalid) for a step
// that is not positive or a range the other way round), and its peak. No items: zero everywhere,
// peak at 0.
InformationCurve informationCurve(const std::vector<ItemParams>& items, double from, double to, double step);

}  // namespace dlk
