#include "qti/value.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

std::optional<Cardinality> parseCardinality(std::string_view s) {
    if (s == "single") return Cardinality::Single;
    if (s == "multiple") return Cardinality::Multiple;
    if (s == "ordered") return Cardinality::Ordered;
    if (s == "record") return Cardinality::Record;
    return std::nullopt;
}

std::optional<BaseType> parseBaseType(std::string_view s) {
    static const std::pair<const char*, BaseType> table[] = {{"identifier", BaseType::Identifier},
                                                             {"boolean", BaseType::Boolean},
                                                             {"integer", BaseType::Integer},
                                                             {"float", BaseType::Float},
                                                             {"string", BaseType::String},
                                                             {"point", BaseType::Point},
                                                             {"pair", BaseType::Pair},
                                                             {"directedPair", BaseType::DirectedPair},
                                                             {"duration", BaseType::Duration},
                                                             {"file", BaseType::File},
                                                             {"uri", BaseType::Uri}};
    for (const auto& [name, b] : table)
        if (s == name) return b;
    return std::nullopt;
}

const char* cardinalityName(Cardinality c) {
    switch (c) {
        case Cardinality::Single:
            return "single";
        case Cardinality::Multiple:
            return "multiple";
        case Cardinality::Ordered:
            return "ordered";
        case Cardinality::Record:
            return "record";
    }
    return "?";
}

const char* baseTypeName(BaseType b) {
    switch (b) {
        case BaseType::Identifier:
            return "identifier";
        case BaseType::Boolean:
            return "boolean";
        case BaseType::Integer:
            return "integer";
        case BaseType::Float:
            return "float";
        case BaseType::String:
            return "string";
        case BaseType::Point:
            return "point";
        case BaseType::Pair:
            return "pair";
        case BaseType::DirectedPair:
            return "directedPair";
        case BaseType::Duration:
            return "duration";
        case BaseType::File:
            return "file";
        case BaseType::Uri:
            return "uri";
    }
    return "?";
}

Value Value::single(BaseType b, std::string v) {
    Value out{Cardinality::Single, b, {}, {}};
    if (!v.empty()) out.items.push_back(std::move(v));
    return out;
}

Value Value::container(Cardinality c, BaseType b, std::vector<std::string> v) {
    return Value{c, b, std::move(v), {}};
}

namespace {
bool isIdentifier(std::string_view s) {
    if (s.empty()) return false;
    auto startOk = [](unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; };
    if (!startOk(static_cast<unsigned char>(s[0]))) return false;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80)) return false;
    }
    return true;
}
}  // namespace

bool isValidLexical(BaseType b, std::string_view lexical) {
    const std::string t = trim(lexical);
    switch (b) {
        case BaseType::Identifier:
            return isIdentifier(t);
        case BaseType::Boolean:
            return t == "true" || t == "false" || t == "1" || t == "0";
        case BaseType::Integer: {
            int64_t v;
            return parseInt64(t, v);
        }
        case BaseType::Float:
        case BaseType::Duration: {
            double v;
            return parseDouble(t, v);
        }
        case BaseType::Point: {
            const auto parts = splitWhitespace(t);
            int64_t x, y;
            return parts.size() == 2 && parseInt64(parts[0], x) && parseInt64(parts[1], y);
        }
        case BaseType::Pair:
        case BaseType::DirectedPair: {
            const auto parts = splitWhitespace(t);
            return parts.size() == 2 && isIdentifier(parts[0]) && isIdentifier(parts[1]);
        }
        case BaseType::String:
        case BaseType::File:
        case BaseType::Uri:
            return true;
    }
    return false;
}

std::string canonicalLexical(BaseType b, std::string_view lexical) {
    switch (b) {
        case BaseType::String:
        case BaseType::File:
            return std::string(lexical);
        case BaseType::Point:
        case BaseType::Pair:
        case BaseType::DirectedPair: {
            const auto parts = splitWhitespace(lexical);
            return parts.size() == 2 ? parts[0] + " " + parts[1] : trim(lexical);
        }
        case BaseType::Boolean: {
            const std::string t = trim(lexical);
            return t == "1" ? "true" : t == "0" ? "false" : t;
        }
        default:
            return trim(lexical);
    }
}

bool baseValuesEqual(BaseType b, std::string_view x, std::string_view y) {
    switch (b) {
        case BaseType::Integer:
        case BaseType::Float:
        case BaseType::Duration: {
            double a, c;
            if (parseDouble(x, a) && parseDouble(y, c)) return a == c;
            return trim(x) == trim(y);
        }
        case BaseType::Pair: {
            auto p = splitWhitespace(x), q = splitWhitespace(y);
            if (p.size() != 2 || q.size() != 2) return false;
            return (p[0] == q[0] && p[1] == q[1]) || (p[0] == q[1] && p[1] == q[0]);
        }
        case BaseType::Point: {
            auto p = splitWhitespace(x), q = splitWhitespace(y);
            int64_t a0, a1, b0, b1;
            return p.size() == 2 && q.size() == 2 && parseInt64(p[0], a0) && parseInt64(p[1], a1) &&
                   parseInt64(q[0], b0) && parseInt64(q[1], b1) && a0 == b0 && a1 == b1;
        }
        case BaseType::DirectedPair:
        case BaseType::Identifier:
        case BaseType::Boolean:
            return canonicalLexical(b, x) == canonicalLexical(b, y);
        case BaseType::String:
        case BaseType::File:
        case BaseType::Uri:
            return x == y;
    }
    return false;
}

bool valuesMatch(const Value& a, const Value& b) {
    if (a.isNull() || b.isNull()) return false;
    if (a.cardinality == Cardinality::Record || b.cardinality == Cardinality::Record) {
        // Records: the same fields, each equal as its base type says, in any order.
        if (a.cardinality != b.cardinality || a.fields.size() != b.fields.size()) return false;
        return std::all_of(a.fields.begin(), a.fields.end(), [&](const RecordField& f) {
            const RecordField* g = b.field(f.name);
            return g && g->baseType == f.baseType && baseValuesEqual(f.baseType, f.value, g->value);
        });
    }
    const BaseType bt = a.baseType;
    if (a.cardinality == Cardinality::Single || b.cardinality == Cardinality::Single)
        return a.items.size() == 1 && b.items.size() == 1 && baseValuesEqual(bt, a.items[0], b.items[0]);
    if (a.items.size() != b.items.size()) return false;
    if (a.cardinality == Cardinality::Ordered) {
        for (size_t i = 0; i < a.items.size(); ++i)
            if (!baseValuesEqual(bt, a.items[i], b.items[i])) return false;
        return true;
    }
    // Bags: every value of a is paired with one unused equal value of b.
    std::vector<bool> used(b.items.size(), false);
    for (const auto& x : a.items) {
        bool found = false;
        for (size_t j = 0; j < b.items.size() && !found; ++j)
            if (!used[j] && baseValuesEqual(bt, x, b.items[j])) used[j] = found = true;
        if (!found) return false;
    }
    return true;
}

namespace {
// Numbers as stored responses have always had them: whole numbers below 1e15 as integers ("20",
// never "20.0" or "2e+01", see formatDouble), others as doubles ("1.5", "1e+20").
Json jsonNumber(double d) {
    if (d == std::trunc(d) && std::abs(d) < 1e15) return static_cast<int64_t>(d);
    return d;
}

Json baseToJson(BaseType b, const std::string& s) {
    double d;
    if ((b == BaseType::Integer || b == BaseType::Float || b == BaseType::Duration) && parseDouble(s, d))
        return jsonNumber(d);
    if (b == BaseType::Boolean) return s == "true";
    return s;
}

std::string baseFromJson(const Json& j, BaseType b, const std::string& what) {
    std::string lexical;
    if (j.is_string())
        lexical = j.get_ref<const std::string&>();
    else if (j.is_number())
        lexical = formatDouble(j.get<double>());
    else if (j.is_boolean())
        lexical = j.get<bool>() ? "true" : "false";
    else
        throw Error(ErrorKind::Invalid, what + ": expected a " + baseTypeName(b) + " value");
    if (b != BaseType::String && !isValidLexical(b, lexical))
        throw Error(ErrorKind::Invalid, what + ": '" + lexical + "' is not a valid " + baseTypeName(b));
    return canonicalLexical(b, lexical);
}
}  // namespace

Json valueToJson(const Value& v) {
    if (v.isNull()) return nullptr;
    if (v.cardinality == Cardinality::Record) {
        Json obj = Json::object();
        for (const auto& f : v.fields) obj[f.name] = baseToJson(f.baseType, f.value);
        return obj;
    }
    if (v.cardinality == Cardinality::Single) return baseToJson(v.baseType, v.items[0]);
    Json arr = Json::array();
    for (const auto& s : v.items) arr.push_back(baseToJson(v.baseType, s));
    return arr;
}

Value valueFromJson(const Json& j, Cardinality c, BaseType b, const std::string& what) {
    if (j.is_null()) return Value::null(c, b);
    if (c == Cardinality::Record) {
        // Records from JSON: numbers become floats, booleans booleans, everything else strings.
        if (!j.is_object()) throw Error(ErrorKind::Invalid, what + ": expected an object for a record");
        Value out = Value::null(c, b);
        for (const auto& [name, fv] : j.items()) {
            const BaseType fb = fv.is_number()    ? BaseType::Float
                                : fv.is_boolean() ? BaseType::Boolean
                                                  : BaseType::String;
            if (fv.is_null()) continue;
            out.fields.push_back({name, fb, baseFromJson(fv, fb, what + "." + name)});
        }
        return out;
    }
    if (c == Cardinality::Single) {
        // An empty string is NULL for every base type (QTI: "an empty string is treated as NULL").
        if (j.is_string() && j.get_ref<const std::string&>().empty()) return Value::null(c, b);
        if (j.is_array()) {
            if (j.empty()) return Value::null(c, b);
            if (j.size() != 1) throw Error(ErrorKind::Invalid, what + ": expected one value, got an array");
            return Value::single(b, baseFromJson(j[0], b, what));
        }
        return Value::single(b, baseFromJson(j, b, what));
    }
    std::vector<std::string> items;
    if (j.is_array()) {
        for (const Json& e : j) items.push_back(baseFromJson(e, b, what));
    } else {
        items.push_back(baseFromJson(j, b, what));
    }
    return Value::container(c, b, std::move(items));
}

}  // namespace dlk
