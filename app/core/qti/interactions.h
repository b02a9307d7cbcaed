#pragma once
// What dlkiosk's core knows of each QTI interaction, in one table (interactions.cpp): the
// response it can yield (base types and cardinalities), how its answers relate to its choices
// (so the validator can tell an answer the interaction never offers, and the demo can pick
// one), and how the demo answers it. The widgets that draw the interactions are one file each
// under app/ui/widgets/interactions/, listed in a table of their own; an interaction without a
// row here is shown to the pupil as "cannot be shown" and reported by the validator.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/item.h"

namespace dlk {

// How the values of an interaction's response are made from what its body offers.
enum class AnswerSpace {
    Nothing,        // nothing the core can check (upload, drawing, media, end attempt)
    ChoiceIds,      // identifiers of its choice elements (choice, order, hottext, hotspot, ...)
    Pairs,          // unordered pairs of its choices (associate, graphic associate)
    DirectedPairs,  // "source target": a source choice put on a target (match, gap match, ...)
    Points,         // points on its picture (select point, position object)
    Number,         // a number on a scale (slider)
    Text,           // typed text (text entry, extended text)
    Environment,    // a simulated environment decides (custom interaction; see sim/environment.h)
};

// How a simulated pupil answers (demo/demo_school.cpp has one function per kind).
enum class DemoAnswer { None, Choose, Order, Pair, Point, Slide, Type, Environment };

struct InteractionSpec {
    std::string_view name;                   // normalised 2.x name: "choiceInteraction"
    std::vector<BaseType> baseTypes;         // what its values can be
    std::vector<Cardinality> cardinalities;  // what the kiosk's widget can yield
    std::optional<Cardinality> natural;      // the cardinality its answers have by nature (order: ordered)
    AnswerSpace answers = AnswerSpace::Nothing;
    // The elements that make its answers: choices (ChoiceIds, Pairs, and DirectedPairs' sources)
    // and, for DirectedPairs, the targets. `sets` names the element that splits sources from
    // targets when both are the same kind of element (match: the first and second simpleMatchSet).
    std::vector<std::string_view> choices;
    std::vector<std::string_view> targets;
    std::string_view sets;
    DemoAnswer demo = DemoAnswer::None;
};

// The row for an interaction element (normalised name), or null when dlkiosk does not know it.
const InteractionSpec* findInteractionSpec(std::string_view name);
const std::vector<InteractionSpec>& interactionSpecs();

// The response variable an interaction answers: its responseIdentifier ("" when it has none,
// which the loader refuses but for endAttemptInteraction). Every part of dlkiosk that asks
// reads it here.
std::string responseIdentifierOf(const BodyNode& interaction);
// The interaction of the item's body that answers `responseId` (the first, in document order).
const BodyNode* interactionFor(const Item& item, const std::string& responseId);

// What an interaction's body offers, in document order: the identifiers of its choices (or
// sources) and of its targets, each with the element that carries it.
struct OfferedAnswers {
    std::vector<const BodyNode*> choices;
    std::vector<const BodyNode*> targets;
    std::vector<std::string> choiceIds() const;
    std::vector<std::string> targetIds() const;
};
OfferedAnswers offeredAnswers(const InteractionSpec& spec, const BodyNode& interaction);

// Could the interaction ever yield this value (one base value of its response)? Always true for
// the answer spaces the body does not enumerate (points, numbers, text, environments).
bool isOffered(const InteractionSpec& spec, const OfferedAnswers& offered, std::string_view value);

}  // namespace dlk
