#include "security/data_key.h"

#include <cstring>

#include "util/error.h"

namespace dlk {

namespace {
void ensureSodium() {
    if (sodium_init() < 0) throw Error(ErrorKind::Storage, "libsodium could not be initialised");
}
// The same Argon2id cost as the PIN's verification hash (security/pin_hash.cpp).
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// The wrapping key of a PIN, in locked memory like the data key itself.
void deriveWrapKey(std::string_view pin, std::string_view salt, DataKey& out) {
    if (salt.size() != crypto_pwhash_SALTBYTES)
        throw Error(ErrorKind::Corrupt, "the stored key salt has " + std::to_string(salt.size()) + " bytes, not " +
                                            std::to_string(crypto_pwhash_SALTBYTES));
    if (crypto_pwhash(out.bytes(), DataKey::kBytes, pin.data(), pin.size(),
                      reinterpret_cast<const unsigned char*>(salt.data()), kOpsLimit, kMemLimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw Error(ErrorKind::Storage, "not enough memory to derive the PIN's key (Argon2id needs 64 MiB)");
}
}  // namespace

DataKey::DataKey() {
    ensureSodium();
    sodium_mlock(m_key, sizeof m_key);  // best effort: a refused lock (ulimit) still works
    sodium_memzero(m_key, sizeof m_key);
}

DataKey::~DataKey() {
    sodium_munlock(m_key, sizeof m_key);  // zeroes the key before unlocking
    sodium_memzero(m_key, sizeof m_key);
}

void DataKey::randomize() {
    crypto_secretbox_keygen(m_key);
}

std::string newKeySalt() {
    ensureSodium();
    std::string salt(crypto_pwhash_SALTBYTES, '\0');
    randombytes_buf(salt.data(), salt.size());
    return salt;
}

std::string sealWith(const DataKey& key, std::string_view plaintext) {
    std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
    auto* p = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(p, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(p + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), p, key.bytes());
    return out;
}

std::string openWith(const DataKey& key, std::string_view sealed, std::string_view what) {
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        throw Error(ErrorKind::Corrupt,
                    "the sealed " + std::string(what) + " is too short (" + std::to_string(sealed.size()) + " bytes)");
    const auto* p = reinterpret_cast<const unsigned char*>(sealed.data());
    std::string out(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), p + crypto_secretbox_NONCEBYTES,
                                   sealed.size() - crypto_secretbox_NONCEBYTES, p, key.bytes()) != 0)
        throw Error(ErrorKind::Corrupt,
                    "the sealed " + std::string(what) + " does not open with the data key (changed or damaged)");
    return out;
}

std::string wrapDataKey(const DataKey& dataKey, std::string_view pin, std::string_view salt) {
    DataKey wrapKey;
    deriveWrapKey(pin, salt, wrapKey);
    return sealWith(wrapKey, std::string_view(reinterpret_cast<const char*>(dataKey.bytes()), DataKey::kBytes));
}

bool unwrapDataKey(std::string_view wrapped, std::string_view pin, std::string_view salt, DataKey& out) {
    if (wrapped.size() != crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + DataKey::kBytes) return false;
    DataKey wrapKey;
    deriveWrapKey(pin, salt, wrapKey);
    const auto* p = reinterpret_cast<const unsigned char*>(wrapped.data());
    return crypto_secretbox_open_easy(out.bytes(), p + crypto_secretbox_NONCEBYTES,
                                      wrapped.size() - crypto_secretbox_NONCEBYTES, p, wrapKey.bytes()) == 0;
}

}  // namespace dlk
