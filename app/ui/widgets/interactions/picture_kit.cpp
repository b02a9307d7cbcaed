// The drawing kit of the interactions over a picture (hotspot, select point, graphic order,
// graphic associate, graphic gap match, position object) and of pictures in item bodies: see
// picture_kit.h.
#include "ui/widgets/interactions/picture_kit.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "ui/widgets/item_view.h"
#include "util/text.h"

namespace dlk::ui::picture {

namespace {
constexpr float kCssPxPerEm = 16.0f;  // a picture's declared pixels are CSS pixels: 16 to the em
constexpr const char* kPictureNames[] = {"img", "object"};
}  // namespace

// ---- small helpers ------------------------------------------------------------------------------

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

bool keyPressed(ImGuiKey key, bool repeat) {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
}

// ---- pictures -----------------------------------------------------------------------------------

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

Picture pictureOf(const ItemView& view, const BodyNode& holder) {
    return makePicture(pictureNode(holder), view.images(), view.item().sourcePath);
}

float displayScale(const Picture& p, float maxWidth) {
    float s = em(1) / kCssPxPerEm;
    s = std::min(s, maxWidth / p.width);
    const float maxHeight = std::max(em(8), ImGui::GetWindowHeight() - em(3));
    return std::min(s, maxHeight / p.height);
}

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

ImVec2 shapeCenter(const Shape& s, float w, float h) {
    const auto c = areaCenter(s);
    return c ? ImVec2(static_cast<float>(c->first), static_cast<float>(c->second)) : ImVec2(w / 2, h / 2);
}

// ---- the picture as a control -------------------------------------------------------------------

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

int pickSpot(const Canvas& c, const std::vector<Spot>& spots, const std::function<bool(size_t)>& chosen,
             const std::function<std::string(size_t)>& badgeOf) {
    const int hovered = c.hovered ? spotAt(spots, c.mouseAt, c) : -1;
    int picked = c.clicked ? spotAt(spots, c.mouseAt, c) : -1;
    for (size_t i = 0; i < spots.size(); ++i)
        drawSpot(spots[i], c,
                 chosen(i)                        ? SpotLook::Chosen
                 : static_cast<int>(i) == hovered ? SpotLook::Hovered
                                                  : SpotLook::Idle);
    for (size_t i = 0; i < spots.size(); ++i)
        if (const std::string text = badgeOf(i); !text.empty()) badge(c, shapeCenter(spots[i].shape, c.w, c.h), text);
    if (const int k = spotKeys(spots, c, chosen); k >= 0) picked = k;
    return picked;
}

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
        if (kit::tabStopButton("spot", ImVec2(b.x - a.x, b.y - a.y))) activated = static_cast<int>(i);
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
    const bool pressed = kit::tabStopButton("##tile", size);
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

std::vector<std::pair<std::string, std::string>> pairsOf(const std::vector<std::string>& items) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& v : items) {
        const auto parts = splitWhitespace(v);
        if (parts.size() == 2) out.emplace_back(parts[0], parts[1]);
    }
    return out;
}
}  // namespace dlk::ui::picture
