#pragma once
// Helpers shared by the test suites: temporary folders that clean up after themselves, and a
// way to say that a test could not run here.
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

// Ends the running test as skipped: ctest shows it as skipped, never as passed (the suites'
// SKIP_REGULAR_EXPRESSION matches the line printed here). `why` names what is missing. CI
// (.ci/run, DLK_NO_SKIPS) fails when a test is skipped, unless DLK_SKIP_MISSING_DATA says that
// data kept outside the repository (../shared) is not there.
#define DLK_SKIP(why)                                            \
    do {                                                         \
        std::printf("DLK-SKIP: %s\n", std::string(why).c_str()); \
        std::fflush(stdout);                                     \
        return;                                                  \
    } while (0)
#define DLK_SKIP_MISSING_DATA(why) DLK_SKIP(std::string("[missing data] ") + (why))

namespace dlk::test {

// Built with AddressSanitizer (make test)? gcc says so with a macro, clang with a feature.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

// A speed target is the ordinary debug build's; under ASan and UBSan every allocation and memory
// access costs several times more (3.5 s for a report that takes 1.2 s without), so a target
// there is this many times the ordinary one. The sanitizer build checks memory, not speed.
inline constexpr double kSlowdown = kSanitized ? 5.0 : 1.0;

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() / ("dlk-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::string str() const { return m_path.string(); }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

}  // namespace dlk::test
