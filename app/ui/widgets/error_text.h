#pragma once
// A failure said to a person (docs/ui-rules.md: errors tell the pupil what to do and the teacher
// the technical detail). The core's messages are English "file:line: what" text for the log; the
// screens say what went wrong in the UI's language, and a teacher's screen adds a "Details:" line.
#include <string>

#include "util/error.h"

namespace dlk::ui {

// What kind of failure it was, in plain words (translated): "De schijf is vol." and so on.
const char* plainWords(ErrorKind kind);
// For a teacher's screen: `what` (a translated sentence), the kind in plain words, then a line
// "Details: <the core's message>". Logs `logContext: <the core's message>` as an error.
std::string teacherError(const char* what, const Error& e, const std::string& logContext);

}  // namespace dlk::ui
