// The interactions drawn in running text and lists (associate, gap match, hottext, extended text,
// slider) and tables in item bodies, driven like a pupil would: by mouse, and by keyboard alone.
// Every test checks the exact response variable, in memory and as committed to SQLite.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ui/read_aloud.h"
#include "util/text.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {

constexpr int kTab = WidgetHarness::kKeyTab, kEnter = WidgetHarness::kKeyEnter, kSpace = WidgetHarness::kKeySpace,
              kLeft = WidgetHarness::kKeyLeft, kRight = WidgetHarness::kKeyRight, kUp = WidgetHarness::kKeyUp,
              kDown = WidgetHarness::kKeyDown;

void tabTo(WidgetHarness& h, const std::string& label, const char* role = nullptr) {
    h.tabTo(label, role);
}

bool selected(const WidgetHarness& h, const std::string& label) {
    const auto* n = h.find(label);
    REQUIRE_MESSAGE(n, "nothing labelled '" << label << "' on screen");
    return n->selected;
}

// The response in memory and on disk are the same and equal `json`.
void checkAnswer(const WidgetHarness& h, const std::string& json, const std::string& rid = "RESPONSE") {
    CHECK(h.response(rid) == json);
    const auto stored = h.stored(rid);
    REQUIRE_MESSAGE(stored, "nothing committed for " << rid);
    CHECK(*stored == json);
}

// The pupil's text size: 200% as the kiosk's largest step (fonts and spacing twice as big).
void textSize200(WidgetHarness& h) {
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
}

// Every control and text of the item stays inside the column the harness gives the item view
// (1 em from the left, min(window - 2 em, 40 em) wide).
void checkInsideColumn(int windowWidth, float fontPx) {
    const float left = fontPx, right = left + std::min(static_cast<float>(windowWidth) - 2 * fontPx, 40 * fontPx);
    const auto& nodes = dlk::ui::a11yFrame();
    REQUIRE_FALSE(nodes.empty());
    for (const auto& n : nodes) {
        CAPTURE(n.role);
        CAPTURE(n.label);
        CHECK(n.min.x >= left - 1);
        CHECK(n.max.x <= right + 1);
        CHECK(n.max.x > n.min.x);
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// associate

TEST_CASE("associate: clicking two choices makes a pair and dragging one onto another makes the next") {
    WidgetHarness h(DLK_TEST_DATA "/spec/associate.xml");
    CHECK(h.response() == "NULL");
    h.click("Chrome");
    CHECK(selected(h, "Chrome"));  // picked up, waiting for its partner
    CHECK(h.response() == "NULL");
    h.click("browser");
    CHECK_FALSE(selected(h, "Chrome"));
    checkAnswer(h, R"(["CHROME BROWSER"])");
    CHECK(h.has("Chrome – browser", "text"));
    h.drag("Google", "zoekmachine");
    checkAnswer(h, R"(["CHROME BROWSER","GOOGLE ZOEKMACHINE"])");
    CHECK(h.has("Je hebt 2 van de 3 paren gemaakt."));
    // The row's ✕ takes the pair away again.
    h.click("Weghalen: Chrome – browser", "button");
    checkAnswer(h, R"(["GOOGLE ZOEKMACHINE"])");
    CHECK_FALSE(h.has("Chrome – browser"));
}

TEST_CASE("associate: a pair made and removed with the keyboard alone") {
    WidgetHarness h(DLK_TEST_DATA "/spec/associate.xml");
    tabTo(h, "WhatsApp", "choice");
    h.key(kEnter);
    CHECK(selected(h, "WhatsApp"));
    CHECK(h.has("Kies nu wat bij ‘WhatsApp’ hoort."));
    tabTo(h, "chat-app", "choice");
    h.key(kSpace);
    checkAnswer(h, R"(["WHATSAPP CHATAPP"])");
    tabTo(h, "Weghalen: WhatsApp – chat-app", "button");
    h.key(kEnter);
    CHECK(h.response() == "NULL");
    CHECK(h.stored() == std::optional<std::string>("null"));
}

TEST_CASE("associate: a choice with matchMax 1 moves to its new pair and picking it twice puts it down") {
    WidgetHarness h(DLK_TEST_DATA "/spec/associate.xml");
    h.click("Chrome");
    h.click("browser");
    h.click("Chrome");
    h.click("Google");
    checkAnswer(h, R"(["CHROME GOOGLE"])");
    h.click("WhatsApp");
    h.click("WhatsApp");
    CHECK_FALSE(selected(h, "WhatsApp"));
    h.click("browser");  // now the first of a new pick, not a pair with WhatsApp
    CHECK(selected(h, "browser"));
    CHECK(h.response() == R"(["CHROME GOOGLE"])");
}

TEST_CASE("associate: maxAssociations and a matchMax above 1 refuse more pairs") {
    WidgetHarness h(DLK_TEST_DATA "/ui/associate_limits.xml");
    h.click("appel");
    h.click("peer");
    h.drag("appel", "kers");
    checkAnswer(h, R"(["APPEL PEER","APPEL KERS"])");
    // appel is in its 2 pairs: it can no longer be picked up.
    h.click("appel");
    CHECK_FALSE(selected(h, "appel"));
    h.click("druif");
    h.click("appel");
    CHECK(h.response() == R"(["APPEL PEER","APPEL KERS"])");
    h.click("druif");  // put druif down again
    h.click("peer");
    h.click("kers");
    checkAnswer(h, R"(["APPEL PEER","APPEL KERS","PEER KERS"])");
    CHECK(h.has("Je hebt 3 van de 3 paren gemaakt."));
    // A fourth pair does not fit.
    h.click("peer");
    h.click("druif");
    checkAnswer(h, R"(["APPEL PEER","APPEL KERS","PEER KERS"])");
    // The same pair the other way round is not a new pair.
    h.click("Weghalen: peer – kers", "button");
    h.click("kers");
    h.click("appel");
    checkAnswer(h, R"(["APPEL PEER","APPEL KERS"])");
}

TEST_CASE("associate: a single pair response is replaced by the next pair") {
    WidgetHarness h(DLK_TEST_DATA "/ui/associate_limits.xml");
    h.click("rood");
    h.click("groen");
    checkAnswer(h, R"("ROOD GROEN")", "ONE");
    h.click("blauw");
    h.click("rood");
    checkAnswer(h, R"("BLAUW ROOD")", "ONE");
    CHECK(h.response() == "NULL");  // the other interaction is untouched
}

// ---------------------------------------------------------------------------------------------
// gap match

TEST_CASE("gap match: words dragged into gaps and from one gap to another") {
    WidgetHarness h(DLK_TEST_DATA "/spec/gap_match.xml");
    CHECK(h.has("Plek 1: leeg", "gap"));
    h.drag("lang", "Plek 1: leeg");
    checkAnswer(h, R"(["LANG G1"])");
    CHECK(h.has("Plek 1: lang", "gap"));
    h.drag("uniek", "Plek 2: leeg");
    checkAnswer(h, R"(["LANG G1","UNIEK G2"])");
    // Moving lang onto the second gap replaces uniek there and empties the first.
    h.drag("Plek 1: lang", "Plek 2: uniek");
    checkAnswer(h, R"(["LANG G2"])");
    CHECK(h.has("Plek 1: leeg", "gap"));
}

TEST_CASE("gap match: click a word then a gap and click a filled gap to empty it") {
    WidgetHarness h(DLK_TEST_DATA "/spec/gap_match.xml");
    h.click("kort");
    CHECK(selected(h, "kort"));
    CHECK(h.has("Klik nu op de plek waar ‘kort’ moet staan."));
    h.click("Plek 2: leeg");
    checkAnswer(h, R"(["KORT G2"])");
    CHECK_FALSE(selected(h, "kort"));
    h.click("Plek 2: kort");
    CHECK(h.response() == "NULL");
    CHECK(h.stored() == std::optional<std::string>("null"));
    CHECK(h.has("Plek 2: leeg", "gap"));
}

TEST_CASE("gap match: the keyboard alone fills and empties gaps") {
    WidgetHarness h(DLK_TEST_DATA "/spec/gap_match.xml");
    tabTo(h, "lang", "choice");
    h.key(kEnter);
    CHECK(selected(h, "lang"));
    tabTo(h, "Plek 1: leeg", "gap");
    h.key(kEnter);
    checkAnswer(h, R"(["LANG G1"])");
    tabTo(h, "uniek", "choice");
    h.key(kSpace);
    tabTo(h, "Plek 2: leeg", "gap");
    h.key(kSpace);
    checkAnswer(h, R"(["LANG G1","UNIEK G2"])");
    tabTo(h, "Plek 1: lang", "gap");
    h.key(kEnter);
    checkAnswer(h, R"(["UNIEK G2"])");
}

TEST_CASE("gap match: Tab walks the words then the gaps in reading order and wraps") {
    WidgetHarness h(DLK_TEST_DATA "/spec/gap_match.xml");
    for (const char* label : {"lang", "kort", "uniek", "makkelijk te raden", "Plek 1: leeg", "Plek 2: leeg", "lang"}) {
        CAPTURE(label);
        h.key(kTab);
        const auto* n = h.find(label);
        REQUIRE(n);
        CHECK(n->focused);
    }
}

TEST_CASE("gap match: the QTI 2.1 spelling gives the same response") {
    WidgetHarness h(DLK_TEST_DATA "/spec/gap_match_v21.xml");
    h.click("makkelijk te raden");
    h.click("Plek 2: leeg");
    checkAnswer(h, R"(["MAKKELIJK G2"])");
}

TEST_CASE("gap match: a word with matchMax 1 moves and a gap holds one word") {
    WidgetHarness h(DLK_TEST_DATA "/spec/gap_match.xml");
    h.drag("lang", "Plek 1: leeg");
    h.drag("lang", "Plek 2: leeg");
    checkAnswer(h, R"(["LANG G2"])");
    h.drag("kort", "Plek 2: lang");
    checkAnswer(h, R"(["KORT G2"])");
}

TEST_CASE("gap match: matchMax 2 and maxAssociations 3 are kept") {
    WidgetHarness h(DLK_TEST_DATA "/ui/gap_match_limits.xml");
    h.drag("vaak", "Plek 1: leeg");
    h.click("vaak");
    h.click("Plek 2: leeg");
    checkAnswer(h, R"(["VAAK G1","VAAK G2"])");
    // vaak is used up: it is not picked up and cannot be dragged.
    h.click("vaak");
    CHECK_FALSE(selected(h, "vaak"));
    h.drag("vaak", "Plek 3: leeg");
    checkAnswer(h, R"(["VAAK G1","VAAK G2"])");
    h.drag("soms", "Plek 3: leeg");
    checkAnswer(h, R"(["VAAK G1","VAAK G2","SOMS G3"])");
    // A fourth filled gap is one too many...
    h.drag("soms", "Plek 4: leeg");
    checkAnswer(h, R"(["VAAK G1","VAAK G2","SOMS G3"])");
    CHECK(h.has("Plek 4: leeg", "gap"));
    // ...but replacing a word in a filled gap is fine, and frees vaak for another gap.
    h.drag("soms", "Plek 1: vaak");
    checkAnswer(h, R"(["VAAK G2","SOMS G3","SOMS G1"])");
}

// ---------------------------------------------------------------------------------------------
// hottext

TEST_CASE("hottext: clicked sentences are selected up to maxChoices and a second click deselects") {
    WidgetHarness h(DLK_TEST_DATA "/spec/hottext.xml");
    h.click("Het is het leukste museum van het land.", "choice");
    h.click("Die prijs is veel te hoog.", "choice");
    checkAnswer(h, R"(["H2","H4"])");
    CHECK(selected(h, "Die prijs is veel te hoog."));
    h.click("Een kaartje kost 12 euro.", "choice");  // a third is one too many
    checkAnswer(h, R"(["H2","H4"])");
    CHECK_FALSE(selected(h, "Een kaartje kost 12 euro."));
    h.click("Het is het leukste museum van het land.", "choice");
    checkAnswer(h, R"(["H4"])");
}

TEST_CASE("hottext: Enter and Space on a focused sentence toggle it") {
    WidgetHarness h(DLK_TEST_DATA "/spec/hottext.xml");
    tabTo(h, "Het is het leukste museum van het land.", "choice");
    h.key(kEnter);
    checkAnswer(h, R"(["H2"])");
    tabTo(h, "Die prijs is veel te hoog.", "choice");
    h.key(kSpace);
    checkAnswer(h, R"(["H2","H4"])");
    h.key(kSpace);
    checkAnswer(h, R"(["H2"])");
}

TEST_CASE("hottext: a single identifier is replaced by the next word and a long hottext wraps in the column") {
    WidgetHarness h(DLK_TEST_DATA "/ui/hottext_single.xml");
    h.click("wachtwoord", "choice");
    checkAnswer(h, R"("H1")");
    h.click("iedereen", "choice");
    checkAnswer(h, R"("H2")");
    CHECK_FALSE(selected(h, "wachtwoord"));
    h.click("iedereen", "choice");
    CHECK(h.response() == "NULL");
    const auto* sentence = h.find(
        "Een sterk wachtwoord bestaat uit een lange zin die je makkelijk onthoudt, maar die een ander niet kan raden, "
        "ook niet als hij je goed kent.",
        "choice");
    REQUIRE(sentence);
    CHECK(sentence->max.y - sentence->min.y > 2 * 20.0f);  // more than one line high
    checkInsideColumn(1366, 20.0f);
}

// ---------------------------------------------------------------------------------------------
// extended text

TEST_CASE("extended text: typing saves after the typing delay and counts words") {
    WidgetHarness h(DLK_TEST_DATA "/spec/extended_text.xml");
    CHECK(h.has("0 woorden"));
    h.click("text:RESPONSE", "textbox");
    h.type("Stop ermee.");
    CHECK(h.response() == R"("Stop ermee.")");
    CHECK(h.has("2 woorden"));
    CHECK_FALSE(h.stored());  // still typing
    h.wait(10'000);
    checkAnswer(h, R"("Stop ermee.")");
    h.type(" Ik");
    CHECK(h.has("3 woorden"));
}

TEST_CASE("extended text: leaving the field saves at once") {
    WidgetHarness h(DLK_TEST_DATA "/spec/extended_text.xml");
    h.click("text:RESPONSE", "textbox");
    h.type("Ik vertel het de juf");
    CHECK_FALSE(h.stored());
    h.click("In de klassenapp wordt Mo uitgelachen om een foto.");
    checkAnswer(h, R"("Ik vertel het de juf")");
}

TEST_CASE("extended text: reached with Tab and typed into with the keyboard alone") {
    WidgetHarness h(DLK_TEST_DATA "/spec/extended_text.xml");
    tabTo(h, "text:RESPONSE", "textbox");
    h.type("Hoi");
    h.key(WidgetHarness::kKeyBackspace);
    h.type("!");
    h.wait(10'000);
    checkAnswer(h, R"("Ho!")");
    CHECK(h.has("1 woord"));
}

TEST_CASE("extended text: long lines wrap for display only - the answer is exactly what was typed") {
    WidgetHarness h(DLK_TEST_DATA "/spec/extended_text.xml");
    h.click("text:RESPONSE", "textbox");
    const std::string sentence =
        "Ik zou in de app zeggen dat het niet grappig is en dat ze moeten stoppen met lachen. ";
    h.type(sentence + sentence + sentence);
    h.wait(10'000);
    const auto* field = h.find("text:RESPONSE", "textbox");
    REQUIRE(field);
    // Stored: the typed text, spaces where the field broke lines, nothing trimmed off.
    checkAnswer(h, "\"" + sentence + sentence + sentence + "\"");
    // Shown: the same letters, broken into lines that fit the field.
    const std::string shown = h.state.textBuffers.begin()->second;
    CHECK(shown.size() == (sentence + sentence + sentence).size());
    std::istringstream lines(shown);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        ++count;
        CAPTURE(line);
        CHECK(ImGui::CalcTextSize(line.c_str()).x < field->max.x - field->min.x);
    }
    CHECK(count >= 3);
    std::string flat = shown;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    CHECK(flat == sentence + sentence + sentence);
}

TEST_CASE("extended text: Enter makes a line break the answer keeps - typing before a wrapped line moves it along") {
    WidgetHarness h(DLK_TEST_DATA "/spec/extended_text.xml");
    h.click("text:RESPONSE", "textbox");
    const std::string sentence = "Ik zou in de app zeggen dat het niet grappig is en dat ze moeten stoppen met lachen.";
    h.type("Beste Mo,");
    h.key(WidgetHarness::kKeyEnter);
    h.type(sentence + " " + sentence);
    h.wait(10'000);
    checkAnswer(h, "\"Beste Mo,\\n" + sentence + " " + sentence + "\"");
    // Back to the start of the text and a word typed there: the wrapped lines reflow, the typed
    // break stays the only line break in the answer.
    for (int i = 0; i < 400; ++i) h.key(WidgetHarness::kKeyLeft);
    h.type("Hallo! ");
    h.wait(10'000);
    checkAnswer(h, "\"Hallo! Beste Mo,\\n" + sentence + " " + sentence + "\"");
    // After leaving and coming back (a restart), the stored text is wrapped afresh for display.
    h.state = {};
    h.frames(2);
    const std::string shown = h.state.textBuffers.begin()->second;
    CHECK(std::count(shown.begin(), shown.end(), '\n') >= 2);
}

TEST_CASE("extended text: expectedLength guides and a list of strings is not offered") {
    WidgetHarness h(DLK_TEST_DATA "/ui/extended_text_limits.xml");
    CHECK(h.has("Schrijf ongeveer 200 tekens; je hebt er nu 0."));
    CHECK(h.has("Deze vraag kan op deze computer niet worden getoond. Ga door naar de volgende vraag."));
    CHECK(h.has("text:RESPONSE", "textbox"));
    CHECK_FALSE(h.has("text:NOTES", "textbox"));
    h.click("text:RESPONSE", "textbox");
    h.type("Één zin.");  // 8 letters, 10 bytes
    h.frames(2);
    CHECK(h.has("Schrijf ongeveer 200 tekens; je hebt er nu 8."));
}

// ---------------------------------------------------------------------------------------------
// slider

namespace {
// The point on the slider's track at fraction t from its left end (the handle's travel is inset
// by its radius, 0.7 em).
ImVec2 trackPoint(const WidgetHarness& h, double t, const std::string& rid = "RESPONSE", float fontPx = 20.0f) {
    const auto* track = h.find("slider:" + rid, "slider");
    REQUIRE(track);
    const float r = 0.7f * fontPx;
    return ImVec2(track->min.x + r + static_cast<float>(t) * (track->max.x - track->min.x - 2 * r), track->center().y);
}
}  // namespace

TEST_CASE("slider: no answer until moved - then a click on the track picks the nearest step") {
    WidgetHarness h(DLK_TEST_DATA "/spec/slider.xml");
    h.frames(5);
    CHECK(h.response() == "NULL");
    CHECK_FALSE(h.stored());
    CHECK(h.has("Nog niet gekozen"));
    h.clickAt(trackPoint(h, 0.61));
    checkAnswer(h, "60");
    CHECK(h.has("60"));
    CHECK_FALSE(h.has("Nog niet gekozen"));
}

TEST_CASE("slider: dragging the handle saves where it is let go") {
    WidgetHarness h(DLK_TEST_DATA "/spec/slider_v21.xml");
    h.dragAt(trackPoint(h, 0.2), trackPoint(h, 0.86));
    checkAnswer(h, "85");
    h.dragAt(trackPoint(h, 0.85), trackPoint(h, -0.5));  // past the end: the lower bound
    checkAnswer(h, "0");
}

TEST_CASE("slider: arrow keys move one step and keep the focus on the slider") {
    WidgetHarness h(DLK_TEST_DATA "/spec/slider.xml");
    tabTo(h, "slider:RESPONSE", "slider");
    CHECK(h.response() == "NULL");
    h.key(kRight);
    checkAnswer(h, "5");
    h.key(kRight);
    h.key(kRight);
    h.key(kLeft);
    checkAnswer(h, "10");
    CHECK(h.find("slider:RESPONSE", "slider")->focused);
    h.key(kLeft);
    h.key(kLeft);
    h.key(kLeft);
    checkAnswer(h, "0");  // not below the lower bound
}

TEST_CASE("slider: the first Left answers the lower bound and the upper bound is the end") {
    WidgetHarness h(DLK_TEST_DATA "/spec/slider.xml");
    tabTo(h, "slider:RESPONSE", "slider");
    h.key(kLeft);
    checkAnswer(h, "0");
    h.clickAt(trackPoint(h, 0.99));
    checkAnswer(h, "100");
    h.click("+", "button");
    h.key(kRight);
    checkAnswer(h, "100");
    h.click("-", "button");
    checkAnswer(h, "95");
}

TEST_CASE("slider: a reversed float slider and an upright integer slider") {
    WidgetHarness h(DLK_TEST_DATA "/ui/slider_more.xml");
    // Reversed: the upper bound (2) is on the left, so Left goes up.
    tabTo(h, "slider:RESPONSE", "slider");
    h.key(kLeft);
    checkAnswer(h, "0.25");
    h.key(kLeft);
    h.key(kLeft);
    checkAnswer(h, "0.75");
    CHECK(h.has("0,75"));  // shown the Dutch way
    h.clickAt(trackPoint(h, 0.0));
    checkAnswer(h, "2");
    // Upright: Up goes up, one step from the lower bound 1; a click near the top is 5.
    CHECK(h.response("LEVEL") == "NULL");
    tabTo(h, "slider:LEVEL", "slider");
    h.key(kUp);
    checkAnswer(h, "2", "LEVEL");
    h.key(kUp);
    h.key(kDown);
    h.key(kDown);
    checkAnswer(h, "1", "LEVEL");
    const auto* upright = h.find("slider:LEVEL", "slider");
    REQUIRE(upright);
    CHECK(upright->max.y - upright->min.y > upright->max.x - upright->min.x);
    h.clickAt(ImVec2(upright->center().x, upright->min.y + 2));
    checkAnswer(h, "5", "LEVEL");
    CHECK(h.response() == "2");
}

// ---------------------------------------------------------------------------------------------
// tables

TEST_CASE("emphasis: words in em and i are drawn slanted - strong and plain words upright") {
    WidgetHarness h(DLK_TEST_DATA "/ui/emphasis.xml");
    h.frames(2);
    // Glyph quads as ImFont::RenderText writes them: four vertices, top-left, top-right,
    // bottom-right, bottom-left, with the glyph's corners of the font atlas as their UVs.
    int slanted = 0, upright = 0;
    float slant = 0;
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data);
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
        for (int i = 0; i + 3 < v.Size; ++i) {
            const bool quad = v[i].uv.x == v[i + 3].uv.x && v[i].uv.y == v[i + 1].uv.y &&
                              v[i + 1].uv.x == v[i + 2].uv.x && v[i + 2].uv.y == v[i + 3].uv.y &&
                              v[i].uv.x != v[i + 1].uv.x && v[i].uv.y != v[i + 3].uv.y;
            if (!quad) continue;
            const float dx = v[i].pos.x - v[i + 3].pos.x;
            if (dx > 0.5f) {
                ++slanted;
                slant = dx / (v[i + 3].pos.y - v[i].pos.y);
            } else {
                ++upright;
            }
            i += 3;
        }
    }
    CHECK(slanted == 8);  // n-i-e-t and t-w-e-e
    CHECK(upright > 30);  // the rest of the sentence, the bold "geen" among it
    CHECK(slant == doctest::Approx(0.2).epsilon(0.01));
    // Emphasis changes how words look, not what they say: the text read aloud is the sentence.
    CHECK(h.find("Welk bestand is niet van Lina? Tel er twee, geen drie.", "text"));
}

TEST_CASE("table: caption above - one row of cells per table row - wrapped inside the column") {
    WidgetHarness h(DLK_TEST_DATA "/ui/table.xml");
    const auto* caption = h.find("Apparaten bij Sanne thuis", "text");
    const auto* head = h.find("Apparaat", "cell");
    const auto* laptop = h.find("Laptop", "cell");
    const auto* who =
        h.find("Sanne gebruikt hem voor school en haar vader voor zijn werk, vooral 's avonds na het eten", "cell");
    const auto* days = h.find("5", "cell");
    REQUIRE(caption);
    REQUIRE(head);
    REQUIRE(laptop);
    REQUIRE(who);
    REQUIRE(days);
    CHECK(caption->max.y <= head->min.y);
    CHECK(head->max.y <= laptop->min.y);
    CHECK(laptop->min.y == doctest::Approx(who->min.y).epsilon(0.01));  // same row
    CHECK(days->min.x > who->max.x);                                    // next column
    CHECK(who->max.y - who->min.y > 2 * 20.0f);                         // the long cell wraps
    checkInsideColumn(1366, 20.0f);
}

TEST_CASE("table: a cell of paragraphs is read aloud once - as one cell") {
    WidgetHarness h(DLK_TEST_DATA "/ui/quote_and_cell.xml");
    const std::string said = dlk::ui::ReadAloud::screenText(dlk::ui::a11yFrame());
    const auto first = said.find("Een blog van Noor.");
    REQUIRE(first != std::string::npos);
    CHECK(said.find("Een blog van Noor.", first + 1) == std::string::npos);
    CHECK(h.find("Een blog van Noor. Geschreven in maart.", "cell"));
}

TEST_CASE("quote: a blockquote is set in and framed - its words read once - the text after it below the frame") {
    WidgetHarness h(DLK_TEST_DATA "/ui/quote_and_cell.xml");
    const auto* before = h.find("Op internet vind je deze pagina:", "text");
    const auto* quoted = h.find("Met de bus naar het museum? Een hele dag voor 450 euro.", "text");
    const auto* after = h.find("Bron", "cell");
    REQUIRE(before);
    REQUIRE(quoted);
    REQUIRE(after);
    CHECK(quoted->min.x >= before->min.x + 0.8f * 20.0f);  // set in by the frame's padding and bar
    CHECK(quoted->max.x <= before->max.x - 0.8f * 20.0f + 1);
    CHECK(quoted->min.y > before->max.y);
    CHECK(after->min.y > quoted->max.y + 0.5f * 20.0f);  // the frame's bottom padding between them
    // The frame: its accent bar, a filled rectangle at the column's left from above the first
    // quoted line to below the last.
    bool bar = false;
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data);
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
        for (int i = 0; i < v.Size; ++i)
            if (std::fabs(v[i].pos.x - before->min.x) < 1 && v[i].col == dlk::ui::palette().accent &&
                v[i].pos.y > quoted->max.y)
                bar = true;
    }
    CHECK(bar);
    const std::string said = dlk::ui::ReadAloud::screenText(dlk::ui::a11yFrame());
    const auto first = said.find("Een hele dag voor 450 euro.");
    REQUIRE(first != std::string::npos);
    CHECK(said.find("Een hele dag voor 450 euro.", first + 1) == std::string::npos);
}

TEST_CASE("table: a text entry in a cell answers like anywhere else") {
    WidgetHarness h(DLK_TEST_DATA "/ui/table.xml");
    h.click("text:RESPONSE", "textbox");
    h.type("7");
    h.click("Apparaten bij Sanne thuis");
    checkAnswer(h, "7");
}

TEST_CASE("table: at 200 percent in a small window the rows are stacked and stay readable") {
    WidgetHarness h(DLK_TEST_DATA "/ui/table.xml", 800, 600);
    textSize200(h);
    const auto* laptop = h.find("Laptop", "cell");
    const auto* groot = h.find("groot", "cell");
    REQUIRE(laptop);
    REQUIRE(groot);
    CHECK(groot->min.y > laptop->max.y - 1);  // under each other, not side by side
    CHECK(h.has("Scherm", "text"));           // each value keeps its header
    checkInsideColumn(800, 40.0f);
}

// ---------------------------------------------------------------------------------------------
// big text and small windows

TEST_CASE("text interactions stay inside the column at 200 percent text and in an 800x600 window") {
    for (const char* file :
         {"/spec/associate.xml", "/spec/gap_match.xml", "/spec/hottext.xml", "/spec/extended_text.xml",
          "/spec/slider.xml", "/ui/slider_more.xml", "/ui/hottext_single.xml", "/ui/gap_match_limits.xml"}) {
        CAPTURE(file);
        {
            WidgetHarness h(std::string(DLK_TEST_DATA) + file);
            textSize200(h);
            checkInsideColumn(1366, 40.0f);
        }
        {
            WidgetHarness h(std::string(DLK_TEST_DATA) + file, 800, 600);
            textSize200(h);
            checkInsideColumn(800, 40.0f);
        }
    }
}

TEST_CASE("match at 200 percent: no heading word breaks - the grid stays in the column and still answers") {
    // schoolreis-05: "Advertentie" broke into "Advertenti|e" when every target column had one share.
    WidgetHarness h(std::string(DLK_SOURCE_ITEMS) + "/m01-schoolreis/nl/schoolreis-05-bronnen.xml");
    textSize200(h);
    for (const std::string heading : {"Mening", "Advertentie", "Officiële informatie"}) {
        CAPTURE(heading);
        const auto* n = h.find(heading, "text");
        REQUIRE(n);
        const int words = static_cast<int>(dlk::splitWhitespace(heading).size());
        CHECK(n->max.y - n->min.y < (words + 0.5f) * 40.0f * 1.2f);  // a line per word at most
    }
    checkInsideColumn(1366, 40.0f);
    const std::string pair = "Het blog van Noor (12): \"Ik vond het museum saai. Maar het café was leuk.\" – Mening";
    h.scrollTo(pair, "choice");
    h.click(pair, "choice");
    checkAnswer(h, R"(["S3 T1"])");
}

TEST_CASE("gap match at 200 percent in a small window: Tab scrolls to the gaps below the screen") {
    WidgetHarness h(DLK_TEST_DATA "/spec/gap_match.xml", 800, 600);
    textSize200(h);
    const auto* gap = h.find("Plek 2: leeg", "gap");
    REQUIRE(gap);
    CHECK(gap->min.y > 600);  // below the screen at first
    tabTo(h, "uniek", "choice");
    h.key(kEnter);
    tabTo(h, "Plek 2: leeg", "gap");
    gap = h.find("Plek 2: leeg", "gap");
    CHECK(gap->max.y <= 600);  // scrolled into view
    h.key(kEnter);
    checkAnswer(h, R"(["UNIEK G2"])");
}

TEST_CASE("every bank item with these interactions or a table draws them inside the column at 200 percent") {
    int seen = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(DLK_SOURCE_ITEMS)) {
        if (entry.path().extension() != ".xml") continue;
        std::ifstream in(entry.path());
        const std::string xml((std::istreambuf_iterator<char>(in)), {});
        if (xml.find("qti-assessment-item") == std::string::npos) continue;
        bool uses = false;
        for (const char* k : {"qti-associate-interaction", "qti-gap-match-interaction", "qti-hottext-interaction",
                              "qti-extended-text-interaction", "qti-slider-interaction", "<table"})
            uses = uses || xml.find(k) != std::string::npos;
        if (!uses) continue;
        CAPTURE(entry.path().string());
        ++seen;
        WidgetHarness h(entry.path().string(), 800, 600);
        textSize200(h);
        checkInsideColumn(800, 40.0f);
        CHECK_FALSE(h.has("Deze vraag kan op deze computer niet worden getoond. Ga door naar de volgende vraag."));
    }
    CHECK(seen > 0);
}
