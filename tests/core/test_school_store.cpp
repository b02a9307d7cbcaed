// The school's own records: set-up, the teacher PIN (Argon2id, lockout), classes, pupils and codes.
// PIN hashing costs ~0.1-0.3 s per hash, so only the tests about the PIN hash.
#include <doctest/doctest.h>

#include <cctype>
#include <chrono>
#include <regex>
#include <set>

#include "core_test_helpers.h"
#include "school/school_store.h"
#include "security/pin_hash.h"
#include "security/pseudonym.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;  // some moment in 2026
const std::string kAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

struct MemoryDb {
    Database db{":memory:"};
    SchoolStore school{db};
    MemoryDb() { migrateSchema(db); }
};

// A school set up and unlocked, as after the teacher's PIN: pupils can be added.
struct SchoolDb : MemoryDb {
    SchoolDb() { dlk::test::setUpTestSchool(school, kNow); }
};

// The first teacher's (the administrator's) PIN hash: since schema 8 every teacher has their own.
std::string storedHash(Database& db) {
    auto st = db.prepare("SELECT pin_hash FROM teachers ORDER BY id LIMIT 1");
    REQUIRE(st.step());
    return st.getText(0);
}

bool isPupilCode(const std::string& code) {
    if (code.size() != 9 || code[4] != '-') return false;
    for (size_t i = 0; i < code.size(); ++i)
        if (i != 4 && kAlphabet.find(code[i]) == std::string::npos) return false;
    return true;
}

}  // namespace

TEST_CASE("school: set-up refuses an empty name and bad PINs without storing anything") {
    MemoryDb m;
    CHECK_FALSE(m.school.isSetUp());
    CHECK(m.school.schoolName().empty());
    for (const std::string name : {"", "   ", "\t\n"}) {
        auto e = errorOf([&] { m.school.setUpSchool(name, "482135", kNow); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
    }
    for (const std::string pin : {"", "123", "1234567890123", "12a4", "12 34", "１２３４", "-1234"}) {
        CAPTURE(pin);
        auto e = errorOf([&] { m.school.setUpSchool("De Vlinder", pin, kNow); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(std::string(e->what()) == pinProblem(pin));
    }
    CHECK_FALSE(m.school.isSetUp());
    auto e = errorOf([&] { (void)m.school.checkPin("482135", kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    e = errorOf([&] { (void)m.school.pseudonymKey(); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
}

TEST_CASE("school: PIN rules are 6 to 12 digits") {
    CHECK(kMinPinDigits == 6);
    CHECK(std::string(pinProblem("123456")).empty());
    CHECK(std::string(pinProblem("000000000000")).empty());
    // 4 and 5 digits were allowed before: 10^4 PINs fall to an offline guess in minutes.
    CHECK(std::string(pinProblem("1234")) == "De pincode heeft 6 tot 12 cijfers.");
    CHECK(std::string(pinProblem("12345")) == "De pincode heeft 6 tot 12 cijfers.");
    CHECK_FALSE(std::string(pinProblem("123")).empty());
    CHECK_FALSE(std::string(pinProblem("1234567890123")).empty());
    CHECK_FALSE(std::string(pinProblem("12a4")).empty());
    CHECK_FALSE(std::string(pinProblem("")).empty());
}

TEST_CASE("school: an offline guess of every 6-digit PIN costs days - measured here") {
    // What a stolen database costs an attacker: one Argon2id verify per PIN tried. The figure in
    // the README comes from this measurement (best of a few, so load on the machine only slows it).
    const std::string hash = hashPin("482135");
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        CHECK_FALSE(verifyPin("000000", hash));
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    double all = best;
    for (size_t i = 0; i < kMinPinDigits; ++i) all *= 10;
    MESSAGE("one Argon2id verify: " << best << " s; all 10^" << kMinPinDigits << " PINs on one core: " << all / 3600
                                    << " h");
    // A fast desktop core does one verify of 64 MiB, 2 passes in about 0.05 s: every PIN then still
    // takes over 13 hours per core. Below that the hash parameters were weakened.
    CHECK(best >= 0.04);
    CHECK(all >= 0.04 * 1e6);
}

TEST_CASE("school: the stored PIN hash is Argon2id at OWASP strength and never holds the PIN") {
    MemoryDb m;
    m.school.setUpSchool("  Basisschool De Vlinder ", "48213579", kNow);
    CHECK(m.school.isSetUp());
    CHECK(m.school.schoolName() == "Basisschool De Vlinder");
    const std::string hash = storedHash(m.db);
    CAPTURE(hash);
    CHECK(hash.starts_with("$argon2id$"));
    CHECK_FALSE(contains(hash, "48213579"));
    // "$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$salt$hash"
    std::smatch match;
    REQUIRE(std::regex_search(hash, match, std::regex(R"(\$m=(\d+),t=(\d+),p=(\d+)\$)")));
    CHECK(std::stol(match[1]) >= 19 * 1024);  // OWASP minimum: 19 MiB
    CHECK(std::stol(match[2]) >= 2);          // and 2 passes
    // The pseudonym key: 32 random bytes, not all zero.
    const std::string key = m.school.pseudonymKey();
    CHECK(key.size() == 32);
    CHECK(key != std::string(32, '\0'));
    // A second school can not be set up over the first.
    auto e = errorOf([&] { m.school.setUpSchool("Andere school", "111111", kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(m.school.schoolName() == "Basisschool De Vlinder");
}

TEST_CASE("school: checkPin accepts the PIN and refuses others - changePin replaces it") {
    MemoryDb m;
    m.school.setUpSchool("De Vlinder", "482135", kNow);
    CHECK(m.school.checkPin("482135", kNow).result == PinCheck::Ok);
    const PinResult wrong = m.school.checkPin("482136", kNow);
    CHECK(wrong.result == PinCheck::Wrong);
    CHECK(wrong.lockedSeconds == 0);
    auto e = errorOf([&] { m.school.changePin("12"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    m.school.changePin("735024");
    CHECK(m.school.checkPin("482135", kNow).result == PinCheck::Wrong);
    CHECK(m.school.checkPin("735024", kNow).result == PinCheck::Ok);
    CHECK_FALSE(contains(storedHash(m.db), "735024"));
}

TEST_CASE("school: hashPin salts every hash and verifyPin rejects garbage hashes") {
    const std::string a = hashPin("246813"), b = hashPin("246813");
    CHECK(a != b);
    CHECK(verifyPin("246813", b));
    CHECK_FALSE(verifyPin("2469", a));
    CHECK_FALSE(verifyPin("246813", ""));
    CHECK_FALSE(verifyPin("246813", "$argon2id$v=19$m=65536,t=2,p=1$kapot"));
    CHECK_FALSE(verifyPin("246813", std::string(500, 'x')));
}

TEST_CASE("school: the lock delay is none for five wrong PINs - then 5 s doubling up to 5 minutes") {
    for (int f = 0; f < 5; ++f) CHECK(pinLockSeconds(f) == 0);
    CHECK(pinLockSeconds(5) == 5);
    CHECK(pinLockSeconds(6) == 10);
    CHECK(pinLockSeconds(7) == 20);
    CHECK(pinLockSeconds(8) == 40);
    CHECK(pinLockSeconds(9) == 80);
    CHECK(pinLockSeconds(10) == 160);
    CHECK(pinLockSeconds(11) == 300);
    CHECK(pinLockSeconds(1000) == 300);
    for (int f = 5; f < 40; ++f) CHECK(pinLockSeconds(f + 1) >= pinLockSeconds(f));
}

TEST_CASE("school: five wrong PINs lock the entry with a growing delay that survives a restart") {
    dlk::test::TempDir dir;
    const std::string path = dir.file("school.db");
    int64_t t = kNow;
    {
        Database db(path);
        migrateSchema(db);
        SchoolStore school(db);
        school.setUpSchool("De Vlinder", "482135", t);
        for (int i = 1; i <= 4; ++i) {
            CAPTURE(i);
            const PinResult r = school.checkPin("000000", t);
            CHECK(r.result == PinCheck::Wrong);
            CHECK(r.lockedSeconds == 0);
            t += 1000;
        }
        // The fifth wrong PIN locks for 5 s.
        PinResult r = school.checkPin("000000", t);
        CHECK(r.result == PinCheck::Locked);
        CHECK(r.lockedSeconds == 5);
        const int64_t fifth = t;
        // While locked even the right PIN is not taken (and not counted).
        r = school.checkPin("482135", fifth + 1000);
        CHECK(r.result == PinCheck::Locked);
        CHECK(r.lockedSeconds == 4);
        r = school.checkPin("000000", fifth + 4999);
        CHECK(r.result == PinCheck::Locked);
        CHECK(r.lockedSeconds == 1);
        // After the delay a sixth wrong PIN doubles it.
        t = fifth + 5000;
        r = school.checkPin("000000", t);
        CHECK(r.result == PinCheck::Locked);
        CHECK(r.lockedSeconds == 10);
    }
    // A restart (a new connection and store on the same file) keeps the lock.
    {
        Database db(path);
        SchoolStore school(db);
        PinResult r = school.checkPin("482135", t + 1000);
        CHECK(r.result == PinCheck::Locked);
        CHECK(r.lockedSeconds == 9);
        r = school.checkPin("482135", t + 10'000);
        CHECK(r.result == PinCheck::Ok);
        // The right PIN resets the count: the next wrong one is just wrong.
        r = school.checkPin("000000", t + 11'000);
        CHECK(r.result == PinCheck::Wrong);
        CHECK(r.lockedSeconds == 0);
    }
}

TEST_CASE("school: classes are created with unique non-empty names and counted") {
    SchoolDb m;
    const int64_t b = m.school.createClass("Groep 8b", kNow);
    const int64_t a = m.school.createClass("  Groep 8a ", kNow);
    CHECK(a != b);
    for (const std::string bad : {"", "  "}) {
        auto e = errorOf([&] { m.school.createClass(bad, kNow); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
    }
    auto e = errorOf([&] { m.school.createClass("Groep 8a", kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    m.school.addPupils(a, {"Daan", "Emma", ""}, kNow);
    const auto classes = m.school.classes();
    REQUIRE(classes.size() == 2);
    CHECK(classes[0].name == "Groep 8a");  // ordered by name
    CHECK(classes[0].id == a);
    CHECK(classes[0].pupilCount == 3);
    CHECK(classes[1].name == "Groep 8b");
    CHECK(classes[1].pupilCount == 0);
    const auto found = m.school.findClass(" Groep 8b ");
    REQUIRE(found);
    CHECK(found->id == b);
    CHECK_FALSE(m.school.findClass("Groep 7").has_value());
}

TEST_CASE("school: pupils get unique XXXX-XXXX codes from the unambiguous alphabet") {
    SchoolDb m;
    const int64_t c = m.school.createClass("8a", kNow);
    std::vector<std::string> names;
    for (int i = 0; i < 60; ++i) names.push_back(i % 3 == 0 ? "" : "Leerling " + std::to_string(i));
    names.push_back("  Zoë van Dijk ");
    const auto pupils = m.school.addPupils(c, names, kNow);
    REQUIRE(pupils.size() == names.size());
    std::set<std::string> codes;
    for (const auto& p : pupils) {
        CAPTURE(p.code);
        CHECK(isPupilCode(p.code));
        codes.insert(p.code);
        CHECK(p.classId == c);
        CHECK(p.language == "nl");
    }
    CHECK(codes.size() == pupils.size());
    CHECK(pupils[0].displayName.empty());
    CHECK(pupils[1].displayName == "Leerling 1");
    CHECK(pupils.back().displayName == "Zoë van Dijk");
    // Stored as returned, in creation order.
    const auto stored = m.school.pupils(c);
    REQUIRE(stored.size() == pupils.size());
    for (size_t i = 0; i < stored.size(); ++i) {
        CHECK(stored[i].id == pupils[i].id);
        CHECK(stored[i].code == pupils[i].code);
        CHECK(stored[i].displayName == pupils[i].displayName);
    }
    // Codes stay unique across batches and classes.
    const int64_t c2 = m.school.createClass("8b", kNow);
    for (const auto& p : m.school.addPupils(c2, std::vector<std::string>(40, ""), kNow))
        CHECK(codes.insert(p.code).second);
}

TEST_CASE("school: the code alphabet is complete and has no look-alikes") {
    CHECK(kAlphabet.size() == 31);
    for (char bad : {'0', 'O', '1', 'I', 'L'}) CHECK(kAlphabet.find(bad) == std::string::npos);
    std::set<char> seen;
    for (int i = 0; i < 2000; ++i) {
        const std::string code = newPupilCode();
        REQUIRE(isPupilCode(code));
        for (char ch : code)
            if (ch != '-') seen.insert(ch);
    }
    CHECK(seen.size() == 31);  // every symbol is used
}

TEST_CASE("school: adding pupils checks the class and the batch size") {
    SchoolDb m;
    auto e = errorOf([&] { m.school.addPupils(999, {"Daan"}, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    const int64_t c = m.school.createClass("8a", kNow);
    e = errorOf([&] { m.school.addPupils(c, std::vector<std::string>(501, ""), kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(m.school.pupils(c).empty());
    CHECK(m.school.pupils(999).empty());
}

TEST_CASE("school: findPupilByCode tolerates lowercase - spaces and a missing hyphen") {
    SchoolDb m;
    const int64_t c = m.school.createClass("8a", kNow);
    const auto pupils = m.school.addPupils(c, {"Daan", "Emma"}, kNow);
    const std::string code = pupils[1].code;  // "ABCD-EFGH"
    const std::string plain = code.substr(0, 4) + code.substr(5);
    std::string lower = code;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const std::string& typed : {code, lower, plain, " " + lower.substr(0, 4) + " " + lower.substr(5) + " ",
                                     code.substr(0, 2) + " " + code.substr(2), "\t" + plain}) {
        CAPTURE(typed);
        const auto found = m.school.findPupilByCode(typed);
        REQUIRE(found);
        CHECK(found->id == pupils[1].id);
        CHECK(found->displayName == "Emma");
    }
    CHECK(canonicalPupilCode(lower) == code);
    CHECK(canonicalPupilCode(plain) == code);
    CHECK_FALSE(m.school.findPupilByCode("").has_value());
    CHECK_FALSE(m.school.findPupilByCode(code.substr(0, 8)).has_value());
    CHECK_FALSE(m.school.findPupilByCode(code + "X").has_value());
    std::string other = code;
    other[0] = other[0] == 'A' ? 'B' : 'A';
    if (other != pupils[0].code) CHECK_FALSE(m.school.findPupilByCode(other).has_value());
}

TEST_CASE("school: pseudonyms are keyed - stable and distinct") {
    const std::string key1 = newPseudonymKey(), key2 = newPseudonymKey();
    CHECK(key1.size() == 32);
    CHECK(key1 != key2);
    const std::string p = pupilPseudonym(key1, 7);
    CHECK(std::regex_match(p, std::regex("p[0-9a-f]{24}")));
    CHECK(pupilPseudonym(key1, 7) == p);
    CHECK(pupilPseudonym(key1, 8) != p);
    CHECK(pupilPseudonym(key2, 7) != p);
    auto e = errorOf([] { (void)pupilPseudonym("kort", 7); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
}

TEST_CASE("school: a damaged lockout counter is a dlk::Error - not a stray exception") {
    // Regression (fixed in bd74528): checkPin read meta pin_failures / pin_last_failure_ms with
    // std::stoi / std::stoll, so a damaged value threw std::invalid_argument past the UI's
    // dlk::Error boundary. (The school row is written directly: no PIN hash is needed here.)
    MemoryDb m;
    m.db.exec(
        "INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at) "
        "VALUES (1, 'De Vlinder', '$argon2id$niet-gebruikt', randomblob(32), '2026-01-01T00:00:00Z')");
    m.db.exec("INSERT INTO meta(key, value) VALUES ('pin_failures', 'veel')");
    // Since schema 8 the counter is each teacher's, an integer column the table itself checks: the
    // damage cannot be written there (a damaged meta counter of an older school comes over as locked,
    // see test_teachers.cpp).
    m.db.exec(
        "INSERT INTO teachers(name, role, pin_hash, created_at) VALUES ('Beheerder', 'admin', "
        "'$argon2id$niet-gebruikt', '2026-01-01T00:00:00Z')");
    auto damage = errorOf([&] { m.db.exec("UPDATE teachers SET wrong_tries='veel'"); });
    REQUIRE(damage);
    bool typed = false;
    try {
        (void)m.school.checkPin("482135", kNow);
        typed = true;  // treating the damage as "no failures" would be fine too
    } catch (const dlk::Error&) {
        typed = true;
    } catch (const std::exception& e) {
        FAIL_CHECK("checkPin threw " << std::string(e.what()) << " instead of a dlk::Error");
    }
    CHECK(typed);
}
