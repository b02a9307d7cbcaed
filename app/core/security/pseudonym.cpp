#include "security/pseudonym.h"

#include <sodium.h>

#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {
void ensureSodium() {
    if (sodium_init() < 0) throw Error(ErrorKind::Storage, "libsodium could not be initialised");
}
constexpr const char* kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
}  // namespace

std::string newPseudonymKey() {
    ensureSodium();
    std::string key(crypto_generichash_KEYBYTES, '\0');
    randombytes_buf(key.data(), key.size());
    return key;
}

namespace {
// "<letter>" and 24 hex digits of a keyed BLAKE2b of `input`. Each kind has its own input prefix, so
// a class and a pupil with the same id never share a pseudonym.
std::string keyedPseudonym(const std::string& key, char letter, const std::string& input) {
    ensureSodium();
    if (key.size() < crypto_generichash_KEYBYTES_MIN) throw Error(ErrorKind::Invalid, "pseudonym key too short");
    unsigned char out[12];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                       reinterpret_cast<const unsigned char*>(key.data()), key.size());
    return letter + hexEncode(out, sizeof out);
}
}  // namespace

std::string pupilPseudonym(const std::string& key, int64_t pupilId) {
    return keyedPseudonym(key, 'p', "dlkiosk-pupil:" + std::to_string(pupilId));
}

std::string classPseudonym(const std::string& key, int64_t classId) {
    return keyedPseudonym(key, 'c', "dlkiosk-class:" + std::to_string(classId));
}

std::string schoolPseudonym(const std::string& key) {
    return keyedPseudonym(key, 's', "dlkiosk-school");
}

std::string newPupilCode() {
    ensureSodium();
    const uint32_t n = 31;  // strlen(kCodeAlphabet)
    std::string code;
    for (int i = 0; i < 8; ++i) {
        if (i == 4) code.push_back('-');
        code.push_back(kCodeAlphabet[randombytes_uniform(n)]);
    }
    return code;
}

std::string canonicalPupilCode(const std::string& typed) {
    std::string raw;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        raw.push_back(c);
    }
    if (raw.size() != 8) return raw;
    return raw.substr(0, 4) + "-" + raw.substr(4);
}

}  // namespace dlk
