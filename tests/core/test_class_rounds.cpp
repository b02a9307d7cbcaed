// Measurement rounds and archived classes (school/school_rounds.cpp) and the comparison of two
// rounds (results/round_comparison.h): a class measured again keeps its earlier answers in an
// archived, read-only copy; the pupils keep their codes, names and accommodations and are linked
// to themselves; an archived class refuses what would change it; deleting either round leaves the
// other whole; and a pupil's change counts only beyond its 95% margin.
#include <doctest/doctest.h>

#include <filesystem>
#include <limits>

#include "core_test_helpers.h"
#include "disk_school.h"
#include "results/round_comparison.h"
#include "school/incidents.h"
#include "school/school_store.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::errorOf;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;  // 2026-05-28
constexpr int64_t kDay = 86'400'000;

// A school on disk with what these tests count: a pupil's attempts and the backups made.
struct RoundSchool : dlk::test::DiskSchool {
    RoundSchool() : DiskSchool(kNow) {}
    int64_t attemptsOf(int64_t pupilId) {
        return count("SELECT count(*) FROM attempts WHERE pupil_id=" + std::to_string(pupilId));
    }
    size_t backups() {
        const auto folder = dir.path() / "backups";
        if (!std::filesystem::exists(folder)) return 0;
        size_t n = 0;
        for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(folder)) ++n;
        return n;
    }
};

}  // namespace

TEST_CASE(
    "rounds: a new measurement keeps the answers in an archived copy - pupils keep codes - names - accommodations") {
    RoundSchool s;
    const int64_t cls = s.school.createClass("Groep 7a", kNow);
    const std::vector<PupilInfo> before = s.school.addPupils(cls, {"Anna de Vries", "Bram", ""}, kNow);
    Accommodations larger;
    larger.textScalePct = 150;
    larger.readAloud = true;
    s.school.setAccommodations(before[1].id, larger);
    s.school.setSessionDesign(cls, "kort");
    s.giveAnswers(before[0].id, "m01");
    s.giveAnswers(before[1].id, "m02");
    IncidentLog(s.db).add(before[0].id, IncidentKind::Late, "m01", kNow);

    const int64_t archived = s.school.startNewRound(cls, kNow + 10 * kDay);
    CHECK(s.backups() == 1);

    // The class as it was is an archived copy, named with the day, linked to the class.
    const auto rounds = s.school.earlierRounds(cls);
    REQUIRE(rounds.size() == 1);
    CHECK(rounds[0].id == archived);
    CHECK(rounds[0].name == "Groep 7a · 2026-06-07");
    CHECK(rounds[0].archived());
    CHECK(rounds[0].roundOf == cls);
    CHECK(rounds[0].pupilCount == 3);
    CHECK(s.school.sessionDesign(archived) == "kort");
    // Everything the pupils did went with their earlier rows.
    const std::vector<PupilInfo> then = s.school.pupils(archived);
    REQUIRE(then.size() == 3);
    CHECK(then[0].displayName == "Anna de Vries");
    CHECK(then[0].code == before[0].code);  // for the teacher's list; it no longer logs in
    CHECK(s.attemptsOf(then[0].id) == 1);
    CHECK(s.attemptsOf(then[1].id) == 1);
    CHECK(s.count("SELECT count(*) FROM incidents WHERE pupil_id=" + std::to_string(then[0].id)) == 1);
    CHECK(s.school.classHoldings(archived).answers == 4);

    // The class keeps its id, name and design; its pupils start again with the same codes, names,
    // numbers and accommodations, and nothing answered or planned.
    const auto now = s.school.findClass("Groep 7a");
    REQUIRE(now);
    CHECK(now->id == cls);
    CHECK_FALSE(now->archived());
    CHECK(s.school.sessionDesign(cls) == "kort");
    const std::vector<PupilInfo> after = s.school.pupils(cls);
    REQUIRE(after.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        CHECK(after[i].code == before[i].code);
        CHECK(after[i].displayName == before[i].displayName);
        CHECK(after[i].numberInClass == before[i].numberInClass);
        CHECK(after[i].id != before[i].id);
        CHECK(s.attemptsOf(after[i].id) == 0);
    }
    CHECK(after[1].accommodations == larger);
    CHECK(s.school.classHoldings(cls).attempts == 0);
    CHECK(s.count("SELECT count(*) FROM session_plans WHERE pupil_id IN (SELECT id FROM pupils WHERE class_id=" +
                  std::to_string(cls) + ")") == 0);

    // A code logs in to the class now, with the first name for "Dit ben ik".
    s.school.lock();
    const auto found = s.school.findPupilByCode(before[0].code);
    REQUIRE(found);
    CHECK(found->id == after[0].id);
    CHECK(found->classId == cls);
    CHECK(found->firstName == "Anna");
    CHECK(found->numberInClass == 1);

    // Each pupil linked to themselves.
    const auto earlier = s.school.earlierPupils(cls, archived);
    REQUIRE(earlier.size() == 3);
    for (size_t i = 0; i < 3; ++i) CHECK(earlier.at(after[i].id) == then[i].id);
    CHECK(s.count("SELECT count(*) FROM pragma_foreign_key_check") == 0);
    CHECK(s.count("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'") == 0);
}

TEST_CASE("rounds: three rounds - a pupil links back through the round between - pupils added since have none") {
    RoundSchool s;
    const int64_t cls = s.school.createClass("7B", kNow);
    const auto first = s.school.addPupils(cls, {"Ali", "Bo"}, kNow);
    s.giveAnswers(first[0].id, "m01");
    const int64_t autumn = s.school.startNewRound(cls, kNow);
    const auto second = s.school.pupils(cls);
    s.giveAnswers(second[1].id, "m02");
    const auto added = s.school.addPupils(cls, {"Cas"}, kNow + kDay);
    const int64_t winter = s.school.startNewRound(cls, kNow + 2 * kDay);
    const auto third = s.school.pupils(cls);
    REQUIRE(third.size() == 3);
    CHECK(third[2].code == added[0].code);

    const auto rounds = s.school.earlierRounds(cls);
    REQUIRE(rounds.size() == 2);
    CHECK(rounds[0].id == winter);  // the most recent first
    CHECK(rounds[1].id == autumn);
    // Back to the autumn round through the winter one: the same pupils' first rows.
    const auto toAutumn = s.school.earlierPupils(cls, autumn);
    REQUIRE(toAutumn.size() == 2);
    CHECK(toAutumn.at(third[0].id) == first[0].id);
    CHECK(toAutumn.at(third[1].id) == first[1].id);
    CHECK_FALSE(toAutumn.count(third[2].id));  // Cas came after the autumn
    CHECK(s.school.earlierPupils(cls, winter).size() == 3);
    // An unrelated class links nothing.
    CHECK(s.school.earlierPupils(cls, cls).empty());
}

TEST_CASE("rounds: refused while locked - for another teacher's class - an archived one - one with no answers") {
    RoundSchool s;
    const int64_t cls = s.school.createClass("8A", kNow);
    const auto pupils = s.school.addPupils(cls, {"Anna"}, kNow);
    // Nothing answered yet: nothing to keep, nothing changed, no backup.
    auto e = errorOf([&] { s.school.startNewRound(cls, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(dlk::test::contains(e->what(), "8A"));
    CHECK(s.backups() == 0);
    e = errorOf([&] { s.school.startNewRound(4242, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);

    s.giveAnswers(pupils[0].id, "m01");
    s.school.lock();
    e = errorOf([&] { s.school.startNewRound(cls, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    e = errorOf([&] { s.school.archiveClass(cls, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);

    // Another teacher's class is as closed as without a PIN.
    REQUIRE(s.school.checkPin("246813", kNow).result == PinCheck::Ok);
    const int64_t other = s.school.addTeacher("Juf Sara", "135792", TeacherRole::Teacher, kNow);
    s.school.lock();
    REQUIRE(s.school.checkPin(other, "135792", kNow).result == PinCheck::Ok);
    e = errorOf([&] { s.school.startNewRound(cls, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    CHECK(s.school.earlierRounds(cls).empty());
    CHECK(s.backups() == 0);

    s.school.lock();
    REQUIRE(s.school.checkPin("246813", kNow).result == PinCheck::Ok);
    const int64_t archived = s.school.startNewRound(cls, kNow);
    e = errorOf([&] { s.school.startNewRound(archived, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(dlk::test::contains(e->what(), "archived"));
}

TEST_CASE("rounds: an archived class - codes stop - nobody added - nobody moved in or out - results stay") {
    RoundSchool s;
    const int64_t leaving = s.school.createClass("8C", kNow);
    const int64_t staying = s.school.createClass("8D", kNow);
    const auto pupils = s.school.addPupils(leaving, {"Anna", "Bram"}, kNow);
    const auto others = s.school.addPupils(staying, {"Cas"}, kNow);
    s.giveAnswers(pupils[0].id, "m01");
    s.school.archiveClass(leaving, kNow + kDay);
    CHECK(s.backups() == 1);
    const auto cls = s.school.findClass("8C");
    REQUIRE(cls);
    CHECK(cls->archived());
    CHECK(cls->archivedAtMs == kNow + kDay);
    CHECK(cls->roundOf == 0);
    CHECK_FALSE(s.school.findPupilByCode(pupils[0].code));
    CHECK(s.school.findPupilByCode(others[0].code));  // another class logs in as before
    CHECK(s.school.classHoldings(leaving).answers == 2);
    CHECK(s.school.pupils(leaving).at(1).displayName == "Bram");

    auto e = errorOf([&] { s.school.addPupils(leaving, {"Dirk"}, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(dlk::test::contains(e->what(), "adding pupils to class '8C'"));
    e = errorOf([&] { s.school.movePupil(others[0].id, leaving); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    e = errorOf([&] { s.school.movePupil(pupils[1].id, staying); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    e = errorOf([&] { s.school.archiveClass(leaving, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(s.school.classHoldings(leaving).pupils == 2);
    CHECK(s.school.classHoldings(staying).pupils == 1);
}

TEST_CASE("rounds: deleting the class or its earlier round leaves the other whole and unlinked") {
    RoundSchool s;
    const int64_t cls = s.school.createClass("6A", kNow);
    const auto pupils = s.school.addPupils(cls, {"Anna", "Bram"}, kNow);
    s.giveAnswers(pupils[0].id, "m01");
    const int64_t archived = s.school.startNewRound(cls, kNow);
    const auto now = s.school.pupils(cls);
    s.giveAnswers(now[0].id, "m02");

    SUBCASE("the earlier round deleted: the class and its answers stay, no pupil links to a row gone") {
        s.school.deleteClass(archived, kNow);
        CHECK(s.school.pupils(cls).size() == 2);
        CHECK(s.attemptsOf(now[0].id) == 1);
        CHECK(s.school.earlierRounds(cls).empty());
        CHECK(s.count("SELECT count(*) FROM pupils WHERE previous_id IS NOT NULL") == 0);
        CHECK(s.school.findPupilByCode(pupils[0].code));
    }
    SUBCASE("the class deleted: the earlier round stays, with its answers, as a class of its own") {
        s.school.deleteClass(cls, kNow);
        const auto left = s.school.classes();
        REQUIRE(left.size() == 1);
        CHECK(left[0].id == archived);
        CHECK(left[0].roundOf == 0);
        CHECK(s.school.classHoldings(archived).answers == 2);
        CHECK_FALSE(s.school.findPupilByCode(pupils[0].code));
    }
    CHECK(s.count("SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

TEST_CASE("round comparison: a change counts beyond 1.96 times the SE of the difference") {
    ScaleScore then, now;
    then.score = 450;
    then.se = 30;
    now.se = 40;  // SE of the difference 50: the margin 97.998
    now.score = 450 + 98.1;
    CHECK(changeBetween(then, now) == Change::Higher);
    now.score = 450 + 97.9;
    CHECK(changeBetween(then, now) == Change::Same);
    now.score = 450 - 97.9;
    CHECK(changeBetween(then, now) == Change::Same);
    now.score = 450 - 98.1;
    CHECK(changeBetween(then, now) == Change::Lower);
    now.se = std::numeric_limits<double>::quiet_NaN();
    CHECK(changeBetween(then, now) == Change::Unknown);
}

TEST_CASE("round comparison: class figures then and now - each pupil against themselves - counts only above 5") {
    // Two rounds of a class of 7; pupil i was id 100+i then and is 200+i now. Pupil 6 is new.
    auto reportOf = [](int64_t firstId, int pupils, double score, int percent) {
        ClassReport r;
        for (int i = 0; i < pupils; ++i) {
            PupilReport p;
            p.result.pupilId = firstId + i;
            p.result.status = AttemptStatus::Finished;
            p.result.domains[static_cast<size_t>(Domain::Media)] = {static_cast<double>(percent), 100};
            ScaleScore sc;
            sc.score = score + i;  // 0..6 apart
            sc.se = 20;
            sc.margin95 = kZ95 * 20;
            p.scale = sc;
            r.pupils.push_back(p);
        }
        addClassFigures(r, 0);
        return r;
    };
    const ClassReport earlier = reportOf(100, 6, 400, 40);
    ClassReport now = reportOf(200, 7, 500, 55);
    now.pupils[2].scale->score = 400 + 2 + 10;                // within the margin (55.4) of its earlier 402
    now.pupils[3].result.status = AttemptStatus::InProgress;  // not finished: no scale score compared
    std::map<int64_t, int64_t> links;
    for (int i = 0; i < 6; ++i) links[200 + i] = 100 + i;

    RoundComparison c = compareRounds(earlier, now, links);
    CHECK(c.overall.then == 40);
    CHECK(c.overall.now == 55);
    CHECK(c.domains[static_cast<size_t>(Domain::Media)].then == 40);
    CHECK(c.domains[static_cast<size_t>(Domain::Media)].now == 55);
    CHECK_FALSE(c.domains[static_cast<size_t>(Domain::Information)].now);
    REQUIRE(c.scaleThen);
    CHECK(*c.scaleThen == doctest::Approx(402.5));
    REQUIRE(c.pupils.size() == 6);  // the new pupil has no earlier round
    CHECK_FALSE(c.find(206));
    REQUIRE(c.find(200));
    CHECK(c.find(200)->earlierPupilId == 100);
    CHECK(c.find(200)->change == Change::Higher);
    CHECK(c.find(202)->change == Change::Same);
    CHECK(c.find(203)->change == Change::Unknown);
    CHECK_FALSE(c.find(203)->now);
    CHECK(c.find(203)->domainsThen[static_cast<size_t>(Domain::Media)] == 40);
    // 5 pupils compared: the counts are a group figure, withheld.
    CHECK(c.pupilsCompared == 5);
    CHECK_FALSE(c.higher);
    CHECK_FALSE(c.same);
    // A sixth pupil compared: the counts are given.
    now.pupils[3].result.status = AttemptStatus::Finished;
    c = compareRounds(earlier, now, links);
    CHECK(c.pupilsCompared == 6);
    CHECK(c.higher == 5);
    CHECK(c.same == 1);
    CHECK(c.lower == 0);
    // An earlier round of 5 finished pupils has no class figures, and says so by having none.
    const ClassReport small = reportOf(100, 5, 400, 40);
    c = compareRounds(small, now, links);
    CHECK_FALSE(c.overall.then);
    CHECK_FALSE(c.scaleThen);
    CHECK(c.overall.now == 55);
}
