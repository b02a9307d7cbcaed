// Background variables (school/background.h, schema 14) and how the export's k-anonymity check generalises them
// (export/disclosure.h): each step of the documented order on a class that needs exactly that step, and the export's
// pupils.csv and disclosure.csv for a class with every variable recorded.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>

#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "delivery/session_plan.h"
#include "export/csv_export.h"
#include "export/disclosure.h"
#include "school/background.h"
#include "security/pseudonym.h"
#include "storage/schema.h"
#include "util/text.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;  // 2026-05-28

// A class of 10 pupils, everything recorded alike (11 years, groep 8, po, m) unless a test changes it.
std::vector<PupilQuasiIdentifiers> classOf10() {
    std::vector<PupilQuasiIdentifiers> out;
    for (int i = 0; i < 10; ++i) {
        PupilQuasiIdentifiers p;
        p.pupilId = i + 1;
        p.classId = 1;
        p.age = 11;
        p.grade = 8;
        p.track = "po";
        p.gender = "m";
        out.push_back(p);
    }
    return out;
}

// A copy: callers pass the temporary that protectPupilFile returns, which a reference would outlive.
DisclosureStep onlyStep(const PupilDisclosure& d) {
    REQUIRE(d.steps.size() == 1);
    return d.steps[0];
}

}  // namespace

TEST_CASE("background: stored and read back - bad values refused before anything is written") {
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    dlk::test::setUpTestSchool(school, kT0);
    const auto pupils = school.addPupils(school.createClass("Groep 8", kT0), {"Anna", "Bram"}, kT0);
    CHECK(loadBackground(db, pupils[0].id) == PupilBackground{});  // nothing recorded
    PupilBackground b;
    b.grade = 8;
    b.track = "po";
    b.birthYear = 2014;
    b.birthMonth = 10;
    b.gender = "v";
    saveBackground(db, pupils[0].id, b, kT0);
    CHECK(loadBackground(db, pupils[0].id) == b);
    CHECK(loadBackgrounds(db).at(pupils[1].id) == PupilBackground{});

    struct Bad {
        PupilBackground b;
        const char* says;
    };
    PupilBackground grade9, vwo7, track, old, young, monthOnly, month13, gender;
    grade9.grade = 9;
    vwo7.grade = 7;
    vwo7.track = "vwo";
    track.track = "gymnasium";
    old.birthYear = 1989;
    young.birthYear = 2024;  // three years before 2026 at most
    monthOnly.birthMonth = 3;
    month13.birthYear = 2014;
    month13.birthMonth = 13;
    gender.gender = "f";
    for (const Bad& bad : std::vector<Bad>{{grade9, "the grade 9 is not 1 to 8"},
                                           {vwo7, "has leerjaar 1 to 6, not 7"},
                                           {track, "the track 'gymnasium' is not po"},
                                           {old, "the birth year 1989 is not 1990 to 2023"},
                                           {young, "the birth year 2024 is not 1990 to 2023"},
                                           {monthOnly, "a birth month needs the birth year"},
                                           {month13, "the birth month 13 is not 1 to 12"},
                                           {gender, "m, v or x"}}) {
        CAPTURE(bad.says);
        const auto e = errorOf([&] { saveBackground(db, pupils[1].id, bad.b, kT0); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(contains(e->what(), bad.says));
        CHECK(loadBackground(db, pupils[1].id) == PupilBackground{});
    }
    const auto e = errorOf([&] { saveBackground(db, 99999, b, kT0); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    // A value edited into the database by hand reads as not recorded, never as something else.
    db.exec("UPDATE pupils SET gender='vrouw', grade=12, track='x' WHERE id=" + std::to_string(pupils[0].id));
    const PupilBackground read = loadBackground(db, pupils[0].id);
    CHECK(read.gender.empty());
    CHECK_FALSE(read.grade);
    CHECK(read.track.empty());
    CHECK(read.birthYear == 2014);
}

TEST_CASE("background: age in whole years at a year and month - the birthday the month's first day") {
    PupilBackground b;
    CHECK_FALSE(ageAt(b, 2026, 5));
    b.birthYear = 2014;
    b.birthMonth = 10;
    CHECK(ageAt(b, 2026, 9) == 11);
    CHECK(ageAt(b, 2026, 10) == 12);
    CHECK(ageAt(b, 2026, 12) == 12);
    CHECK(ageAt(b, kT0) == 11);  // May 2026
    b.birthMonth.reset();        // no month: 1 July
    CHECK(ageAt(b, 2026, 6) == 11);
    CHECK(ageAt(b, 2026, 7) == 12);
    CHECK_FALSE(ageAt(b, 2013, 1));  // before the birth: no age
    CHECK(ageBand(10) == "10-11");
    CHECK(ageBand(11) == "10-11");
    CHECK(ageBand(12) == "12-13");
}

TEST_CASE("disclosure background: step 0 - everything as recorded when every combination has 5") {
    auto pupils = classOf10();
    for (int i = 5; i < 10; ++i) {
        pupils[static_cast<size_t>(i)].age = 12;
        pupils[static_cast<size_t>(i)].gender = "v";
    }
    const PupilDisclosure d = protectPupilFile(pupils);
    CHECK(d.steps.empty());
    CHECK(d.pupils.at(1).shown == generalisationStep(0));
}

TEST_CASE("disclosure background: step 2 - a lone age becomes a two-year band") {
    auto pupils = classOf10();
    pupils[0].age = 10;  // 10 and 11 share the band 10-11
    const DisclosureStep s = onlyStep(protectPupilFile(pupils));
    Generalisation expected = generalisationStep(2);
    expected.accommodations = AccommodationDetail::Each;  // nobody has one: step 1 hides nothing and is not taken
    CHECK(s.shown == expected);
    CHECK(s.ageBanded);
    CHECK_FALSE(s.genderWithheld);  // everyone is m: dropping it would change nothing worth reporting
    CHECK_FALSE(s.tracksMerged);
    CHECK(s.detail == AccommodationDetail::Each);
}

TEST_CASE("disclosure background: step 3 - a rare gender is left out") {
    auto pupils = classOf10();
    pupils[0].gender = "x";
    const DisclosureStep s = onlyStep(protectPupilFile(pupils));
    CHECK(s.shown.genderWithheld);
    CHECK(s.shown.age == AgeDetail::Band);
    CHECK(s.genderWithheld);
    CHECK(s.ageBanded);  // the steps before it were taken too
    CHECK_FALSE(s.tracksMerged);
}

TEST_CASE("disclosure background: step 4 - tracks merged into vmbo and havo-vwo") {
    auto pupils = classOf10();
    for (size_t i = 0; i < pupils.size(); ++i) {
        pupils[i].grade = 2;
        pupils[i].track = i < 6 ? "vmbo-bk" : "vmbo-gt";  // 6 and 4: merged, all vmbo
    }
    const PupilDisclosure d = protectPupilFile(pupils);
    const DisclosureStep s = onlyStep(d);
    CHECK(s.shown.track == TrackDetail::Merged);
    CHECK(s.tracksMerged);
    CHECK(s.genderWithheld);
    CHECK_FALSE(s.ageWithheld);
    CHECK(mergedTrack("havo") == "havo-vwo");
    CHECK(mergedTrack("vwo") == "havo-vwo");
    CHECK(mergedTrack("po") == "po");
}

TEST_CASE("disclosure background: step 5 - 6 and 7 - accommodations - then the age - then grade and track") {
    {
        auto pupils = classOf10();
        pupils[0].accommodations[3] = true;  // one pupil with the dyslexia font: even "any" singles them out
        const DisclosureStep s = onlyStep(protectPupilFile(pupils));
        CHECK(s.shown == generalisationStep(5));
        CHECK(s.detail == AccommodationDetail::None);
        CHECK_FALSE(s.ageWithheld);
    }
    {
        auto pupils = classOf10();
        pupils[0].age = 9;  // band 8-9 alone
        const DisclosureStep s = onlyStep(protectPupilFile(pupils));
        CHECK(s.shown.age == AgeDetail::None);
        CHECK_FALSE(s.shown.gradeWithheld);
        CHECK(s.ageWithheld);
        CHECK_FALSE(s.ageBanded);
        CHECK_FALSE(s.gradeAndTrackWithheld);
    }
    {
        auto pupils = classOf10();
        pupils[0].grade = 7;  // one pupil of groep 7 in a class of groep 8
        const DisclosureStep s = onlyStep(protectPupilFile(pupils));
        CHECK(s.shown.gradeWithheld);
        CHECK(s.shown.track == TrackDetail::None);
        CHECK(s.gradeAndTrackWithheld);
    }
}

TEST_CASE("disclosure background: the pool of small classes is generalised the same way") {
    std::vector<PupilQuasiIdentifiers> pupils;
    for (int i = 0; i < 6; ++i) {
        PupilQuasiIdentifiers p;
        p.pupilId = i + 1;
        p.classId = i < 3 ? 1 : 2;
        p.gender = i == 0 ? "v" : "m";
        pupils.push_back(p);
    }
    const DisclosureStep s = onlyStep(protectPupilFile(pupils));
    CHECK(s.classWithheld);
    CHECK(s.genderWithheld);
    CHECK_FALSE(s.ageBanded);  // nobody's age is recorded
}

TEST_CASE("export background: pupils.csv shows age at the session - grade - track - gender as far as k allows") {
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    dlk::test::setUpTestSchool(school, kT0);
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    REQUIRE(bank.markPractice("m00-oefenen"));
    ResponseStore store(db);
    SessionPlans plans(db);
    dlk::test::TempDir dir;
    std::vector<std::string> names;
    for (int i = 1; i <= 12; ++i) names.push_back("Leerling " + std::to_string(i));
    const auto a = school.addPupils(school.createClass("Groep 8A", kT0), names, kT0);
    // 12 pupils of groep 8, po: 6 born in 2014 before May (12 at the session in May 2026), 5 after (11), one born in
    // 2013 (12 or 13: a band); genders 6 m, 5 v, 1 x (left out); birth month only, never a day.
    for (size_t i = 0; i < a.size(); ++i) {
        PupilBackground b;
        b.grade = 8;
        b.track = "po";
        b.birthYear = i == 11 ? 2013 : 2014;
        b.birthMonth = i < 6 ? 2 : 9;
        b.gender = i < 6 ? "m" : i < 11 ? "v" : "x";
        saveBackground(db, a[i].id, b, kT0);
        plans.assign(a[i].id, {"m01-schoolreis"}, kT0);
        ModuleSession s(store, *bank.findModule("m01-schoolreis"), a[i].id, "nl", kT0);
        REQUIRE(s.finish(kT0 + 1000));
    }
    const std::string folder = dir.file("export");
    const ExportSummary summary = exportCsv(db, bank, folder, school);
    const auto pupils = parseCsv(readFile(fs::path(folder) / "pupils.csv"));
    REQUIRE(pupils.size() == 13);
    std::map<std::string, size_t> col;
    for (size_t c = 0; c < pupils[0].size(); ++c) col[pupils[0][c]] = c;
    std::map<std::string, int> bands, genders;
    for (size_t i = 1; i < pupils.size(); ++i) {
        const auto& r = pupils[i];
        CHECK(r[col.at("age")].empty());
        ++bands[r[col.at("age_band")]];
        CHECK(r[col.at("grade")] == "8");
        CHECK(r[col.at("track")] == "po");
        ++genders[r[col.at("gender")]];
    }
    // The 2013 pupil born in September is 12 in May 2026 like the 6 February ones: ages 11 (5) and 12 (7) would do,
    // but the x gender forces step 3, which bands the ages first.
    CHECK(bands == std::map<std::string, int>{{"10-11", 5}, {"12-13", 7}});
    CHECK(genders == std::map<std::string, int>{{"", 12}});
    REQUIRE(summary.disclosure.size() == 1);
    const auto disclosure = parseCsv(readFile(fs::path(folder) / "disclosure.csv"));
    std::vector<std::string> actions;
    for (size_t i = 1; i < disclosure.size(); ++i) actions.push_back(disclosure[i][4]);
    CHECK(actions == std::vector<std::string>{"age_banded", "gender_withheld"});
    // No birth year, month or date in any file: only the age the export computed.
    for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().extension() != ".csv") continue;
        CAPTURE(e.path());
        CHECK_FALSE(contains(readFile(e.path()), "2014"));
        CHECK_FALSE(contains(readFile(e.path()), "2013"));
    }
}
