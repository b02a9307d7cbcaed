// One bad item spoils nothing else: a bank (tests/data/bank_unscorable) with an item whose
// response processing calls an operator dlkiosk does not have and one whose pattern is no regular
// expression, between good items. The class report, the export and the log give every other
// result and say why those two cannot be scored; a stored score outside an item's parameters
// leaves that item out of the scale score instead of failing the class.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <set>

#include "core_test_helpers.h"
#include "delivery/session_flow.h"
#include "export/csv_export.h"
#include "irt/irt_pipeline.h"
#include "results/class_report.h"
#include "security/pseudonym.h"
#include "storage/schema.h"
#include "support/logger.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::parseCsv;
using dlk::test::readFile;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

// How a pupil answers the five items of m97-kapot.
struct Answers {
    bool firstRight = true;    // kapot-01-goed (1 point)
    bool typesPattern = true;  // kapot-03-patroon: an answer (cannot be scored) or left empty (NULL, 0)
    bool twoRight = true;      // kapot-05-twee: A and B (2 points) or A alone (1 point)
};

struct UnscorableFixture {
    dlk::test::TempDir dir;
    std::filesystem::path items = [this] {
        const auto target = dir.path() / "items";
        std::filesystem::copy(dlk::test::testData("bank_unscorable"), target, std::filesystem::copy_options::recursive);
        return target;
    }();
    ItemBank bank = ItemBank::loadFolder(items.string());
    BookletDesign design = loadSessionDesign(items.string(), bank);
    Database db{":memory:"};
    SchoolStore teacher{db};
    SessionPlans plans{db};
    ResponseStore store{db};
    int64_t classId = 0;
    int64_t t = kT0;

    UnscorableFixture() {
        migrateSchema(db);
        teacher.setUpSchool("De Vlinder", "246813", kT0);  // the export's pseudonym key, unlocked
        classId = SchoolStore(db).createClass("Groep 8", kT0);
    }
    // A pupil takes and finishes m97-kapot at the kiosk.
    PupilInfo take(const std::string& name, const Answers& a) {
        const PupilInfo p = teacher.addPupils(classId, {name}, kT0).front();
        plans.assign(p.id, {"m97-kapot"}, kT0);
        const SessionFlow flow(bank, design, plans, store);
        const Module* module = flow.nextModule(p.id, t);
        REQUIRE(module);
        const auto session = flow.start(*module, p, "nl", t += 1000).session;
        auto answer = [&](const Value& v) {
            session->setResponse("RESPONSE", v, t += 10000);
            REQUIRE(session->next(t += 1000));
        };
        answer(Value::single(BaseType::Identifier, a.firstRight ? "JA" : "NEE"));
        answer(Value::single(BaseType::Identifier, "JA"));
        if (a.typesPattern)
            answer(Value::single(BaseType::String, "jpg"));
        else
            REQUIRE(session->next(t += 1000));
        answer(Value::container(Cardinality::Ordered, BaseType::Identifier, {"X", "Y", "Z"}));
        const std::vector<std::string> chosen =
            a.twoRight ? std::vector<std::string>{"A", "B"} : std::vector<std::string>{"A"};
        session->setResponse("RESPONSE", Value::container(Cardinality::Multiple, BaseType::Identifier, chosen),
                             t += 10000);
        REQUIRE(session->finish(t += 1000));
        return p;
    }
};

}  // namespace

TEST_CASE("unscorable items: the fixture bank loads whole - its two bad items fail when scored") {
    UnscorableFixture f;
    INFO(dlk::test::problemsText(f.bank));
    const Module* module = f.bank.findModule("m97-kapot");
    REQUIRE(module);
    REQUIRE(module->variant("nl").items.size() == 5);
}

TEST_CASE("unscorable items: the class report gives every other score and says why two items cannot be scored") {
    UnscorableFixture f;
    f.take("Anna", {});
    f.take("Bram", {.firstRight = false, .typesPattern = false, .twoRight = false});
    const ClassReport r = buildClassReport(f.db, f.bank, f.classId, nullptr, nullptr);
    REQUIRE(r.pupils.size() == 2);
    const PupilResult& anna = r.pupils[0].result;
    const PupilResult& bram = r.pupils[1].result;
    // Anna: kapot-01 (1), kapot-04 (1), kapot-05 (2) scored; the operator and her typed answer to
    // the pattern item cannot be, and count in neither her points nor her maximum.
    CHECK(anna.status == AttemptStatus::Finished);
    CHECK(anna.itemsSeen == 5);
    CHECK(anna.answered == 5);
    CHECK(anna.unscorable == 2);
    CHECK(anna.totalRaw() == 4);
    CHECK(anna.totalMax() == 4);
    CHECK(anna.domains[static_cast<size_t>(Domain::Information)].max == 0);
    // Bram left the pattern item empty: NULL scores 0 without the pattern, so it is scored.
    CHECK(bram.unscorable == 1);
    CHECK(bram.answered == 4);
    CHECK(bram.totalRaw() == 2);  // kapot-04 and one of kapot-05's two points
    CHECK(bram.totalMax() == 5);
    CHECK(bram.domains[static_cast<size_t>(Domain::Information)].max == 1);
    CHECK(r.finished == 2);

    REQUIRE(r.unscorable.size() == 2);
    CHECK(r.unscorable[0].moduleId == "m97-kapot");
    CHECK(r.unscorable[0].itemId == "kapot-02-operator");
    CHECK(r.unscorable[0].rows == 2);
    CHECK(contains(r.unscorable[0].reason, "kapot-02-operator.xml:22: "));
    CHECK(contains(r.unscorable[0].reason, "no implementation of custom operator 'com.example.bestaatNiet'"));
    CHECK(r.unscorable[1].itemId == "kapot-03-patroon");
    CHECK(r.unscorable[1].rows == 1);
    CHECK(contains(r.unscorable[1].reason, "kapot-03-patroon.xml:17: "));
    CHECK(contains(r.unscorable[1].reason, "invalid pattern"));

    // The item rows say it per pupil, so the export and the screen can too.
    const auto rows = scoreItems(f.db, f.bank, f.classId);
    REQUIRE(rows.size() == 10);
    for (const auto& row : rows) {
        CAPTURE(row.itemId);
        const bool bad = row.itemId == "kapot-02-operator" || (row.itemId == "kapot-03-patroon" && row.answered);
        CHECK(row.scored() == !bad);
        if (bad) CHECK(row.score == 0);
    }
}

TEST_CASE(
    "unscorable items: the scale score rests on the scorable items - a score outside the parameters is left out") {
    UnscorableFixture f;
    f.take("Anna", {});
    f.take("Bram", {.firstRight = true, .typesPattern = false, .twoRight = false});
    // kapot-05-twee calibrated when it was worth 1 point: Anna's stored 2 is outside 0..1. Before,
    // scalePupil threw and the whole class report failed.
    const CalibratedItems calibration = parseItemsCsv(
        "# scale=total\n# scale_theta_mean=0\n# scale_theta_sd=1\n"
        "item_id,max_score,delta,tau_1\nkapot-01-goed,1,-0.5,0\nkapot-02-operator,1,0,0\nkapot-04-goed,1,0.5,0\n"
        "kapot-05-twee,1,0,0\n",
        "items.csv");
    const ClassReport r = buildClassReport(f.db, f.bank, f.classId, &calibration, nullptr);
    REQUIRE(r.pupils.size() == 2);
    const PupilReport& anna = r.pupils[0];
    REQUIRE(anna.scale);
    CHECK(anna.scaleProblem.empty());
    // kapot-01 and kapot-04: kapot-02 cannot be scored, kapot-03 has no parameters, kapot-05 is out.
    CHECK(anna.scale->itemsUsed == 2);
    CHECK(anna.scale->rawScore == 2);
    CHECK(anna.scale->maxScore == 2);
    CHECK(anna.scale->itemsWithoutParameters == 0);
    REQUIRE(anna.scale->itemsOutOfRange.size() == 1);
    CHECK(anna.scale->itemsOutOfRange[0] == "kapot-05-twee: score 2 is outside 0..1 of its parameters");
    const auto expected = scalePupil({{"kapot-01-goed", 1}, {"kapot-04-goed", 1}}, calibration);
    REQUIRE(expected);
    CHECK(anna.scale->score == doctest::Approx(expected->scaleScore));
    // Bram's 1 point on kapot-05 is inside its parameters and counts; so does his empty
    // (NULL, scored 0) pattern item, which has no parameters.
    const PupilReport& bram = r.pupils[1];
    REQUIRE(bram.scale);
    CHECK(bram.scale->itemsOutOfRange.empty());
    CHECK(bram.scale->itemsUsed == 3);
    CHECK(bram.scale->itemsWithoutParameters == 1);
    CHECK(bram.scale->rawScore == 3);
}

TEST_CASE("unscorable items: the export writes every row - the bad ones with status cannot_be_scored and why") {
    UnscorableFixture f;
    const PupilInfo anna = f.take("Anna", {});
    const PupilInfo bram = f.take("Bram", {.firstRight = false, .typesPattern = false, .twoRight = false});
    // Three classmates who never log in: a class of fewer than 5 is in no export (export/disclosure.h).
    f.teacher.addPupils(f.classId, {"Cas", "Dewi", "Elif"}, kT0);
    const std::set<std::string> takers{pupilPseudonym(f.teacher.pseudonymKey(), anna.id),
                                       pupilPseudonym(f.teacher.pseudonymKey(), bram.id)};
    const dlk::test::TempDir logDir;
    Logger::instance().open(logDir.str());
    const std::string folder = f.dir.file("export");
    const ExportSummary summary = exportCsv(f.db, f.bank, folder, f.teacher);
    Logger::instance().close();
    CHECK(summary.pupils == 2);
    CHECK(summary.responseRows == 10 + 3 * 5);  // the classmates' rows are not_shown
    CHECK(summary.unscorableRows == 3);
    REQUIRE(summary.unscorable.size() == 2);
    CHECK(summary.unscorable[0].itemId == "kapot-02-operator");
    CHECK(summary.unscorable[1].itemId == "kapot-03-patroon");

    const auto responses = parseCsv(readFile(std::filesystem::path(folder) / "responses.csv"));
    REQUIRE(responses.size() == 26);
    CHECK(responses[0] == std::vector<std::string>{"pupil", "module", "item", "domain", "answered", "response",
                                                   "free_text_withheld", "score", "max_score", "status", "reason"});
    int bad = 0;
    for (size_t i = 1; i < responses.size(); ++i) {
        const auto& row = responses[i];
        REQUIRE(row.size() == 11);
        if (!takers.count(row[0])) {
            CHECK(row[9] == "not_shown");
            continue;
        }
        CAPTURE(row[2]);
        if (row[9] == "cannot_be_scored") {
            ++bad;
            CHECK(row[7].empty());  // no score, not a 0 a researcher would read as wrong
            CHECK((row[2] == "kapot-02-operator" || row[2] == "kapot-03-patroon"));
            CHECK(contains(row[10], row[2] + ".xml:"));
        } else {
            CHECK((row[9] == "answered" || row[9] == "empty" || row[9] == "not_reached" || row[9] == "not_shown"));
            CHECK(row[10].empty());
            CHECK_FALSE(row[7].empty());
        }
    }
    CHECK(bad == 3);
    // scores.csv: the totals leave the bad items out and count them.
    const auto scores = parseCsv(readFile(std::filesystem::path(folder) / "scores.csv"));
    REQUIRE_FALSE(scores.empty());
    CHECK(std::vector<std::string>(scores[0].begin(), scores[0].begin() + 6) ==
          std::vector<std::string>{"pupil", "scale", "raw_score", "max_score", "unscorable_items",
                                   "not_yet_scored_items"});
    int unscorableTotal = 0;
    for (size_t i = 1; i < scores.size(); ++i) {
        REQUIRE(scores[i].size() == 17);
        if (scores[i][1] == "total") continue;  // the domains' sum again
        if (scores[i][1] == "info") {
            CHECK(scores[i][4] != "0");
            CHECK(scores[i][3] == (scores[i][4] == "2" ? "0" : "1"));
        }
        unscorableTotal += std::stoi(scores[i][4]);
    }
    CHECK(unscorableTotal == 3);
    CHECK(contains(readFile(std::filesystem::path(folder) / "README.txt"), "cannot_be_scored"));
    CHECK(contains(readFile(std::filesystem::path(folder) / "datapackage.json"), "cannot_be_scored: the item's own"));
    // The log names each bad item once, with its file and line, and no answer.
    const std::string log = readFile(logDir.path() / "dlkiosk.log");
    CHECK(contains(log, "module m97-kapot, item kapot-02-operator cannot be scored: "));
    CHECK(contains(log, "no implementation of custom operator 'com.example.bestaatNiet'"));
    CHECK(contains(log, "module m97-kapot, item kapot-03-patroon cannot be scored: "));
    CHECK_FALSE(contains(log, "jpg"));
    const auto first = log.find("item kapot-02-operator cannot");
    CHECK(log.find("item kapot-02-operator cannot", first + 1) == std::string::npos);
}

TEST_CASE("unscorable items: dlkiosk export exits 0 with every row and names each bad item on stderr and in the log") {
    const dlk::test::TempDir dir;
    const std::string bank = dlk::test::testData("bank_unscorable");
    const std::string data = dir.file("data"), out = dir.file("export"), err = dir.file("err.txt");
    const std::string demo = std::string("'") + DLK_BINARY + "' demo --data '" + data + "' --items '" + bank +
                             "' --pupils 5 >/dev/null 2>&1";
    REQUIRE(std::system(demo.c_str()) == 0);
    // The demo school's PIN (123456) on standard input: the export needs it to open the sealed secret.
    const std::string command = std::string("printf '123456\\n' | '") + DLK_BINARY + "' export --data '" + data +
                                "' --items '" + bank + "' --out '" + out + "' 2>'" + err + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    const std::string stderrText = readFile(err);
    CHECK(contains(stderrText, "dlkiosk: exported 5 pupils (25 item rows"));
    CHECK(contains(stderrText,
                   "dlkiosk: module m97-kapot, item kapot-02-operator cannot be scored (5 rows with status "
                   "cannot_be_scored in responses.csv): m97-kapot/nl/kapot-02-operator.xml:22: "));
    const auto responses = parseCsv(readFile(std::filesystem::path(out) / "responses.csv"));
    REQUIRE(responses.size() == 26);
    int scored = 0;
    for (size_t i = 1; i < responses.size(); ++i) scored += responses[i].at(7).empty() ? 0 : 1;
    CHECK(scored >= 15);  // kapot-01, -04 and -05 of each pupil, and kapot-03 when the demo left it empty
    CHECK(contains(readFile(std::filesystem::path(data) / "dlkiosk.log"),
                   "module m97-kapot, item kapot-02-operator cannot be scored: "));
}

TEST_CASE(
    "unscorable items: damaged parameters cost the scale score with a reason - never the raw scores or the report") {
    UnscorableFixture f;
    f.take("Anna", {});
    CalibratedItems calibration = parseItemsCsv(
        "# scale=total\n# scale_theta_mean=0\n# scale_theta_sd=1\n"
        "item_id,max_score,delta,tau_1\nkapot-01-goed,1,-0.5,0\nkapot-04-goed,1,0.5,0\n",
        "items.csv");
    calibration.items[0].delta = std::numeric_limits<double>::quiet_NaN();
    const ClassReport r = buildClassReport(f.db, f.bank, f.classId, &calibration, nullptr);
    REQUIRE(r.pupils.size() == 1);
    CHECK(r.pupils[0].result.totalRaw() == 4);
    CHECK_FALSE(r.pupils[0].scale);
    CHECK(contains(r.pupils[0].scaleProblem, "the estimate is not a finite number"));
    CHECK(r.finished == 1);
}
