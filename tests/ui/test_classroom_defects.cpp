// The classroom defects found by trying every screen (issue 11, point 5), each as the kiosk meets
// it: the real window sleeps until input or App::wakeupSeconds(), so these tests draw a frame only
// when input arrives or the App asks for one, as the platform's loop does.
#include <doctest/doctest.h>

#include <cctype>
#include <cfloat>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "ui/app.h"
#include "ui/screens/teacher_screen.h"
#include "ui/theme.h"
#include "ui/widgets/error_text.h"
#include "ui/widgets/wide_text.h"
#include "ui_harness.h"
#include "util/text.h"
#include "widget_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

// Draws the frames the App asks for without input (wakeupSeconds() == 0), as the window's loop
// does after it has drawn for an event; returns how many. A bound keeps a bug from looping forever.
int settle(UiHarness& h) {
    int n = 0;
    while (h.app->wakeupSeconds() == 0.0 && n < 10) {
        h.frame();
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("the teacher PIN field takes the first digit typed on the first frame") {
    UiHarness h;
    h.app->openPin(dlk::ui::PinPurpose::EnterTeacher);
    // The first key wakes the sleeping kiosk: the PIN screen's first frame gets the digit.
    ImGui::GetIO().AddInputCharactersUTF8("2");
    h.frame();
    h.type("46813");
    h.key(dlk::test::kKeyEnter);
    CHECK(h.app->screen() == ScreenId::Teacher);
    CHECK_FALSE(h.has("Deze pincode klopt niet."));
}

TEST_CASE("the teacher PIN typed right after the screen opens is not lost") {
    UiHarness h;
    h.click("Leerkracht");
    REQUIRE(h.app->screen() == ScreenId::Pin);
    settle(h);
    h.type("246813");
    h.key(dlk::test::kKeyEnter);
    CHECK(h.app->screen() == ScreenId::Teacher);
}

TEST_CASE("a screen change asks for a redraw so the idle lock never leaves a blank window") {
    UiHarness h;
    h.openTeacherScreen();
    settle(h);
    // Idle: the kiosk wakes on its timer and draws one frame, in which the screen locks.
    h.clockMs += dlk::ui::TeacherScreen::kIdleLockMs + 1000;
    REQUIRE(h.app->wakeupSeconds() > 0);
    h.frame();
    CHECK(h.app->screen() == ScreenId::Login);
    // No input follows: the login screen must still be drawn, with its words on screen.
    CHECK(settle(h) > 0);
    CHECK(h.has("Jouw code"));
    CHECK(h.has("Start"));
    // Settled: the kiosk sleeps again (no busy loop).
    CHECK(h.app->wakeupSeconds() < 0);
}

// ---------------------------------------------------------------------------------------------
// Text outside the font and beyond ImGui's 16-bit characters

namespace {

// "Hoi", a grinning face (U+1F600, beyond U+FFFF), "ok", a private-use character and an e-acute.
const std::string kWide = "Hoi \xF0\x9F\x98\x80 ok \xEE\x80\x81 caf\xC3\xA9";

}  // namespace

TEST_CASE("an emoji typed in a text entry is stored exactly as typed") {
    dlk::test::WidgetHarness h(DLK_TEST_DATA "/spec/text_entry_string.xml");
    h.click("text:RESPONSE", "textbox");
    h.type("Hoi \xF0\x9F\x98\x80");
    CHECK(h.response() == "\"Hoi \xF0\x9F\x98\x80\"");
    CHECK(h.response().find("\xEF\xBF\xBD") == std::string::npos);  // never U+FFFD
    // Left, then edited again later (the field reads the stored text back): the emoji stays.
    h.clickAt(ImVec2(2, 2));
    h.frames(40);  // not a double click, which would select the emoji as a word
    h.click("text:RESPONSE", "textbox");
    h.key(dlk::test::kKeyRight);
    h.type("!");
    CHECK(h.response() == "\"Hoi \xF0\x9F\x98\x80!\"");
}

TEST_CASE("an emoji typed in an extended text is stored exactly and counted as one character") {
    dlk::test::WidgetHarness h(DLK_TEST_DATA "/spec/extended_text.xml");
    h.click("text:RESPONSE", "textbox");
    h.type("Ik \xF0\x9F\x98\x80\xF0\x9F\x91\x8D");
    CHECK(h.response() == "\"Ik \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\"");
    h.click("In de klassenapp wordt Mo uitgelachen om een foto.");  // leaving saves
    const auto stored = h.stored();
    REQUIRE(stored);
    CHECK(*stored == "\"Ik \xF0\x9F\x98\x80\xF0\x9F\x91\x8D\"");
    CHECK(h.has("2 woorden"));
}

TEST_CASE("text beyond 16-bit characters round-trips through the field form and the clipboard") {
    using dlk::ui::fromImGuiText;
    using dlk::ui::toImGuiText;
    const std::string inField = toImGuiText(kWide);
    CHECK(inField.find("\xF0") == std::string::npos);  // no 4-byte sequence reaches ImGui
    CHECK(fromImGuiText(inField) == kWide);
    CHECK(fromImGuiText(toImGuiText("")) == "");
    CHECK(fromImGuiText(toImGuiText("\xFF stray")) == "\xFF stray");  // a stray byte is kept, not lost

    // The clipboard: what ImGui copies comes out as the characters themselves, and pasting an
    // emoji gives ImGui its stand-in.
    ImGuiContext* ctx = ImGui::CreateContext();
    static std::string board;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // see createTestContext
    io.GetClipboardTextFn = [](void*) { return board.c_str(); };
    io.SetClipboardTextFn = [](void*, const char* text) { board = text; };
    dlk::ui::installWideClipboard(io);
    io.SetClipboardTextFn(nullptr, inField.c_str());
    CHECK(board == kWide);
    CHECK(std::string(io.GetClipboardTextFn(nullptr)) == inField);
    ImGui::DestroyContext(ctx);
}

TEST_CASE("a character the font lacks is drawn as the replacement glyph") {
    UiHarness h;
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    CHECK(font->FallbackChar == 0xFFFD);
    const ImFontGlyph* fallback = font->FindGlyph(0xFFFD);
    REQUIRE(fallback);
    CHECK(fallback->Visible);
    CHECK(font->FindGlyph(0xE000) == fallback);  // a stand-in shows as the replacement glyph
}

// ---------------------------------------------------------------------------------------------
// Tables sized to their content

namespace {

// Every cell of every row lies inside the table column and ends before the next cell begins:
// nothing is cut off or drawn over. Returns how many cells were checked.
int checkCellsApart(const std::vector<std::string>& mustShow) {
    const auto& nodes = dlk::ui::a11yFrame();
    std::vector<const dlk::ui::A11yNode*> cells;
    for (const auto& n : nodes)
        if (n.role == "cell") cells.push_back(&n);
    for (size_t i = 0; i + 1 < cells.size(); ++i) {
        const auto* a = cells[i];
        const auto* b = cells[i + 1];
        if (b->min.y >= a->max.y - 1 || b->min.x < a->min.x) continue;  // the next row
        CAPTURE(a->label);
        CAPTURE(b->label);
        CHECK(a->max.x <= b->min.x);
    }
    for (const auto& text : mustShow) {
        const dlk::ui::A11yNode* cell = nullptr;
        for (const auto* c : cells)
            if (c->label == text) cell = c;
        CAPTURE(text);
        REQUIRE(cell);
        // The whole domain on one line, in its cell.
        CHECK(cell->max.x - cell->min.x >= ImGui::CalcTextSize(text.c_str()).x - 1);
    }
    return static_cast<int>(cells.size());
}

}  // namespace

TEST_CASE("table: the websites of nepnieuws-04 show whole at 1366x768 and 1024x600") {
    for (const auto& [w, hgt] : {std::pair{1366, 768}, std::pair{1024, 600}}) {
        CAPTURE(w);
        dlk::test::WidgetHarness h(DLK_SOURCE_ITEMS "/m02-nepnieuws/nl/nepnieuws-04-zoeken.xml", w, hgt);
        h.frames(2);
        CHECK(checkCellsApart({"flitz-filmpjes.nl", "waterschap-groenedelta.nl", "knuffelparadijs-winkel.nl",
                               "vraagmaarraak-forum.nl"}) == 20);
    }
}

TEST_CASE("tables of the bank: no word of a header or cell is broken at 1366x768 and 1024x600 - 100 and 200 percent") {
    // Columns sized to content wrap a header or cell only between words: each cell is at least as
    // wide as its widest word in its own font (headers bold), and no cell runs into the next.
    namespace fs = std::filesystem;
    int tables = 0, cells = 0;
    for (const auto& e : fs::recursive_directory_iterator(DLK_SOURCE_ITEMS)) {
        if (e.path().extension() != ".xml" || e.path().parent_path().filename() != "nl") continue;
        std::ifstream in(e.path());
        const std::string xml{std::istreambuf_iterator<char>(in), {}};
        if (xml.find("<table") == std::string::npos) continue;
        ++tables;
        std::set<std::string> headers;  // the <th> texts, whitespace as plainText() gives it
        for (size_t at = xml.find("<th>"); at != std::string::npos; at = xml.find("<th>", at + 1)) {
            const size_t end = xml.find('<', at + 4);
            std::string text;
            for (const auto& w : dlk::splitWhitespace(xml.substr(at + 4, end - at - 4)))
                text += (text.empty() ? "" : " ") + w;
            headers.insert(text);
        }
        for (const auto& [w, hgt] : {std::pair{1366, 768}, std::pair{1024, 600}})
            for (const float scale : {1.0f, 2.0f}) {
                CAPTURE(e.path().filename().string());
                CAPTURE(w);
                CAPTURE(scale);
                dlk::test::WidgetHarness h(e.path().string(), w, hgt);
                ImGui::GetIO().FontGlobalScale = scale;
                dlk::ui::scaleStyleToFont(20.0f * scale);
                h.frames(3);
                checkCellsApart({});
                for (const auto& n : dlk::ui::a11yFrame()) {
                    if (n.role != "cell") continue;
                    ++cells;
                    ImFont* font = headers.count(n.label) ? h.fonts.bold : h.fonts.regular;
                    const float size = font->FontSize * scale;
                    for (const auto& word : dlk::splitWhitespace(n.label)) {
                        CAPTURE(n.label);
                        CAPTURE(word);
                        CHECK(n.max.x - n.min.x >= font->CalcTextSizeA(size, FLT_MAX, 0, word.c_str()).x - 1);
                    }
                }
                ImGui::GetIO().FontGlobalScale = 1.0f;
                dlk::ui::scaleStyleToFont(20.0f);
            }
    }
    CHECK(tables >= 5);
    CHECK(cells > 100);
}

// ---------------------------------------------------------------------------------------------
// The login and the teacher's language

TEST_CASE("an empty code at login says what to do") {
    UiHarness h;
    h.click("Start");
    CHECK(h.app->screen() == ScreenId::Login);
    CHECK(h.has("Typ eerst je code.", "text"));
}

TEST_CASE("a refused code is cleared from the field and its message stays") {
    UiHarness h;
    const auto pupil = h.pupilWithPlan("Sanne", {"m02-nepnieuws"});
    h.loginByTyping("ZZZZ-ZZZZ");
    CHECK(h.has("Deze code kennen we niet. Kijk of je hem goed hebt getypt.", "text"));
    // The field is empty again: typing the right code alone now logs in.
    h.type(pupil.code);
    h.click("Start");
    h.click("Dit ben ik");
    CHECK(h.app->screen() == ScreenId::Item);
}

// --- "Dit ben ik": a code shows whose it is before anything starts (issue 13, point 2).

namespace {
int attemptsOf(UiHarness& h, int64_t pupilId) {
    auto st = h.core->db().prepare("SELECT count(*) FROM attempts WHERE pupil_id=?");
    st.bind(1, pupilId);
    REQUIRE(st.step());
    return static_cast<int>(st.getInt(0));
}
}  // namespace

TEST_CASE("login: a code shows the pupil's first name and class number - Andere code goes back and starts nothing") {
    UiHarness h;
    const auto pupil = h.pupilWithPlan("Sanne de Vries", {"m02-nepnieuws"});
    h.click("Jouw code");
    h.type(pupil.code);
    h.click("Start");
    CHECK(h.app->screen() == ScreenId::Login);
    CHECK(h.has("Ben jij dit?", "text"));
    CHECK(h.has("Sanne", "text"));
    CHECK_FALSE(h.has("Sanne de Vries", "text"));  // the first name only, never the whole name
    CHECK(h.has("Klas " + h.classInfo.className + ", nummer " + std::to_string(pupil.numberInClass), "text"));
    CHECK(attemptsOf(h, pupil.id) == 0);  // nothing started yet
    h.click("Andere code");
    CHECK(h.has("Jouw code", "textbox"));
    CHECK_FALSE(h.has("Ben jij dit?", "text"));
    CHECK(attemptsOf(h, pupil.id) == 0);
    h.loginByTyping(pupil.code);
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK(attemptsOf(h, pupil.id) == 1);
}

TEST_CASE("login: a pupil without a name sees the class and number - Enter confirms and Escape goes back") {
    UiHarness h;
    const auto pupil = h.pupilWithPlan("", {"m02-nepnieuws"});
    REQUIRE(pupil.numberInClass > 1);
    h.click("Jouw code");
    h.type(pupil.code);
    h.key(dlk::test::kKeyEnter);
    const std::string where = "Klas " + h.classInfo.className + ", nummer " + std::to_string(pupil.numberInClass);
    CHECK(h.has(where, "text"));
    h.key(dlk::test::kKeyEscape);
    CHECK_FALSE(h.has(where, "text"));
    CHECK(h.app->screen() == ScreenId::Login);
    h.click("Jouw code");
    h.type(pupil.code);
    h.key(dlk::test::kKeyEnter);
    CHECK(h.has(where, "text"));
    h.key(dlk::test::kKeyEnter);
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK(attemptsOf(h, pupil.id) == 1);
}

TEST_CASE("the teacher screens stay in the kiosk's language after an English-speaking pupil") {
    UiHarness::localeDir = DLK_BUILD_LOCALE;
    UiHarness h;
    UiHarness::localeDir.clear();
    h.click("English");
    REQUIRE(h.has("Your code", "textbox"));  // the pupil's language for the pupil
    h.click("Teacher");
    REQUIRE(h.app->screen() == ScreenId::Pin);
    h.frames(2);
    CHECK(h.has("Pincode", "textbox"));  // the teacher's PIN in Dutch, the kiosk's language
    h.click("Pincode");
    h.type("246813");
    h.click("OK");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    CHECK(h.has("Naar leerlingscherm"));
    // Back at the login the pupil's choice still holds; after a pupil's session the kiosk's.
    h.click("Naar leerlingscherm");
    h.frames(2);
    CHECK(h.has("Your code", "textbox"));
    h.app->endPupilSession();
    h.frames(2);
    CHECK(h.has("Jouw code", "textbox"));
}

TEST_CASE("the code field's placeholder is a lighter example - never like typed text") {
    UiHarness h;
    h.frames(2);
    // The example is drawn in the hint colour, which is neither the text's nor the muted text's.
    const ImU32 hint = dlk::ui::hintColor();
    CHECK(hint != dlk::ui::palette().text);
    CHECK(hint != dlk::ui::palette().mutedText);
    CHECK((hint >> IM_COL32_A_SHIFT & 0xFF) < (dlk::ui::palette().mutedText >> IM_COL32_A_SHIFT & 0xFF));
    int hintVertices = 0;
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data);
    for (int l = 0; l < data->CmdListsCount; ++l)
        for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer)
            if (v.col == hint) ++hintVertices;
    // "bijv. ABCD-EFGH": 14 glyphs of 4 vertices each, at least.
    CHECK(hintVertices >= 14 * 4);
    // Typing replaces the example.
    h.click("Jouw code");
    h.type("AB");
    h.frames(1);
    hintVertices = 0;
    data = ImGui::GetDrawData();
    for (int l = 0; l < data->CmdListsCount; ++l)
        for (const ImDrawVert& v : data->CmdLists[l]->VtxBuffer)
            if (v.col == hint) ++hintVertices;
    CHECK(hintVertices == 0);
}

// ---------------------------------------------------------------------------------------------
// Dutch wording

TEST_CASE("one Dutch word for teacher - leerkracht - in the kiosk's words and the Dutch items") {
    namespace fs = std::filesystem;
    const auto lower = [](std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    // Every word the kiosk itself shows is a msgid of the English catalogue.
    std::ifstream po(fs::path(DLK_SOURCE_ITEMS) / ".." / "assets" / "i18n" / "en.po");
    REQUIRE(po);
    std::string line;
    int msgids = 0;
    while (std::getline(po, line)) {
        if (line.rfind("msgid ", 0) != 0) continue;
        ++msgids;
        const std::string l = lower(line);
        CAPTURE(line);
        for (const char* other : {"docent", "leraar", "leraren", " juf", "meester"})
            CHECK(l.find(other) == std::string::npos);
    }
    CHECK(msgids > 100);
    int items = 0;
    for (const auto& e : fs::recursive_directory_iterator(DLK_SOURCE_ITEMS)) {
        if (e.path().extension() != ".xml" || e.path().parent_path().filename() != "nl") continue;
        ++items;
        std::ifstream in(e.path());
        const std::string text = lower(std::string(std::istreambuf_iterator<char>(in), {}));
        CAPTURE(e.path().string());
        CHECK(text.find("leraar") == std::string::npos);
        CHECK(text.find("docent") == std::string::npos);
    }
    CHECK(items > 50);
}

TEST_CASE("schoolreis-04 (the video on the website) in Dutch reads as plain correct Dutch") {
    std::ifstream in(DLK_SOURCE_ITEMS "/m01-schoolreis/nl/schoolreis-04-filmpje.xml");
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    REQUIRE_FALSE(text.empty());
    CHECK(text.find("zie je jou") == std::string::npos);  // "zie je jezelf"
    CHECK(text.find("zie je straks jezelf en je klasgenoten") != std::string::npos);
    CHECK(text.find("op de website van de school zetten") == std::string::npos);  // "de school ... van de school"
}

// ---------------------------------------------------------------------------------------------
// Errors in the UI's words, the technical detail for the teacher and the log

TEST_CASE("a teacher's error is said in Dutch with the technical detail on its own line") {
    UiHarness h;  // a translator in Dutch
    const dlk::Error e(dlk::ErrorKind::StorageFull, "database or disk is full (SQLITE_FULL)");
    const std::string m = dlk::ui::teacherError("Opslaan is niet gelukt.", e, "test");
    CHECK(m.rfind("Opslaan is niet gelukt. De schijf is vol.", 0) == 0);
    CHECK(m.find("\nDetails: database or disk is full (SQLITE_FULL)") != std::string::npos);
    for (auto kind : {dlk::ErrorKind::Io, dlk::ErrorKind::Parse, dlk::ErrorKind::Invalid, dlk::ErrorKind::Storage,
                      dlk::ErrorKind::StorageFull, dlk::ErrorKind::ReadOnly, dlk::ErrorKind::Corrupt,
                      dlk::ErrorKind::Auth, dlk::ErrorKind::NotFound})
        CHECK(std::string(dlk::ui::plainWords(kind)).size() > 10);
}

TEST_CASE("making a class without a name or with a taken name is refused in Dutch - never the core's English") {
    UiHarness h;
    h.openTeacherScreen();
    const size_t before = h.core->school().classes().size();
    h.click("Maak klas met codes");
    CHECK(h.has("Geef de klas eerst een naam.", "text"));
    h.click("Naam");
    h.type("Demo groep 8");
    h.click("Maak klas met codes");
    CHECK(h.has("Er is al een klas met deze naam. Kies een andere naam.", "text"));
    CHECK(h.core->school().classes().size() == before);
    for (const auto& n : dlk::ui::a11yFrame()) CHECK(n.label.find("already exists") == std::string::npos);
}

TEST_CASE("a pupil count out of range is said and refused - never clamped behind the teacher's back") {
    UiHarness h;
    h.openTeacherScreen();
    const size_t before = h.core->school().classes().size();
    h.click("Naam");
    h.type("Groep 7b");
    h.click("Of alleen codes, zonder namen. Aantal:");
    for (int i = 0; i < 4; ++i) h.key(dlk::test::kKeyBackspace);
    h.type("75");
    h.frames(2);
    CHECK(h.has("Kies een aantal van 1 tot 60 leerlingen.", "text"));  // said as it is typed
    h.click("Maak klas met codes");
    CHECK(h.core->school().classes().size() == before);
    // Put right, the class is made with exactly the number typed.
    h.click("Of alleen codes, zonder namen. Aantal:");
    for (int i = 0; i < 4; ++i) h.key(dlk::test::kKeyBackspace);
    h.type("28");
    h.frames(2);
    h.click("Maak klas met codes");
    REQUIRE(h.core->school().classes().size() == before + 1);
    int pupils = -1;
    for (const auto& c : h.core->school().classes())
        if (c.name == "Groep 7b") pupils = c.pupilCount;
    CHECK(pupils == 28);
}

// ---------------------------------------------------------------------------------------------
// 200% text on a small screen

namespace {

// No two of these controls overlap (touching edges, within a pixel, are apart).
void checkPairwiseApart(const std::vector<const dlk::ui::A11yNode*>& nodes) {
    for (size_t i = 0; i < nodes.size(); ++i)
        for (size_t j = i + 1; j < nodes.size(); ++j) {
            const auto* a = nodes[i];
            const auto* b = nodes[j];
            CAPTURE(a->label);
            CAPTURE(b->label);
            const bool apart = a->max.x <= b->min.x + 1 || b->max.x <= a->min.x + 1 || a->max.y <= b->min.y + 1 ||
                               b->max.y <= a->min.y + 1;
            CHECK(apart);
        }
}

}  // namespace

TEST_CASE("at 200 percent on 1024x600 the pupil's top bar stays in the window and nothing overlaps") {
    UiHarness h(true, 1024, 600);
    const auto pupil = h.pupilWithPlan("Sanne", {"m02-nepnieuws"});
    h.core->school().setAccommodations(pupil.id, dlk::Accommodations{200, false, 0});
    h.loginByTyping(pupil.code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    // The pupil's 200% text: the atlas is rebuilt as the window's loop does before a frame.
    REQUIRE(h.app->prepareFonts(1024, 600));
    unsigned char* pixels;
    int tw, th;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
    h.frames(3);
    const auto checkBar = [](size_t atLeast) {
        std::vector<const dlk::ui::A11yNode*> bar;
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.max.y <= 140 && (n.role == "button" || n.role == "timer" || n.role == "status")) bar.push_back(&n);
        REQUIRE(bar.size() >= atLeast);
        for (const auto* n : bar) {
            CAPTURE(n->label);
            CHECK(n->min.x >= 0);
            CHECK(n->max.x <= 1024);
        }
        checkPairwiseApart(bar);
    };
    checkBar(3);  // the dots, the time, the teacher's button
    // Once an answer is saved "✓ Opgeslagen" joins them: the time ran onto the last dots.
    // (nepnieuws-01's inline choice, answered as its menu would: the item's field is below the fold.)
    h.app->session()->setResponse("RESPONSE", dlk::Value::single(dlk::BaseType::Identifier, "A"), h.clockMs);
    h.frames(2);
    REQUIRE(h.has("✓ Opgeslagen", "status"));
    checkBar(4);
}

namespace {

// Everything on screen lies inside the window, and no two buttons, fields or texts overlap.
void checkInWindowApart(int w, int hgt, size_t atLeast) {
    std::vector<const dlk::ui::A11yNode*> shown;
    for (const auto& n : dlk::ui::a11yFrame()) {
        CAPTURE(n.role);
        CAPTURE(n.label);
        CHECK(n.min.x >= 0);
        CHECK(n.min.y >= 0);
        CHECK(n.max.x <= static_cast<float>(w));
        CHECK(n.max.y <= static_cast<float>(hgt));
        if (n.role == "button" || n.role == "textbox" || n.role == "text") shown.push_back(&n);
    }
    REQUIRE(shown.size() >= atLeast);
    checkPairwiseApart(shown);
}

}  // namespace

TEST_CASE("at 200 percent the login screen stays in the window and nothing overlaps - nl and en") {
    for (const auto& [w, hgt] : {std::pair{1024, 600}, std::pair{1366, 768}})
        for (const char* language : {"nl", "en"}) {
            CAPTURE(w);
            CAPTURE(language);
            UiHarness h(true, w, hgt);
            REQUIRE(h.app->screen() == ScreenId::Login);
            if (std::string(language) == "en") h.click("English");
            h.setTextSize(200);
            // A refused code's message too, the longest text the screen shows.
            h.loginByTyping("ZZZZ-ZZZZ");
            h.frames(2);
            // The message is said (in the kiosk's words: the harness may have no English catalogue).
            CHECK((h.has("Deze code kennen we niet. Kijk of je hem goed hebt getypt.", "text") ||
                   h.has("We do not know this code. Check that you typed it correctly.", "text")));
            checkInWindowApart(w, hgt, 5);  // title, field, Start, languages, Leerkracht, the message
        }
}

TEST_CASE("at 200 percent on 1024x600 the confirm step and the teacher's PIN screen stay in the window") {
    for (const auto& [w, hgt] : {std::pair{1024, 600}, std::pair{1366, 768}}) {
        CAPTURE(w);
        {
            UiHarness h(true, w, hgt);
            const auto pupil = h.pupilWithPlan("Sanne", {"m02-nepnieuws"});
            h.setTextSize(200);
            h.click("Jouw code");
            h.type(pupil.code);
            h.click("Start");
            h.frames(2);
            REQUIRE(h.has("Dit ben ik", "button"));
            checkInWindowApart(w, hgt, 5);  // the question, the name, class and number, two buttons
        }
        {
            UiHarness h(true, w, hgt);
            h.setTextSize(200);
            h.click("Leerkracht");
            h.click("Pincode");
            h.type("111111");  // a wrong PIN: its message too
            h.click("OK");
            h.frames(2);
            REQUIRE(h.app->screen() == ScreenId::Pin);
            checkInWindowApart(w, hgt, 3);
        }
    }
}

TEST_CASE("at 100 percent a refused code's message is said under the instruction - which stays") {
    UiHarness h;
    h.loginByTyping("ZZZZ-ZZZZ");
    h.frames(2);
    const auto* instruction = h.find("Typ de code die je van je leerkracht hebt gekregen.", "text");
    const auto* message = h.find("Deze code kennen we niet. Kijk of je hem goed hebt getypt.", "text");
    REQUIRE(instruction);
    REQUIRE(message);
    CHECK(instruction->max.y <= message->min.y);
    const auto* start = h.find("Start", "button");
    REQUIRE(start);
    CHECK(message->max.y <= start->min.y);
}

TEST_CASE("the accommodations dialog names the pupil - fits 1024x600 at 200 percent - and saves only a change") {
    UiHarness h(true, 1024, 600);
    h.openTeacherScreen();
    const auto pupil = h.core->school().pupils(h.core->school().classes().front().id).front();
    h.click(pupil.displayName, "link");
    REQUIRE(h.has("Aanpassingen voor deze leerling", "text"));
    // Text at 200% while the dialog is open (the kiosk's --text-size 200 on a small laptop).
    h.app->applyLook(dlk::Accommodations{200, false, 0});
    REQUIRE(h.app->prepareFonts(1024, 600));
    unsigned char* pixels;
    int tw, th;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
    h.frames(3);
    CHECK(h.has(pupil.displayName, "text"));  // the dialog says whose accommodations these are
    for (const char* button : {"Annuleren", "Opslaan"}) {
        const auto* n = h.find(button);
        CAPTURE(button);
        REQUIRE(n);
        CHECK(n->max.y <= 600);
        CHECK(n->max.x <= 1024);
        CHECK(n->min.x >= 0);
    }
    // Nothing changed: Opslaan does nothing and the dialog stays open.
    h.click("Opslaan");
    CHECK(h.has("Aanpassingen voor deze leerling", "text"));
    CHECK(h.core->school().findPupilByCode(pupil.code)->accommodations == pupil.accommodations);
    h.click("Annuleren");
    CHECK_FALSE(h.has("Aanpassingen voor deze leerling", "text"));
}

TEST_CASE("a pupil count that is no whole number is said and refused - never read as another number") {
    UiHarness h;
    h.openTeacherScreen();
    const size_t before = h.core->school().classes().size();
    h.click("Naam");
    h.type("Groep 6");
    // What ImGui's number field made of these: 2, 6, 25 (2^32 + 25 wrapped), and nothing.
    for (const std::string typed : {"2.5", "6-0", "4294967321", "twintig", "-3", ""}) {
        CAPTURE(typed);
        h.click("Of alleen codes, zonder namen. Aantal:");
        for (int i = 0; i < 12; ++i) h.key(dlk::test::kKeyBackspace);
        h.type(typed);
        h.frames(2);
        // Said as it is typed: under the field (and, after a refusal, as the screen's message too).
        CHECK(h.find("Kies een aantal van 1 tot 60 leerlingen.", "text", typed == "2.5" ? 0 : 1));
        h.click("Maak klas met codes");
        CHECK(h.core->school().classes().size() == before);
        // What was typed stays in the field as typed, to be put right.
        CHECK(h.has("Kies een aantal van 1 tot 60 leerlingen.", "text"));
    }
    h.click("Of alleen codes, zonder namen. Aantal:");
    h.type(" 7 ");  // spaces around a number are no mistake
    h.frames(2);
    // The hint under the field is gone; only the last refusal's message is still said, once.
    CHECK(h.find("Kies een aantal van 1 tot 60 leerlingen.", "text"));
    CHECK_FALSE(h.find("Kies een aantal van 1 tot 60 leerlingen.", "text", 1));
    h.click("Maak klas met codes");
    REQUIRE(h.core->school().classes().size() == before + 1);
    CHECK_FALSE(h.has("Kies een aantal van 1 tot 60 leerlingen.", "text"));
    for (const auto& c : h.core->school().classes())
        if (c.name == "Groep 6") CHECK(c.pupilCount == 7);
}
