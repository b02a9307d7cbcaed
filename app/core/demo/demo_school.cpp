#include "demo/demo_school.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "delivery/module_session.h"
#include "delivery/session_flow.h"
#include "delivery/session_plan.h"
#include "irt/pcm_model.h"
#include "qti/interactions.h"
#include "qti/response_processing.h"
#include "scoring/human_scores.h"
#include "sim/environment.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

const char* kFirstNames[] = {"Daan", "Emma",  "Sem",      "Julia", "Lucas",  "Mila",  "Finn",  "Tess",  "Levi",
                             "Sara", "Noah",  "Zoë",      "Milan", "Anna",   "Jesse", "Evi",   "Bram",  "Noor",
                             "Sven", "Lotte", "Mohammed", "Yara",  "Thijs",  "Fleur", "Ruben", "Liv",   "Daniël",
                             "Saar", "Luuk",  "Isa",      "Gijs",  "Féline", "Ayoub", "Hanna", "Stijn", "Lieke"};
const char* kLastNames[] = {"de Jong",  "Jansen",  "de Vries", "van den Berg", "van Dijk", "Bakker",
                            "Janssen",  "Visser",  "Smit",     "Meijer",       "de Boer",  "Mulder",
                            "de Groot", "Bos",     "Vos",      "Peters",       "Hendriks", "van Leeuwen",
                            "Dekker",   "Brouwer", "Yılmaz",   "El Amrani",    "Çelik",    "Wijnands"};

// Sentences a pupil might write in a large task (a message, a program, a slide text): the demo
// cannot judge content, so it writes plausible Dutch text of a plausible length.
const char* kSentences[] = {
    "Ik zou eerst kijken of het echt klopt.",
    "Je kunt op een tweede website zoeken of hetzelfde daar ook staat.",
    "Kijk wie het heeft geschreven en wanneer.",
    "Deel geen namen, telefoonnummers of foto's van anderen zonder het te vragen.",
    "Als je twijfelt, vraag het dan aan de juf of de meester.",
    "Schrijf op waar je de informatie hebt gevonden.",
    "Eerst doe je stap 1, daarna stap 2, en dan herhaal je dat.",
    "Gebruik korte zinnen, dan snapt iedereen het.",
    "Het is belangrijk omdat veel mensen het anders verkeerd begrijpen.",
    "Ik heb het gecontroleerd en het is niet waar.",
    "Zet de belangrijkste dingen bovenaan.",
    "Dat is handig, want dan hoef je het niet steeds opnieuw te doen.",
};

int intAttribute(const BodyNode& n, const char* name, int fallback) {
    int64_t v = 0;
    const std::string* a = n.attribute(name);
    return a && parseInt64(trim(*a), v) ? static_cast<int>(v) : fallback;
}

double numberAttribute(const BodyNode& n, const char* name, double fallback) {
    double v = 0;
    const std::string* a = n.attribute(name);
    return a && parseDouble(trim(*a), v) ? v : fallback;
}

template <class T>
const T& pick(const std::vector<T>& from, std::mt19937_64& rng) {
    return from[static_cast<size_t>(rng() % from.size())];
}

// The values that earn credit: the correct response, or else the mapped values above 0.
std::vector<std::string> keyValues(const ResponseDeclaration& d) {
    if (d.correctResponse && !d.correctResponse->isNull()) return d.correctResponse->items;
    std::vector<std::string> keys;
    if (d.mapping)
        for (const auto& e : d.mapping->entries)
            if (e.value > 0) keys.push_back(e.key);
    return keys;
}

// The best single value: the correct response, or else the highest mapped value.
std::optional<std::string> bestSingle(const ResponseDeclaration& d) {
    if (d.correctResponse && !d.correctResponse->isNull()) return d.correctResponse->items[0];
    std::optional<std::string> best;
    double top = 0;
    if (d.mapping)
        for (const auto& e : d.mapping->entries)
            if (e.value > top) {
                top = e.value;
                best = e.key;
            }
    return best;
}

// Would this one value earn anything: is it a key, or mapped above 0?
bool credited(const ResponseDeclaration& d, const std::string& value) {
    for (const auto& k : keyValues(d))
        if (baseValuesEqual(d.baseType, value, k)) return true;
    return d.mapping && mapResponse(d, Value::container(d.cardinality, d.baseType, {value})) > 0;
}

// --- identifiers: choice, inline choice, hottext, hotspot ----------------------------------------

Value simulateChoice(const ResponseDeclaration& decl, const BodyNode& in, const std::vector<std::string>& ids,
                     double fraction, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::string> wrong;
    for (const auto& id : ids)
        if (!credited(decl, id)) wrong.push_back(id);
    if (decl.cardinality == Cardinality::Single) {
        const auto best = bestSingle(decl);
        if (best && u(rng) < fraction) return Value::single(decl.baseType, *best);
        if (!wrong.empty()) return Value::single(decl.baseType, pick(wrong, rng));
        return Value::null(decl.cardinality, decl.baseType);
    }
    // Multiple response: each option judged on its own, a key chosen with probability `fraction`,
    // a distractor now and then (less often the better the pupil).
    const std::vector<std::string> keys = keyValues(decl);
    std::vector<std::string> chosenKeys, chosenWrong;
    for (const auto& id : ids) {
        const bool isKey = std::find(keys.begin(), keys.end(), id) != keys.end();
        if (isKey && u(rng) < fraction)
            chosenKeys.push_back(id);
        else if (!isKey && !credited(decl, id) && u(rng) < (1 - fraction) * 0.4)
            chosenWrong.push_back(id);
    }
    if (chosenKeys.empty() && chosenWrong.empty()) {
        // Every simulated pupil clicks something; leaving it blank is simulated by the caller.
        if (!wrong.empty())
            chosenWrong.push_back(pick(wrong, rng));
        else if (!ids.empty())
            chosenKeys.push_back(pick(ids, rng));
    }
    // No more than the interaction allows: the distractors go first.
    const size_t maxChoices = static_cast<size_t>(std::max(0, intAttribute(in, "maxChoices", 0)));
    while (maxChoices > 0 && chosenKeys.size() + chosenWrong.size() > maxChoices) {
        auto& from = chosenWrong.empty() ? chosenKeys : chosenWrong;
        from.erase(from.begin() + static_cast<std::ptrdiff_t>(rng() % from.size()));
    }
    std::vector<std::string> chosen;
    for (const auto& id : ids)  // in the order the pupil sees them
        if (std::find(chosenKeys.begin(), chosenKeys.end(), id) != chosenKeys.end() ||
            std::find(chosenWrong.begin(), chosenWrong.end(), id) != chosenWrong.end())
            chosen.push_back(id);
    return Value::container(decl.cardinality, decl.baseType, chosen);
}

// --- ordered identifiers: order, graphic order ---------------------------------------------------

Value simulateOrder(const ResponseDeclaration& decl, const std::vector<std::string>& ids, double fraction,
                    std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0, 1);
    const std::vector<std::string> keys = keyValues(decl);
    std::vector<std::string> order = keys.empty() ? ids : keys;
    if (u(rng) >= fraction && order.size() > 1) {
        do {
            std::shuffle(order.begin(), order.end(), rng);
        } while (!keys.empty() && order == keys);
    }
    return Value::container(decl.cardinality, decl.baseType, order);
}

// --- pairs: match, associate, graphic associate, gap match, graphic gap match --------------------

struct Associables {
    std::vector<std::string> sources, targets;  // for an undirected pair both hold every choice
    std::map<std::string, int> matchMax;        // 0: no limit
};

Associables associablesOf(const InteractionSpec& spec, const BodyNode& in) {
    Associables a;
    const OfferedAnswers offered = offeredAnswers(spec, in);
    auto add = [&](const std::vector<const BodyNode*>& nodes, std::vector<std::string>& into) {
        for (const BodyNode* n : nodes)
            if (const std::string* id = n->attribute("identifier")) {
                into.push_back(*id);
                a.matchMax[*id] = intAttribute(*n, "matchMax", n->name == "gap" ? 1 : 0);  // a gap holds one word
            }
    };
    add(offered.choices, a.sources);
    if (spec.answers == AnswerSpace::DirectedPairs)
        add(offered.targets, a.targets);
    else
        a.targets = a.sources;
    return a;
}

Value simulatePairs(const ResponseDeclaration& decl, const InteractionSpec& spec, const BodyNode& in, double fraction,
                    std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0, 1);
    const Associables a = associablesOf(spec, in);
    const std::vector<std::string> keys = keyValues(decl);
    std::vector<std::string> pairs;
    std::map<std::string, int> used;
    auto fits = [&](const std::string& x, const std::string& y) {
        if (decl.baseType == BaseType::Pair && x == y) return false;
        for (const std::string& id : {x, y}) {
            auto it = a.matchMax.find(id);
            const int max = it == a.matchMax.end() ? 0 : it->second;
            if (max > 0 && used[id] >= max) return false;
        }
        const std::string p = x + " " + y;
        return std::none_of(pairs.begin(), pairs.end(),
                            [&](const std::string& q) { return baseValuesEqual(decl.baseType, p, q); });
    };
    auto take = [&](const std::string& x, const std::string& y) {
        pairs.push_back(x + " " + y);
        ++used[x];
        ++used[y];
    };
    // Pair by pair: each right with probability `fraction`; the right ones are placed first so a
    // wrong pair never takes a place a right one needs.
    std::vector<std::pair<std::string, std::string>> wrong;
    for (const auto& k : keys) {
        const auto parts = splitWhitespace(k);
        if (parts.size() != 2) continue;
        if (u(rng) < fraction) {
            if (fits(parts[0], parts[1])) take(parts[0], parts[1]);
        } else {
            wrong.emplace_back(parts[0], parts[1]);
        }
    }
    // A wrong pair: the word, picture or choice put in another place, or another one (a
    // distractor too) put in this place; left out when nothing fits, and half the time anyway
    // (a place the pupil is unsure of stays empty, which an item that takes points off for a
    // wrong pair scores apart from a wrong one).
    for (const auto& [source, target] : wrong) {
        if (u(rng) < 0.5) continue;
        std::vector<std::pair<std::string, std::string>> options;
        for (const auto& t : a.targets)
            if (t != target && fits(source, t) && !credited(decl, source + " " + t)) options.emplace_back(source, t);
        for (const auto& s : a.sources)
            if (s != source && fits(s, target) && !credited(decl, s + " " + target)) options.emplace_back(s, target);
        if (!options.empty()) {
            const auto& [x, y] = pick(options, rng);
            take(x, y);
        }
    }
    if (pairs.empty() && keys.empty()) {
        // Nothing is declared right: any pair the interaction allows.
        for (const auto& s : a.sources)
            for (const auto& t : a.targets)
                if (fits(s, t)) {
                    take(s, t);
                    return Value::container(decl.cardinality, decl.baseType, pairs);
                }
    }
    const size_t maxAssociations = static_cast<size_t>(std::max(0, intAttribute(in, "maxAssociations", 0)));
    if (maxAssociations > 0 && pairs.size() > maxAssociations) pairs.resize(maxAssociations);
    if (decl.cardinality == Cardinality::Single && pairs.size() > 1) pairs.resize(1);
    return Value::container(decl.cardinality, decl.baseType, pairs);
}

// --- points: select point, position object --------------------------------------------------------

// The picture the pupil clicks on: the interaction's own for select point, the stage's for
// position object (the interaction itself holds the object that is moved).
std::optional<AreaBounds> pictureOf(const Item& item, const BodyNode& in) {
    const BodyNode* holder = &in;
    if (in.name == "positionObjectInteraction") {
        std::function<void(const BodyNode&)> findStage = [&](const BodyNode& n) {
            for (const auto& c : n.children) {
                if (&c == &in && n.name == "positionObjectStage") holder = &n;
                findStage(c);
            }
        };
        findStage(item.body);
    }
    for (const auto& c : holder->children) {
        if (c.isText || (c.name != "img" && c.name != "object")) continue;
        const double w = numberAttribute(c, "width", 0), h = numberAttribute(c, "height", 0);
        if (w > 0 && h > 0) return AreaBounds{0, 0, w, h};
    }
    return std::nullopt;
}

// Whole-pixel points on a grid over `b`, the pupil's possible clicks.
std::vector<std::pair<double, double>> gridOver(const AreaBounds& b) {
    std::vector<std::pair<double, double>> points;
    constexpr int kSteps = 16;
    for (int i = 0; i <= kSteps; ++i)
        for (int j = 0; j <= kSteps; ++j)
            points.emplace_back(std::round(b.left + (b.right - b.left) * i / kSteps),
                                std::round(b.top + (b.bottom - b.top) * j / kSteps));
    return points;
}

std::string pointText(const std::pair<double, double>& p) {
    return formatDouble(p.first) + " " + formatDouble(p.second);
}

Value simulatePoints(const Item& item, const ResponseDeclaration& decl, const BodyNode& in, double fraction,
                     std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0, 1);
    if (!decl.areaMapping) {
        // Scored by match_correct: the correct point(s), or each moved off by a finger's width.
        const std::vector<std::string> keys = keyValues(decl);
        if (keys.empty()) return Value::null(decl.cardinality, decl.baseType);
        if (u(rng) < fraction) return Value::container(decl.cardinality, decl.baseType, keys);
        std::vector<std::string> moved;
        for (const auto& k : keys) {
            const auto xy = splitWhitespace(k);
            double x = 0, y = 0;
            if (xy.size() == 2 && parseDouble(xy[0], x) && parseDouble(xy[1], y))
                moved.push_back(pointText({x + 25, y + 25}));
        }
        return Value::container(decl.cardinality, decl.baseType, moved);
    }
    const AreaMapping& m = *decl.areaMapping;
    // A click counts for the first area (in document order) that holds it.
    auto firstArea = [&](double x, double y) -> std::optional<size_t> {
        for (size_t i = 0; i < m.entries.size(); ++i)
            if (areaContains(m.entries[i].area, x, y)) return i;
        return std::nullopt;
    };
    std::optional<AreaBounds> picture = pictureOf(item, in);
    if (!picture) {
        // No picture size: the areas with a margin around them.
        for (const auto& e : m.entries)
            if (auto b = areaBounds(e.area)) {
                if (!picture) picture = *b;
                picture->left = std::min(picture->left, b->left);
                picture->top = std::min(picture->top, b->top);
                picture->right = std::max(picture->right, b->right);
                picture->bottom = std::max(picture->bottom, b->bottom);
            }
        if (!picture) picture = AreaBounds{0, 0, 400, 300};
        *picture = AreaBounds{std::max(0.0, picture->left - 40), std::max(0.0, picture->top - 40), picture->right + 40,
                              picture->bottom + 40};
    }
    // For each area worth something, the clicks that land in it; best areas first.
    std::vector<std::pair<double, std::vector<std::pair<double, double>>>> targets;
    for (size_t i = 0; i < m.entries.size(); ++i) {
        if (m.entries[i].value <= 0) continue;
        std::vector<std::pair<double, double>> inside;
        for (const auto& p : gridOver(areaBounds(m.entries[i].area).value_or(*picture)))
            if (firstArea(p.first, p.second) == i) inside.push_back(p);
        if (!inside.empty()) targets.emplace_back(m.entries[i].value, std::move(inside));
    }
    std::stable_sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::pair<double, double>> outside;  // clicks worth nothing
    for (const auto& p : gridOver(*picture)) {
        const auto area = firstArea(p.first, p.second);
        if (area ? m.entries[*area].value <= 0 : m.defaultValue <= 0) outside.push_back(p);
    }
    const int maxChoices = intAttribute(in, "maxChoices", decl.cardinality == Cardinality::Single ? 1 : 0);
    size_t clicks = decl.cardinality == Cardinality::Single ? 1 : targets.size();
    if (maxChoices > 0) clicks = std::min(clicks, static_cast<size_t>(maxChoices));
    std::vector<std::string> points;
    for (size_t i = 0; i < clicks && i < targets.size(); ++i) {
        if (u(rng) < fraction)
            points.push_back(pointText(pick(targets[i].second, rng)));
        else if (!outside.empty() && (decl.cardinality == Cardinality::Single || u(rng) < 0.5))
            points.push_back(pointText(pick(outside, rng)));
    }
    if (points.empty() && !outside.empty()) points.push_back(pointText(pick(outside, rng)));
    return Value::container(decl.cardinality, decl.baseType, points);
}

// --- numbers on a scale: slider ------------------------------------------------------------------

std::string numberText(BaseType b, double v) {
    return b == BaseType::Integer ? std::to_string(std::llround(v)) : formatDouble(v);
}

Value simulateSlider(const ResponseDeclaration& decl, const BodyNode& in, double fraction, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0, 1);
    const double lo = numberAttribute(in, "lowerBound", 0), hi = std::max(lo, numberAttribute(in, "upperBound", 100));
    double step = numberAttribute(in, "step", decl.baseType == BaseType::Integer ? 1 : (hi - lo) / 100);
    if (step <= 0) step = hi > lo ? (hi - lo) / 100 : 1;
    step = std::max(step, (hi - lo) / 1000);  // at most 1001 stops
    std::vector<double> stops;
    for (int i = 0; lo + i * step <= hi + step * 1e-9; ++i) stops.push_back(lo + i * step);
    const auto best = bestSingle(decl);
    double key = 0;
    const bool hasKey = best && parseDouble(*best, key);
    if (hasKey && u(rng) < fraction) return Value::single(decl.baseType, *best);
    if (!hasKey) return Value::single(decl.baseType, numberText(decl.baseType, pick(stops, rng)));
    // Another value, well away from the right one (a tenth of the scale), so a tolerance in the
    // item's rules does not turn it into a right answer.
    std::vector<double> far, other;
    for (double v : stops) {
        if (credited(decl, numberText(decl.baseType, v))) continue;
        other.push_back(v);
        if (std::abs(v - key) > (hi - lo) / 10) far.push_back(v);
    }
    const std::vector<double>& from = !far.empty() ? far : !other.empty() ? other : stops;
    return Value::single(decl.baseType, numberText(decl.baseType, pick(from, rng)));
}

// --- text: text entry, extended text -------------------------------------------------------------

Value simulateText(const ResponseDeclaration& decl, const BodyNode& in, double fraction, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0, 1);
    const bool right = u(rng) < fraction;
    const auto best = bestSingle(decl);
    if (!best) {
        // Nothing declared right (a text a teacher scores): plausible sentences, more of them
        // from a stronger pupil.
        const size_t count = in.name == "extendedTextInteraction" ? (right ? 3 + rng() % 3 : 1 + rng() % 2) : 1;
        std::vector<size_t> order(std::size(kSentences));
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng);
        std::string text;
        for (size_t i = 0; i < count && i < order.size(); ++i)
            text += (text.empty() ? "" : " ") + std::string(kSentences[order[i]]);
        if (decl.baseType != BaseType::String) text = numberText(decl.baseType, static_cast<double>(rng() % 100));
        return Value::single(decl.baseType, text);
    }
    std::string answer = *best;
    if (!right) {
        if (decl.baseType == BaseType::Integer || decl.baseType == BaseType::Float) {
            double d = 0;
            parseDouble(answer, d);
            answer = std::to_string(static_cast<long long>(d) + 1 + static_cast<long long>(rng() % 5));
        } else {
            answer = "weet ik niet";
        }
    }
    return Value::single(decl.baseType, answer);
}

// --- simulated software: the environment answers for itself (sim/environment.h) -----------------

// The state a simulated pupil leaves, and the responses the environment fills from it.
std::vector<std::pair<std::string, Value>> simulateEnvironment(const Item& item, const ResponseDeclaration& decl,
                                                               double fraction, std::mt19937_64& rng) {
    const auto binding = item.environments.find(decl.identifier);
    if (binding == item.environments.end()) return {};  // another vendor's custom interaction: unanswered
    const sim::EnvironmentType* env = sim::findEnvironment(binding->second.environment);
    if (!env) return {};
    sim::SimulationTarget target{decl, {}};
    for (const std::string& id : binding->second.outputs)
        target.outputs.push_back(id.empty() ? nullptr : item.findResponse(id));
    const Value state = env->simulate(*binding->second.scenario, target, fraction, rng);
    return sim::responsesFor(*env, binding->second, decl.identifier, state);
}

// The simulated scorer at work: every answer of the class waiting for a first score gets it, each
// criterion from its pupil's ability and the criterion's difficulty (demoCriterionDifficulty).
void scoreRubricsAsDemo(SchoolStore& school, Database& db, const ItemBank& bank, int64_t classId,
                        const std::map<int64_t, double>& abilities, uint64_t seed, int64_t nowMs) {
    const std::optional<TeacherInfo> teacher = school.loggedInTeacher();
    if (!teacher) throw Error(ErrorKind::Auth, "the demo scores rubrics as the logged-in teacher: nobody is");
    // A generator of its own: the answers stay exactly those of the seed without scoring.
    std::mt19937_64 rng(seed ^ 0x2545f4914f6cdd1dULL);
    HumanScores scores(db, bank);
    for (const HumanAnswer& a : scores.queue(classId, 1)) {
        auto st = db.prepare("SELECT pupil_id FROM attempts WHERE id=?");
        st.bind(1, a.key.attemptId);
        if (!st.step()) continue;
        const auto ability = abilities.find(st.getInt(0));
        const Module* module = bank.findModule(a.moduleId);
        if (ability == abilities.end() || !module || !a.item) continue;
        size_t position = 0;
        while (position < module->refs.size() && module->refs[position].identifier != a.key.itemId) ++position;
        const double b = demoItemDifficulty(position, module->refs.size(), module->practice);
        const std::vector<RubricCriterion> criteria = rubricOf(*a.item).criteria;
        std::map<std::string, double> levels;
        for (size_t k = 0; k < criteria.size(); ++k) {
            const RubricCriterion& c = criteria[k];
            levels[c.outcome] =
                c.minScore + simulateCriterionScore(c.maxScore - c.minScore, ability->second,
                                                    demoCriterionDifficulty(b, k, criteria.size()), rng);
        }
        scores.record(a.key, 1, levels, teacher->id, nowMs);
    }
}

}  // namespace

double demoItemDifficulty(size_t position, size_t itemCount, bool practice) {
    if (practice) return -2.5;
    if (itemCount < 2) return 0.0;
    return -1.5 + 3.0 * static_cast<double>(position) / static_cast<double>(itemCount - 1);
}

double demoCorrectProbability(double theta, double difficulty) {
    return 1.0 / (1.0 + std::exp(difficulty - theta));
}

double demoCriterionDifficulty(double itemDifficulty, size_t criterion, size_t criteria) {
    if (criteria < 2) return itemDifficulty;
    return itemDifficulty +
           kDemoCriterionSpread * (static_cast<double>(criterion) - static_cast<double>(criteria - 1) / 2.0);
}

int simulateCriterionScore(int maxPoints, double theta, double difficulty, std::mt19937_64& rng) {
    if (maxPoints <= 0) return 0;
    std::vector<double> steps;
    for (int j = 1; j <= maxPoints; ++j) steps.push_back(difficulty + 0.8 * (j - (maxPoints + 1) / 2.0));
    const std::vector<double> p = PcmItem(steps).probabilities(theta);
    double draw = std::uniform_real_distribution<double>(0, 1)(rng);
    for (int k = 0; k < maxPoints; ++k) {
        draw -= p[static_cast<size_t>(k)];
        if (draw < 0) return k;
    }
    return maxPoints;
}

VariableMap simulateResponse(const Item& item, double fraction, std::mt19937_64& rng) {
    VariableMap out;
    for (const auto& decl : item.responses) {
        const BodyNode* in = interactionFor(item, decl.identifier);
        if (!in) continue;
        const InteractionSpec* spec = findInteractionSpec(in->name);
        if (!spec) continue;
        std::optional<Value> v;
        switch (spec->demo) {
            case DemoAnswer::Choose:
                v = simulateChoice(decl, *in, offeredAnswers(*spec, *in).choiceIds(), fraction, rng);
                break;
            case DemoAnswer::Order:
                v = simulateOrder(decl, offeredAnswers(*spec, *in).choiceIds(), fraction, rng);
                break;
            case DemoAnswer::Pair:
                v = simulatePairs(decl, *spec, *in, fraction, rng);
                break;
            case DemoAnswer::Point:
                v = simulatePoints(item, decl, *in, fraction, rng);
                break;
            case DemoAnswer::Slide:
                v = simulateSlider(decl, *in, fraction, rng);
                break;
            case DemoAnswer::Type:
                v = simulateText(decl, *in, fraction, rng);
                break;
            case DemoAnswer::Environment:
                for (auto& [id, value] : simulateEnvironment(item, decl, fraction, rng)) out[id] = std::move(value);
                break;
            case DemoAnswer::None:
                break;  // upload, drawing, media, end attempt: left unanswered
        }
        if (v) out[decl.identifier] = *v;
    }
    return out;
}

DemoSchool makeDemoSchool(Database& db, const ItemBank& bank, const BookletDesign& design, const DemoOptions& options,
                          int64_t nowMs) {
    SchoolStore school(db);
    return makeDemoSchool(school, db, bank, design, options, nowMs);
}

DemoSchool makeDemoSchool(SchoolStore& school, Database& db, const ItemBank& bank, const BookletDesign& design,
                          const DemoOptions& options, int64_t nowMs) {
    if (options.pupils < 1 || options.pupils > 500) throw Error(ErrorKind::Invalid, "--pupils takes 1 to 500");
    if (options.notStarted < 0 || options.notStarted > 500)
        throw Error(ErrorKind::Invalid, "--not-started takes 0 to 500");
    if (bank.modules().empty()) throw Error(ErrorKind::Invalid, "the item bank has no modules to simulate");
    // The design must be one the kiosk can deal from this bank: checked before anything is written.
    (void)design.modulesFor(0);  // Invalid for an empty pool or a module named twice
    std::vector<std::string> named = design.modules();
    if (!design.tutorial.empty()) named.push_back(design.tutorial);
    for (const std::string& id : named)
        if (!bank.findModule(id))
            throw Error(ErrorKind::Invalid,
                        "the session design names module '" + id + "', which the item bank does not hold");
    if (!school.isSetUp()) {
        school.setUpSchool(options.schoolName, options.pin, nowMs);
    } else if (!school.isUnlocked()) {
        const PinResult r = school.checkPin(options.pin, nowMs);
        if (r.result != PinCheck::Ok)
            throw Error(ErrorKind::Auth, r.result == PinCheck::Locked
                                             ? "the school's PIN is locked after wrong tries; try again in " +
                                                   std::to_string(r.lockedSeconds) + " s"
                                             : "this school has another teacher PIN: give it with --pin");
    }

    DemoSchool demo;
    demo.className = "Demo groep 8";
    for (int n = 2; school.findClass(demo.className); ++n) demo.className = "Demo groep 8 (" + std::to_string(n) + ")";
    const int64_t classId = school.createClass(demo.className, nowMs);

    std::mt19937_64 rng(options.seed);
    auto drawName = [](std::mt19937_64& g) {
        const size_t f = g() % std::size(kFirstNames), l = g() % std::size(kLastNames);
        return std::string(kFirstNames[f]) + " " + kLastNames[l];
    };
    std::vector<std::string> names;
    for (int i = 0; i < options.pupils; ++i) names.push_back(drawName(rng));
    demo.pupils = school.addPupils(classId, names, nowMs);
    if (options.notStarted > 0) {
        // Their names come from a generator of their own, so the simulated pupils stay the same.
        std::mt19937_64 late(options.seed ^ 0x5851f42d4c957f2dULL);
        std::vector<std::string> lateNames;
        for (int i = 0; i < options.notStarted; ++i) lateNames.push_back(drawName(late));
        demo.notStarted = school.addPupils(classId, lateNames, nowMs);
    }

    std::normal_distribution<double> ability(0.0, 1.0);
    std::uniform_real_distribution<double> u(0, 1);
    // Behaviour (times, second thoughts, idle spells, flags) draws from its own generator, so the
    // answers stay exactly those of `rng` for a seed.
    std::mt19937_64 acts(options.seed ^ 0x9e3779b97f4a7c15ULL);
    auto between = [&acts](int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(acts() % static_cast<uint64_t>(hi - lo + 1));
    };
    ResponseStore store(db);
    SessionPlans plans(db);
    // The booklets dealt follow the seed too: one seed, one demo school (a test's class is the same
    // on every run). A kiosk that already dealt plans keeps its own rotation.
    plans.pinRotationSeed(options.seed);
    // The kiosk's own way through a plan: the next module, its time and its attempt.
    const SessionFlow flow(bank, design, plans, store);
    std::map<int64_t, double> abilities;
    for (const auto& pupil : demo.pupils) {
        const double theta = ability(rng);
        abilities[pupil.id] = theta;
        int64_t t = nowMs;  // the simulated clock of this pupil's session: one module after the other
        // The plan is dealt at the pupil's first login, as the kiosk does.
        const SessionPlan plan = plans.planFor(pupil.id, design, t);
        // Where a pupil who does not finish stops: in one of the dealt modules (the tutorial is
        // short and explains the tasks), at some item of it.
        const bool finishesAll = u(rng) < options.finishedShare;
        const size_t firstDealt =
            !design.tutorial.empty() && plan.modules.size() > 1 && plan.modules[0] == design.tutorial ? 1 : 0;
        // A plan names each module once, so the module to stop in is known by its identifier.
        const std::string stopIn =
            finishesAll ? std::string()
                        : plan.modules[firstDealt + static_cast<size_t>(rng() % (plan.modules.size() - firstDealt))];
        while (const Module* module = flow.nextModule(pupil.id, t)) {
            const bool tutorial = module->identifier == design.tutorial;
            t += between(5000, 60000);  // the break before a module
            const std::unique_ptr<ModuleSession> started = flow.start(*module, pupil, "nl", t).session;
            ModuleSession& session = *started;
            const size_t n = session.itemCount();
            const bool finishes = module->identifier != stopIn;
            const size_t stopAt = finishes ? n : 1 + static_cast<size_t>(rng() % n);
            for (size_t i = 0; i < stopAt; ++i) {
                // Item difficulties spread evenly over [-1.5, 1.5] in module order: a demo, not a
                // calibration. The tutorial's tasks are easy: each one explains itself.
                const double p = demoCorrectProbability(theta, demoItemDifficulty(i, n, tutorial));
                const Item& item = session.currentItem();
                const VariableMap responses = u(rng) < kDemoBlankShare ? VariableMap{} : simulateResponse(item, p, rng);
                t += between(15000, 50000);                         // reading
                if (acts() % 10 == 0) t += between(60000, 150000);  // staring out of the window
                session.noteActivity(t);
                if (acts() % 5 == 0 && !responses.empty()) {
                    // A first thought, changed below.
                    for (const auto& [id, value] : simulateResponse(item, 0.5, acts)) session.setResponse(id, value, t);
                    t += between(3000, 15000);
                }
                for (const auto& [id, value] : responses) {
                    const BodyNode* in = interactionFor(item, id);
                    const InteractionSpec* spec = in ? findInteractionSpec(in->name) : nullptr;
                    const bool typedIn = spec && spec->answers == AnswerSpace::Text;
                    if (typedIn && value.cardinality == Cardinality::Single && !value.isNull() &&
                        (value.baseType == BaseType::String || value.baseType == BaseType::Integer)) {
                        // Typed key by key: one change per key, committed once typing stops.
                        const std::string& typed = value.items[0];
                        for (size_t k2 = 1; k2 <= typed.size(); ++k2) {
                            if (k2 < typed.size() && (static_cast<unsigned char>(typed[k2]) & 0xC0) == 0x80)
                                continue;  // inside a UTF-8 letter
                            session.setResponse(id, Value::single(value.baseType, typed.substr(0, k2)), t, true);
                            t += between(150, 450);
                        }
                        t += ModuleSession::kTypingDelayMs;
                        session.tick(t);
                    } else {
                        session.setResponse(id, value, t);
                    }
                    t += between(1000, 6000);
                }
                if (acts() % 7 == 0) session.setFlagged(true, t);
                if (i + 1 < stopAt) session.next(t);
            }
            if (finishes) {
                // The overview before Klaar: flagged items are looked at again and unflagged.
                t += between(2000, 6000);
                session.noteEvent(EventKind::Overview, "via=finish", t);
                for (size_t i = 0; i < n; ++i) {
                    if (!session.isFlagged(i)) continue;
                    t += between(2000, 5000);
                    session.goTo(i, t, NavigationHow::Overview);
                    t += between(8000, 30000);
                    session.setFlagged(false, t);
                }
                if (session.position() + 1 != n) session.goTo(n - 1, t += 3000, NavigationHow::Overview);
                // A module left unfinished would be dealt again by nextModule, for ever.
                if (!session.finish(t += between(2000, 5000)))
                    throw Error(ErrorKind::Storage,
                                "the demo could not store a finished module: " + session.lastError());
            } else {
                session.flush(t);
                break;  // the kiosk starts a module only when the one before is finished
            }
        }
    }
    if (options.scoreRubrics) scoreRubricsAsDemo(school, db, bank, classId, abilities, options.seed, nowMs);
    return demo;
}

}  // namespace dlk
