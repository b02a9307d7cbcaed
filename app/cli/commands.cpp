// The sub-commands that need no window: demo and export. They open the same KioskCore as the
// kiosk, so they see and check exactly what the kiosk stores.
#include <cstdio>
#include <stdexcept>

#include "cli/options.h"
#include "demo/demo_school.h"
#include "export/csv_export.h"
#include "kiosk/kiosk_core.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::cli {

int benchCommand(Args& args, const char* argv0);  // bench.cpp
int calibrateCommand(Args& args);                  // irt_commands.cpp
int estimateCommand(Args& args);                   // irt_commands.cpp
int scoreCommand(Args& args);                      // score_command.cpp
int validateCommand(Args& args);                   // qti_commands.cpp
int qtiCommand(Args& args, const char* argv0);     // qti_commands.cpp
int sayCommand(Args& args);                        // say_command.cpp

namespace {

int demoCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    int64_t pupils = 25, seed = 20261128, notStarted = 0;
    if (!parseInt64(args.valueOr("pupils", "25"), pupils) || pupils < 1 || pupils > 500)
        throw std::runtime_error("--pupils takes 1 to 500");
    if (!parseInt64(args.valueOr("seed", "20261128"), seed)) throw std::runtime_error("--seed takes a whole number");
    if (!parseInt64(args.valueOr("not-started", "0"), notStarted) || notStarted < 0 || notStarted > 500)
        throw std::runtime_error("--not-started takes 0 to 500");
    const std::string pin = args.valueOr("pin", "1234");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    KioskCore core(data, paths.items);
    Logger::instance().open(data);
    DemoOptions options;
    options.pupils = static_cast<int>(pupils);
    options.notStarted = static_cast<int>(notStarted);
    options.seed = static_cast<uint64_t>(seed);
    options.pin = pin;
    const bool newSchool = !core.school().isSetUp();
    const DemoSchool demo = makeDemoSchool(core.db(), core.bank(), core.sessionDesign(), options, wallClockMs());
    logInfo("demo class created with " + std::to_string(demo.pupils.size()) + " simulated pupils and " +
            std::to_string(demo.notStarted.size()) + " who have not started");
    std::printf("%s\n", demo.className.c_str());
    // The simulated pupils, then those who have not started (a fresh code to log in with).
    for (const auto& p : demo.pupils) std::printf("%s\t%s\n", p.code.c_str(), p.displayName.c_str());
    for (const auto& p : demo.notStarted) std::printf("%s\t%s\n", p.code.c_str(), p.displayName.c_str());
    if (newSchool) std::fprintf(stderr, "dlkiosk: demo school created in %s with teacher PIN %s\n", data.c_str(), pin.c_str());
    return 0;
}

int exportCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    const auto out = args.value("out");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!out) throw std::runtime_error("export needs --out FOLDER");
    KioskCore core(data, paths.items);
    Logger::instance().open(data);
    if (!core.school().isSetUp()) throw Error(ErrorKind::NotFound, "the data folder " + data + " has no school yet");
    const ExportSummary s = exportCsv(core.db(), core.bank(), *out);
    logInfo("export written: " + std::to_string(s.pupils) + " pupils, " + std::to_string(s.responseRows) + " item rows, " +
            std::to_string(s.eventRows) + " events");
    std::fprintf(stderr, "dlkiosk: exported %d pupils (%d item rows, %d events) to %s\n", s.pupils, s.responseRows,
                 s.eventRows, out->c_str());
    return 0;
}

}  // namespace

std::optional<int> runCommand(int argc, char** argv) {
    if (argc < 2) return std::nullopt;
    const std::string cmd = argv[1];
    try {
        if (cmd == "demo") {
            Args args(argc, argv, 2);
            return demoCommand(args, argv[0]);
        }
        if (cmd == "export") {
            Args args(argc, argv, 2);
            return exportCommand(args, argv[0]);
        }
        if (cmd == "score") {
            Args args(argc, argv, 2);
            return scoreCommand(args);
        }
        if (cmd == "calibrate") {
            Args args(argc, argv, 2);
            return calibrateCommand(args);
        }
        if (cmd == "estimate") {
            Args args(argc, argv, 2);
            return estimateCommand(args);
        }
        if (cmd == "validate") {
            Args args(argc, argv, 2);
            return validateCommand(args);
        }
        if (cmd == "qti") {
            Args args(argc, argv, 2);
            return qtiCommand(args, argv[0]);
        }
        if (cmd == "say") {
            Args args(argc, argv, 2);
            return sayCommand(args);
        }
        if (cmd == "bench") {
            Args args(argc, argv, 2);
            return benchCommand(args, argv[0]);
        }
        if (cmd == "help" || cmd == "--help" || cmd == "-h") {
            printUsage();
            return 0;
        }
        if (cmd == "version" || cmd == "--version") {
            std::puts("dlkiosk " DLK_VERSION);
            return 0;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk %s: %s\n", cmd.c_str(), e.what());
        return 1;
    }
    if (cmd.rfind("--", 0) != 0) {
        std::fprintf(stderr, "dlkiosk: unknown command '%s' (see dlkiosk --help)\n", cmd.c_str());
        return 1;
    }
    return std::nullopt;
}

}  // namespace dlk::cli
