#pragma once
// Statistical disclosure control for the export: whoever holds the class list (a teacher, a
// classmate's parent) must not find one pupil's rows by what else they know about the pupil.
//
// Two rules, as statistics offices apply them:
// - The pupil file is k-anonymous (k = kMinPupilGroup) on its quasi-identifiers, the class, the
//   accommodations and the background variables (school/background.h: age in whole years, grade,
//   track, gender): every combination of them that appears is shared by at least k pupils. A class
//   is generalised step by step, in this order, each step keeping the ones before, until it holds:
//     0. everything as recorded (each accommodation: larger text, high contrast, extra time,
//        dyslexia font, read-aloud; the age in years; grade, track and gender);
//     1. only whether the pupil has any accommodation;
//     2. the age in two-year bands (10-11, 12-13, ...);
//     3. the gender left out;
//     4. the tracks merged (pro, vmbo-bk and vmbo-gt into vmbo; havo and vwo into havo-vwo);
//     5. no accommodation at all;
//     6. no age;
//     7. no grade and no track: only the class is left, which holds (the group has k or more).
//   A step that changes nothing for the group (a variable nobody in it has recorded) is not
//   reported. A class smaller than k loses its class: its pupils are pooled with the other
//   small classes (and generalised the same way); a pool smaller than k leaves the export
//   altogether, from every file, and the export says so.
// - An aggregate (a group's number of pupils, mean score and share) needs more than
//   kMaxGroupWithoutStatistics pupils (results/privacy_rules.h, as the teacher's screen); a smaller group's cells are
//   left empty (primary suppression), and when a suppressed group could be recovered as the total minus the other
//   groups, the smallest other group is suppressed too (secondary suppression). Shares are clamped to 5-95%, so no cell
//   says "all" or "none" of a group.
// The functions are pure: the export (csv_export.cpp) gives them the pupils and the groups and
// writes what they decide, including every generalisation and suppression with its reason.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "results/privacy_rules.h"

namespace dlk {

inline constexpr int kMinPupilGroup = 5;  // k of the pupil file's k-anonymity (issue 14)
inline constexpr double kMinSharePct = 5, kMaxSharePct = 95;

inline constexpr int kAccommodationCount = 5;  // larger text, high contrast, extra time, dyslexia font, read aloud

// How much of a pupil's accommodations the pupil file shows.
enum class AccommodationDetail {
    Each,  // the five flags as the teacher set them
    Any,   // only whether the pupil has any accommodation
    None,  // nothing
};
const char* accommodationDetailName(AccommodationDetail d);

enum class AgeDetail { Years, Band, None };
enum class TrackDetail { Each, Merged, None };

// What the pupil file shows of a group's pupils: one of the steps above.
struct Generalisation {
    AccommodationDetail accommodations = AccommodationDetail::Each;
    AgeDetail age = AgeDetail::Years;
    bool genderWithheld = false;
    TrackDetail track = TrackDetail::Each;
    bool gradeWithheld = false;
    bool operator==(const Generalisation&) const = default;
};
inline constexpr int kGeneralisationSteps = 8;  // 0 to 7 above
Generalisation generalisationStep(int step);

struct PupilQuasiIdentifiers {
    int64_t pupilId = 0;
    int64_t classId = 0;
    std::array<bool, kAccommodationCount> accommodations{};
    // Background variables (school/background.h); none or empty: not recorded.
    std::optional<int> age;  // whole years at the session
    std::optional<int> grade;
    std::string track;
    std::string gender;
};

// The age band of an age: "10-11", "12-13" (even first year).
std::string ageBand(int age);

// One decision for a group of pupils (a class, or the pool of small classes), to be reported.
struct DisclosureStep {
    int64_t classId = 0;  // 0 for the pool of small classes
    int classes = 1;      // the pool: how many small classes it holds
    int pupils = 0;
    bool classWithheld = false;  // pooled: the pupils' class is not in the file
    bool suppressed = false;     // left out of every file (the pool was smaller than k)
    AccommodationDetail detail = AccommodationDetail::Each;
    Generalisation shown;  // shown.accommodations == detail
    // The background generalisations that changed something for this group (a variable someone in it recorded).
    bool ageBanded = false, ageWithheld = false, genderWithheld = false, tracksMerged = false,
         gradeAndTrackWithheld = false;
    bool changesBackground() const {
        return ageBanded || ageWithheld || genderWithheld || tracksMerged || gradeAndTrackWithheld;
    }
};

struct PupilDisclosure {
    struct Pupil {
        bool classWithheld = false;
        bool suppressed = false;
        AccommodationDetail detail = AccommodationDetail::Each;
        Generalisation shown;
    };
    std::map<int64_t, Pupil> pupils;    // by pupil id: every pupil given
    std::vector<DisclosureStep> steps;  // per class (in class id order), then the pool; only groups that were changed

    bool suppressed(int64_t pupilId) const;
    int suppressedCount() const;
};

// Generalises the pupil file until it is k-anonymous (see above). Each class is taken on its own:
// its pupils share a class pseudonym no other pupil has, so its combinations are its own.
PupilDisclosure protectPupilFile(const std::vector<PupilQuasiIdentifiers>& pupils, int k = kMinPupilGroup);

// Why an aggregate cell is empty.
enum class Suppression {
    None,
    Small,      // the group has kMaxGroupWithoutStatistics pupils or fewer
    Secondary,  // it would give away a small group: the total minus the published groups
};
const char* suppressionName(Suppression s);

// The groups that add up to one total (the classes of a school and their pool, for one domain):
// which to suppress. Groups with no pupils are not cells and stay None. The total itself, when it
// is small, is suppressed by its own size (suppressionOfTotal).
std::vector<Suppression> suppressGroups(const std::vector<int>& groupSizes);
Suppression suppressionOfTotal(int totalSize);

// A percentage as an aggregate may show it: clamped to [5, 95].
double clampShare(double percent);

}  // namespace dlk
