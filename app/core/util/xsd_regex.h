#pragma once
// XML Schema regular expressions (the language of QTI's patternMatch and patternMask) on a
// linear-time engine. std::regex backtracks: `(a+)+b` against 30 letters a took 23 s, and a stored
// answer would hang every later scoring of it. dlkiosk translates the XML Schema syntax into RE2's
// and lets RE2 (automata, no backtracking) match, so matching time grows with the text, never
// exponentially. What the translation keeps of XML Schema:
// - a pattern matches the whole string (implicit anchors); ^ and $ are ordinary characters;
// - . is any character but a line feed or carriage return;
// - \d \s \w \i \c and their capitals, \p{Category} and \P{Category}, \p{IsBlock} (Unicode blocks);
// - character classes with ranges, negation and subtraction ([a-z-[aeiou]]);
// - quantifiers ? * + {n} {n,} {n,m}, at most kMaxXsdRepeat (RE2's own bound).
// Everything else XML Schema forbids (back references, lazy quantifiers, (?...) groups, an
// unescaped { or [ where it does not belong) is refused with a reason, as is a pattern RE2 would
// need more than kMaxXsdProgramBytes to hold.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace dlk {

constexpr size_t kMaxXsdPatternBytes = 512;        // an item's pattern; longer is refused
constexpr int kMaxXsdRepeat = 1000;                // {n,m} bounds, as RE2 allows
constexpr int64_t kMaxXsdProgramBytes = 2 << 20;   // RE2's memory for one compiled pattern
constexpr size_t kMaxXsdMatchedBytes = 64 * 1024;  // longer answers never match

// The RE2 syntax for an XML Schema pattern, or nullopt with *why set ("position 4: ...").
std::optional<std::string> translateXsdRegex(std::string_view pattern, std::string* why);

class XsdPattern {
public:
    // Compiles a pattern; nullopt with *why set when XML Schema or RE2 refuses it.
    static std::optional<XsdPattern> compile(std::string_view pattern, std::string* why);
    // Compiled once per distinct pattern and kept (a bounded cache): scoring a class evaluates the
    // same few patterns thousands of times. Safe to call from several threads.
    static std::shared_ptr<const XsdPattern> cached(std::string_view pattern, std::string* why);

    // Whether the whole text matches. Text that is not valid UTF-8 or longer than
    // kMaxXsdMatchedBytes never matches.
    bool matches(std::string_view text) const;

private:
    std::shared_ptr<const re2::RE2> re_;
};

}  // namespace dlk
