#include "demo/demo_school.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "delivery/module_session.h"
#include "qti/response_processing.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

const char* kFirstNames[] = {"Daan",  "Emma",  "Sem",    "Julia", "Lucas", "Mila",  "Finn",   "Tess",  "Levi",
                             "Sara",  "Noah",  "Zoë",    "Milan", "Anna",  "Jesse", "Evi",    "Bram",  "Noor",
                             "Sven",  "Lotte", "Mohammed", "Yara", "Thijs", "Fleur", "Ruben", "Liv",   "Daniël",
                             "Saar",  "Luuk",  "Isa",    "Gijs",  "Féline", "Ayoub", "Hanna", "Stijn", "Lieke"};
const char* kLastNames[] = {"de Jong", "Jansen",  "de Vries", "van den Berg", "van Dijk", "Bakker",  "Janssen",
                            "Visser",  "Smit",    "Meijer",   "de Boer",      "Mulder",   "de Groot", "Bos",
                            "Vos",     "Peters",  "Hendriks", "van Leeuwen",  "Dekker",   "Brouwer", "Yılmaz",
                            "El Amrani", "Çelik", "Wijnands"};

std::vector<std::string> choiceIds(const BodyNode& interaction, const char* childName) {
    std::vector<std::string> ids;
    std::function<void(const BodyNode&)> walk = [&](const BodyNode& n) {
        if (!n.isText && n.name == childName) {
            if (auto* id = n.attribute("identifier")) ids.push_back(*id);
        }
        for (const auto& c : n.children) walk(c);
    };
    walk(interaction);
    return ids;
}

const BodyNode* interactionFor(const Item& item, const std::string& responseId) {
    for (const BodyNode* in : item.interactions())
        if (in->attributeOr("responseIdentifier", "") == responseId) return in;
    return nullptr;
}

}  // namespace

VariableMap simulateResponse(const Item& item, double fraction, std::mt19937_64& rng) {
    VariableMap out;
    std::uniform_real_distribution<double> u(0, 1);
    for (const auto& decl : item.responses) {
        const BodyNode* in = interactionFor(item, decl.identifier);
        if (!in) continue;
        const bool right = u(rng) < fraction;
        Value v = Value::null(decl.cardinality, decl.baseType);
        if (in->name == "choiceInteraction" || in->name == "inlineChoiceInteraction" || in->name == "hottextInteraction") {
            const auto ids = choiceIds(*in, in->name == "choiceInteraction"       ? "simpleChoice"
                                            : in->name == "hottextInteraction" ? "hottext"
                                                                                : "inlineChoice");
            if (decl.cardinality == Cardinality::Single) {
                if (right && decl.correctResponse) v = *decl.correctResponse;
                else if (!ids.empty()) {
                    std::vector<std::string> wrong;
                    for (const auto& id : ids)
                        if (!decl.correctResponse || !valuesMatch(Value::single(decl.baseType, id), *decl.correctResponse))
                            wrong.push_back(id);
                    if (!wrong.empty()) v = Value::single(decl.baseType, wrong[rng() % wrong.size()]);
                }
            } else {
                // Multiple response: each option is judged on its own, right with probability `fraction`.
                std::vector<std::string> chosen;
                for (const auto& id : ids) {
                    const bool isKey = decl.correctResponse &&
                                       std::find(decl.correctResponse->items.begin(), decl.correctResponse->items.end(), id) !=
                                           decl.correctResponse->items.end();
                    const bool pick = isKey ? u(rng) < fraction : u(rng) < (1 - fraction) * 0.4;
                    if (pick) chosen.push_back(id);
                }
                v = Value::container(decl.cardinality, decl.baseType, chosen);
            }
        } else if (in->name == "orderInteraction") {
            std::vector<std::string> order = decl.correctResponse ? decl.correctResponse->items : choiceIds(*in, "simpleChoice");
            if (!right && order.size() > 1) {
                do {
                    std::shuffle(order.begin(), order.end(), rng);
                } while (decl.correctResponse && order == decl.correctResponse->items);
            }
            v = Value::container(decl.cardinality, decl.baseType, order);
        } else if (in->name == "matchInteraction" || in->name == "associateInteraction" || in->name == "gapMatchInteraction") {
            // Pair by pair: each right pair with probability `fraction`, otherwise another target.
            std::vector<std::string> pairs;
            std::vector<std::string> targets;
            if (decl.correctResponse)
                for (const auto& p : decl.correctResponse->items) targets.push_back(p.substr(p.find(' ') + 1));
            if (decl.correctResponse) {
                for (const auto& p : decl.correctResponse->items) {
                    const std::string source = p.substr(0, p.find(' '));
                    if (u(rng) < fraction || targets.size() < 2) {
                        pairs.push_back(p);
                    } else {
                        std::string t;
                        do {
                            t = targets[rng() % targets.size()];
                        } while (source + " " + t == p);
                        pairs.push_back(source + " " + t);
                    }
                }
            }
            v = Value::container(decl.cardinality, decl.baseType, pairs);
        } else if (in->name == "textEntryInteraction" || in->name == "extendedTextInteraction") {
            std::string answer;
            if (decl.correctResponse && !decl.correctResponse->isNull()) answer = decl.correctResponse->items[0];
            else if (decl.mapping) {
                for (const auto& e : decl.mapping->entries)
                    if (e.value > 0) {
                        answer = e.key;
                        break;
                    }
            }
            if (!right) {
                if (decl.baseType == BaseType::Integer || decl.baseType == BaseType::Float) {
                    double d = 0;
                    parseDouble(answer, d);
                    answer = std::to_string(static_cast<long long>(d) + 1 + static_cast<long long>(rng() % 5));
                } else {
                    answer = "weet ik niet";
                }
            }
            v = Value::single(decl.baseType, answer);
        }
        out[decl.identifier] = v;
    }
    return out;
}

DemoSchool makeDemoSchool(Database& db, const ItemBank& bank, const DemoOptions& options, int64_t nowMs) {
    if (options.pupils < 1 || options.pupils > 500) throw Error(ErrorKind::Invalid, "--pupils takes 1 to 500");
    if (bank.modules().empty()) throw Error(ErrorKind::Invalid, "the item bank has no modules to simulate");
    SchoolStore school(db);
    if (!school.isSetUp()) school.setUpSchool(options.schoolName, options.pin, nowMs);

    DemoSchool demo;
    demo.className = "Demo groep 8";
    for (int n = 2; school.findClass(demo.className); ++n) demo.className = "Demo groep 8 (" + std::to_string(n) + ")";
    const int64_t classId = school.createClass(demo.className, nowMs);

    std::mt19937_64 rng(options.seed);
    std::vector<std::string> names;
    for (int i = 0; i < options.pupils; ++i) {
        const size_t f = rng() % std::size(kFirstNames), l = rng() % std::size(kLastNames);
        names.push_back(std::string(kFirstNames[f]) + " " + kLastNames[l]);
    }
    demo.pupils = school.addPupils(classId, names, nowMs);

    std::normal_distribution<double> ability(0.0, 1.0);
    std::uniform_real_distribution<double> u(0, 1);
    ResponseStore store(db);
    for (const auto& pupil : demo.pupils) {
        const double theta = ability(rng);
        for (const Module& module : bank.modules()) {
            ModuleSession session(store, module, pupil.id, "nl", nowMs);
            const size_t n = session.itemCount();
            const bool finishes = u(rng) < options.finishedShare;
            const size_t stopAt = finishes ? n : 1 + static_cast<size_t>(rng() % n);
            for (size_t i = 0; i < stopAt; ++i) {
                // Item difficulties spread evenly over [-1.5, 1.5] in module order: a demo, not a calibration.
                const double b = n > 1 ? -1.5 + 3.0 * static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
                const double p = 1.0 / (1.0 + std::exp(b - theta));
                const Item& item = session.currentItem();
                const VariableMap responses = u(rng) < 0.05 ? VariableMap{} : simulateResponse(item, p, rng);
                for (const auto& [id, value] : responses) session.setResponse(id, value, nowMs);
                if (i + 1 < stopAt) session.next(nowMs);
            }
            if (finishes) session.finish(nowMs);
        }
    }
    return demo;
}

}  // namespace dlk
