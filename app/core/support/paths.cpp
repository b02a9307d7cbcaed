#include "support/paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "support/logger.h"
#include "util/error.h"

namespace dlk {

std::string defaultDataDir() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/dlkiosk";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/dlkiosk";
    return "dlkiosk-data";
}

namespace {
namespace fs = std::filesystem;
// Removes group and other bits from one path (never adds any: a folder made read-only stays so).
void tightenOne(const fs::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return;
    const mode_t wanted = st.st_mode & 07700;
    if ((st.st_mode & 07777) == wanted) return;
    if (::chmod(p.c_str(), wanted) != 0)
        logWarning("cannot make " + p.string() + " private (mode " + std::to_string(st.st_mode & 0777) +
                   "): " + std::strerror(errno));
}
}  // namespace

void tightenPrivate(const std::string& path) {
    std::error_code ec;
    tightenOne(path);
    if (!fs::is_directory(fs::symlink_status(path, ec))) return;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        tightenOne(it->path());
}

void makePrivateDir(const std::string& folder) {
    std::error_code ec;
    const bool existed = fs::exists(folder, ec);
    fs::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot create the folder " + folder + ": " + ec.message());
    if (!existed) {
        if (::chmod(folder.c_str(), kPrivateDirMode) != 0)
            throw Error(ErrorKind::Io, "cannot make the folder " + folder + " private: " + std::strerror(errno));
    } else {
        tightenOne(folder);
    }
}

void makePrivateFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kPrivateFileMode);
    if (fd >= 0) {
        ::close(fd);
        return;
    }
    if (errno == EEXIST) {
        tightenOne(path);  // an existing file is never opened for writing here, only tightened
        return;
    }
    const int err = errno;
    throw Error(err == EROFS || err == EACCES ? ErrorKind::ReadOnly : ErrorKind::Io,
                "cannot create " + path + ": " + std::strerror(err));
}

void prepareDataDir(const std::string& folder) {
    std::error_code ec;
    const bool existed = fs::exists(folder, ec);
    fs::create_directories(folder, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot create the data folder " + folder + ": " + ec.message());
    if (!existed && ::chmod(folder.c_str(), kPrivateDirMode) != 0)
        throw Error(ErrorKind::Io, "cannot make the data folder " + folder + " private: " + std::strerror(errno));
    // The kiosk's own files only: a --data pointed at a folder that holds other things (by mistake,
    // a home folder) must not have the permissions of everything in it changed.
    tightenOne(folder);
    for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == "backups")
            tightenPrivate(it->path().string());
        else if (name.rfind("dlkiosk", 0) == 0)  // dlkiosk.db, -wal, -shm, -journal, dlkiosk.log and .1 .2 .3
            tightenOne(it->path());
    }
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
