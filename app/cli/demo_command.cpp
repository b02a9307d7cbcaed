// `dlkiosk demo --data DIR [--pupils N] [--not-started N] [--seed S] [--pin PIN]`: a demo class
// of simulated pupils in a data folder, opened through the same KioskCore as the kiosk.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "cli/options.h"
#include "delivery/session_plan.h"
#include "demo/calibration_sample.h"
#include "demo/demo_school.h"
#include "export/atomic_file.h"
#include "kiosk/kiosk_core.h"
#include "security/pin_hash.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/text.h"

namespace dlk::cli {

namespace {
// A demo class is one school's year group at most: every simulated pupil takes every module they
// are dealt, so 500 already fills the teacher screens well past what a class shows, and keeps the
// command to seconds. The same bound for those who have not started.
constexpr int64_t kMaxDemoPupils = 500;
}  // namespace

int demoCommand(Args& args, const char* argv0) {
    const std::string data = args.valueOr("data", defaultDataDir());
    int64_t pupils = 25, seed = 20261128, notStarted = 0;
    if (!parseInt64(args.valueOr("pupils", "25"), pupils) || pupils < 1 || pupils > kMaxDemoPupils)
        throw std::runtime_error("--pupils takes 1 to " + std::to_string(kMaxDemoPupils));
    if (!parseInt64(args.valueOr("seed", "20261128"), seed)) throw std::runtime_error("--seed takes a whole number");
    if (!parseInt64(args.valueOr("not-started", "0"), notStarted) || notStarted < 0 || notStarted > kMaxDemoPupils)
        throw std::runtime_error("--not-started takes 0 to " + std::to_string(kMaxDemoPupils));
    const std::string pin = args.valueOr("pin", "123456");
    const bool scoreRubrics = args.flag("score-rubrics");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    // Every option is checked before the data folder is touched: a refused --pin creates nothing.
    if (*pinProblem(pin)) throw std::runtime_error(std::string("--pin: ") + pinProblem(pin));
    KioskCore core(data, paths.items);
    Logger::instance().open(data);
    DemoOptions options;
    options.pupils = static_cast<int>(pupils);
    options.notStarted = static_cast<int>(notStarted);
    options.seed = static_cast<uint64_t>(seed);
    options.pin = pin;
    options.scoreRubrics = scoreRubrics;
    const bool newSchool = !core.school().isSetUp();
    const DemoSchool demo =
        makeDemoSchool(core.school(), core.db(), core.bank(), core.sessionDesign(), options, wallClockMs());
    logInfo("demo class created with " + std::to_string(demo.pupils.size()) + " simulated pupils and " +
            std::to_string(demo.notStarted.size()) + " who have not started");
    std::printf("%s\n", demo.className.c_str());
    // The simulated pupils, then those who have not started (a fresh code to log in with).
    for (const auto& p : demo.pupils) std::printf("%s\t%s\n", p.code.c_str(), p.displayName.c_str());
    for (const auto& p : demo.notStarted) std::printf("%s\t%s\n", p.code.c_str(), p.displayName.c_str());
    if (newSchool)
        std::fprintf(stderr, "dlkiosk: demo school created in %s with teacher PIN %s\n", data.c_str(), pin.c_str());
    return 0;
}

}  // namespace dlk::cli

namespace dlk::cli {

// `dlkiosk simulate --out RESPONSES.csv [--pupils N] [--seed S] [--design NAME] [--items DIR]`: a
// simulated calibration sample taking the bank's session design (demo/calibration_sample.h).
int simulateCommand(Args& args, const char* argv0) {
    const auto out = args.value("out");
    int64_t pupils = 5000, seed = 20261205;
    if (!parseInt64(args.valueOr("pupils", "5000"), pupils) || pupils < 1 || pupils > kMaxCalibrationPupils)
        throw std::runtime_error("--pupils takes 1 to " + std::to_string(kMaxCalibrationPupils));
    if (!parseInt64(args.valueOr("seed", "20261205"), seed) || seed < 0)
        throw std::runtime_error("--seed takes a whole number from 0");
    const auto designName = args.value("design");
    const auto background = args.value("background");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!args.positional().empty())
        throw std::runtime_error("simulate takes no file name but --out's: '" + args.positional()[0] + "'");
    if (!out || out->empty()) throw std::runtime_error("simulate needs --out RESPONSES.csv");
    if (background && background->empty())
        throw std::runtime_error("--background needs a file name, not an empty word");
    if (background && *background == *out) throw std::runtime_error("--background and --out name the same file");
    if (!std::filesystem::is_directory(paths.items))
        throw std::runtime_error("no item bank in " + paths.items + " (give one with --items DIR)");
    ItemBank bank = ItemBank::load(paths.items);
    const SessionDesigns designs = loadSessionDesigns(paths.items, bank);
    const BookletDesign* design = designName ? designs.find(*designName) : &designs.defaultDesign();
    if (!design) throw std::runtime_error("--design: the session design has no design named '" + *designName + "'");
    if (!design->tutorial.empty()) bank.markPractice(design->tutorial);
    BookletDesign dealt = *design;
    dealt.seed = 0;  // the rotation starts at the first booklet: the sample is balanced from pupil 1
    CalibrationSampleOptions options;
    options.pupils = static_cast<int>(pupils);
    options.seed = static_cast<uint64_t>(seed);
    const auto start = std::chrono::steady_clock::now();
    const CalibrationSample sample = simulateCalibrationSample(bank, dealt, options);
    AtomicFile file(*out);
    file.out() << formatCalibrationResponses(sample);
    file.commit();
    if (background) {
        AtomicFile bg(*background);
        bg.out() << formatCalibrationBackground(sample);
        bg.commit();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    size_t human = 0;
    for (const CalibrationUnit& u : sample.units) human += u.human() ? 1 : 0;
    std::fprintf(stderr,
                 "dlkiosk simulate: %d pupils taking design '%s' (%llu booklets), %zu units (%zu criteria a person "
                 "scores), seed %lld, in %.1f s -> %s\n",
                 options.pupils, design->name.c_str(), static_cast<unsigned long long>(dealt.bookletCount()),
                 sample.units.size(), human, static_cast<long long>(seed), seconds, out->c_str());
    return 0;
}

}  // namespace dlk::cli
