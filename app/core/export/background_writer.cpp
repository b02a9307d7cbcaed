#include "export/background_writer.h"

#include <utility>

namespace dlk {

BackgroundWriter::BackgroundWriter(std::ostream& out, size_t maxWaiting)
    : m_out(out), m_maxWaiting(maxWaiting < 1 ? 1 : maxWaiting), m_thread([this] { run(); }) {}

BackgroundWriter::~BackgroundWriter() {
    finish();
}

void BackgroundWriter::put(std::string& piece) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_waiting.size() < m_maxWaiting; });
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

void BackgroundWriter::finish() {
    {
        const std::lock_guard lock(m_mutex);
        if (m_finishing) return;
        m_finishing = true;
        m_changed.notify_all();
    }
    m_thread.join();
}

void BackgroundWriter::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [&] { return !m_waiting.empty() || m_finishing; });
        if (m_waiting.empty()) return;  // finishing, and all written
        std::string piece = std::move(m_waiting.front());
        m_waiting.pop_front();
        m_changed.notify_all();  // room for the next piece
        lock.unlock();
        m_out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
        lock.lock();
        if (m_free.size() < m_maxWaiting) m_free.push_back(std::move(piece));
    }
}

}  // namespace dlk
