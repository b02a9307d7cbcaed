#pragma once
// Keyboard and mouse-button input in the order it came, handed to ImGui a frame's worth at a time.
//
// ImGui 1.86 (Debian's) reads keys as state, io.KeysDown[], once a frame. When a key goes down and
// up between two frames (a quick tap while a weak laptop is busy, a burst of typing during a save,
// xdotool), that state never shows the key down and the press is lost: at the login screen the
// pupil's Enter did nothing, a Tab did not move. ImGui 1.87 added an input queue for this ("input
// trickling"); this is the same idea for 1.86. Each frame takes the waiting events in order and
// stops before one that the frame cannot show without losing another:
//  - a second change of a key that already changed this frame (its release, or a second press),
//  - a typed character after a key press in the same frame (ImGui's text field handles a frame's
//    characters before its keys, so Backspace-then-x would come out as x-then-Backspace).
//  - a mouse button's press or release after keys or characters of this frame, and keys or
//    characters after it: a click waits until what was typed before it is in the field it was typed
//    in, and what is typed after it goes to the field the click chose. Without this, a pupil who
//    typed fast on a busy laptop and clicked the next field had the end of the text land in that
//    next field (seen with real xdotool input on the poster: "...een brug va" | "n papier.").
// What stops waits for the next frame; the platform draws frames until nothing waits. The mouse
// buttons' state is the queue's (io.MouseDown is written every frame), the pointer's position the
// platform's except in the frame a button changes, which gets the position the button changed at.
#include <imgui.h>

#include <cstddef>
#include <deque>

namespace dlk::ui {

class KeyQueue {
public:
    // The key numbers of the modifier keys (left and right), in the numbering io.KeysDown uses.
    struct Modifiers {
        int ctrl[2];
        int shift[2];
        int alt[2];
        int super[2];
    };
    // Beyond this many waiting events new ones are dropped (a stuck key, a flood from a broken
    // device): the kiosk stays responsive, and dropped() says how many.
    static constexpr size_t kMaxPending = 4096;

    explicit KeyQueue(const Modifiers& modifiers) : modifiers_(modifiers) {}

    void keyDown(int key) { push({Kind::Down, key}); }
    void keyUp(int key) { push({Kind::Up, key}); }
    void typed(unsigned int codePoint) { push({Kind::Char, static_cast<int>(codePoint)}); }
    // A mouse button (0 left, 1 right, 2 middle, up to 4) pressed or released with the pointer at x, y.
    void mouseButton(int button, bool down, float x, float y) { push({Kind::Button, button, down, x, y}); }

    // Moves the next frame's worth of events into `io` (keys into KeysDown and the modifier
    // flags, characters through addTypedCharacter, buttons into MouseDown and, for the frame a
    // button changes, MousePos). Call once a frame, after the platform backend's NewFrame (which
    // sets the pointer) and before ImGui::NewFrame.
    // Returns true while events wait for a later frame.
    bool applyFrame(ImGuiIO& io);

    size_t pending() const { return events_.size(); }
    size_t dropped() const { return dropped_; }

private:
    enum class Kind { Down, Up, Char, Button };
    struct Event {
        Kind kind;
        int value;           // the key, the code point or the mouse button
        bool down = false;   // a button's press (or release)
        float x = 0, y = 0;  // where the pointer was when the button changed
    };
    static constexpr int kButtons = 5;
    void push(const Event& e);
    bool isModifier(int key) const;

    Modifiers modifiers_;
    std::deque<Event> events_;
    size_t dropped_ = 0;
    bool buttons_[kButtons] = {};  // the mouse buttons as the frames so far have seen them
};

}  // namespace dlk::ui
