#include "demo/replicate_school.h"

#include <string>
#include <vector>

#include "util/error.h"

namespace dlk {

namespace {

int64_t scalar(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    return st.step() && !st.isNull(0) ? st.getInt(0) : 0;
}

// The largest id of each kind of row: copy k moves every id by k times it, so copies never meet.
struct Offsets {
    int64_t classId = 0, pupilId = 0, attemptId = 0, eventId = 0, incidentId = 0;
};

// One table of a pupil's data: which of its original rows are copied, and how its own id moves.
struct CopiedTable {
    const char* name;
    const char* originalsBy;  // the column whose value is at most `originalsUpTo` on an original row
    int64_t Offsets::*originalsUpTo;
    int64_t Offsets::*ownId;  // the table's `id` column, when it has one
};

// The SELECT expression that copies `column` of `table` into copy ?1.
std::string copiedColumn(const std::string& table, const std::string& column, const CopiedTable& t, const Offsets& o) {
    const auto moved = [&](int64_t offset) {
        return "CASE WHEN " + column + " IS NULL THEN NULL ELSE " + column + " + ?1 * " + std::to_string(offset) +
               " END";
    };
    if (column == "id" && t.ownId) return moved(o.*t.ownId);
    if (column == "class_id" || (table == "classes" && column == "round_of")) return moved(o.classId);
    if (column == "pupil_id" || (table == "pupils" && column == "previous_id")) return moved(o.pupilId);
    if (column == "attempt_id") return moved(o.attemptId);
    if (table == "classes" && column == "name") return "name || ' #' || ?1";  // names are unique
    if (table == "pupils" && column == "code_hash")                           // codes are unique: a copy cannot log in
        return "CASE WHEN code_hash IS NULL THEN NULL ELSE randomblob(length(code_hash)) END";
    if (table == "pupils" && column == "legacy_code") return "legacy_code || ' #' || ?1";
    return column;
}

}  // namespace

ReplicatedSchool replicateClasses(Database& db, int64_t copies) {
    if (copies < 1 || copies > 100'000)
        throw Error(ErrorKind::Invalid, "a school is copied 1 to 100,000 times, not " + std::to_string(copies));
    const auto maxId = [&](const char* table) { return scalar(db, std::string("SELECT max(id) FROM ") + table); };
    const auto rowsOf = [&](const char* table) { return scalar(db, std::string("SELECT count(*) FROM ") + table); };
    Offsets o;
    o.classId = maxId("classes");
    o.pupilId = maxId("pupils");
    o.attemptId = maxId("attempts");
    o.eventId = maxId("events");
    o.incidentId = maxId("incidents");
    if (o.pupilId <= 0) throw Error(ErrorKind::Invalid, "the school has no pupils to copy");
    if (o.pupilId * (copies + 1) > (int64_t{1} << 53) || o.eventId * (copies + 1) > (int64_t{1} << 53))
        throw Error(ErrorKind::Invalid, "too many copies for the ids of this school");

    const std::vector<CopiedTable> tables = {
        {"classes", "id", &Offsets::classId, &Offsets::classId},
        {"pupils", "id", &Offsets::pupilId, &Offsets::pupilId},
        {"session_plans", "pupil_id", &Offsets::pupilId, nullptr},
        {"attempts", "id", &Offsets::attemptId, &Offsets::attemptId},
        {"responses", "attempt_id", &Offsets::attemptId, nullptr},
        {"flags", "attempt_id", &Offsets::attemptId, nullptr},
        {"events", "id", &Offsets::eventId, &Offsets::eventId},
        {"human_scores", "attempt_id", &Offsets::attemptId, nullptr},
        {"incidents", "id", &Offsets::incidentId, &Offsets::incidentId},
    };
    std::vector<Statement> inserts;
    for (const CopiedTable& t : tables) {
        std::string columns, values;
        auto info = db.prepare(std::string("PRAGMA table_info(") + t.name + ")");
        while (info.step()) {
            const std::string column = info.getText(1);
            columns += (columns.empty() ? "" : ", ") + column;
            values += (values.empty() ? "" : ", ") + copiedColumn(t.name, column, t, o);
        }
        if (columns.empty()) throw Error(ErrorKind::Corrupt, std::string("the database has no table ") + t.name);
        inserts.push_back(db.prepare(std::string("INSERT INTO ") + t.name + "(" + columns + ") SELECT " + values +
                                     " FROM " + t.name + " WHERE " + t.originalsBy +
                                     " <= " + std::to_string(o.*t.originalsUpTo)));
    }
    Transaction tx(db);
    for (int64_t k = 1; k <= copies; ++k)
        for (Statement& insert : inserts) {
            insert.bind(1, k);
            insert.run();
        }
    tx.commit();

    return {rowsOf("classes"), rowsOf("pupils"), rowsOf("attempts"), rowsOf("responses"), rowsOf("events")};
}

}  // namespace dlk
