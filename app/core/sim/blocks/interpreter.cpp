#include "sim/blocks/interpreter.h"

#include <array>
#include <cstdint>

namespace dlk::sim::blocks {

Run run(const Program& program, const World& world, int stepLimit, std::vector<TraceStep>* trace) {
    const std::vector<Line>& lines = program.lines;
    const size_t n = lines.size();
    Run r;
    Cell at = world.start;
    Dir dir = world.startDir;
    uint32_t taken = 0;  // kMaxThings bits
    static_assert(kMaxThings <= 32);
    // Repeat counters of the repeats being run (at most kMaxDepth per procedure level) and the
    // lines to return to from the procedures being run.
    std::array<int, static_cast<size_t>(kMaxDepth) * (kMaxCallDepth + 1)> counters{};
    std::array<size_t, kMaxCallDepth> returns{};
    size_t counted = 0, called = 0;

    auto thingHere = [&]() {
        const int i = world.thingAt(at);
        return i >= 0 && !(taken & (1u << i)) ? i : -1;
    };
    auto sense = [&](Sensor s) {
        switch (s) {
            case Sensor::WallAhead:
            case Sensor::PathAhead: {
                const Cell c = ahead(at, dir);
                return world.wall(c.x, c.y) == (s == Sensor::WallAhead);
            }
            case Sensor::WallLeft:
            case Sensor::PathLeft: {
                const Cell c = ahead(at, turnedLeft(dir));
                return world.wall(c.x, c.y) == (s == Sensor::WallLeft);
            }
            case Sensor::WallRight:
            case Sensor::PathRight: {
                const Cell c = ahead(at, turnedRight(dir));
                return world.wall(c.x, c.y) == (s == Sensor::WallRight);
            }
            case Sensor::ThingHere:
                return thingHere() >= 0;
            case Sensor::Goal:
                return at == world.goal;
        }
        return false;
    };
    auto record = [&](size_t line, int picked, bool bumped) {
        if (trace) trace->push_back(TraceStep{static_cast<int>(line), at, dir, picked, bumped});
    };

    size_t pc = 0;
    bool stopped = false;
    // One step more; false (and the run ends) past the limit.
    auto tick = [&]() {
        if (r.steps >= stepLimit) {
            r.ending = Ending::StepLimit;
            stopped = true;
            return false;
        }
        ++r.steps;
        return true;
    };
    while (pc < n && !stopped) {
        const Line& l = lines[pc];
        switch (l.kind) {
            case Kind::Forward: {
                if (!tick()) break;
                const Cell next = ahead(at, dir);
                if (world.wall(next.x, next.y)) {
                    r.ending = Ending::Bumped;
                    stopped = true;
                    record(pc, -1, true);
                    break;
                }
                at = next;
                record(pc, -1, false);
                ++pc;
                break;
            }
            case Kind::TurnLeft:
            case Kind::TurnRight:
                if (!tick()) break;
                dir = l.kind == Kind::TurnLeft ? turnedLeft(dir) : turnedRight(dir);
                record(pc, -1, false);
                ++pc;
                break;
            case Kind::Pick: {
                if (!tick()) break;
                const int i = thingHere();
                if (i >= 0) {
                    taken |= 1u << i;
                    ++r.collected;
                }
                record(pc, i, false);
                ++pc;
                break;
            }
            case Kind::Repeat:
                if (!tick()) break;
                counters[counted++] = l.count;
                ++pc;
                break;
            case Kind::RepeatUntil:
                if (!tick()) break;
                pc = sense(l.sensor) ? static_cast<size_t>(l.end) + 1 : pc + 1;
                break;
            case Kind::While:
                if (!tick()) break;
                pc = sense(l.sensor) ? pc + 1 : static_cast<size_t>(l.end) + 1;
                break;
            case Kind::If:
                if (!tick()) break;
                pc = sense(l.sensor) ? pc + 1 : static_cast<size_t>(l.elseAt >= 0 ? l.elseAt : l.end) + 1;
                break;
            case Kind::Else:  // the end of the then-branch
                pc = static_cast<size_t>(l.end) + 1;
                break;
            case Kind::End: {
                const size_t opener = static_cast<size_t>(l.end);
                switch (lines[opener].kind) {
                    case Kind::Repeat:
                        if (--counters[counted - 1] > 0) {
                            if (!tick()) break;
                            pc = opener + 1;
                        } else {
                            --counted;
                            ++pc;
                        }
                        break;
                    case Kind::RepeatUntil:
                    case Kind::While:
                        pc = opener;  // tests its sensor again
                        break;
                    case Kind::Define:
                        pc = called > 0 ? returns[--called] : n;
                        break;
                    default:
                        ++pc;
                        break;
                }
                break;
            }
            case Kind::Define:  // run only when called
                pc = static_cast<size_t>(l.end) + 1;
                break;
            case Kind::Call:
                if (!tick()) break;
                if (called == returns.size()) {  // a procedure calling itself without end
                    r.ending = Ending::StepLimit;
                    stopped = true;
                    break;
                }
                returns[called++] = pc + 1;
                pc = static_cast<size_t>(l.end) + 1;
                break;
        }
    }
    r.at = at;
    r.dir = dir;
    r.onGoal = at == world.goal;
    r.allCollected = r.collected == static_cast<int>(world.things.size());
    return r;
}

}  // namespace dlk::sim::blocks
