#pragma once
// Differential item functioning between two groups of pupils (language version, gender, grade):
// does an item ask more of one group than of the other at the same ability?
//
// Two views, side by side, as ICILS and ETS report them:
// - Mantel-Haenszel (dichotomous items): pupils are matched on their raw score within their
//   booklet (the score groups of score_groups.h). The score includes the studied item: under the
//   Rasch model that makes the MH odds ratio exactly 1 for an item without DIF (Holland & Thayer
//   1988), whereas matching on the rest score biases it when the groups differ in ability. Booklets
//   are never pooled, because the same raw score means a different ability in an easier booklet.
//   Reported as MH D-DIF = -2.35 ln(alpha_MH) on the ETS delta scale (negative: the item is harder
//   for the focal group), with the Robins-Breslow-Greenland standard error and the ETS A/B/C class.
//   Partial credit items, matched the same way, get Mantel's (1963) chi-square for ordered scores
//   and the standardised mean difference (SMD, Dorans & Schmitt: the focal group's mean score minus
//   the reference group's at equal raw score, weighted by the focal group's strata), with ETS's
//   classes for them: C when Mantel's test is significant at 5% and |SMD| / SD(item score) > 0.25,
//   A when it is not significant or the ratio is at most 0.17, B otherwise. The SMD is reported for
//   0/1 items too (there it is STD P-DIF, a difference of proportions right).
// - Rasch DIF (every item): the item's location estimated in each group separately with every
//   other item anchored at its ITEMS.csv parameters and the group's own normal population (so a
//   group that is simply weaker does not show as DIF), by marginal maximum likelihood;
//   rasch_dif = location in the focal group - location in the reference group, in logits
//   (positive: harder for the focal group; about -MH D-DIF / 2.35 for a 0/1 item), with its SE.
//   The SE is the group's information on the item with the other items and the group's population
//   taken as known (their own uncertainty is far smaller with many items), and the populations are
//   estimated with the studied item in them, so a large DIF in one item moves the other items'
//   Rasch DIF by about its size over the number of items.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "irt/mml_calibration.h"
#include "irt/pcm_model.h"
#include "irt/response_matrix.h"

namespace dlk {

// One matching stratum of a dichotomous item: counts of right and wrong answers per group.
struct Stratum2x2 {
    double referenceRight = 0, referenceWrong = 0, focalRight = 0, focalWrong = 0;
};

struct MantelHaenszel {
    double alpha = 0;      // common odds ratio (reference over focal): > 1 favours the reference group
    double dDif = 0;       // -2.35 ln(alpha)
    double se = 0;         // of dDif (2.35 times the Robins-Breslow-Greenland SE of ln alpha)
    double chiSquare = 0;  // MH chi-square with continuity correction, 1 df
    bool defined = false;  // false when no stratum holds both groups with both answers
};

// alpha, D-DIF, its SE and the chi-square over the strata. Strata with fewer than two pupils or
// only one group add nothing.
MantelHaenszel mantelHaenszel(const std::vector<Stratum2x2>& strata);

// Ordered scores (any item) in matching strata: per stratum and group, persons per score 0..max.
struct StratumScores {
    std::vector<double> reference, focal;  // counts per score, the same length
};

struct MantelSmd {
    double smd = 0;        // focal minus reference mean score at equal raw score (negative: harder for focal)
    double sd = 0;         // of the item score over both groups
    double chiSquare = 0;  // Mantel's, 1 df
    bool defined = false;  // false without a stratum holding both groups, or without score variance
};
MantelSmd mantelSmd(const std::vector<StratumScores>& strata);

enum class EtsClass { A, B, C };
// ETS's rules (Zwick 2012): C when |D| >= 1.5 and |D| is significantly above 1.0 (one-sided 5%:
// (|D| - 1) / SE > 1.645); A when |D| < 1.0 or the MH chi-square is not significant at 5%
// (< 3.84); B otherwise.
EtsClass etsClass(const MantelHaenszel& mh);
const char* etsClassName(EtsClass c);
// The polytomous rules above.
EtsClass etsClass(const MantelSmd& m);

struct ItemDif {
    std::string itemId;
    int maxScore = 1;
    int nReference = 0, nFocal = 0;    // pupils of each group given the item
    std::optional<MantelHaenszel> mh;  // dichotomous items with a defined statistic
    std::optional<MantelSmd> mantel;   // every item with a defined statistic
    std::optional<EtsClass> ets;       // from MH for 0/1 items, from Mantel and SMD for the others
    // NaN when a group has no information on the item (nobody given it, or all at one extreme).
    double locationReference = 0, locationFocal = 0;
    double raschDif = 0, raschSe = 0;
};

struct DifResult {
    std::vector<ItemDif> items;                  // in the response matrix's item order
    PopulationModel reference, focal;            // each group's population with the items anchored
    int referencePersons = 0, focalPersons = 0;  // with at least one item
};

// The pupils of each group: 0 = reference, 1 = focal, -1 = left out.
constexpr int kReferenceGroup = 0, kFocalGroup = 1, kNoGroup = -1;

// items are aligned with the matrix's items (ITEMS.csv matched by id), each with a maxScore at
// least the highest score in the data. group has one entry per person. Throws Error(Invalid) for
// misaligned input.
DifResult analyseDif(const ResponseMatrix& responses, const std::vector<ItemParams>& items,
                     const std::vector<int>& group);

// Fewest pupils per group dif accepts: below it the MH strata are nearly empty and the ETS classes
// mean nothing (ETS asks for a few hundred).
constexpr int kMinDifGroupPersons = 100;

// `dlkiosk dif`.
struct DifFilesOptions {
    std::string responsesPath, itemsPath, backgroundPath, column;
    std::optional<std::string> reference, focal;  // group values; default the two in the file
    std::string outPath;                          // empty: nothing written
    ResponseReadOptions read;
    int minGroupPersons = kMinDifGroupPersons;
};

struct DifFilesSummary {
    DifResult result;
    std::string referenceValue, focalValue;
    int withoutBackground = 0;  // persons of RESPONSES.csv not in the background file
    int withoutValue = 0;       // with an empty cell in the group column
    int otherGroups = 0;        // in a group not compared (with --reference/--focal among more)
};

// Reads the files, checks them (file and line in every message: a missing column, a duplicate
// pupil, a group value not present, more than two groups without --reference/--focal, a group
// with fewer than minGroupPersons pupils with responses, an item without parameters), analyses
// and writes DIF.csv atomically. Nothing is written when anything is wrong.
DifFilesSummary difFiles(const DifFilesOptions& options);

// DIF.csv: item_id,mh_d_dif,mh_se,ets_class,rasch_dif,rasch_se,smd,n_reference,n_focal (no comment
// lines; an empty cell where a statistic is not defined).
std::string formatDifCsv(const DifResult& result);

}  // namespace dlk
