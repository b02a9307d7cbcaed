#include "support/translator.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace dlk {

Translator& Translator::instance() {
    static Translator t;
    return t;
}

std::unordered_map<std::string, std::string> Translator::parseMo(std::string_view bytes, const std::string& name) {
    auto u32 = [&](size_t off, bool swap) -> uint32_t {
        if (off + 4 > bytes.size()) throw Error(ErrorKind::Parse, name + ": truncated .mo file");
        uint32_t v;
        std::memcpy(&v, bytes.data() + off, 4);
        return swap ? __builtin_bswap32(v) : v;
    };
    const uint32_t magic = u32(0, false);
    bool swap = false;
    if (magic == 0xde120495)
        swap = true;
    else if (magic != 0x950412de)
        throw Error(ErrorKind::Parse, name + ": not a gettext .mo file");
    const uint32_t count = u32(8, swap), origTable = u32(12, swap), transTable = u32(16, swap);
    if (count > 100000) throw Error(ErrorKind::Parse, name + ": implausible number of strings");
    std::unordered_map<std::string, std::string> table;
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t olen = u32(origTable + 8 * i, swap), ooff = u32(origTable + 8 * i + 4, swap);
        const uint32_t tlen = u32(transTable + 8 * i, swap), toff = u32(transTable + 8 * i + 4, swap);
        if (static_cast<uint64_t>(ooff) + olen > bytes.size() || static_cast<uint64_t>(toff) + tlen > bytes.size())
            throw Error(ErrorKind::Parse, name + ": string outside the file");
        std::string id(bytes.substr(ooff, olen));
        std::string str(bytes.substr(toff, tlen));
        if (id.empty() || str.empty()) continue;  // the header entry; untranslated entries
        // Plural forms are NUL-separated; the singular is what tr() looks up.
        if (auto nul = id.find('\0'); nul != std::string::npos) id.resize(nul);
        if (auto nul = str.find('\0'); nul != std::string::npos) str.resize(nul);
        table.emplace(std::move(id), std::move(str));
    }
    return table;
}

void Translator::setLanguage(const std::string& lang, const std::string& localeDir) {
    if (lang == "nl") {
        m_language = lang;
        m_table.clear();
        return;
    }
    const std::string path = (std::filesystem::path(localeDir) / (lang + ".mo")).string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "no translation for language '" + lang + "' (" + path + " is missing)");
    std::ostringstream ss;
    ss << in.rdbuf();
    m_table = parseMo(ss.str(), path);
    m_language = lang;
}

const char* Translator::translate(const char* msgid) const {
    if (m_table.empty()) return msgid;
    auto it = m_table.find(msgid);
    return it == m_table.end() ? msgid : it->second.c_str();
}

}  // namespace dlk
