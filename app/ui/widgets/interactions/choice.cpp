// choiceInteraction: one (radio rows) or several (check rows, at most maxChoices) of its
// simpleChoices; identifiers.
#include <algorithm>

#include "support/translator.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/widget_kit.h"

namespace dlk::ui::widgets {

void choice(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const bool multiple = !scope->single();
    const int maxChoices = scope->maxChoices(node);
    const auto order =
        ItemView::displayOrder(node, "simpleChoice", node.attributeOr("shuffle", "false") == "true", scope->seed());
    for (const auto& id : order) {
        const BodyNode* choice = findChoice(node, "simpleChoice", id);
        if (!choice) continue;
        const auto& current = scope->current().items;
        const bool selected = std::find(current.begin(), current.end(), id) != current.end();
        ImGui::SetCursorPosX(view.left());
        if (!choiceRow(id.c_str(), choice->plainText(), selected, multiple ? Indicator::Check : Indicator::Radio,
                       view.width()))
            continue;
        if (!multiple) {
            scope->set(Value::single(decl.baseType, id));
            continue;
        }
        std::vector<std::string> items = current;
        if (toggleIn(items, id, maxChoices)) scope->setItems(items);
    }
    if (multiple && maxChoices > 0)
        kit::hint(kit::format(tr("Je kiest er hoogstens %d."), maxChoices), view.left(), view.width());
}

}  // namespace dlk::ui::widgets
