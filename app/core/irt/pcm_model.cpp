#include "irt/pcm_model.h"

#include <algorithm>
#include <cmath>

namespace dlk {

std::vector<double> ItemParams::steps() const {
    std::vector<double> s(static_cast<size_t>(maxScore));
    for (int j = 1; j <= maxScore; ++j) s[static_cast<size_t>(j - 1)] = step(j);
    return s;
}

ItemParams ItemParams::fromSteps(std::string id, const std::vector<double>& steps) {
    ItemParams p;
    p.id = std::move(id);
    p.maxScore = static_cast<int>(steps.size());
    double sum = 0;
    for (double s : steps) sum += s;
    p.delta = steps.empty() ? 0 : sum / static_cast<double>(steps.size());
    for (double s : steps) p.tau.push_back(s - p.delta);
    return p;
}

PcmItem::PcmItem(const ItemParams& params) : PcmItem(params.steps()) {}

PcmItem::PcmItem(const std::vector<double>& steps) {
    m_cum.resize(steps.size() + 1);
    m_cum[0] = 0;
    for (size_t j = 0; j < steps.size(); ++j) m_cum[j + 1] = m_cum[j] + steps[j];
}

double PcmItem::logNormaliser(double theta) const {
    const size_t m = m_cum.size() - 1;
    if (m == 1) {
        // log(1 + e^x) without overflow or cancellation
        const double x = theta - m_cum[1];
        return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    }
    double top = 0;
    for (size_t k = 1; k <= m; ++k) top = std::max(top, static_cast<double>(k) * theta - m_cum[k]);
    double sum = 0;
    for (size_t k = 0; k <= m; ++k) sum += std::exp(static_cast<double>(k) * theta - m_cum[k] - top);
    return top + std::log(sum);
}

void PcmItem::probabilities(double theta, double* p) const {
    const size_t m = m_cum.size() - 1;
    double top = 0;
    for (size_t k = 1; k <= m; ++k) top = std::max(top, static_cast<double>(k) * theta - m_cum[k]);
    double sum = 0;
    for (size_t k = 0; k <= m; ++k) {
        p[k] = std::exp(static_cast<double>(k) * theta - m_cum[k] - top);
        sum += p[k];
    }
    for (size_t k = 0; k <= m; ++k) p[k] /= sum;
}

std::vector<double> PcmItem::probabilities(double theta) const {
    std::vector<double> p(m_cum.size());
    probabilities(theta, p.data());
    return p;
}

ItemMoments PcmItem::moments(double theta) const {
    const size_t m = m_cum.size() - 1;
    double buf[64];
    std::vector<double> big;
    double* p = buf;
    if (m + 1 > 64) {
        big.resize(m + 1);
        p = big.data();
    }
    probabilities(theta, p);
    ItemMoments r;
    for (size_t k = 1; k <= m; ++k) r.mean += static_cast<double>(k) * p[k];
    for (size_t k = 0; k <= m; ++k) {
        const double d = static_cast<double>(k) - r.mean, d2 = d * d;
        r.variance += d2 * p[k];
        r.third += d2 * d * p[k];
        r.fourth += d2 * d2 * p[k];
    }
    return r;
}

}  // namespace dlk
