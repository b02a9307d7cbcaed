#include "util/xsd_regex.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "util/text.h"

namespace dlk {

namespace {

struct UnicodeRange {
    const char* name;  // a block's name without spaces (as \p{IsName} spells it), or a category
    uint32_t first;
    uint32_t last;
};

// kUnicodeBlocks and kUnicodeCategories, generated at configure time (gen_unicode_tables.py).
#include "unicode_tables.inc"

constexpr uint32_t kMaxCodePoint = 0x10FFFF;
const std::vector<std::pair<uint32_t, uint32_t>> kSpace = {{'\t', '\n'}, {'\r', '\r'}, {' ', ' '}};

using Range = std::pair<uint32_t, uint32_t>;
using RangeSet = std::vector<Range>;  // sorted, disjoint, not adjacent

RangeSet normalised(RangeSet r) {
    std::sort(r.begin(), r.end());
    RangeSet out;
    for (const auto& x : r) {
        if (!out.empty() && x.first <= out.back().second + 1)
            out.back().second = std::max(out.back().second, x.second);
        else
            out.push_back(x);
    }
    return out;
}

RangeSet unionOf(RangeSet a, const RangeSet& b) {
    a.insert(a.end(), b.begin(), b.end());
    return normalised(std::move(a));
}

RangeSet complement(const RangeSet& r) {
    RangeSet out;
    uint32_t next = 0;
    for (const auto& [a, b] : r) {
        if (a > next) out.push_back({next, a - 1});
        next = b + 1;
    }
    if (next <= kMaxCodePoint) out.push_back({next, kMaxCodePoint});
    return out;
}

RangeSet minus(const RangeSet& a, const RangeSet& b) {
    // a minus b = a intersect complement(b), both sorted: one merge pass.
    const RangeSet nb = complement(b);
    RangeSet out;
    size_t i = 0, j = 0;
    while (i < a.size() && j < nb.size()) {
        const uint32_t lo = std::max(a[i].first, nb[j].first);
        const uint32_t hi = std::min(a[i].second, nb[j].second);
        if (lo <= hi) out.push_back({lo, hi});
        (a[i].second < nb[j].second) ? ++i : ++j;
    }
    return out;
}

// A general category by XML Schema's name: two letters (Lu) or one (L, every L.).
RangeSet category(std::string_view name) {
    RangeSet r;
    for (const auto& c : kUnicodeCategories) {
        const std::string_view cat(c.name);
        if (cat == name || (name.size() == 1 && cat[0] == name[0])) r.push_back({c.first, c.last});
    }
    return normalised(std::move(r));
}

RangeSet categories(std::initializer_list<std::string_view> names, RangeSet extra = {}) {
    for (const auto n : names) extra = unionOf(std::move(extra), category(n));
    return normalised(std::move(extra));
}

// The general categories XML Schema names (F.1.1).
constexpr std::array<std::string_view, 37> kCategories = {
    "L",  "Lu", "Ll", "Lt", "Lm", "Lo", "M",  "Mn", "Mc", "Me", "N",  "Nd", "Nl", "No", "P",  "Pc", "Pd", "Ps", "Pe",
    "Pi", "Pf", "Po", "Z",  "Zs", "Zl", "Zp", "S",  "Sm", "Sc", "Sk", "So", "C",  "Cc", "Cf", "Co", "Cn", "Cs"};

// XML's name characters (\i starts a name, \c continues one), from XML 1.0's Letter, Digit,
// CombiningChar and Extender classes expressed as categories: close enough for answer patterns.
RangeSet nameStart() {
    return categories({"L", "Nl"}, {{'_', '_'}, {':', ':'}});
}
RangeSet nameChar() {
    return categories({"L", "Nl", "Nd", "Mn", "Mc", "Me", "Lm"},
                      {{0xB7, 0xB7}, {'.', '.'}, {'-', '-'}, {'_', '_'}, {':', ':'}});
}

std::string hexChar(uint32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\x{%X}", c);
    return buf;
}

// RE2 class text for a set. Surrogates are left out: they are not characters, and UTF-8 text
// cannot hold them. An empty set becomes a class that matches nothing.
std::string classOf(const RangeSet& set) {
    const RangeSet r = minus(set, {{0xD800, 0xDFFF}});
    if (r.empty()) return "[^\\x{0}-\\x{10FFFF}]";
    std::string s = "[";
    for (const auto& [a, b] : r) {
        s += hexChar(a);
        if (b != a) s += "-" + hexChar(b);
    }
    return s + "]";
}

class Translator {
public:
    explicit Translator(std::string_view pattern) {
        size_t i = 0;
        while (i < pattern.size()) {
            const auto b = static_cast<unsigned char>(pattern[i]);
            const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            uint32_t c = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
            for (int k = 1; k < len && i + k < pattern.size(); ++k)
                c = (c << 6) | (static_cast<unsigned char>(pattern[i + k]) & 0x3F);
            chars_.push_back(c);
            i += len;
        }
    }

    std::optional<std::string> run(std::string* why) {
        std::string out = regExp();
        if (error_.empty() && pos_ < chars_.size())
            fail(chars_[pos_] == ')' ? "')' without a matching '('" : "unexpected character");
        if (!error_.empty()) {
            if (why) *why = "position " + std::to_string(errorPos_ + 1) + ": " + error_;
            return std::nullopt;
        }
        return out;
    }

private:
    std::vector<uint32_t> chars_;
    size_t pos_ = 0;
    int depth_ = 0;
    std::string error_;
    size_t errorPos_ = 0;

    bool atEnd() const { return pos_ >= chars_.size(); }
    uint32_t peek(size_t ahead = 0) const { return pos_ + ahead < chars_.size() ? chars_[pos_ + ahead] : 0; }
    bool failed() const { return !error_.empty(); }
    void fail(const std::string& what) { failAt(pos_, what); }
    void failAt(size_t at, const std::string& what) {
        if (error_.empty()) {
            error_ = what;
            errorPos_ = std::min(at, chars_.size());
        }
    }

    // regExp ::= branch ( '|' branch )*
    std::string regExp() {
        std::string out = branch();
        while (!failed() && !atEnd() && peek() == '|') {
            ++pos_;
            out += "|" + branch();
        }
        return out;
    }

    // branch ::= piece*
    std::string branch() {
        std::string out;
        while (!failed() && !atEnd() && peek() != '|' && peek() != ')') out += piece();
        return out;
    }

    // piece ::= atom quantifier?
    std::string piece() {
        std::string out = atom();
        if (failed() || atEnd()) return out;
        const uint32_t q = peek();
        if (q == '?' || q == '*' || q == '+') {
            ++pos_;
            out += static_cast<char>(q);
        } else if (q == '{') {
            out += quantity();
        }
        if (!failed() && !atEnd() && (peek() == '?' || peek() == '*' || peek() == '+' || peek() == '{'))
            fail("a quantifier may not follow another (XML Schema has no lazy or possessive quantifiers)");
        return out;
    }

    int number() {
        int n = 0;
        size_t digits = 0;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            n = std::min(n * 10 + static_cast<int>(peek() - '0'), 1'000'000);
            ++pos_;
            ++digits;
        }
        return digits ? n : -1;
    }

    std::string quantity() {
        ++pos_;  // '{'
        const int min = number();
        if (min < 0) {
            fail("'{' must start a quantifier such as {2} or {1,3}");
            return {};
        }
        int max = min;
        bool open = false;
        if (peek() == ',') {
            ++pos_;
            max = number();
            open = max < 0;
        }
        if (atEnd() || peek() != '}') {
            fail("unterminated quantifier: expected '}'");
            return {};
        }
        ++pos_;
        if (min > kMaxXsdRepeat || max > kMaxXsdRepeat) {
            fail("a quantifier may repeat at most " + std::to_string(kMaxXsdRepeat) + " times");
            return {};
        }
        if (!open && max < min) {
            fail("quantifier {" + std::to_string(min) + "," + std::to_string(max) +
                 "} has its maximum below its minimum");
            return {};
        }
        if (open) return "{" + std::to_string(min) + ",}";
        if (max == min) return "{" + std::to_string(min) + "}";
        return "{" + std::to_string(min) + "," + std::to_string(max) + "}";
    }

    // atom ::= Char | charClass | '(' regExp ')'
    std::string atom() {
        const uint32_t c = peek();
        switch (c) {
            case '(': {
                if (++depth_ > 100) {
                    fail("groups nested more than 100 deep");
                    return {};
                }
                ++pos_;
                if (peek() == '?') {
                    fail("'(?' groups are not XML Schema syntax");
                    return {};
                }
                std::string inner = regExp();
                if (failed()) return {};
                if (atEnd() || peek() != ')') {
                    fail("'(' without a matching ')'");
                    return {};
                }
                ++pos_;
                --depth_;
                return "(?:" + inner + ")";
            }
            case '[': {
                ++pos_;
                const RangeSet cls = classExpr();
                return failed() ? std::string() : classOf(cls);
            }
            case '.':
                ++pos_;
                return "[^\\n\\r]";
            case '\\': {
                ++pos_;
                const RangeSet set = escape();
                return failed() ? std::string() : classOf(set);
            }
            case '?':
            case '*':
            case '+':
            case '{':
                fail(std::string("'") + static_cast<char>(c) + "' has nothing to repeat");
                return {};
            case '}':
            case ']':
                fail(std::string("'") + static_cast<char>(c) + "' must be escaped as '\\" + static_cast<char>(c) + "'");
                return {};
            default: {
                ++pos_;
                std::string utf8;
                appendUtf8(utf8, c);
                return RE2::QuoteMeta(utf8);
            }
        }
    }

    // After a backslash. SingleCharEsc, MultiCharEsc, catEsc and complEsc.
    RangeSet escape() {
        if (atEnd()) {
            fail("pattern ends with a lone '\\'");
            return {};
        }
        const uint32_t c = chars_[pos_++];
        switch (c) {
            case 'n':
                return {{'\n', '\n'}};
            case 'r':
                return {{'\r', '\r'}};
            case 't':
                return {{'\t', '\t'}};
            case '\\':
            case '|':
            case '.':
            case '?':
            case '*':
            case '+':
            case '(':
            case ')':
            case '{':
            case '}':
            case '-':
            case '[':
            case ']':
            case '^':
                return {{c, c}};
            case 's':
                return kSpace;
            case 'S':
                return complement(kSpace);
            case 'd':
                return category("Nd");
            case 'D':
                return complement(category("Nd"));
            case 'w':
                return complement(categories({"P", "Z", "C"}));
            case 'W':
                return categories({"P", "Z", "C"});
            case 'i':
                return nameStart();
            case 'I':
                return complement(nameStart());
            case 'c':
                return nameChar();
            case 'C':
                return complement(nameChar());
            case 'p':
            case 'P':
                return property(c == 'P');
            default:
                break;
        }
        --pos_;
        fail("unknown escape '\\" + std::string(1, c < 0x80 ? static_cast<char>(c) : '?') +
             "' (back references and Perl escapes are not XML Schema syntax)");
        return {};
    }

    // \p{Name} or \P{Name}: a general category or IsBlock.
    RangeSet property(bool negated) {
        if (peek() != '{') {
            fail("\\p and \\P need a name in braces, such as \\p{L}");
            return {};
        }
        ++pos_;
        std::string name;
        while (!atEnd() && peek() != '}' && name.size() < 64) {
            const uint32_t c = chars_[pos_++];
            if (c >= 0x80) {
                fail("unknown character property");
                return {};
            }
            name += static_cast<char>(c);
        }
        if (atEnd() || peek() != '}') {
            fail("unterminated \\p{...}");
            return {};
        }
        ++pos_;
        if (std::find(kCategories.begin(), kCategories.end(), name) != kCategories.end()) {
            const RangeSet r = category(name);
            return negated ? complement(r) : r;
        }
        if (name.size() > 2 && name.compare(0, 2, "Is") == 0) {
            std::string block = name.substr(2);
            // XML Schema 1.0 named blocks as Unicode 3.1 did; three have been renamed since.
            if (block == "Greek") block = "GreekandCoptic";
            if (block == "CombiningMarksforSymbols") block = "CombiningDiacriticalMarksforSymbols";
            if (block == "PrivateUse") block = "PrivateUseArea";
            for (const auto& b : kUnicodeBlocks) {
                if (block == b.name) {
                    const RangeSet r{{b.first, b.last}};
                    return negated ? complement(r) : r;
                }
            }
            fail("unknown Unicode block '" + block + "'");
            return {};
        }
        fail("unknown character property '" + name + "'");
        return {};
    }

    // After '['. charGroup ']' where charGroup ::= ('^')? posCharGroup ('-' charClassExpr)?
    RangeSet classExpr() {
        if (++depth_ > 100) {
            fail("character classes nested more than 100 deep");
            return {};
        }
        bool negated = false;
        if (peek() == '^') {
            negated = true;
            ++pos_;
        }
        RangeSet items;
        bool any = false;
        std::optional<RangeSet> subtracted;
        while (!failed()) {
            if (atEnd()) {
                fail("'[' without a matching ']'");
                return {};
            }
            const uint32_t c = peek();
            if (c == ']') {
                if (!any) {
                    fail("empty character class");
                    return {};
                }
                ++pos_;
                break;
            }
            if (c == '-' && peek(1) == '[') {  // subtraction: must be the last thing in the group
                if (!any) {
                    fail("character class subtraction needs something to subtract from");
                    return {};
                }
                pos_ += 2;
                subtracted = classExpr();
                if (failed()) return {};
                if (peek() != ']') {
                    fail("a subtracted class must end its character class");
                    return {};
                }
                ++pos_;
                break;
            }
            if (c == '[') {
                fail("'[' inside a character class must be escaped as '\\['");
                return {};
            }
            // One character (literal or single-character escape) that may start a range, or an
            // escape that stands for a set.
            const size_t rangeStart = pos_;
            uint32_t first;
            if (c == '\\') {
                ++pos_;
                const bool single = isSingleCharEscape(peek());
                RangeSet set = escape();
                if (failed()) return {};
                if (!single) {
                    items = unionOf(std::move(items), set);
                    any = true;
                    continue;
                }
                first = set[0].first;
            } else {
                if (c == '-' && any && peek(1) != ']') {
                    fail("'-' inside a character class must be escaped, or come first or last");
                    return {};
                }
                first = c;
                ++pos_;
            }
            uint32_t last = first;
            if (peek() == '-' && pos_ + 1 < chars_.size() && peek(1) != ']' && peek(1) != '[') {
                ++pos_;  // a range first-last
                if (peek() == '\\') {
                    ++pos_;
                    if (!isSingleCharEscape(peek())) {
                        fail("a range must end in a single character");
                        return {};
                    }
                    last = escape()[0].first;
                } else {
                    last = chars_[pos_++];
                }
                if (last < first) {
                    failAt(rangeStart, "range's end comes before its start");
                    return {};
                }
            }
            items = unionOf(std::move(items), {{first, last}});
            any = true;
        }
        --depth_;
        if (failed()) return {};
        if (negated) items = complement(items);
        if (subtracted) items = minus(items, *subtracted);
        return items;
    }

    // SingleCharEsc: an escape that stands for one character.
    static bool isSingleCharEscape(uint32_t c) {
        static constexpr std::string_view kSingle = "nrt\\|.?*+(){}-[]^";
        return c < 0x80 && kSingle.find(static_cast<char>(c)) != std::string_view::npos;
    }
};

}  // namespace

std::optional<std::string> translateXsdRegex(std::string_view pattern, std::string* why) {
    if (pattern.size() > kMaxXsdPatternBytes) {
        if (why) *why = "pattern longer than " + std::to_string(kMaxXsdPatternBytes) + " bytes";
        return std::nullopt;
    }
    if (!isValidUtf8(pattern)) {
        if (why) *why = "pattern is not valid UTF-8";
        return std::nullopt;
    }
    return Translator(pattern).run(why);
}

std::optional<XsdPattern> XsdPattern::compile(std::string_view pattern, std::string* why) {
    const auto translated = translateXsdRegex(pattern, why);
    if (!translated) return std::nullopt;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kMaxXsdProgramBytes);
    auto re = std::make_shared<const RE2>(*translated, options);
    if (!re->ok()) {
        if (why)
            *why = re->error_code() == RE2::ErrorPatternTooLarge || re->error_code() == RE2::ErrorRepeatSize
                       ? "pattern too large to match safely (" + re->error() + ")"
                       : "pattern refused: " + re->error();
        return std::nullopt;
    }
    XsdPattern p;
    p.re_ = std::move(re);
    return p;
}

std::shared_ptr<const XsdPattern> XsdPattern::cached(std::string_view pattern, std::string* why) {
    // Bounded: a hostile bank with thousands of patterns cannot grow it without end. Refusals are
    // cached too (as null with their reason) so that a bad pattern is not translated again per answer.
    struct Entry {
        std::shared_ptr<const XsdPattern> pattern;
        std::string why;
    };
    constexpr size_t kMaxCached = 256;
    static std::mutex mutex;
    static std::unordered_map<std::string, Entry> cache;
    const std::string key(pattern);
    {
        const std::lock_guard lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) {
            if (why) *why = it->second.why;
            return it->second.pattern;
        }
    }
    std::string reason;
    auto compiled = compile(pattern, &reason);
    Entry e{compiled ? std::make_shared<const XsdPattern>(std::move(*compiled)) : nullptr, reason};
    if (why) *why = reason;
    const std::lock_guard lock(mutex);
    if (cache.size() >= kMaxCached) cache.clear();
    return cache.emplace(key, std::move(e)).first->second.pattern;
}

bool XsdPattern::matches(std::string_view text) const {
    if (text.size() > kMaxXsdMatchedBytes || !isValidUtf8(text)) return false;
    return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

}  // namespace dlk
