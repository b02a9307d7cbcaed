#pragma once
#include <string>

namespace dlk::ui {
class App;

// First start: the school's name and the teacher PIN (twice).
class SetupScreen {
public:
    void draw(App& app);

private:
    char m_school[128] = "";
    char m_pin[32] = "";
    char m_pin2[32] = "";
    std::string m_error;
    bool m_focusSet = false;
};

}  // namespace dlk::ui
