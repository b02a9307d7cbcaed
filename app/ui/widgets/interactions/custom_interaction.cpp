// customInteraction and portableCustomInteraction: simulated software. The environment named by
// the interaction's element in dlkiosk's namespace (read by the loader into Item::environments)
// is drawn by its view from ui/sim/; a custom interaction of another vendor cannot be shown.
#include "sim/environment.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/interactions/interaction_scope.h"

namespace dlk::ui::widgets {

void custom(ItemView& view, const BodyNode& node) {
    InteractionScope scope(view, node);
    if (!scope) return;
    const auto scenario = view.item().environments.find(scope->id());
    const BodyNode* element = sim::environmentElement(node);
    const EnvironmentView* environment = element ? findEnvironmentView(sim::environmentName(*element)) : nullptr;
    if (scenario == view.item().environments.end() || !environment) return scope.refuse();
    EnvironmentContext ctx{view, scope.response(), *scenario->second, environment->name};
    environment->draw(ctx);
}

}  // namespace dlk::ui::widgets
