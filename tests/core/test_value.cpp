// QTI values: lexical forms per base type, QTI match semantics, and the JSON form used in storage.
#include <doctest/doctest.h>

#include "core_test_helpers.h"
#include "qti/value.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {
Value multi(BaseType b, std::vector<std::string> v) {
    return Value::container(Cardinality::Multiple, b, std::move(v));
}
Value ordered(BaseType b, std::vector<std::string> v) {
    return Value::container(Cardinality::Ordered, b, std::move(v));
}
}  // namespace

TEST_CASE("value: cardinality and base type names round trip and unknown names are refused") {
    for (Cardinality c : {Cardinality::Single, Cardinality::Multiple, Cardinality::Ordered, Cardinality::Record})
        CHECK(parseCardinality(cardinalityName(c)) == c);
    for (BaseType b :
         {BaseType::Identifier, BaseType::Boolean, BaseType::Integer, BaseType::Float, BaseType::String,
          BaseType::Point, BaseType::Pair, BaseType::DirectedPair, BaseType::Duration, BaseType::File, BaseType::Uri})
        CHECK(parseBaseType(baseTypeName(b)) == b);
    CHECK(std::string(baseTypeName(BaseType::DirectedPair)) == "directedPair");
    CHECK_FALSE(parseCardinality("several").has_value());
    CHECK_FALSE(parseCardinality("Single").has_value());
    CHECK_FALSE(parseBaseType("directed-pair").has_value());
    CHECK_FALSE(parseBaseType("").has_value());
}

TEST_CASE("value: identifier lexical form") {
    CHECK(isValidLexical(BaseType::Identifier, "A"));
    CHECK(isValidLexical(BaseType::Identifier, "choice_1"));
    CHECK(isValidLexical(BaseType::Identifier, "S1.part-2"));
    CHECK(isValidLexical(BaseType::Identifier, "_x"));
    CHECK_FALSE(isValidLexical(BaseType::Identifier, ""));
    CHECK_FALSE(isValidLexical(BaseType::Identifier, "1abc"));
    CHECK_FALSE(isValidLexical(BaseType::Identifier, "-a"));
    CHECK_FALSE(isValidLexical(BaseType::Identifier, "a b"));
    CHECK_FALSE(isValidLexical(BaseType::Identifier, "a,b"));
}

TEST_CASE("value: boolean - integer and float lexical forms") {
    CHECK(isValidLexical(BaseType::Boolean, "true"));
    CHECK(isValidLexical(BaseType::Boolean, "false"));
    CHECK(isValidLexical(BaseType::Boolean, "1"));
    CHECK(isValidLexical(BaseType::Boolean, "0"));
    CHECK_FALSE(isValidLexical(BaseType::Boolean, "yes"));
    CHECK_FALSE(isValidLexical(BaseType::Boolean, ""));

    CHECK(isValidLexical(BaseType::Integer, "15"));
    CHECK(isValidLexical(BaseType::Integer, "-3"));
    CHECK(isValidLexical(BaseType::Integer, "+7"));
    CHECK(isValidLexical(BaseType::Integer, " 42 "));
    CHECK_FALSE(isValidLexical(BaseType::Integer, "1.5"));
    CHECK_FALSE(isValidLexical(BaseType::Integer, "1e3"));
    CHECK_FALSE(isValidLexical(BaseType::Integer, "abc"));
    CHECK_FALSE(isValidLexical(BaseType::Integer, ""));
    CHECK_FALSE(isValidLexical(BaseType::Integer, "12abc"));
    CHECK_FALSE(isValidLexical(BaseType::Integer, "99999999999999999999999"));  // does not fit

    CHECK(isValidLexical(BaseType::Float, "1.5"));
    CHECK(isValidLexical(BaseType::Float, "-0.25"));
    CHECK(isValidLexical(BaseType::Float, "1e3"));
    CHECK(isValidLexical(BaseType::Float, "7"));
    CHECK_FALSE(isValidLexical(BaseType::Float, "abc"));
    CHECK_FALSE(isValidLexical(BaseType::Float, "0x10"));
    CHECK_FALSE(isValidLexical(BaseType::Float, "1,5"));
    CHECK_FALSE(isValidLexical(BaseType::Float, ""));
    CHECK_FALSE(isValidLexical(BaseType::Float, "1e999"));  // not finite
}

TEST_CASE("value: point - pair and directedPair lexical forms - strings accept anything") {
    CHECK(isValidLexical(BaseType::Point, "10 20"));
    CHECK(isValidLexical(BaseType::Point, "  3\t 4 "));
    CHECK_FALSE(isValidLexical(BaseType::Point, "10"));
    CHECK_FALSE(isValidLexical(BaseType::Point, "10 20 30"));
    CHECK_FALSE(isValidLexical(BaseType::Point, "1.5 2"));
    CHECK_FALSE(isValidLexical(BaseType::Point, "a b"));

    for (BaseType b : {BaseType::Pair, BaseType::DirectedPair}) {
        CHECK(isValidLexical(b, "A B"));
        CHECK(isValidLexical(b, "S1  T2"));
        CHECK_FALSE(isValidLexical(b, "A"));
        CHECK_FALSE(isValidLexical(b, "A B C"));
        CHECK_FALSE(isValidLexical(b, "1 2"));
    }
    CHECK(isValidLexical(BaseType::String, ""));
    CHECK(isValidLexical(BaseType::String, "  willekeurige tekst, met <tekens> "));
}

TEST_CASE("value: canonical lexical forms") {
    CHECK(canonicalLexical(BaseType::Pair, "  A   B ") == "A B");
    CHECK(canonicalLexical(BaseType::DirectedPair, "S1\tT2") == "S1 T2");
    CHECK(canonicalLexical(BaseType::Point, " 3  4") == "3 4");
    CHECK(canonicalLexical(BaseType::Boolean, "1") == "true");
    CHECK(canonicalLexical(BaseType::Boolean, "0") == "false");
    CHECK(canonicalLexical(BaseType::Identifier, "  A ") == "A");
    CHECK(canonicalLexical(BaseType::String, "  spaties blijven ") == "  spaties blijven ");
}

TEST_CASE("value: base values are equal by QTI rules") {
    CHECK(baseValuesEqual(BaseType::Float, "1.0", "1"));
    CHECK(baseValuesEqual(BaseType::Float, "1.5", "1.50"));
    CHECK(baseValuesEqual(BaseType::Float, "1e2", "100"));
    CHECK(baseValuesEqual(BaseType::Integer, "007", "7"));
    CHECK_FALSE(baseValuesEqual(BaseType::Integer, "2", "3"));
    CHECK(baseValuesEqual(BaseType::Pair, "A B", "B A"));
    CHECK(baseValuesEqual(BaseType::Pair, "A  B", "A B"));
    CHECK_FALSE(baseValuesEqual(BaseType::Pair, "A B", "A C"));
    CHECK_FALSE(baseValuesEqual(BaseType::DirectedPair, "A B", "B A"));
    CHECK(baseValuesEqual(BaseType::DirectedPair, "A  B", "A B"));
    CHECK(baseValuesEqual(BaseType::Point, "1 2", "1  2"));
    CHECK_FALSE(baseValuesEqual(BaseType::Point, "1 2", "2 1"));
    CHECK_FALSE(baseValuesEqual(BaseType::Identifier, "A", "a"));
    CHECK_FALSE(baseValuesEqual(BaseType::String, "Utrecht", "utrecht"));
    CHECK_FALSE(baseValuesEqual(BaseType::String, "Utrecht", "Utrecht "));
    CHECK(baseValuesEqual(BaseType::Boolean, "1", "true"));
}

TEST_CASE("value: an empty container and an empty string are NULL") {
    CHECK(Value::single(BaseType::String, "").isNull());
    CHECK(Value::single(BaseType::Identifier, "").isNull());
    CHECK(multi(BaseType::Identifier, {}).isNull());
    CHECK_FALSE(Value::single(BaseType::String, " ").isNull());
    CHECK(Value::null(Cardinality::Ordered, BaseType::Identifier).cardinality == Cardinality::Ordered);
}

TEST_CASE("value: match of single values - with numbers compared by value") {
    const Value a = Value::single(BaseType::Identifier, "A");
    CHECK(valuesMatch(a, Value::single(BaseType::Identifier, "A")));
    CHECK_FALSE(valuesMatch(a, Value::single(BaseType::Identifier, "B")));
    CHECK(valuesMatch(Value::single(BaseType::Float, "1.0"), Value::single(BaseType::Float, "1")));
    CHECK(valuesMatch(Value::single(BaseType::Integer, "15"), Value::single(BaseType::Integer, "+15")));
    // NULL never matches, not even NULL.
    const Value nullId = Value::null(Cardinality::Single, BaseType::Identifier);
    CHECK_FALSE(valuesMatch(a, nullId));
    CHECK_FALSE(valuesMatch(nullId, a));
    CHECK_FALSE(valuesMatch(nullId, nullId));
}

TEST_CASE("value: multiple cardinality matches as bags - repeats included") {
    const BaseType id = BaseType::Identifier;
    CHECK(valuesMatch(multi(id, {"A", "B", "C"}), multi(id, {"C", "A", "B"})));
    CHECK(valuesMatch(multi(id, {"A", "A", "B"}), multi(id, {"B", "A", "A"})));
    CHECK_FALSE(valuesMatch(multi(id, {"A", "A", "B"}), multi(id, {"A", "B", "B"})));
    CHECK_FALSE(valuesMatch(multi(id, {"A", "B"}), multi(id, {"A", "B", "B"})));
    CHECK_FALSE(valuesMatch(multi(id, {"A", "B"}), multi(id, {"A"})));
    CHECK_FALSE(valuesMatch(multi(id, {}), multi(id, {})));
    CHECK(valuesMatch(multi(BaseType::Float, {"1.0", "2"}), multi(BaseType::Float, {"2.0", "1"})));
}

TEST_CASE("value: ordered cardinality matches as sequences") {
    const BaseType id = BaseType::Identifier;
    CHECK(valuesMatch(ordered(id, {"B", "D", "A", "C"}), ordered(id, {"B", "D", "A", "C"})));
    CHECK_FALSE(valuesMatch(ordered(id, {"B", "D", "A", "C"}), ordered(id, {"D", "B", "A", "C"})));
    CHECK_FALSE(valuesMatch(ordered(id, {"A", "B"}), ordered(id, {"A", "B", "C"})));
}

TEST_CASE("value: pair ignores the order inside a pair - directedPair does not") {
    CHECK(valuesMatch(multi(BaseType::Pair, {"A B", "C D"}), multi(BaseType::Pair, {"D C", "B A"})));
    CHECK(valuesMatch(Value::single(BaseType::Pair, "A B"), Value::single(BaseType::Pair, "B A")));
    CHECK_FALSE(valuesMatch(multi(BaseType::DirectedPair, {"S1 T2"}), multi(BaseType::DirectedPair, {"T2 S1"})));
    CHECK(valuesMatch(multi(BaseType::DirectedPair, {"S1 T2", "S2 T3"}),
                      multi(BaseType::DirectedPair, {"S2 T3", "S1 T2"})));
    CHECK_FALSE(
        valuesMatch(Value::single(BaseType::DirectedPair, "A B"), Value::single(BaseType::DirectedPair, "B A")));
}

TEST_CASE("value: JSON form of each kind of value") {
    CHECK(valueToJson(Value::null(Cardinality::Single, BaseType::Identifier)).is_null());
    CHECK(valueToJson(multi(BaseType::Identifier, {})).is_null());
    CHECK(dumpJson(valueToJson(Value::single(BaseType::Identifier, "A"))) == "\"A\"");
    CHECK(dumpJson(valueToJson(Value::single(BaseType::Integer, "15"))) == "15");
    CHECK(dumpJson(valueToJson(Value::single(BaseType::Float, "1.5"))) == "1.5");
    CHECK(dumpJson(valueToJson(Value::single(BaseType::Boolean, "true"))) == "true");
    CHECK(dumpJson(valueToJson(Value::single(BaseType::Boolean, "false"))) == "false");
    CHECK(dumpJson(valueToJson(Value::single(BaseType::String, "pdf"))) == "\"pdf\"");
    CHECK(dumpJson(valueToJson(Value::single(BaseType::Point, "3 4"))) == "\"3 4\"");
    CHECK(dumpJson(valueToJson(multi(BaseType::Identifier, {"A", "C"}))) == "[\"A\",\"C\"]");
    CHECK(dumpJson(valueToJson(ordered(BaseType::Integer, {"3", "1"}))) == "[3,1]");
    CHECK(dumpJson(valueToJson(multi(BaseType::DirectedPair, {"S1 T2"}))) == "[\"S1 T2\"]");
}

TEST_CASE("value: stored responses as the old hand-written JSON writer wrote them read back identically") {
    // Responses already in SQLite databases were written by util/json.cpp's own writer (until the move
    // to nlohmann-json): no spaces; numbers by formatDouble (whole numbers below 1e15 as integers, others
    // in the shortest %g form); strings with \" \\ \n \r \t escaped, other control characters as
    // \u00xx, '/' and UTF-8 as they are. Each must read as the same value, and today's writer writes
    // the same bytes (but for \b and \f, which nlohmann escapes by their short names).
    struct Stored {
        std::string oldJson;
        Value value;
        std::string newJson;  // what is written today, when it differs
    };
    const std::vector<Stored> cases = {
        {"null", Value::null(Cardinality::Single, BaseType::Identifier), ""},
        {"null", Value::null(Cardinality::Multiple, BaseType::Identifier), ""},
        {R"("A")", Value::single(BaseType::Identifier, "A"), ""},
        {"15", Value::single(BaseType::Integer, "15"), ""},
        {"-4", Value::single(BaseType::Integer, "-4"), ""},
        {"1800", Value::single(BaseType::Integer, "1800"), ""},
        {"1.5", Value::single(BaseType::Float, "1.5"), ""},
        {"2", Value::single(BaseType::Float, "2"), ""},
        {"-150", Value::single(BaseType::Float, "-150"), ""},
        {"0.1", Value::single(BaseType::Float, "0.1"), ""},
        {"123456789.125", Value::single(BaseType::Float, "123456789.125"), ""},
        {"-2.5e-07", Value::single(BaseType::Float, "-2.5e-07"), ""},
        {"1e+20", Value::single(BaseType::Float, "1e+20"), ""},
        {"10", Value::single(BaseType::Duration, "10"), ""},
        {"2.5", Value::single(BaseType::Duration, "2.5"), ""},
        {"true", Value::single(BaseType::Boolean, "true"), ""},
        {"false", Value::single(BaseType::Boolean, "false"), ""},
        {R"("3 4")", Value::single(BaseType::Point, "3 4"), ""},
        {R"("A B")", Value::single(BaseType::Pair, "A B"), ""},
        {R"("S1 T2")", Value::single(BaseType::DirectedPair, "S1 T2"), ""},
        {"\"Zo\xC3\xAB zegt: \\\"ja\\\" / \\\\ nee\\n\\r\\t\\u0001\\u001f \xE2\x82\xAC\"",
         Value::single(BaseType::String, "Zo\xC3\xAB zegt: \"ja\" / \\ nee\n\r\t\x01\x1f \xE2\x82\xAC"), ""},
        {R"("a\u0008b\u000cc")", Value::single(BaseType::String, "a\bb\fc"), R"("a\bb\fc")"},
        {R"(["A","C","A"])", multi(BaseType::Identifier, {"A", "C", "A"}), ""},
        {R"([3,1,20])", ordered(BaseType::Integer, {"3", "1", "20"}), ""},
        {R"([1.5,2])", multi(BaseType::Float, {"1.5", "2"}), ""},
        {R"(["A B","C D"])", multi(BaseType::Pair, {"A B", "C D"}), ""},
        {R"(["S1 T2","S2 T3"])", ordered(BaseType::DirectedPair, {"S1 T2", "S2 T3"}), ""},
        {R"(["1 2","30 40"])", multi(BaseType::Point, {"1 2", "30 40"}), ""},
        {R"({"x":1.5,"n":20,"ok":true,"naam":"Zo\u0001"})",
         Value{Cardinality::Record,
               BaseType::Identifier,
               {},
               {{"x", BaseType::Float, "1.5"},
                {"n", BaseType::Float, "20"},
                {"ok", BaseType::Boolean, "true"},
                {"naam", BaseType::String, "Zo\x01"}}},
         ""},
    };
    for (const Stored& c : cases) {
        CAPTURE(c.oldJson);
        Value back;
        REQUIRE_NOTHROW(
            back = valueFromJson(parseJson(c.oldJson, "RESPONSE"), c.value.cardinality, c.value.baseType, "RESPONSE"));
        CHECK(back == c.value);
        CHECK(dumpJson(valueToJson(c.value)) == (c.newJson.empty() ? c.oldJson : c.newJson));
    }
}

TEST_CASE("value: JSON round trips for every cardinality and common base types") {
    const std::vector<Value> values = {
        Value::single(BaseType::Identifier, "C"),
        Value::single(BaseType::Integer, "15"),
        Value::single(BaseType::Integer, "-4"),
        Value::single(BaseType::Float, "0.25"),
        Value::single(BaseType::Boolean, "false"),
        Value::single(BaseType::String, "\"Zoë\" zegt: ja\nnee"),
        Value::single(BaseType::Point, "120 45"),
        multi(BaseType::Identifier, {"A", "C", "A"}),
        ordered(BaseType::Identifier, {"B", "D", "A", "C"}),
        multi(BaseType::Pair, {"A B", "C D"}),
        multi(BaseType::DirectedPair, {"S1 T2", "S2 T3", "S3 T1"}),
        Value::null(Cardinality::Multiple, BaseType::Identifier),
        Value::null(Cardinality::Single, BaseType::String),
    };
    for (const Value& v : values) {
        CAPTURE(dumpJson(valueToJson(v)));
        const Json j = parseJson(dumpJson(valueToJson(v)), "RESPONSE");
        const Value back = valueFromJson(j, v.cardinality, v.baseType, "RESPONSE");
        CHECK(back == v);
    }
}

TEST_CASE("value: reading JSON normalises lexical forms and accepts a one-element array for single") {
    CHECK(valueFromJson(Json("  A   B "), Cardinality::Single, BaseType::Pair, "R").items ==
          std::vector<std::string>{"A B"});
    CHECK(valueFromJson(Json("15"), Cardinality::Single, BaseType::Integer, "R").items ==
          std::vector<std::string>{"15"});
    CHECK(valueFromJson(Json(15), Cardinality::Single, BaseType::Integer, "R").items == std::vector<std::string>{"15"});
    CHECK(valueFromJson(Json::array({"A"}), Cardinality::Single, BaseType::Identifier, "R") ==
          Value::single(BaseType::Identifier, "A"));
    CHECK(valueFromJson(Json::array(), Cardinality::Single, BaseType::Identifier, "R").isNull());
    CHECK(valueFromJson(Json(), Cardinality::Ordered, BaseType::Identifier, "R").isNull());
    // A lone value for a container is read as a container of one.
    CHECK(valueFromJson(Json("A"), Cardinality::Multiple, BaseType::Identifier, "R") ==
          multi(BaseType::Identifier, {"A"}));
}

TEST_CASE("value: JSON that does not fit the declaration is refused with Invalid naming the variable") {
    auto refused = [](const Json& j, Cardinality c, BaseType b) {
        auto e = errorOf([&] { valueFromJson(j, c, b, "MY_RESPONSE"); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(contains(e->what(), "MY_RESPONSE"));
    };
    // An array of two for a single value.
    refused(Json::array({"A", "B"}), Cardinality::Single, BaseType::Identifier);
    // Wrong JSON types.
    refused(Json::object(), Cardinality::Single, BaseType::Identifier);
    refused(Json(5), Cardinality::Single, BaseType::Identifier);
    refused(Json(1.5), Cardinality::Single, BaseType::Integer);
    refused(Json("abc"), Cardinality::Single, BaseType::Integer);
    refused(Json("A"), Cardinality::Single, BaseType::Pair);
    refused(Json("1.5 2"), Cardinality::Single, BaseType::Point);
    refused(Json::array({"A", nullptr}), Cardinality::Multiple, BaseType::Identifier);
    refused(Json::array({Json::array({"A"})}), Cardinality::Ordered, BaseType::Identifier);
    refused(Json::array({"A", "not an id"}), Cardinality::Multiple, BaseType::Identifier);
    // A record is read from an object only.
    refused(Json::array({"A"}), Cardinality::Record, BaseType::Identifier);
}

TEST_CASE("value: integers that are multiples of ten survive the JSON round trip") {
    // Regression (fixed in bd74528): valueToJson wrote 10 as 1e+01 and valueFromJson refused that as
    // an integer, so a stored answer of 10, 20, 100, ... was dropped on reload.
    for (const std::string n : {"10", "20", "100", "-30"}) {
        CAPTURE(n);
        const Value v = Value::single(BaseType::Integer, n);
        Value back;
        const std::string stored = dumpJson(valueToJson(v));
        CHECK_NOTHROW(back = valueFromJson(parseJson(stored, "R"), Cardinality::Single, BaseType::Integer, "R"));
        CHECK(back == v);
    }
}
