#pragma once
#include <cstdint>
#include <string>

namespace dlk {

// 32 random bytes, created with the school and never exported: the key of the pseudonyms.
std::string newPseudonymKey();

// A keyed BLAKE2b (libsodium crypto_generichash) of the pupil's internal id: stable within one
// school's exports, so a researcher can join a pupil's rows, but not reversible without the key
// (an unkeyed hash of a small id could be reversed by trying every id).
std::string pupilPseudonym(const std::string& key, int64_t pupilId);

// The same for a class ("c" and 24 hex digits): a researcher can group a class's pupils without
// learning which class it is.
std::string classPseudonym(const std::string& key, int64_t classId);

// The same for the school ("s" and 24 hex digits): merged exports of many schools keep each
// school's rows apart without saying which school it is.
std::string schoolPseudonym(const std::string& key);

// A pupil code for the teacher to hand out: 8 characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), shown as XXXX-XXXX.
std::string newPupilCode();
// Upper-cases and drops spaces and hyphens, so "abcd efgh" finds ABCD-EFGH; returns the canonical form.
std::string canonicalPupilCode(const std::string& typed);

}  // namespace dlk
