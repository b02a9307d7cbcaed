#include "school/school_store.h"

#include <algorithm>
#include <string_view>

#include "security/pin_hash.h"
#include "security/pseudonym.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

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
    const std::string key = newPseudonymKey();
    Transaction tx(m_db);
    auto st = m_db.prepare("INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at) VALUES (1, ?, ?, ?, ?)");
    st.bind(1, n).bind(2, hash).bindBlob(3, key.data(), key.size()).bind(4, isoTimestamp(nowMs));
    st.run();
    tx.commit();
}

void SchoolStore::changePin(const std::string& newPin) {
    if (*pinProblem(newPin)) throw Error(ErrorKind::Invalid, pinProblem(newPin));
    const std::string hash = hashPin(newPin);
    Transaction tx(m_db);
    auto st = m_db.prepare("UPDATE school SET pin_hash=? WHERE id=1");
    st.bind(1, hash);
    st.run();
    tx.commit();
}

PinResult SchoolStore::checkPin(const std::string& pin, int64_t nowMs) {
    auto st = m_db.prepare("SELECT pin_hash FROM school WHERE id=1");
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    const std::string hash = st.getText(0);

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
    if (ok) return {PinCheck::Ok, 0};
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
    auto st = m_db.prepare("SELECT pseudonym_key FROM school WHERE id=1");
    if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
    return st.getBlob(0);
}

}  // namespace dlk
