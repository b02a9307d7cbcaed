// associateInteraction: pairs of its simpleAssociableChoices (pair, single or multiple), made by
// clicking two chips or dragging one onto the other.
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

void associate(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const bool single = decl.cardinality == Cardinality::Single;
    const int maxAssociations = single ? 1 : intAttr(node, "maxAssociations", 1);
    const auto order = ItemView::displayOrder(node, "simpleAssociableChoice",
                                              node.attributeOr("shuffle", "false") == "true", scope->seed());
    std::vector<std::string> pairs = scope->current().items;
    std::string& picked = view.state().picked[scope->stateKey()];
    if (std::find(order.begin(), order.end(), picked) == order.end()) picked.clear();

    auto textOf = [&](const std::string& id) {
        const BodyNode* c = findChoice(node, "simpleAssociableChoice", id);
        return c ? choiceText(*c) : id;
    };
    auto matchMaxOf = [&](const std::string& id) {
        const BodyNode* c = findChoice(node, "simpleAssociableChoice", id);
        return c ? intAttr(*c, "matchMax", 0) : 0;
    };

    std::optional<std::pair<std::string, std::string>> make;
    std::optional<size_t> remove;
    ImGui::SetCursorPosX(view.left());
    if (picked.empty())
        wrappedText(tr("Klik op twee dingen die bij elkaar horen, of sleep het ene naar het andere."), nullptr,
                    palette().mutedText, view.width());
    else
        wrappedText(format(tr("Kies nu wat bij ‘%s’ hoort."), textOf(picked)), nullptr, palette().mutedText,
                    view.width());
    ImGui::Dummy(em(0, 0.2f));

    RowFlow flow{view.left(), view.width()};
    for (const auto& id : order) {
        const int matchMax = matchMaxOf(id);
        const bool usedUp = matchMax > 0 && countWith(pairs, id, -1) >= matchMax;
        const ChipLook look = picked == id ? ChipLook::Picked : usedUp ? ChipLook::Used : ChipLook::Normal;
        const std::string text = textOf(id);
        flow.place(chipSize(text, view.width()).x);
        // A choice that can be used only once moves to its new pair; one used up more often waits
        // until a pair with it is taken away.
        const bool locked = usedUp && matchMax != 1;
        if (locked) ImGui::BeginDisabled();
        if (chip(id, text, look, view.width())) {
            if (picked.empty())
                picked = id;
            else if (picked == id)
                picked.clear();
            else {
                make = {picked, id};
                picked.clear();
            }
        }
        if (ImGui::BeginDragDropSource()) {
            setDragPayload("DLK_ASSOC", id, text);
            ImGui::EndDragDropSource();
        }
        if (locked) ImGui::EndDisabled();
        if (auto from = acceptDragPayload("DLK_ASSOC"); from && *from != id) {
            make = {*from, id};
            picked.clear();
        }
    }
    ImGui::Dummy(em(0, 0.3f));

    if (!pairs.empty()) {
        ImGui::SetCursorPosX(view.left());
        wrappedText(tr("Jouw paren"), view.fonts().bold, 0, view.width());
        const Palette& p = palette();
        for (size_t i = 0; i < pairs.size(); ++i) {
            const auto q = splitWhitespace(pairs[i]);
            if (q.size() != 2) continue;
            const std::string label = textOf(q[0]) + " – " + textOf(q[1]);
            ImGui::PushID(static_cast<int>(i));
            ImGui::SetCursorPosX(view.left());
            const float button = em(2.6f);
            const float wrap = std::max(em(4), view.width() - button - em(1.6f));
            const ImVec2 ts = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap);
            const float h = std::max(em(2.6f), ts.y + em(1.0f));
            const ImVec2 pos = ImGui::GetCursorScreenPos();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(pos, ImVec2(pos.x + view.width(), pos.y + h), p.surface, em(0.3f));
            dl->AddRect(pos, ImVec2(pos.x + view.width(), pos.y + h), p.border, em(0.3f));
            dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + em(0.7f), pos.y + (h - ts.y) / 2),
                        p.text, label.c_str(), nullptr, wrap);
            ImGui::Dummy(ImVec2(view.width() - button, h));
            a11yRecord("text", label);
            ImGui::SameLine(0, 0);
            ImGui::PushStyleColor(ImGuiCol_Button, p.surface);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.selected);
            ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.selected);
            ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
            tabStopBefore(ImGui::GetID("✕##remove"));  // a Tab stop, like tabStopButton
            ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
            bool pressed = ImGui::Button("✕##remove", ImVec2(button, h));
            ImGui::PopItemFlag();
            tabStopAfter();
            pressed |= enterOnFocusedItem();
            ImGui::PopStyleColor(4);
            a11yRecord("button", std::string(tr("Weghalen")) + ": " + label);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Weghalen"));
            focusRing();
            if (pressed) remove = i;
            ImGui::PopID();
        }
    }
    if (!single && maxAssociations > 0) {
        ImGui::SetCursorPosX(view.left());
        wrappedText(format(tr("Je hebt %d van de %d paren gemaakt."), static_cast<int>(pairs.size()), maxAssociations),
                    nullptr, palette().mutedText, view.width());
    }

    bool changed = false;
    if (remove && *remove < pairs.size()) {
        pairs.erase(pairs.begin() + static_cast<long>(*remove));
        changed = true;
    }
    if (make && make->first != make->second) {
        const auto& [a, b] = *make;
        const bool exists = std::any_of(pairs.begin(), pairs.end(), [&](const std::string& pr) {
            const auto q = splitWhitespace(pr);
            return q.size() == 2 && ((q[0] == a && q[1] == b) || (q[0] == b && q[1] == a));
        });
        if (!exists) {
            std::vector<std::string> next = pairs;
            if (single || maxAssociations == 1) next.clear();  // the one pair there is gets replaced
            for (const std::string* id : {&a, &b})
                if (matchMaxOf(*id) == 1) eraseWith(next, *id, -1);
            const int aMax = matchMaxOf(a), bMax = matchMaxOf(b);
            const bool full = (aMax > 1 && countWith(next, a, -1) >= aMax) ||
                              (bMax > 1 && countWith(next, b, -1) >= bMax) ||
                              (maxAssociations > 0 && static_cast<int>(next.size()) >= maxAssociations);
            if (!full) {
                next.push_back(a + " " + b);
                pairs = next;
                changed = true;
            }
        }
    }
    if (changed) scope->setItems(pairs);
}

}  // namespace dlk::ui::widgets
