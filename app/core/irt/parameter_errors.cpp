#include "irt/parameter_errors.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "util/error.h"

namespace dlk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<int> maxScores(const Calibration& c) {
    std::vector<int> m;
    for (const ItemParams& p : c.items) m.push_back(p.maxScore);
    return m;
}

}  // namespace

std::vector<double> invertSpd(std::vector<double> a, size_t n, size_t& where) {
    auto at = [&](size_t r, size_t c) -> double& { return a[r * n + c]; };
    for (size_t j = 0; j < n; ++j) {
        const double diag = at(j, j);
        double s = diag;
        for (size_t k = 0; k < j; ++k) s -= at(j, k) * at(j, k);
        if (!(s > 1e-10 * std::fabs(diag)) || !std::isfinite(s)) {
            where = j;
            return {};
        }
        at(j, j) = std::sqrt(s);
        for (size_t r = j + 1; r < n; ++r) {
            double t = at(r, j);
            for (size_t k = 0; k < j; ++k) t -= at(r, k) * at(j, k);
            at(r, j) = t / at(j, j);
        }
    }
    // L^-1 (lower), then (L L')^-1 = L^-T L^-1.
    std::vector<double> li(n * n, 0.0);
    for (size_t c = 0; c < n; ++c) {
        li[c * n + c] = 1 / at(c, c);
        for (size_t r = c + 1; r < n; ++r) {
            double t = 0;
            for (size_t k = c; k < r; ++k) t -= at(r, k) * li[k * n + c];
            li[r * n + c] = t / at(r, r);
        }
    }
    std::vector<double> inv(n * n, 0.0);
    for (size_t r = 0; r < n; ++r)
        for (size_t c = 0; c <= r; ++c) {
            double t = 0;
            for (size_t k = r; k < n; ++k) t += li[k * n + r] * li[k * n + c];
            inv[r * n + c] = inv[c * n + r] = t;
        }
    return inv;
}

double seOf(const std::vector<double>& v, size_t n, const std::vector<std::pair<size_t, double>>& a) {
    double s = 0;
    for (const auto& [r, wr] : a)
        for (const auto& [c, wc] : a) s += wr * wc * v[r * n + c];
    return std::sqrt(std::max(s, 0.0));
}

CalibrationLikelihood::CalibrationLikelihood(const DesignSummary& design, const Calibration& calibration,
                                             const CalibrationOptions& options)
    : m_likelihood(design, maxScores(calibration), options.quadratureNodes), m_maxScore(maxScores(calibration)) {
    for (const ItemParams& p : calibration.items) {
        if (p.tau.size() != static_cast<size_t>(p.maxScore))
            throw Error(ErrorKind::Invalid, "item " + p.id + ": needs " + std::to_string(p.maxScore) + " tau values");
        m_muFree = m_muFree || p.anchored;
    }
    // Without anchors the EM estimated with mu fixed at 0 and shifted afterwards (CentreItems): the
    // same likelihood at the steps shifted back by the reported mean.
    const double back = m_muFree ? 0 : calibration.population.mean;
    m_population = {m_muFree ? calibration.population.mean : 0, calibration.population.sd};
    m_fixedSteps.assign(m_likelihood.stepCount(), 0.0);
    for (size_t i = 0; i < calibration.items.size(); ++i) {
        const ItemParams& p = calibration.items[i];
        const size_t off = m_likelihood.stepOffset(i);
        for (int j = 1; j <= p.maxScore; ++j) m_fixedSteps[off + static_cast<size_t>(j - 1)] = p.step(j) - back;
        if (p.anchored) {
            m_itemOffset.push_back(-1);
            continue;
        }
        m_itemOffset.push_back(static_cast<int>(m_estimates.size()));
        for (int j = 0; j < p.maxScore; ++j) m_estimates.push_back(m_fixedSteps[off + static_cast<size_t>(j)]);
    }
    if (m_muFree) m_estimates.push_back(m_population.mean);
    m_estimates.push_back(std::log(m_population.sd));
}

void CalibrationLikelihood::unpack(const std::vector<double>& x) {
    if (x.size() != m_estimates.size())
        throw Error(ErrorKind::Invalid, "the calibration has " + std::to_string(m_estimates.size()) +
                                            " free parameters, not " + std::to_string(x.size()));
    m_steps = m_fixedSteps;
    for (size_t i = 0; i < m_itemOffset.size(); ++i) {
        if (m_itemOffset[i] < 0) continue;
        const size_t off = m_likelihood.stepOffset(i), from = static_cast<size_t>(m_itemOffset[i]);
        for (size_t j = 0; j < static_cast<size_t>(m_maxScore[i]); ++j) m_steps[off + j] = x[from + j];
    }
    if (m_muFree) m_population.mean = x[x.size() - 2];
    m_population.sd = std::exp(x.back());
}

double CalibrationLikelihood::logLikelihood(const std::vector<double>& x) {
    unpack(x);
    return m_likelihood.logLikelihood(m_steps, m_population);
}

std::vector<double> CalibrationLikelihood::score(const std::vector<double>& x) {
    unpack(x);
    m_likelihood.gradient(m_steps, m_population, m_gradient);
    std::vector<double> g;
    g.reserve(x.size());
    for (size_t i = 0; i < m_itemOffset.size(); ++i) {
        if (m_itemOffset[i] < 0) continue;
        const size_t off = m_likelihood.stepOffset(i);
        for (size_t j = 0; j < static_cast<size_t>(m_maxScore[i]); ++j) g.push_back(m_gradient[off + j]);
    }
    const size_t steps = m_likelihood.stepCount();
    if (m_muFree) g.push_back(m_gradient[steps]);
    g.push_back(m_gradient[steps + 1]);
    return g;
}

std::vector<double> CalibrationLikelihood::information(const std::vector<double>& x, double h) {
    return informationFromScore([this](const std::vector<double>& at) { return score(at); }, x, h, true);
}

std::vector<double> informationFromScore(const std::function<std::vector<double>(const std::vector<double>&)>& score,
                                         const std::vector<double>& x, double h, bool central) {
    const size_t n = x.size();
    std::vector<double> j(n * n), xs = x;
    const std::vector<double> at = central ? std::vector<double>() : score(x);
    for (size_t c = 0; c < n; ++c) {
        xs[c] = x[c] + h;
        const std::vector<double> up = score(xs);
        if (central) {
            xs[c] = x[c] - h;
            const std::vector<double> down = score(xs);
            for (size_t r = 0; r < n; ++r) j[r * n + c] = (up[r] - down[r]) / (2 * h);
        } else {
            for (size_t r = 0; r < n; ++r) j[r * n + c] = (up[r] - at[r]) / h;
        }
        xs[c] = x[c];
    }
    std::vector<double> info(n * n);
    for (size_t r = 0; r < n; ++r)
        for (size_t c = 0; c < n; ++c) info[r * n + c] = -(j[r * n + c] + j[c * n + r]) / 2;
    return info;
}

ItemErrors itemErrorsOf(const std::vector<double>& v, size_t n, size_t offset, int maxScore,
                        const std::vector<std::pair<size_t, double>>& shift) {
    auto minus = [](std::vector<std::pair<size_t, double>> a, const std::vector<std::pair<size_t, double>>& b) {
        for (const auto& [k, w] : b) a.emplace_back(k, -w);
        return a;
    };
    ItemErrors e;
    std::vector<std::pair<size_t, double>> location;
    for (int j = 0; j < maxScore; ++j) location.emplace_back(offset + static_cast<size_t>(j), 1.0 / maxScore);
    e.delta = seOf(v, n, minus(location, shift));
    for (int j = 0; j < maxScore; ++j) {
        const std::vector<std::pair<size_t, double>> step = {{offset + static_cast<size_t>(j), 1.0}};
        e.steps.push_back(seOf(v, n, minus(step, shift)));
        e.tau.push_back(maxScore == 1 ? 0.0 : seOf(v, n, minus(step, location)));
    }
    return e;
}

ParameterErrors parameterErrors(const DesignSummary& design, const Calibration& calibration,
                                const CalibrationOptions& options) {
    ParameterErrors out;
    if (!calibration.report.converged) {
        out.problem = "the calibration did not converge, so its parameters have no standard errors";
        return out;
    }
    CalibrationLikelihood likelihood(design, calibration, options);
    const size_t n = likelihood.size();
    out.parameters = static_cast<int>(n);
    size_t where = 0;
    const std::vector<double> v = invertSpd(likelihood.information(likelihood.estimates()), n, where);
    if (v.empty()) {
        std::string what = "the population SD";
        for (size_t i = 0; i < calibration.items.size(); ++i) {
            const int off = likelihood.itemOffset()[i];
            if (off >= 0 && where >= static_cast<size_t>(off) &&
                where < static_cast<size_t>(off + calibration.items[i].maxScore))
                what =
                    "item " + calibration.items[i].id + " step " + std::to_string(where - static_cast<size_t>(off) + 1);
        }
        if (likelihood.muFree() && where == n - 2) what = "the population mean";
        out.problem = "the information matrix is not positive definite (at " + what +
                      "): the data do not determine every parameter, so there are no standard errors";
        return out;
    }

    // The reported parameters as linear functions of x. CentreItems without anchors subtracts the
    // mean location, sum_i sum_j step_ij / (items x m_i), from every step and from mu.
    const size_t items = calibration.items.size();
    const bool centred = !likelihood.muFree() && options.identification == Identification::CentreItems;
    std::vector<std::pair<size_t, double>> shift;
    if (centred)
        for (size_t i = 0; i < items; ++i) {
            const int m = calibration.items[i].maxScore;
            for (int j = 0; j < m; ++j)
                shift.emplace_back(static_cast<size_t>(likelihood.itemOffset()[i] + j),
                                   1.0 / (static_cast<double>(items) * m));
        }
    for (size_t i = 0; i < items; ++i) {
        const ItemParams& p = calibration.items[i];
        const int off = likelihood.itemOffset()[i];
        if (off < 0) {
            ItemErrors e;
            e.delta = kNaN;
            e.steps.assign(static_cast<size_t>(p.maxScore), kNaN);
            e.tau.assign(static_cast<size_t>(p.maxScore), kNaN);
            out.items.push_back(std::move(e));
            continue;
        }
        out.items.push_back(itemErrorsOf(v, n, static_cast<size_t>(off), p.maxScore, shift));
    }
    if (likelihood.muFree())
        out.populationMean = std::sqrt(std::max(v[(n - 2) * n + (n - 2)], 0.0));
    else if (centred)
        out.populationMean = seOf(v, n, shift);
    else
        out.populationMean = kNaN;
    out.populationSd = calibration.population.sd * std::sqrt(std::max(v[n * n - 1], 0.0));
    return out;
}

}  // namespace dlk
