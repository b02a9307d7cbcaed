#include "qti/xml_guard.h"

#include "util/text.h"

namespace dlk {

namespace {
bool isXmlChar(uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}
}  // namespace

std::string xmlGuardProblem(std::string_view xml) {
    // Line numbers are counted only when there is something to report: the scan itself jumps
    // from one '&' or '<' to the next, since this runs over every byte of every item loaded.
    auto lineAt = [&](size_t pos) {
        int line = 1;
        for (size_t k = 0; k < pos && k < xml.size(); ++k) line += xml[k] == '\n';
        return "line " + std::to_string(line) + ": ";
    };
    if (xml.size() > kMaxXmlBytes)
        return "line 1: file is " + std::to_string(xml.size() >> 20) + " MiB; an item file may be at most 16 MiB";
    if (const size_t bad = firstInvalidUtf8(xml); bad != std::string_view::npos)
        return lineAt(bad) + "text is not valid UTF-8";
    const size_t n = xml.size();
    for (size_t i = 0; i < n; ++i) {
        const char c = xml[i];
        if (c != '&' && c != '<') continue;
        if (c == '<') {
            if (i + 1 >= xml.size() || xml[i + 1] != '!') continue;
            if (xml.compare(i, 4, "<!--") == 0) {  // comments and CDATA hold literal text
                const size_t end = xml.find("-->", i + 4);
                if (end == std::string_view::npos) return lineAt(i) + "unterminated comment";
                i = end + 2;
            } else if (xml.compare(i, 9, "<![CDATA[") == 0) {
                const size_t end = xml.find("]]>", i + 9);
                if (end == std::string_view::npos) return lineAt(i) + "unterminated CDATA section";
                i = end + 2;
            } else if (xml.compare(i, 9, "<!DOCTYPE") == 0) {
                // External entities and entity expansion have no place in an item.
                if (xml.find("<!ENTITY", i) != std::string_view::npos)
                    return lineAt(i) + "entity declarations are not allowed";
            }
            continue;
        }
        if (i + 1 >= xml.size() || xml[i + 1] != '#') continue;
        size_t j = i + 2;
        const bool hex = j < xml.size() && (xml[j] == 'x' || xml[j] == 'X');
        if (hex) ++j;
        uint32_t value = 0;
        size_t digits = 0;
        for (; j < xml.size() && xml[j] != ';' && digits < 12; ++j, ++digits) {
            const char d = xml[j];
            uint32_t v;
            if (d >= '0' && d <= '9')
                v = static_cast<uint32_t>(d - '0');
            else if (hex && d >= 'a' && d <= 'f')
                v = static_cast<uint32_t>(d - 'a' + 10);
            else if (hex && d >= 'A' && d <= 'F')
                v = static_cast<uint32_t>(d - 'A' + 10);
            else
                return lineAt(i) + "malformed character reference";
            value = value * (hex ? 16u : 10u) + v;
            if (value > 0x10FFFF) return lineAt(i) + "character reference out of range";
        }
        if (digits == 0 || j >= xml.size() || xml[j] != ';') return lineAt(i) + "malformed character reference";
        if (!isXmlChar(value)) return lineAt(i) + "character reference to a character XML does not allow";
        i = j;
    }
    return {};
}

}  // namespace dlk
