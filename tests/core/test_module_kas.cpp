// The bank's module m05-kas (De slimme kas / The smart greenhouse), the second computational-thinking
// module: loaded through the bundled bank, every item scored with a right, a partly right, a wrong
// and an empty response in both languages, the simulated software played through (the harvest
// table, the block programs on their worlds), and the large task's criteria one by one.
#include <doctest/doctest.h>

#include <map>
#include <random>

#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/response_processing.h"
#include "sim/blocks/blocks.h"
#include "sim/table/table.h"
#include "util/text.h"

using namespace dlk;
using dlk::test::contains;

namespace {

const char* const kModule = "m05-kas";

const ItemBank& bank() {
    static const ItemBank b = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    return b;
}

const Module& kas() {
    const Module* m = bank().findModule(kModule);
    REQUIRE_MESSAGE(m, dlk::test::problemsText(bank()));
    return *m;
}

// The item `id` of the module in `lang`, as the bank loaded it.
const Item& itemOf(const std::string& id, const std::string& lang) {
    const Module& m = kas();
    const ModuleVariant* v = m.findVariant(lang);
    REQUIRE(v);
    for (size_t i = 0; i < m.refs.size(); ++i)
        if (m.refs[i].identifier == id) return *v->items.at(i);
    FAIL("no item " << id);
    throw 0;
}

Value text(const std::string& s) {
    return Value::single(BaseType::String, s);
}
Value id(const std::string& s) {
    return Value::single(BaseType::Identifier, s);
}
Value ids(std::vector<std::string> v, Cardinality c = Cardinality::Multiple) {
    return Value::container(c, BaseType::Identifier, std::move(v));
}
Value pairs(std::vector<std::string> v) {
    return Value::container(Cardinality::Multiple, BaseType::DirectedPair, std::move(v));
}

// Every declared correct response of the item, as the responses of a pupil.
VariableMap correctResponses(const Item& item) {
    VariableMap out;
    for (const ResponseDeclaration& d : item.responses)
        if (d.correctResponse) out[d.identifier] = *d.correctResponse;
    return out;
}

// The table's responses after the actions (written as process data writes them).
VariableMap tableAfter(const Item& item, const std::string& actions) {
    const EnvironmentBinding& binding = item.environments.at("RESPONSE");
    const auto& sc = static_cast<const sim::table::TableScenario&>(*binding.scenario);
    sim::table::State s;
    for (const std::string& word : splitWhitespace(actions)) {
        const auto eq = word.find('=');
        const sim::Action a{word.substr(0, eq), eq == std::string::npos ? "" : word.substr(eq + 1)};
        const auto next = sim::table::act(sc, s, a);
        REQUIRE_MESSAGE(next, word);
        s = *next;
    }
    const auto all = sim::responsesFor(sim::table::kType, binding, "RESPONSE", sim::table::toResponse(sc, s));
    return VariableMap(all.begin(), all.end());
}

double outcome(const VariableMap& outcomes, const char* name) {
    const auto it = outcomes.find(name);
    REQUIRE(it != outcomes.end());
    return it->second.isNull() ? 0 : std::stod(it->second.items.at(0));
}

const std::vector<std::string> kLangs = {"nl", "en"};

}  // namespace

TEST_CASE("m05-kas bank: a CT module of 15 items and 24 points in both languages - the large task last - 30 minutes") {
    const Module& m = kas();
    CHECK_FALSE(m.practice);
    CHECK(m.maxTimeSeconds == 1800);
    REQUIRE(m.refs.size() == 15);
    CHECK(m.refs.back().identifier == "kas-10-plukprogramma");
    CHECK(m.maxScore() == 24);
    int scored = 0;
    for (const ItemRef& ref : m.refs) {
        CAPTURE(ref.identifier);
        CHECK(ref.aspect.starts_with("ct-"));
        CHECK_FALSE(ref.kerndoelen.empty());
        double nl = 0;
        for (const std::string& lang : kLangs) {
            const Item& item = itemOf(ref.identifier, lang);
            CHECK(item.language == lang);
            if (lang == "nl") nl = item.maxScore();
            CHECK(item.maxScore() == nl);
        }
        scored += nl > 0;
    }
    CHECK(scored == 15);
    // The bank deals it to pupils with the other themed modules.
    CHECK(contains(dlk::test::readFile(std::string(DLK_SOURCE_ITEMS) + "/session-design.json"), "\"m05-kas\""));
}

TEST_CASE("m05-kas scoring: the declared correct responses score the maximum - nothing scores 0 - in both languages") {
    for (const ItemRef& ref : kas().refs)
        for (const std::string& lang : kLangs) {
            CAPTURE(ref.identifier);
            CAPTURE(lang);
            const Item& item = itemOf(ref.identifier, lang);
            CHECK(scoreOf(item, correctResponses(item)) == item.maxScore());
            CHECK(scoreOf(item, {}) == 0);
            // The demo's simulated pupils: full marks at fraction 1, none at 0, nl and en alike.
            std::mt19937_64 rng(5);
            for (int i = 0; i < 3; ++i) {
                CHECK(scoreOf(item, simulateResponse(item, 1.0, rng)) == item.maxScore());
                CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
            }
        }
}

TEST_CASE("m05-kas scoring: the small tasks give their points for right - partly right - and wrong answers") {
    struct Case {
        const char* item;
        VariableMap responses;
        double score;
    };
    const std::vector<Case> cases = {
        // 01 the two sensors: one point each, an output chosen takes one away.
        {"kas-01-invoer", {{"RESPONSE", ids({"A", "C"})}}, 2},
        {"kas-01-invoer", {{"RESPONSE", ids({"A"})}}, 1},
        {"kas-01-invoer", {{"RESPONSE", ids({"A", "B"})}}, 0},
        {"kas-01-invoer", {{"RESPONSE", ids({"B", "D"})}}, 0},
        // 02 sensor to question: all four 2, two or three 1, one 0.
        {"kas-02-sensoren", {{"RESPONSE", pairs({"W1 G1", "W2 G2", "W3 G3", "W4 G4"})}}, 2},
        {"kas-02-sensoren", {{"RESPONSE", pairs({"W1 G1", "W2 G2", "W4 G3", "W3 G4"})}}, 1},
        {"kas-02-sensoren", {{"RESPONSE", pairs({"W2 G1", "W1 G2", "W4 G3", "W3 G4"})}}, 0},
        {"kas-02-sensoren", {{"RESPONSE", pairs({"W3 G3"})}}, 0},
        // 03 a point per complete rule.
        {"kas-03-regels", {{"RESPONSE", pairs({"W1 G1", "W3 G2", "W2 G3", "W5 G4"})}}, 2},
        {"kas-03-regels", {{"RESPONSE", pairs({"W1 G1", "W3 G2", "W2 G3", "W6 G4"})}}, 1},
        {"kas-03-regels", {{"RESPONSE", pairs({"W2 G1", "W4 G2", "W1 G3", "W6 G4"})}}, 0},  // the rules turned round
        {"kas-03-regels", {{"RESPONSE", pairs({"W1 G1", "W2 G3"})}}, 0},
        // 04 the steps in order.
        {"kas-04-stappen", {{"RESPONSE", ids({"C", "A", "E", "B", "D"}, Cardinality::Ordered)}}, 1},
        {"kas-04-stappen", {{"RESPONSE", ids({"C", "E", "A", "B", "D"}, Cardinality::Ordered)}}, 0},
        // 05, 07, 11, 14, 15 one right choice.
        {"kas-15-bewering", {{"RESPONSE", id("B")}}, 1},
        {"kas-15-bewering", {{"RESPONSE", id("A")}}, 0},
        {"kas-05-meten", {{"RESPONSE", id("B")}}, 1},
        {"kas-05-meten", {{"RESPONSE", id("C")}}, 0},
        {"kas-07-camera", {{"RESPONSE", id("C")}}, 1},
        {"kas-07-camera", {{"RESPONSE", id("D")}}, 0},
        {"kas-11-voorspellen", {{"RESPONSE", id("B")}}, 1},
        {"kas-11-voorspellen", {{"RESPONSE", id("C")}}, 0},
        {"kas-14-vergelijken", {{"RESPONSE", id("B")}}, 1},
        {"kas-14-vergelijken", {{"RESPONSE", id("C")}}, 0},
        // 08 the three facts (three clicks at most): all three 2 points, two of them 1.
        {"kas-08-wat-nodig", {{"RESPONSE", ids({"H1", "H3", "H5"})}}, 2},
        {"kas-08-wat-nodig", {{"RESPONSE", ids({"H1", "H5"})}}, 1},
        {"kas-08-wat-nodig", {{"RESPONSE", ids({"H1", "H3", "H6"})}}, 1},
        {"kas-08-wat-nodig", {{"RESPONSE", ids({"H1", "H2", "H4"})}}, 0},
        {"kas-08-wat-nodig", {{"RESPONSE", ids({"H2", "H4", "H6"})}}, 0},
        // 12 the count of repeats: 11, not the 12 squares.
        {"kas-12-hoe-vaak", {{"RESPONSE", Value::single(BaseType::Integer, "11")}}, 1},
        {"kas-12-hoe-vaak", {{"RESPONSE", Value::single(BaseType::Integer, "12")}}, 0},
    };
    for (const Case& c : cases)
        for (const std::string& lang : kLangs) {
            CAPTURE(c.item);
            CAPTURE(lang);
            CAPTURE(c.responses.begin()->second.items.size());
            CHECK(scoreOf(itemOf(c.item, lang), c.responses) == c.score);
        }
}

TEST_CASE("m05-kas table: the cool side's total is found by filter or sort and the sum formula") {
    const std::vector<std::pair<std::string, double>> paths = {
        {"filter=r2-kant select=r2-kilo extend-selection=r10-kilo formula=sum", 2},
        {"sort-ascending=kant select=r2-kilo extend-selection=r10-kilo formula=sum", 2},  // koel/cool sorts first
        {"filter=r2-kant select=r2-kilo extend-selection=r10-kilo formula=average", 0},
        {"select=r1-kilo extend-selection=r10-kilo formula=sum", 1},                     // both sides
        {"filter=r1-kant select=r1-kilo extend-selection=r9-kilo formula=sum", 1},       // the warm side
        {"filter=r2-kant select=r2-graden extend-selection=r10-graden formula=sum", 1},  // degrees, not kilos
        {"filter=r2-kant select=r2-kilo extend-selection=r10-kilo formula=sum undo", 0},
        {"filter=r2-kant", 0},
    };
    for (const std::string& lang : kLangs) {
        const Item& item = itemOf("kas-06-oogsttabel", lang);
        for (const auto& [actions, expected] : paths) {
            CAPTURE(lang);
            CAPTURE(actions);
            CHECK(scoreOf(item, tableAfter(item, actions)) == expected);
        }
    }
}

TEST_CASE("m05-kas blocks: the programs pupils build are run on the worlds - solutions score in full - others less") {
    struct Case {
        const char* item;
        std::string program;
        double score;
    };
    const std::vector<Case> cases = {
        // 09 the U-shaped path: within 12 blocks 2, longer 1, not all tomatoes 0.
        {"kas-09-route",
         "repeat 6\nforward\npick\nend\nturn right\nforward\npick\nforward\nturn right\nrepeat 6\nforward\npick\nend\n",
         2},
        {"kas-09-route",
         "forward\nforward\nforward\npick\nforward\nforward\nforward\nturn right\nforward\npick\nforward\nturn right\n"
         "forward\nforward\nforward\nforward\npick\nforward\nforward\n",
         1},
        {"kas-09-route",
         "repeat 6\nforward\nend\nturn right\nrepeat 2\nforward\nend\nturn right\nrepeat 6\nforward\nend\n", 0},
        {"kas-09-route", "repeat 7\nforward\npick\nend\n", 0},  // bumps into the end wall
        // 13 the fixed count is the bug: only a loop up to the goal solves both paths.
        {"kas-13-herstellen", "repeat until goal\nforward\npick\nend\n", 1},
        {"kas-13-herstellen", "repeat 6\nforward\npick\nend\n", 0},     // the given program
        {"kas-13-herstellen", "repeat 8\nforward\npick\nend\n", 0},     // the long path only
        {"kas-13-herstellen", "repeat until goal\nforward\nend\n", 0},  // no tomatoes
    };
    for (const Case& c : cases)
        for (const std::string& lang : kLangs) {
            CAPTURE(c.item);
            CAPTURE(c.program);
            CAPTURE(lang);
            CHECK(scoreOf(itemOf(c.item, lang), {{"RESPONSE", text(c.program)}}) == c.score);
        }
    // The debugging task starts from its given program, which solves the short path but not the long one.
    const Item& debug = itemOf("kas-13-herstellen", "nl");
    const auto& sc = static_cast<const sim::blocks::BlocksScenario&>(*debug.environments.at("RESPONSE").scenario);
    const sim::blocks::Outcome given = sim::blocks::evaluate(sc, sim::blocks::toResponse(sc.start));
    CHECK(given.worlds == 1);
    CHECK_FALSE(given.solved);
}

TEST_CASE("m05-kas blocks: the shown program of the predicting task picks the two tomatoes of its key") {
    for (const std::string& lang : kLangs) {
        const Item& item = itemOf("kas-11-voorspellen", lang);
        const auto& sc = static_cast<const sim::blocks::BlocksScenario&>(*item.environments.at("PROGRAM").scenario);
        CHECK(sc.readOnly);
        CHECK_FALSE(sc.runnable);
        const sim::blocks::Run r = sim::blocks::run(sc.start, sc.worlds.at(0), sc.stepLimit);
        CHECK(r.ending == sim::blocks::Ending::Finished);
        CHECK(r.collected == 2);  // choice B
        CHECK(sim::blocks::cellName(r.at) == "G1");
    }
}

TEST_CASE("m05-kas large task: each criterion is scored by running the program on the three paths") {
    struct Case {
        std::string program;
        double worlds, loop, shortOne;
    };
    const std::vector<Case> cases = {
        // The declared solution: 5 blocks, every path.
        {"repeat until goal\nif wall ahead\nturn right\nelse\nforward\nend\npick\nend\n", 2, 1, 1},
        // Two while loops: 6 blocks, every path.
        {"while path ahead\nforward\npick\nend\nturn right\nwhile path ahead\nforward\npick\nend\n", 2, 1, 1},
        // Right on every path, but 10 blocks: too long.
        {"while path ahead\nforward\nif thing here\npick\nend\nend\nturn right\nwhile path ahead\nforward\n"
         "if thing here\npick\nend\nend\nturn left\nturn right\n",
         2, 1, 0},
        // Fixed counts for the first path: solves one path, with a loop.
        {"repeat 5\nforward\npick\nend\nturn right\nrepeat 3\nforward\npick\nend\n", 1, 1, 0},
        // Straight blocks for the third path only: one path, no loop.
        {"forward\nforward\nforward\npick\nturn right\nforward\nforward\npick\nforward\nforward\n", 1, 0, 0},
        // A loop that never picks: the goal but no tomatoes, so no path solved and no points at all.
        {"while path ahead\nforward\nend\nturn right\nwhile path ahead\nforward\nend\n", 0, 0, 0},
        // A loop that does nothing useful.
        {"repeat 3\nturn left\nend\n", 0, 0, 0},
    };
    for (const std::string& lang : kLangs) {
        const Item& item = itemOf("kas-10-plukprogramma", lang);
        CHECK(item.maxScore() == 4);
        CHECK_FALSE(awaitsTeacher(item));  // every criterion is the machine's
        for (const Case& c : cases) {
            CAPTURE(lang);
            CAPTURE(c.program);
            const VariableMap out = processResponses(item, {{"RESPONSE", text(c.program)}});
            CHECK(outcome(out, "CRIT_WORLDS") == c.worlds);
            CHECK(outcome(out, "CRIT_LOOP") == c.loop);
            CHECK(outcome(out, "CRIT_SHORT") == c.shortOne);
            CHECK(outcome(out, "SCORE") == c.worlds + c.loop + c.shortOne);
        }
        const VariableMap none = processResponses(item, {});
        CHECK(outcome(none, "SCORE") == 0);
        CHECK(outcome(none, "CRIT_LOOP") == 0);
    }
}
