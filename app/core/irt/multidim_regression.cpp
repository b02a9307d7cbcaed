#include "irt/multidim_regression.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "irt/multidim_patterns.h"
#include "irt/pcm_model.h"
#include "irt/pcm_newton.h"
#include "irt/quadrature.h"
#include "irt/random.h"
#include "irt/squarem.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The grid of a factor's moments: 8 population SDs either side of the mean in steps of 1/100 SD,
// fine for posterior SDs down to a tenth of the population's (a test far longer than a booklet).
constexpr double kGridHalfWidth = 8;
constexpr size_t kGridPoints = 1601;

// Per table row of the patterns (booklet, dimension, raw score): the normal curve standing in for
// its likelihood factor, exp(eta theta - lambda theta^2 / 2) up to a constant; lambda is the
// factor's information about the coordinate, eta / lambda where it peaks.
struct NormalFactors {
    std::vector<double> lambda, eta;
    // The exact factor on its dimension's grid, for the importance sampling of the persons'
    // posteriors: slot t's log-likelihood at theta is r theta + sums[sumOf[t]] interpolated.
    std::vector<std::vector<double>> sums;
    std::vector<int> sumOf;
    std::vector<double> low, step, perStep;  // per dimension; perStep = 1 / step

    double logLikelihood(const Patterns& pt, size_t t, double theta) const {
        const size_t a = static_cast<size_t>(pt.slotDimension[t]);
        const std::vector<double>& sum = sums[static_cast<size_t>(sumOf[t])];
        // Linear between grid points, and beyond the grid along its last interval: far out a
        // partial credit log normaliser is linear in theta.
        const double u = (theta - low[a]) * perStep[a];
        const double cell = std::clamp(std::floor(u), 0.0, static_cast<double>(sum.size() - 2));
        const size_t i = static_cast<size_t>(cell);
        return pt.slotScore[t] * theta + sum[i] + (u - cell) * (sum[i + 1] - sum[i]);
    }
};

NormalFactors normalFactors(const Patterns& pt, const std::vector<ItemParams>& items, const MultiPopulation& pop) {
    std::vector<PcmItem> prepared;
    for (const ItemParams& p : items) prepared.emplace_back(p);
    const size_t slots = pt.slotBooklet.size();
    NormalFactors f;
    f.lambda.assign(slots, 0.0);
    f.eta.assign(slots, 0.0);
    // -sum of log gamma_i over the booklet's items on the dimension, on the dimension's grid.
    std::map<std::pair<int, int>, int> sumIndex;
    f.sumOf.assign(slots, -1);
    for (int a = 0; a < pt.dims; ++a) {
        const double sd = pop.sd(a);
        f.low.push_back(pop.mean[static_cast<size_t>(a)] - kGridHalfWidth * sd);
        f.step.push_back(2 * kGridHalfWidth * sd / (kGridPoints - 1));
        f.perStep.push_back(1 / f.step.back());
    }
    std::vector<double> dens(kGridPoints);
    for (size_t t = 0; t < slots; ++t) {
        const int b = pt.slotBooklet[t], a = pt.slotDimension[t];
        const double mu = pop.mean[static_cast<size_t>(a)], sd = pop.sd(a);
        const double low = f.low[static_cast<size_t>(a)], step = f.step[static_cast<size_t>(a)];
        auto [it, fresh] = sumIndex.try_emplace({b, a}, static_cast<int>(f.sums.size()));
        if (fresh) f.sums.emplace_back();
        f.sumOf[t] = it->second;
        std::vector<double>& sum = f.sums[static_cast<size_t>(it->second)];
        if (fresh) {
            sum.assign(kGridPoints, 0.0);
            for (int i : pt.bookletItems[static_cast<size_t>(b)][static_cast<size_t>(a)])
                for (size_t g = 0; g < kGridPoints; ++g)
                    sum[g] -= prepared[static_cast<size_t>(i)].logNormaliser(low + step * static_cast<double>(g));
        }
        // The factor's posterior under the marginal prior N(mu, sd^2): its mean and variance.
        const double r = pt.slotScore[t];
        double top = -std::numeric_limits<double>::infinity();
        for (size_t g = 0; g < kGridPoints; ++g) {
            const double th = low + step * static_cast<double>(g), z = (th - mu) / sd;
            top = std::max(top, dens[g] = r * th + sum[g] - 0.5 * z * z);
        }
        double mass = 0, m1 = 0, m2 = 0;
        for (size_t g = 0; g < kGridPoints; ++g) {
            const double w = std::exp(dens[g] - top), th = low + step * static_cast<double>(g);
            mass += w;
            m1 += w * th;
            m2 += w * th * th;
        }
        m1 /= mass;
        const double var = std::max(m2 / mass - m1 * m1, 0.0), prior = 1 / (sd * sd);
        // Posterior precision = prior precision + the factor's: what the items add. A log-concave
        // likelihood never widens the prior; rounding that says otherwise means no information.
        if (var > 0 && 1 / var > prior) {
            f.lambda[t] = 1 / var - prior;
            f.eta[t] = m1 / var - mu * prior;
        }
    }
    return f;
}

// Persons grouped by pattern and background profile: they share their posterior.
struct Keys {
    std::vector<int> pattern, profile;
    std::vector<double> persons;
    std::vector<int> keyOf;  // per person, -1 without items
    double total = 0;
};

Keys groupKeys(const Patterns& pt, const BackgroundDesign& bg) {
    Keys k;
    std::unordered_map<uint64_t, int> index;
    k.keyOf.assign(pt.personPattern.size(), -1);
    const uint64_t profiles = bg.rows.size();
    for (size_t p = 0; p < pt.personPattern.size(); ++p) {
        const int q = pt.personPattern[p];
        if (q < 0) continue;
        const uint64_t code = static_cast<uint64_t>(q) * profiles + static_cast<uint64_t>(bg.profileOf[p]);
        const auto [it, fresh] = index.try_emplace(code, static_cast<int>(k.pattern.size()));
        if (fresh) {
            k.pattern.push_back(q);
            k.profile.push_back(bg.profileOf[p]);
            k.persons.push_back(0);
        }
        k.persons[static_cast<size_t>(it->second)] += 1;
        k.keyOf[p] = it->second;
        k.total += 1;
    }
    return k;
}

// The inverse and log determinant of a small symmetric positive definite d x d matrix, on the
// stack: it runs once per pattern in every EM step. False when a is not positive definite.
bool invertSmall(const double* a, size_t d, double* inv, double& logDet) {
    double l[kMaxDimensions * kMaxDimensions], col[kMaxDimensions];
    logDet = 0;
    for (size_t j = 0; j < d; ++j) {
        double s = a[j * d + j];
        for (size_t k = 0; k < j; ++k) s -= l[j * d + k] * l[j * d + k];
        if (!(s > 0)) return false;
        l[j * d + j] = std::sqrt(s);
        logDet += std::log(s);
        for (size_t r = j + 1; r < d; ++r) {
            double t = a[r * d + j];
            for (size_t k = 0; k < j; ++k) t -= l[r * d + k] * l[j * d + k];
            l[r * d + j] = t / l[j * d + j];
        }
    }
    for (size_t e = 0; e < d; ++e) {
        for (size_t r = 0; r < d; ++r) {
            double t = r == e ? 1.0 : 0.0;
            for (size_t k = 0; k < r; ++k) t -= l[r * d + k] * col[k];
            col[r] = t / l[r * d + r];
        }
        for (size_t r = d; r-- > 0;) {
            double t = col[r];
            for (size_t k = r + 1; k < d; ++k) t -= l[k * d + r] * col[k];
            col[r] = t / l[r * d + r];
        }
        for (size_t r = 0; r < d; ++r) inv[r * d + e] = col[r];
    }
    return true;
}

// The E-step's sums over the persons with items, all the M-step and the likelihood need.
struct Sums {
    std::vector<double> meanSum;  // per profile: the sum of its persons' posterior means, D each
    std::vector<double> second;   // D x D: the sum over persons of m m' + V (lower triangle)
    double logLik = 0;            // the marginal log-likelihood, up to a constant
};

// Every key's normal posterior under (gamma, psi): precision P_q = Psi^-1 + diag(lambda_q), the
// same for every profile of pattern q, and mean P_q^-1 (eta_q + Psi^-1 Gamma' x_k).
class Posteriors {
public:
    Posteriors(const Patterns& pt, const NormalFactors& f, const BackgroundDesign& bg, const Keys& keys)
        : m_pt(pt), m_f(f), m_bg(bg), m_keys(keys), m_d(static_cast<size_t>(pt.dims)) {}

    // False when psi, or a posterior precision, is not positive definite. With sums, also adds
    // up the E-step's sums and the log-likelihood: the pattern's normal factors integrated
    // against each key's prior, |Psi|^-1/2 |V|^1/2 exp(b'Vb / 2 - mu'Psi^-1 mu / 2) with
    // b = eta + Psi^-1 mu.
    bool compute(const std::vector<double>& gamma, const std::vector<double>& psi, Sums* sums = nullptr) {
        const size_t d = m_d, terms = m_bg.terms.size(), profiles = m_bg.rows.size();
        std::vector<double> psiInv(d * d);
        double logDetPsi = 0;
        if (!invertSmall(psi.data(), d, psiInv.data(), logDetPsi)) return false;
        // Per profile: its prior mean mu and Psi^-1 mu, and mu'Psi^-1 mu.
        m_prior.assign(profiles * d, 0.0);
        m_pulled.assign(profiles * d, 0.0);
        std::vector<double> quad(profiles, 0.0);
        for (size_t k = 0; k < profiles; ++k) {
            const auto& x = m_bg.rows[k];
            for (size_t j = 0; j < terms; ++j)
                if (x[j] != 0)
                    for (size_t a = 0; a < d; ++a) m_prior[k * d + a] += x[j] * gamma[j * d + a];
            for (size_t a = 0; a < d; ++a) {
                for (size_t c = 0; c < d; ++c) m_pulled[k * d + a] += psiInv[a * d + c] * m_prior[k * d + c];
                quad[k] += m_prior[k * d + a] * m_pulled[k * d + a];
            }
        }
        const size_t patterns = m_pt.booklet.size();
        m_cov.resize(patterns * d * d);
        m_logDetV.resize(patterns);
        double precision[kMaxDimensions * kMaxDimensions];
        for (size_t q = 0; q < patterns; ++q) {
            std::copy(psiInv.begin(), psiInv.end(), precision);
            for (size_t a = 0; a < d; ++a) {
                const int t = m_pt.slot[q * d + a];
                if (t >= 0) precision[a * d + a] += m_f.lambda[static_cast<size_t>(t)];
            }
            double logDetPrecision;
            if (!invertSmall(precision, d, &m_cov[q * d * d], logDetPrecision)) return false;
            m_logDetV[q] = -logDetPrecision;
        }
        m_mean.resize(m_keys.pattern.size() * d);
        if (sums) {
            sums->meanSum.assign(profiles * d, 0.0);
            sums->second.assign(d * d, 0.0);
            sums->logLik = 0;
        }
        std::vector<double> rhs(d);
        for (size_t k = 0; k < m_keys.pattern.size(); ++k) {
            const size_t q = static_cast<size_t>(m_keys.pattern[k]), profile = static_cast<size_t>(m_keys.profile[k]);
            for (size_t a = 0; a < d; ++a) {
                const int t = m_pt.slot[q * d + a];
                rhs[a] = (t >= 0 ? m_f.eta[static_cast<size_t>(t)] : 0.0) + m_pulled[profile * d + a];
            }
            const double* v = &m_cov[q * d * d];
            double* m = &m_mean[k * d];
            double mb = 0;
            for (size_t a = 0; a < d; ++a) {
                double s = 0;
                for (size_t c = 0; c < d; ++c) s += v[a * d + c] * rhs[c];
                m[a] = s;
                mb += s * rhs[a];
            }
            if (!sums) continue;
            const double n = m_keys.persons[k];
            for (size_t a = 0; a < d; ++a) {
                sums->meanSum[profile * d + a] += n * m[a];
                for (size_t c = 0; c <= a; ++c) sums->second[a * d + c] += n * (m[a] * m[c] + v[a * d + c]);
            }
            sums->logLik += n * 0.5 * (m_logDetV[q] - logDetPsi + mb - quad[profile]);
        }
        return true;
    }

    const double* mean(size_t key) const { return &m_mean[key * m_d]; }
    const double* covariance(size_t pattern) const { return &m_cov[pattern * m_d * m_d]; }

private:
    const Patterns& m_pt;
    const NormalFactors& m_f;
    const BackgroundDesign& m_bg;
    const Keys& m_keys;
    size_t m_d;
    std::vector<double> m_prior, m_pulled, m_cov, m_logDetV, m_mean;
};

// Each key's exact posterior by adaptive Gauss-Hermite quadrature: the product rule's nodes placed
// on the key's normal approximation N(m, V) (theta = m + L z, L V's Cholesky factor). Since that
// approximation is the prior times the normal stand-ins of the likelihood factors, the exact
// posterior is it times, per dimension, the exact factor over its stand-in; the nodes weigh just
// that ratio, which is nearly constant, so a few nodes per dimension give the posterior's mean
// and covariance to about 1e-3 logits (where the normal approximation alone is up to 0.05 off,
// and fixed points spread over the population up to 0.3 for pupils in its tails).
// The one-dimensional rule the product is made of: about a thousand points at most in all, and
// at least 3 nodes per dimension.
struct ProductRule {
    std::vector<double> node, logWeight;
    size_t points = 0;
};

ProductRule productRule(size_t d) {
    static const int kNodesPerDimension[] = {0, 21, 11, 7, 4, 4, 3};
    const int n = d < std::size(kNodesPerDimension) ? kNodesPerDimension[d] : 3;
    const Quadrature q = gaussHermiteNormal(n);
    ProductRule r;
    r.node = q.nodes;
    for (double w : q.weights) r.logWeight.push_back(std::log(w));
    r.points = 1;
    for (size_t a = 0; a < d; ++a) r.points *= r.node.size();
    return r;
}

struct Moments {
    double mean[kMaxDimensions];
    double cov[kMaxDimensions * kMaxDimensions];
};

void exactMoments(const Patterns& pt, const NormalFactors& f, size_t q, const double* m, const double* l,
                  const ProductRule& rule, std::vector<double>& logW, std::vector<double>& theta, Moments& out) {
    const size_t d = static_cast<size_t>(pt.dims), n = rule.points, nodes = rule.node.size();
    logW.resize(n);
    theta.resize(n * d);
    // Dimension by dimension: with L lower triangular, theta_a depends on z_1..z_a only, so the
    // factor of dimension a is evaluated once per node of the first a dimensions (4 + 16 + 64 +
    // 256 times in four dimensions rather than 4 x 256).
    double z[kMaxDimensions], th[kMaxDimensions];
    size_t leaf = 0;
    double top = -std::numeric_limits<double>::infinity();
    auto visit = [&](auto& self, size_t a, double lw) -> void {
        double base = m[a];
        for (size_t c = 0; c < a; ++c) base += l[a * d + c] * z[c];
        const int slot = pt.slot[q * d + a];
        for (size_t i = 0; i < nodes; ++i) {
            z[a] = rule.node[i];
            const double t = base + l[a * d + a] * z[a];
            th[a] = t;
            double w = lw + rule.logWeight[i];
            if (slot >= 0) {
                // The exact factor over its normal stand-in exp(eta t - lambda t^2 / 2).
                const size_t s = static_cast<size_t>(slot);
                w += f.logLikelihood(pt, s, t) - f.eta[s] * t + 0.5 * f.lambda[s] * t * t;
            }
            if (a + 1 < d) {
                self(self, a + 1, w);
                continue;
            }
            logW[leaf] = w;
            std::copy(th, th + d, &theta[leaf * d]);
            ++leaf;
            top = std::max(top, w);
        }
    };
    visit(visit, 0, 0.0);
    double total = 0;
    for (double& w : logW) total += (w = std::exp(w - top));
    std::fill(out.mean, out.mean + d, 0.0);
    std::fill(out.cov, out.cov + d * d, 0.0);
    for (size_t j = 0; j < n; ++j)
        for (size_t a = 0; a < d; ++a) out.mean[a] += logW[j] * theta[j * d + a] / total;
    for (size_t j = 0; j < n; ++j)
        for (size_t a = 0; a < d; ++a)
            for (size_t c = 0; c <= a; ++c)
                out.cov[a * d + c] +=
                    logW[j] * (theta[j * d + a] - out.mean[a]) * (theta[j * d + c] - out.mean[c]) / total;
    for (size_t a = 0; a < d; ++a)
        for (size_t c = 0; c < a; ++c) out.cov[c * d + a] = out.cov[a * d + c];
}

void checkInputs(const ResponseMatrix& responses, const DimensionMap& dm, const std::vector<ItemParams>& items,
                 const MultiPopulation& population, const BackgroundDesign& bg) {
    checkMap(responses, dm, false);
    if (items.size() != responses.itemCount())
        throw Error(ErrorKind::Invalid, "the item parameters are not aligned with the responses");
    const size_t d = static_cast<size_t>(dm.count());
    if (population.mean.size() != d || population.covariance.size() != d * d)
        throw Error(ErrorKind::Invalid, "the population model has " + std::to_string(population.dimensions()) +
                                            " dimensions, the dimension map " + std::to_string(d));
    std::vector<double> l;
    if (!choleskyFactor(population.covariance, dm.count(), l))
        throw Error(ErrorKind::Invalid, "the population covariance matrix is not positive definite");
    if (bg.profileOf.size() != responses.personCount())
        throw Error(ErrorKind::Invalid, "the background design is not aligned with the responses' persons");
}

}  // namespace

double MultidimRegression::residualSd(size_t d) const {
    return std::sqrt(residualCovariance[d * dimensions.size() + d]);
}

double MultidimRegression::residualCorrelation(size_t a, size_t b) const {
    return residualCovariance[a * dimensions.size() + b] / (residualSd(a) * residualSd(b));
}

MultidimRegression fitMultidimRegression(const ResponseMatrix& responses, const DimensionMap& dm,
                                         const std::vector<ItemParams>& items, const MultiPopulation& population,
                                         const BackgroundDesign& bg, int maxIterations) {
    checkInputs(responses, dm, items, population, bg);
    const Patterns pt = buildPatterns(responses, dm);
    const NormalFactors factors = normalFactors(pt, items, population);
    const Keys keys = groupKeys(pt, bg);
    const size_t d = static_cast<size_t>(dm.count()), terms = bg.terms.size();

    MultidimRegression r;
    r.dimensions = dm.names;
    r.terms = bg.terms;
    std::vector<double> profileWeight(bg.rows.size(), 0.0);
    for (size_t k = 0; k < keys.pattern.size(); ++k)
        profileWeight[static_cast<size_t>(keys.profile[k])] += keys.persons[k];
    const EstimableTerms estimable = estimableTerms(bg, profileWeight);
    r.dropped = estimable.dropped;
    const std::vector<size_t>& active = estimable.active;
    const size_t n = active.size();
    if (keys.total == 0) {
        r.problem = "no person has answered an item";
        return r;
    }

    // The state: Gamma (terms x D) and the lower Cholesky factor of Psi, so that every state
    // SQUAREM extrapolates to has a positive definite Psi. The start: the calibration's
    // population, every background effect 0.
    struct State {
        std::vector<double> gamma, chol;
    };
    State x;
    x.gamma.assign(terms * d, 0.0);
    for (size_t a = 0; a < d; ++a) x.gamma[a] = population.mean[a];  // the intercept, term 0
    if (!choleskyFactor(population.covariance, static_cast<int>(d), x.chol))
        throw Error(ErrorKind::Invalid, "the population covariance matrix is not positive definite");
    auto covarianceOf = [d](const std::vector<double>& l) {
        std::vector<double> c(d * d, 0.0);
        for (size_t a = 0; a < d; ++a)
            for (size_t b = 0; b < d; ++b)
                for (size_t k = 0; k <= std::min(a, b); ++k) c[a * d + b] += l[a * d + k] * l[b * d + k];
        return c;
    };

    Posteriors post(pt, factors, bg, keys);
    Sums sums;
    std::vector<double> rhs(n * d), column(n), xtx, fitted(d), psi(d * d);
    // One EM step: the E-step's sums at `from`, then least squares of the posterior means on x
    // (one dimension at a time) and Psi the mean of (m - Gamma'x)(m - Gamma'x)' + V, from the
    // per-profile sums. A state whose posteriors cannot be formed makes a NaN state.
    bool collinear = false;
    auto emStep = [&](const State& from, State& to) {
        to = from;
        if (!post.compute(from.gamma, covarianceOf(from.chol), &sums)) {
            std::fill(to.gamma.begin(), to.gamma.end(), kNaN);
            return -std::numeric_limits<double>::infinity();
        }
        std::fill(rhs.begin(), rhs.end(), 0.0);
        for (size_t k = 0; k < bg.rows.size(); ++k)
            for (size_t j = 0; j < n; ++j) {
                const double xj = bg.rows[k][active[j]];
                if (xj != 0)
                    for (size_t a = 0; a < d; ++a) rhs[j * d + a] += xj * sums.meanSum[k * d + a];
            }
        std::fill(to.gamma.begin(), to.gamma.end(), 0.0);
        for (size_t a = 0; a < d; ++a) {
            for (size_t j = 0; j < n; ++j) column[j] = rhs[j * d + a];
            xtx = estimable.crossProducts;
            if (!choleskySolve(xtx, column, static_cast<int>(n))) {
                collinear = true;
                std::fill(to.gamma.begin(), to.gamma.end(), kNaN);
                return sums.logLik;
            }
            for (size_t j = 0; j < n; ++j) to.gamma[active[j] * d + a] = column[j];
        }
        psi = sums.second;
        for (size_t k = 0; k < bg.rows.size(); ++k) {
            if (profileWeight[k] == 0) continue;
            std::fill(fitted.begin(), fitted.end(), 0.0);
            for (size_t j : active)
                if (bg.rows[k][j] != 0)
                    for (size_t a = 0; a < d; ++a) fitted[a] += bg.rows[k][j] * to.gamma[j * d + a];
            const double* sum = &sums.meanSum[k * d];
            for (size_t a = 0; a < d; ++a)
                for (size_t c = 0; c <= a; ++c)
                    psi[a * d + c] +=
                        -sum[a] * fitted[c] - fitted[a] * sum[c] + profileWeight[k] * fitted[a] * fitted[c];
        }
        for (size_t a = 0; a < d; ++a)
            for (size_t c = 0; c <= a; ++c) psi[c * d + a] = (psi[a * d + c] /= keys.total);
        if (!choleskyFactor(psi, static_cast<int>(d), to.chol)) std::fill(to.gamma.begin(), to.gamma.end(), kNaN);
        return sums.logLik;
    };
    auto change = [](const State& a, const State& b) {
        double c = 0;
        for (size_t j = 0; j < a.gamma.size(); ++j) c = std::max(c, std::fabs(a.gamma[j] - b.gamma[j]));
        for (size_t j = 0; j < a.chol.size(); ++j) c = std::max(c, std::fabs(a.chol[j] - b.chol[j]));
        return std::isnan(c) ? std::numeric_limits<double>::infinity() : c;
    };
    auto runaway = [&](const State& s) -> std::string {
        if (collinear)
            return "the background terms are collinear (one is a combination of others), so their effects cannot be "
                   "told apart";
        for (double v : s.gamma)
            if (!std::isfinite(v)) return "the regression became NaN";
        for (double v : s.chol)
            if (!std::isfinite(v)) return "the residual covariance became NaN";
        return "";
    };
    // The extrapolated coordinates: the active coefficients, then the factor's lower triangle
    // with its diagonal as logs.
    std::vector<size_t> gammaAt, cholAt;
    for (size_t j : active)
        for (size_t a = 0; a < d; ++a) gammaAt.push_back(j * d + a);
    for (size_t a = 0; a < d; ++a)
        for (size_t c = 0; c <= a; ++c) cholAt.push_back(a * d + c);
    auto get = [&](const State& s, size_t k) {
        if (k < gammaAt.size()) return s.gamma[gammaAt[k]];
        const size_t at = cholAt[k - gammaAt.size()];
        return at % (d + 1) == 0 ? std::log(s.chol[at]) : s.chol[at];
    };
    auto set = [&](State& s, size_t k, double v) {
        if (k < gammaAt.size()) {
            s.gamma[gammaAt[k]] = v;
            return;
        }
        const size_t at = cholAt[k - gammaAt.size()];
        s.chol[at] = at % (d + 1) == 0 ? std::exp(std::clamp(v, -10.0, 5.0)) : v;
    };
    const EmRun run =
        runSquarem(x, gammaAt.size() + cholAt.size(), 1e-6, maxIterations, emStep, change, runaway, get, set);
    r.iterations = run.iterations;
    r.converged = run.converged;
    r.problem = run.problem;
    r.coefficients = x.gamma;
    r.residualCovariance = covarianceOf(x.chol);
    return r;
}

MultidimPersons estimateMultidimConditioned(const ResponseMatrix& responses, const DimensionMap& dm,
                                            const std::vector<ItemParams>& items, const MultiPopulation& population,
                                            const BackgroundDesign& bg, const MultidimRegression& regression,
                                            const PersonEstimateOptions& options) {
    checkInputs(responses, dm, items, population, bg);
    if (!regression.converged) throw Error(ErrorKind::Invalid, "the latent regression did not converge");
    const size_t d = static_cast<size_t>(dm.count());
    if (regression.dimensionCount() != d || regression.terms != bg.terms)
        throw Error(ErrorKind::Invalid, "the regression was fitted on other dimensions or background terms");
    if (options.plausibleValues < 0 || options.plausibleValues > 100)
        throw Error(ErrorKind::Invalid,
                    "between 0 and 100 plausible values, not " + std::to_string(options.plausibleValues));

    // WLEs and raw scores do not involve the population model: as without conditioning.
    PersonEstimateOptions own = options;
    own.eap = false;
    own.plausibleValues = 0;
    MultidimPersons out = estimateMultidimPersons(responses, dm, items, population, own);
    out.pvCount = options.plausibleValues;
    out.pv.assign(responses.personCount() * static_cast<size_t>(out.pvCount) * d, kNaN);

    const Patterns pt = buildPatterns(responses, dm);
    const NormalFactors factors = normalFactors(pt, items, population);
    const Keys keys = groupKeys(pt, bg);
    Posteriors post(pt, factors, bg, keys);
    if (!post.compute(regression.coefficients, regression.residualCovariance))
        throw Error(ErrorKind::Invalid, "the regression's residual covariance matrix is not positive definite");
    // Each key's normal approximation, refined by adaptive Gauss-Hermite quadrature (on all cores:
    // keys are up to one per pupil), and its Cholesky factor for the plausible values.
    std::vector<double> chol(pt.booklet.size() * d * d);
    for (size_t q = 0; q < pt.booklet.size(); ++q) {
        std::vector<double> v(post.covariance(q), post.covariance(q) + d * d), l;
        if (!choleskyFactor(v, static_cast<int>(d), l)) l.assign(d * d, 0.0);
        std::copy(l.begin(), l.end(), chol.begin() + static_cast<std::ptrdiff_t>(q * d * d));
    }
    const ProductRule points = productRule(d);
    const size_t keyCount = keys.pattern.size();
    std::vector<double> keyMean(keyCount * d), keySd(keyCount * d), keyChol(keyCount * d * d, 0.0);
    forEachChunk(keyCount >= 1000 ? 8 : 1, [&](size_t chunk, size_t chunks) {
        std::vector<double> logW, theta, v(d * d), l;
        Moments mo;
        for (size_t k = keyCount * chunk / chunks; k < keyCount * (chunk + 1) / chunks; ++k) {
            const size_t q = static_cast<size_t>(keys.pattern[k]);
            exactMoments(pt, factors, q, post.mean(k), &chol[q * d * d], points, logW, theta, mo);
            std::copy(mo.mean, mo.mean + d, keyMean.begin() + static_cast<std::ptrdiff_t>(k * d));
            for (size_t a = 0; a < d; ++a) keySd[k * d + a] = std::sqrt(mo.cov[a * d + a]);
            v.assign(mo.cov, mo.cov + d * d);
            // A posterior on a single point (an absurdly small population SD): no spread.
            if (!choleskyFactor(v, static_cast<int>(d), l)) l.assign(d * d, 0.0);
            std::copy(l.begin(), l.end(), keyChol.begin() + static_cast<std::ptrdiff_t>(k * d * d));
        }
    });
    for (size_t p = 0; p < responses.personCount(); ++p) {
        const int key = keys.keyOf[p];
        if (key < 0) continue;
        const size_t k = static_cast<size_t>(key);
        const double* mean = &keyMean[k * d];
        if (options.eap)
            for (size_t a = 0; a < d; ++a) out.eap[p * d + a] = {mean[a], keySd[k * d + a]};
        if (out.pvCount == 0) continue;
        drawPlausibleValues(options.seed, responses.personId(p), mean, &keyChol[k * d * d], d, out.pvCount,
                            &out.pv[p * static_cast<size_t>(out.pvCount) * d]);
    }
    return out;
}

}  // namespace dlk
