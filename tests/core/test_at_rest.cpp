// Data at rest: a copy of the data folder (a lost backup stick, a stolen laptop) is for the
// kiosk's own user only: the folder 0700, every file in it 0600, whatever the umask.
#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "core_test_helpers.h"
#include "export/csv_export.h"
#include "kiosk/kiosk_core.h"
#include "school/school_store.h"
#include "security/code_lookup.h"
#include "security/pin_hash.h"
#include "security/pseudonym.h"
#include "storage/schema.h"
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
    exportCsv(core.db(), core.bank(), out.string(), core.school());
    CHECK(modeOf(out) == 0700);
    int files = 0;
    for (const auto& e : fs::directory_iterator(out)) {
        CAPTURE(e.path());
        CHECK(modeOf(e.path()) == 0600);
        ++files;
    }
    CHECK(files == 12);  // with incidents.csv, disclosure.csv, summary.csv, manifest.json and manifest.sig (no events)
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

    // Not the kiosk's: a --data pointed at a folder with other things in it leaves those alone.
    dlk::test::writeFile((data / "vakantie.jpg").string(), "foto");
    fs::permissions(data / "vakantie.jpg", static_cast<fs::perms>(0644));

    prepareDataDir(data.string());
    CHECK(modeOf(data / "vakantie.jpg") == 0644);
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

// --- The pseudonym secret, sealed under a data key that only a teacher's PIN unwraps.

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;
constexpr const char* kPin = "246813";

// Whether any file of the data folder (the database, its WAL, backups) holds `secret` as bytes.
bool folderHolds(const fs::path& folder, const std::string& secret) {
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file() && dlk::test::readFile(e.path()).find(secret) != std::string::npos) return true;
    return false;
}

std::string schoolBlob(Database& db, const std::string& column) {
    auto st = db.prepare("SELECT " + column + " FROM school WHERE id=1");
    REQUIRE(st.step());
    return st.getBlob(0);
}

}  // namespace

TEST_CASE("at rest: a copy of the data folder holds no pseudonym secret - only the teacher's PIN opens it") {
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    std::string secret;
    {
        KioskCore core(data.string(), DLK_SOURCE_ITEMS);
        core.school().setUpSchool("De Vlinder", kPin, kT0);
        CHECK(core.school().isUnlocked());  // the teacher who set it up is in
        secret = core.school().pseudonymKey();
        CHECK(secret.size() == 32);
        CHECK_FALSE(core.school().secretAwaitsSealing());
        // Neither the secret nor the data key is stored in plain: only sealed and wrapped.
        CHECK(schoolBlob(core.db(), "pseudonym_key").empty());
        CHECK(schoolBlob(core.db(), "pseudonym_key_sealed").find(secret) == std::string::npos);
        {
            auto salt = core.db().prepare("SELECT key_salt FROM teachers");  // the first teacher's, the only one
            REQUIRE(salt.step());
            CHECK(salt.getBlob(0).size() == crypto_pwhash_SALTBYTES);
        }  // closed before the backup (VACUUM INTO needs no statement in progress)
        core.backup(kT0);
    }
    CHECK_FALSE(folderHolds(data, secret));

    KioskCore core(data.string(), DLK_SOURCE_ITEMS);
    SchoolStore& school = core.school();
    CHECK_FALSE(school.isUnlocked());
    auto e = dlk::test::errorOf([&] { (void)school.pseudonymKey(); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    CHECK(school.checkPin("111111", kT0).result == PinCheck::Wrong);
    CHECK_FALSE(school.isUnlocked());
    e = dlk::test::errorOf([&] { school.changePin("135799"); });  // not without the current PIN
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    CHECK(school.pseudonymKey() == secret);
    school.lock();  // the teacher screen locked: the key is gone from memory
    CHECK_FALSE(school.isUnlocked());
    e = dlk::test::errorOf([&] { (void)school.pseudonymKey(); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);

    // A new PIN rewraps the same data key: the pseudonyms stay the same.
    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    school.changePin("135799");
    school.lock();
    CHECK(school.checkPin(kPin, kT0).result == PinCheck::Wrong);
    REQUIRE(school.checkPin("135799", kT0).result == PinCheck::Ok);
    CHECK(school.pseudonymKey() == secret);
}

TEST_CASE("at rest: a changed wrapped key or sealed secret is refused as damaged - never read as another key") {
    Database db(":memory:");
    migrateSchema(db);
    {
        SchoolStore school(db);
        school.setUpSchool("De Vlinder", kPin, kT0);
    }
    SUBCASE("the wrapped data key") {
        db.exec("UPDATE teachers SET wrapped_data_key = zeroblob(length(wrapped_data_key))");
        SchoolStore school(db);
        auto e = dlk::test::errorOf([&] { (void)school.checkPin(kPin, kT0); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Corrupt);
        CHECK(dlk::test::contains(e->what(), "the stored data key does not open with the teacher's PIN"));
        CHECK_FALSE(school.isUnlocked());
    }
    SUBCASE("the sealed secret") {
        db.exec("UPDATE school SET pseudonym_key_sealed = substr(pseudonym_key_sealed, 1, 40) WHERE id=1");
        SchoolStore school(db);
        REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
        auto e = dlk::test::errorOf([&] { (void)school.pseudonymKey(); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Corrupt);
    }
}

TEST_CASE("at rest: an older database's plain secret is sealed at the first PIN - after a 0600 backup") {
    Umask022 umask;
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    fs::create_directories(data);
    // A schema-3 database as an older dlkiosk left it: the secret in plain beside the PIN hash.
    const std::string secret = "0123456789abcdef-oude-sleutel-32";
    {
        Database db((data / "dlkiosk.db").string());
        migrateSchema(db, 3);
        auto st =
            db.prepare("INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at) VALUES (1, ?, ?, ?, ?)");
        st.bind(1, "De Vlinder").bind(2, hashPin(kPin)).bindBlob(3, secret.data(), secret.size()).bind(4, "2026");
        st.run();
    }
    REQUIRE(folderHolds(data, secret));

    KioskCore core(data.string(), DLK_SOURCE_ITEMS);
    SchoolStore& school = core.school();
    CHECK(school.secretAwaitsSealing());  // the PIN is needed to wrap the key
    CHECK(school.checkPin("111111", kT0).result == PinCheck::Wrong);
    CHECK(school.secretAwaitsSealing());  // a wrong PIN seals nothing
    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    CHECK_FALSE(school.secretAwaitsSealing());
    // The same secret, so every earlier export's pseudonyms still match.
    CHECK(school.pseudonymKey() == secret);

    // The backups first, 0600, named like the kiosk's own so they are rotated out after three more:
    // one before the schema changed at the start, one before the sealing at the first PIN.
    std::vector<fs::path> backups;
    for (const auto& e : fs::directory_iterator(data / "backups")) backups.push_back(e.path());
    REQUIRE(backups.size() == 2);
    const auto named = [&](const std::string& end) {
        return std::count_if(backups.begin(), backups.end(),
                             [&](const fs::path& b) { return b.filename().string().ends_with(end); });
    };
    CHECK(named("-before-schema-" + std::to_string(kSchemaVersion) + ".db") == 1);
    CHECK(named("-before-sealing.db") == 1);
    for (const fs::path& b : backups) {
        CHECK(modeOf(b) == 0600);
        CHECK(dlk::test::readFile(b).find(secret) != std::string::npos);
        fs::remove(b);
    }
    // The live database and its WAL no longer hold it anywhere, not even in a freed block.
    CHECK_FALSE(folderHolds(data, secret));
}

// --- Pupils' names and codes: sealed under the data key, found by an Argon2id lookup hash.

TEST_CASE("at rest: a copy of the data folder holds no pupil's name or code - a pupil still logs in by code alone") {
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    std::vector<PupilInfo> made;
    {
        KioskCore core(data.string(), DLK_SOURCE_ITEMS);
        core.school().setUpSchool("De Vlinder", kPin, kT0);
        const int64_t cls = core.school().createClass("7A", kT0);
        made = core.school().addPupils(cls, {"Sanne Jansen", "", "Mohammed El Amrani"}, kT0);
        REQUIRE(made.size() == 3);
        CHECK(made[0].firstName == "Sanne");
        CHECK(made[2].numberInClass == 3);
        core.backup(kT0);
    }
    for (const std::string& word : {std::string("Sanne"), std::string("Jansen"), std::string("Amrani")})
        CHECK_MESSAGE(!folderHolds(data, word), word);
    for (const PupilInfo& p : made) {
        CHECK_MESSAGE(!folderHolds(data, p.code), p.code);
        CHECK_MESSAGE(!folderHolds(data, canonicalPupilCode(p.code).erase(4, 1)), p.code);  // nor without the hyphen
    }

    // After a restart, without any PIN: the code finds its pupil and opens the first name only.
    KioskCore core(data.string(), DLK_SOURCE_ITEMS);
    SchoolStore& school = core.school();
    REQUIRE_FALSE(school.isUnlocked());
    std::string typed = made[0].code;
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto sanne = school.findPupilByCode(" " + typed + " ");
    REQUIRE(sanne);
    CHECK(sanne->id == made[0].id);
    CHECK(sanne->code == made[0].code);
    CHECK(sanne->firstName == "Sanne");
    CHECK(sanne->displayName.empty());  // the whole name is the teacher's, behind the PIN
    CHECK(sanne->numberInClass == 1);
    const auto nameless = school.findPupilByCode(made[1].code);
    REQUIRE(nameless);
    CHECK(nameless->firstName.empty());
    CHECK(nameless->numberInClass == 2);
    CHECK_FALSE(school.findPupilByCode("ZZZZ-ZZZZ"));
    CHECK_FALSE(school.findPupilByCode(""));
    CHECK_FALSE(school.findPupilByCode("ABC"));

    // The teacher's list and new pupils need the PIN.
    auto e = dlk::test::errorOf([&] { (void)school.pupils(made[0].classId); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    e = dlk::test::errorOf([&] { (void)school.addPupils(made[0].classId, {"Nieuw"}, kT0); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    const auto list = school.pupils(made[0].classId);
    REQUIRE(list.size() == 3);
    CHECK(list[0].displayName == "Sanne Jansen");
    CHECK(list[0].code == made[0].code);
    CHECK(list[2].displayName == "Mohammed El Amrani");
    CHECK(list[2].numberInClass == 3);
}

TEST_CASE("at rest: an offline guess of every pupil code costs centuries - measured here") {
    // A copy of the database holds each code's Argon2id lookup hash: finding a code means trying
    // codes against it. The figure in the README comes from this measurement (best of a few).
    const std::string salt = newCodeSalt();
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
        CodeSecrets secrets;
        const auto t0 = std::chrono::steady_clock::now();
        deriveCodeSecrets("ABCD-EFGH", salt, secrets);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        CHECK(secrets.lookupHash.size() == 32);
    }
    const double codes = std::pow(31.0, 8);  // 8 symbols from an alphabet of 31
    const double years = best * codes / (3600.0 * 24 * 365);
    MESSAGE("one code lookup hash: " << best * 1000 << " ms; all 31^8 codes on one core: " << years << " years");
    // The login pays it once per typed code; a guess of every code pays it 8.5e11 times.
    CHECK(best >= 0.005);
    CHECK(best < 1.0);
    CHECK(years >= 250);
    // The same code and salt give the same hash (the lookup), another salt another hash.
    CodeSecrets a, b, c;
    deriveCodeSecrets("ABCD-EFGH", salt, a);
    deriveCodeSecrets("ABCD-EFGH", salt, b);
    deriveCodeSecrets("ABCD-EFGH", newCodeSalt(), c);
    CHECK(a.lookupHash == b.lookupHash);
    CHECK(a.lookupHash != c.lookupHash);
    auto e = dlk::test::errorOf([&] { deriveCodeSecrets("ABCD-EFGH", "kort", a); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Corrupt);
}

TEST_CASE("at rest: a pupil's sealed name or code that was changed is refused as damaged") {
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    school.setUpSchool("De Vlinder", kPin, kT0);
    const int64_t cls = school.createClass("7A", kT0);
    const PupilInfo p = school.addPupils(cls, {"Sanne Jansen"}, kT0).front();
    SUBCASE("the name under the data key") {
        db.exec("UPDATE pupils SET name_sealed = substr(name_sealed, 1, 30) || x'00' WHERE id=" + std::to_string(p.id));
        auto e = dlk::test::errorOf([&] { (void)school.pupils(cls); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Corrupt);
        CHECK(dlk::test::contains(e->what(), "pupil name"));
    }
    SUBCASE("the first name under the code's key") {
        db.exec("UPDATE pupils SET first_name_sealed = zeroblob(length(first_name_sealed)) WHERE id=" +
                std::to_string(p.id));
        auto e = dlk::test::errorOf([&] { (void)school.findPupilByCode(p.code); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Corrupt);
    }
}

TEST_CASE("at rest: an older school's plain codes and names are hashed at start - sealed and erased at the first PIN") {
    Umask022 umask;
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    fs::create_directories(data);
    const std::string codeA = "ABCD-EFGH", codeB = "KMNP-QRST";
    {
        // A schema-4 database as the previous dlkiosk left it: codes and names in plain.
        Database db((data / "dlkiosk.db").string());
        migrateSchema(db, 4);
        const std::string secret = "0123456789abcdef-oude-sleutel-32";
        auto school =
            db.prepare("INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at) VALUES (1, ?, ?, ?, ?)");
        school.bind(1, "De Vlinder").bind(2, hashPin(kPin)).bindBlob(3, secret.data(), secret.size()).bind(4, "2026");
        school.run();
        db.exec("INSERT INTO classes(name, created_at) VALUES ('7A', '2026')");
        const int64_t cls = db.lastInsertId();
        auto st = db.prepare(
            "INSERT INTO pupils(class_id, code, display_name, created_at, extra_time_pct) VALUES (?, ?, ?, '2026', ?)");
        st.bind(1, cls).bind(2, codeA).bind(3, "Fleur Bakker").bind(4, 25);
        st.run();
        st.reset();
        st.bind(1, cls).bind(2, codeB).bindNull(3).bind(4, 0);
        st.run();
        db.exec(
            "INSERT INTO attempts(pupil_id, module_id, language, started_at) SELECT id, 'm01', 'nl', '2026' FROM "
            "pupils");
    }
    REQUIRE(folderHolds(data, "Fleur Bakker"));

    KioskCore core(data.string(), DLK_SOURCE_ITEMS);
    SchoolStore& school = core.school();
    // At the start, without a PIN: the schema is migrated (after a backup) and the codes hashed,
    // so pupils log in as before; their answers stay theirs.
    REQUIRE(fs::exists(data / "backups"));
    CHECK(school.secretAwaitsSealing());
    const auto fleur = school.findPupilByCode("abcd efgh");
    REQUIRE(fleur);
    CHECK(fleur->firstName == "Fleur");
    CHECK(fleur->accommodations.extraTimePct == 25);
    {
        auto st = core.db().prepare("SELECT count(*) FROM attempts WHERE pupil_id=?");
        st.bind(1, fleur->id);
        REQUIRE(st.step());
        CHECK(st.getInt(0) == 1);
    }
    REQUIRE(school.findPupilByCode(codeB));

    // The teacher's first PIN seals and erases the plaintext, after a backup.
    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    CHECK_FALSE(school.secretAwaitsSealing());
    const auto list = school.pupils(fleur->classId);
    REQUIRE(list.size() == 2);
    CHECK(list[0].code == codeA);
    CHECK(list[0].displayName == "Fleur Bakker");
    CHECK(list[1].code == codeB);
    CHECK(list[1].displayName.empty());
    bool sealingBackup = false;
    for (const auto& e : fs::directory_iterator(data / "backups")) {
        sealingBackup = sealingBackup || e.path().filename().string().ends_with("-before-sealing.db");
        fs::remove(e.path());  // a backup from before the sealing holds the plaintext by design
    }
    CHECK(sealingBackup);
    CHECK_FALSE(folderHolds(data, "Fleur Bakker"));
    CHECK_FALSE(folderHolds(data, codeA));
    CHECK_FALSE(folderHolds(data, codeB));
    // Still found by code after the sealing, with the same first name.
    const auto again = school.findPupilByCode(codeA);
    REQUIRE(again);
    CHECK(again->id == fleur->id);
    CHECK(again->firstName == "Fleur");
}

TEST_CASE("at rest: dlkiosk export reads the teacher's PIN from standard input and exports nothing without it") {
    const dlk::test::TempDir dir;
    const std::string data = dir.file("data"), out = dir.file("export"), err = dir.file("err.txt");
    const std::string demo = std::string("'") + DLK_BINARY + "' demo --data '" + data + "' --items '" +
                             DLK_SOURCE_ITEMS + "' --pupils 2 --pin 975310 >/dev/null 2>&1";
    REQUIRE(std::system(demo.c_str()) == 0);
    const auto exportWith = [&](const std::string& input) {
        const std::string command = "printf '" + input + "' | '" + DLK_BINARY + "' export --data '" + data +
                                    "' --items '" + DLK_SOURCE_ITEMS + "' --out '" + out + "' 2>'" + err + "'";
        const int status = std::system(command.c_str());
        REQUIRE(WIFEXITED(status));
        return WEXITSTATUS(status);
    };
    CHECK(exportWith("") == 1);
    CHECK(dlk::test::contains(dlk::test::readFile(err), "export needs the teacher's PIN on standard input"));
    CHECK_FALSE(fs::exists(out));
    CHECK(exportWith("123456\\n") == 1);
    CHECK(dlk::test::contains(dlk::test::readFile(err), "the teacher's PIN is not correct; nothing was exported"));
    CHECK_FALSE(fs::exists(out));
    CHECK(exportWith("975310\\n") == 0);
    CHECK(fs::exists(fs::path(out) / "responses.csv"));
}
