#pragma once
#include <cstddef>
#include <string>

namespace dlk::ui {
class App;

// First start: the school's name and the teacher PIN (twice).
class SetupScreen {
public:
    void draw(App& app);

private:
    // The school's name as typed (UTF-8, any script or emoji), at most kMaxSchoolBytes.
    static constexpr size_t kMaxSchoolBytes = 127;
    std::string m_school;
    char m_pin[32] = "";
    char m_pin2[32] = "";
    std::string m_error;
    bool m_focusSet = false;
};

}  // namespace dlk::ui
