// QTI assessmentTest: structure, routes with seeded selection and ordering, branching and
// preconditions, and outcome processing with weights (qti/assessment_test.h).
#include <algorithm>
#include <map>
#include <set>

#include "core_test_helpers.h"
#include "qti/assessment_test.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

std::string testXml(const std::string& body, const std::string& head = "") {
    return R"(<qti-assessment-test xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="T" title="Test">)" +
           head + body + "</qti-assessment-test>";
}

std::string ref(const std::string& id, const std::string& extra = "", const std::string& inner = "") {
    return "<qti-assessment-item-ref identifier=\"" + id + "\" href=\"" + id + ".xml\" " + extra + ">" + inner +
           "</qti-assessment-item-ref>";
}

std::vector<std::string> ids(const std::vector<RouteItem>& route) {
    std::vector<std::string> out;
    for (const auto& r : route) out.push_back(r.ref->identifier);
    return out;
}

const std::string kSixItems = R"(<qti-test-part identifier="P" navigation-mode="linear" submission-mode="individual">
  <qti-assessment-section identifier="S" title="S" visible="true">)" +
                              ref("I1") + ref("I2") + ref("I3") + ref("I4") + ref("I5") + ref("I6") +
                              "</qti-assessment-section></qti-test-part>";

}  // namespace

TEST_CASE("assessment test: parts sections and item refs are read in both spellings") {
    const AssessmentTest t = parseAssessmentTest(testXml(R"(
      <qti-test-part identifier="P1" navigation-mode="nonlinear" submission-mode="simultaneous">
        <qti-time-limits max-time="1800"/>
        <qti-assessment-section identifier="S1" title="Een">
          <qti-assessment-item-ref identifier="A" href="a.xml" category="dlk-domain-ict x" required="true">
            <qti-weight identifier="W" value="2"/></qti-assessment-item-ref>
          <qti-assessment-section identifier="S2" title="Twee" visible="false">)" +
                                                         ref("B") + R"(</qti-assessment-section>
        </qti-assessment-section></qti-test-part>)"),
                                                 "t.xml");
    CHECK(t.identifier == "T");
    REQUIRE(t.parts.size() == 1);
    CHECK(t.parts[0].navigationMode == "nonlinear");
    CHECK(t.parts[0].submissionMode == "simultaneous");
    CHECK(t.parts[0].timeLimit.maxTime == 1800);
    const auto route = allItemRefs(t);
    CHECK(ids(route) == std::vector<std::string>{"A", "B"});
    CHECK(route[0].ref->categories == std::vector<std::string>{"dlk-domain-ict", "x"});
    CHECK(route[0].ref->weights.at("W") == 2.0);
    CHECK(route[0].ref->required);
    CHECK(route[1].sections.size() == 2);
    CHECK_FALSE(route[1].sections[1]->visible);

    const AssessmentTest v21 = parseAssessmentTest(
        R"(<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="T" title="Test">
      <testPart identifier="P1" navigationMode="linear" submissionMode="individual">
        <assessmentSection identifier="S1" title="Een" visible="true"><assessmentItemRef identifier="A" href="a.xml"/></assessmentSection>
      </testPart></assessmentTest>)",
        "t21.xml");
    CHECK(ids(allItemRefs(v21)) == std::vector<std::string>{"A"});
    CHECK(v21.parts[0].navigationMode == "linear");
}

TEST_CASE("assessment test: structural errors name the file and line") {
    auto err = errorOf([] { parseAssessmentTest(testXml(""), "empty.xml"); });
    REQUIRE(err);
    CHECK(contains(err->what(), "empty.xml"));
    CHECK(contains(err->what(), "test part"));
    err = errorOf([] {
        parseAssessmentTest(
            testXml("<qti-test-part identifier=\"P\" navigation-mode=\"sideways\"><qti-assessment-section "
                    "identifier=\"S\">" +
                    ref("A") + "</qti-assessment-section></qti-test-part>"),
            "nav.xml");
    });
    REQUIRE(err);
    CHECK(contains(err->what(), "nav.xml:1"));
    CHECK(contains(err->what(), "sideways"));
    err = errorOf([] {
        parseAssessmentTest(testXml("<qti-test-part identifier=\"P\"><qti-assessment-section identifier=\"S\">" +
                                    ref("A") + ref("A") + "</qti-assessment-section></qti-test-part>"),
                            "dup.xml");
    });
    REQUIRE(err);
    CHECK(contains(err->what(), "'A' is used twice"));
    err = errorOf([] {
        parseAssessmentTest("<qti-assessment-item xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\"/>", "item.xml");
    });
    REQUIRE(err);
    CHECK(contains(err->what(), "assessmentTest"));
}

TEST_CASE("assessment test: selection picks N with the required ones and the same seed gives the same route") {
    const AssessmentTest t =
        parseAssessmentTest(testXml(R"(<qti-test-part identifier="P"><qti-assessment-section identifier="S" title="S">
        <qti-selection select="3"/>)" +
                                    ref("I1") + ref("I2", "required=\"true\"") + ref("I3") + ref("I4") + ref("I5") +
                                    "</qti-assessment-section></qti-test-part>"),
                            "sel.xml");
    std::map<std::string, int> seen;
    for (uint64_t seed = 0; seed < 400; ++seed) {
        const auto route = ids(planRoute(t, seed));
        REQUIRE(route.size() == 3);
        CHECK(std::find(route.begin(), route.end(), "I2") != route.end());
        CHECK(std::set<std::string>(route.begin(), route.end()).size() == 3);
        CHECK(std::is_sorted(route.begin(), route.end()));  // no shuffle: document order kept
        for (const auto& id : route) ++seen[id];
        CHECK(ids(planRoute(t, seed)) == route);
    }
    CHECK(seen["I2"] == 400);
    // The other four share the two free places: about 200 each.
    for (const char* id : {"I1", "I3", "I4", "I5"}) {
        CHECK(seen[id] > 140);
        CHECK(seen[id] < 260);
    }
}

TEST_CASE("assessment test: shuffling keeps fixed items in place and varies the rest") {
    const AssessmentTest t =
        parseAssessmentTest(testXml(R"(<qti-test-part identifier="P"><qti-assessment-section identifier="S" title="S">
        <qti-ordering shuffle="true"/>)" +
                                    ref("I1", "fixed=\"true\"") + ref("I2") + ref("I3") + ref("I4") +
                                    ref("I5", "fixed=\"true\"") + "</qti-assessment-section></qti-test-part>"),
                            "shuf.xml");
    std::set<std::vector<std::string>> orders;
    for (uint64_t seed = 0; seed < 60; ++seed) {
        const auto route = ids(planRoute(t, seed));
        CHECK(route.front() == "I1");
        CHECK(route.back() == "I5");
        orders.insert(route);
    }
    CHECK(orders.size() == 6);  // all 3! orders of I2..I4 appear
}

TEST_CASE("assessment test: branch rules jump forward and preconditions skip items") {
    const std::string body =
        R"(<qti-test-part identifier="P" navigation-mode="linear" submission-mode="individual">
      <qti-assessment-section identifier="S" title="S">)" +
        ref("I1", "", R"(<qti-branch-rule target="I4"><qti-gte><qti-variable identifier="I1.SCORE"/>
                                 <qti-base-value base-type="float">1</qti-base-value></qti-gte></qti-branch-rule>)") +
        ref("I2") + ref("I3", "", R"(<qti-pre-condition><qti-lt><qti-variable identifier="I1.SCORE"/>
                                 <qti-base-value base-type="float">0.5</qti-base-value></qti-lt></qti-pre-condition>)") +
        ref("I4", "",
            R"(<qti-branch-rule target="EXIT_TEST"><qti-base-value base-type="boolean">true</qti-base-value></qti-branch-rule>)") +
        ref("I5") + "</qti-assessment-section></qti-test-part>";
    const AssessmentTest t = parseAssessmentTest(testXml(body), "branch.xml");
    const auto route = planRoute(t, 0);
    REQUIRE(route.size() == 5);
    VariableMap vars;
    vars["I1.SCORE"] = Value::single(BaseType::Float, "1");
    CHECK(nextRoutePosition(route, 0, vars) == 3);  // I1 right: straight to I4
    vars["I1.SCORE"] = Value::single(BaseType::Float, "0.7");
    CHECK(nextRoutePosition(route, 0, vars) == 1);  // no branch
    CHECK(nextRoutePosition(route, 1, vars) == 3);  // I3's precondition (score < 0.5) fails: skipped
    vars["I1.SCORE"] = Value::single(BaseType::Float, "0");
    CHECK(nextRoutePosition(route, 1, vars) == 2);
    CHECK(nextRoutePosition(route, 3, vars) == 5);  // EXIT_TEST
    CHECK(nextRoutePosition(route, 5, vars) == 5);
}

TEST_CASE("assessment test: branch rules are ignored in nonlinear parts") {
    const std::string body =
        R"(<qti-test-part identifier="P" navigation-mode="nonlinear" submission-mode="simultaneous">
      <qti-assessment-section identifier="S" title="S">)" +
        ref("I1", "",
            R"(<qti-branch-rule target="EXIT_TEST"><qti-base-value base-type="boolean">true</qti-base-value></qti-branch-rule>)") +
        ref("I2") + "</qti-assessment-section></qti-test-part>";
    const AssessmentTest t = parseAssessmentTest(testXml(body), "nl.xml");
    VariableMap vars;
    CHECK(nextRoutePosition(planRoute(t, 0), 0, vars) == 1);
}

TEST_CASE("assessment test: outcome processing sums weighted scores and counts correct items by category") {
    const std::string head = R"(
      <qti-outcome-declaration identifier="TOTAL" cardinality="single" base-type="float"/>
      <qti-outcome-declaration identifier="WEIGHTED" cardinality="single" base-type="float"/>
      <qti-outcome-declaration identifier="NCORRECT_ICT" cardinality="single" base-type="integer"/>
      <qti-outcome-declaration identifier="MAX" cardinality="single" base-type="float"/>)";
    const std::string tail = R"(<qti-outcome-processing>
        <qti-set-outcome-value identifier="TOTAL"><qti-test-variables variable-identifier="SCORE"/></qti-set-outcome-value>
        <qti-set-outcome-value identifier="WEIGHTED"><qti-test-variables variable-identifier="SCORE" weight-identifier="W"/></qti-set-outcome-value>
        <qti-set-outcome-value identifier="NCORRECT_ICT"><qti-number-correct include-category="ict"/></qti-set-outcome-value>
        <qti-set-outcome-value identifier="MAX"><qti-outcome-maximum outcome-identifier="SCORE"/></qti-set-outcome-value>
      </qti-outcome-processing>)";
    const AssessmentTest t = parseAssessmentTest(testXml(kSixItems + tail, head), "op.xml");
    std::vector<TestItemState> items;
    for (int i = 1; i <= 3; ++i) {
        TestItemState s;
        s.identifier = "I" + std::to_string(i);
        s.categories = {i == 3 ? "info" : "ict"};
        s.weights["W"] = i;  // weights 1, 2, 3
        s.variables["SCORE"] = Value::single(BaseType::Float, i == 2 ? "0" : "1");
        s.presented = s.responded = true;
        s.correct = i != 2;
        s.normalMaximum["SCORE"] = 1;
        items.push_back(s);
    }
    const VariableMap out = processTestOutcomes(t, items);
    CHECK(out.at("TOTAL").items.at(0) == "2");
    CHECK(out.at("WEIGHTED").items.at(0) == "4");  // 1*1 + 2*0 + 3*1
    CHECK(out.at("NCORRECT_ICT").items.at(0) == "1");
    CHECK(out.at("MAX").items.at(0) == "3");
    // One item without a known maximum makes the maximum unknown (NULL).
    items[0].normalMaximum.clear();
    CHECK(processTestOutcomes(t, items).at("MAX").isNull());
}
