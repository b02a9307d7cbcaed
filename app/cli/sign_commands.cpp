// `dlkiosk sign`, `verify` and `key`: the school's signature on a folder that leaves it (an
// export, a result bundle), its check at the recipient's, and the fingerprint a recipient compares
// (export/manifest.h, security/signing.h; what a signature proves: docs/signing.md).
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "cli/options.h"
#include "cli/pin_input.h"
#include "export/manifest.h"
#include "kiosk/kiosk_core.h"
#include "security/signing.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"

namespace dlk::cli {

namespace {
namespace fs = std::filesystem;

bool sameFolder(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec) && !ec;
}
}  // namespace

// Exit 0: verified; 1: not verified (the reasons on stderr, one per line), or the folder cannot be
// read; 2: a wrong command line (as validate), so a script can tell a typo from a refused folder.
int verifyCommand(Args& args, const char* /*argv0*/) {
    std::string folder;
    std::optional<std::string> key;
    try {
        key = args.value("key");
        args.requireKnown();
        folder = onlyPositional(args, "verify", "FOLDER");
        if (folder.empty()) throw std::runtime_error("verify needs a folder name, not an empty word");
        if (key && !canonicalFingerprint(*key))
            throw std::runtime_error(
                "--key takes the fingerprint dlkiosk key prints (8 groups of 4 hex digits) or "
                "the public key (64 hex digits), not '" +
                *key + "'");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk verify: %s\n", e.what());
        return 2;
    }
    const ManifestVerification v = verifyManifest(folder, key);
    if (v.ok()) {
        std::printf("OK: %s: %zu files (%llu bytes) as signed by key %s\n", folder.c_str(), v.files,
                    static_cast<unsigned long long>(v.bytes), v.fingerprint.c_str());
        if (!key)
            std::fprintf(stderr,
                         "dlkiosk verify: compare the key with the fingerprint the school gave you (dlkiosk key), or "
                         "give it with --key: anyone can sign a folder with a key of their own\n");
        return 0;
    }
    for (const ManifestFinding& f : v.findings) std::fprintf(stderr, "dlkiosk verify: %s\n", f.message.c_str());
    std::fprintf(stderr, "dlkiosk verify: NOT VERIFIED: %s (%zu problem(s)); do not use its files\n", folder.c_str(),
                 v.findings.size());
    return 1;
}

int signCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    const std::string folder = onlyPositional(args, "sign", "FOLDER");
    if (folder.empty()) throw std::runtime_error("sign needs a folder name, not an empty word");
    // Everything that needs no PIN first, so a wrong folder costs no PIN try.
    if (sameFolder(folder, data))
        throw std::runtime_error(folder +
                                 " is the kiosk's data folder: sign an export or a copy, never the live database");
    checkSignableFolder(folder);
    requireKioskData(data);
    KioskCore core(data, paths.items);
    Logger::instance().open(data);
    if (!core.school().isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    // The same check as the kiosk's PIN screen, wrong tries and their growing delay included; a
    // school from before signing gets its key pair here.
    unlockWithPinFromStdin(core.school(), "sign", "signed");
    const auto key = core.school().signingKey();
    const SignedManifest s = writeSignedManifest(folder, *key);
    logInfo("folder signed: " + std::to_string(s.files) + " files, key " + s.fingerprint);
    std::printf("signed %zu files (%llu bytes) in %s with key %s\n", s.files, static_cast<unsigned long long>(s.bytes),
                folder.c_str(), s.fingerprint.c_str());
    return 0;
}

int keyCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!args.positional().empty())
        throw std::runtime_error("key takes no argument but --data DIR (see dlkiosk --help)");
    requireKioskData(data);
    KioskCore core(data, paths.items);
    if (!core.school().isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    std::printf("%s\n", keyFingerprint(core.school().signingPublicKey()).c_str());
    return 0;
}

}  // namespace dlk::cli
