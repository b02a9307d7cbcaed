#pragma once
#include <cstddef>
#include <string>

namespace dlk::ui {
class App;

// First start: the school's name and the teacher PIN (twice); or, for a kiosk of a school that
// has one already, joining it from a join file (kiosks/kiosk_join.h).
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
    // Joining a school that has a kiosk already: its own form instead of the set-up's.
    void drawJoin(App& app, float w, float left);
    bool m_joinMode = false;
    bool m_joinFocusSet = false;
    std::string m_joinFile;  // the join file's path, as typed or found on a stick
    std::string m_joinError;
};

}  // namespace dlk::ui
