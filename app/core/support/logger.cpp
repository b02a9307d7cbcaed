#include "support/logger.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "util/text.h"

namespace dlk {

namespace {
// The log names no pupil, but it is the kiosk's own: 0600 like everything in the data folder,
// and an existing log an older dlkiosk left 0644 is tightened when opened.
std::FILE* openPrivateAppend(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && (st.st_mode & 0077) != 0) (void)::fchmod(fd, st.st_mode & 07700);
    std::FILE* f = ::fdopen(fd, "a");
    if (!f) ::close(fd);
    return f;
}
}  // namespace

Logger& Logger::instance() {
    static Logger logger;
    return logger;
}

void Logger::open(const std::string& folder) {
    std::lock_guard lock(m_mutex);
    if (m_file) std::fclose(m_file);
    m_path = (std::filesystem::path(folder) / "dlkiosk.log").string();
    m_file = openPrivateAppend(m_path);
}

void Logger::close() {
    std::lock_guard lock(m_mutex);
    if (m_file) std::fclose(m_file);
    m_file = nullptr;
}

void Logger::rotateIfNeeded() {
    if (!m_file || std::ftell(m_file) < kRotateBytes) return;
    std::fclose(m_file);
    std::error_code ec;
    for (int i = kKeepFiles - 1; i >= 1; --i)
        std::filesystem::rename(m_path + "." + std::to_string(i), m_path + "." + std::to_string(i + 1), ec);
    std::filesystem::rename(m_path, m_path + ".1", ec);
    std::filesystem::remove(m_path + "." + std::to_string(kKeepFiles + 1), ec);
    m_file = openPrivateAppend(m_path);
}

void Logger::write(LogLevel level, const std::string& message) {
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    const char* tag = level == LogLevel::Info ? "info" : level == LogLevel::Warning ? "warning" : "error";
    const std::string line = isoTimestamp(now) + " " + tag + ": " + message + "\n";
    std::lock_guard lock(m_mutex);
    if (m_echo || (!m_file && level != LogLevel::Info)) std::fputs(line.c_str(), stderr);
    if (!m_file) return;
    std::fputs(line.c_str(), m_file);
    std::fflush(m_file);
    rotateIfNeeded();
}

void logInfo(const std::string& message) {
    Logger::instance().write(LogLevel::Info, message);
}
void logWarning(const std::string& message) {
    Logger::instance().write(LogLevel::Warning, message);
}
void logError(const std::string& message) {
    Logger::instance().write(LogLevel::Error, message);
}

}  // namespace dlk
