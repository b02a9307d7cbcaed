// The bank's item parameters (issue 16 point 5, issue 13 point 1): the calibration units (the
// machine's part of an item, each rubric criterion a teacher scores), the simulated calibration
// sample that makes items/irt/items.csv, the shipped file covering the whole bank, human criteria
// in the scale score, and the test information against values worked by hand.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "bank/bank_information.h"
#include "bank/calibration_units.h"
#include "core_test_helpers.h"
#include "delivery/session_plan.h"
#include "demo/calibration_sample.h"
#include "demo/demo_school.h"
#include "irt/items_csv.h"
#include "irt/test_information.h"
#include "qti/response_processing.h"
#include "results/class_report.h"
#include "results/class_results.h"
#include "school/school_store.h"
#include "scoring/human_scores.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;

namespace {

const std::string kShipped = std::string(DLK_SOURCE_ITEMS) + "/irt/items.csv";

// The bank as the kiosk has it: the session design's tutorial marked as practice.
const ItemBank& bank() {
    static const ItemBank b = [] {
        ItemBank loaded = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
        const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, loaded);
        loaded.markPractice(design.tutorial);
        return loaded;
    }();
    return b;
}

const Item* findItem(const std::string& id) {
    for (const Module& m : bank().modules())
        for (const auto& item : m.variant("nl").items)
            if (item && item->identifier == id) return item.get();
    return nullptr;
}

}  // namespace

TEST_CASE("item parameters: an item with rubric criteria splits into the machine's part and one unit per criterion") {
    const Item* poster = findItem("nepnieuws-10-poster");
    REQUIRE(poster);
    const std::vector<CalibrationUnit> units = calibrationUnitsOf(*poster, "m02-nepnieuws");
    REQUIRE(units.size() == 4);
    CHECK(units[0].id == "nepnieuws-10-poster");
    CHECK(units[0].maxScore == 3);  // title, picture, sources: the machine's
    CHECK_FALSE(units[0].human());
    CHECK(units[1].id == "nepnieuws-10-poster:CRIT_MESSAGE");
    CHECK(units[1].maxScore == 2);
    CHECK(units[2].id == "nepnieuws-10-poster:CRIT_OWNWORDS");
    CHECK(units[3].id == "nepnieuws-10-poster:CRIT_AUDIENCE");
    int points = 0;
    for (const auto& u : units) points += u.maxScore;
    CHECK(points == doctest::Approx(poster->maxScore()));

    // A task the teacher scores as a whole: its SCORE is the one criterion, no machine part.
    const Item* program = findItem("robot-10-programma");
    REQUIRE(program);
    const auto whole = calibrationUnitsOf(*program, "m03-robot");
    REQUIRE(whole.size() == 1);
    CHECK(whole[0].id == "robot-10-programma:SCORE");
    CHECK(whole[0].maxScore == 4);

    // An item the machine scores alone is one unit of its own name.
    const Item* plain = findItem("schoolreis-01-bestandstype");
    REQUIRE(plain);
    const auto one = calibrationUnitsOf(*plain, "m01-schoolreis");
    REQUIRE(one.size() == 1);
    CHECK(one[0].id == "schoolreis-01-bestandstype");
    CHECK(one[0].maxScore == doctest::Approx(plain->maxScore()));
}

TEST_CASE("item parameters: a criterion counts once it is scored - not yet scored is absent - an empty answer is 0") {
    const Item* poster = findItem("nepnieuws-10-poster");
    REQUIRE(poster);
    std::mt19937_64 rng(3);
    const VariableMap best = simulateResponse(*poster, 1.0, rng);
    REQUIRE(hasWorkForPerson(*poster, best));
    std::vector<UnitScore> scores = criterionUnitScores(*poster, best, {});
    REQUIRE(scores.size() == 1);  // the machine's part only: no criterion is scored yet
    CHECK(scores[0].unitId == "nepnieuws-10-poster");
    CHECK(scores[0].score == 3);

    VariableMap external;
    external["CRIT_MESSAGE"] = Value::single(BaseType::Float, "2");
    scores = criterionUnitScores(*poster, best, external);
    REQUIRE(scores.size() == 2);
    CHECK(scores[1].unitId == "nepnieuws-10-poster:CRIT_MESSAGE");
    CHECK(scores[1].score == 2);
    CHECK(scores[0].score == 3);  // the teacher's points never leak into the machine's part

    // Nothing made: nothing to judge, every criterion 0 as SCORE counts it.
    scores = criterionUnitScores(*poster, {}, {});
    REQUIRE(scores.size() == 4);
    for (const UnitScore& s : scores) CHECK_MESSAGE(s.score == 0, s.unitId);

    // An item without criteria has no split.
    const Item* plain = findItem("schoolreis-01-bestandstype");
    REQUIRE(plain);
    CHECK(criterionUnitScores(*plain, {}, {}).empty());
}

TEST_CASE("item parameters: the demo's answer model reaches the maximum of every scored item and its machine part") {
    // The calibration sample needs every unit's whole range: a pupil who gets it right earns the
    // machine's maximum on every item, whatever its interaction or simulated environment.
    int checked = 0;
    for (const Module& m : bank().modules()) {
        if (m.practice) continue;
        for (const std::string lang : {"nl", "en"}) {
            const ModuleVariant* v = m.findVariant(lang);
            REQUIRE(v);
            for (const auto& item : v->items) {
                for (const CalibrationUnit& u : calibrationUnitsOf(*item, m.identifier)) {
                    if (u.human()) continue;
                    std::mt19937_64 rng(7);
                    const VariableMap best = simulateResponse(*item, 1.0, rng);
                    const auto split = criterionUnitScores(*item, best, {});
                    const double score = split.empty() ? scoreOf(*item, best) : split[0].score;
                    CHECK_MESSAGE(score == doctest::Approx(u.maxScore), lang << " " << u.id);
                    ++checked;
                }
            }
        }
    }
    CHECK(checked > 150);
}

TEST_CASE("item parameters: the simulated scorer gives levels by ability and the criterion's difficulty") {
    std::mt19937_64 rng(11);
    double low = 0, high = 0;
    std::set<int> seen;
    for (int i = 0; i < 4000; ++i) {
        const int a = simulateCriterionScore(2, -1.5, 0.0, rng), b = simulateCriterionScore(2, 1.5, 0.0, rng);
        CHECK((a >= 0 && a <= 2 && b >= 0 && b <= 2));
        low += a;
        high += b;
        seen.insert(a);
        seen.insert(b);
    }
    CHECK(seen == std::set<int>{0, 1, 2});
    // The expected score of the partial credit model with steps -0.4 and 0.4, worked by hand:
    // theta 1.5: P ~ (1, e^1.9, e^(1.9+1.1)) / sum = (1, 6.686, 20.086) / 27.772: mean 1.687.
    CHECK(high / 4000 == doctest::Approx(1.687).epsilon(0.03));
    CHECK(low / 4000 == doctest::Approx(2 - 1.687).epsilon(0.03));
    CHECK(simulateCriterionScore(0, 0, 0, rng) == 0);
    CHECK(demoCriterionDifficulty(0.4, 0, 3) == doctest::Approx(-0.1));
    CHECK(demoCriterionDifficulty(0.4, 2, 3) == doctest::Approx(0.9));
    CHECK(demoCriterionDifficulty(0.4, 0, 1) == doctest::Approx(0.4));
}

TEST_CASE("item parameters: the simulated sample deals the real design and is the same for a seed") {
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank());
    CalibrationSampleOptions o;
    o.pupils = 48;
    o.seed = 9;
    const CalibrationSample a = simulateCalibrationSample(bank(), design, o);
    const CalibrationSample b = simulateCalibrationSample(bank(), design, o);
    CHECK(formatCalibrationResponses(a) == formatCalibrationResponses(b));
    REQUIRE(a.scores.size() == 48);
    CHECK(a.units.size() == calibrationUnits(bank()).size());
    std::map<std::string, int> modulesSeen;
    for (size_t p = 0; p < a.scores.size(); ++p) {
        // icils: 2 of the 4 CIL modules, then both CT modules, as the kiosk deals pupil p.
        std::vector<std::string> dealt;
        for (const std::string& id : design.modulesFor(p))
            if (id != design.tutorial) dealt.push_back(id);
        REQUIRE(dealt.size() == 4);
        std::string joined;
        for (const auto& id : dealt) joined += (joined.empty() ? "" : "+") + id;
        CHECK(a.booklets[p] == joined);
        for (size_t u = 0; u < a.units.size(); ++u) {
            const bool inBooklet = std::find(dealt.begin(), dealt.end(), a.units[u].moduleId) != dealt.end();
            CHECK_MESSAGE((a.scores[p][u] >= 0) == inBooklet, a.units[u].id);
            CHECK(a.scores[p][u] <= a.units[u].maxScore);
            if (inBooklet) ++modulesSeen[a.units[u].moduleId];
        }
    }
    CHECK(modulesSeen.size() == 6);
    o.seed = 10;
    CHECK(formatCalibrationResponses(simulateCalibrationSample(bank(), design, o)) != formatCalibrationResponses(a));
    const std::string csv = formatCalibrationResponses(a);
    CHECK(csv.starts_with("person_id,"));
    CHECK(contains(csv, ",nepnieuws-10-poster:CRIT_MESSAGE,"));
    o.pupils = 0;
    CHECK_THROWS_AS(simulateCalibrationSample(bank(), design, o), Error);
}

TEST_CASE(
    "item parameters: in the simulated sample a multi-point item the program scores gets every level - by ability") {
    // kas-10-plukprogramma: 4 points the program gives a block program. The demo's answer model alone
    // gave it nearly all or nothing, and partial scores to pupils who missed; the sample now draws
    // the level from the partial credit model and takes an answer that earns it.
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank());
    CalibrationSampleOptions o;
    o.pupils = 400;
    o.seed = 3;
    const CalibrationSample a = simulateCalibrationSample(bank(), design, o);
    size_t col = a.units.size();
    for (size_t u = 0; u < a.units.size(); ++u)
        if (a.units[u].id == "kas-10-plukprogramma") col = u;
    REQUIRE(col < a.units.size());
    REQUIRE(a.units[col].maxScore == 4);
    std::array<int, 5> count{};
    std::array<double, 5> abilitySum{};
    for (size_t p = 0; p < a.scores.size(); ++p) {
        const int s = a.scores[p][col];
        if (s < 0) continue;  // a CT module every pupil of the icils design takes, but 5% are left blank
        ++count[static_cast<size_t>(s)];
        abilitySum[static_cast<size_t>(s)] += a.abilities[p];
    }
    double previous = -1e9;
    for (size_t k = 0; k <= 4; ++k) {
        CAPTURE(k);
        CHECK(count[k] >= 4);  // 1% of the pupils at least (the top level of the module's hardest task is rare)
        if (count[k] == 0) continue;
        const double mean = abilitySum[k] / count[k];
        CHECK(mean > previous);  // a higher level, abler pupils
        previous = mean;
    }
}

TEST_CASE("item parameters: every scored item and rubric criterion of the bank has shipped parameters") {
    // Fails when an item or criterion is added without parameters: run
    // packaging/tools/make_item_parameters.sh (items/README.md, "Item parameters").
    const CalibratedItems shipped = readItemsCsv(kShipped);
    const std::vector<CalibrationUnit> units = calibrationUnits(bank());
    int human = 0;
    for (const CalibrationUnit& u : units) {
        const ItemParams* p = shipped.find(u.id);
        CHECK_MESSAGE(p, u.id << " has no parameters in items/irt/items.csv");
        if (p) CHECK_MESSAGE(p->maxScore == u.maxScore, u.id);
        human += u.human() ? 1 : 0;
        CHECK_FALSE(u.moduleId == "m00-oefenen");  // the practice module is exempt
    }
    CHECK(units.size() >= 90);
    CHECK(human >= 9);
    int teacherPoints = 0;
    for (const CalibrationUnit& u : units)
        if (u.human()) teacherPoints += u.maxScore;
    CHECK(teacherPoints == 25);  // m01's mail reply, m03's program description, the 4 posters' criteria
    // Simulated from the partial credit model, the sample fits it: no unit misfits (it was
    // kas-10-plukprogramma at outfit 3.9 while the demo's model gave multi-point items all or nothing).
    REQUIRE(shipped.statistics.size() == shipped.items.size());
    for (size_t i = 0; i < shipped.items.size(); ++i) {
        CAPTURE(shipped.items[i].id);
        CHECK(shipped.statistics[i].infit > 0.7);
        CHECK(shipped.statistics[i].infit < 1.3);
        CHECK(shipped.statistics[i].outfit < 1.5);
    }
    // Each location with its standard error, from the same calibration.
    REQUIRE(shipped.deltaSe.size() == shipped.items.size());
    for (size_t i = 0; i < shipped.items.size(); ++i) {
        CAPTURE(shipped.items[i].id);
        CHECK(shipped.deltaSe[i] > 0);
        CHECK(shipped.deltaSe[i] < 0.2);  // 1,250 to 5,000 pupils per unit
    }
    // And nothing for what the bank no longer has.
    std::set<std::string> ids;
    for (const CalibrationUnit& u : units) ids.insert(u.id);
    for (const ItemParams& p : shipped.items) CHECK_MESSAGE(ids.count(p.id), p.id << " is no unit of the bank");

    // A plain CSV (R's read.csv and pandas' read_csv with their defaults) with its metadata in the
    // sidecar: provisional, so the teacher sees VOORLOPIG, and a population model and scale.
    const std::string text = dlk::test::readFile(kShipped);
    CHECK(text.starts_with("item_id,max_score,delta,delta_se,"));
    CHECK_FALSE(contains(text, "\n#"));
    CHECK(shipped.provisional());
    REQUIRE(shipped.population);
    REQUIRE(shipped.scale);
    CHECK(contains(shipped.metadata.at("source"), "simulated"));
    CHECK(std::stoi(shipped.metadata.at("persons")) >= 5000);
}

TEST_CASE("item parameters: a human criterion counts in the scale score once scored - never as 0 before") {
    Database db{":memory:"};
    migrateSchema(db, kSchemaVersion);
    const ItemBank& b = bank();
    BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, b);
    DemoOptions o;
    o.pupils = 10;
    o.seed = 5;
    o.finishedShare = 1.0;
    const DemoSchool school = makeDemoSchool(db, b, design, o, 1'780'000'000'000);
    const int64_t classId = SchoolStore(db).findClass(school.className)->id;
    auto st = db.prepare(
        "INSERT INTO teachers(name, role, pin_hash, created_at) VALUES ('Anna Bakker', 'teacher', 'no PIN', "
        "'2026-05-01')");
    st.run();
    const int64_t teacher = db.lastInsertId();
    const CalibratedItems parameters = readItemsCsv(kShipped);

    HumanScores hs(db, b);
    hs.setSecondSharePercent(0);
    // An answer with more than one criterion (a poster), and its pupil.
    std::optional<HumanAnswer> answer;
    for (const HumanAnswer& a : hs.queue(classId, 1))
        if (rubricOf(*a.item).criteria.size() > 1) {
            answer = a;
            break;
        }
    REQUIRE(answer);
    auto who = db.prepare("SELECT pupil_id FROM attempts WHERE id=?");
    who.bind(1, answer->key.attemptId);
    REQUIRE(who.step());
    const int64_t pupil = who.getInt(0);
    auto scaleOf = [&]() {
        const ClassReport report = buildClassReport(db, b, classId, &parameters, nullptr);
        for (const PupilReport& p : report.pupils)
            if (p.result.pupilId == pupil) {
                REQUIRE(p.scale);
                return *p.scale;
            }
        FAIL("the pupil is not in the report");
        throw 0;
    };
    const ScaleScore before = scaleOf();
    CHECK(before.itemsWithoutParameters == 0);

    // One criterion scored: it counts with its own parameters; the others still wait.
    const std::vector<RubricCriterion> criteria = rubricOf(*answer->item).criteria;
    const RubricCriterion& first = criteria.front();
    hs.record(answer->key, 1, {{first.outcome, first.maxScore}}, teacher, 1'780'000'100'000);
    const ScaleScore one = scaleOf();
    CHECK(one.itemsUsed == before.itemsUsed + 1);
    CHECK(one.maxScore == before.maxScore + first.maxScore);
    CHECK(one.rawScore == before.rawScore + first.maxScore);
    CHECK(one.score > before.score);  // a criterion at its top raises the estimate

    // Every criterion scored 0: each counts, now as a real 0.
    std::map<std::string, double> zeros;
    int rest = 0;
    for (const RubricCriterion& c : criteria) {
        zeros[c.outcome] = c.minScore;
        rest += c.maxScore;
    }
    hs.record(answer->key, 1, zeros, teacher, 1'780'000'200'000);
    const ScaleScore all = scaleOf();
    CHECK(all.itemsUsed == before.itemsUsed + static_cast<int>(criteria.size()));
    CHECK(all.maxScore == before.maxScore + rest);
    CHECK(all.rawScore == before.rawScore);
    CHECK(all.score < before.score);  // zeros are evidence; waiting criteria were none
}

TEST_CASE("test information: Rasch and partial credit items against values worked by hand") {
    // A 0/1 item at delta 0: p(1 - p), 0.25 at theta 0; at theta 1, p = 1 / (1 + e^-1) = 0.731059.
    const ItemParams rasch = ItemParams::fromSteps("a", {0.0});
    CHECK(itemInformation(rasch, 0) == doctest::Approx(0.25));
    CHECK(itemInformation(rasch, 1) == doctest::Approx(0.731059 * 0.268941));
    // A 0-2 item with steps -1 and 1 at theta 0: P = (1, e, 1) / (2 + e), mean 1, variance
    // (e + 4) / (2 + e) - 1 = 2 / (2 + e) = 0.423883.
    const ItemParams pcm = ItemParams::fromSteps("b", {-1.0, 1.0});
    CHECK(itemInformation(pcm, 0) == doctest::Approx(2 / (2 + std::exp(1.0))));
    // At theta 1: P proportional to (1, e^2, e^2) (steps -1, 1): mean (3 e^2) / (1 + 2 e^2),
    // E[X^2] = 5 e^2 / (1 + 2 e^2).
    const double e2 = std::exp(2.0), s = 1 + 2 * e2, mean = 3 * e2 / s;
    CHECK(itemInformation(pcm, 1) == doctest::Approx(5 * e2 / s - mean * mean));
    CHECK(testInformation({rasch, pcm}, 0) == doctest::Approx(0.25 + 2 / (2 + std::exp(1.0))));

    const InformationCurve c = informationCurve({rasch, ItemParams::fromSteps("c", {2.0})}, -3, 3, 0.5);
    REQUIRE(c.thetas.size() == 13);
    CHECK(c.thetas.front() == doctest::Approx(-3));
    CHECK(c.thetas.back() == doctest::Approx(3));
    CHECK(c.information[6] == doctest::Approx(0.25 + itemInformation(ItemParams::fromSteps("c", {2.0}), 0)));
    // Two 0/1 items at 0 and 2: symmetric about 1, where it peaks.
    CHECK(c.peakTheta == doctest::Approx(1.0).epsilon(0.02));
    CHECK(informationCurve({ItemParams::fromSteps("d", {-2.5})}, -3, 3, 0.5).peakTheta ==
          doctest::Approx(-2.5).epsilon(0.01));
    CHECK(informationCurve({}, -3, 3, 0.5).peakInformation == 0);
    CHECK_THROWS_AS(informationCurve({rasch}, -3, 3, 0), Error);
    CHECK_THROWS_AS(informationCurve({rasch}, 3, -3, 0.5), Error);
}

TEST_CASE("test information: the shipped parameters - each module and design's booklet - a module off-centre warns") {
    SessionDesigns designs = loadSessionDesigns(DLK_SOURCE_ITEMS, bank());
    CalibratedItems parameters = readItemsCsv(kShipped);
    const BankInformation info = bankInformation(bank(), designs.designs, parameters);
    REQUIRE(info.modules.size() == 6);
    REQUIRE(info.booklets.size() == designs.designs.size());
    for (const InformationRow& r : info.modules) {
        CAPTURE(r.label);
        CHECK(r.withoutParameters.empty());
        CHECK(r.units >= 14);
        CHECK(r.curve.information.size() == 13);
        CHECK(r.curve.peakInformation > 0);
    }
    // The icils booklet: 2 of 4 CIL modules (each half the time) and both CT modules.
    const InformationRow& icils = info.booklets.front();
    CHECK(icils.label == "booklet of icils");
    double expected = 0;
    for (const InformationRow& r : info.modules)
        expected += (r.label == "m03-robot" || r.label == "m05-kas" ? 1.0 : 0.5) * r.curve.information[6];
    CHECK(icils.curve.information[6] == doctest::Approx(expected));
    CHECK(compareInformation(info, "items.csv").empty());

    // One module made 3 logits harder: it measures only the best pupils, and says so.
    for (ItemParams& p : parameters.items)
        if (p.id.starts_with("robot-")) p.delta += 3;
    const auto findings = compareInformation(bankInformation(bank(), designs.designs, parameters), "items.csv");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].severity == Severity::Warning);
    CHECK(contains(findings[0].text(), "items.csv:0: warning: module m03-robot measures best at theta"));
    // And a criterion without parameters is named.
    std::erase_if(parameters.items, [](const ItemParams& p) { return p.id == "rommelmarkt-10-poster:CRIT_READABLE"; });
    const auto missing = compareInformation(bankInformation(bank(), designs.designs, parameters), "items.csv");
    CHECK(std::any_of(missing.begin(), missing.end(), [](const Finding& f) {
        return contains(f.message, "m06-rommelmarkt: 1 item(s) or criteria without parameters") &&
               contains(f.message, "rommelmarkt-10-poster:CRIT_READABLE");
    }));
}

TEST_CASE("item parameters: the demo's simulated scorer scores every rubric criterion when asked") {
    Database db{":memory:"};
    migrateSchema(db, kSchemaVersion);
    const ItemBank& b = bank();
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, b);
    DemoOptions o;
    o.pupils = 12;
    o.seed = 8;
    o.finishedShare = 1.0;
    const DemoSchool plain = makeDemoSchool(db, b, design, o, 1'780'000'000'000);
    const int64_t plainClass = SchoolStore(db).findClass(plain.className)->id;
    HumanScores hs(db, b);
    const size_t waiting = hs.queue(plainClass, 1).size();
    CHECK(waiting > 0);  // by default the rubric screen has work

    o.scoreRubrics = true;
    const DemoSchool scored = makeDemoSchool(db, b, design, o, 1'780'000'000'000);
    const int64_t scoredClass = SchoolStore(db).findClass(scored.className)->id;
    CHECK(hs.queue(scoredClass, 1).empty());
    CHECK(hs.queue(plainClass, 1).size() == waiting);  // the other class is left alone
    const CalibratedItems parameters = readItemsCsv(kShipped);
    const ClassReport report = buildClassReport(db, b, scoredClass, &parameters, nullptr);
    int criteria = 0, levels = 0;
    for (const ItemScoreRow& row : scoreItems(db, b, scoredClass)) {
        CHECK_FALSE(row.awaitingTeacher);
        for (const UnitScore& u : row.units)
            if (contains(u.unitId, ":")) ++criteria, levels += u.score;
    }
    CHECK(criteria > 0);
    CHECK(levels > 0);
    for (const PupilReport& p : report.pupils) {
        REQUIRE(p.scale);
        CHECK(p.scale->itemsWithoutParameters == 0);
    }
}
