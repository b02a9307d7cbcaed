// The database on a filesystem that fills up (docs/data-flow.md: a full disk): the answers that
// no longer fit stay in memory, "saved" is never reported for them, the reason names the disk,
// and once space is back the retry stores them. The filesystem is a real 1 MB tmpfs; where this
// process may not mount one, that test is skipped; the same failure made with a file-size limit
// (EFBIG) is a test of its own.
#include <doctest/doctest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "school/school_store.h"
#include "storage/schema.h"
#include "test_support.h"

using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

// A 1 MB tmpfs mounted for the test's lifetime, or nothing when mounting is not permitted.
class SmallFilesystem {
public:
    explicit SmallFilesystem(const std::filesystem::path& at) : m_path(at) {
        std::filesystem::create_directories(at);
        m_mounted = ::mount("tmpfs", at.c_str(), "tmpfs", 0, "size=1m") == 0;
    }
    ~SmallFilesystem() {
        if (m_mounted) ::umount2(m_path.c_str(), MNT_DETACH);
    }
    bool mounted() const { return m_mounted; }

private:
    std::filesystem::path m_path;
    bool m_mounted = false;
};

// Fills the filesystem holding `dir` with a filler file until the kernel says it is full.
void fillUp(const std::filesystem::path& filler) {
    std::FILE* f = std::fopen(filler.c_str(), "wb");
    REQUIRE(f);
    std::vector<char> block(4096, 'x');
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size() && std::fflush(f) == 0) {
    }
    std::fclose(f);
}

std::optional<std::string> onDisk(const std::string& path, const std::string& itemId) {
    Database other(path);
    auto st = other.prepare("SELECT value FROM responses WHERE item_id=? AND response_id='RESPONSE'");
    st.bind(1, itemId);
    if (!st.step()) return std::nullopt;
    return st.getText(0);
}

// The scenario, on a real tmpfs when `tryTmpfs` and mounting is permitted, else under RLIMIT_FSIZE.
void fullDiskScenario(bool tryTmpfs) {
    dlk::test::TempDir dir;
    const auto mountPoint = dir.path() / "small";
    std::filesystem::create_directories(mountPoint);
    std::optional<SmallFilesystem> fs;
    if (tryTmpfs) fs.emplace(mountPoint);
    const bool mounted = fs && fs->mounted();
    struct rlimit previousLimit {};
    ::getrlimit(RLIMIT_FSIZE, &previousLimit);
    // The tmpfs case is its own test: where mounting is refused it is skipped, not run under the
    // file-size limit (that is the other test) and called passed.
    if (tryTmpfs && !mounted) DLK_SKIP("cannot mount a 1 MB tmpfs here (mounting needs root)");
    if (!mounted) {
        std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails with EFBIG instead of killing us
    }
    const std::string path = (mountPoint / "kiosk.db").string();
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* module = bank.findModule("m01-schoolreis");
    REQUIRE(module);
    Database db(path);
    migrateSchema(db);
    SchoolStore school(db);
    dlk::test::setUpTestSchool(school);
    const int64_t pupilId = school.addPupils(school.createClass("Groep 8", kT0), {"Daan"}, kT0)[0].id;
    ResponseStore store(db);
    ModuleSession s(store, *module, pupilId, "nl", kT0);
    REQUIRE(s.goTo(5, kT0));  // the free-text item
    const std::string itemId = s.currentItem().identifier;

    // Fill the disk, then keep answering with long, different texts until a commit fails.
    const auto filler = mountPoint / "filler.bin";
    if (mounted) {
        fillUp(filler);
    } else {
        struct rlimit limit = previousLimit;
        limit.rlim_cur = static_cast<rlim_t>(std::filesystem::file_size(path) + 64 * 1024);
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
    }
    int64_t t = kT0 + 1000;
    std::string lastSaved, lastTried;
    bool failed = false;
    for (int i = 0; i < 400 && !failed; ++i) {
        lastTried = "antwoord " + std::to_string(i) + " " + std::string(3000, static_cast<char>('a' + i % 26));
        s.setResponse("RESPONSE", Value::single(BaseType::String, lastTried), t);
        t += 100;
        if (s.saveState() == SaveState::Saved) {
            // "Saved" is only ever said of what another connection reads back.
            REQUIRE(onDisk(path, itemId) == "\"" + lastTried + "\"");
            lastSaved = lastTried;
        } else {
            failed = true;
        }
    }
    REQUIRE_MESSAGE(failed, "the filesystem never filled up");
    CHECK(s.saveState() == SaveState::Failed);
    CHECK(s.response("RESPONSE") == Value::single(BaseType::String, lastTried));  // kept in memory
    const std::string reason = s.lastError();
    CAPTURE(reason);
    CHECK((reason.find("full") != std::string::npos || reason.find("too large") != std::string::npos ||
           reason.find("disk") != std::string::npos));
    // Navigation waits for the save rather than losing the answer.
    CHECK_FALSE(s.goTo(4, t));
    CHECK(s.position() == 5);
    if (!lastSaved.empty()) CHECK(onDisk(path, itemId) == "\"" + lastSaved + "\"");

    // Space comes back: the retry stores exactly what the pupil last typed.
    if (mounted)
        std::filesystem::remove(filler);
    else
        ::setrlimit(RLIMIT_FSIZE, &previousLimit);
    s.tick(t + ModuleSession::kRetryDelayMs + 1);
    CHECK(s.saveState() == SaveState::Saved);
    CHECK(onDisk(path, itemId) == "\"" + lastTried + "\"");
    CHECK(s.goTo(4, t + ModuleSession::kRetryDelayMs + 100));
}

}  // namespace

TEST_CASE("full disk: on a 1 MB filesystem answers that do not fit stay in memory and are stored when space returns") {
    fullDiskScenario(true);
}

TEST_CASE("full disk: past a file-size limit answers stay in memory and are stored when the limit is lifted") {
    fullDiskScenario(false);
}
