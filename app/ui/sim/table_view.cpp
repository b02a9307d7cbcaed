// The data table's view (model: app/core/sim/table): a small spreadsheet in a window. A title
// bar; a toolbar (Ongedaan maken, Sorteren Oplopend/Aflopend, Filter, then Som, Gemiddelde,
// Aantal, Minimum, Maximum over the selected cells, and Grafiek); a formula bar with the cursor's
// cell (the name box) and the last formula with its result; the grid with column letters, row
// numbers, empty columns to the right as in a spreadsheet, and a
// header row whose names sort (click again for the other way) and whose ▼ opens the column's
// filter; a status line; the filter's values; a bar chart of the chosen column.
//
// Keyboard: every toolbar button, header name and ▼ is a Tab stop; the grid is one Tab stop in
// which the arrow keys move the selected cell and Shift with an arrow extends the selection, as
// in a spreadsheet. Mouse: click a cell, Shift-click or drag for a rectangle. The grid scrolls
// sideways in its own region when the column is too narrow for it. Numbers show the pupil's
// decimal sign (a comma in Dutch); the model and the answer keep a point.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "sim/table/table.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/widget_kit.h"

namespace dlk::ui::views {

namespace {

using namespace sim::table;

// A number as the pupil reads it: at most two decimals, the decimal comma in Dutch.
std::string shownNumber(double x, bool comma) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    if (comma) std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// A cell's text as shown: numbers with the pupil's decimal sign.
std::string shownCell(const TableScenario& sc, int row, int col, bool comma) {
    std::string s = sc.rows[row].cells[col];
    if (comma && sc.columns[col].type == ColumnType::Number) std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// The cells as the formula bar writes them: a rectangle of the rows shown as one range by its
// corners (what the pupil selected on the screen, "C4:C13" with a filter on), else as rangeText.
std::string shownRange(const TableScenario& sc, const Sheet& sheet, const std::vector<Cell>& cells, char separator,
                       const std::vector<int>& shown, const std::vector<int>& numberOf) {
    if (cells.empty()) return "";
    int top = static_cast<int>(shown.size()), bottom = -1, left = INT_MAX, right = -1;
    for (Cell c : cells) {
        const int at = static_cast<int>(std::find(shown.begin(), shown.end(), c.row) - shown.begin());
        if (at == static_cast<int>(shown.size())) return rangeText(sc, sheet, cells, separator);
        top = std::min(top, at);
        bottom = std::max(bottom, at);
        left = std::min(left, c.col);
        right = std::max(right, c.col);
    }
    if (static_cast<size_t>((bottom - top + 1) * (right - left + 1)) != cells.size())
        return rangeText(sc, sheet, cells, separator);
    std::string out = columnLetter(left) + std::to_string(numberOf[shown[static_cast<size_t>(top)]]);
    if (cells.size() > 1)
        out += ":" + columnLetter(right) + std::to_string(numberOf[shown[static_cast<size_t>(bottom)]]);
    return out;
}

float textWidth(ImFont* font, const std::string& s) {
    return font->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0.0f, s.c_str()).x;
}

// The text cut to `width` with an ellipsis, cut between UTF-8 characters.
std::string fitted(ImFont* font, const std::string& s, float width) {
    if (textWidth(font, s) <= width) return s;
    std::string out = s;
    while (!out.empty() && textWidth(font, out + "…") > width) {
        out.pop_back();
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    }
    return out + "…";
}

const char* functionName(Formula f) {
    switch (f) {
        case Formula::Sum:
            return tr("SOM");
        case Formula::Average:
            return tr("GEMIDDELDE");
        case Formula::Count:
            return tr("AANTALARG");
        case Formula::Min:
            return "MIN";
        case Formula::Max:
            return "MAX";
    }
    return "";
}

const char* buttonWord(Formula f) {
    switch (f) {
        case Formula::Sum:
            return tr("Som");
        case Formula::Average:
            return tr("Gemiddelde");
        case Formula::Count:
            return tr("Aantal");
        case Formula::Min:
            return tr("Minimum");
        case Formula::Max:
            return tr("Maximum");
    }
    return "";
}

// The width a bigButton takes for a label.
float buttonWidth(const std::string& label) {
    return ImGui::CalcTextSize(label.c_str(), nullptr, true).x + em(2.0f);
}

void dashedLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float thickness) {
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    if (len <= 0) return;
    const float dash = em(0.35f), gap = em(0.2f);
    for (float t = 0; t < len; t += dash + gap) {
        const float u = std::min(len, t + dash);
        dl->AddLine(ImVec2(a.x + (b.x - a.x) * t / len, a.y + (b.y - a.y) * t / len),
                    ImVec2(a.x + (b.x - a.x) * u / len, a.y + (b.y - a.y) * u / len), color, thickness);
    }
}

// A step for an axis with about five ticks: 1, 2 or 5 times a power of ten.
double niceStep(double range) {
    if (range <= 0) return 1;
    const double raw = range / 5;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * power) return m * power;
    return 10 * power;
}

// Whether the keyboard is in use (ImGui shows its focus ring): a control opened by it hands the
// focus on.
bool byKeyboard() {
    return !GImGui->NavDisableHighlight;
}

// What the view remembers between frames (in the ImGui window's storage, so each pupil screen
// and each test starts afresh): the column whose filter is open, a drag in the grid, and
// requests to scroll to the cursor or to focus the filter's first value.
struct Memory {
    ImGuiStorage* store;
    ImGuiID base;
    int get(int key, int fallback = 0) const { return store->GetInt(base + static_cast<ImGuiID>(key), fallback); }
    void set(int key, int v) { store->SetInt(base + static_cast<ImGuiID>(key), v); }
    enum Key { OpenFilter = 1, DragRow, DragCol, ScrollToCursor, FocusFilter, ReturnFocus };
};

}  // namespace

void table(EnvironmentContext& ctx) {
    const auto& sc = static_cast<const TableScenario&>(ctx.scenario);
    const State state = fromResponse(sc, ctx.response.current());
    const bool english = ctx.view.session().variant().language == "en";
    const bool comma = !english;
    const char listSeparator = english ? ',' : ';';
    const Palette& p = palette();
    ImGuiIO& io = ImGui::GetIO();
    ImFont* regular = ImGui::GetFont();
    ImFont* bold = ctx.view.fonts().bold ? ctx.view.fonts().bold : regular;
    const float line = std::max(1.0f, em(0.05f));
    Memory memory{ImGui::GetStateStorage(), ImGui::GetID("table-memory")};
    std::optional<sim::Action> action;
    const int openFilter = memory.get(Memory::OpenFilter) - 1;

    const float left = ctx.view.left();
    const float width = ctx.view.width();
    const float pad = em(0.5f);
    const float innerLeft = left + pad, innerWidth = std::max(em(6), width - 2 * pad);
    const std::vector<int> shown = shownRows(sc, state.sheet);
    const std::vector<int> sorted = sortedRows(sc, state.sheet);
    std::vector<int> numberOf(sc.rows.size(), 0);
    for (size_t i = 0; i < sorted.size(); ++i) numberOf[sorted[static_cast<size_t>(i)]] = static_cast<int>(i) + 2;
    auto address = [&](Cell c) { return columnLetter(c.col) + std::to_string(numberOf[c.row]); };

    // The window: its frame and background go below everything drawn in it.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImDrawListSplitter layers;
    layers.Split(dl, 2);
    layers.SetCurrentChannel(dl, 1);
    ImGui::SetCursorPosX(left);
    const ImVec2 top = ImGui::GetCursorScreenPos();

    // Title bar: an icon, the file's name and the program's.
    {
        const float h = em(2.2f);
        dl->AddRectFilled(top, ImVec2(top.x + width, top.y + h), p.accent, em(0.3f), ImDrawFlags_RoundCornersTop);
        const float s = em(1.1f);
        const ImVec2 icon(top.x + pad, top.y + (h - s) / 2);
        dl->AddRect(icon, ImVec2(icon.x + s, icon.y + s), p.accentText, 0, 0, line * 1.5f);
        for (int i = 1; i < 3; ++i) {
            const float d = s * static_cast<float>(i) / 3;
            dl->AddLine(ImVec2(icon.x + d, icon.y), ImVec2(icon.x + d, icon.y + s), p.accentText, line);
            dl->AddLine(ImVec2(icon.x, icon.y + d), ImVec2(icon.x + s, icon.y + d), p.accentText, line);
        }
        const std::string title = (sc.title.empty() ? std::string(tr("Naamloos")) : sc.title) + " – " + tr("Rekenblad");
        const std::string fit = fitted(bold, title, width - s - 3 * pad);
        dl->AddText(bold, ImGui::GetFontSize(), ImVec2(icon.x + s + pad, top.y + (h - ImGui::GetFontSize()) / 2),
                    p.accentText, fit.c_str());
        ImGui::Dummy(ImVec2(width, h));
        a11yRecord("text", title);
    }

    // Toolbar.
    ImGui::Dummy(em(0, 0.2f));
    {
        kit::RowFlow flow{innerLeft, innerWidth};
        const bool hasCell = state.active.has_value();
        const int col = hasCell ? state.active->col : -1;
        const bool numberColumn = hasCell && sc.columns[col].type == ColumnType::Number;
        const std::string undoLabel = std::string("↶ ") + tr("Ongedaan maken") + "##undo";
        flow.place(buttonWidth(undoLabel));
        if (bigButton(undoLabel.c_str(), false, 0, canUndo(state))) action = sim::Action{"undo", ""};

        // A word before a group of buttons: the group starts a new line when it does not fit
        // whole on this one (and fits on a line of its own); the word stays with the first button.
        auto groupLabel = [&](const char* word, const std::vector<std::string>& buttons) {
            const std::string text = std::string(word) + ":";
            const float w = ImGui::CalcTextSize(text.c_str()).x;
            float whole = w + em(0.4f);
            for (const std::string& b : buttons) whole += buttonWidth(b) + em(0.5f);
            whole -= em(0.5f);
            flow.place(whole <= innerWidth ? whole : w + em(0.4f) + buttonWidth(buttons.front()));
            const ImVec2 at = ImGui::GetCursorScreenPos();
            dl->AddText(ImVec2(at.x, at.y + (em(2.6f) - ImGui::GetFontSize()) / 2), p.text, text.c_str());
            ImGui::Dummy(ImVec2(w, em(2.6f)));
            a11yRecordArea("text", text, at, ImVec2(at.x + w, at.y + em(2.6f)));
            ImGui::SameLine(0, em(0.4f));
        };
        const std::string upLabel = std::string("↑ ") + tr("Oplopend") + "##up";
        const std::string downLabel = std::string("↓ ") + tr("Aflopend") + "##down";
        groupLabel(tr("Sorteren"), {upLabel, downLabel});
        const bool sortedHere = hasCell && state.sheet.sort && state.sheet.sort->column == col;
        if (bigButton(upLabel.c_str(), sortedHere && state.sheet.sort->direction == Direction::Ascending, 0, hasCell))
            action = sim::Action{"sort-ascending", sc.columns[col].id};
        flow.place(buttonWidth(downLabel));
        if (bigButton(downLabel.c_str(), sortedHere && state.sheet.sort->direction == Direction::Descending, 0,
                      hasCell))
            action = sim::Action{"sort-descending", sc.columns[col].id};
        const std::string filterLabel = std::string(tr("Filter")) + " ▼##filter";
        flow.place(buttonWidth(filterLabel));
        if (bigButton(filterLabel.c_str(), false, 0, hasCell)) {
            memory.set(Memory::OpenFilter, memory.get(Memory::OpenFilter) == col + 1 ? 0 : col + 1);
            memory.set(Memory::FocusFilter, byKeyboard());
        }
        const bool hasSelection = !state.selection.empty();
        std::vector<std::string> formulaLabels;
        for (int f = 0; f < 5; ++f)
            formulaLabels.push_back(std::string(buttonWord(static_cast<Formula>(f))) + "##" +
                                    formulaName(static_cast<Formula>(f)));
        for (int f = 0; f < 5; ++f) {
            const auto formula = static_cast<Formula>(f);
            const std::string& label = formulaLabels[static_cast<size_t>(f)];
            if (f == 0)
                groupLabel(tr("Berekenen"), formulaLabels);
            else
                flow.place(buttonWidth(label));
            if (bigButton(label.c_str(), state.sheet.formula == formula, 0, hasSelection))
                action = sim::Action{"formula", formulaName(formula)};
        }
        const std::string chartLabel = std::string(tr("Grafiek")) + "##chart";
        flow.place(buttonWidth(chartLabel));
        if (bigButton(chartLabel.c_str(), numberColumn && state.sheet.chart == col, 0, numberColumn))
            action = sim::Action{"chart", sc.columns[col].id};
    }

    // Formula bar: the cells selected, fx, the last formula and its result.
    ImGui::Dummy(em(0, 0.2f));
    {
        ImGui::SetCursorPosX(innerLeft);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float h = em(2.4f);
        const float nameW = std::min(em(5), innerWidth * 0.3f);
        const float fxW = em(2.2f);
        dl->AddRectFilled(at, ImVec2(at.x + innerWidth, at.y + h), p.surface);
        dl->AddRect(at, ImVec2(at.x + innerWidth, at.y + h), p.border, 0, 0, line);
        dl->AddLine(ImVec2(at.x + nameW, at.y), ImVec2(at.x + nameW, at.y + h), p.border, line);
        dl->AddLine(ImVec2(at.x + nameW + fxW, at.y), ImVec2(at.x + nameW + fxW, at.y + h), p.border, line);
        const float ty = at.y + (h - ImGui::GetFontSize()) / 2;
        // The name box shows the cursor's cell, as in a spreadsheet; read-aloud says the whole selection.
        const std::string where = state.selection.empty()
                                      ? std::string()
                                      : shownRange(sc, state.sheet, state.selection, listSeparator, shown, numberOf);
        const std::string nameBox = state.active ? address(*state.active) : std::string();
        dl->AddText(ImVec2(at.x + pad, ty), p.text, fitted(regular, nameBox, nameW - 2 * pad).c_str());
        dl->AddText(bold, ImGui::GetFontSize(), ImVec2(at.x + nameW + em(0.55f), ty), p.mutedText, "fx");
        std::string formulaText, resultText;
        if (state.sheet.formula) {
            formulaText = std::string("=") + functionName(*state.sheet.formula) + "(" +
                          shownRange(sc, state.sheet, state.sheet.formulaCells, listSeparator, shown, numberOf) + ")";
            const auto result = compute(sc, *state.sheet.formula, state.sheet.formulaCells);
            resultText = result ? shownNumber(*result, comma) : std::string(tr("geen getallen"));
        }
        const float textLeft = at.x + nameW + fxW + pad;
        const float room = at.x + innerWidth - pad - textLeft;
        if (state.sheet.formula) {
            const std::string shownResult = "= " + resultText;
            const float rw = textWidth(bold, shownResult);
            dl->AddText(bold, ImGui::GetFontSize(), ImVec2(at.x + innerWidth - pad - rw, ty), p.text,
                        shownResult.c_str());
            dl->AddText(ImVec2(textLeft, ty), p.text, fitted(regular, formulaText, room - rw - pad).c_str());
        } else {
            const char* hint = state.selection.empty() ? tr("Klik op een cel in de tabel.")
                                                       : tr("Kies Som, Gemiddelde, Aantal, Minimum of Maximum.");
            dl->AddText(ImVec2(textLeft, ty), p.mutedText, fitted(regular, hint, room).c_str());
        }
        ImGui::Dummy(ImVec2(innerWidth, h));
        a11yRecordArea("text",
                       std::string(tr("Formule")) + ": " + (where.empty() ? "" : where + " ") +
                           (state.sheet.formula ? formulaText + " = " + resultText : ""),
                       at, ImVec2(at.x + innerWidth, at.y + h));
    }

    // The filter's values, over the grid while a ▼ is open (the keyboard goes to the first; when
    // one is chosen, back to the ▼).
    if (openFilter >= 0 && openFilter < static_cast<int>(sc.columns.size())) {
        const Column& column = sc.columns[static_cast<size_t>(openFilter)];
        ImGui::Dummy(em(0, 0.2f));
        ImGui::SetCursorPosX(innerLeft);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::Dummy(em(0, 0.3f));
        ImGui::SetCursorPosX(innerLeft + pad);
        wrappedText(kit::format(tr("Filter op %s"), column.name), bold, 0, innerWidth - 2 * pad);
        kit::RowFlow flow{innerLeft + pad, innerWidth - 2 * pad};
        const bool focusFirst = memory.get(Memory::FocusFilter) != 0;
        auto closeFilter = [&] {
            memory.set(Memory::OpenFilter, 0);
            if (byKeyboard()) memory.set(Memory::ReturnFocus, openFilter + 1);
        };
        auto focusHere = [&] {
            if (!focusFirst) return;
            ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
            GImGui->NavDisableHighlight = false;
            ImGui::SetScrollHereY();
            memory.set(Memory::FocusFilter, 0);
        };
        const std::string all = std::string(tr("Alles tonen")) + "##all";
        flow.place(buttonWidth(all));
        if (bigButton(all.c_str(), !state.sheet.filter, 0, true)) {
            action = sim::Action{"clear-filter", ""};
            closeFilter();
        }
        focusHere();
        for (Cell value : filterChoices(sc, openFilter)) {
            const std::string label =
                fitted(regular, shownCell(sc, value.row, value.col, comma), innerWidth - 2 * pad - em(2.2f)) + "##" +
                cellId(sc, value);
            flow.place(std::min(buttonWidth(label), innerWidth - 2 * pad));
            if (bigButton(label.c_str(), state.sheet.filter == value, 0, true)) {
                action = sim::Action{"filter", cellId(sc, value)};
                closeFilter();
            }
        }
        const std::string close = std::string(tr("Sluiten")) + "##close";
        flow.place(buttonWidth(close));
        if (bigButton(close.c_str(), false, 0, true)) closeFilter();
        ImGui::Dummy(em(0, 0.3f));
        const ImVec2 end(at.x + innerWidth, ImGui::GetCursorScreenPos().y);
        dl->AddRect(at, end, p.accent, em(0.3f), 0, std::max(1.5f, em(0.08f)));
    }

    // The grid.
    ImGui::Dummy(em(0, 0.2f));

    const float rowNumW = std::max(em(2.4f), ImGui::CalcTextSize("00").x + em(1));
    const float letterH = em(1.5f), headerH = em(2.6f), rowH = em(2.5f);
    const float filterW = em(2.0f), arrowW = em(1.2f);
    std::vector<float> colX(sc.columns.size() + 1, rowNumW);
    for (size_t c = 0; c < sc.columns.size(); ++c) {
        float w = textWidth(bold, sc.columns[c].name) + arrowW + filterW + em(1.0f);
        for (size_t r = 0; r < sc.rows.size(); ++r)
            w = std::max(w,
                         textWidth(regular, shownCell(sc, static_cast<int>(r), static_cast<int>(c), comma)) + em(1.2f));
        colX[c + 1] = colX[c] + std::clamp(w, em(5), em(14));
    }
    const float gridW = colX.back();
    const float dataH = static_cast<float>(shown.size()) * rowH;
    const float gridH = letterH + headerH + dataH;
    const bool scrolls = gridW > innerWidth;
    const float childH = gridH + (scrolls ? ImGui::GetStyle().ScrollbarSize : 0.0f) + line;
    ImGui::SetCursorPosX(innerLeft);
    ImGui::BeginChild("grid", ImVec2(innerWidth, childH), false,
                      ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NavFlattened);
    {
        ImDrawList* g = ImGui::GetWindowDrawList();
        const ImVec2 o = ImGui::GetCursorScreenPos();
        auto x = [&](size_t c) { return o.x + colX[c]; };
        const float headerTop = o.y + letterH, dataTop = headerTop + headerH;
        // Gutters: the corner, the column letters, the row numbers. Right of the table the sheet
        // goes on with empty columns (drawn only), as a spreadsheet's does.
        const float sheetW = std::max(gridW, innerWidth);
        g->AddRectFilled(o, ImVec2(o.x + sheetW, headerTop), p.background);
        g->AddRectFilled(ImVec2(o.x, headerTop), ImVec2(o.x + rowNumW, dataTop + dataH), p.background);
        g->AddRectFilled(ImVec2(x(0), headerTop), ImVec2(o.x + sheetW, dataTop + dataH), p.surface);
        {
            const float emptyW = em(5);
            int letter = static_cast<int>(sc.columns.size());
            for (float ex = o.x + gridW; ex < o.x + sheetW; ex += emptyW, ++letter) {
                const std::string name = columnLetter(letter);
                const float lw = ImGui::CalcTextSize(name.c_str()).x;
                if (ex + (emptyW + lw) / 2 <= o.x + sheetW)
                    g->AddText(ImVec2(ex + (emptyW - lw) / 2, o.y + (letterH - ImGui::GetFontSize()) / 2), p.mutedText,
                               name.c_str());
                if (ex + emptyW < o.x + sheetW)
                    g->AddLine(ImVec2(ex + emptyW, o.y), ImVec2(ex + emptyW, dataTop + dataH), p.border, line);
            }
            for (size_t i = 0; i <= shown.size(); ++i) {
                const float y = dataTop + static_cast<float>(i) * rowH;
                g->AddLine(ImVec2(o.x + gridW, y), ImVec2(o.x + sheetW, y), p.border, line);
            }
            g->AddLine(ImVec2(o.x + gridW, headerTop), ImVec2(o.x + sheetW, headerTop), p.border, line);
        }
        for (size_t c = 0; c < sc.columns.size(); ++c) {
            const std::string letter = columnLetter(static_cast<int>(c));
            const float lw = ImGui::CalcTextSize(letter.c_str()).x;
            g->AddText(ImVec2((x(c) + x(c + 1) - lw) / 2, o.y + (letterH - ImGui::GetFontSize()) / 2), p.mutedText,
                       letter.c_str());
        }
        const float oneW = ImGui::CalcTextSize("1").x;
        g->AddText(ImVec2(o.x + (rowNumW - oneW) / 2, headerTop + (headerH - ImGui::GetFontSize()) / 2), p.mutedText,
                   "1");

        // The header: each name sorts (again: the other way), each ▼ opens the column's filter.
        for (size_t c = 0; c < sc.columns.size(); ++c) {
            const int ci = static_cast<int>(c);
            const Column& column = sc.columns[c];
            ImGui::PushID(ci);
            const bool sortedOn = state.sheet.sort && state.sheet.sort->column == ci;
            const bool descending = sortedOn && state.sheet.sort->direction == Direction::Descending;
            ImGui::SetCursorScreenPos(ImVec2(x(c), headerTop));
            const float nameW = x(c + 1) - x(c) - filterW;
            if (kit::tabStopButton("##sort", ImVec2(nameW, headerH)))
                action = sim::Action{sortedOn && !descending ? "sort-descending" : "sort-ascending", column.id};
            a11yRecord("button", column.name, sortedOn);
            const bool hovered = ImGui::IsItemHovered();
            focusRing();
            if (hovered) g->AddRectFilled(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), p.selected);
            const std::string arrow = sortedOn ? (descending ? "↓" : "↑") : "";
            const std::string name = fitted(bold, column.name, nameW - arrowW - em(0.6f));
            const float ty = headerTop + (headerH - ImGui::GetFontSize()) / 2;
            g->AddText(bold, ImGui::GetFontSize(), ImVec2(x(c) + em(0.4f), ty), p.text, name.c_str());
            if (!arrow.empty())
                g->AddText(bold, ImGui::GetFontSize(), ImVec2(x(c) + em(0.5f) + textWidth(bold, name), ty), p.accent,
                           arrow.c_str());
            // The filter's ▼: filled while this column is filtered.
            ImGui::SetCursorScreenPos(ImVec2(x(c + 1) - filterW, headerTop));
            const bool filtered = state.sheet.filter && state.sheet.filter->col == ci;
            if (kit::tabStopButton("##filter", ImVec2(filterW, headerH))) {
                memory.set(Memory::OpenFilter, openFilter == ci ? 0 : ci + 1);
                memory.set(Memory::FocusFilter, byKeyboard());
            }
            a11yRecord("button", std::string(tr("Filter")) + " " + column.name, filtered || openFilter == ci);
            if (memory.get(Memory::ReturnFocus) == ci + 1) {
                ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
                GImGui->NavDisableHighlight = false;
                memory.set(Memory::ReturnFocus, 0);
            }
            focusRing();
            const ImVec2 fa = ImGui::GetItemRectMin(), fb = ImGui::GetItemRectMax();
            const ImVec2 box(fa.x + em(0.3f), fa.y + em(0.6f)), boxEnd(fb.x - em(0.3f), fb.y - em(0.6f));
            g->AddRectFilled(box, boxEnd, filtered ? p.accent : (ImGui::IsItemHovered() ? p.selected : p.surface),
                             em(0.2f));
            g->AddRect(box, boxEnd, filtered || openFilter == ci ? p.accent : p.border, em(0.2f), 0, line);
            const float aw = ImGui::CalcTextSize("▼").x;
            g->AddText(ImVec2((box.x + boxEnd.x - aw) / 2, (box.y + boxEnd.y - ImGui::GetFontSize()) / 2),
                       filtered ? p.accentText : p.text, "▼");
            ImGui::PopID();
        }

        // The cells: one Tab stop; the arrows move in it.
        ImGui::SetCursorScreenPos(ImVec2(x(0), dataTop));
        const ImVec2 cellsMin(x(0), dataTop), cellsMax(o.x + gridW, dataTop + dataH);
        const bool enter =
            kit::tabStopButton("##cells", ImVec2(std::max(1.0f, gridW - rowNumW), std::max(1.0f, dataH)));
        (void)enter;  // Enter on the grid does nothing: the arrows and the toolbar do
        const bool focused = ImGui::IsItemFocused();
        const bool active = ImGui::IsItemActive();
        const bool hovered = ImGui::IsItemHovered();
        std::string cursorWords;
        if (state.active)
            cursorWords = ", " + address(*state.active) + ": " +
                          (sc.rows[state.active->row].cells[state.active->col].empty()
                               ? std::string(tr("leeg"))
                               : shownCell(sc, state.active->row, state.active->col, comma));
        a11yRecord("grid", std::string(tr("Tabel")) + cursorWords);
        if (focused && !GImGui->NavDisableHighlight) {
            const float t = std::max(2.0f, em(0.15f));
            g->AddRect(ImVec2(cellsMin.x - t, cellsMin.y - t), ImVec2(cellsMax.x + t, cellsMax.y + t), p.focus, 0, 0,
                       t);
        }

        // Where a point is: the cell under it, clamped to the grid.
        auto cellAt = [&](ImVec2 m) -> std::optional<Cell> {
            if (shown.empty()) return std::nullopt;
            int c = 0;
            while (c + 1 < static_cast<int>(sc.columns.size()) && m.x >= x(static_cast<size_t>(c) + 1)) ++c;
            const int i =
                std::clamp(static_cast<int>(std::floor((m.y - dataTop) / rowH)), 0, static_cast<int>(shown.size()) - 1);
            return Cell{shown[static_cast<size_t>(i)], c};
        };
        // Mouse: a press selects (with Shift: extends); a drag extends where it is let go.
        std::optional<Cell> dragTo;
        if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            if (const auto c = cellAt(io.MousePos)) {
                action = sim::Action{io.KeyShift ? "extend-selection" : "select", cellId(sc, *c)};
                memory.set(Memory::DragRow, io.KeyShift ? 0 : c->row + 1);
                memory.set(Memory::DragCol, c->col);
            }
        } else if (memory.get(Memory::DragRow) > 0) {
            const Cell from{memory.get(Memory::DragRow) - 1, memory.get(Memory::DragCol)};
            const auto c = cellAt(io.MousePos);
            if (io.MouseDown[0] && active) {
                if (c && *c != from) dragTo = c;
            } else {
                if (c && *c != from && !io.MouseDown[0]) action = sim::Action{"extend-selection", cellId(sc, *c)};
                memory.set(Memory::DragRow, 0);
            }
        }
        // Keyboard: the arrows move the cursor; with Shift they extend the selection.
        if (focused && !shown.empty()) {
            auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), true); };
            int di = 0, dc = 0;
            if (pressed(ImGuiKey_UpArrow)) di = -1;
            if (pressed(ImGuiKey_DownArrow)) di = 1;
            if (pressed(ImGuiKey_LeftArrow)) dc = -1;
            if (pressed(ImGuiKey_RightArrow)) dc = 1;
            if (di != 0 || dc != 0) {
                // The arrow moves in the grid, not the keyboard focus.
                if (GImGui->NavMoveScoringItems || GImGui->NavMoveSubmitted) ImGui::NavMoveRequestCancel();
                Cell next{shown[0], 0};
                if (state.active) {
                    const auto at = std::find(shown.begin(), shown.end(), state.active->row) - shown.begin();
                    const int i = std::clamp(static_cast<int>(at) + di, 0, static_cast<int>(shown.size()) - 1);
                    next = Cell{shown[static_cast<size_t>(i)],
                                std::clamp(state.active->col + dc, 0, static_cast<int>(sc.columns.size()) - 1)};
                }
                action = sim::Action{io.KeyShift && state.anchor ? "extend-selection" : "select", cellId(sc, next)};
                memory.set(Memory::ScrollToCursor, 1);
            }
        }

        // Draw the rows: numbers, selection, cursor, the formula's cells, the text.
        std::vector<Cell> preview;
        if (dragTo)
            preview =
                extendSelection(
                    sc, select(sc, state, Cell{memory.get(Memory::DragRow) - 1, memory.get(Memory::DragCol)}), *dragTo)
                    .selection;
        const std::vector<Cell>& selected = dragTo ? preview : state.selection;
        auto isIn = [](const std::vector<Cell>& cells, Cell c) {
            return std::binary_search(cells.begin(), cells.end(), c);
        };
        for (size_t i = 0; i < shown.size(); ++i) {
            const int r = shown[i];
            const float y0 = dataTop + static_cast<float>(i) * rowH, y1 = y0 + rowH;
            const std::string number = std::to_string(numberOf[r]);
            const float nw = ImGui::CalcTextSize(number.c_str()).x;
            g->AddText(ImVec2(o.x + (rowNumW - nw) / 2, y0 + (rowH - ImGui::GetFontSize()) / 2), p.mutedText,
                       number.c_str());
            for (size_t c = 0; c < sc.columns.size(); ++c) {
                const Cell cell{r, static_cast<int>(c)};
                const ImVec2 a(x(c), y0), b(x(c + 1), y1);
                const bool sel = isIn(selected, cell);
                if (sel) g->AddRectFilled(a, b, p.selected);
                const std::string text = shownCell(sc, r, static_cast<int>(c), comma);
                const std::string fit = fitted(regular, text, b.x - a.x - em(0.8f));
                const float tw = textWidth(regular, fit);
                const bool numeric = sc.columns[c].type == ColumnType::Number;
                g->AddText(
                    ImVec2(numeric ? b.x - em(0.4f) - tw : a.x + em(0.4f), y0 + (rowH - ImGui::GetFontSize()) / 2),
                    p.text, fit.c_str());
                a11yFrame().push_back(
                    {"cell", address(cell) + ": " + (text.empty() ? std::string(tr("leeg")) : text), a, b, sel, false});
            }
        }
        // Grid lines.
        for (size_t c = 0; c <= sc.columns.size(); ++c)
            g->AddLine(ImVec2(x(c), o.y), ImVec2(x(c), dataTop + dataH), p.border, line);
        g->AddLine(ImVec2(o.x, o.y), ImVec2(o.x, dataTop + dataH), p.border, line);
        g->AddLine(ImVec2(o.x, headerTop), ImVec2(o.x + gridW, headerTop), p.border, line);
        g->AddLine(ImVec2(o.x, dataTop), ImVec2(o.x + gridW, dataTop), p.mutedText, line * 2);
        for (size_t i = 1; i <= shown.size(); ++i) {
            const float y = dataTop + static_cast<float>(i) * rowH;
            g->AddLine(ImVec2(o.x, y), ImVec2(o.x + gridW, y), p.border, line);
        }
        // The formula's cells: a dashed outline round them, as a spreadsheet marks a range.
        if (state.sheet.formula) {
            auto position = [&](int row) { return std::find(shown.begin(), shown.end(), row) - shown.begin(); };
            const float t = std::max(1.5f, em(0.1f));
            for (Cell cell : state.sheet.formulaCells) {
                const auto i = position(cell.row);
                if (i >= static_cast<long>(shown.size())) continue;
                const float y0 = dataTop + static_cast<float>(i) * rowH, y1 = y0 + rowH;
                const float x0 = x(static_cast<size_t>(cell.col)), x1 = x(static_cast<size_t>(cell.col) + 1);
                auto has = [&](long di, int dc) {
                    const long j = i + di;
                    if (j < 0 || j >= static_cast<long>(shown.size())) return false;
                    return isIn(state.sheet.formulaCells, Cell{shown[static_cast<size_t>(j)], cell.col + dc});
                };
                if (!has(-1, 0)) dashedLine(g, ImVec2(x0, y0), ImVec2(x1, y0), p.accent, t);
                if (!has(1, 0)) dashedLine(g, ImVec2(x0, y1), ImVec2(x1, y1), p.accent, t);
                if (!has(0, -1)) dashedLine(g, ImVec2(x0, y0), ImVec2(x0, y1), p.accent, t);
                if (!has(0, 1)) dashedLine(g, ImVec2(x1, y0), ImVec2(x1, y1), p.accent, t);
            }
        }
        // The cursor: a thick border round the active cell.
        if (state.active) {
            const auto i = std::find(shown.begin(), shown.end(), state.active->row) - shown.begin();
            if (i < static_cast<long>(shown.size())) {
                const float y0 = dataTop + static_cast<float>(i) * rowH;
                const ImVec2 a(x(static_cast<size_t>(state.active->col)), y0),
                    b(x(static_cast<size_t>(state.active->col) + 1), y0 + rowH);
                g->AddRect(a, b, p.accent, 0, 0, std::max(2.0f, em(0.14f)));
                if (memory.get(Memory::ScrollToCursor) && !action) {
                    ImGuiWindow* grid = ImGui::GetCurrentWindow();
                    ImGui::ScrollToRect(grid, ImRect(a, b));
                    if (grid->ParentWindow) ImGui::ScrollToRect(grid->ParentWindow, ImRect(a, b));
                    memory.set(Memory::ScrollToCursor, 0);
                }
            }
        }
        ImGui::SetCursorScreenPos(ImVec2(o.x, dataTop + dataH));
        ImGui::Dummy(ImVec2(gridW, 0));
    }
    ImGui::EndChild();

    // Status line: how many rows are shown, and on what the filter is.
    {
        std::string status = state.sheet.filter ? kit::format(tr("%d van %d rijen"), static_cast<int>(shown.size()),
                                                              static_cast<int>(sc.rows.size()))
                                                : kit::format(tr("%d rijen"), static_cast<int>(sc.rows.size()));
        if (state.sheet.filter)
            status += " · " + std::string(tr("Filter")) + ": " + sc.columns[state.sheet.filter->col].name + " = " +
                      shownCell(sc, state.sheet.filter->row, state.sheet.filter->col, comma);
        ImGui::SetCursorPosX(innerLeft);
        wrappedText(status, nullptr, p.mutedText, innerWidth);
    }

    // The bar chart of the chosen column, over the rows shown: a bar per row, labelled with the
    // label column's words, a value axis with ticks, both axes named.
    if (state.sheet.chart) {
        const int col = *state.sheet.chart;
        const Column& column = sc.columns[static_cast<size_t>(col)];
        ImGui::Dummy(em(0, 0.4f));
        ImGui::SetCursorPosX(innerLeft);
        wrappedText(std::string(tr("Grafiek")) + ": " + column.name, bold, 0, innerWidth);
        const std::string labelTitle =
            sc.labelColumn >= 0 ? sc.columns[static_cast<size_t>(sc.labelColumn)].name : std::string(tr("Rij"));
        double lo = 0, hi = 0;
        for (int r : shown)
            if (const auto v = sc.rows[r].numbers[col]) {
                lo = std::min(lo, *v);
                hi = std::max(hi, *v);
            }
        const double step = niceStep(hi - lo);
        lo = std::floor(lo / step) * step;
        hi = std::max(step, std::ceil(hi / step) * step);
        std::vector<std::string> labels;
        float labelW = textWidth(bold, labelTitle);
        for (int r : shown) {
            labels.push_back(sc.labelColumn >= 0 ? shownCell(sc, r, sc.labelColumn, comma)
                                                 : std::to_string(numberOf[r]));
            labelW = std::max(labelW, textWidth(regular, labels.back()));
        }
        labelW = std::min(labelW, innerWidth * 0.35f);
        const float barH = em(1.3f), gap = em(0.5f);
        ImGui::SetCursorPosX(innerLeft);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float plotLeft = at.x + labelW + em(0.8f);
        const float valueRoom = textWidth(regular, shownNumber(hi, comma)) + em(0.8f);
        const float plotRight = std::max(plotLeft + em(4), at.x + innerWidth - valueRoom);
        const float plotTop = at.y + em(1.6f);
        const float plotBottom = plotTop + static_cast<float>(shown.size()) * (barH + gap) + gap;
        auto xOf = [&](double v) {
            return plotLeft + static_cast<float>((v - lo) / (hi - lo)) * (plotRight - plotLeft);
        };
        // The label axis's name, above the labels.
        dl->AddText(bold, ImGui::GetFontSize(), ImVec2(at.x, at.y), p.text,
                    fitted(bold, labelTitle, labelW + em(0.6f)).c_str());
        // Ticks and grid lines.
        const float fs = ImGui::GetFontSize();
        for (double v = lo; v <= hi + step / 2; v += step) {
            const float tx = xOf(v);
            dl->AddLine(ImVec2(tx, plotTop), ImVec2(tx, plotBottom), p.border, line);
            const std::string tick = shownNumber(v, comma);
            const float tw = textWidth(regular, tick);
            dl->AddText(ImVec2(tx - tw / 2, plotBottom + em(0.2f)), p.mutedText, tick.c_str());
        }
        std::string described = std::string(tr("Staafgrafiek")) + ": " + column.name + ".";
        for (size_t i = 0; i < shown.size(); ++i) {
            const int r = shown[i];
            const float y = plotTop + gap + static_cast<float>(i) * (barH + gap);
            const std::string label = fitted(regular, labels[i], labelW);
            dl->AddText(ImVec2(plotLeft - em(0.4f) - textWidth(regular, label), y + (barH - fs) / 2), p.text,
                        label.c_str());
            const auto v = sc.rows[r].numbers[col];
            const std::string value = v ? shownNumber(*v, comma) : "–";
            described += " " + labels[i] + " " + value + ";";
            if (!v) continue;
            const float x0 = xOf(std::min(0.0, *v)), x1 = xOf(std::max(0.0, *v));
            dl->AddRectFilled(ImVec2(x0, y), ImVec2(std::max(x1, x0 + 1), y + barH), p.accent);
            dl->AddText(ImVec2(x1 + em(0.3f), y + (barH - fs) / 2), p.text, value.c_str());
        }
        // The axes, and the value axis's name under its ticks.
        dl->AddLine(ImVec2(xOf(0), plotTop), ImVec2(xOf(0), plotBottom), p.text, line * 2);
        dl->AddLine(ImVec2(plotLeft, plotBottom), ImVec2(plotRight, plotBottom), p.text, line * 2);
        const float nameW = textWidth(bold, column.name);
        dl->AddText(bold, fs, ImVec2((plotLeft + plotRight - nameW) / 2, plotBottom + em(0.3f) + fs), p.text,
                    column.name.c_str());
        const ImVec2 end(at.x + innerWidth, plotBottom + em(0.6f) + 2 * fs);
        ImGui::Dummy(ImVec2(innerWidth, end.y - at.y));
        a11yRecordArea("image", described, at, end);
    }

    // The window's frame and background, under everything in it.
    ImGui::Dummy(em(0, 0.3f));
    const ImVec2 bottom(top.x + width, ImGui::GetCursorScreenPos().y);
    layers.SetCurrentChannel(dl, 0);
    dl->AddRectFilled(top, bottom, p.surface, em(0.3f));
    layers.SetCurrentChannel(dl, 1);
    dl->AddRect(top, bottom, p.border, em(0.3f), 0, std::max(1.0f, em(0.06f)));
    layers.Merge(dl);
    ImGui::SetCursorPosX(left);
    ImGui::Dummy(ImVec2(width, 0));

    if (!action) return;
    const auto next = act(sc, state, *action);
    if (!next) return;
    // The first action on an untouched table always counts (the answer becomes the table); an
    // action that changes nothing is still one the process data keeps.
    ctx.act(*action,
            *next == state && !ctx.response.current().isNull() ? ctx.response.current() : toResponse(sc, *next));
}

}  // namespace dlk::ui::views
