#include "storage/schema.h"

#include "storage/backups.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {
// Names and pupil codes live only in `pupils`; everything an export reads joins through
// pupils.id and turns it into a keyed pseudonym (see security/pseudonym.h).
const char* kSchemaV1 = R"SQL(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE school(
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  name           TEXT NOT NULL,
  pin_hash       TEXT NOT NULL,
  pseudonym_key  BLOB NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE TABLE classes(
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL
);
CREATE TABLE pupils(
  id            INTEGER PRIMARY KEY,
  class_id      INTEGER NOT NULL REFERENCES classes(id),
  code          TEXT NOT NULL UNIQUE,
  display_name  TEXT,
  language      TEXT NOT NULL DEFAULT 'nl',
  created_at    TEXT NOT NULL
);
CREATE TABLE attempts(
  id                INTEGER PRIMARY KEY,
  pupil_id          INTEGER NOT NULL REFERENCES pupils(id),
  module_id         TEXT NOT NULL,
  language          TEXT NOT NULL,
  current_position  INTEGER NOT NULL DEFAULT 0,
  started_at        TEXT NOT NULL,
  finished_at       TEXT,
  UNIQUE (pupil_id, module_id)
);
CREATE TABLE responses(
  attempt_id   INTEGER NOT NULL REFERENCES attempts(id),
  item_id      TEXT NOT NULL,
  response_id  TEXT NOT NULL,
  value        TEXT NOT NULL,
  saved_at     TEXT NOT NULL,
  PRIMARY KEY (attempt_id, item_id, response_id)
) WITHOUT ROWID;
)SQL";
// Version 2: per-pupil accommodations, set by the teacher and applied at login, and the time a
// pupil has spent in a module (the clock runs only while the kiosk shows the module).
const char* kSchemaV2 = R"SQL(
ALTER TABLE pupils ADD COLUMN text_scale_pct INTEGER NOT NULL DEFAULT 100;
ALTER TABLE pupils ADD COLUMN high_contrast INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pupils ADD COLUMN extra_time_pct INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN elapsed_ms INTEGER NOT NULL DEFAULT 0;
)SQL";
// Version 3: the pupil's session. Two more accommodations; a teacher's pause; the items a pupil
// flagged; process data (every pupil action with its time, keyed to the attempt, never to a
// name); and each pupil's session plan: which modules, in which order, from which seed.
const char* kSchemaV3 = R"SQL(
ALTER TABLE pupils ADD COLUMN dyslexia_font INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pupils ADD COLUMN read_aloud INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
CREATE TABLE flags(
  attempt_id  INTEGER NOT NULL REFERENCES attempts(id),
  item_id     TEXT NOT NULL,
  PRIMARY KEY (attempt_id, item_id)
) WITHOUT ROWID;
CREATE TABLE events(
  id          INTEGER PRIMARY KEY,
  attempt_id  INTEGER NOT NULL REFERENCES attempts(id),
  at_ms       INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  item_id     TEXT,
  detail      TEXT
);
CREATE INDEX events_by_attempt ON events(attempt_id, id);
CREATE TABLE session_plans(
  pupil_id    INTEGER PRIMARY KEY REFERENCES pupils(id),
  design      TEXT NOT NULL,
  seed        INTEGER NOT NULL,
  modules     TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
)SQL";
// Version 4: data at rest. A random data key seals the pseudonym secret (pseudonym_key_sealed);
// the data key is stored only wrapped under the Argon2id key of the teacher's PIN (key_salt,
// wrapped_data_key). An older school keeps its plaintext pseudonym_key until the teacher's next
// PIN (the PIN is needed to wrap): then it is sealed and the plaintext column emptied
// (SchoolStore::unlock, after a backup).
const char* kSchemaV4 = R"SQL(
ALTER TABLE school ADD COLUMN key_salt BLOB;
ALTER TABLE school ADD COLUMN wrapped_data_key BLOB;
ALTER TABLE school ADD COLUMN pseudonym_key_sealed BLOB;
)SQL";
// Version 5: pupils' names and codes at rest (security/code_lookup.h). The pupils table is
// rebuilt (SQLite cannot drop a UNIQUE column): a code is found by its Argon2id lookup hash
// (code_hash, salted by school.code_salt) and kept sealed under the data key (code_sealed), as is
// the name (name_sealed); first_name_sealed opens only with the pupil's own code. An older
// school's plaintext moves to legacy_code / legacy_name: SchoolStore hashes legacy codes at the
// next start (no PIN needed) and seals and erases the plaintext at the teacher's next PIN, after a
// backup.
const char* kSchemaV5 = R"SQL(
CREATE TABLE pupils_v5(
  id                 INTEGER PRIMARY KEY,
  class_id           INTEGER NOT NULL REFERENCES classes(id),
  code_hash          BLOB UNIQUE,
  code_sealed        BLOB,
  name_sealed        BLOB,
  first_name_sealed  BLOB,
  legacy_code        TEXT UNIQUE,
  legacy_name        TEXT,
  language           TEXT NOT NULL DEFAULT 'nl',
  created_at         TEXT NOT NULL,
  text_scale_pct     INTEGER NOT NULL DEFAULT 100,
  high_contrast      INTEGER NOT NULL DEFAULT 0,
  extra_time_pct     INTEGER NOT NULL DEFAULT 0,
  dyslexia_font      INTEGER NOT NULL DEFAULT 0,
  read_aloud         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO pupils_v5(id, class_id, legacy_code, legacy_name, language, created_at, text_scale_pct, high_contrast,
                      extra_time_pct, dyslexia_font, read_aloud)
  SELECT id, class_id, code, display_name, language, created_at, text_scale_pct, high_contrast, extra_time_pct,
         dyslexia_font, read_aloud FROM pupils;
DROP TABLE pupils;
ALTER TABLE pupils_v5 RENAME TO pupils;
ALTER TABLE school ADD COLUMN code_salt BLOB;
)SQL";
// Version 6: scores a person gives to criteria declared externalScored="human", one row per
// answer (attempt and item), criterion (outcome), and round: 1 the first scorer, 2 a blind second
// scorer, 3 a third look that settles a disagreement (scoring/human_scores.h). `scorer` is the
// name or initials typed on the scoring screen (since version 10: the teacher's name as it was then).
const char* kSchemaV6 = R"SQL(
CREATE TABLE human_scores(
  attempt_id  INTEGER NOT NULL REFERENCES attempts(id),
  item_id     TEXT NOT NULL,
  outcome_id  TEXT NOT NULL,
  round       INTEGER NOT NULL CHECK (round BETWEEN 1 AND 3),
  score       REAL NOT NULL,
  scorer      TEXT NOT NULL,
  scored_at   TEXT NOT NULL,
  PRIMARY KEY (attempt_id, item_id, outcome_id, round)
) WITHOUT ROWID;
)SQL";
// Version 7: the incident log of a session, as ICILS's administration form keeps it
// (school/incidents.h): per pupil and, when it happened in one, module, what happened, chosen from
// a fixed list; never free text, which could name someone.
const char* kSchemaV7 = R"SQL(
CREATE TABLE incidents(
  id           INTEGER PRIMARY KEY,
  pupil_id     INTEGER NOT NULL REFERENCES pupils(id),
  module_id    TEXT NOT NULL DEFAULT '',
  kind         TEXT NOT NULL CHECK (kind IN ('late', 'interrupted', 'left_early', 'technical', 'unwell')),
  recorded_at  INTEGER NOT NULL
);
CREATE INDEX incidents_by_pupil ON incidents(pupil_id, id);
)SQL";
// Version 8: the school's Ed25519 signing key (security/signing.h), which signs what leaves the
// school (export/manifest.h). The public key is stored plain (anyone may read and hand it on); the
// secret key only sealed under the data key. SchoolStore makes the pair at the set-up, and for an
// older school at the teacher's next PIN (the data key is needed to seal it); until then both
// are NULL.
const char* kSchemaV8 = R"SQL(
ALTER TABLE school ADD COLUMN signing_public_key BLOB;
ALTER TABLE school ADD COLUMN signing_secret_key_sealed BLOB;
)SQL";
// Version 9: several teachers, each with their own PIN
// (school/school_store.h). Every teacher's PIN wraps the same data key, so what is sealed opens
// for each; the growing delay after wrong PINs is kept per teacher, in the database (a restart
// does not reset it). The school's one PIN becomes the first teacher, an administrator named
// "Beheerder", with its wrapped key and its wrong tries; the school row keeps no PIN. Existing
// classes belong to nobody (classes.teacher_id NULL): the administrator sees them all and hands
// them out.
const char* kSchemaV9 = R"SQL(
CREATE TABLE teachers(
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE,
  role              TEXT NOT NULL CHECK (role IN ('admin', 'teacher')),
  pin_hash          TEXT NOT NULL,
  key_salt          BLOB,
  wrapped_data_key  BLOB,
  wrong_tries       INTEGER NOT NULL DEFAULT 0 CHECK (typeof(wrong_tries) = 'integer' AND wrong_tries >= 0),
  last_wrong_ms     INTEGER NOT NULL DEFAULT 0 CHECK (typeof(last_wrong_ms) = 'integer'),
  created_at        TEXT NOT NULL
);
ALTER TABLE classes ADD COLUMN teacher_id INTEGER REFERENCES teachers(id);
CREATE INDEX classes_by_teacher ON classes(teacher_id);
)SQL";
// Version 10: a score is given by the logged-in teacher (scoring/human_scores.h), kept by their id;
// `scorer` keeps their name as it was then. An older score keeps its typed scorer and no
// teacher_id: it counts as a scorer distinct from every teacher. A removed teacher's scores lose
// their id the same way (SchoolStore::removeTeacher), so a later teacher given the same id is
// never taken for them.
const char* kSchemaV10 = R"SQL(
ALTER TABLE human_scores ADD COLUMN teacher_id INTEGER REFERENCES teachers(id);
)SQL";
// Version 11: the session design a teacher chose for a class (SchoolStore::setSessionDesign), by
// its name in <items>/session-design.json; NULL (every class before): the file's default.
const char* kSchemaV11 = R"SQL(
ALTER TABLE classes ADD COLUMN session_design TEXT;
)SQL";
// Version 12: measurement rounds (school/school_store.h, startNewRound): a class measured again
// (a baseline in the autumn, again in the spring) keeps its earlier answers in an archived copy.
// classes.archived_at: when a class was archived (ms; NULL while in use): read-only, its pupils
// cannot log in. classes.round_of: for an archived earlier round, the class measured again.
// pupils.previous_id: a pupil's row in the round before, so a pupil is compared with themselves.
// Neither link is a REFERENCES constraint on purpose: deleteClass follows every foreign key to a
// class and would then delete the next round's pupils; it unlinks these two instead.
const char* kSchemaV12 = R"SQL(
ALTER TABLE classes ADD COLUMN archived_at INTEGER;
ALTER TABLE classes ADD COLUMN round_of INTEGER;
ALTER TABLE pupils ADD COLUMN previous_id INTEGER;
)SQL";
// Version 13: several kiosks, one school (kiosks/). On the school's kiosk, `kiosks` lists every
// kiosk an administrator wrote a join file for, with the public half of the Ed25519 key made for
// it (its result bundles are checked against it), and `imported_bundles` every result bundle read
// in (which kiosk, its sequence number, the SHA-256 of its manifest). An attempt or incident read
// from a bundle keeps the kiosk it came from (origin_kiosk_id; NULL: made here) and, for an
// attempt, the bundle's sequence number, so a later bundle of the same kiosk supersedes it and
// an earlier one never does. On a pupil kiosk, `this_kiosk` is its own identity from the join
// file: its id at the school, its key pair (the secret half sealed under the school's data key)
// and the last sequence number it wrote.
const char* kSchemaV13 = R"SQL(
CREATE TABLE kiosks(
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  public_key  BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
  joined_at   TEXT NOT NULL
);
CREATE TABLE this_kiosk(
  id                 INTEGER PRIMARY KEY CHECK (id = 1),
  kiosk_id           INTEGER NOT NULL,
  name               TEXT NOT NULL,
  public_key         BLOB NOT NULL CHECK (length(public_key) = 32),
  secret_key_sealed  BLOB NOT NULL,
  last_sequence      INTEGER NOT NULL DEFAULT 0 CHECK (typeof(last_sequence) = 'integer' AND last_sequence >= 0),
  roster_written_ms  INTEGER NOT NULL,
  joined_at          TEXT NOT NULL
);
CREATE TABLE imported_bundles(
  kiosk_id     INTEGER NOT NULL REFERENCES kiosks(id),
  sequence     INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  imported_at  TEXT NOT NULL,
  attempts     INTEGER NOT NULL,
  conflicts    INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, sequence)
) WITHOUT ROWID;
ALTER TABLE attempts ADD COLUMN origin_kiosk_id INTEGER REFERENCES kiosks(id);
ALTER TABLE attempts ADD COLUMN origin_sequence INTEGER;
ALTER TABLE incidents ADD COLUMN origin_kiosk_id INTEGER REFERENCES kiosks(id);
)SQL";
// Version 14 (issue 14): background variables a teacher records per pupil (school/background.h): grade
// (groep/leerjaar 1-8), track (po, pro, vmbo-bk, vmbo-gt, havo, vwo), birth year and month (never a day), gender
// (m, v, x) only where the school records it. NULL: not recorded (every pupil before). Plain columns beside the
// accommodations; the export shows them only as its k-anonymity check lets it (export/disclosure.h).
const char* kSchemaV14 = R"SQL(
ALTER TABLE pupils ADD COLUMN grade INTEGER;
ALTER TABLE pupils ADD COLUMN track TEXT;
ALTER TABLE pupils ADD COLUMN birth_year INTEGER;
ALTER TABLE pupils ADD COLUMN birth_month INTEGER;
ALTER TABLE pupils ADD COLUMN gender TEXT;
)SQL";
// Version 15, for schools of many classes and pupils (issue 14's 100,000): a class's pupils by an index instead of a
// scan of every pupil (each class's list took time proportional to the whole school: the export's name screen,
// export/free_text.h, took minutes), and the events that say which items were shown and whose time ran out
// (results/response_status.h) in a covering index of their own: a seventh of the process data, read without the rest.
const char* kSchemaV15 = R"SQL(
CREATE INDEX pupils_by_class ON pupils(class_id, id);
CREATE INDEX events_shown ON events(attempt_id, kind, item_id) WHERE kind IN ('item_shown', 'time_up');
)SQL";
// Version 16, for the export at a national size (issue 14): what the events say of an attempt's progress, kept on the
// attempt itself, so that it is read as one row per attempt instead of a school's millions of events
// (results/response_status.h). shown_items: each item shown at least once (an item_shown event), its id followed by a
// newline, in the order first shown; timed_out: 1 once a time_up event is recorded. Triggers keep both as events are
// written, by every writer (the kiosk, a bundle read in, a copy); the existing events fill them here. Bounded at 8 KiB
// (the bundled modules' items take under 400 bytes): a hostile bundle's made-up ids cannot make each insert's search of
// the list grow without end. Where an attempt's events are replaced (a later bundle of its kiosk,
// kiosks/result_bundle.cpp) both are emptied first. Version 15's index events_shown, which only the progress read,
// goes.
const char* kSchemaV16 = R"SQL(
ALTER TABLE attempts ADD COLUMN shown_items TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER events_keep_shown_items AFTER INSERT ON events
WHEN NEW.kind = 'item_shown' AND NEW.item_id IS NOT NULL AND NEW.item_id != ''
BEGIN
  UPDATE attempts SET shown_items = shown_items || NEW.item_id || char(10)
  WHERE id = NEW.attempt_id AND length(shown_items) < 8192
    AND instr(char(10) || shown_items, char(10) || NEW.item_id || char(10)) = 0;
END;
CREATE TRIGGER events_keep_timed_out AFTER INSERT ON events WHEN NEW.kind = 'time_up'
BEGIN
  UPDATE attempts SET timed_out = 1 WHERE id = NEW.attempt_id AND timed_out = 0;
END;
UPDATE attempts SET
  timed_out = EXISTS (SELECT 1 FROM events e WHERE e.attempt_id = attempts.id AND e.kind = 'time_up'),
  shown_items = coalesce(substr((SELECT group_concat(item_id || char(10), '') FROM (
      SELECT item_id FROM events e WHERE e.attempt_id = attempts.id AND e.kind = 'item_shown' AND e.item_id IS NOT NULL
        AND e.item_id != '' GROUP BY item_id ORDER BY min(e.id))), 1, 8192), '');
DROP INDEX events_shown;
)SQL";
// The school's PIN and its wrong tries as the first teacher. A counter in meta that does not read
// as a whole number was tampered with: it comes over as locked (1000 tries, the last one now),
// never as zero.
std::string firstTeacherFromSchool(int64_t nowMs) {
    const std::string now = std::to_string(nowMs);
    const std::string wholeNumber =
        "(value GLOB '[0-9]*' AND value NOT GLOB '*[^0-9]*' AND length(value) BETWEEN 1 AND 18)";
    const std::string tampered =
        "EXISTS (SELECT 1 FROM meta WHERE key IN ('pin_failures', 'pin_last_failure_ms') "
        "AND NOT " +
        wholeNumber + ")";
    return "INSERT INTO teachers(name, role, pin_hash, key_salt, wrapped_data_key, wrong_tries, last_wrong_ms, "
           "created_at) SELECT 'Beheerder', 'admin', pin_hash, key_salt, wrapped_data_key, "
           "CASE WHEN " +
           tampered +
           " THEN 1000 ELSE coalesce((SELECT min(CAST(value AS INTEGER), 1000) FROM meta "
           "WHERE key='pin_failures'), 0) END, "
           "CASE WHEN " +
           tampered + " THEN " + now +
           " ELSE coalesce((SELECT CAST(value AS INTEGER) FROM meta "
           "WHERE key='pin_last_failure_ms'), 0) END, "
           "created_at FROM school WHERE id=1;"
           "UPDATE school SET pin_hash='', key_salt=NULL, wrapped_data_key=NULL;"
           "DELETE FROM meta WHERE key IN ('pin_failures', 'pin_last_failure_ms');";
}
}  // namespace

namespace {
// The stored schema version: 0 for a new, empty file. Refuses a file that is not ours, and one
// written by a newer dlkiosk (it would not understand its data).
int readSchemaVersion(Database& db) {
    bool hasMeta = false;
    {
        auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'");
        hasMeta = st.step();
    }
    int version = 0;
    if (hasMeta) {
        auto st = db.prepare("SELECT value FROM meta WHERE key='schema_version'");
        if (st.step()) {
            int64_t v = 0;
            if (!parseInt64(st.getText(0), v) || v < 0 || v > 1000000)
                throw Error(ErrorKind::Corrupt,
                            db.path() + ": schema_version '" + st.getText(0) + "' is not a version number");
            version = static_cast<int>(v);
        }
    } else {
        auto st = db.prepare("SELECT count(*) FROM sqlite_master");
        st.step();
        if (st.getInt(0) != 0)
            throw Error(ErrorKind::Invalid, db.path() + " is not a dlkiosk database (it holds other tables)");
    }
    if (version > kSchemaVersion)
        throw Error(ErrorKind::Invalid, db.path() + " was written by a newer dlkiosk (schema " +
                                            std::to_string(version) + "); this one understands up to " +
                                            std::to_string(kSchemaVersion));
    return version;
}
}  // namespace

void migrateSchema(Database& db, int targetVersion) {
    if (targetVersion < 1 || targetVersion > kSchemaVersion)
        throw Error(ErrorKind::Invalid, "no schema version " + std::to_string(targetVersion));
    const int before = readSchemaVersion(db);
    if (before >= targetVersion) return;
    // An existing school's data is copied before its tables change (backups/, kept with the
    // kiosk's own copies), so a migration that goes wrong can be undone by hand.
    if (before > 0) backupBeforeChange(db, "before-schema-" + std::to_string(targetVersion), wallClockMs());
    // Rebuilding a table that others reference needs foreign keys off for the swap (SQLite's
    // documented 12-step procedure); they are checked before the commit and switched on again.
    db.exec("PRAGMA foreign_keys=OFF");
    struct ForeignKeysBackOn {
        Database& db;
        ~ForeignKeysBackOn() {
            try {
                db.exec("PRAGMA foreign_keys=ON");
            } catch (...) {
            }
        }
    } foreignKeysBackOn{db};
    Transaction tx(db);
    const int version = readSchemaVersion(db);  // read again inside the transaction
    if (version < 1 && targetVersion >= 1) {
        db.exec(kSchemaV1);
        db.exec("INSERT INTO meta(key, value) VALUES ('schema_version', '1')");
    }
    if (version < 2 && targetVersion >= 2) {
        db.exec(kSchemaV2);
        db.exec("UPDATE meta SET value='2' WHERE key='schema_version'");
    }
    if (version < 3 && targetVersion >= 3) {
        db.exec(kSchemaV3);
        db.exec("UPDATE meta SET value='3' WHERE key='schema_version'");
    }
    if (version < 4 && targetVersion >= 4) {
        db.exec(kSchemaV4);
        db.exec("UPDATE meta SET value='4' WHERE key='schema_version'");
    }
    if (version < 5 && targetVersion >= 5) {
        db.exec(kSchemaV5);
        db.exec("UPDATE meta SET value='5' WHERE key='schema_version'");
        auto fk = db.prepare("PRAGMA foreign_key_check");
        if (fk.step())
            throw Error(ErrorKind::Corrupt, db.path() + ": table " + fk.getText(0) + " row " + fk.getText(1) +
                                                " refers to a row of " + fk.getText(2) + " that does not exist");
    }
    if (version < 6 && targetVersion >= 6) {
        db.exec(kSchemaV6);
        db.exec("UPDATE meta SET value='6' WHERE key='schema_version'");
    }
    if (version < 7 && targetVersion >= 7) {
        db.exec(kSchemaV7);
        db.exec("UPDATE meta SET value='7' WHERE key='schema_version'");
    }
    if (version < 8 && targetVersion >= 8) {
        db.exec(kSchemaV8);
        db.exec("UPDATE meta SET value='8' WHERE key='schema_version'");
    }
    if (version < 9 && targetVersion >= 9) {
        db.exec(kSchemaV9);
        db.exec(firstTeacherFromSchool(wallClockMs()));
        db.exec("UPDATE meta SET value='9' WHERE key='schema_version'");
    }
    if (version < 10 && targetVersion >= 10) {
        db.exec(kSchemaV10);
        db.exec("UPDATE meta SET value='10' WHERE key='schema_version'");
    }
    if (version < 11 && targetVersion >= 11) {
        db.exec(kSchemaV11);
        db.exec("UPDATE meta SET value='11' WHERE key='schema_version'");
    }
    if (version < 12 && targetVersion >= 12) {
        db.exec(kSchemaV12);
        db.exec("UPDATE meta SET value='12' WHERE key='schema_version'");
    }
    if (version < 13 && targetVersion >= 13) {
        db.exec(kSchemaV13);
        db.exec("UPDATE meta SET value='13' WHERE key='schema_version'");
    }
    if (version < 14 && targetVersion >= 14) {
        db.exec(kSchemaV14);
        db.exec("UPDATE meta SET value='14' WHERE key='schema_version'");
    }
    if (version < 15 && targetVersion >= 15) {
        db.exec(kSchemaV15);
        db.exec("UPDATE meta SET value='15' WHERE key='schema_version'");
    }
    if (version < 16 && targetVersion >= 16) {
        db.exec(kSchemaV16);
        db.exec("UPDATE meta SET value='16' WHERE key='schema_version'");
    }
    tx.commit();
}

}  // namespace dlk
