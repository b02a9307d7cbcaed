#pragma once
// Background variables a teacher records per pupil (issue 14 points 1 and 4; issue 15 conditions plausible values on
// them): the grade (groep 1-8 in primary school, leerjaar 1-6 in secondary), the track, the birth year and month
// (never a day: a whole date says too much and the export needs only an age in whole years) and the gender, only
// where the school records it. Every variable may be left unrecorded. They are stored beside the pupil's
// accommodations in the pupils table (schema version 14), as plain columns like those: no name or code, and the
// export shows them only as far as its k-anonymity check lets it (export/disclosure.h).
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace dlk {

// The tracks in the order a merge of tracks keeps them apart longest (export/disclosure.h): po (primary school),
// pro (praktijkonderwijs), vmbo-bk (basis/kader), vmbo-gt (gemengd/theoretisch), havo, vwo.
std::span<const std::string_view> trackIds();
bool isTrack(std::string_view id);
// Where a track goes when tracks are merged: vmbo-bk and vmbo-gt (and pro) into vmbo, havo and vwo into havo-vwo;
// po stays po.
std::string_view mergedTrack(std::string_view track);
// The gender as the school records it: m, v or x; nothing when it does not.
bool isGender(std::string_view g);

inline constexpr int kMinBirthYear = 1990;  // adult learners in the extreme; anything older is a typing error
inline constexpr int kMaxGrade = 8;

struct PupilBackground {
    std::optional<int> grade;       // groep 1-8 (po) or leerjaar 1-6 (secondary)
    std::string track;              // one of trackIds(), or empty: not recorded
    std::optional<int> birthYear;   // with birthMonth or alone
    std::optional<int> birthMonth;  // 1-12; only with birthYear
    std::string gender;             // m, v, x, or empty: not recorded
    bool operator==(const PupilBackground&) const = default;
};

// Why the values cannot be stored (in English, for errors and the log), or empty. `currentYear` bounds the birth
// year (a pupil born this year is no pupil yet: at most currentYear - 3).
std::string backgroundProblem(const PupilBackground& b, int currentYear);

// Reads and writes the columns (schema 14). saveBackground throws Error(Invalid) with backgroundProblem's words
// before anything is written, and Error(NotFound) for a pupil that does not exist.
PupilBackground loadBackground(Database& db, int64_t pupilId);
std::map<int64_t, PupilBackground> loadBackgrounds(Database& db);  // every pupil, by id
void saveBackground(Database& db, int64_t pupilId, const PupilBackground& b, int64_t nowMs);

// Whole years at `atMs` (UTC) for a pupil born in that year and month, the birthday taken as the month's first day
// (the day is never stored); none without a birth year. Without a month, the middle of the year (1 July).
std::optional<int> ageAt(const PupilBackground& b, int64_t atMs);
// The same in a year and month (1-12).
std::optional<int> ageAt(const PupilBackground& b, int year, int month);

}  // namespace dlk
