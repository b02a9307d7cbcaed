#pragma once
// A class now against an earlier measurement of the same class (SchoolStore::startNewRound: a
// baseline in the autumn, again in the spring), from the two rounds' class reports: the class's
// figures then and now, and each pupil against themselves. A share of the points depends on which
// modules a pupil was dealt and how hard they were; a scale score (a calibrated bank) does not,
// so whether a pupil went up or down is judged on the scale alone, and only where the change is
// larger than its 95% margin. Group figures follow the privacy rule in each round.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "results/class_report.h"

namespace dlk {

// A class figure in both rounds; each withheld on its own for 5 finished pupils or fewer.
struct RoundFigure {
    std::optional<int> then;
    std::optional<int> now;
};

enum class Change { Unknown, Lower, Same, Higher };

struct PupilChange {
    int64_t pupilId = 0;         // now
    int64_t earlierPupilId = 0;  // the same pupil's row in the earlier round
    std::optional<ScaleScore> then;
    std::optional<ScaleScore> now;
    // Higher or Lower when the scale scores differ by more than the 95% margin of the difference,
    // 1.96 × sqrt(se_then² + se_now²); Same within it; Unknown without a scale score in both.
    Change change = Change::Unknown;
    std::array<std::optional<int>, 4> domainsThen{};  // the pupil's share per domain, indexed by Domain
    std::array<std::optional<int>, 4> domainsNow{};
};

struct RoundComparison {
    RoundFigure overall;                   // the classes' meanPercent
    std::array<RoundFigure, 4> domains{};  // indexed by Domain
    // The mean scale score of the finished pupils with one, per round (none for 5 or fewer).
    std::optional<double> scaleThen;
    std::optional<double> scaleNow;
    // Pupils with a scale score in both rounds, and how many went up, stayed, went down; the
    // counts are a group figure: none for 5 such pupils or fewer.
    int pupilsCompared = 0;
    std::optional<int> higher, same, lower;
    std::vector<PupilChange> pupils;  // the pupils now who were in the earlier round, in the class's order
    const PupilChange* find(int64_t pupilId) const;
};

Change changeBetween(const ScaleScore& then, const ScaleScore& now);
// `earlierOf`: pupil id now -> pupil id in the earlier round (SchoolStore::earlierPupils).
RoundComparison compareRounds(const ClassReport& earlier, const ClassReport& now,
                              const std::map<int64_t, int64_t>& earlierOf);

}  // namespace dlk
