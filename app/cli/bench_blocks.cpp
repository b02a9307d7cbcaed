// `dlkiosk bench blocks [--runs N]`: how fast the block editor's programs are scored. Runs N
// (default 10,000) scoring runs of a 50-block program (a procedure, loops, conditions) on a
// 12 by 12 world, as dlk:run-program does them: read the program text, check it against the
// palette, run it; then the same through an item's response processing (scoreOf). Target
// (issue): 10,000 scoring runs in under 1 s.
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "cli/bench_stats.h"
#include "cli/options.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "sim/blocks/blocks.h"
#include "util/text.h"

namespace dlk::cli {

namespace {

using namespace sim::blocks;

// A room of 12 by 12 with books on the floor, the goal in the bottom left corner.
const char* kWorld = R"(
    > . . . . * . . . . . .
    . . . * . . . . . . * .
    . . . . . . . * . . . .
    . * . . . . . . . . . .
    . . . . . . * . . . . .
    . . . . * . . . . . * .
    . . . . . . . . . . . .
    . . * . . . . . * . . .
    . . . . . . . . . . . .
    . . . . . . . * . . . .
    . * . . . . . . . . . .
    G . . . . . * . . . . .
)";

// Sweeps the room row by row like a lawn mower (two procedures: one row, and two rows there and
// back), picking up every book on the way and ending on the goal; padded at the
// start with blocks that change nothing (turns that cancel out), to exactly `blocks` blocks.
std::string program(int blocks) {
    const std::string sweep =
        "define sweep\n  while path ahead\n    if thing here\n      pick\n    end\n    forward\n  end\n"
        "  if thing here\n    pick\n  end\nend\n";
    const std::string lanes =
        "define lanes\n  sweep\n  turn right\n  forward\n  turn right\n  sweep\n  turn left\n  forward\n  turn "
        "left\nend\n";
    std::string body = sweep + lanes + "repeat 5\n  lanes\nend\nsweep\nturn right\nforward\nturn right\nsweep\n";
    const Parsed parsed = parse(body);
    if (!parsed.ok()) throw std::runtime_error("bench program: " + parsed.error);
    const int missing = blocks - parsed.program.blocks();
    if (missing < 0) throw std::runtime_error("bench program: more than " + std::to_string(blocks) + " blocks");
    std::string pad = missing % 2 ? "pick\n" : "";  // nothing to pick at the start
    for (int i = 0; i < missing / 2; ++i) pad += "turn left\nturn right\n";
    return pad + body;
}

std::string item(const std::string& solution) {
    return std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" xmlns:dlk="https://dlkiosk.nl/ns/1"
    identifier="bench-blocks" title="bench" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string">
    <qti-correct-response><qti-value>)") +
           solution + R"(</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
  <qti-item-body>
    <qti-custom-interaction response-identifier="RESPONSE">
      <dlk:blocks max-steps="2000"><dlk:world>)" +
           kWorld + R"(</dlk:world></dlk:blocks>
    </qti-custom-interaction>
  </qti-item-body>
  <qti-response-processing>
    <qti-response-condition>
      <qti-response-if>
        <qti-field-value field-identifier="solved">
          <qti-custom-operator class="dlk:run-program"><qti-variable identifier="RESPONSE"/></qti-custom-operator>
        </qti-field-value>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
      </qti-response-if>
    </qti-response-condition>
  </qti-response-processing>
</qti-assessment-item>
)";
}

}  // namespace

int benchBlocks(Args& args) {
    int64_t runs = 10000;
    if (!parseInt64(args.valueOr("runs", "10000"), runs) || runs < 1 || runs > 10000000)
        throw std::runtime_error("--runs takes 1 to 10000000");
    args.requireKnown();

    const std::string text = program(50);
    const Item it = parseItemXml(item(text), "bench-blocks.xml");
    const auto& sc = static_cast<const BlocksScenario&>(*it.environments.at("RESPONSE").scenario);
    const Value response = Value::single(BaseType::String, text);
    const Outcome once = evaluate(sc, response);
    if (!once.error.empty()) throw std::runtime_error("bench program: " + once.error);

    // The operator's work: read, check, run.
    auto t0 = BenchClock::now();
    int solved = 0;
    for (int64_t i = 0; i < runs; ++i) solved += evaluate(sc, response).solved ? 1 : 0;
    const double evalMs = msSince(t0);
    // The same through the item's response processing.
    const int64_t scored = std::max<int64_t>(1, runs / 10);
    t0 = BenchClock::now();
    double total = 0;
    for (int64_t i = 0; i < scored; ++i) total += scoreOf(it, {{"RESPONSE", response}});
    const double scoreMs = msSince(t0);

    std::printf("bench blocks: a %d-block program on a %dx%d world, %d steps a run, %s\n", once.blocks,
                sc.worlds[0].width, sc.worlds[0].height, once.steps, once.solved ? "solved" : "not solved");
    std::printf("  %lld scoring runs (read, check, run): %.0f ms, %.1f us a run%s\n", static_cast<long long>(runs),
                evalMs, 1000.0 * evalMs / static_cast<double>(runs),
                runs == 10000 ? (evalMs < 1000 ? " (target: under 1 s: met)" : " (target: under 1 s: NOT met)") : "");
    std::printf("  %lld items scored by their response processing (operator, fieldValue, SCORE): %.1f us each\n",
                static_cast<long long>(scored), 1000.0 * scoreMs / static_cast<double>(scored));
    return solved == runs && total == static_cast<double>(scored) ? 0 : 1;
}

}  // namespace dlk::cli
