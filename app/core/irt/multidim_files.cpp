#include "irt/multidim_files.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "irt/csv_reader.h"
#include "irt/pcm_newton.h"
#include "irt/reliability.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr size_t kMaxDimensionName = 40;

bool isDimensionName(const std::string& s) {
    if (s.empty() || s.size() > kMaxDimensionName) return false;
    for (unsigned char c : s)
        if (!std::isalnum(c) && c != '_' && c != '.' && c != '-') return false;
    return true;
}

std::string listOf(const std::vector<std::string>& ids) {
    std::string s;
    for (size_t k = 0; k < ids.size() && k < 6; ++k) s += (k ? ", " : "") + ids[k];
    if (ids.size() > 6) s += " and " + std::to_string(ids.size() - 6) + " more";
    return s;
}

std::vector<size_t> itemsOn(const DimensionMap& dm, int d) {
    std::vector<size_t> items;
    for (size_t i = 0; i < dm.ofItem.size(); ++i)
        if (dm.ofItem[i] == d) items.push_back(i);
    return items;
}

}  // namespace

DimensionMap dimensionMapOf(const std::vector<std::pair<std::string, std::string>>& itemDimension,
                            const ResponseMatrix& responses, const std::string& sourceName) {
    DimensionMap dm;
    dm.ofItem.assign(responses.itemCount(), -1);
    std::map<std::string, int> index;
    for (const auto& [item, dimension] : itemDimension) {
        const auto i = responses.findItem(item);
        if (!i) continue;
        if (!isDimensionName(dimension))
            throw Error(ErrorKind::Invalid, sourceName + ": item " + item + ": dimension '" + dimension +
                                                "' is not a name of letters, digits, _ . - (at most 40)");
        auto [it, fresh] = index.try_emplace(dimension, dm.count());
        if (fresh) dm.names.push_back(dimension);
        if (dm.ofItem[*i] >= 0 && dm.ofItem[*i] != it->second)
            throw Error(ErrorKind::Invalid, sourceName + ": item " + item + " is on two dimensions, " +
                                                dm.names[static_cast<size_t>(dm.ofItem[*i])] + " and " + dimension);
        dm.ofItem[*i] = it->second;
    }
    std::vector<std::string> missing;
    for (size_t i = 0; i < dm.ofItem.size(); ++i)
        if (dm.ofItem[i] < 0) missing.push_back(responses.itemId(i));
    if (!missing.empty())
        throw Error(ErrorKind::NotFound,
                    sourceName + " gives no dimension for item" + (missing.size() > 1 ? "s " : " ") + listOf(missing));
    return dm;
}

DimensionMap parseQMatrix(std::string text, const std::string& sourceName, const ResponseMatrix& responses) {
    CsvReader csv(std::move(text), sourceName);
    std::vector<std::string> cells;
    if (!csv.next(cells) || cells.size() < 2 || trim(cells[0]) != "item_id" || trim(cells[1]) != "dimension")
        throw Error(ErrorKind::Parse, sourceName + " line 1: the header must be item_id,dimension");
    std::vector<std::pair<std::string, std::string>> pairs;
    std::map<std::string, int> lineOf;
    while (csv.next(cells)) {
        if (cells.size() != 2) csv.fail(ErrorKind::Parse, std::to_string(cells.size()) + " cells, not 2");
        std::string item = trim(cells[0]), dimension = trim(cells[1]);
        if (item.empty()) csv.fail(ErrorKind::Parse, "item_id is empty");
        if (!isDimensionName(dimension))
            csv.fail(ErrorKind::Invalid,
                     "dimension '" + dimension + "' is not a name of letters, digits, _ . - (at most 40 characters)");
        if (auto [it, fresh] = lineOf.try_emplace(item, csv.line()); !fresh)
            csv.fail(ErrorKind::Invalid,
                     "item " + item + " appears twice (first on line " + std::to_string(it->second) + ")");
        pairs.emplace_back(std::move(item), std::move(dimension));
    }
    return dimensionMapOf(pairs, responses, sourceName);
}

DimensionMap readQMatrix(const std::string& path, const ResponseMatrix& responses) {
    return parseQMatrix(readCsvText(path), path, responses);
}

std::string modelJsonPath(const std::string& itemsCsvPath) {
    std::filesystem::path p(itemsCsvPath);
    if (p.extension() == ".json") return itemsCsvPath + ".model.json";
    return p.replace_extension(".model.json").string();
}

std::string formatModelJson(const MultidimCalibration& c, const MultidimOptions& integration,
                            const std::vector<double>& eapReliability, const MultidimRegression* regression,
                            const ComponentSummary* components, const MultidimErrors* errors) {
    const int dims = c.dimensions.count();
    Json j = Json::object();
    j["description"] =
        "dlkiosk ITEMS.model.json: the population model of a between-item multidimensional partial credit "
        "calibration (ITEMS.csv beside it gives each item's dimension); theta ~ N(mean, covariance) in logits";
    j["dimensions"] = c.dimensions.names;
    j["mean"] = c.population.mean;
    Json sd = Json::array(), corr = Json::array(), cov = Json::array();
    for (int a = 0; a < dims; ++a) {
        sd.push_back(c.population.sd(a));
        Json rc = Json::array(), rv = Json::array();
        for (int b = 0; b < dims; ++b) {
            rc.push_back(a == b ? 1.0 : c.population.correlation(a, b));
            rv.push_back(c.population.covariance[static_cast<size_t>(a * dims + b)]);
        }
        corr.push_back(std::move(rc));
        cov.push_back(std::move(rv));
    }
    j["sd"] = std::move(sd);
    j["correlation"] = std::move(corr);
    j["covariance"] = std::move(cov);
    j["reliability_eap"] = eapReliability;
    if (errors && errors->available()) {
        Json corrSe = Json::array();
        for (int a = 0; a < dims; ++a) {
            Json row = Json::array();
            for (int b = 0; b < dims; ++b) row.push_back(errors->correlation[static_cast<size_t>(a * dims + b)]);
            corrSe.push_back(std::move(row));
        }
        j["standard_errors"] = {{"mean", errors->mean},
                                {"sd", errors->sd},
                                {"correlation", std::move(corrSe)},
                                {"method",
                                 "inverse observed information of the marginal likelihood (forward "
                                 "differences of its analytic gradient), delta method for SDs and "
                                 "correlations"},
                                {"parameters", errors->parameters}};
    } else if (errors) {
        j["standard_errors"] = {{"problem", errors->problem}};
    }
    const CalibrationReport& r = c.report;
    j["convergence"] = {{"converged", r.converged},  {"em_iterations", r.iterations},
                        {"max_change", r.maxChange}, {"log_likelihood", r.logLikelihood},
                        {"persons", r.persons},      {"booklets", r.booklets},
                        {"patterns", c.patterns}};
    j["integration"] = dims == 1 ? Json{{"method", "Gauss-Hermite"}, {"points", integration.quadratureNodes}}
                                 : Json{{"method", "quasi-Monte Carlo (Halton), moved with the estimates"},
                                        {"points", integration.qmcNodes}};
    if (regression) {
        const MultidimRegression& g = *regression;
        const size_t d = g.dimensionCount();
        Json terms = Json::array();
        for (size_t t = 0; t < g.terms.size(); ++t) {
            if (std::find(g.dropped.begin(), g.dropped.end(), g.terms[t]) != g.dropped.end()) continue;
            Json row = Json::array();
            for (size_t a = 0; a < d; ++a) row.push_back(g.coefficient(t, a));
            terms.push_back(Json{{"term", g.terms[t]}, {"coefficients", std::move(row)}});
        }
        Json sdRes = Json::array(), corrRes = Json::array();
        for (size_t a = 0; a < d; ++a) {
            sdRes.push_back(g.residualSd(a));
            Json rc = Json::array();
            for (size_t b = 0; b < d; ++b) rc.push_back(a == b ? 1.0 : g.residualCorrelation(a, b));
            corrRes.push_back(std::move(rc));
        }
        j["regression"] = {
            {"description",
             "latent regression theta ~ N(sum of coefficient x term, residual covariance), items fixed; a term is "
             "1 for a pupil with that background value (COLUMN=value; the first value in sorted order is the "
             "reference, COLUMN=missing a pupil without one), coefficients per dimension in the order of "
             "\"dimensions\""},
            {"terms", std::move(terms)},
            {"dropped", g.dropped},
            {"residual_sd", std::move(sdRes)},
            {"residual_correlation", std::move(corrRes)},
            {"method", g.method},
            {"em_iterations", g.iterations}};
        if (components)
            j["regression"]["principal_components"] = {
                {"description",
                 "the terms pc1, pc2, ... are principal components of the background file's categorical terms "
                 "(their correlation matrix over the persons), not the terms themselves"},
                {"terms_summarised", components->termsBefore},
                {"components", components->components},
                {"variance_explained", components->explained}};
    }
    return j.dump(2) + "\n";
}

std::string shiftModelJson(const std::string& text, const std::string& sourceName, const MultidimLinkResult& link,
                           const std::string& linkedTo) {
    const MultidimModel model = parseModelJson(text, sourceName);  // every check of a model file first
    Json j = parseJson(text, sourceName);
    std::vector<double> shift;
    for (const std::string& name : model.dimensions) {
        const DimensionLink* d = link.find(name);
        if (!d)
            throw Error(ErrorKind::Invalid, sourceName + ": dimension " + name +
                                                " has no items in the linked ITEMS.csv, so it has no shift");
        shift.push_back(d->link.shift);
    }
    for (size_t k = 0; k < shift.size(); ++k) j["mean"][k] = model.population.mean[k] + shift[k];
    // A regression's intercept is the reference group's mean: it moves with the dimension.
    if (j.contains("regression") && j["regression"].is_object() && j["regression"].contains("terms"))
        for (Json& term : j["regression"]["terms"])
            if (term.is_object() && term.value("term", "") == "intercept" && term.contains("coefficients") &&
                term["coefficients"].is_array() && term["coefficients"].size() == shift.size())
                for (size_t k = 0; k < shift.size(); ++k)
                    term["coefficients"][k] = term["coefficients"][k].get<double>() + shift[k];
    Json per = Json::array();
    for (const DimensionLink& d : link.dimensions) {
        int dropped = 0;
        for (const CommonItemShift& c : d.link.items) dropped += c.dropped;
        per.push_back(Json{{"dimension", d.dimension},
                           {"shift", d.link.shift},
                           {"linking_error", d.link.linkingError},
                           {"common_items", d.link.commonItems},
                           {"dropped_items", dropped}});
    }
    j["link"] = {{"method", "mean-mean per dimension (common items)"},
                 {"to", linkedTo},
                 {"description",
                  "means, item locations and a regression's intercept moved by each dimension's shift onto the "
                  "scale of \"to\"; linking_error = SD of the common items' shifts / sqrt(common items)"},
                 {"dimensions", std::move(per)}};
    return j.dump(2) + "\n";
}

MultidimModel parseModelJson(const std::string& text, const std::string& sourceName) {
    const Json j = parseJson(text, sourceName);
    auto fail = [&](const std::string& what) -> Error { return Error(ErrorKind::Parse, sourceName + ": " + what); };
    if (!j.is_object() || !j.contains("dimensions") || !j["dimensions"].is_array())
        throw fail("expected an object with a \"dimensions\" list");
    MultidimModel m;
    for (const Json& n : j["dimensions"]) {
        if (!n.is_string() || !isDimensionName(n.get<std::string>())) throw fail("a dimension name is not a name");
        for (const auto& seen : m.dimensions)
            if (seen == n.get<std::string>()) throw fail("dimension " + seen + " appears twice");
        m.dimensions.push_back(n.get<std::string>());
    }
    const size_t d = m.dimensions.size();
    if (d == 0 || d > 10) throw fail("between 1 and 10 dimensions, not " + std::to_string(d));
    auto number = [&](const Json& v, const char* what) {
        if (!v.is_number() || !std::isfinite(v.get<double>())) throw fail(std::string(what) + " holds a non-number");
        return v.get<double>();
    };
    if (!j.contains("mean") || !j["mean"].is_array() || j["mean"].size() != d)
        throw fail("\"mean\" must list one number per dimension");
    for (const Json& v : j["mean"]) m.population.mean.push_back(number(v, "mean"));
    if (!j.contains("covariance") || !j["covariance"].is_array() || j["covariance"].size() != d)
        throw fail("\"covariance\" must be a " + std::to_string(d) + " x " + std::to_string(d) + " matrix");
    for (const Json& row : j["covariance"]) {
        if (!row.is_array() || row.size() != d)
            throw fail("\"covariance\" must be a " + std::to_string(d) + " x " + std::to_string(d) + " matrix");
        for (const Json& v : row) m.population.covariance.push_back(number(v, "covariance"));
    }
    for (size_t a = 0; a < d; ++a)
        for (size_t b = 0; b < a; ++b)
            if (std::fabs(m.population.covariance[a * d + b] - m.population.covariance[b * d + a]) > 1e-9)
                throw fail("the covariance matrix is not symmetric");
    // Positive definite: what the person estimates need (they check again, this names the file).
    std::vector<double> l;
    if (!choleskyFactor(m.population.covariance, static_cast<int>(d), l))
        throw fail("the covariance matrix is not positive definite");
    return m;
}

CalibrateMultidimResult calibrateMultidimFiles(const CalibrateMultidimFilesOptions& o) {
    const ResponseMatrix responses =
        o.readResponses ? o.readResponses(o.responsesPath, o.read) : readResponsesCsv(o.responsesPath, o.read);
    const DimensionMap dm = o.dimensions(responses);
    CalibrateMultidimResult result;
    result.calibration = calibrateMultidim(responses, dm, o.integration);
    const MultidimCalibration& c = result.calibration;
    if (!c.report.converged) return result;

    // Item fit per dimension, from that dimension's own WLEs (as a one-scale calibration of it).
    CalibratedItems out;
    out.items = c.items;
    out.statistics.resize(c.items.size());
    for (size_t i = 0; i < c.items.size(); ++i) out.dimension.push_back(dm.names[static_cast<size_t>(dm.ofItem[i])]);
    for (int k = 0; k < dm.count(); ++k) {
        const auto own = itemsOn(dm, k);
        const ResponseMatrix sub = responses.selectItems(own);
        std::vector<ItemParams> params;
        for (size_t i : own) params.push_back(c.items[i]);
        const DesignSummary design = summariseDesign(sub);
        const auto stats = itemStatistics(design, params, groupWles(design, params));
        for (size_t j = 0; j < own.size(); ++j) out.statistics[own[j]] = stats[j];
    }
    PersonEstimateOptions po;
    po.wle = false;
    po.plausibleValues = 0;
    const MultidimPersons persons = estimateMultidimPersons(responses, dm, c.items, c.population, po, o.integration);
    for (int k = 0; k < dm.count(); ++k) {
        std::vector<ThetaEstimate> eap;
        for (size_t p = 0; p < responses.personCount(); ++p) eap.push_back(persons.eapOf(p, k));
        result.eapReliability.push_back(eapReliability(eap));
    }
    // Standard errors (of the items in ITEMS.csv, of the population in the model file); a model the
    // data do not determine gets none, with the reason in the model file, and is still written.
    result.errors = multidimParameterErrors(responses, c, o.integration);
    if (result.errors.available())
        for (const ItemErrors& e : result.errors.items) out.deltaSe.push_back(e.delta);
    out.scaleName = "multidimensional";
    out.metadata["model"] = "between-item multidimensional";
    out.metadata["dimensions"] = std::to_string(dm.count());
    out.metadata["converged"] = "1";
    out.metadata["em_iterations"] = std::to_string(c.report.iterations);
    out.metadata["max_change"] = formatNumber(c.report.maxChange);
    out.metadata["log_likelihood"] = formatNumber(c.report.logLikelihood);
    out.metadata["persons"] = std::to_string(c.report.persons);
    out.metadata["booklets"] = std::to_string(c.report.booklets);
    if (o.backgroundPath) {
        ComponentSummary components;
        const BackgroundDesign background =
            readBackgroundDesign(*o.backgroundPath, responses, o.backgroundComponents, &components);
        if (o.backgroundComponents) result.components = components;
        result.regression = fitMultidimRegression(responses, dm, c.items, c.population, background);
        if (!result.regression->converged)
            throw Error(ErrorKind::Invalid, "the latent regression on " + *o.backgroundPath + " did not converge: " +
                                                result.regression->problem + "; nothing was written");
    }
    // The model first: an ITEMS.csv with dimensions is never left beside an older model.
    writeFileAtomically(
        modelJsonPath(o.outPath),
        formatModelJson(c, o.integration, result.eapReliability, result.regression ? &*result.regression : nullptr,
                        result.components ? &*result.components : nullptr, &result.errors));
    writeItemsCsv(o.outPath, out);
    return result;
}

std::string formatMultidimPersonsCsv(const ResponseMatrix& responses, const DimensionMap& dm, const MultidimPersons& e,
                                     EstimateMethod method) {
    const size_t d = static_cast<size_t>(dm.count());
    const bool pv = method == EstimateMethod::Pv;
    std::string out = "person_id";
    for (const std::string& name : dm.names) {
        if (pv)
            for (int m = 1; m <= e.pvCount; ++m) out += ",pv" + std::to_string(m) + "_" + name;
        else
            out += ",theta_" + name + ",se_" + name;
    }
    for (const std::string& name : dm.names) out += ",raw_score_" + name + ",max_score_" + name;
    out += '\n';
    for (size_t p = 0; p < responses.personCount(); ++p) {
        appendCell(out, responses.personId(p));
        for (size_t k = 0; k < d; ++k) {
            const int dim = static_cast<int>(k);
            if (pv) {
                for (int m = 0; m < e.pvCount; ++m) {
                    out += ',';
                    appendNumber(out, e.plausibleValue(p, m, dim));
                }
                continue;
            }
            const ThetaEstimate& t = method == EstimateMethod::Wle ? e.wleOf(p, dim) : e.eapOf(p, dim);
            out += ',';
            appendNumber(out, t.theta);
            out += ',';
            appendNumber(out, t.se);
        }
        for (size_t k = 0; k < d; ++k) {
            const bool has = e.maxScore[p * d + k] > 0;
            out += ',';
            if (has) out += std::to_string(e.rawScore[p * d + k]);
            out += ',';
            if (has) out += std::to_string(e.maxScore[p * d + k]);
        }
        out += '\n';
    }
    return out;
}

EstimateMultidimSummary estimateMultidimFiles(const EstimateFilesOptions& o, const CalibratedItems& calibrated) {
    if (o.levelsPath)
        throw Error(ErrorKind::Invalid, "--levels is for one scale; " + o.itemsPath + " has several dimensions");
    const std::string modelPath = modelJsonPath(o.itemsPath);
    const MultidimModel model = parseModelJson(readCsvText(modelPath), modelPath);
    ResponseReadOptions read = o.read;
    for (const auto& p : calibrated.items) read.declaredMaxScores[p.id] = p.maxScore;
    const ResponseMatrix responses =
        o.readResponses ? o.readResponses(o.responsesPath, read) : readResponsesCsv(o.responsesPath, read);
    const std::vector<ItemParams> items = parametersOf(calibrated, responses, o.itemsPath, o.responsesPath);

    // The dimensions in the model's order, each item's from ITEMS.csv.
    DimensionMap dm;
    dm.names = model.dimensions;
    std::map<std::string, int> dimensionOfItem;
    for (size_t i = 0; i < calibrated.items.size(); ++i) {
        const auto at = std::find(dm.names.begin(), dm.names.end(), calibrated.dimension[i]);
        if (at == dm.names.end())
            throw Error(ErrorKind::Invalid, o.itemsPath + ": item " + calibrated.items[i].id + " is on dimension " +
                                                calibrated.dimension[i] + ", which " + modelPath + " does not have");
        dimensionOfItem[calibrated.items[i].id] = static_cast<int>(at - dm.names.begin());
    }
    for (size_t i = 0; i < responses.itemCount(); ++i) dm.ofItem.push_back(dimensionOfItem.at(responses.itemId(i)));
    if (o.method == EstimateMethod::Pv && o.plausibleValues < 1)
        throw Error(ErrorKind::Invalid, "pv needs at least one plausible value");
    PersonEstimateOptions po;
    po.wle = o.method == EstimateMethod::Wle;
    po.eap = o.method == EstimateMethod::Eap;
    po.plausibleValues = o.method == EstimateMethod::Pv ? o.plausibleValues : 0;
    po.seed = o.seed;
    // A dimension the responses have no item of is still in the model; its estimates come from
    // the others through the correlations, its WLE is empty.
    EstimateMultidimSummary s;
    MultidimPersons persons;
    if (o.backgroundPath) {
        if (o.method == EstimateMethod::Wle)
            throw Error(ErrorKind::Invalid, "--background conditions eap and pv; a WLE uses no population model");
        ComponentSummary components;
        const BackgroundDesign background =
            readBackgroundDesign(*o.backgroundPath, responses, o.backgroundComponents, &components);
        if (o.backgroundComponents) s.components = components;
        s.regression = fitMultidimRegression(responses, dm, items, model.population, background);
        if (!s.regression->converged)
            throw Error(ErrorKind::Invalid, "the latent regression on " + *o.backgroundPath +
                                                " did not converge: " + s.regression->problem);
        persons = estimateMultidimConditioned(responses, dm, items, model.population, background, *s.regression, po);
    } else {
        persons = estimateMultidimPersons(responses, dm, items, model.population, po);
    }
    writeFileAtomically(o.outPath, formatMultidimPersonsCsv(responses, dm, persons, o.method));
    s.persons = static_cast<int>(responses.personCount());
    for (size_t p = 0; p < responses.personCount(); ++p) {
        int max = 0;
        for (int k = 0; k < dm.count(); ++k) max += persons.maxScore[p * static_cast<size_t>(dm.count()) + k];
        s.personsWithoutItems += max == 0;
    }
    s.dimensions = dm.names;
    return s;
}

}  // namespace dlk
