#pragma once
// Renders a QTI item body: the HTML subset (paragraphs, headings, lists, tables, pictures) laid
// out in a column, and its interactions, each drawn by its own widget from the table in
// ui/widgets/interactions/registry.cpp. A widget turns the pupil's actions into the response
// variable the item declares, through the ModuleSession.
//
// The public part below "for the interaction widgets" is what a widget may use: the session and
// view state, the column it draws in, and the running-text layout (words, inline boxes, blocks).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "delivery/module_session.h"
#include "ui/theme.h"

namespace dlk::ui {

// Transient view state that must outlive a frame: text being typed, the order shown for order
// interactions. Keyed by item and response identifier (ResponseBinding::stateKey).
struct ItemViewState {
    std::map<std::string, std::string> textBuffers;
    std::map<std::string, std::vector<std::string>> orders;
    // A choice picked up with the keyboard (or a click) and waiting for where it goes: the
    // keyboard way of every drag-and-drop interaction (gap match, associate, graphic ones).
    std::map<std::string, std::string> picked;
    // Extended text: where the field wraps lines that the pupil did not break (display only).
    std::map<std::string, std::vector<int>> softBreaks;
};

class ImageCache;

class ItemView {
public:
    ItemView(ModuleSession& session, ItemViewState& state, const Fonts& fonts, int64_t nowMs)
        : m_session(session), m_state(state), m_fonts(fonts), m_now(nowMs) {}

    // Where pictures come from (decoded and uploaded once); without one, an image shows its alt text.
    void setImages(ImageCache* images) { m_images = images; }

    // Draws the current item in a column `width` pixels wide.
    void draw(float width);

    // The order in which the choices of an interaction are shown: document order, or a shuffle
    // seeded by the attempt and item (stable across frames and restarts) with fixed choices kept.
    static std::vector<std::string> displayOrder(const BodyNode& interaction, const char* choiceName, bool shuffle,
                                                 uint64_t seed);

    // ---- for the interaction widgets (ui/widgets/interactions/) ---------------------------------
    ModuleSession& session() { return m_session; }
    const Item& item() const { return m_session.currentItem(); }
    ItemViewState& state() { return m_state; }
    const Fonts& fonts() const { return m_fonts; }
    int64_t now() const { return m_now; }
    ImageCache* images() const { return m_images; }
    // The column being drawn in: its left edge (window coordinates) and width.
    float left() const { return m_left; }
    float width() const { return m_width; }

    // A node of the body as a block: a paragraph, a list, a table, an interaction...
    void block(const BodyNode& node);
    // A node inside running text, in `font`; words wrap at the column's edge.
    void flowNode(const BodyNode& node, ImFont* font);
    void flowWord(const std::string& word, ImFont* font);
    // An inline box `width` wide (a field, a gap, a hot word) placed like a word: after the
    // previous one on the line, or at the start of the next line when it does not fit. After
    // drawing it, endInline(); `ownLine` when the box took whole lines of its own.
    void placeInline(float width);
    void endInline(bool ownLine = false);
    // The interaction's prompt(s), above it.
    void prompt(const BodyNode& interaction);
    // The interaction cannot be shown on the kiosk: its prompt and a calm note to go on.
    void unsupported(const BodyNode& interaction);
    void unsupportedNote();
    // Draws an interaction's own running text (gap match, hottext): its children as blocks,
    // except the elements named in `skip`; the inline parts of the interaction met in the text
    // (a gap, a hot word) are drawn by its widget (InteractionWidget::drawPart).
    void drawOwnText(const BodyNode& interaction, std::initializer_list<std::string_view> skip);
    // Draws `draw` in a narrower column (a list item, a table cell) and restores this one.
    template <class F>
    void inColumn(float left, float width, F&& draw) {
        const float saveLeft = m_left, saveWidth = m_width;
        m_left = left;
        m_width = width;
        m_lineStart = true;
        m_pendingSpace = false;
        draw();
        m_left = saveLeft;
        m_width = saveWidth;
    }
    // Pictures in the body (img, object): drawn at their declared size, narrowed to the column.
    void image(const BodyNode& node);
    void table(const BodyNode& node);
    void quote(const BodyNode& node);  // <blockquote>: framed and set in

    void flowChildren(const BodyNode& node);
    void flowBreak();

private:
    // Tables: ImGui's limit on columns; no column narrower than a short word; a cell with an
    // interaction gets room for a short answer.
    static constexpr int kMaxTableColumns = 64;
    static constexpr float kMinTableColumnEm = 2.5f, kInteractionCellEm = 8.0f;
    std::pair<float, float> cellWidths(const BodyNode& cell, bool header) const;
    void tableCell(const BodyNode& cell, bool header);

    ModuleSession& m_session;
    ItemViewState& m_state;
    const Fonts& m_fonts;
    int64_t m_now;
    ImageCache* m_images = nullptr;
    float m_left = 0, m_width = 0;
    bool m_lineStart = true;
    bool m_pendingSpace = false;
    int m_slanted = 0;  // inside <em>, <i>, <cite>, <dfn> or <var>: words are drawn slanted (flowWord)
    // Set while drawing a block that holds inline fields: every line's text then sits on the
    // fields' baseline (ImGui's AlignTextToFramePadding).
    bool m_alignToFrames = false;
    bool m_inQuote = false;  // drawing a <blockquote>'s contents: a quote inside it gets no second frame
    // The interaction whose running text is being drawn (drawOwnText), or null.
    const BodyNode* m_textOwner = nullptr;
};

}  // namespace dlk::ui
