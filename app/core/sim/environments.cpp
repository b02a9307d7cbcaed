// The list of simulated environments (sim/environment.h): one row each.
#include "sim/blocks/blocks.h"
#include "sim/browser/browser.h"
#include "sim/calculator/calculator.h"
#include "sim/environment.h"
#include "sim/files/files.h"
#include "sim/mail/mail.h"
#include "sim/poster/poster.h"
#include "sim/social/social.h"
#include "sim/table/table.h"

namespace dlk::sim {

const std::vector<const EnvironmentType*>& environments() {
    static const std::vector<const EnvironmentType*> all = {
        &calculator::kType, &social::kType,     &mail::kType,   &table::kType,      &browser::kType, &calculator::kType,
        &files::kType,      &calculator::kType, &poster::kType, &calculator::kType, &blocks::kType,
    };
    return all;
}

}  // namespace dlk::sim
