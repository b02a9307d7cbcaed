#pragma once
// What each response row of a pupil means, and where each pupil stands in each module: the
// statuses the export writes (export/csv_export.h), decided from what the store recorded (the
// attempt, its finish, its process data and its stored answers), never guessed from a score.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "results/class_results.h"
#include "storage/database.h"

namespace dlk {

// A pupil's standing in one module.
enum class ModuleStatus {
    NotStarted,  // no attempt: the module is in the pupil's plan (or the pupil has no plan yet)
    Stopped,     // started and not finished (the pupil logged out, the kiosk closed, still busy)
    TimeUp,      // finished because the time limit was reached (a time_up event)
    Finished,    // finished by the pupil
};
const char* moduleStatusName(ModuleStatus status);  // not_started, stopped, time_up, finished

// What one response row is.
enum class ResponseStatus {
    Answered,        // an answer, scored
    Empty,           // on screen at least once and left without an answer (scores 0)
    NotReached,      // never on screen, after the furthest item seen in a module stopped or timed up
    NotShown,        // never on screen otherwise: a module not started, or an item skipped
    NotYetScored,    // answered; a teacher has not yet given every rubric criterion its final score
    CannotBeScored,  // the item's own response processing could not run (ItemScoreRow::unscorable)
};
const char* responseStatusName(ResponseStatus status);

// One pupil and one measured module (never the practice module).
struct ModuleProgress {
    int64_t pupilId = 0;
    std::string moduleId;
    ModuleStatus status = ModuleStatus::NotStarted;
    // By 0-based position among the module's items: on screen at least once (an item_shown event, as the attempt
    // keeps them in attempts.shown_items; a stored answer; or the item the attempt is at now; an attempt from before
    // process data has only the last two). Empty for a module not started.
    std::vector<bool> shown;
    bool wasShown(int position) const;  // 1-based, as furthestShown
    int furthestShown = 0;              // the highest 1-based position shown; 0 when none
};

// Whether moduleProgress reads the stored answers for the items shown. A caller that reads every stored answer
// anyway (the export's scoring pass) leaves them out and adds them with addStoredAnswers: a school's millions of
// answers are then read once.
enum class StoredAnswers { Read, AddedByCaller };

// Every pupil of the school (classId 0) or of one class, with one entry per measured module in
// the pupil's session plan or attempted by the pupil; a pupil without a plan and without an
// attempt (never logged in) has every measured module of the bank, not started. Sorted by pupil
// id, then module id. Throws dlk::Error only from storage.
std::vector<ModuleProgress> moduleProgress(Database& db, const ItemBank& bank, int64_t classId,
                                           StoredAnswers stored = StoredAnswers::Read);
// Marks as shown the items of `module` that a pupil's attempt has stored answers to (`stored`, by 0-based position
// among its items: ScoredAttempt::stored), in the pupil's entry of `progress` (as moduleProgress returned it, made
// with StoredAnswers::AddedByCaller, or the part of it that holds the pupil's entries). An attempt at a module with no
// entry changes nothing.
void addStoredAnswers(std::span<ModuleProgress> progress, int64_t pupilId, const Module& module,
                      std::span<const uint8_t> stored);

// The status of the item at 1-based `position` in the module of `progress`; `row` is the scored row of the pupil's
// attempt (null when the module was not started).
ResponseStatus responseStatus(const ModuleProgress& progress, int position, const ItemScoreRow* row);
// The same from the answer as scoreAttempts scored it (null when the module was not started).
ResponseStatus responseStatus(const ModuleProgress& progress, int position, const ScoredAnswer* answer);

}  // namespace dlk
