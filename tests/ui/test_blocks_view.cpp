// The block editor's view (ui/sim/blocks_view.cpp) over a real item, session and SQLite file: a
// program built by dragging blocks with the mouse, by clicking a block and then its place, and by
// the keyboard alone; then run on the animated world. The answer on disk is the program's text.
#include <doctest/doctest.h>

#include "qti/response_processing.h"
#include "ui/widgets/frame_request.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/blocks.xml";

// The program as the session holds it.
std::string programOf(const WidgetHarness& h) {
    const dlk::Value v = h.session->response("RESPONSE");
    return v.isNull() ? "NULL" : v.items.at(0);
}

// The program as committed in SQLite (the stored JSON string, unescaped).
std::string storedProgram(const WidgetHarness& h) {
    const auto s = h.stored();
    REQUIRE(s);
    const dlk::Value v =
        dlk::valueFromJson(dlk::parseJson(*s, "stored"), dlk::Cardinality::Single, dlk::BaseType::String, "RESPONSE");
    return v.isNull() ? "NULL" : v.items.at(0);
}

// A place for the block picked up ("Plek N: ..."), by the words after its number.
const dlk::ui::A11yNode* gap(const WidgetHarness&, const std::string& where) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "gap" && n.label.size() > where.size() && n.label.ends_with(": " + where)) return &n;
    return nullptr;
}

void clickGap(WidgetHarness& h, const std::string& where) {
    h.frames(2);  // the program scrolls to the place the keyboard would go first
    const auto* g = gap(h, where);
    REQUIRE_MESSAGE(g, "no place '" << where << "'");
    h.clickAt(g->center());
}

// Clicks once the view has settled: after an edit the program scrolls to the block the keyboard
// goes to next, a frame later.
void clickOn(WidgetHarness& h, const std::string& label, const char* role, size_t nth = 0) {
    h.frames(2);
    h.click(label, role, nth);
}

double score(const WidgetHarness& h) {
    return dlk::scoreOf(h.item(), {{"RESPONSE", h.session->response("RESPONSE")}});
}

// Lets a started run play to its end; checks that the view asks for frames while the robot moves
// and for none once it stands still.
void playToEnd(WidgetHarness& h) {
    dlk::ui::beginFrameRequests();
    h.frames(1);
    CHECK(dlk::ui::requestedFrameWithin() > 0);
    CHECK(dlk::ui::requestedFrameWithin() <= 0.3);
    for (int i = 0; i < 40; ++i) h.wait(300);
    dlk::ui::beginFrameRequests();
    h.frames(1);
    CHECK(dlk::ui::requestedFrameWithin() < 0);
}

const char* kSolution = "while path ahead\n  forward\n  if thing here\n    pick\n  end\nend\n";
}  // namespace

TEST_CASE("blocks view: a program dragged and clicked together with the mouse is the answer on disk") {
    WidgetHarness h(kItem, 1366, 1200);  // tall enough that the palette and the program show together
    CHECK(h.has("Maak een programma dat in beide werelden werkt."));
    CHECK(h.has("Nog leeg: zet hier blokken neer."));
    CHECK(h.has("Wereld 1", "button"));
    CHECK(h.response() == "NULL");
    // Drag "ga vooruit" from the palette into the empty program.
    h.drag("ga vooruit", "Nog leeg: zet hier blokken neer.");
    CHECK(programOf(h) == "forward\n");
    CHECK(storedProgram(h) == "forward\n");
    // Drag "zolang" to the top edge of that block: it goes before it.
    const auto* chip = h.find("zolang vrij vooruit", "button");
    const auto* row = h.find("ga vooruit", "block");
    REQUIRE(chip);
    REQUIRE(row);
    h.dragAt(chip->center(), ImVec2(row->center().x, row->min.y + 2));
    CHECK(programOf(h) == "while path ahead\nend\nforward\n");
    // Drag the forward block onto the lower half of the while: into its body.
    const auto* fwd = h.find("ga vooruit", "block");
    const auto* loop = h.find("zolang vrij vooruit", "block");
    REQUIRE(fwd);
    REQUIRE(loop);
    h.dragAt(fwd->center(), ImVec2(loop->center().x, loop->max.y - 2));
    CHECK(programOf(h) == "while path ahead\n  forward\nend\n");
    // Click a block of the palette, then the place shown for it.
    clickOn(h, "als vrij vooruit", "button");
    CHECK(h.has("Kies waar het blok komt: met de pijltjes en Enter, of klik op de plek. Esc: toch niet."));
    clickGap(h, "na ‘ga vooruit’");
    CHECK(programOf(h) == "while path ahead\n  forward\n  if path ahead\n  end\nend\n");
    // The if's sensor: a click goes on to the next sensor of the task (path ahead, thing here...).
    clickOn(h, "vrij vooruit", "button", 1);
    CHECK(programOf(h) == "while path ahead\n  forward\n  if thing here\n  end\nend\n");
    clickOn(h, "pak op", "button");
    clickGap(h, "in ‘als ster hier’");
    CHECK(programOf(h) == kSolution);
    CHECK(storedProgram(h) == kSolution);
    CHECK(h.has("4 blokken, hoogstens 5"));
    CHECK(score(h) == 2);
    // Start: the robot walks; at the end the world says it worked.
    clickOn(h, "▶ Start", "button");
    playToEnd(h);
    CHECK(h.has("Gelukt! De robot heeft alles en is bij het doel."));
    CHECK(h.has("De robot staat op D1 en kijkt naar rechts. Het doel is D1. Nog 0 op te pakken.", "image"));
    // The other world: the same program works there too.
    clickOn(h, "Wereld 2", "button");
    clickOn(h, "▶ Start", "button");
    playToEnd(h);
    CHECK(h.has("Gelukt! De robot heeft alles en is bij het doel."));
    CHECK(programOf(h) == kSolution);  // running never changes the answer
    // A block dragged back onto the palette is thrown away; undo brings it back.
    h.frames(2);
    const auto* pick = h.find("pak op", "block");
    const auto* palette = h.find("ga vooruit", "button");
    REQUIRE(pick);
    REQUIRE(palette);
    h.dragAt(pick->center(), palette->center());
    CHECK(programOf(h) == "while path ahead\n  forward\n  if thing here\n  end\nend\n");
    CHECK(score(h) == 0);
    clickOn(h, "↶ Ongedaan maken", "button");
    CHECK(storedProgram(h) == kSolution);
    CHECK(score(h) == 2);
    // Every edit and every run is process data: codes from the task, never typed text.
    const std::vector<std::string> events = h.envEvents();
    const std::vector<std::string> expected = {"blocks.insert=forward",
                                               "blocks.insert=while",
                                               "blocks.move=forward",
                                               "blocks.insert=if",
                                               "blocks.sensor=thing-here",
                                               "blocks.insert=pick",
                                               "blocks.run",
                                               "blocks.world=2",
                                               "blocks.run",
                                               "blocks.remove=pick",
                                               "blocks.undo"};
    CHECK(events == expected);
}

TEST_CASE("blocks view: the keyboard alone - Tab to a block Enter and Enter on its place - then run") {
    WidgetHarness h(kItem);
    // A block of the palette: Enter picks it up and the keyboard goes to its place.
    h.tabTo("ga vooruit", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(gap(h, "bovenaan"));
    CHECK(gap(h, "bovenaan")->focused);
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(programOf(h) == "forward\n");
    // The next block goes after the last one placed.
    h.tabTo("herhaal 2 keer", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(gap(h, "na ‘ga vooruit’"));
    CHECK(gap(h, "na ‘ga vooruit’")->focused);
    // The arrow keys go from place to place.
    h.key(WidgetHarness::kKeyUp);
    h.frames(1);
    REQUIRE(gap(h, "bovenaan"));
    CHECK(gap(h, "bovenaan")->focused);
    h.key(WidgetHarness::kKeyDown);
    h.frames(1);
    CHECK(gap(h, "na ‘ga vooruit’")->focused);
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(programOf(h) == "forward\nrepeat 2\nend\n");
    // ... and inside a block placed with a body.
    h.tabTo("draai naar links", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(gap(h, "in ‘herhaal 2 keer’"));
    CHECK(gap(h, "in ‘herhaal 2 keer’")->focused);
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(programOf(h) == "forward\nrepeat 2\n  turn left\nend\n");
    // Escape puts a picked-up block back.
    h.tabTo("pak op", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(gap(h, "bovenaan"));
    h.key(WidgetHarness::kKeyEscape);
    h.frames(1);
    CHECK_FALSE(gap(h, "bovenaan"));
    CHECK(programOf(h) == "forward\nrepeat 2\n  turn left\nend\n");
    // The count: its + is a Tab stop.
    h.tabTo("een keer meer", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(programOf(h) == "forward\nrepeat 3\n  turn left\nend\n");
    // A block of the program: Backspace removes it.
    h.tabTo("draai naar links", "block");
    h.key(WidgetHarness::kKeyBackspace);
    h.frames(1);
    CHECK(programOf(h) == "forward\nrepeat 3\nend\n");
    // A block of the program: Enter picks it up, Enter on another place moves it there.
    h.tabTo("ga vooruit", "block");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(gap(h, "in ‘herhaal 3 keer’"));
    h.tabTo(gap(h, "in ‘herhaal 3 keer’")->label, "gap");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(programOf(h) == "repeat 3\n  forward\nend\n");
    CHECK(storedProgram(h) == "repeat 3\n  forward\nend\n");
    // Three steps forward on the short world: on the goal, but the star is still there.
    h.tabTo("▶ Start", "button");
    h.key(WidgetHarness::kKeyEnter);
    playToEnd(h);
    CHECK(h.has("De robot is bij het doel, maar heeft nog niet alles opgepakt."));
    // One more: into the edge of the world.
    h.tabTo("een keer meer", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("▶ Start", "button");
    h.key(WidgetHarness::kKeyEnter);
    playToEnd(h);
    CHECK(h.has("Au! De robot botst tegen een muur en stopt."));
    // Stap shows one action at a time.
    h.tabTo("Stap ▸", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has("Stap 1 van het programma."));
    CHECK(storedProgram(h) == "repeat 4\n  forward\nend\n");
    CHECK(score(h) == 0);
}

TEST_CASE("blocks view: the bank's program to fix is fixed with the keyboard alone and then scores") {
    WidgetHarness h(DLK_SOURCE_ITEMS "/m03-robot/nl/robot-12-fout-herstellen.xml");
    // It starts as the given program, shown before anything is stored.
    CHECK(h.has("herhaal tot bij de balie", "block"));
    // In the library the walls are bookcases and the worlds its corridors, as the item says.
    CHECK(h.has("als kast vooruit", "block"));
    CHECK_FALSE(h.has("als muur vooruit", "block"));
    CHECK(h.has("Gang 1", "button"));
    CHECK(h.has("Gang 2", "button"));
    CHECK(h.has("Je programma moet in alle 2 gangen werken."));
    CHECK(h.response() == "NULL");
    // Its wrong turn out, the right one in: the keyboard goes to the place the block left.
    h.tabTo("draai naar links", "block");
    h.key(WidgetHarness::kKeyBackspace);
    h.frames(1);
    CHECK(programOf(h) == "repeat until goal\n  if wall ahead\n  else\n    forward\n  end\nend\n");
    h.tabTo("draai naar rechts", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(gap(h, "in ‘als kast vooruit’"));
    CHECK(gap(h, "in ‘als kast vooruit’")->focused);
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(storedProgram(h) == "repeat until goal\n  if wall ahead\n    turn right\n  else\n    forward\n  end\nend\n");
    CHECK(score(h) == 1);
    h.tabTo("▶ Start", "button");
    h.key(WidgetHarness::kKeyEnter);
    playToEnd(h);
    CHECK(h.has("Gelukt! De robot is bij het doel."));
}
