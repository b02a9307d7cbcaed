#include "export/csv_export.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "bank/icils.h"
#include "delivery/process_log.h"
#include "export/atomic_file.h"
#include "export/bulk_file.h"
#include "export/data_package.h"
#include "export/disclosure.h"
#include "export/free_text.h"
#include "export/manifest.h"
#include "export/pupil_files.h"
#include "export/score_files.h"
#include "export/sql_scripts.h"
#include "export/workbook.h"
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

// What the export reads besides the answers: every pupil with their quasi-identifiers, the disclosure control's
// verdict (export/disclosure.h: a pupil left out is in no file at all), where each pupil stands in each module and the
// incident log.
struct SchoolFacts {
    std::vector<PupilRow> pupils;
    PupilDisclosure disclosure;
    std::vector<ModuleProgress> progress;
    std::vector<Incident> incidents;  // the school's (school/incidents.h)
    // Every pupil's pseudonym but those left out's (a keyed hash each, made here on the other core).
    std::unordered_map<int64_t, std::string> pseudonyms;
    double seconds = 0;  // what reading them took
};

SchoolFacts readSchoolFacts(Database& db, const ItemBank& bank, const std::string& key) {
    const auto t0 = std::chrono::steady_clock::now();
    SchoolFacts out;
    {
        // The background variables (school/background.h) as the pupil file may show them: the age in whole years at
        // the pupil's first session (never the birth date), none for a pupil who has not started.
        const std::map<int64_t, PupilBackground> backgrounds = loadBackgrounds(db);
        // Each pupil's first start, by one pass over the attempts: a search per pupil (a subquery) looked up each of
        // their attempts' rows by its id, half a million of them in a school.
        std::unordered_map<int64_t, std::string> firstStart;
        {
            auto started = db.prepare("SELECT pupil_id, started_at FROM attempts WHERE started_at IS NOT NULL");
            while (started.step()) {
                const std::string_view at = started.textView(1);
                auto [known, added] = firstStart.try_emplace(started.getInt(0), at);
                if (!added && at < known->second) known->second.assign(at);  // ISO timestamps: as min() compares
            }
        }
        std::unordered_map<int64_t, std::string> classPseudonyms;
        auto st = db.prepare(
            "SELECT id, class_id, text_scale_pct > 100, high_contrast != 0, extra_time_pct > 0, dyslexia_font != 0, "
            "read_aloud != 0 FROM pupils");
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
                const auto first = firstStart.find(row.qi.pupilId);
                const std::string_view started =
                    first != firstStart.end() ? std::string_view(first->second) : std::string_view();  // YYYY-MM-..
                if (started.size() >= 7 && parseInt64(started.substr(0, 4), year) &&
                    parseInt64(started.substr(5, 2), month) && month >= 1 && month <= 12)
                    row.qi.age = ageAt(b->second, static_cast<int>(year), static_cast<int>(month));
            }
            // A keyed hash per class, not per pupil (a school has hundreds of classes and 100,000 pupils).
            auto [known, added] = classPseudonyms.try_emplace(row.qi.classId);
            if (added) known->second = classPseudonym(key, row.qi.classId);
            row.classPseudonym = known->second;
            out.pupils.push_back(std::move(row));
        }
    }
    std::vector<PupilQuasiIdentifiers> quasiIdentifiers;
    for (const auto& r : out.pupils) quasiIdentifiers.push_back(r.qi);
    out.disclosure = protectPupilFile(quasiIdentifiers);
    out.progress = moduleProgress(db, bank, 0, StoredAnswers::AddedByCaller);  // the scoring pass reads them
    out.incidents = IncidentLog(db).forClass(0);
    out.pseudonyms.reserve(out.pupils.size());
    for (const PupilRow& row : out.pupils)
        if (!out.disclosure.suppressed(row.qi.pupilId))
            out.pseudonyms.emplace(row.qi.pupilId, pupilPseudonym(key, row.qi.pupilId));
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
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
    prepareOutputFolder(folder);
    ExportSummary summary;
    summary.folder = folder;
    auto stepStart = std::chrono::steady_clock::now();
    const auto endStep = [&](const char* name) {
        const auto now = std::chrono::steady_clock::now();
        summary.steps.emplace_back(name, std::chrono::duration<double>(now - stepStart).count());
        stepStart = now;
    };

    // Every measured attempt scored (results/class_results.h), kept as its answers' places in the memo: a school's
    // millions of rows are never copied into rows of their own.
    struct ScoredModule {
        int64_t pupilId = 0;
        std::string moduleId;  // as stored with the attempt
        const Module* module = nullptr;
        const ModuleVariant* variant = nullptr;
        size_t first = 0;   // its answers in `answers`, one per item of the variant
        size_t stored = 0;  // its ScoredAttempt::stored in `kept.stored`, one per item of the module
    };
    // The pupils, the disclosure control and where each pupil stands in each module (results/response_status.h) are
    // read on a connection of their own, on the other core, while this one scores with a helper (on a connection of
    // its own too): the threads share the two cores, and none waits for another. The items with a stored answer come
    // from the scoring pass, which reads every answer anyway. A database with no file of its own has one connection:
    // then the one after the other.
    std::optional<Database> reader = options.parallelReads ? db.openReader() : std::nullopt;
    std::future<SchoolFacts> factsRead = std::async(reader ? std::launch::async : std::launch::deferred,
                                                    [&] { return readSchoolFacts(reader ? *reader : db, bank, key); });
    // The names and codes every answer is screened for (export/free_text.h), read on this connection while the other
    // core reads the facts.
    const TextScreen textScreen = TextScreen::fromSchool(schoolStore);
    AnswerMemo memo;
    std::vector<ScoredModule> scored;        // in pupil id order, as scoreAttempts hands them over
    ScoredArrays kept;                       // the scored answers in the pass's arrays, taken over when it ends
    std::vector<UnscorableItem> unscorable;  // as unscorableItems: each item once, in the order first met
    {
        std::map<std::pair<std::string, std::string>, size_t> unscorableIndex;
        const auto visit = [&](const ScoredAttempt& a) {
            scored.push_back({a.pupilId, *a.moduleId, a.module, a.variant, a.firstAnswer, a.firstStored});
            for (size_t i = 0; i < a.answers.size(); ++i) {
                if (a.answers[i]->scored()) continue;
                const auto [it, added] =
                    unscorableIndex.emplace(std::make_pair(*a.moduleId, a.variant->items[i]->identifier), 0);
                if (added) {
                    it->second = unscorable.size();
                    unscorable.push_back({*a.moduleId, a.variant->items[i]->identifier, a.answers[i]->unscorable, 0});
                }
                ++unscorable[it->second].rows;
            }
        };
        scoreAttempts(db, bank, 0, memo, visit, options.parallelReads ? 1 : 0, &kept);
    }
    const std::vector<const ScoredAnswer*>& answers = kept.answers;
    // Items and pupils are written as (sort key, line), sorted.
    using Line = std::pair<std::tuple<std::string, std::string, std::string>, std::string>;
    auto writeSorted = [](std::ostream& out, std::vector<Line>& lines) {
        std::sort(lines.begin(), lines.end());
        for (const auto& [sortKey, line] : lines) out << line;
    };
    endStep("scoring");
    SchoolFacts read = factsRead.get();
    if (reader) summary.steps.emplace_back("(pupils and module progress on the other core)", read.seconds);
    reader.reset();
    {
        // `scored` and the progress are both in pupil order: each attempt's entry is looked up among its pupil's few.
        std::span<ModuleProgress> rest(read.progress);
        for (const ScoredModule& m : scored) {
            size_t passed = 0, pupils = 0;
            while (passed < rest.size() && rest[passed].pupilId < m.pupilId) ++passed;
            rest = rest.subspan(passed);
            while (pupils < rest.size() && rest[pupils].pupilId == m.pupilId) ++pupils;
            addStoredAnswers(rest.first(pupils), m.pupilId, *m.module,
                             std::span<const uint8_t>(kept.stored.data() + m.stored, m.module->refs.size()));
        }
    }
    std::vector<uint8_t>().swap(kept.stored);
    const std::vector<PupilRow>& pupilRows = read.pupils;
    const PupilDisclosure& disclosure = read.disclosure;
    const std::vector<ModuleProgress>& progress = read.progress;
    const auto leftOut = [&](int64_t pupilId) { return disclosure.suppressed(pupilId); };
    endStep("pupils and module progress (what was left)");
    summary.pupilsLeftOut = disclosure.suppressedCount();

    // Every pupil's pseudonym, made once (a keyed hash each): those of the pupils in the files made with the facts.
    std::unordered_map<int64_t, std::string> pseudonyms = std::move(read.pseudonyms);
    auto pseudonymOf = [&](int64_t pupilId) -> const std::string& {
        auto [it, added] = pseudonyms.try_emplace(pupilId);
        if (added) it->second = pupilPseudonym(key, pupilId);
        return it->second;
    };
    std::unordered_map<std::string, const ItemParams*> paramsOf;  // CalibratedItems::find, without its search
    if (options.calibration)
        for (const ItemParams& p : options.calibration->items) paramsOf.try_emplace(p.id, &p);

    // The rows in the files' order without sorting them: the pupils' modules by pseudonym and module, and each
    // module's items by identifier.
    // Each with its module and the pupil's attempt at it (null: not started), found once here, while both lists are in
    // pupil order (the progress, and `scored` as scoreAttempts handed it over), by a walk rather than a search.
    struct ModuleRows {
        const std::string* pseudonym;
        const ModuleProgress* progress;
        const Module* module;
        const ScoredModule* attempt;
    };
    std::vector<ModuleRows> modulesInOrder;
    modulesInOrder.reserve(progress.size());
    {
        auto pupilAttempts = scored.begin();
        std::optional<int64_t> lookedUp;  // the pupil whose leftOut() `pupilLeftOut` is: once per pupil
        bool pupilLeftOut = false;
        for (const ModuleProgress& p : progress) {
            if (lookedUp != p.pupilId) {
                lookedUp = p.pupilId;
                pupilLeftOut = leftOut(p.pupilId);
            }
            while (pupilAttempts != scored.end() && pupilAttempts->pupilId < p.pupilId) ++pupilAttempts;
            if (pupilLeftOut) continue;
            const ScoredModule* attempt = nullptr;  // the attempt by the module id stored with it
            for (auto it = pupilAttempts; it != scored.end() && it->pupilId == p.pupilId && !attempt; ++it)
                if (it->moduleId == p.moduleId) attempt = &*it;
            // moduleProgress lists modules of the bank only.
            modulesInOrder.push_back({&pseudonymOf(p.pupilId), &p, bank.findModule(p.moduleId), attempt});
        }
    }
    {
        // In pupil id order, each pupil's modules in module id order (the progress's): the pupils are sorted by
        // pseudonym, each pupil's modules kept together (a school's 100,000 pupils, not their half million modules).
        struct PupilRun {
            const std::string* pseudonym;
            size_t begin, end;  // in modulesInOrder
        };
        std::vector<PupilRun> runs;
        for (size_t m = 0; m < modulesInOrder.size(); ++m)
            if (m == 0 || modulesInOrder[m].pseudonym != modulesInOrder[m - 1].pseudonym)
                runs.push_back({modulesInOrder[m].pseudonym, m, m + 1});
            else
                runs.back().end = m + 1;
        std::sort(runs.begin(), runs.end(),
                  [](const PupilRun& x, const PupilRun& y) { return *x.pseudonym < *y.pseudonym; });
        std::vector<ModuleRows> sorted;
        sorted.reserve(modulesInOrder.size());
        for (const PupilRun& run : runs)
            sorted.insert(sorted.end(), modulesInOrder.begin() + static_cast<std::ptrdiff_t>(run.begin),
                          modulesInOrder.begin() + static_cast<std::ptrdiff_t>(run.end));
        modulesInOrder.swap(sorted);
    }
    // Per module: its refs in identifier order, and each ref's cells module,item,domain as written.
    struct ModuleOrder {
        std::vector<size_t> refs;
        std::vector<std::string> cells;  // by ref index: ",module,item,domain"
    };
    std::unordered_map<const Module*, ModuleOrder> itemOrder;
    for (const ModuleRows& rows : modulesInOrder) {
        const Module* module = rows.module;
        auto [it, added] = itemOrder.try_emplace(module);
        if (!added) continue;
        for (size_t i = 0; i < module->refs.size(); ++i) {
            it->second.refs.push_back(i);
            std::string& cells = it->second.cells.emplace_back(",");
            appendCsvCell(cells, module->identifier);
            cells += ',';
            appendCsvCell(cells, module->refs[i].identifier);
            cells += ',';
            cells += domainId(module->refs[i].domain);
        }
        std::sort(it->second.refs.begin(), it->second.refs.end(),
                  [&](size_t x, size_t y) { return module->refs[x].identifier < module->refs[y].identifier; });
    }
    // What a row writes of an item, once per item: whether it holds free text, its maximum score and that as text, its
    // parameters, and whether it is the module's item at its place (else no answer of that variant is taken there).
    struct ItemFacts {
        bool freeText = false;
        double maxScore = 0;
        std::string maxText;
        const ItemParams* params = nullptr;  // the calibration's, for the item as a whole
        bool atItsRef = false;
    };
    // By variant of a module (an attempt's language, or "nl" for a module not started), by the item's place in it.
    std::unordered_map<const ModuleVariant*, std::vector<ItemFacts>> factsOfVariant;
    const auto factsOf = [&](const Module& module, const ModuleVariant& variant) -> const std::vector<ItemFacts>& {
        auto [known, added] = factsOfVariant.try_emplace(&variant);
        if (added)
            for (size_t i = 0; i < variant.items.size(); ++i) {  // each walks the item
                const Item& item = *variant.items[i];
                ItemFacts& f = known->second.emplace_back();
                f.freeText = holdsFreeText(item);
                f.maxScore = item.maxScore();
                f.maxText = formatDouble(f.maxScore);
                f.atItsRef = i < module.refs.size() && item.identifier == module.refs[i].identifier;
                if (const auto found =
                        i < module.refs.size() ? paramsOf.find(module.refs[i].identifier) : paramsOf.end();
                    found != paramsOf.end())
                    f.params = found->second;
            }
        return known->second;
    };
    // What a row writes of a scored answer, once per distinct answer: every string of every answer is screened, typed
    // or not (an identifier in a hostile item could be a name as well).
    struct AnswerCells {
        std::optional<std::string> response;  // screened, as a CSV cell (when first written)
        std::string score;                    // formatted
    };
    std::unordered_map<const ScoredAnswer*, AnswerCells> cellsOf;

    BulkFile responses(fs::path(folder) / "responses.csv");
    std::string responseText =
        "pupil,module,item,domain,answered,response,free_text_withheld,score,max_score,status,"
        "reason\n";
    // Written on in pieces, never whole in memory, on another thread while the next piece is formatted.
    constexpr size_t kWritePiece = 1 << 20;
    std::string moduleText = "pupil,module,status\n";
    // The facts of every variant a row needs, made here: the passes below only look them up (so that two threads may).
    for (const ModuleRows& rows : modulesInOrder) {
        factsOf(*rows.module, rows.module->variant("nl"));
        if (rows.attempt) factsOf(*rows.module, *rows.attempt->variant);
    }
    // Every row of responses.csv in modulesInOrder[from, to), in the file's order: the pupil's pseudonym, the module's
    // progress, the item's position, the scored answer (null when the module was not started) and what is known of the
    // item. Called for the scores (in two halves), then for the rows, which are written while the other core estimates
    // the scores.
    const auto forEachRow = [&](size_t from, size_t to, const auto& visit) {
        for (size_t m = from; m < to; ++m) {
            const ModuleRows& rows = modulesInOrder[m];
            const ModuleProgress& p = *rows.progress;
            const Module& module = *rows.module;
            const ScoredModule* attempt = rows.attempt;
            const ModuleOrder& order = itemOrder.at(&module);
            const std::vector<ItemFacts>& withoutAnswer = factsOfVariant.at(&module.variant("nl"));  // of no attempt
            const std::vector<ItemFacts>* started = attempt ? &factsOfVariant.at(attempt->variant) : nullptr;
            for (size_t i : order.refs) {
                const ScoredAnswer* r = nullptr;
                if (started && i < started->size() && (*started)[i].atItsRef) r = answers[attempt->first + i];
                const ItemFacts& facts = r ? (*started)[i] : withoutAnswer.at(i);
                visit(*rows.pseudonym, p, module, order, i, r, facts);
            }
        }
    };

    // The scores: per pupil, in the order of scores.csv.
    std::unordered_set<int64_t> pupils;
    for (const ModuleRows& rows : modulesInOrder)
        if (rows.progress->status != ModuleStatus::NotStarted) pupils.insert(rows.progress->pupilId);
    // scores.csv's rows of the pupils in modulesInOrder[from, to), in its order: by pseudonym, then scale. One pupil's
    // scales are gathered in `pupilScales`, indexed by kScales (the total, then the domains), and added in the scales'
    // name order when the next pupil comes.
    std::array<std::string_view, 1 + kAllDomains.size()> scaleNames{kTotalScale};
    for (size_t d = 0; d < kAllDomains.size(); ++d) scaleNames[1 + d] = domainId(kAllDomains[d]);
    std::array<size_t, scaleNames.size()> scalesByName{};
    for (size_t i = 0; i < scalesByName.size(); ++i) scalesByName[i] = i;
    std::sort(scalesByName.begin(), scalesByName.end(),
              [&](size_t x, size_t y) { return scaleNames[x] < scaleNames[y]; });
    // One pupil's scale while their rows come (the buffers kept from pupil to pupil), copied into ScaleRows at the end.
    struct PupilScale {
        bool used = false;
        Total total;
        std::vector<const ItemParams*> items;
        std::vector<int> scores;
    };
    using PupilScales = std::array<PupilScale, scaleNames.size()>;
    // A scored row in its pupil's scale rows: the same item in the total and in its domain. A human criterion not yet
    // scored counts nowhere; an item without parameters (or whose score lies outside them) counts in the raw score, not
    // in the estimate. The estimate uses what the class report's does (results/class_report.cpp): an item with rubric
    // criteria by its calibration units (the machine's part, each criterion with a final score).
    const auto addToScales = [&](PupilScales& pupilScales, const Module& module, size_t i, const ScoredAnswer& r,
                                 const ItemFacts& facts) {
        const int whole = static_cast<int>(std::lround(r.score));
        for (const size_t scale : {size_t{0}, 1 + static_cast<size_t>(module.refs[i].domain)}) {
            PupilScale& sr = pupilScales[scale];
            sr.used = true;
            if (r.scored() && r.awaitingTeacher) {
                ++sr.total.notYetScored;
            } else if (r.scored()) {
                sr.total.raw += r.score;
                sr.total.max += facts.maxScore;
            } else {
                ++sr.total.unscorable;
            }
            if (!r.scored() || !options.calibration) continue;
            const auto estimateWith = [&](const ItemParams* params, int score) {
                if (!params || score < 0 || score > params->maxScore) return;
                sr.items.push_back(params);
                sr.scores.push_back(score);
            };
            if (!r.units.empty()) {
                for (const UnitScore& u : r.units) {
                    const auto found = paramsOf.find(u.unitId);
                    estimateWith(found == paramsOf.end() ? nullptr : found->second, u.score);
                }
            } else if (!r.awaitingTeacher) {
                estimateWith(facts.params, whole);
            }
        }
    };
    const auto scaleRowsOf = [&](size_t from, size_t to) {
        ScaleRows scaleRows;
        // Each pupil has a row per scale at most, and each item is in two scales (the total and its domain); an item
        // scored by rubric criteria may hold more entries, which the arrays then grow for.
        size_t pupilsHere = 0, entries = 0;
        for (size_t m = from; m < to; ++m) {
            pupilsHere += m == from || modulesInOrder[m].pseudonym != modulesInOrder[m - 1].pseudonym;
            if (modulesInOrder[m].attempt && options.calibration) entries += 2 * modulesInOrder[m].module->refs.size();
        }
        scaleRows.reserve(pupilsHere * scaleNames.size(), entries);
        PupilScales pupilScales;
        const std::string* pupilOfScales = nullptr;
        const auto addPupilScales = [&] {
            for (size_t i : scalesByName)
                if (PupilScale& scale = pupilScales[i]; scale.used) {
                    scaleRows.add(pupilOfScales, scaleNames[i], scale.total, scale.items, scale.scores);
                    scale.used = false;
                    scale.total = Total();
                    scale.items.clear();
                    scale.scores.clear();
                }
        };
        forEachRow(from, to,
                   [&](const std::string& pid, const ModuleProgress&, const Module& module, const ModuleOrder&,
                       size_t i, const ScoredAnswer* r, const ItemFacts& facts) {
                       if (pupilOfScales != &pid) {
                           if (pupilOfScales) addPupilScales();
                           pupilOfScales = &pid;
                       }
                       if (r) addToScales(pupilScales, module, i, *r, facts);  // a module not started: in no total
                   });
        if (pupilOfScales) addPupilScales();
        scaleRows.done();
        return scaleRows;
    };
    // The two halves (split where a pupil's rows end) on both cores, where the export spreads its passes.
    size_t half = options.parallelReads ? modulesInOrder.size() / 2 : 0;
    while (half > 0 && half < modulesInOrder.size() &&
           modulesInOrder[half].pseudonym == modulesInOrder[half - 1].pseudonym)
        ++half;
    std::future<ScaleRows> firstHalfRows =
        std::async(half > 0 ? std::launch::async : std::launch::deferred, [&] { return scaleRowsOf(0, half); });
    // Both halves kept until the end: the rows' items and scores are in their arrays.
    ScaleRows secondHalf = scaleRowsOf(half, modulesInOrder.size());
    ScaleRows firstHalf = firstHalfRows.get();
    std::vector<ScaleEntry> scaleRows;
    scaleRows.reserve(firstHalf.rows().size() + secondHalf.rows().size());
    for (ScaleRows* rowsOfHalf : {&firstHalf, &secondHalf}) {
        scaleRows.insert(scaleRows.end(), rowsOfHalf->rows().begin(), rowsOfHalf->rows().end());
        std::vector<ScaleEntry>().swap(rowsOfHalf->rows());
    }
    summary.pupils = static_cast<int>(pupils.size());
    endStep("scale rows");

    // scores.csv on the other core (its estimates take about as long as the rows below take to write). It reads
    // scaleRows and the calibration, which nothing changes until it is done.
    // It and module_status.csv are written as responses.csv is (export/bulk_file.h): by threads of their own, hashed
    // as they go.
    BulkFile scores(fs::path(folder) / "scores.csv");
    std::future<void> scoresWritten = std::async(
        std::launch::async, [&] { writeScores([&](std::string& piece) { scores.put(piece); }, scaleRows, options); });

    // pupils.csv, disclosure.csv, summary.csv and incidents.csv on a thread of their own while responses.csv is written
    // (they read the pupils, the disclosure control and the scale rows, which nothing changes meanwhile): alone at the
    // end they kept one core idle. Every pupil's pseudonym was made with the facts, so the thread only looks them up.
    AtomicFile pupilsFile(fs::path(folder) / "pupils.csv");
    AtomicFile disclosureFile(fs::path(folder) / "disclosure.csv");
    AtomicFile summaryFile(fs::path(folder) / "summary.csv");
    AtomicFile incidentsFile(fs::path(folder) / "incidents.csv");
    std::future<PupilFilesWritten> pupilFilesWritten = std::async(std::launch::async, [&] {
        const PupilFacts facts{school, key, pupilRows, disclosure, read.incidents, scaleRows, [&](int64_t pupilId) {
                                   const auto found = pseudonyms.find(pupilId);
                                   return found != pseudonyms.end() ? found->second
                                                                    : pupilPseudonym(key, pupilId);  // each is there
                               }};
        return writePupilFiles(facts, {pupilsFile.out(), disclosureFile.out(), summaryFile.out(), incidentsFile.out()});
    });

    for (const ModuleRows& rows : modulesInOrder) {
        moduleText += *rows.pseudonym;
        moduleText += ',';
        appendCsvCell(moduleText, rows.progress->moduleId);
        moduleText += ',';
        moduleText += moduleStatusName(rows.progress->status);
        moduleText += '\n';
        ++summary.moduleRows;
    }
    BulkFile modules(fs::path(folder) / "module_status.csv");
    modules.put(moduleText);
    std::string().swap(moduleText);
    forEachRow(0, modulesInOrder.size(),
               [&](const std::string& pid, const ModuleProgress& p, const Module&, const ModuleOrder& order, size_t i,
                   const ScoredAnswer* r, const ItemFacts& facts) {
                   const ResponseStatus status = responseStatus(p, static_cast<int>(i) + 1, r);
                   AnswerCells* cells = nullptr;
                   if (r) {
                       auto [known, added] = cellsOf.try_emplace(r);
                       if (added) known->second.score = formatDouble(r->score);
                       cells = &known->second;
                   }
                   const bool withheld = facts.freeText && !options.freeText;
                   if (withheld) {
                       ++summary.freeTextWithheld;
                   } else if (r && !cells->response) {
                       Json value = parseJson(r->responsesJson, "response");
                       textScreen.screenJson(value);
                       std::string& cell = cells->response.emplace();
                       appendCsvCell(cell, dumpJson(value));
                   }
                   const bool counted = r && r->scored() && !r->awaitingTeacher;
                   responseText += pid;
                   responseText += order.cells[i];
                   responseText += r && r->answered ? ",1," : ",0,";
                   if (cells && !withheld) responseText += *cells->response;
                   responseText += withheld ? ",1," : ",0,";
                   if (counted) responseText += cells->score;
                   // A scored row's maximum is its item's, the item here (Item::maxScore).
                   responseText += ',';
                   responseText += facts.maxText;
                   responseText += ',';
                   responseText += responseStatusName(status);
                   responseText += ',';
                   if (r) appendCsvCell(responseText, r->unscorable);
                   responseText += '\n';
                   if (responseText.size() >= kWritePiece) responses.put(responseText);
                   ++summary.responseRows;
                   if (r && !r->scored()) ++summary.unscorableRows;
               });
    responses.put(responseText);
    const FileDigest responsesDigest = responses.finish();  // hashed as it was written: the manifest reads it not again
    std::string().swap(responseText);
    endStep("responses.csv");
    const FileDigest modulesDigest = modules.finish();
    scoresWritten.get();
    const FileDigest scoresDigest = scores.finish();
    summary.unscorable = std::move(unscorable);
    endStep("scores.csv");

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

    const PupilFilesWritten pupilFiles = pupilFilesWritten.get();
    summary.pupilRows = pupilFiles.pupilRows;
    summary.disclosure = disclosure.steps;
    summary.suppressedCells = pupilFiles.suppressedCells;
    summary.incidentRows = pupilFiles.incidentRows;

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

    endStep("the other files");
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
    endStep("committed");
    summary.fingerprint =
        writeSignedManifest(
            folder, *signer,
            {{"responses.csv", responsesDigest}, {"module_status.csv", modulesDigest}, {"scores.csv", scoresDigest}})
            .fingerprint;
    endStep("manifest");
    return summary;
}

}  // namespace dlk
