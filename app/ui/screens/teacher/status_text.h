#pragma once
#include "results/report_figures.h"

namespace dlk::ui {

// A pupil's status in the teacher's words, the same in every tab and on paper.
inline const char* statusText(AttemptStatus s) {
    return attemptStatusText(s);
}

}  // namespace dlk::ui
