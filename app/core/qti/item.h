#pragma once
// One item model for QTI 3.0 and 2.x. Element and attribute names are normalised on load to the
// 2.x camelCase spelling (qti-choice-interaction -> choiceInteraction, response-identifier ->
// responseIdentifier); HTML elements keep their names.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/area.h"
#include "qti/value.h"

namespace dlk {

namespace sim {
class Scenario;  // sim/environment.h
}

// A simulated environment of an item (sim/environment.h), as the loader found it in a custom
// interaction: its name, its scenario, and the response variables it fills besides the
// interaction's own, one per EnvironmentType::outputs entry ("" where the scenario binds none).
struct EnvironmentBinding {
    std::string environment;
    std::shared_ptr<const sim::Scenario> scenario;
    std::vector<std::string> outputs;
};

enum class QtiVersion { V2_1, V2_2, V3_0 };

struct MapEntry {
    std::string key;
    double value = 0;
    bool caseSensitive = true;  // absent means true (see docs/item-format.md)
};

struct Mapping {
    double defaultValue = 0;
    std::optional<double> lowerBound, upperBound;
    std::vector<MapEntry> entries;
};

struct AreaMapEntry {
    Area area;
    double value = 0;
};

struct AreaMapping {
    double defaultValue = 0;
    std::optional<double> lowerBound, upperBound;
    std::vector<AreaMapEntry> entries;
};

struct ResponseDeclaration {
    std::string identifier;
    Cardinality cardinality = Cardinality::Single;
    BaseType baseType = BaseType::Identifier;
    std::optional<Value> correctResponse;
    std::optional<Mapping> mapping;
    std::optional<AreaMapping> areaMapping;
    int line = 0;
};

// Outcome and template declarations (same shape). A lookup table, when present, is kept as
// its entries (matchTable or interpolationTable) for lookupOutcomeValue.

// Who sets an outcome besides response processing (QTI's externalScored): nobody, a person (a
// teacher scoring a rubric criterion), or another program. An externally scored outcome keeps
// its default until that score is given (processResponses' `external`).
enum class ExternalScoring { None, Human, ExternalMachine };

struct OutcomeDeclaration {
    std::string identifier;
    Cardinality cardinality = Cardinality::Single;
    BaseType baseType = BaseType::Float;
    std::optional<Value> defaultValue;
    std::optional<double> normalMinimum, normalMaximum;
    ExternalScoring externalScored = ExternalScoring::None;
    std::vector<std::pair<std::string, std::string>> matchTable;  // sourceValue -> targetValue
    std::optional<std::string> matchTableDefault;
    struct Interpolation {
        double sourceValue = 0;
        bool includeBoundary = true;
        std::string targetValue;
    };
    std::vector<Interpolation> interpolationTable;
    std::optional<std::string> interpolationDefault;
    int line = 0;
};

// A node of the item body: an element (HTML or QTI, normalised name) or a run of text.
// Elements of another vocabulary (dlkiosk's own environments, MathML) keep their name as
// written, prefix included ("dlk:calculator"), and carry their namespace in `ns`, so a
// package written back out and read again holds the same elements.
// XHTML's phrasing elements (em, strong, span, a, sub, ...): they run on inside a line, so
// "<em>twee</em>, drie" is "twee, drie". After any other element (a paragraph, a cell, a line
// break, an interaction) the words part.
bool isPhrasingElement(std::string_view name);

struct BodyNode {
    bool isText = false;
    std::string name;  // element name; empty for text
    std::string ns;    // the namespace of an element that is neither QTI nor HTML; empty for those
    std::string text;  // text content for text nodes (whitespace as in the source)
    std::map<std::string, std::string> attributes;
    std::vector<BodyNode> children;
    int line = 0;

    const std::string* attribute(const std::string& key) const {
        auto it = attributes.find(key);
        return it == attributes.end() ? nullptr : &it->second;
    }
    std::string attributeOr(const std::string& key, const std::string& fallback) const {
        auto* a = attribute(key);
        return a ? *a : fallback;
    }
    bool isInteraction() const { return !isText && name.size() > 11 && name.ends_with("Interaction"); }
    // The text of this node and its descendants, whitespace collapsed. Words part after a block,
    // a line break or an interaction, not after a phrasing element (<em>twee</em>, reads "twee,").
    std::string plainText() const;
};

enum class ResponseTemplate { None, MatchCorrect, MapResponse, MapResponsePoint, Custom };

struct ResponseProcessingInfo {
    ResponseTemplate kind = ResponseTemplate::None;
    std::string templateUri;  // as written in the item
    BodyNode rules;           // the responseProcessing element, for Custom
    int line = 0;
};

struct StimulusRef {
    std::string identifier;
    std::string href;
    std::string title;
};

struct Item {
    std::string identifier;
    std::string title;
    std::string language;  // xml:lang, e.g. "nl"
    std::string sourcePath;
    int line = 0;  // of the root element, for messages about the item as a whole
    QtiVersion version = QtiVersion::V3_0;
    std::vector<ResponseDeclaration> responses;
    std::vector<OutcomeDeclaration> outcomes;
    std::vector<OutcomeDeclaration> templates;
    BodyNode body;
    ResponseProcessingInfo processing;
    BodyNode templateProcessing;  // empty name when the item has none
    std::vector<BodyNode> modalFeedback;
    std::vector<StimulusRef> stimulusRefs;
    // Template values of this instance (after instantiateItem); empty for an item without templates.
    std::map<std::string, Value> templateValues;
    // Its simulated environments, by the response identifier of the custom interaction that
    // holds each; read and checked by the loader.
    std::map<std::string, EnvironmentBinding> environments;

    const ResponseDeclaration* findResponse(const std::string& id) const;
    const OutcomeDeclaration* findOutcome(const std::string& id) const;
    const OutcomeDeclaration* findTemplate(const std::string& id) const;
    // Interactions of the body in document order.
    std::vector<const BodyNode*> interactions() const;
    // MAXSCORE's default when declared, otherwise derived from the template and declarations.
    double maxScore() const;
    // The outcomes a teacher scores (externalScored="human"), in declaration order: the whole
    // SCORE of a writing task, or the rubric criteria of a large task that response processing
    // adds to the criteria it scores itself.
    std::vector<const OutcomeDeclaration*> humanScoredOutcomes() const;
};

}  // namespace dlk
