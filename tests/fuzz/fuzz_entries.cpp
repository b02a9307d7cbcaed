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
#include "sim/blocks/blocks.h"
#include "sim/blocks/editor.h"
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

void blocksEntry(const uint8_t* data, size_t size) {
    using namespace sim::blocks;
    const std::string_view text = view(data, size);
    // As the rows of a world: a world or a dlk::Error.
    try {
        const World w = readWorld(text, 1);
        if (w.width < 1 || w.height < 1 || w.width > kMaxWorldSide || w.height > kMaxWorldSide) std::abort();
    } catch (const Error&) {
    }
    // As a program: refused with a line, or read; what is read writes back as the same program.
    const Parsed parsed = parse(text);
    if (!parsed.ok()) {
        if (!parsed.error.starts_with("line ") || !parsed.program.lines.empty()) std::abort();
        return;
    }
    const Program& p = parsed.program;
    const Parsed again = parse(write(p));
    if (!again.ok() || !(again.program == p)) std::abort();
    // Run on a room with everything in it, with a trace; the run keeps to the limit.
    static const World room = readWorld("> . * . #\n. # . * .\n* . . # G\n", 1);
    std::vector<TraceStep> trace;
    const Run r = run(p, room, 500, &trace);
    if (r.steps > 500 || trace.size() > 500 || !room.inside(r.at.x, r.at.y)) std::abort();
    // Every edit the view can make gives a program the parser accepts (or is refused).
    const int n = static_cast<int>(p.lines.size());
    const int at = n == 0 ? 0 : static_cast<int>(size % static_cast<size_t>(n));
    auto check = [](const std::optional<Program>& q) {
        if (q && !parse(write(*q)).ok()) std::abort();
    };
    for (Kind k : {Kind::Forward, Kind::Repeat, Kind::If, Kind::Define})
        check(insertBlock(p, at, NewBlock{k, 2, Sensor::Goal, "zz", k == Kind::If}));
    check(removeBlock(p, at));
    check(moveBlock(p, at, n - at));
    check(setCount(p, at, 5));
    check(setSensor(p, at, Sensor::ThingHere));
    // Scored the way dlk:run-program scores it.
    static const std::shared_ptr<const BlocksScenario> scenario = [] {
        BodyNode e;
        e.name = "dlk:blocks";
        BodyNode w;
        w.name = "dlk:world";
        w.ns = std::string(sim::kNamespace);
        BodyNode rows;
        rows.isText = true;
        rows.text = "> . * . #\n. # . * .\n* . . # G\n";
        w.children.push_back(rows);
        e.children.push_back(w);
        return readScenario(e);
    }();
    const Outcome o = evaluate(*scenario, Value::single(BaseType::String, std::string(text)));
    if (o.steps > scenario->stepLimit || (o.error.empty() && o.blocks != p.blocks())) std::abort();
}

}  // namespace dlk::fuzz
