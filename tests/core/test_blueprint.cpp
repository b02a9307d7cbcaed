// The bank's blueprint (bank/blueprint.h): counting items and score points per domain, kerndoel
// and ICILS aspect, blueprint.json read as hostile input, the warnings where the bank strays from
// its targets, and `dlkiosk validate --blueprint` on the bundled bank.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "bank/blueprint.h"
#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "delivery/session_plan.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
namespace fs = std::filesystem;

namespace {

// tests/data/bank_nl_en (four items of one point in m98-proef and m99-mini) with each ref given
// an aspect, an intended age of 10 to 15 and an estimated time of 2 minutes, in both languages.
fs::path taggedBank(const dlk::test::TempDir& dir) {
    const fs::path bank = dir.path() / "bank";
    fs::copy(dlk::test::testData("bank_nl_en"), bank, fs::copy_options::recursive);
    for (const char* lang : {"nl", "en"}) {
        const std::string l = lang;
        dlk::test::replaceInFile(bank / "m98-proef" / ("module." + l + ".xml"), "dlk-domain-info dlk-kerndoel-2\"",
                                 "dlk-domain-info dlk-kerndoel-2 dlk-icils-2.1\"");
        dlk::test::replaceInFile(bank / "m98-proef" / ("module." + l + ".xml"), "\"dlk-domain-ict\"",
                                 "\"dlk-domain-ict dlk-icils-1.1\"");
        dlk::test::replaceInFile(bank / "m99-mini" / ("module." + l + ".xml"), "dlk-domain-media dlk-kerndoel-4\"",
                                 "dlk-domain-media dlk-kerndoel-4 dlk-kerndoel-3 dlk-icils-4.2\"");
        dlk::test::replaceInFile(bank / "m99-mini" / ("module." + l + ".xml"), "\"dlk-domain-ct\"",
                                 "\"dlk-domain-ct dlk-kerndoel-7 dlk-icils-ct-2.2\"");
        for (const char* module : {"m98-proef", "m99-mini"})
            for (int ref = 0; ref < 2; ++ref)
                dlk::test::replaceInFile(bank / module / ("module." + l + ".xml"), "\"/>",
                                         " dlk-age-10-15 dlk-minutes-2\" />");
    }
    return bank;
}

std::string refused(std::string_view json) {
    const auto e = errorOf([&] { (void)parseBlueprint(json, "items/blueprint.json"); });
    return e ? e->what() : std::string("(accepted)");
}

}  // namespace

TEST_CASE("blueprint: items and points are counted per module - domain - kerndoel and ICILS aspect") {
    dlk::test::TempDir dir;
    const fs::path path = taggedBank(dir);
    ItemBank bank = ItemBank::loadFolder(path.string());
    REQUIRE_MESSAGE(bank.problems().empty(), dlk::test::problemsText(bank));
    REQUIRE(bank.modules().size() == 2);
    CHECK(bank.modules()[1].refs[1].aspect == "ct-2.2");

    Blueprint bp = defaultBlueprint();
    bp.ctModules = {"m99-mini"};
    BlueprintCount c = countBlueprint(bank, bp);
    CHECK(c.total.items == 4);
    CHECK(c.total.points == 4);
    CHECK(c.total.teacherPoints == 0);
    REQUIRE(c.modules.size() == 2);
    CHECK(c.modules[0].identifier == "m98-proef");
    CHECK_FALSE(c.modules[0].ct);
    CHECK(c.modules[1].ct);
    CHECK(c.modules[1].tally.points == 2);
    CHECK(c.domains[Domain::Information].points == 1);
    CHECK(c.domains[Domain::IctBasic].items == 1);
    CHECK(c.domains[Domain::Media].items == 1);
    CHECK(c.domains[Domain::Computational].items == 1);
    // mini-01 counts under kerndoel 3 and 4; proef-02 has none.
    CHECK(c.kerndoelen[2].items == 1);
    CHECK(c.kerndoelen[3].items == 1);
    CHECK(c.kerndoelen[4].items == 1);
    CHECK(c.kerndoelen[7].items == 1);
    CHECK(c.kerndoelen[1].items == 0);
    CHECK(c.withoutKerndoel.items == 1);
    CHECK(c.cil.points == 3);
    CHECK(c.ct.points == 1);
    CHECK(c.aspects["2.1"].points == 1);
    CHECK(c.aspects["1.1"].points == 1);
    CHECK(c.strands["4"].points == 1);
    CHECK(c.strands["ct-2"].points == 1);
    CHECK(c.withoutAspect.items == 0);
    // The CT module holds a CIL item.
    CHECK(c.modules[1].otherPartItems == std::vector<std::string>{"mini-01"});

    // A practice module is no measurement: left out and named.
    REQUIRE(bank.markPractice("m98-proef"));
    c = countBlueprint(bank, bp);
    CHECK(c.practice == std::vector<std::string>{"m98-proef"});
    CHECK(c.total.items == 2);
    CHECK(c.cil.points == 1);
    CHECK(c.aspects.count("2.1") == 0);
}

TEST_CASE("blueprint: a rubric criterion counts with its points - and as points the teacher scores") {
    dlk::test::TempDir dir;
    const fs::path path = dlk::test::copyBundledBank(dir);
    ItemBank bank = ItemBank::loadFolder(path.string());
    // m01-schoolreis alone: schoolreis-09-antwoord is a reply the teacher scores on a rubric.
    const Module* m01 = bank.findModule("m01-schoolreis");
    REQUIRE(m01);
    for (const Module& m : bank.modules())
        if (m.identifier != "m01-schoolreis") bank.markPractice(m.identifier);
    const BlueprintCount c = countBlueprint(bank, defaultBlueprint());
    double points = 0;
    for (const auto& item : m01->variant("nl").items) points += item->maxScore();
    CHECK(c.total.items == static_cast<int>(m01->refs.size()));
    CHECK(c.total.points == points);
    // The reply (3 points, aspect 4.1) and the poster's four criteria the teacher scores (6, aspect 3.2).
    CHECK(c.total.teacherPoints == 9);
    CHECK(c.aspects.at("4.1").teacherPoints == 3);
    CHECK(c.aspects.at("3.2").teacherPoints == 6);
}

TEST_CASE("blueprint: a module whose items' estimated times exceed its time limit - or lack one - is a warning") {
    dlk::test::TempDir dir;
    const fs::path path = taggedBank(dir);
    // m98-proef gets 3 minutes: its two items are estimated at 2 each. m99-mini's second item loses its estimate.
    for (const char* lang : {"nl", "en"}) {
        const std::string l = lang;
        dlk::test::replaceInFile(path / "m98-proef" / ("module." + l + ".xml"), "<qti-assessment-section",
                                 "<qti-time-limits max-time=\"180\"/><qti-assessment-section");
        dlk::test::replaceInFile(path / "m99-mini" / ("module." + l + ".xml"),
                                 "dlk-icils-ct-2.2 dlk-age-10-15 dlk-minutes-2", "dlk-icils-ct-2.2 dlk-age-10-15");
    }
    ItemBank bank = ItemBank::loadFolder(path.string());
    REQUIRE_MESSAGE(bank.problems().empty(), dlk::test::problemsText(bank));
    Blueprint bp;
    bp.ctModules = {"m99-mini"};
    const BlueprintCount c = countBlueprint(bank, bp);
    REQUIRE(c.modules.size() == 2);
    CHECK(c.modules[0].minutes == 4);
    CHECK(c.modules[0].limitMinutes == 3);
    CHECK(c.modules[0].withoutMinutes.empty());
    CHECK(c.modules[1].minutes == 2);
    CHECK(c.modules[1].limitMinutes == 0);  // no time limit
    CHECK(c.modules[1].withoutMinutes == std::vector<std::string>{"mini-02"});
    std::vector<std::string> texts;
    for (const Finding& x : compareBlueprint(c, bp, bank, "b.json"))
        if (contains(x.message, "estimated")) texts.push_back(x.text());
    REQUIRE(texts.size() == 2);
    CHECK(texts[0] ==
          "b.json:0: warning: module 'm98-proef' is estimated at 4 minutes, more than its time limit of 3 (pupils "
          "would not reach its last items)");
    CHECK(texts[1] ==
          "b.json:0: warning: module 'm99-mini' has 1 item(s) without an estimated time (dlk-minutes-*), so whether "
          "it fits its time is unknown: mini-02");
}

TEST_CASE(
    "blueprint: a module is for the ages all its items are - an item without an age or outside the bank's is a "
    "warning") {
    dlk::test::TempDir dir;
    const fs::path path = taggedBank(dir);
    // m98-proef: its second item for 12 to 16; m99-mini: its first item for 8 to 9, its second without an age.
    for (const char* lang : {"nl", "en"}) {
        const std::string l = lang;
        dlk::test::replaceInFile(path / "m98-proef" / ("module." + l + ".xml"), "dlk-icils-1.1 dlk-age-10-15",
                                 "dlk-icils-1.1 dlk-age-12-16");
        dlk::test::replaceInFile(path / "m99-mini" / ("module." + l + ".xml"), "dlk-icils-4.2 dlk-age-10-15",
                                 "dlk-icils-4.2 dlk-age-8-9");
        dlk::test::replaceInFile(path / "m99-mini" / ("module." + l + ".xml"), "dlk-icils-ct-2.2 dlk-age-10-15",
                                 "dlk-icils-ct-2.2");
    }
    ItemBank bank = ItemBank::loadFolder(path.string());
    REQUIRE_MESSAGE(bank.problems().empty(), dlk::test::problemsText(bank));
    CHECK(bank.modules()[0].refs[1].ageFrom == 12);
    CHECK(bank.modules()[0].refs[1].ageTo == 16);
    Blueprint bp;
    bp.ctModules = {"m99-mini"};
    bp.ageFrom = 10, bp.ageTo = 15;
    BlueprintCount c = countBlueprint(bank, bp);
    REQUIRE(c.modules.size() == 2);
    CHECK(c.modules[0].ageFrom == 12);  // 10-15 and 12-16 overlap in 12-15
    CHECK(c.modules[0].ageTo == 15);
    CHECK(c.modules[0].withoutAge.empty());
    CHECK(c.modules[0].outsideAges == std::vector<std::string>{"proef-02 (12-16)"});
    CHECK(c.modules[1].ageFrom == 8);  // its one item with an age
    CHECK(c.modules[1].ageTo == 9);
    CHECK(c.modules[1].withoutAge == std::vector<std::string>{"mini-02"});
    CHECK(ageRangeText(c.modules[0].ageFrom, c.modules[0].ageTo) == "12-15");
    CHECK(ageRangeText(12, 12) == "12");
    CHECK(ageRangeText(0, 0).empty());
    std::vector<std::string> texts;
    for (const Finding& x : compareBlueprint(c, bp, bank, "b.json"))
        if (contains(x.message, " age")) texts.push_back(x.text());
    REQUIRE(texts.size() == 3);
    CHECK(texts[0] ==
          "b.json:0: warning: module 'm98-proef' has 1 item(s) meant for ages outside the bank's 10-15: "
          "proef-02 (12-16)");
    CHECK(texts[1] ==
          "b.json:0: warning: module 'm99-mini' has 1 item(s) without an intended age (dlk-age-*): mini-02");
    CHECK(texts[2] ==
          "b.json:0: warning: module 'm99-mini' has 1 item(s) meant for ages outside the bank's 10-15: "
          "mini-01 (8-9)");

    // Without "ages" in the blueprint no item is outside; items that share no age are a warning.
    for (const char* lang : {"nl", "en"})
        dlk::test::replaceInFile(path / "m99-mini" / ("module." + std::string(lang) + ".xml"),
                                 "dlk-icils-ct-2.2 dlk-minutes-2", "dlk-icils-ct-2.2 dlk-age-12-15 dlk-minutes-2");
    bank = ItemBank::loadFolder(path.string());
    REQUIRE_MESSAGE(bank.problems().empty(), dlk::test::problemsText(bank));
    bp.ageFrom = bp.ageTo = 0;
    c = countBlueprint(bank, bp);
    CHECK(c.modules[0].outsideAges.empty());
    CHECK(c.modules[1].ageFrom == 12);
    CHECK(c.modules[1].ageTo == 9);
    texts.clear();
    for (const Finding& x : compareBlueprint(c, bp, bank, "b.json"))
        if (contains(x.message, " age")) texts.push_back(x.text());
    REQUIRE(texts.size() == 1);
    CHECK(texts[0] ==
          "b.json:0: warning: module 'm99-mini' has no age that all its items are meant for (one from age "
          "12, another up to age 9)");
}

TEST_CASE("blueprint: blueprint.json is read as hostile input - each mistake named with the file") {
    const Blueprint ok = parseBlueprint(R"({"about": "x", "tolerance": 4, "ctModules": ["m03-robot"],
        "cil": {"1": 12, "2.1": 11, "2.2": 10, "3": 48, "4": 19}, "ct": {"ct-1": 40, "ct-2": 60},
        "domains": {"ict": 30, "info": 30, "media": 20, "ct": 20}})",
                                        "b.json");
    CHECK(ok.tolerance == 4);
    CHECK(ok.ctModules == std::vector<std::string>{"m03-robot"});
    REQUIRE(ok.cil.size() == 5);
    CHECK(ok.cil[1].key == "2.1");
    CHECK(ok.ct.size() == 2);
    CHECK(ok.domains.size() == 4);
    // Absent groups set no target; the defaults are ICILS 2023's.
    const Blueprint empty = parseBlueprint("{}", "b.json");
    CHECK(empty.cil.empty());
    CHECK(empty.tolerance == 5);
    CHECK(defaultBlueprint().cil.size() == 4);

    CHECK(contains(refused("{\"cil\": "), "items/blueprint.json"));
    CHECK(errorOf([] { (void)parseBlueprint("[1]", "b.json"); })->kind() == ErrorKind::Invalid);
    CHECK(refused("[1]") == "items/blueprint.json: must be a JSON object (see docs/item-format.md, \"The blueprint\")");
    CHECK(refused(R"({"tolerence": 5})") ==
          "items/blueprint.json: unknown key \"tolerence\" (about, tolerance, ctModules, cil, ct, domains, ages)");
    CHECK(refused(R"({"about": 1})") == "items/blueprint.json: \"about\" must be a string");
    CHECK(refused(R"({"tolerance": "5"})") ==
          "items/blueprint.json: \"tolerance\" must be a number (percentage points)");
    CHECK(refused(R"({"tolerance": -1})") == "items/blueprint.json: \"tolerance\" must be 0 to 50 (percentage points)");
    CHECK(refused(R"({"ctModules": "m03-robot"})") ==
          "items/blueprint.json: \"ctModules\" must be a list of module ids");
    CHECK(refused(R"({"ctModules": [3]})") ==
          "items/blueprint.json: \"ctModules\" holds something that is not a module id");
    CHECK(refused(R"({"ctModules": ["m03", "m03"]})") == "items/blueprint.json: \"ctModules\" names 'm03' twice");
    CHECK(refused(R"({"cil": [12, 21, 48, 19]})") ==
          "items/blueprint.json: \"cil\" must be an object of the CIL strands 1 to 4 and aspects 1.1 to 4.2 -> "
          "percent");
    CHECK(refused(R"({"cil": {"5": 100}})") ==
          "items/blueprint.json: \"cil\" names '5', which is not one of the CIL strands 1 to 4 and aspects 1.1 to 4.2");
    CHECK(refused(R"({"cil": {"ct-1": 100}})") ==
          "items/blueprint.json: \"cil\" names 'ct-1', which is not one of the CIL strands 1 to 4 and aspects 1.1 to "
          "4.2");
    CHECK(refused(R"({"ct": {"1": 100}})") ==
          "items/blueprint.json: \"ct\" names '1', which is not one of the CT strands ct-1, ct-2 and aspects ct-1.1 "
          "to ct-2.2");
    CHECK(refused(R"({"cil": {"1": "12", "2": 88}})") ==
          "items/blueprint.json: \"cil\": the share of '1' must be a number (percent)");
    CHECK(refused(R"({"cil": {"1": 120, "2": -20}})") ==
          "items/blueprint.json: \"cil\": the share of '1' must be 0 to 100 (percent)");
    CHECK(refused(R"({"cil": {"1": 12, "2": 21, "3": 48, "4": 9}})") ==
          "items/blueprint.json: \"cil\" shares add up to 90%, not 100%");
    CHECK(refused(R"({"cil": {"3": 48, "3.1": 20, "1": 12, "2": 21, "4": 19}})") ==
          "items/blueprint.json: \"cil\" gives both strand '3' and its aspect '3.1' (give one or the other)");
    CHECK(refused(R"({"domains": {"ict": 50, "wiskunde": 50}})") ==
          "items/blueprint.json: \"domains\" names 'wiskunde', which is not one of the domains ict, info, media, ct");
    CHECK(refused(R"({"domains": {"ict": 50, "info": 50.6}})") ==
          "items/blueprint.json: \"domains\" shares add up to 100.6%, not 100%");
    const std::string agesRule =
        "items/blueprint.json: \"ages\" must be [from, to]: whole years from 4 to 18, the lower first";
    for (const char* bad :
         {R"({"ages": 10})", R"({"ages": [10]})", R"({"ages": [10, 12, 15]})", R"({"ages": [15, 10]})",
          R"({"ages": [3, 10]})", R"({"ages": [10, 19]})", R"({"ages": [10.5, 15]})", R"({"ages": ["10", "15"]})",
          R"({"ages": {"from": 10, "to": 15}})"}) {
        CAPTURE(bad);
        CHECK(refused(bad) == agesRule);
    }
    const Blueprint ages = parseBlueprint(R"({"ages": [10, 15]})", "b.json");
    CHECK(ages.ageFrom == 10);
    CHECK(ages.ageTo == 15);
    CHECK(parseBlueprint(R"({"ages": [12, 12]})", "b.json").ageFrom == 12);
    CHECK(empty.ageFrom == 0);  // none given: no age target
    // Within the slack, a sum of rounded shares is accepted.
    CHECK(refused(R"({"domains": {"ict": 33.3, "info": 33.3, "media": 33.3}})") == "(accepted)");

    dlk::test::TempDir dir;
    auto missing = errorOf([&] { (void)loadBlueprint(dir.file("missing.json")); });
    REQUIRE(missing);
    CHECK(missing->kind() == ErrorKind::Io);
    CHECK(contains(missing->what(), dir.file("missing.json") + ": cannot be read"));
    dlk::test::writeFile(dir.file("big.json"), "{\"about\": \"" + std::string(kBlueprintMaxBytes, 'x') + "\"}");
    auto big = errorOf([&] { (void)loadBlueprint(dir.file("big.json")); });
    REQUIRE(big);
    CHECK(contains(big->what(), "a blueprint is at most"));
}

TEST_CASE("blueprint: a share further from its target than the tolerance is a warning") {
    dlk::test::TempDir dir;
    ItemBank bank = ItemBank::loadFolder(taggedBank(dir).string());
    Blueprint bp;
    bp.tolerance = 10;
    bp.ctModules = {"m99-mini", "m42-weg"};
    // The bank: CIL strand 1 1 point, 2 1 point, 4 1 point (33.3% each); ct: 1 point of 1.
    bp.cil = {{"1", 30}, {"2", 20}, {"4", 50}};
    bp.ct = {{"ct-2.2", 100}};
    bp.domains = {{"ict", 25}, {"info", 25}, {"media", 25}, {"ct", 25}};
    const BlueprintCount c = countBlueprint(bank, bp);
    const std::vector<Finding> f = compareBlueprint(c, bp, bank, "b.json");
    std::vector<std::string> texts;
    for (const Finding& x : f) texts.push_back(x.text());
    REQUIRE_MESSAGE(texts.size() == 4, [&] {
        std::string s;
        for (const auto& t : texts) s += t + "\n";
        return s;
    }());
    CHECK(texts[0] == "b.json:0: error: \"ctModules\" names 'm42-weg', which is not a module of the bank");
    CHECK(texts[1] == "b.json:0: warning: module 'm99-mini' is a CT module but holds 1 CIL item(s): mini-01");
    CHECK(texts[2] ==
          "b.json:0: warning: CIL strand 2 (gathering information) has 33.3% of the CIL points; the target is 20% "
          "(± 10)");
    CHECK(texts[3] ==
          "b.json:0: warning: CIL strand 4 (digital communication) has 33.3% of the CIL points; the target is 50% "
          "(± 10)");
    // Strand 1 (33.3% for 30%), the CT aspect and the domains (25% each) are within the tolerance.

    // Without any CT points, the CT targets give one warning, not one per target.
    REQUIRE(bank.markPractice("m99-mini"));
    bp.ctModules = {};
    bp.cil = {};
    bp.domains = {};
    bp.ct = {{"ct-1", 50}, {"ct-2", 50}};
    const std::vector<Finding> none = compareBlueprint(countBlueprint(bank, bp), bp, bank, "b.json");
    REQUIRE(none.size() == 1);
    CHECK(none[0].text() == "b.json:0: warning: the bank has none of the CT points, so its CT targets are not met");
}

TEST_CASE("blueprint: dlkiosk validate --blueprint prints the bundled bank's table and its totals") {
    // The totals, computed here from the bank as the kiosk loads it.
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    REQUIRE(bank.markPractice(design.tutorial));
    int items = 0, modules = 0;
    double points = 0, cil = 0;
    for (const Module& m : bank.modules()) {
        if (m.practice) continue;
        ++modules;
        const ModuleVariant& v = m.variant("nl");
        for (size_t i = 0; i < m.refs.size(); ++i) {
            if (v.items[i]->maxScore() <= 0) continue;
            ++items;
            points += v.items[i]->maxScore();
            if (!m.refs[i].aspect.starts_with("ct-")) cil += v.items[i]->maxScore();
            CHECK_MESSAGE(!m.refs[i].aspect.empty(), m.refs[i].identifier);
            // Every scored item says whom it is for, within the bank's 10 to 15 years.
            CHECK_MESSAGE(m.refs[i].ageFrom >= 10, m.refs[i].identifier);
            CHECK_MESSAGE((m.refs[i].ageTo <= 15 && m.refs[i].ageTo >= m.refs[i].ageFrom), m.refs[i].identifier);
        }
    }

    dlk::test::TempDir out;
    const std::string command = std::string("'") + DLK_BINARY + "' validate --blueprint '" + DLK_SOURCE_ITEMS + "' >'" +
                                out.file("out.txt") + "' 2>'" + out.file("err.txt") + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    const std::string text = dlk::test::readFile(out.file("out.txt"));
    const std::string err = dlk::test::readFile(out.file("err.txt"));
    INFO(text);
    INFO(err);
    CHECK(WEXITSTATUS(status) == 0);  // warnings only
    // Every XML document of the bank is read, with no error: imsmanifest.xml and each language's
    // module test and items.
    size_t documents = 1;
    for (const Module& m : bank.modules()) documents += m.variants.size() * (1 + m.refs.size());
    CHECK(contains(err, std::to_string(documents) + " document(s), 0 error(s)"));
    const auto fmt = [](double v) {
        char b[32];
        std::snprintf(b, sizeof b, "%g", v);
        return std::string(b);
    };
    CHECK(contains(text, std::to_string(modules) + " module(s), " + std::to_string(items) + " scored item(s), " +
                             fmt(points) + " score point(s)"));
    CHECK(contains(text, "the practice module m00-oefenen"));
    // The module table's total row and the CIL part's total.
    CHECK(std::regex_search(text, std::regex("\ntotal +" + std::to_string(items) + " +" + fmt(points) + " ")));
    CHECK(std::regex_search(text, std::regex("\nCIL total +[0-9]+ +" + fmt(cil) + " ")));
    CHECK(contains(text, "ICILS CIL aspect"));
    CHECK(contains(text, "  2.1 accessing and evaluating information"));
    CHECK(contains(text, "ICILS CT aspect"));
    // The bank meets its blueprint: every share within the tolerance, every module's estimated time
    // within its 30 minutes, no module with items of the other part.
    CHECK_FALSE(contains(text, "blueprint.json:0: warning"));
    CHECK(std::regex_search(
        text, std::regex("\nmodule +part +items +points +by teacher +share +minutes +limit +ages of all items\n")));
    CHECK(std::regex_search(text,
                            std::regex("\nm01-schoolreis +CIL( +[0-9.]+){3} +[0-9.]+% +[0-9.]+ +30 +1[0-9]-1[0-9]\n")));
    // The test information of each module and design booklet from items/irt/items.csv, with no
    // warning about it: every module measures where most pupils are and every unit has parameters.
    CHECK(contains(text, "Test information from " + std::string(DLK_SOURCE_ITEMS) + "/irt/items.csv, provisional"));
    CHECK(std::regex_search(text, std::regex("\ntheta +-3\\.0 +-2\\.5 .* 3\\.0 +peak at +peak I +units\n")));
    CHECK(std::regex_search(text, std::regex("\nm05-kas( +[0-9]+\\.[0-9]){13} +-?[0-9.]+ +[0-9.]+ +15\n")));
    CHECK(std::regex_search(text, std::regex("\nbooklet of icils ")));
    CHECK_FALSE(contains(text, "irt/items.csv:0: warning"));

    // items/README.md shows the same tables (from the module table to the CT total).
    const auto tables = [](const std::string& t) {
        const auto from = t.find("\nmodule "), to = t.find("\nCT total");
        return from == std::string::npos || to == std::string::npos ? std::string()
                                                                    : t.substr(from, t.find('\n', to + 1) - from);
    };
    const std::string readme = dlk::test::readFile(std::string(DLK_SOURCE_ITEMS) + "/README.md");
    REQUIRE_FALSE(tables(text).empty());
    CHECK_MESSAGE(tables(readme) == tables(text), "items/README.md's Blueprint section is out of date");

    // A blueprint.json that is not JSON: an error naming the file, exit 1.
    dlk::test::TempDir dir;
    const fs::path copy = dlk::test::copyBundledBank(dir);
    dlk::test::writeFile(copy / "blueprint.json", "{\"cil\": {\"1\": 12,,}}");
    const std::string bad = std::string("'") + DLK_BINARY + "' validate --blueprint '" + copy.string() + "' >'" +
                            out.file("bad.txt") + "' 2>'" + out.file("bad-err.txt") + "'";
    const int badStatus = std::system(bad.c_str());
    REQUIRE(WIFEXITED(badStatus));
    CHECK(WEXITSTATUS(badStatus) == 1);
    CHECK(contains(dlk::test::readFile(out.file("bad.txt")), (copy / "blueprint.json").string() + ":0: error: "));
    CHECK(contains(dlk::test::readFile(out.file("bad-err.txt")), "1 error(s)"));
}
