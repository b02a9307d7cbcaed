// XML Schema regular expressions on RE2 (util/xsd_regex.h). Expected values follow the rules of
// XML Schema Part 2, appendix F (regular expressions), not what any engine happens to do.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "util/xsd_regex.h"

using namespace dlk;

namespace {

bool matches(const std::string& pattern, const std::string& text) {
    std::string why;
    const auto p = XsdPattern::compile(pattern, &why);
    INFO("pattern " << pattern << ": " << why);
    REQUIRE(p);
    return p->matches(text);
}

std::string refusal(const std::string& pattern) {
    std::string why;
    const auto p = XsdPattern::compile(pattern, &why);
    return p ? std::string("(accepted)") : why;
}

}  // namespace

TEST_CASE("xsd regex: a pattern matches the whole text and ^ and $ are ordinary characters") {
    CHECK(matches("abc", "abc"));
    CHECK_FALSE(matches("abc", "xabc"));
    CHECK_FALSE(matches("abc", "abcx"));
    CHECK(matches("a|bc", "bc"));
    CHECK_FALSE(matches("a|bc", "abc"));
    CHECK(matches("^a$", "^a$"));
    CHECK_FALSE(matches("^a$", "a"));
    CHECK(matches("", ""));
    CHECK_FALSE(matches("", "a"));
    CHECK(matches("a|", ""));  // an empty branch matches the empty text
}

TEST_CASE("xsd regex: the dot is any character but a line end and counts characters not bytes") {
    CHECK(matches("a.c", "abc"));
    CHECK(matches("a.c", "a c"));
    CHECK_FALSE(matches("a.c", "a\nc"));
    CHECK_FALSE(matches("a.c", "a\rc"));
    CHECK(matches(".{3}", "ëéè"));  // three characters, six bytes
    CHECK_FALSE(matches(".{6}", "ëéè"));
}

TEST_CASE("xsd regex: single character escapes stand for themselves") {
    CHECK(matches("\\.\\*\\+\\?\\(\\)\\{\\}\\[\\]\\|\\\\\\-\\^", ".*+?(){}[]|\\-^"));
    CHECK(matches("a\\tb\\nc\\rd", "a\tb\nc\rd"));
    CHECK_FALSE(matches("\\.", "x"));
}

TEST_CASE("xsd regex: multi-character escapes follow XML Schema's definitions") {
    // \d is any Unicode decimal digit, not only 0-9.
    CHECK(matches("\\d+", "0123"));
    CHECK(matches("\\d", "\xd9\xa3"));  // U+0663 ARABIC-INDIC DIGIT THREE
    CHECK_FALSE(matches("\\d", "a"));
    CHECK(matches("\\D", "a"));
    CHECK_FALSE(matches("\\D", "7"));
    // \s is exactly space, tab, line feed and carriage return.
    CHECK(matches("\\s{4}", " \t\n\r"));
    CHECK_FALSE(matches("\\s", "\xc2\xa0"));  // no-break space is not \s
    CHECK(matches("\\S", "\xc2\xa0"));
    // \w is everything but punctuation, separators and other (\p{P}, \p{Z}, \p{C}).
    CHECK(matches("\\w+", "zeeën3"));
    CHECK_FALSE(matches("\\w", "!"));
    CHECK_FALSE(matches("\\w", " "));
    CHECK(matches("\\W", "!"));
    // \i starts an XML name, \c continues one.
    CHECK(matches("\\i\\c*", "_naam-1.2"));
    CHECK(matches("\\i\\c*", "ë:x"));
    CHECK_FALSE(matches("\\i\\c*", "1naam"));
    CHECK(matches("\\I", "1"));
    CHECK(matches("\\C", " "));
    CHECK_FALSE(matches("\\C", "a"));
}

TEST_CASE("xsd regex: categories and blocks") {
    CHECK(matches("\\p{Lu}", "\xc3\x89"));        // É
    CHECK_FALSE(matches("\\p{Lu}", "\xc3\xa9"));  // é
    CHECK(matches("\\P{Lu}", "\xc3\xa9"));
    CHECK(matches("\\p{L}+", "abcÉé"));
    CHECK(matches("\\p{Sc}", "€"));
    CHECK(matches("\\p{Nd}", "5"));
    CHECK(matches("\\p{Cn}", "\xcd\xb8"));  // U+0378 is unassigned
    CHECK_FALSE(matches("\\p{Cn}", "a"));
    CHECK(matches("\\P{Cn}", "a"));
    CHECK(matches("\\p{IsBasicLatin}+", "abc"));
    CHECK_FALSE(matches("\\p{IsBasicLatin}", "\xc3\xa9"));
    CHECK(matches("\\P{IsBasicLatin}", "\xc3\xa9"));
    CHECK(matches("\\p{IsLatin-1Supplement}", "\xc3\xa9"));
    CHECK(matches("\\p{IsGreek}", "\xce\xb1"));  // XML Schema 1.0's name for Greek and Coptic
    CHECK(matches("\\p{IsGreekandCoptic}", "\xce\xb1"));
    CHECK(refusal("\\p{Xx}").find("unknown character property 'Xx'") != std::string::npos);
    CHECK(refusal("\\p{IsNoSuchBlock}").find("unknown Unicode block 'NoSuchBlock'") != std::string::npos);
}

TEST_CASE("xsd regex: character classes with ranges negation and subtraction") {
    CHECK(matches("[a-c]+", "abcba"));
    CHECK_FALSE(matches("[a-c]", "d"));
    CHECK(matches("[^abc]", "d"));
    CHECK_FALSE(matches("[^abc]", "a"));
    CHECK_FALSE(matches("[^\\d]", "4"));
    CHECK(matches("[-a]+", "-a"));
    CHECK(matches("[a-]+", "a-"));
    CHECK(matches("[\\-x]", "-"));
    CHECK(matches("[\\d\\s]+", "1 2"));
    CHECK(matches("[\\w.]+", "naam.nl"));  // \w inside a class: RE2 cannot say it there, we can
    CHECK_FALSE(matches("[\\w.]", "!"));
    // Subtraction: consonants are letters a-z minus the vowels.
    CHECK(matches("[a-z-[aeiou]]+", "bcdfg"));
    CHECK_FALSE(matches("[a-z-[aeiou]]+", "bad"));
    CHECK(matches("[\\p{L}-[a-z]]", "B"));
    CHECK(matches("[\\p{L}-[a-z]]", "\xc3\xa9"));
    CHECK_FALSE(matches("[\\p{L}-[a-z]]", "b"));
    CHECK_FALSE(matches("[\\p{L}-[a-z]]", "1"));
    // Nested: a-z minus (d-f minus e) keeps e.
    CHECK(matches("[a-z-[d-f-[e]]]", "e"));
    CHECK_FALSE(matches("[a-z-[d-f-[e]]]", "d"));
    CHECK(matches("[^a-z-[x]]", "1"));
    CHECK_FALSE(matches("[^a-z-[x]]", "x"));
    // Subtracting everything leaves a class that matches nothing.
    CHECK_FALSE(matches("[a-[a]]", "a"));
}

TEST_CASE("xsd regex: quantifiers") {
    CHECK(matches("a?", ""));
    CHECK(matches("a*", "aaaa"));
    CHECK_FALSE(matches("a+", ""));
    CHECK(matches("a{2,3}", "aa"));
    CHECK(matches("a{2,3}", "aaa"));
    CHECK_FALSE(matches("a{2,3}", "a"));
    CHECK_FALSE(matches("a{2,3}", "aaaa"));
    CHECK(matches("a{2,}", "aaaaaaa"));
    CHECK(matches("a{0}", ""));
    CHECK(matches("(ab){2}", "abab"));
    CHECK(matches("[0-9]{4} ?[A-Z]{2}", "1234 AB"));  // a Dutch postcode
}

TEST_CASE("xsd regex: what XML Schema does not allow is refused with its position") {
    CHECK(refusal("(a") == "position 3: '(' without a matching ')'");
    CHECK(refusal("a)") == "position 2: ')' without a matching '('");
    CHECK(refusal("[a") == "position 3: '[' without a matching ']'");
    CHECK(refusal("[]") == "position 2: empty character class");
    CHECK(refusal("*a") == "position 1: '*' has nothing to repeat");
    CHECK(refusal("a**").find("a quantifier may not follow another") != std::string::npos);
    CHECK(refusal("a+?").find("no lazy") != std::string::npos);
    CHECK(refusal("a{3,2}").find("maximum below its minimum") != std::string::npos);
    CHECK(refusal("a{1001}").find("at most 1000") != std::string::npos);
    CHECK(refusal("a{").find("'{' must start a quantifier") != std::string::npos);
    CHECK(refusal("a{2").find("unterminated quantifier") != std::string::npos);
    CHECK(refusal("a}").find("must be escaped") != std::string::npos);
    CHECK(refusal("(?:a)").find("'(?' groups are not XML Schema syntax") != std::string::npos);
    CHECK(refusal("(a)\\1").find("unknown escape '\\1'") != std::string::npos);
    CHECK(refusal("\\k").find("unknown escape") != std::string::npos);
    CHECK(refusal("[z-a]") == "position 2: range's end comes before its start");
    CHECK(refusal("[a-c-e]").find("'-' inside a character class") != std::string::npos);
    CHECK(refusal("[a[b]]").find("'[' inside a character class must be escaped") != std::string::npos);
    CHECK(refusal("[a-[b]x]").find("must end its character class") != std::string::npos);
    CHECK(refusal("a\\").find("lone '\\'") != std::string::npos);
    CHECK(refusal(std::string(kMaxXsdPatternBytes + 1, 'a')).find("longer than 512 bytes") != std::string::npos);
    CHECK(refusal("\xff").find("not valid UTF-8") != std::string::npos);
    std::string deep;
    for (int i = 0; i < 150; ++i) deep += "(";
    CHECK(refusal(deep).find("nested more than 100 deep") != std::string::npos);
    // Each repeat stays within RE2's bound, but nested they would need a huge program.
    CHECK(refusal("((a{1000}){1000}){1000}").find("pattern too large to match safely") == 0);
    CHECK(refusal("(\\p{L}{1000}){20}").find("pattern too large to match safely") == 0);
}

TEST_CASE("xsd regex: a pattern that makes a backtracking engine take exponential time is fast") {
    // std::regex took 23 s for (a+)+b against 30 letters a, doubling with every letter more.
    std::string why;
    const auto p = XsdPattern::compile("(a+)+b", &why);
    REQUIRE(p);
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(p->matches(std::string(30, 'a')));
    CHECK_FALSE(p->matches(std::string(10000, 'a')));
    CHECK(p->matches(std::string(10000, 'a') + "b"));
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 500);
}

TEST_CASE("xsd regex: text that is too long or not UTF-8 never matches") {
    std::string why;
    const auto p = XsdPattern::compile(".*", &why);
    REQUIRE(p);
    CHECK(p->matches("x"));
    CHECK(p->matches(std::string(kMaxXsdMatchedBytes, 'x')));
    CHECK_FALSE(p->matches(std::string(kMaxXsdMatchedBytes + 1, 'x')));
    CHECK_FALSE(p->matches("a\xff"));
}

TEST_CASE("xsd regex: compiled patterns and refusals are cached") {
    std::string why;
    const auto a = XsdPattern::cached("[0-9]+", &why);
    const auto b = XsdPattern::cached("[0-9]+", &why);
    REQUIRE(a);
    CHECK(a.get() == b.get());
    CHECK(a->matches("42"));
    const auto bad = XsdPattern::cached("(", &why);
    CHECK_FALSE(bad);
    CHECK(why == "position 2: '(' without a matching ')'");
    std::string again;
    CHECK_FALSE(XsdPattern::cached("(", &again));
    CHECK(again == why);
}

TEST_CASE("xsd regex: the translation to RE2 is readable") {
    std::string why;
    CHECK(translateXsdRegex("a.b", &why) == std::optional<std::string>("a[^\\n\\r]b"));
    CHECK(translateXsdRegex("(x|y)+", &why) == std::optional<std::string>("(?:x|y)+"));
    CHECK(translateXsdRegex("^$", &why) == std::optional<std::string>("\\^\\$"));
    CHECK(translateXsdRegex("[a-c]", &why) == std::optional<std::string>("[\\x{61}-\\x{63}]"));
}
