#include "ui/app.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cstdlib>

#include "support/logger.h"
#include "support/translator.h"
#include "ui/screens/finish_screen.h"
#include "ui/screens/item_screen.h"
#include "ui/screens/login_screen.h"
#include "ui/screens/pause_screen.h"
#include "ui/screens/pin_screen.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/setup_screen.h"
#include "ui/screens/teacher_screen.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "ui/widgets/frame_request.h"
#include "ui/widgets/image_cache.h"
#include "ui/widgets/wide_text.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

App::App(KioskCore* core, AppOptions options, Clock clock, std::string startupError)
    : App(core, options, clock, clock, std::move(startupError)) {}

App::App(KioskCore* core, AppOptions options, Clock wallClock, Clock steadyClock, std::string startupError)
    : m_core(core),
      m_options(options),
      m_kioskOptions(std::move(options)),
      m_clock(std::move(wallClock), std::move(steadyClock)),
      m_startupError(std::move(startupError)),
      m_setup(std::make_unique<SetupScreen>()),
      m_login(std::make_unique<LoginScreen>()),
      m_item(std::make_unique<ItemScreen>()),
      m_finish(std::make_unique<FinishScreen>()),
      m_pin(std::make_unique<PinScreen>()),
      m_teacher(std::make_unique<TeacherScreen>()),
      m_teacherMenu(std::make_unique<TeacherMenuScreen>()) {
    if (!m_core)
        m_screen = ScreenId::StartupError;
    else if (!m_core->school().isSetUp())
        m_screen = ScreenId::Setup;
    setLanguage(m_options.language);
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.IniFilename = nullptr;  // nothing about the kiosk's layout is persisted
    io.LogFilename = nullptr;
    m_lastInputMs = now();
}

App::~App() = default;

void App::setImages(std::unique_ptr<ImageCache> images) {
    m_images = std::move(images);
}

ImageCache* App::images() {
    if (m_images) m_images->setPackage(m_core ? m_core->bank().package() : nullptr);
    return m_images.get();
}

bool App::prepareFonts(int framebufferWidth, int framebufferHeight) {
    const float px = basePixelSize(framebufferWidth, framebufferHeight, m_options.textScale);
    if (px == m_fontPx) return false;
    try {
        m_fonts =
            loadFonts(ImGui::GetIO(), m_options.fontDir, px, m_options.dyslexiaFont ? m_options.dyslexiaFontDir : "");
    } catch (const Error& e) {
        if (!m_options.dyslexiaFont) throw;
        // A missing OpenDyslexic must not keep a pupil out: the regular font still reads.
        logWarning(std::string("dyslexia font not used: ") + e.what());
        m_options.dyslexiaFont = false;
        m_fonts = loadFonts(ImGui::GetIO(), m_options.fontDir, px);
    }
    applyTheme(m_options.highContrast);
    scaleStyleToFont(px);
    m_fontPx = px;
    return true;
}

void App::setLanguage(const std::string& lang) {
    try {
        Translator::instance().setLanguage(lang, m_options.localeDir);
        m_options.language = lang;
    } catch (const Error& e) {
        logWarning(e.what());
    }
}

const std::string& App::uiLanguage(ScreenId screen) const {
    const bool teacherScreen = screen == ScreenId::Pin || screen == ScreenId::Teacher ||
                               screen == ScreenId::TeacherMenu || screen == ScreenId::Setup ||
                               screen == ScreenId::StartupError;
    return teacherScreen ? m_kioskOptions.language : m_options.language;
}

void App::go(ScreenId screen) {
    if (screen == ScreenId::Teacher) m_lastInputMs = now();
    // Away from the teacher's screens (left, locked when idle, another PIN asked) the data key is
    // wiped from memory: only a PIN opens the sealed secret again.
    if (screen != ScreenId::Teacher && screen != ScreenId::TeacherMenu && m_core) m_core->school().lock();
    if (screen == ScreenId::Finish && m_screen != ScreenId::Finish) m_finish->reset();
    // Away from the module (the teacher's PIN, menu or screen) the module's clock is held: that
    // time is not the pupil's.
    if (m_session && (screen == ScreenId::Item) != (m_screen == ScreenId::Item))
        m_session->holdClock(screen != ScreenId::Item, now());
    if (screen != m_screen) m_settleFrames = kSettleFrames;
    m_screen = screen;
}

double App::wakeupSeconds() const {
    // A new screen (the idle lock's login, a PIN field to focus) is drawn at once, not when the
    // mouse next moves.
    if (m_settleFrames > 0) return 0.0;
    // Something on the item moves by itself (a program running in the block editor): its next change.
    const double animation = m_screen == ScreenId::Item ? requestedFrameWithin() : -1.0;
    const double other = stateWakeupSeconds();
    return animation < 0 ? other : other < 0 ? animation : std::min(animation, other);
}

double App::stateWakeupSeconds() const {
    if (m_readAloud.speaking()) return 0.25;  // "Stop" turns back into "Lees voor" when it ends
    if (m_session && m_session->saveState() != SaveState::Saved) return 0.25;
    if (m_session && m_session->eventsPending()) return 1.0;  // process data wait a few seconds at most
    if (m_screen == ScreenId::Teacher || m_screen == ScreenId::TeacherMenu) return 1.0;  // idle lock, 10-s refresh
    if (m_screen == ScreenId::Item && m_session && m_session->timeLimitMs() > 0 && !m_session->paused()) {
        // The countdown shows whole minutes, and seconds in the last one: wake when it changes.
        const int64_t left = m_session->remainingMs();
        if (left <= 60000) return 1.0;
        return static_cast<double>(left % 60000 + 20) / 1000.0;
    }
    return -1.0;
}

void App::applyLook(const Accommodations& a) {
    // The kiosk's own settings (e.g. --text-size for a room with a far-away screen) are a floor a
    // pupil's accommodations build on, never undo.
    const AppOptions before = m_options;
    m_options.textScale = std::max(m_kioskOptions.textScale, static_cast<float>(a.textScalePct) / 100.0f);
    m_options.highContrast = a.highContrast || m_kioskOptions.highContrast;
    m_options.dyslexiaFont = (a.dyslexiaFont || m_kioskOptions.dyslexiaFont) && !m_options.dyslexiaFontDir.empty();
    m_options.readAloud = a.readAloud || m_kioskOptions.readAloud;
    if (m_options.textScale != before.textScale || m_options.highContrast != before.highContrast ||
        m_options.dyslexiaFont != before.dyslexiaFont)
        m_fontPx = 0;  // the next prepareFonts() rebuilds the atlas and the theme
}

// No accommodations on top of the kiosk's floor: the kiosk's own look.
void App::applyKioskLook() {
    applyLook(Accommodations{});
}

App::LoginResult App::findPupil(const std::string& typedCode, std::optional<PupilInfo>& found, std::string& detail) {
    found.reset();
    try {
        found = m_core->school().findPupilByCode(typedCode);
        if (!found) {
            logInfo("login with an unknown code");
            return LoginResult::UnknownCode;
        }
        return LoginResult::Found;
    } catch (const Error& e) {
        detail = e.what();
        logError(std::string("pupil login failed: ") + e.what());
        return LoginResult::StorageError;
    }
}

App::LoginResult App::startPupil(const PupilInfo& pupil, std::string& detail) {
    m_pupil = pupil;
    return startNextModule(detail);
}

App::LoginResult App::loginPupil(const std::string& typedCode, std::string& detail) {
    std::optional<PupilInfo> pupil;
    const LoginResult r = findPupil(typedCode, pupil, detail);
    return r == LoginResult::Found ? startPupil(*pupil, detail) : r;
}

std::string App::nextModuleTitle() {
    try {
        const Module* module = m_pupil ? m_core->sessionFlow().nextModule(m_pupil->id, now()) : nullptr;
        return module ? module->variant(m_options.language).title : std::string();
    } catch (const Error& e) {
        logError(std::string("reading the session plan failed: ") + e.what());
        return {};
    }
}

App::LoginResult App::startNextModule(std::string& detail) {
    try {
        if (!m_pupil) return LoginResult::UnknownCode;
        if (m_core->bank().modules().empty()) return LoginResult::NoModules;
        const SessionFlow flow = m_core->sessionFlow();
        const Module* module = flow.nextModule(m_pupil->id, now());
        if (!module) return LoginResult::AllDone;
        SessionFlow::Started started = flow.start(*module, *m_pupil, m_options.language, now());
        m_session = std::move(started.session);
        m_itemViewState = {};
        m_timeRanOut = false;
        applyLook(m_pupil->accommodations);
        logInfo("pupil " + std::to_string(m_pupil->id) + (started.resumed ? " resumed" : " started") + " module " +
                module->identifier + " at item " + std::to_string(m_session->position() + 1));
        go(ScreenId::Item);
        return LoginResult::Started;
    } catch (const Error& e) {
        detail = e.what();
        logError(std::string("starting a module failed: ") + e.what());
        return LoginResult::StorageError;
    }
}

void App::endPupilSession() {
    m_readAloud.stop();
    if (m_session) m_session->flush(now());
    m_session.reset();
    m_itemViewState = {};
    m_login->reset();
    m_pupil.reset();
    applyKioskLook();
    m_options.language = m_kioskOptions.language;  // the next pupil starts in the kiosk's language
    go(ScreenId::Login);
}

void App::openPin(PinPurpose purpose) {
    if (m_screen != ScreenId::Pin) m_screenBeforePin = m_screen;
    m_pinPurpose = purpose;
    m_pin->reset();
    go(ScreenId::Pin);
}

void App::pinAccepted() {
    if (m_pinPurpose == PinPurpose::CloseKiosk) {
        if (m_session) m_session->flush(now());
        m_quit = true;
        return;
    }
    if (m_pinPurpose == PinPurpose::SessionMenu) {
        if (m_session) m_session->flush(now());  // a typed answer is saved before the teacher acts
        m_teacherMenu->reset();
        go(ScreenId::TeacherMenu);
        return;
    }
    m_teacher->reset();
    go(ScreenId::Teacher);
}

void App::pinCancelled() {
    go(m_screenBeforePin);
}

void App::requestClose() {
    if (!m_core || !m_core->school().isSetUp()) {
        // Nothing to protect yet (no school, or the database could not be opened).
        m_quit = true;
        return;
    }
    const bool pupilWorking = m_session && !m_session->finished() && m_screen == ScreenId::Item;
    openPin(pupilWorking ? PinPurpose::SessionMenu : PinPurpose::CloseKiosk);
}

void App::keepTypedTextOnEscape() {
    // ImGui 1.86 undoes a text field's whole edit on Escape. A pupil's answer is never thrown away:
    // on the item screen Escape only leaves the field (which then saves, as on any loss of focus).
    // Elsewhere (a PIN, a code) Escape keeps its meaning: cancel and go back.
    if (m_screen != ScreenId::Item) return;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const int escape = g.IO.KeyMap[ImGuiKey_Escape];
    if (escape < 0 || g.ActiveId == 0 || g.InputTextState.ID != g.ActiveId || !ImGui::IsKeyPressed(escape, false))
        return;
    ImGui::ClearActiveID();
    g.IO.KeysDownDuration[escape] = -1.0f;  // handled: no screen reacts to this Escape as well
}

void App::noteClockJump() {
    const int64_t skew = m_clock.wallSkewMs();
    if (std::llabs(skew - m_loggedSkewMs) < kClockJumpLogMs) return;
    logWarning("the system clock was set " + std::to_string((skew - m_loggedSkewMs) / 1000) +
               " s while the kiosk ran; delays, time limits and locks count only the time that really passed");
    m_loggedSkewMs = skew;
}

void App::drawFrame() {
    a11yBeginFrame();
    beginFrameRequests();
    noteClockJump();
    keepTypedTextOnEscape();
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsAnyMouseDown() || io.InputQueueCharacters.Size > 0)
        m_lastInputMs = now();
    for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k)
        if (io.KeysDown[k]) m_lastInputMs = now();
    if (m_settleFrames > 0) --m_settleFrames;
    if (Translator::instance().language() != uiLanguage(m_screen)) {
        try {
            Translator::instance().setLanguage(uiLanguage(m_screen), m_options.localeDir);
        } catch (const Error& e) {
            logWarning(e.what());
        }
    }

    switch (m_screen) {
        case ScreenId::StartupError: {
            beginScreen("error");
            ImGui::SetCursorPosY(ImGui::GetWindowHeight() * 0.2f);
            const float w = centeredColumn(36);
            ImGui::BeginGroup();
            wrappedText(tr("De kiosk kan niet starten"), m_fonts.large, 0, w);
            ImGui::Dummy(em(0, 0.5f));
            wrappedText(tr("Leerling: steek je hand op; de leerkracht helpt je."), nullptr, 0, w);
            ImGui::Dummy(em(0, 0.5f));
            wrappedText(std::string(tr("Voor de leerkracht:")) + " " + m_startupError, nullptr, palette().danger, w);
            ImGui::Dummy(em(0, 1));
            if (bigButton(tr("Sluiten"), false)) m_quit = true;
            ImGui::EndGroup();
            endScreen();
            break;
        }
        case ScreenId::Setup:
            m_setup->draw(*this);
            break;
        case ScreenId::Login:
            m_login->draw(*this);
            break;
        case ScreenId::Item:
            if (!m_session) {
                go(ScreenId::Login);
                break;
            }
            m_session->tick(now());
            if (m_session->timeUp() && !m_session->finished()) {
                // Time is up: everything is saved and the module ends, calmly.
                if (m_session->finish(now())) {
                    logInfo("attempt " + std::to_string(m_session->attemptId()) + " ended: time limit reached");
                    m_timeRanOut = true;
                    go(ScreenId::Finish);
                    break;
                }
            }
            m_item->draw(*this);
            break;
        case ScreenId::Finish:
            m_finish->draw(*this);
            break;
        case ScreenId::Pin:
            m_pin->draw(*this);
            break;
        case ScreenId::Teacher:
            m_teacher->draw(*this);
            break;
        case ScreenId::TeacherMenu:
            m_teacherMenu->draw(*this);
            break;
    }
    // Read-aloud speaks for pupils who have it, on their screens only (never the teacher's).
    const bool pupilScreen = m_screen == ScreenId::Item || m_screen == ScreenId::Finish;
    if (m_readAloud.afterFrame(a11yFrame(), language(), m_options.readAloud && pupilScreen) && m_session &&
        m_screen == ScreenId::Item)
        // The process data records that read-aloud was used and for what: the whole item or one
        // control (never the words themselves, which may be the pupil's).
        m_session->noteEvent(EventKind::ReadAloud, m_readAloud.lastWasWholeScreen() ? "item" : "focus", now());
    endFrameTypedCharacters();
}

bool App::openDemoScreen(const std::string& name, std::string& error, const std::string& teacherPin) {
    if (name == "error") {
        m_screen = ScreenId::StartupError;
        if (m_startupError.empty()) m_startupError = "(demo) the database /var/lib/dlkiosk/dlkiosk.db is damaged";
        return true;
    }
    if (!m_core) {
        error = "no data folder";
        return false;
    }
    if (name == "setup") {
        if (m_core->school().isSetUp()) {
            error = "the setup screen needs a data folder without a school";
            return false;
        }
        go(ScreenId::Setup);
        return true;
    }
    if (!m_core->school().isSetUp()) {
        error = "screen '" + name + "' needs a school (run dlkiosk demo first)";
        return false;
    }
    if (name == "login") {
        go(ScreenId::Login);
        return true;
    }
    if (name == "pin" || name == "close") {
        openPin(name == "pin" ? PinPurpose::EnterTeacher : PinPurpose::CloseKiosk);
        return true;
    }
    // The teacher screen shows a logged-in teacher's classes: the demo PIN logs its teacher in (the
    // demo school's administrator), as the PIN screen would.
    if ((name == "teacher" || name.rfind("teacher/", 0) == 0) && !m_core->school().isUnlocked() &&
        m_core->school().checkPin(teacherPin, now()).result != PinCheck::Ok) {
        error = "the teacher screen needs a teacher's PIN, and the school's PINs are not the demo school's";
        return false;
    }
    if (name == "teacher") {
        go(ScreenId::Teacher);
        return true;
    }
    // teacher/TAB: the teacher screen on one of its tabs (teacher_tabs.cpp names them).
    if (name.rfind("teacher/", 0) == 0) {
        if (!m_teacher->openDemoTab(*this, name.substr(8))) {
            error = "no teacher tab '" + name.substr(8) + "'";
            return false;
        }
        go(ScreenId::Teacher);
        return true;
    }
    // item, item2 ... itemN, finish: a fresh pupil in the first class, in the first module of
    // a plan; MODULE/N: item N of that module (every item of the bank can be looked at).
    size_t position = 0;
    std::string module;
    std::string screenName = name;
    if (const size_t slash = name.find('/'); slash != std::string::npos) {
        module = name.substr(0, slash);
        if (!m_core->bank().findModule(module)) {
            error = "no module '" + module + "' in the item bank";
            return false;
        }
        screenName = "item" + name.substr(slash + 1);
    }
    const bool isItem = screenName.rfind("item", 0) == 0;
    if (isItem && screenName.size() > 4) {
        int64_t n;
        if (!parseInt64(screenName.substr(4), n) || n < 1) {
            error = "unknown screen '" + name + "'";
            return false;
        }
        position = static_cast<size_t>(n - 1);
    }
    // The next item of the module on screen (a run of screenshots): the same pupil moves on, as a
    // pupil would with the item bar, instead of a new demo pupil per item.
    if (!module.empty() && isItem && m_session && m_screen == ScreenId::Item &&
        m_session->module().identifier == module) {
        if (position >= m_session->itemCount()) {
            error = "the module has only " + std::to_string(m_session->itemCount()) + " items";
            return false;
        }
        m_session->goTo(position, now());
        return true;
    }
    const bool sessionScreen = name == "overview" || name == "pause" || name == "menu";
    if (!isItem && name != "finish" && name != "confirm" && !sessionScreen) {
        error = "unknown screen '" + name +
                "' (setup, login, confirm, item, item2.., MODULE/N, overview, pause, menu, finish, pin, close, "
                "teacher, teacher/TAB, error)";
        return false;
    }
    const auto classes = m_core->school().classes();
    if (classes.empty()) {
        error = "no class in the data folder";
        return false;
    }
    SchoolStore& school = m_core->school();
    const bool wasLocked = !school.isUnlocked();
    if (wasLocked && school.checkPin(teacherPin, now()).result != PinCheck::Ok) {
        error = "a pupil's screen adds a demo pupil, and the school's teacher PIN is not the demo school's";
        return false;
    }
    const auto pupils = school.addPupils(classes.front().id, {"Demo Leerling"}, now());
    if (wasLocked) school.lock();
    if (!module.empty()) m_core->sessionPlans().assign(pupils.front().id, {module}, now());
    if (name == "confirm") {  // the login's "Ben jij dit?" for the demo pupil
        go(ScreenId::Login);
        m_login->confirm(*this, pupils.front());
        return true;
    }
    std::string detail;
    if (loginPupil(pupils.front().code, detail) != LoginResult::Started) {
        error = "could not start a demo pupil: " + detail;
        return false;
    }
    if (name == "finish") {
        m_session->finish(now());
        go(ScreenId::Finish);
        return true;
    }
    if (position >= m_session->itemCount()) {
        error = "the module has only " + std::to_string(m_session->itemCount()) + " items";
        return false;
    }
    m_session->goTo(position, now());
    // The pupil-session screens: the overview (one item flagged), the pause, the teacher menu.
    if (name == "overview") {
        m_session->setFlagged(true, now());
        m_item->showOverview(*this);
    } else if (name == "pause") {
        m_session->setPaused(true, now());
    } else if (name == "menu") {
        go(ScreenId::TeacherMenu);
    }
    return true;
}

}  // namespace dlk::ui
