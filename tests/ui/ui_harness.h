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

class UiHarness : public InputDriver {
public:
    explicit UiHarness(bool withSchool = true, int width = 1366, int height = 768,
                       const std::string& itemsDir = DLK_SOURCE_ITEMS) {
        m_ctx = createTestContext(width, height);
        ImGuiIO& io = ImGui::GetIO();
        core = std::make_unique<KioskCore>(dir.str(), itemsDir);
        if (withSchool) {
            DemoOptions demo;
            demo.pupils = 8;
            demo.pin = "246813";
            classInfo = makeDemoSchool(core->school(), core->db(), core->bank(), core->sessionDesign(), demo, clockMs);
            core->school().lock();  // as at every start of the kiosk: only a teacher's PIN opens it
        }
        m_width = width;
        m_height = height;
        startApp();
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        frames(2);
    }

    // The kiosk's text size set to `pct` (as a pupil's accommodation or the teacher's choice), the
    // atlas rebuilt as the window's loop does before a frame.
    void setTextSize(int pct) {
        app->applyLook(Accommodations{pct, false, 0});
        REQUIRE(app->prepareFonts(m_width, m_height));
        unsigned char* pixels;
        int tw, th;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &tw, &th);
        frames(3);
    }

    // A new App over the same data folder, as after a crash or power cut and a restart.
    void startApp() {
        ui::AppOptions options;
        options.fontDir = DLK_FONT_DIR;
        options.dyslexiaFontDir = dyslexiaFontDir;
        options.localeDir = localeDir;
        app.reset();
        app = std::make_unique<ui::App>(core.get(), options, [this] { return clockMs; });
        app->prepareFonts(m_width, m_height);
    }
    // The teacher's way in from the login screen: "Leerkracht", the PIN typed, OK.
    void openTeacherScreen() {
        click("Leerkracht");
        click("Pincode");
        type("246813");
        click("OK");
        REQUIRE(app->screen() == ui::ScreenId::Teacher);
    }
    // Logs in as a pupil does: click the code field, type the code, click Start, and, when the
    // code is known, confirm "Dit ben ik".
    void loginByTyping(const std::string& code) {
        click("Jouw code");
        type(code);
        click("Start");
        if (app->screen() == ui::ScreenId::Login && has("Dit ben ik")) click("Dit ben ik");
    }
    ~UiHarness() {
        app.reset();
        ImGui::DestroyContext(m_ctx);
    }

    void frame() override {
        ImGui::NewFrame();
        app->drawFrame();
        ImGui::Render();
        clockMs += 16;
    }
    // New pupils, added as a teacher does: with the PIN (names and codes are sealed under the
    // school's key), the store locked again afterwards as when the teacher leaves.
    std::vector<PupilInfo> addPupils(int64_t classId, const std::vector<std::string>& names) {
        const bool wasUnlocked = core->school().isUnlocked();
        if (!wasUnlocked) REQUIRE(core->school().checkPin("246813", clockMs).result == PinCheck::Ok);
        auto pupils = core->school().addPupils(classId, names, clockMs);
        if (!wasUnlocked) core->school().lock();
        return pupils;
    }
    // A teacher added by the administrator outside the UI; the store locked again, as at the
    // kiosk's start. Returns their id.
    int64_t addTeacher(const std::string& name, const std::string& pin) {
        REQUIRE(core->school().checkPin("246813", clockMs).result == PinCheck::Ok);
        const int64_t id = core->school().addTeacher(name, pin, TeacherRole::Teacher, clockMs);
        core->school().lock();
        return id;
    }
    // The id of the teacher with this name; 0 when there is none.
    int64_t teacherNamed(const std::string& name) {
        for (const auto& t : core->school().teachers())
            if (t.name == name) return t.id;
        return 0;
    }
    // Logs in at the PIN screen as one teacher of several: the name, then their PIN.
    void loginAs(const std::string& name, const std::string& pin) {
        click("Leerkracht");
        click(name, "button");
        click("Pincode");
        type(pin);
        click("OK");
    }
    // A new pupil in the demo class whose plan is `modules` (as if the design had dealt it), so a
    // test can take one particular module without the tutorial first.
    PupilInfo pupilWithPlan(const std::string& name, const std::vector<std::string>& modules) {
        const auto cls = core->school().classes().front();
        const PupilInfo pupil = addPupils(cls.id, {name}).front();
        core->sessionPlans().assign(pupil.id, modules, clockMs);
        return pupil;
    }

    // Where the kiosk looks for OpenDyslexic; tests of a missing font change it before constructing.
    static inline std::string dyslexiaFontDir = DLK_DYSLEXIA_FONT_DIR;
    // Where the compiled translations are; empty (Dutch only) unless a test of languages sets it.
    static inline std::string localeDir;
    TempDir dir;
    int64_t clockMs = 1'800'000'000'000;
    std::unique_ptr<KioskCore> core;
    DemoSchool classInfo;
    std::unique_ptr<ui::App> app;

private:
    ImGuiContext* m_ctx = nullptr;
    int m_width = 1366, m_height = 768;
};

}  // namespace dlk::test
