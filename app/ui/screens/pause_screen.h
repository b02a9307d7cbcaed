#pragma once
#include <imgui.h>

#include <string>

namespace dlk::ui {
class App;

// The teacher at a pupil's kiosk. A small "Leerkracht" button (on the item screen and the pause
// notice) or the window's close action asks for the PIN (PinPurpose::SessionMenu), then this menu
// offers: pause this pupil or let them go on, the teacher screen, close the kiosk, back.
class TeacherMenuScreen {
public:
    void draw(App& app);
    void reset() { m_message.clear(); }

private:
    std::string m_message;
};

// What a paused pupil sees instead of the item: a calm full screen, no way to answer. Going on
// needs the teacher's PIN (its "Leerkracht" button opens it).
void drawPauseNotice(App& app);

// The small, quiet "Leerkracht" button; true when pressed. Opens nothing itself.
bool teacherButton(float height);

// A small flag (a pole from `base` upwards and a pennant, `h` high), the mark of a flagged item
// on the progress dots, the overview and the teacher's activity column. Drawn, not a glyph, so
// it reads the same in every font (OpenDyslexic included) and in grey scale.
void drawFlagMark(ImDrawList* dl, ImVec2 base, float h, ImU32 color);

}  // namespace dlk::ui
