// `dlkiosk export --data DIR --out FOLDER [--free-text] [--events] [--sql] [--xlsx]`: the anonymised export of a data
// folder, opened through the same KioskCore as the kiosk, so it exports exactly what the kiosk stored. The pseudonym
// secret is sealed under the teacher's PIN, so the export reads the PIN from standard input (a terminal asks for it
// without echo), never from the command line, where `ps` and the shell's history would keep it.
#include <cstdio>
#include <stdexcept>
#include <string>

#include "cli/options.h"
#include "cli/pin_input.h"
#include "export/csv_export.h"
#include "export/merge.h"
#include "kiosk/kiosk_core.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"

namespace dlk::cli {

int exportCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const auto out = args.value("out");
    const Paths paths = findPaths(argv0, args.value("items"));
    ExportOptions options;
    options.freeText = args.flag("free-text");
    options.sql = args.flag("sql");
    options.workbook = args.flag("xlsx");
    options.events = args.flag("events");
    if (options.events && args.value("events"))
        throw std::runtime_error("--events takes no value (give it to export the process data, leave it out to not)");
    // "--free-text=no" must not switch it on: the option is a switch, given or not.
    if (options.freeText && args.value("free-text"))
        throw std::runtime_error(
            "--free-text takes no value (give it to include typed answers, leave it out to "
            "withhold them)");
    args.requireKnown();
    if (!out) throw std::runtime_error("export needs --out FOLDER");
    if (out->empty()) throw std::runtime_error("--out needs a folder name, not an empty word");
    // Export reads a data folder: one without kiosk data is a mistake (a typo, the wrong stick),
    // never a reason to create an empty school there.
    requireKioskData(data);
    KioskCore core(data, paths.items);
    Logger::instance().open(data);
    // The scale scores and levels as the teacher's screen makes them (items/irt/items.csv, the level table).
    core.loadLevels(paths.assets + "/irt/levels.csv");
    if (core.calibration()) options.calibration = &*core.calibration();
    if (core.levels()) options.levels = &*core.levels();
    if (!core.school().isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    // The same check as the kiosk's PIN screen, wrong tries and their growing delay included.
    if (options.freeText)
        std::fprintf(stderr,
                     "dlkiosk: warning: --free-text exports what pupils typed. Names from the school's lists, "
                     "e-mail addresses, phone numbers and pupil codes are masked, but other details a pupil typed "
                     "(a street, a nickname, a classmate's name not on the lists) are not: read the answers before "
                     "handing the export on.\n");
    unlockWithPinFromStdin(core.school(), "export", "exported");
    const ExportSummary s = exportCsv(core.db(), core.bank(), *out, core.school(), options);
    logInfo("export written: " + std::to_string(s.pupils) + " pupils, " + std::to_string(s.responseRows) +
            " item rows, " + std::to_string(s.eventRows) + " events");
    std::fprintf(stderr, "dlkiosk: exported %d pupils (%d item rows, %d events) to %s\n", s.pupils, s.responseRows,
                 s.eventRows, out->c_str());
    std::fprintf(stderr,
                 "dlkiosk: signed with the school's key %s: whoever receives it checks it with dlkiosk verify %s "
                 "--key %s\n",
                 s.fingerprint.c_str(), out->c_str(), s.fingerprint.c_str());
    if (s.freeTextWithheld > 0)
        std::fprintf(stderr,
                     "dlkiosk: %d answers hold typed text and were left out (free_text_withheld=1); "
                     "--free-text exports them screened\n",
                     s.freeTextWithheld);
    // What the disclosure control changed (export/disclosure.h), as disclosure.csv has it.
    for (const DisclosureStep& step : s.disclosure) {
        if (step.suppressed)
            std::fprintf(stderr,
                         "dlkiosk: %d pupils of classes with fewer than %d pupils were left out of every file: too "
                         "few together to stay unrecognisable\n",
                         step.pupils, kMinPupilGroup);
        else if (step.classWithheld)
            std::fprintf(stderr, "dlkiosk: %d small classes (%d pupils) are pooled without their class\n", step.classes,
                         step.pupils);
        else if (step.detail != AccommodationDetail::Each)
            std::fprintf(stderr, "dlkiosk: a class of %d pupils: accommodations %s (too few pupils per combination)\n",
                         step.pupils,
                         step.detail == AccommodationDetail::Any ? "shown only as any_accommodation" : "not shown");
        if (!step.suppressed && step.changesBackground())
            std::fprintf(stderr,
                         "dlkiosk: %s of %d pupils: %s%s%s%s%s(too few pupils per combination; disclosure.csv)\n",
                         step.classWithheld ? "the pooled small classes" : "a class", step.pupils,
                         step.ageBanded ? "age in two-year bands, " : "", step.genderWithheld ? "no gender, " : "",
                         step.tracksMerged ? "tracks merged, " : "", step.ageWithheld ? "no age, " : "",
                         step.gradeAndTrackWithheld ? "no grade or track, " : "");
    }
    if (s.suppressedCells > 0)
        std::fprintf(stderr, "dlkiosk: %d cells of summary.csv left empty (groups of %d pupils or fewer)\n",
                     s.suppressedCells, kMaxGroupWithoutStatistics);
    // The export is complete without them; the researcher reads which rows and why in the files.
    for (const UnscorableItem& item : s.unscorable)
        std::fprintf(stderr,
                     "dlkiosk: module %s, item %s cannot be scored (%d rows with status cannot_be_scored in "
                     "responses.csv): %s\n",
                     item.moduleId.c_str(), item.itemId.c_str(), item.rows, item.reason.c_str());
    return 0;
}

// dlkiosk merge PKG... --out FOLDER [--unsigned] [--keep-first]: the exports of many kiosks and
// schools as one package (export/merge.h).
int mergeCommand(Args& args, const char* /*argv0*/) {
    MergeOptions options;
    const auto out = args.value("out");
    options.allowUnsigned = args.flag("unsigned");
    options.keepFirst = args.flag("keep-first");
    options.sql = args.flag("sql");
    options.workbook = args.flag("xlsx");
    args.requireKnown();
    if (!out || out->empty()) throw std::runtime_error("merge needs --out FOLDER");
    if (args.positional().empty()) throw std::runtime_error("merge needs the package folders to merge");
    const MergeSummary s = mergePackages(args.positional(), *out, options);
    for (const MergeSource& source : s.sources)
        std::fprintf(stderr, "dlkiosk merge: %s: %s, %zu rows added, %zu already there\n", source.folder.c_str(),
                     source.fingerprint.empty() ? "unsigned" : ("signed by key " + source.fingerprint).c_str(),
                     source.rowsAdded, source.rowsDuplicate);
    for (const MergeConflict& c : s.conflicts)
        std::fprintf(stderr, "dlkiosk merge: conflict in %s, %s: kept the row of %s, not line %d of %s\n",
                     c.table.c_str(), c.key.c_str(), c.first.c_str(), c.line, c.second.c_str());
    size_t rows = 0;
    for (const auto& [table, n] : s.rows) rows += n;
    std::fprintf(stderr,
                 "dlkiosk merge: wrote %s: %zu schools, %zu rows in %zu tables. It is not signed: compare each "
                 "source's key with its school's, and sign the result (dlkiosk sign) if it travels on\n",
                 out->c_str(), s.schools, rows, s.rows.size());
    return 0;
}

}  // namespace dlk::cli
