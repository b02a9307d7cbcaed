// graphicOrderInteraction: the hotspots of a picture in the order clicked (ordered identifiers).
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

void graphicOrder(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const int maxChoices = intAttr(node, "maxChoices", 0);
    const Picture pic = pictureOf(view, node);
    const auto spots = spotsOf(node, "hotspotChoice");
    const Value current = scope->current();
    auto chosen = [&](size_t i) { return contains(current.items, spots[i].id); };

    const Canvas c = pictureCanvas("picture", pic, view.left(), view.width(), false);
    // Each chosen place shows its number in the order.
    const int toggled = pickSpot(c, spots, chosen, [&](size_t i) {
        const auto at = std::find(current.items.begin(), current.items.end(), spots[i].id);
        return at == current.items.end() ? std::string() : std::to_string(at - current.items.begin() + 1);
    });

    if (toggled >= 0) {
        // Clicking a numbered place takes its number away; the ones after it move up.
        std::vector<std::string> order = current.items;
        if (toggleIn(order, spots[static_cast<size_t>(toggled)].id, maxChoices)) scope->setItems(order);
    }
    hint(tr("Klik de plekken aan in de goede volgorde. Klik nog eens op een plek om het nummer weg te halen."),
         view.left(), view.width());
}

}  // namespace dlk::ui::widgets
