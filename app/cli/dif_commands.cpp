// `dlkiosk dif`, `dlkiosk link` and `dlkiosk bench dif`: thin shells over app/core/irt/dif.h and
// linking.h (the tests drive those directly).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/bench_stats.h"
#include "cli/options.h"
#include "irt/csv_reader.h"
#include "irt/dif.h"
#include "irt/linking.h"
#include "irt/multidim_files.h"
#include "irt/random.h"
#include "irt/simulate.h"
#include "util/text.h"

namespace dlk::cli {

namespace {

std::string cell(double v, const char* format) {
    if (std::isnan(v)) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

}  // namespace

int difCommand(Args& args, const char* /*argv0*/) {
    DifFilesOptions o;
    o.responsesPath = onlyPositional(args, "dif", "RESPONSES.csv");
    const auto items = args.value("items"), background = args.value("background"), column = args.value("group");
    const auto out = args.value("out");
    o.reference = args.value("reference");
    o.focal = args.value("focal");
    if (const auto v = args.value("min-group")) {
        int64_t n = 0;
        if (!parseInt64(*v, n) || n < 20 || n > 1000000)
            throw std::runtime_error("--min-group takes a whole number from 20 to 1000000");
        o.minGroupPersons = static_cast<int>(n);
    }
    const std::string omitted = args.valueOr("omitted", "zero");
    if (omitted != "zero" && omitted != "missing") throw std::runtime_error("--omitted takes zero or missing");
    o.read.omitted = omitted == "zero" ? OmittedScoring::Zero : OmittedScoring::NotAdministered;
    args.requireKnown();
    if (!items) throw std::runtime_error("dif needs --items ITEMS.csv");
    if (!background)
        throw std::runtime_error("dif needs --background FILE.csv (person_id, then one column per variable)");
    if (!column || column->empty())
        throw std::runtime_error("dif needs --group COLUMN (a column of the background file)");
    if ((o.reference && o.reference->empty()) || (o.focal && o.focal->empty()))
        throw std::runtime_error("--reference and --focal need a group value, not an empty word");
    o.itemsPath = *items;
    o.backgroundPath = *background;
    o.column = *column;
    if (out) {
        if (out->empty()) throw std::runtime_error("--out needs a file name, not an empty word");
        refuseOverwritingInput(*out, o.responsesPath, "the RESPONSES.csv read");
        refuseOverwritingInput(*out, o.itemsPath, "the --items file");
        refuseOverwritingInput(*out, o.backgroundPath, "the --background file");
        o.outPath = *out;
    }

    const DifFilesSummary s = difFiles(o);
    const DifResult& r = s.result;
    std::printf(
        "DIF by %s: reference '%s' (%d pupils, mean %.2f, SD %.2f), focal '%s' (%d pupils, mean %.2f, SD "
        "%.2f)\n",
        o.column.c_str(), s.referenceValue.c_str(), r.referencePersons, r.reference.mean, r.reference.sd,
        s.focalValue.c_str(), r.focalPersons, r.focal.mean, r.focal.sd);
    std::printf("%-16s %9s %7s %4s %10s %8s %7s %7s %7s\n", "item", "MH D-DIF", "SE", "ETS", "Rasch DIF", "SE", "SMD",
                "n ref", "n foc");
    int classC = 0, classB = 0;
    for (const ItemDif& d : r.items) {
        classC += d.ets == EtsClass::C;
        classB += d.ets == EtsClass::B;
        std::printf("%-16s %9s %7s %4s %10s %8s %7s %7d %7d\n", d.itemId.c_str(),
                    cell(d.mh ? d.mh->dDif : NAN, "%.2f").c_str(), cell(d.mh ? d.mh->se : NAN, "%.2f").c_str(),
                    d.ets ? etsClassName(*d.ets) : "-", cell(d.raschDif, "%+.3f").c_str(),
                    cell(d.raschSe, "%.3f").c_str(), cell(d.mantel ? d.mantel->smd : NAN, "%+.3f").c_str(),
                    d.nReference, d.nFocal);
    }
    std::printf(
        "ETS classes: %d C, %d B. MH D-DIF < 0, Rasch DIF > 0, SMD < 0: harder for '%s' at equal ability "
        "(partial credit items: ETS class from Mantel's test and the SMD)\n",
        classC, classB, s.focalValue.c_str());
    if (s.withoutBackground || s.withoutValue || s.otherGroups)
        std::fprintf(stderr, "dlkiosk dif: left out %d pupils not in %s, %d with an empty %s, %d in other groups\n",
                     s.withoutBackground, o.backgroundPath.c_str(), s.withoutValue, o.column.c_str(), s.otherGroups);
    if (out) std::fprintf(stderr, "dlkiosk dif: %zu items -> %s\n", r.items.size(), out->c_str());
    return 0;
}

namespace {

// `link` for two ITEMS.csv with a dimension column: each dimension on its own common items; --out
// writes the items and the model file beside them on the old scale.
int linkPerDimension(const std::string& newPath, const std::string& oldPath, const std::optional<std::string>& out,
                     const CalibratedItems& newItems, const CalibratedItems& oldItems, const LinkOptions& o) {
    const MultidimLinkResult link = linkMeanMeanPerDimension(newItems, oldItems, o);
    if (out) {
        const std::string newModel = modelJsonPath(newPath);
        const std::string shifted =
            shiftModelJson(readCsvText(newModel), newModel, link, std::filesystem::path(oldPath).filename().string());
        // The model first, as calibrate writes them: a linked ITEMS.csv is never beside an unlinked model.
        writeFileAtomically(modelJsonPath(*out), shifted);
        writeItemsCsv(*out, applyLinkPerDimension(newItems, link));
    }
    std::printf("mean-mean link of %s to %s per dimension\n", newPath.c_str(), oldPath.c_str());
    std::printf("%-12s %-16s %10s %10s %9s\n", "dimension", "item", "old", "new", "shift");
    for (const DimensionLink& d : link.dimensions)
        for (const CommonItemShift& c : d.link.items)
            std::printf("%-12s %-16s %10.3f %10.3f %+9.3f%s\n", d.dimension.c_str(), c.itemId.c_str(), c.oldLocation,
                        c.newLocation, c.shift, c.dropped ? "  dropped (outlier)" : "");
    for (const DimensionLink& d : link.dimensions)
        std::printf("%-12s shift %+.4f logits, linking error %.4f (SD of the shifts %.4f / sqrt(%d))\n",
                    d.dimension.c_str(), d.link.shift, d.link.linkingError, d.link.shiftSd, d.link.commonItems);
    for (const std::string& id : link.otherDimension)
        std::fprintf(stderr, "dlkiosk link: item %s is on another dimension in the two files: not used as common\n",
                     id.c_str());
    for (const DimensionLink& d : link.dimensions)
        for (const std::string& id : d.link.differentMaxScore)
            std::fprintf(stderr, "dlkiosk link: item %s has another max_score in the two files: not used as common\n",
                         id.c_str());
    if (out)
        std::fprintf(stderr, "dlkiosk link: %zu items on the old scale -> %s and %s\n", newItems.items.size(),
                     out->c_str(), modelJsonPath(*out).c_str());
    return 0;
}

}  // namespace

int linkCommand(Args& args, const char* /*argv0*/) {
    const std::string newPath = onlyPositional(args, "link", "NEW_ITEMS.csv");
    const auto to = args.value("to"), out = args.value("out");
    LinkOptions o;
    if (const auto v = args.value("max-deviation")) {
        double d = 0;
        if (!parseDouble(*v, d) || !(d > 0) || d > 10)
            throw std::runtime_error("--max-deviation takes logits above 0 and at most 10, e.g. 0.5");
        o.maxDeviation = d;
    }
    args.requireKnown();
    if (!to) throw std::runtime_error("link needs --to OLD_ITEMS.csv (the earlier calibration)");
    if (out) {
        if (out->empty()) throw std::runtime_error("--out needs a file name, not an empty word");
        refuseOverwritingInput(*out, newPath, "the NEW_ITEMS.csv read");
        refuseOverwritingInput(*out, *to, "the --to file");
    }
    const CalibratedItems newItems = readItemsCsv(newPath), oldItems = readItemsCsv(*to);
    const bool newDims = !newItems.dimension.empty(), oldDims = !oldItems.dimension.empty();
    if (newDims != oldDims)
        throw std::runtime_error(
            (newDims ? newPath : *to) + " is a multidimensional calibration (a dimension column) and " +
            (newDims ? *to : newPath) + " is one scale: link a calibration to one of the same kind");
    if (newDims) return linkPerDimension(newPath, *to, out, newItems, oldItems, o);
    const LinkResult link = linkMeanMean(newItems, oldItems, o);
    if (out) writeItemsCsv(*out, applyLink(newItems, oldItems, link));

    std::printf("mean-mean link of %s to %s over %d common items\n", newPath.c_str(), to->c_str(), link.commonItems);
    std::printf("%-16s %10s %10s %9s\n", "item", "old", "new", "shift");
    for (const CommonItemShift& c : link.items)
        std::printf("%-16s %10.3f %10.3f %+9.3f%s\n", c.itemId.c_str(), c.oldLocation, c.newLocation, c.shift,
                    c.dropped ? "  dropped (outlier)" : "");
    std::printf("shift %+.4f logits, linking error %.4f (SD of the shifts %.4f / sqrt(%d))\n", link.shift,
                link.linkingError, link.shiftSd, link.commonItems);
    for (const std::string& id : link.differentMaxScore)
        std::fprintf(stderr, "dlkiosk link: item %s has another max_score in the two files: not used as common\n",
                     id.c_str());
    if (out)
        std::fprintf(stderr, "dlkiosk link: %zu items on the old scale -> %s\n", newItems.items.size(), out->c_str());
    return 0;
}

int benchDif(Args& args) {
    args.requireKnown();
    // 10,000 pupils x 40 items (a quarter partial credit), half of them in a focal group 0.5
    // logits weaker, with 0.8 logits of DIF (D about -1.9: class C) planted in every eighth item.
    SimulationSpec spec;
    spec.persons = 10000;
    spec.items = 40;
    spec.seed = 5;
    const SimulatedData base = simulateResponses(spec);
    std::vector<ItemParams> focalItems = base.items;
    for (size_t i = 0; i < focalItems.size(); i += 8) focalItems[i].delta += 0.8;
    Random rng(9);
    std::vector<double> thetaRef, thetaFoc;
    for (int p = 0; p < spec.persons / 2; ++p) {
        thetaRef.push_back(rng.normal());
        thetaFoc.push_back(-0.5 + rng.normal());
    }
    const ResponseMatrix ref = simulateScores(base.items, thetaRef, 1), foc = simulateScores(focalItems, thetaFoc, 2);
    std::vector<std::string> ids;
    for (int p = 0; p < spec.persons; ++p) ids.push_back("P" + std::to_string(p));
    ResponseMatrix m(ids, ref.itemIds());
    std::vector<int> group(static_cast<size_t>(spec.persons));
    for (size_t p = 0; p < ids.size(); ++p) {
        const bool f = p >= thetaRef.size();
        group[p] = f ? kFocalGroup : kReferenceGroup;
        const size_t src = f ? p - thetaRef.size() : p;
        for (size_t i = 0; i < m.itemCount(); ++i) m.setScore(p, i, (f ? foc : ref).score(src, i));
    }
    std::vector<double> ms;
    DifResult r;
    for (int run = 0; run < 5; ++run) {
        const auto t0 = BenchClock::now();
        r = analyseDif(m, base.items, group);
        ms.push_back(msSince(t0));
    }
    int c = 0;
    for (const ItemDif& d : r.items) c += d.ets == EtsClass::C;
    std::printf(
        "bench dif: %d pupils x %zu items, two groups: MH, Mantel/SMD and Rasch DIF %.1f ms (median of 5; min %.1f), "
        "%d C "
        "items of %zu with planted DIF\n",
        spec.persons, m.itemCount(), percentile(ms, 0.5), *std::min_element(ms.begin(), ms.end()), c,
        (m.itemCount() + 7) / 8);
    return 0;
}

}  // namespace dlk::cli
