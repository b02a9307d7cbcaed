#pragma once
// UI text: Dutch is the source language (the msgids in the code); other languages come from
// gettext catalogues (assets/i18n/<lang>.po, compiled by msgfmt into <lang>.mo at build time).
// tr() returns the translation for the current language or the Dutch text itself.
#include <string>
#include <string_view>
#include <unordered_map>

namespace dlk {

class Translator {
public:
    static Translator& instance();
    // Loads <localeDir>/<lang>.mo; "nl" needs no file. Throws dlk::Error when the file is missing
    // or malformed, and then keeps the previous language.
    void setLanguage(const std::string& lang, const std::string& localeDir);
    const std::string& language() const { return m_language; }
    const char* translate(const char* msgid) const;
    // Parses a GNU .mo file's bytes into msgid -> msgstr.
    static std::unordered_map<std::string, std::string> parseMo(std::string_view bytes, const std::string& name);

private:
    std::string m_language = "nl";
    std::unordered_map<std::string, std::string> m_table;
};

// Marks a msgid for extraction where it is translated later (gettext's N_ convention).
constexpr const char* N_(const char* msgid) {
    return msgid;
}

inline const char* tr(const char* msgid) {
    return Translator::instance().translate(msgid);
}

}  // namespace dlk
