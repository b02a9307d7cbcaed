#pragma once
// Response processing: turns a pupil's response variables into outcome values (SCORE, ...).
// The standard templates follow docs/item-format.md exactly and are built in; anything else runs
// the item's own rules through qti/processing.h.
#include <map>
#include <string>

#include "qti/item.h"
#include "qti/processing.h"

namespace dlk {

// Outcomes after processing: every declared outcome starts at its default (or NULL; numeric
// SCORE without a default starts at 0) and the template sets SCORE.
VariableMap processResponses(const Item& item, const VariableMap& responses);

// mapResponse: the sum over DISTINCT values of their mapped value (defaultValue when unmapped),
// clamped to the bounds. A NULL value maps to 0 (the template's rule).
double mapResponse(const ResponseDeclaration& decl, const Value& v);
// mapResponsePoint: each area counts at most once; a point in no area adds defaultValue.
double mapResponsePoint(const ResponseDeclaration& decl, const Value& v);

// "line N: msg" from the rule engine -> "file:N: msg".
std::string withSource(const std::string& file, const std::string& message);

// The item's SCORE after processing, or 0 when processing set none.
double scoreOf(const Item& item, const VariableMap& responses);

}  // namespace dlk
