#pragma once
// Which modules each pupil takes, and in which order: the bank's session design
// (<items>/session-design.json) dealt by BookletDesign, one booklet per pupil in the order pupils
// first log in. The plan is dealt once, committed with the design and seed that made it, and read
// back on every later login, so a restart or another design file never reshuffles a pupil.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "delivery/booklet_design.h"
#include "storage/database.h"

namespace dlk {

// The session designs of <itemsDir>/session-design.json, one of them the default; a teacher
// chooses per class which one its pupils are dealt (SchoolStore::setSessionDesign). The file:
//   {"tutorial": "m00-oefenen", "default": "icils",
//    "designs": [{"name": "icils", "label": {"nl": "...", "en": "..."},
//                 "parts": [{"modules": ["m01-...", ...], "perPupil": 2}, {"modules": [...]}]}, ...]}
// A part without "perPupil" (or 0) deals every module of its pool, in a balanced order. A file of
// the older form {"tutorial": ..., "modules": [...], "perPupil": 2} is one design named
// "standaard" of one part; a design may also be of that form (modules and perPupil, no parts).
// Without the file every module of the bank is taken in bank order (no tutorial).
struct SessionDesigns {
    std::vector<BookletDesign> designs;  // in the file's order; never empty
    std::string defaultName;

    const BookletDesign& defaultDesign() const;
    // The design of that name; nullptr for none.
    const BookletDesign* find(const std::string& name) const;
    // The design of that name, or the default for an empty or unknown name (a design since
    // removed from the file: logged).
    const BookletDesign& chosen(const std::string& name) const;
};

// Throws dlk::Error(Parse/Invalid) naming the file and the problem: unreadable JSON, a module the
// bank does not hold, a module twice in a design, the tutorial also in a pool, a count that is
// negative or beyond its pool, two designs of one name, a default that is no design.
SessionDesigns loadSessionDesigns(const std::string& itemsDir, const ItemBank& bank);
// About how long a pupil's session of this design takes, in whole minutes: the tutorial's time
// limit plus, per part, the number of modules dealt times the mean limit of its pool (a module
// without a limit counts 0).
int designMinutes(const BookletDesign& design, const ItemBank& bank);
// The default design of the file (loadSessionDesigns(...).defaultDesign()).
BookletDesign loadSessionDesign(const std::string& itemsDir, const ItemBank& bank);

struct SessionPlan {
    std::vector<std::string> modules;  // tutorial first (if any), then the dealt modules
    uint64_t seed = 0;                 // the design's rotation offset this plan was dealt with
    uint64_t sequence = 0;             // the pupil's place in the rotation on this kiosk
};

// Module lists by pupil: a school's plans deal a few dozen distinct lists, each parsed and kept once.
class DealtModules {
public:
    // The pupil's list (tutorial first, as SessionPlan::modules), or null for a pupil without a plan.
    const std::vector<std::string>* of(int64_t pupilId) const;

private:
    friend class SessionPlans;
    std::vector<std::pair<int64_t, size_t>> m_byPupil;  // (pupil id, index into m_lists), by pupil id
    std::vector<std::vector<std::string>> m_lists;
};

class SessionPlans {
public:
    explicit SessionPlans(Database& db) : m_db(db) {}
    // The pupil's plan: the stored one, or one dealt now from `design` and committed. The
    // rotation's offset is drawn at random once per database and kept, so kiosks differ but
    // each stays balanced.
    // The pupil's place in the rotation is the number of plans dealt before with the same design
    // in the pupil's class, so each class is balanced on its own, whatever design it has.
    SessionPlan planFor(int64_t pupilId, const BookletDesign& design, int64_t nowMs);
    // The name of the design the teacher chose for the pupil's class; empty for the default (or
    // no such pupil).
    std::string chosenDesign(int64_t pupilId);
    // How many pupils of the class have a plan (dealt or assigned).
    int dealtInClass(int64_t classId);
    std::optional<SessionPlan> find(int64_t pupilId);
    // The modules of the stored plans of a class's pupils (classId 0: the school's), in one query: what the module
    // progress (results/response_status.h) reads of 100,000 plans. Error(Corrupt) as find() for a list that is damaged
    // or empty; the rest of a plan (its design) is not read.
    DealtModules modulesOfClass(int64_t classId);
    // Gives a pupil who has no plan yet these modules, in this order (a teacher's choice, or a
    // demo screen), recorded as assigned rather than dealt. Throws dlk::Error(Invalid) when the
    // pupil already has a plan: a dealt plan is never changed.
    SessionPlan assign(int64_t pupilId, const std::vector<std::string>& modules, int64_t nowMs);
    // Fixes the rotation's offset where none is drawn yet (an offset already kept stays: plans
    // dealt with it stay balanced). For a demo school, whose pupils and booklets are those of its
    // seed; a kiosk draws the offset at random.
    void pinRotationSeed(uint64_t seed);

private:
    uint64_t rotationSeed();
    uint64_t dealtBefore(int64_t pupilId, const std::string& designName);
    Database& m_db;
};

}  // namespace dlk
