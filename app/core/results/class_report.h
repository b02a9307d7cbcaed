#pragma once
// Everything the teacher's views, a printed class report and an export say about one class,
// computed once from the stored answers: per pupil the raw scores, the scale score with its 95%
// margin and level (when the bank is calibrated) and the activity from the process data; per
// class the figures the privacy rule allows. Whoever shows these numbers formats them; nobody
// computes their own, so a screen and a report can never disagree.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "delivery/process_log.h"
#include "irt/items_csv.h"
#include "irt/reporting_scale.h"
#include "results/class_results.h"
#include "results/item_analysis.h"
#include "results/privacy_rules.h"
#include "storage/database.h"

namespace dlk {

// A pupil's place on the reporting scale (mean 500, SD 100 in the calibration sample).
struct ScaleScore {
    double score = 0;
    double se = 0;
    double margin95 = 0;                  // kZ95 × se: the 95% interval is score ± margin95
    std::optional<LevelPlacement> level;  // with a level table for the bank's scale
    // What the estimate rests on: the pupil's items that have parameters, and their points. Items
    // without parameters (new items, teacher-scored tasks) are left out, so two pupils whose raw
    // scores differ only on those items have the same scale score; a screen says so.
    int rawScore = 0;
    int maxScore = 0;
    int itemsUsed = 0;
    int itemsWithoutParameters = 0;
    // Items left out because their stored score lies outside the range of their parameters (the
    // item changed after the calibration): named here, never a reason to drop the whole class.
    std::vector<std::string> itemsOutOfRange;
};

struct PupilReport {
    PupilResult result;  // who, status, raw and maximum score per domain, answered and seen
    // Only for a pupil whose whole plan is finished, in a calibrated bank: an estimate from part
    // of a session would be read as the pupil's level.
    std::optional<ScaleScore> scale;
    // The same per domain (indexed by Domain): the WLE on the domain's items alone with the same
    // one-dimensional parameters, so on the same metric; its level from the level table's scale
    // of that domain ("ict", "info", "media", "ct"). None without items with parameters in it.
    std::array<std::optional<ScaleScore>, 4> domainScales{};
    // Why a finished pupil in a calibrated bank has no scale score after all (the estimate
    // failed): "file:line"-style technical detail for the teacher's details line and the log.
    std::string scaleProblem;
    std::optional<ActivitySummary> activity;  // none before the pupil's first measured module
    // What a teacher calls the pupil: the name, or the code when the pupil has none.
    const std::string& name() const { return result.displayName.empty() ? result.code : result.displayName; }
};

// The class's share of the points in one domain: the mean over the finished pupils who had items
// of the domain of each one's share, in whole percent (a half rounds up).
struct DomainFigure {
    Domain domain = Domain::IctBasic;
    int pupils = 0;  // finished pupils with points to earn in the domain
    std::optional<int> percent;
    Withheld withheld = Withheld::No;
};

// How many finished pupils are at each level of the bank's scale.
struct LevelCount {
    int level = 0;
    int pupils = 0;
    int percent = 0;  // of the pupils with a level, whole percent (a half rounds up)
};
struct LevelDistribution {
    int pupils = 0;                    // finished pupils with a scale score and level
    Withheld withheld = Withheld::No;  // SmallGroup: `levels` is empty
    std::vector<LevelCount> levels;    // every level of the scale, from the lowest, also those with none
};
// Whether a domain's distribution belongs on a screen or report: a finished pupil has a level in the
// domain (a domain none of the class's modules had items of is no small group, it is not there).
bool domainLevelsShown(const LevelDistribution& dist);

// A pupil's share of the points in one domain, in whole percent; none without items in it.
std::optional<int> domainPercent(const DomainScore& score);

// Strengths and weaknesses per kerndoel are relative: a kerndoel in which a class (or a pupil)
// earns clearly more or less of its points than in the whole test. So a weak class also learns
// where it stands strongest, and a strong one where it has most to gain; an absolute bar would
// call every kerndoel of a weak class a weakness and say nothing. A kerndoel with few points to
// earn says too little to call it either: one lucky guess would move it 25 points.
enum class Standing { TooFewPoints, Weaker, AsOverall, Stronger };
inline constexpr int kStandingMarginPercent = 10;   // percentage points from the overall share
inline constexpr double kMinPointsForStanding = 4;  // points to earn in the kerndoel (a pupil's, or a class's mean)
Standing standingOf(int kerndoelPercent, int overallPercent, double pointsToEarn);
// A pupil's own standing in kerndoel `k` (1 to kKerndoelCount), against their own share of all
// their points; TooFewPoints without items in it.
Standing pupilStanding(const PupilResult& result, int k);

// The class's share of the points in one kerndoel, as DomainFigure is for a domain.
struct KerndoelFigure {
    int kerndoel = 0;
    int pupils = 0;         // finished pupils with points to earn in the kerndoel
    double meanPoints = 0;  // the points each of them could earn in it, on average
    std::optional<int> percent;
    Withheld withheld = Withheld::No;
    Standing standing = Standing::TooFewPoints;  // against the class's meanPercent
};

struct ClassReport {
    int64_t classId = 0;
    std::vector<PupilReport> pupils;  // in the class's order
    int finished = 0;                 // pupils whose whole plan is finished, with scored items
    // The finished pupils' mean share of their points, in whole percent (a half rounds up);
    // withheld for kMaxGroupWithoutStatistics finished pupils or fewer.
    std::optional<int> meanPercent;
    Withheld meanWithheld = Withheld::No;
    bool scaled = false;                    // the bank has item parameters, so finished pupils have scale scores
    bool provisional = false;               // those parameters are not from a real calibration sample
    std::array<DomainFigure, 4> domains{};  // indexed by Domain
    // [1] to [kKerndoelCount]; a kerndoel no finished pupil had items of has pupils == 0.
    std::array<KerndoelFigure, kKerndoelCount + 1> kerndoelen{};
    // Empty (no levels) without parameters or a level table for the bank's scale.
    LevelDistribution levels;
    // The same per domain (indexed by Domain), from the pupils' domain scale scores; empty for a
    // domain whose scale the level table does not have.
    std::array<LevelDistribution, 4> domainLevels{};
    // Item analysis over the finished pupils (item_analysis.h), in the order the items are met.
    std::vector<ItemAnalysis> items;
    // Items that could not be scored for this class (their processing fails): in no pupil's raw
    // or scale score; every other item and pupil is reported as usual.
    std::vector<UnscorableItem> unscorable;
};

// The report of class `classId` from one scoring pass over its stored answers. `calibration` and
// `levels` may be null (no scale scores; no levels). Throws dlk::Error from storage, and
// Error(Invalid) from scalePupil for a stored score outside an item's range.
// `dif` (may be null) flags the items the bank's DIF table marks B or C (attachDifFlags).
ClassReport buildClassReport(Database& db, const ItemBank& bank, int64_t classId, const CalibratedItems* calibration,
                             const LevelTable* levels, const BankDif* dif = nullptr);
// The class figures from the report's pupils: the finished pupils' mean share overall
// (`meanPercent`), per domain (`domains`) and per kerndoel (`kerndoelen`, with its standing) and, for a scale of
// `levelCount` levels (0: none), the finished pupils per level
// (`levels`) and per domain for domain scales of `domainLevelCounts` levels (`domainLevels`), each
// withheld for kMaxGroupWithoutStatistics pupils or fewer. buildClassReport calls
// it; a report put together otherwise (a test's) gets the same figures from the same code.
void addClassFigures(ClassReport& report, size_t levelCount, const std::array<size_t, 4>& domainLevelCounts = {});
// The pupils' codes and names for the teacher (see attachNames in class_results.h).
void attachNames(ClassReport& report, SchoolStore& school);

}  // namespace dlk
