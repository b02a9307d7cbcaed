#include "school/school_store.h"

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "security/data_key.h"
#include "security/pin_hash.h"
#include "security/pseudonym.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

SchoolStore::SchoolStore(Database& db) : m_db(db) {}
SchoolStore::~SchoolStore() = default;

void SchoolStore::lock() {
    m_dataKey.reset();  // ~DataKey zeroes and unlocks the memory
}

namespace {
std::string metaGet(Database& db, std::string_view key, const std::string& fallback) {
    auto st = db.prepare("SELECT value FROM meta WHERE key=?");
    st.bind(1, key);
    return st.step() ? st.getText(0) : fallback;
}
void metaSet(Database& db, std::string_view key, const std::string& value) {
    auto st =
        db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
    st.bind(1, key).bind(2, value);
    st.run();
}
}  // namespace

bool SchoolStore::isSetUp() {
    auto st = m_db.prepare("SELECT 1 FROM school WHERE id=1");
    return st.step();
}

std::string SchoolStore::schoolName() {
    auto st = m_db.prepare("SELECT name FROM school WHERE id=1");
    return st.step() ? st.getText(0) : std::string();
}

void SchoolStore::setUpSchool(const std::string& name, const std::string& pin, int64_t nowMs) {
    const std::string n = trim(name);
    if (n.empty()) throw Error(ErrorKind::Invalid, "the school needs a name");
    if (*pinProblem(pin)) throw Error(ErrorKind::Invalid, pinProblem(pin));
    if (isSetUp()) throw Error(ErrorKind::Invalid, "this database already has a school");
    const std::string hash = hashPin(pin);
    auto dataKey = std::make_unique<DataKey>();
    dataKey->randomize();
    const std::string salt = newKeySalt();
    const std::string wrapped = wrapDataKey(*dataKey, pin, salt);
    const std::string sealed = sealWith(*dataKey, newPseudonymKey());
    Transaction tx(m_db);
    // pseudonym_key (NOT NULL since schema 1) stays empty: the secret is only stored sealed.
    auto st = m_db.prepare(
        "INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at, key_salt, wrapped_data_key, "
        "pseudonym_key_sealed) VALUES (1, ?, ?, x'', ?, ?, ?, ?)");
    st.bind(1, n).bind(2, hash).bind(3, isoTimestamp(nowMs));
    st.bindBlob(4, salt.data(), salt.size()).bindBlob(5, wrapped.data(), wrapped.size());
    st.bindBlob(6, sealed.data(), sealed.size());
    st.run();
    tx.commit();
    m_dataKey = std::move(dataKey);
}

void SchoolStore::changePin(const std::string& newPin) {
    if (*pinProblem(newPin)) throw Error(ErrorKind::Invalid, pinProblem(newPin));
    if (!m_dataKey) throw Error(ErrorKind::Auth, "the PIN can only be changed after the current PIN was given");
    const std::string hash = hashPin(newPin);
    const std::string salt = newKeySalt();
    const std::string wrapped = wrapDataKey(*m_dataKey, newPin, salt);
    Transaction tx(m_db);
    auto st = m_db.prepare("UPDATE school SET pin_hash=?, key_salt=?, wrapped_data_key=? WHERE id=1");
    st.bind(1, hash).bindBlob(2, salt.data(), salt.size()).bindBlob(3, wrapped.data(), wrapped.size());
    st.run();
    tx.commit();
}

bool SchoolStore::secretAwaitsSealing() {
    auto st = m_db.prepare("SELECT wrapped_data_key IS NULL FROM school WHERE id=1");
    return st.step() && st.getInt(0) != 0;
}

void SchoolStore::unlock(const std::string& pin, int64_t nowMs) {
    auto st = m_db.prepare("SELECT key_salt, wrapped_data_key, pseudonym_key FROM school WHERE id=1");
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    auto key = std::make_unique<DataKey>();
    if (!st.isNull(1)) {
        // The PIN matched its hash but does not open the wrapped key: the file was tampered with.
        if (!unwrapDataKey(st.getBlob(1), pin, st.getBlob(0), *key))
            throw Error(ErrorKind::Corrupt, m_db.path() + ": the stored data key does not open with the teacher's PIN");
        m_dataKey = std::move(key);
        return;
    }
    // A school from before sealing: seal its plaintext secret now, after a backup copy.
    const std::string plain = st.getBlob(2);
    st.reset();
    if (plain.size() < 16)
        throw Error(ErrorKind::Corrupt, m_db.path() + ": the stored pseudonym key has " + std::to_string(plain.size()) +
                                            " bytes, too few to be one");
    if (m_db.path() != ":memory:" && !m_db.path().empty()) {
        const auto dir = std::filesystem::path(m_db.path()).parent_path() / "backups";
        makePrivateDir(dir.string());
        std::string stamp = isoTimestamp(nowMs);
        std::replace(stamp.begin(), stamp.end(), ':', '-');
        // Named like the kiosk's own backups, so it is rotated out after three more of them.
        const std::string target = (dir / ("dlkiosk-" + stamp + "-before-sealing.db")).string();
        m_db.backupTo(target);
        logInfo("backup before sealing the pseudonym secret: " + target);
    }
    key->randomize();
    const std::string salt = newKeySalt();
    const std::string wrapped = wrapDataKey(*key, pin, salt);
    const std::string sealed = sealWith(*key, plain);
    m_db.exec("PRAGMA secure_delete=ON");  // the emptied plaintext is overwritten, not left in a free block
    Transaction tx(m_db);
    auto up = m_db.prepare(
        "UPDATE school SET key_salt=?, wrapped_data_key=?, pseudonym_key_sealed=?, pseudonym_key=x'' WHERE id=1");
    up.bindBlob(1, salt.data(), salt.size()).bindBlob(2, wrapped.data(), wrapped.size());
    up.bindBlob(3, sealed.data(), sealed.size());
    up.run();
    tx.commit();
    // The WAL still holds the page with the plaintext until it is checkpointed and truncated.
    try {
        m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const Error& e) {
        logWarning(std::string("after sealing, the WAL could not be truncated yet: ") + e.what());
    }
    logInfo("pseudonym secret sealed under the data key");
    m_dataKey = std::move(key);
}

PinResult SchoolStore::checkPin(const std::string& pin, int64_t nowMs) {
    auto st = m_db.prepare("SELECT pin_hash FROM school WHERE id=1");
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    const std::string hash = st.getText(0);
    st.reset();  // no statement may stay open: unlocking may back the database up (VACUUM INTO)

    int64_t failures = 0, lastFailure = 0;
    // A counter that does not read as a number was tampered with: treat as locked, never as zero.
    if (!parseInt64(metaGet(m_db, "pin_failures", "0"), failures) || failures < 0 ||
        !parseInt64(metaGet(m_db, "pin_last_failure_ms", "0"), lastFailure))
        throw Error(ErrorKind::Corrupt, m_db.path() + ": the PIN failure counter is damaged");
    failures = std::min<int64_t>(failures, 1000);
    const int lockSeconds = pinLockSeconds(static_cast<int>(failures));
    if (lastFailure > nowMs) {
        // Stored by a clock that was ahead (or since set back): the last failure counts as now,
        // and is stored so, so that the lock runs out after lockSeconds of real time, never after
        // the clock catches up with the stored time (a day set back locked out for a day).
        lastFailure = nowMs;
        metaSet(m_db, "pin_last_failure_ms", std::to_string(nowMs));
    }
    if (lockSeconds > 0 && nowMs < lastFailure + lockSeconds * 1000LL) {
        const int64_t left = (lastFailure + lockSeconds * 1000LL - nowMs + 999) / 1000;
        return {PinCheck::Locked, static_cast<int>(std::min<int64_t>(left, kMaxPinLockSeconds))};
    }
    const bool ok = verifyPin(pin, hash);
    Transaction tx(m_db);
    if (ok) {
        metaSet(m_db, "pin_failures", "0");
    } else {
        metaSet(m_db, "pin_failures", std::to_string(failures + 1));
        metaSet(m_db, "pin_last_failure_ms", std::to_string(nowMs));
    }
    tx.commit();
    if (ok) {
        unlock(pin, nowMs);
        return {PinCheck::Ok, 0};
    }
    const int nextLock = pinLockSeconds(static_cast<int>(failures) + 1);
    return {nextLock > 0 ? PinCheck::Locked : PinCheck::Wrong, nextLock};
}

int64_t SchoolStore::createClass(const std::string& name, int64_t nowMs) {
    const std::string n = trim(name);
    if (n.empty()) throw Error(ErrorKind::Invalid, "a class needs a name");
    if (findClass(n)) throw Error(ErrorKind::Invalid, "a class named '" + n + "' already exists");
    Transaction tx(m_db);
    auto st = m_db.prepare("INSERT INTO classes(name, created_at) VALUES (?, ?)");
    st.bind(1, n).bind(2, isoTimestamp(nowMs));
    st.run();
    const int64_t id = m_db.lastInsertId();
    tx.commit();
    return id;
}

std::vector<ClassInfo> SchoolStore::classes() {
    std::vector<ClassInfo> out;
    auto st = m_db.prepare(
        "SELECT c.id, c.name, (SELECT count(*) FROM pupils p WHERE p.class_id=c.id) FROM classes c ORDER BY c.name");
    while (st.step()) out.push_back({st.getInt(0), st.getText(1), static_cast<int>(st.getInt(2))});
    return out;
}

std::optional<ClassInfo> SchoolStore::findClass(const std::string& name) {
    auto st = m_db.prepare(
        "SELECT c.id, c.name, (SELECT count(*) FROM pupils p WHERE p.class_id=c.id) FROM classes c WHERE c.name=?");
    st.bind(1, trim(name));
    if (!st.step()) return std::nullopt;
    return ClassInfo{st.getInt(0), st.getText(1), static_cast<int>(st.getInt(2))};
}

std::vector<PupilInfo> SchoolStore::addPupils(int64_t classId, const std::vector<std::string>& names, int64_t nowMs) {
    if (names.size() > 500) throw Error(ErrorKind::Invalid, "at most 500 pupils at a time");
    std::vector<PupilInfo> out;
    Transaction tx(m_db);
    {
        auto check = m_db.prepare("SELECT 1 FROM classes WHERE id=?");
        check.bind(1, classId);
        if (!check.step()) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    }
    auto exists = m_db.prepare("SELECT 1 FROM pupils WHERE code=?");
    auto insert = m_db.prepare(
        "INSERT INTO pupils(class_id, code, display_name, language, created_at) VALUES (?, ?, ?, 'nl', ?)");
    for (const auto& name : names) {
        std::string code;
        do {  // 31^8 codes: a collision is rare, but a duplicate would be fatal to a pupil's data.
            code = newPupilCode();
            exists.bind(1, code);
            const bool taken = exists.step();
            exists.reset();
            if (!taken) break;
        } while (true);
        insert.bind(1, classId).bind(2, code).bind(4, isoTimestamp(nowMs));
        const std::string n = trim(name);
        if (n.empty())
            insert.bindNull(3);
        else
            insert.bind(3, n);
        insert.run();
        out.push_back({m_db.lastInsertId(), classId, code, n, "nl", {}});
    }
    tx.commit();
    return out;
}

namespace {
constexpr const char* kPupilColumns =
    "id, class_id, code, coalesce(display_name, ''), language, text_scale_pct, high_contrast, extra_time_pct, "
    "dyslexia_font, read_aloud";
PupilInfo pupilFrom(const Statement& st) {
    PupilInfo p{st.getInt(0), st.getInt(1), st.getText(2), st.getText(3), st.getText(4), {}};
    p.accommodations = {static_cast<int>(st.getInt(5)), st.getInt(6) != 0, static_cast<int>(st.getInt(7)),
                        st.getInt(8) != 0, st.getInt(9) != 0};
    return p;
}
}  // namespace

std::vector<PupilInfo> SchoolStore::pupils(int64_t classId) {
    std::vector<PupilInfo> out;
    auto st = m_db.prepare(std::string("SELECT ") + kPupilColumns + " FROM pupils WHERE class_id=? ORDER BY id");
    st.bind(1, classId);
    while (st.step()) out.push_back(pupilFrom(st));
    return out;
}

std::optional<PupilInfo> SchoolStore::findPupilByCode(const std::string& typedCode) {
    auto st = m_db.prepare(std::string("SELECT ") + kPupilColumns + " FROM pupils WHERE code=?");
    st.bind(1, canonicalPupilCode(typedCode));
    if (!st.step()) return std::nullopt;
    return pupilFrom(st);
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

std::string SchoolStore::pseudonymKey() {
    auto st = m_db.prepare("SELECT pseudonym_key_sealed FROM school WHERE id=1");
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    if (!m_dataKey) throw Error(ErrorKind::Auth, "the pseudonym key is sealed: the teacher's PIN is needed to read it");
    if (st.isNull(0)) throw Error(ErrorKind::Corrupt, m_db.path() + ": the school has no sealed pseudonym key");
    return openWith(*m_dataKey, st.getBlob(0), "pseudonym key");
}

}  // namespace dlk
