#pragma once
// What each pupil gets in a session, as ICILS does it: a tutorial first, then one part after the
// other, each part N of the M modules in its pool, chosen and ordered per pupil (ICILS: 2 of the
// CIL modules, then the CT modules). The choice is balanced rather than merely random: every
// ordered choice of N modules of a part is one of that part's booklets, and pupils are dealt each
// part's booklets in a rotation that starts at a seeded offset, so over a class each module of a
// part appears in each of its positions equally often (up to one booklet), which independent
// random draws would not guarantee. Each part rotates on its own, so every part is balanced by
// itself; which booklet of one part goes with which of another follows from the pupils' order.
#include <cstdint>
#include <string>
#include <vector>

namespace dlk {

struct DesignPart {
    std::vector<std::string> pool;  // module ids to choose from
    int perPupil = 0;               // N; 0 or >= pool size: every module of the pool, in a balanced order

    // N as dealt: perPupil, or the pool's size for 0 or more than the pool holds.
    size_t chosenCount() const;
    // The number of distinct booklets of this part (ordered choices of N from M).
    uint64_t bookletCount() const;
};

struct BookletDesign {
    std::string tutorial;           // module id shown first; empty for none
    std::vector<DesignPart> parts;  // dealt one after the other
    uint64_t seed = 0;              // the rotation's starting offset, recorded with the data
    std::string name;               // its name in session-design.json (a teacher's choice per class)
    std::string labelNl, labelEn;   // what the teacher reads; empty: the name

    // Every module the parts deal from, part by part (not the tutorial).
    std::vector<std::string> modules() const;
    // How many modules each pupil gets after the tutorial.
    size_t modulesPerPupil() const;
    // The number of distinct booklets (the product of the parts' counts).
    uint64_t bookletCount() const;
    // The modules for the pupil with the given sequence number (0, 1, 2, ... as they log in):
    // the tutorial (if any), then each part's booklet in order. Throws dlk::Error(Invalid) for a
    // design that cannot be dealt (no part, an empty pool, a module twice).
    std::vector<std::string> modulesFor(uint64_t pupilSequence) const;
};

}  // namespace dlk
