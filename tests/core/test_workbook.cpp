// The package's spreadsheet (export/workbook.h): written from the codebook and the CSVs, the same
// bytes every time (no date of the export in it), and a broken package refused with nothing left.
#include <doctest/doctest.h>
#include <zip.h>

#include <filesystem>

#include "core_test_helpers.h"
#include "export/workbook.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::readFile;
using dlk::test::writeFile;
namespace fs = std::filesystem;

namespace {

const char* kPackage = R"({"resources": [{"name": "scores", "path": "scores.csv", "description": "Scores.",
  "schema": {"fields": [{"name": "pupil", "type": "string", "description": "Who."},
                        {"name": "raw_score", "type": "number", "description": "Points.",
                         "constraints": {"required": true}},
                        {"name": "note", "type": "string", "description": "Text.",
                         "constraints": {"enum": ["a", "b"]}}],
             "primaryKey": "pupil"}}]})";

// One part of the .xlsx (a zip), read with libzip.
std::string part(const fs::path& xlsx, const char* name) {
    int error = 0;
    zip_t* z = zip_open(xlsx.c_str(), ZIP_RDONLY, &error);
    REQUIRE(z);
    zip_stat_t st;
    REQUIRE(zip_stat(z, name, 0, &st) == 0);
    std::string text(st.size, '\0');
    zip_file_t* f = zip_fopen(z, name, 0);
    REQUIRE(f);
    REQUIRE(zip_fread(f, text.data(), st.size) == static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    zip_close(z);
    return text;
}

}  // namespace

TEST_CASE("workbook: the codebook and a sheet per table - numbers as numbers - a formula stays text") {
    dlk::test::TempDir dir;
    writeFile(dir.path() / "datapackage.json", kPackage);
    writeFile(dir.path() / "scores.csv", "pupil,raw_score,note\np1,3.5,a\np2,,'=SUM(A1)\n");
    const WorkbookSummary s = writeWorkbook(dir.str());
    CHECK(s.sheets == 2);
    CHECK(s.tooLarge.empty());
    const fs::path xlsx = dir.path() / kWorkbookFile;
    const std::string book = part(xlsx, "xl/workbook.xml");
    CHECK(contains(book, "name=\"codebook\""));
    CHECK(contains(book, "name=\"scores\""));
    const std::string sheet = part(xlsx, "xl/worksheets/sheet2.xml");
    CHECK(contains(sheet, "<v>3.5</v>"));        // a number cell
    CHECK_FALSE(contains(sheet, "<f>"));         // no formula anywhere
    CHECK(contains(sheet, "<t>'=SUM(A1)</t>"));  // the text as the CSV has it (inline: constant memory)
    CHECK(contains(part(xlsx, "xl/worksheets/sheet1.xml"), "<t>Points.</t>"));  // the codebook's description
    // No date of the export: writing it again gives the same bytes.
    const std::string first = readFile(xlsx);
    writeWorkbook(dir.str());
    CHECK(readFile(xlsx) == first);
    CHECK(contains(part(xlsx, "docProps/core.xml"), "2000-01-01"));
}

TEST_CASE("workbook: a missing codebook or a CSV that does not fit its table is refused - nothing is left") {
    dlk::test::TempDir dir;
    auto e = errorOf([&] { writeWorkbook(dir.str()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    writeFile(dir.path() / "datapackage.json", kPackage);
    writeFile(dir.path() / "scores.csv", "pupil,note\np1,a\n");
    e = errorOf([&] { writeWorkbook(dir.str()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "scores.csv line 1"));
    writeFile(dir.path() / "scores.csv", "pupil,raw_score,note\np1,3\n");
    e = errorOf([&] { writeWorkbook(dir.str()); });
    REQUIRE(e);
    CHECK(contains(e->what(), "line 2"));
    for (const auto& entry : fs::directory_iterator(dir.path()))
        CHECK_MESSAGE(entry.path().extension() != ".tmp", entry.path());
    CHECK_FALSE(fs::exists(dir.path() / kWorkbookFile));
}
