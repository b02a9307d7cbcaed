// Item analysis (results/item_analysis.h) against datasets small enough to work out by hand: the
// p-value, the item-rest correlation, the option counts with no answer, the flags for an item
// that looks wrong, and the privacy rule (5 pupils withheld, 6 given).
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "qti/qti_loader.h"
#include "results/item_analysis.h"

using namespace dlk;

namespace {

// A choice item with options A, B and C whose key is `key`.
Item choiceItem(const std::string& key) {
    return parseItemXml(R"(<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="q1" title="Vraag 1"
    adaptive="false" timeDependent="false" xml:lang="nl">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>)" +
                            key + R"(</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
      <prompt>Welke?</prompt>
      <simpleChoice identifier="A">Alfa</simpleChoice>
      <simpleChoice identifier="B">Bravo</simpleChoice>
      <simpleChoice identifier="C">Charlie</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct"/>
</assessmentItem>)",
                        "q1.xml");
}

ItemScoreRow row(int64_t pupil, const std::string& item, double score, const std::string& choice = "") {
    ItemScoreRow r;
    r.pupilId = pupil;
    r.moduleId = "m";
    r.language = "nl";
    r.itemId = item;
    r.domain = Domain::Information;
    r.score = score;
    r.maxScore = 1;
    r.answered = item != "q1" || !choice.empty();
    r.responsesJson = choice.empty() ? R"({"RESPONSE":null})" : R"({"RESPONSE":")" + choice + "\"}";
    return r;
}

// Six pupils, one module of three 0/1 items; q1 is the choice item.
//
//   pupil  q1 (choice)  q2  q3  | rest of q1 = q2 + q3
//     1     A  1         1   1  |  2
//     2     A  1         1   0  |  1
//     3     B  0         1   0  |  1
//     4     A  1         0   0  |  0
//     5     C  0         0   1  |  1
//     6     -  0         0   0  |  0   (no answer)
//
// q1 with key A: x = 1,1,0,1,0,0 (mean 1/2), y = 2,1,1,0,1,0 (mean 5/6).
//   dx = ±1/2; dy = 7/6, 1/6, 1/6, -5/6, 1/6, -5/6
//   Sxy = 1/2 (7/6 + 1/6 - 1/6 - 5/6 - 1/6 + 5/6) = 1/2
//   Sxx = 6 × 1/4 = 3/2;  Syy = (49 + 1 + 1 + 25 + 1 + 25) / 36 = 17/6
//   r = (1/2) / sqrt(3/2 × 17/6) = (1/2) / sqrt(17/4) = 1/sqrt(17) = 0.2425
//   The strong half (rest >= median 1): pupils 1, 2, 3, 5 chose A, A, B, C: the key most.
// q3: x = 1,0,0,0,1,0 (mean 1/3), rest = q1 + q2 = 2,2,1,1,0,0 (mean 1).
//   Sxy = Σ dx·y = 2/3·2 - 1/3·2 - 1/3·1 - 1/3·1 + 2/3·0 - 1/3·0 = 0: r = 0, near zero.
std::vector<ItemScoreRow> sixPupils(const std::string& key = "A") {
    const char* choices[] = {"A", "A", "B", "A", "C", ""};
    const double q2[] = {1, 1, 1, 0, 0, 0};
    const double q3[] = {1, 0, 0, 0, 1, 0};
    std::vector<ItemScoreRow> rows;
    for (int i = 0; i < 6; ++i) {
        rows.push_back(row(i + 1, "q1", choices[i] == key ? 1 : 0, choices[i]));
        rows.push_back(row(i + 1, "q2", q2[i]));
        rows.push_back(row(i + 1, "q3", q3[i]));
    }
    return rows;
}

const std::set<int64_t> kSix = {1, 2, 3, 4, 5, 6};

const ItemAnalysis& find(const std::vector<ItemAnalysis>& items, const std::string& id) {
    for (const auto& a : items)
        if (a.itemId == id) return a;
    FAIL("no analysis of " << id);
    return items.front();
}

bool hasConcern(const ItemAnalysis& a, ItemConcern c) {
    for (ItemConcern x : a.concerns)
        if (x == c) return true;
    return false;
}

}  // namespace

TEST_CASE("item analysis: pearson against hand-worked cases - none without variance") {
    CHECK(*pearson({1, 2, 3}, {2, 4, 6}) == doctest::Approx(1.0));
    CHECK(*pearson({1, 2, 3}, {3, 2, 1}) == doctest::Approx(-1.0));
    // x = 1,0,1,0; y = 1,1,0,0: Sxy = 0.
    CHECK(*pearson({1, 0, 1, 0}, {1, 1, 0, 0}) == doctest::Approx(0.0));
    CHECK_FALSE(pearson({1, 1, 1}, {1, 2, 3}));
    CHECK_FALSE(pearson({1}, {1}));
    CHECK_FALSE(pearson({1, 2}, {1, 2, 3}));
}

TEST_CASE("item analysis: p-value - item-rest - option counts with no answer - for six pupils by hand") {
    const Item q1 = choiceItem("A");
    const ItemLookup lookup = [&](const ItemScoreRow& r) { return r.itemId == "q1" ? &q1 : nullptr; };
    const auto items = analyseItems(sixPupils(), lookup, kSix);
    REQUIRE(items.size() == 3);
    CHECK(items[0].itemId == "q1");  // in the order met
    const ItemAnalysis& a = find(items, "q1");
    CHECK(a.title == "Vraag 1");
    CHECK(a.domain == Domain::Information);
    CHECK(a.pupils == 6);
    CHECK(a.withheld == Withheld::No);
    REQUIRE(a.pValue);
    CHECK(*a.pValue == doctest::Approx(0.5));
    REQUIRE(a.itemRest);
    CHECK(*a.itemRest == doctest::Approx(1 / std::sqrt(17.0)));
    REQUIRE(a.choice);
    REQUIRE(a.options.size() == 3);
    CHECK(a.options[0].identifier == "A");
    CHECK(a.options[0].text == "Alfa");
    CHECK(a.options[0].key);
    CHECK_FALSE(a.options[1].key);
    CHECK(a.options[0].chosen == 3);
    CHECK(a.options[1].chosen == 1);
    CHECK(a.options[2].chosen == 1);
    CHECK(a.noAnswer == 1);
    CHECK(a.concerns.empty());  // 0.24 is low but not near zero, and the strong half chose the key

    // q3 agrees with nothing else: r = 0, flagged as near zero. Not a choice item: no options.
    const ItemAnalysis& q3 = find(items, "q3");
    REQUIRE(q3.itemRest);
    CHECK(*q3.itemRest == doctest::Approx(0.0));
    CHECK(*q3.pValue == doctest::Approx(1.0 / 3));
    CHECK(hasConcern(q3, ItemConcern::LowItemRest));
    CHECK_FALSE(q3.choice);
    CHECK(q3.options.empty());
}

TEST_CASE("item analysis: a wrong key - the strong half chose a distractor more than the key") {
    // The same answers, but the item says B is right: only pupil 3 scores.
    //   x = 0,0,1,0,0,0 (mean 1/6), y = 2,1,1,0,1,0 (rest unchanged)
    //   Sxy = Σ dx·y = -1/6·(2+1+0+1+0) + 5/6·1 = 1/6; Sxx = 5/6; Syy = 17/6
    //   r = (1/6) / sqrt(85/36) = 1/sqrt(85) = 0.108: not near zero, yet the strong half chose
    //   A twice and the key B once.
    const Item q1 = choiceItem("B");
    const ItemLookup lookup = [&](const ItemScoreRow& r) { return r.itemId == "q1" ? &q1 : nullptr; };
    const ItemAnalysis a = find(analyseItems(sixPupils("B"), lookup, kSix), "q1");
    REQUIRE(a.itemRest);
    CHECK(*a.itemRest == doctest::Approx(1 / std::sqrt(85.0)));
    CHECK(*a.pValue == doctest::Approx(1.0 / 6));
    CHECK(a.options[1].key);
    CHECK(hasConcern(a, ItemConcern::DistractorBeatsKey));
    CHECK_FALSE(hasConcern(a, ItemConcern::LowItemRest));
    CHECK_FALSE(hasConcern(a, ItemConcern::NegativeItemRest));
}

TEST_CASE("item analysis: two items that disagree are both flagged negative") {
    // x = 1,1,1,0,0,0 and y = 0,0,0,1,1,1: each is the other's rest score, r = -1.
    std::vector<ItemScoreRow> rows;
    for (int i = 0; i < 6; ++i) {
        rows.push_back(row(i + 1, "x", i < 3 ? 1 : 0));
        rows.push_back(row(i + 1, "y", i < 3 ? 0 : 1));
    }
    for (const ItemAnalysis& a : analyseItems(rows, nullptr, kSix)) {
        CAPTURE(a.itemId);
        REQUIRE(a.itemRest);
        CHECK(*a.itemRest == doctest::Approx(-1.0));
        CHECK(hasConcern(a, ItemConcern::NegativeItemRest));
    }
}

TEST_CASE("item analysis: the privacy rule - 5 pupils withheld - 6 given") {
    const Item q1 = choiceItem("A");
    const ItemLookup lookup = [&](const ItemScoreRow& r) { return r.itemId == "q1" ? &q1 : nullptr; };
    // Pupil 6 is outside the set asked for: five pupils are left, and nothing is said about them.
    const auto five = analyseItems(sixPupils(), lookup, {1, 2, 3, 4, 5});
    REQUIRE(five.size() == 3);
    for (const ItemAnalysis& a : five) {
        CAPTURE(a.itemId);
        CHECK(a.pupils == 5);
        CHECK(a.withheld == Withheld::SmallGroup);
        CHECK_FALSE(a.pValue);
        CHECK_FALSE(a.itemRest);
        CHECK(a.options.empty());
        CHECK(a.noAnswer == 0);
        CHECK(a.concerns.empty());
    }
    const auto six = analyseItems(sixPupils(), lookup, kSix);
    for (const ItemAnalysis& a : six) {
        CAPTURE(a.itemId);
        CHECK(a.pupils == 6);
        CHECK(a.withheld == Withheld::No);
        CHECK(a.pValue);
    }
}

TEST_CASE("item analysis: rows awaiting a teacher or unscorable count nowhere - a damaged answer is no answer") {
    const Item q1 = choiceItem("A");
    const ItemLookup lookup = [&](const ItemScoreRow& r) { return r.itemId == "q1" ? &q1 : nullptr; };
    std::vector<ItemScoreRow> rows = sixPupils();
    // Pupil 7's q1 waits for a teacher and pupil 8's could not be scored: still six pupils.
    ItemScoreRow waiting = row(7, "q1", 0, "B");
    waiting.awaitingTeacher = true;
    ItemScoreRow broken = row(8, "q1", 0, "B");
    broken.unscorable = "q1.xml:3: no such operator";
    rows.push_back(waiting);
    rows.push_back(broken);
    // Pupil 6's stored answer is not JSON: counted as no answer, never a crash.
    for (ItemScoreRow& r : rows)
        if (r.pupilId == 6 && r.itemId == "q1") {
            r.answered = true;
            r.responsesJson = "{\"RESPONSE\": [1, {";
        }
    const ItemAnalysis a = find(analyseItems(rows, lookup, {1, 2, 3, 4, 5, 6, 7, 8}), "q1");
    CHECK(a.pupils == 6);
    CHECK(a.options[1].chosen == 1);
    CHECK(a.noAnswer == 1);
    CHECK(*a.pValue == doctest::Approx(0.5));
}
