#pragma once
// scores.csv and summary.csv of an export (export/csv_export.h): both are written from the scale rows, a pupil's raw
// score per scale with the items and scores an estimate uses. exportCsv gathers the rows from the scored answers (in
// two halves, on both cores) and hands them here.
#include <functional>
#include <map>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "export/csv_export.h"
#include "irt/items_csv.h"

namespace dlk {

// A pupil's raw score in one domain of the modules started.
struct Total {
    double raw = 0, max = 0;
    int unscorable = 0, notYetScored = 0;
};

// A pupil's row of scores.csv for one scale: the raw score as Total, and what the estimate uses. The items and scores
// are views into ScaleRows' shared arrays (one allocation for a half of the school, not two per pupil and scale).
struct ScaleRow {
    Total total;
    std::span<const ItemParams* const> items;  // scored items with parameters (the calibration's), score in range
    std::span<const int> scores;               // aligned with items
};

// A row of scores.csv: a pupil (pseudonym) and a scale (total or a domain).
struct ScaleEntry {
    const std::string* pupil = nullptr;
    std::string_view scale;
    ScaleRow row;
};

// Rows of scores.csv with the arrays their items and scores are in. add() copies one pupil's scale at a time; the
// rows' views are made by done(), once the arrays have stopped growing (moving a ScaleRows keeps them valid).
class ScaleRows {
public:
    void add(const std::string* pupil, std::string_view scale, const Total& total,
             std::span<const ItemParams* const> items, std::span<const int> scores);
    void done();
    // Room for `rows` rows holding `entries` items and scores in all, so that the arrays need not grow (a school's
    // are hundreds of megabytes; growing copies them and touches twice the memory). A hint: more may be added.
    void reserve(size_t rows, size_t entries);
    std::vector<ScaleEntry>& rows() { return m_rows; }

private:
    std::vector<ScaleEntry> m_rows;
    std::vector<size_t> m_first;  // by row: where its items and scores begin in the arrays
    std::vector<const ItemParams*> m_items;
    std::vector<int> m_scores;
};

// The scales of scores.csv: the total, then the domains in the order of responses.csv's domain.
inline constexpr const char* kTotalScale = "total";

// A number to `decimals` places, without trailing zeros (0.5, 12, -1.2345), appended to `out`; nothing for NaN or
// infinity (as printf's %.*f rounds, without a locale).
void appendRounded(std::string& out, double v, int decimals);
std::string rounded(double v, int decimals);

// scores.csv from `rows`, in their order (by pseudonym, then scale): the raw score and, with item parameters, the WLE,
// five plausible values, the reporting scale and the level. Every ScaleRow::items points into
// options.calibration->items (std::logic_error otherwise).
// The text goes to `write` in pieces of about a megabyte, in order (BulkFile::put: it may take the piece's text).
void writeScores(const std::function<void(std::string&)>& write, const std::vector<ScaleEntry>& rows,
                 const ExportOptions& options);

// summary.csv from scores.csv's rows (a pupil's rows together, as writeScores has them): per group and domain, with
// disclosure control. `groupOf`: a pupil's pseudonym to
// their group (a class's pseudonym, or other_classes). Returns how many cells were suppressed.
int writeAggregates(std::ostream& out, const std::string& school, const std::vector<ScaleEntry>& rows,
                    const std::unordered_map<std::string, std::string>& groupOf);

}  // namespace dlk
