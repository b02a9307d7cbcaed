// orderInteraction: its simpleChoices put in order (ordered identifiers), by dragging a row onto
// another or with the arrow buttons; "Deze volgorde klopt" keeps the order as it is shown.
#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::widgets {

void order(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const Value current = scope->current();
    std::vector<std::string>& order = view.state().orders[scope->stateKey()];
    if (!current.isNull())
        order = current.items;
    else if (order.empty())
        order =
            ItemView::displayOrder(node, "simpleChoice", node.attributeOr("shuffle", "false") == "true", scope->seed());

    std::optional<std::pair<size_t, size_t>> move;
    const float buttonW = em(2.6f);
    for (size_t i = 0; i < order.size(); ++i) {
        const BodyNode* choice = findChoice(node, "simpleChoice", order[i]);
        if (!choice) continue;
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetCursorPosX(view.left());
        const std::string label = std::to_string(i + 1) + ".  " + choice->plainText();
        choiceRow("row", label, !current.isNull(), Indicator::None, view.width() - 2 * (buttonW + em(0.4f)));
        // Drag a row onto another to move it there.
        if (ImGui::BeginDragDropSource()) {
            ImGui::SetDragDropPayload("DLK_ORDER", &i, sizeof i);
            ImGui::TextUnformatted(choice->plainText().c_str());
            ImGui::EndDragDropSource();
        }
        if (ImGui::BeginDragDropTarget()) {
            if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("DLK_ORDER")) {
                size_t from;
                std::memcpy(&from, payload->Data, sizeof from);
                move = {from, i};
            }
            ImGui::EndDragDropTarget();
        }
        ImGui::SameLine();
        if (bigButton("↑##up", false, buttonW, i > 0)) move = {i, i - 1};
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Omhoog"));
        ImGui::SameLine();
        if (bigButton("↓##down", false, buttonW, i + 1 < order.size())) move = {i, i + 1};
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Omlaag"));
        ImGui::PopID();
    }
    if (move && move->first < order.size() && move->second < order.size()) {
        const std::string moved = order[move->first];
        order.erase(order.begin() + static_cast<long>(move->first));
        order.insert(order.begin() + static_cast<long>(move->second), moved);
        scope->set(Value::container(decl.cardinality, decl.baseType, order));
    }
    if (current.isNull()) {
        kit::hint(tr("Zet de stappen in de goede volgorde met de pijltjes of door ze te slepen."), view.left(),
                  view.width());
        ImGui::SetCursorPosX(view.left());
        if (bigButton(tr("Deze volgorde klopt"), false))
            scope->set(Value::container(decl.cardinality, decl.baseType, order));
    }
}

}  // namespace dlk::ui::widgets
