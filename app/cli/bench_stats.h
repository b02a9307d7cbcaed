#pragma once
// What every `dlkiosk bench` measures with: elapsed wall time, and summaries of samples; and how
// a bench leaves no folder behind.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <numeric>
#include <vector>

namespace dlk::cli {

using BenchClock = std::chrono::steady_clock;

inline double msSince(BenchClock::time_point t0) {
    return std::chrono::duration<double, std::milli>(BenchClock::now() - t0).count();
}

// The sample at fraction `p` (0.5: the median) of the sorted samples; `v` must not be empty.
inline double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
    return v[i];
}

inline double mean(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// The folders of `path` that do not exist yet, deepest first: what a run that creates `path` removes
// again afterwards (removeEmptyFolders) so that a bench leaves nothing behind.
inline std::vector<std::filesystem::path> missingFolders(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> missing;
    std::error_code ec;
    for (std::filesystem::path p = path; !p.empty() && !std::filesystem::exists(p, ec); p = p.parent_path()) {
        missing.push_back(p);
        if (p == p.parent_path()) break;
    }
    return missing;
}

// Removes each folder, deepest first, while it is empty (never anything in it).
inline void removeEmptyFolders(const std::vector<std::filesystem::path>& folders) {
    std::error_code ec;
    for (const auto& f : folders)
        if (std::filesystem::is_empty(f, ec) && !ec) std::filesystem::remove(f, ec);
}

}  // namespace dlk::cli
