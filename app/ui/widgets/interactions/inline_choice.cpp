// inlineChoiceInteraction: a drop-down in running text; one identifier.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::widgets {

void inlineChoice(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node, InteractionScope::kInline);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const auto order =
        ItemView::displayOrder(node, "inlineChoice", node.attributeOr("shuffle", "false") == "true", scope->seed());
    const Value current = scope->current();
    std::string preview = tr("kies…");
    float width = em(4);
    for (const auto& id : order)
        if (const BodyNode* c = findChoice(node, "inlineChoice", id)) {
            width = std::max(width, ImGui::CalcTextSize(c->plainText().c_str()).x + em(2.5f));
            if (!current.isNull() && current.items[0] == id) preview = c->plainText();
        }
    width = std::min(width, view.width());
    view.placeInline(width);
    ImGui::SetNextItemWidth(width);
    const bool open = ImGui::BeginCombo("##inline", preview.c_str());
    // The combo's own box, before its list: what it shows ("kies…" or the choice made), so read-aloud
    // and keyboard users find the gap in the sentence.
    a11yRecord("combobox", preview, !current.isNull());
    if (open) {
        for (const auto& id : order)
            if (const BodyNode* c = findChoice(node, "inlineChoice", id)) {
                const bool selected = !current.isNull() && current.items[0] == id;
                if (ImGui::Selectable(c->plainText().c_str(), selected, 0, ImVec2(0, em(2.0f))))
                    scope->set(Value::single(decl.baseType, id));
                a11yRecord("choice", c->plainText(), selected);
            }
        ImGui::EndCombo();
    }
    focusRing();
    view.endInline();
}

}  // namespace dlk::ui::widgets
