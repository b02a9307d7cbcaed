#include "export/csv_export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "bank/icils.h"
#include "delivery/process_log.h"
#include "export/atomic_file.h"
#include "export/data_package.h"
#include "export/disclosure.h"
#include "export/free_text.h"
#include "export/manifest.h"
#include "export/sql_scripts.h"
#include "export/workbook.h"
#include "irt/person_estimates.h"
#include "irt/random.h"
#include "irt/score_groups.h"
#include "results/class_results.h"
#include "results/response_status.h"
#include "school/background.h"
#include "school/incidents.h"
#include "school/school_store.h"
#include "security/pseudonym.h"
#include "security/signing.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;

void appendCsvCell(std::string& out, std::string_view v) {
    bool quote = false;
    for (char c : v)
        if (c == ',' || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    bool guard = false;  // a leading = + - @ that a spreadsheet would take for a formula
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@') && v != "-") {
        double d;
        guard = !parseDouble(std::string(v), d);  // a negative number stays a number
    }
    if (!quote) {
        if (guard) out += '\'';
        out.append(v);
        return;
    }
    out += '"';
    if (guard) out += '\'';
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void appendCsvLine(std::string& out, const std::vector<std::string>& cells) {
    for (size_t c = 0; c < cells.size(); ++c) {
        if (c) out += ',';
        appendCsvCell(out, cells[c]);
    }
    out += '\n';
}

std::string csvCell(const std::string& s) {
    std::string out;
    appendCsvCell(out, s);
    return out;
}

namespace {

// The codebook is datapackage.json (export/data_package.h); this file only points there, for
// whoever opens the folder without a tool that reads it.
const char* kReadme = R"(dlkiosk export
==============
Anonymised results of one school: pupils appear only as keyed pseudonyms (the key stays at the
school), with no names, pupil codes, class or school names, dates or language choices. Rows are
sorted by pseudonym, never in the order pupils were entered.

The codebook is datapackage.json, a Frictionless Data Package (https://specs.frictionlessdata.io/):
every file's columns with their types, descriptions, missing values (an empty cell) and keys.

  pupils.csv         one row per pupil: school and class pseudonyms, accommodations (0/1), generalised
                     until every combination is shared by 5 pupils or more (see disclosure.csv)
  disclosure.csv     what was generalised, pooled or left out, and why
  summary.csv        per class and domain: pupils, mean score, share at half or more; groups of
                     5 pupils or fewer are left empty, shares clamped to 5-95%
  module_status.csv  each pupil's modules: finished, time_up, stopped, not_started
  responses.csv      one row per item of every module a pupil was given, with its status:
                     answered, empty, not_reached, not_shown, not_yet_scored, cannot_be_scored;
                     typed answers are left out (free_text_withheld = 1) unless the export was
                     made with --free-text
  scores.csv         per pupil and scale (total and the four domains): raw score and maximum, and
                     with the bank's item parameters the WLE and its SE, five plausible values,
                     the scale score and the level
  items.csv          the items: domain, kerndoelen, ICILS strand and aspect, maximum score,
                     human or machine scored, item parameters
  events.csv         the process data, times in ms since the attempt started; only in an export
                     made with --events (datapackage.json says whether it is there)
)";

// A pupil's raw score in one domain of the modules started.
struct Total {
    double raw = 0, max = 0;
    int unscorable = 0, notYetScored = 0;
};

// A pupil's row of scores.csv for one scale: the raw score as Total, and what the estimate uses.
struct ScaleRow {
    Total total;
    std::vector<const ItemParams*> items;  // scored items with parameters (the calibration's), score in their range
    std::vector<int> scores;               // aligned with items
};

constexpr int kPlausibleValues = 5;
// The scales of scores.csv: the total, then the domains in the order of responses.csv's domain.
constexpr const char* kTotalScale = "total";

// A number to `decimals` places, without trailing zeros (0.5, 12, -1.2345); empty for NaN or infinity.
std::string rounded(double v, int decimals) {
    if (!std::isfinite(v)) return "";
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, v);
    std::string s = text;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

// scores.csv: per pupil and scale, the raw score and, with item parameters, the estimates as the teacher's screen
// makes them (irt/irt_pipeline.h scalePupil: Warm's WLE on the pupil's items with parameters, the reporting scale,
// the level placed by the level table) and five plausible values drawn under the calibration's population model
// (irt/person_estimates.h). A domain's estimate uses the domain's items with the same (one-dimensional)
// parameters; its level only when the level table has cut-points for that domain.
void writeScores(std::ostream& out, const std::map<std::pair<std::string, std::string>, ScaleRow>& rows,
                 const ExportOptions& options) {
    out << "pupil,scale,raw_score,max_score,unscorable_items,not_yet_scored_items,scale_items,wle,wle_se";
    for (int m = 1; m <= kPlausibleValues; ++m) out << ",pv" << m;
    out << ",scale_score,scale_se,level\n";
    const CalibratedItems* calibration = options.calibration;
    // Plausible values per scale from one pass over its pupils (estimatePersons draws per score group).
    std::map<std::pair<std::string, std::string>, std::vector<double>> pvs;
    if (calibration && calibration->population && calibration->population->sd > 0) {
        std::map<std::string, std::vector<std::pair<std::string, const ScaleRow*>>> byScale;
        for (const auto& [k, row] : rows)
            if (!row.items.empty()) byScale[k.second].push_back({k.first, &row});
        for (const auto& [scale, pupils] : byScale) {
            std::vector<std::string> persons, itemIds;
            std::unordered_map<const ItemParams*, size_t> column;  // the calibration's items: one per id
            std::vector<ItemParams> params;
            for (const auto& [pid, row] : pupils) {
                persons.push_back(pid);
                for (const ItemParams* p : row->items)
                    if (column.try_emplace(p, itemIds.size()).second) {
                        itemIds.push_back(p->id);
                        params.push_back(*p);
                    }
            }
            ResponseMatrix matrix(persons, itemIds);
            for (size_t i = 0; i < params.size(); ++i) matrix.declareMaxScore(i, params[i].maxScore);
            for (size_t p = 0; p < pupils.size(); ++p) {
                const ScaleRow& row = *pupils[p].second;
                for (size_t i = 0; i < row.items.size(); ++i)
                    matrix.setScore(p, column.at(row.items[i]), row.scores[i]);
            }
            PersonEstimateOptions estimateOptions;
            estimateOptions.wle = false;
            estimateOptions.eap = false;
            estimateOptions.plausibleValues = kPlausibleValues;
            estimateOptions.seed ^= stableHash(scale);  // a pupil's draws differ between scales
            const PersonEstimates e =
                estimatePersons(matrix, summariseDesign(matrix), params, *calibration->population, estimateOptions);
            for (size_t p = 0; p < pupils.size(); ++p) {
                auto& v = pvs[{pupils[p].first, scale}];
                for (int m = 0; m < kPlausibleValues; ++m) v.push_back(e.plausibleValue(p, m));
            }
        }
    }
    // The WLE depends on the items and the raw score alone: pupils given the same booklet with the same raw score
    // share it.
    std::unordered_map<std::string, ThetaEstimate> wleOf;
    std::string wleKey;
    std::vector<ItemParams> given;
    for (const auto& [k, row] : rows) {  // a map: in pseudonym order already
        const Total& t = row.total;
        out << k.first << ',' << k.second << ',' << formatDouble(t.raw) << ',' << formatDouble(t.max) << ','
            << t.unscorable << ',' << t.notYetScored << ',' << row.items.size();
        std::string wle, se, scaleScore, scaleSe, level;
        if (!row.items.empty()) {
            wleKey.assign(reinterpret_cast<const char*>(row.items.data()),
                          row.items.size() * sizeof(const ItemParams*));
            int raw = 0;
            for (int score : row.scores) raw += score;
            wleKey.append(reinterpret_cast<const char*>(&raw), sizeof raw);
            auto [known, added] = wleOf.try_emplace(wleKey);
            if (added) {
                given.clear();
                for (const ItemParams* p : row.items) given.push_back(*p);
                known->second = estimateWle(given, row.scores);
            }
            const ThetaEstimate theta = known->second;
            wle = rounded(theta.theta, 4);
            se = rounded(theta.se, 4);
            if (calibration->scale && std::isfinite(theta.theta) && std::isfinite(theta.se)) {
                const double score = calibration->scale->toScale(theta.theta);
                const double scoreSe = calibration->scale->seToScale(theta.se);
                scaleScore = rounded(score, 1);
                scaleSe = rounded(scoreSe, 1);
                const std::string levelScale = k.second == kTotalScale ? calibration->scaleName : k.second;
                if (options.levels && options.levels->hasScale(levelScale))
                    level = std::to_string(options.levels->place(levelScale, score, scoreSe).level);
            }
        }
        out << ',' << wle << ',' << se;
        const auto found = pvs.find(k);
        for (int m = 0; m < kPlausibleValues; ++m)
            out << ',' << (found == pvs.end() ? std::string() : rounded(found->second[static_cast<size_t>(m)], 4));
        out << ',' << scaleScore << ',' << scaleSe << ',' << level << '\n';
    }
}

// disclosure.csv: one row per thing the disclosure control did to a group, in the order of export/disclosure.h.
std::vector<std::pair<std::string, std::string>> disclosureActions(const DisclosureStep& step) {
    const std::string k = std::to_string(kMinPupilGroup);
    const std::string tooFew =
        "some combination of the pupils' class, accommodations and background had fewer than " + k + " pupils";
    std::vector<std::pair<std::string, std::string>> out;
    if (step.suppressed) {
        out.push_back({"left_out", "the classes with fewer than " + k + " pupils hold " + std::to_string(step.pupils) +
                                       " together, too few to hide one pupil among them: left out of every file"});
        return out;
    }
    if (step.classWithheld)
        out.push_back({"class_withheld", "classes with fewer than " + k + " pupils are pooled without their class"});
    if (step.detail == AccommodationDetail::Any)
        out.push_back({"accommodations_as_any", "some combination of accommodations had fewer than " + k +
                                                    " pupils: only whether a pupil has any is shown"});
    if (step.ageBanded) out.push_back({"age_banded", tooFew + ": the age is shown in two-year bands (step 2)"});
    if (step.genderWithheld) out.push_back({"gender_withheld", tooFew + ": the gender is left out (step 3)"});
    if (step.tracksMerged)
        out.push_back({"tracks_merged", tooFew + ": vmbo-bk, vmbo-gt and pro are shown as vmbo, havo and vwo as "
                                                 "havo-vwo (step 4)"});
    if (step.detail == AccommodationDetail::None)
        out.push_back({"accommodations_withheld", "fewer than " + k +
                                                      " pupils had (or had no) accommodations: none "
                                                      "are shown"});
    if (step.ageWithheld)
        out.push_back({"age_withheld", tooFew + " even with age bands: the age is left out (step 6)"});
    if (step.gradeAndTrackWithheld)
        out.push_back({"grade_and_track_withheld", tooFew + ": grade and track are left out (step 7)"});
    return out;
}

// summary.csv: per group (a class's pseudonym, or other_classes for the pooled small classes) and
// domain (all, or one), the pupils with a score there, their mean percentage of the maximum and
// the share of them at half the maximum or more. Cells of groups of 5 pupils or fewer are empty,
// with the group that would give them away (export/disclosure.h); whole_school is the total. `rows` are scores.csv's:
// the domains' raw scores are used, "all" adds them up.
int writeAggregates(std::ostream& out, const std::string& school,
                    const std::map<std::pair<std::string, std::string>, ScaleRow>& rows,
                    const std::map<std::string, std::string>& groupOf) {
    struct Cell {
        int n = 0;
        double percentSum = 0;
        int halfOrMore = 0;
        void add(double percent) {
            ++n;
            percentSum += percent;
            halfOrMore += percent >= 50;
        }
    };
    // domain -> group -> cell; a pupil's "all" adds up the domains.
    std::map<std::string, std::map<std::string, Cell>> cells;
    std::map<std::string, Total> overall;  // pseudonym -> all domains
    for (const auto& [key, row] : rows) {
        const Total& t = row.total;
        if (key.second == kTotalScale || t.max <= 0) continue;
        cells[key.second][groupOf.at(key.first)].add(100 * t.raw / t.max);
        overall[key.first].raw += t.raw;
        overall[key.first].max += t.max;
    }
    for (const auto& [pid, t] : overall)
        if (t.max > 0) cells["all"][groupOf.at(pid)].add(100 * t.raw / t.max);

    int suppressedCells = 0;
    // In key order (group, domain), as every file of the export and as dlkiosk merge writes them.
    std::map<std::pair<std::string, std::string>, std::string> lines;
    auto row = [&](const std::string& group, const std::string& domain, const Cell& c, Suppression s) {
        std::ostringstream line;
        line << school << ',' << group << ',' << domain << ',';
        if (s == Suppression::None)
            line << c.n << ',' << formatDouble(std::round(clampShare(c.percentSum / c.n) * 10) / 10) << ','
                 << formatDouble(std::round(clampShare(100.0 * c.halfOrMore / c.n) * 10) / 10) << ",\n";
        else {
            line << ",,," << suppressionName(s) << '\n';
            ++suppressedCells;
        }
        lines[{group, domain}] = line.str();
    };
    for (const auto& [domain, groups] : cells) {
        Cell total;
        std::vector<int> sizes;
        for (const auto& [group, c] : groups) {
            total.n += c.n;
            total.percentSum += c.percentSum;
            total.halfOrMore += c.halfOrMore;
            sizes.push_back(c.n);
        }
        row("whole_school", domain, total, suppressionOfTotal(total.n));
        const std::vector<Suppression> suppressed = suppressGroups(sizes);
        size_t i = 0;
        for (const auto& [group, c] : groups) row(group, domain, c, suppressed[i++]);
    }
    for (const auto& [key, line] : lines) out << line;
    return suppressedCells;
}

}  // namespace

ExportSummary exportCsv(Database& db, const ItemBank& bank, const std::string& folder, SchoolStore& schoolStore,
                        const ExportOptions& options) {
    const std::string key = schoolStore.pseudonymKey();  // before anything is created: locked is refused
    const std::string school = schoolPseudonym(key);     // keeps this school's rows apart in a merge
    // The export holds every class of the school, while a teacher's PIN opens only their own
    // classes: only an administrator (who manages the school's keys) hands the school's data on.
    if (!schoolStore.loggedInAsAdmin())
        throw Error(ErrorKind::Auth,
                    "the export holds the whole school's results, so it needs an administrator's PIN (a teacher's "
                    "PIN opens only their own classes); nothing was written");
    // The export is signed with the school's key (export/manifest.h), so whoever receives it can
    // check that nothing was changed on the way: the key is opened before anything is written.
    const std::unique_ptr<SigningKey> signer = schoolStore.signingKey();
    const TextScreen textScreen = TextScreen::fromSchool(schoolStore);
    prepareOutputFolder(folder);

    // Disclosure control first (export/disclosure.h): a pupil left out is in no file at all.
    struct PupilRow {
        PupilQuasiIdentifiers qi;
        std::string classPseudonym;
    };
    std::vector<PupilRow> pupilRows;
    {
        // The background variables (school/background.h) as the pupil file may show them: the age in whole years at
        // the pupil's first session (never the birth date), none for a pupil who has not started.
        const std::map<int64_t, PupilBackground> backgrounds = loadBackgrounds(db);
        auto st = db.prepare(
            "SELECT id, class_id, text_scale_pct > 100, high_contrast != 0, extra_time_pct > 0, dyslexia_font != 0, "
            "read_aloud != 0, (SELECT min(started_at) FROM attempts a WHERE a.pupil_id=pupils.id) FROM pupils");
        while (st.step()) {
            PupilRow row;
            row.qi.pupilId = st.getInt(0);
            row.qi.classId = st.getInt(1);
            for (int i = 0; i < kAccommodationCount; ++i)
                row.qi.accommodations[static_cast<size_t>(i)] = st.getInt(2 + i) != 0;
            if (auto b = backgrounds.find(row.qi.pupilId); b != backgrounds.end()) {
                row.qi.grade = b->second.grade;
                row.qi.track = b->second.track;
                row.qi.gender = b->second.gender;
                int64_t year = 0, month = 0;
                const std::string started = st.isNull(7) ? std::string() : st.getText(7);  // isoTimestamp: YYYY-MM-..
                if (started.size() >= 7 && parseInt64(started.substr(0, 4), year) &&
                    parseInt64(started.substr(5, 2), month) && month >= 1 && month <= 12)
                    row.qi.age = ageAt(b->second, static_cast<int>(year), static_cast<int>(month));
            }
            row.classPseudonym = classPseudonym(key, row.qi.classId);
            pupilRows.push_back(std::move(row));
        }
    }
    std::vector<PupilQuasiIdentifiers> quasiIdentifiers;
    for (const auto& r : pupilRows) quasiIdentifiers.push_back(r.qi);
    const PupilDisclosure disclosure = protectPupilFile(quasiIdentifiers);
    auto leftOut = [&](int64_t pupilId) { return disclosure.suppressed(pupilId); };

    const auto rows = scoreItems(db, bank, 0);
    // Items and pupils are written as (sort key, line), sorted.
    using Line = std::pair<std::tuple<std::string, std::string, std::string>, std::string>;
    auto writeSorted = [](std::ostream& out, std::vector<Line>& lines) {
        std::sort(lines.begin(), lines.end());
        for (const auto& [sortKey, line] : lines) out << line;
    };
    const auto progress = moduleProgress(db, bank, 0);
    ExportSummary summary;
    summary.folder = folder;
    summary.pupilsLeftOut = disclosure.suppressedCount();

    std::map<int64_t, std::string> pseudonyms;
    auto pseudonymOf = [&](int64_t pupilId) -> const std::string& {
        auto [it, added] = pseudonyms.try_emplace(pupilId);
        if (added) it->second = pupilPseudonym(key, pupilId);
        return it->second;
    };
    // scoreItems gives each attempt's rows together, one per item of its module variant in module order: where
    // a pupil's module starts.
    std::unordered_map<std::string, size_t> firstRowOf;  // pupil id and module
    const auto attemptKey = [](int64_t pupilId, const std::string& moduleId) {
        return std::to_string(pupilId) + '\x1f' + moduleId;
    };
    for (size_t i = 0; i < rows.size(); ++i) firstRowOf.try_emplace(attemptKey(rows[i].pupilId, rows[i].moduleId), i);
    std::unordered_map<std::string, const ItemParams*> paramsOf;  // CalibratedItems::find, without its search
    if (options.calibration)
        for (const ItemParams& p : options.calibration->items) paramsOf.try_emplace(p.id, &p);
    // Every string of every answer is screened, typed or not (an identifier in a hostile item could be a name as
    // well); answers repeat, and each distinct one is screened once.
    std::unordered_map<std::string, std::string> screenedAnswer;
    std::unordered_map<const Item*, std::pair<bool, double>> factsOf;  // holds free text, maximum score

    // The rows in the files' order without sorting them: the pupils' modules by pseudonym and module, and each
    // module's items by identifier.
    std::vector<const ModuleProgress*> modulesInOrder;
    for (const ModuleProgress& p : progress)
        if (!leftOut(p.pupilId)) modulesInOrder.push_back(&p);
    std::sort(modulesInOrder.begin(), modulesInOrder.end(), [&](const ModuleProgress* x, const ModuleProgress* y) {
        const int c = pseudonymOf(x->pupilId).compare(pseudonymOf(y->pupilId));
        return c != 0 ? c < 0 : x->moduleId < y->moduleId;
    });
    std::map<const Module*, std::vector<size_t>> itemOrder;  // a module's refs in identifier order
    for (const ModuleProgress* p : modulesInOrder) {
        const Module* module = bank.findModule(p->moduleId);  // moduleProgress lists modules of the bank only
        auto [it, added] = itemOrder.try_emplace(module);
        if (!added) continue;
        for (size_t i = 0; i < module->refs.size(); ++i) it->second.push_back(i);
        std::sort(it->second.begin(), it->second.end(),
                  [&](size_t x, size_t y) { return module->refs[x].identifier < module->refs[y].identifier; });
    }

    std::string responseText =
        "pupil,module,item,domain,answered,response,free_text_withheld,score,max_score,status,"
        "reason\n";
    std::string moduleText = "pupil,module,status\n";
    std::map<std::pair<std::string, std::string>, ScaleRow> scaleRows;  // (pseudonym, total or domain)
    // One pupil's, added to those when the next pupil comes: in pseudonym order, so always at their end.
    std::map<std::string, ScaleRow> pupilScales;
    const std::string* pupilOfScales = nullptr;
    const auto addPupilScales = [&] {
        for (auto& [scale, row] : pupilScales)
            scaleRows.emplace_hint(scaleRows.end(), std::make_pair(*pupilOfScales, scale), std::move(row));
        pupilScales.clear();
    };
    std::set<int64_t> pupils;
    for (const ModuleProgress* progressOfModule : modulesInOrder) {
        const ModuleProgress& p = *progressOfModule;
        const std::string& pid = pseudonymOf(p.pupilId);
        if (pupilOfScales != &pid) {
            if (pupilOfScales) addPupilScales();
            pupilOfScales = &pid;
        }
        moduleText += pid + ',';
        appendCsvCell(moduleText, p.moduleId);
        moduleText += ',' + std::string(moduleStatusName(p.status)) + '\n';
        ++summary.moduleRows;
        const Module& module = *bank.findModule(p.moduleId);
        if (p.status != ModuleStatus::NotStarted) pupils.insert(p.pupilId);
        const auto first = firstRowOf.find(attemptKey(p.pupilId, p.moduleId));
        for (size_t i : itemOrder.at(&module)) {
            const std::string& itemId = module.refs[i].identifier;
            const ItemScoreRow* r = nullptr;
            if (first != firstRowOf.end() && first->second + i < rows.size()) {
                const ItemScoreRow& candidate = rows[first->second + i];
                if (candidate.pupilId == p.pupilId && candidate.moduleId == p.moduleId && candidate.itemId == itemId)
                    r = &candidate;
            }
            const ResponseStatus status = responseStatus(p, itemId, static_cast<int>(i) + 1, r);
            const Item& item = *module.variant(r ? r->language : std::string("nl")).items.at(i);
            auto [itemFacts, newItem] = factsOf.try_emplace(&item);
            if (newItem) itemFacts->second = {holdsFreeText(item), item.maxScore()};  // each walks the item
            const bool freeText = itemFacts->second.first;
            const std::string* response = nullptr;
            bool withheld = false;
            if (freeText && !options.freeText) {
                withheld = true;
                ++summary.freeTextWithheld;
            } else if (r) {
                auto [screened, added] = screenedAnswer.try_emplace(r->responsesJson);
                if (added) {
                    Json value = parseJson(r->responsesJson, "response");
                    textScreen.screenJson(value);
                    screened->second = dumpJson(value);
                }
                response = &screened->second;
            }
            const bool counted = r && r->scored() && !r->awaitingTeacher;
            responseText += pid + ',';
            appendCsvCell(responseText, p.moduleId);
            responseText += ',';
            appendCsvCell(responseText, itemId);
            responseText += ',';
            responseText += domainId(module.refs[i].domain);
            responseText += r && r->answered ? ",1," : ",0,";
            if (response) appendCsvCell(responseText, *response);
            responseText += withheld ? ",1," : ",0,";
            if (counted) responseText += formatDouble(r->score);
            responseText +=
                ',' + formatDouble(r ? r->maxScore : itemFacts->second.second) + ',' + responseStatusName(status) + ',';
            if (r) appendCsvCell(responseText, r->unscorable);
            responseText += '\n';
            ++summary.responseRows;
            if (!r) continue;  // a module not started is in no total
            if (!r->scored()) ++summary.unscorableRows;
            // The same item in the total and in its domain. A human criterion not yet scored counts nowhere; an item
            // without parameters (or whose score lies outside them) counts in the raw score, not in the estimate.
            // The estimate uses what the class report's does (results/class_report.cpp): an item with rubric
            // criteria by its calibration units (the machine's part, each criterion with a final score).
            const int whole = static_cast<int>(std::lround(r->score));
            for (const std::string& scale : {std::string(kTotalScale), std::string(domainId(r->domain))}) {
                ScaleRow& sr = pupilScales[scale];
                if (r->scored() && r->awaitingTeacher) {
                    ++sr.total.notYetScored;
                } else if (r->scored()) {
                    sr.total.raw += r->score;
                    sr.total.max += r->maxScore;
                } else {
                    ++sr.total.unscorable;
                }
                if (!r->scored() || !options.calibration) continue;
                const auto estimateWith = [&](const std::string& unitId, int score) {
                    const auto found = paramsOf.find(unitId);
                    const ItemParams* params = found == paramsOf.end() ? nullptr : found->second;
                    if (!params || score < 0 || score > params->maxScore) return;
                    sr.items.push_back(params);
                    sr.scores.push_back(score);
                };
                if (!r->units.empty())
                    for (const UnitScore& u : r->units) estimateWith(u.unitId, u.score);
                else if (!r->awaitingTeacher)
                    estimateWith(itemId, whole);
            }
        }
    }
    if (pupilOfScales) addPupilScales();
    summary.pupils = static_cast<int>(pupils.size());

    AtomicFile responses(fs::path(folder) / "responses.csv");
    responses.out().write(responseText.data(), static_cast<std::streamsize>(responseText.size()));
    std::string().swap(responseText);

    AtomicFile modules(fs::path(folder) / "module_status.csv");
    modules.out() << moduleText;

    AtomicFile scores(fs::path(folder) / "scores.csv");
    writeScores(scores.out(), scaleRows, options);
    summary.unscorable = unscorableItems(rows);

    AtomicFile items(fs::path(folder) / "items.csv");
    items.out() << "module,item,domain,kerndoelen,icils_strand,icils_aspect,max_score,scored_by,delta,steps\n";
    std::vector<Line> itemLines;
    for (const auto& m : bank.modules()) {
        if (m.practice) continue;  // the tutorial is no measurement: in no file of the export
        const auto& v = m.variant("nl");
        for (size_t i = 0; i < m.refs.size(); ++i) {
            std::string kd;
            for (int k : m.refs[i].kerndoelen) kd += (kd.empty() ? "" : " ") + std::to_string(k);
            const IcilsAspect* aspect = findIcilsAspect(m.refs[i].aspect);
            const ItemParams* params = options.calibration ? options.calibration->find(m.refs[i].identifier) : nullptr;
            // The steps as a JSON list, [-1.2,0.4]: one cell that no spreadsheet takes for a formula.
            std::string steps;
            if (params) {
                for (double step : params->steps()) steps += (steps.empty() ? "[" : ",") + rounded(step, 4);
                steps = csvCell(steps + "]");
            }
            itemLines.push_back({{m.identifier, m.refs[i].identifier, ""},
                                 csvCell(m.identifier) + ',' + csvCell(m.refs[i].identifier) + ',' +
                                     std::string(domainId(m.refs[i].domain)) + ',' + kd + ',' +
                                     (aspect ? std::string(aspect->strand) : std::string()) + ',' +
                                     (aspect ? std::string(aspect->id) : std::string()) + ',' +
                                     formatDouble(v.items[i]->maxScore()) + ',' +
                                     (v.items[i]->humanScoredOutcomes().empty() ? "machine" : "human") + ',' +
                                     (params ? rounded(params->delta, 4) : std::string()) + ',' + steps + '\n'});
        }
    }
    writeSorted(items.out(), itemLines);

    // Process data under the same pseudonyms, with times relative to the attempt's start: a
    // wall-clock time would tell who sat the test when, and so who the pupil is. Attempts in
    // pseudonym and module order; within one, the events in the order they happened (seq).
    // Only when asked (ExportOptions::events): the codebook then lists events.csv, else says it is not there.
    std::optional<AtomicFile> events;
    if (options.events) {
        events.emplace(fs::path(folder) / "events.csv");
        events->out() << "pupil,module,seq,t_ms,item,kind,detail\n";
        const auto attempts = loadAttemptEvents(db, 0);
        std::vector<std::pair<std::pair<std::string, std::string>, const AttemptEvents*>> ordered;
        for (const auto& a : attempts) {
            // As responses.csv: the practice module is no measurement, an unknown module not scored.
            const Module* module = bank.findModule(a.moduleId);
            if (!module || module->practice || leftOut(a.pupilId)) continue;
            ordered.push_back({{pseudonymOf(a.pupilId), a.moduleId}, &a});
        }
        std::sort(ordered.begin(), ordered.end(),
                  [](const auto& x, const auto& y) { return x.first < y.first; });  // one attempt per pupil and module
        for (const auto& [sortKey, a] : ordered) {
            int seq = 0;
            for (const auto& e : a->events) {
                events->out() << sortKey.first << ',' << csvCell(a->moduleId) << ',' << ++seq << ','
                              << std::max<int64_t>(0, e.atMs - a->startMs) << ',' << csvCell(e.itemId) << ','
                              << eventKindName(e.kind) << ',' << csvCell(textScreen.screen(e.detail)) << '\n';
                ++summary.eventRows;
            }
        }
    }

    // Every pupil of the school (but those the disclosure control left out), with the class as a
    // pseudonym and the accommodations the teacher set, as far as the disclosure control lets them
    // show: a researcher can compare with and without them, and no one can tell which class it was.
    AtomicFile pupilsFile(fs::path(folder) / "pupils.csv");
    pupilsFile.out()
        << "pupil,school,class,accommodation_detail,larger_text,high_contrast,extra_time,dyslexia_font,read_aloud,"
           "any_accommodation,age,age_band,grade,track,gender\n";
    {
        std::vector<Line> pupilLines;
        for (const PupilRow& row : pupilRows) {
            const PupilDisclosure::Pupil& shown = disclosure.pupils.at(row.qi.pupilId);
            if (shown.suppressed) continue;
            const std::string& pid = pseudonymOf(row.qi.pupilId);
            std::string line = pid + ',' + school + ',' + (shown.classWithheld ? std::string() : row.classPseudonym) +
                               ',' + accommodationDetailName(shown.detail);
            bool any = false;
            for (bool flag : row.qi.accommodations) {
                line += shown.detail == AccommodationDetail::Each ? (flag ? ",1" : ",0") : ",";
                any = any || flag;
            }
            line += shown.detail == AccommodationDetail::None ? "," : (any ? ",1" : ",0");
            // The background as far as the pupil's group may show it (export/disclosure.h).
            const Generalisation& g = shown.shown;
            const PupilQuasiIdentifiers& q = row.qi;
            line += ',' + (q.age && g.age == AgeDetail::Years ? std::to_string(*q.age) : std::string());
            line += ',' + (q.age && g.age == AgeDetail::Band ? ageBand(*q.age) : std::string());
            line += ',' + (q.grade && !g.gradeWithheld ? std::to_string(*q.grade) : std::string());
            line += ',' + (g.track == TrackDetail::Each     ? q.track
                           : g.track == TrackDetail::Merged ? std::string(mergedTrack(q.track))
                                                            : std::string());
            line += ',' + (g.genderWithheld ? std::string() : q.gender);
            pupilLines.push_back({{pid, "", ""}, line + '\n'});
        }
        summary.pupilRows = static_cast<int>(pupilLines.size());
        writeSorted(pupilsFile.out(), pupilLines);
    }

    // What the disclosure control did, per class (as its pseudonym) and for the pool of small classes.
    AtomicFile disclosureFile(fs::path(folder) / "disclosure.csv");
    disclosureFile.out() << "school,group,classes,pupils,action,reason\n";
    std::map<std::string, const DisclosureStep*> stepsByGroup;  // in key order, not the classes' ids
    for (const DisclosureStep& step : disclosure.steps)
        stepsByGroup[step.classId ? classPseudonym(key, step.classId) : std::string("other_classes")] = &step;
    for (const auto& [group, stepPtr] : stepsByGroup) {
        const DisclosureStep& step = *stepPtr;
        std::map<std::string, std::string> actions;  // in key order (school, group, action), as dlkiosk merge sorts
        for (const auto& [action, reason] : disclosureActions(step)) actions[action] = reason;
        for (const auto& [action, reason] : actions)
            disclosureFile.out() << school << ',' << group << ',' << step.classes << ',' << step.pupils << ',' << action
                                 << ',' << csvCell(reason) << '\n';
    }
    summary.disclosure = disclosure.steps;

    // Aggregates per class and domain, with small groups suppressed (export/disclosure.h).
    AtomicFile summaryFile(fs::path(folder) / "summary.csv");
    summaryFile.out() << "school,group,domain,pupils,mean_percent,share_half_or_more,suppressed\n";
    std::map<std::string, std::string> groupOf;  // pseudonym -> its group in summary.csv
    for (const PupilRow& row : pupilRows) {
        const PupilDisclosure::Pupil& shown = disclosure.pupils.at(row.qi.pupilId);
        if (!shown.suppressed)
            groupOf[pseudonymOf(row.qi.pupilId)] =
                shown.classWithheld ? std::string("other_classes") : row.classPseudonym;
    }
    summary.suppressedCells = writeAggregates(summaryFile.out(), school, scaleRows, groupOf);

    // The incident log (school/incidents.h): kinds from a fixed list, no time, in pseudonym order.
    AtomicFile incidentsFile(fs::path(folder) / "incidents.csv");
    incidentsFile.out() << "pupil,seq,module,kind\n";
    {
        std::map<std::string, std::vector<const Incident*>> byPupil;
        const std::vector<Incident> incidents = IncidentLog(db).forClass(0);
        for (const Incident& i : incidents)
            if (!leftOut(i.pupilId)) byPupil[pseudonymOf(i.pupilId)].push_back(&i);  // in the order noted
        for (const auto& [pid, list] : byPupil) {
            int seq = 0;
            for (const Incident* i : list) {
                incidentsFile.out() << pid << ',' << ++seq << ',' << csvCell(i->moduleId) << ','
                                    << incidentKindId(i->kind) << '\n';
                ++summary.incidentRows;
            }
        }
    }

    AtomicFile package(fs::path(folder) / "datapackage.json");
    package.out() << exportDataPackage(options.events).dump(2) << '\n';

    AtomicFile readme(fs::path(folder) / "README.txt");
    readme.out() << kReadme;

    pupilsFile.commit();
    disclosureFile.commit();
    summaryFile.commit();
    incidentsFile.commit();
    responses.commit();
    modules.commit();
    scores.commit();
    items.commit();
    if (events) events->commit();
    package.commit();
    readme.commit();
    // The SQL scripts of an earlier export into this folder would be signed as if they were this one's.
    std::error_code ec;
    for (const char* name : {kSqlSchemaFile, kSqlLoadFile, kWorkbookFile}) fs::remove(fs::path(folder) / name, ec);
    if (!options.events) fs::remove(fs::path(folder) / "events.csv", ec);  // an earlier export's process data
    if (options.sql) writeSqlScripts(folder);
    if (options.workbook) summary.tablesNotInWorkbook = writeWorkbook(folder).tooLarge;
    summary.fingerprint = writeSignedManifest(folder, *signer).fingerprint;
    return summary;
}

}  // namespace dlk
