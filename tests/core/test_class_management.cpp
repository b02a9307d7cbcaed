// The class by hand (issue 13, point 2): names typed or pasted one a line, a class renamed, a
// pupil moved, a class deleted with everything kept about its pupils after a backup.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "core_test_helpers.h"
#include "disk_school.h"
#include "school/incidents.h"
#include "school/pupil_names.h"
#include "school/school_store.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::errorOf;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;

using dlk::test::DiskSchool;

}  // namespace

TEST_CASE("names: one a line - blank lines skipped - a spreadsheet's CRLF and tab-separated cells") {
    const auto list = parsePupilNames("Anna de Vries\r\n\r\n  Bram\tBakker \r\n\t\nÇelik Ümit\n\n");
    CHECK(list.problem == NameListProblem::None);
    CHECK(list.names == std::vector<std::string>{"Anna de Vries", "Bram Bakker", "Çelik Ümit"});
    CHECK(parsePupilNames("").names.empty());
    CHECK(parsePupilNames("\n \n\t\r\n").names.empty());
    CHECK(parsePupilNames("Old Mac\rJo").names == std::vector<std::string>{"Old Mac", "Jo"});
}

TEST_CASE("names: a line over the limit is refused with its line number - never cut") {
    const std::string longest(kMaxPupilNameChars, 'a');
    CHECK(parsePupilNames("Jan\n" + longest).names.size() == 2);
    const auto list = parsePupilNames("Jan\n\nPiet\n" + longest + "b\nKees");
    CHECK(list.problem == NameListProblem::TooLong);
    CHECK(list.line == 4);  // the line as the teacher sees it, blank lines counted
    CHECK(list.names.empty());
    // Characters, not bytes: 80 letters with accents (two bytes each) are a name.
    std::string accented;
    for (size_t i = 0; i < kMaxPupilNameChars; ++i) accented += "é";
    CHECK(parsePupilNames(accented).problem == NameListProblem::None);
    CHECK(parsePupilNames(accented + "é").problem == NameListProblem::TooLong);
    // Spaces around it do not count; many spaces inside count as one.
    CHECK(parsePupilNames("   " + longest + "   ").problem == NameListProblem::None);
}

TEST_CASE("names: more than kMaxNewPupils names are refused whole - blank lines do not count") {
    std::string text;
    for (int i = 0; i < kMaxNewPupils; ++i) text += "Leerling " + std::to_string(i) + "\n\n";
    CHECK(parsePupilNames(text).names.size() == static_cast<size_t>(kMaxNewPupils));
    const auto list = parsePupilNames(text + "Eén te veel");
    CHECK(list.problem == NameListProblem::TooMany);
    CHECK(list.names.empty());
}

TEST_CASE("names: control characters or broken UTF-8 are refused with the line") {
    auto list = parsePupilNames("Jan\nPi\x01et");
    CHECK(list.problem == NameListProblem::NotText);
    CHECK(list.line == 2);
    list = parsePupilNames("Jan\n\xC3(");
    CHECK(list.problem == NameListProblem::NotText);
    CHECK(list.line == 2);
}

TEST_CASE("class: renamed - refused for an empty name - a taken name - an unknown class") {
    DiskSchool s;
    const int64_t a = s.school.createClass("7A", kNow);
    const int64_t b = s.school.createClass("7B", kNow);
    s.school.renameClass(a, "  Groep 7 Zon ");
    CHECK(s.school.findClass("Groep 7 Zon")->id == a);
    CHECK_FALSE(s.school.findClass("7A"));
    s.school.renameClass(a, "Groep 7 Zon");  // its own name again: nothing changes, no error
    auto e = errorOf([&] { s.school.renameClass(a, " \t"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    e = errorOf([&] { s.school.renameClass(a, "7B"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(std::string(e->what()).find("already exists") != std::string::npos);
    e = errorOf([&] { s.school.renameClass(9999, "Groep 9"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    CHECK(s.school.findClass("7B")->id == b);
    CHECK(s.school.findClass("Groep 7 Zon")->id == a);
}

TEST_CASE("class: a pupil moves with code and answers - unknown pupil or class refused") {
    DiskSchool s;
    const int64_t a = s.school.createClass("7A", kNow);
    const int64_t b = s.school.createClass("7B", kNow);
    const auto inA = s.school.addPupils(a, {"Anna", "Bram"}, kNow);
    s.school.addPupils(b, {"Cas"}, kNow);
    s.giveAnswers(inA[0].id, "m01");
    s.school.movePupil(inA[0].id, b);
    const auto nowB = s.school.pupils(b);
    REQUIRE(nowB.size() == 2);
    CHECK(nowB[0].displayName == "Anna");  // added first, so first in the class's order
    CHECK(s.school.pupils(a).size() == 1);
    // The pupil's code still finds them, now in 7B; their answers came along.
    const auto found = s.school.findPupilByCode(inA[0].code);
    REQUIRE(found);
    CHECK(found->classId == b);
    CHECK(s.school.classHoldings(b).answers == 2);
    CHECK(s.school.classHoldings(a).answers == 0);
    s.school.movePupil(inA[0].id, b);  // already there: nothing changes
    auto e = errorOf([&] { s.school.movePupil(inA[1].id, 9999); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    e = errorOf([&] { s.school.movePupil(9999, a); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    CHECK(s.school.pupils(a).size() == 1);
}

TEST_CASE("class: holdings count pupils - modules started and answers - unknown class refused") {
    DiskSchool s;
    const int64_t a = s.school.createClass("7A", kNow);
    const auto pupils = s.school.addPupils(a, {"Anna", "", "Bram"}, kNow);
    s.giveAnswers(pupils[0].id, "m01");
    s.giveAnswers(pupils[0].id, "m02");
    s.giveAnswers(pupils[2].id, "m01");
    const auto h = s.school.classHoldings(a);
    CHECK(h.pupils == 3);
    CHECK(h.attempts == 3);
    CHECK(h.answers == 6);
    auto e = errorOf([&] { s.school.classHoldings(9999); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
}

TEST_CASE("class: deleted with every row that hangs on it - after a backup - other classes untouched") {
    DiskSchool s;
    const int64_t a = s.school.createClass("7A", kNow);
    const int64_t b = s.school.createClass("7B", kNow);
    const auto inA = s.school.addPupils(a, {"Anna", "Bram"}, kNow);
    const auto inB = s.school.addPupils(b, {"Cas"}, kNow);
    s.giveAnswers(inA[0].id, "m01");
    s.giveAnswers(inA[1].id, "m01");
    s.giveAnswers(inB[0].id, "m01");
    IncidentLog(s.db).add(inA[0].id, IncidentKind::Late, "m01", kNow);
    IncidentLog(s.db).add(inB[0].id, IncidentKind::Unwell, "", kNow);
    // Every table whose foreign key reaches a pupil or an attempt got rows above: a table a later
    // schema adds must be given some here too (deleteClass itself finds it from the schema).
    std::set<std::string> referencing;
    for (const char* target : {"pupils", "attempts", "classes"}) {
        auto st = s.db.prepare(
            "SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type='table' AND "
            "f.\"table\"=?");
        st.bind(1, target);
        while (st.step()) referencing.insert(st.getText(0));
    }
    const std::set<std::string> covered{"pupils", "attempts",      "responses",    "flags",
                                        "events", "session_plans", "human_scores", "incidents"};
    CHECK(referencing == covered);
    const std::string backup = s.school.deleteClass(a, kNow);
    REQUIRE_FALSE(backup.empty());
    CHECK(std::filesystem::exists(backup));
    CHECK(backup.find("before-deleting-class") != std::string::npos);
    {  // The copy still holds the class: the delete can be undone by hand.
        Database copy(backup);
        auto st = copy.prepare("SELECT count(*) FROM pupils WHERE class_id=?");
        st.bind(1, a);
        REQUIRE(st.step());
        CHECK(st.getInt(0) == 2);
    }
    CHECK_FALSE(s.school.findClass("7A"));
    CHECK(s.count("SELECT count(*) FROM pupils") == 1);
    CHECK(s.count("SELECT count(*) FROM attempts") == 1);
    CHECK(s.count("SELECT count(*) FROM responses") == 2);
    CHECK(s.count("SELECT count(*) FROM flags") == 1);
    CHECK(s.count("SELECT count(*) FROM events") == 1);
    CHECK(s.count("SELECT count(*) FROM human_scores") == 1);
    CHECK(s.count("SELECT count(*) FROM session_plans") == 1);
    CHECK(s.count("SELECT count(*) FROM incidents") == 1);
    CHECK(s.count("SELECT count(*) FROM pragma_foreign_key_check") == 0);
    CHECK_FALSE(s.school.findPupilByCode(inA[0].code));
    CHECK(s.school.findPupilByCode(inB[0].code));
    CHECK(s.school.classHoldings(b).answers == 2);
}

TEST_CASE("class: delete refused while locked and for an unknown class - nothing deleted - no backup") {
    DiskSchool s;
    const int64_t a = s.school.createClass("7A", kNow);
    s.school.addPupils(a, {"Anna"}, kNow);
    auto e = errorOf([&] { s.school.deleteClass(9999, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    CHECK_FALSE(std::filesystem::exists(s.dir.path() / "backups"));
    s.school.lock();
    e = errorOf([&] { s.school.deleteClass(a, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    CHECK(s.school.classHoldings(a).pupils == 1);
}
