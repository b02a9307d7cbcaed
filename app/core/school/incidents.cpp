#include "school/incidents.h"

#include "support/translator.h"
#include "util/error.h"

namespace dlk {

namespace {
struct KindName {
    IncidentKind kind;
    const char* id;
    const char* label;
};
constexpr KindName kKindNames[] = {
    {IncidentKind::Late, "late", N_("Te laat begonnen")},
    {IncidentKind::Interrupted, "interrupted", N_("Onderbroken")},
    {IncidentKind::LeftEarly, "left_early", N_("Eerder weggegaan")},
    {IncidentKind::Technical, "technical", N_("Technisch probleem")},
    {IncidentKind::Unwell, "unwell", N_("Voelde zich niet goed")},
};

std::vector<Incident> readIncidents(Statement& st) {
    std::vector<Incident> out;
    while (st.step()) {
        Incident i;
        i.id = st.getInt(0);
        i.pupilId = st.getInt(1);
        i.moduleId = st.getText(2);
        // The table's CHECK keeps other kinds out; a changed file is read as far as it makes sense.
        const auto kind = parseIncidentKind(st.getText(3));
        if (!kind) continue;
        i.kind = *kind;
        i.recordedAtMs = st.getInt(4);
        out.push_back(std::move(i));
    }
    return out;
}
}  // namespace

const char* incidentKindId(IncidentKind kind) {
    for (const KindName& k : kKindNames)
        if (k.kind == kind) return k.id;
    return "late";
}

std::optional<IncidentKind> parseIncidentKind(std::string_view id) {
    for (const KindName& k : kKindNames)
        if (id == k.id) return k.kind;
    return std::nullopt;
}

const char* incidentKindLabel(IncidentKind kind) {
    for (const KindName& k : kKindNames)
        if (k.kind == kind) return k.label;
    return "";
}

int64_t IncidentLog::add(int64_t pupilId, IncidentKind kind, const std::string& moduleId, int64_t nowMs) {
    Transaction tx(m_db);
    {
        auto st = m_db.prepare("SELECT count(*) FROM pupils WHERE id=?");
        st.bind(1, pupilId);
        st.step();
        if (st.getInt(0) == 0) throw Error(ErrorKind::NotFound, "there is no pupil " + std::to_string(pupilId));
    }
    {
        auto st = m_db.prepare("SELECT count(*) FROM incidents WHERE pupil_id=?");
        st.bind(1, pupilId);
        st.step();
        if (st.getInt(0) >= kMaxIncidentsPerPupil)
            throw Error(ErrorKind::Invalid,
                        "a pupil has at most " + std::to_string(kMaxIncidentsPerPupil) + " incidents recorded");
    }
    auto st = m_db.prepare("INSERT INTO incidents(pupil_id, module_id, kind, recorded_at) VALUES (?, ?, ?, ?)");
    st.bind(1, pupilId).bind(2, moduleId).bind(3, std::string(incidentKindId(kind))).bind(4, nowMs);
    st.run();
    const int64_t id = m_db.lastInsertId();
    tx.commit();
    return id;
}

void IncidentLog::remove(int64_t incidentId) {
    auto st = m_db.prepare("DELETE FROM incidents WHERE id=?");
    st.bind(1, incidentId);
    st.run();
    if (m_db.changes() == 0) throw Error(ErrorKind::NotFound, "there is no incident " + std::to_string(incidentId));
}

std::vector<Incident> IncidentLog::forClass(int64_t classId) {
    auto st = m_db.prepare(
        "SELECT i.id, i.pupil_id, i.module_id, i.kind, i.recorded_at FROM incidents i JOIN pupils p ON "
        "p.id=i.pupil_id WHERE ?=0 OR p.class_id=? ORDER BY i.pupil_id, i.id");
    st.bind(1, classId).bind(2, classId);
    return readIncidents(st);
}

std::vector<Incident> IncidentLog::forPupil(int64_t pupilId) {
    auto st =
        m_db.prepare("SELECT id, pupil_id, module_id, kind, recorded_at FROM incidents WHERE pupil_id=? ORDER BY id");
    st.bind(1, pupilId);
    return readIncidents(st);
}

std::string IncidentLog::currentModule(int64_t pupilId) {
    auto st = m_db.prepare(
        "SELECT module_id FROM attempts WHERE pupil_id=? ORDER BY finished_at IS NULL DESC, id DESC LIMIT 1");
    st.bind(1, pupilId);
    return st.step() ? st.getText(0) : std::string();
}

}  // namespace dlk
