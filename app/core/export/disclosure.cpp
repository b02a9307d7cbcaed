#include "export/disclosure.h"

#include <algorithm>

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

// The finest level at which every combination in the group is shared by k pupils or more (the
// group itself has k or more, so None always holds).
AccommodationDetail finestSafeDetail(const std::vector<const PupilQuasiIdentifiers*>& group, int k) {
    for (AccommodationDetail d : {AccommodationDetail::Each, AccommodationDetail::Any}) {
        std::map<int, int> counts;
        for (const auto* p : group) ++counts[shownKey(*p, d)];
        if (std::all_of(counts.begin(), counts.end(), [k](const auto& c) { return c.second >= k; })) return d;
    }
    return AccommodationDetail::None;
}

}  // namespace

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
        const AccommodationDetail d = finestSafeDetail(members, k);
        for (const auto* p : members) out.pupils[p->pupilId] = {false, false, d};
        if (d != AccommodationDetail::Each) {
            DisclosureStep step;
            step.classId = classId;
            step.pupils = static_cast<int>(members.size());
            step.detail = d;
            out.steps.push_back(step);
        }
    }
    if (!pool.empty()) {
        DisclosureStep step;
        step.classes = pooledClasses;
        step.pupils = static_cast<int>(pool.size());
        step.classWithheld = true;
        step.suppressed = step.pupils < k;
        step.detail = step.suppressed ? AccommodationDetail::None : finestSafeDetail(pool, k);
        for (const auto* p : pool) out.pupils[p->pupilId] = {true, step.suppressed, step.detail};
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
