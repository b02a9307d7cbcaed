#pragma once
// A demo school for trying every screen and export without a real class: a class of simulated
// pupils whose answers are drawn from a Rasch model (P(correct) = 1 / (1 + exp(b - theta))).
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "qti/response_processing.h"
#include "school/school_store.h"
#include "storage/database.h"

namespace dlk {

struct DemoOptions {
    int pupils = 25;
    uint64_t seed = 20261128;
    std::string pin = "1234";       // used only when the database has no school yet
    std::string schoolName = "Demoschool De Vlinder";
    double finishedShare = 0.8;     // the rest stop somewhere in the module
};

struct DemoSchool {
    std::string className;
    std::vector<PupilInfo> pupils;
};

DemoSchool makeDemoSchool(Database& db, const ItemBank& bank, const DemoOptions& options, int64_t nowMs);

// A response to `item` that earns about `fraction` of its maximum: the correct response for 1,
// a wrong one for 0, a partial one between (where the item allows partial credit).
VariableMap simulateResponse(const Item& item, double fraction, std::mt19937_64& rng);

}  // namespace dlk
