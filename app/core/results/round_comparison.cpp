#include "results/round_comparison.h"

#include <cmath>

namespace dlk {

namespace {

std::optional<double> meanScale(const ClassReport& report) {
    int n = 0;
    double sum = 0;
    for (const PupilReport& p : report.pupils)
        if (p.result.status == AttemptStatus::Finished && p.scale) {
            ++n;
            sum += p.scale->score;
        }
    if (!groupHasStatistics(n)) return std::nullopt;
    return sum / n;
}

}  // namespace

Change changeBetween(const ScaleScore& then, const ScaleScore& now) {
    const double margin = kZ95 * std::sqrt(then.se * then.se + now.se * now.se);
    const double diff = now.score - then.score;
    if (!std::isfinite(diff) || !std::isfinite(margin)) return Change::Unknown;
    if (diff > margin) return Change::Higher;
    if (diff < -margin) return Change::Lower;
    return Change::Same;
}

const PupilChange* RoundComparison::find(int64_t pupilId) const {
    for (const PupilChange& p : pupils)
        if (p.pupilId == pupilId) return &p;
    return nullptr;
}

RoundComparison compareRounds(const ClassReport& earlier, const ClassReport& now,
                              const std::map<int64_t, int64_t>& earlierOf) {
    RoundComparison out;
    out.overall = {earlier.meanPercent, now.meanPercent};
    for (Domain d : kAllDomains) {
        const auto i = static_cast<size_t>(d);
        out.domains[i] = {earlier.domains[i].percent, now.domains[i].percent};
    }
    out.scaleThen = meanScale(earlier);
    out.scaleNow = meanScale(now);
    std::map<int64_t, const PupilReport*> thenById;
    for (const PupilReport& p : earlier.pupils) thenById[p.result.pupilId] = &p;
    int higher = 0, same = 0, lower = 0;
    for (const PupilReport& p : now.pupils) {
        const auto link = earlierOf.find(p.result.pupilId);
        if (link == earlierOf.end()) continue;  // added since the earlier round
        const auto then = thenById.find(link->second);
        if (then == thenById.end()) continue;
        PupilChange c;
        c.pupilId = p.result.pupilId;
        c.earlierPupilId = link->second;
        // A scale score only from a finished round: part of a session says nothing about a level.
        if (then->second->result.status == AttemptStatus::Finished) c.then = then->second->scale;
        if (p.result.status == AttemptStatus::Finished) c.now = p.scale;
        for (Domain d : kAllDomains) {
            const auto i = static_cast<size_t>(d);
            c.domainsThen[i] = domainPercent(then->second->result.domains[i]);
            c.domainsNow[i] = domainPercent(p.result.domains[i]);
        }
        if (c.then && c.now) {
            c.change = changeBetween(*c.then, *c.now);
            if (c.change != Change::Unknown) {
                ++out.pupilsCompared;
                higher += c.change == Change::Higher;
                same += c.change == Change::Same;
                lower += c.change == Change::Lower;
            }
        }
        out.pupils.push_back(std::move(c));
    }
    if (groupHasStatistics(out.pupilsCompared)) {
        out.higher = higher;
        out.same = same;
        out.lower = lower;
    }
    return out;
}

}  // namespace dlk
