// The block editor's view (model: app/core/sim/blocks): a palette of blocks, the program as a
// stack of blocks that nest like Scratch's (motion blue, picking up green, control orange with
// light blue sensors, procedures pink; in high contrast black on white), and the grid world with
// the robot, which runs the program (Start, one step at a time, back to the start).
//
// Mouse: drag a block from the palette into the program, drag a block in the program to another
// place, or out of it (onto the palette) to remove it. Clicks: click a block (in the palette or
// the program), then click where it goes. Keyboard alone: Tab to a block and press Enter; the
// program then shows the places it can go, the arrow keys move between them and Enter puts it
// there (Escape: never mind). On a block in the program, Delete or Backspace removes it. Every
// edit is an action the process data keeps ("blocks.insert=repeat") and the new program is the
// answer; Start, Stap and "Naar het begin" never change the answer.
//
// Transient state (the block picked up, the run, the undo list, where the keyboard goes next)
// lives in ItemViewState under this response's key, so it lasts as long as the pupil's session.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/blocks/blocks.h"
#include "sim/blocks/editor.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/frame_request.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::views {

namespace {

using namespace sim::blocks;

constexpr const char* kPayload = "DLK_BLOCK";
constexpr int64_t kStepMs = 300;  // one action of the robot on screen
constexpr size_t kMaxUndo = 50;

// ---- looks --------------------------------------------------------------------------------------

bool highContrast() {
    const Palette& p = palette();
    return p.accent == p.text;  // the high-contrast palette draws its accent in the text colour
}

enum class Family { Motion, Action, Control, Procedure };

Family familyOf(Kind k) {
    switch (k) {
        case Kind::Forward:
        case Kind::TurnLeft:
        case Kind::TurnRight:
            return Family::Motion;
        case Kind::Pick:
            return Family::Action;
        case Kind::Define:
        case Kind::Call:
            return Family::Procedure;
        default:
            return Family::Control;
    }
}

struct Look {
    ImU32 fill, edge, ink;
};

const ImU32 kDarkInk = IM_COL32(26, 32, 44, 255);
const ImU32 kWhite = IM_COL32(255, 255, 255, 255);

Look lookOf(Family f) {
    const Palette& p = palette();
    if (highContrast()) return {p.surface, p.text, p.text};
    switch (f) {
        case Family::Motion:
            return {IM_COL32(40, 100, 190, 255), IM_COL32(24, 68, 140, 255), kWhite};
        case Family::Action:
            return {IM_COL32(20, 120, 80, 255), IM_COL32(10, 84, 54, 255), kWhite};
        case Family::Control:
            return {IM_COL32(255, 171, 25, 255), IM_COL32(196, 122, 0, 255), kDarkInk};
        case Family::Procedure:
            return {IM_COL32(255, 102, 128, 255), IM_COL32(200, 58, 88, 255), kDarkInk};
    }
    return {p.surface, p.text, p.text};
}

Look sensorLook() {
    const Palette& p = palette();
    if (highContrast()) return {p.surface, p.text, p.text};
    return {IM_COL32(92, 177, 214, 255), IM_COL32(40, 124, 166, 255), kDarkInk};
}

float stroke() {
    return std::max(1.5f, em(0.09f));
}

// ---- words --------------------------------------------------------------------------------------

const char* sensorWords(Sensor s, Theme theme) {
    const bool library = theme == Theme::Library;
    switch (s) {
        // In the library the walls are bookcases, and the blocks say so.
        case Sensor::WallAhead:
            return library ? tr("kast vooruit") : tr("muur vooruit");
        case Sensor::PathAhead:
            return tr("vrij vooruit");
        case Sensor::WallLeft:
            return library ? tr("kast links") : tr("muur links");
        case Sensor::PathLeft:
            return tr("vrij links");
        case Sensor::WallRight:
            return library ? tr("kast rechts") : tr("muur rechts");
        case Sensor::PathRight:
            return tr("vrij rechts");
        case Sensor::ThingHere:
            return library ? tr("boek hier") : tr("ster hier");
        case Sensor::Goal:
            return library ? tr("bij de balie") : tr("bij het doel");
    }
    return "";
}

// A block's words with %d for its count or %s for its sensor or name.
const char* blockFormat(Kind k) {
    switch (k) {
        case Kind::Forward:
            return tr("ga vooruit");
        case Kind::TurnLeft:
            return tr("draai naar links");
        case Kind::TurnRight:
            return tr("draai naar rechts");
        case Kind::Pick:
            return tr("pak op");
        case Kind::Repeat:
            return tr("herhaal %d keer");
        case Kind::RepeatUntil:
            return tr("herhaal tot %s");
        case Kind::While:
            return tr("zolang %s");
        case Kind::If:
            return tr("als %s");
        case Kind::Else:
            return tr("anders");
        case Kind::Define:
            return tr("maak blok %s");
        case Kind::Call:
            return tr("doe %s");
        case Kind::End:
            return "";
    }
    return "";
}

std::string blockWords(const Line& l, Theme theme) {
    const char* f = blockFormat(l.kind);
    if (l.kind == Kind::Repeat) return kit::format(f, l.count);
    if (hasSensor(l.kind)) return kit::format(f, std::string(sensorWords(l.sensor, theme)));
    if (l.kind == Kind::Define || l.kind == Kind::Call) return kit::format(f, l.name);
    return f;
}

// The words before and after the argument of a block's format.
struct Parts {
    std::string before, after;
    bool argument = false;
};
Parts splitFormat(const char* f) {
    const std::string s = f;
    for (const char* marker : {"%s", "%d"})
        if (const auto at = s.find(marker); at != std::string::npos) return {s.substr(0, at), s.substr(at + 2), true};
    return {s, "", false};
}

const char* directionWords(Dir d) {
    switch (d) {
        case Dir::North:
            return tr("naar boven");
        case Dir::East:
            return tr("naar rechts");
        case Dir::South:
            return tr("naar beneden");
        case Dir::West:
            return tr("naar links");
    }
    return "";
}

// ---- the palette --------------------------------------------------------------------------------

struct PaletteBlock {
    std::string token;  // process data and the pick-up state: "forward", "if-else", "call"
    NewBlock block;
    std::string words;
};

std::vector<PaletteBlock> paletteBlocks(const BlocksScenario& sc, const Program& program) {
    std::vector<PaletteBlock> out;
    const Sensor first = sc.sensors.empty() ? Sensor::PathAhead : sc.sensors[0];
    auto add = [&](const std::string& token, NewBlock b) {
        Line l;
        l.kind = b.kind;
        l.count = b.count;
        l.sensor = b.sensor;
        l.name = b.name;
        std::string words = blockWords(l, sc.theme);
        if (b.withElse) words = kit::format(tr("als %s … anders"), std::string(sensorWords(b.sensor, sc.theme)));
        out.push_back({token, b, words});
    };
    for (PaletteEntry e : sc.palette) {
        NewBlock b;
        b.sensor = first;
        switch (e) {
            case PaletteEntry::Forward:
                b.kind = Kind::Forward;
                add("forward", b);
                break;
            case PaletteEntry::TurnLeft:
                b.kind = Kind::TurnLeft;
                add("turn-left", b);
                break;
            case PaletteEntry::TurnRight:
                b.kind = Kind::TurnRight;
                add("turn-right", b);
                break;
            case PaletteEntry::Pick:
                b.kind = Kind::Pick;
                add("pick", b);
                break;
            case PaletteEntry::Repeat:
                b.kind = Kind::Repeat;
                add("repeat", b);
                break;
            case PaletteEntry::RepeatUntil:
                b.kind = Kind::RepeatUntil;
                if (sc.allows(Sensor::Goal)) b.sensor = Sensor::Goal;
                add("repeat-until", b);
                break;
            case PaletteEntry::While:
                b.kind = Kind::While;
                add("while", b);
                break;
            case PaletteEntry::If:
                b.kind = Kind::If;
                add("if", b);
                b.withElse = true;
                add("if-else", b);
                break;
            case PaletteEntry::Procedure:
                b.kind = Kind::Define;
                b.name = newProcedureName(program);
                if (std::count_if(program.lines.begin(), program.lines.end(),
                                  [](const Line& l) { return l.kind == Kind::Define; }) < kMaxProcedures)
                    add("define", b);
                for (const Line& l : program.lines)
                    if (l.kind == Kind::Define) {
                        NewBlock call;
                        call.kind = Kind::Call;
                        call.name = l.name;
                        add("call-" + l.name, call);
                    }
                break;
        }
    }
    return out;
}

// ---- the view's own state (ItemViewState, under this response's key) ------------------------------

struct Ui {
    std::string picked;  // "", "new:<token>" or "move:<line>"
    int shown = 0;       // actions of the run on screen
    bool playing = false;
    bool ran = false;   // Start or Stap was used since the last edit (the status line says how it went)
    int64_t since = 0;  // when `from` was on screen while playing
    int from = 0;
    int world = 0;
    int caret = -1;     // the slot the keyboard goes to next
    std::string focus;  // "slot:N", "row:N", "chip:<token>": the keyboard focus for the next frame

    static Ui load(ItemViewState& s, const std::string& key) {
        Ui u;
        u.picked = s.picked[key];
        u.focus = s.textBuffers[key + "#focus"];
        const auto parts = splitWhitespace(s.textBuffers[key + "#run"]);
        int64_t v[7] = {0, 0, 0, 0, 0, 0, -1};
        for (size_t i = 0; i < parts.size() && i < 7; ++i) parseInt64(parts[i], v[i]);
        u.shown = static_cast<int>(v[0]);
        u.playing = v[1] != 0;
        u.ran = v[2] != 0;
        u.since = v[3];
        u.from = static_cast<int>(v[4]);
        u.world = static_cast<int>(v[5]);
        u.caret = static_cast<int>(v[6]);
        return u;
    }
    void save(ItemViewState& s, const std::string& key) const {
        s.picked[key] = picked;
        s.textBuffers[key + "#focus"] = focus;
        s.textBuffers[key + "#run"] = std::to_string(shown) + " " + (playing ? "1" : "0") + " " + (ran ? "1" : "0") +
                                      " " + std::to_string(since) + " " + std::to_string(from) + " " +
                                      std::to_string(world) + " " + std::to_string(caret);
    }
    void resetRun() {
        shown = 0;
        playing = false;
        ran = false;
        from = 0;
    }
};

// The keyboard focus asked for by the last frame, on the item just drawn.
void takeFocus(Ui& ui, const std::string& name) {
    if (ui.focus != name) return;
    ImGuiContext& g = *GImGui;
    ImGui::SetFocusID(g.LastItemData.ID, ImGui::GetCurrentWindow());
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    if (!ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.5f);
    ui.focus.clear();
}

bool keyPressed(ImGuiKey key) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), false);
}

// ---- drawing parts ------------------------------------------------------------------------------

// A rounded block body with a darker edge and a grip of dots on the left (it can be dragged).
void blockShape(ImDrawList* dl, ImVec2 a, ImVec2 b, const Look& look, bool grip, bool picked) {
    const float r = em(0.35f);
    dl->AddRectFilled(a, b, look.fill, r);
    dl->AddRect(a, b, look.edge, r, 0, picked ? 2.5f * stroke() : stroke());
    if (!grip) return;
    const float dot = std::max(1.0f, em(0.07f));
    for (int col = 0; col < 2; ++col)
        for (int row = -1; row <= 1; ++row)
            dl->AddCircleFilled(ImVec2(a.x + em(0.45f) + em(0.22f) * static_cast<float>(col),
                                       (a.y + b.y) / 2 + em(0.22f) * static_cast<float>(row)),
                                dot, look.ink);
}

// A small button inside a block (a sensor, a count's − and +): a Tab stop of its own.
bool pill(const char* id, const std::string& text, const std::string& spoken, const Look& look, float height) {
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 size(ts.x + em(1.0f), height);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const bool pressed = kit::tabStopButton(id, size);
    a11yRecord("button", spoken);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(at.x + size.x, at.y + size.y);
    dl->AddRectFilled(at, end, hovered ? palette().selected : look.fill, size.y / 2);
    dl->AddRect(at, end, look.edge, size.y / 2, 0, stroke());
    dl->AddText(ImVec2(at.x + em(0.5f), at.y + (size.y - ts.y) / 2), hovered ? palette().text : look.ink, text.c_str());
    focusRing();
    return pressed;
}

void star(ImDrawList* dl, ImVec2 c, float r, ImU32 fill, ImU32 edge) {
    ImVec2 pts[10];
    for (int i = 0; i < 10; ++i) {
        const float a = -1.5707964f + static_cast<float>(i) * 0.62831855f;
        const float rr = i % 2 ? r * 0.45f : r;
        pts[i] = ImVec2(c.x + std::cos(a) * rr, c.y + std::sin(a) * rr);
    }
    // Filled as its inner pentagon (convex) and the five points.
    const ImVec2 inner[5] = {pts[1], pts[3], pts[5], pts[7], pts[9]};
    dl->AddConvexPolyFilled(inner, 5, fill);
    for (int i = 0; i < 10; i += 2) dl->AddTriangleFilled(pts[(i + 9) % 10], pts[i], pts[i + 1], fill);
    dl->AddPolyline(pts, 10, edge, ImDrawFlags_Closed, stroke());
}

struct Pose {
    Cell at;
    Dir dir = Dir::East;
    uint32_t taken = 0;
    bool bumped = false;
    int line = -1;  // the program line of the last action shown
};

Pose poseAfter(const World& w, const std::vector<TraceStep>& trace, int shown) {
    Pose p{w.start, w.startDir, 0, false, -1};
    for (int i = 0; i < shown && i < static_cast<int>(trace.size()); ++i) {
        const TraceStep& t = trace[static_cast<size_t>(i)];
        p.at = t.at;
        p.dir = t.dir;
        p.bumped = t.bumped;
        p.line = t.line;
        if (t.picked >= 0) p.taken |= 1u << t.picked;
    }
    return p;
}

void drawWorld(ImDrawList* dl, ImVec2 at, float cell, float label, const World& w, Theme theme, const Pose& pose) {
    const Palette& p = palette();
    const bool hc = highContrast();
    const ImVec2 o(at.x + label, at.y + label);
    // Column letters above, row numbers on the left, as on the robot pictures.
    for (int x = 0; x < w.width; ++x) {
        const char name[2] = {static_cast<char>('A' + x), 0};
        const ImVec2 ts = ImGui::CalcTextSize(name);
        dl->AddText(ImVec2(o.x + (static_cast<float>(x) + 0.5f) * cell - ts.x / 2, at.y + (label - ts.y) / 2),
                    p.mutedText, name);
    }
    for (int y = 0; y < w.height; ++y) {
        const std::string name = std::to_string(y + 1);
        const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
        dl->AddText(ImVec2(at.x + (label - ts.x) / 2, o.y + (static_cast<float>(y) + 0.5f) * cell - ts.y / 2),
                    p.mutedText, name.c_str());
    }
    const ImVec2 end(o.x + cell * static_cast<float>(w.width), o.y + cell * static_cast<float>(w.height));
    dl->AddRectFilled(o, end, hc ? p.surface : IM_COL32(240, 234, 218, 255));
    auto cellMin = [&](Cell c) {
        return ImVec2(o.x + cell * static_cast<float>(c.x), o.y + cell * static_cast<float>(c.y));
    };
    const float pad = cell * 0.1f;
    // The goal.
    {
        const ImVec2 a = cellMin(w.goal), b(a.x + cell, a.y + cell);
        dl->AddRectFilled(a, b, hc ? p.selected : IM_COL32(204, 234, 204, 255));
        const ImU32 ink = hc ? p.text : IM_COL32(30, 120, 60, 255);
        if (theme == Theme::Library) {
            // The return desk: a counter with a slot for books.
            const ImVec2 da(a.x + pad, a.y + cell * 0.45f), db(b.x - pad, b.y - pad);
            dl->AddRectFilled(da, db, hc ? p.surface : IM_COL32(150, 100, 60, 255), em(0.1f));
            dl->AddRect(da, db, ink, em(0.1f), 0, stroke());
            dl->AddLine(ImVec2(da.x + cell * 0.2f, da.y + cell * 0.12f),
                        ImVec2(db.x - cell * 0.2f, da.y + cell * 0.12f), hc ? p.text : kWhite, stroke());
        } else {
            // A flag.
            const float x = a.x + cell * 0.32f;
            dl->AddLine(ImVec2(x, a.y + pad), ImVec2(x, b.y - pad), ink, stroke() * 1.3f);
            const ImVec2 tri[3] = {ImVec2(x, a.y + pad), ImVec2(b.x - pad * 1.5f, a.y + cell * 0.3f),
                                   ImVec2(x, a.y + cell * 0.5f)};
            dl->AddTriangleFilled(tri[0], tri[1], tri[2], ink);
        }
    }
    // Walls.
    for (int y = 0; y < w.height; ++y)
        for (int x = 0; x < w.width; ++x) {
            if (!w.wall(x, y)) continue;
            const ImVec2 a = cellMin({x, y}), b(a.x + cell, a.y + cell);
            if (hc) {
                dl->AddRectFilled(a, b, p.text);
            } else if (theme == Theme::Library) {
                const ImVec2 ia(a.x + pad * 0.6f, a.y + pad * 0.6f), ib(b.x - pad * 0.6f, b.y - pad * 0.6f);
                dl->AddRectFilled(ia, ib, IM_COL32(128, 82, 44, 255), em(0.08f));
                const ImU32 spines[] = {IM_COL32(70, 140, 70, 255), IM_COL32(150, 70, 160, 255),
                                        IM_COL32(230, 180, 40, 255), IM_COL32(200, 60, 60, 255),
                                        IM_COL32(60, 110, 200, 255)};
                const float sw = (ib.x - ia.x - 2 * pad) / 5;
                for (int i = 0; i < 5; ++i)
                    dl->AddRectFilled(ImVec2(ia.x + pad + sw * static_cast<float>(i), ia.y + pad),
                                      ImVec2(ia.x + pad + sw * static_cast<float>(i + 1) - 1, ib.y - pad), spines[i]);
            } else {
                dl->AddRectFilled(a, b, IM_COL32(104, 110, 122, 255));
                const ImU32 mortar = IM_COL32(150, 156, 168, 255);
                for (int row = 1; row < 3; ++row) {
                    const float yy = a.y + cell * static_cast<float>(row) / 3;
                    dl->AddLine(ImVec2(a.x, yy), ImVec2(b.x, yy), mortar, 1.0f);
                }
            }
        }
    // Things still to pick up.
    for (size_t i = 0; i < w.things.size(); ++i) {
        if (pose.taken & (1u << i)) continue;
        const ImVec2 a = cellMin(w.things[i]);
        const ImVec2 c(a.x + cell / 2, a.y + cell / 2);
        if (theme == Theme::Library) {
            const ImVec2 ba(c.x - cell * 0.2f, c.y - cell * 0.3f), bb(c.x + cell * 0.2f, c.y + cell * 0.3f);
            dl->AddRectFilled(ba, bb, hc ? p.surface : IM_COL32(200, 40, 40, 255), em(0.06f));
            dl->AddRect(ba, bb, hc ? p.text : IM_COL32(120, 20, 20, 255), em(0.06f), 0, stroke());
            dl->AddLine(ImVec2(ba.x + cell * 0.08f, c.y - cell * 0.12f),
                        ImVec2(bb.x - cell * 0.08f, c.y - cell * 0.12f), hc ? p.text : kWhite, stroke());
        } else {
            star(dl, c, cell * 0.32f, hc ? p.surface : IM_COL32(250, 192, 30, 255),
                 hc ? p.text : IM_COL32(150, 100, 0, 255));
        }
    }
    // The grid.
    for (int x = 0; x <= w.width; ++x)
        dl->AddLine(ImVec2(o.x + cell * static_cast<float>(x), o.y), ImVec2(o.x + cell * static_cast<float>(x), end.y),
                    hc ? p.text : IM_COL32(160, 160, 160, 255), 1.0f);
    for (int y = 0; y <= w.height; ++y)
        dl->AddLine(ImVec2(o.x, o.y + cell * static_cast<float>(y)), ImVec2(end.x, o.y + cell * static_cast<float>(y)),
                    hc ? p.text : IM_COL32(160, 160, 160, 255), 1.0f);
    // The robot: a round body with eyes, and a nose pointing where it looks.
    const ImVec2 a = cellMin(pose.at);
    const ImVec2 c(a.x + cell / 2, a.y + cell / 2);
    const float r = cell * 0.3f;
    const float dx[] = {0, 1, 0, -1}, dy[] = {-1, 0, 1, 0};
    const float ux = dx[static_cast<int>(pose.dir)], uy = dy[static_cast<int>(pose.dir)];
    const ImVec2 tip(c.x + ux * r * 1.55f, c.y + uy * r * 1.55f);
    const ImVec2 s1(c.x + ux * r * 0.8f - uy * r * 0.55f, c.y + uy * r * 0.8f + ux * r * 0.55f);
    const ImVec2 s2(c.x + ux * r * 0.8f + uy * r * 0.55f, c.y + uy * r * 0.8f - ux * r * 0.55f);
    dl->AddTriangleFilled(tip, s1, s2, hc ? p.text : IM_COL32(220, 50, 50, 255));
    if (pose.bumped) dl->AddCircle(c, r * 1.6f, hc ? p.text : p.warning, 24, stroke() * 2);
    dl->AddCircleFilled(c, r, hc ? p.surface : IM_COL32(60, 120, 200, 255), 24);
    dl->AddCircle(c, r, hc ? p.text : IM_COL32(30, 70, 140, 255), 24, stroke());
    const float eye = std::max(1.5f, r * 0.18f);
    const ImU32 eyeInk = hc ? p.text : kWhite;
    dl->AddCircleFilled(ImVec2(c.x + ux * r * 0.3f - uy * r * 0.35f, c.y + uy * r * 0.3f + ux * r * 0.35f), eye,
                        eyeInk);
    dl->AddCircleFilled(ImVec2(c.x + ux * r * 0.3f + uy * r * 0.35f, c.y + uy * r * 0.3f - ux * r * 0.35f), eye,
                        eyeInk);
}

// ---- the program --------------------------------------------------------------------------------

// Where the mouse puts a block: the rows' halves and the places shown between them.
struct Zone {
    float y0, y1;
    int slot;
};

int slotAtY(const std::vector<Zone>& zones, float y, int last) {
    if (zones.empty()) return 0;
    if (y < zones.front().y0) return zones.front().slot;
    for (const Zone& z : zones)
        if (y >= z.y0 && y < z.y1) return z.slot;
    return last;
}

// What the block picked up (or dragged) is: a new block from the palette, or a block of the program.
struct Carried {
    bool move = false;
    int line = -1;
    NewBlock block;
    std::string token;
};

std::optional<Carried> carriedFrom(const std::string& code, const std::vector<PaletteBlock>& blocks,
                                   const Program& program) {
    Carried c;
    if (code.starts_with("new:")) {
        for (const PaletteBlock& b : blocks)
            if (b.token == code.substr(4)) {
                c.block = b.block;
                c.token = b.token;
                return c;
            }
        return std::nullopt;
    }
    int64_t line = -1;
    if (!code.starts_with("move:") || !parseInt64(code.substr(5), line) || line < 0 ||
        line >= static_cast<int64_t>(program.lines.size()))
        return std::nullopt;
    const Line& l = program.lines[static_cast<size_t>(line)];
    if (l.kind == Kind::Else || l.kind == Kind::End) return std::nullopt;
    c.move = true;
    c.line = static_cast<int>(line);
    return c;
}

std::string kindToken(const Line& l) {
    switch (l.kind) {
        case Kind::Forward:
            return "forward";
        case Kind::TurnLeft:
            return "turn-left";
        case Kind::TurnRight:
            return "turn-right";
        case Kind::Pick:
            return "pick";
        case Kind::Repeat:
            return "repeat";
        case Kind::RepeatUntil:
            return "repeat-until";
        case Kind::While:
            return "while";
        case Kind::If:
            return l.elseAt >= 0 ? "if-else" : "if";
        case Kind::Define:
            return "define";
        case Kind::Call:
            return "call";
        default:
            return "end";
    }
}

// May the carried block go to this slot?
bool allowedAt(const Slot& s, const Carried& c, const Program& program) {
    if (!c.move) {
        if (c.block.kind == Kind::Define) return s.topLevel;
        if (program.blocks() + 1 > kMaxProgramBlocks) return false;
        return !opensBody(c.block.kind) || s.depth + 1 <= kMaxDepth;
    }
    const int last = blockEnd(program, c.line);
    if (s.index > c.line && s.index <= last) return false;
    if (s.index == c.line || s.index == last + 1) return true;
    const Line& l = program.lines[static_cast<size_t>(c.line)];
    if (l.kind == Kind::Define) return s.topLevel;
    return !opensBody(l.kind) || moveBlock(program, c.line, s.index).has_value();
}

// Where a slot is, in words for read-aloud: "bovenaan", "in ‘herhaal 4 keer’", "na ‘ga vooruit’".
std::string slotWords(const Program& program, int index, Theme theme) {
    const int n = static_cast<int>(program.lines.size());
    if (index == 0) return tr("bovenaan");
    const Line& before = program.lines[static_cast<size_t>(index - 1)];
    const bool closing = index < n && (program.lines[static_cast<size_t>(index)].kind == Kind::End ||
                                       program.lines[static_cast<size_t>(index)].kind == Kind::Else);
    if (opensBody(before.kind))
        return kit::format(closing ? tr("in ‘%s’") : tr("bovenaan in ‘%s’"), blockWords(before, theme));
    if (before.kind == Kind::Else) return closing ? tr("in ‘anders’") : tr("bovenaan in ‘anders’");
    if (before.kind == Kind::End)
        return kit::format(tr("na ‘%s’"), blockWords(program.lines[static_cast<size_t>(before.end)], theme));
    return kit::format(tr("na ‘%s’"), blockWords(before, theme));
}

// How a run went, once it has been seen to its end.
std::string runStatus(const Run& r, const World& w, int stepLimit) {
    switch (r.ending) {
        case Ending::Bumped:
            return tr("Au! De robot botst tegen een muur en stopt.");
        case Ending::StepLimit:
            return kit::format(tr("Het programma stopt na %d stappen. Herhaalt het zich misschien steeds?"), stepLimit);
        case Ending::Finished:
            if (r.solved())
                return w.things.empty() ? tr("Gelukt! De robot is bij het doel.")
                                        : tr("Gelukt! De robot heeft alles en is bij het doel.");
            if (!r.onGoal) return tr("Het programma is klaar, maar de robot is niet bij het doel.");
            return tr("De robot is bij het doel, maar heeft nog niet alles opgepakt.");
    }
    return "";
}

}  // namespace

void blocks(EnvironmentContext& ctx) {
    const auto& sc = static_cast<const BlocksScenario&>(ctx.scenario);
    const std::string key = ctx.response.stateKey();
    ItemViewState& state = ctx.view.state();
    Ui ui = Ui::load(state, key);
    const std::string focusAsked = ui.focus;
    const Program program = fromResponse(sc, ctx.response.current());
    const int n = static_cast<int>(program.lines.size());
    const bool editable = !sc.readOnly;
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float left = ctx.view.left(), width = ctx.view.width();
    const int64_t now = ctx.view.now();
    const std::vector<PaletteBlock> paletteList = editable ? paletteBlocks(sc, program) : std::vector<PaletteBlock>{};
    ui.world = std::clamp(ui.world, 0, static_cast<int>(sc.worlds.size()) - 1);
    const World& world = sc.worlds[static_cast<size_t>(ui.world)];

    // The run on the world shown, every action of it, from the program as it is now.
    std::vector<TraceStep> trace;
    const Run result = run(program, world, sc.stepLimit, &trace);
    const int total = static_cast<int>(trace.size());
    if (ui.playing) {
        const int64_t elapsed = std::max<int64_t>(0, now - ui.since);
        ui.shown = static_cast<int>(std::min<int64_t>(total, ui.from + elapsed / kStepMs));
        if (ui.shown >= total)
            ui.playing = false;
        else
            requestFrameWithin(static_cast<double>(kStepMs - elapsed % kStepMs) / 1000.0);
    }
    ui.shown = std::clamp(ui.shown, 0, total);
    const Pose pose = poseAfter(world, trace, ui.shown);

    // The block picked up (click or keyboard) or being dragged.
    std::optional<Carried> carried = editable ? carriedFrom(ui.picked, paletteList, program) : std::nullopt;
    if (!carried) ui.picked.clear();
    std::optional<Carried> dragged;
    if (const ImGuiPayload* pl = ImGui::GetDragDropPayload(); editable && pl && pl->IsDataType(kPayload))
        dragged = carriedFrom(std::string(static_cast<const char*>(pl->Data), static_cast<size_t>(pl->DataSize)),
                              paletteList, program);
    const bool placing = carried.has_value();

    // Every edit: the undo list, the process data and the answer, the run back to its start.
    bool edited = false;
    auto commit = [&](const char* action, const std::string& argument, const Value& next, const std::string& focus) {
        auto& undo = state.orders[key + "#undo"];
        const Value& current = ctx.response.current();
        undo.push_back(current.isNull() ? std::string() : current.items[0]);
        if (undo.size() > kMaxUndo) undo.erase(undo.begin());
        ctx.act(sim::Action{action, argument}, next);
        ui.picked.clear();
        ui.resetRun();
        ui.focus = focus;
        edited = true;
    };
    auto place = [&](const Carried& c, int slot) {
        const std::vector<Slot> all = slots(program);
        if (slot < 0 || slot >= static_cast<int>(all.size()) || !allowedAt(all[static_cast<size_t>(slot)], c, program))
            return;
        if (!c.move) {
            if (const auto next = insertBlock(program, slot, c.block)) {
                ui.caret = slot + 1;  // after a block, or inside one with a body
                commit("insert", c.token, toResponse(*next), "row:" + std::to_string(slot));
            }
            return;
        }
        const int last = blockEnd(program, c.line);
        if (slot == c.line || slot == last + 1) {  // put back where it was
            ui.picked.clear();
            ui.focus = "row:" + std::to_string(c.line);
            return;
        }
        if (const auto next = moveBlock(program, c.line, slot)) {
            const int at = slot > last ? slot - (last - c.line + 1) : slot;
            ui.caret = at + (last - c.line) + 1;
            commit("move", kindToken(program.lines[static_cast<size_t>(c.line)]), toResponse(*next),
                   "row:" + std::to_string(at));
        }
    };
    auto remove = [&](int line) {
        if (const auto next = removeBlock(program, line)) {
            const int rows = static_cast<int>(next->lines.size());
            ui.caret = std::min(line, rows);
            commit("remove", kindToken(program.lines[static_cast<size_t>(line)]), toResponse(*next),
                   rows == 0 ? std::string() : "row:" + std::to_string(std::min(line, rows - 1)));
        }
    };
    // Runs are actions too, but never change the answer.
    auto note = [&](const char* action, const std::string& argument = {}) {
        ctx.view.session().noteEvent(EventKind::EnvironmentAction, sim::actionDetail(kType.name, {action, argument}),
                                     now);
    };

    const bool sideBySide = width >= em(30);
    const float gap = em(1);
    const float progW = sideBySide ? std::floor(width * 0.56f) : width;
    const float worldW = sideBySide ? width - progW - gap : width;

    // ---- the world, with Start, Stap and "Naar het begin" ----
    auto worldPanel = [&](float x) {
        if (sc.worlds.size() > 1) {
            // Several worlds: the program must work in every one, and the pupil can look at each.
            kit::RowFlow flow{x, worldW};
            for (size_t i = 0; i < sc.worlds.size(); ++i) {
                // A library's worlds are its aisles (robot-12 speaks of "gangen", corridors).
                const std::string label =
                    kit::format(sc.theme == Theme::Library ? tr("Gang %d") : tr("Wereld %d"), static_cast<int>(i + 1));
                flow.place(std::max(em(6), ImGui::CalcTextSize(label.c_str()).x + em(2)));
                ImGui::PushID(static_cast<int>(i));
                if (bigButton((label + "##world").c_str(), static_cast<int>(i) == ui.world, em(6)) &&
                    static_cast<int>(i) != ui.world) {
                    ui.world = static_cast<int>(i);
                    ui.resetRun();
                    note("world", std::to_string(i + 1));
                }
                ImGui::PopID();
            }
            kit::hint(kit::format(sc.theme == Theme::Library ? tr("Je programma moet in alle %d gangen werken.")
                                                             : tr("Je programma moet in alle %d werelden werken."),
                                  static_cast<int>(sc.worlds.size())),
                      x, worldW);
        }
        const float label = em(1.2f);
        const float cell =
            std::clamp(std::min((worldW - label) / static_cast<float>(world.width), em(3.2f)), em(1.2f), em(4.0f));
        ImGui::SetCursorPosX(x);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 size(label + cell * static_cast<float>(world.width),
                          label + cell * static_cast<float>(world.height));
        ImGui::Dummy(size);
        drawWorld(dl, at, cell, label, world, sc.theme, pose);
        const int toPick = static_cast<int>(world.things.size()) - std::popcount(pose.taken);
        std::string described = kit::format(tr("De robot staat op %s"), cellName(pose.at)) + " " +
                                kit::format(tr("en kijkt %s."), std::string(directionWords(pose.dir))) + " " +
                                kit::format(tr("Het doel is %s."), cellName(world.goal));
        if (!world.things.empty()) described += " " + kit::format(tr("Nog %d op te pakken."), toPick);
        a11yRecordArea("image", described, at, ImVec2(at.x + size.x, at.y + size.y));

        const bool finished = ui.ran && ui.shown >= total && !ui.playing;
        if (finished)
            kit::hint(runStatus(result, world, sc.stepLimit), x, worldW,
                      result.ending == Ending::Finished ? p.text : p.warning);
        else if (ui.ran)
            kit::hint(kit::format(tr("Stap %d van het programma."), ui.shown), x, worldW);
        if (!sc.runnable) return;

        // The three buttons as wide as their words (Start as wide as Stop), on as few rows as fit.
        const char* startWords = ui.playing ? tr("■ Stop") : tr("▶ Start");
        auto widthOf = [](const char* words) { return std::max(em(5), ImGui::CalcTextSize(words).x + em(2)); };
        const float startW = std::max(widthOf(tr("■ Stop")), widthOf(tr("▶ Start")));
        kit::RowFlow flow{x, worldW};
        flow.place(startW);
        if (bigButton(startWords, true, startW)) {
            if (ui.playing) {
                ui.playing = false;
                note("stop");
            } else {
                if (finished || !ui.ran) ui.shown = 0;
                ui.playing = total > 0;
                ui.ran = true;
                ui.from = ui.shown;
                ui.since = now;
                if (ui.playing) requestFrameWithin(static_cast<double>(kStepMs) / 1000.0);
                note("run");
            }
        }
        flow.place(widthOf(tr("Stap ▸")));
        if (bigButton(tr("Stap ▸"), false, widthOf(tr("Stap ▸")))) {
            if (finished || !ui.ran) ui.shown = 0;
            ui.playing = false;
            ui.ran = true;
            ui.shown = std::min(total, ui.shown + 1);
            note("step");
        }
        flow.place(widthOf(tr("↺ Naar het begin")));
        if (bigButton(tr("↺ Naar het begin"), false, widthOf(tr("↺ Naar het begin")), ui.ran)) {
            ui.resetRun();
            note("reset");
        }
    };

    const float top = ImGui::GetCursorPosY();
    if (!sideBySide) {
        worldPanel(left);
        ImGui::Dummy(em(0, 0.6f));
    }

    // ---- the palette: the blocks to drag or pick up. Above the program; but when the task starts
    // from a given program (fix it) and there is room side by side, under the world, so that the
    // program starts high on the screen. ----
    const bool paletteBeside = sideBySide && !sc.start.lines.empty();
    auto palettePanel = [&](float x, float w) {
        ImGui::SetCursorPosX(x);
        const ImVec2 paletteMin = ImGui::GetCursorScreenPos();
        wrappedText(tr("Blokken"), ctx.view.fonts().bold, 0, w);
        kit::RowFlow flow{x, w};
        for (const PaletteBlock& b : paletteList) {
            const ImVec2 ts = ImGui::CalcTextSize(b.words.c_str());
            const ImVec2 size(std::min(w, ts.x + em(2.2f)), em(2.6f));
            flow.place(size.x);
            ImGui::PushID(b.token.c_str());
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const bool picked = carried && !carried->move && carried->token == b.token;
            const bool pressed = kit::tabStopButton("##chip", size);
            a11yRecord("button", b.words, picked);
            takeFocus(ui, "chip:" + b.token);
            if (ImGui::BeginDragDropSource()) {
                kit::setDragPayload(kPayload, "new:" + b.token, b.words);
                ImGui::EndDragDropSource();
            }
            const Look look = lookOf(familyOf(b.block.kind));
            const ImVec2 end(at.x + size.x, at.y + size.y);
            blockShape(dl, at, end, look, true, picked);
            if (picked)
                dl->AddRect(ImVec2(at.x - em(0.18f), at.y - em(0.18f)), ImVec2(end.x + em(0.18f), end.y + em(0.18f)),
                            p.accent, em(0.45f), 0, stroke() * 1.5f);
            dl->AddText(ImVec2(at.x + em(1.2f), at.y + (size.y - ts.y) / 2), look.ink, b.words.c_str());
            focusRing();
            if (pressed && picked) {
                ui.picked.clear();
            } else if (pressed) {
                ui.picked = "new:" + b.token;
                // The keyboard goes on to a place for it: after the last block placed.
                ui.focus = "slot:" + std::to_string(ui.caret >= 0 && ui.caret <= n ? ui.caret : n);
            }
            ImGui::PopID();
        }
        std::string hint;
        if (placing && carried->move)
            hint = tr("Kies een nieuwe plek voor het blok: met de pijltjes en Enter, of klik erop. Of verwijder het.");
        else if (placing)
            hint = tr("Kies waar het blok komt: met de pijltjes en Enter, of klik op de plek. Esc: toch niet.");
        else if (dragged && dragged->move)
            hint = tr("Sleep het blok hierheen om het weg te gooien.");
        else
            hint = tr("Sleep een blok naar je programma, of klik erop en kies dan de plek.");
        kit::hint(hint, x, w);
        // A block of the program dropped onto the palette is thrown away.
        const ImRect paletteRect(paletteMin, ImVec2(paletteMin.x + w, ImGui::GetCursorScreenPos().y));
        if (dragged && dragged->move && ImGui::BeginDragDropTargetCustom(paletteRect, ImGui::GetID("palette-drop"))) {
            if (ImGui::AcceptDragDropPayload(kPayload)) remove(dragged->line);
            ImGui::EndDragDropTarget();
        }
        ImGui::Dummy(em(0, 0.4f));
    };

    // ---- the program (with the palette above it) ----
    const float columnTop = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(left, columnTop));
    ImGui::BeginGroup();
    if (editable && !paletteBeside) palettePanel(left, progW);

    ImGui::SetCursorPosX(left);
    wrappedText(tr("Programma"), ctx.view.fonts().bold, 0, progW);
    if (editable) {
        const int used = program.blocks();
        const bool over = sc.maxBlocks > 0 && used > sc.maxBlocks;
        ImGui::SetCursorPosX(left);
        wrappedText(sc.maxBlocks > 0 ? kit::format(tr("%d blokken, hoogstens %d"), used, sc.maxBlocks)
                                     : kit::format(tr("%d blokken"), used),
                    nullptr, over ? p.warning : p.mutedText, progW);
        auto& undo = state.orders[key + "#undo"];
        ImGui::SetCursorPosX(left);
        if (bigButton(tr("↶ Ongedaan maken"), false, 0, !undo.empty()) && !undo.empty()) {
            const std::string before = undo.back();
            undo.pop_back();
            ctx.act(sim::Action{"undo", ""}, before.empty() ? Value::null(Cardinality::Single, BaseType::String)
                                                            : Value::single(BaseType::String, before));
            ui.picked.clear();
            ui.resetRun();
            edited = true;
        }
        if (placing && carried->move) {
            ImGui::SameLine(0, em(0.5f));
            if (bigButton(tr("✗ Verwijder blok"), false)) remove(carried->line);
        }
    }
    ImGui::Dummy(em(0, 0.2f));

    const float arm = em(1.1f);
    const float rowH = em(2.8f), pillH = em(2.1f), endH = em(0.9f), elseH = em(1.9f), slotH = em(1.9f);
    const std::vector<Slot> allSlots = slots(program);
    std::vector<Zone> zones;  // where the mouse puts a block
    std::vector<float> rowTop(static_cast<size_t>(n), 0), rowBottom(static_cast<size_t>(n), 0);
    const ImVec2 areaMin = ImGui::GetCursorScreenPos();
    const int highlight = ui.ran && ui.shown > 0 ? pose.line : -1;
    std::optional<int> placeAt, removeLine, pickLine;
    std::optional<std::pair<int, int>> newCount;
    std::optional<std::pair<int, Sensor>> newSensor;
    int slotNumber = 0;

    // In placing mode, the places the block can go, between the blocks: Tab stops the arrow keys
    // move between.
    auto drawSlot = [&](int index) {
        const Slot& s = allSlots[static_cast<size_t>(index)];
        if (!placing || !allowedAt(s, *carried, program)) return;
        ++slotNumber;
        const float x = left + arm * static_cast<float>(s.depth);
        ImGui::SetCursorPosX(x);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 size(std::max(em(5), progW - (x - left)), slotH);
        ImGui::PushID(index);
        ImGui::PushID("slot");
        const bool pressed = kit::tabStopButton("##slot", size);
        const std::string name = kit::format(tr("Plek %d"), slotNumber);
        a11yRecord("gap", name + ": " + slotWords(program, index, sc.theme));
        takeFocus(ui, "slot:" + std::to_string(index));
        const bool lit = ImGui::IsItemHovered() || ImGui::IsItemFocused();
        const ImVec2 end(at.x + size.x, at.y + size.y);
        dl->AddRectFilled(at, end, lit ? p.selected : p.background, em(0.3f));
        dl->AddRect(at, end, p.accent, em(0.3f), 0, stroke());
        dl->AddText(ImVec2(at.x + em(0.6f), at.y + (size.y - ImGui::GetFontSize()) / 2), p.accent,
                    (name + " · " + slotWords(program, index, sc.theme)).c_str());
        focusRing();
        if (pressed) placeAt = index;
        ImGui::PopID();
        ImGui::PopID();
        zones.push_back({at.y, end.y, index});
    };

    if (n == 0) {
        drawSlot(0);
        ImGui::SetCursorPosX(left);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 size(progW, em(3));
        ImGui::Dummy(size);
        const ImVec2 end(at.x + size.x, at.y + size.y);
        dl->AddRect(at, end, p.border, em(0.3f), 0, stroke());
        const char* empty = editable ? tr("Nog leeg: zet hier blokken neer.") : tr("Geen blokken.");
        dl->AddText(ImVec2(at.x + em(0.6f), at.y + (size.y - ImGui::GetFontSize()) / 2), p.mutedText, empty);
        a11yRecordArea("text", empty, at, end);
        zones.push_back({at.y, end.y, 0});
    }
    for (int i = 0; i < n; ++i) {
        drawSlot(i);
        const Line& l = program.lines[static_cast<size_t>(i)];
        const float x = left + arm * static_cast<float>(l.depth);
        const float w = std::max(em(6), progW - (x - left));
        ImGui::SetCursorPosX(x);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::PushID(i);
        if (l.kind == Kind::End || l.kind == Kind::Else) {
            // The foot (or the middle) of a C-shaped block, and its arm down beside the body.
            // An end's `end` is its opener; an else's is its end, whose `end` is the if.
            const int openerAt = l.kind == Kind::Else ? program.lines[static_cast<size_t>(l.end)].end : l.end;
            const Line& opener = program.lines[static_cast<size_t>(openerAt)];
            const Look look = lookOf(familyOf(opener.kind));
            const float h = l.kind == Kind::End ? endH : elseH;
            ImGui::Dummy(ImVec2(w, h));
            const ImVec2 end(at.x + w, at.y + h);
            const int from = l.kind == Kind::End && opener.elseAt >= 0 ? opener.elseAt : openerAt;
            const ImVec2 armA(at.x, rowBottom[static_cast<size_t>(from)] - em(0.3f)), armB(at.x + arm, at.y + em(0.3f));
            dl->AddRectFilled(armA, armB, look.fill);
            dl->AddLine(ImVec2(armB.x, armA.y + em(0.3f)), ImVec2(armB.x, armB.y - em(0.3f)), look.edge, stroke());
            dl->AddLine(ImVec2(armA.x, armA.y + em(0.3f)), ImVec2(armA.x, armB.y - em(0.3f)), look.edge, stroke());
            dl->AddRectFilled(at, end, look.fill, em(0.3f));
            dl->AddRect(at, end, look.edge, em(0.3f), 0, stroke());
            if (l.kind == Kind::Else) {
                const char* words = blockFormat(Kind::Else);
                dl->AddText(ImVec2(at.x + em(1.2f), at.y + (h - ImGui::GetFontSize()) / 2), look.ink, words);
                a11yRecordArea("text", words, at, end);
            }
            rowTop[static_cast<size_t>(i)] = at.y;
            rowBottom[static_cast<size_t>(i)] = end.y;
            zones.push_back({at.y, at.y + h / 2, i});
            zones.push_back({at.y + h / 2, end.y, i + 1});
            ImGui::PopID();
            continue;
        }
        const Look look = lookOf(familyOf(l.kind));
        const bool pickedRow = carried && carried->move && carried->line == i;
        const ImVec2 end(at.x + w, at.y + rowH);
        rowTop[static_cast<size_t>(i)] = at.y;
        rowBottom[static_cast<size_t>(i)] = end.y;
        blockShape(dl, at, end, look, editable, pickedRow);
        if (i == highlight)
            dl->AddRect(ImVec2(at.x - em(0.2f), at.y - em(0.2f)), ImVec2(end.x + em(0.2f), end.y + em(0.2f)), p.focus,
                        em(0.45f), 0, stroke() * 2);
        const std::string words = blockWords(l, sc.theme);
        const bool controls = editable && !placing;
        if (controls) {
            // The block: a Tab stop; Enter or a click picks it up, Delete or Backspace removes it.
            const ImGuiID id = ImGui::GetID("##row");
            const ImRect bb(at, end);
            tabStopBefore(id);
            ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
            ImGui::ItemSize(ImVec2(w, rowH));
            ImGui::ItemAdd(bb, id);
            ImGui::PopItemFlag();
            tabStopAfter();
            bool hovered = false, held = false;
            bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held, ImGuiButtonFlags_AllowItemOverlap);
            ImGui::SetItemAllowOverlap();
            pressed |= enterOnFocusedItem();
            a11yRecord("block", words, pickedRow);
            takeFocus(ui, "row:" + std::to_string(i));
            if (ImGui::BeginDragDropSource()) {
                kit::setDragPayload(kPayload, "move:" + std::to_string(i), words);
                ImGui::EndDragDropSource();
            }
            if (hovered && !held) dl->AddRect(at, end, p.focus, em(0.35f), 0, stroke());
            focusRing();
            if (pressed) pickLine = i;
            if (ImGui::IsItemFocused() && (keyPressed(ImGuiKey_Delete) || keyPressed(ImGuiKey_Backspace)))
                removeLine = i;
        } else {
            ImGui::Dummy(ImVec2(w, rowH));
            a11yRecordArea("block", words, at, end);
        }
        // Its words, with its sensor or count in a small button of its own.
        const Parts parts = splitFormat(blockFormat(l.kind));
        float tx = at.x + (editable ? em(1.2f) : em(0.7f));
        const float ty = at.y + (rowH - ImGui::GetFontSize()) / 2;
        const float py = at.y + (rowH - pillH) / 2;
        dl->AddText(ImVec2(tx, ty), look.ink, parts.before.c_str());
        tx += ImGui::CalcTextSize(parts.before.c_str()).x;
        if (parts.argument && l.kind == Kind::Repeat) {
            const Look white = {p.surface, look.edge, p.text};
            if (controls) {
                ImGui::SetCursorScreenPos(ImVec2(tx, py));
                if (pill("##less", "−", tr("een keer minder"), white, pillH) && l.count > 1)
                    newCount = std::make_pair(i, l.count - 1);
                tx = ImGui::GetItemRectMax().x + em(0.2f);
            }
            const std::string number = std::to_string(l.count);
            const ImVec2 ns = ImGui::CalcTextSize(number.c_str());
            const ImVec2 na(tx, py), nb(tx + ns.x + em(0.9f), py + pillH);
            dl->AddRectFilled(na, nb, p.surface, pillH / 2);
            dl->AddRect(na, nb, look.edge, pillH / 2, 0, stroke());
            dl->AddText(ImVec2(na.x + em(0.45f), ty), p.text, number.c_str());
            tx = nb.x + em(0.2f);
            if (controls) {
                ImGui::SetCursorScreenPos(ImVec2(tx, py));
                if (pill("##more", "+", tr("een keer meer"), white, pillH) && l.count < kMaxRepeat)
                    newCount = std::make_pair(i, l.count + 1);
                tx = ImGui::GetItemRectMax().x;
            }
        } else if (parts.argument && hasSensor(l.kind)) {
            const std::string sensor = sensorWords(l.sensor, sc.theme);
            const Look sl = sensorLook();
            if (controls) {
                ImGui::SetCursorScreenPos(ImVec2(tx, py));
                if (pill("##sensor", sensor, sensor, sl, pillH) && sc.sensors.size() > 1) {
                    // The next sensor this task has, round and round.
                    auto it = std::find(sc.sensors.begin(), sc.sensors.end(), l.sensor);
                    const Sensor following =
                        it == sc.sensors.end() || it + 1 == sc.sensors.end() ? sc.sensors.front() : *(it + 1);
                    newSensor = std::make_pair(i, following);
                }
                tx = ImGui::GetItemRectMax().x;
            } else {
                const ImVec2 ss = ImGui::CalcTextSize(sensor.c_str());
                const ImVec2 sa(tx, py), sb(tx + ss.x + em(1.0f), py + pillH);
                dl->AddRectFilled(sa, sb, sl.fill, pillH / 2);
                dl->AddRect(sa, sb, sl.edge, pillH / 2, 0, stroke());
                dl->AddText(ImVec2(sa.x + em(0.5f), ty), sl.ink, sensor.c_str());
                tx = sb.x;
            }
        } else if (parts.argument) {
            dl->AddText(ImVec2(tx, ty), look.ink, l.name.c_str());
            tx += ImGui::CalcTextSize(l.name.c_str()).x;
        }
        if (parts.argument) tx += em(0.2f);
        dl->AddText(ImVec2(tx, ty), look.ink, parts.after.c_str());
        ImGui::SetCursorScreenPos(ImVec2(at.x, end.y + ImGui::GetStyle().ItemSpacing.y));
        zones.push_back({at.y, at.y + rowH / 2, i});
        zones.push_back({at.y + rowH / 2, end.y, i + 1});
        ImGui::PopID();
    }
    if (n > 0) drawSlot(n);
    ImGui::SetCursorPosX(left);
    ImGui::Dummy(ImVec2(progW, 1));
    const ImVec2 areaMax(areaMin.x + progW, ImGui::GetCursorScreenPos().y);

    // A block dragged over the program goes where the mouse is (a line shows where).
    if (dragged && ImGui::BeginDragDropTargetCustom(ImRect(areaMin, areaMax), ImGui::GetID("program-drop"))) {
        const int slot = slotAtY(zones, ImGui::GetIO().MousePos.y, n);
        const Slot& s = allSlots[static_cast<size_t>(slot)];
        if (allowedAt(s, *dragged, program)) {
            float y = areaMax.y;
            for (const Zone& z : zones)
                if (z.slot == slot) {
                    y = z.y0 + (z.y1 - z.y0 > rowH * 0.6f ? 0.0f : z.y1 - z.y0);
                    break;
                }
            dl->AddLine(ImVec2(areaMin.x + arm * static_cast<float>(s.depth), y), ImVec2(areaMax.x, y), p.focus,
                        stroke() * 2.5f);
        }
        if (ImGui::AcceptDragDropPayload(kPayload)) {
            carried = dragged;
            placeAt = slot;
        }
        ImGui::EndDragDropTarget();
    }
    // With a block picked up, a click anywhere in the program puts it at the place nearest the mouse.
    if (placing && !placeAt && ImGui::IsMouseClicked(0) && ImRect(areaMin, areaMax).Contains(ImGui::GetIO().MousePos) &&
        !ImGui::IsAnyItemHovered())
        placeAt = slotAtY(zones, ImGui::GetIO().MousePos.y, n);
    // Escape puts it back.
    if (placing && !placeAt && keyPressed(ImGuiKey_Escape)) {
        ui.focus = carried->move ? "row:" + std::to_string(carried->line) : "chip:" + carried->token;
        ui.picked.clear();
    }

    if (edited) {
    } else if (placeAt && carried) {
        place(*carried, *placeAt);
    } else if (removeLine) {
        remove(*removeLine);
    } else if (newCount) {
        if (const auto next = setCount(program, newCount->first, newCount->second))
            commit("count", std::to_string(newCount->second), toResponse(*next), "");
    } else if (newSensor) {
        if (const auto next = setSensor(program, newSensor->first, newSensor->second))
            commit("sensor", sensorToken(newSensor->second), toResponse(*next), "");
    } else if (pickLine) {
        ui.picked = "move:" + std::to_string(*pickLine);
        ui.focus = "slot:" + std::to_string(*pickLine);
    }
    ImGui::EndGroup();
    const float columnBottom = ImGui::GetCursorPosY();

    if (sideBySide) {
        const float x = left + progW + gap;
        ImGui::SetCursorPos(ImVec2(x, top));
        ImGui::BeginGroup();
        worldPanel(x);
        if (editable && paletteBeside) {
            ImGui::Dummy(em(0, 0.6f));
            palettePanel(x, worldW);
        }
        ImGui::EndGroup();
        ImGui::SetCursorPos(ImVec2(left, std::max(columnBottom, ImGui::GetCursorPosY())));
    }
    ImGui::Dummy(em(0, 0.2f));
    if (ui.focus == focusAsked) ui.focus.clear();  // asked for an item that was not drawn
    ui.save(state, key);
}

}  // namespace dlk::ui::views
