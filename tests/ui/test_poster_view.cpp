// The poster editor's view (ui/sim/poster_view.cpp) over a real item, session and SQLite file:
// by mouse (clicks and dragging a picture), by keyboard alone, typing kept exactly and within its
// limit, and every action in the process data as a short code, never the words typed.
#include <doctest/doctest.h>

#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/poster.xml";
const std::string kS1 = "Fatima Bakker, Waarom bijen zo belangrijk zijn, bijenlab-onderzoek.nl, 2024";
const std::string kS2 = "Weetal, Bijen, weetal.nl";

// Turns the mouse wheel until the control is inside the window, as a pupil scrolls to it.
dlk::VariableMap responses(const WidgetHarness& h) {
    dlk::VariableMap out;
    for (const char* rid : {"RESPONSE", "TITLE", "TEXT", "PICTURES", "SOURCES", "LAYOUT"})
        out[rid] = h.session->response(rid);
    return out;
}
}  // namespace

TEST_CASE("poster view: made with the mouse - title typed - layout - picture placed - sources ticked - Undo") {
    WidgetHarness h(kItem);
    CHECK(h.has("Geef je poster een titel, zet er een afbeelding op en noem twee bronnen."));
    CHECK(h.has("Indeling: Afbeelding links", "choice"));
    CHECK(h.has("Afbeelding 1: leeg", "button"));
    CHECK_FALSE(h.has("Afbeelding 2: leeg", "button"));  // picture-left has one place
    CHECK(h.response() == "NULL");

    h.click("Titel", "textbox");
    h.type("Bijen zijn belangrijk!");
    h.wait(3000);
    REQUIRE(h.stored("TITLE"));
    CHECK(*h.stored("TITLE") == "\"Bijen zijn belangrijk!\"");

    h.click("Twee kolommen", "button");
    CHECK(h.has("Indeling: Twee kolommen", "choice"));
    CHECK(h.has("Afbeelding 2: leeg", "button"));
    // A place, then a picture; and a picture dragged onto the other place.
    h.click("Afbeelding 1: leeg", "button");
    h.click("Een bij op een bloem", "choice");
    CHECK(h.has("Afbeelding 1: Een bij op een bloem", "button"));
    h.drag("Een pot honing", "Afbeelding 2: leeg");
    CHECK(h.has("Afbeelding 2: Een pot honing", "button"));
    h.scrollTo(kS2, "choice");
    h.click(kS1, "choice");
    h.click(kS2, "choice");
    CHECK(h.find(kS1, "choice")->selected);
    REQUIRE(h.stored("SOURCES"));
    CHECK(*h.stored("SOURCES") == "[\"S1\",\"S2\"]");
    REQUIRE(h.stored("PICTURES"));
    CHECK(*h.stored("PICTURES") == "[\"bij\",\"honing\"]");
    CHECK(*h.stored("LAYOUT") == "\"two-columns\"");
    CHECK(dlk::scoreOf(h.item(), responses(h)) == 3);  // title, picture, two good sources

    // Undo takes the last source back; the honey comes off with Verwijderen.
    h.scrollTo("Ongedaan maken", "button");
    h.click("Ongedaan maken", "button");
    CHECK_FALSE(h.find(kS2, "choice")->selected);
    CHECK(*h.stored("SOURCES") == "[\"S1\"]");
    CHECK(dlk::scoreOf(h.item(), responses(h)) == 2);
    h.scrollTo("Verwijderen: Afbeelding 2", "button");
    h.click("Verwijderen: Afbeelding 2", "button");
    CHECK(h.has("Afbeelding 2: leeg", "button"));
    CHECK(*h.stored("PICTURES") == "[\"bij\"]");
    // The title typed is the poster's title on disk, exactly.
    REQUIRE(h.stored("RESPONSE"));
    CHECK(h.stored("RESPONSE")->find("Bijen zijn belangrijk!") != std::string::npos);
    CHECK(h.envEvents() == std::vector<std::string>{"poster.edit-title", "poster.layout=two-columns",
                                                    "poster.place-picture=P1:bij", "poster.place-picture=P2:honing",
                                                    "poster.add-source=S1", "poster.add-source=S2", "poster.undo",
                                                    "poster.remove-picture=P2"});
}

TEST_CASE("poster view: the keyboard alone makes a poster that earns every criterion the machine scores") {
    WidgetHarness h(kItem);
    h.tabTo("Titel", "textbox");
    h.type("Red de bij");
    h.tabTo("Tekst 1", "textbox");
    h.type("Bijen maken honing.");
    h.key(WidgetHarness::kKeyEnter);  // a line break the pupil typed stays one
    h.type("En ze helpen bloemen.");
    // A place on the poster, then a picture for it.
    h.tabTo("Afbeelding 1: leeg", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.find("Afbeelding 1: leeg", "button")->selected);
    h.tabTo("Een veld met bloemen", "choice");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("Afbeelding 1: Een veld met bloemen", "button"));
    // Or a picture first, then the place: the bee replaces the flowers.
    h.tabTo("Een bij op een bloem", "choice");
    h.key(WidgetHarness::kKeySpace);
    h.tabTo("Afbeelding 1: Een veld met bloemen", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("Afbeelding 1: Een bij op een bloem", "button"));
    h.tabTo(kS1, "choice");
    h.key(WidgetHarness::kKeySpace);
    h.tabTo(kS2, "choice");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Bron toevoegen", "textbox");
    h.type("Bijenboek, 2023");
    h.tabTo("Twee kolommen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.wait(3000);

    REQUIRE(h.stored("TITLE"));
    CHECK(*h.stored("TITLE") == "\"Red de bij\"");
    REQUIRE(h.stored("TEXT"));
    CHECK(*h.stored("TEXT") == "\"Bijen maken honing.\\nEn ze helpen bloemen.\"");
    CHECK(*h.stored("PICTURES") == "[\"bij\"]");
    CHECK(*h.stored("SOURCES") == "[\"S1\",\"S2\"]");
    CHECK(*h.stored("LAYOUT") == "\"two-columns\"");
    REQUIRE(h.stored("RESPONSE"));
    CHECK(h.stored("RESPONSE")->find("Bijenboek, 2023") != std::string::npos);
    const dlk::VariableMap out = dlk::processResponses(h.item(), responses(h));
    CHECK(out.at("CRIT_TITLE").items == std::vector<std::string>{"1"});
    CHECK(out.at("CRIT_PICTURE").items == std::vector<std::string>{"1"});
    CHECK(out.at("CRIT_SOURCES").items == std::vector<std::string>{"1"});
    CHECK(out.at("CRIT_MESSAGE").items == std::vector<std::string>{"0"});  // the teacher's
    CHECK(dlk::awaitsTeacher(h.item()));
    // Process data says where the pupil wrote, never what.
    const auto events = h.envEvents();
    CHECK(events == std::vector<std::string>{"poster.edit-title", "poster.edit-text=T1",
                                             "poster.place-picture=P1:bloem", "poster.place-picture=P1:bij",
                                             "poster.add-source=S1", "poster.add-source=S2", "poster.edit-source",
                                             "poster.layout=two-columns"});
}

TEST_CASE("poster view: the title stops at its limit - the stored title is what the field shows") {
    WidgetHarness h(kItem);
    h.click("Titel", "textbox");
    const std::string typed = "Bijen zijn heel erg belangrijk voor ons allemaal";  // 48 bytes, max-title 40
    h.type(typed);
    h.wait(3000);
    REQUIRE(h.stored("TITLE"));
    CHECK(*h.stored("TITLE") == "\"" + typed.substr(0, 40) + "\"");
    // What the field shows is what was stored: nothing past the limit.
    bool shown = false;
    for (const auto& [key, text] : h.state.textBuffers)
        if (key.ends_with("/##title")) shown = text == typed.substr(0, 40);
    CHECK(shown);
}

TEST_CASE("poster view: at 1024x600 and 200 percent text the panels sit below the poster inside the window") {
    WidgetHarness h(kItem, 1024, 600);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const auto* slot = h.find("Afbeelding 1: leeg", "button");
    const auto* source = h.find(kS1, "choice");
    const auto* title = h.find("Titel", "textbox");
    REQUIRE(slot);
    REQUIRE(source);
    REQUIRE(title);
    CHECK(source->min.y > slot->max.y);  // stacked
    for (const auto* n : {slot, source, title}) CHECK(n->max.x <= 1024);
    const auto* undo = h.find("Ongedaan maken", "button");
    REQUIRE(undo);
    CHECK(undo->max.y - undo->min.y >= 2.5f * ImGui::GetFontSize() - 1);
}

TEST_CASE("poster view: after a restart the poster is back as it was - and Undo still takes the last change back") {
    WidgetHarness h(kItem);
    h.click("Titel", "textbox");
    h.type("Red de bij");
    h.click("Twee kolommen", "button");
    h.drag("Een bij op een bloem", "Afbeelding 2: leeg");
    CHECK(h.has("Afbeelding 2: Een bij op een bloem", "button"));
    // The kiosk stops and starts again: a new session on the same file, no view state.
    h.session.reset();
    h.session = std::make_unique<dlk::ModuleSession>(*h.store, h.module, h.pupilId, "nl", h.clockMs);
    h.state = {};
    h.frames(2);
    CHECK(h.has("Indeling: Twee kolommen", "choice"));
    CHECK(h.has("Afbeelding 2: Een bij op een bloem", "button"));
    bool titled = false;
    for (const auto& [key, text] : h.state.textBuffers)
        if (key.ends_with("/##title")) titled = text == "Red de bij";
    CHECK(titled);
    h.click("Ongedaan maken", "button");
    CHECK(h.has("Afbeelding 2: leeg", "button"));
    CHECK(*h.stored("PICTURES") == "null");         // no picture shown: an empty container is NULL
    CHECK(*h.stored("TITLE") == "\"Red de bij\"");  // Undo leaves typing to the field's own Ctrl+Z
}
