#include "support/run_clock.h"

#include <chrono>
#include <utility>

namespace dlk {

RunClock::RunClock(Source wallMs, Source steadyMs)
    : m_wall(std::move(wallMs)), m_steady(std::move(steadyMs)), m_wallAtStart(m_wall()), m_steadyAtStart(m_steady()) {}

int64_t RunClock::nowMs() const {
    return m_wallAtStart + (m_steady() - m_steadyAtStart);
}

int64_t steadyClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace dlk
