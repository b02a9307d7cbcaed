// The list of simulated environments (sim/environment.h): one row each.
#include "sim/calculator/calculator.h"
#include "sim/environment.h"
#include "sim/poster/poster.h"

namespace dlk::sim {

const std::vector<const EnvironmentType*>& environments() {
    static const std::vector<const EnvironmentType*> all = {
        &calculator::kType,
        &poster::kType,
    };
    return all;
}

}  // namespace dlk::sim
