#include "export/bulk_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "export/sha256.h"
#include "support/paths.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

// A direct write's buffer, offset and length must be multiples of the device's logical block; 4096 is that or a
// multiple of it on every disk and stick in use (512 and 4096).
constexpr size_t kAlign = 4096;
// What the writing thread gathers before one write: large enough that the disk streams.
constexpr size_t kStage = size_t{4} << 20;

struct FreeDeleter {
    void operator()(char* p) const { std::free(p); }
};

bool setDirect(int fd, bool on) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0) return false;
    return ::fcntl(fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) == 0;
}

}  // namespace

BulkFile::BulkFile(const std::filesystem::path& target, Writing writing, size_t maxWaiting)
    : m_target(target), m_tmp(target.string() + ".tmp"), m_maxWaiting(maxWaiting < 1 ? 1 : maxWaiting) {
    makePrivateFile(m_tmp.string());
    m_fd = ::open(m_tmp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW);
    if (m_fd < 0) throw Error(ErrorKind::Io, "cannot write " + m_tmp.string() + ": " + std::strerror(errno));
    // Refused (EINVAL) where the file system has no direct writes: then through the page cache.
    m_direct = writing == Writing::DirectWherePossible && setDirect(m_fd, true);
    m_thread = std::thread([this] { run(); });
}

void BulkFile::stopThread() {
    if (m_thread.joinable()) {
        {
            const std::lock_guard lock(m_mutex);
            m_finishing = true;
            m_changed.notify_all();
        }
        m_thread.join();
    }
}

BulkFile::~BulkFile() {
    stopThread();
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) {
        std::error_code ec;
        std::filesystem::remove(m_tmp, ec);
    }
}

void BulkFile::put(std::string& piece) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_waiting.size() < m_maxWaiting; });
    if (m_error != 0) throw Error(ErrorKind::Io, "writing " + m_tmp.string() + " failed: " + std::strerror(m_error));
    m_waiting.push_back(std::move(piece));
    if (m_free.empty()) {
        piece = std::string();
    } else {
        piece = std::move(m_free.back());
        m_free.pop_back();
    }
    piece.clear();
    m_changed.notify_all();
}

void BulkFile::fail(int err) {
    const std::lock_guard lock(m_mutex);
    if (m_error == 0) m_error = err;
}

void BulkFile::writeOut(const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            // A direct write the file system or device will not take after all: the rest through the page cache.
            if (errno == EINVAL && m_direct && setDirect(m_fd, false)) {
                m_direct = false;
                continue;
            }
            fail(errno);
            return;
        }
        if (n == 0) {
            fail(EIO);
            return;
        }
        data += n;
        size -= static_cast<size_t>(n);
        // A short direct write leaves the offset out of alignment: the rest through the page cache.
        if (size > 0 && m_direct && setDirect(m_fd, false)) m_direct = false;
    }
}

// The pieces are hashed and gathered into stages on this thread, and the full stages written by another (`writer`
// below), so that the hashing of one stage and the disk's writing of the one before overlap: one after the other on
// one thread, they held up the export's last half second (perf at 100,000 pupils, 670 MB).
void BulkFile::run() {
    // Two stages: one filled here while the other is written.
    std::unique_ptr<char, FreeDeleter> stages[2] = {
        std::unique_ptr<char, FreeDeleter>(static_cast<char*>(std::aligned_alloc(kAlign, kStage))),
        std::unique_ptr<char, FreeDeleter>(static_cast<char*>(std::aligned_alloc(kAlign, kStage)))};
    if (!stages[0] || !stages[1]) fail(ENOMEM);
    struct Full {
        char* data;
        size_t size;
        bool last;  // the file's end: its whole blocks as before, the tail (never a whole block) through the page cache
    };
    std::mutex stageMutex;
    std::condition_variable stageChanged;
    std::deque<Full> full;  // to be written, in order
    std::vector<char*> empty = {stages[0].get(), stages[1].get()};
    bool noMore = false;
    const auto failedNow = [&] {
        const std::lock_guard lock(m_mutex);
        return m_error != 0;
    };
    std::thread writer([&] {
        std::unique_lock lock(stageMutex);
        for (;;) {
            stageChanged.wait(lock, [&] { return !full.empty() || noMore; });
            if (full.empty()) break;
            const Full stage = full.front();
            full.pop_front();
            lock.unlock();
            if (!failedNow()) {
                const size_t whole = stage.last && m_direct ? stage.size / kAlign * kAlign : stage.size;
                writeOut(stage.data, whole);
                if (stage.size > whole && !failedNow()) {
                    if (m_direct && setDirect(m_fd, false)) m_direct = false;
                    writeOut(stage.data + whole, stage.size - whole);
                }
            }
            lock.lock();
            empty.push_back(stage.data);
            stageChanged.notify_all();
        }
    });
    char* stage = nullptr;  // being filled, `staged` bytes so far
    size_t staged = 0;
    const auto takeStage = [&] {
        std::unique_lock lock(stageMutex);
        stageChanged.wait(lock, [&] { return !empty.empty(); });
        stage = empty.back();
        empty.pop_back();
    };
    const auto handOver = [&](bool last) {
        const std::lock_guard lock(stageMutex);
        full.push_back({stage, staged, last});
        stageChanged.notify_all();
        stage = nullptr;
        staged = 0;
    };

    Sha256 hash;
    uint64_t bytes = 0;
    bool failed = false;  // m_error as last seen under the lock
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return !m_waiting.empty() || m_finishing; });
        if (m_waiting.empty()) break;  // finishing, and all taken
        std::string piece = std::move(m_waiting.front());
        m_waiting.pop_front();
        m_changed.notify_all();  // room for the next piece
        failed = failed || m_error != 0;
        lock.unlock();
        if (!failed) {  // after a failure the pieces are only taken, so that put() never waits for ever
            hash.update(piece.data(), piece.size());
            bytes += piece.size();
            for (size_t at = 0; at < piece.size();) {
                if (!stage) takeStage();
                const size_t n = std::min(piece.size() - at, kStage - staged);
                std::memcpy(stage + staged, piece.data() + at, n);
                staged += n;
                at += n;
                if (staged == kStage) handOver(false);
            }
        }
        lock.lock();
        if (m_free.size() < m_maxWaiting) m_free.push_back(std::move(piece));
    }
    failed = failed || m_error != 0;
    lock.unlock();
    if (!failed) {
        if (!stage) takeStage();  // an empty last stage when the file ends on a stage's end (or is empty)
        handOver(true);
    }
    {
        const std::lock_guard stageLock(stageMutex);
        noMore = true;
        stageChanged.notify_all();
    }
    writer.join();  // every stage written (or passed over after a failure)
    if (failed || failedNow()) return;
    const auto digest = hash.finish();
    m_digest = {bytes, hexEncode(digest.data(), digest.size())};
}

FileDigest BulkFile::finish() {
    if (m_finished) return m_digest;
    stopThread();
    const auto failure = [&](const char* what, int err) {
        return Error(ErrorKind::Io, std::string(what) + " " + m_tmp.string() + " failed: " + std::strerror(err));
    };
    if (m_error != 0) throw failure("writing", m_error);
    if (m_fd < 0) throw Error(ErrorKind::Io, "writing " + m_tmp.string() + " failed: closed");
    // On the disk before the package is signed over it: a stick pulled after the export holds the whole file.
    if (::fsync(m_fd) != 0) {
        m_error = errno;
        throw failure("syncing", m_error);
    }
    const int fd = std::exchange(m_fd, -1);
    if (::close(fd) != 0) {
        m_error = errno;
        throw failure("closing", m_error);
    }
    m_finished = true;
    return m_digest;
}

void BulkFile::commit() {
    if (!m_finished) throw Error(ErrorKind::Io, "cannot commit " + m_tmp.string() + ": not written to the end");
    std::error_code ec;
    std::filesystem::rename(m_tmp, m_target, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot rename " + m_tmp.string() + ": " + ec.message());
    m_committed = true;
}

}  // namespace dlk
