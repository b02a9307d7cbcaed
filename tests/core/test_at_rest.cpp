// Data at rest: a copy of the data folder (a lost backup stick, a stolen laptop) is for the
// kiosk's own user only: the folder 0700, every file in it 0600, whatever the umask.
#include <sys/stat.h>

#include <filesystem>

#include "core_test_helpers.h"
#include "export/csv_export.h"
#include "kiosk/kiosk_core.h"
#include "support/logger.h"
#include "support/paths.h"

namespace fs = std::filesystem;
using namespace dlk;

namespace {

unsigned modeOf(const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// The usual umask of a desktop session: without explicit modes every file would be 0644.
struct Umask022 {
    mode_t old = ::umask(022);
    ~Umask022() { ::umask(old); }
};

}  // namespace

TEST_CASE("at rest: a new data folder is 0700 and its database - WAL - SHM - log - backups and export 0600") {
    Umask022 umask;
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    {
        KioskCore core(data.string(), DLK_SOURCE_ITEMS);
        core.school().createClass("7A", 1'780'000'000'000);  // a write: the WAL and SHM exist
        Logger::instance().open(data.string());
        logInfo("a line");
        Logger::instance().close();
        const fs::path backup = core.backup(1'780'000'000'000);
        CHECK(modeOf(backup) == 0600);
        CHECK(modeOf(data / "backups") == 0700);
        CHECK(fs::exists(data / "dlkiosk.db-wal"));
        CHECK(modeOf(data / "dlkiosk.db-wal") == 0600);
        CHECK(modeOf(data / "dlkiosk.db-shm") == 0600);
    }
    CHECK(modeOf(data) == 0700);
    CHECK(modeOf(data / "dlkiosk.db") == 0600);
    CHECK(modeOf(data / "dlkiosk.log") == 0600);
}

TEST_CASE("at rest: an export writes its files 0600 in a folder it makes 0700") {
    Umask022 umask;
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    KioskCore core(data.string(), DLK_SOURCE_ITEMS);
    core.school().setUpSchool("De Vlinder", "24681357", 1'780'000'000'000);
    const fs::path out = data / "export";
    exportCsv(core.db(), core.bank(), out.string());
    CHECK(modeOf(out) == 0700);
    int files = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        CAPTURE(e.path());
        CHECK(modeOf(e.path()) == 0600);
        ++files;
    }
    CHECK(files == 5);
}

TEST_CASE("at rest: a data folder an older kiosk left readable is tightened at start") {
    Umask022 umask;
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    fs::create_directories(data / "backups");
    {
        Database db((data / "dlkiosk.db").string());
        db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
    }
    dlk::test::writeFile((data / "backups" / "dlkiosk-old.db").string(), "copy");
    dlk::test::writeFile((data / "dlkiosk.log").string(), "old log\n");
    dlk::test::writeFile((data / "dlkiosk.db-wal").string(), "");
    for (const fs::path& p :
         {data / "dlkiosk.db", data / "backups" / "dlkiosk-old.db", data / "dlkiosk.log", data / "dlkiosk.db-wal"})
        fs::permissions(p, static_cast<fs::perms>(0644));
    fs::permissions(data, static_cast<fs::perms>(0755));
    fs::permissions(data / "backups", static_cast<fs::perms>(0755));

    prepareDataDir(data.string());
    CHECK(modeOf(data) == 0700);
    CHECK(modeOf(data / "backups") == 0700);
    CHECK(modeOf(data / "backups" / "dlkiosk-old.db") == 0600);
    CHECK(modeOf(data / "dlkiosk.log") == 0600);
    CHECK(modeOf(data / "dlkiosk.db") == 0600);
    CHECK(modeOf(data / "dlkiosk.db-wal") == 0600);

    // Opening tightens a database and its WAL on their own too (a database path given directly).
    fs::permissions(data / "dlkiosk.db", static_cast<fs::perms>(0644));
    fs::permissions(data / "dlkiosk.db-wal", static_cast<fs::perms>(0640));
    { Database db((data / "dlkiosk.db").string()); }
    CHECK(modeOf(data / "dlkiosk.db") == 0600);
    // And the logger an old log file.
    fs::permissions(data / "dlkiosk.log", static_cast<fs::perms>(0644));
    Logger::instance().open(data.string());
    Logger::instance().close();
    CHECK(modeOf(data / "dlkiosk.log") == 0600);
}

TEST_CASE("at rest: tightening only takes permissions away - a read-only folder stays read-only") {
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "ro";
    fs::create_directories(data);
    dlk::test::writeFile((data / "f").string(), "x");
    fs::permissions(data / "f", static_cast<fs::perms>(0444));
    fs::permissions(data, static_cast<fs::perms>(0555));
    tightenPrivate(data.string());
    CHECK(modeOf(data / "f") == 0400);
    CHECK(modeOf(data) == 0500);
    fs::permissions(data, static_cast<fs::perms>(0700));
}
