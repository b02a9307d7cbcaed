#include "ui/widgets/key_queue.h"

#include <vector>

#include "ui/widgets/wide_text.h"

namespace dlk::ui {

namespace {

constexpr int kKeyCount = static_cast<int>(sizeof(ImGuiIO::KeysDown) / sizeof(ImGuiIO::KeysDown[0]));

bool inRange(int key) {
    return key >= 0 && key < kKeyCount;
}

bool eitherDown(const ImGuiIO& io, const int (&keys)[2]) {
    return (inRange(keys[0]) && io.KeysDown[keys[0]]) || (inRange(keys[1]) && io.KeysDown[keys[1]]);
}

}  // namespace

void KeyQueue::push(const Event& e) {
    if (events_.size() >= kMaxPending) {
        ++dropped_;
        return;
    }
    events_.push_back(e);
}

bool KeyQueue::isModifier(int key) const {
    for (const auto* pair : {&modifiers_.ctrl, &modifiers_.shift, &modifiers_.alt, &modifiers_.super})
        if (key == (*pair)[0] || key == (*pair)[1]) return true;
    return false;
}

bool KeyQueue::applyFrame(ImGuiIO& io) {
    std::vector<int> changed;  // the keys this frame already moved (a handful at most)
    bool keyPressed = false;
    bool typing = false;   // a key or character went in this frame
    bool clicked = false;  // a button changed this frame
    while (!events_.empty()) {
        const Event e = events_.front();
        if (e.kind == Kind::Button) {
            if (typing || clicked) break;  // one button change a frame, never in a frame with keys
            if (e.value >= 0 && e.value < kButtons) {
                buttons_[e.value] = e.down;
                io.MousePos = ImVec2(e.x, e.y);
                clicked = true;
            }
            events_.pop_front();
            continue;
        }
        if (clicked) break;  // keys after a click go where the click put the focus
        if (e.kind == Kind::Char) {
            if (keyPressed) break;
            addTypedCharacter(static_cast<unsigned int>(e.value));
            typing = true;
            events_.pop_front();
            continue;
        }
        if (!inRange(e.value)) {  // a key ImGui has no slot for
            events_.pop_front();
            continue;
        }
        bool again = false;
        for (int k : changed) again = again || k == e.value;
        if (again) break;
        io.KeysDown[e.value] = e.kind == Kind::Down;
        typing = true;
        changed.push_back(e.value);
        if (e.kind == Kind::Down && !isModifier(e.value)) keyPressed = true;
        events_.pop_front();
    }
    io.KeyCtrl = eitherDown(io, modifiers_.ctrl);
    io.KeyShift = eitherDown(io, modifiers_.shift);
    io.KeyAlt = eitherDown(io, modifiers_.alt);
    io.KeySuper = eitherDown(io, modifiers_.super);
    for (int b = 0; b < kButtons; ++b) io.MouseDown[b] = buttons_[b];
    return !events_.empty();
}

}  // namespace dlk::ui
