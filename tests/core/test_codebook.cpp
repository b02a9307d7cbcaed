// The one codebook reader (export/codebook.h) that dlkiosk merge, the SQL scripts and the workbook share: the export's
// own datapackage.json read back, and every kind of hostile descriptor refused with the file, table and field named.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core_test_helpers.h"
#include "export/codebook.h"
#include "export/data_package.h"
#include "export/sql_scripts.h"
#include "export/workbook.h"
#include "util/error.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::writeFile;
namespace fs = std::filesystem;

namespace {

// A small valid package: two tables, the second refers to the first.
Json smallPackage() {
    return parseJson(R"({"resources": [
  {"name": "pupils", "path": "pupils.csv", "description": "Who.",
   "schema": {"fields": [{"name": "pupil", "type": "string", "constraints": {"required": true}}],
              "primaryKey": "pupil"}},
  {"name": "scores", "path": "scores.csv",
   "schema": {"fields": [{"name": "pupil", "type": "string"},
                         {"name": "seq", "type": "integer"},
                         {"name": "scale", "type": "string", "constraints": {"enum": ["total", "ict"]}},
                         {"name": "raw", "type": "number"}],
              "primaryKey": ["pupil", "seq"],
              "foreignKeys": [{"fields": "pupil", "reference": {"resource": "pupils", "fields": "pupil"}}]}}]})",
                     "test");
}

std::string refusal(const Json& package) {
    const auto e = errorOf([&] { codebookFromJson(package, "pkg/datapackage.json"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "pkg/datapackage.json"));
    return e->what();
}

}  // namespace

TEST_CASE("codebook: the export's own datapackage.json - tables - columns - types and keys") {
    for (const bool events : {false, true}) {
        CAPTURE(events);
        const Codebook book = codebookFromJson(exportDataPackage(events), "datapackage.json");
        CHECK(static_cast<bool>(book.find("events")) == events);
        const CodebookTable* scores = book.find("scores");
        REQUIRE(scores);
        CHECK(scores->path == "scores.csv");
        REQUIRE(scores->primaryKey.size() == 2);
        CHECK(scores->fields[scores->primaryKey[0]].name == "pupil");
        CHECK(scores->fields[scores->primaryKey[1]].name == "scale");
        CHECK(scores->columns().size() == 17);
        REQUIRE(scores->foreignKeys.size() == 1);
        CHECK(scores->foreignKeys[0].table == "pupils");
        const CodebookTable* items = book.find("items");
        REQUIRE(items);
        CHECK(items->columns() == std::vector<std::string>{"module", "item", "domain", "kerndoelen", "icils_strand",
                                                           "icils_aspect", "max_score", "scored_by", "delta", "steps"});
        for (const CodebookTable& t : book.tables)
            for (const CodebookField& f : t.fields) CHECK_MESSAGE(!f.description.empty(), t.name << "." << f.name);
    }
    const Codebook small = codebookFromJson(smallPackage(), "test");
    REQUIRE(small.tables.size() == 2);
    CHECK(small.tables[1].fields[2].allowed.size() == 2);
    CHECK(small.tables[0].fields[0].required);
}

TEST_CASE("codebook: hostile descriptors are refused - naming the file - table and field") {
    CHECK(contains(refusal(Json::array()), "not a data package"));
    CHECK(contains(refusal(Json::object()), "no list of resources"));
    CHECK(contains(refusal(Json{{"resources", Json::array()}}), "names no tables"));
    {
        Json p = smallPackage();
        Json many = Json::array();
        for (int i = 0; i < 65; ++i) many.push_back(p["resources"][0]);
        p["resources"] = many;
        CHECK(contains(refusal(p), "65 tables"));
    }
    {
        Json p = smallPackage();
        p["resources"].push_back(p["resources"][0]);
        CHECK(contains(refusal(p), "the table pupils is there twice"));
    }
    for (const char* name :
         {"Pupils", "pupils; DROP TABLE x", "", "a_name_that_is_far_too_long_for_a_sheet", "../pupils"}) {
        CAPTURE(name);
        Json p = smallPackage();
        p["resources"][0]["name"] = name;
        CHECK(contains(refusal(p), "is not a plain lower-case name"));
    }
    {
        Json p = smallPackage();
        p["resources"][0]["name"] = 5;
        CHECK(contains(refusal(p), "\"name\" is not a string"));
    }
    for (const char* path : {"../pupils.csv", "/etc/passwd", "sub/pupils.csv", ".pupils.csv", "scores.csv"}) {
        CAPTURE(path);
        Json p = smallPackage();
        p["resources"][0]["path"] = path;
        const std::string what = refusal(p);
        CHECK(contains(what, "table pupils"));
        CHECK(contains(what, "unsafe path"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"]["fields"][1]["type"] = "date";
        const std::string what = refusal(p);
        CHECK(contains(what, "table scores, field seq"));
        CHECK(contains(what, "the type 'date'"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"]["fields"][1]["name"] = "pupil";
        CHECK(contains(refusal(p), "field pupil: is there twice"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"]["fields"] = Json::array();
        CHECK(contains(refusal(p), "has 0 fields"));
    }
    {
        Json p = smallPackage();
        Json fields = Json::array();
        for (int i = 0; i < 257; ++i) fields.push_back({{"name", "f" + std::to_string(i)}, {"type", "string"}});
        p["resources"][1]["schema"]["fields"] = fields;
        CHECK(contains(refusal(p), "has 257 fields"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"]["primaryKey"] = Json::array({"pupil", "nothing"});
        CHECK(contains(refusal(p), "the key names 'nothing', which is not a field of scores"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"].erase("primaryKey");
        CHECK(contains(refusal(p), "table scores: has no primary key"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"]["foreignKeys"][0]["reference"]["resource"] = "classes";
        CHECK(contains(refusal(p), "refers to the table 'classes', which the package does not have"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"]["foreignKeys"][0]["reference"]["fields"] = "code";
        CHECK(contains(refusal(p), "'code', which is not a field of pupils"));
    }
    {
        Json p = smallPackage();
        p["resources"][1]["schema"]["fields"][2]["constraints"]["enum"] = Json::array({Json::object()});
        CHECK(contains(refusal(p), "\"enum\" holds something not a value"));
    }
    {
        Json p = smallPackage();
        p["resources"][0]["description"] = std::string(9000, 'x');
        CHECK(contains(refusal(p), "longer than 8192 bytes"));
    }
}

TEST_CASE("codebook: a missing - oversized or broken file - and the three readers refuse the same") {
    dlk::test::TempDir dir;
    auto e = errorOf([&] { readCodebook(dir.str()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    CHECK(contains(e->what(), "datapackage.json is missing"));
    writeFile(dir.path() / "datapackage.json", std::string(kCodebookMaxBytes + 1, ' '));
    e = errorOf([&] { readCodebook(dir.str()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "more than a codebook's 1 MiB"));
    writeFile(dir.path() / "datapackage.json", "{\"resources\": [");
    e = errorOf([&] { readCodebook(dir.str()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "datapackage.json"));

    // One hostile codebook: the SQL scripts and the workbook refuse it with the reader's words (merge: test_merge).
    Json bad = smallPackage();
    bad["resources"][1]["schema"]["fields"][1]["name"] = "seq\"; DROP SCHEMA dlkiosk; --";
    e = errorOf([&] { sqlScriptsFor(bad); });
    REQUIRE(e);
    CHECK(contains(e->what(), "is not a plain lower-case name"));
    writeFile(dir.path() / "datapackage.json", bad.dump());
    writeFile(dir.path() / "pupils.csv", "pupil\np1\n");
    writeFile(dir.path() / "scores.csv", "pupil,seq,scale,raw\np1,1,total,3\n");
    e = errorOf([&] { writeWorkbook(dir.str()); });
    REQUIRE(e);
    CHECK(contains(e->what(), "is not a plain lower-case name"));
    CHECK_FALSE(fs::exists(dir.path() / kWorkbookFile));
    e = errorOf([&] { writeSqlScripts(dir.str()); });
    REQUIRE(e);
    CHECK_FALSE(fs::exists(dir.path() / kSqlSchemaFile));
    // The good one goes through all three.
    writeFile(dir.path() / "datapackage.json", smallPackage().dump());
    writeSqlScripts(dir.str());
    CHECK(fs::exists(dir.path() / kSqlSchemaFile));
    writeWorkbook(dir.str());
    CHECK(fs::exists(dir.path() / kWorkbookFile));
}
