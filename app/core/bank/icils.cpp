#include "bank/icils.h"

#include <algorithm>
#include <array>

namespace dlk {

namespace {

constexpr std::string_view kComputerUse = "understanding computer use";
constexpr std::string_view kGathering = "gathering information";
constexpr std::string_view kProducing = "producing information";
constexpr std::string_view kCommunication = "digital communication";
constexpr std::string_view kConceptualising = "conceptualising problems";
constexpr std::string_view kOperationalising = "operationalising solutions";

constexpr std::array<IcilsAspect, 13> kAspects = {{
    {"1.1", IcilsPart::Cil, "1", "foundations of computer use", kComputerUse},
    {"1.2", IcilsPart::Cil, "1", "computer use conventions", kComputerUse},
    {"2.1", IcilsPart::Cil, "2", "accessing and evaluating information", kGathering},
    {"2.2", IcilsPart::Cil, "2", "managing information", kGathering},
    {"3.1", IcilsPart::Cil, "3", "transforming information", kProducing},
    {"3.2", IcilsPart::Cil, "3", "creating information", kProducing},
    {"4.1", IcilsPart::Cil, "4", "sharing information", kCommunication},
    {"4.2", IcilsPart::Cil, "4", "using information responsibly and safely", kCommunication},
    {"ct-1.1", IcilsPart::Ct, "ct-1", "knowing about and understanding digital systems", kConceptualising},
    {"ct-1.2", IcilsPart::Ct, "ct-1", "formulating and analysing problems", kConceptualising},
    {"ct-1.3", IcilsPart::Ct, "ct-1", "collecting and representing relevant data", kConceptualising},
    {"ct-2.1", IcilsPart::Ct, "ct-2", "planning and evaluating solutions", kOperationalising},
    {"ct-2.2", IcilsPart::Ct, "ct-2", "developing algorithms, programs and interfaces", kOperationalising},
}};

constexpr std::array<std::string_view, 6> kStrands = {"1", "2", "3", "4", "ct-1", "ct-2"};

}  // namespace

std::span<const IcilsAspect> icilsAspects() {
    return kAspects;
}

const IcilsAspect* findIcilsAspect(std::string_view id) {
    for (const IcilsAspect& a : kAspects)
        if (a.id == id) return &a;
    return nullptr;
}

std::span<const std::string_view> icilsStrands() {
    return kStrands;
}

bool isIcilsStrand(std::string_view id) {
    return std::find(kStrands.begin(), kStrands.end(), id) != kStrands.end();
}

std::string_view icilsStrandName(std::string_view strand) {
    for (const IcilsAspect& a : kAspects)
        if (a.strand == strand) return a.strandName;
    return "";
}

std::string_view icilsPartName(IcilsPart part) {
    return part == IcilsPart::Cil ? "CIL" : "CT";
}

}  // namespace dlk
