#include "irt/csv_reader.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dlk {

CsvReader::CsvReader(std::string text, std::string name) : m_text(std::move(text)), m_name(std::move(name)) {
    // A spreadsheet saving "CSV UTF-8" puts a byte order mark first; it is not part of the header.
    if (m_text.rfind("\xEF\xBB\xBF", 0) == 0) m_pos = 3;
}

std::string readCsvText(const std::string& path) {
    // A folder opens as a stream on Linux and then reads as nothing: say what it is.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(ErrorKind::Io, "cannot read " + path + ": it is a folder, not a CSV file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(ErrorKind::Io, "reading " + path + " failed");
    return ss.str();
}

CsvReader CsvReader::fromFile(const std::string& path) {
    return CsvReader(readCsvText(path), path);
}

void CsvReader::fail(ErrorKind kind, const std::string& what) const {
    failAt(m_line, kind, what);
}

void CsvReader::failAt(int line, ErrorKind kind, const std::string& what) const {
    throw Error(kind, m_name + " line " + std::to_string(line) + ": " + what);
}

bool CsvReader::next(std::vector<std::string>& cells) {
    const size_t n = m_text.size();
    for (;;) {
        if (m_pos >= n) return false;
        const char c = m_text[m_pos];
        if (c == '\n' || c == '\r') {  // blank line
            m_pos += (c == '\r' && m_pos + 1 < n && m_text[m_pos + 1] == '\n') ? 2 : 1;
            ++m_nextLine;
            continue;
        }
        if (m_commentChar && c == m_commentChar) {
            size_t end = m_text.find_first_of("\r\n", m_pos);
            if (end == std::string::npos) end = n;
            m_comments.emplace_back(m_text, m_pos + 1, end - m_pos - 1);
            m_pos = end;
            continue;
        }
        break;
    }
    m_line = m_nextLine;
    m_recordStart = m_pos;
    m_recordEnd = n;  // unless a line end comes first
    m_recordQuoted = false;
    // Cells are assigned in place so a reader looping over a large file reuses their buffers.
    size_t count = 0;
    auto cell = [&]() -> std::string& {
        if (count == cells.size()) cells.emplace_back();
        std::string& s = cells[count++];
        s.clear();
        return s;
    };
    std::string* cur = &cell();
    while (m_pos < n) {
        const char c = m_text[m_pos];
        if (c == '"' && cur->empty()) {
            m_recordQuoted = true;
            ++m_pos;
            for (;;) {
                if (m_pos >= n) failAt(m_line, ErrorKind::Parse, "a quoted cell is not closed");
                const size_t q = m_text.find('"', m_pos);
                if (q == std::string::npos) failAt(m_line, ErrorKind::Parse, "a quoted cell is not closed");
                for (size_t k = m_pos; k < q; ++k)
                    if (m_text[k] == '\n') ++m_nextLine;
                cur->append(m_text, m_pos, q - m_pos);
                m_pos = q + 1;
                if (m_pos < n && m_text[m_pos] == '"') {
                    cur->push_back('"');
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (m_pos < n && m_text[m_pos] != ',' && m_text[m_pos] != '\n' && m_text[m_pos] != '\r')
                failAt(m_line, ErrorKind::Parse, "text after the closing quote of a quoted cell");
            continue;
        }
        if (c == ',') {
            cur = &cell();
            ++m_pos;
            continue;
        }
        if (c == '\n' || c == '\r') {
            m_recordEnd = m_pos;
            m_pos += (c == '\r' && m_pos + 1 < n && m_text[m_pos + 1] == '\n') ? 2 : 1;
            ++m_nextLine;
            break;
        }
        // The cell's end by a plain loop: find_first_of calls memchr on its four characters for every one of the
        // text's, which was a tenth of a 500-package merge.
        size_t stop = m_pos;
        for (char ch; stop < n && (ch = m_text[stop]) != ',' && ch != '\n' && ch != '\r' && ch != '"';) ++stop;
        if (stop < n && m_text[stop] == '"') failAt(m_line, ErrorKind::Parse, "a quote inside an unquoted cell");
        cur->append(m_text, m_pos, stop - m_pos);
        m_pos = stop;
    }
    cells.resize(count);
    return true;
}

void appendCell(std::string& out, const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void appendNumber(std::string& out, double v) {
    if (std::isnan(v)) return;
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

std::string formatNumber(double v) {
    std::string s;
    appendNumber(s, v);
    return s;
}

void writeFileAtomically(const std::string& path, std::string_view text) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    if (target.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
    }
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(ErrorKind::Io, "cannot write " + tmp);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            out.close();
            std::error_code ec;
            fs::remove(tmp, ec);
            throw Error(ErrorKind::Io, "writing " + tmp + " failed (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw Error(ErrorKind::Io, "cannot rename " + tmp + " to " + path + ": " + ec.message());
    }
}

}  // namespace dlk
