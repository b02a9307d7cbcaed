#pragma once
// Response processing: turns a pupil's response variables into outcome values (SCORE, ...).
// The standard templates follow docs/item-format.md exactly and are built in; anything else runs
// the item's own rules through qti/processing.h.
#include <map>
#include <string>
#include <vector>

#include "qti/item.h"
#include "qti/processing.h"

namespace dlk {

// Outcomes after processing: every declared outcome starts at its default (or NULL; numeric
// SCORE without a default starts at 0) and the template sets SCORE.
//
// `external` holds the scores given outside response processing to outcomes declared
// externalScored (a teacher's score per rubric criterion). Such an outcome starts at its given
// value, so the item's rules can add it to the criteria they score themselves (SCORE = the sum
// of all criteria), and it keeps that value whatever the rules do. Values for other outcomes are
// ignored: what the machine scores is never overridden.
VariableMap processResponses(const Item& item, const VariableMap& responses, const VariableMap& external = {});

// mapResponse: the sum over DISTINCT values of their mapped value (defaultValue when unmapped),
// clamped to the bounds. A NULL value maps to 0 (the template's rule).
double mapResponse(const ResponseDeclaration& decl, const Value& v);
// mapResponsePoint: each area counts at most once; a point in no area adds defaultValue.
double mapResponsePoint(const ResponseDeclaration& decl, const Value& v);

// "line N: msg" from the rule engine -> "file:N: msg".
std::string withSource(const std::string& file, const std::string& message);

// The item's SCORE after processing, or 0 when processing set none.
double scoreOf(const Item& item, const VariableMap& responses, const VariableMap& external = {});

// Whether the item's score is still waiting for a teacher: it has outcomes scored by a person
// (externalScored="human") that `external` gives no value yet. Until then SCORE holds only
// what the machine scores, which is a part of the item's credit, not all of it.
bool awaitsTeacher(const Item& item, const VariableMap& external = {});

// What a person's rubric judges: the responses named by the scorer's rubric block
// (<qti-rubric-block view="scorer" data-judges="REPLY">, space-separated response identifiers),
// or every response of the item when no block names them. A mail task's rubric judges the reply,
// not the mails the pupil opened on the way.
std::vector<std::string> judgedResponses(const Item& item);

// Whether a person has anything to judge in these responses: some judged response is not NULL.
// When there is nothing (the reply was never sent), the human-scored outcomes keep their declared
// defaults, as any unanswered item scores by its own rules, and no teacher is asked to score an
// empty answer.
bool hasWorkForPerson(const Item& item, const VariableMap& responses);

// The points of the item's MAXSCORE that a teacher gives: the whole maximum when SCORE itself is
// scored by a person, else the sum of the normal maxima of its human-scored criteria (capped at
// the maximum). maxScore() minus this is what the machine can give on its own.
double teacherMaxScore(const Item& item);

}  // namespace dlk
