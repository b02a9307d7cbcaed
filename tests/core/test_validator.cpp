// The validator and `dlkiosk validate`: every kind of problem is found at its file and line with
// the right severity, and nothing else is reported; the bundled bank passes with zero errors, as
// QTI and by dlkiosk's bank rules; another platform's package is judged by the bank rules only
// when asked (--bank); the command's output is sorted and its exit code is 0, 1 or 2 as documented.
//
// The fixtures under tests/data/validator/ carry their expectations: a comment
// <!-- expect error: words --> (or warning) on a line means a finding on that line, of that
// severity, whose message contains the words. Every finding must be expected.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

#include "bank/bank_rules.h"
#include "core_test_helpers.h"
#include "qti/validator.h"
#include "zip_test_helpers.h"

using namespace dlk;
using dlk::test::contains;
namespace fs = std::filesystem;

namespace {

struct Expectation {
    std::string file;
    int line = 0;
    Severity severity = Severity::Error;
    std::string words;
};

// The expectations in every .xml file under `root`, with file names as `prefix/<relative path>`.
std::vector<Expectation> expectationsIn(const fs::path& root, const std::string& prefix) {
    std::vector<Expectation> out;
    const std::regex marker("<!-- expect (error|warning): (.*?) -->");
    std::vector<fs::path> files;
    if (fs::is_directory(root)) {
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.path().extension() == ".xml") files.push_back(e.path());
    } else {
        files.push_back(root);
    }
    for (const fs::path& f : files) {
        const std::string name =
            fs::is_directory(root) ? prefix + "/" + f.lexically_relative(root).generic_string() : prefix;
        std::istringstream in(dlk::test::readFile(f));
        std::string text;
        for (int line = 1; std::getline(in, text); ++line)
            for (std::sregex_iterator it(text.begin(), text.end(), marker), end; it != end; ++it)
                out.push_back({name, line, (*it)[1] == "error" ? Severity::Error : Severity::Warning, (*it)[2]});
    }
    return out;
}

std::string reportText(const ValidationReport& r) {
    std::string s;
    for (const auto& f : r.findings) s += f.text() + "\n";
    return s;
}

// Each expectation met, and each finding expected.
void checkAgainstMarkers(const ValidationReport& report, const std::vector<Expectation>& expected) {
    INFO("findings:\n" << reportText(report));
    REQUIRE_FALSE(expected.empty());
    for (const Expectation& e : expected) {
        const bool found = std::any_of(report.findings.begin(), report.findings.end(), [&](const Finding& f) {
            return f.file == e.file && f.line == e.line && f.severity == e.severity && contains(f.message, e.words);
        });
        const std::string severity = e.severity == Severity::Error ? "error" : "warning";
        CHECK_MESSAGE(found, "missing: " << e.file << ":" << e.line << ": " << severity << ": " << e.words);
    }
    for (const Finding& f : report.findings) {
        const bool wanted = std::any_of(expected.begin(), expected.end(), [&](const Expectation& e) {
            return f.file == e.file && f.line == e.line && f.severity == e.severity && contains(f.message, e.words);
        });
        CHECK_MESSAGE(wanted, "unexpected: " << f.text());
    }
}

// Runs the built dlkiosk; returns its exit code and fills `out` with what it printed on stdout.
int runDlkiosk(const std::string& arguments, std::string& out, const dlk::test::TempDir& dir) {
    const std::string capture = dir.file("stdout.txt");
    const std::string command =
        std::string("'") + DLK_BINARY + "' " + arguments + " >'" + capture + "' 2>'" + dir.file("stderr.txt") + "'";
    const int status = std::system(command.c_str());
    out = dlk::test::readFile(capture);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

const std::string kData = dlk::test::testData("validator");
const BankRules kBankRules(BankRules::Scope::Always);
const BankRules kRulesForBanks(BankRules::Scope::DlkioskBanks);

}  // namespace

TEST_CASE("validator: the bundled bank validates with zero errors and zero warnings") {
    const ValidationReport r = validatePath(DLK_SOURCE_ITEMS);
    CHECK_MESSAGE(r.findings.empty(), reportText(r));
    CHECK(r.errorCount() == 0);
    // By dlkiosk's bank rules too, which apply to it without being asked: it is a dlkiosk bank.
    const ValidationReport ruled = validatePath(DLK_SOURCE_ITEMS, &kBankRules);
    CHECK_MESSAGE(ruled.findings.empty(), reportText(ruled));
    CHECK(ruled.documents == r.documents);
    // Every document: the manifest, and each variant's test and items.
    int documents = 1;
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    for (const Module& m : bank.modules())
        for (const auto& [lang, v] : m.variants) documents += 1 + static_cast<int>(v.items.size());
    REQUIRE(documents > 3);
    CHECK(r.documents == documents);
}

TEST_CASE("validator: items with problems - each at its file and line with its severity") {
    const ValidationReport r = validatePath(kData + "/items");
    checkAgainstMarkers(r, expectationsIn(kData + "/items", kData + "/items"));
    CHECK(r.documents == 5);
}

TEST_CASE("validator: a test with broken references - duplicate identifiers and bad values") {
    const std::string file = kData + "/tests/test_problems.xml";
    checkAgainstMarkers(validatePath(file), expectationsIn(file, file));
    // The item the test uses is itself fine.
    const ValidationReport ok = validatePath(kData + "/tests/ok_item.xml");
    CHECK_MESSAGE(ok.findings.empty(), reportText(ok));
}

TEST_CASE("validator: a bank package - its manifest and the nl and en rules") {
    const auto expected = expectationsIn(kData + "/bank", kData + "/bank");
    checkAgainstMarkers(validatePath(kData + "/bank", &kBankRules), expected);
    // Its dlk-domain categories make it a dlkiosk bank: the rules apply without --bank.
    checkAgainstMarkers(validatePath(kData + "/bank", &kRulesForBanks), expected);
    // As plain QTI only the manifest's problems remain.
    const ValidationReport qti = validatePath(kData + "/bank");
    INFO(reportText(qti));
    CHECK(qti.errorCount() == 3);
    for (const Finding& f : qti.findings) CHECK(f.file == kData + "/bank/imsmanifest.xml");
}

TEST_CASE("validator: another platform's package is clean as QTI - the bank rules only with --bank") {
    const std::string package = kData + "/thirdparty";
    const ValidationReport plain = validatePath(package, &kRulesForBanks);
    CHECK_MESSAGE(plain.findings.empty(), reportText(plain));
    CHECK(plain.documents == 4);
    const ValidationReport qti = validatePath(package);
    CHECK_MESSAGE(qti.findings.empty(), reportText(qti));
    // Asked for, the bank rules find what a dlkiosk bank must have and this one lacks.
    checkAgainstMarkers(validatePath(package, &kBankRules), expectationsIn(package, package));
    // A session design at its root makes a package a dlkiosk bank, categories or not.
    dlk::test::TempDir dir;
    fs::copy(package, dir.path() / "bank", fs::copy_options::recursive);
    dlk::test::writeFile(dir.path() / "bank/session-design.json", "{\"modules\": [\"quiz\"]}");
    const std::string copy = (dir.path() / "bank").string();
    checkAgainstMarkers(validatePath(copy, &kRulesForBanks), expectationsIn(copy, copy));
}

TEST_CASE("validator: the same bank zipped gives the same findings under the zip's name") {
    dlk::test::TempDir dir;
    const fs::path zip = dir.path() / "bank.zip";
    {
        dlk::test::ZipBuilder b(zip);
        b.addFolder(kData + "/bank");
        b.close();
    }
    checkAgainstMarkers(validatePath(zip.string(), &kBankRules), expectationsIn(kData + "/bank", zip.string()));
}

TEST_CASE("validator: a refused zip - a missing path and a single document from memory") {
    dlk::test::TempDir dir;
    const fs::path zip = dir.path() / "boos.zip";
    {
        dlk::test::ZipBuilder b(zip);
        b.add("imsmanifest.xml", "<manifest/>");
        b.add("../../evil.xml", "<x/>");
        b.close();
    }
    ValidationReport r = validatePath(zip.string());
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].file == zip.string());
    CHECK(r.findings[0].severity == Severity::Error);
    CHECK(contains(r.findings[0].message, "'../../evil.xml' climbs out of the package; refused"));
    r = validatePath(dir.file("nergens.xml"));
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].text() == dir.file("nergens.xml") + ":0: error: no such file or folder");
    r = validateDocument(
        "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"x\">\n"
        "<qti-item-body><qti-choice-interaction response-identifier=\"R\"/></qti-item-body>\n"
        "</qti-assessment-item>\n",
        "geheugen.xml");
    INFO(reportText(r));
    REQUIRE(r.errorCount() == 1);
    CHECK(r.findings[0].text() ==
          "geheugen.xml:2: error: <qti-choice-interaction> refers to response 'R', which is not declared");
}

TEST_CASE("validator: dlkiosk validate prints sorted findings and exits 0 1 or 2") {
    dlk::test::TempDir dir;
    std::string out;
    CHECK(runDlkiosk("validate '" + std::string(DLK_SOURCE_ITEMS) + "'", out, dir) == 0);
    CHECK(out.empty());
    // Only warnings: exit 0, the warnings printed.
    CHECK(runDlkiosk("validate '" + kData + "/items/warnings_only.xml'", out, dir) == 0);
    CHECK(contains(out, "warnings_only.xml:9: warning: src='https://example.org/foto.png'"));
    // Errors: exit 1; one line per problem as file:line: error|warning: message, sorted.
    CHECK(runDlkiosk("validate '" + kData + "/tests/test_problems.xml' '" + kData + "/items'", out, dir) == 1);
    const std::regex line("^(.+):([0-9]+): (error|warning): .+$");
    std::istringstream in(out);
    std::string text;
    std::vector<std::pair<std::string, int>> places;
    while (std::getline(in, text)) {
        std::smatch m;
        REQUIRE_MESSAGE(std::regex_match(text, m, line), text);
        places.emplace_back(m[1], std::stoi(m[2]));
    }
    CHECK(places.size() > 30);
    CHECK(std::is_sorted(places.begin(), places.end()));
    CHECK(places.front().first == kData + "/items/broken.xml");  // sorted across the arguments
    // Usage errors: exit 2.
    CHECK(runDlkiosk("validate", out, dir) == 2);
    CHECK(runDlkiosk("validate --strict '" + std::string(DLK_SOURCE_ITEMS) + "'", out, dir) == 2);
    // A path that does not exist is an error of the input, not of the usage.
    CHECK(runDlkiosk("validate '" + dir.file("nergens") + "'", out, dir) == 1);
}

TEST_CASE("validator: dlkiosk validate --bank applies the bank rules to any package") {
    dlk::test::TempDir dir;
    std::string out;
    const std::string package = kData + "/thirdparty";
    CHECK(runDlkiosk("validate '" + package + "'", out, dir) == 0);
    CHECK(out.empty());
    CHECK(runDlkiosk("validate --bank '" + package + "'", out, dir) == 1);
    CHECK(out == package + "/quiz.xml:4: error: module 'quiz' has no Dutch (nl) version\n" + package +
                     "/quiz.xml:7: error: item ref 'q1' has no dlk-domain-* category (ict, info, media or ct)\n" +
                     package +
                     "/quiz.xml:8: error: item ref 'q2' has no dlk-domain-* category (ict, info, media or ct)\n");
    // The bundled bank passes either way; a dlkiosk bank gets the rules without being asked.
    CHECK(runDlkiosk("validate --bank '" + std::string(DLK_SOURCE_ITEMS) + "'", out, dir) == 0);
    CHECK(out.empty());
    CHECK(runDlkiosk("validate '" + kData + "/bank'", out, dir) == 1);
    CHECK(contains(out, "module 'm02-alleen' has no English (en) version"));
}

TEST_CASE("validator: dlkiosk qti export writes a package that validates cleanly") {
    dlk::test::TempDir dir;
    std::string out;
    const std::string zip = dir.file("export.zip");
    CHECK(runDlkiosk("qti export --out '" + zip + "' --items '" + std::string(DLK_SOURCE_ITEMS) + "'", out, dir) == 0);
    REQUIRE(fs::exists(zip));
    CHECK(runDlkiosk("validate '" + zip + "'", out, dir) == 0);
    CHECK(out.empty());
    // Without --out the command refuses and writes nothing.
    CHECK(runDlkiosk("qti export --items '" + std::string(DLK_SOURCE_ITEMS) + "'", out, dir) == 1);
    CHECK(runDlkiosk("qti import", out, dir) == 1);
}

TEST_CASE("validator: completionStatus and a correct response set by template processing are valid QTI") {
    const std::string xml =
        R"(<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="tp" title="t">
      <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="integer"/>
      <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
      <qti-template-declaration identifier="A" cardinality="single" base-type="integer"/>
      <qti-template-processing>
        <qti-set-template-value identifier="A"><qti-random-integer min="2" max="9"/></qti-set-template-value>
        <qti-set-correct-response identifier="RESPONSE"><qti-variable identifier="A"/></qti-set-correct-response>
      </qti-template-processing>
      <qti-item-body><p>A = <qti-text-entry-interaction response-identifier="RESPONSE"/></p></qti-item-body>
      <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>
      </qti-assessment-item>)";
    const ValidationReport r = validateDocument(xml, "tp.xml");
    CHECK_MESSAGE(r.errorCount() == 0, reportText(r));
    // Without the template rule the same item has no correct response: that is an error.
    std::string plain = xml;
    plain.erase(plain.find("<qti-set-correct-response"),
                plain.find("</qti-template-processing>") - plain.find("<qti-set-correct-response"));
    CHECK(contains(reportText(validateDocument(plain, "tp.xml")), "match_correct needs a correct response"));

    const std::string status =
        R"(<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="cs" title="t">
      <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
      <qti-item-body><p>x</p></qti-item-body>
      <qti-response-processing><qti-set-outcome-value identifier="completionStatus"><qti-base-value base-type="identifier">completed</qti-base-value></qti-set-outcome-value>
      <qti-set-outcome-value identifier="SCORE"><qti-variable identifier="completionStatus"/></qti-set-outcome-value></qti-response-processing>
      </qti-assessment-item>)";
    const ValidationReport s = validateDocument(status, "cs.xml");
    CHECK_MESSAGE(s.errorCount() == 0, reportText(s));
}
