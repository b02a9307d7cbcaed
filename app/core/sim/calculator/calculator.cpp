#include "sim/calculator/calculator.h"

#include <cmath>
#include <cstdio>

#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::calculator {

namespace {

constexpr const char* kKeyNames[] = {"0",     "1",    "2",     "3",     "4",      "5",      "6",     "7",    "8",   "9",
                                     "point", "plus", "minus", "times", "divide", "equals", "clear", "back", "sign"};
constexpr const char* kOperatorNames[] = {"none", "plus", "minus", "times", "divide"};
constexpr const char* kErrorDisplay = "E";

// The digits typed so far (not the sign or the point).
int digitCount(const std::string& display) {
    int n = 0;
    for (char c : display) n += (c >= '0' && c <= '9') ? 1 : 0;
    return n;
}

// A result as the display shows it: at most maxDigits digits, no trailing zeros after the
// point. nullopt when it does not fit (too large) or is not a number.
std::optional<std::string> format(double x, int maxDigits) {
    if (!std::isfinite(x) || std::abs(x) >= std::pow(10.0, maxDigits)) return std::nullopt;
    const int integerDigits = std::abs(x) < 1 ? 1 : static_cast<int>(std::floor(std::log10(std::abs(x)))) + 1;
    const int decimals = std::max(0, maxDigits - integerDigits);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

double apply(Operator op, double a, double b) {
    switch (op) {
        case Operator::Plus:
            return a + b;
        case Operator::Minus:
            return a - b;
        case Operator::Times:
            return a * b;
        case Operator::Divide:
            return b == 0 ? NAN : a / b;
        case Operator::None:
            return b;
    }
    return b;
}

State errorState() {
    State s;
    s.display = kErrorDisplay;
    s.error = true;
    return s;
}

// The pending operation applied to the display; the error state when it cannot be shown.
State settle(const CalculatorScenario& sc, State s) {
    const auto shown = displayedValue(s);
    if (!shown) return errorState();
    const auto result = format(apply(s.op, s.memory, *shown), sc.maxDigits);
    if (!result) return errorState();
    s.display = *result;
    s.op = Operator::None;
    s.memory = 0;
    s.typing = false;
    return s;
}

std::shared_ptr<const Scenario> readScenario(const BodyNode& element) {
    auto sc = std::make_shared<CalculatorScenario>();
    if (const std::string* digits = element.attribute("max-digits")) {
        int64_t n = 0;
        if (!parseInt64(trim(*digits), n) || n < 4 || n > 15)
            throw Error(ErrorKind::Invalid, "line " + std::to_string(element.line) + ": <" + element.name +
                                                "> max-digits='" + *digits + "' is not a number from 4 to 15");
        sc->maxDigits = static_cast<int>(n);
    }
    for (const auto& [name, value] : element.attributes)
        if (name != "max-digits" && name != "value-response" && !name.starts_with("xmlns"))
            throw Error(ErrorKind::Invalid, "line " + std::to_string(element.line) + ": <" + element.name +
                                                "> has no attribute '" + name +
                                                "' (it takes max-digits and value-response)");
    return sc;
}

// A simulated pupil: the right number with probability `fraction`; otherwise a slip a pupil
// makes (a factor ten off, the operands the other way round, one off), or a number of its own
// when the item declares no correct value.
Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const CalculatorScenario&>(scenario);
    // The right number: the state's correct "value" field, or value-response's correct value.
    std::optional<double> right;
    double v = 0;
    if (target.state.correctResponse)
        if (const RecordField* f = target.state.correctResponse->field("value"); f && parseDouble(f->value, v))
            right = v;
    if (const ResponseDeclaration* out = target.outputs.empty() ? nullptr : target.outputs[0];
        !right && out && out->correctResponse && !out->correctResponse->isNull() &&
        parseDouble(out->correctResponse->items[0], v))
        right = v;
    std::uniform_real_distribution<double> u(0, 1);
    double shown = 0;
    if (right && u(rng) < fraction) {
        shown = *right;
    } else if (right) {
        const double slips[] = {*right * 10, *right / 10, *right + 1, *right == 0 ? 1 : 1 / *right};
        shown = slips[rng() % std::size(slips)];
    } else {
        shown = static_cast<double>(1 + rng() % 1000);
    }
    State s;
    s.display = format(shown, sc.maxDigits).value_or("0");
    return toResponse(s);
}

}  // namespace

const char* keyName(Key key) {
    return kKeyNames[static_cast<int>(key)];
}

std::optional<Key> keyFromName(std::string_view name) {
    for (size_t i = 0; i < std::size(kKeyNames); ++i)
        if (name == kKeyNames[i]) return static_cast<Key>(i);
    return std::nullopt;
}

const char* operatorName(Operator op) {
    return kOperatorNames[static_cast<int>(op)];
}

std::optional<double> displayedValue(const State& state) {
    if (state.error) return std::nullopt;
    double v = 0;
    std::string text = state.display;
    if (text.ends_with('.')) text.pop_back();  // "12." while typing is 12
    if (!parseDouble(text, v)) return std::nullopt;
    return v;
}

State press(const CalculatorScenario& sc, State s, Key key) {
    if (key == Key::Clear) return State{};
    if (s.error) return s;  // only clearing leaves an error
    switch (key) {
        case Key::Point:
            if (!s.typing) {
                s.display = "0.";
                s.typing = true;
            } else if (s.display.find('.') == std::string::npos) {
                s.display += '.';
            }
            return s;
        case Key::Back:
            if (!s.typing) return s;
            s.display.pop_back();
            if (s.display.empty() || s.display == "-") s.display = "0";
            return s;
        case Key::Sign:
            if (s.display == "0" || s.display == "0.") return s;
            s.display = s.display.front() == '-' ? s.display.substr(1) : "-" + s.display;
            return s;
        case Key::Equals:
            return s.op == Operator::None ? State{s.display, 0, Operator::None, false, false} : settle(sc, s);
        case Key::Plus:
        case Key::Minus:
        case Key::Times:
        case Key::Divide: {
            const Operator next = key == Key::Plus    ? Operator::Plus
                                  : key == Key::Minus ? Operator::Minus
                                  : key == Key::Times ? Operator::Times
                                                      : Operator::Divide;
            // A second operator right after the first replaces it; after a number it applies the one before.
            if (s.op != Operator::None && s.typing) s = settle(sc, s);
            if (s.error) return s;
            s.memory = displayedValue(s).value_or(0);
            s.op = next;
            s.typing = false;
            return s;
        }
        default:
            break;
    }
    // A digit.
    const char digit = static_cast<char>('0' + static_cast<int>(key) - static_cast<int>(Key::Digit0));
    if (!s.typing) {
        s.display = std::string(1, digit);
        s.typing = true;
    } else if (digitCount(s.display) < sc.maxDigits) {
        if (s.display == "0")
            s.display = std::string(1, digit);
        else if (s.display == "-0")
            s.display = "-" + std::string(1, digit);
        else
            s.display += digit;
    }
    return s;
}

Value toResponse(const State& s) {
    Value v = Value::null(Cardinality::Record, BaseType::String);
    if (const auto shown = displayedValue(s)) v.fields.push_back({"value", BaseType::Float, formatDouble(*shown)});
    v.fields.push_back({"display", BaseType::String, s.display});
    v.fields.push_back({"memory", BaseType::Float, formatDouble(s.memory)});
    v.fields.push_back({"operator", BaseType::String, operatorName(s.op)});
    v.fields.push_back({"typing", BaseType::Boolean, s.typing ? "true" : "false"});
    v.fields.push_back({"error", BaseType::Boolean, s.error ? "true" : "false"});
    return v;
}

State fromResponse(const Value& response) {
    State s;
    if (response.cardinality != Cardinality::Record || response.isNull()) return s;
    auto text = [&](const char* name) {
        const RecordField* f = response.field(name);
        return f ? f->value : std::string();
    };
    if (text("error") == "true") return errorState();
    State read;
    read.display = text("display");
    read.typing = text("typing") == "true";
    double memory = 0;
    if (!parseDouble(text("memory"), memory)) return s;
    read.memory = memory;
    bool known = false;
    for (size_t i = 0; i < std::size(kOperatorNames); ++i)
        if (text("operator") == kOperatorNames[i]) {
            read.op = static_cast<Operator>(i);
            known = true;
        }
    // Anything a calculator could not show is a calculator just switched on.
    if (!known || !displayedValue(read)) return s;
    return read;
}

// The number on the display as a response of its own (value-response="VALUE"), so an item can
// score it with equal and a tolerance, without fieldValue; NULL after an error.
std::vector<Value> project(const Scenario&, const Value& state) {
    const auto shown = state.isNull() ? std::optional<double>() : displayedValue(fromResponse(state));
    return {shown ? Value::single(BaseType::Float, formatDouble(*shown))
                  : Value::null(Cardinality::Single, BaseType::Float)};
}

const EnvironmentType kType{
    "calculator", Cardinality::Record,
    std::nullopt, readScenario,
    simulate,     {{"value-response", Cardinality::Single, BaseType::Float, "the number on the display"}},
    project,
    true,  // holdsTypedText: the number keyed in may be a phone number
};

}  // namespace dlk::sim::calculator
