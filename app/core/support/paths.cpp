#include "support/paths.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "util/error.h"

namespace dlk {

std::string defaultDataDir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/dlkiosk";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/dlkiosk";
    return "dlkiosk-data";
}

void prepareDataDir(const std::string& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot create the data folder " + folder + ": " + ec.message());
    const auto probe = std::filesystem::path(folder) / ".write-test";
    {
        std::ofstream out(probe);
        out << "ok";
        if (!out) throw Error(ErrorKind::ReadOnly, "the data folder " + folder + " is not writable");
    }
    std::filesystem::remove(probe, ec);
}

int64_t wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace dlk
