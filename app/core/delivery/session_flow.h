#pragma once
// A pupil's way through their session plan: which module comes next, with how much time, and
// its attempt started or resumed. The kiosk (App) and the demo school both go through here, so a
// simulated pupil takes exactly the path a real one does.
#include <cstdint>
#include <memory>
#include <string>

#include "bank/item_bank.h"
#include "delivery/booklet_design.h"
#include "delivery/module_session.h"
#include "delivery/response_store.h"
#include "delivery/session_plan.h"
#include "school/school_store.h"

namespace dlk {

// The module's time limit with the pupil's extra time (Accommodations::extraTimePct), in ms; 0
// when the module has none.
int64_t moduleTimeLimitMs(const Module& module, const Accommodations& accommodations);

class SessionFlow {
public:
    SessionFlow(const ItemBank& bank, const BookletDesign& design, SessionPlans& plans, ResponseStore& responses)
        : m_bank(bank), m_design(&design), m_plans(plans), m_responses(responses) {}
    // Deals each pupil the design the teacher chose for the pupil's class (the default when none).
    SessionFlow(const ItemBank& bank, const SessionDesigns& designs, SessionPlans& plans, ResponseStore& responses)
        : m_bank(bank), m_designs(&designs), m_plans(plans), m_responses(responses) {}

    // The first module of the pupil's plan without a finished attempt; nullptr once the plan is
    // done. The plan is dealt (and committed) on the first call for a pupil, as at a first login.
    // A module of the plan that is no longer in the bank is skipped, with a warning in the log:
    // the pupil goes on with the rest rather than being stuck. Throws what SessionPlans throws.
    const Module* nextModule(int64_t pupilId, int64_t nowMs) const;

    struct Started {
        std::unique_ptr<ModuleSession> session;
        bool resumed = false;  // the pupil had an attempt at this module already
    };
    // Starts or resumes the pupil's attempt at `module` in `language`, with the module's time
    // limit and the pupil's extra time.
    Started start(const Module& module, const PupilInfo& pupil, const std::string& language, int64_t nowMs) const;

private:
    const ItemBank& m_bank;
    const BookletDesign* m_design = nullptr;
    const SessionDesigns* m_designs = nullptr;
    SessionPlans& m_plans;
    ResponseStore& m_responses;
};

}  // namespace dlk
