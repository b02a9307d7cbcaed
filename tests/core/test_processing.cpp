// Custom response processing, template processing and the expression set (qti/processing.h),
// written from the QTI specification: each expected value is reasoned from the spec's text.
#include <cmath>

#include "core_test_helpers.h"
#include "qti/processing.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

// A QTI 3.0 item with the given declarations and response processing rules.
std::string item(const std::string& declarations, const std::string& rules, const std::string& extra = "") {
    return R"(<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="t" title="t">)" +
           declarations + R"(<qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>)" +
           extra + R"(<qti-item-body><p>x</p></qti-item-body><qti-response-processing>)" + rules +
           "</qti-response-processing></qti-assessment-item>";
}

const char* kChoice = R"(<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
  <qti-correct-response><qti-value>B</qti-value></qti-correct-response></qti-response-declaration>)";

// Evaluates an expression by putting it into SCORE through a custom rule over RESPONSE.
double scoreWith(const std::string& expr, const std::string& decl, const Json& response) {
    const Item it = parseItemXml(
        item(decl, "<qti-set-outcome-value identifier=\"SCORE\">" + expr + "</qti-set-outcome-value>"), "t.xml");
    VariableMap r;
    const auto* d = it.findResponse("RESPONSE");
    if (d) r["RESPONSE"] = valueFromJson(response, d->cardinality, d->baseType, "RESPONSE");
    return scoreOf(it, r);
}

// The value an expression gives, as a single string ("NULL" for NULL).
std::string evalText(const std::string& expr) {
    const Item it =
        parseItemXml(item("", "<qti-set-outcome-value identifier=\"OUT\">" + expr + "</qti-set-outcome-value>",
                          R"(<qti-outcome-declaration identifier="OUT" cardinality="single" base-type="string"/>)"),
                     "t.xml");
    const VariableMap out = processResponses(it, {});
    const Value& v = out.at("OUT");
    return v.isNull() ? "NULL" : v.items[0];
}

std::string bv(const char* type, const std::string& v) {
    return std::string("<qti-base-value base-type=\"") + type + "\">" + v + "</qti-base-value>";
}

}  // namespace

TEST_CASE("custom processing: responseCondition with match and correct gives 1 or 0") {
    const std::string rules = R"(<qti-response-condition>
      <qti-response-if><qti-match><qti-variable identifier="RESPONSE"/><qti-correct identifier="RESPONSE"/></qti-match>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
      </qti-response-if>
      <qti-response-else>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">0</qti-base-value></qti-set-outcome-value>
      </qti-response-else></qti-response-condition>)";
    const Item it = parseItemXml(item(kChoice, rules), "t.xml");
    CHECK(it.processing.kind == ResponseTemplate::Custom);
    CHECK(scoreOf(it, {{"RESPONSE", Value::single(BaseType::Identifier, "B")}}) == 1.0);
    CHECK(scoreOf(it, {{"RESPONSE", Value::single(BaseType::Identifier, "A")}}) == 0.0);
    // NULL response: match is NULL and a NULL condition counts as false, so the else branch runs.
    CHECK(scoreOf(it, {}) == 0.0);
}

TEST_CASE("custom processing: responseElseIf chooses the first true branch") {
    const std::string rules = R"(<qti-response-condition>
      <qti-response-if><qti-is-null><qti-variable identifier="RESPONSE"/></qti-is-null>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">-1</qti-base-value></qti-set-outcome-value></qti-response-if>
      <qti-response-else-if><qti-match><qti-variable identifier="RESPONSE"/><qti-base-value base-type="identifier">A</qti-base-value></qti-match>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">0.5</qti-base-value></qti-set-outcome-value></qti-response-else-if>
      <qti-response-else-if><qti-match><qti-variable identifier="RESPONSE"/><qti-correct identifier="RESPONSE"/></qti-match>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">2</qti-base-value></qti-set-outcome-value></qti-response-else-if>
      </qti-response-condition>)";
    const Item it = parseItemXml(item(kChoice, rules), "t.xml");
    CHECK(scoreOf(it, {}) == -1.0);
    CHECK(scoreOf(it, {{"RESPONSE", Value::single(BaseType::Identifier, "A")}}) == 0.5);
    CHECK(scoreOf(it, {{"RESPONSE", Value::single(BaseType::Identifier, "B")}}) == 2.0);
    CHECK(scoreOf(it, {{"RESPONSE", Value::single(BaseType::Identifier, "C")}}) == 0.0);  // no branch: default
}

TEST_CASE("custom processing: exitResponse stops the rules") {
    const std::string rules = "<qti-set-outcome-value identifier=\"SCORE\">" + bv("float", "3") +
                              "</qti-set-outcome-value><qti-exit-response/>"
                              "<qti-set-outcome-value identifier=\"SCORE\">" +
                              bv("float", "9") + "</qti-set-outcome-value>";
    const Item it = parseItemXml(item(kChoice, rules), "t.xml");
    CHECK(scoreOf(it, {}) == 3.0);
}

TEST_CASE("custom processing: mapResponse inside a sum and a QTI 2.1 spelling of the same") {
    const std::string decl =
        R"(<qti-response-declaration identifier="RESPONSE" cardinality="multiple" base-type="identifier">
      <qti-mapping default-value="0"><qti-map-entry map-key="A" mapped-value="1"/><qti-map-entry map-key="B" mapped-value="0.5"/></qti-mapping>
      </qti-response-declaration>)";
    CHECK(scoreWith("<qti-sum><qti-map-response identifier=\"RESPONSE\"/>" + bv("float", "1") + "</qti-sum>", decl,
                    Json::array({"A", "B", "B"})) == doctest::Approx(2.5));
    const std::string v21 =
        R"(<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t" title="t" adaptive="false" timeDependent="false">
      <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
        <mapping defaultValue="0"><mapEntry mapKey="A" mappedValue="1"/><mapEntry mapKey="B" mappedValue="0.5"/></mapping></responseDeclaration>
      <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
      <itemBody><p>x</p></itemBody>
      <responseProcessing><setOutcomeValue identifier="SCORE"><sum><mapResponse identifier="RESPONSE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue></responseProcessing>
      </assessmentItem>)";
    const Item it = parseItemXml(v21, "v21.xml");
    CHECK(scoreOf(it, {{"RESPONSE", Value::container(Cardinality::Multiple, BaseType::Identifier, {"A", "B", "B"})}}) ==
          doctest::Approx(2.5));
}

TEST_CASE("expressions: arithmetic keeps integers and divides as floats") {
    CHECK(evalText("<qti-sum>" + bv("integer", "2") + bv("integer", "3") + "</qti-sum>") == "5");
    CHECK(evalText("<qti-sum>" + bv("integer", "2") + bv("float", "0.5") + "</qti-sum>") == "2.5");
    CHECK(evalText("<qti-subtract>" + bv("integer", "2") + bv("integer", "5") + "</qti-subtract>") == "-3");
    CHECK(evalText("<qti-product>" + bv("integer", "4") + bv("integer", "5") + "</qti-product>") == "20");
    CHECK(evalText("<qti-divide>" + bv("integer", "7") + bv("integer", "2") + "</qti-divide>") == "3.5");
    CHECK(evalText("<qti-divide>" + bv("integer", "7") + bv("integer", "0") + "</qti-divide>") == "NULL");
    CHECK(evalText("<qti-integer-divide>" + bv("integer", "-7") + bv("integer", "2") + "</qti-integer-divide>") ==
          "-4");
    CHECK(evalText("<qti-integer-modulus>" + bv("integer", "-7") + bv("integer", "2") + "</qti-integer-modulus>") ==
          "1");
    CHECK(evalText("<qti-power>" + bv("integer", "2") + bv("integer", "10") + "</qti-power>") == "1024");
    CHECK(evalText("<qti-round>" + bv("float", "2.5") + "</qti-round>") == "3");
    CHECK(evalText("<qti-round>" + bv("float", "-2.5") + "</qti-round>") == "-2");
    CHECK(evalText("<qti-truncate>" + bv("float", "-2.7") + "</qti-truncate>") == "-2");
    CHECK(evalText("<qti-sum>" + bv("integer", "2") + "<qti-null/></qti-sum>") == "NULL");
}

TEST_CASE("expressions: and and or follow the NULL rules of the specification") {
    const std::string t = bv("boolean", "true"), f = bv("boolean", "false"), n = "<qti-null/>";
    CHECK(evalText("<qti-and>" + t + t + "</qti-and>") == "true");
    CHECK(evalText("<qti-and>" + t + f + "</qti-and>") == "false");
    CHECK(evalText("<qti-and>" + t + n + "</qti-and>") == "NULL");
    CHECK(evalText("<qti-and>" + f + n + "</qti-and>") == "false");
    CHECK(evalText("<qti-or>" + f + f + "</qti-or>") == "false");
    CHECK(evalText("<qti-or>" + f + n + "</qti-or>") == "NULL");
    CHECK(evalText("<qti-or>" + t + n + "</qti-or>") == "true");
    CHECK(evalText("<qti-not>" + n + "</qti-not>") == "NULL");
    CHECK(evalText("<qti-not>" + f + "</qti-not>") == "true");
    CHECK(evalText("<qti-any-n min=\"1\" max=\"2\">" + t + f + f + "</qti-any-n>") == "true");
    CHECK(evalText("<qti-any-n min=\"2\" max=\"2\">" + t + f + f + "</qti-any-n>") == "false");
    CHECK(evalText("<qti-any-n min=\"2\" max=\"2\">" + t + n + f + "</qti-any-n>") == "NULL");
}

TEST_CASE("expressions: comparisons and equal with tolerance") {
    CHECK(evalText("<qti-lt>" + bv("integer", "1") + bv("float", "1.5") + "</qti-lt>") == "true");
    CHECK(evalText("<qti-gte>" + bv("integer", "2") + bv("integer", "2") + "</qti-gte>") == "true");
    CHECK(evalText("<qti-gt><qti-null/>" + bv("integer", "2") + "</qti-gt>") == "NULL");
    CHECK(evalText("<qti-equal tolerance-mode=\"exact\">" + bv("float", "1.0") + bv("integer", "1") + "</qti-equal>") ==
          "true");
    CHECK(evalText("<qti-equal tolerance-mode=\"absolute\" tolerance=\"0.1\">" + bv("float", "3.14") +
                   bv("float", "3.2") + "</qti-equal>") == "true");
    CHECK(evalText("<qti-equal tolerance-mode=\"absolute\" tolerance=\"0.1\" include-upper-bound=\"false\">" +
                   bv("float", "1") + bv("float", "1.1") + "</qti-equal>") == "false");
    CHECK(evalText("<qti-equal tolerance-mode=\"relative\" tolerance=\"10\">" + bv("float", "100") +
                   bv("float", "109") + "</qti-equal>") == "true");
    CHECK(evalText("<qti-equal-rounded rounding-mode=\"decimalPlaces\" figures=\"1\">" + bv("float", "3.14") +
                   bv("float", "3.08") + "</qti-equal-rounded>") == "true");
    CHECK(evalText("<qti-equal-rounded rounding-mode=\"significantFigures\" figures=\"2\">" + bv("float", "1234") +
                   bv("float", "1249") + "</qti-equal-rounded>") == "true");
}

TEST_CASE("expressions: containers with member contains delete index and containerSize") {
    const std::string abc =
        "<qti-multiple>" + bv("identifier", "A") + bv("identifier", "B") + bv("identifier", "B") + "</qti-multiple>";
    CHECK(evalText("<qti-container-size>" + abc + "</qti-container-size>") == "3");
    CHECK(evalText("<qti-container-size><qti-null/></qti-container-size>") == "0");
    CHECK(evalText("<qti-member>" + bv("identifier", "B") + abc + "</qti-member>") == "true");
    CHECK(evalText("<qti-member>" + bv("identifier", "C") + abc + "</qti-member>") == "false");
    CHECK(evalText("<qti-contains>" + abc + "<qti-multiple>" + bv("identifier", "B") + bv("identifier", "B") +
                   "</qti-multiple></qti-contains>") == "true");
    CHECK(evalText("<qti-contains>" + abc + "<qti-multiple>" + bv("identifier", "A") + bv("identifier", "A") +
                   "</qti-multiple></qti-contains>") == "false");
    const std::string ord =
        "<qti-ordered>" + bv("identifier", "A") + bv("identifier", "B") + bv("identifier", "C") + "</qti-ordered>";
    CHECK(evalText("<qti-contains>" + ord + "<qti-ordered>" + bv("identifier", "B") + bv("identifier", "C") +
                   "</qti-ordered></qti-contains>") == "true");
    CHECK(evalText("<qti-contains>" + ord + "<qti-ordered>" + bv("identifier", "A") + bv("identifier", "C") +
                   "</qti-ordered></qti-contains>") == "false");
    CHECK(evalText("<qti-index n=\"2\">" + ord + "</qti-index>") == "B");
    CHECK(evalText("<qti-index n=\"4\">" + ord + "</qti-index>") == "NULL");
    CHECK(evalText("<qti-container-size><qti-delete>" + bv("identifier", "B") + abc +
                   "</qti-delete></qti-container-size>") == "1");
    // An empty container is NULL.
    CHECK(evalText("<qti-is-null><qti-multiple/></qti-is-null>") == "true");
}

TEST_CASE("expressions: strings with stringMatch substring and patternMatch") {
    CHECK(evalText("<qti-string-match case-sensitive=\"false\">" + bv("string", "PDF") + bv("string", "pdf") +
                   "</qti-string-match>") == "true");
    CHECK(evalText("<qti-string-match case-sensitive=\"true\">" + bv("string", "PDF") + bv("string", "pdf") +
                   "</qti-string-match>") == "false");
    CHECK(evalText("<qti-substring case-sensitive=\"true\">" + bv("string", "reis") + bv("string", "schoolreis") +
                   "</qti-substring>") == "true");
    CHECK(evalText("<qti-pattern-match pattern=\"[0-9]{4} ?[A-Z]{2}\">" + bv("string", "1234 AB") +
                   "</qti-pattern-match>") == "true");
    // Patterns match the whole string, as XML Schema's do.
    CHECK(evalText("<qti-pattern-match pattern=\"[0-9]+\">" + bv("string", "12a") + "</qti-pattern-match>") == "false");
    const auto err =
        errorOf([] { evalText("<qti-pattern-match pattern=\"([\">" + bv("string", "x") + "</qti-pattern-match>"); });
    REQUIRE(err);
    CHECK(contains(err->what(), "invalid pattern"));
}

TEST_CASE("expressions: a processing error never quotes a value - it may be what a pupil typed") {
    // Such a message reaches the log and the export's reason column ("cannot be scored").
    const auto err = errorOf([] { evalText("<qti-not>" + bv("string", "Jan Jansen") + "</qti-not>"); });
    REQUIRE(err);
    CHECK(contains(err->what(), "expected a boolean"));
    CHECK_FALSE(contains(err->what(), "Jansen"));
}

TEST_CASE("expressions: inside with rect and circle and maths operators") {
    CHECK(evalText("<qti-inside shape=\"rect\" coords=\"0,0,10,10\">" + bv("point", "10 5") + "</qti-inside>") ==
          "true");
    CHECK(evalText("<qti-inside shape=\"circle\" coords=\"5,5,2\">" + bv("point", "8 5") + "</qti-inside>") == "false");
    CHECK(evalText("<qti-math-operator name=\"abs\">" + bv("integer", "-4") + "</qti-math-operator>") == "4");
    CHECK(evalText("<qti-math-operator name=\"floor\">" + bv("float", "2.7") + "</qti-math-operator>") == "2");
    CHECK(evalText("<qti-math-operator name=\"ln\">" + bv("float", "-1") + "</qti-math-operator>") == "NULL");
    CHECK(evalText("<qti-gcd>" + bv("integer", "12") + bv("integer", "18") + "</qti-gcd>") == "6");
    CHECK(evalText("<qti-lcm>" + bv("integer", "4") + bv("integer", "6") + "</qti-lcm>") == "12");
    CHECK(evalText("<qti-stats-operator name=\"mean\"><qti-multiple>" + bv("integer", "1") + bv("integer", "2") +
                   bv("integer", "6") + "</qti-multiple></qti-stats-operator>") == "3");
    CHECK(evalText("<qti-max>" + bv("integer", "1") + bv("integer", "7") + "</qti-max>") == "7");
}

TEST_CASE("custom operators come from the registry and an unknown one is a clear error") {
    CHECK(evalText("<qti-custom-operator class=\"nl.dlkiosk.normalizeText\">" +
                   bv("string", "  Museum   De ONTDEKKING ") + "</qti-custom-operator>") == "museum de ontdekking");
    CustomOperatorRegistry::instance().add(
        "test.double", [](const std::vector<Value>& a, const BodyNode&, const Item*) {
            return Value::single(BaseType::Integer, std::to_string(2 * std::stoi(a.at(0).items.at(0))));
        });
    CHECK(evalText("<qti-custom-operator class=\"test.double\">" + bv("integer", "21") + "</qti-custom-operator>") ==
          "42");
    const auto err = errorOf([] { evalText("<qti-custom-operator class=\"no.such\"/>"); });
    REQUIRE(err);
    CHECK(contains(err->what(), "no.such"));
    CHECK(contains(err->what(), "t.xml"));
}

TEST_CASE("processing errors name the item file and the line and never crash") {
    const auto unknown = errorOf([] { evalText("<qti-frobnicate/>"); });
    REQUIRE(unknown);
    CHECK(contains(unknown->what(), "t.xml"));
    CHECK(contains(unknown->what(), "frobnicate"));
    const auto undeclared = errorOf([] {
        const Item it = parseItemXml(
            item("", "<qti-set-outcome-value identifier=\"NOPE\">" + bv("float", "1") + "</qti-set-outcome-value>"),
            "t.xml");
        processResponses(it, {});
    });
    REQUIRE(undeclared);
    CHECK(contains(undeclared->what(), "NOPE"));
    // Nesting is bounded: 80 levels evaluate, 300 are refused by the parser with a clear error.
    std::string nested = bv("integer", "1");
    for (int i = 0; i < 80; ++i) nested = "<qti-sum>" + nested + "</qti-sum>";
    CHECK(evalText(nested) == "1");
    std::string deep = bv("integer", "1");
    for (int i = 0; i < 300; ++i) deep = "<qti-sum>" + deep + "</qti-sum>";
    const auto tooDeep = errorOf([&] { evalText(deep); });
    REQUIRE(tooDeep);
    CHECK(contains(tooDeep->what(), "too deep"));
}

TEST_CASE("lookupOutcomeValue reads match and interpolation tables") {
    const std::string extra = R"(
      <qti-outcome-declaration identifier="GRADE" cardinality="single" base-type="string">
        <qti-match-table default-value="none"><qti-match-table-entry source-value="1" target-value="one"/>
          <qti-match-table-entry source-value="2" target-value="two"/></qti-match-table></qti-outcome-declaration>
      <qti-outcome-declaration identifier="LEVEL" cardinality="single" base-type="integer">
        <qti-interpolation-table default-value="0">
          <qti-interpolation-table-entry source-value="8" target-value="3"/>
          <qti-interpolation-table-entry source-value="5" include-boundary="false" target-value="2"/>
          <qti-interpolation-table-entry source-value="0" target-value="1"/></qti-interpolation-table></qti-outcome-declaration>)";
    auto run = [&](int score) {
        const Item it =
            parseItemXml(item("",
                              "<qti-lookup-outcome-value identifier=\"GRADE\">" + bv("integer", std::to_string(score)) +
                                  "</qti-lookup-outcome-value><qti-lookup-outcome-value identifier=\"LEVEL\">" +
                                  bv("integer", std::to_string(score)) + "</qti-lookup-outcome-value>",
                              extra),
                         "t.xml");
        const auto out = processResponses(it, {});
        return out.at("GRADE").items.at(0) + "/" + out.at("LEVEL").items.at(0);
    };
    CHECK(run(2) == "two/1");
    CHECK(run(5) == "none/1");  // 5 is not above 5 (boundary excluded): the 0 entry applies
    CHECK(run(6) == "none/2");
    CHECK(run(9) == "none/3");
}

TEST_CASE("template processing draws seeded values and sets the correct response") {
    const std::string xml =
        R"(<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="tp" title="t">
      <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="integer"/>
      <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
      <qti-template-declaration identifier="A" cardinality="single" base-type="integer"/>
      <qti-template-declaration identifier="B" cardinality="single" base-type="integer"/>
      <qti-template-processing>
        <qti-set-template-value identifier="A"><qti-random-integer min="2" max="9"/></qti-set-template-value>
        <qti-set-template-value identifier="B"><qti-random-integer min="2" max="9"/></qti-set-template-value>
        <qti-template-constraint><qti-not><qti-equal tolerance-mode="exact"><qti-variable identifier="A"/><qti-variable identifier="B"/></qti-equal></qti-not></qti-template-constraint>
        <qti-set-correct-response identifier="RESPONSE"><qti-product><qti-variable identifier="A"/><qti-variable identifier="B"/></qti-product></qti-set-correct-response>
      </qti-template-processing>
      <qti-item-body><p>A x B = <qti-text-entry-interaction response-identifier="RESPONSE"/></p></qti-item-body>
      <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>
      </qti-assessment-item>)";
    const Item base = parseItemXml(xml, "tp.xml");
    const Item a = instantiateItem(base, 7), again = instantiateItem(base, 7);
    REQUIRE(a.templateValues.count("A"));
    CHECK(a.templateValues.at("A") == again.templateValues.at("A"));
    const int x = std::stoi(a.templateValues.at("A").items.at(0)), y = std::stoi(a.templateValues.at("B").items.at(0));
    CHECK(x >= 2);
    CHECK(x <= 9);
    CHECK(x != y);  // the constraint holds
    CHECK(scoreOf(a, {{"RESPONSE", Value::single(BaseType::Integer, std::to_string(x * y))}}) == 1.0);
    CHECK(scoreOf(a, {{"RESPONSE", Value::single(BaseType::Integer, std::to_string(x * y + 1))}}) == 0.0);
    // Different seeds give different variants over a handful of draws.
    bool differs = false;
    for (uint64_t s = 1; s < 20 && !differs; ++s)
        differs = instantiateItem(base, s).templateValues.at("A") != a.templateValues.at("A");
    CHECK(differs);
}

TEST_CASE("template processing fails clearly when the constraint can never hold") {
    const std::string xml =
        R"(<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="tp" title="t">
      <qti-template-declaration identifier="A" cardinality="single" base-type="integer"/>
      <qti-template-processing>
        <qti-set-template-value identifier="A"><qti-random-integer min="1" max="3"/></qti-set-template-value>
        <qti-template-constraint><qti-gt><qti-variable identifier="A"/><qti-base-value base-type="integer">5</qti-base-value></qti-gt></qti-template-constraint>
      </qti-template-processing>
      <qti-item-body><p>x</p></qti-item-body></qti-assessment-item>)";
    const Item base = parseItemXml(xml, "never.xml");
    const auto err = errorOf([&] { instantiateItem(base, 1); });
    REQUIRE(err);
    CHECK(contains(err->what(), "never.xml"));
    CHECK(contains(err->what(), "100"));
}

TEST_CASE("random expressions outside template processing are refused") {
    const auto err = errorOf([] { evalText("<qti-random-integer min=\"1\" max=\"3\"/>"); });
    REQUIRE(err);
    CHECK(contains(err->what(), "template processing"));
}

TEST_CASE("processing: completionStatus is a built-in outcome the rules may set without declaring it") {
    const Item it = parseItemXml(
        item(kChoice, "<qti-set-outcome-value identifier=\"completionStatus\">" + bv("identifier", "completed") +
                          "</qti-set-outcome-value><qti-set-outcome-value identifier=\"SCORE\">" + bv("float", "1") +
                          "</qti-set-outcome-value>"),
        "t.xml");
    VariableMap out;
    CHECK_NOTHROW(out = processResponses(it, {}));
    CHECK(out.at("SCORE").items.at(0) == "1");
}

TEST_CASE("expressions: each operator takes its number of sub-expressions - otherwise a clear error") {
    auto errorText = [](const std::string& expr) {
        const auto e = errorOf([&] { evalText(expr); });
        return e ? std::string(e->what()) : std::string("no error");
    };
    CHECK(contains(errorText("<qti-not>" + bv("boolean", "true") + bv("boolean", "true") + "</qti-not>"),
                   "needs one sub-expression"));
    CHECK(contains(errorText("<qti-match>" + bv("integer", "1") + "</qti-match>"), "needs two sub-expressions"));
    CHECK(contains(errorText("<qti-sum/>"), "needs sub-expressions"));
    CHECK(contains(
        errorText("<qti-subtract>" + bv("integer", "1") + bv("integer", "2") + bv("integer", "3") + "</qti-subtract>"),
        "needs 1 to 2 sub-expressions"));
    // A NULL operand gives NULL before the operator looks at its values (not an error).
    CHECK(evalText("<qti-gt><qti-null/>" + bv("integer", "1") + "</qti-gt>") == "NULL");
    CHECK(evalText("<qti-is-null><qti-null/></qti-is-null>") == "true");
    // and/or decide by a decisive operand even beside a NULL.
    CHECK(evalText("<qti-or><qti-null/>" + bv("boolean", "true") + "</qti-or>") == "true");
    CHECK(evalText("<qti-and><qti-null/>" + bv("boolean", "true") + "</qti-and>") == "NULL");
    // The test-level aggregates refuse to run on an item.
    CHECK(contains(errorText("<qti-number-correct/>"), "only allowed in a test"));
}
