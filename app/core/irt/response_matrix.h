#pragma once
// Item scores of persons in a (possibly incomplete) booklet design: RESPONSES.csv in memory.
// An item a person was not given is missing, not wrong; an item the person saw but left empty
// scores 0 unless the reader is told to treat it as not administered.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

struct ResponseReadOptions;

class ResponseMatrix {
public:
    static constexpr int kNotAdministered = -1;
    // Beyond any rubric we use; also keeps every score in one byte.
    static constexpr int kScoreLimit = 50;

    ResponseMatrix() = default;
    // Every cell starts as not administered. Throws Error(Invalid) for an empty or duplicate id.
    ResponseMatrix(std::vector<std::string> personIds, std::vector<std::string> itemIds);

    size_t personCount() const { return m_personIds.size(); }
    size_t itemCount() const { return m_itemIds.size(); }
    const std::string& personId(size_t p) const { return m_personIds[p]; }
    const std::string& itemId(size_t i) const { return m_itemIds[i]; }
    const std::vector<std::string>& personIds() const { return m_personIds; }
    const std::vector<std::string>& itemIds() const { return m_itemIds; }
    std::optional<size_t> findItem(std::string_view id) const;

    int score(size_t p, size_t i) const { return m_cells[p * m_itemIds.size() + i]; }
    const int8_t* row(size_t p) const { return m_cells.data() + p * m_itemIds.size(); }
    // score is 0..maxScore(i) or kNotAdministered. Throws Error(Invalid) for a negative score, a
    // score above the declared maximum or above kScoreLimit.
    void setScore(size_t p, size_t i, int score);

    // The declared maximum, else the highest score observed (0 when nobody answered).
    int maxScore(size_t i) const;
    bool hasDeclaredMax(size_t i) const { return m_declaredMax[i] >= 0; }
    // Throws Error(Invalid) when a score already set is above it.
    void declareMaxScore(size_t i, int maxScore);

    // A copy with only the given items (by index, in that order): one domain's scale.
    ResponseMatrix selectItems(const std::vector<size_t>& items) const;

private:
    friend ResponseMatrix parseResponsesCsv(std::string, const std::string&, const ResponseReadOptions&);
    std::vector<std::string> m_personIds;
    std::vector<std::string> m_itemIds;
    std::vector<int> m_observedMax;
    std::vector<int> m_declaredMax;  // -1 = not declared
    std::vector<int8_t> m_cells;     // person-major
};

enum class OmittedScoring {
    Zero,             // seen but not answered counts as a wrong answer (the ICILS convention)
    NotAdministered,  // treated as if the item had not been given
};

struct ResponseReadOptions {
    // The cell text that marks an item the pupil saw but did not answer (case-insensitive).
    std::string omittedCode = "omitted";
    OmittedScoring omitted = OmittedScoring::Zero;
    // Maximum scores known from elsewhere (ITEMS.csv, anchors), by item id; a higher score in
    // the file is an error. Items not named here take the highest score observed.
    std::map<std::string, int> declaredMaxScores;
};

// RESPONSES.csv: header `person_id,<item id>,...`; each cell a whole score 0..max or empty when
// the item was not administered. Throws Error(Parse) or Error(Invalid) naming the line (and item)
// of the first bad cell, a duplicate person or item id, or a row of the wrong length.
ResponseMatrix parseResponsesCsv(std::string text, const std::string& sourceName,
                                 const ResponseReadOptions& options = {});
ResponseMatrix readResponsesCsv(const std::string& path, const ResponseReadOptions& options = {});

}  // namespace dlk
