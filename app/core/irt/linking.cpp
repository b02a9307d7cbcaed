#include "irt/linking.h"

#include <cmath>

#include "irt/csv_reader.h"
#include "util/error.h"

namespace dlk {

namespace {

struct Spread {
    double mean = 0, sd = 0;
    int n = 0;
};

Spread spreadOf(const std::vector<CommonItemShift>& items) {
    Spread s;
    for (const auto& c : items)
        if (!c.dropped) {
            s.mean += c.shift;
            ++s.n;
        }
    if (!s.n) return s;
    s.mean /= s.n;
    double ss = 0;
    for (const auto& c : items)
        if (!c.dropped) ss += (c.shift - s.mean) * (c.shift - s.mean);
    s.sd = s.n > 1 ? std::sqrt(ss / (s.n - 1)) : 0;
    return s;
}

}  // namespace

LinkResult linkMeanMean(const CalibratedItems& newItems, const CalibratedItems& oldItems, const LinkOptions& o) {
    LinkResult r;
    for (const ItemParams& p : newItems.items) {
        const ItemParams* old = oldItems.find(p.id);
        if (!old) continue;
        if (old->maxScore != p.maxScore) {
            r.differentMaxScore.push_back(p.id);
            continue;
        }
        r.items.push_back({p.id, old->delta, p.delta, old->delta - p.delta, false});
    }
    if (r.items.size() < 2)
        throw Error(ErrorKind::Invalid, "linking needs at least 2 common items (same item_id and max_score); found " +
                                            std::to_string(r.items.size()));
    if (o.maxDeviation) {
        for (;;) {
            const Spread s = spreadOf(r.items);
            if (s.n <= 2) break;
            CommonItemShift* worst = nullptr;
            for (auto& c : r.items)
                if (!c.dropped && (!worst || std::fabs(c.shift - s.mean) > std::fabs(worst->shift - s.mean)))
                    worst = &c;
            if (std::fabs(worst->shift - s.mean) <= *o.maxDeviation) break;
            worst->dropped = true;
        }
    }
    const Spread s = spreadOf(r.items);
    r.shift = s.mean;
    r.shiftSd = s.sd;
    r.commonItems = s.n;
    r.linkingError = s.sd / std::sqrt(static_cast<double>(s.n));
    return r;
}

CalibratedItems applyLink(const CalibratedItems& newItems, const CalibratedItems& oldItems, const LinkResult& link) {
    CalibratedItems out = newItems;
    for (ItemParams& p : out.items) p.delta += link.shift;
    if (out.population) out.population->mean += link.shift;
    // The old year's reporting scale: a theta means the same in both years now, and so must its
    // scale score. Without one in the old file the new file's own scale moves with the thetas.
    if (oldItems.scale) {
        out.scale = oldItems.scale;
        out.scaleName = oldItems.scaleName;
    } else if (out.scale) {
        out.scale->thetaMean += link.shift;
    }
    out.metadata["link_method"] = "mean-mean";
    out.metadata["link_shift"] = formatNumber(link.shift);
    out.metadata["link_error"] = formatNumber(link.linkingError);
    out.metadata["link_common_items"] = std::to_string(link.commonItems);
    int dropped = 0;
    for (const auto& c : link.items) dropped += c.dropped;
    out.metadata["link_dropped_items"] = std::to_string(dropped);
    return out;
}

}  // namespace dlk
