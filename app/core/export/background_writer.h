#pragma once
// Writes a file's pieces on a thread of its own, in the order given, while the caller formats the next ones: the
// kernel's copying of a large export file (hundreds of megabytes at a national size) then runs on the other core.
// At most `maxWaiting` pieces wait, so memory stays a few pieces whatever the file's size, and the buffers go back
// to the caller to be filled again (no fresh allocation per piece). A failed write leaves the stream failed, as a
// direct write would: AtomicFile::commit says so.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace dlk {

class BackgroundWriter {
public:
    explicit BackgroundWriter(std::ostream& out, size_t maxWaiting = 4);
    ~BackgroundWriter();  // waits for what was put
    BackgroundWriter(const BackgroundWriter&) = delete;
    BackgroundWriter& operator=(const BackgroundWriter&) = delete;

    // Queues `piece` and hands back an empty buffer (one written before, its capacity kept) in its place; waits while
    // maxWaiting pieces are queued.
    void put(std::string& piece);
    // Waits until every piece put is written. Nothing may be put after it.
    void finish();

private:
    void run();

    std::ostream& m_out;
    const size_t m_maxWaiting;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::string> m_waiting;
    std::vector<std::string> m_free;  // written, emptied, to be filled again
    bool m_finishing = false;
    std::thread m_thread;  // last: started when everything above is ready
};

}  // namespace dlk
