// The small parts several interaction widgets share: see widget_kit.h.
#include "ui/widgets/interactions/widget_kit.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "util/text.h"

namespace dlk::ui::kit {

std::string format(const char* fmt, int a) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a);
    return buf;
}
std::string format(const char* fmt, int a, int b) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    return buf;
}
std::string format(const char* fmt, const std::string& s) {
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, s.c_str());
    return buf;
}

std::string choiceText(const BodyNode& choice) {
    std::string t = choice.plainText();
    if (!trim(t).empty()) return t;
    if (const std::string* label = choice.attribute("objectLabel")) return *label;
    std::string alt;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (!alt.empty() || n.isText) return;
        if (const std::string* a = n.attribute("alt"))
            alt = *a;
        else if (const std::string* l = n.attribute("label"))
            alt = *l;
        for (const auto& c : n.children) walk(c);
    };
    walk(choice);
    return alt.empty() ? choice.attributeOr("identifier", "") : alt;
}

void hint(const std::string& text, float left, float width, ImU32 color) {
    ImGui::SetCursorPosX(left);
    wrappedText(text, nullptr, color ? color : palette().mutedText, width);
}

bool tabStopButton(const char* id, ImVec2 size) {
    tabStopBefore(ImGui::GetID(id));
    ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
    bool pressed = ImGui::InvisibleButton(id, size);
    ImGui::PopItemFlag();
    tabStopAfter();
    pressed |= enterOnFocusedItem();
    return pressed;
}

bool toggleIn(std::vector<std::string>& items, const std::string& id, int most) {
    if (const auto at = std::find(items.begin(), items.end(), id); at != items.end()) {
        items.erase(at);
        return true;
    }
    if (most > 0 && static_cast<int>(items.size()) >= most) return false;
    items.push_back(id);
    return true;
}

int countWith(const std::vector<std::string>& pairs, const std::string& id, int side) {
    int n = 0;
    for (const auto& p : pairs) {
        const auto q = splitWhitespace(p);
        if (q.size() != 2) continue;
        if ((side != 1 && q[0] == id) || (side != 0 && q[1] == id)) ++n;
    }
    return n;
}
void eraseWith(std::vector<std::string>& pairs, const std::string& id, int side) {
    pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                               [&](const std::string& p) {
                                   const auto q = splitWhitespace(p);
                                   return q.size() == 2 && ((side != 1 && q[0] == id) || (side != 0 && q[1] == id));
                               }),
                pairs.end());
}

ImVec2 chipSize(const std::string& text, float maxWidth) {
    const float padL = em(1.1f), padR = em(0.8f);
    const float wrap = std::max(em(3), maxWidth - padL - padR);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    return ImVec2(std::min(maxWidth, ts.x + padL + padR), std::max(em(2.6f), ts.y + em(1.0f)));
}

bool chip(const std::string& id, const std::string& text, ChipLook look, float maxWidth) {
    const Palette& p = palette();
    ImGui::PushID(id.c_str());
    const ImVec2 size = chipSize(text, maxWidth);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = tabStopButton("##chip", size);
    a11yRecord("choice", text, look == ChipLook::Picked);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    const float r = em(0.3f);
    const ImU32 fill = look == ChipLook::Picked ? p.accent
                       : hovered                ? p.selected
                       : look == ChipLook::Used ? p.background
                                                : p.surface;
    const ImU32 ink = look == ChipLook::Picked ? p.accentText : look == ChipLook::Used ? p.mutedText : p.text;
    dl->AddRectFilled(pos, end, fill, r);
    dl->AddRect(pos, end, look == ChipLook::Used ? p.border : p.accent, r, 0, std::max(1.5f, em(0.08f)));
    // The grip: two columns of three dots.
    const float dot = std::max(1.0f, em(0.07f));
    for (int col = 0; col < 2; ++col)
        for (int row = -1; row <= 1; ++row)
            dl->AddCircleFilled(ImVec2(pos.x + em(0.4f) + em(0.22f) * static_cast<float>(col),
                                       pos.y + size.y / 2 + em(0.22f) * static_cast<float>(row)),
                                dot, ink);
    const float padL = em(1.1f), padR = em(0.8f);
    const float wrap = std::max(em(3), size.x - padL - padR);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + padL, pos.y + (size.y - ts.y) / 2), ink,
                text.c_str(), nullptr, wrap);
    focusRing();
    ImGui::PopID();
    return pressed;
}

void RowFlow::place(float w) {
    if (!first) {
        ImGui::SameLine(0, em(0.5f));
        if (ImGui::GetCursorPosX() + w <= left + width) return;
        ImGui::NewLine();
    }
    ImGui::SetCursorPosX(left);
    first = false;
}

void setDragPayload(const char* type, const std::string& data, const std::string& shown) {
    ImGui::SetDragDropPayload(type, data.data(), data.size());
    ImGui::TextUnformatted(shown.c_str());
}
std::optional<std::string> acceptDragPayload(const char* type) {
    std::optional<std::string> out;
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload(type))
            out = std::string(static_cast<const char*>(payload->Data), static_cast<size_t>(payload->DataSize));
        ImGui::EndDragDropTarget();
    }
    return out;
}

}  // namespace dlk::ui::kit
