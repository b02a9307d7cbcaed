// The web browser's view (model: app/core/sim/browser): browser chrome (a tab, back, forward, home, the
// address bar with the page's real address, a star to bookmark, a row of bookmarks) over a page
// area that shows the search engine (its start page, or results with blue titles, green addresses,
// snippets and "Advertentie" on labelled adverts) or one of the item's pages (title, author and
// date, paragraphs with links, pictures).
//
// Copying: ImGui 1.86 has no text selection in plain text, so a paragraph is selected whole, by a
// click or by Tab and Enter, and the Kopieer button under it (or Ctrl+C) copies it. What the pupil
// types (the address bar, the search box) stays in the view until they search; the model gets
// only page ids and the words of a search, never text as an action's argument.
//
// Per frame the view parses nothing: the state, the address and the results are derived again only
// when the stored answer changes, and the page is laid out word by word from pieces the scenario
// reader made once.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/browser/browser.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "ui/widgets/wide_text.h"
#include "util/text.h"

namespace dlk::ui::views {

namespace {

using namespace sim::browser;

constexpr size_t kBookmarkChars = 26;  // a bookmark shows this many characters of its page's title

// What the view shows, derived from the stored state when it changes.
struct Derived {
    std::shared_ptr<const sim::Scenario> scenario;  // held, so its address names this scenario
    Value value;
    State state;
    std::string address;
    std::string tabTitle;  // what the tab shows: the page's title, or the search and the engine
    std::vector<int> results;
    std::string byline;                       // "Door ... · date" of the page shown
    std::vector<std::string> bookmarkLabels;  // the titles, cut short
    std::string copied;
    std::string noQuery;   // what the start page's search box starts with
    ImGuiID location = 0;  // where the browser is (page, or results of a query)
};

// A title cut to `n` characters (not bytes), with an ellipsis.
std::string shortTitle(const std::string& title, size_t n) {
    size_t chars = 0;
    for (size_t i = 0; i < title.size(); ++i) {
        if ((static_cast<unsigned char>(title[i]) & 0xC0) == 0x80) continue;
        if (chars++ == n) return trim(title.substr(0, i)) + "…";
    }
    return title;
}

const Derived& derive(const EnvironmentContext& ctx, const BrowserScenario& sc) {
    static Derived d;
    const Value& v = ctx.response.current();
    if (d.scenario == ctx.binding.scenario && d.value == v) return d;
    d.scenario = ctx.binding.scenario;
    d.value = v;
    d.state = fromResponse(sc, v);
    d.address = addressOf(sc, d.state);
    if (const Page* p = sc.page(d.state.at))
        d.tabTitle = p->title;
    else if (d.state.at == kResults)
        d.tabTitle = d.state.query + " - " + sc.engine;
    else
        d.tabTitle = sc.engine;
    d.results = d.state.at == kResults ? results(sc, d.state.query) : std::vector<int>{};
    d.byline.clear();
    if (const Page* p = sc.page(d.state.at)) {
        if (!p->author.empty()) d.byline = std::string(tr("Door")) + " " + p->author;
        if (!p->date.empty()) d.byline += (d.byline.empty() ? "" : " · ") + p->date;
    }
    d.bookmarkLabels.clear();
    for (const std::string& id : d.state.bookmarks)
        if (const Page* p = sc.page(id)) d.bookmarkLabels.push_back(shortTitle(p->title, kBookmarkChars));
    d.copied = copiedText(sc, d.state);
    d.location = ImHashStr(d.state.at.c_str(), 0, ImHashStr(d.state.query.c_str()));
    return d;
}

// ---- drawing helpers ----------------------------------------------------------------------------

float lineHeight(float size) {
    return std::round(size * 1.3f);
}

// Lays `text` out in lines no wider than `wrap` (draws them when `dl` is given) and returns the
// height; `underline` draws a line under each (links).
float wrapped(ImDrawList* dl, ImFont* font, float size, ImVec2 at, ImU32 color, std::string_view text, float wrap,
              bool underline = false) {
    const char* s = text.data();
    const char* end = s + text.size();
    const float scale = size / font->FontSize;
    const float lh = lineHeight(size);
    float y = 0;
    while (s < end) {
        const char* lineEnd = font->CalcWordWrapPositionA(scale, s, end, std::max(wrap, size));
        if (lineEnd <= s) {
            lineEnd = s + 1;
            while (lineEnd < end && (static_cast<unsigned char>(*lineEnd) & 0xC0) == 0x80) ++lineEnd;
        }
        if (dl) {
            const ImVec2 p(at.x, at.y + y);
            dl->AddText(font, size, p, color, s, lineEnd);
            if (underline) {
                const char* visibleEnd = lineEnd;
                while (visibleEnd > s && visibleEnd[-1] == ' ') --visibleEnd;
                const float w = font->CalcTextSizeA(size, FLT_MAX, 0, s, visibleEnd).x;
                const float uy = p.y + size * 1.02f;
                dl->AddLine(ImVec2(p.x, uy), ImVec2(p.x + w, uy), color, std::max(1.0f, size * 0.06f));
            }
        }
        y += lh;
        s = lineEnd;
        while (s < end && *s == ' ') ++s;
    }
    return y;
}

// Text at the cursor, wrapped to `width`, recorded for read-aloud; the cursor goes below it.
void textBlock(const std::string& text, ImFont* font, ImU32 color, float width, const char* role = "text") {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float size = ImGui::GetFontSize();
    const float h = wrapped(ImGui::GetWindowDrawList(), font, size, at, color, text, width);
    ImGui::Dummy(ImVec2(width, h));
    a11yRecord(role, text);
}

enum class Icon { Back, Forward, Home, Star, StarFilled };

void drawIcon(ImDrawList* dl, Icon icon, ImVec2 c, float r, ImU32 color) {
    const float t = std::max(1.5f, r * 0.22f);
    switch (icon) {
        case Icon::Back:
        case Icon::Forward: {
            const float d = icon == Icon::Back ? -1.0f : 1.0f;
            dl->AddLine(ImVec2(c.x - d * r, c.y), ImVec2(c.x + d * r, c.y), color, t);
            const ImVec2 head[3] = {ImVec2(c.x + d * r * 0.15f, c.y - r * 0.8f), ImVec2(c.x + d * r, c.y),
                                    ImVec2(c.x + d * r * 0.15f, c.y + r * 0.8f)};
            dl->AddPolyline(head, 3, color, 0, t);
            return;
        }
        case Icon::Home: {
            const ImVec2 roof[3] = {ImVec2(c.x - r, c.y + r * 0.05f), ImVec2(c.x, c.y - r * 0.9f),
                                    ImVec2(c.x + r, c.y + r * 0.05f)};
            dl->AddPolyline(roof, 3, color, 0, t);
            const ImVec2 body[4] = {ImVec2(c.x - r * 0.65f, c.y - r * 0.25f), ImVec2(c.x - r * 0.65f, c.y + r * 0.9f),
                                    ImVec2(c.x + r * 0.65f, c.y + r * 0.9f), ImVec2(c.x + r * 0.65f, c.y - r * 0.25f)};
            dl->AddPolyline(body, 4, color, 0, t);
            return;
        }
        case Icon::Star:
        case Icon::StarFilled: {
            ImVec2 pts[10];
            for (int i = 0; i < 10; ++i) {
                const float a = -IM_PI / 2 + static_cast<float>(i) * IM_PI / 5;
                const float rr = i % 2 ? r * 0.45f : r * 1.05f;
                pts[i] = ImVec2(c.x + rr * std::cos(a), c.y + r * 0.1f + rr * std::sin(a));
            }
            if (icon == Icon::StarFilled)
                for (int i = 0; i < 10; ++i) dl->AddTriangleFilled(c, pts[i], pts[(i + 1) % 10], color);
            dl->AddPolyline(pts, 10, color, ImDrawFlags_Closed, std::max(1.5f, r * 0.15f));
            return;
        }
    }
}

// A square chrome button with an icon, a Tab stop recorded under `words`; greyed and inert when
// it cannot be used.
bool iconButton(const char* id, Icon icon, const std::string& words, bool enabled, bool takeFocus) {
    const Palette& p = palette();
    const ImVec2 size = em(2.6f, 2.6f);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    bool pressed = false;
    if (enabled) {
        pressed = kit::tabStopButton(id, size);
        if (takeFocus) {
            // The pupil used the keyboard to go somewhere: the focus stays in the browser.
            ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
            GImGui->NavDisableHighlight = false;
        }
    } else {
        ImGui::Dummy(size);
    }
    a11yRecord("button", words);
    const bool hovered = enabled && ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 b(a.x + size.x, a.y + size.y);
    // Greyed out as ImGui greys disabled controls (by alpha), so it shows in high contrast too.
    const auto faded = [&](ImU32 c) { return enabled ? c : (c & ~IM_COL32_A_MASK) | (IM_COL32_A_MASK & 0x60000000u); };
    dl->AddRectFilled(a, b, hovered ? p.selected : p.surface, em(0.3f));
    dl->AddRect(a, b, faded(p.border), em(0.3f), 0, 1.0f);
    drawIcon(dl, icon, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), em(0.5f), faded(p.accent));
    if (enabled) focusRing();
    return pressed;
}

// A text field as tall as the buttons beside it (ImGui's own field, so typing, selecting and
// pasting work as everywhere), rounded like the fields of browsers and search engines. A click in
// the address bar selects the whole address (`selectAll`), as browsers do; in a search box it puts
// the cursor there.
bool field(const char* id, std::string& buffer, float width, const char* words, bool selectAll) {
    const Palette& p = palette();
    const float h = em(2.6f);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(em(1.0f), (h - ImGui::GetFontSize()) / 2));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, h / 2);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, em(0.06f)));
    ImGui::PushStyleColor(ImGuiCol_FrameBg, p.surface);
    ImGui::PushStyleColor(ImGuiCol_Border, p.border);
    ImGui::SetNextItemWidth(width);
    const bool enter = inputUtf8Text(
        id, buffer, 0, ImGuiInputTextFlags_EnterReturnsTrue | (selectAll ? ImGuiInputTextFlags_AutoSelectAll : 0));
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar(3);
    a11yRecord("textbox", words);
    focusRing();
    return enter;
}

// The address shown as browsers show it while nobody types in it: the site's name dark, the
// scheme and the path lighter, so the real address can be read at a glance.
void drawAddress(ImDrawList* dl, ImVec2 a, ImVec2 b, const std::string& address) {
    const Palette& p = palette();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const size_t scheme = address.find("://");
    const size_t hostStart = scheme == std::string::npos ? 0 : scheme + 3;
    size_t hostEnd = address.find('/', hostStart);
    if (hostEnd == std::string::npos) hostEnd = address.size();
    const char* s = address.c_str();
    ImVec2 at(a.x + em(1.0f), (a.y + b.y - size) / 2);
    // Too long for the bar: cut at its end with an ellipsis, the start (where the site's name is) kept.
    float right = b.x - em(1.0f);
    const bool cut = at.x + font->CalcTextSizeA(size, FLT_MAX, 0, s, s + address.size()).x > right;
    if (cut) {
        right -= font->CalcTextSizeA(size, FLT_MAX, 0, "…").x;
        dl->AddText(font, size, ImVec2(right, at.y), p.mutedText, "…");
    }
    dl->PushClipRect(ImVec2(a.x, a.y), ImVec2(right, b.y), true);
    const std::pair<size_t, size_t> parts[3] = {{0, hostStart}, {hostStart, hostEnd}, {hostEnd, address.size()}};
    for (int i = 0; i < 3; ++i) {
        const auto [from, to] = parts[i];
        if (from >= to) continue;
        dl->AddText(font, size, at, i == 1 ? p.text : p.mutedText, s + from, s + to);
        at.x += font->CalcTextSizeA(size, FLT_MAX, 0, s + from, s + to).x;
    }
    dl->PopClipRect();
}

// The high-contrast palette is the one whose muted text is its text: it keeps to black and white.
bool highContrast() {
    const Palette& p = palette();
    return p.mutedText == p.text;
}

// The green search engines give a result's address (dark enough to read on white: 6:1).
ImU32 addressGreen() {
    return highContrast() ? palette().text : IM_COL32(24, 110, 52, 255);
}

// The tab strip's band, a shade darker than the toolbar its tab belongs to (white in high contrast,
// where the outlines show the tab).
ImU32 tabBand() {
    const Palette& p = palette();
    return highContrast() ? p.background : (p.border & ~IM_COL32_A_MASK) | (0x70u << IM_COL32_A_SHIFT);
}

// ---- the browser --------------------------------------------------------------------------------

struct Next {
    sim::Action action;
    State state;
};

class BrowserView {
public:
    BrowserView(EnvironmentContext& ctx, const BrowserScenario& sc, const Derived& d)
        : m_ctx(ctx), m_sc(sc), m_d(d), m_s(d.state), m_key(ctx.response.stateKey()) {}

    void draw();

private:
    std::string& buffer(const char* name) { return m_ctx.view.state().textBuffers[m_key + "/" + name]; }
    void go(const char* name, const std::string& argument, State next) {
        if (!m_next) m_next = Next{{name, argument}, std::move(next)};
    }
    // What Enter in the address bar or a search does with the words typed.
    void typedInAddressBar(const std::string& typed);
    void searchFor(const std::string& typed);

    void tabStrip(float left, float width);
    void chrome(float left, float width);
    void bookmarksBar(float left, float width);
    void searchRow(float left, float width, float fieldWidth);
    void enginePage(float left, float width);
    void resultsPage(float left, float width);
    void page(const Page& page, float left, float width);
    void paragraph(const Page& page, const Block& block, size_t index, float left, float width);
    void copiedLine(float left, float width);

    EnvironmentContext& m_ctx;
    const BrowserScenario& m_sc;
    const Derived& m_d;
    const State& m_s;
    const std::string m_key;
    std::optional<Next> m_next;
    bool m_focusChrome = false;         // give the keyboard focus to the back button (after a move by keyboard)
    std::string* m_selected = nullptr;  // "PAGE N" of the selected paragraph
};

void BrowserView::typedInAddressBar(const std::string& typed) {
    if (const auto target = resolveAddress(m_sc, typed)) {
        if (*target == kSearch)
            go(action::kHome, "", goHome(m_sc, m_s));
        else
            go(action::kAddress, *target, open(m_sc, m_s, *target, Via::Address));
    } else {
        searchFor(typed);
    }
}

void BrowserView::searchFor(const std::string& typed) {
    if (!trim(typed).empty()) go(action::kSearch, "", search(m_sc, m_s, typed));
}

// The tab strip above the toolbar: one tab with the title of what is shown, as browsers show it
// (nothing to click: an item needs one page at a time). Its band is drawn with the window, behind.
void BrowserView::tabStrip(float left, float width) {
    const Palette& p = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float h = em(2.1f), r = em(0.4f);
    const ImVec2 a(left, at.y), b(left + std::min(width, std::max(em(10), width * 0.5f)), at.y + h);
    dl->AddRectFilled(a, b, p.background, r, ImDrawFlags_RoundCornersTop);
    // Its outline open at the bottom: the tab runs into the toolbar under it.
    dl->PushClipRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y - 0.5f), true);
    dl->AddRect(a, ImVec2(b.x, b.y + r), p.border, r, ImDrawFlags_RoundCornersTop, std::max(1.0f, em(0.06f)));
    dl->PopClipRect();
    // A site icon (a dot in the accent colour), then the title, cut with an ellipsis when too long.
    const float dot = em(0.35f);
    dl->AddCircleFilled(ImVec2(a.x + em(0.6f) + dot, (a.y + b.y) / 2), dot, p.accent);
    const ImVec2 textMin(a.x + em(1.0f) + 2 * dot, (a.y + b.y - ImGui::GetFontSize()) / 2);
    const ImVec2 textMax(b.x - em(0.6f), textMin.y + ImGui::GetFontSize());
    ImGui::PushStyleColor(ImGuiCol_Text, p.text);
    ImGui::RenderTextEllipsis(dl, textMin, textMax, textMax.x, textMax.x, m_d.tabTitle.c_str(), nullptr, nullptr);
    ImGui::PopStyleColor();
    a11yRecordArea("tab", m_d.tabTitle, a, b);
    ImGui::SetCursorScreenPos(ImVec2(at.x, b.y));
}

void BrowserView::chrome(float left, float width) {
    const float btn = em(2.6f), gap = em(0.4f);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    if (iconButton("##back", Icon::Back, tr("Terug"), !m_s.back.empty(), m_focusChrome && !m_s.back.empty()))
        go(action::kBack, "", goBack(m_sc, m_s));
    ImGui::SameLine(0, gap);
    if (iconButton("##forward", Icon::Forward, tr("Vooruit"), !m_s.forward.empty(),
                   m_focusChrome && m_s.back.empty() && !m_s.forward.empty()))
        go(action::kForward, "", goForward(m_sc, m_s));
    ImGui::SameLine(0, gap);
    if (iconButton("##home", Icon::Home, tr("Startpagina"), true,
                   m_focusChrome && m_s.back.empty() && m_s.forward.empty()))
        go(action::kHome, "", goHome(m_sc, m_s));
    // The address bar beside the buttons, or on a row of its own in a narrow column.
    const float buttons = 3 * btn + 3 * gap;
    float fieldWidth = width - buttons - btn - gap;
    if (fieldWidth >= em(9)) {
        ImGui::SameLine(0, gap);
    } else {
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        fieldWidth = width - btn - gap;
    }
    std::string& typed = buffer("address");
    std::string& shownFor = buffer("address-for");
    if (shownFor != m_d.address) {
        shownFor = m_d.address;
        typed = m_d.address;
    }
    const ImGuiID id = ImGui::GetID("##address");
    const bool editing = ImGui::GetActiveID() == id;
    const bool showReal = !editing && typed == m_d.address;
    if (showReal) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));
    const ImVec2 fieldAt = ImGui::GetCursorScreenPos();
    const bool enter = field("##address", typed, fieldWidth, tr("Adresbalk"), true);
    if (showReal) {
        ImGui::PopStyleColor();
        drawAddress(ImGui::GetWindowDrawList(), fieldAt, ImGui::GetItemRectMax(), m_d.address);
    }
    // The real address for read-aloud (the field itself is named "Adresbalk").
    a11yRecordArea("text", m_d.address, fieldAt, ImGui::GetItemRectMax());
    if (enter) typedInAddressBar(typed);
    ImGui::SameLine(0, gap);
    const bool isPage = m_sc.page(m_s.at) != nullptr;
    const bool marked = isPage && std::find(m_s.bookmarks.begin(), m_s.bookmarks.end(), m_s.at) != m_s.bookmarks.end();
    if (iconButton("##star", marked ? Icon::StarFilled : Icon::Star,
                   marked ? tr("Bladwijzer weghalen") : tr("Bladwijzer toevoegen"), isPage, false))
        go(marked ? action::kUnbookmark : action::kBookmark, m_s.at, toggleBookmark(m_sc, m_s));
}

void BrowserView::bookmarksBar(float left, float width) {
    const Palette& p = palette();
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    const char* label = tr("Bladwijzers:");
    const float h = m_d.bookmarkLabels.empty() ? em(1.6f) : em(2.6f);
    kit::RowFlow flow{left - ImGui::GetWindowPos().x + ImGui::GetScrollX(), width};
    const float labelW = ImGui::CalcTextSize(label).x;
    flow.place(labelW);
    {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(ImVec2(at.x, at.y + (h - ImGui::GetFontSize()) / 2), p.mutedText, label);
        ImGui::Dummy(ImVec2(labelW, h));
        a11yRecord("text", label);
    }
    if (m_d.bookmarkLabels.empty()) {
        const char* none = tr("nog geen");
        const float w = ImGui::CalcTextSize(none).x;
        flow.place(w);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(ImVec2(at.x, at.y + (h - ImGui::GetFontSize()) / 2), p.mutedText, none);
        ImGui::Dummy(ImVec2(w, h));
        a11yRecord("text", none);
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < m_d.bookmarkLabels.size() && i < m_s.bookmarks.size(); ++i) {
        // A bookmark as browsers show one: its page's title, cut short; read aloud whole.
        const std::string& text = m_d.bookmarkLabels[i];
        const Page* page = m_sc.page(m_s.bookmarks[i]);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        const float w = std::min(width, ts.x + em(1.6f));
        flow.place(w);
        const ImVec2 a = ImGui::GetCursorScreenPos();
        ImGui::PushID(static_cast<int>(i));
        if (kit::tabStopButton("##bookmark", ImVec2(w, h)))
            go(action::kOpenBookmark, m_s.bookmarks[i], open(m_sc, m_s, m_s.bookmarks[i], Via::Bookmark));
        a11yRecord("button", page ? page->title : text);
        const ImVec2 b = ImGui::GetItemRectMax();
        dl->AddRectFilled(a, b, ImGui::IsItemHovered() ? p.selected : p.surface, em(0.3f));
        dl->AddRect(a, b, p.accent, em(0.3f), 0, std::max(1.0f, em(0.06f)));
        dl->PushClipRect(a, b, true);
        dl->AddText(ImVec2(a.x + em(0.8f), a.y + (h - ts.y) / 2), p.accent, text.c_str());
        dl->PopClipRect();
        focusRing();
        ImGui::PopID();
    }
}

void BrowserView::searchRow(float left, float width, float fieldWidth) {
    std::string& typed = buffer("query");
    std::string& shownFor = buffer("query-for");
    const std::string& wanted = m_s.at == kResults ? m_s.query : m_d.noQuery;
    if (shownFor != m_d.address) {
        shownFor = m_d.address;
        typed = wanted;
    }
    const char* button = tr("Zoeken");
    const float buttonW = ImGui::CalcTextSize(button).x + em(2.0f);
    const float gap = em(0.5f);
    fieldWidth = std::min(fieldWidth, width);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    bool submit =
        field("##query", typed, std::min(fieldWidth, std::max(em(8), width - buttonW - gap)), tr("Zoekvak"), false);
    if (ImGui::GetItemRectMax().x + gap + buttonW <= left + width + 0.5f)
        ImGui::SameLine(0, gap);
    else
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    submit |= bigButton(button, true, buttonW);
    if (submit) searchFor(typed);
}

void BrowserView::enginePage(float left, float width) {
    const Palette& p = palette();
    ImGui::Dummy(em(0, 1.5f));
    ImGui::PushFont(m_ctx.view.fonts().large);
    const float w = ImGui::CalcTextSize(m_sc.engine.c_str()).x;
    ImGui::SetCursorScreenPos(ImVec2(left + std::max(0.0f, (width - w) / 2), ImGui::GetCursorScreenPos().y));
    textBlock(m_sc.engine, m_ctx.view.fonts().large, p.accent, width, "heading");
    ImGui::PopFont();
    ImGui::Dummy(em(0, 0.8f));
    const float fieldWidth = std::min(width, em(22));
    const float rowW = std::min(width, fieldWidth + em(0.5f) + ImGui::CalcTextSize(tr("Zoeken")).x + em(2.0f));
    searchRow(left + std::max(0.0f, (width - rowW) / 2), rowW, fieldWidth);
    ImGui::Dummy(em(0, 2.5f));
}

void BrowserView::resultsPage(float left, float width) {
    const Palette& p = palette();
    ImFont* regular = m_ctx.view.fonts().regular;
    ImFont* bold = m_ctx.view.fonts().bold;
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ImGui::PushFont(bold);
    textBlock(m_sc.engine, bold, p.accent, width, "heading");
    ImGui::PopFont();
    searchRow(left, width, width);
    ImGui::Dummy(em(0, 0.3f));
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    if (m_d.results.empty()) {
        textBlock(kit::format(tr("Geen resultaten voor ‘%s’. Probeer andere zoekwoorden."), m_s.query), regular, p.text,
                  width);
        return;
    }
    const int n = static_cast<int>(m_d.results.size());
    textBlock(kit::format(n == 1 ? tr("%d resultaat") : tr("%d resultaten"), n), regular, p.mutedText, width);
    ImGui::Dummy(em(0, 0.2f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float size = ImGui::GetFontSize();
    const char* advert = tr("Advertentie");
    for (int index : m_d.results) {
        const Page& page = m_sc.pages[static_cast<size_t>(index)];
        ImGui::PushID(index);
        // The clickable head of a result: its address line and its title.
        const float adW = page.advert ? bold->CalcTextSizeA(size, FLT_MAX, 0, advert).x + em(0.8f) : 0.0f;
        const float addressW = width - (adW > 0 ? adW + em(0.5f) : 0.0f);
        const float addressH = wrapped(nullptr, regular, size, {}, 0, page.address, addressW);
        const float titleH = wrapped(nullptr, regular, size * 1.15f, {}, 0, page.title, width);
        const float headH = std::max(em(2.6f), addressH + titleH + em(0.3f));
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        const ImVec2 a = ImGui::GetCursorScreenPos();
        if (kit::tabStopButton("##result", ImVec2(width, headH)))
            go(action::kResult, page.id, open(m_sc, m_s, page.id, Via::Result));
        a11yRecord("link", page.title);
        if (ImGui::IsItemHovered()) {
            const float m = em(0.3f);
            dl->AddRectFilled(ImVec2(a.x - m, a.y - m), ImVec2(a.x + width + m, a.y + headH + m), p.background, m);
        }
        focusRing();
        float y = a.y + (headH - addressH - titleH - em(0.3f)) / 2;
        if (page.advert) {
            // As search engines mark paid results: a small bold label before the address.
            const ImVec2 la(a.x, y - em(0.1f)), lb(a.x + adW, y + size + em(0.15f));
            dl->AddRect(la, lb, p.text, em(0.2f), 0, std::max(1.0f, em(0.06f)));
            dl->AddText(bold, size, ImVec2(a.x + em(0.4f), y), p.text, advert);
            a11yRecordArea("text", advert, la, lb);
        }
        wrapped(dl, regular, size, ImVec2(a.x + (adW > 0 ? adW + em(0.5f) : 0.0f), y), addressGreen(), page.address,
                addressW);
        y += addressH + em(0.3f);
        wrapped(dl, regular, size * 1.15f, ImVec2(a.x, y), p.accent, page.title, width, true);
        ImGui::SetCursorScreenPos(ImVec2(left, a.y + headH));
        textBlock(page.snippet, regular, p.text, width);
        ImGui::Dummy(em(0, 0.9f));
        ImGui::PopID();
    }
}

void BrowserView::paragraph(const Page& page, const Block& block, size_t index, float left, float width) {
    const Palette& p = palette();
    ImGuiContext& g = *GImGui;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const float lh = lineHeight(size) + em(0.15f);
    const float space = font->CalcTextSizeA(size, FLT_MAX, 0, " ").x;
    // Word by word: a piece goes on the next line when it does not fit; a link too long for a line
    // gets lines of its own.
    static std::vector<ImRect> boxes;
    boxes.resize(block.pieces.size());
    float x = 0, y = 0;
    for (size_t i = 0; i < block.pieces.size(); ++i) {
        const Piece& piece = block.pieces[i];
        const char* s = piece.text.c_str();
        const float w = font->CalcTextSizeA(size, FLT_MAX, 0, s, s + piece.text.size()).x;
        if (w > width) {
            if (x > 0) y += lh;
            const float h = wrapped(nullptr, font, size, {}, 0, piece.text, width);
            boxes[i] = ImRect(0, y, width, y + std::max(lh, h));
            x = width;
            y += std::max(lh, h) - lh;
            continue;
        }
        float gap = piece.spaceBefore && x > 0 ? space : 0.0f;
        if (x > 0 && x + gap + w > width) {
            x = 0;
            y += lh;
            gap = 0;
        }
        boxes[i] = ImRect(x + gap, y, x + gap + w, y + lh);
        x += gap + w;
    }
    const float height = y + lh;
    const ImVec2 origin(left, ImGui::GetCursorScreenPos().y);
    const ImRect bb(origin, ImVec2(origin.x + width, origin.y + height));

    // The paragraph is a Tab stop (Enter or Space selects it); a click on it (not on a link) too.
    ImGui::PushID(static_cast<int>(index));
    const std::string ref = page.id + " " + std::to_string(block.paragraph);
    const bool selected = *m_selected == ref;
    ImGui::SetCursorScreenPos(origin);
    const ImGuiID pid = ImGui::GetID("##paragraph");
    tabStopBefore(pid);
    ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
    ImGui::ItemSize(bb.GetSize());
    ImGui::ItemAdd(bb, pid);
    ImGui::PopItemFlag();
    tabStopAfter();
    const bool focused = ImGui::IsItemFocused();
    bool select = focused && (enterOnFocusedItem() || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false));
    a11yRecord("text", block.text, selected);
    focusRing();
    const float pad = em(0.2f);
    const ImRect area(bb.Min.x - pad, bb.Min.y, bb.Max.x + pad, bb.Max.y);
    if (selected) dl->AddRectFilled(area.Min, area.Max, p.selected, em(0.2f));

    // Links: Tab stops of their own, over their words.
    for (size_t i = 0; i < block.pieces.size(); ++i) {
        const Piece& piece = block.pieces[i];
        if (piece.link < 0) continue;
        const ImVec2 a(origin.x + boxes[i].Min.x, origin.y + boxes[i].Min.y);
        ImGui::SetCursorScreenPos(a);
        ImGui::PushID(static_cast<int>(i));
        const std::string& target = m_sc.pages[static_cast<size_t>(piece.link)].id;
        if (kit::tabStopButton("##link", boxes[i].GetSize()))
            go(action::kLink, target, open(m_sc, m_s, target, Via::Link));
        a11yRecord("link", piece.text);
        const bool hovered = ImGui::IsItemHovered();
        focusRing();
        if (hovered) dl->AddRectFilled(a, ImGui::GetItemRectMax(), p.selected, em(0.15f));
        ImGui::PopID();
    }
    // The words.
    const float textDy = (lh - size) / 2;
    for (size_t i = 0; i < block.pieces.size(); ++i) {
        const Piece& piece = block.pieces[i];
        const ImVec2 a(origin.x + boxes[i].Min.x, origin.y + boxes[i].Min.y + textDy);
        if (boxes[i].GetWidth() >= width && boxes[i].GetHeight() > lh) {
            wrapped(dl, font, size, a, piece.link >= 0 ? p.accent : p.text, piece.text, width, piece.link >= 0);
            continue;
        }
        const char* s = piece.text.c_str();
        dl->AddText(font, size, a, piece.link >= 0 ? p.accent : p.text, s, s + piece.text.size());
        if (piece.link >= 0) {
            const float uy = a.y + size * 1.02f;
            dl->AddLine(ImVec2(a.x, uy), ImVec2(a.x + boxes[i].GetWidth(), uy), p.accent, std::max(1.0f, size * 0.06f));
        }
    }
    // A click on the paragraph itself (a link takes its own clicks) selects it.
    if (ImGui::IsMouseClicked(0) && g.HoveredId == 0 && ImGui::IsWindowHovered() &&
        area.Contains(ImGui::GetIO().MousePos)) {
        select = true;
        ImGui::SetFocusID(pid, ImGui::GetCurrentWindow());
    }
    if (!selected && ImGui::IsWindowHovered() && g.HoveredId == 0 && area.Contains(ImGui::GetIO().MousePos))
        dl->AddRect(area.Min, area.Max, p.border, em(0.2f));
    if (select) *m_selected = selected && focused && !ImGui::IsMouseClicked(0) ? std::string() : ref;
    ImGui::SetCursorScreenPos(ImVec2(origin.x, bb.Max.y));
    ImGui::Dummy(ImVec2(width, em(0.35f)));

    // What a selection offers: copying it (the button, or Ctrl+C).
    if (*m_selected == ref) {
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        const bool copied = m_s.copiedFrom == ref;
        const std::string label = std::string(copied ? tr("Gekopieerd ✓") : tr("Kopieer")) + "###copy";
        bool copyNow = bigButton(label.c_str(), !copied);
        const ImGuiIO& io = ImGui::GetIO();
        copyNow |= io.KeyCtrl && !io.WantTextInput && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_C), false);
        if (copyNow) {
            go(action::kCopy, page.id + ":" + std::to_string(block.paragraph),
               copy(m_sc, m_s, page.id, block.paragraph));
            ImGui::SetClipboardText(block.text.c_str());  // so it can be pasted in a text field, as on a computer
        }
        ImGui::Dummy(em(0, 0.3f));
    }
    ImGui::PopID();
}

void BrowserView::page(const Page& page, float left, float width) {
    const Palette& p = palette();
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    ImGui::PushFont(m_ctx.view.fonts().large);
    textBlock(page.title, m_ctx.view.fonts().large, p.text, width, "heading");
    ImGui::PopFont();
    if (!m_d.byline.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
        textBlock(m_d.byline, m_ctx.view.fonts().regular, p.mutedText, width);
    }
    ImGui::Dummy(em(0, 0.5f));
    // The selection belongs to the page it was made on.
    m_selected = &buffer("selected");
    if (!m_selected->empty() && !m_selected->starts_with(page.id + " ")) m_selected->clear();
    const float localLeft = left - ImGui::GetWindowPos().x + ImGui::GetScrollX();
    for (size_t i = 0; i < page.blocks.size(); ++i) {
        const Block& b = page.blocks[i];
        if (b.picture) {
            ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
            m_ctx.view.inColumn(localLeft, width, [&] { m_ctx.view.image(b.image); });
        } else {
            paragraph(page, b, i, left, width);
        }
    }
}

void BrowserView::copiedLine(float left, float width) {
    if (m_d.copied.empty()) return;
    const Palette& p = palette();
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    textBlock(tr("Gekopieerde tekst:"), m_ctx.view.fonts().bold, p.mutedText, width);
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    textBlock(m_d.copied, m_ctx.view.fonts().regular, p.text, width);
}

void BrowserView::draw() {
    const Palette& p = palette();
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID shownKey = ImGui::GetID("##shown"), focusKey = ImGui::GetID("##focus-chrome");
    m_focusChrome = storage->GetBool(focusKey);
    storage->SetBool(focusKey, false);
    const float width = m_ctx.view.width();
    ImGui::SetCursorPosX(m_ctx.view.left());
    const ImVec2 top = ImGui::GetCursorScreenPos();
    // Somewhere new: its top in sight (after a link at the bottom of a long page).
    if (const int shown = storage->GetInt(shownKey); shown != static_cast<int>(m_d.location)) {
        if (shown != 0 && top.y < ImGui::GetWindowPos().y) ImGui::SetScrollHereY(0.0f);
        storage->SetInt(shownKey, static_cast<int>(m_d.location));
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);

    const float pad = em(0.6f);
    ImGui::SetCursorScreenPos(ImVec2(top.x + pad, top.y + pad));
    tabStrip(top.x + pad, width - 2 * pad);
    const float tabsBottom = ImGui::GetCursorScreenPos().y;
    ImGui::SetCursorScreenPos(ImVec2(top.x + pad, tabsBottom + pad));
    chrome(top.x + pad, width - 2 * pad);
    bookmarksBar(top.x + pad, width - 2 * pad);
    const float chromeBottom = ImGui::GetCursorScreenPos().y + pad * 0.5f;

    const float margin = em(1.0f);
    const float inner = width - 2 * margin;
    ImGui::SetCursorScreenPos(ImVec2(top.x + margin, chromeBottom + margin));
    if (const Page* shown = m_sc.page(m_s.at))
        page(*shown, top.x + margin, inner);
    else if (m_s.at == kResults)
        resultsPage(top.x + margin, inner);
    else
        enginePage(top.x + margin, inner);
    const float bottom = ImGui::GetCursorScreenPos().y + margin * 0.5f;

    // Behind it all: the window of a browser, its bar in the background colour, the page white.
    dl->ChannelsSetCurrent(0);
    const float r = em(0.4f);
    dl->AddRectFilled(top, ImVec2(top.x + width, bottom), p.background, r);
    dl->AddRectFilled(top, ImVec2(top.x + width, tabsBottom), tabBand(), r, ImDrawFlags_RoundCornersTop);
    dl->AddLine(ImVec2(top.x, tabsBottom - 0.5f), ImVec2(top.x + width, tabsBottom - 0.5f), p.border, 1.0f);
    dl->AddRectFilled(ImVec2(top.x, chromeBottom), ImVec2(top.x + width, bottom), p.surface, r,
                      ImDrawFlags_RoundCornersBottom);
    dl->AddLine(ImVec2(top.x, chromeBottom), ImVec2(top.x + width, chromeBottom), p.border, 1.0f);
    dl->AddRect(top, ImVec2(top.x + width, bottom), p.border, r, 0, std::max(1.0f, em(0.06f)));
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(top.x, bottom));
    ImGui::Dummy(ImVec2(width, em(0.5f)));
    copiedLine(top.x, width);

    if (!m_next) return;
    // A move made with the keyboard keeps the keyboard in the browser.
    if (!GImGui->NavDisableHighlight && m_next->state.at != m_s.at) storage->SetBool(focusKey, true);
    m_ctx.act(m_next->action, toResponse(m_sc, m_next->state));
}

}  // namespace

void browser(EnvironmentContext& ctx) {
    const auto& sc = static_cast<const BrowserScenario&>(ctx.scenario);
    BrowserView(ctx, sc, derive(ctx, sc)).draw();
}

}  // namespace dlk::ui::views
