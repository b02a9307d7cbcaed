// `dlkiosk bench storage`: figures for the README, measured on this machine's disk.
// Every answer is one transaction with synchronous=FULL, so its cost is one sync; this prints
// what that costs (p50, p99, max), and how long loading the bundled item bank takes.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "cli/bench_stats.h"
#include "cli/options.h"
#include "delivery/module_session.h"
#include "kiosk/kiosk_core.h"
#include "support/paths.h"
#include "util/text.h"

namespace dlk::cli {

using Clock = BenchClock;

int benchIrt(Args& args, const char* argv0);                 // irt_commands.cpp
int benchLoad(Args& args);                                   // bench_load.cpp
int benchUi(Args& args, const char* argv0);                  // bench_ui.cpp
int benchBlocks(Args& args);                                 // bench_blocks.cpp
int benchDif(Args& args);                                    // dif_commands.cpp
int benchExport(Args& args, const char* argv0, bool merge);  // bench_export.cpp

int benchCommand(Args& args, const char* argv0) {
    const auto& pos = args.positional();
    if (!pos.empty() && pos[0] == "irt") return benchIrt(args, argv0);
    if (!pos.empty() && pos[0] == "load") return benchLoad(args);
    if (!pos.empty() && pos[0] == "ui") return benchUi(args, argv0);
    if (!pos.empty() && pos[0] == "blocks") return benchBlocks(args);
    if (!pos.empty() && pos[0] == "dif") return benchDif(args);
    if (!pos.empty() && pos[0] == "export") return benchExport(args, argv0, false);
    if (!pos.empty() && pos[0] == "merge") return benchExport(args, argv0, true);
    if (pos.empty() || pos[0] != "storage")
        throw std::runtime_error("bench takes: storage, load, irt, ui, blocks, dif, export, merge");
    int64_t answers = 500;
    if (!parseInt64(args.valueOr("answers", "500"), answers) || answers < 10 || answers > 100000)
        throw std::runtime_error("--answers takes 10 to 100000");
    const std::string base = args.valueOr("dir", defaultDataDir());
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();

    const std::filesystem::path dir = std::filesystem::path(base) / ("bench-" + std::to_string(::getpid()));
    // A --dir that does not exist yet is made for the run and removed after it, like its bench-PID
    // folder: a benchmark leaves nothing behind.
    const auto made = missingFolders(base);
    std::filesystem::remove_all(dir);
    int code = 0;
    try {
        auto t0 = Clock::now();
        KioskCore core(dir.string(), paths.items);
        const double openMs = msSince(t0);
        t0 = Clock::now();
        const ItemBank bank = ItemBank::loadFolder(paths.items);
        const double bankMs = msSince(t0);

        core.school().setUpSchool("bench", "246813", 0);  // unlocked: pupils' names are sealed
        const int64_t cls = core.school().createClass("bench", 0);
        const auto pupil = core.school().addPupils(cls, {""}, 0).front();
        const Module& module = core.bank().modules().front();
        ModuleSession session(core.responses(), module, pupil.id, "nl", 0);
        std::vector<double> commitMs;
        commitMs.reserve(static_cast<size_t>(answers));
        for (int64_t i = 0; i < answers; ++i) {
            const Item& item = session.currentItem();
            const ResponseDeclaration& decl = item.responses.front();
            // Alternate two values so every commit really changes the row.
            const std::string v = decl.baseType == BaseType::Integer  ? std::to_string(i % 2)
                                  : decl.baseType == BaseType::String ? (i % 2 ? "pdf" : "doc")
                                  : decl.correctResponse && !decl.correctResponse->isNull()
                                      ? decl.correctResponse->items[0]
                                      : "A";
            Value value = decl.cardinality == Cardinality::Single
                              ? Value::single(decl.baseType, v)
                              : Value::container(decl.cardinality, decl.baseType, {v});
            if (i % 2 && decl.cardinality != Cardinality::Single) value.items.clear();
            const auto t = Clock::now();
            session.setResponse(decl.identifier, value, i);
            commitMs.push_back(msSince(t));
            if (session.saveState() != SaveState::Saved)
                throw std::runtime_error("a commit failed: " + session.lastError());
            if (i % 7 == 6) session.goTo(static_cast<size_t>(i / 7) % session.itemCount(), i);
        }
        double sum = 0;
        for (double m : commitMs) sum += m;
        std::printf("bench storage: %s\n", dir.c_str());
        std::printf("  open + check + migrate database   %8.2f ms\n", openMs);
        std::printf("  load bundled item bank (%zu modules) %6.2f ms\n", bank.modules().size(), bankMs);
        std::printf("  answers committed (synchronous=FULL) %6lld\n", static_cast<long long>(answers));
        std::printf("  commit per answer: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    sum / static_cast<double>(commitMs.size()), percentile(commitMs, 0.5), percentile(commitMs, 0.99),
                    *std::max_element(commitMs.begin(), commitMs.end()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk bench: %s\n", e.what());
        code = 1;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    removeEmptyFolders(made);
    return code;
}

}  // namespace dlk::cli
