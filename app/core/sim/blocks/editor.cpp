#include "sim/blocks/editor.h"

namespace dlk::sim::blocks {

namespace {

bool validLine(const Program& p, int line) {
    return line >= 0 && line < static_cast<int>(p.lines.size());
}

// The lines as a program: written without regard to their (stale) structure and read again,
// which checks every rule and fills the structure in.
std::optional<Program> reread(const std::vector<Line>& lines) {
    std::string text;
    for (const Line& l : lines) text += lineText(l) + "\n";
    Parsed parsed = parse(text);
    if (!parsed.ok()) return std::nullopt;
    return std::move(parsed.program);
}

Line lineOf(Kind kind) {
    Line l;
    l.kind = kind;
    return l;
}

}  // namespace

std::vector<Slot> slots(const Program& program) {
    std::vector<Slot> out;
    std::vector<Kind> open;
    const int n = static_cast<int>(program.lines.size());
    for (int i = 0; i <= n; ++i) {
        out.push_back(Slot{i, static_cast<int>(open.size()), open.empty(), !open.empty() && open[0] == Kind::Define});
        if (i == n) break;
        const Line& l = program.lines[static_cast<size_t>(i)];
        if (opensBody(l.kind)) open.push_back(l.kind);
        if (l.kind == Kind::End && !open.empty()) open.pop_back();
    }
    return out;
}

int blockEnd(const Program& program, int line) {
    if (!validLine(program, line)) return line;
    const Line& l = program.lines[static_cast<size_t>(line)];
    return opensBody(l.kind) ? l.end : line;
}

std::string newProcedureName(const Program& program) {
    for (char c = 'a'; c <= 'z'; ++c) {
        const std::string name(1, c);
        if (program.procedure(name) < 0) return name;
    }
    return "z";
}

std::optional<Program> insertBlock(const Program& program, int slot, const NewBlock& block) {
    if (slot < 0 || slot > static_cast<int>(program.lines.size())) return std::nullopt;
    if (block.kind == Kind::Else || block.kind == Kind::End) return std::nullopt;
    Line first = lineOf(block.kind);
    first.count = block.count;
    first.sensor = block.sensor;
    first.name = block.name;
    std::vector<Line> added{first};
    if (block.kind == Kind::If && block.withElse) added.push_back(lineOf(Kind::Else));
    if (opensBody(block.kind)) added.push_back(lineOf(Kind::End));
    std::vector<Line> lines = program.lines;
    lines.insert(lines.begin() + slot, added.begin(), added.end());
    return reread(lines);
}

std::optional<Program> removeBlock(const Program& program, int line) {
    if (!validLine(program, line)) return std::nullopt;
    const Line& l = program.lines[static_cast<size_t>(line)];
    if (l.kind == Kind::Else || l.kind == Kind::End) return std::nullopt;
    const int last = blockEnd(program, line);
    std::vector<Line> lines;
    for (int i = 0; i < static_cast<int>(program.lines.size()); ++i) {
        const Line& k = program.lines[static_cast<size_t>(i)];
        if (i >= line && i <= last) continue;
        if (l.kind == Kind::Define && k.kind == Kind::Call && k.name == l.name) continue;
        lines.push_back(k);
    }
    return reread(lines);
}

std::optional<Program> moveBlock(const Program& program, int line, int slot) {
    if (!validLine(program, line) || slot < 0 || slot > static_cast<int>(program.lines.size())) return std::nullopt;
    const Line& l = program.lines[static_cast<size_t>(line)];
    if (l.kind == Kind::Else || l.kind == Kind::End) return std::nullopt;
    const int last = blockEnd(program, line);
    if (slot == line || slot == last + 1) return program;  // where it is
    if (slot > line && slot <= last) return std::nullopt;  // into itself
    std::vector<Line> moved(program.lines.begin() + line, program.lines.begin() + last + 1);
    std::vector<Line> lines = program.lines;
    lines.erase(lines.begin() + line, lines.begin() + last + 1);
    const int at = slot > last ? slot - (last - line + 1) : slot;
    lines.insert(lines.begin() + at, moved.begin(), moved.end());
    return reread(lines);
}

std::optional<Program> setCount(const Program& program, int line, int count) {
    if (!validLine(program, line) || program.lines[static_cast<size_t>(line)].kind != Kind::Repeat) return std::nullopt;
    if (count < 1 || count > kMaxRepeat) return std::nullopt;
    std::vector<Line> lines = program.lines;
    lines[static_cast<size_t>(line)].count = count;
    return reread(lines);
}

std::optional<Program> setSensor(const Program& program, int line, Sensor sensor) {
    if (!validLine(program, line) || !hasSensor(program.lines[static_cast<size_t>(line)].kind)) return std::nullopt;
    std::vector<Line> lines = program.lines;
    lines[static_cast<size_t>(line)].sensor = sensor;
    return reread(lines);
}

}  // namespace dlk::sim::blocks
