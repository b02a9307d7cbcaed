#pragma once
// What every `dlkiosk bench` measures with: elapsed wall time, and summaries of samples.
#include <algorithm>
#include <chrono>
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

}  // namespace dlk::cli
