#pragma once
// RAII wrappers over SQLite in the manner of SQLiteCpp: Database, Statement, Transaction.
// sqlite3.h stays out of this header. Every failure becomes a dlk::Error whose kind tells
// a full disk and a read-only medium apart from other failures, and whose message names the file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace dlk {

class Database;

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    Statement& bind(int index, int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<int64_t>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Statement& bindBlob(int index, const void* data, size_t size);
    Statement& bindNull(int index);

    // Runs one step: true while a row is available, false when done.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    bool isNull(int col) const;
    int64_t getInt(int col) const;
    double getDouble(int col) const;
    std::string getText(int col) const;
    // The same without a copy: valid until the next step() or reset(). For passes over millions of rows.
    std::string_view textView(int col) const;
    std::string getBlob(int col) const;
    std::optional<std::string> getOptionalText(int col) const;

private:
    Database* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

// Reads a statement "SELECT key, ... WHERE key>=? ORDER BY key" for wanted keys in rising order (attempts by id): it
// steps on while the next wanted key is near and searches the index again when it lies far ahead, behind or is the
// last one again (whose rows may have been read), so a whole table is one pass and a few scattered keys cost a search
// each. Column 0 is the key; parameter 1 its lower bound.
class KeyWalk {
public:
    explicit KeyWalk(Statement& st) : m_st(st) {}
    // Stands on the first row whose key is `key` or more; false when there is none.
    bool seek(int64_t key);
    // Whether it stands on a row of `key`; the rows of one key are read with next() while this holds.
    bool at(int64_t key) const { return m_onRow && m_key == key; }
    void next() { stepped(m_st.step()); }

private:
    bool search(int64_t key);
    // The row's key is read once per row: a walk asks for it several times a row, over millions of rows.
    bool stepped(bool onRow) {
        m_onRow = onRow;
        if (onRow) m_key = m_st.getInt(0);
        return onRow;
    }

    Statement& m_st;
    bool m_searched = false, m_onRow = false;
    int64_t m_wanted = 0;  // the last key sought
    int64_t m_key = 0;     // the key of the row it stands on
};

class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };
    // Opens (creating if needed in ReadWrite mode) and applies dlkiosk's settings: WAL,
    // synchronous=FULL, foreign keys, defensive mode, trusted_schema=OFF, a busy timeout.
    explicit Database(const std::string& path, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(*this, sql); }
    int64_t lastInsertId() const;
    int changes() const;
    const std::string& path() const { return m_path; }
    // Another connection to the same database, read-only, for a pass on another thread (a connection is used by one
    // thread at a time); none for a database with no file of its own (in memory, temporary), which has one, or when
    // SQLite cannot open it (the caller then keeps to this connection).
    std::optional<Database> openReader() const;
    // PRAGMA quick_check; returns "ok" or the first problem SQLite reports.
    std::string quickCheck();
    std::string integrityCheck();
    // A consistent copy through VACUUM INTO (overwrites target).
    void backupTo(const std::string& target);

    // Internal: turns an SQLite result code into a dlk::Error naming the file and the context.
    [[noreturn]] void throwError(int rc, std::string_view context) const;
    sqlite3* handle() const { return m_db; }

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
};

// BEGIN IMMEDIATE on construction; rolls back in the destructor unless commit() succeeded.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

}  // namespace dlk
