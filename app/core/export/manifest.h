#pragma once
// A signed manifest for a folder of files that leaves the school (an export, a kiosk's result
// bundle): manifest.json lists every file with its size and SHA-256, and manifest.sig holds the
// school's Ed25519 signature of manifest.json's exact bytes (security/signing.h). A recipient
// checks both with verifyManifest (`dlkiosk verify`) and compares the fingerprint with the one the
// school gave them (`dlkiosk key`). What that proves and what it does not: docs/signing.md.
//
// A manifest covers the plain files directly in one folder: no subfolders, and never a symbolic
// link (a signed link could point anywhere on the recipient's machine, so links are neither
// signed nor followed). Everything read is hostile: limits are the constants below, and a name
// with '/', '..' or a control character is refused before any file is opened by it.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

class SigningKey;

constexpr std::string_view kManifestFile = "manifest.json";
constexpr std::string_view kSignatureFile = "manifest.sig";
// manifest.json's "version"; a newer one is refused by name rather than half understood.
constexpr int kManifestVersion = 1;
// An export holds about ten files, a result bundle a few: these bound a hostile manifest, not a
// real one. 10,000 entries with the longest names (255 bytes) fit in kManifestMaxBytes.
constexpr size_t kManifestMaxFiles = 10'000;
constexpr size_t kManifestMaxBytes = size_t{4} << 20;  // 4 MiB
constexpr size_t kSignatureMaxBytes = 4096;
constexpr size_t kManifestMaxNameBytes = 255;  // NAME_MAX
// Larger than any export of a national baseline (100,000 pupils x 60 responses is under 1 GB):
// a bigger size in a manifest is a hostile or damaged one.
constexpr uint64_t kManifestMaxFileBytes = uint64_t{64} << 30;  // 64 GiB

struct SignedManifest {
    size_t files = 0;
    uint64_t bytes = 0;
    std::string fingerprint;
};

// What writeSignedManifest would sign, checked without reading any file's content: `dlkiosk sign`
// calls it before it asks for the PIN, so a wrong folder costs no PIN try. Throws Error(NotFound)
// for a folder that does not exist, Error(Invalid) naming the entry for a subfolder, a symbolic
// link or another non-file, a name that is not UTF-8 or holds a control character, a file over
// kManifestMaxFileBytes, more than kManifestMaxFiles files, or no file at all.
void checkSignableFolder(const std::string& folder);

// Lists every plain file in `folder` (manifest.json and manifest.sig themselves excepted) with
// its size and SHA-256 (read in 64 KiB pieces, never whole), writes manifest.json with `key`'s
// public key and fingerprint, then manifest.sig. Each is written under a temporary name, synced
// and renamed; an old manifest.sig is removed first, so a run cut short leaves a folder that
// verifies as unsigned, never one whose signature vouches for the wrong list. Throws as
// checkSignableFolder, and Error(Io) when a file cannot be read or the manifest not written.
// `known`: by file name, a digest taken before (export/bulk_file.h hashes a large file as it writes it), so that a file
// of hundreds of megabytes is not read again here; used only when the file still has that size, else it is read as
// every other file.
struct FileDigest {
    uint64_t bytes = 0;
    std::string sha256;  // 64 lower-case hex digits
};
SignedManifest writeSignedManifest(const std::string& folder, const SigningKey& key,
                                   const std::map<std::string, FileDigest>& known = {});

// What verifyManifest found wrong, one kind per reason a recipient must refuse the folder.
enum class ManifestProblem {
    NotSigned,           // no manifest.json, or no manifest.sig beside it
    ManifestUnreadable,  // manifest.json or manifest.sig is no file, too large, or not in its format
    ManifestChanged,     // manifest.json is not what was signed
    BadSignature,        // manifest.sig's signature does not verify (forged or damaged)
    OtherKey,            // signed with a key other than the one manifest.json names
    UnexpectedKey,       // signed by a key other than the one the recipient expects
    UnsafeName,          // a listed name with '/', '..', a control character, or absolute
    AbsurdSize,          // a listed size that is negative, not whole, or over kManifestMaxFileBytes
    TooManyFiles,        // more than kManifestMaxFiles listed
    FileChanged,         // a listed file's size or content differs
    FileMissing,         // a listed file is not there
    FileAdded,           // a file in the folder that the manifest does not list
    NotAPlainFile,       // a symbolic link, folder or device where a file was signed or added
};
// "file changed", "file missing", ...: for messages and tests.
std::string_view problemName(ManifestProblem problem);

struct ManifestFinding {
    ManifestProblem problem;
    std::string file;     // the entry concerned ("" when the finding is about the whole folder)
    std::string message;  // a whole sentence naming the file and what is wrong
};

struct ManifestVerification {
    // The signing key's fingerprint, once the signature verified ("" before).
    std::string fingerprint;
    size_t files = 0;  // files the manifest lists
    uint64_t bytes = 0;
    // Every problem found, in the order checked; the folder is intact only when there is none.
    // The signature is checked before the list is read, and the list before any file is opened:
    // a folder that fails an earlier step has only that step's finding.
    std::vector<ManifestFinding> findings;
    bool ok() const { return findings.empty(); }
};

// Checks `folder` against its manifest. `expectedKey` (optional) is what the recipient got from
// the school: a fingerprint as `dlkiosk key` prints it or the 64 hex digits of the public key
// (canonicalFingerprint); a folder signed by any other key is refused. Without
// it, any intact signature passes and the caller must show the fingerprint for comparison.
// Throws Error(Invalid) for an `expectedKey` that is neither, Error(NotFound) for a folder that
// does not exist or is not a folder, Error(Io) for one that cannot be read.
ManifestVerification verifyManifest(const std::string& folder, const std::optional<std::string>& expectedKey = {});

}  // namespace dlk
