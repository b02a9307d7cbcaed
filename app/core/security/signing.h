#pragma once
// The school's signing key: an Ed25519 key pair (libsodium crypto_sign) that signs what leaves
// the school (an export, a kiosk's result bundle), so a recipient can check that the files are the
// ones the school wrote and that nobody changed them since. The secret half is stored only sealed
// under the data key (security/data_key.h), so it signs only while a teacher's PIN unlocked the
// store; the public half is stored plain, and its fingerprint is what a recipient compares.
//
// No libsodium type appears here: the C libraries are the core's own business (app/core/CMakeLists.txt).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dlk {

class DataKey;

constexpr size_t kSigningPublicKeyBytes = 32;  // crypto_sign_PUBLICKEYBYTES
constexpr size_t kSignatureBytes = 64;         // crypto_sign_BYTES

// What a person compares: the first 16 bytes of BLAKE2b-256 of the 32-byte public key, lower-case
// hex in 8 groups of 4 joined by '-' ("3f2a-91bc-...", 39 characters). 128 bits: finding another
// key with the same fingerprint costs about 2^128 tries; short enough to read out on the phone.
// Throws Error(Invalid) when `publicKey` is not 32 bytes.
std::string keyFingerprint(std::string_view publicKey);

// What a recipient was given, in the form keyFingerprint writes: a fingerprint as a person may
// type it (any case, with or without '-', ':' or spaces), or the public key itself as 64 hex
// digits (its fingerprint). nullopt when it is neither.
std::optional<std::string> canonicalFingerprint(std::string_view typed);

// A new key pair: the public key (32 bytes) and the secret key sealed under `dataKey`.
struct SigningKeyPair {
    std::string publicKey;
    std::string sealedSecretKey;
};
SigningKeyPair newSigningKeyPair(const DataKey& dataKey);

// The opened secret key while it is needed: in locked memory (never swapped out) and wiped when it
// goes out of scope, like the data key it was sealed under.
class SigningKey {
public:
    // Opens `sealedSecretKey` with `dataKey` and checks that it belongs to `publicKey`. Throws
    // Error(Corrupt) when the sealed key was changed, sealed under another key, or is not the
    // secret half of `publicKey` (a stored public key that was replaced).
    SigningKey(const DataKey& dataKey, std::string_view publicKey, std::string_view sealedSecretKey);
    ~SigningKey();
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;

    const std::string& publicKey() const { return m_publicKey; }
    std::string fingerprint() const { return keyFingerprint(m_publicKey); }
    // The detached Ed25519 signature (64 bytes) of `message`.
    std::string sign(std::string_view message) const;

private:
    void open(const DataKey& dataKey, std::string_view publicKey, std::string_view sealedSecretKey);
    unsigned char m_secret[64];  // crypto_sign_SECRETKEYBYTES
    std::string m_publicKey;
};

// True when `signature` is `publicKey`'s Ed25519 signature of exactly `message`. False for a
// signature or key of the wrong length, never an exception: the caller says what was refused.
bool verifySignature(std::string_view signature, std::string_view message, std::string_view publicKey);

}  // namespace dlk
