#pragma once
// The test information of the bank's modules and booklets from its item parameters
// (<items>/irt/items.csv), which `dlkiosk validate --blueprint DIR` prints (issue 16 point 5): a
// module that measures only the best or the weakest pupils shows as a curve that peaks far from
// where most pupils are.
#include <string>
#include <vector>

#include "bank/item_bank.h"
#include "delivery/booklet_design.h"
#include "irt/items_csv.h"
#include "irt/test_information.h"
#include "qti/validator.h"

namespace dlk {

// The grid printed: -3 to 3 logits in steps of 0.5.
inline constexpr double kInformationFrom = -3, kInformationTo = 3, kInformationStep = 0.5;
// A module's peak further than this many population SDs from the population mean is a warning:
// about 87% of pupils are within 1.5 SD.
inline constexpr double kInformationPeakSds = 1.5;

struct InformationRow {
    std::string label;  // a module's identifier, or "booklet of DESIGN"
    InformationCurve curve;
    int units = 0;                               // calibration units with parameters
    std::vector<std::string> withoutParameters;  // units of the module(s) items.csv has none for
};

struct BankInformation {
    double populationMean = 0;  // from the items' population model, else 0 and 1
    double populationSd = 1;
    std::vector<InformationRow> modules;   // the measuring modules, in bank order
    std::vector<InformationRow> booklets;  // per design: its average booklet
};

// Every measuring module's curve (the practice modules left out), and per design the average of
// its booklets' curves (a booklet's curve is the sum of its modules'; each of a part's booklets
// is dealt equally often, so this is what a pupil of the design gets on average).
BankInformation bankInformation(const ItemBank& bank, const std::vector<BookletDesign>& designs,
                                const CalibratedItems& parameters);

// Warnings at `parametersPath` (line 0): a module whose curve peaks further than
// kInformationPeakSds population SDs from the population mean, a module with units without
// parameters (they count in no scale score), and a module with no parameters at all.
std::vector<Finding> compareInformation(const BankInformation& info, const std::string& parametersPath);

}  // namespace dlk
