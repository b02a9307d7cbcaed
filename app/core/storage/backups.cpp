#include "storage/backups.h"

#include <algorithm>
#include <filesystem>

#include "support/logger.h"
#include "support/paths.h"
#include "util/text.h"

namespace dlk {

std::string backupBeforeChange(Database& db, const std::string& reason, int64_t nowMs) {
    if (db.path().empty() || db.path() == ":memory:") return {};
    const auto dir = std::filesystem::path(db.path()).parent_path() / "backups";
    makePrivateDir(dir.string());
    std::string stamp = isoTimestamp(nowMs);
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    const std::string target = (dir / ("dlkiosk-" + stamp + "-" + reason + ".db")).string();
    db.backupTo(target);
    logInfo("backup " + reason + ": " + target);
    return target;
}

}  // namespace dlk
