#pragma once
// Deep comparison of item models, tests and banks for the package and writer tests: each
// function returns the first difference in words, or "" when the two are the same (not a test
// file itself: the build globs only *.cpp).
#include <string>

#include "bank/item_bank.h"
#include "qti/assessment_test.h"
#include "qti/item.h"

namespace dlk::test {

struct CompareOptions {
    bool lines = true;        // line numbers must agree (not after a conversion, which reflows)
    bool versions = true;     // QTI versions must agree (not after a conversion, by design)
    bool templateUri = true;  // template URIs as written (a conversion writes the 3.0 URI)
};

inline std::string treeDiff(const BodyNode& a, const BodyNode& b, const CompareOptions& o, const std::string& at = "") {
    const std::string here = at + "/" + (a.isText ? "#text" : a.name);
    if (a.isText != b.isText) return here + ": text vs element";
    if (a.text != b.text) return here + ": text '" + a.text + "' vs '" + b.text + "'";
    if (a.name != b.name) return here + ": name " + a.name + " vs " + b.name;
    if (a.attributes != b.attributes) {
        std::string s;
        for (const auto& [k, v] : a.attributes) s += " " + k + "=" + v;
        s += " vs";
        for (const auto& [k, v] : b.attributes) s += " " + k + "=" + v;
        return here + ": attributes" + s;
    }
    if (o.lines && a.line != b.line) return here + ": line " + std::to_string(a.line) + " vs " + std::to_string(b.line);
    if (a.children.size() != b.children.size())
        return here + ": " + std::to_string(a.children.size()) + " vs " + std::to_string(b.children.size()) +
               " children";
    for (size_t i = 0; i < a.children.size(); ++i)
        if (auto d = treeDiff(a.children[i], b.children[i], o, here); !d.empty()) return d;
    return {};
}

inline std::string outcomesDiff(const std::vector<OutcomeDeclaration>& a, const std::vector<OutcomeDeclaration>& b,
                                const CompareOptions& o) {
    if (a.size() != b.size()) return "number of outcome/template declarations";
    for (size_t i = 0; i < a.size(); ++i) {
        const auto& x = a[i];
        const auto& y = b[i];
        if (x.identifier != y.identifier || x.cardinality != y.cardinality || x.baseType != y.baseType ||
            x.defaultValue != y.defaultValue || x.normalMinimum != y.normalMinimum ||
            x.normalMaximum != y.normalMaximum || x.matchTable != y.matchTable ||
            x.matchTableDefault != y.matchTableDefault || x.interpolationTable.size() != y.interpolationTable.size() ||
            x.interpolationDefault != y.interpolationDefault || (o.lines && x.line != y.line))
            return "declaration " + x.identifier;
    }
    return {};
}

inline std::string itemDiff(const Item& a, const Item& b, const CompareOptions& o) {
    if (a.identifier != b.identifier || a.title != b.title || a.language != b.language)
        return "identifier/title/language";
    if (a.sourcePath != b.sourcePath) return "sourcePath " + a.sourcePath + " vs " + b.sourcePath;
    if (o.versions && a.version != b.version) return "version";
    if (a.responses.size() != b.responses.size()) return "number of response declarations";
    for (size_t i = 0; i < a.responses.size(); ++i) {
        const auto& x = a.responses[i];
        const auto& y = b.responses[i];
        if (x.identifier != y.identifier || x.cardinality != y.cardinality || x.baseType != y.baseType ||
            x.correctResponse != y.correctResponse || (o.lines && x.line != y.line))
            return "response declaration " + x.identifier;
        if (x.mapping.has_value() != y.mapping.has_value()) return "mapping of " + x.identifier;
        if (x.mapping) {
            const auto& m = *x.mapping;
            const auto& n = *y.mapping;
            if (m.defaultValue != n.defaultValue || m.lowerBound != n.lowerBound || m.upperBound != n.upperBound ||
                m.entries.size() != n.entries.size())
                return "mapping of " + x.identifier;
            for (size_t k = 0; k < m.entries.size(); ++k)
                if (m.entries[k].key != n.entries[k].key || m.entries[k].value != n.entries[k].value ||
                    m.entries[k].caseSensitive != n.entries[k].caseSensitive)
                    return "map entry " + m.entries[k].key + " of " + x.identifier;
        }
        if (x.areaMapping.has_value() != y.areaMapping.has_value()) return "area mapping of " + x.identifier;
        if (x.areaMapping) {
            const auto& m = *x.areaMapping;
            const auto& n = *y.areaMapping;
            if (m.defaultValue != n.defaultValue || m.entries.size() != n.entries.size()) return "area mapping";
            for (size_t k = 0; k < m.entries.size(); ++k)
                if (m.entries[k].area != n.entries[k].area || m.entries[k].value != n.entries[k].value)
                    return "area map entry";
        }
    }
    if (auto d = outcomesDiff(a.outcomes, b.outcomes, o); !d.empty()) return "outcomes: " + d;
    if (auto d = outcomesDiff(a.templates, b.templates, o); !d.empty()) return "templates: " + d;
    if (auto d = treeDiff(a.body, b.body, o); !d.empty()) return "body " + d;
    if (a.processing.kind != b.processing.kind) return "response processing kind";
    if (o.templateUri && a.processing.templateUri != b.processing.templateUri) return "template URI";
    if (auto d = treeDiff(a.processing.rules, b.processing.rules, o); !d.empty()) return "response processing " + d;
    if (auto d = treeDiff(a.templateProcessing, b.templateProcessing, o); !d.empty()) return "template processing " + d;
    if (a.modalFeedback.size() != b.modalFeedback.size()) return "number of modal feedbacks";
    for (size_t i = 0; i < a.modalFeedback.size(); ++i)
        if (auto d = treeDiff(a.modalFeedback[i], b.modalFeedback[i], o); !d.empty()) return "modal feedback " + d;
    if (a.stimulusRefs.size() != b.stimulusRefs.size()) return "stimulus refs";
    for (size_t i = 0; i < a.stimulusRefs.size(); ++i)
        if (a.stimulusRefs[i].identifier != b.stimulusRefs[i].identifier ||
            a.stimulusRefs[i].href != b.stimulusRefs[i].href)
            return "stimulus ref";
    return {};
}

inline std::string sectionDiff(const SectionSpec& a, const SectionSpec& b, const CompareOptions& o) {
    if (a.identifier != b.identifier || a.title != b.title || a.visible != b.visible || a.required != b.required ||
        a.fixed != b.fixed || a.select != b.select || a.shuffle != b.shuffle ||
        a.timeLimit.maxTime != b.timeLimit.maxTime || a.children.size() != b.children.size())
        return "section " + a.identifier;
    for (size_t i = 0; i < a.children.size(); ++i) {
        const auto& x = a.children[i];
        const auto& y = b.children[i];
        if (x.isSection() != y.isSection()) return "section child kind";
        if (x.isSection()) {
            if (auto d = sectionDiff(*x.section, *y.section, o); !d.empty()) return d;
            continue;
        }
        if (x.item.identifier != y.item.identifier || x.item.href != y.item.href ||
            x.item.categories != y.item.categories || x.item.weights != y.item.weights ||
            x.item.required != y.item.required || (o.lines && x.item.line != y.item.line))
            return "item ref " + x.item.identifier;
        if (x.item.branchRules.size() != y.item.branchRules.size() ||
            x.item.preConditions.size() != y.item.preConditions.size())
            return "item ref conditions " + x.item.identifier;
        for (size_t k = 0; k < x.item.branchRules.size(); ++k)
            if (auto d = treeDiff(x.item.branchRules[k], y.item.branchRules[k], o); !d.empty())
                return "branch rule " + d;
    }
    return {};
}

inline std::string testDiff(const AssessmentTest& a, const AssessmentTest& b, const CompareOptions& o) {
    if (a.identifier != b.identifier || a.title != b.title || a.sourcePath != b.sourcePath) return "test identity";
    if (a.timeLimit.maxTime != b.timeLimit.maxTime || a.parts.size() != b.parts.size()) return "test limits or parts";
    for (size_t i = 0; i < a.parts.size(); ++i) {
        const auto& p = a.parts[i];
        const auto& q = b.parts[i];
        if (p.identifier != q.identifier || p.navigationMode != q.navigationMode ||
            p.submissionMode != q.submissionMode || p.timeLimit.maxTime != q.timeLimit.maxTime ||
            p.sections.size() != q.sections.size())
            return "test part " + p.identifier;
        for (size_t k = 0; k < p.sections.size(); ++k)
            if (auto d = sectionDiff(p.sections[k], q.sections[k], o); !d.empty()) return d;
    }
    if (auto d = outcomesDiff(a.outcomes, b.outcomes, o); !d.empty()) return "test outcomes: " + d;
    if (auto d = treeDiff(a.outcomeProcessing, b.outcomeProcessing, o); !d.empty()) return "outcome processing " + d;
    return {};
}

inline std::string bankDiff(const ItemBank& a, const ItemBank& b, const CompareOptions& o = {}) {
    if (a.modules().size() != b.modules().size()) return "number of modules";
    for (size_t i = 0; i < a.modules().size(); ++i) {
        const Module& m = a.modules()[i];
        const Module& n = b.modules()[i];
        const std::string at = "module " + m.identifier + ": ";
        if (m.identifier != n.identifier || m.navigationMode != n.navigationMode ||
            m.maxTimeSeconds != n.maxTimeSeconds)
            return at + "identity";
        if (m.refs.size() != n.refs.size()) return at + "number of refs";
        for (size_t k = 0; k < m.refs.size(); ++k)
            if (m.refs[k].identifier != n.refs[k].identifier || m.refs[k].domain != n.refs[k].domain ||
                m.refs[k].kerndoelen != n.refs[k].kerndoelen || m.refs[k].categories != n.refs[k].categories)
                return at + "ref " + m.refs[k].identifier;
        if (auto d = testDiff(*m.test, *n.test, o); !d.empty()) return at + d;
        if (m.variants.size() != n.variants.size()) return at + "number of variants";
        for (const auto& [lang, v] : m.variants) {
            if (!n.variants.count(lang)) return at + "no variant " + lang;
            const ModuleVariant& w = n.variants.at(lang);
            if (v.title != w.title || v.testPath != w.testPath || v.items.size() != w.items.size())
                return at + lang + " variant identity";
            for (size_t k = 0; k < v.items.size(); ++k)
                if (auto d = itemDiff(*v.items[k], *w.items[k], o); !d.empty())
                    return at + lang + " item " + v.items[k]->identifier + ": " + d;
        }
    }
    return {};
}

}  // namespace dlk::test
