#pragma once
// dlk::Json without the whole of <nlohmann/json.hpp>, for headers that only name the type
// (qti/value.h reaches most of the core). Code that builds, reads or writes JSON includes util/json.h.
#include <nlohmann/json_fwd.hpp>

namespace dlk {

// Ordered: objects keep their members in insertion order, so stored responses, the export and
// `dlkiosk score` write their keys in the order the code (or the item's declarations) gives.
using Json = nlohmann::ordered_json;

}  // namespace dlk
