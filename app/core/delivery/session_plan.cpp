#include "delivery/session_plan.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "support/logger.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace {
Json designJson(const BookletDesign& d) {
    Json j = Json::object();
    j["name"] = d.name;
    j["tutorial"] = d.tutorial;
    Json parts = Json::array();
    for (const DesignPart& p : d.parts) {
        Json part = Json::object();
        part["modules"] = p.pool;
        part["perPupil"] = p.perPupil;
        parts.push_back(part);
    }
    j["parts"] = parts;
    return j;
}

// Reads one file's designs; `where` is the file's path, put before every problem.
class DesignReader {
public:
    DesignReader(const ItemBank& bank, std::string where) : m_bank(bank), m_where(std::move(where)) {}

    [[noreturn]] void fail(const std::string& what) const { throw Error(ErrorKind::Invalid, m_where + ": " + what); }

    // A module the bank left out because a version of it is broken (the teacher's Itembank tab
    // names the file) is dealt to nobody, and the kiosk still starts: one broken module must not
    // keep a class from the others. A module the bank never had is a mistake in this file.
    bool refused(const std::string& id) const {
        const auto& r = m_bank.refusedModules();
        const bool left = std::any_of(r.begin(), r.end(), [&](const RefusedModule& m) { return m.identifier == id; });
        if (left) logWarning(m_where + ": module '" + id + "' is left out of the item bank; no pupil is dealt it");
        return left;
    }
    bool known(const std::string& id) const { return m_bank.findModule(id) != nullptr; }

    std::string tutorial(const Json& j) const {
        const auto t = j.find("tutorial");
        if (t == j.end() || t->is_null()) return "";
        if (!t->is_string()) fail("\"tutorial\" must be a module id");
        std::string id = t->get<std::string>();
        if (!id.empty() && refused(id)) return "";
        if (!id.empty() && !known(id)) fail("tutorial module '" + id + "' is not in the item bank");
        return id;
    }

    // One part: {"modules": [...], "perPupil": N}. `in` names the design for the messages. An
    // empty pool (every module left out of the bank) is returned as such and dropped by the caller.
    DesignPart part(const Json& j, const std::string& in, const std::string& tutorial,
                    std::set<std::string>& seen) const {
        DesignPart part;
        const auto modules = j.find("modules");
        if (modules == j.end() || !modules->is_array() || modules->empty())
            fail(in + "\"modules\" must list at least one module id");
        size_t listed = 0;
        for (const Json& m : *modules) {
            if (!m.is_string()) fail(in + "\"modules\" holds something that is not a module id");
            const std::string& id = m.get_ref<const std::string&>();
            ++listed;
            if (!seen.insert(id).second) fail(in + "module '" + id + "' is listed twice");
            if (refused(id)) continue;
            if (!known(id)) fail(in + "module '" + id + "' is not in the item bank");
            if (id == tutorial) fail(in + "the tutorial '" + id + "' is also in \"modules\"");
            part.pool.push_back(id);
        }
        if (listed > 12) fail(in + "at most 12 modules can be dealt from one part");
        if (const auto n = j.find("perPupil"); n != j.end() && !n->is_null()) {
            const double v = n->is_number() ? n->get<double>() : -1;
            // Checked against the range before the cast: a cast of 1e300 to int is undefined.
            if (!(v >= 0 && v <= 12) || v != std::floor(v))
                fail(in + "\"perPupil\" must be a whole number of 0 or more (0: every module)");
            if (static_cast<size_t>(v) > listed)
                fail(in + "\"perPupil\" is " + std::to_string(static_cast<int>(v)) + " but its \"modules\" list only " +
                     std::to_string(listed));
            part.perPupil = static_cast<int>(v);
        }
        return part;
    }

    // A design: {"name", "label", "tutorial", "parts": [...]} or of the old form (modules, perPupil).
    BookletDesign design(const Json& j, const std::string& name, const std::string& tutorial) const {
        const std::string in = name.empty() ? "" : "design '" + name + "': ";
        BookletDesign d;
        d.name = name;
        d.tutorial = tutorial;
        std::set<std::string> seen;
        const auto parts = j.find("parts");
        std::vector<DesignPart> read;
        if (parts != j.end()) {
            if (j.contains("modules")) fail(in + "has both \"parts\" and \"modules\"");
            if (!parts->is_array() || parts->empty()) fail(in + "\"parts\" must list at least one part");
            for (const Json& p : *parts) {
                if (!p.is_object()) fail(in + "each of \"parts\" must be an object with \"modules\"");
                read.push_back(part(p, in, tutorial, seen));
            }
        } else {
            read.push_back(part(j, in, tutorial, seen));
        }
        for (DesignPart& p : read) {
            if (p.pool.empty()) continue;
            // A pool that lost modules to the bank deals what is left.
            if (static_cast<size_t>(p.perPupil) > p.pool.size()) p.perPupil = 0;
            d.parts.push_back(std::move(p));
        }
        if (d.parts.empty()) fail(in + "every module it names is left out of the item bank (see its problems)");
        if (const auto label = j.find("label"); label != j.end()) {
            if (!label->is_object()) fail(in + "\"label\" must be an object {\"nl\": ..., \"en\": ...}");
            const auto nl = label->find("nl"), en = label->find("en");
            if (nl != label->end() && nl->is_string()) d.labelNl = nl->get<std::string>();
            if (en != label->end() && en->is_string()) d.labelEn = en->get<std::string>();
        }
        return d;
    }

private:
    const ItemBank& m_bank;
    std::string m_where;
};
}  // namespace

const BookletDesign& SessionDesigns::defaultDesign() const {
    if (const BookletDesign* d = find(defaultName)) return *d;
    if (designs.empty()) throw Error(ErrorKind::Invalid, "there is no session design");
    return designs.front();
}

const BookletDesign* SessionDesigns::find(const std::string& name) const {
    for (const BookletDesign& d : designs)
        if (d.name == name) return &d;
    return nullptr;
}

const BookletDesign& SessionDesigns::chosen(const std::string& name) const {
    if (name.empty()) return defaultDesign();
    if (const BookletDesign* d = find(name)) return *d;
    logWarning("session design '" + name + "' is no longer in session-design.json; the default '" +
               defaultDesign().name + "' is dealt");
    return defaultDesign();
}

SessionDesigns loadSessionDesigns(const std::string& itemsDir, const ItemBank& bank) {
    SessionDesigns out;
    const std::filesystem::path path = std::filesystem::path(itemsDir) / "session-design.json";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        BookletDesign all;
        all.name = "standaard";
        DesignPart part;
        for (const Module& m : bank.modules()) part.pool.push_back(m.identifier);
        all.parts.push_back(std::move(part));
        out.designs.push_back(std::move(all));
        out.defaultName = "standaard";
        return out;
    }
    const std::string where = path.string();
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw Error(ErrorKind::Io, where + ": cannot be read");
    const Json j = parseJson(text.str(), where);
    if (!j.is_object()) throw Error(ErrorKind::Invalid, where + ": must be a JSON object");
    const DesignReader reader(bank, where);
    const std::string tutorial = reader.tutorial(j);
    const auto designs = j.find("designs");
    if (designs == j.end()) {  // the older form: one design
        out.designs.push_back(reader.design(j, "", tutorial));
        out.designs.back().name = out.defaultName = "standaard";
        return out;
    }
    if (j.contains("modules")) reader.fail("has both \"designs\" and \"modules\"");
    if (!designs->is_array() || designs->empty()) reader.fail("\"designs\" must list at least one design");
    for (const Json& d : *designs) {
        if (!d.is_object()) reader.fail("each of \"designs\" must be an object with a \"name\"");
        const auto name = d.find("name");
        if (name == d.end() || !name->is_string() || trim(name->get<std::string>()).empty())
            reader.fail("each of \"designs\" needs a \"name\"");
        const std::string n = name->get<std::string>();
        if (out.find(n)) reader.fail("two designs are named '" + n + "'");
        if (d.contains("tutorial")) reader.fail("design '" + n + "': the tutorial is named once, for the whole file");
        out.designs.push_back(reader.design(d, n, tutorial));
    }
    const auto def = j.find("default");
    if (def == j.end() || def->is_null()) {
        out.defaultName = out.designs.front().name;
    } else {
        if (!def->is_string()) reader.fail("\"default\" must be the name of a design");
        out.defaultName = def->get<std::string>();
        if (!out.find(out.defaultName))
            reader.fail("the default design '" + out.defaultName + "' is not in \"designs\"");
    }
    return out;
}

int designMinutes(const BookletDesign& design, const ItemBank& bank) {
    auto seconds = [&](const std::string& id) {
        const Module* m = bank.findModule(id);
        return m ? m->maxTimeSeconds : 0;
    };
    double total = design.tutorial.empty() ? 0 : seconds(design.tutorial);
    for (const DesignPart& p : design.parts) {
        if (p.pool.empty()) continue;
        double sum = 0;
        for (const std::string& id : p.pool) sum += seconds(id);
        total += static_cast<double>(p.chosenCount()) * sum / static_cast<double>(p.pool.size());
    }
    return static_cast<int>(std::lround(total / 60.0));
}

BookletDesign loadSessionDesign(const std::string& itemsDir, const ItemBank& bank) {
    return loadSessionDesigns(itemsDir, bank).defaultDesign();
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

void SessionPlans::pinRotationSeed(uint64_t seed) {
    auto put = m_db.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('booklet_seed', ?)");
    put.bind(1, std::to_string(seed % (1u << 30)));  // in the range of a drawn one
    put.run();
}

namespace {

// A stored plan from a row of SELECT modules, seed, design (columns `first` on).
SessionPlan storedPlan(const Database& db, Statement& st, int first, int64_t pupilId) {
    SessionPlan plan;
    plan.seed = static_cast<uint64_t>(st.getInt(first + 1));
    // Made only when it is needed: a school's export reads every pupil's plan.
    const auto where = [&] { return db.path() + ": the session plan of pupil " + std::to_string(pupilId); };
    try {
        const Json modules = parseJson(st.getText(first), "modules");
        if (modules.is_array())
            for (const Json& m : modules)
                if (m.is_string()) plan.modules.push_back(m.get<std::string>());
        const Json design = parseJson(st.getText(first + 2), "design");
        if (const auto s = design.find("sequence"); s != design.end() && s->is_number_unsigned())
            plan.sequence = s->get<uint64_t>();
    } catch (const Error& e) {
        throw Error(ErrorKind::Corrupt, where() + " is damaged: " + e.what());
    }
    if (plan.modules.empty()) throw Error(ErrorKind::Corrupt, where() + " lists no modules");
    return plan;
}

}  // namespace

std::optional<SessionPlan> SessionPlans::find(int64_t pupilId) {
    auto st = m_db.prepare("SELECT modules, seed, design FROM session_plans WHERE pupil_id=?");
    st.bind(1, pupilId);
    if (!st.step()) return std::nullopt;
    return storedPlan(m_db, st, 0, pupilId);
}

const std::vector<std::string>* DealtModules::of(int64_t pupilId) const {
    const auto it = std::lower_bound(m_byPupil.begin(), m_byPupil.end(), pupilId,
                                     [](const std::pair<int64_t, size_t>& e, int64_t id) { return e.first < id; });
    return it != m_byPupil.end() && it->first == pupilId ? &m_lists[it->second] : nullptr;
}

DealtModules SessionPlans::modulesOfClass(int64_t classId) {
    DealtModules out;
    std::unordered_map<std::string, size_t> listOfText;  // each distinct stored text parsed once
    auto st = m_db.prepare(
        "SELECT s.pupil_id, s.modules FROM session_plans s JOIN pupils p ON p.id=s.pupil_id "
        "WHERE ?=0 OR p.class_id=? ORDER BY s.pupil_id");
    st.bind(1, classId).bind(2, classId);
    while (st.step()) {
        const int64_t pupilId = st.getInt(0);
        auto [known, added] = listOfText.try_emplace(st.getText(1), out.m_lists.size());
        if (added) {
            // As storedPlan reads a plan's modules (the same errors), but once per text.
            std::vector<std::string>& modules = out.m_lists.emplace_back();
            try {
                const Json list = parseJson(known->first, "modules");
                if (list.is_array())
                    for (const Json& m : list)
                        if (m.is_string()) modules.push_back(m.get<std::string>());
            } catch (const Error& e) {
                throw Error(ErrorKind::Corrupt, m_db.path() + ": the session plan of pupil " + std::to_string(pupilId) +
                                                    " is damaged: " + e.what());
            }
            if (modules.empty())
                throw Error(ErrorKind::Corrupt, m_db.path() + ": the session plan of pupil " + std::to_string(pupilId) +
                                                    " lists no modules");
        }
        out.m_byPupil.emplace_back(pupilId, known->second);
    }
    return out;
}

uint64_t SessionPlans::dealtBefore(int64_t pupilId, const std::string& designName) {
    auto cls = m_db.prepare("SELECT class_id FROM pupils WHERE id=?");
    cls.bind(1, pupilId);
    if (!cls.step()) {  // no such pupil (a test's or a demo's bare id): every plan counts
        auto count = m_db.prepare("SELECT count(*) FROM session_plans");
        count.step();
        return static_cast<uint64_t>(count.getInt(0));
    }
    // Plans dealt by the kiosk record their design as JSON (designJson); assigned ones have no name.
    auto count = m_db.prepare(
        "SELECT count(*) FROM session_plans s JOIN pupils p ON p.id = s.pupil_id "
        "WHERE p.class_id = ? AND json_valid(s.design) AND coalesce(json_extract(s.design, '$.name'), '') = ?");
    count.bind(1, cls.getInt(0)).bind(2, designName);
    count.step();
    return static_cast<uint64_t>(count.getInt(0));
}

int SessionPlans::dealtInClass(int64_t classId) {
    auto st =
        m_db.prepare("SELECT count(*) FROM session_plans s JOIN pupils p ON p.id = s.pupil_id WHERE p.class_id=?");
    st.bind(1, classId);
    st.step();
    return static_cast<int>(st.getInt(0));
}

std::string SessionPlans::chosenDesign(int64_t pupilId) {
    auto st = m_db.prepare(
        "SELECT coalesce(c.session_design, '') FROM pupils p JOIN classes c ON c.id = p.class_id WHERE p.id=?");
    st.bind(1, pupilId);
    return st.step() ? st.getText(0) : std::string();
}

SessionPlan SessionPlans::planFor(int64_t pupilId, const BookletDesign& design, int64_t nowMs) {
    if (auto stored = find(pupilId)) return *stored;
    Transaction tx(m_db);
    BookletDesign seeded = design;
    seeded.seed = rotationSeed();
    SessionPlan plan;
    plan.seed = seeded.seed;
    plan.sequence = dealtBefore(pupilId, design.name);
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
