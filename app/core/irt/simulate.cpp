#include "irt/simulate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "irt/pcm_newton.h"
#include "irt/random.h"
#include "util/error.h"

namespace dlk {

namespace {

std::string numbered(char prefix, int n, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c%0*d", prefix, width, n);
    return buf;
}

int drawScore(const PcmItem& item, double theta, Random& rng, std::vector<double>& p) {
    p.resize(static_cast<size_t>(item.maxScore()) + 1);
    item.probabilities(theta, p.data());
    double u = rng.uniform();
    for (size_t k = 0; k + 1 < p.size(); ++k) {
        if (u < p[k]) return static_cast<int>(k);
        u -= p[k];
    }
    return item.maxScore();
}

}  // namespace

SimulatedData simulateResponses(const SimulationSpec& spec) {
    if (spec.persons < 1 || spec.items < 1) throw Error(ErrorKind::Invalid, "a simulation needs persons and items");
    if (spec.blocks == 1 || spec.blocks == 2 || spec.blocks < 0 || spec.blocks > spec.items)
        throw Error(ErrorKind::Invalid, "a rotated design needs 3 or more blocks, and no more blocks than items");
    Random rng(spec.seed);
    SimulatedData d;
    std::vector<std::string> itemIds, personIds;
    for (int i = 0; i < spec.items; ++i) {
        itemIds.push_back(numbered('I', i + 1, 3));
        const double loc = spec.items == 1 ? 0.0 : -2.0 + 4.0 * i / (spec.items - 1);
        // Item i is partial credit when the running share crosses a whole number, which spreads
        // the partial credit items evenly (every 4th for a quarter).
        const bool pcm =
            static_cast<int>((i + 1) * spec.partialCreditShare) > static_cast<int>(i * spec.partialCreditShare);
        if (pcm) {
            const double dd = 0.3 + 0.7 * rng.uniform();
            d.items.push_back(ItemParams::fromSteps(itemIds.back(), {loc - dd, loc + dd}));
        } else {
            d.items.push_back(ItemParams::fromSteps(itemIds.back(), {loc}));
        }
    }
    for (int p = 0; p < spec.persons; ++p) personIds.push_back(numbered('P', p + 1, 6));
    d.responses = ResponseMatrix(std::move(personIds), std::move(itemIds));
    std::vector<PcmItem> model;
    for (const auto& it : d.items) model.emplace_back(it);
    std::vector<double> prob;
    for (int p = 0; p < spec.persons; ++p) {
        const double theta = spec.populationMean + spec.populationSd * rng.normal();
        const int b = spec.blocks ? p % spec.blocks : 0;
        d.theta.push_back(theta);
        d.booklet.push_back(b);
        for (int i = 0; i < spec.items; ++i) {
            const int block = spec.blocks ? i % spec.blocks : 0;
            const bool given = !spec.blocks || block == b || block == (b + 1) % spec.blocks;
            if (!given) continue;
            d.responses.setScore(static_cast<size_t>(p), static_cast<size_t>(i),
                                 drawScore(model[static_cast<size_t>(i)], theta, rng, prob));
        }
    }
    for (int i = 0; i < spec.items; ++i)
        d.responses.declareMaxScore(static_cast<size_t>(i), d.items[static_cast<size_t>(i)].maxScore);
    return d;
}

MultidimSimulatedData simulateMultidim(const MultidimSimulationSpec& spec) {
    const int dims = spec.dimensions;
    if (spec.persons < 1 || dims < 1 || spec.itemsPerDimension < 1)
        throw Error(ErrorKind::Invalid, "a simulation needs persons, dimensions and items");
    const int items = dims * spec.itemsPerDimension;
    if (spec.blocks == 1 || spec.blocks == 2 || spec.blocks < 0 || spec.blocks > items)
        throw Error(ErrorKind::Invalid, "a rotated design needs 3 or more blocks, and no more blocks than items");
    const size_t d = static_cast<size_t>(dims);
    if ((!spec.mean.empty() && spec.mean.size() != d) || (!spec.sd.empty() && spec.sd.size() != d) ||
        (!spec.correlations.empty() && spec.correlations.size() != d * d))
        throw Error(ErrorKind::Invalid, "means, SDs and correlations must have one entry per dimension");
    MultidimSimulatedData out;
    out.covariance.resize(d * d);
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < d; ++b) {
            const double r = a == b ? 1.0 : spec.correlations.empty() ? spec.correlation : spec.correlations[a * d + b];
            out.covariance[a * d + b] = r * (spec.sd.empty() ? 1.0 : spec.sd[a]) * (spec.sd.empty() ? 1.0 : spec.sd[b]);
        }
    // Cholesky factor of the covariance, for theta = mean + L z.
    std::vector<double> l;
    if (!choleskyFactor(out.covariance, dims, l))
        throw Error(ErrorKind::Invalid, "the correlation matrix is not positive definite");
    // Each dimension's items as simulateResponses makes them, renumbered.
    for (int k = 0; k < dims; ++k) {
        SimulationSpec one;
        one.persons = 1;
        one.items = spec.itemsPerDimension;
        one.partialCreditShare = spec.partialCreditShare;
        one.seed = spec.seed * 1000003u + static_cast<uint64_t>(k);
        for (ItemParams p : simulateResponses(one).items) {
            p.id = numbered('I', static_cast<int>(out.items.size()) + 1, 3);
            out.items.push_back(std::move(p));
            out.dimensionOf.push_back(k);
        }
    }
    std::vector<std::string> itemIds, personIds;
    for (const auto& it : out.items) itemIds.push_back(it.id);
    for (int p = 0; p < spec.persons; ++p) personIds.push_back(numbered('P', p + 1, 6));
    out.responses = ResponseMatrix(std::move(personIds), std::move(itemIds));
    std::vector<PcmItem> model;
    for (const auto& it : out.items) model.emplace_back(it);
    Random rng(spec.seed);
    for (const auto& v : spec.background)
        if (v.levels < 2 || v.levels > 30 || v.effect.size() != static_cast<size_t>(v.levels) * d || v.name.empty())
            throw Error(ErrorKind::Invalid,
                        "a background variable needs a name, 2 to 30 levels and an effect per "
                        "level and dimension");
    // The background from its own stream, so that a simulation without one stays as it was.
    Random backgroundRng(spec.seed ^ 0xB4C6D0A1u);
    if (!spec.background.empty()) {
        out.backgroundCsv = "person_id";
        for (const auto& v : spec.background) out.backgroundCsv += "," + v.name;
        out.backgroundCsv += "\n";
    }
    std::vector<double> prob, z(d), theta(d);
    for (int p = 0; p < spec.persons; ++p) {
        for (size_t a = 0; a < d; ++a) z[a] = rng.normal();
        std::vector<double> shift(d, 0.0);
        if (!spec.background.empty()) out.backgroundCsv += out.responses.personId(static_cast<size_t>(p));
        for (const auto& v : spec.background) {
            const int level = std::min(v.levels - 1, static_cast<int>(backgroundRng.uniform() * v.levels));
            out.backgroundLevel.push_back(level);
            out.backgroundCsv += "," + std::to_string(level);
            for (size_t a = 0; a < d && level > 0; ++a) shift[a] += v.effect[static_cast<size_t>(level) * d + a];
        }
        if (!spec.background.empty()) out.backgroundCsv += "\n";
        for (size_t a = 0; a < d; ++a) {
            double t = (spec.mean.empty() ? 0.0 : spec.mean[a]) + shift[a];
            for (size_t b = 0; b <= a; ++b) t += l[a * d + b] * z[b];
            theta[a] = t;
            out.theta.push_back(t);
        }
        const int booklet = spec.blocks ? p % spec.blocks : 0;
        for (int i = 0; i < items; ++i) {
            const int block = spec.blocks ? i % spec.blocks : 0;
            if (spec.blocks && block != booklet && block != (booklet + 1) % spec.blocks) continue;
            const size_t ii = static_cast<size_t>(i);
            out.responses.setScore(static_cast<size_t>(p), ii,
                                   drawScore(model[ii], theta[static_cast<size_t>(out.dimensionOf[ii])], rng, prob));
        }
    }
    for (size_t i = 0; i < out.items.size(); ++i) out.responses.declareMaxScore(i, out.items[i].maxScore);
    return out;
}

ResponseMatrix simulateScores(const std::vector<ItemParams>& items, const std::vector<double>& theta, uint64_t seed) {
    Random rng(seed);
    std::vector<std::string> itemIds, personIds;
    for (const auto& it : items) itemIds.push_back(it.id);
    for (size_t p = 0; p < theta.size(); ++p) personIds.push_back(numbered('P', static_cast<int>(p + 1), 6));
    ResponseMatrix m(std::move(personIds), std::move(itemIds));
    std::vector<PcmItem> model;
    for (const auto& it : items) model.emplace_back(it);
    std::vector<double> prob;
    for (size_t p = 0; p < theta.size(); ++p)
        for (size_t i = 0; i < items.size(); ++i) m.setScore(p, i, drawScore(model[i], theta[p], rng, prob));
    return m;
}

}  // namespace dlk
