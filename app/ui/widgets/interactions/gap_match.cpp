// gapMatchInteraction: a bank of gapText/gapImg above running text with gaps (multiple directedPair
// "choice gap"); a word goes into a gap by dragging, or by picking it up and activating the gap.
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

void gapMatch(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const bool shuffle = node.attributeOr("shuffle", "false") == "true";
    auto order = ItemView::displayOrder(node, "gapText", shuffle, scope->seed());
    const auto images = ItemView::displayOrder(node, "gapImg", shuffle, scope->seed() + 1);
    order.insert(order.end(), images.begin(), images.end());
    const std::vector<std::string> pairs = scope->current().items;
    std::string& picked = view.state().picked[scope->stateKey()];
    if (std::find(order.begin(), order.end(), picked) == order.end()) picked.clear();

    auto choiceNode = [&](const std::string& id) {
        const BodyNode* c = findChoice(node, "gapText", id);
        return c ? c : findChoice(node, "gapImg", id);
    };
    ImGui::SetCursorPosX(view.left());
    if (picked.empty())
        wrappedText(tr("Sleep een woord naar een open plek, of klik op een woord en dan op de plek."), nullptr,
                    palette().mutedText, view.width());
    else
        wrappedText(format(tr("Klik nu op de plek waar ‘%s’ moet staan."), choiceText(*choiceNode(picked))), nullptr,
                    palette().mutedText, view.width());
    ImGui::Dummy(em(0, 0.2f));

    RowFlow flow{view.left(), view.width()};
    ImGui::PushID("bank");
    for (const auto& id : order) {
        const BodyNode* c = choiceNode(id);
        if (!c) continue;
        const int matchMax = intAttr(*c, "matchMax", 0);
        const bool usedUp = matchMax > 0 && countWith(pairs, id, 0) >= matchMax;
        const ChipLook look = picked == id ? ChipLook::Picked : usedUp ? ChipLook::Used : ChipLook::Normal;
        const std::string text = choiceText(*c);
        flow.place(chipSize(text, view.width()).x);
        // A word that fits one gap moves when placed again; one used up more often waits.
        const bool locked = usedUp && matchMax != 1;
        if (locked) ImGui::BeginDisabled();
        if (chip(id, text, look, view.width())) picked = picked == id ? "" : id;
        if (ImGui::BeginDragDropSource()) {
            setDragPayload("DLK_GAP", id, text);
            ImGui::EndDragDropSource();
        }
        if (locked) ImGui::EndDisabled();
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.6f));

    // The running text; gap() draws each gap in it.
    view.drawOwnText(node, {"gapText", "gapImg"});
}

// One gap in the running text: a box to drop a word on, or to activate with a word picked up;
// activating a filled gap empties it.
void gap(ItemView& view, const BodyNode& owner, const BodyNode& node) {
    auto binding = ResponseBinding::of(view, owner);
    if (!binding) return;
    ResponseBinding* scope = &*binding;
    const ResponseDeclaration& decl = scope->decl();
    const std::string gid = node.attributeOr("identifier", "");
    auto choiceNode = [&](const std::string& id) {
        const BodyNode* c = findChoice(owner, "gapText", id);
        return c ? c : findChoice(owner, "gapImg", id);
    };
    // Gaps are numbered in reading order, so the pupil (and read-aloud) can tell them apart.
    int number = 0, seen = 0;
    float width = em(4);
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (n.isText) return;
        if (n.name == "gap") {
            ++seen;
            if (&n == &node) number = seen;
        }
        if (n.name == "gapText" || n.name == "gapImg")
            width = std::max(width, ImGui::CalcTextSize(choiceText(n).c_str()).x + em(1.6f));
        for (const auto& c : n.children) walk(c);
    };
    walk(owner);
    width = std::min(width, view.width());

    std::vector<std::string> pairs = scope->current().items;
    std::string filled;
    for (const auto& p : pairs) {
        const auto q = splitWhitespace(p);
        if (q.size() == 2 && q[1] == gid) filled = q[0];
    }
    const BodyNode* filledNode = filled.empty() ? nullptr : choiceNode(filled);
    const std::string filledText = filledNode ? choiceText(*filledNode) : filled;
    std::string& picked = view.state().picked[scope->stateKey()];

    view.placeInline(width);
    ImGui::PushID(gid.c_str());
    const ImVec2 size(width, ImGui::GetFrameHeight());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = tabStopButton("##gap", size);
    const std::string label =
        format(tr("Plek %d"), number) + ": " + (filled.empty() ? std::string(tr("leeg")) : filledText);
    a11yRecord("gap", label, !filled.empty());
    const Palette& p = palette();
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    // Empty gaps light up as targets while a word is picked up.
    const ImU32 fill = hovered || (!picked.empty() && filled.empty()) ? p.selected
                       : filled.empty()                               ? p.background
                                                                      : p.surface;
    dl->AddRectFilled(pos, end, fill, em(0.25f));
    dl->AddRect(pos, end, p.accent, em(0.25f), 0, std::max(1.5f, em(filled.empty() ? 0.08f : 0.12f)));
    if (!filled.empty()) {
        const float tw = ImGui::CalcTextSize(filledText.c_str()).x;
        dl->PushClipRect(pos, end, true);
        dl->AddText(ImVec2(pos.x + std::max(em(0.3f), (size.x - tw) / 2), pos.y + ImGui::GetStyle().FramePadding.y),
                    p.text, filledText.c_str());
        dl->PopClipRect();
    }
    focusRing();
    std::optional<std::string> drop = acceptDragPayload("DLK_GAP");
    if (!filled.empty() && ImGui::BeginDragDropSource()) {
        setDragPayload("DLK_GAP", filled + " " + gid, filledText);  // moving from this gap
        ImGui::EndDragDropSource();
    }
    ImGui::PopID();
    view.endInline();

    std::string place;
    std::string fromGap;
    if (drop) {
        const auto parts = splitWhitespace(*drop);
        if (!parts.empty()) place = parts[0];
        if (parts.size() == 2) fromGap = parts[1];
        if (fromGap == gid) return;
        picked.clear();
    } else if (pressed) {
        if (!picked.empty()) {
            place = picked;
            picked.clear();
        } else if (!filled.empty()) {
            eraseWith(pairs, gid, 1);  // activating a filled gap empties it
            scope->set(Value::container(decl.cardinality, decl.baseType, pairs));
            return;
        }
    }
    const BodyNode* placed = place.empty() ? nullptr : choiceNode(place);
    if (!placed) return;
    if (!fromGap.empty()) pairs.erase(std::remove(pairs.begin(), pairs.end(), place + " " + fromGap), pairs.end());
    eraseWith(pairs, gid, 1);  // a gap holds one word
    const int matchMax = intAttr(*placed, "matchMax", 0);
    if (matchMax == 1) eraseWith(pairs, place, 0);
    const int maxAssociations = intAttr(owner, "maxAssociations", 0);
    if (matchMax > 1 && countWith(pairs, place, 0) >= matchMax) return;
    if (maxAssociations > 0 && static_cast<int>(pairs.size()) >= maxAssociations) return;
    pairs.push_back(place + " " + gid);
    if (decl.cardinality == Cardinality::Single)
        scope->set(Value::single(decl.baseType, pairs.back()));
    else
        scope->set(Value::container(decl.cardinality, decl.baseType, pairs));
}

}  // namespace dlk::ui::widgets
