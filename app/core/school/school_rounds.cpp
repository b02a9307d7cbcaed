// Measurement rounds and archived classes (school_store.h, "Measurement rounds"): a class measured
// again keeps its earlier round as an archived, read-only copy, and each pupil is linked to their
// row in it, so that the teacher compares the class and each pupil with themselves.
#include <algorithm>
#include <vector>

#include "school/school_store.h"
#include "storage/backups.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr int kMaxRoundsFollowed = 100;  // links back through rounds; a loop in a damaged file ends here

struct ClassRow {
    std::string name;
    bool archived = false;
};

ClassRow classRow(Database& db, int64_t classId) {
    auto st = db.prepare("SELECT name, archived_at IS NOT NULL FROM classes WHERE id=?");
    st.bind(1, classId);
    if (!st.step()) throw Error(ErrorKind::NotFound, "class " + std::to_string(classId) + " does not exist");
    return {st.getText(0), st.getInt(1) != 0};
}

// "Groep 7a · 2026-12-05", or with " (2)", " (3)", ... when a class already has that name (two
// rounds closed on one day).
std::string archivedName(Database& db, const std::string& name, int64_t nowMs) {
    const std::string base = name + " · " + isoTimestamp(nowMs).substr(0, 10);
    for (int n = 1; n < 1000; ++n) {
        const std::string candidate = n == 1 ? base : base + " (" + std::to_string(n) + ")";
        auto st = db.prepare("SELECT 1 FROM classes WHERE name=?");
        st.bind(1, candidate);
        if (!st.step()) return candidate;
    }
    throw Error(ErrorKind::Invalid, "class '" + name + "' has too many rounds archived on one day");
}

}  // namespace

int64_t SchoolStore::startNewRound(int64_t classId, int64_t nowMs) {
    if (!m_dataKey) throw Error(ErrorKind::Auth, "starting a new measurement needs a teacher's PIN");
    const ClassRow cls = classRow(m_db, classId);
    requireOwnClass(classId);
    requireClassInUse(classId, "starting a new measurement in");
    {
        auto st = m_db.prepare("SELECT count(*) FROM attempts a JOIN pupils p ON p.id=a.pupil_id WHERE p.class_id=?");
        st.bind(1, classId);
        st.step();
        if (st.getInt(0) == 0)
            throw Error(ErrorKind::Invalid, "class '" + cls.name +
                                                "' has no answers yet: its first measurement has not begun, so there "
                                                "is nothing to keep");
    }
    backupBeforeChange(m_db, "before-new-round", nowMs);
    Transaction tx(m_db);
    int64_t archivedId = 0;
    {
        auto st = m_db.prepare(
            "INSERT INTO classes(name, created_at, teacher_id, session_design, archived_at, round_of) "
            "SELECT ?, created_at, teacher_id, session_design, ?, id FROM classes WHERE id=?");
        st.bind(1, archivedName(m_db, cls.name, nowMs)).bind(2, nowMs).bind(3, classId);
        st.run();
        archivedId = m_db.lastInsertId();
    }
    // The pupil rows, with everything that hangs on them, become the earlier round's.
    std::vector<int64_t> earlier;
    {
        auto st = m_db.prepare("SELECT id FROM pupils WHERE class_id=? ORDER BY id");
        st.bind(1, classId);
        while (st.step()) earlier.push_back(st.getInt(0));
    }
    {
        auto st = m_db.prepare("UPDATE pupils SET class_id=? WHERE class_id=?");
        st.bind(1, archivedId).bind(2, classId);
        st.run();
    }
    // Each pupil again in the class, in the same order (so the same number in the class), with
    // their login (the code's lookup hash moves: it is unique), sealed code and name, language and
    // accommodations.
    for (const int64_t id : earlier) {
        std::string hash, legacyCode;
        bool hasHash = false, hasLegacy = false;
        {
            auto st = m_db.prepare("SELECT code_hash, legacy_code FROM pupils WHERE id=?");
            st.bind(1, id);
            st.step();
            if ((hasHash = !st.isNull(0))) hash = st.getBlob(0);
            if ((hasLegacy = !st.isNull(1))) legacyCode = st.getText(1);
        }
        {
            auto st = m_db.prepare("UPDATE pupils SET code_hash=NULL, legacy_code=NULL WHERE id=?");
            st.bind(1, id);
            st.run();
        }
        auto st = m_db.prepare(
            "INSERT INTO pupils(class_id, code_hash, code_sealed, name_sealed, first_name_sealed, legacy_code, "
            "legacy_name, language, created_at, text_scale_pct, high_contrast, extra_time_pct, dyslexia_font, "
            "read_aloud, previous_id) "
            "SELECT ?, ?, code_sealed, name_sealed, first_name_sealed, ?, legacy_name, language, ?, text_scale_pct, "
            "high_contrast, extra_time_pct, dyslexia_font, read_aloud, id FROM pupils WHERE id=?");
        st.bind(1, classId);
        if (hasHash)
            st.bindBlob(2, hash.data(), hash.size());
        else
            st.bindNull(2);
        if (hasLegacy)
            st.bind(3, legacyCode);
        else
            st.bindNull(3);
        st.bind(4, isoTimestamp(nowMs)).bind(5, id);
        st.run();
    }
    tx.commit();
    return archivedId;
}

void SchoolStore::archiveClass(int64_t classId, int64_t nowMs) {
    if (!m_dataKey) throw Error(ErrorKind::Auth, "archiving a class needs a teacher's PIN");
    classRow(m_db, classId);
    requireOwnClass(classId);
    requireClassInUse(classId, "archiving");
    backupBeforeChange(m_db, "before-archiving-class", nowMs);
    Transaction tx(m_db);
    {
        auto st = m_db.prepare("UPDATE classes SET archived_at=? WHERE id=?");
        st.bind(1, nowMs).bind(2, classId);
        st.run();
    }
    // The codes stop working: the lookup hashes go, the sealed codes stay for the teacher's list.
    auto st = m_db.prepare("UPDATE pupils SET code_hash=NULL, legacy_code=NULL WHERE class_id=?");
    st.bind(1, classId);
    st.run();
    tx.commit();
}

std::vector<ClassInfo> SchoolStore::earlierRounds(int64_t classId) {
    std::vector<ClassInfo> out;
    for (const ClassInfo& c : classes())
        if (c.roundOf == classId && c.archived()) out.push_back(c);
    std::stable_sort(out.begin(), out.end(), [](const ClassInfo& a, const ClassInfo& b) {
        return a.archivedAtMs != b.archivedAtMs ? a.archivedAtMs > b.archivedAtMs : a.id > b.id;
    });
    return out;
}

std::map<int64_t, int64_t> SchoolStore::earlierPupils(int64_t classId, int64_t earlierClassId) {
    std::map<int64_t, int64_t> out;
    auto st = m_db.prepare(
        "WITH RECURSIVE chain(start, id, depth) AS ("
        "  SELECT id, previous_id, 1 FROM pupils WHERE class_id=?1 AND previous_id IS NOT NULL"
        "  UNION ALL"
        "  SELECT c.start, p.previous_id, c.depth + 1 FROM chain c JOIN pupils p ON p.id=c.id"
        "  WHERE p.class_id IS NOT ?2 AND p.previous_id IS NOT NULL AND c.depth < ?3)"
        "SELECT c.start, c.id FROM chain c JOIN pupils p ON p.id=c.id WHERE p.class_id=?2");
    st.bind(1, classId).bind(2, earlierClassId).bind(3, static_cast<int64_t>(kMaxRoundsFollowed));
    while (st.step()) out.emplace(st.getInt(0), st.getInt(1));
    return out;
}

}  // namespace dlk
