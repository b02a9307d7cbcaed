#pragma once
// Where a file goes or comes from: a button per USB stick the desktop has mounted, and a folder
// field a teacher can type in. Shared by the export tab and the kiosks tab (result bundles, join
// files), so both find sticks the same way.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dlk::ui {
class App;

// Removable media as Debian's desktops mount them: /media/USER/NAME (udisks2) and
// /run/media/USER/NAME; at most a handful, sorted.
std::vector<std::filesystem::path> mountedSticks();

class PlaceChooser {
public:
    // The stick buttons and the folder field (`fieldId`, an ImGui "##" id). The mounts are listed
    // once every 2 s at most, not on every frame: a stick plugged in shows after that.
    void draw(App& app, const char* fieldId, float width);
    // The chosen place, typed or a stick's; `fallback` first when nothing was chosen yet.
    std::string& place() { return m_place; }
    const std::vector<std::filesystem::path>& sticks() const { return m_sticks; }
    // Lists the sticks now if it is time (draw does this too).
    void refresh(App& app);

private:
    std::string m_place;
    std::vector<std::filesystem::path> m_sticks;
    int64_t m_sticksAtMs = -1;
};

}  // namespace dlk::ui
