#pragma once
// Typed errors of the core. The UI and the CLI catch dlk::Error at their boundary and show
// message() to the user; kind() lets them choose the words and the recovery (retry, restore, ...).
#include <stdexcept>
#include <string>

namespace dlk {

enum class ErrorKind {
    Io,           // a file could not be read or written
    Parse,        // malformed input (XML, JSON, CSV)
    Invalid,      // well-formed input that breaks a rule (unknown identifier, bad value)
    Storage,      // SQLite failed for another reason
    StorageFull,  // SQLITE_FULL: the disk is full
    ReadOnly,     // SQLITE_READONLY / a read-only medium
    Corrupt,      // the database failed its integrity check
    Auth,         // a wrong PIN or a locked PIN entry
    NotFound,     // a code, class or item that does not exist
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), m_kind(kind) {}
    ErrorKind kind() const { return m_kind; }

private:
    ErrorKind m_kind;
};

}  // namespace dlk
