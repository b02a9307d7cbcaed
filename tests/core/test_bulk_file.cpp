// export/bulk_file.h: a large export file written from pieces on a thread of its own, straight to the disk where the
// file system takes it, hashed as it goes, synced, renamed into place on commit. And export/atomic_file.h, which
// writes the small ones: synced and renamed on commit, nothing left when that fails.
#include <doctest/doctest.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core_test_helpers.h"
#include "export/atomic_file.h"
#include "export/bulk_file.h"
#include "util/text.h"

using namespace dlk;
namespace fs = std::filesystem;

namespace {

std::string contentOf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

std::string sodiumSha256(const std::string& bytes) {  // libsodium's, apart from the file's own hashing
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return hexEncode(out, sizeof out);
}

}  // namespace

// Both ways of writing: straight to the disk (where the test's folder takes it; else the page cache, as then in the
// kiosk) and through the page cache.
#define FOR_EACH_WRITING(writing)                                       \
    BulkFile::Writing writing = BulkFile::Writing::DirectWherePossible; \
    SUBCASE("straight to the disk where possible") {                    \
        writing = BulkFile::Writing::DirectWherePossible;               \
    }                                                                   \
    SUBCASE("through the page cache") {                                 \
        writing = BulkFile::Writing::ThroughPageCache;                  \
    }

TEST_CASE("bulk file: every piece in the order put - the buffers handed back empty - the digest of the bytes written") {
    FOR_EACH_WRITING(writing)
    dlk::test::TempDir dir;
    const fs::path target = dir.path() / "responses.csv";
    std::string expected;
    FileDigest digest;
    {
        BulkFile file(target, writing, 2);  // two waiting at most: put() must wait for the thread again and again
        if (writing == BulkFile::Writing::ThroughPageCache) CHECK_FALSE(file.direct());
        CHECK(fs::exists(dir.path() / "responses.csv.tmp"));
        CHECK((fs::status(dir.path() / "responses.csv.tmp").permissions() & fs::perms::all) ==
              (fs::perms::owner_read | fs::perms::owner_write));
        // Pieces of every size, 9 MiB and an odd tail in all: whole stages of 4 MiB, then a last part that is no
        // multiple of a disk block.
        std::string piece;
        for (int i = 0; expected.size() + piece.size() < (size_t{9} << 20) + 4321; ++i) {
            piece += "row " + std::to_string(i) + std::string(static_cast<size_t>(i % 997), 'x') + '\n';
            if (i % 13 == 12) {
                expected += piece;
                file.put(piece);
                CHECK(piece.empty());
            }
        }
        expected += piece;
        file.put(piece);
        digest = file.finish();
        CHECK(file.finish().sha256 == digest.sha256);  // again: the same
        CHECK_FALSE(fs::exists(target));               // not before commit
        file.commit();
    }
    CHECK(expected.size() % 4096 != 0);
    CHECK(contentOf(target) == expected);
    CHECK(digest.bytes == expected.size());
    CHECK(digest.sha256 == sodiumSha256(expected));
    CHECK_FALSE(fs::exists(dir.path() / "responses.csv.tmp"));

    // Nothing put: an empty file, the empty file's digest.
    const fs::path empty = dir.path() / "events.csv";
    BulkFile none(empty, writing);
    CHECK(none.finish().sha256 == sodiumSha256(""));
    none.commit();
    CHECK(fs::file_size(empty) == 0);
}

TEST_CASE("bulk file: a file not finished and committed is removed - an earlier export's file is replaced") {
    FOR_EACH_WRITING(writing)
    dlk::test::TempDir dir;
    const fs::path target = dir.path() / "responses.csv";
    {
        BulkFile file(target, writing);
        std::string piece(100'000, 'a');
        file.put(piece);
        const auto refused = dlk::test::errorOf([&] { file.commit(); });  // not written to the end
        REQUIRE(refused);
        CHECK(refused->kind() == ErrorKind::Io);
        CHECK(std::string(refused->what()).find("responses.csv.tmp") != std::string::npos);
    }  // neither finished nor committed: the destructor waits for the thread and removes the file
    CHECK_FALSE(fs::exists(target));
    CHECK(fs::is_empty(dir.path()));

    std::ofstream(target) << "an earlier export\n";
    {
        BulkFile file(target, writing);
        std::string piece = "pupil,module\n";
        file.put(piece);
        file.finish();
        CHECK(contentOf(target) == "an earlier export\n");  // until commit
        file.commit();
    }
    CHECK(contentOf(target) == "pupil,module\n");
}

TEST_CASE("bulk file: a write that fails (a full disk) stops the export with the file's name and leaves nothing") {
    FOR_EACH_WRITING(writing)
    dlk::test::TempDir dir;
    const fs::path target = dir.path() / "responses.csv";
    // A file-size limit of 1 MiB fails a write past it (EFBIG) as a full disk fails it (ENOSPC).
    struct rlimit previous {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &previous) == 0);
    const auto previousSignal = std::signal(SIGXFSZ, SIG_IGN);  // else the signal ends the process
    std::optional<Error> failed;
    {
        BulkFile file(target, writing);
        struct rlimit limit = previous;
        limit.rlim_cur = rlim_t{1} << 20;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
        std::string piece;
        int put = 0;
        // 64 MiB offered: put() refuses once the thread has met the failure (the rest is not formatted for nothing).
        for (; put < 256 && !failed; ++put) {
            piece.assign(256 * 1024, static_cast<char>('a' + put % 26));
            failed = dlk::test::errorOf([&] { file.put(piece); });
        }
        if (!failed) failed = dlk::test::errorOf([&] { file.finish(); });
        CHECK(put < 256);                                               // refused before the end
        CHECK(dlk::test::errorOf([&] { file.finish(); }).has_value());  // and finish() says so too
        CHECK(dlk::test::errorOf([&] { file.commit(); }).has_value());
        ::setrlimit(RLIMIT_FSIZE, &previous);
    }
    std::signal(SIGXFSZ, previousSignal);
    REQUIRE(failed);
    CHECK(failed->kind() == ErrorKind::Io);
    CHECK(std::string(failed->what()).find((dir.path() / "responses.csv.tmp").string()) != std::string::npos);
    CHECK(std::string(failed->what()).find(std::strerror(EFBIG)) != std::string::npos);
    CHECK(fs::is_empty(dir.path()));  // no half file left
}

TEST_CASE("bulk file: a folder that cannot be written is named") {
    const auto error = dlk::test::errorOf([] { BulkFile file("/nonexistent-dlk-folder/responses.csv"); });
    REQUIRE(error);
    CHECK(std::string(error->what()).find("/nonexistent-dlk-folder/responses.csv.tmp") != std::string::npos);
}

TEST_CASE("atomic file: renamed into place on commit - a failed write or rename leaves no half file") {
    dlk::test::TempDir dir;
    const fs::path target = dir.path() / "scores.csv";
    {
        AtomicFile file(target);
        file.out() << "pupil,scale\n";
        CHECK_FALSE(fs::exists(target));
        file.commit();
    }
    CHECK(contentOf(target) == "pupil,scale\n");
    CHECK_FALSE(fs::exists(dir.path() / "scores.csv.tmp"));

    // A write past a file-size limit fails as on a full disk: commit names the file, and nothing is left.
    struct rlimit previous {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &previous) == 0);
    const auto previousSignal = std::signal(SIGXFSZ, SIG_IGN);
    std::optional<Error> failed;
    {
        AtomicFile file(dir.path() / "pupils.csv");
        struct rlimit limit = previous;
        limit.rlim_cur = rlim_t{1} << 20;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
        file.out() << std::string(size_t{2} << 20, 'p');
        failed = dlk::test::errorOf([&] { file.commit(); });
        ::setrlimit(RLIMIT_FSIZE, &previous);
    }
    std::signal(SIGXFSZ, previousSignal);
    REQUIRE(failed);
    CHECK(failed->kind() == ErrorKind::Io);
    CHECK(std::string(failed->what()).find("pupils.csv.tmp") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "pupils.csv.tmp"));
    CHECK_FALSE(fs::exists(dir.path() / "pupils.csv"));

    // A rename that fails after the file was written, closed and synced (a folder in the way): the file goes too.
    fs::create_directories(dir.path() / "items.csv" / "in-the-way");
    {
        AtomicFile file(dir.path() / "items.csv");
        file.out() << "module,item\n";
        const auto error = dlk::test::errorOf([&] { file.commit(); });
        REQUIRE(error);
        CHECK(std::string(error->what()).find("items.csv.tmp") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir.path() / "items.csv.tmp"));
}
