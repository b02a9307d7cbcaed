// The teacher screen on a narrow screen: at 200% text on 1024x600 (and 1366x768) the class list
// folds into one button above the results, so the class's tabs and figures get the width.
#include <imgui.h>

#include "ui_harness.h"

using dlk::test::UiHarness;

TEST_CASE("teacher layout: at 200 percent on a small screen the class list folds into a button and opens on demand") {
    for (const auto& [w, hgt] : {std::pair{1024, 600}, std::pair{1366, 768}}) {
        CAPTURE(w);
        UiHarness h(true, w, hgt);
        h.openTeacherScreen();
        const std::string className = h.core->school().classes().front().name;
        // At 100% the list is beside the results: both the new-class form and the tabs are there.
        CHECK(h.has("Naam", "textbox"));
        CHECK(h.has("Scores", "button"));
        h.setTextSize(200);
        // Folded: one button names the class; the tabs are on the first screen.
        const std::string fold = "Klassen: " + className;
        REQUIRE(h.has(fold, "button"));
        CHECK_FALSE(h.has("Naam", "textbox"));
        const auto* scores = h.find("Scores", "button");
        REQUIRE(scores);
        CHECK(scores->max.y <= hgt);      // on the first screen, under the fold button (and the school's buttons)
        CHECK(scores->min.x < w * 0.2f);  // the results take the width, not a strip beside a list
        // Opened: the class list and the new-class form take the screen; the results wait.
        h.click(fold, "button");
        CHECK(h.has("Naam", "textbox"));
        CHECK(h.has(className, "choice"));
        CHECK_FALSE(h.has("Scores", "button"));
        // Sluiten folds it again without changing the class.
        h.click("Sluiten", "button");
        CHECK(h.has(fold, "button"));
        CHECK(h.has("Scores", "button"));
    }
}

TEST_CASE("teacher layout: choosing another class in the opened list shows its results and folds the list") {
    UiHarness h(true, 1024, 600);
    REQUIRE(h.core->school().checkPin("246813", h.clockMs).result == dlk::PinCheck::Ok);
    h.core->school().createClass("Groep 7", h.clockMs);
    h.core->school().lock();
    h.openTeacherScreen();
    h.setTextSize(200);
    const std::string first = h.core->school().classes().front().name;
    std::string fold;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "button" && n.label.rfind("Klassen: ", 0) == 0) fold = n.label;
    REQUIRE_FALSE(fold.empty());
    h.click(fold, "button");
    REQUIRE(h.has("Groep 7", "choice"));
    h.click("Groep 7", "choice");
    CHECK(h.has("Klassen: Groep 7", "button"));
    CHECK_FALSE(h.has("Naam", "textbox"));
}
