#pragma once
// Pupils log in with their code alone, yet a copy of the database must not reveal the codes.
// So a code is stored three ways, none of them in plain (school/school_store.h says where):
//   - a lookup hash: Argon2id of the code with the school's own salt, so the kiosk finds the
//     pupil from a typed code without any key, while trying every possible code against a copy
//     costs ~8.5e11 Argon2id runs (31^8 codes; README, "Data at rest", has the measured time);
//   - sealed under the data key, for the teacher's lists and login cards (needs a PIN);
//   - and the same Argon2id run yields a second key, never stored, that seals what a pupil may
//     see of themself after typing their own code (their first name, for "Dit ben ik").
#include <string>
#include <string_view>

#include "security/data_key.h"

namespace dlk {

// Above OWASP's minimum for Argon2id (19 MiB, 2 passes): 32 MiB, 3 passes, 1 lane, ~30 ms per
// login or new pupil here, so that trying every code against a copy costs centuries per core.
constexpr unsigned long long kCodeHashOpsLimit = 3;
constexpr size_t kCodeHashMemLimit = size_t{32} << 20;

struct CodeSecrets {
    std::string lookupHash;  // 32 bytes, stored in pupils.code_hash
    DataKey pupilKey;        // seals pupils.first_name_sealed; derived from the code, never stored
};

// A fresh salt for a school's lookup hashes (crypto_pwhash_SALTBYTES random bytes).
std::string newCodeSalt();
// Both secrets of a canonical code (security/pseudonym.h, canonicalPupilCode) under `salt`.
// Throws Error(Corrupt) for a salt of the wrong size, Error(Storage) when memory runs out.
void deriveCodeSecrets(std::string_view canonicalCode, std::string_view salt, CodeSecrets& out);

}  // namespace dlk
