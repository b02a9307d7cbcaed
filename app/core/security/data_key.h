#pragma once
// Data at rest: secrets in the database are sealed (libsodium secretbox, XSalsa20-Poly1305) under
// a random data key; the data key is stored only wrapped, sealed under a key derived from the
// teacher's PIN with Argon2id (crypto_pwhash, its own salt, apart from the PIN's verification
// hash). A copy of the database without the PIN reveals neither the data key nor what it seals.
#include <sodium.h>

#include <string>
#include <string_view>

namespace dlk {

// The data key while a teacher is logged in: in locked memory (sodium_mlock, never swapped out)
// and wiped (sodium_munlock zeroes it) when the teacher screen locks or the kiosk quits.
class DataKey {
public:
    static constexpr size_t kBytes = crypto_secretbox_KEYBYTES;
    DataKey();  // all zero until filled
    // Fills the key with fresh random bytes.
    void randomize();
    ~DataKey();
    DataKey(const DataKey&) = delete;
    DataKey& operator=(const DataKey&) = delete;
    const unsigned char* bytes() const { return m_key; }
    unsigned char* bytes() { return m_key; }

private:
    unsigned char m_key[kBytes];
};

// A salt for deriving a PIN's wrapping key (crypto_pwhash_SALTBYTES random bytes).
std::string newKeySalt();

// nonce || secretbox(plaintext) under `key`.
std::string sealWith(const DataKey& key, std::string_view plaintext);
// Opens what sealWith made; throws Error(Corrupt) when it was changed or sealed under another key.
std::string openWith(const DataKey& key, std::string_view sealed, std::string_view what);

// The data key sealed under the Argon2id key of `pin` with `salt` (same cost as the PIN hash, so
// neither is the cheaper way to try every PIN).
std::string wrapDataKey(const DataKey& dataKey, std::string_view pin, std::string_view salt);
// Unwraps into `out`; false when the PIN is not the one the key was wrapped with (or the wrapped
// key was changed).
bool unwrapDataKey(std::string_view wrapped, std::string_view pin, std::string_view salt, DataKey& out);

}  // namespace dlk
