#pragma once
#include <string>
#include <string_view>

namespace dlk {

// Argon2id through libsodium's crypto_pwhash_str: 2 passes over 64 MiB, above OWASP's minimum
// (19 MiB, 2 passes). The result is a self-describing string ($argon2id$v=19$m=...); the PIN
// itself is never stored or logged.
std::string hashPin(std::string_view pin);
bool verifyPin(std::string_view pin, const std::string& storedHash);

// A teacher PIN is 4 to 12 digits. Returns an empty string when fine, else the reason (Dutch
// msgid, to be translated by the caller).
const char* pinProblem(std::string_view pin);

// The longest a PIN entry stays locked: 5 minutes keeps a guesser to about 290 tries a day
// while a teacher who mistyped waits no longer than a short break, whatever the clock does.
inline constexpr int kMaxPinLockSeconds = 300;

// Seconds a PIN entry stays locked after `failures` wrong PINs in a row: none for the first
// five, then 5 s doubling up to kMaxPinLockSeconds.
int pinLockSeconds(int failures);

}  // namespace dlk
