#pragma once
// The accessibility tree of the current frame: every control records its role, its visible
// label and where it is. Read-aloud speaks from it (what has focus, what a button says), and
// the headless tests find what to click in it, as a person would: by the words on the screen.
#include <imgui.h>

#include <string>
#include <vector>

namespace dlk::ui {

struct A11yNode {
    std::string role;   // "button", "choice", "textbox", "cell", "link"
    std::string label;  // the words on the control
    ImVec2 min, max;
    bool selected = false;
    bool focused = false;
    ImVec2 center() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};

std::vector<A11yNode>& a11yFrame();
void a11yBeginFrame();
// Records the last ImGui item under `role` and `label`.
void a11yRecord(const char* role, const std::string& label, bool selected = false);
// Records an area that is not one ImGui item (a paragraph of flowing text, a heading).
void a11yRecordArea(const char* role, const std::string& label, ImVec2 min, ImVec2 max);

}  // namespace dlk::ui
