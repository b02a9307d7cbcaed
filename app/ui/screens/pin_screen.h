#pragma once
#include <string>

namespace dlk::ui {
class App;

// The teacher PIN, before the teacher screens or before closing the kiosk.
class PinScreen {
public:
    void draw(App& app);
    void reset();

private:
    char m_pin[32] = "";
    std::string m_message;
    bool m_focusSet = false;
    bool m_fieldActive = false;  // the PIN field had the keyboard last frame
};

}  // namespace dlk::ui
