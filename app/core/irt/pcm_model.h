#pragma once
// The Rasch model and Masters' partial credit model (PCM). A dichotomous item is a PCM item with
// maximum score 1, so one code path serves both:
//   P(X = k | theta) = exp(sum_{j<=k} (theta - step_j)) / sum_{h=0..m} exp(sum_{j<=h} (theta - step_j)).
// The raw score is a sufficient statistic for theta, which the calibration and the person
// estimates exploit (see score_groups.h).
#include <string>
#include <vector>

namespace dlk {

// One item's parameters in the ITEMS.csv parametrisation: step j's difficulty is delta + tau[j-1].
struct ItemParams {
    std::string id;
    int maxScore = 1;
    double delta = 0;         // location: the mean of the step difficulties (the Rasch difficulty)
    std::vector<double> tau;  // maxScore deviations of the steps from delta; they sum to 0
    bool anchored = false;    // fixed during calibration (linking to an earlier bank)

    double step(int j) const { return delta + tau[static_cast<size_t>(j - 1)]; }  // j = 1..maxScore
    std::vector<double> steps() const;
    // The item from its step difficulties (Masters thresholds): delta is their mean.
    static ItemParams fromSteps(std::string id, const std::vector<double>& steps);
};

// Mean, variance and third and fourth central moments of an item score at one theta: the
// variance is the item information, the third moment its derivative (Warm's correction) and
// the fourth the variance of the squared residual (fit statistics).
struct ItemMoments {
    double mean = 0;
    double variance = 0;
    double third = 0;
    double fourth = 0;
};

// An item prepared for repeated evaluation: cumulative step sums instead of parameters.
class PcmItem {
public:
    PcmItem() = default;
    explicit PcmItem(const ItemParams& params);
    explicit PcmItem(const std::vector<double>& steps);

    int maxScore() const { return static_cast<int>(m_cum.size()) - 1; }
    // log sum_h exp(h theta - cum_h), without overflow for any finite theta.
    double logNormaliser(double theta) const;
    // maxScore() + 1 probabilities into p.
    void probabilities(double theta, double* p) const;
    std::vector<double> probabilities(double theta) const;
    ItemMoments moments(double theta) const;

private:
    std::vector<double> m_cum;  // cum_0 = 0, cum_k = step_1 + ... + step_k
};

}  // namespace dlk
