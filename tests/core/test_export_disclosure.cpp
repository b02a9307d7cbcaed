// Disclosure control of the export (export/disclosure.h): the pupil file is 5-anonymous on the
// class and the accommodations, small classes are pooled or left out, and the aggregate table
// has no statistic of 5 pupils or fewer, none that the others give away, and no share of 0% or 100%.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>

#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "delivery/session_plan.h"
#include "export/csv_export.h"
#include "export/disclosure.h"
#include "school/incidents.h"
#include "security/pseudonym.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;

PupilQuasiIdentifiers pupil(int64_t id, int64_t classId, std::array<bool, kAccommodationCount> flags = {}) {
    PupilQuasiIdentifiers p;
    p.pupilId = id;
    p.classId = classId;
    p.accommodations = flags;
    return p;
}

constexpr std::array<bool, kAccommodationCount> kReadAloud{false, false, false, false, true};
constexpr std::array<bool, kAccommodationCount> kLargerText{true, false, false, false, false};

}  // namespace

TEST_CASE("disclosure: a class keeps each accommodation while every combination has 5 pupils") {
    std::vector<PupilQuasiIdentifiers> pupils;
    for (int i = 0; i < 5; ++i) pupils.push_back(pupil(i + 1, 7));
    for (int i = 0; i < 5; ++i) pupils.push_back(pupil(i + 11, 7, kReadAloud));
    const PupilDisclosure d = protectPupilFile(pupils);
    CHECK(d.steps.empty());  // nothing changed, nothing to report
    for (const auto& p : pupils) {
        CHECK(d.pupils.at(p.pupilId).detail == AccommodationDetail::Each);
        CHECK_FALSE(d.pupils.at(p.pupilId).classWithheld);
    }
    CHECK(d.suppressedCount() == 0);
}

TEST_CASE("disclosure: two rare combinations become any accommodation and a lone one none") {
    std::vector<PupilQuasiIdentifiers> pupils;
    // Class 1: 5 without, 3 read aloud and 2 larger text: 5 with some accommodation.
    for (int i = 0; i < 5; ++i) pupils.push_back(pupil(i + 1, 1));
    for (int i = 0; i < 3; ++i) pupils.push_back(pupil(i + 11, 1, kReadAloud));
    for (int i = 0; i < 2; ++i) pupils.push_back(pupil(i + 21, 1, kLargerText));
    // Class 2: 9 without, 1 with: even "any" would single that pupil out.
    for (int i = 0; i < 9; ++i) pupils.push_back(pupil(i + 31, 2));
    pupils.push_back(pupil(41, 2, kReadAloud));
    const PupilDisclosure d = protectPupilFile(pupils);
    CHECK(d.pupils.at(1).detail == AccommodationDetail::Any);
    CHECK(d.pupils.at(21).detail == AccommodationDetail::Any);
    CHECK(d.pupils.at(31).detail == AccommodationDetail::None);
    CHECK(d.pupils.at(41).detail == AccommodationDetail::None);
    REQUIRE(d.steps.size() == 2);
    CHECK(d.steps[0].classId == 1);
    CHECK(d.steps[0].pupils == 10);
    CHECK(d.steps[0].detail == AccommodationDetail::Any);
    CHECK(d.steps[1].classId == 2);
    CHECK(d.steps[1].detail == AccommodationDetail::None);
    CHECK_FALSE(d.steps[1].classWithheld);
}

TEST_CASE("disclosure: classes of 4 are pooled without their class and a pool of 4 is left out") {
    std::vector<PupilQuasiIdentifiers> pupils;
    for (int i = 0; i < 5; ++i) pupils.push_back(pupil(i + 1, 1));   // 5: kept with its class
    for (int i = 0; i < 4; ++i) pupils.push_back(pupil(i + 11, 2));  // 4 + 2: pooled
    for (int i = 0; i < 2; ++i) pupils.push_back(pupil(i + 21, 3));
    PupilDisclosure d = protectPupilFile(pupils);
    CHECK_FALSE(d.pupils.at(1).classWithheld);
    CHECK(d.pupils.at(11).classWithheld);
    CHECK(d.pupils.at(21).classWithheld);
    CHECK(d.suppressedCount() == 0);
    REQUIRE(d.steps.size() == 1);
    CHECK(d.steps[0].classId == 0);
    CHECK(d.steps[0].classes == 2);
    CHECK(d.steps[0].pupils == 6);
    CHECK(d.steps[0].classWithheld);
    CHECK_FALSE(d.steps[0].suppressed);

    // Without the class of 2 the pool holds 4: in no file at all.
    pupils.resize(9);
    d = protectPupilFile(pupils);
    CHECK(d.suppressedCount() == 4);
    CHECK(d.suppressed(11));
    CHECK_FALSE(d.suppressed(1));
    REQUIRE(d.steps.size() == 1);
    CHECK(d.steps[0].suppressed);
    CHECK(d.steps[0].pupils == 4);
}

TEST_CASE("disclosure: groups of 5 are suppressed and 6 shown - one suppressed group takes a second with it") {
    CHECK(suppressionOfTotal(5) == Suppression::Small);
    CHECK(suppressionOfTotal(6) == Suppression::None);
    CHECK(suppressionOfTotal(0) == Suppression::None);  // no group, no cell
    using S = Suppression;
    CHECK(suppressGroups({6, 7, 20}) == std::vector<S>{S::None, S::None, S::None});
    // One small group: the total minus the others would give it away, so the smallest other goes too.
    CHECK(suppressGroups({20, 5, 9}) == std::vector<S>{S::None, S::Small, S::Secondary});
    CHECK(suppressGroups({20, 1}) == std::vector<S>{S::Secondary, S::Small});
    // Two small groups hide each other; a group without pupils is no cell.
    CHECK(suppressGroups({3, 20, 4}) == std::vector<S>{S::Small, S::None, S::Small});
    CHECK(suppressGroups({0, 20, 4, 0}) == std::vector<S>{S::None, S::Secondary, S::Small, S::None});
    CHECK(clampShare(0) == 5);
    CHECK(clampShare(100) == 95);
    CHECK(clampShare(42.5) == 42.5);
}

namespace {

// A school whose classes take m01 through ModuleSession, as the kiosk does.
struct DisclosureFixture {
    Database db{":memory:"};
    SchoolStore school{db};
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    ResponseStore store{db};
    SessionPlans plans{db};
    dlk::test::TempDir dir;
    int64_t now = kT0;
    const std::string module = "m01-schoolreis";

    DisclosureFixture() {
        migrateSchema(db);
        REQUIRE(bank.markPractice("m00-oefenen"));
        dlk::test::setUpTestSchool(school, kT0);
    }
    std::vector<PupilInfo> addClass(const std::string& name, int size) {
        std::vector<std::string> names;
        for (int i = 1; i <= size; ++i) names.push_back(name + " leerling " + std::to_string(i));
        return school.addPupils(school.createClass(name, kT0), names, kT0);
    }
    // The pupil answers the first item with `choice` (m01-01's right answer is not "A" for all)
    // and finishes the module.
    void take(const PupilInfo& p, const std::string& choice) {
        plans.assign(p.id, {module}, kT0);
        ModuleSession s(store, *bank.findModule(module), p.id, "nl", now);
        if (!choice.empty()) s.setResponse("RESPONSE", Value::single(BaseType::Identifier, choice), now += 1000);
        REQUIRE(s.finish(now += 1000));
    }
    std::string pseudonym(int64_t pupilId) { return pupilPseudonym(school.pseudonymKey(), pupilId); }
    std::string classOf(int64_t classId) { return classPseudonym(school.pseudonymKey(), classId); }
    std::string schoolId() { return schoolPseudonym(school.pseudonymKey()); }
};

// The rows of a file whose first column is in `keys`.
size_t rowsOf(const std::vector<std::vector<std::string>>& rows, const std::set<std::string>& keys) {
    size_t n = 0;
    for (size_t i = 1; i < rows.size(); ++i) n += keys.count(rows[i].at(0));
    return n;
}

}  // namespace

TEST_CASE("export disclosure: pupils.csv generalised - small classes pooled or left out of every file") {
    DisclosureFixture f;
    const auto a = f.addClass("Groep 8A", 10);  // 5 with read-aloud: each flag shown
    const auto b = f.addClass("Groep 8B", 6);   // 1 with extra time: nothing shown
    const auto c = f.addClass("Groep 7C", 3);   // 3 + 2 = 5: pooled, kept without a class
    const auto d = f.addClass("Groep 7D", 2);
    Accommodations readAloud;
    readAloud.readAloud = true;
    for (int i = 0; i < 5; ++i) f.school.setAccommodations(a[static_cast<size_t>(i)].id, readAloud);
    Accommodations extraTime;
    extraTime.extraTimePct = 25;
    f.school.setAccommodations(b[0].id, extraTime);
    for (const auto& p : a) f.take(p, "A");

    const std::string folder = f.dir.file("export");
    ExportSummary summary = exportCsv(f.db, f.bank, folder, f.school);
    CHECK(summary.pupilsLeftOut == 0);
    const auto pupils = parseCsv(readFile(fs::path(folder) / "pupils.csv"));
    REQUIRE(pupils.size() == 1 + 21);
    CHECK(pupils[0] == std::vector<std::string>{"pupil", "school", "class", "accommodation_detail", "larger_text",
                                                "high_contrast", "extra_time", "dyslexia_font", "read_aloud",
                                                "any_accommodation", "age", "age_band", "grade", "track", "gender"});
    std::map<std::string, std::vector<std::string>> byPupil;
    for (size_t i = 1; i < pupils.size(); ++i) byPupil[pupils[i][0]] = pupils[i];
    CHECK(byPupil.at(f.pseudonym(a[0].id)) == std::vector<std::string>{f.pseudonym(a[0].id), f.schoolId(),
                                                                       f.classOf(a[0].classId), "each", "0", "0", "0",
                                                                       "0", "1", "1", "", "", "", "", ""});
    CHECK(byPupil.at(f.pseudonym(a[9].id)) == std::vector<std::string>{f.pseudonym(a[9].id), f.schoolId(),
                                                                       f.classOf(a[0].classId), "each", "0", "0", "0",
                                                                       "0", "0", "0", "", "", "", "", ""});
    CHECK(byPupil.at(f.pseudonym(b[0].id)) == std::vector<std::string>{f.pseudonym(b[0].id), f.schoolId(),
                                                                       f.classOf(b[0].classId), "none", "", "", "", "",
                                                                       "", "", "", "", "", "", ""});
    CHECK(byPupil.at(f.pseudonym(c[0].id)) == std::vector<std::string>{f.pseudonym(c[0].id), f.schoolId(), "", "each",
                                                                       "0", "0", "0", "0", "0", "0", "", "", "", "",
                                                                       ""});
    CHECK(byPupil.at(f.pseudonym(d[1].id))[2].empty());
    // Every combination of the quasi-identifiers that appears is shared by 5 pupils or more.
    std::map<std::vector<std::string>, int> combinations;
    for (size_t i = 1; i < pupils.size(); ++i)
        ++combinations[std::vector<std::string>(pupils[i].begin() + 1, pupils[i].end())];
    for (const auto& [combination, count] : combinations) CHECK(count >= kMinPupilGroup);

    const auto disclosure = parseCsv(readFile(fs::path(folder) / "disclosure.csv"));
    REQUIRE(disclosure.size() == 3);
    CHECK(disclosure[1][1] == f.classOf(b[0].classId));
    CHECK(disclosure[1][4] == "accommodations_withheld");
    CHECK(disclosure[2] == std::vector<std::string>{f.schoolId(), "other_classes", "2", "5", "class_withheld",
                                                    "classes with fewer than 5 pupils are pooled without their class"});
    // Nobody has background variables recorded: no generalisation of them is reported.
    for (const DisclosureStep& step : summary.disclosure) CHECK_FALSE(step.changesBackground());
    REQUIRE(summary.disclosure.size() == 2);

    // Without the class of 2, the class of 3 is alone: in no file at all, and the export says so.
    f.school.deleteClass(d[0].classId, kT0);
    IncidentLog(f.db).add(c[0].id, IncidentKind::Late, "", kT0);
    IncidentLog(f.db).add(a[0].id, IncidentKind::Unwell, "", kT0);
    f.take(c[0], "A");
    const std::string folder2 = f.dir.file("export2");
    ExportOptions withEvents;
    withEvents.events = true;
    summary = exportCsv(f.db, f.bank, folder2, f.school, withEvents);
    CHECK(summary.pupilsLeftOut == 3);
    const std::set<std::string> leftOut{f.pseudonym(c[0].id), f.pseudonym(c[1].id), f.pseudonym(c[2].id)};
    for (const char* file :
         {"pupils.csv", "responses.csv", "module_status.csv", "scores.csv", "events.csv", "incidents.csv"}) {
        CAPTURE(file);
        const auto rows = parseCsv(readFile(fs::path(folder2) / file));
        REQUIRE(rows.size() > 1);
        CHECK(rowsOf(rows, leftOut) == 0);
    }
    const auto disclosure2 = parseCsv(readFile(fs::path(folder2) / "disclosure.csv"));
    REQUIRE(disclosure2.size() == 3);
    CHECK(disclosure2[2][1] == "other_classes");
    CHECK(disclosure2[2][3] == "3");
    CHECK(disclosure2[2][4] == "left_out");
    CHECK(summary.pupils == 10);  // class A took the module; class C's pupil is left out
}

TEST_CASE("export disclosure: summary.csv shows groups of 6 - hides 5 and the group that would give them away") {
    DisclosureFixture f;
    const auto a = f.addClass("Groep 8A", 6);
    const auto b = f.addClass("Groep 8B", 7);
    const auto c = f.addClass("Groep 8C", 5);
    for (const auto& p : a) f.take(p, "");  // all score 0: a share of 0% and a mean of 0%
    for (const auto& p : b) f.take(p, "A");
    for (const auto& p : c) f.take(p, "A");

    const std::string folder = f.dir.file("export");
    const ExportSummary summary = exportCsv(f.db, f.bank, folder, f.school);
    auto rows = parseCsv(readFile(fs::path(folder) / "summary.csv"));
    REQUIRE(rows.size() > 1);
    CHECK(rows[0] == std::vector<std::string>{"school", "group", "domain", "pupils", "mean_percent",
                                              "share_half_or_more", "suppressed"});
    // (group, domain) -> the row without its school column, which is the same on every row
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> cell;
    for (size_t i = 1; i < rows.size(); ++i) {
        CHECK(rows[i][0] == f.schoolId());
        cell[{rows[i][1], rows[i][2]}] = std::vector<std::string>(rows[i].begin() + 1, rows[i].end());
    }
    for (auto& row : rows) row.erase(row.begin());
    const std::string classA = f.classOf(a[0].classId), classB = f.classOf(b[0].classId),
                      classC = f.classOf(c[0].classId);
    // 6 pupils: shown, the 0% clamped to 5%; 5 pupils: empty; the smallest other (A, 6) goes with it.
    for (const std::string domain : {"all", "ict"}) {
        CAPTURE(domain);
        REQUIRE(cell.count({"whole_school", domain}));
        CHECK(cell.at({"whole_school", domain})[2] == "18");
        CHECK(cell.at({classC, domain}) == std::vector<std::string>{classC, domain, "", "", "", "small_group"});
        CHECK(cell.at({classA, domain}) == std::vector<std::string>{classA, domain, "", "", "", "secondary"});
        CHECK(cell.at({classB, domain})[2] == "7");
        CHECK(cell.at({classB, domain})[5].empty());
    }
    CHECK(summary.suppressedCells >= 4);
    // No shown share or mean is below 5% or above 95%.
    for (size_t i = 1; i < rows.size(); ++i) {
        if (rows[i][5] != "") continue;
        CHECK(std::stod(rows[i][3]) >= 5);
        CHECK(std::stod(rows[i][3]) <= 95);
        CHECK(std::stod(rows[i][4]) >= 5);
        CHECK(std::stod(rows[i][4]) <= 95);
    }
    // With class A shown alone beside the school, C's cells would be the school's minus A's and B's:
    // in every domain, no single group is suppressed while the school's row is shown.
    std::map<std::string, int> suppressedPerDomain;
    for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i][0] != "whole_school" && !rows[i][5].empty()) ++suppressedPerDomain[rows[i][1]];
    for (const auto& [domain, n] : suppressedPerDomain) CHECK(n != 1);

    // Two classes of 5: each hidden, and together (the school) shown: neither follows from the other.
    DisclosureFixture g;
    for (const auto& p : g.addClass("Groep 6", 5)) g.take(p, "A");
    for (const auto& p : g.addClass("Groep 5", 5)) g.take(p, "A");
    const std::string folder2 = g.dir.file("export");
    exportCsv(g.db, g.bank, folder2, g.school);
    for (const auto& row : parseCsv(readFile(fs::path(folder2) / "summary.csv"))) {
        if (row[1] != "whole_school") continue;
        CHECK(row[3] == "10");  // two classes of 5 together: the school's total is shown
    }
}
