// graphicAssociateInteraction: pairs of hotspots of a picture, connected by lines.
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
#include "ui/widgets/image_cache.h"
#include "ui/widgets/interactions/interaction_scope.h"
#include "ui/widgets/interactions/picture_kit.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::widgets {

void graphicAssociate(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const int maxAssociations = intAttr(node, "maxAssociations", 1);
    const Picture pic = pictureOf(view, node);
    const auto spots = spotsOf(node, "associableHotspot");
    const Value current = scope->current();
    const auto pairs = pairsOf(current.items);
    std::string& picked = view.state().picked[scope->stateKey()];
    auto indexOf = [&](const std::string& id) {
        for (size_t i = 0; i < spots.size(); ++i)
            if (spots[i].id == id) return static_cast<int>(i);
        return -1;
    };
    auto paired = [&](size_t i) {
        return std::any_of(pairs.begin(), pairs.end(),
                           [&](const auto& pr) { return pr.first == spots[i].id || pr.second == spots[i].id; });
    };

    const Canvas c = pictureCanvas("picture", pic, view.left(), view.width(), false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    std::optional<std::pair<std::string, std::string>> connect;
    int activated = -1;
    if (c.released) {
        // A drag from one place to another connects them; a click picks (or connects to the picked).
        const int from = spotAt(spots, c.pressAt, c), to = spotAt(spots, c.mouseAt, c);
        if (from >= 0 && to >= 0 && from != to)
            connect = {spots[static_cast<size_t>(from)].id, spots[static_cast<size_t>(to)].id};
        else if (c.clicked)
            activated = to;
    }
    const int hovered = c.hovered ? spotAt(spots, c.mouseAt, c) : -1;
    for (size_t i = 0; i < spots.size(); ++i) {
        const SpotLook look = spots[i].id == picked            ? SpotLook::Picked
                              : paired(i)                      ? SpotLook::Chosen
                              : static_cast<int>(i) == hovered ? SpotLook::Hovered
                                                               : SpotLook::Idle;
        drawSpot(spots[i], c, look);
    }
    auto centerOf = [&](int i) { return c.toScreen(shapeCenter(spots[static_cast<size_t>(i)].shape, c.w, c.h)); };
    const float t = strokeWidth();
    for (const auto& [a, b] : pairs) {
        const int ia = indexOf(a), ib = indexOf(b);
        if (ia < 0 || ib < 0) continue;
        dl->AddLine(centerOf(ia), centerOf(ib), withAlpha(p.surface, 230), 3 * t + 2.0f);
        dl->AddLine(centerOf(ia), centerOf(ib), p.accent, 3 * t);
    }
    if (ImGui::IsMouseDragging(0) && ImGui::GetCurrentContext()->ActiveId == c.id) {
        if (const int from = spotAt(spots, c.pressAt, c); from >= 0)
            dl->AddLine(centerOf(from), ImGui::GetIO().MousePos, p.focus, 2 * t);
    }
    for (const auto& [a, b] : pairs) {
        const int ia = indexOf(a), ib = indexOf(b);
        if (ia < 0 || ib < 0) continue;
        for (int i : {ia, ib}) {
            const ImVec2 s = centerOf(i);
            dl->AddCircleFilled(s, em(0.35f) + 2.0f, p.surface, 16);
            dl->AddCircleFilled(s, em(0.35f), p.accent, 16);
        }
    }
    if (const int k = spotKeys(spots, c, [&](size_t i) { return spots[i].id == picked || paired(i); }); k >= 0)
        activated = k;

    if (activated >= 0) {
        const std::string& id = spots[static_cast<size_t>(activated)].id;
        if (picked.empty())
            picked = id;
        else if (picked == id)
            picked.clear();
        else {
            connect = {picked, id};
            picked.clear();
        }
    }
    bool full = false;
    std::optional<size_t> remove;
    // The connections, each with a button that takes it away (also the keyboard's way).
    for (size_t n = 0; n < pairs.size(); ++n) {
        const int ia = indexOf(pairs[n].first), ib = indexOf(pairs[n].second);
        const std::string la = ia >= 0 ? spots[static_cast<size_t>(ia)].label : pairs[n].first;
        const std::string lb = ib >= 0 ? spots[static_cast<size_t>(ib)].label : pairs[n].second;
        char label[256];
        std::snprintf(label, sizeof label, tr("Weghalen: %s – %s"), la.c_str(), lb.c_str());
        ImGui::PushID(static_cast<int>(n));
        ImGui::SetCursorPosX(view.left());
        if (bigButton((std::string(label) + "##pair").c_str(), false)) remove = n;
        ImGui::PopID();
    }
    if (connect) {
        std::vector<std::pair<std::string, std::string>> next = pairs;
        const auto& [a, b] = *connect;
        const bool exists = std::any_of(next.begin(), next.end(), [&](const auto& pr) {
            return (pr.first == a && pr.second == b) || (pr.first == b && pr.second == a);
        });
        if (!exists) {
            // A place that takes one connection moves it; one that is full refuses.
            for (const std::string& end : {a, b}) {
                const int i = indexOf(end);
                const int mm = i >= 0 ? spots[static_cast<size_t>(i)].matchMax : 0;
                const auto count = std::count_if(next.begin(), next.end(),
                                                 [&](const auto& pr) { return pr.first == end || pr.second == end; });
                if (mm == 1)
                    next.erase(std::remove_if(next.begin(), next.end(),
                                              [&](const auto& pr) { return pr.first == end || pr.second == end; }),
                               next.end());
                else if (mm > 1 && count >= mm)
                    full = true;
            }
            if (maxAssociations > 0 && static_cast<int>(next.size()) >= maxAssociations) full = true;
            if (!full) {
                next.emplace_back(a, b);
                std::vector<std::string> items;
                for (const auto& [x, y] : next) items.push_back(x + " " + y);
                scope->set(Value::container(decl.cardinality, decl.baseType, items));
            }
        }
    } else if (remove) {
        std::vector<std::string> items;
        for (size_t n = 0; n < pairs.size(); ++n)
            if (n != *remove) items.push_back(pairs[n].first + " " + pairs[n].second);
        scope->set(Value::container(decl.cardinality, decl.baseType, items));
    }
    hint(picked.empty() ? tr("Klik op twee plekken om ze met een lijn te verbinden.")
                        : tr("Klik nu op de plek waarmee je deze wilt verbinden."),
         view.left(), view.width(), picked.empty() ? 0 : p.text);
    if (maxAssociations > 1)
        hint(format(tr("Je kunt hoogstens %d verbindingen maken."), maxAssociations), view.left(), view.width(),
             full ? p.text : 0);
}

}  // namespace dlk::ui::widgets
