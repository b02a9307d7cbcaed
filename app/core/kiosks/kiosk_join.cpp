#include "kiosks/kiosk_join.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "export/atomic_file.h"
#include "kiosks/wire.h"
#include "school/school_store.h"
#include "security/signing.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kJoinMagic = "dlkiosk-join 1";
constexpr int kJoinVersion = 1;
constexpr size_t kBlobMax = 4096;  // hashes, salts, sealed keys, codes and names: far less
constexpr size_t kTextMax = 200;

// --- The roster as stored at rest.
struct TeacherRow {
    int64_t id = 0;
    std::string name, role, pinHash, createdAt;
    std::optional<std::string> keySalt, wrappedKey;
};
struct ClassRow {
    int64_t id = 0;
    std::string name, createdAt;
    std::optional<int64_t> teacherId;
    std::optional<std::string> sessionDesign;
};
struct PupilRow {
    int64_t id = 0, classId = 0;
    std::string codeHash, codeSealed, language, createdAt;
    std::optional<std::string> nameSealed, firstNameSealed;
    int64_t textScalePct = 100, highContrast = 0, extraTimePct = 0, dyslexiaFont = 0, readAloud = 0;
};
struct Roster {
    std::string schoolName, schoolCreatedAt, schoolPublicKey, codeSalt, pseudonymKeySealed;
    int64_t writtenMs = 0;
    int64_t kioskId = 0;
    std::string kioskName, kioskPublicKey, kioskSecretSealed;
    std::vector<TeacherRow> teachers;
    std::vector<ClassRow> classes;
    std::vector<PupilRow> pupils;
};

std::string kioskNameOf(const std::string& typed) {
    const std::string n = trim(typed);
    if (n.empty()) throw Error(ErrorKind::Invalid, "a kiosk needs a name");
    if (n.size() > kKioskNameMaxBytes || !isValidUtf8(n))
        throw Error(ErrorKind::Invalid,
                    "a kiosk's name has at most " + std::to_string(kKioskNameMaxBytes) + " bytes of UTF-8");
    for (unsigned char c : n)
        if (c < 0x20 || c == 0x7f) throw Error(ErrorKind::Invalid, "a kiosk's name has no control characters");
    return n;
}

Json optionalJson(const std::optional<std::string>& s, bool asHex) {
    if (!s) return nullptr;
    return asHex ? Json(wire::hex(*s)) : Json(*s);
}
Json optionalJson(const std::optional<int64_t>& v) {
    if (!v) return nullptr;
    return Json(*v);
}

// The school's roster as stored, read on the school's kiosk.
Roster readRoster(Database& db) {
    Roster r;
    {
        auto st = db.prepare(
            "SELECT name, created_at, signing_public_key, code_salt, pseudonym_key_sealed FROM school WHERE id=1");
        if (!st.step()) throw Error(ErrorKind::NotFound, "no school has been set up yet");
        r.schoolName = st.getText(0);
        r.schoolCreatedAt = st.getText(1);
        if (st.isNull(2))
            throw Error(ErrorKind::NotFound, "the school has no signing key yet: it is made at a teacher's next PIN");
        r.schoolPublicKey = st.getBlob(2);
        if (!st.isNull(3)) r.codeSalt = st.getBlob(3);
        if (!st.isNull(4)) r.pseudonymKeySealed = st.getBlob(4);
    }
    {
        auto st = db.prepare(
            "SELECT 1 FROM pupils WHERE (legacy_code IS NOT NULL OR legacy_name IS NOT NULL OR "
            "code_hash IS NULL OR code_sealed IS NULL) AND class_id IN (SELECT id FROM classes WHERE archived_at IS "
            "NULL)");
        if (st.step())
            throw Error(ErrorKind::Invalid,
                        "some pupils' codes or names are not sealed yet (they are at a teacher's next PIN): no join "
                        "file is written before");
    }
    auto t =
        db.prepare("SELECT id, name, role, pin_hash, key_salt, wrapped_data_key, created_at FROM teachers ORDER BY id");
    while (t.step()) {
        TeacherRow row{t.getInt(0), t.getText(1), t.getText(2), t.getText(3), t.getText(6), {}, {}};
        if (!t.isNull(4)) row.keySalt = t.getBlob(4);
        if (!t.isNull(5)) row.wrappedKey = t.getBlob(5);
        r.teachers.push_back(std::move(row));
    }
    // Archived classes (earlier measurement rounds, classes that left) stay on the school's kiosk:
    // their pupils cannot log in anywhere, and their rows hold no login (no code hash).
    auto c = db.prepare(
        "SELECT id, name, created_at, teacher_id, session_design FROM classes WHERE archived_at IS NULL ORDER BY id");
    while (c.step()) {
        ClassRow row{c.getInt(0), c.getText(1), c.getText(2), {}, {}};
        if (!c.isNull(3)) row.teacherId = c.getInt(3);
        if (!c.isNull(4)) row.sessionDesign = c.getText(4);
        r.classes.push_back(std::move(row));
    }
    auto p = db.prepare(
        "SELECT id, class_id, code_hash, code_sealed, name_sealed, first_name_sealed, language, created_at, "
        "text_scale_pct, high_contrast, extra_time_pct, dyslexia_font, read_aloud FROM pupils WHERE class_id IN "
        "(SELECT id FROM classes WHERE archived_at IS NULL) ORDER BY id");
    while (p.step()) {
        PupilRow row;
        row.id = p.getInt(0);
        row.classId = p.getInt(1);
        row.codeHash = p.getBlob(2);
        row.codeSealed = p.getBlob(3);
        if (!p.isNull(4)) row.nameSealed = p.getBlob(4);
        if (!p.isNull(5)) row.firstNameSealed = p.getBlob(5);
        row.language = p.getText(6);
        row.createdAt = p.getText(7);
        row.textScalePct = p.getInt(8);
        row.highContrast = p.getInt(9);
        row.extraTimePct = p.getInt(10);
        row.dyslexiaFont = p.getInt(11);
        row.readAloud = p.getInt(12);
        r.pupils.push_back(std::move(row));
    }
    if (r.teachers.size() > kJoinMaxTeachers || r.classes.size() > kJoinMaxClasses || r.pupils.size() > kJoinMaxPupils)
        throw Error(ErrorKind::Invalid, "the school is larger than a join file carries (" +
                                            std::to_string(kJoinMaxPupils) + " pupils, " +
                                            std::to_string(kJoinMaxClasses) + " classes)");
    return r;
}

std::string payloadOf(const Roster& r) {
    Json j;
    j["format"] = "dlkiosk-join";
    j["version"] = kJoinVersion;
    j["written_ms"] = r.writtenMs;
    j["school"] = {{"name", r.schoolName},
                   {"created_at", r.schoolCreatedAt},
                   {"public_key", wire::hex(r.schoolPublicKey)},
                   {"code_salt", wire::hex(r.codeSalt)},
                   {"pseudonym_key_sealed", wire::hex(r.pseudonymKeySealed)}};
    j["kiosk"] = {{"id", r.kioskId},
                  {"name", r.kioskName},
                  {"public_key", wire::hex(r.kioskPublicKey)},
                  {"secret_key_sealed", wire::hex(r.kioskSecretSealed)}};
    Json teachers = Json::array();
    for (const TeacherRow& t : r.teachers)
        teachers.push_back({{"id", t.id},
                            {"name", t.name},
                            {"role", t.role},
                            {"pin_hash", t.pinHash},
                            {"key_salt", optionalJson(t.keySalt, true)},
                            {"wrapped_data_key", optionalJson(t.wrappedKey, true)},
                            {"created_at", t.createdAt}});
    j["teachers"] = std::move(teachers);
    Json classes = Json::array();
    for (const ClassRow& c : r.classes)
        classes.push_back({{"id", c.id},
                           {"name", c.name},
                           {"created_at", c.createdAt},
                           {"teacher_id", optionalJson(c.teacherId)},
                           {"session_design", optionalJson(c.sessionDesign, false)}});
    j["classes"] = std::move(classes);
    Json pupils = Json::array();
    for (const PupilRow& p : r.pupils)
        pupils.push_back({{"id", p.id},
                          {"class_id", p.classId},
                          {"code_hash", wire::hex(p.codeHash)},
                          {"code_sealed", wire::hex(p.codeSealed)},
                          {"name_sealed", optionalJson(p.nameSealed, true)},
                          {"first_name_sealed", optionalJson(p.firstNameSealed, true)},
                          {"language", p.language},
                          {"created_at", p.createdAt},
                          {"text_scale_pct", p.textScalePct},
                          {"high_contrast", p.highContrast},
                          {"extra_time_pct", p.extraTimePct},
                          {"dyslexia_font", p.dyslexiaFont},
                          {"read_aloud", p.readAloud}});
    j["pupils"] = std::move(pupils);
    return dumpJson(j);
}

// --- Reading a join file.

std::string readBounded(const std::string& file) {
    std::error_code ec;
    const auto status = fs::symlink_status(file, ec);
    if (ec || status.type() == fs::file_type::not_found)
        throw Error(ErrorKind::NotFound, "join file " + file + " does not exist");
    if (status.type() != fs::file_type::regular)
        throw Error(ErrorKind::Invalid, file + " is not a plain file (a join file is one file)");
    const auto size = fs::file_size(file, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot read " + file + ": " + ec.message());
    if (size > kJoinFileMaxBytes)
        throw Error(ErrorKind::Invalid, file + " has " + std::to_string(size) + " bytes, more than a join file (" +
                                            std::to_string(kJoinFileMaxBytes) + ")");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read " + file);
    std::string bytes(static_cast<size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<size_t>(in.gcount()) != bytes.size() || in.peek() != std::char_traits<char>::eof())
        throw Error(ErrorKind::Io, file + " changed while it was read");
    return bytes;
}

Roster parseJoinFile(const std::string& file) {
    const std::string bytes = readBounded(file);
    // Header: three lines and an empty one, then the signed payload.
    const auto header = [&](size_t& at, std::string_view prefix) {
        const size_t nl = bytes.find('\n', at);
        if (nl == std::string::npos || bytes.compare(at, prefix.size(), prefix) != 0)
            throw Error(ErrorKind::Parse, file + " is not a dlkiosk join file (or was cut short in its first lines)");
        std::string value = bytes.substr(at + prefix.size(), nl - at - prefix.size());
        at = nl + 1;
        return value;
    };
    size_t at = 0;
    header(at, std::string(kJoinMagic));
    const std::string keyHex = header(at, "school-key: ");
    const std::string sigHex = header(at, "signature: ");
    header(at, "");
    const std::string publicKey = wire::hexDecode(keyHex, kSigningPublicKeyBytes, file + ": school-key");
    const std::string signature = wire::hexDecode(sigHex, kSignatureBytes, file + ": signature");
    if (publicKey.size() != kSigningPublicKeyBytes || signature.size() != kSignatureBytes)
        throw Error(ErrorKind::Parse, file + ": the school key or the signature has the wrong length");
    const std::string_view payload = std::string_view(bytes).substr(at);
    if (!verifySignature(signature, payload, publicKey))
        throw Error(ErrorKind::Invalid, file +
                                            ": the signature does not match the file (changed or cut short "
                                            "after the school signed it): refused");
    const Json j = parseJson(payload, file);
    wire::Fields top(j, file);
    if (top.text("format", 40) != "dlkiosk-join") throw Error(ErrorKind::Parse, file + " is not a dlkiosk join file");
    if (top.integer("version", 0, 1000) != kJoinVersion)
        throw Error(ErrorKind::Invalid, file + ": join file version " + dumpJson(top.get("version")) +
                                            " is not understood by this dlkiosk (it reads version " +
                                            std::to_string(kJoinVersion) + ")");
    Roster r;
    r.writtenMs = top.integer("written_ms", 0, INT64_MAX / 2);
    const wire::Fields school(top.get("school"), file + ": school");
    r.schoolName = school.text("name", kTextMax);
    r.schoolCreatedAt = school.text("created_at", 64);
    r.schoolPublicKey = school.blob("public_key", kSigningPublicKeyBytes);
    if (r.schoolPublicKey != publicKey)
        throw Error(ErrorKind::Invalid, file + ": the school key inside is not the key that signed it");
    r.codeSalt = school.blob("code_salt", kBlobMax);
    r.pseudonymKeySealed = school.blob("pseudonym_key_sealed", kBlobMax);
    const wire::Fields kiosk(top.get("kiosk"), file + ": kiosk");
    r.kioskId = kiosk.integer("id", 1, INT64_MAX / 2);
    r.kioskName = kioskNameOf(kiosk.text("name", kKioskNameMaxBytes));
    r.kioskPublicKey = kiosk.blob("public_key", kSigningPublicKeyBytes);
    if (r.kioskPublicKey.size() != kSigningPublicKeyBytes)
        throw Error(ErrorKind::Invalid, file + ": the kiosk's public key has the wrong length");
    r.kioskSecretSealed = kiosk.blob("secret_key_sealed", kBlobMax);

    const Json& teachers = top.array("teachers", kJoinMaxTeachers);
    if (teachers.empty()) throw Error(ErrorKind::Invalid, file + ": the school has no teacher");
    for (size_t i = 0; i < teachers.size(); ++i) {
        const wire::Fields f(teachers[i], file + ": teacher " + std::to_string(i + 1));
        TeacherRow t;
        t.id = f.integer("id", 1, INT64_MAX / 2);
        t.name = f.text("name", SchoolStore::kMaxTeacherNameBytes);
        t.role = f.text("role", 10);
        if (t.role != "admin" && t.role != "teacher")
            throw Error(ErrorKind::Invalid, f.where() + ": role '" + t.role + "' is neither admin nor teacher");
        t.pinHash = f.text("pin_hash", 512);
        t.keySalt = f.optionalBlob("key_salt", kBlobMax);
        t.wrappedKey = f.optionalBlob("wrapped_data_key", kBlobMax);
        if (!t.keySalt || !t.wrappedKey)
            throw Error(ErrorKind::Invalid, f.where() + ": no wrapped data key (the teacher's PIN would open nothing)");
        t.createdAt = f.text("created_at", 64);
        r.teachers.push_back(std::move(t));
    }
    const Json& classes = top.array("classes", kJoinMaxClasses);
    for (size_t i = 0; i < classes.size(); ++i) {
        const wire::Fields f(classes[i], file + ": class " + std::to_string(i + 1));
        ClassRow c;
        c.id = f.integer("id", 1, INT64_MAX / 2);
        c.name = f.text("name", kTextMax);
        c.createdAt = f.text("created_at", 64);
        c.teacherId = f.optionalInteger("teacher_id", 1, INT64_MAX / 2);
        c.sessionDesign = f.optionalText("session_design", kTextMax);
        r.classes.push_back(std::move(c));
    }
    const Json& pupils = top.array("pupils", kJoinMaxPupils);
    for (size_t i = 0; i < pupils.size(); ++i) {
        const wire::Fields f(pupils[i], file + ": pupil " + std::to_string(i + 1));
        PupilRow p;
        p.id = f.integer("id", 1, INT64_MAX / 2);
        p.classId = f.integer("class_id", 1, INT64_MAX / 2);
        p.codeHash = f.blob("code_hash", kBlobMax);
        p.codeSealed = f.blob("code_sealed", kBlobMax);
        if (p.codeHash.empty() || p.codeSealed.empty())
            throw Error(ErrorKind::Invalid, f.where() + ": no code hash or sealed code");
        p.nameSealed = f.optionalBlob("name_sealed", kBlobMax);
        p.firstNameSealed = f.optionalBlob("first_name_sealed", kBlobMax);
        p.language = f.text("language", 16);
        p.createdAt = f.text("created_at", 64);
        p.textScalePct = f.integer("text_scale_pct", 100, 200);
        if (p.textScalePct != 100 && p.textScalePct != 125 && p.textScalePct != 150 && p.textScalePct != 200)
            throw Error(ErrorKind::Invalid, f.where() + ": text size is 100, 125, 150 or 200");
        p.highContrast = f.integer("high_contrast", 0, 1);
        p.extraTimePct = f.integer("extra_time_pct", 0, 100);
        p.dyslexiaFont = f.integer("dyslexia_font", 0, 1);
        p.readAloud = f.integer("read_aloud", 0, 1);
        r.pupils.push_back(std::move(p));
    }
    // Every reference inside the roster resolves inside it: a damaged one is refused before writing.
    std::set<int64_t> teacherIds, classIds;
    for (const TeacherRow& t : r.teachers) teacherIds.insert(t.id);
    for (const ClassRow& c : r.classes) {
        classIds.insert(c.id);
        if (c.teacherId && !teacherIds.count(*c.teacherId))
            throw Error(ErrorKind::Invalid, file + ": class " + std::to_string(c.id) + " belongs to teacher " +
                                                std::to_string(*c.teacherId) + ", whom the file does not hold");
    }
    for (const PupilRow& p : r.pupils)
        if (!classIds.count(p.classId))
            throw Error(ErrorKind::Invalid, file + ": pupil " + std::to_string(p.id) + " is in class " +
                                                std::to_string(p.classId) + ", which the file does not hold");
    return r;
}

void bindOptionalBlob(Statement& st, int i, const std::optional<std::string>& b) {
    if (b)
        st.bindBlob(i, b->data(), b->size());
    else
        st.bindNull(i);
}
void bindBlob(Statement& st, int i, const std::string& b) {
    st.bindBlob(i, b.data(), b.size());
}

// Writes the roster into `db` (inside the caller's transaction). Rows are matched by id, which
// every kiosk of the school shares; what the file does not hold of teachers goes (their PIN must
// stop working here), classes and pupils stay (they may hold answers given here).
// temp.join_ids holds the ids of `rows` (the file's teachers or pupils) alone, so that one statement can
// treat every row the file no longer holds.
template <typename Row>
void fillJoinIds(Database& db, const std::vector<Row>& rows) {
    db.exec("CREATE TEMP TABLE IF NOT EXISTS join_ids(id INTEGER PRIMARY KEY)");
    db.exec("DELETE FROM temp.join_ids");
    auto ins = db.prepare("INSERT OR IGNORE INTO temp.join_ids(id) VALUES (?)");
    for (const Row& row : rows) {
        ins.bind(1, row.id);
        ins.run();
        ins.reset();
    }
}

void applyRoster(Database& db, const Roster& r, bool fresh) {
    if (fresh) {
        auto st = db.prepare(
            "INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at, pseudonym_key_sealed, code_salt, "
            "signing_public_key, signing_secret_key_sealed) VALUES (1, ?, '', x'', ?, ?, ?, ?, NULL)");
        st.bind(1, r.schoolName).bind(2, r.schoolCreatedAt);
        bindBlob(st, 3, r.pseudonymKeySealed);
        bindBlob(st, 4, r.codeSalt);
        bindBlob(st, 5, r.schoolPublicKey);
        st.run();
    } else {
        auto st = db.prepare("UPDATE school SET name=?, pseudonym_key_sealed=?, code_salt=? WHERE id=1");
        st.bind(1, r.schoolName);
        bindBlob(st, 2, r.pseudonymKeySealed);
        bindBlob(st, 3, r.codeSalt);
        st.run();
    }
    // Teachers not in the file: their classes and scores lose them as SchoolStore::removeTeacher does.
    fillJoinIds(db, r.teachers);
    db.exec("UPDATE classes SET teacher_id=NULL WHERE teacher_id NOT IN (SELECT id FROM temp.join_ids)");
    db.exec("UPDATE human_scores SET teacher_id=NULL WHERE teacher_id NOT IN (SELECT id FROM temp.join_ids)");
    db.exec("DELETE FROM teachers WHERE id NOT IN (SELECT id FROM temp.join_ids)");
    db.exec("DELETE FROM temp.join_ids");
    {
        auto st = db.prepare(
            "INSERT INTO teachers(id, name, role, pin_hash, key_salt, wrapped_data_key, created_at) VALUES (?, ?, ?, "
            "?, "
            "?, ?, ?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, role=excluded.role, "
            "pin_hash=excluded.pin_hash, key_salt=excluded.key_salt, wrapped_data_key=excluded.wrapped_data_key, "
            "wrong_tries=CASE WHEN pin_hash=excluded.pin_hash THEN wrong_tries ELSE 0 END");
        for (const TeacherRow& t : r.teachers) {
            st.bind(1, t.id).bind(2, t.name).bind(3, t.role).bind(4, t.pinHash);
            bindOptionalBlob(st, 5, t.keySalt);
            bindOptionalBlob(st, 6, t.wrappedKey);
            st.bind(7, t.createdAt);
            st.run();
            st.reset();
        }
    }
    {
        auto st = db.prepare(
            "INSERT INTO classes(id, name, created_at, teacher_id, session_design) VALUES (?, ?, ?, ?, ?) ON "
            "CONFLICT(id) DO UPDATE SET name=excluded.name, teacher_id=excluded.teacher_id, "
            "session_design=excluded.session_design");
        for (const ClassRow& c : r.classes) {
            st.bind(1, c.id).bind(2, c.name).bind(3, c.createdAt);
            if (c.teacherId)
                st.bind(4, *c.teacherId);
            else
                st.bindNull(4);
            if (c.sessionDesign)
                st.bind(5, *c.sessionDesign);
            else
                st.bindNull(5);
            st.run();
            st.reset();
        }
    }
    // A pupil row the file no longer holds (its class archived at the school, or a new measurement
    // round gave the pupil a new row) loses its login: its code now belongs to the file's row, and
    // the code hash is unique. Its answers stay, for the next result bundle.
    fillJoinIds(db, r.pupils);
    db.exec("UPDATE pupils SET code_hash=NULL WHERE id NOT IN (SELECT id FROM temp.join_ids)");
    db.exec("DELETE FROM temp.join_ids");
    {
        auto st = db.prepare(
            "INSERT INTO pupils(id, class_id, code_hash, code_sealed, name_sealed, first_name_sealed, language, "
            "created_at, text_scale_pct, high_contrast, extra_time_pct, dyslexia_font, read_aloud) VALUES (?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET class_id=excluded.class_id, "
            "code_hash=excluded.code_hash, code_sealed=excluded.code_sealed, name_sealed=excluded.name_sealed, "
            "first_name_sealed=excluded.first_name_sealed, language=excluded.language, "
            "text_scale_pct=excluded.text_scale_pct, high_contrast=excluded.high_contrast, "
            "extra_time_pct=excluded.extra_time_pct, dyslexia_font=excluded.dyslexia_font, "
            "read_aloud=excluded.read_aloud");
        for (const PupilRow& p : r.pupils) {
            st.bind(1, p.id).bind(2, p.classId);
            bindBlob(st, 3, p.codeHash);
            bindBlob(st, 4, p.codeSealed);
            bindOptionalBlob(st, 5, p.nameSealed);
            bindOptionalBlob(st, 6, p.firstNameSealed);
            st.bind(7, p.language).bind(8, p.createdAt);
            st.bind(9, p.textScalePct).bind(10, p.highContrast).bind(11, p.extraTimePct);
            st.bind(12, p.dyslexiaFont).bind(13, p.readAloud);
            st.run();
            st.reset();
        }
    }
    // A class or teacher the file names that it does not hold: a damaged roster, refused whole.
    auto fk = db.prepare("PRAGMA foreign_key_check");
    if (fk.step())
        throw Error(ErrorKind::Invalid, "the join file's roster refers to a row it does not hold (" + fk.getText(0) +
                                            " -> " + fk.getText(2) + ")");
}

ThisKiosk thisKioskFrom(Statement& st) {
    ThisKiosk k;
    k.kioskId = st.getInt(0);
    k.name = st.getText(1);
    k.publicKey = st.getBlob(2);
    k.fingerprint = k.publicKey.size() == kSigningPublicKeyBytes ? keyFingerprint(k.publicKey) : std::string();
    k.lastSequence = st.getInt(3);
    k.rosterWrittenMs = st.getInt(4);
    return k;
}
}  // namespace

JoinFileWritten writeJoinFile(Database& db, SchoolStore& school, const std::string& kioskName,
                              const std::string& outFile, int64_t nowMs) {
    const std::string name = kioskNameOf(kioskName);
    if (!school.loggedInAsAdmin())
        throw Error(ErrorKind::Auth, "only an administrator, logged in with their PIN, can write a join file");
    if (thisKiosk(db))
        throw Error(ErrorKind::Invalid,
                    "this kiosk joined a school itself: join files are written on the school's kiosk");
    Roster r = readRoster(db);
    const std::unique_ptr<SigningKey> schoolKey = school.signingKey();
    const SigningKeyPair pair = school.newSealedKeyPair();
    r.writtenMs = nowMs;
    r.kioskName = name;
    r.kioskPublicKey = pair.publicKey;
    r.kioskSecretSealed = pair.sealedSecretKey;

    Transaction tx(db);
    auto st = db.prepare("INSERT INTO kiosks(name, public_key, joined_at) VALUES (?, ?, ?)");
    st.bind(1, name);
    bindBlob(st, 2, pair.publicKey);
    st.bind(3, isoTimestamp(nowMs));
    st.run();
    r.kioskId = db.lastInsertId();
    const std::string payload = payloadOf(r);
    if (payload.size() + 300 > kJoinFileMaxBytes)
        throw Error(ErrorKind::Invalid, "the school's roster is larger than a join file carries");
    {
        AtomicFile out(outFile);
        out.out() << kJoinMagic << "\nschool-key: " << wire::hex(schoolKey->publicKey())
                  << "\nsignature: " << wire::hex(schoolKey->sign(payload)) << "\n\n"
                  << payload;
        out.commit();
    }
    tx.commit();
    JoinFileWritten w;
    w.kiosk = {r.kioskId, name, keyFingerprint(pair.publicKey), isoTimestamp(nowMs)};
    w.teachers = r.teachers.size();
    w.classes = r.classes.size();
    w.pupils = r.pupils.size();
    return w;
}

std::vector<KioskInfo> registeredKiosks(Database& db) {
    std::vector<KioskInfo> out;
    auto st = db.prepare("SELECT id, name, public_key, joined_at FROM kiosks ORDER BY id");
    while (st.step()) {
        const std::string key = st.getBlob(2);
        out.push_back({st.getInt(0), st.getText(1), keyFingerprint(key), st.getText(3)});
    }
    return out;
}

std::optional<ThisKiosk> thisKiosk(Database& db) {
    auto st =
        db.prepare("SELECT kiosk_id, name, public_key, last_sequence, roster_written_ms FROM this_kiosk WHERE id=1");
    if (!st.step()) return std::nullopt;
    return thisKioskFrom(st);
}

JoinFilePreview readJoinFile(const std::string& file) {
    const Roster r = parseJoinFile(file);
    return {
        r.schoolName,   keyFingerprint(r.schoolPublicKey), r.kioskName, r.kioskId, r.teachers.size(), r.classes.size(),
        r.pupils.size()};
}

JoinResult joinSchool(Database& db, SchoolStore& school, const std::string& file, int64_t nowMs) {
    const Roster r = parseJoinFile(file);
    const std::optional<ThisKiosk> before = thisKiosk(db);
    const bool setUp = school.isSetUp();
    if (setUp && !before)
        throw Error(ErrorKind::Invalid, "this kiosk has a school of its own (" + school.schoolName() +
                                            "): only a new kiosk joins a school from a join file");
    if (before) {
        std::string ours;
        {
            auto st = db.prepare("SELECT signing_public_key FROM school WHERE id=1");
            if (st.step() && !st.isNull(0)) ours = st.getBlob(0);
        }
        if (ours != r.schoolPublicKey)
            throw Error(ErrorKind::Invalid,
                        file + " is a join file of another school (" + r.schoolName + ", key " +
                            keyFingerprint(r.schoolPublicKey) + "); this kiosk belongs to " + school.schoolName() +
                            (ours.size() == kSigningPublicKeyBytes ? " (key " + keyFingerprint(ours) + ")" : "") +
                            ": refused");
        if (r.writtenMs <= before->rosterWrittenMs)
            throw Error(ErrorKind::Invalid, file + " was written " + isoTimestamp(r.writtenMs) +
                                                ", not after the roster this kiosk has (" +
                                                isoTimestamp(before->rosterWrittenMs) + "): nothing changed");
    }
    school.lock();
    Transaction tx(db);
    applyRoster(db, r, !before);
    if (before) {
        auto st = db.prepare("UPDATE this_kiosk SET roster_written_ms=? WHERE id=1");
        st.bind(1, r.writtenMs);
        st.run();
    } else {
        auto st = db.prepare(
            "INSERT INTO this_kiosk(id, kiosk_id, name, public_key, secret_key_sealed, last_sequence, "
            "roster_written_ms, joined_at) VALUES (1, ?, ?, ?, ?, 0, ?, ?)");
        st.bind(1, r.kioskId).bind(2, r.kioskName);
        bindBlob(st, 3, r.kioskPublicKey);
        bindBlob(st, 4, r.kioskSecretSealed);
        st.bind(5, r.writtenMs).bind(6, isoTimestamp(nowMs));
        st.run();
    }
    tx.commit();
    JoinResult out;
    out.refreshed = before.has_value();
    out.schoolName = r.schoolName;
    out.schoolFingerprint = keyFingerprint(r.schoolPublicKey);
    out.kiosk = *thisKiosk(db);
    out.teachers = r.teachers.size();
    out.classes = r.classes.size();
    out.pupils = r.pupils.size();
    return out;
}

}  // namespace dlk
