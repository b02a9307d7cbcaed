#pragma once
// Checks done on raw XML text before tinyxml2 sees it. Debian's tinyxml2 9.0.0 predates the
// upstream fix for character-reference parsing (CVE-2024-50615), so dlkiosk validates every
// &#...; reference itself; it also bounds the size and requires valid UTF-8.
#include <cstddef>
#include <string>
#include <string_view>

namespace dlk {

constexpr size_t kMaxXmlBytes = 16u << 20;  // 16 MiB: far above any real item, far below harm

// Returns an empty string when the text may be parsed, else "line N: problem".
std::string xmlGuardProblem(std::string_view xml);

}  // namespace dlk
