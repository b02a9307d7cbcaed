#pragma once
// QTI's rule and expression language, shared by response processing (items), template
// processing (item variants) and outcome processing (tests). Values follow the specification's
// NULL semantics: most operators give NULL when an operand is NULL; and/or as the spec says.
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "qti/item.h"

namespace dlk {

using VariableMap = std::map<std::string, Value>;

// A customOperator implementation: gets the evaluated sub-expressions, the operator's own
// element (for its attributes and which variables its arguments are) and the item being
// processed (null outside item processing: its declarations and simulated environments, e.g.
// the worlds dlk:run-program runs a program on); returns a value or throws dlk::Error(Invalid).
using CustomOperator = std::function<Value(const std::vector<Value>& args, const BodyNode& element, const Item* item)>;

// dlkiosk code registers its operators here by the customOperator's class attribute.
// Built in: "nl.dlkiosk.normalizeText" (trim, lower case, collapse spaces), and the operators of
// the simulated environments ("dlk:run-program", sim/blocks/blocks.h).
class CustomOperatorRegistry {
public:
    static CustomOperatorRegistry& instance();
    void add(const std::string& className, CustomOperator op);
    const CustomOperator* find(const std::string& className) const;

private:
    CustomOperatorRegistry();
    std::map<std::string, CustomOperator> m_ops;
};

// What an assessment test's outcome processing may ask about its items (numberCorrect and
// friends, testVariables). Filled by the test engine; empty for item processing.
struct TestItemState {
    std::string identifier;
    std::vector<std::string> categories;
    std::map<std::string, double> weights;
    VariableMap variables;                                       // the item's outcomes and responses after processing
    std::map<std::string, double> normalMaximum, normalMinimum;  // per outcome, when declared
    bool presented = false;
    bool responded = false;
    bool correct = false;  // every response matched its correct response
};

struct ProcessingContext {
    VariableMap& variables;             // read and written by the rules
    const Item* item = nullptr;         // declarations, for correct(), mapResponse and coercion
    std::mt19937_64* random = nullptr;  // for randomInteger, randomFloat, random
    Item* mutableItem = nullptr;        // template processing may set correct responses and defaults
    const std::vector<TestItemState>* testItems = nullptr;
    const std::vector<OutcomeDeclaration>* outcomeDeclarations = nullptr;  // for tests
    size_t evaluations = 0;  // expressions evaluated so far, at most kMaxEvaluations (qti/limits.h)
};

// Evaluates one expression element.
Value evaluateExpression(const BodyNode& expression, ProcessingContext& ctx);
// Runs the rules under `container` (a responseProcessing, templateProcessing or outcomeProcessing
// element); stops at exitResponse / exitTemplate / exitTest.
void runRules(const BodyNode& container, ProcessingContext& ctx);

// Applies template processing with the seeded generator: template values, and correct responses
// or defaults that the rules set. templateConstraint is retried up to 100 times.
Item instantiateItem(const Item& item, uint64_t seed);

// Coerces a computed value to a declared variable (an integer expression into a float SCORE, ...).
Value coerceTo(const Value& v, Cardinality c, BaseType b);

}  // namespace dlk
