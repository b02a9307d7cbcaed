#pragma once
// The views of the simulated environments (sim/environment.h): one file each in this folder,
// listed in environment_views.cpp. A view draws the environment's state (the pupil's answer, a
// QTI value) and turns each pupil action into the next state through the environment's pure
// model in app/core/sim/<env>/; EnvironmentContext::act records the action and stores the state.
#include <string_view>

#include "sim/environment.h"
#include "ui/widgets/interactions/interaction_scope.h"

namespace dlk::ui {

struct EnvironmentContext {
    ItemView& view;
    ResponseBinding& response;  // the environment's state, as the item declares it
    const sim::Scenario& scenario;
    const sim::EnvironmentType& type;
    const EnvironmentBinding& binding;  // the other responses it fills

    // The pupil did `action`: recorded as process data (EventKind::EnvironmentAction), then
    // `next` is stored as the state, with every response the environment fills from it, all
    // committed with the event in one transaction.
    void act(const sim::Action& action, const Value& next);
};

struct EnvironmentView {
    std::string_view name;  // as in sim::EnvironmentType::name
    void (*draw)(EnvironmentContext& ctx);
};

const EnvironmentView* findEnvironmentView(std::string_view name);

}  // namespace dlk::ui
