// Several teachers, each with their own PIN, and an administrator (issue 13, point 3): every
// teacher's PIN wraps the same data key, a teacher sees their own classes, the administrator all
// of them and the teachers, and the growing delay after wrong PINs is each teacher's own.
#include "core_test_helpers.h"
#include "security/data_key.h"
#include "security/pin_hash.h"
#include "security/pseudonym.h"
#include "storage/schema.h"

using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;  // some moment in 2026
const std::string kAdminPin = "246813";
const std::string kAnnaPin = "135790";
const std::string kBramPin = "975310";

// A school with its administrator logged in and two teachers, Anna and Bram.
struct Staff {
    Database db{":memory:"};
    SchoolStore school{db};
    int64_t admin = 0, anna = 0, bram = 0;
    Staff() {
        migrateSchema(db);
        school.setUpSchool("De Vlinder", kAdminPin, kT0);
        admin = school.loggedInTeacher()->id;
        anna = school.addTeacher("Anna de Vries", kAnnaPin, TeacherRole::Teacher, kT0);
        bram = school.addTeacher("Bram Peters", kBramPin, TeacherRole::Teacher, kT0);
    }
    void loginAs(int64_t teacher, const std::string& pin, int64_t nowMs = kT0) {
        REQUIRE(school.checkPin(teacher, pin, nowMs).result == PinCheck::Ok);
    }
};

std::vector<std::string> namesOf(const std::vector<ClassInfo>& classes) {
    std::vector<std::string> out;
    for (const auto& c : classes) out.push_back(c.name);
    return out;
}

ErrorKind kindOf(const std::optional<Error>& e) {
    REQUIRE(e);
    return e->kind();
}

}  // namespace

TEST_CASE("teachers: a new school's first teacher is its administrator - logged in after the set-up") {
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    school.setUpSchool("De Vlinder", kAdminPin, kT0);
    const auto me = school.loggedInTeacher();
    REQUIRE(me);
    CHECK(me->name == "Beheerder");
    CHECK(me->role == TeacherRole::Admin);
    CHECK(school.loggedInAsAdmin());
    REQUIRE(school.teachers().size() == 1);
    school.lock();
    CHECK_FALSE(school.loggedInTeacher());
    CHECK(school.visibleClasses().empty());
    // One teacher: the PIN alone, as before there were several.
    CHECK(school.checkPin(kAdminPin, kT0).result == PinCheck::Ok);
    CHECK(school.loggedInTeacher()->name == "Beheerder");
}

TEST_CASE("teachers: a schema-6 school's PIN becomes the administrator Beheerder - its classes belong to nobody") {
    Database db(":memory:");
    migrateSchema(db, 6);
    // The school as schema 6 kept it: one PIN, the data key wrapped under it, wrong tries in meta.
    DataKey key;
    key.randomize();
    const std::string salt = newKeySalt();
    const std::string wrapped = wrapDataKey(key, kAdminPin, salt);
    const std::string secret = newPseudonymKey();
    const std::string sealed = sealWith(key, secret);
    {
        auto st = db.prepare(
            "INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at, key_salt, wrapped_data_key, "
            "pseudonym_key_sealed) VALUES (1, 'De Vlinder', ?, x'', '2026', ?, ?, ?)");
        st.bind(1, hashPin(kAdminPin)).bindBlob(2, salt.data(), salt.size());
        st.bindBlob(3, wrapped.data(), wrapped.size()).bindBlob(4, sealed.data(), sealed.size());
        st.run();
    }
    db.exec("INSERT INTO classes(name, created_at) VALUES ('7A', '2026'), ('8B', '2026')");
    std::string tries = "3";
    SUBCASE("its wrong tries come along") {}
    SUBCASE("a damaged counter comes along as locked - never as zero") {
        tries = "drie";
    }
    db.exec("INSERT INTO meta(key, value) VALUES ('pin_failures', '" + tries + "'), ('pin_last_failure_ms', '" +
            std::to_string(kT0) + "')");

    migrateSchema(db);
    {
        auto st = db.prepare("SELECT name, role, wrong_tries FROM teachers");
        REQUIRE(st.step());
        CHECK(st.getText(0) == "Beheerder");
        CHECK(st.getText(1) == "admin");
        CHECK(st.getInt(2) == (tries == "3" ? 3 : 1000));
        CHECK_FALSE(st.step());  // the only one
    }
    {
        // The school row keeps no PIN and no wrapped key any more; the counters left meta.
        auto st = db.prepare(
            "SELECT pin_hash, wrapped_data_key IS NULL, (SELECT count(*) FROM meta WHERE key LIKE 'pin_%') FROM "
            "school");
        REQUIRE(st.step());
        CHECK(st.getText(0).empty());
        CHECK(st.getInt(1) == 1);
        CHECK(st.getInt(2) == 0);
    }
    SchoolStore school(db);
    for (const ClassInfo& c : school.classes()) CHECK(c.teacherId == 0);
    if (tries == "3") {
        // Three wrong tries before: two more are free, and the admin PIN still opens the same key.
        REQUIRE(school.checkPin(kAdminPin, kT0 + 1).result == PinCheck::Ok);
        CHECK(school.pseudonymKey() == secret);
        CHECK(school.loggedInAsAdmin());
        CHECK(namesOf(school.visibleClasses()) == std::vector<std::string>{"7A", "8B"});
    } else {
        const PinResult r = school.checkPin(kAdminPin, kT0 + 1);
        CHECK(r.result == PinCheck::Locked);
        CHECK(r.lockedSeconds > 0);
        CHECK_FALSE(school.isUnlocked());
        REQUIRE(school.checkPin(kAdminPin, kT0 + kMaxPinLockSeconds * 1000LL + 1).result == PinCheck::Ok);
        CHECK(school.pseudonymKey() == secret);
    }
}

TEST_CASE("teachers: two teachers each see only their own classes - the administrator sees all") {
    Staff s;
    const int64_t leftOver = s.school.createClass("Groep 3", kT0);  // made by the administrator
    s.loginAs(s.anna, kAnnaPin);
    const int64_t annas = s.school.createClass("Groep 7 Anna", kT0);
    s.loginAs(s.bram, kBramPin);
    const int64_t brams = s.school.createClass("Groep 8 Bram", kT0);
    CHECK(namesOf(s.school.visibleClasses()) == std::vector<std::string>{"Groep 8 Bram"});
    s.loginAs(s.anna, kAnnaPin);
    CHECK(namesOf(s.school.visibleClasses()) == std::vector<std::string>{"Groep 7 Anna"});
    // Every class is still there for the pupils' login.
    CHECK(s.school.classes().size() == 3);
    s.loginAs(s.admin, kAdminPin);
    CHECK(namesOf(s.school.visibleClasses()) == std::vector<std::string>{"Groep 3", "Groep 7 Anna", "Groep 8 Bram"});
    // The administrator hands a class to Bram, and back to nobody.
    s.school.assignClass(leftOver, s.bram);
    s.loginAs(s.bram, kBramPin);
    CHECK(namesOf(s.school.visibleClasses()) == std::vector<std::string>{"Groep 3", "Groep 8 Bram"});
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.assignClass(annas, s.bram); })) == ErrorKind::Auth);
    s.loginAs(s.admin, kAdminPin);
    s.school.assignClass(leftOver, 0);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.assignClass(leftOver, 999); })) == ErrorKind::NotFound);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.assignClass(999, s.anna); })) == ErrorKind::NotFound);
    s.loginAs(s.bram, kBramPin);
    CHECK(namesOf(s.school.visibleClasses()) == std::vector<std::string>{"Groep 8 Bram"});
    (void)brams;
}

TEST_CASE("teachers: a teacher cannot add - remove or reset teachers - nor can anyone while locked") {
    Staff s;
    s.loginAs(s.anna, kAnnaPin);
    CHECK_FALSE(s.school.loggedInAsAdmin());
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.addTeacher("Cor", "111222", TeacherRole::Teacher, kT0); })) ==
          ErrorKind::Auth);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.removeTeacher(s.bram); })) == ErrorKind::Auth);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.resetTeacherPin(s.bram, "111222"); })) == ErrorKind::Auth);
    s.school.lock();
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.addTeacher("Cor", "111222", TeacherRole::Teacher, kT0); })) ==
          ErrorKind::Auth);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.changePin("111222"); })) == ErrorKind::Auth);
    CHECK(s.school.teachers().size() == 3);  // nothing was added
    // Names are readable without a PIN: the PIN screen lists them.
    std::vector<std::string> names;
    for (const auto& t : s.school.teachers()) names.push_back(t.name);
    CHECK(names == std::vector<std::string>{"Anna de Vries", "Beheerder", "Bram Peters"});
}

TEST_CASE("teachers: a new teacher's name and PIN follow the rules") {
    Staff s;
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.addTeacher("  ", "111222", TeacherRole::Teacher, kT0); })) ==
          ErrorKind::Invalid);
    CHECK(kindOf(dlk::test::errorOf([&] {
              s.school.addTeacher(std::string(61, 'x'), "111222", TeacherRole::Teacher, kT0);
          })) == ErrorKind::Invalid);
    // The same name in other letters is the same teacher on the PIN screen.
    CHECK(kindOf(dlk::test::errorOf([&] {
              s.school.addTeacher("anna DE vries", "111222", TeacherRole::Teacher, kT0);
          })) == ErrorKind::Invalid);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.addTeacher("Cor", "1234", TeacherRole::Teacher, kT0); })) ==
          ErrorKind::Invalid);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.addTeacher("Cor", "12345a", TeacherRole::Teacher, kT0); })) ==
          ErrorKind::Invalid);
    CHECK(s.school.teachers().size() == 3);
}

TEST_CASE("teachers: the last administrator cannot be removed - nor can one remove oneself") {
    Staff s;
    auto e = dlk::test::errorOf([&] { s.school.removeTeacher(s.admin); });
    CHECK(kindOf(e) == ErrorKind::Invalid);
    const int64_t second = s.school.addTeacher("Dirk", "222333", TeacherRole::Admin, kT0);
    s.loginAs(second, "222333");
    CHECK(s.school.loggedInAsAdmin());
    // Two administrators: one removes the other, and then the one left is the last.
    s.school.removeTeacher(s.admin);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.removeTeacher(second); })) == ErrorKind::Invalid);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.removeTeacher(12345); })) == ErrorKind::NotFound);
    CHECK(s.school.teachers().size() == 3);
}

TEST_CASE("teachers: an administrator removed from another kiosk session manages nothing more") {
    Staff s;
    const int64_t second = s.school.addTeacher("Dirk", "222333", TeacherRole::Admin, kT0);
    // Two stores on one database, as two kiosk processes on one data folder: Dirk in one, the first
    // administrator in the other.
    SchoolStore other(s.db);
    REQUIRE(other.checkPin(second, "222333", kT0).result == PinCheck::Ok);
    other.removeTeacher(s.admin);
    // The first administrator's session still holds the key, but is no administrator's any more.
    auto e = dlk::test::errorOf([&] { s.school.removeTeacher(second); });
    CHECK(kindOf(e) == ErrorKind::Auth);
    CHECK(kindOf(dlk::test::errorOf([&] { s.school.addTeacher("Eva", "333444", TeacherRole::Admin, kT0); })) ==
          ErrorKind::Auth);
    CHECK(s.school.teachers().size() == 3);  // Anna, Bram, Dirk
}

TEST_CASE("teachers: each teacher's PIN opens the sealed names - of their own classes") {
    Staff s;
    const int64_t cls = s.school.createClass("Groep 7", kT0);
    const int64_t other = s.school.createClass("Groep 8", kT0);
    s.school.addPupils(cls, {"Sanne Jansen", "Mohammed El Amrani"}, kT0);
    s.school.addPupils(other, {"Fleur Bakker"}, kT0);
    const std::string secret = s.school.pseudonymKey();
    s.school.assignClass(cls, s.anna);
    s.school.assignClass(other, s.bram);
    for (const auto& [teacher, pin, mine, name] :
         {std::tuple{s.anna, kAnnaPin, cls, "Sanne Jansen"}, std::tuple{s.bram, kBramPin, other, "Fleur Bakker"}}) {
        s.school.lock();
        s.loginAs(teacher, pin);
        CHECK(s.school.pseudonymKey() == secret);  // the same data key under every PIN
        CHECK(s.school.pupils(mine).front().displayName == name);
        // Another teacher's class stays closed, even by id.
        const int64_t notMine = mine == cls ? other : cls;
        CHECK(kindOf(dlk::test::errorOf([&] { (void)s.school.pupils(notMine); })) == ErrorKind::Auth);
        CHECK(kindOf(dlk::test::errorOf([&] { (void)s.school.addPupils(notMine, {"X"}, kT0); })) == ErrorKind::Auth);
    }
    // A teacher's own new PIN wraps the same key.
    s.school.changePin("112233");
    s.school.lock();
    CHECK(s.school.checkPin(s.bram, kBramPin, kT0).result == PinCheck::Wrong);
    s.loginAs(s.bram, "112233");
    CHECK(s.school.pseudonymKey() == secret);
    // A forgotten PIN reset by the administrator.
    s.loginAs(s.admin, kAdminPin);
    s.school.resetTeacherPin(s.anna, "445566");
    s.school.lock();
    CHECK(s.school.checkPin(s.anna, kAnnaPin, kT0).result == PinCheck::Wrong);
    s.loginAs(s.anna, "445566");
    CHECK(s.school.pupils(cls).size() == 2);
}

TEST_CASE("teachers: every pupil of the school at once - for an administrator only") {
    Staff s;
    const int64_t cls = s.school.createClass("Groep 7", kT0);
    const int64_t other = s.school.createClass("Groep 8", kT0);
    const auto added = s.school.addPupils(cls, {"Sanne Jansen", "Mohammed El Amrani"}, kT0);
    const auto addedOther = s.school.addPupils(other, {"Fleur Bakker"}, kT0);
    s.school.assignClass(cls, s.anna);
    s.school.archiveClass(other, kT0);  // an earlier measurement's pupils are the school's as well
    const std::vector<PupilInfo> all = s.school.everyPupil();
    REQUIRE(all.size() == 3);
    // In id order, each with the code and name the class's list has.
    CHECK(all[0].id < all[1].id);
    CHECK(all[1].id < all[2].id);
    CHECK(all[0].displayName == "Sanne Jansen");
    CHECK(all[0].code == added[0].code);
    CHECK(all[2].displayName == "Fleur Bakker");
    CHECK(all[2].code == addedOther[0].code);
    CHECK(all[2].classId == other);
    // A teacher's PIN opens their own classes, not the school; a locked store nothing.
    s.school.lock();
    s.loginAs(s.anna, kAnnaPin);
    CHECK(s.school.pupils(cls).size() == 2);
    CHECK(kindOf(dlk::test::errorOf([&] { (void)s.school.everyPupil(); })) == ErrorKind::Auth);
    s.school.lock();
    CHECK(kindOf(dlk::test::errorOf([&] { (void)s.school.everyPupil(); })) == ErrorKind::Auth);
}

TEST_CASE("teachers: wrong tries delay each teacher on their own - with an injected clock") {
    Staff s;
    s.school.lock();
    int64_t now = kT0;
    for (int i = 1; i <= 4; ++i) CHECK(s.school.checkPin(s.anna, "000000", now).result == PinCheck::Wrong);
    PinResult r = s.school.checkPin(s.anna, "000000", now);
    CHECK(r.result == PinCheck::Locked);
    CHECK(r.lockedSeconds == 5);
    // Anna's own PIN waits out her delay ...
    r = s.school.checkPin(s.anna, kAnnaPin, now + 4'000);
    CHECK(r.result == PinCheck::Locked);
    CHECK(r.lockedSeconds == 1);
    CHECK_FALSE(s.school.isUnlocked());
    // ... while Bram, at the same moment, logs in at once.
    s.loginAs(s.bram, kBramPin, now + 4'000);
    s.school.lock();
    // The delay is kept in the database: a restart (a new store) does not reset it.
    {
        SchoolStore again(s.db);
        CHECK(again.checkPin(s.anna, kAnnaPin, now + 4'500).result == PinCheck::Locked);
    }
    // A sixth wrong try after the wait doubles it.
    now += 5'000;
    r = s.school.checkPin(s.anna, "000000", now);
    CHECK(r.result == PinCheck::Locked);
    CHECK(r.lockedSeconds == 10);
    now += 10'000;
    REQUIRE(s.school.checkPin(s.anna, kAnnaPin, now).result == PinCheck::Ok);
    // The right PIN starts her count over.
    s.school.lock();
    CHECK(s.school.checkPin(s.anna, "000000", now).result == PinCheck::Wrong);
}

TEST_CASE("teachers: the PIN without a name finds its teacher - and never counts against a colleague") {
    Staff s;
    s.school.lock();
    for (int i = 0; i < 6; ++i) {
        REQUIRE(s.school.checkPin(kBramPin, kT0).result == PinCheck::Ok);
        CHECK(s.school.loggedInTeacher()->name == "Bram Peters");
    }
    s.school.lock();
    CHECK(s.school.checkPin(s.anna, kAnnaPin, kT0).result == PinCheck::Ok);  // no tries counted for Anna
    s.school.lock();
    CHECK(s.school.checkPin("000000", kT0).result == PinCheck::Wrong);
    CHECK_FALSE(s.school.isUnlocked());
}

TEST_CASE("teachers: a removed teacher's PIN no longer works - their classes go to nobody") {
    Staff s;
    s.loginAs(s.bram, kBramPin);
    const int64_t cls = s.school.createClass("Groep 8 Bram", kT0);
    s.loginAs(s.admin, kAdminPin);
    s.school.removeTeacher(s.bram);
    s.school.lock();
    CHECK(kindOf(dlk::test::errorOf([&] { (void)s.school.checkPin(s.bram, kBramPin, kT0); })) == ErrorKind::NotFound);
    CHECK(s.school.checkPin(kBramPin, kT0).result == PinCheck::Wrong);
    CHECK_FALSE(s.school.isUnlocked());
    // Bram's wrapped key went with him.
    auto st = s.db.prepare("SELECT count(*) FROM teachers WHERE name='Bram Peters'");
    REQUIRE(st.step());
    CHECK(st.getInt(0) == 0);
    const auto classes = s.school.classes();
    REQUIRE(classes.size() == 1);
    CHECK(classes.front().id == cls);
    CHECK(classes.front().teacherId == 0);
    s.loginAs(s.admin, kAdminPin);
    CHECK(namesOf(s.school.visibleClasses()) == std::vector<std::string>{"Groep 8 Bram"});
}
