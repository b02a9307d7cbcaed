#include "irt/reliability.h"

#include <cmath>
#include <limits>

namespace dlk {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean and (population) variance of the thetas, mean of the squared SEs.
bool summarise(const std::vector<ThetaEstimate>& v, double& var, double& meanSe2) {
    double n = 0, s = 0, ss = 0, se2 = 0;
    for (const auto& e : v) {
        if (!std::isfinite(e.theta) || !std::isfinite(e.se)) continue;
        n += 1;
        s += e.theta;
        ss += e.theta * e.theta;
        se2 += e.se * e.se;
    }
    if (n < 2) return false;
    const double mean = s / n;
    var = ss / n - mean * mean;
    meanSe2 = se2 / n;
    return true;
}
}  // namespace

double wleReliability(const std::vector<ThetaEstimate>& wle) {
    double var = 0, se2 = 0;
    if (!summarise(wle, var, se2) || !(var > 0)) return kNaN;
    return (var - se2) / var;
}

double eapReliability(const std::vector<ThetaEstimate>& eap) {
    double var = 0, sd2 = 0;
    if (!summarise(eap, var, sd2) || !(var + sd2 > 0)) return kNaN;
    return var / (var + sd2);
}

double pvReliability(const std::vector<double>& pv, int pvCount) {
    if (pvCount < 2) return kNaN;
    const size_t m = static_cast<size_t>(pvCount);
    double n = 0, s = 0, ss = 0, within = 0, persons = 0;
    for (size_t p = 0; p + m <= pv.size(); p += m) {
        if (!std::isfinite(pv[p])) continue;
        double ps = 0, pss = 0;
        for (size_t k = 0; k < m; ++k) {
            ps += pv[p + k];
            pss += pv[p + k] * pv[p + k];
        }
        within += (pss - ps * ps / static_cast<double>(m)) / static_cast<double>(m - 1);
        persons += 1;
        n += static_cast<double>(m);
        s += ps;
        ss += pss;
    }
    if (persons < 2) return kNaN;
    const double mean = s / n, total = ss / n - mean * mean;
    if (!(total > 0)) return kNaN;
    return 1 - (within / persons) / total;
}

Reliability reliability(const PersonEstimates& e) {
    return {wleReliability(e.wle), eapReliability(e.eap), pvReliability(e.pv, e.pvCount)};
}

}  // namespace dlk
