// The demo school: each pupil takes the session the kiosk deals (the tutorial, then the dealt
// modules), deterministic for a seed, a realistic mix of statuses, and simulated responses that
// earn what they are asked to earn on every interaction the item model knows.
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <set>

#include "core_test_helpers.h"
#include "delivery/response_store.h"
#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "qti/qti_loader.h"
#include "results/class_results.h"
#include "storage/schema.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

constexpr int64_t kNow = 1'780'000'000'000;

// The bundled bank as the kiosk opens it: its session design, and the tutorial marked practice.
struct Bundled {
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    Bundled() {
        REQUIRE_MESSAGE(bank.problems().empty(), dlk::test::problemsText(bank));
        if (!design.tutorial.empty()) REQUIRE(bank.markPractice(design.tutorial));
    }
};

struct Demo {
    Database db{":memory:"};
    DemoSchool school;
    // `rotation`: a rotation offset the database already keeps, as a kiosk that dealt plans
    // before the demo (delivery/session_plan.h); without one the demo's seed fixes it.
    Demo(const Bundled& b, uint64_t seed, int pupils, double finishedShare = 0.8, int notStarted = 0,
         std::optional<int> rotation = std::nullopt) {
        migrateSchema(db);
        if (rotation) {
            auto st = db.prepare("INSERT INTO meta(key, value) VALUES ('booklet_seed', ?)");
            st.bind(1, std::to_string(*rotation));
            st.run();
        }
        DemoOptions o;
        o.seed = seed;
        o.pupils = pupils;
        o.notStarted = notStarted;
        o.pin = "135724";
        o.finishedShare = finishedShare;
        school = makeDemoSchool(db, b.bank, b.design, o, kNow);
    }
    int64_t classId() {
        auto c = SchoolStore(db).findClass(school.className);
        REQUIRE(c);
        return c->id;
    }
};

std::vector<const Item*> allBundledItems(const ItemBank& bank) {
    std::vector<const Item*> items;
    for (const Module& m : bank.modules())
        for (const auto& [lang, v] : m.variants)
            for (const auto& item : v.items) items.push_back(item.get());
    return items;
}

// A task a teacher scores, recognised from the item's own XML: its SCORE is declared
// external-scored="human" (QTI 3) or externalScored="human" (QTI 2.x), and no rule sets it.
bool teacherScored(const std::string& xml) {
    static const std::regex declaration(R"(<(qti-outcome-declaration|outcomeDeclaration)\b[^>]*>)");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), declaration); it != std::sregex_iterator(); ++it) {
        const std::string tag = it->str();
        if (contains(tag, "identifier=\"SCORE\"") &&
            (contains(tag, "external-scored=\"human\"") || contains(tag, "externalScored=\"human\"")))
            return true;
    }
    return false;
}
bool teacherScored(const ItemBank& bank, const Item& item) {
    return teacherScored(bank.package()->read(item.sourcePath));
}

bool allAnswered(const Item& item, const VariableMap& r) {
    for (const BodyNode* in : item.interactions()) {
        const std::string id = in->attributeOr("responseIdentifier", "");
        if (!item.findResponse(id)) continue;
        auto it = r.find(id);
        if (it == r.end() || it->second.isNull()) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("demo: the same seed gives the same pupils - plans - answers and scores") {
    const Bundled b;
    Demo a(b, 77, 12, 0.8, 0), c(b, 77, 12, 0.8, 0);  // the booklets' rotation too comes from the seed
    REQUIRE(a.school.pupils.size() == 12);
    REQUIRE(c.school.pupils.size() == 12);
    SessionPlans pa(a.db), pc(c.db);
    for (size_t i = 0; i < 12; ++i) {
        CAPTURE(i);
        const auto planA = pa.find(a.school.pupils[i].id), planC = pc.find(c.school.pupils[i].id);
        REQUIRE(planA);
        REQUIRE(planC);
        CHECK(planA->modules == planC->modules);
    }
    const auto ra = classResults(a.db, b.bank, a.classId());
    const auto rc = classResults(c.db, b.bank, c.classId());
    REQUIRE(ra.size() == 12);
    REQUIRE(rc.size() == 12);
    for (size_t i = 0; i < ra.size(); ++i) {
        CAPTURE(i);
        CHECK(ra[i].displayName == rc[i].displayName);
        CHECK(ra[i].status == rc[i].status);
        CHECK(ra[i].answered == rc[i].answered);
        CHECK(ra[i].itemsSeen == rc[i].itemsSeen);
        for (size_t d = 0; d < 4; ++d) {
            CHECK(ra[i].domains[d].raw == rc[i].domains[d].raw);
            CHECK(ra[i].domains[d].max == rc[i].domains[d].max);
        }
    }
    const auto ia = scoreItems(a.db, b.bank, a.classId());
    const auto ic = scoreItems(c.db, b.bank, c.classId());
    REQUIRE_FALSE(ia.empty());
    REQUIRE(ia.size() == ic.size());
    for (size_t i = 0; i < ia.size(); ++i) {
        CHECK(ia[i].itemId == ic[i].itemId);
        CHECK(ia[i].responsesJson == ic[i].responsesJson);
        CHECK(ia[i].score == ic[i].score);
    }
    // Another seed gives another class.
    Demo d(b, 78, 12, 0.8, 0, 5);
    const auto id = scoreItems(d.db, b.bank, d.classId());
    bool differs = id.size() != ia.size();
    for (size_t i = 0; !differs && i < ia.size(); ++i) differs = ia[i].responsesJson != id[i].responsesJson;
    CHECK(differs);
}

TEST_CASE("demo: a rotation offset the database already keeps is not changed by the demo's seed") {
    const Bundled b;
    Demo kept(b, 77, 3, 0.8, 0, 5), fresh(b, 77, 3, 0.8, 0);
    const auto offset = [](Database& db) {
        auto st = db.prepare("SELECT value FROM meta WHERE key='booklet_seed'");
        REQUIRE(st.step());
        return st.getText(0);
    };
    CHECK(offset(kept.db) == "5");
    CHECK(offset(fresh.db) == "77");  // the seed's own
    SessionPlans pk(kept.db), pf(fresh.db);
    const auto planK = pk.find(kept.school.pupils[0].id), planF = pf.find(fresh.school.pupils[0].id);
    REQUIRE(planK);
    REQUIRE(planF);
    CHECK(planK->seed != planF->seed);
}

TEST_CASE("demo: each pupil takes the session the kiosk deals - the tutorial then the dealt modules in order") {
    const Bundled b;
    REQUIRE_FALSE(b.design.tutorial.empty());
    REQUIRE(b.design.modulesPerPupil() > 0);
    Demo demo(b, 20261128, 16, 0.5);
    SessionPlans plans(demo.db);
    ResponseStore store(demo.db);
    std::set<std::string> dealt;
    std::map<int64_t, std::pair<int, double>> expected;  // pupil -> items and maximum of the measured modules started
    int finished = 0, stopped = 0;
    for (size_t i = 0; i < demo.school.pupils.size(); ++i) {
        const PupilInfo& pupil = demo.school.pupils[i];
        CAPTURE(pupil.displayName);
        const auto plan = plans.find(pupil.id);
        REQUIRE(plan);
        // Dealt by the design at the pupil's first login, in the order the pupils logged in.
        CHECK(plan->sequence == i);
        BookletDesign seeded = b.design;
        seeded.seed = plan->seed;
        CHECK(plan->modules == seeded.modulesFor(plan->sequence));
        REQUIRE(plan->modules.size() == 1 + b.design.modulesPerPupil());
        CHECK(plan->modules.front() == b.design.tutorial);
        dealt.insert(plan->modules.begin() + 1, plan->modules.end());
        // Attempts: the plan's modules one after the other, each started only once the one before
        // is finished, and nothing outside the plan.
        size_t started = 0;
        bool open = false;
        for (const auto& moduleId : plan->modules) {
            const auto attempt = store.findAttempt(pupil.id, moduleId);
            if (!attempt) break;
            CHECK_FALSE(open);
            open = !attempt->finished;
            ++started;
            const Module* m = b.bank.findModule(moduleId);
            REQUIRE(m);
            if (!m->practice) {
                expected[pupil.id].first += static_cast<int>(m->itemCount());
                expected[pupil.id].second += m->maxScore();
            }
        }
        for (size_t k = started; k < plan->modules.size(); ++k)
            CHECK_FALSE(store.findAttempt(pupil.id, plan->modules[k]));
        auto count = demo.db.prepare("SELECT count(*) FROM attempts WHERE pupil_id=?");
        count.bind(1, pupil.id);
        REQUIRE(count.step());
        CHECK(count.getInt(0) == static_cast<int64_t>(started));
        // The tutorial is always done: a pupil stops, if at all, in a dealt module.
        CHECK(started >= 2);
        // Finished the whole session, or stopped in the last module started.
        CHECK(open == (started < plan->modules.size() || !store.findAttempt(pupil.id, plan->modules.back())->finished));
        (open ? stopped : finished) += 1;
    }
    CHECK(finished > 0);
    CHECK(stopped > 0);
    // 16 pupils walk through more than one rotation of booklets: every module is dealt.
    CHECK(dealt == [&] {
        const auto all = b.design.modules();
        return std::set<std::string>(all.begin(), all.end());
    }());

    // The teacher's results count the measured modules each pupil started, never the tutorial.
    // An answered large task no teacher has scored yet is in neither the raw nor the maximum score.
    const auto rows = scoreItems(demo.db, b.bank, demo.classId());
    std::map<int64_t, double> waitingMax;
    for (const auto& row : rows)
        if (row.awaitingTeacher) waitingMax[row.pupilId] += row.maxScore;
    CHECK_FALSE(waitingMax.empty());
    const auto results = classResults(demo.db, demo.classId(), rows);
    REQUIRE(results.size() == 16);
    for (const auto& r : results) {
        CAPTURE(r.displayName);
        CHECK(r.status != AttemptStatus::NotStarted);
        CHECK(r.itemsSeen == expected[r.pupilId].first);
        CHECK(r.totalMax() + waitingMax[r.pupilId] == doctest::Approx(expected[r.pupilId].second));
        CHECK(r.answered <= r.itemsSeen);
        CHECK(r.totalRaw() >= 0);
        CHECK(r.totalRaw() <= r.totalMax());
    }
}

TEST_CASE("demo: pupils who have not started have a code but no plan and no attempt - the others are unchanged") {
    const Bundled b;
    Demo with(b, 31, 6, 0.8, 3, 2), without(b, 31, 6, 0.8, 0, 2);
    REQUIRE(with.school.pupils.size() == 6);
    REQUIRE(with.school.notStarted.size() == 3);
    CHECK(without.school.notStarted.empty());
    SchoolStore school(with.db);
    REQUIRE(school.checkPin("135724", kNow).result == PinCheck::Ok);  // the teacher's list is sealed
    CHECK(school.pupils(with.classId()).size() == 9);
    SessionPlans plans(with.db);
    std::set<std::string> codes;
    for (const auto& p : with.school.pupils) codes.insert(p.code);
    for (const auto& p : with.school.notStarted) {
        CAPTURE(p.code);
        CHECK_FALSE(p.displayName.empty());
        CHECK(codes.insert(p.code).second);  // a code of their own
        CHECK(school.findPupilByCode(p.code));
        CHECK_FALSE(plans.find(p.id));
        auto st = with.db.prepare("SELECT count(*) FROM attempts WHERE pupil_id=?");
        st.bind(1, p.id);
        REQUIRE(st.step());
        CHECK(st.getInt(0) == 0);
    }
    int notStarted = 0;
    for (const auto& r : classResults(with.db, b.bank, with.classId()))
        notStarted += r.status == AttemptStatus::NotStarted;
    CHECK(notStarted == 3);
    // Adding them does not change the simulated pupils of the seed.
    const auto a = scoreItems(with.db, b.bank, with.classId());
    const auto c = scoreItems(without.db, b.bank, without.classId());
    REQUIRE(a.size() == c.size());
    for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].responsesJson == c[i].responsesJson);
    for (size_t i = 0; i < 6; ++i) CHECK(with.school.pupils[i].displayName == without.school.pupils[i].displayName);
}

TEST_CASE("demo: a second demo in the same database adds a class and keeps the school and PIN") {
    const Bundled b;
    Demo demo(b, 5, 3);
    CHECK(demo.school.className == "Demo groep 8");
    DemoOptions o;
    o.pupils = 2;
    o.pin = "999999";
    o.schoolName = "Een andere naam";
    // Pupils' names are sealed under the school's key: another PIN adds no class.
    auto e = errorOf([&] { makeDemoSchool(demo.db, b.bank, b.design, o, kNow); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Auth);
    CHECK(SchoolStore(demo.db).classes().size() == 1);
    o.pin = "135724";
    const DemoSchool second = makeDemoSchool(demo.db, b.bank, b.design, o, kNow);
    CHECK(second.className == "Demo groep 8 (2)");
    CHECK(second.pupils.size() == 2);
    SchoolStore school(demo.db);
    CHECK(school.schoolName() == "Demoschool De Vlinder");
    CHECK(school.classes().size() == 2);
    CHECK(school.checkPin("135724", kNow).result == PinCheck::Ok);
    // Each class has a rotation of its own (so each is balanced): the second class's starts at 0.
    const auto plan = SessionPlans(demo.db).find(second.pupils[0].id);
    REQUIRE(plan);
    CHECK(plan->sequence == 0);
    CHECK(SessionPlans(demo.db).find(second.pupils[1].id)->sequence == 1);
}

TEST_CASE("demo: impossible options - an empty bank and a design the bank cannot deal are refused") {
    const Bundled b;
    Database db(":memory:");
    migrateSchema(db);
    auto refused = [&](const ItemBank& bank, const BookletDesign& design, const DemoOptions& o) {
        auto e = errorOf([&] { makeDemoSchool(db, bank, design, o, kNow); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK_FALSE(SchoolStore(db).isSetUp());  // refused before anything was written
        return e ? std::string(e->what()) : std::string();
    };
    for (int pupils : {0, -1, 501}) {
        CAPTURE(pupils);
        DemoOptions o;
        o.pupils = pupils;
        refused(b.bank, b.design, o);
    }
    for (int notStarted : {-1, 501}) {
        CAPTURE(notStarted);
        DemoOptions o;
        o.notStarted = notStarted;
        CHECK(contains(refused(b.bank, b.design, o), "--not-started"));
    }
    dlk::test::TempDir empty;
    const ItemBank none = ItemBank::loadFolder(empty.str());
    CHECK(none.modules().empty());
    refused(none, b.design, DemoOptions{});
    // A design naming a module this bank does not hold, and a design with nothing to deal.
    BookletDesign unknown = b.design;
    unknown.parts.front().pool.push_back("m77-bestaat-niet");
    CHECK(contains(refused(b.bank, unknown, DemoOptions{}), "m77-bestaat-niet"));
    BookletDesign unknownTutorial = b.design;
    unknownTutorial.tutorial = "m76-ook-niet";
    CHECK(contains(refused(b.bank, unknownTutorial, DemoOptions{}), "m76-ook-niet"));
    refused(b.bank, BookletDesign{}, DemoOptions{});
}

TEST_CASE("demo: a simulated full-credit response earns every bundled item's maximum - a teacher's task stays 0") {
    const Bundled b;
    const auto items = allBundledItems(b.bank);
    REQUIRE_FALSE(items.empty());
    for (const Item* item : items) {
        CAPTURE(item->sourcePath);
        const bool byTeacher = teacherScored(b.bank, *item);
        for (uint64_t seed = 0; seed < 25; ++seed) {
            std::mt19937_64 rng(seed);
            const VariableMap r = simulateResponse(*item, 1.0, rng);
            CHECK(allAnswered(*item, r));
            if (byTeacher) {
                // The machine gives nothing for a text until a teacher scores it; it only sees
                // that the pupil wrote something.
                REQUIRE(item->maxScore() > 0);
                const VariableMap outcomes = processResponses(*item, r);
                CHECK(scoreOf(*item, r) == 0);
                if (item->findOutcome("ANSWERED"))
                    CHECK(outcomes.at("ANSWERED") == Value::single(BaseType::Boolean, "true"));
            } else {
                CHECK(scoreOf(*item, r) == doctest::Approx(item->maxScore() - teacherMaxScore(*item)));
            }
        }
    }
}

TEST_CASE("demo: a simulated no-credit response earns less than the maximum on every bundled item") {
    const Bundled b;
    for (const Item* item : allBundledItems(b.bank)) {
        CAPTURE(item->sourcePath);
        for (uint64_t seed = 0; seed < 25; ++seed) {
            std::mt19937_64 rng(seed);
            const VariableMap r = simulateResponse(*item, 0.0, rng);
            if (item->maxScore() > 0)
                CHECK(scoreOf(*item, r) < item->maxScore());
            else
                CHECK(scoreOf(*item, r) == 0);  // a practice task worth nothing
        }
    }
}

TEST_CASE("demo: every interaction of the bundled bank is answered - right and wrong") {
    // Each kind of task the pupils meet must reach the demo data, the export and the calibration.
    const Bundled b;
    for (const Item* item : allBundledItems(b.bank)) {
        CAPTURE(item->sourcePath);
        for (double fraction : {0.0, 0.5, 1.0}) {
            CAPTURE(fraction);
            std::mt19937_64 rng(7);
            CHECK(allAnswered(*item, simulateResponse(*item, fraction, rng)));
        }
    }
}

TEST_CASE("demo: simulated responses fit their declarations") {
    const Bundled b;
    for (const Item* item : allBundledItems(b.bank)) {
        CAPTURE(item->sourcePath);
        for (double fraction : {0.0, 0.5, 1.0}) {
            std::mt19937_64 rng(99);
            const VariableMap r = simulateResponse(*item, fraction, rng);
            for (const auto& [id, v] : r) {
                const ResponseDeclaration* d = item->findResponse(id);
                REQUIRE(d);
                CHECK(v.cardinality == d->cardinality);
                if (d->cardinality == Cardinality::Record) {
                    // A record: simulated software's state (RESPONSE in the bank), never empty, or an
                    // output such as the file manager's names, empty (NULL) when nothing was renamed.
                    if (id == "RESPONSE") CHECK_FALSE(v.fields.empty());
                    for (const auto& f : v.fields) CHECK(isValidLexical(f.baseType, f.value));
                    continue;
                }
                CHECK(v.baseType == d->baseType);
                for (const auto& s : v.items) CHECK(isValidLexical(d->baseType, s));
            }
        }
    }
}

TEST_CASE("demo: simulated responses read back from their stored JSON") {
    // Regression (fixed in bd74528): a simulated wrong answer 20 to the robot-bus item was stored
    // as 2e+01 and refused on reading, so it counted as unanswered in results and exports.
    const Bundled b;
    for (const Item* item : allBundledItems(b.bank)) {
        CAPTURE(item->sourcePath);
        for (uint64_t seed = 0; seed < 25; ++seed) {
            std::mt19937_64 rng(seed);
            for (const auto& [id, v] : simulateResponse(*item, 0.0, rng)) {
                const ResponseDeclaration* d = item->findResponse(id);
                REQUIRE(d);
                Value back;
                const std::string stored = dumpJson(valueToJson(v));
                CHECK_NOTHROW(back = valueFromJson(parseJson(stored, id), d->cardinality, d->baseType, id));
                CHECK(back == v);
            }
        }
    }
}

TEST_CASE("demo: every interaction of the QTI model simulates to full and to less credit") {
    // One small item per interaction (tests/data/spec, see test_interaction_scoring.cpp), with the
    // best score one response can reach: for position object that is the better of the two areas
    // (a single point counts once), for the custom slider rules 1, for a teacher's task 0.
    const std::vector<std::pair<const char*, double>> cases = {
        {"choice_single.xml", 1},
        {"choice_single_v21.xml", 1},
        {"choice_multiple.xml", 2},
        {"inline_choice.xml", 1},
        {"hottext.xml", 1},
        {"hotspot.xml", 1},
        {"order.xml", 1},
        {"graphic_order.xml", 1},
        {"match.xml", 3},
        {"associate.xml", 3},
        {"graphic_associate.xml", 3},
        {"gap_match.xml", 2},
        {"gap_match_v21.xml", 2},
        {"graphic_gap_match.xml", 3},
        {"select_point.xml", 6},
        {"select_point_v21.xml", 6},
        {"position_object.xml", 1},
        {"slider.xml", 1},
        {"slider_v21.xml", 1},
        {"text_entry_integer.xml", 1},
        {"text_entry_float.xml", 1},
        {"text_entry_string.xml", 1},
        {"text_entry_string_caseless.xml", 1},
        {"several_responses.xml", 3},
        {"end_attempt.xml", 1},
        {"extended_text.xml", 0},
    };
    for (const auto& [file, best] : cases) {
        CAPTURE(file);
        const std::string path = dlk::test::testData(std::string("spec/") + file);
        const Item item = loadItemFile(path);
        const bool byTeacher = teacherScored(dlk::test::readFile(path));
        CHECK(byTeacher == (best == 0));
        bool partial = false;
        for (uint64_t seed = 0; seed < 25; ++seed) {
            std::mt19937_64 rng(seed);
            const VariableMap right = simulateResponse(item, 1.0, rng);
            const VariableMap wrong = simulateResponse(item, 0.0, rng);
            const VariableMap half = simulateResponse(item, 0.5, rng);
            CHECK(scoreOf(item, right) == doctest::Approx(best));
            if (best > 0)
                CHECK(scoreOf(item, wrong) < best);
            else
                CHECK(scoreOf(item, wrong) == 0);
            const double h = scoreOf(item, half);
            CHECK(h >= 0);
            CHECK(h <= best);
            partial = partial || (h > 0 && h < best);
            for (const VariableMap* r : {&right, &wrong, &half}) {
                for (const auto& [id, v] : *r) {
                    const ResponseDeclaration* d = item.findResponse(id);
                    REQUIRE(d);
                    CHECK(v.cardinality == d->cardinality);
                    CHECK(v.baseType == d->baseType);
                    for (const auto& s : v.items) CHECK(isValidLexical(d->baseType, s));
                }
            }
            // Every interaction that records a response gets one, except the hint button a pupil
            // need not press.
            for (const BodyNode* in : item.interactions()) {
                if (in->name == "endAttemptInteraction") continue;
                const std::string id = in->attributeOr("responseIdentifier", "");
                CAPTURE(id);
                CHECK(right.count(id) == 1);
                CHECK(wrong.count(id) == 1);
                if (right.count(id)) CHECK_FALSE(right.at(id).isNull());
            }
        }
        // Items with partial credit get partial responses from a middling pupil.
        if (std::string(file) == "select_point.xml" || std::string(file) == "match.xml" ||
            std::string(file) == "graphic_gap_match.xml" || std::string(file) == "several_responses.xml")
            CHECK(partial);
    }
}
