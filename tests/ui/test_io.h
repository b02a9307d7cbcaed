#pragma once
// The bare ImGui context both UI harnesses draw into: a display size, a frame time, and a key
// map with our own key numbers (Debian's ImGui 1.86 takes keys through io.KeysDown[index]).
#include <imgui.h>

namespace dlk::test {

constexpr int kKeyTab = 1, kKeyLeft = 2, kKeyRight = 3, kKeyUp = 4, kKeyDown = 5, kKeyEnter = 6, kKeyEscape = 7,
              kKeyBackspace = 8, kKeySpace = 9;

// Creates the context and sets it up; the caller destroys it.
inline ImGuiContext* createTestContext(int width, int height) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
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

}  // namespace dlk::test
