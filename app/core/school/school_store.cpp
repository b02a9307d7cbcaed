#include "school/school_store.h"

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "security/code_lookup.h"
#include "security/data_key.h"
#include "security/pin_hash.h"
#include "security/pseudonym.h"
#include "security/signing.h"
#include "storage/backups.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

SchoolStore::SchoolStore(Database& db) : m_db(db) {}
SchoolStore::~SchoolStore() = default;

void SchoolStore::lock() {
    m_dataKey.reset();  // ~DataKey zeroes and unlocks the memory
    m_teacherId = 0;
    m_role = TeacherRole::Teacher;
}

bool SchoolStore::isSetUp() {
    auto st = m_db.prepare("SELECT 1 FROM school WHERE id=1");
    return st.step();
}

std::string SchoolStore::schoolName() {
    auto st = m_db.prepare("SELECT name FROM school WHERE id=1");
    return st.step() ? st.getText(0) : std::string();
}

namespace {
// A teacher's name as typed: trimmed, not empty, not too long. Throws Error(Invalid).
std::string teacherName(const std::string& typed) {
    const std::string n = trim(typed);
    if (n.empty()) throw Error(ErrorKind::Invalid, "a teacher needs a name");
    if (n.size() > SchoolStore::kMaxTeacherNameBytes)
        throw Error(ErrorKind::Invalid,
                    "a teacher's name has at most " + std::to_string(SchoolStore::kMaxTeacherNameBytes) + " bytes");
    return n;
}
const char* roleText(TeacherRole role) {
    return role == TeacherRole::Admin ? "admin" : "teacher";
}
}  // namespace

void SchoolStore::setUpSchool(const std::string& name, const std::string& pin, int64_t nowMs,
                              const std::string& adminName) {
    const std::string n = trim(name);
    if (n.empty()) throw Error(ErrorKind::Invalid, "the school needs a name");
    const std::string admin = teacherName(adminName);
    if (*pinProblem(pin)) throw Error(ErrorKind::Invalid, pinProblem(pin));
    if (isSetUp()) throw Error(ErrorKind::Invalid, "this database already has a school");
    const std::string hash = hashPin(pin);
    auto dataKey = std::make_unique<DataKey>();
    dataKey->randomize();
    const std::string salt = newKeySalt();
    const std::string wrapped = wrapDataKey(*dataKey, pin, salt);
    const std::string sealed = sealWith(*dataKey, newPseudonymKey());
    const std::string codeSaltBytes = newCodeSalt();
    const SigningKeyPair signing = newSigningKeyPair(*dataKey);
    Transaction tx(m_db);
    // pseudonym_key (NOT NULL since schema 1) stays empty: the secret is only stored sealed; so
    // does pin_hash (NOT NULL since schema 1): the PINs are the teachers'.
    auto st = m_db.prepare(
        "INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at, pseudonym_key_sealed, code_salt, "
        "signing_public_key, signing_secret_key_sealed) VALUES (1, ?, '', x'', ?, ?, ?, ?, ?)");
    st.bind(1, n).bind(2, isoTimestamp(nowMs));
    st.bindBlob(3, sealed.data(), sealed.size()).bindBlob(4, codeSaltBytes.data(), codeSaltBytes.size());
    st.bindBlob(5, signing.publicKey.data(), signing.publicKey.size());
    st.bindBlob(6, signing.sealedSecretKey.data(), signing.sealedSecretKey.size());
    st.run();
    auto teacher = m_db.prepare(
        "INSERT INTO teachers(name, role, pin_hash, key_salt, wrapped_data_key, created_at) VALUES (?, 'admin', ?, ?, "
        "?, ?)");
    teacher.bind(1, admin).bind(2, hash).bindBlob(3, salt.data(), salt.size());
    teacher.bindBlob(4, wrapped.data(), wrapped.size()).bind(5, isoTimestamp(nowMs));
    teacher.run();
    const int64_t adminId = m_db.lastInsertId();
    tx.commit();
    m_dataKey = std::move(dataKey);
    m_teacherId = adminId;
    m_role = TeacherRole::Admin;
}

// The data key wrapped under `pin` with a fresh salt (returned in `salt`).
std::string SchoolStore::wrapForTeacher(const std::string& pin, std::string& salt) {
    salt = newKeySalt();
    return wrapDataKey(*m_dataKey, pin, salt);
}

void SchoolStore::changePin(const std::string& newPin) {
    if (*pinProblem(newPin)) throw Error(ErrorKind::Invalid, pinProblem(newPin));
    if (!m_dataKey) throw Error(ErrorKind::Auth, "the PIN can only be changed after the current PIN was given");
    const std::string hash = hashPin(newPin);
    std::string salt;
    const std::string wrapped = wrapForTeacher(newPin, salt);
    Transaction tx(m_db);
    auto st = m_db.prepare(
        "UPDATE teachers SET pin_hash=?, key_salt=?, wrapped_data_key=?, wrong_tries=0, last_wrong_ms=0 WHERE id=?");
    st.bind(1, hash).bindBlob(2, salt.data(), salt.size()).bindBlob(3, wrapped.data(), wrapped.size());
    st.bind(4, m_teacherId);
    st.run();
    if (m_db.changes() != 1) throw Error(ErrorKind::NotFound, "the logged-in teacher no longer exists");
    tx.commit();
}

void SchoolStore::requireOwnClass(int64_t classId) {
    if (m_role == TeacherRole::Admin) return;
    auto st = m_db.prepare("SELECT 1 FROM classes WHERE id=? AND teacher_id IS NOT ?");
    st.bind(1, classId).bind(2, m_teacherId);
    // Another teacher's class (or nobody's): as closed as without a PIN. No such class: the caller says so.
    if (st.step()) throw Error(ErrorKind::Auth, "class " + std::to_string(classId) + " is another teacher's");
}

void SchoolStore::requireClassInUse(int64_t classId, const char* what) {
    auto st = m_db.prepare("SELECT name FROM classes WHERE id=? AND archived_at IS NOT NULL");
    st.bind(1, classId);
    if (st.step())
        throw Error(ErrorKind::Invalid, std::string(what) + " class '" + st.getText(0) +
                                            "' is not possible: it is archived (an earlier measurement, read-only)");
}

void SchoolStore::requireAdmin(const char* what) {
    if (!loggedInAsAdmin())
        throw Error(ErrorKind::Auth, std::string("only an administrator, logged in with their PIN, can ") + what);
    // Still one now: another kiosk process on the same data may have removed this administrator
    // since their PIN was given.
    auto st = m_db.prepare("SELECT 1 FROM teachers WHERE id=? AND role='admin'");
    st.bind(1, m_teacherId);
    if (!st.step())
        throw Error(ErrorKind::Auth, std::string("the logged-in administrator was removed, and so cannot ") + what);
}

std::vector<TeacherInfo> SchoolStore::teachers() {
    std::vector<TeacherInfo> out;
    auto st = m_db.prepare(
        "SELECT t.id, t.name, t.role, (SELECT count(*) FROM classes c WHERE c.teacher_id=t.id) FROM teachers t "
        "ORDER BY t.name COLLATE NOCASE, t.id");
    while (st.step())
        out.push_back({st.getInt(0), st.getText(1),
                       st.getText(2) == "admin" ? TeacherRole::Admin : TeacherRole::Teacher,
                       static_cast<int>(st.getInt(3))});
    return out;
}

std::optional<TeacherInfo> SchoolStore::loggedInTeacher() {
    if (!m_dataKey) return std::nullopt;
    for (const TeacherInfo& t : teachers())
        if (t.id == m_teacherId) return t;
    return std::nullopt;
}

int64_t SchoolStore::addTeacher(const std::string& name, const std::string& pin, TeacherRole role, int64_t nowMs) {
    requireAdmin("add a teacher");
    const std::string n = teacherName(name);
    if (*pinProblem(pin)) throw Error(ErrorKind::Invalid, pinProblem(pin));
    {
        auto st = m_db.prepare("SELECT count(*), sum(name=? COLLATE NOCASE) FROM teachers");
        st.bind(1, n);
        st.step();
        if (st.getInt(1) > 0) throw Error(ErrorKind::Invalid, "a teacher named '" + n + "' already exists");
        if (st.getInt(0) >= kMaxTeachers)
            throw Error(ErrorKind::Invalid, "a school has at most " + std::to_string(kMaxTeachers) + " teachers");
    }
    const std::string hash = hashPin(pin);
    std::string salt;
    const std::string wrapped = wrapForTeacher(pin, salt);
    Transaction tx(m_db);
    auto st = m_db.prepare(
        "INSERT INTO teachers(name, role, pin_hash, key_salt, wrapped_data_key, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, n).bind(2, roleText(role)).bind(3, hash).bindBlob(4, salt.data(), salt.size());
    st.bindBlob(5, wrapped.data(), wrapped.size()).bind(6, isoTimestamp(nowMs));
    st.run();
    const int64_t id = m_db.lastInsertId();
    tx.commit();
    return id;
}

void SchoolStore::removeTeacher(int64_t teacherId) {
    requireAdmin("remove a teacher");
    if (teacherId == m_teacherId)
        throw Error(ErrorKind::Invalid, "you cannot remove yourself: another administrator can");
    Transaction tx(m_db);
    {
        auto st =
            m_db.prepare("SELECT role, (SELECT count(*) FROM teachers WHERE role='admin') FROM teachers WHERE id=?");
        st.bind(1, teacherId);
        if (!st.step()) throw Error(ErrorKind::NotFound, "teacher " + std::to_string(teacherId) + " does not exist");
        if (st.getText(0) == "admin" && st.getInt(1) <= 1)
            throw Error(ErrorKind::Invalid, "the school's last administrator cannot be removed");
    }
    auto release = m_db.prepare("UPDATE classes SET teacher_id=NULL WHERE teacher_id=?");
    release.bind(1, teacherId);
    release.run();
    // Their scores stay, under the name they had; without the id, which SQLite may give to a
    // teacher added later (schema version 10).
    auto scores = m_db.prepare("UPDATE human_scores SET teacher_id=NULL WHERE teacher_id=?");
    scores.bind(1, teacherId);
    scores.run();
    auto del = m_db.prepare("DELETE FROM teachers WHERE id=?");
    del.bind(1, teacherId);
    del.run();
    tx.commit();
}

void SchoolStore::resetTeacherPin(int64_t teacherId, const std::string& newPin) {
    requireAdmin("reset a teacher's PIN");
    if (*pinProblem(newPin)) throw Error(ErrorKind::Invalid, pinProblem(newPin));
    const std::string hash = hashPin(newPin);
    std::string salt;
    const std::string wrapped = wrapForTeacher(newPin, salt);
    Transaction tx(m_db);
    auto st = m_db.prepare(
        "UPDATE teachers SET pin_hash=?, key_salt=?, wrapped_data_key=?, wrong_tries=0, last_wrong_ms=0 WHERE id=?");
    st.bind(1, hash).bindBlob(2, salt.data(), salt.size()).bindBlob(3, wrapped.data(), wrapped.size());
    st.bind(4, teacherId);
    st.run();
    if (m_db.changes() != 1)
        throw Error(ErrorKind::NotFound, "teacher " + std::to_string(teacherId) + " does not exist");
    tx.commit();
}

void SchoolStore::assignClass(int64_t classId, int64_t teacherId) {
    requireAdmin("hand a class to a teacher");
    Transaction tx(m_db);
    if (teacherId != 0) {
        auto st = m_db.prepare("SELECT 1 FROM teachers WHERE id=?");
        st.bind(1, teacherId);
        if (!st.step()) throw Error(ErrorKind::NotFound, "teacher " + std::to_string(teacherId) + " does not exist");
    }
    auto st = m_db.prepare("UPDATE classes SET teacher_id=? WHERE id=?");
    if (teacherId != 0)
        st.bind(1, teacherId);
    else
        st.bindNull(1);
    st.bind(2, classId);
    st.run();
    if (m_db.changes() != 1) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    tx.commit();
}

bool SchoolStore::secretAwaitsSealing() {
    auto st = m_db.prepare(
        "SELECT NOT EXISTS (SELECT 1 FROM teachers WHERE wrapped_data_key IS NOT NULL) OR EXISTS (SELECT 1 FROM "
        "pupils WHERE legacy_code IS NOT NULL OR legacy_name IS NOT NULL) FROM school WHERE id=1");
    return st.step() && st.getInt(0) != 0;
}

void SchoolStore::unlock(int64_t teacherId, const std::string& pin, int64_t nowMs) {
    auto st = m_db.prepare(
        "SELECT t.key_salt, t.wrapped_data_key, s.pseudonym_key, t.role FROM school s, teachers t WHERE s.id=1 AND "
        "t.id=?");
    st.bind(1, teacherId);
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    auto key = std::make_unique<DataKey>();
    const bool secretInPlain = st.isNull(1);
    const TeacherRole role = st.getText(3) == "admin" ? TeacherRole::Admin : TeacherRole::Teacher;
    // The PIN matched its hash but does not open the wrapped key: the file was tampered with.
    if (!secretInPlain && !unwrapDataKey(st.getBlob(1), pin, st.getBlob(0), *key))
        throw Error(ErrorKind::Corrupt, m_db.path() + ": the stored data key does not open with the teacher's PIN");
    const std::string plainSecret = secretInPlain ? st.getBlob(2) : std::string();
    st.reset();
    // A teacher without a wrapped key while others have one: their row was changed by hand.
    if (secretInPlain) {
        auto others = m_db.prepare("SELECT 1 FROM teachers WHERE wrapped_data_key IS NOT NULL");
        if (others.step())
            throw Error(ErrorKind::Corrupt, m_db.path() + ": this teacher's wrapped data key is missing");
    }
    m_teacherId = teacherId;
    m_role = role;
    bool pupilsInPlain = false;
    {
        auto legacy = m_db.prepare("SELECT 1 FROM pupils WHERE legacy_code IS NOT NULL OR legacy_name IS NOT NULL");
        pupilsInPlain = legacy.step();
    }
    if (!secretInPlain && !pupilsInPlain) {
        m_dataKey = std::move(key);
        return;
    }
    // A school from before sealing: seal its plaintext now, after a backup copy.
    if (secretInPlain && plainSecret.size() < 16)
        throw Error(ErrorKind::Corrupt, m_db.path() + ": the stored pseudonym key has " +
                                            std::to_string(plainSecret.size()) + " bytes, too few to be one");
    backupBeforeChange(m_db, "before-sealing", nowMs);
    m_db.exec("PRAGMA secure_delete=ON");  // emptied plaintext is overwritten, not left in a free block
    try {
        Transaction tx(m_db);
        if (secretInPlain) {
            key->randomize();
            const std::string salt = newKeySalt();
            const std::string wrapped = wrapDataKey(*key, pin, salt);
            const std::string sealed = sealWith(*key, plainSecret);
            auto up = m_db.prepare("UPDATE school SET pseudonym_key_sealed=?, pseudonym_key=x'' WHERE id=1");
            up.bindBlob(1, sealed.data(), sealed.size());
            up.run();
            auto wrap = m_db.prepare("UPDATE teachers SET key_salt=?, wrapped_data_key=? WHERE id=?");
            wrap.bindBlob(1, salt.data(), salt.size()).bindBlob(2, wrapped.data(), wrapped.size()).bind(3, teacherId);
            wrap.run();
        }
        m_dataKey = std::move(key);
        if (pupilsInPlain) sealLegacyPupils();
        tx.commit();
    } catch (...) {
        lock();  // nothing was sealed: a fresh key of a rolled-back sealing must not stay
        throw;
    }
    // The old pages (the dropped table of schema 4, the WAL) may still hold plaintext: VACUUM
    // rewrites the file without free pages, and the WAL is checkpointed and truncated.
    try {
        m_db.exec("VACUUM");
        m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const Error& e) {
        logWarning(std::string("after sealing, the old pages could not be rewritten yet: ") + e.what());
    }
    logInfo(std::string("sealed under the data key:") + (secretInPlain ? " the pseudonym secret" : "") +
            (pupilsInPlain ? " the pupils' codes and names" : ""));
}

// With the data key in hand (after unlock): a school from before schema 8 gets its key pair now.
// Nothing is overwritten: a pair another process made in the meantime stays. A failure (a
// read-only medium) leaves the teacher logged in; signing then says the key is missing.
void SchoolStore::makeSigningKeyIfMissing() {
    {
        auto st = m_db.prepare("SELECT signing_public_key IS NULL FROM school WHERE id=1");
        if (!st.step() || st.getInt(0) == 0) return;
    }
    try {
        const SigningKeyPair pair = newSigningKeyPair(*m_dataKey);
        Transaction tx(m_db);
        auto up = m_db.prepare(
            "UPDATE school SET signing_public_key=?, signing_secret_key_sealed=? WHERE id=1 AND signing_public_key IS "
            "NULL");
        up.bindBlob(1, pair.publicKey.data(), pair.publicKey.size());
        up.bindBlob(2, pair.sealedSecretKey.data(), pair.sealedSecretKey.size());
        up.run();
        tx.commit();
        logInfo("the school's signing key was made: " + keyFingerprint(pair.publicKey));
    } catch (const Error& e) {
        logWarning(std::string("the school's signing key could not be made yet: ") + e.what());
    }
}

PinResult SchoolStore::checkPin(int64_t teacherId, const std::string& pin, int64_t nowMs) {
    if (!isSetUp()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    std::string hash;
    int64_t failures = 0, lastFailure = 0;
    {
        auto st = m_db.prepare(
            "SELECT pin_hash, wrong_tries, last_wrong_ms, typeof(wrong_tries)='integer' AND "
            "typeof(last_wrong_ms)='integer' FROM teachers WHERE id=?");
        st.bind(1, teacherId);
        if (!st.step()) throw Error(ErrorKind::NotFound, "teacher " + std::to_string(teacherId) + " does not exist");
        // A counter that does not read as a number was tampered with: treat as locked, never as zero.
        if (st.getInt(3) == 0 || st.getInt(1) < 0)
            throw Error(ErrorKind::Corrupt, m_db.path() + ": the PIN failure counter of teacher " +
                                                std::to_string(teacherId) + " is damaged");
        hash = st.getText(0);
        failures = std::min<int64_t>(st.getInt(1), 1000);
        lastFailure = st.getInt(2);
    }  // no statement may stay open: unlocking may back the database up (VACUUM INTO)
    const auto storeTries = [&](int64_t tries, int64_t lastMs) {
        auto up = m_db.prepare("UPDATE teachers SET wrong_tries=?, last_wrong_ms=? WHERE id=?");
        up.bind(1, tries).bind(2, lastMs).bind(3, teacherId);
        up.run();
    };
    const int lockSeconds = pinLockSeconds(static_cast<int>(failures));
    if (lastFailure > nowMs) {
        // Stored by a clock that was ahead (or since set back): the last failure counts as now,
        // and is stored so, so that the lock runs out after lockSeconds of real time, never after
        // the clock catches up with the stored time (a day set back locked out for a day).
        lastFailure = nowMs;
        storeTries(failures, nowMs);
    }
    if (lockSeconds > 0 && nowMs < lastFailure + lockSeconds * 1000LL) {
        const int64_t left = (lastFailure + lockSeconds * 1000LL - nowMs + 999) / 1000;
        return {PinCheck::Locked, static_cast<int>(std::min<int64_t>(left, kMaxPinLockSeconds))};
    }
    const bool ok = verifyPin(pin, hash);
    {
        Transaction tx(m_db);
        if (ok)
            storeTries(0, lastFailure);
        else
            storeTries(failures + 1, nowMs);
        tx.commit();
    }
    if (ok) {
        lock();  // another teacher who was logged in is logged out first
        unlock(teacherId, pin, nowMs);
        makeSigningKeyIfMissing();
        return {PinCheck::Ok, 0};
    }
    const int nextLock = pinLockSeconds(static_cast<int>(failures) + 1);
    return {nextLock > 0 ? PinCheck::Locked : PinCheck::Wrong, nextLock};
}

PinResult SchoolStore::checkPin(const std::string& pin, int64_t nowMs) {
    if (!isSetUp()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    const std::vector<TeacherInfo> all = teachers();
    if (all.empty()) throw Error(ErrorKind::Corrupt, m_db.path() + ": the school has no teacher");
    // Whose PIN it is, found first without counting, so that one teacher's correct PIN never
    // counts as a wrong try against a colleague; only then the check with its delay.
    for (const TeacherInfo& t : all) {
        std::string hash;
        {
            auto st = m_db.prepare("SELECT pin_hash FROM teachers WHERE id=?");
            st.bind(1, t.id);
            if (!st.step()) continue;
            hash = st.getText(0);
        }
        if (verifyPin(pin, hash)) return checkPin(t.id, pin, nowMs);
    }
    // Nobody's: a wrong try against each (a locked teacher stays as locked, not counted).
    PinResult result{PinCheck::Locked, kMaxPinLockSeconds};
    for (const TeacherInfo& t : all) {
        const PinResult r = checkPin(t.id, pin, nowMs);
        if (r.result == PinCheck::Wrong)
            result = r;
        else if (result.result == PinCheck::Locked)
            result.lockedSeconds = std::min(result.lockedSeconds, r.lockedSeconds);
    }
    return result;
}

int64_t SchoolStore::createClass(const std::string& name, int64_t nowMs) {
    const std::string n = trim(name);
    if (n.empty()) throw Error(ErrorKind::Invalid, "a class needs a name");
    if (findClass(n)) throw Error(ErrorKind::Invalid, "a class named '" + n + "' already exists");
    Transaction tx(m_db);
    auto st = m_db.prepare("INSERT INTO classes(name, created_at, teacher_id) VALUES (?, ?, ?)");
    st.bind(1, n).bind(2, isoTimestamp(nowMs));
    if (m_dataKey && m_teacherId != 0)
        st.bind(3, m_teacherId);
    else
        st.bindNull(3);
    st.run();
    const int64_t id = m_db.lastInsertId();
    tx.commit();
    return id;
}

namespace {
constexpr const char* kClassColumns =
    "SELECT c.id, c.name, (SELECT count(*) FROM pupils p WHERE p.class_id=c.id), coalesce(c.teacher_id, 0), "
    "coalesce(c.archived_at, 0), coalesce(c.round_of, 0) FROM classes c ";
ClassInfo classFrom(const Statement& st) {
    return {st.getInt(0), st.getText(1), static_cast<int>(st.getInt(2)), st.getInt(3), st.getInt(4), st.getInt(5)};
}
}  // namespace

std::vector<ClassInfo> SchoolStore::classes() {
    std::vector<ClassInfo> out;
    auto st = m_db.prepare(std::string(kClassColumns) + "ORDER BY c.name");
    while (st.step()) out.push_back(classFrom(st));
    return out;
}

std::vector<ClassInfo> SchoolStore::visibleClasses() {
    if (!m_dataKey) return {};
    if (m_role == TeacherRole::Admin) return classes();
    std::vector<ClassInfo> out;
    auto st = m_db.prepare(std::string(kClassColumns) + "WHERE c.teacher_id=? ORDER BY c.name");
    st.bind(1, m_teacherId);
    while (st.step()) out.push_back(classFrom(st));
    return out;
}

std::optional<ClassInfo> SchoolStore::findClass(const std::string& name) {
    auto st = m_db.prepare(std::string(kClassColumns) + "WHERE c.name=?");
    st.bind(1, trim(name));
    if (!st.step()) return std::nullopt;
    return classFrom(st);
}

void SchoolStore::renameClass(int64_t classId, const std::string& newName) {
    const std::string n = trim(newName);
    if (n.empty()) throw Error(ErrorKind::Invalid, "a class needs a name");
    Transaction tx(m_db);
    {
        auto st = m_db.prepare("SELECT 1 FROM classes WHERE id=?");
        st.bind(1, classId);
        if (!st.step()) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    }
    if (const auto other = findClass(n); other && other->id != classId)
        throw Error(ErrorKind::Invalid, "a class named '" + n + "' already exists");
    auto st = m_db.prepare("UPDATE classes SET name=? WHERE id=?");
    st.bind(1, n).bind(2, classId);
    st.run();
    tx.commit();
}

void SchoolStore::setSessionDesign(int64_t classId, const std::string& designName) {
    Transaction tx(m_db);
    requireOwnClass(classId);
    auto st = m_db.prepare("UPDATE classes SET session_design=nullif(?, '') WHERE id=?");
    st.bind(1, trim(designName)).bind(2, classId);
    st.run();
    if (m_db.changes() != 1) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    tx.commit();
}

std::string SchoolStore::sessionDesign(int64_t classId) {
    auto st = m_db.prepare("SELECT coalesce(session_design, '') FROM classes WHERE id=?");
    st.bind(1, classId);
    if (!st.step()) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    return st.getText(0);
}

void SchoolStore::movePupil(int64_t pupilId, int64_t toClassId) {
    Transaction tx(m_db);
    {
        auto st = m_db.prepare("SELECT 1 FROM pupils WHERE id=?");
        st.bind(1, pupilId);
        if (!st.step()) throw Error(ErrorKind::NotFound, "pupil " + std::to_string(pupilId) + " does not exist");
    }
    {
        auto st = m_db.prepare("SELECT 1 FROM classes WHERE id=?");
        st.bind(1, toClassId);
        if (!st.step()) throw Error(ErrorKind::NotFound, "class " + std::to_string(toClassId) + " does not exist");
    }
    requireClassInUse(toClassId, "moving a pupil into");
    {
        auto from = m_db.prepare("SELECT class_id FROM pupils WHERE id=?");
        from.bind(1, pupilId);
        from.step();
        if (from.getInt(0) == toClassId) return;  // where the pupil is: nothing changes
        requireClassInUse(from.getInt(0), "moving a pupil out of");
    }
    auto st = m_db.prepare("UPDATE pupils SET class_id=? WHERE id=?");
    st.bind(1, toClassId).bind(2, pupilId);
    st.run();
    tx.commit();
}

SchoolStore::ClassHoldings SchoolStore::classHoldings(int64_t classId) {
    auto st = m_db.prepare(
        "SELECT (SELECT count(*) FROM pupils WHERE class_id=c.id), "
        "(SELECT count(*) FROM attempts a JOIN pupils p ON p.id=a.pupil_id WHERE p.class_id=c.id), "
        "(SELECT count(*) FROM responses r JOIN attempts a ON a.id=r.attempt_id JOIN pupils p ON p.id=a.pupil_id "
        "WHERE p.class_id=c.id) FROM classes c WHERE c.id=?");
    st.bind(1, classId);
    if (!st.step()) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    return {static_cast<int>(st.getInt(0)), static_cast<int>(st.getInt(1)), static_cast<int>(st.getInt(2))};
}

namespace {
// Every (table, column) whose foreign key points at `target`'s id, read from the database itself,
// so a table a later schema adds (an incident log, imported bundles) is deleted with its class
// rather than left pointing at nothing. A reference two steps away that is not covered makes the
// delete fail whole (foreign keys are on), never half-done.
std::vector<std::pair<std::string, std::string>> referencesTo(Database& db, const std::string& target) {
    std::vector<std::string> tables;
    {
        auto st = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'");
        while (st.step()) tables.push_back(st.getText(0));
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& table : tables) {
        auto st = db.prepare("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)");
        st.bind(1, table);
        while (st.step())
            if (st.getText(0) == target) out.emplace_back(table, st.getText(1));
    }
    return out;
}
// An identifier from sqlite_master, quoted for SQL.
std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}
}  // namespace

std::string SchoolStore::deleteClass(int64_t classId, int64_t nowMs) {
    if (!m_dataKey) throw Error(ErrorKind::Auth, "deleting a class needs a teacher's PIN");
    classHoldings(classId);  // Error(NotFound) before any backup is made
    requireOwnClass(classId);
    const std::string backup = backupBeforeChange(m_db, "before-deleting-class", nowMs);
    const std::string id = std::to_string(classId);
    const std::string attemptsOfClass =
        "(SELECT a.id FROM attempts a JOIN pupils p ON p.id=a.pupil_id WHERE p.class_id=" + id + ")";
    const std::string pupilsOfClass = "(SELECT id FROM pupils WHERE class_id=" + id + ")";
    Transaction tx(m_db);
    // The links between rounds are no foreign keys (schema version 12): the other rounds stay, unlinked.
    m_db.exec("UPDATE pupils SET previous_id=NULL WHERE previous_id IN " + pupilsOfClass);
    m_db.exec("UPDATE classes SET round_of=NULL WHERE round_of=" + id);
    // Leaves first: what hangs on an attempt, then on a pupil (attempts among them), then on the class.
    for (const auto& [table, column] : referencesTo(m_db, "attempts"))
        m_db.exec("DELETE FROM " + quoted(table) + " WHERE " + quoted(column) + " IN " + attemptsOfClass);
    for (const auto& [table, column] : referencesTo(m_db, "pupils"))
        m_db.exec("DELETE FROM " + quoted(table) + " WHERE " + quoted(column) + " IN " + pupilsOfClass);
    for (const auto& [table, column] : referencesTo(m_db, "classes"))
        m_db.exec("DELETE FROM " + quoted(table) + " WHERE " + quoted(column) + "=" + id);
    m_db.exec("DELETE FROM classes WHERE id=" + id);
    tx.commit();
    return backup;
}

namespace {
// What the pupil may see of their own name after typing their code: its first word.
std::string firstWordOf(const std::string& name) {
    const std::string n = trim(name);
    const size_t space = n.find_first_of(" \t");
    return space == std::string::npos ? n : n.substr(0, space);
}
void bindSealed(Statement& st, int index, const std::string& sealed) {
    if (sealed.empty())
        st.bindNull(index);
    else
        st.bindBlob(index, sealed.data(), sealed.size());
}
}  // namespace

std::string SchoolStore::codeSalt() {
    {
        auto st = m_db.prepare("SELECT code_salt FROM school WHERE id=1");
        if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
        if (!st.isNull(0)) return st.getBlob(0);
    }
    const std::string salt = newCodeSalt();
    auto up = m_db.prepare("UPDATE school SET code_salt=? WHERE id=1 AND code_salt IS NULL");
    up.bindBlob(1, salt.data(), salt.size());
    up.run();
    return salt;
}

void SchoolStore::hashLegacyCodes() {
    std::vector<std::pair<int64_t, std::pair<std::string, std::string>>> legacy;
    {
        auto st = m_db.prepare(
            "SELECT id, legacy_code, coalesce(legacy_name, '') FROM pupils WHERE code_hash IS NULL AND legacy_code IS "
            "NOT NULL");
        while (st.step()) legacy.push_back({st.getInt(0), {st.getText(1), st.getText(2)}});
    }
    if (legacy.empty()) return;
    Transaction tx(m_db);
    const std::string salt = codeSalt();
    auto up = m_db.prepare("UPDATE pupils SET code_hash=?, first_name_sealed=? WHERE id=?");
    for (const auto& [id, codeAndName] : legacy) {
        CodeSecrets secrets;
        deriveCodeSecrets(canonicalPupilCode(codeAndName.first), salt, secrets);
        const std::string first = firstWordOf(codeAndName.second);
        up.bindBlob(1, secrets.lookupHash.data(), secrets.lookupHash.size());
        bindSealed(up, 2, first.empty() ? std::string() : sealWith(secrets.pupilKey, first));
        up.bind(3, id);
        up.run();
    }
    tx.commit();
    logInfo("pupil codes of an older school given lookup hashes: " + std::to_string(legacy.size()));
}

// Inside the caller's transaction, with the data key in hand.
void SchoolStore::sealLegacyPupils() {
    std::vector<std::pair<int64_t, std::pair<std::string, std::string>>> legacy;
    {
        auto st = m_db.prepare(
            "SELECT id, coalesce(legacy_code, ''), coalesce(legacy_name, '') FROM pupils WHERE legacy_code IS NOT "
            "NULL OR legacy_name IS NOT NULL");
        while (st.step()) legacy.push_back({st.getInt(0), {st.getText(1), st.getText(2)}});
    }
    auto up = m_db.prepare(
        "UPDATE pupils SET code_sealed=coalesce(?, code_sealed), name_sealed=?, legacy_code=NULL, legacy_name=NULL "
        "WHERE id=?");
    for (const auto& [id, codeAndName] : legacy) {
        const std::string& code = codeAndName.first;
        const std::string name = trim(codeAndName.second);
        bindSealed(up, 1, code.empty() ? std::string() : sealWith(*m_dataKey, canonicalPupilCode(code)));
        bindSealed(up, 2, name.empty() ? std::string() : sealWith(*m_dataKey, name));
        up.bind(3, id);
        up.run();
    }
}

std::vector<PupilInfo> SchoolStore::addPupils(int64_t classId, const std::vector<std::string>& names, int64_t nowMs) {
    if (names.size() > 500) throw Error(ErrorKind::Invalid, "at most 500 pupils at a time");
    if (!m_dataKey) throw Error(ErrorKind::Auth, "pupils can only be added after a teacher's PIN (names are sealed)");
    requireOwnClass(classId);
    std::vector<PupilInfo> out;
    Transaction tx(m_db);
    {
        auto check = m_db.prepare("SELECT 1 FROM classes WHERE id=?");
        check.bind(1, classId);
        if (!check.step()) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    }
    requireClassInUse(classId, "adding pupils to");
    int number = 0;
    {
        auto count = m_db.prepare("SELECT count(*) FROM pupils WHERE class_id=?");
        count.bind(1, classId);
        count.step();
        number = static_cast<int>(count.getInt(0));
    }
    const std::string salt = codeSalt();
    auto exists = m_db.prepare("SELECT 1 FROM pupils WHERE code_hash=?");
    auto insert = m_db.prepare(
        "INSERT INTO pupils(class_id, code_hash, code_sealed, name_sealed, first_name_sealed, language, created_at) "
        "VALUES (?, ?, ?, ?, ?, 'nl', ?)");
    for (const auto& name : names) {
        std::string code;
        CodeSecrets secrets;
        do {  // 31^8 codes: a collision is rare, but a duplicate would be fatal to a pupil's data.
            code = newPupilCode();
            deriveCodeSecrets(code, salt, secrets);
            exists.bindBlob(1, secrets.lookupHash.data(), secrets.lookupHash.size());
            const bool taken = exists.step();
            exists.reset();
            if (!taken) break;
        } while (true);
        const std::string n = trim(name);
        const std::string first = firstWordOf(n);
        insert.bind(1, classId).bindBlob(2, secrets.lookupHash.data(), secrets.lookupHash.size());
        bindSealed(insert, 3, sealWith(*m_dataKey, code));
        bindSealed(insert, 4, n.empty() ? std::string() : sealWith(*m_dataKey, n));
        bindSealed(insert, 5, first.empty() ? std::string() : sealWith(secrets.pupilKey, first));
        insert.bind(6, isoTimestamp(nowMs));
        insert.run();
        out.push_back({m_db.lastInsertId(), classId, code, n, "nl", {}, first, ++number});
    }
    tx.commit();
    return out;
}

namespace {
constexpr const char* kPupilColumns =
    "id, class_id, code_sealed, name_sealed, legacy_code, coalesce(legacy_name, ''), language, text_scale_pct, "
    "high_contrast, extra_time_pct, dyslexia_font, read_aloud, first_name_sealed";
}  // namespace

// Codes and names are opened when the store is unlocked; an older school's plaintext (until the
// first PIN) is read as it is.
PupilInfo SchoolStore::pupilFrom(const Statement& st) {
    PupilInfo p{st.getInt(0), st.getInt(1), {}, {}, st.getText(6), {}, {}, 0};
    p.accommodations = {static_cast<int>(st.getInt(7)), st.getInt(8) != 0, static_cast<int>(st.getInt(9)),
                        st.getInt(10) != 0, st.getInt(11) != 0};
    if (!st.isNull(4)) p.code = st.getText(4);
    p.displayName = st.getText(5);
    if (m_dataKey) {
        if (!st.isNull(2)) p.code = openWith(*m_dataKey, st.getBlob(2), "pupil code");
        if (!st.isNull(3)) p.displayName = openWith(*m_dataKey, st.getBlob(3), "pupil name");
    }
    p.firstName = firstWordOf(p.displayName);
    return p;
}

std::vector<PupilInfo> SchoolStore::pupils(int64_t classId) {
    if (!m_dataKey)
        throw Error(ErrorKind::Auth,
                    "the pupils' codes and names are sealed: the teacher's PIN is needed to read them");
    requireOwnClass(classId);
    std::vector<PupilInfo> out;
    auto st = m_db.prepare(std::string("SELECT ") + kPupilColumns + " FROM pupils WHERE class_id=? ORDER BY id");
    st.bind(1, classId);
    while (st.step()) {
        out.push_back(pupilFrom(st));
        out.back().numberInClass = static_cast<int>(out.size());
    }
    return out;
}

std::vector<PupilInfo> SchoolStore::everyPupil() {
    if (!loggedInAsAdmin())
        throw Error(ErrorKind::Auth, "every pupil of the school is for an administrator's eyes: their PIN is needed");
    std::vector<PupilInfo> out;
    auto st = m_db.prepare(std::string("SELECT ") + kPupilColumns + " FROM pupils ORDER BY id");
    while (st.step()) out.push_back(pupilFrom(st));
    return out;
}

std::optional<PupilInfo> SchoolStore::findPupilByCode(const std::string& typedCode) {
    const std::string code = canonicalPupilCode(typedCode);
    if (code.size() != 9) return std::nullopt;  // not the shape of a code: no Argon2id run needed
    std::string salt;
    {
        auto st = m_db.prepare("SELECT code_salt FROM school WHERE id=1 AND code_salt IS NOT NULL");
        if (!st.step()) return std::nullopt;  // no pupil has ever been added
        salt = st.getBlob(0);
    }
    CodeSecrets secrets;
    deriveCodeSecrets(code, salt, secrets);
    auto st = m_db.prepare(std::string("SELECT ") + kPupilColumns + " FROM pupils WHERE code_hash=?");
    st.bindBlob(1, secrets.lookupHash.data(), secrets.lookupHash.size());
    if (!st.step()) return std::nullopt;
    PupilInfo p = pupilFrom(st);
    p.code = code;
    if (!st.isNull(12)) p.firstName = openWith(secrets.pupilKey, st.getBlob(12), "pupil's first name");
    st.reset();
    auto number = m_db.prepare("SELECT count(*) FROM pupils WHERE class_id=? AND id<=?");
    number.bind(1, p.classId).bind(2, p.id);
    number.step();
    p.numberInClass = static_cast<int>(number.getInt(0));
    return p;
}

void SchoolStore::setAccommodations(int64_t pupilId, const Accommodations& a) {
    if (a.textScalePct != 100 && a.textScalePct != 125 && a.textScalePct != 150 && a.textScalePct != 200)
        throw Error(ErrorKind::Invalid, "text size is 100, 125, 150 or 200%");
    if (a.extraTimePct < 0 || a.extraTimePct > 100) throw Error(ErrorKind::Invalid, "extra time is 0 to 100%");
    Transaction tx(m_db);
    auto st = m_db.prepare(
        "UPDATE pupils SET text_scale_pct=?, high_contrast=?, extra_time_pct=?, dyslexia_font=?, read_aloud=? WHERE "
        "id=?");
    st.bind(1, a.textScalePct).bind(2, a.highContrast ? 1 : 0).bind(3, a.extraTimePct).bind(4, a.dyslexiaFont ? 1 : 0);
    st.bind(5, a.readAloud ? 1 : 0).bind(6, pupilId);
    st.run();
    if (m_db.changes() != 1) throw Error(ErrorKind::NotFound, "pupil " + std::to_string(pupilId) + " does not exist");
    tx.commit();
}

std::string SchoolStore::signingPublicKey() {
    auto st = m_db.prepare("SELECT signing_public_key FROM school WHERE id=1");
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    if (st.isNull(0))
        throw Error(ErrorKind::NotFound,
                    "the school has no signing key yet: it is made at the teacher's next PIN (on the teacher screen, "
                    "or by dlkiosk sign)");
    return st.getBlob(0);
}

SigningKeyPair SchoolStore::newSealedKeyPair() {
    if (!m_dataKey) throw Error(ErrorKind::Auth, "a kiosk's key is sealed: the teacher's PIN is needed");
    return newSigningKeyPair(*m_dataKey);
}

std::unique_ptr<SigningKey> SchoolStore::openSealedKey(std::string_view publicKey, std::string_view sealedSecretKey) {
    if (!m_dataKey) throw Error(ErrorKind::Auth, "the kiosk's key is sealed: the teacher's PIN is needed to sign");
    return std::make_unique<SigningKey>(*m_dataKey, publicKey, sealedSecretKey);
}

std::unique_ptr<SigningKey> SchoolStore::signingKey() {
    const std::string publicKey = signingPublicKey();
    if (!m_dataKey) throw Error(ErrorKind::Auth, "the signing key is sealed: the teacher's PIN is needed to sign");
    auto st =
        m_db.prepare("SELECT signing_secret_key_sealed, EXISTS (SELECT 1 FROM this_kiosk) FROM school WHERE id=1");
    const bool row = st.step();
    if (row && st.isNull(0) && st.getInt(1) != 0)  // a kiosk that joined a school (kiosks/)
        throw Error(ErrorKind::Invalid,
                    "this kiosk joined a school: the school's key stays on the school's kiosk, which signs and exports "
                    "(this kiosk's results go there as result bundles)");
    if (!row || st.isNull(0))
        throw Error(ErrorKind::Corrupt, m_db.path() + ": the school has a public signing key but no sealed secret key");
    try {
        return std::make_unique<SigningKey>(*m_dataKey, publicKey, st.getBlob(0));
    } catch (const Error& e) {
        throw Error(e.kind(), m_db.path() + ": " + e.what());
    }
}

std::string SchoolStore::pseudonymKey() {
    auto st = m_db.prepare("SELECT pseudonym_key_sealed FROM school WHERE id=1");
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    if (!m_dataKey) throw Error(ErrorKind::Auth, "the pseudonym key is sealed: the teacher's PIN is needed to read it");
    if (st.isNull(0)) throw Error(ErrorKind::Corrupt, m_db.path() + ": the school has no sealed pseudonym key");
    return openWith(*m_dataKey, st.getBlob(0), "pseudonym key");
}

}  // namespace dlk
