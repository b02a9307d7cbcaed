#pragma once
// A small JSON value with a strict parser and a writer: enough for stored responses, the
// `score` command and the export's metadata. Depth and size are bounded so hostile input
// cannot exhaust the stack.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

class Json {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Json() = default;
    static Json null() { return Json(); }
    static Json boolean(bool b);
    static Json number(double d);
    // A number written exactly as given (e.g. "2.0" for a float outcome), for output only.
    static Json numberText(double d, std::string text);
    static Json string(std::string s);
    static Json array(std::vector<Json> items = {});
    static Json object();

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool asBool() const { return m_bool; }
    double asNumber() const { return m_number; }
    const std::string& asString() const { return m_string; }
    const std::vector<Json>& items() const { return m_items; }
    // Object members keep insertion order, which the writer preserves.
    const std::vector<std::pair<std::string, Json>>& members() const { return m_members; }
    const Json* find(std::string_view key) const;

    void push(Json v) { m_items.push_back(std::move(v)); }
    void set(std::string key, Json v);

    // Throws dlk::Error(Parse) with the byte offset of the problem.
    static Json parse(std::string_view text);
    std::string dump() const;

private:
    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0;
    std::string m_string;
    std::vector<Json> m_items;
    std::vector<std::pair<std::string, Json>> m_members;
};

std::string jsonQuote(std::string_view s);

}  // namespace dlk
