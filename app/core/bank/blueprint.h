#pragma once
// The bank's blueprint (issue 16, docs/item-format.md "The blueprint"): how many scored items and
// score points the bank has per domain, kerndoel and ICILS aspect, and where it strays from the
// target blueprint kept in <items>/blueprint.json. `dlkiosk validate --blueprint DIR` prints it.
//
// A score point is a point of an item's maximum score (Item::maxScore); rubric criteria a teacher
// scores count with their maximum points, as ICILS counts each criterion. The practice module
// (Module::practice) is no measurement and is left out.
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bank/domain.h"
#include "bank/icils.h"
#include "bank/item_bank.h"
#include "qti/validator.h"

namespace dlk {

// ---- the target: blueprint.json
//
//   {"about": "...", "tolerance": 5, "ctModules": ["m03-robot"],
//    "cil": {"1": 12, "2": 21, "3": 48, "4": 19},
//    "ct": {}, "domains": {"ict": 25, "info": 25, "media": 25, "ct": 25}, "ages": [10, 15]}
//
// cil: percent of the CIL part's points per CIL strand ("1") or aspect ("1.1"); ct the same for
// the CT part; domains: percent of all points per domain. Each present group adds up to 100 (±0.5)
// and names a strand and one of its aspects not both; an empty or absent group sets no target.
// tolerance: percentage points a share may stray before it is a warning. ctModules: the bank's
// computational-thinking modules (ICILS keeps CT items in CT modules, CIL items in the others).
// ages: the pupils' ages the bank is made for, [from, to] in whole years; every item's intended
// age (dlk-age-*) lies within it. Absent: no age target.

struct BlueprintTarget {
    std::string key;  // a strand or aspect id (bank/icils.h), or a domain id
    double percent = 0;
};

struct Blueprint {
    double tolerance = 5;  // percentage points
    std::vector<std::string> ctModules;
    std::vector<BlueprintTarget> cil;  // in the file's order
    std::vector<BlueprintTarget> ct;
    std::vector<BlueprintTarget> domains;
    int ageFrom = 0, ageTo = 0;  // "ages"; 0: none given
};

constexpr std::string_view kBlueprintFile = "blueprint.json";
constexpr size_t kBlueprintMaxBytes = 64 * 1024;
constexpr double kBlueprintSumSlack = 0.5;  // a group's percents add up to 100 within this

// ICILS 2023's CIL weights (12, 21, 48, 19 per strand), tolerance 5, no CT module, no other target.
Blueprint defaultBlueprint();
// Reads blueprint.json's text. Throws Error(Parse) for text that is not JSON and Error(Invalid)
// for a rule it breaks; each message starts with `where` (the file's path).
Blueprint parseBlueprint(std::string_view text, const std::string& where);
// Reads the file at `path`: Error(Io) when it cannot be read or is over kBlueprintMaxBytes.
Blueprint loadBlueprint(const std::string& path);

// ---- what the bank has

struct BlueprintTally {
    int items = 0;
    double points = 0;
    double teacherPoints = 0;  // of `points`, those of rubric criteria a teacher scores
    void add(double itemPoints, double itemTeacherPoints) {
        ++items;
        points += itemPoints;
        teacherPoints += itemTeacherPoints;
    }
};

struct BlueprintModule {
    std::string identifier;
    bool ct = false;  // named in the blueprint's ctModules
    BlueprintTally tally;
    std::vector<std::string> otherPartItems;  // CT items of a CIL module, CIL items of a CT module
    double minutes = 0;                       // the estimated times of all its items (dlk-minutes-*)
    std::vector<std::string> withoutMinutes;  // its items without an estimate
    double limitMinutes = 0;                  // its time limit; 0: none
    // The ages every item of it is meant for: the overlap of their dlk-age-* ranges (ageFrom > ageTo
    // when they do not overlap; both 0 when no item says).
    int ageFrom = 0, ageTo = 0;
    std::vector<std::string> withoutAge;   // its items without an intended age
    std::vector<std::string> outsideAges;  // its items meant for ages outside the blueprint's "ages"
};

struct BlueprintCount {
    std::vector<BlueprintModule> modules;  // the measuring modules, in bank order
    std::vector<std::string> practice;     // the practice modules left out
    BlueprintTally total;
    std::map<Domain, BlueprintTally> domains;
    std::array<BlueprintTally, 10> kerndoelen;  // [1] to [9]; an item counts under each of its kerndoelen
    BlueprintTally withoutKerndoel;
    std::map<std::string, BlueprintTally> aspects;  // by aspect id
    std::map<std::string, BlueprintTally> strands;  // by strand id
    BlueprintTally cil, ct;                         // the items with a CIL, a CT aspect
    BlueprintTally withoutAspect;
    int unscored = 0;  // item refs without points (not counted above)

    const BlueprintTally& part(IcilsPart p) const { return p == IcilsPart::Cil ? cil : ct; }
};

// Counts the bank's measuring modules (every module but the practice ones), each item once per
// ref, from its Dutch version (the versions score alike, or the module is not in the bank).
BlueprintCount countBlueprint(const ItemBank& bank, const Blueprint& blueprint);

// An age range as the blueprint prints it: "10-15", "12" (from == to); "" for none (from 0).
std::string ageRangeText(int from, int to);

// The share (percent) `points` is of `of`; 0 when `of` has no points.
double blueprintShare(double points, double of);

// Where the count strays from the blueprint, as findings at `blueprintPath` (line 0): a warning
// per target whose share is further than the tolerance from it (a strand's share is its aspects'),
// per module that holds items of the other part, per module whose items' estimated times add up to
// more than its time limit, per module with items without an estimate, per module with items
// without an intended age, with items meant for ages outside the blueprint's, or with no age that
// suits all its items, per module refused by the
// bank (not counted), and one per group of targets whose part has no points at all;
// an error for a ctModules entry the bank does not hold.
std::vector<Finding> compareBlueprint(const BlueprintCount& count, const Blueprint& blueprint, const ItemBank& bank,
                                      const std::string& blueprintPath);

}  // namespace dlk
