// The data table environment (sim/table): its scenario reader and bounds, every action of the
// model and undo, its state as a QTI record that survives a restart, its outputs, and the whole
// way from an item through the loader, response processing and the demo.
#include <doctest/doctest.h>

#include <cstdio>
#include <random>

#include "core_test_helpers.h"
#include "demo/demo_school.h"
#include "qti/qti_loader.h"
#include "qti/response_processing.h"
#include "sim/table/table.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using namespace dlk::sim::table;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {

const std::string kItem = DLK_TEST_DATA "/sim/table.xml";

struct Loaded {
    Item item = loadItemFile(kItem);
    const TableScenario& sc = static_cast<const TableScenario&>(*item.environments.at("RESPONSE").scenario);
};

// The table after actions written as process data writes them: "select=r3-bijen undo".
State run(const TableScenario& sc, const std::string& actions, State s = {}) {
    for (const std::string& word : splitWhitespace(actions)) {
        const auto eq = word.find('=');
        const sim::Action a{word.substr(0, eq), eq == std::string::npos ? "" : word.substr(eq + 1)};
        const auto next = act(sc, s, a);
        REQUIRE_MESSAGE(next, word);
        s = *next;
    }
    return s;
}

std::vector<std::string> shownIds(const TableScenario& sc, const State& s) {
    std::vector<std::string> out;
    for (int r : shownRows(sc, s.sheet)) out.push_back(sc.rows[r].id);
    return out;
}

std::vector<std::string> ids(const TableScenario& sc, const std::vector<Cell>& cells) {
    std::vector<std::string> out;
    for (Cell c : cells) out.push_back(cellId(sc, c));
    return out;
}

using Strings = std::vector<std::string>;

std::string loadError(const std::string& xml) {
    const auto e = errorOf([&] { parseItemXml(xml, "table.xml"); });
    return e ? std::string(e->what()) : std::string("accepted");
}

// The test item with `from` (which must be there) replaced by `to`.
std::string replaced(const std::string& from, const std::string& to) {
    std::string x = dlk::test::readFile(kItem);
    const auto at = x.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    x.replace(at, from.size(), to);
    return x;
}

}  // namespace

TEST_CASE("table: the scenario is read with its columns - rows - numbers and chart labels") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    CHECK(sc.title == "Bijen tellen");
    REQUIRE(sc.columns.size() == 3);
    CHECK(sc.columns[0].name == "Tuin");
    CHECK(sc.columns[2].type == ColumnType::Number);
    REQUIRE(sc.rows.size() == 12);
    CHECK(sc.rows[7].cells[2] == "10.5");
    CHECK(sc.rows[7].numbers[2] == 10.5);
    CHECK(sc.rows[10].cells[2].empty());  // an empty cell
    CHECK_FALSE(sc.rows[10].numbers[2].has_value());
    CHECK(sc.labelColumn == 0);
    CHECK(cellId(sc, Cell{2, 2}) == "r3-bijen");
    CHECK(parseCellId(sc, "r12-tuin") == Cell{11, 0});
    CHECK_FALSE(parseCellId(sc, "r13-tuin").has_value());
    CHECK_FALSE(parseCellId(sc, "r1tuin").has_value());
    CHECK(columnLetter(0) == "A");
    CHECK(columnLetter(11) == "L");
    CHECK(columnLetter(26) == "AA");
}

TEST_CASE("table: sort ascending and descending - numbers by value - text as a reader sorts - empty cells last") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    CHECK(shownIds(sc, {}) == Strings{"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"});
    const State down = run(sc, "sort-descending=bijen");
    CHECK(shownIds(sc, down) == Strings{"r6", "r3", "r12", "r2", "r5", "r9", "r10", "r1", "r8", "r4", "r7", "r11"});
    const State up = run(sc, "sort-ascending=bijen");
    CHECK(shownIds(sc, up) == Strings{"r7", "r4", "r8", "r1", "r10", "r9", "r5", "r2", "r12", "r3", "r6", "r11"});
    // Text ignores case; equal values keep the order they had (a stable sort).
    const State gardens = run(sc, "sort-ascending=tuin");
    CHECK(shownIds(sc, gardens) == Strings{"r10", "r11", "r12", "r7", "r8", "r9", "r4", "r5", "r6", "r1", "r2", "r3"});
    // Row numbers follow the sort: the header is row 1.
    CHECK(rowNumber(sc, down.sheet, 5) == 2);
    CHECK(rowNumber(sc, {}, 5) == 7);
    // Sorting again the same way is no step to undo.
    CHECK(run(sc, "sort-descending=bijen", down) == down);
    CHECK(down.undo.size() == 1);
}

TEST_CASE("table: filter shows the rows with one value - clear-filter shows all - the choices are the values present") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    CHECK(ids(sc, filterChoices(sc, 1)) == Strings{"r1-maand", "r3-maand", "r2-maand"});  // april, juni, mei
    CHECK(ids(sc, filterChoices(sc, 2)).size() == 11);  // every count but the empty one
    // Any cell holding "juni" filters on juni; the state keeps the first such cell.
    const State june = run(sc, "filter=r9-maand");
    CHECK(shownIds(sc, june) == Strings{"r3", "r6", "r9", "r12"});
    REQUIRE(june.sheet.filter);
    CHECK(*june.sheet.filter == Cell{2, 1});
    CHECK(run(sc, "filter=r3-maand") == june);
    // Filter and sort together; rows keep their numbers from the sort, as in a spreadsheet.
    const State both = run(sc, "sort-descending=bijen", june);
    CHECK(shownIds(sc, both) == Strings{"r6", "r3", "r12", "r9"});
    CHECK(rowNumber(sc, both.sheet, 8) == 7);  // r9: 6th of all rows by count
    // Another filter replaces the first; clear-filter shows all again.
    CHECK(shownIds(sc, run(sc, "filter=r1-tuin", june)) == Strings{"r1", "r2", "r3"});
    const State all = run(sc, "clear-filter", june);
    CHECK(shownIds(sc, all).size() == 12);
    CHECK(all.undo.size() == 2);
    // Without a filter, clear-filter changes nothing.
    CHECK(run(sc, "clear-filter") == State{});
}

TEST_CASE("table: select and extend-selection make a rectangle of the rows shown - the cells follow their rows") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    const State one = run(sc, "select=r2-bijen");
    CHECK(ids(sc, one.selection) == Strings{"r2-bijen"});
    CHECK(one.anchor == Cell{1, 2});
    CHECK(one.active == Cell{1, 2});
    CHECK(one.undo.empty());  // selecting is no step to undo
    // Upwards and leftwards from the anchor.
    const State box = run(sc, "select=r3-bijen extend-selection=r1-maand");
    CHECK(ids(sc, box.selection) == Strings{"r1-maand", "r1-bijen", "r2-maand", "r2-bijen", "r3-maand", "r3-bijen"});
    CHECK(box.anchor == Cell{2, 2});
    CHECK(box.active == Cell{0, 1});
    // Among the rows shown: with a filter on juni, r3 to r9 is r3, r6 and r9.
    const State june = run(sc, "filter=r3-maand select=r3-bijen extend-selection=r9-bijen");
    CHECK(ids(sc, june.selection) == Strings{"r3-bijen", "r6-bijen", "r9-bijen"});
    // A hidden cell cannot be selected; extending without an anchor selects.
    CHECK(run(sc, "select=r1-bijen", june) == june);
    CHECK(ids(sc, run(sc, "extend-selection=r5-tuin").selection) == Strings{"r5-tuin"});
    // Sorting keeps the same cells selected, wherever their rows go.
    const State sorted = run(sc, "sort-descending=bijen", june);
    CHECK(sorted.selection == june.selection);
    // A filter drops the cells it hides; anchor and cursor move to the first cell left.
    const State filtered = run(sc, "select=r1-bijen extend-selection=r4-bijen filter=r4-tuin");
    CHECK(ids(sc, filtered.selection) == Strings{"r4-bijen"});
    CHECK(filtered.anchor == Cell{3, 2});
    CHECK(filtered.active == Cell{3, 2});
    CHECK(run(sc, "select=r1-bijen filter=r4-tuin").selection.empty());
}

TEST_CASE("table: the formulas compute over the selected cells - count counts what is filled") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    const std::string june = "filter=r3-maand select=r3-bijen extend-selection=r12-bijen ";
    auto result = [&](const std::string& actions) {
        const State s = run(sc, actions);
        REQUIRE(s.sheet.formula);
        return compute(sc, *s.sheet.formula, s.sheet.formulaCells);
    };
    CHECK(result(june + "formula=sum") == 117.0);
    CHECK(result(june + "formula=average") == 29.25);
    CHECK(result(june + "formula=count") == 4.0);
    CHECK(result(june + "formula=min") == 15.0);
    CHECK(result(june + "formula=max") == 41.0);
    // May has an empty cell and a decimal: the average is over the numbers there are.
    const std::string may = "filter=r2-maand select=r2-bijen extend-selection=r11-bijen ";
    CHECK(result(may + "formula=count") == 3.0);
    CHECK(result(may + "formula=average").value() == doctest::Approx(54.5 / 3));
    // Text has no numbers: sum 0, count what is filled, no average, minimum or maximum.
    const std::string names = "select=r1-tuin extend-selection=r2-maand ";
    CHECK(result(names + "formula=sum") == 0.0);
    CHECK(result(names + "formula=count") == 4.0);
    CHECK_FALSE(result(names + "formula=average").has_value());
    CHECK_FALSE(result(names + "formula=max").has_value());
    // Without a selection a formula does nothing; the formula keeps its cells when the
    // selection moves on, and a new formula replaces it.
    CHECK(run(sc, "formula=sum") == State{});
    const State kept = run(sc, june + "formula=average select=r1-tuin");
    CHECK(kept.sheet.formulaCells.size() == 4);
    CHECK(run(sc, june + "formula=average formula=max").sheet.formula == Formula::Max);
}

TEST_CASE("table: the formula bar writes the cells as spreadsheet ranges by the row numbers shown") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    auto range = [&](const std::string& actions, char sep = ';') {
        const State s = run(sc, actions);
        return rangeText(sc, s.sheet, s.selection, sep);
    };
    CHECK(range("select=r1-bijen") == "C2");
    CHECK(range("select=r1-bijen extend-selection=r6-bijen") == "C2:C7");
    CHECK(range("select=r1-maand extend-selection=r3-bijen") == "B2:C4");
    // June after a filter: rows 4, 7, 10 and 13, each on its own.
    CHECK(range("filter=r3-maand select=r3-bijen extend-selection=r12-bijen") == "C4;C7;C10;C13");
    CHECK(range("filter=r3-maand select=r3-bijen extend-selection=r12-bijen", ',') == "C4,C7,C10,C13");
    // Sorted by count, June's four are rows 2 to 4 and 7.
    CHECK(range("filter=r3-maand select=r3-bijen extend-selection=r12-bijen sort-descending=bijen") == "C2:C4;C7");
}

TEST_CASE("table: chart takes a number column - undo takes back sort - filter - formula and chart in turn") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    CHECK(run(sc, "chart=bijen").sheet.chart == 2);
    CHECK(run(sc, "chart=tuin") == State{});  // words make no bars
    const State done = run(sc,
                           "sort-descending=bijen filter=r3-maand select=r6-bijen extend-selection=r9-bijen "
                           "formula=sum chart=bijen");
    CHECK(done.undo.size() == 4);
    State s = run(sc, "undo", done);
    CHECK_FALSE(s.sheet.chart.has_value());
    CHECK(s.sheet.formula == Formula::Sum);
    s = run(sc, "undo", s);
    CHECK_FALSE(s.sheet.formula.has_value());
    CHECK(s.selection.size() == 4);  // undo leaves the selection
    s = run(sc, "undo", s);
    CHECK_FALSE(s.sheet.filter.has_value());
    CHECK(s.selection.size() == 4);
    s = run(sc, "undo", s);
    CHECK_FALSE(s.sheet.sort.has_value());
    CHECK_FALSE(canUndo(s));
    CHECK(run(sc, "undo", s) == s);  // nothing left to undo
    // Undoing a clear-filter hides rows again, and the selection loses the hidden cells.
    const State back = run(sc, "filter=r1-tuin clear-filter select=r5-tuin extend-selection=r6-tuin undo");
    CHECK(shownIds(sc, back).size() == 3);
    CHECK(back.selection.empty());
    // Undo remembers at most kMaxUndo steps.
    State many;
    for (size_t i = 0; i < kMaxUndo + 5; ++i)
        many = run(sc, i % 2 ? "sort-ascending=bijen" : "sort-descending=bijen", many);
    CHECK(many.undo.size() == kMaxUndo);
}

TEST_CASE("table: actions outside the vocabulary or with unknown arguments are refused") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    const State s;
    CHECK_FALSE(act(sc, s, {"delete", "r1-tuin"}).has_value());
    CHECK_FALSE(act(sc, s, {"sort-ascending", "tuinen"}).has_value());
    CHECK_FALSE(act(sc, s, {"select", "r1"}).has_value());
    CHECK_FALSE(act(sc, s, {"filter", "r99-tuin"}).has_value());
    CHECK_FALSE(act(sc, s, {"formula", "median"}).has_value());
    CHECK_FALSE(act(sc, s, {"chart", ""}).has_value());
    CHECK_FALSE(act(sc, s, {"undo", "2"}).has_value());
    CHECK_FALSE(act(sc, s, {"clear-filter", "maand"}).has_value());
    for (const char* f : {"sum", "average", "count", "min", "max"})
        CHECK(formulaName(*formulaFromName(f)) == std::string(f));
}

TEST_CASE("table: its state is a record that comes back whole through the store - and malformed is the start") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    const State s = run(sc,
                        "sort-descending=bijen filter=r3-maand select=r6-bijen extend-selection=r9-bijen "
                        "formula=average chart=bijen sort-ascending=tuin");
    const Value v = toResponse(sc, s);
    CHECK(v.cardinality == Cardinality::Record);
    CHECK(v.field("shown")->value == "4");
    CHECK(v.field("sort_column")->value == "tuin");
    CHECK(v.field("sort_direction")->value == "ascending");
    CHECK(v.field("filter_column")->value == "maand");
    CHECK(v.field("filter_cell")->value == "r3-maand");
    CHECK(v.field("selection")->value == "r3-bijen r6-bijen r9-bijen r12-bijen");
    CHECK(v.field("anchor")->value == "r6-bijen");
    CHECK(v.field("active")->value == "r9-bijen");
    CHECK(v.field("formula")->value == "average");
    CHECK(v.field("result")->value == "29.25");
    CHECK(v.field("result")->baseType == BaseType::Float);
    CHECK(v.field("chart")->value == "bijen");
    CHECK(v.field("undo")->value ==
          "- s=bijen:d s=bijen:d;f=r3-maand s=bijen:d;f=r3-maand;F=average:r3-bijen:r6-bijen:r9-bijen:r12-bijen "
          "s=bijen:d;f=r3-maand;F=average:r3-bijen:r6-bijen:r9-bijen:r12-bijen;c=bijen");
    CHECK(fromResponse(sc, v) == s);
    // Through the JSON the store keeps: the same value, the same table; undo still works.
    const Value stored = valueFromJson(valueToJson(v), Cardinality::Record, BaseType::Identifier, "RESPONSE");
    CHECK(stored == v);
    const State back = fromResponse(sc, stored);
    CHECK(back == s);
    CHECK(run(sc, "undo", back).sheet.sort == Sort{2, Direction::Descending});
    // Nothing stored, or anything the table could not have been left as: the table as it starts.
    CHECK(fromResponse(sc, Value::null(Cardinality::Record, BaseType::String)) == State{});
    CHECK(fromResponse(sc, Value::single(BaseType::String, "r1-tuin")) == State{});
    auto broken = [&](const char* field, const char* value) {
        Value odd = v;
        bool found = false;
        for (auto& f : odd.fields)
            if (f.name == field) {
                f.value = value;
                found = true;
            }
        if (!found) odd.fields.push_back({field, BaseType::String, value});
        return fromResponse(sc, odd);
    };
    CHECK(broken("sort_column", "hoogte") == State{});
    CHECK(broken("sort_direction", "upwards") == State{});
    CHECK(broken("filter_cell", "r3") == State{});
    CHECK(broken("selection", "r3-bijen r99-bijen") == State{});
    CHECK(broken("anchor", "r1-bijen") == State{});  // not in the selection
    CHECK(broken("formula", "median") == State{});
    CHECK(broken("formula_cells", "") == State{});
    CHECK(broken("chart", "tuin") == State{});
    CHECK(broken("undo", "s=bijen:x") == State{});
    CHECK(broken("undo", "F=sum") == State{});
    CHECK(broken("undo", "q=1") == State{});
    Value noAnchor = v;
    std::erase_if(noAnchor.fields, [](const RecordField& f) { return f.name == "anchor"; });
    CHECK(fromResponse(sc, noAnchor) == State{});
    // A field that is derived (the result) or unknown is not trusted: it is computed again.
    CHECK(broken("result", "1000") == s);
}

TEST_CASE("table: the outputs give each scored part as its own response") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    const EnvironmentBinding& binding = t.item.environments.at("RESPONSE");
    CHECK(binding.outputs == Strings{"CELLS", "RESULT", "FORMULA", "CHART", "ORDER"});
    const State s = run(sc,
                        "filter=r3-maand sort-descending=bijen select=r6-bijen extend-selection=r9-bijen "
                        "formula=average chart=bijen");
    const auto all = sim::responsesFor(kType, binding, "RESPONSE", toResponse(sc, s));
    REQUIRE(all.size() == 6);
    const VariableMap answers(all.begin(), all.end());
    CHECK(answers.at("CELLS") == Value::container(Cardinality::Multiple, BaseType::Identifier,
                                                  {"r3-bijen", "r6-bijen", "r9-bijen", "r12-bijen"}));
    CHECK(answers.at("RESULT") == Value::single(BaseType::Float, "29.25"));
    CHECK(answers.at("FORMULA") == Value::single(BaseType::Identifier, "average"));
    CHECK(answers.at("CHART") == Value::single(BaseType::Identifier, "bijen"));
    CHECK(answers.at("ORDER") ==
          Value::container(Cardinality::Ordered, BaseType::Identifier, {"r6", "r3", "r12", "r9"}));
    // Nothing selected, no formula, no chart: those outputs are NULL.
    const auto plain = sim::responsesFor(kType, binding, "RESPONSE", toResponse(sc, run(sc, "sort-ascending=tuin")));
    CHECK(plain[1].second.isNull());
    CHECK(plain[2].second.isNull());
    CHECK(plain[3].second.isNull());
    CHECK(plain[4].second.isNull());
    CHECK(plain[5].second.items.size() == 12);
}

TEST_CASE("table: a bank-style item scores each part with one standard operator") {
    const Loaded t;
    const TableScenario& sc = t.sc;
    const EnvironmentBinding& binding = t.item.environments.at("RESPONSE");
    auto score = [&](const std::string& actions) {
        const auto all = sim::responsesFor(kType, binding, "RESPONSE", toResponse(sc, run(sc, actions)));
        return scoreOf(t.item, VariableMap(all.begin(), all.end()));
    };
    const std::string june = "filter=r3-maand sort-descending=bijen select=r6-bijen extend-selection=r9-bijen ";
    CHECK(score(june + "formula=average chart=bijen") == 4);
    // The average computed some other way round (select first, sort after) is the same answer.
    CHECK(score("filter=r3-maand select=r3-bijen extend-selection=r12-bijen formula=average sort-descending=bijen "
                "chart=bijen") == 4);
    CHECK(score(june + "formula=sum chart=bijen") == 3);                           // the wrong formula
    CHECK(score(june + "formula=average") == 3);                                   // no chart
    CHECK(score(june + "formula=average chart=bijen sort-ascending=bijen") == 3);  // the wrong order
    CHECK(score(june + "formula=average chart=bijen select=r6-bijen") == 3);       // one cell left selected
    // All rows, most bees first: the order and the average are wrong.
    CHECK(score("sort-descending=bijen select=r6-bijen extend-selection=r11-bijen formula=average chart=bijen") == 1);
    CHECK(score("select=r1-tuin") == 0);
    CHECK(scoreOf(t.item, {}) == 0);  // untouched
}

TEST_CASE("table: a bad scenario is refused at load with file and line") {
    const std::string column = "<dlk:column id=\"maand\" name=\"Maand\" type=\"text\"/>";
    const std::string row =
        "<dlk:row id=\"r4\"><dlk:cell>Park</dlk:cell><dlk:cell>april</dlk:cell><dlk:cell>8</dlk:cell>"
        "</dlk:row>";
    // Line 41 holds the second column, line 46 the row r4, line 38 the table.
    auto columnError = [&](const std::string& to) { return loadError(replaced(column, to)); };
    auto rowError = [&](const std::string& to) { return loadError(replaced(row, to)); };
    CHECK(contains(columnError("<dlk:column name=\"Maand\"/>"), "table.xml:41: <dlk:column> has no id"));
    CHECK(contains(columnError("<dlk:column id=\"de-maand\" name=\"Maand\"/>"),
                   "table.xml:41: <dlk:column> id='de-maand' must be 1 to 32 letters, digits or _"));
    CHECK(contains(columnError("<dlk:column id=\"tuin\" name=\"Maand\"/>"),
                   "table.xml:41: <dlk:column> id='tuin' is already"));
    CHECK(contains(columnError("<dlk:column id=\"maand\"/>"), "table.xml:41: <dlk:column> has no name"));
    CHECK(contains(columnError("<dlk:column id=\"maand\" name=\"Maand\" type=\"date\"/>"),
                   "type='date' is not text or number"));
    CHECK(contains(columnError("<dlk:column id=\"maand\" name=\"Maand\" width=\"3\"/>"),
                   "table.xml:41: <dlk:column> has no attribute 'width'"));
    CHECK(contains(columnError("<dlk:column id=\"maand\" name=\"" + std::string(41, 'x') + "\"/>"), "at most 40"));
    CHECK(contains(columnError("<dlk:kolom id=\"maand\" name=\"Maand\"/>"),
                   "table.xml:41: <dlk:kolom> cannot be in a <dlk:table>"));
    CHECK(contains(
        rowError("<dlk:row><dlk:cell>Park</dlk:cell><dlk:cell>april</dlk:cell><dlk:cell>8</dlk:cell></dlk:row>"),
        "table.xml:46: <dlk:row> has no id"));
    CHECK(contains(
        rowError("<dlk:row id=\"r1\"><dlk:cell>P</dlk:cell><dlk:cell>a</dlk:cell><dlk:cell>8</dlk:cell></dlk:row>"),
        "table.xml:46: <dlk:row> id='r1' is already a row's id"));
    CHECK(contains(rowError("<dlk:row id=\"r4\"><dlk:cell>Park</dlk:cell><dlk:cell>april</dlk:cell></dlk:row>"),
                   "table.xml:46: <dlk:row> has 2 cells; every row has one per column (3)"));
    CHECK(contains(rowError("<dlk:row id=\"r4\"><dlk:cell>P</dlk:cell><dlk:cell>a</dlk:cell><dlk:cell>8</dlk:cell>"
                            "<dlk:cell>9</dlk:cell></dlk:row>"),
                   "table.xml:46: <dlk:cell> is one cell too many"));
    CHECK(contains(
        rowError("<dlk:row id=\"r4\"><dlk:cell>Park</dlk:cell><dlk:cell>april</dlk:cell><dlk:cell>8,5</dlk:cell>"
                 "</dlk:row>"),
        "table.xml:46: <dlk:cell> '8,5' in number column 'bijen' is not a number (write it with a point"));
    for (const char* bad : {"1e3", "+8", "8.", ".5", "acht", "1234567890123456"})
        CHECK_MESSAGE(contains(rowError("<dlk:row id=\"r4\"><dlk:cell>P</dlk:cell><dlk:cell>a</dlk:cell><dlk:cell>" +
                                        std::string(bad) + "</dlk:cell></dlk:row>"),
                               "is not a number"),
                      bad);
    CHECK(contains(rowError("<dlk:row id=\"r4\"><dlk:cell>" + std::string(81, 'x') +
                            "</dlk:cell><dlk:cell>a</dlk:cell><dlk:cell>8</dlk:cell></dlk:row>"),
                   "holds 81 bytes; a cell holds at most 80"));
    CHECK(
        contains(rowError("<dlk:row id=\"r4\"><dlk:cell><b>P</b></dlk:cell><dlk:cell>a</dlk:cell><dlk:cell>8</dlk:cell>"
                          "</dlk:row>"),
                 "table.xml:46: <b> cannot be in a cell"));
    CHECK(contains(rowError("<dlk:row id=\"r4\"><dlk:cell>P</dlk:cell><dlk:cell>a</dlk:cell><dlk:value>8</dlk:value>"
                            "</dlk:row>"),
                   "table.xml:46: <dlk:value> cannot be in a row"));
    CHECK(contains(rowError(row + "<dlk:column id=\"extra\" name=\"Extra\"/>"),
                   "table.xml:46: <dlk:column> comes after a row; the columns come first"));
    // The table element itself.
    CHECK(contains(loadError(replaced("label-column=\"tuin\"", "label-column=\"naam\"")),
                   "table.xml:38: <dlk:table> label-column='naam' names no column"));
    CHECK(contains(loadError(replaced("label-column=\"tuin\"", "rows=\"12\"")),
                   "table.xml:38: <dlk:table> has no attribute 'rows'"));
    CHECK(contains(loadError(replaced("title=\"Bijen tellen\" label", "title=\"" + std::string(81, 't') + "\" label")),
                   "title is 81 bytes; at most 80"));
    // Sizes: at most 12 columns and 60 rows.
    std::string columns;
    for (int i = 0; i < 10; ++i) columns += "<dlk:column id=\"c" + std::to_string(i) + "\" name=\"C\"/>";
    CHECK(contains(columnError(column + columns), "is one column too many: a table has at most 12"));
    std::string rows;
    for (int i = 0; i < 49; ++i)
        rows += "<dlk:row id=\"x" + std::to_string(i) + "\"><dlk:cell/><dlk:cell/><dlk:cell/></dlk:row>";
    CHECK(contains(rowError(row + rows), "is one row too many: a table has at most 60"));
    // No rows at all.
    std::string xml = dlk::test::readFile(kItem);
    const auto first = xml.find("<dlk:row "), last = xml.find("</dlk:table>");
    xml.erase(first, last - first);
    CHECK(contains(loadError(xml), "table.xml:38: <dlk:table> has no <dlk:row>"));
}

TEST_CASE("table: outputs are checked at load - declared - and declared as the table fills them") {
    CHECK(contains(loadError(replaced("chart-response=\"CHART\"", "chart-response=\"GRAFIEK\"")),
                   "table.xml:38: chart-response='GRAFIEK' names no declared response"));
    CHECK(contains(
        loadError(
            replaced("identifier=\"ORDER\" cardinality=\"ordered\"", "identifier=\"ORDER\" cardinality=\"multiple\"")),
        "order-response='ORDER' (the row ids as shown, after filter and sort) must be declared ordered identifier"));
    CHECK(contains(loadError(replaced("identifier=\"FORMULA\" cardinality=\"single\" base-type=\"identifier\"",
                                      "identifier=\"FORMULA\" cardinality=\"single\" base-type=\"string\"")),
                   "formula-response='FORMULA' (the formula: sum, average, count, min or max) must be declared single "
                   "identifier"));
    CHECK(contains(loadError(replaced("identifier=\"RESPONSE\" cardinality=\"record\"",
                                      "identifier=\"RESPONSE\" cardinality=\"multiple\" base-type=\"identifier\"")),
                   "the table yields a record response"));
}

TEST_CASE("table: the demo aims at what the item scores - full marks at fraction 1 and none at 0") {
    const Loaded t;
    std::mt19937_64 rng(7);
    int some = 0;
    for (int i = 0; i < 30; ++i) {
        const VariableMap best = simulateResponse(t.item, 1.0, rng);
        CHECK(best.count("RESPONSE"));
        CHECK(scoreOf(t.item, best) == 4);
        CHECK(scoreOf(t.item, simulateResponse(t.item, 0.0, rng)) == 0);
        const double half = scoreOf(t.item, simulateResponse(t.item, 0.5, rng));
        some += half > 0 && half < 4;
    }
    CHECK(some > 5);
    // The demo's state is one the table can be left in.
    const VariableMap best = simulateResponse(t.item, 1.0, rng);
    const State s = fromResponse(t.sc, best.at("RESPONSE"));
    CHECK(s.sheet.formula == Formula::Average);
    CHECK(s.sheet.chart == 2);
    CHECK(toResponse(t.sc, s) == best.at("RESPONSE"));
}

TEST_CASE("table: the bank items score their task done right - partly - or wrong - in both languages") {
    struct BankItem {
        const char* path;
        double max;
        // Actions and the score they earn.
        std::vector<std::pair<std::string, double>> paths;
    };
    const std::vector<BankItem> items = {
        {"m04-spreekbeurt/%s/spreekbeurt-12-bijentabel.xml",
         2,
         {{"sort-descending=juni chart=juni", 2},
          {"sort-ascending=juni sort-descending=juni select=t2-juni chart=juni", 2},
          {"sort-descending=juni", 1},
          {"chart=juni", 1},
          {"sort-ascending=juni chart=juni", 1},                   // the fewest bees at the top
          {"sort-descending=mei chart=mei", 0},                    // the wrong month
          {"sort-descending=juni filter=t2-tuin chart=april", 0},  // one garden left
          {"sort-descending=juni chart=juni undo", 1}}},
        {"m04-spreekbeurt/%s/spreekbeurt-13-gemiddelde.xml",
         2,
         {{"filter=r3-maand select=r3-bijen extend-selection=r12-bijen formula=average", 2},
          {"sort-descending=maand select=r3-bijen extend-selection=r6-bijen formula=average", 1},  // half of June
          {"sort-ascending=maand select=r3-bijen extend-selection=r12-bijen formula=average", 2},  // April, June, May
          {"select=r1-bijen extend-selection=r12-bijen formula=average", 1},                       // every month
          {"filter=r3-maand select=r3-tuin extend-selection=r12-bijen formula=average", 2},
          {"filter=r3-maand select=r3-bijen extend-selection=r12-bijen formula=sum", 0},
          {"filter=r3-maand select=r3-bijen extend-selection=r12-bijen formula=average undo", 0}}},
        {"m00-oefenen/%s/oefenen-11-tabel.xml",
         1,
         {{"select=k1-boeken extend-selection=k5-boeken formula=sum", 1},
          {"select=k5-boeken extend-selection=k1-boeken formula=sum", 1},
          {"sort-descending=boeken select=k2-boeken extend-selection=k3-boeken formula=sum", 1},
          {"select=k1-boeken extend-selection=k4-boeken formula=sum", 0},  // one child left out
          {"select=k1-boeken extend-selection=k5-boeken formula=count", 0},
          {"select=k1-boeken extend-selection=k5-boeken", 0}}},
    };
    for (const BankItem& b : items)
        for (const char* lang : {"nl", "en"}) {
            char path[200];
            std::snprintf(path, sizeof path, b.path, lang);
            CAPTURE(path);
            const Item item = loadItemFile(std::string(DLK_SOURCE_ITEMS) + "/" + path);
            CHECK(item.maxScore() == b.max);
            const EnvironmentBinding& binding = item.environments.at("RESPONSE");
            const auto& sc = static_cast<const TableScenario&>(*binding.scenario);
            for (const auto& [actions, expected] : b.paths) {
                CAPTURE(actions);
                const auto all = sim::responsesFor(kType, binding, "RESPONSE", toResponse(sc, run(sc, actions)));
                CHECK(scoreOf(item, VariableMap(all.begin(), all.end())) == expected);
            }
            CHECK(scoreOf(item, {}) == 0);
            std::mt19937_64 rng(11);
            for (int i = 0; i < 10; ++i) {
                CHECK(scoreOf(item, simulateResponse(item, 1.0, rng)) == b.max);
                CHECK(scoreOf(item, simulateResponse(item, 0.0, rng)) == 0);
            }
        }
}
