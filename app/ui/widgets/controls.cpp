#include "ui/widgets/controls.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cstring>

#include "ui/theme.h"
#include "ui/widgets/a11y.h"

namespace dlk::ui {

// ImGui 1.86 activates a focused button with Space only; pupils also press Enter.
bool enterOnFocusedItem() {
    return ImGui::IsItemFocused() && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                                      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false));
}

// Tab stops. ImGui 1.86 stops Tab only at "inputable" items (text fields), and tabs forward only
// out of an item being edited: from one that merely has the focus, Tab goes back to the first
// stop. So these buttons are inputable, and when the focused one (its focus ring showing) is about
// to be drawn while a Tab is being resolved, the search is turned into "the next stop after this
// one" (the last one wraps to the first). Before the keyboard is used, the first Tab goes to the
// first stop. Reached by Tab (or Enter), an item shows its focus ring.
void tabStopBefore(ImGuiID id) {
    ImGuiContext& g = *GImGui;
    if (g.NavId != id || g.NavDisableHighlight || !g.NavMoveSubmitted ||
        !(g.NavMoveFlags & ImGuiNavMoveFlags_Tabbing) || g.NavTabbingDir != 0)
        return;
    g.NavTabbingDir = +1;
    g.NavTabbingCounter = -1000000;  // drawing this item sets it to 1; the next stop then takes the focus
    g.NavMoveScoringItems = true;
    g.NavAnyRequest = true;
}
void tabStopAfter() {
    ImGuiContext& g = *GImGui;
    if (g.NavActivateInputId != 0 && g.NavActivateInputId == g.LastItemData.ID) g.NavDisableHighlight = false;
}

void focusRing() {
    // Shown once the keyboard is in use (ImGui's own rule for its nav highlight), and always on
    // the field being typed in.
    if (!ImGui::IsItemFocused()) return;
    if (ImGui::GetCurrentContext()->NavDisableHighlight && !ImGui::IsItemActive()) return;
    const float t = std::max(2.0f, em(0.15f));
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    a.x -= t;
    a.y -= t;
    b.x += t;
    b.y += t;
    ImGui::GetWindowDrawList()->AddRect(a, b, palette().focus, em(0.35f), 0, t);
}

bool choiceRow(const char* id, const std::string& text, bool selected, Indicator indicator, float width) {
    const Palette& p = palette();
    ImGui::PushID(id);
    const float pad = em(0.7f);
    const float ind = indicator == Indicator::None ? 0.0f : em(1.1f);
    const float textX = pad + (ind > 0 ? ind + pad : 0.0f);
    const float wrap = std::max(em(4), width - textX - pad);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const ImVec2 size(width, std::max(em(2.6f), ts.y + 2 * pad));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    tabStopBefore(ImGui::GetID("##row"));
    ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
    bool pressed = ImGui::InvisibleButton("##row", size);
    ImGui::PopItemFlag();
    tabStopAfter();
    pressed |= enterOnFocusedItem();
    a11yRecord("choice", text.empty() ? id : text, selected);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    const float r = em(0.3f);
    dl->AddRectFilled(pos, end, selected || hovered ? p.selected : p.surface, r);
    dl->AddRect(pos, end, selected ? p.accent : p.border, r, 0, selected ? std::max(2.0f, em(0.12f)) : 1.0f);
    if (indicator != Indicator::None) {
        // Alone (a cell of a match grid) the indicator sits in the middle.
        const float cx = text.empty() ? pos.x + size.x / 2 : pos.x + pad + ind / 2;
        const ImVec2 c(cx, pos.y + size.y / 2);
        const float half = ind / 2;
        const float stroke = std::max(1.5f, em(0.09f));
        if (indicator == Indicator::Radio) {
            dl->AddCircle(c, half, selected ? p.accent : p.mutedText, 24, stroke);
            if (selected) dl->AddCircleFilled(c, half * 0.55f, p.accent, 24);
        } else {
            const ImVec2 a(c.x - half, c.y - half), b(c.x + half, c.y + half);
            if (selected) {
                dl->AddRectFilled(a, b, p.accent, em(0.15f));
                const ImVec2 pts[3] = {ImVec2(c.x - half * 0.55f, c.y), ImVec2(c.x - half * 0.1f, c.y + half * 0.45f),
                                       ImVec2(c.x + half * 0.6f, c.y - half * 0.45f)};
                dl->AddPolyline(pts, 3, p.accentText, 0, stroke * 1.4f);
            } else {
                dl->AddRect(a, b, p.mutedText, em(0.15f), 0, stroke);
            }
        }
    }
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + textX, pos.y + (size.y - ts.y) / 2), p.text,
                text.c_str(), nullptr, wrap);
    focusRing();
    ImGui::PopID();
    return pressed;
}

bool tabStopSelectable(const char* label, bool selected, ImVec2 size) {
    tabStopBefore(ImGui::GetID(label));
    ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
    bool pressed = ImGui::Selectable(label, selected, 0, size);
    ImGui::PopItemFlag();
    tabStopAfter();
    return pressed || enterOnFocusedItem();
}

bool pinField(const char* id, const char* label, char* buf, size_t size, float width) {
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(width);
    const bool enter = ImGui::InputText(
        id, buf, size,
        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_EnterReturnsTrue);
    a11yRecord("textbox", label);
    focusRing();
    return enter;
}

bool bigButton(const char* label, bool primary, float width, bool enabled) {
    const Palette& p = palette();
    const ImVec2 ts = ImGui::CalcTextSize(label, nullptr, true);
    const ImVec2 size(std::max(width, ts.x + em(2.0f)), std::max(em(2.6f), ts.y + em(1.0f)));
    if (!enabled) ImGui::BeginDisabled();
    if (!primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, p.surface);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.selected);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.selected);
        ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, p.accentText);
    }
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, primary ? 0.0f : std::max(1.5f, em(0.08f)));
    ImGui::PushStyleColor(ImGuiCol_Border, p.accent);
    tabStopBefore(ImGui::GetID(label));
    ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
    bool pressed = ImGui::Button(label, size);
    ImGui::PopItemFlag();
    tabStopAfter();
    pressed |= enabled && enterOnFocusedItem();
    a11yRecord("button", label);
    ImGui::PopStyleColor(primary ? 2 : 5);
    ImGui::PopStyleVar();
    if (!enabled) ImGui::EndDisabled();
    focusRing();
    return pressed && enabled;
}

void wrappedText(const std::string& text, ImFont* font, ImU32 color, float width) {
    if (font) ImGui::PushFont(font);
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
    const float right = width > 0 ? ImGui::GetCursorPosX() + width : 0.0f;
    ImGui::PushTextWrapPos(right);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    a11yRecord("text", text);
    if (color) ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
}

void centeredText(const std::string& text, ImFont* font, ImU32 color) {
    if (font) ImGui::PushFont(font);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    const float avail = ImGui::GetContentRegionAvail().x;
    if (w < avail) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) / 2);
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    a11yRecord("text", text);
    if (color) ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
}

void takeTypedBeforeFocus(char* buf, size_t size, bool fieldWasActive, bool (*accept)(unsigned int c)) {
    ImGuiContext& g = *GImGui;
    if (fieldWasActive || g.ActiveId != 0 || g.IO.InputQueueCharacters.Size == 0) return;
    size_t len = std::strlen(buf);
    for (const ImWchar c : g.IO.InputQueueCharacters)
        if (accept(c) && c < 0x80 && len + 1 < size) buf[len++] = static_cast<char>(c);
    buf[len] = 0;
    g.IO.InputQueueCharacters.resize(0);
}

void keepCursorAtEndOnFocus() {
    ImGuiContext& g = *GImGui;
    if (!g.ActiveIdIsJustActivated || g.ActiveId != g.LastItemData.ID) return;
    if (ImGuiInputTextState* state = ImGui::GetInputTextState(g.ActiveId)) {
        state->Stb.cursor = state->CurLenW;
        state->ClearSelection();
    }
}

}  // namespace dlk::ui
