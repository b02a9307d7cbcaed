#include "ui/theme.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "util/error.h"

namespace dlk::ui {

namespace {
Palette g_palette;

ImU32 rgb(int r, int g, int b, int a = 255) {
    return IM_COL32(r, g, b, a);
}
ImVec4 vec(ImU32 c) {
    return ImGui::ColorConvertU32ToFloat4(c);
}

const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
    0x0100, 0x017F,  // Latin Extended-A (ĳ, ş, ğ, ı, ...)
    0x2010, 0x205E,  // dashes, quotes, bullets, ellipsis
    0x20AC, 0x20AC,  // euro
    0x2190, 0x21FF,  // arrows
    0x2212, 0x2212,  // the minus sign (the calculator)
    0x2713, 0x2717,  // check marks
    0x25A0, 0x25FF,  // geometric shapes (progress dots)
    0xFFFD, 0xFFFD,  // the replacement glyph: drawn for any character the font lacks (an emoji)
    0,
};
}  // namespace

Fonts loadFonts(ImGuiIO& io, const std::string& fontDir, float basePx, const std::string& dyslexiaFontDir) {
    const std::string regular = fontDir + "/DejaVuSans.ttf";
    const std::string bold = fontDir + "/DejaVuSans-Bold.ttf";
    for (const auto& f : {regular, bold})
        if (!std::filesystem::exists(f))
            throw Error(ErrorKind::Io, "font " + f + " is missing (Debian package fonts-dejavu-core)");
    std::string primaryRegular = regular, primaryBold = bold;
    const bool dyslexic = !dyslexiaFontDir.empty();
    if (dyslexic) {
        primaryRegular = dyslexiaFontDir + "/OpenDyslexic-Regular.otf";
        primaryBold = dyslexiaFontDir + "/OpenDyslexic-Bold.otf";
        for (const auto& f : {primaryRegular, primaryBold})
            if (!std::filesystem::exists(f))
                throw Error(ErrorKind::Io, "font " + f + " is missing (Debian package fonts-opendyslexic)");
    }
    io.Fonts->Clear();
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    // OpenDyslexic lacks arrows, check marks and shapes: DejaVu fills in what it does not have
    // (merged glyphs never replace the primary font's own).
    ImFontConfig merge = config;
    merge.MergeMode = true;
    // ImGui sizes a font by its ascent-to-descent height, and OpenDyslexic gives far more of that
    // height to ascenders and descenders than DejaVu: at the same size its letters come out about
    // half as tall. So its glyphs are rasterised larger (kDyslexicRaster) and moved up to share
    // DejaVu's baseline, while the font keeps a layout size (line height, em) of kDyslexicLine
    // times the base: the letters match DejaVu's and the lines get the extra spacing dyslexic
    // readers are advised. DejaVu fills in the symbols OpenDyslexic lacks.
    constexpr float kDyslexicRaster = 1.9f, kDyslexicLine = 1.25f;
    constexpr float kDejaVuAscent = 1901.0f / 2384.0f, kDyslexicAscent = 1250.0f / 1750.0f;
    auto add = [&](const std::string& primary, const std::string& fallback, float px) {
        if (!dyslexic) return io.Fonts->AddFontFromFileTTF(primary.c_str(), px, &config, kGlyphRanges);
        const float extra = (kDyslexicLine - 1.0f) * px / 2;  // half the extra line height above
        ImFontConfig own = config;
        own.GlyphOffset.y = std::round(kDejaVuAscent * px + extra - kDyslexicAscent * px * kDyslexicRaster);
        ImFont* f = io.Fonts->AddFontFromFileTTF(primary.c_str(), px * kDyslexicRaster, &own, kGlyphRanges);
        // ImGui places merged glyphs by the first font's ascent too: the same offset lines them up.
        ImFontConfig symbols = merge;
        symbols.GlyphOffset.y = own.GlyphOffset.y;
        if (f) io.Fonts->AddFontFromFileTTF(fallback.c_str(), px, &symbols, kGlyphRanges);
        return f;
    };
    Fonts fonts;
    fonts.regular = add(primaryRegular, regular, basePx);
    fonts.bold = add(primaryBold, bold, basePx);
    fonts.large = add(primaryBold, bold, basePx * 1.5f);
    if (!fonts.regular || !fonts.bold || !fonts.large)
        throw Error(ErrorKind::Io, "could not load the fonts in " + (dyslexic ? dyslexiaFontDir : fontDir));
    io.FontDefault = fonts.regular;
    io.Fonts->Build();
    if (dyslexic) {
        // The layout size, set after the build (which sets it to the raster size).
        fonts.regular->FontSize = basePx * kDyslexicLine;
        fonts.bold->FontSize = basePx * kDyslexicLine;
        fonts.large->FontSize = basePx * 1.5f * kDyslexicLine;
    }
    return fonts;
}

float basePixelSize(int framebufferWidth, int framebufferHeight, float textScale) {
    const float screenScale = std::clamp(std::min(framebufferWidth / 1366.0f, framebufferHeight / 768.0f), 0.8f, 3.0f);
    return std::round(20.0f * screenScale * std::clamp(textScale, 1.0f, 2.0f));
}

const Palette& palette() {
    return g_palette;
}

void applyTheme(bool highContrast) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    if (highContrast) {
        g_palette = {rgb(255, 255, 255), rgb(255, 255, 255), rgb(0, 0, 0),    rgb(0, 0, 0),
                     rgb(0, 0, 0),       rgb(255, 255, 255), rgb(0, 0, 0),    rgb(0, 0, 255),
                     rgb(0, 0, 0),       rgb(0, 0, 0),       rgb(255, 255, 0)};
    } else {
        g_palette = {rgb(243, 244, 247), rgb(255, 255, 255), rgb(26, 32, 44),    rgb(90, 98, 112),
                     rgb(31, 95, 175),   rgb(255, 255, 255), rgb(200, 205, 214), rgb(255, 170, 0),
                     rgb(176, 96, 0),    rgb(176, 32, 32),   rgb(222, 234, 250)};
    }
    const Palette& p = g_palette;
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = vec(p.text);
    c[ImGuiCol_TextDisabled] = vec(p.mutedText);
    c[ImGuiCol_WindowBg] = vec(p.background);
    c[ImGuiCol_ChildBg] = vec(p.background);
    c[ImGuiCol_PopupBg] = vec(p.surface);
    c[ImGuiCol_Border] = vec(p.border);
    c[ImGuiCol_FrameBg] = vec(p.surface);
    c[ImGuiCol_FrameBgHovered] = vec(p.selected);
    c[ImGuiCol_FrameBgActive] = vec(p.selected);
    c[ImGuiCol_Button] = vec(p.accent);
    c[ImGuiCol_ButtonHovered] = highContrast ? vec(rgb(60, 60, 60)) : vec(rgb(24, 78, 148));
    c[ImGuiCol_ButtonActive] = highContrast ? vec(rgb(90, 90, 90)) : vec(rgb(18, 62, 120));
    c[ImGuiCol_Header] = vec(p.selected);
    c[ImGuiCol_HeaderHovered] = vec(p.selected);
    c[ImGuiCol_HeaderActive] = vec(p.selected);
    c[ImGuiCol_CheckMark] = vec(p.accent);
    c[ImGuiCol_NavHighlight] = vec(p.focus);
    c[ImGuiCol_TableHeaderBg] = highContrast ? vec(rgb(230, 230, 230)) : vec(rgb(228, 232, 240));
    c[ImGuiCol_TableBorderStrong] = vec(p.border);
    c[ImGuiCol_TableBorderLight] = vec(p.border);
    c[ImGuiCol_TableRowBg] = vec(p.surface);
    c[ImGuiCol_TableRowBgAlt] = highContrast ? vec(p.surface) : vec(rgb(247, 248, 251));
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.35f);
    c[ImGuiCol_ScrollbarBg] = vec(p.background);
    c[ImGuiCol_ScrollbarGrab] = vec(p.border);
    c[ImGuiCol_TextSelectedBg] = vec(p.selected);
    style.FrameBorderSize = 1.0f;
    style.WindowBorderSize = 0.0f;
    style.ChildBorderSize = 0.0f;
    style.PopupBorderSize = 1.0f;
}

void scaleStyleToFont(float fontPx) {
    ImGuiStyle& s = ImGui::GetStyle();
    s.FramePadding = ImVec2(0.5f * fontPx, 0.35f * fontPx);
    s.ItemSpacing = ImVec2(0.6f * fontPx, 0.5f * fontPx);
    s.ItemInnerSpacing = ImVec2(0.4f * fontPx, 0.3f * fontPx);
    s.WindowPadding = ImVec2(1.0f * fontPx, 1.0f * fontPx);
    s.CellPadding = ImVec2(0.5f * fontPx, 0.35f * fontPx);
    s.FrameRounding = 0.3f * fontPx;
    s.GrabRounding = 0.3f * fontPx;
    s.PopupRounding = 0.3f * fontPx;
    s.ScrollbarSize = 0.9f * fontPx;
    s.ScrollbarRounding = 0.45f * fontPx;
    s.IndentSpacing = 1.2f * fontPx;
}

ImU32 hintColor() {
    // 55% of the muted text over the field: clearly lighter than anything typed, still legible.
    constexpr float kHintAlpha = 0.55f;
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(palette().mutedText);
    c.w *= kHintAlpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace dlk::ui
