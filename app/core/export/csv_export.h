#pragma once
// The anonymised export: CSV files a researcher loads into PostgreSQL, R or pandas.
// Pupils appear only as keyed pseudonyms (security/pseudonym.h); no name, pupil code, class
// name, timestamp or language choice leaves the machine, since each could single a pupil out.
#include <string>

#include "bank/item_bank.h"
#include "results/class_results.h"
#include "school/school_store.h"
#include "storage/database.h"

namespace dlk {

struct ExportSummary {
    std::string folder;
    int pupils = 0;
    int responseRows = 0;
    int eventRows = 0;
    int unscorableRows = 0;                  // rows of responses.csv with status cannot_be_scored
    std::vector<UnscorableItem> unscorable;  // the items behind them, each once
};

// Writes responses.csv, scores.csv, items.csv, events.csv (process data) and README.txt into
// `folder` (created if needed). An item that cannot be scored is a row with status
// cannot_be_scored and its reason; every other row is written as usual.
// Each file is written under a temporary name and renamed, so a failed export leaves no half file.
// The pseudonyms need the school's secret, sealed at rest: `school` must be unlocked by a
// teacher's PIN (SchoolStore::checkPin), else Error(Auth) and nothing is written.
ExportSummary exportCsv(Database& db, const ItemBank& bank, const std::string& folder, SchoolStore& school);

// RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would run as a formula.
std::string csvCell(const std::string& s);

}  // namespace dlk
