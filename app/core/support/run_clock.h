#pragma once
// The kiosk's clock for one run: the wall clock read once at start, then advanced by monotonic
// time only. Someone setting the system clock back a day (or forward) while the kiosk runs moves
// none of the kiosk's delays, timers or locks; they see only the time that really passed. Stored
// timestamps stay close to the wall clock, and the core never reads a clock itself (time is
// passed in as nowMs), so tests inject both sources.
#include <cstdint>
#include <functional>

namespace dlk {

class RunClock {
public:
    using Source = std::function<int64_t()>;  // milliseconds
    // `wallMs` is read once, here; `steadyMs` (never going back) on every nowMs().
    RunClock(Source wallMs, Source steadyMs);

    // Wall-clock time at start plus the monotonic time since: never goes back, never jumps.
    int64_t nowMs() const;
    // How far the wall clock is now ahead of this clock (negative: set back); for the log.
    int64_t wallSkewMs() const { return m_wall() - nowMs(); }

private:
    Source m_wall;
    Source m_steady;
    int64_t m_wallAtStart;
    int64_t m_steadyAtStart;
};

// Monotonic milliseconds that also count a suspended laptop (CLOCK_BOOTTIME on Linux, else
// std::chrono::steady_clock): only differences between two readings mean anything.
int64_t steadyClockMs();

}  // namespace dlk
