#include "export/score_files.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "export/disclosure.h"
#include "irt/person_estimates.h"
#include "irt/random.h"
#include "irt/response_matrix.h"
#include "irt/score_groups.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr int kPlausibleValues = 5;

}  // namespace

void ScaleRows::add(const std::string* pupil, std::string_view scale, const Total& total,
                    std::span<const ItemParams* const> items, std::span<const int> scores) {
    m_first.push_back(m_items.size());
    m_items.insert(m_items.end(), items.begin(), items.end());
    m_scores.insert(m_scores.end(), scores.begin(), scores.end());
    m_rows.push_back({pupil, scale, ScaleRow{total, {}, {}}});
}

void ScaleRows::reserve(size_t rows, size_t entries) {
    m_rows.reserve(rows);
    m_first.reserve(rows);
    m_items.reserve(entries);
    m_scores.reserve(entries);
}

void ScaleRows::done() {
    for (size_t r = 0; r < m_rows.size(); ++r) {
        const size_t end = r + 1 < m_rows.size() ? m_first[r + 1] : m_items.size();
        m_rows[r].row.items = std::span<const ItemParams* const>(m_items.data() + m_first[r], end - m_first[r]);
        m_rows[r].row.scores = std::span<const int>(m_scores.data() + m_first[r], end - m_first[r]);
    }
    std::vector<size_t>().swap(m_first);
}

namespace {

// An integer appended as text, without a string of its own.
void appendInteger(std::string& out, long long v) {
    char text[24];
    const auto end = std::to_chars(text, text + sizeof text, v).ptr;
    out.append(text, static_cast<size_t>(end - text));
}

}  // namespace

// A number to `decimals` places, without trailing zeros (0.5, 12, -1.2345), appended to `out`; nothing for NaN or
// infinity. std::to_chars rounds as printf's %.*f does (both exactly), without a locale or a string of its own:
// scores.csv has millions of such cells.
void appendRounded(std::string& out, double v, int decimals) {
    if (!std::isfinite(v)) return;
    // The common case without to_chars's exact decimal expansion: v scaled by 10^decimals, rounded to a whole number.
    // While the scaled value is small (its error at most half a unit in its last place, 2^-23 below 2^30) and
    // not within 10^-6 of a half, no halfway point lies between it and the exact product, so rounding either gives
    // the same digits as to_chars. Scores.csv has millions of such cells; a tie (or near one) takes the exact way.
    static constexpr double kScale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    if (decimals >= 0 && decimals < static_cast<int>(std::size(kScale))) {
        const double scaled = v * kScale[decimals];
        const double whole = std::nearbyint(scaled);
        const double off = std::abs(scaled - std::trunc(scaled));
        if (std::abs(scaled) < 1073741824.0 && std::abs(off - 0.5) > 1e-6) {
            const auto units = static_cast<long long>(whole);  // exact: below 2^30
            if (units == 0) {
                out += '0';  // "-0" is written 0
                return;
            }
            unsigned long long magnitude = static_cast<unsigned long long>(units < 0 ? -units : units);
            const auto tens = static_cast<unsigned long long>(kScale[decimals]);
            if (units < 0) out += '-';
            appendInteger(out, static_cast<long long>(magnitude / tens));
            unsigned long long fraction = magnitude % tens;
            if (fraction == 0) return;
            int digits = decimals;
            while (fraction % 10 == 0) {  // without trailing zeros
                fraction /= 10;
                --digits;
            }
            char text[8];
            for (int d = digits - 1; d >= 0; --d, fraction /= 10) text[d] = static_cast<char>('0' + fraction % 10);
            out += '.';
            out.append(text, static_cast<size_t>(digits));
            return;
        }
    }
    char text[400];  // the largest double in fixed notation, with its decimals
    const auto [end, ec] = std::to_chars(text, text + sizeof text, v, std::chars_format::fixed, decimals);
    if (ec != std::errc()) return;
    std::string_view s(text, static_cast<size_t>(end - text));
    if (s.find('.') != std::string_view::npos) {
        while (s.back() == '0') s.remove_suffix(1);
        if (s.back() == '.') s.remove_suffix(1);
    }
    if (s == "-0") s = "0";
    out += s;
}

std::string rounded(double v, int decimals) {
    std::string s;
    appendRounded(s, v, decimals);
    return s;
}

// scores.csv: per pupil and scale, the raw score and, with item parameters, the estimates as the teacher's screen
// makes them (irt/irt_pipeline.h scalePupil: Warm's WLE on the pupil's items with parameters, the reporting scale,
// the level placed by the level table) and five plausible values drawn under the calibration's population model
// (irt/person_estimates.h). A domain's estimate uses the domain's items with the same (one-dimensional)
// parameters; its level only when the level table has cut-points for that domain.
void writeScores(const std::function<void(std::string&)>& write, const std::vector<ScaleEntry>& rows,
                 const ExportOptions& options) {
    std::string text = "pupil,scale,raw_score,max_score,unscorable_items,not_yet_scored_items,scale_items,wle,wle_se";
    for (int m = 1; m <= kPlausibleValues; ++m) text += ",pv" + std::to_string(m);
    text += ",scale_score,scale_se,level\n";
    const CalibratedItems* calibration = options.calibration;
    // Plausible values per scale from one pass over its pupils (estimatePersons draws per score group):
    // kPlausibleValues per row, NaN (an empty cell) for a row without them.
    std::vector<double> pvs(rows.size() * kPlausibleValues, std::numeric_limits<double>::quiet_NaN());
    if (calibration && calibration->population && calibration->population->sd > 0) {
        std::map<std::string_view, std::vector<std::pair<size_t, const ScaleRow*>>> byScale;  // (row, its scores)
        for (size_t r = 0; r < rows.size(); ++r)
            if (!rows[r].row.items.empty()) byScale[rows[r].scale].push_back({r, &rows[r].row});
        for (const auto& [scale, pupils] : byScale) {
            std::vector<std::string> persons, itemIds;
            // The matrix's column of each of the calibration's items (one per id), by its place in the calibration:
            // an index instead of a hash lookup for each of the tens of millions of scores at a national size.
            constexpr size_t kNoColumn = SIZE_MAX;
            std::vector<size_t> columnAt(calibration->items.size(), kNoColumn);
            const auto columnOf = [&](const ItemParams* p) -> size_t& {
                const ItemParams* first = calibration->items.data();
                const std::less<const ItemParams*> before;
                if (before(p, first) || !before(p, first + calibration->items.size()))
                    throw std::logic_error("writeScores: a scale row's item is not one of the calibration's");
                return columnAt[static_cast<size_t>(p - first)];
            };
            std::vector<ItemParams> params;
            for (const auto& [r, row] : pupils) {
                persons.push_back(*rows[r].pupil);
                for (const ItemParams* p : row->items)
                    if (size_t& column = columnOf(p); column == kNoColumn) {
                        column = itemIds.size();
                        itemIds.push_back(p->id);
                        params.push_back(*p);
                    }
            }
            ResponseMatrix matrix(std::move(persons), std::move(itemIds));
            for (size_t i = 0; i < params.size(); ++i) matrix.declareMaxScore(i, params[i].maxScore);
            for (size_t p = 0; p < pupils.size(); ++p) {
                const ScaleRow& row = *pupils[p].second;
                for (size_t i = 0; i < row.items.size(); ++i) matrix.setScore(p, columnOf(row.items[i]), row.scores[i]);
            }
            PersonEstimateOptions estimateOptions;
            estimateOptions.wle = false;
            estimateOptions.eap = false;
            estimateOptions.plausibleValues = kPlausibleValues;
            estimateOptions.seed ^= stableHash(std::string(scale));  // a pupil's draws differ between scales
            const PersonEstimates e =
                estimatePersons(matrix, summariseDesign(matrix), params, *calibration->population, estimateOptions);
            for (size_t p = 0; p < pupils.size(); ++p)
                for (int m = 0; m < kPlausibleValues; ++m)
                    pvs[pupils[p].first * kPlausibleValues + static_cast<size_t>(m)] = e.plausibleValue(p, m);
        }
    }
    // What a row writes of its estimate: the WLE depends on the items and the raw score alone, its scale score and
    // level on the scale as well. Pupils given the same booklet with the same raw score share it, so it is estimated
    // and formatted once per distinct scale, items and raw score.
    struct EstimateCells {
        std::string wle;    // "wle,wle_se"
        std::string scale;  // "scale_score,scale_se,level"
    };
    std::unordered_map<std::string, EstimateCells> estimateOf;
    std::string estimateKey;
    std::vector<ItemParams> given;
    std::vector<int> givenScores;
    const EstimateCells noEstimate{",", ",,"};
    // `text` is written on in pieces of about a megabyte.
    for (size_t r = 0; r < rows.size(); ++r) {  // in pseudonym order already
        const ScaleRow& row = rows[r].row;
        const Total& t = row.total;
        text += *rows[r].pupil;
        text += ',';
        text += rows[r].scale;
        text += ',';
        appendDouble(text, t.raw);
        text += ',';
        appendDouble(text, t.max);
        text += ',';
        appendInteger(text, t.unscorable);
        text += ',';
        appendInteger(text, t.notYetScored);
        text += ',';
        appendInteger(text, static_cast<long long>(row.items.size()));
        text += ',';
        const EstimateCells* estimate = &noEstimate;
        if (!row.items.empty()) {
            const std::string_view scale = rows[r].scale;
            const size_t scaleBytes = scale.size();
            estimateKey.assign(reinterpret_cast<const char*>(&scaleBytes), sizeof scaleBytes);
            estimateKey.append(scale);
            estimateKey.append(reinterpret_cast<const char*>(row.items.data()),
                               row.items.size() * sizeof(const ItemParams*));
            int raw = 0;
            for (int score : row.scores) raw += score;
            estimateKey.append(reinterpret_cast<const char*>(&raw), sizeof raw);
            auto [known, added] = estimateOf.try_emplace(estimateKey);
            if (added) {
                given.clear();
                for (const ItemParams* p : row.items) given.push_back(*p);
                givenScores.assign(row.scores.begin(), row.scores.end());
                const ThetaEstimate theta = estimateWle(given, givenScores);
                EstimateCells& cells = known->second;
                appendRounded(cells.wle, theta.theta, 4);
                cells.wle += ',';
                appendRounded(cells.wle, theta.se, 4);
                if (calibration->scale && std::isfinite(theta.theta) && std::isfinite(theta.se)) {
                    const double score = calibration->scale->toScale(theta.theta);
                    cells.scale = rounded(score, 1) + ',' + rounded(calibration->scale->seToScale(theta.se), 1) + ',';
                    const std::string levelScale = scale == kTotalScale ? calibration->scaleName : std::string(scale);
                    if (options.levels && options.levels->hasScale(levelScale))
                        cells.scale += std::to_string(options.levels->levelFor(levelScale, score).level);
                } else {
                    cells.scale = ",,";
                }
            }
            estimate = &known->second;
        }
        text += estimate->wle;
        for (size_t m = 0; m < kPlausibleValues; ++m) {
            text += ',';
            appendRounded(text, pvs[r * kPlausibleValues + m], 4);  // nothing for NaN
        }
        text += ',';
        text += estimate->scale;
        text += '\n';
        if (text.size() >= (1 << 20)) {
            write(text);
            text.clear();
        }
    }
    write(text);
}

// summary.csv: per group (a class's pseudonym, or other_classes for the pooled small classes) and
// domain (all, or one), the pupils with a score there, their mean percentage of the maximum and
// the share of them at half the maximum or more. Cells of groups of 5 pupils or fewer are empty,
// with the group that would give them away (export/disclosure.h); whole_school is the total. `rows` are scores.csv's:
// the domains' raw scores are used, "all" adds them up.
int writeAggregates(std::ostream& out, const std::string& school, const std::vector<ScaleEntry>& rows,
                    const std::unordered_map<std::string, std::string>& groupOf) {
    struct Cell {
        int n = 0;
        double percentSum = 0;
        int halfOrMore = 0;
        void add(double percent) {
            ++n;
            percentSum += percent;
            halfOrMore += percent >= 50;
        }
    };
    // The cells by domain and group, each by its index (a few domains, thousands of groups, half a million rows): a
    // pupil's group is looked up once, a row's domain among the few met so far. A cell that was never added to (n = 0)
    // is not there. A pupil's "all" adds up the domains.
    std::vector<std::string> domains;                         // by index, as met
    std::vector<std::string_view> groups;                     // by index, as met
    std::unordered_map<std::string_view, size_t> groupIndex;  // into `groups`
    std::vector<std::vector<Cell>> byDomain;                  // [domain][group]
    const auto cellOf = [&](std::string_view domain, size_t group) -> Cell& {
        size_t d = 0;
        while (d < domains.size() && domains[d] != domain) ++d;
        if (d == domains.size()) {
            domains.emplace_back(domain);
            byDomain.emplace_back();
        }
        std::vector<Cell>& cells = byDomain[d];
        if (cells.size() <= group) cells.resize(groups.size());
        return cells[group];
    };
    // The rows come pupil by pupil (scores.csv's order): a pupil's group is looked up once, and their "all" counted
    // when their rows end (in pseudonym order, the order the sums have always been taken in).
    const std::string* pupil = nullptr;
    size_t pupilGroup = 0;
    Total all;
    const auto endPupil = [&] {
        if (pupil && all.max > 0) cellOf("all", pupilGroup).add(100 * all.raw / all.max);
    };
    for (const ScaleEntry& entry : rows) {
        const Total& t = entry.row.total;
        if (entry.scale == kTotalScale || t.max <= 0) continue;
        if (!pupil || (entry.pupil != pupil && *entry.pupil != *pupil)) {
            endPupil();
            pupil = entry.pupil;
            const std::string& group = groupOf.at(*pupil);
            auto [known, added] = groupIndex.try_emplace(group, groups.size());
            if (added) groups.push_back(group);
            pupilGroup = known->second;
            all = Total();
        }
        cellOf(entry.scale, pupilGroup).add(100 * t.raw / t.max);
        all.raw += t.raw;
        all.max += t.max;
    }
    endPupil();
    // domain -> group -> cell, in name order, as the lines are made.
    std::map<std::string_view, std::map<std::string_view, const Cell*>> cells;
    for (size_t d = 0; d < domains.size(); ++d)
        for (size_t g = 0; g < byDomain[d].size(); ++g)
            if (byDomain[d][g].n > 0) cells[domains[d]][groups[g]] = &byDomain[d][g];

    int suppressedCells = 0;
    // In key order (group, domain), as every file of the export and as dlkiosk merge writes them.
    std::map<std::pair<std::string, std::string>, std::string> lines;
    auto row = [&](std::string_view group, std::string_view domain, const Cell& c, Suppression s) {
        std::ostringstream line;
        line << school << ',' << group << ',' << domain << ',';
        if (s == Suppression::None)
            line << c.n << ',' << formatDouble(std::round(clampShare(c.percentSum / c.n) * 10) / 10) << ','
                 << formatDouble(std::round(clampShare(100.0 * c.halfOrMore / c.n) * 10) / 10) << ",\n";
        else {
            line << ",,," << suppressionName(s) << '\n';
            ++suppressedCells;
        }
        lines[{std::string(group), std::string(domain)}] = line.str();
    };
    for (const auto& [domain, groupCells] : cells) {
        Cell total;
        std::vector<int> sizes;
        for (const auto& [group, c] : groupCells) {
            total.n += c->n;
            total.percentSum += c->percentSum;
            total.halfOrMore += c->halfOrMore;
            sizes.push_back(c->n);
        }
        row("whole_school", domain, total, suppressionOfTotal(total.n));
        const std::vector<Suppression> suppressed = suppressGroups(sizes);
        size_t i = 0;
        for (const auto& [group, c] : groupCells) row(group, domain, *c, suppressed[i++]);
    }
    for (const auto& [key, line] : lines) out << line;
    return suppressedCells;
}

}  // namespace dlk
