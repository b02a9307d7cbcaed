// `dlkiosk report --data DIR --class CLASS [--pupil CODE | --sheets] [--names] [--lang nl|en]
// --out FILE.pdf`: the class report (print/class_report_pdf.h), or the feedback sheets of every
// pupil of the class (--sheets) or of one pupil (--pupil). Codes and names are sealed under the
// teacher's PIN, so like cards it reads the PIN from standard input. Every check that needs no PIN
// comes first, and a refused command writes no file.
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>

#include "cli/options.h"
#include "cli/pin_input.h"
#include "kiosk/kiosk_core.h"
#include "print/class_report_pdf.h"
#include "print/print_command.h"
#include "support/logger.h"
#include "support/paths.h"
#include "support/translator.h"
#include "util/error.h"

namespace dlk::cli {

namespace {
// Today in the laptop's time zone, as the report prints it.
std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}
}  // namespace

int reportCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const auto className = args.value("class");
    const auto pupil = args.value("pupil");
    const bool sheets = args.flag("sheets");
    const auto out = args.value("out");
    const bool names = args.flag("names");
    const std::string lang = args.valueOr("lang", "nl");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!className) throw std::runtime_error("report needs --class CLASS");
    if (!out) throw std::runtime_error("report needs --out FILE.pdf");
    if (out->empty()) throw std::runtime_error("--out needs a file name, not an empty word");
    if (pupil && pupil->empty()) throw std::runtime_error("--pupil needs a pupil's code, not an empty word");
    if (pupil && sheets) throw std::runtime_error("--pupil and --sheets exclude each other: --pupil is one sheet");
    if (lang != "nl" && lang != "en") throw std::runtime_error("--lang takes nl or en");
    requireWritableOut(*out);
    requireKioskData(data);
    KioskCore core(data, paths.items);
    SchoolStore& school = core.school();
    if (!school.isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    const ClassInfo cls = requireClass(school, *className, data);
    Logger::instance().open(data);
    core.loadLevels(paths.assets + "/irt/levels.csv");
    unlockWithPinFromStdin(school, "report", "written");
    Translator::instance().setLanguage(lang, paths.locale);
    const ReportPaper paper = reportPaper(core, cls.id, names, today());
    if (pupil) {
        // Codes are sealed: a pupil is looked up only after the PIN.
        const PupilReport* who = findPupil(paper, *pupil);
        if (!who)
            throw Error(ErrorKind::NotFound,
                        "no pupil with the code '" + *pupil + "' in the class '" + cls.name + "'; nothing was written");
        const PrintSummary s = writeFeedbackSheetsPdf(paper, *out, who->result.pupilId);
        logInfo("feedback sheet printed for one pupil" + std::string(names ? " with name" : ""));
        std::fprintf(stderr, "dlkiosk: feedback sheet of 1 pupil on %d page(s) written to %s\n", s.pages, out->c_str());
    } else if (sheets) {
        const PrintSummary s = writeFeedbackSheetsPdf(paper, *out);
        // The log says that sheets were printed, never for whom.
        logInfo("feedback sheets printed: " + std::to_string(s.pupils) + " pupils" + (names ? " with names" : ""));
        std::fprintf(stderr, "dlkiosk: feedback sheets of %d pupils on %d pages written to %s\n", s.pupils, s.pages,
                     out->c_str());
    } else {
        const PrintSummary s = writeClassReportPdf(paper, *out);
        logInfo("class report printed: " + std::to_string(s.pupils) + " pupils on " + std::to_string(s.pages) +
                " pages" + (names ? " with names" : ""));
        std::fprintf(stderr, "dlkiosk: class report of %d pupils on %d pages written to %s\n", s.pupils, s.pages,
                     out->c_str());
    }
    return 0;
}

}  // namespace dlk::cli
