// `dlkiosk kiosk ...` and `dlkiosk bundle ...`: several kiosks, one school (kiosks/; docs/kiosks.md).
// On the school's kiosk an administrator writes a join file for a new kiosk; the new kiosk joins
// from it; it writes signed result bundles to a stick; the school's kiosk imports them.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/pin_input.h"
#include "kiosk/kiosk_core.h"
#include "kiosks/kiosk_join.h"
#include "kiosks/result_bundle.h"
#include "security/signing.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"

namespace dlk::cli {

namespace {
std::string nonEmpty(const std::optional<std::string>& v, const std::string& message) {
    if (!v) throw std::runtime_error(message);
    if (v->empty()) throw std::runtime_error(message + ", not an empty word");
    return *v;
}

int joinFileCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    const auto name = args.value("name");
    const auto out = args.value("out");
    args.requireKnown();
    if (args.positional().size() != 1) throw std::runtime_error("kiosk join-file takes no argument but its options");
    const std::string kioskName = nonEmpty(name, "kiosk join-file needs --name NAME (the new kiosk's name)");
    const std::string file = nonEmpty(out, "kiosk join-file needs --out FILE");
    requireKioskData(data);
    KioskCore core(data, paths.items);
    if (!core.school().isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    unlockWithPinFromStdin(core.school(), "kiosk join-file", "written");
    Logger::instance().open(data);
    const JoinFileWritten w = writeJoinFile(core.db(), core.school(), kioskName, file, wallClockMs());
    logInfo("join file written for kiosk " + std::to_string(w.kiosk.id) + ", key " + w.kiosk.fingerprint);
    std::printf("wrote %s for kiosk %lld '%s' (key %s): %zu teachers, %zu classes, %zu pupils\n", file.c_str(),
                static_cast<long long>(w.kiosk.id), w.kiosk.name.c_str(), w.kiosk.fingerprint.c_str(), w.teachers,
                w.classes, w.pupils);
    std::printf("school key: %s (compare it on the new kiosk)\n",
                keyFingerprint(core.school().signingPublicKey()).c_str());
    return 0;
}

int joinCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (args.positional().size() != 2) throw std::runtime_error("kiosk join takes one join FILE (see dlkiosk --help)");
    const std::string file = args.positional()[1];
    if (file.empty()) throw std::runtime_error("kiosk join needs a file name, not an empty word");
    (void)readJoinFile(file);  // checked before a data folder is made
    KioskCore core(data, paths.items);
    Logger::instance().open(data);
    const JoinResult r = joinSchool(core.db(), core.school(), file, wallClockMs());
    logInfo(std::string(r.refreshed ? "roster refreshed" : "joined the school") + ", school key " +
            r.schoolFingerprint);
    std::printf("%s %s (school key %s) as kiosk %lld '%s': %zu teachers, %zu classes, %zu pupils\n",
                r.refreshed ? "refreshed the roster of" : "joined", r.schoolName.c_str(), r.schoolFingerprint.c_str(),
                static_cast<long long>(r.kiosk.kioskId), r.kiosk.name.c_str(), r.teachers, r.classes, r.pupils);
    return 0;
}

int listCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (args.positional().size() != 1) throw std::runtime_error("kiosk list takes no argument but --data DIR");
    requireKioskData(data);
    KioskCore core(data, paths.items);
    if (const auto me = thisKiosk(core.db()))
        std::printf("this kiosk: %lld '%s' (key %s), last bundle %lld\n", static_cast<long long>(me->kioskId),
                    me->name.c_str(), me->fingerprint.c_str(), static_cast<long long>(me->lastSequence));
    for (const KioskInfo& k : registeredKiosks(core.db()))
        std::printf("kiosk %lld\t%s\t%s\tjoined %s\n", static_cast<long long>(k.id), k.name.c_str(),
                    k.fingerprint.c_str(), k.joinedAt.c_str());
    for (const ImportedBundle& b : importedBundles(core.db()))
        std::printf("bundle\t%s\t%lld\timported %s\t%d attempts\t%d conflicts\tsha256 %s\n", b.kioskName.c_str(),
                    static_cast<long long>(b.sequence), b.importedAt.c_str(), b.attempts, b.conflicts,
                    b.sha256.c_str());
    return 0;
}

int bundleWriteCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    const auto out = args.value("out");
    args.requireKnown();
    if (args.positional().size() != 1) throw std::runtime_error("bundle write takes no argument but its options");
    const std::string folder = nonEmpty(out, "bundle write needs --out FOLDER");
    requireKioskData(data);
    KioskCore core(data, paths.items);
    if (!thisKiosk(core.db()))
        throw Error(ErrorKind::Invalid, "the kiosk in " + data + " joined no school (dlkiosk kiosk join FILE)");
    unlockWithPinFromStdin(core.school(), "bundle write", "written");
    Logger::instance().open(data);
    const BundleWritten w = writeResultBundle(core.db(), core.school(), folder, wallClockMs());
    logInfo("result bundle " + std::to_string(w.sequence) + " written: " + std::to_string(w.attempts) + " attempts");
    std::printf("wrote %s: bundle %lld of kiosk %lld, %zu attempts, %zu pupils, key %s\n", w.folder.c_str(),
                static_cast<long long>(w.sequence), static_cast<long long>(w.kioskId), w.attempts, w.pupils,
                w.fingerprint.c_str());
    return 0;
}

// Exit 0: every bundle imported or already there, no conflict; 1: any refused or in conflict.
int bundleImportCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    std::vector<std::string> folders(args.positional().begin() + 1, args.positional().end());
    if (folders.empty()) throw std::runtime_error("bundle import needs the bundle folders (or a folder of them)");
    for (const std::string& f : folders)
        if (f.empty()) throw std::runtime_error("bundle import needs folder names, not an empty word");
    requireKioskData(data);
    const std::vector<std::string> found = findBundleFolders(folders);  // before the PIN: a typo costs no try
    if (found.empty()) throw Error(ErrorKind::NotFound, "no result bundle in " + folders.front());
    KioskCore core(data, paths.items);
    if (!core.school().isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    unlockWithPinFromStdin(core.school(), "bundle import", "imported");
    Logger::instance().open(data);
    const auto results = importResultBundles(core.db(), core.school(), found, wallClockMs());
    bool clean = true;
    for (const BundleImport& b : results) {
        if (b.outcome == BundleOutcome::Refused) {
            clean = false;
            std::fprintf(stderr, "dlkiosk bundle import: refused %s: %s\n", b.path.c_str(), b.reason.c_str());
            continue;
        }
        std::printf("%s\t%s\t%s\tbundle %lld\t%zu new\t%zu updated\t%zu unchanged\t%zu conflicts\n",
                    bundleOutcomeName(b.outcome), b.path.c_str(), b.kioskName.c_str(),
                    static_cast<long long>(b.sequence), b.added, b.updated, b.unchanged, b.conflicts.size());
        for (const BundleConflict& c : b.conflicts) {
            clean = false;
            std::fprintf(stderr,
                         "dlkiosk bundle import: conflict: pupil %s, module %s: answered on %s and on %s with other "
                         "answers; %s's are kept\n",
                         c.pupil.c_str(), c.moduleId.c_str(), c.keptFrom.c_str(), c.bundleKiosk.c_str(),
                         c.keptFrom.c_str());
        }
        for (const std::string& n : b.notes) std::fprintf(stderr, "dlkiosk bundle import: %s\n", n.c_str());
    }
    logInfo("result bundles read: " + std::to_string(results.size()));
    return clean ? 0 : 1;
}
}  // namespace

int kioskCommand(Args& args, const char* argv0) {
    const auto& pos = args.positional();
    const std::string verb = pos.empty() ? std::string() : pos[0];
    if (verb == "join-file") return joinFileCommand(args, argv0);
    if (verb == "join") return joinCommand(args, argv0);
    if (verb == "list") return listCommand(args, argv0);
    throw std::runtime_error("kiosk takes: join-file, join or list (see dlkiosk --help)");
}

int bundleCommand(Args& args, const char* argv0) {
    const auto& pos = args.positional();
    const std::string verb = pos.empty() ? std::string() : pos[0];
    if (verb == "write") return bundleWriteCommand(args, argv0);
    if (verb == "import") return bundleImportCommand(args, argv0);
    throw std::runtime_error("bundle takes: write or import (see dlkiosk --help)");
}

}  // namespace dlk::cli
