#include "security/pin_hash.h"

#include <sodium.h>

#include <algorithm>

#include "support/translator.h"
#include "util/error.h"

namespace dlk {

namespace {
void ensureSodium() {
    if (sodium_init() < 0) throw Error(ErrorKind::Storage, "libsodium could not be initialised");
}
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;  // 2 passes
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;              // 64 MiB
}  // namespace

std::string hashPin(std::string_view pin) {
    ensureSodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), kOpsLimit, kMemLimit) != 0)
        throw Error(ErrorKind::Storage, "not enough memory to hash the PIN (Argon2id needs 64 MiB)");
    return out;
}

bool verifyPin(std::string_view pin, const std::string& storedHash) {
    ensureSodium();
    if (storedHash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(storedHash.c_str(), pin.data(), pin.size()) == 0;
}

const char* pinProblem(std::string_view pin) {
    static_assert(kMinPinDigits == 6 && kMaxPinDigits == 12, "the message below names these numbers");
    if (pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits) return N_("De pincode heeft 6 tot 12 cijfers.");
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return N_("Een pincode bestaat alleen uit cijfers.");
    return "";
}

int pinLockSeconds(int failures) {
    if (failures < 5) return 0;
    const int doublings = std::min(failures - 5, 6);
    return std::min(5 << doublings, kMaxPinLockSeconds);
}

}  // namespace dlk
