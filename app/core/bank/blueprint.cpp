#include "bank/blueprint.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "bank/bank_rules.h"
#include "scoring/human_scores.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace {

[[noreturn]] void refuse(const std::string& where, const std::string& message) {
    throw Error(ErrorKind::Invalid, where + ": " + message);
}

std::string oneDecimal(double v) {  // a share or a number of minutes in a message: "33.3", "28.3", "30"
    std::ostringstream s;
    s << std::round(v * 10) / 10;
    return s.str();
}

// A group of targets: an object of key -> percent, every key accepted by `known`, the percents
// adding up to 100. `parentOf` gives the strand of an aspect key (empty for a strand), so that a
// strand and one of its aspects are not both given.
std::vector<BlueprintTarget> readGroup(const Json& j, const char* name, const std::string& where,
                                       bool (*known)(std::string_view), const char* knownText,
                                       std::string (*parentOf)(std::string_view)) {
    std::vector<BlueprintTarget> out;
    const auto it = j.find(name);
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_object())
        refuse(where, std::string("\"") + name + "\" must be an object of " + knownText + " -> percent");
    double sum = 0;
    std::set<std::string> keys;
    for (const auto& [key, value] : it->items()) {
        if (!known(key))
            refuse(where, std::string("\"") + name + "\" names '" + key + "', which is not one of " + knownText);
        if (!value.is_number())
            refuse(where, std::string("\"") + name + "\": the share of '" + key + "' must be a number (percent)");
        const double v = value.get<double>();
        if (!std::isfinite(v) || v < 0 || v > 100)
            refuse(where, std::string("\"") + name + "\": the share of '" + key + "' must be 0 to 100 (percent)");
        keys.insert(key);
        sum += v;
        out.push_back({key, v});
    }
    for (const BlueprintTarget& t : out)
        if (const std::string parent = parentOf(t.key); !parent.empty() && keys.count(parent))
            refuse(where, std::string("\"") + name + "\" gives both strand '" + parent + "' and its aspect '" + t.key +
                              "' (give one or the other)");
    if (!out.empty() && std::fabs(sum - 100) > kBlueprintSumSlack)
        refuse(where, std::string("\"") + name + "\" shares add up to " + oneDecimal(sum) + "%, not 100%");
    return out;
}

bool isCilKey(std::string_view k) {
    if (const IcilsAspect* a = findIcilsAspect(k)) return a->part == IcilsPart::Cil;
    return isIcilsStrand(k) && !k.starts_with("ct-");
}
bool isCtKey(std::string_view k) {
    if (const IcilsAspect* a = findIcilsAspect(k)) return a->part == IcilsPart::Ct;
    return isIcilsStrand(k) && k.starts_with("ct-");
}
bool isDomainKey(std::string_view k) {
    return domainFromId(k).has_value();
}
std::string aspectParent(std::string_view k) {
    const IcilsAspect* a = findIcilsAspect(k);
    return a ? std::string(a->strand) : std::string();
}
std::string noParent(std::string_view) {
    return {};
}

// The points of an item's rubric criteria a teacher scores; 0 for an item without (or with a
// rubric the scoring screen refuses, which the validator reports).
double teacherPoints(const Item& item) {
    try {
        double sum = 0;
        for (const RubricCriterion& c : rubricOf(item).criteria) sum += c.maxScore;
        return sum;
    } catch (const Error&) {
        return 0;
    }
}

}  // namespace

Blueprint defaultBlueprint() {
    Blueprint b;
    b.cil = {{"1", 12}, {"2", 21}, {"3", 48}, {"4", 19}};
    return b;
}

Blueprint parseBlueprint(std::string_view text, const std::string& where) {
    const Json j = parseJson(text, where);
    if (!j.is_object()) refuse(where, "must be a JSON object (see docs/item-format.md, \"The blueprint\")");
    static const std::set<std::string> kKeys = {"about", "tolerance", "ctModules", "cil", "ct", "domains", "ages"};
    for (const auto& [key, value] : j.items())
        if (!kKeys.count(key))
            refuse(where, "unknown key \"" + key + "\" (about, tolerance, ctModules, cil, ct, domains, ages)");
    Blueprint b;
    if (const auto a = j.find("about"); a != j.end() && !a->is_string()) refuse(where, "\"about\" must be a string");
    if (const auto t = j.find("tolerance"); t != j.end()) {
        if (!t->is_number()) refuse(where, "\"tolerance\" must be a number (percentage points)");
        b.tolerance = t->get<double>();
        if (!std::isfinite(b.tolerance) || b.tolerance < 0 || b.tolerance > 50)
            refuse(where, "\"tolerance\" must be 0 to 50 (percentage points)");
    }
    if (const auto m = j.find("ctModules"); m != j.end()) {
        if (!m->is_array()) refuse(where, "\"ctModules\" must be a list of module ids");
        for (const Json& id : *m) {
            if (!id.is_string() || id.get_ref<const std::string&>().empty())
                refuse(where, "\"ctModules\" holds something that is not a module id");
            const std::string& s = id.get_ref<const std::string&>();
            if (std::find(b.ctModules.begin(), b.ctModules.end(), s) != b.ctModules.end())
                refuse(where, "\"ctModules\" names '" + s + "' twice");
            b.ctModules.push_back(s);
        }
    }
    b.cil = readGroup(j, "cil", where, isCilKey, "the CIL strands 1 to 4 and aspects 1.1 to 4.2", aspectParent);
    b.ct = readGroup(j, "ct", where, isCtKey, "the CT strands ct-1, ct-2 and aspects ct-1.1 to ct-2.2", aspectParent);
    b.domains = readGroup(j, "domains", where, isDomainKey, "the domains ict, info, media, ct", noParent);
    if (const auto a = j.find("ages"); a != j.end() && !a->is_null()) {
        const std::string rule = "\"ages\" must be [from, to]: whole years from " + std::to_string(kMinItemAge) +
                                 " to " + std::to_string(kMaxItemAge) + ", the lower first";
        if (!a->is_array() || a->size() != 2) refuse(where, rule);
        int years[2] = {0, 0};
        for (int i = 0; i < 2; ++i) {
            const Json& y = (*a)[i];
            if (!y.is_number_integer() || y.get<int64_t>() < kMinItemAge || y.get<int64_t>() > kMaxItemAge)
                refuse(where, rule);
            years[i] = static_cast<int>(y.get<int64_t>());
        }
        if (years[0] > years[1]) refuse(where, rule);
        b.ageFrom = years[0], b.ageTo = years[1];
    }
    return b;
}

Blueprint loadBlueprint(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw Error(ErrorKind::Io, path + ": cannot be read (" + ec.message() + ")");
    if (size > kBlueprintMaxBytes)
        throw Error(ErrorKind::Io, path + ": is " + std::to_string(size) + " bytes; a blueprint is at most " +
                                       std::to_string(kBlueprintMaxBytes));
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw Error(ErrorKind::Io, path + ": cannot be read");
    return parseBlueprint(text.str(), path);
}

std::string ageRangeText(int from, int to) {
    if (from <= 0) return "";
    return from == to ? std::to_string(from) : std::to_string(from) + "-" + std::to_string(to);
}

double blueprintShare(double points, double of) {
    return of > 0 ? 100.0 * points / of : 0.0;
}

BlueprintCount countBlueprint(const ItemBank& bank, const Blueprint& blueprint) {
    BlueprintCount c;
    for (const Module& m : bank.modules()) {
        if (m.practice) {
            c.practice.push_back(m.identifier);
            continue;
        }
        BlueprintModule row;
        row.identifier = m.identifier;
        row.ct = std::find(blueprint.ctModules.begin(), blueprint.ctModules.end(), m.identifier) !=
                 blueprint.ctModules.end();
        row.limitMinutes = m.maxTimeSeconds / 60.0;
        const ModuleVariant& v = m.variant("nl");
        for (size_t i = 0; i < m.refs.size(); ++i) {
            const ItemRef& ref = m.refs[i];
            // Every item takes time, scored or not.
            row.minutes += ref.minutes;
            if (ref.minutes <= 0) row.withoutMinutes.push_back(ref.identifier);
            // And is meant for some ages: the module for the ages all its items are.
            if (ref.ageFrom <= 0) {
                row.withoutAge.push_back(ref.identifier);
            } else {
                const bool first = row.ageFrom == 0 && row.ageTo == 0;
                row.ageFrom = first ? ref.ageFrom : std::max(row.ageFrom, ref.ageFrom);
                row.ageTo = first ? ref.ageTo : std::min(row.ageTo, ref.ageTo);
                if (blueprint.ageFrom > 0 && (ref.ageFrom < blueprint.ageFrom || ref.ageTo > blueprint.ageTo))
                    row.outsideAges.push_back(ref.identifier + " (" + ageRangeText(ref.ageFrom, ref.ageTo) + ")");
            }
            const Item* item = i < v.items.size() ? v.items[i].get() : nullptr;
            const double points = item ? item->maxScore() : 0;
            if (points <= 0) {
                ++c.unscored;
                continue;
            }
            const double teacher = std::min(points, teacherPoints(*item));
            row.tally.add(points, teacher);
            c.total.add(points, teacher);
            c.domains[ref.domain].add(points, teacher);
            if (ref.kerndoelen.empty()) c.withoutKerndoel.add(points, teacher);
            std::set<int> seen;
            for (int k : ref.kerndoelen)
                if (k >= 1 && k <= 9 && seen.insert(k).second) c.kerndoelen[k].add(points, teacher);
            const IcilsAspect* a = findIcilsAspect(ref.aspect);
            if (!a) {
                c.withoutAspect.add(points, teacher);
                continue;
            }
            c.aspects[std::string(a->id)].add(points, teacher);
            c.strands[std::string(a->strand)].add(points, teacher);
            (a->part == IcilsPart::Cil ? c.cil : c.ct).add(points, teacher);
            if ((a->part == IcilsPart::Ct) != row.ct) row.otherPartItems.push_back(ref.identifier);
        }
        c.modules.push_back(std::move(row));
    }
    return c;
}

std::vector<Finding> compareBlueprint(const BlueprintCount& count, const Blueprint& blueprint, const ItemBank& bank,
                                      const std::string& blueprintPath) {
    std::vector<Finding> out;
    auto warn = [&](std::string message) { out.push_back({blueprintPath, 0, Severity::Warning, std::move(message)}); };
    auto list = [](const std::vector<std::string>& ids) {
        std::string s;
        for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
        return s;
    };
    for (const std::string& id : blueprint.ctModules)
        if (!bank.findModule(id)) {
            const auto& r = bank.refusedModules();
            if (std::any_of(r.begin(), r.end(), [&](const RefusedModule& m) { return m.identifier == id; })) continue;
            out.push_back({blueprintPath, 0, Severity::Error,
                           "\"ctModules\" names '" + id + "', which is not a module of the bank"});
        }
    for (const RefusedModule& r : bank.refusedModules())
        warn("module '" + r.identifier + "' is left out of the bank (a broken version) and of this count");
    for (const BlueprintModule& m : count.modules) {
        if (!m.otherPartItems.empty())
            warn("module '" + m.identifier + "' is a " + (m.ct ? "CT" : "CIL") + " module but holds " +
                 std::to_string(m.otherPartItems.size()) + " " + (m.ct ? "CIL" : "CT") +
                 " item(s): " + list(m.otherPartItems));
        if (!m.withoutMinutes.empty())
            warn("module '" + m.identifier + "' has " + std::to_string(m.withoutMinutes.size()) +
                 " item(s) without an estimated time (dlk-minutes-*), so whether it fits its time is unknown: " +
                 list(m.withoutMinutes));
        if (!m.withoutAge.empty())
            warn("module '" + m.identifier + "' has " + std::to_string(m.withoutAge.size()) +
                 " item(s) without an intended age (dlk-age-*): " + list(m.withoutAge));
        if (!m.outsideAges.empty())
            warn("module '" + m.identifier + "' has " + std::to_string(m.outsideAges.size()) +
                 " item(s) meant for ages outside the bank's " + ageRangeText(blueprint.ageFrom, blueprint.ageTo) +
                 ": " + list(m.outsideAges));
        if (m.ageFrom > m.ageTo)
            warn("module '" + m.identifier + "' has no age that all its items are meant for (one from age " +
                 std::to_string(m.ageFrom) + ", another up to age " + std::to_string(m.ageTo) + ")");
        if (m.limitMinutes > 0 && m.minutes > m.limitMinutes + 1e-9)
            warn("module '" + m.identifier + "' is estimated at " + oneDecimal(m.minutes) +
                 " minutes, more than its time limit of " + oneDecimal(m.limitMinutes) +
                 " (pupils would not reach its last items)");
    }
    auto compare = [&](const std::vector<BlueprintTarget>& targets, const char* what, double of,
                       const std::string& ofWhat, auto&& pointsOf, auto&& labelOf) {
        if (!targets.empty() && of <= 0) {
            warn("the bank has none of " + ofWhat + ", so its " + what + " targets are not met");
            return;
        }
        for (const BlueprintTarget& t : targets) {
            const double share = blueprintShare(pointsOf(t.key), of);
            if (std::fabs(share - t.percent) > blueprint.tolerance + 1e-9)
                warn(std::string(what) + " " + labelOf(t.key) + " has " + oneDecimal(share) + "% of " + ofWhat +
                     "; the target is " + oneDecimal(t.percent) + "% (± " + oneDecimal(blueprint.tolerance) + ")");
        }
    };
    auto icilsPoints = [&](const std::string& key) {
        const auto& map = findIcilsAspect(key) ? count.aspects : count.strands;
        const auto it = map.find(key);
        return it == map.end() ? 0.0 : it->second.points;
    };
    auto icilsLabel = [](const std::string& key) {
        if (const IcilsAspect* a = findIcilsAspect(key)) return "aspect " + key + " (" + std::string(a->name) + ")";
        return "strand " + key + " (" + std::string(icilsStrandName(key)) + ")";
    };
    compare(blueprint.cil, "CIL", count.cil.points, "the CIL points", icilsPoints, icilsLabel);
    compare(blueprint.ct, "CT", count.ct.points, "the CT points", icilsPoints, icilsLabel);
    compare(
        blueprint.domains, "domain", count.total.points, "all points",
        [&](const std::string& key) {
            const auto it = count.domains.find(*domainFromId(key));
            return it == count.domains.end() ? 0.0 : it->second.points;
        },
        [](const std::string& key) { return "'" + key + "'"; });
    return out;
}

}  // namespace dlk
