#pragma once
// "Mijn pincode": every logged-in teacher changes their own PIN (the administrator gives a new one
// to a teacher who forgot theirs, in the Leerkrachten tab). The current PIN is checked as at the
// PIN screen (SchoolStore::checkPin: a wrong one counts, and the growing delay applies), the new
// one must follow the PIN rules and be typed twice alike; then SchoolStore::changePin.
// Keyboard: Tab goes from field to field, Enter in any field changes, Escape closes.
#include <cstddef>
#include <string>

namespace dlk::ui {
class App;

class MyPinDialog {
public:
    // Opens the dialog on the next draw (the top bar's button; --screen teacher/mypin).
    void open() { m_openRequested = true; }
    // The dialog while it is open; call every frame.
    void draw(App& app);
    static constexpr size_t kPinBuffer = 16;  // 12 digits and room

private:
    void submit(App& app);
    void wipe();
    bool m_openRequested = false;
    bool m_focusFirst = false;
    bool m_awaitFocus = false;  // the first field was given the keyboard and has not taken it yet
    char m_current[kPinBuffer] = "";
    char m_new[kPinBuffer] = "";
    char m_again[kPinBuffer] = "";
    std::string m_message;
    bool m_done = false;  // m_message says the PIN was changed
};

}  // namespace dlk::ui
