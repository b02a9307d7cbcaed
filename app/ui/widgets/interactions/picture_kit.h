#pragma once
// The drawing kit of the interactions over a picture (hotspot, select point, graphic order,
// graphic associate, graphic gap match, position object) and of pictures in item bodies.
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

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "qti/area.h"
#include "qti/item.h"
#include "ui/theme.h"

namespace dlk::ui {
class ImageCache;
class ItemView;
struct LoadedImage;
}  // namespace dlk::ui

namespace dlk::ui::picture {

// ---- small helpers
// "400", "400px", "400.5" -> 400.5; a percentage or anything else -> 0 (not declared).
float lengthAttribute(const BodyNode& n, const char* name);
bool isPictureNode(const BodyNode& n);
// The picture of an interaction, stage or gap image: its first <img>/<object>, looking inside
// wrappers (p, div, picture) but never inside another interaction or choice.
const BodyNode* pictureNode(const BodyNode& parent);
std::vector<const BodyNode*> descendantsNamed(const BodyNode& n, const char* name);
bool contains(const std::vector<std::string>& items, const std::string& x);
ImU32 withAlpha(ImU32 color, int alpha);
float strokeWidth();
bool keyPressed(ImGuiKey key, bool repeat = false);
// Pairs "A B" of a response, split; malformed ones are skipped.
std::vector<std::pair<std::string, std::string>> pairsOf(const std::vector<std::string>& items);

// ---- pictures
struct Picture {
    std::string alt;
    float width = 400, height = 300;     // its coordinate system
    const LoadedImage* image = nullptr;  // shown when ok(); otherwise the placeholder
};

Picture makePicture(const BodyNode* node, ImageCache* images, const std::string& itemPath);
// The picture of an interaction, stage or choice of the item being drawn (pictureNode of it).
Picture pictureOf(const ItemView& view, const BodyNode& holder);
// Screen pixels per picture unit: the declared size in CSS pixels, but never wider than the
// column nor taller than the window (so the whole picture can be seen at once).
float displayScale(const Picture& p, float maxWidth);
// The picture, or a neutral rectangle with the alt text when it cannot be shown.
void drawPicture(ImDrawList* dl, const Picture& p, ImVec2 a, ImVec2 b);

// ---- shapes
// Areas are read and hit-tested by core (qti/area.h), as the loader and the scoring do; these
// helpers only turn them into the picture's rectangle and ImGui's vectors. The default area is
// the whole picture.
using Shape = Area;
bool shapeContains(const Shape& s, ImVec2 p, float w, float h);
ImRect shapeBounds(const Shape& s, float w, float h);
// Where a badge (number, check) or a connecting line sits: the shape's centre.
ImVec2 shapeCenter(const Shape& s, float w, float h);

// ---- the picture as a control
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
Canvas pictureCanvas(const char* strId, const Picture& pic, float left, float maxWidth, bool takesKeys);
// A point of the picture as a response value: whole picture units, inside the picture.
std::string pointValue(ImVec2 p, const Canvas& c);
std::optional<ImVec2> parsePoint(const std::string& v);
// The keyboard's crosshair over a picture that takes keys: kept in ImGui's per-window storage
// (view state, not an answer), starting in the middle. Arrows move it by a 40th of the picture
// (Shift: one unit); returns true when Enter or Space asks to set a point there.
bool crosshairKeys(const Canvas& c, ImVec2& cross);
void drawCrosshair(const Canvas& c, ImVec2 cross);

// ---- hotspots
struct Spot {
    std::string id, label;
    Shape shape;
    int matchMax = 0;
};

std::vector<Spot> spotsOf(const BodyNode& interaction, const char* name);
// The hotspot under a point of the picture: of those containing it, the smallest (so a small
// area drawn on a large one can still be hit); -1 when none.
int spotAt(const std::vector<Spot>& spots, ImVec2 p, const Canvas& c);
enum class SpotLook { Idle, Hovered, Chosen, Picked };
// Outlined always (so the places to click can be seen, also over the placeholder), with a light
// halo so the line shows on dark and light pictures alike; chosen ones filled and drawn thicker.
void drawSpot(const Spot& s, const Canvas& c, SpotLook look);
// A round badge with a number or a check at a point of the picture.
void badge(const Canvas& c, ImVec2 at, const std::string& text);
// One focusable item per hotspot, over its bounding box, for the keyboard (the mouse goes to the
// picture, which was submitted first and so wins the hover). Records each under its label and
// draws the focus as a thick outline of the shape. Returns the hotspot activated by Enter or
// Space, or -1.
int spotKeys(const std::vector<Spot>& spots, const Canvas& c, const std::function<bool(size_t)>& chosen);

// A picture whose hotspots are chosen by clicking or by the keyboard (hotspot, graphic order):
// draws the spots (chosen ones filled), a badge on each spot `badgeOf` names (empty: none), and
// returns the spot clicked or activated this frame, or -1.
int pickSpot(const Canvas& c, const std::vector<Spot>& spots, const std::function<bool(size_t)>& chosen,
             const std::function<std::string(size_t)>& badgeOf);

// ---- things to place (gap images, gap texts, the objects of a position interaction)
// A tile with its picture (at the scale of the picture it goes onto) or its words; draggable
// (the caller adds the drag source), picked up by a click or Enter/Space.
ImVec2 tileSize(const std::string& label, const Picture* pic, float scale);
bool tile(const char* id, const std::string& label, const Picture* pic, float scale, bool picked, bool spent);

}  // namespace dlk::ui::picture

namespace dlk::ui::widgets {
using namespace picture;  // the widgets over a picture draw with this kit
}
