#pragma once
// Which modules each pupil takes, and in which order: the bank's session design
// (<items>/session-design.json) dealt by BookletDesign, one booklet per pupil in the order pupils
// first log in. The plan is dealt once, committed with the design and seed that made it, and read
// back on every later login, so a restart or another design file never reshuffles a pupil.
#include <cstdint>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "delivery/booklet_design.h"
#include "storage/database.h"

namespace dlk {

// Reads <itemsDir>/session-design.json:
//   {"tutorial": "m00-oefenen", "modules": ["m01-...", ...], "perPupil": 2}
// Without the file every module of the bank is taken in bank order (no tutorial). Throws
// dlk::Error(Parse/Invalid) naming the file and the problem: unreadable JSON, a module the bank
// does not hold, the tutorial also in the pool, a negative count.
BookletDesign loadSessionDesign(const std::string& itemsDir, const ItemBank& bank);

struct SessionPlan {
    std::vector<std::string> modules;  // tutorial first (if any), then the dealt modules
    uint64_t seed = 0;                 // the design's rotation offset this plan was dealt with
    uint64_t sequence = 0;             // the pupil's place in the rotation on this kiosk
};

class SessionPlans {
public:
    explicit SessionPlans(Database& db) : m_db(db) {}
    // The pupil's plan: the stored one, or one dealt now from `design` and committed. The
    // rotation's offset is drawn at random once per database and kept, so kiosks differ but
    // each stays balanced.
    SessionPlan planFor(int64_t pupilId, const BookletDesign& design, int64_t nowMs);
    std::optional<SessionPlan> find(int64_t pupilId);
    // Gives a pupil who has no plan yet these modules, in this order (a teacher's choice, or a
    // demo screen), recorded as assigned rather than dealt. Throws dlk::Error(Invalid) when the
    // pupil already has a plan: a dealt plan is never changed.
    SessionPlan assign(int64_t pupilId, const std::vector<std::string>& modules, int64_t nowMs);

private:
    uint64_t rotationSeed();
    Database& m_db;
};

}  // namespace dlk
