#include "delivery/module_session.h"

#include <algorithm>

#include "util/error.h"

namespace dlk {

ModuleSession::ModuleSession(ResponseStore& store, const Module& module, int64_t pupilId, const std::string& language,
                             int64_t nowMs)
    : m_store(store), m_module(module), m_variant(module.variant(language)) {
    m_attempt = m_store.startOrResume(pupilId, module.identifier, m_variant.language, nowMs);
    m_position = static_cast<size_t>(std::clamp(m_attempt.position, 0, static_cast<int>(itemCount()) - 1));
    m_finished = m_attempt.finished;
    m_elapsedMs = m_persistedElapsedMs = m_attempt.elapsedMs;
    const StoredResponses stored = m_store.load(m_attempt.id);
    for (const auto& item : m_variant.items)
        if (auto it = stored.find(item->identifier); it != stored.end())
            m_answers[item->identifier] = decodeResponses(*item, it->second);
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

void ModuleSession::setResponse(const std::string& responseId, Value value, int64_t nowMs, bool typing) {
    if (m_finished) return;
    const Item& item = currentItem();
    if (!item.findResponse(responseId))
        throw Error(ErrorKind::Invalid, "item " + item.identifier + " has no response variable " + responseId);
    m_answers[item.identifier][responseId] = std::move(value);
    m_dirtyItems.insert(item.identifier);
    m_dueAtMs = typing ? nowMs + kTypingDelayMs : nowMs;
    tick(nowMs);
}

void ModuleSession::advanceClock(int64_t nowMs) {
    if (m_finished || m_paused) {
        m_lastClockMs = nowMs;
        return;
    }
    if (m_lastClockMs >= 0 && nowMs > m_lastClockMs) m_elapsedMs += std::min(nowMs - m_lastClockMs, kMaxTickGapMs);
    m_lastClockMs = nowMs;
}

void ModuleSession::setPaused(bool paused, int64_t nowMs) {
    advanceClock(nowMs);
    m_paused = paused;
}

void ModuleSession::tick(int64_t nowMs) {
    advanceClock(nowMs);
    if (!m_finished && m_elapsedMs - m_persistedElapsedMs >= kPersistElapsedEveryMs && m_lastFailureMs < 0) {
        try {
            m_store.saveElapsed(m_attempt.id, m_elapsedMs);
            m_persistedElapsedMs = m_elapsedMs;
        } catch (const Error& e) {
            // Time is not an answer: a failed write here is retried with the next one.
            m_lastError = e.what();
        }
    }
    if (m_dirtyItems.empty()) return;
    if (m_lastFailureMs >= 0 && nowMs < m_lastFailureMs + kRetryDelayMs) return;
    if (nowMs >= m_dueAtMs || m_lastFailureMs >= 0) commitDirty(nowMs, std::nullopt);
}

bool ModuleSession::flush(int64_t nowMs) { return commitDirty(nowMs, std::nullopt); }

bool ModuleSession::commitDirty(int64_t nowMs, std::optional<size_t> newPosition) {
    const int position = static_cast<int>(newPosition.value_or(m_position));
    advanceClock(nowMs);
    try {
        if (m_dirtyItems.empty()) {
            if (newPosition) m_store.savePosition(m_attempt.id, position, m_elapsedMs);
        } else {
            // Usually one dirty item; each is its own transaction, the last one also moves the position.
            for (auto it = m_dirtyItems.begin(); it != m_dirtyItems.end();) {
                const bool last = std::next(it) == m_dirtyItems.end();
                m_store.saveItem(m_attempt.id, *it, m_answers[*it], last ? position : static_cast<int>(m_position), nowMs,
                                 m_elapsedMs);
                it = m_dirtyItems.erase(it);
            }
        }
        m_persistedElapsedMs = std::max(m_persistedElapsedMs, m_elapsedMs);
        m_lastFailureMs = -1;
        m_lastError.clear();
        return true;
    } catch (const Error& e) {
        m_lastFailureMs = nowMs;
        m_lastError = e.what();
        return false;
    }
}

bool ModuleSession::goTo(size_t pos, int64_t nowMs) {
    if (pos >= itemCount() || m_finished) return false;
    if (!commitDirty(nowMs, pos)) return false;
    m_position = pos;
    return true;
}

bool ModuleSession::finish(int64_t nowMs) {
    if (m_finished) return true;
    if (!commitDirty(nowMs, std::nullopt)) return false;
    try {
        m_store.saveElapsed(m_attempt.id, m_elapsedMs);
        m_store.finish(m_attempt.id, nowMs);
    } catch (const Error& e) {
        m_lastFailureMs = nowMs;
        m_lastError = e.what();
        return false;
    }
    m_finished = true;
    return true;
}

SaveState ModuleSession::saveState() const {
    if (m_lastFailureMs >= 0) return SaveState::Failed;
    return m_dirtyItems.empty() ? SaveState::Saved : SaveState::Pending;
}

}  // namespace dlk
