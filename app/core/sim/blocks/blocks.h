#pragma once
// Block programming for computational thinking: a palette of blocks, a program built from them,
// and a character on a grid world that runs it. The pupil's answer is the program as text
// (program.h), a single string response; the item scores it by running it on the scenario's
// worlds with the custom operator dlk:run-program:
//
//   <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
//   ... <qti-custom-interaction response-identifier="RESPONSE">
//         <dlk:blocks xmlns:dlk="https://dlkiosk.nl/ns/1" palette="forward turn-left repeat" max-blocks="6">
//           <dlk:world id="hall">
//             > . . G
//           </dlk:world>
//         </dlk:blocks>
//       </qti-custom-interaction>
//   ... <qti-field-value field-identifier="solved">
//         <qti-custom-operator class="dlk:run-program"><qti-variable identifier="RESPONSE"/></qti-custom-operator>
//       </qti-field-value>
//
// The scenario element <dlk:blocks> takes
//   palette    the blocks the pupil may use: forward turn-left turn-right pick repeat repeat-until
//              while if procedure (default: all); `if` gives if and if/else, `procedure` define
//              and its calls
//   sensors    what repeat-until, while and if may test: wall-ahead path-ahead wall-left
//              path-left wall-right path-right thing-here goal (default: all)
//   max-blocks the blocks a solution may use (1 to kMaxProgramBlocks; scored through `fits`)
//   max-steps  the step limit that ends an endless loop (10 to kMaxStepLimit, default 1000)
//   read-only  "true": the given program is shown and run, never edited (a question about it
//              is another interaction of the item)
//   runnable   "false": no Run and Step (predict the result without seeing it)
//   theme      "plain" (a star to collect, a flag as the goal) or "library" (books, the desk)
// and holds one to kMaxWorlds <dlk:world> (world.h: rows of . # > < ^ v G *; optional id, and
// width and height that must match the rows) and at most one <dlk:program> with the program the
// pupil starts from (a debugging task: fix it), which must keep to the palette. The first world
// is shown; every world is used for scoring.
//
// dlk:run-program (also "https://dlkiosk.nl/ns/1#run-program") takes the program string and
// gives a record over all worlds: solved (every world: on the goal with every thing collected,
// the program came to its end), goal (every world ended on the goal), collected (every thing on
// every world), worlds (integer: worlds solved), blocks (integer), fits (blocks <= max-blocks),
// steps (integer: the most a world took), limit (a run hit the step limit), bumped (the
// character walked into a wall), and error (string, only for a program that cannot run: NULL
// response, unreadable, or blocks outside the palette).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/value.h"
#include "sim/blocks/interpreter.h"
#include "sim/blocks/program.h"
#include "sim/blocks/world.h"
#include "sim/environment.h"

namespace dlk {
class CustomOperatorRegistry;
}  // namespace dlk

namespace dlk::sim::blocks {

inline constexpr int kMaxWorlds = 6;
inline constexpr int kMinStepLimit = 10;

enum class PaletteEntry : uint8_t { Forward, TurnLeft, TurnRight, Pick, Repeat, RepeatUntil, While, If, Procedure };
inline constexpr int kPaletteEntryCount = 9;
const char* paletteToken(PaletteEntry e);  // "turn-left"
std::optional<PaletteEntry> paletteFromToken(std::string_view token);
// The palette entry a block belongs to (else and end: their opener's; define and call: procedure).
PaletteEntry paletteEntryOf(Kind kind);

enum class Theme : uint8_t { Plain, Library };

struct BlocksScenario : Scenario {
    std::vector<PaletteEntry> palette;  // in the scenario's order
    std::vector<Sensor> sensors;        // in the scenario's order
    int maxBlocks = 0;                  // 0: no limit
    int stepLimit = kDefaultStepLimit;
    bool readOnly = false;
    bool runnable = true;
    Theme theme = Theme::Plain;
    Program start;  // the given program (empty when there is none)
    std::vector<World> worlds;

    bool allows(PaletteEntry e) const;
    bool allows(Sensor s) const;
    // The first line of `program` that uses a block or sensor outside this task's, as
    // "line N: ..." (N 1-based, errorLine), or "" when it keeps to them.
    std::string outsidePalette(const Program& program, int* errorLine = nullptr) const;
};

// Reads a <dlk:blocks> element; throws dlk::Error(Invalid, "line N: <element> ...").
std::shared_ptr<const BlocksScenario> readScenario(const BodyNode& element);

// The state is the program. Its response: the text (write()); the empty program is "\n", so
// that it differs from no answer at all. A NULL response, or one that does not parse or leaves
// the palette, stands for the program the task starts with.
Value toResponse(const Program& program);
Program fromResponse(const BlocksScenario& scenario, const Value& response);

// What dlk:run-program gives.
struct Outcome {
    std::string error;  // the program cannot run; everything else false or 0
    bool solved = false, goal = false, collected = false, fits = false, limit = false, bumped = false;
    int worlds = 0, blocks = 0, steps = 0;
};
Outcome evaluate(const BlocksScenario& scenario, const Value& response);
Value outcomeRecord(const Outcome& outcome);

// Registers dlk:run-program (and its long name) with the QTI custom operators.
void registerOperators(CustomOperatorRegistry& registry);
inline constexpr std::string_view kRunProgramClass = "https://dlkiosk.nl/ns/1#run-program";
inline constexpr std::string_view kRunProgramShortClass = "dlk:run-program";

extern const EnvironmentType kType;

}  // namespace dlk::sim::blocks
