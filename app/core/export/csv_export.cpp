#include "export/csv_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "delivery/process_log.h"
#include "results/class_results.h"
#include "school/school_store.h"
#include "security/pseudonym.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;

std::string csvCell(const std::string& s) {
    std::string v = s;
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@') && v != "-") {
        double d;
        if (!parseDouble(v, d)) v = "'" + v;  // a negative number stays a number
    }
    if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

namespace {

class AtomicFile {
public:
    // The file is made 0600 before it is written: pseudonymised data is still personal data, for
    // the kiosk's user only (the teacher hands the folder on deliberately).
    AtomicFile(const fs::path& target) : m_target(target), m_tmp(target.string() + ".tmp") {
        makePrivateFile(m_tmp.string());
        m_out.open(m_tmp, std::ios::binary | std::ios::trunc);
        if (!m_out) throw Error(ErrorKind::Io, "cannot write " + m_tmp.string());
    }
    std::ofstream& out() { return m_out; }
    void commit() {
        m_out.flush();
        if (!m_out) throw Error(ErrorKind::Io, "writing " + m_tmp.string() + " failed (disk full?)");
        m_out.close();
        std::error_code ec;
        fs::rename(m_tmp, m_target, ec);
        if (ec) throw Error(ErrorKind::Io, "cannot rename " + m_tmp.string() + ": " + ec.message());
    }
    ~AtomicFile() {
        if (m_out.is_open()) {
            m_out.close();
            std::error_code ec;
            fs::remove(m_tmp, ec);
        }
    }

private:
    fs::path m_target, m_tmp;
    std::ofstream m_out;
};

const char* kReadme = R"(dlkiosk export
==============
Anonymised responses and raw scores. Pupils appear only as pseudonyms (column pupil): a keyed
BLAKE2b hash whose key stays at the school, the same pupil has the same pseudonym in every
export of this school. No names, pupil codes, classes, dates or language choices are included.

responses.csv  one row per item a pupil was given
  pupil        pseudonym
  module       module identifier (QTI assessmentTest)
  item         item identifier (QTI assessmentItem)
  domain       ict | info | media | ct
  answered     1 when the pupil gave an answer, 0 when the item was seen but left empty
  response     the response variables as JSON: {"RESPONSE": ...}
  score        SCORE after the item's QTI response processing, with the teachers' final
               rubric scores; empty when the item cannot be scored or is not yet scored (status)
  max_score    the item's maximum score
  status       scored; not_yet_scored: answered, and a teacher has not yet given every rubric
               criterion a final score (two scorers who disagree need a third look); or
               cannot_be_scored: the item's own response processing could not run (an operator
               dlkiosk does not have, a pattern that is no regular expression). Rows that are
               not scored are in no total of scores.csv; the rest of the export is unaffected
  reason       for cannot_be_scored the technical reason, "item-file:line: what"; else empty

scores.csv     one row per pupil and domain (domains the pupil was given)
  pupil, domain, raw_score, max_score (items that cannot be scored or are not yet scored
  left out of both), unscorable_items (how many of the pupil's items in the domain could not
  be scored), not_yet_scored_items (how many wait for a teacher's rubric score)

items.csv      one row per item in the bank
  module, item, domain, kerndoelen (SLO concept goals, space separated), max_score

events.csv     the process data: one row per thing a pupil did, in order
  pupil        pseudonym
  module       module identifier
  seq          1, 2, 3 ... within the pupil's attempt at the module
  t_ms         milliseconds since the attempt started (never a date or clock time); a later
               session on the same attempt (after a restart) continues the count, gap included
  item         the item on screen (empty when none)
  kind         attempt_start, session_resume, item_shown, answer_changed, navigation, flag,
               overview, pause, resume, read_aloud, idle, finish, time_up, env_action,
               events_dropped
  detail       item_shown: position=N; answer_changed: the response variable (the answer itself
               is in responses.csv); navigation: from=N to=M how=next|previous|dot|overview;
               flag: on|off; overview: via=button|finish; idle: ms=N, the inactive time (60 s
               or more), written when the pupil becomes active again; pause/resume: by the
               teacher, the module clock stops in between; env_action: an action in simulated
               software, ENVIRONMENT.ACTION or ENVIRONMENT.ACTION=ARGUMENT (e.g. calculator.key=7),
               never text the pupil typed; events_dropped: count=N events were lost while the
               disk could not be written

Raw scores are not comparable across modules of different difficulty; scale scores follow once
the bank is calibrated.
)";

}  // namespace

ExportSummary exportCsv(Database& db, const ItemBank& bank, const std::string& folder, SchoolStore& school) {
    const std::string key = school.pseudonymKey();  // before anything is created: locked is refused
    std::error_code ec;
    const bool existed = fs::exists(folder, ec);
    fs::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot create export folder " + folder + ": " + ec.message());
    if (!existed) tightenPrivate(folder);  // a folder the export made is 0700; one given stays as it was

    const auto rows = scoreItems(db, bank, 0);
    ExportSummary summary;
    summary.folder = folder;

    AtomicFile responses(fs::path(folder) / "responses.csv");
    responses.out() << "pupil,module,item,domain,answered,response,score,max_score,status,reason\n";
    struct Total {
        double raw = 0, max = 0;
        int unscorable = 0, notYetScored = 0;
    };
    std::map<std::pair<std::string, Domain>, Total> totals;
    std::set<int64_t> pupils;
    for (const auto& r : rows) {
        const std::string pid = pupilPseudonym(key, r.pupilId);
        pupils.insert(r.pupilId);
        responses.out() << pid << ',' << csvCell(r.moduleId) << ',' << csvCell(r.itemId) << ',' << domainId(r.domain)
                        << ',' << (r.answered ? 1 : 0) << ',' << csvCell(r.responsesJson) << ','
                        << (r.scored() && !r.awaitingTeacher ? formatDouble(r.score) : "") << ','
                        << formatDouble(r.maxScore) << ','
                        << (!r.scored()         ? "cannot_be_scored,"
                            : r.awaitingTeacher ? "not_yet_scored,"
                                                : "scored,")
                        << csvCell(r.unscorable) << '\n';
        auto& t = totals[{pid, r.domain}];
        if (r.scored() && r.awaitingTeacher) {
            ++t.notYetScored;
        } else if (r.scored()) {
            t.raw += r.score;
            t.max += r.maxScore;
        } else {
            ++t.unscorable;
            ++summary.unscorableRows;
        }
        ++summary.responseRows;
    }
    summary.pupils = static_cast<int>(pupils.size());

    AtomicFile scores(fs::path(folder) / "scores.csv");
    scores.out() << "pupil,domain,raw_score,max_score,unscorable_items,not_yet_scored_items\n";
    for (const auto& [k, t] : totals)
        scores.out() << k.first << ',' << domainId(k.second) << ',' << formatDouble(t.raw) << ',' << formatDouble(t.max)
                     << ',' << t.unscorable << ',' << t.notYetScored << '\n';
    summary.unscorable = unscorableItems(rows);

    AtomicFile items(fs::path(folder) / "items.csv");
    items.out() << "module,item,domain,kerndoelen,max_score\n";
    for (const auto& m : bank.modules()) {
        if (m.practice) continue;  // the tutorial is no measurement: in no file of the export
        const auto& v = m.variant("nl");
        for (size_t i = 0; i < m.refs.size(); ++i) {
            std::string kd;
            for (int k : m.refs[i].kerndoelen) kd += (kd.empty() ? "" : " ") + std::to_string(k);
            items.out() << csvCell(m.identifier) << ',' << csvCell(m.refs[i].identifier) << ','
                        << domainId(m.refs[i].domain) << ',' << kd << ',' << formatDouble(v.items[i]->maxScore())
                        << '\n';
        }
    }

    // Process data under the same pseudonyms, with times relative to the attempt's start: a
    // wall-clock time would tell who sat the test when, and so who the pupil is.
    AtomicFile events(fs::path(folder) / "events.csv");
    events.out() << "pupil,module,seq,t_ms,item,kind,detail\n";
    for (const auto& a : loadAttemptEvents(db, 0)) {
        // As responses.csv: the practice module is no measurement, an unknown module not scored.
        const Module* module = bank.findModule(a.moduleId);
        if (!module || module->practice) continue;
        const std::string pid = pupilPseudonym(key, a.pupilId);
        int seq = 0;
        for (const auto& e : a.events) {
            events.out() << pid << ',' << csvCell(a.moduleId) << ',' << ++seq << ','
                         << std::max<int64_t>(0, e.atMs - a.startMs) << ',' << csvCell(e.itemId) << ','
                         << eventKindName(e.kind) << ',' << csvCell(e.detail) << '\n';
            ++summary.eventRows;
        }
    }

    AtomicFile readme(fs::path(folder) / "README.txt");
    readme.out() << kReadme;

    responses.commit();
    scores.commit();
    items.commit();
    events.commit();
    readme.commit();
    return summary;
}

}  // namespace dlk
