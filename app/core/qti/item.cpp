#include "qti/item.h"

#include <algorithm>
#include <functional>

#include "qti/interactions.h"
#include "util/text.h"

namespace dlk {

bool isPhrasingElement(std::string_view name) {
    static constexpr std::string_view kPhrasing[] = {"a",    "abbr",   "b",   "bdi", "bdo", "cite", "code",
                                                     "dfn",  "em",     "i",   "kbd", "q",   "samp", "small",
                                                     "span", "strong", "sub", "sup", "var"};
    return std::find(std::begin(kPhrasing), std::end(kPhrasing), name) != std::end(kPhrasing);
}

std::string BodyNode::plainText() const {
    std::string raw;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (n.isText) {
            raw += n.text;
            return;
        }
        for (const auto& c : n.children) walk(c);
        if (!isPhrasingElement(n.name)) raw += ' ';
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

std::vector<const OutcomeDeclaration*> Item::humanScoredOutcomes() const {
    std::vector<const OutcomeDeclaration*> out;
    for (const auto& o : outcomes)
        if (o.externalScored == ExternalScoring::Human) out.push_back(&o);
    return out;
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

namespace {

// The most a mapping can give: one value for a single response; for a container the positive
// values, each once (a repeated answer counts once), at most `most` of them when the interaction
// limits how many answers the pupil gives (maxChoices / maxAssociations); then the upper bound.
double bestMapped(std::vector<double> values, double defaultValue, bool single, int most,
                  const std::optional<double>& upperBound) {
    double best = 0;
    if (single) {
        best = std::max(0.0, defaultValue);
        for (double v : values) best = std::max(best, v);
    } else {
        std::sort(values.begin(), values.end(), std::greater<>());
        for (size_t i = 0; i < values.size() && values[i] > 0 && (most <= 0 || static_cast<int>(i) < most); ++i)
            best += values[i];
    }
    return upperBound ? std::min(best, *upperBound) : best;
}

template <class Entry>
std::vector<double> mappedValues(const std::vector<Entry>& entries) {
    std::vector<double> values;
    for (const auto& e : entries) values.push_back(e.value);
    return values;
}

// maxChoices or maxAssociations of the interaction that answers `responseId`; 0 when unlimited.
int answersAllowed(const Item& item, const std::string& responseId) {
    const BodyNode* in = interactionFor(item, responseId);
    for (const char* attr : {"maxChoices", "maxAssociations"}) {
        double v = 0;
        if (const std::string* a = in ? in->attribute(attr) : nullptr; a && parseDouble(trim(*a), v) && v > 0)
            return static_cast<int>(v);
    }
    return 0;
}

}  // namespace

double Item::maxScore() const {
    if (const auto* m = findOutcome("MAXSCORE"); m && m->defaultValue && !m->defaultValue->isNull()) {
        double v;
        if (parseDouble(m->defaultValue->items[0], v)) return v;
    }
    const ResponseDeclaration* r = findResponse("RESPONSE");
    const bool single = r && r->cardinality == Cardinality::Single;
    switch (processing.kind) {
        case ResponseTemplate::MatchCorrect:
            return 1;
        case ResponseTemplate::MapResponse:
            if (!r || !r->mapping) return 0;
            return bestMapped(mappedValues(r->mapping->entries), r->mapping->defaultValue, single,
                              answersAllowed(*this, r->identifier), r->mapping->upperBound);
        case ResponseTemplate::MapResponsePoint:
            if (!r || !r->areaMapping) return 0;
            return bestMapped(mappedValues(r->areaMapping->entries), r->areaMapping->defaultValue, single,
                              answersAllowed(*this, r->identifier), r->areaMapping->upperBound);
        default:
            return 0;
    }
}

}  // namespace dlk
