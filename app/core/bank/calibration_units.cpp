#include "bank/calibration_units.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "qti/response_processing.h"
#include "scoring/human_scores.h"
#include "util/text.h"

namespace dlk {

namespace {

int wholePoints(double v, int max) {
    if (!std::isfinite(v)) return 0;
    return std::clamp(static_cast<int>(std::lround(v)), 0, max);
}

}  // namespace

std::string criterionUnitId(const std::string& itemId, const std::string& outcome) {
    return itemId + kCriterionUnitSeparator + outcome;
}

std::vector<CalibrationUnit> calibrationUnitsOf(const Item& item, const std::string& moduleId) {
    std::vector<CalibrationUnit> units;
    const double max = item.maxScore();
    if (!(max > 0)) return units;
    const std::vector<RubricCriterion> criteria = rubricOf(item).criteria;
    const int machine = static_cast<int>(std::lround(max - teacherMaxScore(item)));
    if (machine > 0 || criteria.empty())
        units.push_back({item.identifier, moduleId, item.identifier, "", std::max(1, machine), 0});
    for (const RubricCriterion& c : criteria)
        if (c.maxScore > c.minScore)
            units.push_back({criterionUnitId(item.identifier, c.outcome), moduleId, item.identifier, c.outcome,
                             c.maxScore - c.minScore, 0});
    return units;
}

std::vector<CalibrationUnit> calibrationUnits(const ItemBank& bank) {
    std::vector<CalibrationUnit> units;
    std::set<std::string> seen;
    for (const Module& m : bank.modules()) {
        if (m.practice) continue;
        const ModuleVariant& v = m.variant("nl");
        for (const auto& item : v.items) {
            if (!item || !seen.insert(item->identifier).second) continue;
            for (CalibrationUnit& u : calibrationUnitsOf(*item, m.identifier)) units.push_back(std::move(u));
        }
    }
    return units;
}

std::vector<UnitScore> criterionUnitScores(const Item& item, const VariableMap& responses,
                                           const VariableMap& external) {
    std::vector<UnitScore> out;
    const std::vector<RubricCriterion> criteria = rubricOf(item).criteria;
    if (criteria.empty()) return out;
    // The machine's part: every criterion a person scores at its lowest.
    VariableMap lowest;
    for (const RubricCriterion& c : criteria) {
        const OutcomeDeclaration* o = item.findOutcome(c.outcome);
        lowest[c.outcome] = Value::single(o ? o->baseType : BaseType::Float, std::to_string(c.minScore));
    }
    const double max = item.maxScore();
    const int machine = static_cast<int>(std::lround(max - teacherMaxScore(item)));
    if (machine > 0) out.push_back({item.identifier, wholePoints(scoreOf(item, responses, lowest), machine)});
    const bool work = hasWorkForPerson(item, responses);
    for (const RubricCriterion& c : criteria) {
        if (c.maxScore <= c.minScore) continue;
        const std::string id = criterionUnitId(item.identifier, c.outcome);
        if (!work) {
            out.push_back({id, 0});  // nothing to judge: the criterion's lowest, as SCORE counts it
            continue;
        }
        const auto given = external.find(c.outcome);
        if (given == external.end() || given->second.isNull()) continue;  // not yet scored
        double v = 0;
        if (!parseDouble(given->second.items[0], v)) continue;
        out.push_back({id, wholePoints(v - c.minScore, c.maxScore - c.minScore)});
    }
    return out;
}

}  // namespace dlk
