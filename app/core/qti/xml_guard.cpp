#include "qti/xml_guard.h"

#include <algorithm>
#include <cstring>

#include "util/text.h"

namespace dlk {

namespace {

bool isXmlChar(uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string_view localName(std::string_view name) {
    const size_t colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// One pass over the text, token by token as tinyxml2 reads it: content (text and references) up
// to '<'; then a comment, CDATA section, processing instruction, declaration, end tag or start
// tag; a start tag's attribute values run to their closing quote whatever they hold. Line numbers
// are counted only when there is something to report.
class Scanner {
public:
    Scanner(std::string_view xml, const XmlLimits& limits) : m_xml(xml), m_limits(limits) {}

    std::string run() {
        const size_t n = m_xml.size();
        size_t i = 0;
        while (i < n) {
            if (m_xml[i] != '<') {
                if (auto p = content(i); !p.empty()) return p;
                continue;
            }
            if (auto p = markup(i); !p.empty()) return p;
        }
        return {};
    }

private:
    std::string_view m_xml;
    XmlLimits m_limits;
    size_t m_elements = 0;
    size_t m_attributes = 0;
    size_t m_textBytes = 0;
    bool m_sawDoctype = false;

    std::string at(size_t pos, const std::string& what) const {
        int line = 1;
        for (size_t k = 0; k < pos && k < m_xml.size(); ++k) line += m_xml[k] == '\n';
        return "line " + std::to_string(line) + ": " + what;
    }

    bool startsWith(size_t i, const char* s) const { return m_xml.compare(i, std::strlen(s), s) == 0; }

    std::string addText(size_t start, size_t bytes) {
        m_textBytes += bytes;
        if (m_textBytes > m_limits.maxTextBytes)
            return at(start, "more than " + std::to_string(m_limits.maxTextBytes >> 10) +
                                 " KiB of text; an item may hold at most that much");
        return {};
    }

    // A reference at m_xml[i] == '&': a numeric one must name a character XML allows. On return
    // i is just past it. Named references (&amp;, or unknown names that tinyxml2 keeps as text)
    // pass.
    std::string reference(size_t& i) const {
        const size_t start = i;
        ++i;
        if (i >= m_xml.size() || m_xml[i] != '#') return {};
        size_t j = i + 1;
        const bool hex = j < m_xml.size() && (m_xml[j] == 'x' || m_xml[j] == 'X');
        if (hex) ++j;
        uint32_t value = 0;
        size_t digits = 0;
        for (; j < m_xml.size() && m_xml[j] != ';' && digits < 12; ++j, ++digits) {
            const char d = m_xml[j];
            uint32_t v;
            if (d >= '0' && d <= '9')
                v = static_cast<uint32_t>(d - '0');
            else if (hex && d >= 'a' && d <= 'f')
                v = static_cast<uint32_t>(d - 'a' + 10);
            else if (hex && d >= 'A' && d <= 'F')
                v = static_cast<uint32_t>(d - 'A' + 10);
            else
                return at(start, "malformed character reference");
            value = value * (hex ? 16u : 10u) + v;
            if (value > 0x10FFFF) return at(start, "character reference out of range");
        }
        if (digits == 0 || j >= m_xml.size() || m_xml[j] != ';') return at(start, "malformed character reference");
        if (!isXmlChar(value)) return at(start, "character reference to a character XML does not allow");
        i = j + 1;
        return {};
    }

    // Text up to the next '<'.
    std::string content(size_t& i) {
        const size_t start = i;
        while (i < m_xml.size() && m_xml[i] != '<') {
            if (m_xml[i] == '&') {
                if (auto p = reference(i); !p.empty()) return p;
            } else {
                ++i;
            }
        }
        return addText(start, i - start);
    }

    // From '<' at i to just past the token's end.
    std::string markup(size_t& i) {
        const size_t start = i;
        auto skipPast = [&](const char* close, size_t from, const char* what) -> std::string {
            const size_t end = m_xml.find(close, from);
            if (end == std::string_view::npos) return at(start, std::string("unterminated ") + what);
            i = end + std::strlen(close);
            return {};
        };
        if (startsWith(i, "<!--")) return skipPast("-->", i + 4, "comment");  // comments hold literal text
        if (startsWith(i, "<![CDATA[")) {
            if (auto p = skipPast("]]>", i + 9, "CDATA section"); !p.empty()) return p;
            return addText(start, i - start);
        }
        if (startsWith(i, "<?")) return skipPast("?>", i + 2, "processing instruction");
        if (startsWith(i, "<!")) {
            // A declaration, which tinyxml2 keeps unread up to its first '>'. External entities and
            // entity expansion have no place in an item: after a DOCTYPE, any entity declaration
            // anywhere in the text refuses it.
            if (startsWith(i, "<!DOCTYPE") && !m_sawDoctype) {
                m_sawDoctype = true;
                if (m_xml.find("<!ENTITY", i) != std::string_view::npos)
                    return at(start, "entity declarations are not allowed");
            }
            return skipPast(">", i + 2, "declaration");
        }
        if (startsWith(i, "</")) return skipPast(">", i + 2, "end tag");
        return startTag(i);
    }

    std::string startTag(size_t& i) {
        const size_t start = i;
        const size_t n = m_xml.size();
        auto isNameEnd = [&](size_t k) {
            const char c = m_xml[k];
            return isSpace(c) || c == '>' || c == '/' || c == '=' || c == '<' || c == '"' || c == '\'';
        };
        size_t k = i + 1;
        while (k < n && !isNameEnd(k)) ++k;
        const std::string_view name = m_xml.substr(i + 1, k - i - 1);
        if (name.empty()) return at(start, "not well-formed XML: '<' starts no element");
        // An item is held to the item limits however it is read (the validator reads any document).
        if (m_elements == 0 && (localName(name) == "qti-assessment-item" || localName(name) == "assessmentItem"))
            m_limits = {std::min(m_limits.maxElements, kItemXmlLimits.maxElements),
                        std::min(m_limits.maxTextBytes, kItemXmlLimits.maxTextBytes),
                        std::min(m_limits.maxAttributes, kItemXmlLimits.maxAttributes)};
        if (++m_elements > m_limits.maxElements)
            return at(start, "more than " + std::to_string(m_limits.maxElements) +
                                 " elements; a document may hold at most that many");
        const std::string tag = "<" + std::string(name.substr(0, 64)) + ">";
        size_t attributes = 0;
        while (true) {
            while (k < n && isSpace(m_xml[k])) ++k;
            if (k >= n) return at(start, "not well-formed XML: " + tag + " is never closed");
            if (m_xml[k] == '>') break;
            if (m_xml[k] == '/') {
                if (k + 1 < n && m_xml[k + 1] == '>') {
                    ++k;
                    break;
                }
                return at(k, "not well-formed XML: '/' inside " + tag);
            }
            const size_t nameStart = k;
            while (k < n && !isNameEnd(k)) ++k;
            if (k == nameStart)
                return at(k, std::string("not well-formed XML: unexpected '") + m_xml[k] + "' in " + tag);
            if (++attributes > kMaxAttributesPerElement)
                return at(start, tag + " has more than " + std::to_string(kMaxAttributesPerElement) +
                                     " attributes; an element may have at most that many");
            if (++m_attributes > m_limits.maxAttributes)
                return at(nameStart, "more than " + std::to_string(m_limits.maxAttributes) +
                                         " attributes in all; a document may have at most that many");
            while (k < n && isSpace(m_xml[k])) ++k;
            if (k >= n || m_xml[k] != '=')
                return at(nameStart, "not well-formed XML: attribute " +
                                         std::string(m_xml.substr(nameStart, std::min<size_t>(64, k - nameStart))) +
                                         " of " + tag + " has no value");
            ++k;
            while (k < n && isSpace(m_xml[k])) ++k;
            if (k >= n || (m_xml[k] != '"' && m_xml[k] != '\''))
                return at(nameStart, "not well-formed XML: an attribute value of " + tag + " is not in quotes");
            const char quote = m_xml[k];
            const size_t valueStart = ++k;
            // The value runs to its closing quote: '<', "<!--" or "<![CDATA[" in it are text.
            while (k < n && m_xml[k] != quote) {
                if (m_xml[k] == '&') {
                    if (auto p = reference(k); !p.empty()) return p;
                } else {
                    ++k;
                }
            }
            if (k >= n) return at(valueStart, "not well-formed XML: an attribute value of " + tag + " never ends");
            if (k - valueStart > kMaxAttributeValueBytes)
                return at(valueStart, "an attribute value of " + tag + " is " + std::to_string((k - valueStart) >> 10) +
                                          " KiB; attribute values may be at most " +
                                          std::to_string(kMaxAttributeValueBytes >> 10) + " KiB");
            ++k;
        }
        i = k + 1;
        return {};
    }
};

}  // namespace

std::string xmlGuardProblem(std::string_view xml, const XmlLimits& limits) {
    if (xml.size() > kMaxXmlBytes)
        return "line 1: file is " + std::to_string(xml.size() >> 20) + " MiB; an item file may be at most 16 MiB";
    if (const size_t bad = firstInvalidUtf8(xml); bad != std::string_view::npos) {
        int line = 1;
        for (size_t k = 0; k < bad; ++k) line += xml[k] == '\n';
        return "line " + std::to_string(line) + ": text is not valid UTF-8";
    }
    return Scanner(xml, limits).run();
}

}  // namespace dlk
