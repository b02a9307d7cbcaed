#include "storage/database.h"

#include <sqlite3.h>

#include <cstdio>

#include "support/paths.h"
#include "util/error.h"

namespace dlk {

namespace {
ErrorKind kindOf(int rc) {
    switch (rc & 0xFF) {
        case SQLITE_FULL:
            return ErrorKind::StorageFull;
        case SQLITE_READONLY:
            return ErrorKind::ReadOnly;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return ErrorKind::Corrupt;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
            return ErrorKind::Io;
        default:
            return ErrorKind::Storage;
    }
}
}  // namespace

namespace {
// A file database outside SQLite's special names (":memory:", "" for a temporary one, a URI).
bool isPlainFile(const std::string& path) {
    return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0;
}
}  // namespace

std::optional<Database> Database::openReader() const {
    if (!isPlainFile(m_path)) return std::nullopt;
    try {
        return std::optional<Database>(std::in_place, m_path, Mode::ReadOnly);
    } catch (const Error&) {
        return std::nullopt;  // the caller's pass runs on this connection instead: slower, never refused
    }
}

Database::Database(const std::string& path, Mode mode) : m_path(path) {
    if (mode == Mode::ReadWrite && isPlainFile(path)) {
        // SQLite creates a database 0644 and gives its -wal and -shm the database's mode: create
        // it 0600 first (an empty file is a new database to SQLite), and tighten one an older
        // dlkiosk left readable, with its -wal and -shm.
        try {
            makePrivateFile(path);
        } catch (const Error&) {
            // Not creatable here (a read-only medium): SQLite's own open below says why.
        }
        tightenPrivate(path + "-wal");
        tightenPrivate(path + "-shm");
        tightenPrivate(path + "-journal");
    }
    const int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error(kindOf(rc), "cannot open database " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);
    // Files may come from outside (imports, restored backups): never trust their schema.
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    try {
        exec("PRAGMA foreign_keys=ON");
        if (mode == Mode::ReadWrite && path != ":memory:") {
            // WAL + synchronous=FULL: a commit is synced to disk, so it survives a power cut.
            exec("PRAGMA journal_mode=WAL");
        }
        exec("PRAGMA synchronous=FULL");
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

Database::~Database() {
    if (m_db) sqlite3_close_v2(m_db);
}

void Database::throwError(int rc, std::string_view context) const {
    std::string msg = std::string(context) + " failed in " + m_path + ": " + sqlite3_errstr(rc);
    if (m_db) {
        const char* detail = sqlite3_errmsg(m_db);
        if (detail && std::string_view(detail) != sqlite3_errstr(rc)) msg += std::string(" (") + detail + ")";
    }
    throw Error(kindOf(rc), msg);
}

void Database::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) throwError(rc, "SQL '" + s.substr(0, 60) + "'");
}

int64_t Database::lastInsertId() const {
    return sqlite3_last_insert_rowid(m_db);
}
int Database::changes() const {
    return sqlite3_changes(m_db);
}

std::string Database::quickCheck() {
    Statement st(*this, "PRAGMA quick_check");
    return st.step() ? st.getText(0) : "no answer";
}

std::string Database::integrityCheck() {
    Statement st(*this, "PRAGMA integrity_check");
    return st.step() ? st.getText(0) : "no answer";
}

void Database::backupTo(const std::string& target) {
    std::remove(target.c_str());
    // VACUUM INTO accepts an empty file: made 0600 first, the copy is never readable by others.
    makePrivateFile(target);
    Statement st(*this, "VACUUM INTO ?");
    st.bind(1, target);
    st.run();
}

Statement::Statement(Database& db, std::string_view sql) : m_db(&db) {
    const int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) db.throwError(rc, "prepare '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
    other.m_stmt = nullptr;
}

Statement::~Statement() {
    if (m_stmt) sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, int64_t v) {
    const int rc = sqlite3_bind_int64(m_stmt, index, v);
    if (rc != SQLITE_OK) m_db->throwError(rc, "bind");
    return *this;
}
Statement& Statement::bind(int index, double v) {
    const int rc = sqlite3_bind_double(m_stmt, index, v);
    if (rc != SQLITE_OK) m_db->throwError(rc, "bind");
    return *this;
}
Statement& Statement::bind(int index, std::string_view v) {
    const int rc = sqlite3_bind_text(m_stmt, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) m_db->throwError(rc, "bind");
    return *this;
}
Statement& Statement::bindBlob(int index, const void* data, size_t size) {
    const int rc = sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) m_db->throwError(rc, "bind");
    return *this;
}
Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK) m_db->throwError(rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string sql = sqlite3_sql(m_stmt) ? sqlite3_sql(m_stmt) : "";
    sqlite3_reset(m_stmt);
    m_db->throwError(rc, "SQL '" + sql.substr(0, 60) + "'");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int col) const {
    return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
}
int64_t Statement::getInt(int col) const {
    return sqlite3_column_int64(m_stmt, col);
}
double Statement::getDouble(int col) const {
    return sqlite3_column_double(m_stmt, col);
}
std::string Statement::getText(int col) const {
    const auto* p = sqlite3_column_text(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}
std::string_view Statement::textView(int col) const {
    const auto* p = sqlite3_column_text(m_stmt, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string_view();
}
bool KeyWalk::seek(int64_t key) {
    constexpr int kStepsBeforeSearch = 64;                   // rows stepped over before the index is searched again
    if (!m_searched || key <= m_wanted) return search(key);  // the same key again: its rows may have been read
    m_wanted = key;
    for (int steps = 0; m_onRow && m_key < key; ++steps) {
        if (steps == kStepsBeforeSearch) return search(key);
        next();
    }
    return m_onRow;
}

bool KeyWalk::search(int64_t key) {
    m_searched = true;
    m_wanted = key;
    m_st.reset();
    m_st.bind(1, key);
    return stepped(m_st.step());
}

std::string Statement::getBlob(int col) const {
    const void* p = sqlite3_column_blob(m_stmt, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}
std::optional<std::string> Statement::getOptionalText(int col) const {
    if (isNull(col)) return std::nullopt;
    return getText(col);
}

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!m_done) {
        // Explicit rollback after a failed statement or COMMIT (SQLITE_FULL, IOERR): the
        // transaction may still be open, and leaving it open would block every later write.
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

}  // namespace dlk
