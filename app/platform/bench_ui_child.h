#pragma once
// The kiosk's side of `dlkiosk bench ui` (the measuring side is app/cli/bench_ui.cpp): started as
// a child with DLK_BENCH_CHILD and DLK_BENCH_FD set, it reports through the pipe when its first
// frame is on screen, and in drag mode how much CPU each frame cost.
#include "platform/window_runner.h"

namespace dlk::ui {
class App;
}

namespace dlk::platform {

// In a child started by bench ui: installs the hooks that report to the parent. No-op otherwise.
void attachUiBenchChild(WindowOptions& window, ui::App& app);

}  // namespace dlk::platform
