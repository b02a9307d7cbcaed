// Scoring, interaction by interaction, written from docs/item-format.md and the QTI specification.
//
// For every interaction docs/item-format.md lists there is one small item of our own under tests/data/spec/ that
// declares the response that interaction produces ("Interactions and the response they produce") and
// scores it with the template that fits, or with custom processing where that is the natural choice.
// Each item is answered right, wrong, partly right, not at all (NULL) and at its edges. Responses are
// given in the JSON form of `dlkiosk score --response` and read with valueFromJson, the way the kiosk
// stores them. Every expected score is reasoned from the specification; the comment says how where it
// is not obvious. The templates and the expression set themselves are covered by
// test_response_processing.cpp and test_processing.cpp; this file does not repeat them.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "core_test_helpers.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "qti/validator.h"
#include "util/error.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::errorOf;

namespace {

std::string specFile(const std::string& name) {
    return dlk::test::testData("spec/" + name);
}

Item load(const std::string& name) {
    return loadItemFile(specFile(name));
}

// Responses from the JSON object `dlkiosk score --response` takes, typed by the item's declarations.
// A variable left out is NULL.
VariableMap responses(const Item& item, const std::string& json) {
    VariableMap out;
    const Json j = parseJson(json, "--response");
    REQUIRE(j.is_object());
    for (const auto& [name, v] : j.items()) {
        const ResponseDeclaration* d = item.findResponse(name);
        REQUIRE_MESSAGE(d, "the item declares no response '" << name << "'");
        out[name] = valueFromJson(v, d->cardinality, d->baseType, name);
    }
    return out;
}

double score(const Item& item, const std::string& json) {
    return scoreOf(item, responses(item, json));
}

// The score for RESPONSE given as a JSON value: "\"C\"", "[\"A\",\"B\"]", "15".
double answer(const Item& item, const std::string& responseJson) {
    return score(item, "{\"RESPONSE\": " + responseJson + "}");
}

// The dlk::Error (if any) of reading RESPONSE from a JSON value.
std::optional<Error> refusal(const Item& item, const std::string& responseJson) {
    return errorOf([&] { (void)answer(item, responseJson); });
}

std::string findingsText(const ValidationReport& r) {
    std::string s;
    for (const auto& f : r.findings) s += f.text() + "\n";
    return s;
}

// ---- the fixtures and the responses their interactions produce --------------------------------------

struct ExpectedInteraction {
    const char* name;  // normalised (2.x) element name
    const char* responseIdentifier;
    Cardinality cardinality;
    BaseType baseType;
};

struct Fixture {
    const char* file;
    QtiVersion version;
    ResponseTemplate processing;
    std::vector<ExpectedInteraction> interactions;  // in document order
};

const std::vector<Fixture>& fixtures() {
    using C = Cardinality;
    using B = BaseType;
    using T = ResponseTemplate;
    static const std::vector<Fixture> f = {
        {"choice_single.xml",
         QtiVersion::V3_0,
         T::MatchCorrect,
         {{"choiceInteraction", "RESPONSE", C::Single, B::Identifier}}},
        {"choice_single_v21.xml",
         QtiVersion::V2_1,
         T::MatchCorrect,
         {{"choiceInteraction", "RESPONSE", C::Single, B::Identifier}}},
        {"choice_multiple.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"choiceInteraction", "RESPONSE", C::Multiple, B::Identifier}}},
        {"order.xml", QtiVersion::V3_0, T::MatchCorrect, {{"orderInteraction", "RESPONSE", C::Ordered, B::Identifier}}},
        {"associate.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"associateInteraction", "RESPONSE", C::Multiple, B::Pair}}},
        {"match.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"matchInteraction", "RESPONSE", C::Multiple, B::DirectedPair}}},
        {"gap_match.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"gapMatchInteraction", "RESPONSE", C::Multiple, B::DirectedPair}}},
        {"gap_match_v21.xml",
         QtiVersion::V2_1,
         T::MapResponse,
         {{"gapMatchInteraction", "RESPONSE", C::Multiple, B::DirectedPair}}},
        {"inline_choice.xml",
         QtiVersion::V3_0,
         T::MatchCorrect,
         {{"inlineChoiceInteraction", "RESPONSE", C::Single, B::Identifier}}},
        {"text_entry_string.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"textEntryInteraction", "RESPONSE", C::Single, B::String}}},
        {"text_entry_string_caseless.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"textEntryInteraction", "RESPONSE", C::Single, B::String}}},
        {"text_entry_integer.xml",
         QtiVersion::V3_0,
         T::MatchCorrect,
         {{"textEntryInteraction", "RESPONSE", C::Single, B::Integer}}},
        {"text_entry_float.xml",
         QtiVersion::V3_0,
         T::MatchCorrect,
         {{"textEntryInteraction", "RESPONSE", C::Single, B::Float}}},
        {"extended_text.xml",
         QtiVersion::V3_0,
         T::Custom,
         {{"extendedTextInteraction", "RESPONSE", C::Single, B::String}}},
        {"hottext.xml",
         QtiVersion::V3_0,
         T::MatchCorrect,
         {{"hottextInteraction", "RESPONSE", C::Multiple, B::Identifier}}},
        {"hotspot.xml",
         QtiVersion::V3_0,
         T::MatchCorrect,
         {{"hotspotInteraction", "RESPONSE", C::Single, B::Identifier}}},
        {"select_point.xml",
         QtiVersion::V3_0,
         T::MapResponsePoint,
         {{"selectPointInteraction", "RESPONSE", C::Multiple, B::Point}}},
        {"select_point_v21.xml",
         QtiVersion::V2_1,
         T::MapResponsePoint,
         {{"selectPointInteraction", "RESPONSE", C::Multiple, B::Point}}},
        {"graphic_order.xml",
         QtiVersion::V3_0,
         T::MatchCorrect,
         {{"graphicOrderInteraction", "RESPONSE", C::Ordered, B::Identifier}}},
        {"graphic_associate.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"graphicAssociateInteraction", "RESPONSE", C::Multiple, B::Pair}}},
        {"graphic_gap_match.xml",
         QtiVersion::V3_0,
         T::MapResponse,
         {{"graphicGapMatchInteraction", "RESPONSE", C::Multiple, B::DirectedPair}}},
        {"position_object.xml",
         QtiVersion::V3_0,
         T::MapResponsePoint,
         {{"positionObjectInteraction", "RESPONSE", C::Single, B::Point}}},
        {"slider.xml", QtiVersion::V3_0, T::Custom, {{"sliderInteraction", "RESPONSE", C::Single, B::Integer}}},
        {"slider_v21.xml", QtiVersion::V2_1, T::Custom, {{"sliderInteraction", "RESPONSE", C::Single, B::Integer}}},
        {"end_attempt.xml",
         QtiVersion::V3_0,
         T::Custom,
         {{"choiceInteraction", "RESPONSE", C::Single, B::Identifier},
          {"endAttemptInteraction", "HINT", C::Single, B::Boolean}}},
        {"several_responses.xml",
         QtiVersion::V3_0,
         T::Custom,
         {{"textEntryInteraction", "PROTOCOL", C::Single, B::String},
          {"textEntryInteraction", "AANTAL", C::Single, B::Integer},
          {"inlineChoiceInteraction", "SLOT", C::Single, B::Identifier}}},
    };
    return f;
}

// ---- comparing the model of a QTI 3.0 item with its QTI 2.1 twin -------------------------------------

void checkSameRules(const BodyNode& a, const BodyNode& b) {
    CAPTURE(a.name);
    CHECK(a.name == b.name);
    CHECK(a.attributes == b.attributes);
    std::vector<const BodyNode*> ea, eb;
    for (const auto& c : a.children)
        if (!c.isText) ea.push_back(&c);
    for (const auto& c : b.children)
        if (!c.isText) eb.push_back(&c);
    REQUIRE(ea.size() == eb.size());
    for (size_t i = 0; i < ea.size(); ++i) checkSameRules(*ea[i], *eb[i]);
}

void checkSameModel(const Item& v30, const Item& v21) {
    CHECK(v30.version == QtiVersion::V3_0);
    CHECK(v21.version == QtiVersion::V2_1);
    CHECK(v30.identifier == v21.identifier);
    CHECK(v30.title == v21.title);
    CHECK(v30.language == v21.language);
    REQUIRE(v30.responses.size() == v21.responses.size());
    for (size_t i = 0; i < v30.responses.size(); ++i) {
        const ResponseDeclaration &a = v30.responses[i], &b = v21.responses[i];
        CAPTURE(a.identifier);
        CHECK(a.identifier == b.identifier);
        CHECK(a.cardinality == b.cardinality);
        CHECK(a.baseType == b.baseType);
        CHECK(a.correctResponse == b.correctResponse);
        REQUIRE(a.mapping.has_value() == b.mapping.has_value());
        if (a.mapping) {
            CHECK(a.mapping->defaultValue == b.mapping->defaultValue);
            CHECK(a.mapping->lowerBound == b.mapping->lowerBound);
            CHECK(a.mapping->upperBound == b.mapping->upperBound);
            REQUIRE(a.mapping->entries.size() == b.mapping->entries.size());
            for (size_t k = 0; k < a.mapping->entries.size(); ++k) {
                CHECK(a.mapping->entries[k].key == b.mapping->entries[k].key);
                CHECK(a.mapping->entries[k].value == b.mapping->entries[k].value);
                CHECK(a.mapping->entries[k].caseSensitive == b.mapping->entries[k].caseSensitive);
            }
        }
        REQUIRE(a.areaMapping.has_value() == b.areaMapping.has_value());
        if (a.areaMapping) {
            CHECK(a.areaMapping->defaultValue == b.areaMapping->defaultValue);
            CHECK(a.areaMapping->lowerBound == b.areaMapping->lowerBound);
            CHECK(a.areaMapping->upperBound == b.areaMapping->upperBound);
            REQUIRE(a.areaMapping->entries.size() == b.areaMapping->entries.size());
            for (size_t k = 0; k < a.areaMapping->entries.size(); ++k) {
                CHECK(a.areaMapping->entries[k].area == b.areaMapping->entries[k].area);
                CHECK(a.areaMapping->entries[k].value == b.areaMapping->entries[k].value);
            }
        }
    }
    REQUIRE(v30.outcomes.size() == v21.outcomes.size());
    for (size_t i = 0; i < v30.outcomes.size(); ++i) {
        CHECK(v30.outcomes[i].identifier == v21.outcomes[i].identifier);
        CHECK(v30.outcomes[i].cardinality == v21.outcomes[i].cardinality);
        CHECK(v30.outcomes[i].baseType == v21.outcomes[i].baseType);
        CHECK(v30.outcomes[i].defaultValue == v21.outcomes[i].defaultValue);
    }
    CHECK(v30.processing.kind == v21.processing.kind);
    if (v30.processing.kind == ResponseTemplate::Custom) checkSameRules(v30.processing.rules, v21.processing.rules);
    const auto ia = v30.interactions(), ib = v21.interactions();
    REQUIRE(ia.size() == ib.size());
    for (size_t i = 0; i < ia.size(); ++i) {
        CHECK(ia[i]->name == ib[i]->name);
        CHECK(ia[i]->attributeOr("responseIdentifier", "?") == ib[i]->attributeOr("responseIdentifier", "-"));
    }
}

void checkSameScores(const Item& v30, const Item& v21, const std::vector<std::string>& answers) {
    for (const auto& a : answers) {
        CAPTURE(a);
        const VariableMap r30 = responses(v30, a), r21 = responses(v21, a);
        CHECK(processResponses(v30, r30) == processResponses(v21, r21));
    }
}

}  // namespace

// ---- every fixture ------------------------------------------------------------------------------------

TEST_CASE("interaction fixtures: every item loads and validates with zero problems") {
    for (const Fixture& fx : fixtures()) {
        const std::string file = fx.file;
        CAPTURE(file);
        const ValidationReport report = validatePath(specFile(fx.file));
        INFO(findingsText(report));
        CHECK(report.findings.empty());
        CHECK(report.documents == 1);
        // Both entry points of the loader give the item.
        const auto e = errorOf([&] {
            const Item fromFile = loadItemFile(specFile(fx.file));
            const Item fromText = parseItemXml(dlk::test::readFile(specFile(fx.file)), fx.file);
            CHECK(fromFile.identifier == fromText.identifier);
            CHECK(fromFile.responses.size() == fromText.responses.size());
        });
        CHECK_MESSAGE(!e, (e ? std::string(e->what()) : std::string()));
    }
}

TEST_CASE("interaction fixtures: each interaction names a declaration of the type it produces") {
    // QTI "Interactions and the response they produce": choice and hottext and hotspot identifier,
    // order and graphicOrder ordered identifier, associate and graphicAssociate multiple pair, match and
    // gapMatch and graphicGapMatch multiple directedPair, inlineChoice single identifier, textEntry single
    // string/integer/float, extendedText string, selectPoint and positionObject point, slider integer or
    // float, endAttempt boolean.
    for (const Fixture& fx : fixtures()) {
        const std::string file = fx.file;
        CAPTURE(file);
        const Item item = load(fx.file);
        CHECK(item.version == fx.version);
        CHECK(item.processing.kind == fx.processing);
        const auto found = item.interactions();
        REQUIRE(found.size() == fx.interactions.size());
        for (size_t i = 0; i < found.size(); ++i) {
            const ExpectedInteraction& want = fx.interactions[i];
            const std::string name = want.name;
            CAPTURE(name);
            CHECK(found[i]->name == want.name);
            const std::string* rid = found[i]->attribute("responseIdentifier");
            REQUIRE(rid);
            CHECK(*rid == want.responseIdentifier);
            const ResponseDeclaration* d = item.findResponse(*rid);
            REQUIRE(d);
            CHECK(d->cardinality == want.cardinality);
            CHECK(d->baseType == want.baseType);
        }
        // Every declared response belongs to an interaction: nothing is scored that no pupil can give.
        for (const auto& d : item.responses) {
            CAPTURE(d.identifier);
            bool used = false;
            for (const auto* in : found) used = used || in->attributeOr("responseIdentifier", "") == d.identifier;
            CHECK(used);
        }
    }
}

// ---- choice --------------------------------------------------------------------------------------------

TEST_CASE("interaction choice single: right - wrong and no answer with match_correct") {
    const Item item = load("choice_single.xml");
    CHECK(answer(item, "\"C\"") == 1);
    CHECK(answer(item, "\"A\"") == 0);
    CHECK(answer(item, "\"D\"") == 0);
    CHECK(answer(item, "\"c\"") == 0);  // identifiers compare exactly: "c" is no choice of this item
    CHECK(answer(item, "null") == 0);
    CHECK(answer(item, "[]") == 0);                                                      // an empty container is NULL
    CHECK(score(item, "{}") == 0);                                                       // no answer at all
    CHECK(scoreOf(item, {{"RESPONSE", Value::single(BaseType::Identifier, "")}}) == 0);  // the empty string is NULL
    // The outcome map: SCORE set by the template, MAXSCORE kept at its default.
    const VariableMap out = processResponses(item, responses(item, R"({"RESPONSE": "C"})"));
    CHECK(out.at("SCORE") == Value::single(BaseType::Float, "1"));
    CHECK(out.at("MAXSCORE") == Value::single(BaseType::Float, "1"));
}

TEST_CASE("interaction choice single: the QTI 2.1 spelling loads to the same model and scores the same") {
    const Item v30 = parseItemXml(dlk::test::readFile(specFile("choice_single.xml")), "choice_single.xml");
    const Item v21 = parseItemXml(dlk::test::readFile(specFile("choice_single_v21.xml")), "choice_single_v21.xml");
    checkSameModel(v30, v21);
    checkSameScores(v30, v21, {R"({"RESPONSE": "C"})", R"({"RESPONSE": "B"})", R"({"RESPONSE": null})", "{}"});
    CHECK(answer(v21, "\"C\"") == 1);
    CHECK(answer(v21, "\"B\"") == 0);
}

TEST_CASE("interaction choice multiple: partial credit - clamping and repeated choices with map_response") {
    // Map {A: 1, B: -1, C: 1, E: 0.5}, default -0.5 (D), bounds [0, 2].
    const Item item = load("choice_multiple.xml");
    CHECK(answer(item, R"(["A","C"])") == 2);
    CHECK(answer(item, R"(["C","A"])") == 2);
    CHECK(answer(item, R"(["A"])") == 1);
    CHECK(answer(item, R"(["C","E"])") == 1.5);
    CHECK(answer(item, R"(["A","C","B"])") == 1);
    CHECK(answer(item, R"(["A","D"])") == 0.5);            // D is unmapped: it adds the default -0.5
    CHECK(answer(item, R"(["A","B","C","D","E"])") == 1);  // 1 - 1 + 1 - 0.5 + 0.5
    CHECK(answer(item, R"(["A","C","E"])") == 2);          // 2.5 clamped to the upper bound 2
    CHECK(answer(item, R"(["B","D"])") == 0);              // -1.5 clamped to the lower bound 0
    CHECK(answer(item, R"(["B"])") == 0);
    // A repeated value counts once, mapped or not.
    CHECK(answer(item, R"(["A","A"])") == 1);
    CHECK(answer(item, R"(["E","E","C","C"])") == 1.5);
    CHECK(answer(item, R"(["A","D","D"])") == 0.5);
    // No answer: NULL scores 0, not the default and not the lower bound's neighbourhood.
    CHECK(answer(item, "[]") == 0);
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
}

// ---- order -----------------------------------------------------------------------------------------------

TEST_CASE("interaction order: only the whole sequence scores with match_correct") {
    const Item item = load("order.xml");
    CHECK(answer(item, R"(["KIES","CHECK","ONTVANGER","VERSTUUR"])") == 1);
    CHECK(answer(item, R"(["KIES","CHECK","VERSTUUR","ONTVANGER"])") == 0);  // the same four in another order
    CHECK(answer(item, R"(["VERSTUUR","ONTVANGER","CHECK","KIES"])") == 0);
    CHECK(answer(item, R"(["KIES","CHECK","ONTVANGER"])") == 0);  // a right beginning is not a match
    CHECK(answer(item, R"(["KIES","CHECK","ONTVANGER","VERSTUUR","VERSTUUR"])") == 0);
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
}

// ---- associate and match -----------------------------------------------------------------------------------

TEST_CASE("interaction associate: unordered pairs with map_response") {
    // Pairs are unordered: "BROWSER CHROME" is the pair "CHROME BROWSER". Map 1 per right pair,
    // GOOGLE-BROWSER -1, bounds [0, 3].
    const Item item = load("associate.xml");
    CHECK(answer(item, R"(["CHROME BROWSER","GOOGLE ZOEKMACHINE","WHATSAPP CHATAPP"])") == 3);
    CHECK(answer(item, R"(["BROWSER CHROME","ZOEKMACHINE GOOGLE","CHATAPP WHATSAPP"])") == 3);
    CHECK(answer(item, R"(["CHROME BROWSER","GOOGLE CHATAPP","WHATSAPP ZOEKMACHINE"])") == 1);
    CHECK(answer(item, R"(["WHATSAPP CHATAPP","BROWSER GOOGLE","CHROME ZOEKMACHINE"])") == 0);  // 1 - 1 + 0
    CHECK(answer(item, R"(["CHROME BROWSER","GOOGLE ZOEKMACHINE","BROWSER GOOGLE"])") == 1);
    CHECK(answer(item, R"(["BROWSER GOOGLE"])") == 0);  // -1 clamped to 0
    // The same pair twice, once each way round, is one distinct value: it counts once.
    CHECK(answer(item, R"(["CHROME BROWSER","BROWSER CHROME"])") == 1);
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
    // A pair needs two identifiers.
    const auto bad = refusal(item, R"(["CHROME"])");
    REQUIRE(bad);
    CHECK(bad->kind() == ErrorKind::Invalid);
}

TEST_CASE("interaction match: directed pairs from set 1 to set 2 with map_response") {
    // Map 1 per right pair, any other pair -0.5 (the default), lower bound 0.
    const Item item = load("match.xml");
    CHECK(answer(item, R"(["FOTO BEWERKER","VERSLAG TEKST","CIJFERS REKENBLAD"])") == 3);
    CHECK(answer(item, R"(["CIJFERS REKENBLAD","FOTO BEWERKER","VERSLAG TEKST"])") == 3);
    CHECK(answer(item, R"(["FOTO BEWERKER","VERSLAG TEKST","CIJFERS PRESENTATIE"])") == 1.5);
    CHECK(answer(item, R"(["FOTO TEKST","VERSLAG BEWERKER"])") == 0);  // -1 clamped to 0
    // directedPair keeps its direction: "BEWERKER FOTO" is not "FOTO BEWERKER", so it takes the default.
    CHECK(answer(item, R"(["BEWERKER FOTO","VERSLAG TEKST"])") == 0.5);
    CHECK(answer(item, R"(["FOTO BEWERKER","FOTO BEWERKER"])") == 1);
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
}

// ---- gap match ----------------------------------------------------------------------------------------------

TEST_CASE("interaction gapMatch: gap texts into gaps with map_response") {
    // Map {LANG G1: 1, UNIEK G2: 1, KORT G1: -1, KORT G2: -1}, default 0, bounds [0, 2].
    const Item item = load("gap_match.xml");
    CHECK(answer(item, R"(["LANG G1","UNIEK G2"])") == 2);
    CHECK(answer(item, R"(["UNIEK G2","LANG G1"])") == 2);
    CHECK(answer(item, R"(["LANG G1"])") == 1);  // one gap left empty
    CHECK(answer(item, R"(["MAKKELIJK G1","UNIEK G2"])") == 1);
    CHECK(answer(item, R"(["LANG G1","KORT G2"])") == 0);
    CHECK(answer(item, R"(["UNIEK G1","LANG G2"])") == 0);  // the right words in the wrong gaps
    CHECK(answer(item, R"(["KORT G1","KORT G2"])") == 0);   // -2 clamped to 0
    CHECK(answer(item, R"(["G1 LANG","G2 UNIEK"])") == 0);  // gap -> text is the wrong direction
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
}

TEST_CASE("interaction gapMatch: the QTI 2.1 spelling loads to the same model and scores the same") {
    const Item v30 = load("gap_match.xml");
    const Item v21 = load("gap_match_v21.xml");
    checkSameModel(v30, v21);
    checkSameScores(
        v30, v21,
        {R"({"RESPONSE": ["LANG G1","UNIEK G2"]})", R"({"RESPONSE": ["LANG G1"]})",
         R"({"RESPONSE": ["KORT G1","UNIEK G2"]})", R"({"RESPONSE": ["G1 LANG"]})", R"({"RESPONSE": []})", "{}"});
    CHECK(answer(v21, R"(["UNIEK G2","LANG G1"])") == 2);
}

// ---- inline choice --------------------------------------------------------------------------------------------

TEST_CASE("interaction inlineChoice: a single identifier with match_correct") {
    const Item item = load("inline_choice.xml");
    CHECK(answer(item, "\"VERSLEUTELD\"") == 1);
    CHECK(answer(item, "\"SNEL\"") == 0);
    CHECK(answer(item, "\"GRATIS\"") == 0);
    CHECK(answer(item, "\"versleuteld\"") == 0);  // identifiers are not case-insensitive strings
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
}

// ---- text entry --------------------------------------------------------------------------------------------------

TEST_CASE("interaction textEntry string: a map entry without caseSensitive is case-sensitive") {
    // The only map entry, "Xk7pQ", has no case-sensitive attribute: docs/item-format.md says absent means true.
    const Item item = load("text_entry_string.xml");
    REQUIRE(item.findResponse("RESPONSE")->mapping);
    CHECK(item.findResponse("RESPONSE")->mapping->entries.at(0).caseSensitive);
    CHECK(answer(item, "\"Xk7pQ\"") == 1);
    CHECK(answer(item, "\"xk7pq\"") == 0);
    CHECK(answer(item, "\"XK7PQ\"") == 0);
    CHECK(answer(item, "\"Xk7pq\"") == 0);
    CHECK(answer(item, "\"Xk7p\"") == 0);
    CHECK(answer(item, "\"Xk7pQ \"") == 0);  // strings compare exactly, spaces included
    CHECK(answer(item, "\"\"") == 0);        // the empty string is NULL
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
}

TEST_CASE("interaction textEntry integer: numbers by value and no float text") {
    const Item item = load("text_entry_integer.xml");
    CHECK(answer(item, "\"15\"") == 1);
    CHECK(answer(item, "15") == 1);        // a JSON number
    CHECK(answer(item, "\"015\"") == 1);   // xsd:integer allows leading zeros: the value is 15
    CHECK(answer(item, "\" 15 \"") == 1);  // integer's whitespace facet is collapse
    CHECK(answer(item, "\"16\"") == 0);
    CHECK(answer(item, "\"-15\"") == 0);
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
    // "15.0" is not an integer (xsd:integer has no decimal point) and "vijftien" is no number: the
    // kiosk refuses them rather than scoring them as something else.
    for (const std::string notInteger : {"\"15.0\"", "\"vijftien\"", "\"1e1\"", "15.5"}) {
        CAPTURE(notInteger);
        const auto e = refusal(item, notInteger);
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
    }
}

TEST_CASE("interaction textEntry float: 15 and 15.0 are the same number") {
    // The correct response is written "15.0"; floats compare by value.
    const Item item = load("text_entry_float.xml");
    CHECK(answer(item, "\"15\"") == 1);
    CHECK(answer(item, "\"15.0\"") == 1);
    CHECK(answer(item, "\"15.00\"") == 1);
    CHECK(answer(item, "\"1.5e1\"") == 1);  // xsd:double's exponent form
    CHECK(answer(item, "15") == 1);
    CHECK(answer(item, "\"15.01\"") == 0);
    CHECK(answer(item, "\"1.5\"") == 0);
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
    // A decimal comma is not the float lexical form.
    const auto e = refusal(item, "\"15,0\"");
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
}

TEST_CASE("interaction textEntry string: caseSensitive false matches in any case") {
    // Both entries are case-insensitive: "België" scores 1, "Belgie" 0.5, whatever the case.
    const Item item = load("text_entry_string_caseless.xml");
    CHECK(answer(item, "\"België\"") == 1);
    CHECK(answer(item, "\"belgië\"") == 1);
    CHECK(answer(item, "\"BELGIe\"") == 0.5);
    CHECK(answer(item, "\"belgie\"") == 0.5);
    CHECK(answer(item, "\"BELGIE\"") == 0.5);
    CHECK(answer(item, "\"Nederland\"") == 0);
    CHECK(answer(item, "\"\"") == 0);
    CHECK(score(item, "{}") == 0);
}

TEST_CASE("interaction textEntry string: caseSensitive false folds non-ASCII capitals too") {
    // Case-insensitive means every letter's case: "BELGIË" (capital E with diaeresis, U+00CB) is
    // "België" in another case, so it scores 1. Dutch answers are full of such letters (één, reünie).
    const Item item = load("text_entry_string_caseless.xml");
    CHECK(answer(item, "\"BELGIË\"") == 1);
    CHECK(answer(item, "\"BelgiË\"") == 1);
}

TEST_CASE("interaction textEntry string: caseSensitive false ignores case only - not spaces") {
    // QTI's caseSensitive="false" changes how letters compare, nothing else; strings otherwise compare
    // exactly, as the case-sensitive entry of text_entry_string.xml does ("Xk7pQ " scores 0 there).
    // So " België " is not a mapped key and takes the default 0.
    const Item item = load("text_entry_string_caseless.xml");
    CHECK(answer(item, "\" België \"") == 0);
    CHECK(answer(item, "\"belgie \"") == 0);
}

TEST_CASE("interaction empty string answers: NULL for identifier and integer and float and point") {
    // QTI and docs/item-format.md: an empty string is NULL, whatever the base type, and a NULL response scores 0.
    // A pupil who leaves a numeric box or a drop-down empty sends "" - that is no answer, not an
    // invalid one, and `dlkiosk score --response '{"RESPONSE": ""}'` should print SCORE 0.
    struct Case {
        const char* file;
        const char* what;
    };
    for (const Case c :
         {Case{"text_entry_integer.xml", "integer text entry"}, Case{"text_entry_float.xml", "float text entry"},
          Case{"inline_choice.xml", "inline choice"}, Case{"position_object.xml", "point"}}) {
        const std::string what = c.what;
        CAPTURE(what);
        const Item item = load(c.file);
        const auto e = errorOf([&] {
            const VariableMap r = responses(item, R"({"RESPONSE": ""})");
            CHECK(r.at("RESPONSE").isNull());
            CHECK(scoreOf(item, r) == 0);
        });
        CHECK_MESSAGE(!e, (e ? std::string(e->what()) : std::string()));
    }
}

// ---- extended text -------------------------------------------------------------------------------------------------

TEST_CASE("interaction extendedText: scored by a person so processing leaves SCORE at its default") {
    const Item item = load("extended_text.xml");
    const std::string text =
        "Ik zou zeggen: stop ermee, dit is niet grappig.\nDaarna vertel ik het aan de mentor.\n"
        "Mo mag zelf weten of de foto blijft staan. \xC3\xA9\xC3\xA9n keer is al te veel.";
    const VariableMap written = processResponses(item, {{"RESPONSE", Value::single(BaseType::String, text)}});
    CHECK(written.at("ANSWERED") == Value::single(BaseType::Boolean, "true"));
    CHECK(written.at("SCORE") == Value::single(BaseType::Float, "0"));  // waits for the teacher
    const VariableMap empty = processResponses(item, responses(item, R"({"RESPONSE": ""})"));
    CHECK(empty.at("ANSWERED") == Value::single(BaseType::Boolean, "false"));  // "" is NULL
    const VariableMap none = processResponses(item, {});
    CHECK(none.at("ANSWERED") == Value::single(BaseType::Boolean, "false"));
    CHECK(scoreOf(item, {}) == 0);
    // A long answer is just text.
    const std::string longText(20000, 'a');
    CHECK(processResponses(item, {{"RESPONSE", Value::single(BaseType::String, longText)}}).at("ANSWERED") ==
          Value::single(BaseType::Boolean, "true"));
}

// ---- hottext
// ----------------------------------------------------------------------------------------------------------

TEST_CASE("interaction hottext: both opinions and nothing else with match_correct") {
    const Item item = load("hottext.xml");
    CHECK(answer(item, R"(["H2","H4"])") == 1);
    CHECK(answer(item, R"(["H4","H2"])") == 1);  // multiple: a bag, order does not matter
    CHECK(answer(item, R"(["H2"])") == 0);
    CHECK(answer(item, R"(["H2","H4","H1"])") == 0);
    CHECK(answer(item, R"(["H1","H3"])") == 0);
    CHECK(answer(item, R"(["H2","H2"])") == 0);  // the bag {H2, H2} is not {H2, H4}
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
}

// ---- graphic interactions
// ---------------------------------------------------------------------------------------------

TEST_CASE("interaction hotspot: the response is the hotspot's identifier - not a point") {
    const Item item = load("hotspot.xml");
    CHECK(answer(item, "\"SLOT\"") == 1);
    CHECK(answer(item, "\"ADRES\"") == 0);
    CHECK(answer(item, "\"LOGO\"") == 0);
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
    // Coordinates of a click inside the SLOT circle are not an identifier value.
    const auto e = refusal(item, "\"30 20\"");
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
}

TEST_CASE("interaction selectPoint: points on borders - overlapping areas - once per area with map_response_point") {
    // Areas in document order: circle (100,100) r 20 -> 1; rect (90,90)-(200,130) -> 2, which overlaps the
    // circle; triangle (300,200) (380,200) (340,280) -> 4. Default -1, bounds [0, 6].
    const Item item = load("select_point.xml");
    // Inside both the circle and the rect: the first area in document order (the circle) takes it.
    CHECK(answer(item, R"(["100 100"])") == 1);
    // Exactly on borders: a border point is inside.
    CHECK(answer(item, R"(["100 80"])") == 1);   // top of the circle (distance 20), not in the rect
    CHECK(answer(item, R"(["120 100"])") == 1);  // right of the circle and inside the rect: circle first
    CHECK(answer(item, R"(["121 100"])") == 2);  // just outside the circle, inside the rect
    CHECK(answer(item, R"(["200 130"])") == 2);  // the rect's corner
    CHECK(answer(item, R"(["150 90"])") == 2);   // the rect's top edge
    CHECK(answer(item, R"(["300 200"])") == 4);  // a vertex of the triangle
    CHECK(answer(item, R"(["340 200"])") == 4);  // its bottom edge
    CHECK(answer(item, R"(["320 240"])") == 4);  // the middle of its slanted edge (300,200)-(340,280)
    // Several points: each area counts at most once.
    CHECK(answer(item, R"(["100 100","150 110"])") == 3);
    CHECK(answer(item, R"(["150 110","160 120"])") == 2);
    // The second point's first area is the circle, already counted: it adds nothing, and it does not
    // fall through to the rect, which also contains it.
    CHECK(answer(item, R"(["100 100","105 105"])") == 1);
    // A point in no area adds the default -1.
    CHECK(answer(item, R"(["150 110","5 5"])") == 1);
    CHECK(answer(item, R"(["5 5"])") == 0);                          // -1 clamped to 0
    CHECK(answer(item, R"(["100 100","150 110","340 250"])") == 6);  // 7 clamped to 6
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
    // QTI points are integers.
    const auto e = refusal(item, R"(["100.5 100"])");
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
}

TEST_CASE("interaction selectPoint: the QTI 2.1 spelling loads to the same model and scores the same") {
    const Item v30 = load("select_point.xml");
    const Item v21 = load("select_point_v21.xml");
    checkSameModel(v30, v21);
    checkSameScores(v30, v21,
                    {R"({"RESPONSE": ["100 100"]})", R"({"RESPONSE": ["120 100","200 130"]})",
                     R"({"RESPONSE": ["100 100","105 105"]})", R"({"RESPONSE": ["5 5","150 110"]})",
                     R"({"RESPONSE": ["100 100","150 110","340 250"]})", R"({"RESPONSE": []})", "{}"});
    CHECK(answer(v21, R"(["320 240"])") == 4);
}

TEST_CASE("interaction graphicOrder: the hotspots in the right order with match_correct") {
    const Item item = load("graphic_order.xml");
    CHECK(answer(item, R"(["INSTELLINGEN","PRIVACY","LOCATIE"])") == 1);
    CHECK(answer(item, R"(["PRIVACY","INSTELLINGEN","LOCATIE"])") == 0);
    CHECK(answer(item, R"(["INSTELLINGEN","PRIVACY","CAMERA"])") == 0);
    CHECK(answer(item, R"(["INSTELLINGEN","PRIVACY"])") == 0);
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
}

TEST_CASE("interaction graphicAssociate: unordered pairs of hotspots with map_response") {
    // Map 1 per right connection, LAPTOP-MODEM -1, bounds [0, 3]; pairs ignore their order.
    const Item item = load("graphic_associate.xml");
    CHECK(answer(item, R"(["LAPTOP ROUTER","ROUTER MODEM","PRINTER ROUTER"])") == 3);
    CHECK(answer(item, R"(["ROUTER LAPTOP","MODEM ROUTER","ROUTER PRINTER"])") == 3);
    CHECK(answer(item, R"(["LAPTOP ROUTER","ROUTER MODEM"])") == 2);
    CHECK(answer(item, R"(["LAPTOP ROUTER","ROUTER MODEM","MODEM LAPTOP"])") == 1);  // "MODEM LAPTOP" is LAPTOP-MODEM
    CHECK(answer(item, R"(["LAPTOP MODEM","PRINTER MODEM"])") == 0);                 // -1 clamped to 0
    CHECK(answer(item, R"(["ROUTER LAPTOP","LAPTOP ROUTER"])") == 1);                // one pair, counted once
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
}

TEST_CASE("interaction graphicGapMatch: images onto hotspots as directed pairs with map_response") {
    const Item item = load("graphic_gap_match.xml");
    CHECK(answer(item, R"(["ZOEK PLEK_A","MENU PLEK_B","HOME PLEK_C"])") == 3);
    CHECK(answer(item, R"(["ZOEK PLEK_A","MENU PLEK_B"])") == 2);
    CHECK(answer(item, R"(["MENU PLEK_C","HOME PLEK_B"])") == 0);
    CHECK(answer(item, R"(["ZOEK PLEK_A","ZOEK PLEK_B"])") == 1);  // ZOEK may go twice; only PLEK_A is right
    CHECK(answer(item, R"(["PLEK_A ZOEK"])") == 0);                // hotspot -> image is the wrong direction
    CHECK(answer(item, "[]") == 0);
    CHECK(score(item, "{}") == 0);
}

TEST_CASE("interaction positionObject: a single point - first area wins - borders inside") {
    // Rect (340,240)-(400,300) -> 1 first, then the ellipse centred (370,270) with radii 60 and 45 -> 0.5.
    const Item item = load("position_object.xml");
    CHECK(answer(item, "\"370 270\"") == 1);    // in both: the rect comes first
    CHECK(answer(item, "\"340 240\"") == 1);    // the rect's corner
    CHECK(answer(item, "\"400 270\"") == 1);    // the rect's right edge
    CHECK(answer(item, "\"310 270\"") == 0.5);  // the ellipse's left end: (310 - 370) / 60 = -1
    CHECK(answer(item, "\"370 225\"") == 0.5);  // the ellipse's top: (225 - 270) / 45 = -1; above the rect
    CHECK(answer(item, "\"309 270\"") == 0);    // just outside the ellipse
    CHECK(answer(item, "\"20 20\"") == 0);      // in no area: default 0
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
}

// ---- slider
// ------------------------------------------------------------------------------------------------------------

TEST_CASE("interaction slider: equal with an absolute tolerance and its bounds") {
    // 1 when the answer is in [55, 65] (both bounds included by default), else 0.5 in [50, 70), else 0.
    const Item item = load("slider.xml");
    CHECK(answer(item, "60") == 1);
    CHECK(answer(item, "55") == 1);
    CHECK(answer(item, "65") == 1);
    CHECK(answer(item, "\"65\"") == 1);
    CHECK(answer(item, "50") == 0.5);  // the lower bound of the half band is included
    CHECK(answer(item, "70") == 0);    // its upper bound is not (include-upper-bound="false")
    CHECK(answer(item, "45") == 0);
    CHECK(answer(item, "75") == 0);
    CHECK(answer(item, "0") == 0);
    CHECK(answer(item, "100") == 0);
    // No answer: equal gives NULL, a NULL condition counts as false, so the else branch sets 0.
    CHECK(answer(item, "null") == 0);
    CHECK(score(item, "{}") == 0);
    const VariableMap out = processResponses(item, {});
    CHECK(out.at("SCORE") == Value::single(BaseType::Float, "0"));
}

TEST_CASE("interaction slider: the QTI 2.1 spelling of custom rules loads to the same model and scores the same") {
    const Item v30 = load("slider.xml");
    const Item v21 = load("slider_v21.xml");
    checkSameModel(v30, v21);  // includes the rules: tolerance-mode and toleranceMode alike
    std::vector<std::string> answers = {"{}", R"({"RESPONSE": null})"};
    for (int v = 0; v <= 100; v += 5) answers.push_back("{\"RESPONSE\": " + std::to_string(v) + "}");
    checkSameScores(v30, v21, answers);
    CHECK(answer(v21, "50") == 0.5);
    CHECK(answer(v21, "70") == 0);
}

// ---- end attempt
// -----------------------------------------------------------------------------------------------------------

TEST_CASE("interaction endAttempt: a boolean response that lowers the score after a hint") {
    const Item item = load("end_attempt.xml");
    CHECK(score(item, R"({"RESPONSE": "B", "HINT": false})") == 1);
    CHECK(score(item, R"({"RESPONSE": "B", "HINT": true})") == 0.5);
    CHECK(score(item, R"({"RESPONSE": "B", "HINT": "1"})") == 0.5);  // xsd:boolean "1" is true
    CHECK(score(item, R"({"RESPONSE": "B"})") == 1);                 // HINT NULL: no hint was asked
    CHECK(score(item, R"({"RESPONSE": "A", "HINT": true})") == 0);
    CHECK(score(item, R"({"RESPONSE": "A", "HINT": false})") == 0);
    CHECK(score(item, R"({"HINT": true})") == 0);  // ended with the button, no answer
    CHECK(score(item, "{}") == 0);
    const auto e = errorOf([&] { (void)score(item, R"({"RESPONSE": "B", "HINT": "ja"})"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
}

// ---- several response variables
// ---------------------------------------------------------------------------------------------

TEST_CASE("interaction several responses: two text entries and an inline choice each scored and summed") {
    const Item item = load("several_responses.xml");
    CHECK(item.findResponse("RESPONSE") == nullptr);  // never assume RESPONSE
    CHECK(score(item, R"({"PROTOCOL": "https", "AANTAL": 200, "SLOT": "VERSLEUTELD"})") == 3);
    // PROTOCOL's entries are case-insensitive.
    CHECK(score(item, R"({"PROTOCOL": "HTTPS", "AANTAL": "200", "SLOT": "VERSLEUTELD"})") == 3);
    CHECK(score(item, R"({"PROTOCOL": "Https", "AANTAL": 200, "SLOT": "VERSLEUTELD"})") == 3);
    CHECK(score(item, R"({"PROTOCOL": "http", "AANTAL": 200, "SLOT": "VERSLEUTELD"})") == 2);
    CHECK(score(item, R"({"PROTOCOL": "https", "AANTAL": 199, "SLOT": "VERSLEUTELD"})") == 2);
    CHECK(score(item, R"({"PROTOCOL": "https", "AANTAL": 200, "SLOT": "SNEL"})") == 2);
    // Each part alone.
    CHECK(score(item, R"({"PROTOCOL": "https"})") == 1);
    CHECK(score(item, R"({"AANTAL": 200})") == 1);
    CHECK(score(item, R"({"SLOT": "VERSLEUTELD"})") == 1);
    // Empty and missing parts are NULL and add nothing; the others still count.
    CHECK(score(item, R"({"PROTOCOL": "", "AANTAL": 200, "SLOT": "VERSLEUTELD"})") == 2);
    CHECK(score(item, R"({"PROTOCOL": null, "AANTAL": null, "SLOT": null})") == 0);
    CHECK(score(item, "{}") == 0);
    // An answer under a name the item does not declare is not any part's answer.
    CHECK(scoreOf(item, {{"RESPONSE", Value::single(BaseType::Identifier, "VERSLEUTELD")}}) == 0);
    // One part's value in another part's variable does not count: SLOT is an identifier, not "https".
    CHECK(score(item, R"({"SLOT": "https"})") == 0);
    // Each variable keeps its own base type: AANTAL is an integer.
    const auto e = errorOf([&] { (void)score(item, R"({"AANTAL": "200.0"})"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    const VariableMap out = processResponses(item, responses(item, R"({"PROTOCOL": "https", "SLOT": "VERSLEUTELD"})"));
    CHECK(out.at("SCORE") == Value::single(BaseType::Float, "2"));
    CHECK(out.at("MAXSCORE") == Value::single(BaseType::Float, "3"));
}
