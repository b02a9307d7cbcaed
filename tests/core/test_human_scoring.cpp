// Outcomes a teacher scores (externalScored="human") beside outcomes the machine scores: a large
// task's rubric has criteria response processing checks itself and criteria only a person can
// judge. The machine's part is scored at once; the teacher's part keeps its default until a
// teacher gives it, and until then the item's score is marked as waiting for the teacher.
#include <doctest/doctest.h>

#include "bank/bank_rules.h"
#include "core_test_helpers.h"
#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "results/class_results.h"
#include "school/school_store.h"
#include "storage/schema.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

// A large task in miniature: CRIT_TITLE is scored by the rules (a title was given), CRIT_OWN and
// CRIT_AUDIENCE by the teacher; SCORE is the sum of the three.
const std::string kMixed = R"(<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="mixed" title="Poster"
    adaptive="false" time-dependent="false" xml:lang="nl">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">
    <qti-default-value><qti-value>0</qti-value></qti-default-value>
  </qti-outcome-declaration>
  <qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">
    <qti-default-value><qti-value>4</qti-value></qti-default-value>
  </qti-outcome-declaration>
  <qti-outcome-declaration identifier="CRIT_TITLE" cardinality="single" base-type="float">
    <qti-default-value><qti-value>0</qti-value></qti-default-value>
  </qti-outcome-declaration>
  <qti-outcome-declaration identifier="CRIT_OWN" cardinality="single" base-type="float" external-scored="human" normal-maximum="1">
    <qti-default-value><qti-value>0</qti-value></qti-default-value>
  </qti-outcome-declaration>
  <qti-outcome-declaration identifier="CRIT_AUDIENCE" cardinality="single" base-type="float" external-scored="human" normal-maximum="2">
    <qti-default-value><qti-value>0</qti-value></qti-default-value>
  </qti-outcome-declaration>
  <qti-item-body>
    <qti-extended-text-interaction response-identifier="RESPONSE"/>
  </qti-item-body>
  <qti-response-processing>
    <qti-response-condition>
      <qti-response-if>
        <qti-not><qti-is-null><qti-variable identifier="RESPONSE"/></qti-is-null></qti-not>
        <qti-set-outcome-value identifier="CRIT_TITLE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
      </qti-response-if>
    </qti-response-condition>
    <qti-set-outcome-value identifier="CRIT_OWN"><qti-base-value base-type="float">9</qti-base-value></qti-set-outcome-value>
    <qti-set-outcome-value identifier="SCORE">
      <qti-sum>
        <qti-variable identifier="CRIT_TITLE"/>
        <qti-variable identifier="CRIT_OWN"/>
        <qti-variable identifier="CRIT_AUDIENCE"/>
      </qti-sum>
    </qti-set-outcome-value>
  </qti-response-processing>
</qti-assessment-item>
)";

Value number(const char* v) {
    return Value::single(BaseType::Float, v);
}

}  // namespace

TEST_CASE("human scoring: the loader reads who scores an outcome - in both spellings - and refuses other values") {
    const Item item = parseItemXml(kMixed, "mixed.xml");
    REQUIRE(item.findOutcome("CRIT_OWN"));
    CHECK(item.findOutcome("CRIT_OWN")->externalScored == ExternalScoring::Human);
    CHECK(item.findOutcome("CRIT_TITLE")->externalScored == ExternalScoring::None);
    const auto human = item.humanScoredOutcomes();
    REQUIRE(human.size() == 2);
    CHECK(human[0]->identifier == "CRIT_OWN");
    CHECK(human[1]->identifier == "CRIT_AUDIENCE");

    std::string machine = kMixed;
    machine.replace(machine.find("external-scored=\"human\""), 23, "external-scored=\"externalMachine\"");
    CHECK(parseItemXml(machine, "m.xml").findOutcome("CRIT_OWN")->externalScored == ExternalScoring::ExternalMachine);
    CHECK(parseItemXml(machine, "m.xml").humanScoredOutcomes().size() == 1);

    // QTI 2.x: externalScored.
    const Item v2 = parseItemXml(R"(<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t"
        title="t" adaptive="false" timeDependent="false">
      <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float" externalScored="human"/>
      <itemBody><p>Schrijf.</p></itemBody></assessmentItem>)",
                                 "v2.xml");
    REQUIRE(v2.humanScoredOutcomes().size() == 1);
    CHECK(v2.humanScoredOutcomes()[0]->identifier == "SCORE");

    std::string bad = kMixed;
    bad.replace(bad.find("external-scored=\"human\""), 23, "external-scored=\"teacher\"");
    const auto e = errorOf([&] { parseItemXml(bad, "bad.xml"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "bad.xml:14:"));
    CHECK(contains(e->what(), "external-scored='teacher' is not human or externalMachine"));
}

TEST_CASE("human scoring: the machine scores its criteria at once - the teacher's stay at their default until given") {
    const Item item = parseItemXml(kMixed, "mixed.xml");
    const VariableMap answer{{"RESPONSE", Value::single(BaseType::String, "Bijen zijn belangrijk")}};
    // Without a teacher's score: only the machine's criterion. A rule cannot set a teacher's
    // criterion (the item's rules try to set CRIT_OWN to 9).
    const VariableMap before = processResponses(item, answer);
    CHECK(before.at("CRIT_TITLE") == number("1"));
    CHECK(before.at("CRIT_OWN") == number("0"));
    CHECK(before.at("CRIT_AUDIENCE") == number("0"));
    CHECK(scoreOf(item, answer) == 1);
    CHECK(awaitsTeacher(item));
    CHECK(awaitsTeacher(item, {{"CRIT_OWN", number("1")}}));  // one of two criteria scored

    // The teacher's scores count in the sum the rules make, and the rules cannot change them.
    const VariableMap teacher{{"CRIT_OWN", number("1")}, {"CRIT_AUDIENCE", number("2")}};
    const VariableMap after = processResponses(item, answer, teacher);
    CHECK(after.at("CRIT_OWN") == number("1"));
    CHECK(after.at("CRIT_AUDIENCE") == number("2"));
    CHECK(scoreOf(item, answer, teacher) == 4);
    CHECK(scoreOf(item, answer, teacher) == item.maxScore());
    // Of the 4 points, 3 are the teacher's to give.
    CHECK(teacherMaxScore(item) == 3);
    CHECK_FALSE(awaitsTeacher(item, teacher));
    // A NULL given is no score yet.
    CHECK(awaitsTeacher(
        item, {{"CRIT_OWN", number("1")}, {"CRIT_AUDIENCE", Value::null(Cardinality::Single, BaseType::Float)}}));

    // What the machine scores is never overridden from outside.
    CHECK(scoreOf(item, {}, {{"CRIT_TITLE", number("1")}, {"SCORE", number("4")}}) == 0);
    CHECK(processResponses(item, {}, {{"CRIT_TITLE", number("1")}}).at("CRIT_TITLE") == number("0"));
}

TEST_CASE("human scoring: a writing task whose whole SCORE is the teacher's takes the teacher's score as it is") {
    const Item item = loadItemFile(dlk::test::testData("spec/extended_text.xml"));
    REQUIRE(item.humanScoredOutcomes().size() == 1);
    const VariableMap answer{{"RESPONSE", Value::single(BaseType::String, "Ik vertel het de juf.")}};
    CHECK(scoreOf(item, answer) == 0);
    CHECK(awaitsTeacher(item));
    CHECK(scoreOf(item, answer, {{"SCORE", number("2")}}) == 2);
    CHECK_FALSE(awaitsTeacher(item, {{"SCORE", number("2")}}));
    CHECK(teacherMaxScore(item) == item.maxScore());
    // An item the machine scores alone never waits.
    CHECK_FALSE(awaitsTeacher(loadItemFile(dlk::test::testData("sim/calculator.xml"))));
    CHECK(teacherMaxScore(loadItemFile(dlk::test::testData("sim/calculator.xml"))) == 0);
}

TEST_CASE("human scoring: the two language versions of an item must agree on who scores each outcome") {
    std::string en = kMixed;
    en.replace(en.find("xml:lang=\"nl\""), 13, "xml:lang=\"en\"");
    std::vector<Finding> findings;
    compareItems(parseItemXml(kMixed, "nl/mixed.xml"), parseItemXml(en, "en/mixed.xml"), "nl", findings);
    CHECK(findings.empty());
    en.replace(en.find(" external-scored=\"human\" normal-maximum=\"2\""), 24, "");
    compareItems(parseItemXml(kMixed, "nl/mixed.xml"), parseItemXml(en, "en/mixed.xml"), "nl", findings);
    REQUIRE(findings.size() == 1);
    CHECK(contains(findings[0].text(), "en/mixed.xml:17: error: outcome declaration 'CRIT_AUDIENCE' differs"));
    CHECK(contains(findings[0].text(), "who scores it (external-scored)"));
}

TEST_CASE("human scoring: class results mark answered items with a teacher's criteria as waiting for the teacher") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    Database db(":memory:");
    migrateSchema(db);
    DemoOptions o;
    o.pupils = 6;
    o.seed = 11;
    o.finishedShare = 1.0;
    const DemoSchool school = makeDemoSchool(db, bank, design, o, 1'780'000'000'000);
    const auto cls = SchoolStore(db).findClass(school.className);
    REQUIRE(cls);
    const auto rows = scoreItems(db, bank, cls->id);
    int waiting = 0, machine = 0;
    for (const ItemScoreRow& row : rows) {
        CAPTURE(row.itemId);
        const Module* module = bank.findModule(row.moduleId);
        REQUIRE(module);
        const Item* item = nullptr;
        for (const auto& it : module->variant(row.language).items)
            if (it->identifier == row.itemId) item = it.get();
        REQUIRE(item);
        const bool byTeacher = !item->humanScoredOutcomes().empty();
        // Waiting when a person has something to judge: any answer, or for a rubric that names
        // what it judges (data-judges) that part, so a mail never sent waits for nobody.
        VariableMap responses;
        const Json stored = parseJson(row.responsesJson, "row");
        for (auto it = stored.begin(); it != stored.end(); ++it) {
            const ResponseDeclaration* decl = item->findResponse(it.key());
            REQUIRE(decl);
            responses[it.key()] = valueFromJson(it.value(), decl->cardinality, decl->baseType, it.key());
        }
        CHECK(row.awaitingTeacher == (byTeacher && hasWorkForPerson(*item, responses)));
        waiting += row.awaitingTeacher ? 1 : 0;
        machine += byTeacher ? 0 : 1;
    }
    CHECK(waiting > 0);
    CHECK(machine > 0);
    // Per pupil: how many of their items wait.
    const auto results = classResults(db, cls->id, rows);
    int counted = 0;
    for (const PupilResult& r : results) counted += r.awaitingTeacher;
    CHECK(counted == waiting);
}
