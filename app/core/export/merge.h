#pragma once
// Merging exports (issue 14.6): a school board or a research team puts the packages of many kiosks
// and schools together into one data package of the same tables, which R, pandas or PostgreSQL
// load as they load one school's export.
//
// Every package is checked before a byte is written: its signed manifest (export/manifest.h; an
// unsigned one only when the caller allows it, e.g. an earlier merged package), and its
// datapackage.json, whose tables must be the same as the first package's (the same dlkiosk
// export format). Rows are then keyed by their table's primary key (the codebook says which):
// - a row already there, equal cell for cell, is a duplicate and is dropped, so merging a package
//   twice, or a merged package with one of its sources, changes nothing;
// - a row whose key is there with other cells is a conflict (two kiosks that gave different
//   pupils the same pseudonym, two item banks with different maximum scores): the merge refuses
//   and names each, unless `keepFirst`, when the first package's row stays.
// The schools' rows stay apart by their pseudonyms (the school column of pupils.csv, summary.csv
// and disclosure.csv; pupils' and classes' pseudonyms are keyed per school). Rows are written
// sorted by their key, so the result does not depend on the order the packages were given in.
// Since an export writes every file in key order, the merge reads the packages' files side by side
// (a k-way merge: memory for one row per package, beside the files' text); a file out of key order
// (edited by hand, or hostile) makes that table merged again by sorting all its rows in memory.
// The merged package is not signed: whoever hands it on signs it (dlkiosk sign).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "export/codebook.h"

namespace dlk {

// Bounds on what a hostile package can make the merge hold: a table's columns, and each cell.
inline constexpr size_t kMergeMaxColumns = 256;
inline constexpr size_t kMergeMaxCellBytes = size_t{1} << 20;  // 1 MiB: a screened free-text answer is far less
inline constexpr size_t kMergeMaxPackageJsonBytes = size_t{1} << 20;

struct MergeOptions {
    bool allowUnsigned = false;  // accept a package without a manifest (never one whose manifest fails)
    bool keepFirst = false;      // on a conflict, keep the first package's row instead of refusing
    bool sql = false;            // also schema.sql and load.sql for PostgreSQL (export/sql_scripts.h)
    bool workbook = false;       // also dlkiosk-export.xlsx (export/workbook.h)
};

struct MergeConflict {
    std::string table;   // e.g. "responses"
    std::string key;     // "pupil=p..., module=..., item=..."
    std::string first;   // the folder the kept row came from
    std::string second;  // the folder with the other row
    int line = 0;        // its line in second's file
};

struct MergeSource {
    std::string folder;
    std::string fingerprint;  // of the key that signed it; "" for an unsigned package
    size_t rowsAdded = 0;
    size_t rowsDuplicate = 0;
};

struct MergeSummary {
    std::vector<MergeSource> sources;
    std::map<std::string, size_t> rows;  // table -> rows written
    std::vector<MergeConflict> conflicts;
    size_t schools = 0;  // distinct school pseudonyms in pupils.csv
};

// The key a table's rows are sorted by, in an export and in a merge: the primary key's cells, each
// followed by '\x1f', a whole-number cell padded to 18 digits so that it sorts by value (seq 2 before
// seq 10). False when such a cell is not a whole number of at most 18 digits.
bool packageRowKey(const CodebookTable& table, const std::vector<std::string>& cells, std::string& key);

// Merges the packages in `folders` into `out` (prepared as an export folder: export/atomic_file.h).
// Throws Error(Invalid) naming the package and file for a manifest that does not verify, a
// package whose tables differ from the first's, a header or row that does not fit its table, a
// limit above exceeded, and for conflicts without keepFirst (naming the first few and how many);
// Error(NotFound) for a missing folder or file; nothing is written then.
MergeSummary mergePackages(const std::vector<std::string>& folders, const std::string& out,
                           const MergeOptions& options = {});

}  // namespace dlk
