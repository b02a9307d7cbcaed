#pragma once
// The incident log of a session, as ICILS's test administration form keeps one: what happened to
// a pupil that a reader of the results should know (came late, was interrupted, left early, had a
// technical problem, felt unwell), recorded by the teacher at the kiosk. Kinds come from a fixed
// list and there is no free text, so the log can go with the results (and the export) without
// naming anyone. Times are milliseconds of the kiosk's clock, for the teacher's own view only.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.h"

namespace dlk {

enum class IncidentKind { Late, Interrupted, LeftEarly, Technical, Unwell };
inline constexpr IncidentKind kIncidentKinds[] = {IncidentKind::Late, IncidentKind::Interrupted,
                                                  IncidentKind::LeftEarly, IncidentKind::Technical,
                                                  IncidentKind::Unwell};

// The stored and exported name ("late", "left_early", ...).
const char* incidentKindId(IncidentKind kind);
std::optional<IncidentKind> parseIncidentKind(std::string_view id);
// The Dutch words a teacher reads (a msgid for the translator).
const char* incidentKindLabel(IncidentKind kind);

// A pupil cannot have more than this many incidents: a stuck key cannot fill the disk.
inline constexpr int kMaxIncidentsPerPupil = 50;

struct Incident {
    int64_t id = 0;
    int64_t pupilId = 0;
    std::string moduleId;  // the module the pupil was in, or empty
    IncidentKind kind = IncidentKind::Late;
    int64_t recordedAtMs = 0;
};

class IncidentLog {
public:
    explicit IncidentLog(Database& db) : m_db(db) {}

    // Records an incident; Error(NotFound) for a pupil that does not exist, Error(Invalid) beyond
    // kMaxIncidentsPerPupil. Returns its id.
    int64_t add(int64_t pupilId, IncidentKind kind, const std::string& moduleId, int64_t nowMs);
    // Removes one recorded by mistake; Error(NotFound) when there is none with this id.
    void remove(int64_t incidentId);
    // A class's incidents (0: the school's), by pupil, then in the order recorded.
    std::vector<Incident> forClass(int64_t classId);
    std::vector<Incident> forPupil(int64_t pupilId);
    // The module an incident recorded now belongs to: the pupil's unfinished attempt (the latest
    // when there are several), else the module they last started, else empty.
    std::string currentModule(int64_t pupilId);

private:
    Database& m_db;
};

}  // namespace dlk
