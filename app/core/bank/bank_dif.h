#pragma once
// The bank's DIF table (issue 15 point 4): <items>/irt/dif.csv, made from the same simulated
// calibration sample as irt/items.csv by packaging/tools/make_item_parameters.sh (items/README.md
// "Differential item functioning"). One row per calibration unit (bank/calibration_units.h) and
// grouping variable: the columns `dlkiosk dif --out` writes, after three of its own:
//
//   group,reference,focal,item_id,mh_d_dif,mh_se,ets_class,rasch_dif,rasch_se,smd,n_reference,n_focal
//   language,nl,en,schoolreis-01-bus,0.12,0.21,A,-0.05,0.09,0.004,1250,1250
//
// group names the background variable (language, gender, grade), reference and focal its two values
// compared (may be empty). `dlkiosk validate --blueprint` warns for every C-class unit and lists the
// B-class ones; the teacher's item analysis flags an item with a B or C unit (results/item_analysis.h).
//
// The file is read as hostile input: at most kBankDifMaxBytes, kBankDifMaxRows rows and
// kBankDifMaxCellBytes per cell; every complaint names the file and line; a unit is found by a
// hash index, never by scanning the rows per item.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "irt/dif.h"
#include "qti/validator.h"
#include "util/error.h"

namespace dlk {

inline constexpr std::string_view kBankDifFile = "dif.csv";  // in <items>/irt/
inline constexpr size_t kBankDifMaxBytes = 4 * 1024 * 1024;
inline constexpr size_t kBankDifMaxRows = 50000;
inline constexpr size_t kBankDifMaxCellBytes = 256;

struct BankDifRow {
    int line = 0;                  // in the file
    std::string group;             // the grouping variable
    std::string reference, focal;  // its values compared; empty when the file does not say
    std::string unitId;            // item_id: ITEM, or ITEM:CRITERION for a rubric criterion
    std::optional<EtsClass> ets;   // none: not defined (too few pupils in the strata)
    std::optional<double> mhDDif, mhSe, raschDif, raschSe, smd;

    // The item the unit belongs to: unitId up to its ':'.
    std::string itemId() const;
    // Which way the DIF goes at equal ability: +1 harder for the focal group, -1 easier for it, 0
    // unknown. From MH D-DIF (negative: harder for focal), else the SMD (negative: harder for
    // focal), else the Rasch DIF (positive: harder for focal).
    int harderForFocal() const;
};

struct BankDif {
    std::string source;            // the file's path, for messages
    std::vector<BankDifRow> rows;  // in the file's order

    // The B and C rows of `itemId`'s units (the item's own and its criteria'), C before B, each
    // class in the file's order.
    std::vector<const BankDifRow*> flagsOf(const std::string& itemId) const;

    std::unordered_map<std::string, std::vector<size_t>> byItem;  // itemId() -> rows
};

// A complaint about the file, with the line it is about (0: the file as a whole).
class BankDifError : public Error {
public:
    BankDifError(std::string file, int line, std::string detail)
        : Error(ErrorKind::Parse, file + " line " + std::to_string(line) + ": " + detail),
          m_file(std::move(file)),
          m_line(line),
          m_detail(std::move(detail)) {}
    const std::string& file() const { return m_file; }
    int line() const { return m_line; }
    const std::string& detail() const { return m_detail; }

private:
    std::string m_file;
    int m_line;
    std::string m_detail;
};

// Reads dif.csv's text. Throws BankDifError naming `where` and the line: text over the limits, no
// header, a missing or repeated column (group, item_id and ets_class are required; reference,
// focal and the statistics optional; other columns are ignored), a row of the wrong length, an
// empty group or item id, a cell over kBankDifMaxCellBytes, a class other than A, B, C or empty, a
// statistic that is not a finite number or empty, a unit named twice for one group.
BankDif parseBankDif(std::string_view text, const std::string& where);
// <itemsDir>/irt/dif.csv; none when the file does not exist. Throws BankDifError as above, and
// for a file that cannot be read or is over kBankDifMaxBytes (line 0).
std::optional<BankDif> loadBankDif(const std::string& itemsDir);
std::string bankDifPath(const std::string& itemsDir);

// One row in English words for `dlkiosk validate --blueprint`: "class C by language (nl/en): MH
// D-DIF -1.82 (SE 0.21), harder for 'en' at equal ability".
std::string describeDifRow(const BankDifRow& row);

// The blueprint's DIF findings at `path`: a warning per C-class unit (its line), and one warning
// naming the units the bank does not have (the file is older than the bank), at most 8 by name.
std::vector<Finding> compareBankDif(const BankDif& dif, const std::vector<std::string>& bankUnits,
                                    const std::string& path);

}  // namespace dlk
