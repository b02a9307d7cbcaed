#pragma once
// Large, keyboard-reachable controls drawn with ImGui's public API: every one is an ImGui item
// (so Tab/arrows reach it and Enter/Space activate it), at least 2.5 em high, with a visible
// focus ring.
#include <imgui.h>

#include <string>

namespace dlk::ui {

enum class Indicator { None, Radio, Check };

// A full-width selectable row with wrapped text and a radio or check indicator.
bool choiceRow(const char* id, const std::string& text, bool selected, Indicator indicator, float width);
// ImGui's Selectable (a name in a table, a class in the list) as a Tab stop that Enter activates too.
bool tabStopSelectable(const char* label, bool selected, ImVec2 size = ImVec2(0, 0));
// A PIN field: digits only, shown as dots, with its label above and in the accessibility tree.
// Returns true when Enter was pressed in it.
bool pinField(const char* id, const char* label, char* buf, size_t size, float width);
// A primary (filled) or secondary (outlined) button, min 2.5 em high.
bool bigButton(const char* label, bool primary = true, float width = 0.0f, bool enabled = true);
// Draws a focus ring around the last item when it has keyboard focus.
void focusRing();

// Keyboard reach for every control (docs/ui-rules.md: Tab and the arrows reach everything, Enter
// activates). ImGui 1.86 stops Tab only at "inputable" items and presses buttons with Space only,
// so a control is drawn as: tabStopBefore(its id); PushItemFlag(ImGuiItemFlags_Inputable, true);
// the ImGui item; PopItemFlag(); tabStopAfter(); pressed |= enterOnFocusedItem().
void tabStopBefore(ImGuiID id);
void tabStopAfter();
bool enterOnFocusedItem();
// A field the screen focuses on its first frame (a PIN, a pupil's code). ImGui 1.86 focuses it one
// frame after SetKeyboardFocusHere and drops what is typed before, and the kiosk may sleep between
// those frames: so until the field is active, what is typed (the characters `accept` allows) is
// appended to `buf` here. Call before the field's InputText, with whether it was active last frame.
void takeTypedBeforeFocus(char* buf, size_t size, bool fieldWasActive, bool (*accept)(unsigned int c));
// After the field's InputText: a field just focused from code starts with its cursor after what was
// typed, never with it all selected (the next key would replace it).
void keepCursorAtEndOnFocus();
// Wrapped text in a font and colour, no wider than `width` (0: to the window's edge).
void wrappedText(const std::string& text, ImFont* font = nullptr, ImU32 color = 0, float width = 0.0f);
// Text centred horizontally in the available width.
void centeredText(const std::string& text, ImFont* font = nullptr, ImU32 color = 0);

}  // namespace dlk::ui
