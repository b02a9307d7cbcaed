#include "delivery/session_flow.h"

#include "support/logger.h"

namespace dlk {

int64_t moduleTimeLimitMs(const Module& module, const Accommodations& accommodations) {
    return static_cast<int64_t>(module.maxTimeSeconds) * 1000 * (100 + accommodations.extraTimePct) / 100;
}

const Module* SessionFlow::nextModule(int64_t pupilId, int64_t nowMs) const {
    // A pupil already dealt keeps that plan, whatever the class's design is now.
    std::optional<SessionPlan> stored = m_plans.find(pupilId);
    const SessionPlan plan =
        stored
            ? *stored
            : m_plans.planFor(pupilId, m_designs ? m_designs->chosen(m_plans.chosenDesign(pupilId)) : *m_design, nowMs);
    for (const std::string& moduleId : plan.modules) {
        const Module* module = m_bank.findModule(moduleId);
        if (!module) {
            logWarning("module " + moduleId + " of pupil " + std::to_string(pupilId) +
                       "'s plan is no longer in the item bank; skipped");
            continue;
        }
        const auto attempt = m_responses.findAttempt(pupilId, module->identifier);
        if (!attempt || !attempt->finished) return module;
    }
    return nullptr;
}

SessionFlow::Started SessionFlow::start(const Module& module, const PupilInfo& pupil, const std::string& language,
                                        int64_t nowMs) const {
    Started started;
    started.resumed = m_responses.findAttempt(pupil.id, module.identifier).has_value();
    started.session = std::make_unique<ModuleSession>(m_responses, module, pupil.id, language, nowMs);
    started.session->setTimeLimitMs(moduleTimeLimitMs(module, pupil.accommodations));
    return started;
}

}  // namespace dlk
