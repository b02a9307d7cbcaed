#pragma once
// A large file of an export (responses.csv: hundreds of megabytes at a national size), written as AtomicFile writes the
// small ones (under a temporary name, renamed into place on commit(), removed when not committed) but:
// - from pieces, on threads of its own (one hashes and gathers them, one writes), in the order put, while the caller
//   formats the next ones. At most `maxWaiting` pieces wait, so memory stays a few pieces whatever the file's size,
//   and the buffers go back to the caller to be filled again (no fresh allocation per piece);
// - hashed as it is written, so that the manifest's SHA-256 needs no second reading (finish() gives it);
// - straight to the disk where the file system takes it (O_DIRECT), else through the page cache as any file. Copying
//   hundreds of megabytes into fresh page-cache pages cost 1.1-3.1 s of kernel time on the export's critical path
//   (measured with perf at 100,000 pupils); the direct write costs the disk's time and almost no processor, and the
//   file is on the disk when finish() returns (it syncs either way: a package is signed over files that are there).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "export/manifest.h"

namespace dlk {

class BulkFile {
public:
    enum class Writing { DirectWherePossible, ThroughPageCache };  // the second for the tests of the other path
    // Creates the temporary file (0600, never through a link): Error(Io) naming it when it cannot.
    explicit BulkFile(const std::filesystem::path& target, Writing writing = Writing::DirectWherePossible,
                      size_t maxWaiting = 4);
    ~BulkFile();  // waits for the thread; the temporary file is removed unless committed
    BulkFile(const BulkFile&) = delete;
    BulkFile& operator=(const BulkFile&) = delete;

    // Queues `piece` and hands back an empty buffer (one written before, its capacity kept) in its place; waits while
    // maxWaiting pieces are queued. Error(Io) naming the file once a write has failed (a full disk): the export stops
    // there rather than format the rest.
    void put(std::string& piece);
    // Waits until every piece put is written and synced; the file's size and SHA-256. Error(Io) naming the file when a
    // write or the sync failed. Nothing may be put after it.
    FileDigest finish();
    // Renames the finished file into place (Error(Io) when it cannot, or when finish() was not called or failed).
    void commit();
    // Whether the pieces went straight to the disk (false: the file system refused O_DIRECT, tmpfs for one).
    bool direct() const { return m_direct; }

private:
    void run();
    void stopThread();                             // tells the writing thread that nothing more comes and waits for it
    void writeOut(const char* data, size_t size);  // on the writing thread; sets m_error
    void fail(int err);

    std::filesystem::path m_target, m_tmp;
    int m_fd = -1;
    std::atomic<bool> m_direct{false};  // turned off by the writing thread when a direct write is refused
    const size_t m_maxWaiting;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::string> m_waiting;
    std::vector<std::string> m_free;  // written, emptied, to be filled again
    bool m_finishing = false;
    int m_error = 0;  // the first write's errno, under m_mutex
    bool m_finished = false, m_committed = false;
    FileDigest m_digest;
    std::thread m_thread;  // last: started when everything above is ready
};

}  // namespace dlk
