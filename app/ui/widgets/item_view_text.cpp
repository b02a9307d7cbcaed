// Interactions drawn in running text and lists: associate, gap match, hottext, extended text,
// slider; and tables in item bodies. Each yields exactly the declared response variable.
//
// Drag and drop always has a keyboard (and click) twin: pick a word up (click, Enter or Space),
// then activate where it goes. What is picked up lives in ItemViewState::picked.
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>

#include "support/translator.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/body_nodes.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/item_view.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

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

// The words a pupil sees on a choice: its text, or for a picture choice (gapImg) its label or alt text.
std::string choiceText(const BodyNode& choice) {
    std::string t = choice.plainText();
    if (!trim(t).empty()) return t;
    if (const std::string* label = choice.attribute("objectLabel")) return *label;
    std::string alt;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (!alt.empty() || n.isText) return;
        if (const std::string* a = n.attribute("alt")) alt = *a;
        else if (const std::string* l = n.attribute("label")) alt = *l;
        for (const auto& c : n.children) walk(c);
    };
    walk(choice);
    return alt.empty() ? choice.attributeOr("identifier", "") : alt;
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

// Pairs ("A B") held by a response; `side` 0 or 1 looks at one end, -1 at both.
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

// A word or name that can be picked up or dragged (gap match bank, associate): a rounded box at
// least 2.5 em high with a grip of dots, so it looks draggable; filled with the accent while
// picked up, faded once used up.
enum class ChipLook { Normal, Picked, Used };

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
    const ImU32 fill = look == ChipLook::Picked ? p.accent : hovered ? p.selected : look == ChipLook::Used ? p.background : p.surface;
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

// Lays boxes out left to right, wrapping at the column's edge.
struct RowFlow {
    float left, width;
    bool first = true;
    void place(float w) {
        if (!first) {
            ImGui::SameLine(0, em(0.5f));
            if (ImGui::GetCursorPosX() + w <= left + width) return;
            ImGui::NewLine();
        }
        ImGui::SetCursorPosX(left);
        first = false;
    }
};

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

}  // namespace

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

// ---------------------------------------------------------------------------------------------
// associateInteraction: pairs of simpleAssociableChoice (pair, single or multiple).

void ItemView::associateInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    if (decl->cardinality == Cardinality::Record || decl->cardinality == Cardinality::Ordered)
        return unsupportedInteraction(node);
    prompt(node);
    const bool single = decl->cardinality == Cardinality::Single;
    const int maxAssociations = single ? 1 : intAttr(node, "maxAssociations", 1);
    const auto order =
        displayOrder(node, "simpleAssociableChoice", node.attributeOr("shuffle", "false") == "true", seedFor(rid));
    std::vector<std::string> pairs = m_session.response(rid).items;
    std::string& picked = m_state.picked[key(rid)];
    if (std::find(order.begin(), order.end(), picked) == order.end()) picked.clear();

    auto textOf = [&](const std::string& id) {
        const BodyNode* c = findChoice(node, "simpleAssociableChoice", id);
        return c ? choiceText(*c) : id;
    };
    auto matchMaxOf = [&](const std::string& id) {
        const BodyNode* c = findChoice(node, "simpleAssociableChoice", id);
        return c ? intAttr(*c, "matchMax", 0) : 0;
    };

    std::optional<std::pair<std::string, std::string>> make;
    std::optional<size_t> remove;
    ImGui::PushID(rid.c_str());
    ImGui::SetCursorPosX(m_left);
    if (picked.empty())
        wrappedText(tr("Klik op twee dingen die bij elkaar horen, of sleep het ene naar het andere."), nullptr,
                    palette().mutedText, m_width);
    else
        wrappedText(format(tr("Kies nu wat bij ‘%s’ hoort."), textOf(picked)), nullptr, palette().mutedText, m_width);
    ImGui::Dummy(em(0, 0.2f));

    RowFlow flow{m_left, m_width};
    for (const auto& id : order) {
        const int matchMax = matchMaxOf(id);
        const bool usedUp = matchMax > 0 && countWith(pairs, id, -1) >= matchMax;
        const ChipLook look = picked == id ? ChipLook::Picked : usedUp ? ChipLook::Used : ChipLook::Normal;
        const std::string text = textOf(id);
        flow.place(chipSize(text, m_width).x);
        // A choice that can be used only once moves to its new pair; one used up more often waits
        // until a pair with it is taken away.
        const bool locked = usedUp && matchMax != 1;
        if (locked) ImGui::BeginDisabled();
        if (chip(id, text, look, m_width)) {
            if (picked.empty()) picked = id;
            else if (picked == id) picked.clear();
            else {
                make = {picked, id};
                picked.clear();
            }
        }
        if (ImGui::BeginDragDropSource()) {
            setDragPayload("DLK_ASSOC", id, text);
            ImGui::EndDragDropSource();
        }
        if (locked) ImGui::EndDisabled();
        if (auto from = acceptDragPayload("DLK_ASSOC"); from && *from != id) {
            make = {*from, id};
            picked.clear();
        }
    }
    ImGui::Dummy(em(0, 0.3f));

    if (!pairs.empty()) {
        ImGui::SetCursorPosX(m_left);
        wrappedText(tr("Jouw paren"), m_fonts.bold, 0, m_width);
        const Palette& p = palette();
        for (size_t i = 0; i < pairs.size(); ++i) {
            const auto q = splitWhitespace(pairs[i]);
            if (q.size() != 2) continue;
            const std::string label = textOf(q[0]) + " – " + textOf(q[1]);
            ImGui::PushID(static_cast<int>(i));
            ImGui::SetCursorPosX(m_left);
            const float button = em(2.6f);
            const float wrap = std::max(em(4), m_width - button - em(1.6f));
            const ImVec2 ts = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap);
            const float h = std::max(em(2.6f), ts.y + em(1.0f));
            const ImVec2 pos = ImGui::GetCursorScreenPos();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(pos, ImVec2(pos.x + m_width, pos.y + h), p.surface, em(0.3f));
            dl->AddRect(pos, ImVec2(pos.x + m_width, pos.y + h), p.border, em(0.3f));
            dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + em(0.7f), pos.y + (h - ts.y) / 2), p.text,
                        label.c_str(), nullptr, wrap);
            ImGui::Dummy(ImVec2(m_width - button, h));
            a11yRecord("text", label);
            ImGui::SameLine(0, 0);
            ImGui::PushStyleColor(ImGuiCol_Button, p.surface);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, p.selected);
            ImGui::PushStyleColor(ImGuiCol_ButtonActive, p.selected);
            ImGui::PushStyleColor(ImGuiCol_Text, p.accent);
            tabStopBefore(ImGui::GetID("✕##remove"));  // a Tab stop, like tabStopButton
            ImGui::PushItemFlag(ImGuiItemFlags_Inputable, true);
            bool pressed = ImGui::Button("✕##remove", ImVec2(button, h));
            ImGui::PopItemFlag();
            tabStopAfter();
            pressed |= enterOnFocusedItem();
            ImGui::PopStyleColor(4);
            a11yRecord("button", std::string(tr("Weghalen")) + ": " + label);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Weghalen"));
            focusRing();
            if (pressed) remove = i;
            ImGui::PopID();
        }
    }
    if (!single && maxAssociations > 0) {
        ImGui::SetCursorPosX(m_left);
        wrappedText(format(tr("Je hebt %d van de %d paren gemaakt."), static_cast<int>(pairs.size()), maxAssociations),
                    nullptr, palette().mutedText, m_width);
    }
    ImGui::PopID();

    bool changed = false;
    if (remove && *remove < pairs.size()) {
        pairs.erase(pairs.begin() + static_cast<long>(*remove));
        changed = true;
    }
    if (make && make->first != make->second) {
        const auto& [a, b] = *make;
        const bool exists = std::any_of(pairs.begin(), pairs.end(), [&](const std::string& pr) {
            const auto q = splitWhitespace(pr);
            return q.size() == 2 && ((q[0] == a && q[1] == b) || (q[0] == b && q[1] == a));
        });
        if (!exists) {
            std::vector<std::string> next = pairs;
            if (single || maxAssociations == 1) next.clear();  // the one pair there is gets replaced
            for (const std::string* id : {&a, &b})
                if (matchMaxOf(*id) == 1) eraseWith(next, *id, -1);
            const int aMax = matchMaxOf(a), bMax = matchMaxOf(b);
            const bool full = (aMax > 1 && countWith(next, a, -1) >= aMax) || (bMax > 1 && countWith(next, b, -1) >= bMax) ||
                              (maxAssociations > 0 && static_cast<int>(next.size()) >= maxAssociations);
            if (!full) {
                next.push_back(a + " " + b);
                pairs = next;
                changed = true;
            }
        }
    }
    if (changed) {
        if (single)
            m_session.setResponse(rid, pairs.empty() ? Value::null(decl->cardinality, decl->baseType)
                                                     : Value::single(decl->baseType, pairs[0]),
                                  m_now);
        else
            m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, pairs), m_now);
    }
    ImGui::Dummy(em(0, 0.5f));
}

// ---------------------------------------------------------------------------------------------
// gapMatchInteraction: a bank of gapText/gapImg above running text with gaps (multiple directedPair
// "choice gap").

void ItemView::gapMatchInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    if (decl->cardinality == Cardinality::Record || decl->cardinality == Cardinality::Ordered)
        return unsupportedInteraction(node);
    prompt(node);
    const bool shuffle = node.attributeOr("shuffle", "false") == "true";
    auto order = displayOrder(node, "gapText", shuffle, seedFor(rid));
    const auto images = displayOrder(node, "gapImg", shuffle, seedFor(rid) + 1);
    order.insert(order.end(), images.begin(), images.end());
    const std::vector<std::string> pairs = m_session.response(rid).items;
    std::string& picked = m_state.picked[key(rid)];
    if (std::find(order.begin(), order.end(), picked) == order.end()) picked.clear();

    auto choiceNode = [&](const std::string& id) {
        const BodyNode* c = findChoice(node, "gapText", id);
        return c ? c : findChoice(node, "gapImg", id);
    };
    ImGui::PushID(rid.c_str());
    ImGui::SetCursorPosX(m_left);
    if (picked.empty())
        wrappedText(tr("Sleep een woord naar een open plek, of klik op een woord en dan op de plek."), nullptr,
                    palette().mutedText, m_width);
    else
        wrappedText(format(tr("Klik nu op de plek waar ‘%s’ moet staan."), choiceText(*choiceNode(picked))), nullptr,
                    palette().mutedText, m_width);
    ImGui::Dummy(em(0, 0.2f));

    RowFlow flow{m_left, m_width};
    ImGui::PushID("bank");
    for (const auto& id : order) {
        const BodyNode* c = choiceNode(id);
        if (!c) continue;
        const int matchMax = intAttr(*c, "matchMax", 0);
        const bool usedUp = matchMax > 0 && countWith(pairs, id, 0) >= matchMax;
        const ChipLook look = picked == id ? ChipLook::Picked : usedUp ? ChipLook::Used : ChipLook::Normal;
        const std::string text = choiceText(*c);
        flow.place(chipSize(text, m_width).x);
        // A word that fits one gap moves when placed again; one used up more often waits.
        const bool locked = usedUp && matchMax != 1;
        if (locked) ImGui::BeginDisabled();
        if (chip(id, text, look, m_width)) picked = picked == id ? "" : id;
        if (ImGui::BeginDragDropSource()) {
            setDragPayload("DLK_GAP", id, text);
            ImGui::EndDragDropSource();
        }
        if (locked) ImGui::EndDisabled();
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.6f));

    // The running text; gap() draws each gap in it.
    const BodyNode* saveOwner = m_textOwner;
    m_textOwner = &node;
    for (const auto& c : node.children) {
        if (!c.isText && (c.name == "prompt" || c.name == "gapText" || c.name == "gapImg")) continue;
        block(c);
    }
    m_textOwner = saveOwner;
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

void ItemView::gap(const BodyNode& node) {
    if (!m_textOwner || m_textOwner->name != "gapMatchInteraction") {
        flowWord("____", m_fonts.regular);
        return;
    }
    const BodyNode& owner = *m_textOwner;
    const std::string rid = owner.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    const std::string gid = node.attributeOr("identifier", "");
    auto choiceNode = [&](const std::string& id) {
        const BodyNode* c = findChoice(owner, "gapText", id);
        return c ? c : findChoice(owner, "gapImg", id);
    };
    // Gaps are numbered in reading order, so the pupil (and read-aloud) can tell them apart.
    int number = 0, seen = 0;
    float width = em(4);
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (n.isText) return;
        if (n.name == "gap") {
            ++seen;
            if (&n == &node) number = seen;
        }
        if (n.name == "gapText" || n.name == "gapImg")
            width = std::max(width, ImGui::CalcTextSize(choiceText(n).c_str()).x + em(1.6f));
        for (const auto& c : n.children) walk(c);
    };
    walk(owner);
    width = std::min(width, m_width);

    std::vector<std::string> pairs = m_session.response(rid).items;
    std::string filled;
    for (const auto& p : pairs) {
        const auto q = splitWhitespace(p);
        if (q.size() == 2 && q[1] == gid) filled = q[0];
    }
    const BodyNode* filledNode = filled.empty() ? nullptr : choiceNode(filled);
    const std::string filledText = filledNode ? choiceText(*filledNode) : filled;
    std::string& picked = m_state.picked[key(rid)];

    placeInline(width);
    ImGui::PushID(gid.c_str());
    const ImVec2 size(width, ImGui::GetFrameHeight());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = tabStopButton("##gap", size);
    const std::string label =
        format(tr("Plek %d"), number) + ": " + (filled.empty() ? std::string(tr("leeg")) : filledText);
    a11yRecord("gap", label, !filled.empty());
    const Palette& p = palette();
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    // Empty gaps light up as targets while a word is picked up.
    const ImU32 fill = hovered || (!picked.empty() && filled.empty()) ? p.selected : filled.empty() ? p.background : p.surface;
    dl->AddRectFilled(pos, end, fill, em(0.25f));
    dl->AddRect(pos, end, p.accent, em(0.25f), 0, std::max(1.5f, em(filled.empty() ? 0.08f : 0.12f)));
    if (!filled.empty()) {
        const float tw = ImGui::CalcTextSize(filledText.c_str()).x;
        dl->PushClipRect(pos, end, true);
        dl->AddText(ImVec2(pos.x + std::max(em(0.3f), (size.x - tw) / 2), pos.y + ImGui::GetStyle().FramePadding.y),
                    p.text, filledText.c_str());
        dl->PopClipRect();
    }
    focusRing();
    std::optional<std::string> drop = acceptDragPayload("DLK_GAP");
    if (!filled.empty() && ImGui::BeginDragDropSource()) {
        setDragPayload("DLK_GAP", filled + " " + gid, filledText);  // moving from this gap
        ImGui::EndDragDropSource();
    }
    ImGui::PopID();
    m_lineStart = false;
    m_pendingSpace = false;

    std::string place;
    std::string fromGap;
    if (drop) {
        const auto parts = splitWhitespace(*drop);
        if (!parts.empty()) place = parts[0];
        if (parts.size() == 2) fromGap = parts[1];
        if (fromGap == gid) return;
        picked.clear();
    } else if (pressed) {
        if (!picked.empty()) {
            place = picked;
            picked.clear();
        } else if (!filled.empty()) {
            eraseWith(pairs, gid, 1);  // activating a filled gap empties it
            m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, pairs), m_now);
            return;
        }
    }
    const BodyNode* placed = place.empty() ? nullptr : choiceNode(place);
    if (!placed) return;
    if (!fromGap.empty()) pairs.erase(std::remove(pairs.begin(), pairs.end(), place + " " + fromGap), pairs.end());
    eraseWith(pairs, gid, 1);  // a gap holds one word
    const int matchMax = intAttr(*placed, "matchMax", 0);
    if (matchMax == 1) eraseWith(pairs, place, 0);
    const int maxAssociations = intAttr(owner, "maxAssociations", 0);
    if (matchMax > 1 && countWith(pairs, place, 0) >= matchMax) return;
    if (maxAssociations > 0 && static_cast<int>(pairs.size()) >= maxAssociations) return;
    pairs.push_back(place + " " + gid);
    if (decl->cardinality == Cardinality::Single)
        m_session.setResponse(rid, Value::single(decl->baseType, pairs.back()), m_now);
    else
        m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, pairs), m_now);
}

// ---------------------------------------------------------------------------------------------
// hottextInteraction: selectable words or sentences in the running text (identifier).

void ItemView::hottextInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    if (decl->cardinality == Cardinality::Record || decl->cardinality == Cardinality::Ordered)
        return unsupportedInteraction(node);
    prompt(node);
    ImGui::PushID(rid.c_str());
    const BodyNode* saveOwner = m_textOwner;
    m_textOwner = &node;
    for (const auto& c : node.children)
        if (c.isText || c.name != "prompt") block(c);
    m_textOwner = saveOwner;
    const bool multiple = decl->cardinality != Cardinality::Single;
    const int maxChoices = intAttr(node, "maxChoices", multiple ? 0 : 1);
    if (multiple && maxChoices > 0) {
        ImGui::SetCursorPosX(m_left);
        wrappedText(format(tr("Je kiest er hoogstens %d."), maxChoices), nullptr, palette().mutedText, m_width);
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

void ItemView::hottext(const BodyNode& node) {
    if (!m_textOwner || m_textOwner->name != "hottextInteraction") {
        for (const auto& c : node.children) flowNode(c, m_fonts.regular);
        return;
    }
    const BodyNode& owner = *m_textOwner;
    const std::string rid = owner.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    const std::string id = node.attributeOr("identifier", "");
    const std::string text = node.plainText();
    const Value current = m_session.response(rid);
    const bool selected = std::find(current.items.begin(), current.items.end(), id) != current.items.end();
    const bool multiple = decl->cardinality != Cardinality::Single;
    const int maxChoices = intAttr(owner, "maxChoices", multiple ? 0 : 1);

    const ImVec2 pad(em(0.3f), ImGui::GetStyle().FramePadding.y);
    const float full = ImGui::CalcTextSize(text.c_str()).x + 2 * pad.x;
    ImVec2 size;
    float wrap = 0;
    const bool ownLines = full > m_width;
    if (!ownLines) {
        placeInline(full);
        size = ImVec2(full, ImGui::GetFrameHeight());
    } else {
        // Longer than a line: a box across the column, on lines of its own.
        ImGui::SetCursorPosX(m_left);
        wrap = m_width - 2 * pad.x;
        size = ImVec2(m_width, ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y + 2 * pad.y);
    }
    ImGui::PushID(id.c_str());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = tabStopButton("##hottext", size);
    a11yRecord("choice", text, selected);
    const Palette& p = palette();
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, end, selected ? p.accent : hovered ? p.selected : p.surface, em(0.25f));
    dl->AddRect(pos, end, p.accent, em(0.25f), 0, std::max(1.0f, em(0.06f)));
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + pad.x, pos.y + pad.y), selected ? p.accentText : p.text,
                text.c_str(), nullptr, wrap);
    focusRing();
    ImGui::PopID();
    m_lineStart = ownLines;
    m_pendingSpace = false;

    if (!pressed) return;
    if (!multiple) {
        m_session.setResponse(rid, selected ? Value::null(decl->cardinality, decl->baseType) : Value::single(decl->baseType, id),
                              m_now);
        return;
    }
    std::vector<std::string> items = current.items;
    if (selected) items.erase(std::remove(items.begin(), items.end(), id), items.end());
    else if (maxChoices == 0 || static_cast<int>(items.size()) < maxChoices) items.push_back(id);
    else return;  // the hint under the text says how many
    m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
}

// ---------------------------------------------------------------------------------------------
// extendedTextInteraction: a longer written answer (single string).

namespace {
struct WrapContext {
    float width;
};

// ImGui 1.86 has no word wrap in multi-line fields: while typing, a space where a line would run
// past the field's edge becomes a line break (same length, so the cursor stays put).
int wrapWhileTyping(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag != ImGuiInputTextFlags_CallbackEdit) return 0;
    const float width = static_cast<const WrapContext*>(data->UserData)->width;
    bool changed = false;
    int lineStart = 0;
    for (int i = 0; i <= data->BufTextLen; ++i) {
        if (i < data->BufTextLen && data->Buf[i] != '\n') continue;
        while (ImGui::CalcTextSize(data->Buf + lineStart, data->Buf + i).x > width) {
            int cut = -1;
            for (int k = lineStart; k < i; ++k) {
                if (data->Buf[k] != ' ') continue;
                if (ImGui::CalcTextSize(data->Buf + lineStart, data->Buf + k).x > width) break;
                cut = k;
            }
            if (cut < 0) break;  // one word longer than the line: leave it
            data->Buf[cut] = '\n';
            changed = true;
            lineStart = cut + 1;
        }
        lineStart = i + 1;
    }
    if (changed) data->BufDirty = true;
    return 0;
}

int countCodePoints(const std::string& s) {
    int n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}
}  // namespace

void ItemView::extendedTextInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    // Record answers (several fields) and lists of strings are not offered on the kiosk.
    if (decl->cardinality != Cardinality::Single || decl->baseType != BaseType::String)
        return unsupportedInteraction(node);
    prompt(node);
    const int lines = std::clamp(intAttr(node, "expectedLines", 5), 3, 15);
    const int expectedLength = intAttr(node, "expectedLength", 0);
    std::string& buffer = m_state.textBuffers[key(rid)];
    const Value current = m_session.response(rid);
    const std::string stored = current.isNull() ? "" : current.items[0];
    if (!ImGui::IsAnyItemActive() || buffer.empty()) {
        if (trim(buffer) != stored) buffer = stored;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 size(m_width, ImGui::GetTextLineHeight() * static_cast<float>(lines) + 2 * style.FramePadding.y);
    WrapContext wrap{m_width - 2 * style.FramePadding.x - style.ScrollbarSize - em(0.5f)};
    ImGui::PushID(rid.c_str());
    ImGui::SetCursorPosX(m_left);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.5f, em(0.08f)));
    ImGui::PushStyleColor(ImGuiCol_Border, palette().accent);
    if (ImGui::InputTextMultiline("##long", &buffer, size, ImGuiInputTextFlags_CallbackEdit, wrapWhileTyping, &wrap)) {
        const std::string value = trim(buffer);
        m_session.setResponse(rid, Value::single(decl->baseType, value), m_now, /*typing=*/true);
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    a11yRecord("textbox", "text:" + rid);
    focusRing();
    if (ImGui::IsItemDeactivated()) m_session.flush(m_now);

    const int words = static_cast<int>(splitWhitespace(buffer).size());
    ImGui::SetCursorPosX(m_left);
    wrappedText(words == 1 ? std::string(tr("1 woord")) : format(tr("%d woorden"), words), nullptr, palette().mutedText,
                m_width);
    if (expectedLength > 0) {
        ImGui::SetCursorPosX(m_left);
        wrappedText(format(tr("Schrijf ongeveer %d tekens; je hebt er nu %d."), expectedLength,
                           countCodePoints(trim(buffer))),
                    nullptr, palette().mutedText, m_width);
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

// ---------------------------------------------------------------------------------------------
// sliderInteraction: a number between lowerBound and upperBound in steps (single integer or float).

void ItemView::sliderInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    const bool integer = decl->baseType == BaseType::Integer;
    double lo = 0, hi = 0;
    if (decl->cardinality != Cardinality::Single || (!integer && decl->baseType != BaseType::Float) ||
        !parseDouble(node.attributeOr("lowerBound", ""), lo) || !parseDouble(node.attributeOr("upperBound", ""), hi) ||
        !(hi > lo))
        return unsupportedInteraction(node);
    double step = 0;
    if (!parseDouble(node.attributeOr("step", ""), step) || !(step > 0)) step = integer ? 1 : (hi - lo) / 100;
    if (integer) step = std::max(1.0, std::round(step));
    // As many decimals as the bounds and the step are written with (0.1 steps give 0.3, not 0.30000000000000004).
    auto decimalsOf = [](double v) {
        const std::string s = formatDouble(v);
        const auto dot = s.find('.');
        return dot == std::string::npos ? 0 : static_cast<int>(std::min<size_t>(6, s.size() - dot - 1));
    };
    const int decimals = integer ? 0 : std::max({decimalsOf(step), decimalsOf(lo), 0});
    const int steps = static_cast<int>(std::floor((hi - lo) / step + 1e-9));
    const bool vertical = node.attributeOr("orientation", "horizontal") == "vertical";
    const bool reverse = node.attributeOr("reverse", "false") == "true";
    const bool stepLabel = node.attributeOr("stepLabel", "false") == "true";
    auto valueAt = [&](int k) {
        const double v = lo + step * static_cast<double>(k);
        const double scale = std::pow(10.0, decimals);
        return std::round(v * scale) / scale;
    };
    auto lexical = [&](int k) {
        return integer ? std::to_string(static_cast<long long>(std::llround(valueAt(k)))) : formatDouble(valueAt(k));
    };
    // Pupils read numbers the Dutch way: 2,5.
    const bool comma = m_session.variant().language != "en";
    auto shown = [&](int k) {
        std::string s = lexical(k);
        if (comma) std::replace(s.begin(), s.end(), '.', ',');
        return s;
    };

    prompt(node);
    const Value current = m_session.response(rid);
    double v = lo;
    const bool answered = !current.isNull() && parseDouble(current.items[0], v);
    int k = answered ? std::clamp(static_cast<int>(std::lround((v - lo) / step)), 0, steps) : -1;
    std::optional<int> next;
    bool dragging = false;

    ImGui::PushID(rid.c_str());
    ImGui::SetCursorPosX(m_left);
    if (answered) wrappedText(shown(k), m_fonts.large, palette().text, m_width);
    else wrappedText(tr("Nog niet gekozen"), m_fonts.large, palette().mutedText, m_width);

    // As wide as bigButton makes them, so the row ends at the column's edge.
    const float button = std::max(em(2.6f), std::max(ImGui::CalcTextSize("+").x, ImGui::CalcTextSize("-").x) + em(2.0f));
    const float gapX = em(0.5f);
    const float radius = em(0.7f);
    // Track geometry: t in [0, 1] from the lower to the upper bound along the track.
    ImVec2 trackPos, trackSize;
    auto pointAt = [&](double t) {
        if (reverse) t = 1 - t;
        if (vertical)
            return ImVec2(trackPos.x + trackSize.x / 2,
                          trackPos.y + trackSize.y - radius - static_cast<float>(t) * (trackSize.y - 2 * radius));
        return ImVec2(trackPos.x + radius + static_cast<float>(t) * (trackSize.x - 2 * radius), trackPos.y + trackSize.y / 2);
    };
    auto stepButton = [&](const char* label, int delta) {
        const bool enabled = delta < 0 ? k > 0 : k < steps;
        if (bigButton(label, false, button, enabled || !answered)) next = answered ? k + delta : (delta < 0 ? 0 : 1);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", delta < 0 ? tr("Lager") : tr("Hoger"));
    };

    ImGui::SetCursorPosX(m_left);
    if (!vertical) {
        stepButton(reverse ? "+##inc" : "-##dec", reverse ? 1 : -1);
        ImGui::SameLine(0, gapX);
        trackSize = ImVec2(std::max(em(4), m_width - 2 * (button + gapX)), em(2.6f));
    } else {
        trackSize = ImVec2(em(2.6f), em(12));
    }
    trackPos = ImGui::GetCursorScreenPos();
    tabStopButton("##track", trackSize);  // Enter or Space on it changes nothing: the arrows do
    a11yRecord("slider", "slider:" + rid, answered);
    const bool focused = ImGui::IsItemFocused();
    if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left) &&
        GImGui->ActiveIdSource == ImGuiInputSource_Mouse) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        // Where the mouse is between the lower bound's end (a) and the upper bound's end (b).
        const ImVec2 a = pointAt(0), b = pointAt(1);
        const double t =
            std::clamp(static_cast<double>(vertical ? (m.y - a.y) / (b.y - a.y) : (m.x - a.x) / (b.x - a.x)), 0.0, 1.0);
        const int at = static_cast<int>(std::lround(t * (hi - lo) / step));
        if (!answered || std::clamp(at, 0, steps) != k) {
            next = std::clamp(at, 0, steps);
            dragging = true;
        }
    }
    if (focused) {
        auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), true); };
        const int dir = reverse ? -1 : 1;
        int delta = 0;
        if (pressed(ImGuiKey_RightArrow)) delta += dir;
        if (pressed(ImGuiKey_LeftArrow)) delta -= dir;
        if (vertical) {
            if (pressed(ImGuiKey_UpArrow)) delta += dir;
            if (pressed(ImGuiKey_DownArrow)) delta -= dir;
        }
        if (delta != 0) {
            // The arrow moves the value, not the keyboard focus.
            if (GImGui->NavMoveScoringItems || GImGui->NavMoveSubmitted) ImGui::NavMoveRequestCancel();
            next = answered ? k + delta : std::max(0, delta);
        }
    }
    if (ImGui::IsItemDeactivated()) m_session.flush(m_now);
    focusRing();

    // Draw: the track, ticks, labels and the handle.
    {
        const Palette& p = palette();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float thick = em(0.3f);
        const ImVec2 a = pointAt(0), b = pointAt(1);
        auto bar = [&](ImVec2 x, ImVec2 y, ImU32 c) {
            const ImVec2 mn(std::min(x.x, y.x) - (vertical ? thick / 2 : 0), std::min(x.y, y.y) - (vertical ? 0 : thick / 2));
            const ImVec2 mx(std::max(x.x, y.x) + (vertical ? thick / 2 : 0), std::max(x.y, y.y) + (vertical ? 0 : thick / 2));
            dl->AddRectFilled(mn, mx, c, thick / 2);
        };
        bar(a, b, p.border);
        const int shownK = next ? std::clamp(*next, 0, steps) : k;
        if (shownK >= 0) bar(a, pointAt(static_cast<double>(shownK) * step / (hi - lo)), p.accent);
        const float along = vertical ? trackSize.y - 2 * radius : trackSize.x - 2 * radius;
        const float spacing = steps > 0 ? along / static_cast<float>(steps) : along;
        // Label every n-th step, as often as the labels fit; the ends always.
        float labelW = 0;
        for (int i : {0, steps}) labelW = std::max(labelW, ImGui::CalcTextSize(shown(i).c_str()).x);
        const float labelRoom = vertical ? ImGui::GetTextLineHeight() * 1.2f : labelW + em(0.8f);
        const int every = stepLabel ? std::max(1, static_cast<int>(std::ceil(labelRoom / std::max(1.0f, spacing)))) : steps;
        const bool ticks = spacing >= em(0.4f);
        for (int i = 0; i <= steps; ++i) {
            const bool labelled = every > 0 && (i % every == 0 || i == steps);
            const bool tooClose = i != steps && i != 0 && static_cast<float>(steps - i) * spacing < labelRoom;
            const ImVec2 c = pointAt(static_cast<double>(i) * step / (hi - lo));
            if (ticks || labelled) {
                const float len = labelled ? em(0.5f) : em(0.3f);
                if (vertical) dl->AddLine(ImVec2(c.x + thick, c.y), ImVec2(c.x + thick + len, c.y), p.mutedText, 1.0f);
                else dl->AddLine(ImVec2(c.x, c.y + thick), ImVec2(c.x, c.y + thick + len), p.mutedText, 1.0f);
            }
            if (labelled && !tooClose) {
                const std::string s = shown(i);
                const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
                const ImVec2 at = vertical ? ImVec2(c.x + thick + em(0.7f), c.y - ts.y / 2)
                                           : ImVec2(c.x - ts.x / 2, trackPos.y + trackSize.y);
                dl->AddText(at, p.mutedText, s.c_str());
            }
        }
        if (shownK >= 0) {
            const ImVec2 c = pointAt(static_cast<double>(shownK) * step / (hi - lo));
            dl->AddCircleFilled(c, radius, p.accent, 32);
            dl->AddCircle(c, radius, p.surface, 32, std::max(1.5f, em(0.1f)));
        }
    }
    if (!vertical) {
        ImGui::SameLine(0, gapX);
        stepButton(reverse ? "-##dec" : "+##inc", reverse ? -1 : 1);
        ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));  // room for the labels under the track
    } else {
        ImGui::SetCursorPosX(m_left);
        stepButton("-##dec", -1);
        ImGui::SameLine(0, gapX);
        stepButton("+##inc", 1);
    }
    if (!answered) {
        ImGui::SetCursorPosX(m_left);
        wrappedText(tr("Klik op de lijn of gebruik de pijltjestoetsen."), nullptr, palette().mutedText, m_width);
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));

    if (next) {
        const int to = std::clamp(*next, 0, steps);
        if (!answered || to != k)
            // While dragging the value is saved like typing: once the pupil lets go (or after the delay).
            m_session.setResponse(rid, Value::single(decl->baseType, lexical(to)), m_now, /*typing=*/dragging);
    }
}

// ---------------------------------------------------------------------------------------------
// Tables in item bodies: caption above, header rows in bold, cells wrap; when the columns would be
// too narrow to read (big text, small screen), each row is shown as a list of "header: value".

// One cell at the cursor, in the column m_left/m_width (set by the caller).
void ItemView::tableCell(const BodyNode& cell, bool header) {
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
    const ImGuiStyle& style = ImGui::GetStyle();
    const float columnWidth = m_width / static_cast<float>(columns) - 2 * style.CellPadding.x;
    if (columns <= 64 && columnWidth >= em(6)) {
        ImGui::SetCursorPosX(m_left);
        const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
        if (ImGui::BeginTable("table", columns, flags, ImVec2(m_width, 0))) {
            for (const auto& r : rows) {
                ImGui::TableNextRow(r.header ? ImGuiTableRowFlags_Headers : ImGuiTableRowFlags_None);
                int col = 0;
                for (const auto* c : cellsOf(*r.tr)) {
                    if (col >= columns) break;
                    ImGui::TableSetColumnIndex(col);
                    ImGui::PushID(col);
                    const float saveLeft = m_left, saveWidth = m_width;
                    m_left = ImGui::GetCursorPosX();
                    m_width = std::max(em(2), ImGui::GetContentRegionAvail().x);
                    tableCell(*c, r.header || c->name == "th");
                    m_left = saveLeft;
                    m_width = saveWidth;
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
                const float saveLeft = m_left, saveWidth = m_width;
                m_left += em(1);
                m_width -= em(1);
                ImGui::SetCursorPosX(m_left);
                tableCell(*c, r.header || c->name == "th");
                m_left = saveLeft;
                m_width = saveWidth;
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
