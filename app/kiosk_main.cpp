// dlkiosk-gui, the window program: arguments -> paths and settings -> data folder and database
// -> item bank -> the window loop. `dlkiosk` (main.cpp) hands it the kiosk, --screenshot and
// say by exec; it also runs every other sub-command itself, from the same table.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/options.h"
#include "demo/demo_school.h"
#include "kiosk/kiosk_core.h"
#include "platform/a11y_dump.h"
#include "platform/bench_ui_child.h"
#include "platform/espeak_speaker.h"
#include "platform/window_runner.h"
#include "support/logger.h"
#include "support/paths.h"
#include "support/run_clock.h"
#include "ui/app.h"
#include "util/error.h"
#include "util/text.h"

namespace {

struct KioskSettings {
    dlk::cli::Paths paths;
    std::string dataDir;
    bool temporaryData = false;
    std::string language = "nl";
    float textScale = 1.0f;
    bool highContrast = false;
    bool dyslexiaFont = false;  // kiosk-wide accommodations (a special-needs room); pupils add their own
    bool readAloud = false;
    dlk::platform::WindowOptions window;
    std::string screen;
    // --screen A,B or MODULE/all: --screenshot names a folder, with a PNG per screen in it.
    bool screenshotDir = false;
};

// The screens of `--screen`: a comma-separated list, MODULE/all standing for each of its items.
std::vector<std::string> expandScreens(const std::string& screen, const dlk::ItemBank& bank) {
    std::vector<std::string> screens;
    for (const auto& one : dlk::split(screen, ',')) {
        if (!one.ends_with("/all")) {
            screens.push_back(one);
            continue;
        }
        const std::string module = one.substr(0, one.size() - 4);
        const dlk::Module* found = bank.findModule(module);
        if (!found) throw std::runtime_error("no module '" + module + "' in the item bank");
        for (size_t n = 1; n <= found->refs.size(); ++n) screens.push_back(module + "/" + std::to_string(n));
    }
    return screens;
}

// A screen's file in a screenshot folder: m01-schoolreis/3 -> DIR/m01-schoolreis-3.png.
std::string screenshotFile(const std::string& dir, std::string screen) {
    for (char& c : screen)
        if (c == '/') c = '-';
    return (std::filesystem::path(dir) / (screen + ".png")).string();
}

KioskSettings parseKioskArgs(int argc, char** argv) {
    dlk::cli::Args args(argc, argv, 1);
    KioskSettings s;
    s.paths = dlk::cli::findPaths(argv[0], args.value("items"));
    s.language = args.valueOr("lang", "nl");
    if (s.language != "nl" && s.language != "en") throw std::runtime_error("--lang takes nl or en");
    const std::string size = args.valueOr("text-size", "100");
    if (size != "100" && size != "125" && size != "150" && size != "200")
        throw std::runtime_error("--text-size takes 100, 125, 150 or 200");
    s.textScale = static_cast<float>(std::stoi(size)) / 100.0f;
    s.highContrast = args.flag("high-contrast");
    s.dyslexiaFont = args.flag("dyslexia-font");
    s.readAloud = args.flag("read-aloud");
    s.window.fullscreen = !args.flag("windowed");
    if (auto wh = args.value("size")) {
        const auto parts = dlk::split(*wh, 'x');
        int64_t w = 0, h = 0;
        if (parts.size() != 2 || !dlk::parseInt64(parts[0], w) || !dlk::parseInt64(parts[1], h) || w < 320 || h < 240 ||
            w > 7680 || h > 4320)
            throw std::runtime_error("--size takes WIDTHxHEIGHT, e.g. 1366x768");
        s.window.width = static_cast<int>(w);
        s.window.height = static_cast<int>(h);
    }
    s.window.screenshotPath = args.valueOr("screenshot", "");
    int64_t frames = 3;
    if (!dlk::parseInt64(args.valueOr("frames", "3"), frames) || frames < 1 || frames > 10000)
        throw std::runtime_error("--frames takes a number from 1 to 10000");
    s.window.screenshotFrames = static_cast<int>(frames);
    s.screen = args.valueOr("screen", "");
    if (!s.screen.empty() && s.window.screenshotPath.empty()) s.window.fullscreen = false;
    if (s.screen.find(',') != std::string::npos || s.screen.ends_with("/all")) {
        if (s.window.screenshotPath.empty())
            throw std::runtime_error("several screens (a list or MODULE/all) need --screenshot DIR");
        for (const auto& one : dlk::split(s.screen, ','))
            if (one.empty()) throw std::runtime_error("--screen has an empty name in its list");
        s.screenshotDir = true;
    }
    auto data = args.value("data");
    // Every word checked before anything is created (the temporary demo school below).
    if (!args.positional().empty()) throw std::runtime_error("unexpected argument '" + args.positional()[0] + "'");
    args.requireKnown();
    if (data) {
        s.dataDir = *data;
    } else if (!s.screen.empty()) {
        // A named screen without --data: a throw-away demo school, so every screen can be seen.
        char tmpl[] = "/tmp/dlkiosk-screen-XXXXXX";
        if (!mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary data folder");
        s.dataDir = tmpl;
        s.temporaryData = true;
    } else {
        s.dataDir = dlk::defaultDataDir();
    }
    return s;
}

}  // namespace

namespace dlk::platform {
int sayCommand(cli::Args& args);  // say_command.cpp
}
namespace dlk::cli {
int cardsCommand(Args& args, const char* argv0);   // print/cards_command.cpp
int reportCommand(Args& args, const char* argv0);  // print/report_command.cpp
}  // namespace dlk::cli

int main(int argc, char** argv) {
    const dlk::cli::Dispatch what = dlk::cli::dispatch(argc, argv);
    if (const auto answered = dlk::cli::answerSimply(what, argv)) return *answered;
    if (what.kind == dlk::cli::Dispatch::Command) {
        if (what.command->name == "cards" || what.command->name == "report") {
            // The table's row has no function (dlkiosk does not link Cairo): the same row, run here.
            dlk::cli::Command print = *what.command;
            print.run = what.command->name == "cards" ? dlk::cli::cardsCommand : dlk::cli::reportCommand;
            return dlk::cli::runCommand(print, argc, argv);
        }
        if (what.command->name != "say") return dlk::cli::runCommand(*what.command, argc, argv);
        try {
            dlk::cli::Args args(argc, argv, 2);
            return dlk::platform::sayCommand(args);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "dlkiosk say: %s\n", e.what());
            return 1;
        }
    }

    KioskSettings settings;
    try {
        settings = parseKioskArgs(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk: %s\n", e.what());
        return 1;
    }
    if (const std::string problem = dlk::platform::displayProblem(); !problem.empty()) {
        std::fprintf(stderr, "dlkiosk: %s\n", problem.c_str());
        return 2;
    }

    // Start-up failures (damaged database, unreadable item bank) are shown in the window, so the
    // teacher sees what and where; the kiosk never silently starts empty.
    std::unique_ptr<dlk::KioskCore> core;
    std::string startupError;
    try {
        core = std::make_unique<dlk::KioskCore>(settings.dataDir, settings.paths.items);
        dlk::Logger::instance().open(settings.dataDir);
        core->loadLevels(settings.paths.assets + "/irt/levels.csv");
        dlk::logInfo("dlkiosk " DLK_VERSION " started; " + std::to_string(core->bank().modules().size()) + " modules");
        if (settings.temporaryData && settings.screen != "setup" && settings.screen != "error") {
            dlk::DemoOptions demo;
            // A class big enough for the teacher screen's figures; a screenshot of a pupil's
            // screen needs only a class to join (and the demo's many commits cost seconds).
            const auto names = dlk::split(settings.screen, ',');
            const bool pupilScreenshot =
                !settings.window.screenshotPath.empty() &&
                std::none_of(names.begin(), names.end(), [](const std::string& n) { return n.starts_with("teacher"); });
            demo.pupils = pupilScreenshot ? 1 : 24;
            dlk::makeDemoSchool(core->school(), core->db(), core->bank(), core->sessionDesign(), demo,
                                dlk::wallClockMs());
        }
    } catch (const std::exception& e) {
        startupError = e.what();
        dlk::logError(std::string("start-up failed: ") + e.what());
        std::fprintf(stderr, "dlkiosk: %s\n", e.what());
        core.reset();
    }

    ImGui::CreateContext();
    int exitCode = 0;
    {
        dlk::ui::AppOptions options;
        options.fontDir = settings.paths.fonts;
        options.localeDir = settings.paths.locale;
        options.language = settings.language;
        options.textScale = settings.textScale;
        options.highContrast = settings.highContrast;
        options.dyslexiaFontDir = DLK_DYSLEXIA_FONT_DIR;
        options.dyslexiaFont = settings.dyslexiaFont;
        options.readAloud = settings.readAloud;
        dlk::LazyEspeakSpeaker speaker;  // outlives the app that speaks through it
        dlk::ui::App app(core.get(), options, dlk::wallClockMs, dlk::steadyClockMs, startupError);
        app.setSpeaker(&speaker);
        std::string error;
        std::vector<std::string> screens;
        if (!settings.screen.empty()) screens = {settings.screen};
        dlk::platform::WindowOptions window = settings.window;
        if (settings.screenshotDir) {
            try {
                if (!core) throw std::runtime_error("several screens need a data folder and an item bank");
                screens = expandScreens(settings.screen, core->bank());
                std::filesystem::create_directories(settings.window.screenshotPath);
                window.screenshotPath = screenshotFile(settings.window.screenshotPath, screens.front());
            } catch (const std::exception& e) {
                error = e.what();
            }
        }
        size_t shown = 0;  // the index in `screens` of the one on screen
        window.nextScreenshot = [&]() -> std::string {
            if (!error.empty() || ++shown >= screens.size()) return {};
            if (!app.openDemoScreen(screens[shown], error, dlk::DemoOptions{}.pin)) {
                error = screens[shown] + ": " + error;
                return {};
            }
            return screenshotFile(settings.window.screenshotPath, screens[shown]);
        };
        if (!error.empty() ||
            (!screens.empty() && !app.openDemoScreen(screens.front(), error, dlk::DemoOptions{}.pin))) {
            std::fprintf(stderr, "dlkiosk: %s\n", error.c_str());
            exitCode = 1;
        } else {
            try {
                dlk::platform::attachUiBenchChild(window, app);  // only when started by `dlkiosk bench ui`
                if (const char* dump = std::getenv("DLK_A11Y_DUMP"); dump && *dump && !window.afterFrame)
                    window.afterFrame = dlk::platform::a11yDumper(dump);
                exitCode = dlk::platform::runWindow(app, window);
                if (!error.empty()) {  // a later screen of a list could not be opened
                    std::fprintf(stderr, "dlkiosk: %s\n", error.c_str());
                    exitCode = 1;
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "dlkiosk: %s\n", e.what());
                exitCode = 1;
            }
        }
    }
    ImGui::DestroyContext();
    dlk::logInfo("dlkiosk stopped");
    dlk::Logger::instance().close();
    core.reset();
    if (settings.temporaryData) {
        std::error_code ec;
        std::filesystem::remove_all(settings.dataDir, ec);
    }
    return exitCode;
}
