// The single-item harness itself: a choice clicked in it is in the session and on disk.
#include "widget_harness.h"

using dlk::test::WidgetHarness;

TEST_CASE("widget harness: a clicked choice is the response and is committed") {
    WidgetHarness h(DLK_TEST_DATA "/spec/choice_single.xml");
    CHECK(h.response() == "NULL");
    CHECK_FALSE(h.stored());
    const auto& first = dlk::ui::a11yFrame();
    REQUIRE_FALSE(first.empty());
    std::string label;
    for (const auto& n : first)
        if (n.role == "choice") {
            label = n.label;
            break;
        }
    REQUIRE_FALSE(label.empty());
    h.click(label, "choice");
    CHECK(h.response() != "NULL");
    REQUIRE(h.stored());
    CHECK(*h.stored() == h.response());
}
