#pragma once
// The composition of the core for one data folder: the database (checked and migrated), the item
// bank, and the stores over them. The kiosk window and every CLI command start from here.
#include <memory>
#include <string>

#include "bank/bank_dif.h"
#include "bank/item_bank.h"
#include "delivery/booklet_design.h"
#include "delivery/response_store.h"
#include "delivery/session_flow.h"
#include "delivery/session_plan.h"
#include "irt/items_csv.h"
#include "irt/reporting_scale.h"
#include "school/school_store.h"
#include "storage/database.h"

namespace dlk {

// For the commands that only read a data folder (export): throws Error(NotFound) "no kiosk data
// in DIR: ..." when the folder does not exist, holds no dlkiosk.db, or an empty one, so such a
// command refuses before KioskCore would create a folder and an empty database. Creates nothing.
void requireKioskData(const std::string& dataDir);

class KioskCore {
public:
    // Throws dlk::Error: ReadOnly/Io for an unusable folder, Corrupt for a database that fails
    // its quick check (never silently starts empty), Io/Parse for a missing item bank.
    KioskCore(const std::string& dataDir, const std::string& itemsDir);

    Database& db() { return *m_db; }
    const ItemBank& bank() const { return m_bank; }
    SchoolStore& school() { return m_school; }
    ResponseStore& responses() { return m_responses; }
    // What each pupil takes (<items>/session-design.json): its designs, the default one, and the
    // plans dealt from them.
    const SessionDesigns& sessionDesigns() const { return m_designs; }
    const BookletDesign& sessionDesign() const { return m_designs.defaultDesign(); }
    SessionPlans& sessionPlans() { return m_plans; }
    // A pupil's next module and its start, over this kiosk's bank, design, plans and attempts.
    SessionFlow sessionFlow() { return SessionFlow(m_bank, m_designs, m_plans, m_responses); }
    const std::string& dataDir() const { return m_dataDir; }
    std::string databasePath() const;
    // Item parameters of the bank (<items>/irt/items.csv) when it has them, and the level table.
    const std::optional<CalibratedItems>& calibration() const { return m_calibration; }
    const std::optional<LevelTable>& levels() const { return m_levels; }
    // The bank's DIF table (<items>/irt/dif.csv, bank/bank_dif.h) when it has a readable one.
    const std::optional<BankDif>& dif() const { return m_dif; }
    // Reads the level table (assets/irt/levels.csv); a missing or broken file is logged, not fatal.
    void loadLevels(const std::string& path);
    // A consistent copy in <data>/backups/, the last three kept; done after each pupil finishes.
    std::string backup(int64_t nowMs);

private:
    std::string m_dataDir;
    std::unique_ptr<Database> m_db;
    ItemBank m_bank;
    SchoolStore m_school;
    ResponseStore m_responses;
    SessionDesigns m_designs;
    SessionPlans m_plans;
    std::optional<CalibratedItems> m_calibration;
    std::optional<LevelTable> m_levels;
    std::optional<BankDif> m_dif;
};

}  // namespace dlk
