#include "platform/bench_ui_child.h"

#include <imgui.h>
#include <time.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "cli/bench_stats.h"
#include "ui/app.h"

namespace dlk::platform {

namespace {

using cli::mean;
using cli::percentile;

double cpuMsNow() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void writeLine(int fd, const std::string& line) {
    const std::string text = line + "\n";
    if (::write(fd, text.data(), text.size()) < 0) {
        // The parent is gone; nothing to report to.
    }
}

struct DragState {
    int fd = -1;
    int frames = 0;
    std::vector<double> cpuPerFrame, uiPerFrame;
    double frameStartCpu = 0, uiCpu = 0;
};

}  // namespace

void attachUiBenchChild(WindowOptions& window, ui::App& app) {
    const char* mode = std::getenv("DLK_BENCH_CHILD");
    const char* fdText = std::getenv("DLK_BENCH_FD");
    if (!mode || !fdText) return;
    const int fd = std::atoi(fdText);
    if (std::strcmp(mode, "first-frame") == 0) {
        // Tell the parent once the first frame is on screen; then go on as the kiosk does (idle).
        window.afterFrame = [fd](int framesDrawn) {
            if (framesDrawn == 1) writeLine(fd, "first-frame");
        };
        return;
    }
    if (std::strcmp(mode, "drag") == 0) {
        // Hold the left button and sweep the mouse over the item for 300 frames, as a pupil
        // dragging a choice does, and measure the CPU each frame costs the process.
        auto state = std::make_shared<DragState>();
        state->fd = fd;
        window.continuous = true;
        window.beforeNewFrame = [state] {
            ImGuiIO& io = ImGui::GetIO();
            const float t = static_cast<float>(state->frames);
            const ImVec2 size = io.DisplaySize;
            io.MousePos =
                ImVec2(size.x * (0.35f + 0.15f * std::sin(t * 0.05f)), size.y * (0.35f + 0.2f * std::sin(t * 0.031f)));
            io.MouseDown[0] = state->frames >= 5;
            state->frameStartCpu = cpuMsNow();
        };
        window.afterUi = [state] { state->uiCpu = cpuMsNow() - state->frameStartCpu; };
        window.afterFrame = [state, &app](int) {
            if (state->frames >= 20) {  // warmed up
                state->cpuPerFrame.push_back(cpuMsNow() - state->frameStartCpu);
                state->uiPerFrame.push_back(state->uiCpu);
            }
            if (++state->frames < 320) return;
            const auto& v = state->cpuPerFrame;
            const auto& ui = state->uiPerFrame;
            char line[200];
            std::snprintf(line, sizeof line, "drag %zu %.3f %.3f %.3f %.3f %.3f", v.size(), mean(v), percentile(v, 0.5),
                          percentile(v, 0.95), mean(ui), percentile(ui, 0.95));
            writeLine(state->fd, line);
            app.quit();
        };
    }
}

}  // namespace dlk::platform
