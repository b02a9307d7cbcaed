#include "export/workbook.h"

#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "export/codebook.h"
#include "irt/csv_reader.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {

// Owns the workbook until it is closed (closing writes the file), so an exception frees it.
class Workbook {
public:
    Workbook(const std::string& path, const std::string& tmpdir) : m_path(path), m_tmpdir(tmpdir) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;  // rows go to a temporary file as they are written
        options.tmpdir = m_tmpdir.data();    // the export's own 0700 folder, never a shared /tmp
        options.use_zip64 = LXW_TRUE;
        m_book = workbook_new_opt(m_path.c_str(), &options);
        if (!m_book) throw Error(ErrorKind::Io, "cannot create the workbook " + m_path);
        lxw_doc_properties properties{};
        properties.title = const_cast<char*>("dlkiosk: anonymised digital literacy results");
        properties.created = 946684800;  // 2000-01-01: never the day of the export (see workbook.h)
        workbook_set_properties(m_book, &properties);
        m_bold = workbook_add_format(m_book);
        format_set_bold(m_bold);
    }
    ~Workbook() {
        if (m_book) workbook_close(m_book);  // after an error: the caller removes the file
    }
    lxw_worksheet* sheet(const std::string& name) {
        lxw_worksheet* s = workbook_add_worksheet(m_book, name.c_str());
        if (!s) throw Error(ErrorKind::Invalid, "the sheet name '" + name + "' is not one Excel takes");
        return s;
    }
    lxw_format* bold() const { return m_bold; }
    void close() {
        const lxw_error e = workbook_close(m_book);
        m_book = nullptr;
        if (e != LXW_NO_ERROR)
            throw Error(ErrorKind::Io, "cannot write the workbook " + m_path + ": " + lxw_strerror(e));
    }

private:
    std::string m_path, m_tmpdir;
    lxw_workbook* m_book = nullptr;
    lxw_format* m_bold = nullptr;
};

void check(lxw_error e, const std::string& where) {
    if (e != LXW_NO_ERROR && e != LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        throw Error(ErrorKind::Io, "writing the workbook's " + where + " failed: " + lxw_strerror(e));
}

struct Field {
    std::string name, type, description, values;
    bool required = false;
};

struct Table {
    std::string name, path, description;
    std::vector<Field> fields;
};

// The tables as the codebook (export/codebook.h) names them, checked there; a sheet shows the allowed values as text.
std::vector<Table> tablesOf(const Codebook& book) {
    std::vector<Table> tables;
    for (const CodebookTable& c : book.tables) {
        Table t;
        t.name = c.name;
        t.path = c.path;
        t.description = c.description;
        for (const CodebookField& f : c.fields) {
            Field field;
            field.name = f.name;
            field.type = f.type;
            field.description = f.description;
            field.required = f.required;
            for (const Json& v : f.allowed)
                field.values += (field.values.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
            t.fields.push_back(std::move(field));
        }
        tables.push_back(std::move(t));
    }
    return tables;
}

size_t countRows(const std::string& path) {
    CsvReader reader = CsvReader::fromFile(path);
    std::vector<std::string> cells;
    size_t rows = 0;
    while (reader.next(cells)) ++rows;
    return rows > 0 ? rows - 1 : 0;
}

}  // namespace

WorkbookSummary writeWorkbook(const std::string& folder) {
    const std::vector<Table> tables = tablesOf(readCodebook(folder));

    WorkbookSummary summary;
    std::vector<size_t> rowsOf;
    for (const Table& t : tables) {
        const size_t rows = countRows((fs::path(folder) / t.path).string());
        rowsOf.push_back(rows);
        if (rows > kSheetMaxDataRows) summary.tooLarge.push_back(t.name);
    }

    const fs::path target = fs::path(folder) / kWorkbookFile;
    const std::string tmp = target.string() + ".tmp";
    makePrivateFile(tmp);
    try {
        Workbook book(tmp, folder);
        // The codebook first: what every column means, as datapackage.json says it.
        lxw_worksheet* codebook = book.sheet("codebook");
        const char* heads[] = {"table", "field", "type", "required", "allowed values", "description"};
        for (lxw_col_t c = 0; c < 6; ++c)
            check(worksheet_write_string(codebook, 0, c, heads[c], book.bold()), "codebook");
        worksheet_freeze_panes(codebook, 1, 0);
        lxw_row_t row = 1;
        for (size_t i = 0; i < tables.size(); ++i) {
            const Table& t = tables[i];
            std::string about = t.description;
            if (rowsOf[i] > kSheetMaxDataRows)
                about += " Too many rows for a sheet (" + std::to_string(rowsOf[i]) + "): only in " + t.path + ".";
            check(worksheet_write_string(codebook, row, 0, t.name.c_str(), book.bold()), "codebook");
            check(worksheet_write_string(codebook, row, 5, about.c_str(), nullptr), "codebook");
            ++row;
            for (const Field& f : t.fields) {
                check(worksheet_write_string(codebook, row, 0, t.name.c_str(), nullptr), "codebook");
                check(worksheet_write_string(codebook, row, 1, f.name.c_str(), nullptr), "codebook");
                check(worksheet_write_string(codebook, row, 2, f.type.c_str(), nullptr), "codebook");
                check(worksheet_write_string(codebook, row, 3, f.required ? "yes" : "no", nullptr), "codebook");
                if (!f.values.empty())
                    check(worksheet_write_string(codebook, row, 4, f.values.c_str(), nullptr), "codebook");
                check(worksheet_write_string(codebook, row, 5, f.description.c_str(), nullptr), "codebook");
                ++row;
            }
        }
        worksheet_set_column(codebook, 0, 1, 18, nullptr);
        worksheet_set_column(codebook, 5, 5, 100, nullptr);
        ++summary.sheets;

        for (size_t i = 0; i < tables.size(); ++i) {
            const Table& t = tables[i];
            if (rowsOf[i] > kSheetMaxDataRows) continue;
            lxw_worksheet* sheet = book.sheet(t.name);
            ++summary.sheets;
            const std::string path = (fs::path(folder) / t.path).string();
            CsvReader reader = CsvReader::fromFile(path);
            std::vector<std::string> cells;
            std::vector<std::string> names;
            for (const Field& f : t.fields) names.push_back(f.name);
            if (!reader.next(cells) || cells != names)
                throw Error(ErrorKind::Invalid, path + " line 1: the header is not the columns datapackage.json names");
            for (lxw_col_t c = 0; c < cells.size(); ++c)
                check(worksheet_write_string(sheet, 0, c, cells[c].c_str(), book.bold()), t.name);
            lxw_row_t r = 1;
            while (reader.next(cells)) {
                if (cells.size() != names.size())
                    reader.fail(ErrorKind::Invalid, "a row of " + std::to_string(cells.size()) +
                                                        " cells where the "
                                                        "table has " +
                                                        std::to_string(names.size()));
                for (lxw_col_t c = 0; c < cells.size(); ++c) {
                    const std::string& cell = cells[c];
                    if (cell.empty()) continue;  // missing: an empty cell, as in the CSV
                    const std::string& type = t.fields[c].type;
                    double number = 0;
                    if ((type == "integer" || type == "number") && parseDouble(cell, number)) {
                        check(worksheet_write_number(sheet, r, c, number, nullptr), t.name);
                    } else if (cell.size() > kCellMaxChars) {
                        // Cut at a UTF-8 boundary; the CSV keeps the whole text.
                        size_t cut = kCellMaxChars - 3;
                        while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xC0) == 0x80) --cut;
                        check(worksheet_write_string(sheet, r, c, (cell.substr(0, cut) + "...").c_str(), nullptr),
                              t.name);
                        ++summary.cellsShortened;
                    } else {
                        check(worksheet_write_string(sheet, r, c, cell.c_str(), nullptr), t.name);
                    }
                }
                ++r;
            }
            worksheet_freeze_panes(sheet, 1, 0);
            if (!names.empty()) worksheet_autofilter(sheet, 0, 0, r - 1, static_cast<lxw_col_t>(names.size() - 1));
            worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(names.size() - 1), 16, nullptr);
        }
        book.close();
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot rename " + tmp + ": " + ec.message());
    return summary;
}

}  // namespace dlk
