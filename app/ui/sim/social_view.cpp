// The social-media profile's view (model: app/core/sim/social): an app with a bar (its invented
// name and Ongedaan maken), the pupil's profile (an avatar circle with initials, name, text), and
// three pages: Berichten (a feed of post cards: author, date, who sees it as a globe, people or
// lock icon, text, picture, tags, comments, and a "..." menu per post), Personen (everyone in the
// scenario, to report, block or unblock) and Privacy (each setting with its options side by side).
// On a wide column the profile and the pages sit in a sidebar left of the page; on a narrow one
// (small screen, large text) everything stacks in one column.
//
// Keyboard: every control is a Tab stop taking Enter or Space; a menu opened from the keyboard
// takes the focus to its first entry, Escape closes it, and after an action the focus goes back
// to the "..." button it came from.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "sim/social/social.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/picture_kit.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "util/text.h"

namespace dlk::ui::views {

namespace {

using namespace sim::social;

enum class Page { Posts = 0, People = 1, Privacy = 2 };
enum class Panel { Closed = 0, Menu = 1, Audience = 2, Report = 3 };

// View state that outlives a frame (never the answer): the page, the open panel (a post's menu,
// a post's or person's reasons) and where the keyboard focus goes next. Kept in ImGui's storage
// under the response's view-state key.
class ViewState {
public:
    explicit ViewState(const std::string& key) : m_storage(ImGui::GetStateStorage()) {
        m_page = ImGui::GetID((key + "/page").c_str());
        m_target = ImGui::GetID((key + "/target").c_str());
        m_panel = ImGui::GetID((key + "/panel").c_str());
        m_focus = ImGui::GetID((key + "/focus").c_str());
    }
    Page page() const { return static_cast<Page>(m_storage->GetInt(m_page, 0)); }
    void setPage(Page p) {
        m_storage->SetInt(m_page, static_cast<int>(p));
        close();
    }
    // The post or person whose panel is open ("" when none), and what the panel shows.
    std::string target() const {
        const int i = m_storage->GetInt(m_target, -1);
        return i < 0 || static_cast<size_t>(i) >= ids.size() ? std::string() : ids[static_cast<size_t>(i)];
    }
    Panel panel() const { return target().empty() ? Panel::Closed : static_cast<Panel>(m_storage->GetInt(m_panel, 0)); }
    bool isOpen(const std::string& id, Panel p) const { return target() == id && panel() == p; }
    // Opens panel `p` for ids[index].
    void open(size_t index, Panel p) {
        m_storage->SetInt(m_target, static_cast<int>(index));
        m_storage->SetInt(m_panel, static_cast<int>(p));
    }
    void close() { m_storage->SetInt(m_target, -1); }

    // Focus requests, for the next frame: "the control with this id" (the keyboard's way back
    // after a panel closes), or "the first control of the panel" (after it opens).
    void focusLater(ImGuiID id) { m_next = static_cast<int>(id); }
    void focusFirstOfPanel() { m_next = -1; }
    // At the end of the frame: the request made in it, if any, waits for the next.
    void endFrame() {
        if (m_next != 0) m_storage->SetInt(m_focus, m_next);
    }
    // Call right after drawing a control; `firstOfPanel` for the first control of an open panel.
    void takeFocusRequest(bool firstOfPanel = false) {
        const int want = m_storage->GetInt(m_focus, 0);
        if (want == 0) return;
        const ImGuiID id = ImGui::GetItemID();
        if (!(want == -1 && firstOfPanel) && static_cast<ImGuiID>(want) != id) return;
        m_storage->SetInt(m_focus, 0);
        ImGui::SetFocusID(id, ImGui::GetCurrentWindow()->RootWindowForNav);
        GImGui->NavDisableHighlight = false;
        GImGui->NavDisableMouseHover = true;
        // The control was recorded before it took the focus: the frame's tree (what read-aloud
        // speaks) says where the focus is now, not a frame late.
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        for (A11yNode& n : a11yFrame())
            n.focused = n.min.x == a.x && n.min.y == a.y && n.max.x == b.x && n.max.y == b.y;
    }

    // The ids panels are opened for, by index (posts first, then people).
    std::vector<std::string> ids;

private:
    ImGuiStorage* m_storage;
    ImGuiID m_page, m_target, m_panel, m_focus;
    int m_next = 0;
};

// The keyboard is in use (ImGui shows its focus ring): focus then follows the pupil's actions.
bool keyboardInUse() {
    return !GImGui->NavDisableHighlight;
}

std::string optionWord(const Option& o) {
    if (!o.label.empty()) return o.label;
    const char* w = knownOptionWord(o.id);
    return w ? tr(w) : o.id;
}
std::string reasonWord(const Reason& r) {
    if (!r.label.empty()) return r.label;
    const char* w = knownReasonWord(r.id);
    return w ? tr(w) : r.id;
}
std::string audienceWord(std::string_view audience) {
    const char* w = knownOptionWord(audience);
    return w ? tr(w) : std::string(audience);
}

// One or two letters for an avatar: the first letters of the first two words ("@NieuwsFlits24"
// gives "N").
std::string initials(const std::string& name) {
    std::string out;
    int letters = 0;
    bool atWordStart = true;
    for (size_t i = 0; i < name.size() && letters < 2;) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        len = std::min(len, name.size() - i);
        if (c == ' ') {
            atWordStart = true;
        } else if (atWordStart && c != '@' && c != '#' && c != '(' && c != '"') {
            std::string letter = name.substr(i, len);
            if (len == 1) letter[0] = static_cast<char>(std::toupper(c));
            out += letter;
            ++letters;
            atWordStart = false;
        }
        i += len;
    }
    return out.empty() ? "?" : out;
}

float stroke() {
    return std::max(1.5f, em(0.09f));
}

// A round avatar with initials: the pupil's own in the accent colour.
void avatar(ImDrawList* dl, ImVec2 center, float radius, const std::string& name, bool me) {
    const Palette& p = palette();
    dl->AddCircleFilled(center, radius, me ? p.accent : p.selected, 32);
    dl->AddCircle(center, radius, me ? p.accent : p.border, 32, stroke());
    const std::string letters = initials(name);
    const float size = radius * 0.9f;
    const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0.0f, letters.c_str());
    dl->AddText(ImGui::GetFont(), size, ImVec2(center.x - ts.x / 2, center.y - ts.y / 2), me ? p.accentText : p.text,
                letters.c_str());
}

// Who sees a post, as the apps draw it: a globe (everyone), two people (friends), a lock (only me).
void audienceIcon(ImDrawList* dl, ImVec2 at, float size, std::string_view audience, ImU32 color) {
    const float r = size / 2;
    const ImVec2 c(at.x + r, at.y + r);
    const float t = std::max(1.2f, size * 0.09f);
    if (audience == kEveryone) {
        dl->AddCircle(c, r * 0.92f, color, 24, t);
        dl->AddLine(ImVec2(c.x - r * 0.92f, c.y), ImVec2(c.x + r * 0.92f, c.y), color, t);
        ImVec2 pts[17];
        for (int i = 0; i <= 16; ++i) {  // a meridian: a narrow ellipse
            const float a = static_cast<float>(M_PI) * (-0.5f + static_cast<float>(i) / 16.0f);
            pts[i] = ImVec2(c.x + std::cos(a) * r * 0.42f, c.y + std::sin(a) * r * 0.92f);
        }
        dl->AddPolyline(pts, 17, color, 0, t);
        for (int i = 0; i <= 16; ++i) pts[i].x = 2 * c.x - pts[i].x;
        dl->AddPolyline(pts, 17, color, 0, t);
    } else if (audience == kFriends) {
        for (int k = 0; k < 2; ++k) {
            const float x = c.x + (k == 0 ? -r * 0.38f : r * 0.38f);
            dl->AddCircleFilled(ImVec2(x, c.y - r * 0.38f), r * 0.27f, color, 16);
            dl->PathArcTo(ImVec2(x, c.y + r * 0.75f), r * 0.5f, static_cast<float>(M_PI), 2 * static_cast<float>(M_PI),
                          12);
            dl->PathFillConvex(color);
        }
    } else {
        const ImVec2 a(c.x - r * 0.7f, c.y - r * 0.1f), b(c.x + r * 0.7f, c.y + r * 0.9f);
        dl->PathArcTo(ImVec2(c.x, c.y - r * 0.3f), r * 0.45f, static_cast<float>(M_PI), 2 * static_cast<float>(M_PI),
                      12);
        dl->PathLineTo(ImVec2(c.x + r * 0.45f, c.y));
        dl->PathStroke(color, 0, t);
        dl->PathLineTo(ImVec2(c.x - r * 0.45f, c.y - r * 0.3f));
        dl->PathLineTo(ImVec2(c.x - r * 0.45f, c.y));
        dl->PathStroke(color, 0, t);
        dl->AddRectFilled(a, b, color, r * 0.15f);
    }
}

// Wrapped text at a screen position, recorded for read-aloud; returns the y below it.
float textAt(ImVec2 at, const std::string& text, float width, ImFont* font = nullptr, ImU32 color = 0) {
    ImGui::SetCursorScreenPos(at);
    wrappedText(text, font, color, width);
    return ImGui::GetItemRectMax().y;
}

ImVec2 buttonSize(const std::string& label) {
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str(), nullptr, true);
    return ImVec2(ts.x + em(2.0f), std::max(em(2.6f), ts.y + em(1.0f)));
}

// Boxes laid out left to right in screen coordinates, wrapping at `right`.
struct Flow {
    float left, right, x, y, rowH = 0;
    Flow(float l, float r, float top) : left(l), right(r), x(l), y(top) {}
    ImVec2 place(ImVec2 size) {
        if (x > left && x + size.x > right) {
            x = left;
            y += rowH + em(0.5f);
            rowH = 0;
        }
        const ImVec2 at(x, y);
        x += size.x + em(0.5f);
        rowH = std::max(rowH, size.y);
        return at;
    }
    float bottom() const { return y + rowH; }
};

// A button placed in a flow; `id` keeps equal words of different posts apart.
bool flowButton(Flow& flow, const std::string& label, const std::string& id, bool primary = false) {
    const ImVec2 size = buttonSize(label);
    ImGui::SetCursorScreenPos(flow.place(size));
    return bigButton((label + "##" + id).c_str(), primary, size.x);
}

// One option of a setting, as a segment the pupil picks: filled and ticked when chosen.
bool optionSegment(const std::string& id, const std::string& label, bool selected, ImVec2 at) {
    const Palette& p = palette();
    const ImVec2 size = buttonSize(label);
    ImGui::SetCursorScreenPos(at);
    const bool pressed = kit::tabStopButton(("##opt-" + id).c_str(), size);
    a11yRecord("choice", label, selected);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(at.x + size.x, at.y + size.y);
    dl->AddRectFilled(at, end, selected ? p.accent : hovered ? p.selected : p.surface, em(1.3f));
    dl->AddRect(at, end, selected ? p.accent : p.border, em(1.3f), 0, stroke());
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2(at.x + (size.x - ts.x) / 2, at.y + (size.y - ts.y) / 2), selected ? p.accentText : p.text,
                label.c_str());
    focusRing();
    return pressed;
}

// A page switch of the app: underlined (in a row) or marked at its left (in the sidebar) when shown.
bool pageTab(const char* id, const std::string& label, bool selected, ImVec2 at, ImVec2 size, bool vertical,
             ImFont* bold) {
    const Palette& p = palette();
    ImGui::SetCursorScreenPos(at);
    const bool pressed = kit::tabStopButton(id, size);
    a11yRecord("tab", label, selected);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(at.x + size.x, at.y + size.y);
    if (selected || hovered) dl->AddRectFilled(at, end, p.selected, em(0.3f));
    const float bar = std::max(3.0f, em(0.18f));
    if (selected) {
        if (vertical)
            dl->AddRectFilled(at, ImVec2(at.x + bar, end.y), p.accent);
        else
            dl->AddRectFilled(ImVec2(at.x, end.y - bar), end, p.accent);
    }
    ImGui::PushFont(selected ? bold : ImGui::GetFont());
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    const float x = vertical ? at.x + em(0.9f) : at.x + (size.x - ts.x) / 2;
    dl->AddText(ImVec2(x, at.y + (size.y - ts.y) / 2), selected ? p.text : p.mutedText, label.c_str());
    ImGui::PopFont();
    focusRing();
    return pressed;
}

// A card: what is drawn between begin() and end() gets a rounded surface behind it.
class Card {
public:
    Card(float x, float y, float w) : m_x(x), m_y(y), m_w(w) {
        m_dl = ImGui::GetWindowDrawList();
        m_split.Split(m_dl, 2);
        m_split.SetCurrentChannel(m_dl, 1);
    }
    // Closes the card at `bottom` (screen y of its last content); returns the y below the card.
    float end(float bottom, bool dim = false) {
        const Palette& p = palette();
        m_split.SetCurrentChannel(m_dl, 0);
        const ImVec2 a(m_x, m_y), b(m_x + m_w, bottom + em(0.8f));
        m_dl->AddRectFilled(a, b, dim ? p.background : p.surface, em(0.5f));
        m_dl->AddRect(a, b, p.border, em(0.5f), 0, std::max(1.0f, em(0.06f)));
        m_split.Merge(m_dl);
        ImGui::SetCursorScreenPos(ImVec2(m_x, b.y));
        ImGui::Dummy(ImVec2(m_w, 0));
        return b.y + em(0.8f);
    }

private:
    float m_x, m_y, m_w;
    ImDrawList* m_dl;
    ImDrawListSplitter m_split;
};

class SocialView {
public:
    SocialView(EnvironmentContext& ctx)
        : m_ctx(ctx),
          m_sc(static_cast<const SocialScenario&>(ctx.scenario)),
          m_state(fromResponse(m_sc, ctx.response.current())),
          m_vs(ctx.response.stateKey()),
          m_bold(ctx.view.fonts().bold ? ctx.view.fonts().bold : ImGui::GetFont()),
          m_large(ctx.view.fonts().large ? ctx.view.fonts().large : ImGui::GetFont()) {
        for (const Post& p : m_sc.posts) m_vs.ids.push_back(p.id);
        for (const Person& p : m_sc.people) m_vs.ids.push_back(p.id);
    }

    void draw() {
        const float left = m_ctx.view.left();
        const float width = m_ctx.view.width();
        ImGui::SetCursorPosX(left);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        m_keyboard = keyboardInUse();
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false) && m_vs.panel() != Panel::Closed) {
            m_escapeFrom = m_vs.target();
            m_vs.close();
        }

        float y = appBar(origin, width);
        const bool wide = width >= em(34);
        float contentX = origin.x, contentW = width;
        if (wide) {
            const float side = em(11);
            const float sideBottom = sidebar(ImVec2(origin.x, y), side);
            contentX = origin.x + side + em(1);
            contentW = width - side - em(1);
            y = std::max(page(ImVec2(contentX, y), contentW), sideBottom);
        } else {
            y = profileHeader(ImVec2(origin.x, y), width);
            y = tabRow(ImVec2(origin.x, y), width);
            y = page(ImVec2(origin.x, y), width);
        }
        // The app's outline.
        ImGui::GetWindowDrawList()->AddRect(origin, ImVec2(origin.x + width, y), palette().border, em(0.5f), 0,
                                            std::max(1.0f, em(0.06f)));
        ImGui::SetCursorScreenPos(ImVec2(origin.x, y));
        ImGui::Dummy(ImVec2(width, em(0.2f)));

        m_vs.endFrame();
        if (m_action) act(*m_action);
    }

private:
    void act(const sim::Action& action) {
        const State next = apply(m_sc, m_state, action);
        // A first action always counts (the answer becomes the profile); one that changes nothing
        // is still process data.
        m_ctx.act(action,
                  next == m_state && !m_ctx.response.current().isNull() ? m_ctx.response.current() : toResponse(next));
    }

    // After an action from a panel: the panel closes, and the keyboard goes back to the button
    // that opened it.
    void done(const sim::Action& action, ImGuiID backTo) {
        m_action = action;
        m_vs.close();
        if (m_keyboard && backTo) m_vs.focusLater(backTo);
    }

    // ---- the app's bar and the profile

    float appBar(ImVec2 at, float width) {
        const Palette& p = palette();
        const std::string undo = tr("Ongedaan maken");
        const ImVec2 undoSize = buttonSize(undo);
        const float pad = em(0.4f);
        const float h = undoSize.y + 2 * pad;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(at, ImVec2(at.x + width, at.y + h), p.accent, em(0.5f), ImDrawFlags_RoundCornersTop);
        // The app's own mark: its initial in a rounded square (an invented app, never a real logo).
        const float mark = em(1.9f);
        const ImVec2 m(at.x + em(0.7f), at.y + (h - mark) / 2);
        dl->AddRectFilled(m, ImVec2(m.x + mark, m.y + mark), p.accentText, em(0.45f));
        ImGui::PushFont(m_bold);
        const std::string letter = initials(m_sc.app).substr(0, 1);
        const ImVec2 ls = ImGui::CalcTextSize(letter.c_str());
        dl->AddText(ImVec2(m.x + (mark - ls.x) / 2, m.y + (mark - ls.y) / 2), p.accent, letter.c_str());
        ImGui::PopFont();
        ImGui::PushFont(m_large);
        const ImVec2 ns = ImGui::CalcTextSize(m_sc.app.c_str());
        const float nameX = m.x + mark + em(0.5f);
        const bool nameFits = nameX + ns.x + em(0.5f) <= at.x + width - undoSize.x - pad;
        if (nameFits) dl->AddText(ImVec2(nameX, at.y + (h - ns.y) / 2), p.accentText, m_sc.app.c_str());
        ImGui::PopFont();
        a11yRecordArea("text", m_sc.app, at, ImVec2(at.x + width, at.y + h));
        ImGui::SetCursorScreenPos(ImVec2(at.x + width - undoSize.x - pad, at.y + pad));
        m_undoId = ImGui::GetID(undo.c_str());
        if (bigButton(undo.c_str(), false, undoSize.x, !m_state.history.empty())) m_action = undoAction();
        m_vs.takeFocusRequest();
        return at.y + h + em(0.8f);
    }

    float profileHeader(ImVec2 at, float width) {
        const float r = em(1.8f);
        const float pad = em(0.8f);
        avatar(ImGui::GetWindowDrawList(), ImVec2(at.x + pad + r, at.y + r), r, m_sc.me.name, true);
        const float tx = at.x + pad + 2 * r + em(0.8f);
        const float tw = std::max(em(6), at.x + width - pad - tx);
        float y = textAt(ImVec2(tx, at.y), m_sc.me.name, tw, m_large);
        if (!m_sc.bio.empty()) y = textAt(ImVec2(tx, y + em(0.2f)), m_sc.bio, tw, nullptr, palette().mutedText);
        return std::max(y, at.y + 2 * r) + em(0.8f);
    }

    float sidebar(ImVec2 at, float width) {
        const float r = em(2.2f);
        avatar(ImGui::GetWindowDrawList(), ImVec2(at.x + width / 2, at.y + r), r, m_sc.me.name, true);
        const float pad = em(0.6f);
        float y = textAt(ImVec2(at.x + pad, at.y + 2 * r + em(0.5f)), m_sc.me.name, width - 2 * pad, m_bold);
        if (!m_sc.bio.empty())
            y = textAt(ImVec2(at.x + pad, y + em(0.2f)), m_sc.bio, width - 2 * pad, nullptr, palette().mutedText);
        y += em(0.8f);
        const ImVec2 size(width, em(2.6f));
        for (const auto& [pg, label] : pages()) {
            if (pageTab(pageId(pg), label, m_vs.page() == pg, ImVec2(at.x, y), size, true, m_bold)) m_vs.setPage(pg);
            y += size.y + em(0.3f);
        }
        return y + em(0.5f);
    }

    float tabRow(ImVec2 at, float width) {
        Flow flow(at.x, at.x + width, at.y);
        for (const auto& [pg, label] : pages()) {
            ImGui::PushFont(m_bold);
            const ImVec2 size = buttonSize(label);
            ImGui::PopFont();
            if (pageTab(pageId(pg), label, m_vs.page() == pg, flow.place(size), size, false, m_bold)) m_vs.setPage(pg);
        }
        ImGui::GetWindowDrawList()->AddLine(ImVec2(at.x, flow.bottom()), ImVec2(at.x + width, flow.bottom()),
                                            palette().border, std::max(1.0f, em(0.06f)));
        return flow.bottom() + em(0.8f);
    }

    static std::vector<std::pair<Page, std::string>> pages() {
        return {{Page::Posts, tr("Berichten")}, {Page::People, tr("Personen")}, {Page::Privacy, tr("Privacy")}};
    }
    static const char* pageId(Page p) {
        return p == Page::Posts ? "##page-posts" : p == Page::People ? "##page-people" : "##page-privacy";
    }

    // ---- the pages

    float page(ImVec2 at, float width) {
        const float inset = em(0.6f);
        at.x += inset;
        width -= 2 * inset;
        float y = status(at, width);
        switch (m_vs.page()) {
            case Page::Posts:
                for (size_t i = 0; i < m_sc.posts.size(); ++i)
                    if (!isDeleted(m_state, m_sc.posts[i].id)) y = post(ImVec2(at.x, y), width, i);
                if (std::all_of(m_sc.posts.begin(), m_sc.posts.end(),
                                [&](const Post& p) { return isDeleted(m_state, p.id); }))
                    y = textAt(ImVec2(at.x, y), tr("Er zijn geen berichten."), width, nullptr, palette().mutedText) +
                        em(0.8f);
                break;
            case Page::People:
                for (size_t i = 0; i < m_sc.people.size(); ++i) y = person(ImVec2(at.x, y), width, i);
                break;
            case Page::Privacy:
                y = privacy(ImVec2(at.x, y), width);
                break;
        }
        return y;
    }

    // What the last action did, where the pupil looks (role status: spoken when it appears).
    float status(ImVec2 at, float width) {
        const std::string last = lastUndoable(m_state);
        if (last.empty()) return at.y;
        const auto parts = split(last, ':');
        const std::string verb = parts[0], arg = parts.size() > 1 ? parts[1] : "";
        const Person* who = m_sc.person(arg);
        std::string text;
        if (verb == "set")
            text = tr("Je instelling is aangepast.");
        else if (verb == "audience")
            text = tr("Je hebt aangepast wie je bericht ziet.");
        else if (verb == "untag")
            text = tr("Je tag is verwijderd.");
        else if (verb == "report")
            text = tr("Bedankt voor je melding.");
        else if (verb == "block" && who)
            text = kit::format(tr("Je hebt %s geblokkeerd."), who->name);
        else if (verb == "unblock" && who)
            text = kit::format(tr("Je hebt %s gedeblokkeerd."), who->name);
        else if (verb == "delete")
            text = tr("Je bericht is verwijderd.");
        if (text.empty()) return at.y;
        const Palette& p = palette();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float pad = em(0.6f);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str(), nullptr, false, width - 2 * pad);
        const ImVec2 end(at.x + width, at.y + ts.y + 2 * pad);
        dl->AddRectFilled(at, end, p.selected, em(0.3f));
        dl->AddRectFilled(at, ImVec2(at.x + std::max(3.0f, em(0.18f)), end.y), p.accent);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + pad, at.y + pad), p.text, text.c_str(),
                    nullptr, width - 2 * pad);
        a11yRecordArea("status", text, at, end);
        return end.y + em(0.8f);
    }

    // ---- a post

    float post(ImVec2 at, float width, size_t index) {
        const Post& post = m_sc.posts[index];
        const Person& author = *m_sc.person(post.author);
        const Palette& p = palette();
        ImGui::PushID(post.id.c_str());
        Card card(at.x, at.y, width);
        const float pad = em(0.8f);
        const float x = at.x + pad, w = width - 2 * pad;
        float y = at.y + pad;
        const ImGuiID moreId = ImGui::GetID("##more");
        if (isBlocked(m_state, author.id)) {
            // A blocked person's post is hidden; the card says so and offers the way back.
            y = textAt(ImVec2(x, y), kit::format(tr("Je hebt %s geblokkeerd. Je ziet dit bericht niet."), author.name),
                       w, nullptr, p.mutedText);
            Flow flow(x, x + w, y + em(0.5f));
            if (flowButton(flow, kit::format(tr("%s deblokkeren"), author.name), "#unblock"))
                done(unblockAction(author.id), moreId);
            m_vs.takeFocusRequest();
            const float bottom = card.end(flow.bottom(), true);
            ImGui::PopID();
            return bottom;
        }

        // The header: avatar, name, date and who sees it, the "..." button.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float r = em(1.3f);
        const bool own = m_sc.own(post);
        avatar(dl, ImVec2(x + r, y + r), r, author.name, own);
        const float more = em(2.6f);
        const float tx = x + 2 * r + em(0.6f);
        const float tw = std::max(em(4), x + w - more - em(0.4f) - tx);
        float ty = textAt(ImVec2(tx, y), author.name, tw, m_bold);
        const std::string audience = audienceOf(m_sc, m_state, post);
        const std::string meta = (post.date.empty() ? "" : post.date + "  ·  ") + audienceWord(audience);
        const float icon = em(1.0f);
        // The icon sits before the audience's word, at the end of the date.
        ImGui::SetCursorScreenPos(ImVec2(tx, ty + em(0.15f)));
        const std::string datePart = post.date.empty() ? "" : post.date + "  ·  ";
        const float iconX = tx + ImGui::CalcTextSize(datePart.c_str()).x;
        if (iconX + icon + em(0.3f) + ImGui::CalcTextSize(audienceWord(audience).c_str()).x <= tx + tw) {
            ImGui::TextUnformatted(datePart.c_str());
            audienceIcon(dl, ImVec2(iconX, ty + em(0.15f) + (ImGui::GetFontSize() - icon) / 2), icon, audience,
                         p.mutedText);
            ImGui::SetCursorScreenPos(ImVec2(iconX + icon + em(0.3f), ty + em(0.15f)));
            ImGui::PushStyleColor(ImGuiCol_Text, p.mutedText);
            ImGui::TextUnformatted(audienceWord(audience).c_str());
            ImGui::PopStyleColor();
            a11yRecordArea("text", meta, ImVec2(tx, ty), ImGui::GetItemRectMax());
            ty = ImGui::GetItemRectMax().y;
        } else {
            ty = textAt(ImVec2(tx, ty + em(0.15f)), meta, tw, nullptr, p.mutedText);
        }
        ImGui::SetCursorScreenPos(ImVec2(x + w - more, y));
        const bool menuOpen = m_vs.target() == post.id;
        if (moreButton(kit::format(tr("Opties voor het bericht van %s"), author.name), ImVec2(more, more), menuOpen)) {
            if (menuOpen) {
                m_vs.close();
            } else {
                m_vs.open(index, Panel::Menu);
                if (m_keyboard) m_vs.focusFirstOfPanel();
            }
        }
        if (m_escapeFrom == post.id && m_keyboard) m_vs.focusLater(moreId);
        m_vs.takeFocusRequest();
        y = std::max({ty, y + 2 * r, y + more}) + em(0.6f);

        // The menu, right under its button (so Tab goes from the button into it).
        if (m_vs.target() == post.id) y = postPanel(ImVec2(x, y), w, post, index, moreId);

        if (!post.text.empty()) y = textAt(ImVec2(x, y), post.text, w) + em(0.5f);
        if (post.picture) {
            const picture::Picture pic =
                picture::makePicture(&*post.picture, m_ctx.view.images(), m_ctx.view.item().sourcePath);
            const float scale = std::min({em(1) / 16.0f, w / pic.width, em(14) / pic.height});
            const ImVec2 a(x, y), b(x + pic.width * scale, y + pic.height * scale);
            picture::drawPicture(dl, pic, a, b);
            a11yRecordArea("image", pic.alt, a, b);
            ImGui::SetCursorScreenPos(a);
            ImGui::Dummy(ImVec2(b.x - a.x, b.y - a.y));
            y = b.y + em(0.5f);
        }
        // Tags, without the pupil's own once removed.
        std::string tagged;
        for (const std::string& t : post.tags) {
            if (t == m_sc.me.id && isUntagged(m_state, post.id)) continue;
            tagged += (tagged.empty() ? "" : ", ") + m_sc.person(t)->name;
        }
        if (!tagged.empty())
            y = textAt(ImVec2(x, y), tr("Getagd:") + std::string(" ") + tagged, w, nullptr, p.mutedText);
        if (isUntagged(m_state, post.id))
            y = textAt(ImVec2(x, y), tr("Je hebt je tag van dit bericht verwijderd."), w, nullptr, p.mutedText);
        if (const auto reason = reportReason(m_state, post.id))
            y = textAt(ImVec2(x, y),
                       kit::format(tr("Je hebt dit bericht gemeld: %s."), reasonWord(*m_sc.reason(*reason))), w, m_bold,
                       p.accent);
        // Comments, without those of people the pupil blocked.
        bool first = true;
        for (const Comment& c : post.comments) {
            if (isBlocked(m_state, c.author)) continue;
            if (first) {
                y += em(0.4f);
                dl->AddLine(ImVec2(x, y), ImVec2(x + w, y), p.border, std::max(1.0f, em(0.06f)));
                y += em(0.4f);
                first = false;
            }
            const Person& cp = *m_sc.person(c.author);
            const float cr = em(0.8f);
            avatar(dl, ImVec2(x + cr, y + cr), cr, cp.name, cp.id == m_sc.me.id);
            const float cx = x + 2 * cr + em(0.5f);
            float cy = textAt(ImVec2(cx, y), cp.name, x + w - cx, m_bold);
            cy = textAt(ImVec2(cx, cy), c.text, x + w - cx);
            y = std::max(cy, y + 2 * cr) + em(0.4f);
        }
        const float bottom = card.end(y);
        ImGui::PopID();
        return bottom;
    }

    // The round "..." button of a post.
    bool moreButton(const std::string& spoken, ImVec2 size, bool open) {
        const Palette& p = palette();
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const bool pressed = kit::tabStopButton("##more", size);
        a11yRecord("button", spoken, open);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 c(at.x + size.x / 2, at.y + size.y / 2);
        if (open || ImGui::IsItemHovered()) dl->AddCircleFilled(c, size.x / 2, p.selected, 24);
        dl->AddCircle(c, size.x / 2, p.border, 24, std::max(1.0f, em(0.06f)));
        for (int i = -1; i <= 1; ++i)
            dl->AddCircleFilled(ImVec2(c.x + static_cast<float>(i) * em(0.42f), c.y), em(0.13f), p.text, 12);
        focusRing();
        return pressed;
    }

    float postPanel(ImVec2 at, float width, const Post& post, size_t index, ImGuiID moreId) {
        const Palette& p = palette();
        const Person& author = *m_sc.person(post.author);
        float y = at.y;
        Flow flow(at.x, at.x + width, y);
        bool first = true;
        auto firstDone = [&] {
            if (first) m_vs.takeFocusRequest(true);
            first = false;
        };
        switch (m_vs.panel()) {
            case Panel::Menu:
                if (m_sc.own(post)) {
                    if (flowButton(flow, tr("Wie ziet dit?"), "audience")) {
                        m_vs.open(index, Panel::Audience);
                        if (m_keyboard) m_vs.focusFirstOfPanel();
                    }
                    firstDone();
                    if (flowButton(flow, tr("Verwijderen"), "delete")) done(deleteAction(post.id), m_undoId);
                } else {
                    if (canUntag(m_sc, m_state, post)) {
                        if (flowButton(flow, tr("Tag verwijderen"), "untag")) done(untagAction(post.id), moreId);
                        firstDone();
                    }
                    if (!reportReason(m_state, post.id)) {
                        if (flowButton(flow, tr("Melden"), "report")) {
                            m_vs.open(index, Panel::Report);
                            if (m_keyboard) m_vs.focusFirstOfPanel();
                        }
                        firstDone();
                    }
                    if (flowButton(flow, kit::format(tr("%s blokkeren"), author.name), "block"))
                        done(blockAction(author.id), ImGui::GetID("###unblock"));
                    firstDone();
                }
                if (flowButton(flow, tr("Sluiten"), "close")) {
                    m_vs.close();
                    if (m_keyboard) m_vs.focusLater(moreId);
                }
                firstDone();
                return flow.bottom() + em(0.8f);
            case Panel::Audience: {
                y = textAt(at, tr("Wie ziet dit?"), width, m_bold) + em(0.3f);
                const std::string now = audienceOf(m_sc, m_state, post);
                for (std::string_view a : audiences()) {
                    ImGui::SetCursorScreenPos(ImVec2(at.x, y));
                    const std::string id = "aud-" + std::string(a);
                    if (choiceRow(id.c_str(), audienceWord(a), a == now, Indicator::Radio, width))
                        done(audienceAction(post.id, a), moreId);
                    firstDone();
                    audienceIcon(ImGui::GetWindowDrawList(),
                                 ImVec2(ImGui::GetItemRectMax().x - em(2.2f), ImGui::GetItemRectMin().y + em(0.8f)),
                                 em(1.1f), a, p.mutedText);
                    y = ImGui::GetItemRectMax().y + em(0.3f);
                }
                break;
            }
            case Panel::Report:
                y = reasons(at, width, post.id, tr("Waarom meld je dit bericht?"), moreId, first);
                break;
            case Panel::Closed:
                return y;
        }
        Flow after(at.x, at.x + width, y + em(0.2f));
        if (flowButton(after, tr("Annuleren"), "cancel")) {
            m_vs.close();
            if (m_keyboard) m_vs.focusLater(moreId);
        }
        return after.bottom() + em(0.8f);
    }

    // The report reasons as choices; choosing one reports `target`.
    float reasons(ImVec2 at, float width, const std::string& target, const std::string& question, ImGuiID backTo,
                  bool& first) {
        float y = textAt(at, question, width, m_bold) + em(0.3f);
        for (const Reason& r : m_sc.reasons) {
            ImGui::SetCursorScreenPos(ImVec2(at.x, y));
            if (choiceRow(("reason-" + r.id).c_str(), reasonWord(r), false, Indicator::Radio, width))
                done(reportAction(target, r.id), backTo);
            if (first) m_vs.takeFocusRequest(true);
            first = false;
            y = ImGui::GetItemRectMax().y + em(0.3f);
        }
        return y;
    }

    // ---- a person

    float person(ImVec2 at, float width, size_t index) {
        const Person& who = m_sc.people[index];
        const Palette& p = palette();
        ImGui::PushID(who.id.c_str());
        Card card(at.x, at.y, width);
        const float pad = em(0.8f);
        const float x = at.x + pad, w = width - 2 * pad;
        float y = at.y + pad;
        const float r = em(1.3f);
        const bool blocked = isBlocked(m_state, who.id);
        avatar(ImGui::GetWindowDrawList(), ImVec2(x + r, y + r), r, who.name, false);
        const float tx = x + 2 * r + em(0.6f);
        float ty = textAt(ImVec2(tx, y), who.name, x + w - tx, m_bold);
        std::string about = who.isFriend ? tr("Vriend") : tr("Geen vriend");
        if (blocked) about += std::string("  ·  ") + tr("Geblokkeerd");
        if (const auto reason = reportReason(m_state, who.id))
            about += "  ·  " + kit::format(tr("Gemeld: %s"), reasonWord(*m_sc.reason(*reason)));
        ty = textAt(ImVec2(tx, ty), about, x + w - tx, nullptr, p.mutedText);
        y = std::max(ty, y + 2 * r) + em(0.5f);

        // Report (while not reported), and block or unblock: one button that keeps its place
        // and its keyboard focus when it turns into the other.
        Flow flow(x, x + w, y);
        const ImGuiID reportId = ImGui::GetID("###report");
        const ImGuiID blockId = ImGui::GetID("###block");
        if (m_escapeFrom == who.id && m_keyboard) m_vs.focusLater(reportId);
        const bool reporting = m_vs.isOpen(who.id, Panel::Report);
        if (!reportReason(m_state, who.id) && !reporting) {
            if (flowButton(flow, kit::format(tr("%s melden"), who.name), "#report")) {
                m_vs.open(m_sc.posts.size() + index, Panel::Report);
                if (m_keyboard) m_vs.focusFirstOfPanel();
            }
            m_vs.takeFocusRequest();
        }
        if (blocked) {
            if (flowButton(flow, kit::format(tr("%s deblokkeren"), who.name), "#block"))
                m_action = unblockAction(who.id);
        } else if (flowButton(flow, kit::format(tr("%s blokkeren"), who.name), "#block")) {
            m_action = blockAction(who.id);
        }
        m_vs.takeFocusRequest();
        y = flow.bottom();
        if (reporting) {
            bool first = true;
            y = reasons(ImVec2(x, y + em(0.6f)), w, who.id, kit::format(tr("Waarom meld je %s?"), who.name), blockId,
                        first);
            Flow after(x, x + w, y + em(0.2f));
            if (flowButton(after, tr("Annuleren"), "cancel")) {
                m_vs.close();
                if (m_keyboard) m_vs.focusLater(reportId);
            }
            y = after.bottom();
        }
        const float bottom = card.end(y);
        ImGui::PopID();
        return bottom;
    }

    // ---- the privacy settings

    float privacy(ImVec2 at, float width) {
        float y = textAt(at, tr("Privacy-instellingen"), width, m_large) + em(0.6f);
        if (m_sc.settings.empty())
            return textAt(ImVec2(at.x, y), tr("Er zijn geen instellingen."), width, nullptr, palette().mutedText) +
                   em(0.8f);
        for (const Setting& s : m_sc.settings) {
            ImGui::PushID(s.id.c_str());
            Card card(at.x, y, width);
            const float pad = em(0.8f);
            const float x = at.x + pad, w = width - 2 * pad;
            float sy = textAt(ImVec2(x, y + pad), s.label, w, m_bold) + em(0.4f);
            Flow flow(x, x + w, sy);
            const std::string now = settingValue(m_state, s.id);
            for (const Option& o : s.options) {
                const std::string label = optionWord(o);
                if (optionSegment(o.id, label, o.id == now, flow.place(buttonSize(label))))
                    m_action = setAction(s.id, o.id);
            }
            y = card.end(flow.bottom());
            ImGui::PopID();
        }
        return y;
    }

    EnvironmentContext& m_ctx;
    const SocialScenario& m_sc;
    const State m_state;
    ViewState m_vs;
    ImFont* m_bold;
    ImFont* m_large;
    bool m_keyboard = false;
    ImGuiID m_undoId = 0;
    std::string m_escapeFrom;
    std::optional<sim::Action> m_action;
};

}  // namespace

void social(EnvironmentContext& ctx) {
    SocialView(ctx).draw();
}

}  // namespace dlk::ui::views
