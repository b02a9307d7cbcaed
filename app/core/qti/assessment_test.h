#pragma once
// QTI assessmentTest: test parts, sections and item refs, with selection, ordering, required and
// fixed, preConditions and branchRules, time limits, weights, and the test's outcome processing.
// A module in the item bank is one assessmentTest.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qti/processing.h"

namespace dlk {

struct TimeLimit {
    double minTime = 0, maxTime = 0;  // seconds; 0 = none
};

struct ItemRefSpec {
    std::string identifier;
    std::string href;
    std::vector<std::string> categories;
    std::map<std::string, double> weights;
    bool required = false;
    bool fixed = false;
    std::vector<BodyNode> preConditions;
    std::vector<BodyNode> branchRules;
    TimeLimit timeLimit;
    int line = 0;
};

struct SectionSpec;

struct SectionChild {
    std::shared_ptr<SectionSpec> section;  // set for a sub-section
    ItemRefSpec item;                      // otherwise
    bool isSection() const { return section != nullptr; }
    const std::string& identifier() const;
    bool required() const;
    bool fixed() const;
};

struct SectionSpec {
    std::string identifier;
    std::string title;
    bool visible = true;
    bool keepTogether = true;
    bool required = false;
    bool fixed = false;
    int select = 0;  // 0: all children
    bool withReplacement = false;
    bool shuffle = false;
    std::vector<BodyNode> preConditions;
    std::vector<BodyNode> branchRules;
    TimeLimit timeLimit;
    std::vector<SectionChild> children;
};

struct TestPartSpec {
    std::string identifier;
    std::string navigationMode = "linear";      // linear | nonlinear
    std::string submissionMode = "individual";  // individual | simultaneous
    std::vector<BodyNode> preConditions;
    std::vector<BodyNode> branchRules;
    TimeLimit timeLimit;
    std::vector<SectionSpec> sections;
};

struct AssessmentTest {
    std::string identifier;
    std::string title;
    std::string sourcePath;
    int line = 0;  // of the root element, for messages about the test as a whole
    TimeLimit timeLimit;
    std::vector<TestPartSpec> parts;
    std::vector<OutcomeDeclaration> outcomes;
    BodyNode outcomeProcessing;  // empty name when absent
};

AssessmentTest parseAssessmentTest(std::string_view xml, const std::string& sourceName);
AssessmentTest loadAssessmentTestFile(const std::string& path);

// One entry of a pupil's route through a test: the item ref, where it sits, and the sections
// around it (outermost first), for section-level time limits and branch targets.
struct RouteItem {
    const ItemRefSpec* ref = nullptr;
    const TestPartSpec* part = nullptr;
    std::vector<const SectionSpec*> sections;
};

// Applies selection and ordering with a seeded generator: the same seed gives the same route.
// Without selection or shuffling the route is the document order.
std::vector<RouteItem> planRoute(const AssessmentTest& test, uint64_t seed);
// Every item ref in document order, ignoring selection and ordering (the bank's catalogue).
std::vector<RouteItem> allItemRefs(const AssessmentTest& test);

// The next route position after `current` in a linear part: branch rules of the item (then of its
// enclosing sections, when it is their last item) are followed, and items whose preConditions are
// false are skipped. Returns route.size() at the end of the test. `variables` holds the test's
// outcomes and the items' variables as "ITEM.VAR".
size_t nextRoutePosition(const std::vector<RouteItem>& route, size_t current, VariableMap& variables);

// Runs the test's outcome processing over the items' results.
VariableMap processTestOutcomes(const AssessmentTest& test, const std::vector<TestItemState>& items);

}  // namespace dlk
