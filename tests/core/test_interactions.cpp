// The core's table of interactions (qti/interactions.h): every interaction of the QTI model has
// a row, what each offers is read from its body, and the validator and the demo agree with it.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/interactions.h"
#include "qti/qti_loader.h"
#include "qti/qti_vocabulary.h"
#include "qti/response_processing.h"
#include "qti/validator.h"

using namespace dlk;
using dlk::test::contains;

namespace {
const char* kNs = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";

Item itemWith(const std::string& decl, const std::string& body) {
    return parseItemXml(std::string("<qti-assessment-item xmlns=\"") + kNs + "\" identifier=\"i\">" + decl +
                            "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\"/>"
                            "<qti-item-body>" +
                            body + "</qti-item-body></qti-assessment-item>",
                        "i.xml");
}
}  // namespace

TEST_CASE("interactions: every interaction of the QTI vocabulary has a row - and only those") {
    std::set<std::string> rows;
    for (const InteractionSpec& s : interactionSpecs()) {
        CAPTURE(s.name);
        const ElementSpec* e = findElementSpec(s.name);
        REQUIRE(e);
        CHECK((e->roles & elem::Interaction) != 0);
        CHECK_FALSE(s.cardinalities.empty());
        CHECK(rows.insert(std::string(s.name)).second);
        // What the answers are made of exists in the vocabulary as a choice of some interaction.
        for (auto name : s.choices) CHECK(findElementSpec(name));
        for (auto name : s.targets) CHECK(findElementSpec(name));
    }
    for (const char* name : {"choiceInteraction",
                             "orderInteraction",
                             "associateInteraction",
                             "matchInteraction",
                             "gapMatchInteraction",
                             "inlineChoiceInteraction",
                             "textEntryInteraction",
                             "extendedTextInteraction",
                             "hottextInteraction",
                             "hotspotInteraction",
                             "selectPointInteraction",
                             "graphicOrderInteraction",
                             "graphicAssociateInteraction",
                             "graphicGapMatchInteraction",
                             "positionObjectInteraction",
                             "sliderInteraction",
                             "mediaInteraction",
                             "uploadInteraction",
                             "drawingInteraction",
                             "endAttemptInteraction",
                             "customInteraction",
                             "portableCustomInteraction"})
        CHECK_MESSAGE(rows.count(name), name);
    CHECK(findInteractionSpec("frobnicateInteraction") == nullptr);
}

TEST_CASE("interactions: what a match and a gap match offer - sources and targets apart") {
    const Item match = itemWith(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" base-type=\"directedPair\"/>",
        "<qti-match-interaction response-identifier=\"RESPONSE\">"
        "<qti-simple-match-set><qti-simple-associable-choice identifier=\"A\">a</qti-simple-associable-choice>"
        "<qti-simple-associable-choice identifier=\"B\">b</qti-simple-associable-choice></qti-simple-match-set>"
        "<qti-simple-match-set><qti-simple-associable-choice identifier=\"X\">x</qti-simple-associable-choice>"
        "</qti-simple-match-set></qti-match-interaction>");
    const BodyNode* in = interactionFor(match, "RESPONSE");
    REQUIRE(in);
    const InteractionSpec& spec = *findInteractionSpec(in->name);
    const OfferedAnswers offered = offeredAnswers(spec, *in);
    CHECK(offered.choiceIds() == std::vector<std::string>{"A", "B"});
    CHECK(offered.targetIds() == std::vector<std::string>{"X"});
    CHECK(isOffered(spec, offered, "A X"));
    CHECK(isOffered(spec, offered, "B  X"));
    CHECK_FALSE(isOffered(spec, offered, "X A"));  // directed: the other way round is no answer
    CHECK_FALSE(isOffered(spec, offered, "A B"));

    const Item gaps = itemWith(
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" base-type=\"directedPair\"/>",
        "<qti-gap-match-interaction response-identifier=\"RESPONSE\"><qti-gap-text identifier=\"W1\">kat</qti-gap-text>"
        "<qti-gap-img identifier=\"W2\" object-label=\"hond\"><img src=\"h.png\" alt=\"hond\"/></qti-gap-img>"
        "<p>De <qti-gap identifier=\"G1\"/> slaapt.</p></qti-gap-match-interaction>");
    const BodyNode* g = interactionFor(gaps, "RESPONSE");
    const InteractionSpec& gs = *findInteractionSpec(g->name);
    const OfferedAnswers go = offeredAnswers(gs, *g);
    CHECK(go.choiceIds() == std::vector<std::string>{"W1", "W2"});
    CHECK(go.targetIds() == std::vector<std::string>{"G1"});
    CHECK(isOffered(gs, go, "W2 G1"));
    CHECK_FALSE(isOffered(gs, go, "G1 W2"));
}

TEST_CASE("interactions: the validator refuses a declaration the kiosk's widget cannot yield") {
    const std::string xml =
        std::string("<qti-assessment-item xmlns=\"") + kNs +
        "\" identifier=\"i\">\n"
        "<qti-response-declaration identifier=\"RESPONSE\" cardinality=\"multiple\" base-type=\"string\"/>\n"
        "<qti-outcome-declaration identifier=\"SCORE\" cardinality=\"single\" base-type=\"float\"/>\n"
        "<qti-item-body>\n<qti-extended-text-interaction response-identifier=\"RESPONSE\"/>\n"
        "</qti-item-body></qti-assessment-item>";
    const ValidationReport r = validateDocument(xml, "x.xml");
    bool found = false;
    for (const Finding& f : r.findings)
        found = found || (f.line == 5 && f.severity == Severity::Error &&
                          contains(f.message, "cannot give 'RESPONSE' a multiple"));
    CHECK(found);
}

TEST_CASE("interactions: the demo answers every interaction of the spec fixtures with the declared type") {
    std::mt19937_64 rng(7);
    const std::string dir = dlk::test::testData("spec");
    int answered = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".xml") continue;
        const Item item = loadItemFile(entry.path().string());
        CAPTURE(entry.path().string());
        for (double fraction : {0.0, 1.0}) {
            const VariableMap v = simulateResponse(item, fraction, rng);
            for (const auto& [rid, value] : v) {
                const ResponseDeclaration* d = item.findResponse(rid);
                REQUIRE(d);
                CHECK(value.cardinality == d->cardinality);
                if (!value.isNull() && d->cardinality != Cardinality::Record) CHECK(value.baseType == d->baseType);
                // Every value the demo gives is one the interaction offers.
                const BodyNode* in = interactionFor(item, rid);
                REQUIRE(in);
                const InteractionSpec* spec = findInteractionSpec(in->name);
                REQUIRE(spec);
                const OfferedAnswers offered = offeredAnswers(*spec, *in);
                for (const auto& x : value.items) CHECK_MESSAGE(isOffered(*spec, offered, x), x);
                ++answered;
            }
            // A right answer scores the item's maximum where the maximum is known.
            if (fraction == 1.0 && item.maxScore() > 0 && !v.empty())
                CHECK(scoreOf(item, v) == doctest::Approx(item.maxScore()));
        }
    }
    CHECK(answered > 20);
}
