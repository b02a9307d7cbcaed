#include "security/code_lookup.h"

#include <sodium.h>

#include <algorithm>

#include "util/error.h"

namespace dlk {

std::string newCodeSalt() {
    return newKeySalt();  // the same kind of salt as a PIN's wrapping key, drawn afresh
}

void deriveCodeSecrets(std::string_view canonicalCode, std::string_view salt, CodeSecrets& out) {
    if (salt.size() != crypto_pwhash_SALTBYTES)
        throw Error(ErrorKind::Corrupt, "the stored code salt has " + std::to_string(salt.size()) + " bytes, not " +
                                            std::to_string(crypto_pwhash_SALTBYTES));
    // One Argon2id run, 64 bytes: the first half is the lookup hash, the second the pupil's key.
    // The halves are independent outputs of the hash, so the stored one says nothing of the other.
    constexpr size_t kHalf = DataKey::kBytes;
    unsigned char both[2 * kHalf];
    sodium_mlock(both, sizeof both);
    const int rc = crypto_pwhash(both, sizeof both, canonicalCode.data(), canonicalCode.size(),
                                 reinterpret_cast<const unsigned char*>(salt.data()), kCodeHashOpsLimit,
                                 kCodeHashMemLimit, crypto_pwhash_ALG_ARGON2ID13);
    if (rc == 0) {
        out.lookupHash.assign(reinterpret_cast<const char*>(both), kHalf);
        std::copy(both + kHalf, both + 2 * kHalf, out.pupilKey.bytes());
    }
    sodium_munlock(both, sizeof both);  // zeroes it
    if (rc != 0) throw Error(ErrorKind::Storage, "not enough memory to look a pupil code up (Argon2id needs 32 MiB)");
}

}  // namespace dlk
