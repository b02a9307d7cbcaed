#include "sim/table/table.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::table {

namespace {

constexpr const char* kFormulaNames[] = {"sum", "average", "count", "min", "max"};
constexpr const char* kDirectionNames[] = {"ascending", "descending"};
// The outputs, in the order of kType.outputs and project().
enum Output { kSelection, kResult, kFormula, kChart, kOrder, kOutputCount };
constexpr std::string_view kOutputAttributes[] = {"selection-response", "result-response", "formula-response",
                                                  "chart-response", "order-response"};

// ---- the scenario --------------------------------------------------------------------------------

[[noreturn]] void fail(const BodyNode& at, const std::string& what) {
    throw Error(ErrorKind::Invalid, "line " + std::to_string(at.line) + ": <" + at.name + "> " + what);
}

std::string localName(const BodyNode& e) {
    return environmentName(e);
}

// Row and column ids: letters, digits and _, starting with a letter or _ (a QTI identifier that
// can be joined into a cell id with '-').
bool isPlainId(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdBytes) return false;
    const auto c0 = static_cast<unsigned char>(id[0]);
    if (!(std::isalpha(c0) || c0 == '_')) return false;
    return std::all_of(id.begin(), id.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return std::isalnum(c) || c == '_';
    });
}

std::string collapsed(std::string_view text) {
    std::string out;
    for (const std::string& word : splitWhitespace(text)) out += (out.empty() ? "" : " ") + word;
    return out;
}

// A number as an item writes it: -12, 3.5, 0.25; no exponent, no comma, no plus, at most
// kMaxNumberDigits digits.
std::optional<double> parseNumber(std::string_view t) {
    size_t i = 0, digits = 0, before = 0;
    if (i < t.size() && t[i] == '-') ++i;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) ++before;
    digits = before;
    if (i < t.size() && t[i] == '.') {
        ++i;
        size_t after = 0;
        for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i) ++after;
        if (after == 0) return std::nullopt;
        digits += after;
    }
    if (i != t.size() || before == 0 || digits > static_cast<size_t>(kMaxNumberDigits)) return std::nullopt;
    double v = 0;
    if (!parseDouble(t, v)) return std::nullopt;
    return v;
}

const std::string& requiredId(const BodyNode& e, std::string_view what) {
    const std::string* id = e.attribute("id");
    if (!id) fail(e, "has no id (every " + std::string(what) + " has one)");
    if (!isPlainId(*id))
        fail(e, "id='" + *id + "' must be 1 to " + std::to_string(kMaxIdBytes) +
                    " letters, digits or _, starting with a letter (a cell id joins row and column with '-')");
    return *id;
}

void onlyAttributes(const BodyNode& e, std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : e.attributes) {
        if (name.starts_with("xmlns")) continue;
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(e, "has no attribute '" + name + "'" + (list.empty() ? "" : " (it takes " + list + ")"));
    }
}

bool isOurs(const BodyNode& e, std::string_view local) {
    return !e.isText && e.ns == kNamespace && localName(e) == local;
}

void readCells(const BodyNode& rowElement, TableScenario& sc, Row& row) {
    for (const BodyNode& c : rowElement.children) {
        if (c.isText) {
            if (!trim(c.text).empty()) fail(rowElement, "holds text outside a <dlk:cell>");
            continue;
        }
        if (!isOurs(c, "cell")) fail(c, "cannot be in a row (a <dlk:row> holds <dlk:cell> elements)");
        onlyAttributes(c, {});
        for (const BodyNode& part : c.children)
            if (!part.isText) fail(part, "cannot be in a cell (a <dlk:cell> holds text only)");
        const size_t col = row.cells.size();
        if (col >= sc.columns.size())
            fail(c, "is one cell too many: the table has " + std::to_string(sc.columns.size()) + " columns");
        std::string text = collapsed(c.plainText());
        if (text.size() > kMaxCellBytes)
            fail(c, "holds " + std::to_string(text.size()) + " bytes; a cell holds at most " +
                        std::to_string(kMaxCellBytes));
        std::optional<double> number;
        if (sc.columns[col].type == ColumnType::Number && !text.empty()) {
            number = parseNumber(text);
            if (!number)
                fail(c, "'" + text + "' in number column '" + sc.columns[col].id +
                            "' is not a number (write it with a point, like 12.5, at most " +
                            std::to_string(kMaxNumberDigits) + " digits)");
        }
        row.keys.push_back(toLowerLatin(text));
        row.cells.push_back(std::move(text));
        row.numbers.push_back(number);
    }
    if (row.cells.size() != sc.columns.size())
        fail(rowElement, "has " + std::to_string(row.cells.size()) + " cells; every row has one per column (" +
                             std::to_string(sc.columns.size()) + ")");
}

std::shared_ptr<const Scenario> readScenario(const BodyNode& element) {
    auto sc = std::make_shared<TableScenario>();
    onlyAttributes(element, {"title", "label-column", kOutputAttributes[0], kOutputAttributes[1], kOutputAttributes[2],
                             kOutputAttributes[3], kOutputAttributes[4]});
    sc->title = collapsed(element.attributeOr("title", ""));
    if (sc->title.size() > kMaxTitleBytes)
        fail(element,
             "title is " + std::to_string(sc->title.size()) + " bytes; at most " + std::to_string(kMaxTitleBytes));
    std::set<std::string> rowIds, columnIds;
    for (const BodyNode& child : element.children) {
        if (child.isText) {
            if (!trim(child.text).empty()) fail(element, "holds text outside its columns and rows");
            continue;
        }
        if (isOurs(child, "column")) {
            onlyAttributes(child, {"id", "name", "type"});
            if (!sc->rows.empty()) fail(child, "comes after a row; the columns come first");
            if (sc->columns.size() == kMaxColumns)
                fail(child, "is one column too many: a table has at most " + std::to_string(kMaxColumns));
            Column col;
            col.id = requiredId(child, "column");
            if (!columnIds.insert(col.id).second) fail(child, "id='" + col.id + "' is already a column's id");
            const std::string* name = child.attribute("name");
            if (!name || collapsed(*name).empty()) fail(child, "has no name (the words in its header)");
            col.name = collapsed(*name);
            if (col.name.size() > kMaxNameBytes)
                fail(child,
                     "name is " + std::to_string(col.name.size()) + " bytes; at most " + std::to_string(kMaxNameBytes));
            const std::string type = child.attributeOr("type", "text");
            if (type == "number")
                col.type = ColumnType::Number;
            else if (type != "text")
                fail(child, "type='" + type + "' is not text or number");
            sc->columns.push_back(std::move(col));
        } else if (isOurs(child, "row")) {
            onlyAttributes(child, {"id"});
            if (sc->columns.empty()) fail(child, "comes before any <dlk:column>; the columns come first");
            if (sc->rows.size() == kMaxRows)
                fail(child, "is one row too many: a table has at most " + std::to_string(kMaxRows));
            Row row;
            row.id = requiredId(child, "row");
            if (!rowIds.insert(row.id).second) fail(child, "id='" + row.id + "' is already a row's id");
            readCells(child, *sc, row);
            sc->rows.push_back(std::move(row));
        } else {
            fail(child, "cannot be in a <" + element.name + "> (it holds dlk:column and dlk:row elements)");
        }
    }
    if (sc->columns.empty()) fail(element, "has no <dlk:column>");
    if (sc->rows.empty()) fail(element, "has no <dlk:row>");
    if (const std::string* label = element.attribute("label-column")) {
        sc->labelColumn = sc->columnIndex(trim(*label));
        if (sc->labelColumn < 0) fail(element, "label-column='" + *label + "' names no column");
    } else {
        for (size_t c = 0; c < sc->columns.size() && sc->labelColumn < 0; ++c)
            if (sc->columns[c].type == ColumnType::Text) sc->labelColumn = static_cast<int>(c);
    }
    return sc;
}

// ---- order -----------------------------------------------------------------------------------

bool isEmpty(const TableScenario& sc, int row, int col) {
    return sc.columns[col].type == ColumnType::Number ? !sc.rows[row].numbers[col].has_value()
                                                      : sc.rows[row].cells[col].empty();
}

// Rows a and b compared on a column, both holding something: numbers by value, text as a
// reader sorts it (case ignored), then by its bytes.
int compareCells(const TableScenario& sc, int col, int a, int b) {
    if (sc.columns[col].type == ColumnType::Number) {
        const double x = *sc.rows[a].numbers[col], y = *sc.rows[b].numbers[col];
        return x < y ? -1 : x > y ? 1 : 0;
    }
    const std::string& x = sc.rows[a].cells[col];
    const std::string& y = sc.rows[b].cells[col];
    const int folded = sc.rows[a].keys[col].compare(sc.rows[b].keys[col]);
    if (folded != 0) return folded < 0 ? -1 : 1;
    const int raw = x.compare(y);
    return raw < 0 ? -1 : raw > 0 ? 1 : 0;
}

std::vector<int> sortRows(const TableScenario& sc, std::optional<Sort> sort) {
    std::vector<int> rows(sc.rows.size());
    std::iota(rows.begin(), rows.end(), 0);
    if (!sort) return rows;
    const int col = sort->column;
    const bool down = sort->direction == Direction::Descending;
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        const bool ea = isEmpty(sc, a, col), eb = isEmpty(sc, b, col);
        if (ea || eb) return !ea && eb;  // empty cells last, either way
        const int c = compareCells(sc, col, a, b);
        return down ? c > 0 : c < 0;
    });
    return rows;
}

bool passes(const TableScenario& sc, const Sheet& sheet, int row) {
    if (!sheet.filter) return true;
    const int col = sheet.filter->col;
    return sc.rows[row].cells[col] == sc.rows[sheet.filter->row].cells[col];
}

bool valid(const TableScenario& sc, Cell c) {
    return c.row >= 0 && c.col >= 0 && c.row < static_cast<int>(sc.rows.size()) &&
           c.col < static_cast<int>(sc.columns.size());
}

// The first row (in the scenario's order) holding the same value in the cell's column.
Cell canonical(const TableScenario& sc, Cell c) {
    for (int r = 0; r < static_cast<int>(sc.rows.size()); ++r)
        if (sc.rows[r].cells[c.col] == sc.rows[c.row].cells[c.col]) return Cell{r, c.col};
    return c;
}

// ---- actions ---------------------------------------------------------------------------------

void pushUndo(State& s) {
    if (s.undo.size() >= kMaxUndo) s.undo.erase(s.undo.begin(), s.undo.begin() + (s.undo.size() - kMaxUndo + 1));
    s.undo.push_back(s.sheet);
}

// A selection holds only cells that are shown; anchor and cursor move to the first cell left.
void dropHidden(const TableScenario& sc, State& s) {
    std::erase_if(s.selection, [&](Cell c) { return !passes(sc, s.sheet, c.row); });
    if (s.selection.empty()) {
        s.anchor.reset();
        s.active.reset();
        return;
    }
    auto in = [&](const std::optional<Cell>& c) {
        return c && std::binary_search(s.selection.begin(), s.selection.end(), *c);
    };
    if (in(s.anchor) && in(s.active)) return;
    const std::vector<int> shown = shownRows(sc, s.sheet);
    Cell first = s.selection.front();
    size_t best = shown.size();
    for (Cell c : s.selection) {
        const size_t at = static_cast<size_t>(std::find(shown.begin(), shown.end(), c.row) - shown.begin());
        if (at < best || (at == best && c.col < first.col)) {
            best = at;
            first = c;
        }
    }
    s.anchor = s.active = first;
}

State withSheet(const TableScenario& sc, State s, const Sheet& next) {
    if (next == s.sheet) return s;
    pushUndo(s);
    s.sheet = next;
    dropHidden(sc, s);
    return s;
}

// ---- the response ----------------------------------------------------------------------------

std::string joinCells(const TableScenario& sc, const std::vector<Cell>& cells, char sep) {
    std::string out;
    for (Cell c : cells) out += (out.empty() ? "" : std::string(1, sep)) + cellId(sc, c);
    return out;
}

// Cell ids separated by `sep`, all valid, sorted and without repeats; nullopt when one is not.
std::optional<std::vector<Cell>> parseCells(const TableScenario& sc, std::string_view text, char sep) {
    std::vector<Cell> out;
    for (const std::string& id : sep == ' ' ? splitWhitespace(text) : split(text, sep)) {
        const auto c = parseCellId(sc, id);
        if (!c) return std::nullopt;
        out.push_back(*c);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// An undo step as one word: "-" for a plain sheet, else parts joined by ';':
// s=<column>:<a|d>  f=<cell>  F=<formula>:<cell>:<cell>...  c=<column>.
std::string encodeSheet(const TableScenario& sc, const Sheet& sheet) {
    std::vector<std::string> parts;
    if (sheet.sort)
        parts.push_back("s=" + sc.columns[sheet.sort->column].id + ":" +
                        (sheet.sort->direction == Direction::Ascending ? "a" : "d"));
    if (sheet.filter) parts.push_back("f=" + cellId(sc, *sheet.filter));
    if (sheet.formula)
        parts.push_back(std::string("F=") + formulaName(*sheet.formula) + ":" + joinCells(sc, sheet.formulaCells, ':'));
    if (sheet.chart) parts.push_back("c=" + sc.columns[*sheet.chart].id);
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ";") + p;
    return out.empty() ? "-" : out;
}

std::optional<Sheet> decodeSheet(const TableScenario& sc, std::string_view word) {
    Sheet sheet;
    if (word == "-") return sheet;
    for (const std::string& part : split(word, ';')) {
        if (part.size() < 3 || part[1] != '=') return std::nullopt;
        const std::string value = part.substr(2);
        switch (part[0]) {
            case 's': {
                const auto colon = value.find(':');
                if (colon == std::string::npos) return std::nullopt;
                const int col = sc.columnIndex(value.substr(0, colon));
                const std::string dir = value.substr(colon + 1);
                if (col < 0 || (dir != "a" && dir != "d")) return std::nullopt;
                sheet.sort = Sort{col, dir == "a" ? Direction::Ascending : Direction::Descending};
                break;
            }
            case 'f': {
                const auto c = parseCellId(sc, value);
                if (!c) return std::nullopt;
                sheet.filter = canonical(sc, *c);
                break;
            }
            case 'F': {
                const auto colon = value.find(':');
                if (colon == std::string::npos) return std::nullopt;
                const auto f = formulaFromName(value.substr(0, colon));
                const auto cells = parseCells(sc, value.substr(colon + 1), ':');
                if (!f || !cells || cells->empty()) return std::nullopt;
                sheet.formula = f;
                sheet.formulaCells = *cells;
                break;
            }
            case 'c': {
                const int col = sc.columnIndex(value);
                if (col < 0 || sc.columns[col].type != ColumnType::Number) return std::nullopt;
                sheet.chart = col;
                break;
            }
            default:
                return std::nullopt;
        }
    }
    return sheet;
}

// ---- the demo --------------------------------------------------------------------------------

std::vector<std::string> rowIds(const TableScenario& sc, const std::vector<int>& rows) {
    std::vector<std::string> out;
    for (int r : rows) out.push_back(sc.rows[r].id);
    return out;
}

const Value* correctOf(const ResponseDeclaration* decl) {
    return decl && decl->correctResponse && !decl->correctResponse->isNull() ? &*decl->correctResponse : nullptr;
}

std::optional<std::string> correctField(const SimulationTarget& target, const char* name) {
    const Value* v = correctOf(&target.state);
    const RecordField* f = v ? v->field(name) : nullptr;
    return f ? std::optional<std::string>(f->value) : std::nullopt;
}

// Every way the rows can be shown (no sort or a sort on any column either way, with no filter or
// any value of any column), split into those that show `want` and the others.
void arrangements(const TableScenario& sc, const std::vector<std::string>& want, std::vector<Sheet>& showing,
                  std::vector<Sheet>& others) {
    std::vector<std::optional<Sort>> sorts = {std::nullopt};
    for (int c = 0; c < static_cast<int>(sc.columns.size()); ++c)
        for (Direction d : {Direction::Ascending, Direction::Descending}) sorts.push_back(Sort{c, d});
    std::vector<std::optional<Cell>> filters = {std::nullopt};
    for (int c = 0; c < static_cast<int>(sc.columns.size()); ++c)
        for (Cell v : filterChoices(sc, c)) filters.push_back(v);
    for (const auto& sort : sorts) {
        const std::vector<int> sorted = sortRows(sc, sort);
        for (const auto& filter : filters) {
            Sheet sheet;
            sheet.sort = sort;
            sheet.filter = filter;
            size_t n = 0;
            bool same = true;
            for (int r : sorted) {
                if (!passes(sc, sheet, r)) continue;
                same = same && n < want.size() && sc.rows[r].id == want[n];
                ++n;
            }
            (same && n == want.size() ? showing : others).push_back(sheet);
        }
    }
}

// The sets of cells a pupil might compute over: the ones the item names, every number column
// whole or filtered on one value, and every single number.
std::vector<std::vector<Cell>> cellCandidates(const TableScenario& sc, const std::vector<std::vector<Cell>>& named) {
    std::vector<std::vector<Cell>> out;
    for (const auto& cells : named)
        if (!cells.empty()) out.push_back(cells);
    for (int c = 0; c < static_cast<int>(sc.columns.size()); ++c) {
        if (sc.columns[c].type != ColumnType::Number) continue;
        std::vector<Cell> whole;
        for (int r = 0; r < static_cast<int>(sc.rows.size()); ++r) whole.push_back(Cell{r, c});
        out.push_back(whole);
        for (int fc = 0; fc < static_cast<int>(sc.columns.size()); ++fc)
            for (Cell v : filterChoices(sc, fc)) {
                Sheet sheet;
                sheet.filter = v;
                std::vector<Cell> part;
                for (int r = 0; r < static_cast<int>(sc.rows.size()); ++r)
                    if (passes(sc, sheet, r)) part.push_back(Cell{r, c});
                out.push_back(part);
            }
        for (int r = 0; r < static_cast<int>(sc.rows.size()); ++r) out.push_back({Cell{r, c}});
    }
    return out;
}

// A simulated pupil: each part the item scores (the rows shown, the cells selected, the formula
// and its result, the chart) right with probability `fraction`, otherwise a slip a pupil makes:
// the other direction, the next column, another formula.
Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const TableScenario&>(scenario);
    std::uniform_real_distribution<double> u(0, 1);
    auto aim = [&] { return u(rng) < fraction; };
    auto output = [&](Output o) {
        return static_cast<size_t>(o) < target.outputs.size() ? correctOf(target.outputs[o]) : nullptr;
    };
    State s;

    // The rows shown.
    std::vector<Sheet> right, wrong;
    if (const Value* order = output(kOrder)) {
        arrangements(sc, order->items, right, wrong);
    } else if (const auto col = correctField(target, "sort_column")) {
        Sheet sheet;
        const int c = sc.columnIndex(*col);
        if (c >= 0)
            sheet.sort = Sort{c, correctField(target, "sort_direction") == std::optional<std::string>("descending")
                                     ? Direction::Descending
                                     : Direction::Ascending};
        if (const auto f = correctField(target, "filter_cell"); f && parseCellId(sc, *f))
            sheet.filter = canonical(sc, *parseCellId(sc, *f));
        arrangements(sc, rowIds(sc, shownRows(sc, sheet)), right, wrong);
        right = {sheet};
        std::erase(wrong, sheet);
    }
    if (!right.empty()) {
        if (aim()) {
            s.sheet = right.front();
        } else {
            // The other direction; else anything that shows the rows otherwise.
            Sheet slip = right.front();
            if (slip.sort)
                slip.sort->direction =
                    slip.sort->direction == Direction::Ascending ? Direction::Descending : Direction::Ascending;
            if (std::find(wrong.begin(), wrong.end(), slip) == wrong.end())
                slip = wrong.empty() ? Sheet{} : wrong[rng() % wrong.size()];
            s.sheet = slip;
        }
    }

    // The cells selected.
    std::vector<Cell> rightCells;
    if (const Value* cells = output(kSelection)) {
        for (const std::string& id : cells->items)
            if (const auto c = parseCellId(sc, id)) rightCells.push_back(*c);
    } else if (const auto field = correctField(target, "selection")) {
        rightCells = parseCells(sc, *field, ' ').value_or(std::vector<Cell>{});
    }
    std::sort(rightCells.begin(), rightCells.end());
    if (!rightCells.empty()) {
        std::vector<Cell> chosen = rightCells;
        if (!aim()) {
            // The column next to it, or one cell fewer.
            const int shift = rightCells.front().col + 1 < static_cast<int>(sc.columns.size()) ? 1 : -1;
            for (Cell& c : chosen) c.col += shift;
            if (std::any_of(chosen.begin(), chosen.end(), [&](Cell c) { return !valid(sc, c); })) {
                chosen = rightCells;
                if (chosen.size() > 1)
                    chosen.pop_back();
                else
                    chosen[0].row = (chosen[0].row + 1) % static_cast<int>(sc.rows.size());
            }
            std::sort(chosen.begin(), chosen.end());
        }
        s.selection = chosen;
        s.anchor = chosen.front();
        s.active = chosen.back();
    }

    // The formula and its result.
    std::optional<Formula> rightFormula;
    if (const Value* f = output(kFormula))
        rightFormula = formulaFromName(f->items[0]);
    else if (const auto field = correctField(target, "formula"))
        rightFormula = formulaFromName(*field);
    std::optional<double> rightResult;
    double v = 0;
    if (const Value* r = output(kResult); r && parseDouble(r->items[0], v))
        rightResult = v;
    else if (const auto field = correctField(target, "result"); field && parseDouble(*field, v))
        rightResult = v;
    if (rightFormula || rightResult) {
        std::vector<std::vector<Cell>> named = {rightCells};
        if (const auto field = correctField(target, "formula_cells"))
            named.push_back(parseCells(sc, *field, ' ').value_or(std::vector<Cell>{}));
        const auto candidates = cellCandidates(sc, named);
        // Right: the right formula (or any) over the cells that give the right result (or the
        // first that gives one). Wrong: another formula, over the cells furthest from it; or, with
        // probability `fraction` again, partly right: the right formula over the wrong cells.
        const bool hit = aim();
        const bool rightFormulaOnly = !hit && rightFormula && rightResult && u(rng) < fraction;
        std::optional<std::pair<Formula, std::vector<Cell>>> pick;
        double best = hit ? INFINITY : -1;
        for (int f = 0; f < static_cast<int>(std::size(kFormulaNames)); ++f) {
            const auto formula = static_cast<Formula>(f);
            if (rightFormula && (formula == *rightFormula) != (hit || rightFormulaOnly)) continue;
            for (const auto& cells : candidates) {
                const auto result = compute(sc, formula, cells);
                if (!result) continue;
                const double d = rightResult ? std::abs(*result - *rightResult) : 0;
                if (hit ? d < best : d > best) {
                    best = d;
                    pick = {formula, cells};
                }
            }
        }
        if (pick) {
            s.sheet.formula = pick->first;
            s.sheet.formulaCells = pick->second;
            std::sort(s.sheet.formulaCells.begin(), s.sheet.formulaCells.end());
        }
    }

    // The chart.
    std::optional<int> rightChart;
    if (const Value* c = output(kChart))
        rightChart = sc.columnIndex(c->items[0]);
    else if (const auto field = correctField(target, "chart"))
        rightChart = sc.columnIndex(*field);
    if (rightChart && *rightChart >= 0) {
        if (aim()) {
            if (sc.columns[*rightChart].type == ColumnType::Number) s.sheet.chart = *rightChart;
        } else {
            for (int c = 0; c < static_cast<int>(sc.columns.size()); ++c)
                if (c != *rightChart && sc.columns[c].type == ColumnType::Number) {
                    s.sheet.chart = c;
                    break;
                }
        }
    }

    // An item that names nothing to aim at: a pupil who clicked a cell.
    if (s == State{}) s = select(sc, s, Cell{static_cast<int>(rng() % sc.rows.size()), 0});
    dropHidden(sc, s);
    return toResponse(sc, s);
}

std::vector<Value> project(const Scenario& scenario, const Value& state) {
    const auto& sc = static_cast<const TableScenario&>(scenario);
    const State s = fromResponse(sc, state);
    std::vector<Value> out(kOutputCount);
    std::vector<std::string> cells;
    for (Cell c : s.selection) cells.push_back(cellId(sc, c));
    out[kSelection] = Value::container(Cardinality::Multiple, BaseType::Identifier, cells);
    const auto result = s.sheet.formula ? compute(sc, *s.sheet.formula, s.sheet.formulaCells) : std::nullopt;
    out[kResult] = result ? Value::single(BaseType::Float, formatDouble(*result))
                          : Value::null(Cardinality::Single, BaseType::Float);
    out[kFormula] = Value::single(BaseType::Identifier, s.sheet.formula ? formulaName(*s.sheet.formula) : "");
    out[kChart] = Value::single(BaseType::Identifier, s.sheet.chart ? sc.columns[*s.sheet.chart].id : "");
    out[kOrder] = Value::container(Cardinality::Ordered, BaseType::Identifier, rowIds(sc, shownRows(sc, s.sheet)));
    return out;
}

}  // namespace

// ---- the public functions ------------------------------------------------------------------------

int TableScenario::columnIndex(std::string_view id) const {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].id == id) return static_cast<int>(i);
    return -1;
}

int TableScenario::rowIndex(std::string_view id) const {
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].id == id) return static_cast<int>(i);
    return -1;
}

const char* formulaName(Formula f) {
    return kFormulaNames[static_cast<int>(f)];
}

std::optional<Formula> formulaFromName(std::string_view name) {
    for (size_t i = 0; i < std::size(kFormulaNames); ++i)
        if (name == kFormulaNames[i]) return static_cast<Formula>(i);
    return std::nullopt;
}

const char* directionName(Direction d) {
    return kDirectionNames[static_cast<int>(d)];
}

std::string cellId(const TableScenario& sc, Cell c) {
    return sc.rows[c.row].id + "-" + sc.columns[c.col].id;
}

std::optional<Cell> parseCellId(const TableScenario& sc, std::string_view id) {
    const auto dash = id.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    const Cell c{sc.rowIndex(id.substr(0, dash)), sc.columnIndex(id.substr(dash + 1))};
    if (c.row < 0 || c.col < 0) return std::nullopt;
    return c;
}

std::string columnLetter(int col) {
    std::string out;
    for (int n = col + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}

std::vector<int> sortedRows(const TableScenario& sc, const Sheet& sheet) {
    return sortRows(sc, sheet.sort);
}

std::vector<int> shownRows(const TableScenario& sc, const Sheet& sheet) {
    std::vector<int> rows = sortRows(sc, sheet.sort);
    std::erase_if(rows, [&](int r) { return !passes(sc, sheet, r); });
    return rows;
}

int rowNumber(const TableScenario& sc, const Sheet& sheet, int row) {
    const std::vector<int> rows = sortedRows(sc, sheet);
    return static_cast<int>(std::find(rows.begin(), rows.end(), row) - rows.begin()) + 2;
}

std::vector<Cell> filterChoices(const TableScenario& sc, int col) {
    std::vector<Cell> out;
    if (col < 0 || col >= static_cast<int>(sc.columns.size())) return out;
    for (int r : sortRows(sc, Sort{col, Direction::Ascending})) {
        if (sc.rows[r].cells[col].empty()) continue;
        const Cell c = canonical(sc, Cell{r, col});
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

std::optional<double> compute(const TableScenario& sc, Formula f, const std::vector<Cell>& cells) {
    std::vector<double> numbers;
    int filled = 0;
    for (Cell c : cells) {
        if (!valid(sc, c)) continue;
        if (!sc.rows[c.row].cells[c.col].empty()) ++filled;
        if (sc.columns[c.col].type == ColumnType::Number && sc.rows[c.row].numbers[c.col])
            numbers.push_back(*sc.rows[c.row].numbers[c.col]);
    }
    switch (f) {
        case Formula::Count:
            return filled;
        case Formula::Sum:
            return std::accumulate(numbers.begin(), numbers.end(), 0.0);
        case Formula::Average:
            if (numbers.empty()) return std::nullopt;
            return std::accumulate(numbers.begin(), numbers.end(), 0.0) / static_cast<double>(numbers.size());
        case Formula::Min:
            if (numbers.empty()) return std::nullopt;
            return *std::min_element(numbers.begin(), numbers.end());
        case Formula::Max:
            if (numbers.empty()) return std::nullopt;
            return *std::max_element(numbers.begin(), numbers.end());
    }
    return std::nullopt;
}

std::string rangeText(const TableScenario& sc, const Sheet& sheet, const std::vector<Cell>& cells, char separator) {
    const std::vector<int> sorted = sortedRows(sc, sheet);
    std::vector<int> numberOf(sc.rows.size(), 0);
    for (size_t i = 0; i < sorted.size(); ++i) numberOf[sorted[i]] = static_cast<int>(i) + 2;
    // Each column's row numbers as runs of consecutive numbers.
    using Runs = std::vector<std::pair<int, int>>;
    std::vector<Runs> runs(sc.columns.size());
    for (size_t col = 0; col < sc.columns.size(); ++col) {
        std::vector<int> numbers;
        for (Cell c : cells)
            if (valid(sc, c) && c.col == static_cast<int>(col)) numbers.push_back(numberOf[c.row]);
        std::sort(numbers.begin(), numbers.end());
        for (int n : numbers) {
            if (!runs[col].empty() && runs[col].back().second + 1 == n)
                runs[col].back().second = n;
            else
                runs[col].push_back({n, n});
        }
    }
    // Neighbouring columns with the same runs make rectangles.
    std::string out;
    for (size_t col = 0; col < runs.size();) {
        size_t last = col;
        while (last + 1 < runs.size() && !runs[col].empty() && runs[last + 1] == runs[col]) ++last;
        for (const auto& [top, bottom] : runs[col]) {
            std::string part = columnLetter(static_cast<int>(col)) + std::to_string(top);
            if (top != bottom || last != col)
                part += ":" + columnLetter(static_cast<int>(last)) + std::to_string(bottom);
            out += (out.empty() ? "" : std::string(1, separator)) + part;
        }
        col = last + 1;
    }
    return out;
}

State sortBy(const TableScenario& sc, State s, int col, Direction d) {
    if (col < 0 || col >= static_cast<int>(sc.columns.size())) return s;
    Sheet next = s.sheet;
    next.sort = Sort{col, d};
    return withSheet(sc, std::move(s), next);
}

State filterBy(const TableScenario& sc, State s, Cell c) {
    if (!valid(sc, c)) return s;
    Sheet next = s.sheet;
    next.filter = canonical(sc, c);
    return withSheet(sc, std::move(s), next);
}

State clearFilter(const TableScenario& sc, State s) {
    Sheet next = s.sheet;
    next.filter.reset();
    return withSheet(sc, std::move(s), next);
}

State select(const TableScenario& sc, State s, Cell c) {
    if (!valid(sc, c) || !passes(sc, s.sheet, c.row)) return s;
    s.selection = {c};
    s.anchor = s.active = c;
    return s;
}

State extendSelection(const TableScenario& sc, State s, Cell c) {
    if (!valid(sc, c) || !passes(sc, s.sheet, c.row)) return s;
    if (!s.anchor) return select(sc, std::move(s), c);
    const std::vector<int> shown = shownRows(sc, s.sheet);
    const auto from = std::find(shown.begin(), shown.end(), s.anchor->row) - shown.begin();
    const auto to = std::find(shown.begin(), shown.end(), c.row) - shown.begin();
    const int left = std::min(s.anchor->col, c.col), right = std::max(s.anchor->col, c.col);
    s.selection.clear();
    for (auto i = std::min(from, to); i <= std::max(from, to); ++i)
        for (int col = left; col <= right; ++col) s.selection.push_back(Cell{shown[static_cast<size_t>(i)], col});
    std::sort(s.selection.begin(), s.selection.end());
    s.active = c;
    return s;
}

State applyFormula(const TableScenario& sc, State s, Formula f) {
    if (s.selection.empty()) return s;
    Sheet next = s.sheet;
    next.formula = f;
    next.formulaCells = s.selection;
    return withSheet(sc, std::move(s), next);
}

State chartOf(const TableScenario& sc, State s, int col) {
    if (col < 0 || col >= static_cast<int>(sc.columns.size()) || sc.columns[col].type != ColumnType::Number) return s;
    Sheet next = s.sheet;
    next.chart = col;
    return withSheet(sc, std::move(s), next);
}

State undo(const TableScenario& sc, State s) {
    if (s.undo.empty()) return s;
    s.sheet = s.undo.back();
    s.undo.pop_back();
    dropHidden(sc, s);
    return s;
}

bool canUndo(const State& s) {
    return !s.undo.empty();
}

std::optional<State> act(const TableScenario& sc, const State& s, const Action& action) {
    const std::string& name = action.name;
    const std::string& arg = action.argument;
    if (name == "sort-ascending" || name == "sort-descending" || name == "chart") {
        const int col = sc.columnIndex(arg);
        if (col < 0) return std::nullopt;
        if (name == "chart") return chartOf(sc, s, col);
        return sortBy(sc, s, col, name == "sort-ascending" ? Direction::Ascending : Direction::Descending);
    }
    if (name == "filter" || name == "select" || name == "extend-selection") {
        const auto c = parseCellId(sc, arg);
        if (!c) return std::nullopt;
        if (name == "filter") return filterBy(sc, s, *c);
        return name == "select" ? select(sc, s, *c) : extendSelection(sc, s, *c);
    }
    if (name == "formula") {
        const auto f = formulaFromName(arg);
        if (!f) return std::nullopt;
        return applyFormula(sc, s, *f);
    }
    if (!arg.empty()) return std::nullopt;
    if (name == "clear-filter") return clearFilter(sc, s);
    if (name == "undo") return undo(sc, s);
    return std::nullopt;
}

Value toResponse(const TableScenario& sc, const State& s) {
    Value v = Value::null(Cardinality::Record, BaseType::String);
    auto add = [&](const char* name, BaseType type, std::string value) {
        v.fields.push_back({name, type, std::move(value)});
    };
    add("shown", BaseType::Float, std::to_string(shownRows(sc, s.sheet).size()));
    if (s.sheet.sort) {
        add("sort_column", BaseType::String, sc.columns[s.sheet.sort->column].id);
        add("sort_direction", BaseType::String, directionName(s.sheet.sort->direction));
    }
    if (s.sheet.filter) {
        add("filter_column", BaseType::String, sc.columns[s.sheet.filter->col].id);
        add("filter_cell", BaseType::String, cellId(sc, *s.sheet.filter));
    }
    if (!s.selection.empty() && s.anchor && s.active) {
        add("selection", BaseType::String, joinCells(sc, s.selection, ' '));
        add("anchor", BaseType::String, cellId(sc, *s.anchor));
        add("active", BaseType::String, cellId(sc, *s.active));
    }
    if (s.sheet.formula) {
        add("formula", BaseType::String, formulaName(*s.sheet.formula));
        add("formula_cells", BaseType::String, joinCells(sc, s.sheet.formulaCells, ' '));
        if (const auto result = compute(sc, *s.sheet.formula, s.sheet.formulaCells))
            add("result", BaseType::Float, formatDouble(*result));
    }
    if (s.sheet.chart) add("chart", BaseType::String, sc.columns[*s.sheet.chart].id);
    if (!s.undo.empty()) {
        std::string steps;
        for (const Sheet& sheet : s.undo) steps += (steps.empty() ? "" : " ") + encodeSheet(sc, sheet);
        add("undo", BaseType::String, steps);
    }
    return v;
}

State fromResponse(const TableScenario& sc, const Value& response) {
    if (response.cardinality != Cardinality::Record || response.isNull()) return State{};
    auto text = [&](const char* name) -> std::optional<std::string> {
        const RecordField* f = response.field(name);
        return f ? std::optional<std::string>(f->value) : std::nullopt;
    };
    // Anything the table could not have been left as is the table as it starts.
    State s;
    const auto sortColumn = text("sort_column"), sortDirection = text("sort_direction");
    if (sortColumn.has_value() != sortDirection.has_value()) return State{};
    if (sortColumn) {
        const int col = sc.columnIndex(*sortColumn);
        if (col < 0 || (*sortDirection != "ascending" && *sortDirection != "descending")) return State{};
        s.sheet.sort = Sort{col, *sortDirection == "ascending" ? Direction::Ascending : Direction::Descending};
    }
    if (const auto filter = text("filter_cell")) {
        const auto c = parseCellId(sc, *filter);
        if (!c) return State{};
        s.sheet.filter = canonical(sc, *c);
    }
    const auto selection = text("selection"), anchor = text("anchor"), active = text("active");
    if (selection.has_value() != anchor.has_value() || anchor.has_value() != active.has_value()) return State{};
    if (selection) {
        const auto cells = parseCells(sc, *selection, ' ');
        const auto a = parseCellId(sc, *anchor), b = parseCellId(sc, *active);
        if (!cells || cells->empty() || !a || !b || !std::binary_search(cells->begin(), cells->end(), *a) ||
            !std::binary_search(cells->begin(), cells->end(), *b))
            return State{};
        s.selection = *cells;
        s.anchor = a;
        s.active = b;
    }
    const auto formula = text("formula"), formulaCells = text("formula_cells");
    if (formula.has_value() != formulaCells.has_value()) return State{};
    if (formula) {
        const auto f = formulaFromName(*formula);
        const auto cells = parseCells(sc, *formulaCells, ' ');
        if (!f || !cells || cells->empty()) return State{};
        s.sheet.formula = f;
        s.sheet.formulaCells = *cells;
    }
    if (const auto chart = text("chart")) {
        const int col = sc.columnIndex(*chart);
        if (col < 0 || sc.columns[col].type != ColumnType::Number) return State{};
        s.sheet.chart = col;
    }
    if (const auto steps = text("undo")) {
        for (const std::string& word : splitWhitespace(*steps)) {
            const auto sheet = decodeSheet(sc, word);
            if (!sheet || s.undo.size() == kMaxUndo) return State{};
            s.undo.push_back(*sheet);
        }
    }
    dropHidden(sc, s);
    return s;
}

const EnvironmentType kType{
    "table",
    Cardinality::Record,
    std::nullopt,
    readScenario,
    simulate,
    {
        {kOutputAttributes[kSelection], Cardinality::Multiple, BaseType::Identifier,
         "the selected cells, as row-column ids"},
        {kOutputAttributes[kResult], Cardinality::Single, BaseType::Float, "the result of the formula"},
        {kOutputAttributes[kFormula], Cardinality::Single, BaseType::Identifier,
         "the formula: sum, average, count, min or max"},
        {kOutputAttributes[kChart], Cardinality::Single, BaseType::Identifier, "the column the bar chart shows"},
        {kOutputAttributes[kOrder], Cardinality::Ordered, BaseType::Identifier,
         "the row ids as shown, after filter and sort"},
    },
    project,
};

}  // namespace dlk::sim::table
