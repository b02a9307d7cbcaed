// Exporting an item bank: the package loads back to the same modules, items, declarations, body
// trees and processing; a QTI 2.x bank is converted with its media and stimuli; a bank with
// problems is not exported, and a failed export leaves the old package as it was.
#include <doctest/doctest.h>

#include <filesystem>

#include "bank/bank_export.h"
#include "bank/bank_rules.h"
#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "model_compare.h"
#include "qti/package.h"
#include "qti/validator.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::problemsText;
namespace fs = std::filesystem;

namespace {

std::string findingsText(const ValidationReport& r) {
    std::string s;
    for (const auto& f : r.findings) s += f.text() + "\n";
    return s;
}

// Conversions reflow attributes onto one line and write 3.0 template URIs: compare the rest.
const dlk::test::CompareOptions kConverted{false, false, false};

}  // namespace

TEST_CASE("bank export: qti export of the bundled bank loads back to the same model") {
    dlk::test::TempDir dir;
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const fs::path zip = dir.path() / "bank.zip";
    const PackageExportSummary s = exportBankPackage(bank, zip.string());
    // Every variant's test and items, and the pictures in the modules' media folders.
    int tests = 0, items = 0, media = 0;
    for (const Module& m : bank.modules())
        for (const auto& [lang, v] : m.variants) {
            tests += 1;
            items += static_cast<int>(v.items.size());
        }
    for (const auto& e : fs::recursive_directory_iterator(DLK_SOURCE_ITEMS))
        media += e.is_regular_file() && e.path().parent_path().filename() == "media";
    REQUIRE(tests >= 2);
    CHECK(s.tests == tests);
    CHECK(s.items == items);
    CHECK(s.media == media);
    CHECK(s.converted == 0);
    const ItemBank back = ItemBank::load(zip.string());
    CHECK_MESSAGE(back.problems().empty(), problemsText(back));
    CHECK(dlk::test::bankDiff(bank, back) == "");
    // QTI 3.0 items are copied byte for byte; the manifest is new and lists every file.
    const Package pkg = Package::open(zip.string());
    CHECK(pkg.read("m01-schoolreis/nl/schoolreis-01-bestandstype.xml") ==
          dlk::test::readFile(std::string(DLK_SOURCE_ITEMS) + "/m01-schoolreis/nl/schoolreis-01-bestandstype.xml"));
    // Every item, the simulated software's scenarios in dlkiosk's namespace among them, round-trips
    // unchanged.
    int environmentItems = 0;
    for (const auto& e : fs::recursive_directory_iterator(DLK_SOURCE_ITEMS)) {
        const std::string folder = e.path().parent_path().filename().string();
        if (!e.is_regular_file() || (folder != "nl" && folder != "en")) continue;
        const std::string rel = fs::relative(e.path(), DLK_SOURCE_ITEMS).generic_string();
        const std::string source = dlk::test::readFile(e.path().string());
        CAPTURE(rel);
        CHECK(pkg.read(rel) == source);
        environmentItems += contains(source, "xmlns:dlk=\"https://dlkiosk.nl/ns/1\"");
    }
    CHECK(environmentItems >= 2 * 7);  // two languages, at least one item per environment
    const std::string manifest = pkg.read("imsmanifest.xml");
    CHECK(contains(manifest, "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"));
    CHECK(contains(
        manifest,
        "identifier=\"m01-schoolreis-en\" type=\"imsqti_test_xmlv3p0\" href=\"m01-schoolreis/module.en.xml\""));
    CHECK(contains(manifest, "identifier=\"schoolreis-06-delen-nl\" type=\"imsqti_item_xmlv3p0\""));
    CHECK(pkg.list().size() == static_cast<size_t>(1 + tests + items + media));  // and the manifest; no README
    const BankRules rules(BankRules::Scope::Always);
    const ValidationReport r = validatePath(zip.string(), &rules);
    CHECK_MESSAGE(r.errorCount() == 0, findingsText(r));
    // No temporary file is left beside the package.
    int entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) entries += e.path() != zip;
    CHECK(entries == 0);
}

TEST_CASE("bank export: qti export converts a QTI 2.x bank with its media and stimuli") {
    dlk::test::TempDir dir;
    const ItemBank bank = ItemBank::loadFolder(dlk::test::testData("bank21"));
    REQUIRE_MESSAGE(bank.problems().empty(), problemsText(bank));
    const fs::path zip = dir.path() / "oud.zip";
    const PackageExportSummary s = exportBankPackage(bank, zip.string());
    CHECK(s.tests == 1);
    CHECK(s.items == 2);
    CHECK(s.converted == 4);  // the test, two items and the stimulus
    CHECK(s.media == 2);      // the picture and the stimulus
    const ItemBank back = ItemBank::load(zip.string());
    CHECK_MESSAGE(back.problems().empty(), problemsText(back));
    CHECK(dlk::test::bankDiff(bank, back, kConverted) == "");
    const Module* m = back.findModule("m97-oud");
    REQUIRE(m);
    for (const auto& item : m->variants.at("nl").items) CHECK(item->version == QtiVersion::V3_0);
    const Package pkg = Package::open(zip.string());
    CHECK(pkg.exists("m97-oud/nl/media/kaart.svg"));
    CHECK(contains(pkg.read("m97-oud/stimulus/tekst.xml"), "<qti-assessment-stimulus"));
    CHECK(contains(pkg.read("m97-oud/module.nl.xml"), "<qti-assessment-test"));
    const std::string manifest = pkg.read("imsmanifest.xml");
    CHECK(contains(manifest, "type=\"imsqti_stimulus_xmlv3p0\" href=\"m97-oud/stimulus/tekst.xml\""));
    CHECK(contains(manifest, "type=\"webcontent\" href=\"m97-oud/nl/media/kaart.svg\""));
    // Everything in the package is QTI 3.0 spelling, and valid QTI; the only errors are the
    // bank's own rule that this one-language module breaks.
    const ValidationReport qti = validatePath(zip.string());
    CHECK_MESSAGE(qti.errorCount() == 0, findingsText(qti));
    const BankRules rules(BankRules::Scope::Always);
    const ValidationReport r = validatePath(zip.string(), &rules);
    INFO(findingsText(r));
    CHECK(r.errorCount() == 1);
    for (const Finding& f : r.findings) {
        CHECK_FALSE(contains(f.message, "spelling"));
        if (f.severity == Severity::Error) CHECK(contains(f.message, "has no English (en) version"));
    }
}

TEST_CASE("bank export: an export that fails leaves the existing package as it was") {
    dlk::test::TempDir dir;
    const fs::path zip = dir.path() / "bank.zip";
    dlk::test::writeFile(zip, "de vorige export");
    // A bank with a problem is not exported at all.
    const fs::path broken = dlk::test::copyBundledBank(dir);
    fs::remove(broken / "m01-schoolreis/en/schoolreis-03-advertentie.xml");
    auto e = errorOf([&] { (void)exportBankPackage(ItemBank::loadFolder(broken.string()), zip.string()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "problem"));
    CHECK(dlk::test::readFile(zip) == "de vorige export");
    // A folder that does not exist: an Io error, nothing written anywhere.
    e = errorOf([&] { (void)exportBankPackage(ItemBank::loadFolder(DLK_SOURCE_ITEMS), dir.file("nergens/bank.zip")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    // A successful export replaces the old file whole.
    (void)exportBankPackage(ItemBank::loadFolder(DLK_SOURCE_ITEMS), zip.string());
    CHECK(ItemBank::load(zip.string()).findModule("m01-schoolreis") != nullptr);
}
