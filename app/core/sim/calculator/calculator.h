#pragma once
// A pocket calculator (ICT basic skills: use a standard application to get a result). The
// pupil presses keys; the answer is the calculator as it is left, so the number on its display
// is what an item scores, typically with a tolerance:
//
//   <qti-response-declaration identifier="RESPONSE" cardinality="record">
//     <qti-correct-response><qti-value field-identifier="value" base-type="float">14.5</qti-value>
//     </qti-correct-response></qti-response-declaration>
//   ... <qti-custom-interaction response-identifier="RESPONSE">
//         <dlk:calculator xmlns:dlk="https://dlkiosk.nl/ns/1" max-digits="10"/>
//       </qti-custom-interaction>
//   ... <qti-equal tolerance-mode="absolute" tolerance="0.005">
//         <qti-field-value field-identifier="value"><qti-variable identifier="RESPONSE"/></qti-field-value>
//         <qti-field-value field-identifier="value"><qti-correct identifier="RESPONSE"/></qti-field-value>
//       </qti-equal>
//
// An item may also bind the number shown to a response of its own, value-response="VALUE"
// (single float, NULL after an error), and score that with equal directly.
//
// The response is a record: value (float, the number shown; absent after an error), display
// (string, exactly as shown with '.' as the decimal point, "E" after an error), memory (float,
// the number waiting for the operator), operator (string: none, plus, minus, times, divide),
// typing (boolean: the next digit extends the display) and error (boolean). Its fields are of
// the base types a stored record keeps exactly (float, string, boolean), so a restart resumes the
// calculator mid-sum. It computes as a pocket calculator does: each operator applies the one
// before it (2 + 3 × 4 = 20), and = applies the last.
#include <optional>
#include <string>
#include <string_view>

#include "qti/value.h"
#include "sim/environment.h"

namespace dlk::sim::calculator {

struct CalculatorScenario : Scenario {
    int maxDigits = 12;  // digits a number may have on the display (scenario attribute max-digits, 4 to 15)
};

enum class Operator { None, Plus, Minus, Times, Divide };

enum class Key {
    Digit0,
    Digit1,
    Digit2,
    Digit3,
    Digit4,
    Digit5,
    Digit6,
    Digit7,
    Digit8,
    Digit9,
    Point,
    Plus,
    Minus,
    Times,
    Divide,
    Equals,
    Clear,
    Back,
    Sign,
};

struct State {
    std::string display = "0";
    double memory = 0;
    Operator op = Operator::None;
    bool typing = false;
    bool error = false;
    bool operator==(const State&) const = default;
};

// Key names as process data records them: "0".."9", "point", "plus", "minus", "times",
// "divide", "equals", "clear", "back", "sign".
const char* keyName(Key key);
std::optional<Key> keyFromName(std::string_view name);
const char* operatorName(Operator op);

// The calculator after pressing `key`. A key that does nothing (a digit after an error, a
// second point) leaves the state as it was.
State press(const CalculatorScenario& scenario, State state, Key key);

// The number on the display; nullopt after an error.
std::optional<double> displayedValue(const State& state);

// The response record for a state, and the state a stored response stands for (NULL or
// unreadable: a calculator just switched on).
Value toResponse(const State& state);
State fromResponse(const Value& response);

extern const EnvironmentType kType;

}  // namespace dlk::sim::calculator
