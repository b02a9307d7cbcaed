#include "ui/screens/teacher/fitted_table.h"

#include <imgui_internal.h>

#include <algorithm>

#include "ui/widgets/a11y.h"

namespace dlk::ui {

FittedTable::FittedTable(std::vector<const char*> headers, ImFont* headerFont, float firstColumnMinWidth)
    : m_headers(std::move(headers)), m_headerFont(headerFont), m_firstMinWidth(firstColumnMinWidth) {
    ImGui::PushFont(headerFont);
    for (const char* h : m_headers) m_widths.push_back(ImGui::CalcTextSize(h).x);
    ImGui::PopFont();
}

void FittedTable::measure(size_t column, const std::string& text, float extra) {
    m_widths[column] = std::max(m_widths[column], ImGui::CalcTextSize(text.c_str()).x + extra);
}

bool FittedTable::begin(const char* id, float height) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 padding(0.35f * ImGui::GetFontSize(), style.CellPadding.y);
    float text = 0;
    float spacing = style.ScrollbarSize;  // the vertical scroll bar
    for (float w : m_widths) {
        text += w;
        spacing += 2 * padding.x + 1;  // and a border between columns
    }
    const float available = ImGui::GetContentRegionAvail().x;
    const bool shared = text + spacing <= available;
    const bool firstGivesWay =
        !shared && text - m_widths[0] + std::min(m_widths[0], m_firstMinWidth) + spacing <= available;
    const bool sideways = !shared && !firstGivesWay;
    // Scrolling sideways, the first column stays in view: at most 40% of the width (never under its
    // minimum), so that the columns scrolling past it have room; a cut name or title is whole in
    // its tooltip.
    if (sideways) m_widths[0] = std::min(m_widths[0], std::max(m_firstMinWidth, 0.4f * available));
    ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg;
    if (height > 0) flags |= ImGuiTableFlags_ScrollY;
    flags |= shared ? ImGuiTableFlags_SizingStretchProp : ImGuiTableFlags_SizingFixedFit;
    if (sideways) flags |= ImGuiTableFlags_ScrollX;
    // A table that scrolls sideways is a child window of its own, which ImGui makes as high as the
    // rest of the page when asked for height 0: its rows would then scroll inside it, below the
    // page's end, where the page's wheel and scroll bar never reach. So it is given its rows' height,
    // measured in the frame before (kept in the page's storage; the first frame takes the rest of
    // the page, as ImGui would).
    ImGuiStorage* pageStorage = ImGui::GetStateStorage();
    const ImGuiID heightKey = ImGui::GetID(id) ^ 0x6a09e667u;
    float outerHeight = height;
    if (height <= 0 && sideways) outerHeight = pageStorage->GetFloat(heightKey, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, padding);
    if (!ImGui::BeginTable(id, static_cast<int>(m_headers.size()), flags, ImVec2(0, outerHeight))) {
        ImGui::PopStyleVar();
        return false;
    }
    if (height <= 0 && sideways) {
        // The height at which the inner window's content (as of the frame before) needs no
        // scrolling: its content, padding, and what the window has besides its inner rectangle
        // (the sideways scroll bar); ScrollMax.y is this, less the window's height. A pixel more,
        // as a child a pixel short would take the wheel for that pixel.
        const ImGuiWindow* inner = ImGui::GetCurrentWindow();
        const float decoration = inner->Size.y - inner->InnerRect.GetHeight();
        pageStorage->SetFloat(heightKey, inner->ContentSize.y + 2 * inner->WindowPadding.y + decoration + 1.0f);
    }
    // A scrolling table draws inside a child window of its own, which ImGui 1.86's Tab never enters
    // (it cycles the focused window's items): flattened like the screen's own children, Tab and
    // the arrows go from the tab buttons into the table's links and on. BeginTable takes no window
    // flags, so they are set on its inner window here, before any of its items.
    if (ImGuiWindow* inner = ImGui::GetCurrentWindow();
        inner->ParentWindow && (flags & (ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY))) {
        inner->Flags |= ImGuiWindowFlags_NavFlattened;
        inner->RootWindowForNav = inner->ParentWindow->RootWindowForNav;
    }
    ImGui::TableSetupScrollFreeze(sideways ? 1 : 0, 1);
    for (size_t c = 0; c < m_headers.size(); ++c) {
        const bool stretch = shared || (firstGivesWay && c == 0);
        ImGui::TableSetupColumn(
            m_headers[c], stretch ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed, m_widths[c]);
    }
    return true;
}

void FittedTable::headerRow() {
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (size_t c = 0; c < m_headers.size(); ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        ImGui::PushFont(m_headerFont);
        ImGui::TextUnformatted(m_headers[c]);
        a11yRecord("cell", m_headers[c]);
        ImGui::PopFont();
    }
}

void FittedTable::end() {
    ImGui::EndTable();
    ImGui::PopStyleVar();
}

}  // namespace dlk::ui
