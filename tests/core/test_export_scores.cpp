// scores.csv and items.csv with the bank's item parameters (issue 14): per pupil and scale the raw score, the WLE and
// its SE, five plausible values, the scale score and the level, as the teacher's screen makes them; the items with
// their ICILS strand and aspect, who scores them and their parameters; and events.csv only when asked.
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "core_test_helpers.h"
#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "demo_export_school.h"
#include "export/csv_export.h"
#include "export/score_files.h"
#include "irt/items_csv.h"
#include "irt/reporting_scale.h"
#include "results/class_report.h"
#include "scoring/human_scores.h"
#include "security/pseudonym.h"
#include "storage/schema.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

const std::string kLevels = std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv";

// A demo class of 9 (one who never logs in, most who finish), with the bank's parameters and levels.
DemoOptions scoresDemo() {
    DemoOptions options = dlk::test::demoClass(9, 515151);
    options.notStarted = 1;
    options.finishedShare = 0.7;
    return options;
}

struct ScoresFixture : dlk::test::DemoExportSchool {
    CalibratedItems calibration = readItemsCsv(std::string(DLK_SOURCE_ITEMS) + "/irt/items.csv");
    LevelTable levels = LevelTable::load(kLevels);
    dlk::test::TempDir dir;

    ScoresFixture() : DemoExportSchool(scoresDemo()) {}
    ExportOptions withParameters() const {
        ExportOptions o;
        o.calibration = &calibration;
        o.levels = &levels;
        return o;
    }
    // An export into the fixture's folder `name`.
    std::string exportTo(const std::string& name, const ExportOptions& o) {
        return DemoExportSchool::exportTo(dir.file(name), o);
    }
};

std::map<std::string, size_t> columnsOf(const std::vector<std::string>& header) {
    std::map<std::string, size_t> out;
    for (size_t i = 0; i < header.size(); ++i) out[header[i]] = i;
    return out;
}

}  // namespace

TEST_CASE("export scores: the total scale as the teacher's screen - WLE - scale score and level") {
    ScoresFixture f;
    const std::string folder = f.exportTo("export", f.withParameters());
    const auto scores = parseCsv(readFile(fs::path(folder) / "scores.csv"));
    REQUIRE(scores.size() > 1);
    auto col = columnsOf(scores[0]);
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> rows;
    for (size_t i = 1; i < scores.size(); ++i) rows[{scores[i][0], scores[i][1]}] = scores[i];

    const int64_t classId = f.school.findClass(f.demo.className)->id;
    const ClassReport report = buildClassReport(f.db, f.bank, classId, &f.calibration, &f.levels);
    int compared = 0;
    for (const PupilReport& p : report.pupils) {
        if (!p.scale) continue;  // the screen scales finished pupils only
        const std::string pid = pupilPseudonym(f.school.pseudonymKey(), p.result.pupilId);
        CAPTURE(pid);
        const auto it = rows.find({pid, "total"});
        REQUIRE(it != rows.end());
        const auto& r = it->second;
        CHECK(std::stoi(r[col.at("scale_items")]) == p.scale->itemsUsed);
        CHECK(std::stod(r[col.at("scale_score")]) == doctest::Approx(p.scale->score).epsilon(0.0005));
        CHECK(std::stod(r[col.at("scale_se")]) == doctest::Approx(p.scale->se).epsilon(0.003));  // 1 decimal
        REQUIRE(p.scale->level);
        CHECK(r[col.at("level")] == std::to_string(p.scale->level->level));
        // The WLE in logits is the scale score before the reporting scale's transformation.
        CHECK(f.calibration.scale->toScale(std::stod(r[col.at("wle")])) ==
              doctest::Approx(p.scale->score).epsilon(0.001));
        // Each domain as the screen's profile shows it: the same estimate, items and level.
        for (Domain d : kAllDomains) {
            const std::optional<ScaleScore>& shown = p.domainScales[static_cast<size_t>(d)];
            const auto dom = rows.find({pid, std::string(domainId(d))});
            CAPTURE(domainId(d));
            if (!shown) {
                CHECK((dom == rows.end() || dom->second[col.at("scale_score")].empty()));
                continue;
            }
            REQUIRE(dom != rows.end());
            CHECK(std::stoi(dom->second[col.at("scale_items")]) == shown->itemsUsed);
            CHECK(std::stod(dom->second[col.at("scale_score")]) == doctest::Approx(shown->score).epsilon(0.0005));
            REQUIRE(shown->level);
            CHECK(dom->second[col.at("level")] == std::to_string(shown->level->level));
        }
        ++compared;
    }
    // Finished pupils are scaled, each of them; how many finish varied from 4 to 6 of the 9 with the
    // booklet rotation each database draws: at least one was compared.
    CHECK(compared >= 1);

    // Every row with items in the scale has its estimates, five plausible values in a sane range and a
    // level (levels.csv has cut-points for the total and each domain).
    std::set<std::string> scales;
    int withEstimates = 0;
    for (const auto& [k, r] : rows) {
        CAPTURE(k.first);
        CAPTURE(k.second);
        scales.insert(k.second);
        const bool estimated = std::stoi(r[col.at("scale_items")]) > 0;
        CHECK(r[col.at("wle")].empty() != estimated);
        for (const char* pv : {"pv1", "pv2", "pv3", "pv4", "pv5"}) {
            CHECK(r[col.at(pv)].empty() != estimated);
            if (estimated) CHECK(std::fabs(std::stod(r[col.at(pv)])) < 8);
        }
        if (estimated) {
            ++withEstimates;
            CHECK(std::stod(r[col.at("wle_se")]) > 0);
            CHECK_FALSE(r[col.at("level")].empty());
        }
    }
    CHECK(withEstimates > 0);
    CHECK(scales == std::set<std::string>{"total", "ict", "info", "media", "ct"});
    // The plausible values are a pupil's own: the same in a second export, and not all equal.
    const auto again = readFile(fs::path(f.exportTo("again", f.withParameters())) / "scores.csv");
    CHECK(again == readFile(fs::path(folder) / "scores.csv"));
    const auto& any = rows.begin()->second;
    if (!any[col.at("pv1")].empty()) CHECK(any[col.at("pv1")] != any[col.at("pv2")]);
}

TEST_CASE("export scores: items without parameters count in the raw score only - not yet scored counts nowhere") {
    ScoresFixture f;
    // A module added after the calibration: the parameters without the kas module's items (every
    // pupil of the icils design is dealt it).
    std::erase_if(f.calibration.items, [](const ItemParams& p) { return p.id.rfind("kas-", 0) == 0; });
    f.calibration.statistics.clear();  // aligned with the items: no longer
    REQUIRE_FALSE(f.calibration.find("kas-01-invoer"));
    const std::string folder = f.exportTo("export", f.withParameters());
    const auto responses = parseCsv(readFile(fs::path(folder) / "responses.csv"));
    const auto items = parseCsv(readFile(fs::path(folder) / "items.csv"));
    const auto scores = parseCsv(readFile(fs::path(folder) / "scores.csv"));
    auto rc = columnsOf(responses[0]);
    auto ic = columnsOf(items[0]);
    auto sc = columnsOf(scores[0]);
    std::set<std::string> withParameters;
    for (size_t i = 1; i < items.size(); ++i)
        if (!items[i][ic.at("delta")].empty()) withParameters.insert(items[i][ic.at("item")]);
    REQUIRE_FALSE(withParameters.empty());
    // Per pupil: the scored items with parameters, all points, the points on items without parameters.
    std::map<std::string, int> inScale;
    std::map<std::string, double> raw, rawWithout;
    std::map<std::string, int> notYet;
    for (size_t i = 1; i < responses.size(); ++i) {
        const auto& r = responses[i];
        const std::string& pid = r[rc.at("pupil")];
        if (r[rc.at("status")] == "not_yet_scored") ++notYet[pid];
        if (r[rc.at("score")].empty()) continue;
        if (r[rc.at("status")] == "not_shown") continue;  // a module not started: in no total
        raw[pid] += std::stod(r[rc.at("score")]);
        if (!withParameters.count(r[rc.at("item")])) rawWithout[pid] += std::stod(r[rc.at("score")]);
    }
    // What the estimate rests on, from the scoring rows: an item by its calibration units (the
    // machine's part and each criterion with a final score, bank/calibration_units.h), another item
    // once it has a score; only units with parameters.
    for (const ItemScoreRow& row : scoreItems(f.db, f.bank, 0)) {
        if (!row.scored()) continue;
        const std::string pid = pupilPseudonym(f.school.pseudonymKey(), row.pupilId);
        if (!row.units.empty()) {
            for (const UnitScore& u : row.units) inScale[pid] += f.calibration.find(u.unitId) != nullptr;
        } else if (!row.awaitingTeacher && f.calibration.find(row.itemId)) {
            ++inScale[pid];
        }
    }
    int pupilsWithUncalibratedPoints = 0;
    for (size_t i = 1; i < scores.size(); ++i) {
        const auto& s = scores[i];
        if (s[sc.at("scale")] != "total") continue;
        const std::string& pid = s[sc.at("pupil")];
        CAPTURE(pid);
        CHECK(std::stoi(s[sc.at("scale_items")]) == inScale[pid]);
        CHECK(std::stod(s[sc.at("raw_score")]) == doctest::Approx(raw[pid]));
        CHECK(std::stoi(s[sc.at("not_yet_scored_items")]) == notYet[pid]);
        pupilsWithUncalibratedPoints += rawWithout[pid] > 0;
    }
    CHECK(pupilsWithUncalibratedPoints > 0);
}

TEST_CASE("export items: ICILS strand and aspect - who scores it - and the parameters of items/irt/items.csv") {
    ScoresFixture f;
    const auto items = parseCsv(readFile(fs::path(f.exportTo("export", f.withParameters())) / "items.csv"));
    auto ic = columnsOf(items[0]);
    int with = 0, without = 0, human = 0;
    for (size_t i = 1; i < items.size(); ++i) {
        const auto& r = items[i];
        CAPTURE(r[ic.at("item")]);
        const ItemParams* p = f.calibration.find(r[ic.at("item")]);
        human += r[ic.at("scored_by")] == "human";
        if (!p) {
            CHECK(r[ic.at("delta")].empty());
            CHECK(r[ic.at("steps")].empty());
            ++without;
            continue;
        }
        ++with;
        CHECK(std::stod(r[ic.at("delta")]) == doctest::Approx(p->delta).epsilon(0.0001));
        const std::string list = r[ic.at("steps")];
        REQUIRE(list.size() > 2);
        CHECK(list.front() == '[');
        CHECK(list.back() == ']');
        const std::vector<std::string> steps = split(list.substr(1, list.size() - 2), ',');
        REQUIRE(steps.size() == static_cast<size_t>(p->maxScore));
        double sum = 0;
        for (size_t j = 0; j < steps.size(); ++j) {
            CHECK(std::stod(steps[j]) == doctest::Approx(p->step(static_cast<int>(j) + 1)).epsilon(0.0001));
            sum += std::stod(steps[j]);
        }
        CHECK(sum / static_cast<double>(steps.size()) == doctest::Approx(p->delta).epsilon(0.001));
        CHECK_FALSE(r[ic.at("icils_aspect")].empty());
    }
    size_t calibrated = 0;
    for (const Module& m : f.bank.modules())
        if (!m.practice)
            for (const ItemRef& ref : m.refs) calibrated += f.calibration.find(ref.identifier) != nullptr;
    CHECK(with > 0);
    CHECK(static_cast<size_t>(with) == calibrated);
    CHECK(without > 0);
    CHECK(human > 0);
}

TEST_CASE("export events: events.csv only when asked - the codebook says which") {
    ScoresFixture f;
    const std::string folder = f.exportTo("export", {});
    CHECK_FALSE(fs::exists(fs::path(folder) / "events.csv"));
    Json package = parseJson(readFile(fs::path(folder) / "datapackage.json"), "datapackage.json");
    for (const Json& r : package.at("resources")) CHECK(r.at("name") != "events");
    CHECK(contains(package.at("description").get<std::string>(), "No process data"));
    CHECK_FALSE(contains(readFile(fs::path(folder) / "manifest.json"), "events.csv"));

    ExportOptions withEvents;
    withEvents.events = true;
    const ExportSummary s = exportCsv(f.db, f.bank, folder, f.school, withEvents);  // into the same folder
    CHECK(s.eventRows > 0);
    CHECK(parseCsv(readFile(fs::path(folder) / "events.csv")).size() == static_cast<size_t>(s.eventRows) + 1);
    package = parseJson(readFile(fs::path(folder) / "datapackage.json"), "datapackage.json");
    CHECK(package.at("resources").back().at("name") == "events");
    CHECK(contains(package.at("description").get<std::string>(), "Process data (events.csv) included"));

    // Exported again without: the earlier process data do not stay behind, signed as if they were this export's.
    exportCsv(f.db, f.bank, folder, f.school);
    CHECK_FALSE(fs::exists(fs::path(folder) / "events.csv"));
    CHECK_FALSE(contains(readFile(fs::path(folder) / "manifest.json"), "events.csv"));
}

TEST_CASE("export passes: read on two connections while scoring - the same files as one after the other") {
    // A school in a file: the export reads its pupils and their progress on a second connection, on another thread,
    // while this one scores. The same school exported on one connection, the passes one after the other, gives the
    // same bytes in every file.
    dlk::test::TempDir dir;
    DemoOptions options = scoresDemo();
    options.pupils = 14;
    options.scoreRubrics = true;  // the teachers' final scores flow in
    dlk::test::DemoExportSchool school(options, dir.file("school.db"));
    const CalibratedItems calibration = readItemsCsv(std::string(DLK_SOURCE_ITEMS) + "/irt/items.csv");
    const LevelTable levels = LevelTable::load(kLevels);
    ExportOptions o;
    o.calibration = &calibration;
    o.levels = &levels;
    o.events = true;
    const ExportSummary both = exportCsv(school.db, school.bank, dir.file("both"), school.school, o);
    o.parallelReads = false;
    const ExportSummary one = exportCsv(school.db, school.bank, dir.file("one"), school.school, o);
    // The first took the second connection, the other did not (the step of the other thread is named).
    const auto tookOtherCore = [](const ExportSummary& s) {
        return std::any_of(s.steps.begin(), s.steps.end(),
                           [](const auto& step) { return step.first.find("other core") != std::string::npos; });
    };
    CHECK(tookOtherCore(both));
    CHECK_FALSE(tookOtherCore(one));
    CHECK(both.responseRows == one.responseRows);
    CHECK(both.responseRows > 100);
    size_t compared = 0;
    for (const auto& entry : fs::directory_iterator(dir.file("one"))) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("manifest", 0) == 0) continue;  // the signature over the files compared here
        INFO(name);
        CHECK(readFile(entry.path().string()) == readFile(dir.file("both") + "/" + name));
        ++compared;
    }
    CHECK(compared >= 10);  // the CSVs, the codebook and the README
    // And the scores exist: the estimate ran on its own thread as well.
    const auto scores = parseCsv(readFile(dir.file("both") + "/scores.csv"));
    REQUIRE(scores.size() > 14);
    const auto column = columnsOf(scores[0]);
    CHECK(std::any_of(scores.begin() + 1, scores.end(), [&](const std::vector<std::string>& row) {
        return row.at(column.at("wle")) != "" && row.at(column.at("pv5")) != "";
    }));
}

TEST_CASE("scale rows: every row's items and scores in their shared arrays - after they grew and were moved") {
    std::vector<ItemParams> params(7);
    for (size_t i = 0; i < params.size(); ++i) params[i].id = "item" + std::to_string(i);
    std::vector<std::string> pupils;
    for (int p = 0; p < 3000; ++p) pupils.push_back("p" + std::to_string(p));
    ScaleRows built;
    std::vector<std::vector<const ItemParams*>> expectedItems;
    std::vector<std::vector<int>> expectedScores;
    for (size_t p = 0; p < pupils.size(); ++p) {
        // Rows of every length, none too: the arrays are reallocated many times while they are added.
        std::vector<const ItemParams*> items;
        std::vector<int> scores;
        for (size_t k = 0; k < p % 9; ++k) {
            items.push_back(&params[(p + k) % params.size()]);
            scores.push_back(static_cast<int>((p * 7 + k) % 3));
        }
        Total total;
        total.raw = static_cast<double>(p);
        built.add(&pupils[p], p % 2 ? "info" : "total", total, items, scores);
        expectedItems.push_back(items);
        expectedScores.push_back(scores);
    }
    built.done();
    ScaleRows moved = std::move(built);  // as exportCsv keeps its halves
    const std::vector<ScaleEntry>& rows = moved.rows();
    REQUIRE(rows.size() == pupils.size());
    for (size_t r = 0; r < rows.size(); ++r) {
        CAPTURE(r);
        CHECK(rows[r].pupil == &pupils[r]);
        CHECK(rows[r].scale == (r % 2 ? "info" : "total"));
        CHECK(rows[r].row.total.raw == static_cast<double>(r));
        CHECK(std::vector<const ItemParams*>(rows[r].row.items.begin(), rows[r].row.items.end()) == expectedItems[r]);
        CHECK(std::vector<int>(rows[r].row.scores.begin(), rows[r].row.scores.end()) == expectedScores[r]);
    }
}

// appendRounded's whole-number path must give to_chars's digits (exact decimal rounding) for every value it takes, and
// leave ties and large values to to_chars.
TEST_CASE("rounded numbers: the same digits as exact decimal rounding - ties - signs - large values") {
    const auto exact = [](double v, int decimals) {
        char text[400];
        const auto [end, ec] = std::to_chars(text, text + sizeof text, v, std::chars_format::fixed, decimals);
        if (ec != std::errc()) return std::string("(no room)");  // never equal to a number
        std::string s(text, end);
        if (s.find('.') != std::string::npos) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
        }
        return s == "-0" ? std::string("0") : s;
    };
    std::vector<double> values = {
        0,       -0.0,      0.5,       -0.5,     1.25,    0.125, 2.5,   -2.5,       0.00005,   -0.00005,    0.00015,
        1.00005, 123.45675, 0.99995,   -0.99995, 9.99995, 1e-9,  -1e-9, 107374.18,  1073741.8, 1234567.891, 5e15,
        -3e20,   1e300,     0.1 + 0.2, 2.675,    -1.0005, 7,     -12,   0.30000001, 42.42,     -0.04999};
    // A fixed stream of values around the plausible values' and scale scores' ranges, and raw sums.
    uint64_t state = 12345;
    for (int i = 0; i < 200000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double unit = static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
        values.push_back((unit - 0.5) * (i % 3 == 0 ? 12 : i % 3 == 1 ? 1000 : 0.002));
        values.push_back(std::round(unit * 1e6) / 1e4 + (i % 2 ? 0.00005 : -0.00005));  // near the 4th place's ties
    }
    // Counted, not asserted one by one (two million comparisons): the first difference is named.
    size_t differences = 0;
    std::string first;
    for (const double v : values)
        for (const int decimals : {0, 1, 2, 4, 6}) {
            std::string got;
            appendRounded(got, v, decimals);
            if (const std::string expected = exact(v, decimals); got != expected && differences++ == 0)
                first = std::to_string(v) + " to " + std::to_string(decimals) + ": " + got + " instead of " + expected;
        }
    CHECK_MESSAGE(differences == 0, first);
    std::string nothing;
    appendRounded(nothing, std::nan(""), 4);
    appendRounded(nothing, INFINITY, 1);
    CHECK(nothing.empty());
    CHECK(rounded(-0.3, 4) == "-0.3");
    CHECK(rounded(1.00004, 4) == "1");
    CHECK(rounded(-0.00004, 4) == "0");
}

// scores.csv's raw scores and maxima go through appendDouble: formatDouble's text, appended after what is there.
TEST_CASE("numbers appended: formatDouble's text - whole numbers as integers - after what is there") {
    std::string out = "raw=";
    appendDouble(out, 12);
    out += ',';
    appendDouble(out, -0.0);
    out += ',';
    appendDouble(out, 1.5);
    out += ',';
    appendDouble(out, 0.1);
    out += ',';
    appendDouble(out, -3e15);  // not below 1e15: printf's shortest form
    out += ',';
    appendDouble(out, 999999999999999);
    CHECK(out == "raw=12,0,1.5,0.1,-3e+15,999999999999999");
    out.clear();
    appendDouble(out, 1.0 / 3);  // the shortest that reads back the same
    CHECK(out == "0.3333333333333333");
}
