// The block editor environment (sim/blocks): the program text and its parser, the interpreter on
// grid worlds, the edits the view makes, the state as a stored response, the scenario reader, the
// custom operator dlk:run-program through an item's response processing, and the demo.
#include <doctest/doctest.h>

#include <random>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/processing.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "sim/blocks/blocks.h"
#include "sim/blocks/editor.h"
#include "util/json.h"

using namespace dlk;
using namespace dlk::sim::blocks;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kItem = DLK_TEST_DATA "/sim/blocks.xml";

Program program(const std::string& text) {
    const Parsed p = parse(text);
    REQUIRE_MESSAGE(p.ok(), p.error);
    return p.program;
}

std::string errorOfProgram(const std::string& text) {
    const Parsed p = parse(text);
    return p.ok() ? std::string("accepted") : p.error;
}

NewBlock block(Kind kind, int count = 2) {
    NewBlock b;
    b.kind = kind;
    b.count = count;
    return b;
}

// "m03-robot/%s/x.xml" with the language in it.
std::string withLang(std::string path, const std::string& lang) {
    path.replace(path.find("%s"), 2, lang);
    return path;
}

World world(const std::string& rows) {
    return readWorld(rows, 1);
}

Run runOn(const std::string& text, const std::string& rows, int limit = 1000) {
    return run(program(text), world(rows), limit);
}

Value text(const std::string& s) {
    return Value::single(BaseType::String, s);
}

// An item around a <dlk:blocks> element, scored 1 when the program solves the task.
std::string itemWith(const std::string& blocks) {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" xmlns:dlk="https://dlkiosk.nl/ns/1"
    identifier="b" title="b" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="string"/>
  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
  <qti-item-body>
    <qti-custom-interaction response-identifier="RESPONSE">
)" + blocks +
           R"(
    </qti-custom-interaction>
  </qti-item-body>
  <qti-response-processing>
    <qti-response-condition>
      <qti-response-if>
        <qti-field-value field-identifier="solved">
          <qti-custom-operator class="dlk:run-program"><qti-variable identifier="RESPONSE"/></qti-custom-operator>
        </qti-field-value>
        <qti-set-outcome-value identifier="SCORE"><qti-base-value base-type="float">1</qti-base-value></qti-set-outcome-value>
      </qti-response-if>
    </qti-response-condition>
  </qti-response-processing>
</qti-assessment-item>
)";
}

std::string loadError(const std::string& xml) {
    const auto e = errorOf([&] { parseItemXml(xml, "b.xml"); });
    return e ? std::string(e->what()) : std::string("accepted");
}

const BlocksScenario& scenarioOf(const Item& item) {
    REQUIRE(item.environments.count("RESPONSE"));
    return static_cast<const BlocksScenario&>(*item.environments.at("RESPONSE").scenario);
}

}  // namespace

TEST_CASE("blocks program: every block reads and writes back the same") {
    const std::string canonical =
        "define corner\n"
        "  forward\n"
        "  turn left\n"
        "end\n"
        "repeat 4\n"
        "  corner\n"
        "end\n"
        "repeat until goal\n"
        "  if path ahead\n"
        "    forward\n"
        "  else\n"
        "    turn right\n"
        "  end\n"
        "end\n"
        "while thing here\n"
        "  pick\n"
        "end\n"
        "if wall left\n"
        "  turn right\n"
        "end\n";
    const Program p = program(canonical);
    CHECK(write(p) == canonical);
    CHECK(p.blocks() == 13);
    CHECK(p.lines.size() == 20);
    // Indentation, blank lines, tabs and Windows line ends do not matter; the writer's form comes back.
    const Program loose = program(
        "\r\n  define corner\r\nforward\n\t turn   left\nend\n\nrepeat 4\ncorner\nend\n"
        "repeat until goal\nif path ahead\nforward\nelse\nturn right\nend\nend\n"
        "while thing here\npick\nend\nif wall left\nturn right\nend");
    CHECK(loose == p);
    CHECK(write(loose) == canonical);
    // The structure: bodies, else and end.
    CHECK(p.lines[0].kind == Kind::Define);
    CHECK(p.lines[0].end == 3);
    CHECK(p.lines[5].kind == Kind::Call);
    CHECK(p.lines[5].end == 0);  // a call knows its procedure
    CHECK(p.lines[8].kind == Kind::If);
    CHECK(p.lines[8].elseAt == 10);
    CHECK(p.lines[8].end == 12);
    CHECK(p.lines[9].depth == 2);
    // Every sensor by name.
    for (int s = 0; s < kSensorCount; ++s) {
        const Sensor sensor = static_cast<Sensor>(s);
        CHECK(sensorFromToken(sensorToken(sensor)) == sensor);
        const Program one = program(std::string("while ") + sensorText(sensor) + "\nend\n");
        CHECK(one.lines[0].sensor == sensor);
    }
    CHECK(write(program("")) == "");
    CHECK(program("\n\n  \n").lines.empty());
}

TEST_CASE("blocks program: broken programs are refused with the line that is wrong") {
    CHECK(errorOfProgram("forward\nfly\n") ==
          "line 2: 'fly' is not a block, nor a procedure of this program (define "
          "it with 'define fly')");
    CHECK(contains(errorOfProgram("forward\nturn around\n"), "line 2: 'turn around' is not a block"));
    CHECK(contains(errorOfProgram("repeat\nend\n"), "line 1: 'repeat': 'repeat' takes a number from 1 to 99"));
    CHECK(contains(errorOfProgram("repeat 0\nend\n"), "line 1:"));
    CHECK(contains(errorOfProgram("repeat 100\nend\n"), "line 1:"));
    CHECK(contains(errorOfProgram("repeat -1\nend\n"), "line 1:"));
    CHECK(contains(errorOfProgram("forward\nwhile wal ahead\nend\n"),
                   "line 2: 'while wal ahead': 'while' takes a sensor"));
    CHECK(contains(errorOfProgram("if\nend\n"), "line 1:"));
    CHECK(contains(errorOfProgram("repeat until\nend\n"), "'repeat until' takes a sensor"));
    CHECK(errorOfProgram("forward\nrepeat 3\n  forward\n") == "line 2: 'repeat 3' has no 'end'");
    CHECK(errorOfProgram("forward\nend\n") == "line 2: 'end' without a block to end");
    CHECK(errorOfProgram("repeat 2\nelse\nend\n") == "line 2: 'else' without an 'if' to belong to");
    CHECK(errorOfProgram("if goal\nelse\nelse\nend\n") == "line 3: a second 'else' for the 'if' on line 1");
    CHECK(errorOfProgram("repeat 2\ndefine a\nend\nend\n") ==
          "line 2: 'define' only at the top level, not inside another block");
    CHECK(errorOfProgram("define a\nend\n\ndefine a\nend\n") ==
          "line 4: a second procedure 'a' (the first is on line 1)");
    CHECK(contains(errorOfProgram("define forward\nend\n"), "line 1: 'define forward': 'define' takes a name"));
    CHECK(contains(errorOfProgram("define Jump\nend\n"), "line 1:"));
    CHECK(contains(errorOfProgram("forward now please do it\n"), "line 1:"));
    // Bytes that are no text at all are quoted harmlessly.
    const std::string odd = errorOfProgram(std::string("forward\n\x01\xff\x80 go\n"));
    CHECK(contains(odd, "line 2: '??? go' is not a block"));
    // A broken program gives no half-read program.
    CHECK(parse("forward\nfly\n").program.lines.empty());
}

TEST_CASE("blocks program: the limits on length blocks nesting and procedures hold") {
    // Nesting: 10 deep is fine, 11 is refused at the block that goes too deep.
    std::string deep, ends;
    for (int i = 0; i < kMaxDepth; ++i) {
        deep += "repeat 2\n";
        ends += "end\n";
    }
    CHECK(parse(deep + ends).ok());
    CHECK(errorOfProgram(deep + "repeat 2\nend\n" + ends) == "line 11: blocks nested more than 10 deep");
    // Blocks.
    std::string many;
    for (int i = 0; i < kMaxProgramBlocks; ++i) many += "forward\n";
    CHECK(parse(many).ok());
    CHECK(errorOfProgram(many + "forward\n") == "line 201: more than 200 blocks");
    // Procedures.
    std::string procs;
    for (int i = 0; i < kMaxProcedures; ++i) procs += "define p" + std::to_string(i) + "\nend\n";
    CHECK(parse(procs).ok());
    CHECK(errorOfProgram(procs + "define extra\nend\n") == "line 17: more than 8 procedures");
    // A line and the whole text.
    CHECK(errorOfProgram(std::string(kMaxLineBytes + 1, ' ') + "forward\n") == "line 1: longer than 200 characters");
    std::string blank(kMaxProgramBytes + 5, '\n');
    CHECK(errorOfProgram(blank) == "line 16385: the program is longer than 16384 characters");
    CHECK(contains(errorOfProgram("define " + std::string(21, 'a') + "\nend\n"), "'define' takes a name"));
}

TEST_CASE("blocks interpreter: moves turns and picks on the grid - a wall stops the robot") {
    const std::string rows = ". . . .\n> * # G\n. . . .";
    Run r = runOn("forward\npick\n", rows);
    CHECK(r.ending == Ending::Finished);
    CHECK(r.at == Cell{1, 1});
    CHECK(r.collected == 1);
    CHECK(r.allCollected);
    CHECK_FALSE(r.onGoal);
    CHECK(r.steps == 2);
    // Walking into the wall stops the run there; later blocks never run.
    r = runOn("forward\nforward\nturn left\n", rows);
    CHECK(r.ending == Ending::Bumped);
    CHECK(r.at == Cell{1, 1});
    CHECK(r.dir == Dir::East);
    // The edge of the grid is a wall too.
    r = runOn("turn left\nturn left\nforward\n", rows);
    CHECK(r.ending == Ending::Bumped);
    CHECK(r.at == Cell{0, 1});
    // Around the wall to the goal: solved.
    r = runOn("forward\npick\nturn left\nforward\nturn right\nforward\nforward\nturn right\nforward\n", rows);
    CHECK(r.ending == Ending::Finished);
    CHECK(r.onGoal);
    CHECK(r.solved());
    // Picking where there is nothing picks nothing; a thing is picked once.
    r = runOn("pick\nforward\npick\npick\n", rows);
    CHECK(r.collected == 1);
    // The trace: every action with where the robot is after it.
    std::vector<TraceStep> trace;
    run(program("forward\npick\nturn left\nforward\nforward\n"), world(rows), 1000, &trace);
    REQUIRE(trace.size() == 5);
    CHECK(trace[0].at == Cell{1, 1});
    CHECK(trace[1].picked == 0);
    CHECK(trace[2].dir == Dir::North);
    CHECK(trace[3].at == Cell{1, 0});
    CHECK(trace[4].bumped);
    CHECK(trace[4].line == 4);
}

TEST_CASE("blocks interpreter: repeat while repeat-until and if-else run as written") {
    const std::string corridor = "> . . * . G";
    CHECK(runOn("repeat 5\nforward\nend\n", corridor).onGoal);
    CHECK(runOn("repeat 3\nforward\nend\n", corridor).at == Cell{3, 0});
    // Nested repeats: 2 x 2 forward.
    CHECK(runOn("repeat 2\nrepeat 2\nforward\nend\nend\n", corridor).at == Cell{4, 0});
    // Steps: each round of a repeat, each action, each test of a sensor.
    CHECK(runOn("repeat 3\nforward\nend\n", corridor).steps == 6);
    CHECK(runOn("while path ahead\nforward\nend\n", corridor).steps == 11);
    // While, repeat until and if with the sensors.
    Run r = runOn("while path ahead\nforward\nif thing here\npick\nend\nend\n", corridor);
    CHECK(r.solved());
    r = runOn("repeat until goal\nforward\nend\n", corridor);
    CHECK(r.onGoal);
    CHECK(r.collected == 0);
    CHECK_FALSE(r.solved());
    // if/else: the else branch runs when the sensor says no.
    const std::string corner = ". G .\n> . #";
    r = runOn("repeat until goal\nif wall ahead\nturn left\nelse\nforward\nend\nend\n", corner);
    CHECK(r.onGoal);
    CHECK(r.at == Cell{1, 0});
    r = runOn("repeat until goal\nif path ahead\nforward\nelse\nturn left\nend\nend\n", corner);
    CHECK(r.onGoal);
    // Left and right sensors look beside the robot.
    CHECK(runOn("forward\nif path left\nturn left\nforward\nend\n", corner).at == Cell{1, 0});
    CHECK(runOn("forward\nif wall right\nturn left\nend\n", corner).dir == Dir::North);
    CHECK(runOn("if wall left\nturn right\nend\nif path right\nturn left\nend\n", corner).dir == Dir::East);
}

TEST_CASE("blocks interpreter: procedures are called - before they are defined and from each other") {
    const std::string corridor = "> . . . . . G";
    // Called before its definition; a definition alone does nothing.
    CHECK(runOn("two\ntwo\ndefine two\nforward\nforward\nend\n", corridor).at == Cell{4, 0});
    CHECK(runOn("define two\nforward\nforward\nend\n", corridor).at == Cell{0, 0});
    // Procedures calling procedures, inside repeats.
    const Run r = runOn("define two\none\none\nend\ndefine one\nforward\nend\nrepeat 3\ntwo\nend\n", corridor);
    CHECK(r.onGoal);
    CHECK(r.solved());
    // A repeat inside a procedure called from a repeat keeps its own count.
    CHECK(runOn("repeat 2\nhop\nend\ndefine hop\nrepeat 3\nforward\nend\nend\n", corridor).at == Cell{6, 0});
}

TEST_CASE("blocks interpreter: the step limit ends an endless loop - empty loops and recursion too") {
    const std::string box = "> . G";
    Run r = runOn("while path ahead\nturn left\nturn right\nend\n", box, 50);
    CHECK(r.ending == Ending::StepLimit);
    CHECK(r.steps == 50);
    // An empty loop still costs steps.
    r = runOn("while wall left\nend\n", box, 100);
    CHECK(r.ending == Ending::StepLimit);
    r = runOn("repeat until goal\nend\n", box, 100);
    CHECK(r.ending == Ending::StepLimit);
    // A procedure calling itself: ended at the call depth or the step limit, never a crash.
    r = runOn("define again\nturn left\nagain\nend\nagain\n", box, 20000);
    CHECK(r.ending == Ending::StepLimit);
    r = runOn("define again\nagain\nend\nagain\n", box, 10);
    CHECK(r.ending == Ending::StepLimit);
    // A long but finite program is not cut short below the limit.
    r = runOn("repeat 99\nrepeat 99\nturn left\nend\nend\n", box, 20000);
    CHECK(r.ending == Ending::Finished);
    CHECK(r.steps == 1 + 98 + 99 * (1 + 99 + 98));  // the outer repeat and its rounds, 99 inner repeats of 99 turns
}

TEST_CASE("blocks world: rows of characters read with their lines - bad worlds are refused") {
    const World w = readWorld("\n  # . G\n\n  > * .\n", 10, "dlk:world");
    CHECK(w.width == 3);
    CHECK(w.height == 2);
    CHECK(w.wall(0, 0));
    CHECK_FALSE(w.wall(1, 0));
    CHECK(w.wall(-1, 0));
    CHECK(w.wall(3, 1));
    CHECK(w.goal == Cell{2, 0});
    CHECK(w.start == Cell{0, 1});
    CHECK(w.startDir == Dir::East);
    CHECK(w.things.size() == 1);
    CHECK(cellName(w.goal) == "C1");
    auto error = [](const std::string& rows) {
        const auto e = errorOf([&] { readWorld(rows, 10, "dlk:world"); });
        return e ? std::string(e->what()) : std::string("accepted");
    };
    CHECK(error("> . G\n. . . .\n") == "line 11: <dlk:world> row 2 has 4 cells, row 1 has 3");
    CHECK(error("> . G\n. x .\n") ==
          "line 11: <dlk:world> 'x' in row 2 is not a cell (. floor, # wall, > < ^ v start, G goal, * thing)");
    CHECK(error(". . G\n") == "line 10: <dlk:world> has no start (> < ^ or v)");
    CHECK(error("> . .\n") == "line 10: <dlk:world> has no goal (G)");
    CHECK(error("> . G\n< . .\n") == "line 11: <dlk:world> has a second start (the first is on line 10)");
    CHECK(error("> G G\n") == "line 10: <dlk:world> has a second goal (the first is on line 10)");
    CHECK(error("") == "line 10: <dlk:world> has no rows (write the world as rows of . # > G *)");
    CHECK(contains(error(std::string(kMaxWorldSide + 1, '.') + ">G\n"), "wider than 12 cells"));
    std::string tall = ">G\n";
    for (int i = 0; i < kMaxWorldSide; ++i) tall += "..\n";
    CHECK(contains(error(tall), "line 22: <dlk:world> has more than 12 rows"));
    std::string things = "> G . .";
    for (int i = 0; i < 10; ++i) things += "\n" + std::string(4, '*');
    CHECK(contains(error(things), "has more than 30 things"));
}

TEST_CASE("blocks editor: insert remove move count and sensor give programs the parser accepts") {
    Program p;
    NewBlock forward;
    auto insert = [&](int slot, NewBlock b) {
        const auto next = insertBlock(p, slot, b);
        REQUIRE(next);
        p = *next;
    };
    insert(0, forward);
    NewBlock repeat = block(Kind::Repeat, 3);
    insert(1, repeat);
    CHECK(write(p) == "forward\nrepeat 3\nend\n");
    // Slot 2 is inside the repeat (before its end).
    const auto s = slots(p);
    REQUIRE(s.size() == 4);
    CHECK(s[2].depth == 1);
    CHECK_FALSE(s[2].topLevel);
    CHECK(s[3].topLevel);
    insert(2, block(Kind::TurnLeft));
    NewBlock ifElse = block(Kind::If);
    ifElse.sensor = Sensor::WallAhead;
    ifElse.withElse = true;
    insert(3, ifElse);
    CHECK(write(p) == "forward\nrepeat 3\n  turn left\n  if wall ahead\n  else\n  end\nend\n");
    insert(5, block(Kind::Pick));  // into the else branch
    CHECK(write(p) == "forward\nrepeat 3\n  turn left\n  if wall ahead\n  else\n    pick\n  end\nend\n");
    // A procedure at the top level, and a call of it.
    NewBlock define = block(Kind::Define);
    define.name = newProcedureName(p);
    CHECK(define.name == "a");
    insert(static_cast<int>(p.lines.size()), define);
    NewBlock call = block(Kind::Call);
    call.name = "a";
    insert(0, call);
    CHECK(newProcedureName(p) == "b");
    CHECK(write(p) ==
          "a\nforward\nrepeat 3\n  turn left\n  if wall ahead\n  else\n    pick\n  end\nend\ndefine a\nend\n");
    // Count and sensor.
    p = *setCount(p, 2, 7);
    p = *setSensor(p, 4, Sensor::Goal);
    CHECK(write(p) == "a\nforward\nrepeat 7\n  turn left\n  if goal\n  else\n    pick\n  end\nend\ndefine a\nend\n");
    // Move the forward into the procedure, then the whole repeat to the top.
    p = *moveBlock(p, 1, 10);
    CHECK(write(p) == "a\nrepeat 7\n  turn left\n  if goal\n  else\n    pick\n  end\nend\ndefine a\n  forward\nend\n");
    p = *moveBlock(p, 1, 0);
    CHECK(write(p) == "repeat 7\n  turn left\n  if goal\n  else\n    pick\n  end\nend\na\ndefine a\n  forward\nend\n");
    // Its own place leaves it as it is.
    CHECK(*moveBlock(p, 0, 0) == p);
    CHECK(*moveBlock(p, 0, 7) == p);
    // Removing a block removes what is in it; removing a procedure removes its calls.
    Program q = *removeBlock(p, 2);
    CHECK(write(q) == "repeat 7\n  turn left\nend\na\ndefine a\n  forward\nend\n");
    q = *removeBlock(q, 4);
    CHECK(write(q) == "repeat 7\n  turn left\nend\n");
    q = *removeBlock(q, 0);
    CHECK(q.lines.empty());
}

TEST_CASE("blocks editor: impossible edits are refused") {
    const Program p = program("repeat 2\n  forward\nend\nif goal\nend\n");
    NewBlock define = block(Kind::Define);
    define.name = "a";
    CHECK_FALSE(insertBlock(p, 1, define));  // inside a block
    CHECK(insertBlock(p, 3, define));        // between blocks, at the top level
    CHECK_FALSE(insertBlock(p, 99, NewBlock{}));
    CHECK_FALSE(insertBlock(p, -1, NewBlock{}));
    CHECK_FALSE(insertBlock(p, 0, block(Kind::End)));
    NewBlock badCount = block(Kind::Repeat, 0);
    CHECK_FALSE(insertBlock(p, 0, badCount));
    CHECK_FALSE(removeBlock(p, 2));  // an end is no block
    CHECK_FALSE(removeBlock(p, 9));
    CHECK_FALSE(moveBlock(p, 0, 2));  // into itself
    CHECK_FALSE(moveBlock(p, 2, 0));
    CHECK_FALSE(setCount(p, 0, 100));
    CHECK_FALSE(setCount(p, 1, 3));  // not a repeat
    CHECK_FALSE(setSensor(p, 0, Sensor::Goal));
    // Too deep.
    Program deep;
    for (int i = 0; i < kMaxDepth; ++i) deep = *insertBlock(deep, i, block(Kind::Repeat, 2));
    CHECK_FALSE(insertBlock(deep, kMaxDepth, block(Kind::Repeat, 2)));
    CHECK(insertBlock(deep, kMaxDepth, block(Kind::Forward)));
}

TEST_CASE("blocks state: the program is the response and comes back through the stored JSON") {
    const Item item = loadItemFile(kItem);
    const BlocksScenario& sc = scenarioOf(item);
    const Program p = program("while path ahead\nforward\nend\n");
    const Value v = toResponse(p);
    CHECK(v.cardinality == Cardinality::Single);
    CHECK(v.baseType == BaseType::String);
    CHECK(v.items[0] == "while path ahead\n  forward\nend\n");
    const Value stored = valueFromJson(valueToJson(v), Cardinality::Single, BaseType::String, "RESPONSE");
    CHECK(stored == v);
    CHECK(fromResponse(sc, stored) == p);
    // The empty program differs from no answer.
    CHECK(toResponse(Program{}).items[0] == "\n");
    CHECK(fromResponse(sc, toResponse(Program{})).lines.empty());
    // NULL, unreadable or outside the palette: the program the task starts with (none here).
    CHECK(fromResponse(sc, Value::null(Cardinality::Single, BaseType::String)).lines.empty());
    CHECK(fromResponse(sc, text("fly\n")).lines.empty());
    CHECK(fromResponse(sc, text("define a\nend\n")).lines.empty());      // no procedures here
    CHECK(fromResponse(sc, text("if wall left\nend\n")).lines.empty());  // nor this sensor
    CHECK(fromResponse(sc, Value::container(Cardinality::Multiple, BaseType::String, {"forward"})).lines.empty());
}

TEST_CASE("blocks scenario: a bad scenario is refused at load with file and line") {
    const std::string world = "<dlk:world>\n> . G\n</dlk:world>";
    CHECK(loadError(itemWith("<dlk:blocks>" + world + "</dlk:blocks>")) == "accepted");
    CHECK(contains(loadError(itemWith("<dlk:blocks palette=\"forward fly\">" + world + "</dlk:blocks>")),
                   "b.xml:8: <dlk:blocks> palette names 'fly', which is no block"));
    CHECK(contains(loadError(itemWith("<dlk:blocks palette=\"forward forward\">" + world + "</dlk:blocks>")),
                   "palette names 'forward' twice"));
    CHECK(contains(loadError(itemWith("<dlk:blocks sensors=\"smell\">" + world + "</dlk:blocks>")),
                   "sensors names 'smell', which is no sensor"));
    CHECK(contains(loadError(itemWith("<dlk:blocks max-blocks=\"0\">" + world + "</dlk:blocks>")),
                   "b.xml:8: <dlk:blocks> max-blocks='0' is not a number from 1 to 200"));
    CHECK(contains(loadError(itemWith("<dlk:blocks max-steps=\"999999\">" + world + "</dlk:blocks>")),
                   "max-steps='999999' is not a number from 10 to 20000"));
    CHECK(contains(loadError(itemWith("<dlk:blocks read-only=\"yes\">" + world + "</dlk:blocks>")),
                   "read-only='yes' is neither true nor false"));
    CHECK(contains(loadError(itemWith("<dlk:blocks colour=\"red\">" + world + "</dlk:blocks>")),
                   "has no attribute 'colour'"));
    CHECK(contains(loadError(itemWith("<dlk:blocks theme=\"space\">" + world + "</dlk:blocks>")),
                   "theme='space' is not plain or library"));
    CHECK(contains(loadError(itemWith("<dlk:blocks/>")), "b.xml:8: <dlk:blocks> has no <world>"));
    // A world's rows are checked with the line of the row.
    CHECK(contains(loadError(itemWith("<dlk:blocks>\n<dlk:world>\n> . G\n. ? .\n</dlk:world></dlk:blocks>")),
                   "b.xml:11: <dlk:world> '?' in row 2 is not a cell"));
    CHECK(contains(loadError(itemWith("<dlk:blocks>\n<dlk:world width=\"4\">\n> . G\n</dlk:world></dlk:blocks>")),
                   "b.xml:9: <dlk:world> says 4 by 1, but its rows make 3 by 1"));
    CHECK(contains(loadError(itemWith("<dlk:blocks>\n<dlk:world>\n> . .\n</dlk:world></dlk:blocks>")),
                   "b.xml:9: <dlk:world> has no goal (G)"));
    CHECK(contains(loadError(itemWith("<dlk:blocks>\n<dlk:world id=\"a\">>G</dlk:world>\n<dlk:world id=\"a\">>G"
                                      "</dlk:world></dlk:blocks>")),
                   "b.xml:10: <dlk:world> id='a' is used by another world"));
    std::string seven;
    for (int i = 0; i < 7; ++i) seven += "<dlk:world>>G</dlk:world>\n";
    CHECK(contains(loadError(itemWith("<dlk:blocks>\n" + seven + "</dlk:blocks>")),
                   "b.xml:15: <dlk:world> is one world too many (at most 6)"));
    CHECK(contains(loadError(itemWith("<dlk:blocks>" + world + "<dlk:robot/></dlk:blocks>")),
                   "<dlk:robot> cannot be inside <dlk:blocks>"));
    CHECK(contains(loadError(itemWith("<dlk:blocks>" + world + "<p>x</p></dlk:blocks>")), "cannot be inside"));
    // The given program: parsed with its line in the file, and kept to the palette.
    CHECK(contains(
        loadError(itemWith("<dlk:blocks>" + world + "<dlk:program>\nforward\nfly\n</dlk:program></dlk:blocks>")),
        "b.xml:12: <dlk:program> 'fly' is not a block"));
    CHECK(contains(loadError(itemWith("<dlk:blocks palette=\"forward\">" + world +
                                      "<dlk:program>\nforward\nturn left\n</dlk:program></dlk:blocks>")),
                   "b.xml:12: <dlk:program> 'turn left' is not among this task's blocks"));
    CHECK(contains(loadError(itemWith("<dlk:blocks sensors=\"goal\">" + world +
                                      "<dlk:program>\nwhile path ahead\nend\n</dlk:program></dlk:blocks>")),
                   "b.xml:11: <dlk:program> 'while path ahead' tests a sensor this task does not have"));
    CHECK(contains(loadError(itemWith("<dlk:blocks>" + world +
                                      "<dlk:program>forward</dlk:program><dlk:program/>"
                                      "</dlk:blocks>")),
                   "is a second program"));
    CHECK(contains(loadError(itemWith("<dlk:blocks read-only=\"true\">" + world + "</dlk:blocks>")),
                   "is read-only but has no <program> to show"));
    CHECK(contains(loadError(itemWith("<dlk:blocks runnable=\"false\">" + world + "</dlk:blocks>")),
                   "runnable='false' only goes with read-only='true'"));
    // The declaration: a single string.
    std::string record = itemWith("<dlk:blocks>" + world + "</dlk:blocks>");
    record.replace(record.find("cardinality=\"single\" base-type=\"string\""), 39, "cardinality=\"record\"");
    CHECK(contains(loadError(record), "the blocks yields a single string response"));
}

TEST_CASE("blocks scoring: dlk:run-program runs the program on every world of the item") {
    const Item item = loadItemFile(kItem);
    auto score = [&](const std::string& program) { return scoreOf(item, {{"RESPONSE", text(program)}}); };
    // The declared solution: both worlds, 4 blocks.
    CHECK(score(item.findResponse("RESPONSE")->correctResponse->items[0]) == 2);
    CHECK(score("while path ahead\nforward\nif thing here\npick\nend\nend\n") == 2);
    // Right but longer than max-blocks: 1 point.
    CHECK(score("while path ahead\nforward\nif thing here\npick\nend\nif goal\nturn left\nturn right\nend\nend\n") ==
          1);
    // Fits the first world only: nothing.
    CHECK(score("forward\nforward\npick\nforward\n") == 0);
    // Broken, unanswered, outside the palette, endless: nothing, and no error.
    CHECK(score("while path ahead\nforward\n") == 0);
    CHECK(scoreOf(item, {}) == 0);
    CHECK(score("define a\nend\n") == 0);
    CHECK(score("while wall ahead\nend\nwhile path ahead\nforward\nif thing here\npick\nend\nend\n") == 2);
    CHECK(score("repeat until goal\nturn left\nend\n") == 0);
}

TEST_CASE("blocks scoring: the operator's record says what happened on the worlds") {
    const Item item = loadItemFile(kItem);
    const BlocksScenario& sc = scenarioOf(item);
    auto field = [](const Value& v, const char* name) {
        const RecordField* f = v.field(name);
        return f ? f->value : std::string("(none)");
    };
    Value r = outcomeRecord(evaluate(sc, text("while path ahead\nforward\nif thing here\npick\nend\nend\n")));
    CHECK(r.cardinality == Cardinality::Record);
    CHECK(field(r, "solved") == "true");
    CHECK(field(r, "goal") == "true");
    CHECK(field(r, "collected") == "true");
    CHECK(field(r, "worlds") == "2");
    CHECK(field(r, "blocks") == "4");
    CHECK(field(r, "fits") == "true");
    CHECK(field(r, "steps") == "20");  // the long world: 6 forwards, 7 tests of while, 6 of if, 1 pick
    CHECK(field(r, "limit") == "false");
    CHECK(field(r, "bumped") == "false");
    CHECK(field(r, "error") == "(none)");
    CHECK(r.field("worlds")->baseType == BaseType::Integer);
    // One world solved; the other bumps.
    r = outcomeRecord(evaluate(sc, text("forward\nforward\npick\nforward\nforward\n")));
    CHECK(field(r, "solved") == "false");
    CHECK(field(r, "worlds") == "0");
    CHECK(field(r, "bumped") == "true");
    r = outcomeRecord(evaluate(sc, text("forward\nforward\npick\nforward\n")));
    CHECK(field(r, "worlds") == "1");
    CHECK(field(r, "goal") == "false");
    CHECK(field(r, "collected") == "false");  // the long world's star is one further
    // The step limit.
    r = outcomeRecord(evaluate(sc, text("while path ahead\nturn left\nturn right\nend\n")));
    CHECK(field(r, "limit") == "true");
    CHECK(field(r, "steps") == "1000");
    // A program that cannot run says why.
    r = outcomeRecord(evaluate(sc, text("forward\nfly\n")));
    CHECK(field(r, "error") ==
          "line 2: 'fly' is not a block, nor a procedure of this program (define it with 'define "
          "fly')");
    CHECK(field(r, "solved") == "false");
    r = outcomeRecord(evaluate(sc, text("while wall left\nend\n")));
    CHECK(contains(field(r, "error"), "line 1: 'while wall left' tests a sensor this task does not have"));
    r = outcomeRecord(evaluate(sc, Value::null(Cardinality::Single, BaseType::String)));
    CHECK(field(r, "error") == "no program");
    // Through QTI: the operator by both names, given the item; without a blocks item it is an error.
    const auto& op = *CustomOperatorRegistry::instance().find("dlk:run-program");
    BodyNode element;
    element.name = "customOperator";
    CHECK(op({text("forward\n")}, element, &item).field("solved")->value == "false");
    CHECK(CustomOperatorRegistry::instance().find("https://dlkiosk.nl/ns/1#run-program"));
    CHECK(
        contains(errorOf([&] { op({text("forward\n")}, element, nullptr); })->what(), "needs the item's <dlk:blocks>"));
    CHECK(contains(errorOf([&] { op({}, element, &item); })->what(), "takes one value"));
    CHECK(contains(errorOf([&] { op({Value::single(BaseType::Integer, "3")}, element, &item); })->what(),
                   "takes a single string"));
}

TEST_CASE("blocks demo: a simulated pupil gets full marks at fraction 1 and nothing at 0") {
    const Item item = loadItemFile(kItem);
    std::mt19937_64 rng(7);
    int right = 0;
    for (int i = 0; i < 40; ++i) {
        CHECK(scoreOf(item, simulateResponse(item, 1.0, rng)) == 2);
        CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
        right += scoreOf(item, simulateResponse(item, 0.5, rng)) > 0;
    }
    CHECK(right > 8);
    CHECK(right < 32);
    // Without a declared solution the demo finds a straight one for a single world.
    const Item plain = parseItemXml(itemWith("<dlk:blocks palette=\"forward turn-right pick\">\n<dlk:world>\n"
                                             ". * . G\n> # . .\n</dlk:world></dlk:blocks>"),
                                    "plain.xml");
    CHECK(scoreOf(plain, simulateResponse(plain, 1.0, rng)) == 1);
    CHECK(scoreOf(plain, simulateResponse(plain, 0.0, rng)) == 0);
}

TEST_CASE("blocks bank items: a solution scores MAXSCORE - a wrong program 0 - in both languages") {
    struct Case {
        std::string file, right, wrong;
        double max;
    };
    const std::vector<Case> cases = {
        {"m03-robot/%s/robot-11-blokken.xml",
         "repeat 4\nforward\nend\nturn right\nrepeat 2\nforward\nend\npick\nrepeat 2\nforward\nend\nturn right\n"
         "repeat 4\nforward\nend\n",
         "repeat 4\nforward\nend\nturn right\nrepeat 4\nforward\nend\n", 2},
        {"m03-robot/%s/robot-12-fout-herstellen.xml",
         "repeat until goal\nif wall ahead\nturn right\nelse\nforward\nend\nend\n",
         "forward\nforward\nturn right\nforward\nforward\n", 1},
        {"m00-oefenen/%s/oefenen-14-blokken.xml", "forward\nforward\npick\nforward\n", "forward\nforward\nforward\n",
         1},
    };
    std::mt19937_64 rng(11);
    for (const Case& c : cases)
        for (const char* lang : {"nl", "en"}) {
            const std::string file = std::string(DLK_SOURCE_ITEMS) + "/" + withLang(c.file, lang);
            CAPTURE(file);
            const Item item = loadItemFile(file);
            CHECK(item.maxScore() == c.max);
            CHECK(scoreOf(item, {{"RESPONSE", text(c.right)}}) == c.max);
            CHECK(scoreOf(item, {{"RESPONSE", text(c.wrong)}}) == 0);
            CHECK(scoreOf(item, {{"RESPONSE", Value::null(Cardinality::Single, BaseType::String)}}) == 0);
            for (int i = 0; i < 5; ++i) {
                CHECK(scoreOf(item, simulateResponse(item, 1.0, rng)) == c.max);
                CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
            }
        }
    // The debugging task starts from the given program, which does not solve it (an endless loop).
    const Item debug = loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/m03-robot/nl/robot-12-fout-herstellen.xml");
    const BlocksScenario& sc = scenarioOf(debug);
    REQUIRE(sc.start.lines.size() == 7);
    const Outcome given = evaluate(sc, toResponse(sc.start));
    CHECK_FALSE(given.solved);
    CHECK(given.limit);
    // The building task: a straight program solves it but does not fit in 12 blocks.
    const Item build = loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/m03-robot/nl/robot-11-blokken.xml");
    CHECK(scoreOf(build, {{"RESPONSE", text("forward\nforward\nforward\nforward\nturn right\nforward\nforward\npick\n"
                                            "forward\nforward\nturn right\nforward\nforward\nforward\nforward\n")}}) ==
          1);
}

TEST_CASE("blocks bank items: the predict-the-result item's key is where the shown program ends") {
    for (const char* lang : {"nl", "en"}) {
        const Item item =
            loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/m03-robot/" + lang + "/robot-13-voorspellen.xml");
        REQUIRE(item.environments.count("PROGRAM"));
        const auto& sc = static_cast<const BlocksScenario&>(*item.environments.at("PROGRAM").scenario);
        CHECK(sc.readOnly);
        CHECK_FALSE(sc.runnable);
        const Run r = run(sc.start, sc.worlds.at(0), sc.stepLimit);
        CHECK(r.ending == Ending::Finished);
        CHECK(cellName(r.at) == "A3");  // choice C
        CHECK(scoreOf(item, {{"RESPONSE", Value::single(BaseType::Identifier, "C")}}) == 1);
        for (const char* wrong : {"A", "B", "D"})
            CHECK(scoreOf(item, {{"RESPONSE", Value::single(BaseType::Identifier, wrong)}}) == 0);
    }
}
