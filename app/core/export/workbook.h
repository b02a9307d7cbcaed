#pragma once
// The package as one spreadsheet (issue 14.1): a school board opens dlkiosk-export.xlsx in Excel
// (Dutch or not) or LibreOffice without an import dialogue, so no decimal comma or date setting can
// misread a CSV. The first sheet is the codebook (every table's fields: type, required, allowed
// values, description); then one sheet per table of datapackage.json, its header bold and frozen,
// with a filter. Numbers are stored as numbers, everything else as text (never a formula: a cell
// that starts with '=' stays text). Written with libxlsxwriter (Debian's libxlsxwriter-dev).
//
// Excel holds 1,048,576 rows a sheet: a larger table (the process data of a large school) gets
// no sheet, and the codebook says so; its CSV is complete. The workbook's creation date is fixed
// (2000-01-01), because the date an export was made could say when the pupils sat the test.
#include <cstddef>
#include <string>
#include <vector>

namespace dlk {

inline constexpr const char* kWorkbookFile = "dlkiosk-export.xlsx";
inline constexpr size_t kSheetMaxDataRows = 1'048'575;  // Excel's rows less the header
inline constexpr size_t kCellMaxChars = 32'767;         // Excel's longest text in a cell

struct WorkbookSummary {
    size_t sheets = 0;                  // the codebook's included
    std::vector<std::string> tooLarge;  // tables left out: more rows than a sheet holds
    size_t cellsShortened = 0;          // texts cut to Excel's limit (the CSV keeps them whole)
};

// Writes `folder`/dlkiosk-export.xlsx from its datapackage.json and CSV files (0600, under a
// temporary name, renamed when complete). Throws Error(NotFound) for a missing file,
// Error(Invalid) for a CSV that does not fit its table, Error(Io) when the workbook cannot be written.
WorkbookSummary writeWorkbook(const std::string& folder);

}  // namespace dlk
