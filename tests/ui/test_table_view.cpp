// The data table's view (ui/sim/table_view.cpp) over a real item, session and SQLite file: by
// mouse (header clicks, the filter's ▼, clicks, Shift-clicks and drags on cells, the toolbar), by
// keyboard alone (Tab to every control, arrows and Shift+arrows in the grid), at 200% text on a
// small screen, with every action in the process data as a short code and every response on disk.
#include <doctest/doctest.h>

#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/table.xml";

const dlk::ui::A11yNode* withRole(const WidgetHarness&, const std::string& role) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == role) return &n;
    return nullptr;
}

// Presses Tab until the grid has the keyboard focus, as a pupil would.
void tabToGrid(WidgetHarness& h) {
    for (int i = 0; i < 40; ++i) {
        h.key(WidgetHarness::kKeyTab);
        if (const auto* n = withRole(h, "grid"); n && n->focused) return;
    }
    FAIL("Tab never reached the grid");
}

void shiftKey(WidgetHarness& h, int key) {
    ImGui::GetIO().KeyShift = true;
    h.key(key);
    ImGui::GetIO().KeyShift = false;
}

double score(const WidgetHarness& h) {
    dlk::VariableMap answers;
    for (const char* id : {"RESPONSE", "CELLS", "RESULT", "FORMULA", "CHART", "ORDER"})
        answers[id] = h.session->response(id);
    return dlk::scoreOf(h.item(), answers);
}

// What every way to the answer leaves on disk: June's counts selected, their average, June
// from most to fewest bees, a chart of the counts.
void checkStoredAnswer(const WidgetHarness& h) {
    REQUIRE(h.stored("CELLS"));
    CHECK(*h.stored("CELLS") == R"(["r3-bijen","r6-bijen","r9-bijen","r12-bijen"])");
    REQUIRE(h.stored("RESULT"));
    CHECK(*h.stored("RESULT") == "29.25");
    CHECK(*h.stored("FORMULA") == R"("average")");
    CHECK(*h.stored("CHART") == R"("bijen")");
    CHECK(*h.stored("ORDER") == R"(["r6","r3","r12","r9"])");
    REQUIRE(h.stored("RESPONSE"));
    CHECK(h.stored("RESPONSE")->find(R"("result":29.25)") != std::string::npos);
    CHECK(score(h) == 4);
}
}  // namespace

TEST_CASE("table view: by mouse - filter with the header's arrow - sort by its name - select - compute - chart") {
    WidgetHarness h(kItem);
    CHECK(h.has("Laat alleen juni zien, met de meeste bijen bovenaan."));  // the interaction's prompt
    CHECK(h.has("Bijen tellen – Rekenblad", "text"));
    CHECK(h.has("12 rijen", "text"));
    CHECK(h.has("C9: 10,5", "cell"));  // the decimal comma
    CHECK(h.response() == "NULL");

    // The ▼ of Maand opens its values; juni shows June's rows only.
    h.click("Filter Maand", "button");
    CHECK(h.has("Filter op Maand", "text"));
    for (const char* value : {"Alles tonen", "april", "juni", "mei"}) CHECK_MESSAGE(h.has(value, "button"), value);
    h.click("juni", "button");
    CHECK_FALSE(h.has("Filter op Maand", "text"));
    CHECK(h.has("4 van 12 rijen · Filter: Maand = juni", "text"));
    CHECK_FALSE(h.has("C2: 12", "cell"));
    // The name of Bijen sorts: once most bees last, again most bees first.
    h.click("Bijen", "button");
    CHECK(h.has("C12: 41", "cell"));  // rows keep their numbers in the sorted table, as in a spreadsheet
    h.click("Bijen", "button");
    CHECK(h.has("C2: 41", "cell"));
    CHECK(h.find("Bijen", "button")->selected);
    // A click and a Shift-click select June's counts; Gemiddelde computes over them.
    h.click("C2: 41", "cell");
    ImGui::GetIO().KeyShift = true;
    h.click("C7: 15", "cell");
    ImGui::GetIO().KeyShift = false;
    CHECK(h.find("C4: 27", "cell")->selected);
    CHECK_FALSE(h.find("A2: Park", "cell")->selected);
    h.click("Gemiddelde", "button");
    CHECK(h.has("Formule: C2:C7 =GEMIDDELDE(C2:C7) = 29,25", "text"));
    h.click("Grafiek", "button");
    CHECK(h.has("Staafgrafiek: Bijen. Park 41; Schooltuin 34; Bos 27; Daktuin 15;", "image"));
    checkStoredAnswer(h);
    // Every action, committed with the answer it changed: short codes from the scenario.
    CHECK(h.envEvents() == std::vector<std::string>{"table.filter=r3-maand", "table.sort-ascending=bijen",
                                                    "table.sort-descending=bijen", "table.select=r6-bijen",
                                                    "table.extend-selection=r9-bijen", "table.formula=average",
                                                    "table.chart=bijen"});
    // Undo takes the chart back; Alles tonen shows every row again.
    h.click("↶ Ongedaan maken", "button");
    CHECK_FALSE(withRole(h, "image"));
    CHECK(h.response("CHART") == "NULL");
    h.click("Filter Maand", "button");
    h.click("Alles tonen", "button");
    CHECK(h.has("12 rijen", "text"));
    CHECK(h.response("ORDER") == R"(["r6","r3","r12","r2","r5","r9","r10","r1","r8","r4","r7","r11"])");
    CHECK(score(h) == 2);  // the average and the cells still stand; the rows shown and the chart do not
}

TEST_CASE("table view: a drag from one cell to another selects the rectangle between them") {
    WidgetHarness h(kItem);
    h.drag("A2: Schooltuin", "C4: 34");
    for (const char* cell : {"A2: Schooltuin", "B3: mei", "C4: 34"})
        CHECK_MESSAGE(h.find(cell, "cell")->selected, cell);
    CHECK_FALSE(h.find("A5: Park", "cell")->selected);
    REQUIRE(h.stored("CELLS"));
    CHECK(*h.stored("CELLS") ==
          R"(["r1-tuin","r1-maand","r1-bijen","r2-tuin","r2-maand","r2-bijen","r3-tuin","r3-maand","r3-bijen"])");
    CHECK(h.envEvents() == std::vector<std::string>{"table.select=r1-tuin", "table.extend-selection=r3-bijen"});
    h.click("Som", "button");
    CHECK(h.has("Formule: A2:C4 =SOM(A2:C4) = 71", "text"));
}

TEST_CASE("table view: the keyboard alone - Tab to every control - the arrows and Shift in the grid") {
    WidgetHarness h(kItem);
    // The filter: Tab to the ▼ of Maand, Enter; the keyboard goes on to its values.
    h.tabTo("Filter Maand", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(h.has("Filter op Maand", "text"));
    CHECK(h.find("Alles tonen", "button")->focused);
    h.tabTo("juni", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has("4 van 12 rijen · Filter: Maand = juni", "text"));
    CHECK(h.find("Filter Maand", "button")->focused);  // back where the keyboard opened it
    // Sort: Enter on the name of Bijen, twice.
    h.tabTo("Bijen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has("C2: 41", "cell"));
    // In the grid the arrows move the cursor (the first press takes the first cell) and
    // Shift+Down extends the selection; the keyboard focus stays in the grid.
    tabToGrid(h);
    h.key(WidgetHarness::kKeyDown);
    CHECK(withRole(h, "grid")->label == "Tabel, A2: Park");
    h.key(WidgetHarness::kKeyRight);
    h.key(WidgetHarness::kKeyRight);
    h.key(WidgetHarness::kKeyRight);  // the last column: the cursor stays
    CHECK(withRole(h, "grid")->label == "Tabel, C2: 41");
    for (int i = 0; i < 4; ++i) shiftKey(h, WidgetHarness::kKeyDown);  // the fourth is past the last row
    h.frames(1);
    CHECK(withRole(h, "grid")->focused);
    CHECK(withRole(h, "grid")->label == "Tabel, C7: 15");
    CHECK(h.has("Formule: C2:C7 ", "text"));  // the rows shown: a filtered range as on the screen
    // The toolbar computes and draws.
    h.tabTo("Gemiddelde", "button");
    h.key(WidgetHarness::kKeySpace);
    h.tabTo("Grafiek", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    checkStoredAnswer(h);
    CHECK(h.envEvents() ==
          std::vector<std::string>{"table.filter=r3-maand", "table.sort-ascending=bijen", "table.sort-descending=bijen",
                                   "table.select=r6-tuin", "table.select=r6-maand", "table.select=r6-bijen",
                                   "table.select=r6-bijen", "table.extend-selection=r3-bijen",
                                   "table.extend-selection=r12-bijen", "table.extend-selection=r9-bijen",
                                   "table.extend-selection=r9-bijen", "table.formula=average", "table.chart=bijen"});
    // Undo from the keyboard too.
    h.tabTo("↶ Ongedaan maken", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.response("CHART") == "NULL");
}

TEST_CASE("table view: at 200 percent on 1024x600 the controls stay big and the grid scrolls in its own region") {
    WidgetHarness h(DLK_TEST_DATA "/sim/table_wide.xml", 1024, 600);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const float emPx = ImGui::GetFontSize();
    auto big = [&](const char* label) {
        const auto* n = h.find(label, "button");
        REQUIRE_MESSAGE(n, label);
        CHECK_MESSAGE(n->max.y - n->min.y >= 2.5f * emPx - 1, label);
        CHECK_MESSAGE(n->min.x >= 0, label);
        CHECK_MESSAGE(n->max.x <= 1024, label);
    };
    for (const char* label : {"↶ Ongedaan maken", "↑ Oplopend", "Gemiddelde", "Maximum"}) big(label);
    // The header's controls, reached by Tab (the page scrolls to them).
    h.tabTo("Tuin", "button");
    big("Tuin");
    h.tabTo("Filter Tuin", "button");
    big("Filter Tuin");
    // The grid is wider than what the item's column leaves it: its last columns start out of
    // view, and the cursor brings them in.
    const float right = 1.5f * emPx + std::min(1024 - 2 * emPx, 40 * emPx) - emPx;
    const auto* last = h.find("F2: 30", "cell");
    REQUIRE(last);
    CHECK(last->min.x > right);
    const float before = last->min.x;
    tabToGrid(h);
    h.key(WidgetHarness::kKeyDown);
    for (int i = 0; i < 5; ++i) h.key(WidgetHarness::kKeyRight);
    h.frames(2);
    CHECK(withRole(h, "grid")->label == "Tabel, F2: 30");
    last = h.find("F2: 30", "cell");
    REQUIRE(last);
    CHECK(last->min.x < before);
    CHECK(last->max.x <= right + 1);
    CHECK(last->selected);
    // The keyboard's way to the answer: the chart of July, its maximum.
    for (int i = 0; i < 1; ++i) h.key(WidgetHarness::kKeyLeft);
    for (int i = 0; i < 3; ++i) {
        ImGui::GetIO().KeyShift = true;
        h.key(WidgetHarness::kKeyDown);
        ImGui::GetIO().KeyShift = false;
    }
    h.tabTo("Maximum", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Grafiek", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(h.stored("RESULT"));
    CHECK(*h.stored("RESULT") == "52");
    CHECK(*h.stored("CHART") == R"("juli")");
    CHECK(dlk::scoreOf(h.item(), {{"RESPONSE", h.session->response("RESPONSE")},
                                  {"CHART", h.session->response("CHART")},
                                  {"RESULT", h.session->response("RESULT")}}) == 1);
}
