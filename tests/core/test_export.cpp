// The anonymised CSV export: nothing that names a pupil, class or school leaves the machine,
// pseudonyms are stable and distinct, and the numbers add up.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "bank/icils.h"
#include "core_test_helpers.h"
#include "delivery/process_log.h"
#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "export/csv_export.h"
#include "export/manifest.h"
#include "security/pseudonym.h"
#include "security/signing.h"
#include "storage/schema.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;

struct DemoFixture {
    Database db{":memory:"};
    SchoolStore teacher{db};  // unlocked by the PIN below: the export needs the sealed secret
    // The bundled bank as the kiosk opens it: the session design deals each pupil the tutorial and
    // some of the modules, and the tutorial is practice.
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    DemoOptions options;
    DemoSchool demo;
    std::vector<PupilInfo> notStarted;  // pupils of another class, without any attempt
    dlk::test::TempDir dir;

    DemoFixture() {
        migrateSchema(db);
        if (!design.tutorial.empty()) REQUIRE(bank.markPractice(design.tutorial));
        options.pupils = 8;
        options.notStarted = 1;
        options.seed = 424242;
        options.pin = "246813";
        options.finishedShare = 0.5;
        demo = makeDemoSchool(db, bank, design, options, kNow);
        REQUIRE(teacher.checkPin(options.pin, kNow).result == PinCheck::Ok);
        notStarted = teacher.addPupils(
            teacher.createClass("Groep 7 Juf Marieke", kNow),
            {"Wilhelmina Oosterhuis-Brandsma", "Xander Quist", "Yara Quaadvliet", "Olaf Brinkerink", "Fenna Zwartjes"},
            kNow);
    }
    std::string exportTo(const std::string& name) {
        const std::string folder = dir.file(name);
        ExportOptions withEvents;
        withEvents.events = true;  // every file the export can write
        exportCsv(db, bank, folder, teacher, withEvents);
        return folder;
    }
};

std::map<std::string, std::string> filesIn(const std::string& folder) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file()) files[e.path().filename().string()] = readFile(e.path());
    return files;
}

ExportOptions withEvents() {
    ExportOptions o;
    o.events = true;
    return o;
}

const Item* findItem(const ItemBank& bank, const std::string& moduleId, const std::string& itemId) {
    const Module* m = bank.findModule(moduleId);
    if (!m) return nullptr;
    for (const auto& item : m->variant("nl").items)
        if (item->identifier == itemId) return item.get();
    return nullptr;
}

}  // namespace

TEST_CASE("export: no pupil name or code - class name - school name or date leaves the machine") {
    DemoFixture f;
    const std::string folder = f.exportTo("export");
    const auto files = filesIn(folder);
    CHECK(files.size() == 13);
    for (const char* name : {"pupils.csv", "disclosure.csv", "summary.csv", "responses.csv", "module_status.csv",
                             "scores.csv", "items.csv", "events.csv", "incidents.csv", "datapackage.json", "README.txt",
                             "manifest.json", "manifest.sig"})
        CHECK_MESSAGE(files.count(name), name);
    // Signed with the school's key: whoever receives it checks every file against the fingerprint.
    const ManifestVerification verified = verifyManifest(folder, keyFingerprint(f.teacher.signingPublicKey()));
    CHECK(verified.ok());
    CHECK(verified.files == 11);
    std::vector<std::string> secrets = {f.demo.className, f.options.schoolName, "Groep 7 Juf Marieke",
                                        isoTimestamp(kNow).substr(0, 10)};
    std::vector<PupilInfo> everyone = f.demo.pupils;
    everyone.insert(everyone.end(), f.demo.notStarted.begin(), f.demo.notStarted.end());
    everyone.insert(everyone.end(), f.notStarted.begin(), f.notStarted.end());
    REQUIRE(everyone.size() == 14);
    for (const auto& p : everyone) {
        REQUIRE_FALSE(p.displayName.empty());
        secrets.push_back(p.displayName);
        secrets.push_back(p.code);
        secrets.push_back(p.code.substr(0, 4) + p.code.substr(5));
        secrets.push_back(p.code.substr(0, 4) + " " + p.code.substr(5));
    }
    for (const auto& [name, bytes] : files) {
        CAPTURE(name);
        CHECK(bytes.size() > 0);
        for (const auto& secret : secrets) {
            CAPTURE(secret);
            CHECK_FALSE(contains(bytes, secret));
        }
        CHECK_FALSE(std::regex_search(bytes, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:)")));  // no timestamps
    }
    // The pupils' language is no column either.
    const auto rows = parseCsv(files.at("responses.csv"));
    REQUIRE_FALSE(rows.empty());
    CHECK(rows[0] == std::vector<std::string>{"pupil", "module", "item", "domain", "answered", "response",
                                              "free_text_withheld", "score", "max_score", "status", "reason"});
    CHECK(parseCsv(files.at("scores.csv"))[0] ==
          std::vector<std::string>{"pupil", "scale", "raw_score", "max_score", "unscorable_items",
                                   "not_yet_scored_items", "scale_items", "wle", "wle_se", "pv1", "pv2", "pv3", "pv4",
                                   "pv5", "scale_score", "scale_se", "level"});
}

TEST_CASE("export: pseudonyms are keyed - stable across exports and different for every pupil") {
    DemoFixture f;
    const auto first = filesIn(f.exportTo("eerste"));
    const auto second = filesIn(f.exportTo("tweede"));
    CHECK(first.at("responses.csv") == second.at("responses.csv"));
    CHECK(first.at("scores.csv") == second.at("scores.csv"));
    const std::string key = f.teacher.pseudonymKey();
    // Every pupil has rows: those who started, and those who did not (their modules not_shown).
    std::vector<PupilInfo> everyone = f.demo.pupils;
    everyone.insert(everyone.end(), f.demo.notStarted.begin(), f.demo.notStarted.end());
    everyone.insert(everyone.end(), f.notStarted.begin(), f.notStarted.end());
    std::map<std::string, int64_t> byPseudonym;
    for (const auto& p : everyone) byPseudonym[pupilPseudonym(key, p.id)] = p.id;
    CHECK(byPseudonym.size() == everyone.size());  // all distinct
    std::set<std::string> seen;
    const auto rows = parseCsv(first.at("responses.csv"));
    for (size_t i = 1; i < rows.size(); ++i) {
        const std::string& pid = rows[i].at(0);
        CAPTURE(pid);
        CHECK(std::regex_match(pid, std::regex("p[0-9a-f]{24}")));
        CHECK(byPseudonym.count(pid) == 1);
        seen.insert(pid);
    }
    CHECK(seen.size() == everyone.size());
}

TEST_CASE("export: one response row per pupil and item of every module given - scores that add up") {
    DemoFixture f;
    ExportSummary summary = exportCsv(f.db, f.bank, f.dir.file("export"), f.teacher);
    const auto files = filesIn(summary.folder);
    const auto responses = parseCsv(files.at("responses.csv"));
    const auto scores = parseCsv(files.at("scores.csv"));

    // Rows: one per item of every measured module a pupil started or has in the session plan;
    // a pupil without a plan or attempt (never logged in) has every measured module; none for
    // the tutorial.
    const std::string key = f.teacher.pseudonymKey();
    std::map<std::pair<std::string, std::string>, size_t> expectedPerModule, rowsPerModule;
    std::set<std::pair<std::string, std::string>> started;
    {
        SessionPlans plans(f.db);
        auto st = f.db.prepare("SELECT id FROM pupils");
        while (st.step()) {
            const int64_t pupil = st.getInt(0);
            std::vector<std::string> modules;
            auto at = f.db.prepare("SELECT module_id FROM attempts WHERE pupil_id=?");
            at.bind(1, pupil);
            while (at.step()) {
                modules.push_back(at.getText(0));
                started.insert({pupilPseudonym(key, pupil), at.getText(0)});
            }
            if (const auto plan = plans.find(pupil))
                modules.insert(modules.end(), plan->modules.begin(), plan->modules.end());
            else if (modules.empty())
                for (const Module& m : f.bank.modules()) modules.push_back(m.identifier);
            for (const auto& id : modules) {
                const Module* m = f.bank.findModule(id);
                REQUIRE(m);
                if (!m->practice) expectedPerModule[{pupilPseudonym(key, pupil), m->identifier}] = m->itemCount();
            }
        }
    }
    size_t expectedRows = 0;
    for (const auto& [k, n] : expectedPerModule) expectedRows += n;
    for (size_t i = 1; i < responses.size(); ++i) rowsPerModule[{responses[i].at(0), responses[i].at(1)}] += 1;
    CHECK(rowsPerModule == expectedPerModule);
    std::set<std::string> modulesExported;
    for (const auto& [pupilModule, n] : rowsPerModule) modulesExported.insert(pupilModule.second);
    CHECK(modulesExported.size() > 1);  // the class took different modules
    CHECK(modulesExported.count(f.design.tutorial) == 0);
    CHECK(responses.size() - 1 == expectedRows);
    CHECK(summary.responseRows == static_cast<int>(expectedRows));
    CHECK(summary.pupils == static_cast<int>(f.demo.pupils.size()));

    // Every row's score is the item's own response processing of the exported response.
    std::map<std::pair<std::string, std::string>, std::pair<double, double>> sums;
    std::map<std::pair<std::string, std::string>, int> notYetScored;
    std::map<std::string, int> byStatus;
    int answered = 0, unanswered = 0, withheld = 0;
    for (size_t i = 1; i < responses.size(); ++i) {
        const auto& r = responses[i];
        REQUIRE(r.size() == 11);
        CAPTURE(r[2]);
        const Item* item = findItem(f.bank, r[1], r[2]);
        REQUIRE(item);
        byStatus[r[9]] += 1;
        // Every item of the bundled bank can be scored; an answered large task waits for a
        // teacher's rubric score (none given here): not yet scored, an empty score, in no total.
        CHECK(r[10].empty());
        if (!started.count({r[0], r[1]})) {  // a module not started: nothing shown, nothing scored
            CHECK(r[9] == "not_shown");
            CHECK(r[4] == "0");
            CHECK(r[7].empty());
            continue;
        }
        if (r[9] == "not_yet_scored") {
            CHECK(r[4] == "1");
            CHECK_FALSE(item->humanScoredOutcomes().empty());
            CHECK(r[7].empty());
            ++notYetScored[{r[0], r[3]}];
            sums[{r[0], r[3]}];  // scores.csv has the row, with 0 of 0 points
            ++answered;
            continue;
        }
        CHECK((r[9] == "answered" || r[9] == "empty" || r[9] == "not_reached" || r[9] == "not_shown"));
        CHECK((r[4] == "1") == (r[9] == "answered"));
        const double score = std::stod(r[7]);
        if (r[6] == "1") {  // typed text, left out: the score stays
            CHECK(r[5].empty());
            ++withheld;
        } else {
            const Json obj = parseJson(r[5], "response");
            REQUIRE(obj.is_object());
            VariableMap vars;
            bool any = false;
            for (const auto& [rid, j] : obj.items()) {
                const ResponseDeclaration* d = item->findResponse(rid);
                REQUIRE(d);
                vars[rid] = valueFromJson(j, d->cardinality, d->baseType, rid);
                any = any || !vars[rid].isNull();
            }
            CHECK(r[4] == (any ? "1" : "0"));
            CHECK(score == doctest::Approx(scoreOf(*item, vars)));
        }
        (r[4] == "1" ? answered : unanswered) += 1;
        CHECK(std::stod(r[8]) == doctest::Approx(item->maxScore()));
        CHECK(score <= std::stod(r[8]));
        auto& s = sums[{r[0], r[3]}];
        s.first += score;
        s.second += std::stod(r[8]);
    }
    CHECK(answered > 0);
    CHECK_FALSE(notYetScored.empty());
    CHECK(unanswered > 0);  // half the pupils stop early: unseen items count as unanswered
    CHECK(withheld > 0);
    CHECK(summary.freeTextWithheld >= withheld);
    // Half the demo pupils stop part-way: the items after where they stopped are not reached.
    CHECK(byStatus["answered"] > 0);
    CHECK(byStatus["not_reached"] > 0);
    CHECK(byStatus["not_shown"] > 0);

    // scores.csv: one row per pupil and scale; a domain's raw = the sum over responses.csv, the total the sum of the
    // domains. Without item parameters (none given here) no estimate: scale_items 0, the estimates empty.
    std::map<std::string, std::pair<double, double>> totals;
    std::map<std::string, int> totalNotYetScored;
    for (const auto& [k, v] : sums) {
        totals[k.first].first += v.first;
        totals[k.first].second += v.second;
        totalNotYetScored[k.first] += notYetScored[k];
    }
    CHECK(scores.size() - 1 == sums.size() + totals.size());
    for (size_t i = 1; i < scores.size(); ++i) {
        const auto& s = scores[i];
        REQUIRE(s.size() == 17);
        CHECK(s[4] == "0");
        CAPTURE(s[0]);
        CAPTURE(s[1]);
        CHECK(s[6] == "0");
        for (size_t c = 7; c < s.size(); ++c) CHECK(s[c].empty());
        if (s[1] == "total") {
            CHECK(s[5] == std::to_string(totalNotYetScored[s[0]]));
            CHECK(std::stod(s[2]) == doctest::Approx(totals.at(s[0]).first));
            CHECK(std::stod(s[3]) == doctest::Approx(totals.at(s[0]).second));
            continue;
        }
        CHECK(s[5] == std::to_string(notYetScored[{s[0], s[1]}]));
        const auto it = sums.find({s[0], s[1]});
        REQUIRE(it != sums.end());
        CHECK(std::stod(s[2]) == doctest::Approx(it->second.first));
        CHECK(std::stod(s[3]) == doctest::Approx(it->second.second));
    }
}

TEST_CASE("export: items.csv lists every item of the bank with its domain - kerndoelen and maximum") {
    DemoFixture f;
    auto items = parseCsv(readFile(fs::path(f.exportTo("export")) / "items.csv"));
    const std::vector<std::vector<std::string>> schoolreis = {
        {"m01-schoolreis", "schoolreis-01-bestandstype", "ict", "1", "1"},
        {"m01-schoolreis", "schoolreis-02-zoekstappen", "info", "2", "1"},
        {"m01-schoolreis", "schoolreis-03-advertentie", "media", "2 3", "2"},
        {"m01-schoolreis", "schoolreis-04-filmpje", "media", "3", "1"},
        {"m01-schoolreis", "schoolreis-05-bronnen", "info", "2", "3"},
        {"m01-schoolreis", "schoolreis-06-delen", "ict", "3", "1"},
    };
    REQUIRE_FALSE(items.empty());
    CHECK(items[0] == std::vector<std::string>{"module", "item", "domain", "kerndoelen", "icils_strand", "icils_aspect",
                                               "max_score", "scored_by", "delta", "steps"});
    // The strand and aspect as the bank's refs name them, who scores it as the item declares; no parameters given.
    for (size_t i = 1; i < items.size(); ++i) {
        auto& row = items[i];
        REQUIRE(row.size() == 10);
        CAPTURE(row[1]);
        const Item* item = findItem(f.bank, row[0], row[1]);
        REQUIRE(item);
        const Module& m = *f.bank.findModule(row[0]);
        const ItemRef& ref =
            *std::find_if(m.refs.begin(), m.refs.end(), [&](const ItemRef& r) { return r.identifier == row[1]; });
        const IcilsAspect* aspect = findIcilsAspect(ref.aspect);
        CHECK(row[4] == (aspect ? std::string(aspect->strand) : std::string()));
        CHECK(row[5] == ref.aspect);
        CHECK(row[7] == (item->humanScoredOutcomes().empty() ? "machine" : "human"));
        CHECK(row[8].empty());
        CHECK(row[9].empty());
        row = {row[0], row[1], row[2], row[3], row[6]};  // compared below with what the bank says
    }
    // Every item of every measured module, sorted by module and item; m01's as the bank says.
    size_t expectedItems = 0;
    for (const Module& m : f.bank.modules()) expectedItems += m.practice ? 0 : m.itemCount();
    CHECK(items.size() - 1 == expectedItems);
    const auto first = std::find(items.begin(), items.end(), schoolreis[0]);
    REQUIRE(first != items.end());
    REQUIRE(static_cast<size_t>(items.end() - first) >= schoolreis.size());
    CHECK(std::vector<std::vector<std::string>>(first, first + static_cast<std::ptrdiff_t>(schoolreis.size())) ==
          schoolreis);
}

TEST_CASE("export: csvCell quotes per RFC 4180 and neutralises formulas - numbers stay numbers") {
    CHECK(csvCell("gewoon") == "gewoon");
    CHECK(csvCell("") == "");
    CHECK(csvCell("a,b") == "\"a,b\"");
    CHECK(csvCell("zeg \"hoi\"") == "\"zeg \"\"hoi\"\"\"");
    CHECK(csvCell("regel\nregel") == "\"regel\nregel\"");
    CHECK(csvCell("regel\rregel") == "\"regel\rregel\"");
    CHECK(csvCell("=1+1") == "'=1+1");
    CHECK(csvCell("+SUM(A1:A9)") == "'+SUM(A1:A9)");
    CHECK(csvCell("@cmd") == "'@cmd");
    CHECK(csvCell("-A1+1") == "'-A1+1");
    CHECK(csvCell("=HYPERLINK(\"http://x\",\"klik\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"");
    CHECK(csvCell("=1,2") == "\"'=1,2\"");
    CHECK(csvCell("-5") == "-5");
    CHECK(csvCell("-1.5e3") == "-1.5e3");
    CHECK(csvCell("+7") == "+7");
    CHECK(csvCell("-") == "-");
    // Read back, a quoted cell is the original text.
    for (const std::string s : {"a,b", "zeg \"hoi\"", "x\ny", "{\"RESPONSE\":[\"A\",\"C\"]}"}) {
        CAPTURE(s);
        const auto rows = parseCsv(csvCell(s) + "\n");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0] == std::vector<std::string>{s});
    }
}

TEST_CASE("export: a folder it could not sign is refused before any file is written") {
    // A manifest covers the plain files of one folder: a subfolder (here where a temporary file
    // would go) would leave an export that cannot be signed, so nothing is written at all.
    DemoFixture f;
    const fs::path folder = f.dir.path() / "export";
    fs::create_directories(folder / "scores.csv.tmp");
    auto e = errorOf([&] { exportCsv(f.db, f.bank, folder.string(), f.teacher); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "scores.csv.tmp, which is not a plain file"));
    CHECK_FALSE(fs::exists(folder / "pupils.csv"));
    CHECK_FALSE(fs::exists(folder / "pupils.csv.tmp"));
    CHECK_FALSE(fs::exists(folder / "responses.csv"));
    CHECK_FALSE(fs::exists(folder / "responses.csv.tmp"));
    CHECK_FALSE(fs::exists(folder / "items.csv"));
}

TEST_CASE("export: a teacher's PIN exports nothing - the whole school's data needs an administrator") {
    DemoFixture f;
    f.teacher.addTeacher("Anna de Vries", "135790", TeacherRole::Teacher, kNow);
    f.teacher.lock();
    REQUIRE(f.teacher.checkPin("135790", kNow).result == PinCheck::Ok);
    REQUIRE_FALSE(f.teacher.loggedInAsAdmin());
    const fs::path folder = f.dir.path() / "export";
    auto e = errorOf([&] { exportCsv(f.db, f.bank, folder.string(), f.teacher); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    CHECK(contains(e->what(), "needs an administrator's PIN"));
    CHECK_FALSE(fs::exists(folder));
    // The administrator's PIN, on the same kiosk, exports.
    f.teacher.lock();
    REQUIRE(f.teacher.checkPin(f.options.pin, kNow).result == PinCheck::Ok);
    CHECK(exportCsv(f.db, f.bank, folder.string(), f.teacher).pupils > 0);
}

TEST_CASE("export: an unusable folder and a database without a school are errors") {
    dlk::test::TempDir dir;
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    auto e = errorOf([&] { exportCsv(db, bank, dir.file("export"), school); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    CHECK_FALSE(fs::exists(dir.file("export")));
    school.setUpSchool("De Vlinder", "246813", kNow);
    dlk::test::writeFile(dir.file("bestand"), "geen map");
    e = errorOf([&] { exportCsv(db, bank, dir.file("bestand"), school); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
}

TEST_CASE("export: events.csv has the pseudonyms - every event - and times relative to the attempt start") {
    DemoFixture f;
    // One pupil's first measured attempt gets a read-aloud event with a known time on top of the demo's.
    std::string readItem;
    const int64_t attempt = [&] {
        auto st = f.db.prepare("SELECT id, module_id FROM attempts WHERE pupil_id=? ORDER BY id");
        st.bind(1, f.demo.pupils[0].id);
        while (st.step()) {
            const Module* m = f.bank.findModule(st.getText(1));
            REQUIRE(m);
            if (m->practice) continue;
            readItem = m->refs.at(0).identifier;
            return st.getInt(0);
        }
        FAIL("the pupil started no measured module");
        return int64_t{0};
    }();
    {
        auto st = f.db.prepare("SELECT at_ms FROM events WHERE attempt_id=? AND kind='attempt_start'");
        st.bind(1, attempt);
        REQUIRE(st.step());
        const int64_t started = st.getInt(0);
        CHECK(started >= kNow);  // the demo's clock: a date, which must not leave the machine
        Transaction tx(f.db);
        insertEvents(f.db, attempt, {ProcessEvent{started + 123456, EventKind::ReadAloud, readItem, "question"}});
        tx.commit();
    }
    ExportSummary summary = exportCsv(f.db, f.bank, f.dir.file("export"), f.teacher, withEvents());
    const auto rows = parseCsv(readFile(fs::path(summary.folder) / "events.csv"));
    REQUIRE(rows.size() > 1);
    CHECK(rows[0] == std::vector<std::string>{"pupil", "module", "seq", "t_ms", "item", "kind", "detail"});
    CHECK(summary.eventRows == static_cast<int>(rows.size() - 1));

    const std::string key = f.teacher.pseudonymKey();
    std::set<std::string> pseudonyms, seen;
    for (const auto& p : f.demo.pupils) pseudonyms.insert(pupilPseudonym(key, p.id));
    std::map<std::pair<std::string, std::string>, int64_t> lastSeq;
    bool foundReadAloud = false;
    for (size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        REQUIRE(r.size() == 7);
        CAPTURE(i);
        CHECK(pseudonyms.count(r[0]) == 1);
        seen.insert(r[0]);
        int64_t seq = 0, t = 0;
        REQUIRE(parseInt64(r[2], seq));
        REQUIRE(parseInt64(r[3], t));
        // In order within each attempt, starting at 1 with the attempt's start at 0 ms.
        auto& last = lastSeq[{r[0], r[1]}];
        CHECK(seq == last + 1);
        last = seq;
        if (seq == 1) {
            CHECK(r[5] == "attempt_start");
            CHECK(t == 0);
        }
        // Relative: a demo session lasts minutes; a clock time would be around 1.78e12 ms.
        CHECK(t >= 0);
        CHECK(t < 3600 * 1000);
        CHECK(eventKindFromName(r[5]).has_value());
        if (r[5] == "answer_changed") {
            const Item* item = findItem(f.bank, r[1], r[4]);
            REQUIRE(item);
            CHECK(item->findResponse(r[6]));  // the response variable's name, never the answer
        }
        if (r[0] == pupilPseudonym(key, f.demo.pupils[0].id) && r[5] == "read_aloud") {
            CHECK(t == 123456);
            CHECK(r[4] == readItem);
            CHECK(r[6] == "question");
            foundReadAloud = true;
        }
    }
    CHECK(foundReadAloud);
    CHECK(seen == pseudonyms);  // every demo pupil started, so every one has process data
    // Every event of a measured module is exported.
    int64_t expected = 0;
    auto st =
        f.db.prepare("SELECT a.module_id, count(*) FROM events e JOIN attempts a ON a.id=e.attempt_id GROUP BY a.id");
    while (st.step()) {
        const Module* m = f.bank.findModule(st.getText(0));
        if (m && !m->practice) expected += st.getInt(1);
    }
    CHECK(expected == summary.eventRows);
}

TEST_CASE("export: the practice module is in no file of the export") {
    DemoFixture f;
    // The design's tutorial is practice (the fixture marks it as the kiosk does); a themed module
    // marked practice too is left out the same way.
    REQUIRE(f.bank.markPractice("m01-schoolreis"));
    std::vector<std::string> leftOut = {"m01-schoolreis", "schoolreis-0"};
    if (const Module* tutorial = f.bank.findModule(f.design.tutorial)) {
        REQUIRE(tutorial->practice);
        leftOut.push_back(tutorial->identifier);
        for (const auto& ref : tutorial->refs) leftOut.push_back(ref.identifier);
        // The demo pupils did the tutorial, so there is something to leave out.
        auto st = f.db.prepare("SELECT count(*) FROM attempts WHERE module_id=?");
        st.bind(1, tutorial->identifier);
        REQUIRE(st.step());
        CHECK(st.getInt(0) == static_cast<int64_t>(f.demo.pupils.size()));
    }
    const auto files = filesIn(f.exportTo("export"));
    for (const char* name : {"responses.csv", "items.csv", "events.csv"}) {
        CAPTURE(name);
        for (const auto& id : leftOut) {
            CAPTURE(id);
            CHECK_FALSE(contains(files.at(name), id));
        }
    }
    // The process data of the measured modules remain (the header alone when there are none).
    const bool measured =
        std::any_of(f.bank.modules().begin(), f.bank.modules().end(), [](const Module& m) { return !m.practice; });
    const auto events = parseCsv(files.at("events.csv"));
    REQUIRE_FALSE(events.empty());
    CHECK((events.size() > 1) == measured);
}
