#include "demo/calibration_sample.h"

#include <map>
#include <random>

#include "demo/demo_school.h"
#include "qti/response_processing.h"
#include "scoring/human_scores.h"
#include "util/error.h"

namespace dlk {

CalibrationSample simulateCalibrationSample(const ItemBank& bank, const BookletDesign& design,
                                            const CalibrationSampleOptions& options) {
    if (options.pupils < 1 || options.pupils > kMaxCalibrationPupils)
        throw Error(ErrorKind::Invalid,
                    "the calibration sample takes 1 to " + std::to_string(kMaxCalibrationPupils) + " pupils");
    if (options.languages.empty()) throw Error(ErrorKind::Invalid, "the calibration sample needs a language");
    if (bank.modules().empty()) throw Error(ErrorKind::Invalid, "the item bank has no modules to simulate");
    for (const std::string& id : design.modules())
        if (!bank.findModule(id))
            throw Error(ErrorKind::Invalid,
                        "the session design names module '" + id + "', which the item bank does not hold");

    CalibrationSample sample;
    sample.units = calibrationUnits(bank);
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < sample.units.size(); ++i) column[sample.units[i].id] = i;
    // Each unit's difficulty: the demo's rule by the item's place in its module, a criterion's
    // spread around its item's.
    for (const Module& m : bank.modules()) {
        if (m.practice) continue;
        const ModuleVariant& v = m.variant("nl");
        for (size_t i = 0; i < v.items.size(); ++i) {
            const double b = demoItemDifficulty(i, v.items.size(), false);
            size_t k = 0, criteria = 0;
            for (const CalibrationUnit& u : sample.units)
                if (u.itemId == v.items[i]->identifier && u.human()) ++criteria;
            for (CalibrationUnit& u : sample.units) {
                if (u.itemId != v.items[i]->identifier || u.moduleId != m.identifier) continue;
                u.difficulty = u.human() ? demoCriterionDifficulty(b, k++, criteria) : b;
            }
        }
    }

    std::mt19937_64 rng(options.seed);
    std::normal_distribution<double> ability(0.0, 1.0);
    std::uniform_real_distribution<double> u(0, 1);
    for (int pupil = 0; pupil < options.pupils; ++pupil) {
        const double theta = ability(rng);
        const std::string& language = options.languages[static_cast<size_t>(pupil) % options.languages.size()];
        std::vector<int> scores(sample.units.size(), -1);
        std::string booklet;
        for (const std::string& moduleId : design.modulesFor(static_cast<uint64_t>(pupil))) {
            const Module* module = bank.findModule(moduleId);
            if (!module || module->practice || moduleId == design.tutorial) continue;
            booklet += (booklet.empty() ? "" : "+") + moduleId;
            const ModuleVariant& v = module->variant(language);
            for (size_t i = 0; i < v.items.size(); ++i) {
                const Item& item = *v.items[i];
                const double b = demoItemDifficulty(i, v.items.size(), false);
                const VariableMap responses = u(rng) < kDemoBlankShare
                                                  ? VariableMap{}
                                                  : simulateResponse(item, demoCorrectProbability(theta, b), rng);
                // The simulated scorer gives every criterion a person scores, where there is work.
                VariableMap external;
                if (hasWorkForPerson(item, responses)) {
                    const std::vector<RubricCriterion> criteria = rubricOf(item).criteria;
                    for (const RubricCriterion& c : criteria) {
                        const auto col = column.find(criterionUnitId(item.identifier, c.outcome));
                        const double d = col == column.end() ? b : sample.units[col->second].difficulty;
                        const int level = c.minScore + simulateCriterionScore(c.maxScore - c.minScore, theta, d, rng);
                        const OutcomeDeclaration* o = item.findOutcome(c.outcome);
                        external[c.outcome] = Value::single(o ? o->baseType : BaseType::Float, std::to_string(level));
                    }
                }
                std::vector<UnitScore> units = criterionUnitScores(item, responses, external);
                if (units.empty()) {
                    const double max = item.maxScore();
                    if (!(max > 0)) continue;
                    units.push_back({item.identifier, static_cast<int>(std::lround(scoreOf(item, responses)))});
                }
                for (const UnitScore& s : units)
                    if (const auto col = column.find(s.unitId); col != column.end())
                        scores[col->second] = std::clamp(s.score, 0, sample.units[col->second].maxScore);
            }
        }
        sample.abilities.push_back(theta);
        sample.booklets.push_back(std::move(booklet));
        sample.languages.push_back(language);
        sample.scores.push_back(std::move(scores));
    }
    return sample;
}

std::string formatCalibrationBackground(const CalibrationSample& sample) {
    std::string out = "person_id,language\n";
    for (size_t p = 0; p < sample.languages.size(); ++p)
        out += "sim" + std::to_string(p + 1) + "," + sample.languages[p] + "\n";
    return out;
}

std::string formatCalibrationResponses(const CalibrationSample& sample) {
    std::string out = "person_id";
    for (const CalibrationUnit& u : sample.units) out += "," + u.id;
    out += "\n";
    for (size_t p = 0; p < sample.scores.size(); ++p) {
        out += "sim" + std::to_string(p + 1);
        for (int s : sample.scores[p]) {
            out += ",";
            if (s >= 0) out += std::to_string(s);
        }
        out += "\n";
    }
    return out;
}

}  // namespace dlk
