#pragma once
// Result bundles (issue 13.5): a pupil kiosk that joined its school (kiosks/kiosk_join.h) writes
// everything made on it (every attempt's state, responses, flags, events and human scores, every
// pupil's incidents and session plan), keyed by pupil id (the roster's, equal on every kiosk of
// the school) and module, into a folder signed with the kiosk's own key (export/manifest.h), with
// its kiosk id and a sequence number that grows with each bundle. The school's kiosk imports any
// number of them:
// - each is checked against the key registered for its kiosk; a tampered, truncated or foreign
//   bundle, or one of a kiosk the school never registered, is refused with the reason and nothing
//   of it is imported, while the others go on;
// - one transaction per bundle; the same bundle again changes nothing at all;
// - a later bundle of a kiosk supersedes that kiosk's earlier state of an attempt, an earlier one
//   never does;
// - a pupil and module answered elsewhere (here, or on another kiosk) with other answers is a
//   conflict: reported, never overwritten, the rest imported.
// Imported attempts are ordinary attempts (with the kiosk they came from), so results, scoring and
// the export show them as they show this kiosk's own. Format and rules: docs/kiosks.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.h"

namespace dlk {

class SchoolStore;

constexpr std::string_view kBundleDataFile = "bundle.jsonl";
// Bounds on a hostile bundle; a real one of a kiosk used by a whole school for a year is far less.
constexpr uint64_t kBundleMaxBytes = uint64_t{256} << 20;
constexpr size_t kBundleMaxAttempts = 100'000;
constexpr size_t kBundleMaxResponses = 10'000;  // per attempt
constexpr size_t kBundleMaxEvents = 200'000;    // per attempt
constexpr size_t kBundleMaxValueBytes = size_t{1} << 20;

struct BundleWritten {
    std::string folder;  // the bundle's own folder inside the chosen one
    int64_t kioskId = 0;
    int64_t sequence = 0;
    size_t attempts = 0;
    size_t pupils = 0;
    std::string fingerprint;  // of the kiosk's key
};

// On a pupil kiosk: writes a new bundle folder "kiosk-<id>-<sequence>" inside `outDir` (made if
// needed): bundle.jsonl, manifest.json, manifest.sig, written under a hidden temporary name and
// renamed when signed, so a cut-short write leaves no bundle. Needs a teacher's PIN (the kiosk's
// key is sealed under the data key): Error(Auth) while locked. Error(Invalid) on a kiosk that
// joined no school; Error(Io) when the folder cannot be written.
BundleWritten writeResultBundle(Database& db, SchoolStore& school, const std::string& outDir, int64_t nowMs);

enum class BundleOutcome { Imported, AlreadyImported, Refused };
const char* bundleOutcomeName(BundleOutcome outcome);  // "imported", "already imported", "refused"

struct BundleConflict {
    int64_t pupilId = 0;
    std::string pupil;  // the pupil's code as the teacher sees it ("pupil 12" when it cannot be opened)
    std::string moduleId;
    std::string keptFrom;  // where the answers that stay were given: "this kiosk" or a kiosk's name
    std::string bundleKiosk;
};

struct BundleImport {
    std::string path;
    BundleOutcome outcome = BundleOutcome::Refused;
    std::string reason;  // why it was refused, naming the file
    int64_t kioskId = 0;
    std::string kioskName;
    int64_t sequence = 0;
    size_t added = 0;      // attempts new here
    size_t updated = 0;    // attempts superseded by this later bundle of their kiosk
    size_t unchanged = 0;  // attempts this school already has as the bundle has them (or newer)
    std::vector<BundleConflict> conflicts;
    std::vector<std::string> notes;  // e.g. a pupil no longer on the roster
};

// The bundle folders among `paths`: a path holding manifest.json or bundle.jsonl is a bundle, any
// other folder is searched one level deep, in name order, for subfolders named kiosk-... or holding
// either (hidden ones skipped: a bundle being written), so a stick's other folders are left alone.
// Error(NotFound) for a path that does not exist or is not a folder.
std::vector<std::string> findBundleFolders(const std::vector<std::string>& paths);

// On the school's kiosk: imports each bundle found in `paths`, in order, each on its own. Needs a
// teacher's PIN (Error(Auth)): the answers go into the school's own data. Only a folder that
// cannot be listed throws; a bad bundle is a Refused entry.
std::vector<BundleImport> importResultBundles(Database& db, SchoolStore& school, const std::vector<std::string>& paths,
                                              int64_t nowMs);

// What came in: every bundle imported here, newest first.
struct ImportedBundle {
    int64_t kioskId = 0;
    std::string kioskName;
    int64_t sequence = 0;
    std::string sha256;  // of its manifest.json
    std::string importedAt;
    int attempts = 0;
    int conflicts = 0;
};
std::vector<ImportedBundle> importedBundles(Database& db);

}  // namespace dlk
