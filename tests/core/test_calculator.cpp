// The calculator environment (sim/calculator): its keys computed as a pocket calculator does,
// its state as a QTI record that survives a restart, its scenario reader, and the whole way from
// an item through the loader, response processing, the QTI writer and the demo.
#include <doctest/doctest.h>

#include <random>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/interactions.h"
#include "qti/qti_loader.h"
#include "qti/qti_writer.h"
#include "qti/response_processing.h"
#include "sim/calculator/calculator.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using namespace dlk::sim::calculator;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

// Presses keys given as their process-data names: "3 4 8 divide 2 4 equals".
State pressAll(const std::string& keys, State s = {}, int maxDigits = 12) {
    CalculatorScenario sc;
    sc.maxDigits = maxDigits;
    for (const auto& name : splitWhitespace(keys)) {
        const auto k = keyFromName(name);
        REQUIRE_MESSAGE(k, name);
        s = press(sc, s, *k);
    }
    return s;
}

const std::string kItem = DLK_TEST_DATA "/sim/calculator.xml";

}  // namespace

TEST_CASE("calculator: keys compute as a pocket calculator does") {
    CHECK(pressAll("3 4 8 divide 2 4 equals").display == "14.5");
    // Each operator applies the one before it.
    CHECK(pressAll("2 plus 3 times 4 equals").display == "20");
    // A second operator in a row replaces the first.
    CHECK(pressAll("2 plus times 3 equals").display == "6");
    // The point, back and the sign.
    CHECK(pressAll("point 5").display == "0.5");
    CHECK(pressAll("1 point point 2").display == "1.2");
    CHECK(pressAll("1 2 3 back").display == "12");
    CHECK(pressAll("7 back back").display == "0");
    CHECK(pressAll("5 sign").display == "-5");
    CHECK(pressAll("5 sign minus 5 equals").display == "-10");
    CHECK(pressAll("0 0 0 7").display == "7");
    // Results are shown without trailing zeros and without float noise.
    CHECK(pressAll("point 1 plus point 2 equals").display == "0.3");
    CHECK(pressAll("1 divide 3 equals").display == "0.33333333333");  // 12 digits, the 0 included
    // = without a pending operator keeps the number; another digit then starts afresh.
    CHECK(pressAll("4 equals 5").display == "5");
}

TEST_CASE("calculator: too many digits are ignored - too large a result and dividing by zero are errors") {
    CHECK(pressAll("1 2 3 4 5", {}, 4).display == "1234");
    const State big = pressAll("9 9 9 9 times 9 9 9 9 equals", {}, 4);
    CHECK(big.error);
    CHECK_FALSE(displayedValue(big).has_value());
    const State zero = pressAll("5 divide 0 equals");
    CHECK(zero.error);
    CHECK(zero.display == "E");
    // After an error only C does something.
    CHECK(pressAll("7 plus 1 back", zero) == zero);
    CHECK(pressAll("clear 7", zero).display == "7");
}

TEST_CASE("calculator: its state is a record that comes back whole - mid-sum as well") {
    const State mid = pressAll("3 4 8 divide 2");
    const Value v = toResponse(mid);
    CHECK(v.cardinality == Cardinality::Record);
    REQUIRE(v.field("value"));
    CHECK(v.field("value")->value == "2");
    CHECK(v.field("operator")->value == "divide");
    CHECK(v.field("memory")->value == "348");
    CHECK(fromResponse(v) == mid);
    // Through the JSON the store keeps: the same value.
    const Value stored = valueFromJson(valueToJson(v), Cardinality::Record, BaseType::Identifier, "RESPONSE");
    CHECK(stored == v);
    CHECK(fromResponse(stored) == mid);
    CHECK(pressAll("4 equals", fromResponse(stored)).display == "14.5");
    // An error state has no value field: an item's fieldValue of it is NULL.
    CHECK_FALSE(toResponse(pressAll("1 divide 0 equals")).field("value"));
    // Nothing stored, or something no calculator could show: a calculator just switched on.
    CHECK(fromResponse(Value::null(Cardinality::Record, BaseType::String)) == State{});
    Value odd = v;
    for (auto& f : odd.fields)
        if (f.name == "display") f.value = "twaalf";
    CHECK(fromResponse(odd) == State{});
}

TEST_CASE("calculator: key names read back - unknown names are none") {
    for (int k = 0; k <= static_cast<int>(Key::Sign); ++k) {
        const Key key = static_cast<Key>(k);
        CHECK(keyFromName(keyName(key)) == key);
    }
    CHECK_FALSE(keyFromName("sqrt").has_value());
}

TEST_CASE("calculator: an item with it loads - scores by its display - and keeps its namespace through the writer") {
    const Item item = loadItemFile(kItem);
    REQUIRE(item.environments.count("RESPONSE"));
    const auto& sc = static_cast<const CalculatorScenario&>(*item.environments.at("RESPONSE").scenario);
    CHECK(sc.maxDigits == 8);
    auto score = [&](const std::string& keys) { return scoreOf(item, {{"RESPONSE", toResponse(pressAll(keys))}}); };
    CHECK(score("3 4 8 divide 2 4 equals") == 1);
    CHECK(score("1 4 point 5") == 1);        // typed in directly: the display is what counts
    CHECK(score("1 4 point 4 9 9 9") == 1);  // within the item's tolerance
    CHECK(score("3 4 8 times 2 4 equals") == 0);
    CHECK(score("1 divide 0 equals") == 0);  // an error shows no number
    CHECK(scoreOf(item, {}) == 0);           // untouched

    // QTI 2.1 -> 3.0 and back: the environment element keeps its prefix and namespace.
    const std::string v3 = convertToQti3(dlk::test::readFile(kItem), "calc.xml");
    CHECK(contains(v3, "<sim:calculator max-digits=\"8\"/>"));
    CHECK(contains(v3, "xmlns:sim=\"https://dlkiosk.nl/ns/1\""));
    const Item again = parseItemXml(v3, "calc.xml");
    const BodyNode* in = interactionFor(again, "RESPONSE");
    REQUIRE(in);
    const BodyNode* element = sim::environmentElement(*in);
    REQUIRE(element);
    CHECK(element->name == "sim:calculator");
    CHECK(element->ns == sim::kNamespace);
    CHECK(again.environments.count("RESPONSE"));
}

TEST_CASE("calculator: a bad scenario or declaration is refused at load with file and line") {
    const std::string xml = dlk::test::readFile(kItem);
    auto withCalculator = [&](const std::string& element) {
        std::string x = xml;
        x.replace(x.find("<sim:calculator max-digits=\"8\"/>"), 32, element);
        return x;
    };
    auto error = [](const std::string& x) {
        const auto e = errorOf([&] { parseItemXml(x, "calc.xml"); });
        return e ? std::string(e->what()) : std::string("accepted");
    };
    CHECK(contains(error(withCalculator("<sim:calculator max-digits=\"40\"/>")), "calc.xml:18:"));
    CHECK(contains(error(withCalculator("<sim:calculator max-digits=\"40\"/>")), "4 to 15"));
    CHECK(contains(error(withCalculator("<sim:calculator memory=\"yes\"/>")), "has no attribute 'memory'"));
    std::string single = xml;
    single.replace(single.find("cardinality=\"record\""), 20, "cardinality=\"single\" baseType=\"float\"");
    CHECK(contains(error(single), "the calculator yields a record response"));
}

TEST_CASE("calculator: the demo leaves the right number or a slip a pupil makes") {
    const Item item = loadItemFile(kItem);
    std::mt19937_64 rng(5);
    int right = 0;
    for (int i = 0; i < 50; ++i) {
        const VariableMap best = simulateResponse(item, 1.0, rng);
        CHECK(scoreOf(item, best) == 1);
        const VariableMap worst = simulateResponse(item, 0.0, rng);
        CHECK(scoreOf(item, worst) == 0);
        right += scoreOf(item, simulateResponse(item, 0.5, rng)) > 0;
    }
    CHECK(right > 10);
    CHECK(right < 40);
}

TEST_CASE("calculator: value-response binds the number shown to a response of its own - checked at load") {
    const std::string path = DLK_TEST_DATA "/sim/calculator_value.xml";
    const Item item = loadItemFile(path);
    REQUIRE(item.environments.count("RESPONSE"));
    CHECK(item.environments.at("RESPONSE").outputs == std::vector<std::string>{"VALUE"});
    // What an action stores: the state and the number, together.
    const auto all = sim::responsesFor(kType, item.environments.at("RESPONSE"), "RESPONSE",
                                       toResponse(pressAll("3 4 8 divide 2 4 equals")));
    REQUIRE(all.size() == 2);
    CHECK(all[1].first == "VALUE");
    CHECK(all[1].second == Value::single(BaseType::Float, "14.5"));
    VariableMap answers(all.begin(), all.end());
    CHECK(scoreOf(item, answers) == 1);
    // After an error the number is NULL, and scores nothing.
    const auto failed = sim::responsesFor(kType, item.environments.at("RESPONSE"), "RESPONSE",
                                          toResponse(pressAll("1 divide 0 equals")));
    CHECK(failed[1].second.isNull());
    // The demo fills both.
    std::mt19937_64 rng(3);
    const VariableMap demo = simulateResponse(item, 1.0, rng);
    CHECK(demo.count("RESPONSE"));
    CHECK(demo.count("VALUE"));
    CHECK(scoreOf(item, demo) == 1);

    const std::string xml = dlk::test::readFile(path);
    auto error = [](const std::string& x) {
        const auto e = errorOf([&] { parseItemXml(x, "v.xml"); });
        return e ? std::string(e->what()) : std::string("accepted");
    };
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string x = xml;
        x.replace(x.find(from), from.size(), to);
        return x;
    };
    CHECK(contains(error(replaced("value-response=\"VALUE\"", "value-response=\"NUMBER\"")),
                   "value-response='NUMBER' names no declared response"));
    CHECK(contains(error(replaced("identifier=\"VALUE\" cardinality=\"single\" base-type=\"float\"",
                                  "identifier=\"VALUE\" cardinality=\"single\" base-type=\"string\"")),
                   "must be declared single float"));
}
