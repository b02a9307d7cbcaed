#include "irt/irt_pipeline.h"

#include <cmath>
#include <filesystem>
#include <system_error>

#include "irt/csv_reader.h"
#include "irt/multidim_files.h"
#include "util/error.h"
#include "util/json.h"

namespace dlk {

Analysis analyse(const ResponseMatrix& responses, const AnalysisOptions& options) {
    Analysis a;
    a.design = summariseDesign(responses);
    a.calibration = calibrate(responses, a.design, options.calibration);
    a.errors = parameterErrors(a.design, a.calibration, options.calibration);
    a.groupWle = groupWles(a.design, a.calibration.items);
    a.statistics = itemStatistics(a.design, a.calibration.items, a.groupWle);
    PersonEstimateOptions po = options.persons;
    a.persons = estimatePersons(responses, a.design, a.calibration.items, a.calibration.population, po);
    a.reliability = reliability(a.persons);
    if (!options.calibration.anchors.empty() && a.calibration.report.converged) {
        if (a.calibration.report.anchoredItems < 2) {
            a.anchorLinkProblem = "one anchored item: a linking error needs at least two";
        } else {
            CalibrationOptions free = options.calibration;
            free.anchors.clear();
            const Calibration unanchored = calibrate(responses, a.design, free);
            CalibratedItems freeItems, anchors;
            freeItems.items = unanchored.items;
            anchors.items = options.calibration.anchors;
            if (!unanchored.report.converged) {
                a.anchorLinkProblem = "the calibration without anchors did not converge: " + unanchored.report.problem;
            } else {
                try {
                    a.anchorLink = linkMeanMean(freeItems, anchors);
                } catch (const Error& e) {
                    a.anchorLinkProblem = e.what();
                }
            }
        }
    }
    return a;
}

CalibratedItems calibratedItems(const Analysis& a, const std::string& scaleName) {
    CalibratedItems c;
    c.items = a.calibration.items;
    c.statistics = a.statistics;
    c.population = a.calibration.population;
    if (a.errors.available()) {
        for (const ItemErrors& e : a.errors.items) c.deltaSe.push_back(e.delta);
        if (std::isfinite(a.errors.populationMean))
            c.metadata["population_mean_se"] = formatNumber(a.errors.populationMean);
        c.metadata["population_sd_se"] = formatNumber(a.errors.populationSd);
    }
    c.scale = ReportingScale::fromPopulation(a.calibration.population);
    c.scaleName = scaleName;
    const CalibrationReport& r = a.calibration.report;
    c.metadata["converged"] = r.converged ? "1" : "0";
    c.metadata["em_iterations"] = std::to_string(r.iterations);
    c.metadata["max_change"] = formatNumber(r.maxChange);
    c.metadata["log_likelihood"] = formatNumber(r.logLikelihood);
    c.metadata["persons"] = std::to_string(r.persons);
    c.metadata["booklets"] = std::to_string(r.booklets);
    c.metadata["anchored_items"] = std::to_string(r.anchoredItems);
    if (a.anchorLink) {
        c.metadata["link_method"] = "anchored; linking error from a free calibration's anchor items";
        c.metadata["link_error"] = formatNumber(a.anchorLink->linkingError);
        c.metadata["link_common_items"] = std::to_string(a.anchorLink->commonItems);
    }
    c.metadata["reliability_wle"] = formatNumber(a.reliability.wle);
    c.metadata["reliability_eap"] = formatNumber(a.reliability.eap);
    c.metadata["reliability_pv"] = formatNumber(a.reliability.pv);
    return c;
}

Analysis calibrateFiles(const CalibrateFilesOptions& o, LatentRegression* regression, ComponentSummary* components) {
    AnalysisOptions analysis = o.analysis;
    ResponseReadOptions read = o.read;
    if (o.anchorPath) {
        const CalibratedItems anchors = readItemsCsv(*o.anchorPath);
        analysis.calibration.anchors = anchors.items;
        for (const auto& p : anchors.items) read.declaredMaxScores[p.id] = p.maxScore;
    }
    const ResponseMatrix responses =
        o.readResponses ? o.readResponses(o.responsesPath, read) : readResponsesCsv(o.responsesPath, read);
    Analysis a = analyse(responses, analysis);
    // Parameters that are not final must never replace good ones, nor look like them.
    if (!a.calibration.report.converged) return a;
    if (o.backgroundPath) {
        ComponentSummary summary;
        const BackgroundDesign background =
            readBackgroundDesign(*o.backgroundPath, responses, o.backgroundComponents, &summary);
        const LatentRegression fit = fitLatentRegression(responses, a.design, a.calibration.items, background);
        if (!fit.converged)
            throw Error(ErrorKind::Invalid, "the latent regression on " + *o.backgroundPath +
                                                " did not converge: " + fit.problem + "; nothing was written");
        if (regression) *regression = fit;
        if (components && o.backgroundComponents) *components = summary;
        // The model file of multidim_files.h with one dimension, the scale: the same reader serves both.
        MultidimCalibration one;
        one.dimensions.names = {o.scaleName};
        one.population.mean = {a.calibration.population.mean};
        one.population.covariance = {a.calibration.population.sd * a.calibration.population.sd};
        one.report = a.calibration.report;
        one.patterns = static_cast<int>(a.design.groups.size());
        MultidimRegression g;
        g.dimensions = one.dimensions.names;
        g.terms = fit.terms;
        g.coefficients = fit.coefficients;
        g.dropped = fit.dropped;
        g.residualCovariance = {fit.residualSd * fit.residualSd};
        g.iterations = fit.iterations;
        g.converged = true;
        g.method = "EM with the exact likelihood of each score group on Gauss-Hermite nodes";
        MultidimOptions integration;
        integration.quadratureNodes = analysis.calibration.quadratureNodes;
        Json model = parseJson(
            formatModelJson(one, integration, {a.reliability.eap}, &g, o.backgroundComponents ? &summary : nullptr),
            "model");
        model["description"] =
            "dlkiosk ITEMS.model.json: the population model of a partial credit calibration on one scale "
            "(ITEMS.csv beside it) and its latent regression; theta ~ N(mean, SD^2) in logits";
        model.erase("integration");  // the calibration's own, in ITEMS.json
        // The model first, as calibrate --dimensions writes them.
        writeFileAtomically(modelJsonPath(o.outPath), model.dump(2) + "\n");
    }
    writeItemsCsv(o.outPath, calibratedItems(a, o.scaleName));
    // A model file left from an earlier calibration to this path would no longer describe its items.
    if (!o.backgroundPath) {
        std::error_code ignored;
        std::filesystem::remove(modelJsonPath(o.outPath), ignored);
    }
    return a;
}

std::vector<ItemParams> parametersOf(const CalibratedItems& calibrated, const ResponseMatrix& responses,
                                     const std::string& itemsPath, const std::string& responsesPath) {
    std::vector<ItemParams> items;
    std::string missing;
    int missingCount = 0;
    for (const std::string& id : responses.itemIds()) {
        if (const ItemParams* p = calibrated.find(id)) {
            items.push_back(*p);
        } else if (++missingCount <= 6) {
            missing += (missing.empty() ? "" : ", ") + id;
        }
    }
    if (missingCount)
        throw Error(ErrorKind::NotFound,
                    itemsPath + " has no parameters for item" + (missingCount > 1 ? "s " : " ") + missing +
                        (missingCount > 6 ? " and " + std::to_string(missingCount - 6) + " more" : "") + " of " +
                        responsesPath);
    return items;
}

EstimateSummary estimateFiles(const EstimateFilesOptions& o) {
    return estimateFiles(o, readItemsCsv(o.itemsPath));
}

EstimateSummary estimateFiles(const EstimateFilesOptions& o, const CalibratedItems& calibrated) {
    ResponseReadOptions read = o.read;
    for (const auto& p : calibrated.items) read.declaredMaxScores[p.id] = p.maxScore;
    const ResponseMatrix responses =
        o.readResponses ? o.readResponses(o.responsesPath, read) : readResponsesCsv(o.responsesPath, read);

    const std::vector<ItemParams> items = parametersOf(calibrated, responses, o.itemsPath, o.responsesPath);
    std::optional<LevelTable> levels;
    const std::string levelScale = o.scaleName.value_or(calibrated.scaleName);
    if (o.levelsPath) {
        if (o.method == EstimateMethod::Pv)
            throw Error(ErrorKind::Invalid, "levels are given per pupil with wle or eap, not with pv");
        if (!calibrated.scale)
            throw Error(
                ErrorKind::Invalid,
                o.itemsPath + " has no reporting scale (scale_theta_mean/sd or population_mean/sd), so no levels");
        levels = LevelTable::load(*o.levelsPath);
        (void)levels->levels(levelScale);  // NotFound now rather than after the estimation
    }

    std::optional<BackgroundDesign> background;
    std::optional<ComponentSummary> componentsRead;
    if (o.backgroundComponents && !o.backgroundPath)
        throw Error(ErrorKind::Invalid, "--components summarises a --background file; give one");
    if (o.backgroundPath) {
        if (o.method == EstimateMethod::Wle)
            throw Error(ErrorKind::Invalid, "--background conditions eap and pv; a WLE uses no population model");
        ComponentSummary components;
        background = readBackgroundDesign(*o.backgroundPath, responses, o.backgroundComponents, &components);
        if (o.backgroundComponents) componentsRead = components;
    }
    const DesignSummary design = summariseDesign(responses);
    EstimateSummary summary;
    summary.components = componentsRead;
    summary.persons = static_cast<int>(responses.personCount());
    summary.personsWithoutItems = summary.persons - design.personsWithData;
    if (calibrated.population) {
        summary.population = *calibrated.population;
    } else if (o.method != EstimateMethod::Wle) {
        summary.population = estimatePopulation(responses, design, items);
        summary.populationFromSample = true;
    }
    PersonEstimateOptions po;
    po.wle = o.method == EstimateMethod::Wle;
    po.eap = o.method == EstimateMethod::Eap;
    po.plausibleValues = o.method == EstimateMethod::Pv ? o.plausibleValues : 0;
    po.seed = o.seed;
    if (o.method == EstimateMethod::Pv && o.plausibleValues < 1)
        throw Error(ErrorKind::Invalid, "pv needs at least one plausible value");
    PersonEstimates estimates;
    if (background) {
        summary.regression = fitLatentRegression(responses, design, items, *background);
        if (!summary.regression->converged)
            throw Error(ErrorKind::Invalid, "the latent regression on " + *o.backgroundPath +
                                                " did not converge: " + summary.regression->problem);
        estimates = estimateConditioned(responses, design, items, *background, *summary.regression, po);
    } else {
        estimates = estimatePersons(responses, design, items, summary.population, po);
    }

    PersonsCsvOptions out;
    out.method = o.method;
    out.scale = calibrated.scale;
    out.levels = levels ? &*levels : nullptr;
    out.levelScale = levelScale;
    writePersonsCsv(o.outPath, responses, estimates, out);
    return summary;
}

std::optional<PupilScale> scalePupil(const std::vector<ItemScore>& scores, const CalibratedItems& items,
                                     const LevelTable* levels, const std::string& levelScale) {
    if (!items.scale) return std::nullopt;
    const std::string& scaleName = levelScale.empty() ? items.scaleName : levelScale;
    std::vector<ItemParams> used;
    std::vector<int> values;
    PupilScale r;
    for (const ItemScore& s : scores) {
        const ItemParams* p = items.find(s.itemId);
        if (!p) {
            ++r.itemsWithoutParameters;
            continue;
        }
        used.push_back(*p);
        values.push_back(s.score);
        r.rawScore += s.score;
        r.maxScore += p->maxScore;
    }
    if (used.empty()) return std::nullopt;
    r.itemsUsed = static_cast<int>(used.size());
    r.wle = estimateWle(used, values);
    r.scaleScore = items.scale->toScale(r.wle.theta);
    r.scaleSe = items.scale->seToScale(r.wle.se);
    r.provisional = items.provisional();
    if (levels && levels->hasScale(scaleName)) {
        r.level = levels->place(scaleName, r.scaleScore, r.scaleSe);
        r.provisional = r.provisional || levels->levels(scaleName)[static_cast<size_t>(r.level->level)].provisional;
    }
    return r;
}

}  // namespace dlk
