#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace dlk {

// Argon2id through libsodium's crypto_pwhash_str: 2 passes over 64 MiB, above OWASP's minimum
// (19 MiB, 2 passes). The result is a self-describing string ($argon2id$v=19$m=...); the PIN
// itself is never stored or logged.
std::string hashPin(std::string_view pin);
bool verifyPin(std::string_view pin, const std::string& storedHash);

// A teacher PIN has at least 6 digits: a copy of the database lets anyone try every PIN offline
// against its Argon2id hash: at 0.07 s a try (measured, see README) the 10^4 four-digit PINs take
// about 12 minutes, the 10^6 six-digit ones about 19 hours per core. 12 digits at most: the
// PIN field's size.
inline constexpr size_t kMinPinDigits = 6;
inline constexpr size_t kMaxPinDigits = 12;

// A teacher PIN is kMinPinDigits to kMaxPinDigits digits. Returns an empty string when fine, else the reason (Dutch
// msgid, to be translated by the caller).
const char* pinProblem(std::string_view pin);

// The longest a PIN entry stays locked: 5 minutes keeps a guesser to about 290 tries a day
// while a teacher who mistyped waits no longer than a short break, whatever the clock does.
inline constexpr int kMaxPinLockSeconds = 300;

// Seconds a PIN entry stays locked after `failures` wrong PINs in a row: none for the first
// five, then 5 s doubling up to kMaxPinLockSeconds.
int pinLockSeconds(int failures);

}  // namespace dlk
