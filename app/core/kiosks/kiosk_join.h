#pragma once
// Several kiosks, one school (issue 13.5). The school's kiosk (the teacher's, with the classes and
// teachers) writes a *join file* for each new kiosk; the new kiosk joins the school from it, so
// the school's pupils log in there with their codes and its teachers unlock it with their PINs.
//
// The join file carries the roster as it is stored at rest and nothing more readable: teachers
// with their Argon2id PIN hashes and their wrapped copies of the data key, classes, pupils with
// their code lookup hashes and sealed codes and names, the code salt, the sealed pseudonym secret,
// each class's session design and each pupil's accommodations; never a plaintext name or code. It
// also carries a fresh Ed25519 key pair made for that kiosk: the school's kiosk records the public
// half at once (table `kiosks`), and the secret half travels sealed under the data key, so it
// signs only after a teacher's PIN on the new kiosk. The school's secret signing key never leaves.
// The whole file is signed with the school's key (security/signing.h). Format: docs/kiosks.md.
//
// Every join file read is hostile: its size, its signature, every field's type and size are
// checked before anything is written, and the roster goes in in one transaction.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace dlk {

class SchoolStore;

constexpr size_t kJoinFileMaxBytes = size_t{16} << 20;  // a school of 100,000 pupils is about 60 MB: too
                                                        // many; 20,000 pupils fit
constexpr size_t kJoinMaxTeachers = 200;
constexpr size_t kJoinMaxClasses = 5'000;
constexpr size_t kJoinMaxPupils = 20'000;
constexpr size_t kKioskNameMaxBytes = 60;

// A kiosk the school's kiosk wrote a join file for.
struct KioskInfo {
    int64_t id = 0;
    std::string name;
    std::string fingerprint;  // of its public key
    std::string joinedAt;     // ISO time the join file was written
};

struct JoinFileWritten {
    KioskInfo kiosk;
    size_t teachers = 0, classes = 0, pupils = 0;
};

// On the school's kiosk: registers a new kiosk named `kioskName` (trimmed, 1 to kKioskNameMaxBytes
// bytes) with a fresh key pair and writes its join file to `outFile` (0600, under a temporary name
// then renamed). Needs an administrator logged in (Error(Auth)): the kiosk's secret key is sealed
// under the data key and the file signed with the school's key. Error(Invalid) for a bad name, on
// a kiosk that itself joined a school (join files come from the school's kiosk), and while a
// pupil's code or name is still stored in plain; Error(Io) when the file cannot be written (then
// nothing is registered).
JoinFileWritten writeJoinFile(Database& db, SchoolStore& school, const std::string& kioskName,
                              const std::string& outFile, int64_t nowMs);

// The kiosks registered on this (the school's) kiosk, by id.
std::vector<KioskInfo> registeredKiosks(Database& db);

// On a pupil kiosk: who it is at its school (nullopt on a kiosk that joined no school).
struct ThisKiosk {
    int64_t kioskId = 0;
    std::string name;
    std::string publicKey;
    std::string fingerprint;
    int64_t lastSequence = 0;  // of the last result bundle written; 0 before the first
    int64_t rosterWrittenMs = 0;
};
std::optional<ThisKiosk> thisKiosk(Database& db);

struct JoinResult {
    bool refreshed = false;  // a newer roster of the school this kiosk had already joined
    std::string schoolName;
    std::string schoolFingerprint;
    ThisKiosk kiosk;
    size_t teachers = 0, classes = 0, pupils = 0;
};

// What the join file at `file` says, checked (size, signature, every field) but not applied:
// for a screen that asks "join school X?" before it does. Throws as joinSchool.
struct JoinFilePreview {
    std::string schoolName;
    std::string schoolFingerprint;
    std::string kioskName;
    int64_t kioskId = 0;
    size_t teachers = 0, classes = 0, pupils = 0;
};
JoinFilePreview readJoinFile(const std::string& file);

// On a new kiosk (a database with no school): makes it the school's kiosk `kioskName` of the join
// file, in one transaction. On a kiosk that joined the same school before: a newer join file
// refreshes the roster (teachers, classes, pupils, accommodations, designs) and keeps the kiosk's
// own identity, its answers and its sequence numbers; teachers no longer in the file lose their
// PIN here. Throws Error(Parse) for a file that is not a join file or was cut short, Error(Invalid)
// for a signature that does not match (changed after signing), a field out of its limits, a join
// file of another school, one not newer than the roster this kiosk has, and on a kiosk that has a
// school of its own; Error(NotFound)/Error(Io) when the file cannot be read. Nothing is written
// then.
JoinResult joinSchool(Database& db, SchoolStore& school, const std::string& file, int64_t nowMs);

}  // namespace dlk
