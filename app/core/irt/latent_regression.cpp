#include "irt/latent_regression.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "irt/pcm_newton.h"
#include "irt/random.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The theta grid of the posteriors: wide enough for any prior mean a regression gives and any
// raw score, fine enough for posterior SDs down to 0.1 logits.
constexpr double kGridLow = -10, kGridStep = 0.01;
constexpr size_t kGridPoints = 2001;

double gridTheta(size_t t) {
    return kGridLow + kGridStep * static_cast<double>(t);
}

// Persons grouped by booklet, raw score and background profile: they share their posterior.
struct Keys {
    std::vector<int> booklet, score, profile, persons;
    std::vector<int> keyOf;  // per person, -1 without items
};

Keys groupKeys(const DesignSummary& design, const BackgroundDesign& bg) {
    Keys k;
    std::map<std::pair<int, int>, int> index;  // (score group, profile)
    k.keyOf.assign(design.personGroup.size(), -1);
    for (size_t p = 0; p < design.personGroup.size(); ++p) {
        const int g = design.personGroup[p];
        if (g < 0) continue;
        const auto [it, fresh] = index.try_emplace({g, bg.profileOf[p]}, static_cast<int>(k.booklet.size()));
        if (fresh) {
            k.booklet.push_back(design.groups[static_cast<size_t>(g)].booklet);
            k.score.push_back(design.groups[static_cast<size_t>(g)].score);
            k.profile.push_back(bg.profileOf[p]);
            k.persons.push_back(0);
        }
        ++k.persons[static_cast<size_t>(it->second)];
        k.keyOf[p] = it->second;
    }
    return k;
}

// -sum over the booklet's items of log gamma_i(theta) on the grid, per booklet.
std::vector<std::vector<double>> bookletLikelihoods(const DesignSummary& design, const std::vector<ItemParams>& items) {
    std::vector<std::vector<double>> out(design.booklets.size(), std::vector<double>(kGridPoints, 0.0));
    std::vector<PcmItem> prepared;
    for (const ItemParams& p : items) prepared.emplace_back(p);
    for (size_t b = 0; b < design.booklets.size(); ++b)
        for (int i : design.booklets[b].items)
            for (size_t t = 0; t < kGridPoints; ++t)
                out[b][t] -= prepared[static_cast<size_t>(i)].logNormaliser(gridTheta(t));
    return out;
}

// The posterior of a key on the grid (normalised to sum 1) under N(mean, sd^2).
void posterior(const std::vector<double>& logLik, int score, double mean, double sd, std::vector<double>& dens) {
    dens.resize(kGridPoints);
    const double half = 0.5 / (sd * sd);
    double top = -std::numeric_limits<double>::infinity();
    for (size_t t = 0; t < kGridPoints; ++t) {
        const double th = gridTheta(t);
        top = std::max(top, dens[t] = logLik[t] + score * th - (th - mean) * (th - mean) * half);
    }
    double sum = 0;
    for (double& v : dens) sum += (v = std::exp(v - top));
    for (double& v : dens) v /= sum;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
    return s;
}

}  // namespace

BackgroundDesign backgroundDesign(const BackgroundTable& table, const ResponseMatrix& responses) {
    const size_t persons = responses.personCount(), columns = table.columns.size();
    // Each person's row of the file, -1 when absent.
    std::vector<int> rowOf(persons, -1);
    int found = 0;
    for (size_t p = 0; p < persons; ++p)
        if (auto it = table.rowOfPerson.find(responses.personId(p)); it != table.rowOfPerson.end()) {
            rowOf[p] = static_cast<int>(it->second);
            ++found;
        }
    if (found == 0)
        throw Error(ErrorKind::Invalid,
                    table.sourceName + " has none of the " + std::to_string(persons) + " persons of the responses");
    BackgroundDesign d;
    d.terms.push_back("intercept");
    // Per column: its values (sorted; the first is the reference) and whether anyone lacks one.
    std::vector<std::vector<std::string>> levels(columns);
    std::vector<char> hasMissing(columns, 0);
    for (size_t c = 0; c < columns; ++c) {
        // A hash set while reading (a file of 100,000 pupils has 100,000 cells per column), sorted after.
        std::unordered_set<std::string_view> values;
        for (size_t p = 0; p < persons; ++p) {
            const std::string* v = rowOf[p] < 0 ? nullptr : &table.cells[static_cast<size_t>(rowOf[p])][c];
            if (!v || v->empty()) {
                hasMissing[c] = 1;
                continue;
            }
            values.insert(*v);
            if (values.size() > kMaxBackgroundLevels)
                throw Error(ErrorKind::Invalid, table.sourceName + ": column " + table.columns[c] + " has more than " +
                                                    std::to_string(kMaxBackgroundLevels) +
                                                    " values; conditioning takes categories (group a number into "
                                                    "bands first)");
        }
        levels[c].assign(values.begin(), values.end());
        std::sort(levels[c].begin(), levels[c].end());
    }
    std::vector<size_t> firstTerm(columns);
    for (size_t c = 0; c < columns; ++c) {
        firstTerm[c] = d.terms.size();
        for (size_t l = 1; l < levels[c].size(); ++l) d.terms.push_back(table.columns[c] + "=" + levels[c][l]);
        if (hasMissing[c] && !levels[c].empty()) d.terms.push_back(table.columns[c] + "=missing");
        if (d.terms.size() > kMaxBackgroundTerms)
            throw Error(ErrorKind::Invalid,
                        table.sourceName + ": more than " + std::to_string(kMaxBackgroundTerms) + " background terms");
    }
    // Profiles keyed by the bytes of their value codes.
    std::unordered_map<std::string, int> profileIndex;
    std::vector<int> code(columns);
    std::string key;
    d.profileOf.resize(persons);
    for (size_t p = 0; p < persons; ++p) {
        for (size_t c = 0; c < columns; ++c) {
            const std::string* v = rowOf[p] < 0 ? nullptr : &table.cells[static_cast<size_t>(rowOf[p])][c];
            code[c] =
                !v || v->empty()
                    ? -1
                    : static_cast<int>(std::lower_bound(levels[c].begin(), levels[c].end(), *v) - levels[c].begin());
        }
        key.assign(reinterpret_cast<const char*>(code.data()), code.size() * sizeof(int));
        const auto [it, fresh] = profileIndex.try_emplace(key, static_cast<int>(d.rows.size()));
        if (fresh) {
            std::vector<double> x(d.terms.size(), 0.0);
            x[0] = 1;
            for (size_t c = 0; c < columns; ++c) {
                if (levels[c].empty()) continue;  // nobody has a value: no term
                if (code[c] > 0) x[firstTerm[c] + static_cast<size_t>(code[c] - 1)] = 1;
                if (code[c] < 0) x[firstTerm[c] + levels[c].size() - 1] = 1;  // the missing term, last
            }
            d.rows.push_back(std::move(x));
        }
        d.profileOf[p] = it->second;
    }
    return d;
}

namespace {

// Eigenvalues (descending) and eigenvectors (columns, in the same order) of a small symmetric
// n x n matrix, by cyclic Jacobi rotations: a few hundred terms at most, and exact to rounding.
void symmetricEigen(std::vector<double> a, size_t n, std::vector<double>& values, std::vector<double>& vectors) {
    std::vector<double> v(n * n, 0.0);
    for (size_t i = 0; i < n; ++i) v[i * n + i] = 1;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (size_t p = 0; p < n; ++p)
            for (size_t q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
        if (off < 1e-22) break;
        for (size_t p = 0; p < n; ++p)
            for (size_t q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (std::fabs(apq) < 1e-300) continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (size_t k = 0; k < n; ++k) {
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (size_t k = 0; k < n; ++k) {
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (size_t k = 0; k < n; ++k) {
                    const double vkp = v[k * n + p], vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
    std::vector<size_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return a[x * n + x] > a[y * n + y]; });
    values.clear();
    vectors.assign(n * n, 0.0);
    for (size_t j = 0; j < n; ++j) {
        values.push_back(a[order[j] * n + order[j]]);
        for (size_t k = 0; k < n; ++k) vectors[k * n + j] = v[k * n + order[j]];
    }
}

}  // namespace

BackgroundDesign principalComponents(const BackgroundDesign& design, double share, ComponentSummary* summary) {
    if (!(share > 0 && share <= 1))
        throw Error(ErrorKind::Invalid,
                    "the share of variance the components explain must lie in (0, 1], not " + formatDouble(share));
    std::vector<double> weight(design.rows.size(), 0.0);
    for (int p : design.profileOf) weight[static_cast<size_t>(p)] += 1;
    double total = 0;
    for (double w : weight) total += w;
    // The terms' weighted means and SDs; those nobody varies on say nothing.
    const size_t all = design.terms.size();
    std::vector<size_t> used;
    std::vector<double> mean, sd;
    for (size_t j = 1; j < all; ++j) {
        double m = 0, m2 = 0;
        for (size_t k = 0; k < design.rows.size(); ++k) {
            m += weight[k] * design.rows[k][j] / total;
            m2 += weight[k] * design.rows[k][j] * design.rows[k][j] / total;
        }
        const double var = m2 - m * m;
        if (var > 1e-12) {
            used.push_back(j);
            mean.push_back(m);
            sd.push_back(std::sqrt(var));
        }
    }
    const size_t n = used.size();
    if (n == 0) throw Error(ErrorKind::Invalid, "no background term varies between the persons: nothing to summarise");
    std::vector<double> corr(n * n, 0.0);
    for (size_t k = 0; k < design.rows.size(); ++k) {
        if (weight[k] == 0) continue;
        for (size_t a = 0; a < n; ++a) {
            const double za = (design.rows[k][used[a]] - mean[a]) / sd[a];
            for (size_t b = 0; b <= a; ++b)
                corr[a * n + b] += weight[k] * za * (design.rows[k][used[b]] - mean[b]) / sd[b] / total;
        }
    }
    for (size_t a = 0; a < n; ++a)
        for (size_t b = 0; b < a; ++b) corr[b * n + a] = corr[a * n + b];
    std::vector<double> values, vectors;
    symmetricEigen(corr, n, values, vectors);
    double sum = 0;
    for (double v : values) sum += std::max(v, 0.0);
    size_t keep = 0;
    double explained = 0;
    while (keep < n && explained < share * sum - 1e-12) explained += std::max(values[keep++], 0.0);
    BackgroundDesign out;
    out.terms.push_back("intercept");
    for (size_t c = 0; c < keep; ++c) out.terms.push_back("pc" + std::to_string(c + 1));
    out.profileOf = design.profileOf;
    for (const auto& x : design.rows) {
        std::vector<double> row(keep + 1, 0.0);
        row[0] = 1;
        for (size_t c = 0; c < keep; ++c)
            for (size_t a = 0; a < n; ++a) row[c + 1] += vectors[a * n + c] * (x[used[a]] - mean[a]) / sd[a];
        out.rows.push_back(std::move(row));
    }
    if (summary) *summary = {n, keep, sum > 0 ? explained / sum : 1.0};
    return out;
}

BackgroundDesign readBackgroundDesign(const std::string& path, const ResponseMatrix& responses,
                                      std::optional<double> componentShare, ComponentSummary* summary) {
    BackgroundDesign design = backgroundDesign(readBackgroundCsv(path), responses);
    if (componentShare) design = principalComponents(design, *componentShare, summary);
    return design;
}

EstimableTerms estimableTerms(const BackgroundDesign& bg, const std::vector<double>& profileWeight) {
    // Terms nobody with items has (a value only pupils without answers have) cannot be estimated,
    // nor a term that is a combination of earlier ones (the "missing" terms of pupils absent from
    // the file coincide in every column): like R's lm, such a term is dropped, its coefficient 0.
    const size_t terms = bg.terms.size();
    std::vector<double> full(terms * terms, 0.0);  // X'WX over every term
    for (size_t k = 0; k < bg.rows.size(); ++k) {
        const auto& x = bg.rows[k];
        for (size_t a = 0; a < terms; ++a)
            if (x[a] != 0)
                for (size_t b = 0; b < terms; ++b) full[a * terms + b] += profileWeight[k] * x[a] * x[b];
    }
    auto crossProducts = [&](const std::vector<size_t>& chosen) {
        const size_t m = chosen.size();
        std::vector<double> xtx(m * m);
        for (size_t a = 0; a < m; ++a)
            for (size_t b = 0; b < m; ++b) xtx[a * m + b] = full[chosen[a] * terms + chosen[b]];
        return xtx;
    };
    EstimableTerms e;
    for (size_t j = 0; j < terms; ++j) {
        e.active.push_back(j);
        // A pivot below 1e-9 of its diagonal: the term is, up to rounding, a combination of earlier ones.
        std::vector<double> factor;
        if (!choleskyFactor(crossProducts(e.active), static_cast<int>(e.active.size()), factor, 1e-9)) {
            e.active.pop_back();
            e.dropped.push_back(bg.terms[j]);
        }
    }
    e.crossProducts = crossProducts(e.active);
    return e;
}

LatentRegression fitLatentRegression(const ResponseMatrix& responses, const DesignSummary& design,
                                     const std::vector<ItemParams>& items, const BackgroundDesign& bg,
                                     int maxIterations) {
    if (items.size() != responses.itemCount())
        throw Error(ErrorKind::Invalid, "the item parameters are not aligned with the responses");
    const Keys keys = groupKeys(design, bg);
    const auto logLik = bookletLikelihoods(design, items);
    const size_t terms = bg.terms.size();

    LatentRegression r;
    r.terms = bg.terms;
    r.coefficients.assign(terms, 0.0);
    std::vector<double> profileWeight(bg.rows.size(), 0.0);
    for (size_t k = 0; k < keys.booklet.size(); ++k)
        profileWeight[static_cast<size_t>(keys.profile[k])] += keys.persons[k];
    EstimableTerms estimable = estimableTerms(bg, profileWeight);
    r.dropped = estimable.dropped;
    const std::vector<size_t>& active = estimable.active;
    const int n = static_cast<int>(active.size());
    const std::vector<double>& xtx = estimable.crossProducts;
    double total = 0;
    for (int persons : keys.persons) total += persons;
    std::vector<double> dens, rhs(static_cast<size_t>(n)), solved, xtxCopy;
    std::vector<double> postMean(keys.booklet.size()), postVar(keys.booklet.size());
    for (r.iterations = 0; r.iterations < maxIterations; ++r.iterations) {
        // E-step: each key's posterior mean and variance under its own prior mean.
        for (size_t k = 0; k < keys.booklet.size(); ++k) {
            const double mean = dot(bg.rows[static_cast<size_t>(keys.profile[k])], r.coefficients);
            posterior(logLik[static_cast<size_t>(keys.booklet[k])], keys.score[k], mean, r.residualSd, dens);
            double m1 = 0, m2 = 0;
            for (size_t t = 0; t < kGridPoints; ++t) m1 += dens[t] * gridTheta(t);
            for (size_t t = 0; t < kGridPoints; ++t) m2 += dens[t] * (gridTheta(t) - m1) * (gridTheta(t) - m1);
            postMean[k] = m1;
            postVar[k] = m2;
        }
        // M-step: weighted least squares of the posterior means on x; sigma^2 the mean residual
        // square plus the mean posterior variance.
        std::fill(rhs.begin(), rhs.end(), 0.0);
        for (size_t k = 0; k < keys.booklet.size(); ++k) {
            const auto& x = bg.rows[static_cast<size_t>(keys.profile[k])];
            for (int a = 0; a < n; ++a)
                rhs[static_cast<size_t>(a)] += keys.persons[k] * x[active[static_cast<size_t>(a)]] * postMean[k];
        }
        xtxCopy = xtx;
        solved = rhs;
        if (!choleskySolve(xtxCopy, solved, n)) {
            r.problem =
                "the background terms are collinear (one is a combination of others), so their effects "
                "cannot be told apart";
            return r;
        }
        std::vector<double> beta(terms, 0.0);
        for (int a = 0; a < n; ++a) beta[active[static_cast<size_t>(a)]] = solved[static_cast<size_t>(a)];
        double ss = 0;
        for (size_t k = 0; k < keys.booklet.size(); ++k) {
            const double e = postMean[k] - dot(bg.rows[static_cast<size_t>(keys.profile[k])], beta);
            ss += keys.persons[k] * (e * e + postVar[k]);
        }
        const double sd = std::sqrt(ss / total);
        double change = std::fabs(sd - r.residualSd);
        for (size_t j = 0; j < terms; ++j) change = std::max(change, std::fabs(beta[j] - r.coefficients[j]));
        r.coefficients = std::move(beta);
        r.residualSd = sd;
        if (!std::isfinite(change) || !(sd > 0)) {
            r.problem = "the regression became NaN or its SD 0";
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

PersonEstimates estimateConditioned(const ResponseMatrix& responses, const DesignSummary& design,
                                    const std::vector<ItemParams>& items, const BackgroundDesign& bg,
                                    const LatentRegression& regression, const PersonEstimateOptions& options) {
    if (!regression.converged) throw Error(ErrorKind::Invalid, "the latent regression did not converge");
    const size_t persons = responses.personCount();
    const Keys keys = groupKeys(design, bg);
    const auto logLik = bookletLikelihoods(design, items);
    PersonEstimates out;
    out.pvCount = options.plausibleValues;
    out.eap.assign(persons, ThetaEstimate{});
    out.pv.assign(persons * static_cast<size_t>(out.pvCount), kNaN);
    out.rawScore.assign(persons, 0);
    out.maxScore.assign(persons, 0);
    std::vector<int> bookletMax(design.booklets.size(), 0);
    for (size_t b = 0; b < design.booklets.size(); ++b)
        for (int i : design.booklets[b].items) bookletMax[b] += items[static_cast<size_t>(i)].maxScore;

    // Each key's posterior and its cumulative distribution, then each person's draws from theirs.
    std::vector<std::vector<double>> cum(keys.booklet.size());
    std::vector<ThetaEstimate> eap(keys.booklet.size());
    std::vector<double> dens;
    for (size_t k = 0; k < keys.booklet.size(); ++k) {
        const double mean = dot(bg.rows[static_cast<size_t>(keys.profile[k])], regression.coefficients);
        posterior(logLik[static_cast<size_t>(keys.booklet[k])], keys.score[k], mean, regression.residualSd, dens);
        double m1 = 0, m2 = 0;
        for (size_t t = 0; t < kGridPoints; ++t) m1 += dens[t] * gridTheta(t);
        for (size_t t = 0; t < kGridPoints; ++t) m2 += dens[t] * (gridTheta(t) - m1) * (gridTheta(t) - m1);
        eap[k] = {m1, std::sqrt(m2)};
        if (out.pvCount == 0) continue;
        cum[k].resize(kGridPoints);
        double c = 0;
        for (size_t t = 0; t < kGridPoints; ++t) cum[k][t] = (c += dens[t]);
    }
    const uint64_t seedMix = options.seed * 0x9E3779B97F4A7C15ull;
    for (size_t p = 0; p < persons; ++p) {
        const int key = keys.keyOf[p];
        if (key < 0) continue;
        const size_t k = static_cast<size_t>(key);
        out.rawScore[p] = keys.score[k];
        out.maxScore[p] = bookletMax[static_cast<size_t>(keys.booklet[k])];
        if (options.eap) out.eap[p] = eap[k];
        if (out.pvCount == 0) continue;
        Random rng(stableHash(responses.personId(p)) ^ seedMix);
        for (int v = 0; v < out.pvCount; ++v) {
            // Inverse CDF, uniform within the grid cell the draw falls in.
            const double u = rng.uniform() * cum[k].back();
            const size_t t = static_cast<size_t>(std::lower_bound(cum[k].begin(), cum[k].end(), u) - cum[k].begin());
            const double below = t ? cum[k][t - 1] : 0, within = cum[k][t] - below;
            const double frac = within > 0 ? (u - below) / within : 0.5;
            out.pv[p * static_cast<size_t>(out.pvCount) + static_cast<size_t>(v)] =
                gridTheta(t) + kGridStep * (frac - 0.5);
        }
    }
    return out;
}

}  // namespace dlk
