#pragma once
// The QTI 2.x/3.0 vocabulary dlkiosk knows: every element the loaders, the rules engine and the
// renderer understand, with its attributes and their lexical types, plus the HTML subset of item
// bodies. Names are the normalised 2.x spelling (choiceInteraction, responseIdentifier); QTI 3.0
// spells them qti-choice-interaction and response-identifier. The validator checks documents
// against this table and the writer uses it to tell HTML (unchanged in 3.0) from QTI elements.
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

enum class AttrType {
    Any,          // free text
    Bool,         // true | false (xs:boolean also allows 1 | 0)
    Int,          // an integer
    Number,       // a float
    NumberOrVar,  // a number, or the identifier of a variable holding one (index n="k")
    Identifier,   // a QTI identifier
    Cardinality,  // single | multiple | ordered | record
    BaseType,     // identifier | boolean | ... | uri
    Coords,       // comma-separated numbers
    Enum,         // one of AttributeSpec::values
};

struct AttributeSpec {
    std::string name;
    AttrType type = AttrType::Any;
    std::vector<std::string> values;  // for Enum
};

// What part of a document an element belongs to; a bit set.
namespace elem {
constexpr unsigned Html = 1;          // HTML subset of the item body: same name in 2.x and 3.0
constexpr unsigned Body = 2;          // QTI content element of an item body or rubric
constexpr unsigned Interaction = 4;   // has responseIdentifier
constexpr unsigned Choice = 8;        // a choice of an interaction (simpleChoice, gapText, hottext, ...)
constexpr unsigned Declaration = 16;  // a variable declaration or part of one
constexpr unsigned Processing = 32;   // a rule or expression of response/template/outcome processing
constexpr unsigned Structure = 64;    // item, test and package structure
constexpr unsigned Opaque = 128;      // content not checked (custom interactions, catalogues)
}  // namespace elem

struct ElementSpec {
    std::string name;
    unsigned roles = 0;
    std::vector<AttributeSpec> attributes;
    const AttributeSpec* attribute(std::string_view name) const;
};

// The spec of a QTI or HTML element by its normalised name, or null when dlkiosk does not know it.
const ElementSpec* findElementSpec(std::string_view normalisedName);
bool isHtmlElementName(std::string_view name);
// Attributes every element may carry: data-*, aria-*, xml:*, xmlns, xmlns:*, xsi:*.
bool isUniversalAttribute(std::string_view name);
// Attributes of every body element, QTI or HTML: id, class, label, lang, dir, title, role.
const std::vector<AttributeSpec>& bodyElementAttributes();

// Does this attribute of this element (normalised names) name a file of the package? img@src,
// object@data, audio/video/source/track@src, video@poster, stylesheet@href,
// assessmentStimulusRef@href, assessmentItemRef@href, assessmentSectionRef@href.
bool isFileReference(std::string_view element, std::string_view attribute);

// "responseIdentifier" -> "response-identifier"; "qti-choice-interaction" <- "choiceInteraction".
// The one conversion between the two spellings, used by the loaders, the writer and the validator.
std::string camelToKebab(std::string_view camel);
std::string kebabToCamel(std::string_view kebab);
// A QTI element's 3.0 name from its normalised 2.x name: "choiceInteraction" -> "qti-choice-interaction".
std::string qti3ElementName(std::string_view normalisedName);

}  // namespace dlk
