// Reading QTI 3.0 and 2.1/2.2 items into the one model (docs/item-format.md), and the errors a
// broken item gives: always a dlk::Error whose message starts "file:line:".
#include <doctest/doctest.h>

#include <functional>

#include "core_test_helpers.h"
#include "qti/interactions.h"
#include "qti/qti_loader.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::testData;

namespace {

constexpr const char* kNs30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
constexpr const char* kNs21 = "http://www.imsglobal.org/xsd/imsqti_v2p1";

// The 1-based line of the first occurrence of `needle` in `text` (which must occur).
int lineOf(const std::string& text, const std::string& needle) {
    const auto at = text.find(needle);
    REQUIRE_MESSAGE(at != std::string::npos, "'" << needle << "' is not in the fixture");
    int line = 1;
    for (size_t i = 0; i < at; ++i) line += text[i] == '\n';
    return line;
}

// A QTI 3.0 item with the given declarations, body content and processing element, one
// construct per line so that tests can find lines with lineOf().
std::string item30(const std::string& declarations, const std::string& body, const std::string& processing) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") + "<qti-assessment-item xmlns=\"" + kNs30 +
           "\" identifier=\"t\" title=\"T\" xml:lang=\"nl\">\n" + declarations + "\n<qti-item-body>\n" + body +
           "\n</qti-item-body>\n" + processing + "\n</qti-assessment-item>\n";
}

const std::string kChoiceDecl =
    "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\">\n"
    "<qti-correct-response><qti-value>A</qti-value></qti-correct-response>\n"
    "</qti-response-declaration>";
const std::string kChoiceBody =
    "<qti-choice-interaction response-identifier=\"RESPONSE\" max-choices=\"1\">\n"
    "<qti-simple-choice identifier=\"A\">a</qti-simple-choice>\n"
    "<qti-simple-choice identifier=\"B\">b</qti-simple-choice>\n"
    "</qti-choice-interaction>";
const std::string kMatchCorrect =
    "<qti-response-processing template=\"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml\"/>";

// Expects parsing `xml` as `name` to fail with `kind`, a message starting "name:line:" and
// containing `fragment`.
void expectItemError(const std::string& xml, int line, ErrorKind kind, const std::string& fragment,
                     const std::string& name = "case.xml") {
    auto e = errorOf([&] { parseItemXml(xml, name); });
    REQUIRE_MESSAGE(e, "the item was accepted");
    const std::string msg = e->what();
    CAPTURE(msg);
    CHECK(e->kind() == kind);
    CHECK(msg.starts_with(name + ":" + std::to_string(line) + ":"));
    CHECK(contains(msg, fragment));
}

void checkSameBody(const BodyNode& a, const BodyNode& b, const std::string& path) {
    CAPTURE(path);
    REQUIRE(a.isText == b.isText);
    CHECK(a.name == b.name);
    CHECK(a.text == b.text);
    CHECK(a.attributes == b.attributes);
    REQUIRE(a.children.size() == b.children.size());
    for (size_t i = 0; i < a.children.size(); ++i)
        checkSameBody(a.children[i], b.children[i], path + "/" + (a.children[i].isText ? "#text" : a.children[i].name));
}

void checkSameModel(const Item& a, const Item& b) {
    CHECK(a.identifier == b.identifier);
    CHECK(a.title == b.title);
    CHECK(a.language == b.language);
    REQUIRE(a.responses.size() == b.responses.size());
    for (size_t i = 0; i < a.responses.size(); ++i) {
        const auto &x = a.responses[i], &y = b.responses[i];
        CAPTURE(x.identifier);
        CHECK(x.identifier == y.identifier);
        CHECK(x.cardinality == y.cardinality);
        CHECK(x.baseType == y.baseType);
        CHECK(x.correctResponse == y.correctResponse);
        REQUIRE(x.mapping.has_value() == y.mapping.has_value());
        if (x.mapping) {
            CHECK(x.mapping->defaultValue == y.mapping->defaultValue);
            CHECK(x.mapping->lowerBound == y.mapping->lowerBound);
            CHECK(x.mapping->upperBound == y.mapping->upperBound);
            REQUIRE(x.mapping->entries.size() == y.mapping->entries.size());
            for (size_t k = 0; k < x.mapping->entries.size(); ++k) {
                CHECK(x.mapping->entries[k].key == y.mapping->entries[k].key);
                CHECK(x.mapping->entries[k].value == y.mapping->entries[k].value);
                CHECK(x.mapping->entries[k].caseSensitive == y.mapping->entries[k].caseSensitive);
            }
        }
    }
    REQUIRE(a.outcomes.size() == b.outcomes.size());
    for (size_t i = 0; i < a.outcomes.size(); ++i) {
        CHECK(a.outcomes[i].identifier == b.outcomes[i].identifier);
        CHECK(a.outcomes[i].cardinality == b.outcomes[i].cardinality);
        CHECK(a.outcomes[i].baseType == b.outcomes[i].baseType);
        CHECK(a.outcomes[i].defaultValue == b.outcomes[i].defaultValue);
    }
    CHECK(a.processing.kind == b.processing.kind);
    checkSameBody(a.body, b.body, "itemBody");
}

}  // namespace

TEST_CASE("qti loader: QTI 3.0 - 2.2 and 2.1 spellings of the same item give the same model") {
    const Item v30 = loadItemFile(testData("qti/two_interactions_v30.xml"));
    const Item v22 = loadItemFile(testData("qti/two_interactions_v22.xml"));
    const Item v21 = loadItemFile(testData("qti/two_interactions_v21.xml"));
    CHECK(v30.version == QtiVersion::V3_0);
    CHECK(v22.version == QtiVersion::V2_2);
    CHECK(v21.version == QtiVersion::V2_1);
    CHECK(v30.sourcePath == testData("qti/two_interactions_v30.xml"));
    SUBCASE("3.0 and 2.1") {
        checkSameModel(v30, v21);
    }
    SUBCASE("3.0 and 2.2") {
        checkSameModel(v30, v22);
    }
}

TEST_CASE("qti loader: the declarations of the fixture item are read completely") {
    const Item item = loadItemFile(testData("qti/two_interactions_v30.xml"));
    CHECK(item.identifier == "fixture-two-interactions");
    CHECK(item.title == "Twee interacties");
    CHECK(item.language == "nl");
    REQUIRE(item.responses.size() == 2);  // never only RESPONSE
    const ResponseDeclaration* r = item.findResponse("RESPONSE");
    REQUIRE(r);
    CHECK(r->cardinality == Cardinality::Multiple);
    CHECK(r->baseType == BaseType::Identifier);
    REQUIRE(r->correctResponse);
    CHECK(r->correctResponse->items == std::vector<std::string>{"A", "C"});
    REQUIRE(r->mapping);
    CHECK(r->mapping->defaultValue == -0.5);
    CHECK(r->mapping->lowerBound == 0.0);
    CHECK(r->mapping->upperBound == 2.0);
    REQUIRE(r->mapping->entries.size() == 3);
    CHECK(r->mapping->entries[1].key == "B");
    CHECK(r->mapping->entries[1].value == -1);
    CHECK(r->line == 6);
    const ResponseDeclaration* city = item.findResponse("CITY");
    REQUIRE(city);
    CHECK(city->baseType == BaseType::String);
    CHECK(city->cardinality == Cardinality::Single);
    CHECK(city->correctResponse == Value::single(BaseType::String, "Utrecht"));
    CHECK(item.findResponse("SCORE") == nullptr);
    REQUIRE(item.findOutcome("MAXSCORE"));
    CHECK(item.findOutcome("MAXSCORE")->defaultValue == Value::single(BaseType::Float, "2"));
    CHECK(item.processing.kind == ResponseTemplate::MapResponse);
    CHECK(item.maxScore() == 2);
}

TEST_CASE("qti loader: caseSensitive absent on a map entry means true") {
    for (const std::string f : {"qti/two_interactions_v30.xml", "qti/two_interactions_v21.xml"}) {
        CAPTURE(f);
        const Item item = loadItemFile(testData(f));
        const ResponseDeclaration* city = item.findResponse("CITY");
        REQUIRE(city);
        REQUIRE(city->mapping);
        REQUIRE(city->mapping->entries.size() == 2);
        CHECK(city->mapping->entries[0].key == "Utrecht");
        CHECK(city->mapping->entries[0].caseSensitive);        // attribute absent
        CHECK_FALSE(city->mapping->entries[1].caseSensitive);  // case-sensitive="false"
    }
}

TEST_CASE("qti loader: 3.0 element and attribute names are normalised - HTML is left alone") {
    const Item item = loadItemFile(testData("qti/two_interactions_v30.xml"));
    CHECK(item.body.name == "itemBody");
    const auto interactions = item.interactions();
    REQUIRE(interactions.size() == 2);
    const BodyNode& choice = *interactions[0];
    CHECK(choice.name == "choiceInteraction");
    CHECK(choice.attributeOr("responseIdentifier", "") == "RESPONSE");
    CHECK(choice.attributeOr("maxChoices", "") == "0");
    CHECK(choice.attributeOr("shuffle", "") == "false");
    CHECK(choice.attribute("response-identifier") == nullptr);
    CHECK(choice.attributeOr("data-dlk-hint", "") == "twee");  // data-* keeps its name
    std::vector<std::string> childNames;
    for (const auto& c : choice.children)
        if (!c.isText) childNames.push_back(c.name);
    CHECK(childNames == std::vector<std::string>{"prompt", "simpleChoice", "simpleChoice", "simpleChoice"});
    for (const auto& c : choice.children)
        if (!c.isText && c.name == "prompt") CHECK(c.plainText() == "Welke twee zijn waar?");
    const BodyNode& text = *interactions[1];
    CHECK(text.name == "textEntryInteraction");
    CHECK(text.attributeOr("responseIdentifier", "") == "CITY");
    CHECK(text.attributeOr("expectedLength", "") == "10");
    // HTML: <p class> and <img src alt> keep names and attributes.
    const BodyNode* p = nullptr;
    for (const auto& c : item.body.children)
        if (!c.isText && c.name == "p") {
            p = &c;
            break;
        }
    REQUIRE(p);
    CHECK(p->attributeOr("class", "") == "intro");
    const BodyNode* img = nullptr;
    for (const auto& c : p->children)
        if (!c.isText && c.name == "img") img = &c;
    REQUIRE(img);
    CHECK(img->attributeOr("src", "") == "media/kaart.png");
    CHECK(img->attributeOr("alt", "") == "Een kaart");
    CHECK(item.body.plainText().starts_with("Lees de tekst."));
}

TEST_CASE("qti loader: plain text runs on after phrasing elements and parts after blocks") {
    const Item item = parseItemXml(R"(<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
        identifier="t" title="t" adaptive="false" time-dependent="false">
      <qti-item-body><p>Tel <em>twee</em>, <strong>geen</strong> drie<sup>2</sup>.</p><p>Volgende<br/>regel</p>
        <ul><li>een</li><li>twee</li></ul></qti-item-body></qti-assessment-item>)",
                                   "t.xml");
    // Read aloud and shown to screen readers: no space before the comma, none inside "drie2".
    CHECK(item.body.plainText() == "Tel twee, geen drie2. Volgende regel een twee");
}

TEST_CASE("qti loader: element names map from 3.0 kebab-case to 2.x camelCase") {
    CHECK(normaliseQtiName("qti-response-declaration") == "responseDeclaration");
    CHECK(normaliseQtiName("qti-map-entry") == "mapEntry");
    CHECK(normaliseQtiName("qti-assessment-item") == "assessmentItem");
    CHECK(normaliseQtiName("qti-choice-interaction") == "choiceInteraction");
    CHECK(normaliseQtiName("qti-value") == "value");
    CHECK(normaliseQtiName("responseDeclaration") == "responseDeclaration");
    CHECK(normaliseQtiName("p") == "p");
    CHECK(normaliseQtiName("img") == "img");
}

TEST_CASE("qti loader: the version comes from the root namespace - not from schemaLocation") {
    const std::string body =
        "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\"/>\n"
        "<itemBody><choiceInteraction responseIdentifier=\"RESPONSE\" maxChoices=\"1\"/></itemBody>\n";
    // 2.2 namespace, but schemaLocation points at the 2.1 schema.
    const Item v22 = parseItemXml(
        "<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p2\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imsqti_v2p1 imsqti_v2p1.xsd\" identifier=\"x\">\n" +
            body + "</assessmentItem>",
        "v22.xml");
    CHECK(v22.version == QtiVersion::V2_2);
    // A prefixed 2.1 document.
    const Item prefixed = parseItemXml(
        std::string("<qti:assessmentItem xmlns:qti=\"") + kNs21 +
            "\" identifier=\"p\">\n"
            "<qti:responseDeclaration identifier=\"RESPONSE\" cardinality=\"multiple\" baseType=\"identifier\"/>\n"
            "<qti:itemBody><qti:choiceInteraction responseIdentifier=\"RESPONSE\" maxChoices=\"0\"/></qti:itemBody>\n"
            "</qti:assessmentItem>",
        "prefixed.xml");
    CHECK(prefixed.version == QtiVersion::V2_1);
    REQUIRE(prefixed.responses.size() == 1);
    CHECK(prefixed.responses[0].cardinality == Cardinality::Multiple);
    REQUIRE(prefixed.interactions().size() == 1);
    CHECK(prefixed.interactions()[0]->name == "choiceInteraction");
    // Without any namespace the root's name decides.
    CHECK(parseItemXml("<assessmentItem identifier=\"n\">\n" + body + "</assessmentItem>", "n.xml").version ==
          QtiVersion::V2_1);
    CHECK(
        parseItemXml("<qti-assessment-item identifier=\"n\"><qti-item-body/></qti-assessment-item>", "n.xml").version ==
        QtiVersion::V3_0);
}

TEST_CASE("qti loader: a root outside the QTI namespaces is refused with file and line") {
    expectItemError(
        "<?xml version=\"1.0\"?>\n<assessmentItem xmlns=\"http://example.org/quiz\" identifier=\"x\">"
        "<itemBody/></assessmentItem>",
        2, ErrorKind::Invalid, "http://example.org/quiz");
    expectItemError("<?xml version=\"1.0\"?>\n\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", 3,
                    ErrorKind::Invalid, "namespace");
    expectItemError("<html><body/></html>", 1, ErrorKind::Invalid, "<html>");
    // In a QTI namespace, but a test instead of an item.
    expectItemError(std::string("<qti-assessment-test xmlns=\"") + kNs30 + "\" identifier=\"x\"/>", 1,
                    ErrorKind::Invalid, "not an assessment item");
}

TEST_CASE("qti loader: an undeclared responseIdentifier is an error at the interaction's line") {
    const std::string xml =
        item30(kChoiceDecl, "<p>tekst</p>\n<p><qti-text-entry-interaction response-identifier=\"ANTWOORD\"/></p>",
               kMatchCorrect);
    expectItemError(xml, lineOf(xml, "<qti-text-entry-interaction"), ErrorKind::Invalid, "'ANTWOORD'");
    // An interaction without any responseIdentifier.
    const std::string none = item30(kChoiceDecl, "<qti-choice-interaction max-choices=\"1\"/>", kMatchCorrect);
    expectItemError(none, lineOf(none, "<qti-choice-interaction"), ErrorKind::Invalid, "no response identifier");
}

TEST_CASE("qti loader: a template without what it needs is an error naming the line") {
    const std::string mapRp =
        "<qti-response-processing template=\"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml\"/>";
    const std::string xml = item30(kChoiceDecl, kChoiceBody, mapRp);
    auto e = errorOf([&] { parseItemXml(xml, "nomap.xml"); });
    REQUIRE(e);
    const std::string msg = e->what();
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(msg.starts_with("nomap.xml:" + std::to_string(lineOf(xml, "<qti-response-processing")) + ":"));
    CHECK(contains(msg, "mapping"));
    CHECK(contains(msg, "(line " + std::to_string(lineOf(xml, "<qti-response-declaration")) + ")"));

    const std::string pointRp =
        "<qti-response-processing "
        "template=\"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response_point\"/>";
    const std::string noArea = item30(kChoiceDecl, kChoiceBody, pointRp);
    expectItemError(noArea, lineOf(noArea, "<qti-response-processing"), ErrorKind::Invalid, "areaMapping");

    // match_correct with no RESPONSE declared at all.
    const std::string other =
        "<qti-response-declaration identifier=\"OTHER\" cardinality=\"single\" base-type=\"identifier\"/>";
    const std::string noResponse =
        item30(other, "<qti-choice-interaction response-identifier=\"OTHER\"/>", kMatchCorrect);
    expectItemError(noResponse, lineOf(noResponse, "<qti-response-processing"), ErrorKind::Invalid, "RESPONSE");
}

TEST_CASE("qti loader: unknown cardinality and base type are errors at the declaration") {
    const std::string card = item30(
        "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\"/>\n"
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"several\" base-type=\"identifier\"/>",
        kChoiceBody, "");
    expectItemError(card, lineOf(card, "cardinality=\"several\""), ErrorKind::Invalid, "'several'");
    const std::string type =
        item30("<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"colour\"/>",
               kChoiceBody, "");
    expectItemError(type, lineOf(type, "base-type=\"colour\""), ErrorKind::Invalid, "'colour'");
    const std::string missing =
        item30("<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\"/>", kChoiceBody, "");
    expectItemError(missing, lineOf(missing, "<qti-response-declaration"), ErrorKind::Invalid, "base type");
}

TEST_CASE("qti loader: a value that breaks its base type is an error at the value's line") {
    const std::string integer = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"integer\">\n"
        "<qti-correct-response>\n<qti-value>vijftien</qti-value>\n</qti-correct-response>\n"
        "</qti-response-declaration>",
        "<qti-text-entry-interaction response-identifier=\"RESPONSE\"/>", kMatchCorrect);
    expectItemError(integer, lineOf(integer, "<qti-value>vijftien"), ErrorKind::Invalid, "'vijftien'");

    const std::string pair = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" base-type=\"directedPair\">\n"
        "<qti-correct-response>\n<qti-value>S1 T2</qti-value>\n<qti-value>S2</qti-value>\n</qti-correct-response>\n"
        "</qti-response-declaration>",
        "<qti-match-interaction response-identifier=\"RESPONSE\"/>", kMatchCorrect);
    expectItemError(pair, lineOf(pair, "<qti-value>S2<"), ErrorKind::Invalid, "directedPair");

    const std::string key = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\">\n"
        "<qti-mapping>\n<qti-map-entry map-key=\"A\" mapped-value=\"1\"/>\n"
        "<qti-map-entry map-key=\"geen id\" mapped-value=\"1\"/>\n</qti-mapping>\n"
        "</qti-response-declaration>",
        kChoiceBody, "");
    expectItemError(key, lineOf(key, "map-key=\"geen id\""), ErrorKind::Invalid, "'geen id'");

    const std::string mapped = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\">\n"
        "<qti-mapping>\n<qti-map-entry map-key=\"A\" mapped-value=\"veel\"/>\n</qti-mapping>\n"
        "</qti-response-declaration>",
        kChoiceBody, "");
    expectItemError(mapped, lineOf(mapped, "mapped-value=\"veel\""), ErrorKind::Invalid, "'veel'");

    const std::string two = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\">\n"
        "<qti-correct-response>\n<qti-value>A</qti-value>\n<qti-value>B</qti-value>\n</qti-correct-response>\n"
        "</qti-response-declaration>",
        kChoiceBody, kMatchCorrect);
    expectItemError(two, lineOf(two, "<qti-correct-response>"), ErrorKind::Invalid, "one value");

    const std::string bound = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\">\n"
        "<qti-mapping upper-bound=\"twee\">\n<qti-map-entry map-key=\"A\" mapped-value=\"1\"/>\n</qti-mapping>\n"
        "</qti-response-declaration>",
        kChoiceBody, "");
    expectItemError(bound, lineOf(bound, "upper-bound=\"twee\""), ErrorKind::Invalid, "'twee'");
}

TEST_CASE("qti loader: a duplicate identifier is an error at the second declaration") {
    const std::string twice = item30(kChoiceDecl + "\n" +
                                         "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" "
                                         "base-type=\"identifier\"/>",
                                     kChoiceBody, kMatchCorrect);
    expectItemError(twice, lineOf(twice, "cardinality=\"multiple\""), ErrorKind::Invalid,
                    "duplicate identifier 'RESPONSE'");
    const std::string shared = item30(kChoiceDecl + "\n" +
                                          "<qti-outcome-declaration identifier=\"RESPONSE\" cardinality=\"single\" "
                                          "base-type=\"float\"/>",
                                      kChoiceBody, kMatchCorrect);
    expectItemError(shared, lineOf(shared, "<qti-outcome-declaration"), ErrorKind::Invalid, "duplicate identifier");
}

TEST_CASE("qti loader: XML that is not well-formed is a Parse error with file and line") {
    const std::string xml = item30(kChoiceDecl, "<p>open\n<b>vet</p>\n</b>", kMatchCorrect);
    auto e = errorOf([&] { parseItemXml(xml, "broken.xml"); });
    REQUIRE(e);
    const std::string msg = e->what();
    CAPTURE(msg);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(msg.starts_with("broken.xml:"));
    // The line tinyxml2 reports lies within the broken region.
    const int reported = std::stoi(msg.substr(std::string("broken.xml:").size()));
    CHECK(reported >= lineOf(xml, "<p>open"));
    CHECK(reported <= lineOf(xml, "</b>"));
    CHECK(contains(msg, "not well-formed"));
    // Garbage and empty input.
    expectItemError("dit is geen xml", 1, ErrorKind::Parse, "");
    auto empty = errorOf([] { parseItemXml("", "empty.xml"); });
    REQUIRE(empty);
    CHECK(std::string(empty->what()).starts_with("empty.xml:"));
}

TEST_CASE("qti loader: required attributes are named in the item's own spelling") {
    const std::string v30 = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"identifier\">\n"
        "<qti-mapping>\n<qti-map-entry mapped-value=\"1\"/>\n</qti-mapping>\n</qti-response-declaration>",
        kChoiceBody, "");
    expectItemError(v30, lineOf(v30, "<qti-map-entry"), ErrorKind::Invalid, "map-key");
    const std::string v21 =
        std::string("<assessmentItem xmlns=\"") + kNs21 + "\" identifier=\"x\">\n" +
        "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\">\n"
        "<mapping>\n<mapEntry mappedValue=\"1\"/>\n</mapping>\n</responseDeclaration>\n"
        "<itemBody/>\n</assessmentItem>";
    expectItemError(v21, lineOf(v21, "<mapEntry"), ErrorKind::Invalid, "mapKey");
    const std::string noId =
        std::string("<qti-assessment-item xmlns=\"") + kNs30 + "\">\n<qti-item-body/>\n</qti-assessment-item>";
    expectItemError(noId, 1, ErrorKind::Invalid, "identifier");
    const std::string noBody = std::string("<qti-assessment-item xmlns=\"") + kNs30 + "\" identifier=\"x\">\n" +
                               kChoiceDecl + "\n</qti-assessment-item>";
    expectItemError(noBody, 1, ErrorKind::Invalid, "no item body");
}

TEST_CASE("qti loader: response processing templates are recognised in every spelling") {
    const std::vector<std::pair<std::string, ResponseTemplate>> uris = {
        {"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml", ResponseTemplate::MatchCorrect},
        {"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct", ResponseTemplate::MatchCorrect},
        {"http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct", ResponseTemplate::MatchCorrect},
        {"http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct.xml", ResponseTemplate::MatchCorrect},
        {"http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response", ResponseTemplate::MapResponse},
        {"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml", ResponseTemplate::MapResponse},
        {"http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response_point.xml",
         ResponseTemplate::MapResponsePoint},
    };
    const std::string decl =
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"single\" base-type=\"point\">\n"
        "<qti-correct-response><qti-value>1 1</qti-value></qti-correct-response>\n"
        "<qti-mapping><qti-map-entry map-key=\"1 1\" mapped-value=\"1\"/></qti-mapping>\n"
        "<qti-area-mapping><qti-area-map-entry shape=\"default\" mapped-value=\"1\"/></qti-area-mapping>\n"
        "</qti-response-declaration>";
    const std::string body = "<qti-select-point-interaction response-identifier=\"RESPONSE\" max-choices=\"1\"/>";
    for (const auto& [uri, kind] : uris) {
        CAPTURE(uri);
        const Item item =
            parseItemXml(item30(decl, body, "<qti-response-processing template=\"" + uri + "\"/>"), "t.xml");
        CHECK(item.processing.kind == kind);
        CHECK(item.processing.templateUri == uri);
    }
    // templateLocation as a fallback attribute.
    CHECK(parseItemXml(
              item30(decl, body, "<qti-response-processing template-location=\"rptemplates/match_correct.xml\"/>"),
              "t.xml")
              .processing.kind == ResponseTemplate::MatchCorrect);
    // No processing at all, and custom processing.
    CHECK(parseItemXml(item30(decl, body, ""), "t.xml").processing.kind == ResponseTemplate::None);
    const Item custom = parseItemXml(
        item30(decl, body,
               "<qti-response-processing>\n<qti-response-condition><qti-response-if><qti-null/></qti-response-if>"
               "</qti-response-condition>\n</qti-response-processing>"),
        "t.xml");
    CHECK(custom.processing.kind == ResponseTemplate::Custom);
    // An unknown template is refused.
    const std::string unknown =
        item30(decl, body, "<qti-response-processing template=\"https://example.org/my_rules.xml\"/>");
    expectItemError(unknown, lineOf(unknown, "<qti-response-processing"), ErrorKind::Invalid, "my_rules");
}

TEST_CASE("qti loader: area mappings need the right coordinates and a known shape") {
    auto withArea = [](const std::string& entry) {
        return item30(
            "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" base-type=\"point\">\n"
            "<qti-area-mapping default-value=\"0\">\n" +
                entry + "\n</qti-area-mapping>\n</qti-response-declaration>",
            "<qti-select-point-interaction response-identifier=\"RESPONSE\" max-choices=\"0\"/>", "");
    };
    struct Case {
        const char* entry;
        const char* fragment;
    };
    for (const Case& c :
         {Case{"<qti-area-map-entry shape=\"circle\" coords=\"10,10\" mapped-value=\"1\"/>", "needs 3 numbers"},
          Case{"<qti-area-map-entry shape=\"rect\" coords=\"0,0,10\" mapped-value=\"1\"/>", "needs 4 numbers"},
          Case{"<qti-area-map-entry shape=\"ellipse\" coords=\"0,0,10,5,1\" mapped-value=\"1\"/>", "needs 4 numbers"},
          Case{"<qti-area-map-entry shape=\"poly\" coords=\"0,0,10,0\" mapped-value=\"1\"/>", "3 points"},
          Case{"<qti-area-map-entry shape=\"poly\" coords=\"0,0,10,0,5,5,1\" mapped-value=\"1\"/>", "3 points"},
          Case{"<qti-area-map-entry shape=\"triangle\" coords=\"0,0,1,1,2,2\" mapped-value=\"1\"/>", "'triangle'"},
          Case{"<qti-area-map-entry shape=\"circle\" coords=\"a,b,c\" mapped-value=\"1\"/>", "'a' is not a number"}}) {
        const std::string xml = withArea(c.entry);
        const std::string entry = c.entry;
        CAPTURE(entry);
        expectItemError(xml, lineOf(xml, "<qti-area-map-entry"), ErrorKind::Invalid, c.fragment);
    }
    const Item ok =
        parseItemXml(withArea("<qti-area-map-entry shape=\"poly\" coords=\"0,0, 10,0, 5,5\" mapped-value=\"2\"/>\n"
                              "<qti-area-map-entry shape=\"default\" mapped-value=\"0.5\"/>"),
                     "ok.xml");
    REQUIRE(ok.responses[0].areaMapping);
    REQUIRE(ok.responses[0].areaMapping->entries.size() == 2);
    CHECK(ok.responses[0].areaMapping->entries[0].area.shape == AreaShape::Poly);
    CHECK(ok.responses[0].areaMapping->entries[0].area.coords == std::vector<double>{0, 0, 10, 0, 5, 5});
    CHECK(ok.responses[0].areaMapping->entries[1].area.shape == AreaShape::Default);
    CHECK(ok.responses[0].areaMapping->entries[1].value == 0.5);
}

TEST_CASE("qti loader: loadItemFile names the file in its errors") {
    dlk::test::TempDir dir;
    const std::string path = dir.file("kapot.xml");
    const std::string xml =
        item30(kChoiceDecl, "<qti-choice-interaction response-identifier=\"ELDERS\"/>", kMatchCorrect);
    dlk::test::writeFile(path, xml);
    auto e = errorOf([&] { loadItemFile(path); });
    REQUIRE(e);
    CHECK(std::string(e->what()).starts_with(path + ":" + std::to_string(lineOf(xml, "ELDERS")) + ":"));
    e = errorOf([&] { loadItemFile(dir.file("bestaat-niet.xml")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK(contains(e->what(), "bestaat-niet.xml"));
}

TEST_CASE("qti loader: maxScore comes from MAXSCORE - else from the template and mapping") {
    // match_correct without MAXSCORE: 1.
    CHECK(parseItemXml(item30(kChoiceDecl, kChoiceBody, kMatchCorrect), "m.xml").maxScore() == 1);
    const std::string mapRp =
        "<qti-response-processing template=\"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response\"/>";
    auto mapped = [&](const std::string& cardinality, const std::string& mappingAttrs,
                      const std::string& maxChoices = "0") {
        std::string body = kChoiceBody;
        body.replace(body.find("max-choices=\"1\""), 15, "max-choices=\"" + maxChoices + "\"");
        return parseItemXml(
            item30(
                "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"" + cardinality +
                    "\" base-type=\"identifier\">\n<qti-mapping" + mappingAttrs +
                    ">\n<qti-map-entry map-key=\"A\" mapped-value=\"1\"/>\n"
                    "<qti-map-entry map-key=\"B\" mapped-value=\"-1\"/>\n"
                    "<qti-map-entry map-key=\"C\" mapped-value=\"0.5\"/>\n</qti-mapping>\n</qti-response-declaration>",
                body, mapRp),
            "m.xml");
    };
    CHECK(mapped("multiple", "").maxScore() == 1.5);                      // the positive entries
    CHECK(mapped("multiple", " upper-bound=\"1.2\"").maxScore() == 1.2);  // clamped
    CHECK(mapped("multiple", "", "1").maxScore() == 1);                   // one answer allowed: the best one
    CHECK(mapped("single", "").maxScore() == 1);                          // the best single key
    // map_response_point: a single point earns the best area once, not the sum of the areas.
    const std::string pointRp =
        "<qti-response-processing template=\"https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
        "map_response_point\"/>";
    auto pointed = [&](const std::string& cardinality, const std::string& maxChoices) {
        return parseItemXml(
            item30(
                "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"" + cardinality +
                    "\" base-type=\"point\">\n<qti-area-mapping>\n"
                    "<qti-area-map-entry shape=\"circle\" coords=\"10,10,5\" mapped-value=\"1\"/>\n"
                    "<qti-area-map-entry shape=\"rect\" coords=\"50,50,90,90\" mapped-value=\"0.5\"/>\n"
                    "<qti-area-map-entry shape=\"rect\" coords=\"0,50,20,90\" mapped-value=\"-1\"/>\n"
                    "</qti-area-mapping>\n</qti-response-declaration>",
                "<qti-select-point-interaction response-identifier=\"RESPONSE\" max-choices=\"" + maxChoices + "\"/>",
                pointRp),
            "p.xml");
    };
    CHECK(pointed("single", "1").maxScore() == 1);
    CHECK(pointed("multiple", "0").maxScore() == 1.5);
    CHECK(pointed("multiple", "1").maxScore() == 1);
    // A declared MAXSCORE wins.
    const std::string withMax = kChoiceDecl +
                                "\n<qti-outcome-declaration identifier=\"MAXSCORE\" cardinality=\"single\" "
                                "base-type=\"float\"><qti-default-value><qti-value>4</qti-value></qti-default-value>"
                                "</qti-outcome-declaration>";
    CHECK(parseItemXml(item30(withMax, kChoiceBody, kMatchCorrect), "m.xml").maxScore() == 4);
    // No processing: nothing to earn.
    CHECK(parseItemXml(item30(kChoiceDecl, kChoiceBody, ""), "m.xml").maxScore() == 0);
}

TEST_CASE("qti loader: outcome declarations keep their defaults - record outcomes need no base type") {
    const Item item = parseItemXml(
        item30(
            kChoiceDecl +
                "\n<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"integer\">"
                "<qti-default-value><qti-value>0</qti-value></qti-default-value></qti-outcome-declaration>\n"
                "<qti-outcome-declaration identifier=\"FEEDBACK\" cardinality=\"multiple\" base-type=\"identifier\"/>\n"
                "<qti-outcome-declaration identifier=\"DETAILS\" cardinality=\"record\"/>",
            kChoiceBody, kMatchCorrect),
        "o.xml");
    REQUIRE(item.outcomes.size() == 3);
    CHECK(item.findOutcome("SCORE")->baseType == BaseType::Integer);
    CHECK(item.findOutcome("SCORE")->defaultValue == Value::single(BaseType::Integer, "0"));
    CHECK_FALSE(item.findOutcome("FEEDBACK")->defaultValue.has_value());
    CHECK(item.findOutcome("DETAILS")->cardinality == Cardinality::Record);
}

TEST_CASE("qti loader: whitespace between inline elements is kept") {
    // Regression (fixed in bd74528): tinyxml2 9 drops whitespace-only text nodes even in
    // PRESERVE_WHITESPACE mode, so "<strong>Let</strong> <em>op</em>" rendered as "Letop".
    const Item item = parseItemXml(
        item30(kChoiceDecl, "<p><strong>Let</strong> <em>op</em></p>\n" + kChoiceBody, kMatchCorrect), "ws.xml");
    const BodyNode* p = nullptr;
    for (const auto& c : item.body.children)
        if (!c.isText && c.name == "p") p = &c;
    REQUIRE(p);
    REQUIRE(p->children.size() == 3);
    CHECK(p->children[1].isText);
    CHECK(p->children[1].text == " ");
}

TEST_CASE("qti loader: record correct responses are read field by field") {
    const std::string decl =
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"record\">\n"
        "<qti-correct-response><qti-value field-identifier=\"value\" base-type=\"float\">14.5</qti-value>\n"
        "<qti-value field-identifier=\"unit\" base-type=\"string\">euro</qti-value></qti-correct-response>\n"
        "</qti-response-declaration>";
    const Item it = parseItemXml(item30(decl, "<p>x</p>", ""), "r.xml");
    REQUIRE(it.responses[0].correctResponse);
    const Value& v = *it.responses[0].correctResponse;
    CHECK(v.cardinality == Cardinality::Record);
    REQUIRE(v.field("value"));
    CHECK(v.field("value")->baseType == BaseType::Float);
    CHECK(v.field("value")->value == "14.5");
    CHECK(v.field("unit")->value == "euro");
    // Records match field by field, in any order, each as its base type.
    Value same = Value::null(Cardinality::Record, BaseType::String);
    same.fields = {{"unit", BaseType::String, "euro"}, {"value", BaseType::Float, "14.50"}};
    CHECK(valuesMatch(v, same));
    same.fields[1].value = "14.6";
    CHECK_FALSE(valuesMatch(v, same));
    same.fields.pop_back();
    CHECK_FALSE(valuesMatch(v, same));
    // A record value needs its field identifier and base type.
    const std::string bad = item30(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"record\">\n<qti-correct-response>\n"
        "<qti-value base-type=\"float\">1</qti-value></qti-correct-response>\n</qti-response-declaration>",
        "<p>x</p>", "");
    expectItemError(bad, lineOf(bad, "<qti-value base-type"), ErrorKind::Invalid, "field identifier");
}

TEST_CASE("qti loader: elements of another namespace keep their prefix and namespace") {
    const std::string body =
        "<qti-custom-interaction response-identifier=\"RESPONSE\">\n"
        "<vendor:widget xmlns:vendor=\"https://example.org/widgets\" size=\"3\"><vendor:part/></vendor:widget>\n"
        "</qti-custom-interaction>\n"
        "<p>Formule: <m:math xmlns:m=\"http://www.w3.org/1998/Math/MathML\"><m:mi>x</m:mi></m:math></p>";
    const Item it = parseItemXml(item30(kChoiceDecl, body, ""), "ns.xml");
    const BodyNode* custom = interactionFor(it, "RESPONSE");
    REQUIRE(custom);
    CHECK(custom->name == "customInteraction");
    CHECK(custom->ns.empty());
    const BodyNode* widget = nullptr;
    for (const auto& c : custom->children)
        if (!c.isText) widget = &c;
    REQUIRE(widget);
    CHECK(widget->name == "vendor:widget");
    CHECK(widget->ns == "https://example.org/widgets");
    CHECK(widget->attributeOr("size", "") == "3");  // attributes as written
    CHECK(widget->children.at(0).name == "vendor:part");
    CHECK(widget->children.at(0).ns == "https://example.org/widgets");
    // A custom interaction of another vendor is not an environment of dlkiosk's.
    CHECK(it.environments.empty());
}

TEST_CASE("qti loader: an element in dlkiosk's namespace must name a known environment") {
    const std::string body =
        "<qti-custom-interaction response-identifier=\"RESPONSE\">\n"
        "<dlk:flightsimulator xmlns:dlk=\"https://dlkiosk.nl/ns/1\"/>\n"
        "</qti-custom-interaction>";
    const std::string xml = item30(kChoiceDecl, body, "");
    expectItemError(xml, lineOf(xml, "<dlk:flightsimulator"), ErrorKind::Invalid,
                    "<dlk:flightsimulator> is no dlkiosk environment");
    // Its namespace decides, not its prefix: any prefix, or the default namespace, names it.
    const std::string other = item30(kChoiceDecl,
                                     "<qti-custom-interaction response-identifier=\"RESPONSE\">\n<flightsimulator "
                                     "xmlns=\"https://dlkiosk.nl/ns/1\"/>\n"
                                     "</qti-custom-interaction>",
                                     "");
    expectItemError(other, lineOf(other, "<flightsimulator"), ErrorKind::Invalid, "is no dlkiosk environment");
}
