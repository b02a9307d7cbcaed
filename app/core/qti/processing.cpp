#include "qti/processing.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <regex>

#include "qti/area.h"
#include "qti/response_processing.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

// ---- custom operators -----------------------------------------------------------------------

CustomOperatorRegistry& CustomOperatorRegistry::instance() {
    static CustomOperatorRegistry r;
    return r;
}

CustomOperatorRegistry::CustomOperatorRegistry() {
    add("nl.dlkiosk.normalizeText", [](const std::vector<Value>& args, const BodyNode&) {
        if (args.size() != 1) throw Error(ErrorKind::Invalid, "normalizeText takes one value");
        if (args[0].isNull()) return Value::null(Cardinality::Single, BaseType::String);
        std::string out;
        for (const auto& w : splitWhitespace(toLowerAscii(args[0].items[0]))) out += (out.empty() ? "" : " ") + w;
        return Value::single(BaseType::String, out);
    });
}

void CustomOperatorRegistry::add(const std::string& className, CustomOperator op) { m_ops[className] = std::move(op); }

const CustomOperator* CustomOperatorRegistry::find(const std::string& className) const {
    auto it = m_ops.find(className);
    return it == m_ops.end() ? nullptr : &it->second;
}

// ---- helpers ------------------------------------------------------------------------------------

namespace {

struct ExitRules {
    std::string kind;
};

[[noreturn]] void fail(const BodyNode& n, const std::string& msg) {
    throw Error(ErrorKind::Invalid, "line " + std::to_string(n.line) + ": <" + n.name + ">: " + msg);
}

Value nullValue() { return Value::null(Cardinality::Single, BaseType::Identifier); }
Value boolValue(bool b) { return Value::single(BaseType::Boolean, b ? "true" : "false"); }
Value intValue(int64_t v) { return Value::single(BaseType::Integer, std::to_string(v)); }
// Integer results outside what an int64 holds are NULL, never undefined behaviour: items come
// from outside, and "-9223372036854775808 mod -1" is a classic.
constexpr double kInt64Limit = 9.2e18;
bool fitsInt64(double x) { return std::isfinite(x) && std::abs(x) < kInt64Limit; }
Value intValueOf(double x) { return fitsInt64(x) ? intValue(static_cast<int64_t>(x)) : nullValue(); }
Value floatValue(double v) { return Value::single(BaseType::Float, formatDouble(v)); }

bool isNumeric(BaseType b) { return b == BaseType::Integer || b == BaseType::Float || b == BaseType::Duration; }

double numberOf(const BodyNode& n, const Value& v, size_t i = 0) {
    double d;
    if (i >= v.items.size() || !parseDouble(v.items[i], d)) fail(n, "expected a number");
    return d;
}

bool boolOf(const BodyNode& n, const Value& v) {
    if (v.items.size() != 1) fail(n, "expected a single boolean");
    const std::string& s = v.items[0];
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
    fail(n, "expected a boolean, got '" + s + "'");
}

std::vector<const BodyNode*> elements(const BodyNode& n) {
    std::vector<const BodyNode*> out;
    for (const auto& c : n.children)
        if (!c.isText) out.push_back(&c);
    return out;
}

// Attribute values may name a template variable ({var} in 3.0 is not used; QTI 2 allows a bare
// variable identifier where a number is expected, e.g. index n="k").
double numberAttr(const BodyNode& n, const char* name, double fallback, ProcessingContext& ctx) {
    const std::string* a = n.attribute(name);
    if (!a) return fallback;
    double d;
    if (parseDouble(*a, d)) return d;
    auto it = ctx.variables.find(*a);
    if (it != ctx.variables.end() && !it->second.isNull() && parseDouble(it->second.items[0], d)) return d;
    fail(n, std::string(name) + "='" + *a + "' is neither a number nor a numeric variable");
}

double roundHalfUp(double x) { return std::floor(x + 0.5); }

}  // namespace

Value coerceTo(const Value& v, Cardinality c, BaseType b) {
    if (v.isNull()) return Value::null(c, b);
    Value out = v;
    out.cardinality = c;
    if (c == Cardinality::Record) return out;
    if (b == BaseType::Float && v.baseType == BaseType::Integer) {
        out.baseType = b;
        return out;
    }
    if (b == BaseType::Integer && v.baseType == BaseType::Float) {
        // A float written to an integer variable: QTI leaves this to the author; round half up.
        out.baseType = b;
        for (auto& s : out.items) {
            double d;
            if (parseDouble(s, d) && fitsInt64(d)) s = std::to_string(static_cast<int64_t>(roundHalfUp(d)));
        }
        return out;
    }
    out.baseType = b;
    if (c == Cardinality::Single && out.items.size() > 1) out.items.resize(1);
    return out;
}

// ---- expressions --------------------------------------------------------------------------------

namespace {

class Evaluator {
public:
    explicit Evaluator(ProcessingContext& ctx) : m_ctx(ctx) {}

    Value eval(const BodyNode& n) {
        if (++m_depth > 200) fail(n, "expression nested too deeply");
        Value v = evalInner(n);
        --m_depth;
        return v;
    }

private:
    std::vector<Value> args(const BodyNode& n) {
        std::vector<Value> out;
        for (const BodyNode* c : elements(n)) out.push_back(eval(*c));
        return out;
    }

    bool anyNull(const std::vector<Value>& v) {
        return std::any_of(v.begin(), v.end(), [](const Value& x) { return x.isNull(); });
    }

    const ResponseDeclaration* responseDecl(const BodyNode& n) {
        const std::string id = n.attributeOr("identifier", "");
        const ResponseDeclaration* d = m_ctx.item ? m_ctx.item->findResponse(id) : nullptr;
        if (!d) fail(n, "no response variable '" + id + "'");
        return d;
    }

    Value container(const BodyNode& n, Cardinality c) {
        Value out = Value::null(c, BaseType::Identifier);
        bool typed = false;
        for (const Value& v : args(n)) {
            if (v.isNull()) continue;
            if (!typed) {
                out.baseType = v.baseType;
                typed = true;
            }
            out.items.insert(out.items.end(), v.items.begin(), v.items.end());
        }
        return out;
    }

    Value arithmetic(const BodyNode& n, const std::string& op) {
        const auto a = args(n);
        if (a.empty()) fail(n, "needs sub-expressions");
        if (anyNull(a)) return nullValue();
        bool allInt = true;
        for (const auto& v : a) allInt = allInt && v.baseType == BaseType::Integer;
        std::vector<double> xs;
        for (const auto& v : a)
            for (size_t i = 0; i < v.items.size(); ++i) xs.push_back(numberOf(n, v, i));
        double r = 0;
        if (op == "sum") r = std::accumulate(xs.begin(), xs.end(), 0.0);
        else if (op == "product") r = std::accumulate(xs.begin(), xs.end(), 1.0, std::multiplies<>());
        else if (op == "min") r = *std::min_element(xs.begin(), xs.end());
        else if (op == "max") r = *std::max_element(xs.begin(), xs.end());
        else {
            if (xs.size() != 2) fail(n, "needs two sub-expressions");
            const double x = xs[0], y = xs[1];
            if (op == "subtract") r = x - y;
            else if (op == "divide") {
                if (y == 0) return nullValue();
                return floatValue(x / y);
            } else if (op == "power") {
                r = std::pow(x, y);
                if (!std::isfinite(r)) return nullValue();
                return allInt && y >= 0 ? intValueOf(r) : floatValue(r);
            } else if (op == "integerDivide") {
                if (y == 0) return nullValue();
                return intValueOf(std::floor(x / y));
            } else if (op == "integerModulus") {
                if (y == 0 || !fitsInt64(x) || !fitsInt64(y)) return nullValue();
                // x - y * floor(x / y), in doubles: exact for the integers QTI items use.
                return intValueOf(x - y * std::floor(x / y));
            }
        }
        if (!std::isfinite(r)) return nullValue();
        return allInt ? intValueOf(r) : floatValue(r);
    }

    Value compare(const BodyNode& n, const std::string& op) {
        const auto a = args(n);
        if (a.size() != 2) fail(n, "needs two sub-expressions");
        if (anyNull(a)) return nullValue();
        const double x = numberOf(n, a[0]), y = numberOf(n, a[1]);
        if (op == "lt" || op == "durationLT") return boolValue(x < y);
        if (op == "lte") return boolValue(x <= y);
        if (op == "gt") return boolValue(x > y);
        return boolValue(x >= y);  // gte, durationGTE
    }

    Value equal(const BodyNode& n) {
        const auto a = args(n);
        if (a.size() != 2) fail(n, "needs two sub-expressions");
        if (anyNull(a)) return nullValue();
        const double x = numberOf(n, a[0]), y = numberOf(n, a[1]);
        const std::string mode = n.attributeOr("toleranceMode", "exact");
        if (mode == "exact") return boolValue(x == y);
        const auto tol = splitWhitespace(n.attributeOr("tolerance", "0"));
        double t0 = 0, t1;
        if (tol.empty() || !parseDouble(tol[0], t0)) fail(n, "bad tolerance");
        t1 = t0;
        if (tol.size() > 1 && !parseDouble(tol[1], t1)) fail(n, "bad tolerance");
        const bool incLo = n.attributeOr("includeLowerBound", "true") == "true";
        const bool incHi = n.attributeOr("includeUpperBound", "true") == "true";
        double lo, hi;
        if (mode == "absolute") {
            lo = x - t0;
            hi = x + t1;
        } else if (mode == "relative") {
            lo = x * (1 - t0 / 100);
            hi = x * (1 + t1 / 100);
        } else {
            fail(n, "unknown toleranceMode '" + mode + "'");
        }
        const bool above = incLo ? y >= lo : y > lo;
        const bool below = incHi ? y <= hi : y < hi;
        return boolValue(above && below);
    }

    static double roundTo(double x, const std::string& mode, int figures) {
        if (x == 0) return 0;
        if (mode == "decimalPlaces") {
            const double f = std::pow(10.0, figures);
            return roundHalfUp(x * f) / f;
        }
        const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(x))));
        const double f = std::pow(10.0, figures - 1 - magnitude);
        return roundHalfUp(x * f) / f;
    }

    std::vector<const TestItemState*> selectedTestItems(const BodyNode& n) {
        if (!m_ctx.testItems) fail(n, "is only allowed in a test's outcome processing");
        const auto include = splitWhitespace(n.attributeOr("includeCategory", ""));
        const auto exclude = splitWhitespace(n.attributeOr("excludeCategory", ""));
        const std::string section = n.attributeOr("sectionIdentifier", "");
        std::vector<const TestItemState*> out;
        for (const auto& it : *m_ctx.testItems) {
            auto has = [&](const std::string& c) {
                return std::find(it.categories.begin(), it.categories.end(), c) != it.categories.end();
            };
            if (!include.empty() && !std::any_of(include.begin(), include.end(), has)) continue;
            if (std::any_of(exclude.begin(), exclude.end(), has)) continue;
            if (!section.empty() && !has("section:" + section)) continue;
            out.push_back(&it);
        }
        return out;
    }

    Value evalInner(const BodyNode& n) {
        const std::string& op = n.name;
        if (op == "baseValue") {
            const auto b = parseBaseType(n.attributeOr("baseType", ""));
            if (!b) fail(n, "unknown baseType");
            const std::string text = n.plainText();
            if (!isValidLexical(*b, text)) fail(n, "'" + text + "' is not a valid " + baseTypeName(*b));
            return Value::single(*b, canonicalLexical(*b, *b == BaseType::String ? (n.children.empty() ? "" : n.children[0].text) : text));
        }
        if (op == "variable") {
            const std::string id = n.attributeOr("identifier", "");
            if (auto it = m_ctx.variables.find(id); it != m_ctx.variables.end()) return it->second;
            if (m_ctx.item)
                if (auto it = m_ctx.item->templateValues.find(id); it != m_ctx.item->templateValues.end()) return it->second;
            // item.VAR inside a test: the variable of one item.
            if (m_ctx.testItems)
                if (auto dot = id.find('.'); dot != std::string::npos)
                    for (const auto& t : *m_ctx.testItems)
                        if (t.identifier == id.substr(0, dot))
                            if (auto v = t.variables.find(id.substr(dot + 1)); v != t.variables.end()) return v->second;
            fail(n, "no variable '" + id + "'");
        }
        if (op == "correct") {
            const ResponseDeclaration* d = responseDecl(n);
            return d->correctResponse ? *d->correctResponse : Value::null(d->cardinality, d->baseType);
        }
        if (op == "default") {
            const std::string id = n.attributeOr("identifier", "");
            if (m_ctx.item)
                if (const auto* o = m_ctx.item->findOutcome(id)) return o->defaultValue ? *o->defaultValue : Value::null(o->cardinality, o->baseType);
            return nullValue();
        }
        if (op == "null") return nullValue();
        if (op == "isNull") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            return boolValue(a[0].isNull() || (a[0].items.size() == 1 && a[0].baseType == BaseType::String && a[0].items[0].empty()));
        }
        if (op == "mapResponse") {
            const ResponseDeclaration* d = responseDecl(n);
            if (!d->mapping) fail(n, "'" + d->identifier + "' has no mapping");
            auto it = m_ctx.variables.find(d->identifier);
            return floatValue(it == m_ctx.variables.end() ? 0.0 : mapResponse(*d, it->second));
        }
        if (op == "mapResponsePoint") {
            const ResponseDeclaration* d = responseDecl(n);
            if (!d->areaMapping) fail(n, "'" + d->identifier + "' has no area mapping");
            auto it = m_ctx.variables.find(d->identifier);
            return floatValue(it == m_ctx.variables.end() ? 0.0 : mapResponsePoint(*d, it->second));
        }
        if (op == "multiple") return container(n, Cardinality::Multiple);
        if (op == "ordered") return container(n, Cardinality::Ordered);
        if (op == "containerSize") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            return intValue(static_cast<int64_t>(a[0].items.size()));
        }
        if (op == "index") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            const double nd = numberAttr(n, "n", 0, m_ctx);
            if (!fitsInt64(nd)) fail(n, "n is out of range");
            const auto i = static_cast<int64_t>(nd);
            if (a[0].isNull()) return nullValue();
            if (i < 1) fail(n, "n must be 1 or more");
            if (static_cast<size_t>(i) > a[0].items.size()) return Value::null(Cardinality::Single, a[0].baseType);
            return Value::single(a[0].baseType, a[0].items[static_cast<size_t>(i - 1)]);
        }
        if (op == "member") {
            const auto a = args(n);
            if (a.size() != 2) fail(n, "needs two sub-expressions");
            if (anyNull(a)) return nullValue();
            const bool in = std::any_of(a[1].items.begin(), a[1].items.end(),
                                        [&](const std::string& s) { return baseValuesEqual(a[1].baseType, s, a[0].items[0]); });
            return boolValue(in);
        }
        if (op == "contains") {
            const auto a = args(n);
            if (a.size() != 2) fail(n, "needs two sub-expressions");
            if (anyNull(a)) return nullValue();
            const BaseType bt = a[0].baseType;
            if (a[0].cardinality == Cardinality::Ordered) {
                // A strict sub-sequence: the second appears in the first without gaps.
                const auto& h = a[0].items;
                const auto& x = a[1].items;
                for (size_t i = 0; i + x.size() <= h.size(); ++i) {
                    bool all = true;
                    for (size_t k = 0; k < x.size() && all; ++k) all = baseValuesEqual(bt, h[i + k], x[k]);
                    if (all) return boolValue(true);
                }
                return boolValue(false);
            }
            std::vector<bool> used(a[0].items.size(), false);
            for (const auto& x : a[1].items) {
                bool found = false;
                for (size_t j = 0; j < a[0].items.size() && !found; ++j)
                    if (!used[j] && baseValuesEqual(bt, a[0].items[j], x)) used[j] = found = true;
                if (!found) return boolValue(false);
            }
            return boolValue(true);
        }
        if (op == "delete") {
            const auto a = args(n);
            if (a.size() != 2) fail(n, "needs two sub-expressions");
            if (anyNull(a)) return nullValue();
            Value out = a[1];
            out.items.erase(std::remove_if(out.items.begin(), out.items.end(),
                                           [&](const std::string& s) { return baseValuesEqual(out.baseType, s, a[0].items[0]); }),
                            out.items.end());
            return out;
        }
        if (op == "match") {
            const auto a = args(n);
            if (a.size() != 2) fail(n, "needs two sub-expressions");
            if (anyNull(a)) return nullValue();
            return boolValue(valuesMatch(a[0], a[1]));
        }
        if (op == "sum" || op == "product" || op == "subtract" || op == "divide" || op == "integerDivide" ||
            op == "integerModulus" || op == "power" || op == "min" || op == "max")
            return arithmetic(n, op);
        if (op == "lt" || op == "lte" || op == "gt" || op == "gte" || op == "durationLT" || op == "durationGTE")
            return compare(n, op);
        if (op == "equal") return equal(n);
        if (op == "equalRounded") {
            const auto a = args(n);
            if (a.size() != 2) fail(n, "needs two sub-expressions");
            if (anyNull(a)) return nullValue();
            const int figures = static_cast<int>(std::clamp(numberAttr(n, "figures", 1, m_ctx), 0.0, 30.0));
            const std::string mode = n.attributeOr("roundingMode", "significantFigures");
            return boolValue(roundTo(numberOf(n, a[0]), mode, figures) == roundTo(numberOf(n, a[1]), mode, figures));
        }
        if (op == "roundTo") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            if (anyNull(a)) return nullValue();
            const int figures = static_cast<int>(std::clamp(numberAttr(n, "figures", 1, m_ctx), 0.0, 30.0));
            return floatValue(roundTo(numberOf(n, a[0]), n.attributeOr("roundingMode", "significantFigures"), figures));
        }
        if (op == "round" || op == "truncate" || op == "integerToFloat") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            if (anyNull(a)) return nullValue();
            const double x = numberOf(n, a[0]);
            if (op == "integerToFloat") return floatValue(x);
            return intValueOf(op == "round" ? roundHalfUp(x) : std::trunc(x));
        }
        if (op == "mathOperator") {
            const auto a = args(n);
            if (anyNull(a) || a.empty()) return nullValue();
            const double x = numberOf(n, a[0]);
            const std::string f = n.attributeOr("name", "");
            double r;
            if (f == "sin") r = std::sin(x);
            else if (f == "cos") r = std::cos(x);
            else if (f == "tan") r = std::tan(x);
            else if (f == "asin") r = std::asin(x);
            else if (f == "acos") r = std::acos(x);
            else if (f == "atan") r = std::atan(x);
            else if (f == "atan2") r = a.size() > 1 ? std::atan2(x, numberOf(n, a[1])) : NAN;
            else if (f == "exp") r = std::exp(x);
            else if (f == "log") r = std::log10(x);
            else if (f == "ln") r = std::log(x);
            else if (f == "abs") r = std::abs(x);
            else if (f == "signum") r = (x > 0) - (x < 0);
            else if (f == "floor") r = std::floor(x);
            else if (f == "ceil") r = std::ceil(x);
            else if (f == "toDegrees") r = x * 180.0 / M_PI;
            else if (f == "toRadians") r = x * M_PI / 180.0;
            else fail(n, "unknown math operator '" + f + "'");
            if (!std::isfinite(r)) return nullValue();
            if (f == "signum" || f == "floor" || f == "ceil") return intValueOf(r);
            return floatValue(r);
        }
        if (op == "mathConstant") {
            const std::string c = n.attributeOr("name", "");
            if (c == "pi") return floatValue(M_PI);
            if (c == "e") return floatValue(M_E);
            fail(n, "unknown constant '" + c + "'");
        }
        if (op == "statsOperator") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            if (a[0].isNull()) return nullValue();
            std::vector<double> xs;
            for (size_t i = 0; i < a[0].items.size(); ++i) xs.push_back(numberOf(n, a[0], i));
            const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
            double ss = 0;
            for (double x : xs) ss += (x - mean) * (x - mean);
            const std::string f = n.attributeOr("name", "");
            const double N = static_cast<double>(xs.size());
            if (f == "mean") return floatValue(mean);
            if (f == "popVariance") return floatValue(ss / N);
            if (f == "popSD") return floatValue(std::sqrt(ss / N));
            if (xs.size() < 2) return nullValue();
            if (f == "sampleVariance") return floatValue(ss / (N - 1));
            if (f == "sampleSD") return floatValue(std::sqrt(ss / (N - 1)));
            fail(n, "unknown statistic '" + f + "'");
        }
        if (op == "gcd" || op == "lcm") {
            const auto a = args(n);
            if (anyNull(a) || a.empty()) return nullValue();
            int64_t r = op == "gcd" ? 0 : 1;
            for (const auto& v : a)
                for (size_t i = 0; i < v.items.size(); ++i) {
                    const double d = numberOf(n, v, i);
                    if (!fitsInt64(d)) return nullValue();
                    const auto x = static_cast<int64_t>(std::abs(d));
                    if (op == "gcd") r = std::gcd(r, x);
                    else {
                        if (x != 0 && r != 0 && static_cast<double>(r) / static_cast<double>(std::gcd(r, x)) * static_cast<double>(x) >= kInt64Limit)
                            return nullValue();
                        r = (x == 0 || r == 0) ? 0 : std::lcm(r, x);
                    }
                }
            return intValue(r);
        }
        if (op == "and" || op == "or") {
            const auto a = args(n);
            if (a.empty()) fail(n, "needs sub-expressions");
            bool sawNull = false;
            for (const auto& v : a) {
                if (v.isNull()) {
                    sawNull = true;
                    continue;
                }
                const bool b = boolOf(n, v);
                if (op == "and" && !b) return boolValue(false);
                if (op == "or" && b) return boolValue(true);
            }
            if (sawNull) return nullValue();
            return boolValue(op == "and");
        }
        if (op == "not") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            if (a[0].isNull()) return nullValue();
            return boolValue(!boolOf(n, a[0]));
        }
        if (op == "anyN") {
            const auto a = args(n);
            int trues = 0, nulls = 0;
            for (const auto& v : a) {
                if (v.isNull()) ++nulls;
                else if (boolOf(n, v)) ++trues;
            }
            const int lo = static_cast<int>(std::clamp(numberAttr(n, "min", 0, m_ctx), 0.0, 1e6));
            const int hi = static_cast<int>(std::clamp(numberAttr(n, "max", static_cast<double>(a.size()), m_ctx), 0.0, 1e6));
            if (trues > hi) return boolValue(false);
            if (trues >= lo && trues + nulls <= hi) return boolValue(true);
            if (trues + nulls < lo) return boolValue(false);
            return nullValue();
        }
        if (op == "stringMatch" || op == "substring") {
            const auto a = args(n);
            if (a.size() != 2) fail(n, "needs two sub-expressions");
            if (anyNull(a)) return nullValue();
            const bool cs = n.attributeOr("caseSensitive", "true") == "true";
            std::string x = a[0].items[0], y = a[1].items[0];
            if (!cs) {
                x = toLowerLatin(x);
                y = toLowerLatin(y);
            }
            if (op == "substring") return boolValue(y.find(x) != std::string::npos);
            if (n.attributeOr("substring", "false") == "true") return boolValue(y.find(x) != std::string::npos);
            return boolValue(x == y);
        }
        if (op == "patternMatch") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            if (a[0].isNull()) return nullValue();
            const std::string pattern = n.attributeOr("pattern", "");
            if (pattern.size() > 512) fail(n, "pattern longer than 512 characters");
            try {
                // XML Schema patterns match the whole string.
                const std::regex re(pattern, std::regex::ECMAScript);
                const std::string& s = a[0].items[0];
                if (s.size() > 10000) return boolValue(false);
                return boolValue(std::regex_match(s, re));
            } catch (const std::regex_error&) {
                fail(n, "invalid pattern '" + pattern + "'");
            }
        }
        if (op == "inside") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            if (a[0].isNull()) return nullValue();
            std::string why;
            const auto area = parseArea(n.attributeOr("shape", "default"), n.attributeOr("coords", ""), &why);
            if (!area) fail(n, why);
            for (const auto& p : a[0].items) {
                const auto xy = splitWhitespace(p);
                double x, y;
                if (xy.size() == 2 && parseDouble(xy[0], x) && parseDouble(xy[1], y) && areaContains(*area, x, y))
                    return boolValue(true);
            }
            return boolValue(false);
        }
        if (op == "fieldValue") {
            const auto a = args(n);
            if (a.size() != 1) fail(n, "needs one sub-expression");
            if (a[0].isNull()) return nullValue();
            const RecordField* f = a[0].field(n.attributeOr("fieldIdentifier", ""));
            return f ? Value::single(f->baseType, f->value) : nullValue();
        }
        if (op == "repeat") {
            const double timesD = numberAttr(n, "numberRepeats", 1, m_ctx);
            if (!(timesD >= 1 && timesD <= 1000)) return nullValue();
            const int times = static_cast<int>(timesD);
            Value out = Value::null(Cardinality::Ordered, BaseType::Identifier);
            bool typed = false;
            for (int i = 0; i < times; ++i)
                for (const Value& v : args(n)) {
                    if (v.isNull()) continue;
                    if (!typed) out.baseType = v.baseType, typed = true;
                    out.items.insert(out.items.end(), v.items.begin(), v.items.end());
                }
            return out;
        }
        if (op == "randomInteger" || op == "randomFloat" || op == "random") {
            if (!m_ctx.random) fail(n, "random values are only available in template processing");
            if (op == "random") {
                const auto a = args(n);
                if (a.size() != 1) fail(n, "needs one sub-expression");
                if (a[0].isNull()) return nullValue();
                std::uniform_int_distribution<size_t> pick(0, a[0].items.size() - 1);
                return Value::single(a[0].baseType, a[0].items[pick(*m_ctx.random)]);
            }
            const double lo = numberAttr(n, "min", 0, m_ctx), hi = numberAttr(n, "max", lo, m_ctx);
            if (hi < lo) fail(n, "max is below min");
            if (!fitsInt64(lo) || !fitsInt64(hi)) fail(n, "min and max must be ordinary numbers");
            if (op == "randomFloat") return floatValue(std::uniform_real_distribution<double>(lo, hi)(*m_ctx.random));
            const double stepD = numberAttr(n, "step", 1, m_ctx);
            if (!(stepD >= 1) || !fitsInt64(stepD)) fail(n, "step must be 1 or more");
            const auto step = static_cast<int64_t>(stepD);
            const auto steps = static_cast<int64_t>((hi - lo) / static_cast<double>(step));
            const auto k = std::uniform_int_distribution<int64_t>(0, steps)(*m_ctx.random);
            return intValue(static_cast<int64_t>(lo) + k * step);
        }
        if (op == "customOperator") {
            const std::string cls = n.attributeOr("class", n.attributeOr("definition", ""));
            const CustomOperator* f = CustomOperatorRegistry::instance().find(cls);
            if (!f) fail(n, "no implementation of custom operator '" + cls + "'");
            return (*f)(args(n), n);
        }
        // Test-level aggregates.
        if (op == "numberCorrect" || op == "numberIncorrect" || op == "numberPresented" || op == "numberResponded" ||
            op == "numberSelected") {
            int64_t count = 0;
            for (const TestItemState* t : selectedTestItems(n)) {
                if (op == "numberSelected") ++count;
                else if (op == "numberPresented") count += t->presented;
                else if (op == "numberResponded") count += t->responded;
                else if (op == "numberCorrect") count += t->correct;
                else count += t->presented && !t->correct;
            }
            return intValue(count);
        }
        if (op == "testVariables") {
            const std::string var = n.attributeOr("variableIdentifier", "");
            const std::string weight = n.attributeOr("weightIdentifier", "");
            double sum = 0;
            bool allInt = weight.empty();
            for (const TestItemState* t : selectedTestItems(n)) {
                auto it = t->variables.find(var);
                if (it == t->variables.end() || it->second.isNull() || !isNumeric(it->second.baseType)) continue;
                double w = 1;
                if (!weight.empty())
                    if (auto wi = t->weights.find(weight); wi != t->weights.end()) w = wi->second;
                allInt = allInt && it->second.baseType == BaseType::Integer;
                sum += w * numberOf(n, it->second);
            }
            return allInt ? intValueOf(sum) : floatValue(sum);
        }
        if (op == "outcomeMaximum" || op == "outcomeMinimum") {
            const std::string var = n.attributeOr("outcomeIdentifier", "");
            const std::string weight = n.attributeOr("weightIdentifier", "");
            double sum = 0;
            for (const TestItemState* t : selectedTestItems(n)) {
                const auto& bounds = op == "outcomeMaximum" ? t->normalMaximum : t->normalMinimum;
                auto it = bounds.find(var);
                if (it == bounds.end()) {
                    if (op == "outcomeMaximum") return nullValue();  // one maximum unknown: the sum is too
                    continue;
                }
                double w = 1;
                if (!weight.empty())
                    if (auto wi = t->weights.find(weight); wi != t->weights.end()) w = wi->second;
                sum += w * it->second;
            }
            return floatValue(sum);
        }
        fail(n, "unknown expression");
    }

    ProcessingContext& m_ctx;
    int m_depth = 0;
};

// ---- rules ----------------------------------------------------------------------------------------

const OutcomeDeclaration* declaredOutcome(ProcessingContext& ctx, const std::string& id) {
    if (ctx.item) {
        if (const auto* o = ctx.item->findOutcome(id)) return o;
        if (const auto* t = ctx.item->findTemplate(id)) return t;
    }
    if (ctx.outcomeDeclarations)
        for (const auto& o : *ctx.outcomeDeclarations)
            if (o.identifier == id) return &o;
    return nullptr;
}

void setVariable(const BodyNode& rule, ProcessingContext& ctx, const Value& v) {
    const std::string id = rule.attributeOr("identifier", "");
    if (const auto* o = declaredOutcome(ctx, id)) {
        ctx.variables[id] = coerceTo(v, o->cardinality, o->baseType);
        return;
    }
    fail(rule, "'" + id + "' is not a declared outcome or template variable");
}

void lookupOutcome(const BodyNode& rule, ProcessingContext& ctx, const Value& source) {
    const std::string id = rule.attributeOr("identifier", "");
    const OutcomeDeclaration* o = declaredOutcome(ctx, id);
    if (!o) fail(rule, "'" + id + "' is not a declared outcome");
    if (!o->matchTable.empty() || o->matchTableDefault) {
        std::string target = o->matchTableDefault.value_or("");
        if (!source.isNull())
            for (const auto& [src, dst] : o->matchTable)
                if (baseValuesEqual(BaseType::Integer, src, source.items[0])) {
                    target = dst;
                    break;
                }
        ctx.variables[id] = Value::single(o->baseType, target);
        return;
    }
    std::string target = o->interpolationDefault.value_or("");
    double x;
    if (!source.isNull() && parseDouble(source.items[0], x))
        for (const auto& e : o->interpolationTable)
            if (e.includeBoundary ? x >= e.sourceValue : x > e.sourceValue) {
                target = e.targetValue;
                break;
            }
    ctx.variables[id] = Value::single(o->baseType, target);
}

void runRuleList(const BodyNode& container, ProcessingContext& ctx, Evaluator& ev);

void runRule(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    const std::string& r = rule.name;
    auto onlyExpr = [&]() -> const BodyNode& {
        const auto els = elements(rule);
        if (els.size() != 1) fail(rule, "needs exactly one expression");
        return *els[0];
    };
    if (r == "setOutcomeValue" || r == "setTemplateValue") {
        setVariable(rule, ctx, ev.eval(onlyExpr()));
    } else if (r == "lookupOutcomeValue") {
        lookupOutcome(rule, ctx, ev.eval(onlyExpr()));
    } else if (r == "setCorrectResponse" || r == "setDefaultValue") {
        if (!ctx.mutableItem) fail(rule, "only allowed in template processing");
        const std::string id = rule.attributeOr("identifier", "");
        const Value v = ev.eval(onlyExpr());
        if (r == "setCorrectResponse") {
            auto* d = const_cast<ResponseDeclaration*>(ctx.mutableItem->findResponse(id));
            if (!d) fail(rule, "no response variable '" + id + "'");
            d->correctResponse = coerceTo(v, d->cardinality, d->baseType);
        } else {
            auto* o = const_cast<OutcomeDeclaration*>(ctx.mutableItem->findOutcome(id));
            if (!o) fail(rule, "no outcome variable '" + id + "'");
            o->defaultValue = coerceTo(v, o->cardinality, o->baseType);
        }
    } else if (r == "responseCondition" || r == "templateCondition" || r == "outcomeCondition") {
        for (const BodyNode* branch : elements(rule)) {
            const std::string& b = branch->name;
            const bool isElse = b.ends_with("Else");
            if (isElse) {
                runRuleList(*branch, ctx, ev);
                return;
            }
            const auto parts = elements(*branch);
            if (parts.empty()) fail(*branch, "needs a condition");
            const Value cond = ev.eval(*parts[0]);
            // A NULL condition counts as false.
            if (!cond.isNull() && boolOf(*branch, cond)) {
                for (size_t i = 1; i < parts.size(); ++i) runRule(*parts[i], ctx, ev);
                return;
            }
        }
    } else if (r == "responseProcessingFragment" || r == "outcomeProcessingFragment") {
        runRuleList(rule, ctx, ev);
    } else if (r == "exitResponse" || r == "exitTemplate" || r == "exitTest") {
        throw ExitRules{r};
    } else if (r == "templateConstraint") {
        const Value cond = ev.eval(onlyExpr());
        if (cond.isNull() || !boolOf(rule, cond)) throw ExitRules{"constraint"};
    } else {
        fail(rule, "unknown rule");
    }
}

void runRuleList(const BodyNode& container, ProcessingContext& ctx, Evaluator& ev) {
    for (const BodyNode* rule : elements(container)) runRule(*rule, ctx, ev);
}

}  // namespace

Value evaluateExpression(const BodyNode& expression, ProcessingContext& ctx) {
    Evaluator ev(ctx);
    return ev.eval(expression);
}

void runRules(const BodyNode& container, ProcessingContext& ctx) {
    Evaluator ev(ctx);
    try {
        runRuleList(container, ctx, ev);
    } catch (const ExitRules& exit) {
        if (exit.kind == "constraint") throw;
    }
}

Item instantiateItem(const Item& item, uint64_t seed) {
    if (item.templateProcessing.name.empty() && item.templates.empty()) return item;
    std::mt19937_64 rng(seed);
    for (int attempt = 0; attempt < 100; ++attempt) {
        Item copy = item;
        VariableMap vars;
        for (const auto& t : copy.templates)
            vars[t.identifier] = t.defaultValue ? *t.defaultValue : Value::null(t.cardinality, t.baseType);
        ProcessingContext ctx{vars, &copy, &rng, &copy, nullptr, nullptr};
        try {
            if (!copy.templateProcessing.name.empty()) runRules(copy.templateProcessing, ctx);
        } catch (const ExitRules&) {
            continue;  // templateConstraint failed: draw again
        }
        for (const auto& t : copy.templates) copy.templateValues[t.identifier] = vars[t.identifier];
        return copy;
    }
    // After 100 draws the specification lets processing go on with the last values; we refuse,
    // since an item that never satisfies its constraint is an authoring error.
    throw Error(ErrorKind::Invalid, item.sourcePath + ": templateConstraint was not satisfied in 100 attempts");
}

}  // namespace dlk
