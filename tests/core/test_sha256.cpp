// The manifests' SHA-256 (export/sha256.h): with the processor's SHA instructions the same digests as libsodium's
// code and the standard's test vectors, for every length around the block and padding boundaries and for any way a
// message is cut into pieces.
#include <doctest/doctest.h>
#include <sodium.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "export/sha256.h"
#include "util/text.h"

using namespace dlk;

namespace {

std::string hexOf(Sha256& h) {
    const auto d = h.finish();
    return hexEncode(d.data(), d.size());
}

std::string sodiumHex(const std::vector<unsigned char>& bytes) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, bytes.data(), bytes.size());
    return hexEncode(out, sizeof out);
}

}  // namespace

TEST_CASE("sha256: the test vectors of FIPS 180-2 - with and without the SHA instructions") {
    REQUIRE(sodium_init() >= 0);
    for (bool fast : {true, false}) {
        CAPTURE(fast);
        Sha256 empty(fast);
        CHECK(hexOf(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        Sha256 abc(fast);
        abc.update("abc", 3);
        CHECK(hexOf(abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Sha256 two(fast);
        const std::string m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        two.update(m.data(), m.size());
        CHECK(hexOf(two) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        Sha256 million(fast);
        const std::string a(1000, 'a');
        for (int i = 0; i < 1000; ++i) million.update(a.data(), a.size());
        CHECK(hexOf(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
}

TEST_CASE("sha256: every length from 0 to 300 bytes and random pieces give libsodium's digest") {
    REQUIRE(sodium_init() >= 0);
    INFO("SHA instructions: " << (Sha256::accelerated() ? "used" : "not on this processor"));
    std::mt19937_64 random(14);
    std::vector<unsigned char> bytes;
    for (size_t n = 0; n <= 300; ++n) {
        CAPTURE(n);
        bytes.resize(n);
        for (auto& b : bytes) b = static_cast<unsigned char>(random());
        Sha256 whole;
        whole.update(bytes.data(), bytes.size());
        CHECK(hexOf(whole) == sodiumHex(bytes));
        Sha256 pieces;  // cut at random places, empty pieces too
        for (size_t at = 0; at < n;) {
            const size_t take = std::min<size_t>(n - at, random() % 70);
            pieces.update(bytes.data() + at, take);
            at += take;
        }
        CHECK(hexOf(pieces) == sodiumHex(bytes));
    }
    bytes.resize(3'000'017);
    for (auto& b : bytes) b = static_cast<unsigned char>(random());
    Sha256 large;
    for (size_t at = 0; at < bytes.size(); at += 65536)
        large.update(bytes.data() + at, std::min<size_t>(65536, bytes.size() - at));
    CHECK(hexOf(large) == sodiumHex(bytes));
}
