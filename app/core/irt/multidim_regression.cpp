#include "irt/multidim_regression.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "irt/multidim_patterns.h"
#include "irt/pcm_model.h"
#include "irt/pcm_newton.h"
#include "irt/random.h"
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
};

NormalFactors normalFactors(const Patterns& pt, const std::vector<ItemParams>& items, const MultiPopulation& pop) {
    std::vector<PcmItem> prepared;
    for (const ItemParams& p : items) prepared.emplace_back(p);
    const size_t slots = pt.slotBooklet.size();
    NormalFactors f;
    f.lambda.assign(slots, 0.0);
    f.eta.assign(slots, 0.0);
    // -sum of log gamma_i over the booklet's items on the dimension, on the dimension's grid.
    std::map<std::pair<int, int>, std::vector<double>> sums;
    std::vector<double> dens(kGridPoints);
    for (size_t t = 0; t < slots; ++t) {
        const int b = pt.slotBooklet[t], a = pt.slotDimension[t];
        const double mu = pop.mean[static_cast<size_t>(a)], sd = pop.sd(a);
        const double low = mu - kGridHalfWidth * sd, step = 2 * kGridHalfWidth * sd / (kGridPoints - 1);
        auto [it, fresh] = sums.try_emplace({b, a});
        std::vector<double>& sum = it->second;
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

// Every key's normal posterior under (gamma, psi): precision P_q = Psi^-1 + diag(lambda_q), the
// same for every profile of pattern q, and mean P_q^-1 (eta_q + Psi^-1 Gamma' x_k).
class Posteriors {
public:
    Posteriors(const Patterns& pt, const NormalFactors& f, const BackgroundDesign& bg, const Keys& keys)
        : m_pt(pt), m_f(f), m_bg(bg), m_keys(keys), m_d(static_cast<size_t>(pt.dims)) {}

    // False when psi, or a posterior precision, is not positive definite.
    bool compute(const std::vector<double>& gamma, const std::vector<double>& psi) {
        const size_t d = m_d, terms = m_bg.terms.size();
        std::vector<double> psiInv;
        if (!choleskyInverse(psi, static_cast<int>(d), psiInv)) return false;
        // Per profile: Psi^-1 times its prior mean.
        std::vector<double> priorMean(d);
        m_pulled.assign(m_bg.rows.size() * d, 0.0);
        for (size_t k = 0; k < m_bg.rows.size(); ++k) {
            const auto& x = m_bg.rows[k];
            for (size_t a = 0; a < d; ++a) {
                double s = 0;
                for (size_t j = 0; j < terms; ++j) s += x[j] * gamma[j * d + a];
                priorMean[a] = s;
            }
            for (size_t a = 0; a < d; ++a)
                for (size_t c = 0; c < d; ++c) m_pulled[k * d + a] += psiInv[a * d + c] * priorMean[c];
        }
        const size_t patterns = m_pt.booklet.size();
        m_cov.resize(patterns * d * d);
        std::vector<double> precision(d * d), inv;
        for (size_t q = 0; q < patterns; ++q) {
            precision = psiInv;
            for (size_t a = 0; a < d; ++a) {
                const int t = m_pt.slot[q * d + a];
                if (t >= 0) precision[a * d + a] += m_f.lambda[static_cast<size_t>(t)];
            }
            if (!choleskyInverse(precision, static_cast<int>(d), inv)) return false;
            std::copy(inv.begin(), inv.end(), m_cov.begin() + static_cast<std::ptrdiff_t>(q * d * d));
        }
        m_mean.resize(m_keys.pattern.size() * d);
        std::vector<double> rhs(d);
        for (size_t k = 0; k < m_keys.pattern.size(); ++k) {
            const size_t q = static_cast<size_t>(m_keys.pattern[k]), profile = static_cast<size_t>(m_keys.profile[k]);
            for (size_t a = 0; a < d; ++a) {
                const int t = m_pt.slot[q * d + a];
                rhs[a] = (t >= 0 ? m_f.eta[static_cast<size_t>(t)] : 0.0) + m_pulled[profile * d + a];
            }
            const double* v = &m_cov[q * d * d];
            for (size_t a = 0; a < d; ++a) {
                double s = 0;
                for (size_t c = 0; c < d; ++c) s += v[a * d + c] * rhs[c];
                m_mean[k * d + a] = s;
            }
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
    std::vector<double> m_pulled, m_cov, m_mean;
};

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

    // The start: the calibration's population, every background effect 0.
    r.coefficients.assign(terms * d, 0.0);
    for (size_t a = 0; a < d; ++a) r.coefficients[a] = population.mean[a];  // the intercept, term 0
    r.residualCovariance = population.covariance;
    Posteriors post(pt, factors, bg, keys);
    std::vector<double> rhs(n * d), column(n), xtx, gamma(terms * d), psi(d * d), e(d);
    for (r.iterations = 0; r.iterations < maxIterations; ++r.iterations) {
        if (!post.compute(r.coefficients, r.residualCovariance)) {
            r.problem = "the residual covariance matrix is no longer positive definite";
            return r;
        }
        // M-step: least squares of the posterior means on x, one dimension at a time; Psi the mean
        // residual cross-product plus the mean posterior covariance.
        std::fill(rhs.begin(), rhs.end(), 0.0);
        for (size_t k = 0; k < keys.pattern.size(); ++k) {
            const auto& x = bg.rows[static_cast<size_t>(keys.profile[k])];
            const double* m = post.mean(k);
            for (size_t j = 0; j < n; ++j) {
                const double w = keys.persons[k] * x[active[j]];
                if (w == 0) continue;
                for (size_t a = 0; a < d; ++a) rhs[j * d + a] += w * m[a];
            }
        }
        std::fill(gamma.begin(), gamma.end(), 0.0);
        for (size_t a = 0; a < d; ++a) {
            for (size_t j = 0; j < n; ++j) column[j] = rhs[j * d + a];
            xtx = estimable.crossProducts;
            if (!choleskySolve(xtx, column, static_cast<int>(n))) {
                r.problem =
                    "the background terms are collinear (one is a combination of others), so their effects "
                    "cannot be told apart";
                return r;
            }
            for (size_t j = 0; j < n; ++j) gamma[active[j] * d + a] = column[j];
        }
        std::fill(psi.begin(), psi.end(), 0.0);
        for (size_t k = 0; k < keys.pattern.size(); ++k) {
            const auto& x = bg.rows[static_cast<size_t>(keys.profile[k])];
            const double* m = post.mean(k);
            for (size_t a = 0; a < d; ++a) {
                double fit = 0;
                for (size_t j : active) fit += x[j] * gamma[j * d + a];
                e[a] = m[a] - fit;
            }
            const double* v = post.covariance(static_cast<size_t>(keys.pattern[k]));
            for (size_t a = 0; a < d; ++a)
                for (size_t c = 0; c <= a; ++c) psi[a * d + c] += keys.persons[k] * (e[a] * e[c] + v[a * d + c]);
        }
        for (size_t a = 0; a < d; ++a)
            for (size_t c = 0; c <= a; ++c) psi[c * d + a] = (psi[a * d + c] /= keys.total);
        double change = 0;
        for (size_t j = 0; j < gamma.size(); ++j) change = std::max(change, std::fabs(gamma[j] - r.coefficients[j]));
        for (size_t j = 0; j < psi.size(); ++j) change = std::max(change, std::fabs(psi[j] - r.residualCovariance[j]));
        r.coefficients = gamma;
        r.residualCovariance = psi;
        if (!std::isfinite(change)) {
            r.problem = "the regression became NaN";
            return r;
        }
        if (change < 1e-6) {
            r.converged = true;
            ++r.iterations;
            return r;
        }
    }
    r.problem = "no convergence in " + std::to_string(maxIterations) + " EM iterations";
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
    std::vector<double> chol(pt.booklet.size() * d * d), l, v(d * d);
    for (size_t q = 0; q < pt.booklet.size(); ++q) {
        std::copy(post.covariance(q), post.covariance(q) + d * d, v.begin());
        if (!choleskyFactor(v, static_cast<int>(d), l)) l.assign(d * d, 0.0);
        std::copy(l.begin(), l.end(), chol.begin() + static_cast<std::ptrdiff_t>(q * d * d));
    }
    const uint64_t seedMix = options.seed * 0x9E3779B97F4A7C15ull;
    std::vector<double> z(d);
    for (size_t p = 0; p < responses.personCount(); ++p) {
        const int key = keys.keyOf[p];
        if (key < 0) continue;
        const size_t k = static_cast<size_t>(key), q = static_cast<size_t>(keys.pattern[k]);
        const double* mean = post.mean(k);
        const double* cov = post.covariance(q);
        if (options.eap)
            for (size_t a = 0; a < d; ++a) out.eap[p * d + a] = {mean[a], std::sqrt(cov[a * d + a])};
        if (out.pvCount == 0) continue;
        Random rng(stableHash(responses.personId(p)) ^ seedMix);
        for (int m = 0; m < out.pvCount; ++m) {
            for (size_t a = 0; a < d; ++a) z[a] = rng.normal();
            double* pv = &out.pv[(p * static_cast<size_t>(out.pvCount) + static_cast<size_t>(m)) * d];
            for (size_t a = 0; a < d; ++a) {
                double t = mean[a];
                for (size_t c = 0; c <= a; ++c) t += chol[(q * d + a) * d + c] * z[c];
                pv[a] = t;
            }
        }
    }
    return out;
}

}  // namespace dlk
