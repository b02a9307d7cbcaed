#pragma once
// The small parts several interaction widgets share: words on chips that can be picked up or
// dragged, rows that wrap, pairs in a response, drag-and-drop payloads, help lines. Drag and drop
// always has a keyboard (and click) twin: pick a word up (click, Enter or Space), then activate
// where it goes; what is picked up lives in ItemViewState::picked.
#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "qti/item.h"
#include "ui/theme.h"

namespace dlk::ui::kit {

// printf-style texts for translated formats ("Je kiest er hoogstens %d.").
std::string format(const char* fmt, int a);
std::string format(const char* fmt, int a, int b);
std::string format(const char* fmt, const std::string& s);

// A muted line of help under an interaction (or in `color`), at `left`, wrapped to `width`.
void hint(const std::string& text, float left, float width, ImU32 color = 0);

// The words a pupil sees on a choice: its text, or for a picture choice (gapImg) its label or alt text.
std::string choiceText(const BodyNode& choice);

// An invisible button that is a Tab stop and takes Enter as well as Space and the mouse.
bool tabStopButton(const char* id, ImVec2 size);

// Takes `id` out of `items` when it is there, else adds it unless `most` (0: no limit) are there
// already. False when it was refused for that.
bool toggleIn(std::vector<std::string>& items, const std::string& id, int most);

// Pairs ("A B") held by a response; `side` 0 or 1 looks at one end, -1 at both.
int countWith(const std::vector<std::string>& pairs, const std::string& id, int side);
void eraseWith(std::vector<std::string>& pairs, const std::string& id, int side);

// A word or name that can be picked up or dragged (gap match bank, associate): a rounded box at
// least 2.5 em high with a grip of dots, so it looks draggable; filled with the accent while
// picked up, faded once used up.
enum class ChipLook { Normal, Picked, Used };
ImVec2 chipSize(const std::string& text, float maxWidth);
bool chip(const std::string& id, const std::string& text, ChipLook look, float maxWidth);

// Lays boxes (chips, tiles) out left to right, wrapping at the column's edge: place(w) before each.
struct RowFlow {
    float left, width;
    bool first = true;
    void place(float w);
};

// Drag and drop of an identifier (or "choice place" when moving from a place).
void setDragPayload(const char* type, const std::string& data, const std::string& shown);
std::optional<std::string> acceptDragPayload(const char* type);

}  // namespace dlk::ui::kit

namespace dlk::ui::widgets {
using namespace kit;  // every widget draws with this kit
}
