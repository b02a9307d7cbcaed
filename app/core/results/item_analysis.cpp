#include "results/item_analysis.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <utility>

#include "util/json.h"

namespace dlk {

ItemLookup bankItemLookup(const ItemBank& bank) {
    return [&bank](const ItemScoreRow& row) -> const Item* {
        const Module* module = bank.findModule(row.moduleId);
        if (!module) return nullptr;
        for (const auto& item : module->variant(row.language).items)
            if (item->identifier == row.itemId) return item.get();
        return nullptr;
    };
}

std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const size_t n = x.size();
    if (n < 2 || y.size() != n) return std::nullopt;
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    // Scores are sums of small numbers: a variance this small is rounding, not spread.
    constexpr double kNoVariance = 1e-12;
    if (sxx < kNoVariance || syy < kNoVariance) return std::nullopt;
    return sxy / std::sqrt(sxx * syy);
}

namespace {

// The one choiceInteraction of an item, or null when it has another interaction or more than one.
const BodyNode* onlyChoiceInteraction(const Item& item) {
    const auto interactions = item.interactions();
    if (interactions.size() != 1 || interactions.front()->name != "choiceInteraction") return nullptr;
    return interactions.front();
}

void collectChoices(const BodyNode& node, std::vector<OptionCount>& out) {
    for (const BodyNode& child : node.children) {
        if (child.isText) continue;
        if (child.name == "simpleChoice") {
            OptionCount option;
            option.identifier = child.attributeOr("identifier", "");
            option.text = child.plainText();
            if (option.text.size() > kMaxOptionTextChars) {
                size_t cut = kMaxOptionTextChars;
                while (cut > 0 && (static_cast<unsigned char>(option.text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
                option.text = option.text.substr(0, cut) + "…";
            }
            if (!option.identifier.empty()) out.push_back(std::move(option));
        } else {
            collectChoices(child, out);  // choices inside a layout element
        }
    }
}

// The identifiers a stored answer chose for `responseId`; empty for no answer. A stored value that
// is not a string or a list of strings (it does not fit the item) is no answer either.
std::vector<std::string> chosenIdentifiers(const std::string& responsesJson, const std::string& responseId) {
    std::vector<std::string> out;
    try {
        const Json all = parseJson(responsesJson, "stored responses");
        if (!all.is_object() || !all.contains(responseId)) return out;
        const Json& v = all[responseId];
        if (v.is_string()) {
            out.push_back(v.get<std::string>());
        } else if (v.is_array()) {
            for (const Json& e : v)
                if (e.is_string()) out.push_back(e.get<std::string>());
        }
    } catch (const std::exception&) {
        out.clear();
    }
    return out;
}

struct PupilItem {
    double score = 0;
    std::vector<std::string> chosen;
};

struct ItemData {
    ItemAnalysis analysis;
    const Item* item = nullptr;
    std::string responseId;  // of the choice interaction
    std::map<int64_t, PupilItem> byPupil;
};

}  // namespace

std::vector<ItemAnalysis> analyseItems(const std::vector<ItemScoreRow>& rows, const ItemLookup& lookup,
                                       const std::set<int64_t>& pupils) {
    std::vector<ItemData> items;
    std::map<std::pair<std::string, std::string>, size_t> index;  // (module, item) -> items
    // Each pupil's points per module and item, for the rest scores.
    std::map<std::pair<int64_t, std::string>, std::map<std::string, double>> moduleScores;
    for (const ItemScoreRow& row : rows) {
        if (!pupils.count(row.pupilId) || !row.scored() || row.awaitingTeacher) continue;
        const auto [it, added] = index.emplace(std::make_pair(row.moduleId, row.itemId), items.size());
        if (added) {
            ItemData data;
            data.analysis.moduleId = row.moduleId;
            data.analysis.itemId = row.itemId;
            data.analysis.domain = row.domain;
            data.analysis.maxScore = row.maxScore;
            data.item = lookup ? lookup(row) : nullptr;
            if (data.item) {
                data.analysis.title = data.item->title;
                if (const BodyNode* choice = onlyChoiceInteraction(*data.item)) {
                    data.responseId = choice->attributeOr("responseIdentifier", "");
                    data.analysis.choice = !data.responseId.empty();
                    if (data.analysis.choice) collectChoices(*choice, data.analysis.options);
                    if (const ResponseDeclaration* decl = data.item->findResponse(data.responseId);
                        decl && decl->correctResponse)
                        for (OptionCount& o : data.analysis.options)
                            o.key = std::find(decl->correctResponse->items.begin(), decl->correctResponse->items.end(),
                                              o.identifier) != decl->correctResponse->items.end();
                }
            }
            items.push_back(std::move(data));
        }
        ItemData& data = items[it->second];
        PupilItem& p = data.byPupil[row.pupilId];  // a later row of the same pupil replaces an earlier one
        p.score = row.score;
        p.chosen = data.analysis.choice && row.answered ? chosenIdentifiers(row.responsesJson, data.responseId)
                                                        : std::vector<std::string>{};
        moduleScores[{row.pupilId, row.moduleId}][row.itemId] = row.score;
    }

    std::vector<ItemAnalysis> out;
    for (ItemData& data : items) {
        ItemAnalysis& a = data.analysis;
        a.pupils = static_cast<int>(data.byPupil.size());
        if (!groupHasStatistics(a.pupils)) {
            a.withheld = Withheld::SmallGroup;
            a.options.clear();  // no counts, not even zeros, that a reader could take for figures
            out.push_back(std::move(a));
            continue;
        }
        std::vector<double> itemScores, restScores;
        double sum = 0;
        for (const auto& [pupil, p] : data.byPupil) {
            double rest = 0;
            for (const auto& [other, score] : moduleScores[{pupil, a.moduleId}])
                if (other != a.itemId) rest += score;
            itemScores.push_back(p.score);
            restScores.push_back(rest);
            sum += p.score;
        }
        if (a.maxScore > 0) a.pValue = sum / (a.maxScore * a.pupils);
        a.itemRest = pearson(itemScores, restScores);
        if (a.itemRest && *a.itemRest < 0)
            a.concerns.push_back(ItemConcern::NegativeItemRest);
        else if (a.itemRest && *a.itemRest < kLowItemRest)
            a.concerns.push_back(ItemConcern::LowItemRest);
        if (!a.choice) {
            out.push_back(std::move(a));
            continue;
        }
        std::map<std::string, size_t> optionIndex;
        for (size_t i = 0; i < a.options.size(); ++i) optionIndex.emplace(a.options[i].identifier, i);
        // The strong half: the pupils whose rest score is at least the median rest score.
        std::vector<double> sorted = restScores;
        std::sort(sorted.begin(), sorted.end());
        const size_t n = sorted.size();
        const double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        std::vector<int> strongChosen(a.options.size(), 0);
        size_t k = 0;
        for (const auto& [pupil, p] : data.byPupil) {
            const bool strong = restScores[k++] >= median;
            bool any = false;
            for (const std::string& id : p.chosen)
                if (auto o = optionIndex.find(id); o != optionIndex.end()) {
                    any = true;
                    ++a.options[o->second].chosen;
                    if (strong) ++strongChosen[o->second];
                }
            if (!any) ++a.noAnswer;
        }
        int keyMost = -1, distractorMost = 0;
        bool hasKey = false;
        for (size_t i = 0; i < a.options.size(); ++i) {
            if (a.options[i].key) {
                hasKey = true;
                keyMost = std::max(keyMost, strongChosen[i]);
            } else {
                distractorMost = std::max(distractorMost, strongChosen[i]);
            }
        }
        if (hasKey && distractorMost > keyMost) a.concerns.push_back(ItemConcern::DistractorBeatsKey);
        out.push_back(std::move(a));
    }
    return out;
}

void attachDifFlags(std::vector<ItemAnalysis>& items, const BankDif& dif) {
    for (ItemAnalysis& a : items) {
        a.dif.clear();
        for (const BankDifRow* row : dif.flagsOf(a.itemId)) a.dif.push_back(*row);
    }
}

}  // namespace dlk
