#include "qti/processing.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "qti/area.h"
#include "qti/limits.h"
#include "qti/response_processing.h"
#include "sim/blocks/blocks.h"
#include "util/error.h"
#include "util/text.h"
#include "util/xsd_regex.h"

namespace dlk {

// ---- custom operators -----------------------------------------------------------------------

CustomOperatorRegistry& CustomOperatorRegistry::instance() {
    static CustomOperatorRegistry r;
    return r;
}

CustomOperatorRegistry::CustomOperatorRegistry() {
    add("nl.dlkiosk.normalizeText", [](const std::vector<Value>& args, const BodyNode&, const Item*) {
        if (args.size() != 1) throw Error(ErrorKind::Invalid, "normalizeText takes one value");
        if (args[0].isNull()) return Value::null(Cardinality::Single, BaseType::String);
        std::string out;
        for (const auto& w : splitWhitespace(toLowerAscii(args[0].items[0]))) out += (out.empty() ? "" : " ") + w;
        return Value::single(BaseType::String, out);
    });
    sim::blocks::registerOperators(*this);
}

void CustomOperatorRegistry::add(const std::string& className, CustomOperator op) {
    m_ops[className] = std::move(op);
}

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

Value nullValue() {
    return Value::null(Cardinality::Single, BaseType::Identifier);
}
Value boolValue(bool b) {
    return Value::single(BaseType::Boolean, b ? "true" : "false");
}
Value intValue(int64_t v) {
    return Value::single(BaseType::Integer, std::to_string(v));
}
// Integer results outside what an int64 holds are NULL, never undefined behaviour: items come
// from outside, and "-9223372036854775808 mod -1" is a classic.
constexpr double kInt64Limit = 9.2e18;
bool fitsInt64(double x) {
    return std::isfinite(x) && std::abs(x) < kInt64Limit;
}
Value intValueOf(double x) {
    return fitsInt64(x) ? intValue(static_cast<int64_t>(x)) : nullValue();
}
Value floatValue(double v) {
    return Value::single(BaseType::Float, formatDouble(v));
}

bool isNumeric(BaseType b) {
    return b == BaseType::Integer || b == BaseType::Float || b == BaseType::Duration;
}

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
    // Never the value itself: it may be what a pupil typed, and this message reaches logs and exports.
    fail(n, "expected a boolean, got another value");
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

double roundHalfUp(double x) {
    return std::floor(x + 0.5);
}

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
//
// Every operator is one row of kOperators below: its name, how many sub-expressions it takes,
// whether a NULL among them makes the result NULL (the rule for most operators, checked once
// here rather than in each), and the function that computes it. Adding an operator is a function
// and a row.

namespace {

class Evaluator;

// What an operator receives: its element (attributes, and for the few that read their own
// children, the children) and its sub-expressions already evaluated in document order.
using OperatorFn = Value (*)(Evaluator& ev, const BodyNode& n, const std::vector<Value>& args);

constexpr int kAny = -1;

enum class Operands {
    Evaluated,   // sub-expressions are evaluated first and counted against minArgs/maxArgs
    NullIsNull,  // ... and any NULL among them gives NULL without calling the function
    Own,         // the operator reads its children itself (a value, a variable name, repeat)
};

struct Operator {
    std::string_view name;
    Operands operands;
    int minArgs;
    int maxArgs;  // kAny: no upper limit
    OperatorFn fn;
};

class Evaluator {
public:
    explicit Evaluator(ProcessingContext& ctx) : m_ctx(ctx) {}

    Value eval(const BodyNode& n);

    // The sub-expressions' values, counted against kMaxProcessingBytes while they are held: the
    // caller gives them back with release() (Held does) once the operator has used them.
    std::vector<Value> args(const BodyNode& n, size_t& heldBytes) {
        std::vector<Value> out;
        for (const BodyNode* c : elements(n)) {
            out.push_back(eval(*c));
            const size_t bytes = bytesOf(out.back());
            hold(n, bytes);
            heldBytes += bytes;
        }
        return out;
    }

    // Bytes that stay: a value stored in a variable is held until processing ends.
    void hold(const BodyNode& n, size_t bytes) {
        m_heldBytes += bytes;
        if (m_heldBytes > kMaxProcessingBytes)
            fail(n, "processing would hold more than " + std::to_string(kMaxProcessingBytes >> 20) +
                        " MiB of values; the item asks too much");
    }
    void release(size_t bytes) { m_heldBytes -= std::min(bytes, m_heldBytes); }

    static size_t bytesOf(const Value& v) {
        size_t b = sizeof(Value);
        for (const auto& s : v.items) b += sizeof(std::string) + s.size();
        for (const auto& f : v.fields) b += sizeof(RecordField) + f.name.size() + f.value.size();
        return b;
    }

    const ResponseDeclaration* responseDecl(const BodyNode& n) {
        const std::string id = n.attributeOr("identifier", "");
        const ResponseDeclaration* d = m_ctx.item ? m_ctx.item->findResponse(id) : nullptr;
        if (!d) fail(n, "no response variable '" + id + "'");
        return d;
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

    ProcessingContext& ctx() { return m_ctx; }

private:
    ProcessingContext& m_ctx;
    int m_depth = 0;
    size_t m_heldBytes = 0;
};

// Gives held operand bytes back when the operator is done with them.
struct Held {
    Evaluator& ev;
    size_t bytes = 0;
    ~Held() { ev.release(bytes); }
};

// ---- values and variables

Value opBaseValue(Evaluator&, const BodyNode& n, const std::vector<Value>&) {
    const auto b = parseBaseType(n.attributeOr("baseType", ""));
    if (!b) fail(n, "unknown baseType");
    const std::string text = n.plainText();
    if (!isValidLexical(*b, text)) fail(n, "'" + text + "' is not a valid " + baseTypeName(*b));
    return Value::single(
        *b, canonicalLexical(*b, *b == BaseType::String ? (n.children.empty() ? "" : n.children[0].text) : text));
}

Value opVariable(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    ProcessingContext& ctx = ev.ctx();
    const std::string id = n.attributeOr("identifier", "");
    if (auto it = ctx.variables.find(id); it != ctx.variables.end()) return it->second;
    if (ctx.item)
        if (auto it = ctx.item->templateValues.find(id); it != ctx.item->templateValues.end()) return it->second;
    // item.VAR inside a test: the variable of one item.
    if (ctx.testItems)
        if (auto dot = id.find('.'); dot != std::string::npos)
            for (const auto& t : *ctx.testItems)
                if (t.identifier == id.substr(0, dot))
                    if (auto v = t.variables.find(id.substr(dot + 1)); v != t.variables.end()) return v->second;
    fail(n, "no variable '" + id + "'");
}

Value opCorrect(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    const ResponseDeclaration* d = ev.responseDecl(n);
    return d->correctResponse ? *d->correctResponse : Value::null(d->cardinality, d->baseType);
}

Value opDefault(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    const std::string id = n.attributeOr("identifier", "");
    if (const Item* item = ev.ctx().item)
        if (const auto* o = item->findOutcome(id))
            return o->defaultValue ? *o->defaultValue : Value::null(o->cardinality, o->baseType);
    return nullValue();
}

Value opNull(Evaluator&, const BodyNode&, const std::vector<Value>&) {
    return nullValue();
}

Value opIsNull(Evaluator&, const BodyNode&, const std::vector<Value>& a) {
    return boolValue(a[0].isNull() ||
                     (a[0].items.size() == 1 && a[0].baseType == BaseType::String && a[0].items[0].empty()));
}

Value opMapResponse(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    const ResponseDeclaration* d = ev.responseDecl(n);
    if (!d->mapping) fail(n, "'" + d->identifier + "' has no mapping");
    auto it = ev.ctx().variables.find(d->identifier);
    return floatValue(it == ev.ctx().variables.end() ? 0.0 : mapResponse(*d, it->second));
}

Value opMapResponsePoint(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    const ResponseDeclaration* d = ev.responseDecl(n);
    if (!d->areaMapping) fail(n, "'" + d->identifier + "' has no area mapping");
    auto it = ev.ctx().variables.find(d->identifier);
    return floatValue(it == ev.ctx().variables.end() ? 0.0 : mapResponsePoint(*d, it->second));
}

Value opFieldValue(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const RecordField* f = a[0].field(n.attributeOr("fieldIdentifier", ""));
    return f ? Value::single(f->baseType, f->value) : nullValue();
}

// ---- containers

[[noreturn]] void failContainer(const BodyNode& n) {
    fail(n, "the container would hold more than " + std::to_string(kMaxContainerValues) +
                " values, the most a container may hold");
}

// The non-NULL values in one container, typed by the first of them; at most kMaxContainerValues.
Value collect(const BodyNode& n, const std::vector<Value>& values, Cardinality c) {
    Value out = Value::null(c, BaseType::Identifier);
    bool typed = false;
    for (const Value& v : values) {
        if (v.isNull()) continue;
        if (!typed) {
            out.baseType = v.baseType;
            typed = true;
        }
        if (v.items.size() > kMaxContainerValues - out.items.size()) failContainer(n);
        out.items.insert(out.items.end(), v.items.begin(), v.items.end());
    }
    return out;
}

Value opMultiple(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return collect(n, a, Cardinality::Multiple);
}
Value opOrdered(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return collect(n, a, Cardinality::Ordered);
}

Value opContainerSize(Evaluator&, const BodyNode&, const std::vector<Value>& a) {
    return intValue(static_cast<int64_t>(a[0].items.size()));
}

Value opIndex(Evaluator& ev, const BodyNode& n, const std::vector<Value>& a) {
    const double nd = numberAttr(n, "n", 0, ev.ctx());
    if (!fitsInt64(nd)) fail(n, "n is out of range");
    const auto i = static_cast<int64_t>(nd);
    if (a[0].isNull()) return nullValue();
    if (i < 1) fail(n, "n must be 1 or more");
    if (static_cast<size_t>(i) > a[0].items.size()) return Value::null(Cardinality::Single, a[0].baseType);
    return Value::single(a[0].baseType, a[0].items[static_cast<size_t>(i - 1)]);
}

Value opMember(Evaluator&, const BodyNode&, const std::vector<Value>& a) {
    return boolValue(std::any_of(a[1].items.begin(), a[1].items.end(), [&](const std::string& s) {
        return baseValuesEqual(a[1].baseType, s, a[0].items[0]);
    }));
}

Value opContains(Evaluator&, const BodyNode&, const std::vector<Value>& a) {
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

Value opDelete(Evaluator&, const BodyNode&, const std::vector<Value>& a) {
    Value out = a[1];
    out.items.erase(
        std::remove_if(out.items.begin(), out.items.end(),
                       [&](const std::string& s) { return baseValuesEqual(out.baseType, s, a[0].items[0]); }),
        out.items.end());
    return out;
}

Value opMatch(Evaluator&, const BodyNode&, const std::vector<Value>& a) {
    return boolValue(valuesMatch(a[0], a[1]));
}

Value opRepeat(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    const double timesD = numberAttr(n, "numberRepeats", 1, ev.ctx());
    if (!(timesD >= 1)) return nullValue();  // QTI: fewer than one repeat gives NULL
    if (timesD > kMaxRepeatCount)
        fail(n, "numberRepeats is " + formatDouble(timesD) + "; a repeat may run at most " +
                    std::to_string(kMaxRepeatCount) + " times");
    const int times = static_cast<int>(timesD);
    // Each round evaluates the sub-expressions again (a random value differs per round); the
    // rounds are counted as they come, so nested repeats stop at the limit instead of growing.
    std::vector<Value> rounds;
    Held held{ev};
    size_t values = 0;
    for (int i = 0; i < times; ++i)
        for (Value& v : ev.args(n, held.bytes)) {
            values += v.items.size();
            if (values > kMaxContainerValues) failContainer(n);
            rounds.push_back(std::move(v));
        }
    return collect(n, rounds, Cardinality::Ordered);
}

// ---- numbers

std::vector<double> numbersOf(const BodyNode& n, const std::vector<Value>& a) {
    std::vector<double> xs;
    for (const auto& v : a)
        for (size_t i = 0; i < v.items.size(); ++i) xs.push_back(numberOf(n, v, i));
    return xs;
}

bool allIntegers(const std::vector<Value>& a) {
    return std::all_of(a.begin(), a.end(), [](const Value& v) { return v.baseType == BaseType::Integer; });
}

// An integer when every operand is one, else a float; NULL when the result is not finite.
Value numberResult(double r, bool integer) {
    if (!std::isfinite(r)) return nullValue();
    return integer ? intValueOf(r) : floatValue(r);
}

Value opSum(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto xs = numbersOf(n, a);
    return numberResult(std::accumulate(xs.begin(), xs.end(), 0.0), allIntegers(a));
}

Value opProduct(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto xs = numbersOf(n, a);
    return numberResult(std::accumulate(xs.begin(), xs.end(), 1.0, std::multiplies<>()), allIntegers(a));
}

Value opMin(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto xs = numbersOf(n, a);
    if (xs.empty()) return nullValue();
    return numberResult(*std::min_element(xs.begin(), xs.end()), allIntegers(a));
}

Value opMax(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto xs = numbersOf(n, a);
    if (xs.empty()) return nullValue();
    return numberResult(*std::max_element(xs.begin(), xs.end()), allIntegers(a));
}

// The two numbers of a binary operator.
std::pair<double, double> twoNumbers(const BodyNode& n, const std::vector<Value>& a) {
    const auto xs = numbersOf(n, a);
    if (xs.size() != 2) fail(n, "needs two sub-expressions");
    return {xs[0], xs[1]};
}

Value opSubtract(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto [x, y] = twoNumbers(n, a);
    return numberResult(x - y, allIntegers(a));
}

Value opDivide(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto [x, y] = twoNumbers(n, a);
    if (y == 0) return nullValue();
    return numberResult(x / y, false);
}

Value opPower(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto [x, y] = twoNumbers(n, a);
    return numberResult(std::pow(x, y), allIntegers(a) && y >= 0);
}

Value opIntegerDivide(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto [x, y] = twoNumbers(n, a);
    if (y == 0) return nullValue();
    return intValueOf(std::floor(x / y));
}

Value opIntegerModulus(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto [x, y] = twoNumbers(n, a);
    if (y == 0 || !fitsInt64(x) || !fitsInt64(y)) return nullValue();
    // x - y * floor(x / y), in doubles: exact for the integers QTI items use.
    return intValueOf(x - y * std::floor(x / y));
}

Value opLt(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return boolValue(numberOf(n, a[0]) < numberOf(n, a[1]));
}
Value opLte(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return boolValue(numberOf(n, a[0]) <= numberOf(n, a[1]));
}
Value opGt(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return boolValue(numberOf(n, a[0]) > numberOf(n, a[1]));
}
Value opGte(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return boolValue(numberOf(n, a[0]) >= numberOf(n, a[1]));
}

Value opEqual(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
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

double roundTo(double x, const std::string& mode, int figures) {
    if (x == 0) return 0;
    if (mode == "decimalPlaces") {
        const double f = std::pow(10.0, figures);
        return roundHalfUp(x * f) / f;
    }
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(x))));
    const double f = std::pow(10.0, figures - 1 - magnitude);
    return roundHalfUp(x * f) / f;
}

int figuresOf(Evaluator& ev, const BodyNode& n) {
    return static_cast<int>(std::clamp(numberAttr(n, "figures", 1, ev.ctx()), 0.0, 30.0));
}

Value opEqualRounded(Evaluator& ev, const BodyNode& n, const std::vector<Value>& a) {
    const int figures = figuresOf(ev, n);
    const std::string mode = n.attributeOr("roundingMode", "significantFigures");
    return boolValue(roundTo(numberOf(n, a[0]), mode, figures) == roundTo(numberOf(n, a[1]), mode, figures));
}

Value opRoundTo(Evaluator& ev, const BodyNode& n, const std::vector<Value>& a) {
    return floatValue(
        roundTo(numberOf(n, a[0]), n.attributeOr("roundingMode", "significantFigures"), figuresOf(ev, n)));
}

Value opRound(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return intValueOf(roundHalfUp(numberOf(n, a[0])));
}
Value opTruncate(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return intValueOf(std::trunc(numberOf(n, a[0])));
}
Value opIntegerToFloat(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return floatValue(numberOf(n, a[0]));
}

Value opMathOperator(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const double x = numberOf(n, a[0]);
    const std::string f = n.attributeOr("name", "");
    // One function per name; atan2 is the one that takes a second number.
    static const std::map<std::string, double (*)(double), std::less<>> unary = {
        {"sin", [](double v) { return std::sin(v); }},
        {"cos", [](double v) { return std::cos(v); }},
        {"tan", [](double v) { return std::tan(v); }},
        {"asin", [](double v) { return std::asin(v); }},
        {"acos", [](double v) { return std::acos(v); }},
        {"atan", [](double v) { return std::atan(v); }},
        {"exp", [](double v) { return std::exp(v); }},
        {"log", [](double v) { return std::log10(v); }},
        {"ln", [](double v) { return std::log(v); }},
        {"abs", [](double v) { return std::abs(v); }},
        {"signum", [](double v) { return static_cast<double>((v > 0) - (v < 0)); }},
        {"floor", [](double v) { return std::floor(v); }},
        {"ceil", [](double v) { return std::ceil(v); }},
        {"toDegrees", [](double v) { return v * 180.0 / M_PI; }},
        {"toRadians", [](double v) { return v * M_PI / 180.0; }},
    };
    double r;
    if (f == "atan2")
        r = a.size() > 1 ? std::atan2(x, numberOf(n, a[1])) : NAN;
    else if (auto it = unary.find(f); it != unary.end())
        r = it->second(x);
    else
        fail(n, "unknown math operator '" + f + "'");
    if (!std::isfinite(r)) return nullValue();
    return numberResult(r, f == "signum" || f == "floor" || f == "ceil");
}

Value opMathConstant(Evaluator&, const BodyNode& n, const std::vector<Value>&) {
    const std::string c = n.attributeOr("name", "");
    if (c == "pi") return floatValue(M_PI);
    if (c == "e") return floatValue(M_E);
    fail(n, "unknown constant '" + c + "'");
}

Value opStatsOperator(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    std::vector<double> xs;
    for (size_t i = 0; i < a[0].items.size(); ++i) xs.push_back(numberOf(n, a[0], i));
    const double N = static_cast<double>(xs.size());
    const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / N;
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    const std::string f = n.attributeOr("name", "");
    if (f == "mean") return floatValue(mean);
    if (f == "popVariance") return floatValue(ss / N);
    if (f == "popSD") return floatValue(std::sqrt(ss / N));
    if (xs.size() < 2) return nullValue();
    if (f == "sampleVariance") return floatValue(ss / (N - 1));
    if (f == "sampleSD") return floatValue(std::sqrt(ss / (N - 1)));
    fail(n, "unknown statistic '" + f + "'");
}

Value opGcd(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    int64_t r = 0;
    for (double d : numbersOf(n, a)) {
        if (!fitsInt64(d)) return nullValue();
        r = std::gcd(r, static_cast<int64_t>(std::abs(d)));
    }
    return intValue(r);
}

Value opLcm(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    int64_t r = 1;
    for (double d : numbersOf(n, a)) {
        if (!fitsInt64(d)) return nullValue();
        const auto x = static_cast<int64_t>(std::abs(d));
        if (x != 0 && r != 0 &&
            static_cast<double>(r) / static_cast<double>(std::gcd(r, x)) * static_cast<double>(x) >= kInt64Limit)
            return nullValue();
        r = (x == 0 || r == 0) ? 0 : std::lcm(r, x);
    }
    return intValue(r);
}

// ---- logic

// and / or with QTI's NULL rule: a decisive operand decides, else any NULL gives NULL.
Value logical(const BodyNode& n, const std::vector<Value>& a, bool isAnd) {
    bool sawNull = false;
    for (const auto& v : a) {
        if (v.isNull()) {
            sawNull = true;
            continue;
        }
        if (boolOf(n, v) != isAnd) return boolValue(!isAnd);
    }
    if (sawNull) return nullValue();
    return boolValue(isAnd);
}
Value opAnd(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return logical(n, a, true);
}
Value opOr(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return logical(n, a, false);
}
Value opNot(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    return boolValue(!boolOf(n, a[0]));
}

Value opAnyN(Evaluator& ev, const BodyNode& n, const std::vector<Value>& a) {
    int trues = 0, nulls = 0;
    for (const auto& v : a) {
        if (v.isNull())
            ++nulls;
        else if (boolOf(n, v))
            ++trues;
    }
    const int lo = static_cast<int>(std::clamp(numberAttr(n, "min", 0, ev.ctx()), 0.0, 1e6));
    const int hi =
        static_cast<int>(std::clamp(numberAttr(n, "max", static_cast<double>(a.size()), ev.ctx()), 0.0, 1e6));
    if (trues > hi) return boolValue(false);
    if (trues >= lo && trues + nulls <= hi) return boolValue(true);
    if (trues + nulls < lo) return boolValue(false);
    return nullValue();
}

// ---- strings and points

std::pair<std::string, std::string> comparedStrings(const BodyNode& n, const std::vector<Value>& a) {
    std::string x = a[0].items[0], y = a[1].items[0];
    if (n.attributeOr("caseSensitive", "true") != "true") {
        x = toLowerLatin(x);
        y = toLowerLatin(y);
    }
    return {x, y};
}

Value opStringMatch(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto [x, y] = comparedStrings(n, a);
    if (n.attributeOr("substring", "false") == "true") return boolValue(y.find(x) != std::string::npos);
    return boolValue(x == y);
}

Value opSubstring(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    const auto [x, y] = comparedStrings(n, a);
    return boolValue(y.find(x) != std::string::npos);
}

Value opPatternMatch(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
    // XML Schema syntax on a linear-time engine (util/xsd_regex.h): no answer can make this slow.
    std::string why;
    const auto pattern = XsdPattern::cached(n.attributeOr("pattern", ""), &why);
    if (!pattern) fail(n, "invalid pattern: " + why);
    return boolValue(pattern->matches(a[0].items[0]));
}

Value opInside(Evaluator&, const BodyNode& n, const std::vector<Value>& a) {
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

// ---- random values (template processing only)

std::mt19937_64& randomSource(Evaluator& ev, const BodyNode& n) {
    if (!ev.ctx().random) fail(n, "random values are only available in template processing");
    return *ev.ctx().random;
}

Value opRandom(Evaluator& ev, const BodyNode& n, const std::vector<Value>& a) {
    std::mt19937_64& rng = randomSource(ev, n);
    std::uniform_int_distribution<size_t> pick(0, a[0].items.size() - 1);
    return Value::single(a[0].baseType, a[0].items[pick(rng)]);
}

std::pair<double, double> randomBounds(Evaluator& ev, const BodyNode& n) {
    const double lo = numberAttr(n, "min", 0, ev.ctx()), hi = numberAttr(n, "max", lo, ev.ctx());
    if (hi < lo) fail(n, "max is below min");
    if (!fitsInt64(lo) || !fitsInt64(hi)) fail(n, "min and max must be ordinary numbers");
    return {lo, hi};
}

Value opRandomFloat(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    std::mt19937_64& rng = randomSource(ev, n);
    const auto [lo, hi] = randomBounds(ev, n);
    return floatValue(std::uniform_real_distribution<double>(lo, hi)(rng));
}

Value opRandomInteger(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    std::mt19937_64& rng = randomSource(ev, n);
    const auto [lo, hi] = randomBounds(ev, n);
    const double stepD = numberAttr(n, "step", 1, ev.ctx());
    if (!(stepD >= 1) || !fitsInt64(stepD)) fail(n, "step must be 1 or more");
    const auto step = static_cast<int64_t>(stepD);
    const auto steps = static_cast<int64_t>((hi - lo) / static_cast<double>(step));
    const auto k = std::uniform_int_distribution<int64_t>(0, steps)(rng);
    return intValue(static_cast<int64_t>(lo) + k * step);
}

// ---- extensions and test-level aggregates

Value opCustomOperator(Evaluator& ev, const BodyNode& n, const std::vector<Value>& a) {
    const std::string cls = n.attributeOr("class", n.attributeOr("definition", ""));
    const CustomOperator* f = CustomOperatorRegistry::instance().find(cls);
    if (!f) fail(n, "no implementation of custom operator '" + cls + "'");
    return (*f)(a, n, ev.ctx().item);
}

// numberCorrect, numberIncorrect, numberPresented, numberResponded, numberSelected.
template <bool (*counts)(const TestItemState&)>
Value opNumberOf(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    int64_t count = 0;
    for (const TestItemState* t : ev.selectedTestItems(n)) count += counts(*t) ? 1 : 0;
    return intValue(count);
}
bool isSelected(const TestItemState&) {
    return true;
}
bool isPresented(const TestItemState& t) {
    return t.presented;
}
bool isResponded(const TestItemState& t) {
    return t.responded;
}
bool isCorrect(const TestItemState& t) {
    return t.correct;
}
bool isIncorrect(const TestItemState& t) {
    return t.presented && !t.correct;
}

double weightOf(const TestItemState& t, const std::string& weight) {
    if (weight.empty()) return 1;
    auto wi = t.weights.find(weight);
    return wi == t.weights.end() ? 1 : wi->second;
}

Value opTestVariables(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    const std::string var = n.attributeOr("variableIdentifier", "");
    const std::string weight = n.attributeOr("weightIdentifier", "");
    double sum = 0;
    bool allInt = weight.empty();
    for (const TestItemState* t : ev.selectedTestItems(n)) {
        auto it = t->variables.find(var);
        if (it == t->variables.end() || it->second.isNull() || !isNumeric(it->second.baseType)) continue;
        allInt = allInt && it->second.baseType == BaseType::Integer;
        sum += weightOf(*t, weight) * numberOf(n, it->second);
    }
    return allInt ? intValueOf(sum) : floatValue(sum);
}

Value outcomeBound(Evaluator& ev, const BodyNode& n, bool maximum) {
    const std::string var = n.attributeOr("outcomeIdentifier", "");
    const std::string weight = n.attributeOr("weightIdentifier", "");
    double sum = 0;
    for (const TestItemState* t : ev.selectedTestItems(n)) {
        const auto& bounds = maximum ? t->normalMaximum : t->normalMinimum;
        auto it = bounds.find(var);
        if (it == bounds.end()) {
            if (maximum) return nullValue();  // one maximum unknown: the sum is too
            continue;
        }
        sum += weightOf(*t, weight) * it->second;
    }
    return floatValue(sum);
}
Value opOutcomeMaximum(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    return outcomeBound(ev, n, true);
}
Value opOutcomeMinimum(Evaluator& ev, const BodyNode& n, const std::vector<Value>&) {
    return outcomeBound(ev, n, false);
}

// Every QTI expression dlkiosk runs. The names are the normalised 2.x spelling, as in
// qti_vocabulary.cpp, whose rows say which attributes each one takes.
constexpr Operator kOperators[] = {
    // values and variables
    {"baseValue", Operands::Own, 0, 0, opBaseValue},
    {"variable", Operands::Own, 0, 0, opVariable},
    {"correct", Operands::Own, 0, 0, opCorrect},
    {"default", Operands::Own, 0, 0, opDefault},
    {"null", Operands::Own, 0, 0, opNull},
    {"isNull", Operands::Evaluated, 1, 1, opIsNull},
    {"mapResponse", Operands::Own, 0, 0, opMapResponse},
    {"mapResponsePoint", Operands::Own, 0, 0, opMapResponsePoint},
    {"fieldValue", Operands::NullIsNull, 1, 1, opFieldValue},
    // containers
    {"multiple", Operands::Evaluated, 0, kAny, opMultiple},
    {"ordered", Operands::Evaluated, 0, kAny, opOrdered},
    {"containerSize", Operands::Evaluated, 1, 1, opContainerSize},
    {"index", Operands::Evaluated, 1, 1, opIndex},
    {"member", Operands::NullIsNull, 2, 2, opMember},
    {"contains", Operands::NullIsNull, 2, 2, opContains},
    {"delete", Operands::NullIsNull, 2, 2, opDelete},
    {"match", Operands::NullIsNull, 2, 2, opMatch},
    {"repeat", Operands::Own, 0, kAny, opRepeat},
    // numbers
    {"sum", Operands::NullIsNull, 1, kAny, opSum},
    {"product", Operands::NullIsNull, 1, kAny, opProduct},
    {"min", Operands::NullIsNull, 1, kAny, opMin},
    {"max", Operands::NullIsNull, 1, kAny, opMax},
    {"subtract", Operands::NullIsNull, 1, 2, opSubtract},
    {"divide", Operands::NullIsNull, 1, 2, opDivide},
    {"power", Operands::NullIsNull, 1, 2, opPower},
    {"integerDivide", Operands::NullIsNull, 1, 2, opIntegerDivide},
    {"integerModulus", Operands::NullIsNull, 1, 2, opIntegerModulus},
    {"lt", Operands::NullIsNull, 2, 2, opLt},
    {"lte", Operands::NullIsNull, 2, 2, opLte},
    {"gt", Operands::NullIsNull, 2, 2, opGt},
    {"gte", Operands::NullIsNull, 2, 2, opGte},
    {"durationLT", Operands::NullIsNull, 2, 2, opLt},
    {"durationGTE", Operands::NullIsNull, 2, 2, opGte},
    {"equal", Operands::NullIsNull, 2, 2, opEqual},
    {"equalRounded", Operands::NullIsNull, 2, 2, opEqualRounded},
    {"roundTo", Operands::NullIsNull, 1, 1, opRoundTo},
    {"round", Operands::NullIsNull, 1, 1, opRound},
    {"truncate", Operands::NullIsNull, 1, 1, opTruncate},
    {"integerToFloat", Operands::NullIsNull, 1, 1, opIntegerToFloat},
    {"mathOperator", Operands::NullIsNull, 1, 2, opMathOperator},
    {"mathConstant", Operands::Own, 0, 0, opMathConstant},
    {"statsOperator", Operands::NullIsNull, 1, 1, opStatsOperator},
    {"gcd", Operands::NullIsNull, 1, kAny, opGcd},
    {"lcm", Operands::NullIsNull, 1, kAny, opLcm},
    // logic
    {"and", Operands::Evaluated, 1, kAny, opAnd},
    {"or", Operands::Evaluated, 1, kAny, opOr},
    {"not", Operands::NullIsNull, 1, 1, opNot},
    {"anyN", Operands::Evaluated, 0, kAny, opAnyN},
    // strings and points
    {"stringMatch", Operands::NullIsNull, 2, 2, opStringMatch},
    {"substring", Operands::NullIsNull, 2, 2, opSubstring},
    {"patternMatch", Operands::NullIsNull, 1, 1, opPatternMatch},
    {"inside", Operands::NullIsNull, 1, 1, opInside},
    // random values
    {"random", Operands::NullIsNull, 1, 1, opRandom},
    {"randomInteger", Operands::Own, 0, 0, opRandomInteger},
    {"randomFloat", Operands::Own, 0, 0, opRandomFloat},
    // extensions and test-level aggregates
    {"customOperator", Operands::Evaluated, 0, kAny, opCustomOperator},
    {"numberCorrect", Operands::Own, 0, 0, opNumberOf<isCorrect>},
    {"numberIncorrect", Operands::Own, 0, 0, opNumberOf<isIncorrect>},
    {"numberPresented", Operands::Own, 0, 0, opNumberOf<isPresented>},
    {"numberResponded", Operands::Own, 0, 0, opNumberOf<isResponded>},
    {"numberSelected", Operands::Own, 0, 0, opNumberOf<isSelected>},
    {"testVariables", Operands::Own, 0, 0, opTestVariables},
    {"outcomeMaximum", Operands::Own, 0, 0, opOutcomeMaximum},
    {"outcomeMinimum", Operands::Own, 0, 0, opOutcomeMinimum},
};

const Operator* findOperator(std::string_view name) {
    static const std::map<std::string_view, const Operator*> byName = [] {
        std::map<std::string_view, const Operator*> m;
        for (const Operator& op : kOperators) m.emplace(op.name, &op);
        return m;
    }();
    const auto it = byName.find(name);
    return it == byName.end() ? nullptr : it->second;
}

std::string countWords(int n) {
    return n == 1 ? "one sub-expression" : n == 2 ? "two sub-expressions" : std::to_string(n) + " sub-expressions";
}

Value Evaluator::eval(const BodyNode& n) {
    struct Depth {
        int& d;
        ~Depth() { --d; }
    } depth{++m_depth};
    if (m_depth > kMaxExpressionDepth) fail(n, "expression nested too deeply");
    if (++m_ctx.evaluations > kMaxEvaluations)
        fail(n, "processing evaluated more than " + std::to_string(kMaxEvaluations) +
                    " expressions; the item asks too much");
    const Operator* op = findOperator(n.name);
    if (!op) fail(n, "unknown expression");
    if (op->operands == Operands::Own) return op->fn(*this, n, {});
    Held held{*this};
    const std::vector<Value> a = args(n, held.bytes);
    const int count = static_cast<int>(a.size());
    if (count < op->minArgs || (op->maxArgs != kAny && count > op->maxArgs)) {
        if (op->minArgs == op->maxArgs) fail(n, "needs " + countWords(op->minArgs));
        if (op->maxArgs == kAny)
            fail(n, "needs " +
                        (op->minArgs == 1 ? std::string("sub-expressions") : "at least " + countWords(op->minArgs)));
        fail(n, "needs " + std::to_string(op->minArgs) + " to " + std::to_string(op->maxArgs) + " sub-expressions");
    }
    if (op->operands == Operands::NullIsNull &&
        std::any_of(a.begin(), a.end(), [](const Value& x) { return x.isNull(); }))
        return nullValue();
    return op->fn(*this, n, a);
}

// ---- rules ----------------------------------------------------------------------------------------
//
// Like the operators, every rule is a function and one row of kRules.

// Built-in outcomes every item has without declaring them (QTI: completionStatus is set by
// rules to completed, incomplete, not_attempted or unknown).
const OutcomeDeclaration* builtInOutcome(const std::string& id) {
    static const OutcomeDeclaration completionStatus = [] {
        OutcomeDeclaration d;
        d.identifier = "completionStatus";
        d.cardinality = Cardinality::Single;
        d.baseType = BaseType::Identifier;
        return d;
    }();
    return id == completionStatus.identifier ? &completionStatus : nullptr;
}

const OutcomeDeclaration* declaredOutcome(ProcessingContext& ctx, const std::string& id) {
    if (ctx.item) {
        if (const auto* o = ctx.item->findOutcome(id)) return o;
        if (const auto* t = ctx.item->findTemplate(id)) return t;
    }
    if (ctx.outcomeDeclarations)
        for (const auto& o : *ctx.outcomeDeclarations)
            if (o.identifier == id) return &o;
    return builtInOutcome(id);
}

const BodyNode& onlyExpression(const BodyNode& rule) {
    const auto els = elements(rule);
    if (els.size() != 1) fail(rule, "needs exactly one expression");
    return *els[0];
}

using RuleFn = void (*)(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev);
void runRule(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev);
void runRuleList(const BodyNode& container, ProcessingContext& ctx, Evaluator& ev);

void ruleSetValue(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    const Value v = ev.eval(onlyExpression(rule));
    const std::string id = rule.attributeOr("identifier", "");
    const auto* o = declaredOutcome(ctx, id);
    if (!o) fail(rule, "'" + id + "' is not a declared outcome or template variable");
    // A person scores it (a rubric criterion a teacher judges): never the rules.
    if (o->externalScored == ExternalScoring::Human) return;
    ev.hold(rule, Evaluator::bytesOf(v));
    ctx.variables[id] = coerceTo(v, o->cardinality, o->baseType);
}

void ruleLookupOutcome(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    const Value source = ev.eval(onlyExpression(rule));
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

void ruleSetCorrectResponse(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    if (!ctx.mutableItem) fail(rule, "only allowed in template processing");
    const Value v = ev.eval(onlyExpression(rule));
    const std::string id = rule.attributeOr("identifier", "");
    auto* d = const_cast<ResponseDeclaration*>(ctx.mutableItem->findResponse(id));
    if (!d) fail(rule, "no response variable '" + id + "'");
    d->correctResponse = coerceTo(v, d->cardinality, d->baseType);
}

void ruleSetDefaultValue(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    if (!ctx.mutableItem) fail(rule, "only allowed in template processing");
    const Value v = ev.eval(onlyExpression(rule));
    const std::string id = rule.attributeOr("identifier", "");
    auto* o = const_cast<OutcomeDeclaration*>(ctx.mutableItem->findOutcome(id));
    if (!o) fail(rule, "no outcome variable '" + id + "'");
    o->defaultValue = coerceTo(v, o->cardinality, o->baseType);
}

// responseCondition, templateCondition, outcomeCondition: the first branch whose condition holds
// runs its rules; a NULL condition counts as false.
void ruleCondition(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    for (const BodyNode* branch : elements(rule)) {
        if (branch->name.ends_with("Else")) {
            runRuleList(*branch, ctx, ev);
            return;
        }
        const auto parts = elements(*branch);
        if (parts.empty()) fail(*branch, "needs a condition");
        const Value cond = ev.eval(*parts[0]);
        if (!cond.isNull() && boolOf(*branch, cond)) {
            for (size_t i = 1; i < parts.size(); ++i) runRule(*parts[i], ctx, ev);
            return;
        }
    }
}

void ruleFragment(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    runRuleList(rule, ctx, ev);
}

void ruleExit(const BodyNode& rule, ProcessingContext&, Evaluator&) {
    throw ExitRules{rule.name};
}

void ruleTemplateConstraint(const BodyNode& rule, ProcessingContext&, Evaluator& ev) {
    const Value cond = ev.eval(onlyExpression(rule));
    if (cond.isNull() || !boolOf(rule, cond)) throw ExitRules{"constraint"};
}

struct Rule {
    std::string_view name;
    RuleFn fn;
};

constexpr Rule kRules[] = {
    {"setOutcomeValue", ruleSetValue},
    {"setTemplateValue", ruleSetValue},
    {"lookupOutcomeValue", ruleLookupOutcome},
    {"setCorrectResponse", ruleSetCorrectResponse},
    {"setDefaultValue", ruleSetDefaultValue},
    {"responseCondition", ruleCondition},
    {"templateCondition", ruleCondition},
    {"outcomeCondition", ruleCondition},
    {"responseProcessingFragment", ruleFragment},
    {"outcomeProcessingFragment", ruleFragment},
    {"exitResponse", ruleExit},
    {"exitTemplate", ruleExit},
    {"exitTest", ruleExit},
    {"templateConstraint", ruleTemplateConstraint},
};

void runRule(const BodyNode& rule, ProcessingContext& ctx, Evaluator& ev) {
    for (const Rule& r : kRules)
        if (r.name == rule.name) return r.fn(rule, ctx, ev);
    fail(rule, "unknown rule");
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
    size_t evaluations = 0;
    for (int attempt = 0; attempt < 100; ++attempt) {
        Item copy = item;
        VariableMap vars;
        for (const auto& t : copy.templates)
            vars[t.identifier] = t.defaultValue ? *t.defaultValue : Value::null(t.cardinality, t.baseType);
        ProcessingContext ctx{vars, &copy, &rng, &copy, nullptr, nullptr};
        ctx.evaluations = evaluations;  // every draw counts against one budget
        try {
            if (!copy.templateProcessing.name.empty()) runRules(copy.templateProcessing, ctx);
        } catch (const ExitRules&) {
            evaluations = ctx.evaluations;
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
