// The QTI writer: 2.x documents converted to 3.0 spelling load to the same model, and the zip is
// written atomically. Exporting a whole bank is tested in test_bank_export.cpp.
#include <doctest/doctest.h>

#include <filesystem>

#include "core_test_helpers.h"
#include "model_compare.h"
#include "qti/qti_loader.h"
#include "qti/qti_writer.h"
#include "qti/validator.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
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

TEST_CASE("writer: a QTI 2.1 item converted to 3.0 loads to the same model") {
    const std::string path = dlk::test::testData("qti/two_interactions_v21.xml");
    const std::string v21 = dlk::test::readFile(path);
    const Item original = parseItemXml(v21, "item.xml");
    const std::string v30 = convertToQti3(v21, "item.xml");
    INFO(v30);
    const Item converted = parseItemXml(v30, "item.xml");
    CHECK(original.version == QtiVersion::V2_1);
    CHECK(converted.version == QtiVersion::V3_0);
    CHECK(dlk::test::itemDiff(original, converted, kConverted) == "");
    // 3.0 spelling: qti- elements, kebab-case attributes, the 3.0 namespace and template URI.
    CHECK(contains(v30, "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\""));
    CHECK(
        contains(v30, "<qti-choice-interaction response-identifier=\"RESPONSE\" shuffle=\"false\" max-choices=\"0\""));
    CHECK(contains(v30, "<qti-map-entry map-key=\"utrecht centraal\" mapped-value=\"0.5\" case-sensitive=\"false\"/>"));
    CHECK(contains(v30, "time-dependent=\"false\" xml:lang=\"nl\""));
    CHECK(contains(v30, "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"));
    CHECK(contains(v30, "imsqtiasi_v3p0 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"));
    CHECK_FALSE(contains(v30, "imsqti_v2p1"));
    CHECK_FALSE(contains(v30, "responseIdentifier"));
    CHECK_FALSE(contains(v30, "<value>"));
    // HTML and data-* attributes unchanged.
    CHECK(contains(v30, "<p class=\"intro\">Lees de tekst. <img src=\"media/kaart.png\" alt=\"Een kaart\"/></p>"));
    CHECK(contains(v30, "data-dlk-hint=\"twee\""));
    // The result scores like the original: the standard template on the same declarations.
    CHECK(converted.processing.kind == ResponseTemplate::MapResponse);
}

TEST_CASE("writer: a QTI 2.1 item with custom processing - feedback and MathML converts to the same model") {
    const std::string v21 = dlk::test::readFile(dlk::test::testData("bank21/m97-oud/nl/oud-01.xml"));
    const Item original = parseItemXml(v21, "oud-01.xml");
    const std::string v30 = convertToQti3(v21, "oud-01.xml");
    INFO(v30);
    const Item converted = parseItemXml(v30, "oud-01.xml");
    CHECK(dlk::test::itemDiff(original, converted, kConverted) == "");
    CHECK(converted.processing.kind == ResponseTemplate::Custom);
    CHECK(contains(v30, "<qti-response-condition>"));
    CHECK(contains(v30, "<qti-string-match case-sensitive=\"false\">"));
    CHECK(contains(v30, "<qti-feedback-inline outcome-identifier=\"FEEDBACK\""));
    CHECK(contains(v30, "<qti-modal-feedback outcome-identifier=\"FEEDBACK\""));
    // Inter-element spaces survive: "Let op", not "Letop".
    CHECK(contains(v30, "<strong>Let</strong> <em>op</em>"));
    // Foreign namespaces (MathML) are left alone; table cells keep their HTML attributes.
    CHECK(contains(v30, "<m:math><m:mn>2</m:mn>"));
    CHECK(contains(v30, "<td colspan=\"2\">"));
    // The converted document is valid QTI 3.0 spelling throughout.
    const ValidationReport r = validateDocument(v30, "oud-01.xml");
    CHECK_MESSAGE(r.findings.empty(), findingsText(r));
}

TEST_CASE("writer: a QTI 2.1 test converts to 3.0 and loads to the same model") {
    const std::string v21 = dlk::test::readFile(dlk::test::testData("bank21/m97-oud/module.nl.xml"));
    const AssessmentTest original = parseAssessmentTest(v21, "module.nl.xml");
    const std::string v30 = convertToQti3(v21, "module.nl.xml");
    INFO(v30);
    const AssessmentTest converted = parseAssessmentTest(v30, "module.nl.xml");
    CHECK(dlk::test::testDiff(original, converted, kConverted) == "");
    CHECK(contains(v30, "<qti-assessment-item-ref identifier=\"oud-01\" href=\"nl/oud-01.xml\""));
    CHECK(contains(v30, "<qti-test-part identifier=\"P1\" navigation-mode=\"linear\" submission-mode=\"individual\">"));
    CHECK(contains(v30, "<qti-time-limits max-time=\"900\"/>"));
}

TEST_CASE("writer: a QTI 3.0 document is returned byte for byte - and non-QTI is refused") {
    const std::string v30 = dlk::test::readFile(dlk::test::testData("qti/two_interactions_v30.xml"));
    CHECK(convertToQti3(v30, "x.xml") == v30);
    auto e = errorOf([] { (void)convertToQti3("<html><p>hoi</p></html>", "x.xml"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "x.xml:1: <html> is not a QTI"));
    e = errorOf([] { (void)convertToQti3("<assessmentItem", "kapot.xml"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(contains(e->what(), "kapot.xml:"));
}

TEST_CASE("writer: a zip entry name that climbs out is never written") {
    dlk::test::TempDir dir;
    auto e = errorOf([&] { writeZipAtomically(dir.file("x.zip"), {{"../evil.xml", "<x/>"}}); });
    REQUIRE(e);
    CHECK(contains(e->what(), "climbs out"));
    CHECK_FALSE(fs::exists(dir.path() / "x.zip"));
    CHECK(fs::is_empty(dir.path()));
}
