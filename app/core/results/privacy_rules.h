#pragma once
// What may be said about a group of pupils (docs: domain.md, "Reporting"): the Dutch statistics
// office's rule for pupil data. The teacher's screen, printed reports and exports all ask here,
// so no two of them can draw the line in different places.
namespace dlk {

// Group statistics (a mean, a distribution) of this many pupils or fewer are never shown or
// exported.
inline constexpr int kMaxGroupWithoutStatistics = 5;
// The smallest group that gets them, for texts that tell a teacher when figures will appear.
inline constexpr int kMinGroupWithStatistics = kMaxGroupWithoutStatistics + 1;

// Why a group figure is not given.
enum class Withheld { No, SmallGroup };

constexpr bool groupHasStatistics(int pupils) {
    return pupils > kMaxGroupWithoutStatistics;
}

}  // namespace dlk
