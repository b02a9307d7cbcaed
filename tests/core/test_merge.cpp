// Merging exports (export/merge.h): many schools' packages as one, verified first, duplicates
// dropped so a merge is idempotent and order-free, conflicts named and refused, hostile packages
// refused with nothing written.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "core_test_helpers.h"
#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "demo_export_school.h"
#include "export/csv_export.h"
#include "export/manifest.h"
#include "export/merge.h"
#include "security/signing.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

// One school's kiosk: a demo class of 7 pupils, exported by its administrator with the process data.
struct School : dlk::test::DemoExportSchool {
    SchoolStore& store = school;
    explicit School(uint64_t seed) : DemoExportSchool(dlk::test::demoClass(7, seed)) {}
    std::string exportTo(const std::string& folder) {
        ExportOptions withEvents;
        withEvents.events = true;
        return DemoExportSchool::exportTo(folder, withEvents);
    }
    void resign(const std::string& folder) { writeSignedManifest(folder, *store.signingKey()); }
};

struct Schools {
    dlk::test::TempDir dir;
    School a{11}, b{22};
    std::string exportA = a.exportTo(dir.file("a"));
    std::string exportB = b.exportTo(dir.file("b"));
};

std::map<std::string, std::string> filesIn(const std::string& folder) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(folder)) files[e.path().filename().string()] = readFile(e.path());
    return files;
}

size_t dataRows(const std::string& folder, const std::string& file) {
    return parseCsv(readFile(fs::path(folder) / file)).size() - 1;
}

void copyFolder(const std::string& from, const std::string& to) {
    fs::copy(from, to, fs::copy_options::recursive);
}

}  // namespace

TEST_CASE("merge: two schools in one package - every row once - items shared - order and repeats change nothing") {
    Schools s;
    const std::string out = s.dir.file("merged");
    const MergeSummary m = mergePackages({s.exportA, s.exportB}, out);
    CHECK(m.schools == 2);
    CHECK(m.conflicts.empty());
    REQUIRE(m.sources.size() == 2);
    CHECK(m.sources[0].fingerprint == keyFingerprint(s.a.store.signingPublicKey()));
    CHECK(m.sources[1].fingerprint == keyFingerprint(s.b.store.signingPublicKey()));
    // Pupil tables add up; the bank's items are the same in both and are there once.
    for (const char* file : {"pupils.csv", "responses.csv", "module_status.csv", "events.csv", "summary.csv"}) {
        CAPTURE(file);
        CHECK(dataRows(out, file) == dataRows(s.exportA, file) + dataRows(s.exportB, file));
    }
    CHECK(dataRows(out, "items.csv") == dataRows(s.exportA, "items.csv"));
    CHECK(m.sources[1].rowsDuplicate == dataRows(s.exportA, "items.csv"));
    // Each file keeps its header and its rows in key order: events by seq as a number.
    const auto events = parseCsv(readFile(fs::path(out) / "events.csv"));
    CHECK(events[0] == parseCsv(readFile(fs::path(s.exportA) / "events.csv"))[0]);
    bool sawSeq10 = false;
    for (size_t i = 2; i < events.size(); ++i) {
        const auto &x = events[i - 1], &y = events[i];
        REQUIRE(x[0] <= y[0]);
        if (x[0] == y[0] && x[1] == y[1]) CHECK(std::stoi(x[2]) < std::stoi(y[2]));
        sawSeq10 = sawSeq10 || y[2] == "10";
    }
    CHECK(sawSeq10);  // so the numeric order was tested

    // The same package twice, the other order, and a merge merged again with a source: same bytes.
    const auto expected = filesIn(out);
    mergePackages({s.exportA, s.exportB, s.exportA}, s.dir.file("twice"));
    CHECK(filesIn(s.dir.file("twice")) == expected);
    mergePackages({s.exportB, s.exportA}, s.dir.file("reversed"));
    CHECK(filesIn(s.dir.file("reversed")) == expected);
    MergeOptions unsignedOk;
    unsignedOk.allowUnsigned = true;
    const MergeSummary again = mergePackages({out, s.exportB}, s.dir.file("again"), unsignedOk);
    CHECK(filesIn(s.dir.file("again")) == expected);
    CHECK(again.sources[0].fingerprint.empty());
    CHECK(again.sources[1].rowsAdded == 0);
}

TEST_CASE("merge: a changed file - an unsigned package - or another codebook is refused and nothing is written") {
    Schools s;
    const std::string out = s.dir.file("merged");
    // A row changed after signing: the manifest names the file.
    const std::string changed = s.dir.file("changed");
    copyFolder(s.exportB, changed);
    dlk::test::replaceInFile(fs::path(changed) / "scores.csv", ",0,", ",9,");
    auto e = errorOf([&] { mergePackages({s.exportA, changed}, out); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "scores.csv"));
    CHECK_FALSE(fs::exists(out));

    // Without a manifest: refused, unless asked for.
    const std::string bare = s.dir.file("bare");
    copyFolder(s.exportB, bare);
    fs::remove(fs::path(bare) / "manifest.json");
    fs::remove(fs::path(bare) / "manifest.sig");
    e = errorOf([&] { mergePackages({s.exportA, bare}, out); });
    REQUIRE(e);
    CHECK(contains(e->what(), "--unsigned"));
    CHECK_FALSE(fs::exists(out));

    // Another codebook (a field renamed), signed by its school: another export format, refused.
    const std::string other = s.dir.file("other");
    copyFolder(s.exportB, other);
    dlk::test::replaceInFile(fs::path(other) / "datapackage.json", "\"t_ms\"", "\"t_msec\"");
    s.b.resign(other);
    e = errorOf([&] { mergePackages({s.exportA, other}, out); });
    REQUIRE(e);
    CHECK(contains(e->what(), "describes other tables"));
    CHECK_FALSE(fs::exists(out));

    // A header that is not the codebook's, and a short row: named with file and line.
    const std::string header = s.dir.file("header");
    copyFolder(s.exportB, header);
    dlk::test::replaceInFile(fs::path(header) / "events.csv", "pupil,module,seq", "pupil,seq,module");
    s.b.resign(header);
    e = errorOf([&] { mergePackages({s.exportA, header}, out); });
    REQUIRE(e);
    CHECK(contains(e->what(), "events.csv line 1"));
    const std::string shortRow = s.dir.file("short");
    copyFolder(s.exportB, shortRow);
    std::string pupils = readFile(fs::path(shortRow) / "pupils.csv");
    pupils += "p000000000000000000000000,x\n";
    dlk::test::writeFile(fs::path(shortRow) / "pupils.csv", pupils);
    s.b.resign(shortRow);
    e = errorOf([&] { mergePackages({s.exportA, shortRow}, out); });
    REQUIRE(e);
    CHECK(contains(e->what(), "pupils.csv line 9"));  // 7 pupils after the header, then the short row
    CHECK(contains(e->what(), "2 cells"));
    // A table whose path leaves the folder.
    const std::string escape = s.dir.file("escape");
    copyFolder(s.exportB, escape);
    dlk::test::replaceInFile(fs::path(escape) / "datapackage.json", "\"path\": \"items.csv\"",
                             "\"path\": \"../a/items.csv\"");
    s.b.resign(escape);
    e = errorOf([&] { mergePackages({escape}, out); });
    REQUIRE(e);
    CHECK(contains(e->what(), "unsafe path"));
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("merge: rows with the same key and other values are conflicts - refused or the first kept") {
    Schools s;
    // The same school exported again after a teacher's score changed one row: a real conflict.
    const std::string later = s.dir.file("later");
    copyFolder(s.exportA, later);
    auto responses = parseCsv(readFile(fs::path(later) / "responses.csv"));
    std::string text = readFile(fs::path(later) / "responses.csv");
    size_t row = 1;
    while (row < responses.size() && responses[row][9] != "answered") ++row;
    REQUIRE(row < responses.size());
    const std::string pupil = responses[row][0], item = responses[row][2];
    // Its max_score column, kept the same length so only this row changes.
    const std::string needle = "," + responses[row][8] + ",answered,";
    const size_t at = text.find(needle, text.find(pupil + "," + responses[row][1] + "," + item + ","));
    REQUIRE(at != std::string::npos);
    text.replace(at, needle.size(), ",7,answered,");
    dlk::test::writeFile(fs::path(later) / "responses.csv", text);
    s.a.resign(later);

    const std::string out = s.dir.file("merged");
    auto e = errorOf([&] { mergePackages({s.exportA, s.exportB, later}, out); });
    REQUIRE(e);
    CHECK(contains(e->what(), "1 rows conflict"));
    CHECK(contains(e->what(), "responses pupil=" + pupil));
    CHECK(contains(e->what(), "item=" + item));
    CHECK_FALSE(fs::exists(out));

    MergeOptions keep;
    keep.keepFirst = true;
    const MergeSummary m = mergePackages({s.exportA, s.exportB, later}, out, keep);
    REQUIRE(m.conflicts.size() == 1);
    CHECK(m.conflicts[0].table == "responses");
    CHECK(m.conflicts[0].first == s.exportA);
    CHECK(m.conflicts[0].second == later);
    CHECK(readFile(fs::path(out) / "responses.csv").find(",7,answered,") == std::string::npos);
}

// Every export writes its rows in key order, and the merge reads the packages side by side; a file in another order
// (edited by hand, or hostile) must give the same package, merged by sorting that table in memory.
TEST_CASE("merge: a package with its rows out of key order gives the same package - and a conflict there is named") {
    Schools s;
    const std::string out = s.dir.file("merged");
    const MergeSummary sorted = mergePackages({s.exportA, s.exportB}, out);
    const auto expected = filesIn(out);

    // B's responses and events with their rows reversed, signed again by its school.
    const std::string reversed = s.dir.file("reversed");
    copyFolder(s.exportB, reversed);
    for (const char* file : {"responses.csv", "events.csv"}) {
        const std::string text = readFile(fs::path(reversed) / file);
        std::vector<std::string> lines;
        for (size_t at = 0; at < text.size();) {
            const size_t end = text.find('\n', at);
            lines.push_back(text.substr(at, end + 1 - at));
            at = end + 1;
        }
        REQUIRE(lines.size() > 3);
        std::reverse(lines.begin() + 1, lines.end());
        std::string back;
        for (const std::string& l : lines) back += l;
        REQUIRE(back != text);
        dlk::test::writeFile(fs::path(reversed) / file, back);
    }
    s.b.resign(reversed);
    const MergeSummary m = mergePackages({s.exportA, reversed}, s.dir.file("from-reversed"));
    CHECK(filesIn(s.dir.file("from-reversed")) == expected);
    CHECK(m.rows == sorted.rows);
    CHECK(m.sources[1].rowsAdded == sorted.sources[1].rowsAdded);
    CHECK(m.sources[1].rowsDuplicate == sorted.sources[1].rowsDuplicate);

    // The last row of the reversed file (the first in key order) changed: a conflict with B, named by its line.
    const std::string conflicting = s.dir.file("conflicting");
    copyFolder(reversed, conflicting);
    std::string text = readFile(fs::path(conflicting) / "responses.csv");
    const size_t lastLine = text.rfind('\n', text.size() - 2) + 1;
    const auto cells = parseCsv(text.substr(lastLine))[0];
    const size_t status = text.find("," + cells[9] + ",", lastLine);
    REQUIRE(status != std::string::npos);
    text.replace(status, cells[9].size() + 2, ",answered_twice,");
    dlk::test::writeFile(fs::path(conflicting) / "responses.csv", text);
    s.b.resign(conflicting);
    const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    // Into the earlier merge's folder: refused, and what was there stays as it was.
    auto e = errorOf([&] { mergePackages({s.exportB, conflicting}, out); });
    REQUIRE(e);
    CHECK(contains(e->what(), "1 rows conflict"));
    CHECK(contains(e->what(), "(line " + std::to_string(lines) + ")"));
    CHECK(filesIn(out) == expected);
}
