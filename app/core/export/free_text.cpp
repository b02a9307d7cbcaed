#include "export/free_text.h"

#include "security/pseudonym.h"
#include "sim/environment.h"
#include "util/json.h"

namespace dlk {

bool holdsFreeText(const Item& item) {
    for (const ResponseDeclaration& d : item.responses)
        if (d.baseType == BaseType::String) return true;
    for (const BodyNode* node : item.interactions())
        if (node->name == "textEntryInteraction" || node->name == "extendedTextInteraction") return true;
    for (const auto& [id, binding] : item.environments) {
        const sim::EnvironmentType* type = sim::findEnvironment(binding.environment);
        if (!type || type->holdsTypedText) return true;  // an unknown environment: assume the worst
    }
    return false;
}

namespace {

bool isAsciiAlnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(unsigned char c) {
    return c >= '0' && c <= '9';
}
// Letters of any script count as word characters: every byte of a UTF-8 sequence is >= 0x80.
bool isWordByte(unsigned char c) {
    return isAsciiAlnum(c) || c >= 0x80;
}
bool isEmailLocal(unsigned char c) {
    return isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool isEmailDomain(unsigned char c) {
    return isAsciiAlnum(c) || c == '.' || c == '-';
}
bool isPhoneSeparator(unsigned char c) {
    return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}
char asciiLower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
char asciiUpper(char c) {
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // security/pseudonym.cpp
constexpr size_t kMinPhoneDigits = 9;  // a Dutch number has 10 (06-12345678), without its 0 still 9

// Tussenvoegsels and the like are parts of names and ordinary words at once; masking them would
// hide nothing and garble every sentence.
const std::unordered_set<std::string>& notNames() {
    static const std::unordered_set<std::string> words = {
        "van", "de", "der", "den", "het", "te", "ter", "ten",   "la",   "le",  "du",      "da",       "di",  "del",
        "von", "zu", "el",  "al",  "op",  "in", "en",  "groep", "klas", "juf", "meester", "leerjaar", "demo"};
    return words;
}

}  // namespace

TextScreen::TextScreen(const std::vector<std::string>& names, const std::vector<std::string>& codes) {
    for (const std::string& name : names) {
        size_t i = 0;
        while (i < name.size()) {
            while (i < name.size() && !isWordByte(static_cast<unsigned char>(name[i]))) ++i;
            std::string word;
            bool letter = false;
            for (; i < name.size() && isWordByte(static_cast<unsigned char>(name[i])); ++i) {
                word += asciiLower(name[i]);
                letter = letter || !isDigit(static_cast<unsigned char>(name[i]));
            }
            if (word.size() >= 2 && letter && !notNames().count(word)) m_nameWords.insert(word);
        }
    }
    for (const std::string& code : codes) {
        // Kept as codeAt reads a code: its eight characters, upper case, without the dash.
        std::string canonical = canonicalPupilCode(code);
        std::erase(canonical, '-');
        if (canonical.size() == 8) m_codes.insert(canonical);
    }
}

TextScreen TextScreen::fromSchool(SchoolStore& school) {
    std::vector<std::string> names, codes;
    for (const ClassInfo& c : school.classes()) names.push_back(c.name);
    for (const PupilInfo& p : school.everyPupil()) {
        names.push_back(p.displayName);
        codes.push_back(p.code);
    }
    return TextScreen(names, codes);
}

// The length of an e-mail address starting at `i`, or 0. `failUntil` makes the scan linear: a
// failed scan from i read the address characters up to failUntil, and every start before it
// would read the same and fail the same way.
size_t TextScreen::emailAt(std::string_view text, size_t i, size_t& failUntil) const {
    if (i < failUntil) return 0;
    size_t j = i;
    while (j < text.size() && isEmailLocal(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i || j >= text.size() || text[j] != '@') {
        failUntil = j;
        return 0;
    }
    size_t k = j + 1;
    while (k < text.size() && isEmailDomain(static_cast<unsigned char>(text[k]))) ++k;
    while (k > j + 1 && (text[k - 1] == '.' || text[k - 1] == '-')) --k;  // a sentence's full stop
    if (text.substr(j + 2 < k ? j + 2 : k, k > j + 2 ? k - j - 2 : 0).find('.') == std::string_view::npos) {
        // No dot inside the domain. Only the starts that reach this same '@' fail alike: one in the
        // domain may begin the next address ("x@jan@school.nl").
        failUntil = j + 1;
        return 0;
    }
    return k - i;
}

// The length of a pupil code starting at `i` (a word start), or 0: 4 characters, an optional
// '-' or ' ', 4 characters, then the end of the word. At most 9 bytes are read.
size_t TextScreen::codeAt(std::string_view text, size_t i) const {
    std::string canonical;
    size_t j = i;
    auto take = [&](size_t n) {
        for (size_t k = 0; k < n; ++k, ++j) {
            if (j >= text.size() || !isAsciiAlnum(static_cast<unsigned char>(text[j]))) return false;
            canonical += asciiUpper(text[j]);
        }
        return true;
    };
    if (!take(4)) return 0;
    if (j < text.size() && (text[j] == '-' || text[j] == ' ')) ++j;
    if (!take(4)) return 0;
    if (j < text.size() && isWordByte(static_cast<unsigned char>(text[j]))) return 0;
    if (m_codes.count(canonical)) return j - i;
    bool digit = false, letter = false;
    for (char c : canonical) {
        if (kCodeAlphabet.find(c) == std::string_view::npos) return 0;
        (isDigit(static_cast<unsigned char>(c)) ? digit : letter) = true;
    }
    return digit && letter ? j - i : 0;
}

std::string TextScreen::screen(std::string_view text) const {
    std::string out;
    out.reserve(text.size());
    size_t emailFailUntil = 0, phoneFailUntil = 0;
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool wordStart = isWordByte(c) && (i == 0 || !isWordByte(static_cast<unsigned char>(text[i - 1])));
        if (!wordStart) {
            out += text[i++];
            continue;
        }
        if (const size_t n = emailAt(text, i, emailFailUntil)) {
            out += "[e-mail]";
            i += n;
            continue;
        }
        if (const size_t n = codeAt(text, i)) {
            out += "[code]";
            i += n;
            continue;
        }
        if (isDigit(c) && i >= phoneFailUntil) {
            // Digits and separators as far as they go; the number ends at its last digit.
            size_t j = i, end = i, digits = 0;
            for (; j < text.size(); ++j) {
                const auto d = static_cast<unsigned char>(text[j]);
                if (isDigit(d)) {
                    ++digits;
                    end = j + 1;
                } else if (!isPhoneSeparator(d)) {
                    break;
                }
            }
            if (digits >= kMinPhoneDigits) {
                out += "[telefoon]";
                i = end;
                continue;
            }
            phoneFailUntil = j;  // every later start in this run has fewer digits
        }
        size_t j = i;
        std::string lower;
        for (; j < text.size() && isWordByte(static_cast<unsigned char>(text[j])); ++j) lower += asciiLower(text[j]);
        if (m_nameWords.count(lower))
            out += "[naam]";
        else
            out.append(text.substr(i, j - i));
        i = j;
    }
    return out;
}

void TextScreen::screenJson(Json& value) const {
    if (value.is_string()) {
        value = screen(value.get_ref<const std::string&>());
    } else if (value.is_number()) {
        std::string digits = value.dump();
        size_t n = 0;
        for (char c : digits) n += isDigit(static_cast<unsigned char>(c)) ? 1 : 0;
        if (n >= kMinPhoneDigits) value = "[telefoon]";
    } else if (value.is_array() || value.is_object()) {
        for (auto& element : value) screenJson(element);
    }
}

}  // namespace dlk
