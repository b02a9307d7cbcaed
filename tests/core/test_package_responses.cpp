// A data package read back as the item scores of a calibration (export/package_responses.h, issue 14 point 6):
// each cell as its status says, the booklets each pupil was dealt as the design, the package's own maximum
// scores; calibrate and estimate take the package where they take a RESPONSES.csv; a damaged or foreign
// package is refused naming the file, the line and what is wrong.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "core_test_helpers.h"
#include "demo_export_school.h"
#include "export/package_responses.h"
#include "irt/irt_pipeline.h"
#include "irt/multidim_files.h"
#include "util/text.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

// A demo school of 12 (one who never logs in, some who stop halfway) exported once for every case.
DemoOptions packageDemo() {
    DemoOptions options = dlk::test::demoClass(12, 6060);
    options.notStarted = 1;
    options.finishedShare = 0.6;
    return options;
}

struct PackageFixture {
    dlk::test::DemoExportSchool kiosk{packageDemo()};
    dlk::test::TempDir dir;
    std::string folder = kiosk.exportTo(dir.file("package"));

    std::vector<std::vector<std::string>> table(const std::string& name) const {
        return parseCsv(readFile(fs::path(folder) / (name + ".csv")));
    }
    // A copy of the package with `edit` applied to one file's text, to see a damaged one refused.
    std::string copyWith(const std::string& file, const std::function<std::string(std::string)>& edit) {
        const std::string copy = dir.file("copy-" + std::to_string(++copies));
        fs::copy(folder, copy, fs::copy_options::recursive);
        const fs::path path = fs::path(copy) / file;
        const std::string text = edit(readFile(path));
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
        return copy;
    }
    int copies = 0;
};

size_t columnOf(const std::vector<std::string>& header, const std::string& name) {
    for (size_t c = 0; c < header.size(); ++c)
        if (header[c] == name) return c;
    FAIL("no column " << name);
    return 0;
}

}  // namespace

TEST_CASE(
    "package responses: the booklets as design - a pupil's cells add up to their raw score - not given is missing") {
    PackageFixture f;
    CHECK(isDataPackage(f.folder));
    CHECK_FALSE(isDataPackage(f.folder + "/responses.csv"));
    CHECK_FALSE(isDataPackage(f.dir.str()));
    const ResponseMatrix m = readPackageResponses(f.folder);

    // The items of items.csv, in its order, with their maximum.
    const auto items = f.table("items");
    const size_t itemCol = columnOf(items[0], "item"), maxCol = columnOf(items[0], "max_score");
    REQUIRE(m.itemCount() == items.size() - 1);
    for (size_t i = 1; i < items.size(); ++i) {
        CHECK(m.itemId(i - 1) == items[i][itemCol]);
        CHECK(m.maxScore(i - 1) == std::stoi(items[i][maxCol]));
    }
    std::map<std::string, size_t> person;
    for (size_t p = 0; p < m.personCount(); ++p) person[m.personId(p)] = p;

    // Each pupil's administered cells add up to the total raw score scores.csv gives (an item not
    // reached adds 0 either way; one not yet scored or not to be scored counts in neither).
    const auto scores = f.table("scores");
    const size_t sPupil = columnOf(scores[0], "pupil"), sScale = columnOf(scores[0], "scale"),
                 sRaw = columnOf(scores[0], "raw_score");
    int pupilsCompared = 0;
    for (size_t r = 1; r < scores.size(); ++r) {
        if (scores[r][sScale] != "total") continue;
        const auto p = person.find(scores[r][sPupil]);
        REQUIRE(p != person.end());
        int sum = 0;
        for (size_t i = 0; i < m.itemCount(); ++i) sum += std::max(0, m.score(p->second, i));
        CHECK(sum == std::stoi(scores[r][sRaw]));
        ++pupilsCompared;
    }
    CHECK(pupilsCompared >= 10);

    // A module a pupil did not start, and an item not reached, are missing: never a wrong answer.
    const auto status = f.table("module_status");
    const auto responses = f.table("responses");
    const size_t rPupil = columnOf(responses[0], "pupil"), rModule = columnOf(responses[0], "module"),
                 rItem = columnOf(responses[0], "item"), rStatus = columnOf(responses[0], "status");
    std::set<std::pair<std::string, std::string>> notStarted;
    for (size_t r = 1; r < status.size(); ++r)
        if (status[r][2] == "not_started") notStarted.insert({status[r][0], status[r][1]});
    CHECK_FALSE(notStarted.empty());
    std::map<std::string, int> seen;
    for (size_t r = 1; r < responses.size(); ++r) {
        const auto& row = responses[r];
        const int cell = m.score(person.at(row[rPupil]), *m.findItem(row[rItem]));
        CAPTURE(row[rStatus]);
        ++seen[row[rStatus]];
        if (notStarted.count({row[rPupil], row[rModule]})) CHECK(cell == ResponseMatrix::kNotAdministered);
        if (row[rStatus] == "not_reached" || row[rStatus] == "not_yet_scored")
            CHECK(cell == ResponseMatrix::kNotAdministered);
        if (row[rStatus] == "empty") CHECK(cell == 0);  // omitted: wrong, by default
        if (row[rStatus] == "answered") CHECK(cell >= 0);
    }
    CHECK(seen["answered"] > 0);
    CHECK(seen["empty"] + seen["not_reached"] > 0);  // the demo's pupils who stop halfway

    // --omitted missing: an empty answer is then as if not given; every other cell stays.
    ResponseReadOptions missing;
    missing.omitted = OmittedScoring::NotAdministered;
    const ResponseMatrix m2 = readPackageResponses(f.folder, missing);
    int changed = 0;
    for (size_t p = 0; p < m.personCount(); ++p)
        for (size_t i = 0; i < m.itemCount(); ++i)
            if (m.score(p, i) != m2.score(p, i)) {
                CHECK(m.score(p, i) == 0);
                CHECK(m2.score(p, i) == ResponseMatrix::kNotAdministered);
                ++changed;
            }
    CHECK(changed >= seen["empty"]);
}

TEST_CASE("package responses: estimate reads a package as it reads the same scores as RESPONSES.csv") {
    PackageFixture f;
    const ResponseMatrix m = readPackageResponses(f.folder);
    // The same scores written the way RESPONSES.csv has them, and parameters for every item.
    // The same scores written the way RESPONSES.csv has them, and parameters for every item (partial
    // credit items a tau column per point, 0 beyond an item's maximum).
    std::string responses = "person_id";
    for (size_t i = 0; i < m.itemCount(); ++i) responses += "," + m.itemId(i);
    int widest = 1;
    for (size_t i = 0; i < m.itemCount(); ++i) widest = std::max(widest, m.maxScore(i));
    std::string items = "item_id,max_score,delta";
    for (int k = 1; k <= widest; ++k) items += ",tau_" + std::to_string(k);
    for (size_t i = 0; i < m.itemCount(); ++i) {
        items += "\n" + m.itemId(i) + "," + std::to_string(m.maxScore(i)) + "," +
                 std::to_string(static_cast<double>(i % 7) * 0.25 - 0.75);
        for (int k = 1; k <= widest; ++k) items += k <= m.maxScore(i) && m.maxScore(i) > 1 ? ",0" : ",";
    }
    responses += "\n";
    for (size_t p = 0; p < m.personCount(); ++p) {
        responses += m.personId(p);
        for (size_t i = 0; i < m.itemCount(); ++i)
            responses += "," + (m.score(p, i) < 0 ? std::string() : std::to_string(m.score(p, i)));
        responses += "\n";
    }
    const std::string csvPath = f.dir.file("RESPONSES.csv"), itemsPath = f.dir.file("ITEMS.csv");
    std::ofstream(csvPath) << responses;
    std::ofstream(itemsPath) << items << "\n";

    EstimateFilesOptions fromCsv;
    fromCsv.responsesPath = csvPath;
    fromCsv.itemsPath = itemsPath;
    fromCsv.method = EstimateMethod::Wle;
    fromCsv.outPath = f.dir.file("persons-csv.csv");
    EstimateFilesOptions fromPackage = fromCsv;
    fromPackage.responsesPath = f.folder;
    fromPackage.readResponses = readPackageResponses;
    fromPackage.outPath = f.dir.file("persons-package.csv");
    const EstimateSummary a = estimateFiles(fromCsv);
    const EstimateSummary b = estimateFiles(fromPackage);
    CHECK(a.persons == b.persons);
    CHECK(a.personsWithoutItems == b.personsWithoutItems);
    CHECK(b.personsWithoutItems >= 1);  // the pupil who never logged in
    const std::string persons = readFile(fromPackage.outPath);
    CHECK(persons == readFile(fromCsv.outPath));
    CHECK(parseCsv(persons).size() == m.personCount() + 1);

    // Parameters that lack an item of the package: refused, naming it, nothing written.
    std::ofstream(itemsPath) << "item_id,max_score,delta\n" << m.itemId(0) << "," << m.maxScore(0) << ",0\n";
    fromPackage.outPath = f.dir.file("persons-none.csv");
    const auto e = errorOf([&] { (void)estimateFiles(fromPackage); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    CHECK(contains(e->what(), m.itemId(1)));
    CHECK_FALSE(fs::exists(fromPackage.outPath));
}

TEST_CASE("package responses: a damaged or foreign package is refused naming the file - the line - and what") {
    PackageFixture f;
    const auto responses = f.table("responses");
    struct Case {
        std::string file;
        std::function<std::string(std::string)> edit;
        std::string says;
    };
    // The first `from` after `after` (the header line, for a row's cell) becomes `to`.
    const auto replaceFirst = [](const std::string& from, const std::string& to, bool afterHeader = false) {
        return [from, to, afterHeader](std::string text) {
            const size_t at = text.find(from, afterHeader ? text.find('\n') : 0);
            REQUIRE(at != std::string::npos);
            return text.replace(at, from.size(), to);
        };
    };
    const std::vector<Case> cases = {
        {"responses.csv", replaceFirst(",answered,", ",guessed,", true), "unknown status 'guessed'"},
        {"responses.csv", replaceFirst("pupil,module,item", "pupil,module,question"), "the header is not the columns"},
        {"responses.csv",
         [](std::string text) {  // a row repeated: one pupil with one item twice
             const size_t a = text.find('\n') + 1, b = text.find('\n', a) + 1;
             return text + text.substr(a, b - a);
         },
         "already on line"},
        {"responses.csv", [](std::string text) { return text.substr(0, text.find('\n') + 1); },  // the header alone
         "has no responses"},
        {"items.csv", [](std::string text) { return text.substr(0, text.find('\n') + 1); }, "lists no items"},
        {"datapackage.json",
         [](std::string text) {  // the responses table renamed: the codebook is not one of dlkiosk's packages
             for (const std::string from : {"\"name\": \"responses\"", "\"name\":\"responses\""})
                 if (const size_t at = text.find(from); at != std::string::npos)
                     return text.replace(at, from.size(), "\"name\": \"answers\"");
             FAIL("no responses table in datapackage.json");
             return text;
         },
         ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.file);
        CAPTURE(c.says);
        const std::string copy = f.copyWith(c.file, c.edit);
        const auto e = errorOf([&] { (void)readPackageResponses(copy); });
        REQUIRE(e);
        CHECK(contains(e->what(), copy));
        if (!c.says.empty()) CHECK(contains(e->what(), c.says));
    }
    // A score above the item's maximum, and one that is no whole number, name the item and the line.
    const size_t scoreCol = columnOf(responses[0], "score"), statusCol = columnOf(responses[0], "status"),
                 itemCol = columnOf(responses[0], "item");
    size_t row = 1;
    while (row < responses.size() && responses[row][statusCol] != "answered") ++row;
    REQUIRE(row < responses.size());
    for (const std::string bad : {"99", "0.5", "-1"}) {
        CAPTURE(bad);
        auto cells = responses;
        cells[row][scoreCol] = bad;
        const std::string copy = f.copyWith("responses.csv", [&](std::string) {
            std::string text;
            for (const auto& r : cells) {
                std::string line;
                for (size_t c = 0; c < r.size(); ++c) {
                    std::string cell = r[c];
                    if (cell.find_first_of(",\"\n") != std::string::npos) {
                        std::string q = "\"";
                        for (char ch : cell) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
                        cell = q + "\"";
                    }
                    line += (c ? "," : "") + cell;
                }
                text += line + "\n";
            }
            return text;
        });
        const auto e = errorOf([&] { (void)readPackageResponses(copy); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(contains(e->what(), "line " + std::to_string(row + 1)));
        CHECK(contains(e->what(), responses[row][itemCol]));
    }
}

TEST_CASE("package responses: items.csv's domains are calibrate --dimensions domain's Q-matrix") {
    PackageFixture f;
    const ResponseMatrix m = readPackageResponses(f.folder);
    const auto pairs = readPackageItemDomains(f.folder);
    const auto items = f.table("items");
    REQUIRE(pairs.size() == items.size() - 1);
    const size_t itemCol = columnOf(items[0], "item"), domainCol = columnOf(items[0], "domain");
    for (size_t i = 1; i < items.size(); ++i) {
        CHECK(pairs[i - 1].first == items[i][itemCol]);
        CHECK(pairs[i - 1].second == items[i][domainCol]);
    }
    const DimensionMap dm = dimensionMapOf(pairs, m, f.folder + "/items.csv");
    REQUIRE(dm.ofItem.size() == m.itemCount());
    CHECK(dm.count() >= 3);
    for (const std::string& name : dm.names)
        CHECK((name == "ict" || name == "info" || name == "media" || name == "ct"));
    // A package whose items.csv puts one item on two domains is refused by the map, naming it.
    const std::string first = pairs[0].first;
    auto twice = pairs;
    twice.emplace_back(first, pairs[0].second == "ct" ? "info" : "ct");
    auto e = errorOf([&] { (void)dimensionMapOf(twice, m, "items.csv"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "items.csv: item " + first + " is on two dimensions"));
}
