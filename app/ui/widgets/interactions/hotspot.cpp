// hotspotInteraction: identifier(s) of the chosen areas of a picture.
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

void hotspot(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const ResponseDeclaration& decl = scope.decl();
    const bool multiple = !scope->single();
    const int maxChoices = scope->maxChoices(node);
    const Picture pic = pictureOf(view, node);
    const auto spots = spotsOf(node, "hotspotChoice");
    const Value current = scope->current();
    auto chosen = [&](size_t i) { return contains(current.items, spots[i].id); };

    const Canvas c = pictureCanvas("picture", pic, view.left(), view.width(), false);
    const int toggled = pickSpot(c, spots, chosen, [&](size_t i) { return std::string(chosen(i) ? "✓" : ""); });

    if (toggled >= 0) {
        const std::string& id = spots[static_cast<size_t>(toggled)].id;
        if (!multiple) {
            scope->set(Value::single(decl.baseType, id));
        } else {
            std::vector<std::string> items = current.items;
            if (toggleIn(items, id, maxChoices)) scope->setItems(items);
        }
    }
    if (multiple && maxChoices > 0)
        hint(format(tr("Je kiest er hoogstens %d."), maxChoices), view.left(), view.width());
}

}  // namespace dlk::ui::widgets
