#include "ui/widgets/item_view.h"

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
#include "util/text.h"

namespace dlk::ui {

namespace {

bool isInlineElement(const std::string& n) {
    static const char* names[] = {"strong", "b", "em", "i", "span", "a", "code", "sub", "sup", "small", "abbr",
                                  "q", "cite", "dfn", "kbd", "var", "samp", "textEntryInteraction",
                                  "inlineChoiceInteraction", "br", "printedVariable", "gap", "hottext"};
    return std::any_of(std::begin(names), std::end(names), [&](const char* x) { return n == x; });
}

bool isHeading(const std::string& n) { return n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6'; }

}  // namespace

std::string ItemView::key(const std::string& responseId) const {
    return m_session.currentItem().identifier + "/" + responseId;
}

uint64_t ItemView::seedFor(const std::string& responseId) const {
    return std::hash<std::string>{}(key(responseId)) ^ static_cast<uint64_t>(m_session.attemptId()) * 0x9E3779B97F4A7C15ull;
}

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
    if (n == "choiceInteraction") return choiceInteraction(node);
    if (n == "orderInteraction") return orderInteraction(node);
    if (n == "matchInteraction") return matchInteraction(node);
    if (n == "associateInteraction") return associateInteraction(node);
    if (n == "gapMatchInteraction") return gapMatchInteraction(node);
    if (n == "hottextInteraction") return hottextInteraction(node);
    if (n == "extendedTextInteraction") return extendedTextInteraction(node);
    if (n == "sliderInteraction") return sliderInteraction(node);
    if (n == "hotspotInteraction") return hotspotInteraction(node);
    if (n == "selectPointInteraction") return selectPointInteraction(node);
    if (n == "graphicOrderInteraction") return graphicOrderInteraction(node);
    if (n == "graphicAssociateInteraction") return graphicAssociateInteraction(node);
    if (n == "graphicGapMatchInteraction") return graphicGapMatchInteraction(node);
    if (n == "positionObjectStage") return positionObjectInteraction(node);
    if (node.isInteraction() && !isInlineElement(n)) return unsupportedInteraction(node);
    if (n == "table") return table(node);
    if (n == "ul" || n == "ol") {
        int number = 1;
        for (const auto* li : childrenNamed(node, "li")) {
            ImGui::SetCursorPosX(m_left + em(0.6f));
            ImGui::TextUnformatted(n == "ul" ? "•" : (std::to_string(number++) + ".").c_str());
            ImGui::SameLine(m_left + em(1.8f));
            const float saveLeft = m_left, saveWidth = m_width;
            m_left += em(1.8f);
            m_width -= em(1.8f);
            m_lineStart = true;
            m_pendingSpace = false;
            flowChildren(*li);
            flowBreak();
            m_left = saveLeft;
            m_width = saveWidth;
        }
        ImGui::Dummy(em(0, 0.3f));
        return;
    }
    if (n == "img" || n == "object") return image(node);
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
        if (b.isInteraction() || b.name == "gap" || b.name == "hottext") return true;
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
    if (n == "textEntryInteraction") return textEntryInteraction(node);
    if (n == "inlineChoiceInteraction") return inlineChoiceInteraction(node);
    if (n == "gap") return gap(node);          // gap match (item_view_text.cpp)
    if (n == "hottext") return hottext(node);  // hottext (item_view_text.cpp)
    ImFont* f = (n == "strong" || n == "b") ? m_fonts.bold : font;
    for (const auto& c : node.children) flowNode(c, f);
}

void ItemView::flowWord(const std::string& word, ImFont* font) {
    ImGui::PushFont(font);
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
    ImGui::PopFont();
    m_lineStart = false;
    m_pendingSpace = false;
}

void ItemView::flowBreak() {
    m_lineStart = true;
    m_pendingSpace = false;
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

void ItemView::choiceInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const bool multiple = decl->cardinality != Cardinality::Single;
    const int maxChoices = intAttr(node, "maxChoices", multiple ? 0 : 1);
    const auto order = displayOrder(node, "simpleChoice", node.attributeOr("shuffle", "false") == "true", seedFor(rid));
    Value current = m_session.response(rid);
    ImGui::PushID(rid.c_str());
    for (const auto& id : order) {
        const BodyNode* choice = findChoice(node, "simpleChoice", id);
        if (!choice) continue;
        const bool selected = std::find(current.items.begin(), current.items.end(), id) != current.items.end();
        ImGui::SetCursorPosX(m_left);
        if (choiceRow(id.c_str(), choice->plainText(), selected, multiple ? Indicator::Check : Indicator::Radio, m_width)) {
            if (!multiple) {
                m_session.setResponse(rid, Value::single(decl->baseType, id), m_now);
            } else {
                std::vector<std::string> items = current.items;
                if (selected) items.erase(std::remove(items.begin(), items.end(), id), items.end());
                else if (maxChoices == 0 || static_cast<int>(items.size()) < maxChoices) items.push_back(id);
                m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
            }
            current = m_session.response(rid);
        }
    }
    if (multiple && maxChoices > 0) {
        ImGui::SetCursorPosX(m_left);
        char buf[96];
        std::snprintf(buf, sizeof buf, tr("Je kiest er hoogstens %d."), maxChoices);
        wrappedText(buf, nullptr, palette().mutedText, m_width);
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

void ItemView::orderInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const Value current = m_session.response(rid);
    std::vector<std::string>& order = m_state.orders[key(rid)];
    if (!current.isNull()) order = current.items;
    else if (order.empty())
        order = displayOrder(node, "simpleChoice", node.attributeOr("shuffle", "false") == "true", seedFor(rid));

    ImGui::PushID(rid.c_str());
    std::optional<std::pair<size_t, size_t>> move;
    const float buttonW = em(2.6f);
    for (size_t i = 0; i < order.size(); ++i) {
        const BodyNode* choice = findChoice(node, "simpleChoice", order[i]);
        if (!choice) continue;
        ImGui::PushID(static_cast<int>(i));
        ImGui::SetCursorPosX(m_left);
        const std::string label = std::to_string(i + 1) + ".  " + choice->plainText();
        choiceRow("row", label, !current.isNull(), Indicator::None, m_width - 2 * (buttonW + em(0.4f)));
        // Drag a row onto another to move it there.
        if (ImGui::BeginDragDropSource()) {
            ImGui::SetDragDropPayload("DLK_ORDER", &i, sizeof i);
            ImGui::TextUnformatted(choice->plainText().c_str());
            ImGui::EndDragDropSource();
        }
        if (ImGui::BeginDragDropTarget()) {
            if (const ImGuiPayload* payload = ImGui::AcceptDragDropPayload("DLK_ORDER")) {
                size_t from;
                std::memcpy(&from, payload->Data, sizeof from);
                move = {from, i};
            }
            ImGui::EndDragDropTarget();
        }
        ImGui::SameLine();
        if (bigButton("↑##up", false, buttonW, i > 0)) move = {i, i - 1};
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Omhoog"));
        ImGui::SameLine();
        if (bigButton("↓##down", false, buttonW, i + 1 < order.size())) move = {i, i + 1};
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Omlaag"));
        ImGui::PopID();
    }
    if (move && move->first < order.size() && move->second < order.size()) {
        const std::string moved = order[move->first];
        order.erase(order.begin() + static_cast<long>(move->first));
        order.insert(order.begin() + static_cast<long>(move->second), moved);
        m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, order), m_now);
    }
    ImGui::SetCursorPosX(m_left);
    if (current.isNull()) {
        wrappedText(tr("Zet de stappen in de goede volgorde met de pijltjes of door ze te slepen."), nullptr,
                    palette().mutedText, m_width);
        ImGui::SetCursorPosX(m_left);
        if (bigButton(tr("Deze volgorde klopt"), false))
            m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, order), m_now);
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

void ItemView::matchInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    prompt(node);
    const auto sets = childrenNamed(node, "simpleMatchSet");
    if (sets.size() != 2) return unsupportedInteraction(node);
    const bool shuffle = node.attributeOr("shuffle", "false") == "true";
    const auto sources = displayOrder(*sets[0], "simpleAssociableChoice", shuffle, seedFor(rid));
    const auto targets = displayOrder(*sets[1], "simpleAssociableChoice", shuffle, seedFor(rid) + 1);
    const int maxAssociations = intAttr(node, "maxAssociations", 1);
    const Value current = m_session.response(rid);
    auto has = [&](const std::string& pair) {
        return std::find(current.items.begin(), current.items.end(), pair) != current.items.end();
    };
    auto countWith = [&](const std::string& id, bool asSource) {
        int n = 0;
        for (const auto& p : current.items) {
            const auto parts = splitWhitespace(p);
            if (parts.size() == 2 && parts[asSource ? 0 : 1] == id) ++n;
        }
        return n;
    };

    ImGui::PushID(rid.c_str());
    ImGui::SetCursorPosX(m_left);
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("match", static_cast<int>(targets.size()) + 1, flags, ImVec2(m_width, 0))) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.2f);
        for (size_t t = 0; t < targets.size(); ++t) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::TableNextColumn();
        for (const auto& t : targets) {
            ImGui::TableNextColumn();
            const BodyNode* c = findChoice(*sets[1], "simpleAssociableChoice", t);
            wrappedText(c ? c->plainText() : t, m_fonts.bold);
        }
        std::optional<std::string> toggled;
        for (const auto& s : sources) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const BodyNode* sc = findChoice(*sets[0], "simpleAssociableChoice", s);
            wrappedText(sc ? sc->plainText() : s);
            for (const auto& t : targets) {
                ImGui::TableNextColumn();
                const std::string pair = s + " " + t;
                const float w = ImGui::GetContentRegionAvail().x;
                if (choiceRow(pair.c_str(), "", has(pair), Indicator::Check, std::max(em(2.6f), w))) toggled = pair;
                // The cell shows only a check box; read-aloud and tests need the words it pairs.
                const BodyNode* targetChoice = findChoice(*sets[1], "simpleAssociableChoice", t);
                a11yFrame().back().label =
                    (sc ? sc->plainText() : s) + " – " + (targetChoice ? targetChoice->plainText() : t);
                if (ImGui::IsItemHovered()) {
                    const BodyNode* tc = findChoice(*sets[1], "simpleAssociableChoice", t);
                    ImGui::SetTooltip("%s", (tc ? tc->plainText() : t).c_str());
                }
            }
        }
        ImGui::EndTable();
        if (toggled) {
            std::vector<std::string> items = current.items;
            if (has(*toggled)) {
                items.erase(std::remove(items.begin(), items.end(), *toggled), items.end());
            } else {
                const auto parts = splitWhitespace(*toggled);
                // A choice whose matchMax is 1 moves its pairing instead of refusing the click.
                auto dropWith = [&](const std::string& id, bool asSource, int matchMax) {
                    if (matchMax != 1) return;
                    items.erase(std::remove_if(items.begin(), items.end(),
                                               [&](const std::string& p) {
                                                   const auto q = splitWhitespace(p);
                                                   return q.size() == 2 && q[asSource ? 0 : 1] == id;
                                               }),
                                items.end());
                };
                const BodyNode* sc = findChoice(*sets[0], "simpleAssociableChoice", parts[0]);
                const BodyNode* tc = findChoice(*sets[1], "simpleAssociableChoice", parts[1]);
                const int sMax = sc ? intAttr(*sc, "matchMax", 0) : 0;
                const int tMax = tc ? intAttr(*tc, "matchMax", 0) : 0;
                dropWith(parts[0], true, sMax);
                dropWith(parts[1], false, tMax);
                const bool sFull = sMax > 1 && countWith(parts[0], true) >= sMax;
                const bool tFull = tMax > 1 && countWith(parts[1], false) >= tMax;
                const bool allFull = maxAssociations > 0 && static_cast<int>(items.size()) >= maxAssociations;
                if (!sFull && !tFull && !allFull) items.push_back(*toggled);
            }
            m_session.setResponse(rid, Value::container(decl->cardinality, decl->baseType, items), m_now);
        }
    }
    ImGui::PopID();
    ImGui::Dummy(em(0, 0.5f));
}

namespace {
int integerFilter(ImGuiInputTextCallbackData* data) {
    const ImWchar c = data->EventChar;
    if (c >= '0' && c <= '9') return 0;
    if (c == '-' && data->BufTextLen == 0) return 0;
    return 1;
}
int floatFilter(ImGuiInputTextCallbackData* data) {
    ImWchar& c = data->EventChar;
    if (c == ',') c = '.';  // Dutch pupils write 2,5
    if ((c >= '0' && c <= '9') || c == '.' || (c == '-' && data->BufTextLen == 0)) return 0;
    return 1;
}
}  // namespace

void ItemView::textEntryInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    const int expected = std::clamp(intAttr(node, "expectedLength", 8), 2, 40);
    const float width = std::min(m_width, em(1.0f + 0.75f * static_cast<float>(expected)) + em(1.0f));
    // Place like a word: wrap when it does not fit on this line.
    if (!m_lineStart) {
        ImGui::SameLine(0, em(0.3f));
        if (ImGui::GetCursorPosX() + width > m_left + m_width) {
            ImGui::NewLine();
            ImGui::SetCursorPosX(m_left);
        }
    } else {
        ImGui::SetCursorPosX(m_left);
    }
    std::string& buffer = m_state.textBuffers[key(rid)];
    const Value current = m_session.response(rid);
    const std::string stored = current.isNull() ? "" : current.items[0];
    if (!ImGui::IsAnyItemActive() || buffer.empty()) {
        if (trim(buffer) != stored) buffer = stored;
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", buffer.c_str());
    ImGuiInputTextFlags flags = 0;
    ImGuiInputTextCallback filter = nullptr;
    if (decl->baseType == BaseType::Integer) {
        flags |= ImGuiInputTextFlags_CallbackCharFilter;
        filter = integerFilter;
    } else if (decl->baseType == BaseType::Float) {
        flags |= ImGuiInputTextFlags_CallbackCharFilter;
        filter = floatFilter;
    }
    ImGui::PushID(rid.c_str());
    ImGui::SetNextItemWidth(width);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.5f, em(0.08f)));
    ImGui::PushStyleColor(ImGuiCol_Border, palette().accent);
    const size_t maxLen = std::min<size_t>(sizeof buf - 1, static_cast<size_t>(expected) * 4 + 8);
    if (ImGui::InputText("##text", buf, maxLen + 1, flags, filter)) {
        buffer = buf;
        const std::string value = trim(buffer);
        if (value.empty() || isValidLexical(decl->baseType, value))
            m_session.setResponse(rid, Value::single(decl->baseType, value), m_now, /*typing=*/true);
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    a11yRecord("textbox", "text:" + rid);
    focusRing();
    if (ImGui::IsItemDeactivated()) m_session.flush(m_now);
    ImGui::PopID();
    m_lineStart = false;
    m_pendingSpace = false;
}

void ItemView::inlineChoiceInteraction(const BodyNode& node) {
    const std::string rid = node.attributeOr("responseIdentifier", "RESPONSE");
    const ResponseDeclaration* decl = m_session.currentItem().findResponse(rid);
    if (!decl) return;
    const auto order = displayOrder(node, "inlineChoice", node.attributeOr("shuffle", "false") == "true", seedFor(rid));
    const Value current = m_session.response(rid);
    std::string preview = tr("kies…");
    float width = em(4);
    for (const auto& id : order)
        if (const BodyNode* c = findChoice(node, "inlineChoice", id)) {
            width = std::max(width, ImGui::CalcTextSize(c->plainText().c_str()).x + em(2.5f));
            if (!current.isNull() && current.items[0] == id) preview = c->plainText();
        }
    if (!m_lineStart) ImGui::SameLine(0, em(0.3f));
    else ImGui::SetCursorPosX(m_left);
    ImGui::PushID(rid.c_str());
    ImGui::SetNextItemWidth(std::min(width, m_width));
    if (ImGui::BeginCombo("##inline", preview.c_str())) {
        for (const auto& id : order)
            if (const BodyNode* c = findChoice(node, "inlineChoice", id)) {
                const bool selected = !current.isNull() && current.items[0] == id;
                if (ImGui::Selectable(c->plainText().c_str(), selected, 0, ImVec2(0, em(2.0f))))
                    m_session.setResponse(rid, Value::single(decl->baseType, id), m_now);
                a11yRecord("choice", c->plainText(), selected);
            }
        ImGui::EndCombo();
    }
    focusRing();
    ImGui::PopID();
    m_lineStart = false;
}

void ItemView::unsupportedInteraction(const BodyNode& node) {
    prompt(node);
    ImGui::SetCursorPosX(m_left);
    wrappedText(tr("Deze vraag kan op deze computer niet worden getoond. Ga door naar de volgende vraag."), nullptr,
                palette().warning, m_width);
}

}  // namespace dlk::ui
