// The strict JSON reader and writer used for stored responses and the CLI.
#include <doctest/doctest.h>

#include <string>

#include "core_test_helpers.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {
void expectParseError(const std::string& text, const char* why) {
    CAPTURE(text.substr(0, 80));
    CAPTURE(why);
    auto e = errorOf([&] { (void)Json::parse(text); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(contains(e->what(), "offset"));
}
}  // namespace

TEST_CASE("json: parses every kind of value and keeps object member order") {
    const Json j = Json::parse(R"( { "b" : 1, "a" : [true, false, null, "x", -1.5e-2], "c": {} , "d": [] } )");
    REQUIRE(j.type() == Json::Type::Object);
    REQUIRE(j.members().size() == 4);
    CHECK(j.members()[0].first == "b");
    CHECK(j.members()[1].first == "a");
    CHECK(j.find("b")->asNumber() == 1);
    const Json* a = j.find("a");
    REQUIRE(a);
    REQUIRE(a->items().size() == 5);
    CHECK(a->items()[0].type() == Json::Type::Bool);
    CHECK(a->items()[0].asBool());
    CHECK_FALSE(a->items()[1].asBool());
    CHECK(a->items()[2].isNull());
    CHECK(a->items()[3].asString() == "x");
    CHECK(a->items()[4].asNumber() == -0.015);
    CHECK(j.find("c")->type() == Json::Type::Object);
    CHECK(j.find("d")->items().empty());
    CHECK(j.find("missing") == nullptr);
    CHECK(j.dump() == R"({"b":1,"a":[true,false,null,"x",-0.015],"c":{},"d":[]})");
    CHECK(Json::parse("-1.5e2").asNumber() == -150);
}

TEST_CASE("json: set replaces an existing member instead of duplicating it") {
    Json o = Json::object();
    o.set("RESPONSE", Json::string("A"));
    o.set("OTHER", Json::number(2));
    o.set("RESPONSE", Json::string("B"));
    CHECK(o.members().size() == 2);
    CHECK(o.dump() == R"({"RESPONSE":"B","OTHER":2})");
    // A duplicate key in the input keeps the last value, once.
    CHECK(Json::parse(R"({"k":1,"k":2})").dump() == R"({"k":2})");
}

TEST_CASE("json: escapes are decoded - including surrogate pairs") {
    CHECK(Json::parse(R"("a\"b\\c\/d\n\t\r\b\f")").asString() == "a\"b\\c/d\n\t\r\b\f");
    CHECK(Json::parse(R"("\u00e9")").asString() == "\xC3\xA9");
    CHECK(Json::parse(R"("\u20AC")").asString() == "\xE2\x82\xAC");
    CHECK(Json::parse(R"("\ud83d\ude00")").asString() == "\xF0\x9F\x98\x80");
    CHECK(Json::parse("\"caf\xC3\xA9\"").asString() == "caf\xC3\xA9");  // raw UTF-8 passes
}

TEST_CASE("json: trailing text and incomplete input are parse errors") {
    expectParseError("1 2", "two values");
    expectParseError("{} x", "text after the object");
    expectParseError("[1] ]", "extra bracket");
    expectParseError("", "empty");
    expectParseError("   ", "only whitespace");
    expectParseError("[1,", "unterminated array");
    expectParseError("[1,]", "trailing comma in an array");
    expectParseError(R"({"a":1,})", "trailing comma in an object");
    expectParseError(R"({"a" 1})", "missing colon");
    expectParseError(R"({a:1})", "unquoted key");
    expectParseError("tru", "short literal");
    expectParseError("nul", "short literal");
    expectParseError("-", "lone minus");
    expectParseError("1.2.3", "two dots");
    expectParseError("\"abc", "unterminated string");
}

TEST_CASE("json: bad escapes - lone surrogates and control characters are parse errors") {
    expectParseError(R"("\x41")", "unknown escape");
    expectParseError(R"("\u12")", "short \\u escape");
    expectParseError(R"("\uZZZZ")", "non-hex \\u escape");
    expectParseError(R"("\ud800")", "lone high surrogate");
    expectParseError(R"("\udc00")", "lone low surrogate");
    expectParseError(R"("\ud800\u0041")", "high surrogate followed by a non-surrogate");
    expectParseError("\"a\nb\"", "raw newline in a string");
    expectParseError(std::string("\"a") + '\x01' + "\"", "raw control character");
    expectParseError("\"abc\\", "escape at the end");
}

TEST_CASE("json: invalid UTF-8 inside strings is a parse error") {
    expectParseError("\"\xC3\x28\"", "bad continuation byte");
    expectParseError("\"\xC0\xAF\"", "overlong encoding");
    expectParseError("\"\xED\xA0\x80\"", "encoded surrogate");
    expectParseError("\"\xF4\x90\x80\x80\"", "beyond U+10FFFF");
    expectParseError("\"\xFF\"", "invalid byte");
    expectParseError("\"\xE2\x82\"", "truncated sequence");
}

TEST_CASE("json: nesting is bounded at 64 levels - and very deep input fails cleanly") {
    auto nested = [](int depth) { return std::string(static_cast<size_t>(depth), '[') + "1" + std::string(static_cast<size_t>(depth), ']'); };
    CHECK(Json::parse(nested(10)).type() == Json::Type::Array);
    CHECK(Json::parse(nested(64)).type() == Json::Type::Array);
    expectParseError(nested(100), "100 levels");
    expectParseError(std::string(100000, '['), "100000 open brackets");
    std::string objects;
    for (int i = 0; i < 1000; ++i) objects += "{\"a\":";
    expectParseError(objects + "1" + std::string(1000, '}'), "1000 nested objects");
}

TEST_CASE("json: input over 16 MiB is refused") {
    std::string big = "\"" + std::string((16u << 20), 'a') + "\"";
    auto e = errorOf([&] { (void)Json::parse(big); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(contains(e->what(), "16 MiB"));
}

TEST_CASE("json: dump escapes quotes - backslashes and control characters - and reads back") {
    CHECK(Json::string("a\"b\\c\nd\te\rf").dump() == R"("a\"b\\c\nd\te\rf")");
    CHECK(Json::string(std::string("x") + '\x01' + '\x1f').dump() == R"("x\u0001\u001f")");
    CHECK(Json::string("caf\xC3\xA9").dump() == "\"caf\xC3\xA9\"");  // UTF-8 stays as is
    std::string all;
    for (int c = 1; c < 0x20; ++c) all.push_back(static_cast<char>(c));
    all += "\"\\/ gewone tekst \xE2\x82\xAC";
    const std::string dumped = Json::string(all).dump();
    for (char c : dumped) CHECK(static_cast<unsigned char>(c) >= 0x20);
    CHECK(Json::parse(dumped).asString() == all);
    CHECK(Json::parse(jsonQuote("met \"quotes\"")).asString() == "met \"quotes\"");
}

TEST_CASE("json: numbers are written in their shortest form and read back exactly") {
    CHECK(Json::number(1).dump() == "1");
    CHECK(Json::number(1.5).dump() == "1.5");
    CHECK(Json::number(-4).dump() == "-4");
    CHECK(Json::number(0.1).dump() == "0.1");
    for (double d : {0.1, 1.0 / 3.0, 123456789.125, -2.5e-7, 1e300}) {
        CAPTURE(d);
        CHECK(Json::parse(Json::number(d).dump()).asNumber() == d);
    }
}

TEST_CASE("json: whole numbers of two digits or more are written without an exponent") {
    // Regression (fixed in bd74528): formatDouble (util/text.cpp) stopped at the first %.*g precision
    // that read back, so 10 became "1e+01" and 150 "1.5e+02" in stored responses and scores.csv.
    CHECK(Json::number(10).dump() == "10");
    CHECK(Json::number(-150).dump() == "-150");
    CHECK(Json::number(20).dump() == "20");
    CHECK(Json::number(1800).dump() == "1800");
}
