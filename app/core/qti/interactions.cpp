#include "qti/interactions.h"

#include <algorithm>
#include <functional>

#include "util/text.h"

namespace dlk {

namespace {

using B = BaseType;
using C = Cardinality;

// One row per interaction. Cardinalities: what the kiosk's widget yields; `natural` is what the
// answers are by nature (the validator warns when a declaration loses it, e.g. an order kept as a
// bag). Base types: what QTI says the interaction produces.
const std::vector<InteractionSpec>& table() {
    static const std::vector<InteractionSpec> rows = {
        {"choiceInteraction",
         {B::Identifier},
         {C::Single, C::Multiple, C::Ordered},
         std::nullopt,
         AnswerSpace::ChoiceIds,
         {"simpleChoice"},
         {},
         {},
         DemoAnswer::Choose},
        {"inlineChoiceInteraction",
         {B::Identifier},
         {C::Single},
         std::nullopt,
         AnswerSpace::ChoiceIds,
         {"inlineChoice"},
         {},
         {},
         DemoAnswer::Choose},
        {"hottextInteraction",
         {B::Identifier},
         {C::Single, C::Multiple},
         std::nullopt,
         AnswerSpace::ChoiceIds,
         {"hottext"},
         {},
         {},
         DemoAnswer::Choose},
        {"hotspotInteraction",
         {B::Identifier},
         {C::Single, C::Multiple, C::Ordered},
         std::nullopt,
         AnswerSpace::ChoiceIds,
         {"hotspotChoice"},
         {},
         {},
         DemoAnswer::Choose},
        {"orderInteraction",
         {B::Identifier},
         {C::Ordered, C::Multiple},
         C::Ordered,
         AnswerSpace::ChoiceIds,
         {"simpleChoice"},
         {},
         {},
         DemoAnswer::Order},
        {"graphicOrderInteraction",
         {B::Identifier},
         {C::Ordered, C::Multiple},
         C::Ordered,
         AnswerSpace::ChoiceIds,
         {"hotspotChoice"},
         {},
         {},
         DemoAnswer::Order},
        {"associateInteraction",
         {B::Pair},
         {C::Single, C::Multiple},
         std::nullopt,
         AnswerSpace::Pairs,
         {"simpleAssociableChoice"},
         {},
         {},
         DemoAnswer::Pair},
        {"graphicAssociateInteraction",
         {B::Pair},
         {C::Single, C::Multiple},
         std::nullopt,
         AnswerSpace::Pairs,
         {"associableHotspot"},
         {},
         {},
         DemoAnswer::Pair},
        {"matchInteraction",
         {B::DirectedPair},
         {C::Single, C::Multiple},
         std::nullopt,
         AnswerSpace::DirectedPairs,
         {"simpleAssociableChoice"},
         {"simpleAssociableChoice"},
         "simpleMatchSet",
         DemoAnswer::Pair},
        {"gapMatchInteraction",
         {B::DirectedPair},
         {C::Single, C::Multiple},
         std::nullopt,
         AnswerSpace::DirectedPairs,
         {"gapText", "gapImg"},
         {"gap"},
         {},
         DemoAnswer::Pair},
        {"graphicGapMatchInteraction",
         {B::DirectedPair},
         {C::Single, C::Multiple},
         std::nullopt,
         AnswerSpace::DirectedPairs,
         {"gapText", "gapImg"},
         {"associableHotspot"},
         {},
         DemoAnswer::Pair},
        {"selectPointInteraction",
         {B::Point},
         {C::Single, C::Multiple, C::Ordered},
         std::nullopt,
         AnswerSpace::Points,
         {},
         {},
         {},
         DemoAnswer::Point},
        {"positionObjectInteraction",
         {B::Point},
         {C::Single, C::Multiple, C::Ordered},
         std::nullopt,
         AnswerSpace::Points,
         {},
         {},
         {},
         DemoAnswer::Point},
        {"sliderInteraction",
         {B::Integer, B::Float},
         {C::Single},
         std::nullopt,
         AnswerSpace::Number,
         {},
         {},
         {},
         DemoAnswer::Slide},
        {"textEntryInteraction",
         {B::String, B::Integer, B::Float},
         {C::Single},
         std::nullopt,
         AnswerSpace::Text,
         {},
         {},
         {},
         DemoAnswer::Type},
        {"extendedTextInteraction",
         {B::String},
         {C::Single},
         std::nullopt,
         AnswerSpace::Text,
         {},
         {},
         {},
         DemoAnswer::Type},
        {"endAttemptInteraction",
         {B::Boolean},
         {C::Single},
         std::nullopt,
         AnswerSpace::Nothing,
         {},
         {},
         {},
         DemoAnswer::None},
        {"uploadInteraction", {B::File}, {C::Single}, std::nullopt, AnswerSpace::Nothing, {}, {}, {}, DemoAnswer::None},
        {"drawingInteraction",
         {B::File},
         {C::Single},
         std::nullopt,
         AnswerSpace::Nothing,
         {},
         {},
         {},
         DemoAnswer::None},
        {"mediaInteraction",
         {B::Integer},
         {C::Single},
         std::nullopt,
         AnswerSpace::Nothing,
         {},
         {},
         {},
         DemoAnswer::None},
        // The environment named inside it says what it yields (sim/environment.h).
        {"customInteraction",
         {},
         {C::Single, C::Multiple, C::Ordered, C::Record},
         std::nullopt,
         AnswerSpace::Environment,
         {},
         {},
         {},
         DemoAnswer::Environment},
        {"portableCustomInteraction",
         {},
         {C::Single, C::Multiple, C::Ordered, C::Record},
         std::nullopt,
         AnswerSpace::Environment,
         {},
         {},
         {},
         DemoAnswer::Environment},
    };
    return rows;
}

bool among(const std::vector<std::string_view>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements named in `names` below `root`, in document order, not looking inside nested
// interactions (their choices are theirs).
void collect(const BodyNode& root, const std::vector<std::string_view>& names, std::vector<const BodyNode*>& out,
             bool top = true) {
    if (root.isText || (!top && root.isInteraction())) return;
    if (!top && among(names, root.name)) {
        out.push_back(&root);
        return;
    }
    for (const auto& c : root.children) collect(c, names, out, false);
}

std::vector<std::string> idsOf(const std::vector<const BodyNode*>& nodes) {
    std::vector<std::string> ids;
    for (const BodyNode* n : nodes) ids.push_back(n->attributeOr("identifier", ""));
    return ids;
}

bool has(const std::vector<const BodyNode*>& nodes, std::string_view id) {
    return std::any_of(nodes.begin(), nodes.end(),
                       [&](const BodyNode* n) { return n->attributeOr("identifier", "") == id; });
}

}  // namespace

const std::vector<InteractionSpec>& interactionSpecs() {
    return table();
}

const InteractionSpec* findInteractionSpec(std::string_view name) {
    for (const InteractionSpec& s : table())
        if (s.name == name) return &s;
    return nullptr;
}

std::string responseIdentifierOf(const BodyNode& interaction) {
    return interaction.attributeOr("responseIdentifier", "");
}

const BodyNode* interactionFor(const Item& item, const std::string& responseId) {
    for (const BodyNode* in : item.interactions())
        if (responseIdentifierOf(*in) == responseId) return in;
    return nullptr;
}

std::vector<std::string> OfferedAnswers::choiceIds() const {
    return idsOf(choices);
}
std::vector<std::string> OfferedAnswers::targetIds() const {
    return idsOf(targets);
}

OfferedAnswers offeredAnswers(const InteractionSpec& spec, const BodyNode& interaction) {
    OfferedAnswers out;
    if (!spec.sets.empty()) {
        // Sources in the first set, targets in the second.
        std::vector<const BodyNode*> sets;
        collect(interaction, {spec.sets}, sets);
        if (sets.size() > 0) collect(*sets[0], spec.choices, out.choices);
        if (sets.size() > 1) collect(*sets[1], spec.targets, out.targets);
        return out;
    }
    collect(interaction, spec.choices, out.choices);
    collect(interaction, spec.targets, out.targets);
    return out;
}

bool isOffered(const InteractionSpec& spec, const OfferedAnswers& offered, std::string_view value) {
    switch (spec.answers) {
        case AnswerSpace::ChoiceIds:
            return has(offered.choices, trim(value));
        case AnswerSpace::Pairs: {
            const auto p = splitWhitespace(value);
            return p.size() == 2 && has(offered.choices, p[0]) && has(offered.choices, p[1]);
        }
        case AnswerSpace::DirectedPairs: {
            const auto p = splitWhitespace(value);
            return p.size() == 2 && has(offered.choices, p[0]) && has(offered.targets, p[1]);
        }
        case AnswerSpace::Nothing:
        case AnswerSpace::Points:
        case AnswerSpace::Number:
        case AnswerSpace::Text:
        case AnswerSpace::Environment:
            return true;
    }
    return true;
}

}  // namespace dlk
