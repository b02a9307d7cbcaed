// The anonymised CSV export: nothing that names a pupil, class or school leaves the machine,
// pseudonyms are stable and distinct, and the numbers add up.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "export/csv_export.h"
#include "security/pseudonym.h"
#include "storage/schema.h"
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
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    DemoOptions options;
    DemoSchool demo;
    std::vector<PupilInfo> notStarted;  // pupils of another class, without any attempt
    dlk::test::TempDir dir;

    DemoFixture() {
        migrateSchema(db);
        options.pupils = 8;
        options.seed = 424242;
        options.pin = "2468";
        options.finishedShare = 0.5;
        demo = makeDemoSchool(db, bank, options, kNow);
        SchoolStore school(db);
        notStarted = school.addPupils(school.createClass("Groep 7 Juf Marieke", kNow),
                                      {"Wilhelmina Oosterhuis-Brandsma", "Xander Quist"}, kNow);
    }
    std::string exportTo(const std::string& name) {
        const std::string folder = dir.file(name);
        exportCsv(db, bank, folder);
        return folder;
    }
};

std::map<std::string, std::string> filesIn(const std::string& folder) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file()) files[e.path().filename().string()] = readFile(e.path());
    return files;
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
    CHECK(files.size() == 4);
    for (const char* name : {"responses.csv", "scores.csv", "items.csv", "README.txt"}) CHECK_MESSAGE(files.count(name), name);
    std::vector<std::string> secrets = {f.demo.className, f.options.schoolName, "Groep 7 Juf Marieke",
                                        isoTimestamp(kNow).substr(0, 10)};
    std::vector<PupilInfo> everyone = f.demo.pupils;
    everyone.insert(everyone.end(), f.notStarted.begin(), f.notStarted.end());
    REQUIRE(everyone.size() == 10);
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
    CHECK(rows[0] == std::vector<std::string>{"pupil", "module", "item", "domain", "answered", "response", "score",
                                              "max_score"});
    CHECK(parseCsv(files.at("scores.csv"))[0] == std::vector<std::string>{"pupil", "domain", "raw_score", "max_score"});
}

TEST_CASE("export: pseudonyms are keyed - stable across exports and different for every pupil") {
    DemoFixture f;
    const auto first = filesIn(f.exportTo("eerste"));
    const auto second = filesIn(f.exportTo("tweede"));
    CHECK(first.at("responses.csv") == second.at("responses.csv"));
    CHECK(first.at("scores.csv") == second.at("scores.csv"));
    const std::string key = SchoolStore(f.db).pseudonymKey();
    std::map<std::string, int64_t> byPseudonym;
    for (const auto& p : f.demo.pupils) byPseudonym[pupilPseudonym(key, p.id)] = p.id;
    CHECK(byPseudonym.size() == f.demo.pupils.size());  // all distinct
    std::set<std::string> seen;
    const auto rows = parseCsv(first.at("responses.csv"));
    for (size_t i = 1; i < rows.size(); ++i) {
        const std::string& pid = rows[i].at(0);
        CAPTURE(pid);
        CHECK(std::regex_match(pid, std::regex("p[0-9a-f]{24}")));
        CHECK(byPseudonym.count(pid) == 1);
        seen.insert(pid);
    }
    CHECK(seen.size() == f.demo.pupils.size());
}

TEST_CASE("export: one response row per pupil and item of every started module - scores that add up") {
    DemoFixture f;
    ExportSummary summary = exportCsv(f.db, f.bank, f.dir.file("export"));
    const auto files = filesIn(summary.folder);
    const auto responses = parseCsv(files.at("responses.csv"));
    const auto scores = parseCsv(files.at("scores.csv"));

    // Rows: pupils x items of the modules they started (every demo pupil starts every module).
    size_t expectedRows = 0;
    {
        auto st = f.db.prepare("SELECT module_id FROM attempts");
        while (st.step()) expectedRows += f.bank.findModule(st.getText(0))->itemCount();
    }
    CHECK(expectedRows == f.demo.pupils.size() * 6);
    CHECK(responses.size() - 1 == expectedRows);
    CHECK(summary.responseRows == static_cast<int>(expectedRows));
    CHECK(summary.pupils == static_cast<int>(f.demo.pupils.size()));

    // Every row's score is the item's own response processing of the exported response.
    std::map<std::pair<std::string, std::string>, std::pair<double, double>> sums;
    int answered = 0, unanswered = 0;
    for (size_t i = 1; i < responses.size(); ++i) {
        const auto& r = responses[i];
        REQUIRE(r.size() == 8);
        CAPTURE(r[2]);
        const Item* item = findItem(f.bank, r[1], r[2]);
        REQUIRE(item);
        const Json obj = Json::parse(r[5]);
        REQUIRE(obj.type() == Json::Type::Object);
        VariableMap vars;
        bool any = false;
        for (const auto& [rid, j] : obj.members()) {
            const ResponseDeclaration* d = item->findResponse(rid);
            REQUIRE(d);
            vars[rid] = valueFromJson(j, d->cardinality, d->baseType, rid);
            any = any || !vars[rid].isNull();
        }
        CHECK(r[4] == (any ? "1" : "0"));
        (any ? answered : unanswered) += 1;
        const double score = std::stod(r[6]);
        CHECK(score == doctest::Approx(scoreOf(*item, vars)));
        CHECK(std::stod(r[7]) == doctest::Approx(item->maxScore()));
        CHECK(score <= std::stod(r[7]));
        auto& s = sums[{r[0], r[3]}];
        s.first += score;
        s.second += std::stod(r[7]);
    }
    CHECK(answered > 0);
    CHECK(unanswered > 0);  // half the pupils stop early: unseen items count as unanswered

    // scores.csv: one row per pupil and domain, raw = the sum over responses.csv.
    CHECK(scores.size() - 1 == sums.size());
    for (size_t i = 1; i < scores.size(); ++i) {
        const auto& s = scores[i];
        REQUIRE(s.size() == 4);
        CAPTURE(s[0]);
        CAPTURE(s[1]);
        const auto it = sums.find({s[0], s[1]});
        REQUIRE(it != sums.end());
        CHECK(std::stod(s[2]) == doctest::Approx(it->second.first));
        CHECK(std::stod(s[3]) == doctest::Approx(it->second.second));
    }
}

TEST_CASE("export: items.csv lists every item of the bank with its domain - kerndoelen and maximum") {
    DemoFixture f;
    const auto items = parseCsv(readFile(fs::path(f.exportTo("export")) / "items.csv"));
    const std::vector<std::vector<std::string>> expected = {
        {"module", "item", "domain", "kerndoelen", "max_score"},
        {"m01-schoolreis", "schoolreis-01-bestandstype", "ict", "1", "1"},
        {"m01-schoolreis", "schoolreis-02-zoekstappen", "info", "2", "1"},
        {"m01-schoolreis", "schoolreis-03-advertentie", "media", "2 3", "2"},
        {"m01-schoolreis", "schoolreis-04-herhaal", "ct", "7", "1"},
        {"m01-schoolreis", "schoolreis-05-bronnen", "info", "2", "3"},
        {"m01-schoolreis", "schoolreis-06-delen", "ict", "3", "1"},
    };
    CHECK(items == expected);
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

TEST_CASE("export: a failed export leaves no half-written file behind") {
    DemoFixture f;
    const fs::path folder = f.dir.path() / "export";
    fs::create_directories(folder / "scores.csv.tmp");  // the second file can not be written
    auto e = errorOf([&] { exportCsv(f.db, f.bank, folder.string()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK_FALSE(fs::exists(folder / "responses.csv"));
    CHECK_FALSE(fs::exists(folder / "responses.csv.tmp"));
    CHECK_FALSE(fs::exists(folder / "items.csv"));
}

TEST_CASE("export: an unusable folder and a database without a school are errors") {
    dlk::test::TempDir dir;
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    Database db(":memory:");
    migrateSchema(db);
    auto e = errorOf([&] { exportCsv(db, bank, dir.file("export")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    dlk::test::writeFile(dir.file("bestand"), "geen map");
    e = errorOf([&] { exportCsv(db, bank, dir.file("bestand")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
}
