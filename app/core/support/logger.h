#pragma once
// The kiosk's log file, <data>/dlkiosk.log, rotated at 512 KiB with three old files kept.
// Rule for every caller: never log a pupil's answer, code or name, nor a PIN. Log what happened
// ("pupil session resumed at item 3"), with internal ids at most.
#include <cstdio>
#include <mutex>
#include <string>

namespace dlk {

enum class LogLevel { Info, Warning, Error };

class Logger {
public:
    static Logger& instance();
    // Opens <folder>/dlkiosk.log for appending; until then messages go to stderr only.
    void open(const std::string& folder);
    void close();
    void write(LogLevel level, const std::string& message);
    void setEcho(bool echoToStderr) { m_echo = echoToStderr; }
    const std::string& path() const { return m_path; }

    static constexpr long kRotateBytes = 512 * 1024;
    static constexpr int kKeepFiles = 3;

private:
    void rotateIfNeeded();
    std::mutex m_mutex;
    std::FILE* m_file = nullptr;
    std::string m_path;
    bool m_echo = false;
};

void logInfo(const std::string& message);
void logWarning(const std::string& message);
void logError(const std::string& message);

}  // namespace dlk
