// RESPONSES.csv reading and the score groups built from it.
#include <doctest/doctest.h>

#include <string>

#include "core_test_helpers.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

void expectError(const std::string& text, ErrorKind kind, std::initializer_list<const char*> parts,
                 const ResponseReadOptions& options = {}) {
    CAPTURE(text);
    auto e = errorOf([&] { (void)parseResponsesCsv(text, "R.csv", options); });
    REQUIRE(e);
    CHECK(e->kind() == kind);
    for (const char* p : parts) CHECK_MESSAGE(contains(e->what(), p), e->what(), " lacks ", p);
}

}  // namespace

TEST_CASE("irt response matrix: empty cells are not administered and the omitted code scores 0") {
    const ResponseMatrix m = parseResponsesCsv(
        "person_id,I1,I2,I3\n"
        "p1,1,,2\n"
        "p2,0,omitted,\n"
        "p3,, ,OMITTED\n",
        "R.csv");
    REQUIRE(m.personCount() == 3);
    REQUIRE(m.itemCount() == 3);
    CHECK(m.itemId(2) == "I3");
    CHECK(m.personId(1) == "p2");
    CHECK(m.score(0, 0) == 1);
    CHECK(m.score(0, 1) == ResponseMatrix::kNotAdministered);
    CHECK(m.score(0, 2) == 2);
    CHECK(m.score(1, 1) == 0);
    CHECK(m.score(2, 1) == ResponseMatrix::kNotAdministered);  // blank is empty
    CHECK(m.score(2, 2) == 0);
    CHECK(m.maxScore(0) == 1);
    CHECK(m.maxScore(1) == 0);
    CHECK(m.maxScore(2) == 2);
    CHECK(m.findItem("I2") == 1u);
    CHECK_FALSE(m.findItem("I9"));
}

TEST_CASE("irt response matrix: omitted answers can count as not administered") {
    ResponseReadOptions o;
    o.omitted = OmittedScoring::NotAdministered;
    o.omittedCode = "x";
    const ResponseMatrix m = parseResponsesCsv("person_id,I1,I2\np1,x,1\np2,0,X\n", "R.csv", o);
    CHECK(m.score(0, 0) == ResponseMatrix::kNotAdministered);
    CHECK(m.score(1, 1) == ResponseMatrix::kNotAdministered);
    CHECK(m.score(0, 1) == 1);
    expectError("person_id,I1\np1,omitted\n", ErrorKind::Parse, {"line 2", "I1", "'omitted'"}, o);
}

TEST_CASE("irt response matrix: quoted cells and CRLF line ends and a byte order mark are read") {
    const ResponseMatrix m =
        parseResponsesCsv("\xEF\xBB\xBFperson_id,\"I,1\",I2\r\n\"p \"\"one\"\"\",\"2\",0\r\n\r\np2,1,\r\n", "R.csv");
    REQUIRE(m.personCount() == 2);
    CHECK(m.itemId(0) == "I,1");
    CHECK(m.personId(0) == "p \"one\"");
    CHECK(m.score(0, 0) == 2);
    CHECK(m.score(1, 1) == ResponseMatrix::kNotAdministered);
}

TEST_CASE("irt response matrix: a cell that is not a whole score names its line and item") {
    expectError("person_id,I1,I2\np1,1,0\np2,1.5,0\n", ErrorKind::Parse, {"R.csv line 3", "item I1", "'1.5'"});
    expectError("person_id,I1,I2\np1,1,abc\n", ErrorKind::Parse, {"line 2", "item I2", "'abc'"});
    expectError("person_id,I1,I2\np1,1,1e0\n", ErrorKind::Parse, {"line 2", "'1e0'"});
    expectError("person_id,I1,I2\np1,-1,0\n", ErrorKind::Invalid, {"line 2", "negative"});
    expectError("person_id,I1\np1,51\n", ErrorKind::Invalid, {"line 2", "above 50"});
    expectError("person_id,I1\np1,\"1\"x\n", ErrorKind::Parse, {"line 2", "closing quote"});
    expectError("person_id,I1\np1,\"1\n", ErrorKind::Parse, {"line 2", "not closed"});
}

TEST_CASE("irt response matrix: duplicate persons name both lines and duplicate items both columns") {
    expectError("person_id,I1\np1,1\np2,0\np1,0\n", ErrorKind::Invalid, {"line 4", "person p1", "line 2"});
    expectError("person_id,I1,I2,I1\np1,1,0,1\n", ErrorKind::Parse, {"line 1", "item I1", "columns 2 and 4"});
}

TEST_CASE("irt response matrix: a wrong header or a row of the wrong length is refused") {
    expectError("", ErrorKind::Parse, {"R.csv is empty"});
    expectError("pupil,I1\np1,1\n", ErrorKind::Parse, {"line 1", "person_id"});
    expectError("person_id\np1\n", ErrorKind::Parse, {"no items"});
    expectError("person_id,I1,\np1,1,0\n", ErrorKind::Parse, {"column 3", "no item id"});
    expectError("person_id,I1,I2\np1,1\n", ErrorKind::Parse, {"line 2", "2 cells", "3"});
    expectError("person_id,I1\n,1\n", ErrorKind::Parse, {"line 2", "person_id is empty"});
}

TEST_CASE("irt response matrix: a score above the declared maximum is refused") {
    ResponseReadOptions o;
    o.declaredMaxScores["I2"] = 2;
    const ResponseMatrix ok = parseResponsesCsv("person_id,I1,I2\np1,3,1\n", "R.csv", o);
    CHECK(ok.maxScore(0) == 3);  // inferred
    CHECK(ok.maxScore(1) == 2);  // declared, above what was observed
    CHECK(ok.hasDeclaredMax(1));
    expectError("person_id,I1,I2\np1,0,1\np2,1,3\n", ErrorKind::Invalid, {"line 3", "item I2", "score 3", "maximum 2"},
                o);

    ResponseMatrix m({"a"}, {"I1"});
    m.setScore(0, 0, 2);
    CHECK(errorOf([&] { m.declareMaxScore(0, 1); })->kind() == ErrorKind::Invalid);
    m.declareMaxScore(0, 3);
    CHECK(errorOf([&] { m.setScore(0, 0, 4); })->kind() == ErrorKind::Invalid);
    CHECK(errorOf([&] { m.setScore(0, 0, -2); })->kind() == ErrorKind::Invalid);
    CHECK(errorOf([&] { ResponseMatrix({"a", "a"}, {"I1"}); })->kind() == ErrorKind::Invalid);
}

TEST_CASE("irt response matrix: a missing file is an Io error naming it") {
    auto e = errorOf([] { (void)readResponsesCsv("/nonexistent/dlk/RESPONSES.csv"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK(contains(e->what(), "/nonexistent/dlk/RESPONSES.csv"));
}

TEST_CASE("irt score groups: persons with the same booklet and raw score share a group with their score counts") {
    // Booklet A = {I1, I2}, booklet B = {I2, I3}; I2 scored 0..2.
    const ResponseMatrix m = parseResponsesCsv(
        "person_id,I1,I2,I3\n"
        "a1,1,2,\n"
        "a2,0,2,\n"  // A, 2
        "a3,1,1,\n"  // A, 2
        "b1,,0,1\n"  // B, 1
        "b2,,1,0\n"  // B, 1
        "b3,,2,1\n"  // B, 3
        "n1,,,\n",   // given nothing
        "R.csv");
    const DesignSummary d = summariseDesign(m);
    REQUIRE(d.booklets.size() == 2);
    CHECK(d.booklets[0].items == std::vector<int>{0, 1});
    CHECK(d.booklets[1].items == std::vector<int>{1, 2});
    CHECK(d.booklets[0].maxScore == 3);
    CHECK(d.booklets[1].maxScore == 3);
    CHECK(d.personsWithData == 6);
    CHECK(d.personGroup[6] == -1);
    REQUIRE(d.groups.size() == 4);  // A3, A2, B1, B3
    CHECK(d.personGroup[1] == d.personGroup[2]);
    CHECK(d.personGroup[3] == d.personGroup[4]);
    const int a2 = d.personGroup[1];
    CHECK(d.groups[static_cast<size_t>(a2)].score == 2);
    CHECK(d.groups[static_cast<size_t>(a2)].persons == 2);
    // In group A/2: I1 scores {0, 1}, I2 scores {2, 1}.
    CHECK(d.count(a2, 0, 0) == 1);
    CHECK(d.count(a2, 0, 1) == 1);
    CHECK(d.count(a2, 1, 0) == 0);
    CHECK(d.count(a2, 1, 1) == 1);
    CHECK(d.count(a2, 1, 2) == 1);
    CHECK(d.itemPersons == std::vector<int>{3, 6, 3});
    CHECK(d.itemCategoryCounts[1] == std::vector<int>{1, 2, 3});
    CHECK(itemComponents(d).size() == 1);
}

TEST_CASE("irt score groups: items never taken together fall into separate components") {
    const ResponseMatrix m = parseResponsesCsv("person_id,I1,I2,I3,I4,I5\na,1,0,,,\nb,,,1,0,\nc,0,1,,,\n", "R.csv");
    const auto comps = itemComponents(summariseDesign(m));
    REQUIRE(comps.size() == 3);  // {I1, I2}, {I3, I4} and I5 which nobody took
    CHECK(comps[0] == std::vector<int>{0, 1});
    CHECK(comps[1] == std::vector<int>{2, 3});
    CHECK(comps[2] == std::vector<int>{4});
}

TEST_CASE("irt response matrix: one domain's items can be taken out as their own matrix") {
    ResponseReadOptions o;
    o.declaredMaxScores["I3"] = 3;
    const ResponseMatrix m = parseResponsesCsv("person_id,I1,I2,I3\na,1,0,2\nb,,1,0\n", "R.csv", o);
    const ResponseMatrix s = m.selectItems({2, 0});
    CHECK(s.itemIds() == std::vector<std::string>{"I3", "I1"});
    CHECK(s.personIds() == m.personIds());
    CHECK(s.score(0, 0) == 2);
    CHECK(s.score(1, 1) == ResponseMatrix::kNotAdministered);
    CHECK(s.maxScore(0) == 3);
    CHECK(s.hasDeclaredMax(0));
    CHECK(s.maxScore(1) == 1);
}
