#include "irt/background_csv.h"

#include "irt/csv_reader.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

size_t BackgroundTable::column(const std::string& name) const {
    for (size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == name) return c;
    std::string list;
    for (size_t c = 0; c < columns.size() && c < 12; ++c) list += (c ? ", " : "") + columns[c];
    if (columns.size() > 12) list += ", ...";
    throw Error(ErrorKind::NotFound,
                sourceName + " line 1: no column '" + name + "' (columns: " + (list.empty() ? "none" : list) + ")");
}

BackgroundTable parseBackgroundCsv(std::string text, const std::string& sourceName) {
    CsvReader csv(std::move(text), sourceName);
    BackgroundTable t;
    t.sourceName = sourceName;
    std::vector<std::string> cells;
    if (!csv.next(cells))
        throw Error(ErrorKind::Parse, sourceName + " is empty: it needs a header person_id,<variable>,...");
    if (trim(cells[0]) != "person_id")
        csv.fail(ErrorKind::Parse, "the first column must be person_id, not '" + cells[0] + "'");
    if (cells.size() < 2) csv.fail(ErrorKind::Parse, "the header names no background variable");
    for (size_t c = 1; c < cells.size(); ++c) {
        std::string name = trim(cells[c]);
        if (name.empty()) csv.fail(ErrorKind::Parse, "column " + std::to_string(c + 1) + " has no name");
        for (const auto& seen : t.columns)
            if (seen == name) csv.fail(ErrorKind::Parse, "column " + name + " appears twice");
        t.columns.push_back(std::move(name));
    }
    while (csv.next(cells)) {
        if (cells.size() != t.columns.size() + 1)
            csv.fail(ErrorKind::Parse, std::to_string(cells.size()) + " cells, but the header has " +
                                           std::to_string(t.columns.size() + 1));
        std::string id = trim(cells[0]);
        if (id.empty()) csv.fail(ErrorKind::Parse, "person_id is empty");
        if (auto [it, fresh] = t.rowOfPerson.emplace(id, t.personIds.size()); !fresh)
            csv.fail(ErrorKind::Invalid,
                     "person " + id + " already appears on line " + std::to_string(t.lines[it->second]));
        std::vector<std::string> row;
        row.reserve(t.columns.size());
        for (size_t c = 1; c < cells.size(); ++c) row.push_back(trim(cells[c]));
        t.personIds.push_back(std::move(id));
        t.lines.push_back(csv.line());
        t.cells.push_back(std::move(row));
    }
    return t;
}

BackgroundTable readBackgroundCsv(const std::string& path) {
    return parseBackgroundCsv(readCsvText(path), path);
}

}  // namespace dlk
