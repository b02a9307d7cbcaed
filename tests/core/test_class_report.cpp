// The class report (results/class_report.h): what the teacher's views, a printed report and an
// export say about a class. The privacy rule at exactly 5 and 6 finished pupils, the rounding of
// the class mean, the 95% margin of a scale score, no scale score before the whole plan is done,
// and the provisional flag; on databases built the way the kiosk and the demo build them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "core_test_helpers.h"
#include "delivery/session_flow.h"
#include "demo/demo_school.h"
#include "irt/irt_pipeline.h"
#include "mini_bank.h"
#include "results/class_report.h"
#include "storage/schema.h"

using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;
const std::string kLevels = std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv";

// Item parameters for the mini module's two 0/1 items, on a 500/100 scale.
std::string itemsCsv(bool provisional) {
    return std::string(provisional ? "# provisional=1\n" : "") +
           "# population_mean=0\n# population_sd=1\n# scale=total\n# scale_theta_mean=0\n# scale_theta_sd=1\n"
           "item_id,max_score,delta,tau_1\nmini-01,1,-0.5,0\nmini-02,1,0.5,0\n";
}

// Two copies of the mini module (items mini-01 in Mediawijsheid and mini-02 in Computational
// thinking, one point each). Pupils are given m01-a unless a test gives them more.
struct ReportFixture {
    dlk::test::TempDir dir;
    std::filesystem::path items = dlk::test::makeMiniBank(dir, {"m01-a", "m02-b"});
    ItemBank bank = ItemBank::loadFolder(items.string());
    BookletDesign design = loadSessionDesign(items.string(), bank);
    Database db{":memory:"};
    SchoolStore school{db};
    SessionPlans plans{db};
    ResponseStore store{db};
    int64_t t = kT0;

    ReportFixture() {
        migrateSchema(db);
        dlk::test::setUpTestSchool(school);
    }
    int64_t newClass(const std::string& name) { return school.createClass(name, kT0); }
    PupilInfo pupil(int64_t classId, const std::vector<std::string>& plan = {"m01-a"}) {
        const PupilInfo p = school.addPupils(classId, {"Leerling"}, kT0).front();
        plans.assign(p.id, plan, kT0);
        return p;
    }
    // The pupil takes the next module of their plan as at the kiosk: `points` of the two items
    // right (the first item, then both), finished or left after the first item.
    void take(const PupilInfo& p, int points, bool finish = true) {
        const SessionFlow flow(bank, design, plans, store);
        const Module* module = flow.nextModule(p.id, t);
        REQUIRE(module);
        const auto session = flow.start(*module, p, "nl", t += 1000).session;
        session->setResponse("RESPONSE", Value::single(BaseType::Identifier, points >= 1 ? "JA" : "NEE"), t += 20000);
        if (!finish) return;  // a choice is committed at once
        REQUIRE(session->next(t += 1000));
        const std::vector<std::string> order =
            points >= 2 ? std::vector<std::string>{"X", "Y", "Z"} : std::vector<std::string>{"Z", "Y", "X"};
        session->setResponse("RESPONSE", Value::container(Cardinality::Ordered, BaseType::Identifier, order),
                             t += 20000);
        REQUIRE(session->finish(t += 1000));
    }
    // `count` pupils who each finish with `points`.
    void finishers(int64_t classId, int count, int points) {
        for (int i = 0; i < count; ++i) take(pupil(classId), points);
    }
    ClassReport report(int64_t classId, const CalibratedItems* calibration = nullptr,
                       const LevelTable* levels = nullptr) {
        ClassReport r = buildClassReport(db, bank, classId, calibration, levels);
        attachNames(r, school);  // as the teacher screen does
        return r;
    }
};

}  // namespace

TEST_CASE("class report: the privacy rule - no class mean for 5 finished pupils - a mean for 6") {
    CHECK(kMaxGroupWithoutStatistics == 5);
    CHECK(kMinGroupWithStatistics == 6);
    CHECK_FALSE(groupHasStatistics(0));
    CHECK_FALSE(groupHasStatistics(5));
    CHECK(groupHasStatistics(6));

    ReportFixture f;
    const int64_t cls = f.newClass("Groep 8");
    f.finishers(cls, 3, 2);
    f.finishers(cls, 2, 0);
    // Neither a pupil still at work nor one who has not begun counts as finished.
    f.take(f.pupil(cls), 1, /*finish=*/false);
    (void)f.pupil(cls);
    ClassReport r = f.report(cls);
    CHECK(r.pupils.size() == 7);
    CHECK(r.finished == 5);
    CHECK_FALSE(r.meanPercent);
    CHECK(r.meanWithheld == Withheld::SmallGroup);

    f.finishers(cls, 1, 1);
    r = f.report(cls);
    CHECK(r.finished == 6);
    REQUIRE(r.meanPercent);
    CHECK(r.meanWithheld == Withheld::No);
    CHECK(*r.meanPercent == 58);  // (3 × 100% + 2 × 0% + 50%) / 6 = 58.3%
}

TEST_CASE("class report: the class mean is the mean share of the points in whole percent - a half rounds up") {
    ReportFixture f;
    // 2 × 100% + 6 × 50% over 8 pupils: 62.5%, shown as 63 (printf's %.0f would say 62).
    const int64_t up = f.newClass("Groep 8a");
    f.finishers(up, 2, 2);
    f.finishers(up, 6, 1);
    CHECK(f.report(up).meanPercent == 63);
    // 2 × 50% + 6 × 0%: 12.5%, shown as 13.
    const int64_t low = f.newClass("Groep 8b");
    f.finishers(low, 2, 1);
    f.finishers(low, 6, 0);
    CHECK(f.report(low).meanPercent == 13);
    // 1 × 100% + 6 × 0%: 14.29%, shown as 14.
    const int64_t down = f.newClass("Groep 8c");
    f.finishers(down, 1, 2);
    f.finishers(down, 6, 0);
    CHECK(f.report(down).meanPercent == 14);

    // The raw scores per domain and in total, and how many items the pupil saw and answered.
    const ClassReport upReport = f.report(up);
    const PupilReport& half = upReport.pupils.back();
    CHECK(half.result.status == AttemptStatus::Finished);
    CHECK(half.result.domains[static_cast<size_t>(Domain::Media)].raw == 1);
    CHECK(half.result.domains[static_cast<size_t>(Domain::Media)].max == 1);
    CHECK(half.result.domains[static_cast<size_t>(Domain::Computational)].raw == 0);
    CHECK(half.result.domains[static_cast<size_t>(Domain::Computational)].max == 1);
    CHECK(half.result.domains[static_cast<size_t>(Domain::IctBasic)].max == 0);
    CHECK(half.result.totalRaw() == 1);
    CHECK(half.result.totalMax() == 2);
    CHECK(half.result.itemsSeen == 2);
    CHECK(half.result.answered == 2);
    CHECK(half.name() == "Leerling");
    // Computed without codes or names: those are the teacher's, added from the unlocked store.
    CHECK(buildClassReport(f.db, f.bank, up, nullptr, nullptr).pupils.back().name().empty());
}

TEST_CASE("class report: a scale score with a 95% margin of 1.96 SE and a level - only once the whole plan is done") {
    ReportFixture f;
    const CalibratedItems calibration = parseItemsCsv(itemsCsv(true), "items.csv");
    const LevelTable levels = LevelTable::load(kLevels);
    const int64_t cls = f.newClass("Groep 8");
    const PupilInfo done = f.pupil(cls);
    f.take(done, 1);
    const PupilInfo atWork = f.pupil(cls);
    f.take(atWork, 1, /*finish=*/false);
    // One module of a two-module plan finished: the pupil is not finished.
    const PupilInfo halfway = f.pupil(cls, {"m01-a", "m02-b"});
    f.take(halfway, 2);
    const PupilInfo absent = f.pupil(cls);

    const ClassReport r = f.report(cls, &calibration, &levels);
    CHECK(r.scaled);
    CHECK(r.provisional);
    REQUIRE(r.pupils.size() == 4);
    const PupilReport& p = r.pupils[0];
    REQUIRE(p.scale);
    const auto expected = scalePupil({{"mini-01", 1}, {"mini-02", 0}}, calibration, &levels);
    REQUIRE(expected);
    CHECK(p.scale->score == doctest::Approx(expected->scaleScore));
    CHECK(p.scale->se == doctest::Approx(expected->scaleSe));
    CHECK(p.scale->se > 0);
    CHECK(kZ95 == doctest::Approx(1.96).epsilon(1e-4));
    CHECK(p.scale->margin95 == doctest::Approx(kZ95 * p.scale->se));
    REQUIRE(p.scale->level);
    CHECK(p.scale->level->level == expected->level->level);
    CHECK(p.scale->level->lowest <= p.scale->level->level);
    // Per domain the WLE on that domain's items alone, with the same parameters, and the level on
    // the domain's own scale of the level table: mini-01 is Mediawijsheid, mini-02 Computational thinking.
    const auto media = scalePupil({{"mini-01", 1}}, calibration, &levels, "media");
    const auto ct = scalePupil({{"mini-02", 0}}, calibration, &levels, "ct");
    REQUIRE(media);
    REQUIRE(ct);
    const auto& mediaShown = p.domainScales[static_cast<size_t>(Domain::Media)];
    const auto& ctShown = p.domainScales[static_cast<size_t>(Domain::Computational)];
    REQUIRE(mediaShown);
    REQUIRE(ctShown);
    CHECK(mediaShown->score == doctest::Approx(media->scaleScore));
    CHECK(mediaShown->margin95 == doctest::Approx(kZ95 * media->scaleSe));
    CHECK(mediaShown->itemsUsed == 1);
    CHECK(ctShown->score == doctest::Approx(ct->scaleScore));
    CHECK(mediaShown->score > ctShown->score);  // right in the one, wrong in the other
    CHECK(mediaShown->se > p.scale->se);        // fewer items, a wider margin
    REQUIRE(mediaShown->level);
    CHECK(mediaShown->level->level == media->level->level);
    CHECK(levels.hasScale("media"));
    CHECK_FALSE(p.domainScales[static_cast<size_t>(Domain::IctBasic)]);  // no items of it
    CHECK_FALSE(p.domainScales[static_cast<size_t>(Domain::Information)]);
    for (size_t i = 1; i < 4; ++i) {
        CAPTURE(i);
        CHECK(r.pupils[i].result.status != AttemptStatus::Finished);
        CHECK_FALSE(r.pupils[i].scale);
        for (const auto& domainScale : r.pupils[i].domainScales) CHECK_FALSE(domainScale);
    }
    // The parameters decide "provisional"; without them there are no scale scores at all.
    const CalibratedItems real = parseItemsCsv(itemsCsv(false), "items.csv");
    CHECK_FALSE(f.report(cls, &real, &levels).provisional);
    CHECK(f.report(cls, &real, nullptr).pupils[0].scale);
    CHECK_FALSE(f.report(cls, &real, nullptr).pupils[0].scale->level);  // no level table: no level
    const ClassReport raw = f.report(cls);
    CHECK_FALSE(raw.scaled);
    CHECK_FALSE(raw.provisional);
    CHECK_FALSE(raw.pupils[0].scale);
    (void)absent;
}

TEST_CASE("class report: each pupil's activity from the process data - none for a pupil who never began") {
    ReportFixture f;
    const int64_t cls = f.newClass("Groep 8");
    f.take(f.pupil(cls), 2);
    f.take(f.pupil(cls), 1, /*finish=*/false);
    (void)f.pupil(cls);
    const ClassReport r = f.report(cls);
    REQUIRE(r.pupils.size() == 3);
    REQUIRE(r.pupils[0].activity);
    CHECK(r.pupils[0].activity->items.size() == 2);
    CHECK(r.pupils[0].activity->changes == 2);
    REQUIRE(r.pupils[1].activity);
    CHECK(r.pupils[1].activity->items.size() == 1);
    CHECK_FALSE(r.pupils[2].activity);
}

TEST_CASE("class report: the demo class with the bundled bank - the same raw scores - every finished pupil scaled") {
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    if (!design.tutorial.empty()) REQUIRE(bank.markPractice(design.tutorial));
    const CalibratedItems calibration = readItemsCsv(std::string(DLK_SOURCE_ITEMS) + "/irt/items.csv");
    const LevelTable levels = LevelTable::load(kLevels);
    for (const int pupils : {5, 6}) {
        CAPTURE(pupils);
        Database db(":memory:");
        migrateSchema(db);
        DemoOptions options;
        options.pupils = pupils;
        options.notStarted = 2;
        options.finishedShare = 1.0;
        const DemoSchool demo = makeDemoSchool(db, bank, design, options, kT0);
        const int64_t cls = SchoolStore(db).findClass(demo.className)->id;
        const ClassReport r = buildClassReport(db, bank, cls, &calibration, &levels);
        const std::vector<PupilResult> results = classResults(db, bank, cls);
        REQUIRE(r.pupils.size() == results.size());
        REQUIRE(r.pupils.size() == static_cast<size_t>(pupils + 2));
        for (size_t i = 0; i < results.size(); ++i) {
            CAPTURE(i);
            CHECK(r.pupils[i].result.pupilId == results[i].pupilId);
            CHECK(r.pupils[i].result.totalRaw() == results[i].totalRaw());
            CHECK(r.pupils[i].result.totalMax() == results[i].totalMax());
            const bool finished = results[i].status == AttemptStatus::Finished;
            CHECK(r.pupils[i].scale.has_value() == finished);
            CHECK(r.pupils[i].activity.has_value() == finished);
        }
        CHECK(r.finished == pupils);
        CHECK(r.provisional);
        CHECK(r.meanPercent.has_value() == (pupils == 6));
    }
}

TEST_CASE(
    "class report: two pupils with different raw scores have one scale score when they differ only on items without "
    "parameters") {
    // The classroom report: one scale score for two pupils with different totals on m01 and m02.
    // Found: the estimate uses only items with parameters (items added after a calibration have
    // none), and under the Rasch model the points on those items decide the estimate. Here the
    // bundled parameters lose every other item of m01 and m02, as such a bank would.
    CalibratedItems bundled = readItemsCsv(std::string(DLK_SOURCE_ITEMS) + "/irt/items.csv");
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    int index = 0;
    for (const std::string module : {"m01-schoolreis", "m02-nepnieuws"})
        for (const auto& item : bank.findModule(module)->variant("nl").items)
            if (index++ % 2 == 1)
                std::erase_if(bundled.items, [&](const ItemParams& p) { return p.id == item->identifier; });
    bundled.statistics.clear();
    int withParameters = 0, pointsWithParameters = 0, without = 0;
    auto scores = [&](int lostOnCalibrated, int withoutParameters) {
        std::vector<ItemScore> out;
        int uncalibratedRight = withoutParameters;
        withParameters = pointsWithParameters = without = 0;
        for (const std::string module : {"m01-schoolreis", "m02-nepnieuws"}) {
            const Module* m = bank.findModule(module);
            REQUIRE(m);
            for (const auto& item : m->variant("nl").items) {
                const ItemParams* p = bundled.find(item->identifier);
                int score = p ? p->maxScore : 0;
                if (p) ++withParameters, pointsWithParameters += p->maxScore;
                if (!p) ++without;
                if (p && lostOnCalibrated > 0 && score > 0) --score, --lostOnCalibrated;
                if (!p && uncalibratedRight > 0) score = 1, --uncalibratedRight;
                out.push_back({item->identifier, score});
            }
        }
        return out;
    };
    const auto a = scalePupil(scores(2, 0), bundled);
    const auto b = scalePupil(scores(2, 5), bundled);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(without >= 15);
    CHECK(a->scaleScore > 500);  // all but 2 points of the items that count
    CHECK(a->scaleScore == doctest::Approx(b->scaleScore));
    CHECK(a->rawScore == pointsWithParameters - 2);
    CHECK(a->maxScore == pointsWithParameters);
    CHECK(a->itemsUsed == withParameters);
    CHECK(a->itemsWithoutParameters == without);
    CHECK(b->itemsWithoutParameters == without);

    // The report carries what the estimate rests on, so the teacher screen can show why.
    ReportFixture f;
    const CalibratedItems onlyFirst = parseItemsCsv(
        "# scale=total\n# scale_theta_mean=0\n# scale_theta_sd=1\nitem_id,max_score,delta,tau_1\nmini-01,1,-0.5,0\n",
        "items.csv");
    const int64_t cls = f.newClass("Groep 8");
    f.take(f.pupil(cls), 2);  // both items right
    f.take(f.pupil(cls), 1);  // mini-01 right, mini-02 wrong
    const ClassReport r = f.report(cls, &onlyFirst);
    REQUIRE(r.pupils.size() == 2);
    CHECK(r.pupils[0].result.totalRaw() == 2);
    CHECK(r.pupils[1].result.totalRaw() == 1);
    REQUIRE(r.pupils[0].scale);
    REQUIRE(r.pupils[1].scale);
    CHECK(r.pupils[0].scale->score == doctest::Approx(r.pupils[1].scale->score));
    for (const PupilReport& p : r.pupils) {
        CHECK(p.scale->itemsUsed == 1);
        CHECK(p.scale->itemsWithoutParameters == 1);
        CHECK(p.scale->rawScore == 1);
        CHECK(p.scale->maxScore == 1);
    }
}

TEST_CASE("class report: per domain - per level - per item - withheld for 5 finished pupils - given for 6") {
    ReportFixture f;
    const CalibratedItems calibration = parseItemsCsv(itemsCsv(true), "items.csv");
    const LevelTable levels = LevelTable::load(kLevels);
    const int64_t cls = f.newClass("Groep 8");
    f.finishers(cls, 3, 2);
    f.finishers(cls, 2, 0);
    f.take(f.pupil(cls), 2, /*finish=*/false);  // at work: in no class figure
    ClassReport r = f.report(cls, &calibration, &levels);
    REQUIRE(r.finished == 5);
    for (const DomainFigure& d : r.domains) {
        CHECK_FALSE(d.percent);
        CHECK(d.withheld == Withheld::SmallGroup);
    }
    CHECK(r.levels.pupils == 5);
    CHECK(r.levels.withheld == Withheld::SmallGroup);
    CHECK(r.levels.levels.empty());
    for (Domain d : {Domain::Media, Domain::Computational}) {
        const LevelDistribution& dist = r.domainLevels[static_cast<size_t>(d)];
        CHECK(dist.pupils == 5);
        CHECK(dist.withheld == Withheld::SmallGroup);
        CHECK(dist.levels.empty());
    }
    REQUIRE(r.items.size() == 2);
    for (const ItemAnalysis& a : r.items) {
        CHECK(a.pupils == 5);
        CHECK(a.withheld == Withheld::SmallGroup);
        CHECK_FALSE(a.pValue);
    }

    f.finishers(cls, 1, 1);
    r = f.report(cls, &calibration, &levels);
    REQUIRE(r.finished == 6);
    // mini-01 (Mediawijsheid) right for 3 + 1 of 6 pupils, mini-02 (Computational thinking) for 3.
    const DomainFigure& media = r.domains[static_cast<size_t>(Domain::Media)];
    CHECK(media.pupils == 6);
    CHECK(media.percent == 67);
    CHECK(r.domains[static_cast<size_t>(Domain::Computational)].percent == 50);
    // No pupil had items of the other two domains: nothing to say, for want of pupils.
    CHECK(r.domains[static_cast<size_t>(Domain::Information)].pupils == 0);
    CHECK_FALSE(r.domains[static_cast<size_t>(Domain::Information)].percent);
    // Every finished pupil has a level; every level of the scale is listed, those with none too.
    CHECK(r.levels.pupils == 6);
    REQUIRE(r.levels.levels.size() == levels.levels("total").size());
    int sum = 0;
    for (const LevelCount& l : r.levels.levels) sum += l.pupils;
    CHECK(sum == 6);
    // Per domain the same, from the pupils' domain levels; none where no pupil had items.
    for (Domain d : {Domain::Media, Domain::Computational}) {
        const LevelDistribution& dist = r.domainLevels[static_cast<size_t>(d)];
        CHECK(dist.pupils == 6);
        REQUIRE(dist.levels.size() == levels.levels(std::string(domainId(d))).size());
        std::vector<int> expected(dist.levels.size(), 0);
        for (const PupilReport& pupil : r.pupils)
            if (const auto& s = pupil.domainScales[static_cast<size_t>(d)]; s && s->level)
                ++expected[static_cast<size_t>(s->level->level)];
        for (const LevelCount& l : dist.levels) CHECK(l.pupils == expected[static_cast<size_t>(l.level)]);
    }
    CHECK(r.domainLevels[static_cast<size_t>(Domain::IctBasic)].pupils == 0);
    // Pupils with every item right in Mediawijsheid stand higher there than those with none.
    const auto& mediaLevels = r.domainLevels[static_cast<size_t>(Domain::Media)].levels;
    CHECK(std::count_if(mediaLevels.begin(), mediaLevels.end(), [](const LevelCount& l) { return l.pupils > 0; }) >= 2);
    // mini-01: x = 1,1,1,0,0,1 against its rest (mini-02) y = 1,1,1,0,0,0: Sxy = 1, Sxx = 4/3,
    // Syy = 3/2, r = 1/sqrt(2). The choices: JA (the key) 4 times, NEE twice.
    const ItemAnalysis& first = r.items[0];
    CHECK(first.itemId == "mini-01");
    CHECK(first.pupils == 6);
    CHECK(*first.pValue == doctest::Approx(4.0 / 6));
    CHECK(*first.itemRest == doctest::Approx(1 / std::sqrt(2.0)));
    REQUIRE(first.options.size() == 2);
    CHECK(first.options[0].key);
    CHECK(first.options[0].chosen == 4);
    CHECK(first.options[1].chosen == 2);
    CHECK_FALSE(r.items[1].choice);  // an order interaction
    CHECK(domainPercent(r.pupils[0].result.domains[static_cast<size_t>(Domain::Media)]) == 100);
    CHECK_FALSE(domainPercent(r.pupils[0].result.domains[static_cast<size_t>(Domain::Information)]));
}

TEST_CASE("class report: per kerndoel - an item counts under each of its kerndoelen - withheld for 5 - given for 6") {
    ReportFixture f;
    // mini-01 is tagged kerndoel 4; give mini-02 kerndoelen 4 and 7, so kerndoel 4 holds both points.
    dlk::test::replaceInFile(f.items / "m01-a" / "module.nl.xml", "category=\"dlk-domain-ct\"",
                             "category=\"dlk-domain-ct dlk-kerndoel-4 dlk-kerndoel-7\"");
    f.bank = ItemBank::loadFolder(f.items.string());
    f.design = loadSessionDesign(f.items.string(), f.bank);
    const int64_t cls = f.newClass("Groep 8");
    f.finishers(cls, 3, 2);
    f.finishers(cls, 2, 0);
    ClassReport r = f.report(cls);
    const KerndoelFigure& four = r.kerndoelen[4];
    CHECK(four.kerndoel == 4);
    CHECK(four.pupils == 5);
    CHECK_FALSE(four.percent);
    CHECK(four.withheld == Withheld::SmallGroup);
    CHECK(four.standing == Standing::TooFewPoints);
    // Per pupil nothing is withheld: their own share, item by item.
    CHECK(r.pupils[0].result.kerndoelen[4].raw == 2);
    CHECK(r.pupils[0].result.kerndoelen[4].max == 2);
    CHECK(r.pupils[0].result.kerndoelen[7].max == 1);
    CHECK(r.pupils[3].result.kerndoelen[4].raw == 0);

    f.finishers(cls, 1, 1);
    r = f.report(cls);
    // Kerndoel 4: shares 1, 1, 1, 0, 0, 1/2 = 3.5/6 = 58%; kerndoel 7 (mini-02 alone): 3/6 = 50%.
    CHECK(r.kerndoelen[4].pupils == 6);
    CHECK(r.kerndoelen[4].percent == 58);
    CHECK(r.kerndoelen[4].meanPoints == doctest::Approx(2));
    CHECK(r.kerndoelen[7].percent == 50);
    CHECK(r.kerndoelen[7].meanPoints == doctest::Approx(1));
    // Two points to earn say too little for a strength or a weakness, whatever the figure.
    CHECK(r.kerndoelen[4].standing == Standing::TooFewPoints);
    CHECK(r.kerndoelen[7].standing == Standing::TooFewPoints);
    // A kerndoel no item of the class's modules has: no pupils, nothing said.
    CHECK(r.kerndoelen[1].pupils == 0);
    CHECK_FALSE(r.kerndoelen[1].percent);
    CHECK(r.kerndoelen[1].withheld == Withheld::No);
}

TEST_CASE("class report: a kerndoel is a strength or a weakness 10 percentage points from the overall share") {
    CHECK(standingOf(60, 50, 4) == Standing::Stronger);
    CHECK(standingOf(59, 50, 4) == Standing::AsOverall);
    CHECK(standingOf(41, 50, 4) == Standing::AsOverall);
    CHECK(standingOf(40, 50, 4) == Standing::Weaker);
    CHECK(standingOf(100, 0, 3.9) == Standing::TooFewPoints);
    CHECK(standingOf(0, 100, 3.9) == Standing::TooFewPoints);

    // A class of 6 finished pupils: 4 points in kerndoel 3, all earned; 4 in kerndoel 5, none;
    // 12 in kerndoel 7, half; overall 10 of 20 points, 50%.
    ClassReport report;
    auto pupil = [](AttemptStatus status) {
        PupilReport p;
        p.result.status = status;
        p.result.domains[static_cast<size_t>(Domain::Information)] = {10, 20};
        p.result.kerndoelen[3] = {4, 4};
        p.result.kerndoelen[5] = {0, 4};
        p.result.kerndoelen[7] = {6, 12};
        return p;
    };
    for (int i = 0; i < 6; ++i) report.pupils.push_back(pupil(AttemptStatus::Finished));
    PupilReport atWork = pupil(AttemptStatus::InProgress);
    atWork.result.kerndoelen[5] = {4, 4};  // would lift kerndoel 5 if counted
    report.pupils.push_back(atWork);
    addClassFigures(report, 0);
    REQUIRE(report.meanPercent == 50);
    CHECK(report.kerndoelen[3].percent == 100);
    CHECK(report.kerndoelen[3].standing == Standing::Stronger);
    CHECK(report.kerndoelen[5].pupils == 6);
    CHECK(report.kerndoelen[5].percent == 0);
    CHECK(report.kerndoelen[5].standing == Standing::Weaker);
    CHECK(report.kerndoelen[7].standing == Standing::AsOverall);
    // One pupil, against their own overall share.
    CHECK(pupilStanding(report.pupils[0].result, 3) == Standing::Stronger);
    CHECK(pupilStanding(report.pupils[0].result, 5) == Standing::Weaker);
    CHECK(pupilStanding(report.pupils[0].result, 7) == Standing::AsOverall);
    CHECK(pupilStanding(report.pupils[0].result, 1) == Standing::TooFewPoints);  // no items in it
    CHECK(pupilStanding(report.pupils[0].result, 0) == Standing::TooFewPoints);  // out of range
    CHECK(pupilStanding(report.pupils[0].result, 10) == Standing::TooFewPoints);

    // Without a class mean (5 finished) a kerndoel's standing is not said either.
    report.pupils.resize(5);
    addClassFigures(report, 0);
    CHECK_FALSE(report.meanPercent);
    CHECK(report.kerndoelen[3].standing == Standing::TooFewPoints);
    CHECK_FALSE(report.kerndoelen[3].percent);
}
