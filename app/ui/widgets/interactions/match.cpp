// matchInteraction: a grid of its first set (rows) against its second (columns); each checked
// cell is a directedPair "row column", within matchMax and maxAssociations.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::widgets {

void match(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const auto sets = childrenNamed(node, "simpleMatchSet");
    if (sets.size() != 2) return scope.refuse();
    const bool shuffle = node.attributeOr("shuffle", "false") == "true";
    const auto sources = ItemView::displayOrder(*sets[0], "simpleAssociableChoice", shuffle, scope->seed());
    const auto targets = ItemView::displayOrder(*sets[1], "simpleAssociableChoice", shuffle, scope->seed() + 1);
    const int maxAssociations = intAttr(node, "maxAssociations", 1);
    const Value current = scope->current();
    auto has = [&](const std::string& pair) {
        return std::find(current.items.begin(), current.items.end(), pair) != current.items.end();
    };
    auto countWith = [&](const std::string& id, bool asSource) {
        int n = 0;
        for (const auto& p : current.items) {
            const auto parts = splitWhitespace(p);
            if (parts.size() == 2 && parts[asSource ? 0 : 1] == id) ++n;
        }
        return n;
    };

    ImGui::SetCursorPosX(view.left());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    // A column per target: its share of the width (the row names get 2.2 shares), or wider where a
    // word of its heading needs it, so that "Advertentie" never breaks into "Advertenti|e" at
    // large text. The row names take what is left; when even that is too little, every column
    // gives in proportion.
    const float cellPad = 2 * ImGui::GetStyle().CellPadding.x + 1;  // padding and border around a cell's content
    const float share = view.width() / (2.2f + static_cast<float>(targets.size()));
    std::vector<float> targetWidths;  // of the content
    float targetsWidth = 0;           // of the columns
    ImGui::PushFont(view.fonts().bold);
    for (const auto& t : targets) {
        const BodyNode* c = findChoice(*sets[1], "simpleAssociableChoice", t);
        float word = 0;
        for (const auto& w : splitWhitespace(c ? c->plainText() : t))
            word = std::max(word, ImGui::CalcTextSize(w.c_str()).x);
        targetWidths.push_back(std::max(share - cellPad, word + 1));
        targetsWidth += targetWidths.back() + cellPad;
    }
    ImGui::PopFont();
    const float rowNamesMin = std::min(em(8), 2.2f * share);
    if (targetsWidth + rowNamesMin > view.width() && targetsWidth > 0)
        for (float& w : targetWidths) w *= std::max(0.0f, view.width() - rowNamesMin) / targetsWidth;
    if (ImGui::BeginTable("match", static_cast<int>(targets.size()) + 1, flags, ImVec2(view.width(), 0))) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        for (float w : targetWidths) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, w);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::TableNextColumn();
        for (const auto& t : targets) {
            ImGui::TableNextColumn();
            const BodyNode* c = findChoice(*sets[1], "simpleAssociableChoice", t);
            wrappedText(c ? c->plainText() : t, view.fonts().bold);
        }
        std::optional<std::string> toggled;
        for (const auto& s : sources) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const BodyNode* sc = findChoice(*sets[0], "simpleAssociableChoice", s);
            wrappedText(sc ? sc->plainText() : s);
            for (const auto& t : targets) {
                ImGui::TableNextColumn();
                const std::string pair = s + " " + t;
                const float w = ImGui::GetContentRegionAvail().x;
                if (choiceRow(pair.c_str(), "", has(pair), Indicator::Check, std::max(em(2.6f), w))) toggled = pair;
                // The cell shows only a check box; read-aloud and tests need the words it pairs.
                const BodyNode* targetChoice = findChoice(*sets[1], "simpleAssociableChoice", t);
                a11yFrame().back().label =
                    (sc ? sc->plainText() : s) + " – " + (targetChoice ? targetChoice->plainText() : t);
                if (ImGui::IsItemHovered()) {
                    const BodyNode* tc = findChoice(*sets[1], "simpleAssociableChoice", t);
                    ImGui::SetTooltip("%s", (tc ? tc->plainText() : t).c_str());
                }
            }
        }
        ImGui::EndTable();
        if (toggled) {
            std::vector<std::string> items = current.items;
            if (has(*toggled)) {
                items.erase(std::remove(items.begin(), items.end(), *toggled), items.end());
            } else {
                const auto parts = splitWhitespace(*toggled);
                // A choice whose matchMax is 1 moves its pairing instead of refusing the click.
                auto dropWith = [&](const std::string& id, bool asSource, int matchMax) {
                    if (matchMax != 1) return;
                    items.erase(std::remove_if(items.begin(), items.end(),
                                               [&](const std::string& p) {
                                                   const auto q = splitWhitespace(p);
                                                   return q.size() == 2 && q[asSource ? 0 : 1] == id;
                                               }),
                                items.end());
                };
                const BodyNode* sc = findChoice(*sets[0], "simpleAssociableChoice", parts[0]);
                const BodyNode* tc = findChoice(*sets[1], "simpleAssociableChoice", parts[1]);
                const int sMax = sc ? intAttr(*sc, "matchMax", 0) : 0;
                const int tMax = tc ? intAttr(*tc, "matchMax", 0) : 0;
                dropWith(parts[0], true, sMax);
                dropWith(parts[1], false, tMax);
                const bool sFull = sMax > 1 && countWith(parts[0], true) >= sMax;
                const bool tFull = tMax > 1 && countWith(parts[1], false) >= tMax;
                const bool allFull = maxAssociations > 0 && static_cast<int>(items.size()) >= maxAssociations;
                if (!sFull && !tFull && !allFull) items.push_back(*toggled);
            }
            scope->set(Value::container(decl.cardinality, decl.baseType, items));
        }
    }
}

}  // namespace dlk::ui::widgets
