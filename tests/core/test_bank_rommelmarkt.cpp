// The module m06-rommelmarkt (items/m06-rommelmarkt) as the kiosk gets it from the bank: every
// machine-scored item scored with its correct response, with a wrong or partly right one and with
// nothing, in Dutch and English; the tasks in simulated software played through as a pupil would
// (the table, the file manager, the mail client and the poster); the poster's teacher criteria.
#include <doctest/doctest.h>

#include <random>

#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/response_processing.h"
#include "sim/files/files.h"
#include "sim/mail/mail.h"
#include "sim/poster/poster.h"
#include "sim/table/table.h"
#include "util/text.h"

using namespace dlk;

namespace {

const ItemBank& bank() {
    static const ItemBank b = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    return b;
}

const Item& itemOf(const std::string& lang, const std::string& id) {
    const Module* m = bank().findModule("m06-rommelmarkt");
    REQUIRE(m);
    const ModuleVariant* v = m->findVariant(lang);
    REQUIRE(v);
    for (size_t i = 0; i < m->refs.size(); ++i)
        if (m->refs[i].identifier == id) {
            REQUIRE(v->items[i]);
            return *v->items[i];
        }
    FAIL("no item " << id);
    throw 0;
}

Value single(const std::string& v) {
    return Value::single(BaseType::Identifier, v);
}
Value pairs(const std::vector<std::string>& v) {
    return Value::container(Cardinality::Multiple, BaseType::DirectedPair, v);
}
Value ids(const std::vector<std::string>& v) {
    return Value::container(Cardinality::Multiple, BaseType::Identifier, v);
}
Value ordered(const std::vector<std::string>& v) {
    return Value::container(Cardinality::Ordered, BaseType::Identifier, v);
}

// The outputs an environment fills from its state, as the kiosk stores them.
VariableMap outputs(const Item& item, const sim::EnvironmentType& type, const Value& state) {
    const auto all = sim::responsesFor(type, item.environments.at("RESPONSE"), "RESPONSE", state);
    return VariableMap(all.begin(), all.end());
}

const std::vector<std::string> kLangs = {"nl", "en"};

}  // namespace

TEST_CASE("rommelmarkt: the module is in the bank - 15 items - 32 points - 30 minutes - the poster last") {
    const Module* m = bank().findModule("m06-rommelmarkt");
    REQUIRE(m);
    CHECK(m->refs.size() == 15);
    CHECK(m->maxScore() == 32);
    CHECK(m->maxTimeSeconds == 1800);
    CHECK(m->refs.back().identifier == "rommelmarkt-10-poster");
    CHECK(m->variants.at("en").title == "A jumble sale for the animal shelter");
    int scored = 0;
    for (size_t i = 0; i < m->refs.size(); ++i) {
        CAPTURE(m->refs[i].identifier);
        CHECK(m->refs[i].aspect.size() > 0);
        CHECK_FALSE(m->refs[i].kerndoelen.empty());
        if (m->variants.at("nl").items[i]->maxScore() > 0) ++scored;
    }
    CHECK(scored == 15);
}

TEST_CASE("rommelmarkt: the plain items score their key in full - a wrong or partial answer less - nothing 0") {
    struct Case {
        const char* id;
        double max;
        std::vector<std::pair<Value, double>> answers;
    };
    const std::vector<Case> cases = {
        {"rommelmarkt-01-cloud", 1, {{single("A"), 0}, {single("D"), 0}}},
        {"rommelmarkt-02-knoppen", 1, {{single("D"), 0}, {single("A"), 0}}},  // redo, save
        {"rommelmarkt-03-sneltoetsen",
         3,
         {{pairs({"S1 T2", "S2 T1", "S3 T3"}), 1}, {pairs({"S4 T1", "S5 T2"}), 0}, {pairs({"S1 T1"}), 1}}},
        {"rommelmarkt-04-update", 1, {{single("A"), 0}, {single("C"), 0}}},
        {"rommelmarkt-05-uitnodiging", 3, {{pairs({"W4 G1", "W2 G2", "W3 G3"}), 2}, {pairs({"W5 G2"}), 0}}},
        {"rommelmarkt-06-doelgroep", 1, {{single("A"), 0}, {single("B"), 0}}},
        {"rommelmarkt-07-inkorten", 2, {{ids({"H2", "H4"}), 0}, {ids({"H5"}), 1}, {ids({"H1", "H3"}), 0}}},
        {"rommelmarkt-11-diagrammen", 3, {{pairs({"W3 G1", "W2 G2", "W1 G3"}), 1}, {pairs({"W4 G3"}), 0}}},
        {"rommelmarkt-12-opslaan-als", 1, {{ordered({"B", "A", "D", "C"}), 0}, {ordered({"A", "B", "C", "D"}), 0}}},
        {"rommelmarkt-15-indeling", 1, {{single("A"), 0}, {single("C"), 0}}},
    };
    for (const std::string& lang : kLangs)
        for (const Case& c : cases) {
            CAPTURE(lang);
            CAPTURE(c.id);
            const Item& item = itemOf(lang, c.id);
            CHECK(item.maxScore() == c.max);
            REQUIRE(item.responses.size() == 1);
            REQUIRE(item.responses[0].correctResponse);
            CHECK(scoreOf(item, {{"RESPONSE", *item.responses[0].correctResponse}}) == c.max);
            for (const auto& [answer, expected] : c.answers) CHECK(scoreOf(item, {{"RESPONSE", answer}}) == expected);
            CHECK(scoreOf(item, {}) == 0);
        }
}

TEST_CASE("rommelmarkt: the spreadsheet tasks - the sum of the stalls without the goal row - sorted and charted") {
    namespace tb = sim::table;
    const auto play = [](const Item& item, const std::string& actions) {
        const auto& sc = static_cast<const tb::TableScenario&>(*item.environments.at("RESPONSE").scenario);
        tb::State s;
        for (const std::string& word : splitWhitespace(actions)) {
            const auto eq = word.find('=');
            const auto next = tb::act(sc, s, {word.substr(0, eq), eq == std::string::npos ? "" : word.substr(eq + 1)});
            REQUIRE_MESSAGE(next, word);
            s = *next;
        }
        return scoreOf(item, outputs(item, tb::kType, tb::toResponse(sc, s)));
    };
    for (const std::string& lang : kLangs) {
        CAPTURE(lang);
        const Item& sum = itemOf(lang, "rommelmarkt-08-opbrengst");
        CHECK(play(sum, "select=r1-euro extend-selection=r6-euro formula=sum") == 2);
        CHECK(play(sum, "select=r6-euro extend-selection=r1-euro formula=sum") == 2);
        CHECK(play(sum, "select=r1-euro extend-selection=r7-euro formula=sum") == 1);  // the goal counted too
        CHECK(play(sum, "select=r1-euro extend-selection=r5-euro formula=sum") == 1);  // a stall left out
        CHECK(play(sum, "select=r1-euro extend-selection=r6-euro formula=average") == 0);
        CHECK(play(sum, "select=r1-euro extend-selection=r6-euro") == 0);
        CHECK(play(sum, "") == 0);

        const Item& chart = itemOf(lang, "rommelmarkt-09-grafiek");
        CHECK(play(chart, "sort-descending=euro chart=euro") == 2);
        CHECK(play(chart, "chart=euro sort-descending=euro") == 2);
        CHECK(play(chart, "sort-descending=euro") == 1);
        CHECK(play(chart, "sort-ascending=euro chart=euro") == 1);                   // the least money on top
        CHECK(play(chart, "sort-descending=verkocht chart=verkocht") == 0);          // the things sold, not the money
        CHECK(play(chart, "sort-descending=euro filter=k4-kraam chart=euro") == 1);  // one stall left
        CHECK(play(chart, "") == 0);
        CHECK(scoreOf(chart, {}) == 0);
    }
}

TEST_CASE("rommelmarkt: the file manager task - only the newest PDF for the printer - the old one in the bin") {
    namespace fs = sim::files;
    for (const std::string& lang : kLangs) {
        CAPTURE(lang);
        const Item& item = itemOf(lang, "rommelmarkt-13-drukker");
        const auto& sc = static_cast<const fs::FilesScenario&>(*item.environments.at("RESPONSE").scenario);
        const auto score = [&](const fs::State& s) {
            return scoreOf(item, outputs(item, fs::kType, fs::toResponse(sc, s)));
        };
        const auto must = [](const fs::Outcome& o) {
            REQUIRE(o.changed());
            return o.state;
        };
        fs::State s = fs::start(sc);
        CHECK(score(s) == 0);
        s = must(fs::move(s, "f3", "drukker"));
        CHECK(score(s) == 1);
        s = must(fs::remove(s, "f2"));
        CHECK(score(s) == 2);
        // The Word file along with it is one file too many for the printer.
        CHECK(score(must(fs::move(s, "f1", "drukker"))) == 1);
        CHECK(score(must(fs::move(s, "f4", "drukker"))) == 1);
        // The old PDF for the printer and the new one thrown away: nothing right.
        fs::State wrong = must(fs::move(fs::start(sc), "f2", "drukker"));
        wrong = must(fs::remove(wrong, "f3"));
        CHECK(score(wrong) == 0);
        CHECK(scoreOf(item, {}) == 0);
    }
}

TEST_CASE("rommelmarkt: the mail task - the flyer forwarded to the two who asked for it - not to others") {
    namespace ml = sim::mail;
    for (const std::string& lang : kLangs) {
        CAPTURE(lang);
        const Item& item = itemOf(lang, "rommelmarkt-14-doorsturen");
        const auto& sc = static_cast<const ml::MailScenario&>(*item.environments.at("RESPONSE").scenario);
        const auto play = [&](const std::string& actions) {
            ml::State s = ml::start(sc);
            for (const auto& a : splitWhitespace(actions)) {
                const auto eq = a.find('=');
                s = ml::apply(sc, s, sim::Action{a.substr(0, eq), eq == std::string::npos ? "" : a.substr(eq + 1)});
            }
            return scoreOf(item, outputs(item, ml::kType, ml::toResponse(sc, s)));
        };
        CHECK(play("") == 0);
        CHECK(play("open=m1") == 0);
        CHECK(play("open=m1 forward=m1 to=buurthuis to=ouderraad") == 0);  // never sent
        CHECK(play("open=m1 forward=m1 to=buurthuis to=ouderraad send") == 2);
        CHECK(play("open=m1 forward=m1 to=buurthuis send forward=m1 to=ouderraad send") == 2);
        CHECK(play("open=m1 forward=m1 to=ouderraad send") == 1);
        CHECK(play("open=m1 forward=m1 to=buurthuis to=ouderraad to=noor send") == 1);  // a friend as well
        CHECK(play("open=m1 forward=m1 to=asiel to=opa send") == 0);
        CHECK(play("open=m2 forward=m2 to=ouderraad send") == 0);  // the wrong mail: no flyer in it
        CHECK(scoreOf(item, {}) == 0);
    }
}

TEST_CASE("rommelmarkt: the poster - title - a picture that fits - the date by the machine - the rest by the teacher") {
    namespace ps = sim::poster;
    for (const std::string& lang : kLangs) {
        CAPTURE(lang);
        const Item& item = itemOf(lang, "rommelmarkt-10-poster");
        const auto& sc = static_cast<const ps::PosterScenario&>(*item.environments.at("RESPONSE").scenario);
        const auto responses = [&](const ps::State& s) { return outputs(item, ps::kType, ps::toResponse(s)); };
        const auto place = [&](const ps::State& s, const std::string& picture) {
            const auto next = ps::apply(sc, s, {"place-picture", "P1:" + picture});
            REQUIRE(next);
            return *next;
        };
        CHECK(item.maxScore() == 7);
        CHECK(teacherMaxScore(item) == 4);
        const ps::State blank = ps::startState(sc);
        CHECK(scoreOf(item, responses(blank)) == 0);
        CHECK(scoreOf(item, {}) == 0);

        const std::string text =
            lang == "nl" ? "Kom zaterdag 14 juni naar het schoolplein!" : "Come on Saturday 14 June!";
        ps::State s = ps::setTitle(sc, blank, lang == "nl" ? "Rommelmarkt" : "Jumble sale");
        CHECK(scoreOf(item, responses(s)) == 1);
        s = place(s, "kraam");
        CHECK(scoreOf(item, responses(s)) == 2);
        s = ps::setText(sc, s, 0, text);
        CHECK(scoreOf(item, responses(s)) == 3);
        // A winter picture does not fit a market in June; the date may be in the title instead.
        CHECK(scoreOf(item, responses(place(s, "sneeuwpop"))) == 2);
        ps::State titled =
            place(ps::setTitle(sc, blank, lang == "nl" ? "Rommelmarkt 14 juni" : "Jumble sale 14 June"), "hond");
        CHECK(scoreOf(item, responses(titled)) == 3);
        CHECK(scoreOf(item, responses(ps::setText(sc, place(blank, "spullen"), 0, "Kom!"))) == 1);  // no title, no date

        // The teacher's criteria wait, then count; MAXSCORE is all seven points.
        CHECK(awaitsTeacher(item));
        const VariableMap teacher = {{"CRIT_MESSAGE", Value::single(BaseType::Float, "2")},
                                     {"CRIT_AUDIENCE", Value::single(BaseType::Float, "1")},
                                     {"CRIT_READABLE", Value::single(BaseType::Float, "1")}};
        CHECK_FALSE(awaitsTeacher(item, teacher));
        CHECK(scoreOf(item, responses(s), teacher) == 7);
        CHECK(scoreOf(item, responses(blank), teacher) == 4);
    }
}

TEST_CASE("rommelmarkt: the demo's pupils - all the machine gives at 1 - nothing at 0 - on every item") {
    const Module* m = bank().findModule("m06-rommelmarkt");
    REQUIRE(m);
    std::mt19937_64 rng(6);
    for (const std::string& lang : kLangs)
        for (const auto& item : m->variant(lang).items) {
            CAPTURE(lang);
            CAPTURE(item->identifier);
            for (int i = 0; i < 5; ++i) {
                CHECK(scoreOf(*item, simulateResponse(*item, 1.0, rng)) == item->maxScore() - teacherMaxScore(*item));
                CHECK(scoreOf(*item, simulateResponse(*item, 0.0, rng)) == 0);
            }
        }
}
