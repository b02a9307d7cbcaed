// Rubric scoring by people (scoring/human_scores.h): the rubric read from the items, the three
// rounds with their refusals, the deterministic second share, agreement and Cohen's kappa against
// tables worked by hand, the final-score rules, and final scores flowing into raw scores.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <set>

#include "core_test_helpers.h"
#include "delivery/response_store.h"
#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "qti/qti_loader.h"
#include "qti/validator.h"
#include "results/class_results.h"
#include "school/school_store.h"
#include "scoring/human_scores.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

std::vector<std::pair<int, int>> repeat(std::vector<std::pair<int, int>> pairs, int times) {
    std::vector<std::pair<int, int>> out;
    for (const auto& p : pairs)
        for (int i = 0; i < times; ++i) out.push_back(p);
    return out;
}

struct Fixture {
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    Database db{":memory:"};
    int64_t classId = 0;
    // Three teachers who score (no PIN is needed to store a score: the screen gives the
    // logged-in teacher's id).
    int64_t ab = 0, cd = 0, ef = 0;
    // `schema`: a school an older dlkiosk wrote (its scores are then stored by hand).
    explicit Fixture(int schema = kSchemaVersion) {
        BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
        DemoOptions o;
        o.pupils = 12;
        o.seed = 5;
        o.finishedShare = 1.0;
        if (schema == kSchemaVersion) {
            migrateSchema(db);
            const DemoSchool school = makeDemoSchool(db, bank, design, o, 1'780'000'000'000);
            classId = SchoolStore(db).findClass(school.className)->id;
        } else {
            // An older dlkiosk's school: the demo made by today's code in a database file of today's
            // schema, then copied into one of version `schema`, table by table, with the columns that
            // version has.
            dlk::test::TempDir made;
            const std::string file = (made.path() / "today.db").string();
            {
                Database today(file);
                migrateSchema(today);
                makeDemoSchool(today, bank, design, o, 1'780'000'000'000);
            }
            migrateSchema(db, schema);
            db.exec("ATTACH DATABASE '" + file + "' AS today");
            db.exec("PRAGMA foreign_keys=OFF");  // tables copied in the order they were made
            std::vector<std::string> tables;
            {
                auto st = db.prepare(
                    "SELECT name FROM main.sqlite_master WHERE type='table' AND name != 'meta' AND name NOT LIKE "
                    "'sqlite%'");
                while (st.step()) tables.push_back(st.getText(0));
            }
            for (const std::string& t : tables) {
                std::string columns;
                auto st = db.prepare("SELECT name FROM pragma_table_info(?)");
                st.bind(1, t);
                while (st.step()) columns += (columns.empty() ? "" : ", ") + st.getText(0);
                db.exec("INSERT INTO main." + t + "(" + columns + ") SELECT " + columns + " FROM today." + t);
            }
            db.exec("DETACH DATABASE today");
            db.exec("PRAGMA foreign_keys=ON");
            auto st = db.prepare("SELECT id FROM classes");
            REQUIRE(st.step());
            classId = st.getInt(0);
        }
        ab = addTeacher("Anna Bakker");
        cd = addTeacher("Chris Dekker");
        ef = addTeacher("Eva Frans");
    }
    int64_t addTeacher(const std::string& name) {
        auto st = db.prepare(
            "INSERT INTO teachers(name, role, pin_hash, created_at) VALUES (?, 'teacher', 'no PIN', '2026-05-01')");
        st.bind(1, name);
        st.run();
        return db.lastInsertId();
    }
    int storedRows() {
        auto st = db.prepare("SELECT count(*) FROM human_scores");
        st.step();
        return static_cast<int>(st.getInt(0));
    }
    // Scores every criterion of `a` with `score` clamped to its range.
    std::map<std::string, double> all(const HumanAnswer& a, int score) {
        std::map<std::string, double> out;
        for (const RubricCriterion& c : rubricOf(*a.item).criteria)
            out[c.outcome] = std::clamp(score, c.minScore, c.maxScore);
        return out;
    }
    const ItemScoreRow* row(const std::vector<ItemScoreRow>& rows, const HumanAnswer& a) {
        auto st = db.prepare("SELECT pupil_id FROM attempts WHERE id=?");
        st.bind(1, a.key.attemptId);
        st.step();
        const int64_t pupil = st.getInt(0);
        for (const ItemScoreRow& r : rows)
            if (r.pupilId == pupil && r.itemId == a.key.itemId && r.moduleId == a.moduleId) return &r;
        return nullptr;
    }
};

constexpr int64_t kNow = 1'780'000'100'000;

}  // namespace

TEST_CASE("rubric scoring: Cohen's kappa against tables worked by hand") {
    // 2x2 (scores 1/0), 50 answers:      second 1  second 0
    //                         first 1       20         5     (25)
    //                         first 0       10        15     (25)
    //                                      (30)       (20)
    // po = (20 + 15) / 50 = 0.70; pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.50; kappa = 0.20 / 0.50 = 0.40.
    std::vector<std::pair<int, int>> two = repeat({{1, 1}}, 20);
    for (auto p : repeat({{1, 0}}, 5)) two.push_back(p);
    for (auto p : repeat({{0, 1}}, 10)) two.push_back(p);
    for (auto p : repeat({{0, 0}}, 15)) two.push_back(p);
    REQUIRE(cohensKappa(two));
    CHECK(*cohensKappa(two) == doctest::Approx(0.40));

    // Three levels 0-2, 10 answers: (0,0)x3 (1,1)x3 (2,2)x2 (0,1)x1 (1,2)x1.
    // First: 0:4 1:4 2:2; second: 0:3 1:4 2:3. po = 8/10 = 0.80;
    // pe = (4*3 + 4*4 + 2*3) / 100 = 0.34; kappa = 0.46 / 0.66 = 0.696969...
    std::vector<std::pair<int, int>> three = repeat({{0, 0}, {1, 1}}, 3);
    for (auto p : repeat({{2, 2}}, 2)) three.push_back(p);
    three.push_back({0, 1});
    three.push_back({1, 2});
    REQUIRE(cohensKappa(three));
    CHECK(*cohensKappa(three) == doctest::Approx(0.46 / 0.66));

    // Agreement no better than chance: kappa 0; worse: negative.
    CHECK(*cohensKappa({{0, 0}, {0, 1}, {1, 0}, {1, 1}}) == doctest::Approx(0.0));
    CHECK(*cohensKappa({{0, 1}, {1, 0}}) == doctest::Approx(-1.0));
    CHECK(*cohensKappa({{0, 0}, {1, 1}, {2, 2}}) == doctest::Approx(1.0));
    // Both scorers gave one and the same score to every answer: pe = 1, kappa is 0/0 -> none.
    CHECK_FALSE(cohensKappa({{1, 1}, {1, 1}, {1, 1}}));
    CHECK_FALSE(cohensKappa({}));
}

TEST_CASE("rubric scoring: the final score is round 3 - else round 1 when rounds agree or there is no round 2") {
    CHECK_FALSE(finalScore(std::nullopt, std::nullopt, std::nullopt));
    CHECK(finalScore(1, std::nullopt, std::nullopt) == 1);
    CHECK(finalScore(2, 2, std::nullopt) == 2);
    CHECK_FALSE(finalScore(2, 1, std::nullopt));  // a disagreement waits for a third look
    CHECK(finalScore(2, 1, 1) == 1);
    CHECK(finalScore(2, 1, 0) == 0);
}

TEST_CASE("rubric scoring: criteria - ranges and texts come from the item's declarations and rubric block") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Item* poster = nullptr;
    const Item* reply = nullptr;
    for (const Module& m : bank.modules())
        for (const auto& item : m.variant("nl").items) {
            if (item->identifier.find("nepnieuws-10") != std::string::npos) poster = item.get();
            if (item->identifier.find("schoolreis-09") != std::string::npos) reply = item.get();
        }
    REQUIRE(poster);
    REQUIRE(reply);
    const Rubric r = rubricOf(*poster);
    REQUIRE(r.criteria.size() == 3);
    CHECK(r.criteria[0].outcome == "CRIT_MESSAGE");
    CHECK(r.criteria[0].maxScore == 2);
    CHECK(r.criteria[1].maxScore == 1);
    CHECK(contains(r.criteria[0].description, "tips om nepnieuws te herkennen"));
    CHECK(contains(r.introduction, "De computer scoort de titel"));
    // A task whose whole SCORE is the teacher's: one criterion 0-3, the rubric's parts as guidance.
    const Rubric s = rubricOf(*reply);
    REQUIRE(s.criteria.size() == 1);
    CHECK(s.criteria[0].outcome == "SCORE");
    CHECK(s.criteria[0].maxScore == 3);
    REQUIRE(s.lines.size() == 3);
    CHECK(s.lines[0].criterion == "C1");
    CHECK(s.lines[0].maxScore == "1");

    // A maximum no row of buttons can hold, and a fractional one, are refused with file:line.
    const std::string xml = R"(<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="t"
    title="t" adaptive="false" time-dependent="false">
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" external-scored="human" normal-maximum="MAX"/>
  <qti-item-body><p>Schrijf.</p></qti-item-body></qti-assessment-item>)";
    for (const char* max : {"1000", "1.5"}) {
        std::string bad = xml;
        bad.replace(bad.find("MAX"), 3, max);
        const auto e = errorOf([&] { rubricOf(parseItemXml(bad, "big.xml")); });
        REQUIRE(e);
        CAPTURE(std::string(e->what()));
        CHECK(contains(e->what(), "big.xml:3: outcome 'SCORE' scored by a person has normal-maximum"));
    }
}

TEST_CASE(
    "rubric scoring: out-of-range scores - unknown criteria and scorers who are no teacher are refused - nothing "
    "stored") {
    Fixture f;
    HumanScores hs(f.db, f.bank);
    const auto queue = hs.queue(f.classId, 1);
    REQUIRE_FALSE(queue.empty());
    const HumanAnswer& a = queue.front();
    const RubricCriterion c = rubricOf(*a.item).criteria.front();
    struct Case {
        std::map<std::string, double> scores;
        int64_t teacher;
        const char* says;
    };
    const Case cases[] = {
        {{{c.outcome, c.maxScore + 1.0}}, f.ab, "is not a score from 0 to"},
        {{{c.outcome, -1}}, f.ab, "is not a score from 0 to"},
        {{{c.outcome, 0.5}}, f.ab, "is not a score from 0 to"},
        {{{"CRIT_TITLE", 1}}, f.ab, "has no criterion 'CRIT_TITLE' that a person scores"},
        {{{c.outcome, 0}}, 0, "there is no teacher 0"},
        {{{c.outcome, 0}}, f.ef + 100, "there is no teacher"},
        {{}, f.ab, "no score was given"},
    };
    for (const Case& k : cases) {
        CAPTURE(k.says);
        const auto e = errorOf([&] { hs.record(a.key, 1, k.scores, k.teacher, kNow); });
        REQUIRE(e);
        CHECK(contains(e->what(), k.says));
    }
    const auto e = errorOf([&] { hs.record(a.key, 4, {{c.outcome, 0}}, f.ab, kNow); });
    REQUIRE(e);
    CHECK(contains(e->what(), "there is no scoring round 4"));
    CHECK(f.storedRows() == 0);
    // A valid score for one criterion beside a bad one: the whole call is refused.
    const Rubric rubric = rubricOf(*a.item);  // kept: a reference into a temporary would dangle
    if (rubric.criteria.size() > 1) {
        const auto& second = rubric.criteria[1];
        CHECK(errorOf([&] { hs.record(a.key, 1, {{c.outcome, 0}, {second.outcome, 99}}, f.ab, kNow); }));
        CHECK(f.storedRows() == 0);
    }
}

TEST_CASE("rubric scoring: the order is not the pupils' and the second share is chosen the same after a restart") {
    Fixture f;
    std::vector<AnswerKey> order;
    std::set<AnswerKey> share;
    {
        HumanScores hs(f.db, f.bank);
        CHECK(hs.secondSharePercent() == 20);
        const auto answers = hs.answers(f.classId);
        REQUIRE(answers.size() >= 8);
        for (const auto& a : answers) {
            order.push_back(a.key);
            if (a.inSecondShare) share.insert(a.key);
        }
        // Not in the order of the attempts (ids follow pupils); by a keyed hash.
        std::vector<AnswerKey> byId = order;
        std::sort(byId.begin(), byId.end());
        CHECK(byId != order);
        // Per item: the first ceil(20% of n) of its answers in that order.
        std::map<std::string, int> perItem, chosen;
        for (const auto& a : answers) {
            perItem[a.key.itemId] += 1;
            chosen[a.key.itemId] += a.inSecondShare ? 1 : 0;
        }
        for (const auto& [item, n] : perItem) {
            CAPTURE(item);
            CHECK(chosen[item] == (20 * n + 99) / 100);
        }
    }
    HumanScores again(f.db, f.bank);  // a restart: the key is in the database
    std::vector<AnswerKey> order2;
    std::set<AnswerKey> share2;
    for (const auto& a : again.answers(f.classId)) {
        order2.push_back(a.key);
        if (a.inSecondShare) share2.insert(a.key);
    }
    CHECK(order2 == order);
    CHECK(share2 == share);

    again.setSecondSharePercent(100);
    for (const auto& a : again.answers(0)) CHECK(a.inSecondShare);
    again.setSecondSharePercent(0);
    for (const auto& a : again.answers(0)) CHECK_FALSE(a.inSecondShare);
    CHECK(again.secondSharePercent() == 0);
    for (int bad : {-1, 101}) {
        const auto e = errorOf([&] { again.setSecondSharePercent(bad); });
        REQUIRE(e);
        CHECK(contains(e->what(), "percentage from 0 to 100"));
    }
    CHECK(again.secondSharePercent() == 0);
}

TEST_CASE("rubric scoring: two scorers and a third look - blind rounds - refusals - agreement and final scores") {
    Fixture f;
    HumanScores hs(f.db, f.bank);
    hs.setSecondSharePercent(50);
    const auto first = hs.queue(f.classId, 1);
    REQUIRE(first.size() >= 4);
    CHECK(hs.queue(f.classId, 2).empty());  // nothing before round 1
    CHECK(hs.queue(f.classId, 3).empty());

    // Round 2 before round 1 is refused.
    const HumanAnswer* shared = nullptr;
    for (const auto& a : first)
        if (a.inSecondShare && !shared) shared = &a;
    REQUIRE(shared);
    CHECK(errorOf([&] { hs.record(shared->key, 2, f.all(*shared, 1), f.cd, kNow); }));

    for (const auto& a : first) hs.record(a.key, 1, f.all(a, 1), f.ab, kNow);
    CHECK(hs.queue(f.classId, 1).empty());
    const auto second = hs.queue(f.classId, 2);
    REQUIRE(second.size() >= 2);
    for (const auto& a : second) CHECK(a.inSecondShare);
    // Not in the share: refused in round 2.
    for (const auto& a : first)
        if (!a.inSecondShare) {
            const auto e = errorOf([&] { hs.record(a.key, 2, f.all(a, 1), f.cd, kNow); });
            REQUIRE(e);
            CHECK(contains(e->what(), "not among the answers chosen for a second scoring"));
            break;
        }
    // The first scorer cannot score round 2 of any answer they scored first: nothing is stored.
    const int before = f.storedRows();
    for (const auto& a : second) {
        CHECK(hs.scorerTeacher(a.key, 1) == f.ab);
        const auto same = errorOf([&] { hs.record(a.key, 2, f.all(a, 0), f.ab, kNow); });
        REQUIRE(same);
        CHECK(contains(same->what(), "someone else than the first"));
    }
    CHECK(f.storedRows() == before);
    CHECK(hs.queue(f.classId, 2).size() == second.size());

    // Round 2: the first answer disagrees (0 against 1), every other agrees.
    for (size_t i = 0; i < second.size(); ++i)
        hs.record(second[i].key, 2, f.all(second[i], i == 0 ? 0 : 1), f.cd, kNow);
    // Blind: round 2's screen gets round 2's scores only.
    for (const auto& [outcome, score] : hs.scores(second[0].key, 2)) CHECK(score == 0);
    for (const auto& [outcome, score] : hs.scores(second[0].key, 1)) CHECK(score == 1);
    // Who scored: the teacher's id, and the name they had.
    CHECK(hs.scorer(second[0].key, 1) == "Anna Bakker");
    CHECK(hs.scorer(second[0].key, 2) == "Chris Dekker");
    CHECK(hs.scorerTeacher(second[0].key, 2) == f.cd);
    CHECK(hs.scorerTeacher(second[0].key, 3) == 0);
    CHECK(hs.queue(f.classId, 2).empty());
    // Nor can the second scorer redo round 1 of an answer they scored blind.
    const auto redo = errorOf([&] { hs.record(second[1].key, 1, f.all(second[1], 1), f.cd, kNow); });
    REQUIRE(redo);
    CHECK(contains(redo->what(), "someone else than the second scorer"));

    // The disagreement has no final score: "not yet scored", and a third look is asked.
    CHECK(hs.finalScores(second[0].key).empty());
    std::map<std::string, int> agreed;
    for (const auto& [outcome, score] : f.all(second[1], 1)) agreed[outcome] = static_cast<int>(score);
    CHECK(hs.finalScores(second[1].key) == agreed);
    const auto third = hs.queue(f.classId, 3);
    REQUIRE(third.size() == 1);
    CHECK(third[0].key == second[0].key);
    const auto dis = hs.disagreements(f.classId);
    CHECK(dis.size() == rubricOf(*second[0].item).criteria.size());
    for (const Disagreement& d : dis) {
        CHECK(d.key == second[0].key);
        CHECK(d.first == 1);
        CHECK(d.second == 0);
        CHECK_FALSE(d.third);
    }
    // A third look at a criterion that agrees is refused.
    const auto agreeing = errorOf([&] { hs.record(second[1].key, 3, f.all(second[1], 1), f.ef, kNow); });
    REQUIRE(agreeing);
    CHECK(contains(agreeing->what(), "needs no third look"));

    // Agreement per criterion: the pairs as stored, kappa as cohensKappa says.
    const auto agreement = hs.agreement(f.classId);
    REQUIRE_FALSE(agreement.empty());
    int pairs = 0;
    for (const CriterionAgreement& a : agreement) {
        pairs += a.doubleScored;
        CHECK(a.exact <= a.doubleScored);
        CHECK(a.exact >= a.doubleScored - 1);  // one answer disagrees on every criterion
    }
    size_t criteriaScoredTwice = 0;
    for (const auto& a : second) criteriaScoredTwice += rubricOf(*a.item).criteria.size();
    CHECK(pairs == static_cast<int>(criteriaScoredTwice));

    hs.record(third[0].key, 3, f.all(third[0], 0), f.ef, kNow);
    CHECK(hs.queue(f.classId, 3).empty());
    for (const auto& [outcome, score] : hs.finalScores(third[0].key)) CHECK(score == 0);
    CHECK(hs.finalScores(third[0].key).size() == rubricOf(*third[0].item).criteria.size());
}

TEST_CASE("rubric scoring: the scoring pass's reader gives each attempt's final scores - typed - in any order asked") {
    Fixture f;
    HumanScores hs(f.db, f.bank);
    hs.setSecondSharePercent(100);
    const auto first = hs.queue(f.classId, 1);
    REQUIRE(first.size() >= 3);
    for (const auto& a : first) hs.record(a.key, 1, f.all(a, 1), f.ab, kNow);
    // Round 2: the first answer disagrees (no final score), the second agrees, the rest have none (final: round 1).
    hs.record(first[0].key, 2, f.all(first[0], 0), f.cd, kNow);
    hs.record(first[1].key, 2, f.all(first[1], 1), f.cd, kNow);
    // Each attempt's answers, in the attempts' id order.
    std::map<int64_t, std::vector<const HumanAnswer*>> byAttempt;
    for (const auto& a : first) byAttempt[a.key.attemptId].push_back(&a);
    REQUIRE(byAttempt.size() >= 2);

    FinalHumanOutcomes reader(f.db);
    const auto check = [&](int64_t attemptId) {
        const std::vector<const HumanAnswer*>& answers = byAttempt.at(attemptId);
        const Module* module = f.bank.findModule(answers[0]->moduleId);
        REQUIRE(module);
        const auto given = reader.of(attemptId, module->variant(answers[0]->language));
        // By item: HumanScores' own final scores (read by another query), typed as the item declares each outcome.
        std::map<std::string, VariableMap> expected;
        for (const HumanAnswer* a : answers)
            for (const auto& [outcome, score] : hs.finalScores(a->key))
                expected[a->key.itemId][outcome] =
                    Value::single(a->item->findOutcome(outcome)->baseType, std::to_string(score));
        INFO("attempt " << attemptId);
        REQUIRE(given.size() == expected.size());
        for (size_t i = 0; i < given.size(); ++i) {
            if (i > 0) CHECK(given[i - 1].itemId < given[i].itemId);  // in item id order
            INFO(given[i].itemId);
            CHECK(given[i].outcomes == expected.at(given[i].itemId));
        }
        return given.size();
    };
    size_t items = 0;
    for (const auto& [attemptId, answers] : byAttempt) items += check(attemptId);
    CHECK(items == first.size() - 1);  // all but the disagreement
    // Asked again, backwards (the reader searches again), and for an attempt without scores.
    for (auto it = byAttempt.rbegin(); it != byAttempt.rend(); ++it) check(it->first);
    CHECK(reader.of(0, f.bank.findModule(first[0].moduleId)->variant("nl")).empty());
    // An attempt's scores given with another module's version: its items are not there, so nothing is given.
    const Module* other = nullptr;
    for (const Module& m : f.bank.modules())
        if (!m.practice && m.identifier != first[0].moduleId) other = &m;
    REQUIRE(other);
    CHECK(reader.of(first[0].key.attemptId, other->variant("nl")).empty());
}

TEST_CASE("rubric scoring: the second scorer is another teacher by id - a renamed teacher is still the first scorer") {
    Fixture f;
    HumanScores hs(f.db, f.bank);
    hs.setSecondSharePercent(100);
    const auto first = hs.queue(f.classId, 1);
    REQUIRE(first.size() >= 2);
    hs.record(first[0].key, 1, f.all(first[0], 1), f.ab, kNow);
    // Anna renamed (or another teacher taking her initials): still the same teacher, still refused.
    f.db.exec("UPDATE teachers SET name='AB' WHERE id=" + std::to_string(f.ab));
    const auto renamed = errorOf([&] { hs.record(first[0].key, 2, f.all(first[0], 1), f.ab, kNow); });
    REQUIRE(renamed);
    CHECK(contains(renamed->what(), "someone else than the first scorer"));
    CHECK(hs.scores(first[0].key, 2).empty());
    // A teacher with the same name as the first scorer had is another teacher: allowed.
    const int64_t namesake = f.addTeacher("Anna Bakker");
    hs.record(first[0].key, 2, f.all(first[0], 0), namesake, kNow);
    CHECK(hs.scorerTeacher(first[0].key, 2) == namesake);
    CHECK(hs.scorer(first[0].key, 1) == "Anna Bakker");  // the name she had when she scored
    // Agreement is still worked out over the pairs: one answer, every criterion disagreeing.
    const auto agreement = hs.agreement(f.classId);
    REQUIRE_FALSE(agreement.empty());
    for (const CriterionAgreement& a : agreement) {
        CHECK(a.doubleScored == 1);
        CHECK(a.exact == 0);
    }
    // Nor may round 2's teacher give round 1 of that answer.
    const auto back = errorOf([&] { hs.record(first[0].key, 1, f.all(first[0], 1), namesake, kNow); });
    REQUIRE(back);
    CHECK(contains(back->what(), "someone else than the second scorer"));
}

TEST_CASE("rubric scoring: a removed teacher's scores stay under their name - a teacher added later is someone else") {
    Fixture f;
    HumanScores hs(f.db, f.bank);
    hs.setSecondSharePercent(100);
    const auto first = hs.queue(f.classId, 1);
    REQUIRE_FALSE(first.empty());
    hs.record(first[0].key, 1, f.all(first[0], 1), f.ef, kNow);
    SchoolStore school(f.db);
    REQUIRE(school.checkPin("123456", kNow).result == PinCheck::Ok);  // the demo school's administrator
    school.removeTeacher(f.ef);
    CHECK(hs.scorer(first[0].key, 1) == "Eva Frans");
    CHECK(hs.scorerTeacher(first[0].key, 1) == 0);
    CHECK(hs.finalScores(first[0].key).size() == rubricOf(*first[0].item).criteria.size());
    // SQLite gives the next teacher the freed id: they are not Eva, and may give the second look.
    const int64_t next = f.addTeacher("Fleur Gerrits");
    CHECK(next == f.ef);
    hs.record(first[0].key, 2, f.all(first[0], 1), next, kNow);
    CHECK(hs.scorer(first[0].key, 2) == "Fleur Gerrits");
}

TEST_CASE("rubric scoring: scores typed before schema 10 keep their scorer - distinct from every teacher") {
    Fixture f(9);
    HumanScores hs9(f.db, f.bank);  // reads only: the table has no teacher_id yet
    const auto answers = hs9.answers(f.classId);
    REQUIRE(answers.size() >= 2);
    f.db.exec("INSERT INTO meta(key, value) VALUES ('second_scoring_percent', '100')");
    // Two answers scored by initials typed on the old screen: one once, one twice (disagreeing).
    const auto store = [&](const HumanAnswer& a, int round, int score, const std::string& who) {
        for (const auto& [outcome, v] : f.all(a, score)) {
            auto st = f.db.prepare("INSERT INTO human_scores VALUES (?, ?, ?, ?, ?, ?, '2026-05-02T10:00:00Z')");
            st.bind(1, a.key.attemptId).bind(2, a.key.itemId).bind(3, outcome).bind(4, round).bind(5, v).bind(6, who);
            st.run();
        }
    };
    store(answers[0], 1, 1, "AB");
    store(answers[1], 1, 1, "AB");
    store(answers[1], 2, 0, "CD");
    const int rows = f.storedRows();

    migrateSchema(f.db);
    {
        auto st = f.db.prepare("SELECT value FROM meta WHERE key='schema_version'");
        REQUIRE(st.step());
        CHECK(st.getText(0) == std::to_string(kSchemaVersion));
    }
    CHECK(f.storedRows() == rows);
    {
        auto st = f.db.prepare("SELECT count(*) FROM human_scores WHERE teacher_id IS NULL AND scorer IN ('AB', 'CD')");
        REQUIRE(st.step());
        CHECK(st.getInt(0) == rows);
    }
    HumanScores hs(f.db, f.bank);
    CHECK(hs.scorer(answers[0].key, 1) == "AB");
    CHECK(hs.scorerTeacher(answers[0].key, 1) == 0);
    // The scores still count: the agreed final score, the disagreement, the agreement table.
    CHECK_FALSE(hs.finalScores(answers[0].key).empty());
    CHECK(hs.finalScores(answers[1].key).empty());
    CHECK(hs.disagreements(f.classId).size() == rubricOf(*answers[1].item).criteria.size());
    int pairs = 0;
    for (const CriterionAgreement& a : hs.agreement(f.classId)) pairs += a.doubleScored;
    CHECK(pairs == static_cast<int>(rubricOf(*answers[1].item).criteria.size()));
    // A typed scorer is no teacher: a teacher named as the initials were may score round 2.
    const int64_t teacherAB = f.addTeacher("AB");
    hs.record(answers[0].key, 2, f.all(answers[0], 1), teacherAB, kNow);
    CHECK(hs.scorerTeacher(answers[0].key, 2) == teacherAB);
    CHECK(hs.scorer(answers[0].key, 2) == "AB");
    hs.record(answers[1].key, 3, f.all(answers[1], 1), f.ef, kNow);
    CHECK_FALSE(hs.finalScores(answers[1].key).empty());
}

TEST_CASE("rubric scoring: final scores flow into raw scores - before them the answer is not yet scored - never 0") {
    Fixture f;
    HumanScores hs(f.db, f.bank);
    hs.setSecondSharePercent(0);
    const auto answers = hs.queue(f.classId, 1);
    REQUIRE_FALSE(answers.empty());
    const auto before = scoreItems(f.db, f.bank, f.classId);
    const auto resultsBefore = classResults(f.db, f.classId, before);
    int waitingBefore = 0;
    double maxBefore = 0;
    for (const auto& r : resultsBefore) {
        waitingBefore += r.awaitingTeacher;
        maxBefore += r.totalMax();
    }
    CHECK(waitingBefore == static_cast<int>(answers.size()));
    for (const auto& a : answers) {
        const ItemScoreRow* row = f.row(before, a);
        REQUIRE(row);
        CHECK(row->awaitingTeacher);
    }

    // Every criterion at its maximum: each item then scores its machine part plus the teacher's.
    double teacherPoints = 0, itemMax = 0;
    for (const auto& a : answers) {
        std::map<std::string, double> top;
        for (const RubricCriterion& c : rubricOf(*a.item).criteria) {
            top[c.outcome] = c.maxScore;
            teacherPoints += c.maxScore;
        }
        hs.record(a.key, 1, top, f.ab, kNow);
        itemMax += a.item->maxScore();
    }
    const auto after = scoreItems(f.db, f.bank, f.classId);
    for (const auto& a : answers) {
        const ItemScoreRow* was = f.row(before, a);
        const ItemScoreRow* row = f.row(after, a);
        REQUIRE(row);
        CAPTURE(a.key.itemId);
        CHECK_FALSE(row->awaitingTeacher);
        double top = 0;
        for (const RubricCriterion& c : rubricOf(*a.item).criteria) top += c.maxScore;
        // SCORE = the machine's criteria (as before) + the teacher's, capped at the maximum.
        CHECK(row->score == doctest::Approx(std::min(was->score + top, row->maxScore)));
    }
    int waitingAfter = 0;
    double maxAfter = 0;
    for (const auto& r : classResults(f.db, f.classId, after)) {
        waitingAfter += r.awaitingTeacher;
        maxAfter += r.totalMax();
    }
    CHECK(waitingAfter == 0);
    // The scored items' maxima are counted only now.
    CHECK(maxAfter == doctest::Approx(maxBefore + itemMax));
    CHECK(teacherPoints > 0);
}

TEST_CASE("rubric scoring: a mail task whose reply was never sent asks no person and scores 0 by its own rules") {
    // schoolreis-09's rubric judges REPLY only (data-judges): the mails a pupil opened on the way
    // (RESPONSE) are no answer to score.
    Fixture f;
    HumanScores hs(f.db, f.bank);
    const std::string item = "schoolreis-09-antwoord";
    // A pupil of the class who sent the museum a reply (made here: the demo deals modules at random).
    auto pupil = f.db.prepare("SELECT id FROM pupils WHERE class_id=? ORDER BY id LIMIT 1");
    pupil.bind(1, f.classId);
    REQUIRE(pupil.step());
    ResponseStore store(f.db);
    const AttemptRecord attempt = store.startOrResume(pupil.getInt(0), "m01-schoolreis", "nl", kNow);
    Value mailbox;
    mailbox.cardinality = Cardinality::Record;
    mailbox.fields.push_back({"opened", BaseType::String, "m1 m2"});
    VariableMap reply;
    reply["RESPONSE"] = mailbox;
    reply["REPLY"] = Value::single(BaseType::String, "Beste museum, we komen met 24 leerlingen en 3 begeleiders.");
    AttemptWrite first;
    first.items.push_back({item, &reply});
    store.write(attempt.id, first, kNow);
    std::optional<HumanAnswer> sent;
    for (auto& a : hs.answers(f.classId))
        if (a.key.itemId == item && a.key.attemptId == attempt.id) sent = std::move(a);
    REQUIRE(sent);
    REQUIRE(sent->responses.count("REPLY"));
    REQUIRE_FALSE(sent->responses.at("REPLY").isNull());
    const AnswerKey key = sent->key;
    // Not scored by anyone yet (the demo may have scored it): it waits for a teacher.
    auto clear = f.db.prepare("DELETE FROM human_scores WHERE attempt_id=? AND item_id=?");
    clear.bind(1, key.attemptId).bind(2, item);
    clear.run();
    const auto queuedNow = [&] {
        const auto q = hs.queue(f.classId, 1);
        return std::any_of(q.begin(), q.end(), [&](const HumanAnswer& a) { return a.key == key; });
    };
    const auto rowOf = [&](const std::vector<ItemScoreRow>& rows) -> const ItemScoreRow* {
        auto st = f.db.prepare("SELECT pupil_id FROM attempts WHERE id=?");
        st.bind(1, key.attemptId);
        if (!st.step()) return nullptr;
        for (const ItemScoreRow& r : rows)
            if (r.pupilId == st.getInt(0) && r.itemId == item) return &r;
        return nullptr;
    };
    CHECK(queuedNow());
    const auto rowsSent = scoreItems(f.db, f.bank, f.classId);
    REQUIRE(rowOf(rowsSent));
    CHECK(rowOf(rowsSent)->awaitingTeacher);

    // The same pupil's mail client as it was, the reply never sent.
    VariableMap unsent = sent->responses;
    unsent["REPLY"] = Value();
    bool otherPart = false;
    for (const auto& [id, v] : unsent) otherPart = otherPart || !v.isNull();
    REQUIRE(otherPart);  // the pupil did something in the mail client: the item was answered
    AttemptWrite w;
    w.items.push_back({item, &unsent});
    store.write(key.attemptId, w, kNow);

    CHECK_FALSE(queuedNow());
    const auto all = hs.answers(f.classId);
    CHECK(std::none_of(all.begin(), all.end(), [&](const HumanAnswer& a) { return a.key == key; }));
    const auto rows = scoreItems(f.db, f.bank, f.classId);
    const ItemScoreRow* row = rowOf(rows);
    REQUIRE(row);
    CHECK(row->answered);
    CHECK_FALSE(row->awaitingTeacher);  // counted, with 0 points, in the pupil's result
    CHECK(row->score == 0);
    CHECK(row->scored());
}

TEST_CASE("rubric scoring: a rubric that judges an undeclared response is refused by the validator with its line") {
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="judge" title="t"
    adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" external-scored="human"
      normal-maximum="2"/>
  <qti-item-body>
    <qti-extended-text-interaction response-identifier="RESPONSE"/>
    <qti-rubric-block view="scorer" use="scoring" data-judges="RESPONSE REPLY">
      <qti-content-body><p>Twee punten.</p></qti-content-body>
    </qti-rubric-block>
  </qti-item-body>
</qti-assessment-item>)";
    const ValidationReport report = validateDocument(xml, "judge.xml");
    bool found = false;
    for (const auto& finding : report.findings)
        found =
            found || (contains(finding.text(), "judge.xml:9") && contains(finding.text(), "'REPLY' is not declared"));
    CHECK(found);
    CHECK(report.errorCount() == 1);
}
