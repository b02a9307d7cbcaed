#include "scoring/human_scores.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <mutex>
#include <set>

#include "delivery/response_store.h"
#include "qti/response_processing.h"
#include "support/logger.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

std::string where(const Item& item, int line) {
    return item.sourcePath + ":" + std::to_string(line > 0 ? line : item.line) + ": ";
}

// Whole points from a declared bound; a fractional bound cannot be a row of score buttons.
int wholePoints(const Item& item, const OutcomeDeclaration& o, double v, const char* what) {
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > kMaxRubricPoints)
        throw Error(ErrorKind::Invalid, where(item, o.line) + "outcome '" + o.identifier + "' scored by a person has " +
                                            what + " " + formatDouble(v) + ": it must be a whole number from 0 to " +
                                            std::to_string(kMaxRubricPoints));
    return static_cast<int>(v);
}

void collectRubric(const BodyNode& node, Rubric& rubric, bool inRubric) {
    if (node.isText) return;
    const bool rubricBlock = node.name == "rubricBlock";
    if (rubricBlock) {
        // Only what is meant for the scorer; a rubric for the candidate is part of the task.
        const std::string view = node.attributeOr("view", "");
        if (view.find("scorer") == std::string::npos) return;
        inRubric = true;
    }
    if (inRubric && node.name == "li") {
        rubric.lines.push_back(
            {node.attributeOr("data-criterion", ""), node.attributeOr("data-max-score", ""), node.plainText()});
        return;
    }
    if (inRubric && (node.name == "p" || node.name == "div") &&
        std::none_of(node.children.begin(), node.children.end(),
                     [](const BodyNode& c) { return c.name == "ol" || c.name == "ul" || c.name == "p"; })) {
        const std::string text = node.plainText();
        if (!text.empty()) rubric.introduction += (rubric.introduction.empty() ? "" : "\n") + text;
        return;
    }
    for (const BodyNode& c : node.children) collectRubric(c, rubric, inRubric);
}

uint64_t keyedOrder(const std::string& key, const AnswerKey& answer) {
    const std::string msg = std::to_string(answer.attemptId) + '\n' + answer.itemId;
    unsigned char out[8];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       reinterpret_cast<const unsigned char*>(key.data()), key.size());
    uint64_t v = 0;
    for (unsigned char b : out) v = v << 8 | b;
    return v;
}

struct Rounds {
    std::optional<int> r[4];  // index 1..3
    int64_t teacher[4] = {};  // the teacher's id; 0 for a typed scorer from before schema 10
    // A round given by `teacherId`; a typed scorer is nobody's.
    bool by(int round, int64_t teacherId) const {
        return r[round] && teacher[round] != 0 && teacher[round] == teacherId;
    }
};

// Every stored score of the class (0: the school): answer -> criterion -> rounds. The school's come in the table's
// key order, without a join per row (a school has hundreds of thousands): each is added at the end of its map.
std::map<AnswerKey, std::map<std::string, Rounds>> loadRounds(Database& db, int64_t classId) {
    std::map<AnswerKey, std::map<std::string, Rounds>> out;
    auto st = db.prepare(classId == 0
                             ? "SELECT attempt_id, item_id, outcome_id, round, score, teacher_id FROM human_scores "
                               "ORDER BY attempt_id, item_id, outcome_id, round"
                             : "SELECT h.attempt_id, h.item_id, h.outcome_id, h.round, h.score, h.teacher_id FROM "
                               "human_scores h JOIN attempts a ON a.id=h.attempt_id JOIN pupils p ON p.id=a.pupil_id "
                               "WHERE p.class_id=?1 ORDER BY h.attempt_id, h.item_id, h.outcome_id, h.round");
    if (classId != 0) st.bind(1, classId);
    auto answer = out.end();
    while (st.step()) {
        const int round = static_cast<int>(st.getInt(3));
        if (round < 1 || round > 3) continue;  // the table's CHECK keeps these out
        const int64_t attemptId = st.getInt(0);
        if (answer == out.end() || answer->first.attemptId != attemptId || answer->first.itemId != st.textView(1))
            answer = out.emplace_hint(out.end(), AnswerKey{attemptId, st.getText(1)}, std::map<std::string, Rounds>());
        auto& criteria = answer->second;
        const std::string_view outcome = st.textView(2);
        auto criterion = criteria.empty() || criteria.rbegin()->first != outcome
                             ? criteria.emplace_hint(criteria.end(), std::string(outcome), Rounds())
                             : std::prev(criteria.end());
        Rounds& r = criterion->second;
        r.r[round] = static_cast<int>(std::lround(st.getDouble(4)));
        r.teacher[round] = st.isNull(5) ? 0 : st.getInt(5);
    }
    return out;
}

}  // namespace

Rubric rubricOf(const Item& item) {
    Rubric rubric;
    collectRubric(item.body, rubric, false);
    for (const OutcomeDeclaration* o : item.humanScoredOutcomes()) {
        RubricCriterion c;
        c.outcome = o->identifier;
        const RubricLine* line = nullptr;
        for (const RubricLine& l : rubric.lines)
            if (l.criterion == o->identifier) line = &l;
        if (line) c.description = line->text;
        c.minScore = o->normalMinimum ? wholePoints(item, *o, *o->normalMinimum, "normal-minimum") : 0;
        if (o->normalMaximum) {
            c.maxScore = wholePoints(item, *o, *o->normalMaximum, "normal-maximum");
        } else if (int64_t v = 0; line && parseInt64(line->maxScore, v)) {
            c.maxScore = wholePoints(item, *o, static_cast<double>(v), "data-max-score");
        } else if (o->identifier == "SCORE") {
            c.maxScore = wholePoints(item, *o, item.maxScore(), "MAXSCORE");
        } else {
            throw Error(ErrorKind::Invalid, where(item, o->line) + "outcome '" + o->identifier +
                                                "' scored by a person has no maximum (normal-maximum)");
        }
        if (c.maxScore <= c.minScore)
            throw Error(ErrorKind::Invalid, where(item, o->line) + "outcome '" + o->identifier + "' has the range " +
                                                std::to_string(c.minScore) + ".." + std::to_string(c.maxScore) +
                                                ": a person needs at least two scores to choose from");
        rubric.criteria.push_back(std::move(c));
    }
    return rubric;
}

std::optional<double> cohensKappa(const std::vector<std::pair<int, int>>& pairs) {
    if (pairs.empty()) return std::nullopt;
    std::map<int, double> first, second;
    double agree = 0;
    for (const auto& [a, b] : pairs) {
        first[a] += 1;
        second[b] += 1;
        agree += a == b ? 1 : 0;
    }
    const double n = static_cast<double>(pairs.size());
    const double po = agree / n;
    double pe = 0;
    for (const auto& [score, count] : first)
        if (auto it = second.find(score); it != second.end()) pe += (count / n) * (it->second / n);
    if (pe >= 1.0 - 1e-12) return std::nullopt;
    return (po - pe) / (1.0 - pe);
}

std::optional<int> finalScore(std::optional<int> first, std::optional<int> second, std::optional<int> third) {
    if (third) return third;
    if (!first) return std::nullopt;
    if (!second || *second == *first) return first;
    return std::nullopt;  // two scorers disagree and nobody has decided yet
}

HumanScores::HumanScores(Database& db, const ItemBank& bank) : m_db(db), m_bank(bank) {}

std::string HumanScores::orderKey() {
    {
        auto st = m_db.prepare("SELECT value FROM meta WHERE key='human_scoring_key'");
        if (st.step()) return st.getText(0);
    }
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const std::string key = hexEncode(raw, sizeof raw);
    auto st = m_db.prepare("INSERT INTO meta(key, value) VALUES ('human_scoring_key', ?)");
    st.bind(1, key);
    st.step();
    return key;
}

const Item* HumanScores::findItem(const std::string& moduleId, const std::string& language,
                                  const std::string& itemId) const {
    const Module* module = m_bank.findModule(moduleId);
    if (!module || module->practice) return nullptr;
    for (const auto& item : module->variant(language).items)
        if (item->identifier == itemId) return item.get();
    return nullptr;
}

std::vector<HumanAnswer> HumanScores::answers(int64_t classId) {
    const std::string key = orderKey();
    struct AttemptRow {
        int64_t id, classId;
        std::string moduleId, language;
    };
    std::vector<AttemptRow> attempts;
    {
        auto st = m_db.prepare(
            "SELECT a.id, p.class_id, a.module_id, a.language FROM attempts a JOIN pupils p ON p.id=a.pupil_id");
        while (st.step()) attempts.push_back({st.getInt(0), st.getInt(1), st.getText(2), st.getText(3)});
    }
    ResponseStore store(m_db);
    std::vector<std::pair<uint64_t, HumanAnswer>> all;
    static std::mutex warnedMutex;
    static std::set<std::string> warned;  // once per item and run: the teacher screen asks often
    for (const AttemptRow& a : attempts) {
        const Module* module = m_bank.findModule(a.moduleId);
        if (!module || module->practice) continue;
        const ModuleVariant& variant = module->variant(a.language);
        std::optional<StoredResponses> stored;
        for (const auto& itemPtr : variant.items) {
            const Item& item = *itemPtr;
            if (item.humanScoredOutcomes().empty()) continue;
            try {
                (void)rubricOf(item);
            } catch (const Error& e) {
                const std::lock_guard lock(warnedMutex);
                if (warned.insert(item.sourcePath).second)
                    logWarning(std::string("item cannot be scored by a person: ") + e.what());
                continue;
            }
            if (!stored) stored = store.load(a.id);
            const auto it = stored->find(item.identifier);
            if (it == stored->end()) continue;
            HumanAnswer h;
            h.key = {a.id, item.identifier};
            h.classId = a.classId;
            h.moduleId = a.moduleId;
            h.language = variant.language;
            h.item = &item;
            h.responses = decodeResponses(item, it->second);
            // Not answered (or the part the rubric judges left empty) scores by the item's own
            // rules: nothing for a person to judge.
            if (!hasWorkForPerson(item, h.responses)) continue;
            all.emplace_back(keyedOrder(key, h.key), std::move(h));
        }
    }
    std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first < y.first : x.second.key < y.second.key;
    });
    // The second share per item over the whole school, so a class's view changes no choice.
    const int percent = secondSharePercent();
    std::map<std::string, int> perItem, taken;
    for (const auto& [order, h] : all) ++perItem[h.moduleId + '\n' + h.key.itemId];
    std::vector<HumanAnswer> out;
    for (auto& [order, h] : all) {
        const std::string id = h.moduleId + '\n' + h.key.itemId;
        const int quota = (percent * perItem[id] + 99) / 100;
        h.inSecondShare = taken[id] < quota;
        taken[id] += 1;
        if (classId == 0 || h.classId == classId) out.push_back(std::move(h));
    }
    return out;
}

std::vector<HumanAnswer> HumanScores::queue(int64_t classId, int round) {
    if (round < 1 || round > 3) throw Error(ErrorKind::Invalid, "there is no scoring round " + std::to_string(round));
    return queue(classId, round, answers(classId));
}

std::vector<HumanAnswer> HumanScores::queue(int64_t classId, int round, std::vector<HumanAnswer> answers) {
    if (round < 1 || round > 3) throw Error(ErrorKind::Invalid, "there is no scoring round " + std::to_string(round));
    const auto rounds = loadRounds(m_db, classId);
    std::vector<HumanAnswer> out;
    for (HumanAnswer& h : answers) {
        const auto found = rounds.find(h.key);
        const auto get = [&](const std::string& outcome) -> const Rounds* {
            if (found == rounds.end()) return nullptr;
            const auto it = found->second.find(outcome);
            return it == found->second.end() ? nullptr : &it->second;
        };
        bool wanted = false;
        if (round == 1) {
            for (const OutcomeDeclaration* o : h.item->humanScoredOutcomes()) {
                const Rounds* r = get(o->identifier);
                wanted = wanted || !r || !r->r[1];
            }
        } else if (round == 2) {
            bool firstDone = true, secondMissing = false;
            for (const OutcomeDeclaration* o : h.item->humanScoredOutcomes()) {
                const Rounds* r = get(o->identifier);
                firstDone = firstDone && r && r->r[1];
                secondMissing = secondMissing || !r || !r->r[2];
            }
            wanted = h.inSecondShare && firstDone && secondMissing;
        } else {
            for (const OutcomeDeclaration* o : h.item->humanScoredOutcomes()) {
                const Rounds* r = get(o->identifier);
                wanted = wanted || (r && r->r[1] && r->r[2] && *r->r[1] != *r->r[2] && !r->r[3]);
            }
        }
        if (wanted) out.push_back(std::move(h));
    }
    return out;
}

int HumanScores::secondSharePercent() {
    auto st = m_db.prepare("SELECT value FROM meta WHERE key='second_scoring_percent'");
    if (!st.step()) return kDefaultSecondSharePercent;
    int64_t v = 0;
    // A damaged setting falls back to the default rather than scoring nothing twice.
    if (!parseInt64(st.getText(0), v) || v < 0 || v > 100) return kDefaultSecondSharePercent;
    return static_cast<int>(v);
}

void HumanScores::setSecondSharePercent(int percent) {
    if (percent < 0 || percent > 100)
        throw Error(ErrorKind::Invalid,
                    "the share scored twice is a percentage from 0 to 100, not " + std::to_string(percent));
    auto st = m_db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('second_scoring_percent', ?)");
    st.bind(1, std::to_string(percent));
    st.step();
}

void HumanScores::record(const AnswerKey& key, int round, const std::map<std::string, double>& scores,
                         int64_t teacherId, int64_t nowMs) {
    if (round < 1 || round > 3) throw Error(ErrorKind::Invalid, "there is no scoring round " + std::to_string(round));
    std::string who;  // the teacher's name as it is now, kept with the score
    {
        auto st = m_db.prepare("SELECT name FROM teachers WHERE id=?");
        st.bind(1, teacherId);
        if (!st.step())
            throw Error(ErrorKind::Invalid, "a score is given by a teacher of the school; there is no teacher " +
                                                std::to_string(teacherId));
        who = st.getText(0);
    }
    std::string moduleId, language;
    {
        auto st = m_db.prepare("SELECT module_id, language FROM attempts WHERE id=?");
        st.bind(1, key.attemptId);
        if (!st.step()) throw Error(ErrorKind::Invalid, "there is no answer " + std::to_string(key.attemptId));
        moduleId = st.getText(0);
        language = st.getText(1);
    }
    const Module* module = m_bank.findModule(moduleId);
    const Item* item = module ? findItem(moduleId, module->variant(language).language, key.itemId) : nullptr;
    if (!item) throw Error(ErrorKind::Invalid, "item " + key.itemId + " is not in module " + moduleId);
    const Rubric rubric = rubricOf(*item);
    if (scores.empty()) throw Error(ErrorKind::Invalid, "no score was given");

    Transaction tx(m_db);
    const auto rounds = loadRounds(m_db, 0);
    const auto found = rounds.find(key);
    for (const auto& [outcome, score] : scores) {
        const RubricCriterion* c = nullptr;
        for (const RubricCriterion& rc : rubric.criteria)
            if (rc.outcome == outcome) c = &rc;
        if (!c)
            throw Error(ErrorKind::Invalid,
                        "item " + key.itemId + " has no criterion '" + outcome + "' that a person scores");
        if (!std::isfinite(score) || score != std::floor(score) || score < c->minScore || score > c->maxScore)
            throw Error(ErrorKind::Invalid, "item " + key.itemId + ", criterion " + outcome + ": " +
                                                formatDouble(score) + " is not a score from " +
                                                std::to_string(c->minScore) + " to " + std::to_string(c->maxScore));
        Rounds r;
        if (found != rounds.end())
            if (auto it = found->second.find(outcome); it != found->second.end()) r = it->second;
        if (round == 2) {
            if (!r.r[1])
                throw Error(ErrorKind::Invalid,
                            "criterion " + outcome + " has no first score yet: the second scoring comes after it");
            if (r.by(1, teacherId))
                throw Error(ErrorKind::Invalid,
                            "the second scoring must be done by someone else than the first scorer of this answer");
        }
        if (round == 1 && r.by(2, teacherId))
            throw Error(ErrorKind::Invalid,
                        "the first scoring must be done by someone else than the second scorer of this answer");
        if (round == 3 && !(r.r[1] && r.r[2] && *r.r[1] != *r.r[2]))
            throw Error(ErrorKind::Invalid,
                        "criterion " + outcome + " needs no third look: its two scores do not disagree");
    }
    if (round == 2) {
        bool share = false;
        for (const HumanAnswer& h : answers(0))
            if (h.key == key) share = h.inSecondShare;
        if (!share) throw Error(ErrorKind::Invalid, "this answer is not among the answers chosen for a second scoring");
    }
    auto st = m_db.prepare(
        "INSERT OR REPLACE INTO human_scores(attempt_id, item_id, outcome_id, round, score, scorer, scored_at, "
        "teacher_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& [outcome, score] : scores) {
        st.reset();
        st.bind(1, key.attemptId).bind(2, key.itemId).bind(3, outcome).bind(4, round).bind(5, score).bind(6, who);
        st.bind(7, isoTimestamp(nowMs)).bind(8, teacherId);
        st.step();
    }
    tx.commit();
}

std::map<std::string, int> HumanScores::scores(const AnswerKey& key, int round) {
    std::map<std::string, int> out;
    auto st = m_db.prepare("SELECT outcome_id, score FROM human_scores WHERE attempt_id=? AND item_id=? AND round=?");
    st.bind(1, key.attemptId).bind(2, key.itemId).bind(3, round);
    while (st.step()) out[st.getText(0)] = static_cast<int>(std::lround(st.getDouble(1)));
    return out;
}

std::string HumanScores::scorer(const AnswerKey& key, int round) {
    auto st = m_db.prepare(
        "SELECT scorer FROM human_scores WHERE attempt_id=? AND item_id=? AND round=? ORDER BY outcome_id LIMIT 1");
    st.bind(1, key.attemptId).bind(2, key.itemId).bind(3, round);
    return st.step() ? st.getText(0) : std::string();
}

int64_t HumanScores::scorerTeacher(const AnswerKey& key, int round) {
    auto st = m_db.prepare(
        "SELECT teacher_id FROM human_scores WHERE attempt_id=? AND item_id=? AND round=? ORDER BY outcome_id LIMIT 1");
    st.bind(1, key.attemptId).bind(2, key.itemId).bind(3, round);
    return st.step() && !st.isNull(0) ? st.getInt(0) : 0;
}

std::map<std::string, int> HumanScores::finalScores(const AnswerKey& key) {
    std::map<std::string, int> out;
    std::map<std::string, Rounds> rounds;
    auto st = m_db.prepare(
        "SELECT outcome_id, round, score FROM human_scores WHERE attempt_id=? AND item_id=? AND round BETWEEN 1 AND 3");
    st.bind(1, key.attemptId).bind(2, key.itemId);
    while (st.step()) rounds[st.getText(0)].r[st.getInt(1)] = static_cast<int>(std::lround(st.getDouble(2)));
    for (const auto& [outcome, r] : rounds)
        if (auto f = finalScore(r.r[1], r.r[2], r.r[3])) out[outcome] = *f;
    return out;
}

std::vector<CriterionAgreement> HumanScores::agreement(int64_t classId) {
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<int, int>>> pairs;
    for (const auto& [key, criteria] : loadRounds(m_db, classId))
        for (const auto& [outcome, r] : criteria)
            if (r.r[1] && r.r[2]) pairs[{key.itemId, outcome}].emplace_back(*r.r[1], *r.r[2]);
    // By item and criterion identifier: the same rows in the same order on every screen.
    std::vector<CriterionAgreement> out;
    for (const auto& [id, p] : pairs) {
        CriterionAgreement a;
        a.itemId = id.first;
        a.outcome = id.second;
        a.doubleScored = static_cast<int>(p.size());
        for (const auto& [x, y] : p) a.exact += x == y ? 1 : 0;
        a.kappa = cohensKappa(p);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<Disagreement> HumanScores::disagreements(int64_t classId) {
    std::vector<Disagreement> out;
    for (const auto& [key, criteria] : loadRounds(m_db, classId))
        for (const auto& [outcome, r] : criteria)
            if (r.r[1] && r.r[2] && *r.r[1] != *r.r[2]) out.push_back({key, outcome, *r.r[1], *r.r[2], r.r[3]});
    return out;
}

FinalHumanOutcomes::FinalHumanOutcomes(Database& db)
    : m_rows(db.prepare("SELECT attempt_id, item_id, outcome_id, round, score FROM human_scores WHERE attempt_id>=? "
                        "ORDER BY attempt_id, item_id, outcome_id, round")),
      m_walk(m_rows) {}

std::span<const FinalHumanOutcomes::OfItem> FinalHumanOutcomes::of(int64_t attemptId, const ModuleVariant& variant) {
    size_t count = 0;
    m_walk.seek(attemptId);
    // The rows come by item, each item's by criterion, each criterion's by round. Each row's ids are read once (two
    // calls into SQLite each, a school has hundreds of thousands of rows): where the next row differs from the last.
    enum class Next { SameCriterion, OtherCriterion, OtherItem };
    const auto nextRow = [&] {
        m_walk.next();
        if (!m_walk.at(attemptId) || m_rows.textView(1) != m_itemId) return Next::OtherItem;
        return m_rows.textView(2) == m_outcomeId ? Next::SameCriterion : Next::OtherCriterion;
    };
    while (m_walk.at(attemptId)) {
        m_itemId.assign(m_rows.textView(1));
        const Item* item = nullptr;  // none: no longer in this version of the module
        for (const auto& it : variant.items)
            if (it->identifier == m_itemId) item = it.get();
        if (count == m_items.size()) m_items.emplace_back();
        OfItem& given = m_items[count];
        given.outcomes.clear();
        Next next = Next::OtherCriterion;
        while (next == Next::OtherCriterion) {
            m_outcomeId.assign(m_rows.textView(2));
            std::optional<int> rounds[4];  // index 1..3
            do {
                const int64_t round = m_rows.getInt(3);
                if (round >= 1 && round <= 3)  // the table's CHECK keeps others out
                    rounds[round] = static_cast<int>(std::lround(m_rows.getDouble(4)));
            } while ((next = nextRow()) == Next::SameCriterion);
            const OutcomeDeclaration* o = item ? item->findOutcome(m_outcomeId) : nullptr;
            if (!o || o->externalScored != ExternalScoring::Human) continue;  // the item changed since
            if (const auto f = finalScore(rounds[1], rounds[2], rounds[3]))
                given.outcomes[m_outcomeId] = Value::single(o->baseType, std::to_string(*f));
        }
        if (!given.outcomes.empty()) {
            given.itemId.assign(m_itemId);
            ++count;
        }
    }
    return {m_items.data(), count};
}

}  // namespace dlk
