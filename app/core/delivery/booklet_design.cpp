#include "delivery/booklet_design.h"

#include <algorithm>
#include <set>

#include "util/error.h"

namespace dlk {

size_t DesignPart::chosenCount() const {
    const size_t m = pool.size();
    return perPupil <= 0 || static_cast<size_t>(perPupil) >= m ? m : static_cast<size_t>(perPupil);
}

uint64_t DesignPart::bookletCount() const {
    const size_t m = pool.size(), n = chosenCount();
    uint64_t count = 1;
    for (size_t i = 0; i < n; ++i) count *= m - i;  // M! / (M-N)!
    return count;
}

std::vector<std::string> BookletDesign::modules() const {
    std::vector<std::string> out;
    for (const DesignPart& p : parts) out.insert(out.end(), p.pool.begin(), p.pool.end());
    return out;
}

size_t BookletDesign::modulesPerPupil() const {
    size_t n = 0;
    for (const DesignPart& p : parts) n += p.chosenCount();
    return n;
}

uint64_t BookletDesign::bookletCount() const {
    uint64_t count = 1;
    for (const DesignPart& p : parts) count *= p.bookletCount();
    return count;
}

std::vector<std::string> BookletDesign::modulesFor(uint64_t pupilSequence) const {
    if (parts.empty()) throw Error(ErrorKind::Invalid, "the session design has no modules to deal");
    for (const DesignPart& p : parts)
        if (p.pool.empty()) throw Error(ErrorKind::Invalid, "the session design has a part with no modules to deal");
    const std::vector<std::string> all = modules();
    if (std::set<std::string>(all.begin(), all.end()).size() != all.size())
        throw Error(ErrorKind::Invalid, "the session design names a module twice");
    for (const DesignPart& p : parts)
        if (p.pool.size() > 12)
            throw Error(ErrorKind::Invalid, "a session design deals from at most 12 modules a part");
    std::vector<std::string> out;
    if (!tutorial.empty()) out.push_back(tutorial);
    for (const DesignPart& p : parts) {
        // Booklet k, read as a number in the mixed radix (M, M-1, ..., M-N+1), picks the modules:
        // digit i chooses among the modules not yet chosen. Consecutive k walk through every booklet.
        uint64_t k = (pupilSequence + seed) % p.bookletCount();
        std::vector<std::string> left = p.pool;
        for (size_t i = 0, n = p.chosenCount(); i < n; ++i) {
            const uint64_t radix = left.size();
            const size_t pick = static_cast<size_t>(k % radix);
            k /= radix;
            out.push_back(left[pick]);
            left.erase(left.begin() + static_cast<long>(pick));
        }
    }
    return out;
}

}  // namespace dlk
