// The kiosk's log: rotation keeps it small, and it never holds a pupil's code, name or answer.
#include <filesystem>

#include "core_test_helpers.h"
#include "support/logger.h"

namespace fs = std::filesystem;
using dlk::Logger;

TEST_CASE("logger: the log rotates at its size limit and keeps three old files") {
    dlk::test::TempDir dir;
    Logger& log = Logger::instance();
    log.open(dir.str());
    const std::string line(1000, 'x');
    // About 2.2 MiB in all: the live file plus .1 .2 .3, never more.
    for (int i = 0; i < 2300; ++i) log.write(dlk::LogLevel::Info, "event " + std::to_string(i) + " " + line);
    log.close();
    CHECK(fs::exists(dir.path() / "dlkiosk.log"));
    CHECK(fs::exists(dir.path() / "dlkiosk.log.1"));
    CHECK(fs::exists(dir.path() / "dlkiosk.log.3"));
    CHECK_FALSE(fs::exists(dir.path() / "dlkiosk.log.4"));
    for (const char* f : {"dlkiosk.log", "dlkiosk.log.1", "dlkiosk.log.2", "dlkiosk.log.3"})
        CHECK(fs::file_size(dir.path() / f) <= static_cast<uintmax_t>(Logger::kRotateBytes) + 2000);
    // The newest event is in the live file, an older one in a rotated file.
    CHECK(dlk::test::contains(dlk::test::readFile(dir.path() / "dlkiosk.log"), "event 2299 "));
    CHECK_FALSE(dlk::test::contains(dlk::test::readFile(dir.path() / "dlkiosk.log"), "event 0 "));
}

TEST_CASE("logger: lines carry a UTC timestamp and a level") {
    dlk::test::TempDir dir;
    Logger& log = Logger::instance();
    log.open(dir.str());
    dlk::logWarning("disk almost full");
    log.close();
    const std::string text = dlk::test::readFile(dir.path() / "dlkiosk.log");
    CHECK(dlk::test::contains(text, "Z warning: disk almost full\n"));
    CHECK(text.size() > 20);
    CHECK(text[4] == '-');  // 2026-...
}
