#include "sim/blocks/world.h"

#include <optional>

#include "util/error.h"

namespace dlk::sim::blocks {

int World::thingAt(Cell c) const {
    for (size_t i = 0; i < things.size(); ++i)
        if (things[i] == c) return static_cast<int>(i);
    return -1;
}

World readWorld(std::string_view text, int firstLine, const std::string& element) {
    auto fail = [&](int line, const std::string& message) {
        throw Error(ErrorKind::Invalid, "line " + std::to_string(line) + ": <" + element + "> " + message);
    };
    World w;
    std::vector<std::string> rows;
    std::vector<int> rowLines;
    std::optional<int> startLine, goalLine;
    int line = firstLine;
    size_t start = 0;
    while (start <= text.size()) {
        size_t stop = text.find('\n', start);
        if (stop == std::string_view::npos) stop = text.size();
        const std::string_view raw = text.substr(start, stop - start);
        std::string row;
        for (char c : raw) {
            if (c == ' ' || c == '\t' || c == '\r') continue;
            if (row.size() >= static_cast<size_t>(kMaxWorldSide))
                fail(line, "row is wider than " + std::to_string(kMaxWorldSide) + " cells");
            row += c;
        }
        if (!row.empty()) {
            if (static_cast<int>(rows.size()) >= kMaxWorldSide)
                fail(line, "has more than " + std::to_string(kMaxWorldSide) + " rows");
            rows.push_back(row);
            rowLines.push_back(line);
        }
        ++line;
        if (stop == text.size()) break;
        start = stop + 1;
    }
    if (rows.empty()) fail(firstLine, "has no rows (write the world as rows of . # > G *)");
    w.height = static_cast<int>(rows.size());
    w.width = static_cast<int>(rows[0].size());
    w.walls.assign(static_cast<size_t>(w.width * w.height), 0);
    for (int y = 0; y < w.height; ++y) {
        const std::string& row = rows[static_cast<size_t>(y)];
        const int at = rowLines[static_cast<size_t>(y)];
        if (static_cast<int>(row.size()) != w.width)
            fail(at, "row " + std::to_string(y + 1) + " has " + std::to_string(row.size()) + " cells, row 1 has " +
                         std::to_string(w.width));
        for (int x = 0; x < w.width; ++x) {
            const char c = row[static_cast<size_t>(x)];
            const Cell cell{x, y};
            switch (c) {
                case '.':
                    break;
                case '#':
                    w.walls[static_cast<size_t>(y * w.width + x)] = 1;
                    break;
                case '>':
                case '<':
                case '^':
                case 'v':
                    if (startLine)
                        fail(at, "has a second start (the first is on line " + std::to_string(*startLine) + ")");
                    startLine = at;
                    w.start = cell;
                    w.startDir = c == '>' ? Dir::East : c == '<' ? Dir::West : c == '^' ? Dir::North : Dir::South;
                    break;
                case 'G':
                    if (goalLine)
                        fail(at, "has a second goal (the first is on line " + std::to_string(*goalLine) + ")");
                    goalLine = at;
                    w.goal = cell;
                    break;
                case '*':
                    if (static_cast<int>(w.things.size()) >= kMaxThings)
                        fail(at, "has more than " + std::to_string(kMaxThings) + " things");
                    w.things.push_back(cell);
                    break;
                default: {
                    const auto u = static_cast<unsigned char>(c);
                    const std::string shown = u >= 0x20 && u < 0x7f ? std::string(1, c) : "?";
                    fail(at, "'" + shown + "' in row " + std::to_string(y + 1) +
                                 " is not a cell (. floor, # wall, > < ^ v start, G goal, * thing)");
                }
            }
        }
    }
    if (!startLine) fail(firstLine, "has no start (> < ^ or v)");
    if (!goalLine) fail(firstLine, "has no goal (G)");
    return w;
}

std::string cellName(Cell c) {
    return std::string(1, static_cast<char>('A' + c.x)) + std::to_string(c.y + 1);
}

Dir turnedLeft(Dir d) {
    return static_cast<Dir>((static_cast<int>(d) + 3) % 4);
}

Dir turnedRight(Dir d) {
    return static_cast<Dir>((static_cast<int>(d) + 1) % 4);
}

Cell ahead(Cell c, Dir d) {
    switch (d) {
        case Dir::North:
            return {c.x, c.y - 1};
        case Dir::East:
            return {c.x + 1, c.y};
        case Dir::South:
            return {c.x, c.y + 1};
        case Dir::West:
            return {c.x - 1, c.y};
    }
    return c;
}

}  // namespace dlk::sim::blocks
