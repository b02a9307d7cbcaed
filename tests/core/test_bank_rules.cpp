// dlkiosk's bank rules: the category vocabulary, module file names, a version's language and the
// comparison of language versions; and that ItemBank (which refuses by them) and the validator
// (which reports them) say the same thing about the same bank.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "bank/bank_rules.h"
#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "qti/qti_loader.h"
#include "qti/validator.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::problemsText;
namespace fs = std::filesystem;

namespace {

ItemRefSpec refWith(const std::vector<std::string>& categories) {
    ItemRefSpec ref;
    ref.identifier = "vraag-01";
    ref.categories = categories;
    ref.line = 7;
    return ref;
}

std::string findingsText(const std::vector<Finding>& findings) {
    std::string s;
    for (const auto& f : findings) s += f.text() + "\n";
    return s;
}

const std::string kProef = dlk::test::testData("bank_nl_en/m98-proef");

// The nl item proef-01 and a translation of it with `from` replaced by `to`.
std::vector<Finding> differencesAfter(const std::string& from, const std::string& to) {
    const std::string nl = dlk::test::readFile(kProef + "/nl/proef-01.xml");
    std::string en = dlk::test::readFile(kProef + "/en/proef-01.xml");
    const auto at = en.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    en.replace(at, from.size(), to);
    std::vector<Finding> findings;
    compareItems(parseItemXml(nl, "nl/proef-01.xml"), parseItemXml(en, "en/proef-01.xml"), "nl", findings);
    return findings;
}

}  // namespace

TEST_CASE("bank rules: categories give the domain and kerndoelen - and say what is wrong with them") {
    std::vector<Finding> findings;
    RefCategories c = readCategories(refWith({"dlk-kerndoel-2", "dlk-domain-media", "dlk-kerndoel-3", "extra"}),
                                     "m/module.nl.xml", findings);
    CHECK_MESSAGE(findings.empty(), findingsText(findings));
    CHECK(c.domain == Domain::Media);
    CHECK(c.kerndoelen == std::vector<int>{2, 3});

    c = readCategories(refWith({"dlk-domain-wiskunde", "dlk-kerndoel-12"}), "m/module.nl.xml", findings);
    CHECK_FALSE(c.domain.has_value());
    CHECK(c.kerndoelen.empty());
    REQUIRE(findings.size() == 3);
    CHECK(findings[0].text() == "m/module.nl.xml:7: error: unknown domain 'wiskunde' (ict, info, media or ct)");
    CHECK(findings[1].text() == "m/module.nl.xml:7: warning: 'dlk-kerndoel-12' is not a kerndoel (1 to 9)");
    CHECK(findings[2].text() ==
          "m/module.nl.xml:7: error: item ref 'vraag-01' has no dlk-domain-* category (ict, info, media or ct)");

    // An unknown domain beside a known one is still an error; the known one counts.
    findings.clear();
    c = readCategories(refWith({"dlk-domain-ct", "dlk-domain-x"}), "t.xml", findings);
    CHECK(c.domain == Domain::Computational);
    REQUIRE(findings.size() == 1);
    CHECK(contains(findings[0].message, "unknown domain 'x'"));

    CHECK(isBankCategory("dlk-domain-ict"));
    CHECK(isBankCategory("dlk-kerndoel-1"));
    CHECK_FALSE(isBankCategory("section-a"));
    CHECK_FALSE(isBankCategory("dlk"));
}

TEST_CASE("bank rules: the estimated time category - minutes above 0 and at most 30 - once") {
    std::vector<Finding> findings;
    RefCategories c = readCategories(refWith({"dlk-domain-info", "dlk-minutes-1.5"}), "t.xml", findings);
    CHECK_MESSAGE(findings.empty(), findingsText(findings));
    CHECK(c.minutes == 1.5);
    CHECK(isBankCategory("dlk-minutes-2"));

    // None: 0, which the blueprint reports as an item without an estimate.
    CHECK(readCategories(refWith({"dlk-domain-info"}), "t.xml", findings).minutes == 0);
    CHECK(findings.empty());

    for (const char* bad : {"dlk-minutes-", "dlk-minutes-0", "dlk-minutes--1", "dlk-minutes-31", "dlk-minutes-1,5",
                            "dlk-minutes-nan", "dlk-minutes-inf", "dlk-minutes-2x"}) {
        CAPTURE(bad);
        findings.clear();
        c = readCategories(refWith({"dlk-domain-info", bad}), "t.xml", findings);
        CHECK(c.minutes == 0);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].severity == Severity::Warning);
        CHECK(findings[0].text() == "t.xml:7: warning: '" + std::string(bad) +
                                        "' is not an estimated time (minutes above 0, at most 30, such as "
                                        "dlk-minutes-1.5)");
    }
    findings.clear();
    c = readCategories(refWith({"dlk-domain-info", "dlk-minutes-2", "dlk-minutes-3"}), "t.xml", findings);
    CHECK(c.minutes == 2);  // the first counts
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].text() == "t.xml:7: warning: item ref 'vraag-01' has a second estimated time, 'dlk-minutes-3'");
}

TEST_CASE("bank rules: the intended age category - whole years 4 to 18 - the lower first - once") {
    std::vector<Finding> findings;
    RefCategories c = readCategories(refWith({"dlk-domain-info", "dlk-age-10-15"}), "t.xml", findings);
    CHECK_MESSAGE(findings.empty(), findingsText(findings));
    CHECK(c.ageFrom == 10);
    CHECK(c.ageTo == 15);
    CHECK(isBankCategory("dlk-age-12"));
    // One age: from and to alike.
    c = readCategories(refWith({"dlk-domain-info", "dlk-age-12"}), "t.xml", findings);
    CHECK(c.ageFrom == 12);
    CHECK(c.ageTo == 12);
    // None: 0, which the blueprint reports as an item without an intended age.
    c = readCategories(refWith({"dlk-domain-info"}), "t.xml", findings);
    CHECK(c.ageFrom == 0);
    CHECK(c.ageTo == 0);
    CHECK(findings.empty());

    for (const char* bad : {"dlk-age-", "dlk-age-15-10", "dlk-age-3-10", "dlk-age-10-19", "dlk-age-10-", "dlk-age--15",
                            "dlk-age-10.5-12", "dlk-age-ten", "dlk-age-10-15-16", "dlk-age-10_15"}) {
        CAPTURE(bad);
        findings.clear();
        c = readCategories(refWith({"dlk-domain-info", bad}), "t.xml", findings);
        CHECK(c.ageFrom == 0);
        CHECK(c.ageTo == 0);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].text() == "t.xml:7: warning: '" + std::string(bad) +
                                        "' is not an intended age (whole years from 4 to 18, the lower first, such as "
                                        "dlk-age-10-15 or dlk-age-12)");
    }
    findings.clear();
    c = readCategories(refWith({"dlk-domain-info", "dlk-age-10-12", "dlk-age-12-15"}), "t.xml", findings);
    CHECK(c.ageFrom == 10);  // the first counts
    CHECK(c.ageTo == 12);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].text() == "t.xml:7: warning: item ref 'vraag-01' has a second intended age, 'dlk-age-12-15'");
}

TEST_CASE("bank rules: the ICILS aspect category - unknown or a second one is an error") {
    std::vector<Finding> findings;
    RefCategories c =
        readCategories(refWith({"dlk-domain-info", "dlk-kerndoel-2", "dlk-icils-2.1"}), "t.xml", findings);
    CHECK_MESSAGE(findings.empty(), findingsText(findings));
    REQUIRE(c.aspect);
    CHECK(c.aspect->id == "2.1");
    CHECK(c.aspect->part == IcilsPart::Cil);
    CHECK(c.aspect->strand == "2");

    c = readCategories(refWith({"dlk-domain-ct", "dlk-icils-ct-2.2", "dlk-icils-ct-2.2"}), "t.xml", findings);
    CHECK_MESSAGE(findings.empty(), findingsText(findings));  // the same aspect twice is still one
    REQUIRE(c.aspect);
    CHECK(c.aspect->part == IcilsPart::Ct);

    c = readCategories(refWith({"dlk-domain-ct", "dlk-icils-5.1", "dlk-icils-ct-3.1", "dlk-icils-"}), "t.xml",
                       findings);
    CHECK_FALSE(c.aspect);
    REQUIRE(findings.size() == 3);
    CHECK(findings[0].text() == "t.xml:7: error: unknown ICILS aspect '5.1' (1.1 to 4.2, ct-1.1 to ct-2.2)");
    CHECK(contains(findings[1].message, "unknown ICILS aspect 'ct-3.1'"));
    CHECK(contains(findings[2].message, "unknown ICILS aspect ''"));

    findings.clear();
    c = readCategories(refWith({"dlk-domain-ict", "dlk-icils-1.1", "dlk-icils-3.2"}), "t.xml", findings);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].text() ==
          "t.xml:7: error: item ref 'vraag-01' names a second ICILS aspect, '3.2' besides "
          "'1.1' (an item measures one)");
    CHECK(c.aspect->id == "1.1");
    CHECK(isBankCategory("dlk-icils-2.1"));
}

TEST_CASE("bank rules: a scored item without kerndoel or ICILS aspect is a warning - with file and line") {
    dlk::test::TempDir dir;
    const fs::path bank = dir.path() / "bank";
    fs::copy(dlk::test::testData("bank_nl_en"), bank, fs::copy_options::recursive);
    const BankRules rules(BankRules::Scope::DlkioskBanks);
    // proef-02 has no kerndoel, and no ref an aspect.
    ValidationReport report = validatePath(bank.string(), &rules);
    CHECK(report.errorCount() == 0);
    std::string text;
    for (const Finding& f : report.findings) text += f.text() + "\n";
    INFO(text);
    CHECK(contains(text, bank.string() + "/m98-proef/module.nl.xml:6: warning: scored item ref 'proef-02' has no "
                                         "dlk-kerndoel-* category (1 to 9)"));
    CHECK(contains(text, bank.string() + "/m98-proef/module.en.xml:6: warning: scored item ref 'proef-02' has no "
                                         "dlk-kerndoel-* category"));
    CHECK(contains(text, bank.string() + "/m98-proef/module.nl.xml:5: warning: scored item ref 'proef-01' has no "
                                         "dlk-icils-* category (its ICILS aspect: 1.1 to 4.2, ct-1.1 to ct-2.2)"));

    // Tagged in both languages: no warning about proef-01's aspect any more.
    for (const char* lang : {"nl", "en"})
        dlk::test::replaceInFile(bank / "m98-proef" / (std::string("module.") + lang + ".xml"), "dlk-kerndoel-2\"",
                                 "dlk-kerndoel-2 dlk-icils-2.1\"");
    report = validatePath(bank.string(), &rules);
    CHECK(report.errorCount() == 0);
    for (const Finding& f : report.findings) CHECK_FALSE(contains(f.message, "'proef-01'"));

    // The English version names another aspect: an error, as any other category would be.
    dlk::test::replaceInFile(bank / "m98-proef/module.en.xml", "dlk-icils-2.1", "dlk-icils-2.2");
    report = validatePath(bank.string(), &rules);
    REQUIRE(report.errorCount() == 1);
    for (const Finding& f : report.findings)
        if (f.severity == Severity::Error)
            CHECK(f.text() == bank.string() +
                                  "/m98-proef/module.en.xml:5: error: item ref 'proef-01' has categories "
                                  "'dlk-domain-info dlk-kerndoel-2 dlk-icils-2.2'; the nl version has "
                                  "'dlk-domain-info dlk-kerndoel-2 dlk-icils-2.1'");
}

TEST_CASE("bank rules: module files are named by language - and one folder holds one module's versions") {
    CHECK(moduleFileName("en") == "module.en.xml");
    CHECK(moduleFileLanguage("m02-nepnieuws/module.en.xml") == "en");
    CHECK(moduleFileLanguage("module.nl.xml") == "nl");
    CHECK(moduleFileLanguage("m02/toets.xml").empty());
    CHECK(moduleFileLanguage("m02/module.xml").empty());
    CHECK(moduleFileLanguage("m02/module..xml").empty());
    CHECK(moduleFileLanguage("m02/module.en.xml.bak").empty());
    CHECK(moduleFileLanguage("m02/nl/module.en/item.xml").empty());
    CHECK(sameModuleFolder("m02/module.nl.xml", "m02/module.en.xml"));
    CHECK_FALSE(sameModuleFolder("m02/module.nl.xml", "m03/module.en.xml"));
    CHECK_FALSE(sameModuleFolder("m02/module.nl.xml", "m02/toets.xml"));
    CHECK(kRequiredLanguages[0] == kSourceLanguage);
}

TEST_CASE("bank rules: a version's language is its items' - else its file name's - and mixing is an error") {
    const AssessmentTest test = loadAssessmentTestFile(kProef + "/module.en.xml");
    const Item en1 = parseItemXml(dlk::test::readFile(kProef + "/en/proef-01.xml"), "m98-proef/en/proef-01.xml");
    const Item nl2 = parseItemXml(dlk::test::readFile(kProef + "/nl/proef-02.xml"), "m98-proef/nl/proef-02.xml");
    std::vector<Finding> findings;
    LanguageVersion v = languageVersion(test, {&en1, &nl2}, findings);
    CHECK(v.language == "en");
    REQUIRE(v.refs.size() == 2);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].file == test.sourcePath);
    CHECK(findings[0].line == v.refs[1]->line);
    CHECK(findings[0].message == "item 'proef-02' is in 'nl', the test's earlier items in 'en'");
    // No item loaded: the file name says; a test not named module.<lang>.xml is Dutch.
    findings.clear();
    AssessmentTest named = test;
    named.sourcePath = "m98-proef/module.en.xml";
    CHECK(languageVersion(named, {}, findings).language == "en");
    named.sourcePath = "m98-proef/toets.xml";
    v = languageVersion(named, {nullptr}, findings);
    CHECK(v.language == "nl");
    CHECK(v.items.size() == 2);  // one null per ref
    CHECK(findings.empty());
}

TEST_CASE("bank rules: a translation that would score differently is found - human text is not") {
    // Only the words differ: nothing to report.
    std::vector<Finding> same = differencesAfter(">Yes<", ">Yes, sure<");
    CHECK_MESSAGE(same.empty(), findingsText(same));

    std::vector<Finding> f = differencesAfter("<qti-value>A</qti-value>", "<qti-value>B</qti-value>");
    REQUIRE(f.size() == 1);
    CHECK(f[0].text() ==
          "en/proef-01.xml:3: error: response declaration 'RESPONSE' differs from the nl version; "
          "nl/proef-01.xml:3: correct response B vs A");

    f = differencesAfter("identifier=\"B\">No", "identifier=\"C\">No");
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 8);
    CHECK(contains(f[0].message, "interaction 1 (<qti-choice-interaction>) differs from the nl version"));
    CHECK(contains(f[0].message, "choice identifiers A C vs A B"));

    // Every answer scores 1: custom rules where the nl version has the standard template.
    f = differencesAfter(
        "<qti-response-processing "
        "template=\"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml\"/>",
        "<qti-response-processing><qti-set-outcome-value identifier=\"SCORE\">"
        "<qti-base-value base-type=\"float\">1</qti-base-value></qti-set-outcome-value></qti-response-processing>");
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 12);
    CHECK(contains(f[0].message, "response processing differs from the nl version; nl/proef-01.xml:12:"));

    f = differencesAfter(
        "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\"/>",
        "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"integer\"/>");
    REQUIRE(f.size() == 1);
    CHECK(contains(
        f[0].message,
        "outcome declaration 'SCORE' differs from the nl version; nl/proef-01.xml:6: single integer vs single float"));

    f = differencesAfter(
        "<qti-outcome-declaration identifier=\"SCORE\"",
        "<qti-outcome-declaration identifier=\"MAXSCORE\" cardinality=\"single\" base-type=\"float\"/>\n"
        "<qti-outcome-declaration identifier=\"SCORE\"");
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 2);  // the item as a whole: its root element
    CHECK(contains(
        f[0].message,
        "the list of outcome declarations differs from the nl version; nl/proef-01.xml:2: MAXSCORE, SCORE vs SCORE"));
}

TEST_CASE("bank rules: ItemBank and the validator report the same translation mismatch") {
    dlk::test::TempDir dir;
    const fs::path bank = dir.path() / "bank";
    fs::copy(dlk::test::testData("bank_nl_en"), bank, fs::copy_options::recursive);
    // The English item scores another answer as correct, and its refs are in another order.
    dlk::test::replaceInFile(bank / "m98-proef/en/proef-01.xml", "<qti-value>A</qti-value>",
                             "<qti-value>B</qti-value>");
    dlk::test::replaceInFile(bank / "m99-mini/module.en.xml", "category=\"dlk-domain-ct\"",
                             "category=\"dlk-domain-info\"");
    const ItemBank loaded = ItemBank::loadFolder(bank.string());
    INFO(problemsText(loaded));
    CHECK(loaded.modules().empty());
    CHECK(loaded.refusedModules().size() == 2);

    const BankRules rules(BankRules::Scope::DlkioskBanks);
    const ValidationReport report = validatePath(bank.string(), &rules);
    std::vector<std::string> validated;
    for (const Finding& f : report.findings) {
        if (f.severity == Severity::Warning) continue;  // the refs without kerndoel or ICILS aspect
        REQUIRE(f.file.starts_with(bank.string() + "/"));
        validated.push_back(f.file.substr(bank.string().size() + 1) + ":" + std::to_string(f.line) + ": " + f.message);
    }
    // The mismatches the validator finds are the problems the bank refused the modules for.
    std::vector<std::string> refusedFor;
    for (const BankProblem& p : loaded.problems())
        if (!contains(p.message, "is left out")) refusedFor.push_back(p.text());
    std::sort(refusedFor.begin(), refusedFor.end());
    std::sort(validated.begin(), validated.end());
    CHECK(validated == refusedFor);
    REQUIRE(validated.size() == 2);
    CHECK(validated[0] ==
          "m98-proef/en/proef-01.xml:3: response declaration 'RESPONSE' differs from the nl version; "
          "m98-proef/nl/proef-01.xml:3: correct response B vs A");
    CHECK(validated[1] ==
          "m99-mini/module.en.xml:6: item ref 'mini-02' has categories 'dlk-domain-info'; "
          "the nl version has 'dlk-domain-ct'");
    for (const RefusedModule& r : loaded.refusedModules()) {
        REQUIRE(r.broken.size() == 1);
        CHECK(r.broken[0].language == "en");
        CHECK(contains(r.text(), r.broken[0].cause.message));
    }
}
