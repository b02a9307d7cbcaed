#include "qti/item.h"

#include <algorithm>
#include <functional>

#include "util/text.h"

namespace dlk {

std::string BodyNode::plainText() const {
    std::string raw;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (n.isText) {
            raw += n.text;
            return;
        }
        for (const auto& c : n.children) walk(c);
        raw += ' ';
    };
    walk(*this);
    std::string out;
    for (const auto& w : splitWhitespace(raw)) {
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}

const ResponseDeclaration* Item::findResponse(const std::string& id) const {
    for (const auto& r : responses)
        if (r.identifier == id) return &r;
    return nullptr;
}

const OutcomeDeclaration* Item::findOutcome(const std::string& id) const {
    for (const auto& o : outcomes)
        if (o.identifier == id) return &o;
    return nullptr;
}

const OutcomeDeclaration* Item::findTemplate(const std::string& id) const {
    for (const auto& o : templates)
        if (o.identifier == id) return &o;
    return nullptr;
}

std::vector<const BodyNode*> Item::interactions() const {
    std::vector<const BodyNode*> out;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (n.isInteraction()) out.push_back(&n);
        for (const auto& c : n.children) walk(c);
    };
    walk(body);
    return out;
}

double Item::maxScore() const {
    if (const auto* m = findOutcome("MAXSCORE"); m && m->defaultValue && !m->defaultValue->isNull()) {
        double v;
        if (parseDouble(m->defaultValue->items[0], v)) return v;
    }
    const ResponseDeclaration* r = findResponse("RESPONSE");
    switch (processing.kind) {
        case ResponseTemplate::MatchCorrect: return 1;
        case ResponseTemplate::MapResponse:
            if (r && r->mapping) {
                double sum = 0;
                for (const auto& e : r->mapping->entries) sum += std::max(0.0, e.value);
                if (r->cardinality == Cardinality::Single) {
                    sum = 0;
                    for (const auto& e : r->mapping->entries) sum = std::max(sum, e.value);
                }
                if (r->mapping->upperBound) sum = std::min(sum, *r->mapping->upperBound);
                return sum;
            }
            return 0;
        case ResponseTemplate::MapResponsePoint:
            if (r && r->areaMapping) {
                double sum = 0;
                for (const auto& e : r->areaMapping->entries) sum += std::max(0.0, e.value);
                if (r->areaMapping->upperBound) sum = std::min(sum, *r->areaMapping->upperBound);
                return sum;
            }
            return 0;
        default: return 0;
    }
}

}  // namespace dlk
