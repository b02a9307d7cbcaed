#pragma once
// What the psychometrics tests share: a response matrix as RESPONSES.csv text, how far
// estimated step difficulties lie from the generating ones, a dimension map D1..Dn.
#include <cmath>
#include <string>
#include <vector>

#include "irt/multidim_calibration.h"
#include "irt/pcm_model.h"
#include "irt/response_matrix.h"

namespace dlk::test {

inline std::string responsesCsv(const ResponseMatrix& m) {
    std::string s = "person_id";
    for (const auto& id : m.itemIds()) s += "," + id;
    s += "\n";
    for (size_t p = 0; p < m.personCount(); ++p) {
        s += m.personId(p);
        for (size_t i = 0; i < m.itemCount(); ++i) {
            s += ",";
            if (m.score(p, i) >= 0) s += std::to_string(m.score(p, i));
        }
        s += "\n";
    }
    return s;
}

// Root mean square difference over every step of every item (aligned).
inline double stepRmse(const std::vector<ItemParams>& est, const std::vector<ItemParams>& truth) {
    double s = 0;
    int n = 0;
    for (size_t i = 0; i < truth.size(); ++i)
        for (int j = 1; j <= truth[i].maxScore; ++j, ++n) s += std::pow(est[i].step(j) - truth[i].step(j), 2);
    return std::sqrt(s / n);
}

// Dimensions named D1..D`dims`, each item on the one dimensionOf gives it.
inline DimensionMap mapOf(const std::vector<int>& dimensionOf, int dims) {
    DimensionMap m;
    for (int k = 0; k < dims; ++k) m.names.push_back("D" + std::to_string(k + 1));
    m.ofItem = dimensionOf;
    return m;
}

}  // namespace dlk::test
