#pragma once
// The ICILS aspects an item measures (docs/domain.md, docs/item-format.md "The ICILS aspects"):
// the eight aspects of the CIL framework of ICILS 2023 (four strands of two aspects) and the five
// aspects of the CT framework of ICILS 2018 (two strands). Items carry theirs as the category
// "dlk-icils-<id>" on their assessmentItemRef: dlk-icils-2.1, dlk-icils-ct-2.2.
#include <span>
#include <string_view>

namespace dlk {

enum class IcilsPart { Cil, Ct };

struct IcilsAspect {
    std::string_view id;  // "2.1", "ct-2.2"
    IcilsPart part = IcilsPart::Cil;
    std::string_view strand;      // "2", "ct-2"
    std::string_view name;        // "accessing and evaluating information"
    std::string_view strandName;  // "gathering information"
};

// Every aspect, CIL first, in the frameworks' order.
std::span<const IcilsAspect> icilsAspects();
const IcilsAspect* findIcilsAspect(std::string_view id);
// The strands in order ("1" to "4", "ct-1", "ct-2"); a strand's name is its aspects' strandName.
std::span<const std::string_view> icilsStrands();
bool isIcilsStrand(std::string_view id);
std::string_view icilsStrandName(std::string_view strand);
std::string_view icilsPartName(IcilsPart part);  // "CIL", "CT"

}  // namespace dlk
