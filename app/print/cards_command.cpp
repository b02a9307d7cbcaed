// `dlkiosk cards --data DIR --class CLASS --out FILE.pdf [--names] [--lang nl|en]`: the class's
// printed login cards (print/login_cards.h). Pupils' codes and names are sealed under the
// teacher's PIN, so like export it reads the PIN from standard input. Every check that needs no
// PIN comes first, and a refused command writes no file.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "cli/options.h"
#include "cli/pin_input.h"
#include "kiosk/kiosk_core.h"
#include "print/login_cards.h"
#include "print/print_command.h"
#include "support/logger.h"
#include "support/paths.h"
#include "support/translator.h"
#include "util/error.h"

namespace dlk::cli {

// The folder the PDF goes in must exist and take a new file; checked before the data folder is
// opened, so a typo in --out costs no PIN try.
void requireWritableOut(const std::string& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(out, ec)) throw Error(ErrorKind::Io, "cannot write " + out + ": it is a folder");
    const fs::path folder = fs::path(out).has_parent_path() ? fs::path(out).parent_path() : fs::path(".");
    if (!fs::is_directory(folder, ec))
        throw Error(ErrorKind::Io, "cannot write " + out + ": the folder " + folder.string() + " does not exist");
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        throw Error(ErrorKind::Io, "cannot write " + out + ": the folder " + folder.string() + " is not writable");
}

ClassInfo requireClass(SchoolStore& school, const std::string& className, const std::string& dataDir) {
    if (const auto cls = school.findClass(className)) return *cls;
    std::string known;
    for (const ClassInfo& c : school.classes())
        known += (known.empty() ? "" : ", ") + c.name + " (" + std::to_string(c.pupilCount) + ")";
    throw Error(ErrorKind::NotFound, "no class '" + className + "' in " + dataDir +
                                         "; the classes are: " + (known.empty() ? std::string("none yet") : known));
}

int cardsCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const auto className = args.value("class");
    const auto out = args.value("out");
    const bool names = args.flag("names");
    const std::string lang = args.valueOr("lang", "nl");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!className) throw std::runtime_error("cards needs --class CLASS");
    if (!out) throw std::runtime_error("cards needs --out FILE.pdf");
    if (out->empty()) throw std::runtime_error("--out needs a file name, not an empty word");
    if (lang != "nl" && lang != "en") throw std::runtime_error("--lang takes nl or en");
    requireWritableOut(*out);
    requireKioskData(data);
    KioskCore core(data, paths.items);
    SchoolStore& school = core.school();
    if (!school.isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    // Class names are not sealed: an unknown one is answered with the list, before the PIN.
    const ClassInfo cls = requireClass(school, *className, data);
    Logger::instance().open(data);
    unlockWithPinFromStdin(school, "cards", "written");
    Translator::instance().setLanguage(lang, paths.locale);
    const LoginCardSheet sheet = loginCardSheet(school, cls.id, names);
    const LoginCardsSummary s = writeLoginCardsPdf(sheet, *out);
    // The log says that cards were printed, never for whom (no codes, names or file contents).
    logInfo("login cards printed: " + std::to_string(s.cards) + " cards on " + std::to_string(s.pages) + " pages" +
            (names ? " with names" : ""));
    std::fprintf(stderr, "dlkiosk: %d login cards on %d pages written to %s\n", s.cards, s.pages, out->c_str());
    return 0;
}

}  // namespace dlk::cli
