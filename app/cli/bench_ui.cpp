// `dlkiosk bench ui`: time from process start to the first frame on screen (with the bundled
// bank), CPU while a pupil reads, CPU per frame while dragging, resident memory. This is the
// measuring side: it starts the kiosk as a child (the kiosk's side is platform/bench_ui_child)
// and times it from outside.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli/bench_stats.h"
#include "cli/options.h"
#include "demo/demo_school.h"
#include "kiosk/kiosk_core.h"
#include "support/paths.h"
#include "util/text.h"

extern char** environ;

namespace dlk::cli {

namespace {

using Clock = BenchClock;

// --- the parent -------------------------------------------------------------------------------

struct Child {
    pid_t pid = -1;
    int readFd = -1;
};

Child spawnKiosk(const std::string& binary, const std::vector<std::string>& args, const std::string& mode) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "DLK_BENCH", 9) != 0) env.emplace_back(*e);
    env.push_back("DLK_BENCH_CHILD=" + mode);
    env.push_back("DLK_BENCH_FD=" + std::to_string(fds[1]));
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    Child c;
    const int rc = posix_spawn(&c.pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error("cannot start " + binary + ": " + std::strerror(rc));
    }
    c.readFd = fds[0];
    return c;
}

// One line from the child, or empty when it exited first.
std::string readLine(int fd) {
    std::string line;
    char ch;
    while (::read(fd, &ch, 1) == 1) {
        if (ch == '\n') return line;
        line += ch;
    }
    return line;
}

void stop(Child& c) {
    if (c.pid > 0) {
        ::kill(c.pid, SIGKILL);
        int status = 0;
        ::waitpid(c.pid, &status, 0);
    }
    if (c.readFd >= 0) ::close(c.readFd);
    c = {};
}

// utime + stime of a process, in ms.
double processCpuMs(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')');
    if (close == std::string::npos) throw std::runtime_error("cannot read the kiosk's CPU time");
    std::istringstream fields(text.substr(close + 2));
    std::string f;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) utime = std::stod(f);
        if (i == 15) stime = std::stod(f);
    }
    return (utime + stime) * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// VmRSS / VmHWM of a process, in MiB.
double statusMiB(pid_t pid, const char* key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::strlen(key) + 1)) / 1024.0;
    return -1;
}

}  // namespace

int benchUi(Args& args, const char* argv0) {
    int64_t runs = 5, idleSeconds = 10;
    if (!parseInt64(args.valueOr("runs", "5"), runs) || runs < 1 || runs > 50)
        throw std::runtime_error("--runs takes 1 to 50");
    if (!parseInt64(args.valueOr("idle-seconds", "10"), idleSeconds) || idleSeconds < 2 || idleSeconds > 600)
        throw std::runtime_error("--idle-seconds takes 2 to 600");
    const std::string screen = args.valueOr("screen", "item2");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display)
        throw std::runtime_error("bench ui needs a display; on a machine without one: xvfb-run -a dlkiosk bench ui");
    const std::string binary = std::filesystem::canonical("/proc/self/exe").string();

    // A data folder with a school, so the kiosk starts as it would in class.
    const auto dir = std::filesystem::temp_directory_path() / ("dlkiosk-bench-ui-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    {
        KioskCore core(dir.string(), paths.items);
        DemoOptions demo;
        demo.pupils = 24;
        makeDemoSchool(core.db(), core.bank(), core.sessionDesign(), demo, wallClockMs());
    }
    const std::vector<std::string> common = {"--windowed", "--data", dir.string(), "--items", paths.items};
    int code = 0;
    try {
        std::printf("dlkiosk bench ui (display %s, %u cores)\n", display, std::thread::hardware_concurrency());
        // 1. Process start to the first frame on screen, on the login screen a class first sees.
        std::vector<double> firstFrame;
        double rss = 0;
        for (int64_t r = 0; r < runs; ++r) {
            const auto t0 = Clock::now();
            Child c = spawnKiosk(binary, common, "first-frame");
            const std::string line = readLine(c.readFd);
            const double ms = msSince(t0);
            if (line != "first-frame") {
                stop(c);
                throw std::runtime_error("the kiosk exited before its first frame");
            }
            firstFrame.push_back(ms);
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            rss = std::max(rss, statusMiB(c.pid, "VmRSS:"));
            stop(c);
        }
        std::printf(
            "  first frame (process start -> frame on screen): median %.0f ms, min %.0f, max %.0f over %lld runs\n",
            percentile(firstFrame, 0.5), percentile(firstFrame, 0), percentile(firstFrame, 1),
            static_cast<long long>(runs));

        // 2. A pupil reading an item: no input for idleSeconds.
        {
            std::vector<std::string> a = common;
            a.insert(a.end(), {"--screen", screen});
            Child c = spawnKiosk(binary, a, "first-frame");
            if (readLine(c.readFd) != "first-frame") {
                stop(c);
                throw std::runtime_error("the kiosk exited before showing " + screen);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // let the first frames settle
            const double cpu0 = processCpuMs(c.pid);
            std::this_thread::sleep_for(std::chrono::seconds(idleSeconds));
            const double cpu1 = processCpuMs(c.pid);
            const double itemRss = statusMiB(c.pid, "VmRSS:");
            const double peak = statusMiB(c.pid, "VmHWM:");
            stop(c);
            std::printf("  idle on %s: %.2f%% of one core (%.0f ms CPU in %lld s)\n", screen.c_str(),
                        100.0 * (cpu1 - cpu0) / (1000.0 * static_cast<double>(idleSeconds)), cpu1 - cpu0,
                        static_cast<long long>(idleSeconds));
            std::printf("  resident memory: %.0f MiB on the login screen, %.0f MiB on %s (peak %.0f MiB)\n", rss,
                        itemRss, screen.c_str(), peak);
        }

        // 3. Dragging: the mouse held down and moving every frame.
        {
            std::vector<std::string> a = common;
            a.insert(a.end(), {"--screen", screen});
            Child c = spawnKiosk(binary, a, "drag");
            const std::string line = readLine(c.readFd);
            stop(c);
            size_t frames = 0;
            double mean = 0, median = 0, p95 = 0, uiMean = 0, uiP95 = 0;
            if (std::sscanf(line.c_str(), "drag %zu %lf %lf %lf %lf %lf", &frames, &mean, &median, &p95, &uiMean,
                            &uiP95) != 6)
                throw std::runtime_error("the kiosk did not report the drag figures");
            std::printf("  dragging on %s: CPU per frame mean %.2f ms, median %.2f, p95 %.2f over %zu frames\n",
                        screen.c_str(), mean, median, p95, frames);
            std::printf("    of which the UI (layout and draw lists, before GL): mean %.2f ms, p95 %.2f\n", uiMean,
                        uiP95);
        }
        std::printf("  (software GL such as llvmpipe under Xvfb draws on the CPU: its cost is in these figures)\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk bench ui: %s\n", e.what());
        code = 1;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return code;
}

}  // namespace dlk::cli
