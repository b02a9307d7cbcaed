#pragma once
// The words a printed class report and a pupil's feedback sheet give beside the class report's
// figures (results/class_report.h: the class's share of points per domain, the distribution over
// the levels, a pupil's share per domain, computed there once for screen and paper): the plain
// words for a level and for a pupil's result in a domain.
#include <array>
#include <optional>
#include <vector>

#include "bank/domain.h"
#include "irt/reporting_scale.h"
#include "results/class_report.h"

namespace dlk {

// A pupil's status in the teacher's words ("niet begonnen", "bezig", "klaar"), translated with
// tr(): the same on every tab and on paper.
const char* attemptStatusText(AttemptStatus status);

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
