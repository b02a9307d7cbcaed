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
    if (ImGui::BeginTable("match", static_cast<int>(targets.size()) + 1, flags, ImVec2(view.width(), 0))) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.2f);
        for (size_t t = 0; t < targets.size(); ++t)
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.0f);
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
