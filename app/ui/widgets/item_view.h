#pragma once
// Renders a QTI item body (the HTML subset and its interactions) and turns the pupil's actions
// into response variables on the ModuleSession. One widget per interaction type; each yields
// exactly the cardinality and base type the item declares.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "delivery/module_session.h"
#include "ui/theme.h"

namespace dlk::ui {

// Transient view state that must outlive a frame: text being typed, the order shown for order
// interactions. Keyed by item and response identifier.
struct ItemViewState {
    std::map<std::string, std::string> textBuffers;
    std::map<std::string, std::vector<std::string>> orders;
};

class ItemView {
public:
    ItemView(ModuleSession& session, ItemViewState& state, const Fonts& fonts, int64_t nowMs)
        : m_session(session), m_state(state), m_fonts(fonts), m_now(nowMs) {}

    // Draws the current item in a column `width` pixels wide.
    void draw(float width);

    // The order in which the choices of an interaction are shown: document order, or a shuffle
    // seeded by the attempt and item (stable across frames and restarts) with fixed choices kept.
    static std::vector<std::string> displayOrder(const BodyNode& interaction, const char* choiceName, bool shuffle,
                                                 uint64_t seed);

private:
    void block(const BodyNode& node);
    void flowChildren(const BodyNode& node);
    void flowNode(const BodyNode& node, ImFont* font);
    void flowWord(const std::string& word, ImFont* font);
    void flowBreak();

    void choiceInteraction(const BodyNode& node);
    void orderInteraction(const BodyNode& node);
    void matchInteraction(const BodyNode& node);
    void textEntryInteraction(const BodyNode& node);
    void inlineChoiceInteraction(const BodyNode& node);
    void unsupportedInteraction(const BodyNode& node);
    void prompt(const BodyNode& interaction);

    std::string key(const std::string& responseId) const;
    uint64_t seedFor(const std::string& responseId) const;

    ModuleSession& m_session;
    ItemViewState& m_state;
    const Fonts& m_fonts;
    int64_t m_now;
    float m_left = 0, m_width = 0;
    bool m_lineStart = true;
    bool m_pendingSpace = false;
    // Set while drawing a block that holds inline fields: every line's text then sits on the
    // fields' baseline (ImGui's AlignTextToFramePadding).
    bool m_alignToFrames = false;
};

}  // namespace dlk::ui
