#pragma once
// Read-aloud for pupils who have it (an accommodation set by the teacher): the control that gets
// keyboard focus is spoken, and "Lees voor" speaks the whole screen's text and choices in the
// order they are drawn. Everything comes from the frame's accessibility tree, so whatever a
// widget shows and records can be read, and nothing else.
#include <string>
#include <vector>

#include "support/speech.h"
#include "ui/widgets/a11y.h"

namespace dlk::ui {

class ReadAloud {
public:
    void setSpeaker(Speaker* speaker) { m_speaker = speaker; }
    bool available() const { return m_speaker && m_speaker->available(); }
    bool speaking() const { return m_speaker && m_speaker->speaking(); }
    // Reads the screen's text after this frame (the tree is complete only then).
    void requestReadAll() { m_readAllRequested = true; }
    void stop();

    // After each frame: speaks what was asked for, or the control that just gained focus. Returns
    // true when it started speaking (the process log records read-aloud use).
    bool afterFrame(const std::vector<A11yNode>& frame, const std::string& language, bool enabled);
    const std::string& lastSpoken() const { return m_lastSpoken; }
    // Whether the last speech was the whole screen ("Lees voor") or one focused control.
    bool lastWasWholeScreen() const { return m_lastWasWholeScreen; }

    // The text "Lees voor" speaks for a frame: text, headings, choices, pictures' alt text, in
    // drawing order; not the buttons and status lines around the item.
    static std::string screenText(const std::vector<A11yNode>& frame);

private:
    Speaker* m_speaker = nullptr;
    bool m_readAllRequested = false;
    std::string m_lastFocus;
    std::string m_lastSpoken;
    bool m_lastWasWholeScreen = false;
};

}  // namespace dlk::ui
