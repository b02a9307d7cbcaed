// The list of simulated environments (sim/environment.h): one row each.
#include "sim/blocks/blocks.h"
#include "sim/calculator/calculator.h"
#include "sim/environment.h"

namespace dlk::sim {

const std::vector<const EnvironmentType*>& environments() {
    static const std::vector<const EnvironmentType*> all = {
        &calculator::kType,
        &blocks::kType,
    };
    return all;
}

}  // namespace dlk::sim
