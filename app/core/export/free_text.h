#pragma once
// Free text in the export. A pupil can type anything, their own or a classmate's name, an
// e-mail address, a phone number, a login code, so an answer that holds typed text is left out
// of the export unless the administrator asks for it (`dlkiosk export --free-text`), and then
// what looks like a name, address, number or code is masked. Everything the export writes from
// a pupil passes through TextScreen.
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "qti/item.h"
#include "school/school_store.h"
#include "util/json_fwd.h"

namespace dlk {

// True when an answer to `item` can hold text the pupil typed: a response of base type string
// (text entry, extended text, a mail reply, a poster's text, words copied), any response of a
// text entry or extended text interaction (a number typed is typed too), or the state of
// simulated software that keeps typing, the calculator's keyed numbers included
// (sim::EnvironmentType::holdsTypedText).
bool holdsFreeText(const Item& item);

// Masks, in one left-to-right pass with bounded look-ahead (linear time on any input; no
// std::regex, whose backtracking hostile text could make take for ever):
//   [e-mail]    local@domain.tld (letters, digits and ._%+- before the @, a dot in the domain)
//   [telefoon]  a run of digits and the separators " -./()" with 9 digits or more
//   [code]      a pupil code of the school in any spelling (ABCD-EFGH, abcdefgh, ABCD EFGH), and
//               anything in the code format (4 + 4 characters of the code alphabet, with a digit)
//   [naam]      a word that is part of a name on the school's lists (case-insensitive for ASCII
//               letters; words of one letter and particles such as "van" and "de" are not names)
// A word is a run of ASCII letters and digits and non-ASCII bytes, so "Sanne's" masks "Sanne".
class TextScreen {
public:
    TextScreen(const std::vector<std::string>& names, const std::vector<std::string>& codes);
    // Every pupil's name and code and every class's name of the school; needs an administrator's PIN
    // (Error(Auth) when the store is locked or opened by a teacher).
    static TextScreen fromSchool(SchoolStore& school);

    std::string screen(std::string_view text) const;
    // Screens every string in a JSON value, and every number with 9 digits or more (a phone
    // number typed into a numeric field), which becomes the string "[telefoon]".
    void screenJson(Json& value) const;

private:
    size_t emailAt(std::string_view text, size_t i, size_t& failUntil) const;
    size_t codeAt(std::string_view text, size_t i) const;
    std::unordered_set<std::string> m_nameWords;  // lower case
    std::unordered_set<std::string> m_codes;      // canonical: 8 upper-case characters
};

}  // namespace dlk
