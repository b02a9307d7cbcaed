#pragma once
// A demo school for trying every screen and export without a real class: a class of simulated
// pupils whose answers are drawn from a Rasch model (P(correct) = 1 / (1 + exp(b - theta))).
// Each simulated pupil takes the session the kiosk deals: its plan from the session design
// (the tutorial, then the dealt modules, in order), as if it had logged in at the kiosk.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "delivery/booklet_design.h"
#include "qti/response_processing.h"
#include "school/school_store.h"
#include "storage/database.h"

namespace dlk {

struct DemoOptions {
    int pupils = 25;     // simulated pupils, 1 to 500
    int notStarted = 0;  // extra pupils in the class without a plan or attempt, 0 to 500
    uint64_t seed = 20261128;
    std::string pin = "123456";  // used only when the database has no school yet
    std::string schoolName = "Demoschool De Vlinder";
    // The share of simulated pupils who finish their whole session; the others stop somewhere in
    // one of their dealt modules and have not started the modules after it (the kiosk starts a
    // module only when the one before is finished).
    double finishedShare = 0.8;
    // The simulated scorer (simulateCriterionScore) gives every answer's rubric criteria their
    // first score, as the logged-in teacher: the class's results then count them. Off by default,
    // so the rubric screen has answers to score.
    bool scoreRubrics = false;
};

struct DemoSchool {
    std::string className;
    std::vector<PupilInfo> pupils;      // the simulated pupils, in the order they logged in
    std::vector<PupilInfo> notStarted;  // options.notStarted more, never logged in
};

// Adds a class to the school (set up first when the database has none) and simulates its pupils.
// Each pupil's plan comes from SessionPlans::planFor with `design` (the kiosk's sessionDesign()),
// so it is dealt and recorded exactly as at a first login, and follows the kiosk's rotation
// (whose offset each database draws once). The seed fixes the names, abilities and answers: two
// databases with the same rotation offset get the same class. Throws dlk::Error(Invalid),
// before anything is written, for impossible options, an empty bank, or a design that cannot be
// dealt from this bank.
DemoSchool makeDemoSchool(Database& db, const ItemBank& bank, const BookletDesign& design, const DemoOptions& options,
                          int64_t nowMs);
// The same through the caller's school store, which is left unlocked (pupils' names and codes
// are sealed under the data key: adding them needs it). A school already set up is unlocked
// with options.pin; another PIN is refused with Error(Auth) before anything is written.
DemoSchool makeDemoSchool(SchoolStore& school, Database& db, const ItemBank& bank, const BookletDesign& design,
                          const DemoOptions& options, int64_t nowMs);

// The demo's answer model, which the demo school and the calibration sample share: an item's
// difficulty comes from its place in its module, spread evenly over -1.5..1.5 logits in module
// order (a demo, not a calibration; the practice module's tasks are easy at -2.5), and a pupil of
// ability theta earns about P = 1 / (1 + exp(difficulty - theta)) of it (simulateResponse).
// kDemoBlankShare of the items a pupil meets are left blank.
inline constexpr double kDemoBlankShare = 0.05;
double demoItemDifficulty(size_t position, size_t itemCount, bool practice);
double demoCorrectProbability(double theta, double difficulty);

// The simulated scorer of a criterion a person scores (a rubric line of a large task): criterion
// k of an item's `criteria` lies kDemoCriterionSpread logits apart from the next, centred on the
// item's difficulty; a criterion of m points has its steps 0.8 logits apart around that, and the
// scorer gives the level drawn from the partial credit model at the pupil's ability: 0..m points.
inline constexpr double kDemoCriterionSpread = 0.5;
double demoCriterionDifficulty(double itemDifficulty, size_t criterion, size_t criteria);
int simulateCriterionScore(int maxPoints, double theta, double difficulty, std::mt19937_64& rng);

// A response to `item` that earns about `fraction` of its maximum: the correct response for 1,
// a wrong one for 0, a partial one between (where the item allows partial credit). Covers every
// interaction of the QTI model: choice, inline choice, hottext, hotspot, order, graphic order,
// match, associate, graphic associate, gap match, graphic gap match, select point and position
// object (a point inside or outside the credited areas), slider (the correct value or one well
// away from it), text entry, and extended text (a plausible text when, as in a task a teacher
// scores, the item declares no answer; its SCORE then stays 0).
VariableMap simulateResponse(const Item& item, double fraction, std::mt19937_64& rng);

}  // namespace dlk
