// The mail client's view (model: app/core/sim/mail), laid out as webmail is: a title bar with the
// pupil's address, the folders on the left (a row of folder buttons above the rest when the
// column is narrow), and beside them either the folder's list of messages or the message being
// read, with its toolbar (Terug, Beantwoorden, Doorsturen, Verwijderen, Verplaatsen naar...,
// Melden als phishing, Afzender blokkeren), its sender's name and real address, attachments and
// text. A reply or forward being written takes the place of the message until it is sent or
// thrown away. At the bottom a status bar shows where a link really goes while the mouse is on it
// or it has the keyboard focus, as mail programs do: that is the skill phishing items ask for.
//
// Every control is a Tab stop that Enter or Space activates. After an action taken with the
// keyboard, the focus goes where the pupil continues: the Terug button of a message just
// opened, the row of the message just closed, the "Ongedaan maken" of what was just undoable,
// the text field of a reply. The text typed is wrapped for display only and kept exactly as typed
// (soft_wrap.h), in the state, never in process data.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "sim/mail/mail.h"
#include "support/translator.h"
#include "ui/sim/environment_view.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/interactions/soft_wrap.h"
#include "ui/widgets/interactions/widget_kit.h"
#include "ui/widgets/wide_text.h"
#include "util/text.h"

namespace dlk::ui::views {

namespace {

using namespace sim::mail;

// Below this column width the folders go in a row above the messages.
constexpr float kSideBySideEm = 34.0f;
constexpr float kSidebarEm = 10.0f;
constexpr int kComposeLines = 7;

// One frame of the mail view: what it draws from, and the one action it may take.
struct Ui {
    Ui(EnvironmentContext& c, const MailScenario& scenario)
        : ctx(c),
          sc(scenario),
          s(fromResponse(scenario, c.response.current())),
          p(palette()),
          comma(c.view.session().variant().language != "en"),
          key(c.response.stateKey()) {}
    EnvironmentContext& ctx;
    const MailScenario& sc;
    const State s;
    const Palette& p;
    bool comma;
    std::string key;  // this response's view state: ItemViewState::picked[key + "/..."]
    std::optional<sim::Action> action;
    bool keyboard = false;  // the action was taken with the keyboard
    std::string href;       // the link under the mouse or with the focus

    ItemView& view() { return ctx.view; }
    std::string& viewState(const char* what) { return ctx.view.state().picked[key + "/" + what]; }
    void act(std::string name, std::string argument = {}) {
        if (action) return;  // one action a frame
        action = sim::Action{std::move(name), std::move(argument)};
        keyboard = !GImGui->NavDisableHighlight;
    }
    // After drawing a control: give it the keyboard focus when the last action asked for it.
    void focusIfAsked(const std::string& name) {
        std::string& want = viewState("focus");
        if (want != name) return;
        want.clear();
        ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
        GImGui->NavDisableHighlight = false;
        GImGui->NavDisableMouseHover = true;
    }
};

std::string folderName(const MailScenario& sc, std::string_view id) {
    if (id == kInbox) return tr("Postvak IN");
    if (id == kSent) return tr("Verzonden");
    if (id == kSpam) return tr("Spam");
    if (id == kTrash) return tr("Prullenbak");
    for (const Folder& f : sc.folders)
        if (f.id == id) return f.name;
    return std::string(id);
}

std::string subjectOf(const Message& m) {
    return m.subject.empty() ? std::string(tr("(geen onderwerp)")) : m.subject;
}

std::string withAddress(const std::string& name, const std::string& address) {
    return name == address ? address : name + " <" + address + ">";
}

// A file size as mail programs show it: 245 kB, 1,2 MB.
std::string sizeText(int64_t bytes, bool comma) {
    char buf[32];
    if (bytes < 1024)
        std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
    else if (bytes < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%lld kB", static_cast<long long>((bytes + 512) / 1024));
    else
        std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    std::string s = buf;
    if (comma) std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// `text` cut to `width` in the current font, with an ellipsis when it did not fit.
std::string fitted(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string out = text;
    while (!out.empty() && ImGui::CalcTextSize((out + "…").c_str()).x > width) {
        out.pop_back();
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
        if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
    }
    return out + "…";
}

void textAt(ImVec2 at, const std::string& text, ImU32 color, ImFont* font = nullptr) {
    ImFont* f = font ? font : ImGui::GetFont();
    ImGui::GetWindowDrawList()->AddText(f, ImGui::GetFontSize(), at, color, text.c_str());
}

// A paperclip, the sign of an attachment.
void paperclip(ImVec2 c, float h, ImU32 color) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = h * 0.42f, t = std::max(1.2f, h * 0.09f);
    dl->AddRect(ImVec2(c.x - w / 2, c.y - h / 2), ImVec2(c.x + w / 2, c.y + h / 2), color, w / 2, 0, t);
    dl->AddLine(ImVec2(c.x, c.y - h * 0.22f), ImVec2(c.x, c.y + h * 0.3f), color, t);
}

// A button in a row that wraps at the column's edge.
bool rowButton(kit::RowFlow& row, const std::string& label, bool primary = false) {
    const float w = std::min(ImGui::CalcTextSize(label.c_str(), nullptr, true).x + em(2.0f), row.width);
    row.place(w);
    return bigButton(label.c_str(), primary, w);
}

// ---- the folders ----------------------------------------------------------------------------------

// One folder: its name, and how many unread messages it holds (bold when there are some).
bool folderButton(Ui& ui, const std::string& id, float width) {
    const std::string name = folderName(ui.sc, id);
    const int unread = id == kSent ? 0 : unreadIn(ui.sc, ui.s, id);
    const bool current = ui.s.folder == id;
    const std::string count = unread > 0 ? std::to_string(unread) : "";
    ImGui::PushFont(unread > 0 ? ui.view().fonts().bold : ui.view().fonts().regular);
    const float textW =
        ImGui::CalcTextSize(name.c_str()).x + (count.empty() ? 0 : ImGui::CalcTextSize(count.c_str()).x + em(0.8f));
    ImGui::PopFont();
    const ImVec2 size(width > 0 ? width : textW + em(1.8f), em(2.6f));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = kit::tabStopButton(("##folder-" + id).c_str(), size);
    a11yRecord("button", unread > 0 ? name + ", " + kit::format(tr("%d ongelezen"), unread) : name, current);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    if (current || hovered) dl->AddRectFilled(pos, end, ui.p.selected, em(0.3f));
    if (current) dl->AddRectFilled(pos, ImVec2(pos.x + em(0.25f), end.y), ui.p.accent, em(0.1f));
    if (width <= 0) dl->AddRect(pos, end, current ? ui.p.accent : ui.p.border, em(0.3f), 0, 1.0f);
    ImFont* font = unread > 0 ? ui.view().fonts().bold : ui.view().fonts().regular;
    ImGui::PushFont(font);
    const float y = pos.y + (size.y - ImGui::GetTextLineHeight()) / 2;
    const float countW = count.empty() ? 0 : ImGui::CalcTextSize(count.c_str()).x;
    textAt(ImVec2(pos.x + em(0.8f), y), fitted(name, size.x - em(1.6f) - countW), ui.p.text, font);
    if (!count.empty()) textAt(ImVec2(end.x - em(0.6f) - countW, y), count, ui.p.accent, font);
    ImGui::PopFont();
    focusRing();
    ui.focusIfAsked("folder:" + id);
    return pressed;
}

// ---- the list of a folder -------------------------------------------------------------------------

void messageRow(Ui& ui, size_t i, float left, float width) {
    const Message& m = ui.sc.messages[i];
    const MessageState& ms = ui.s.messages[i];
    const bool unread = !ms.read;
    const float line = ImGui::GetTextLineHeight();
    const float pad = em(0.45f);
    const ImVec2 size(width, std::max(em(2.6f), 2 * line + 2 * pad + em(0.15f)));
    ImGui::SetCursorPosX(left);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    if (kit::tabStopButton(("##message-" + m.id).c_str(), size)) ui.act("open", m.id);
    std::string label = m.fromName + ": " + subjectOf(m);
    if (unread) label += ", " + std::string(tr("ongelezen"));
    if (!m.attachments.empty()) label += ", " + std::string(tr("met bijlage"));
    a11yRecord("row", label);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    if (hovered) dl->AddRectFilled(pos, end, ui.p.selected, em(0.2f));
    dl->AddLine(ImVec2(pos.x, end.y), end, ui.p.border, 1.0f);
    if (unread) dl->AddCircleFilled(ImVec2(pos.x + em(0.55f), pos.y + pad + line / 2), em(0.22f), ui.p.accent, 16);
    const float x = pos.x + em(1.1f);
    const float right = end.x - em(0.5f);
    ImFont* font = unread ? ui.view().fonts().bold : ui.view().fonts().regular;
    ImGui::PushFont(font);
    const float dateW = m.date.empty() ? 0 : ImGui::CalcTextSize(m.date.c_str()).x;
    if (!m.date.empty()) textAt(ImVec2(right - dateW, pos.y + pad), m.date, ui.p.mutedText, font);
    textAt(ImVec2(x, pos.y + pad), fitted(m.fromName, right - x - dateW - em(0.6f)), ui.p.text, font);
    const float clipW = m.attachments.empty() ? 0 : em(1.2f);
    textAt(ImVec2(x, pos.y + pad + line), fitted(subjectOf(m), right - x - clipW), ui.p.text, font);
    ImGui::PopFont();
    if (!m.attachments.empty())
        paperclip(ImVec2(right - em(0.4f), pos.y + pad + line * 1.5f), line * 0.8f, ui.p.mutedText);
    focusRing();
    ui.focusIfAsked("row:" + m.id);
}

void sentList(Ui& ui, float left, float width) {
    if (ui.s.sent.empty()) {
        kit::hint(tr("Je hebt nog niets verstuurd."), left, width);
        return;
    }
    // The newest first, as a mail program lists them; each in full.
    for (size_t n = ui.s.sent.size(); n-- > 0;) {
        const Draft& d = ui.s.sent[n];
        const Message* m = ui.sc.message(d.message);
        if (!m) continue;
        std::string to;
        for (const auto& a : d.to) {
            const Contact* c = ui.sc.contactWithAddress(a);
            const std::string who =
                c ? withAddress(c->name, c->address) : (a == m->fromAddress ? withAddress(m->fromName, a) : a);
            to += (to.empty() ? "" : ", ") + who;
        }
        const std::string subject = (d.kind == DraftKind::Reply ? "Re: " : "Fwd: ") + subjectOf(*m);
        ImGui::SetCursorPosX(left);
        wrappedText(subject, ui.view().fonts().bold, 0, width);
        ImGui::SetCursorPosX(left);
        wrappedText(std::string(tr("Aan:")) + " " + to, nullptr, ui.p.mutedText, width);
        ImGui::SetCursorPosX(left);
        wrappedText(d.text.empty() ? std::string(tr("(geen tekst)")) : d.text, nullptr, 0, width);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(at.x, at.y + em(0.3f)), ImVec2(at.x + width, at.y + em(0.3f)),
                                            ui.p.border, 1.0f);
        ImGui::Dummy(em(0, 0.6f));
    }
}

void folderList(Ui& ui, float left, float width) {
    ImGui::SetCursorPosX(left);
    wrappedText(folderName(ui.sc, ui.s.folder), ui.view().fonts().bold, 0, width);
    ImGui::Dummy(em(0, 0.2f));
    if (ui.s.folder == kSent) return sentList(ui, left, width);
    const auto inFolder = messagesIn(ui.sc, ui.s, ui.s.folder);
    if (inFolder.empty()) kit::hint(tr("Deze map is leeg."), left, width);
    for (size_t i : inFolder) messageRow(ui, i, left, width);
}

// ---- a message being read -------------------------------------------------------------------------

// A link inside the running text of a paragraph: its words in the link colour, underlined; a
// Tab stop; where it really goes shown in the status bar while hovered or focused.
void linkBox(Ui& ui, const Link& link) {
    ItemView& view = ui.view();
    const float line = ImGui::GetTextLineHeight();
    const float whole = ImGui::CalcTextSize(link.words.c_str()).x;
    const float w = std::min(whole, view.width());
    const float h = whole > view.width() ? ImGui::CalcTextSize(link.words.c_str(), nullptr, false, w).y : line;
    view.placeInline(w);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    if (kit::tabStopButton(("##link-" + link.id).c_str(), ImVec2(w, h))) ui.act("link", link.id);
    const bool hovered = ImGui::IsItemHovered(), focused = ImGui::IsItemFocused();
    a11yRecord("link", link.words);
    if (hovered || focused) {
        ui.href = link.href;
        // Read aloud says where it goes as well, as the status bar shows it.
        if (focused) a11yFrame().back().label += " (" + std::string(tr("gaat naar")) + " " + link.href + ")";
    }
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    // And beside the link itself, as mail programs show it, for when the status bar is scrolled out
    // of sight: just below the words, wherever the mouse is.
    if (hovered || focused) {
        ImGui::SetNextWindowPos(ImVec2(pos.x, pos.y + h + em(0.3f)));
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(em(28.0f));
        ImGui::TextUnformatted(link.href.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    // The words, wrapped in the box, each line underlined.
    ImFont* font = ImGui::GetFont();
    const char* s = link.words.c_str();
    const char* end = s + link.words.size();
    float y = pos.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float t = std::max(1.0f, em(0.06f));
    while (s < end) {
        const char* e = font->CalcWordWrapPositionA(ImGui::GetFontSize() / font->FontSize, s, end, w);
        if (e == s) ++e;
        const float lw = ImGui::CalcTextSize(s, e).x;
        dl->AddText(font, ImGui::GetFontSize(), ImVec2(pos.x, y), ui.p.accent, s, e);
        dl->AddLine(ImVec2(pos.x, y + line - t), ImVec2(pos.x + lw, y + line - t), ui.p.accent, t);
        y += line;
        s = e;
        while (s < end && *s == ' ') ++s;
    }
    focusRing();
    view.endInline(h > line * 1.5f);
}

void paragraphs(Ui& ui, const Message& m, float left, float width, bool quoted) {
    ItemView& view = ui.view();
    for (const auto& para : m.paragraphs) {
        std::string plain;
        for (const Run& r : para) plain += r.text;
        const ImVec2 top(ImGui::GetWindowPos().x - ImGui::GetScrollX() + left, ImGui::GetCursorScreenPos().y);
        view.inColumn(left, width, [&] {
            ImGui::SetCursorPosX(left);
            if (quoted) ImGui::PushStyleColor(ImGuiCol_Text, ui.p.mutedText);
            for (const Run& r : para) {
                const Link* link = r.link.empty() || quoted ? nullptr : ui.sc.link(r.link);
                if (link) {
                    linkBox(ui, *link);
                } else {
                    BodyNode text;
                    text.isText = true;
                    text.text = r.text;
                    view.flowNode(text, view.fonts().regular);
                }
            }
            if (quoted) ImGui::PopStyleColor();
            view.flowBreak();
        });
        a11yRecordArea("text", trim(plain), top, ImVec2(top.x + width, ImGui::GetCursorScreenPos().y));
        ImGui::Dummy(em(0, 0.35f));
    }
}

void attachments(Ui& ui, const Message& m, float left, float width) {
    kit::RowFlow row{left, width};
    for (const Attachment& a : m.attachments) {
        const std::string size = a.size >= 0 ? sizeText(a.size, ui.comma) : "";
        const float badgeW = a.type.empty() ? em(1.4f) : ImGui::CalcTextSize(a.type.c_str()).x + em(0.6f);
        const float textW = std::max(ImGui::CalcTextSize(a.name.c_str()).x, ImGui::CalcTextSize(size.c_str()).x);
        const ImVec2 box(std::min(width, badgeW + textW + em(1.6f)),
                         std::max(em(2.6f), 2 * ImGui::GetTextLineHeight() + em(0.5f)));
        row.place(box.x);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        if (kit::tabStopButton(("##attachment-" + a.id).c_str(), box)) ui.act("attachment", a.id);
        a11yRecord("button", std::string(tr("Bijlage")) + " " + a.name + (size.empty() ? "" : ", " + size));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 end(pos.x + box.x, pos.y + box.y);
        dl->AddRectFilled(pos, end, ImGui::IsItemHovered() ? ui.p.selected : ui.p.surface, em(0.3f));
        dl->AddRect(pos, end, ui.p.border, em(0.3f), 0, std::max(1.0f, em(0.06f)));
        const ImVec2 badge(pos.x + em(0.5f), pos.y + (box.y - em(1.6f)) / 2);
        dl->AddRectFilled(badge, ImVec2(badge.x + badgeW, badge.y + em(1.6f)), ui.p.accent, em(0.2f));
        if (a.type.empty())
            paperclip(ImVec2(badge.x + badgeW / 2, badge.y + em(0.8f)), em(1.0f), ui.p.accentText);
        else
            textAt(ImVec2(badge.x + em(0.3f), badge.y + (em(1.6f) - ImGui::GetTextLineHeight()) / 2), a.type,
                   ui.p.accentText, ui.view().fonts().bold);
        const float tx = badge.x + badgeW + em(0.5f);
        const float line = ImGui::GetTextLineHeight();
        const float ty = pos.y + (box.y - (size.empty() ? line : 2 * line)) / 2;
        textAt(ImVec2(tx, ty), fitted(a.name, end.x - tx - em(0.4f)), ui.p.text);
        if (!size.empty()) textAt(ImVec2(tx, ty + line), size, ui.p.mutedText);
        focusRing();
    }
    if (!m.attachments.empty()) ImGui::Dummy(em(0, 0.3f));
}

// A calm note about what just happened, with a button to undo it where a mail program has one.
void notice(Ui& ui, float left, float width) {
    const auto parts = splitWhitespace(ui.viewState("notice"));
    if (parts.size() < 2) return;
    const std::string& kind = parts[0];
    const Message* m = ui.sc.message(parts[1]);
    std::string text;
    std::optional<sim::Action> undo;
    if (kind == "delete" && m) {
        text = tr("Het bericht staat nu in de prullenbak.");
        undo = sim::Action{"restore", m->id};
    } else if (kind == "report" && m) {
        text = tr("Je hebt het bericht gemeld als phishing. Het staat nu in Spam.");
        undo = sim::Action{"unreport", m->id};
    } else if (kind == "block" && m) {
        text = kit::format(tr("%s is geblokkeerd. Berichten van dit adres gaan naar Spam."), m->fromAddress);
        undo = sim::Action{"unblock", m->id};
    } else if (kind == "move" && m && parts.size() == 3) {
        text = kit::format(tr("Het bericht staat nu in de map %s."),
                           folderName(ui.sc, ui.s.messages[ui.sc.indexOf(m->id)].folder));
        undo = sim::Action{"move", m->id + ":" + parts[2]};
    } else if (kind == "sent") {
        text = tr("Je bericht is verstuurd.");
    } else if (kind == "link") {
        if (const Link* l = ui.sc.link(parts[1]))
            text = std::string(tr("Je klikte op een link naar:")) + " " + l->href + "\n" +
                   tr("In deze opdracht gaan websites niet open.");
    } else if (kind == "attachment") {
        if (const Attachment* a = ui.sc.attachment(parts[1]))
            text = kit::format(tr("Je opende de bijlage %s. In deze opdracht gaan bestanden niet open."), a->name);
    }
    if (text.empty()) return;
    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::Dummy(em(0, 0.4f));
    ImGui::SetCursorPosX(left + em(0.6f));
    wrappedText(text, nullptr, 0, width - em(1.2f));
    a11yFrame().back().role = "status";
    if (undo) {
        ImGui::SetCursorPosX(left + em(0.6f));
        if (bigButton(tr("Ongedaan maken"), false)) ui.act(undo->name, undo->argument);
        ui.focusIfAsked("undo");
    }
    ImGui::Dummy(em(0, 0.2f));
    const ImVec2 bottom = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Behind the words: drawn on the channel below (see mail()).
    dl->ChannelsSetCurrent(1);
    dl->AddRectFilled(ImVec2(top.x, top.y), ImVec2(top.x + width, bottom.y), ui.p.selected, em(0.3f));
    dl->ChannelsSetCurrent(2);
    ImGui::Dummy(em(0, 0.5f));
}

// The toolbar above a message, as a mail program has it: back to the list, then what can be done
// with the message. It wraps onto more rows when the column is narrow.
void toolbar(Ui& ui, const Message& m, const MessageState& ms, float left, float width) {
    kit::RowFlow row{left, width};
    if (rowButton(row, std::string("← ") + tr("Terug") + "##back")) ui.act("close");
    ui.focusIfAsked("back");
    if (rowButton(row, tr("Beantwoorden"))) ui.act("reply", m.id);
    if (!ui.sc.contacts.empty() && rowButton(row, tr("Doorsturen"))) ui.act("forward", m.id);
    if (ms.folder == kTrash) {
        if (rowButton(row, tr("Terugzetten"))) ui.act("restore", m.id);
    } else if (rowButton(row, tr("Verwijderen"))) {
        ui.act("delete", m.id);
    }
    std::string& menu = ui.viewState("menu");
    if (rowButton(row, tr("Verplaatsen naar…"))) {
        menu = menu == m.id ? "" : m.id;
        if (!menu.empty() && !GImGui->NavDisableHighlight) ui.viewState("focus") = "menu";
    }
    if (ms.reported) {
        if (rowButton(row, tr("Geen phishing"))) ui.act("unreport", m.id);
    } else if (rowButton(row, tr("Melden als phishing"))) {
        ui.act("report", m.id);
    }
    if (isBlocked(ui.s, m.fromAddress)) {
        if (rowButton(row, tr("Blokkering opheffen"))) ui.act("unblock", m.id);
    } else if (rowButton(row, tr("Afzender blokkeren"))) {
        ui.act("block", m.id);
    }
    ImGui::Dummy(em(0, 0.3f));
    if (menu != m.id) return;
    // Where it can go: every folder that holds messages, but the one it is in and the trash.
    kit::hint(tr("Naar welke map?"), left, width);
    kit::RowFlow to{left, width};
    bool first = true;
    for (const std::string& f : ui.sc.folderOrder()) {
        if (f == ms.folder || f == kTrash || f == kSent) continue;
        if (rowButton(to, folderName(ui.sc, f) + "##to-" + f, true)) ui.act("move", m.id + ":" + f);
        if (first) ui.focusIfAsked("menu");
        first = false;
    }
    if (rowButton(to, tr("Annuleren"))) menu.clear();
    ImGui::Dummy(em(0, 0.3f));
}

void separator(float left, float width) {
    ImGui::Dummy(em(0, 0.2f));
    ImGui::SetCursorPosX(left);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(at, ImVec2(at.x + width, at.y), palette().border, 1.0f);
    ImGui::Dummy(em(0, 0.3f));
}

void readingPane(Ui& ui, const Message& m, float left, float width) {
    const MessageState& ms = ui.s.messages[ui.sc.indexOf(m.id)];
    toolbar(ui, m, ms, left, width);
    separator(left, width);
    ImGui::SetCursorPosX(left);
    wrappedText(subjectOf(m), ui.view().fonts().bold, 0, width);
    a11yFrame().back().role = "heading";
    // The sender as a mail program shows it: the name, and the address it really came from.
    ImGui::SetCursorPosX(left);
    wrappedText(std::string(tr("Van:")) + " " + withAddress(m.fromName, m.fromAddress), nullptr, 0, width);
    ImGui::SetCursorPosX(left);
    wrappedText(std::string(tr("Aan:")) + " " + m.to + (m.date.empty() ? "" : "  ·  " + m.date), nullptr,
                ui.p.mutedText, width);
    if (ms.reported) kit::hint(tr("Je hebt dit bericht gemeld als phishing."), left, width, ui.p.warning);
    if (isBlocked(ui.s, m.fromAddress)) kit::hint(tr("Deze afzender is geblokkeerd."), left, width, ui.p.warning);
    separator(left, width);
    attachments(ui, m, left, width);
    paragraphs(ui, m, left, width, false);
}

// ---- writing a reply or forward -------------------------------------------------------------------

struct WrapContext {
    float width;
    const std::string* before;  // the field's text before this frame's edit
    std::vector<int>* softBreaks;
};

float measure(std::string_view s) {
    return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
}

// After every edit: carry the soft breaks over the edit, then wrap the typed text afresh (as the
// extended text interaction does).
int rewrapAfterEdit(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return wideCharFilter(data);
    if (data->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
    auto& wrap = *static_cast<WrapContext*>(data->UserData);
    const std::string_view after(data->Buf, static_cast<size_t>(data->BufTextLen));
    const std::vector<int> carried = carrySoftBreaks(*wrap.before, after, *wrap.softBreaks);
    const std::string typed = typedText(std::string(after), carried);
    const std::string display = wrapForDisplay(typed, wrap.width, measure, *wrap.softBreaks);
    if (display != after) {
        std::copy(display.begin(), display.end(), data->Buf);
        data->BufDirty = true;
    }
    return 0;
}

void compose(Ui& ui, const Draft& d, float left, float width) {
    const Message* m = ui.sc.message(d.message);
    if (!m) return;
    const bool reply = d.kind == DraftKind::Reply;
    ImGui::SetCursorPosX(left);
    wrappedText(reply ? tr("Antwoord schrijven") : tr("Doorsturen"), ui.view().fonts().large, 0, width);
    a11yFrame().back().role = "heading";
    ImGui::SetCursorPosX(left);
    if (reply) {
        wrappedText(std::string(tr("Aan:")) + " " + withAddress(m->fromName, m->fromAddress), nullptr, 0, width);
    } else {
        wrappedText(tr("Aan: kies aan wie je het stuurt."), nullptr, 0, width);
        kit::RowFlow row{left, width};
        for (const Contact& c : ui.sc.contacts) {
            const bool chosen = std::find(d.to.begin(), d.to.end(), c.address) != d.to.end();
            const std::string label = withAddress(c.name, c.address);
            const float w = std::min(width, ImGui::CalcTextSize(label.c_str()).x + em(3.4f));
            row.place(w);
            if (choiceRow(("to-" + c.id).c_str(), label, chosen, Indicator::Check, w)) ui.act("to", c.id);
        }
        ImGui::Dummy(em(0, 0.2f));
    }
    ImGui::SetCursorPosX(left);
    wrappedText(std::string(tr("Onderwerp:")) + " " + (reply ? "Re: " : "Fwd: ") + subjectOf(*m), nullptr,
                ui.p.mutedText, width);

    // The text, wrapped for display and kept as typed.
    ItemView& view = ui.view();
    const std::string bufferKey = ui.key + "/draft";
    std::string& display = view.state().textBuffers[bufferKey];
    std::vector<int>& softBreaks = view.state().softBreaks[bufferKey];
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 size(width, ImGui::GetTextLineHeight() * kComposeLines + 2 * style.FramePadding.y);
    const float wrapWidth = width - 2 * style.FramePadding.x - style.ScrollbarSize - em(0.5f);
    const ImGuiID fieldId = ImGui::GetID("##draft");
    if (ImGui::GetActiveID() != fieldId) display = wrapForDisplay(toImGuiText(d.text), wrapWidth, measure, softBreaks);
    const std::string before = display;
    WrapContext wrap{wrapWidth, &before, &softBreaks};
    ImGui::SetCursorPosX(left);
    std::string& focus = ui.viewState("focus");
    if (focus == "draft") {
        ImGui::SetKeyboardFocusHere();
        focus.clear();
    }
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.5f, em(0.08f)));
    ImGui::PushStyleColor(ImGuiCol_Border, ui.p.accent);
    if (ImGui::InputTextMultiline("##draft", &display, size,
                                  ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackCharFilter,
                                  rewrapAfterEdit, &wrap)) {
        const State next = withDraftText(ui.s, fromImGuiText(typedText(display, softBreaks)));
        // Typing is not an action: the text goes into the state only, committed once typing stops.
        ui.ctx.response.setAll(
            sim::responsesFor(ui.ctx.type, ui.ctx.binding, ui.ctx.response.id(), toResponse(ui.sc, next)), true);
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    a11yRecord("textbox", "text:" + ui.ctx.response.id() + "/draft");
    focusRing();
    if (ImGui::IsItemDeactivated()) view.session().flush(view.now());

    std::string& hint = ui.viewState("hint");
    if (!hint.empty()) kit::hint(tr("Kies eerst aan wie je het bericht stuurt."), left, width, ui.p.warning);
    std::string& confirm = ui.viewState("confirm");
    ImGui::Dummy(em(0, 0.2f));
    kit::RowFlow row{left, width};
    if (confirm.empty()) {
        if (rowButton(row, tr("Versturen"), true)) {
            if (d.to.empty())
                hint = "to";
            else
                ui.act("send", d.message);
        }
        if (rowButton(row, tr("Weggooien"))) confirm = "yes";
    } else {
        kit::hint(tr("Weet je het zeker? Wat je schreef is dan weg."), left, width);
        row.first = true;
        if (rowButton(row, tr("Ja, weggooien"))) ui.act("discard", d.message);
        ui.focusIfAsked("confirm");
        if (rowButton(row, tr("Nee, verder schrijven"))) confirm.clear();
    }
    ImGui::Dummy(em(0, 0.4f));
    // The message answered or forwarded, below, as mail programs quote it.
    ImGui::SetCursorPosX(left);
    wrappedText(std::string(tr("Oorspronkelijk bericht")) + "  ·  " + withAddress(m->fromName, m->fromAddress) +
                    (m->date.empty() ? "" : "  ·  " + m->date),
                nullptr, ui.p.mutedText, width);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    paragraphs(ui, *m, left + em(0.8f), width - em(0.8f), true);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(top.x, top.y), ImVec2(top.x, ImGui::GetCursorScreenPos().y), ui.p.border,
                                        std::max(2.0f, em(0.12f)));
}

// What the pupil did: the next state, stored with the action; and where the view goes next.
void commit(Ui& ui) {
    const sim::Action& a = *ui.action;
    const State next = apply(ui.sc, ui.s, a);
    ui.ctx.act(a, toResponse(ui.sc, next));
    std::string& notice = ui.viewState("notice");
    std::string& focus = ui.viewState("focus");
    notice.clear();
    ui.viewState("menu").clear();
    ui.viewState("confirm").clear();
    ui.viewState("hint").clear();
    std::string want;
    const std::string& n = a.name;
    if (n == "open") {
        want = "back";
    } else if (n == "close") {
        want = "row:" + ui.s.open;
    } else if (n == "folder") {
        want = "folder:" + a.argument;
    } else if (n == "reply" || n == "forward") {
        want = "draft";
    } else if (n == "send" || n == "discard") {
        if (n == "send" && !next.draft) notice = "sent " + a.argument;
        want = next.open.empty() ? "folder:" + next.folder : "back";
    } else if (n == "delete" || n == "report" || n == "block") {
        notice = n + " " + a.argument;
        want = "undo";
    } else if (n == "move") {
        const auto colon = a.argument.find(':');
        const std::string id = a.argument.substr(0, colon);
        const size_t i = ui.sc.indexOf(id);
        if (i < ui.s.messages.size()) notice = "move " + id + " " + ui.s.messages[i].folder;
        want = "undo";
    } else if (n == "link" || n == "attachment") {
        notice = n + " " + a.argument;
    } else if (n == "restore" || n == "unreport" || n == "unblock") {
        want = "folder:" + next.folder;
    }
    // Writing starts in the text field, whatever opened it; the rest follows the keyboard.
    if (ui.keyboard || want == "draft") focus = want;
}

}  // namespace

void mail(EnvironmentContext& ctx) {
    const auto& sc = static_cast<const MailScenario&>(ctx.scenario);
    Ui ui(ctx, sc);
    const float left = ctx.view.left();
    const float width = ctx.view.width();
    const float pad = em(0.6f);
    const bool sideBySide = width >= em(kSideBySideEm);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Content on channel 2, the notice behind its words on 1, the window's backgrounds (sized once the
    // content is drawn) on 0.
    dl->ChannelsSplit(3);
    dl->ChannelsSetCurrent(2);

    // The title bar: the program and whose mail it is.
    ImGui::SetCursorPosX(left);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float titleH = em(2.4f);
    const std::string who = withAddress(sc.user.empty() ? sc.address : sc.user, sc.address);
    {
        ImGui::PushFont(ctx.view.fonts().bold);
        const std::string program = tr("E-mail");
        const float programW = ImGui::CalcTextSize(program.c_str()).x;
        const float y = top.y + (titleH - ImGui::GetTextLineHeight()) / 2;
        textAt(ImVec2(top.x + pad, y), program, ui.p.accent, ctx.view.fonts().bold);
        ImGui::PopFont();
        textAt(ImVec2(top.x + pad + programW + em(0.8f), y), fitted(who, width - programW - 2 * pad - em(0.8f)),
               ui.p.mutedText);
        ImGui::Dummy(ImVec2(width, titleH));
        a11yRecordArea("heading", program + ": " + who, top, ImVec2(top.x + width, top.y + titleH));
    }

    // The folders: a column on the left, or a row above when the column is narrow.
    const float bodyTop = ImGui::GetCursorScreenPos().y;
    const float originX = top.x - left;  // window x -> screen x
    float mainLeft = left + pad, mainWidth = width - 2 * pad;
    float sideBottom = bodyTop;
    if (sideBySide) {
        const float sideW = em(kSidebarEm);
        ImGui::SetCursorScreenPos(ImVec2(originX + left + em(0.3f), bodyTop + em(0.4f)));
        for (const std::string& f : sc.folderOrder()) {
            ImGui::SetCursorPosX(left + em(0.3f));
            if (folderButton(ui, f, sideW - em(0.6f))) ui.act("folder", f);
        }
        sideBottom = ImGui::GetCursorScreenPos().y;
        mainLeft = left + sideW + pad;
        mainWidth = width - sideW - 2 * pad;
        ImGui::SetCursorScreenPos(ImVec2(originX + mainLeft, bodyTop + em(0.4f)));
    } else {
        ImGui::Dummy(em(0, 0.2f));
        kit::RowFlow row{left + pad, width - 2 * pad};
        for (const std::string& f : sc.folderOrder()) {
            ImGui::PushFont(unreadIn(sc, ui.s, f) > 0 && f != kSent ? ctx.view.fonts().bold : ctx.view.fonts().regular);
            const std::string count =
                f == kSent || unreadIn(sc, ui.s, f) == 0 ? "" : std::to_string(unreadIn(sc, ui.s, f));
            const float w = ImGui::CalcTextSize(folderName(sc, f).c_str()).x +
                            (count.empty() ? 0 : ImGui::CalcTextSize(count.c_str()).x + em(0.8f)) + em(1.8f);
            ImGui::PopFont();
            row.place(std::min(w, width - 2 * pad));
            if (folderButton(ui, f, std::min(w, width - 2 * pad))) ui.act("folder", f);
        }
        ImGui::Dummy(em(0, 0.2f));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        dl->AddLine(ImVec2(top.x, at.y), ImVec2(top.x + width, at.y), ui.p.border, 1.0f);
        ImGui::Dummy(em(0, 0.3f));
    }

    // Beside or below them: what the pupil is doing.
    ImGui::SetCursorPosX(mainLeft);
    notice(ui, mainLeft, mainWidth);
    const Message* open = ui.s.open.empty() ? nullptr : sc.message(ui.s.open);
    if (ui.s.draft)
        compose(ui, *ui.s.draft, mainLeft, mainWidth);
    else if (open)
        readingPane(ui, *open, mainLeft, mainWidth);
    else
        folderList(ui, mainLeft, mainWidth);
    const float mainBottom = ImGui::GetCursorScreenPos().y;

    // The status bar: where a link goes, else what the folder holds.
    const float statusTop = std::max(mainBottom, sideBottom) + em(0.4f);
    ImGui::SetCursorScreenPos(ImVec2(top.x + pad, statusTop + em(0.35f)));
    std::string status;
    if (!ui.href.empty()) {
        status = std::string(tr("Link gaat naar:")) + " " + ui.href;
    } else {
        const bool sent = ui.s.folder == kSent;
        const int n = static_cast<int>(sent ? ui.s.sent.size() : messagesIn(sc, ui.s, ui.s.folder).size());
        const int unread = sent ? 0 : unreadIn(sc, ui.s, ui.s.folder);
        status = (n == 1 ? std::string(tr("1 bericht")) : kit::format(tr("%d berichten"), n)) +
                 (unread > 0 ? ", " + kit::format(tr("%d ongelezen"), unread) : "");
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2 * pad);
    ImGui::PushStyleColor(ImGuiCol_Text, ui.href.empty() ? ui.p.mutedText : ui.p.text);
    ImGui::TextUnformatted(status.empty() ? " " : status.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    a11yRecord("status", status);
    const float bottom = ImGui::GetItemRectMax().y + em(0.35f);
    ImGui::SetCursorScreenPos(ImVec2(top.x, bottom));
    ImGui::Dummy(ImVec2(width, em(0.5f)));

    // The window behind it all.
    dl->ChannelsSetCurrent(0);
    const float r = em(0.4f);
    dl->AddRectFilled(top, ImVec2(top.x + width, bottom), ui.p.surface, r);
    dl->AddRectFilled(top, ImVec2(top.x + width, top.y + titleH), ui.p.background, r, ImDrawFlags_RoundCornersTop);
    dl->AddLine(ImVec2(top.x, top.y + titleH), ImVec2(top.x + width, top.y + titleH), ui.p.border, 1.0f);
    if (sideBySide) {
        const float x = originX + left + em(kSidebarEm);
        dl->AddRectFilled(ImVec2(top.x, top.y + titleH), ImVec2(x, statusTop), ui.p.background);
        dl->AddLine(ImVec2(x, top.y + titleH), ImVec2(x, statusTop), ui.p.border, 1.0f);
    }
    dl->AddRectFilled(ImVec2(top.x, statusTop), ImVec2(top.x + width, bottom), ui.p.background, r,
                      ImDrawFlags_RoundCornersBottom);
    dl->AddLine(ImVec2(top.x, statusTop), ImVec2(top.x + width, statusTop), ui.p.border, 1.0f);
    dl->AddRect(top, ImVec2(top.x + width, bottom), ui.p.border, r, 0, std::max(1.5f, em(0.08f)));
    dl->ChannelsMerge();

    if (ui.action) commit(ui);
}

}  // namespace dlk::ui::views
