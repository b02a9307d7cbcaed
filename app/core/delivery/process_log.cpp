#include "delivery/process_log.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "bank/item_bank.h"
#include "storage/database.h"
#include "support/logger.h"
#include "util/text.h"

namespace dlk {

namespace {

struct KindName {
    EventKind kind;
    const char* name;
};
constexpr KindName kKindNames[] = {
    {EventKind::AttemptStart, "attempt_start"},
    {EventKind::SessionResume, "session_resume"},
    {EventKind::ItemShown, "item_shown"},
    {EventKind::AnswerChanged, "answer_changed"},
    {EventKind::Navigation, "navigation"},
    {EventKind::Flag, "flag"},
    {EventKind::Overview, "overview"},
    {EventKind::Pause, "pause"},
    {EventKind::Resume, "resume"},
    {EventKind::ReadAloud, "read_aloud"},
    {EventKind::Idle, "idle"},
    {EventKind::Finish, "finish"},
    {EventKind::TimeUp, "time_up"},
    {EventKind::EnvironmentAction, "env_action"},
    {EventKind::EventsDropped, "events_dropped"},
};

// started_at as written by isoTimestamp ("2026-11-28T09:15:00Z"); -1 when it does not parse.
int64_t parseIsoMs(const std::string& s) {
    std::tm tm{};
    char z = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &z) != 7 ||
        z != 'Z')
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t t = timegm(&tm);
    return t < 0 ? -1 : static_cast<int64_t>(t) * 1000;
}

// "ms=73000" -> 73000; 0 when the detail holds no such number.
int64_t detailNumber(const std::string& detail, const std::string& key) {
    for (const auto& part : splitWhitespace(detail)) {
        if (part.rfind(key + "=", 0) != 0) continue;
        int64_t v = 0;
        if (parseInt64(part.substr(key.size() + 1), v)) return v;
    }
    return 0;
}

}  // namespace

const char* eventKindName(EventKind kind) {
    for (const auto& k : kKindNames)
        if (k.kind == kind) return k.name;
    return "unknown";
}

std::optional<EventKind> eventKindFromName(std::string_view name) {
    for (const auto& k : kKindNames)
        if (name == k.name) return k.kind;
    return std::nullopt;
}

const char* navigationHowName(NavigationHow how) {
    switch (how) {
        case NavigationHow::Next:
            return "next";
        case NavigationHow::Previous:
            return "previous";
        case NavigationHow::Dot:
            return "dot";
        case NavigationHow::Overview:
            return "overview";
    }
    return "dot";
}

std::string processDetail(std::string_view detail) {
    std::string out(detail.substr(0, ProcessLog::kMaxDetailBytes));
    for (char& c : out) {
        const bool code = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          std::string_view(" _.:=+-/").find(c) != std::string_view::npos;
        if (!code) c = '_';
    }
    return out;
}

void ProcessLog::record(int64_t atMs, EventKind kind, std::string itemId, std::string detail) {
    if (m_pending.size() >= kMaxPendingEvents) {
        if (m_dropped++ == 0)
            logWarning("process data: " + std::to_string(kMaxPendingEvents) +
                       " events wait for a database that cannot be written; further events are counted, not kept");
        m_lastDroppedMs = atMs;
        return;
    }
    m_pending.push_back(ProcessEvent{atMs, kind, std::move(itemId), processDetail(detail)});
}

void ProcessLog::noteActivity(int64_t atMs, const std::string& itemId) {
    if (m_idleSuspended || atMs <= m_lastActivityMs) return;
    if (atMs - m_lastActivityMs >= kIdleMs)
        record(atMs, EventKind::Idle, itemId, "ms=" + std::to_string(atMs - m_lastActivityMs));
    m_lastActivityMs = atMs;
}

void ProcessLog::suspendIdle(int64_t atMs, const std::string& itemId) {
    noteActivity(atMs, itemId);
    m_idleSuspended = true;
}

void ProcessLog::restartIdle(int64_t atMs) {
    m_idleSuspended = false;
    m_lastActivityMs = std::max(m_lastActivityMs, atMs);
}

void ProcessLog::written(size_t count) {
    m_pending.erase(m_pending.begin(),
                    m_pending.begin() + static_cast<std::ptrdiff_t>(std::min(count, m_pending.size())));
    if (m_dropped > 0 && m_pending.size() < kMaxPendingEvents) {
        // Writing works again: the gap is recorded, so an analysis knows the log has a hole here.
        logInfo("process data: " + std::to_string(m_dropped) + " events were not kept during the write failure");
        m_pending.push_back(
            ProcessEvent{m_lastDroppedMs, EventKind::EventsDropped, {}, "count=" + std::to_string(m_dropped)});
        m_dropped = 0;
    }
}

void insertEvents(Database& db, int64_t attemptId, const std::vector<ProcessEvent>& events) {
    if (events.empty()) return;
    auto st = db.prepare("INSERT INTO events(attempt_id, at_ms, kind, item_id, detail) VALUES (?, ?, ?, ?, ?)");
    for (const auto& e : events) {
        st.bind(1, attemptId).bind(2, e.atMs).bind(3, eventKindName(e.kind));
        if (e.itemId.empty())
            st.bindNull(4);
        else
            st.bind(4, e.itemId);
        if (e.detail.empty())
            st.bindNull(5);
        else
            st.bind(5, e.detail);
        st.run();
    }
}

std::vector<ProcessEvent> loadEvents(Database& db, int64_t attemptId) {
    std::vector<ProcessEvent> out;
    auto st = db.prepare("SELECT at_ms, kind, item_id, detail FROM events WHERE attempt_id=? ORDER BY id");
    st.bind(1, attemptId);
    while (st.step()) {
        const auto kind = eventKindFromName(st.getText(1));
        if (!kind) continue;  // written by a newer dlkiosk: not ours to interpret
        out.push_back(
            ProcessEvent{st.getInt(0), *kind, st.getOptionalText(2).value_or(""), st.getOptionalText(3).value_or("")});
    }
    return out;
}

std::vector<AttemptEvents> loadAttemptEvents(Database& db, int64_t classId) {
    std::vector<AttemptEvents> out;
    {
        auto st = db.prepare(
            "SELECT a.id, a.pupil_id, a.module_id, a.started_at FROM attempts a JOIN pupils p ON p.id=a.pupil_id "
            "WHERE ?=0 OR p.class_id=? ORDER BY a.pupil_id, a.id");
        st.bind(1, classId).bind(2, classId);
        while (st.step()) {
            AttemptEvents a;
            a.attemptId = st.getInt(0);
            a.pupilId = st.getInt(1);
            a.moduleId = st.getText(2);
            a.startMs = parseIsoMs(st.getText(3));
            out.push_back(std::move(a));
        }
    }
    for (auto& a : out) {
        a.events = loadEvents(db, a.attemptId);
        // The AttemptStart event has the millisecond; started_at only the second.
        for (const auto& e : a.events)
            if (e.kind == EventKind::AttemptStart) {
                a.startMs = e.atMs;
                break;
            }
        if (a.startMs < 0) a.startMs = a.events.empty() ? 0 : a.events.front().atMs;
    }
    return out;
}

ActivitySummary summarizeActivity(const std::vector<ProcessEvent>& events) {
    ActivitySummary s;
    std::map<std::string, size_t> index;
    auto itemFor = [&](const std::string& id) -> ItemActivity& {
        auto [it, added] = index.try_emplace(id, s.items.size());
        if (added) s.items.push_back(ItemActivity{id});
        return s.items[it->second];
    };
    std::string current;  // the item on screen; empty between sessions and after the end
    bool paused = false;
    int64_t lastMs = 0;
    for (const auto& e : events) {
        // Time runs on the item on screen until the next event; across the gap between two
        // sessions (the kiosk was down, the pupil logged in later) nothing is counted.
        const bool newSession = e.kind == EventKind::AttemptStart || e.kind == EventKind::SessionResume;
        if (!current.empty() && !paused && !newSession && e.atMs > lastMs) itemFor(current).timeMs += e.atMs - lastMs;
        lastMs = e.atMs;
        switch (e.kind) {
            case EventKind::AttemptStart:
            case EventKind::SessionResume:
            case EventKind::Finish:
            case EventKind::TimeUp:
                current.clear();
                break;
            case EventKind::ItemShown:
                current = e.itemId;
                if (!current.empty()) ++itemFor(current).visits;
                break;
            case EventKind::AnswerChanged:
                if (!e.itemId.empty()) ++itemFor(e.itemId).changes;
                ++s.changes;
                break;
            case EventKind::Flag:
                if (!e.itemId.empty()) itemFor(e.itemId).flagged = e.detail == "on";
                break;
            case EventKind::Pause:
                paused = true;
                ++s.pauses;
                break;
            case EventKind::Resume:
                paused = false;
                break;
            case EventKind::ReadAloud:
                ++s.readAloud;
                break;
            case EventKind::Idle:
                s.idleMs += detailNumber(e.detail, "ms");
                ++s.idleSpells;
                break;
            case EventKind::Navigation:
            case EventKind::Overview:
            case EventKind::EnvironmentAction:  // the answer it changes is an AnswerChanged of its own
            case EventKind::EventsDropped:
                break;
        }
    }
    for (const auto& item : s.items) {
        s.timeMs += item.timeMs;
        s.flagged += item.flagged ? 1 : 0;
    }
    return s;
}

std::map<int64_t, ActivitySummary> classActivity(Database& db, const ItemBank& bank, int64_t classId) {
    // Each attempt on its own (no time runs from one module into the next), then per pupil.
    std::map<int64_t, ActivitySummary> out;
    for (const auto& a : loadAttemptEvents(db, classId)) {
        const Module* module = bank.findModule(a.moduleId);
        if (a.events.empty() || !module || module->practice) continue;
        const ActivitySummary one = summarizeActivity(a.events);
        ActivitySummary& s = out[a.pupilId];
        s.items.insert(s.items.end(), one.items.begin(), one.items.end());
        s.timeMs += one.timeMs;
        s.idleMs += one.idleMs;
        s.idleSpells += one.idleSpells;
        s.changes += one.changes;
        s.flagged += one.flagged;
        s.pauses += one.pauses;
        s.readAloud += one.readAloud;
    }
    return out;
}

}  // namespace dlk
