#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "school/school_store.h"

namespace dlk::ui {
class App;

// The teacher PIN, before the teacher screens or before closing the kiosk. A school with several
// teachers first lists their names (one button each, reached by Tab or the arrows alone); the
// chosen teacher's PIN is then asked, and their wrong tries are theirs.
class PinScreen {
public:
    void draw(App& app);
    void reset();

private:
    void chooseTeacher(App& app);
    std::vector<TeacherInfo> m_teachers;  // read when the screen opens
    bool m_teachersRead = false;
    int64_t m_teacherId = 0;  // the chosen teacher (with one teacher: that one)
    std::string m_teacherName;
    char m_pin[32] = "";
    std::string m_message;
    bool m_focusSet = false;
    bool m_fieldActive = false;  // the PIN field had the keyboard last frame
};

}  // namespace dlk::ui
