#include "util/json.h"

#include <cctype>
#include <cstdio>

#include "util/error.h"
#include "util/text.h"

namespace dlk {

Json Json::boolean(bool b) {
    Json j;
    j.m_type = Type::Bool;
    j.m_bool = b;
    return j;
}
Json Json::number(double d) {
    Json j;
    j.m_type = Type::Number;
    j.m_number = d;
    return j;
}
Json Json::numberText(double d, std::string text) {
    Json j = number(d);
    j.m_string = std::move(text);
    return j;
}
Json Json::string(std::string s) {
    Json j;
    j.m_type = Type::String;
    j.m_string = std::move(s);
    return j;
}
Json Json::array(std::vector<Json> items) {
    Json j;
    j.m_type = Type::Array;
    j.m_items = std::move(items);
    return j;
}
Json Json::object() {
    Json j;
    j.m_type = Type::Object;
    return j;
}

const Json* Json::find(std::string_view key) const {
    for (const auto& [k, v] : m_members)
        if (k == key) return &v;
    return nullptr;
}

void Json::set(std::string key, Json v) {
    for (auto& [k, old] : m_members)
        if (k == key) {
            old = std::move(v);
            return;
        }
    m_members.emplace_back(std::move(key), std::move(v));
}

namespace {

constexpr int kMaxDepth = 64;

struct Parser {
    std::string_view s;
    size_t i = 0;

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorKind::Parse, "JSON: " + what + " at offset " + std::to_string(i));
    }
    void ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    }
    bool eat(char c) {
        ws();
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    }
    void expectWord(std::string_view w) {
        if (s.substr(i, w.size()) != w) fail("unexpected text");
        i += w.size();
    }
    uint32_t hex4() {
        if (i + 4 > s.size()) fail("short \\u escape");
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s[i++];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
            else fail("bad \\u escape");
        }
        return v;
    }
    std::string str() {
        if (!eat('"')) fail("expected a string");
        std::string out;
        while (true) {
            if (i >= s.size()) fail("unterminated string");
            const char c = s[i++];
            if (c == '"') break;
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (i >= s.size()) fail("unterminated escape");
            const char e = s[i++];
            switch (e) {
                case '"': out.push_back('"'); break;
                case '\\': out.push_back('\\'); break;
                case '/': out.push_back('/'); break;
                case 'b': out.push_back('\b'); break;
                case 'f': out.push_back('\f'); break;
                case 'n': out.push_back('\n'); break;
                case 'r': out.push_back('\r'); break;
                case 't': out.push_back('\t'); break;
                case 'u': {
                    uint32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (s.substr(i, 2) != "\\u") fail("lone surrogate");
                        i += 2;
                        const uint32_t lo = hex4();
                        if (lo < 0xDC00 || lo > 0xDFFF) fail("bad surrogate pair");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail("lone surrogate");
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default: fail("bad escape");
            }
        }
        if (!isValidUtf8(out)) fail("invalid UTF-8 in string");
        return out;
    }
    Json value(int depth) {
        if (depth > kMaxDepth) fail("nesting too deep");
        ws();
        if (i >= s.size()) fail("unexpected end");
        const char c = s[i];
        if (c == '{') {
            ++i;
            Json obj = Json::object();
            if (eat('}')) return obj;
            do {
                ws();
                std::string key = str();
                if (!eat(':')) fail("expected ':'");
                obj.set(std::move(key), value(depth + 1));
            } while (eat(','));
            if (!eat('}')) fail("expected '}'");
            return obj;
        }
        if (c == '[') {
            ++i;
            Json arr = Json::array();
            if (eat(']')) return arr;
            do {
                arr.push(value(depth + 1));
            } while (eat(','));
            if (!eat(']')) fail("expected ']'");
            return arr;
        }
        if (c == '"') return Json::string(str());
        if (c == 't') {
            expectWord("true");
            return Json::boolean(true);
        }
        if (c == 'f') {
            expectWord("false");
            return Json::boolean(false);
        }
        if (c == 'n') {
            expectWord("null");
            return Json();
        }
        const size_t start = i;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-' || s[i] == '+' ||
                                s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
            ++i;
        double d = 0;
        if (start == i || !parseDouble(s.substr(start, i - start), d)) fail("bad number");
        return Json::number(d);
    }
};

}  // namespace

Json Json::parse(std::string_view text) {
    if (text.size() > (16u << 20)) throw Error(ErrorKind::Parse, "JSON: input larger than 16 MiB");
    Parser p{text};
    Json v = p.value(0);
    p.ws();
    if (p.i != text.size()) p.fail("trailing text");
    return v;
}

std::string jsonQuote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
    return out;
}

std::string Json::dump() const {
    switch (m_type) {
        case Type::Null: return "null";
        case Type::Bool: return m_bool ? "true" : "false";
        case Type::Number: return m_string.empty() ? formatDouble(m_number) : m_string;
        case Type::String: return jsonQuote(m_string);
        case Type::Array: {
            std::string out = "[";
            for (size_t k = 0; k < m_items.size(); ++k) {
                if (k) out += ",";
                out += m_items[k].dump();
            }
            return out + "]";
        }
        case Type::Object: {
            std::string out = "{";
            for (size_t k = 0; k < m_members.size(); ++k) {
                if (k) out += ",";
                out += jsonQuote(m_members[k].first) + ":" + m_members[k].second.dump();
            }
            return out + "}";
        }
    }
    return "null";
}

}  // namespace dlk
