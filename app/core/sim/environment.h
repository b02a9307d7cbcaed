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

// A response variable an environment fills besides the interaction's own (which holds its whole
// state): one view of the state that standard response processing scores directly, such as the
// pages opened (multiple identifier) or where each file ended up (multiple directedPair). The
// scenario element names the variable in an attribute; the item declares it.
struct EnvironmentOutput {
    std::string_view attribute;  // on the scenario element, e.g. "visited-response"
    Cardinality cardinality = Cardinality::Single;
    std::optional<BaseType> baseType;  // none for a record
    std::string_view meaning;          // one line for docs and messages
};

// What the demo's simulated pupil aims at: the state's declaration and those of the outputs the
// item binds (null where it binds none), whose correct responses say what earns credit.
struct SimulationTarget {
    const ResponseDeclaration& state;
    std::vector<const ResponseDeclaration*> outputs;
};

struct EnvironmentType {
    std::string_view name;  // the local name of its element: "calculator"
    // The response variable it yields (its state); the loader refuses an item declaring another.
    Cardinality cardinality = Cardinality::Single;
    std::optional<BaseType> baseType;  // none for a record
    // Reads the scenario element (attributes and children as the loader read them). Throws
    // dlk::Error(Invalid, "line N: ...") for a scenario that cannot be used.
    std::shared_ptr<const Scenario> (*readScenario)(const BodyNode& element);
    // The state a simulated pupil (demo school) leaves: about `fraction` of the item's credit,
    // judged against the correct responses the item declares, for the state or for an output.
    Value (*simulate)(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng);
    // The other response variables it can fill, and their values for a state: one Value per
    // entry of `outputs`, in that order (null `project` when there are none).
    std::vector<EnvironmentOutput> outputs = {};
    std::vector<Value> (*project)(const Scenario& scenario, const Value& state) = nullptr;
    // True when its state can hold text the pupil typed (a mail draft, a poster's text, a search,
    // a file's new name): the export withholds such answers unless asked (export/free_text.h).
    bool holdsTypedText = false;
};

// Every response variable an action sets: the state under `stateId`, then each bound output.
std::vector<std::pair<std::string, Value>> responsesFor(const EnvironmentType& type, const EnvironmentBinding& binding,
                                                        const std::string& stateId, const Value& state);

// Every environment dlkiosk has, in one list (environments.cpp).
const std::vector<const EnvironmentType*>& environments();
const EnvironmentType* findEnvironment(std::string_view name);

// The environment element of a custom interaction: its first child element in dlkiosk's
// namespace, or null when it has none (a custom interaction of another vendor).
const BodyNode* environmentElement(const BodyNode& customInteraction);
// Its environment's name: the element's local name ("dlk:calculator" -> "calculator").
std::string environmentName(const BodyNode& element);

}  // namespace dlk::sim
