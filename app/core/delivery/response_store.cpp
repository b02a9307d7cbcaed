#include "delivery/response_store.h"

#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

std::optional<AttemptRecord> ResponseStore::findAttempt(int64_t pupilId, const std::string& moduleId) {
    auto st = m_db.prepare(
        "SELECT id, pupil_id, module_id, language, current_position, finished_at IS NOT NULL, elapsed_ms, paused "
        "FROM attempts WHERE pupil_id=? AND module_id=?");
    st.bind(1, pupilId).bind(2, moduleId);
    if (!st.step()) return std::nullopt;
    return AttemptRecord{
        st.getInt(0),      st.getInt(1), st.getText(2),    st.getText(3), static_cast<int>(st.getInt(4)),
        st.getInt(5) != 0, st.getInt(6), st.getInt(7) != 0};
}

AttemptRecord ResponseStore::startOrResume(int64_t pupilId, const std::string& moduleId, const std::string& language,
                                           int64_t nowMs) {
    if (auto existing = findAttempt(pupilId, moduleId)) return *existing;
    Transaction tx(m_db);
    auto st = m_db.prepare(
        "INSERT INTO attempts(pupil_id, module_id, language, current_position, started_at) VALUES (?, ?, ?, 0, ?)");
    st.bind(1, pupilId).bind(2, moduleId).bind(3, language).bind(4, isoTimestamp(nowMs));
    st.run();
    const int64_t id = m_db.lastInsertId();
    // started_at has whole seconds; this event the millisecond the process data count from.
    insertEvents(m_db, id, {ProcessEvent{nowMs, EventKind::AttemptStart, {}, {}}});
    tx.commit();
    return AttemptRecord{id, pupilId, moduleId, language, 0, false, 0, false};
}

void ResponseStore::write(int64_t attemptId, const AttemptWrite& w, int64_t nowMs) {
    Transaction tx(m_db);
    if (!w.items.empty()) {
        auto put = m_db.prepare(
            "INSERT INTO responses(attempt_id, item_id, response_id, value, saved_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(attempt_id, item_id, response_id) DO UPDATE SET value=excluded.value, "
            "saved_at=excluded.saved_at");
        const std::string savedAt = isoTimestamp(nowMs);
        for (const auto& [itemId, responses] : w.items)
            for (const auto& [responseId, value] : *responses) {
                put.bind(1, attemptId).bind(2, itemId).bind(3, responseId).bind(4, dumpJson(valueToJson(value)));
                put.bind(5, savedAt);
                put.run();
            }
    }
    for (const auto& [itemId, flagged] : w.flags) {
        auto st = m_db.prepare(flagged ? "INSERT OR IGNORE INTO flags(attempt_id, item_id) VALUES (?, ?)"
                                       : "DELETE FROM flags WHERE attempt_id=? AND item_id=?");
        st.bind(1, attemptId).bind(2, itemId);
        st.run();
    }
    if (w.position || w.elapsedMs || w.paused) {
        auto st = m_db.prepare(
            "UPDATE attempts SET current_position=coalesce(?, current_position), elapsed_ms=max(elapsed_ms, ?), "
            "paused=coalesce(?, paused) WHERE id=?");
        if (w.position)
            st.bind(1, *w.position);
        else
            st.bindNull(1);
        st.bind(2, w.elapsedMs.value_or(0));
        if (w.paused)
            st.bind(3, *w.paused ? 1 : 0);
        else
            st.bindNull(3);
        st.bind(4, attemptId);
        st.run();
    }
    if (w.finish) {
        auto st = m_db.prepare("UPDATE attempts SET finished_at=? WHERE id=? AND finished_at IS NULL");
        st.bind(1, isoTimestamp(nowMs)).bind(2, attemptId);
        st.run();
    }
    insertEvents(m_db, attemptId, w.events);
    tx.commit();
}

std::set<std::string> ResponseStore::loadFlags(int64_t attemptId) {
    std::set<std::string> out;
    auto st = m_db.prepare("SELECT item_id FROM flags WHERE attempt_id=?");
    st.bind(1, attemptId);
    while (st.step()) out.insert(st.getText(0));
    return out;
}

StoredResponses ResponseStore::load(int64_t attemptId) {
    StoredResponses out;
    if (!m_load) m_load.emplace(m_db, "SELECT item_id, response_id, value FROM responses WHERE attempt_id=?");
    Statement& st = *m_load;
    st.reset();  // first: a load that threw half-way left it stepped
    st.bind(1, attemptId);
    while (st.step()) out[st.getText(0)][st.getText(1)] = st.getText(2);
    st.reset();
    return out;
}

VariableMap decodeResponses(const Item& item, const std::map<std::string, std::string>& stored) {
    VariableMap out;
    for (const auto& [responseId, json] : stored) {
        const ResponseDeclaration* decl = item.findResponse(responseId);
        if (!decl) continue;
        try {
            out[responseId] = valueFromJson(parseJson(json, responseId), decl->cardinality, decl->baseType, responseId);
        } catch (const Error&) {
            // The item's declaration changed since the answer was stored; the stored text stays in the
            // database for inspection, but it is not scored against a declaration it does not fit.
        }
    }
    return out;
}

}  // namespace dlk
