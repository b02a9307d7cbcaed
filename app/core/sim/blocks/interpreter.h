#pragma once
// Runs a program (sim/blocks/program.h) on a world (world.h): pure, deterministic, and bounded.
// No recursion: one loop over the program's lines with explicit stacks for repeat counters and
// procedure calls. Every block executed costs one step (an action, each test of a sensor, each
// round of a repeat, a call), so every loop costs steps and the step limit ends an endless one.
//
// The character walks into a wall (or off the grid): the run stops there ("bumped"). `pick`
// picks up the thing in its cell, if there is one. A run ends when the program ends, at the
// step limit, or at a bump; what counts is where the character is then.
#include <vector>

#include "sim/blocks/program.h"
#include "sim/blocks/world.h"

namespace dlk::sim::blocks {

inline constexpr int kDefaultStepLimit = 1000;
inline constexpr int kMaxStepLimit = 20000;
inline constexpr int kMaxCallDepth = 50;  // procedures calling procedures (a deeper run ends as if at the step limit)

enum class Ending { Finished, StepLimit, Bumped };

// One thing the character did, for the animation: after the action on program line `line`.
struct TraceStep {
    int line = 0;  // index into Program::lines
    Cell at;
    Dir dir = Dir::East;
    int picked = -1;  // the thing (World::things index) picked up by this step, or -1
    bool bumped = false;
};

struct Run {
    Ending ending = Ending::Finished;
    Cell at;
    Dir dir = Dir::East;
    int steps = 0;
    int collected = 0;
    bool onGoal = false;
    bool allCollected = false;
    // The world's task done: on the goal, every thing collected, and the program came to its end.
    bool solved() const { return ending == Ending::Finished && onGoal && allCollected; }
};

// Runs `program` (as parse() gave it) on `world` for at most `stepLimit` steps; with `trace`,
// appends every action (move, turn, pick, bump) to it.
Run run(const Program& program, const World& world, int stepLimit, std::vector<TraceStep>* trace = nullptr);

}  // namespace dlk::sim::blocks
