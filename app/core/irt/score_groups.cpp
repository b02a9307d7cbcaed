#include "irt/score_groups.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace dlk {

DesignSummary summariseDesign(const ResponseMatrix& responses) {
    const size_t persons = responses.personCount(), items = responses.itemCount();
    DesignSummary d;
    d.itemMaxScore.resize(items);
    for (size_t i = 0; i < items; ++i) d.itemMaxScore[i] = responses.maxScore(i);
    d.itemPersons.assign(items, 0);
    d.itemCategoryCounts.resize(items);
    for (size_t i = 0; i < items; ++i) d.itemCategoryCounts[i].assign(static_cast<size_t>(d.itemMaxScore[i]) + 1, 0);

    // Pass 1: each person's booklet (the set of administered items, as a bit string key) and raw score.
    const size_t words = (items + 63) / 64;
    std::string key(words * 8, '\0');
    std::unordered_map<std::string, int> bookletOfKey;
    std::vector<int> personBooklet(persons, -1), personScore(persons, 0);
    std::vector<std::vector<int>> scoreHistogram;
    for (size_t p = 0; p < persons; ++p) {
        const int8_t* row = responses.row(p);
        std::fill(key.begin(), key.end(), '\0');
        int score = 0;
        bool any = false;
        for (size_t i = 0; i < items; ++i) {
            if (row[i] < 0) continue;
            key[i / 8] = static_cast<char>(static_cast<unsigned char>(key[i / 8]) | (1u << (i % 8)));
            score += row[i];
            any = true;
        }
        if (!any) continue;
        auto [it, fresh] = bookletOfKey.emplace(key, static_cast<int>(d.booklets.size()));
        if (fresh) {
            Booklet b;
            for (size_t i = 0; i < items; ++i)
                if (row[i] >= 0) {
                    b.countsOffset.push_back(b.countsSize);
                    b.items.push_back(static_cast<int>(i));
                    b.countsSize += d.itemMaxScore[i] + 1;
                    b.maxScore += d.itemMaxScore[i];
                }
            d.booklets.push_back(std::move(b));
            scoreHistogram.emplace_back(static_cast<size_t>(d.booklets.back().maxScore) + 1, 0);
        }
        personBooklet[p] = it->second;
        personScore[p] = score;
        ++scoreHistogram[static_cast<size_t>(it->second)][static_cast<size_t>(score)];
        ++d.booklets[static_cast<size_t>(it->second)].persons;
        ++d.personsWithData;
    }

    size_t countsTotal = 0;
    for (size_t b = 0; b < d.booklets.size(); ++b) {
        Booklet& bk = d.booklets[b];
        bk.groupOfScore.assign(static_cast<size_t>(bk.maxScore) + 1, -1);
        for (int s = 0; s <= bk.maxScore; ++s) {
            const int n = scoreHistogram[b][static_cast<size_t>(s)];
            if (n == 0) continue;
            bk.groupOfScore[static_cast<size_t>(s)] = static_cast<int>(d.groups.size());
            d.groups.push_back({static_cast<int>(b), s, n, countsTotal});
            countsTotal += static_cast<size_t>(bk.countsSize);
        }
    }

    // Pass 2: score counts per group and item.
    d.counts.assign(countsTotal, 0);
    d.personGroup.assign(persons, -1);
    for (size_t p = 0; p < persons; ++p) {
        if (personBooklet[p] < 0) continue;
        const Booklet& bk = d.booklets[static_cast<size_t>(personBooklet[p])];
        const int g = bk.groupOfScore[static_cast<size_t>(personScore[p])];
        d.personGroup[p] = g;
        uint32_t* c = d.counts.data() + d.groups[static_cast<size_t>(g)].countsOffset;
        const int8_t* row = responses.row(p);
        for (size_t pos = 0; pos < bk.items.size(); ++pos) {
            const size_t i = static_cast<size_t>(bk.items[pos]);
            ++c[bk.countsOffset[pos] + row[i]];
            ++d.itemCategoryCounts[i][static_cast<size_t>(row[i])];
            ++d.itemPersons[i];
        }
    }
    return d;
}

std::vector<std::vector<int>> itemComponents(const DesignSummary& design) {
    const size_t items = design.itemMaxScore.size();
    std::vector<int> parent(items);
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int x) {
        while (parent[static_cast<size_t>(x)] != x) {
            parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
            x = parent[static_cast<size_t>(x)];
        }
        return x;
    };
    for (const Booklet& b : design.booklets)
        for (size_t k = 1; k < b.items.size(); ++k) {
            const int a = find(b.items[0]), c = find(b.items[k]);
            if (a != c) parent[static_cast<size_t>(std::max(a, c))] = std::min(a, c);
        }
    std::vector<std::vector<int>> components;
    std::vector<int> index(items, -1);
    for (size_t i = 0; i < items; ++i) {
        const int r = find(static_cast<int>(i));
        if (index[static_cast<size_t>(r)] < 0) {
            index[static_cast<size_t>(r)] = static_cast<int>(components.size());
            components.emplace_back();
        }
        components[static_cast<size_t>(index[static_cast<size_t>(r)])].push_back(static_cast<int>(i));
    }
    return components;
}

}  // namespace dlk
