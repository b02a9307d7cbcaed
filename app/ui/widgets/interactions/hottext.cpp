// hottextInteraction: selectable words or sentences in the running text (identifiers).
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

void hottext(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    view.drawOwnText(node, {});
    const bool multiple = !scope->single();
    const int maxChoices = scope->maxChoices(node);
    if (multiple && maxChoices > 0) {
        ImGui::SetCursorPosX(view.left());
        wrappedText(format(tr("Je kiest er hoogstens %d."), maxChoices), nullptr, palette().mutedText, view.width());
    }
}

// One hot word or sentence in the running text: a box the pupil selects.
void hotWord(ItemView& view, const BodyNode& owner, const BodyNode& node) {
    auto binding = ResponseBinding::of(view, owner);
    if (!binding) return;
    ResponseBinding* scope = &*binding;
    const ResponseDeclaration& decl = scope->decl();
    const std::string id = node.attributeOr("identifier", "");
    const std::string text = node.plainText();
    const Value current = scope->current();
    const bool selected = std::find(current.items.begin(), current.items.end(), id) != current.items.end();
    const bool multiple = !scope->single();
    const int maxChoices = scope->maxChoices(owner);

    const ImVec2 pad(em(0.3f), ImGui::GetStyle().FramePadding.y);
    const float full = ImGui::CalcTextSize(text.c_str()).x + 2 * pad.x;
    ImVec2 size;
    float wrap = 0;
    const bool ownLines = full > view.width();
    if (!ownLines) {
        view.placeInline(full);
        size = ImVec2(full, ImGui::GetFrameHeight());
    } else {
        // Longer than a line: a box across the column, on lines of its own.
        ImGui::SetCursorPosX(view.left());
        wrap = view.width() - 2 * pad.x;
        size = ImVec2(view.width(), ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y + 2 * pad.y);
    }
    ImGui::PushID(id.c_str());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = tabStopButton("##hottext", size);
    a11yRecord("choice", text, selected);
    const Palette& p = palette();
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, end, selected ? p.accent : hovered ? p.selected : p.surface, em(0.25f));
    dl->AddRect(pos, end, p.accent, em(0.25f), 0, std::max(1.0f, em(0.06f)));
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + pad.x, pos.y + pad.y),
                selected ? p.accentText : p.text, text.c_str(), nullptr, wrap);
    focusRing();
    ImGui::PopID();
    view.endInline(ownLines);

    if (!pressed) return;
    if (!multiple) {
        scope->set(selected ? Value::null(decl.cardinality, decl.baseType) : Value::single(decl.baseType, id));
        return;
    }
    std::vector<std::string> items = current.items;
    if (toggleIn(items, id, maxChoices)) scope->setItems(items);  // when full, the hint says how many
}

}  // namespace dlk::ui::widgets
