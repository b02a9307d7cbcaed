#pragma once
// The kiosk's UI: one App holding the shared state (AppState in hello_imgui's sense) and one
// class per screen with draw(). No GLFW or GL here: the platform layer calls prepareFonts()
// and drawFrame(); tests do the same in a bare ImGui context.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "delivery/module_session.h"
#include "kiosk/kiosk_core.h"
#include "support/run_clock.h"
#include "ui/read_aloud.h"
#include "ui/theme.h"
#include "ui/widgets/item_view.h"

namespace dlk::ui {

enum class ScreenId { Setup, Login, Item, Finish, Pin, Teacher, StartupError, TeacherMenu };
// SessionMenu: the teacher at a pupil's kiosk (pause, resume, teacher screen, close).
enum class PinPurpose { EnterTeacher, CloseKiosk, SessionMenu };

struct AppOptions {
    std::string fontDir;
    std::string localeDir;
    std::string language = "nl";
    std::string dyslexiaFontDir;  // where OpenDyslexic is (fonts-opendyslexic)
    float textScale = 1.0f;
    bool highContrast = false;
    bool dyslexiaFont = false;
    bool readAloud = false;
};

using Clock = std::function<int64_t()>;

class SetupScreen;
class LoginScreen;
class ItemScreen;
class FinishScreen;
class PinScreen;
class TeacherScreen;
class TeacherMenuScreen;

class App {
public:
    // `core` may be null when start-up failed; then only the error screen is shown. The App's
    // time (now()) is the wall clock read at start plus `steadyClock`'s time since (a RunClock):
    // delays, the module's timer and the idle lock count only time that really passed, whatever
    // happens to the system clock meanwhile. With one clock, it is both (tests whose clock only
    // moves forward).
    App(KioskCore* core, AppOptions options, Clock wallClock, Clock steadyClock, std::string startupError = {});
    App(KioskCore* core, AppOptions options, Clock clock, std::string startupError = {});
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // (Re)builds the font atlas when the framebuffer size or text size calls for another font
    // size. Returns true when it did; the renderer must then upload the atlas again.
    bool prepareFonts(int framebufferWidth, int framebufferHeight);
    // One frame of the whole UI (between ImGui::NewFrame and ImGui::Render).
    void drawFrame();

    // The window's close button or Alt+F4: asks for the teacher PIN instead of closing; while a
    // pupil works, the PIN opens the teacher menu for this kiosk (pause, resume, close).
    void requestClose();
    bool quitRequested() const { return m_quit; }
    // Seconds until the UI must be drawn again without any input (a typed answer to save, a
    // retry, the countdown's next visible change, the teacher screen's lock), or a negative
    // number when only input can change the screen. The platform sleeps until then.
    double wakeupSeconds() const;

    ScreenId screen() const { return m_screen; }
    void go(ScreenId screen);
    // Opens a named screen on demo data (for --screenshot --screen and tests); false and a
    // reason when the name is unknown. A pupil's screen adds a demo pupil, which needs the demo
    // school's teacher PIN (pupils' names are sealed under its key).
    bool openDemoScreen(const std::string& name, std::string& error, const std::string& teacherPin);

    // --- state shared by the screens ---
    KioskCore& core() { return *m_core; }
    bool hasCore() const { return m_core != nullptr; }
    const Fonts& fonts() const { return m_fonts; }
    int64_t now() const { return m_clock.nowMs(); }
    const std::string& startupError() const { return m_startupError; }
    void setLanguage(const std::string& lang);
    const std::string& language() const { return m_options.language; }
    // The language the UI speaks on `screen`: the pupil's on the pupils' screens, the kiosk's own
    // on the PIN, teacher and setup screens (an English-speaking pupil never turns them English).
    const std::string& uiLanguage(ScreenId screen) const;

    // Pupil: logs in by code and opens the first module not yet finished. The login screen takes
    // it in two steps, so that a mistyped code that happens to be another pupil's never puts
    // answers under that pupil: findPupil shows who the code belongs to ("Dit ben ik?"), and
    // startPupil starts the one confirmed. loginPupil does both (tests, the screenshot demo).
    enum class LoginResult { Started, Found, UnknownCode, AllDone, NoModules, StorageError };
    LoginResult findPupil(const std::string& typedCode, std::optional<PupilInfo>& found, std::string& detail);
    LoginResult startPupil(const PupilInfo& pupil, std::string& detail);
    LoginResult loginPupil(const std::string& typedCode, std::string& detail);
    // The logged-in pupil goes on with the next module of their plan (after finishing one).
    LoginResult startNextModule(std::string& detail);
    // The title of the module the pupil would do next; empty when the plan is done.
    std::string nextModuleTitle();
    ModuleSession* session() { return m_session.get(); }
    // The pupil logged in at this kiosk (their session may be open under the teacher screen).
    const std::optional<PupilInfo>& pupilAtKiosk() const { return m_pupil; }
    ItemViewState& itemViewState() { return m_itemViewState; }
    void endPupilSession();  // back to the login screen for the next pupil
    // Text size, contrast, font and read-aloud for the pupil now at the kiosk.
    void applyLook(const Accommodations& a);
    // Back to the kiosk's own look (no pupil at the kiosk).
    void applyKioskLook();
    const AppOptions& look() const { return m_options; }
    // Read-aloud (espeak-ng on the kiosk, a recorder in tests); spoken only for pupils who have it.
    void setSpeaker(Speaker* speaker) { m_readAloud.setSpeaker(speaker); }
    ReadAloud& readAloud() { return m_readAloud; }
    // Pictures in items: the platform hands over a cache whose uploader makes GL textures (and
    // takes it back, null, before the GL context goes). Without one pictures show their alt text.
    void setImages(std::unique_ptr<ImageCache> images);
    // The cache, reading from the current item bank; null when there is none.
    ImageCache* images();
    bool timeRanOut() const { return m_timeRanOut; }

    void openPin(PinPurpose purpose);
    PinPurpose pinPurpose() const { return m_pinPurpose; }
    void pinAccepted();
    void pinCancelled();
    void quit() { m_quit = true; }
    void noteInput() { m_lastInputMs = now(); }
    int64_t lastInputMs() const { return m_lastInputMs; }

private:
    KioskCore* m_core;
    AppOptions m_options;
    AppOptions m_kioskOptions;  // the kiosk's own settings; a pupil's accommodations apply on top
    RunClock m_clock;
    std::string m_startupError;
    Fonts m_fonts;
    float m_fontPx = 0;
    ScreenId m_screen = ScreenId::Login;
    ScreenId m_screenBeforePin = ScreenId::Login;
    PinPurpose m_pinPurpose = PinPurpose::EnterTeacher;
    bool m_quit = false;
    bool m_timeRanOut = false;
    double stateWakeupSeconds() const;  // wakeupSeconds for what the app itself waits on
    int64_t m_lastInputMs = 0;
    // Frames still to draw after the screen changed: ImGui lays out, focuses and hovers a new
    // screen over a few frames, and the window sleeps until input unless wakeupSeconds() says 0.
    static constexpr int kSettleFrames = 3;
    int m_settleFrames = 0;
    void keepTypedTextOnEscape();
    // Logs the system clock being set while the kiosk runs (it changes no delay, but explains the
    // times stored meanwhile). Smaller steps are not logged: NTP's corrections are milliseconds.
    void noteClockJump();
    static constexpr int64_t kClockJumpLogMs = 60'000;
    int64_t m_loggedSkewMs = 0;
    std::optional<PupilInfo> m_pupil;  // the pupil at the kiosk
    ReadAloud m_readAloud;
    std::unique_ptr<ImageCache> m_images;
    std::unique_ptr<ModuleSession> m_session;
    ItemViewState m_itemViewState;

    std::unique_ptr<SetupScreen> m_setup;
    std::unique_ptr<LoginScreen> m_login;
    std::unique_ptr<ItemScreen> m_item;
    std::unique_ptr<FinishScreen> m_finish;
    std::unique_ptr<PinScreen> m_pin;
    std::unique_ptr<TeacherScreen> m_teacher;
    std::unique_ptr<TeacherMenuScreen> m_teacherMenu;
};

}  // namespace dlk::ui
