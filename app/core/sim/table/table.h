#pragma once
// A small spreadsheet of records (ICT basic skills and data: sort, filter, select cells, let the
// program compute a sum or an average, draw a bar chart of a column). The scenario is the table:
//
//   <dlk:table xmlns:dlk="https://dlkiosk.nl/ns/1" title="bijen.ods" label-column="tuin"
//       selection-response="CELLS" result-response="RESULT" formula-response="FORMULA"
//       chart-response="CHART" order-response="ORDER">
//     <dlk:column id="tuin" name="Tuin" type="text"/>
//     <dlk:column id="juni" name="Juni" type="number"/>
//     <dlk:row id="r1"><dlk:cell>Schooltuin</dlk:cell><dlk:cell>34</dlk:cell></dlk:row>
//     ...
//   </dlk:table>
//
// Columns come before rows; every row has one cell per column. Ids are letters, digits and _
// (a cell's id joins its row and column with '-': "r1-juni"). Numbers are written with a point
// (12.5) and shown with the pupil's decimal sign. `title` is the file name in the window's title
// bar; `label-column` names the column whose words label the chart's bars (default: the first
// text column). Sizes are bounded (kMax* below) because items come from outside.
//
// What the pupil does (actions, process data "table.<name>=<argument>"): sort-ascending and
// sort-descending (a column id), filter (a cell id: show only the rows with that cell's value in
// its column), clear-filter, select and extend-selection (a cell id: the cell, or the rectangle
// from the anchor to it among the rows shown), formula (sum, average, count, min or max, over the
// selected cells), chart (a number column id) and undo. Undo takes back the last sort, filter,
// formula or chart, as a spreadsheet does; moving the selection is not a step of its own.
//
// The response is a record (fields absent when not set):
//   shown           float   the number of rows shown (always present once the pupil acted)
//   sort_column     string  the column sorted on          sort_direction  string  ascending|descending
//   filter_column   string  the column filtered on        filter_cell     string  the first cell (in the
//                                                         scenario's order) holding the value shown
//   selection       string  the selected cell ids, space-separated, in the scenario's order
//   anchor, active  string  where the selection started and the cell it reaches (the cursor)
//   formula         string  sum|average|count|min|max     formula_cells   string  the cells it computed on
//   result          float   the formula's result (absent when there was no number to compute with)
//   chart           string  the number column the bar chart shows
//   undo            string  the earlier steps undo goes back to (at most kMaxUndo)
// An item scores what it asks through the outputs the scenario names (a multiple identifier of
// cells, a float, identifiers, the rows as shown), each with one standard operator; or a field
// of the record with fieldValue. Text cells may be translated, so an item scores sorting on
// number columns and filters through row ids, never words.
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/value.h"
#include "sim/environment.h"

namespace dlk::sim::table {

inline constexpr size_t kMaxColumns = 12;
inline constexpr size_t kMaxRows = 60;
inline constexpr size_t kMaxCellBytes = 80;
inline constexpr size_t kMaxNameBytes = 40;   // a column's name
inline constexpr size_t kMaxTitleBytes = 80;  // the file name in the title bar
inline constexpr size_t kMaxIdBytes = 32;     // a row or column id
inline constexpr int kMaxNumberDigits = 15;   // digits of a number, before and after the point
inline constexpr size_t kMaxUndo = 20;        // steps undo can take back

enum class ColumnType { Text, Number };

struct Column {
    std::string id;
    std::string name;
    ColumnType type = ColumnType::Text;
};

struct Row {
    std::string id;
    std::vector<std::string> cells;              // the text of each cell, whitespace collapsed
    std::vector<std::optional<double>> numbers;  // a number column's value; none when empty or text
    std::vector<std::string> keys;               // the text as it sorts (case folded)
};

struct TableScenario : Scenario {
    std::string title;
    std::vector<Column> columns;
    std::vector<Row> rows;
    int labelColumn = -1;  // the chart's bar labels; -1: row numbers

    int columnIndex(std::string_view id) const;
    int rowIndex(std::string_view id) const;
};

// A cell by the indices of its row and column in the scenario.
struct Cell {
    int row = -1;
    int col = -1;
    auto operator<=>(const Cell&) const = default;
};

enum class Direction { Ascending, Descending };
enum class Formula { Sum, Average, Count, Min, Max };

struct Sort {
    int column = -1;
    Direction direction = Direction::Ascending;
    bool operator==(const Sort&) const = default;
};

// What undo takes back: everything but the selection.
struct Sheet {
    std::optional<Sort> sort;
    std::optional<Cell> filter;  // canonical: the first row (scenario order) with that value
    std::optional<Formula> formula;
    std::vector<Cell> formulaCells;  // sorted
    std::optional<int> chart;
    bool operator==(const Sheet&) const = default;
};

struct State {
    Sheet sheet;
    std::vector<Cell> selection;  // sorted; empty, or holding anchor and active
    std::optional<Cell> anchor, active;
    std::vector<Sheet> undo;  // oldest first
    bool operator==(const State&) const = default;
};

// Names as process data and the response write them.
const char* formulaName(Formula f);
std::optional<Formula> formulaFromName(std::string_view name);
const char* directionName(Direction d);

// Cell ids: "<row id>-<column id>".
std::string cellId(const TableScenario& sc, Cell c);
std::optional<Cell> parseCellId(const TableScenario& sc, std::string_view id);
// A spreadsheet's column letter: 0 -> "A".
std::string columnLetter(int col);

// Every row in the sorted order (what row numbers count: the header is row 1, the first row 2),
// and the rows shown: the sorted rows that pass the filter.
std::vector<int> sortedRows(const TableScenario& sc, const Sheet& sheet);
std::vector<int> shownRows(const TableScenario& sc, const Sheet& sheet);
// The row number a spreadsheet shows for a row (2 for the first in the sorted order).
int rowNumber(const TableScenario& sc, const Sheet& sheet, int row);
// The values a column can be filtered on, each as the first cell holding it, sorted as the
// column sorts ascending.
std::vector<Cell> filterChoices(const TableScenario& sc, int col);

// A formula over cells: sum and count always have a result (count: the cells that are not
// empty); average, min and max only when a cell holds a number.
std::optional<double> compute(const TableScenario& sc, Formula f, const std::vector<Cell>& cells);
// The cells as a spreadsheet writes a range, by the rows' numbers now: "C2:C7", or
// "C2:C3;C5" with `separator` between the parts (';' in Dutch, ',' in English).
std::string rangeText(const TableScenario& sc, const Sheet& sheet, const std::vector<Cell>& cells, char separator);

// The table after an action; nullopt for an action or argument it does not know. An action that
// cannot apply now (a cell that is not shown, a formula without a selection) leaves the state.
std::optional<State> act(const TableScenario& sc, const State& state, const Action& action);
// The same actions one by one.
State sortBy(const TableScenario& sc, State s, int col, Direction d);
State filterBy(const TableScenario& sc, State s, Cell c);
State clearFilter(const TableScenario& sc, State s);
State select(const TableScenario& sc, State s, Cell c);
State extendSelection(const TableScenario& sc, State s, Cell c);
State applyFormula(const TableScenario& sc, State s, Formula f);
State chartOf(const TableScenario& sc, State s, int col);
State undo(const TableScenario& sc, State s);
bool canUndo(const State& s);

// The response record for a state, and the state a stored response stands for (NULL or
// anything malformed: the table as the scenario gives it).
Value toResponse(const TableScenario& sc, const State& state);
State fromResponse(const TableScenario& sc, const Value& response);

extern const EnvironmentType kType;

}  // namespace dlk::sim::table
