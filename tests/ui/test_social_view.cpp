// The social-media profile's view (ui/sim/social_view.cpp) over a real item, session and SQLite
// file: a scripted scenario by mouse and one by keyboard alone, each ending in the expected
// response variables on disk; the people page; a restart; and the layout at 200% text on a small
// screen.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include "qti/response_processing.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/social.xml";

// The score of the answers as committed on disk (read back through a second connection).
double storedScore(const WidgetHarness& h) {
    dlk::VariableMap answers;
    for (const auto& decl : h.item().responses)
        if (const auto json = h.stored(decl.identifier))
            answers[decl.identifier] =
                dlk::valueFromJson(dlk::parseJson(*json, "stored"), decl.cardinality, decl.baseType, decl.identifier);
    return dlk::scoreOf(h.item(), answers);
}

std::string stored(const WidgetHarness& h, const std::string& rid) {
    return h.stored(rid).value_or("(none)");
}

bool focused(const WidgetHarness& h, const std::string& label, const char* role = nullptr) {
    const auto* n = h.find(label, role);
    return n && n->focused;
}

const std::string kMoreFake = "Opties voor het bericht van @NieuwsFlits24";

// Scrolls the item with the mouse wheel until the control is on screen, as a pupil would.
void reveal(WidgetHarness& h, const std::string& label, const char* role, size_t nth = 0) {
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < 80; ++i) {
        const auto* n = h.find(label, role, nth);
        REQUIRE_MESSAGE(n, "nothing labelled '" << label << "' on screen");
        if (n->min.y >= 0 && n->max.y <= io.DisplaySize.y) return;
        io.MousePos = ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2);
        io.MouseWheel = n->max.y > io.DisplaySize.y ? -1.0f : 1.0f;
        h.frames(1);
        io.MouseWheel = 0;
        h.frames(1);
    }
    FAIL("cannot scroll to '" << label << "'");
}

// Clicks a control, scrolling to it first.
void tap(WidgetHarness& h, const std::string& label, const char* role = nullptr, size_t nth = 0) {
    reveal(h, label, role, nth);
    h.click(label, role, nth);
}
}  // namespace

TEST_CASE("social view: by mouse - settings and every post menu action end on disk - and undo takes one back") {
    WidgetHarness h(kItem);
    CHECK(h.has("Maak je profiel veilig."));  // the interaction's prompt
    CHECK(h.has("Flitz"));
    CHECK(h.has("Sanne de Vries"));
    CHECK(h.has("Berichten", "tab"));
    CHECK(h.find("Berichten", "tab")->selected);
    CHECK(h.has("HAAI gezien in De Plas! Ga daar NIET zwemmen. Deel dit!"));
    CHECK(h.has("Een wazige foto van een vin in het water", "image"));
    CHECK(h.has("Echt waar?? Morgen gaan we daar zwemmen!"));
    CHECK(h.has("3 uur geleden  ·  Iedereen"));
    CHECK(h.has("Getagd: Sanne de Vries, Noor El Amrani"));
    CHECK(h.response() == "NULL");

    // Privacy: who sees my posts and who may tag me, both friends.
    tap(h, "Privacy", "tab");
    CHECK(h.has("Privacy-instellingen"));
    CHECK(h.has("Wie ziet je berichten?"));
    CHECK(h.has("Niemand, ook geen vrienden", "choice"));
    CHECK(h.find("Iedereen", "choice")->selected);
    tap(h, "Vrienden", "choice", 0);
    tap(h, "Vrienden", "choice", 1);
    CHECK(h.find("Vrienden", "choice", 0)->selected);
    CHECK_FALSE(h.find("Iedereen", "choice", 0)->selected);
    CHECK(stored(h, "SETTINGS") == R"(["posts friends","tagging friends","location on"])");
    CHECK(h.has("Je instelling is aangepast.", "status"));

    // The fake news: report it as fake news, then block the account.
    tap(h, "Berichten", "tab");
    tap(h, kMoreFake, "button");
    CHECK(h.has("Melden", "button"));
    CHECK(h.has("@NieuwsFlits24 blokkeren", "button"));
    CHECK_FALSE(h.has("Verwijderen", "button"));  // not the pupil's post
    CHECK_FALSE(h.has("Tag verwijderen", "button"));
    tap(h, "Melden", "button");
    CHECK(h.has("Waarom meld je dit bericht?"));
    CHECK(h.has("Maakt mensen bang", "choice"));
    tap(h, "Nepnieuws", "choice");
    CHECK_FALSE(h.has("Waarom meld je dit bericht?"));  // the panel closed
    CHECK(h.has("Je hebt dit bericht gemeld: Nepnieuws."));
    CHECK(stored(h, "REPORTED") == R"(["p1"])");
    CHECK(stored(h, "REASONS") == R"(["p1 fake-news"])");
    tap(h, kMoreFake, "button");
    CHECK_FALSE(h.has("Melden", "button"));  // reported once
    tap(h, "@NieuwsFlits24 blokkeren", "button");
    CHECK(stored(h, "BLOCKED") == R"(["nieuwsflits"])");
    CHECK(h.has("Je hebt @NieuwsFlits24 geblokkeerd.", "status"));
    CHECK(h.has("Je hebt @NieuwsFlits24 geblokkeerd. Je ziet dit bericht niet."));
    CHECK(h.has("@NieuwsFlits24 deblokkeren", "button"));
    CHECK_FALSE(h.has("HAAI gezien in De Plas! Ga daar NIET zwemmen. Deel dit!"));

    // Tim's party photo: take my tag off.
    tap(h, "Opties voor het bericht van Tim Bakker", "button");
    tap(h, "Tag verwijderen", "button");
    CHECK(stored(h, "UNTAGGED") == R"(["p3"])");
    CHECK(h.has("Getagd: Noor El Amrani"));
    CHECK(h.has("Je hebt je tag van dit bericht verwijderd."));

    // My own posts: the trip only for friends; the one with my address deleted.
    tap(h, "Opties voor het bericht van Sanne de Vries", "button", 0);
    CHECK_FALSE(h.has("Melden", "button"));
    tap(h, "Wie ziet dit?", "button");
    CHECK(h.find("Iedereen", "choice")->selected);
    tap(h, "Vrienden", "choice");
    CHECK(stored(h, "AUDIENCE") == R"(["p2 friends","p4 friends","p5 everyone"])");
    CHECK(h.has("gisteren  ·  Vrienden"));
    tap(h, "Opties voor het bericht van Sanne de Vries", "button", 2);
    tap(h, "Verwijderen", "button");
    CHECK_FALSE(h.has("Ik woon op de Lindelaan 12, kom langs!"));
    CHECK(stored(h, "DELETED") == R"(["p5"])");
    CHECK(stored(h, "AUDIENCE") == R"(["p2 friends","p4 friends"])");
    CHECK(storedScore(h) == 6);

    // Undo brings the post back, on disk too.
    tap(h, "Ongedaan maken", "button");
    CHECK(h.has("Ik woon op de Lindelaan 12, kom langs!"));
    CHECK(stored(h, "DELETED") == "null");
    CHECK(storedScore(h) == 5);
    CHECK(h.envEvents() == std::vector<std::string>{"social.set=posts:friends", "social.set=tagging:friends",
                                                    "social.report=p1:fake-news", "social.block=nieuwsflits",
                                                    "social.untag=p3", "social.audience=p2:friends", "social.delete=p5",
                                                    "social.undo"});
    REQUIRE(h.stored("RESPONSE"));
    CHECK(h.stored("RESPONSE")->find("\"blocked\":\"nieuwsflits\"") != std::string::npos);
}

TEST_CASE("social view: the keyboard alone - Tab and Enter through the settings and a post's menu - Escape closes it") {
    WidgetHarness h(kItem);
    h.tabTo("Privacy", "tab");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.find("Privacy", "tab")->selected);
    h.tabTo("Alleen ik", "choice");
    h.key(WidgetHarness::kKeySpace);
    CHECK(stored(h, "SETTINGS") == R"(["posts only-me","tagging everyone","location on"])");
    CHECK(focused(h, "Alleen ik", "choice"));  // the focus stays where it was

    h.tabTo("Berichten", "tab");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo(kMoreFake, "button");
    h.key(WidgetHarness::kKeyEnter);
    // The menu takes the focus to its first entry; the reasons too.
    CHECK(focused(h, "Melden", "button"));
    h.key(WidgetHarness::kKeyEnter);
    CHECK(focused(h, "Nepnieuws", "choice"));
    h.key(WidgetHarness::kKeyTab);
    h.key(WidgetHarness::kKeyTab);
    CHECK(focused(h, "Maakt mensen bang", "choice"));
    h.key(WidgetHarness::kKeyEnter);
    CHECK(stored(h, "REASONS") == R"(["p1 scary"])");
    // Back on the button the menu came from.
    CHECK(focused(h, kMoreFake, "button"));

    // Escape closes a menu and gives the focus back to its button.
    h.key(WidgetHarness::kKeyEnter);
    CHECK(focused(h, "@NieuwsFlits24 blokkeren", "button"));
    h.key(WidgetHarness::kKeyEscape);
    CHECK_FALSE(h.has("@NieuwsFlits24 blokkeren", "button"));
    CHECK(focused(h, kMoreFake, "button"));
    h.key(WidgetHarness::kKeyEnter);
    h.key(WidgetHarness::kKeyEnter);
    CHECK(stored(h, "BLOCKED") == R"(["nieuwsflits"])");
    CHECK(focused(h, "@NieuwsFlits24 deblokkeren", "button"));

    // An own post: who sees it, with the arrows' twin Tab and Enter.
    h.tabTo("Opties voor het bericht van Sanne de Vries", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(focused(h, "Wie ziet dit?", "button"));
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Alleen ik", "choice");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(stored(h, "AUDIENCE") == R"(["p2 only-me","p4 friends","p5 everyone"])");
    // Undo from the keyboard.
    h.tabTo("Ongedaan maken", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(stored(h, "AUDIENCE") == R"(["p2 everyone","p4 friends","p5 everyone"])");
    CHECK(h.envEvents() == std::vector<std::string>{"social.set=posts:only-me", "social.report=p1:scary",
                                                    "social.block=nieuwsflits", "social.audience=p2:only-me",
                                                    "social.undo"});
}

TEST_CASE("social view: people are reported blocked and unblocked - a blocked person's posts and comments are hidden") {
    WidgetHarness h(kItem);
    tap(h, "Personen", "tab");
    CHECK(h.has("Tim Bakker"));
    CHECK(h.has("Vriend"));
    CHECK(h.has("Geen vriend"));
    CHECK_FALSE(h.has("Sanne de Vries melden", "button"));  // not oneself
    tap(h, "@NieuwsFlits24 melden", "button");
    CHECK(h.has("Waarom meld je @NieuwsFlits24?"));
    tap(h, "Nepaccount", "choice");
    CHECK(stored(h, "REASONS") == R"(["nieuwsflits fake-account"])");
    CHECK(h.has("Geen vriend  ·  Gemeld: Nepaccount"));
    CHECK_FALSE(h.has("@NieuwsFlits24 melden", "button"));
    tap(h, "Tim Bakker blokkeren", "button");
    CHECK(stored(h, "BLOCKED") == R"(["tim"])");
    CHECK(h.has("Vriend  ·  Geblokkeerd"));
    tap(h, "Berichten", "tab");
    CHECK_FALSE(h.has("Echt waar?? Morgen gaan we daar zwemmen!"));  // Tim's comment
    CHECK(h.has("Je hebt Tim Bakker geblokkeerd. Je ziet dit bericht niet."));
    tap(h, "Tim Bakker deblokkeren", "button");
    CHECK(stored(h, "BLOCKED") == "null");
    CHECK(h.has("Echt waar?? Morgen gaan we daar zwemmen!"));
    // Reporting can be cancelled.
    tap(h, "Personen", "tab");
    tap(h, "Noor El Amrani melden", "button");
    tap(h, "Annuleren", "button");
    CHECK_FALSE(h.has("Waarom meld je Noor El Amrani?"));
    CHECK(stored(h, "REPORTED") == R"(["nieuwsflits"])");
}

TEST_CASE("social view: a restart shows the profile as the pupil left it") {
    WidgetHarness h(kItem);
    tap(h, "Opties voor het bericht van Tim Bakker", "button");
    tap(h, "Tim Bakker blokkeren", "button");
    tap(h, "Privacy", "tab");
    tap(h, "Uit", "choice");
    REQUIRE(h.stored("RESPONSE"));
    // A new session over the same database, as after a power cut.
    h.session.reset();
    h.session = std::make_unique<dlk::ModuleSession>(*h.store, h.module, h.pupilId, "nl", h.clockMs);
    h.frames(2);
    CHECK(h.find("Uit", "choice")->selected);
    tap(h, "Berichten", "tab");
    CHECK(h.has("Tim Bakker deblokkeren", "button"));
    // Undo still knows the last action.
    tap(h, "Ongedaan maken", "button");
    CHECK(stored(h, "SETTINGS") == R"(["posts everyone","tagging everyone","location on"])");
    CHECK(stored(h, "BLOCKED") == R"(["tim"])");
}

TEST_CASE("social view: wide it has a sidebar - at 200 percent on 1024x600 it stacks in one column that fits") {
    {
        WidgetHarness wide(kItem);
        const auto* tab = wide.find("Berichten", "tab");
        const auto* more = wide.find(kMoreFake, "button");
        REQUIRE(tab);
        REQUIRE(more);
        CHECK(tab->max.x < more->min.x);                             // the pages in a sidebar at the left
        CHECK(wide.find("Privacy", "tab")->min.y > tab->max.y - 1);  // under each other
        CHECK(wide.find("Privacy", "tab")->min.x == doctest::Approx(tab->min.x));
    }
    WidgetHarness h(kItem, 1024, 600);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const float emPx = ImGui::GetFontSize();
    const auto* posts = h.find("Berichten", "tab");
    const auto* privacy = h.find("Privacy", "tab");
    const auto* more = h.find(kMoreFake, "button");
    REQUIRE(posts);
    REQUIRE(privacy);
    REQUIRE(more);
    CHECK(more->min.y > posts->max.y);  // the feed under the tabs
    CHECK(more->max.x <= 1024);
    tap(h, kMoreFake, "button");
    tap(h, "Melden", "button");
    for (const auto& n : dlk::ui::a11yFrame()) {
        if (n.role != "button" && n.role != "choice" && n.role != "tab") continue;
        CHECK_MESSAGE(n.max.y - n.min.y >= 2.5f * emPx - 1, n.label);
        CHECK_MESSAGE(n.max.x <= 1024, n.label);
        CHECK_MESSAGE(n.min.x >= 0, n.label);
    }
    tap(h, "Nepnieuws", "choice");
    CHECK(stored(h, "REPORTED") == R"(["p1"])");
    tap(h, "Privacy", "tab");
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "choice") CHECK_MESSAGE(n.max.x <= 1024, n.label);
}
