#pragma once
// The interaction widgets: one file each in this folder, listed in one table (registry.cpp).
// Adding a widget is a new file and one row there. What the core knows of an interaction (what
// it yields, what it offers, how the demo answers it) is a row of qti/interactions.cpp.
#include <string_view>

#include "qti/item.h"

namespace dlk::ui {

class ItemView;

struct InteractionWidget {
    std::string_view element;  // the body element it draws (normalised name): "choiceInteraction"
    // Drawn in running text like a word (text entry, inline choice), or as a block of its own.
    bool inlineInText = false;
    void (*draw)(ItemView& view, const BodyNode& node) = nullptr;
    // An inline part of the interaction's own running text that the widget draws itself, such as
    // gap match's gaps and hottext's hot words: ItemView calls drawPart when it meets one while
    // drawing this interaction's text (ItemView::drawOwnText).
    std::string_view part = {};
    void (*drawPart)(ItemView& view, const BodyNode& owner, const BodyNode& part) = nullptr;
};

// The widget for a body element, or null when none draws it.
const InteractionWidget* findInteractionWidget(std::string_view element);
// Is `element` the inline part of some widget's running text ("gap", "hottext")?
bool isInteractionPart(std::string_view element);

}  // namespace dlk::ui
