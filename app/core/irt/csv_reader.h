#pragma once
// CSV for the psychometric files (RESPONSES.csv, ITEMS.csv, PERSONS.csv, levels.csv): a strict
// RFC 4180 reader that remembers on which line each record starts, so every complaint about a
// cell can name its line, and a writer that never leaves a half-written file behind.
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace dlk {

class CsvReader {
public:
    // `name` is how messages refer to the source, usually its path.
    CsvReader(std::string text, std::string name);
    // Throws Error(Io) when the file cannot be read.
    static CsvReader fromFile(const std::string& path);

    // Lines starting with this character at the start of a record are not records; their text
    // (without the character) is collected in comments(). Off ('\0') by default.
    void setCommentChar(char c) { m_commentChar = c; }
    const std::vector<std::string>& comments() const { return m_comments; }

    // The next record's cells, or false at the end. Blank lines are skipped. A record that is
    // still inside a quoted cell at the end of the text throws Error(Parse).
    bool next(std::vector<std::string>& cells);
    int line() const { return m_line; }  // where the last record started (1-based)
    // The last record's text as it stands in the source, without its line end, and whether a cell of it was quoted:
    // a record without quotes is its cells joined by ',' (a merge writes it as it came).
    std::string_view record() const {
        return std::string_view(m_text).substr(m_recordStart, m_recordEnd - m_recordStart);
    }
    bool recordQuoted() const { return m_recordQuoted; }
    const std::string& name() const { return m_name; }
    // "<name> line <n>: <what>", thrown as Error(kind).
    [[noreturn]] void fail(ErrorKind kind, const std::string& what) const;
    [[noreturn]] void failAt(int line, ErrorKind kind, const std::string& what) const;

private:
    std::string m_text;
    std::string m_name;
    size_t m_pos = 0;
    int m_nextLine = 1;
    int m_line = 0;
    size_t m_recordStart = 0, m_recordEnd = 0;
    bool m_recordQuoted = false;
    char m_commentChar = '\0';
    std::vector<std::string> m_comments;
};

// The whole file; throws Error(Io) naming the path.
std::string readCsvText(const std::string& path);

// Appends s as one cell, quoted by RFC 4180 only where it must be: ids must read back exactly, so
// no spreadsheet-formula escaping here.
void appendCell(std::string& out, const std::string& s);

// Appends v in the shortest form that reads back to the same double; NaN gives an empty cell.
void appendNumber(std::string& out, double v);
std::string formatNumber(double v);

// Writes `text` under a temporary name beside `path` and renames it into place, so a reader never
// sees half a file and a failure leaves the old file alone. Throws Error(Io).
void writeFileAtomically(const std::string& path, std::string_view text);

}  // namespace dlk
