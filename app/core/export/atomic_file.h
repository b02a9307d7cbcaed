#pragma once
// A file of an export or a merged package, written under a temporary name and renamed into place
// on commit(): a failed export leaves no half file, and a file not committed is removed.
#include <filesystem>
#include <fstream>
#include <string>

#include "support/paths.h"
#include "util/error.h"

namespace dlk {

class AtomicFile {
public:
    // The file is made 0600 before it is written: pseudonymised data is still personal data, for
    // the kiosk's user only (the teacher hands the folder on deliberately).
    explicit AtomicFile(const std::filesystem::path& target) : m_target(target), m_tmp(target.string() + ".tmp") {
        makePrivateFile(m_tmp.string());
        m_out.open(m_tmp, std::ios::binary | std::ios::trunc);
        if (!m_out) throw Error(ErrorKind::Io, "cannot write " + m_tmp.string());
    }
    std::ofstream& out() { return m_out; }
    // Hands what was written to the system (Error(Io) when writing failed) and gives the temporary file's path: to be
    // read (hashed) before commit, while nothing more is written.
    const std::filesystem::path& flushed() {
        m_out.flush();
        if (!m_out) throw Error(ErrorKind::Io, "writing " + m_tmp.string() + " failed (disk full?)");
        return m_tmp;
    }
    void commit() {
        m_out.flush();
        if (!m_out) throw Error(ErrorKind::Io, "writing " + m_tmp.string() + " failed (disk full?)");
        m_out.close();
        std::error_code ec;
        std::filesystem::rename(m_tmp, m_target, ec);
        if (ec) throw Error(ErrorKind::Io, "cannot rename " + m_tmp.string() + ": " + ec.message());
    }
    ~AtomicFile() {
        if (m_out.is_open()) {
            m_out.close();
            std::error_code ec;
            std::filesystem::remove(m_tmp, ec);
        }
    }

private:
    std::filesystem::path m_target, m_tmp;
    std::ofstream m_out;
};

// Makes `folder` ready for an export or a merged package: created 0700 when it does not exist; one
// that exists may hold only plain files (an earlier export's), since a manifest covers the plain
// files of one folder: a subfolder or a link would make the package unsignable after it was
// written. Error(Invalid) naming the entry, Error(Io) when it cannot be read or made; nothing is
// written before these checks.
void prepareOutputFolder(const std::string& folder);

}  // namespace dlk
