#include "ui/widgets/item_view.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cstring>
#include <functional>
#include <random>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/interactions/picture_kit.h"
#include "ui/widgets/interactions/registry.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

// Elements that run inline in text: HTML's phrasing elements, and the interactions and parts of
// interactions that sit in a line like a word (see the widget table).
bool isInlineElement(const std::string& n) {
    if (isPhrasingElement(n) || n == "br" || n == "printedVariable") return true;
    const InteractionWidget* w = findInteractionWidget(n);
    return (w && w->inlineInText) || isInteractionPart(n);
}

bool isHeading(const std::string& n) {
    return n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6';
}

}  // namespace

std::vector<std::string> ItemView::displayOrder(const BodyNode& interaction, const char* choiceName, bool shuffle,
                                                uint64_t seed) {
    std::vector<const BodyNode*> choices;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (!n.isText && n.name == choiceName) {
            choices.push_back(&n);
            return;
        }
        for (const auto& c : n.children) walk(c);
    };
    walk(interaction);
    std::vector<std::string> ids;
    for (const auto* c : choices) ids.push_back(c->attributeOr("identifier", ""));
    if (!shuffle) return ids;
    // Shuffle the movable choices among the movable positions; fixed ones stay put.
    std::vector<size_t> movable;
    for (size_t i = 0; i < choices.size(); ++i)
        if (choices[i]->attributeOr("fixed", "false") != "true") movable.push_back(i);
    std::vector<std::string> moved;
    for (size_t i : movable) moved.push_back(ids[i]);
    std::mt19937_64 rng(seed);
    std::shuffle(moved.begin(), moved.end(), rng);
    for (size_t k = 0; k < movable.size(); ++k) ids[movable[k]] = moved[k];
    return ids;
}

void ItemView::draw(float width) {
    m_left = ImGui::GetCursorPosX();
    m_width = width;
    for (const auto& c : m_session.currentItem().body.children) block(c);
}

void ItemView::block(const BodyNode& node) {
    if (node.isText) {
        if (trim(node.text).empty()) return;
        m_lineStart = true;
        m_pendingSpace = false;
        flowNode(node, m_fonts.regular);
        flowBreak();
        return;
    }
    const std::string& n = node.name;
    if (const InteractionWidget* w = findInteractionWidget(n); w && !w->inlineInText) return w->draw(*this, node);
    if (node.isInteraction() && !isInlineElement(n)) return unsupported(node);
    if (n == "table") return table(node);
    if (n == "ul" || n == "ol") {
        int number = 1;
        for (const auto* li : childrenNamed(node, "li")) {
            ImGui::SetCursorPosX(m_left + em(0.6f));
            ImGui::TextUnformatted(n == "ul" ? "•" : (std::to_string(number++) + ".").c_str());
            ImGui::SameLine(m_left + em(1.8f));
            inColumn(m_left + em(1.8f), m_width - em(1.8f), [&] {
                flowChildren(*li);
                flowBreak();
            });
        }
        ImGui::Dummy(em(0, 0.3f));
        return;
    }
    if (n == "img" || n == "object") return image(node);
    if (n == "blockquote" && !m_inQuote) return quote(node);
    if (n == "rubricBlock" || n == "modalFeedback" || n == "feedbackBlock" || n == "templateBlock") return;
    if (isInlineElement(n)) {
        m_lineStart = true;
        m_pendingSpace = false;
        flowNode(node, m_fonts.regular);
        flowBreak();
        return;
    }
    // Block containers (p, div, headings, blockquote, section, ...): inline runs flow and wrap;
    // nested blocks are drawn in turn.
    const bool heading = isHeading(n);
    bool hasBlockChild = false;
    for (const auto& c : node.children)
        if (!c.isText && !isInlineElement(c.name)) hasBlockChild = true;
    if (hasBlockChild) {
        for (const auto& c : node.children) block(c);
        return;
    }
    m_lineStart = true;
    m_pendingSpace = false;
    ImGui::SetCursorPosX(m_left);
    std::function<bool(const BodyNode&)> holdsField = [&](const BodyNode& b) {
        if (b.isInteraction() || isInteractionPart(b.name)) return true;
        return std::any_of(b.children.begin(), b.children.end(), holdsField);
    };
    m_alignToFrames = holdsField(node);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    for (const auto& c : node.children) flowNode(c, heading ? m_fonts.bold : m_fonts.regular);
    m_alignToFrames = false;
    flowBreak();
    // The paragraph as one node of the accessibility tree, for read-aloud.
    const ImVec2 bottom = ImGui::GetCursorScreenPos();
    a11yRecordArea(heading ? "heading" : "text", trim(node.plainText()), ImVec2(top.x, top.y),
                   ImVec2(top.x + m_width, bottom.y));
    ImGui::Dummy(em(0, heading ? 0.2f : 0.4f));
}

void ItemView::flowChildren(const BodyNode& node) {
    for (const auto& c : node.children) flowNode(c, m_fonts.regular);
}

void ItemView::flowNode(const BodyNode& node, ImFont* font) {
    if (node.isText) {
        const std::string& t = node.text;
        if (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) m_pendingSpace = true;
        const auto words = splitWhitespace(t);
        for (size_t i = 0; i < words.size(); ++i) {
            flowWord(words[i], font);
            m_pendingSpace = i + 1 < words.size();
        }
        if (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())) && !words.empty()) m_pendingSpace = true;
        return;
    }
    const std::string& n = node.name;
    if (n == "br") {
        flowBreak();
        return;
    }
    if (const InteractionWidget* w = findInteractionWidget(n); w && w->inlineInText) return w->draw(*this, node);
    if (isInteractionPart(n)) {
        // A gap or a hot word is its interaction's to draw; met outside one, it is plain text.
        const InteractionWidget* owner = m_textOwner ? findInteractionWidget(m_textOwner->name) : nullptr;
        if (owner && owner->part == n) return owner->drawPart(*this, *m_textOwner, node);
        if (node.children.empty()) return flowWord("____", font);
    }
    ImFont* f = (n == "strong" || n == "b") ? m_fonts.bold : font;
    const bool slanted = n == "em" || n == "i" || n == "cite" || n == "dfn" || n == "var";
    m_slanted += slanted;
    for (const auto& c : node.children) flowNode(c, f);
    m_slanted -= slanted;
}

namespace {
// Emphasis without an italic font (Debian's fonts-dejavu-core has none, and a third face would
// grow the font atlas at every text size): the vertices a word just added are sheared, each moved
// right by a fifth of its height above the line's foot, as printers' oblique type is.
void slantSince(ImDrawList* dl, int firstVertex, float footY) {
    constexpr float kSlant = 0.2f;
    for (int i = firstVertex; i < dl->VtxBuffer.Size; ++i)
        dl->VtxBuffer[i].pos.x += (footY - dl->VtxBuffer[i].pos.y) * kSlant;
}
}  // namespace

// A quoted text (a post, a mail, an advert, a web page): framed and set in, so that the pupil sees
// where the question ends and the thing it is about begins. The frame is drawn round the contents
// once they are laid out (their height is known only then); it has no fill, so nothing needs to be
// drawn under them.
void ItemView::quote(const BodyNode& node) {
    const float pad = em(0.8f), bar = std::max(3.0f, em(0.2f));
    ImGui::SetCursorPosX(m_left);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(0, pad * 0.6f));
    m_inQuote = true;
    inColumn(m_left + pad + bar, std::max(em(6), m_width - 2 * pad - bar), [&] { block(node); });
    m_inQuote = false;
    ImGui::SetCursorPosX(m_left);
    ImGui::Dummy(ImVec2(0, pad * 0.3f));
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = em(0.3f);
    dl->AddRect(top, ImVec2(top.x + m_width, bottom), p.border, rounding, 0, std::max(1.0f, em(0.06f)));
    dl->AddRectFilled(top, ImVec2(top.x + bar, bottom), p.accent, rounding, ImDrawFlags_RoundCornersLeft);
    ImGui::Dummy(ImVec2(0, pad * 0.4f));
}

void ItemView::flowWord(const std::string& word, ImFont* font) {
    ImGui::PushFont(font);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int firstVertex = dl->VtxBuffer.Size;
    const std::string text = (m_pendingSpace && !m_lineStart ? " " : "") + word;
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    if (!m_lineStart) {
        ImGui::SameLine(0, 0);
        if (ImGui::GetCursorPosX() + w > m_left + m_width) {
            ImGui::NewLine();
            ImGui::SetCursorPosX(m_left);
            if (m_alignToFrames) ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(word.c_str());
        } else {
            ImGui::TextUnformatted(text.c_str());
        }
    } else {
        ImGui::SetCursorPosX(m_left);
        if (m_alignToFrames) ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(word.c_str());
    }
    if (m_slanted > 0) slantSince(dl, firstVertex, ImGui::GetItemRectMax().y);
    ImGui::PopFont();
    m_lineStart = false;
    m_pendingSpace = false;
}

void ItemView::flowBreak() {
    m_lineStart = true;
    m_pendingSpace = false;
}

void ItemView::endInline(bool ownLine) {
    m_lineStart = ownLine;
    m_pendingSpace = false;
}

void ItemView::drawOwnText(const BodyNode& interaction, std::initializer_list<std::string_view> skip) {
    const BodyNode* saveOwner = m_textOwner;
    m_textOwner = &interaction;
    for (const auto& c : interaction.children) {
        const bool skipped =
            !c.isText && (c.name == "prompt" || std::find(skip.begin(), skip.end(), c.name) != skip.end());
        if (!skipped) block(c);
    }
    m_textOwner = saveOwner;
}

void ItemView::prompt(const BodyNode& interaction) {
    for (const auto* p : childrenNamed(interaction, "prompt")) {
        m_lineStart = true;
        m_pendingSpace = false;
        ImGui::SetCursorPosX(m_left);
        const ImVec2 top = ImGui::GetCursorScreenPos();
        for (const auto& c : p->children) flowNode(c, m_fonts.bold);
        flowBreak();
        a11yRecordArea("text", trim(p->plainText()), top, ImVec2(top.x + m_width, ImGui::GetCursorScreenPos().y));
        ImGui::Dummy(em(0, 0.3f));
    }
}

void ItemView::placeInline(float width) {
    // Like a word: after the previous one on this line (with a space when the text had one),
    // or at the start of the next line when it does not fit.
    if (!m_lineStart) {
        ImGui::SameLine(0, m_pendingSpace ? ImGui::CalcTextSize(" ").x : em(0.15f));
        if (ImGui::GetCursorPosX() + width <= m_left + m_width) return;
        ImGui::NewLine();
    }
    ImGui::SetCursorPosX(m_left);
}

void ItemView::unsupported(const BodyNode& node) {
    prompt(node);
    unsupportedNote();
}

void ItemView::unsupportedNote() {
    ImGui::SetCursorPosX(m_left);
    wrappedText(tr("Deze vraag kan op deze computer niet worden getoond. Ga door naar de volgende vraag."), nullptr,
                palette().warning, m_width);
    m_lineStart = true;
    m_pendingSpace = false;
}

// ---- pictures in the body -------------------------------------------------------------------------

void ItemView::image(const BodyNode& node) {
    using namespace picture;
    const Picture pic = makePicture(&node, m_images, m_session.currentItem().sourcePath);
    const float scale = displayScale(pic, m_width);
    ImGui::SetCursorPosX(m_left);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    ImVec2 size(std::max(1.0f, pic.width * scale), std::max(1.0f, pic.height * scale));
    const bool sized = lengthAttribute(node, "width") > 0 || lengthAttribute(node, "height") > 0;
    if (!(pic.image && pic.image->ok()) && !sized) {
        // Nothing tells how big it was meant to be: a box just big enough for its alt text.
        const ImVec2 ts = ImGui::CalcTextSize(pic.alt.c_str(), nullptr, false, m_width - em(1));
        size = ImVec2(std::min(m_width, ts.x + em(1)), ts.y + em(1));
    }
    ImGui::Dummy(size);
    a11yRecord("image", pic.alt);
    drawPicture(ImGui::GetWindowDrawList(), pic, a, ImVec2(a.x + size.x, a.y + size.y));
    ImGui::Dummy(em(0, 0.4f));
}

// ---------------------------------------------------------------------------------------------
// Tables in item bodies: caption above, header rows in bold, cells wrap; when the columns would be
// too narrow to read (big text, small screen), each row is shown as a list of "header: value".

namespace {
// A cell that holds an interaction (a text entry in a table) needs room for it, not for its words.
bool holdsInteraction(const BodyNode& n) {
    if (!n.isText && n.name.size() > 12 && n.name.rfind("qti-", 0) == 0 &&
        n.name.compare(n.name.size() - 12, 12, "-interaction") == 0)
        return true;
    for (const auto& c : n.children)
        if (holdsInteraction(c)) return true;
    return false;
}
}  // namespace

// The widest word of a cell and its whole text on one line, in the cell's font.
std::pair<float, float> ItemView::cellWidths(const BodyNode& cell, bool header) const {
    ImGui::PushFont(header ? m_fonts.bold : m_fonts.regular);
    const std::string text = cell.plainText();
    float word = 0;
    for (const auto& w : splitWhitespace(text)) word = std::max(word, ImGui::CalcTextSize(w.c_str()).x);
    float line = ImGui::CalcTextSize(text.c_str()).x;
    ImGui::PopFont();
    if (holdsInteraction(cell)) {
        word = std::max(word, em(kInteractionCellEm));
        line = std::max(line, em(kInteractionCellEm));
    }
    return {word, line};
}

// One cell at the cursor, in the column m_left/m_width (set by the caller).
void ItemView::tableCell(const BodyNode& cell, bool header) {
    const size_t before = a11yFrame().size();
    ImGui::BeginGroup();
    if (header) {
        m_lineStart = true;
        m_pendingSpace = false;
        ImGui::SetCursorPosX(m_left);
        for (const auto& c : cell.children) flowNode(c, m_fonts.bold);
        flowBreak();
    } else {
        block(cell);
    }
    ImGui::EndGroup();
    // The cell says its words once: the paragraphs inside it (which block() recorded as text) are
    // its words, and read aloud beside the cell they were heard twice. Controls in it stay.
    auto& frame = a11yFrame();
    frame.erase(std::remove_if(frame.begin() + static_cast<std::ptrdiff_t>(std::min(before, frame.size())), frame.end(),
                               [](const A11yNode& n) { return n.role == "text"; }),
                frame.end());
    a11yRecord("cell", cell.plainText());
}

void ItemView::table(const BodyNode& node) {
    struct Row {
        const BodyNode* tr;
        bool header;
    };
    std::vector<Row> rows;
    const BodyNode* caption = nullptr;
    for (const char* section : {"thead", "", "tbody", "tfoot"}) {
        if (*section == 0) {
            for (const auto* tr : childrenNamed(node, "tr")) {
                bool allTh = !tr->children.empty();
                for (const auto& c : tr->children)
                    if (!c.isText && c.name == "td") allTh = false;
                rows.push_back({tr, allTh});
            }
            continue;
        }
        for (const auto* s : childrenNamed(node, section))
            for (const auto* tr : childrenNamed(*s, "tr")) rows.push_back({tr, std::string(section) == "thead"});
    }
    if (const auto caps = childrenNamed(node, "caption"); !caps.empty()) caption = caps[0];
    auto cellsOf = [](const BodyNode& tr) {
        std::vector<const BodyNode*> out;
        for (const auto& c : tr.children)
            if (!c.isText && (c.name == "td" || c.name == "th")) out.push_back(&c);
        return out;
    };
    int columns = 0;
    for (const auto& r : rows) {
        int n = 0;
        for (const auto* c : cellsOf(*r.tr)) n += std::max(1, intAttr(*c, "colspan", 1));
        columns = std::max(columns, n);
    }
    ImGui::PushID(&node);
    if (caption) {
        ImGui::SetCursorPosX(m_left);
        wrappedText(caption->plainText(), m_fonts.bold, 0, m_width);
    }
    if (columns == 0) {
        ImGui::PopID();
        return;
    }
    // Each column as wide as its content needs: at least its longest word (a website's domain,
    // which must never be cut off), at most its longest cell on one line; what the longest words
    // leave over goes to the columns in proportion to what they would still need to fit on one
    // line. When even the longest words do not fit side by side, the rows are stacked instead.
    const ImGuiStyle& style = ImGui::GetStyle();
    std::vector<float> minW(static_cast<size_t>(std::min(columns, kMaxTableColumns)), 0.0f);
    std::vector<float> prefW(minW.size(), 0.0f);
    for (const auto& r : rows) {
        int col = 0;
        for (const auto* c : cellsOf(*r.tr)) {
            const int span = std::max(1, intAttr(*c, "colspan", 1));
            if (col >= static_cast<int>(minW.size())) break;
            if (span == 1) {
                const auto [word, line] = cellWidths(*c, r.header || c->name == "th");
                minW[static_cast<size_t>(col)] = std::max(minW[static_cast<size_t>(col)], word);
                prefW[static_cast<size_t>(col)] = std::max(prefW[static_cast<size_t>(col)], line);
            }
            col += span;
        }
    }
    const float padding = 2 * style.CellPadding.x + 1.0f;  // cell padding and the border line
    const float inner = m_width - padding * static_cast<float>(minW.size()) - 1.0f;
    float sumMin = 0, sumPref = 0;
    for (size_t i = 0; i < minW.size(); ++i) {
        minW[i] = std::max(minW[i], em(kMinTableColumnEm));
        prefW[i] = std::max(prefW[i], minW[i]);
        sumMin += minW[i];
        sumPref += prefW[i];
    }
    if (columns <= kMaxTableColumns && sumMin <= inner) {
        std::vector<float> widths = minW;
        if (sumPref <= inner) {
            // Everything fits on one line: the room left over is shared equally.
            for (size_t i = 0; i < widths.size(); ++i)
                widths[i] = prefW[i] + (inner - sumPref) / static_cast<float>(widths.size());
        } else {
            const float share = (inner - sumMin) / (sumPref - sumMin);
            for (size_t i = 0; i < widths.size(); ++i) widths[i] = minW[i] + (prefW[i] - minW[i]) * share;
        }
        ImGui::SetCursorPosX(m_left);
        const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit |
                                      ImGuiTableFlags_NoKeepColumnsVisible;
        if (ImGui::BeginTable("table", columns, flags, ImVec2(m_width, 0))) {
            for (int i = 0; i < columns; ++i)
                ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, widths[static_cast<size_t>(i)]);
            for (const auto& r : rows) {
                ImGui::TableNextRow(r.header ? ImGuiTableRowFlags_Headers : ImGuiTableRowFlags_None);
                int col = 0;
                for (const auto* c : cellsOf(*r.tr)) {
                    if (col >= columns) break;
                    ImGui::TableSetColumnIndex(col);
                    ImGui::PushID(col);
                    inColumn(ImGui::GetCursorPosX(), std::max(em(2), ImGui::GetContentRegionAvail().x),
                             [&] { tableCell(*c, r.header || c->name == "th"); });
                    ImGui::PopID();
                    col += std::max(1, intAttr(*c, "colspan", 1));
                }
            }
            ImGui::EndTable();
        }
    } else {
        // Stacked: the header texts (first header row) label each cell of every other row.
        std::vector<std::string> headers;
        const BodyNode* headerRow = nullptr;
        for (const auto& r : rows)
            if (r.header) {
                for (const auto* c : cellsOf(*r.tr)) headers.push_back(c->plainText());
                headerRow = r.tr;
                break;
            }
        const Palette& p = palette();
        int rowNumber = 0;
        for (const auto& r : rows) {
            if (r.tr == headerRow) continue;
            ImGui::PushID(rowNumber++);
            size_t i = 0;
            for (const auto* c : cellsOf(*r.tr)) {
                ImGui::PushID(static_cast<int>(i));
                if (i < headers.size() && !trim(headers[i]).empty()) {
                    ImGui::SetCursorPosX(m_left);
                    wrappedText(headers[i], m_fonts.bold, 0, m_width);
                }
                inColumn(m_left + em(1), m_width - em(1), [&] {
                    ImGui::SetCursorPosX(m_left);
                    tableCell(*c, r.header || c->name == "th");
                });
                ImGui::PopID();
                ++i;
            }
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float x0 = ImGui::GetWindowPos().x + m_left - ImGui::GetScrollX();
            ImGui::GetWindowDrawList()->AddLine(ImVec2(x0, at.y), ImVec2(x0 + m_width, at.y), p.border, 1.0f);
            ImGui::Dummy(em(0, 0.4f));
            ImGui::PopID();
        }
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

}  // namespace dlk::ui
