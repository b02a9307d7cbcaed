#include "sim/blocks/blocks.h"

#include <algorithm>
#include <array>
#include <deque>

#include "qti/processing.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::blocks {

namespace {

constexpr std::array<const char*, kPaletteEntryCount> kPaletteTokens = {
    "forward", "turn-left", "turn-right", "pick", "repeat", "repeat-until", "while", "if", "procedure"};

[[noreturn]] void fail(const BodyNode& at, const std::string& message) {
    throw Error(ErrorKind::Invalid, "line " + std::to_string(at.line) + ": <" + at.name + "> " + message);
}

// The text inside an element; any element inside it is refused.
std::string ownText(const BodyNode& e) {
    std::string text;
    for (const BodyNode& c : e.children) {
        if (!c.isText) fail(c, "cannot be inside <" + e.name + "> (it holds text only)");
        text += c.text;
    }
    return text;
}

// The line the element's text starts on. The parser gives a text node the line of its first
// character that is not white space; the line breaks before it are counted back.
int textLine(const BodyNode& e) {
    for (const BodyNode& c : e.children) {
        if (!c.isText) continue;
        int line = c.line;
        for (char ch : c.text) {
            if (ch == '\n')
                --line;
            else if (ch != ' ' && ch != '\t' && ch != '\r')
                break;
        }
        return std::max(line, e.line);
    }
    return e.line;
}

bool booleanAttribute(const BodyNode& e, const char* name, bool fallback) {
    const std::string* v = e.attribute(name);
    if (!v) return fallback;
    const std::string t = trim(*v);
    if (t == "true") return true;
    if (t == "false") return false;
    fail(e, std::string(name) + "='" + *v + "' is neither true nor false");
}

int intAttribute(const BodyNode& e, const char* name, int lo, int hi, int fallback) {
    const std::string* v = e.attribute(name);
    if (!v) return fallback;
    int64_t n = 0;
    if (!parseInt64(trim(*v), n) || n < lo || n > hi)
        fail(e, std::string(name) + "='" + v->substr(0, 20) + "' is not a number from " + std::to_string(lo) + " to " +
                    std::to_string(hi));
    return static_cast<int>(n);
}

std::string messageOnly(const std::string& error) {
    const auto colon = error.find(": ");
    return colon == std::string::npos ? error : error.substr(colon + 2);
}

// A straight-line program that solves the first world (things nearest first, then the goal),
// for a demo pupil when the item declares no correct program. Empty when none is found.
std::string straightSolution(const BlocksScenario& sc) {
    if (sc.worlds.empty()) return "";
    const World& w = sc.worlds[0];
    const bool left = sc.allows(PaletteEntry::TurnLeft), right = sc.allows(PaletteEntry::TurnRight);
    if (!sc.allows(PaletteEntry::Forward) || (!left && !right)) return "";
    std::vector<Cell> targets = w.things;
    std::string out;
    Cell at = w.start;
    Dir dir = w.startDir;
    std::vector<bool> done(targets.size(), false);
    for (size_t round = 0; round <= targets.size(); ++round) {
        // Breadth first over (cell, direction) to the nearest target left (the goal last).
        const int states = w.width * w.height * 4;
        std::vector<int> from(static_cast<size_t>(states), -2);
        std::vector<char> how(static_cast<size_t>(states), 0);
        auto id = [&](Cell c, Dir d) { return (c.y * w.width + c.x) * 4 + static_cast<int>(d); };
        std::deque<int> queue{id(at, dir)};
        from[static_cast<size_t>(queue.front())] = -1;
        int found = -1;
        while (!queue.empty() && found < 0) {
            const int s = queue.front();
            queue.pop_front();
            const Cell c{(s / 4) % w.width, (s / 4) / w.width};
            const Dir d = static_cast<Dir>(s % 4);
            const bool last = std::all_of(done.begin(), done.end(), [](bool b) { return b; });
            for (size_t t = 0; t < targets.size(); ++t)
                if (!done[t] && targets[t] == c) found = s;
            if (last && c == w.goal) found = s;
            if (found >= 0) break;
            const Cell f = ahead(c, d);
            const std::array<std::pair<int, char>, 3> next = {
                std::pair<int, char>{w.wall(f.x, f.y) ? -1 : id(f, d), 'f'},
                std::pair<int, char>{left ? id(c, turnedLeft(d)) : -1, 'l'},
                std::pair<int, char>{right ? id(c, turnedRight(d)) : -1, 'r'}};
            for (const auto& [n, h] : next)
                if (n >= 0 && from[static_cast<size_t>(n)] == -2) {
                    from[static_cast<size_t>(n)] = s;
                    how[static_cast<size_t>(n)] = h;
                    queue.push_back(n);
                }
        }
        if (found < 0) return "";
        std::string path;
        for (int s = found; from[static_cast<size_t>(s)] >= 0; s = from[static_cast<size_t>(s)])
            path += how[static_cast<size_t>(s)];
        std::reverse(path.begin(), path.end());
        for (char h : path) out += h == 'f' ? "forward\n" : h == 'l' ? "turn left\n" : "turn right\n";
        at = Cell{(found / 4) % w.width, (found / 4) / w.width};
        dir = static_cast<Dir>(found % 4);
        bool picked = false;
        for (size_t t = 0; t < targets.size(); ++t)
            if (!done[t] && targets[t] == at) {
                done[t] = true;
                picked = true;
            }
        if (picked) {
            if (!sc.allows(PaletteEntry::Pick)) return "";
            out += "pick\n";
        } else {
            break;  // at the goal
        }
    }
    return out;
}

// A slip a pupil makes in a working program: a block left out, a turn the wrong way, one round
// too few. Empty when the program has no block to slip on.
std::string slip(const Program& p, std::mt19937_64& rng) {
    if (p.lines.empty()) return "";
    std::vector<Line> lines = p.lines;
    const size_t i = rng() % lines.size();
    Line& l = lines[i];
    std::string text;
    switch (l.kind) {
        case Kind::TurnLeft:
            l.kind = Kind::TurnRight;
            break;
        case Kind::TurnRight:
            l.kind = Kind::TurnLeft;
            break;
        case Kind::Repeat:
            l.count = l.count > 1 ? l.count - 1 : 2;
            break;
        case Kind::Forward:
        case Kind::Pick:
            lines.erase(lines.begin() + static_cast<long>(i));
            break;
        default:
            return "";
    }
    for (const Line& k : lines) text += lineText(k) + "\n";
    return text;
}

Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const BlocksScenario&>(scenario);
    std::string right;
    if (target.state.correctResponse && !target.state.correctResponse->isNull())
        right = target.state.correctResponse->items[0];
    Parsed solution = parse(right);
    if (right.empty() || !solution.ok()) solution = parse(straightSolution(sc));
    if (sc.readOnly) return toResponse(sc.start);  // nothing to do but look
    std::uniform_real_distribution<double> u(0, 1);
    if (solution.ok() && evaluate(sc, toResponse(solution.program)).solved && u(rng) < fraction)
        return toResponse(solution.program);
    // Missed, then with probability `fraction` again a program that does part of the job (the
    // item's rules say what that is worth): the solution padded with turns that cancel out (it solves, with more blocks
    // than allowed), a slip that still solves some of the worlds, or the straight path through the first world.
    if (solution.ok() && u(rng) < fraction) {
        std::vector<Value> partly;
        const Value solved = toResponse(solution.program);
        if (sc.maxBlocks > 0 && sc.allows(PaletteEntry::TurnLeft) && sc.allows(PaletteEntry::TurnRight) &&
            !solved.isNull()) {
            std::string padded = solved.items[0];
            for (int pairs = 0; pairs <= sc.maxBlocks / 2 + 1; ++pairs) {
                const Outcome o = evaluate(sc, Value::single(BaseType::String, padded));
                if (!o.solved) break;
                if (!o.fits) {
                    partly.push_back(Value::single(BaseType::String, padded));
                    break;
                }
                padded = "turn left\nturn right\n" + padded;
            }
        }
        if (sc.worlds.size() > 1)
            for (int attempt = 0; attempt < 20; ++attempt) {
                const Parsed some = parse(slip(solution.program, rng));
                if (!some.ok() || some.program.lines.empty()) continue;
                const Outcome o = evaluate(sc, toResponse(some.program));
                if (!o.solved && o.worlds >= 1) {
                    partly.push_back(toResponse(some.program));
                    break;
                }
            }
        // The straight path as it is, and with its runs of the same block in a counted loop.
        const std::string path = straightSolution(sc);
        std::string looped;
        if (sc.allows(PaletteEntry::Repeat)) {
            std::vector<std::string> lines;
            for (size_t at = 0; at < path.size();) {
                const size_t end = std::min(path.find('\n', at), path.size());
                if (end > at) lines.push_back(path.substr(at, end - at));
                at = end + 1;
            }
            for (size_t i = 0; i < lines.size();) {
                size_t j = i;
                while (j < lines.size() && lines[j] == lines[i]) ++j;
                looped +=
                    j - i > 1 ? "repeat " + std::to_string(j - i) + "\n  " + lines[i] + "\nend\n" : lines[i] + "\n";
                i = j;
            }
        }
        for (const std::string& text : {path, looped}) {
            const Parsed straight = parse(text);
            if (!straight.ok() || straight.program.lines.empty()) continue;
            const Outcome o = evaluate(sc, toResponse(straight.program));
            if ((!o.solved && o.worlds >= 1) || (o.solved && !o.fits)) partly.push_back(toResponse(straight.program));
        }
        if (!partly.empty()) return partly[rng() % partly.size()];
    }
    // A program that does not solve the task: a slip in the solution, or the one the task starts with.
    for (int attempt = 0; attempt < 20; ++attempt) {
        const Parsed wrong = parse(slip(solution.program, rng));
        if (wrong.ok() && !wrong.program.lines.empty() && !evaluate(sc, toResponse(wrong.program)).solved)
            return toResponse(wrong.program);
    }
    return evaluate(sc, toResponse(sc.start)).solved ? toResponse(Program{}) : toResponse(sc.start);
}

// The blocks environment an operator's program belongs to: the one whose response the first
// argument names (variable or correct), else the item's only one.
const BlocksScenario* scenarioFor(const BodyNode& element, const Item* item) {
    if (!item) return nullptr;
    for (const BodyNode& c : element.children) {
        if (c.isText) continue;
        if (const std::string* id = c.attribute("identifier")) {
            const auto b = item->environments.find(*id);
            if (b != item->environments.end() && b->second.environment == kType.name)
                return static_cast<const BlocksScenario*>(b->second.scenario.get());
        }
        break;
    }
    const BlocksScenario* only = nullptr;
    for (const auto& [id, binding] : item->environments) {
        if (binding.environment != kType.name) continue;
        if (only) return nullptr;  // several: the argument must say which
        only = static_cast<const BlocksScenario*>(binding.scenario.get());
    }
    return only;
}

}  // namespace

const char* paletteToken(PaletteEntry e) {
    return kPaletteTokens[static_cast<size_t>(e)];
}

std::optional<PaletteEntry> paletteFromToken(std::string_view token) {
    for (size_t i = 0; i < kPaletteTokens.size(); ++i)
        if (token == kPaletteTokens[i]) return static_cast<PaletteEntry>(i);
    return std::nullopt;
}

PaletteEntry paletteEntryOf(Kind kind) {
    switch (kind) {
        case Kind::Forward:
            return PaletteEntry::Forward;
        case Kind::TurnLeft:
            return PaletteEntry::TurnLeft;
        case Kind::TurnRight:
            return PaletteEntry::TurnRight;
        case Kind::Pick:
            return PaletteEntry::Pick;
        case Kind::Repeat:
            return PaletteEntry::Repeat;
        case Kind::RepeatUntil:
            return PaletteEntry::RepeatUntil;
        case Kind::While:
            return PaletteEntry::While;
        case Kind::If:
        case Kind::Else:
            return PaletteEntry::If;
        case Kind::End:
            return PaletteEntry::Repeat;  // not asked: an end belongs to its opener
        case Kind::Define:
        case Kind::Call:
            return PaletteEntry::Procedure;
    }
    return PaletteEntry::Forward;
}

bool BlocksScenario::allows(PaletteEntry e) const {
    return std::find(palette.begin(), palette.end(), e) != palette.end();
}

bool BlocksScenario::allows(Sensor s) const {
    return std::find(sensors.begin(), sensors.end(), s) != sensors.end();
}

std::string BlocksScenario::outsidePalette(const Program& program, int* errorLine) const {
    for (const Line& l : program.lines) {
        std::string problem;
        if (l.kind != Kind::End && l.kind != Kind::Else && !allows(paletteEntryOf(l.kind)))
            problem = "'" + lineText(l) + "' is not among this task's blocks (" +
                      std::string(paletteToken(paletteEntryOf(l.kind))) + " is not in the palette)";
        else if (hasSensor(l.kind) && !allows(l.sensor))
            problem = "'" + lineText(l) + "' tests a sensor this task does not have (" + sensorToken(l.sensor) + ")";
        if (problem.empty()) continue;
        if (errorLine) *errorLine = l.sourceLine;
        return "line " + std::to_string(l.sourceLine) + ": " + problem;
    }
    return "";
}

std::shared_ptr<const BlocksScenario> readScenario(const BodyNode& element) {
    auto sc = std::make_shared<BlocksScenario>();
    for (const auto& [name, value] : element.attributes)
        if (name != "palette" && name != "sensors" && name != "max-blocks" && name != "max-steps" &&
            name != "read-only" && name != "runnable" && name != "theme" && !name.starts_with("xmlns"))
            fail(element, "has no attribute '" + name +
                              "' (it takes palette, sensors, max-blocks, max-steps, read-only, runnable and theme)");
    if (const std::string* palette = element.attribute("palette")) {
        for (const std::string& token : splitWhitespace(*palette)) {
            const auto e = paletteFromToken(token);
            if (!e)
                fail(element, "palette names '" + token.substr(0, 30) +
                                  "', which is no block (forward turn-left turn-right pick repeat repeat-until while "
                                  "if procedure)");
            if (sc->allows(*e)) fail(element, "palette names '" + token + "' twice");
            sc->palette.push_back(*e);
        }
        if (sc->palette.empty()) fail(element, "palette names no block");
    } else {
        for (int i = 0; i < kPaletteEntryCount; ++i) sc->palette.push_back(static_cast<PaletteEntry>(i));
    }
    if (const std::string* sensors = element.attribute("sensors")) {
        for (const std::string& token : splitWhitespace(*sensors)) {
            const auto s = sensorFromToken(token);
            if (!s)
                fail(element, "sensors names '" + token.substr(0, 30) +
                                  "', which is no sensor (wall-ahead path-ahead wall-left path-left wall-right "
                                  "path-right thing-here goal)");
            if (sc->allows(*s)) fail(element, "sensors names '" + token + "' twice");
            sc->sensors.push_back(*s);
        }
        if (sc->sensors.empty()) fail(element, "sensors names no sensor");
    } else {
        for (int i = 0; i < kSensorCount; ++i) sc->sensors.push_back(static_cast<Sensor>(i));
    }
    sc->maxBlocks = intAttribute(element, "max-blocks", 1, kMaxProgramBlocks, 0);
    sc->stepLimit = intAttribute(element, "max-steps", kMinStepLimit, kMaxStepLimit, kDefaultStepLimit);
    sc->readOnly = booleanAttribute(element, "read-only", false);
    sc->runnable = booleanAttribute(element, "runnable", true);
    const std::string theme = trim(element.attributeOr("theme", "plain"));
    if (theme != "plain" && theme != "library")
        fail(element, "theme='" + theme.substr(0, 20) + "' is not plain or library");
    sc->theme = theme == "library" ? Theme::Library : Theme::Plain;

    bool hasProgram = false;
    std::vector<std::string> ids;
    for (const BodyNode& c : element.children) {
        if (c.isText) {
            if (!trim(c.text).empty()) fail(element, "holds text outside <world> and <program>");
            continue;
        }
        const std::string part = c.ns == kNamespace ? environmentName(c) : "";
        if (part == "world") {
            if (static_cast<int>(sc->worlds.size()) >= kMaxWorlds)
                fail(c, "is one world too many (at most " + std::to_string(kMaxWorlds) + ")");
            for (const auto& [name, value] : c.attributes)
                if (name != "id" && name != "width" && name != "height" && !name.starts_with("xmlns"))
                    fail(c, "has no attribute '" + name + "' (it takes id, width and height)");
            World w = readWorld(ownText(c), textLine(c), c.name);
            w.id = trim(c.attributeOr("id", ""));
            if (!w.id.empty() && std::find(ids.begin(), ids.end(), w.id) != ids.end())
                fail(c, "id='" + w.id + "' is used by another world");
            ids.push_back(w.id);
            const int width = intAttribute(c, "width", 1, kMaxWorldSide, w.width);
            const int height = intAttribute(c, "height", 1, kMaxWorldSide, w.height);
            if (width != w.width || height != w.height)
                fail(c, "says " + std::to_string(width) + " by " + std::to_string(height) + ", but its rows make " +
                            std::to_string(w.width) + " by " + std::to_string(w.height));
            sc->worlds.push_back(std::move(w));
        } else if (part == "program") {
            if (hasProgram) fail(c, "is a second program (a task starts from at most one)");
            hasProgram = true;
            for (const auto& [name, value] : c.attributes)
                if (!name.starts_with("xmlns")) fail(c, "has no attribute '" + name + "'");
            const Parsed parsed = parse(ownText(c));
            const int first = textLine(c);
            if (!parsed.ok())
                throw Error(ErrorKind::Invalid, "line " + std::to_string(first + parsed.errorLine - 1) + ": <" +
                                                    c.name + "> " + messageOnly(parsed.error));
            int line = 0;
            const std::string outside = sc->outsidePalette(parsed.program, &line);
            if (!outside.empty())
                throw Error(ErrorKind::Invalid,
                            "line " + std::to_string(first + line - 1) + ": <" + c.name + "> " + messageOnly(outside));
            sc->start = parsed.program;
        } else {
            fail(c, "cannot be inside <" + element.name + "> (it holds <world> and <program>)");
        }
    }
    if (sc->worlds.empty()) fail(element, "has no <world> for the program to run in");
    if (sc->readOnly && !hasProgram) fail(element, "is read-only but has no <program> to show");
    if (!sc->runnable && !sc->readOnly) fail(element, "runnable='false' only goes with read-only='true'");
    return sc;
}

Value toResponse(const Program& program) {
    const std::string text = write(program);
    return Value::single(BaseType::String, text.empty() ? "\n" : text);
}

Program fromResponse(const BlocksScenario& scenario, const Value& response) {
    if (response.isNull() || response.cardinality != Cardinality::Single || response.items.size() != 1)
        return scenario.start;
    Parsed parsed = parse(response.items[0]);
    if (!parsed.ok() || !scenario.outsidePalette(parsed.program).empty()) return scenario.start;
    return std::move(parsed.program);
}

Outcome evaluate(const BlocksScenario& sc, const Value& response) {
    Outcome out;
    if (response.isNull() || response.items.size() != 1) {
        out.error = "no program";
        return out;
    }
    const Parsed parsed = parse(response.items[0]);
    if (!parsed.ok()) {
        out.error = parsed.error;
        return out;
    }
    if (std::string outside = sc.outsidePalette(parsed.program); !outside.empty()) {
        out.error = std::move(outside);
        return out;
    }
    out.blocks = parsed.program.blocks();
    out.fits = sc.maxBlocks == 0 || out.blocks <= sc.maxBlocks;
    out.goal = out.collected = true;
    for (const World& w : sc.worlds) {
        const Run r = run(parsed.program, w, sc.stepLimit);
        out.goal = out.goal && r.onGoal;
        out.collected = out.collected && r.allCollected;
        out.worlds += r.solved() ? 1 : 0;
        out.limit = out.limit || r.ending == Ending::StepLimit;
        out.bumped = out.bumped || r.ending == Ending::Bumped;
        out.steps = std::max(out.steps, r.steps);
    }
    out.solved = out.worlds == static_cast<int>(sc.worlds.size());
    return out;
}

Value outcomeRecord(const Outcome& o) {
    Value v = Value::null(Cardinality::Record, BaseType::String);
    auto flag = [&](const char* name, bool b) { v.fields.push_back({name, BaseType::Boolean, b ? "true" : "false"}); };
    auto number = [&](const char* name, int n) { v.fields.push_back({name, BaseType::Integer, std::to_string(n)}); };
    flag("solved", o.solved);
    flag("goal", o.goal);
    flag("collected", o.collected);
    number("worlds", o.worlds);
    number("blocks", o.blocks);
    flag("fits", o.fits);
    number("steps", o.steps);
    flag("limit", o.limit);
    flag("bumped", o.bumped);
    if (!o.error.empty()) v.fields.push_back({"error", BaseType::String, o.error});
    return v;
}

void registerOperators(CustomOperatorRegistry& registry) {
    const CustomOperator runProgram = [](const std::vector<Value>& args, const BodyNode& element, const Item* item) {
        if (args.size() != 1) throw Error(ErrorKind::Invalid, "dlk:run-program takes one value: the program");
        const BlocksScenario* sc = scenarioFor(element, item);
        if (!sc)
            throw Error(ErrorKind::Invalid,
                        "dlk:run-program needs the item's <dlk:blocks> interaction (one, or the one whose response it "
                        "is given)");
        const Value& program = args[0];
        if (!program.isNull() && (program.cardinality != Cardinality::Single ||
                                  (program.baseType != BaseType::String && program.baseType != BaseType::Identifier)))
            throw Error(ErrorKind::Invalid, "dlk:run-program takes a single string");
        return outcomeRecord(evaluate(*sc, program));
    };
    registry.add(std::string(kRunProgramClass), runProgram);
    registry.add(std::string(kRunProgramShortClass), runProgram);
}

namespace {
std::shared_ptr<const Scenario> readScenarioElement(const BodyNode& element) {
    return readScenario(element);
}
}  // namespace

const EnvironmentType kType{"blocks", Cardinality::Single, BaseType::String, readScenarioElement, simulate};

}  // namespace dlk::sim::blocks
