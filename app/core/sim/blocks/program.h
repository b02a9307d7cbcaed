#pragma once
// The program of the block editor (sim/blocks) as text: the pupil's answer, a single string.
// One block per line, English keywords, bodies closed by `end`; indentation is free (the
// writer indents by two spaces) and blank lines are skipped:
//
//   define corner          a procedure (only at the top level; may be called before it)
//     forward
//     turn left
//   end
//   repeat 4               repeat N times (1 to kMaxRepeat)
//     corner               a call of a procedure
//   end
//   repeat until goal      repeat until a sensor says yes
//     if path ahead        if ... else ... end (else is optional)
//       forward
//     else
//       turn right
//     end
//   end
//   while thing here       while a sensor says yes
//     pick
//   end
//
// Blocks: forward, turn left, turn right, pick. Sensors: wall ahead, path ahead, wall left,
// path left, wall right, path right, thing here, goal. The parser is strict and linear: one
// pass over the lines with an explicit stack (no recursion), named limits on length, blocks,
// nesting and procedures, and a "line N: ..." message for a program it refuses.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlk::sim::blocks {

inline constexpr size_t kMaxProgramBytes = 16 * 1024;  // the whole text
inline constexpr size_t kMaxLineBytes = 200;           // one line, indentation included
inline constexpr int kMaxProgramBlocks = 200;          // blocks (lines other than else and end)
inline constexpr int kMaxDepth = 10;                   // blocks inside blocks
inline constexpr int kMaxRepeat = 99;                  // repeat N: 1 to 99
inline constexpr int kMaxProcedures = 8;
inline constexpr size_t kMaxNameBytes = 20;  // a procedure's name: a-z, 0-9 and '-', starting with a letter

enum class Kind : uint8_t {
    Forward,
    TurnLeft,
    TurnRight,
    Pick,
    Repeat,
    RepeatUntil,
    While,
    If,
    Else,
    End,
    Define,
    Call
};
enum class Sensor : uint8_t { WallAhead, PathAhead, WallLeft, PathLeft, WallRight, PathRight, ThingHere, Goal };
inline constexpr int kSensorCount = 8;

// One line of a program. The parser fills the structure: nesting depth and, for blocks with a
// body, where their else and end are (and for else and end, their opener).
struct Line {
    Kind kind = Kind::Forward;
    int count = 0;                      // Repeat
    Sensor sensor = Sensor::WallAhead;  // RepeatUntil, While, If
    std::string name;                   // Define, Call
    int depth = 0;                      // 0 at the top level; a body is one deeper than its block
    int sourceLine = 0;                 // 1-based line of the text it was read from (0: made by the editor)
    int end = -1;                       // an opener's End line; an Else's End; an End's opener; a Call's Define
    int elseAt = -1;                    // an If's Else line, or -1

    // The same block (kind and arguments), wherever it is.
    bool sameBlock(const Line& o) const {
        return kind == o.kind && count == o.count && sensor == o.sensor && name == o.name;
    }
};

struct Program {
    std::vector<Line> lines;

    // Blocks a pupil placed: every line but else and end.
    int blocks() const;
    // The line of `define name`, or -1.
    int procedure(std::string_view name) const;
    bool operator==(const Program& o) const;
};

bool opensBody(Kind k);  // Repeat, RepeatUntil, While, If, Define
bool hasSensor(Kind k);  // RepeatUntil, While, If

// What parse() gives: a program, or the first problem as "line N: ..." (errorLine N, 1-based;
// 0 for the text as a whole).
struct Parsed {
    Program program;
    std::string error;
    int errorLine = 0;
    bool ok() const { return error.empty(); }
};
Parsed parse(std::string_view text);

// The program in canonical form: one block per line, two spaces per level, a final newline
// ("" for the empty program). parse(write(p)) == p for every program parse() accepts.
std::string write(const Program& program);
// One line's keywords, without indentation: "repeat 4", "if wall ahead", "define corner".
std::string lineText(const Line& line);

// Sensor names as in the program text ("wall ahead") and as in a scenario's list ("wall-ahead").
const char* sensorText(Sensor s);
const char* sensorToken(Sensor s);
std::optional<Sensor> sensorFromToken(std::string_view token);
// Is this a name a procedure may have (and not a keyword)?
bool isProcedureName(std::string_view name);

}  // namespace dlk::sim::blocks
