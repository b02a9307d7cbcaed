#include "ui/widgets/a11y.h"

namespace dlk::ui {

std::vector<A11yNode>& a11yFrame() {
    static std::vector<A11yNode> nodes;
    return nodes;
}

void a11yBeginFrame() {
    a11yFrame().clear();
}

void a11yRecord(const char* role, const std::string& label, bool selected) {
    // Labels may carry ImGui's "##id" suffix; a person never sees it.
    std::string visible = label;
    if (auto hash = visible.find("##"); hash != std::string::npos) visible.resize(hash);
    a11yFrame().push_back(
        {role, visible, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), selected, ImGui::IsItemFocused()});
}

void a11yRecordArea(const char* role, const std::string& label, ImVec2 min, ImVec2 max) {
    a11yFrame().push_back({role, label, min, max, false, false});
}

}  // namespace dlk::ui
