#pragma once
// The edits of the block editor (sim/blocks): pure functions from a program to the next one,
// shared by the view and the tests. Every edit gives a program as parse() gives it (so its
// structure is right and write() gives its text), or nullopt when the edit is not possible
// (a procedure inside a block, a limit of program.h, a block moved into itself).
//
// Where a block can go is a slot: before line `index` of the program (0 to lines.size()). The
// slot before an `else` or `end` line is the end of that block's body.
#include <optional>
#include <string>
#include <vector>

#include "sim/blocks/program.h"

namespace dlk::sim::blocks {

struct Slot {
    int index = 0;
    int depth = 0;         // how many blocks it is inside
    bool topLevel = true;  // inside no block (where a procedure may be defined)
    bool inProcedure = false;
};
std::vector<Slot> slots(const Program& program);

// A new block from the palette: `kind` with its argument (count, sensor or procedure name), an
// if with an else when `withElse`. A block with a body comes with its end (and else).
struct NewBlock {
    Kind kind = Kind::Forward;
    int count = 2;
    Sensor sensor = Sensor::PathAhead;
    std::string name;
    bool withElse = false;
};

std::optional<Program> insertBlock(const Program& program, int slot, const NewBlock& block);
// Removes the block on `line` with everything in it; a procedure goes with every call of it.
std::optional<Program> removeBlock(const Program& program, int line);
// Moves the block on `line` (with everything in it) to `slot`; its own place gives the program unchanged.
std::optional<Program> moveBlock(const Program& program, int line, int slot);
std::optional<Program> setCount(const Program& program, int line, int count);
std::optional<Program> setSensor(const Program& program, int line, Sensor sensor);

// The last line of the block on `line`: its end for a block with a body, else the line itself.
int blockEnd(const Program& program, int line);
// A name for a new procedure: the first of a, b, c... the program does not use.
std::string newProcedureName(const Program& program);

}  // namespace dlk::sim::blocks
