#include "export/disclosure.h"

#include <algorithm>

#include "school/background.h"

namespace dlk {

const char* accommodationDetailName(AccommodationDetail d) {
    switch (d) {
        case AccommodationDetail::Each:
            return "each";
        case AccommodationDetail::Any:
            return "any";
        case AccommodationDetail::None:
            return "none";
    }
    return "none";
}

const char* suppressionName(Suppression s) {
    switch (s) {
        case Suppression::None:
            return "";
        case Suppression::Small:
            return "small_group";
        case Suppression::Secondary:
            return "secondary";
    }
    return "";
}

bool PupilDisclosure::suppressed(int64_t pupilId) const {
    auto it = pupils.find(pupilId);
    return it != pupils.end() && it->second.suppressed;
}

int PupilDisclosure::suppressedCount() const {
    return static_cast<int>(
        std::count_if(pupils.begin(), pupils.end(), [](const auto& p) { return p.second.suppressed; }));
}

namespace {

// What the pupil file shows of a pupil's accommodations at a level of detail, as one key.
int shownKey(const PupilQuasiIdentifiers& p, AccommodationDetail d) {
    switch (d) {
        case AccommodationDetail::Each: {
            int key = 0;
            for (int i = 0; i < kAccommodationCount; ++i) key |= p.accommodations[static_cast<size_t>(i)] << i;
            return key;
        }
        case AccommodationDetail::Any:
            return std::any_of(p.accommodations.begin(), p.accommodations.end(), [](bool b) { return b; }) ? 1 : 0;
        case AccommodationDetail::None:
            return 0;
    }
    return 0;
}

// Everything the pupil file shows of a pupil under a generalisation, as one key (the class is the group's own).
std::string shownRow(const PupilQuasiIdentifiers& p, const Generalisation& g) {
    std::string key = std::to_string(shownKey(p, g.accommodations)) + '|';
    if (p.age && g.age == AgeDetail::Years) key += std::to_string(*p.age);
    if (p.age && g.age == AgeDetail::Band) key += ageBand(*p.age);
    key += '|';
    if (!g.genderWithheld) key += p.gender;
    key += '|';
    if (g.track == TrackDetail::Each) key += p.track;
    if (g.track == TrackDetail::Merged) key += std::string(mergedTrack(p.track));
    key += '|';
    if (p.grade && !g.gradeWithheld) key += std::to_string(*p.grade);
    return key;
}

// The first step at which every combination in the group is shared by k pupils or more (the group itself has k or
// more, so the last step always holds).
Generalisation safeGeneralisation(const std::vector<const PupilQuasiIdentifiers*>& group, int k) {
    for (int step = 0; step < kGeneralisationSteps - 1; ++step) {
        const Generalisation g = generalisationStep(step);
        std::map<std::string, int> counts;
        for (const auto* p : group) ++counts[shownRow(*p, g)];
        if (std::all_of(counts.begin(), counts.end(), [k](const auto& c) { return c.second >= k; })) return g;
    }
    return generalisationStep(kGeneralisationSteps - 1);
}

// A group where nobody has an accommodation shows the same keys at every detail: keep each flag (all 0) rather than
// report a generalisation that hides nothing.
Generalisation withoutEmptySteps(const std::vector<const PupilQuasiIdentifiers*>& group, Generalisation g) {
    const bool anyAccommodation = std::any_of(group.begin(), group.end(), [](const auto* p) {
        return std::any_of(p->accommodations.begin(), p->accommodations.end(), [](bool b) { return b; });
    });
    if (!anyAccommodation) g.accommodations = AccommodationDetail::Each;
    return g;
}

// The step for a group, with what it changed: a background variable nobody in the group recorded is no change.
DisclosureStep stepFor(const std::vector<const PupilQuasiIdentifiers*>& group, const Generalisation& g) {
    DisclosureStep step;
    step.pupils = static_cast<int>(group.size());
    step.detail = g.accommodations;
    step.shown = g;
    const bool ages = std::any_of(group.begin(), group.end(), [](const auto* p) { return p->age.has_value(); });
    const bool genders = std::any_of(group.begin(), group.end(), [](const auto* p) { return !p->gender.empty(); });
    const bool tracks = std::any_of(group.begin(), group.end(), [](const auto* p) { return !p->track.empty(); });
    const bool grades = std::any_of(group.begin(), group.end(), [](const auto* p) { return p->grade.has_value(); });
    step.ageBanded = ages && g.age == AgeDetail::Band;
    step.ageWithheld = ages && g.age == AgeDetail::None;
    step.genderWithheld = genders && g.genderWithheld;
    // Merging changes something only when a track that merges is there.
    step.tracksMerged = g.track == TrackDetail::Merged && std::any_of(group.begin(), group.end(), [](const auto* p) {
                            return !p->track.empty() && mergedTrack(p->track) != p->track;
                        });
    step.gradeAndTrackWithheld = (tracks || grades) && g.gradeWithheld;
    return step;
}

}  // namespace

Generalisation generalisationStep(int step) {
    Generalisation g;
    if (step >= 1) g.accommodations = AccommodationDetail::Any;
    if (step >= 2) g.age = AgeDetail::Band;
    if (step >= 3) g.genderWithheld = true;
    if (step >= 4) g.track = TrackDetail::Merged;
    if (step >= 5) g.accommodations = AccommodationDetail::None;
    if (step >= 6) g.age = AgeDetail::None;
    if (step >= 7) {
        g.track = TrackDetail::None;
        g.gradeWithheld = true;
    }
    return g;
}

std::string ageBand(int age) {
    const int first = age - (age % 2 + 2) % 2;
    return std::to_string(first) + "-" + std::to_string(first + 1);
}

PupilDisclosure protectPupilFile(const std::vector<PupilQuasiIdentifiers>& pupils, int k) {
    std::map<int64_t, std::vector<const PupilQuasiIdentifiers*>> byClass;
    for (const auto& p : pupils) byClass[p.classId].push_back(&p);

    PupilDisclosure out;
    std::vector<const PupilQuasiIdentifiers*> pool;
    int pooledClasses = 0;
    for (const auto& [classId, members] : byClass) {
        if (static_cast<int>(members.size()) < k) {
            pool.insert(pool.end(), members.begin(), members.end());
            ++pooledClasses;
            continue;
        }
        const Generalisation g = withoutEmptySteps(members, safeGeneralisation(members, k));
        for (const auto* p : members) out.pupils[p->pupilId] = {false, false, g.accommodations, g};
        DisclosureStep step = stepFor(members, g);
        step.classId = classId;
        if (step.detail != AccommodationDetail::Each || step.changesBackground()) out.steps.push_back(step);
    }
    if (!pool.empty()) {
        const bool suppressed = static_cast<int>(pool.size()) < k;
        const Generalisation g = suppressed ? generalisationStep(kGeneralisationSteps - 1)
                                            : withoutEmptySteps(pool, safeGeneralisation(pool, k));
        DisclosureStep step = suppressed ? DisclosureStep{} : stepFor(pool, g);
        step.pupils = static_cast<int>(pool.size());
        step.classes = pooledClasses;
        step.classWithheld = true;
        step.suppressed = suppressed;
        step.detail = g.accommodations;
        step.shown = g;
        for (const auto* p : pool) out.pupils[p->pupilId] = {true, suppressed, g.accommodations, g};
        out.steps.push_back(step);
    }
    return out;
}

Suppression suppressionOfTotal(int totalSize) {
    return totalSize > 0 && !groupHasStatistics(totalSize) ? Suppression::Small : Suppression::None;
}

std::vector<Suppression> suppressGroups(const std::vector<int>& groupSizes) {
    std::vector<Suppression> out(groupSizes.size(), Suppression::None);
    int small = 0;
    for (size_t i = 0; i < groupSizes.size(); ++i)
        if (groupSizes[i] > 0 && !groupHasStatistics(groupSizes[i])) {
            out[i] = Suppression::Small;
            ++small;
        }
    // One suppressed group is the total minus the published ones: hide the smallest other group
    // too, so that only the two together can be recovered. Two or more hide each other already.
    if (small == 1) {
        int pick = -1;
        for (size_t i = 0; i < groupSizes.size(); ++i)
            if (out[i] == Suppression::None && groupSizes[i] > 0 &&
                (pick < 0 || groupSizes[i] < groupSizes[static_cast<size_t>(pick)]))
                pick = static_cast<int>(i);
        if (pick >= 0) out[static_cast<size_t>(pick)] = Suppression::Secondary;
    }
    return out;
}

double clampShare(double percent) {
    return std::clamp(percent, kMinSharePct, kMaxSharePct);
}

}  // namespace dlk
