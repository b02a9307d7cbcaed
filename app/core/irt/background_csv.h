#pragma once
// A background file: person_id, then one column per variable (grade, language, gender, ...), as
// dlkiosk dif (and later the population model) reads it. Cells are kept as text: a group is a
// value, whatever it looks like; an empty cell is "not recorded".
#include <map>
#include <string>
#include <vector>

namespace dlk {

struct BackgroundTable {
    std::string sourceName;
    std::vector<std::string> columns;  // without person_id
    std::vector<std::string> personIds;
    std::vector<int> lines;                       // per person: the line of its record
    std::vector<std::vector<std::string>> cells;  // per person, per column (trimmed)
    std::map<std::string, size_t> rowOfPerson;

    // The column's index; throws Error(NotFound) "<file> line 1: no column 'X' (columns: ...)".
    size_t column(const std::string& name) const;
};

// Throws Error(Parse) or Error(Invalid) with file and line: no header, a first column other than
// person_id, an empty or repeated column name, a row of the wrong length, an empty or repeated
// person id.
BackgroundTable parseBackgroundCsv(std::string text, const std::string& sourceName);
BackgroundTable readBackgroundCsv(const std::string& path);

}  // namespace dlk
