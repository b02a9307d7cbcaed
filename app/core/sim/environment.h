#pragma once
// Simulated software in items, as ICILS has pupils act in a browser, a mail client or a file
// manager. An item's custom interaction holds one element in dlkiosk's own XML namespace that
// names the environment and describes the task's starting point (its scenario):
//
//   <qti-custom-interaction response-identifier="RESPONSE">
//     <dlk:calculator xmlns:dlk="https://dlkiosk.nl/ns/1" max-digits="10"/>
//   </qti-custom-interaction>
//
// Each environment is a pure, deterministic model with a scenario reader in app/core/sim/<env>/
// and a view in app/ui/sim/. Its state is an ordinary QTI response value (a record, a list of
// directed pairs, a string...), so standard response processing scores it, a restart resumes it
// from the stored answer, and exports carry it like any answer. Every pupil action is a
// process-data event (EventKind::EnvironmentAction) with a short detail from the environment's
// own vocabulary, never text the pupil typed.
//
// Adding an environment: its folder under app/core/sim/, one row in environments.cpp, its view
// under app/ui/sim/ and one row in the view table there. The loader, the validator, the demo
// and scoring find it through this registry.
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "qti/item.h"

namespace dlk::sim {

// dlkiosk's XML namespace for everything that is not QTI: environments and their parts.
inline constexpr std::string_view kNamespace = "https://dlkiosk.nl/ns/1";

// A task's starting point, read once from the item by the environment's reader. Immutable and
// shared: every pupil's view of the item reads the same scenario.
class Scenario {
public:
    virtual ~Scenario() = default;
};

// One pupil action in an environment as process data records it: a name from the
// environment's closed vocabulary ("key", "open", "move") and an optional short argument from
// the scenario or the keypad ("7", "file-3"), never free text.
struct Action {
    std::string name;
    std::string argument;
};
// The event detail for an action: "calculator.key=7", "calculator.clear".
std::string actionDetail(std::string_view environment, const Action& action);

struct EnvironmentType {
    std::string_view name;  // the local name of its element: "calculator"
    // The response variable it yields; the loader refuses an item declaring another.
    Cardinality cardinality = Cardinality::Single;
    std::optional<BaseType> baseType;  // none for a record
    // Reads the scenario element (attributes and children as the loader read them). Throws
    // dlk::Error(Invalid, "line N: ...") for a scenario that cannot be used.
    std::shared_ptr<const Scenario> (*readScenario)(const BodyNode& element);
    // A response a simulated pupil (demo school) leaves: about `fraction` of the item's credit,
    // judged against the declaration's correct response where it has one.
    Value (*simulate)(const Scenario& scenario, const ResponseDeclaration& decl, double fraction, std::mt19937_64& rng);
};

// Every environment dlkiosk has, in one list (environments.cpp).
const std::vector<const EnvironmentType*>& environments();
const EnvironmentType* findEnvironment(std::string_view name);

// The environment element of a custom interaction: its first child element in dlkiosk's
// namespace, or null when it has none (a custom interaction of another vendor).
const BodyNode* environmentElement(const BodyNode& customInteraction);
// Its environment's name: the element's local name ("dlk:calculator" -> "calculator").
std::string environmentName(const BodyNode& element);

}  // namespace dlk::sim
