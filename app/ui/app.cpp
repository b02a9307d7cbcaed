#include "ui/app.h"

#include "support/logger.h"
#include "support/translator.h"
#include "ui/screens/finish_screen.h"
#include "ui/screens/item_screen.h"
#include "ui/screens/login_screen.h"
#include "ui/screens/pin_screen.h"
#include "ui/screens/screen_frame.h"
#include "ui/screens/setup_screen.h"
#include "ui/screens/teacher_screen.h"
#include "ui/widgets/a11y.h"
#include "ui/widgets/controls.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

App::App(KioskCore* core, AppOptions options, Clock clock, std::string startupError)
    : m_core(core),
      m_options(options),
      m_kioskOptions(std::move(options)),
      m_clock(std::move(clock)),
      m_startupError(std::move(startupError)),
      m_setup(std::make_unique<SetupScreen>()),
      m_login(std::make_unique<LoginScreen>()),
      m_item(std::make_unique<ItemScreen>()),
      m_finish(std::make_unique<FinishScreen>()),
      m_pin(std::make_unique<PinScreen>()),
      m_teacher(std::make_unique<TeacherScreen>()) {
    if (!m_core) m_screen = ScreenId::StartupError;
    else if (!m_core->school().isSetUp()) m_screen = ScreenId::Setup;
    setLanguage(m_options.language);
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.IniFilename = nullptr;  // nothing about the kiosk's layout is persisted
    io.LogFilename = nullptr;
    m_lastInputMs = now();
}

App::~App() = default;

bool App::prepareFonts(int framebufferWidth, int framebufferHeight) {
    const float px = basePixelSize(framebufferWidth, framebufferHeight, m_options.textScale);
    if (px == m_fontPx) return false;
    m_fonts = loadFonts(ImGui::GetIO(), m_options.fontDir, px);
    ImGui::GetIO().Fonts->Build();
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

void App::go(ScreenId screen) {
    if (screen == ScreenId::Teacher) m_lastInputMs = now();
    m_screen = screen;
}

double App::wakeupSeconds() const {
    if (m_session && m_session->saveState() != SaveState::Saved) return 0.25;
    if (m_screen == ScreenId::Teacher) return 1.0;  // the idle lock and the 10-s refresh need a clock
    if (m_screen == ScreenId::Item && m_session && m_session->timeLimitMs() > 0 && !m_session->paused()) {
        // The countdown shows whole minutes, and seconds in the last one: wake when it changes.
        const int64_t left = m_session->remainingMs();
        if (left <= 60000) return 1.0;
        return static_cast<double>(left % 60000 + 20) / 1000.0;
    }
    return -1.0;
}

void App::applyLook(float textScale, bool highContrast) {
    if (m_options.textScale == textScale && m_options.highContrast == highContrast) return;
    m_options.textScale = textScale;
    m_options.highContrast = highContrast;
    m_fontPx = 0;  // the next prepareFonts() rebuilds the atlas and the theme
}

App::LoginResult App::loginPupil(const std::string& typedCode, std::string& detail) {
    try {
        const auto pupil = m_core->school().findPupilByCode(typedCode);
        if (!pupil) {
            logInfo("login with an unknown code");
            return LoginResult::UnknownCode;
        }
        const auto& modules = m_core->bank().modules();
        if (modules.empty()) return LoginResult::NoModules;
        for (const Module& module : modules) {
            const auto attempt = m_core->responses().findAttempt(pupil->id, module.identifier);
            if (attempt && attempt->finished) continue;
            m_session = std::make_unique<ModuleSession>(m_core->responses(), module, pupil->id, m_options.language, now());
            m_session->setTimeLimitMs(static_cast<int64_t>(module.maxTimeSeconds) * 1000 *
                                      (100 + pupil->accommodations.extraTimePct) / 100);
            m_itemViewState = {};
            m_timeRanOut = false;
            applyLook(static_cast<float>(pupil->accommodations.textScalePct) / 100.0f, pupil->accommodations.highContrast);
            logInfo(std::string(attempt ? "pupil " + std::to_string(pupil->id) + " resumed" : "pupil " + std::to_string(pupil->id) + " started") +
                    " module " + module.identifier + " at item " + std::to_string(m_session->position() + 1));
            go(ScreenId::Item);
            return LoginResult::Started;
        }
        return LoginResult::AllDone;
    } catch (const Error& e) {
        detail = e.what();
        logError(std::string("pupil login failed: ") + e.what());
        return LoginResult::StorageError;
    }
}

void App::endPupilSession() {
    if (m_session) m_session->flush(now());
    m_session.reset();
    m_itemViewState = {};
    m_login->reset();
    applyLook(m_kioskOptions.textScale, m_kioskOptions.highContrast);
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
    m_teacher->reset();
    go(ScreenId::Teacher);
}

void App::pinCancelled() { go(m_screenBeforePin); }

void App::requestClose() {
    if (!m_core || !m_core->school().isSetUp()) {
        // Nothing to protect yet (no school, or the database could not be opened).
        m_quit = true;
        return;
    }
    openPin(PinPurpose::CloseKiosk);
}

void App::drawFrame() {
    a11yBeginFrame();
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsAnyMouseDown() || io.InputQueueCharacters.Size > 0)
        m_lastInputMs = now();
    for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k)
        if (io.KeysDown[k]) m_lastInputMs = now();

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
        case ScreenId::Setup: m_setup->draw(*this); break;
        case ScreenId::Login: m_login->draw(*this); break;
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
        case ScreenId::Finish: m_finish->draw(*this); break;
        case ScreenId::Pin: m_pin->draw(*this); break;
        case ScreenId::Teacher: m_teacher->draw(*this); break;
    }
}

bool App::openDemoScreen(const std::string& name, std::string& error) {
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
    if (name == "teacher") {
        go(ScreenId::Teacher);
        return true;
    }
    // item, item2 ... itemN, finish: a fresh pupil in the first class.
    size_t position = 0;
    const bool isItem = name.rfind("item", 0) == 0;
    if (isItem && name.size() > 4) {
        int64_t n;
        if (!parseInt64(name.substr(4), n) || n < 1) {
            error = "unknown screen '" + name + "'";
            return false;
        }
        position = static_cast<size_t>(n - 1);
    }
    if (!isItem && name != "finish") {
        error = "unknown screen '" + name + "' (setup, login, item, item2.., finish, pin, close, teacher, error)";
        return false;
    }
    const auto classes = m_core->school().classes();
    if (classes.empty()) {
        error = "no class in the data folder";
        return false;
    }
    const auto pupils = m_core->school().addPupils(classes.front().id, {"Demo Leerling"}, now());
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
    return true;
}

}  // namespace dlk::ui
