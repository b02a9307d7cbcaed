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
    // A choice picked up with the keyboard (or a click) and waiting for where it goes: the
    // keyboard way of every drag-and-drop interaction (gap match, associate, graphic ones).
    std::map<std::string, std::string> picked;
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
    // item_view_text.cpp
    void associateInteraction(const BodyNode& node);
    void gapMatchInteraction(const BodyNode& node);
    void hottextInteraction(const BodyNode& node);
    void extendedTextInteraction(const BodyNode& node);
    void sliderInteraction(const BodyNode& node);
    void table(const BodyNode& node);
    // item_view_text.cpp helpers: the inline parts of gap match and hottext, placing an inline
    // box in the running text, and one table cell. m_textOwner is the gap match or hottext
    // interaction whose text is being drawn (null elsewhere).
    void gap(const BodyNode& node);
    void hottext(const BodyNode& node);
    void placeInline(float width);
    void tableCell(const BodyNode& cell, bool header);
    const BodyNode* m_textOwner = nullptr;
    // end of item_view_text.cpp helpers
    // item_view_graphic.cpp
    void image(const BodyNode& node);
    void hotspotInteraction(const BodyNode& node);
    void selectPointInteraction(const BodyNode& node);
    void graphicOrderInteraction(const BodyNode& node);
    void graphicAssociateInteraction(const BodyNode& node);
    void graphicGapMatchInteraction(const BodyNode& node);
    void positionObjectInteraction(const BodyNode& node);

    void unsupportedInteraction(const BodyNode& node);
    void prompt(const BodyNode& interaction);

    std::string key(const std::string& responseId) const;
    uint64_t seedFor(const std::string& responseId) const;

    ModuleSession& m_session;
    ItemViewState& m_state;
    const Fonts& m_fonts;
    int64_t m_now;
    ImageCache* m_images = nullptr;
    float m_left = 0, m_width = 0;
    bool m_lineStart = true;
    bool m_pendingSpace = false;
    // Set while drawing a block that holds inline fields: every line's text then sits on the
    // fields' baseline (ImGui's AlignTextToFramePadding).
    bool m_alignToFrames = false;
};

}  // namespace dlk::ui
