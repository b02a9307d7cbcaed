#pragma once
// What each pupil gets in a session, as ICILS does it: a tutorial first, then N of the M modules
// in the pool, chosen and ordered per pupil. The choice is balanced rather than merely random:
// every ordered choice of N modules is one "booklet", and pupils are dealt booklets in a
// rotation that starts at a seeded offset, so over a class each module appears in each position
// equally often (up to one booklet), which independent random draws would not guarantee.
#include <cstdint>
#include <string>
#include <vector>

namespace dlk {

struct BookletDesign {
    std::string tutorial;           // module id shown first; empty for none
    std::vector<std::string> pool;  // module ids to choose from
    int modulesPerPupil = 0;        // N; 0 or >= pool size: every module
    uint64_t seed = 0;              // the rotation's starting offset, recorded with the data

    // The number of distinct booklets (ordered choices of N from M).
    uint64_t bookletCount() const;
    // The modules for the pupil with the given sequence number (0, 1, 2, ... as they log in):
    // the tutorial (if any), then the booklet's modules in order. Throws dlk::Error(Invalid) for
    // a design that cannot be dealt (an empty pool, a module twice).
    std::vector<std::string> modulesFor(uint64_t pupilSequence) const;
};

}  // namespace dlk
