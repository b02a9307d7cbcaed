// Every input the fuzzers ever found troublesome, kept in tests/fuzz/regressions/<target>/ and
// replayed here in the ordinary (and sanitizer) builds. Each must be answered without a crash.
#include <filesystem>

#include "core_test_helpers.h"
#include "fuzz/fuzz_entries.h"

namespace fs = std::filesystem;

namespace {
int replay(const char* target, void (*entry)(const uint8_t*, size_t)) {
    int count = 0;
    const fs::path dir = fs::path(DLK_TEST_DATA).parent_path() / "fuzz" / "regressions" / target;
    for (const auto& f : fs::directory_iterator(dir)) {
        if (!f.is_regular_file() || f.path().filename() == "README") continue;
        const std::string bytes = dlk::test::readFile(f.path());
        CAPTURE(f.path().string());
        entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        ++count;
    }
    return count;
}
}  // namespace

TEST_CASE("fuzz regressions: every kept item input is handled") {
    CHECK(replay("item", dlk::fuzz::itemEntry) > 0);
}
TEST_CASE("fuzz regressions: every kept test input is handled") {
    CHECK(replay("test", dlk::fuzz::testEntry) > 0);
}
TEST_CASE("fuzz regressions: every kept JSON input is handled") {
    CHECK(replay("json", dlk::fuzz::jsonEntry) > 0);
}
TEST_CASE("fuzz regressions: every kept package input is handled") {
    CHECK(replay("package", dlk::fuzz::packageEntry) > 0);
}
TEST_CASE("fuzz regressions: every kept block program is handled") {
    CHECK(replay("blocks", dlk::fuzz::blocksEntry) > 0);
}
