#include "fuzz_entries.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "bank/item_bank.h"
#include "qti/assessment_test.h"
#include "qti/processing.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "qti/value.h"
#include "util/error.h"
#include "util/json.h"

namespace dlk::fuzz {

namespace {
std::string_view view(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}
}  // namespace

void itemEntry(const uint8_t* data, size_t size) {
    try {
        const Item parsed = parseItemXml(view(data, size), "fuzz.xml");
        // Go on through what the kiosk does with a loaded item: a variant, scoring with no
        // answer and with the correct answers, the text of the body.
        const Item item = instantiateItem(parsed, 1);
        (void)processResponses(item, {});
        VariableMap correct;
        for (const auto& r : item.responses)
            if (r.correctResponse) correct[r.identifier] = *r.correctResponse;
        (void)processResponses(item, correct);
        (void)item.body.plainText();
        (void)item.maxScore();
    } catch (const Error&) {
    }
}

void testEntry(const uint8_t* data, size_t size) {
    try {
        const AssessmentTest t = parseAssessmentTest(view(data, size), "fuzz-test.xml");
        const auto route = planRoute(t, 7);
        VariableMap vars;
        for (size_t i = 0; i < route.size(); i = nextRoutePosition(route, i, vars)) {
        }
        (void)processTestOutcomes(t, {});
    } catch (const Error&) {
    }
}

void jsonEntry(const uint8_t* data, size_t size) {
    Json j;
    try {
        j = parseJson(view(data, size), "fuzz.json");
    } catch (const Error&) {
        return;
    }
    // What was read writes back and reads again as the same value, as a stored response does. (Only
    // within the size limit: "1E5" is written "100000.0".)
    const std::string written = dumpJson(j);
    if (written.size() <= kJsonMaxBytes && parseJson(written, "written") != j) std::abort();
    // Read as a response of each cardinality: a dlk::Error is fine, anything else is a finding.
    for (Cardinality c : {Cardinality::Single, Cardinality::Multiple, Cardinality::Ordered, Cardinality::Record})
        for (BaseType b : {BaseType::Identifier, BaseType::Float, BaseType::String}) {
            try {
                (void)valueFromJson(j, c, b, "RESPONSE");
            } catch (const Error&) {
            }
        }
}

void packageEntry(const uint8_t* data, size_t size) {
    // libzip reads from a file; one scratch file per process keeps runs independent.
    static const std::string path =
        (std::filesystem::temp_directory_path() / ("dlk-fuzz-" + std::to_string(::getpid()) + ".zip")).string();
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    } else {
        return;
    }
    try {
        const ItemBank bank = ItemBank::load(path);
        for (const auto& m : bank.modules()) (void)m.maxScore();
    } catch (const Error&) {
    }
    std::remove(path.c_str());
}

}  // namespace dlk::fuzz
