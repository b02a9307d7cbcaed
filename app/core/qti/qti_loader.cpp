#include "qti/qti_loader.h"

#include <tinyxml2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "qti/area.h"
#include "qti/interactions.h"
#include "qti/limits.h"
#include "qti/qti_vocabulary.h"
#include "qti/response_processing.h"
#include "qti/xml_guard.h"
#include "sim/environment.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

std::string readTextFile(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorKind::Io, path + ": cannot read: " + ec.message());
    if (size > kMaxXmlBytes)
        throw Error(ErrorKind::Invalid, path + ":1: file is " + std::to_string(size >> 20) +
                                            " MiB; files of more than 16 MiB are not read");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string normaliseQtiName(std::string_view name) {
    return name.starts_with("qti-") ? kebabToCamel(name.substr(4)) : std::string(name);
}

namespace {

std::string_view localPart(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool isQtiNamespace(std::string_view ns) {
    return ns.find("imsglobal.org") != std::string_view::npos && ns.find("qti") != std::string_view::npos;
}

struct ItemReader {
    std::string source;
    QtiVersion version = QtiVersion::V3_0;

    [[noreturn]] void fail(const XMLElement* e, const std::string& msg) const {
        throw Error(ErrorKind::Invalid, source + ":" + std::to_string(e ? e->GetLineNum() : 1) + ": " + msg);
    }

    std::string name(const XMLElement* e) const { return qtiLocalName(e); }

    std::string requiredAttr(const XMLElement* e, const char* camel) const {
        const char* v = qtiAttribute(e, camel);
        if (!v)
            fail(e, "<" + std::string(e->Name()) + "> needs the attribute " +
                        (version == QtiVersion::V3_0 ? camelToKebab(camel) : std::string(camel)));
        return v;
    }

    double numberAttr(const XMLElement* e, const char* camel, double fallback) const {
        const char* v = qtiAttribute(e, camel);
        if (!v) return fallback;
        double d;
        if (!parseDouble(v, d)) fail(e, std::string("'") + v + "' is not a number");
        return d;
    }

    std::optional<double> optionalNumber(const XMLElement* e, const char* camel) const {
        if (!qtiAttribute(e, camel)) return std::nullopt;
        return numberAttr(e, camel, 0);
    }

    Value readValues(const XMLElement* parent, Cardinality c, BaseType b) const {
        if (c == Cardinality::Record) return readRecord(parent);
        std::vector<std::string> items;
        for (auto* v = parent->FirstChildElement(); v; v = v->NextSiblingElement()) {
            if (name(v) != "value") fail(v, "unexpected <" + std::string(v->Name()) + "> where <value> belongs");
            const std::string text = v->GetText() ? v->GetText() : "";
            if (!isValidLexical(b, text)) fail(v, "'" + text + "' is not a valid " + baseTypeName(b) + " value");
            items.push_back(canonicalLexical(b, text));
        }
        if (c == Cardinality::Single && items.size() > 1) fail(parent, "a single-cardinality variable has one value");
        if (c == Cardinality::Single) return Value::single(b, items.empty() ? "" : items[0]);
        return Value::container(c, b, std::move(items));
    }

    // A record's values: one <value fieldIdentifier="..." baseType="..."> per field.
    Value readRecord(const XMLElement* parent) const {
        Value out = Value::null(Cardinality::Record, BaseType::String);
        for (auto* v = parent->FirstChildElement(); v; v = v->NextSiblingElement()) {
            if (name(v) != "value") fail(v, "unexpected <" + std::string(v->Name()) + "> where <value> belongs");
            const char* field = qtiAttribute(v, "fieldIdentifier");
            const char* type = qtiAttribute(v, "baseType");
            if (!field || !type) fail(v, "a value of a record needs a field identifier and a base type");
            const auto b = parseBaseType(type);
            if (!b) fail(v, std::string("unknown base type '") + type + "'");
            const std::string text = v->GetText() ? v->GetText() : "";
            if (!isValidLexical(*b, text)) fail(v, "'" + text + "' is not a valid " + baseTypeName(*b) + " value");
            if (out.field(field)) fail(v, std::string("field '") + field + "' is given twice");
            out.fields.push_back({field, *b, canonicalLexical(*b, text)});
        }
        return out;
    }

    void readDeclarationType(const XMLElement* e, Cardinality& c, BaseType& b) const {
        const std::string card = requiredAttr(e, "cardinality");
        auto pc = parseCardinality(card);
        if (!pc) fail(e, "unknown cardinality '" + card + "'");
        c = *pc;
        const char* bt = qtiAttribute(e, "baseType");
        if (!bt) {
            if (c != Cardinality::Record) fail(e, "a declaration needs a base type");
            return;
        }
        auto pb = parseBaseType(bt);
        if (!pb) fail(e, std::string("unknown base type '") + bt + "'");
        b = *pb;
    }

    ResponseDeclaration readResponseDeclaration(const XMLElement* e) const {
        ResponseDeclaration d;
        d.line = e->GetLineNum();
        d.identifier = requiredAttr(e, "identifier");
        readDeclarationType(e, d.cardinality, d.baseType);
        for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
            const std::string n = name(c);
            if (n == "correctResponse") {
                d.correctResponse = readValues(c, d.cardinality, d.baseType);
            } else if (n == "mapping") {
                Mapping m;
                m.defaultValue = numberAttr(c, "defaultValue", 0);
                m.lowerBound = optionalNumber(c, "lowerBound");
                m.upperBound = optionalNumber(c, "upperBound");
                for (auto* me = c->FirstChildElement(); me; me = me->NextSiblingElement()) {
                    if (name(me) != "mapEntry") fail(me, "unexpected <" + std::string(me->Name()) + "> in a mapping");
                    MapEntry entry;
                    entry.key = canonicalLexical(d.baseType, requiredAttr(me, "mapKey"));
                    if (!isValidLexical(d.baseType, entry.key))
                        fail(me, "map key '" + entry.key + "' is not a valid " + baseTypeName(d.baseType));
                    entry.value = numberAttr(me, "mappedValue", 0);
                    if (!qtiAttribute(me, "mappedValue")) fail(me, "a map entry needs a mapped value");
                    const char* cs = qtiAttribute(me, "caseSensitive");
                    entry.caseSensitive = !cs || std::string_view(cs) == "true" || std::string_view(cs) == "1";
                    m.entries.push_back(entry);
                }
                d.mapping = std::move(m);
            } else if (n == "areaMapping") {
                AreaMapping m;
                m.defaultValue = numberAttr(c, "defaultValue", 0);
                m.lowerBound = optionalNumber(c, "lowerBound");
                m.upperBound = optionalNumber(c, "upperBound");
                for (auto* me = c->FirstChildElement(); me; me = me->NextSiblingElement()) {
                    if (name(me) != "areaMapEntry")
                        fail(me, "unexpected <" + std::string(me->Name()) + "> in an area mapping");
                    AreaMapEntry entry;
                    const char* coords = qtiAttribute(me, "coords");
                    std::string why;
                    auto area = parseArea(requiredAttr(me, "shape"), coords ? coords : "", &why);
                    if (!area) fail(me, why);
                    entry.area = std::move(*area);
                    entry.value = numberAttr(me, "mappedValue", 0);
                    m.entries.push_back(entry);
                }
                d.areaMapping = std::move(m);
            }
        }
        return d;
    }

    OutcomeDeclaration readOutcomeDeclaration(const XMLElement* e) const {
        OutcomeDeclaration d;
        d.line = e->GetLineNum();
        d.identifier = requiredAttr(e, "identifier");
        readDeclarationType(e, d.cardinality, d.baseType);
        d.normalMinimum = optionalNumber(e, "normalMinimum");
        d.normalMaximum = optionalNumber(e, "normalMaximum");
        if (const char* ext = qtiAttribute(e, "externalScored")) {
            const std::string_view v = ext;
            if (v == "human")
                d.externalScored = ExternalScoring::Human;
            else if (v == "externalMachine")
                d.externalScored = ExternalScoring::ExternalMachine;
            else
                fail(e, "external-scored='" + std::string(v) + "' is not human or externalMachine");
        }
        for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
            const std::string n = name(c);
            if (n == "defaultValue") {
                d.defaultValue = readValues(c, d.cardinality, d.baseType);
            } else if (n == "matchTable") {
                if (const char* dv = qtiAttribute(c, "defaultValue")) d.matchTableDefault = dv;
                for (auto* me = c->FirstChildElement(); me; me = me->NextSiblingElement()) {
                    if (name(me) != "matchTableEntry")
                        fail(me, "unexpected <" + std::string(me->Name()) + "> in a match table");
                    d.matchTable.emplace_back(requiredAttr(me, "sourceValue"), requiredAttr(me, "targetValue"));
                }
            } else if (n == "interpolationTable") {
                if (const char* dv = qtiAttribute(c, "defaultValue")) d.interpolationDefault = dv;
                for (auto* ie = c->FirstChildElement(); ie; ie = ie->NextSiblingElement()) {
                    if (name(ie) != "interpolationTableEntry")
                        fail(ie, "unexpected <" + std::string(ie->Name()) + "> in an interpolation table");
                    OutcomeDeclaration::Interpolation entry;
                    entry.sourceValue = numberAttr(ie, "sourceValue", 0);
                    if (!qtiAttribute(ie, "sourceValue")) fail(ie, "an interpolation entry needs a source value");
                    const char* inc = qtiAttribute(ie, "includeBoundary");
                    entry.includeBoundary = !inc || std::string_view(inc) == "true" || std::string_view(inc) == "1";
                    entry.targetValue = requiredAttr(ie, "targetValue");
                    d.interpolationTable.push_back(entry);
                }
            }
        }
        return d;
    }

    // The namespaces in scope at an element: the default one and the prefixes declared on it and
    // its ancestors (innermost first wins).
    struct Namespaces {
        std::string defaultNs;
        std::vector<std::pair<std::string, std::string>> prefixed;
        std::string lookup(const std::string& prefix) const {
            for (auto it = prefixed.rbegin(); it != prefixed.rend(); ++it)
                if (it->first == prefix) return it->second;
            return {};
        }
        void declareFrom(const XMLElement* e) {
            for (const auto* a = e->FirstAttribute(); a; a = a->Next()) {
                const std::string_view n = a->Name();
                if (n == "xmlns")
                    defaultNs = a->Value();
                else if (n.starts_with("xmlns:"))
                    prefixed.emplace_back(std::string(n.substr(6)), a->Value());
            }
        }
        // What is in scope at `node` from its ancestors' declarations.
        static Namespaces around(const XMLNode* node) {
            std::vector<const XMLElement*> chain;
            for (const XMLNode* n = node ? node->Parent() : nullptr; n; n = n->Parent())
                if (const XMLElement* el = n->ToElement()) chain.push_back(el);
            Namespaces ns;
            for (auto it = chain.rbegin(); it != chain.rend(); ++it) ns.declareFrom(*it);
            return ns;
        }
    };

    BodyNode readBody(const XMLNode* node) const { return readBody(node, Namespaces::around(node)); }

    BodyNode readBody(const XMLNode* node, const Namespaces& inherited) const {
        BodyNode out;
        out.line = node->GetLineNum();
        if (const auto* text = node->ToText()) {
            out.isText = true;
            out.text = text->Value() ? text->Value() : "";
            return out;
        }
        const XMLElement* e = node->ToElement();
        Namespaces scope = inherited;
        scope.declareFrom(e);
        const std::string raw = e->Name();
        const auto colon = raw.find(':');
        const std::string uri = colon == std::string::npos ? scope.defaultNs : scope.lookup(raw.substr(0, colon));
        const bool foreign = !uri.empty() && !isQtiNamespace(uri);
        if (foreign) {
            // Another vocabulary: kept as written, for its own reader (sim/environment.h) and the writer.
            out.name = raw;
            out.ns = uri;
            for (const auto* a = e->FirstAttribute(); a; a = a->Next()) out.attributes[a->Name()] = a->Value();
        } else {
            out.name = name(e);
            // QTI attributes are normalised to camelCase on QTI elements, however the element is
            // spelled (a 3.0 document may hold a 2.x-spelled element); HTML keeps its attributes.
            const ElementSpec* spec = findElementSpec(out.name);
            const bool qtiElement = out.name != std::string(localPart(raw)) || version != QtiVersion::V3_0 ||
                                    (spec && !(spec->roles & elem::Html));
            for (const auto* a = e->FirstAttribute(); a; a = a->Next()) {
                std::string key = a->Name();
                if (version == QtiVersion::V3_0 && qtiElement && key.find(':') == std::string::npos &&
                    !key.starts_with("data-") && !key.starts_with("aria-"))
                    key = kebabToCamel(key);
                out.attributes[key] = a->Value();
            }
        }
        for (const XMLNode* c = node->FirstChild(); c; c = c->NextSibling()) {
            if (c->ToComment() || c->ToDeclaration() || c->ToUnknown()) continue;
            out.children.push_back(readBody(c, scope));
        }
        return out;
    }

    ResponseProcessingInfo readProcessing(const XMLElement* e) const {
        ResponseProcessingInfo rp;
        rp.line = e->GetLineNum();
        const char* tmpl = qtiAttribute(e, "template");
        if (!tmpl) tmpl = qtiAttribute(e, "templateLocation");
        if (tmpl) {
            rp.templateUri = tmpl;
            std::string last(tmpl);
            if (auto slash = last.find_last_of('/'); slash != std::string::npos) last = last.substr(slash + 1);
            if (last.ends_with(".xml")) last.resize(last.size() - 4);
            if (last == "match_correct")
                rp.kind = ResponseTemplate::MatchCorrect;
            else if (last == "map_response")
                rp.kind = ResponseTemplate::MapResponse;
            else if (last == "map_response_point")
                rp.kind = ResponseTemplate::MapResponsePoint;
            else
                fail(e, "unknown response processing template '" + rp.templateUri + "'");
        } else if (e->FirstChildElement()) {
            rp.kind = ResponseTemplate::Custom;
            rp.rules = readBody(e);
        }
        return rp;
    }

    void checkTemplateNeeds(const Item& item, const XMLElement* rpElement) const {
        if (item.processing.kind == ResponseTemplate::None || item.processing.kind == ResponseTemplate::Custom) return;
        const ResponseDeclaration* r = item.findResponse("RESPONSE");
        if (!r) fail(rpElement, "the template needs a response declaration RESPONSE");
        if (item.processing.kind == ResponseTemplate::MapResponse && !r->mapping)
            fail(rpElement, "map_response needs a <mapping> in the declaration of RESPONSE (line " +
                                std::to_string(r->line) + ")");
        if (item.processing.kind == ResponseTemplate::MapResponsePoint && !r->areaMapping)
            fail(rpElement, "map_response_point needs an <areaMapping> in the declaration of RESPONSE (line " +
                                std::to_string(r->line) + ")");
    }
};

}  // namespace

namespace {
// Hotspots are drawn and hit-tested from their shape and coords: one that cannot be read would be
// an answer the pupil cannot give, so the item is refused with the place to mend.
void checkBodyAreas(const BodyNode& node, const std::string& sourceName) {
    if (node.isText) return;
    if (const ElementSpec* spec = findElementSpec(node.name);
        spec && (spec->roles & elem::Choice) && spec->attribute("shape")) {
        std::string why;
        if (!parseArea(node.attributeOr("shape", "default"), node.attributeOr("coords", ""), &why))
            throw Error(ErrorKind::Invalid, sourceName + ":" + std::to_string(node.line) + ": <" + node.name + "> " +
                                                node.attributeOr("identifier", "") + ": " + why);
    }
    for (const auto& c : node.children) checkBodyAreas(c, sourceName);
}

// Choices of one interaction: every one is drawn and hit-tested each frame, so an interaction
// with more than kMaxChoicesPerInteraction is refused (100,000 drew no frame in 100 s).
size_t countChoices(const BodyNode& node) {
    size_t n = 0;
    for (const auto& c : node.children) {
        if (c.isText) continue;
        if (const ElementSpec* spec = findElementSpec(c.name); spec && (spec->roles & elem::Choice)) ++n;
        n += countChoices(c);
    }
    return n;
}

void checkChoiceCounts(const Item& item, const std::string& sourceName) {
    for (const BodyNode* in : item.interactions())
        if (const size_t n = countChoices(*in); n > kMaxChoicesPerInteraction)
            throw Error(ErrorKind::Invalid, sourceName + ":" + std::to_string(in->line) + ": <" + in->name + "> has " +
                                                std::to_string(n) + " choices; an interaction may have at most " +
                                                std::to_string(kMaxChoicesPerInteraction));
}

// A <repeat> whose numberRepeats is a number beyond kMaxRepeatCount is refused at load; one that
// names a variable is checked when it runs (qti/processing.cpp).
void checkRepeatCounts(const BodyNode& node, const std::string& sourceName) {
    if (node.isText) return;
    if (node.name == "repeat")
        if (const std::string* a = node.attribute("numberRepeats")) {
            double d;
            if (parseDouble(*a, d) && !(d <= kMaxRepeatCount))
                throw Error(ErrorKind::Invalid, sourceName + ":" + std::to_string(node.line) +
                                                    ": <repeat> numberRepeats='" + *a + "' is more than " +
                                                    std::to_string(kMaxRepeatCount) + ", the most a repeat may be");
        }
    for (const auto& c : node.children) checkRepeatCounts(c, sourceName);
}

// The simulated environments of the item's custom interactions (sim/environment.h): each names
// a known environment, answers a declaration of the kind the environment yields, and has a
// scenario its reader accepts. A custom interaction without dlkiosk's element is another
// vendor's; the kiosk shows it as one it cannot show.
void readEnvironments(Item& item, const std::string& sourceName) {
    for (const BodyNode* in : item.interactions()) {
        const InteractionSpec* spec = findInteractionSpec(in->name);
        if (!spec || spec->answers != AnswerSpace::Environment) continue;
        const BodyNode* element = sim::environmentElement(*in);
        if (!element) continue;
        auto fail = [&](const BodyNode& at, const std::string& msg) {
            throw Error(ErrorKind::Invalid, sourceName + ":" + std::to_string(at.line) + ": " + msg);
        };
        const std::string envName = sim::environmentName(*element);
        const sim::EnvironmentType* env = sim::findEnvironment(envName);
        if (!env) {
            std::string known;
            for (const sim::EnvironmentType* e : sim::environments())
                known += (known.empty() ? "" : ", ") + std::string(e->name);
            fail(*element, "<" + element->name + "> is no dlkiosk environment (" + known + ")");
        }
        const std::string rid = responseIdentifierOf(*in);
        const ResponseDeclaration* decl = item.findResponse(rid);
        if (!decl) continue;  // reported with the other interactions above
        if (decl->cardinality != env->cardinality || (env->baseType && decl->baseType != *env->baseType))
            fail(*in,
                 "the " + envName + " yields a " + cardinalityName(env->cardinality) +
                     (env->baseType ? std::string(" ") + baseTypeName(*env->baseType) : std::string()) +
                     " response; '" + rid + "' is declared " + cardinalityName(decl->cardinality) +
                     (decl->cardinality == Cardinality::Record ? "" : std::string(" ") + baseTypeName(decl->baseType)));
        EnvironmentBinding binding;
        binding.environment = envName;
        try {
            binding.scenario = env->readScenario(*element);
        } catch (const Error& e) {
            throw Error(ErrorKind::Invalid, withSource(sourceName, e.what()));
        }
        // The other responses it fills: declared, of the kind the environment yields.
        for (const sim::EnvironmentOutput& output : env->outputs) {
            const std::string* target = element->attribute(std::string(output.attribute));
            binding.outputs.push_back(target ? trim(*target) : std::string());
            if (!target) continue;
            const ResponseDeclaration* d = item.findResponse(binding.outputs.back());
            if (!d) fail(*element, std::string(output.attribute) + "='" + *target + "' names no declared response");
            if (d->cardinality != output.cardinality || (output.baseType && d->baseType != *output.baseType))
                fail(*element,
                     std::string(output.attribute) + "='" + *target + "' (" + std::string(output.meaning) +
                         ") must be declared " + cardinalityName(output.cardinality) +
                         (output.baseType ? std::string(" ") + baseTypeName(*output.baseType) : std::string()));
        }
        item.environments[rid] = std::move(binding);
    }
}

void throwIfUnsafe(std::string_view xml, const std::string& sourceName, const XmlLimits& limits) {
    if (const std::string problem = xmlGuardProblem(xml, limits); !problem.empty()) {
        // problem is "line N: ..."; turn it into "file:N: ..."
        const auto colon = problem.find(':');
        throw Error(ErrorKind::Parse,
                    sourceName + ":" + problem.substr(5, colon - 5) + ":" + problem.substr(colon + 1));
    }
}

// tinyxml2's failure as "file:line: what": an empty (or blank) file said in words, not as
// "Error=XML_ERROR_EMPTY_DOCUMENT ErrorID=13 (0xd) Line number=0".
[[noreturn]] void throwNotWellFormed(const tinyxml2::XMLDocument& doc, const std::string& sourceName) {
    if (doc.ErrorID() == tinyxml2::XML_ERROR_EMPTY_DOCUMENT)
        throw Error(ErrorKind::Parse, sourceName + ":1: the file is empty (no XML element in it)");
    throw Error(ErrorKind::Parse, sourceName + ":" + std::to_string(std::max(1, doc.ErrorLineNum())) +
                                      ": not well-formed XML: " + doc.ErrorStr());
}

void parseCheckedXml(tinyxml2::XMLDocument& doc, std::string_view xml, const std::string& sourceName) {
    if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) throwNotWellFormed(doc, sourceName);
}
}  // namespace

void parseGuardedXml(tinyxml2::XMLDocument& doc, std::string_view xml, const std::string& sourceName) {
    throwIfUnsafe(xml, sourceName, kDocumentXmlLimits);
    if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) throwNotWellFormed(doc, sourceName);
}

std::string qtiLocalName(const XMLElement* e) {
    return normaliseQtiName(localPart(e->Name()));
}

const char* qtiAttribute(const XMLElement* e, const char* camelName) {
    if (const char* v = e->Attribute(camelName)) return v;
    const std::string kebab = camelToKebab(camelName);
    return e->Attribute(kebab.c_str());
}

// tinyxml2 9 drops text nodes that are only whitespace, so "<strong>Let</strong> <em>op</em>"
// would read as "Letop". A character reference is not raw whitespace, so a &#32; put in front
// of each such run inside the root element keeps it; the run itself (and its newlines, so line
// numbers) stays as it was. Whitespace-only text between blocks is ignored by the renderer.
std::string keepInterElementSpace(std::string_view xml) {
    size_t root = 0;
    while ((root = xml.find('<', root)) != std::string_view::npos && root + 1 < xml.size() &&
           (xml[root + 1] == '?' || xml[root + 1] == '!')) {
        // Skip the prolog: declarations, comments, DOCTYPE.
        const size_t close =
            xml[root + 1] == '!' && xml.substr(root, 4) == "<!--" ? xml.find("-->", root) : xml.find('>', root);
        if (close == std::string_view::npos) return std::string(xml);
        root = close;
    }
    if (root == std::string_view::npos) return std::string(xml);
    std::string out(xml.substr(0, root));
    out.reserve(xml.size() + xml.size() / 16);
    for (size_t i = root; i < xml.size(); ++i) {
        const size_t gt = xml.find('>', i);
        if (gt == std::string_view::npos) {
            out.append(xml.substr(i));
            break;
        }
        out.append(xml.substr(i, gt - i + 1));
        i = gt;
        size_t j = i + 1;
        while (j < xml.size() && (xml[j] == ' ' || xml[j] == '\t' || xml[j] == '\n' || xml[j] == '\r')) ++j;
        if (j > i + 1 && j < xml.size() && xml[j] == '<') {
            out += "&#32;";
            if (xml[i + 1] == ' ' || xml[i + 1] == '\t') ++i;  // that blank is now the reference
        }
    }
    return out;
}

Item parseItemXml(std::string_view rawXml, const std::string& sourceName) {
    tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
    throwIfUnsafe(rawXml, sourceName, kItemXmlLimits);
    // The added references are well-formed by construction, so the guard need not run twice.
    const std::string xml = keepInterElementSpace(rawXml);
    parseCheckedXml(doc, xml, sourceName);
    const XMLElement* root = doc.RootElement();
    if (!root) throw Error(ErrorKind::Parse, sourceName + ":1: no root element");

    ItemReader reader{sourceName};
    reader.version = detectQtiVersion(root, sourceName, "assessmentItem");

    Item item;
    item.sourcePath = sourceName;
    item.line = root->GetLineNum();
    item.version = reader.version;
    item.identifier = reader.requiredAttr(root, "identifier");
    item.title = qtiAttribute(root, "title") ? qtiAttribute(root, "title") : item.identifier;
    item.language = root->Attribute("xml:lang") ? root->Attribute("xml:lang") : "";
    const XMLElement* rpElement = nullptr;
    bool sawBody = false;
    for (auto* c = root->FirstChildElement(); c; c = c->NextSiblingElement()) {
        const std::string n = reader.name(c);
        if (n == "responseDeclaration") {
            auto d = reader.readResponseDeclaration(c);
            if (item.findResponse(d.identifier) || item.findOutcome(d.identifier))
                reader.fail(c, "duplicate identifier '" + d.identifier + "'");
            item.responses.push_back(std::move(d));
        } else if (n == "outcomeDeclaration") {
            auto d = reader.readOutcomeDeclaration(c);
            if (item.findResponse(d.identifier) || item.findOutcome(d.identifier) || item.findTemplate(d.identifier))
                reader.fail(c, "duplicate identifier '" + d.identifier + "'");
            item.outcomes.push_back(std::move(d));
        } else if (n == "itemBody") {
            item.body = reader.readBody(c);
            sawBody = true;
        } else if (n == "responseProcessing") {
            item.processing = reader.readProcessing(c);
            rpElement = c;
        } else if (n == "templateDeclaration") {
            auto d = reader.readOutcomeDeclaration(c);
            if (item.findResponse(d.identifier) || item.findOutcome(d.identifier) || item.findTemplate(d.identifier))
                reader.fail(c, "duplicate identifier '" + d.identifier + "'");
            item.templates.push_back(std::move(d));
        } else if (n == "templateProcessing") {
            item.templateProcessing = reader.readBody(c);
        } else if (n == "modalFeedback") {
            item.modalFeedback.push_back(reader.readBody(c));
        } else if (n == "assessmentStimulusRef") {
            item.stimulusRefs.push_back({reader.requiredAttr(c, "identifier"), reader.requiredAttr(c, "href"),
                                         qtiAttribute(c, "title") ? qtiAttribute(c, "title") : ""});
        }
    }
    if (!sawBody) reader.fail(root, "the item has no item body");
    checkBodyAreas(item.body, sourceName);
    checkChoiceCounts(item, sourceName);
    checkRepeatCounts(item.processing.rules, sourceName);
    checkRepeatCounts(item.templateProcessing, sourceName);
    for (const BodyNode* in : item.interactions()) {
        if (in->name == "endAttemptInteraction") continue;
        const std::string* rid = in->attribute("responseIdentifier");
        if (!rid)
            throw Error(ErrorKind::Invalid, sourceName + ":" + std::to_string(in->line) + ": <" + in->name +
                                                "> has no response identifier");
        if (!item.findResponse(*rid))
            throw Error(ErrorKind::Invalid, sourceName + ":" + std::to_string(in->line) + ": <" + in->name +
                                                "> refers to '" + *rid + "', which is not declared");
    }
    if (rpElement) reader.checkTemplateNeeds(item, rpElement);
    readEnvironments(item, sourceName);
    return item;
}

Item loadItemFile(const std::string& path) {
    return parseItemXml(readTextFile(path), path);
}

QtiVersion detectQtiVersion(const XMLElement* root, const std::string& sourceName,
                            const std::string& expectedLocalName) {
    ItemReader reader{sourceName};
    // The version comes from the namespace bound to the root's prefix, never from schemaLocation.
    const std::string rootName = root->Name();
    const auto colon = rootName.find(':');
    const std::string nsAttr = colon == std::string::npos ? "xmlns" : "xmlns:" + rootName.substr(0, colon);
    const std::string ns = root->Attribute(nsAttr.c_str()) ? root->Attribute(nsAttr.c_str()) : "";
    const std::string local(localPart(rootName));
    QtiVersion version = QtiVersion::V3_0;
    if (ns.find("imsqtiasi_v3p0") != std::string::npos || (ns.empty() && local.starts_with("qti-")))
        version = QtiVersion::V3_0;
    else if (ns.find("imsqti_v2p2") != std::string::npos)
        version = QtiVersion::V2_2;
    else if (ns.find("imsqti_v2p1") != std::string::npos || ns.empty())
        version = QtiVersion::V2_1;
    else
        reader.fail(root, "namespace '" + ns + "' is not a QTI 2.1, 2.2 or 3.0 namespace");
    if (!isQtiNamespace(ns) && !ns.empty()) reader.fail(root, "namespace '" + ns + "' is not a QTI namespace");
    const bool item = expectedLocalName == "assessmentItem";
    if (qtiLocalName(root) != expectedLocalName) {
        if (ns.empty() && !local.starts_with("qti-") && !local.starts_with("assessment"))
            reader.fail(root, "root <" + rootName + "> is not a QTI " + (item ? "item" : "test"));
        reader.fail(root,
                    "root <" + rootName + "> is not " + (item ? "an assessment item" : "an " + expectedLocalName));
    }
    return version;
}

BodyNode readElementTree(const tinyxml2::XMLNode* node, QtiVersion version) {
    ItemReader reader{""};
    reader.version = version;
    return reader.readBody(node);
}

OutcomeDeclaration readOutcomeDeclarationElement(const XMLElement* e, const std::string& sourceName,
                                                 QtiVersion version) {
    ItemReader reader{sourceName};
    reader.version = version;
    return reader.readOutcomeDeclaration(e);
}

}  // namespace dlk
