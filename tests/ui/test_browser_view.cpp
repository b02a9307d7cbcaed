// The browser's view (ui/sim/browser_view.cpp) over a real item, session and SQLite file: a pupil
// searches, judges the results, opens one, bookmarks it, copies a paragraph, follows a link and
// goes back and forward, by mouse and by keyboard alone; every action is process data as a short
// code, and the state and every output are on disk after each.
#include <doctest/doctest.h>

#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/browser.xml";

const std::string kReliable = "Geen haai in De Groene Plas: de foto is nep";
const std::string kFact = "Haaien leven in de zee. Ze hebben zout water nodig.";
const std::string kLinkWords = "Zo herken je een bewerkte foto";

double score(const WidgetHarness& h) {
    dlk::VariableMap answers;
    for (const char* id : {"RESPONSE", "VISITED", "CHOSEN", "COPIED", "BOOKMARKS"})
        answers[id] = h.session->response(id);
    return dlk::scoreOf(h.item(), answers);
}

// Nothing (NULL) is what is stored for the response.
bool storedNull(const WidgetHarness& h, const std::string& rid) {
    const auto v = h.stored(rid);
    return !v || *v == "null";
}

bool storedHas(const WidgetHarness& h, const std::string& rid, const std::string& text) {
    const auto v = h.stored(rid);
    return v && v->find(text) != std::string::npos;
}

// Tab until the control is focused, then Enter, as a pupil without a mouse does.
void press(WidgetHarness& h, const std::string& label, const char* role) {
    h.tabTo(label, role);
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
}
}  // namespace

TEST_CASE("browser view: search - open a result - bookmark - copy - follow a link - back and forward - by mouse") {
    WidgetHarness h(kItem);
    CHECK(h.has("Zoek uit of het waar is."));
    CHECK(h.has("Zoekwijzer", "heading"));
    CHECK(h.has("https://www.zoekwijzer.nl/", "text"));  // the address bar's address
    CHECK(h.has("Zoekwijzer", "tab"));
    CHECK(h.response() == "NULL");

    h.click("Zoekvak", "textbox");
    h.type("haai groene plas");
    h.click("Zoeken", "button");
    REQUIRE(h.has(kReliable, "link"));
    CHECK(h.has("Advertentie", "text"));
    CHECK(h.has("4 resultaten", "text"));
    CHECK(h.has("https://www.zoekwijzer.nl/search?q=haai+groene+plas", "text"));
    CHECK(h.has("haai groene plas - Zoekwijzer", "tab"));  // the tab shows the search, as browsers do
    // The labelled advert comes first.
    CHECK(h.find("Haaienknuffel nu met 30% korting!", "link")->min.y < h.find(kReliable, "link")->min.y);
    CHECK(storedHas(h, "RESPONSE", "\"query\":\"haai groene plas\""));

    h.click(kReliable, "link");
    CHECK(h.has(kReliable, "heading"));
    CHECK(h.has("Door Waterschap Groene Delta · 3 juni 2025", "text"));
    CHECK(h.has(kReliable, "tab"));
    CHECK(h.has("https://www.waterschap-groenedelta.nl/nieuws/geen-haai", "text"));
    REQUIRE(h.stored("CHOSEN"));
    CHECK(*h.stored("CHOSEN") == "\"waterschap\"");

    h.click("Bladwijzer toevoegen", "button");
    CHECK(h.has("Bladwijzer weghalen", "button"));
    CHECK(h.has(kReliable, "button"));  // in the bookmarks bar
    CHECK(storedHas(h, "BOOKMARKS", "waterschap"));

    // Copy: select the paragraph with a click, then Kopieer.
    CHECK_FALSE(h.has("Kopieer", "button"));
    h.click(kFact, "text");
    CHECK(h.find(kFact, "text")->selected);
    h.click("Kopieer", "button");
    CHECK(h.has("Gekopieerd ✓", "button"));
    CHECK(h.has("Gekopieerde tekst:", "text"));
    REQUIRE(h.stored("COPIED"));
    CHECK(*h.stored("COPIED") == "\"" + kFact + "\"");
    CHECK(std::string(ImGui::GetClipboardText()) == kFact);

    h.click(kLinkWords, "link");
    CHECK(h.has("Zo herken je een bewerkte foto", "heading"));
    CHECK(storedHas(h, "VISITED", "foto"));
    CHECK(score(h) == 4);

    h.click("Terug", "button");
    CHECK(h.has(kReliable, "heading"));
    h.click("Vooruit", "button");
    CHECK(h.has(kLinkWords, "heading"));
    // The home button: the engine's start page; a bookmark takes the pupil back to the page.
    h.click("Startpagina", "button");
    CHECK(h.has("Zoekwijzer", "heading"));
    h.click(kReliable, "button");
    CHECK(h.has(kReliable, "heading"));
    // The star again takes the bookmark away.
    h.click("Bladwijzer weghalen", "button");
    CHECK(h.has("nog geen", "text"));
    CHECK(storedNull(h, "BOOKMARKS"));
    CHECK(score(h) == 3);

    // Every action, committed with the state it made: short codes, never what was typed.
    CHECK(h.envEvents() == std::vector<std::string>{
                               "browser.search", "browser.result=waterschap", "browser.bookmark=waterschap",
                               "browser.copy=waterschap:2", "browser.link=foto", "browser.back", "browser.forward",
                               "browser.home", "browser.open-bookmark=waterschap", "browser.unbookmark=waterschap"});
    CHECK(storedHas(h, "RESPONSE", "\"back\":\"search results waterschap foto search\""));
}

TEST_CASE("browser view: the keyboard alone - Tab to each control and Enter") {
    WidgetHarness h(kItem);
    h.tabTo("Zoekvak", "textbox");
    h.type("haai zwemmen");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(h.has(kReliable, "link"));
    press(h, kReliable, "link");
    CHECK(h.has(kReliable, "heading"));
    // After a move by keyboard the focus stays in the browser, on its back button.
    CHECK(h.find("Terug", "button")->focused);
    press(h, "Bladwijzer toevoegen", "button");
    CHECK(storedHas(h, "BOOKMARKS", "waterschap"));
    // A paragraph is a Tab stop: Enter selects it, and Kopieer follows it.
    press(h, kFact, "text");
    CHECK(h.find(kFact, "text")->selected);
    press(h, "Kopieer", "button");
    REQUIRE(h.stored("COPIED"));
    CHECK(*h.stored("COPIED") == "\"" + kFact + "\"");
    press(h, kLinkWords, "link");
    CHECK(h.has(kLinkWords, "heading"));
    CHECK(h.find("Terug", "button")->focused);
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has(kReliable, "heading"));
    CHECK(score(h) == 4);
    CHECK(h.envEvents() == std::vector<std::string>{"browser.search", "browser.result=waterschap",
                                                    "browser.bookmark=waterschap", "browser.copy=waterschap:2",
                                                    "browser.link=foto", "browser.back"});
}

TEST_CASE("browser view: the address bar opens a page by its address and searches for other words") {
    WidgetHarness h(kItem);
    h.click("Adresbalk", "textbox");
    h.type("vraagmaarraak-forum.nl/vraag/8812");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has("Kunnen haaien in een meer leven?", "heading"));
    CHECK(h.has("Door anoniem · 2016", "text"));
    CHECK(h.has("https://www.vraagmaarraak-forum.nl/vraag/8812", "text"));
    // Typed, not chosen from results: no result is chosen.
    CHECK(storedNull(h, "CHOSEN"));
    CHECK(storedHas(h, "VISITED", "forum"));
    h.click("Adresbalk", "textbox");
    h.type("nepfoto haai");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    // The scenario's fixed results for these words, in its order.
    REQUIRE(h.has("Zo herken je een bewerkte foto", "link"));
    CHECK(h.find("Zo herken je een bewerkte foto", "link")->min.y <
          h.find("HAAI in De Groene Plas?! Bekijk de video!", "link")->min.y);
    CHECK_FALSE(h.has("Advertentie", "text"));
    CHECK(h.has("2 resultaten", "text"));
    // A click in the search box puts the cursor after the words in it (the address bar selects all).
    h.click("Zoekvak", "textbox");
    h.type(" zwemmen");
    h.click("Zoeken", "button");
    CHECK(storedHas(h, "RESPONSE", "\"query\":\"nepfoto haai zwemmen\""));
    CHECK(h.has("5 resultaten", "text"));
    // Words that find nothing.
    h.click("Adresbalk", "textbox");
    h.type("pannenkoeken");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has("Geen resultaten voor ‘pannenkoeken’. Probeer andere zoekwoorden.", "text"));
    CHECK(h.envEvents() ==
          std::vector<std::string>{"browser.address=forum", "browser.search", "browser.search", "browser.search"});
    // Back goes to the forum page, not to the first results (a new search replaced them).
    h.click("Terug", "button");
    CHECK(h.has("Kunnen haaien in een meer leven?", "heading"));
}

TEST_CASE("browser view: a restart resumes the browser where the pupil left it") {
    WidgetHarness h(kItem);
    h.click("Zoekvak", "textbox");
    h.type("haai");
    h.click("Zoeken", "button");
    h.click("HAAI in De Groene Plas?! Bekijk de video!", "link");
    h.click("Bladwijzer toevoegen", "button");
    h.click("Koop hier een haaienknuffel", "link");
    CHECK(h.has("Haaienknuffel nu met 30% korting!", "heading"));
    // The kiosk restarts: a new session over the same database, a fresh view.
    h.session.reset();
    h.state = {};
    h.session = std::make_unique<dlk::ModuleSession>(*h.store, h.module, h.pupilId, "nl", h.clockMs);
    h.frames(3);
    CHECK(h.has("Haaienknuffel nu met 30% korting!", "heading"));
    CHECK(h.has("HAAI in De Groene Plas?! Bekijk de video!", "button"));  // the bookmark
    h.click("Terug", "button");
    CHECK(h.has("HAAI in De Groene Plas?! Bekijk de video!", "heading"));
    h.click("Terug", "button");
    CHECK(h.has("4 resultaten", "text"));
    CHECK(*h.stored("CHOSEN") == "\"flitz\"");
}

TEST_CASE("browser view: controls are at least 2.5 em high and the browser fits the column at 200 percent") {
    WidgetHarness h(kItem, 1024, 600);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const float emPx = ImGui::GetFontSize();
    for (const char* label : {"Terug", "Vooruit", "Startpagina", "Bladwijzer toevoegen", "Zoeken"}) {
        const auto* n = h.find(label, "button");
        REQUIRE_MESSAGE(n, label);
        CHECK(n->max.y - n->min.y >= 2.5f * emPx - 1);
        CHECK(n->max.x <= 1024);
    }
    const auto* field = h.find("Adresbalk", "textbox");
    REQUIRE(field);
    CHECK(field->max.x <= 1024);
    CHECK(field->max.y - field->min.y >= 2.5f * emPx - 1);
    // Results and a page, all inside the window's width (reached by keyboard, which scrolls).
    h.tabTo("Zoekvak", "textbox");
    h.type("haai");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    const auto* result = h.find(kReliable, "link");
    REQUIRE(result);
    CHECK(result->max.y - result->min.y >= 2.5f * emPx - 1);
    press(h, kReliable, "link");
    CHECK(h.has(kReliable, "heading"));
    for (const auto& n : dlk::ui::a11yFrame()) CHECK_MESSAGE(n.max.x <= 1024 + 1, n.label);
}

TEST_CASE("browser view: Ctrl+C copies the selected paragraph - and only while one is selected") {
    WidgetHarness h(kItem);
    constexpr int kKeyC = 67;  // the harness maps no letter keys: C gets a number of its own here
    ImGui::GetIO().KeyMap[ImGuiKey_C] = kKeyC;
    const auto ctrlC = [&] {
        ImGui::GetIO().KeyCtrl = true;
        h.key(kKeyC);
        ImGui::GetIO().KeyCtrl = false;
        h.frames(1);
    };
    h.click("Adresbalk", "textbox");
    h.type("www.waterschap-groenedelta.nl/nieuws/geen-haai");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    REQUIRE(h.has(kReliable, "heading"));
    // Nothing selected: Ctrl+C copies nothing.
    h.tabTo("Bladwijzer toevoegen", "button");
    ctrlC();
    CHECK(storedNull(h, "COPIED"));
    const std::string first = "Er zit geen haai in De Groene Plas. Je kunt er gewoon zwemmen.";
    press(h, first, "text");
    REQUIRE(h.find(first, "text")->selected);
    ctrlC();
    REQUIRE(h.stored("COPIED"));
    CHECK(*h.stored("COPIED") == "\"" + first + "\"");
    CHECK(h.has("Gekopieerd ✓", "button"));
    CHECK(std::string(ImGui::GetClipboardText()) == first);
    CHECK(h.envEvents() == std::vector<std::string>{"browser.address=waterschap", "browser.copy=waterschap:1"});
}
