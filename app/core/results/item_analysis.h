#pragma once
// Classical item analysis of a class (or any set of pupils): per item how many pupils have a
// score for it, its p-value, its item-rest correlation, for a choice item how often each option
// was chosen, and whether the item looks wrong. A teacher reads it to find an item that measures
// something else than the rest of its module, or whose key is wrong. Every figure is withheld for
// kMaxGroupWithoutStatistics pupils or fewer (privacy_rules.h): with 5 pupils, "1 chose B" names
// one of them.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bank/bank_dif.h"
#include "bank/domain.h"
#include "bank/item_bank.h"
#include "qti/item.h"
#include "results/class_results.h"
#include "results/privacy_rules.h"

namespace dlk {

// An item-rest correlation below this (and at or above 0) is "near zero": the item hardly agrees
// with the rest of its module. Test constructors' rule of thumb puts a usable item at 0.2 or more;
// below 0.1 the item is worth a second look.
inline constexpr double kLowItemRest = 0.10;
// An option's text in the analysis is cut to this many characters (a whole passage is no label).
inline constexpr size_t kMaxOptionTextChars = 60;

// Why an item looks wrong.
enum class ItemConcern {
    NegativeItemRest,    // pupils who did well on the rest of the module did worse on this item
    LowItemRest,         // 0 <= item-rest < kLowItemRest: the item hardly agrees with the rest
    DistractorBeatsKey,  // in the strong half, a wrong option was chosen more often than the key
};

struct OptionCount {
    std::string identifier;  // the choice's identifier
    std::string text;        // its words, whitespace collapsed, at most kMaxOptionTextChars
    bool key = false;        // part of the correct response
    int chosen = 0;          // pupils who chose it (a multiple-choice pupil counts for each choice)
};

struct ItemAnalysis {
    std::string moduleId;
    std::string itemId;
    std::string title;
    Domain domain = Domain::IctBasic;
    double maxScore = 0;
    // Pupils (of the set asked for) with a score for the item: it was in a module they took, it
    // could be scored, and no rubric waits for a teacher.
    int pupils = 0;
    Withheld withheld = Withheld::No;  // SmallGroup: every figure below is left empty
    std::optional<double> pValue;      // mean score / maximum score, 0..1
    // Pearson correlation between the item's score and the rest score (the pupil's points on the
    // other items of the same module). None when withheld, or when either does not vary (every
    // pupil had the same score): a correlation of nothing is no number.
    std::optional<double> itemRest;
    // For an item whose only interaction is a choiceInteraction: its options in the item's order,
    // and the pupils who chose none. Empty for every other item, and when withheld.
    bool choice = false;
    std::vector<OptionCount> options;
    int noAnswer = 0;
    std::vector<ItemConcern> concerns;
    // The bank's DIF rows (bank/bank_dif.h, <items>/irt/dif.csv) of class B or C for this item's
    // units, C first: the calibration sample's finding, not this class's, so shown also when the
    // class's figures are withheld.
    std::vector<BankDifRow> dif;
};

// The item a row was scored with (its module's variant in the row's language), or null.
using ItemLookup = std::function<const Item*(const ItemScoreRow&)>;
ItemLookup bankItemLookup(const ItemBank& bank);

// The analysis of every item in `rows` (from scoreItems) over the pupils in `pupils`, in the
// order the items are first met. Rows that are unscorable or await a teacher count nowhere. A
// pupil with an item twice (a module taken again) counts with the last row. Never throws for
// stored answers that do not fit their item: such an answer counts as no answer.
std::vector<ItemAnalysis> analyseItems(const std::vector<ItemScoreRow>& rows, const ItemLookup& lookup,
                                       const std::set<int64_t>& pupils);

// Sets each item's `dif` from the bank's DIF table (by the item's identifier; a criterion's unit
// ITEM:CRITERION counts for ITEM). One hash look-up per item.
void attachDifFlags(std::vector<ItemAnalysis>& items, const BankDif& dif);

// Pearson's r of two equally long series; none when either has no variance or fewer than 2 values.
std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace dlk
