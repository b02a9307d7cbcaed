// Interactions over a picture: hotspot, select point, graphic order, graphic associate, graphic
// gap match, position object; and images in item bodies.
//
// Every picture has its own coordinate system: the width and height its <img>/<object> declares
// (else the file's own pixels). Hotspot coords and the points in responses are in that system;
// the picture is drawn scaled (1 CSS px = 1/16 em, narrowed to fit the column), and every mouse
// position is scaled back before it becomes an answer. Without a picture (no ImageCache, or a
// file that cannot be shown) a neutral rectangle of the declared size with the alt text stands in,
// and the interaction works the same over it.
//
// Mouse: the picture is one ImGui item that gets every click; the click is hit-tested against the
// hotspot shapes in picture coordinates. Keyboard: every hotspot is also its own focusable item
// (Tab/arrows, Enter/Space), recorded in the accessibility tree under its hotspotLabel. Where a
// free point is wanted (select point, position object) the picture itself takes the keyboard
// focus: the arrow keys then move a crosshair and Enter or Space sets the point.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>

#include "qti/area.h"
#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/item_view.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

constexpr float kCssPxPerEm = 16.0f;  // a picture's declared pixels are CSS pixels: 16 to the em
constexpr const char* kPictureNames[] = {"img", "object"};

// ---- small helpers ------------------------------------------------------------------------------

// "400", "400px", "400.5" -> 400.5; a percentage or anything else -> 0 (not declared).
float lengthAttribute(const BodyNode& n, const char* name) {
    const std::string* a = n.attribute(name);
    if (!a) return 0;
    std::string s = trim(*a);
    if (s.size() > 2 && s.ends_with("px")) s.resize(s.size() - 2);
    double v;
    return parseDouble(s, v) && v > 0 && v < 100000 ? static_cast<float>(v) : 0.0f;
}

bool isPictureNode(const BodyNode& n) {
    return !n.isText &&
           std::any_of(std::begin(kPictureNames), std::end(kPictureNames), [&](const char* x) { return n.name == x; });
}

// The picture of an interaction, stage or gap image: its first <img>/<object>, looking inside
// wrappers (p, div, picture) but never inside another interaction or choice.
const BodyNode* pictureNode(const BodyNode& parent) {
    for (const auto& c : parent.children)
        if (isPictureNode(c)) return &c;
    for (const auto& c : parent.children) {
        if (c.isText || c.isInteraction() || c.name == "gapImg" || c.name == "gapText" || c.name == "prompt") continue;
        if (const BodyNode* found = pictureNode(c)) return found;
    }
    return nullptr;
}

std::vector<const BodyNode*> descendantsNamed(const BodyNode& n, const char* name) {
    std::vector<const BodyNode*> out;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& b) {
        for (const auto& c : b.children) {
            if (c.isText) continue;
            if (c.name == name)
                out.push_back(&c);
            else
                walk(c);
        }
    };
    walk(n);
    return out;
}

bool contains(const std::vector<std::string>& items, const std::string& x) {
    return std::find(items.begin(), items.end(), x) != items.end();
}

ImU32 withAlpha(ImU32 color, int alpha) {
    return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(std::clamp(alpha, 0, 255)) << IM_COL32_A_SHIFT);
}

float strokeWidth() {
    return std::max(1.5f, em(0.1f));
}

bool keyPressed(ImGuiKey key, bool repeat = false) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
}

// ---- pictures -----------------------------------------------------------------------------------

struct Picture {
    std::string alt;
    float width = 400, height = 300;     // its coordinate system
    const LoadedImage* image = nullptr;  // shown when ok(); otherwise the placeholder
};

Picture makePicture(const BodyNode* node, ImageCache* images, const std::string& itemPath) {
    Picture p;
    if (!node) {
        p.alt = tr("Afbeelding");
        return p;
    }
    const bool object = node->name == "object";
    const std::string src = trim(node->attributeOr(object ? "data" : "src", ""));
    p.alt = trim(node->attributeOr("alt", object ? node->plainText() : ""));
    if (p.alt.empty()) p.alt = trim(node->attributeOr("title", ""));
    if (p.alt.empty()) p.alt = tr("Afbeelding");
    if (images && !src.empty()) p.image = &images->get(itemPath, src);
    const bool loaded = p.image && p.image->ok();
    const float nw = loaded ? static_cast<float>(p.image->width) : 0.0f;
    const float nh = loaded ? static_cast<float>(p.image->height) : 0.0f;
    const float dw = lengthAttribute(*node, "width"), dh = lengthAttribute(*node, "height");
    if (dw > 0 && dh > 0) {
        p.width = dw;
        p.height = dh;
    } else if (dw > 0) {
        p.width = dw;
        p.height = loaded ? dw * nh / nw : dw * 0.75f;
    } else if (dh > 0) {
        p.height = dh;
        p.width = loaded ? dh * nw / nh : dh / 0.75f;
    } else if (loaded) {
        p.width = nw;
        p.height = nh;
    }
    return p;
}

// Screen pixels per picture unit: the declared size in CSS pixels, but never wider than the
// column nor taller than the window (so the whole picture can be seen at once).
float displayScale(const Picture& p, float maxWidth) {
    float s = em(1) / kCssPxPerEm;
    s = std::min(s, maxWidth / p.width);
    const float maxHeight = std::max(em(8), ImGui::GetWindowHeight() - em(3));
    return std::min(s, maxHeight / p.height);
}

// The picture, or a neutral rectangle with the alt text when it cannot be shown.
void drawPicture(ImDrawList* dl, const Picture& p, ImVec2 a, ImVec2 b) {
    const Palette& pal = palette();
    if (p.image && p.image->ok()) {
        dl->AddImage(p.image->texture, a, b);
        return;
    }
    dl->AddRectFilled(a, b, pal.surface, em(0.2f));
    dl->AddRect(a, b, pal.border, em(0.2f), 0, 1.0f);
    const float pad = em(0.5f);
    const float wrap = std::max(em(2), b.x - a.x - 2 * pad);
    const ImVec2 ts = ImGui::CalcTextSize(p.alt.c_str(), nullptr, false, wrap);
    const ImVec2 at(a.x + std::max(pad, (b.x - a.x - ts.x) / 2), a.y + std::max(pad, (b.y - a.y - ts.y) / 2));
    dl->PushClipRect(a, b, true);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, pal.mutedText, p.alt.c_str(), nullptr, wrap);
    dl->PopClipRect();
}

// ---- shapes -------------------------------------------------------------------------------------

// Areas are read and hit-tested by core (qti/area.h), as the loader and the scoring do; these
// helpers only turn them into the picture's rectangle and ImGui's vectors. The default area is
// the whole picture.
using Shape = Area;

bool shapeContains(const Shape& s, ImVec2 p, float w, float h) {
    if (s.shape == AreaShape::Default) return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h;
    return areaContains(s, p.x, p.y);
}

ImRect shapeBounds(const Shape& s, float w, float h) {
    const auto b = areaBounds(s);
    if (!b) return ImRect(0, 0, w, h);
    return ImRect(static_cast<float>(b->left), static_cast<float>(b->top), static_cast<float>(b->right),
                  static_cast<float>(b->bottom));
}

// Where a badge (number, check) or a connecting line sits: the shape's centre.
ImVec2 shapeCenter(const Shape& s, float w, float h) {
    const auto c = areaCenter(s);
    return c ? ImVec2(static_cast<float>(c->first), static_cast<float>(c->second)) : ImVec2(w / 2, h / 2);
}

// ---- the picture as a control -------------------------------------------------------------------

struct Canvas {
    ImVec2 min, size, after;  // screen rectangle; the cursor position below it
    float scale = 1, w = 400, h = 300;
    ImGuiID id = 0;
    bool hovered = false;
    bool clicked = false;     // a mouse click (press and release without dragging) on the picture
    bool released = false;    // the mouse button went up after a press on the picture (click or drag)
    bool keyboard = false;    // it has the keyboard focus and takes the arrow keys
    bool reentered = false;   // Enter/Space just gave the arrows back to it (sets no point)
    ImVec2 pressAt, mouseAt;  // in picture coordinates

    ImVec2 toScreen(ImVec2 p) const { return ImVec2(min.x + p.x * scale, min.y + p.y * scale); }
    ImVec2 toImage(ImVec2 s) const { return ImVec2((s.x - min.x) / scale, (s.y - min.y) / scale); }
    ImVec2 max() const { return ImVec2(min.x + size.x, min.y + size.y); }
};

// Lays the picture out at `left`, draws it, and reads the mouse over it. `takesKeys`: the
// picture is a keyboard stop and, while it has the keyboard focus, holds ImGui's active id with
// the arrow directions claimed, so the arrows move its crosshair instead of the focus.
Canvas pictureCanvas(const char* strId, const Picture& pic, float left, float maxWidth, bool takesKeys) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImGuiIO& io = ImGui::GetIO();
    Canvas c;
    c.w = pic.width;
    c.h = pic.height;
    c.scale = displayScale(pic, maxWidth);
    ImGui::SetCursorPosX(left);
    c.min = ImGui::GetCursorScreenPos();
    c.size = ImVec2(std::max(1.0f, std::floor(c.w * c.scale)), std::max(1.0f, std::floor(c.h * c.scale)));
    c.id = window->GetID(strId);
    const ImRect bb(c.min, c.max());
    // A picture that only shows hotspots is no stop for the keyboard: its hotspots are.
    if (!takesKeys)
        ImGui::PushItemFlag(ImGuiItemFlags_NoNav | ImGuiItemFlags_NoTabStop | ImGuiItemFlags_NoNavDefaultFocus, true);
    if (takesKeys) {
        tabStopBefore(c.id);
        ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
    }
    ImGui::ItemSize(c.size);
    ImGui::ItemAdd(bb, c.id);
    ImGui::PopItemFlag();
    if (takesKeys) tabStopAfter();
    c.after = ImGui::GetCursorScreenPos();

    // Escape or Tab hands the arrows back to ImGui's navigation (so the keyboard can always
    // leave the picture); Enter or Space takes them again. Remembered until the focus leaves.
    ImGuiStorage* store = ImGui::GetStateStorage();
    const ImGuiID releasedId = c.id + 3;
    if (g.NavId != c.id) store->SetInt(releasedId, 0);
    const bool keyboardFocus = takesKeys && g.NavId == c.id && g.NavWindow == window && !g.NavDisableHighlight;
    bool released = store->GetInt(releasedId, 0) != 0;
    if (keyboardFocus && released && (keyPressed(ImGuiKey_Enter) || keyPressed(ImGuiKey_Space))) {
        released = false;
        c.reentered = true;
    } else if (keyboardFocus && !released && (keyPressed(ImGuiKey_Escape) || keyPressed(ImGuiKey_Tab))) {
        released = true;
    }
    store->SetInt(releasedId, released ? 1 : 0);
    const bool mouseUsed = io.MouseClicked[0] || io.MouseDelta.x != 0 || io.MouseDelta.y != 0;
    if (keyboardFocus && !released && !mouseUsed) {
        if (g.ActiveId != c.id) {
            ImGui::SetActiveID(c.id, window);
            g.ActiveIdSource = ImGuiInputSource_Nav;
        }
        g.ActiveIdUsingNavDirMask |=
            (1u << ImGuiDir_Left) | (1u << ImGuiDir_Right) | (1u << ImGuiDir_Up) | (1u << ImGuiDir_Down);
        c.keyboard = true;
    } else {
        if (g.ActiveId == c.id && g.ActiveIdSource == ImGuiInputSource_Nav) {
            ImGui::ClearActiveID();
            if (keyboardFocus) g.NavDisableHighlight = true;  // the mouse took over
        }
        const bool wasActive = g.ActiveId == c.id;
        bool held = false;
        const bool pressed = ImGui::ButtonBehavior(bb, c.id, &c.hovered, &held, ImGuiButtonFlags_NoNavFocus);
        // A press made by the keyboard (Enter on the focused picture) is not a click anywhere.
        const bool byMouse = g.NavActivateId != c.id;
        c.released = wasActive && g.ActiveId != c.id && !io.MouseDown[0];
        const float drag = std::hypot(io.MousePos.x - io.MouseClickedPos[0].x, io.MousePos.y - io.MouseClickedPos[0].y);
        c.clicked = pressed && byMouse && drag < io.MouseDragThreshold * 2;
    }
    // ImGui keeps the mouse on whole pixels; a pixel stands for the point at its centre.
    c.pressAt = c.toImage(ImVec2(io.MouseClickedPos[0].x + 0.5f, io.MouseClickedPos[0].y + 0.5f));
    c.mouseAt = c.toImage(ImVec2(io.MousePos.x + 0.5f, io.MousePos.y + 0.5f));
    drawPicture(ImGui::GetWindowDrawList(), pic, c.min, c.max());
    a11yRecord("image", pic.alt);
    return c;
}

// A point of the picture as a response value: whole picture units, inside the picture.
std::string pointValue(ImVec2 p, const Canvas& c) {
    const long x = std::lround(std::clamp(p.x, 0.0f, c.w));
    const long y = std::lround(std::clamp(p.y, 0.0f, c.h));
    return std::to_string(x) + " " + std::to_string(y);
}

std::optional<ImVec2> parsePoint(const std::string& v) {
    const auto parts = splitWhitespace(v);
    double x, y;
    if (parts.size() != 2 || !parseDouble(parts[0], x) || !parseDouble(parts[1], y)) return std::nullopt;
    return ImVec2(static_cast<float>(x), static_cast<float>(y));
}

// The keyboard's crosshair over a picture that takes keys: kept in ImGui's per-window storage
// (view state, not an answer), starting in the middle. Arrows move it by a 40th of the picture
// (Shift: one unit); returns true when Enter or Space asks to set a point there.
bool crosshairKeys(const Canvas& c, ImVec2& cross) {
    ImGuiStorage* store = ImGui::GetStateStorage();
    const ImGuiID xId = c.id + 1, yId = c.id + 2;
    cross = ImVec2(store->GetFloat(xId, c.w / 2), store->GetFloat(yId, c.h / 2));
    cross.x = std::clamp(cross.x, 0.0f, c.w);
    cross.y = std::clamp(cross.y, 0.0f, c.h);
    if (!c.keyboard) return false;
    const ImGuiIO& io = ImGui::GetIO();
    const float stepX = io.KeyShift ? 1.0f : std::max(1.0f, std::round(c.w / 40));
    const float stepY = io.KeyShift ? 1.0f : std::max(1.0f, std::round(c.h / 40));
    auto pressed = [](ImGuiKey k, bool repeat) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), repeat); };
    if (pressed(ImGuiKey_LeftArrow, true)) cross.x -= stepX;
    if (pressed(ImGuiKey_RightArrow, true)) cross.x += stepX;
    if (pressed(ImGuiKey_UpArrow, true)) cross.y -= stepY;
    if (pressed(ImGuiKey_DownArrow, true)) cross.y += stepY;
    cross.x = std::clamp(cross.x, 0.0f, c.w);
    cross.y = std::clamp(cross.y, 0.0f, c.h);
    store->SetFloat(xId, cross.x);
    store->SetFloat(yId, cross.y);
    return !c.reentered && (pressed(ImGuiKey_Enter, false) || pressed(ImGuiKey_Space, false));
}

void drawCrosshair(const Canvas& c, ImVec2 cross) {
    if (!c.keyboard) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    const float t = std::max(2.0f, em(0.15f));
    dl->AddRect(ImVec2(c.min.x - t, c.min.y - t), ImVec2(c.max().x + t, c.max().y + t), p.focus, em(0.35f), 0, t);
    const ImVec2 s = c.toScreen(cross);
    const float r = em(0.9f);
    for (int pass = 0; pass < 2; ++pass) {
        const ImU32 col = pass == 0 ? p.surface : p.focus;
        const float w = pass == 0 ? t + 2 : t;
        dl->AddLine(ImVec2(s.x - 2 * r, s.y), ImVec2(s.x - r * 0.4f, s.y), col, w);
        dl->AddLine(ImVec2(s.x + r * 0.4f, s.y), ImVec2(s.x + 2 * r, s.y), col, w);
        dl->AddLine(ImVec2(s.x, s.y - 2 * r), ImVec2(s.x, s.y - r * 0.4f), col, w);
        dl->AddLine(ImVec2(s.x, s.y + r * 0.4f), ImVec2(s.x, s.y + 2 * r), col, w);
        dl->AddCircle(s, r, col, 32, w);
    }
}

// ---- hotspots -----------------------------------------------------------------------------------

struct Spot {
    std::string id, label;
    Shape shape;
    int matchMax = 0;
};

std::vector<Spot> spotsOf(const BodyNode& interaction, const char* name) {
    std::vector<Spot> out;
    for (const BodyNode* n : descendantsNamed(interaction, name)) {
        auto shape = parseArea(n->attributeOr("shape", "default"), n->attributeOr("coords", ""));
        if (!shape) continue;  // the loader refuses such items; a broken area is never shown
        Spot s;
        s.id = n->attributeOr("identifier", "");
        s.label = trim(n->attributeOr("hotspotLabel", ""));
        if (s.label.empty()) s.label = trim(n->plainText());
        if (s.label.empty()) s.label = s.id;
        s.shape = *shape;
        s.matchMax = intAttr(*n, "matchMax", 0);
        out.push_back(std::move(s));
    }
    return out;
}

// The hotspot under a point of the picture: of those containing it, the smallest (so a small
// area drawn on a large one can still be hit); -1 when none.
int spotAt(const std::vector<Spot>& spots, ImVec2 p, const Canvas& c) {
    int best = -1;
    float bestArea = 0;
    for (size_t i = 0; i < spots.size(); ++i) {
        if (!shapeContains(spots[i].shape, p, c.w, c.h)) continue;
        const float a = static_cast<float>(std::min(areaSize(spots[i].shape), 1e30));
        if (best < 0 || a < bestArea) {
            best = static_cast<int>(i);
            bestArea = a;
        }
    }
    return best;
}

void shapePath(ImDrawList* dl, const Shape& s, const Canvas& c) {
    auto at = [](double x, double y) { return ImVec2(static_cast<float>(x), static_cast<float>(y)); };
    const auto& k = s.coords;
    switch (s.shape) {
        case AreaShape::Rect:
        case AreaShape::Default: {
            const ImRect r = shapeBounds(s, c.w, c.h);
            const ImVec2 a = c.toScreen(r.Min), b = c.toScreen(r.Max);
            dl->PathLineTo(a);
            dl->PathLineTo(ImVec2(b.x, a.y));
            dl->PathLineTo(b);
            dl->PathLineTo(ImVec2(a.x, b.y));
            break;
        }
        case AreaShape::Circle:
        case AreaShape::Ellipse: {
            const double rx = k[2], ry = s.shape == AreaShape::Circle ? k[2] : k[3];
            const int n = 48;
            for (int i = 0; i < n; ++i) {
                const double t = static_cast<double>(i) / n * 2 * IM_PI;
                dl->PathLineTo(c.toScreen(at(k[0] + rx * std::cos(t), k[1] + ry * std::sin(t))));
            }
            break;
        }
        case AreaShape::Poly:
            for (size_t i = 0; i + 1 < k.size(); i += 2) dl->PathLineTo(c.toScreen(at(k[i], k[i + 1])));
            break;
    }
}

bool pathIsConvex(const ImDrawList* dl) {
    const auto& p = dl->_Path;
    if (p.Size < 3) return false;
    int sign = 0;
    for (int i = 0; i < p.Size; ++i) {
        const ImVec2 a = p[i], b = p[(i + 1) % p.Size], d = p[(i + 2) % p.Size];
        const float cross = (b.x - a.x) * (d.y - b.y) - (b.y - a.y) * (d.x - b.x);
        if (cross == 0) continue;
        const int s = cross > 0 ? 1 : -1;
        if (sign == 0)
            sign = s;
        else if (s != sign)
            return false;
    }
    return true;
}

void fillShape(ImDrawList* dl, const Shape& s, const Canvas& c, ImU32 col) {
    shapePath(dl, s, c);
    // ImGui fills convex shapes only; a concave polygon gets its thick outline and badge instead.
    if (pathIsConvex(dl)) {
        // Anti-aliased filling wants clockwise points (on screen, y down).
        auto& p = dl->_Path;
        float area = 0;
        for (int i = 0; i < p.Size; ++i) area += p[i].x * p[(i + 1) % p.Size].y - p[(i + 1) % p.Size].x * p[i].y;
        if (area < 0) std::reverse(p.Data, p.Data + p.Size);
        dl->PathFillConvex(col);
    } else {
        dl->PathClear();
    }
}

void strokeShape(ImDrawList* dl, const Shape& s, const Canvas& c, ImU32 col, float thickness) {
    shapePath(dl, s, c);
    dl->PathStroke(col, ImDrawFlags_Closed, thickness);
}

enum class SpotLook { Idle, Hovered, Chosen, Picked };

// Outlined always (so the places to click can be seen, also over the placeholder), with a light
// halo so the line shows on dark and light pictures alike; chosen ones filled and drawn thicker.
void drawSpot(const Spot& s, const Canvas& c, SpotLook look) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    const float t = strokeWidth();
    if (look == SpotLook::Hovered) fillShape(dl, s.shape, c, withAlpha(p.accent, 40));
    if (look == SpotLook::Chosen) fillShape(dl, s.shape, c, withAlpha(p.accent, 90));
    if (look == SpotLook::Picked) fillShape(dl, s.shape, c, withAlpha(p.focus, 90));
    const bool strong = look == SpotLook::Chosen || look == SpotLook::Picked;
    strokeShape(dl, s.shape, c, withAlpha(p.surface, 220), (strong ? 2 * t : t) + 2.0f);
    strokeShape(dl, s.shape, c, look == SpotLook::Picked ? p.focus : p.accent, strong ? 2 * t : t);
}

// A round badge with a number or a check at a point of the picture.
void badge(const Canvas& c, ImVec2 at, const std::string& text) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    const ImVec2 s = c.toScreen(at);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const float r = std::max(em(0.75f), ts.x / 2 + em(0.3f));
    dl->AddCircleFilled(s, r + 2.0f, p.surface, 24);
    dl->AddCircleFilled(s, r, p.accent, 24);
    dl->AddText(ImVec2(s.x - ts.x / 2, s.y - ts.y / 2), p.accentText, text.c_str());
}

// One focusable item per hotspot, over its bounding box, for the keyboard (the mouse goes to the
// picture, which was submitted first and so wins the hover). Records each under its label and
// draws the focus as a thick outline of the shape. Returns the hotspot activated by Enter or
// Space, or -1.
int spotKeys(const std::vector<Spot>& spots, const Canvas& c, const std::function<bool(size_t)>& chosen) {
    int activated = -1;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    for (size_t i = 0; i < spots.size(); ++i) {
        const ImRect r = shapeBounds(spots[i].shape, c.w, c.h);
        ImVec2 a = c.toScreen(r.Min), b = c.toScreen(r.Max);
        a.x = std::clamp(a.x, c.min.x, c.max().x - 1);
        a.y = std::clamp(a.y, c.min.y, c.max().y - 1);
        b.x = std::clamp(b.x, a.x + 1, c.max().x);
        b.y = std::clamp(b.y, a.y + 1, c.max().y);
        ImGui::SetCursorScreenPos(a);
        ImGui::PushID(static_cast<int>(i));
        tabStopBefore(ImGui::GetID("spot"));
        ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
        const bool pressed = ImGui::InvisibleButton("spot", ImVec2(b.x - a.x, b.y - a.y));
        ImGui::PopItemFlag();
        tabStopAfter();
        if (pressed || enterOnFocusedItem()) activated = static_cast<int>(i);
        a11yRecord("choice", spots[i].label, chosen(i));
        if (ImGui::IsItemFocused() && !g.NavDisableHighlight) {
            const float t = std::max(2.0f, em(0.15f));
            strokeShape(ImGui::GetWindowDrawList(), spots[i].shape, c, palette().surface, 2 * t + 2.0f);
            strokeShape(ImGui::GetWindowDrawList(), spots[i].shape, c, palette().focus, 2 * t);
        }
        ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(c.after);
    return activated;
}

// A choice to be placed (gap image, gap text, the object of a position interaction): a tile
// with its picture (at the scale of the picture it goes onto) or its words.
ImVec2 tileInner(const std::string& label, const Picture* pic, float scale) {
    if (!pic) return ImGui::CalcTextSize(label.c_str());
    ImVec2 inner(pic->width * scale, pic->height * scale);
    // Tiny pictures grow to a comfortable target; huge ones shrink to a tile.
    if (inner.y < em(1.8f)) inner = ImVec2(inner.x * em(1.8f) / inner.y, em(1.8f));
    const float shrink = std::min({1.0f, em(8) / inner.x, em(6) / inner.y});
    return ImVec2(inner.x * shrink, inner.y * shrink);
}

ImVec2 tileSize(const std::string& label, const Picture* pic, float scale) {
    const ImVec2 inner = tileInner(label, pic, scale);
    return ImVec2(std::max(inner.x + em(0.8f), em(2.6f)), std::max(inner.y + em(0.8f), em(2.6f)));
}

// Draggable (the caller adds the drag source), picked up by a click or Enter/Space.
bool tile(const char* id, const std::string& label, const Picture* pic, float scale, bool picked, bool spent) {
    const Palette& p = palette();
    const ImVec2 inner = tileInner(label, pic, scale);
    const ImVec2 size = tileSize(label, pic, scale);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(id);
    tabStopBefore(ImGui::GetID("##tile"));
    ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
    bool pressed = ImGui::InvisibleButton("##tile", size);
    ImGui::PopItemFlag();
    tabStopAfter();
    pressed |= enterOnFocusedItem();
    a11yRecord("choice", label, picked);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    const float r = em(0.3f);
    dl->AddRectFilled(pos, end, picked || hovered ? p.selected : p.surface, r);
    dl->AddRect(pos, end, picked ? p.accent : p.border, r, 0, picked ? std::max(2.0f, em(0.12f)) : 1.0f);
    const ImVec2 at(pos.x + (size.x - inner.x) / 2, pos.y + (size.y - inner.y) / 2);
    if (pic)
        drawPicture(dl, *pic, at, ImVec2(at.x + inner.x, at.y + inner.y));
    else
        dl->AddText(at, p.text, label.c_str());
    if (spent) dl->AddRectFilled(pos, end, withAlpha(p.background, 150), r);  // used up: faded
    focusRing();
    ImGui::PopID();
    return pressed;
}

// Lays tiles out left to right, wrapping at the column's edge.
struct TileRow {
    float left, width;
    bool first = true;
    void next(float tileWidth) {
        if (!first) {
            ImGui::SameLine(0, em(0.5f));
            if (ImGui::GetCursorPosX() + tileWidth > left + width) ImGui::NewLine();
        }
        if (first || ImGui::GetCursorPosX() < left) ImGui::SetCursorPosX(left);
        first = false;
    }
};

// Pairs "A B" of a response, split; malformed ones are skipped.
std::vector<std::pair<std::string, std::string>> pairsOf(const std::vector<std::string>& items) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& v : items) {
        const auto parts = splitWhitespace(v);
        if (parts.size() == 2) out.emplace_back(parts[0], parts[1]);
    }
    return out;
}

void hint(const std::string& text, float left, float width, ImU32 color = 0) {
    ImGui::SetCursorPosX(left);
    wrappedText(text, nullptr, color ? color : palette().mutedText, width);
}

std::string formatted(const char* format, int n) {
    char buf[160];
    std::snprintf(buf, sizeof buf, format, n);
    return buf;
}

}  // namespace

// ---- images in the body -------------------------------------------------------------------------

void ItemView::image(const BodyNode& node) {
    const Picture pic = makePicture(&node, m_images, m_session.currentItem().sourcePath);
    const float scale = displayScale(pic, m_width);
    ImGui::SetCursorPosX(m_left);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImVec2 size(std::max(1.0f, pic.width * scale), std::max(1.0f, pic.height * scale));
    const bool sized = lengthAttribute(node, "width") > 0 || lengthAttribute(node, "height") > 0;
    if (!(pic.image && pic.image->ok()) && !sized) {
        // Nothing tells how big it was meant to be: a box just big enough for its alt text.
        const ImVec2 ts = ImGui::CalcTextSize(pic.alt.c_str(), nullptr, false, m_width - em(1));
        size = ImVec2(std::min(m_width, ts.x + em(1)), ts.y + em(1));
    }
    ImGui::Dummy(size);
    a11yRecord("image", pic.alt);
    drawPicture(ImGui::GetWindowDrawList(), pic, a, ImVec2(a.x + size.x, a.y + size.y));
    ImGui::Dummy(em(0, 0.4f));
}

// ---- hotspot: identifier(s) of the chosen areas -------------------------------------------------

void ItemView::hotspotInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const bool multiple = decl->cardinality != Cardinality::Single;
    const int maxChoices = multiple ? intAttr(node, "maxChoices", 0) : 1;
    const Picture pic = makePicture(pictureNode(node), m_images, m_session.currentItem().sourcePath);
    const auto spots = spotsOf(node, "hotspotChoice");
    const Value current = m_session.response(rid);
    auto chosen = [&](size_t i) { return contains(current.items, spots[i].id); };

    ImGui::PushID(rid.c_str());
    const Canvas c = pictureCanvas("picture", pic, m_left, m_width, false);
    const int hovered = c.hovered ? spotAt(spots, c.mouseAt, c) : -1;
    int toggled = c.clicked ? spotAt(spots, c.mouseAt, c) : -1;
    for (size_t i = 0; i < spots.size(); ++i)
        drawSpot(spots[i], c,
                 chosen(i)                        ? SpotLook::Chosen
                 : static_cast<int>(i) == hovered ? SpotLook::Hovered
                                                  : SpotLook::Idle);
    for (size_t i = 0; i < spots.size(); ++i)
        if (chosen(i)) badge(c, shapeCenter(spots[i].shape, c.w, c.h), "✓");
    if (const int k = spotKeys(spots, c, chosen); k >= 0) toggled = k;

    if (toggled >= 0) {
        const std::string& id = spots[static_cast<size_t>(toggled)].id;
        if (!multiple) {
            m_session.setResponse(rid, Value::single(decl->baseType, id), m_now);
        } else {
            std::vector<std::string> items = current.items;
            if (contains(items, id))
                items.erase(std::remove(items.begin(), items.end(), id), items.end());
            else if (maxChoices == 0 || static_cast<int>(items.size()) < maxChoices)
                items.push_back(id);
            m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
        }
    }
    if (multiple && maxChoices > 0) hint(formatted(tr("Je kiest er hoogstens %d."), maxChoices), m_left, m_width);
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

// ---- select point: point(s) in picture coordinates ----------------------------------------------

void ItemView::selectPointInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const bool multiple = decl->cardinality != Cardinality::Single;
    const int maxChoices = multiple ? intAttr(node, "maxChoices", 0) : 1;
    const Picture pic = makePicture(pictureNode(node), m_images, m_session.currentItem().sourcePath);
    const Value current = m_session.response(rid);

    ImGui::PushID(rid.c_str());
    const Canvas c = pictureCanvas("picture", pic, m_left, m_width, true);
    ImVec2 cross;
    std::optional<ImVec2> at;
    if (crosshairKeys(c, cross)) at = cross;
    if (c.clicked) at = c.mouseAt;
    const float grab = em(0.9f) / c.scale;  // a point this close to a marker is that marker

    bool full = false;
    if (at) {
        std::vector<std::string> items = current.items;
        auto near = std::find_if(items.begin(), items.end(), [&](const std::string& v) {
            const auto p = parsePoint(v);
            return p && std::hypot(p->x - at->x, p->y - at->y) <= grab;
        });
        if (near != items.end())
            items.erase(near);  // clicking a point takes it away
        else if (!multiple)
            items = {pointValue(*at, c)};
        else if (maxChoices == 0 || static_cast<int>(items.size()) < maxChoices)
            items.push_back(pointValue(*at, c));
        else
            full = true;
        if (!full) {
            if (multiple)
                m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
            else
                m_session.setResponse(rid, Value::single(decl->baseType, items.empty() ? "" : items[0]), m_now);
        }
    }
    const Value shown = m_session.response(rid);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    int number = 1;
    for (const auto& v : shown.items) {
        const auto pt = parsePoint(v);
        if (!pt) continue;
        if (multiple) {
            badge(c, *pt, std::to_string(number++));
        } else {
            const ImVec2 s = c.toScreen(*pt);
            const float r = em(0.45f);
            dl->AddCircleFilled(s, r + 2.0f, p.surface, 24);
            dl->AddCircleFilled(s, r, p.accent, 24);
            dl->AddCircleFilled(s, r * 0.35f, p.accentText, 12);
        }
    }
    drawCrosshair(c, cross);

    hint(tr("Klik op de plek in de afbeelding. Klik op een punt om het weer weg te halen."), m_left, m_width);
    if (c.keyboard)
        hint(tr("Met het toetsenbord: wijs met de pijltjes en druk op Enter. Druk op Esc als je klaar bent."), m_left,
             m_width);
    if (multiple && maxChoices > 1)
        hint(formatted(tr("Je kunt hoogstens %d punten zetten."), maxChoices), m_left, m_width,
             full || static_cast<int>(shown.items.size()) >= maxChoices ? p.text : 0);
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

// ---- graphic order: the hotspots' identifiers in the order clicked -------------------------------

void ItemView::graphicOrderInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const int maxChoices = intAttr(node, "maxChoices", 0);
    const Picture pic = makePicture(pictureNode(node), m_images, m_session.currentItem().sourcePath);
    const auto spots = spotsOf(node, "hotspotChoice");
    const Value current = m_session.response(rid);
    auto chosen = [&](size_t i) { return contains(current.items, spots[i].id); };

    ImGui::PushID(rid.c_str());
    const Canvas c = pictureCanvas("picture", pic, m_left, m_width, false);
    const int hovered = c.hovered ? spotAt(spots, c.mouseAt, c) : -1;
    int toggled = c.clicked ? spotAt(spots, c.mouseAt, c) : -1;
    for (size_t i = 0; i < spots.size(); ++i)
        drawSpot(spots[i], c,
                 chosen(i)                        ? SpotLook::Chosen
                 : static_cast<int>(i) == hovered ? SpotLook::Hovered
                                                  : SpotLook::Idle);
    for (size_t n = 0; n < current.items.size(); ++n)
        for (const auto& s : spots)
            if (s.id == current.items[n]) badge(c, shapeCenter(s.shape, c.w, c.h), std::to_string(n + 1));
    if (const int k = spotKeys(spots, c, chosen); k >= 0) toggled = k;

    if (toggled >= 0) {
        // Clicking a numbered place takes its number away; the ones after it move up.
        std::vector<std::string> order = current.items;
        const std::string& id = spots[static_cast<size_t>(toggled)].id;
        if (contains(order, id))
            order.erase(std::remove(order.begin(), order.end(), id), order.end());
        else if (maxChoices == 0 || static_cast<int>(order.size()) < maxChoices)
            order.push_back(id);
        m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, order), m_now);
    }
    hint(tr("Klik de plekken aan in de goede volgorde. Klik nog eens op een plek om het nummer weg te halen."), m_left,
         m_width);
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

// ---- graphic associate: pairs of hotspots --------------------------------------------------------

void ItemView::graphicAssociateInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const int maxAssociations = intAttr(node, "maxAssociations", 1);
    const Picture pic = makePicture(pictureNode(node), m_images, m_session.currentItem().sourcePath);
    const auto spots = spotsOf(node, "associableHotspot");
    const Value current = m_session.response(rid);
    const auto pairs = pairsOf(current.items);
    std::string& picked = m_state.picked[key(rid)];
    auto indexOf = [&](const std::string& id) {
        for (size_t i = 0; i < spots.size(); ++i)
            if (spots[i].id == id) return static_cast<int>(i);
        return -1;
    };
    auto paired = [&](size_t i) {
        return std::any_of(pairs.begin(), pairs.end(),
                           [&](const auto& pr) { return pr.first == spots[i].id || pr.second == spots[i].id; });
    };

    ImGui::PushID(rid.c_str());
    const Canvas c = pictureCanvas("picture", pic, m_left, m_width, false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    std::optional<std::pair<std::string, std::string>> connect;
    int activated = -1;
    if (c.released) {
        // A drag from one place to another connects them; a click picks (or connects to the picked).
        const int from = spotAt(spots, c.pressAt, c), to = spotAt(spots, c.mouseAt, c);
        if (from >= 0 && to >= 0 && from != to)
            connect = {spots[static_cast<size_t>(from)].id, spots[static_cast<size_t>(to)].id};
        else if (c.clicked)
            activated = to;
    }
    const int hovered = c.hovered ? spotAt(spots, c.mouseAt, c) : -1;
    for (size_t i = 0; i < spots.size(); ++i) {
        const SpotLook look = spots[i].id == picked            ? SpotLook::Picked
                              : paired(i)                      ? SpotLook::Chosen
                              : static_cast<int>(i) == hovered ? SpotLook::Hovered
                                                               : SpotLook::Idle;
        drawSpot(spots[i], c, look);
    }
    auto centerOf = [&](int i) { return c.toScreen(shapeCenter(spots[static_cast<size_t>(i)].shape, c.w, c.h)); };
    const float t = strokeWidth();
    for (const auto& [a, b] : pairs) {
        const int ia = indexOf(a), ib = indexOf(b);
        if (ia < 0 || ib < 0) continue;
        dl->AddLine(centerOf(ia), centerOf(ib), withAlpha(p.surface, 230), 3 * t + 2.0f);
        dl->AddLine(centerOf(ia), centerOf(ib), p.accent, 3 * t);
    }
    if (ImGui::IsMouseDragging(0) && ImGui::GetCurrentContext()->ActiveId == c.id) {
        if (const int from = spotAt(spots, c.pressAt, c); from >= 0)
            dl->AddLine(centerOf(from), ImGui::GetIO().MousePos, p.focus, 2 * t);
    }
    for (const auto& [a, b] : pairs) {
        const int ia = indexOf(a), ib = indexOf(b);
        if (ia < 0 || ib < 0) continue;
        for (int i : {ia, ib}) {
            const ImVec2 s = centerOf(i);
            dl->AddCircleFilled(s, em(0.35f) + 2.0f, p.surface, 16);
            dl->AddCircleFilled(s, em(0.35f), p.accent, 16);
        }
    }
    if (const int k = spotKeys(
            spots, c, [&](size_t i) { return spots[i].id == picked || paired(i); });
        k >= 0)
        activated = k;

    if (activated >= 0) {
        const std::string& id = spots[static_cast<size_t>(activated)].id;
        if (picked.empty())
            picked = id;
        else if (picked == id)
            picked.clear();
        else {
            connect = {picked, id};
            picked.clear();
        }
    }
    bool full = false;
    std::optional<size_t> remove;
    // The connections, each with a button that takes it away (also the keyboard's way).
    for (size_t n = 0; n < pairs.size(); ++n) {
        const int ia = indexOf(pairs[n].first), ib = indexOf(pairs[n].second);
        const std::string la = ia >= 0 ? spots[static_cast<size_t>(ia)].label : pairs[n].first;
        const std::string lb = ib >= 0 ? spots[static_cast<size_t>(ib)].label : pairs[n].second;
        char label[256];
        std::snprintf(label, sizeof label, tr("Weghalen: %s – %s"), la.c_str(), lb.c_str());
        ImGui::PushID(static_cast<int>(n));
        ImGui::SetCursorPosX(m_left);
        if (bigButton((std::string(label) + "##pair").c_str(), false)) remove = n;
        ImGui::PopID();
    }
    if (connect) {
        std::vector<std::pair<std::string, std::string>> next = pairs;
        const auto& [a, b] = *connect;
        const bool exists = std::any_of(next.begin(), next.end(), [&](const auto& pr) {
            return (pr.first == a && pr.second == b) || (pr.first == b && pr.second == a);
        });
        if (!exists) {
            // A place that takes one connection moves it; one that is full refuses.
            for (const std::string& end : {a, b}) {
                const int i = indexOf(end);
                const int mm = i >= 0 ? spots[static_cast<size_t>(i)].matchMax : 0;
                const auto count = std::count_if(next.begin(), next.end(),
                                                 [&](const auto& pr) { return pr.first == end || pr.second == end; });
                if (mm == 1)
                    next.erase(std::remove_if(next.begin(), next.end(),
                                              [&](const auto& pr) { return pr.first == end || pr.second == end; }),
                               next.end());
                else if (mm > 1 && count >= mm)
                    full = true;
            }
            if (maxAssociations > 0 && static_cast<int>(next.size()) >= maxAssociations) full = true;
            if (!full) {
                next.emplace_back(a, b);
                std::vector<std::string> items;
                for (const auto& [x, y] : next) items.push_back(x + " " + y);
                m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
            }
        }
    } else if (remove) {
        std::vector<std::string> items;
        for (size_t n = 0; n < pairs.size(); ++n)
            if (n != *remove) items.push_back(pairs[n].first + " " + pairs[n].second);
        m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
    }
    hint(picked.empty() ? tr("Klik op twee plekken om ze met een lijn te verbinden.")
                        : tr("Klik nu op de plek waarmee je deze wilt verbinden."),
         m_left, m_width, picked.empty() ? 0 : p.text);
    if (maxAssociations > 1)
        hint(formatted(tr("Je kunt hoogstens %d verbindingen maken."), maxAssociations), m_left, m_width,
             full ? p.text : 0);
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

// ---- graphic gap match: choice -> hotspot pairs ---------------------------------------------------

void ItemView::graphicGapMatchInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const std::string& itemPath = m_session.currentItem().sourcePath;
    const int maxAssociations = intAttr(node, "maxAssociations", 0);
    const Picture pic = makePicture(pictureNode(node), m_images, itemPath);
    const auto spots = spotsOf(node, "associableHotspot");
    struct Choice {
        std::string id, label;
        std::optional<Picture> picture;
        int matchMax = 1;
    };
    std::vector<Choice> choices;
    std::function<void(const BodyNode&)> collect = [&](const BodyNode& b) {
        for (const auto& ch : b.children) {
            if (ch.isText) continue;
            if (ch.name == "gapImg" || ch.name == "gapText") {
                Choice choice;
                choice.id = ch.attributeOr("identifier", "");
                choice.matchMax = intAttr(ch, "matchMax", 1);
                if (ch.name == "gapImg") {
                    choice.picture = makePicture(pictureNode(ch), m_images, itemPath);
                    choice.label = trim(ch.attributeOr("objectLabel", ""));
                    if (choice.label.empty()) choice.label = choice.picture->alt;
                } else {
                    choice.label = trim(ch.plainText());
                }
                if (choice.label.empty()) choice.label = choice.id;
                choices.push_back(std::move(choice));
            } else if (ch.name != "associableHotspot" && !isPictureNode(ch) && ch.name != "prompt") {
                collect(ch);
            }
        }
    };
    collect(node);
    const Value current = m_session.response(rid);
    const auto pairs = pairsOf(current.items);
    std::string& picked = m_state.picked[key(rid)];
    auto choiceIndex = [&](const std::string& id) {
        for (size_t i = 0; i < choices.size(); ++i)
            if (choices[i].id == id) return static_cast<int>(i);
        return -1;
    };
    auto filled = [&](size_t s) {
        return std::any_of(pairs.begin(), pairs.end(), [&](const auto& pr) { return pr.second == spots[s].id; });
    };
    auto uses = [&](const std::string& choiceId) {
        return static_cast<int>(
            std::count_if(pairs.begin(), pairs.end(), [&](const auto& pr) { return pr.first == choiceId; }));
    };

    ImGui::PushID(rid.c_str());
    const std::string payloadType = "DLK_GGM";
    const Canvas c = pictureCanvas("picture", pic, m_left, m_width, false);
    std::optional<std::pair<std::string, int>> place;  // choice id -> hotspot index
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(payloadType.c_str())) {
            const std::string choiceId(static_cast<const char*>(payload->Data), static_cast<size_t>(payload->DataSize));
            if (const int s = spotAt(spots, c.mouseAt, c); s >= 0) place = {choiceId, s};
        }
        ImGui::EndDragDropTarget();
    }
    int activated = c.clicked ? spotAt(spots, c.mouseAt, c) : -1;
    const int hovered = c.hovered ? spotAt(spots, c.mouseAt, c) : -1;
    for (size_t i = 0; i < spots.size(); ++i)
        drawSpot(spots[i], c,
                 filled(i)                        ? SpotLook::Chosen
                 : static_cast<int>(i) == hovered ? SpotLook::Hovered
                                                  : SpotLook::Idle);
    // What has been placed: the picture fitted into its place, or its words on a label.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    for (size_t s = 0; s < spots.size(); ++s) {
        const ImRect r = shapeBounds(spots[s].shape, c.w, c.h);
        ImVec2 a = c.toScreen(r.Min), b = c.toScreen(r.Max);
        int stacked = 0;
        for (const auto& [choiceId, spotId] : pairs) {
            if (spotId != spots[s].id) continue;
            const int ci = choiceIndex(choiceId);
            if (ci < 0) continue;
            const Choice& ch = choices[static_cast<size_t>(ci)];
            if (ch.picture && ch.picture->image && ch.picture->image->ok() && stacked == 0) {
                const float f = std::min((b.x - a.x) / ch.picture->width, (b.y - a.y) / ch.picture->height);
                const ImVec2 size(ch.picture->width * f, ch.picture->height * f);
                const ImVec2 at((a.x + b.x - size.x) / 2, (a.y + b.y - size.y) / 2);
                drawPicture(dl, *ch.picture, at, ImVec2(at.x + size.x, at.y + size.y));
            } else {
                const ImVec2 ts = ImGui::CalcTextSize(ch.label.c_str());
                const ImVec2 center = c.toScreen(shapeCenter(spots[s].shape, c.w, c.h));
                const ImVec2 at(center.x - ts.x / 2,
                                center.y - ts.y / 2 + static_cast<float>(stacked) * (ts.y + em(0.5f)));
                const float pad = em(0.25f);
                dl->AddRectFilled(ImVec2(at.x - pad, at.y - pad), ImVec2(at.x + ts.x + pad, at.y + ts.y + pad),
                                  p.accent, em(0.2f));
                dl->AddText(at, p.accentText, ch.label.c_str());
            }
            ++stacked;
        }
    }
    if (const int k = spotKeys(
            spots, c, [&](size_t i) { return filled(i); });
        k >= 0)
        activated = k;
    if (activated >= 0 && !place) {
        if (!picked.empty()) {
            place = {picked, activated};
        } else {
            // A place clicked with nothing picked up gives back what is on it.
            std::vector<std::string> items;
            for (const auto& [ci, si] : pairs)
                if (si != spots[static_cast<size_t>(activated)].id) items.push_back(ci + " " + si);
            if (items.size() != pairs.size())
                m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
        }
    }

    // The choices, below the picture.
    ImGui::Dummy(em(0, 0.2f));
    TileRow row{m_left, m_width};
    for (const auto& ch : choices) {
        const float scale = c.scale;
        row.next(tileSize(ch.label, ch.picture ? &*ch.picture : nullptr, scale).x);
        const bool spent = ch.matchMax > 0 && uses(ch.id) >= ch.matchMax;
        if (tile(ch.id.c_str(), ch.label, ch.picture ? &*ch.picture : nullptr, scale, picked == ch.id, spent))
            picked = picked == ch.id ? "" : ch.id;
        if (ImGui::BeginDragDropSource()) {
            ImGui::SetDragDropPayload(payloadType.c_str(), ch.id.data(), ch.id.size());
            ImGui::TextUnformatted(ch.label.c_str());
            ImGui::EndDragDropSource();
        }
    }

    bool full = false;
    if (place) {
        const auto& [choiceId, s] = *place;
        const std::string& spotId = spots[static_cast<size_t>(s)].id;
        std::vector<std::pair<std::string, std::string>> next = pairs;
        const bool exists = std::any_of(next.begin(), next.end(),
                                        [&](const auto& pr) { return pr.first == choiceId && pr.second == spotId; });
        const int ci = choiceIndex(choiceId);
        if (!exists && ci >= 0) {
            // A place that takes one thing swaps it; a choice usable once moves.
            const int spotMax = spots[static_cast<size_t>(s)].matchMax;
            const int choiceMax = choices[static_cast<size_t>(ci)].matchMax;
            auto drop = [&](auto pred) { next.erase(std::remove_if(next.begin(), next.end(), pred), next.end()); };
            const auto onSpot =
                std::count_if(next.begin(), next.end(), [&](const auto& pr) { return pr.second == spotId; });
            if (spotMax == 1)
                drop([&](const auto& pr) { return pr.second == spotId; });
            else if (spotMax > 1 && onSpot >= spotMax)
                full = true;
            const auto used =
                std::count_if(next.begin(), next.end(), [&](const auto& pr) { return pr.first == choiceId; });
            if (choiceMax == 1)
                drop([&](const auto& pr) { return pr.first == choiceId; });
            else if (choiceMax > 1 && used >= choiceMax)
                full = true;
            if (maxAssociations > 0 && static_cast<int>(next.size()) >= maxAssociations) full = true;
            if (!full) {
                next.emplace_back(choiceId, spotId);
                std::vector<std::string> items;
                for (const auto& [x, y] : next) items.push_back(x + " " + y);
                m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
            }
        }
        picked.clear();
    }
    hint(picked.empty() ? tr("Sleep een stukje naar een plek, of klik erop en daarna op de plek. Klik op een gevulde "
                             "plek om het weer weg te halen.")
                        : tr("Klik nu op de plek waar het heen moet."),
         m_left, m_width, picked.empty() ? 0 : p.text);
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

// ---- position object: where each object was put, in stage coordinates ----------------------------

void ItemView::positionObjectInteraction(const BodyNode& stage) {
    const std::string& itemPath = m_session.currentItem().sourcePath;
    const Picture pic = makePicture(pictureNode(stage), m_images, itemPath);
    struct Placeable {
        std::string rid;
        const ResponseDeclaration* decl;
        Picture picture;
        ImVec2 center;  // the object's own point that lands on the answer point
        int maxChoices;
        Value current;
    };
    std::vector<Placeable> objects;
    for (const BodyNode* n : descendantsNamed(stage, "positionObjectInteraction")) {
        Placeable o;
        o.rid = n->attributeOr("responseIdentifier", "RESPONSE");
        o.decl = m_session.currentItem().findResponse(o.rid);
        if (!o.decl) continue;
        prompt(*n);
        o.picture = makePicture(pictureNode(*n), m_images, itemPath);
        o.center = ImVec2(o.picture.width / 2, o.picture.height / 2);
        if (const auto cp = parsePoint(n->attributeOr("centerPoint", ""))) o.center = *cp;
        o.maxChoices = o.decl->cardinality == Cardinality::Single ? 1 : intAttr(*n, "maxChoices", 1);
        o.current = m_session.response(o.rid);
        objects.push_back(std::move(o));
    }
    if (objects.empty()) return unsupportedInteraction(stage);

    ImGui::PushID(("stage/" + objects.front().rid).c_str());
    std::string& pickedId = m_state.picked[key(objects.front().rid) + "/stage"];
    int picked = -1;
    for (size_t k = 0; k < objects.size(); ++k)
        if (objects[k].rid == pickedId) picked = static_cast<int>(k);
    const Canvas c = pictureCanvas("stage", pic, m_left, m_width, true);
    const std::string payloadType = "DLK_POS";
    std::optional<std::pair<size_t, ImVec2>> put;  // which object, where
    bool needPick = false;
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* payload =
                ImGui::AcceptDragDropPayload(payloadType.c_str(), ImGuiDragDropFlags_AcceptNoPreviewTooltip)) {
            size_t k;
            std::memcpy(&k, payload->Data, sizeof k);
            if (k < objects.size()) put = {k, c.mouseAt};
        }
        ImGui::EndDragDropTarget();
    }
    ImVec2 cross;
    std::optional<ImVec2> at;
    if (crosshairKeys(c, cross)) at = cross;
    if (c.clicked) at = c.mouseAt;

    // Where each placed object sits on the screen, to draw it and to find it under a click.
    auto rectOf = [&](const Placeable& o, ImVec2 point) {
        const ImVec2 a = c.toScreen(ImVec2(point.x - o.center.x, point.y - o.center.y));
        return ImRect(a, ImVec2(a.x + o.picture.width * c.scale, a.y + o.picture.height * c.scale));
    };
    auto setPoints = [&](Placeable& o, const std::vector<std::string>& items) {
        if (o.decl->cardinality == Cardinality::Single)
            m_session.setResponse(o.rid, Value::single(o.decl->baseType, items.empty() ? "" : items.back()), m_now);
        else
            m_session.setResponse(o.rid, Value::container(o.decl->cardinality, o.decl->baseType, items), m_now);
        o.current = m_session.response(o.rid);
    };
    if (at && !put) {
        // A placed object under the click (or the crosshair) is taken off the stage again.
        const ImVec2 s = c.toScreen(*at);
        bool removed = false;
        for (auto it = objects.rbegin(); it != objects.rend() && !removed; ++it) {
            std::vector<std::string> items = it->current.items;
            for (size_t n = items.size(); n-- > 0;) {
                const auto pt = parsePoint(items[n]);
                if (pt && rectOf(*it, *pt).Contains(s)) {
                    items.erase(items.begin() + static_cast<long>(n));
                    setPoints(*it, items);
                    removed = true;
                    break;
                }
            }
        }
        if (!removed) {
            if (picked >= 0)
                put = {static_cast<size_t>(picked), *at};
            else if (objects.size() == 1)
                put = {0, *at};
            else
                needPick = true;
        }
    }
    bool full = false;
    if (put) {
        Placeable& o = objects[put->first];
        std::vector<std::string> items = o.current.items;
        const std::string v = pointValue(put->second, c);
        if (o.decl->cardinality == Cardinality::Single)
            items = {v};
        else if (o.maxChoices == 0 || static_cast<int>(items.size()) < o.maxChoices)
            items.push_back(v);
        else
            full = true;
        if (!full) setPoints(o, items);
        pickedId.clear();
        picked = -1;
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& p = palette();
    dl->PushClipRect(c.min, c.max(), true);
    for (const auto& o : objects)
        for (const auto& v : o.current.items)
            if (const auto pt = parsePoint(v)) {
                const ImRect r = rectOf(o, *pt);
                drawPicture(dl, o.picture, r.Min, r.Max);
                dl->AddRect(r.Min, r.Max, p.accent, 0, 0, strokeWidth());
                const ImVec2 s = c.toScreen(*pt);
                dl->AddCircleFilled(s, em(0.25f) + 2.0f, p.surface, 12);
                dl->AddCircleFilled(s, em(0.25f), p.accent, 12);
            }
    dl->PopClipRect();
    drawCrosshair(c, cross);

    // The objects to place, below the stage; a drag shows the object under the pointer.
    ImGui::Dummy(em(0, 0.2f));
    TileRow row{m_left, m_width};
    for (size_t k = 0; k < objects.size(); ++k) {
        const Placeable& o = objects[k];
        row.next(tileSize(o.picture.alt, &o.picture, c.scale).x);
        const bool spent = o.maxChoices > 0 && static_cast<int>(o.current.items.size()) >= o.maxChoices &&
                           o.decl->cardinality != Cardinality::Single;
        if (tile(o.rid.c_str(), o.picture.alt, &o.picture, c.scale, picked == static_cast<int>(k), spent))
            pickedId = picked == static_cast<int>(k) ? "" : o.rid;
        if (ImGui::BeginDragDropSource(ImGuiDragDropFlags_SourceNoPreviewTooltip)) {
            ImGui::SetDragDropPayload(payloadType.c_str(), &k, sizeof k);
            const ImVec2 m = ImGui::GetIO().MousePos;
            const ImVec2 a(m.x - o.center.x * c.scale, m.y - o.center.y * c.scale);
            drawPicture(ImGui::GetForegroundDrawList(), o.picture, a,
                        ImVec2(a.x + o.picture.width * c.scale, a.y + o.picture.height * c.scale));
            ImGui::EndDragDropSource();
        }
    }
    hint(objects.size() > 1 && picked < 0
             ? tr("Klik eerst op wat je wilt plaatsen en daarna op de plek. Je kunt het ook slepen.")
             : tr("Sleep het naar de goede plek, of klik op de plek in de afbeelding. Klik op iets dat al staat om het "
                  "weg te halen."),
         m_left, m_width, needPick ? p.text : 0);
    if (c.keyboard)
        hint(tr("Met het toetsenbord: wijs met de pijltjes en druk op Enter. Druk op Esc als je klaar bent."), m_left,
             m_width);
    for (const auto& o : objects)
        if (o.decl->cardinality != Cardinality::Single && o.maxChoices > 0)
            hint(formatted(tr("Je kunt dit hoogstens %d keer plaatsen."), o.maxChoices), m_left, m_width,
                 full || static_cast<int>(o.current.items.size()) >= o.maxChoices ? p.text : 0);
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

}  // namespace dlk::ui
