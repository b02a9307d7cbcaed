#include "irt/items_csv.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <unordered_set>

#include "irt/csv_reader.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// An optional number: empty (or NA) is NaN; anything else must be a finite number.
double optionalNumber(const CsvReader& csv, const std::string& cell, const char* what) {
    const std::string t = trim(cell);
    if (t.empty() || t == "NA" || t == "NaN" || t == "nan") return kNaN;
    double v = 0;
    if (!parseDouble(t, v)) csv.fail(ErrorKind::Parse, std::string(what) + " '" + cell + "' is not a number");
    return v;
}

double requiredNumber(const CsvReader& csv, const std::string& cell, const std::string& what) {
    double v = 0;
    if (!parseDouble(trim(cell), v)) csv.fail(ErrorKind::Parse, what + " '" + cell + "' is not a number");
    return v;
}

const std::set<std::string> kStructuredKeys = {"population_mean", "population_sd", "scale",   "scale_theta_mean",
                                               "scale_theta_sd",  "scale_mean",    "scale_sd"};

}  // namespace

const ItemParams* CalibratedItems::find(const std::string& id) const {
    for (const auto& p : items)
        if (p.id == id) return &p;
    return nullptr;
}

bool CalibratedItems::provisional() const {
    auto it = metadata.find("provisional");
    return it != metadata.end() &&
           (it->second == "1" || toLowerAscii(it->second) == "yes" || toLowerAscii(it->second) == "true");
}

namespace {

// The population and reporting scale from the metadata (from `#` lines or the sidecar).
void applyMetadata(CalibratedItems& out, const std::string& sourceName) {
    out.population.reset();
    out.scale.reset();
    auto number = [&](const char* key) -> std::optional<double> {
        auto it = out.metadata.find(key);
        if (it == out.metadata.end()) return std::nullopt;
        double v = 0;
        if (!parseDouble(it->second, v))
            throw Error(ErrorKind::Parse, sourceName + ": " + key + " '" + it->second + "' is not a number");
        return v;
    };
    const auto pm = number("population_mean"), ps = number("population_sd");
    if (pm && ps) {
        if (!(*ps > 0)) throw Error(ErrorKind::Invalid, sourceName + ": population_sd must be positive");
        out.population = PopulationModel{*pm, *ps};
    }
    const auto sm = number("scale_theta_mean"), ss = number("scale_theta_sd");
    if (sm && ss) {
        if (!(*ss > 0)) throw Error(ErrorKind::Invalid, sourceName + ": scale_theta_sd must be positive");
        ReportingScale s;
        s.thetaMean = *sm;
        s.thetaSd = *ss;
        if (auto v = number("scale_mean")) s.scaleMean = *v;
        if (auto v = number("scale_sd")) s.scaleSd = *v;
        out.scale = s;
    } else if (out.population) {
        out.scale = ReportingScale::fromPopulation(*out.population);
    }
    if (auto it = out.metadata.find("scale"); it != out.metadata.end() && !it->second.empty())
        out.scaleName = it->second;
}

constexpr size_t kMaxMetadataKeys = 1000;  // a sidecar is a few lines; more is not ours

void readSidecar(CalibratedItems& out, const std::string& sidecarJson, const std::string& sidecarName) {
    const Json j = parseJson(sidecarJson, sidecarName);
    if (!j.is_object() || !j.contains("metadata") || !j.at("metadata").is_object())
        throw Error(ErrorKind::Parse, sidecarName + ": expected an object with a \"metadata\" object");
    if (j.at("metadata").size() > kMaxMetadataKeys)
        throw Error(ErrorKind::Invalid,
                    sidecarName + ": more than " + std::to_string(kMaxMetadataKeys) + " metadata keys");
    for (const auto& [key, value] : j.at("metadata").items()) {
        if (value.is_string())
            out.metadata[key] = value.get<std::string>();
        else if (value.is_number())
            out.metadata[key] = value.dump();
        else
            throw Error(ErrorKind::Parse, sidecarName + ": metadata " + key + " is neither text nor a number");
    }
}

}  // namespace

std::string itemsSidecarPath(const std::string& csvPath) {
    std::filesystem::path p(csvPath);
    if (p.extension() == ".json") return csvPath + ".json";  // never the CSV itself
    return p.replace_extension(".json").string();
}

CalibratedItems parseItemsCsv(std::string text, const std::string& sourceName, const std::string& sidecarJson,
                              const std::string& sidecarName) {
    CsvReader csv(std::move(text), sourceName);
    csv.setCommentChar('#');
    std::vector<std::string> cells;
    if (!csv.next(cells))
        throw Error(ErrorKind::Parse, sourceName + " has no header (item_id,max_score,delta,tau_1,...)");
    std::map<std::string, size_t> col;
    for (size_t c = 0; c < cells.size(); ++c) {
        const std::string h = trim(cells[c]);
        if (!h.empty() && !col.emplace(h, c).second) csv.fail(ErrorKind::Parse, "column " + h + " appears twice");
    }
    for (const char* need : {"item_id", "max_score", "delta"})
        if (!col.count(need)) csv.fail(ErrorKind::Parse, std::string("the header has no column ") + need);
    std::vector<size_t> tauCol;
    for (int k = 1;; ++k) {
        auto it = col.find("tau_" + std::to_string(k));
        if (it == col.end()) break;
        tauCol.push_back(it->second);
    }
    auto opt = [&](const char* name) -> std::optional<size_t> {
        auto it = col.find(name);
        return it == col.end() ? std::nullopt : std::optional<size_t>(it->second);
    };
    const auto cDeltaSe = opt("delta_se");
    const auto cDimension = opt("dimension");
    const auto cAnchored = opt("anchored"), cN = opt("n"), cP = opt("p_value"), cRest = opt("item_rest"),
               cIn = opt("infit"), cInT = opt("infit_t"), cOut = opt("outfit"), cOutT = opt("outfit_t");
    const bool hasStats = cN || cP || cRest || cIn || cOut;

    CalibratedItems out;
    std::unordered_set<std::string> seen;
    while (csv.next(cells)) {
        auto cell = [&](std::optional<size_t> c) -> std::string {
            return c && *c < cells.size() ? cells[*c] : std::string();
        };
        ItemParams p;
        p.id = trim(cell(col["item_id"]));
        if (p.id.empty()) csv.fail(ErrorKind::Parse, "item_id is empty");
        if (!seen.insert(p.id).second) csv.fail(ErrorKind::Invalid, "item " + p.id + " appears twice");
        int64_t max = 0;
        if (!parseInt64(cell(col["max_score"]), max) || max < 1 || max > ResponseMatrix::kScoreLimit)
            csv.fail(ErrorKind::Parse, "item " + p.id + ": max_score '" + cell(col["max_score"]) +
                                           "' is not a whole number 1.." + std::to_string(ResponseMatrix::kScoreLimit));
        p.maxScore = static_cast<int>(max);
        p.delta = requiredNumber(csv, cell(col["delta"]), "item " + p.id + ": delta");
        if (cDimension) {
            std::string dim = trim(cell(cDimension));
            if (dim.empty()) csv.fail(ErrorKind::Parse, "item " + p.id + ": dimension is empty");
            out.dimension.push_back(std::move(dim));
        }
        if (cDeltaSe) {
            const double se = optionalNumber(csv, cell(cDeltaSe), "delta_se");
            if (se < 0)
                csv.fail(ErrorKind::Invalid, "item " + p.id + ": delta_se " + formatNumber(se) + " is negative");
            out.deltaSe.push_back(se);
        }
        if (max > 1 && tauCol.size() < static_cast<size_t>(max))
            csv.fail(ErrorKind::Parse, "item " + p.id + " has max_score " + std::to_string(max) +
                                           " but the header has only " + std::to_string(tauCol.size()) +
                                           " tau columns");
        double sum = 0;
        for (int k = 1; k <= p.maxScore; ++k) {
            const std::string c =
                k <= static_cast<int>(tauCol.size()) ? cell(tauCol[static_cast<size_t>(k - 1)]) : std::string();
            if (p.maxScore == 1 && trim(c).empty()) {
                p.tau.push_back(0);
                continue;
            }
            p.tau.push_back(requiredNumber(csv, c, "item " + p.id + ": tau_" + std::to_string(k)));
            sum += p.tau.back();
        }
        for (size_t k = static_cast<size_t>(p.maxScore); k < tauCol.size(); ++k) {
            const double extra = optionalNumber(csv, cell(tauCol[k]), "tau");
            if (std::isfinite(extra) && extra != 0)
                csv.fail(ErrorKind::Invalid, "item " + p.id + " has max_score " + std::to_string(p.maxScore) +
                                                 " but a value in tau_" + std::to_string(k + 1));
        }
        // Taus are deviations from delta. Rounding in a hand-made file is forgiven (the steps are
        // kept and delta re-centred); anything larger is a different parametrisation, refused.
        if (std::fabs(sum) > 1e-3)
            csv.fail(ErrorKind::Invalid, "item " + p.id + ": the tau values sum to " + formatNumber(sum) +
                                             ", but they are deviations from delta and must sum to 0");
        if (std::fabs(sum) > 1e-12) {  // below that it is the last bit of a written double
            const double mean = sum / p.maxScore;
            p.delta += mean;
            for (double& t : p.tau) t -= mean;
        }
        const std::string a = trim(cell(cAnchored));
        p.anchored = a == "1" || toLowerAscii(a) == "true";
        if (hasStats) {
            ItemStatistics s;
            const double n = optionalNumber(csv, cell(cN), "n");
            s.n = std::isfinite(n) ? static_cast<int>(n) : 0;
            s.pValue = optionalNumber(csv, cell(cP), "p_value");
            s.mean = std::isfinite(s.pValue) ? s.pValue * p.maxScore : kNaN;
            s.itemRest = optionalNumber(csv, cell(cRest), "item_rest");
            s.infit = optionalNumber(csv, cell(cIn), "infit");
            s.infitT = optionalNumber(csv, cell(cInT), "infit_t");
            s.outfit = optionalNumber(csv, cell(cOut), "outfit");
            s.outfitT = optionalNumber(csv, cell(cOutT), "outfit_t");
            out.statistics.push_back(s);
        }
        out.items.push_back(std::move(p));
    }
    if (out.items.empty()) throw Error(ErrorKind::Invalid, sourceName + " has no items");

    for (const std::string& c : csv.comments()) {
        const auto eq = c.find('=');
        if (eq == std::string::npos) continue;
        out.metadata[trim(c.substr(0, eq))] = trim(c.substr(eq + 1));
    }
    if (!sidecarJson.empty()) readSidecar(out, sidecarJson, sidecarName);  // after the `#` lines: it wins
    applyMetadata(out, sidecarJson.empty() ? sourceName : sidecarName);
    return out;
}

CalibratedItems readItemsCsv(const std::string& path) {
    std::string text = readCsvText(path);
    const std::string sidecar = itemsSidecarPath(path);
    std::error_code ec;
    // A file from before the sidecar carries its metadata in `#` lines and has none.
    if (!std::filesystem::exists(sidecar, ec)) return parseItemsCsv(std::move(text), path);
    return parseItemsCsv(std::move(text), path, readCsvText(sidecar), sidecar);
}

std::string formatItemsMetadata(const CalibratedItems& c) {
    Json metadata = Json::object();
    if (c.population) {
        metadata["population_mean"] = formatNumber(c.population->mean);
        metadata["population_sd"] = formatNumber(c.population->sd);
    }
    metadata["scale"] = c.scaleName;
    if (c.scale) {
        metadata["scale_theta_mean"] = formatNumber(c.scale->thetaMean);
        metadata["scale_theta_sd"] = formatNumber(c.scale->thetaSd);
        metadata["scale_mean"] = formatNumber(c.scale->scaleMean);
        metadata["scale_sd"] = formatNumber(c.scale->scaleSd);
    }
    for (const auto& [k, v] : c.metadata)
        if (!kStructuredKeys.count(k)) metadata[k] = v;
    Json j = Json::object();
    j["description"] =
        "dlkiosk ITEMS.csv: partial credit model (Rasch for 0/1 items) in logits; delta = item location (mean of the "
        "step difficulties), delta_se = its standard error, tau_j = step j difficulty - delta";
    j["metadata"] = std::move(metadata);
    return j.dump(2) + "\n";
}

std::string formatItemsCsv(const CalibratedItems& c) {
    // A plain CSV: one header row, no comment lines, so R's read.csv and pandas' read_csv load it
    // with their defaults. The metadata goes to the sidecar (formatItemsMetadata).
    std::string out;
    int k = 1;
    for (const auto& p : c.items) k = std::max(k, p.maxScore);
    const bool dimensions = c.dimension.size() == c.items.size();
    out += dimensions ? "item_id,max_score,dimension,delta,delta_se" : "item_id,max_score,delta,delta_se";
    for (int j = 1; j <= k; ++j) out += ",tau_" + std::to_string(j);
    out += ",anchored,n,p_value,item_rest,infit,infit_t,outfit,outfit_t\n";
    for (size_t i = 0; i < c.items.size(); ++i) {
        const ItemParams& p = c.items[i];
        appendCell(out, p.id);
        out += ',' + std::to_string(p.maxScore) + ',';
        if (dimensions) {
            appendCell(out, c.dimension[i]);
            out += ',';
        }
        appendNumber(out, p.delta);
        out += ',';
        // An anchored location was not estimated here: no SE (NaN is written as an empty cell too).
        if (c.deltaSe.size() == c.items.size() && !p.anchored) appendNumber(out, c.deltaSe[i]);
        for (int j = 1; j <= k; ++j) {
            out += ',';
            if (j <= p.maxScore) appendNumber(out, p.tau[static_cast<size_t>(j - 1)]);
        }
        out += p.anchored ? ",1" : ",0";
        if (i < c.statistics.size()) {
            const ItemStatistics& s = c.statistics[i];
            out += ',' + std::to_string(s.n);
            for (double v : {s.pValue, s.itemRest, s.infit, s.infitT, s.outfit, s.outfitT}) {
                out += ',';
                appendNumber(out, v);
            }
        } else {
            out += ",,,,,,,";
        }
        out += '\n';
    }
    return out;
}

void writeItemsCsv(const std::string& path, const CalibratedItems& items) {
    // The sidecar first: a CSV is never left beside an older sidecar that does not belong to it.
    writeFileAtomically(itemsSidecarPath(path), formatItemsMetadata(items));
    writeFileAtomically(path, formatItemsCsv(items));
}

EstimateMethod estimateMethodFromName(const std::string& name) {
    if (name == "wle") return EstimateMethod::Wle;
    if (name == "eap") return EstimateMethod::Eap;
    if (name == "pv") return EstimateMethod::Pv;
    throw Error(ErrorKind::Invalid, "the method must be wle, eap or pv, not '" + name + "'");
}

std::string formatPersonsCsv(const ResponseMatrix& responses, const PersonEstimates& e, const PersonsCsvOptions& o) {
    const size_t persons = responses.personCount();
    const bool pv = o.method == EstimateMethod::Pv;
    const std::vector<ThetaEstimate>& est = o.method == EstimateMethod::Wle ? e.wle : e.eap;
    if (pv ? e.pvCount < 1 || e.pv.size() != persons * static_cast<size_t>(e.pvCount) : est.size() != persons)
        throw Error(ErrorKind::Invalid, "the estimates for PERSONS.csv were not computed");
    const bool levels = !pv && o.scale && o.levels;
    if (levels) (void)o.levels->levels(o.levelScale);  // NotFound before anything is written

    std::string out;
    out.reserve(persons * 64);
    out += "person_id";
    if (pv)
        for (int m = 1; m <= e.pvCount; ++m) out += ",pv" + std::to_string(m);
    else
        out += ",theta,se";
    out += ",raw_score,max_score";
    if (o.scale) {
        if (pv)
            for (int m = 1; m <= e.pvCount; ++m) out += ",pv" + std::to_string(m) + "_scale";
        else
            out += ",scale_score,scale_se";
    }
    if (levels) out += ",level,level_probability,level_low,level_high";
    out += '\n';
    for (size_t p = 0; p < persons; ++p) {
        appendCell(out, responses.personId(p));
        const bool has = e.maxScore[p] > 0;
        if (pv) {
            for (int m = 0; m < e.pvCount; ++m) {
                out += ',';
                if (has) appendNumber(out, e.plausibleValue(p, m));
            }
        } else {
            out += ',';
            if (has) appendNumber(out, est[p].theta);
            out += ',';
            if (has) appendNumber(out, est[p].se);
        }
        out += ',' + std::to_string(e.rawScore[p]) + ',' + std::to_string(e.maxScore[p]);
        if (o.scale) {
            if (pv) {
                for (int m = 0; m < e.pvCount; ++m) {
                    out += ',';
                    if (has) appendNumber(out, o.scale->toScale(e.plausibleValue(p, m)));
                }
            } else {
                out += ',';
                if (has) appendNumber(out, o.scale->toScale(est[p].theta));
                out += ',';
                if (has) appendNumber(out, o.scale->seToScale(est[p].se));
            }
        }
        if (levels) {
            if (has) {
                const LevelPlacement lp =
                    o.levels->place(o.levelScale, o.scale->toScale(est[p].theta), o.scale->seToScale(est[p].se));
                out += ',' + std::to_string(lp.level) + ',';
                appendNumber(out, lp.probability);
                out += ',' + std::to_string(lp.lowest) + ',' + std::to_string(lp.highest);
            } else {
                out += ",,,,";
            }
        }
        out += '\n';
    }
    return out;
}

void writePersonsCsv(const std::string& path, const ResponseMatrix& responses, const PersonEstimates& estimates,
                     const PersonsCsvOptions& options) {
    writeFileAtomically(path, formatPersonsCsv(responses, estimates, options));
}

const std::vector<double>& PersonsTable::column(const std::string& name) const {
    for (size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == name) return values[c];
    throw Error(ErrorKind::NotFound, "PERSONS.csv has no column " + name);
}

PersonsTable parsePersonsCsv(std::string text, const std::string& sourceName) {
    CsvReader csv(std::move(text), sourceName);
    std::vector<std::string> cells;
    if (!csv.next(cells)) throw Error(ErrorKind::Parse, sourceName + " is empty");
    if (trim(cells[0]) != "person_id") csv.fail(ErrorKind::Parse, "the first column must be person_id");
    PersonsTable t;
    for (size_t c = 1; c < cells.size(); ++c) t.columns.push_back(trim(cells[c]));
    t.values.resize(t.columns.size());
    while (csv.next(cells)) {
        if (cells.size() != t.columns.size() + 1)
            csv.fail(ErrorKind::Parse, std::to_string(cells.size()) + " cells, but the header has " +
                                           std::to_string(t.columns.size() + 1));
        t.personIds.push_back(cells[0]);
        for (size_t c = 0; c < t.columns.size(); ++c)
            t.values[c].push_back(optionalNumber(csv, cells[c + 1], t.columns[c].c_str()));
    }
    return t;
}

PersonsTable readPersonsCsv(const std::string& path) {
    return parsePersonsCsv(readCsvText(path), path);
}

}  // namespace dlk
