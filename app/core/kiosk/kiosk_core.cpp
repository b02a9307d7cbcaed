#include "kiosk/kiosk_core.h"

#include <algorithm>
#include <filesystem>

#include "storage/schema.h"
#include "support/logger.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {
std::unique_ptr<Database> openChecked(const std::string& path) {
    std::unique_ptr<Database> db;
    try {
        db = std::make_unique<Database>(path);
        const std::string check = db->quickCheck();
        if (check != "ok") throw Error(ErrorKind::Corrupt, check);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Corrupt) throw;
        const fs::path backups = fs::path(path).parent_path() / "backups";
        throw Error(ErrorKind::Corrupt, "the database " + path + " is damaged (" + e.what() +
                                            "). Nothing was changed. The last good copies are in " + backups.string() +
                                            "; copy one over the damaged file to restore it.");
    }
    migrateSchema(*db);
    return db;
}
}  // namespace

void requireKioskData(const std::string& dataDir) {
    std::error_code ec;
    const fs::path folder(dataDir);
    const fs::path db = folder / "dlkiosk.db";
    const std::string hint = " (start the kiosk there first, or make a demo school with dlkiosk demo --data " +
                             dataDir + "); nothing was created";
    if (!fs::exists(folder, ec))
        throw Error(ErrorKind::NotFound, "no kiosk data in " + dataDir + ": the folder does not exist" + hint);
    if (!fs::is_directory(folder, ec))
        throw Error(ErrorKind::NotFound, "no kiosk data in " + dataDir + ": it is not a folder" + hint);
    if (!fs::is_regular_file(db, ec))
        throw Error(ErrorKind::NotFound, "no kiosk data in " + dataDir + ": it holds no dlkiosk.db" + hint);
    if (fs::file_size(db, ec) == 0 || ec)
        throw Error(ErrorKind::NotFound, "no kiosk data in " + dataDir + ": its dlkiosk.db is empty" + hint);
}

KioskCore::KioskCore(const std::string& dataDir, const std::string& itemsDir)
    : m_dataDir(dataDir),
      m_db((prepareDataDir(dataDir), openChecked((fs::path(dataDir) / "dlkiosk.db").string()))),
      m_bank(ItemBank::load(itemsDir)),
      m_school(*m_db),
      m_responses(*m_db),
      m_designs(loadSessionDesigns(itemsDir, m_bank)),
      m_plans(*m_db) {
    m_school.hashLegacyCodes();
    for (const auto& p : m_bank.problems()) logWarning("item bank: " + p.text());
    if (!sessionDesign().tutorial.empty()) m_bank.markPractice(sessionDesign().tutorial);
    const fs::path params = fs::path(itemsDir) / "irt" / "items.csv";
    if (fs::is_directory(itemsDir) && fs::exists(params)) {
        try {
            m_calibration = readItemsCsv(params.string());
        } catch (const Error& e) {
            // Without parameters the teacher sees raw scores only; the kiosk itself is unaffected.
            logWarning(std::string("item parameters not used: ") + e.what());
        }
    }
    if (fs::is_directory(itemsDir)) {
        try {
            m_dif = loadBankDif(itemsDir);
        } catch (const Error& e) {
            // Without it the item analysis has no DIF flags; `dlkiosk validate --blueprint` names the line.
            logWarning(std::string("DIF table not used: ") + e.what());
        }
    }
}

void KioskCore::loadLevels(const std::string& path) {
    try {
        m_levels = LevelTable::load(path);
    } catch (const Error& e) {
        logWarning(std::string("level table not used: ") + e.what());
    }
}

std::string KioskCore::databasePath() const {
    return (fs::path(m_dataDir) / "dlkiosk.db").string();
}

std::string KioskCore::backup(int64_t nowMs) {
    const fs::path dir = fs::path(m_dataDir) / "backups";
    makePrivateDir(dir.string());
    std::string stamp = isoTimestamp(nowMs);
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    const std::string target = (dir / ("dlkiosk-" + stamp + ".db")).string();
    m_db->backupTo(target);
    std::vector<fs::path> copies;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".db") copies.push_back(e.path());
    std::sort(copies.begin(), copies.end());
    std::error_code ec;
    for (size_t i = 0; i + 3 < copies.size(); ++i) fs::remove(copies[i], ec);
    return target;
}

}  // namespace dlk
