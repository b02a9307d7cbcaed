// The file manager's view (ui/sim/files_view.cpp) over a real item, session and SQLite file:
// driven by the mouse (clicks, double clicks, dragging onto a folder) and by the keyboard alone
// (Tab, Enter, typing), with what each action stores read back from disk, and laid out at 200%
// text on a small screen.
#include <doctest/doctest.h>

#include "qti/response_processing.h"
#include "widget_harness.h"

using dlk::test::WidgetHarness;

namespace {
const char* kItem = DLK_TEST_DATA "/sim/files.xml";

bool storedHas(const WidgetHarness& h, const std::string& rid, const std::string& text) {
    const auto v = h.stored(rid);
    return v && v->find(text) != std::string::npos;
}

double score(const WidgetHarness& h) {
    dlk::VariableMap r;
    for (const char* rid : {"RESPONSE", "PLACED", "NAMES", "PATHS", "COPIES"}) r[rid] = h.session->response(rid);
    return dlk::scoreOf(h.item(), r);
}

// The rows of the file list, top to bottom.
std::vector<std::string> rows() {
    std::vector<std::string> out;
    for (const auto& n : dlk::ui::a11yFrame())
        if (n.role == "row") out.push_back(n.label);
    return out;
}

void doubleClick(WidgetHarness& h, const std::string& label, const char* role) {
    const auto* n = h.find(label, role);
    REQUIRE_MESSAGE(n, label);
    const ImVec2 at = n->center();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    h.frame();
    for (int i = 0; i < 2; ++i) {
        io.MouseDown[0] = true;
        h.frame();
        io.MouseDown[0] = false;
        h.frame();
    }
    h.frames(2);
}
}  // namespace

TEST_CASE("files view: looks like a file manager - toolbar - path - tree with the bin - columns") {
    WidgetHarness h(kItem);
    CHECK(h.has("Zet alles in de goede map."));  // the interaction's prompt
    for (const char* b : {"Nieuwe map", "Naam wijzigen", "Verplaatsen naar…", "Kopiëren", "Plakken", "Verwijderen",
                          "Ongedaan maken", "Omhoog"})
        CHECK_MESSAGE(h.has(b, "button"), b);
    for (const char* f : {"Mijn bestanden", "Documenten", "School", "Afbeeldingen", "Downloads", "Prullenbak"})
        CHECK_MESSAGE(h.has(f, "treeitem"), f);
    CHECK(h.has("Downloads", "link"));  // the path: Mijn bestanden › Downloads
    for (const char* c : {"Naam", "Type", "Grootte", "Gewijzigd"}) CHECK_MESSAGE(h.has(c, "columnheader"), c);
    CHECK(rows() ==
          std::vector<std::string>{"bij-op-bloem (1).jpg", "bij-op-bloem.jpg", "IMG_2041.jpg", "spreekbeurt.docx"});
    // Sizes and dates as a Dutch file manager shows them.
    CHECK(h.has("1,2 MB", "cell"));
    CHECK(h.has("24 kB", "cell"));
    CHECK(h.has("2-3-2025 16:40", "cell"));
    CHECK(h.has("Afbeelding", "cell"));
    CHECK(h.has("4 items", "status"));
    // Wide enough: the tree is beside the list, not above it.
    const auto* tree = h.find("Documenten", "treeitem");
    const auto* row = h.find("IMG_2041.jpg", "row");
    REQUIRE(tree);
    REQUIRE(row);
    CHECK(tree->max.x < row->min.x);
    CHECK(h.response() == "NULL");  // looking is not answering
}

TEST_CASE("files view: the mouse - drag a file onto a folder - select and delete - open by double click") {
    WidgetHarness h(kItem);
    const auto* from = h.find("bij-op-bloem.jpg", "row");
    const auto* to = h.find("Afbeeldingen", "treeitem");
    REQUIRE(from);
    REQUIRE(to);
    h.dragAt(from->center(), to->center());
    CHECK(storedHas(h, "PLACED", "\"f1 pics\""));
    CHECK(rows() == std::vector<std::string>{"bij-op-bloem (1).jpg", "IMG_2041.jpg", "spreekbeurt.docx"});
    CHECK(score(h) == 1);
    // Select, then delete with the toolbar.
    h.click("bij-op-bloem (1).jpg", "row");
    CHECK(h.find("bij-op-bloem (1).jpg", "row")->selected);
    CHECK(h.has("3 items · bij-op-bloem (1).jpg geselecteerd", "status"));
    h.click("Verwijderen", "button");
    CHECK(storedHas(h, "PLACED", "\"f2 bin\""));
    CHECK(score(h) == 2);
    // A folder in the tree opens on a click; one in the list on a double click.
    h.click("Mijn bestanden", "treeitem");
    CHECK(h.find("Mijn bestanden", "treeitem")->selected);
    doubleClick(h, "Documenten", "row");
    CHECK(rows() == std::vector<std::string>{"School"});
    CHECK(h.has("Documenten", "link"));
    // Drag onto the bin.
    h.click("Downloads", "treeitem");
    h.dragAt(h.find("IMG_2041.jpg", "row")->center(), h.find("Prullenbak", "treeitem")->center());
    CHECK(storedHas(h, "PLACED", "\"f4 bin\""));
    CHECK(h.envEvents() == std::vector<std::string>{"files.move=f1:pics", "files.delete=f2", "files.open=home",
                                                    "files.open=docs", "files.open=downloads", "files.delete=f4"});
}

TEST_CASE("files view: the keyboard alone - select - move to a folder - rename - undo - new folder") {
    WidgetHarness h(kItem);
    // Tab to a file, Enter selects it; "Verplaatsen naar…" lists the folders to choose from.
    h.tabTo("bij-op-bloem.jpg", "row");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.find("bij-op-bloem.jpg", "row")->selected);
    h.tabTo("Verplaatsen naar…", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("Mijn bestanden › Afbeeldingen", "button"));
    h.tabTo("Mijn bestanden › Afbeeldingen", "button");
    h.key(WidgetHarness::kKeySpace);
    CHECK(storedHas(h, "PLACED", "\"f1 pics\""));
    CHECK_FALSE(h.has("Mijn bestanden › Afbeeldingen", "button"));  // the choice is gone again
    // Rename: the field takes the focus with the name selected; typing replaces it, Enter keeps it.
    h.tabTo("IMG_2041.jpg", "row");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Naam wijzigen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(2);
    const auto* field = h.find("Nieuwe naam", "textbox");
    REQUIRE(field);
    CHECK(field->focused);
    h.type("bijenkorf");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("bijenkorf.jpg", "row"));  // the extension kept
    CHECK(storedHas(h, "NAMES", "\"f4\":\"bijenkorf.jpg\""));
    CHECK(score(h) == 2);
    // Escape cancels a rename.
    h.tabTo("bijenkorf.jpg", "row");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Naam wijzigen", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(2);
    h.type("weg");
    h.key(WidgetHarness::kKeyEscape);
    CHECK(h.has("bijenkorf.jpg", "row"));
    CHECK_FALSE(h.has("Nieuwe naam", "textbox"));
    // Undo the rename.
    h.tabTo("Ongedaan maken", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("IMG_2041.jpg", "row"));
    CHECK(score(h) == 1);
    // A new folder, named at once, then the talk moved into it: in Documenten, named after bees.
    h.tabTo("Documenten", "treeitem");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Nieuwe map", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.frames(2);
    REQUIRE(h.find("Nieuwe naam", "textbox"));
    CHECK(h.find("Nieuwe naam", "textbox")->focused);
    h.type("Spreekbeurt bijen");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("Spreekbeurt bijen", "row"));
    CHECK(storedHas(h, "NAMES", "\"new1\":\"Spreekbeurt bijen\""));
    h.tabTo("Downloads", "treeitem");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("spreekbeurt.docx", "row");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Verplaatsen naar…", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Mijn bestanden › Documenten › Spreekbeurt bijen", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(storedHas(h, "PATHS", "\"f3\":\"home/docs/Spreekbeurt bijen\""));
    CHECK(score(h) == 2);
    const auto events = h.envEvents();
    CHECK(std::find(events.begin(), events.end(), "files.rename=f4") != events.end());
    CHECK(std::find(events.begin(), events.end(), "files.undo=rename") != events.end());
    CHECK(std::find(events.begin(), events.end(), "files.new-folder=docs") != events.end());
    CHECK(events.back() == "files.move=f3:new1");
    for (const std::string& e : events) CHECK_MESSAGE(e.find("bijen") == std::string::npos, e);  // never typed text
}

TEST_CASE("files view: copy and paste - sort by a header - search - restore from the bin") {
    WidgetHarness h(kItem);
    h.click("Mijn bestanden", "treeitem");
    h.click("gezoem.mp3", "row");
    h.click("Kopiëren", "button");
    CHECK(storedHas(h, "RESPONSE", "\"clipboard\":\"f5\""));
    h.click("School", "treeitem");
    h.click("Plakken", "button");
    CHECK(rows() == std::vector<std::string>{"gezoem.mp3"});
    CHECK(storedHas(h, "COPIES", "\"f5 school\""));
    // Sorting: a header sorts by its column, a second click the other way round.
    h.click("Downloads", "treeitem");
    h.click("Grootte", "columnheader");
    CHECK(rows() ==
          std::vector<std::string>{"spreekbeurt.docx", "bij-op-bloem (1).jpg", "bij-op-bloem.jpg", "IMG_2041.jpg"});
    h.click("Grootte", "columnheader");
    CHECK(storedHas(h, "RESPONSE", "\"sort\":\"size\",\"descending\":true"));
    CHECK(rows().front() == "IMG_2041.jpg");
    // Searching from home finds in every folder below; the list says where each one is.
    h.click("Mijn bestanden", "treeitem");
    h.click("Zoeken in Mijn bestanden", "textbox");
    h.type("BIJ");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(rows() == std::vector<std::string>{"bij-op-bloem.jpg", "bij-op-bloem (1).jpg"});
    CHECK(h.has("in Downloads", "cell"));
    CHECK(storedHas(h, "RESPONSE", "\"search\":\"BIJ\""));
    h.click("Zoeken wissen", "button");
    CHECK(rows().size() == 4);
    // Delete, then restore from the bin.
    h.click("Downloads", "treeitem");
    h.click("spreekbeurt.docx", "row");
    h.click("Verwijderen", "button");
    h.click("Prullenbak", "treeitem");
    CHECK(rows() == std::vector<std::string>{"spreekbeurt.docx"});
    CHECK(h.has("stond in Downloads", "cell"));
    CHECK(h.has("Terugzetten", "button"));
    h.click("spreekbeurt.docx", "row");
    h.click("Terugzetten", "button");
    CHECK(rows().empty());
    CHECK(h.has("Deze map is leeg."));
    CHECK(storedHas(h, "PATHS", "\"f3\":\"home/downloads\""));
}

TEST_CASE("files view: what cannot be done is said in words and stores nothing") {
    WidgetHarness h(kItem);
    // A button that needs a file first says so.
    h.click("Verwijderen", "button");
    CHECK(h.has("Klik eerst op een bestand of map."));
    CHECK(h.response() == "NULL");
    // A name the folder has already: refused, the field stays for another try.
    h.click("IMG_2041.jpg", "row");
    h.click("Naam wijzigen", "button");
    h.frames(2);
    h.type("bij-op-bloem");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(h.has("Er staat al iets met die naam in die map. Kies een andere naam."));
    CHECK(h.has("Nieuwe naam", "textbox"));
    CHECK(h.response() == "NULL");
    h.key(WidgetHarness::kKeyEscape);
    CHECK(h.has("IMG_2041.jpg", "row"));
    // A folder cannot go into itself.
    h.click("Mijn bestanden", "treeitem");
    h.dragAt(h.find("Documenten", "row")->center(), h.find("School", "treeitem")->center());
    CHECK(h.has("Een map kan niet in zichzelf."));
    CHECK(storedHas(h, "PLACED", "\"docs home\""));
    // Nor does "Verplaatsen naar…" offer a folder itself or a folder inside it.
    h.frames(30);  // not a double click with the press of the drag
    h.click("Documenten", "row");
    h.click("Verplaatsen naar…", "button");
    CHECK(h.has("Mijn bestanden › Downloads", "button"));
    CHECK(h.has("Mijn bestanden", "button"));
    CHECK_FALSE(h.has("Mijn bestanden › Documenten", "button"));
    CHECK_FALSE(h.has("Mijn bestanden › Documenten › School", "button"));
    h.click("Annuleren", "button");
    CHECK_FALSE(h.has("Mijn bestanden › Downloads", "button"));
    h.click("Documenten", "treeitem");
    CHECK(h.has("1 item", "status"));
    CHECK(h.envEvents() == std::vector<std::string>{"files.open=home", "files.open=docs"});
}

TEST_CASE("files view: a restart resumes the disk as the pupil left it") {
    WidgetHarness h(kItem);
    h.dragAt(h.find("bij-op-bloem.jpg", "row")->center(), h.find("Afbeeldingen", "treeitem")->center());
    h.click("Afbeeldingen", "treeitem");
    REQUIRE(rows() == std::vector<std::string>{"bij-op-bloem.jpg"});
    h.session.reset();
    h.session = std::make_unique<dlk::ModuleSession>(*h.store, h.module, h.pupilId, "nl", h.clockMs);
    h.state = {};
    h.frames(2);
    CHECK(rows() == std::vector<std::string>{"bij-op-bloem.jpg"});
    CHECK(h.find("Afbeeldingen", "treeitem")->selected);
    h.click("Ongedaan maken", "button");  // the undo history came back too
    CHECK(rows().empty());
}

TEST_CASE("files view: at 200 percent on 1366x768 the tree beside the list shows every folder's whole name") {
    // It was a fixed share of the width: "Docume…", "Afbeeldi…", "Mijn besta…".
    WidgetHarness h(kItem);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const float emPx = ImGui::GetFontSize();
    int folders = 0;
    for (const auto& n : dlk::ui::a11yFrame()) {
        if (n.role != "treeitem") continue;
        ++folders;
        // The name, its icon (1.9 em) and the padding (1.4 em) fit in the item.
        CHECK_MESSAGE(n.max.x - n.min.x >= ImGui::CalcTextSize(n.label.c_str()).x + 3.3f * emPx - 1, n.label);
    }
    CHECK(folders == 6);
    const auto* tree = h.find("Afbeeldingen", "treeitem");
    const auto* row = h.find("IMG_2041.jpg", "row");
    REQUIRE(tree);
    REQUIRE(row);
    CHECK(tree->max.x < row->min.x);  // still beside the list
    CHECK(row->max.x - row->min.x >= 16 * emPx);
}

TEST_CASE("files view: at 200 percent on 1024x600 the tree sits above the list and every control is big enough") {
    WidgetHarness h(kItem, 1024, 600);
    ImGui::GetIO().FontGlobalScale = 2.0f;
    dlk::ui::scaleStyleToFont(40.0f);
    h.frames(3);
    const float emPx = ImGui::GetFontSize();
    int controls = 0;
    for (const auto& n : dlk::ui::a11yFrame()) {
        if (n.role != "button" && n.role != "row" && n.role != "treeitem" && n.role != "columnheader" &&
            n.role != "link")
            continue;
        ++controls;
        CHECK_MESSAGE(n.max.y - n.min.y >= 2.5f * emPx - 1, n.label);
        CHECK_MESSAGE(n.max.x <= 1024, n.label);
        CHECK_MESSAGE(n.min.x >= 0, n.label);
    }
    CHECK(controls > 20);
    const auto* tree = h.find("Documenten", "treeitem");
    const auto* row = h.find("IMG_2041.jpg", "row");
    REQUIRE(tree);
    REQUIRE(row);
    CHECK(tree->max.y <= row->min.y);  // collapsed above the list
    // Columns that do not fit move under the name, and sorting by them stays possible.
    CHECK(h.has("Gewijzigd", "columnheader"));
    // The page is taller than the screen here: the keyboard scrolls to what has the focus.
    h.tabTo("Gewijzigd", "columnheader");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(storedHas(h, "RESPONSE", "\"sort\":\"modified\""));
    // Still usable: move a file to a folder.
    h.tabTo("bij-op-bloem.jpg", "row");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Verplaatsen naar…", "button");
    h.key(WidgetHarness::kKeyEnter);
    h.tabTo("Mijn bestanden › Afbeeldingen", "button");
    h.key(WidgetHarness::kKeyEnter);
    CHECK(storedHas(h, "PLACED", "\"f1 pics\""));
}
