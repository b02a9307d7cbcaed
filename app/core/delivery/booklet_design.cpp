#include "delivery/booklet_design.h"

#include <algorithm>
#include <set>

#include "util/error.h"

namespace dlk {

namespace {
size_t chosenCount(const BookletDesign& d) {
    const size_t m = d.pool.size();
    return d.modulesPerPupil <= 0 || static_cast<size_t>(d.modulesPerPupil) >= m
               ? m
               : static_cast<size_t>(d.modulesPerPupil);
}
}  // namespace

uint64_t BookletDesign::bookletCount() const {
    const size_t m = pool.size(), n = chosenCount(*this);
    uint64_t count = 1;
    for (size_t i = 0; i < n; ++i) count *= m - i;  // M! / (M-N)!
    return count;
}

std::vector<std::string> BookletDesign::modulesFor(uint64_t pupilSequence) const {
    if (pool.empty()) throw Error(ErrorKind::Invalid, "the session design has no modules to deal");
    if (std::set<std::string>(pool.begin(), pool.end()).size() != pool.size())
        throw Error(ErrorKind::Invalid, "the session design names a module twice");
    if (pool.size() > 12) throw Error(ErrorKind::Invalid, "a session design deals from at most 12 modules");
    const size_t n = chosenCount(*this);
    // Booklet k, read as a number in the mixed radix (M, M-1, ..., M-N+1), picks the modules:
    // digit i chooses among the modules not yet chosen. Consecutive k walk through every booklet.
    uint64_t k = (pupilSequence + seed) % bookletCount();
    std::vector<std::string> left = pool, out;
    if (!tutorial.empty()) out.push_back(tutorial);
    for (size_t i = 0; i < n; ++i) {
        const uint64_t radix = left.size();
        const size_t pick = static_cast<size_t>(k % radix);
        k /= radix;
        out.push_back(left[pick]);
        left.erase(left.begin() + static_cast<long>(pick));
    }
    return out;
}

}  // namespace dlk
