#pragma once
// A bare ImGui context with no window: the font atlas is built, DisplaySize and DeltaTime set,
// and input injected through ImGuiIO (Debian's ImGui 1.86 predates AddMousePosEvent). Controls
// are found in the frame's accessibility tree by their visible words, as a person finds them.
#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>
#include <string>

#include "demo/demo_school.h"
#include "kiosk/kiosk_core.h"
#include "test_io.h"
#include "test_support.h"
#include "ui/app.h"
#include "ui/widgets/a11y.h"

namespace dlk::test {



class UiHarness {
public:
    explicit UiHarness(bool withSchool = true, int width = 1366, int height = 768,
                       const std::string& itemsDir = DLK_SOURCE_ITEMS) {
        m_ctx = createTestContext(width, height);
        ImGuiIO& io = ImGui::GetIO();
        core = std::make_unique<KioskCore>(dir.str(), itemsDir);
        if (withSchool) {
            DemoOptions demo;
            demo.pupils = 8;
            demo.pin = "2468";
            classInfo = makeDemoSchool(core->db(), core->bank(), core->sessionDesign(), demo, clockMs);
        }
        ui::AppOptions options;
        options.fontDir = DLK_FONT_DIR;
        options.dyslexiaFontDir = dyslexiaFontDir;
        options.localeDir = "";
        app = std::make_unique<ui::App>(core.get(), options, [this] { return clockMs; });
        app->prepareFonts(width, height);
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        frames(2);
    }
    ~UiHarness() {
        app.reset();
        ImGui::DestroyContext(m_ctx);
    }

    void frame() {
        ImGui::NewFrame();
        app->drawFrame();
        ImGui::Render();
        clockMs += 16;
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }

    const ui::A11yNode* find(const std::string& label, const char* role = nullptr) const {
        for (const auto& n : ui::a11yFrame())
            if (n.label == label && (!role || n.role == role)) return &n;
        return nullptr;
    }
    bool has(const std::string& label) const { return find(label) != nullptr; }

    // A new pupil in the demo class whose plan is `modules` (as if the design had dealt it), so a
    // test can take one particular module without the tutorial first.
    PupilInfo pupilWithPlan(const std::string& name, const std::vector<std::string>& modules) {
        const auto cls = core->school().classes().front();
        const PupilInfo pupil = core->school().addPupils(cls.id, {name}, clockMs).front();
        core->sessionPlans().assign(pupil.id, modules, clockMs);
        return pupil;
    }

    // Moves the mouse onto the control, presses and releases, as a person clicks.
    void click(const std::string& label, const char* role = nullptr) {
        const ui::A11yNode* n = find(label, role);
        REQUIRE_MESSAGE(n, "nothing labelled '" << label << "' on screen");
        const ImVec2 at = n->center();
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frames(2);
    }
    void drag(const std::string& fromLabel, const std::string& toLabel) {
        const ui::A11yNode* from = find(fromLabel);
        const ui::A11yNode* to = find(toLabel);
        REQUIRE(from);
        REQUIRE(to);
        const ImVec2 a = from->center(), b = to->center();
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = a;
        frame();
        io.MouseDown[0] = true;
        frame();
        for (int i = 1; i <= 8; ++i) {
            io.MousePos = ImVec2(a.x + (b.x - a.x) * i / 8, a.y + (b.y - a.y) * i / 8);
            frame();
        }
        io.MouseDown[0] = false;
        frames(2);
    }
    void type(const std::string& text) {
        for (char c : text) {
            ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(static_cast<unsigned char>(c)));
            frame();
        }
    }
    void key(int k) {
        ImGui::GetIO().KeysDown[k] = true;
        frame();
        ImGui::GetIO().KeysDown[k] = false;
        frame();
    }

    // Where the kiosk looks for OpenDyslexic; tests of a missing font change it before constructing.
    static inline std::string dyslexiaFontDir = DLK_DYSLEXIA_FONT_DIR;
    TempDir dir;
    int64_t clockMs = 1'800'000'000'000;
    std::unique_ptr<KioskCore> core;
    DemoSchool classInfo;
    std::unique_ptr<ui::App> app;

private:
    ImGuiContext* m_ctx = nullptr;
};

}  // namespace dlk::test
