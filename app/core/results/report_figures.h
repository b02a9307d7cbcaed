#pragma once
// The figures a printed class report and a pupil's feedback sheet show beyond the class report's
// own (results/class_report.h): the class's share of points per domain, the distribution of the
// finished pupils over the levels, a pupil's share per domain, and the plain words for a level
// and for a pupil's result in a domain. Computed here, once, so paper and screen cannot disagree;
// every group figure asks privacy_rules.h first.
#include <array>
#include <optional>
#include <vector>

#include "bank/domain.h"
#include "irt/reporting_scale.h"
#include "results/class_report.h"

namespace dlk {

// A pupil's points in a domain as a whole percent of the points they could get there (a half
// rounds up); none when the pupil was given no item of the domain.
std::optional<int> domainPercent(const PupilResult& pupil, Domain domain);

struct DomainFigure {
    int pupils = 0;                  // finished pupils who had items of the domain
    std::optional<int> meanPercent;  // their mean share; none for kMaxGroupWithoutStatistics or fewer
};
// Per domain (indexed by Domain) the finished pupils' mean share of their points.
std::array<DomainFigure, 4> classDomainFigures(const ClassReport& report);

struct LevelDistribution {
    int pupils = 0;           // finished pupils with a level
    std::vector<int> counts;  // per level 0..levelCount-1; empty when withheld
    bool withheld() const { return counts.empty(); }
};
// How many finished pupils are at each level of a scale with `levelCount` levels; withheld (no
// counts) for kMaxGroupWithoutStatistics pupils with a level or fewer.
LevelDistribution levelDistribution(const ClassReport& report, size_t levelCount);

// A level in one plain sentence for the teacher (third person), and the same for the pupil
// ("je"): both translated with tr(). They summarise the descriptors of assets/irt/levels.csv
// (ICILS 2013 CIL levels); a level table with more levels than these gets its own descriptor.
std::string levelSentenceForTeacher(const ProficiencyLevel& level);
std::string levelSentenceForPupil(const ProficiencyLevel& level);

// How a pupil did in a domain, for the feedback sheet: from 70% of the points "strong", from
// 40% "on the way", below that "practise".
enum class DomainBand { Practise, OnTheWay, Strong };
inline constexpr int kStrongFromPercent = 70;
inline constexpr int kOnTheWayFromPercent = 40;
DomainBand domainBand(int percent);

// What went well and one suggestion, in short sentences for a pupil of 10 to 15 ("je"), as
// msgids: the caller translates them with tr().
struct DomainAdvice {
    const char* wentWell = "";
    const char* suggestion = "";
};
DomainAdvice domainAdvice(Domain domain, DomainBand band);

}  // namespace dlk
