#pragma once
// Internal to the multidimensional model (multidim_calibration.cpp, multidim_regression.cpp): the
// persons grouped by booklet and raw score per dimension, the sufficient statistic of a
// between-item model, and the check of a dimension map against the responses.
#include <algorithm>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "irt/multidim_calibration.h"
#include "irt/random.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"

namespace dlk {

// Persons grouped by booklet and raw score per dimension, and for each booklet and dimension the
// items and the raw scores that occur (the rows of the likelihood tables).
struct Patterns {
    int dims = 0;
    DesignSummary design;
    std::vector<std::vector<std::vector<int>>> bookletItems;  // [booklet][dimension] -> item indices
    std::vector<int> booklet, persons;                        // per pattern
    std::vector<int> score;                                   // pattern x dims raw scores
    std::vector<int> slot;  // pattern x dims: row of the likelihood table, -1 when the booklet has no item there
    std::vector<int> slotBooklet, slotDimension, slotScore;  // per table row
    std::vector<int> personPattern;                          // -1 for a person given no item
    int personsWithData = 0;
};

// Every person given an item has a pattern; the tables' rows are made for the patterns that occur.
Patterns buildPatterns(const ResponseMatrix& responses, const DimensionMap& dimensions);

// Throws Error(Invalid): no dimension, more than kMaxDimensions, a map not aligned with the
// responses' items, an item without a dimension, and (when asked) a dimension without items.
// Calibration needs items on every dimension; person estimates do not (a dimension without items
// is estimated from the others through the correlations).
void checkMap(const ResponseMatrix& responses, const DimensionMap& dimensions, bool itemsOnEveryDimension);

// A person's `count` plausible values, d coordinates each, drawn from N(mean, L L') (L lower
// triangular, d x d) into pv; seeded by the seed and the person id alone, so a pupil's values do
// not depend on who else is in the file.
inline void drawPlausibleValues(uint64_t seed, const std::string& personId, const double* mean, const double* l,
                                size_t d, int count, double* pv) {
    Random rng(stableHash(personId) ^ (seed * 0x9E3779B97F4A7C15ull));
    double z[kMaxDimensions];
    for (int m = 0; m < count; ++m, pv += d) {
        for (size_t a = 0; a < d; ++a) z[a] = rng.normal();
        for (size_t a = 0; a < d; ++a) {
            double t = mean[a];
            for (size_t c = 0; c <= a; ++c) t += l[a * d + c] * z[c];
            pv[a] = t;
        }
    }
}

// Calls work(c, chunks) for c = 0..chunks-1, on as many threads as there are cores (at most
// chunks); the first exception is rethrown after all have finished.
template <class Work>
void forEachChunk(size_t chunks, Work&& work) {
    const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), chunks);
    if (threads <= 1) {
        for (size_t c = 0; c < chunks; ++c) work(c, chunks);
        return;
    }
    std::vector<std::exception_ptr> failed(threads);
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            try {
                for (size_t c = t; c < chunks; c += threads) work(c, chunks);
            } catch (...) {
                failed[t] = std::current_exception();
            }
        });
    for (auto& th : pool) th.join();
    for (auto& e : failed)
        if (e) std::rethrow_exception(e);
}

}  // namespace dlk
