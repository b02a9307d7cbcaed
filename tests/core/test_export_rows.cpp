// What each row of the export means, the order of the rows, and typed text: statuses decided
// from what the store recorded, rows that do not follow the teacher's list, and free text that
// is withheld, or screened when asked for.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core_test_helpers.h"
#include "delivery/module_session.h"
#include "delivery/session_plan.h"
#include "export/csv_export.h"
#include "export/free_text.h"
#include "results/class_results.h"
#include "results/response_status.h"
#include "security/pseudonym.h"
#include "storage/schema.h"
#include "util/json.h"
#include "util/text.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::parseCsv;
using dlk::test::readFile;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;
const std::string kModule = "m01-schoolreis";
const std::string kOther = "m02-nepnieuws";

// A school with one class; pupils take modules through ModuleSession, as the kiosk does.
struct RowsFixture {
    Database db{":memory:"};
    SchoolStore school{db};
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    ResponseStore store{db};
    SessionPlans plans{db};
    dlk::test::TempDir dir;
    int64_t classId = 0;
    int64_t now = kT0;

    RowsFixture() {
        migrateSchema(db);
        REQUIRE(bank.markPractice("m00-oefenen"));
        dlk::test::setUpTestSchool(school, kT0);
        classId = school.createClass("Groep 8 Meester Okkerse", kT0);
    }
    const Module& module(const std::string& id) {
        const Module* m = bank.findModule(id);
        REQUIRE(m);
        return *m;
    }
    std::vector<std::vector<std::string>> exportFile(const std::string& folder, const std::string& file,
                                                     ExportOptions options = {}) {
        exportCsv(db, bank, dir.file(folder), school, options);
        return parseCsv(readFile(fs::path(dir.file(folder)) / file));
    }
    std::string pseudonym(int64_t pupilId) { return pupilPseudonym(school.pseudonymKey(), pupilId); }
    // Classmates who never log in: with them the class has the 5 pupils the disclosure control
    // asks before a class is in the export at all (export/disclosure.h).
    std::vector<PupilInfo> addClassmates() {
        std::vector<std::string> names;
        for (int i = 1; i <= kMinPupilGroup; ++i) names.push_back("Klasgenoot " + std::to_string(i));
        return school.addPupils(classId, names, kT0);
    }
};

// module -> item -> status of one pupil, from responses.csv.
std::map<std::string, std::map<std::string, std::string>> statusesOf(const std::vector<std::vector<std::string>>& rows,
                                                                     const std::string& pupil) {
    REQUIRE_FALSE(rows.empty());
    REQUIRE(rows[0].at(9) == "status");
    std::map<std::string, std::map<std::string, std::string>> out;
    for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i].at(0) == pupil) out[rows[i].at(1)][rows[i].at(2)] = rows[i].at(9);
    return out;
}

std::map<std::string, std::string> moduleStatusesOf(const std::vector<std::vector<std::string>>& rows,
                                                    const std::string& pupil) {
    REQUIRE_FALSE(rows.empty());
    REQUIRE(rows[0] == std::vector<std::string>{"pupil", "module", "status"});
    std::map<std::string, std::string> out;
    for (size_t i = 1; i < rows.size(); ++i)
        if (rows[i].at(0) == pupil) out[rows[i].at(1)] = rows[i].at(2);
    return out;
}

// Answers the item on screen with the value "A", single or in a container as the item's response is declared.
void answerA(ModuleSession& s, int64_t at) {
    const ResponseDeclaration& r = s.currentItem().responses.front();
    s.setResponse("RESPONSE",
                  r.cardinality == Cardinality::Single ? Value::single(r.baseType, "A")
                                                       : Value::container(r.cardinality, r.baseType, {"A"}),
                  at);
}

}  // namespace

TEST_CASE("export statuses: answered - empty - not reached - not shown - and the module statuses") {
    RowsFixture f;
    const auto pupils =
        f.school.addPupils(f.classId, {"Fenna Zwartjes", "Olaf Brinkerink", "Yara Quaadvliet", ""}, kT0);
    f.addClassmates();
    const Module& m01 = f.module(kModule);
    REQUIRE(m01.itemCount() >= 6);
    const auto id = [&](size_t pos) { return m01.refs.at(pos).identifier; };

    // Stopped: answers item 1, sees 2 and 3, leaves 2 and 3 empty, and never finishes. The plan
    // also holds m02, never started.
    f.plans.assign(pupils[0].id, {kModule, kOther}, kT0);
    {
        ModuleSession s(f.store, m01, pupils[0].id, "nl", f.now);
        s.setResponse("RESPONSE", Value::single(BaseType::Identifier, "A"), f.now += 1000);
        REQUIRE(s.next(f.now += 1000));
        REQUIRE(s.next(f.now += 1000));
        REQUIRE(s.flush(f.now));
    }
    // Time up: sees item 1 only; the clock runs out and the module ends.
    f.plans.assign(pupils[1].id, {kModule}, kT0);
    {
        ModuleSession s(f.store, m01, pupils[1].id, "nl", f.now);
        s.setTimeLimitMs(1000);
        s.tick(f.now += 10);
        s.tick(f.now += 2000);
        REQUIRE(s.timeUp());
        REQUIRE(s.finish(f.now));
    }
    // Finished: jumps from item 1 to item 3, answers it and ends the module; 2 and 4.. were
    // skipped, never on screen.
    f.plans.assign(pupils[2].id, {kModule}, kT0);
    {
        ModuleSession s(f.store, m01, pupils[2].id, "nl", f.now);
        REQUIRE(s.goTo(2, f.now += 1000));
        REQUIRE(s.goTo(0, f.now += 1000));
        REQUIRE(s.goTo(2, f.now += 1000));
        answerA(s, f.now += 1000);
        REQUIRE(s.finish(f.now += 1000));
    }
    // pupils[3] never logged in: no plan, no attempt.

    const auto responses = f.exportFile("export", "responses.csv");
    const auto modules = parseCsv(readFile(fs::path(f.dir.file("export")) / "module_status.csv"));
    REQUIRE(responses[0] == std::vector<std::string>{"pupil", "module", "item", "domain", "answered", "response",
                                                     "free_text_withheld", "score", "max_score", "status", "reason"});

    SUBCASE("stopped") {
        const auto st = statusesOf(responses, f.pseudonym(pupils[0].id));
        CHECK(moduleStatusesOf(modules, f.pseudonym(pupils[0].id)) ==
              std::map<std::string, std::string>{{kModule, "stopped"}, {kOther, "not_started"}});
        REQUIRE(st.count(kModule));
        CHECK(st.at(kModule).at(id(0)) == "answered");
        CHECK(st.at(kModule).at(id(1)) == "empty");
        CHECK(st.at(kModule).at(id(2)) == "empty");
        for (size_t i = 3; i < m01.itemCount(); ++i) CHECK(st.at(kModule).at(id(i)) == "not_reached");
        REQUIRE(st.count(kOther));
        CHECK(st.at(kOther).size() == f.module(kOther).itemCount());
        for (const auto& [item, status] : st.at(kOther)) CHECK(status == "not_shown");
        // A module not started has no response and no score: it was never administered.
        for (size_t i = 1; i < responses.size(); ++i)
            if (responses[i][0] == f.pseudonym(pupils[0].id) && responses[i][1] == kOther) {
                CHECK(responses[i][5].empty());
                CHECK(responses[i][7].empty());
            }
    }
    SUBCASE("time up") {
        const auto st = statusesOf(responses, f.pseudonym(pupils[1].id));
        CHECK(moduleStatusesOf(modules, f.pseudonym(pupils[1].id)) ==
              std::map<std::string, std::string>{{kModule, "time_up"}});
        CHECK(st.at(kModule).at(id(0)) == "empty");
        for (size_t i = 1; i < m01.itemCount(); ++i) CHECK(st.at(kModule).at(id(i)) == "not_reached");
    }
    SUBCASE("finished with items skipped") {
        const auto st = statusesOf(responses, f.pseudonym(pupils[2].id));
        CHECK(moduleStatusesOf(modules, f.pseudonym(pupils[2].id)) ==
              std::map<std::string, std::string>{{kModule, "finished"}});
        CHECK(st.at(kModule).at(id(0)) == "empty");
        CHECK(st.at(kModule).at(id(1)) == "not_shown");
        CHECK(st.at(kModule).at(id(2)) == "answered");
        for (size_t i = 3; i < m01.itemCount(); ++i) CHECK(st.at(kModule).at(id(i)) == "not_shown");
    }
    SUBCASE("never logged in") {
        std::map<std::string, std::string> expected;
        for (const Module& m : f.bank.modules())
            if (!m.practice) expected[m.identifier] = "not_started";
        CHECK(moduleStatusesOf(modules, f.pseudonym(pupils[3].id)) == expected);
        const auto st = statusesOf(responses, f.pseudonym(pupils[3].id));
        CHECK(st.size() == expected.size());
        for (const auto& [module, items] : st)
            for (const auto& [item, status] : items) CHECK(status == "not_shown");
    }
}

TEST_CASE("export statuses: a stored answer says its item was shown - read by the progress or by the scoring pass") {
    // An attempt with no process data (a kiosk from before it, or events lost): only its stored answers and the item it
    // is at say what was on screen. The export takes the stored answers from its scoring pass (ScoredAttempt::stored,
    // addStoredAnswers), not from a second read: the same progress as moduleProgress reading them itself.
    RowsFixture f;
    const auto pupils = f.school.addPupils(f.classId, {"Fenna Zwartjes"}, kT0);
    f.addClassmates();
    const Module& m01 = f.module(kModule);
    REQUIRE(m01.itemCount() >= 5);
    f.plans.assign(pupils[0].id, {kModule}, kT0);
    {
        ModuleSession s(f.store, m01, pupils[0].id, "nl", f.now);
        REQUIRE(s.goTo(2, f.now += 1000));
        answerA(s, f.now += 1000);
        REQUIRE(s.goTo(0, f.now += 1000));
        REQUIRE(s.flush(f.now));  // stopped at item 1, not finished
    }
    // As from before process data: no events, and nothing the attempt kept of them (storage/schema.cpp, version 16).
    f.db.exec("DELETE FROM events");
    f.db.exec("UPDATE attempts SET shown_items='', timed_out=0");
    const std::vector<ModuleProgress> read = moduleProgress(f.db, f.bank, f.classId);
    std::vector<ModuleProgress> added = moduleProgress(f.db, f.bank, f.classId, StoredAnswers::AddedByCaller);
    // The pupil's entry for the module (the classmates, never logged in, have every module not started).
    const auto entryOf = [&](const std::vector<ModuleProgress>& progress) -> const ModuleProgress& {
        const auto it = std::find_if(progress.begin(), progress.end(), [&](const ModuleProgress& p) {
            return p.pupilId == pupils[0].id && p.moduleId == kModule;
        });
        REQUIRE(it != progress.end());
        return *it;
    };
    REQUIRE(read.size() == added.size());
    CHECK(entryOf(read).status == ModuleStatus::Stopped);
    CHECK(entryOf(read).wasShown(1));  // the item it is at
    CHECK(entryOf(read).wasShown(3));  // answered
    CHECK_FALSE(entryOf(read).wasShown(2));
    CHECK(entryOf(read).furthestShown == 3);
    CHECK_FALSE(entryOf(added).wasShown(3));  // not yet: the caller adds them
    CHECK(entryOf(added).furthestShown == 1);
    AnswerMemo memo;
    int visited = 0;
    scoreAttempts(f.db, f.bank, f.classId, memo, [&](const ScoredAttempt& a) {
        ++visited;
        REQUIRE(a.stored.size() == m01.itemCount());
        CHECK(a.stored[2] == 1);
        CHECK(std::count(a.stored.begin(), a.stored.end(), 1) == 1);
        addStoredAnswers(added, a.pupilId, *a.module, a.stored);
    });
    CHECK(visited == 1);
    for (size_t i = 0; i < read.size(); ++i) {
        CHECK(added[i].shown == read[i].shown);
        CHECK(added[i].furthestShown == read[i].furthestShown);
    }
    CHECK(entryOf(added).wasShown(3));
    // An attempt at a module the progress has no entry for changes nothing.
    std::vector<ModuleProgress> none;
    addStoredAnswers(none, pupils[0].id, m01, std::vector<uint8_t>(m01.itemCount(), 1));
    CHECK(none.empty());

    // In the export: item 2 lies before the furthest item shown (3, answered), so it was skipped, not unreached.
    const auto st = statusesOf(f.exportFile("export", "responses.csv"), f.pseudonym(pupils[0].id)).at(kModule);
    CHECK(st.at(m01.refs[0].identifier) == "empty");
    CHECK(st.at(m01.refs[1].identifier) == "not_shown");
    CHECK(st.at(m01.refs[2].identifier) == "answered");
    for (size_t i = 3; i < m01.itemCount(); ++i) CHECK(st.at(m01.refs[i].identifier) == "not_reached");
}

TEST_CASE("scoring pass: stored answers to items no longer in the module are passed over - before - between - after") {
    // A module changed since the answers were stored (an item removed): its rows lie among the module's in the table's
    // order and must not shift the others. The pass gives the same scores and items shown with them as without them.
    RowsFixture f;
    const auto pupils = f.school.addPupils(f.classId, {"Fenna Zwartjes"}, kT0);
    const Module& m01 = f.module(kModule);
    REQUIRE(m01.itemCount() >= 4);
    f.plans.assign(pupils[0].id, {kModule}, kT0);
    {
        ModuleSession s(f.store, m01, pupils[0].id, "nl", f.now);
        for (int i : {0, 1, 3}) {
            REQUIRE(s.goTo(i, f.now += 1000));
            answerA(s, f.now += 1000);
        }
        REQUIRE(s.flush(f.now));
    }
    const auto pass = [&] {
        AnswerMemo memo;
        std::vector<std::pair<double, bool>> out;  // per item of the variant: score and answered
        std::vector<uint8_t> stored;
        scoreAttempts(f.db, f.bank, f.classId, memo, [&](const ScoredAttempt& a) {
            for (const ScoredAnswer* r : a.answers) out.push_back({r->score, r->answered});
            stored.assign(a.stored.begin(), a.stored.end());
        });
        return std::make_pair(out, stored);
    };
    const auto before = pass();
    REQUIRE(before.first.size() == m01.itemCount());
    CHECK(std::count(before.second.begin(), before.second.end(), 1) == 3);
    // Rows of removed items whose ids sort before, between and after the module's (a module's ids share a prefix).
    std::vector<std::string> ids;
    for (const auto& ref : m01.refs) ids.push_back(ref.identifier);
    std::sort(ids.begin(), ids.end());
    for (const std::string& gone : {std::string("0-removed"), ids[1] + "-removed", std::string("~removed")}) {
        auto st = f.db.prepare(
            "INSERT INTO responses(attempt_id, item_id, response_id, value, saved_at) SELECT id, ?, 'RESPONSE', "
            "'\"A\"', '2026-05-01T10:00:00Z' FROM attempts");
        st.bind(1, gone);
        st.run();
    }
    const auto after = pass();
    CHECK(after.first == before.first);
    CHECK(after.second == before.second);
}

TEST_CASE("scoring memo: one entry per item - answer and teachers' scores - texts that run together kept apart") {
    const ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const Module* module = nullptr;
    for (const Module& m : bank.modules())
        if (!m.practice && !module) module = &m;
    REQUIRE(module);
    const ModuleVariant& variant = module->variant("nl");
    REQUIRE(variant.items.size() >= 2);
    const Item& first = *variant.items[0];
    const Item& second = *variant.items[1];
    AnswerMemo memo;
    using Stored = std::vector<std::pair<std::string, std::string>>;
    const auto entry = [&](const Item& item, const Stored& stored, const VariableMap* external = nullptr) {
        memo.begin(item);
        for (const auto& [responseId, value] : stored) memo.add(responseId, value);
        return &memo.end(external);
    };
    const Stored a{{"RESPONSE", "\"A\""}}, b{{"RESPONSE", "\"B\""}};
    CHECK(entry(first, a) == entry(first, a));  // the same answer: scored once
    CHECK(entry(first, a) != entry(first, b));
    CHECK(entry(first, a) != entry(second, a));  // the same answer to another item
    CHECK(entry(first, {}) != entry(first, a));  // not answered
    CHECK_FALSE(entry(first, {})->answered);
    // Parts that run together into the same text are told apart.
    CHECK(entry(first, {{"R", "ESPONSE"}}) != entry(first, {{"RE", "SPONSE"}}));
    CHECK(entry(first, {{"A", "B"}, {"C", "D"}}) != entry(first, {{"A", "BC"}, {"", "D"}}));
    CHECK(entry(first, {{"A", ""}}) != entry(first, {{"A", ""}, {"", ""}}));
    // The teachers' final scores: none, one, another, and as another type.
    const VariableMap one{{"SCORE", Value::single(BaseType::Integer, "1")}};
    const VariableMap two{{"SCORE", Value::single(BaseType::Integer, "2")}};
    const VariableMap oneAsFloat{{"SCORE", Value::single(BaseType::Float, "1")}};
    const VariableMap empty;
    CHECK(entry(first, a, &one) == entry(first, a, &one));
    CHECK(entry(first, a, &one) != entry(first, a));
    CHECK(entry(first, a, &one) != entry(first, a, &two));
    CHECK(entry(first, a, &one) != entry(first, a, &oneAsFloat));
    CHECK(entry(first, a, &empty) == entry(first, a));  // none and an empty map score alike
}

TEST_CASE("export statuses: time up is read from the time_up event - not from the clock") {
    RowsFixture f;
    const auto pupils = f.school.addPupils(f.classId, {"Fenna Zwartjes"}, kT0);
    f.plans.assign(pupils[0].id, {kModule}, kT0);
    {
        ModuleSession s(f.store, f.module(kModule), pupils[0].id, "nl", f.now);
        REQUIRE(s.finish(f.now += 1000));  // no limit: finished by the pupil
    }
    std::vector<ModuleProgress> progress = moduleProgress(f.db, f.bank, f.classId);
    REQUIRE(progress.size() == 1);
    CHECK(progress[0].status == ModuleStatus::Finished);
    CHECK(progress[0].furthestShown == 1);
    // The same attempt with a time_up event recorded is time_up.
    {
        auto st = f.db.prepare("SELECT id FROM attempts");
        REQUIRE(st.step());
        Transaction tx(f.db);
        insertEvents(f.db, st.getInt(0), {ProcessEvent{f.now, EventKind::TimeUp, "", ""}});
        tx.commit();
    }
    progress = moduleProgress(f.db, f.bank, f.classId);
    CHECK(progress.at(0).status == ModuleStatus::TimeUp);
    CHECK(std::string(moduleStatusName(ModuleStatus::TimeUp)) == "time_up");
    CHECK(std::string(responseStatusName(ResponseStatus::NotReached)) == "not_reached");
}

TEST_CASE("export order: rows follow the pseudonyms - not the order pupils were entered") {
    RowsFixture f;
    // Pupils are added until their entry order differs from their pseudonyms' order (with a
    // random school secret, 5 pupils already differ 119 times in 120; a class of fewer than 5
    // would not be exported at all).
    std::vector<PupilInfo> pupils;
    auto entryOrderIsSorted = [&] {
        std::vector<std::string> ps;
        for (const auto& p : pupils) ps.push_back(f.pseudonym(p.id));
        return std::is_sorted(ps.begin(), ps.end());
    };
    while (pupils.size() < static_cast<size_t>(kMinPupilGroup) || entryOrderIsSorted()) {
        REQUIRE(pupils.size() < 40);
        const auto added = f.school.addPupils(f.classId, {"Leerling " + std::to_string(pupils.size())}, kT0);
        pupils.push_back(added.at(0));
    }
    for (const auto& p : pupils) {
        f.plans.assign(p.id, {kModule, kOther}, kT0);
        ModuleSession s(f.store, f.module(kModule), p.id, "nl", f.now);
        s.setResponse("RESPONSE", Value::single(BaseType::Identifier, "A"), f.now += 1000);
        REQUIRE(s.next(f.now += 1000));
        REQUIRE(s.finish(f.now += 1000));
    }
    std::vector<std::string> entryOrder;
    for (const auto& p : pupils) entryOrder.push_back(f.pseudonym(p.id));
    std::vector<std::string> sortedOrder = entryOrder;
    std::sort(sortedOrder.begin(), sortedOrder.end());
    REQUIRE(entryOrder != sortedOrder);

    ExportOptions withEvents;
    withEvents.events = true;
    exportCsv(f.db, f.bank, f.dir.file("export"), f.school, withEvents);
    for (const char* file : {"responses.csv", "module_status.csv", "scores.csv", "events.csv"}) {
        CAPTURE(file);
        const auto rows = parseCsv(readFile(fs::path(f.dir.file("export")) / file));
        REQUIRE(rows.size() > 1);
        REQUIRE(rows[0][0] == "pupil");
        std::vector<std::string> order;  // each pupil once, in the order first met
        for (size_t i = 1; i < rows.size(); ++i)
            if (order.empty() || order.back() != rows[i][0]) order.push_back(rows[i][0]);
        CHECK(order == sortedOrder);  // every pupil's rows together, in pseudonym order
        CHECK(order != entryOrder);
        // Within a pupil: by module, then item (responses) or seq (events).
        for (size_t i = 2; i < rows.size(); ++i) {
            const auto& a = rows[i - 1];
            const auto& b = rows[i];
            if (a[0] != b[0]) continue;
            CHECK(a[1] <= b[1]);
            if (a[1] != b[1]) continue;
            if (std::string(file) == "responses.csv") CHECK(a[2] < b[2]);
            if (std::string(file) == "events.csv") CHECK(std::stoi(a[2]) < std::stoi(b[2]));
        }
    }
    const auto items = parseCsv(readFile(fs::path(f.dir.file("export")) / "items.csv"));
    CHECK(std::is_sorted(items.begin() + 1, items.end()));
}

namespace {

// A class whose pupils typed their own and each other's names, codes, e-mail addresses and phone
// numbers: into a text entry, a number field, a mail reply, and (as identifiers) a choice.
struct PlantedFixture : RowsFixture {
    std::vector<PupilInfo> pupils;
    std::vector<PupilInfo> classmates;  // never logged in
    std::vector<std::string> planted;   // every string that must not be in any exported file
    PlantedFixture() {
        pupils = school.addPupils(classId, {"Wilhelmina Oosterhuis-Brandsma", "Xander Quist", "Fenna Zwartjes"}, kT0);
        classmates = addClassmates();
        const Module& m01 = module(kModule);
        const std::string& code0 = pupils[0].code;
        const std::string& code1 = pupils[1].code;
        const std::string text = "Ik ben Wilhelmina, mijn vriend is xander QUIST (code " + code1 +
                                 "). Mail wilhelmina.oosterhuis@voorbeeld.nl of bel 06-12345678 of +31 6 8765 4321. "
                                 "Mijn code: " +
                                 code0.substr(0, 4) + code0.substr(5) + " en " + code0.substr(0, 4) + " " +
                                 code0.substr(5);
        planted = {"Wilhelmina",
                   "Oosterhuis",
                   "Brandsma",
                   "Xander",
                   "Quist",
                   "Zwartjes",
                   "voorbeeld.nl",
                   "12345678",
                   "8765 4321",
                   "612345678",
                   code0,
                   code1,
                   code0.substr(0, 4) + code0.substr(5),
                   code1.substr(0, 4) + code1.substr(5),
                   code0.substr(0, 4) + " " + code0.substr(5)};
        for (const auto& p : pupils) {
            plans.assign(p.id, {kModule}, kT0);
            ModuleSession s(store, m01, p.id, "nl", now);
            for (size_t pos = 0; pos < s.itemCount(); ++pos) {
                if (pos > 0) REQUIRE(s.goTo(pos, now += 1000));
                const Item& item = s.currentItem();
                for (const ResponseDeclaration& d : item.responses) {
                    if (d.cardinality == Cardinality::Record) continue;
                    std::string value;
                    if (d.baseType == BaseType::String)
                        value = text;
                    else if (d.baseType == BaseType::Integer)
                        value = "0612345678";  // a phone number typed into a number field
                    else if (d.baseType == BaseType::Identifier)
                        value = "Zwartjes";  // hostile items could use names as identifiers
                    else
                        continue;
                    s.setResponse(d.identifier,
                                  d.cardinality == Cardinality::Single
                                      ? Value::single(d.baseType, value)
                                      : Value::container(d.cardinality, d.baseType, {value}),
                                  now += 1000);
                }
            }
            REQUIRE(s.finish(now += 1000));
        }
    }
};

std::map<std::string, std::string> exportedFiles(const std::string& folder) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(folder)) files[e.path().filename().string()] = readFile(e.path());
    return files;
}

}  // namespace

TEST_CASE("export free text: withheld by default - screened with the opt-in - no planted detail in any file") {
    PlantedFixture f;
    // The planting reached the store: the mail reply and the text entry hold the e-mail address.
    {
        auto st = f.db.prepare("SELECT count(*) FROM responses WHERE value LIKE '%voorbeeld.nl%'");
        REQUIRE(st.step());
        REQUIRE(st.getInt(0) >= 2 * 3);
    }
    for (const bool optIn : {false, true}) {
        CAPTURE(optIn);
        ExportOptions options;
        options.freeText = optIn;
        options.events = true;  // the process data are scanned too
        const std::string folder = f.dir.file(optIn ? "met-tekst" : "zonder-tekst");
        const ExportSummary summary = exportCsv(f.db, f.bank, folder, f.school, options);
        const auto files = exportedFiles(folder);
        CHECK(files.size() == 13);  // ten tables, datapackage.json, README, the manifest and its signature
        for (const auto& [name, bytes] : files) {
            CAPTURE(name);
            for (const auto& secret : f.planted) {
                CAPTURE(secret);
                CHECK_FALSE(contains(toLowerAscii(bytes), toLowerAscii(secret)));
            }
        }
        const auto rows = parseCsv(files.at("responses.csv"));
        int withheld = 0, masked = 0, freeTextItems = 0;
        for (size_t i = 1; i < rows.size(); ++i) {
            const Item* item = nullptr;
            for (const auto& it : f.bank.findModule(rows[i][1])->variant("nl").items)
                if (it->identifier == rows[i][2]) item = it.get();
            REQUIRE(item);
            if (!holdsFreeText(*item)) {
                CHECK(rows[i][6] == "0");
                continue;
            }
            ++freeTextItems;
            if (!optIn) {
                CHECK(rows[i][6] == "1");
                CHECK(rows[i][5].empty());
                CHECK(rows[i][9] != "");  // the status stays
                ++withheld;
            } else {
                CHECK(rows[i][6] == "0");
                if (contains(rows[i][5], "[naam]") && contains(rows[i][5], "[e-mail]") &&
                    contains(rows[i][5], "[telefoon]") && contains(rows[i][5], "[code]"))
                    ++masked;
            }
        }
        CHECK(freeTextItems >= 3 * 3);  // text entry, number field, mail, files... per pupil
        if (!optIn) {
            CHECK(withheld == freeTextItems);
            CHECK(summary.freeTextWithheld == withheld);
        } else {
            CHECK(masked >= 3);  // each pupil's text entry, with every kind of mask
            CHECK(summary.freeTextWithheld == 0);
            CHECK(contains(files.at("responses.csv"), "\"\"[naam]\"\""));  // the identifier planted
        }
    }
}

TEST_CASE("export package: datapackage.json describes every CSV - its columns in order - and keys that hold") {
    PlantedFixture f;
    const std::string folder = f.dir.file("export");
    ExportOptions withEvents;
    withEvents.events = true;
    exportCsv(f.db, f.bank, folder, f.school, withEvents);
    const Json package = parseJson(readFile(fs::path(folder) / "datapackage.json"), "datapackage.json");
    REQUIRE(package.is_object());
    CHECK(package.at("profile") == "tabular-data-package");
    std::set<std::string> described;
    std::map<std::string, std::vector<std::vector<std::string>>> tables;
    for (const Json& r : package.at("resources")) {
        const std::string path = r.at("path");
        described.insert(path);
        CAPTURE(path);
        const auto rows = parseCsv(readFile(fs::path(folder) / path));
        REQUIRE_FALSE(rows.empty());
        tables[r.at("name")] = rows;
        std::vector<std::string> names;
        for (const Json& field : r.at("schema").at("fields")) {
            names.push_back(field.at("name"));
            CHECK_FALSE(field.at("description").get<std::string>().empty());
        }
        CHECK(rows[0] == names);  // the header is the schema's fields, in order
        CHECK(r.at("schema").at("missingValues") == Json::array({""}));
        // The primary key is unique over the rows.
        std::vector<size_t> keyColumns;
        const Json& pk = r.at("schema").at("primaryKey");
        for (const Json& k : pk.is_array() ? pk : Json::array({pk}))
            keyColumns.push_back(std::find(names.begin(), names.end(), k.get<std::string>()) - names.begin());
        std::set<std::vector<std::string>> keys;
        for (size_t i = 1; i < rows.size(); ++i) {
            std::vector<std::string> key;
            for (size_t c : keyColumns) key.push_back(rows[i].at(c));
            CHECK_MESSAGE(keys.insert(key).second, "duplicate key in " << path << " row " << i);
        }
    }
    std::set<std::string> csvFiles;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().extension() == ".csv") csvFiles.insert(e.path().filename().string());
    CHECK(described == csvFiles);
    // Every pupil of every file is in pupils.csv (the foreign keys).
    std::set<std::string> pupils;
    for (size_t i = 1; i < tables.at("pupils").size(); ++i) pupils.insert(tables.at("pupils")[i][0]);
    CHECK(pupils.size() == f.pupils.size() + f.classmates.size());
    for (const char* name : {"responses", "module_status", "scores", "events"})
        for (size_t i = 1; i < tables.at(name).size(); ++i) CHECK(pupils.count(tables.at(name)[i][0]) == 1);
}
