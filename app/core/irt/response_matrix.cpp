#include "irt/response_matrix.h"

#include <algorithm>
#include <unordered_map>

#include "irt/csv_reader.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

ResponseMatrix::ResponseMatrix(std::vector<std::string> personIds, std::vector<std::string> itemIds)
    : m_personIds(std::move(personIds)), m_itemIds(std::move(itemIds)) {
    std::unordered_map<std::string_view, size_t> seen;
    for (size_t i = 0; i < m_itemIds.size(); ++i) {
        if (m_itemIds[i].empty()) throw Error(ErrorKind::Invalid, "an item id is empty");
        if (!seen.emplace(m_itemIds[i], i).second)
            throw Error(ErrorKind::Invalid, "item " + m_itemIds[i] + " appears twice");
    }
    seen.clear();
    for (const auto& p : m_personIds) {
        if (p.empty()) throw Error(ErrorKind::Invalid, "a person id is empty");
        if (!seen.emplace(p, 0).second) throw Error(ErrorKind::Invalid, "person " + p + " appears twice");
    }
    m_observedMax.assign(m_itemIds.size(), 0);
    m_declaredMax.assign(m_itemIds.size(), -1);
    m_cells.assign(m_personIds.size() * m_itemIds.size(), static_cast<int8_t>(kNotAdministered));
}

std::optional<size_t> ResponseMatrix::findItem(std::string_view id) const {
    for (size_t i = 0; i < m_itemIds.size(); ++i)
        if (m_itemIds[i] == id) return i;
    return std::nullopt;
}

void ResponseMatrix::setScore(size_t p, size_t i, int score) {
    if (score != kNotAdministered) {
        if (score < 0)
            throw Error(ErrorKind::Invalid,
                        "item " + m_itemIds[i] + ": score " + std::to_string(score) + " is negative");
        if (m_declaredMax[i] >= 0 && score > m_declaredMax[i])
            throw Error(ErrorKind::Invalid, "item " + m_itemIds[i] + ": score " + std::to_string(score) +
                                                " is above the item's maximum " + std::to_string(m_declaredMax[i]));
        if (score > kScoreLimit)
            throw Error(ErrorKind::Invalid, "item " + m_itemIds[i] + ": score " + std::to_string(score) + " is above " +
                                                std::to_string(kScoreLimit) + ", the largest score dlkiosk scales");
        m_observedMax[i] = std::max(m_observedMax[i], score);
    }
    m_cells[p * m_itemIds.size() + i] = static_cast<int8_t>(score);
}

int ResponseMatrix::maxScore(size_t i) const {
    return m_declaredMax[i] >= 0 ? m_declaredMax[i] : m_observedMax[i];
}

void ResponseMatrix::declareMaxScore(size_t i, int maxScore) {
    if (maxScore < 1 || maxScore > kScoreLimit)
        throw Error(ErrorKind::Invalid, "item " + m_itemIds[i] + ": maximum score " + std::to_string(maxScore) +
                                            " is outside 1.." + std::to_string(kScoreLimit));
    if (m_observedMax[i] > maxScore)
        throw Error(ErrorKind::Invalid, "item " + m_itemIds[i] + ": a score of " + std::to_string(m_observedMax[i]) +
                                            " is above the item's maximum " + std::to_string(maxScore));
    m_declaredMax[i] = maxScore;
}

ResponseMatrix ResponseMatrix::selectItems(const std::vector<size_t>& items) const {
    std::vector<std::string> ids;
    for (size_t i : items) ids.push_back(m_itemIds.at(i));
    ResponseMatrix out(m_personIds, std::move(ids));
    for (size_t k = 0; k < items.size(); ++k) {
        out.m_observedMax[k] = m_observedMax[items[k]];
        out.m_declaredMax[k] = m_declaredMax[items[k]];
    }
    for (size_t p = 0; p < m_personIds.size(); ++p)
        for (size_t k = 0; k < items.size(); ++k)
            out.m_cells[p * items.size() + k] = m_cells[p * m_itemIds.size() + items[k]];
    return out;
}

namespace {

// Whole scores only: "1.5", "1e0" or "one" are mistakes in a scoring export, not scores to round.
bool parseScore(const std::string& s, int& out) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    if (b == e) return false;
    bool negative = false;
    if (s[b] == '-' || s[b] == '+') {
        negative = s[b] == '-';
        if (++b == e) return false;
    }
    int v = 0;
    for (size_t k = b; k < e; ++k) {
        if (s[k] < '0' || s[k] > '9') return false;
        if (v > 100000) return false;
        v = v * 10 + (s[k] - '0');
    }
    out = negative ? -v : v;
    return true;
}

bool isBlank(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos;
}

}  // namespace

ResponseMatrix parseResponsesCsv(std::string text, const std::string& sourceName, const ResponseReadOptions& options) {
    CsvReader csv(std::move(text), sourceName);
    std::vector<std::string> cells;
    if (!csv.next(cells))
        throw Error(ErrorKind::Parse, sourceName + " is empty: it needs a header person_id,<item id>,...");
    if (trim(cells[0]) != "person_id")
        csv.fail(ErrorKind::Parse, "the first column must be person_id, not '" + cells[0] + "'");
    if (cells.size() < 2) csv.fail(ErrorKind::Parse, "the header names no items");
    std::vector<std::string> itemIds;
    std::unordered_map<std::string, size_t> column;
    for (size_t c = 1; c < cells.size(); ++c) {
        std::string id = trim(cells[c]);
        if (id.empty()) csv.fail(ErrorKind::Parse, "column " + std::to_string(c + 1) + " has no item id");
        if (auto [it, fresh] = column.emplace(id, c); !fresh)
            csv.fail(ErrorKind::Parse, "item " + id + " appears twice (columns " + std::to_string(it->second + 1) +
                                           " and " + std::to_string(c + 1) + ")");
        itemIds.push_back(std::move(id));
    }
    const size_t items = itemIds.size();
    std::vector<int> declared(items, -1);
    for (size_t i = 0; i < items; ++i)
        if (auto it = options.declaredMaxScores.find(itemIds[i]); it != options.declaredMaxScores.end())
            declared[i] = it->second;
    const std::string omitted = toLowerAscii(options.omittedCode);
    const int8_t omittedValue =
        static_cast<int8_t>(options.omitted == OmittedScoring::Zero ? 0 : ResponseMatrix::kNotAdministered);

    // Scores are collected first and the matrix built once the number of persons is known.
    std::vector<std::string> personIds;
    std::vector<int8_t> scores;
    std::unordered_map<std::string, int> lineOfPerson;
    std::vector<int> observedMax(items, 0);
    while (csv.next(cells)) {
        if (cells.size() != items + 1)
            csv.fail(ErrorKind::Parse,
                     std::to_string(cells.size()) + " cells, but the header has " + std::to_string(items + 1));
        std::string id = trim(cells[0]);
        if (id.empty()) csv.fail(ErrorKind::Parse, "person_id is empty");
        if (auto [it, fresh] = lineOfPerson.emplace(id, csv.line()); !fresh)
            csv.fail(ErrorKind::Invalid, "person " + id + " already appears on line " + std::to_string(it->second));
        for (size_t i = 0; i < items; ++i) {
            const std::string& cell = cells[i + 1];
            int v = ResponseMatrix::kNotAdministered;
            if (cell.empty() || isBlank(cell)) {
                scores.push_back(static_cast<int8_t>(v));
                continue;
            }
            if (!parseScore(cell, v)) {
                if (!omitted.empty() && toLowerAscii(trim(cell)) == omitted) {
                    scores.push_back(omittedValue);
                    continue;
                }
                csv.fail(ErrorKind::Parse,
                         "item " + itemIds[i] + ": '" + cell + "' is not a whole score (0, 1, 2, ...)" +
                             (omitted.empty() ? "" : ", '" + options.omittedCode + "'") + " or empty");
            }
            if (v < 0)
                csv.fail(ErrorKind::Invalid, "item " + itemIds[i] + ": score " + std::to_string(v) + " is negative");
            if (declared[i] >= 0 && v > declared[i])
                csv.fail(ErrorKind::Invalid, "item " + itemIds[i] + ": score " + std::to_string(v) +
                                                 " is above the item's maximum " + std::to_string(declared[i]));
            if (v > ResponseMatrix::kScoreLimit)
                csv.fail(ErrorKind::Invalid, "item " + itemIds[i] + ": score " + std::to_string(v) + " is above " +
                                                 std::to_string(ResponseMatrix::kScoreLimit) +
                                                 ", the largest score dlkiosk scales");
            observedMax[i] = std::max(observedMax[i], v);
            scores.push_back(static_cast<int8_t>(v));
        }
        personIds.push_back(std::move(id));
    }
    ResponseMatrix m(std::move(personIds), std::move(itemIds));
    for (size_t i = 0; i < items; ++i)
        if (declared[i] >= 0) m.declareMaxScore(i, declared[i]);
    // Every cell was checked above; setting them one by one would check them again.
    m.m_cells = std::move(scores);
    m.m_observedMax = std::move(observedMax);
    return m;
}

ResponseMatrix readResponsesCsv(const std::string& path, const ResponseReadOptions& options) {
    return parseResponsesCsv(readCsvText(path), path, options);
}

}  // namespace dlk
