#pragma once
#include "results/class_results.h"
#include "support/translator.h"

namespace dlk::ui {

// A pupil's status in the teacher's words, the same in every tab.
inline const char* statusText(AttemptStatus s) {
    switch (s) {
        case AttemptStatus::NotStarted:
            return tr("niet begonnen");
        case AttemptStatus::InProgress:
            return tr("bezig");
        case AttemptStatus::Finished:
            return tr("klaar");
    }
    return "";
}

}  // namespace dlk::ui
