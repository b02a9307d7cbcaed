// A pupil takes the whole bundled module through the UI, with synthetic mouse and keyboard
// input, and the answers are checked where they must be: committed in SQLite.
#include <algorithm>
#include <functional>

#include "delivery/response_store.h"
#include "qti/response_processing.h"
#include "results/class_results.h"
#include "storage/database.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

std::string choiceText(const dlk::Item& item, const std::string& id) {
    std::string text;
    std::function<void(const dlk::BodyNode&)> walk = [&](const dlk::BodyNode& n) {
        if (!n.isText && (n.name == "simpleChoice" || n.name == "simpleAssociableChoice") &&
            n.attributeOr("identifier", "") == id)
            text = n.plainText();
        for (const auto& c : n.children) walk(c);
    };
    walk(item.body);
    return text;
}

// What another connection reads from the database file: proof the answer was committed.
std::string storedOnDiskForAttempt(UiHarness& h, const std::string& itemId) {
    dlk::Database other(h.core->databasePath());
    auto st = other.prepare(
        "SELECT r.value FROM responses r JOIN attempts a ON a.id=r.attempt_id "
        "WHERE a.id=(SELECT max(id) FROM attempts) AND r.item_id=? AND r.response_id='RESPONSE'");
    st.bind(1, itemId);
    return st.step() ? st.getText(0) : "<none>";
}

std::string storedOnDisk(UiHarness& h, const std::string& itemId, const std::string& responseId = "RESPONSE") {
    dlk::Database other(h.core->databasePath());
    auto st = other.prepare("SELECT value FROM responses WHERE attempt_id=? AND item_id=? AND response_id=?");
    st.bind(1, h.app->session()->attemptId()).bind(2, itemId).bind(3, responseId);
    return st.step() ? st.getText(0) : "<none>";
}

std::string storedOnDiskForAttempt(UiHarness& h, const std::string& itemId);

void clickNth(UiHarness& h, const std::string& label, size_t n) {
    size_t seen = 0;
    for (const auto& node : dlk::ui::a11yFrame())
        if (node.label == label && seen++ == n) {
            ImGui::GetIO().MousePos = node.center();
            h.frame();
            ImGui::GetIO().MouseDown[0] = true;
            h.frame();
            ImGui::GetIO().MouseDown[0] = false;
            h.frames(2);
            return;
        }
    FAIL("no " << n << "th control labelled " << label);
}

// Tab (the keyboard alone) until, unless it has it already, a control whose words start with `prefix` has the focus;
// the mail program's rows add "ongelezen" and "met bijlage" to the sender and subject.
void tabToStart(UiHarness& h, const std::string& prefix, const char* role) {
    for (int i = 0; i < 80; ++i) {
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.focused && n.label.rfind(prefix, 0) == 0 && n.role == role) return;
        h.key(dlk::test::kKeyTab);
    }
    FAIL("Tab never reached '" << prefix << "'");
}

void pressOn(UiHarness& h, const std::string& prefix, const char* role) {
    tabToStart(h, prefix, role);
    h.key(dlk::test::kKeyEnter);
    h.frames(1);
}

// Scrolls the item until the control is above the bottom bar (Vorige, Markeer, Volgende).
void scrollIntoBody(UiHarness& h, const std::string& label, const char* role) {
    h.scrollTo(label, role, ImVec2(-1, -1), 120);
}

// The poster's stored responses, as the scorer reads them.
dlk::VariableMap posterResponses(UiHarness& h, const dlk::Item& poster) {
    dlk::Database other(h.core->databasePath());
    auto st = other.prepare(
        "SELECT response_id, value FROM responses WHERE attempt_id=(SELECT max(id) FROM attempts) AND item_id=?");
    st.bind(1, poster.identifier);
    std::map<std::string, std::string> stored;
    while (st.step()) stored[st.getText(0)] = st.getText(1);
    return dlk::decodeResponses(poster, stored);
}

std::string login(UiHarness& h) {
    const auto pupil = h.pupilWithPlan("Test Leerling", {"m01-schoolreis"});
    h.loginByTyping(pupil.code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    return pupil.code;
}

}  // namespace

TEST_CASE("a pupil answers every item with the mouse and keyboard and every answer is in SQLite with full marks") {
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();

    // 1: single choice.
    REQUIRE(s.currentItem().identifier == "schoolreis-01-bestandstype");
    h.click(choiceText(s.currentItem(), "C"));
    CHECK(storedOnDisk(h, "schoolreis-01-bestandstype") == "\"C\"");
    CHECK(h.has("✓ Opgeslagen"));
    h.click("Volgende →");

    // 2: order, put right with the arrow buttons (selection sort over the rows' "↑" buttons).
    REQUIRE(s.currentItem().identifier == "schoolreis-02-zoekstappen");
    CHECK(h.has("Deze volgorde klopt"));
    const auto correct = s.currentItem().findResponse("RESPONSE")->correctResponse->items;
    for (size_t target = 0; target < correct.size(); ++target) {
        for (int guard = 0; guard < 8; ++guard) {
            std::vector<std::string> shown;
            for (const auto& n : dlk::ui::a11yFrame())
                if (n.role == "choice" && n.label.size() > 4 && n.label[1] == '.') shown.push_back(n.label.substr(4));
            const auto at = std::find(shown.begin(), shown.end(), choiceText(s.currentItem(), correct[target]));
            REQUIRE(at != shown.end());
            const size_t j = static_cast<size_t>(at - shown.begin());
            if (j == target) break;
            clickNth(h, "↑", j);
        }
    }
    // The arrows already answered; the stored order is the correct one.
    CHECK(storedOnDisk(h, "schoolreis-02-zoekstappen") == "[\"B\",\"D\",\"A\",\"C\"]");
    h.click("Volgende →");

    // 3: multiple choice; a third choice beyond the two right ones costs a point, so unclick it.
    REQUIRE(s.currentItem().identifier == "schoolreis-03-advertentie");
    h.click(choiceText(s.currentItem(), "A"));
    h.click(choiceText(s.currentItem(), "B"));
    h.click(choiceText(s.currentItem(), "C"));
    h.click(choiceText(s.currentItem(), "B"));
    CHECK(storedOnDisk(h, "schoolreis-03-advertentie") == "[\"A\",\"C\"]");
    h.click("Volgende →");

    // 4: single choice, saved at once.
    REQUIRE(s.currentItem().identifier == "schoolreis-04-filmpje");
    h.click(choiceText(s.currentItem(), "B"));
    CHECK(storedOnDisk(h, "schoolreis-04-filmpje") == "\"B\"");
    h.click("Volgende →");

    // 5: match grid.
    REQUIRE(s.currentItem().identifier == "schoolreis-05-bronnen");
    // A cell is found by the pair of words it joins, as read-aloud says it.
    auto cell = [&](const char* source, const char* target) {
        return choiceText(s.currentItem(), source) + " – " + choiceText(s.currentItem(), target);
    };
    h.click(cell("S1", "T1"));
    h.click(cell("S1", "T2"));  // matchMax 1: moves S1's pairing instead of adding a second
    h.click(cell("S2", "T3"));
    h.click(cell("S3", "T1"));
    CHECK(storedOnDisk(h, "schoolreis-05-bronnen") == "[\"S1 T2\",\"S2 T3\",\"S3 T1\"]");
    h.click("Volgende →");

    // 6: string text entry, saved by the typing timer this time.
    REQUIRE(s.currentItem().identifier == "schoolreis-06-delen");
    h.click("text:RESPONSE");
    h.type("PDF");
    h.clockMs += 2500;
    h.frames(2);
    CHECK(storedOnDisk(h, "schoolreis-06-delen") == "\"PDF\"");
    h.click("Volgende →");

    // 7: the calculator (simulated software): 348 by mouse, ÷, then 24 typed on the keyboard
    // while a key of the calculator has the focus, and =.
    REQUIRE(s.currentItem().identifier == "schoolreis-07-rekenmachine");
    CHECK(h.has("Rekenmachine: 0"));
    for (const char* key : {"3", "4", "8", "÷"}) h.click(key, "button");
    CHECK(h.has("Rekenmachine: 348 ÷ 348"));
    h.type("24");
    h.frames(1);  // a key is drawn the frame after it is handled; the kiosk draws 3 frames per input
    CHECK(h.has("Rekenmachine: 348 ÷ 24"));
    h.click("=", "button");
    CHECK(h.has("Rekenmachine: 14,5"));  // a Dutch pupil reads a decimal comma
    const std::string calculator = storedOnDisk(h, "schoolreis-07-rekenmachine");
    CHECK(calculator.find("\"value\":14.5") != std::string::npos);
    CHECK(calculator.find("\"display\":\"14.5\"") != std::string::npos);
    h.click("Volgende →");

    // 9: answering the museum's mail: the reply is typed, sent, and scored by the teacher later.
    REQUIRE(s.currentItem().identifier == "schoolreis-09-antwoord");
    pressOn(h, "Museum De Ontdekking", "row");
    pressOn(h, "Beantwoorden", "button");
    h.type("Beste mevrouw De Boer, we komen met 24 leerlingen en 3 begeleiders. De bus is er om 9.30 uur.");
    pressOn(h, "Versturen", "button");
    CHECK(h.has("Je bericht is verstuurd.", "status"));
    CHECK(storedOnDisk(h, "schoolreis-09-antwoord", "REPLY").find("24 leerlingen en 3 begeleiders") !=
          std::string::npos);
    h.click("Volgende →");

    // 11: single choice.
    REQUIRE(s.currentItem().identifier == "schoolreis-11-stemmen");
    pressOn(h, choiceText(s.currentItem(), "B"), "choice");
    CHECK(storedOnDisk(h, "schoolreis-11-stemmen") == "\"B\"");
    h.click("Volgende →");

    // 12: inline choice: the list opens from "kies…" and the formula is picked from it.
    REQUIRE(s.currentItem().identifier == "schoolreis-12-formule");
    h.click("kies…", "combobox");
    h.click("=SOM(B2:B4)", "choice");
    CHECK(h.has("=SOM(B2:B4)", "combobox"));
    CHECK(storedOnDisk(h, "schoolreis-12-formule") == "\"A\"");
    h.click("Volgende →");

    // 13: gap match, each piece of text chosen and then its place in the timetable.
    REQUIRE(s.currentItem().identifier == "schoolreis-13-dagprogramma");
    for (const auto& [words, gap] :
         std::vector<std::pair<std::string, std::string>>{{"rondleiding zaal Ruimte", "Plek 1: leeg"},
                                                          {"proeven in het Doelab", "Plek 2: leeg"},
                                                          {"lunch in de kantine", "Plek 3: leeg"}}) {
        pressOn(h, words, "choice");  // the keyboard: Tab scrolls the last place into view
        pressOn(h, gap, "gap");
    }
    CHECK(storedOnDisk(h, "schoolreis-13-dagprogramma") == R"(["W1 G1","W2 G2","W3 G3"])");
    h.click("Volgende →");

    // 14: multiple choice, the two sentences the parents need.
    REQUIRE(s.currentItem().identifier == "schoolreis-14-bericht-ouders");
    h.click(choiceText(s.currentItem(), "A"));
    h.click(choiceText(s.currentItem(), "C"));
    CHECK(storedOnDisk(h, "schoolreis-14-bericht-ouders") == R"(["A","C"])");
    h.click("Volgende →");

    // 15: hottext, the two sentences with private details.
    REQUIRE(s.currentItem().identifier == "schoolreis-15-verslag");
    h.click("Mila werd in de bus misselijk en moest overgeven.", "choice");
    h.click("Sem woont op de Lindelaan 8. Daar kun je de foto's van de dag ophalen.", "choice");
    CHECK(storedOnDisk(h, "schoolreis-15-verslag") == R"(["H3","H5"])");
    h.click("Volgende →");

    // 16: single choice.
    REQUIRE(s.currentItem().identifier == "schoolreis-16-foto-bron");
    h.click(choiceText(s.currentItem(), "B"));
    CHECK(storedOnDisk(h, "schoolreis-16-foto-bron") == "\"B\"");
    h.click("Volgende →");

    // 10, the large task and the last item: a poster in the poster editor, below the task's text.
    REQUIRE(s.currentItem().identifier == "schoolreis-10-poster");
    scrollIntoBody(h, "Titel", "textbox");
    h.click("Titel", "textbox");
    h.type("Naar Museum De Ontdekking");
    scrollIntoBody(h, "Twee kolommen", "button");
    h.click("Twee kolommen", "button");
    scrollIntoBody(h, "Afbeelding 2: leeg", "button");
    h.click("Afbeelding 1: leeg", "button");
    scrollIntoBody(h, "Een gele bus met ramen en een deur, op de weg", "choice");
    h.click("Een gele bus met ramen en een deur, op de weg", "choice");
    scrollIntoBody(h, "Afbeelding 2: leeg", "button");
    h.click("Afbeelding 2: leeg", "button");
    const std::string bridge = "Een brug van gevouwen papier tussen twee stapels blokken, met een boek erop";
    scrollIntoBody(h, bridge, "choice");
    h.click(bridge, "choice");
    const std::string museum =
        "Museum De Ontdekking, Met je klas naar het museum: het programma, museumdeontdekking.nl";
    const std::string report = "Groep 8 van juf Anna, Ons verslag van de schoolreis, met onze eigen foto's, 14 juni";
    scrollIntoBody(h, museum, "choice");
    h.click(museum, "choice");
    scrollIntoBody(h, report, "choice");
    h.click(report, "choice");
    CHECK(storedOnDisk(h, "schoolreis-10-poster", "SOURCES") == R"(["S1","S2"])");
    CHECK(storedOnDisk(h, "schoolreis-10-poster", "PICTURES") == R"(["bus","papierbrug"])");
    CHECK(storedOnDisk(h, "schoolreis-10-poster", "LAYOUT") == "\"two-columns\"");

    h.click("Klaar ✓");
    REQUIRE(h.has("Ja, ik ben klaar"));
    h.click("Ja, ik ben klaar");
    CHECK(h.app->screen() == ScreenId::Finish);

    const auto results = dlk::classResults(h.core->db(), h.core->bank(), h.core->school().classes().front().id);
    auto newest = h.core->db().prepare("SELECT max(id) FROM pupils");  // the pupil login() added
    REQUIRE(newest.step());
    const int64_t pupilId = newest.getInt(0);
    const auto me =
        std::find_if(results.begin(), results.end(), [&](const dlk::PupilResult& r) { return r.pupilId == pupilId; });
    REQUIRE(me != results.end());
    CHECK(me->status == dlk::AttemptStatus::Finished);
    // Every point a program scores; the reply and the poster wait for the teacher's rubric (the
    // poster as a whole: its teacher's criteria are not yet scored), so they are in neither the raw
    // nor the maximum score until then.
    CHECK(me->totalRaw() == doctest::Approx(20));
    CHECK(me->totalMax() == doctest::Approx(20));
    CHECK(me->awaitingTeacher == 2);
    // The poster's own score has the four points the program gives.
    const dlk::Item& poster = *h.core->bank().findModule("m01-schoolreis")->variant("nl").items.back();
    CHECK(dlk::scoreOf(poster, posterResponses(h, poster)) == 4);
}

TEST_CASE("after the kiosk is gone the same code resumes at the same item with the earlier answers") {
    UiHarness h;
    const std::string code = login(h);
    h.click(choiceText(h.app->session()->currentItem(), "B"));
    h.click("Volgende →");
    h.click("Volgende →");
    REQUIRE(h.app->session()->position() == 2);

    // A new App over the same database, as after a crash and restart.
    h.startApp();
    h.frames(2);
    REQUIRE(h.app->screen() == ScreenId::Login);
    h.loginByTyping(code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    CHECK(h.app->session()->position() == 2);
    CHECK(h.app->session()->isAnswered(0));
    h.click("← Vorige");
    h.click("← Vorige");
    CHECK(h.app->session()->response("RESPONSE") == dlk::Value::single(dlk::BaseType::Identifier, "B"));
}

TEST_CASE("a failed commit never shows saved and keeps the answer and the pupil on the item until it recovers") {
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    h.core->db().exec("PRAGMA query_only=ON");  // every write now fails, as on a read-only medium
    h.click(choiceText(s.currentItem(), "A"));
    CHECK(s.saveState() == dlk::SaveState::Failed);
    CHECK_FALSE(h.has("✓ Opgeslagen"));
    CHECK(h.has("Nog niet opgeslagen"));
    h.click("Volgende →");
    CHECK(s.position() == 0);  // not moved on with an unsaved answer
    CHECK(s.response("RESPONSE") == dlk::Value::single(dlk::BaseType::Identifier, "A"));

    h.core->db().exec("PRAGMA query_only=OFF");
    h.clockMs += dlk::ModuleSession::kRetryDelayMs + 100;
    h.frames(2);  // the retry on the next tick
    CHECK(s.saveState() == dlk::SaveState::Saved);
    CHECK(storedOnDisk(h, "schoolreis-01-bestandstype") == "\"A\"");
}

TEST_CASE("the countdown shows whole minutes and the module ends calmly when time is up") {
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    REQUIRE(s.timeLimitMs() == 1800 * 1000);  // the bundled module: 30 minutes
    CHECK(h.has("Nog 30 min"));
    h.click(choiceText(s.currentItem(), "C"));
    // 26 minutes on (ticks every 30 s, as the kiosk wakes for the countdown).
    for (int i = 0; i < 52; ++i) {
        h.clockMs += 30000;
        h.frame();
    }
    CHECK(h.has("Nog 4 min"));
    for (int i = 0; i < 9; ++i) {
        h.clockMs += 30000;
        h.frame();
    }
    h.frames(2);
    CHECK(h.app->screen() == ScreenId::Finish);
    CHECK(h.app->timeRanOut());
    CHECK(h.has("Volgende leerling"));
    CHECK(storedOnDiskForAttempt(h, "schoolreis-01-bestandstype") == "\"C\"");
}

TEST_CASE("a pupil's accommodations apply at login and the kiosk's look returns for the next pupil") {
    UiHarness h;
    const float normal = ImGui::GetFontSize();
    const auto pupil = h.pupilWithPlan("Liv", {"m01-schoolreis"});
    h.core->school().setAccommodations(pupil.id, {200, true, 50});
    h.loginByTyping(pupil.code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    CHECK(h.app->session()->timeLimitMs() == 1800 * 1000 * 3 / 2);  // +50%
    REQUIRE(h.app->prepareFonts(1366, 768));                        // the platform rebuilds the fonts
    h.frames(2);
    CHECK(ImGui::GetFontSize() == doctest::Approx(normal * 2));
    h.app->endPupilSession();
    REQUIRE(h.app->prepareFonts(1366, 768));
    h.frames(2);
    CHECK(ImGui::GetFontSize() == doctest::Approx(normal));
}
