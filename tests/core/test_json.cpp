// JSON through nlohmann-json: the bounded parser for untrusted text (parseJson) and the writer
// used for stored responses, the export and the CLI (dumpJson).
#include <doctest/doctest.h>

#include <string>

#include "core_test_helpers.h"
#include "util/json.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {
// parseJson refuses `text` with a Parse error that names what was read and the offset given.
void expectParseError(const std::string& text, size_t offset, const char* why) {
    CAPTURE(text.substr(0, 80));
    CAPTURE(why);
    auto e = errorOf([&] { (void)parseJson(text, "the answer"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    const std::string start = "the answer: invalid JSON at offset " + std::to_string(offset) + ": ";
    CHECK(std::string(e->what()).substr(0, start.size()) == start);
}

std::string nestedArrays(int depth, const std::string& inner) {
    return std::string(static_cast<size_t>(depth), '[') + inner + std::string(static_cast<size_t>(depth), ']');
}
}  // namespace

TEST_CASE("json: parses every kind of value and keeps object member order") {
    const Json j = parseJson(R"( { "b" : 1, "a" : [true, false, null, "x", -1.5e-2], "c": {} , "d": [] } )", "t");
    REQUIRE(j.is_object());
    REQUIRE(j.size() == 4);
    CHECK(j.begin().key() == "b");
    CHECK(std::next(j.begin()).key() == "a");
    CHECK(j["b"] == 1);
    const Json& a = j["a"];
    REQUIRE(a.size() == 5);
    CHECK(a[0].is_boolean());
    CHECK(a[0].get<bool>());
    CHECK_FALSE(a[1].get<bool>());
    CHECK(a[2].is_null());
    CHECK(a[3].get<std::string>() == "x");
    CHECK(a[4].get<double>() == -0.015);
    CHECK(j["c"].is_object());
    CHECK(j["d"].empty());
    CHECK(j.find("missing") == j.end());
    CHECK(dumpJson(j) == R"({"b":1,"a":[true,false,null,"x",-0.015],"c":{},"d":[]})");
    CHECK(parseJson("-1.5e2", "t").get<double>() == -150);
}

TEST_CASE("json: setting a member replaces it in place - and a duplicate key in the input keeps the last value once") {
    Json o = Json::object();
    o["RESPONSE"] = "A";
    o["OTHER"] = 2;
    o["RESPONSE"] = "B";
    CHECK(o.size() == 2);
    CHECK(dumpJson(o) == R"({"RESPONSE":"B","OTHER":2})");
    CHECK(dumpJson(parseJson(R"({"k":1,"a":3,"k":2})", "t")) == R"({"k":2,"a":3})");
}

TEST_CASE("json: escapes are decoded - including surrogate pairs") {
    CHECK(parseJson(R"("a\"b\\c\/d\n\t\r\b\f")", "t") == "a\"b\\c/d\n\t\r\b\f");
    CHECK(parseJson(R"("\u00e9")", "t") == "\xC3\xA9");
    CHECK(parseJson(R"("\u20AC")", "t") == "\xE2\x82\xAC");
    CHECK(parseJson(R"("\ud83d\ude00")", "t") == "\xF0\x9F\x98\x80");
    CHECK(parseJson("\"caf\xC3\xA9\"", "t") == "caf\xC3\xA9");  // raw UTF-8 passes
}

TEST_CASE("json: trailing text and incomplete input are parse errors at the offset where reading stopped") {
    expectParseError("1 2", 2, "two values");
    expectParseError("{} x", 3, "text after the object");
    expectParseError("[1] ]", 4, "extra bracket");
    expectParseError("", 0, "empty");
    expectParseError("   ", 3, "only whitespace");
    expectParseError("[1,", 3, "unterminated array");
    expectParseError("[1,]", 3, "trailing comma in an array");
    expectParseError(R"({"a":1,})", 7, "trailing comma in an object");
    expectParseError(R"({"a" 1})", 5, "missing colon");
    expectParseError(R"({a:1})", 1, "unquoted key");
    expectParseError("tru", 3, "short literal");
    expectParseError("nul", 3, "short literal");
    expectParseError("-", 1, "lone minus");
    expectParseError("1.2.3", 3, "two dots");
    expectParseError("\"abc", 4, "unterminated string");
    // Stricter than the old reader: numbers are RFC 8259 numbers.
    expectParseError("+1", 0, "plus sign");
    expectParseError(".5", 0, "no digit before the point");
    expectParseError("[01]", 2, "leading zero");
}

TEST_CASE("json: the message says what is wrong without repeating the input") {
    auto e = errorOf([] { (void)parseJson("[\"" + std::string(1000, 'x') + "\xFF\"]", "stored response RESPONSE"); });
    REQUIRE(e);
    CHECK(std::string(e->what()) ==
          "stored response RESPONSE: invalid JSON at offset 1002: syntax error while parsing value - invalid string: "
          "ill-formed UTF-8 byte");
    e = errorOf([] { (void)parseJson(R"({"a" 1})", "--response"); });
    REQUIRE(e);
    CHECK(std::string(e->what()) ==
          "--response: invalid JSON at offset 5: syntax error while parsing object separator - unexpected number "
          "literal; expected ':'");
}

TEST_CASE("json: bad escapes - lone surrogates and control characters are parse errors") {
    expectParseError(R"("\x41")", 2, "unknown escape");
    expectParseError(R"("\u12")", 5, "short \\u escape");
    expectParseError(R"("\uZZZZ")", 3, "non-hex \\u escape");
    expectParseError(R"("\ud800")", 7, "lone high surrogate");
    expectParseError(R"("\udc00")", 6, "lone low surrogate");
    expectParseError(R"("\ud800\u0041")", 12, "high surrogate followed by a non-surrogate");
    expectParseError("\"a\nb\"", 2, "raw newline in a string");
    expectParseError(std::string("\"a") + '\x01' + "\"", 2, "raw control character");
    expectParseError("\"abc\\", 5, "escape at the end");
}

TEST_CASE("json: invalid UTF-8 inside strings is a parse error") {
    expectParseError("\"\xC3\x28\"", 2, "bad continuation byte");
    expectParseError("\"\xC0\xAF\"", 1, "overlong encoding");
    expectParseError("\"\xED\xA0\x80\"", 2, "encoded surrogate");
    expectParseError("\"\xF4\x90\x80\x80\"", 2, "beyond U+10FFFF");
    expectParseError("\"\xFF\"", 1, "invalid byte");
    expectParseError("\"\xE2\x82\"", 3, "truncated sequence");
}

TEST_CASE("json: a number beyond the range of a double is a parse error") {
    expectParseError("1e400", 4, "overflow");
    expectParseError("[0, -1e400]", 10, "negative overflow in an array");
}

TEST_CASE("json: a value may be nested 64 deep - deeper input fails cleanly at the first value too deep") {
    // Depth as before: the top-level value is at depth 0, a value inside 64 arrays at depth 64.
    CHECK(parseJson(nestedArrays(10, "1"), "t").is_array());
    CHECK(parseJson(nestedArrays(64, "1"), "t").is_array());
    CHECK(parseJson(nestedArrays(65, ""), "t").is_array());  // the 65th array is empty: nothing at depth 65
    std::string objects;
    for (int i = 0; i < 64; ++i) objects += "{\"a\":";
    CHECK(parseJson(objects + "1" + std::string(64, '}'), "t").is_object());
    CHECK(dumpJson(parseJson(nestedArrays(64, "1"), "t")) == nestedArrays(64, "1"));

    for (const auto& [text, offset] : std::initializer_list<std::pair<std::string, size_t>>{
             {nestedArrays(65, "1"), 66},      // the 1 at depth 65, seen at the ']' after it
             {nestedArrays(65, "\"x\""), 67},  // a string is seen at its closing quote
             {nestedArrays(100, "1"), 65},     // the 66th '['
             {std::string(100000, '['), 65},
             {objects + "{\"a\":{\"a\":1}}" + std::string(64, '}'), 325},  // the 66th '{'
         }) {
        CAPTURE(text.substr(0, 80));
        auto e = errorOf([&] { (void)parseJson(text, "the answer"); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Parse);
        CHECK(std::string(e->what()) ==
              "the answer: invalid JSON at offset " + std::to_string(offset) + ": nested deeper than 64 levels");
    }
}

TEST_CASE("json: input over 16 MiB is refused before it is parsed") {
    CHECK(kJsonMaxBytes == 16u << 20);
    CHECK(kJsonMaxDepth == 64);
    const std::string big = "\"" + std::string(kJsonMaxBytes - 1, 'a') + "\"";
    auto e = errorOf([&] { (void)parseJson(big, "session-design.json"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(std::string(e->what()) == "session-design.json: JSON of 16777217 bytes is larger than the limit of 16 MiB");
    // Exactly the limit is read.
    const std::string_view atLimit = std::string_view(big).substr(0, kJsonMaxBytes - 1);
    CHECK(parseJson(std::string(atLimit) + "\"", "t").get_ref<const std::string&>().size() == kJsonMaxBytes - 2);
}

TEST_CASE("json: a UTF-8 byte order mark before the value is skipped") {
    CHECK(parseJson("\xEF\xBB\xBF{\"a\":1}", "t") == Json{{"a", 1}});
    expectParseError("\xEF\xBB", 2, "half a byte order mark");
}

TEST_CASE("json: dump escapes quotes - backslashes and control characters - and reads back") {
    CHECK(dumpJson("a\"b\\c\nd\te\rf/") == R"("a\"b\\c\nd\te\rf/")");
    CHECK(dumpJson(std::string("x") + '\x01' + '\x1f' + '\b' + '\f') == R"("x\u0001\u001f\b\f")");
    CHECK(dumpJson("caf\xC3\xA9") == "\"caf\xC3\xA9\"");  // UTF-8 stays as is
    std::string all;
    for (int c = 1; c < 0x20; ++c) all.push_back(static_cast<char>(c));
    all += "\"\\/ gewone tekst \xE2\x82\xAC";
    const std::string dumped = dumpJson(all);
    for (char c : dumped) CHECK(static_cast<unsigned char>(c) >= 0x20);
    CHECK(parseJson(dumped, "t") == all);
}

TEST_CASE("json: dump writes bytes that are not UTF-8 as U+FFFD - so what is stored always reads back") {
    // nlohmann's own dump() throws on them; text typed by a pupil or read from a file must not stop a save.
    CHECK_THROWS_AS((void)Json("caf\xC3").dump(), Json::type_error);
    CHECK(dumpJson("caf\xC3") == "\"caf\xEF\xBF\xBD\"");
    CHECK(dumpJson(Json::array({"a\xFF"
                                "b",
                                "\xC0\xAF", "ok"})) ==
          "[\"a\xEF\xBF\xBD"
          "b\",\"\xEF\xBF\xBD\xEF\xBF\xBD\",\"ok\"]");
    CHECK(parseJson(dumpJson("a\xFF"
                             "b"),
                    "t") ==
          "a\xEF\xBF\xBD"
          "b");
}

TEST_CASE("json: numbers are written in their shortest form and read back exactly") {
    CHECK(dumpJson(1) == "1");
    CHECK(dumpJson(-4) == "-4");
    CHECK(dumpJson(1.5) == "1.5");
    CHECK(dumpJson(0.1) == "0.1");
    CHECK(dumpJson(2.0) == "2.0");  // a double keeps its fraction (`dlkiosk score` prints float outcomes so)
    for (double d : {0.1, 1.0 / 3.0, 123456789.125, -2.5e-7, 1e300, 2.0}) {
        CAPTURE(d);
        CHECK(parseJson(dumpJson(d), "t").get<double>() == d);
    }
}
