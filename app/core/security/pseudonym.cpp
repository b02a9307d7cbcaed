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

std::string pupilPseudonym(const std::string& key, int64_t pupilId) {
    ensureSodium();
    if (key.size() < crypto_generichash_KEYBYTES_MIN) throw Error(ErrorKind::Invalid, "pseudonym key too short");
    const std::string input = "dlkiosk-pupil:" + std::to_string(pupilId);
    unsigned char out[12];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                       reinterpret_cast<const unsigned char*>(key.data()), key.size());
    return "p" + hexEncode(out, sizeof out);
}

std::string classPseudonym(const std::string& key, int64_t classId) {
    ensureSodium();
    if (key.size() < crypto_generichash_KEYBYTES_MIN) throw Error(ErrorKind::Invalid, "pseudonym key too short");
    // Another prefix than the pupil's, so a class and a pupil with the same id never share a pseudonym.
    const std::string input = "dlkiosk-class:" + std::to_string(classId);
    unsigned char out[12];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                       reinterpret_cast<const unsigned char*>(key.data()), key.size());
    return "c" + hexEncode(out, sizeof out);
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
