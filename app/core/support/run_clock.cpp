#include "support/run_clock.h"

#include <time.h>

#include <chrono>
#include <utility>

namespace dlk {

RunClock::RunClock(Source wallMs, Source steadyMs)
    : m_wall(std::move(wallMs)), m_steady(std::move(steadyMs)), m_wallAtStart(m_wall()), m_steadyAtStart(m_steady()) {}

int64_t RunClock::nowMs() const {
    return m_wallAtStart + (m_steady() - m_steadyAtStart);
}

int64_t steadyClockMs() {
#ifdef CLOCK_BOOTTIME
    // Linux's std::chrono::steady_clock (CLOCK_MONOTONIC) stands still while the laptop sleeps, so
    // a lid closed on the teacher screen for an hour would leave it open for up to 3 more minutes
    // on waking. CLOCK_BOOTTIME is just as monotonic (nobody can set it) and counts the sleep.
    timespec ts{};
    if (clock_gettime(CLOCK_BOOTTIME, &ts) == 0) return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
#endif
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace dlk
