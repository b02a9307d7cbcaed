#include "sim/environment.h"

namespace dlk::sim {

std::string actionDetail(std::string_view environment, const Action& action) {
    std::string detail = std::string(environment) + "." + action.name;
    if (!action.argument.empty()) detail += "=" + action.argument;
    return detail;
}

std::vector<std::pair<std::string, Value>> responsesFor(const EnvironmentType& type, const EnvironmentBinding& binding,
                                                        const std::string& stateId, const Value& state) {
    std::vector<std::pair<std::string, Value>> out{{stateId, state}};
    if (!type.project) return out;
    const std::vector<Value> projected = type.project(*binding.scenario, state);
    for (size_t i = 0; i < binding.outputs.size() && i < projected.size(); ++i)
        if (!binding.outputs[i].empty()) out.emplace_back(binding.outputs[i], projected[i]);
    return out;
}

const EnvironmentType* findEnvironment(std::string_view name) {
    for (const EnvironmentType* e : environments())
        if (e->name == name) return e;
    return nullptr;
}

const BodyNode* environmentElement(const BodyNode& customInteraction) {
    for (const BodyNode& c : customInteraction.children)
        if (!c.isText && c.ns == kNamespace) return &c;
    return nullptr;
}

std::string environmentName(const BodyNode& element) {
    const auto colon = element.name.find(':');
    return colon == std::string::npos ? element.name : element.name.substr(colon + 1);
}

}  // namespace dlk::sim
