#include "irt/reporting_scale.h"

#include <algorithm>
#include <cmath>

#include "irt/csv_reader.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

ReportingScale ReportingScale::fromPopulation(const PopulationModel& population) {
    ReportingScale s;
    s.thetaMean = population.mean;
    s.thetaSd = population.sd;
    return s;
}

ReportingScale ReportingScale::fromSample(const std::vector<double>& thetas) {
    double n = 0, sum = 0, ss = 0;
    for (double t : thetas)
        if (std::isfinite(t)) {
            n += 1;
            sum += t;
            ss += t * t;
        }
    if (n < 2) throw Error(ErrorKind::Invalid, "a reporting scale needs a reference sample of at least two estimates");
    ReportingScale s;
    s.thetaMean = sum / n;
    const double var = (ss - n * s.thetaMean * s.thetaMean) / (n - 1);
    if (!(var > 0)) throw Error(ErrorKind::Invalid, "the reference sample has no spread");
    s.thetaSd = std::sqrt(var);
    return s;
}

LevelTable LevelTable::load(const std::string& path) {
    return parse(readCsvText(path), path);
}

LevelTable LevelTable::parse(std::string text, const std::string& sourceName) {
    CsvReader csv(std::move(text), sourceName);
    csv.setCommentChar('#');
    std::vector<std::string> cells;
    if (!csv.next(cells)) throw Error(ErrorKind::Parse, sourceName + " is empty");
    const char* required[] = {"scale",   "level",         "min_score",     "name_nl",
                              "name_en", "descriptor_nl", "descriptor_en", "provisional"};
    std::vector<int> col(9, -1);
    for (size_t c = 0; c < cells.size(); ++c) {
        const std::string h = trim(cells[c]);
        for (size_t k = 0; k < 8; ++k)
            if (h == required[k]) col[k] = static_cast<int>(c);
        if (h == "source") col[8] = static_cast<int>(c);
    }
    for (size_t k = 0; k < 8; ++k)
        if (col[k] < 0) csv.fail(ErrorKind::Parse, std::string("the header has no column ") + required[k]);
    LevelTable table;
    std::vector<int> lineOf;
    while (csv.next(cells)) {
        auto cell = [&](size_t k) -> std::string {
            return col[k] >= 0 && static_cast<size_t>(col[k]) < cells.size() ? trim(cells[static_cast<size_t>(col[k])])
                                                                             : std::string();
        };
        ProficiencyLevel lv;
        const std::string scale = cell(0);
        if (scale.empty()) csv.fail(ErrorKind::Parse, "the scale is empty");
        int64_t level = 0;
        if (!parseInt64(cell(1), level) || level < 0 || level > 20)
            csv.fail(ErrorKind::Parse, "level must be 0 to 20, not '" + cell(1) + "'");
        lv.level = static_cast<int>(level);
        if (!cell(2).empty()) {
            double v = 0;
            if (!parseDouble(cell(2), v)) csv.fail(ErrorKind::Parse, "min_score '" + cell(2) + "' is not a number");
            lv.minScore = v;
        }
        lv.nameNl = cell(3);
        lv.nameEn = cell(4);
        lv.descriptorNl = cell(5);
        lv.descriptorEn = cell(6);
        const std::string prov = toLowerAscii(cell(7));
        if (prov == "1" || prov == "yes" || prov == "true")
            lv.provisional = true;
        else if (prov == "0" || prov == "no" || prov == "false")
            lv.provisional = false;
        else
            csv.fail(ErrorKind::Parse, "provisional must be 1 or 0, not '" + cell(7) + "'");
        lv.source = cell(8);
        if (lv.nameNl.empty() || lv.nameEn.empty()) csv.fail(ErrorKind::Parse, "a level needs a name in nl and en");

        auto it =
            std::find_if(table.m_scales.begin(), table.m_scales.end(), [&](const auto& s) { return s.first == scale; });
        if (it == table.m_scales.end()) {
            table.m_scales.emplace_back(scale, std::vector<ProficiencyLevel>{});
            it = table.m_scales.end() - 1;
        }
        auto& levels = it->second;
        if (lv.level != static_cast<int>(levels.size()))
            csv.fail(ErrorKind::Invalid, "scale " + scale + ": expected level " + std::to_string(levels.size()) +
                                             ", found level " + std::to_string(lv.level) +
                                             " (levels are numbered 0, 1, 2, ... in order)");
        if (lv.level == 0 && lv.minScore)
            csv.fail(ErrorKind::Invalid,
                     "scale " + scale + ": level 0 has no min_score (it is everything below level 1)");
        if (lv.level > 0 && !lv.minScore)
            csv.fail(ErrorKind::Invalid,
                     "scale " + scale + ": level " + std::to_string(lv.level) + " needs a min_score");
        if (lv.level > 1 && *lv.minScore <= *levels.back().minScore)
            csv.fail(ErrorKind::Invalid, "scale " + scale + ": the cut-points must increase");
        levels.push_back(std::move(lv));
    }
    if (table.m_scales.empty()) throw Error(ErrorKind::Invalid, sourceName + " defines no levels");
    for (const auto& [name, levels] : table.m_scales)
        if (levels.size() < 2)
            throw Error(ErrorKind::Invalid, sourceName + ": scale " + name + " needs at least one cut-point");
    return table;
}

bool LevelTable::hasScale(const std::string& scale) const {
    return std::any_of(m_scales.begin(), m_scales.end(), [&](const auto& s) { return s.first == scale; });
}

std::vector<std::string> LevelTable::scales() const {
    std::vector<std::string> out;
    for (const auto& s : m_scales) out.push_back(s.first);
    return out;
}

const std::vector<ProficiencyLevel>& LevelTable::levels(const std::string& scale) const {
    for (const auto& s : m_scales)
        if (s.first == scale) return s.second;
    throw Error(ErrorKind::NotFound, "the level table has no scale '" + scale + "'");
}

const ProficiencyLevel& LevelTable::levelFor(const std::string& scale, double scaleScore) const {
    const auto& lv = levels(scale);
    size_t k = 0;
    while (k + 1 < lv.size() && scaleScore >= *lv[k + 1].minScore) ++k;
    return lv[k];
}

LevelPlacement LevelTable::place(const std::string& scale, double scaleScore, double scaleSe) const {
    const auto& lv = levels(scale);
    LevelPlacement p;
    p.level = levelFor(scale, scaleScore).level;
    p.lowest = levelFor(scale, scaleScore - kZ95 * scaleSe).level;
    p.highest = levelFor(scale, scaleScore + kZ95 * scaleSe).level;
    auto cdf = [&](double x) {
        if (!(scaleSe > 0)) return scaleScore < x ? 1.0 : 0.0;
        return 0.5 * std::erfc(-(x - scaleScore) / (scaleSe * std::sqrt(2.0)));
    };
    for (size_t k = 0; k < lv.size(); ++k) {
        const double lo = k == 0 ? 0.0 : cdf(*lv[k].minScore);
        const double hi = k + 1 == lv.size() ? 1.0 : cdf(*lv[k + 1].minScore);
        p.probabilities.push_back(std::max(0.0, hi - lo));
    }
    p.probability = p.probabilities[static_cast<size_t>(p.level)];
    return p;
}

}  // namespace dlk
