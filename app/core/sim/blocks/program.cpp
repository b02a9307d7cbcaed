#include "sim/blocks/program.h"

#include <array>
#include <utility>

namespace dlk::sim::blocks {

namespace {

constexpr std::array<const char*, kSensorCount> kSensorTexts = {"wall ahead", "path ahead", "wall left",  "path left",
                                                                "wall right", "path right", "thing here", "goal"};
constexpr std::array<const char*, kSensorCount> kSensorTokens = {"wall-ahead", "path-ahead", "wall-left",  "path-left",
                                                                 "wall-right", "path-right", "thing-here", "goal"};
constexpr std::array<std::string_view, 11> kKeywords = {"forward", "turn", "pick", "repeat", "until", "while",
                                                        "if",      "else", "end",  "define", "not"};

// The words of a line: split at spaces and tabs. At most a few words make a block, so a line
// with more is refused before anything is kept of it.
constexpr size_t kMaxWords = 4;

struct Words {
    std::array<std::string_view, kMaxWords> at{};
    size_t n = 0;
    bool tooMany = false;
};

Words words(std::string_view line) {
    Words w;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
        if (w.n == kMaxWords) {
            w.tooMany = true;
            return w;
        }
        w.at[w.n++] = line.substr(i, j - i);
        i = j;
    }
    return w;
}

// A line as an error message quotes it: trimmed, at most 40 bytes, odd bytes as '?'.
std::string quoted(std::string_view line) {
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    std::string out = "'";
    for (size_t i = 0; i < line.size() && i < 40; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    }
    if (line.size() > 40) out += "...";
    return out + "'";
}

std::optional<Sensor> sensorOf(const Words& w, size_t from) {
    std::string text;
    for (size_t i = from; i < w.n; ++i) {
        if (!text.empty()) text += ' ';
        text += w.at[i];
    }
    for (size_t s = 0; s < kSensorTexts.size(); ++s)
        if (text == kSensorTexts[s]) return static_cast<Sensor>(s);
    return std::nullopt;
}

std::string sensorList() {
    std::string out;
    for (const char* s : kSensorTexts) out += (out.empty() ? "" : ", ") + std::string(s);
    return out;
}

bool parseCount(std::string_view s, int& out) {
    if (s.empty() || s.size() > 2) return false;
    int n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + (c - '0');
    }
    out = n;
    return n >= 1 && n <= kMaxRepeat;
}

}  // namespace

bool opensBody(Kind k) {
    return k == Kind::Repeat || k == Kind::RepeatUntil || k == Kind::While || k == Kind::If || k == Kind::Define;
}

bool hasSensor(Kind k) {
    return k == Kind::RepeatUntil || k == Kind::While || k == Kind::If;
}

int Program::blocks() const {
    int n = 0;
    for (const Line& l : lines) n += (l.kind == Kind::Else || l.kind == Kind::End) ? 0 : 1;
    return n;
}

int Program::procedure(std::string_view name) const {
    for (size_t i = 0; i < lines.size(); ++i)
        if (lines[i].kind == Kind::Define && lines[i].name == name) return static_cast<int>(i);
    return -1;
}

bool Program::operator==(const Program& o) const {
    if (lines.size() != o.lines.size()) return false;
    for (size_t i = 0; i < lines.size(); ++i)
        if (!lines[i].sameBlock(o.lines[i]) || lines[i].depth != o.lines[i].depth) return false;
    return true;
}

const char* sensorText(Sensor s) {
    return kSensorTexts[static_cast<size_t>(s)];
}

const char* sensorToken(Sensor s) {
    return kSensorTokens[static_cast<size_t>(s)];
}

std::optional<Sensor> sensorFromToken(std::string_view token) {
    for (size_t s = 0; s < kSensorTokens.size(); ++s)
        if (token == kSensorTokens[s]) return static_cast<Sensor>(s);
    return std::nullopt;
}

bool isProcedureName(std::string_view name) {
    if (name.empty() || name.size() > kMaxNameBytes || name[0] < 'a' || name[0] > 'z') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    for (std::string_view k : kKeywords)
        if (name == k) return false;
    return true;
}

Parsed parse(std::string_view text) {
    Parsed out;
    auto fail = [&](int line, const std::string& message) {
        out.program = {};
        out.errorLine = line;
        out.error = "line " + std::to_string(line) + ": " + message;
        return out;
    };
    if (text.size() > kMaxProgramBytes) {
        int line = 1;
        for (size_t i = 0; i < kMaxProgramBytes; ++i) line += text[i] == '\n' ? 1 : 0;
        return fail(line, "the program is longer than " + std::to_string(kMaxProgramBytes) + " characters");
    }
    std::vector<Line>& lines = out.program.lines;
    std::vector<int> open;     // the lines of the blocks whose body is being read
    std::vector<int> defines;  // the lines of the procedures (at most kMaxProcedures)
    auto defined = [&](std::string_view name) {
        for (int d : defines)
            if (lines[static_cast<size_t>(d)].name == name) return d;
        return -1;
    };
    int blocks = 0;
    int lineNo = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t stop = text.find('\n', start);
        if (stop == std::string_view::npos) stop = text.size();
        std::string_view raw = text.substr(start, stop - start);
        start = stop + 1;
        ++lineNo;
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        if (raw.size() > kMaxLineBytes)
            return fail(lineNo, "longer than " + std::to_string(kMaxLineBytes) + " characters");
        const Words w = words(raw);
        if (w.n == 0) {
            if (stop == text.size()) break;
            continue;
        }
        if (w.tooMany) return fail(lineNo, quoted(raw) + " is not a block");
        Line l;
        l.sourceLine = lineNo;
        l.depth = static_cast<int>(open.size());
        const std::string_view first = w.at[0];
        auto needSensor = [&](size_t from) -> bool {
            const auto s = sensorOf(w, from);
            if (s) l.sensor = *s;
            return s.has_value();
        };
        if (first == "forward" && w.n == 1) {
            l.kind = Kind::Forward;
        } else if (first == "turn" && w.n == 2 && (w.at[1] == "left" || w.at[1] == "right")) {
            l.kind = w.at[1] == "left" ? Kind::TurnLeft : Kind::TurnRight;
        } else if (first == "pick" && w.n == 1) {
            l.kind = Kind::Pick;
        } else if (first == "repeat" && w.n >= 2 && w.at[1] == "until") {
            l.kind = Kind::RepeatUntil;
            if (!needSensor(2))
                return fail(lineNo, quoted(raw) + ": 'repeat until' takes a sensor (" + sensorList() + ")");
        } else if (first == "repeat") {
            l.kind = Kind::Repeat;
            if (w.n != 2 || !parseCount(w.at[1], l.count))
                return fail(lineNo, quoted(raw) + ": 'repeat' takes a number from 1 to " + std::to_string(kMaxRepeat) +
                                        ", or 'until' and a sensor");
        } else if (first == "while" || first == "if") {
            l.kind = first == "while" ? Kind::While : Kind::If;
            if (!needSensor(1))
                return fail(lineNo,
                            quoted(raw) + ": '" + std::string(first) + "' takes a sensor (" + sensorList() + ")");
        } else if (first == "else" && w.n == 1) {
            l.kind = Kind::Else;
        } else if (first == "end" && w.n == 1) {
            l.kind = Kind::End;
        } else if (first == "define") {
            l.kind = Kind::Define;
            if (w.n != 2 || !isProcedureName(w.at[1]))
                return fail(lineNo, quoted(raw) + ": 'define' takes a name (a-z, 0-9 and '-', at most " +
                                        std::to_string(kMaxNameBytes) + " characters, not a keyword)");
            l.name = std::string(w.at[1]);
        } else if (w.n == 1 && isProcedureName(first)) {
            l.kind = Kind::Call;
            l.name = std::string(first);
        } else {
            return fail(lineNo, quoted(raw) + " is not a block");
        }

        const int index = static_cast<int>(lines.size());
        switch (l.kind) {
            case Kind::Else: {
                if (open.empty() || lines[static_cast<size_t>(open.back())].kind != Kind::If)
                    return fail(lineNo, "'else' without an 'if' to belong to");
                Line& opener = lines[static_cast<size_t>(open.back())];
                if (opener.elseAt >= 0)
                    return fail(lineNo, "a second 'else' for the 'if' on line " + std::to_string(opener.sourceLine));
                opener.elseAt = index;
                l.depth = opener.depth;
                break;
            }
            case Kind::End: {
                if (open.empty()) return fail(lineNo, "'end' without a block to end");
                Line& opener = lines[static_cast<size_t>(open.back())];
                opener.end = index;
                if (opener.elseAt >= 0) lines[static_cast<size_t>(opener.elseAt)].end = index;
                l.end = open.back();
                l.depth = opener.depth;
                open.pop_back();
                break;
            }
            case Kind::Define:
                if (!open.empty()) return fail(lineNo, "'define' only at the top level, not inside another block");
                if (const int before = defined(l.name); before >= 0)
                    return fail(lineNo, "a second procedure '" + l.name + "' (the first is on line " +
                                            std::to_string(lines[static_cast<size_t>(before)].sourceLine) + ")");
                if (static_cast<int>(defines.size()) >= kMaxProcedures)
                    return fail(lineNo, "more than " + std::to_string(kMaxProcedures) + " procedures");
                defines.push_back(index);
                break;
            default:
                break;
        }
        if (l.kind != Kind::Else && l.kind != Kind::End && ++blocks > kMaxProgramBlocks)
            return fail(lineNo, "more than " + std::to_string(kMaxProgramBlocks) + " blocks");
        if (opensBody(l.kind)) {
            if (l.depth + 1 > kMaxDepth)
                return fail(lineNo, "blocks nested more than " + std::to_string(kMaxDepth) + " deep");
            open.push_back(index);
        }
        lines.push_back(std::move(l));
        if (stop == text.size()) break;
    }
    if (!open.empty()) {
        const Line& opener = lines[static_cast<size_t>(open.back())];
        return fail(opener.sourceLine, "'" + lineText(opener) + "' has no 'end'");
    }
    for (Line& l : lines) {
        if (l.kind != Kind::Call) continue;
        l.end = defined(l.name);
        if (l.end < 0)
            return fail(l.sourceLine, "'" + l.name +
                                          "' is not a block, nor a procedure of this program (define it with 'define " +
                                          l.name + "')");
    }
    return out;
}

std::string lineText(const Line& l) {
    switch (l.kind) {
        case Kind::Forward:
            return "forward";
        case Kind::TurnLeft:
            return "turn left";
        case Kind::TurnRight:
            return "turn right";
        case Kind::Pick:
            return "pick";
        case Kind::Repeat:
            return "repeat " + std::to_string(l.count);
        case Kind::RepeatUntil:
            return std::string("repeat until ") + sensorText(l.sensor);
        case Kind::While:
            return std::string("while ") + sensorText(l.sensor);
        case Kind::If:
            return std::string("if ") + sensorText(l.sensor);
        case Kind::Else:
            return "else";
        case Kind::End:
            return "end";
        case Kind::Define:
            return "define " + l.name;
        case Kind::Call:
            return l.name;
    }
    return "";
}

std::string write(const Program& program) {
    std::string out;
    for (const Line& l : program.lines) {
        out.append(static_cast<size_t>(2 * l.depth), ' ');
        out += lineText(l);
        out += '\n';
    }
    return out;
}

}  // namespace dlk::sim::blocks
