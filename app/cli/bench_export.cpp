// `dlkiosk bench export [--classes N] [--pupils N] [--dir DIR]` and `dlkiosk bench merge [--schools N] [--classes N]
// [--pupils N] [--dir DIR]`: figures for the README's "Measured figures" on a generated school of realistic size.
// Each school is made with the demo (dlkiosk demo: simulated pupils who take the session the kiosk deals, answers,
// process data and teacher-scored tasks included) in a data folder of its own under --dir, then exported as the
// administrator's screen does (with the process data, the item parameters and the level table). bench export times
// one school's export; bench merge exports every school first and times the merge of their packages. Both print the
// rows, files, bytes, seconds and MB/s, and remove everything they made.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/bench_stats.h"
#include "cli/options.h"
#include "demo/demo_school.h"
#include "export/csv_export.h"
#include "export/merge.h"
#include "kiosk/kiosk_core.h"
#include "support/paths.h"
#include "util/text.h"

namespace dlk::cli {

namespace {

namespace fs = std::filesystem;
using Clock = BenchClock;

constexpr const char* kBenchPin = "246813";

int64_t intOption(Args& args, const char* name, int64_t fallback, int64_t lo, int64_t hi) {
    int64_t v = fallback;
    if (!parseInt64(args.valueOr(name, std::to_string(fallback)), v) || v < lo || v > hi)
        throw std::runtime_error(std::string("--") + name + " takes " + std::to_string(lo) + " to " +
                                 std::to_string(hi));
    return v;
}

// The CSV files of a package: how many, their rows (without headers) and bytes (every file).
struct PackageSize {
    size_t csvFiles = 0, rows = 0, files = 0;
    uintmax_t bytes = 0;
};

PackageSize sizeOf(const fs::path& folder) {
    PackageSize s;
    for (const auto& e : fs::directory_iterator(folder)) {
        if (!e.is_regular_file()) continue;
        ++s.files;
        s.bytes += e.file_size();
        if (e.path().extension() != ".csv") continue;
        ++s.csvFiles;
        std::FILE* f = std::fopen(e.path().c_str(), "rb");
        if (!f) throw std::runtime_error("cannot read " + e.path().string());
        size_t lines = 0;
        char buffer[1 << 16];
        for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;)
            for (size_t i = 0; i < n; ++i) lines += buffer[i] == '\n';
        std::fclose(f);
        // Quoted cells may hold line breaks (screened free text is not exported here): close enough for a figure.
        s.rows += lines > 0 ? lines - 1 : 0;
    }
    return s;
}

// One school of `classes` demo classes of `pupils` in data/, exported to out/. Returns the export's seconds.
double makeAndExportSchool(const fs::path& data, const fs::path& out, const std::string& items,
                           const std::string& assets, int64_t classes, int64_t pupils, uint64_t seed,
                           double* generateSeconds) {
    auto t0 = Clock::now();
    KioskCore core(data.string(), items);
    core.loadLevels(assets + "/irt/levels.csv");
    for (int64_t c = 0; c < classes; ++c) {
        DemoOptions options;
        options.pupils = static_cast<int>(pupils);
        options.seed = seed * 1000 + static_cast<uint64_t>(c);
        options.pin = kBenchPin;
        options.finishedShare = 0.8;
        makeDemoSchool(core.school(), core.db(), core.bank(), core.sessionDesign(), options, 1'780'000'000'000);
    }
    if (!core.school().loggedInAsAdmin() && core.school().checkPin(kBenchPin, 1'780'000'000'000).result != PinCheck::Ok)
        throw std::runtime_error("the generated school does not open with its PIN");
    if (generateSeconds) *generateSeconds += msSince(t0) / 1000;
    ExportOptions options;
    options.events = true;
    options.workbook = false;
    if (core.calibration()) options.calibration = &*core.calibration();
    if (core.levels()) options.levels = &*core.levels();
    t0 = Clock::now();
    exportCsv(core.db(), core.bank(), out.string(), core.school(), options);
    return msSince(t0) / 1000;
}

void printFigures(const char* what, const PackageSize& s, double seconds, uintmax_t bytesRead) {
    std::printf("  %-30s %zu rows in %zu CSV files (%zu files, %.1f MB)\n", what, s.rows, s.csvFiles, s.files,
                static_cast<double>(s.bytes) / 1e6);
    std::printf("  %-30s %.2f s, %.0f rows/s, %.1f MB/s\n", "time", seconds, static_cast<double>(s.rows) / seconds,
                static_cast<double>(bytesRead) / 1e6 / seconds);
}

}  // namespace

int benchExport(Args& args, const char* argv0, bool merge) {
    const int64_t schools = merge ? intOption(args, "schools", 10, 2, 100) : 1;
    const int64_t classes = intOption(args, "classes", merge ? 3 : 30, 1, 100);
    const int64_t pupils = intOption(args, "pupils", 28, 5, 60);
    const std::string base = args.valueOr("dir", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();

    const fs::path dir = fs::path(base) / ("bench-export-" + std::to_string(::getpid()));
    const auto made = missingFolders(base);
    fs::remove_all(dir);
    int code = 0;
    try {
        fs::create_directories(dir);
        double generate = 0, exportSeconds = 0;
        std::vector<std::string> packages;
        for (int64_t s = 0; s < schools; ++s) {
            const fs::path data = dir / ("school" + std::to_string(s + 1));
            const fs::path out = dir / ("export" + std::to_string(s + 1));
            exportSeconds += makeAndExportSchool(data, out, paths.items, paths.assets, classes, pupils,
                                                 static_cast<uint64_t>(s + 1), &generate);
            packages.push_back(out.string());
        }
        const PackageSize one = sizeOf(packages[0]);
        std::printf("bench %s: %lld school%s of %lld classes x %lld pupils (generated in %.1f s)\n",
                    merge ? "merge" : "export", static_cast<long long>(schools), schools > 1 ? "s" : "",
                    static_cast<long long>(classes), static_cast<long long>(pupils), generate);
        if (!merge) {
            printFigures("export (with events.csv)", one, exportSeconds, one.bytes);
        } else {
            uintmax_t bytesIn = 0;
            for (const std::string& p : packages) bytesIn += sizeOf(p).bytes;
            const fs::path out = dir / "merged";
            const auto t0 = Clock::now();
            mergePackages(packages, out.string(), {});
            const double seconds = msSince(t0) / 1000;
            std::printf("  %-30s %.2f s for %lld packages (%.1f MB)\n", "exports", exportSeconds,
                        static_cast<long long>(schools), static_cast<double>(bytesIn) / 1e6);
            printFigures("merged package", sizeOf(out), seconds, bytesIn);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk bench: %s\n", e.what());
        code = 1;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    removeEmptyFolders(made);
    return code;
}

}  // namespace dlk::cli
