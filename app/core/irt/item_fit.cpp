#include "irt/item_fit.h"

#include <algorithm>
#include <cmath>

#include "util/error.h"

namespace dlk {

namespace {

// Wilson-Hilferty: a mean square with variance q^2 as an approximately standard normal t.
double standardise(double msq, double q) {
    if (!(q > 0) || !(msq > 0)) return std::numeric_limits<double>::quiet_NaN();
    return (std::cbrt(msq) - 1) * (3 / q) + q / 3;
}

}  // namespace

std::vector<ItemStatistics> itemStatistics(const DesignSummary& design, const std::vector<ItemParams>& items,
                                           const std::vector<ThetaEstimate>& groupTheta) {
    const size_t nItems = design.itemMaxScore.size();
    if (items.size() != nItems || groupTheta.size() != design.groups.size())
        throw Error(ErrorKind::Invalid, "item statistics need parameters and WLEs of these responses");

    struct Acc {
        double n = 0, sx = 0, sxx = 0, sr = 0, srr = 0, sxr = 0;  // item-rest sums
        double fitN = 0, outfitSum = 0, outfitVar = 0, infitNum = 0, infitDen = 0, infitVar = 0;
    };
    std::vector<Acc> acc(nItems);
    std::vector<PcmItem> model(nItems);
    for (size_t i = 0; i < nItems; ++i) model[i] = PcmItem(items[i]);

    for (size_t g = 0; g < design.groups.size(); ++g) {
        const ScoreGroup& sg = design.groups[g];
        const Booklet& bk = design.booklets[static_cast<size_t>(sg.booklet)];
        int bookletMax = 0;
        for (int i : bk.items) bookletMax += items[static_cast<size_t>(i)].maxScore;
        const bool extreme = sg.score == 0 || sg.score == bookletMax;
        const double theta = groupTheta[g].theta;
        for (size_t pos = 0; pos < bk.items.size(); ++pos) {
            const size_t i = static_cast<size_t>(bk.items[pos]);
            Acc& a = acc[i];
            const int maxK = design.itemMaxScore[i];
            ItemMoments mo;
            const bool fit = !extreme && std::isfinite(theta);
            if (fit) mo = model[i].moments(theta);
            for (int k = 0; k <= maxK; ++k) {
                const double c = design.count(static_cast<int>(g), pos, k);
                if (c == 0) continue;
                const double rest = sg.score - k;
                a.n += c;
                a.sx += c * k;
                a.sxx += c * k * k;
                a.sr += c * rest;
                a.srr += c * rest * rest;
                a.sxr += c * k * rest;
                if (fit) {
                    const double r2 = (k - mo.mean) * (k - mo.mean);
                    a.outfitSum += c * r2 / mo.variance;
                    a.infitNum += c * r2;
                }
            }
            if (fit) {
                const double c = sg.persons;
                a.fitN += c;
                a.infitDen += c * mo.variance;
                a.outfitVar += c * mo.fourth / (mo.variance * mo.variance);
                a.infitVar += c * (mo.fourth - mo.variance * mo.variance);
            }
        }
    }

    std::vector<ItemStatistics> out(nItems);
    for (size_t i = 0; i < nItems; ++i) {
        const Acc& a = acc[i];
        ItemStatistics& s = out[i];
        s.n = static_cast<int>(a.n);
        if (a.n > 0) {
            s.mean = a.sx / a.n;
            s.pValue = s.mean / items[i].maxScore;
            const double vx = a.sxx / a.n - s.mean * s.mean, mr = a.sr / a.n, vr = a.srr / a.n - mr * mr;
            const double cov = a.sxr / a.n - s.mean * mr;
            if (vx > 1e-12 && vr > 1e-12) s.itemRest = cov / std::sqrt(vx * vr);
        }
        if (a.fitN > 0 && a.infitDen > 0) {
            s.outfit = a.outfitSum / a.fitN;
            s.outfitT = standardise(s.outfit, std::sqrt(std::max(0.0, a.outfitVar / (a.fitN * a.fitN) - 1 / a.fitN)));
            s.infit = a.infitNum / a.infitDen;
            s.infitT = standardise(s.infit, std::sqrt(std::max(0.0, a.infitVar)) / a.infitDen);
        }
    }
    return out;
}

}  // namespace dlk
