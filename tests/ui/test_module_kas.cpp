// The block tasks of the bank's module m05-kas played on screen as a pupil plays them: blocks put
// in by clicking a block and then its place, the program run on every world, and the answer on
// disk scored by the item.
#include <doctest/doctest.h>

#include "qti/response_processing.h"
#include "ui/widgets/frame_request.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {

std::string programOf(const WidgetHarness& h) {
    const dlk::Value v = h.session->response("RESPONSE");
    return v.isNull() ? "NULL" : v.items.at(0);
}

std::string storedProgram(const WidgetHarness& h) {
    const auto s = h.stored();
    REQUIRE(s);
    const dlk::Value v =
        dlk::valueFromJson(dlk::parseJson(*s, "stored"), dlk::Cardinality::Single, dlk::BaseType::String, "RESPONSE");
    return v.isNull() ? "NULL" : v.items.at(0);
}

// The places shown for a block picked up, for failure messages.
std::string gapsShown() {
    std::string out;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "gap") out += "[" + n.label + "] ";
    return out;
}

// Clicks the palette block `block`, then the place "Plek N: <where>" shown for it.
void put(WidgetHarness& h, const std::string& block, const std::string& where) {
    h.frames(2);
    h.click(block, "button");
    h.frames(2);
    const dlk::ui::A11yNode* gap = nullptr;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "gap" && n.label.size() > where.size() && n.label.ends_with(": " + where)) gap = &n;
    REQUIRE_MESSAGE(gap, "no place '" << where << "' for '" << block << "'; shown: " << gapsShown());
    h.clickAt(gap->center());
    h.frames(1);
}

double score(const WidgetHarness& h) {
    return dlk::scoreOf(h.item(), {{"RESPONSE", h.session->response("RESPONSE")}});
}

void playToEnd(WidgetHarness& h) {
    h.frames(1);
    for (int i = 0; i < 60; ++i) h.wait(300);
    h.frames(1);
}

}  // namespace

TEST_CASE("m05-kas on screen: the large task's program is built by clicks - solves the three paths - full marks") {
    WidgetHarness h(DLK_SOURCE_ITEMS "/m05-kas/nl/kas-10-plukprogramma.xml", 1366, 1600);
    CHECK(h.has("Wereld 3", "button"));
    CHECK(h.response() == "NULL");
    CHECK(score(h) == 0);
    put(h, "herhaal tot bij het doel", "bovenaan");
    put(h, "als muur vooruit … anders", "in ‘herhaal tot bij het doel’");
    put(h, "draai naar rechts", "in ‘als muur vooruit’");
    put(h, "ga vooruit", "in ‘anders’");
    // Halfway: the robot reaches the crate on every path but picks nothing: no path solved.
    CHECK(programOf(h) == "repeat until goal\n  if wall ahead\n    turn right\n  else\n    forward\n  end\nend\n");
    CHECK(score(h) == 0);
    put(h, "pak op", "na ‘als muur vooruit’");
    const std::string solution =
        "repeat until goal\n  if wall ahead\n    turn right\n  else\n    forward\n  end\n  pick\nend\n";
    CHECK(programOf(h) == solution);
    CHECK(storedProgram(h) == solution);
    CHECK(h.has("5 blokken, hoogstens 8"));
    CHECK(score(h) == 4);
    // Run on each world: the robot picks everything and stops at the crate.
    for (const char* world : {"Wereld 1", "Wereld 2", "Wereld 3"}) {
        CAPTURE(world);
        h.frames(2);
        h.click(world, "button");
        h.frames(2);
        h.click("▶ Start", "button");
        playToEnd(h);
        CHECK(h.has("Gelukt! De robot heeft alles en is bij het doel."));
    }
    CHECK(programOf(h) == solution);  // running never changes the answer
}

TEST_CASE("m05-kas on screen: the first program is built with two repeats by clicks and earns both points") {
    WidgetHarness h(DLK_SOURCE_ITEMS "/m05-kas/nl/kas-09-route.xml", 1366, 1600);
    CHECK(h.has("0 blokken, hoogstens 12"));
    // Built from its end: every block goes in at the top, or at the top of a repeat.
    auto repeatSix = [&] {
        put(h, "herhaal 2 keer", "bovenaan");
        put(h, "pak op", "in ‘herhaal 2 keer’");
        put(h, "ga vooruit", "bovenaan in ‘herhaal 2 keer’");
        for (int i = 0; i < 4; ++i) {
            h.frames(2);
            h.click("een keer meer", "button");
        }
        h.frames(1);
    };
    repeatSix();
    for (const char* block : {"draai naar rechts", "ga vooruit", "pak op", "ga vooruit", "draai naar rechts"})
        put(h, block, "bovenaan");
    CHECK(score(h) == 0);  // the first row is still missing
    repeatSix();
    const std::string solution =
        "repeat 6\n  forward\n  pick\nend\nturn right\nforward\npick\nforward\nturn right\n"
        "repeat 6\n  forward\n  pick\nend\n";
    CHECK(programOf(h) == solution);
    CHECK(storedProgram(h) == solution);
    CHECK(h.has("11 blokken, hoogstens 12"));
    CHECK(score(h) == 2);
    h.frames(2);
    h.click("▶ Start", "button");
    playToEnd(h);
    CHECK(h.has("Gelukt! De robot heeft alles en is bij het doel."));
}
