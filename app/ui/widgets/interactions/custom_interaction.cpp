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
    const auto binding = view.item().environments.find(scope->id());
    const EnvironmentView* environment =
        binding == view.item().environments.end() ? nullptr : findEnvironmentView(binding->second.environment);
    const sim::EnvironmentType* type = environment ? sim::findEnvironment(environment->name) : nullptr;
    if (!environment || !type) return scope.refuse();
    EnvironmentContext ctx{view, scope.response(), *binding->second.scenario, *type, binding->second};
    environment->draw(ctx);
}

}  // namespace dlk::ui::widgets
