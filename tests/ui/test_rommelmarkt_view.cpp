// m06-rommelmarkt on screen: the mail task played through as a pupil would, with the keyboard
// alone, in the real mail view over a session and SQLite file, and what it stores scored.
#include <doctest/doctest.h>

#include "qti/response_processing.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {

const std::string kMail = std::string(DLK_SOURCE_ITEMS) + "/m06-rommelmarkt/nl/rommelmarkt-14-doorsturen.xml";

const dlk::ui::A11yNode* findStart(const std::string& prefix, const char* role) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind(prefix, 0) == 0 && n.role == role) return &n;
    return nullptr;
}

void tabToStart(WidgetHarness& h, const std::string& prefix, const char* role) {
    for (int i = 0; i < 80; ++i) {
        h.key(WidgetHarness::kKeyTab);
        if (const auto* n = findStart(prefix, role); n && n->focused) return;
    }
    FAIL("Tab never reached '" << prefix << "'");
}

double scored(const WidgetHarness& h) {
    return dlk::scoreOf(h.item(), {{"FORWARDED", h.session->response("FORWARDED")}});
}

}  // namespace

TEST_CASE("rommelmarkt on screen: the flyer forwarded by keyboard to the two who asked - both points") {
    WidgetHarness h(kMail);
    CHECK(scored(h) == 0);
    tabToStart(h, "Juf Anouk: De flyer van de rommelmarkt", "row");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    bool attachment = false;  // the flyer is attached to the mail that is forwarded
    for (const auto& n : dlk::ui::a11yFrame()) attachment |= n.label.find("flyer-rommelmarkt.pdf") != std::string::npos;
    CHECK(attachment);
    tabToStart(h, "Doorsturen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(2);
    REQUIRE(h.has("Doorsturen", "heading"));
    for (const char* contact : {"Buurthuis De Schakel <", "Ouderraad De Regenboog <"}) {
        tabToStart(h, contact, "choice");
        h.key(WidgetHarness::kKeySpace);
        h.frames(1);
        CHECK(findStart(contact, "choice")->selected);
    }
    tabToStart(h, "Versturen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(*h.stored("FORWARDED") == "[\"m1 buurthuis\",\"m1 ouderraad\"]");
    CHECK(scored(h) == 2);
    CHECK(h.envEvents() == std::vector<std::string>{"mail.open=m1", "mail.forward=m1", "mail.to=buurthuis",
                                                    "mail.to=ouderraad", "mail.send=m1"});
}
