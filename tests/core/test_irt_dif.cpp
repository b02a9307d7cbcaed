// DIF (Mantel-Haenszel and Rasch) and common-item linking: a hand-worked MH table, planted DIF of
// known size found with the right ETS class, the false-positive rate without DIF, linking that
// recovers a known shift, and the files dlkiosk dif reads.
#include <doctest/doctest.h>

#include <cmath>

#include "core_test_helpers.h"
#include "irt/background_csv.h"
#include "irt/dif.h"
#include "irt/linking.h"
#include "irt/mml_calibration.h"
#include "irt/random.h"
#include "irt/simulate.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

std::vector<ItemParams> dichotomousItems(int n, double from = -2, double to = 2) {
    std::vector<ItemParams> items;
    for (int i = 0; i < n; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "I%02d", i + 1);
        items.push_back(ItemParams::fromSteps(id, {from + (to - from) * i / (n - 1)}));
    }
    return items;
}

// Reference pupils N(0, 1) on `items`, focal pupils N(focalMean, 1) on `focalItems` (the same
// items with DIF planted); with `blocks` >= 3 each pupil takes two of them (booklet k = blocks k
// and k+1), as simulate.h rotates them.
struct TwoGroups {
    ResponseMatrix responses;
    std::vector<int> group;
};

TwoGroups simulateTwoGroups(const std::vector<ItemParams>& items, const std::vector<ItemParams>& focalItems,
                            int perGroup, double focalMean, uint64_t seed, int blocks = 0) {
    Random rng(seed);
    std::vector<double> ref, foc;
    for (int p = 0; p < perGroup; ++p) ref.push_back(rng.normal());
    for (int p = 0; p < perGroup; ++p) foc.push_back(focalMean + rng.normal());
    const ResponseMatrix a = simulateScores(items, ref, seed * 2 + 1),
                         b = simulateScores(focalItems, foc, seed * 2 + 2);
    std::vector<std::string> ids;
    for (int p = 0; p < 2 * perGroup; ++p) ids.push_back("P" + std::to_string(p));
    TwoGroups t{ResponseMatrix(ids, a.itemIds()), {}};
    for (size_t p = 0; p < ids.size(); ++p) {
        const bool focal = p >= static_cast<size_t>(perGroup);
        t.group.push_back(focal ? kFocalGroup : kReferenceGroup);
        const size_t src = focal ? p - static_cast<size_t>(perGroup) : p;
        const int booklet = blocks ? static_cast<int>(p % static_cast<size_t>(blocks)) : 0;
        for (size_t i = 0; i < items.size(); ++i) {
            const int block = blocks ? static_cast<int>(i % static_cast<size_t>(blocks)) : 0;
            if (blocks && block != booklet && block != (booklet + 1) % blocks) continue;
            t.responses.setScore(p, i, (focal ? b : a).score(src, i));
        }
    }
    return t;
}

}  // namespace

TEST_CASE("irt dif: Mantel-Haenszel on a hand-worked 2x2x2 table") {
    // Stratum 1: reference 10 right / 10 wrong, focal 5 / 15 (N 40); stratum 2: 20 / 5 and 10 / 10
    // (N 45); a third stratum with only reference pupils adds nothing.
    // R = 10*15/40 + 20*10/45 = 3.75 + 4.4444 = 8.19444, S = 10*5/40 + 5*10/45 = 1.25 + 1.1111 = 2.36111,
    // alpha = R / S = 59/17 = 3.470588, D = -2.35 ln(alpha) = -2.924162.
    // RBG: sum P R = 0.625*3.75 + (2/3)(40/9) = 5.306713, sum (P S + Q R) = 4.409722,
    // sum Q S = 0.839120; var ln alpha = 5.306713/(2 R^2) + 4.409722/(2 R S) + 0.839120/(2 S^2)
    // = 0.039515 + 0.113958 + 0.075260 = 0.228732, SE(D) = 2.35 sqrt(0.228732) = 1.123910.
    // Chi-square: A = 30, E(A) = 20*15/40 + 25*30/45 = 24.16667, Var(A) = 20*20*15*25/(40^2*39) +
    // 25*20*30*15/(45^2*44) = 2.403846 + 2.525253 = 4.929099, (|30 - 24.16667| - 0.5)^2 / 4.929099 = 5.770719.
    const MantelHaenszel mh = mantelHaenszel({{10, 10, 5, 15}, {20, 5, 10, 10}, {7, 3, 0, 0}});
    REQUIRE(mh.defined);
    CHECK(mh.alpha == doctest::Approx(59.0 / 17.0).epsilon(1e-12));
    CHECK(mh.dDif == doctest::Approx(-2.35 * std::log(59.0 / 17.0)).epsilon(1e-12));
    CHECK(mh.dDif == doctest::Approx(-2.924162).epsilon(1e-6));
    CHECK(mh.se == doctest::Approx(1.123910).epsilon(1e-6));
    CHECK(mh.chiSquare == doctest::Approx(5.770719).epsilon(1e-6));
    // |D| >= 1.5 and (2.924 - 1) / 1.124 = 1.71 > 1.645: C. With a wider SE it is only B.
    CHECK(etsClass(mh) == EtsClass::C);
    MantelHaenszel wide = mh;
    wide.se = 1.2;
    CHECK(etsClass(wide) == EtsClass::B);

    // The same odds in both groups: alpha 1, D 0, class A.
    const MantelHaenszel none = mantelHaenszel({{10, 10, 20, 20}, {30, 10, 15, 5}});
    CHECK(none.alpha == doctest::Approx(1.0));
    CHECK(none.dDif == doctest::Approx(0.0));
    CHECK(etsClass(none) == EtsClass::A);
    // The focal group answered every time right: no finite ratio.
    CHECK_FALSE(mantelHaenszel({{10, 10, 20, 0}}).defined);
    CHECK_FALSE(mantelHaenszel({}).defined);
}

TEST_CASE("irt dif: Mantel's chi-square and the SMD on a hand-worked table of 0-2 scores") {
    // Counts of scores 0, 1, 2. Stratum 1: reference 2, 3, 5 (sum 13), focal 4, 4, 2 (sum 8); both
    // together 20 pupils, score sum 21, sum of squares 35. Stratum 2: reference 1, 2, 7 (sum 16),
    // focal 2, 3, 5 (sum 13); 20 pupils, sum 29, squares 53.
    // E(F) = 10*21/20 + 10*29/20 = 10.5 + 14.5 = 25 against F = 8 + 13 = 21;
    // Var(F) = 10*10*(20*35 - 21^2)/(20^2*19) + 10*10*(20*53 - 29^2)/(20^2*19) = 3.407895 + 2.881579
    // = 6.289474; chi-square = 4^2 / 6.289474 = 2.543933.
    // SMD = (10*(0.8 - 1.3) + 10*(1.3 - 1.6)) / 20 = -0.4; SD of all 40 scores sqrt((88 - 50^2/40)/39)
    // = 0.808608; |SMD| / SD = 0.495 > 0.25, but the test is not significant: A.
    std::vector<StratumScores> strata = {{{2, 3, 5}, {4, 4, 2}}, {{1, 2, 7}, {2, 3, 5}}};
    const MantelSmd m = mantelSmd(strata);
    REQUIRE(m.defined);
    CHECK(m.chiSquare == doctest::Approx(2.543933).epsilon(1e-6));
    CHECK(m.smd == doctest::Approx(-0.4));
    CHECK(m.sd == doctest::Approx(0.808608).epsilon(1e-6));
    CHECK(etsClass(m) == EtsClass::A);
    // Four times the pupils, the same proportions: significant, and the ratio makes it C.
    for (auto& k : strata)
        for (auto* v : {&k.reference, &k.focal})
            for (double& c : *v) c *= 4;
    const MantelSmd big = mantelSmd(strata);
    CHECK(big.chiSquare > 3.841458820694124);
    CHECK(big.smd == doctest::Approx(-0.4));
    CHECK(etsClass(big) == EtsClass::C);
    MantelSmd small = big;
    small.smd = -0.2 * big.sd;  // between 0.17 and 0.25
    CHECK(etsClass(small) == EtsClass::B);
    CHECK_FALSE(mantelSmd({{{5, 0}, {0, 0}}}).defined);
}

TEST_CASE("irt dif: the ETS classes follow ETS's rules") {
    auto mh = [](double d, double se, double chi) {
        MantelHaenszel m;
        m.defined = true;
        m.dDif = d;
        m.se = se;
        m.chiSquare = chi;
        return m;
    };
    CHECK(etsClass(mh(-0.99, 0.1, 100)) == EtsClass::A);  // |D| < 1
    CHECK(etsClass(mh(1.2, 0.5, 3.0)) == EtsClass::A);    // not significant
    CHECK(etsClass(mh(1.2, 0.1, 20)) == EtsClass::B);
    CHECK(etsClass(mh(-1.49, 0.05, 50)) == EtsClass::B);  // below 1.5
    CHECK(etsClass(mh(-1.6, 0.3, 30)) == EtsClass::C);    // (1.6 - 1) / 0.3 = 2 > 1.645
    CHECK(etsClass(mh(-1.6, 0.4, 30)) == EtsClass::B);    // 1.5 < 1.645: not clearly above 1
    CHECK(std::string(etsClassName(EtsClass::C)) == "C");
}

TEST_CASE("irt dif: planted DIF is found with its size and class - a weaker group alone is no DIF") {
    // 24 items in a rotated design of 4 blocks; the focal group is 0.6 logits weaker (impact) and
    // item 6 is 0.8 logits harder for it (D about -1.9: C), item 15 0.5 logits easier (D about
    // +1.2: B).
    const std::vector<ItemParams> items = dichotomousItems(24);
    std::vector<ItemParams> focal = items;
    focal[5].delta += 0.8;
    focal[14].delta -= 0.5;
    const TwoGroups d = simulateTwoGroups(items, focal, 4000, -0.6, 17, 4);
    const DifResult r = analyseDif(d.responses, items, d.group);
    REQUIRE(r.items.size() == 24);
    CHECK(r.referencePersons == 4000);
    CHECK(r.focalPersons == 4000);
    CHECK(r.reference.mean == doctest::Approx(0.0).epsilon(0.06));
    CHECK(r.focal.mean - r.reference.mean == doctest::Approx(-0.6).epsilon(0.1));
    CHECK(r.focal.sd == doctest::Approx(1.0).epsilon(0.08));

    const ItemDif& hard = r.items[5];
    REQUIRE(hard.mh);
    CHECK(hard.nReference == 2000);  // each item is in two of the four booklets
    CHECK(hard.mh->dDif < -1.5);
    CHECK(hard.ets == EtsClass::C);
    CHECK(std::fabs(hard.raschDif - 0.8) < 3 * hard.raschSe + 0.05);
    // The two views agree: D is about -2.35 times the logit difference.
    CHECK(hard.mh->dDif == doctest::Approx(-2.35 * hard.raschDif).epsilon(0.15));

    const ItemDif& easy = r.items[14];
    CHECK(easy.mh->dDif > 1.0);
    CHECK(easy.ets == EtsClass::B);
    CHECK(std::fabs(easy.raschDif + 0.5) < 3 * easy.raschSe + 0.05);

    // The other 22 items: A, and Rasch DIF near 0 (the two planted items move the focal mean a
    // little, so their neighbours' Rasch DIF is allowed 0.05 logits).
    for (size_t i = 0; i < r.items.size(); ++i) {
        if (i == 5 || i == 14) continue;
        CAPTURE(i);
        CHECK(r.items[i].ets == EtsClass::A);
        CHECK(std::fabs(r.items[i].raschDif) < 4 * r.items[i].raschSe + 0.05);
        CHECK(r.items[i].raschSe > 0.03);
        CHECK(r.items[i].raschSe < 0.12);  // the extreme items, seen by a group far from them: about 0.1
    }
}

TEST_CASE("irt dif: without DIF the false-positive rate is near the nominal level (200 replications)") {
    // 300 + 300 pupils, 15 items, the focal group 0.5 logits weaker. Matching on the raw score with
    // the studied item in it keeps the MH test at its level under the Rasch model; the Rasch DIF's
    // z-test should hold its level too. Class C needs |D| clearly above 1: almost never without DIF.
    const std::vector<ItemParams> items = dichotomousItems(15);
    int tests = 0, mhSignificant = 0, raschSignificant = 0, classC = 0;
    for (uint64_t rep = 0; rep < 200; ++rep) {
        const TwoGroups d = simulateTwoGroups(items, items, 300, -0.5, 1000 + rep);
        const DifResult r = analyseDif(d.responses, items, d.group);
        for (const ItemDif& it : r.items) {
            if (!it.mh) continue;
            ++tests;
            mhSignificant += it.mh->chiSquare > 3.841458820694124;
            raschSignificant += std::fabs(it.raschDif / it.raschSe) > 1.959963984540054;
            classC += it.ets == EtsClass::C;
        }
    }
    REQUIRE(tests > 2900);
    const double mhRate = double(mhSignificant) / tests, raschRate = double(raschSignificant) / tests;
    INFO("MH rate " << mhRate << ", Rasch rate " << raschRate << ", C " << classC << " of " << tests);
    // The continuity correction makes MH a little conservative; 3000 tests give an SE of 0.004.
    CHECK(mhRate > 0.025);
    CHECK(mhRate < 0.065);
    CHECK(raschRate > 0.035);
    CHECK(raschRate < 0.065);
    CHECK(classC <= tests / 200);
}

TEST_CASE("irt dif: partial credit items get Mantel - the SMD and the Rasch DIF - and bad input is refused") {
    std::vector<ItemParams> items = dichotomousItems(10);
    items[3] = ItemParams::fromSteps("I04", {-0.8, 0.6});
    std::vector<ItemParams> focal = items;
    focal[3].delta += 0.7;
    const TwoGroups d = simulateTwoGroups(items, focal, 1500, 0, 5);
    const DifResult r = analyseDif(d.responses, items, d.group);
    const ItemDif& pc = r.items[3];
    CHECK_FALSE(pc.mh);
    REQUIRE(pc.mantel);
    // 0.7 logits on an item of 0-2 lower the focal group's mean score by about a third of a point.
    CHECK(pc.mantel->smd < -0.2);
    CHECK(pc.ets == EtsClass::C);
    CHECK(std::fabs(pc.raschDif - 0.7) < 3 * pc.raschSe + 0.05);
    CHECK(r.items[0].mh);
    CHECK(r.items[0].mantel);
    CHECK(r.items[0].ets == EtsClass::A);
    const std::string csv = formatDifCsv(r);
    CHECK(csv.rfind("item_id,mh_d_dif,mh_se,ets_class,rasch_dif,rasch_se,smd,n_reference,n_focal\nI01,", 0) == 0);
    CHECK(contains(csv, "\nI04,,,C,"));

    CHECK(errorOf(
        [&] { (void)analyseDif(d.responses, std::vector<ItemParams>(items.begin(), items.end() - 1), d.group); }));
    CHECK(errorOf([&] { (void)analyseDif(d.responses, items, std::vector<int>(3, 0)); }));
}

TEST_CASE("irt dif: the background file names file and line in every complaint") {
    const BackgroundTable t = parseBackgroundCsv("person_id,lang,grade\nP1,nl,5\n\"P2\", en ,\n", "bg.csv");
    CHECK(t.columns == std::vector<std::string>{"lang", "grade"});
    CHECK(t.cells[1][0] == "en");
    CHECK(t.cells[1][1].empty());
    CHECK(t.lines[1] == 3);
    CHECK(t.column("grade") == 1);
    auto fails = [](const std::string& text) {
        auto e = errorOf([&] { (void)parseBackgroundCsv(text, "bg.csv"); });
        REQUIRE(e);
        return std::string(e->what());
    };
    CHECK(contains(fails(""), "bg.csv is empty"));
    CHECK(contains(fails("id,lang\n"), "bg.csv line 1: the first column must be person_id"));
    CHECK(contains(fails("person_id\n"), "names no background variable"));
    CHECK(contains(fails("person_id,a,a\n"), "column a appears twice"));
    CHECK(contains(fails("person_id,a\nP1,x\nP2\n"), "bg.csv line 3: 1 cells, but the header has 2"));
    CHECK(contains(fails("person_id,a\nP1,x\nP1,y\n"), "bg.csv line 3: person P1 already appears on line 2"));
    auto e = errorOf([&] { (void)t.column("gender"); });
    REQUIRE(e);
    CHECK(std::string(e->what()) == "bg.csv line 1: no column 'gender' (columns: lang, grade)");
}

TEST_CASE("irt linking: mean-mean shift and linking error on a hand-worked example") {
    CalibratedItems oldItems, newItems;
    const double oldLoc[] = {0.5, 1.4, 2.6, 3.5}, newLoc[] = {0, 1, 2, 3};
    for (int i = 0; i < 4; ++i) {
        oldItems.items.push_back(ItemParams::fromSteps("C" + std::to_string(i), {oldLoc[i]}));
        newItems.items.push_back(ItemParams::fromSteps("C" + std::to_string(i), {newLoc[i]}));
    }
    newItems.items.push_back(ItemParams::fromSteps("NEW", {0.3}));
    oldItems.items.push_back(ItemParams::fromSteps("OLD", {0.3}));
    // Same id, another rubric: not a common item.
    newItems.items.push_back(ItemParams::fromSteps("PC", {0.1}));
    oldItems.items.push_back(ItemParams::fromSteps("PC", {-0.5, 0.5}));
    newItems.population = PopulationModel{0.2, 1.1};
    oldItems.scale = ReportingScale{0.1, 0.9, 500, 100};
    oldItems.scaleName = "total";

    // Shifts 0.5, 0.4, 0.6, 0.5: mean 0.5, SD sqrt(0.02 / 3) = 0.0816497, error / sqrt(4).
    const LinkResult link = linkMeanMean(newItems, oldItems);
    CHECK(link.commonItems == 4);
    CHECK(link.shift == doctest::Approx(0.5));
    CHECK(link.shiftSd == doctest::Approx(std::sqrt(0.02 / 3)));
    CHECK(link.linkingError == doctest::Approx(std::sqrt(0.02 / 3) / 2));
    CHECK(link.differentMaxScore == std::vector<std::string>{"PC"});

    const CalibratedItems linked = applyLink(newItems, oldItems, link);
    CHECK(linked.find("NEW")->delta == doctest::Approx(0.8));
    CHECK(linked.find("C2")->delta == doctest::Approx(2.5));
    CHECK(linked.population->mean == doctest::Approx(0.7));
    CHECK(linked.population->sd == doctest::Approx(1.1));
    CHECK(linked.scale->thetaMean == doctest::Approx(0.1));
    CHECK(linked.metadata.at("link_shift") == "0.5");
    CHECK(linked.metadata.at("link_common_items") == "4");

    // An item that moved 2 logits is dropped with --max-deviation; without it, it pulls the shift.
    newItems.items.push_back(ItemParams::fromSteps("MOVED", {0}));
    oldItems.items.push_back(ItemParams::fromSteps("MOVED", {2.5}));
    CHECK(linkMeanMean(newItems, oldItems).shift == doctest::Approx(0.9));
    LinkOptions o;
    o.maxDeviation = 0.5;
    const LinkResult robust = linkMeanMean(newItems, oldItems, o);
    CHECK(robust.shift == doctest::Approx(0.5));
    CHECK(robust.commonItems == 4);
    CHECK(robust.items.back().itemId == "MOVED");
    CHECK(robust.items.back().dropped);

    CalibratedItems one;
    one.items.push_back(ItemParams::fromSteps("C0", {0}));
    auto e = errorOf([&] { (void)linkMeanMean(one, oldItems); });
    REQUIRE(e);
    CHECK(contains(e->what(), "linking needs at least 2 common items"));
}

TEST_CASE("irt linking: two years' calibrations are put on one scale with the right linking error") {
    // Year 1: 30 items (-2..2), pupils N(0, 1). Year 2: items 11-30 again and 10 new harder ones,
    // pupils N(0.3, 1). Each calibration centres its own items, so year 2's origin differs by the
    // mean of its items' true locations (0.95); linking must recover that and the new items' true
    // locations.
    std::vector<ItemParams> year1 = dichotomousItems(30), year2(year1.begin() + 10, year1.end());
    for (int k = 0; k < 10; ++k) year2.push_back(ItemParams::fromSteps("N" + std::to_string(k), {1.0 + 0.2 * k}));
    Random rng(3);
    std::vector<double> t1, t2;
    for (int p = 0; p < 3000; ++p) t1.push_back(rng.normal());
    for (int p = 0; p < 3000; ++p) t2.push_back(0.3 + rng.normal());
    CalibratedItems c1, c2;
    const Calibration k1 = calibrate(simulateScores(year1, t1, 4)), k2 = calibrate(simulateScores(year2, t2, 5));
    REQUIRE(k1.report.converged);
    REQUIRE(k2.report.converged);
    c1.items = k1.items;
    c1.population = k1.population;
    c2.items = k2.items;
    c2.population = k2.population;
    double truthShift = 0;
    for (const auto& p : year2) truthShift += p.delta / 30;
    const LinkResult link = linkMeanMean(c2, c1);
    CHECK(link.commonItems == 20);
    // Item SEs are about 0.045 in each year: shifts spread by about 0.064, error about 0.014.
    CHECK(link.linkingError > 0.008);
    CHECK(link.linkingError < 0.025);
    CHECK(std::fabs(link.shift - truthShift) < 3 * link.linkingError + 0.02);
    const CalibratedItems linked = applyLink(c2, c1, link);
    CHECK(linked.population->mean == doctest::Approx(0.3).epsilon(0.08));
    double se = 0;
    for (int k = 0; k < 10; ++k) se += std::pow(linked.find("N" + std::to_string(k))->delta - (1.0 + 0.2 * k), 2);
    CHECK(std::sqrt(se / 10) < 0.1);
}
