#pragma once
// Text outside the Basic Multilingual Plane (an emoji, a rare script) in ImGui 1.86 as Debian
// builds it: ImWchar is 16 bits, so such a character typed, pasted or sitting in a field being
// edited turns into U+FFFD, and the pupil's answer would no longer be what was typed. The kiosk
// stores exactly the UTF-8 typed: inside ImGui each such character travels as a private-use
// stand-in (U+E000..U+F8FF, which a keyboard never sends) and comes back out as itself. Real
// private-use characters get stand-ins too, so nothing is ever confused with one. On screen a
// stand-in, like any character the font lacks, shows the font's replacement glyph.
#include <imgui.h>

#include <string>

namespace dlk::ui {

// One character typed (the platform's char callback, and the tests' synthetic keyboard): queued
// for ImGui, a character beyond U+FFFF as U+FFFD that wideCharFilter() turns into its stand-in.
void addTypedCharacter(unsigned int codePoint);
// Forgets typed characters no field took this frame (call once a frame, after drawing).
void endFrameTypedCharacters();
// For a text field's ImGuiInputTextFlags_CallbackCharFilter (or a callback that passes that event
// on): puts the stand-in of a typed character beyond U+FFFF in place of its U+FFFD. Returns 0.
int wideCharFilter(ImGuiInputTextCallbackData* data);
// Stored UTF-8 to the text an ImGui field edits, and back. fromImGuiText(toImGuiText(s)) == s for
// any valid UTF-8 s.
std::string toImGuiText(const std::string& utf8);
std::string fromImGuiText(const std::string& text);
// A one-line text field over text kept as UTF-8 (a name, an address, a search), for every such
// field of the kiosk: the field edits ImGui's form of `text`, a typed character beyond U+FFFF gets
// its stand-in, and `text` is exactly the UTF-8 typed after every edit, also under
// ImGuiInputTextFlags_EnterReturnsTrue (when ImGui reports Enter only). At most `maxBytes` bytes of
// UTF-8 are kept, never half a character (0: no limit); `hint`, when given, shows while the field
// is empty. Returns what ImGui::InputText returns.
bool inputUtf8Text(const char* id, std::string& text, size_t maxBytes = 0, ImGuiInputTextFlags flags = 0,
                   const char* hint = nullptr);
// The same for a field of several lines (a list of names), `size` as ImGui::InputTextMultiline has
// it. Fields that rewrap their text as it is typed (an answer, a mail, a poster) keep their own
// callback and pass its character event to wideCharFilter.
bool inputUtf8TextMultiline(const char* id, std::string& text, ImVec2 size, size_t maxBytes = 0,
                            ImGuiInputTextFlags flags = 0);
// For a field's ImGuiInputTextFlags_CallbackEdit: cuts ImGui's form of the text in `data` so its
// UTF-8 takes at most `maxBytes` bytes, at a character's boundary.
void limitUtf8Bytes(ImGuiInputTextCallbackData* data, size_t maxBytes);
// Wraps io's clipboard functions so copying from a field gives the characters themselves and
// pasting an emoji keeps it (call after the platform has set its clipboard functions).
void installWideClipboard(ImGuiIO& io);

}  // namespace dlk::ui
