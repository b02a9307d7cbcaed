// `dlkiosk bench export [--pupils N] [--events] [--keep] [--dir DIR] [--school KEPT]` and `dlkiosk bench merge
// [--schools N] [--pupils N] [--keep] [--dir DIR]`: issue 14's speed targets (100,000 pupils with about 60 responses
// each exported in 5 s; 500 school packages of 200 pupils merged in 10 s), measured on generated schools.
// - The pupils come from the demo (simulated pupils who take the session the kiosk deals: answers, process data,
//   teacher-scored tasks), a few classes of 25, which replicateClasses (demo/replicate_school.h) copies inside the
//   database up to the size asked for: the demo takes seconds per class, far too long for 100,000 pupils.
// - bench export times the administrator's export of that school (with the item parameters and the level table;
//   with --events also the process data).
// - bench merge exports one school of --pupils and makes the other schools' packages from it: each with a
//   pseudonym key and a signing key of its own (every pupil, class and school pseudonym replaced, the rows sorted
//   again, the package signed), as a school's own export would be. It then times the merge of all of them.
// Both print rows, files, bytes, seconds and MB/s (bench export also where the time went: ExportSummary::steps), and
// remove everything they made (with --keep, the generated school and its export stay, to time another build's export
// on the same data; --school KEPT exports such a school again).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/bench_stats.h"
#include "cli/options.h"
#include "demo/demo_school.h"
#include "demo/replicate_school.h"
#include "export/atomic_file.h"
#include "export/codebook.h"
#include "export/csv_export.h"
#include "export/manifest.h"
#include "export/merge.h"
#include "irt/csv_reader.h"
#include "kiosk/kiosk_core.h"
#include "security/data_key.h"
#include "security/pseudonym.h"
#include "security/signing.h"
#include "support/paths.h"
#include "util/error.h"
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

// `only`: that file alone.
PackageSize sizeOf(const fs::path& folder, const std::string& only = "") {
    PackageSize s;
    for (const auto& e : fs::directory_iterator(folder)) {
        if (!e.is_regular_file() || (!only.empty() && e.path().filename() != only)) continue;
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

constexpr int64_t kClassSize = 25;       // the demo classes a school is made of
constexpr int64_t kTemplateClasses = 4;  // at most this many from the demo; the rest are their copies

// A school of `pupils` pupils (rounded up to whole copies of its demo classes) in `core`'s database, with their
// process data: an export without events.csv reads it too (which items were shown).
int64_t makeSchool(KioskCore& core, int64_t pupils, uint64_t seed) {
    const int64_t classSize = std::min(pupils, kClassSize);
    const int64_t classes = std::min(kTemplateClasses, (pupils + classSize - 1) / classSize);
    for (int64_t c = 0; c < classes; ++c) {
        DemoOptions options;
        options.pupils = static_cast<int>(classSize);
        options.seed = seed * 1000 + static_cast<uint64_t>(c);
        options.pin = kBenchPin;
        options.finishedShare = 0.8;
        options.scoreRubrics = true;  // as after the teachers' scoring: the scores count
        makeDemoSchool(core.school(), core.db(), core.bank(), core.sessionDesign(), options, 1'780'000'000'000);
    }
    const int64_t made = classes * classSize;
    const int64_t copies = (pupils + made - 1) / made - 1;
    return copies > 0 ? replicateClasses(core.db(), copies).pupils : made;
}

// Exports the school in `core` as the administrator's screen does; returns the seconds it took. `steps`: where they
// went (ExportSummary::steps).
double exportSchool(KioskCore& core, const fs::path& out, bool events,
                    std::vector<std::pair<std::string, double>>* steps = nullptr) {
    if (!core.school().loggedInAsAdmin() && core.school().checkPin(kBenchPin, 1'780'000'000'000).result != PinCheck::Ok)
        throw std::runtime_error("the generated school does not open with its PIN");
    ExportOptions options;
    options.events = events;
    options.workbook = false;
    if (core.calibration()) options.calibration = &*core.calibration();
    if (core.levels()) options.levels = &*core.levels();
    const auto t0 = Clock::now();
    ExportSummary summary = exportCsv(core.db(), core.bank(), out.string(), core.school(), options);
    const double seconds = msSince(t0) / 1000;
    if (steps) *steps = std::move(summary.steps);
    return seconds;
}

// Another school's package made from `from`: every pupil, class and school pseudonym replaced by one
// keyed with a new school's secret, each file's rows sorted again by their key, and the package
// signed with a new school's key. What the merge sees is what that school's own export would be.
void deriveSchoolPackage(const fs::path& from, const fs::path& to) {
    const std::string key = newPseudonymKey();
    DataKey dataKey;
    dataKey.randomize();
    const SigningKeyPair pair = newSigningKeyPair(dataKey);
    const SigningKey signer(dataKey, pair.publicKey, pair.sealedSecretKey);
    prepareOutputFolder(to.string());
    std::map<std::string, std::string> renamed;
    int64_t next = 0;
    const auto rename = [&](const std::string& cell) -> const std::string& {
        const bool pseudonym = cell.size() == 25 && (cell[0] == 'p' || cell[0] == 'c' || cell[0] == 's') &&
                               cell.find_first_not_of("0123456789abcdef", 1) == std::string::npos;
        if (!pseudonym) return cell;
        auto [it, added] = renamed.try_emplace(cell);
        if (added)
            it->second = cell[0] == 'p'   ? pupilPseudonym(key, ++next)
                         : cell[0] == 'c' ? classPseudonym(key, ++next)
                                          : schoolPseudonym(key);
        return it->second;
    };
    const Codebook book = readCodebook(from.string());
    for (const CodebookTable& table : book.tables) {
        CsvReader reader = CsvReader::fromFile((from / table.path).string());
        std::vector<std::string> cells;
        if (!reader.next(cells)) throw std::runtime_error(table.path + " of the template is empty");
        std::vector<bool> pseudonymColumn;
        for (const std::string& c : cells)
            pseudonymColumn.push_back(c == "pupil" || c == "school" || c == "class" || c == "group");
        std::string header;
        appendCsvLine(header, cells);
        std::vector<std::pair<std::string, std::string>> rows;  // (key, line)
        while (reader.next(cells)) {
            for (size_t c = 0; c < cells.size() && c < pseudonymColumn.size(); ++c)
                if (pseudonymColumn[c]) cells[c] = rename(cells[c]);
            std::pair<std::string, std::string> row;
            if (!packageRowKey(table, cells, row.first)) reader.fail(ErrorKind::Invalid, "a key is not a number");
            appendCsvLine(row.second, cells);
            rows.push_back(std::move(row));
        }
        std::sort(rows.begin(), rows.end());
        AtomicFile file(to / table.path);
        file.out() << header;
        for (const auto& [rowKey, line] : rows) file.out() << line;
        file.commit();
    }
    for (const char* name : {"datapackage.json", "README.txt"}) fs::copy_file(from / name, to / name);
    writeSignedManifest(to.string(), signer);
}

void printFigures(const char* what, const PackageSize& s, double seconds, uintmax_t bytesRead) {
    std::printf("  %-30s %zu rows in %zu CSV files (%zu files, %.1f MB)\n", what, s.rows, s.csvFiles, s.files,
                static_cast<double>(s.bytes) / 1e6);
    std::printf("  %-30s %.2f s, %.0f rows/s, %.1f MB/s\n", "time", seconds, static_cast<double>(s.rows) / seconds,
                static_cast<double>(bytesRead) / 1e6 / seconds);
}

// An export's figures: rows, files, bytes, time, responses per pupil and where the time went.
void printExport(const fs::path& folder, double seconds, const std::vector<std::pair<std::string, double>>& steps,
                 bool events) {
    const PackageSize size = sizeOf(folder);
    printFigures(events ? "export (with events.csv)" : "export (without events.csv)", size, seconds, size.bytes);
    const size_t responses = sizeOf(folder, "responses.csv").rows;
    const size_t pupils = sizeOf(folder, "pupils.csv").rows;
    std::printf("  %-30s %zu rows, %.1f per pupil\n", "responses.csv", responses,
                pupils ? static_cast<double>(responses) / static_cast<double>(pupils) : 0.0);
    std::string where;
    for (const auto& [name, s] : steps) {
        char part[96];
        std::snprintf(part, sizeof part, "%s%s %.2f s", where.empty() ? "" : ", ", name.c_str(), s);
        where += part;
    }
    std::printf("  %-30s %s\n", "steps", where.c_str());
}

}  // namespace

int benchExport(Args& args, const char* argv0, bool merge) {
    const int64_t schools = merge ? intOption(args, "schools", 500, 2, 2000) : 1;
    const int64_t pupils = intOption(args, "pupils", merge ? 200 : 100'000, 5, merge ? 10'000 : 1'000'000);
    const bool events = !merge && args.flag("events");
    const bool keep = args.flag("keep");
    const std::string base = args.valueOr("dir", defaultDataDir());
    // A school an earlier `--keep` left (the folder it printed): exported again, without generating one (which takes
    // minutes at 100,000 pupils), so that two builds or two runs are timed on the same data.
    const std::string kept = merge ? std::string() : args.valueOr("school", "");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!kept.empty()) {
        try {
            if (!fs::exists(fs::path(kept) / "school")) throw std::runtime_error(kept + " holds no school/ folder");
            KioskCore core((fs::path(kept) / "school").string(), paths.items);
            core.loadLevels(paths.assets + "/irt/levels.csv");
            const fs::path out = fs::path(kept) / "export-again";
            std::vector<std::pair<std::string, double>> steps;
            const double seconds = exportSchool(core, out, events, &steps);
            printExport(out, seconds, steps, events);
            std::error_code ec;
            fs::remove_all(out, ec);
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "dlkiosk bench: %s\n", e.what());
            return 1;
        }
    }

    const fs::path dir = fs::path(base) / ("bench-export-" + std::to_string(::getpid()));
    const auto made = missingFolders(base);
    fs::remove_all(dir);
    int code = 0;
    try {
        fs::create_directories(dir);
        auto t0 = Clock::now();
        KioskCore core((dir / "school").string(), paths.items);
        core.loadLevels(paths.assets + "/irt/levels.csv");
        const int64_t schoolPupils = makeSchool(core, pupils, 1);
        const double generate = msSince(t0) / 1000;
        const fs::path first = dir / "export1";
        std::vector<std::pair<std::string, double>> steps;
        const double exportSeconds = exportSchool(core, first, events, &steps);
        std::printf("bench %s: %lld school%s of %lld pupils (generated in %.1f s)\n", merge ? "merge" : "export",
                    static_cast<long long>(schools), schools > 1 ? "s" : "", static_cast<long long>(schoolPupils),
                    generate);
        if (!merge) {
            printExport(first, exportSeconds, steps, events);
        } else {
            std::vector<std::string> packages = {first.string()};
            t0 = Clock::now();
            for (int64_t s = 1; s < schools; ++s) {
                packages.push_back((dir / ("export" + std::to_string(s + 1))).string());
                deriveSchoolPackage(first, packages.back());
            }
            const double derive = msSince(t0) / 1000;
            uintmax_t bytesIn = 0;
            for (const std::string& p : packages) bytesIn += sizeOf(p).bytes;
            const fs::path out = dir / "merged";
            // The packages written above onto the disk first: their write-back would otherwise run during the timed
            // merge (a board merges packages written long before).
            ::sync();
            t0 = Clock::now();
            const MergeSummary summary = mergePackages(packages, out.string(), {});
            const double seconds = msSince(t0) / 1000;
            std::printf("  %-30s %.2f s for the first school, %.1f s for the %lld others' packages (%.1f MB)\n",
                        "exports", exportSeconds, derive, static_cast<long long>(schools - 1),
                        static_cast<double>(bytesIn) / 1e6);
            std::printf("  %-30s %zu schools\n", "merged package", summary.schools);
            printFigures("merged package", sizeOf(out), seconds, bytesIn);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk bench: %s\n", e.what());
        code = 1;
    }
    if (keep && code == 0) {
        std::printf("  %-30s %s (school/ the database, PIN %s; export1/ the first export)\n", "kept", dir.c_str(),
                    kBenchPin);
        return code;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    removeEmptyFolders(made);
    return code;
}

}  // namespace dlk::cli
