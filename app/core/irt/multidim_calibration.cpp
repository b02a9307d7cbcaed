#include "irt/multidim_calibration.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#include "irt/multidim_patterns.h"
#include "irt/multidim_regression.h"
#include "irt/parameter_errors.h"
#include "irt/pcm_newton.h"
#include "irt/quadrature.h"
#include "irt/random.h"
#include "irt/score_groups.h"
#include "irt/squarem.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Halton's bases; correlations between the sequences of large neighbouring primes spoil the
// points' spread beyond about ten dimensions, and nobody scales more domains than that.
constexpr int kPrimes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29};
static_assert(std::size(kPrimes) == kMaxDimensions, "one Halton base per dimension");
// The coarse stage of a calibration on many points (see calibrateMultidim): at least this many
// points, to this tolerance.
constexpr int kCoarsePoints = 1000;
constexpr double kCoarseTolerance = 1e-3;

double radicalInverse(uint64_t k, int base) {
    double inv = 1.0 / base, f = inv, r = 0;
    while (k > 0) {
        r += f * static_cast<double>(k % static_cast<uint64_t>(base));
        k /= static_cast<uint64_t>(base);
        f *= inv;
    }
    return r;
}

// Standard normal points with weights: Gauss-Hermite for one dimension, otherwise whitened
// quasi-Monte Carlo points (whitenedNormalPoints).
struct NodeSet {
    int dims = 0;
    size_t count = 0;
    std::vector<double> z;  // count x dims, point-major
    std::vector<double> weight;
};

// Quasi-Monte Carlo points of the standard normal in `dims` dimensions (a Halton sequence through
// the normal quantile), shifted and whitened so that their mean is exactly 0 and their covariance
// exactly I (a few thousand points miss both by about 1e-3, which would bias the population's
// estimates by as much); point-major, count x dims.
std::vector<double> whitenedNormalPoints(int dims, size_t count) {
    if (dims < 1 || dims > kMaxDimensions) throw Error(ErrorKind::Invalid, "points in 1 to 10 dimensions only");
    const size_t n = count, d = static_cast<size_t>(dims);
    std::vector<double> z(n * d);
    // Skipping the first points avoids the sequence's start, where all coordinates are small
    // together.
    constexpr uint64_t kSkip = 64;
    for (size_t m = 0; m < n; ++m)
        for (size_t k = 0; k < d; ++k) z[m * d + k] = normalQuantile(radicalInverse(m + kSkip, kPrimes[k]));
    std::vector<double> mean(d, 0.0), cov(d * d, 0.0), l;
    for (size_t m = 0; m < n; ++m)
        for (size_t k = 0; k < d; ++k) mean[k] += z[m * d + k] / static_cast<double>(n);
    for (size_t m = 0; m < n; ++m)
        for (size_t a = 0; a < d; ++a) z[m * d + a] -= mean[a];
    for (size_t m = 0; m < n; ++m)
        for (size_t a = 0; a < d; ++a)
            for (size_t b = 0; b <= a; ++b) cov[a * d + b] += z[m * d + a] * z[m * d + b] / static_cast<double>(n);
    for (size_t a = 0; a < d; ++a)
        for (size_t b = a + 1; b < d; ++b) cov[a * d + b] = cov[b * d + a];
    if (!choleskyFactor(cov, dims, l)) throw Error(ErrorKind::Invalid, "the integration points are degenerate");
    // z <- L^-1 z by forward substitution.
    for (size_t m = 0; m < n; ++m) {
        double* p = &z[m * d];
        for (size_t a = 0; a < d; ++a) {
            double t = p[a];
            for (size_t b = 0; b < a; ++b) t -= l[a * d + b] * p[b];
            p[a] = t / l[a * d + a];
        }
    }
    return z;
}

NodeSet makeNodes(int dims, const MultidimOptions& o) {
    NodeSet s;
    s.dims = dims;
    if (dims == 1) {
        const Quadrature q = gaussHermiteNormal(o.quadratureNodes);
        s.count = q.nodes.size();
        s.z = q.nodes;
        s.weight = q.weights;
        return s;
    }
    if (o.qmcNodes < 100 || o.qmcNodes > 200000)
        throw Error(ErrorKind::Invalid, "the number of integration points must be between 100 and 200000, not " +
                                            std::to_string(o.qmcNodes));
    s.count = static_cast<size_t>(o.qmcNodes);
    s.z = whitenedNormalPoints(dims, s.count);
    s.weight.assign(s.count, 1.0 / static_cast<double>(s.count));
    return s;
}

// The model's current state: every item's step difficulties (item after item), the population
// mean and the lower Cholesky factor of its covariance (full D x D, row-major).
struct State {
    std::vector<double> steps;
    std::vector<double> mean;
    std::vector<double> chol;
};

// The likelihood tables and posteriors for one state.
class Posterior {
public:
    Posterior(const Patterns& pt, const NodeSet& nodes, const std::vector<int>& dimOf, const std::vector<int>& maxScore)
        : m_pt(pt), m_nodes(nodes), m_dimOf(dimOf), m_maxScore(maxScore) {
        m_offset.resize(maxScore.size() + 1, 0);
        for (size_t i = 0; i < maxScore.size(); ++i) m_offset[i + 1] = m_offset[i] + static_cast<size_t>(maxScore[i]);
        const size_t n = nodes.count;
        m_theta.resize(n * static_cast<size_t>(pt.dims));
        m_logNorm.resize(maxScore.size() * n);
        m_table.resize(pt.slotBooklet.size() * n);
        m_tableLog.resize(pt.slotBooklet.size());
        m_sum.resize(pt.design.booklets.size() * static_cast<size_t>(pt.dims) * n);
    }

    size_t stepOffset(size_t i) const { return m_offset[i]; }
    size_t stepCount() const { return m_offset.back(); }
    const std::vector<double>& theta() const { return m_theta; }

    // Nodes, item normalisers and the tables at s: table row t at node m is
    //   exp(r theta_md - sum over the booklet's items i on d of log gamma_i(theta_md) - tableLog[t]),
    // scaled so that its largest value is 1; a pattern's likelihood at node m (up to a factor
    // that does not depend on theta) is the product of its rows.
    void prepare(const State& s) {
        const size_t n = m_nodes.count, dims = static_cast<size_t>(m_pt.dims);
        for (size_t m = 0; m < n; ++m)
            for (size_t a = 0; a < dims; ++a) {
                double t = s.mean[a];
                for (size_t b = 0; b <= a; ++b) t += s.chol[a * dims + b] * m_nodes.z[m * dims + b];
                m_theta[m * dims + a] = t;
            }
        for (size_t i = 0; i < m_maxScore.size(); ++i) {
            const size_t a = static_cast<size_t>(m_dimOf[i]);
            for (size_t m = 0; m < n; ++m)
                m_logNorm[i * n + m] =
                    logNormaliser(s.steps.data() + m_offset[i], m_maxScore[i], m_theta[m * dims + a]);
        }
        std::fill(m_sum.begin(), m_sum.end(), 0.0);
        for (size_t b = 0; b < m_pt.bookletItems.size(); ++b)
            for (size_t a = 0; a < dims; ++a) {
                double* sum = &m_sum[(b * dims + a) * n];
                for (int i : m_pt.bookletItems[b][a]) {
                    const double* l = &m_logNorm[static_cast<size_t>(i) * n];
                    for (size_t m = 0; m < n; ++m) sum[m] += l[m];
                }
            }
        for (size_t t = 0; t < m_pt.slotBooklet.size(); ++t) {
            const size_t b = static_cast<size_t>(m_pt.slotBooklet[t]), a = static_cast<size_t>(m_pt.slotDimension[t]);
            const double r = m_pt.slotScore[t];
            const double* sum = &m_sum[(b * dims + a) * n];
            double* row = &m_table[t * n];
            double top = -std::numeric_limits<double>::infinity();
            for (size_t m = 0; m < n; ++m) top = std::max(top, row[m] = r * m_theta[m * dims + a] - sum[m]);
            for (size_t m = 0; m < n; ++m) row[m] = std::exp(row[m] - top);
            m_tableLog[t] = top;
        }
    }

    // Pattern q's posterior over the nodes: unnormalised weights into w and their sum's inverse
    // into norm (the posterior at node m is w[m] * norm; the callers fold norm into what they
    // accumulate, which saves a pass over the nodes). Returns the log of the pattern's marginal
    // likelihood up to its constant.
    double posterior(size_t q, std::vector<double>& w, double& norm) const {
        const size_t n = m_nodes.count, dims = static_cast<size_t>(m_pt.dims);
        w.resize(n);
        const double* rows[kMaxDimensions];
        size_t k = 0;
        double logScale = 0;
        for (size_t a = 0; a < dims; ++a) {
            const int t = m_pt.slot[q * dims + a];
            if (t < 0) continue;
            rows[k++] = &m_table[static_cast<size_t>(t) * n];
            logScale += m_tableLog[static_cast<size_t>(t)];
        }
        // One pass: the product of the pattern's rows and the node weights, and its sum.
        const double* weight = m_nodes.weight.data();
        double z = 0;
        for (size_t m = 0; m < n; ++m) {
            double v = weight[m];
            for (size_t j = 0; j < k; ++j) v *= rows[j][m];
            w[m] = v;
            z += v;
        }
        // Each row peaks at 1, so only a pattern whose dimensions contradict each other beyond
        // anything the population allows can underflow; redo it in logs.
        if (!(z > 1e-250)) return posteriorInLogs(q, w, norm);
        norm = 1 / z;
        return std::log(z) + logScale;
    }

private:
    double posteriorInLogs(size_t q, std::vector<double>& w, double& norm) const {
        const size_t n = m_nodes.count, dims = static_cast<size_t>(m_pt.dims);
        const size_t b = static_cast<size_t>(m_pt.booklet[q]);
        double top = -std::numeric_limits<double>::infinity();
        for (size_t m = 0; m < n; ++m) {
            double lw = std::log(m_nodes.weight[m]);
            for (size_t a = 0; a < dims; ++a)
                if (m_pt.slot[q * dims + a] >= 0)
                    lw += m_pt.score[q * dims + a] * m_theta[m * dims + a] - m_sum[(b * dims + a) * n + m];
            top = std::max(top, w[m] = lw);
        }
        double z = 0;
        for (size_t m = 0; m < n; ++m) z += (w[m] = std::exp(w[m] - top));
        norm = 1 / z;
        return top + std::log(z);
    }

    const Patterns& m_pt;
    const NodeSet& m_nodes;
    const std::vector<int>& m_dimOf;
    const std::vector<int>& m_maxScore;
    std::vector<size_t> m_offset;
    std::vector<double> m_theta, m_logNorm, m_table, m_tableLog, m_sum;
};

class MultiEm {
public:
    MultiEm(const Patterns& pt, const NodeSet& nodes, const std::vector<int>& dimOf, const std::vector<int>& maxScore)
        : m_pt(pt), m_nodes(nodes), m_dimOf(dimOf), m_maxScore(maxScore), m_post(pt, nodes, dimOf, maxScore) {
        const size_t items = maxScore.size(), n = nodes.count;
        m_reached.assign(m_post.stepCount(), 0);
        for (size_t i = 0; i < items; ++i) {
            const auto& cats = pt.design.itemCategoryCounts[i];
            double atLeast = 0;
            for (int k = maxScore[i]; k >= 1; --k) {
                if (static_cast<size_t>(k) < cats.size()) atLeast += cats[static_cast<size_t>(k)];
                m_reached[m_post.stepOffset(i) + static_cast<size_t>(k - 1)] = atLeast;
            }
        }
        m_bookletMass.resize(pt.design.booklets.size() * n);
        m_itemMass.resize(items * n);
    }

    const Posterior& posterior() const { return m_post; }
    const Patterns& patterns() const { return m_pt; }
    const NodeSet& nodes() const { return m_nodes; }
    // After expect(): the expected persons at each node, per booklet and per item; the persons
    // who reached each step (data, not expectations).
    const std::vector<double>& bookletMass() const { return m_bookletMass; }
    const std::vector<double>& itemMass() const { return m_itemMass; }
    const std::vector<double>& reached() const { return m_reached; }
    size_t stepOffset(size_t i) const { return m_post.stepOffset(i); }
    size_t stepCount() const { return m_post.stepCount(); }

    // E-step at s; returns the marginal log-likelihood. The patterns are cut into a fixed number
    // of chunks, each with its own sums, added in chunk order: the result is the same on any
    // number of cores, and a 2-core laptop does the work in about half the time.
    //
    // With scoreZ (D x D, row-major), it also sums persons x r_a x (the posterior mean of z_c) over
    // the patterns, for c <= a: the observed scores' part of the likelihood's gradient in the
    // Cholesky factor (MultidimLikelihood::score).
    double expect(const State& s, std::vector<double>* scoreZ = nullptr) {
        const size_t n = m_nodes.count, patterns = m_pt.booklet.size(), dims = static_cast<size_t>(m_pt.dims);
        m_post.prepare(s);
        const bool parallel = patterns * n >= 200000;
        forEachChunk(parallel ? kChunks : 1, [&](size_t c, size_t chunks) {
            Chunk& ch = m_chunks[c];
            ch.mass.assign(m_bookletMass.size(), 0.0);
            ch.ll = 0;
            if (scoreZ) ch.scoreZ.assign(dims * dims, 0.0);
            double zbar[kMaxDimensions];
            for (size_t q = patterns * c / chunks; q < patterns * (c + 1) / chunks; ++q) {
                const double persons = m_pt.persons[q];
                double norm;
                ch.ll += persons * m_post.posterior(q, ch.w, norm);
                const double scale = persons * norm;
                double* mass = &ch.mass[static_cast<size_t>(m_pt.booklet[q]) * n];
                for (size_t m = 0; m < n; ++m) mass[m] += scale * ch.w[m];
                if (!scoreZ) continue;
                std::fill(zbar, zbar + dims, 0.0);
                for (size_t m = 0; m < n; ++m)
                    for (size_t k = 0; k < dims; ++k) zbar[k] += ch.w[m] * m_nodes.z[m * dims + k];
                for (size_t a = 0; a < dims; ++a) {
                    const double r = m_pt.score[q * dims + a];
                    for (size_t k = 0; k <= a && r != 0; ++k) ch.scoreZ[a * dims + k] += scale * r * zbar[k];
                }
            }
        });
        double ll = 0;
        std::fill(m_bookletMass.begin(), m_bookletMass.end(), 0.0);
        if (scoreZ) scoreZ->assign(dims * dims, 0.0);
        for (size_t c = 0; c < (parallel ? kChunks : 1); ++c) {
            ll += m_chunks[c].ll;
            for (size_t k = 0; k < m_bookletMass.size(); ++k) m_bookletMass[k] += m_chunks[c].mass[k];
            if (scoreZ)
                for (size_t k = 0; k < scoreZ->size(); ++k) (*scoreZ)[k] += m_chunks[c].scoreZ[k];
        }
        for (size_t j = 0; j < stepCount(); ++j) ll -= m_reached[j] * s.steps[j];
        std::fill(m_itemMass.begin(), m_itemMass.end(), 0.0);
        for (size_t b = 0; b < m_pt.design.booklets.size(); ++b) {
            const double* mass = &m_bookletMass[b * n];
            for (int i : m_pt.design.booklets[b].items) {
                double* im = &m_itemMass[static_cast<size_t>(i) * n];
                for (size_t m = 0; m < n; ++m) im[m] += mass[m];
            }
        }
        return ll;
    }

    // M-step after expect(s). The mean stays (it is fixed at 0 while estimating; see calibrate).
    void maximise(const State& s, State& out) {
        const size_t n = m_nodes.count, dims = static_cast<size_t>(m_pt.dims);
        const std::vector<double>& theta = m_post.theta();
        out.steps = s.steps;
        out.mean = s.mean;
        for (size_t i = 0; i < m_maxScore.size(); ++i)
            newtonPcmSteps(theta.data() + m_dimOf[i], dims, &m_itemMass[i * n], n, m_maxScore[i],
                           &m_reached[stepOffset(i)], out.steps.data() + stepOffset(i));
        std::vector<double> cov(dims * dims, 0.0), dev(dims);
        double total = 0;
        for (size_t b = 0; b < m_pt.design.booklets.size(); ++b) {
            const double* mass = &m_bookletMass[b * n];
            for (size_t m = 0; m < n; ++m) {
                if (mass[m] == 0) continue;
                total += mass[m];
                for (size_t a = 0; a < dims; ++a) dev[a] = theta[m * dims + a] - s.mean[a];
                for (size_t a = 0; a < dims; ++a)
                    for (size_t c = 0; c <= a; ++c) cov[a * dims + c] += mass[m] * dev[a] * dev[c];
            }
        }
        for (size_t a = 0; a < dims; ++a)
            for (size_t c = 0; c <= a; ++c) cov[c * dims + a] = (cov[a * dims + c] /= total);
        if (!choleskyFactor(cov, static_cast<int>(dims), out.chol)) {
            // A dimension with no spread left: keep a tiny one so that the nodes stay distinct
            // and runaway() or the iteration limit reports the problem.
            for (size_t a = 0; a < dims; ++a) cov[a * dims + a] += 1e-12;
            if (!choleskyFactor(cov, static_cast<int>(dims), out.chol)) out.chol = s.chol;
        }
    }

private:
    const Patterns& m_pt;
    const NodeSet& m_nodes;
    const std::vector<int>& m_dimOf;
    const std::vector<int>& m_maxScore;
    static constexpr size_t kChunks = 8;
    struct Chunk {
        std::vector<double> mass, w, scoreZ;
        double ll = 0;
    };
    Posterior m_post;
    std::vector<double> m_reached, m_bookletMass, m_itemMass;
    std::vector<Chunk> m_chunks = std::vector<Chunk>(kChunks);
};

double maxChange(const State& a, const State& b) {
    double c = 0;
    for (size_t j = 0; j < a.steps.size(); ++j) c = std::max(c, std::fabs(a.steps[j] - b.steps[j]));
    for (size_t j = 0; j < a.chol.size(); ++j) c = std::max(c, std::fabs(a.chol[j] - b.chol[j]));
    return c;
}

std::vector<size_t> itemsOf(const DimensionMap& dm, int d) {
    std::vector<size_t> items;
    for (size_t i = 0; i < dm.ofItem.size(); ++i)
        if (dm.ofItem[i] == d) items.push_back(i);
    return items;
}

}  // namespace

double MultiPopulation::sd(int d) const {
    return std::sqrt(covariance[static_cast<size_t>(d * dimensions() + d)]);
}

double MultiPopulation::correlation(int a, int b) const {
    return covariance[static_cast<size_t>(a * dimensions() + b)] / (sd(a) * sd(b));
}

double normalQuantile(double p) {
    if (!(p > 0 && p < 1))
        return p == 0   ? -std::numeric_limits<double>::infinity()
               : p == 1 ? std::numeric_limits<double>::infinity()
                        : kNaN;
    // Acklam's rational approximations (relative error 1.15e-9) ...
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double low = 0.02425;
    double x;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - low) {
        const double q = std::sqrt(-2 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    // ... refined by one step of Halley's method on the exact CDF.
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

MultidimCalibration calibrateMultidim(const ResponseMatrix& responses, const DimensionMap& dm,
                                      const MultidimOptions& options) {
    checkMap(responses, dm, true);
    const int dims = dm.count();
    const size_t items = responses.itemCount(), d = static_cast<size_t>(dims);

    // Each dimension on its own first: that checks its items (categories, a connected design)
    // with calibrate()'s messages, and its estimates start the joint EM near its answer.
    std::vector<Calibration> single(d);
    for (int k = 0; k < dims; ++k) {
        const ResponseMatrix sub = responses.selectItems(itemsOf(dm, k));
        try {
            CalibrationOptions co;
            co.quadratureNodes = options.quadratureNodes;
            single[static_cast<size_t>(k)] = calibrate(sub, co);
        } catch (const Error& e) {
            throw Error(e.kind(), "dimension " + dm.names[static_cast<size_t>(k)] + ": " + e.what());
        }
    }

    const Patterns pt = buildPatterns(responses, dm);
    std::vector<int> maxScore(items);
    for (size_t i = 0; i < items; ++i) maxScore[i] = pt.design.itemMaxScore[i];
    // Coarse to fine: with many quasi-Monte Carlo points, the EM first converges roughly on a
    // third of them (each step a third of the cost) and then finishes on all; the answer is the
    // fine stage's, at its tolerance. One dimension has one stage on its Gauss-Hermite nodes.
    struct Stage {
        int points;
        double tolerance;
    };
    std::vector<Stage> stages;
    if (dims > 1 && options.qmcNodes >= 3 * kCoarsePoints)
        stages.push_back({options.qmcNodes / 3, std::max(options.qmcTolerance, kCoarseTolerance)});
    stages.push_back({options.qmcNodes, dims == 1 ? options.tolerance : options.qmcTolerance});
    std::optional<NodeSet> nodes;
    std::optional<MultiEm> emHolder;
    auto useStage = [&](const Stage& stage) {
        MultidimOptions o = options;
        o.qmcNodes = stage.points;
        emHolder.reset();  // it refers to the nodes
        nodes.emplace(makeNodes(dims, o));
        emHolder.emplace(pt, *nodes, dm.ofItem, maxScore);
    };
    useStage(stages.front());
    MultiEm* emp = &*emHolder;

    // Start: each dimension's own estimates with its mean moved into the items (the EM keeps every
    // mean at 0), uncorrelated.
    State x;
    x.steps.resize(emp->stepCount());
    x.mean.assign(d, 0.0);
    x.chol.assign(d * d, 0.0);
    for (int k = 0; k < dims && !options.warmStart; ++k) x.chol[static_cast<size_t>(k) * (d + 1)] = 1;
    for (size_t i = 0; i < items && !options.warmStart; ++i) {
        // As calibrate(): adjacent-category log odds.
        const auto& c = pt.design.itemCategoryCounts[i];
        for (int j = 1; j <= maxScore[i]; ++j)
            x.steps[emp->stepOffset(i) + static_cast<size_t>(j - 1)] = std::clamp(
                std::log(static_cast<double>(c[static_cast<size_t>(j - 1)]) / c[static_cast<size_t>(j)]), -5.0, 5.0);
    }
    for (int k = 0; k < dims && options.warmStart; ++k) {
        const auto own = itemsOf(dm, k);
        const Calibration& c = single[static_cast<size_t>(k)];
        for (size_t j = 0; j < own.size(); ++j) {
            const ItemParams& p = c.items[j];
            for (int s = 1; s <= p.maxScore; ++s)
                x.steps[emp->stepOffset(own[j]) + static_cast<size_t>(s - 1)] = p.step(s) - c.population.mean;
        }
        x.chol[static_cast<size_t>(k) * d + static_cast<size_t>(k)] = c.report.converged ? c.population.sd : 1.0;
    }

    CalibrationReport report;
    report.persons = pt.personsWithData;
    report.booklets = static_cast<int>(pt.design.booklets.size());
    report.scoreGroups = static_cast<int>(pt.booklet.size());

    // EM with SQUAREM (squarem.h) as in calibrate(); the covariance enters the extrapolation as
    // its Cholesky factor with the diagonal in logs, so every extrapolated state is a valid one.
    auto emStep = [&](const State& from, State& to) {
        const double ll = emp->expect(from);
        emp->maximise(from, to);
        return ll;
    };
    auto runaway = [&](const State& s) -> std::string {
        for (size_t k = 0; k < d; ++k) {
            const double sd = s.chol[k * d + k];
            if (!std::isfinite(sd)) return "the population model became NaN or infinite";
            if (sd > kMaxPopulationSdLogits) return "the population SD ran off to " + formatDouble(sd) + " logits";
        }
        for (double v : s.steps) {
            if (!std::isfinite(v)) return "a step difficulty became NaN or infinite";
            if (std::fabs(v) > kMaxStepLogits) return "a step difficulty ran off to " + formatDouble(v) + " logits";
        }
        return "";
    };
    const size_t n = x.steps.size();
    std::vector<size_t> cholAt;  // the lower triangle's positions
    for (size_t a = 0; a < d; ++a)
        for (size_t c = 0; c <= a; ++c) cholAt.push_back(a * d + c);
    auto get = [&](const State& s, size_t k) {
        if (k < n) return s.steps[k];
        const size_t at = cholAt[k - n];
        return at % (d + 1) == 0 ? std::log(s.chol[at]) : s.chol[at];
    };
    auto set = [&](State& s, size_t k, double v) {
        if (k < n) {
            s.steps[k] = v;
            return;
        }
        const size_t at = cholAt[k - n];
        s.chol[at] = at % (d + 1) == 0 ? std::exp(std::clamp(v, -10.0, 5.0)) : v;
    };
    EmRun run;
    int used = 0;
    for (size_t k = 0; k < stages.size(); ++k) {
        if (k > 0) {
            useStage(stages[k]);
            emp = &*emHolder;
        }
        run = runSquarem(x, n + cholAt.size(), stages[k].tolerance, options.maxIterations - used, emStep, maxChange,
                         runaway, get, set);
        used += run.iterations;
        if (!run.converged) break;
    }
    run.iterations = used;
    report.converged = run.converged;
    report.problem = run.problem;
    report.iterations = run.iterations;
    report.maxChange = run.change;

    // The origin of each dimension: its items' mean location 0, the population mean moved instead.
    for (int k = 0; k < dims; ++k) {
        const auto own = itemsOf(dm, k);
        double sum = 0;
        for (size_t i : own) {
            double loc = 0;
            for (int j = 0; j < maxScore[i]; ++j) loc += x.steps[emp->stepOffset(i) + static_cast<size_t>(j)];
            sum += loc / maxScore[i];
        }
        const double shift = sum / static_cast<double>(own.size());
        for (size_t i : own)
            for (int j = 0; j < maxScore[i]; ++j) x.steps[emp->stepOffset(i) + static_cast<size_t>(j)] -= shift;
        x.mean[static_cast<size_t>(k)] -= shift;
    }
    report.logLikelihood = emp->expect(x);

    MultidimCalibration result;
    result.dimensions = dm;
    result.report = report;
    result.patterns = static_cast<int>(pt.booklet.size());
    result.population.mean = x.mean;
    result.population.covariance.assign(d * d, 0.0);
    for (size_t a = 0; a < d; ++a)
        for (size_t c = 0; c < d; ++c) {
            double s = 0;
            for (size_t k = 0; k <= std::min(a, c); ++k) s += x.chol[a * d + k] * x.chol[c * d + k];
            result.population.covariance[a * d + c] = s;
        }
    for (size_t i = 0; i < items; ++i) {
        const double* s = x.steps.data() + emp->stepOffset(i);
        result.items.push_back(ItemParams::fromSteps(responses.itemId(i), std::vector<double>(s, s + maxScore[i])));
    }
    return result;
}

namespace {

// P(X >= j | theta) for j = 1..m into atLeast, and the expected score, of an item with these steps.
void atLeastProbabilities(const double* steps, int m, double theta, std::vector<double>& atLeast, double& expected) {
    atLeast.assign(static_cast<size_t>(m) + 1, 0.0);
    // Log numerators k theta - sum_{l <= k} step_l, then normalised from the largest.
    double top = 0, acc = 0;
    for (int k = 1; k <= m; ++k) {
        acc += theta - steps[k - 1];
        atLeast[static_cast<size_t>(k)] = acc;
        top = std::max(top, acc);
    }
    double z = std::exp(-top);
    atLeast[0] = z;
    for (int k = 1; k <= m; ++k)
        z += (atLeast[static_cast<size_t>(k)] = std::exp(atLeast[static_cast<size_t>(k)] - top));
    // Cumulate from the top: atLeast[k] = P(X >= k); atLeast[0] ends as 1.
    expected = 0;
    double tail = 0;
    for (int k = m; k >= 1; --k) {
        tail += atLeast[static_cast<size_t>(k)] / z;
        atLeast[static_cast<size_t>(k)] = tail;
        expected += tail;  // E[X] = sum_k P(X >= k)
    }
}

}  // namespace

struct MultidimLikelihood::Impl {
    Patterns pt;
    NodeSet nodes;
    std::vector<int> dimOf, maxScore;
    std::optional<MultiEm> em;
    size_t dims = 0, stepCount = 0;
    std::vector<size_t> cholAt;  // positions of the lower triangle in a D x D row-major matrix
    std::vector<double> estimates;

    State unpack(const std::vector<double>& x) const {
        if (x.size() != stepCount + cholAt.size())
            throw Error(ErrorKind::Invalid, "the parameter vector has " + std::to_string(x.size()) + " values, not " +
                                                std::to_string(stepCount + cholAt.size()));
        State s;
        s.steps.assign(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(stepCount));
        s.mean.assign(dims, 0.0);
        s.chol.assign(dims * dims, 0.0);
        for (size_t k = 0; k < cholAt.size(); ++k) s.chol[cholAt[k]] = x[stepCount + k];
        return s;
    }
};

MultidimLikelihood::MultidimLikelihood(const ResponseMatrix& responses, const MultidimCalibration& calibration,
                                       const MultidimOptions& options)
    : m_impl(std::make_unique<Impl>()) {
    Impl& im = *m_impl;
    const DimensionMap& dm = calibration.dimensions;
    checkMap(responses, dm, true);
    const int dims = dm.count();
    im.dims = static_cast<size_t>(dims);
    if (calibration.items.size() != responses.itemCount())
        throw Error(ErrorKind::Invalid, "the calibration's items are not aligned with the responses");
    if (calibration.population.dimensions() != dims || calibration.population.covariance.size() != im.dims * im.dims)
        throw Error(ErrorKind::Invalid, "the population model does not have the calibration's dimensions");
    im.pt = buildPatterns(responses, dm);
    im.dimOf = dm.ofItem;
    for (size_t i = 0; i < responses.itemCount(); ++i) {
        im.maxScore.push_back(im.pt.design.itemMaxScore[i]);
        if (calibration.items[i].maxScore != im.maxScore.back())
            throw Error(ErrorKind::Invalid, "item " + calibration.items[i].id + " has " +
                                                std::to_string(calibration.items[i].maxScore) +
                                                " steps in the calibration but " + std::to_string(im.maxScore.back()) +
                                                " in the responses");
    }
    im.nodes = makeNodes(dims, options);
    im.em.emplace(im.pt, im.nodes, im.dimOf, im.maxScore);
    im.stepCount = im.em->stepCount();
    for (size_t a = 0; a < im.dims; ++a)
        for (size_t c = 0; c <= a; ++c) im.cholAt.push_back(a * im.dims + c);
    // The EM's own parametrisation: every population mean 0, each dimension's mean in its items.
    std::vector<double> chol;
    if (!choleskyFactor(calibration.population.covariance, dims, chol))
        throw Error(ErrorKind::Invalid, "the population covariance matrix is not positive definite");
    for (size_t i = 0; i < calibration.items.size(); ++i) {
        const double mean = calibration.population.mean[static_cast<size_t>(dm.ofItem[i])];
        for (int j = 1; j <= im.maxScore[i]; ++j) im.estimates.push_back(calibration.items[i].step(j) - mean);
    }
    for (size_t at : im.cholAt) im.estimates.push_back(chol[at]);
}

MultidimLikelihood::~MultidimLikelihood() = default;

const std::vector<double>& MultidimLikelihood::estimates() const {
    return m_impl->estimates;
}
size_t MultidimLikelihood::stepCount() const {
    return m_impl->stepCount;
}
size_t MultidimLikelihood::stepOffset(size_t item) const {
    return m_impl->em->stepOffset(item);
}

double MultidimLikelihood::logLikelihood(const std::vector<double>& x) {
    return m_impl->em->expect(m_impl->unpack(x));
}

std::vector<double> MultidimLikelihood::score(const std::vector<double>& x) {
    Impl& im = *m_impl;
    const State s = im.unpack(x);
    MultiEm& em = *im.em;
    std::vector<double> scoreZ;
    em.expect(s, &scoreZ);
    const Patterns& pt = im.pt;
    const size_t n = im.nodes.count, dims = im.dims, items = im.maxScore.size();
    const std::vector<double>& theta = em.posterior().theta();
    const std::vector<double>& z = im.nodes.z;
    std::vector<double> g(x.size(), 0.0);

    // Steps (Fisher's identity): the expected persons reaching each step less those who did. And
    // each item's expected score at every node, for the population's part below.
    std::vector<double> expectedScore(items * n), atLeast;
    for (size_t i = 0; i < items; ++i) {
        const size_t a = static_cast<size_t>(im.dimOf[i]), off = em.stepOffset(i);
        const double* mass = &em.itemMass()[i * n];
        for (size_t m = 0; m < n; ++m) {
            double e;
            atLeastProbabilities(s.steps.data() + off, im.maxScore[i], theta[m * dims + a], atLeast, e);
            expectedScore[i * n + m] = e;
            for (int j = 1; j <= im.maxScore[i]; ++j)
                g[off + static_cast<size_t>(j - 1)] += mass[m] * atLeast[static_cast<size_t>(j)];
        }
        for (int j = 1; j <= im.maxScore[i]; ++j)
            g[off + static_cast<size_t>(j - 1)] -= em.reached()[off + static_cast<size_t>(j - 1)];
    }

    // The Cholesky factor: the nodes are theta_m = L z_m, so d log L_pattern / d L_ac at node m is
    // (r_a - the booklet's expected score on dimension a) z_mc, averaged over the pattern's posterior.
    std::vector<double> gl(dims * dims, 0.0);
    for (size_t b = 0; b < pt.bookletItems.size(); ++b) {
        const double* mass = &em.bookletMass()[b * n];
        for (size_t a = 0; a < dims; ++a) {
            if (pt.bookletItems[b][a].empty()) continue;
            for (size_t m = 0; m < n; ++m) {
                if (mass[m] == 0) continue;
                double es = 0;
                for (int i : pt.bookletItems[b][a]) es += expectedScore[static_cast<size_t>(i) * n + m];
                for (size_t c = 0; c <= a; ++c) gl[a * dims + c] -= mass[m] * es * z[m * dims + c];
            }
        }
    }
    // The observed raw scores times each pattern's posterior mean of z (summed in the E-step).
    for (size_t k = 0; k < gl.size(); ++k) gl[k] += scoreZ[k];
    for (size_t k = 0; k < im.cholAt.size(); ++k) g[im.stepCount + k] = gl[im.cholAt[k]];
    return g;
}

std::vector<double> MultidimLikelihood::information(const std::vector<double>& x, double h) {
    // Forward differences: half the gradients of central ones, and their O(h) error (about 1e-4 of
    // the information at the default h) is far below what a standard error needs.
    return informationFromScore([this](const std::vector<double>& at) { return score(at); }, x, h, false);
}

MultidimErrors multidimParameterErrors(const ResponseMatrix& responses, const MultidimCalibration& calibration,
                                       const MultidimOptions& options) {
    MultidimErrors out;
    if (!calibration.report.converged) {
        out.problem = "the calibration did not converge, so its parameters have no standard errors";
        return out;
    }
    // On the points of the calibration's coarse stage where it had one: the standard errors need
    // the likelihood's curvature, not its last 1e-4 logit, and cost a third.
    MultidimOptions points = options;
    if (calibration.dimensions.count() > 1 && options.qmcNodes >= 3 * kCoarsePoints)
        points.qmcNodes = options.qmcNodes / 3;
    MultidimLikelihood likelihood(responses, calibration, points);
    const std::vector<double>& x = likelihood.estimates();
    const size_t n = x.size(), steps = likelihood.stepCount();
    const int dims = calibration.dimensions.count();
    const size_t d = static_cast<size_t>(dims);
    out.parameters = static_cast<int>(n);
    size_t where = 0;
    const std::vector<double> v = invertSpd(likelihood.information(x), n, where);
    if (v.empty()) {
        std::string what = "the population covariance";
        for (size_t i = 0; i < calibration.items.size(); ++i) {
            const size_t off = likelihood.stepOffset(i);
            if (where >= off && where < off + static_cast<size_t>(calibration.items[i].maxScore))
                what = "item " + calibration.items[i].id + " step " + std::to_string(where - off + 1);
        }
        out.problem = "the information matrix is not positive definite (at " + what +
                      "): the data do not determine every parameter, so there are no standard errors";
        return out;
    }

    // The reported parameters as linear functions of x, per dimension as calibrateMultidim()
    // centres them: each step less its dimension's mean item location, which becomes the mean.
    std::vector<std::vector<std::pair<size_t, double>>> shift(d);
    std::vector<size_t> itemsOn(d, 0);
    for (int k : calibration.dimensions.ofItem) ++itemsOn[static_cast<size_t>(k)];
    for (size_t i = 0; i < calibration.items.size(); ++i) {
        const size_t k = static_cast<size_t>(calibration.dimensions.ofItem[i]);
        const int m = calibration.items[i].maxScore;
        for (int j = 0; j < m; ++j)
            shift[k].emplace_back(likelihood.stepOffset(i) + static_cast<size_t>(j),
                                  1.0 / (static_cast<double>(itemsOn[k]) * m));
    }
    for (size_t i = 0; i < calibration.items.size(); ++i)
        out.items.push_back(itemErrorsOf(v, n, likelihood.stepOffset(i), calibration.items[i].maxScore,
                                         shift[static_cast<size_t>(calibration.dimensions.ofItem[i])]));
    for (size_t k = 0; k < d; ++k) out.mean.push_back(seOf(v, n, shift[k]));

    // SDs and correlations are functions of the Cholesky factor alone: the delta method with their
    // gradient over its entries by central differences.
    const size_t nc = n - steps;
    auto moments = [&](const double* l) {
        std::vector<double> cov(d * d, 0.0);
        std::vector<double> lf(d * d, 0.0);
        size_t k = 0;
        for (size_t a = 0; a < d; ++a)
            for (size_t c = 0; c <= a; ++c) lf[a * d + c] = l[k++];
        for (size_t a = 0; a < d; ++a)
            for (size_t c = 0; c < d; ++c)
                for (size_t t = 0; t <= std::min(a, c); ++t) cov[a * d + c] += lf[a * d + t] * lf[c * d + t];
        std::vector<double> f;  // sd_1..sd_D, then corr_ab for a < b
        for (size_t a = 0; a < d; ++a) f.push_back(std::sqrt(cov[a * d + a]));
        for (size_t a = 0; a < d; ++a)
            for (size_t b = a + 1; b < d; ++b) f.push_back(cov[a * d + b] / (f[a] * f[b]));
        return f;
    };
    std::vector<double> l(x.begin() + static_cast<std::ptrdiff_t>(steps), x.end());
    const size_t nf = moments(l.data()).size();
    std::vector<double> jac(nf * nc);
    const double h = 1e-6;
    for (size_t c = 0; c < nc; ++c) {
        const double keep = l[c];
        l[c] = keep + h;
        const auto up = moments(l.data());
        l[c] = keep - h;
        const auto down = moments(l.data());
        l[c] = keep;
        for (size_t r = 0; r < nf; ++r) jac[r * nc + c] = (up[r] - down[r]) / (2 * h);
    }
    std::vector<double> fse(nf);
    for (size_t r = 0; r < nf; ++r) {
        std::vector<std::pair<size_t, double>> a;
        for (size_t c = 0; c < nc; ++c) a.emplace_back(steps + c, jac[r * nc + c]);
        fse[r] = seOf(v, n, a);
    }
    out.sd.assign(fse.begin(), fse.begin() + static_cast<std::ptrdiff_t>(d));
    out.correlation.assign(d * d, 0.0);
    size_t r = d;
    for (size_t a = 0; a < d; ++a)
        for (size_t b = a + 1; b < d; ++b) out.correlation[a * d + b] = out.correlation[b * d + a] = fse[r++];
    return out;
}

MultidimPersons estimateMultidimPersons(const ResponseMatrix& responses, const DimensionMap& dm,
                                        const std::vector<ItemParams>& items, const MultiPopulation& population,
                                        const PersonEstimateOptions& options, const MultidimOptions& integration) {
    checkMap(responses, dm, false);
    const int dims = dm.count();
    const size_t d = static_cast<size_t>(dims), persons = responses.personCount();
    if (items.size() != responses.itemCount())
        throw Error(ErrorKind::Invalid, "the item parameters are not aligned with the responses");
    if (population.dimensions() != dims || population.covariance.size() != d * d)
        throw Error(ErrorKind::Invalid, "the population model has " + std::to_string(population.dimensions()) +
                                            " dimensions, the dimension map " + std::to_string(dims));
    std::vector<double> chol;
    if (!choleskyFactor(population.covariance, dims, chol))
        throw Error(ErrorKind::Invalid, "the population covariance matrix is not positive definite");
    if (options.plausibleValues < 0 || options.plausibleValues > 100)
        throw Error(ErrorKind::Invalid,
                    "between 0 and 100 plausible values, not " + std::to_string(options.plausibleValues));
    // Two or more dimensions: the EAPs and plausible values are those under a regression on the
    // intercept alone, the population itself (multidim_regression.h: each pupil's posterior by
    // importance sampling from its normal approximation). Fixed points, as one dimension uses,
    // spread over the population and miss the posteriors of pupils in its tails.
    if (dims > 1 && (options.eap || options.plausibleValues > 0)) {
        BackgroundDesign none;
        none.terms = {"intercept"};
        none.rows = {{1.0}};
        none.profileOf.assign(persons, 0);
        MultidimRegression population0;
        population0.dimensions = dm.names;
        population0.terms = none.terms;
        population0.coefficients = population.mean;
        population0.residualCovariance = population.covariance;
        population0.converged = true;
        return estimateMultidimConditioned(responses, dm, items, population, none, population0, options);
    }

    const Patterns pt = buildPatterns(responses, dm);
    std::vector<int> maxScore(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        maxScore[i] = items[i].maxScore;
        if (pt.design.itemMaxScore[i] > maxScore[i])
            throw Error(ErrorKind::Invalid, "item " + items[i].id + ": a score of " +
                                                std::to_string(pt.design.itemMaxScore[i]) + " is above its maximum " +
                                                std::to_string(maxScore[i]));
    }

    MultidimPersons out;
    out.dimensions = dims;
    out.pvCount = options.plausibleValues;
    const ThetaEstimate none;
    out.wle.assign(persons * d, none);
    out.eap.assign(persons * d, none);
    out.pv.assign(persons * static_cast<size_t>(out.pvCount) * d, kNaN);
    out.rawScore.assign(persons * d, 0);
    out.maxScore.assign(persons * d, 0);

    // WLE per pattern and dimension, from that dimension's items in the booklet.
    std::vector<ThetaEstimate> patternWle(pt.booklet.size() * d);
    std::vector<int> patternMax(pt.booklet.size() * d, 0);
    if (options.wle) {
        std::map<std::tuple<int, size_t, int>, ThetaEstimate> cache;
        for (size_t q = 0; q < pt.booklet.size(); ++q)
            for (size_t k = 0; k < d; ++k) {
                const auto& own = pt.bookletItems[static_cast<size_t>(pt.booklet[q])][k];
                if (own.empty()) continue;
                const auto key = std::make_tuple(pt.booklet[q], k, pt.score[q * d + k]);
                auto it = cache.find(key);
                if (it == cache.end()) {
                    std::vector<PcmItem> prepared;
                    for (int i : own) prepared.emplace_back(items[static_cast<size_t>(i)]);
                    it = cache.emplace(key, wleForScore(prepared, pt.score[q * d + k])).first;
                }
                patternWle[q * d + k] = it->second;
            }
    }
    for (size_t q = 0; q < pt.booklet.size(); ++q)
        for (size_t k = 0; k < d; ++k)
            for (int i : pt.bookletItems[static_cast<size_t>(pt.booklet[q])][k])
                patternMax[q * d + k] += maxScore[static_cast<size_t>(i)];

    // The joint posterior of each pattern on the integration points: its mean and covariance.
    std::vector<double> postMean(pt.booklet.size() * d), postSd(pt.booklet.size() * d),
        postChol(pt.booklet.size() * d * d);
    if (options.eap || out.pvCount > 0) {
        const NodeSet nodes = makeNodes(dims, integration);
        Posterior post(pt, nodes, dm.ofItem, maxScore);
        State s;
        for (const ItemParams& p : items) {
            const auto st = p.steps();
            s.steps.insert(s.steps.end(), st.begin(), st.end());
        }
        s.mean = population.mean;
        s.chol = chol;
        post.prepare(s);
        const std::vector<double>& theta = post.theta();
        // Each pattern on its own: chunks of patterns on all cores.
        const size_t patterns = pt.booklet.size();
        forEachChunk(patterns * nodes.count >= 200000 ? 8 : 1, [&](size_t chunk, size_t chunks) {
            std::vector<double> w, cov(d * d), l;
            for (size_t q = patterns * chunk / chunks; q < patterns * (chunk + 1) / chunks; ++q) {
                double norm;
                post.posterior(q, w, norm);
                for (double& v : w) v *= norm;
                double* mean = &postMean[q * d];
                std::fill(cov.begin(), cov.end(), 0.0);
                for (size_t m = 0; m < nodes.count; ++m)
                    for (size_t a = 0; a < d; ++a) mean[a] += w[m] * theta[m * d + a];
                for (size_t m = 0; m < nodes.count; ++m)
                    for (size_t a = 0; a < d; ++a)
                        for (size_t c = 0; c <= a; ++c)
                            cov[a * d + c] += w[m] * (theta[m * d + a] - mean[a]) * (theta[m * d + c] - mean[c]);
                for (size_t a = 0; a < d; ++a) {
                    postSd[q * d + a] = std::sqrt(cov[a * d + a]);
                    for (size_t c = 0; c < a; ++c) cov[c * d + a] = cov[a * d + c];
                }
                // Posterior mass on a single point (an absurdly small population SD): no spread.
                if (!choleskyFactor(cov, dims, l)) l.assign(d * d, 0.0);
                std::copy(l.begin(), l.end(), postChol.begin() + static_cast<std::ptrdiff_t>(q * d * d));
            }
        });
    }

    for (size_t p = 0; p < persons; ++p) {
        const int qi = pt.personPattern[p];
        if (qi < 0) continue;
        const size_t q = static_cast<size_t>(qi);
        for (size_t k = 0; k < d; ++k) {
            out.rawScore[p * d + k] = pt.score[q * d + k];
            out.maxScore[p * d + k] = patternMax[q * d + k];
            out.wle[p * d + k] = patternWle[q * d + k];
            if (options.eap) out.eap[p * d + k] = {postMean[q * d + k], postSd[q * d + k]};
        }
        if (out.pvCount == 0) continue;
        drawPlausibleValues(options.seed, responses.personId(p), &postMean[q * d], &postChol[q * d * d], d, out.pvCount,
                            &out.pv[p * static_cast<size_t>(out.pvCount) * d]);
    }
    return out;
}

}  // namespace dlk
