#include "qti/validator.h"

#include <tinyxml2.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "qti/area.h"
#include "qti/assessment_test.h"
#include "qti/interactions.h"
#include "qti/package.h"
#include "qti/processing.h"
#include "qti/qti_loader.h"
#include "qti/qti_vocabulary.h"
#include "qti/response_processing.h"
#include "util/error.h"
#include "util/text.h"
#include "util/xsd_regex.h"

namespace dlk {

namespace fs = std::filesystem;
using tinyxml2::XMLAttribute;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

std::string Finding::text() const {
    return file + ":" + std::to_string(line) + ": " + (severity == Severity::Error ? "error" : "warning") + ": " +
           message;
}

int ValidationReport::errorCount() const {
    return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                          [](const Finding& f) { return f.severity == Severity::Error; }));
}

int ValidationReport::warningCount() const {
    return static_cast<int>(findings.size()) - errorCount();
}

namespace {

bool isQtiNamespace(std::string_view ns) {
    return ns.find("imsglobal.org") != std::string_view::npos && ns.find("qti") != std::string_view::npos;
}

std::string_view localOf(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string namespaceOf(const XMLElement* e) {
    const std::string_view name = e->Name();
    const auto colon = name.find(':');
    const std::string attr = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
    for (const XMLNode* n = e; n; n = n->Parent())
        if (const XMLElement* el = n->ToElement())
            if (const char* v = el->Attribute(attr.c_str())) return v;
    return {};
}

// The element's name in 2.x spelling: "qti-choice-interaction" and "choiceInteraction" alike.
std::string normalisedName(const XMLElement* e) {
    return qtiLocalName(e);
}

// An attribute by its 2.x name or its 3.0 kebab-case spelling.
const XMLAttribute* findAttribute(const XMLElement* e, const std::string& camel) {
    if (const XMLAttribute* a = e->FindAttribute(camel.c_str())) return a;
    return e->FindAttribute(camelToKebab(camel).c_str());
}

std::string attrOr(const XMLElement* e, const std::string& camel, const std::string& fallback = "") {
    const XMLAttribute* a = findAttribute(e, camel);
    return a ? a->Value() : fallback;
}

std::string withArticle(const std::string& noun) {
    return (std::string("aeiou").find(noun.empty() ? 'x' : noun[0]) != std::string::npos ? "an " : "a ") + noun;
}

bool hasUpper(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string joined(const std::vector<std::string>& v, const char* sep = " ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// "path:12: message", the loaders' form, split into line and message.
void splitMessage(const std::string& what, const std::string& path, int& line, std::string& message) {
    line = 0;
    message = what;
    if (!what.starts_with(path + ":")) return;
    const std::string rest = what.substr(path.size() + 1);
    size_t i = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i > 0 && i < rest.size() && rest[i] == ':') {
        int64_t n = 0;
        parseInt64(rest.substr(0, i), n);
        line = static_cast<int>(n);
        message = trim(rest.substr(i + 1));
    } else {
        message = trim(rest);
    }
}

bool startsWithZipMagic(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' &&
           ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
}

// ---- one document ---------------------------------------------------------------------------------

enum class DeclKind { Response, Outcome, Template, Context };

const char* declKindName(DeclKind k) {
    switch (k) {
        case DeclKind::Response:
            return "a response";
        case DeclKind::Outcome:
            return "an outcome";
        case DeclKind::Template:
            return "a template variable";
        case DeclKind::Context:
            return "a context variable";
    }
    return "?";
}

struct Decl {
    DeclKind kind = DeclKind::Outcome;
    std::string identifier;
    std::optional<Cardinality> cardinality;
    std::optional<BaseType> baseType;
    bool hasMapping = false, hasAreaMapping = false, hasCorrect = false, hasLookupTable = false;
    int line = 0;
    std::vector<std::pair<std::string, int>> correctValues, mapKeys;
};

struct InteractionInfo {
    std::string name, responseId;
    int line = 0;
    std::map<std::string, int> ids;  // choice identifier -> line
};

struct Context {
    Decl* decl = nullptr;
    bool processing = false;
    InteractionInfo* interaction = nullptr;
};

class DocumentChecker {
public:
    DocumentChecker(const Package* package, std::string path, std::string display, std::vector<Finding>& out,
                    bool standalone)
        : m_package(package),
          m_path(std::move(path)),
          m_display(std::move(display)),
          m_out(out),
          m_first(out.size()),
          m_standalone(standalone) {}

    CheckedDocument run(const std::string& bytes) {
        CheckedDocument report{m_path, m_display, CheckedDocument::Kind::Broken, 1, QtiVersion::V3_0, nullptr, nullptr};
        tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
        try {
            parseGuardedXml(doc, bytes, m_path);
        } catch (const Error& e) {
            fromError(e);
            return report;
        }
        const XMLElement* root = doc.RootElement();
        if (!root) {
            error(1, "no root element");
            return report;
        }
        report.rootLine = root->GetLineNum();
        const std::string ns = namespaceOf(root);
        const std::string_view rawRoot = localOf(root->Name());
        const std::string rootName = normalisedName(root);
        if (rootName != "assessmentItem" && rootName != "assessmentTest" && rootName != "assessmentStimulus") {
            // Inside a package, other XML (metadata, sub-manifests) is none of our business; QTI
            // documents dlkiosk cannot use (a standalone section) are worth a word.
            report.kind = CheckedDocument::Kind::Other;
            const std::string what = "<" + std::string(root->Name()) + "> is not a QTI item, test or stimulus";
            if (m_standalone)
                error(root->GetLineNum(), what);
            else if (isQtiNamespace(ns) && rawRoot != "manifest")
                warning(root->GetLineNum(), what + "; dlkiosk does not read it");
            return report;
        }
        m_noNamespace = ns.empty();
        m_version = ns.find("v3p0") != std::string::npos || (ns.empty() && rawRoot.starts_with("qti-"))
                        ? QtiVersion::V3_0
                    : ns.find("v2p2") != std::string::npos ? QtiVersion::V2_2
                                                           : QtiVersion::V2_1;
        report.version = m_version;
        m_isTest = rootName == "assessmentTest";
        report.kind = m_isTest                       ? CheckedDocument::Kind::Test
                      : rootName == "assessmentItem" ? CheckedDocument::Kind::Item
                                                     : CheckedDocument::Kind::Stimulus;

        collectDeclarations(root);
        if (m_isTest) collectTestIdentifiers(root, 0);
        walk(root, Context{}, 0);
        if (report.kind == CheckedDocument::Kind::Item)
            for (const XMLElement* c = root->FirstChildElement(); c; c = c->NextSiblingElement())
                if (normalisedName(c) == "itemBody") checkChoicesOfAnswers(readElementTree(c, m_version));

        // The loaders have the last word on what loads; what they refuse and we did not already
        // report on that line is reported in their words.
        try {
            if (report.kind == CheckedDocument::Kind::Item) {
                auto item = std::make_shared<Item>(parseItemXml(bytes, m_path));
                dryRun(*item);
                report.item = item;
            } else if (report.kind == CheckedDocument::Kind::Test) {
                report.test = std::make_shared<AssessmentTest>(parseAssessmentTest(bytes, m_path));
            }
        } catch (const Error& e) {
            fromError(e);
        }
        return report;
    }

private:
    void add(int line, Severity s, const std::string& msg) { m_out.push_back({m_display, line, s, msg}); }
    void error(int line, const std::string& msg) { add(line, Severity::Error, msg); }
    void warning(int line, const std::string& msg) { add(line, Severity::Warning, msg); }

    void fromError(const Error& e) {
        int line = 0;
        std::string msg;
        splitMessage(e.what(), m_path, line, msg);
        // Said already on that line, or (the loader gave no line) somewhere in this document.
        for (size_t i = m_first; i < m_out.size(); ++i)
            if (m_out[i].severity == Severity::Error && (m_out[i].line == line || line == 0)) return;
        error(line, msg);
    }

    // ---- declarations and identifiers

    void collectDeclarations(const XMLElement* root) {
        for (const XMLElement* c = root->FirstChildElement(); c; c = c->NextSiblingElement()) {
            const std::string n = normalisedName(c);
            DeclKind kind;
            if (n == "responseDeclaration" && !m_isTest)
                kind = DeclKind::Response;
            else if (n == "outcomeDeclaration")
                kind = DeclKind::Outcome;
            else if (n == "templateDeclaration" && !m_isTest)
                kind = DeclKind::Template;
            else if (n == "contextDeclaration")
                kind = DeclKind::Context;
            else
                continue;
            Decl d;
            d.kind = kind;
            d.line = c->GetLineNum();
            d.identifier = attrOr(c, "identifier");
            if (const XMLAttribute* a = findAttribute(c, "cardinality")) d.cardinality = parseCardinality(a->Value());
            if (const XMLAttribute* a = findAttribute(c, "baseType")) d.baseType = parseBaseType(a->Value());
            for (const XMLElement* k = c->FirstChildElement(); k; k = k->NextSiblingElement()) {
                const std::string kn = normalisedName(k);
                d.hasMapping = d.hasMapping || kn == "mapping";
                d.hasAreaMapping = d.hasAreaMapping || kn == "areaMapping";
                d.hasCorrect = d.hasCorrect || kn == "correctResponse";
                d.hasLookupTable = d.hasLookupTable || kn == "matchTable" || kn == "interpolationTable";
            }
            if (d.identifier.empty()) {
                error(d.line, "a declaration needs an identifier");
                continue;
            }
            if (const Decl* first = findDecl(d.identifier)) {
                error(d.line, "duplicate identifier '" + d.identifier + "' (first declared on line " +
                                  std::to_string(first->line) + ")");
                continue;
            }
            m_declElements[c] = m_decls.size();
            m_decls.push_back(std::move(d));
        }
        // A correct response may come from template processing instead of the declaration.
        for (const XMLElement* c = root->FirstChildElement(); c; c = c->NextSiblingElement())
            if (normalisedName(c) == "templateProcessing") collectTemplateSetCorrect(c, 0);
    }

    void collectTemplateSetCorrect(const XMLElement* e, int depth) {
        if (depth > 200) return;
        for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
            if (normalisedName(c) == "setCorrectResponse") m_correctByTemplate.insert(attrOr(c, "identifier"));
            collectTemplateSetCorrect(c, depth + 1);
        }
    }

    void collectTestIdentifiers(const XMLElement* e, int depth) {
        if (depth > 200) return;
        for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
            const std::string n = normalisedName(c);
            if (n == "testPart" || n == "assessmentSection" || n == "assessmentItemRef" ||
                n == "assessmentSectionRef") {
                const std::string id = attrOr(c, "identifier");
                if (!id.empty()) {
                    if (auto [it, fresh] = m_testIds.emplace(id, c->GetLineNum()); !fresh)
                        error(c->GetLineNum(), "duplicate identifier '" + id + "' (first used on line " +
                                                   std::to_string(it->second) + ")");
                }
                collectTestIdentifiers(c, depth + 1);
            }
        }
    }

    const Decl* findDecl(const std::string& id) const {
        for (const auto& d : m_decls)
            if (d.identifier == id) return &d;
        return nullptr;
    }

    // ---- the walk

    void walk(const XMLElement* e, Context ctx, int depth) {
        if (depth > 200) return;  // tinyxml2 refuses deeper documents; a guard, not a limit
        const std::string ns = namespaceOf(e);
        // Foreign content (MathML, SSML, dlkiosk's own custom-interaction markup) is not QTI's to check.
        if (!isQtiNamespace(ns) && !(ns.empty() && m_noNamespace)) return;
        const std::string raw(localOf(e->Name()));
        const bool spelled3 = raw.starts_with("qti-");
        const std::string name = normalisedName(e);
        const int line = e->GetLineNum();
        const ElementSpec* spec = findElementSpec(name);
        if (spec && spelled3 && (spec->roles & elem::Html)) spec = nullptr;  // <qti-p> is no element
        if (!spec) {
            if (ctx.decl)
                error(line, "unknown element <" + raw + "> in a declaration; the item would be scored without it");
            else if (ctx.processing)
                error(line, "unknown element <" + raw + "> in processing rules; dlkiosk cannot run it");
            else
                warning(line, "unknown element <" + raw + ">");
            for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) walk(c, ctx, depth + 1);
            return;
        }
        if (m_version == QtiVersion::V3_0 && !spelled3 && !(spec->roles & elem::Html))
            warning(line, "<" + raw + "> is QTI 2.x spelling; QTI 3.0 writes <" + qti3ElementName(name) + ">");
        if (m_version != QtiVersion::V3_0 && spelled3)
            warning(line, "<" + raw + "> is QTI 3.0 spelling in a QTI 2.x document; write <" + name + ">");
        checkAttributes(e, *spec, raw, name);

        Context inner = ctx;
        if (auto it = m_declElements.find(e); it != m_declElements.end()) inner.decl = &m_decls[it->second];
        if (spec->roles & elem::Processing) inner.processing = true;
        checkElement(e, name, ctx, inner);
        if (spec->roles & elem::Opaque) return;
        for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) walk(c, inner, depth + 1);
    }

    void checkAttributes(const XMLElement* e, const ElementSpec& spec, const std::string& raw,
                         const std::string& name) {
        const bool html = spec.roles & elem::Html;
        const bool body = spec.roles & (elem::Html | elem::Body);
        for (const XMLAttribute* a = e->FirstAttribute(); a; a = a->Next()) {
            const std::string an = a->Name();
            if (isUniversalAttribute(an)) continue;
            std::string norm = an;
            const AttributeSpec* as = nullptr;
            if (!html && an.find('-') != std::string::npos) {
                norm = kebabToCamel(an);
                as = spec.attribute(norm);
                if (as && m_version != QtiVersion::V3_0)
                    warning(a->GetLineNum(),
                            "attribute '" + an + "' is QTI 3.0 spelling in a QTI 2.x document; write '" + norm + "'");
            } else {
                as = spec.attribute(norm);
                if (as && !html && m_version == QtiVersion::V3_0 && hasUpper(an))
                    warning(a->GetLineNum(),
                            "attribute '" + an + "' is QTI 2.x spelling; QTI 3.0 writes '" + camelToKebab(an) + "'");
            }
            if (!as && body)
                for (const AttributeSpec& b : bodyElementAttributes())
                    if (b.name == norm) as = &b;
            if (!as) {
                warning(a->GetLineNum(), "unknown attribute '" + an + "' on <" + raw + ">");
                continue;
            }
            checkLexical(*as, an, a->Value(), a->GetLineNum());
            if (isFileReference(name, norm)) checkHref(a->Value(), an, a->GetLineNum());
        }
    }

    void checkLexical(const AttributeSpec& as, const std::string& an, const std::string& value, int line) {
        const std::string v = trim(value);
        double d;
        int64_t i;
        std::string want;
        switch (as.type) {
            case AttrType::Any:
                return;
            case AttrType::Bool:
                if (v == "true" || v == "false" || v == "1" || v == "0") return;
                want = "a boolean (true or false)";
                break;
            case AttrType::Int:
                if (parseInt64(v, i)) return;
                want = "an integer";
                break;
            case AttrType::Number:
                if (parseDouble(v, d)) return;
                want = "a number";
                break;
            case AttrType::NumberOrVar:
                if (parseDouble(v, d) || isValidLexical(BaseType::Identifier, v)) return;
                want = "a number or a variable identifier";
                break;
            case AttrType::Identifier:
                if (isValidLexical(BaseType::Identifier, v)) return;
                want = "an identifier";
                break;
            case AttrType::Cardinality:
                if (parseCardinality(v)) return;
                want = "a cardinality (single, multiple, ordered or record)";
                break;
            case AttrType::BaseType:
                if (parseBaseType(v)) return;
                want =
                    "a base type (identifier, boolean, integer, float, string, point, pair, directedPair, duration, "
                    "file or uri)";
                break;
            case AttrType::Coords: {
                bool ok = !v.empty();
                for (const auto& part : split(v, ',')) {
                    std::string p = trim(part);
                    if (p.ends_with('%')) p.pop_back();
                    ok = ok && parseDouble(p, d);
                }
                if (ok) return;
                want = "comma-separated numbers";
                break;
            }
            case AttrType::Enum:
                if (std::find(as.values.begin(), as.values.end(), v) != as.values.end()) return;
                want = "one of " + joined(as.values, ", ");
                break;
        }
        error(line, an + "='" + value + "' is not " + want);
    }

    void checkHref(const std::string& href, const std::string& an, int line) {
        const std::string h = trim(href);
        const auto colon = h.find(':');
        const bool url = colon != std::string::npos && colon > 1 && h.find('/') > colon;
        if (url) {
            const std::string scheme = toLowerAscii(h.substr(0, colon));
            if (scheme == "data") return;
            if (scheme == "http" || scheme == "https")
                warning(line,
                        an + "='" + href + "' is loaded from the internet; the kiosk is offline, so it will not show");
            else
                warning(line, an + "='" + href + "' is not a file of the package");
            return;
        }
        std::string path;
        try {
            path = Package::resolve(m_path, h);
        } catch (const Error& e) {
            // "href 'x' climbs out ..." in the words of the attribute that holds it.
            std::string why = e.what();
            const std::string said = "href '" + h + "' ";
            if (why.starts_with(said)) why = why.substr(said.size());
            error(line, an + "='" + href + "' " + why);
            return;
        }
        if (m_package && !m_package->exists(path)) error(line, an + "='" + href + "': " + path + " is missing");
    }

    // ---- element checks

    void checkElement(const XMLElement* e, const std::string& name, const Context& ctx, Context& inner) {
        const int line = e->GetLineNum();
        if (const XMLAttribute* id = e->FindAttribute("id")) {
            if (auto [it, fresh] = m_htmlIds.emplace(id->Value(), line); !fresh)
                error(line, "id '" + std::string(id->Value()) + "' is used twice (first on line " +
                                std::to_string(it->second) + ")");
        }
        if (ctx.decl) checkDeclarationPart(e, name, *ctx.decl);
        // The responses a scorer's rubric judges (qti/response_processing.h, judgedResponses).
        if (name == "rubricBlock")
            if (const XMLAttribute* judges = e->FindAttribute("data-judges"))
                for (const std::string& id : splitWhitespace(judges->Value()))
                    requireDecl(id, line, {DeclKind::Response}, "response the rubric judges");

        const ElementSpec* spec = findElementSpec(name);
        if (spec && (spec->roles & elem::Interaction)) {
            InteractionInfo& info = m_interactions.emplace_back();
            info.name = name;
            info.line = line;
            inner.interaction = &info;
            const XMLAttribute* rid = findAttribute(e, "responseIdentifier");
            if (!rid) {
                error(line, "<" + std::string(e->Name()) + "> has no response identifier");
            } else {
                info.responseId = rid->Value();
                const Decl* d = findDecl(info.responseId);
                if (!d)
                    error(line, "<" + std::string(e->Name()) + "> refers to response '" + info.responseId +
                                    "', which is not declared");
                else if (d->kind != DeclKind::Response)
                    error(line, "<" + std::string(e->Name()) + "> refers to '" + info.responseId + "', which is " +
                                    declKindName(d->kind) + ", not a response");
                else
                    checkInteractionType(info, *d);
            }
        }
        if (spec && (spec->roles & elem::Choice)) {
            const std::string id = attrOr(e, "identifier");
            if (id.empty()) error(line, "<" + std::string(e->Name()) + "> needs an identifier");
            if (!id.empty() && ctx.interaction) {
                InteractionInfo& info = *ctx.interaction;
                if (auto [it, fresh] = info.ids.emplace(id, line); !fresh)
                    error(line, "choice identifier '" + id + "' is used twice in this interaction (first on line " +
                                    std::to_string(it->second) + ")");
            }
            if (const XMLAttribute* t = findAttribute(e, "templateIdentifier"))
                requireDecl(t->Value(), line, {DeclKind::Template}, "template variable");
        }

        if (name == "feedbackInline" || name == "feedbackBlock" || name == "modalFeedback" || name == "testFeedback") {
            if (const XMLAttribute* o = findAttribute(e, "outcomeIdentifier"))
                requireDecl(o->Value(), line, {DeclKind::Outcome}, "outcome");
        } else if (name == "templateInline" || name == "templateBlock") {
            if (const XMLAttribute* t = findAttribute(e, "templateIdentifier"))
                requireDecl(t->Value(), line, {DeclKind::Template}, "template variable");
        } else if (name == "printedVariable") {
            requireDecl(attrOr(e, "identifier"), line, {DeclKind::Outcome, DeclKind::Template},
                        "outcome or template variable");
        } else if (name == "responseProcessing") {
            checkResponseProcessing(e);
        } else if (name == "baseValue") {
            const XMLAttribute* b = findAttribute(e, "baseType");
            if (!b) {
                error(line, "<" + std::string(e->Name()) + "> needs a base type");
            } else if (auto bt = parseBaseType(b->Value())) {
                const std::string text = e->GetText() ? e->GetText() : "";
                if (!isValidLexical(*bt, text))
                    error(line, "'" + text + "' is not a valid " + baseTypeName(*bt) + " value");
            }
        } else if (name == "variable") {
            checkVariableName(attrOr(e, "identifier"), line);
        } else if (name == "correct") {
            requireDecl(attrOr(e, "identifier"), line, {DeclKind::Response}, "response");
        } else if (name == "default") {
            requireDecl(attrOr(e, "identifier"), line, {DeclKind::Response, DeclKind::Outcome, DeclKind::Template},
                        "variable");
        } else if (name == "mapResponse" || name == "mapResponsePoint") {
            const std::string id = attrOr(e, "identifier");
            if (const Decl* d = requireDecl(id, line, {DeclKind::Response}, "response")) {
                if (name == "mapResponse" && !d->hasMapping)
                    error(line, "mapResponse needs a mapping in the declaration of '" + id + "' (line " +
                                    std::to_string(d->line) + ")");
                if (name == "mapResponsePoint" && !d->hasAreaMapping)
                    error(line, "mapResponsePoint needs an area mapping in the declaration of '" + id + "' (line " +
                                    std::to_string(d->line) + ")");
            }
        } else if (name == "setOutcomeValue") {
            // completionStatus is an outcome every item has (QTI's built-in variables).
            if (attrOr(e, "identifier") != "completionStatus")
                requireDecl(attrOr(e, "identifier"), line, {DeclKind::Outcome}, "outcome");
        } else if (name == "lookupOutcomeValue") {
            const std::string id = attrOr(e, "identifier");
            if (const Decl* d = requireDecl(id, line, {DeclKind::Outcome}, "outcome"); d && !d->hasLookupTable)
                error(line,
                      "lookupOutcomeValue needs a match or interpolation table in the declaration of '" + id + "'");
        } else if (name == "setTemplateValue") {
            requireDecl(attrOr(e, "identifier"), line, {DeclKind::Template}, "template variable");
        } else if (name == "setCorrectResponse") {
            requireDecl(attrOr(e, "identifier"), line, {DeclKind::Response}, "response");
        } else if (name == "setDefaultValue") {
            requireDecl(attrOr(e, "identifier"), line, {DeclKind::Response, DeclKind::Outcome}, "response or outcome");
        } else if (name == "patternMatch") {
            std::string why;
            if (!XsdPattern::compile(attrOr(e, "pattern"), &why)) error(line, "invalid pattern: " + why);
        } else if ((name == "textEntryInteraction" || name == "extendedTextInteraction") &&
                   findAttribute(e, "patternMask")) {
            std::string why;
            if (!XsdPattern::compile(attrOr(e, "patternMask"), &why)) error(line, "invalid patternMask: " + why);
        } else if (name == "customOperator") {
            const std::string cls = attrOr(e, "class", attrOr(e, "definition"));
            if (!CustomOperatorRegistry::instance().find(cls))
                error(line, "custom operator '" + cls + "' has no implementation in dlkiosk");
        } else if (name == "branchRule" && m_isTest) {
            const std::string target = attrOr(e, "target");
            if (!target.empty() && target != "EXIT_TEST" && target != "EXIT_TESTPART" && target != "EXIT_SECTION" &&
                !m_testIds.count(target))
                error(line, "branch target '" + target + "' is not an item, section or test part of this test");
        }
    }

    void checkDeclarationPart(const XMLElement* e, const std::string& name, Decl& d) {
        const int line = e->GetLineNum();
        if (name == "correctResponse" || name == "defaultValue") {
            int values = 0;
            for (const XMLElement* v = e->FirstChildElement(); v; v = v->NextSiblingElement())
                values += normalisedName(v) == "value";
            if (values > 1 && d.cardinality == Cardinality::Single)
                error(line,
                      "'" + d.identifier + "' has single cardinality, so one value, not " + std::to_string(values));
        } else if (name == "value") {
            std::optional<BaseType> bt = d.baseType;
            if (d.cardinality == Cardinality::Record) {
                if (!findAttribute(e, "fieldIdentifier")) error(line, "a value of a record needs a field identifier");
                const XMLAttribute* b = findAttribute(e, "baseType");
                if (!b) error(line, "a value of a record needs a base type");
                bt = b ? parseBaseType(b->Value()) : std::nullopt;
            }
            const std::string text = e->GetText() ? e->GetText() : "";
            if (bt && !isValidLexical(*bt, text))
                error(line, "'" + text + "' is not a valid " + baseTypeName(*bt) + " value for '" + d.identifier + "'");
            const XMLNode* parent = e->Parent();
            if (parent && parent->ToElement() && normalisedName(parent->ToElement()) == "correctResponse")
                d.correctValues.emplace_back(trim(text), line);
        } else if (name == "mapping" || name == "areaMapping") {
            if (d.kind != DeclKind::Response) error(line, "only response variables have a " + name);
            if (name == "areaMapping" && d.baseType && *d.baseType != BaseType::Point)
                error(line, "an area mapping maps points, but '" + d.identifier + "' is " + baseTypeName(*d.baseType));
        } else if (name == "mapEntry") {
            const XMLAttribute* key = findAttribute(e, "mapKey");
            if (!key) {
                error(line, "a map entry needs a map key");
            } else {
                if (d.baseType && !isValidLexical(*d.baseType, key->Value()))
                    error(line,
                          "map key '" + std::string(key->Value()) + "' is not a valid " + baseTypeName(*d.baseType));
                d.mapKeys.emplace_back(trim(key->Value()), line);
            }
            if (!findAttribute(e, "mappedValue")) error(line, "a map entry needs a mapped value");
        } else if (name == "areaMapEntry") {
            std::string why;
            if (!findAttribute(e, "shape"))
                error(line, "an area map entry needs a shape");
            else if (!parseArea(attrOr(e, "shape"), attrOr(e, "coords"), &why))
                error(line, why);
            if (!findAttribute(e, "mappedValue")) error(line, "an area map entry needs a mapped value");
        }
    }

    const Decl* requireDecl(const std::string& id, int line, std::initializer_list<DeclKind> kinds,
                            const std::string& what) {
        if (id.empty()) {
            error(line, "needs the identifier of " + withArticle(what));
            return nullptr;
        }
        const Decl* d = findDecl(id);
        if (!d) {
            error(line, "'" + id + "' is not declared" + (m_isTest ? " in the test" : ""));
            return nullptr;
        }
        if (std::find(kinds.begin(), kinds.end(), d->kind) == kinds.end()) {
            error(line, "'" + id + "' is " + declKindName(d->kind) + " (line " + std::to_string(d->line) + "), not " +
                            withArticle(what));
            return nullptr;
        }
        return d;
    }

    void checkVariableName(const std::string& id, int line) {
        // Built-in variables every item (and, for duration, every test) has.
        if (id == "duration" || id == "numAttempts" || id == "completionStatus") return;
        if (findDecl(id)) return;
        if (m_isTest) {
            const auto dot = id.find('.');
            if (dot != std::string::npos && m_testIds.count(id.substr(0, dot))) return;
            error(line, "'" + id + "' is neither an outcome of the test nor ITEM.VARIABLE of one of its item refs");
            return;
        }
        error(line, "variable '" + id + "' is not declared");
    }

    // What the interaction yields (qti/interactions.h) against what the declaration asks for.
    void checkInteractionType(const InteractionInfo& info, const Decl& d) {
        const InteractionSpec* spec = findInteractionSpec(info.name);
        if (!spec) return;
        const std::string& n = info.name;
        if (d.baseType && !spec->baseTypes.empty() &&
            std::find(spec->baseTypes.begin(), spec->baseTypes.end(), *d.baseType) == spec->baseTypes.end())
            warning(info.line, "<" + spelled(n) + "> does not produce " + baseTypeName(*d.baseType) +
                                   " values, the base type of '" + d.identifier + "'");
        if (!d.cardinality) return;
        if (std::find(spec->cardinalities.begin(), spec->cardinalities.end(), *d.cardinality) ==
            spec->cardinalities.end())
            error(info.line, "<" + spelled(n) + "> cannot give '" + d.identifier + "' a " +
                                 cardinalityName(*d.cardinality) + " value; the kiosk would not show it");
        else if (spec->natural && *d.cardinality != *spec->natural)
            warning(info.line, "<" + spelled(n) + "> produces " + withArticle(cardinalityName(*spec->natural)) +
                                   " response; '" + d.identifier + "' is " + cardinalityName(*d.cardinality));
    }

    void checkResponseProcessing(const XMLElement* e) {
        const int line = e->GetLineNum();
        std::string uri = attrOr(e, "template", attrOr(e, "templateLocation"));
        if (uri.empty()) return;
        std::string last = uri.substr(uri.find_last_of('/') == std::string::npos ? 0 : uri.find_last_of('/') + 1);
        if (last.ends_with(".xml")) last.resize(last.size() - 4);
        if (last != "match_correct" && last != "map_response" && last != "map_response_point") {
            error(line, "unknown response processing template '" + uri + "'");
            return;
        }
        const Decl* r = findDecl("RESPONSE");
        if (!r || r->kind != DeclKind::Response) {
            error(line, last + " needs a response declaration RESPONSE");
            return;
        }
        if (last == "map_response" && !r->hasMapping)
            error(line, "map_response needs a <mapping> in the declaration of RESPONSE (line " +
                            std::to_string(r->line) + ")");
        if (last == "map_response_point" && !r->hasAreaMapping)
            error(line, "map_response_point needs an <areaMapping> in the declaration of RESPONSE (line " +
                            std::to_string(r->line) + ")");
        if (last == "match_correct" && !r->hasCorrect && !m_correctByTemplate.count("RESPONSE"))
            error(line, "match_correct needs a correct response for RESPONSE (line " + std::to_string(r->line) +
                            "); without one every answer scores 0");
        const Decl* score = findDecl("SCORE");
        if (!score || score->kind != DeclKind::Outcome)
            warning(line, "the template sets SCORE, which is not declared as an outcome");
    }

    // A QTI element's name as this document's version spells it.
    std::string spelled(const std::string& name) const {
        return m_version == QtiVersion::V3_0 ? qti3ElementName(name) : name;
    }

    // A correct response naming a choice the interaction does not offer can never be given.
    void checkChoicesOfAnswers(const BodyNode& body) {
        std::map<std::string, int> uses;
        Item bodyOnly;
        bodyOnly.body = body;
        const auto interactions = bodyOnly.interactions();
        for (const BodyNode* in : interactions) ++uses[responseIdentifierOf(*in)];
        for (const BodyNode* in : interactions) {
            const std::string rid = responseIdentifierOf(*in);
            const InteractionSpec* spec = findInteractionSpec(in->name);
            if (!spec || uses[rid] != 1) continue;
            const Decl* d = findDecl(rid);
            if (!d || d->kind != DeclKind::Response) continue;
            const OfferedAnswers offered = offeredAnswers(*spec, *in);
            // Values that are not even lexically right are reported as such, not twice.
            auto lexical = [&](const std::string& v) { return !d->baseType || isValidLexical(*d->baseType, v); };
            for (const auto& [v, line] : d->correctValues)
                if (lexical(v) && !isOffered(*spec, offered, v))
                    error(line, "correct response '" + v + "' is not an answer the <" + spelled(in->name) +
                                    "> on line " + std::to_string(in->line) + " offers");
            for (const auto& [v, line] : d->mapKeys)
                if (lexical(v) && !isOffered(*spec, offered, v))
                    warning(line, "map key '" + v + "' is not an answer the <" + spelled(in->name) + "> on line " +
                                      std::to_string(in->line) + " offers; it never applies");
        }
    }

    // A pupil may leave any item unanswered: processing must survive that. Only for items with no
    // error so far: a broken item would fail here for a reason already reported.
    void dryRun(const Item& item) {
        for (size_t i = m_first; i < m_out.size(); ++i)
            if (m_out[i].severity == Severity::Error) return;
        try {
            const Item instance = instantiateItem(item, 1);
            (void)processResponses(instance, {});
        } catch (const Error& e) {
            int line = 0;
            std::string msg;
            splitMessage(e.what(), m_path, line, msg);
            if (line == 0) line = item.processing.line;
            error(line, "processing fails on an unanswered item: " + msg);
        }
    }

    const Package* m_package;
    std::string m_path, m_display;
    std::vector<Finding>& m_out;
    size_t m_first;
    bool m_standalone;
    bool m_noNamespace = false;
    bool m_isTest = false;
    QtiVersion m_version = QtiVersion::V3_0;
    std::vector<Decl> m_decls;
    std::map<const XMLElement*, size_t> m_declElements;
    std::map<std::string, int> m_testIds;
    std::map<std::string, int> m_htmlIds;
    std::set<std::string> m_correctByTemplate;   // responses whose correct response template processing sets
    std::deque<InteractionInfo> m_interactions;  // a deque: Context holds pointers into it
};

// ---- packages --------------------------------------------------------------------------------------

struct PackageChecker {
    const Package& package;
    std::string prefix;  // how the package was named on the command line
    std::vector<Finding>& out;
    const PackageRules* rules = nullptr;
    std::map<std::string, CheckedDocument> docs;

    std::string display(const std::string& path) const { return prefix + "/" + path; }
    void add(const std::string& path, int line, Severity s, const std::string& msg) {
        out.push_back({display(path), line, s, msg});
    }

    int run() {
        std::vector<std::string> files;
        try {
            files = package.list();
        } catch (const Error& e) {
            out.push_back({prefix, 0, Severity::Error, e.what()});
            return 0;
        }
        std::optional<std::string> manifest;
        int documents = 0;
        for (const std::string& f : files) {
            if (!toLowerAscii(f).ends_with(".xml")) continue;
            std::string bytes;
            try {
                bytes = package.read(f);
            } catch (const Error& e) {
                int line = 0;
                std::string msg;
                splitMessage(e.what(), f, line, msg);
                add(f, line, Severity::Error, msg);
                continue;
            }
            ++documents;
            if (f == "imsmanifest.xml") {
                manifest = std::move(bytes);
                continue;
            }
            DocumentChecker checker(&package, f, display(f), out, false);
            docs.emplace(f, checker.run(bytes));
        }
        const bool hasTests = std::any_of(docs.begin(), docs.end(),
                                          [](const auto& d) { return d.second.kind == CheckedDocument::Kind::Test; });
        if (manifest)
            checkManifest(*manifest);
        else if (package.isZip())
            out.push_back({prefix, 0, Severity::Error, "no imsmanifest.xml at the root of the package"});
        else if (hasTests)
            out.push_back({prefix, 0, Severity::Warning, "no imsmanifest.xml: not a content package"});
        if (rules)
            for (Finding f : rules->check(package, docs)) {
                f.file = display(f.file);
                out.push_back(std::move(f));
            }
        return documents;
    }

    void checkManifest(const std::string& bytes) {
        const std::string path = "imsmanifest.xml";
        tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
        try {
            parseGuardedXml(doc, bytes, path);
        } catch (const Error& e) {
            int line = 0;
            std::string msg;
            splitMessage(e.what(), path, line, msg);
            add(path, line, Severity::Error, msg);
            return;
        }
        const XMLElement* root = doc.RootElement();
        if (!root || localOf(root->Name()) != "manifest") {
            add(path, root ? root->GetLineNum() : 1, Severity::Error, "the root of imsmanifest.xml is not <manifest>");
            return;
        }
        const XMLElement* resources = nullptr;
        for (const XMLElement* c = root->FirstChildElement(); c; c = c->NextSiblingElement())
            if (localOf(c->Name()) == "resources") resources = c;
        if (!resources) {
            add(path, root->GetLineNum(), Severity::Error, "the manifest has no <resources>");
            return;
        }
        std::map<std::string, int> ids;
        std::vector<std::pair<std::string, int>> dependencies;
        for (const XMLElement* r = resources->FirstChildElement(); r; r = r->NextSiblingElement()) {
            if (localOf(r->Name()) != "resource") continue;
            const int line = r->GetLineNum();
            const std::string id = r->Attribute("identifier") ? r->Attribute("identifier") : "";
            const std::string type = r->Attribute("type") ? r->Attribute("type") : "";
            if (id.empty())
                add(path, line, Severity::Error, "a resource needs an identifier");
            else if (auto [it, fresh] = ids.emplace(id, line); !fresh)
                add(path, line, Severity::Error,
                    "duplicate resource identifier '" + id + "' (first on line " + std::to_string(it->second) + ")");
            if (type.empty()) add(path, line, Severity::Error, "a resource needs a type");
            if (const char* href = r->Attribute("href")) checkListedFile(href, line, type);
            for (const XMLElement* c = r->FirstChildElement(); c; c = c->NextSiblingElement()) {
                const std::string_view n = localOf(c->Name());
                if (n == "file" && c->Attribute("href"))
                    checkListedFile(c->Attribute("href"), c->GetLineNum(), "");
                else if (n == "dependency")
                    dependencies.emplace_back(c->Attribute("identifierref") ? c->Attribute("identifierref") : "",
                                              c->GetLineNum());
            }
        }
        for (const auto& [ref, line] : dependencies)
            if (!ids.count(ref))
                add(path, line, Severity::Error, "dependency '" + ref + "' names no resource of the manifest");
    }

    void checkListedFile(const std::string& href, int line, const std::string& type) {
        const std::string path = "imsmanifest.xml";
        std::string key;
        try {
            key = Package::resolve(path, href);
        } catch (const Error& e) {
            add(path, line, Severity::Error, std::string(e.what()));
            return;
        }
        if (!package.exists(key)) {
            add(path, line, Severity::Error, "listed file " + href + " is missing");
            return;
        }
        if (!type.starts_with("imsqti_")) return;
        const auto it = docs.find(key);
        if (it == docs.end()) return;
        const CheckedDocument& d = it->second;
        using Kind = CheckedDocument::Kind;
        const bool item = type.starts_with("imsqti_item"), test = type.starts_with("imsqti_test");
        if (d.kind != Kind::Broken && ((item && d.kind != Kind::Item) || (test && d.kind != Kind::Test))) {
            add(path, line, Severity::Error,
                "resource of type " + type + " is " + href + ", which is not a QTI " + (item ? "item" : "test"));
            return;
        }
        const std::string want = d.version == QtiVersion::V3_0   ? "v3p0"
                                 : d.version == QtiVersion::V2_2 ? "v2p2"
                                                                 : "v2p1";
        if ((item || test) && d.kind != Kind::Broken && !type.ends_with(want))
            add(path, line, Severity::Warning,
                "resource type " + type + " does not match " + href + ", which is QTI " +
                    (want == "v3p0"   ? "3.0"
                     : want == "v2p2" ? "2.2"
                                      : "2.1"));
    }
};

void sortFindings(ValidationReport& report) {
    std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    // The same words for the same place, found by two checks, are said once.
    report.findings.erase(std::unique(report.findings.begin(), report.findings.end(),
                                      [](const Finding& a, const Finding& b) {
                                          return a.file == b.file && a.line == b.line && a.severity == b.severity &&
                                                 a.message == b.message;
                                      }),
                          report.findings.end());
}

}  // namespace

ValidationReport validatePath(const std::string& path, const PackageRules* rules) {
    ValidationReport report;
    std::error_code ec;
    const auto status = fs::status(path, ec);
    std::string prefix = path;
    while (prefix.size() > 1 && prefix.ends_with('/')) prefix.pop_back();
    try {
        if (fs::is_directory(status) || (fs::is_regular_file(status) && startsWithZipMagic(path))) {
            const Package package = Package::open(path);
            PackageChecker checker{package, prefix, report.findings, rules, {}};
            report.documents = checker.run();
        } else if (fs::is_regular_file(status)) {
            const fs::path p(path);
            const std::string folder = p.has_parent_path() ? p.parent_path().string() : ".";
            const Package package = Package::openFolder(folder);
            const std::string name = p.filename().string();
            if (name == "imsmanifest.xml") {
                PackageChecker checker{package, folder, report.findings, rules, {}};
                report.documents = checker.run();
            } else {
                std::string bytes;
                try {
                    bytes = package.read(name);
                } catch (const Error& e) {
                    int line = 0;
                    std::string msg;
                    splitMessage(e.what(), name, line, msg);
                    report.findings.push_back({path, line, Severity::Error, msg});
                    return report;
                }
                DocumentChecker checker(&package, name, path, report.findings, true);
                checker.run(bytes);
                report.documents = 1;
            }
        } else if (!fs::exists(status)) {
            report.findings.push_back({path, 0, Severity::Error, "no such file or folder"});
        } else {
            report.findings.push_back({path, 0, Severity::Error, "neither a file nor a folder"});
        }
    } catch (const Error& e) {
        // A package refused as a whole (a zip bomb, a climbing entry name): its own message says why.
        std::string msg = e.what();
        if (msg.starts_with(path + ": ")) msg = msg.substr(path.size() + 2);
        report.findings.push_back({path, 0, Severity::Error, msg});
    }
    sortFindings(report);
    return report;
}

ValidationReport validateDocument(std::string_view xml, const std::string& name) {
    ValidationReport report;
    DocumentChecker checker(nullptr, name, name, report.findings, true);
    checker.run(std::string(xml));
    report.documents = 1;
    sortFindings(report);
    return report;
}

}  // namespace dlk
