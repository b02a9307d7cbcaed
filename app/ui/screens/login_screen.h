#pragma once
#include <string>

namespace dlk::ui {
class App;

// The pupil's start: type the code from the teacher, choose the language, start.
class LoginScreen {
public:
    void draw(App& app);
    void reset();

private:
    char m_code[32] = "";
    std::string m_message;
    bool m_focusSet = false;
    bool m_fieldActive = false;  // the code field had the keyboard last frame
};

}  // namespace dlk::ui
