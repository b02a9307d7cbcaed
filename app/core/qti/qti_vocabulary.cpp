#include "qti/qti_vocabulary.h"

#include <map>

#include "util/text.h"

namespace dlk {

namespace {

using namespace elem;

struct Row {
    const char* name;
    unsigned roles;
    // "name", "name:type" (bool int num numvar id card btype coords) or "name=a|b|c".
    const char* attributes;
};

constexpr const char* kChoice = "identifier:id fixed:bool templateIdentifier:id showHide=show|hide";
constexpr const char* kAssociable = "matchGroup matchMax:int matchMin:int";
constexpr const char* kHotspot = "shape=circle|rect|poly|ellipse|default coords:coords hotspotLabel";
constexpr const char* kItemSelect = "sectionIdentifier:id includeCategory excludeCategory";

// Every element dlkiosk reads, by its 2.x name. The attribute lists follow the QTI 2.2 and 3.0
// information models; anything else on an element is reported as unknown (a warning: vendors extend).
const std::vector<Row>& rows() {
    static const std::vector<Row> r = {
        // ---- item, stimulus and test structure
        {"assessmentItem", Structure, "identifier title label adaptive:bool timeDependent:bool toolName toolVersion"},
        {"assessmentStimulus", Structure, "identifier title label toolName toolVersion"},
        {"stimulusBody", Structure | Body, ""},
        {"assessmentStimulusRef", Structure, "identifier:id href title"},
        {"stylesheet", Structure, "href type media title"},
        {"itemBody", Structure | Body, ""},
        {"responseProcessing", Structure | Processing, "template templateLocation"},
        {"templateProcessing", Structure | Processing, ""},
        {"outcomeProcessing", Structure | Processing, ""},
        {"modalFeedback", Structure | Body, "outcomeIdentifier:id showHide=show|hide identifier:id title"},
        {"companionMaterialsInfo", Structure | Opaque, ""},
        {"catalogInfo", Structure | Opaque, ""},
        {"assessmentTest", Structure, "identifier title toolName toolVersion"},
        {"testPart", Structure, "identifier:id navigationMode=linear|nonlinear submissionMode=individual|simultaneous"},
        {"assessmentSection", Structure, "identifier:id title visible:bool keepTogether:bool required:bool fixed:bool"},
        {"assessmentSectionRef", Structure, "identifier:id href required:bool fixed:bool"},
        {"assessmentItemRef", Structure, "identifier:id href category required:bool fixed:bool"},
        {"selection", Structure, "select:int withReplacement:bool"},
        {"ordering", Structure, "shuffle:bool"},
        {"timeLimits", Structure, "minTime:num maxTime:num allowLateSubmission:bool"},
        {"itemSessionControl", Structure,
         "maxAttempts:int showFeedback:bool allowReview:bool showSolution:bool allowComment:bool "
         "allowSkipping:bool validateResponses:bool"},
        {"weight", Structure, "identifier:id value:num"},
        {"variableMapping", Structure, "sourceIdentifier:id targetIdentifier:id"},
        {"templateDefault", Structure | Processing, "templateIdentifier:id"},
        {"preCondition", Structure | Processing, ""},
        {"branchRule", Structure | Processing, "target"},
        {"testFeedback", Structure | Body,
         "access=atEnd|during outcomeIdentifier:id showHide=show|hide identifier:id title"},

        // ---- declarations
        {"responseDeclaration", Declaration, "identifier:id cardinality:card baseType:btype"},
        {"outcomeDeclaration", Declaration,
         "identifier:id cardinality:card baseType:btype view interpretation longInterpretation normalMaximum:num "
         "normalMinimum:num masteryValue:num externalScored=human|externalMachine variableIdentifierRef"},
        {"templateDeclaration", Declaration,
         "identifier:id cardinality:card baseType:btype paramVariable:bool mathVariable:bool"},
        {"contextDeclaration", Declaration, "identifier:id cardinality:card baseType:btype"},
        {"correctResponse", Declaration, "interpretation"},
        {"defaultValue", Declaration, "interpretation"},
        {"value", Declaration, "fieldIdentifier:id baseType:btype"},
        {"mapping", Declaration, "lowerBound:num upperBound:num defaultValue:num"},
        {"mapEntry", Declaration, "mapKey mappedValue:num caseSensitive:bool"},
        {"areaMapping", Declaration, "lowerBound:num upperBound:num defaultValue:num"},
        {"areaMapEntry", Declaration, "shape=circle|rect|poly|ellipse|default coords:coords mappedValue:num"},
        {"matchTable", Declaration, "defaultValue"},
        {"matchTableEntry", Declaration, "sourceValue:int targetValue"},
        {"interpolationTable", Declaration, "defaultValue"},
        {"interpolationTableEntry", Declaration, "sourceValue:num includeBoundary:bool targetValue"},

        // ---- item body: QTI content
        {"prompt", Body, ""},
        {"rubricBlock", Body, "view use"},
        {"contentBody", Body, ""},
        {"feedbackInline", Body, "outcomeIdentifier:id showHide=show|hide identifier:id"},
        {"feedbackBlock", Body, "outcomeIdentifier:id showHide=show|hide identifier:id"},
        {"templateInline", Body, "templateIdentifier:id showHide=show|hide identifier:id"},
        {"templateBlock", Body, "templateIdentifier:id showHide=show|hide identifier:id"},
        {"printedVariable", Body,
         "identifier:id format base:numvar index:numvar powerForm:bool field delimiter mappingIndicator"},
        {"infoControl", Body, "title"},

        // ---- interactions and their choices
        {"choiceInteraction", Body | Interaction,
         "responseIdentifier:id shuffle:bool maxChoices:int minChoices:int orientation=horizontal|vertical "
         "minSelectionsMessage maxSelectionsMessage"},
        {"orderInteraction", Body | Interaction,
         "responseIdentifier:id shuffle:bool maxChoices:int minChoices:int orientation=horizontal|vertical"},
        {"simpleChoice", Body | Choice, kChoice},
        {"associateInteraction", Body | Interaction,
         "responseIdentifier:id shuffle:bool maxAssociations:int minAssociations:int"},
        {"matchInteraction", Body | Interaction,
         "responseIdentifier:id shuffle:bool maxAssociations:int minAssociations:int"},
        {"simpleMatchSet", Body, ""},
        {"simpleAssociableChoice", Body | Choice, ""},
        {"gapMatchInteraction", Body | Interaction,
         "responseIdentifier:id shuffle:bool maxAssociations:int minAssociations:int"},
        {"gapText", Body | Choice, ""},
        {"gapImg", Body | Choice, "objectLabel"},
        {"gap", Body | Choice,
         "identifier:id fixed:bool templateIdentifier:id showHide=show|hide matchGroup required:bool"},
        {"inlineChoiceInteraction", Body | Interaction,
         "responseIdentifier:id shuffle:bool required:bool minChoices:int"},
        {"inlineChoice", Body | Choice, kChoice},
        {"textEntryInteraction", Body | Interaction,
         "responseIdentifier:id base:int stringIdentifier:id expectedLength:int patternMask placeholderText format"},
        {"extendedTextInteraction", Body | Interaction,
         "responseIdentifier:id base:int stringIdentifier:id expectedLength:int patternMask placeholderText "
         "maxStrings:int minStrings:int expectedLines:int format=plain|preFormatted|xhtml"},
        {"hottextInteraction", Body | Interaction, "responseIdentifier:id maxChoices:int minChoices:int"},
        {"hottext", Body | Choice, kChoice},
        {"hotspotInteraction", Body | Interaction, "responseIdentifier:id maxChoices:int minChoices:int"},
        {"hotspotChoice", Body | Choice, ""},
        {"selectPointInteraction", Body | Interaction, "responseIdentifier:id maxChoices:int minChoices:int"},
        {"graphicOrderInteraction", Body | Interaction, "responseIdentifier:id maxChoices:int minChoices:int"},
        {"graphicAssociateInteraction", Body | Interaction,
         "responseIdentifier:id maxAssociations:int minAssociations:int"},
        {"associableHotspot", Body | Choice, ""},
        {"graphicGapMatchInteraction", Body | Interaction,
         "responseIdentifier:id maxAssociations:int minAssociations:int"},
        {"positionObjectStage", Body, ""},
        {"positionObjectInteraction", Body | Interaction,
         "responseIdentifier:id centerPoint maxChoices:int minChoices:int"},
        {"sliderInteraction", Body | Interaction,
         "responseIdentifier:id lowerBound:num upperBound:num step:num stepLabel:bool "
         "orientation=horizontal|vertical reverse:bool"},
        {"mediaInteraction", Body | Interaction,
         "responseIdentifier:id autostart:bool minPlays:int maxPlays:int loop:bool"},
        {"uploadInteraction", Body | Interaction, "responseIdentifier:id type"},
        {"drawingInteraction", Body | Interaction, "responseIdentifier:id"},
        {"endAttemptInteraction", Body | Interaction, "responseIdentifier:id title countAttempt:bool"},
        {"customInteraction", Body | Interaction | Opaque, "responseIdentifier:id"},
        {"portableCustomInteraction", Body | Interaction | Opaque,
         "responseIdentifier:id customInteractionTypeIdentifier module"},

        // ---- rules
        {"responseCondition", Processing, ""},
        {"responseIf", Processing, ""},
        {"responseElseIf", Processing, ""},
        {"responseElse", Processing, ""},
        {"responseProcessingFragment", Processing, ""},
        {"exitResponse", Processing, ""},
        {"templateCondition", Processing, ""},
        {"templateIf", Processing, ""},
        {"templateElseIf", Processing, ""},
        {"templateElse", Processing, ""},
        {"templateConstraint", Processing, ""},
        {"exitTemplate", Processing, ""},
        {"outcomeCondition", Processing, ""},
        {"outcomeIf", Processing, ""},
        {"outcomeElseIf", Processing, ""},
        {"outcomeElse", Processing, ""},
        {"outcomeProcessingFragment", Processing, ""},
        {"exitTest", Processing, ""},
        {"setOutcomeValue", Processing, "identifier:id"},
        {"lookupOutcomeValue", Processing, "identifier:id"},
        {"setTemplateValue", Processing, "identifier:id"},
        {"setCorrectResponse", Processing, "identifier:id"},
        {"setDefaultValue", Processing, "identifier:id"},

        // ---- expressions
        {"baseValue", Processing, "baseType:btype"},
        {"variable", Processing, "identifier weightIdentifier:id"},
        {"correct", Processing, "identifier:id"},
        {"default", Processing, "identifier:id"},
        {"null", Processing, ""},
        {"isNull", Processing, ""},
        {"mapResponse", Processing, "identifier:id"},
        {"mapResponsePoint", Processing, "identifier:id"},
        {"multiple", Processing, ""},
        {"ordered", Processing, ""},
        {"containerSize", Processing, ""},
        {"index", Processing, "n:numvar"},
        {"member", Processing, ""},
        {"contains", Processing, ""},
        {"delete", Processing, ""},
        {"match", Processing, ""},
        {"sum", Processing, ""},
        {"product", Processing, ""},
        {"subtract", Processing, ""},
        {"divide", Processing, ""},
        {"integerDivide", Processing, ""},
        {"integerModulus", Processing, ""},
        {"power", Processing, ""},
        {"min", Processing, ""},
        {"max", Processing, ""},
        {"lt", Processing, ""},
        {"lte", Processing, ""},
        {"gt", Processing, ""},
        {"gte", Processing, ""},
        {"durationLT", Processing, ""},
        {"durationGTE", Processing, ""},
        {"equal", Processing,
         "toleranceMode=exact|absolute|relative tolerance includeLowerBound:bool includeUpperBound:bool"},
        {"equalRounded", Processing, "roundingMode=significantFigures|decimalPlaces figures:numvar"},
        {"roundTo", Processing, "roundingMode=significantFigures|decimalPlaces figures:numvar"},
        {"round", Processing, ""},
        {"truncate", Processing, ""},
        {"integerToFloat", Processing, ""},
        {"mathOperator", Processing,
         "name=sin|cos|tan|sec|csc|cot|asin|acos|atan|atan2|asec|acsc|acot|sinh|cosh|tanh|sech|csch|coth|log|ln|"
         "exp|abs|signum|floor|ceil|toDegrees|toRadians"},
        {"mathConstant", Processing, "name=pi|e"},
        {"statsOperator", Processing, "name=mean|sampleVariance|sampleSD|popVariance|popSD"},
        {"gcd", Processing, ""},
        {"lcm", Processing, ""},
        {"and", Processing, ""},
        {"or", Processing, ""},
        {"not", Processing, ""},
        {"anyN", Processing, "min:numvar max:numvar"},
        {"stringMatch", Processing, "caseSensitive:bool substring:bool"},
        {"substring", Processing, "caseSensitive:bool"},
        {"patternMatch", Processing, "pattern"},
        {"inside", Processing, "shape=circle|rect|poly|ellipse|default coords:coords"},
        {"fieldValue", Processing, "fieldIdentifier:id"},
        {"repeat", Processing, "numberRepeats:numvar"},
        {"randomInteger", Processing, "min:numvar max:numvar step:numvar"},
        {"randomFloat", Processing, "min:numvar max:numvar"},
        {"random", Processing, ""},
        {"customOperator", Processing, "class definition"},
        {"numberCorrect", Processing, kItemSelect},
        {"numberIncorrect", Processing, kItemSelect},
        {"numberPresented", Processing, kItemSelect},
        {"numberResponded", Processing, kItemSelect},
        {"numberSelected", Processing, kItemSelect},
        {"testVariables", Processing,
         "sectionIdentifier:id includeCategory excludeCategory variableIdentifier:id weightIdentifier:id "
         "baseType:btype"},
        {"outcomeMaximum", Processing,
         "sectionIdentifier:id includeCategory excludeCategory outcomeIdentifier:id weightIdentifier:id"},
        {"outcomeMinimum", Processing,
         "sectionIdentifier:id includeCategory excludeCategory outcomeIdentifier:id weightIdentifier:id"},

        // ---- the HTML subset of item bodies (XHTML in 2.x, with HTML5 additions in 3.0)
        {"a", Html, "href type"},
        {"abbr", Html, ""},
        {"acronym", Html, ""},
        {"address", Html, ""},
        {"article", Html, ""},
        {"aside", Html, ""},
        {"audio", Html, "src autoplay:bool controls:bool loop:bool muted:bool preload"},
        {"b", Html, ""},
        {"bdi", Html, ""},
        {"bdo", Html, ""},
        {"big", Html, ""},
        {"blockquote", Html, "cite"},
        {"br", Html, ""},
        {"caption", Html, ""},
        {"cite", Html, ""},
        {"code", Html, ""},
        {"col", Html, "span:int"},
        {"colgroup", Html, "span:int"},
        {"dd", Html, ""},
        {"del", Html, "cite datetime"},
        {"details", Html, "open"},
        {"dfn", Html, ""},
        {"div", Html, ""},
        {"dl", Html, ""},
        {"dt", Html, ""},
        {"em", Html, ""},
        {"figcaption", Html, ""},
        {"figure", Html, ""},
        {"footer", Html, ""},
        {"h1", Html, ""},
        {"h2", Html, ""},
        {"h3", Html, ""},
        {"h4", Html, ""},
        {"h5", Html, ""},
        {"h6", Html, ""},
        {"header", Html, ""},
        {"hr", Html, ""},
        {"i", Html, ""},
        {"img", Html, "src alt longdesc height width"},
        {"ins", Html, "cite datetime"},
        {"kbd", Html, ""},
        {"label", Html, "for"},
        {"li", Html, "value:int"},
        {"mark", Html, ""},
        {"nav", Html, ""},
        {"object", Html, "data type width height"},
        {"ol", Html, "start:int type reversed"},
        {"p", Html, ""},
        {"param", Html, "name value valuetype=DATA|REF type"},
        {"picture", Html, ""},
        {"pre", Html, ""},
        {"q", Html, "cite"},
        {"rb", Html, ""},
        {"rp", Html, ""},
        {"rt", Html, ""},
        {"rtc", Html, ""},
        {"ruby", Html, ""},
        {"samp", Html, ""},
        {"section", Html, ""},
        {"small", Html, ""},
        {"source", Html, "src type media srcset sizes"},
        {"span", Html, ""},
        {"strong", Html, ""},
        {"sub", Html, ""},
        {"summary", Html, ""},
        {"sup", Html, ""},
        {"table", Html, "summary border cellspacing cellpadding frame rules width"},
        {"tbody", Html, ""},
        {"td", Html, "headers scope abbr axis rowspan:int colspan:int align valign"},
        {"tfoot", Html, ""},
        {"th", Html, "headers scope abbr axis rowspan:int colspan:int align valign"},
        {"thead", Html, ""},
        {"tr", Html, ""},
        {"track", Html, "src kind srclang label default"},
        {"tt", Html, ""},
        {"ul", Html, ""},
        {"var", Html, ""},
        {"video", Html, "src autoplay:bool controls:bool loop:bool muted:bool preload poster width height"},
        {"wbr", Html, ""},
    };
    return r;
}

std::vector<AttributeSpec> parseAttributes(std::string_view spec) {
    std::vector<AttributeSpec> out;
    for (const std::string& token : splitWhitespace(spec)) {
        AttributeSpec a;
        if (const auto eq = token.find('='); eq != std::string::npos) {
            a.name = token.substr(0, eq);
            a.type = AttrType::Enum;
            a.values = split(token.substr(eq + 1), '|');
        } else if (const auto colon = token.find(':'); colon != std::string::npos) {
            a.name = token.substr(0, colon);
            const std::string t = token.substr(colon + 1);
            a.type = t == "bool"     ? AttrType::Bool
                     : t == "int"    ? AttrType::Int
                     : t == "num"    ? AttrType::Number
                     : t == "numvar" ? AttrType::NumberOrVar
                     : t == "id"     ? AttrType::Identifier
                     : t == "card"   ? AttrType::Cardinality
                     : t == "btype"  ? AttrType::BaseType
                     : t == "coords" ? AttrType::Coords
                                     : AttrType::Any;
        } else {
            a.name = token;
        }
        out.push_back(std::move(a));
    }
    return out;
}

struct Table {
    std::map<std::string, ElementSpec, std::less<>> elements;
    Table() {
        // Choices share their attribute sets; the rows above leave those empty to keep them short.
        const std::map<std::string, std::string> shared = {
            {"gapText", std::string(kChoice) + " " + kAssociable},
            {"gapImg", std::string(kChoice) + " " + kAssociable},
            {"hotspotChoice", std::string(kChoice) + " " + kHotspot},
            {"associableHotspot", std::string(kChoice) + " " + kHotspot + " " + kAssociable},
            {"simpleAssociableChoice", std::string(kChoice) + " " + kAssociable},
        };
        for (const Row& row : rows()) {
            ElementSpec e;
            e.name = row.name;
            e.roles = row.roles;
            std::string spec = row.attributes;
            if (auto it = shared.find(row.name); it != shared.end()) spec += " " + it->second;
            e.attributes = parseAttributes(spec);
            elements.emplace(e.name, std::move(e));
        }
    }
};

const Table& table() {
    static const Table t;
    return t;
}

}  // namespace

const AttributeSpec* ElementSpec::attribute(std::string_view attrName) const {
    for (const auto& a : attributes)
        if (a.name == attrName) return &a;
    return nullptr;
}

const ElementSpec* findElementSpec(std::string_view normalisedName) {
    const auto& e = table().elements;
    const auto it = e.find(normalisedName);
    return it == e.end() ? nullptr : &it->second;
}

bool isHtmlElementName(std::string_view name) {
    const ElementSpec* e = findElementSpec(name);
    return e && (e->roles & elem::Html);
}

bool isUniversalAttribute(std::string_view name) {
    return name.starts_with("data-") || name.starts_with("aria-") || name.starts_with("xml:") || name == "xmlns" ||
           name.starts_with("xmlns:") || name.starts_with("xsi:");
}

const std::vector<AttributeSpec>& bodyElementAttributes() {
    static const std::vector<AttributeSpec> a = parseAttributes("id class label lang dir=ltr|rtl|auto title role");
    return a;
}

bool isFileReference(std::string_view element, std::string_view attribute) {
    if (attribute == "src")
        return element == "img" || element == "audio" || element == "video" || element == "source" ||
               element == "track";
    if (attribute == "href")
        return element == "stylesheet" || element == "assessmentStimulusRef" || element == "assessmentItemRef" ||
               element == "assessmentSectionRef";
    return (element == "object" && attribute == "data") || (element == "video" && attribute == "poster");
}

std::string camelToKebab(std::string_view camel) {
    std::string out;
    for (char c : camel) {
        if (c >= 'A' && c <= 'Z') {
            out.push_back('-');
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string qti3ElementName(std::string_view normalisedName) {
    return "qti-" + camelToKebab(normalisedName);
}

std::string kebabToCamel(std::string_view kebab) {
    std::string out;
    bool upper = false;
    for (char c : kebab) {
        if (c == '-') {
            upper = true;
            continue;
        }
        out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
        upper = false;
    }
    return out;
}

}  // namespace dlk
