#pragma once
// The school's own records: the school and its teachers (each with a PIN), classes, and pupils
// with their codes and (optional) names. Names and codes are the teacher's private list: they never leave the
// machine (see export/) and never enter the log.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "security/signing.h"
#include "storage/database.h"

namespace dlk {

class DataKey;
class SigningKey;

struct ClassInfo {
    int64_t id = 0;
    std::string name;
    int pupilCount = 0;
    int64_t teacherId = 0;  // 0: nobody's (a class from before teachers, or its teacher removed)
    // An archived class (SchoolStore::archiveClass, startNewRound) is read-only: its results stay
    // readable, its pupils cannot log in, nobody is added or moved in or out.
    int64_t archivedAtMs = 0;  // 0: in use
    int64_t roundOf = 0;       // an earlier round of this class (startNewRound); 0: none
    bool archived() const { return archivedAtMs != 0; }
};

// An administrator manages the teachers (adds, removes, resets PINs, hands out classes) and sees
// every class; a teacher sees their own classes.
enum class TeacherRole { Admin, Teacher };

// What anyone at the kiosk may see of a teacher: the PIN screen lists the names before a PIN.
struct TeacherInfo {
    int64_t id = 0;
    std::string name;
    TeacherRole role = TeacherRole::Teacher;
    int classCount = 0;
};

// Set per pupil by the teacher, applied when the pupil logs in.
struct Accommodations {
    int textScalePct = 100;  // 100, 125, 150 or 200
    bool highContrast = false;
    int extraTimePct = 0;       // 0 to 100: added to every module's time limit
    bool dyslexiaFont = false;  // OpenDyslexic instead of DejaVu Sans
    bool readAloud = false;     // item text, choices and buttons spoken through espeak-ng
    bool operator==(const Accommodations&) const = default;
};

// A pupil's code and name are stored only sealed (security/code_lookup.h): `code` and
// `displayName` are filled for the teacher (the store unlocked by a PIN); a pupil found by their
// own code gets that code, their first name (opened with a key from the code) and their number
// in the class, so the login can ask "Dit ben ik?" without a teacher.
struct PupilInfo {
    int64_t id = 0;
    int64_t classId = 0;
    std::string code;
    std::string displayName;  // may be empty; empty too for a pupil found by code while locked
    std::string language = "nl";
    Accommodations accommodations;
    std::string firstName;  // the first word of the name; may be empty
    int numberInClass = 0;  // 1, 2, ... in the order the pupils were added
};

enum class PinCheck { Ok, Wrong, Locked };

struct PinResult {
    PinCheck result = PinCheck::Wrong;
    int lockedSeconds = 0;  // with Locked: how long before the next try is taken
};

// Data at rest: the pseudonym secret and the pupils' codes and names are sealed under a random
// data key, which is stored only wrapped, once per teacher, under the Argon2id key of that
// teacher's PIN (security/data_key.h); codes are found by an Argon2id lookup hash
// (security/code_lookup.h). The store holds the data key in locked memory, and who opened it
// (the logged-in teacher), from a correct PIN (checkPin) or the set-up until lock().
class SchoolStore {
public:
    explicit SchoolStore(Database& db);
    // Completes what the schema migration could not do without Argon2id (KioskCore calls it at
    // every start; it does nothing when nothing is left): an older school's pupil codes get their
    // lookup hashes, so pupils log in as before; their plaintext waits for the teacher's next PIN.
    void hashLegacyCodes();
    ~SchoolStore();  // wipes the data key

    bool isSetUp();
    std::string schoolName();
    // First start: the school's name and its first teacher, an administrator (`adminName`), with
    // their PIN (see pinProblem for the rules). Makes the data key, the sealed pseudonym secret and
    // the signing key pair; the store is unlocked afterwards, the administrator logged in.
    void setUpSchool(const std::string& name, const std::string& pin, int64_t nowMs,
                     const std::string& adminName = "Beheerder");
    // The logged-in teacher's own new PIN: rewraps the data key under it. Throws Error(Auth) when
    // locked, Error(Invalid) for a PIN against the rules.
    void changePin(const std::string& newPin);

    // --- Teachers. Names need no PIN (the PIN screen lists them); the changes need an
    // administrator logged in (Error(Auth) otherwise).
    std::vector<TeacherInfo> teachers();
    // A new teacher with their own PIN, which wraps the same data key. Error(Invalid) for an empty,
    // too long or taken name, a PIN against the rules, or too many teachers.
    int64_t addTeacher(const std::string& name, const std::string& pin, TeacherRole role, int64_t nowMs);
    // Their PIN no longer opens anything (their wrapped key goes with them); their classes become
    // nobody's; their rubric scores stay under their name, as a scorer distinct from every teacher. Error(Invalid) for
    // the last administrator and for oneself (another administrator removes you), Error(NotFound) for no such teacher.
    void removeTeacher(int64_t teacherId);
    // A forgotten PIN: the administrator gives the teacher a new one (their wrong tries start over).
    void resetTeacherPin(int64_t teacherId, const std::string& newPin);
    // The class goes to the teacher (0: to nobody; only an administrator sees it then).
    // Error(NotFound) for no such class or teacher.
    void assignClass(int64_t classId, int64_t teacherId);
    // Who gave the PIN that opened the store; nullopt while locked.
    std::optional<TeacherInfo> loggedInTeacher();
    bool loggedInAsAdmin() const { return m_dataKey && m_role == TeacherRole::Admin; }
    static constexpr size_t kMaxTeacherNameBytes = 60;
    static constexpr int kMaxTeachers = 200;

    // Wrong PINs are counted per teacher in the database, so a restart does not reset the growing
    // delay, and one teacher's mistakes do not lock out another. A correct PIN also unlocks the
    // data key and logs the teacher in, and gives a school from before schema 8 its signing key
    // pair (sealed under the data key, which is why it waits for a PIN). A school from before sealing (schema 3 or 4)
    // has its plaintext secret, codes and names sealed now and the plaintext erased (secure_delete, VACUUM, WAL
    // truncated), after a 0600 backup copy in <data>/backups/ (the PIN is needed to wrap the key, so this cannot happen
    // before the first PIN). Error(NotFound) for no such teacher.
    PinResult checkPin(int64_t teacherId, const std::string& pin, int64_t nowMs);
    // Without a name (the command line, the demo): the PIN of the school's only teacher; with
    // several, the first teacher, in the order of teachers(), whose PIN it is. A wrong PIN counts
    // against every teacher it was tried on, and a locked teacher is not tried (Locked when all are).
    PinResult checkPin(const std::string& pin, int64_t nowMs);
    // Wipes the data key from memory and logs the teacher out (the teacher screen locked or was left).
    void lock();
    bool isUnlocked() const { return m_dataKey != nullptr; }
    // True while an older school's pseudonym secret, or a pupil's code or name, is still stored in
    // plain (until the first PIN).
    bool secretAwaitsSealing();

    // The new class belongs to the logged-in teacher (to nobody while locked).
    int64_t createClass(const std::string& name, int64_t nowMs);
    // Every class of the school (the pupils' login, the command line).
    std::vector<ClassInfo> classes();
    // The classes the logged-in teacher works with: their own; an administrator's, every class.
    // None while locked.
    std::vector<ClassInfo> visibleClasses();
    std::optional<ClassInfo> findClass(const std::string& name);
    // A class's new name (trimmed). Throws Error(Invalid) for an empty name or one another class
    // has, Error(NotFound) for no such class; the class's own name again changes nothing.
    void renameClass(int64_t classId, const std::string& newName);
    // The session design (delivery/session_plan.h, by its name in session-design.json) that the
    // class's pupils are dealt from now on; empty: the file's default. A pupil already dealt keeps
    // their plan. The name is not checked here (the caller offers the file's designs); one that
    // leaves the file later deals the default. Error(NotFound) for no such class, Error(Auth) for
    // another teacher's class.
    void setSessionDesign(int64_t classId, const std::string& designName);
    // The class's chosen design; empty for the default. Error(NotFound) for no such class.
    std::string sessionDesign(int64_t classId);
    // The pupil goes to another class with their code, answers, plan and accommodations (their
    // number in the class follows the new class's order). Error(NotFound) for an unknown pupil or
    // class; moving to the class the pupil is in changes nothing.
    void movePupil(int64_t pupilId, int64_t toClassId);
    // What deleting a class would take with it, for the confirmation. Error(NotFound) if no class.
    struct ClassHoldings {
        int pupils = 0;
        int attempts = 0;  // modules started
        int answers = 0;   // stored responses
    };
    ClassHoldings classHoldings(int64_t classId);
    // Deletes the class with its pupils and everything kept about them (attempts, responses,
    // flags, events, session plans, human scores: every table whose foreign key reaches the
    // class), in one transaction, after a backup copy (storage/backups.h; its path is returned,
    // "" for an in-memory database). Needs the store unlocked (a teacher's PIN): Error(Auth) if
    // not; Error(NotFound) for no such class.
    std::string deleteClass(int64_t classId, int64_t nowMs);
    // --- Measurement rounds (school_rounds.cpp). A class is measured again (a baseline in the
    // autumn, again in the spring): startNewRound moves every pupil's work so far (attempts with
    // their answers, flags, events and rubric scores, session plans, incidents) to an archived
    // copy of the class, "<name> · meting <d-m-yyyy>", whose pupil rows keep their sealed names
    // and codes for the teacher but can no longer log in. The class keeps its id, name, teacher
    // and design; its pupils keep their codes, names and accommodations and start with nothing
    // answered, each linked to their row in the round before (earlierPupils). After a backup, in
    // one transaction; returns the archived round's id. Needs the class's teacher or an
    // administrator (Error(Auth)); Error(NotFound) for no such class; Error(Invalid) for an
    // archived class, and for a class in which no pupil has begun (nothing to keep).
    int64_t startNewRound(int64_t classId, int64_t nowMs);
    // Archives a class that is no longer used (a class that left school): its pupils' codes stop
    // working and nothing can be added, its results stay readable (and exportable) until it is
    // deleted. After a backup; the same errors as startNewRound, but a class without work may be
    // archived too.
    void archiveClass(int64_t classId, int64_t nowMs);
    // The archived earlier rounds of a class, the most recent first.
    std::vector<ClassInfo> earlierRounds(int64_t classId);
    // For each pupil of class `classId`, their row in the earlier round `earlierClassId` (following
    // the links back through any rounds between): pupil id now -> pupil id then. Pupils added since
    // have none.
    std::map<int64_t, int64_t> earlierPupils(int64_t classId, int64_t earlierClassId);

    // Makes `names.size()` pupils (a name may be empty) with fresh unique codes, in one transaction.
    // Needs the store unlocked (names and codes are sealed under the data key): Error(Auth) if not.
    std::vector<PupilInfo> addPupils(int64_t classId, const std::vector<std::string>& names, int64_t nowMs);
    // The class's pupils with codes and names: needs the store unlocked by the class's teacher or
    // an administrator (Error(Auth) if not).
    std::vector<PupilInfo> pupils(int64_t classId);
    // Every pupil of the school, of every class (archived ones too), with codes and names, in id order: one query
    // instead of one per class (a school may have thousands). Needs an administrator's PIN (Error(Auth) if not).
    std::vector<PupilInfo> everyPupil();
    // The pupil whose code was typed (any case, with or without spaces or hyphen), without a PIN.
    std::optional<PupilInfo> findPupilByCode(const std::string& typedCode);
    // The export's pseudonym secret, opened with the data key: throws Error(NotFound) before the
    // set-up, Error(Auth) while locked (a teacher's PIN is needed), Error(Corrupt) when the sealed
    // secret was changed.
    std::string pseudonymKey();
    // The school's Ed25519 public signing key (32 bytes; security/signing.h), stored plain, so no
    // PIN is needed to read it or its fingerprint. Throws Error(NotFound) before the set-up, and for
    // a school from before schema 8 until the teacher's next PIN has made its key pair.
    std::string signingPublicKey();
    // The school's signing key, opened with the data key for as long as the caller keeps it.
    // Throws Error(Auth) while locked (a teacher's PIN is needed), Error(NotFound) as above,
    // Error(Corrupt) when the sealed key was changed or the stored public key is not its own.
    std::unique_ptr<SigningKey> signingKey();
    // A kiosk's own key pair (kiosks/): a fresh Ed25519 pair whose secret half is sealed under the
    // data key, and that sealed key opened again. Error(Auth) while locked; opening throws
    // Error(Corrupt) as SigningKey does.
    SigningKeyPair newSealedKeyPair();
    std::unique_ptr<SigningKey> openSealedKey(std::string_view publicKey, std::string_view sealedSecretKey);
    // Throws dlk::Error(Invalid) for values outside the steps above.
    void setAccommodations(int64_t pupilId, const Accommodations& a);

private:
    void unlock(int64_t teacherId, const std::string& pin, int64_t nowMs);
    void requireAdmin(const char* what);
    // Error(Auth) when the logged-in teacher is neither an administrator nor the class's teacher.
    void requireOwnClass(int64_t classId);
    // Error(Invalid) naming what cannot be done to an archived class (`what`: "adding pupils to").
    void requireClassInUse(int64_t classId, const char* what);
    std::string wrapForTeacher(const std::string& pin, std::string& salt);
    std::string codeSalt();  // the school's lookup-hash salt, made on first use
    void sealLegacyPupils();
    void makeSigningKeyIfMissing();
    PupilInfo pupilFrom(const Statement& st);
    Database& m_db;
    std::unique_ptr<DataKey> m_dataKey;
    int64_t m_teacherId = 0;  // who opened m_dataKey
    TeacherRole m_role = TeacherRole::Teacher;
};

}  // namespace dlk
