// The one list of environment views: one row each (the environments are listed in
// app/core/sim/environments.cpp).
#include <vector>

#include "ui/sim/environment_view.h"

namespace dlk::ui {

namespace views {
void calculator(EnvironmentContext&);
void social(EnvironmentContext&);
void mail(EnvironmentContext&);
void table(EnvironmentContext&);
void browser(EnvironmentContext&);
void files(EnvironmentContext&);
void poster(EnvironmentContext&);
void blocks(EnvironmentContext&);
}  // namespace views

const EnvironmentView* findEnvironmentView(std::string_view name) {
    static const std::vector<EnvironmentView> all = {
        {"calculator", views::calculator}, {"social", views::social},         {"mail", views::mail},
        {"table", views::table},           {"browser", views::browser},       {"calculator", views::calculator},
        {"files", views::files},           {"calculator", views::calculator}, {"poster", views::poster},
        {"calculator", views::calculator}, {"blocks", views::blocks},
    };
    for (const EnvironmentView& v : all)
        if (v.name == name) return &v;
    return nullptr;
}

void EnvironmentContext::act(const sim::Action& action, const Value& next) {
    view.session().noteEvent(EventKind::EnvironmentAction, sim::actionDetail(type.name, action), view.now());
    response.setAll(sim::responsesFor(type, binding, response.id(), next));
}

}  // namespace dlk::ui
