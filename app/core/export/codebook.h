#pragma once
// The codebook of a data package, datapackage.json (export/data_package.h), read once for every tool that needs its
// tables: dlkiosk merge (keys and columns), the SQL scripts (types, keys, constraints, descriptions) and the workbook
// (a sheet per table, the codebook as a sheet). A package may come from anywhere, so the reader is strict and bounded:
//   - the file at most kCodebookMaxBytes, at most kCodebookMaxTables tables of at most kCodebookMaxFields fields;
//   - table and field names plain lower-case identifiers ([a-z][a-z0-9_]*, at most 31 characters: a sheet's
//     name and a PostgreSQL name alike), each table in the file <name>.csv of the package's own folder, no name twice;
//   - types string, integer or number (what the export writes and SQL can hold);
//   - a primary key of one or more of the table's fields; foreign keys naming fields of their table and of a table
//     the codebook has;
//   - descriptions at most kCodebookMaxText bytes.
// Anything else is Error(Invalid) naming the file and the table (and field) at fault; nothing is half read.
#include <cstddef>
#include <string>
#include <vector>

#include "util/json.h"

namespace dlk {

inline constexpr const char* kCodebookFile = "datapackage.json";
inline constexpr size_t kCodebookMaxBytes = size_t{1} << 20;
inline constexpr size_t kCodebookMaxTables = 64;
inline constexpr size_t kCodebookMaxFields = 256;
inline constexpr size_t kCodebookMaxNameLength = 31;
inline constexpr size_t kCodebookMaxText = 8192;

struct CodebookField {
    std::string name;
    std::string type;  // string, integer, number
    std::string description;
    bool required = false;
    std::vector<Json> allowed;  // the enum constraint's values (strings or numbers); empty: any
};

struct CodebookForeignKey {
    std::vector<std::string> fields;
    std::string table;  // the referenced table
    std::vector<std::string> referenced;
};

struct CodebookTable {
    std::string name;
    std::string path;  // name + ".csv"
    std::string description;
    std::vector<CodebookField> fields;
    std::vector<size_t> primaryKey;  // indexes into fields
    std::vector<CodebookForeignKey> foreignKeys;

    std::vector<std::string> columns() const;
};

struct Codebook {
    std::vector<CodebookTable> tables;  // in the package's order
    Json resources;                     // as read, to compare two packages' codebooks

    const CodebookTable* find(const std::string& name) const;
};

// `where` names the source in errors (a file's path).
Codebook parseCodebook(const std::string& text, const std::string& where);
Codebook codebookFromJson(const Json& package, const std::string& where);
// folder/datapackage.json: Error(NotFound) when it is missing, Error(Invalid) when larger than kCodebookMaxBytes.
Codebook readCodebook(const std::string& folder);

}  // namespace dlk
