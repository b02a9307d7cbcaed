// Someone sets the laptop's clock a day forward or back while the kiosk runs (docs/data-flow.md,
// "Time"). The App is given the wall clock and a monotonic clock, as the kiosk is: the harness's
// clockMs is the time that really passed, the wall clock is clockMs plus a jump the test makes.
// The PIN lock, the module's timer and the teacher screen's idle lock see only real time.
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "support/logger.h"
#include "ui/screens/teacher_screen.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// A new App over the harness's data whose wall clock is off by `jumpMs` (moved by the test).
void startWithJumpingClock(UiHarness& h, const int64_t& jumpMs) {
    dlk::ui::AppOptions options;
    options.fontDir = DLK_FONT_DIR;
    options.dyslexiaFontDir = DLK_DYSLEXIA_FONT_DIR;
    h.app.reset();
    h.app = std::make_unique<dlk::ui::App>(
        h.core.get(), options, [&h, &jumpMs] { return h.clockMs + jumpMs; }, [&h] { return h.clockMs; });
    h.app->prepareFonts(1366, 768);
    h.frames(2);
}

void enterPin(UiHarness& h, const std::string& pin) {
    REQUIRE(h.app->screen() == ScreenId::Pin);
    h.click("Pincode");
    h.type(pin);
    h.click("OK");
}

// The seconds the PIN screen says to wait, or -1 when it says nothing of the kind.
int lockMessageSeconds() {
    const std::string prefix = "Te vaak een verkeerde pincode. Probeer het over ";
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind(prefix, 0) == 0) return std::stoi(n.label.substr(prefix.size()));
    return -1;
}

}  // namespace

TEST_CASE("clock jumps: the PIN lock neither ends when the clock is set a day forward nor grows when set back") {
    UiHarness h;
    int64_t jumpMs = 0;
    startWithJumpingClock(h, jumpMs);
    h.click("Leerkracht");
    for (int i = 0; i < 5; ++i) enterPin(h, "111111");
    h.frame();
    REQUIRE(lockMessageSeconds() == 5);
    h.clockMs += 1000;
    jumpMs += kDayMs;  // forward: the right PIN is still not taken
    enterPin(h, "246813");
    h.frame();
    CHECK(h.app->screen() == ScreenId::Pin);
    const int afterForward = lockMessageSeconds();
    CHECK(afterForward >= 3);
    CHECK(afterForward <= 4);
    jumpMs -= 2 * kDayMs;  // back: still no more than what is left
    enterPin(h, "246813");
    h.frame();
    CHECK(h.app->screen() == ScreenId::Pin);
    CHECK(lockMessageSeconds() <= afterForward);
    CHECK(lockMessageSeconds() >= 3);
    h.clockMs += 5000;  // the delay really passed
    enterPin(h, "246813");
    CHECK(h.app->screen() == ScreenId::Teacher);
}

TEST_CASE("clock jumps: a pupil's module neither ends when the clock is set a day forward nor gets time back") {
    UiHarness h;
    int64_t jumpMs = 0;
    startWithJumpingClock(h, jumpMs);
    const auto pupil = h.pupilWithPlan("Klok Leerling", {"m01-schoolreis"});
    h.loginByTyping(pupil.code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    dlk::ModuleSession& s = *h.app->session();
    h.frames(2);
    // Thirty seconds left.
    s.setTimeLimitMs(s.elapsedMs() + 30'000);
    const int64_t before = s.elapsedMs();
    jumpMs += kDayMs;
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK_FALSE(s.timeUp());
    CHECK(s.elapsedMs() - before < 1000);  // two frames, not a day (nor 65 s)
    jumpMs -= 2 * kDayMs;
    h.frames(2);
    CHECK(s.elapsedMs() >= before);  // nothing given back
    CHECK(s.remainingMs() > 29'000);
    CHECK(s.remainingMs() <= 30'000);
    // The thirty seconds really pass: the module ends as it should.
    for (int i = 0; i < 31; ++i) {
        h.clockMs += 1000;
        h.frame();
    }
    CHECK(h.app->screen() == ScreenId::Finish);
    CHECK(h.app->timeRanOut());
}

TEST_CASE(
    "clock jumps: the teacher screen does not lock at once when the clock is set forward and still locks when set "
    "back") {
    UiHarness h;
    int64_t jumpMs = 0;
    startWithJumpingClock(h, jumpMs);
    h.click("Leerkracht");
    enterPin(h, "246813");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    jumpMs += kDayMs;
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Teacher);
    jumpMs -= 2 * kDayMs;
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Teacher);
    // Three idle minutes of real time lock it, though the clock now reads a day earlier.
    h.clockMs += dlk::ui::TeacherScreen::kIdleLockMs + 1000;
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Login);
}

TEST_CASE("clock jumps: setting the clock while the kiosk runs is logged once per change and small steps are not") {
    UiHarness h;
    dlk::Logger& log = dlk::Logger::instance();
    log.open(h.dir.str());
    int64_t jumpMs = 0;
    startWithJumpingClock(h, jumpMs);
    jumpMs += 2000;  // an NTP-sized step
    h.frames(3);
    jumpMs += kDayMs;
    h.frames(3);
    jumpMs -= 2 * kDayMs;
    h.frames(3);
    log.close();
    std::ifstream in(h.dir.path() / "dlkiosk.log");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto count = [&text](const std::string& part) {
        size_t n = 0;
        for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
        return n;
    };
    CHECK(count("the system clock was set ") == 2);
    CHECK(count("the system clock was set 86402 s while the kiosk ran") == 1);
    CHECK(count("the system clock was set -172800 s while the kiosk ran") == 1);
}
