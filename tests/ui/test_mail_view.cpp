// The mail client's view (ui/sim/mail_view.cpp) over a real item, session and SQLite file: by
// mouse and by keyboard alone, the real address of a link in the status bar on hover and on
// focus, a reply typed and kept exactly as typed (never in process data), a restart in the middle
// of a reply, and the narrow layout at 200% text on 1024x600.
#include <doctest/doctest.h>
#include <imgui_internal.h>

#include "sim/mail/mail.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/mail.xml";
// The item scrolls in the kiosk; the harness has no scrolling, so mouse tests get a tall screen.
constexpr int kTall = 1400;

// Every event detail the session wrote, of any kind.
std::string allEventDetails(const WidgetHarness& h) {
    dlk::Database other(h.path);
    auto st = other.prepare("SELECT kind || ' ' || coalesce(detail, '') FROM events ORDER BY id");
    std::string out;
    while (st.step()) out += st.getText(0) + "\n";
    return out;
}

// The first node whose words start with `prefix` (the rows of the list add "ongelezen" and
// "met bijlage" to the sender and subject).
const dlk::ui::A11yNode* findStart(const std::string& prefix, const char* role = nullptr) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.label.rfind(prefix, 0) == 0 && (!role || n.role == role)) return &n;
    return nullptr;
}

void clickStart(WidgetHarness& h, const std::string& prefix, const char* role = nullptr) {
    const auto* n = findStart(prefix, role);
    REQUIRE_MESSAGE(n, "nothing starting with '" << prefix << "' on screen");
    h.clickAt(n->center());
}

// Tab until a control whose words start with `prefix` has the focus.
void tabToStart(WidgetHarness& h, const std::string& prefix, const char* role = nullptr) {
    for (int i = 0; i < 60; ++i) {
        h.key(WidgetHarness::kKeyTab);
        if (const auto* n = findStart(prefix, role); n && n->focused) return;
    }
    FAIL("Tab never reached '" << prefix << "'");
}

const char* kPhishing = "Museum De Ontdekking: LAATSTE KANS: betaal vandaag!";
const char* kMuseum = "Museum De Ontdekking: Jullie bezoek op 14 juni";
}  // namespace

TEST_CASE("mail view: the inbox lists sender - subject - unread and attachments - in a mail program's window") {
    WidgetHarness h(kItem);
    CHECK(h.has("Ruim je mail op."));  // the prompt
    CHECK(h.has("E-mail: Sam de Vries <sam@mijnschoolmail.nl>", "heading"));
    // The folders, with the unread count of the inbox.
    CHECK(h.has("Postvak IN, 2 ongelezen", "button"));
    for (const char* f : {"Schoolreis", "Verzonden", "Spam", "Prullenbak"}) CHECK_MESSAGE(h.has(f, "button"), f);
    CHECK(h.has(std::string(kMuseum) + ", ongelezen, met bijlage", "row"));
    CHECK(h.has(std::string(kPhishing) + ", ongelezen, met bijlage", "row"));
    CHECK(h.has("Juf Anna: Busrooster schoolreis", "row"));  // read already
    CHECK(h.has("4 berichten, 2 ongelezen", "status"));
    CHECK(h.response() == "NULL");
}

TEST_CASE("mail view: with the mouse - open - hover the link - report as phishing - undo - report again") {
    WidgetHarness h(kItem, 1366, kTall);
    clickStart(h, kPhishing, "row");
    // The message: its sender's real address, its attachment, its text; the toolbar.
    CHECK(h.has("LAATSTE KANS: betaal vandaag!", "heading"));
    CHECK(h.has("Van: Museum De Ontdekking <kassa@musea-betalen.xyz>"));
    CHECK(h.has("Bijlage factuur.pdf.exe, 47 kB", "button"));
    CHECK(h.has("Betaal vandaag nog, anders gaat jullie bezoek niet door.", "text"));
    for (const char* b : {"← Terug", "Beantwoorden", "Doorsturen", "Verwijderen", "Verplaatsen naar…",
                          "Melden als phishing", "Afzender blokkeren"})
        CHECK_MESSAGE(h.has(b, "button"), b);
    REQUIRE(h.stored());
    CHECK(h.stored()->find("\"open\":\"m2\"") != std::string::npos);
    CHECK(h.stored("OPENED") == std::optional<std::string>("[\"m2\"]"));
    // Hovering the link shows where it really goes, in the status bar; clicking it is not needed.
    const auto* link = h.find("Betaal via www.museumdeontdekking.nl", "link");
    REQUIRE(link);
    ImGui::GetIO().MousePos = link->center();
    h.frames(2);
    CHECK(h.has("Link gaat naar: http://musea-betalen.xyz/inloggen", "status"));
    ImGui::GetIO().MousePos = ImVec2(1, 1);
    h.frames(2);
    CHECK_FALSE(h.has("Link gaat naar: http://musea-betalen.xyz/inloggen", "status"));
    CHECK(*h.stored("CLICKED") == "null");  // hovering is not clicking

    h.click("Melden als phishing", "button");
    CHECK(h.has("Je hebt het bericht gemeld als phishing. Het staat nu in Spam.", "status"));
    CHECK(h.has("Postvak IN, 1 ongelezen", "button"));  // back in the list; it left the inbox
    CHECK(*h.stored("REPORTED") == "[\"m2\"]");
    CHECK(h.stored("FOLDERS")->find("\"m2 spam\"") != std::string::npos);
    h.click("Ongedaan maken", "button");
    CHECK(h.stored("REPORTED") == std::optional<std::string>("null"));
    CHECK(h.stored("FOLDERS")->find("\"m2 inbox\"") != std::string::npos);
    clickStart(h, kPhishing, "row");
    h.click("Melden als phishing", "button");
    // In the spam folder, the message says so and can be taken back.
    h.click("Spam", "button");
    clickStart(h, kPhishing, "row");
    CHECK(h.has("Je hebt dit bericht gemeld als phishing."));
    CHECK(h.has("Geen phishing", "button"));
    CHECK(dlk::scoreOf(h.item(), {{"REPORTED", h.session->response("REPORTED")}}) == 2);
    CHECK(h.envEvents() == std::vector<std::string>{"mail.open=m2", "mail.report=m2", "mail.unreport=m2",
                                                    "mail.open=m2", "mail.report=m2", "mail.folder=spam",
                                                    "mail.open=m2"});
}

TEST_CASE("mail view: with the mouse - move to a folder - delete and restore - a link clicked is only noted") {
    WidgetHarness h(kItem, 1366, kTall);
    clickStart(h, kMuseum, "row");
    h.click("Bijlage programma.pdf, 240 kB", "button");
    CHECK(h.has("Je opende de bijlage programma.pdf. In deze opdracht gaan bestanden niet open.", "status"));
    h.click("www.museumdeontdekking.nl/groepen", "link");
    CHECK(
        h.has("Je klikte op een link naar: https://www.museumdeontdekking.nl/groepen\nIn deze opdracht gaan "
              "websites niet open.",
              "status"));
    CHECK(*h.stored("CLICKED") == "[\"l1\"]");
    CHECK(*h.stored("ATTACHMENTS") == "[\"a1\"]");
    h.click("Verplaatsen naar…", "button");
    CHECK(h.has("Naar welke map?"));
    CHECK(h.find("Spam", "button", 1));
    CHECK_FALSE(h.has("Postvak IN", "button"));      // not where it is already
    CHECK_FALSE(h.find("Prullenbak", "button", 1));  // Verwijderen is for that
    h.click("Schoolreis", "button", 1);
    CHECK(h.has("Het bericht staat nu in de map Schoolreis.", "status"));
    CHECK(h.stored("FOLDERS")->find("\"m1 schoolreis\"") != std::string::npos);
    // Undo puts it back.
    h.click("Ongedaan maken", "button");
    CHECK(h.stored("FOLDERS")->find("\"m1 inbox\"") != std::string::npos);
    clickStart(h, "Voetbalclub: Nieuwsbrief mei", "row");
    h.click("Verwijderen", "button");
    CHECK(*h.stored("DELETED") == "[\"m4\"]");
    h.click("Prullenbak", "button");
    clickStart(h, "Voetbalclub: Nieuwsbrief mei", "row");
    h.click("Terugzetten", "button");
    CHECK(h.stored("DELETED") == std::optional<std::string>("null"));
    CHECK(h.has("Deze map is leeg."));
}

TEST_CASE("mail view: the keyboard alone - open - reply typed as typed - send - forward to a contact") {
    WidgetHarness h(kItem);
    tabToStart(h, kMuseum, "row");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    // Opened: the focus is on Terug, so Tab goes on through the toolbar.
    REQUIRE(h.find("← Terug", "button"));
    CHECK(h.find("← Terug", "button")->focused);
    tabToStart(h, "Beantwoorden", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(2);
    CHECK(h.has("Antwoord schrijven", "heading"));
    CHECK(h.has("Aan: Museum De Ontdekking <groepen@museumdeontdekking.nl>"));
    // The text field has the focus: type at once. Line breaks and double spaces stay.
    h.type("Beste museum,");
    h.key(WidgetHarness::kKeyEnter);
    h.type("We komen met 24 leerlingen  en 3 begeleiders.");
    h.wait(2100);  // typing is committed once it stops
    REQUIRE(h.stored());
    CHECK(h.stored()->find("\"draft-text\":\"Beste museum,\\nWe komen met 24 leerlingen  en 3 begeleiders.\"") !=
          std::string::npos);
    tabToStart(h, "Versturen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(h.has("Je bericht is verstuurd.", "status"));
    CHECK(*h.stored("REPLY") == "\"Beste museum,\\nWe komen met 24 leerlingen  en 3 begeleiders.\"");
    // Sent mail is in Verzonden, in full.
    tabToStart(h, "Verzonden", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("Re: Jullie bezoek op 14 juni"));
    CHECK(h.has("1 bericht", "status"));  // what Verzonden holds
    CHECK(h.has("Beste museum,\nWe komen met 24 leerlingen  en 3 begeleiders."));

    // Forward the trip's timetable to the teacher.
    tabToStart(h, "Postvak IN", "button");
    h.key(WidgetHarness::kKeyEnter);
    tabToStart(h, "Juf Anna: Busrooster schoolreis", "row");
    h.key(WidgetHarness::kKeyEnter);
    tabToStart(h, "Doorsturen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(2);
    CHECK(h.has("Doorsturen", "heading"));
    // Sending to nobody is refused with a hint.
    tabToStart(h, "Versturen", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("Kies eerst aan wie je het bericht stuurt."));
    tabToStart(h, "Juf Anna <anna@mijnschoolmail.nl>", "choice");
    h.key(WidgetHarness::kKeySpace);
    h.frames(1);
    CHECK(h.find("Juf Anna <anna@mijnschoolmail.nl>", "choice")->selected);
    tabToStart(h, "Versturen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(*h.stored("FORWARDED") == "[\"m3 juf\"]");

    // What the pupil typed is in the answer, never in the process data.
    const std::string events = allEventDetails(h);
    CHECK(events.find("museum,") == std::string::npos);
    CHECK(events.find("leerlingen") == std::string::npos);
    CHECK(h.envEvents() == std::vector<std::string>{"mail.open=m1", "mail.reply=m1", "mail.send=m1", "mail.folder=sent",
                                                    "mail.folder=inbox", "mail.open=m3", "mail.forward=m3",
                                                    "mail.to=juf", "mail.send=m3"});
}

TEST_CASE("mail view: a link with the keyboard focus shows its real address - Enter clicks it") {
    WidgetHarness h(kItem);
    tabToStart(h, kPhishing, "row");
    h.key(WidgetHarness::kKeyEnter);
    tabToStart(h, "Betaal via www.museumdeontdekking.nl", "link");
    CHECK(h.has("Link gaat naar: http://musea-betalen.xyz/inloggen", "status"));
    // And just below the link, for when the status bar is scrolled out of sight.
    const auto* link = findStart("Betaal via www.museumdeontdekking.nl", "link");
    REQUIRE(link);
    const ImGuiWindow* tip = ImGui::FindWindowByName("##Tooltip_00");
    REQUIRE(tip);
    CHECK((tip->Active || tip->WasActive));
    CHECK(tip->Pos.y >= link->max.y);
    CHECK(tip->Pos.y < link->max.y + 2 * ImGui::GetFontSize());
    // Read aloud speaks it with the link's words.
    CHECK(findStart("Betaal via www.museumdeontdekking.nl (gaat naar http://musea-betalen.xyz/inloggen)", "link"));
    CHECK(*h.stored("CLICKED") == "null");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    CHECK(*h.stored("CLICKED") == "[\"l2\"]");
    // Reporting it after clicking still counts, for less.
    tabToStart(h, "Melden als phishing", "button");
    CHECK_FALSE(tip->Active);  // the focus left the link
    CHECK_FALSE(h.has("Link gaat naar: http://musea-betalen.xyz/inloggen", "status"));
    h.key(WidgetHarness::kKeyEnter);
    h.frames(1);
    // The focus is on Ongedaan maken: one Enter takes it back.
    REQUIRE(h.find("Ongedaan maken", "button"));
    CHECK(h.find("Ongedaan maken", "button")->focused);
    CHECK(dlk::scoreOf(h.item(), {{"REPORTED", h.session->response("REPORTED")},
                                  {"CLICKED", h.session->response("CLICKED")}}) == 1);
}

TEST_CASE("mail view: a restart in the middle of a reply resumes it - throwing it away asks first") {
    WidgetHarness h(kItem, 1366, kTall);
    clickStart(h, kMuseum, "row");
    h.click("Beantwoorden", "button");
    h.frames(1);
    h.type("Hallo museum");
    h.wait(2100);
    // The kiosk restarts: a new session on the same database, no view state.
    h.session = std::make_unique<dlk::ModuleSession>(*h.store, h.module, h.pupilId, "nl", h.clockMs);
    h.state = dlk::ui::ItemViewState{};
    h.frames(2);
    CHECK(h.has("Antwoord schrijven", "heading"));
    CHECK(h.state.textBuffers.begin()->second == "Hallo museum");
    h.click("Weggooien", "button");
    CHECK(h.has("Weet je het zeker? Wat je schreef is dan weg."));
    h.click("Nee, verder schrijven", "button");
    CHECK(h.has("Antwoord schrijven", "heading"));
    h.click("Weggooien", "button");
    h.click("Ja, weggooien", "button");
    CHECK_FALSE(h.has("Antwoord schrijven", "heading"));
    CHECK(h.stored()->find("draft") == std::string::npos);
    CHECK(h.stored("REPLY") == std::optional<std::string>("null"));
}

TEST_CASE("mail view: at 200 percent on 1024x600 the folders stack above - nothing is cut - targets stay big") {
    WidgetHarness h(kItem, 1024, 600);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const float emPx = ImGui::GetFontSize();
    const auto* inbox = findStart("Postvak IN", "button");
    const auto* row = findStart(kMuseum, "row");
    REQUIRE(inbox);
    REQUIRE(row);
    CHECK(inbox->max.y <= row->min.y);  // the folders above the list, not beside it
    for (const auto& n : dlk::ui::a11yFrame()) {
        if (n.role != "button" && n.role != "row") continue;
        CHECK_MESSAGE(n.max.x <= 1024, n.label);
        CHECK_MESSAGE(n.max.y - n.min.y >= 2.5f * emPx - 1, n.label);
    }
    tabToStart(h, kMuseum, "row");
    h.key(WidgetHarness::kKeyEnter);
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "button" || n.role == "link") CHECK_MESSAGE(n.max.x <= 1024, n.label);
    CHECK(h.has("Beantwoorden", "button"));
}

TEST_CASE("mail view: in a wide column the folders are a column beside the list") {
    WidgetHarness wide(kItem);
    const auto* f = findStart("Postvak IN", "button");
    const auto* r = findStart(kMuseum, "row");
    REQUIRE(f);
    REQUIRE(r);
    CHECK(f->max.x <= r->min.x);
}
