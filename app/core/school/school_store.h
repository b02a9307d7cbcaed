#pragma once
// The school's own records: the school and its teacher PIN, classes, and pupils with their codes
// and (optional) names. Names and codes are the teacher's private list: they never leave the
// machine (see export/) and never enter the log.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/database.h"

namespace dlk {

struct ClassInfo {
    int64_t id = 0;
    std::string name;
    int pupilCount = 0;
};

// Set per pupil by the teacher, applied when the pupil logs in.
struct Accommodations {
    int textScalePct = 100;  // 100, 125, 150 or 200
    bool highContrast = false;
    int extraTimePct = 0;       // 0 to 100: added to every module's time limit
    bool dyslexiaFont = false;  // OpenDyslexic instead of DejaVu Sans
    bool readAloud = false;     // item text, choices and buttons spoken through espeak-ng
    bool operator==(const Accommodations&) const = default;
};

struct PupilInfo {
    int64_t id = 0;
    int64_t classId = 0;
    std::string code;
    std::string displayName;  // may be empty
    std::string language = "nl";
    Accommodations accommodations;
};

enum class PinCheck { Ok, Wrong, Locked };

struct PinResult {
    PinCheck result = PinCheck::Wrong;
    int lockedSeconds = 0;  // with Locked: how long before the next try is taken
};

class SchoolStore {
public:
    explicit SchoolStore(Database& db) : m_db(db) {}

    bool isSetUp();
    std::string schoolName();
    // First start: the school's name and the teacher PIN (see pinProblem for the rules).
    void setUpSchool(const std::string& name, const std::string& pin, int64_t nowMs);
    void changePin(const std::string& newPin);

    // Wrong PINs are counted in the database, so a restart does not reset the growing delay.
    PinResult checkPin(const std::string& pin, int64_t nowMs);

    int64_t createClass(const std::string& name, int64_t nowMs);
    std::vector<ClassInfo> classes();
    std::optional<ClassInfo> findClass(const std::string& name);
    // Makes `names.size()` pupils (a name may be empty) with fresh unique codes, in one transaction.
    std::vector<PupilInfo> addPupils(int64_t classId, const std::vector<std::string>& names, int64_t nowMs);
    std::vector<PupilInfo> pupils(int64_t classId);
    std::optional<PupilInfo> findPupilByCode(const std::string& typedCode);
    std::string pseudonymKey();
    // Throws dlk::Error(Invalid) for values outside the steps above.
    void setAccommodations(int64_t pupilId, const Accommodations& a);

private:
    Database& m_db;
};

}  // namespace dlk
