#pragma once
// What a calibration gives parameters to (issue 13 point 1, issue 16 point 5), and how a pupil's
// answer is scored per such unit. An item the machine scores alone is one unit, known by the
// item's identifier. An item with criteria a person scores (externalScored="human", the large
// tasks' rubrics) is split: the part the machine scores is the unit of the item's identifier (when
// it has points of its own), and each human criterion is a unit "ITEM:OUTCOME" (SCORE itself for
// a task the teacher scores as a whole). So each criterion has its own parameters, counts in the
// scale score as soon as it has its final score, and is skipped, never counted 0, until then.
// ':' is no character of a QTI identifier, so a criterion's unit never takes an item's name.
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "qti/item.h"
#include "qti/value.h"

namespace dlk {

inline constexpr char kCriterionUnitSeparator = ':';

struct CalibrationUnit {
    std::string id;         // the item's identifier, or ITEM:OUTCOME for a human criterion
    std::string moduleId;   // the first measuring module that holds the item
    std::string itemId;     //
    std::string criterion;  // the human criterion's outcome; empty for the machine's part
    int maxScore = 0;       // whole points, at least 1
    double difficulty = 0;  // the bank's provisional difficulty for the simulation (set by the caller)
    bool human() const { return !criterion.empty(); }
};

std::string criterionUnitId(const std::string& itemId, const std::string& outcome);

// The units of one item: the machine's part when it has points, then each human criterion in
// declaration order. An item without points has none. Throws Error(Invalid) from rubricOf for a
// rubric the scorer's screen refuses.
std::vector<CalibrationUnit> calibrationUnitsOf(const Item& item, const std::string& moduleId);
// Every unit of the bank's measuring modules (practice modules left out), each item once, from
// its Dutch version (the versions score alike), in bank and module order.
std::vector<CalibrationUnit> calibrationUnits(const ItemBank& bank);

struct UnitScore {
    std::string unitId;
    int score = 0;
};

// One answer's scores per unit of `item`: the machine's part scored with every human criterion at
// 0 (its own rules alone), and each human criterion with its final score in `external`; a
// criterion `external` has no value for is absent (not yet scored). An answer with nothing for a
// person to judge (hasWorkForPerson false: left empty) scores 0 on every criterion, as its SCORE
// does. Scores are rounded to whole points within 0..the unit's maximum. Empty for an item with no
// human criterion (the item is its own single unit). Throws what response processing throws.
std::vector<UnitScore> criterionUnitScores(const Item& item, const VariableMap& responses, const VariableMap& external);

}  // namespace dlk
