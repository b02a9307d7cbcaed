#include "delivery/session_plan.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/logger.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace {
Json designJson(const BookletDesign& d) {
    Json j = Json::object();
    j["tutorial"] = d.tutorial;
    j["modules"] = d.pool;
    j["perPupil"] = d.modulesPerPupil;
    return j;
}
}  // namespace

BookletDesign loadSessionDesign(const std::string& itemsDir, const ItemBank& bank) {
    BookletDesign design;
    const std::filesystem::path path = std::filesystem::path(itemsDir) / "session-design.json";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        for (const Module& m : bank.modules()) design.pool.push_back(m.identifier);
        return design;
    }
    const std::string where = path.string();
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw Error(ErrorKind::Io, where + ": cannot be read");
    const Json j = parseJson(text.str(), where);
    if (!j.is_object()) throw Error(ErrorKind::Invalid, where + ": must be a JSON object");
    auto known = [&](const std::string& id) { return bank.findModule(id) != nullptr; };
    // A module the bank left out because a version of it is broken (the teacher's Itembank tab
    // names the file) is dealt to nobody, and the kiosk still starts: one broken module must not
    // keep a class from the others. A module the bank never had is a mistake in this file.
    auto refused = [&](const std::string& id) {
        const auto& r = bank.refusedModules();
        const bool left = std::any_of(r.begin(), r.end(), [&](const RefusedModule& m) { return m.identifier == id; });
        if (left) logWarning(where + ": module '" + id + "' is left out of the item bank; no pupil is dealt it");
        return left;
    };
    if (const auto t = j.find("tutorial"); t != j.end() && !t->is_null()) {
        if (!t->is_string()) throw Error(ErrorKind::Invalid, where + ": \"tutorial\" must be a module id");
        design.tutorial = t->get<std::string>();
        if (!design.tutorial.empty() && refused(design.tutorial)) design.tutorial.clear();
        if (!design.tutorial.empty() && !known(design.tutorial))
            throw Error(ErrorKind::Invalid,
                        where + ": tutorial module '" + design.tutorial + "' is not in the item bank");
    }
    const auto modules = j.find("modules");
    if (modules == j.end() || !modules->is_array() || modules->empty())
        throw Error(ErrorKind::Invalid, where + ": \"modules\" must list at least one module id");
    std::set<std::string> seen;
    for (const Json& m : *modules) {
        if (!m.is_string())
            throw Error(ErrorKind::Invalid, where + ": \"modules\" holds something that is not a module id");
        const std::string& id = m.get_ref<const std::string&>();
        if (refused(id)) continue;
        if (!known(id)) throw Error(ErrorKind::Invalid, where + ": module '" + id + "' is not in the item bank");
        if (id == design.tutorial)
            throw Error(ErrorKind::Invalid, where + ": the tutorial '" + id + "' is also in \"modules\"");
        if (!seen.insert(id).second) throw Error(ErrorKind::Invalid, where + ": module '" + id + "' is listed twice");
        design.pool.push_back(id);
    }
    if (design.pool.empty())
        throw Error(ErrorKind::Invalid,
                    where + ": every module it names is left out of the item bank (see its problems)");
    if (design.pool.size() > 12) throw Error(ErrorKind::Invalid, where + ": at most 12 modules can be dealt");
    if (const auto n = j.find("perPupil"); n != j.end() && !n->is_null()) {
        const double v = n->is_number() ? n->get<double>() : -1;
        // Checked against the range before the cast: a cast of 1e300 to int is undefined.
        if (!(v >= 0 && v <= 12) || v != std::floor(v))
            throw Error(ErrorKind::Invalid,
                        where + ": \"perPupil\" must be a whole number of 0 or more (0: every module)");
        design.modulesPerPupil = static_cast<int>(v);
    }
    return design;
}

uint64_t SessionPlans::rotationSeed() {
    {
        auto st = m_db.prepare("SELECT value FROM meta WHERE key='booklet_seed'");
        if (st.step()) {
            int64_t v = 0;
            if (!parseInt64(st.getText(0), v) || v < 0)
                throw Error(ErrorKind::Corrupt, m_db.path() + ": booklet_seed '" + st.getText(0) + "' is not a number");
            return static_cast<uint64_t>(v);
        }
    }
    if (sodium_init() < 0) throw Error(ErrorKind::Io, "libsodium could not start");
    const uint64_t seed = randombytes_uniform(1u << 30);
    auto put = m_db.prepare("INSERT INTO meta(key, value) VALUES ('booklet_seed', ?)");
    put.bind(1, std::to_string(seed));
    put.run();
    return seed;
}

std::optional<SessionPlan> SessionPlans::find(int64_t pupilId) {
    auto st = m_db.prepare("SELECT modules, seed, design FROM session_plans WHERE pupil_id=?");
    st.bind(1, pupilId);
    if (!st.step()) return std::nullopt;
    SessionPlan plan;
    plan.seed = static_cast<uint64_t>(st.getInt(1));
    const std::string where = m_db.path() + ": the session plan of pupil " + std::to_string(pupilId);
    try {
        const Json modules = parseJson(st.getText(0), "modules");
        if (modules.is_array())
            for (const Json& m : modules)
                if (m.is_string()) plan.modules.push_back(m.get<std::string>());
        const Json design = parseJson(st.getText(2), "design");
        if (const auto s = design.find("sequence"); s != design.end() && s->is_number_unsigned())
            plan.sequence = s->get<uint64_t>();
    } catch (const Error& e) {
        throw Error(ErrorKind::Corrupt, where + " is damaged: " + e.what());
    }
    if (plan.modules.empty()) throw Error(ErrorKind::Corrupt, where + " lists no modules");
    return plan;
}

SessionPlan SessionPlans::planFor(int64_t pupilId, const BookletDesign& design, int64_t nowMs) {
    if (auto stored = find(pupilId)) return *stored;
    Transaction tx(m_db);
    BookletDesign seeded = design;
    seeded.seed = rotationSeed();
    auto count = m_db.prepare("SELECT count(*) FROM session_plans");
    count.step();
    SessionPlan plan;
    plan.seed = seeded.seed;
    plan.sequence = static_cast<uint64_t>(count.getInt(0));
    plan.modules = seeded.modulesFor(plan.sequence);
    const Json modules = plan.modules;
    Json recorded = designJson(design);
    recorded["sequence"] = plan.sequence;
    auto put =
        m_db.prepare("INSERT INTO session_plans(pupil_id, design, seed, modules, created_at) VALUES (?, ?, ?, ?, ?)");
    put.bind(1, pupilId).bind(2, dumpJson(recorded)).bind(3, static_cast<int64_t>(plan.seed));
    put.bind(4, dumpJson(modules));
    put.bind(5, isoTimestamp(nowMs));
    put.run();
    tx.commit();
    return plan;
}

SessionPlan SessionPlans::assign(int64_t pupilId, const std::vector<std::string>& modules, int64_t nowMs) {
    if (modules.empty()) throw Error(ErrorKind::Invalid, "a plan needs at least one module");
    Transaction tx(m_db);
    if (find(pupilId)) throw Error(ErrorKind::Invalid, "pupil " + std::to_string(pupilId) + " already has a plan");
    SessionPlan plan;
    plan.modules = modules;
    const Json list = modules;
    auto put =
        m_db.prepare("INSERT INTO session_plans(pupil_id, design, seed, modules, created_at) VALUES (?, ?, 0, ?, ?)");
    put.bind(1, pupilId).bind(2, "{\"assigned\":true}").bind(3, dumpJson(list)).bind(4, isoTimestamp(nowMs));
    put.run();
    tx.commit();
    return plan;
}

}  // namespace dlk
