// The bank's DIF table (bank/bank_dif.h, items/irt/dif.csv): read as hostile input with file and
// line in every complaint, its B and C flags found per item (a criterion's unit counts for its
// item), `dlkiosk validate --blueprint` warning for a C-class item and listing the B ones, and the
// teacher's item analysis carrying the flags (results/item_analysis.h).
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bank/bank_dif.h"
#include "core_test_helpers.h"
#include "results/item_analysis.h"

using namespace dlk;
using dlk::test::contains;
namespace fs = std::filesystem;

namespace {

const char* const kHeader =
    "group,reference,focal,item_id,mh_d_dif,mh_se,ets_class,rasch_dif,rasch_se,smd,n_reference,n_focal\n";

// A table with a C item, a B criterion of a rubric task, and A items.
std::string plantedTable() {
    return std::string(kHeader) +
           "language,nl,en,robot-01-route,-1.92,0.21,C,0.82,0.09,-0.19,1250,1250\n"
           "language,nl,en,robot-02-eindpunt,0.12,0.20,A,-0.05,0.09,0.01,1250,1250\n"
           "language,nl,en,robot-10-programma:SCORE,,,B,-0.41,0.08,0.21,1250,1250\n"
           "language,nl,en,robot-03-onderdelen,-0.30,0.20,A,0.12,0.09,-0.03,1250,1250\n";
}

// What parseBankDif says about `text`, or "(accepted)".
std::string refused(const std::string& text) {
    try {
        (void)parseBankDif(text, "items/irt/dif.csv");
    } catch (const BankDifError& e) {
        return e.what();
    }
    return "(accepted)";
}

struct Run {
    int status = -1;
    std::string out, err;
};

Run validateBlueprint(const fs::path& bank, const dlk::test::TempDir& out) {
    const std::string command = std::string("'") + DLK_BINARY + "' validate --blueprint '" + bank.string() + "' >'" +
                                out.file("out.txt") + "' 2>'" + out.file("err.txt") + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    return {WEXITSTATUS(status), dlk::test::readFile(out.file("out.txt")), dlk::test::readFile(out.file("err.txt"))};
}

}  // namespace

TEST_CASE("bank dif: the table is read - B and C flags per item - a criterion counts for its item") {
    const BankDif dif = parseBankDif(plantedTable(), "dif.csv");
    REQUIRE(dif.rows.size() == 4);
    CHECK(dif.rows[0].line == 2);
    CHECK(dif.rows[0].group == "language");
    CHECK(dif.rows[0].reference == "nl");
    CHECK(dif.rows[0].focal == "en");
    CHECK(dif.rows[0].ets == EtsClass::C);
    CHECK(*dif.rows[0].mhDDif == doctest::Approx(-1.92));
    CHECK(dif.rows[0].harderForFocal() == 1);  // D < 0: harder for en
    CHECK_FALSE(dif.rows[2].mhDDif.has_value());
    CHECK(dif.rows[2].harderForFocal() == -1);  // SMD > 0: easier for en
    CHECK(dif.rows[2].itemId() == "robot-10-programma");

    const auto c = dif.flagsOf("robot-01-route");
    REQUIRE(c.size() == 1);
    CHECK(c[0]->ets == EtsClass::C);
    const auto b = dif.flagsOf("robot-10-programma");
    REQUIRE(b.size() == 1);
    CHECK(b[0]->unitId == "robot-10-programma:SCORE");
    CHECK(dif.flagsOf("robot-02-eindpunt").empty());  // class A: no flag
    CHECK(dif.flagsOf("robot-99-nergens").empty());
    CHECK(describeDifRow(dif.rows[0]) ==
          "class C by language (nl/en): MH D-DIF -1.92 (SE 0.21), Rasch DIF +0.82 logits, harder for 'en' at equal "
          "ability");

    // Only the three required columns; other columns are ignored, the class may be empty.
    const BankDif bare = parseBankDif("item_id,ets_class,group,note\nx-01,,grade,hello\nx-02,C,grade,\n", "d.csv");
    REQUIRE(bare.rows.size() == 2);
    CHECK_FALSE(bare.rows[0].ets.has_value());
    CHECK(bare.flagsOf("x-02").size() == 1);
    CHECK(bare.rows[1].harderForFocal() == 0);
}

TEST_CASE("bank dif: a malformed dif.csv is refused with the file and its line") {
    const std::string ok = plantedTable();
    CHECK(refused(ok) == "(accepted)");
    CHECK(refused("") == "items/irt/dif.csv line 1: no header (group,reference,focal,item_id,...,ets_class,...)");
    CHECK(contains(refused("group,item_id\nlanguage,x\n"), "items/irt/dif.csv line 1: no column 'ets_class'"));
    CHECK(refused("group,item_id,ets_class,group\n") == "items/irt/dif.csv line 1: column 'group' twice");
    CHECK(refused(std::string(kHeader) + "language,nl,en,robot-01-route,-1.9,0.2,D,0.8,0.09,-0.2,1,1\n") ==
          "items/irt/dif.csv line 2: ets_class 'D' is not A, B, C or empty");
    CHECK(refused(std::string(kHeader) + "\nlanguage,nl,en,a,1,1,A,1,1,1,1,1\nlanguage,nl,en,b,x1,1,A,1,1,1,1,1\n") ==
          "items/irt/dif.csv line 4: mh_d_dif 'x1' is not a number");
    CHECK(refused(std::string(kHeader) + "language,nl,en,a,nan,1,A,1,1,1,1,1\n") ==
          "items/irt/dif.csv line 2: mh_d_dif 'nan' is not a number");
    CHECK(refused(std::string(kHeader) + "language,nl,en,a,1,1,A\n") ==
          "items/irt/dif.csv line 2: 7 cells where the header has 12");
    CHECK(refused(std::string(kHeader) + ",nl,en,a,1,1,A,1,1,1,1,1\n") ==
          "items/irt/dif.csv line 2: an empty group (the grouping variable, e.g. language)");
    CHECK(refused(std::string(kHeader) + "language,nl,en,,1,1,A,1,1,1,1,1\n") ==
          "items/irt/dif.csv line 2: an empty item_id");
    CHECK(refused(std::string(kHeader) + "language,nl,en,a,1,1,A,1,1,1,1,1\nlanguage,nl,en,a,1,1,B,1,1,1,1,1\n") ==
          "items/irt/dif.csv line 3: item 'a' twice for group 'language'");
    // The same unit for another grouping variable is no repeat.
    CHECK(refused(std::string(kHeader) + "language,nl,en,a,1,1,A,1,1,1,1,1\ngender,m,v,a,1,1,B,1,1,1,1,1\n") ==
          "(accepted)");
    CHECK(refused(std::string(kHeader) + "language,nl,en,\"a,1,1,A,1,1,1,1,1\n") ==
          "items/irt/dif.csv line 2: a quoted cell is not closed");
    CHECK(refused(std::string(kHeader) + "language,nl,en," + std::string(300, 'x') + ",1,1,A,1,1,1,1,1\n") ==
          "items/irt/dif.csv line 2: a cell over 256 bytes");
    // Limits: rows and bytes, each refused before the rest is looked at.
    std::string many = "group,item_id,ets_class\n";
    for (size_t i = 0; i <= kBankDifMaxRows; ++i) many += "g,i" + std::to_string(i) + ",A\n";
    CHECK(refused(many) == "items/irt/dif.csv line " + std::to_string(kBankDifMaxRows + 2) + ": more than " +
                               std::to_string(kBankDifMaxRows) + " rows");
    CHECK(
        contains(refused(std::string(kBankDifMaxBytes + 1, '\n')), "items/irt/dif.csv line 0: the file is over 4 MiB"));
    std::string wide;
    for (int i = 0; i < 65; ++i) wide += (i ? ",c" : "c") + std::to_string(i);
    CHECK(refused(wide + "\n") == "items/irt/dif.csv line 1: 65 columns; at most 64");

    // A file that is not there is no table; a folder in its place is refused.
    dlk::test::TempDir dir;
    CHECK_FALSE(loadBankDif(dir.str()).has_value());
    fs::create_directories(dir.path() / "irt" / "dif.csv");
    try {
        (void)loadBankDif(dir.str());
        FAIL("a folder was read as dif.csv");
    } catch (const BankDifError& e) {
        CHECK(e.line() == 0);
        CHECK(e.detail() == "not a file");
    }
}

TEST_CASE("bank dif: the item analysis marks the C item and the B item - not the A items") {
    std::vector<ItemAnalysis> items(4);
    items[0].itemId = "robot-01-route";
    items[1].itemId = "robot-02-eindpunt";
    items[2].itemId = "robot-10-programma";
    items[3].itemId = "robot-03-onderdelen";
    items[3].withheld = Withheld::SmallGroup;  // the bank's flag is no figure of the class
    attachDifFlags(items, parseBankDif(plantedTable(), "dif.csv"));
    REQUIRE(items[0].dif.size() == 1);
    CHECK(items[0].dif[0].ets == EtsClass::C);
    CHECK(items[0].dif[0].group == "language");
    CHECK(items[1].dif.empty());
    REQUIRE(items[2].dif.size() == 1);
    CHECK(items[2].dif[0].ets == EtsClass::B);
    CHECK(items[3].dif.empty());
    // Attached again from another table: the old flags go.
    attachDifFlags(items, parseBankDif("group,item_id,ets_class\nlanguage,robot-03-onderdelen,C\n", "d.csv"));
    CHECK(items[0].dif.empty());
    CHECK(items[3].dif.size() == 1);
}

TEST_CASE("bank dif: validate --blueprint warns for a C item - lists the B items - and refuses a malformed table") {
    dlk::test::TempDir dir, out;
    const fs::path bank = dlk::test::copyBundledBank(dir);
    const fs::path table = bank / "irt" / "dif.csv";
    dlk::test::writeFile(table, plantedTable());
    Run r = validateBlueprint(bank, out);
    INFO(r.out);
    INFO(r.err);
    CHECK(r.status == 0);  // warnings only
    CHECK(contains(r.out, "DIF from " + table.string() + ": ETS classes per grouping variable"));
    CHECK(contains(r.out, table.string() +
                              ":2: warning: DIF: item robot-01-route is class C by language (nl/en): MH D-DIF -1.92 "
                              "(SE 0.21), Rasch DIF +0.82 logits, harder for 'en' at equal ability"));
    CHECK(contains(r.out,
                   "B by language: robot-10-programma:SCORE (class B by language (nl/en): SMD +0.210 (partial "
                   "credit), Rasch DIF -0.41 logits, harder for 'nl' at equal ability)"));
    CHECK_FALSE(contains(r.out, "item robot-02-eindpunt"));
    CHECK_FALSE(contains(r.out, "item robot-03-onderdelen"));
    CHECK_FALSE(contains(r.out, "units the bank does not have"));  // every unit named is the bank's

    // A unit the bank does not have: the table is older than the bank.
    dlk::test::writeFile(table, std::string(kHeader) + "language,nl,en,gone-01,0.1,0.2,A,0,0.1,0,10,10\n");
    r = validateBlueprint(bank, out);
    CHECK(r.status == 0);
    CHECK(contains(r.out, table.string() + ":0: warning: DIF rows for units the bank does not have"));
    CHECK(contains(r.out, "gone-01"));

    // Malformed: an error with the file and line, exit 1, no crash.
    dlk::test::writeFile(table, std::string(kHeader) + "language,nl,en,robot-01-route,-1.9,0.2,C,0.8,0.09,-0.2,1,1\n" +
                                    "language,nl,en,robot-02-eindpunt,zero,0.2,A,0.8,0.09,-0.2,1,1\n");
    r = validateBlueprint(bank, out);
    CHECK(r.status == 1);
    CHECK(contains(r.out, table.string() + ":3: error: mh_d_dif 'zero' is not a number"));

    // No table: a note, no warning.
    fs::remove(table);
    r = validateBlueprint(bank, out);
    CHECK(r.status == 0);
    CHECK(contains(r.out, "No DIF table (" + table.string() + "): no DIF flags."));
    CHECK_FALSE(contains(r.out, "DIF:"));
}

TEST_CASE("bank dif: the bundled bank's table reads - names only the bank's units - by language") {
    const std::optional<BankDif> dif = loadBankDif(DLK_SOURCE_ITEMS);
    REQUIRE(dif.has_value());
    const std::string params = dlk::test::readFile(std::string(DLK_SOURCE_ITEMS) + "/irt/items.csv");
    CHECK(dif->rows.size() + 1 == static_cast<size_t>(std::count(params.begin(), params.end(), '\n')));
    for (const BankDifRow& row : dif->rows) {
        CAPTURE(row.unitId);
        CHECK(row.group == "language");
        CHECK(row.reference == "nl");
        CHECK(row.focal == "en");
        CHECK(contains(params, "\n" + row.unitId + ","));
    }
}
