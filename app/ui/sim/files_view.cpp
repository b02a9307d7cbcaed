// The file manager's view (model: app/core/sim/files), drawn like Explorer or Files: a toolbar,
// an address bar with the path and a search box, a folder tree (with the recycle bin) beside a
// list of files with clickable column headers, and a status line. In a narrow column (large
// text, a small screen) the tree becomes a row of folders above the list, and the columns that
// do not fit become a second line under each name.
//
// Mouse: click selects, a second click (or a double click) on a folder opens it, drag an item
// onto a folder (in the tree, the path, the list or the bin) to move it. Keyboard alone: every
// control is a Tab stop; Enter or Space does what a click does; "Verplaatsen naar…" shows the
// folders to move the selected item to (the keyboard twin of dragging); Delete deletes the item
// that has the focus. Renaming happens in the list: Enter keeps the name, Escape cancels.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/files/files.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "ui/widgets/wide_text.h"
#include "util/text.h"

namespace dlk::ui::views {

namespace {

using namespace sim::files;

constexpr const char* kDragType = "DLK_FILES_ITEM";

// ---- look

ImU32 mix(ImU32 a, ImU32 b, float t) {
    const ImVec4 x = ImGui::ColorConvertU32ToFloat4(a), y = ImGui::ColorConvertU32ToFloat4(b);
    return ImGui::ColorConvertFloat4ToU32(
        ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t, x.z + (y.z - x.z) * t, 1.0f));
}

float stroke() {
    return std::max(1.0f, em(0.07f));
}

// A sheet of paper with a folded corner, `s` high, in the box at `a`.
void sheet(ImDrawList* dl, ImVec2 a, float s, ImU32 fill, ImU32 ink) {
    const float w = s * 0.76f, x = a.x + (s - w) / 2, fold = s * 0.26f;
    const ImVec2 p[5] = {ImVec2(x, a.y), ImVec2(x + w - fold, a.y), ImVec2(x + w, a.y + fold), ImVec2(x + w, a.y + s),
                         ImVec2(x, a.y + s)};
    dl->AddConvexPolyFilled(p, 5, fill);
    dl->AddPolyline(p, 5, ink, ImDrawFlags_Closed, stroke());
    dl->AddLine(ImVec2(x + w - fold, a.y), ImVec2(x + w - fold, a.y + fold), ink, stroke());
    dl->AddLine(ImVec2(x + w - fold, a.y + fold), ImVec2(x + w, a.y + fold), ink, stroke());
}

// An icon for a type (or the home folder and the bin), `s` square at `a`, in palette colours.
enum class Glyph { Type, Home, Bin };
void icon(ImDrawList* dl, ImVec2 a, float s, FileType type, Glyph glyph = Glyph::Type) {
    const Palette& p = palette();
    const float t = stroke();
    const ImVec2 b(a.x + s, a.y + s);
    if (glyph == Glyph::Home) {
        const ImVec2 roof[3] = {ImVec2(a.x + s * 0.05f, a.y + s * 0.48f), ImVec2(a.x + s * 0.5f, a.y + s * 0.08f),
                                ImVec2(a.x + s * 0.95f, a.y + s * 0.48f)};
        dl->AddRectFilled(ImVec2(a.x + s * 0.18f, a.y + s * 0.42f), ImVec2(a.x + s * 0.82f, b.y - s * 0.06f),
                          mix(p.accent, p.surface, 0.75f));
        dl->AddRect(ImVec2(a.x + s * 0.18f, a.y + s * 0.42f), ImVec2(a.x + s * 0.82f, b.y - s * 0.06f), p.accent, 0, 0,
                    t);
        dl->AddPolyline(roof, 3, p.accent, 0, t * 1.5f);
        dl->AddRectFilled(ImVec2(a.x + s * 0.42f, a.y + s * 0.62f), ImVec2(a.x + s * 0.58f, b.y - s * 0.06f), p.accent);
        return;
    }
    if (glyph == Glyph::Bin) {
        const ImVec2 can[4] = {ImVec2(a.x + s * 0.2f, a.y + s * 0.28f), ImVec2(a.x + s * 0.8f, a.y + s * 0.28f),
                               ImVec2(a.x + s * 0.72f, b.y - s * 0.04f), ImVec2(a.x + s * 0.28f, b.y - s * 0.04f)};
        dl->AddConvexPolyFilled(can, 4, mix(p.mutedText, p.surface, 0.8f));
        dl->AddPolyline(can, 4, p.mutedText, ImDrawFlags_Closed, t);
        dl->AddLine(ImVec2(a.x + s * 0.12f, a.y + s * 0.2f), ImVec2(a.x + s * 0.88f, a.y + s * 0.2f), p.mutedText,
                    t * 1.5f);
        dl->AddLine(ImVec2(a.x + s * 0.4f, a.y + s * 0.1f), ImVec2(a.x + s * 0.6f, a.y + s * 0.1f), p.mutedText,
                    t * 1.5f);
        for (float f : {0.4f, 0.5f, 0.6f})
            dl->AddLine(ImVec2(a.x + s * f, a.y + s * 0.4f), ImVec2(a.x + s * f, b.y - s * 0.16f), p.mutedText, t);
        return;
    }
    switch (type) {
        case FileType::Folder: {
            const ImU32 fill = mix(p.focus, p.surface, 0.45f);
            dl->AddRectFilled(ImVec2(a.x, a.y + s * 0.12f), ImVec2(a.x + s * 0.45f, a.y + s * 0.32f), fill, s * 0.06f);
            dl->AddRect(ImVec2(a.x, a.y + s * 0.12f), ImVec2(a.x + s * 0.45f, a.y + s * 0.32f), p.warning, s * 0.06f, 0,
                        t);
            dl->AddRectFilled(ImVec2(a.x, a.y + s * 0.24f), ImVec2(b.x, b.y - s * 0.1f), fill, s * 0.08f);
            dl->AddRect(ImVec2(a.x, a.y + s * 0.24f), ImVec2(b.x, b.y - s * 0.1f), p.warning, s * 0.08f, 0, t);
            return;
        }
        case FileType::Picture: {
            sheet(dl, a, s, p.surface, p.mutedText);
            const ImVec2 m[3] = {ImVec2(a.x + s * 0.2f, a.y + s * 0.85f), ImVec2(a.x + s * 0.45f, a.y + s * 0.5f),
                                 ImVec2(a.x + s * 0.7f, a.y + s * 0.85f)};
            dl->AddTriangleFilled(m[0], m[1], m[2], p.accent);
            dl->AddCircleFilled(ImVec2(a.x + s * 0.6f, a.y + s * 0.42f), s * 0.09f, p.focus);
            return;
        }
        case FileType::Video: {
            dl->AddRectFilled(ImVec2(a.x + s * 0.05f, a.y + s * 0.18f), ImVec2(b.x - s * 0.05f, b.y - s * 0.18f),
                              p.text, s * 0.08f);
            dl->AddTriangleFilled(ImVec2(a.x + s * 0.4f, a.y + s * 0.34f), ImVec2(a.x + s * 0.4f, b.y - s * 0.34f),
                                  ImVec2(a.x + s * 0.66f, a.y + s * 0.5f), p.surface);
            return;
        }
        case FileType::Sound: {
            dl->AddCircleFilled(ImVec2(a.x + s * 0.32f, a.y + s * 0.76f), s * 0.14f, p.accent);
            dl->AddCircleFilled(ImVec2(a.x + s * 0.74f, a.y + s * 0.66f), s * 0.14f, p.accent);
            dl->AddLine(ImVec2(a.x + s * 0.45f, a.y + s * 0.76f), ImVec2(a.x + s * 0.45f, a.y + s * 0.14f), p.accent,
                        t * 1.6f);
            dl->AddLine(ImVec2(a.x + s * 0.87f, a.y + s * 0.66f), ImVec2(a.x + s * 0.87f, a.y + s * 0.06f), p.accent,
                        t * 1.6f);
            dl->AddLine(ImVec2(a.x + s * 0.45f, a.y + s * 0.14f), ImVec2(a.x + s * 0.87f, a.y + s * 0.06f), p.accent,
                        t * 3.0f);
            return;
        }
        default:
            break;
    }
    sheet(dl, a, s, p.surface, p.mutedText);
    const float x0 = a.x + s * 0.24f, x1 = a.x + s * 0.76f;
    switch (type) {
        case FileType::Spreadsheet:
            for (float f : {0.36f, 0.52f, 0.68f, 0.84f})
                dl->AddLine(ImVec2(x0, a.y + s * f), ImVec2(x1, a.y + s * f), p.accent, t);
            dl->AddLine(ImVec2(a.x + s * 0.45f, a.y + s * 0.36f), ImVec2(a.x + s * 0.45f, a.y + s * 0.84f), p.accent,
                        t);
            break;
        case FileType::Presentation:
            for (int i = 0; i < 3; ++i) {
                const float x = x0 + s * 0.04f + static_cast<float>(i) * s * 0.16f;
                dl->AddRectFilled(ImVec2(x, a.y + s * (0.8f - 0.14f * static_cast<float>(i + 1))),
                                  ImVec2(x + s * 0.1f, a.y + s * 0.84f), p.accent);
            }
            break;
        case FileType::Pdf:
            dl->AddRectFilled(ImVec2(a.x + s * 0.12f, a.y + s * 0.5f), ImVec2(a.x + s * 0.7f, a.y + s * 0.72f),
                              p.danger);
            break;
        case FileType::Archive:
            for (float f = 0.12f; f < 0.9f; f += 0.12f)
                dl->AddLine(ImVec2(a.x + s * 0.47f, a.y + s * f), ImVec2(a.x + s * 0.55f, a.y + s * f), p.text, t);
            break;
        case FileType::Document:
            for (float f : {0.42f, 0.56f, 0.7f, 0.84f})
                dl->AddLine(ImVec2(x0, a.y + s * f), ImVec2(f > 0.8f ? x0 + (x1 - x0) * 0.6f : x1, a.y + s * f),
                            p.accent, t);
            break;
        default:
            break;
    }
}

// ---- words

const char* typeWords(FileType t) {
    switch (t) {
        case FileType::Folder:
            return tr("Map");
        case FileType::Document:
            return tr("Document");
        case FileType::Spreadsheet:
            return tr("Werkblad");
        case FileType::Presentation:
            return tr("Presentatie");
        case FileType::Pdf:
            return tr("PDF-bestand");
        case FileType::Picture:
            return tr("Afbeelding");
        case FileType::Video:
            return tr("Video");
        case FileType::Sound:
            return tr("Geluid");
        case FileType::Archive:
            return tr("Zip-bestand");
        case FileType::Other:
            return tr("Bestand");
    }
    return "";
}

const char* problemWords(Problem p) {
    switch (p) {
        case Problem::NameTaken:
            return tr("Er staat al iets met die naam in die map. Kies een andere naam.");
        case Problem::BadName:
            return tr("Een naam mag niet leeg zijn en geen \\ / : * ? \" < > | bevatten.");
        case Problem::IntoItself:
            return tr("Een map kan niet in zichzelf.");
        case Problem::ParentInBin:
            return tr("De map waar dit stond, ligt in de prullenbak. Zet die map eerst terug.");
        case Problem::InBin:
            return tr("Dat kan niet met iets in de prullenbak. Zet het eerst terug.");
        case Problem::TooMany:
            return tr("Je hebt te veel nieuwe mappen en kopieën gemaakt.");
        case Problem::NothingCopied:
            return tr("Kopieer eerst een bestand of map.");
        case Problem::NothingToUndo:
            return tr("Er is niets om ongedaan te maken.");
        case Problem::NotFound:
            return tr("Dat kan hier niet.");
        case Problem::None:
            break;
    }
    return "";
}

// 1,2 MB in Dutch, 1.2 MB in English; kB rounded up, as Explorer shows them.
std::string sizeWords(int64_t bytes, bool comma) {
    if (bytes < 0) return {};
    char buf[32];
    const double mb = 1024.0 * 1024.0;
    if (bytes < 1024 * 1024) {
        std::snprintf(buf, sizeof buf, "%lld kB", static_cast<long long>((bytes + 1023) / 1024));
    } else {
        const bool giga = static_cast<double>(bytes) >= 1024 * mb;
        std::snprintf(buf, sizeof buf, "%.1f %s", static_cast<double>(bytes) / (giga ? 1024 * mb : mb),
                      giga ? "GB" : "MB");
    }
    std::string s = buf;
    if (comma) std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// 2-3-2025 16:40 in Dutch, 02/03/2025 16:40 in English (without the time when `withTime` is off).
std::string dateWords(const std::string& iso, bool dutch, bool withTime = true) {
    if (iso.size() < 10) return iso;
    const int day = std::stoi(iso.substr(8, 2)), month = std::stoi(iso.substr(5, 2));
    char buf[32];
    if (dutch)
        std::snprintf(buf, sizeof buf, "%d-%d-%s", day, month, iso.substr(0, 4).c_str());
    else
        std::snprintf(buf, sizeof buf, "%02d/%02d/%s", day, month, iso.substr(0, 4).c_str());
    std::string s = buf;
    if (withTime && iso.size() >= 16) s += " " + iso.substr(11, 5);
    return s;
}

// `text` cut to `width` with an ellipsis.
std::string fitted(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string cut = text;
    while (!cut.empty() && ImGui::CalcTextSize((cut + "…").c_str()).x > width) {
        cut.pop_back();
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
        if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) cut.pop_back();
    }
    return cut + "…";
}

// ---- controls

// A flat button of the file manager: optional icon and words, a Tab stop with a focus ring.
// A control that cannot act now looks faded but stays a Tab stop (and says why when pressed).
struct Flat {
    const char* id;
    std::string words;
    std::optional<FileType> type;
    Glyph glyph = Glyph::Type;
    bool enabled = true;
    bool current = false;         // the open folder, the sorted column
    const char* drawn = nullptr;  // drawn instead of the words (an arrow), which stay its label
    float width = 0;              // 0: as wide as its words
    float height = 0;             // 0: 2.6 em
    const char* role = "button";
};

float flatWidth(const Flat& f) {
    if (f.width > 0) return f.width;
    const float iconW = f.type || f.glyph != Glyph::Type ? em(1.9f) : 0.0f;
    return ImGui::CalcTextSize(f.drawn ? f.drawn : f.words.c_str()).x + iconW + em(1.4f);
}

bool flat(const Flat& f, bool* dropped = nullptr, std::string* droppedId = nullptr) {
    const Palette& p = palette();
    const ImVec2 size(flatWidth(f), f.height > 0 ? f.height : em(2.6f));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = kit::tabStopButton(f.id, size);
    a11yRecord(f.role, f.words, f.current);
    if (dropped)
        if (auto payload = kit::acceptDragPayload(kDragType)) {
            *dropped = true;
            *droppedId = *payload;
        }
    const bool hovered = ImGui::IsItemHovered();
    const bool dragOver =
        dropped && ImGui::GetDragDropPayload() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    if (f.current || hovered || dragOver) dl->AddRectFilled(pos, end, p.selected, em(0.25f));
    if (dragOver) dl->AddRect(pos, end, p.accent, em(0.25f), 0, std::max(2.0f, em(0.12f)));
    float x = pos.x + em(0.7f);
    const ImU32 ink = f.enabled ? p.text : mix(p.mutedText, p.surface, 0.35f);
    if (f.type || f.glyph != Glyph::Type) {
        const float s = em(1.3f);
        icon(dl, ImVec2(x, pos.y + (size.y - s) / 2), s, f.type.value_or(FileType::Folder), f.glyph);
        x += em(1.9f);
    }
    const float textW = end.x - x - em(0.5f);
    const std::string shown = fitted(f.drawn ? f.drawn : f.words, std::max(em(2), textW));
    dl->AddText(ImVec2(x, pos.y + (size.y - ImGui::GetFontSize()) / 2), ink, shown.c_str());
    focusRing();
    return pressed;
}

// Lays flats out left to right within [left, left + width), wrapping; returns the bottom.
struct Flow {
    float left, width, y, rowH;
    float x = 0;
    void start() { x = left; }
    ImVec2 place(float w) {
        if (x > left && x + w > left + width) {
            x = left;
            y += rowH + em(0.3f);
        }
        const ImVec2 at(x, y);
        x += w + em(0.3f);
        return at;
    }
};

// ---- the view's own memory between frames (ItemViewState::textBuffers)

struct Memory {
    std::map<std::string, std::string>& bag;
    std::string key;
    std::string& operator[](const char* name) { return bag[key + name]; }
};

struct Pending {
    sim::Action action;
    Outcome outcome;
};

std::string folderWords(const State& s, const std::string& id) {
    if (id == kHome) return tr("Mijn bestanden");
    if (id == kBin) return tr("Prullenbak");
    const Node* n = find(s, id);
    return n ? n->name : id;
}

// The folders of the tree in tree order, with their depth: home, then each folder (by name)
// followed by what is in it.
// A folder of the tree (beside the list or in a row above it), at its words' width.
Flat treeItem(const State& s, const std::string& id) {
    Flat f{id.c_str(),   folderWords(s, id),
           std::nullopt, id == kHome ? Glyph::Home : id == kBin ? Glyph::Bin : Glyph::Type,
           true,         id == s.open};
    if (f.glyph == Glyph::Type) f.type = FileType::Folder;
    f.role = "treeitem";
    return f;
}

void treeOrder(const State& s, const std::string& folder, int depth, std::vector<std::pair<std::string, int>>& out) {
    out.emplace_back(folder, depth);
    std::vector<const Node*> sub;
    for (const Node* n : children(s, folder))
        if (n->folder()) sub.push_back(n);
    std::stable_sort(sub.begin(), sub.end(),
                     [](const Node* a, const Node* b) { return toLowerLatin(a->name) < toLowerLatin(b->name); });
    for (const Node* n : sub)
        if (depth < 12) treeOrder(s, n->id, depth + 1, out);
}

}  // namespace

void files(EnvironmentContext& ctx) {
    const auto& sc = static_cast<const FilesScenario&>(ctx.scenario);
    const State s = fromResponse(sc, ctx.response.current());
    const bool dutch = ctx.view.session().variant().language != "en";
    const Palette& p = palette();
    Memory mem{ctx.view.state().textBuffers, ctx.response.stateKey() + "#files."};
    std::string& sel = mem["selected"];
    std::string& renaming = mem["renaming"];
    std::string& renameText = mem["rename-text"];
    std::string& moving = mem["moving"];
    std::string& message = mem["message"];
    std::string& searchText = mem["search"];
    const bool inBinView = s.open == kBin;

    std::optional<Pending> pending;
    auto want = [&](const char* name, const std::string& argument, Outcome outcome) {
        if (!pending) pending = Pending{sim::Action{name, argument}, std::move(outcome)};
    };
    auto openFolder = [&](const std::string& id) { want("open", id, open(s, id)); };
    auto moveTo = [&](const std::string& id, const std::string& target) {
        if (target == kBin)
            want("delete", id, remove(s, id));
        else
            want("move", id + ":" + target, move(s, id, target));
    };

    // What the list shows: while the search box is being typed in, what it holds so far.
    const bool searchActive = mem["search-active"] == "1";
    if (!searchActive) searchText = s.search;
    State shown = s;
    shown.search = trim(searchText);
    const std::vector<const Node*> items = listing(shown);
    if (!sel.empty() && std::none_of(items.begin(), items.end(), [&](const Node* n) { return n->id == sel; }))
        sel.clear();
    if (!renaming.empty() && renaming != sel) renaming.clear();
    if (!moving.empty() && (!find(s, moving) || moving != sel)) moving.clear();
    const Node* selected = sel.empty() ? nullptr : find(s, sel);

    const float left = ctx.view.left(), width = ctx.view.width();
    ImGui::SetCursorPosX(left);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float x0 = origin.x, pad = em(0.4f), gap = em(0.3f), rowH = em(2.6f);
    std::vector<std::pair<std::string, int>> folders;  // the tree: each folder with its depth
    treeOrder(s, std::string(kHome), 0, folders);
    folders.emplace_back(std::string(kBin), 0);
    // The tree beside the list is as wide as its longest name needs (indent and icon included),
    // up to 45% of the width, so that "Documenten" is never "Docume…" at large text; when the list
    // would keep less than 17 em beside it, the folders go in a row above the list instead.
    auto indentOf = [](int depth) { return em(0.9f) * static_cast<float>(std::min(depth, 6)); };
    float treeNeed = em(9.5f);
    for (const auto& [id, depth] : folders)
        treeNeed = std::max(treeNeed, indentOf(depth) + flatWidth(treeItem(s, id)) + 2 * pad);
    const float besideW = std::min(treeNeed, std::max(em(9.5f), width * 0.45f));
    const bool wide = width >= em(30) && width - besideW >= em(17);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::PushID("files");

    // ---- the toolbar
    const float toolbarTop = origin.y;
    Flow flow{x0 + pad, width - 2 * pad, toolbarTop + pad, rowH};
    flow.start();
    auto tool = [&](Flat f, auto&& run, const char* whyNot) {
        const ImVec2 at = flow.place(flatWidth(f));
        ImGui::SetCursorScreenPos(at);
        if (flat(f)) {
            if (f.enabled)
                run();
            else
                message = whyNot;
        }
    };
    const char* pickFirst = tr("Klik eerst op een bestand of map.");
    tool(
        Flat{"##new", tr("Nieuwe map"), FileType::Folder, Glyph::Type, !inBinView},
        [&] {
            const Outcome o = newFolder(sc, s, s.open, tr("Nieuwe map"));
            want("new-folder", s.open, o);
            if (o.changed()) {
                sel = renaming = o.id;
                renameText = find(o.state, o.id)->name;
                mem["rename-focus"] = "1";
            }
        },
        problemWords(Problem::InBin));
    tool(
        Flat{"##rename", tr("Naam wijzigen"), std::nullopt, Glyph::Type, selected && !inBinView},
        [&] {
            renaming = sel;
            renameText = selected->name;
            mem["rename-focus"] = "1";
            message.clear();
        },
        selected ? problemWords(Problem::InBin) : pickFirst);
    tool(
        Flat{"##move", tr("Verplaatsen naar…"), std::nullopt, Glyph::Type, selected != nullptr},
        [&] { moving = moving.empty() ? sel : std::string(); }, pickFirst);
    tool(
        Flat{"##copy", tr("Kopiëren"), std::nullopt, Glyph::Type, selected && !inBinView},
        [&] { want("copy", sel, copy(s, sel)); }, selected ? problemWords(Problem::InBin) : pickFirst);
    tool(
        Flat{"##paste", tr("Plakken"), std::nullopt, Glyph::Type, !s.clipboard.empty() && !inBinView},
        [&] { want("paste", s.open, paste(s, s.open)); },
        inBinView ? problemWords(Problem::InBin) : problemWords(Problem::NothingCopied));
    if (inBinView)
        tool(
            Flat{"##restore", tr("Terugzetten"), std::nullopt, Glyph::Bin, selected != nullptr},
            [&] { want("restore", sel, restore(s, sel)); }, pickFirst);
    else
        tool(
            Flat{"##delete", tr("Verwijderen"), std::nullopt, Glyph::Bin, selected != nullptr},
            [&] { want("delete", sel, remove(s, sel)); }, pickFirst);
    tool(
        Flat{"##undo", tr("Ongedaan maken"), std::nullopt, Glyph::Type, !s.undo.empty()},
        [&] { want("undo", undoKind(s), undo(s)); }, problemWords(Problem::NothingToUndo));
    const float toolbarBottom = flow.y + rowH + pad;

    // ---- "move to": the folders the selected item can go to (the keyboard twin of dragging)
    float y = toolbarBottom + gap;
    float moveTop = 0, moveBottom = 0;
    if (!moving.empty() && selected) {
        moveTop = y;
        ImGui::SetCursorScreenPos(ImVec2(x0 + pad, y + pad));
        wrappedText(kit::format(tr("Verplaatsen naar: kies een map voor %s."), selected->name), nullptr, 0,
                    width - 2 * pad);
        Flow targets{x0 + pad, width - 2 * pad, ImGui::GetCursorScreenPos().y, rowH};
        targets.start();
        for (const auto& [id, depth] : folders) {
            if (id == kBin) continue;  // Verwijderen puts a thing in the bin, not moving
            const std::vector<std::string> path = pathTo(s, id);
            if (selected->folder() && std::find(path.begin(), path.end(), sel) != path.end())
                continue;  // not into itself or a folder inside it
            std::string words;
            for (const std::string& part : path) words += (words.empty() ? "" : " › ") + folderWords(s, part);
            Flat f{id.c_str(),
                   words,
                   FileType::Folder,
                   id == kHome ? Glyph::Home : Glyph::Type,
                   true,
                   id == selected->parent};
            ImGui::PushID("target");
            ImGui::SetCursorScreenPos(targets.place(flatWidth(f)));
            if (flat(f)) {
                moveTo(sel, id);
                moving.clear();
            }
            ImGui::PopID();
        }
        ImGui::SetCursorScreenPos(targets.place(flatWidth(Flat{"##cancel", tr("Annuleren"), std::nullopt})));
        if (flat(Flat{"##cancel", tr("Annuleren"), std::nullopt})) moving.clear();
        moveBottom = targets.y + rowH + pad;
        y = moveBottom + gap;
    }

    // ---- the address bar: up, the path, the search box
    const float addressTop = y;
    const float searchW = std::clamp(width * 0.32f, em(9), em(13));
    const bool searchBeside = width - searchW >= em(22);
    const float pathRight = searchBeside ? x0 + width - searchW - gap : x0 + width;
    Flow path{x0 + pad, pathRight - x0 - pad, y + pad, rowH};
    path.start();
    {
        const std::vector<std::string> parts = pathTo(s, s.open);
        const std::string up = parts.size() >= 2 ? parts[parts.size() - 2] : std::string();
        ImGui::SetCursorScreenPos(
            path.place(flatWidth(Flat{"##up", tr("Omhoog"), std::nullopt, Glyph::Type, !up.empty(), false, "↑"})));
        if (flat(Flat{"##up", tr("Omhoog"), std::nullopt, Glyph::Type, !up.empty(), false, "↑"}) && !up.empty())
            openFolder(up);
        const float pathLeft = path.x;
        for (size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) {
                const ImVec2 at = path.place(em(0.8f));
                dl->AddText(ImVec2(at.x, at.y + (rowH - ImGui::GetFontSize()) / 2), p.mutedText, "›");
            }
            const std::string& id = parts[i];
            Flat f{id.c_str(),   folderWords(s, id),
                   std::nullopt, id == kHome ? Glyph::Home : id == kBin ? Glyph::Bin : Glyph::Type,
                   true,         i + 1 == parts.size()};
            if (f.glyph == Glyph::Type) f.type = FileType::Folder;
            f.role = "link";
            ImGui::PushID("crumb");
            ImGui::SetCursorScreenPos(path.place(flatWidth(f)));
            bool dropped = false;
            std::string what;
            if (flat(f, &dropped, &what) && i + 1 < parts.size()) openFolder(id);
            if (dropped) moveTo(what, id);
            ImGui::PopID();
        }
        // The path's box, like an address field.
        dl->ChannelsSetCurrent(0);
        dl->AddRectFilled(ImVec2(pathLeft - em(0.15f), path.y - em(0.1f)),
                          ImVec2(pathRight - em(0.1f), path.y + rowH + em(0.1f)), p.surface, em(0.25f));
        dl->AddRect(ImVec2(pathLeft - em(0.15f), path.y - em(0.1f)),
                    ImVec2(pathRight - em(0.1f), path.y + rowH + em(0.1f)), p.border, em(0.25f));
        dl->ChannelsSetCurrent(1);
    }
    float searchY = path.y;
    if (!searchBeside) searchY = path.y + rowH + gap;
    {
        const float x = searchBeside ? x0 + width - searchW - pad + gap : x0 + pad;
        const float w = searchBeside ? searchW - gap : width - 2 * pad;
        const bool clearable = !s.search.empty();
        const float clearW = clearable ? em(2.6f) : 0.0f;
        ImGui::SetCursorScreenPos(ImVec2(x, searchY));
        ImGui::SetNextItemWidth(w - clearW - (clearable ? gap : 0));
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(em(0.5f), (rowH - ImGui::GetFontSize()) / 2));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, em(0.06f)));
        const std::string hint = kit::format(tr("Zoeken in %s"), folderWords(s, s.open));
        ImGui::PushStyleColor(ImGuiCol_TextDisabled, hintColor());  // a hint, never like typed text
        const bool enter =
            inputUtf8Text("##search", searchText, kMaxSearchBytes, ImGuiInputTextFlags_EnterReturnsTrue, hint.c_str());
        ImGui::PopStyleColor();
        ImGui::PopStyleVar(2);
        a11yRecord("textbox", hint);
        focusRing();
        mem["search-active"] = ImGui::IsItemActive() ? "1" : "";
        if ((enter || ImGui::IsItemDeactivated()) && trim(searchText) != s.search)
            want("search", "", search(s, searchText));
        if (clearable) {
            ImGui::SetCursorScreenPos(ImVec2(x + w - clearW, searchY));
            if (flat(Flat{"##clear", tr("Zoeken wissen"), std::nullopt, Glyph::Type, true, false, "×", clearW})) {
                searchText.clear();
                want("search", "", search(s, ""));
            }
        }
    }
    const float addressBottom = std::max(path.y, searchY) + rowH + pad;

    // ---- the folder tree (beside the list), or a row of folders above it when narrow
    y = addressBottom + gap;
    const float bodyTop = y;
    const float treeW = wide ? besideW : width;
    float treeBottom = y;
    {
        Flow chips{x0 + pad, width - 2 * pad, y + pad, rowH};
        chips.start();
        float ty = y + pad;
        for (const auto& [id, depth] : folders) {
            Flat f = treeItem(s, id);
            ImGui::PushID("tree");
            if (wide) {
                const float indent = indentOf(depth);
                if (id == kBin) ty += em(0.6f);  // the bin apart, at the bottom
                f.width = treeW - 2 * pad - indent;
                f.height = em(2.5f);
                ImGui::SetCursorScreenPos(ImVec2(x0 + pad + indent, ty));
                ty += f.height;
            } else {
                ImGui::SetCursorScreenPos(chips.place(flatWidth(f)));
            }
            bool dropped = false;
            std::string what;
            if (flat(f, &dropped, &what) && id != s.open) openFolder(id);
            if (dropped) moveTo(what, id);
            ImGui::PopID();
        }
        treeBottom = wide ? ty + pad : chips.y + rowH + pad;
    }

    // ---- the list: column headers, then a row per item
    const float listLeft = wide ? x0 + treeW : x0;
    const float listW = wide ? width - treeW : width;
    y = wide ? bodyTop : treeBottom + gap;
    const float listTop = y;
    const float inner = listW - 2 * pad;
    // Which columns fit beside the name (at least 9 em); the rest go under the name.
    const Column columns[3] = {Column::Type, Column::Size, Column::Modified};
    const char* headerWords[4] = {tr("Naam"), tr("Type"), tr("Grootte"), tr("Gewijzigd")};
    bool withTime = true;
    auto cellText = [&](const Node& n, Column c) -> std::string {
        switch (c) {
            case Column::Type:
                return typeWords(n.type);
            case Column::Size:
                return sizeWords(n.bytes, dutch);
            case Column::Modified:
                return n.modified.empty() ? std::string() : dateWords(n.modified, dutch, withTime);
            case Column::Name:
                return n.name;
        }
        return {};
    };
    float colW[4] = {0, 0, 0, 0};
    bool visible[4] = {true, false, false, false};
    float nameW = inner;
    auto naturalWidth = [&](Column c) {
        float w = ImGui::CalcTextSize(headerWords[static_cast<int>(c)]).x + em(1.8f);
        for (const Node* n : items) w = std::max(w, ImGui::CalcTextSize(cellText(*n, c).c_str()).x + em(1.1f));
        return w;
    };
    // The names matter most (a duplicate differs by "(1)" at the end): the name column keeps room
    // for the longest name, up to 16 em, before another column gets a place beside it.
    float nameNeed = em(9);
    for (const Node* n : items)
        nameNeed = std::max(nameNeed, ImGui::CalcTextSize(n->name.c_str()).x + em(0.9f) + em(1.35f) + em(1.1f));
    nameNeed = std::min(nameNeed, em(16));
    for (Column c : columns) {
        const int i = static_cast<int>(c);
        float w = naturalWidth(c);
        if (c == Column::Modified && nameW - w < nameNeed) {
            withTime = false;  // the date alone, when the time does not fit
            w = naturalWidth(c);
        }
        if (nameW - w >= nameNeed) {
            colW[i] = w;
            visible[i] = true;
            nameW -= w;
        } else if (c == Column::Modified) {
            withTime = true;  // under the name there is room for it
        }
    }
    colW[0] = nameW;
    const bool allVisible = visible[1] && visible[2] && visible[3];
    ImGui::SetCursorScreenPos(ImVec2(listLeft + pad, y + pad));
    if (!shown.search.empty()) {
        wrappedText(kit::format(tr("Zoekresultaten in %s"), folderWords(s, s.open)), nullptr, p.mutedText, inner);
    }
    y = ImGui::GetCursorScreenPos().y;
    {
        // A header per column over it; the header of a column shown under the names goes in the
        // name column after Naam, and when even that does not fit, the headers wrap as buttons
        // after "Sorteren op:".
        std::string drawn[4];
        auto header = [&](int i, float w) {
            const bool sorted = static_cast<int>(s.sort) == i;
            drawn[i] = headerWords[i];
            if (sorted) drawn[i] += s.descending ? " ▼" : " ▲";
            Flat f{headerWords[i], headerWords[i], std::nullopt, Glyph::Type, true, sorted, nullptr, w, em(2.5f)};
            f.drawn = drawn[i].c_str();
            f.role = "columnheader";
            return f;
        };
        bool aligned = allVisible;
        if (!allVisible) {
            float need = 0;
            for (int i = 0; i < 4; ++i)
                if (i == 0 || !visible[i]) need += flatWidth(header(i, 0)) + gap;
            aligned = need <= colW[0];
        }
        Flow headers{listLeft + pad, inner, y, em(2.5f)};
        headers.start();
        if (!aligned) {
            const std::string words = tr("Sorteren op:");
            const ImVec2 at = headers.place(ImGui::CalcTextSize(words.c_str()).x);
            dl->AddText(ImVec2(at.x, at.y + (em(2.5f) - ImGui::GetFontSize()) / 2), p.mutedText, words.c_str());
        }
        float inName = listLeft + pad;            // the next header in the name column
        float column = listLeft + pad + colW[0];  // the next column beside the names
        for (int i = 0; i < 4; ++i) {
            Flat f = header(i, 0);
            ImVec2 at;
            if (!aligned) {
                at = headers.place(flatWidth(f));
            } else if (i > 0 && visible[i]) {
                f.width = colW[i];
                at = ImVec2(column, y);
                column += colW[i];
            } else {
                if (allVisible) f.width = colW[0];
                at = ImVec2(inName, y);
                inName += flatWidth(f) + gap;
            }
            ImGui::PushID("header");
            ImGui::SetCursorScreenPos(at);
            if (flat(f)) want("sort", columnName(static_cast<Column>(i)), sortBy(s, static_cast<Column>(i)));
            ImGui::PopID();
        }
        y = headers.y + em(2.5f);
        dl->AddLine(ImVec2(listLeft + pad, y), ImVec2(listLeft + listW - pad, y), p.border, stroke());
        y += em(0.15f);
    }
    if (items.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(listLeft + pad + em(0.6f), y + em(0.6f)));
        wrappedText(shown.search.empty() ? tr("Deze map is leeg.") : tr("Niets gevonden."), nullptr, p.mutedText,
                    inner - em(1.2f));
        y = ImGui::GetCursorScreenPos().y + em(0.6f);
    }
    const float iconS = em(1.35f);
    for (const Node* n : items) {
        const std::string& id = n->id;
        // Under the name: the columns that did not fit, and where a search found it.
        std::string second;
        std::vector<std::string> secondParts;  // each its own cell for read-aloud
        auto addSecond = [&](const std::string& part) {
            if (part.empty()) return;
            second += (second.empty() ? "" : " · ") + part;
            secondParts.push_back(part);
        };
        if (inBinView && !shown.search.empty())
            addSecond(kit::format(tr("in %s"), folderWords(s, n->parent)));
        else if (inBinView)
            addSecond(kit::format(tr("stond in %s"), folderWords(s, n->parent)));  // where Restore puts it
        else if (!shown.search.empty())
            addSecond(kit::format(tr("in %s"), folderWords(s, n->parent)));
        for (Column c : columns)
            if (!visible[static_cast<int>(c)]) addSecond(cellText(*n, c));
        const float h = second.empty() ? rowH : std::max(rowH, em(2.9f));
        const ImVec2 at(listLeft + pad, y);
        const ImVec2 end(at.x + inner, y + h);
        const bool isSelected = id == sel;
        ImGui::PushID(id.c_str());
        const float nameX = at.x + em(0.9f) + iconS + em(0.5f);
        if (renaming == id) {
            // Renaming in place: Enter keeps the name, Escape cancels, clicking elsewhere keeps it.
            dl->AddRectFilled(at, end, p.selected, em(0.2f));
            icon(dl, ImVec2(at.x + em(0.9f), at.y + (h - iconS) / 2), iconS, n->type);
            ImGui::SetCursorScreenPos(ImVec2(nameX, at.y + em(0.2f)));
            ImGui::SetNextItemWidth(std::max(em(8), colW[0] - (nameX - at.x) - em(0.3f)));
            if (mem["rename-focus"] == "1") {
                ImGui::SetKeyboardFocusHere();
                mem["rename-focus"].clear();
            }
            ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                                ImVec2(em(0.4f), (h - em(0.4f) - ImGui::GetFontSize()) / 2));
            ImGui::PushStyleColor(ImGuiCol_Border, p.accent);
            // Twice the longest name: a name too long is refused with a message, not cut unseen.
            const bool enter = inputUtf8Text("##rename", renameText, kMaxNameBytes * 2,
                                             ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
            ImGui::PopStyleColor();
            ImGui::PopStyleVar();
            a11yRecord("textbox", tr("Nieuwe naam"));
            focusRing();
            // Escape cancels, also in the frame the field takes the focus back after a refused name.
            const int escapeKey = ImGui::GetKeyIndex(ImGuiKey_Escape);
            const bool escape = escapeKey >= 0 && ImGui::GetIO().KeysDown[escapeKey];
            if (escape && (ImGui::IsItemActive() || ImGui::IsItemDeactivated() || ImGui::IsItemFocused() ||
                           ImGui::IsKeyPressed(escapeKey, false))) {
                renaming.clear();
                message.clear();
                mem["rename-focus"].clear();
            } else if (enter || (ImGui::IsItemDeactivated() && !escape)) {
                const Outcome o = rename(s, id, renameText);
                if (o.state == s && o.changed()) {
                    renaming.clear();  // the same name: nothing to do
                } else {
                    want("rename", id, o);
                    if (o.changed())
                        renaming.clear();
                    else
                        mem["rename-focus"] = "1";  // the name is refused: try again (or Escape)
                }
            }
        } else {
            ImGui::SetCursorScreenPos(at);
            const bool pressed = kit::tabStopButton("##row", ImVec2(inner, h));
            a11yRecord("row", n->name, isSelected);
            const bool hovered = ImGui::IsItemHovered();
            const bool focused = ImGui::IsItemFocused();
            if (ImGui::BeginDragDropSource()) {
                kit::setDragPayload(kDragType, id, n->name);
                ImGui::EndDragDropSource();
            }
            if (n->folder() && !inBinView)
                if (auto what = kit::acceptDragPayload(kDragType); what && *what != id) moveTo(*what, id);
            if (pressed) {
                if (isSelected && n->folder() && !inBinView)
                    openFolder(id);
                else
                    sel = id;
                message.clear();
            }
            if (hovered && ImGui::IsMouseDoubleClicked(0) && n->folder() && !inBinView) openFolder(id);
            if (focused && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete), false)) {
                if (inBinView)
                    message = problemWords(Problem::InBin);
                else
                    want("delete", id, remove(s, id));
            }
            const bool dragOver = n->folder() && ImGui::GetDragDropPayload() &&
                                  ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
            if (isSelected || hovered) dl->AddRectFilled(at, end, p.selected, em(0.2f));
            if (isSelected) dl->AddRect(at, end, p.accent, em(0.2f), 0, std::max(1.5f, em(0.08f)));
            if (dragOver) dl->AddRect(at, end, p.accent, em(0.2f), 0, std::max(2.0f, em(0.12f)));
            // The grip: this can be dragged.
            const float dot = std::max(1.0f, em(0.065f));
            for (int col = 0; col < 2; ++col)
                for (int r = -1; r <= 1; ++r)
                    dl->AddCircleFilled(ImVec2(at.x + em(0.3f) + em(0.2f) * static_cast<float>(col),
                                               at.y + h / 2 + em(0.22f) * static_cast<float>(r)),
                                        dot, p.mutedText);
            icon(dl, ImVec2(at.x + em(0.9f), at.y + (h - iconS) / 2), iconS, n->type);
            const float textW = colW[0] - (nameX - at.x) - em(0.3f);
            const float lineY = second.empty() ? at.y + (h - ImGui::GetFontSize()) / 2 : at.y + em(0.3f);
            dl->AddText(ImVec2(nameX, lineY), p.text, fitted(n->name, textW).c_str());
            if (!second.empty()) {
                const float small = ImGui::GetFontSize() * 0.85f;
                dl->AddText(ImGui::GetFont(), small, ImVec2(nameX, lineY + ImGui::GetFontSize() * 1.1f), p.mutedText,
                            second.c_str());
                for (const std::string& part : secondParts) a11yRecordArea("cell", part, ImVec2(nameX, lineY), end);
            }
            float cx = at.x + colW[0];
            for (Column c : columns) {
                const int i = static_cast<int>(c);
                if (!visible[i]) continue;
                const std::string text = cellText(*n, c);
                dl->AddText(ImVec2(cx + em(0.7f), at.y + (h - ImGui::GetFontSize()) / 2),
                            c == Column::Type ? p.mutedText : p.text, fitted(text, colW[i] - em(0.9f)).c_str());
                if (!text.empty()) a11yRecordArea("cell", text, ImVec2(cx, at.y), ImVec2(cx + colW[i], at.y + h));
                cx += colW[i];
            }
            focusRing();
        }
        ImGui::PopID();
        y += h + em(0.15f);
    }
    const float listBottom = y + pad;

    // ---- the status line: how many, what is selected, and what could not be done
    const float bodyBottom = wide ? std::max(treeBottom, listBottom) : listBottom;
    ImGui::SetCursorScreenPos(ImVec2(x0 + pad, bodyBottom + gap + em(0.2f)));
    const float statusTop = bodyBottom + gap;
    {
        std::string status =
            items.size() == 1 ? std::string(tr("1 item")) : kit::format(tr("%d items"), static_cast<int>(items.size()));
        if (selected) status += " · " + kit::format(tr("%s geselecteerd"), selected->name);
        if (!s.clipboard.empty())
            if (const Node* c = find(s, s.clipboard)) status += " · " + kit::format(tr("%s gekopieerd"), c->name);
        ImGui::PushStyleColor(ImGuiCol_Text, p.mutedText);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * pad);
        ImGui::TextUnformatted(status.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        a11yRecord("status", status);
        if (!message.empty()) {
            ImGui::SetCursorScreenPos(ImVec2(x0 + pad, ImGui::GetCursorScreenPos().y));
            wrappedText(message, nullptr, p.warning, width - 2 * pad);
        }
    }
    const float bottom = ImGui::GetCursorScreenPos().y + em(0.2f);

    // ---- the window's panes, behind what is drawn on them
    dl->ChannelsSetCurrent(0);
    const float r = em(0.35f);
    dl->AddRectFilled(origin, ImVec2(x0 + width, bottom), p.background, r);
    dl->AddRectFilled(ImVec2(x0, toolbarTop), ImVec2(x0 + width, toolbarBottom), p.surface, r,
                      ImDrawFlags_RoundCornersTop);
    dl->AddLine(ImVec2(x0, toolbarBottom), ImVec2(x0 + width, toolbarBottom), p.border, stroke());
    if (moveBottom > moveTop)
        dl->AddRectFilled(ImVec2(x0 + pad / 2, moveTop), ImVec2(x0 + width - pad / 2, moveBottom),
                          mix(p.selected, p.surface, 0.4f), r);
    (void)addressTop;
    if (wide) {
        dl->AddRectFilled(ImVec2(listLeft, listTop), ImVec2(x0 + width - pad / 2, bodyBottom), p.surface, r);
        dl->AddLine(ImVec2(listLeft, listTop), ImVec2(listLeft, bodyBottom), p.border, stroke());
    } else {
        dl->AddRectFilled(ImVec2(x0 + pad / 2, listTop), ImVec2(x0 + width - pad / 2, bodyBottom), p.surface, r);
    }
    dl->AddLine(ImVec2(x0, statusTop), ImVec2(x0 + width, statusTop), p.border, stroke());
    dl->AddRect(origin, ImVec2(x0 + width, bottom), p.border, r, 0, std::max(1.5f, em(0.08f)));
    dl->ChannelsMerge();
    ImGui::PopID();
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, bottom - origin.y));

    // ---- what the pupil did: recorded and stored, or why it could not be done
    if (!pending) return;
    const Outcome& o = pending->outcome;
    if (!o.changed()) {
        message = problemWords(o.problem);
        return;
    }
    message.clear();
    if (pending->action.name == "open" || pending->action.name == "delete") {
        sel.clear();
        moving.clear();
    }
    if (pending->action.name == "restore" || pending->action.name == "move") sel.clear();
    ctx.act(pending->action, toResponse(sc, o.state));
}

}  // namespace dlk::ui::views
