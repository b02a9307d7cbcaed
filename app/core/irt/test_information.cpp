#include "irt/test_information.h"

#include <cmath>

#include "util/error.h"

namespace dlk {

double itemInformation(const ItemParams& item, double theta) {
    return PcmItem(item).moments(theta).variance;
}

double testInformation(const std::vector<ItemParams>& items, double theta) {
    double sum = 0;
    for (const ItemParams& p : items) sum += itemInformation(p, theta);
    return sum;
}

InformationCurve informationCurve(const std::vector<ItemParams>& items, double from, double to, double step) {
    if (!(step > 0) || !(to >= from) || !std::isfinite(from) || !std::isfinite(to))
        throw Error(ErrorKind::Invalid, "an information curve needs a positive step and from <= to");
    const double points = std::floor((to - from) / step + 1e-9) + 1;
    if (points > 1000) throw Error(ErrorKind::Invalid, "an information curve takes at most 1000 points");
    std::vector<PcmItem> prepared;
    prepared.reserve(items.size());
    for (const ItemParams& p : items) prepared.emplace_back(p);
    auto at = [&](double theta) {
        double sum = 0;
        for (const PcmItem& item : prepared) sum += item.moments(theta).variance;
        return sum;
    };
    InformationCurve c;
    for (int i = 0; i < static_cast<int>(points); ++i) {
        const double theta = from + step * i;
        c.thetas.push_back(theta);
        c.information.push_back(at(theta));
    }
    if (items.empty()) return c;
    const int steps = static_cast<int>(std::lround(2 * kPeakSearchLimit / kPeakResolution));
    for (int i = 0; i <= steps; ++i) {
        const double theta = -kPeakSearchLimit + kPeakResolution * i;
        const double v = at(theta);
        if (v > c.peakInformation) {
            c.peakInformation = v;
            c.peakTheta = theta;
        }
    }
    return c;
}

}  // namespace dlk
