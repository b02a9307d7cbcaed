#pragma once
// QTI values: a cardinality, a base type and zero or more base values kept in their canonical
// lexical form. An empty container (and an empty string) is NULL, as the QTI specification says.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/json_fwd.h"

namespace dlk {

enum class Cardinality { Single, Multiple, Ordered, Record };
enum class BaseType { Identifier, Boolean, Integer, Float, String, Point, Pair, DirectedPair, Duration, File, Uri };

std::optional<Cardinality> parseCardinality(std::string_view s);
std::optional<BaseType> parseBaseType(std::string_view s);
const char* cardinalityName(Cardinality c);
const char* baseTypeName(BaseType b);

// A field of a record value: records hold single values of any base type, by name.
struct RecordField {
    std::string name;
    BaseType baseType = BaseType::String;
    std::string value;
    bool operator==(const RecordField&) const = default;
};

struct Value {
    Cardinality cardinality = Cardinality::Single;
    BaseType baseType = BaseType::Identifier;
    std::vector<std::string> items;
    std::vector<RecordField> fields;  // only for Cardinality::Record

    bool isNull() const { return items.empty() && fields.empty(); }
    static Value null(Cardinality c, BaseType b) { return Value{c, b, {}, {}}; }
    // A single value; the empty string gives NULL.
    static Value single(BaseType b, std::string v);
    static Value container(Cardinality c, BaseType b, std::vector<std::string> v);
    // A record's own base type means nothing (each field has one), so records compare by fields.
    bool operator==(const Value& o) const {
        if (cardinality != o.cardinality) return false;
        if (cardinality == Cardinality::Record) return fields == o.fields;
        return baseType == o.baseType && items == o.items && fields == o.fields;
    }
    const RecordField* field(const std::string& name) const {
        for (const auto& f : fields)
            if (f.name == name) return &f;
        return nullptr;
    }
};

// Is `lexical` a valid value of base type `b`? (identifier, integer, float, boolean, point "x y",
// pair "A B", ...). Strings and file/uri accept any text.
bool isValidLexical(BaseType b, std::string_view lexical);
// Canonical form: trims, normalises whitespace inside points/pairs, "1.50" stays as written for floats.
std::string canonicalLexical(BaseType b, std::string_view lexical);

// Equality of two base values as QTI defines it: numbers by value, pair ignoring the order of
// its two identifiers, directedPair in order, strings exactly.
bool baseValuesEqual(BaseType b, std::string_view x, std::string_view y);

// QTI match: single compares values, multiple as bags, ordered as sequences. Either side NULL -> false.
bool valuesMatch(const Value& a, const Value& b);

// JSON form used in storage and by `dlkiosk score`: NULL -> null; single -> a string or number;
// multiple/ordered -> an array; pair, directedPair and point -> "A B" strings.
Json valueToJson(const Value& v);
// Reads the JSON form for a declared cardinality and base type; throws dlk::Error(Invalid)
// naming `what` when it does not fit.
Value valueFromJson(const Json& j, Cardinality c, BaseType b, const std::string& what);

}  // namespace dlk
