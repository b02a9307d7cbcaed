#include "ui/read_aloud.h"

#include <cstring>

namespace dlk::ui {

namespace {
bool spokenInReadAll(const std::string& role) {
    // Buttons, status lines, the timer and typing fields are spoken when they get focus, not as
    // part of the item.
    for (const char* skip : {"button", "status", "timer", "textbox"})
        if (role == skip) return false;
    return true;
}
}  // namespace

std::string ReadAloud::screenText(const std::vector<A11yNode>& frame) {
    std::string out;
    for (const auto& n : frame) {
        if (!spokenInReadAll(n.role) || n.label.empty()) continue;
        if (!out.empty()) {
            // A pause between blocks: espeak-ng pauses at a full stop, not at a line break.
            const char last = out.back();
            out += (last == '.' || last == '?' || last == '!' || last == ':') ? " " : ". ";
        }
        out += n.label;
    }
    return out;
}

void ReadAloud::stop() {
    m_readAllRequested = false;
    if (m_speaker) m_speaker->stop();
}

bool ReadAloud::afterFrame(const std::vector<A11yNode>& frame, const std::string& language, bool enabled) {
    if (!enabled || !available()) {
        m_readAllRequested = false;
        m_lastFocus.clear();
        return false;
    }
    if (m_readAllRequested) {
        m_readAllRequested = false;
        // The button that asked has the focus now; announcing it would cut the reading short.
        for (const auto& n : frame)
            if (n.focused) m_lastFocus = n.label;
        m_lastSpoken = screenText(frame);
        m_lastWasWholeScreen = true;
        if (m_lastSpoken.empty()) return false;
        m_speaker->say(m_lastSpoken, language);
        return true;
    }
    for (const auto& n : frame)
        if (n.focused) {
            if (n.label == m_lastFocus) return false;
            m_lastFocus = n.label;
            if (n.label.empty() || n.label.rfind("text:", 0) == 0) return false;
            m_lastSpoken = n.label;
            m_lastWasWholeScreen = false;
            m_speaker->say(m_lastSpoken, language);
            return true;
        }
    return false;
}

}  // namespace dlk::ui
