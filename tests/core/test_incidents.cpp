// The incident log (school/incidents.h): kinds from a fixed list, per pupil and module, removed
// when recorded by mistake, limited per pupil, gone with the pupil's class, refused for no pupil.
#include <doctest/doctest.h>

#include "core_test_helpers.h"
#include "delivery/response_store.h"
#include "school/incidents.h"
#include "school/school_store.h"
#include "storage/schema.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;

namespace {
struct Fixture {
    Database db{":memory:"};
    SchoolStore school{db};
    int64_t classA = 0, classB = 0, ann = 0, bob = 0, cas = 0;
    Fixture() {
        migrateSchema(db);
        dlk::test::setUpTestSchool(school);
        classA = school.createClass("Groep 7", 0);
        classB = school.createClass("Groep 8", 0);
        ann = school.addPupils(classA, {"Ann"}, 0).front().id;
        bob = school.addPupils(classA, {"Bob"}, 0).front().id;
        cas = school.addPupils(classB, {"Cas"}, 0).front().id;
    }
};
}  // namespace

TEST_CASE("incidents: kinds round-trip by their stored names - an unknown name is no kind") {
    for (IncidentKind k : kIncidentKinds) {
        CHECK(parseIncidentKind(incidentKindId(k)) == k);
        CHECK(std::string(incidentKindLabel(k)).size() > 3);
    }
    CHECK_FALSE(parseIncidentKind("fire"));
    CHECK_FALSE(parseIncidentKind(""));
    CHECK(std::string(incidentKindId(IncidentKind::LeftEarly)) == "left_early");
}

TEST_CASE("incidents: recorded per pupil and module - listed per class - removed - refused for no pupil") {
    Fixture f;
    IncidentLog log(f.db);
    CHECK(log.currentModule(f.ann).empty());  // not started: no module
    ResponseStore store(f.db);
    store.startOrResume(f.ann, "m01-schoolreis", "nl", 1000);
    CHECK(log.currentModule(f.ann) == "m01-schoolreis");

    const int64_t late = log.add(f.ann, IncidentKind::Late, log.currentModule(f.ann), 2000);
    log.add(f.bob, IncidentKind::Technical, "", 3000);
    log.add(f.cas, IncidentKind::Unwell, "", 4000);
    log.add(f.ann, IncidentKind::Interrupted, "m01-schoolreis", 5000);

    const auto a = log.forClass(f.classA);
    REQUIRE(a.size() == 3);
    CHECK(a[0].pupilId == f.ann);
    CHECK(a[0].kind == IncidentKind::Late);
    CHECK(a[0].moduleId == "m01-schoolreis");
    CHECK(a[0].recordedAtMs == 2000);
    CHECK(a[1].kind == IncidentKind::Interrupted);
    CHECK(a[2].pupilId == f.bob);
    CHECK(log.forClass(f.classB).size() == 1);
    CHECK(log.forClass(0).size() == 4);
    CHECK(log.forPupil(f.ann).size() == 2);

    log.remove(late);
    CHECK(log.forPupil(f.ann).size() == 1);
    const auto gone = errorOf([&] { log.remove(late); });
    REQUIRE(gone);
    CHECK(gone->kind() == ErrorKind::NotFound);
    const auto nobody = errorOf([&] { log.add(9999, IncidentKind::Late, "", 0); });
    REQUIRE(nobody);
    CHECK(nobody->kind() == ErrorKind::NotFound);
    CHECK(log.forClass(0).size() == 3);  // nothing stored for the refused one

    // A kind outside the list never reaches the table.
    CHECK(errorOf(
        [&] { f.db.exec("INSERT INTO incidents(pupil_id, module_id, kind, recorded_at) VALUES (1, '', 'fire', 0)"); }));
}

TEST_CASE("incidents: at most 50 per pupil - and they go with a deleted class") {
    Fixture f;
    IncidentLog log(f.db);
    for (int i = 0; i < kMaxIncidentsPerPupil; ++i) log.add(f.cas, IncidentKind::Technical, "", i);
    const auto full = errorOf([&] { log.add(f.cas, IncidentKind::Technical, "", 99); });
    REQUIRE(full);
    CHECK(full->kind() == ErrorKind::Invalid);
    CHECK(contains(full->what(), "at most 50"));
    log.add(f.ann, IncidentKind::Late, "", 0);
    f.school.deleteClass(f.classB, 100);
    CHECK(log.forClass(0).size() == 1);  // Ann's stays; Cas's went with group 8
}
