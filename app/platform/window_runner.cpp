#include "platform/window_runner.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "support/logger.h"
#include "ui/app.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/key_queue.h"
#include "ui/widgets/wide_text.h"

namespace dlk::platform {

namespace {

std::string g_glfwError;
// Counts input and window events, so a wake-up without any (a timer) can skip the frame.
unsigned long g_events = 0;

// The kiosk installs every GLFW callback itself (ImGui's backend is set up without its own) and
// counts each event, so a wake-up without any (a timer) can skip the frame. The wheel, focus and
// the pointer entering pass on to ImGui's backend as they come; keys, typed characters and mouse
// buttons wait in g_keys, in order, and reach ImGui a frame's worth at a time (key_queue.h: a
// press and release between two frames is otherwise lost, and a click must not overtake the
// characters typed before it).
ui::KeyQueue g_keys({{GLFW_KEY_LEFT_CONTROL, GLFW_KEY_RIGHT_CONTROL},
                     {GLFW_KEY_LEFT_SHIFT, GLFW_KEY_RIGHT_SHIFT},
                     {GLFW_KEY_LEFT_ALT, GLFW_KEY_RIGHT_ALT},
                     {GLFW_KEY_LEFT_SUPER, GLFW_KEY_RIGHT_SUPER}});

void onCursor(GLFWwindow*, double, double) {
    ++g_events;  // ImGui 1.86 reads the pointer's position itself each frame
}
void onButton(GLFWwindow* window, int button, int action, int) {
    ++g_events;
    double x = 0, y = 0;
    glfwGetCursorPos(window, &x, &y);
    if (action == GLFW_PRESS || action == GLFW_RELEASE)
        g_keys.mouseButton(button, action == GLFW_PRESS, static_cast<float>(x), static_cast<float>(y));
}
void onScroll(GLFWwindow* window, double dx, double dy) {
    ++g_events;
    ImGui_ImplGlfw_ScrollCallback(window, dx, dy);
}
void onKey(GLFWwindow*, int key, int, int action, int) {
    ++g_events;
    // GLFW_REPEAT is left out: ImGui repeats a held key from how long it has been down.
    if (action == GLFW_PRESS)
        g_keys.keyDown(key);
    else if (action == GLFW_RELEASE)
        g_keys.keyUp(key);
}
// ImGui's own char callback would turn a character beyond U+FFFF into U+FFFD (wide_text.h).
void onChar(GLFWwindow*, unsigned int codePoint) {
    ++g_events;
    g_keys.typed(codePoint);
}
void onFocus(GLFWwindow* window, int focused) {
    ++g_events;
    ImGui_ImplGlfw_WindowFocusCallback(window, focused);
}
void onEnter(GLFWwindow* window, int entered) {
    ++g_events;
    ImGui_ImplGlfw_CursorEnterCallback(window, entered);
}
void onSize(GLFWwindow*, int, int) {
    ++g_events;
}
void onRefresh(GLFWwindow*) {
    ++g_events;
}

void onGlfwError(int code, const char* description) {
    g_glfwError = description ? description : ("GLFW error " + std::to_string(code));
}

void onCloseRequest(GLFWwindow* window) {
    // The window manager's close (the X button, Alt+F4) never closes the kiosk directly.
    glfwSetWindowShouldClose(window, GLFW_FALSE);
    if (auto* app = static_cast<ui::App*>(glfwGetWindowUserPointer(window))) app->requestClose();
}

// The ImageCache's uploader: RGBA pixels to a GL texture, as ImGui's OpenGL 3 backend expects
// its ImTextureID (the texture name); null when the driver refuses it.
ImTextureID uploadTexture(const unsigned char* rgba, int width, int height) {
    GLuint texture = 0;
    glGenTextures(1, &texture);
    if (!texture) return nullptr;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; ++i) {  // forget older errors
    }
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    const GLenum error = glGetError();
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    if (error != GL_NO_ERROR) {
        glDeleteTextures(1, &texture);
        return nullptr;
    }
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(texture));
}

void releaseTexture(ImTextureID id) {
    const auto texture = static_cast<GLuint>(reinterpret_cast<intptr_t>(id));
    glDeleteTextures(1, &texture);
}

bool writeScreenshot(const std::string& path, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows run bottom-up; PNG's top-down.
    const size_t stride = static_cast<size_t>(width) * 4;
    std::vector<unsigned char> flipped(pixels.size());
    for (int y = 0; y < height; ++y)
        std::copy_n(pixels.data() + static_cast<size_t>(height - 1 - y) * stride, stride,
                    flipped.data() + static_cast<size_t>(y) * stride);
    return stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(stride)) != 0;
}

}  // namespace

std::string displayProblem() {
    const char* x11 = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!x11 || !*x11) && (!wayland || !*wayland))
        return "no display found (DISPLAY and WAYLAND_DISPLAY are not set). Start dlkiosk on a desktop or in the kiosk "
               "session, or for testing under Xvfb: xvfb-run -a dlkiosk --windowed";
    return {};
}

int runWindow(ui::App& app, const WindowOptions& options) {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        logError("cannot open the display: " + g_glfwError);
        std::fprintf(stderr, "dlkiosk: cannot open the display (%s). Under Xvfb: xvfb-run -a dlkiosk --windowed\n",
                     g_glfwError.c_str());
        return 2;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);  // losing focus must not minimise the kiosk
    const bool screenshot = !options.screenshotPath.empty();
    std::string screenshotPath = options.screenshotPath;
    if (screenshot) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);

    GLFWmonitor* monitor = options.fullscreen && !screenshot ? glfwGetPrimaryMonitor() : nullptr;
    int width = options.width, height = options.height;
    if (monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        width = mode->width;
        height = mode->height;
    }
    GLFWwindow* window = glfwCreateWindow(width, height, "dlkiosk", monitor, nullptr);
    if (!window) {
        logError("cannot create an OpenGL 3 window: " + g_glfwError);
        std::fprintf(stderr, "dlkiosk: cannot create an OpenGL 3 window (%s)\n", g_glfwError.c_str());
        glfwTerminate();
        return 2;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwSetWindowUserPointer(window, &app);
    glfwSetWindowCloseCallback(window, onCloseRequest);
    ImGui_ImplGlfw_InitForOpenGL(window, false);
    ImGui_ImplOpenGL3_Init("#version 130");
    glfwSetCursorPosCallback(window, onCursor);
    glfwSetMouseButtonCallback(window, onButton);
    glfwSetScrollCallback(window, onScroll);
    glfwSetKeyCallback(window, onKey);
    glfwSetCharCallback(window, onChar);
    glfwSetWindowFocusCallback(window, onFocus);
    glfwSetCursorEnterCallback(window, onEnter);
    glfwSetFramebufferSizeCallback(window, onSize);
    glfwSetWindowRefreshCallback(window, onRefresh);
    ui::installWideClipboard(ImGui::GetIO());
    app.setImages(std::make_unique<ui::ImageCache>(uploadTexture, releaseTexture));
    ImGui::GetIO().ConfigInputTextCursorBlink = false;  // a blinking cursor would need frames while idle

    int exitCode = 0;
    int consecutiveFailures = 0;
    int framesToDraw = 3;
    int framesDrawn = 0;
    bool deviceReady = false;
    while (!app.quitRequested()) {
        if (options.continuous) framesToDraw = 1;
        if (!screenshot && framesToDraw <= 0) {
            // Sleep until input arrives: about 0% CPU while a pupil reads. Wake without input only
            // when something depends on the clock (a typed answer to save, a retry, the next
            // minute of the countdown, the teacher screen's lock), and then draw a single frame.
            const unsigned long before = g_events;
            const double wakeup = app.wakeupSeconds();
            if (wakeup >= 0)
                glfwWaitEventsTimeout(wakeup);
            else
                glfwWaitEvents();
            if (g_events != before)
                framesToDraw = 3;  // ImGui settles hover and layout over frames
            else if (wakeup >= 0)
                framesToDraw = 1;
            else
                continue;
        }
        // Input taken in this poll gets its own frames too. ImGui sees a click over two frames (down,
        // then up): a tap whose press and release both come in the last frame's poll would
        // otherwise leave ImGui at "down" while the loop sleeps, and the click would be lost.
        const unsigned long polledBefore = g_events;
        glfwPollEvents();
        if (g_events != polledBefore) framesToDraw = std::max(framesToDraw, 3);
        if (glfwGetMouseButton(window, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS) framesToDraw = 3;  // dragging

        int fbw = 0, fbh = 0;
        glfwGetFramebufferSize(window, &fbw, &fbh);
        if (fbw <= 0 || fbh <= 0) {
            framesToDraw = 0;
            continue;
        }
        if (app.prepareFonts(fbw, fbh) && deviceReady) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
        ImGui_ImplOpenGL3_NewFrame();
        deviceReady = true;
        ImGui_ImplGlfw_NewFrame();
        // Keys and clicks still waiting (a burst typed while the laptop was busy) need frames of their own.
        if (g_keys.applyFrame(ImGui::GetIO())) framesToDraw = std::max(framesToDraw, 2);
        if (options.beforeNewFrame) options.beforeNewFrame();
        ImGui::NewFrame();
        try {
            app.drawFrame();
            consecutiveFailures = 0;
        } catch (const std::exception& e) {
            // Guarded frame: recover ImGui's stacks and try again; give up after repeated failures.
            logError(std::string("frame failed: ") + e.what());
            ImGui::ErrorCheckEndFrameRecover(nullptr);
            if (++consecutiveFailures >= 5) {
                std::fprintf(stderr, "dlkiosk: giving up after repeated errors: %s\n", e.what());
                exitCode = 3;
                ImGui::Render();
                break;
            }
        }
        ImGui::Render();
        if (options.afterUi) options.afterUi();
        glViewport(0, 0, fbw, fbh);
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++framesDrawn;
        if (screenshot && framesDrawn >= options.screenshotFrames) {
            if (!writeScreenshot(screenshotPath, fbw, fbh)) {
                std::fprintf(stderr, "dlkiosk: cannot write %s\n", screenshotPath.c_str());
                exitCode = 1;
                break;
            }
            screenshotPath = options.nextScreenshot ? options.nextScreenshot() : std::string();
            if (screenshotPath.empty()) break;
            framesDrawn = 0;
            continue;
        }
        glfwSwapBuffers(window);
        --framesToDraw;
        if (options.afterFrame) options.afterFrame(framesDrawn);
    }

    app.setImages(nullptr);  // its textures go while the GL context is still there
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exitCode;
}

}  // namespace dlk::platform
