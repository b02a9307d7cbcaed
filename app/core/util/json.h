#pragma once
// JSON is nlohmann::json (Debian's nlohmann-json3-dev). Text from outside the program (stored
// responses, `dlkiosk score --response`, session-design.json) is read through parseJson, which bounds
// its size and nesting and reports every problem as dlk::Error(Parse); it is written with dumpJson.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/json_fwd.h"

namespace dlk {

// Larger input is refused before it is parsed.
constexpr size_t kJsonMaxBytes = size_t{16} << 20;  // 16 MiB
// Deepest value: the top-level value is at depth 0, each enclosing array or object adds one.
constexpr int kJsonMaxDepth = 64;

// One JSON value as RFC 8259 has it: no comments, no trailing commas, strings of valid UTF-8 (a
// leading UTF-8 byte order mark is skipped). Throws dlk::Error(Parse) whose message starts with
// `what` and names the byte offset at which the input was refused.
Json parseJson(std::string_view text, std::string_view what);

// Compact JSON with UTF-8 as is. Bytes that are not valid UTF-8 become U+FFFD instead of throwing,
// so text from pupils or files can always be stored, and what is stored always reads back.
std::string dumpJson(const Json& j);

}  // namespace dlk
