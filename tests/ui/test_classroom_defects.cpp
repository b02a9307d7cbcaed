// The classroom defects found by trying every screen (issue 11, point 5), each as the kiosk meets
// it: the real window sleeps until input or App::wakeupSeconds(), so these tests draw a frame only
// when input arrives or the App asks for one, as the platform's loop does.
#include <doctest/doctest.h>

#include "ui/app.h"
#include "ui/screens/teacher_screen.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

// Draws the frames the App asks for without input (wakeupSeconds() == 0), as the window's loop
// does after it has drawn for an event; returns how many. A bound keeps a bug from looping forever.
int settle(UiHarness& h) {
    int n = 0;
    while (h.app->wakeupSeconds() == 0.0 && n < 10) {
        h.frame();
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("the teacher PIN field takes the first digit typed on the first frame") {
    UiHarness h;
    h.app->openPin(dlk::ui::PinPurpose::EnterTeacher);
    // The first key wakes the sleeping kiosk: the PIN screen's first frame gets the digit.
    ImGui::GetIO().AddInputCharactersUTF8("2");
    h.frame();
    h.type("468");
    h.key(dlk::test::kKeyEnter);
    CHECK(h.app->screen() == ScreenId::Teacher);
    CHECK_FALSE(h.has("Deze pincode klopt niet."));
}

TEST_CASE("the teacher PIN typed right after the screen opens is not lost") {
    UiHarness h;
    h.click("Leerkracht");
    REQUIRE(h.app->screen() == ScreenId::Pin);
    settle(h);
    h.type("2468");
    h.key(dlk::test::kKeyEnter);
    CHECK(h.app->screen() == ScreenId::Teacher);
}

TEST_CASE("a screen change asks for a redraw so the idle lock never leaves a blank window") {
    UiHarness h;
    h.click("Leerkracht");
    h.click("Pincode");
    h.type("2468");
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    settle(h);
    // Idle: the kiosk wakes on its timer and draws one frame, in which the screen locks.
    h.clockMs += dlk::ui::TeacherScreen::kIdleLockMs + 1000;
    REQUIRE(h.app->wakeupSeconds() > 0);
    h.frame();
    CHECK(h.app->screen() == ScreenId::Login);
    // No input follows: the login screen must still be drawn, with its words on screen.
    CHECK(settle(h) > 0);
    CHECK(h.has("Jouw code"));
    CHECK(h.has("Start"));
    // Settled: the kiosk sleeps again (no busy loop).
    CHECK(h.app->wakeupSeconds() < 0);
}
