#pragma once
// The bare ImGui context both UI harnesses draw into: a display size, a frame time, and a key
// map with our own key numbers (Debian's ImGui 1.86 takes keys through io.KeysDown[index]).
#include <doctest/doctest.h>
#include <imgui.h>

#include <string>

#include "ui/widgets/a11y.h"
#include "ui/widgets/wide_text.h"

namespace dlk::test {

constexpr int kKeyTab = 1, kKeyLeft = 2, kKeyRight = 3, kKeyUp = 4, kKeyDown = 5, kKeyEnter = 6, kKeyEscape = 7,
              kKeyBackspace = 8, kKeySpace = 9;

// Creates the context and sets it up; the caller destroys it.
inline ImGuiContext* createTestContext(int width, int height) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    // No imgui.ini: ctest runs test processes side by side in one folder, and one reading the file while
    // another writes it is a race (AddressSanitizer caught ImGui reading a half-written file).
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DeltaTime = 1.0f / 60.0f;
    io.KeyMap[ImGuiKey_Tab] = kKeyTab;
    io.KeyMap[ImGuiKey_LeftArrow] = kKeyLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kKeyRight;
    io.KeyMap[ImGuiKey_UpArrow] = kKeyUp;
    io.KeyMap[ImGuiKey_DownArrow] = kKeyDown;
    io.KeyMap[ImGuiKey_Enter] = kKeyEnter;
    io.KeyMap[ImGuiKey_Escape] = kKeyEscape;
    io.KeyMap[ImGuiKey_Backspace] = kKeyBackspace;
    io.KeyMap[ImGuiKey_Space] = kKeySpace;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    return ctx;
}

// Synthetic input as a person gives it, for a harness that can draw one frame: controls are found
// in the frame's accessibility tree by their visible words, then clicked, dragged or typed into.
class InputDriver {
public:
    virtual ~InputDriver() = default;
    virtual void frame() = 0;
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }

    // The `nth` control (0: the first) with these words, and this role when given.
    const ui::A11yNode* find(const std::string& label, const char* role = nullptr, size_t nth = 0) const {
        size_t seen = 0;
        for (const auto& n : ui::a11yFrame())
            if (n.label == label && (!role || n.role == role) && seen++ == nth) return &n;
        return nullptr;
    }
    bool has(const std::string& label, const char* role = nullptr) const { return find(label, role) != nullptr; }

    // Moves the mouse there, presses and releases.
    void clickAt(ImVec2 at) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frames(2);
    }
    void click(const std::string& label, const char* role = nullptr, size_t nth = 0) {
        const ui::A11yNode* n = find(label, role, nth);
        REQUIRE_MESSAGE(n, "nothing labelled '" << label << "' on screen");
        clickAt(n->center());
    }
    // Presses Tab (at most 40 times) until the control with these words has the keyboard focus.
    void tabTo(const std::string& label, const char* role = nullptr) {
        for (int i = 0; i < 40; ++i) {
            key(kKeyTab);
            if (const auto* n = find(label, role); n && n->focused) return;
        }
        const auto* n = find(label, role);
        REQUIRE_MESSAGE(n, "nothing labelled '" << label << "' on screen");
        REQUIRE_MESSAGE(n->focused, "Tab never reached '" << label << "'");
    }
    // Turns the mouse wheel, with the mouse over `over` (default: the window's middle), until the
    // control is wholly inside the window and above its lowest `clearBelow` pixels (a bar fixed at
    // the bottom hides what scrolls under it), as a person scrolls to it.
    void scrollTo(const std::string& label, const char* role = nullptr, ImVec2 over = ImVec2(-1, -1),
                  float clearBelow = 4) {
        ImGuiIO& io = ImGui::GetIO();
        for (int i = 0; i < 80; ++i) {
            const ui::A11yNode* n = find(label, role);
            REQUIRE_MESSAGE(n, "nothing labelled '" << label << "' on screen");
            const float bottom = io.DisplaySize.y - clearBelow;
            if (n->min.y >= 0 && n->max.y <= bottom) return;
            io.MousePos = over.x >= 0 ? over : ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2);
            io.MouseWheel = n->max.y > bottom ? -1.0f : 1.0f;
            frame();
            io.MouseWheel = 0;
            frame();
        }
        FAIL("the wheel never brought '" << label << "' into the window");
    }
    // Presses at `a`, moves to `b` over eight frames, releases.
    void dragAt(ImVec2 a, ImVec2 b) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = a;
        frame();
        io.MouseDown[0] = true;
        frame();
        for (int i = 1; i <= 8; ++i) {
            io.MousePos =
                ImVec2(a.x + (b.x - a.x) * static_cast<float>(i) / 8, a.y + (b.y - a.y) * static_cast<float>(i) / 8);
            frame();
        }
        io.MouseDown[0] = false;
        frames(2);
    }
    void drag(const std::string& fromLabel, const std::string& toLabel) {
        const ui::A11yNode* from = find(fromLabel);
        const ui::A11yNode* to = find(toLabel);
        REQUIRE_MESSAGE(from, "nothing labelled '" << fromLabel << "' on screen");
        REQUIRE_MESSAGE(to, "nothing labelled '" << toLabel << "' on screen");
        dragAt(from->center(), to->center());
    }
    // Types UTF-8 text one character (not byte) per frame, as a keyboard delivers it: each code
    // point through the kiosk's char callback, as GLFW hands it over.
    void type(const std::string& text) {
        for (size_t i = 0; i < text.size();) {
            const auto lead = static_cast<unsigned char>(text[i]);
            size_t end = i + 1;
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
            unsigned int cp = lead < 0x80   ? lead
                              : lead < 0xE0 ? (lead & 0x1Fu)
                              : lead < 0xF0 ? (lead & 0x0Fu)
                                            : (lead & 0x07u);
            for (size_t k = i + 1; k < end; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[k]) & 0x3Fu);
            ui::addTypedCharacter(cp);
            frame();
            i = end;
        }
    }
    void key(int k) {
        ImGui::GetIO().KeysDown[k] = true;
        frame();
        ImGui::GetIO().KeysDown[k] = false;
        frame();
    }
};

}  // namespace dlk::test
