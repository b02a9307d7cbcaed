// Keyboard behaviour of the whole kiosk screen, beyond single widgets.
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {
std::string storedText(UiHarness& h, const std::string& itemId) {
    dlk::Database other(h.core->databasePath());
    auto st = other.prepare("SELECT value FROM responses WHERE attempt_id=? AND item_id=? AND response_id='RESPONSE'");
    st.bind(1, h.app->session()->attemptId()).bind(2, itemId);
    return st.step() ? st.getText(0) : "<none>";
}
}  // namespace

TEST_CASE("keyboard: Escape in a text field keeps what the pupil typed and saves it") {
    UiHarness h;
    const auto pupil = h.pupilWithPlan("Test Leerling", {"m03-robot"});
    std::string detail;
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    const auto& items = h.app->session()->module().variant("nl").items;
    const auto at =
        std::find_if(items.begin(), items.end(), [](const auto& i) { return i->identifier == "robot-09-herhaal"; });
    REQUIRE(at != items.end());
    h.app->session()->goTo(static_cast<size_t>(at - items.begin()), h.clockMs);  // the integer text entry
    h.frames(3);
    const std::string item = h.app->session()->currentItem().identifier;
    CHECK(item == "robot-09-herhaal");
    h.click("text:RESPONSE");
    h.type("1x5");  // the field of a whole number refuses the letter
    h.key(dlk::test::kKeyEscape);
    h.frames(2);
    CHECK(h.app->session()->response("RESPONSE") == dlk::Value::single(dlk::BaseType::Integer, "15"));
    CHECK(storedText(h, item) == "15");  // leaving the field saved it at once
    CHECK(h.app->screen() == ScreenId::Item);
}

TEST_CASE("keyboard: Tab goes from the bottom bar into the item and reaches its choices") {
    UiHarness h;
    const auto pupil = h.pupilWithPlan("Test Leerling", {"m01-schoolreis"});
    std::string detail;
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    h.frames(2);
    bool reachedChoice = false;
    for (int i = 0; i < 20 && !reachedChoice; ++i) {
        h.key(dlk::test::kKeyTab);
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.focused && n.role == "choice") reachedChoice = true;
    }
    CHECK(reachedChoice);
}

TEST_CASE("keyboard: Shift+Tab goes back to the control before") {
    UiHarness h;
    const auto pupil = h.pupilWithPlan("Test Leerling", {"m01-schoolreis"});
    std::string detail;
    REQUIRE(h.app->loginPupil(pupil.code, detail) == dlk::ui::App::LoginResult::Started);
    h.frames(2);
    auto focused = [] {
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.focused) return n.label;
        return std::string();
    };
    h.key(dlk::test::kKeyTab);
    h.key(dlk::test::kKeyTab);
    const std::string first = focused();
    h.key(dlk::test::kKeyTab);
    const std::string second = focused();
    REQUIRE(first != second);
    ImGui::GetIO().KeyShift = true;
    h.key(dlk::test::kKeyTab);
    ImGui::GetIO().KeyShift = false;
    h.frames(1);
    CHECK(focused() == first);
}

TEST_CASE(
    "keyboard: logged in with Enter the pupil's focus is on the item - a second Enter never opens the teacher's PIN") {
    // Regression: the focus went to the top bar's "Leerkracht", so Enter after "Dit ben ik" opened
    // the PIN screen (seen in the kiosk session under cage).
    UiHarness h;
    const auto pupil = h.pupilWithPlan("Test Leerling", {"m01-schoolreis"});
    h.click("Jouw code");
    h.type(pupil.code);
    h.key(dlk::test::kKeyEnter);
    h.frames(2);
    REQUIRE(h.has("Dit ben ik", "button"));
    CHECK(h.find("Dit ben ik", "button")->focused);
    h.key(dlk::test::kKeyEnter);
    h.frames(3);
    REQUIRE(h.app->screen() == ScreenId::Item);
    const dlk::ui::A11yNode* focused = nullptr;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.focused) focused = &n;
    REQUIRE(focused);
    CHECK(focused->role == "choice");  // schoolreis-01's first choice
    const std::string label = focused->label;
    h.key(dlk::test::kKeyEnter);
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Item);
    const dlk::ui::A11yNode* chosen = h.find(label, "choice");
    REQUIRE(chosen);
    CHECK(chosen->selected);  // Enter chose it
    // The bottom bar is still reached with Tab (the top bar's "Leerkracht" is no Tab stop for pupils).
    h.tabTo("Volgende →", "button");
}
