#pragma once
// Helpers shared by the core unit tests (not a test file itself: the build globs only *.cpp).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bank/item_bank.h"
#include "school/school_store.h"
#include "test_support.h"
#include "util/error.h"

namespace dlk::test {

// The dlk::Error thrown by f, or nullopt when f returned normally. Any other exception type
// escapes, and doctest reports it as a failure of the test.
template <class F>
std::optional<dlk::Error> errorOf(F&& f) {
    try {
        f();
    } catch (const dlk::Error& e) {
        return e;
    }
    return std::nullopt;
}

// A school set up with the tests' PIN, its store left unlocked as after a teacher's PIN: pupils'
// codes and names are sealed under its data key, so adding pupils needs it.
inline void setUpTestSchool(dlk::SchoolStore& school, int64_t nowMs = 0) {
    if (!school.isSetUp()) school.setUpSchool("Testschool", "246813", nowMs);
}

inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

inline std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void writeFile(const std::filesystem::path& p, std::string_view bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    REQUIRE_MESSAGE(out.good(), "cannot write " << p.string());
}

// The bank's problems, one per line, for failure messages.
inline std::string problemsText(const dlk::ItemBank& bank) {
    std::string s;
    for (const auto& p : bank.problems()) s += p.text() + "\n";
    return s;
}

inline std::string testData(const std::string& rel) {
    return std::string(DLK_TEST_DATA) + "/" + rel;
}

// Replaces the first occurrence of `from` (which must exist) in the file at p.
inline void replaceInFile(const std::filesystem::path& p, const std::string& from, const std::string& to) {
    std::string text = readFile(p);
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' not found in " << p.string());
    text.replace(at, from.size(), to);
    writeFile(p, text);
}

// A copy of the bundled item bank in a temporary folder, to damage at will.
inline std::filesystem::path copyBundledBank(const TempDir& dir, const std::string& name = "bank") {
    const std::filesystem::path target = dir.path() / name;
    std::filesystem::copy(DLK_SOURCE_ITEMS, target, std::filesystem::copy_options::recursive);
    return target;
}

// Minimal RFC 4180 reader for the exported files (quoted cells, doubled quotes, CRLF or LF).
inline std::vector<std::vector<std::string>> parseCsv(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(cell);
            cell.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(cell);
            rows.push_back(row);
            row.clear();
            cell.clear();
            any = false;
        } else {
            cell += c;
            any = true;
        }
    }
    REQUIRE_MESSAGE(!quoted, "unterminated quoted CSV cell");
    if (any || !cell.empty()) {
        row.push_back(cell);
        rows.push_back(row);
    }
    return rows;
}

}  // namespace dlk::test
