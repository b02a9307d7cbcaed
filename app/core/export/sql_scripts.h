#pragma once
// PostgreSQL for a data package (issue 14.7): a national baseline outgrows files on a laptop, so
// `export --sql` and `merge --sql` write, beside the CSVs, the tables of datapackage.json as SQL:
//   schema.sql  CREATE SCHEMA dlkiosk and a table per resource: types from the codebook (string:
//               text, integer: bigint, number: double precision), NOT NULL for required fields,
//               CHECK for a field's allowed values, the primary key, the foreign keys, and every
//               description as a COMMENT, so \d+ in psql is the codebook;
//   load.sql    one transaction of psql \copy commands, referenced tables first, that loads the
//               CSVs unchanged (an empty cell is NULL, as the codebook's missingValues says).
// Run from the package's folder: psql -v ON_ERROR_STOP=1 -f schema.sql -f load.sql.
#include <string>

#include "util/json_fwd.h"

namespace dlk {

inline constexpr const char* kSqlSchemaFile = "schema.sql";
inline constexpr const char* kSqlLoadFile = "load.sql";

// The two scripts' text for a package's codebook (what exportDataPackage() or a merged package's
// datapackage.json holds). Throws Error(Invalid) for a descriptor it cannot express: a name that
// is not a plain lower-case identifier, a type it does not know, a key naming no field.
struct SqlScripts {
    std::string schema;
    std::string load;
};
SqlScripts sqlScriptsFor(const Json& package);

// Writes schema.sql and load.sql into `folder` for its datapackage.json (atomically, 0600).
void writeSqlScripts(const std::string& folder);

}  // namespace dlk
