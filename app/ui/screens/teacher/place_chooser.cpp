#include "ui/screens/teacher/place_chooser.h"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>

#include "support/translator.h"
#include "ui/app.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/wide_text.h"

namespace fs = std::filesystem;

namespace dlk::ui {

std::vector<fs::path> mountedSticks() {
    std::vector<fs::path> sticks;
    const char* user = std::getenv("USER");
    if (!user || !*user) return sticks;
    for (const fs::path& base : {fs::path("/media") / user, fs::path("/run/media") / user}) {
        std::error_code ec;
        if (!fs::is_directory(base, ec)) continue;
        for (const auto& entry : fs::directory_iterator(base, ec))
            if (entry.is_directory(ec)) sticks.push_back(entry.path());
        if (sticks.size() > 8) break;  // a handful of buttons at most
    }
    std::sort(sticks.begin(), sticks.end());
    return sticks;
}

void PlaceChooser::refresh(App& app) {
    if (m_sticksAtMs >= 0 && app.now() - m_sticksAtMs < 2000) return;
    m_sticks = mountedSticks();
    m_sticksAtMs = app.now();
}

void PlaceChooser::draw(App& app, const char* fieldId, float width) {
    refresh(app);
    for (size_t i = 0; i < m_sticks.size(); ++i) {
        const std::string label = std::string(tr("USB-stick")) + ": " + m_sticks[i].filename().string();
        if (bigButton(label.c_str(), m_place == m_sticks[i].string())) m_place = m_sticks[i].string();
        if (i + 1 < m_sticks.size()) ImGui::SameLine();
    }
    ImGui::TextUnformatted(tr("Map"));
    ImGui::SetNextItemWidth(width);
    inputUtf8Text(fieldId, m_place, 1024);
    a11yRecord("textbox", tr("Map"));
    focusRing();
}

}  // namespace dlk::ui
