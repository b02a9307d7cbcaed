#include "qti/response_processing.h"

#include <algorithm>
#include <cmath>

#include "qti/processing.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

// Rule errors read "line N: ..."; as "file:N: ..." they point where an author looks.
std::string withSource(const std::string& file, const std::string& message) {
    if (message.starts_with("line ")) {
        const auto colon = message.find(':');
        if (colon != std::string::npos)
            return file + ":" + message.substr(5, colon - 5) + ":" + message.substr(colon + 1);
    }
    return file + ": " + message;
}

namespace {

bool keyMatches(const ResponseDeclaration& decl, const MapEntry& entry, const std::string& value) {
    // caseSensitive="false" changes how letters compare, nothing else (spaces count).
    if (decl.baseType == BaseType::String && !entry.caseSensitive)
        return toLowerLatin(entry.key) == toLowerLatin(value);
    if (decl.baseType == BaseType::String) return entry.key == value;
    return baseValuesEqual(decl.baseType, entry.key, value);
}

double clamp(double v, const std::optional<double>& lo, const std::optional<double>& hi) {
    if (lo) v = std::max(v, *lo);
    if (hi) v = std::min(v, *hi);
    return v;
}

}  // namespace

double mapResponse(const ResponseDeclaration& decl, const Value& v) {
    if (!decl.mapping) return 0;
    if (v.isNull()) return 0;
    const Mapping& m = *decl.mapping;
    // A repeated value counts once: collect the distinct values first.
    std::vector<std::string> distinct;
    for (const auto& x : v.items) {
        const bool seen = std::any_of(distinct.begin(), distinct.end(),
                                      [&](const std::string& d) { return baseValuesEqual(decl.baseType, d, x); });
        if (!seen) distinct.push_back(x);
    }
    double sum = 0;
    for (const auto& x : distinct) {
        const auto it =
            std::find_if(m.entries.begin(), m.entries.end(), [&](const MapEntry& e) { return keyMatches(decl, e, x); });
        sum += it == m.entries.end() ? m.defaultValue : it->value;
    }
    return clamp(sum, m.lowerBound, m.upperBound);
}

double mapResponsePoint(const ResponseDeclaration& decl, const Value& v) {
    if (!decl.areaMapping || v.isNull()) return 0;
    const AreaMapping& m = *decl.areaMapping;
    std::vector<bool> used(m.entries.size(), false);
    double sum = 0;
    for (const auto& p : v.items) {
        const auto xy = splitWhitespace(p);
        double x, y;
        if (xy.size() != 2 || !parseDouble(xy[0], x) || !parseDouble(xy[1], y)) continue;
        bool hit = false;
        for (size_t i = 0; i < m.entries.size() && !hit; ++i) {
            if (areaContains(m.entries[i].area, x, y)) {
                hit = true;
                if (!used[i]) {
                    used[i] = true;
                    sum += m.entries[i].value;
                }
            }
        }
        if (!hit) sum += m.defaultValue;
    }
    return clamp(sum, m.lowerBound, m.upperBound);
}

VariableMap processResponses(const Item& item, const VariableMap& responses, const VariableMap& external) {
    VariableMap out;
    VariableMap given;  // the external scores this item takes, kept whatever the rules do
    for (const auto& o : item.outcomes) {
        if (o.defaultValue)
            out[o.identifier] = *o.defaultValue;
        else if (o.identifier == "SCORE" && (o.baseType == BaseType::Float || o.baseType == BaseType::Integer))
            out[o.identifier] = Value::single(o.baseType, "0");
        else
            out[o.identifier] = Value::null(o.cardinality, o.baseType);
        if (o.externalScored == ExternalScoring::None) continue;
        if (auto it = external.find(o.identifier); it != external.end())
            given[o.identifier] = out[o.identifier] = it->second;
    }
    auto setScore = [&](double score) {
        const auto* decl = item.findOutcome("SCORE");
        const BaseType bt = decl ? decl->baseType : BaseType::Float;
        out["SCORE"] =
            Value::single(bt, bt == BaseType::Integer ? std::to_string(std::llround(score)) : formatDouble(score));
    };
    auto response = [&](const ResponseDeclaration& decl) {
        auto it = responses.find(decl.identifier);
        return it == responses.end() ? Value::null(decl.cardinality, decl.baseType) : it->second;
    };

    switch (item.processing.kind) {
        case ResponseTemplate::None:
            break;
        case ResponseTemplate::MatchCorrect: {
            const auto& decl = *item.findResponse("RESPONSE");
            const Value r = response(decl);
            const bool ok = decl.correctResponse && !r.isNull() && valuesMatch(r, *decl.correctResponse);
            setScore(ok ? 1 : 0);
            break;
        }
        case ResponseTemplate::MapResponse: {
            const auto& decl = *item.findResponse("RESPONSE");
            setScore(mapResponse(decl, response(decl)));
            break;
        }
        case ResponseTemplate::MapResponsePoint: {
            const auto& decl = *item.findResponse("RESPONSE");
            setScore(mapResponsePoint(decl, response(decl)));
            break;
        }
        case ResponseTemplate::Custom: {
            VariableMap vars = out;
            for (const auto& r : item.responses) vars[r.identifier] = response(r);
            for (const auto& [id, v] : item.templateValues) vars[id] = v;
            // A built-in outcome: rules may read it before they set it (QTI: "unknown" once the
            // attempt has begun).
            if (!vars.count("completionStatus"))
                vars["completionStatus"] = Value::single(BaseType::Identifier, "unknown");
            ProcessingContext ctx{vars, &item, nullptr, nullptr, nullptr, nullptr};
            try {
                runRules(item.processing.rules, ctx);
            } catch (const Error& e) {
                throw Error(ErrorKind::Invalid, withSource(item.sourcePath, e.what()));
            }
            for (auto& [id, v] : out) v = vars[id];
            break;
        }
    }
    for (const auto& [id, v] : given) out[id] = v;
    return out;
}

double scoreOf(const Item& item, const VariableMap& responses, const VariableMap& external) {
    const VariableMap out = processResponses(item, responses, external);
    auto it = out.find("SCORE");
    if (it == out.end() || it->second.isNull()) return 0;
    double v;
    return parseDouble(it->second.items[0], v) ? v : 0;
}

bool awaitsTeacher(const Item& item, const VariableMap& external) {
    for (const OutcomeDeclaration* o : item.humanScoredOutcomes()) {
        const auto it = external.find(o->identifier);
        if (it == external.end() || it->second.isNull()) return true;
    }
    return false;
}

namespace {
void collectJudged(const BodyNode& node, std::vector<std::string>& out) {
    if (node.isText) return;
    if (node.name == "rubricBlock" && node.attributeOr("view", "").find("scorer") != std::string::npos) {
        for (const std::string& id : splitWhitespace(node.attributeOr("data-judges", ""))) out.push_back(id);
        return;
    }
    for (const BodyNode& c : node.children) collectJudged(c, out);
}
}  // namespace

std::vector<std::string> judgedResponses(const Item& item) {
    std::vector<std::string> out;
    collectJudged(item.body, out);
    if (out.empty())
        for (const ResponseDeclaration& r : item.responses) out.push_back(r.identifier);
    return out;
}

bool hasWorkForPerson(const Item& item, const VariableMap& responses) {
    for (const std::string& id : judgedResponses(item)) {
        const auto it = responses.find(id);
        if (it != responses.end() && !it->second.isNull()) return true;
    }
    return false;
}

double teacherMaxScore(const Item& item) {
    const double max = item.maxScore();
    double sum = 0;
    for (const OutcomeDeclaration* o : item.humanScoredOutcomes()) {
        if (o->identifier == "SCORE") return max;
        if (o->identifier != "MAXSCORE") sum += o->normalMaximum.value_or(0);
    }
    return std::min(sum, max);
}

}  // namespace dlk
