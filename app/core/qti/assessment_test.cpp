#include "qti/assessment_test.h"

#include <tinyxml2.h>

#include <algorithm>
#include <functional>
#include <random>

#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

using tinyxml2::XMLElement;

const std::string& SectionChild::identifier() const {
    return section ? section->identifier : item.identifier;
}
bool SectionChild::required() const {
    return section ? section->required : item.required;
}
bool SectionChild::fixed() const {
    return section ? section->fixed : item.fixed;
}

namespace {

struct TestReader {
    std::string source;
    QtiVersion version = QtiVersion::V3_0;

    [[noreturn]] void fail(const XMLElement* e, const std::string& msg) const {
        throw Error(ErrorKind::Invalid, source + ":" + std::to_string(e->GetLineNum()) + ": " + msg);
    }
    std::string attr(const XMLElement* e, const char* name, const std::string& fallback = "") const {
        const char* v = qtiAttribute(e, name);
        return v ? v : fallback;
    }
    std::string required(const XMLElement* e, const char* name) const {
        const char* v = qtiAttribute(e, name);
        if (!v) fail(e, "<" + std::string(e->Name()) + "> needs the attribute " + name);
        return v;
    }
    bool flag(const XMLElement* e, const char* name, bool fallback) const {
        const char* v = qtiAttribute(e, name);
        if (!v) return fallback;
        return std::string_view(v) == "true" || std::string_view(v) == "1";
    }
    TimeLimit limit(const XMLElement* e) const {
        TimeLimit t;
        for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement())
            if (qtiLocalName(c) == "timeLimits") {
                double d;
                if (const char* v = qtiAttribute(c, "minTime"); v && parseDouble(v, d)) t.minTime = d;
                if (const char* v = qtiAttribute(c, "maxTime"); v && parseDouble(v, d)) t.maxTime = d;
            }
        return t;
    }
    // preCondition and branchRule elements of e, as trees.
    void conditions(const XMLElement* e, std::vector<BodyNode>& pre, std::vector<BodyNode>& branch) const {
        for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
            const std::string n = qtiLocalName(c);
            if (n == "preCondition")
                pre.push_back(readElementTree(c, version));
            else if (n == "branchRule") {
                if (!qtiAttribute(c, "target")) fail(c, "a branch rule needs a target");
                branch.push_back(readElementTree(c, version));
            }
        }
    }

    ItemRefSpec itemRef(const XMLElement* e) const {
        ItemRefSpec r;
        r.line = e->GetLineNum();
        r.identifier = required(e, "identifier");
        r.href = required(e, "href");
        r.categories = splitWhitespace(attr(e, "category"));
        r.required = flag(e, "required", false);
        r.fixed = flag(e, "fixed", false);
        r.timeLimit = limit(e);
        conditions(e, r.preConditions, r.branchRules);
        for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement())
            if (qtiLocalName(c) == "weight") {
                double w;
                const std::string v = required(c, "value");
                if (!parseDouble(v, w)) fail(c, "weight '" + v + "' is not a number");
                r.weights[required(c, "identifier")] = w;
            }
        return r;
    }

    SectionSpec section(const XMLElement* e, int depth) const {
        if (depth > 50) fail(e, "sections nested more than 50 deep");
        SectionSpec s;
        s.identifier = required(e, "identifier");
        s.title = attr(e, "title", s.identifier);
        s.visible = flag(e, "visible", true);
        s.keepTogether = flag(e, "keepTogether", true);
        s.required = flag(e, "required", false);
        s.fixed = flag(e, "fixed", false);
        s.timeLimit = limit(e);
        conditions(e, s.preConditions, s.branchRules);
        for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
            const std::string n = qtiLocalName(c);
            if (n == "selection") {
                int64_t k;
                const std::string v = required(c, "select");
                if (!parseInt64(v, k) || k < 0) fail(c, "select='" + v + "' is not a count");
                if (k > 1000) fail(c, "select='" + v + "' is more than a kiosk delivers (at most 1000)");
                s.select = static_cast<int>(k);
                s.withReplacement = flag(c, "withReplacement", false);
            } else if (n == "ordering") {
                s.shuffle = flag(c, "shuffle", false);
            } else if (n == "assessmentSection") {
                SectionChild child;
                child.section = std::make_shared<SectionSpec>(section(c, depth + 1));
                s.children.push_back(std::move(child));
            } else if (n == "assessmentItemRef") {
                SectionChild child;
                child.item = itemRef(c);
                s.children.push_back(std::move(child));
            } else if (n == "assessmentSectionRef") {
                fail(c, "assessmentSectionRef is not supported; put the section in the test file");
            }
        }
        return s;
    }
};

void checkUniqueIdentifiers(const AssessmentTest& t) {
    std::vector<std::string> ids;
    std::function<void(const SectionSpec&)> walk = [&](const SectionSpec& s) {
        ids.push_back(s.identifier);
        for (const auto& c : s.children) {
            if (c.isSection())
                walk(*c.section);
            else
                ids.push_back(c.item.identifier);
        }
    };
    for (const auto& p : t.parts) {
        ids.push_back(p.identifier);
        for (const auto& s : p.sections) walk(s);
    }
    std::sort(ids.begin(), ids.end());
    if (auto d = std::adjacent_find(ids.begin(), ids.end()); d != ids.end())
        throw Error(ErrorKind::Invalid, t.sourcePath + ": identifier '" + *d + "' is used twice in the test");
}

}  // namespace

AssessmentTest parseAssessmentTest(std::string_view xml, const std::string& sourceName) {
    tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
    parseGuardedXml(doc, xml, sourceName);
    const XMLElement* root = doc.RootElement();
    if (!root) throw Error(ErrorKind::Parse, sourceName + ":1: no root element");
    TestReader reader{sourceName};
    reader.version = detectQtiVersion(root, sourceName, "assessmentTest");
    AssessmentTest t;
    t.sourcePath = sourceName;
    t.line = root->GetLineNum();
    t.identifier = reader.required(root, "identifier");
    t.title = reader.attr(root, "title", t.identifier);
    t.timeLimit = reader.limit(root);
    for (auto* c = root->FirstChildElement(); c; c = c->NextSiblingElement()) {
        const std::string n = qtiLocalName(c);
        if (n == "outcomeDeclaration") {
            t.outcomes.push_back(readOutcomeDeclarationElement(c, sourceName, reader.version));
        } else if (n == "outcomeProcessing") {
            t.outcomeProcessing = readElementTree(c, reader.version);
        } else if (n == "testPart") {
            TestPartSpec p;
            p.identifier = reader.required(c, "identifier");
            p.navigationMode = reader.attr(c, "navigationMode", "linear");
            p.submissionMode = reader.attr(c, "submissionMode", "individual");
            if (p.navigationMode != "linear" && p.navigationMode != "nonlinear")
                reader.fail(c, "navigationMode '" + p.navigationMode + "' is neither linear nor nonlinear");
            if (p.submissionMode != "individual" && p.submissionMode != "simultaneous")
                reader.fail(c, "submissionMode '" + p.submissionMode + "' is neither individual nor simultaneous");
            p.timeLimit = reader.limit(c);
            reader.conditions(c, p.preConditions, p.branchRules);
            for (auto* s = c->FirstChildElement(); s; s = s->NextSiblingElement())
                if (qtiLocalName(s) == "assessmentSection") p.sections.push_back(reader.section(s, 0));
            if (p.sections.empty()) reader.fail(c, "a test part needs at least one section");
            t.parts.push_back(std::move(p));
        }
    }
    if (t.parts.empty()) reader.fail(root, "a test needs at least one test part");
    checkUniqueIdentifiers(t);
    return t;
}

AssessmentTest loadAssessmentTestFile(const std::string& path) {
    return parseAssessmentTest(readTextFile(path), path);
}

// ---- routes -----------------------------------------------------------------------------------

namespace {

struct Planner {
    std::mt19937_64 rng;
    bool documentOrder = false;

    // Selection then ordering, as the specification orders them; invisible sections that need
    // not keep together are dissolved into their parent before shuffling.
    std::vector<const SectionChild*> arrange(const SectionSpec& s) {
        std::vector<const SectionChild*> chosen;
        const auto& kids = s.children;
        if (documentOrder) {
            for (const auto& c : kids) chosen.push_back(&c);
            return chosen;
        }
        if (s.select > 0 && static_cast<size_t>(s.select) != kids.size()) {
            std::vector<const SectionChild*> requiredOnes, optional;
            for (const auto& c : kids) (c.required() ? requiredOnes : optional).push_back(&c);
            chosen = requiredOnes;
            if (s.withReplacement) {
                while (chosen.size() < static_cast<size_t>(s.select) && !kids.empty())
                    chosen.push_back(&kids[std::uniform_int_distribution<size_t>(0, kids.size() - 1)(rng)]);
            } else {
                std::shuffle(optional.begin(), optional.end(), rng);
                for (const SectionChild* c : optional)
                    if (chosen.size() < static_cast<size_t>(s.select)) chosen.push_back(c);
            }
            // Keep document order among the chosen before any shuffle.
            std::stable_sort(chosen.begin(), chosen.end(), [&](const SectionChild* a, const SectionChild* b) {
                return a - kids.data() < b - kids.data();
            });
        } else {
            for (const auto& c : kids) chosen.push_back(&c);
        }
        if (s.shuffle) {
            std::vector<size_t> movable;
            for (size_t i = 0; i < chosen.size(); ++i)
                if (!chosen[i]->fixed()) movable.push_back(i);
            std::vector<const SectionChild*> moved;
            for (size_t i : movable) moved.push_back(chosen[i]);
            std::shuffle(moved.begin(), moved.end(), rng);
            for (size_t k = 0; k < movable.size(); ++k) chosen[movable[k]] = moved[k];
        }
        return chosen;
    }

    void walk(const SectionSpec& s, const TestPartSpec& part, std::vector<const SectionSpec*> path,
              std::vector<RouteItem>& out) {
        path.push_back(&s);
        for (const SectionChild* c : arrange(s)) {
            if (c->isSection())
                walk(*c->section, part, path, out);
            else
                out.push_back({&c->item, &part, path});
        }
    }
};

bool conditionHolds(const BodyNode& rule, VariableMap& variables) {
    for (const auto& c : rule.children)
        if (!c.isText) {
            ProcessingContext ctx{variables, nullptr, nullptr, nullptr, nullptr, nullptr};
            const Value v = evaluateExpression(c, ctx);
            return !v.isNull() && (v.items[0] == "true" || v.items[0] == "1");
        }
    return false;
}

bool preconditionsHold(const std::vector<BodyNode>& pre, VariableMap& variables) {
    return std::all_of(pre.begin(), pre.end(), [&](const BodyNode& p) { return conditionHolds(p, variables); });
}

}  // namespace

std::vector<RouteItem> planRoute(const AssessmentTest& test, uint64_t seed) {
    Planner planner{std::mt19937_64(seed)};
    std::vector<RouteItem> route;
    for (const auto& part : test.parts)
        for (const auto& s : part.sections) planner.walk(s, part, {}, route);
    return route;
}

std::vector<RouteItem> allItemRefs(const AssessmentTest& test) {
    Planner planner{std::mt19937_64(0), true};
    std::vector<RouteItem> route;
    for (const auto& part : test.parts)
        for (const auto& s : part.sections) planner.walk(s, part, {}, route);
    return route;
}

size_t nextRoutePosition(const std::vector<RouteItem>& route, size_t current, VariableMap& variables) {
    if (current >= route.size()) return route.size();
    const RouteItem& here = route[current];
    size_t next = current + 1;
    // Branch rules apply in linear parts only; the first whose condition holds is followed.
    if (here.part->navigationMode == "linear") {
        auto follow = [&](const std::vector<BodyNode>& rules) -> bool {
            for (const auto& rule : rules) {
                if (!conditionHolds(rule, variables)) continue;
                const std::string target = rule.attributeOr("target", "");
                if (target == "EXIT_TEST") {
                    next = route.size();
                    return true;
                }
                if (target == "EXIT_TESTPART") {
                    next = current + 1;
                    while (next < route.size() && route[next].part == here.part) ++next;
                    return true;
                }
                if (target == "EXIT_SECTION") {
                    const SectionSpec* s = here.sections.empty() ? nullptr : here.sections.back();
                    next = current + 1;
                    while (next < route.size() && std::find(route[next].sections.begin(), route[next].sections.end(),
                                                            s) != route[next].sections.end())
                        ++next;
                    return true;
                }
                for (size_t i = current + 1; i < route.size(); ++i) {
                    const bool hit = route[i].ref->identifier == target || route[i].part->identifier == target ||
                                     std::any_of(route[i].sections.begin(), route[i].sections.end(),
                                                 [&](const SectionSpec* s) { return s->identifier == target; });
                    if (hit) {
                        next = i;
                        return true;
                    }
                }
                // Branches only go forward; a target not ahead is an authoring error we do not follow.
            }
            return false;
        };
        bool branched = follow(here.ref->branchRules);
        // A section's branch rules apply when its last item on the route is done.
        for (auto s = here.sections.rbegin(); !branched && s != here.sections.rend(); ++s) {
            const bool lastOfSection = current + 1 >= route.size() ||
                                       std::find(route[current + 1].sections.begin(), route[current + 1].sections.end(),
                                                 *s) == route[current + 1].sections.end();
            if (lastOfSection) branched = follow((*s)->branchRules);
        }
    }
    // Skip items (and sections, parts) whose preconditions do not hold.
    while (next < route.size()) {
        const RouteItem& r = route[next];
        bool ok =
            preconditionsHold(r.ref->preConditions, variables) && preconditionsHold(r.part->preConditions, variables);
        for (const SectionSpec* s : r.sections) ok = ok && preconditionsHold(s->preConditions, variables);
        if (ok) break;
        ++next;
    }
    return next;
}

VariableMap processTestOutcomes(const AssessmentTest& test, const std::vector<TestItemState>& items) {
    VariableMap vars;
    for (const auto& o : test.outcomes)
        vars[o.identifier] =
            o.defaultValue ? *o.defaultValue
            : (o.baseType == BaseType::Float || o.baseType == BaseType::Integer) && o.cardinality == Cardinality::Single
                ? Value::single(o.baseType, "0")
                : Value::null(o.cardinality, o.baseType);
    for (const auto& it : items)
        for (const auto& [k, v] : it.variables) vars[it.identifier + "." + k] = v;
    if (!test.outcomeProcessing.name.empty()) {
        ProcessingContext ctx{vars, nullptr, nullptr, nullptr, &items, &test.outcomes};
        try {
            runRules(test.outcomeProcessing, ctx);
        } catch (const Error& e) {
            throw Error(ErrorKind::Invalid, withSource(test.sourcePath, e.what()));
        }
    }
    VariableMap out;
    for (const auto& o : test.outcomes) out[o.identifier] = vars[o.identifier];
    return out;
}

}  // namespace dlk
