#pragma once
// Deterministic random numbers for simulations and plausible values. The same seed gives the same
// stream on every platform and standard library, which std::normal_distribution does not promise,
// so a seeded PV file or a simulated test set can be reproduced anywhere.
#include <cmath>
#include <cstdint>
#include <string_view>

namespace dlk {

// splitmix64: spreads a seed (or a seed mixed with a hash) over the whole 64-bit state.
inline uint64_t splitMix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// FNV-1a: a stable hash of a person id, so a pupil's plausible values depend on the seed and the
// pupil alone, not on which other pupils are in the file.
inline uint64_t stableHash(std::string_view s) {
    uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001B3ull;
    }
    return h;
}

// xoshiro256** (Blackman and Vigna).
class Random {
public:
    explicit Random(uint64_t seed) {
        uint64_t s = seed;
        for (auto& w : m_state) w = splitMix64(s);
    }

    uint64_t next() {
        const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform on the open interval (0, 1): never 0, so log(u) is always finite.
    double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }

    // Standard normal by Box-Muller, both values of each pair used.
    double normal() {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double a = 6.283185307179586 * uniform();
        m_spare = r * std::sin(a);
        m_hasSpare = true;
        return r * std::cos(a);
    }

    // Uniform integer in [0, n), n > 0 (the modulo bias is below 2^-40 for any n we use).
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_state[4];
    double m_spare = 0;
    bool m_hasSpare = false;
};

}  // namespace dlk
