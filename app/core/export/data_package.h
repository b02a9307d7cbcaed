#pragma once
// The export's codebook as a Frictionless Data Package (https://specs.frictionlessdata.io/):
// datapackage.json names every CSV file of the export with its Table Schema (fields, types,
// descriptions, missing values, primary and foreign keys), so R, pandas or a database loads the
// files with the right types, and a researcher reads what each column means.
#include <string>

#include "util/json_fwd.h"

namespace dlk {

// The descriptor of an export written by exportCsv. It holds no data: the same for every school,
// so nothing in it can single out a pupil. `events`: the export holds the process data (events.csv),
// written only when asked; without it the resource is absent and the description says so.
Json exportDataPackage(bool events);

}  // namespace dlk
