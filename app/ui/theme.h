#pragma once
// Look and size: colours (calm light theme and a 7:1 high-contrast theme), fonts, and em units.
// Every size in the UI is a multiple of the current font size, never raw pixels.
#include <imgui.h>

#include <string>

namespace dlk::ui {

inline float em(float n) {
    return n * ImGui::GetFontSize();
}
inline ImVec2 em(float x, float y) {
    return ImVec2(x * ImGui::GetFontSize(), y * ImGui::GetFontSize());
}

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
    ImFont* large = nullptr;  // titles: 1.5x
};

// A placeholder in an empty field: the muted colour, lighter still, so it never looks typed.
ImU32 hintColor();

struct Palette {
    ImU32 background, surface, text, mutedText, accent, accentText, border, focus, warning, danger, selected;
};

// Loads DejaVu Sans (regular and bold) at `basePx`, with the glyphs Dutch and English need
// (Latin-1, Latin Extended-A: é, ë, ï, ĳ, ...; typographic punctuation; €; arrows and shapes).
// With `dyslexiaFontDir`, OpenDyslexic is the primary font and DejaVu fills in the symbols it
// lacks. Throws dlk::Error(Io) when the font files are missing.
Fonts loadFonts(ImGuiIO& io, const std::string& fontDir, float basePx, const std::string& dyslexiaFontDir = {});

// Base font size in pixels for a framebuffer: 20 px on 1366x768, growing with larger screens,
// times the pupil's text-size factor (1, 1.25, 1.5, 2).
float basePixelSize(int framebufferWidth, int framebufferHeight, float textScale);

void applyTheme(bool highContrast);
// Paddings, spacing and rounding as multiples of the font size; call after applyTheme.
void scaleStyleToFont(float fontPx);
const Palette& palette();

}  // namespace dlk::ui
