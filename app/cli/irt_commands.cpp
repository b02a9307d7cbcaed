// `dlkiosk calibrate`, `dlkiosk estimate` and `dlkiosk bench irt`: thin shells over the
// psychometric engine in app/core/irt (irt_pipeline.h does the work; the tests drive it there).
#include <algorithm>
#include <chrono>
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
#include "export/package_responses.h"
#include "irt/csv_reader.h"
#include "irt/irt_pipeline.h"
#include "irt/multidim_calibration.h"
#include "irt/multidim_files.h"
#include "irt/multidim_regression.h"
#include "irt/quadrature.h"
#include "irt/simulate.h"
#include "util/text.h"

namespace dlk::cli {

namespace {

using Clock = BenchClock;

// Plausible values: analyses use 5 to 10; 100 is far past any of them and bounds PERSONS.csv to
// about 200 columns.
constexpr int64_t kMaxPlausibleValues = 100;
// bench irt's booklet design (booklet k = blocks k and k+1): at least 3 blocks for a rotation
// (simulate.h), at most 20 so the smallest run (1,000 pupils, 40 items) still has 2 items per
// block and 50 pupils per booklet.
constexpr int64_t kMinBenchBlocks = 3, kMaxBenchBlocks = 20;

ResponseReadOptions readOptions(Args& args) {
    ResponseReadOptions r;
    const std::string omitted = args.valueOr("omitted", "zero");
    if (omitted == "zero")
        r.omitted = OmittedScoring::Zero;
    else if (omitted == "missing")
        r.omitted = OmittedScoring::NotAdministered;
    else
        throw std::runtime_error("--omitted takes zero or missing");
    r.omittedCode = args.valueOr("omitted-code", r.omittedCode);
    return r;
}

int64_t intOption(Args& args, const std::string& name, int64_t fallback, int64_t lo, int64_t hi) {
    const auto v = args.value(name);
    if (!v) return fallback;
    int64_t n = 0;
    if (!parseInt64(*v, n) || n < lo || n > hi)
        throw std::runtime_error("--" + name + " takes a whole number from " + std::to_string(lo) + " to " +
                                 std::to_string(hi));
    return n;
}

// --components SHARE: the share of the background terms' variance their principal components keep.
std::optional<double> componentsOption(Args& args, const std::optional<std::string>& background) {
    const auto v = args.value("components");
    if (!v) return std::nullopt;
    double share = 0;
    if (!parseDouble(*v, share) || !(share > 0) || share > 1)
        throw std::runtime_error(
            "--components takes the share of variance to keep, more than 0 and at most 1, e.g. 0.9");
    if (!background) throw std::runtime_error("--components summarises a --background file; give one");
    return share;
}

void printComponents(const std::optional<ComponentSummary>& c, const char* command) {
    if (!c) return;
    std::fprintf(stderr, "dlkiosk %s: %zu principal components of %zu background terms, %.1f%% of their variance\n",
                 command, c->components, c->termsBefore, 100 * c->explained);
}

void refuseEmptyScale(const std::optional<std::string>& scale) {
    if (scale && scale->empty()) throw std::runtime_error("--scale needs a name, e.g. total");
}

}  // namespace

namespace {

// The coefficients of a regression on several dimensions, one column per dimension, on stderr.
// A one-scale latent regression's coefficients, as estimate and calibrate print them.
void printRegression(const LatentRegression& r, const std::string& backgroundPath, const char* command) {
    std::fprintf(stderr, "dlkiosk %s: conditioned on %s (%d EM iterations), residual SD %.3f:\n", command,
                 backgroundPath.c_str(), r.iterations, r.residualSd);
    for (size_t t = 0; t < r.terms.size(); ++t)
        if (std::find(r.dropped.begin(), r.dropped.end(), r.terms[t]) == r.dropped.end())
            std::fprintf(stderr, "  %-24s %7.3f\n", r.terms[t].c_str(), r.coefficients[t]);
    for (const std::string& d : r.dropped)
        std::fprintf(stderr, "  %-24s dropped (nobody with answers has it, or other terms say it)\n", d.c_str());
}

void printMultidimRegression(const MultidimRegression& r, const std::string& backgroundPath, const char* command) {
    std::fprintf(stderr, "dlkiosk %s: conditioned on %s (%d EM iterations):\n  %-24s", command, backgroundPath.c_str(),
                 r.iterations, "");
    for (const std::string& d : r.dimensions) std::fprintf(stderr, " %9s", d.c_str());
    std::fprintf(stderr, "\n");
    for (size_t t = 0; t < r.terms.size(); ++t) {
        if (std::find(r.dropped.begin(), r.dropped.end(), r.terms[t]) != r.dropped.end()) continue;
        std::fprintf(stderr, "  %-24s", r.terms[t].c_str());
        for (size_t a = 0; a < r.dimensionCount(); ++a) std::fprintf(stderr, " %9.3f", r.coefficient(t, a));
        std::fprintf(stderr, "\n");
    }
    std::fprintf(stderr, "  %-24s", "residual SD");
    for (size_t a = 0; a < r.dimensionCount(); ++a) std::fprintf(stderr, " %9.3f", r.residualSd(a));
    std::fprintf(stderr, "\n");
    for (const std::string& d : r.dropped)
        std::fprintf(stderr, "  %-24s dropped (nobody with answers has it, or other terms say it)\n", d.c_str());
}

// `calibrate --dimensions QMATRIX.csv|domain`: the between-item multidimensional model.
int calibrateMultidimCommand(Args& args, const std::string& dimensions) {
    CalibrateMultidimFilesOptions o;
    o.responsesPath = onlyPositional(args, "calibrate", "RESPONSES.csv");
    const bool package = isDataPackage(o.responsesPath);
    if (package) o.readResponses = readPackageResponses;
    const auto out = args.value("out");
    o.read = readOptions(args);
    o.integration.quadratureNodes = static_cast<int>(intOption(args, "nodes", 41, 5, kMaxQuadratureNodes));
    o.integration.qmcNodes = static_cast<int>(intOption(args, "points", 3000, 100, 200000));
    if (args.value("anchor")) throw std::runtime_error("--anchor is for one scale, not with --dimensions");
    if (args.value("scale"))
        throw std::runtime_error("--scale is for one scale; with --dimensions each dimension is one");
    (void)args.value("seed");
    o.backgroundPath = args.value("background");
    o.backgroundComponents = componentsOption(args, o.backgroundPath);
    args.requireKnown();
    if (!out) throw std::runtime_error("calibrate needs --out ITEMS.csv");
    refuseOverwritingInput(*out, o.responsesPath, "the RESPONSES.csv read");
    if (o.backgroundPath) refuseOverwritingInput(*out, *o.backgroundPath, "the --background file");
    if (dimensions == "domain") {
        if (!package)
            throw std::runtime_error(
                "--dimensions domain takes each item's domain from a data package's items.csv; for " + o.responsesPath +
                " give a Q-matrix file (item_id,dimension)");
        const std::string folder = o.responsesPath;
        o.dimensions = [folder](const ResponseMatrix& r) {
            return dimensionMapOf(readPackageItemDomains(folder), r, folder + "/items.csv");
        };
    } else {
        refuseOverwritingInput(*out, dimensions, "the --dimensions file");
        o.dimensions = [dimensions](const ResponseMatrix& r) { return readQMatrix(dimensions, r); };
    }
    o.outPath = *out;
    const CalibrateMultidimResult res = calibrateMultidimFiles(o);
    const MultidimCalibration& c = res.calibration;
    const CalibrationReport& r = c.report;
    if (!r.converged) {
        std::fprintf(stderr, "dlkiosk calibrate: EM did not converge: %s; nothing was written to %s\n",
                     r.problem.c_str(), o.outPath.c_str());
        return 2;
    }
    const int dims = c.dimensions.count();
    std::fprintf(stderr,
                 "dlkiosk calibrate: %zu items on %d dimensions, %d persons in %d booklets (%d score patterns) -> %s "
                 "and %s\n",
                 c.items.size(), dims, r.persons, r.booklets, c.patterns, o.outPath.c_str(),
                 modelJsonPath(o.outPath).c_str());
    const MultidimErrors& e = res.errors;
    for (int a = 0; a < dims; ++a) {
        std::fprintf(stderr, "  %-12s mean %6.3f", c.dimensions.names[a].c_str(), c.population.mean[a]);
        if (e.available()) std::fprintf(stderr, " (SE %.3f)", e.mean[a]);
        std::fprintf(stderr, "  SD %5.3f", c.population.sd(a));
        if (e.available()) std::fprintf(stderr, " (SE %.3f)", e.sd[a]);
        std::fprintf(stderr, "  EAP reliability %5.3f  r:", res.eapReliability[a]);
        for (int b = 0; b < dims; ++b) std::fprintf(stderr, " %5.2f", a == b ? 1.0 : c.population.correlation(a, b));
        std::fprintf(stderr, "\n");
    }
    if (e.available()) {
        double largest = 0;
        for (int a = 0; a < dims; ++a)
            for (int b = 0; b < dims; ++b)
                largest = std::max(largest, e.correlation[static_cast<size_t>(a * dims + b)]);
        std::fprintf(stderr,
                     "  standard errors from the information matrix (%d parameters); correlations' SE up to %.3f\n",
                     e.parameters, largest);
    } else {
        std::fprintf(stderr, "  no standard errors: %s\n", e.problem.c_str());
    }
    std::fprintf(stderr, "  converged in %d EM iterations (last change %.2g), log-likelihood %.3f\n", r.iterations,
                 r.maxChange, r.logLikelihood);
    printComponents(res.components, "calibrate");
    if (res.regression) printMultidimRegression(*res.regression, *o.backgroundPath, "calibrate");
    return 0;
}

}  // namespace

int calibrateCommand(Args& args, const char* /*argv0*/) {
    if (const auto dimensions = args.value("dimensions")) return calibrateMultidimCommand(args, *dimensions);
    CalibrateFilesOptions o;
    o.responsesPath = onlyPositional(args, "calibrate", "RESPONSES.csv");
    if (isDataPackage(o.responsesPath)) o.readResponses = readPackageResponses;  // a package's booklets as design
    const auto out = args.value("out");
    o.anchorPath = args.value("anchor");
    o.scaleName = args.valueOr("scale", "total");
    o.read = readOptions(args);
    o.analysis.calibration.quadratureNodes = static_cast<int>(intOption(args, "nodes", 41, 5, kMaxQuadratureNodes));
    o.analysis.persons.seed = static_cast<uint64_t>(intOption(args, "seed", 20261128, 0, INT64_MAX));
    o.backgroundPath = args.value("background");
    o.backgroundComponents = componentsOption(args, o.backgroundPath);
    args.requireKnown();
    if (!out) throw std::runtime_error("calibrate needs --out ITEMS.csv");
    refuseEmptyScale(o.scaleName);
    refuseOverwritingInput(*out, o.responsesPath, "the RESPONSES.csv read");
    if (o.anchorPath) refuseOverwritingInput(*out, *o.anchorPath, "the --anchor file");
    if (o.backgroundPath) refuseOverwritingInput(*out, *o.backgroundPath, "the --background file");
    o.outPath = *out;

    LatentRegression regression;
    ComponentSummary components;
    const Analysis a = calibrateFiles(o, &regression, &components);
    const CalibrationReport& r = a.calibration.report;
    if (!r.converged) {
        std::fprintf(stderr, "dlkiosk calibrate: EM did not converge: %s; nothing was written to %s\n",
                     r.problem.c_str(), o.outPath.c_str());
        return 2;
    }
    std::fprintf(stderr, "dlkiosk calibrate: %zu items (%d anchored), %d persons in %d booklets -> %s\n",
                 a.calibration.items.size(), r.anchoredItems, r.persons, r.booklets, o.outPath.c_str());
    if (a.anchorLink)
        std::fprintf(stderr,
                     "  linking error of the anchoring %.4f logits (SD %.4f of the %d anchor items' shifts between a "
                     "free calibration and the anchors / sqrt(%d))\n",
                     a.anchorLink->linkingError, a.anchorLink->shiftSd, a.anchorLink->commonItems,
                     a.anchorLink->commonItems);
    else if (!a.anchorLinkProblem.empty())
        std::fprintf(stderr, "  no linking error: %s\n", a.anchorLinkProblem.c_str());
    std::fprintf(stderr, "  population mean %.3f, SD %.3f logits; reliability EAP %.3f, PV %.3f, WLE %.3f\n",
                 a.calibration.population.mean, a.calibration.population.sd, a.reliability.eap, a.reliability.pv,
                 a.reliability.wle);
    if (a.errors.available()) {
        double largest = 0;
        std::string largestId;
        for (size_t i = 0; i < a.errors.items.size(); ++i)
            if (a.errors.items[i].delta > largest) {
                largest = a.errors.items[i].delta;
                largestId = a.calibration.items[i].id;
            }
        char mean[32] = "fixed";
        if (std::isfinite(a.errors.populationMean)) std::snprintf(mean, sizeof mean, "%.3f", a.errors.populationMean);
        if (largestId.empty())  // every item anchored: none was estimated here
            std::fprintf(stderr, "  standard errors: population mean %s, SD %.3f; every item anchored\n", mean,
                         a.errors.populationSd);
        else
            std::fprintf(stderr, "  standard errors: population mean %s, SD %.3f; largest item location SE %.3f (%s)\n",
                         mean, a.errors.populationSd, largest, largestId.c_str());
    } else {
        std::fprintf(stderr, "  no standard errors: %s\n", a.errors.problem.c_str());
    }
    int flagged = 0;
    for (size_t i = 0; i < a.statistics.size(); ++i) {
        const ItemStatistics& s = a.statistics[i];
        // Common rule of thumb for a mean square that deserves a look.
        if ((s.infit < 0.7 || s.infit > 1.3 || s.outfit < 0.7 || s.outfit > 1.3) && ++flagged <= 10)
            std::fprintf(stderr, "  check item %s: infit %.2f, outfit %.2f, item-rest %.2f\n",
                         a.calibration.items[i].id.c_str(), s.infit, s.outfit, s.itemRest);
    }
    if (flagged > 10) std::fprintf(stderr, "  ... and %d more items outside 0.7-1.3\n", flagged - 10);
    std::fprintf(stderr, "  converged in %d EM iterations (last change %.2g), log-likelihood %.3f\n", r.iterations,
                 r.maxChange, r.logLikelihood);
    if (o.backgroundPath) {
        printComponents(o.backgroundComponents ? std::optional<ComponentSummary>(components) : std::nullopt,
                        "calibrate");
        printRegression(regression, *o.backgroundPath, "calibrate");
        std::fprintf(stderr, "  the regression is in %s\n", modelJsonPath(o.outPath).c_str());
    }
    return 0;
}

int estimateCommand(Args& args, const char* /*argv0*/) {
    EstimateFilesOptions o;
    o.responsesPath = onlyPositional(args, "estimate", "RESPONSES.csv");
    if (isDataPackage(o.responsesPath)) o.readResponses = readPackageResponses;
    const auto items = args.value("items");
    const auto method = args.value("method");
    const auto out = args.value("out");
    o.plausibleValues = static_cast<int>(intOption(args, "pvs", 5, 1, kMaxPlausibleValues));
    o.seed = static_cast<uint64_t>(intOption(args, "seed", 20261128, 0, INT64_MAX));
    o.levelsPath = args.value("levels");
    o.backgroundPath = args.value("background");
    o.backgroundComponents = componentsOption(args, o.backgroundPath);
    o.scaleName = args.value("scale");
    o.read = readOptions(args);
    args.requireKnown();
    if (!items) throw std::runtime_error("estimate needs --items ITEMS.csv");
    if (!method) throw std::runtime_error("estimate needs --method wle|eap|pv");
    if (!out) throw std::runtime_error("estimate needs --out PERSONS.csv");
    refuseEmptyScale(o.scaleName);
    refuseOverwritingInput(*out, o.responsesPath, "the RESPONSES.csv read");
    refuseOverwritingInput(*out, *items, "the --items file");
    if (o.levelsPath) refuseOverwritingInput(*out, *o.levelsPath, "the --levels file");
    o.itemsPath = *items;
    o.method = estimateMethodFromName(*method);
    o.outPath = *out;
    if (o.backgroundPath) refuseOverwritingInput(*out, *o.backgroundPath, "the --background file");
    const CalibratedItems calibrated = readItemsCsv(o.itemsPath);
    if (!calibrated.dimension.empty()) {
        const EstimateMultidimSummary s = estimateMultidimFiles(o, calibrated);
        printComponents(s.components, "estimate");
        if (s.regression) printMultidimRegression(*s.regression, *o.backgroundPath, "estimate");
        std::fprintf(stderr, "dlkiosk estimate: %d persons on %zu dimensions -> %s", s.persons, s.dimensions.size(),
                     o.outPath.c_str());
        if (s.personsWithoutItems) std::fprintf(stderr, " (%d given no item: empty estimates)", s.personsWithoutItems);
        std::fprintf(stderr, "\n");
        return 0;
    }
    const EstimateSummary s = estimateFiles(o, calibrated);
    if (s.populationFromSample)
        std::fprintf(
            stderr,
            "dlkiosk estimate: %s has no population model; estimated from these responses: mean %.3f, SD %.3f\n",
            o.itemsPath.c_str(), s.population.mean, s.population.sd);
    printComponents(s.components, "estimate");
    if (s.regression) printRegression(*s.regression, *o.backgroundPath, "estimate");
    std::fprintf(stderr, "dlkiosk estimate: %d persons -> %s", s.persons, o.outPath.c_str());
    if (s.personsWithoutItems) std::fprintf(stderr, " (%d given no item: empty estimates)", s.personsWithoutItems);
    std::fprintf(stderr, "\n");
    return 0;
}

namespace {

struct Timed {
    double design = 0, calibrate = 0, errors = 0, fit = 0, wle = 0, eapPv = 0;
    double total() const { return design + calibrate + errors + fit + wle + eapPv; }
};

// The whole pipeline, step by step: what analyse() does, timed.
Timed runPipeline(const ResponseMatrix& m, Analysis& a) {
    Timed t;
    auto t0 = Clock::now();
    a.design = summariseDesign(m);
    t.design = msSince(t0);
    t0 = Clock::now();
    a.calibration = calibrate(m, a.design);
    t.calibrate = msSince(t0);
    t0 = Clock::now();
    a.errors = parameterErrors(a.design, a.calibration);
    t.errors = msSince(t0);
    t0 = Clock::now();
    a.groupWle = groupWles(a.design, a.calibration.items);
    t.wle = msSince(t0);
    t0 = Clock::now();
    a.statistics = itemStatistics(a.design, a.calibration.items, a.groupWle);
    t.fit = msSince(t0);
    t0 = Clock::now();
    PersonEstimateOptions po;
    po.wle = true;  // per person from the group WLEs (cheap), as analyse() does
    a.persons = estimatePersons(m, a.design, a.calibration.items, a.calibration.population, po);
    a.reliability = reliability(a.persons);
    t.eapPv = msSince(t0);
    return t;
}

struct RefTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    double at(size_t r, const std::string& name) const {
        for (size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == name && c < rows[r].size()) {
                double v = NAN;
                return parseDouble(rows[r][c], v) ? v : NAN;
            }
        return NAN;
    }
};

RefTable readTable(const std::string& path) {
    CsvReader csv = CsvReader::fromFile(path);
    RefTable t;
    std::vector<std::string> cells;
    if (csv.next(cells)) t.columns = cells;
    while (csv.next(cells)) t.rows.push_back(cells);
    return t;
}

void compareReference(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    auto t0 = Clock::now();
    const ResponseMatrix m = readResponsesCsv((dir / "responses.csv").string());
    const double readMs = msSince(t0);
    Analysis a;
    const Timed t = runPipeline(m, a);
    const RefTable mml = readTable((dir / "mml" / "items_mml.csv").string());
    const RefTable mmlPersons = readTable((dir / "mml" / "persons_mml.csv").string());
    double loc = 0, step = 0, infit = 0, outfit = 0, wle = 0, wleSe = 0;
    for (size_t i = 0; i < mml.rows.size() && i < a.calibration.items.size(); ++i) {
        const ItemParams& p = a.calibration.items[i];
        loc = std::max(loc, std::fabs(p.delta - mml.at(i, "location")));
        for (int j = 1; j <= p.maxScore; ++j)
            step = std::max(step, std::fabs(p.step(j) - mml.at(i, "thr" + std::to_string(j))));
        infit = std::max(infit, std::fabs(a.statistics[i].infit - mml.at(i, "infit_wle")));
        outfit = std::max(outfit, std::fabs(a.statistics[i].outfit - mml.at(i, "outfit_wle")));
    }
    for (size_t p = 0; p < mmlPersons.rows.size() && p < m.personCount(); ++p) {
        wle = std::max(wle, std::fabs(a.persons.wle[p].theta - mmlPersons.at(p, "wle")));
        wleSe = std::max(wleSe, std::fabs(a.persons.wle[p].se - mmlPersons.at(p, "wle_se")));
    }
    std::printf(
        "  %-22s read %6.1f ms, pipeline %6.1f ms | vs MML: location %.1e, steps %.1e, WLE %.1e, WLE SE %.1e, "
        "infit %.1e, outfit %.1e",
        dir.filename().c_str(), readMs, t.total(), loc, step, wle, wleSe, infit, outfit);
    const fs::path erm = dir / "eRm" / "items_eRm.csv";
    if (fs::exists(erm)) {
        const RefTable e = readTable(erm.string());
        double d = 0;
        for (size_t i = 0; i < e.rows.size() && i < a.calibration.items.size(); ++i)
            d = std::max(d, std::fabs(a.calibration.items[i].delta - e.at(i, "location")));
        std::printf(" | vs eRm: location %.1e", d);
    }
    std::printf("\n");
}

}  // namespace

namespace {

// bench irt --dimensions D: the between-item multidimensional pipeline at the size, with
// five background variables to condition on.
int benchIrtMultidim(int dims, int blocks, int64_t persons, int points) {
    std::printf(
        "bench irt --dimensions %d: %lld pupils x 100 items (%d per dimension), rotated booklets (%d blocks, each "
        "pupil\n"
        "2), a quarter partial credit, residual correlations 0.7, five background variables (grade 2, track 3, age "
        "band 3,\n"
        "gender 2, accommodations 2 values); %d quasi-Monte Carlo points; all cores\n",
        dims, static_cast<long long>(persons), 100 / dims, blocks, points);
    MultidimSimulationSpec spec;
    spec.persons = static_cast<int>(persons);
    spec.dimensions = dims;
    spec.itemsPerDimension = 100 / dims;
    spec.blocks = blocks;
    spec.correlation = 0.7;
    spec.seed = 7;
    // Effects in logits, level by level (the first the reference), alike on every dimension but
    // the track's, which grows from the first dimension to the last.
    const size_t d = static_cast<size_t>(dims);
    auto effect = [&](std::vector<double> perLevel, double slope) {
        std::vector<double> e;
        for (size_t l = 0; l < perLevel.size(); ++l)
            for (size_t a = 0; a < d; ++a) e.push_back(perLevel[l] * (1 + slope * static_cast<double>(a)));
        return e;
    };
    spec.background = {{"grade", 2, effect({0, 0.3}, 0)},
                       {"track", 3, effect({0, 0.5, 1.0}, 0.2)},
                       {"age_band", 3, effect({0, -0.1, -0.2}, 0)},
                       {"gender", 2, effect({0, 0.1}, 0)},
                       {"accommodations", 2, effect({0, -0.3}, 0)}};
    auto t0 = Clock::now();
    const MultidimSimulatedData data = simulateMultidim(spec);
    std::printf("  simulated in %.0f ms\n", msSince(t0));
    DimensionMap map;
    for (int k = 0; k < dims; ++k) map.names.push_back("D" + std::to_string(k + 1));
    map.ofItem = data.dimensionOf;
    MultidimOptions mo;
    mo.qmcNodes = points;
    t0 = Clock::now();
    const MultidimCalibration c = calibrateMultidim(data.responses, map, mo);
    const double calib = msSince(t0);
    t0 = Clock::now();
    const BackgroundDesign bg = backgroundDesign(parseBackgroundCsv(data.backgroundCsv, "background"), data.responses);
    const double coding = msSince(t0);
    const MultidimRegression r = fitMultidimRegression(data.responses, map, c.items, c.population, bg);
    const double conditioning = msSince(t0);
    t0 = Clock::now();
    PersonEstimateOptions po;
    po.plausibleValues = 5;
    const MultidimPersons p = estimateMultidimConditioned(data.responses, map, c.items, c.population, bg, r, po);
    const double persons5 = msSince(t0);
    t0 = Clock::now();
    const MultidimPersons plain = estimateMultidimPersons(data.responses, map, c.items, c.population, po, mo);
    const double unconditioned = msSince(t0);
    t0 = Clock::now();
    const MultidimErrors errors = multidimParameterErrors(data.responses, c, mo);
    const double errorsMs = msSince(t0);
    // The items' SEs against the spread a sample of this size implies is the test's work
    // (test_irt_multidim_errors.cpp); here their size: the RMS item SE and the largest correlation SE.
    double itemSe2 = 0, corrSe = 0;
    for (const ItemErrors& e : errors.items) itemSe2 += e.delta * e.delta;
    for (double v : errors.correlation) corrSe = std::max(corrSe, v);

    double corrError = 0, effectError = 0;
    for (size_t a = 0; a < d; ++a)
        for (size_t b = a + 1; b < d; ++b)
            corrError = std::max(corrError, std::fabs(r.residualCorrelation(a, b) - 0.7));
    // Every term's coefficient against the effect planted (term "NAME=level").
    for (size_t t = 1; t < r.terms.size(); ++t) {
        const auto eq = r.terms[t].find('=');
        for (const auto& v : spec.background)
            if (v.name == r.terms[t].substr(0, eq)) {
                const size_t level = static_cast<size_t>(std::stoi(r.terms[t].substr(eq + 1)));
                for (size_t a = 0; a < d; ++a)
                    effectError = std::max(effectError, std::fabs(r.coefficient(t, a) - v.effect[level * d + a]));
            }
    }
    std::printf("  calibration %.0f ms (%d EM iterations, %d score patterns, %s)\n", calib, c.report.iterations,
                c.patterns, c.report.converged ? "converged" : c.report.problem.c_str());
    std::printf(
        "  conditioning %.0f ms (reading the background %.0f ms; %zu terms, %d EM iterations, %s), WLE + EAP + 5 "
        "PVs %.0f ms\n",
        conditioning, coding, r.terms.size(), r.iterations, r.converged ? "converged" : r.problem.c_str(), persons5);
    std::printf("  calibration + conditioning + 5 PVs: %.0f ms\n", calib + conditioning + persons5);
    std::printf(
        "  largest error: background effect %.3f, residual correlation %.3f; without the background (the "
        "population as prior) WLE + EAP + 5 PVs %.0f ms\n",
        effectError, corrError, unconditioned);
    if (errors.available())
        std::printf(
            "  standard errors of %d parameters %.0f ms (RMS item location SE %.4f, largest correlation SE %.4f)\n",
            errors.parameters, errorsMs,
            std::sqrt(itemSe2 / static_cast<double>(std::max<size_t>(1, errors.items.size()))), corrSe);
    else
        std::printf("  no standard errors (%.0f ms): %s\n", errorsMs, errors.problem.c_str());
    return p.pvCount == 5 && plain.pvCount == 5 && c.report.converged && r.converged && errors.available() ? 0 : 2;
}

}  // namespace

int benchIrt(Args& args, const char* argv0) {
    (void)argv0;
    if (args.value("dimensions")) {
        const int dims = static_cast<int>(intOption(args, "dimensions", 4, 2, 10));
        const int blocks = static_cast<int>(intOption(args, "blocks", 8, kMinBenchBlocks, kMaxBenchBlocks));
        const int64_t persons = intOption(args, "pupils", 100000, 1000, 1000000);
        const int points = static_cast<int>(intOption(args, "points", 3000, 100, 200000));
        args.requireKnown();
        return benchIrtMultidim(dims, blocks, persons, points);
    }
    const std::string reference =
        args.valueOr("reference", std::string(DLK_SOURCE_ITEMS) + "/../../shared/irt-reference");
    const int blocks = static_cast<int>(intOption(args, "blocks", 4, kMinBenchBlocks, kMaxBenchBlocks));
    args.requireKnown();

    struct Size {
        int persons, items;
    };
    const Size sizes[] = {{1000, 40}, {10000, 60}, {50000, 100}, {100000, 100}};
    std::printf(
        "bench irt: rotated booklets (%d blocks, each pupil 2), a quarter of the items partial credit (0-2),\n"
        "one core; pipeline = score groups + MML calibration + its standard errors + item fit + WLE + EAP + 5\n"
        "plausible values\n",
        blocks);
    std::printf("  %-14s %8s %8s %8s %8s %8s %8s %9s %6s %10s %6s\n", "persons x items", "groups", "design", "calib",
                "se", "fit", "wle", "eap+5pv", "iter", "pipeline", "rmse");
    Analysis keep;
    for (const Size& s : sizes) {
        SimulationSpec spec;
        spec.persons = s.persons;
        spec.items = s.items;
        spec.blocks = blocks;
        spec.seed = 7;
        const SimulatedData data = simulateResponses(spec);
        Analysis a;
        const Timed t = runPipeline(data.responses, a);
        double se = 0;
        int n = 0;
        for (size_t i = 0; i < data.items.size(); ++i)
            for (int j = 1; j <= data.items[i].maxScore; ++j, ++n) {
                const double d = a.calibration.items[i].step(j) - data.items[i].step(j);
                se += d * d;
            }
        std::printf("  %7d x %-4d %8zu %6.1fms %6.1fms %6.1fms %6.1fms %6.1fms %7.1fms %6d %8.1fms %6.3f\n", s.persons,
                    s.items, a.design.groups.size(), t.design, t.calibrate, t.errors, t.fit, t.wle, t.eapPv,
                    a.calibration.report.iterations, t.total(), std::sqrt(se / n));
        if (s.persons == 10000) keep = std::move(a);
    }

    // One pupil on the teacher screen: WLE, scale score and level from a booklet of 30 items.
    CalibratedItems items = calibratedItems(keep);
    std::vector<ItemScore> pupil;
    for (size_t i = 0; i < items.items.size(); i += 2)
        pupil.push_back({items.items[i].id, static_cast<int>(i / 2 % 2)});
    const int reps = 2000;
    auto t0 = Clock::now();
    double sink = 0;
    for (int r = 0; r < reps; ++r) {
        pupil[0].score = r % 2;
        sink += scalePupil(pupil, items)->scaleScore;
    }
    std::printf("  one pupil (%zu items): WLE + scale score %.3f ms (checksum %.1f)\n", pupil.size(),
                msSince(t0) / reps, sink / reps);

    if (std::filesystem::is_directory(reference)) {
        std::printf("agreement with %s (max abs differences, logits):\n",
                    std::filesystem::path(reference).lexically_normal().c_str());
        std::vector<std::filesystem::path> sets;
        for (const auto& e : std::filesystem::directory_iterator(reference))
            if (e.is_directory() && std::filesystem::exists(e.path() / "responses.csv")) sets.push_back(e.path());
        std::sort(sets.begin(), sets.end());
        for (const auto& d : sets) compareReference(d);
    } else {
        std::printf("(no reference data at %s: agreement not measured)\n", reference.c_str());
    }
    return 0;
}

}  // namespace dlk::cli
