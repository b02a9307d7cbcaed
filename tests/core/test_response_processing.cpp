// The standard response processing templates, exactly as docs/item-format.md describes them.
#include <doctest/doctest.h>

#include "core_test_helpers.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const char* kTemplateBase = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/";

// A QTI 3.0 item with one RESPONSE declaration (`inside` is its content), a SCORE outcome and
// the template `tmpl` ("" for no response processing).
Item makeItem(const std::string& cardinality, const std::string& baseType, const std::string& inside,
              const std::string& tmpl, const std::string& scoreType = "float") {
    std::string xml = "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"rp\">\n";
    xml += "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"" + cardinality + "\" base-type=\"" +
           baseType + "\">\n" + inside + "\n</qti-response-declaration>\n";
    xml += "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"" + scoreType +
           "\"><qti-default-value><qti-value>0</qti-value></qti-default-value></qti-outcome-declaration>\n";
    xml +=
        "<qti-outcome-declaration identifier=\"MAXSCORE\" cardinality=\"single\" base-type=\"float\">"
        "<qti-default-value><qti-value>7</qti-value></qti-default-value></qti-outcome-declaration>\n";
    xml +=
        "<qti-item-body><qti-choice-interaction response-identifier=\"RESPONSE\" max-choices=\"0\"/></qti-item-body>\n";
    if (!tmpl.empty()) xml += "<qti-response-processing template=\"" + std::string(kTemplateBase) + tmpl + ".xml\"/>\n";
    xml += "</qti-assessment-item>\n";
    return parseItemXml(xml, "rp.xml");
}

std::string correct(std::initializer_list<const char*> values) {
    std::string s = "<qti-correct-response>";
    for (const char* v : values) s += std::string("<qti-value>") + v + "</qti-value>";
    return s + "</qti-correct-response>";
}

VariableMap respond(const Item& item, std::vector<std::string> values) {
    const ResponseDeclaration& d = *item.findResponse("RESPONSE");
    if (d.cardinality == Cardinality::Single)
        return {{"RESPONSE", Value::single(d.baseType, values.empty() ? "" : values[0])}};
    return {{"RESPONSE", Value::container(d.cardinality, d.baseType, std::move(values))}};
}

double score(const Item& item, std::vector<std::string> values) {
    return scoreOf(item, respond(item, std::move(values)));
}

}  // namespace

TEST_CASE("match_correct: single identifier right - wrong and NULL") {
    const Item item = makeItem("single", "identifier", correct({"C"}), "match_correct");
    CHECK(score(item, {"C"}) == 1);
    CHECK(score(item, {"A"}) == 0);
    CHECK(score(item, {""}) == 0);             // empty string is NULL
    CHECK(scoreOf(item, VariableMap{}) == 0);  // no answer at all
    CHECK(scoreOf(item, {{"OTHER", Value::single(BaseType::Identifier, "C")}}) == 0);
    // The outcome map: SCORE set, MAXSCORE left at its default.
    const VariableMap out = processResponses(item, respond(item, {"C"}));
    REQUIRE(out.count("SCORE"));
    CHECK(out.at("SCORE") == Value::single(BaseType::Float, "1"));
    CHECK(out.at("MAXSCORE") == Value::single(BaseType::Float, "7"));
}

TEST_CASE("match_correct: multiple compares as bags - an empty container scores 0") {
    const Item item = makeItem("multiple", "identifier", correct({"A", "C"}), "match_correct");
    CHECK(score(item, {"A", "C"}) == 1);
    CHECK(score(item, {"C", "A"}) == 1);
    CHECK(score(item, {"A"}) == 0);
    CHECK(score(item, {"A", "C", "D"}) == 0);
    CHECK(score(item, {"A", "A", "C"}) == 0);
    CHECK(score(item, {}) == 0);
}

TEST_CASE("match_correct: ordered compares as sequences") {
    const Item item = makeItem("ordered", "identifier", correct({"B", "D", "A", "C"}), "match_correct");
    CHECK(score(item, {"B", "D", "A", "C"}) == 1);
    CHECK(score(item, {"D", "B", "A", "C"}) == 0);
    CHECK(score(item, {"B", "D", "A"}) == 0);
    CHECK(score(item, {}) == 0);
}

TEST_CASE("match_correct: pair ignores order inside a pair - directedPair does not") {
    const Item pair = makeItem("multiple", "pair", correct({"A B", "C D"}), "match_correct");
    CHECK(score(pair, {"B A", "D C"}) == 1);
    CHECK(score(pair, {"C D", "A B"}) == 1);
    CHECK(score(pair, {"A C", "B D"}) == 0);
    const Item directed = makeItem("multiple", "directedPair", correct({"S1 T2", "S2 T3"}), "match_correct");
    CHECK(score(directed, {"S2 T3", "S1 T2"}) == 1);
    CHECK(score(directed, {"T2 S1", "S2 T3"}) == 0);
}

TEST_CASE("match_correct: numbers by value - strings exactly") {
    const Item number = makeItem("single", "float", correct({"1.5"}), "match_correct");
    CHECK(score(number, {"1.50"}) == 1);
    CHECK(score(number, {"1.5000001"}) == 0);
    const Item integer = makeItem("single", "integer", correct({"15"}), "match_correct");
    CHECK(score(integer, {"15"}) == 1);
    CHECK(score(integer, {"+15"}) == 1);
    CHECK(score(integer, {"16"}) == 0);
    const Item text = makeItem("single", "string", correct({"Utrecht"}), "match_correct");
    CHECK(score(text, {"Utrecht"}) == 1);
    CHECK(score(text, {"utrecht"}) == 0);
    CHECK(score(text, {""}) == 0);
}

TEST_CASE("match_correct: a missing correct response scores 0 whatever the answer") {
    const Item item = makeItem("single", "identifier", "", "match_correct");
    CHECK_FALSE(item.findResponse("RESPONSE")->correctResponse.has_value());
    CHECK(score(item, {"A"}) == 0);
    CHECK(score(item, {""}) == 0);
    const Item empty = makeItem("multiple", "identifier", "<qti-correct-response/>", "match_correct");
    CHECK(score(empty, {"A"}) == 0);
    CHECK(score(empty, {}) == 0);
}

TEST_CASE("match_correct: an integer SCORE is written as an integer") {
    const Item item = makeItem("single", "identifier", correct({"C"}), "match_correct", "integer");
    const VariableMap out = processResponses(item, respond(item, {"C"}));
    CHECK(out.at("SCORE") == Value::single(BaseType::Integer, "1"));
    CHECK(scoreOf(item, respond(item, {"B"})) == 0);
}

TEST_CASE("map_response: the documented example B B C with A=0 B=1 C=0.5 gives 1.5") {
    const Item item = makeItem("multiple", "identifier",
                               "<qti-mapping><qti-map-entry map-key=\"A\" mapped-value=\"0\"/>"
                               "<qti-map-entry map-key=\"B\" mapped-value=\"1\"/>"
                               "<qti-map-entry map-key=\"C\" mapped-value=\"0.5\"/></qti-mapping>",
                               "map_response");
    CHECK(score(item, {"B", "B", "C"}) == 1.5);
    CHECK(score(item, {"B", "C", "A"}) == 1.5);
    CHECK(score(item, {"C"}) == 0.5);
    CHECK(score(item, {"B", "B", "B", "B"}) == 1);
    CHECK(score(item, {}) == 0);
    CHECK(scoreOf(item, VariableMap{}) == 0);
}

TEST_CASE("map_response: unmapped distinct values add defaultValue - NULL stays 0") {
    const Item item = makeItem("multiple", "identifier",
                               "<qti-mapping default-value=\"0.25\"><qti-map-entry map-key=\"A\" mapped-value=\"1\"/>"
                               "</qti-mapping>",
                               "map_response");
    CHECK(score(item, {"A", "X", "Y"}) == 1.5);
    CHECK(score(item, {"X", "X"}) == 0.25);  // a repeated value counts once
    CHECK(score(item, {"A"}) == 1);
    CHECK(score(item, {}) == 0);  // NULL: 0, not the default
    const Item negative = makeItem("ordered", "identifier",
                                   "<qti-mapping default-value=\"-1\"><qti-map-entry map-key=\"A\" mapped-value=\"2\"/>"
                                   "</qti-mapping>",
                                   "map_response");
    CHECK(score(negative, {"A", "B", "C"}) == 0);  // 2 - 1 - 1, no bounds
    CHECK(score(negative, {"B", "A"}) == 1);
}

TEST_CASE("map_response: the sum is clamped to lowerBound and upperBound") {
    const Item lower = makeItem("multiple", "identifier",
                                "<qti-mapping lower-bound=\"0\"><qti-map-entry map-key=\"A\" mapped-value=\"-1\"/>"
                                "<qti-map-entry map-key=\"B\" mapped-value=\"-1\"/>"
                                "<qti-map-entry map-key=\"C\" mapped-value=\"1\"/></qti-mapping>",
                                "map_response");
    CHECK(score(lower, {"A", "B"}) == 0);
    CHECK(score(lower, {"A", "B", "C"}) == 0);
    CHECK(score(lower, {"C"}) == 1);
    const Item upper = makeItem("multiple", "identifier",
                                "<qti-mapping upper-bound=\"2\" lower-bound=\"-0.5\">"
                                "<qti-map-entry map-key=\"A\" mapped-value=\"1\"/>"
                                "<qti-map-entry map-key=\"B\" mapped-value=\"1\"/>"
                                "<qti-map-entry map-key=\"C\" mapped-value=\"1\"/>"
                                "<qti-map-entry map-key=\"D\" mapped-value=\"-3\"/></qti-mapping>",
                                "map_response");
    CHECK(score(upper, {"A", "B", "C"}) == 2);
    CHECK(score(upper, {"A", "B"}) == 2);
    CHECK(score(upper, {"A"}) == 1);
    CHECK(score(upper, {"D"}) == -0.5);
    CHECK(score(upper, {"A", "B", "C", "D"}) == 0);  // 3 - 3 = 0: clamping comes after summing
}

TEST_CASE("map_response: single cardinality takes the mapped value of its key or the default") {
    const Item item = makeItem("single", "identifier",
                               "<qti-mapping default-value=\"0.1\"><qti-map-entry map-key=\"A\" mapped-value=\"2\"/>"
                               "<qti-map-entry map-key=\"B\" mapped-value=\"0.5\"/></qti-mapping>",
                               "map_response");
    CHECK(score(item, {"A"}) == 2);
    CHECK(score(item, {"B"}) == 0.5);
    CHECK(score(item, {"Z"}) == doctest::Approx(0.1));
    CHECK(score(item, {""}) == 0);
}

TEST_CASE("map_response: string keys honour caseSensitive - absent meaning true") {
    const Item item =
        makeItem("single", "string",
                 "<qti-mapping><qti-map-entry map-key=\"Amsterdam\" mapped-value=\"1\" case-sensitive=\"false\"/>"
                 "<qti-map-entry map-key=\"Utrecht\" mapped-value=\"2\"/></qti-mapping>",
                 "map_response");
    CHECK(score(item, {"Amsterdam"}) == 1);
    CHECK(score(item, {"amsterdam"}) == 1);
    CHECK(score(item, {"AMSTERDAM"}) == 1);
    CHECK(score(item, {"Utrecht"}) == 2);
    CHECK(score(item, {"utrecht"}) == 0);
    CHECK(score(item, {"UTRECHT"}) == 0);
    CHECK(score(item, {"Rotterdam"}) == 0);
}

TEST_CASE("map_response: pair keys ignore order - directedPair keys do not - numbers by value") {
    const Item pair = makeItem("multiple", "pair",
                               "<qti-mapping><qti-map-entry map-key=\"A B\" mapped-value=\"1\"/>"
                               "<qti-map-entry map-key=\"C D\" mapped-value=\"2\"/></qti-mapping>",
                               "map_response");
    CHECK(score(pair, {"B A"}) == 1);
    CHECK(score(pair, {"A B", "B A"}) == 1);  // the same pair twice counts once
    CHECK(score(pair, {"D C", "A B"}) == 3);
    const Item directed =
        makeItem("multiple", "directedPair",
                 "<qti-mapping><qti-map-entry map-key=\"S1 T2\" mapped-value=\"1\"/></qti-mapping>", "map_response");
    CHECK(score(directed, {"S1 T2"}) == 1);
    CHECK(score(directed, {"T2 S1"}) == 0);
    const Item number =
        makeItem("single", "float", "<qti-mapping><qti-map-entry map-key=\"1.5\" mapped-value=\"3\"/></qti-mapping>",
                 "map_response");
    CHECK(score(number, {"1.50"}) == 3);
}

TEST_CASE("map_response: a declaration without a mapping maps to 0 when called directly") {
    ResponseDeclaration decl;
    decl.identifier = "RESPONSE";
    decl.cardinality = Cardinality::Multiple;
    CHECK(mapResponse(decl, Value::container(Cardinality::Multiple, BaseType::Identifier, {"A"})) == 0);
    decl.mapping = Mapping{};
    decl.mapping->defaultValue = 2;
    CHECK(mapResponse(decl, Value::container(Cardinality::Multiple, BaseType::Identifier, {"A", "B"})) == 4);
    CHECK(mapResponse(decl, Value::null(Cardinality::Multiple, BaseType::Identifier)) == 0);
}

namespace {
const char* kAreas =
    "<qti-area-mapping default-value=\"0.5\">"
    "<qti-area-map-entry shape=\"circle\" coords=\"50,50,10\" mapped-value=\"1\"/>"
    "<qti-area-map-entry shape=\"rect\" coords=\"40,40,70,70\" mapped-value=\"2\"/>"
    "<qti-area-map-entry shape=\"poly\" coords=\"100,0,120,0,110,20\" mapped-value=\"4\"/>"
    "<qti-area-map-entry shape=\"ellipse\" coords=\"200,200,20,10\" mapped-value=\"8\"/>"
    "</qti-area-mapping>";
}  // namespace

TEST_CASE("map_response_point: areas count once - the first area wins - points in no area add the default") {
    const Item item = makeItem("multiple", "point", kAreas, "map_response_point");
    CHECK(score(item, {"50 50"}) == 1);  // circle; inside the rect too, but the circle comes first
    CHECK(score(item, {"41 41"}) == 2);  // rect only (12.7 from the circle's centre)
    CHECK(score(item, {"50 50", "41 41"}) == 3);
    CHECK(score(item, {"50 50", "52 52", "48 51"}) == 1);  // three points in the circle: once
    CHECK(score(item, {"110 0"}) == 4);                    // on the poly's edge
    CHECK(score(item, {"220 200"}) == 8);                  // on the ellipse's border
    CHECK(score(item, {"500 500"}) == 0.5);                // in no area: defaultValue
    CHECK(score(item, {"500 500", "600 600"}) == 1.0);     // each such point adds it
    CHECK(score(item, {"50 50", "41 41", "110 5", "200 200", "0 300"}) == 15.5);
    CHECK(score(item, {}) == 0);
    CHECK(scoreOf(item, VariableMap{}) == 0);
}

TEST_CASE("map_response_point: a default-shape area catches the rest - once - bounds clamp") {
    const Item item = makeItem("multiple", "point",
                               "<qti-area-mapping default-value=\"0.5\" upper-bound=\"1.5\">"
                               "<qti-area-map-entry shape=\"circle\" coords=\"50,50,10\" mapped-value=\"1\"/>"
                               "<qti-area-map-entry shape=\"default\" mapped-value=\"0.25\"/>"
                               "</qti-area-mapping>",
                               "map_response_point");
    CHECK(score(item, {"500 500"}) == 0.25);
    CHECK(score(item, {"500 500", "0 0"}) == 0.25);
    CHECK(score(item, {"50 50", "0 0"}) == 1.25);
    const Item lower = makeItem("multiple", "point",
                                "<qti-area-mapping lower-bound=\"0\" upper-bound=\"1.5\">"
                                "<qti-area-map-entry shape=\"rect\" coords=\"0,0,10,10\" mapped-value=\"1\"/>"
                                "<qti-area-map-entry shape=\"rect\" coords=\"20,0,30,10\" mapped-value=\"1\"/>"
                                "<qti-area-map-entry shape=\"rect\" coords=\"40,0,50,10\" mapped-value=\"-3\"/>"
                                "</qti-area-mapping>",
                                "map_response_point");
    CHECK(score(lower, {"5 5", "25 5"}) == 1.5);
    CHECK(score(lower, {"45 5"}) == 0);
}

TEST_CASE("map_response_point: a single point") {
    const Item item = makeItem("single", "point", kAreas, "map_response_point");
    CHECK(score(item, {"50 50"}) == 1);
    CHECK(score(item, {"300 0"}) == 0.5);
    CHECK(score(item, {""}) == 0);
}

TEST_CASE("response processing: no template leaves SCORE at its default") {
    const Item item = makeItem("single", "identifier", correct({"A"}), "");
    const VariableMap out = processResponses(item, respond(item, {"A"}));
    CHECK(out.at("SCORE") == Value::single(BaseType::Float, "0"));
    CHECK(scoreOf(item, respond(item, {"A"})) == 0);
}

TEST_CASE("response processing: a custom operator nobody implements is a dlk::Error naming file and line") {
    // Custom processing is refused as a whole for now; an engine that runs it must still refuse
    // an operator it does not know. The rules sit on one line, so any line it names is 5.
    const std::string xml =
        "<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\" identifier=\"c\">\n"
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\"/>\n"
        "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\"/>\n"
        "<qti-item-body><qti-choice-interaction response-identifier=\"RESPONSE\"/></qti-item-body>\n"
        "<qti-response-processing><qti-set-outcome-value identifier=\"SCORE\">"
        "<qti-custom-operator class=\"nl.example.bestaatNiet\"><qti-variable identifier=\"RESPONSE\"/>"
        "</qti-custom-operator></qti-set-outcome-value></qti-response-processing>\n"
        "</qti-assessment-item>\n";
    const Item item = parseItemXml(xml, "custom.xml");
    REQUIRE(item.processing.kind == ResponseTemplate::Custom);
    const VariableMap responses{{"RESPONSE", Value::single(BaseType::Identifier, "A")}};
    auto e = errorOf([&] { processResponses(item, responses); });
    REQUIRE(e);
    const std::string msg = e->what();
    CAPTURE(msg);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(msg.starts_with("custom.xml:"));
    CHECK((msg.starts_with("custom.xml:5:") || contains(msg, "line 5")));
    e = errorOf([&] { (void)scoreOf(item, responses); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
}

TEST_CASE("response processing: the bundled partial-credit items score as their mappings say") {
    const Item ad = loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/m01-schoolreis/nl/schoolreis-03-advertentie.xml");
    // Map {A:1, B:-1, C:1, D:-1, E:-1}, bounds [0, 2].
    CHECK(score(ad, {"A", "C"}) == 2);
    CHECK(score(ad, {"A", "C", "E"}) == 1);
    CHECK(score(ad, {"A", "B"}) == 0);
    CHECK(score(ad, {"B", "D", "E"}) == 0);
    CHECK(ad.maxScore() == 2);
    const Item share = loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/m01-schoolreis/nl/schoolreis-06-delen.xml");
    // String keys "pdf" and ".pdf", both case-insensitive.
    CHECK(score(share, {"pdf"}) == 1);
    CHECK(score(share, {"PDF"}) == 1);
    CHECK(score(share, {".Pdf"}) == 1);
    CHECK(score(share, {"docx"}) == 0);
    CHECK(score(share, {""}) == 0);
    const Item sources = loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/m01-schoolreis/nl/schoolreis-05-bronnen.xml");
    CHECK(score(sources, {"S1 T2", "S2 T3", "S3 T1"}) == 3);
    CHECK(score(sources, {"S1 T2", "S2 T1", "S3 T3"}) == 1);
    CHECK(score(sources, {"T2 S1"}) == 0);  // directedPair: the order matters
}
