// The list of simulated environments (sim/environment.h): one row each.
#include "sim/calculator/calculator.h"
#include "sim/environment.h"
#include "sim/files/files.h"

namespace dlk::sim {

const std::vector<const EnvironmentType*>& environments() {
    static const std::vector<const EnvironmentType*> all = {
        &calculator::kType,
        &files::kType,
    };
    return all;
}

}  // namespace dlk::sim
