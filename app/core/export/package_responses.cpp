#include "export/package_responses.h"

#include <cmath>
#include <filesystem>
#include <unordered_map>
#include <vector>

#include "export/codebook.h"
#include "irt/csv_reader.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {

// The columns a table must have, by name, as indexes into its rows; Error(Invalid) naming the first
// one the codebook lacks.
std::vector<size_t> columnsOf(const Codebook& book, const std::string& table, const std::vector<std::string>& names,
                              const std::string& folder) {
    const CodebookTable* t = book.find(table);
    if (!t) throw Error(ErrorKind::Invalid, folder + "/" + kCodebookFile + " has no table " + table);
    const std::vector<std::string> columns = t->columns();
    std::vector<size_t> out;
    for (const std::string& name : names) {
        size_t c = 0;
        while (c < columns.size() && columns[c] != name) ++c;
        if (c == columns.size())
            throw Error(ErrorKind::Invalid, folder + "/" + kCodebookFile + ": table " + table + " has no column " +
                                                name + " (not a package of dlkiosk export?)");
        out.push_back(c);
    }
    return out;
}

// Reads `table`.csv of the package: its header must be the codebook's columns, every row as long.
// `row` is called with each row's cells.
template <typename OnRow>
void readTable(const std::string& folder, const Codebook& book, const std::string& table, OnRow row) {
    const std::string path = (fs::path(folder) / (table + ".csv")).string();
    CsvReader csv = CsvReader::fromFile(path);
    std::vector<std::string> cells;
    if (!csv.next(cells)) throw Error(ErrorKind::Parse, path + " is empty");
    if (cells != book.find(table)->columns())
        csv.fail(ErrorKind::Parse, "the header is not the columns datapackage.json gives " + table);
    const size_t width = cells.size();
    while (csv.next(cells)) {
        if (cells.size() != width)
            csv.fail(ErrorKind::Parse,
                     std::to_string(cells.size()) + " cells, but the header has " + std::to_string(width));
        row(csv, cells);
    }
}

// A whole score 0..kScoreLimit written as a number ("1", "2.0"); false otherwise.
bool wholeScore(const std::string& text, int& out) {
    double v = 0;
    if (!parseDouble(text, v) || !std::isfinite(v) || v < 0 || v > ResponseMatrix::kScoreLimit || v != std::floor(v))
        return false;
    out = static_cast<int>(v);
    return true;
}

}  // namespace

bool isDataPackage(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::is_regular_file(fs::path(path) / kCodebookFile, ec);
}

std::vector<std::pair<std::string, std::string>> readPackageItemDomains(const std::string& folder) {
    const Codebook book = readCodebook(folder);
    const auto columns = columnsOf(book, "items", {"item", "domain"}, folder);
    std::vector<std::pair<std::string, std::string>> out;
    readTable(folder, book, "items", [&](const CsvReader& csv, const std::vector<std::string>& cells) {
        if (out.size() >= kPackageMaxItems)
            csv.fail(ErrorKind::Invalid, "more than " + std::to_string(kPackageMaxItems) + " items");
        out.emplace_back(cells[columns[0]], cells[columns[1]]);
    });
    return out;
}

ResponseMatrix readPackageResponses(const std::string& folder, const ResponseReadOptions& options) {
    const Codebook book = readCodebook(folder);
    const auto itemColumns = columnsOf(book, "items", {"item", "max_score"}, folder);
    const auto responseColumns = columnsOf(book, "responses", {"pupil", "item", "status", "score"}, folder);

    // The items, in items.csv's order, with their maximum (the one given in options first: the
    // parameters' maximum when estimating, the anchors' when calibrating).
    std::vector<std::string> itemIds;
    std::vector<int> maxScores;
    std::unordered_map<std::string, size_t> itemIndex;
    readTable(folder, book, "items", [&](const CsvReader& csv, const std::vector<std::string>& cells) {
        const std::string& id = cells[itemColumns[0]];
        int max = 0;
        if (id.empty()) csv.fail(ErrorKind::Invalid, "an item without an id");
        if (!wholeScore(cells[itemColumns[1]], max) || max < 1)
            csv.fail(ErrorKind::Invalid, "item " + id + ": max_score '" + cells[itemColumns[1]] +
                                             "' is not a whole number from 1 to " +
                                             std::to_string(ResponseMatrix::kScoreLimit));
        if (auto it = options.declaredMaxScores.find(id); it != options.declaredMaxScores.end()) max = it->second;
        // One item in two modules is one column: the same item, the same parameters.
        if (!itemIndex.emplace(id, itemIds.size()).second) return;
        if (itemIds.size() >= kPackageMaxItems)
            csv.fail(ErrorKind::Invalid, "more than " + std::to_string(kPackageMaxItems) + " items");
        itemIds.push_back(id);
        maxScores.push_back(max);
    });
    if (itemIds.empty()) throw Error(ErrorKind::Invalid, folder + "/items.csv lists no items");

    struct Cell {
        size_t person, item;
        int8_t value;
        int line;
    };
    const int8_t omittedValue =
        static_cast<int8_t>(options.omitted == OmittedScoring::Zero ? 0 : ResponseMatrix::kNotAdministered);
    std::vector<std::string> personIds;
    std::unordered_map<std::string, size_t> personIndex;
    std::vector<Cell> cells;
    const std::string responsesPath = (fs::path(folder) / "responses.csv").string();
    readTable(folder, book, "responses", [&](const CsvReader& csv, const std::vector<std::string>& row) {
        const std::string& pupil = row[responseColumns[0]];
        const std::string& item = row[responseColumns[1]];
        const std::string& status = row[responseColumns[2]];
        const std::string& scoreText = row[responseColumns[3]];
        if (pupil.empty()) csv.fail(ErrorKind::Invalid, "a row without a pupil");
        const auto found = itemIndex.find(item);
        if (found == itemIndex.end()) csv.fail(ErrorKind::Invalid, "item " + item + " is not in items.csv");
        const size_t i = found->second;
        int8_t value = ResponseMatrix::kNotAdministered;
        int score = 0;
        const bool hasScore = !scoreText.empty();
        if (hasScore && (!wholeScore(scoreText, score) || score > maxScores[i]))
            csv.fail(ErrorKind::Invalid, "item " + item + ": score '" + scoreText +
                                             "' is not a whole number from 0 to its max_score " +
                                             std::to_string(maxScores[i]));
        if (status == "answered") {
            if (!hasScore) csv.fail(ErrorKind::Invalid, "item " + item + ": answered, but no score");
            value = static_cast<int8_t>(score);
        } else if (status == "empty" || (status == "not_shown" && hasScore)) {
            value = omittedValue;
        } else if (status != "not_reached" && status != "not_shown" && status != "not_yet_scored" &&
                   status != "cannot_be_scored") {
            csv.fail(ErrorKind::Invalid, "unknown status '" + status + "'");
        }
        auto [at, fresh] = personIndex.emplace(pupil, personIds.size());
        if (fresh) personIds.push_back(pupil);
        cells.push_back({at->second, i, value, csv.line()});
    });
    if (personIds.empty()) throw Error(ErrorKind::Invalid, responsesPath + " has no responses");
    if (personIds.size() > kPackageMaxCells / itemIds.size())
        throw Error(ErrorKind::Invalid, responsesPath + ": " + std::to_string(personIds.size()) + " pupils × " +
                                            std::to_string(itemIds.size()) + " items is more than dlkiosk holds (" +
                                            std::to_string(kPackageMaxCells) + " cells)");

    ResponseMatrix m(std::move(personIds), std::move(itemIds));
    for (size_t i = 0; i < maxScores.size(); ++i) m.declareMaxScore(i, maxScores[i]);
    std::vector<bool> seen(m.personCount() * m.itemCount(), false);
    for (const Cell& c : cells) {
        if (seen[c.person * m.itemCount() + c.item]) {
            int first = 0;  // the error path alone looks for the earlier row
            for (const Cell& e : cells)
                if (e.person == c.person && e.item == c.item) {
                    first = e.line;
                    break;
                }
            throw Error(ErrorKind::Invalid, responsesPath + " line " + std::to_string(c.line) + ": pupil " +
                                                m.personId(c.person) + " has item " + m.itemId(c.item) +
                                                " already on line " + std::to_string(first));
        }
        seen[c.person * m.itemCount() + c.item] = true;
        m.setScore(c.person, c.item, c.value);
    }
    return m;
}

}  // namespace dlk
