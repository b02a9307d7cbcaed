#pragma once
// The anonymised export: CSV files a researcher loads into PostgreSQL, R or pandas.
// Pupils appear only as keyed pseudonyms (security/pseudonym.h); no name, pupil code, class
// name, timestamp or language choice leaves the machine, since each could single a pupil out.
#include <string>
#include <string_view>
#include <vector>

#include "bank/item_bank.h"
#include "export/disclosure.h"
#include "irt/items_csv.h"
#include "irt/reporting_scale.h"
#include "results/class_results.h"
#include "school/school_store.h"
#include "storage/database.h"

namespace dlk {

struct ExportOptions {
    // Answers that hold typed text (export/free_text.h) as typed, screened by TextScreen. Without
    // it (the default) such a row carries its status and score only, marked free_text_withheld.
    bool freeText = false;
    // schema.sql and load.sql for PostgreSQL beside the CSVs, signed with them (export/sql_scripts.h).
    bool sql = false;
    // dlkiosk-export.xlsx beside the CSVs: a sheet per table and the codebook (export/workbook.h).
    bool workbook = false;
    // events.csv, the process data (every click and page turn, timed): only when asked (--events), since it tells
    // most about how a pupil worked. Without it the file is not written and the codebook says so.
    bool events = false;
    // The bank's item parameters (items/irt/items.csv) and level table (assets/irt/levels.csv), as the teacher's
    // screen uses them: scores.csv's WLE, plausible values, scale score and level, items.csv's parameters. Without
    // them (null) those cells are empty.
    const CalibratedItems* calibration = nullptr;
    const LevelTable* levels = nullptr;
    // The export's passes spread over both cores: the answers scored by this thread and a helper, and the pupils and
    // their progress read meanwhile, each on a connection of its own (where the database has a file of its own; one
    // in memory has one connection); the scale rows gathered in two halves. False: one after the other, on one
    // connection. The files are the same either way.
    bool parallelReads = true;
};

struct ExportSummary {
    std::string folder;
    int pupils = 0;  // pupils who started a measured module
    int responseRows = 0;
    int eventRows = 0;
    int moduleRows = 0;                      // rows of module_status.csv
    int pupilRows = 0;                       // rows of pupils.csv: every pupil of the school
    int incidentRows = 0;                    // rows of incidents.csv
    std::string fingerprint;                 // of the school's key that signed manifest.json
    int unscorableRows = 0;                  // rows of responses.csv with status cannot_be_scored
    int freeTextWithheld = 0;                // rows of responses.csv whose typed text was left out
    std::vector<UnscorableItem> unscorable;  // the items behind them, each once
    // Disclosure control (export/disclosure.h): what the pupil file generalised, pooled or left
    // out (also in disclosure.csv), and how many cells of summary.csv are empty.
    std::vector<DisclosureStep> disclosure;
    int pupilsLeftOut = 0;
    int suppressedCells = 0;
    std::vector<std::string> tablesNotInWorkbook;  // too many rows for a sheet (export/workbook.h)
    // Where the time went: each step's name and seconds, in order (what `dlkiosk bench export` prints).
    std::vector<std::pair<std::string, double>> steps;
};

// Writes pupils.csv, disclosure.csv, summary.csv, module_status.csv, responses.csv, scores.csv, items.csv, events.csv
// (process data, only with options.events), incidents.csv (the incident log), datapackage.json (the codebook,
// export/data_package.h) and a short README.txt into `folder` (created if needed; one given may hold only plain files,
// an earlier export's, else Error(Invalid) before anything is written), then signs them all with the school's key
// (manifest.json and manifest.sig, export/manifest.h). Every row of every module a pupil was given (or, never logged
// in, could be given) is in responses.csv with its status (results/response_status.h); an item that cannot be scored is
// a row with status cannot_be_scored and its reason. Rows are sorted by pseudonym, then module, item and seq: never in
// the order pupils were entered, which whoever holds the class list could match row by row. Each file is written under
// a temporary name and renamed, so a failed export leaves no half file. The pseudonyms need the school's secret, sealed
// at rest: `school` must be unlocked by an administrator's PIN (SchoolStore::checkPin; the export holds every class, a
// teacher sees only their own), else Error(Auth) and nothing is written.
ExportSummary exportCsv(Database& db, const ItemBank& bank, const std::string& folder, SchoolStore& school,
                        const ExportOptions& options = {});

// RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would run as a formula.
std::string csvCell(const std::string& s);
// The same appended to `out`, without a string of its own: what the export and the merge use per cell.
void appendCsvCell(std::string& out, std::string_view cell);
// A row: the cells so quoted, joined by ',', and '\n'.
void appendCsvLine(std::string& out, const std::vector<std::string>& cells);

}  // namespace dlk
