#include "irt/multidim_patterns.h"

#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include "util/error.h"

namespace dlk {

Patterns buildPatterns(const ResponseMatrix& r, const DimensionMap& dm) {
    Patterns pt;
    pt.dims = dm.count();
    const size_t dims = static_cast<size_t>(pt.dims);
    pt.design = summariseDesign(r);
    const DesignSummary& d = pt.design;
    pt.bookletItems.assign(d.booklets.size(), std::vector<std::vector<int>>(dims));
    for (size_t b = 0; b < d.booklets.size(); ++b)
        for (int i : d.booklets[b].items)
            pt.bookletItems[b][static_cast<size_t>(dm.ofItem[static_cast<size_t>(i)])].push_back(i);

    // Patterns keyed by booklet and scores; the key's bytes are the ints themselves.
    std::unordered_map<std::string, int> index;
    std::string key;
    std::vector<int> sc(dims);
    pt.personPattern.assign(r.personCount(), -1);
    for (size_t p = 0; p < r.personCount(); ++p) {
        const int g = d.personGroup[p];
        if (g < 0) continue;
        const int b = d.groups[static_cast<size_t>(g)].booklet;
        std::fill(sc.begin(), sc.end(), 0);
        const int8_t* row = r.row(p);
        for (int i : d.booklets[static_cast<size_t>(b)].items)
            sc[static_cast<size_t>(dm.ofItem[static_cast<size_t>(i)])] += row[i];
        key.assign(reinterpret_cast<const char*>(&b), sizeof b);
        key.append(reinterpret_cast<const char*>(sc.data()), sc.size() * sizeof(int));
        auto [it, fresh] = index.try_emplace(key, static_cast<int>(pt.booklet.size()));
        if (fresh) {
            pt.booklet.push_back(b);
            pt.persons.push_back(0);
            pt.score.insert(pt.score.end(), sc.begin(), sc.end());
        }
        ++pt.persons[static_cast<size_t>(it->second)];
        pt.personPattern[p] = it->second;
        ++pt.personsWithData;
    }
    // One table row per (booklet, dimension, raw score) that occurs.
    std::map<std::tuple<int, int, int>, int> slotOf;
    pt.slot.assign(pt.score.size(), -1);
    for (size_t q = 0; q < pt.booklet.size(); ++q)
        for (size_t k = 0; k < dims; ++k) {
            const int b = pt.booklet[q];
            if (pt.bookletItems[static_cast<size_t>(b)][k].empty()) continue;
            const auto [it, fresh] = slotOf.try_emplace({b, static_cast<int>(k), pt.score[q * dims + k]},
                                                        static_cast<int>(pt.slotBooklet.size()));
            if (fresh) {
                pt.slotBooklet.push_back(b);
                pt.slotDimension.push_back(static_cast<int>(k));
                pt.slotScore.push_back(pt.score[q * dims + k]);
            }
            pt.slot[q * dims + k] = it->second;
        }
    return pt;
}

void checkMap(const ResponseMatrix& r, const DimensionMap& dm, bool itemsOnEveryDimension) {
    if (dm.names.empty()) throw Error(ErrorKind::Invalid, "the dimension map names no dimension");
    if (dm.count() > kMaxDimensions)
        throw Error(ErrorKind::Invalid, std::to_string(dm.count()) + " dimensions: at most " +
                                            std::to_string(kMaxDimensions) + " are supported");
    if (dm.ofItem.size() != r.itemCount())
        throw Error(ErrorKind::Invalid, "the dimension map has " + std::to_string(dm.ofItem.size()) +
                                            " items, the responses " + std::to_string(r.itemCount()));
    std::vector<int> itemsOn(dm.names.size(), 0);
    for (size_t i = 0; i < dm.ofItem.size(); ++i) {
        if (dm.ofItem[i] < 0 || dm.ofItem[i] >= dm.count())
            throw Error(ErrorKind::Invalid, "item " + r.itemId(i) + " has no dimension");
        ++itemsOn[static_cast<size_t>(dm.ofItem[i])];
    }
    for (size_t d = 0; d < itemsOn.size() && itemsOnEveryDimension; ++d)
        if (itemsOn[d] == 0) throw Error(ErrorKind::Invalid, "dimension " + dm.names[d] + " has no item");
}

}  // namespace dlk
