#include "export/csv_export.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "delivery/process_log.h"
#include "export/free_text.h"
#include "results/class_results.h"
#include "results/response_status.h"
#include "school/school_store.h"
#include "security/pseudonym.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/json.h"
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
Every file is sorted by pupil pseudonym, then module, item and seq, never in the order pupils
were entered.

responses.csv  one row per item of every module a pupil was given: the modules of the pupil's
               session plan and those the pupil started; a pupil who never logged in has no plan
               yet and gets every module (not started)
  pupil        pseudonym
  module       module identifier (QTI assessmentTest)
  item         item identifier (QTI assessmentItem)
  domain       ict | info | media | ct
  answered     1 when the pupil gave an answer, else 0
  response     the response variables as JSON: {"RESPONSE": ...}; empty for not_shown rows of a
               module not started, and for typed text left out (free_text_withheld)
  free_text_withheld
               1 when the item takes typed text (text entry, extended text, a mail reply, a
               poster's text, a search or a file name typed in simulated software, a number keyed
               into the calculator) and the export was made without --free-text: the answer is
               left out, its status and score stay.
               With --free-text the text is exported with every name from the school's lists,
               e-mail address, phone number and pupil code masked as [naam], [e-mail],
               [telefoon], [code]
  score        SCORE after the item's QTI response processing, with the teachers' final
               rubric scores; empty when the item cannot be scored, is not yet scored, or is
               in a module the pupil did not start
  max_score    the item's maximum score
  status       answered: an answer, scored
               empty: on screen at least once (an item_shown event, a stored answer, or the item
                 the attempt stands at) and left without an answer; scores 0
               not_reached: never on screen, and after the furthest item the pupil saw in a
                 module that was stopped or ended by the time limit (module_status stopped or
                 time_up); scores 0 as in the teacher's results
               not_shown: never on screen otherwise: every item of a module not started (no
                 score), or an item skipped in a module the pupil finished (scores 0)
               not_yet_scored: answered, and a teacher has not yet given every rubric
                 criterion a final score (two scorers who disagree need a third look)
               cannot_be_scored: the item's own response processing could not run (an operator
                 dlkiosk does not have, a pattern that is no regular expression)
               Rows not_yet_scored, cannot_be_scored and the rows of modules not started are in
               no total of scores.csv
  reason       for cannot_be_scored the technical reason, "item-file:line: what"; else empty

module_status.csv  one row per pupil and module of responses.csv
  pupil, module, status: finished (the pupil ended the module), time_up (ended by the time
  limit: a time_up event), stopped (started, not finished), not_started

scores.csv     one row per pupil and domain (domains of the modules the pupil started)
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

ExportSummary exportCsv(Database& db, const ItemBank& bank, const std::string& folder, SchoolStore& school,
                        const ExportOptions& options) {
    const std::string key = school.pseudonymKey();  // before anything is created: locked is refused
    const TextScreen textScreen = TextScreen::fromSchool(school);
    std::error_code ec;
    const bool existed = fs::exists(folder, ec);
    fs::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot create export folder " + folder + ": " + ec.message());
    if (!existed) tightenPrivate(folder);  // a folder the export made is 0700; one given stays as it was

    const auto rows = scoreItems(db, bank, 0);
    const auto progress = moduleProgress(db, bank, 0);
    ExportSummary summary;
    summary.folder = folder;

    std::map<int64_t, std::string> pseudonyms;
    auto pseudonymOf = [&](int64_t pupilId) -> const std::string& {
        auto [it, added] = pseudonyms.try_emplace(pupilId);
        if (added) it->second = pupilPseudonym(key, pupilId);
        return it->second;
    };
    std::map<std::tuple<int64_t, std::string, std::string>, const ItemScoreRow*> rowOf;
    for (const auto& r : rows) rowOf[{r.pupilId, r.moduleId, r.itemId}] = &r;

    // Every file is built in memory as (sort key, line) and sorted before it is written.
    using Line = std::pair<std::tuple<std::string, std::string, std::string>, std::string>;
    auto writeSorted = [](std::ostream& out, std::vector<Line>& lines) {
        std::sort(lines.begin(), lines.end());
        for (const auto& [sortKey, line] : lines) out << line;
    };

    std::vector<Line> responseLines, moduleLines;
    struct Total {
        double raw = 0, max = 0;
        int unscorable = 0, notYetScored = 0;
    };
    std::map<std::pair<std::string, std::string>, Total> totals;  // (pseudonym, domain)
    std::set<int64_t> pupils;
    for (const ModuleProgress& p : progress) {
        const std::string& pid = pseudonymOf(p.pupilId);
        moduleLines.push_back(
            {{pid, p.moduleId, ""}, pid + ',' + csvCell(p.moduleId) + ',' + moduleStatusName(p.status) + '\n'});
        const Module& module = *bank.findModule(p.moduleId);  // moduleProgress lists modules of the bank only
        if (p.status != ModuleStatus::NotStarted) pupils.insert(p.pupilId);
        for (size_t i = 0; i < module.refs.size(); ++i) {
            const std::string& itemId = module.refs[i].identifier;
            auto found = rowOf.find({p.pupilId, p.moduleId, itemId});
            const ItemScoreRow* r = found == rowOf.end() ? nullptr : found->second;
            const ResponseStatus status = responseStatus(p, itemId, static_cast<int>(i) + 1, r);
            const Item& item = *module.variant(r ? r->language : std::string("nl")).items.at(i);
            const bool freeText = holdsFreeText(item);
            std::string response;
            bool withheld = false;
            if (freeText && !options.freeText) {
                withheld = true;
                ++summary.freeTextWithheld;
            } else if (r) {
                // Every string of every answer is screened, typed or not: an identifier in a
                // hostile item could be a name as well.
                Json value = parseJson(r->responsesJson, "response");
                textScreen.screenJson(value);
                response = dumpJson(value);
            }
            const bool counted = r && r->scored() && !r->awaitingTeacher;
            std::string line = pid + ',' + csvCell(p.moduleId) + ',' + csvCell(itemId) + ',' +
                               std::string(domainId(module.refs[i].domain)) + ',' + (r && r->answered ? "1" : "0") +
                               ',' + csvCell(response) + ',' + (withheld ? "1" : "0") + ',' +
                               (counted ? formatDouble(r->score) : "") + ',' +
                               formatDouble(r ? r->maxScore : item.maxScore()) + ',' + responseStatusName(status) +
                               ',' + csvCell(r ? r->unscorable : std::string()) + '\n';
            responseLines.push_back({{pid, p.moduleId, itemId}, std::move(line)});
            ++summary.responseRows;
            if (!r) continue;  // a module not started is in no total
            auto& t = totals[{pid, std::string(domainId(r->domain))}];
            if (r->scored() && r->awaitingTeacher) {
                ++t.notYetScored;
            } else if (r->scored()) {
                t.raw += r->score;
                t.max += r->maxScore;
            } else {
                ++t.unscorable;
                ++summary.unscorableRows;
            }
        }
    }
    summary.pupils = static_cast<int>(pupils.size());
    summary.moduleRows = static_cast<int>(moduleLines.size());

    AtomicFile responses(fs::path(folder) / "responses.csv");
    responses.out() << "pupil,module,item,domain,answered,response,free_text_withheld,score,max_score,status,reason\n";
    writeSorted(responses.out(), responseLines);

    AtomicFile modules(fs::path(folder) / "module_status.csv");
    modules.out() << "pupil,module,status\n";
    writeSorted(modules.out(), moduleLines);

    AtomicFile scores(fs::path(folder) / "scores.csv");
    scores.out() << "pupil,domain,raw_score,max_score,unscorable_items,not_yet_scored_items\n";
    for (const auto& [k, t] : totals)  // a map: in pseudonym order already
        scores.out() << k.first << ',' << k.second << ',' << formatDouble(t.raw) << ',' << formatDouble(t.max) << ','
                     << t.unscorable << ',' << t.notYetScored << '\n';
    summary.unscorable = unscorableItems(rows);

    AtomicFile items(fs::path(folder) / "items.csv");
    items.out() << "module,item,domain,kerndoelen,max_score\n";
    std::vector<Line> itemLines;
    for (const auto& m : bank.modules()) {
        if (m.practice) continue;  // the tutorial is no measurement: in no file of the export
        const auto& v = m.variant("nl");
        for (size_t i = 0; i < m.refs.size(); ++i) {
            std::string kd;
            for (int k : m.refs[i].kerndoelen) kd += (kd.empty() ? "" : " ") + std::to_string(k);
            itemLines.push_back({{m.identifier, m.refs[i].identifier, ""},
                                 csvCell(m.identifier) + ',' + csvCell(m.refs[i].identifier) + ',' +
                                     std::string(domainId(m.refs[i].domain)) + ',' + kd + ',' +
                                     formatDouble(v.items[i]->maxScore()) + '\n'});
        }
    }
    writeSorted(items.out(), itemLines);

    // Process data under the same pseudonyms, with times relative to the attempt's start: a
    // wall-clock time would tell who sat the test when, and so who the pupil is. Attempts in
    // pseudonym and module order; within one, the events in the order they happened (seq).
    AtomicFile events(fs::path(folder) / "events.csv");
    events.out() << "pupil,module,seq,t_ms,item,kind,detail\n";
    const auto attempts = loadAttemptEvents(db, 0);
    std::vector<std::pair<std::pair<std::string, std::string>, const AttemptEvents*>> ordered;
    for (const auto& a : attempts) {
        // As responses.csv: the practice module is no measurement, an unknown module not scored.
        const Module* module = bank.findModule(a.moduleId);
        if (!module || module->practice) continue;
        ordered.push_back({{pseudonymOf(a.pupilId), a.moduleId}, &a});
    }
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });  // one attempt per pupil and module
    for (const auto& [sortKey, a] : ordered) {
        int seq = 0;
        for (const auto& e : a->events) {
            events.out() << sortKey.first << ',' << csvCell(a->moduleId) << ',' << ++seq << ','
                         << std::max<int64_t>(0, e.atMs - a->startMs) << ',' << csvCell(e.itemId) << ','
                         << eventKindName(e.kind) << ',' << csvCell(textScreen.screen(e.detail)) << '\n';
            ++summary.eventRows;
        }
    }

    AtomicFile readme(fs::path(folder) / "README.txt");
    readme.out() << kReadme;

    responses.commit();
    modules.commit();
    scores.commit();
    items.commit();
    events.commit();
    readme.commit();
    return summary;
}

}  // namespace dlk
