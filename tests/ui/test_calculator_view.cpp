// The calculator's view (ui/sim/calculator_view.cpp) over a real item, session and SQLite file:
// by mouse, by keyboard alone, with the keyboard's own digits, at 200% text, and with every key
// press in the process data as a short code.
#include <doctest/doctest.h>

#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/calculator.xml";

}  // namespace

TEST_CASE("calculator view: keys clicked with the mouse - the answer is the calculator and each key is process data") {
    WidgetHarness h(kItem);
    CHECK(h.has("Reken uit hoeveel euro elke leerling betaalt."));  // the interaction's prompt
    CHECK(h.has("Rekenmachine: 0"));
    CHECK(h.response() == "NULL");
    for (const char* key : {"3", "4", "8", "÷", "2", "4", "="}) h.click(key, "button");
    CHECK(h.has("Rekenmachine: 14,5"));
    REQUIRE(h.stored());
    CHECK(h.stored()->find("\"value\":14.5") != std::string::npos);
    CHECK(dlk::scoreOf(h.item(), {{"RESPONSE", h.session->response("RESPONSE")}}) == 1);
    // Every key, committed with the answer it changed: codes, never what a pupil typed.
    CHECK(h.envEvents() == std::vector<std::string>{"calculator.key=3", "calculator.key=4", "calculator.key=8",
                                                    "calculator.key=divide", "calculator.key=2", "calculator.key=4",
                                                    "calculator.key=equals"});
    // C clears; the answer is then the calculator showing 0.
    h.click("C", "button");
    CHECK(h.has("Rekenmachine: 0"));
    CHECK(dlk::scoreOf(h.item(), {{"RESPONSE", h.session->response("RESPONSE")}}) == 0);
}

TEST_CASE("calculator view: the keyboard alone - Tab to a key and Enter - then the keyboard's digits") {
    WidgetHarness h(kItem);
    h.tabTo("7", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has("Rekenmachine: 7"));
    // With a key focused, typed digits and signs go to the calculator; Backspace takes one back.
    h.type("5*2");
    h.key(WidgetHarness::kKeyBackspace);
    h.type("3=");
    h.frames(1);
    CHECK(h.has("Rekenmachine: 225"));
    REQUIRE(h.stored());
    CHECK(h.stored()->find("\"display\":\"225\"") != std::string::npos);
    // Dividing by zero shows an error in words, and the answer has no number.
    h.type("/0=");
    h.frames(1);
    CHECK(h.has("Rekenmachine: Fout"));
    CHECK(h.stored()->find("\"value\"") == std::string::npos);
}

TEST_CASE("calculator view: every key is at least 2.5 em high and the keypad fits the column at 200 percent") {
    WidgetHarness h(kItem, 1024, 600);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const float emPx = ImGui::GetFontSize();
    for (const char* key : {"C", "7", "0", "=", "÷"}) {
        const auto* n = h.find(key, "button");
        REQUIRE_MESSAGE(n, key);
        CHECK(n->max.y - n->min.y >= 2.5f * emPx - 1);
        CHECK(n->max.x <= 1024);
    }
    // The 0 key is two keys wide.
    const auto* zero = h.find("0", "button");
    const auto* one = h.find("1", "button");
    REQUIRE(zero);
    REQUIRE(one);
    CHECK(zero->max.x - zero->min.x > 1.8f * (one->max.x - one->min.x));
}

TEST_CASE("calculator view: a key stores the state and the number shown together - in one commit") {
    WidgetHarness h(DLK_TEST_DATA "/sim/calculator_value.xml");
    for (const char* key : {"1", "4", ",", "5"}) h.click(key, "button");
    CHECK(h.response("VALUE") == "14.5");
    REQUIRE(h.stored("VALUE"));
    CHECK(*h.stored("VALUE") == "14.5");
    REQUIRE(h.stored("RESPONSE"));
    CHECK(h.stored("RESPONSE")->find("\"display\":\"14.5\"") != std::string::npos);
    CHECK(dlk::scoreOf(h.item(),
                       {{"RESPONSE", h.session->response("RESPONSE")}, {"VALUE", h.session->response("VALUE")}}) == 1);
}
