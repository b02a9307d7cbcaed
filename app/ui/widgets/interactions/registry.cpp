// The one list of interaction widgets. Each is a file of this folder; the declarations below
// are their entry points.
#include "ui/widgets/interactions/registry.h"

namespace dlk::ui {

namespace widgets {
using Draw = void(ItemView&, const BodyNode&);
using DrawPart = void(ItemView&, const BodyNode& owner, const BodyNode& part);
Draw choice, order, match, associate, gapMatch, hottext, textEntry, inlineChoice, extendedText, slider;
Draw hotspot, selectPoint, graphicOrder, graphicAssociate, graphicGapMatch, positionObjectStage, custom;
DrawPart gap, hotWord;
}  // namespace widgets

namespace {

const InteractionWidget kWidgets[] = {
    {"choiceInteraction", false, widgets::choice},
    {"orderInteraction", false, widgets::order},
    {"matchInteraction", false, widgets::match},
    {"associateInteraction", false, widgets::associate},
    {"gapMatchInteraction", false, widgets::gapMatch, "gap", widgets::gap},
    {"hottextInteraction", false, widgets::hottext, "hottext", widgets::hotWord},
    {"textEntryInteraction", true, widgets::textEntry},
    {"inlineChoiceInteraction", true, widgets::inlineChoice},
    {"extendedTextInteraction", false, widgets::extendedText},
    {"sliderInteraction", false, widgets::slider},
    {"hotspotInteraction", false, widgets::hotspot},
    {"selectPointInteraction", false, widgets::selectPoint},
    {"graphicOrderInteraction", false, widgets::graphicOrder},
    {"graphicAssociateInteraction", false, widgets::graphicAssociate},
    {"graphicGapMatchInteraction", false, widgets::graphicGapMatch},
    // Position object interactions share a stage: the stage is drawn, with every object on it.
    {"positionObjectStage", false, widgets::positionObjectStage},
    // Simulated software (sim/environment.h): the environment's view, from ui/sim/.
    {"customInteraction", false, widgets::custom},
    {"portableCustomInteraction", false, widgets::custom},
};

}  // namespace

const InteractionWidget* findInteractionWidget(std::string_view element) {
    for (const InteractionWidget& w : kWidgets)
        if (w.element == element) return &w;
    return nullptr;
}

bool isInteractionPart(std::string_view element) {
    for (const InteractionWidget& w : kWidgets)
        if (!w.part.empty() && w.part == element) return true;
    return false;
}

}  // namespace dlk::ui
