// selectPointInteraction: point(s) on a picture, in the picture's own coordinates.
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

void selectPoint(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const bool multiple = !scope->single();
    const int maxChoices = scope->maxChoices(node);
    const Picture pic = pictureOf(view, node);
    const Value current = scope->current();

    const Canvas c = pictureCanvas("picture", pic, view.left(), view.width(), true);
    ImVec2 cross;
    std::optional<ImVec2> at;
    if (crosshairKeys(c, cross)) at = cross;
    if (c.clicked) at = c.mouseAt;
    const float grab = em(0.9f) / c.scale;  // a point this close to a marker is that marker

    bool full = false;
    if (at) {
        std::vector<std::string> items = current.items;
        auto near = std::find_if(items.begin(), items.end(), [&](const std::string& v) {
            const auto p = parsePoint(v);
            return p && std::hypot(p->x - at->x, p->y - at->y) <= grab;
        });
        if (near != items.end())
            items.erase(near);  // clicking a point takes it away
        else if (!multiple)
            items = {pointValue(*at, c)};
        else if (maxChoices == 0 || static_cast<int>(items.size()) < maxChoices)
            items.push_back(pointValue(*at, c));
        else
            full = true;
        if (!full) {
            if (multiple)
                scope->set(Value::container(decl.cardinality, decl.baseType, items));
            else
                scope->set(Value::single(decl.baseType, items.empty() ? "" : items[0]));
        }
    }
    const Value shown = scope->current();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    int number = 1;
    for (const auto& v : shown.items) {
        const auto pt = parsePoint(v);
        if (!pt) continue;
        if (multiple) {
            badge(c, *pt, std::to_string(number++));
        } else {
            const ImVec2 s = c.toScreen(*pt);
            const float r = em(0.45f);
            dl->AddCircleFilled(s, r + 2.0f, p.surface, 24);
            dl->AddCircleFilled(s, r, p.accent, 24);
            dl->AddCircleFilled(s, r * 0.35f, p.accentText, 12);
        }
    }
    drawCrosshair(c, cross);

    hint(tr("Klik op de plek in de afbeelding. Klik op een punt om het weer weg te halen."), view.left(), view.width());
    if (c.keyboard)
        hint(tr("Met het toetsenbord: wijs met de pijltjes en druk op Enter. Druk op Esc als je klaar bent."),
             view.left(), view.width());
    if (multiple && maxChoices > 1)
        hint(format(tr("Je kunt hoogstens %d punten zetten."), maxChoices), view.left(), view.width(),
             full || static_cast<int>(shown.items.size()) >= maxChoices ? p.text : 0);
}

}  // namespace dlk::ui::widgets
