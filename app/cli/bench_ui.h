#pragma once
// `dlkiosk bench ui`: the kiosk's own figures, measured on real windows. The parent starts the
// kiosk as a child process (the same binary, with DLK_BENCH_CHILD set) and times it from outside;
// the child reports through a pipe when its first frame is on screen, and in drag mode how much
// CPU each frame cost.
#include "platform/window_runner.h"

namespace dlk::ui {
class App;
}

namespace dlk::cli {

// In a child started by bench ui: installs the hooks that report to the parent. No-op otherwise.
void attachUiBenchChild(platform::WindowOptions& window, ui::App& app);

}  // namespace dlk::cli
