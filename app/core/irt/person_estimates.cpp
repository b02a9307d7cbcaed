#include "irt/person_estimates.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "irt/random.h"
#include "util/error.h"

namespace dlk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct TestMoments {
    double mean = 0, info = 0, third = 0, fourthCumulant = 0;
};

TestMoments testMoments(const std::vector<PcmItem>& items, double theta) {
    TestMoments t;
    for (const PcmItem& it : items) {
        const ItemMoments m = it.moments(theta);
        t.mean += m.mean;
        t.info += m.variance;
        t.third += m.third;
        t.fourthCumulant += m.fourth - 3 * m.variance * m.variance;
    }
    return t;
}

int maxRawScore(const std::vector<PcmItem>& items) {
    int m = 0;
    for (const PcmItem& it : items) m += it.maxScore();
    return m;
}

void checkScore(const std::vector<PcmItem>& items, int rawScore) {
    if (items.empty()) throw Error(ErrorKind::Invalid, "an estimate needs at least one item");
    const int m = maxRawScore(items);
    if (rawScore < 0 || rawScore > m)
        throw Error(ErrorKind::Invalid,
                    "raw score " + std::to_string(rawScore) + " is outside 0.." + std::to_string(m));
}

// Posterior mode and the curvature there: the log posterior s*theta - sum log gamma - (theta-mu)^2/2sd^2
// is strictly concave, so plain Newton with a step limit converges.
void posteriorMode(const std::vector<PcmItem>& items, int s, const PopulationModel& pop, double& mode, double& sd) {
    const double prec = 1 / (pop.sd * pop.sd);
    double t = pop.mean;
    for (int it = 0; it < 100; ++it) {
        const TestMoments m = testMoments(items, t);
        const double g = s - m.mean - (t - pop.mean) * prec, h = m.info + prec;
        const double d = std::clamp(g / h, -2.0, 2.0);
        t += d;
        if (std::fabs(d) < 1e-9) break;
    }
    mode = t;
    sd = 1 / std::sqrt(testMoments(items, t).info + prec);
}

// A grid for the posteriors of all raw scores on one set of items: spanning every score's
// posterior to 12 approximate SDs either side, with at least 8 points per SD of the narrowest.
// The posteriors are smooth and vanish at both ends, where the trapezoid rule is accurate far
// beyond what the estimates need.
struct PosteriorGrid {
    double start = 0, step = 0;
    std::vector<double> logLik0;  // -sum_i log gamma_i(theta_t); add s*theta_t for score s
    double theta(size_t t) const { return start + step * static_cast<double>(t); }
};

PosteriorGrid makeGrid(const std::vector<PcmItem>& items, const std::vector<int>& scores, const PopulationModel& pop) {
    double lo = 1e300, hi = -1e300, narrow = 1e300;
    for (int s : scores) {
        double mode = 0, sd = 1;
        posteriorMode(items, s, pop, mode, sd);
        lo = std::min(lo, mode - 12 * sd);
        hi = std::max(hi, mode + 12 * sd);
        narrow = std::min(narrow, sd);
    }
    PosteriorGrid g;
    g.step = narrow / 8;
    const size_t n = static_cast<size_t>(std::ceil((hi - lo) / g.step)) + 1;
    g.start = lo;
    g.logLik0.assign(n, 0.0);
    for (size_t t = 0; t < n; ++t) {
        const double th = g.theta(t);
        double a = 0;
        for (const PcmItem& it : items) a += it.logNormaliser(th);
        g.logLik0[t] = -a;
    }
    return g;
}

// Unnormalised posterior density of score s on the grid (scaled so its largest value is 1).
void posteriorOnGrid(const PosteriorGrid& g, int s, const PopulationModel& pop, std::vector<double>& dens) {
    const size_t n = g.logLik0.size();
    dens.resize(n);
    const double half = 0.5 / (pop.sd * pop.sd);
    double top = -1e300;
    for (size_t t = 0; t < n; ++t) {
        const double th = g.theta(t);
        dens[t] = g.logLik0[t] + s * th - (th - pop.mean) * (th - pop.mean) * half;
        top = std::max(top, dens[t]);
    }
    for (double& v : dens) v = std::exp(v - top);
}

ThetaEstimate moments(const PosteriorGrid& g, const std::vector<double>& dens) {
    double w = 0, m1 = 0;
    for (size_t t = 0; t < dens.size(); ++t) {
        w += dens[t];
        m1 += dens[t] * g.theta(t);
    }
    const double mean = m1 / w;
    double m2 = 0;
    for (size_t t = 0; t < dens.size(); ++t) m2 += dens[t] * (g.theta(t) - mean) * (g.theta(t) - mean);
    return {mean, std::sqrt(m2 / w)};
}

std::vector<PcmItem> prepare(const std::vector<ItemParams>& items, const std::vector<int>& scores, int& raw) {
    if (items.size() != scores.size())
        throw Error(ErrorKind::Invalid,
                    std::to_string(items.size()) + " items but " + std::to_string(scores.size()) + " scores");
    std::vector<PcmItem> out;
    raw = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        if (scores[i] < 0 || scores[i] > items[i].maxScore)
            throw Error(ErrorKind::Invalid, "item " + items[i].id + ": score " + std::to_string(scores[i]) +
                                                " is outside 0.." + std::to_string(items[i].maxScore));
        out.emplace_back(items[i]);
        raw += scores[i];
    }
    return out;
}

}  // namespace

ThetaEstimate wleForScore(const std::vector<PcmItem>& items, int rawScore) {
    checkScore(items, rawScore);
    // f decreases in theta and changes sign for every score, the extreme ones included: at the
    // bottom the correction J/2I tends to +1/2 while E(theta) tends to 0.
    auto f = [&](double t, TestMoments& m) {
        m = testMoments(items, t);
        return rawScore - m.mean + m.third / (2 * m.info);
    };
    TestMoments m;
    double lo = -1, hi = 1;
    while (f(lo, m) <= 0 && lo > -80) lo *= 2;
    while (f(hi, m) >= 0 && hi < 80) hi *= 2;
    if (f(lo, m) <= 0 || f(hi, m) >= 0)
        throw Error(ErrorKind::Invalid, "the WLE of raw score " + std::to_string(rawScore) + " is out of range");
    double t = 0.5 * (lo + hi);
    for (int it = 0; it < 200; ++it) {
        const double v = f(t, m);
        if (v == 0) break;
        (v > 0 ? lo : hi) = t;
        // f' = -I + (kappa4 I - J^2) / (2 I^2), since dI/dtheta = J and dJ/dtheta = kappa4.
        const double slope = -m.info + (m.fourthCumulant * m.info - m.third * m.third) / (2 * m.info * m.info);
        double next = slope < 0 ? t - v / slope : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        const double d = std::fabs(next - t);
        t = next;
        if (d < 1e-12 || hi - lo < 1e-12) break;
    }
    return {t, 1 / std::sqrt(testMoments(items, t).info)};
}

ThetaEstimate eapForScore(const std::vector<PcmItem>& items, int rawScore, const PopulationModel& population) {
    checkScore(items, rawScore);
    const PosteriorGrid g = makeGrid(items, {rawScore}, population);
    std::vector<double> dens;
    posteriorOnGrid(g, rawScore, population, dens);
    return moments(g, dens);
}

ThetaEstimate estimateWle(const std::vector<ItemParams>& items, const std::vector<int>& scores) {
    int raw = 0;
    const auto prepared = prepare(items, scores, raw);
    return wleForScore(prepared, raw);
}

ThetaEstimate estimateEap(const std::vector<ItemParams>& items, const std::vector<int>& scores,
                          const PopulationModel& population) {
    int raw = 0;
    const auto prepared = prepare(items, scores, raw);
    return eapForScore(prepared, raw, population);
}

namespace {

std::vector<PcmItem> bookletItems(const Booklet& b, const std::vector<ItemParams>& items) {
    std::vector<PcmItem> out;
    out.reserve(b.items.size());
    for (int i : b.items) out.emplace_back(items[static_cast<size_t>(i)]);
    return out;
}

void checkItems(const DesignSummary& design, const std::vector<ItemParams>& items) {
    if (items.size() != design.itemMaxScore.size())
        throw Error(ErrorKind::Invalid, "the item parameters do not match the responses' items");
    for (size_t i = 0; i < items.size(); ++i)
        if (items[i].maxScore < design.itemMaxScore[i] || items[i].tau.size() != static_cast<size_t>(items[i].maxScore))
            throw Error(ErrorKind::Invalid, "item " + items[i].id + ": the responses have a score of " +
                                                std::to_string(design.itemMaxScore[i]) + ", above its maximum " +
                                                std::to_string(items[i].maxScore));
}

// A draw from the piecewise-linear density through the grid values: the cell by its cumulative
// area, then the point inside the cell by inverting the cell's quadratic CDF.
double drawFromGrid(const PosteriorGrid& g, const std::vector<double>& dens, const std::vector<double>& cum,
                    Random& rng) {
    const double r = rng.uniform() * cum.back();
    const size_t cell = static_cast<size_t>(std::upper_bound(cum.begin(), cum.end(), r) - cum.begin()) - 1;
    const size_t c = std::min(cell, dens.size() - 2);
    const double f0 = dens[c], f1 = dens[c + 1], h = g.step, rest = std::max(0.0, r - cum[c]);
    const double a = (f1 - f0) / (2 * h);
    const double disc = std::max(0.0, f0 * f0 + 4 * a * rest);
    const double denom = f0 + std::sqrt(disc);
    const double x = denom > 0 ? 2 * rest / denom : 0.5 * h;
    return g.theta(c) + std::clamp(x, 0.0, h);
}

}  // namespace

std::vector<ThetaEstimate> groupWles(const DesignSummary& design, const std::vector<ItemParams>& items) {
    checkItems(design, items);
    std::vector<ThetaEstimate> out(design.groups.size());
    for (size_t b = 0; b < design.booklets.size(); ++b) {
        const Booklet& bk = design.booklets[b];
        const auto prepared = bookletItems(bk, items);
        for (int gi : bk.groupOfScore)
            if (gi >= 0)
                out[static_cast<size_t>(gi)] = wleForScore(prepared, design.groups[static_cast<size_t>(gi)].score);
    }
    return out;
}

PersonEstimates estimatePersons(const ResponseMatrix& responses, const DesignSummary& design,
                                const std::vector<ItemParams>& items, const PopulationModel& population,
                                const PersonEstimateOptions& options) {
    checkItems(design, items);
    if (options.plausibleValues < 0 || options.plausibleValues > 100)
        throw Error(ErrorKind::Invalid, "the number of plausible values must be 0 to 100");
    if (!(population.sd > 0)) throw Error(ErrorKind::Invalid, "the population SD must be positive");
    const size_t persons = responses.personCount(), groups = design.groups.size();
    const int m = options.plausibleValues;

    std::vector<ThetaEstimate> gWle, gEap(groups);
    if (options.wle) gWle = groupWles(design, items);

    PersonEstimates out;
    out.pvCount = m;
    out.rawScore.assign(persons, 0);
    out.maxScore.assign(persons, 0);
    if (options.wle) out.wle.assign(persons, ThetaEstimate{});
    if (options.eap) out.eap.assign(persons, ThetaEstimate{});
    out.pv.assign(persons * static_cast<size_t>(m), kNaN);

    // Persons by score group, so each group's posterior is built once.
    std::vector<size_t> start(groups + 1, 0), order(persons);
    for (size_t p = 0; p < persons; ++p)
        if (design.personGroup[p] >= 0) ++start[static_cast<size_t>(design.personGroup[p]) + 1];
    for (size_t g = 0; g < groups; ++g) start[g + 1] += start[g];
    {
        std::vector<size_t> fill(start.begin(), start.end() - 1);
        for (size_t p = 0; p < persons; ++p)
            if (design.personGroup[p] >= 0) order[fill[static_cast<size_t>(design.personGroup[p])]++] = p;
    }

    // The items' own maximum, which can exceed the highest score anyone reached.
    std::vector<int> bookletMax(design.booklets.size(), 0);
    for (size_t b = 0; b < design.booklets.size(); ++b)
        for (int i : design.booklets[b].items) bookletMax[b] += items[static_cast<size_t>(i)].maxScore;

    const uint64_t seedMix = options.seed * 0x9E3779B97F4A7C15ull;
    // Hashed in file order: the draws below visit persons by score group, and a compact array of
    // seeds stays in cache where the id strings would not.
    std::vector<uint64_t> personSeed(m > 0 ? persons : 0);
    for (size_t p = 0; p < personSeed.size(); ++p) personSeed[p] = stableHash(responses.personId(p)) ^ seedMix;
    std::vector<double> dens, cum;
    for (size_t b = 0; b < design.booklets.size(); ++b) {
        const Booklet& bk = design.booklets[b];
        if (!options.eap && m == 0) break;
        const auto prepared = bookletItems(bk, items);
        // The grid covers every possible score, not only those in this sample, so a person's
        // plausible values do not depend on who else is in the file.
        std::vector<int> scores;
        for (int s = 0; s <= bookletMax[b]; ++s) scores.push_back(s);
        const PosteriorGrid grid = makeGrid(prepared, scores, population);
        for (int gi : bk.groupOfScore) {
            if (gi < 0) continue;
            const size_t g = static_cast<size_t>(gi);
            posteriorOnGrid(grid, design.groups[g].score, population, dens);
            gEap[g] = moments(grid, dens);
            if (m == 0) continue;
            cum.assign(dens.size(), 0.0);
            for (size_t t = 1; t < dens.size(); ++t) cum[t] = cum[t - 1] + 0.5 * grid.step * (dens[t - 1] + dens[t]);
            for (size_t k = start[g]; k < start[g + 1]; ++k) {
                const size_t p = order[k];
                Random rng(personSeed[p]);
                for (int v = 0; v < m; ++v)
                    out.pv[p * static_cast<size_t>(m) + static_cast<size_t>(v)] = drawFromGrid(grid, dens, cum, rng);
            }
        }
    }
    for (size_t p = 0; p < persons; ++p) {
        const int g = design.personGroup[p];
        if (g < 0) continue;
        const ScoreGroup& sg = design.groups[static_cast<size_t>(g)];
        out.rawScore[p] = sg.score;
        out.maxScore[p] = bookletMax[static_cast<size_t>(sg.booklet)];
        if (options.wle) out.wle[p] = gWle[static_cast<size_t>(g)];
        if (options.eap) out.eap[p] = gEap[static_cast<size_t>(g)];
    }
    return out;
}

}  // namespace dlk
