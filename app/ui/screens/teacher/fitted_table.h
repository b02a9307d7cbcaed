#pragma once
// A teacher's table whose columns are as wide as their widest text, so no header or cell breaks
// inside a word ("Infor/matie") or is cut off ("in progres"). When the columns fit, they share
// the width in proportion. When they nearly fit, the first column (the pupil's name) gives way,
// down to a given width: a long name is cut, as a first name is enough to know the pupil. When
// not even that fits (the smallest window, large text), the table scrolls sideways with the
// first column kept in view (at most 40% of the width), and, asked for height 0, as high as its
// rows, so the page scrolls it. Cells are padded a little less than ImGui tables elsewhere, as these
// tables are lists of short figures.
#include <imgui.h>

#include <string>
#include <vector>

namespace dlk::ui {

class FittedTable {
public:
    // `headers` are the columns' translated titles, measured in `headerFont`.
    FittedTable(std::vector<const char*> headers, ImFont* headerFont, float firstColumnMinWidth);
    // The cell's text (after a mark `extra` wide, if any) makes its column at least this wide.
    void measure(size_t column, const std::string& text, float extra = 0.0f);
    // ImGui::BeginTable, `height` high in the available width, with the columns set up and the
    // header row frozen; with height 0 as high as its rows, scrolled by the page it is on. As with BeginTable, call
    // end() only when it returned true.
    bool begin(const char* id, float height);
    // The header row: each column's title in the header font, and in the accessibility tree.
    void headerRow();
    void end();

private:
    std::vector<const char*> m_headers;
    std::vector<float> m_widths;
    ImFont* m_headerFont;
    float m_firstMinWidth;
};

}  // namespace dlk::ui
