// `dlkiosk export --data DIR --out FOLDER`: the anonymised export of a data folder, opened
// through the same KioskCore as the kiosk, so it exports exactly what the kiosk stored. The
// pseudonym secret is sealed under the teacher's PIN, so the export reads the PIN from standard
// input (a terminal asks for it without echo), never from the command line, where `ps` and the
// shell's history would keep it.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>

#include "cli/options.h"
#include "export/csv_export.h"
#include "kiosk/kiosk_core.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"

namespace dlk::cli {

namespace {
std::string readPin() {
    const bool terminal = ::isatty(STDIN_FILENO) != 0;
    termios old{};
    if (terminal) {
        std::fputs("Pincode van de leerkracht: ", stderr);
        if (::tcgetattr(STDIN_FILENO, &old) == 0) {
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
    }
    std::string pin;
    std::getline(std::cin, pin);
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fputc('\n', stderr);
    }
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    return pin;
}
}  // namespace

int exportCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const auto out = args.value("out");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!out) throw std::runtime_error("export needs --out FOLDER");
    if (out->empty()) throw std::runtime_error("--out needs a folder name, not an empty word");
    // Export reads a data folder: one without kiosk data is a mistake (a typo, the wrong stick),
    // never a reason to create an empty school there.
    requireKioskData(data);
    KioskCore core(data, paths.items);
    Logger::instance().open(data);
    if (!core.school().isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    const std::string pin = readPin();
    if (pin.empty()) throw Error(ErrorKind::Auth, "export needs the teacher's PIN on standard input");
    // The same check as the kiosk's PIN screen, wrong tries and their growing delay included.
    const PinResult r = core.school().checkPin(pin, wallClockMs());
    if (r.result == PinCheck::Locked)
        throw Error(ErrorKind::Auth, "too many wrong PINs: try again in " + std::to_string(r.lockedSeconds) + " s");
    if (r.result != PinCheck::Ok)
        throw Error(ErrorKind::Auth, "the teacher's PIN is not correct; nothing was exported");
    const ExportSummary s = exportCsv(core.db(), core.bank(), *out, core.school());
    logInfo("export written: " + std::to_string(s.pupils) + " pupils, " + std::to_string(s.responseRows) +
            " item rows, " + std::to_string(s.eventRows) + " events");
    std::fprintf(stderr, "dlkiosk: exported %d pupils (%d item rows, %d events) to %s\n", s.pupils, s.responseRows,
                 s.eventRows, out->c_str());
    // The export is complete without them; the researcher reads which rows and why in the files.
    for (const UnscorableItem& item : s.unscorable)
        std::fprintf(stderr,
                     "dlkiosk: module %s, item %s cannot be scored (%d rows with status cannot_be_scored in "
                     "responses.csv): %s\n",
                     item.moduleId.c_str(), item.itemId.c_str(), item.rows, item.reason.c_str());
    return 0;
}

}  // namespace dlk::cli
