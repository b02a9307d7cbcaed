// The item bank: the bundled modules load cleanly, and a damaged bank reports what is wrong,
// leaves the damaged module out whole (in every language) and loads the rest; nothing outside the
// bank folder is read.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "delivery/session_plan.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::problemsText;
namespace fs = std::filesystem;

namespace {

std::set<std::string> moduleIds(const ItemBank& bank) {
    std::set<std::string> ids;
    for (const Module& m : bank.modules()) ids.insert(m.identifier);
    return ids;
}

// The modules of the bundled bank, with some added and some taken away.
std::set<std::string> moduleIdsOfBundledBankWith(const std::set<std::string>& added,
                                                 const std::set<std::string>& removed) {
    std::set<std::string> ids = moduleIds(ItemBank::loadFolder(DLK_SOURCE_ITEMS));
    REQUIRE(ids.size() > removed.size());
    for (const auto& id : removed) REQUIRE(ids.erase(id) == 1);
    ids.insert(added.begin(), added.end());
    return ids;
}

bool anyProblem(const ItemBank& bank, const std::string& fragment) {
    for (const auto& p : bank.problems())
        if (contains(p.text(), fragment)) return true;
    return false;
}

// A copy of the bundled bank plus the test module m99-mini, listed in the manifest.
fs::path bankWithMini(const dlk::test::TempDir& dir) {
    const fs::path bank = dlk::test::copyBundledBank(dir);
    fs::copy(dlk::test::testData("bank/m99-mini"), bank / "m99-mini", fs::copy_options::recursive);
    dlk::test::replaceInFile(
        bank / "imsmanifest.xml", "  </resources>",
        "    <resource identifier=\"m99-mini-nl\" type=\"imsqti_test_xmlv3p0\" "
        "href=\"m99-mini/module.nl.xml\"/>\n"
        "    <resource identifier=\"mini-01\" type=\"imsqti_item_xmlv2p2\" href=\"m99-mini/nl/mini-01.xml\"/>\n"
        "    <resource identifier=\"mini-02\" type=\"imsqti_item_xmlv3p0\" href=\"m99-mini/nl/mini-02.xml\"/>\n"
        "  </resources>");
    return bank;
}

// A copy of tests/data/bank_nl_en: m98-proef and m99-mini, each in nl and en, to damage at will.
fs::path twoLanguageBank(const dlk::test::TempDir& dir) {
    const fs::path bank = dir.path() / "bank_nl_en";
    fs::copy(dlk::test::testData("bank_nl_en"), bank, fs::copy_options::recursive);
    return bank;
}

// The one problem that says a module was left out, and why.
std::string refusalOf(const ItemBank& bank, const std::string& id) {
    std::string found;
    for (const auto& p : bank.problems())
        if (contains(p.message, "module '" + id + "' is left out")) {
            CHECK_MESSAGE(found.empty(), "said twice: " << p.text());
            found = p.message;
        }
    return found;
}

// m98-proef loaded whole, in both languages.
void checkProefLoaded(const ItemBank& bank) {
    const Module* m = bank.findModule("m98-proef");
    REQUIRE_MESSAGE(m, "m98-proef should still load; problems:\n" << problemsText(bank));
    CHECK(m->variants.size() == 2);
    for (const auto& [lang, v] : m->variants) {
        REQUIRE(v.items.size() == 2);
        for (const auto& item : v.items) CHECK(item->language == lang);
    }
}

void checkMiniLoaded(const ItemBank& bank) {
    const Module* mini = bank.findModule("m99-mini");
    REQUIRE_MESSAGE(mini, "m99-mini should still load; problems:\n" << problemsText(bank));
    CHECK(mini->itemCount() == 2);
    REQUIRE(mini->variants.count("nl"));
    REQUIRE(mini->variants.at("nl").items.size() == 2);
    CHECK(mini->variants.at("nl").items[0]->version == QtiVersion::V2_2);
    CHECK(mini->variants.at("nl").items[1]->version == QtiVersion::V3_0);
    CHECK(mini->navigationMode == "linear");
    CHECK(mini->refs[0].domain == Domain::Media);
    CHECK(mini->refs[0].kerndoelen == std::vector<int>{4});
    CHECK(mini->refs[1].domain == Domain::Computational);
}

}  // namespace

TEST_CASE("item bank: the bundled bank loads with zero problems") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    CHECK_MESSAGE(bank.problems().empty(), problemsText(bank));
    CHECK_FALSE(bank.modules().empty());
    CHECK(bank.folder() == DLK_SOURCE_ITEMS);
    for (const Module& m : bank.modules()) {
        CAPTURE(m.identifier);
        CHECK(m.variants.count("nl"));  // Dutch is the source language
        for (const auto& [lang, v] : m.variants) {
            CHECK(v.items.size() == m.refs.size());
            for (const auto& item : v.items) CHECK(item->language == lang);
        }
    }
}

TEST_CASE("item bank: every bundled module has nl and en variants of the same items - themed ones measure CIL or CT") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    REQUIRE_MESSAGE(bank.problems().empty(), problemsText(bank));
    CHECK(bank.findModule("m02-bestaat-niet") == nullptr);
    // The session design says which module is the tutorial and which are the themed ones (items/README.md).
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    const std::vector<std::string> pool = design.modules();
    REQUIRE_FALSE(pool.empty());
    for (const Module& module : bank.modules()) {
        const Module* m = &module;
        CAPTURE(m->identifier);
        REQUIRE(m->variants.size() == 2);
        REQUIRE(m->variants.count("nl"));
        REQUIRE(m->variants.count("en"));
        const ModuleVariant& nl = m->variants.at("nl");
        const ModuleVariant& en = m->variants.at("en");
        CHECK_FALSE(nl.title.empty());
        CHECK(nl.title != en.title);
        REQUIRE(m->itemCount() > 0);
        REQUIRE(nl.items.size() == m->itemCount());
        REQUIRE(en.items.size() == m->itemCount());
        CHECK(m->navigationMode == "nonlinear");
        CHECK(&m->variant("en") == &en);
        CHECK(&m->variant("fr") == &nl);  // no French: the source language
        const bool themed = std::find(pool.begin(), pool.end(), m->identifier) != pool.end();
        CHECK(themed != (m->identifier == design.tutorial));  // every module is dealt one way or the other
        if (themed) {
            // As in ICILS, a module measures CIL or CT, not both: every item of a CT module has a CT
            // aspect, no item of a CIL module has one, and a CIL module spans ICT basics, information
            // and media (a CIL task may still be about a computational topic, such as a post spreading).
            std::set<Domain> domains;
            size_t ctItems = 0;
            for (const auto& ref : m->refs) {
                domains.insert(ref.domain);
                CHECK_FALSE(ref.aspect.empty());
                if (ref.aspect.starts_with("ct-")) ++ctItems;
            }
            if (ctItems == 0) {
                CHECK(domains.count(Domain::IctBasic) == 1);
                CHECK(domains.count(Domain::Information) == 1);
                CHECK(domains.count(Domain::Media) == 1);
            } else {
                CHECK(ctItems == m->refs.size());
            }
            CHECK(m->maxTimeSeconds == 1800);
        } else {
            CHECK(m->maxTimeSeconds == 0);  // the tutorial has no time limit
        }
        double sum = 0;
        for (size_t i = 0; i < m->itemCount(); ++i) {
            const Item& a = *nl.items[i];
            const Item& b = *en.items[i];
            CAPTURE(a.identifier);
            sum += a.maxScore();
            CHECK(a.identifier == m->refs[i].identifier);
            CHECK(a.identifier == b.identifier);
            CHECK(a.language == "nl");
            CHECK(b.language == "en");
            CHECK_FALSE(m->refs[i].kerndoelen.empty());
            CHECK(a.processing.kind == b.processing.kind);
            CHECK(a.maxScore() == b.maxScore());
            REQUIRE(a.responses.size() == b.responses.size());
            for (size_t k = 0; k < a.responses.size(); ++k) {
                CHECK(a.responses[k].identifier == b.responses[k].identifier);
                CHECK(a.responses[k].cardinality == b.responses[k].cardinality);
                CHECK(a.responses[k].baseType == b.responses[k].baseType);
                CHECK(a.responses[k].correctResponse == b.responses[k].correctResponse);
                CHECK(a.responses[k].mapping.has_value() == b.responses[k].mapping.has_value());
            }
            REQUIRE(a.interactions().size() == b.interactions().size());
            for (size_t k = 0; k < a.interactions().size(); ++k)
                CHECK(a.interactions()[k]->name == b.interactions()[k]->name);
            CHECK(a.body.plainText() != b.body.plainText());  // translated, not copied
            // The number in a title ("Nepnieuws 10: ...") is the item's place in its module, as the
            // overview shows it beside its own count ("10. Nepnieuws 10: ..."), in both languages.
            for (const Item* item : {&a, &b}) {
                CAPTURE(item->title);
                const auto colon = item->title.find(": ");
                const auto space = item->title.rfind(' ', colon);
                REQUIRE(colon != std::string::npos);
                REQUIRE(space != std::string::npos);
                CHECK(item->title.substr(space + 1, colon - space - 1) == std::to_string(i + 1));
            }
        }
        CHECK(m->maxScore() == doctest::Approx(sum));
    }
    // One module read in detail, as its files say.
    const Module* m = bank.findModule("m01-schoolreis");
    REQUIRE(m);
    CHECK(m->variants.at("nl").title == "Schoolreis plannen");
    CHECK(m->variants.at("en").title == "Planning a school trip");
    REQUIRE(m->refs.size() > 2);
    CHECK(m->refs[2].kerndoelen == std::vector<int>{2, 3});
    // MAXSCOREs 1 + 1 + 2 + 1 (a video on the website) + 3 + 1 + 1 + 3 (reply, by the teacher), then the
    // items added for issue 16: 1 + 1 + 3 + 2 + 2 + 1, and the poster: 4 by the program + 6 by the teacher
    CHECK(m->maxScore() == 33);
}

TEST_CASE("item bank: every item of a themed module has an estimated time - and the module's fits its 30 minutes") {
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    int themed = 0;
    for (const Module& m : bank.modules()) {
        if (m.identifier == design.tutorial) continue;
        CAPTURE(m.identifier);
        ++themed;
        double minutes = 0;
        for (const ItemRef& ref : m.refs) {
            CHECK_MESSAGE(ref.minutes > 0, ref.identifier << " has no dlk-minutes-* estimate");
            minutes += ref.minutes;
        }
        REQUIRE(m.maxTimeSeconds == 1800);
        CHECK_MESSAGE(minutes <= 30, "estimated at " << minutes << " minutes");
        CHECK(minutes >= 20);  // a module is a 25-30-minute story, not a handful of tasks
    }
    CHECK(themed == 6);
}

TEST_CASE("item bank: a corrupted nl item leaves its module out in every language - named with file and line") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    const fs::path broken = bank / "m01-schoolreis/nl/schoolreis-05-bronnen.xml";
    dlk::test::replaceInFile(broken, "</qti-assessment-item>", "");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    bool namedWithLine = false;
    for (const auto& p : loaded.problems())
        if (p.file == "m01-schoolreis/nl/schoolreis-05-bronnen.xml" && p.line > 0) namedWithLine = true;
    CHECK(namedWithLine);
    // The complete English version is not offered instead: a Dutch pupil would get English items.
    CHECK(loaded.findModule("m01-schoolreis") == nullptr);
    const std::string why = refusalOf(loaded, "m01-schoolreis");
    CHECK(
        why.starts_with("module 'm01-schoolreis' is left out: its nl version m01-schoolreis/module.nl.xml is broken "
                        "(m01-schoolreis/nl/schoolreis-05-bronnen.xml:"));
    REQUIRE(loaded.refusedModules().size() == 1);
    const RefusedModule& refused = loaded.refusedModules().front();
    CHECK(refused.identifier == "m01-schoolreis");
    REQUIRE(refused.broken.size() == 1);
    CHECK(refused.broken[0].language == "nl");
    CHECK(refused.broken[0].testPath == "m01-schoolreis/module.nl.xml");
    CHECK(refused.broken[0].cause.file == "m01-schoolreis/nl/schoolreis-05-bronnen.xml");
    CHECK(refused.broken[0].cause.line > 0);
    CHECK(refused.text() == why);
    checkMiniLoaded(loaded);
    CHECK(moduleIds(loaded) == moduleIdsOfBundledBankWith({"m99-mini"}, {"m01-schoolreis"}));
}

TEST_CASE("item bank: a deleted en item is reported by name and manifest line - and its module left out") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    fs::remove(bank / "m02-nepnieuws/en/nepnieuws-03-foto.xml");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    bool manifestNamesIt = false;
    for (const auto& p : loaded.problems())
        if (p.file.ends_with("imsmanifest.xml") && p.line > 0 && contains(p.message, "en/nepnieuws-03-foto.xml") &&
            contains(p.message, "missing"))
            manifestNamesIt = true;
    CHECK(manifestNamesIt);
    CHECK(anyProblem(loaded, "nepnieuws-03-foto.xml is missing"));
    // The Dutch version is complete, but the module is left out for the English pupils' sake.
    CHECK(loaded.findModule("m02-nepnieuws") == nullptr);
    CHECK(contains(refusalOf(loaded, "m02-nepnieuws"),
                   "module 'm02-nepnieuws' is left out: its en version m02-nepnieuws/module.en.xml is broken "
                   "(m02-nepnieuws/module.en.xml:"));
    CHECK(
        contains(refusalOf(loaded, "m02-nepnieuws"), ": item file m02-nepnieuws/en/nepnieuws-03-foto.xml is missing)"));
    checkMiniLoaded(loaded);
    CHECK(moduleIds(loaded) == moduleIdsOfBundledBankWith({"m99-mini"}, {"m02-nepnieuws"}));
}

TEST_CASE("item bank: a broken en item leaves its module out - the other module loads in both languages") {
    dlk::test::TempDir dir;
    const fs::path bank = twoLanguageBank(dir);
    const ItemBank whole = ItemBank::loadFolder(bank.string());
    REQUIRE_MESSAGE(whole.problems().empty(), problemsText(whole));
    CHECK(moduleIds(whole) == std::set<std::string>{"m98-proef", "m99-mini"});
    CHECK(whole.refusedModules().empty());
    dlk::test::replaceInFile(bank / "m99-mini/en/mini-02.xml", "</qti-order-interaction>", "");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    CHECK(loaded.findModule("m99-mini") == nullptr);
    const std::string why = refusalOf(loaded, "m99-mini");
    CHECK(
        why.starts_with("module 'm99-mini' is left out: its en version m99-mini/module.en.xml is broken "
                        "(m99-mini/en/mini-02.xml:"));
    bool namedWithLine = false;
    for (const auto& p : loaded.problems())
        if (p.file == "m99-mini/en/mini-02.xml" && p.line > 0) namedWithLine = true;
    CHECK(namedWithLine);
    checkProefLoaded(loaded);
    CHECK(moduleIds(loaded) == std::set<std::string>{"m98-proef"});
}

TEST_CASE("item bank: a broken nl item leaves its module out - the other module loads in both languages") {
    dlk::test::TempDir dir;
    const fs::path bank = twoLanguageBank(dir);
    dlk::test::writeFile(bank / "m99-mini/nl/mini-01.xml", "<assessmentItem identifier=\"mini-01\">\n<itemBody>\n");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    CHECK(loaded.findModule("m99-mini") == nullptr);
    CHECK(refusalOf(loaded, "m99-mini")
              .starts_with("module 'm99-mini' is left out: its nl version m99-mini/module.nl.xml is broken "
                           "(m99-mini/nl/mini-01.xml:"));
    checkProefLoaded(loaded);
}

TEST_CASE("item bank: a test file that does not parse leaves its module out - found by the bank layout") {
    dlk::test::TempDir dir;
    const fs::path bank = twoLanguageBank(dir);
    // Its identifier cannot be read; module.en.xml beside module.nl.xml says whose version it is.
    dlk::test::replaceInFile(bank / "m99-mini/module.en.xml", "</qti-test-part>", "");
    ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    CHECK(loaded.findModule("m99-mini") == nullptr);
    const std::string why = refusalOf(loaded, "m99-mini");
    CHECK(why.starts_with(
        "module 'm99-mini' is left out: its en version m99-mini/module.en.xml is broken (m99-mini/module.en.xml:"));
    checkProefLoaded(loaded);
    // Without a manifest the tests are found by name; the same holds.
    fs::remove(bank / "imsmanifest.xml");
    loaded = ItemBank::loadFolder(bank.string());
    CHECK(loaded.findModule("m99-mini") == nullptr);
    CHECK(refusalOf(loaded, "m99-mini") == why);
    checkProefLoaded(loaded);
    // A test the manifest lists but that is not there is a broken version too.
    fs::copy(dlk::test::testData("bank_nl_en/imsmanifest.xml"), bank / "imsmanifest.xml");
    fs::remove(bank / "m99-mini/module.en.xml");
    loaded = ItemBank::loadFolder(bank.string());
    CHECK(loaded.findModule("m99-mini") == nullptr);
    CHECK(refusalOf(loaded, "m99-mini")
              .starts_with(
                  "module 'm99-mini' is left out: its en version m99-mini/module.en.xml is broken (imsmanifest.xml:"));
    checkProefLoaded(loaded);
}

TEST_CASE("item bank: a module with no version in a language falls back explicitly - findVariant says so") {
    dlk::test::TempDir dir;
    const fs::path bank = twoLanguageBank(dir);
    // A bank with fewer languages than the kiosk: m99-mini in Dutch only, and nothing broken.
    fs::remove(bank / "imsmanifest.xml");
    fs::remove(bank / "m99-mini/module.en.xml");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    CHECK_MESSAGE(loaded.problems().empty(), problemsText(loaded));
    const Module* m = loaded.findModule("m99-mini");
    REQUIRE(m);
    CHECK(m->findVariant("en") == nullptr);
    REQUIRE(m->findVariant("nl"));
    CHECK(&m->variant("en") == m->findVariant("nl"));
    CHECK(m->variant("en").language == "nl");
    const Module* proef = loaded.findModule("m98-proef");
    REQUIRE(proef);
    REQUIRE(proef->findVariant("en"));
    CHECK(&proef->variant("en") == proef->findVariant("en"));
}

TEST_CASE("item bank: a module broken in every language is left out entirely - the others load") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    fs::remove(bank / "m01-schoolreis/nl/schoolreis-01-bestandstype.xml");
    dlk::test::writeFile(bank / "m01-schoolreis/en/schoolreis-01-bestandstype.xml", "<qti-assessment-item");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    CHECK(loaded.findModule("m01-schoolreis") == nullptr);
    CHECK(anyProblem(loaded, "nl/schoolreis-01-bestandstype.xml"));
    CHECK(anyProblem(loaded, "en/schoolreis-01-bestandstype.xml"));
    // One problem says why, naming both versions.
    const std::string why = refusalOf(loaded, "m01-schoolreis");
    CHECK(contains(why, "its nl version m01-schoolreis/module.nl.xml is broken (m01-schoolreis/module.nl.xml:"));
    CHECK(contains(
        why,
        "; its en version m01-schoolreis/module.en.xml is broken (m01-schoolreis/en/schoolreis-01-bestandstype.xml:"));
    checkMiniLoaded(loaded);
    // Every other module of the bank still loads.
    CHECK(moduleIds(loaded) == moduleIdsOfBundledBankWith({"m99-mini"}, {"m01-schoolreis"}));
}

TEST_CASE("item bank: item hrefs that leave the bank folder are refused") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    // Valid items outside the bank: the only thing wrong with them is where they are.
    const fs::path outside = dir.path() / "outside" / "mini-02.xml";
    const fs::path sibling = dir.path() / "bank-evil" / "mini-02.xml";  // shares the bank's name as a prefix
    for (const fs::path& p : {outside, sibling}) {
        fs::create_directories(p.parent_path());
        fs::copy_file(bank / "m99-mini/nl/mini-02.xml", p);
    }
    const fs::path module = bank / "m99-mini/module.nl.xml";
    const std::string original = dlk::test::readFile(module);
    const std::vector<std::string> hrefs = {"../../outside/mini-02.xml", "../../bank-evil/mini-02.xml",
                                            outside.string(), "nl/../../../outside/mini-02.xml", "file:///etc/passwd"};
    for (const std::string& href : hrefs) {
        CAPTURE(href);
        dlk::test::writeFile(module, original);
        dlk::test::replaceInFile(module, "href=\"nl/mini-02.xml\"", "href=\"" + href + "\"");
        const ItemBank loaded = ItemBank::loadFolder(bank.string());
        INFO(problemsText(loaded));
        CHECK(anyProblem(loaded, "points outside the item bank"));
        CHECK(loaded.findModule("m99-mini") == nullptr);
        CHECK(loaded.findModule("m01-schoolreis") != nullptr);
    }
    // A path that wanders but stays inside is fine.
    dlk::test::writeFile(module, original);
    dlk::test::replaceInFile(module, "href=\"nl/mini-02.xml\"", "href=\"nl/../nl/mini-02.xml\"");
    checkMiniLoaded(ItemBank::loadFolder(bank.string()));
}

TEST_CASE("item bank: a symlink inside the bank pointing outside it is refused") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    const fs::path outside = dir.path() / "outside" / "mini-02.xml";
    fs::create_directories(outside.parent_path());
    fs::copy_file(bank / "m99-mini/nl/mini-02.xml", outside);
    fs::remove(bank / "m99-mini/nl/mini-02.xml");
    fs::create_symlink(outside, bank / "m99-mini/nl/mini-02.xml");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    CHECK(loaded.findModule("m99-mini") == nullptr);
    CHECK_FALSE(loaded.problems().empty());
}

TEST_CASE("item bank: manifest resources that escape or are missing are reported - the rest loads") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    dlk::test::writeFile(dir.path() / "outside" / "module.nl.xml",
                         dlk::test::readFile(bank / "m99-mini/module.nl.xml"));
    dlk::test::replaceInFile(
        bank / "imsmanifest.xml", "  </resources>",
        "    <resource identifier=\"weg\" type=\"imsqti_test_xmlv3p0\" href=\"m98-weg/module.nl.xml\"/>\n"
        "    <resource identifier=\"uit\" type=\"imsqti_test_xmlv3p0\" href=\"../outside/module.nl.xml\"/>\n"
        "  </resources>");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    const std::string manifest = dlk::test::readFile(bank / "imsmanifest.xml");
    int missingLine = 1, escapeLine = 1;
    for (size_t i = 0; i < manifest.find("m98-weg"); ++i) missingLine += manifest[i] == '\n';
    for (size_t i = 0; i < manifest.find("../outside"); ++i) escapeLine += manifest[i] == '\n';
    bool missingReported = false, escapeReported = false;
    for (const auto& p : loaded.problems()) {
        if (p.line == missingLine && contains(p.message, "m98-weg/module.nl.xml") && contains(p.message, "missing"))
            missingReported = true;
        if (p.line == escapeLine && contains(p.message, "../outside/module.nl.xml") && contains(p.message, "refused"))
            escapeReported = true;
    }
    CHECK(missingReported);
    CHECK(escapeReported);
    CHECK(loaded.problems().size() == 2);
    CHECK(loaded.findModule("m01-schoolreis") != nullptr);
    checkMiniLoaded(loaded);
}

TEST_CASE("item bank: without a manifest the module files are found by name") {
    dlk::test::TempDir dir;
    const fs::path bank = dlk::test::copyBundledBank(dir);
    fs::remove(bank / "imsmanifest.xml");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    CHECK_MESSAGE(loaded.problems().empty(), problemsText(loaded));
    const Module* m = loaded.findModule("m01-schoolreis");
    REQUIRE(m);
    CHECK(m->variants.size() == 2);
}

TEST_CASE("item bank: a translation that lists other items leaves its module out with a problem") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    std::string item = dlk::test::readFile(bank / "m99-mini/nl/mini-01.xml");
    item.replace(item.find("xml:lang=\"nl\""), 13, "xml:lang=\"en\"");
    dlk::test::writeFile(bank / "m99-mini/en/mini-01.xml", item);
    dlk::test::writeFile(
        bank / "m99-mini/module.en.xml",
        "<qti-assessment-test xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"m99-mini\">\n"
        "<qti-test-part identifier=\"P1\" navigation-mode=\"linear\" submission-mode=\"individual\">\n"
        "<qti-assessment-section identifier=\"S1\" title=\"Mini\" visible=\"true\">\n"
        "<qti-assessment-item-ref identifier=\"mini-01\" href=\"en/mini-01.xml\" category=\"dlk-domain-media\"/>\n"
        "</qti-assessment-section>\n</qti-test-part>\n</qti-assessment-test>\n");
    dlk::test::replaceInFile(
        bank / "imsmanifest.xml", "  </resources>",
        "    <resource identifier=\"m99-mini-en\" type=\"imsqti_test_xmlv3p0\" href=\"m99-mini/module.en.xml\"/>\n"
        "  </resources>");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    CHECK(anyProblem(loaded, "m99-mini/module.en.xml:1: lists 1 items; the nl version m99-mini/module.nl.xml lists 2"));
    CHECK(loaded.findModule("m99-mini") == nullptr);
    CHECK(contains(refusalOf(loaded, "m99-mini"), "its en version m99-mini/module.en.xml is broken"));
    CHECK(loaded.findModule("m01-schoolreis") != nullptr);
}

TEST_CASE("item bank: an item ref without a domain is reported and counted as ict") {
    dlk::test::TempDir dir;
    const fs::path bank = bankWithMini(dir);
    dlk::test::replaceInFile(bank / "m99-mini/module.nl.xml", " category=\"dlk-domain-ct\"", "");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    CHECK(anyProblem(loaded, "item ref 'mini-02' has no dlk-domain-* category"));
    const Module* mini = loaded.findModule("m99-mini");
    REQUIRE(mini);
    CHECK(mini->refs[1].domain == Domain::IctBasic);
}

TEST_CASE("item bank: a missing folder and a broken manifest are errors") {
    dlk::test::TempDir dir;
    auto e = errorOf([&] { ItemBank::loadFolder(dir.file("bestaat-niet")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK(contains(e->what(), "bestaat-niet"));
    const fs::path bank = dlk::test::copyBundledBank(dir);
    dlk::test::replaceInFile(bank / "imsmanifest.xml", "</manifest>", "");
    e = errorOf([&] { ItemBank::loadFolder(bank.string()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(contains(e->what(), "imsmanifest.xml"));
}

TEST_CASE("item bank: domains map to and from their ids") {
    for (Domain d : kAllDomains) CHECK(domainFromId(domainId(d)) == d);
    CHECK(domainId(Domain::Computational) == "ct");
    CHECK(domainId(Domain::Information) == "info");
    CHECK_FALSE(domainFromId("ICT").has_value());
    CHECK_FALSE(domainFromId("").has_value());
    CHECK(std::string(domainNameNl(Domain::Media)) == "Mediawijsheid");
}
