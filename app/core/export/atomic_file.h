#pragma once
// A file of an export or a merged package, written under a temporary name and renamed into place
// on commit(): a failed export leaves no half file, and a file not committed is removed. commit()
// syncs the file first: a package is signed over files that are on the disk, so a stick pulled after
// the export holds them whole (export/bulk_file.h writes the large ones).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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
        if (!m_out) throw Error(ErrorKind::Io, "closing " + m_tmp.string() + " failed (disk full?)");
        // A stream has no descriptor to sync: the file opened again (fsync syncs the file, whatever the descriptor).
        const int fd = ::open(m_tmp.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        int err = fd < 0 ? errno : 0;
        if (fd >= 0 && ::fsync(fd) != 0) err = errno;
        if (fd >= 0) ::close(fd);
        if (err != 0) throw Error(ErrorKind::Io, "syncing " + m_tmp.string() + " failed: " + std::strerror(err));
        std::error_code ec;
        std::filesystem::rename(m_tmp, m_target, ec);
        if (ec) throw Error(ErrorKind::Io, "cannot rename " + m_tmp.string() + ": " + ec.message());
        m_committed = true;
    }
    ~AtomicFile() {
        if (m_out.is_open()) m_out.close();
        if (!m_committed) {  // a failed commit too: no half file left
            std::error_code ec;
            std::filesystem::remove(m_tmp, ec);
        }
    }

private:
    std::filesystem::path m_target, m_tmp;
    std::ofstream m_out;
    bool m_committed = false;
};

// Makes `folder` ready for an export or a merged package: created 0700 when it does not exist; one
// that exists may hold only plain files (an earlier export's), since a manifest covers the plain
// files of one folder: a subfolder or a link would make the package unsignable after it was
// written. Error(Invalid) naming the entry, Error(Io) when it cannot be read or made; nothing is
// written before these checks.
void prepareOutputFolder(const std::string& folder);

}  // namespace dlk
