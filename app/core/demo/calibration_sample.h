#pragma once
// A simulated calibration sample (issue 16 point 5): pupils taking the real session design, their
// answers drawn from the demo's answer model (demo_school.h) and scored by each item's own
// response processing, the criteria a person scores given by the demo's simulated scorer. The
// result is a RESPONSES.csv for `dlkiosk calibrate`, one column per calibration unit
// (bank/calibration_units.h).
//
// Why not the demo school itself: a demo pupil goes through the kiosk's whole session machinery
// (a database, module sessions, key-by-key typing, events), which measures the kiosk but adds
// nothing to the scores; this draws the same booklets, abilities rule, answers and scores
// directly, about a hundred times faster (items/README.md "Item parameters" has the figures).
// Every pupil finishes: an item not reached is no answer to calibrate on.
#include <cstdint>
#include <string>
#include <vector>

#include "bank/calibration_units.h"
#include "bank/item_bank.h"
#include "delivery/booklet_design.h"

namespace dlk {

inline constexpr int kMaxCalibrationPupils = 100000;

struct CalibrationSampleOptions {
    int pupils = 5000;  // 1 to kMaxCalibrationPupils
    uint64_t seed = 20261205;
    // Pupils alternate between these languages (the versions score alike; both are exercised).
    std::vector<std::string> languages = {"nl", "en"};
};

struct CalibrationSample {
    std::vector<CalibrationUnit> units;    // the columns, with the simulation's difficulty
    std::vector<double> abilities;         // per pupil, drawn from N(0, 1)
    std::vector<std::string> booklets;     // per pupil, the dealt modules joined by '+'
    std::vector<std::string> languages;    // per pupil, the language version taken
    std::vector<std::vector<int>> scores;  // per pupil, per unit; -1: not dealt
};

// Pupil i (0, 1, ...) is dealt design.modulesFor(i) as the kiosk deals its i-th pupil; its
// ability, answers and criterion scores come from one generator seeded with options.seed, so a
// seed gives the same sample. Throws Error(Invalid) for a pupil count out of range, an empty bank
// or a design that names a module the bank does not hold.
CalibrationSample simulateCalibrationSample(const ItemBank& bank, const BookletDesign& design,
                                            const CalibrationSampleOptions& options);

// RESPONSES.csv: person_id,<unit>... with whole scores, empty where the unit was not dealt.
std::string formatCalibrationResponses(const CalibrationSample& sample);
// The background file for `dlkiosk dif --group language`: person_id,language, the same person ids.
// The simulation gives the versions no effect of their own, so DIF by language there is chance.
std::string formatCalibrationBackground(const CalibrationSample& sample);

}  // namespace dlk
