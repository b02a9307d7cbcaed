#pragma once
// A data package (dlkiosk export, or a merge of many) read back as the item scores of a calibration:
// `dlkiosk calibrate PKG` and `dlkiosk estimate PKG` take the package folder where they take a
// RESPONSES.csv. responses.csv gives a pupil's score per item; its status says what a cell means, so
// that the booklets each pupil was dealt are the design (an item of a module the pupil was not given
// is missing, never wrong):
//   answered                                  the score
//   empty, and not_shown with a score (an     seen, or passed over, and left without an answer: as
//   item passed over in a finished module)    RESPONSES.csv's "omitted", 0 unless --omitted missing
//   not_reached                               not administered (as ICILS calibrates; a pupil's own
//                                             score counts it 0)
//   not_shown without a score (a module not   not administered
//   started), not_yet_scored, cannot_be_scored
// Items are the columns of items.csv in its order, with its max_score declared. A rubric task is
// one item here with its total score (the package has no per-criterion scores), so its parameters
// are the task's, not the bank's per-criterion ones.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "irt/response_matrix.h"

namespace dlk {

// Bounds on what a package from elsewhere may make us hold: the matrix is one byte per cell.
inline constexpr size_t kPackageMaxItems = 5000;
inline constexpr size_t kPackageMaxCells = size_t{400} << 20;  // 400 MB of cells: 2.6 million pupils × 150 items

// A folder with a datapackage.json: a package, not a RESPONSES.csv.
bool isDataPackage(const std::string& path);

// The package's responses as a matrix (persons: the pupil pseudonyms in the file's order). Throws
// Error(NotFound) for a missing file, Error(Parse/Invalid) naming the file, line and what is wrong:
// a column the codebook does not have, an unknown status, a score that is not a whole number from 0
// to the item's max_score, an item items.csv does not list, a pupil and item twice, or a package
// beyond the bounds above.
ResponseMatrix readPackageResponses(const std::string& folder, const ResponseReadOptions& options = {});

// Every row of the package's items.csv as (item, domain): `calibrate --dimensions domain`'s
// Q-matrix (an item in two modules appears twice; the map refuses it on two domains).
std::vector<std::pair<std::string, std::string>> readPackageItemDomains(const std::string& folder);

}  // namespace dlk
