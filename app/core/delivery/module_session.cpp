#include "delivery/module_session.h"

#include <algorithm>

#include "util/error.h"

namespace dlk {

ModuleSession::ModuleSession(ResponseStore& store, const Module& module, int64_t pupilId, const std::string& language,
                             int64_t nowMs)
    : m_store(store), m_module(module), m_variant(module.variant(language)), m_log(nowMs) {
    const auto existing = m_store.findAttempt(pupilId, module.identifier);
    m_attempt = existing ? *existing : m_store.startOrResume(pupilId, module.identifier, m_variant.language, nowMs);
    m_position = static_cast<size_t>(std::clamp(m_attempt.position, 0, static_cast<int>(itemCount()) - 1));
    m_finished = m_attempt.finished;
    m_paused = m_attempt.paused && !m_finished;
    // A duration, never a clock reading; below zero only when damaged, and then it must not add time.
    m_elapsedMs = m_persistedElapsedMs = std::max<int64_t>(0, m_attempt.elapsedMs);
    const StoredResponses stored = m_store.load(m_attempt.id);
    for (const auto& item : m_variant.items)
        if (auto it = stored.find(item->identifier); it != stored.end())
            m_answers[item->identifier] = decodeResponses(*item, it->second);
    m_flags = m_store.loadFlags(m_attempt.id);
    if (m_finished) return;
    // Buffered, like every event without an answer: a session that is only looked at costs no write.
    if (existing) m_log.record(nowMs, EventKind::SessionResume, {}, m_paused ? "paused" : "");
    m_log.record(nowMs, EventKind::ItemShown, currentId(), "position=" + std::to_string(m_position + 1));
    if (m_paused) m_log.suspendIdle(nowMs, currentId());
}

Value ModuleSession::response(const std::string& responseId) const {
    const Item& item = currentItem();
    if (auto it = m_answers.find(item.identifier); it != m_answers.end())
        if (auto r = it->second.find(responseId); r != it->second.end()) return r->second;
    const ResponseDeclaration* decl = item.findResponse(responseId);
    return decl ? Value::null(decl->cardinality, decl->baseType) : Value{};
}

bool ModuleSession::isAnswered(size_t pos) const {
    if (pos >= itemCount()) return false;
    auto it = m_answers.find(itemAt(pos).identifier);
    if (it == m_answers.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(), [](const auto& kv) { return !kv.second.isNull(); });
}

bool ModuleSession::isFlagged(size_t pos) const {
    return pos < itemCount() && m_flags.count(itemAt(pos).identifier) > 0;
}

void ModuleSession::setResponse(const std::string& responseId, Value value, int64_t nowMs, bool typing) {
    setResponses({{responseId, std::move(value)}}, nowMs, typing);
}

void ModuleSession::setResponses(const std::vector<std::pair<std::string, Value>>& values, int64_t nowMs, bool typing) {
    if (m_finished || m_paused) return;
    const Item& item = currentItem();
    for (const auto& [responseId, value] : values)
        if (!item.findResponse(responseId))
            throw Error(ErrorKind::Invalid, "item " + item.identifier + " has no response variable " + responseId);
    m_log.noteActivity(nowMs, item.identifier);
    for (const auto& [responseId, value] : values) {
        m_answers[item.identifier][responseId] = value;
        m_log.record(nowMs, EventKind::AnswerChanged, item.identifier, responseId);
    }
    m_dirtyItems.insert(item.identifier);
    m_dueAtMs = typing ? nowMs + kTypingDelayMs : nowMs;
    tick(nowMs);
}

bool ModuleSession::setFlagged(bool flagged, int64_t nowMs) {
    if (m_finished || m_paused || !nonlinear()) return false;
    const std::string& id = currentId();
    if ((m_flags.count(id) > 0) == flagged) return saveState() != SaveState::Failed;
    m_log.noteActivity(nowMs, id);
    if (flagged)
        m_flags.insert(id);
    else
        m_flags.erase(id);
    m_dirtyFlags[id] = flagged;
    m_log.record(nowMs, EventKind::Flag, id, flagged ? "on" : "off");
    m_dueAtMs = nowMs;
    tick(nowMs);
    return saveState() == SaveState::Saved;
}

void ModuleSession::noteEvent(EventKind kind, const std::string& detail, int64_t nowMs) {
    if (m_finished) return;
    m_log.noteActivity(nowMs, currentId());
    m_log.record(nowMs, kind, currentId(), detail);
}

void ModuleSession::noteActivity(int64_t atMs) {
    if (!m_finished) m_log.noteActivity(atMs, currentId());
}

void ModuleSession::advanceClock(int64_t nowMs) {
    if (m_finished || m_paused || m_clockHeld) {
        m_lastClockMs = nowMs;
        return;
    }
    if (m_lastClockMs >= 0 && nowMs > m_lastClockMs) m_elapsedMs += std::min(nowMs - m_lastClockMs, kMaxTickGapMs);
    m_lastClockMs = nowMs;
}

bool ModuleSession::setPaused(bool paused, int64_t nowMs) {
    if (m_finished) return false;
    advanceClock(nowMs);
    if (paused == m_paused) return saveState() != SaveState::Failed;
    m_paused = paused;
    m_pauseDirty = true;
    if (paused) {
        m_log.suspendIdle(nowMs, currentId());
        m_log.record(nowMs, EventKind::Pause, currentId());
    } else {
        m_log.record(nowMs, EventKind::Resume, currentId());
        m_log.restartIdle(nowMs);
    }
    return commit(nowMs, std::nullopt);
}

void ModuleSession::tick(int64_t nowMs) {
    advanceClock(nowMs);
    if (m_finished) return;
    if (m_lastFailureMs >= 0) {
        // Everything waits for the retry, so a full disk is not hammered every frame.
        if (nowMs >= m_lastFailureMs + kRetryDelayMs) commit(nowMs, std::nullopt);
        return;
    }
    if (hasDirty() && nowMs >= m_dueAtMs) {
        commit(nowMs, std::nullopt);
        return;
    }
    if (m_quietFailureMs >= 0 && nowMs < m_quietFailureMs + kRetryDelayMs) return;
    // Events and time on their own: every few seconds. A typed answer still waiting for its
    // delay goes along, which only saves it sooner.
    if (m_log.due(nowMs) || m_elapsedMs - m_persistedElapsedMs >= kPersistElapsedEveryMs) commit(nowMs, std::nullopt);
}

bool ModuleSession::flush(int64_t nowMs) {
    return commit(nowMs, std::nullopt);
}

bool ModuleSession::commit(int64_t nowMs, std::optional<size_t> newPosition, std::vector<ProcessEvent> extra,
                           bool finishing) {
    advanceClock(nowMs);
    // A failure here is one the pupil must hear about: an answer, flag, pause, move or the end.
    // Events and time alone fail quietly (they are retried; the pupil's work is safe).
    const bool carriesChange = hasDirty() || newPosition || finishing;
    if (!carriesChange && extra.empty() && m_log.empty() && m_elapsedMs <= m_persistedElapsedMs) {
        m_lastFailureMs = m_quietFailureMs = -1;
        m_lastError.clear();
        return true;
    }
    AttemptWrite w;
    for (const auto& id : m_dirtyItems) w.items.emplace_back(id, &m_answers[id]);
    w.flags = m_dirtyFlags;
    if (newPosition) w.position = static_cast<int>(*newPosition);
    w.elapsedMs = m_elapsedMs;
    if (m_pauseDirty) w.paused = m_paused;
    w.finish = finishing;
    w.events = m_log.pending();
    const size_t buffered = w.events.size();
    w.events.insert(w.events.end(), std::make_move_iterator(extra.begin()), std::make_move_iterator(extra.end()));
    try {
        m_store.write(m_attempt.id, w, nowMs);
    } catch (const Error& e) {
        m_lastError = e.what();
        (carriesChange ? m_lastFailureMs : m_quietFailureMs) = nowMs;
        return false;
    }
    m_log.written(buffered);
    m_dirtyItems.clear();
    m_dirtyFlags.clear();
    m_pauseDirty = false;
    m_persistedElapsedMs = std::max(m_persistedElapsedMs, m_elapsedMs);
    m_lastFailureMs = m_quietFailureMs = -1;
    m_lastError.clear();
    return true;
}

bool ModuleSession::goTo(size_t pos, int64_t nowMs, NavigationHow how) {
    if (pos >= itemCount() || m_finished || m_paused) return false;
    m_log.noteActivity(nowMs, currentId());
    std::vector<ProcessEvent> moved;
    if (pos != m_position) {
        moved.push_back(ProcessEvent{nowMs, EventKind::Navigation, currentId(),
                                     "from=" + std::to_string(m_position + 1) + " to=" + std::to_string(pos + 1) +
                                         " how=" + navigationHowName(how)});
        moved.push_back(
            ProcessEvent{nowMs, EventKind::ItemShown, itemAt(pos).identifier, "position=" + std::to_string(pos + 1)});
    }
    if (!commit(nowMs, pos, std::move(moved))) return false;
    m_position = pos;
    return true;
}

bool ModuleSession::finish(int64_t nowMs) {
    if (m_finished) return true;
    advanceClock(nowMs);
    m_log.noteActivity(nowMs, currentId());
    std::vector<ProcessEvent> end;
    if (timeUp()) end.push_back(ProcessEvent{nowMs, EventKind::TimeUp, currentId(), {}});
    end.push_back(ProcessEvent{nowMs, EventKind::Finish, currentId(), {}});
    if (!commit(nowMs, std::nullopt, std::move(end), true)) return false;
    m_finished = true;
    return true;
}

SaveState ModuleSession::saveState() const {
    if (m_lastFailureMs >= 0) return SaveState::Failed;
    return hasDirty() ? SaveState::Pending : SaveState::Saved;
}

}  // namespace dlk
