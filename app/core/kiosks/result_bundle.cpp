#include "kiosks/result_bundle.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "delivery/process_log.h"
#include "export/atomic_file.h"
#include "export/manifest.h"
#include "kiosks/kiosk_join.h"
#include "kiosks/wire.h"
#include "school/incidents.h"
#include "school/school_store.h"
#include "security/signing.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kBundleFormat = "dlkiosk-result-bundle";
constexpr int kBundleVersion = 1;
constexpr size_t kIdMax = 256;
constexpr size_t kTimeMax = 64;
constexpr int64_t kIdLimit = INT64_MAX / 2;

// --- What a bundle carries.
struct Response {
    std::string item, response, value, savedAt;
};
struct Event {
    int64_t atMs = 0;
    std::string kind;
    std::optional<std::string> item, detail;
};
struct Score {
    std::string item, outcome;
    int64_t round = 1;
    double score = 0;
    std::string scorer, scoredAt;
    std::optional<int64_t> teacherId;
};
struct AttemptData {
    int64_t pupilId = 0;
    std::string moduleId, language, startedAt;
    std::optional<std::string> finishedAt;
    int64_t position = 0, elapsedMs = 0, paused = 0;
    std::vector<Response> responses;
    std::vector<std::string> flags;
    std::vector<Event> events;
    std::vector<Score> scores;
};
struct Plan {
    std::string design, modules, createdAt;
    int64_t seed = 0;
};
struct IncidentData {
    std::string moduleId, kind;
    int64_t recordedAt = 0;
};
struct PupilData {
    int64_t pupilId = 0;
    std::optional<Plan> plan;
    std::vector<IncidentData> incidents;
};
struct BundleData {
    std::string schoolKey, kioskKey;
    int64_t kioskId = 0, sequence = 0;
    std::vector<AttemptData> attempts;
    std::vector<PupilData> pupils;
};

Json opt(const std::optional<std::string>& s) {
    return s ? Json(*s) : Json(nullptr);
}

// --- Writing.

std::string bundleText(Database& db, const ThisKiosk& kiosk, const std::string& schoolKey, int64_t sequence,
                       int64_t nowMs, size_t& attempts, size_t& pupils) {
    std::string out;
    Json header = {{"format", kBundleFormat},
                   {"version", kBundleVersion},
                   {"school_public_key", wire::hex(schoolKey)},
                   {"kiosk_id", kiosk.kioskId},
                   {"kiosk_public_key", wire::hex(kiosk.publicKey)},
                   {"sequence", sequence},
                   {"written_at", isoTimestamp(nowMs)}};
    out += dumpJson(header) + "\n";
    auto a = db.prepare(
        "SELECT id, pupil_id, module_id, language, current_position, started_at, finished_at, elapsed_ms, paused FROM "
        "attempts WHERE origin_kiosk_id IS NULL ORDER BY pupil_id, module_id");
    auto r = db.prepare(
        "SELECT item_id, response_id, value, saved_at FROM responses WHERE attempt_id=? ORDER BY item_id, "
        "response_id");
    auto f = db.prepare("SELECT item_id FROM flags WHERE attempt_id=? ORDER BY item_id");
    auto e = db.prepare("SELECT at_ms, kind, item_id, detail FROM events WHERE attempt_id=? ORDER BY id");
    auto h = db.prepare(
        "SELECT item_id, outcome_id, round, score, scorer, scored_at, teacher_id FROM human_scores WHERE "
        "attempt_id=? ORDER BY item_id, outcome_id, round");
    while (a.step()) {
        const int64_t id = a.getInt(0);
        Json j = {{"type", "attempt"},
                  {"pupil_id", a.getInt(1)},
                  {"module_id", a.getText(2)},
                  {"language", a.getText(3)},
                  {"position", a.getInt(4)},
                  {"started_at", a.getText(5)},
                  {"finished_at", opt(a.getOptionalText(6))},
                  {"elapsed_ms", a.getInt(7)},
                  {"paused", a.getInt(8) != 0 ? 1 : 0}};
        Json responses = Json::array(), flags = Json::array(), events = Json::array(), scores = Json::array();
        r.bind(1, id);
        while (r.step()) responses.push_back({r.getText(0), r.getText(1), r.getText(2), r.getText(3)});
        r.reset();
        f.bind(1, id);
        while (f.step()) flags.push_back(f.getText(0));
        f.reset();
        e.bind(1, id);
        while (e.step())
            events.push_back({e.getInt(0), e.getText(1), opt(e.getOptionalText(2)), opt(e.getOptionalText(3))});
        e.reset();
        h.bind(1, id);
        while (h.step())
            scores.push_back({h.getText(0), h.getText(1), h.getInt(2), h.getDouble(3), h.getText(4), h.getText(5),
                              h.isNull(6) ? Json(nullptr) : Json(h.getInt(6))});
        h.reset();
        j["responses"] = std::move(responses);
        j["flags"] = std::move(flags);
        j["events"] = std::move(events);
        j["human_scores"] = std::move(scores);
        out += dumpJson(j) + "\n";
        ++attempts;
    }
    // Every pupil with a plan or an incident here (incidents recorded here only).
    auto p = db.prepare(
        "SELECT id FROM pupils WHERE id IN (SELECT pupil_id FROM session_plans UNION SELECT pupil_id FROM incidents "
        "WHERE origin_kiosk_id IS NULL) ORDER BY id");
    auto plan = db.prepare("SELECT design, seed, modules, created_at FROM session_plans WHERE pupil_id=?");
    auto inc = db.prepare(
        "SELECT module_id, kind, recorded_at FROM incidents WHERE pupil_id=? AND origin_kiosk_id IS NULL ORDER BY id");
    while (p.step()) {
        const int64_t pupil = p.getInt(0);
        Json j = {{"type", "pupil"}, {"pupil_id", pupil}, {"session_plan", nullptr}};
        plan.bind(1, pupil);
        if (plan.step())
            j["session_plan"] = {{"design", plan.getText(0)},
                                 {"seed", plan.getInt(1)},
                                 {"modules", plan.getText(2)},
                                 {"created_at", plan.getText(3)}};
        plan.reset();
        Json incidents = Json::array();
        inc.bind(1, pupil);
        while (inc.step()) incidents.push_back({inc.getText(0), inc.getText(1), inc.getInt(2)});
        inc.reset();
        j["incidents"] = std::move(incidents);
        out += dumpJson(j) + "\n";
        ++pupils;
    }
    return out;
}

// --- Reading.

AttemptData parseAttempt(const wire::Fields& f) {
    AttemptData a;
    a.pupilId = f.integer("pupil_id", 1, kIdLimit);
    a.moduleId = f.text("module_id", kIdMax);
    a.language = f.text("language", 16);
    a.position = f.integer("position", 0, 1'000'000);
    a.startedAt = f.text("started_at", kTimeMax);
    a.finishedAt = f.optionalText("finished_at", kTimeMax);
    a.elapsedMs = f.integer("elapsed_ms", 0, kIdLimit);
    a.paused = f.integer("paused", 0, 1);
    const std::string at = f.where() + " (pupil " + std::to_string(a.pupilId) + ", module " + a.moduleId + ")";
    const Json& responses = f.array("responses", kBundleMaxResponses);
    for (size_t i = 0; i < responses.size(); ++i) {
        const std::string what = at + ": response " + std::to_string(i + 1);
        wire::requireRow(responses[i], 4, what);
        a.responses.push_back({wire::textAt(responses[i], 0, kIdMax, what), wire::textAt(responses[i], 1, kIdMax, what),
                               wire::textAt(responses[i], 2, kBundleMaxValueBytes, what),
                               wire::textAt(responses[i], 3, kTimeMax, what)});
    }
    const Json& flags = f.array("flags", kBundleMaxResponses);
    for (size_t i = 0; i < flags.size(); ++i) {
        const std::string what = at + ": flag " + std::to_string(i + 1);
        if (!flags[i].is_string() || flags[i].get_ref<const std::string&>().size() > kIdMax)
            throw Error(ErrorKind::Invalid, what + " is not an item id");
        a.flags.push_back(flags[i].get<std::string>());
    }
    const Json& events = f.array("events", kBundleMaxEvents);
    for (size_t i = 0; i < events.size(); ++i) {
        const std::string what = at + ": event " + std::to_string(i + 1);
        wire::requireRow(events[i], 4, what);
        Event e{wire::integerAt(events[i], 0, INT64_MIN / 2, INT64_MAX / 2, what), wire::textAt(events[i], 1, 40, what),
                wire::optionalTextAt(events[i], 2, kIdMax, what), wire::optionalTextAt(events[i], 3, 4096, what)};
        if (!eventKindFromName(e.kind)) throw Error(ErrorKind::Invalid, what + ": no event kind '" + e.kind + "'");
        a.events.push_back(std::move(e));
    }
    const Json& scores = f.array("human_scores", kBundleMaxResponses);
    for (size_t i = 0; i < scores.size(); ++i) {
        const std::string what = at + ": human score " + std::to_string(i + 1);
        wire::requireRow(scores[i], 7, what);
        a.scores.push_back({wire::textAt(scores[i], 0, kIdMax, what), wire::textAt(scores[i], 1, kIdMax, what),
                            wire::integerAt(scores[i], 2, 1, 3, what), wire::numberAt(scores[i], 3, what),
                            wire::textAt(scores[i], 4, 200, what), wire::textAt(scores[i], 5, kTimeMax, what),
                            wire::optionalIntegerAt(scores[i], 6, 1, kIdLimit, what)});
    }
    return a;
}

PupilData parsePupil(const wire::Fields& f) {
    PupilData p;
    p.pupilId = f.integer("pupil_id", 1, kIdLimit);
    if (!f.isNull("session_plan")) {
        const wire::Fields plan(f.get("session_plan"), f.where() + ": session_plan");
        p.plan = Plan{plan.text("design", kIdMax), plan.text("modules", 64 * 1024), plan.text("created_at", kTimeMax),
                      plan.integer("seed", INT64_MIN / 2, INT64_MAX / 2)};
    }
    const Json& incidents = f.array("incidents", kMaxIncidentsPerPupil);
    for (size_t i = 0; i < incidents.size(); ++i) {
        const std::string what = f.where() + ": incident " + std::to_string(i + 1);
        wire::requireRow(incidents[i], 3, what);
        IncidentData d{wire::textAt(incidents[i], 0, kIdMax, what), wire::textAt(incidents[i], 1, 40, what),
                       wire::integerAt(incidents[i], 2, INT64_MIN / 2, INT64_MAX / 2, what)};
        if (!parseIncidentKind(d.kind)) throw Error(ErrorKind::Invalid, what + ": no incident kind '" + d.kind + "'");
        p.incidents.push_back(std::move(d));
    }
    return p;
}

BundleData parseBundle(const std::string& text, const std::string& file) {
    BundleData b;
    size_t at = 0, line = 0;
    std::set<std::pair<int64_t, std::string>> seenAttempts;
    std::set<int64_t> seenPupils;
    while (at < text.size()) {
        size_t nl = text.find('\n', at);
        if (nl == std::string::npos) throw Error(ErrorKind::Parse, file + ": the last line is not ended (cut short?)");
        const std::string_view lineText = std::string_view(text).substr(at, nl - at);
        at = nl + 1;
        ++line;
        const std::string where = file + ":" + std::to_string(line);
        const Json j = parseJson(lineText, where);
        const wire::Fields f(j, where);
        if (line == 1) {
            if (f.text("format", 40) != kBundleFormat)
                throw Error(ErrorKind::Parse, file + " is not a dlkiosk result bundle");
            if (f.integer("version", 0, 1000) != kBundleVersion)
                throw Error(ErrorKind::Invalid, file + ": bundle version " + dumpJson(f.get("version")) +
                                                    " is not understood by this dlkiosk");
            b.schoolKey = f.blob("school_public_key", kSigningPublicKeyBytes);
            b.kioskKey = f.blob("kiosk_public_key", kSigningPublicKeyBytes);
            b.kioskId = f.integer("kiosk_id", 1, kIdLimit);
            b.sequence = f.integer("sequence", 1, kIdLimit);
            continue;
        }
        const std::string type = f.text("type", 20);
        if (type == "attempt") {
            if (b.attempts.size() >= kBundleMaxAttempts)
                throw Error(ErrorKind::Invalid,
                            where + ": more than " + std::to_string(kBundleMaxAttempts) + " attempts");
            AttemptData a = parseAttempt(f);
            if (!seenAttempts.insert({a.pupilId, a.moduleId}).second)
                throw Error(ErrorKind::Invalid,
                            where + ": pupil " + std::to_string(a.pupilId) + " and module " + a.moduleId + " twice");
            b.attempts.push_back(std::move(a));
        } else if (type == "pupil") {
            PupilData p = parsePupil(f);
            if (!seenPupils.insert(p.pupilId).second)
                throw Error(ErrorKind::Invalid, where + ": pupil " + std::to_string(p.pupilId) + " twice");
            if (b.pupils.size() >= kJoinMaxPupils)
                throw Error(ErrorKind::Invalid, where + ": more pupils than a school has");
            b.pupils.push_back(std::move(p));
        } else {
            throw Error(ErrorKind::Invalid, where + ": a line of type '" + type + "', which a bundle does not have");
        }
    }
    if (line == 0) throw Error(ErrorKind::Parse, file + " is empty");
    return b;
}

std::string readWhole(const fs::path& p, uint64_t maxBytes) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read " + p.string());
    std::string bytes;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        bytes.append(buf, static_cast<size_t>(in.gcount()));
        if (bytes.size() > maxBytes) throw Error(ErrorKind::Invalid, p.string() + " is larger than a bundle may be");
    }
    return bytes;
}

// A private folder of our own (0700) that goes when this goes out of scope.
struct PrivateTemp {
    fs::path path;
    PrivateTemp() {
        std::string tmpl = (fs::temp_directory_path() / "dlkiosk-bundle-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw Error(ErrorKind::Io, "cannot make a temporary folder in " + tmpl);
        path = tmpl;
    }
    ~PrivateTemp() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::string findingsText(const ManifestVerification& v) {
    std::string s;
    for (size_t i = 0; i < v.findings.size() && i < 3; ++i) s += (i ? "; " : "") + v.findings[i].message;
    if (v.findings.size() > 3) s += "; and " + std::to_string(v.findings.size() - 3) + " more";
    return s;
}

std::map<std::pair<std::string, std::string>, std::string> answersOf(const AttemptData& a) {
    std::map<std::pair<std::string, std::string>, std::string> m;
    for (const Response& r : a.responses) m[{r.item, r.response}] = r.value;
    return m;
}

std::map<std::pair<std::string, std::string>, std::string> storedAnswers(Database& db, int64_t attemptId) {
    std::map<std::pair<std::string, std::string>, std::string> m;
    auto st = db.prepare("SELECT item_id, response_id, value FROM responses WHERE attempt_id=?");
    st.bind(1, attemptId);
    while (st.step()) m[{st.getText(0), st.getText(1)}] = st.getText(2);
    return m;
}

void writeAttemptChildren(Database& db, int64_t attemptId, const AttemptData& a) {
    auto r =
        db.prepare("INSERT INTO responses(attempt_id, item_id, response_id, value, saved_at) VALUES (?, ?, ?, ?, ?)");
    for (const Response& x : a.responses) {
        r.bind(1, attemptId).bind(2, x.item).bind(3, x.response).bind(4, x.value).bind(5, x.savedAt);
        r.run();
        r.reset();
    }
    auto f = db.prepare("INSERT OR IGNORE INTO flags(attempt_id, item_id) VALUES (?, ?)");
    for (const std::string& item : a.flags) {
        f.bind(1, attemptId).bind(2, item);
        f.run();
        f.reset();
    }
    auto e = db.prepare("INSERT INTO events(attempt_id, at_ms, kind, item_id, detail) VALUES (?, ?, ?, ?, ?)");
    for (const Event& x : a.events) {
        e.bind(1, attemptId).bind(2, x.atMs).bind(3, x.kind);
        if (x.item)
            e.bind(4, *x.item);
        else
            e.bindNull(4);
        if (x.detail)
            e.bind(5, *x.detail);
        else
            e.bindNull(5);
        e.run();
        e.reset();
    }
    // A score given on the kiosk keeps its teacher when that teacher is still the school's.
    auto h = db.prepare(
        "INSERT OR REPLACE INTO human_scores(attempt_id, item_id, outcome_id, round, score, scorer, scored_at, "
        "teacher_id) VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT id FROM teachers WHERE id=?))");
    for (const Score& x : a.scores) {
        h.bind(1, attemptId).bind(2, x.item).bind(3, x.outcome).bind(4, x.round).bind(5, x.score).bind(6, x.scorer);
        h.bind(7, x.scoredAt);
        if (x.teacherId)
            h.bind(8, *x.teacherId);
        else
            h.bindNull(8);
        h.run();
        h.reset();
    }
}

void bindAttempt(Statement& st, const AttemptData& a, int64_t kioskId, int64_t sequence) {
    st.bind(1, a.language).bind(2, a.position).bind(3, a.startedAt);
    if (a.finishedAt)
        st.bind(4, *a.finishedAt);
    else
        st.bindNull(4);
    st.bind(5, a.elapsedMs).bind(6, a.paused).bind(7, kioskId).bind(8, sequence);
    st.bind(9, a.pupilId).bind(10, a.moduleId);
}

bool pupilExists(Database& db, int64_t pupilId) {
    auto st = db.prepare("SELECT 1 FROM pupils WHERE id=?");
    st.bind(1, pupilId);
    return st.step();
}

std::string kioskNameOf(Database& db, std::optional<int64_t> kioskId) {
    if (!kioskId) return "this kiosk";
    auto st = db.prepare("SELECT name FROM kiosks WHERE id=?");
    st.bind(1, *kioskId);
    return st.step() ? st.getText(0) : "kiosk " + std::to_string(*kioskId);
}

// Applies a checked bundle inside the caller's transaction.
void applyBundle(Database& db, const BundleData& b, BundleImport& out) {
    int64_t latestBefore = 0;
    {
        auto st = db.prepare("SELECT coalesce(max(sequence), 0) FROM imported_bundles WHERE kiosk_id=?");
        st.bind(1, b.kioskId);
        st.step();
        latestBefore = st.getInt(0);
    }
    for (const AttemptData& a : b.attempts) {
        if (!pupilExists(db, a.pupilId)) {
            out.notes.push_back("pupil " + std::to_string(a.pupilId) + " is not on this school's roster: their " +
                                a.moduleId + " was skipped");
            continue;
        }
        std::optional<int64_t> existing, origin, originSeq;
        {
            auto st = db.prepare(
                "SELECT id, origin_kiosk_id, origin_sequence FROM attempts WHERE pupil_id=? AND module_id=?");
            st.bind(1, a.pupilId).bind(2, a.moduleId);
            if (st.step()) {
                existing = st.getInt(0);
                if (!st.isNull(1)) origin = st.getInt(1);
                if (!st.isNull(2)) originSeq = st.getInt(2);
            }
        }
        if (!existing) {
            auto st = db.prepare(
                "INSERT INTO attempts(language, current_position, started_at, finished_at, elapsed_ms, paused, "
                "origin_kiosk_id, origin_sequence, pupil_id, module_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            bindAttempt(st, a, b.kioskId, b.sequence);
            st.run();
            writeAttemptChildren(db, db.lastInsertId(), a);
            ++out.added;
        } else if (origin == b.kioskId) {
            if (originSeq.value_or(0) >= b.sequence) {
                ++out.unchanged;
                continue;
            }
            auto st = db.prepare(
                "UPDATE attempts SET language=?, current_position=?, started_at=?, finished_at=?, elapsed_ms=?, "
                "paused=?, origin_kiosk_id=?, origin_sequence=? WHERE pupil_id=? AND module_id=?");
            bindAttempt(st, a, b.kioskId, b.sequence);
            st.run();
            for (const char* table : {"responses", "flags", "events"}) {
                auto del = db.prepare(std::string("DELETE FROM ") + table + " WHERE attempt_id=?");
                del.bind(1, *existing);
                del.run();
            }
            // What the events said (storage/schema.cpp, version 16): the new events below say it again.
            auto reset = db.prepare("UPDATE attempts SET shown_items='', timed_out=0 WHERE id=?");
            reset.bind(1, *existing);
            reset.run();
            writeAttemptChildren(db, *existing, a);
            ++out.updated;
        } else if (storedAnswers(db, *existing) == answersOf(a)) {
            ++out.unchanged;  // the same answers, given elsewhere: nothing to report
        } else {
            out.conflicts.push_back(
                {a.pupilId, "pupil " + std::to_string(a.pupilId), a.moduleId, kioskNameOf(db, origin), out.kioskName});
        }
    }
    // A pupil's plan is dealt once: the first one this school hears of stays.
    auto plan = db.prepare(
        "INSERT OR IGNORE INTO session_plans(pupil_id, design, seed, modules, created_at) VALUES (?, ?, ?, ?, ?)");
    for (const PupilData& p : b.pupils) {
        if (!p.plan || !pupilExists(db, p.pupilId)) continue;
        plan.bind(1, p.pupilId).bind(2, p.plan->design).bind(3, p.plan->seed).bind(4, p.plan->modules);
        plan.bind(5, p.plan->createdAt);
        plan.run();
        plan.reset();
    }
    // Each bundle holds every incident of its kiosk: the latest bundle's list replaces the kiosk's.
    if (b.sequence > latestBefore) {
        auto del = db.prepare("DELETE FROM incidents WHERE origin_kiosk_id=?");
        del.bind(1, b.kioskId);
        del.run();
        auto ins = db.prepare(
            "INSERT INTO incidents(pupil_id, module_id, kind, recorded_at, origin_kiosk_id) VALUES (?, ?, ?, ?, ?)");
        for (const PupilData& p : b.pupils) {
            if (!pupilExists(db, p.pupilId)) continue;
            for (const IncidentData& d : p.incidents) {
                ins.bind(1, p.pupilId).bind(2, d.moduleId).bind(3, d.kind).bind(4, d.recordedAt).bind(5, b.kioskId);
                ins.run();
                ins.reset();
            }
        }
    }
}

BundleImport importOne(Database& db, SchoolStore& school, const std::string& folder, int64_t nowMs) {
    BundleImport out;
    out.path = folder;
    const auto refuse = [&](const std::string& reason) {
        out.outcome = BundleOutcome::Refused;
        out.reason = reason;
        out.added = out.updated = out.unchanged = 0;
        out.conflicts.clear();
        out.notes.clear();
        return out;
    };
    try {
        const ManifestVerification v = verifyManifest(folder);
        if (!v.ok()) return refuse(findingsText(v));
        // Whose key signed it: one this school registered when it wrote a join file.
        std::optional<KioskInfo> kiosk;
        for (const KioskInfo& k : registeredKiosks(db))
            if (k.fingerprint == v.fingerprint) kiosk = k;
        if (!kiosk)
            return refuse(folder + " is signed by a kiosk this school never registered (key " + v.fingerprint +
                          "): a kiosk of another school, or a bundle not made by a kiosk");
        out.kioskId = kiosk->id;
        out.kioskName = kiosk->name;
        if (v.files != 1 || v.bytes > kBundleMaxBytes)
            return refuse(folder + " does not hold exactly one " + std::string(kBundleDataFile) + " of at most " +
                          std::to_string(kBundleMaxBytes >> 20) + " MiB");
        std::string publicKey;
        {
            auto st = db.prepare("SELECT public_key FROM kiosks WHERE id=?");
            st.bind(1, kiosk->id);
            st.step();
            publicKey = st.getBlob(0);
        }
        // Read from a private copy, checked again: the stick cannot change it between check and use.
        PrivateTemp copy;
        for (std::string_view name : {kManifestFile, kSignatureFile, kBundleDataFile}) {
            const fs::path from = fs::path(folder) / name;
            std::error_code ec;
            if (fs::symlink_status(from, ec).type() != fs::file_type::regular)
                return refuse(from.string() + " is missing or not a plain file");
            std::ofstream(copy.path / name, std::ios::binary) << readWhole(from, kBundleMaxBytes);
        }
        const ManifestVerification again = verifyManifest(copy.path.string(), wire::hex(publicKey));
        if (!again.ok()) return refuse(folder + " changed while it was read: " + findingsText(again));
        const std::string sha = wire::sha256Hex(readWhole(copy.path / kManifestFile, kManifestMaxBytes));
        const std::string dataFile = (fs::path(folder) / kBundleDataFile).string();
        const BundleData b = parseBundle(readWhole(copy.path / kBundleDataFile, kBundleMaxBytes), dataFile);
        out.sequence = b.sequence;
        std::string ourKey;
        {
            auto st = db.prepare("SELECT signing_public_key FROM school WHERE id=1");
            if (st.step() && !st.isNull(0)) ourKey = st.getBlob(0);
        }
        if (b.schoolKey != ourKey)
            return refuse(dataFile + " is a bundle of another school (school key " + keyFingerprint(b.schoolKey) + ")");
        if (b.kioskId != kiosk->id || b.kioskKey != publicKey)
            return refuse(dataFile + " names kiosk " + std::to_string(b.kioskId) + ", but was signed by " +
                          kiosk->name + " (kiosk " + std::to_string(kiosk->id) + ")");
        {
            auto st = db.prepare("SELECT sha256 FROM imported_bundles WHERE kiosk_id=? AND sequence=?");
            st.bind(1, b.kioskId).bind(2, b.sequence);
            if (st.step()) {
                if (st.getText(0) == sha) {
                    out.outcome = BundleOutcome::AlreadyImported;
                    return out;
                }
                return refuse(folder + ": " + kiosk->name + "'s bundle " + std::to_string(b.sequence) +
                              " was imported before with other content (was the kiosk restored from a backup?)");
            }
        }
        Transaction tx(db);
        applyBundle(db, b, out);
        auto st = db.prepare(
            "INSERT INTO imported_bundles(kiosk_id, sequence, sha256, imported_at, attempts, conflicts) VALUES (?, ?, "
            "?, ?, ?, ?)");
        st.bind(1, b.kioskId).bind(2, b.sequence).bind(3, sha).bind(4, isoTimestamp(nowMs));
        st.bind(5, static_cast<int64_t>(out.added + out.updated)).bind(6, static_cast<int64_t>(out.conflicts.size()));
        st.run();
        tx.commit();
        out.outcome = BundleOutcome::Imported;
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::StorageFull || e.kind() == ErrorKind::ReadOnly)
            throw;  // nothing else would go in either
        return refuse(e.what());
    }
    // The pupils in conflict by their codes, as the teacher sees them (when this teacher may).
    std::map<int64_t, std::string> codes;
    for (BundleConflict& c : out.conflicts) {
        if (!codes.count(c.pupilId)) {
            try {
                auto st = db.prepare("SELECT class_id FROM pupils WHERE id=?");
                st.bind(1, c.pupilId);
                if (st.step()) {
                    const int64_t classId = st.getInt(0);
                    st.reset();
                    for (const PupilInfo& p : school.pupils(classId)) codes[p.id] = p.code;
                }
            } catch (const Error&) {
                codes[c.pupilId] = c.pupil;
            }
        }
        if (codes.count(c.pupilId)) c.pupil = codes[c.pupilId];
    }
    return out;
}
}  // namespace

const char* bundleOutcomeName(BundleOutcome outcome) {
    switch (outcome) {
        case BundleOutcome::Imported:
            return "imported";
        case BundleOutcome::AlreadyImported:
            return "already imported";
        case BundleOutcome::Refused:
            break;
    }
    return "refused";
}

BundleWritten writeResultBundle(Database& db, SchoolStore& school, const std::string& outDir, int64_t nowMs) {
    const std::optional<ThisKiosk> kiosk = thisKiosk(db);
    if (!kiosk)
        throw Error(ErrorKind::Invalid,
                    "this kiosk joined no school: result bundles are written by a kiosk that joined one (dlkiosk kiosk "
                    "join)");
    std::string sealed, schoolKey;
    {
        auto st = db.prepare(
            "SELECT secret_key_sealed, (SELECT signing_public_key FROM school WHERE id=1) FROM this_kiosk WHERE id=1");
        st.step();
        sealed = st.getBlob(0);
        schoolKey = st.getBlob(1);
    }
    std::unique_ptr<SigningKey> key;
    try {
        key = school.openSealedKey(kiosk->publicKey, sealed);
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Auth) throw;
        throw Error(e.kind(), db.path() + ": this kiosk's key: " + e.what());
    }
    BundleWritten w;
    w.kioskId = kiosk->kioskId;
    w.fingerprint = key->fingerprint();
    {
        Transaction tx(db);
        db.exec("UPDATE this_kiosk SET last_sequence=last_sequence+1 WHERE id=1");
        auto st = db.prepare("SELECT last_sequence FROM this_kiosk WHERE id=1");
        st.step();
        w.sequence = st.getInt(0);
        st.reset();
        tx.commit();
    }
    const std::string text = bundleText(db, *kiosk, schoolKey, w.sequence, nowMs, w.attempts, w.pupils);
    char name[64];
    snprintf(name, sizeof name, "kiosk-%lld-%06lld", static_cast<long long>(w.kioskId),
             static_cast<long long>(w.sequence));
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot make folder " + outDir + ": " + ec.message());
    const fs::path final = fs::path(outDir) / name;
    const fs::path part = fs::path(outDir) / ("." + std::string(name) + ".part");
    if (fs::exists(fs::symlink_status(final, ec))) throw Error(ErrorKind::Invalid, final.string() + " exists already");
    fs::remove_all(part, ec);
    fs::create_directory(part, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot make folder " + part.string() + ": " + ec.message());
    tightenPrivate(part.string());
    try {
        AtomicFile data(part / kBundleDataFile);
        data.out() << text;
        data.commit();
        writeSignedManifest(part.string(), *key);
        fs::rename(part, final, ec);
        if (ec) throw Error(ErrorKind::Io, "cannot rename " + part.string() + ": " + ec.message());
    } catch (...) {
        fs::remove_all(part, ec);
        throw;
    }
    w.folder = final.string();
    return w;
}

std::vector<std::string> findBundleFolders(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) throw Error(ErrorKind::NotFound, p + " is not a folder");
        if (fs::exists(fs::path(p) / kManifestFile, ec) || fs::exists(fs::path(p) / kBundleDataFile, ec)) {
            out.push_back(p);
            continue;
        }
        std::vector<std::string> found;
        for (const auto& entry : fs::directory_iterator(p, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.empty() || name[0] == '.') continue;
            if (entry.symlink_status(ec).type() != fs::file_type::directory) continue;
            // A stick holds other folders too (an export): a bundle is named so, or is signed.
            if (name.rfind("kiosk-", 0) == 0 || fs::exists(entry.path() / kManifestFile, ec) ||
                fs::exists(entry.path() / kBundleDataFile, ec))
                found.push_back(entry.path().string());
        }
        if (ec) throw Error(ErrorKind::Io, "cannot read folder " + p + ": " + ec.message());
        std::sort(found.begin(), found.end());
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

std::vector<BundleImport> importResultBundles(Database& db, SchoolStore& school, const std::vector<std::string>& paths,
                                              int64_t nowMs) {
    if (!school.isUnlocked())
        throw Error(ErrorKind::Auth, "importing results needs a teacher's PIN: they go into the school's own data");
    if (thisKiosk(db))
        throw Error(ErrorKind::Invalid,
                    "this kiosk joined a school: result bundles are imported on the school's kiosk");
    std::vector<BundleImport> out;
    for (const std::string& folder : findBundleFolders(paths)) out.push_back(importOne(db, school, folder, nowMs));
    return out;
}

std::vector<ImportedBundle> importedBundles(Database& db) {
    std::vector<ImportedBundle> out;
    auto st = db.prepare(
        "SELECT b.kiosk_id, coalesce(k.name, ''), b.sequence, b.sha256, b.imported_at, b.attempts, b.conflicts FROM "
        "imported_bundles b LEFT JOIN kiosks k ON k.id=b.kiosk_id ORDER BY b.imported_at DESC, b.kiosk_id, "
        "b.sequence DESC");
    while (st.step())
        out.push_back({st.getInt(0), st.getText(1), st.getInt(2), st.getText(3), st.getText(4),
                       static_cast<int>(st.getInt(5)), static_cast<int>(st.getInt(6))});
    return out;
}

}  // namespace dlk
