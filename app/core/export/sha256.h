#pragma once
// SHA-256 for the manifests of exports and merged packages (export/manifest.h), which hash every byte of a package:
// with the processor's SHA instructions (x86 SHA-NI) where it has them, several times as fast as libsodium's
// portable code, else libsodium's. Both give the same digest (tests/core/test_sha256.cpp compares them).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

struct crypto_hash_sha256_state;

namespace dlk {

class Sha256 {
public:
    // `allowAccelerated` false: libsodium's code even where the SHA instructions are there (for the test).
    explicit Sha256(bool allowAccelerated = true);
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    std::array<unsigned char, 32> finish();  // once: the object is spent after it

    // Whether this processor has the SHA instructions used here (x86 SHA-NI with SSE4.1).
    static bool accelerated();

private:
    std::unique_ptr<crypto_hash_sha256_state> m_sodium;  // without the SHA instructions
    std::array<uint32_t, 8> m_state{};
    std::array<unsigned char, 64> m_buffer{};
    size_t m_buffered = 0;
    uint64_t m_bytes = 0;
};

}  // namespace dlk
