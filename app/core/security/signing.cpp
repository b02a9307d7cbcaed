#include "security/signing.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "security/data_key.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

static_assert(kSigningPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kSignatureBytes == crypto_sign_BYTES);

namespace {
constexpr size_t kFingerprintBytes = 16;

void ensureSodium() {
    if (sodium_init() < 0) throw Error(ErrorKind::Storage, "libsodium could not be initialised");
}
}  // namespace

std::string keyFingerprint(std::string_view publicKey) {
    if (publicKey.size() != kSigningPublicKeyBytes)
        throw Error(ErrorKind::Invalid, "a signing public key has " + std::to_string(kSigningPublicKeyBytes) +
                                            " bytes, not " + std::to_string(publicKey.size()));
    ensureSodium();
    unsigned char hash[crypto_generichash_BYTES];  // BLAKE2b-256
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(publicKey.data()), publicKey.size(),
                       nullptr, 0);
    const std::string hex = hexEncode(hash, kFingerprintBytes);
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 4) {
        if (i > 0) out += '-';
        out += hex.substr(i, 4);
    }
    return out;
}

std::optional<std::string> canonicalFingerprint(std::string_view typed) {
    std::string hex;
    for (const char c : typed) {
        if (c == '-' || c == ':' || c == ' ') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (hex.size() == kSigningPublicKeyBytes * 2) {
        std::string key;
        for (size_t i = 0; i < hex.size(); i += 2) key += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
        return keyFingerprint(key);
    }
    if (hex.size() != kFingerprintBytes * 2) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 4) {
        if (i > 0) out += '-';
        out += hex.substr(i, 4);
    }
    return out;
}

SigningKeyPair newSigningKeyPair(const DataKey& dataKey) {
    ensureSodium();
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    sodium_mlock(sk, sizeof sk);  // best effort, as for the data key
    crypto_sign_keypair(pk, sk);
    SigningKeyPair pair;
    pair.publicKey.assign(reinterpret_cast<const char*>(pk), sizeof pk);
    pair.sealedSecretKey = sealWith(dataKey, std::string_view(reinterpret_cast<const char*>(sk), sizeof sk));
    sodium_munlock(sk, sizeof sk);  // zeroes it
    return pair;
}

SigningKey::SigningKey(const DataKey& dataKey, std::string_view publicKey, std::string_view sealedSecretKey) {
    static_assert(sizeof m_secret == crypto_sign_SECRETKEYBYTES);
    ensureSodium();
    sodium_mlock(m_secret, sizeof m_secret);  // best effort: a refused lock (ulimit) still works
    sodium_memzero(m_secret, sizeof m_secret);
    try {
        open(dataKey, publicKey, sealedSecretKey);
    } catch (...) {
        // No destructor runs for a constructor that throws: wipe what may have been opened.
        sodium_munlock(m_secret, sizeof m_secret);
        sodium_memzero(m_secret, sizeof m_secret);
        throw;
    }
}

void SigningKey::open(const DataKey& dataKey, std::string_view publicKey, std::string_view sealedSecretKey) {
    if (publicKey.size() != crypto_sign_PUBLICKEYBYTES)
        throw Error(ErrorKind::Corrupt, "the stored signing public key has " + std::to_string(publicKey.size()) +
                                            " bytes, not " + std::to_string(crypto_sign_PUBLICKEYBYTES));
    std::string opened = openWith(dataKey, sealedSecretKey, "signing key");
    const bool rightSize = opened.size() == sizeof m_secret;
    if (rightSize) std::copy(opened.begin(), opened.end(), m_secret);
    sodium_memzero(opened.data(), opened.size());
    if (!rightSize) throw Error(ErrorKind::Corrupt, "the sealed signing key has the wrong length");
    // libsodium's secret key carries its public key: a replaced public key column would make every
    // signature fail at the recipient's, so it is refused here, where the damage can be repaired.
    unsigned char derived[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_ed25519_sk_to_pk(derived, m_secret);
    if (sodium_memcmp(derived, publicKey.data(), sizeof derived) != 0)
        throw Error(ErrorKind::Corrupt, "the stored signing public key does not belong to the sealed signing key");
    m_publicKey.assign(publicKey);
}

SigningKey::~SigningKey() {
    sodium_munlock(m_secret, sizeof m_secret);  // zeroes the key before unlocking
    sodium_memzero(m_secret, sizeof m_secret);
}

std::string SigningKey::sign(std::string_view message) const {
    std::string signature(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(), m_secret);
    return signature;
}

bool verifySignature(std::string_view signature, std::string_view message, std::string_view publicKey) {
    if (signature.size() != crypto_sign_BYTES || publicKey.size() != crypto_sign_PUBLICKEYBYTES) return false;
    ensureSodium();
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       reinterpret_cast<const unsigned char*>(publicKey.data())) == 0;
}

}  // namespace dlk
