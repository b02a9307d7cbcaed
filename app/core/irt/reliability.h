#pragma once
// Reliability of the person estimates of a sample: the share of the variance of theta the
// estimates recover. Persons without an estimate (NaN) are left out; NaN when fewer than two remain.
#include <vector>

#include "irt/person_estimates.h"

namespace dlk {

struct Reliability {
    double wle = 0;  // (var(WLE) - mean SE^2) / var(WLE)
    double eap = 0;  // var(EAP) / (var(EAP) + mean posterior variance)
    double pv = 0;   // 1 - mean within-person variance of the PVs / variance of all PVs
};

double wleReliability(const std::vector<ThetaEstimate>& wle);
double eapReliability(const std::vector<ThetaEstimate>& eap);
// pv is person-major with pvCount values per person (PersonEstimates::pv); needs pvCount >= 2.
double pvReliability(const std::vector<double>& pv, int pvCount);
Reliability reliability(const PersonEstimates& estimates);

}  // namespace dlk
