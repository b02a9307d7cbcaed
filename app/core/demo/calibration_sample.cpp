#include "demo/calibration_sample.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <random>

#include "demo/demo_school.h"
#include "qti/response_processing.h"
#include "scoring/human_scores.h"
#include "util/error.h"

namespace dlk {

namespace {

// At most this many answers of the demo's model are drawn to find one that earns a given level.
constexpr int kAnswerDraws = 16;

// An answer of the demo's model to `item` for a pupil of ability `theta`. A 0/1 item, or one with
// criteria a teacher scores (their levels are drawn apart, below), takes the model's answer at the
// probability of a right one. An item the program scores with more points first gets its level
// from the partial credit model (steps 0.8 logits apart around `difficulty`, as the simulated
// scorer's), then the first of up to kAnswerDraws answers that earns exactly that level, else the
// closest: the model alone gives such an item all or nothing far more often than a partial credit
// item would (kas-10's 4 points misfit with outfit 3.9), and a calibration on those scores said
// more about the simulation than about the items.
VariableMap simulateAnswer(const Item& item, double theta, double difficulty, std::mt19937_64& rng) {
    const int max = static_cast<int>(std::lround(item.maxScore()));
    if (max <= 1 || !item.humanScoredOutcomes().empty())
        return simulateResponse(item, demoCorrectProbability(theta, difficulty), rng);
    const int level = simulateCriterionScore(max, theta, difficulty, rng);
    const double aim = static_cast<double>(level) / max;  // the model's chance of the whole answer
    VariableMap best;
    int bestGap = max + 1;
    for (int draw = 0; draw < kAnswerDraws && bestGap > 0; ++draw) {
        VariableMap answer = simulateResponse(item, aim, rng);
        const int gap = std::abs(static_cast<int>(std::lround(scoreOf(item, answer))) - level);
        if (gap < bestGap) {
            best = std::move(answer);
            bestGap = gap;
        }
    }
    return best;
}

}  // namespace

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
                const VariableMap responses =
                    u(rng) < kDemoBlankShare ? VariableMap{} : simulateAnswer(item, theta, b, rng);
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
