#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace dlk {

// The four domains of the SLO/Kennisnet framework (docs/item-format.md). Items carry theirs as
// the category "dlk-domain-<id>" on their assessmentItemRef.
enum class Domain { IctBasic, Information, Media, Computational };

constexpr std::array<Domain, 4> kAllDomains = {Domain::IctBasic, Domain::Information, Domain::Media,
                                               Domain::Computational};

std::string_view domainId(Domain d);  // "ict", "info", "media", "ct"
std::optional<Domain> domainFromId(std::string_view id);
const char* domainNameNl(Domain d);       // the msgid; the UI translates it
const char* domainShortNameNl(Domain d);  // for narrow table headers

// The nine concept kerndoelen for digital literacy (SLO, March 2024; docs/domain.md). Items carry
// theirs as the categories "dlk-kerndoel-<n>" on their assessmentItemRef.
inline constexpr int kKerndoelCount = 9;
const char* kerndoelNameNl(int kerndoel);  // 1..9; the msgid; the UI translates it; "" outside
const char* kerndoelNameEn(int kerndoel);  // for the command line, which prints English

}  // namespace dlk
