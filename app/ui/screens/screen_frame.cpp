#include "ui/screens/screen_frame.h"

#include <algorithm>

#include "ui/theme.h"

namespace dlk::ui {

void beginScreen(const char* id) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin(id, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
}

void endScreen() {
    ImGui::End();
}

float centeredColumn(float maxWidthEm) {
    const float avail = ImGui::GetContentRegionAvail().x;
    const float width = std::min(avail - em(2), em(maxWidthEm));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(em(1), (avail - width) / 2));
    return width;
}

bool escapePressed() {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
}
bool enterPressed() {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
           ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
}

}  // namespace dlk::ui
