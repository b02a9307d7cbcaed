#include "irt/linking.h"

#include <algorithm>
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

const DimensionLink* MultidimLinkResult::find(const std::string& dimension) const {
    for (const DimensionLink& d : dimensions)
        if (d.dimension == dimension) return &d;
    return nullptr;
}

MultidimLinkResult linkMeanMeanPerDimension(const CalibratedItems& newItems, const CalibratedItems& oldItems,
                                            const LinkOptions& options) {
    const bool newHas = newItems.dimension.size() == newItems.items.size() && !newItems.items.empty();
    const bool oldHas = oldItems.dimension.size() == oldItems.items.size() && !oldItems.items.empty();
    if (!newHas || !oldHas)
        throw Error(ErrorKind::Invalid,
                    std::string("linking per dimension needs a dimension column in both ITEMS.csv files; ") +
                        (newHas ? "the earlier one" : "the new one") +
                        " has none (a one-scale calibration is linked to a one-scale one)");
    MultidimLinkResult r;
    std::vector<std::string> names;
    for (const std::string& d : newItems.dimension)
        if (std::find(names.begin(), names.end(), d) == names.end()) names.push_back(d);
    for (const std::string& name : names) {
        // Each dimension's items as a one-scale file; the old file's items on the same dimension
        // only, so an item that moved to another dimension is not common.
        CalibratedItems n, o;
        for (size_t i = 0; i < newItems.items.size(); ++i)
            if (newItems.dimension[i] == name) n.items.push_back(newItems.items[i]);
        for (size_t i = 0; i < oldItems.items.size(); ++i) {
            if (oldItems.dimension[i] == name) {
                o.items.push_back(oldItems.items[i]);
            } else if (const ItemParams* moved = n.find(oldItems.items[i].id)) {
                r.otherDimension.push_back(moved->id);
            }
        }
        try {
            r.dimensions.push_back({name, linkMeanMean(n, o, options)});
        } catch (const Error& e) {
            throw Error(e.kind(), "dimension " + name + ": " + e.what());
        }
    }
    return r;
}

CalibratedItems applyLinkPerDimension(const CalibratedItems& newItems, const MultidimLinkResult& link) {
    CalibratedItems out = newItems;
    for (size_t i = 0; i < out.items.size(); ++i)
        if (const DimensionLink* d = link.find(out.dimension[i])) out.items[i].delta += d->link.shift;
    out.metadata["link_method"] = "mean-mean per dimension";
    for (const DimensionLink& d : link.dimensions) {
        out.metadata["link_shift_" + d.dimension] = formatNumber(d.link.shift);
        out.metadata["link_error_" + d.dimension] = formatNumber(d.link.linkingError);
        out.metadata["link_common_items_" + d.dimension] = std::to_string(d.link.commonItems);
    }
    return out;
}

}  // namespace dlk
