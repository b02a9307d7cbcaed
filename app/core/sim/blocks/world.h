#pragma once
// A grid world of the block editor (sim/blocks): walls, a start with a direction, a goal and
// things to collect. Written in a scenario as rows of characters, the top row first:
//
//   # . . G        .  floor           G  the goal
//   . # * .        #  a wall          *  a thing to pick up
//   > . . .        >  <  ^  v  the start, facing east, west, north (up) or south (down)
//
// Spaces between the characters are optional. Every world has one start and one goal; the edge
// of the grid is a wall too. Columns are named A, B, C... and rows 1, 2, 3... from the top, as
// on the robot pictures of the bank.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlk::sim::blocks {

inline constexpr int kMaxWorldSide = 12;  // columns and rows
inline constexpr int kMaxThings = 30;

enum class Dir : uint8_t { North, East, South, West };

struct Cell {
    int x = 0, y = 0;  // column and row from 0, the top left cell first
    bool operator==(const Cell&) const = default;
};

struct World {
    std::string id;
    int width = 0, height = 0;
    std::vector<uint8_t> walls;  // width * height, row by row
    Cell start, goal;
    Dir startDir = Dir::East;
    std::vector<Cell> things;  // each in its own cell

    bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
    bool wall(int x, int y) const {
        return !inside(x, y) || walls[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)];
    }
    int thingAt(Cell c) const;  // its index, or -1
};

// Reads the rows of a world. Throws dlk::Error(Invalid, "line N: ...") with the line of the
// offending row, counted from `firstLine` (the line the text starts on), naming `element`.
World readWorld(std::string_view rows, int firstLine, const std::string& element = "dlk:world");

// "A1", "C4": a cell as pupils and items name it.
std::string cellName(Cell c);
Dir turnedLeft(Dir d);
Dir turnedRight(Dir d);
Cell ahead(Cell c, Dir d);

}  // namespace dlk::sim::blocks
