#pragma once
// The platform layer: a GLFW window with an OpenGL 3 context, ImGui's GLFW and OpenGL 3
// backends, a frame loop that sleeps while nothing happens, and PNG screenshots.
#include <functional>
#include <string>

namespace dlk::ui {
class App;
}

namespace dlk::platform {

struct WindowOptions {
    bool fullscreen = true;
    int width = 1366;  // windowed size, and the screenshot size
    int height = 768;
    std::string screenshotPath;  // when set: render `screenshotFrames` frames, save the last, exit
    int screenshotFrames = 3;
    // Several screenshots in one run (--screen MODULE/all, a list): called after each PNG is
    // written; opens the next screen and returns its path, or "" when there is none. One window
    // and one demo school for many screens is what keeps the screenshot test short.
    std::function<std::string()> nextScreenshot;
    // Benchmark hooks (dlkiosk bench ui): input injected right before ImGui::NewFrame, a call
    // after each frame is on screen, and drawing every frame instead of waiting for events.
    std::function<void()> beforeNewFrame;
    std::function<void()> afterUi;  // after ImGui::Render(), before the GL drawing
    std::function<void(int framesDrawn)> afterFrame;
    bool continuous = false;
};

// Empty when a display can be opened; otherwise one line saying what is missing and what to do.
std::string displayProblem();

// Runs the kiosk until the app asks to quit. Returns the process exit code.
int runWindow(ui::App& app, const WindowOptions& options);

}  // namespace dlk::platform
