#include "irt/mml_calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "irt/pcm_newton.h"
#include "irt/quadrature.h"
#include "irt/squarem.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

struct EmState {
    std::vector<double> steps;  // all items' step difficulties, item after item
    double mu = 0;
    double sigma = 1;
};

// The EM map on score groups. The complete-data log-likelihood of item i is
//   -sum_j C_ij step_ij - sum_q N_iq log gamma_i(theta_q),
// with C_ij the number of persons reaching step j (observed, fixed) and N_iq the expected number
// of persons given item i at node q (the only thing the E-step has to deliver), so the M-step is
// a small concave Newton problem per item.
class Em {
public:
    Em(const DesignSummary& d, const std::vector<int>& maxScore, const std::vector<char>& isFree, bool muFree,
       const Quadrature& quad)
        : m_d(d), m_maxScore(maxScore), m_free(isFree), m_muFree(muFree), m_z(quad.nodes) {
        const size_t items = maxScore.size(), q = m_z.size();
        for (double w : quad.weights) m_logPrior.push_back(std::log(w));
        m_offset.resize(items + 1, 0);
        for (size_t i = 0; i < items; ++i) m_offset[i + 1] = m_offset[i] + static_cast<size_t>(maxScore[i]);
        m_reached.assign(m_offset[items], 0);
        for (size_t i = 0; i < items; ++i) {
            const auto& cats = d.itemCategoryCounts[i];
            double atLeast = 0;
            for (int k = maxScore[i]; k >= 1; --k) {
                if (static_cast<size_t>(k) < cats.size()) atLeast += cats[static_cast<size_t>(k)];
                m_reached[m_offset[i] + static_cast<size_t>(k - 1)] = atLeast;
            }
        }
        m_theta.resize(q);
        m_logNorm.resize(items * q);
        m_bookletLog.resize(d.booklets.size() * q);
        m_bookletMass.resize(d.booklets.size() * q);
        m_itemMass.resize(items * q);
        m_scoreMass.resize(q);
        m_w.resize(q);
        for (const auto& g : d.groups) m_persons += g.persons;
    }

    size_t stepOffset(size_t i) const { return m_offset[i]; }
    size_t stepCount() const { return m_offset.back(); }

    // E-step at s; returns the marginal log-likelihood at s.
    double expect(const EmState& s) {
        const size_t items = m_maxScore.size(), nq = m_z.size();
        for (size_t q = 0; q < nq; ++q) m_theta[q] = s.mu + s.sigma * m_z[q];
        for (size_t i = 0; i < items; ++i)
            for (size_t q = 0; q < nq; ++q)
                m_logNorm[i * nq + q] = logNormaliser(s.steps.data() + m_offset[i], m_maxScore[i], m_theta[q]);
        std::fill(m_bookletLog.begin(), m_bookletLog.end(), 0.0);
        std::fill(m_bookletMass.begin(), m_bookletMass.end(), 0.0);
        for (size_t b = 0; b < m_d.booklets.size(); ++b) {
            double* a = &m_bookletLog[b * nq];
            for (int i : m_d.booklets[b].items) {
                const double* l = &m_logNorm[static_cast<size_t>(i) * nq];
                for (size_t q = 0; q < nq; ++q) a[q] += l[q];
            }
        }
        double ll = 0;
        m_s1 = m_s2 = 0;
        std::fill(m_scoreMass.begin(), m_scoreMass.end(), 0.0);
        for (const ScoreGroup& g : m_d.groups) {
            const double* a = &m_bookletLog[static_cast<size_t>(g.booklet) * nq];
            double top = -std::numeric_limits<double>::infinity();
            for (size_t q = 0; q < nq; ++q) {
                m_w[q] = m_logPrior[q] + g.score * m_theta[q] - a[q];
                top = std::max(top, m_w[q]);
            }
            double sum = 0;
            for (size_t q = 0; q < nq; ++q) sum += (m_w[q] = std::exp(m_w[q] - top));
            ll += g.persons * (top + std::log(sum));
            const double scale = g.persons / sum;
            double* mass = &m_bookletMass[static_cast<size_t>(g.booklet) * nq];
            for (size_t q = 0; q < nq; ++q) {
                const double n = m_w[q] * scale;
                mass[q] += n;
                m_scoreMass[q] += n * g.score;
                m_s1 += n * m_theta[q];
                m_s2 += n * m_theta[q] * m_theta[q];
            }
        }
        for (size_t j = 0; j < stepCount(); ++j) ll -= m_reached[j] * s.steps[j];
        std::fill(m_itemMass.begin(), m_itemMass.end(), 0.0);
        for (size_t b = 0; b < m_d.booklets.size(); ++b) {
            const double* mass = &m_bookletMass[b * nq];
            for (int i : m_d.booklets[b].items) {
                double* n = &m_itemMass[static_cast<size_t>(i) * nq];
                for (size_t q = 0; q < nq; ++q) n[q] += mass[q];
            }
        }
        return ll;
    }

    // M-step after expect(s): the new state into out.
    void maximise(const EmState& s, EmState& out) {
        out.steps = s.steps;
        for (size_t i = 0; i < m_maxScore.size(); ++i)
            if (m_free[i]) newton(i, out.steps.data() + m_offset[i]);
        const double n = m_persons;
        out.mu = m_muFree ? m_s1 / n : s.mu;
        const double var = m_s2 / n - 2 * out.mu * m_s1 / n + out.mu * out.mu;
        out.sigma = std::sqrt(std::max(var, 1e-12));
    }

    // The gradient of the marginal log-likelihood after expect(s), into g: every step (item after
    // item), then mu and log sigma. By Fisher's identity it is the expected complete-data gradient:
    // step j of item i gets sum_q N_iq P(X_i >= j | theta_q) - C_ij. The nodes theta_q = mu + sigma z_q
    // move with mu and sigma, so those get sum_q dtheta_q * (S_q - sum_i N_iq E(X_i | theta_q)), S_q
    // the expected raw score mass at node q: the exact derivative of the quadrature's likelihood.
    void gradient(const EmState& s, std::vector<double>& g) const {
        const size_t items = m_maxScore.size(), nq = m_z.size();
        g.assign(stepCount() + 2, 0.0);
        std::vector<double> resid(m_scoreMass);
        double p[ResponseMatrix::kScoreLimit + 1];
        for (size_t i = 0; i < items; ++i) {
            const int m = m_maxScore[i];
            const double* steps = s.steps.data() + m_offset[i];
            const double* n = &m_itemMass[i * nq];
            double* gi = g.data() + m_offset[i];
            for (size_t q = 0; q < nq; ++q) {
                if (n[q] == 0) continue;
                const double logNorm = m_logNorm[i * nq + q];
                double cum = 0;
                p[0] = std::exp(-logNorm);
                for (int k = 1; k <= m; ++k) {
                    cum += steps[k - 1];
                    p[k] = std::exp(k * m_theta[q] - cum - logNorm);
                }
                double tail = 0, mean = 0;
                for (int k = m; k >= 1; --k) {
                    tail += p[k];
                    gi[k - 1] += n[q] * tail;
                    mean += tail;
                }
                resid[q] -= n[q] * mean;
            }
        }
        for (size_t j = 0; j < stepCount(); ++j) g[j] -= m_reached[j];
        double gMu = 0, gLogSigma = 0;
        for (size_t q = 0; q < nq; ++q) {
            gMu += resid[q];
            gLogSigma += s.sigma * m_z[q] * resid[q];
        }
        g[stepCount()] = gMu;
        g[stepCount() + 1] = gLogSigma;
    }

private:
    void newton(size_t i, double* steps) {
        const size_t nq = m_z.size();
        newtonPcmSteps(m_theta.data(), 1, &m_itemMass[i * nq], nq, m_maxScore[i], &m_reached[m_offset[i]], steps);
    }

    const DesignSummary& m_d;
    const std::vector<int>& m_maxScore;
    const std::vector<char>& m_free;
    bool m_muFree;
    std::vector<double> m_z, m_logPrior;
    std::vector<size_t> m_offset;
    std::vector<double> m_reached;
    std::vector<double> m_theta, m_logNorm, m_bookletLog, m_bookletMass, m_itemMass, m_scoreMass, m_w;
    double m_persons = 0, m_s1 = 0, m_s2 = 0;
};

double maxChange(const EmState& a, const EmState& b) {
    double c = std::max(std::fabs(a.mu - b.mu), std::fabs(a.sigma - b.sigma));
    for (size_t j = 0; j < a.steps.size(); ++j) c = std::max(c, std::fabs(a.steps[j] - b.steps[j]));
    return c;
}

std::string listIds(const ResponseMatrix& r, const std::vector<int>& items) {
    std::string s;
    for (size_t k = 0; k < items.size() && k < 6; ++k) s += (k ? ", " : "") + r.itemId(static_cast<size_t>(items[k]));
    if (items.size() > 6) s += " and " + std::to_string(items.size() - 6) + " more";
    return s;
}

// Every category of a free item must be observed, or its step difficulty runs off to infinity.
std::string categoryProblem(const ResponseMatrix& r, const DesignSummary& d, size_t i) {
    const std::string& id = r.itemId(i);
    const int n = d.itemPersons[i], m = d.itemMaxScore[i];
    if (n == 0) return "item " + id + ": nobody was given it (its column is empty), so it cannot be calibrated";
    const auto& c = d.itemCategoryCounts[i];
    if (m == 0) return "item " + id + ": nobody scored above 0 (" + std::to_string(n) + " answers)";
    if (c[0] == 0)
        return m == 1 ? "item " + id + ": everyone answered it right (" + std::to_string(n) + " answers)"
               : c[static_cast<size_t>(m)] == n
                   ? "item " + id + ": everyone scored the maximum " + std::to_string(m) + " (" + std::to_string(n) +
                         " answers)"
                   : "item " + id + ": nobody scored 0 (" + std::to_string(n) + " answers)";
    if (c[static_cast<size_t>(m)] == 0) return "item " + id + ": nobody scored its maximum " + std::to_string(m);
    for (int k = 1; k < m; ++k)
        if (c[static_cast<size_t>(k)] == 0)
            return "item " + id + ": nobody scored exactly " + std::to_string(k) + " of " + std::to_string(m) +
                   ", so the partial credit model cannot place its steps; merge that score with a neighbour";
    return {};
}

}  // namespace

Calibration calibrate(const ResponseMatrix& responses, const CalibrationOptions& options) {
    return calibrate(responses, summariseDesign(responses), options);
}

Calibration calibrate(const ResponseMatrix& responses, const DesignSummary& design, const CalibrationOptions& options) {
    const size_t items = responses.itemCount();
    if (design.itemMaxScore.size() != items)
        throw Error(ErrorKind::Invalid, "the design summary is not of these responses");
    if (items == 0) throw Error(ErrorKind::Invalid, "there are no items to calibrate");
    if (design.personsWithData == 0) throw Error(ErrorKind::Invalid, "nobody was given any item");

    // Anchors by item.
    std::vector<int> anchorOf(items, -1);
    std::vector<std::string> unknown;
    std::vector<std::string> problems;
    for (size_t a = 0; a < options.anchors.size(); ++a) {
        const ItemParams& anchor = options.anchors[a];
        const auto i = responses.findItem(anchor.id);
        if (!i) {
            unknown.push_back(anchor.id);
            continue;
        }
        if (anchorOf[*i] >= 0) problems.push_back("item " + anchor.id + " is anchored twice");
        anchorOf[*i] = static_cast<int>(a);
        if (anchor.maxScore < 1 || anchor.tau.size() != static_cast<size_t>(anchor.maxScore))
            problems.push_back("anchor " + anchor.id + ": needs " + std::to_string(anchor.maxScore) + " tau values");
        else if (design.itemMaxScore[*i] > anchor.maxScore)
            problems.push_back("anchor " + anchor.id + ": the responses have a score of " +
                               std::to_string(design.itemMaxScore[*i]) + ", above its maximum " +
                               std::to_string(anchor.maxScore));
    }
    if (!unknown.empty()) {
        std::string s;
        for (size_t k = 0; k < unknown.size() && k < 6; ++k) s += (k ? ", " : "") + unknown[k];
        if (unknown.size() > 6) s += " and " + std::to_string(unknown.size() - 6) + " more";
        throw Error(ErrorKind::Invalid, "the anchor file names item" + std::string(unknown.size() > 1 ? "s " : " ") +
                                            s + ", which the responses do not contain");
    }
    std::vector<char> isFree(items, 1);
    std::vector<int> maxScore(items);
    int anchored = 0;
    for (size_t i = 0; i < items; ++i) {
        if (anchorOf[i] >= 0) {
            isFree[i] = 0;
            ++anchored;
            maxScore[i] = options.anchors[static_cast<size_t>(anchorOf[i])].maxScore;
            continue;
        }
        maxScore[i] = design.itemMaxScore[i];
        if (std::string p = categoryProblem(responses, design, i); !p.empty()) problems.push_back(std::move(p));
    }
    if (!problems.empty()) {
        std::string s = problems[0];
        for (size_t k = 1; k < problems.size() && k < 8; ++k) s += "; " + problems[k];
        if (problems.size() > 8) s += "; and " + std::to_string(problems.size() - 8) + " more problems";
        throw Error(ErrorKind::Invalid, s);
    }
    // A disconnected design has no common scale, unless each part is tied down by its own anchor.
    const auto components = itemComponents(design);
    if (components.size() > 1) {
        bool allAnchored = anchored > 0;
        for (const auto& c : components) {
            bool has = false;
            for (int i : c) has = has || !isFree[static_cast<size_t>(i)];
            allAnchored = allAnchored && has;
        }
        if (!allAnchored)
            throw Error(
                ErrorKind::Invalid,
                "the booklet design is not connected: no pupil took both an item of {" +
                    listIds(responses, components[0]) + "} and one of {" + listIds(responses, components[1]) + "}" +
                    (components.size() > 2 ? " (" + std::to_string(components.size()) + " separate groups of items)"
                                           : "") +
                    ", so their difficulties cannot be put on one scale; add linking items or anchors");
    }
    if (options.quadratureNodes < 5) throw Error(ErrorKind::Invalid, "calibration needs at least 5 quadrature nodes");

    const Quadrature quad = gaussHermiteNormal(options.quadratureNodes);
    const bool muFree = anchored > 0;
    Em em(design, maxScore, isFree, muFree, quad);

    // Start: anchors as given; free steps from adjacent-category log odds (a person-free guess the
    // EM corrects within a few iterations).
    EmState x;
    x.steps.resize(em.stepCount());
    for (size_t i = 0; i < items; ++i) {
        double* s = x.steps.data() + em.stepOffset(i);
        if (!isFree[i]) {
            const ItemParams& a = options.anchors[static_cast<size_t>(anchorOf[i])];
            for (int j = 1; j <= maxScore[i]; ++j) s[j - 1] = a.step(j);
            continue;
        }
        const auto& c = design.itemCategoryCounts[i];
        for (int j = 1; j <= maxScore[i]; ++j)
            s[j - 1] = std::clamp(
                std::log(static_cast<double>(c[static_cast<size_t>(j - 1)]) / c[static_cast<size_t>(j)]), -5.0, 5.0);
    }

    CalibrationReport report;
    report.persons = design.personsWithData;
    report.booklets = static_cast<int>(design.booklets.size());
    report.scoreGroups = static_cast<int>(design.groups.size());
    report.anchoredItems = anchored;

    // EM accelerated by SQUAREM (squarem.h); the SD enters the extrapolation as its log.
    auto emStep = [&](const EmState& from, EmState& to) {
        const double ll = em.expect(from);
        em.maximise(from, to);
        return ll;
    };
    // A state the EM cannot come back from: empty when x is usable.
    auto runaway = [](const EmState& s) -> std::string {
        if (!std::isfinite(s.mu) || !std::isfinite(s.sigma)) return "the population model became NaN or infinite";
        if (s.sigma > kMaxPopulationSdLogits)
            return "the population SD ran off to " + formatDouble(s.sigma) + " logits";
        for (double v : s.steps) {
            if (!std::isfinite(v)) return "a step difficulty became NaN or infinite";
            if (std::fabs(v) > kMaxStepLogits) return "a step difficulty ran off to " + formatDouble(v) + " logits";
        }
        return "";
    };
    const size_t n = x.steps.size();
    auto get = [n](const EmState& s, size_t k) { return k < n ? s.steps[k] : k == n ? s.mu : std::log(s.sigma); };
    auto set = [n](EmState& s, size_t k, double v) {
        if (k < n)
            s.steps[k] = v;
        else if (k == n)
            s.mu = v;
        else
            s.sigma = std::exp(std::clamp(v, -10.0, 5.0));
    };
    const EmRun run =
        runSquarem(x, n + 2, options.tolerance, options.maxIterations, emStep, maxChange, runaway, get, set);
    report.converged = run.converged;
    report.problem = run.problem;
    report.iterations = run.iterations;
    report.maxChange = run.change;

    // The origin: anchors fix it; otherwise centre the item locations or the population.
    double shift = 0;
    if (!muFree && options.identification == Identification::CentreItems) {
        double sum = 0;
        for (size_t i = 0; i < items; ++i) {
            double loc = 0;
            for (int j = 0; j < maxScore[i]; ++j) loc += x.steps[em.stepOffset(i) + static_cast<size_t>(j)];
            sum += loc / maxScore[i];
        }
        shift = sum / static_cast<double>(items);
        for (double& s : x.steps) s -= shift;
        x.mu -= shift;
    }
    report.logLikelihood = em.expect(x);

    Calibration result;
    result.population = {x.mu, x.sigma};
    result.report = report;
    for (size_t i = 0; i < items; ++i) {
        if (!isFree[i]) {
            ItemParams a = options.anchors[static_cast<size_t>(anchorOf[i])];
            a.anchored = true;
            result.items.push_back(std::move(a));
            continue;
        }
        const double* s = x.steps.data() + em.stepOffset(i);
        result.items.push_back(ItemParams::fromSteps(responses.itemId(i), std::vector<double>(s, s + maxScore[i])));
    }
    return result;
}

struct MarginalLikelihood::Impl {
    std::vector<int> maxScore;
    std::vector<char> isFree;
    Em em;
    EmState state;
    Impl(const DesignSummary& d, std::vector<int> max, int nodes)
        : maxScore(std::move(max)),
          isFree(maxScore.size(), 1),
          em(d, maxScore, isFree, true, gaussHermiteNormal(nodes)) {}
    void set(const std::vector<double>& steps, PopulationModel population) {
        if (steps.size() != em.stepCount())
            throw Error(ErrorKind::Invalid, "the marginal likelihood needs " + std::to_string(em.stepCount()) +
                                                " step difficulties, not " + std::to_string(steps.size()));
        state.steps = steps;
        state.mu = population.mean;
        state.sigma = population.sd;
    }
};

MarginalLikelihood::MarginalLikelihood(const DesignSummary& design, std::vector<int> maxScore, int quadratureNodes) {
    if (maxScore.size() != design.itemMaxScore.size())
        throw Error(ErrorKind::Invalid, "the marginal likelihood needs one maximum score per item of the design");
    for (size_t i = 0; i < maxScore.size(); ++i)
        if (maxScore[i] < 1 || maxScore[i] > ResponseMatrix::kScoreLimit || maxScore[i] < design.itemMaxScore[i])
            throw Error(ErrorKind::Invalid,
                        "item " + std::to_string(i + 1) + ": maximum score " + std::to_string(maxScore[i]) +
                            " is not 1.." + std::to_string(ResponseMatrix::kScoreLimit) +
                            " or is below the responses' " + std::to_string(design.itemMaxScore[i]));
    m_impl = std::make_unique<Impl>(design, std::move(maxScore), quadratureNodes);
}

MarginalLikelihood::~MarginalLikelihood() = default;

size_t MarginalLikelihood::stepOffset(size_t item) const {
    return m_impl->em.stepOffset(item);
}

size_t MarginalLikelihood::stepCount() const {
    return m_impl->em.stepCount();
}

double MarginalLikelihood::logLikelihood(const std::vector<double>& steps, PopulationModel population) {
    m_impl->set(steps, population);
    return m_impl->em.expect(m_impl->state);
}

double MarginalLikelihood::gradient(const std::vector<double>& steps, PopulationModel population,
                                    std::vector<double>& g) {
    m_impl->set(steps, population);
    const double ll = m_impl->em.expect(m_impl->state);
    m_impl->em.gradient(m_impl->state, g);
    return ll;
}

PopulationModel estimatePopulation(const ResponseMatrix& responses, const DesignSummary& design,
                                   const std::vector<ItemParams>& items) {
    CalibrationOptions options;
    for (const ItemParams& p : items)
        if (responses.findItem(p.id)) options.anchors.push_back(p);
    return calibrate(responses, design, options).population;
}

}  // namespace dlk
