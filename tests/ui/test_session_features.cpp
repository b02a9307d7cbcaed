// The pupil-session features through the UI, as a pupil and a teacher use them: flags on the
// progress dots and in the overview, the overview as a way to move and as the check before Klaar,
// the teacher's pause and resume behind the PIN, and the activity the teacher sees. What must be
// stored is checked in SQLite through a second connection.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "delivery/process_log.h"
#include "storage/database.h"
#include "ui/screens/item_screen.h"
#include "ui_harness.h"

using dlk::test::UiHarness;
using dlk::ui::ScreenId;

namespace {

std::string login(UiHarness& h, const std::string& name = "Test Leerling") {
    const auto cls = h.core->school().classes().front();
    const auto pupil = h.addPupils(cls.id, {name}).front();
    h.loginByTyping(pupil.code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    return pupil.code;
}

// The same database as after a restart: a new App over it, and the pupil logs in again.
void restartAndLogin(UiHarness& h, const std::string& code) {
    h.startApp();
    h.frames(2);
    REQUIRE(h.app->screen() == ScreenId::Login);
    h.loginByTyping(code);
    REQUIRE(h.app->screen() == ScreenId::Item);
}

// The button whose words start with `prefix` (an overview row: "3. <title> · ...").
const dlk::ui::A11yNode* startingWith(const std::string& prefix) {
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "button" && n.label.rfind(prefix, 0) == 0) return &n;
    return nullptr;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

void enterPin(UiHarness& h, const std::string& pin) {
    REQUIRE(h.app->screen() == ScreenId::Pin);
    h.click("Pincode");
    h.type(pin);
    h.click("OK");
}

// An answer to the current item with full marks, given as the item view would.
void answerCurrentItem(UiHarness& h) {
    dlk::ModuleSession& s = *h.app->session();
    std::mt19937_64 rng(7);
    for (const auto& [id, value] : dlk::simulateResponse(s.currentItem(), 1.0, rng))
        s.setResponse(id, value, h.clockMs);
    h.frames(2);
    REQUIRE(s.isAnswered(s.position()));
}

struct OnDisk {
    dlk::Database db;
    int64_t attempt;
    OnDisk(UiHarness& h) : db(h.core->databasePath()), attempt(h.app->session()->attemptId()) {}
    std::vector<std::string> flags() {
        std::vector<std::string> out;
        auto st = db.prepare("SELECT item_id FROM flags WHERE attempt_id=? ORDER BY item_id");
        st.bind(1, attempt);
        while (st.step()) out.push_back(st.getText(0));
        return out;
    }
    bool paused() {
        auto st = db.prepare("SELECT paused FROM attempts WHERE id=?");
        st.bind(1, attempt);
        REQUIRE(st.step());
        return st.getInt(0) != 0;
    }
    std::vector<dlk::ProcessEvent> events(dlk::EventKind kind) {
        std::vector<dlk::ProcessEvent> out;
        for (auto& e : dlk::loadEvents(db, attempt))
            if (e.kind == kind) out.push_back(e);
        return out;
    }
};

}  // namespace

TEST_CASE("the overview is used with the keyboard alone - Tab reaches every row and Enter goes to that item") {
    // Its rows were no Tab stops: Tab went from "Terug" to "Terug", so a pupil without a mouse
    // (and the arrows untried) could not pick an item from it.
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    REQUIRE(s.itemCount() >= 3);
    h.tabTo("Overzicht", "button");
    h.key(dlk::test::kKeyEnter);
    REQUIRE(h.has("Kies een vraag om ernaartoe te gaan."));
    const auto* row3 = startingWith("3. ");
    REQUIRE(row3);
    const std::string label = row3->label;
    h.tabTo(label, "button");
    h.key(dlk::test::kKeyEnter);
    CHECK_FALSE(h.has("Kies een vraag om ernaartoe te gaan."));
    CHECK(s.position() == 2);
    // Round the dialog again: every row is a stop, and so is Terug.
    h.tabTo("Overzicht", "button");
    h.key(dlk::test::kKeyEnter);
    std::vector<std::string> stops;
    for (size_t i = 0; i < s.itemCount() + 3; ++i) {
        h.key(dlk::test::kKeyTab);
        for (const auto& n : dlk::ui::a11yFrame())
            if (n.focused && std::find(stops.begin(), stops.end(), n.label) == stops.end()) stops.push_back(n.label);
    }
    CHECK(stops.size() == s.itemCount() + 1);
    CHECK(std::find(stops.begin(), stops.end(), "Terug") != stops.end());
}

TEST_CASE("a pupil flags an item - sees the flag on the progress dot and in the overview - and it survives a restart") {
    UiHarness h;
    const std::string code = login(h);
    dlk::ModuleSession& s = *h.app->session();
    REQUIRE(s.nonlinear());
    REQUIRE(s.itemCount() >= 3);
    const std::string first = s.currentItem().identifier;
    CHECK(h.has("Vraag 1: niet beantwoord"));
    h.click("Markeer");
    // The toggle says what it is now, the dot says it too, and the flag is on disk at once.
    CHECK(h.has("Gemarkeerd"));
    CHECK_FALSE(h.has("Markeer"));
    CHECK(h.has("Vraag 1: niet beantwoord, gemarkeerd"));
    CHECK(OnDisk(h).flags() == std::vector<std::string>{first});
    h.click("Volgende →");
    answerCurrentItem(h);
    CHECK(h.has("Markeer"));  // the next item is not flagged

    h.click("Overzicht");
    CHECK(h.has("Kies een vraag om ernaartoe te gaan."));
    const auto* row1 = startingWith("1. ");
    REQUIRE(row1);
    CHECK(contains(row1->label, "○ niet beantwoord"));
    CHECK(contains(row1->label, "gemarkeerd"));
    const auto* row2 = startingWith("2. ");
    REQUIRE(row2);
    CHECK(contains(row2->label, "✓ beantwoord"));
    CHECK_FALSE(contains(row2->label, "gemarkeerd"));
    // The item's title names the row, without the module and number it starts with ("Oefenen 2: ").
    const std::string title = s.itemAt(1).title;
    REQUIRE(title.find(" 2: ") != std::string::npos);
    CHECK(contains(row2->label, "2. " + title.substr(title.find(" 2: ") + 4) + " · "));
    CHECK_FALSE(contains(row2->label, title));
    h.click("Terug");
    CHECK_FALSE(h.has("Kies een vraag om ernaartoe te gaan."));
    CHECK(s.position() == 1);  // closing the overview goes nowhere
    // Opening the overview is process data, written within a few seconds.
    h.clockMs += dlk::ProcessLog::kFlushEveryMs;
    h.frames(2);
    {
        OnDisk disk(h);
        REQUIRE(disk.events(dlk::EventKind::Overview).size() == 1);
        CHECK(disk.events(dlk::EventKind::Overview)[0].detail == "via=button");
    }

    restartAndLogin(h, code);
    CHECK(h.has("Vraag 1: niet beantwoord, gemarkeerd"));
    h.click("Vraag 1: niet beantwoord, gemarkeerd");  // the dot is a way back to the item
    CHECK(h.app->session()->position() == 0);
    h.click("Gemarkeerd");
    CHECK(h.has("Markeer"));
    CHECK(OnDisk(h).flags().empty());
    // Each flag change is in the process data, written with the flag itself.
    CHECK(OnDisk(h).events(dlk::EventKind::Flag).size() == 2);
}

TEST_CASE("the overview goes to the item chosen and before Klaar it lists every item with its state") {
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    const size_t n = s.itemCount();
    REQUIRE(n >= 3);
    answerCurrentItem(h);
    h.click("Overzicht");
    const std::string third = "3. ";
    REQUIRE(startingWith(third));
    const std::string thirdRow = startingWith(third)->label;  // copied: the tree is rebuilt every frame
    h.click(thirdRow);
    CHECK(s.position() == 2);
    CHECK_FALSE(h.has("Kies een vraag om ernaartoe te gaan."));  // the overview closed
    auto moves = OnDisk(h).events(dlk::EventKind::Navigation);
    REQUIRE_FALSE(moves.empty());
    CHECK(moves.back().detail == "from=1 to=3 how=overview");

    // To the last item, then Klaar: the overview asks first and shows every item.
    char lastDot[64];
    std::snprintf(lastDot, sizeof lastDot, "Vraag %zu: niet beantwoord", n);
    h.click(lastDot);
    REQUIRE(s.position() == n - 1);
    h.click("Klaar ✓");
    CHECK(h.has("Ben je klaar?"));
    for (size_t i = 1; i <= n; ++i) CHECK_MESSAGE(startingWith(std::to_string(i) + ". "), i);
    CHECK(contains(startingWith("1. ")->label, "✓ beantwoord"));
    CHECK(contains(startingWith("2. ")->label, "○ niet beantwoord"));
    h.click("Nee, ga terug");
    CHECK_FALSE(h.has("Ben je klaar?"));
    CHECK_FALSE(s.finished());
    h.click("Klaar ✓");
    h.click("Ja, ik ben klaar");
    CHECK(h.app->screen() == ScreenId::Finish);
    CHECK(s.finished());
    OnDisk disk(h);
    REQUIRE_FALSE(disk.events(dlk::EventKind::Overview).empty());
    CHECK(disk.events(dlk::EventKind::Overview).back().detail == "via=finish");
    CHECK(disk.events(dlk::EventKind::Finish).size() == 1);
}

TEST_CASE("in linear navigation there is no flag button and the overview only shows") {
    // The bundled bank with every module made linear.
    namespace fs = std::filesystem;
    dlk::test::TempDir dir;
    const fs::path bank = dir.path() / "linear-bank";
    fs::copy(DLK_SOURCE_ITEMS, bank, fs::copy_options::recursive);
    int changed = 0;
    for (const auto& e : fs::recursive_directory_iterator(bank)) {
        if (!e.is_regular_file() || e.path().filename().string().rfind("module", 0) != 0) continue;
        std::ifstream in(e.path());
        std::stringstream ss;
        ss << in.rdbuf();
        std::string xml = ss.str();
        for (size_t at; (at = xml.find("navigation-mode=\"nonlinear\"")) != std::string::npos; ++changed)
            xml.replace(at, 27, "navigation-mode=\"linear\"");
        std::ofstream(e.path(), std::ios::trunc) << xml;
    }
    REQUIRE(changed > 0);
    UiHarness h(true, 1366, 768, bank.string());
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    REQUIRE_FALSE(s.nonlinear());
    CHECK_FALSE(h.has("Markeer"));
    CHECK_FALSE(h.has("Gemarkeerd"));
    h.click("Volgende →");
    h.click("Overzicht");
    REQUIRE(startingWith("1. "));
    const std::string firstRow = startingWith("1. ")->label;
    h.click(firstRow);  // no way back in linear navigation
    CHECK(s.position() == 1);
    CHECK_FALSE(h.has("Kies een vraag om ernaartoe te gaan."));
}

TEST_CASE(
    "the teacher pauses a pupil with the PIN - the clock stops and the item is hidden - and resumes with the PIN") {
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    answerCurrentItem(h);
    h.click("Leerkracht");
    enterPin(h, "246813");
    REQUIRE(h.app->screen() == ScreenId::TeacherMenu);
    CHECK(h.has("Deze leerling is bezig: de tijd loopt."));
    h.click("Pauzeer deze leerling");
    REQUIRE(h.app->screen() == ScreenId::Item);
    CHECK(s.paused());
    CHECK(OnDisk(h).paused());
    // The pupil sees the pause and nothing to answer or move with.
    CHECK(h.has("Pauze"));
    CHECK_FALSE(h.has("Volgende →"));
    CHECK_FALSE(h.has("Overzicht"));
    CHECK_FALSE(h.has("Markeer"));
    CHECK_FALSE(h.has("Vraag 1: beantwoord"));
    // Ten minutes pass, the kiosk waking every 30 s: the module clock does not move.
    const int64_t elapsed = s.elapsedMs();
    for (int i = 0; i < 20; ++i) {
        h.clockMs += 30000;
        h.frame();
    }
    CHECK(s.elapsedMs() == elapsed);

    h.click("Leerkracht");
    enterPin(h, "246813");
    REQUIRE(h.app->screen() == ScreenId::TeacherMenu);
    CHECK(h.has("Deze leerling heeft pauze: de tijd staat stil."));
    h.click("Laat de leerling verder werken");
    REQUIRE(h.app->screen() == ScreenId::Item);
    CHECK_FALSE(s.paused());
    CHECK_FALSE(OnDisk(h).paused());
    CHECK(h.has("Volgende →"));
    CHECK_FALSE(h.has("Pauze"));
    h.clockMs += 30000;
    h.frames(2);
    CHECK(s.elapsedMs() > elapsed + 29000);  // the clock runs again
    OnDisk disk(h);
    REQUIRE(disk.events(dlk::EventKind::Pause).size() == 1);
    REQUIRE(disk.events(dlk::EventKind::Resume).size() == 1);
    CHECK(disk.events(dlk::EventKind::Resume)[0].atMs - disk.events(dlk::EventKind::Pause)[0].atMs >= 600000);
}

TEST_CASE("a wrong PIN does not resume a paused pupil and the window's close action also opens the teacher menu") {
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    h.click("Overzicht");  // a pupil in the middle of something
    h.app->requestClose();
    h.frames(2);
    enterPin(h, "246813");
    REQUIRE(h.app->screen() == ScreenId::TeacherMenu);
    CHECK_FALSE(h.app->quitRequested());
    h.click("Pauzeer deze leerling");
    REQUIRE(s.paused());

    h.click("Leerkracht");
    enterPin(h, "135724");
    CHECK(h.app->screen() == ScreenId::Pin);
    CHECK(h.has("Deze pincode klopt niet."));
    h.click("Terug");
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK(h.has("Pauze"));
    CHECK(s.paused());
    CHECK(OnDisk(h).paused());
    // Escape on the PIN screen is no way out of the pause either.
    h.click("Leerkracht");
    h.key(dlk::test::kKeyEscape);
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK(s.paused());

    // The teacher menu can still close the kiosk.
    h.click("Leerkracht");
    enterPin(h, "246813");
    h.click("Kiosk afsluiten");
    CHECK(h.app->quitRequested());
}

TEST_CASE("after a restart a paused pupil comes back paused and the clock stays stopped") {
    UiHarness h;
    const std::string code = login(h);
    h.click("Leerkracht");
    enterPin(h, "246813");
    h.click("Pauzeer deze leerling");
    const int64_t elapsed = h.app->session()->elapsedMs();

    h.clockMs += 3600000;  // the kiosk was down for an hour
    restartAndLogin(h, code);
    dlk::ModuleSession& s = *h.app->session();
    CHECK(s.paused());
    CHECK(h.has("Pauze"));
    CHECK_FALSE(h.has("Volgende →"));
    for (int i = 0; i < 4; ++i) {
        h.clockMs += 30000;
        h.frame();
    }
    CHECK(s.elapsedMs() == elapsed);
    h.click("Leerkracht");
    enterPin(h, "246813");
    h.click("Laat de leerling verder werken");
    CHECK_FALSE(s.paused());
    CHECK(h.has("Volgende →"));
}

TEST_CASE("the teacher sees a pupil's activity and goes back to the pupil's item from the teacher screen") {
    UiHarness h;
    login(h, "Ilse Activiteit");
    if (h.app->session()->module().practice) {
        // The tutorial is practice: neither results nor activity count it. On to a measured module.
        REQUIRE(h.app->session()->finish(h.clockMs));
        h.app->go(ScreenId::Finish);
        h.frames(2);
        h.click("Verder →");
        REQUIRE(h.app->screen() == ScreenId::Item);
    }
    dlk::ModuleSession& s = *h.app->session();
    REQUIRE_FALSE(s.module().practice);
    h.clockMs += 20000;
    answerCurrentItem(h);
    h.click("Markeer");
    h.clockMs += 90000;  // away from the keyboard for a minute and a half
    h.click("Volgende →");
    h.clockMs += 15000;
    h.frames(2);

    h.click("Leerkracht");
    enterPin(h, "246813");
    h.click("Naar het leerkrachtscherm");
    REQUIRE(h.app->screen() == ScreenId::Teacher);
    h.frames(2);
    // The activity view: one row per pupil with time, changes, idle time, flags and pauses.
    h.click("Activiteit");
    std::vector<std::string> row;
    bool hers = false;
    for (const auto& node : dlk::ui::a11yFrame()) {
        if (node.role == "link" && node.label == "Ilse Activiteit")
            hers = true;
        else if (hers && node.role == "cell" && row.size() < 6)
            row.push_back(node.label);
    }
    REQUIRE(row.size() == 6);
    CHECK(row[0] == "bezig");
    CHECK(row[2] == "1");             // one answer change
    CHECK(row[3] == "2 min (1×)");    // 90 s without input, rounded
    CHECK(row[4] == "1 gemarkeerd");  // the flag mark and its number
    CHECK(row[5] == "–");             // no pauses
    h.click("Ilse Activiteit", "link");
    CHECK(h.has("Activiteit van Ilse Activiteit"));
    CHECK(h.has("Antwoorden gewijzigd: 1 keer"));
    CHECK(h.has("Nu gemarkeerd: 1"));
    CHECK(h.has(s.itemAt(0).title));  // the time per item, by title
    h.click("Sluiten");
    CHECK(h.app->screen() == ScreenId::Teacher);  // Escape or Sluiten closes the popup, not the screen
    h.click("Naar leerlingscherm");
    CHECK(h.app->screen() == ScreenId::Item);
    CHECK(s.position() == 1);
}

TEST_CASE("the item screen keeps Markeer and Overzicht on screen in a small window with large text") {
    UiHarness h(true, 1024, 600);
    const auto cls = h.core->school().classes().front();
    const auto pupil = h.addPupils(cls.id, {"Groot"}).front();
    h.core->school().setAccommodations(pupil.id, {200, false, 0});
    h.loginByTyping(pupil.code);
    REQUIRE(h.app->screen() == ScreenId::Item);
    REQUIRE(h.app->prepareFonts(1024, 600));
    h.frames(3);
    std::vector<const dlk::ui::A11yNode*> buttons;
    for (const char* label : {"← Vorige", "Markeer", "Overzicht", "Volgende →", "Leerkracht"}) {
        const auto* b = h.find(label, "button");
        REQUIRE_MESSAGE(b, label);
        CHECK(b->min.x >= 0);
        CHECK(b->max.x <= 1024);
        CHECK(b->max.y <= 600);
        buttons.push_back(b);
    }
    // No two bottom-bar buttons overlap.
    for (size_t i = 0; i < 4; ++i)
        for (size_t j = i + 1; j < 4; ++j) {
            CAPTURE(i);
            CAPTURE(j);
            const bool apart = buttons[i]->max.x <= buttons[j]->min.x || buttons[j]->max.x <= buttons[i]->min.x ||
                               buttons[i]->max.y <= buttons[j]->min.y || buttons[j]->max.y <= buttons[i]->min.y;
            CHECK(apart);
        }
}

TEST_CASE("the time a teacher spends at the PIN and the menu without pausing is not the pupil's") {
    UiHarness h;
    login(h);
    dlk::ModuleSession& s = *h.app->session();
    h.clockMs += 10000;
    h.frames(2);
    const int64_t before = s.elapsedMs();
    h.click("Leerkracht");
    // 50 s at the PIN screen and the menu, the kiosk waking now and then; then back, no pause.
    for (int i = 0; i < 5; ++i) {
        h.clockMs += 5000;
        h.frame();
    }
    enterPin(h, "246813");
    REQUIRE(h.app->screen() == ScreenId::TeacherMenu);
    h.clockMs += 25000;
    h.frames(2);
    h.click("Terug");
    REQUIRE(h.app->screen() == ScreenId::Item);
    h.frames(2);
    CHECK(s.elapsedMs() - before < 2000);  // only the frames around the clicks, not the 50 s
    h.clockMs += 30000;
    h.frames(2);
    CHECK(s.elapsedMs() - before > 29000);  // and on the item the clock runs again
}
