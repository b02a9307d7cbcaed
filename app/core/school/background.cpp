#include "school/background.h"

#include <array>
#include <chrono>

#include "util/error.h"

namespace dlk {

namespace {

constexpr std::array<std::string_view, 6> kTracks = {"po", "pro", "vmbo-bk", "vmbo-gt", "havo", "vwo"};

void bindOptional(Statement& st, int index, const std::optional<int>& v) {
    if (v)
        st.bind(index, *v);
    else
        st.bindNull(index);
}

void bindText(Statement& st, int index, const std::string& v) {
    if (v.empty())
        st.bindNull(index);
    else
        st.bind(index, v);
}

std::optional<int> optionalInt(const Statement& st, int col) {
    if (st.isNull(col)) return std::nullopt;
    return static_cast<int>(st.getInt(col));
}

// A stored value outside what saveBackground lets in (a database edited by hand) reads as not recorded.
PupilBackground fromRow(const Statement& st, int first) {
    PupilBackground b;
    b.grade = optionalInt(st, first);
    if (!st.isNull(first + 1)) b.track = st.getText(first + 1);
    b.birthYear = optionalInt(st, first + 2);
    b.birthMonth = optionalInt(st, first + 3);
    if (!st.isNull(first + 4)) b.gender = st.getText(first + 4);
    if (b.grade && (*b.grade < 1 || *b.grade > kMaxGrade)) b.grade.reset();
    if (!isTrack(b.track)) b.track.clear();
    if (b.birthYear && (*b.birthYear < kMinBirthYear || *b.birthYear > 9999)) b.birthYear.reset();
    if (b.birthMonth && (!b.birthYear || *b.birthMonth < 1 || *b.birthMonth > 12)) b.birthMonth.reset();
    if (!isGender(b.gender)) b.gender.clear();
    return b;
}

std::chrono::year_month_day dateOf(int64_t ms) {
    return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
        std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms))));
}

}  // namespace

std::span<const std::string_view> trackIds() {
    return kTracks;
}

bool isTrack(std::string_view id) {
    for (std::string_view t : kTracks)
        if (t == id) return true;
    return false;
}

std::string_view mergedTrack(std::string_view track) {
    if (track == "pro" || track == "vmbo-bk" || track == "vmbo-gt") return "vmbo";
    if (track == "havo" || track == "vwo") return "havo-vwo";
    return track;
}

bool isGender(std::string_view g) {
    return g == "m" || g == "v" || g == "x";
}

std::string backgroundProblem(const PupilBackground& b, int currentYear) {
    if (b.grade && (*b.grade < 1 || *b.grade > kMaxGrade))
        return "the grade " + std::to_string(*b.grade) + " is not 1 to 8";
    if (!b.track.empty() && !isTrack(b.track))
        return "the track '" + b.track.substr(0, 20) + "' is not po, pro, vmbo-bk, vmbo-gt, havo or vwo";
    if (b.grade && !b.track.empty() && b.track != "po" && *b.grade > 6)
        return "secondary school (" + b.track + ") has leerjaar 1 to 6, not " + std::to_string(*b.grade);
    if (b.birthYear && (*b.birthYear < kMinBirthYear || *b.birthYear > currentYear - 3))
        return "the birth year " + std::to_string(*b.birthYear) + " is not " + std::to_string(kMinBirthYear) + " to " +
               std::to_string(currentYear - 3);
    if (b.birthMonth && !b.birthYear) return "a birth month needs the birth year";
    if (b.birthMonth && (*b.birthMonth < 1 || *b.birthMonth > 12))
        return "the birth month " + std::to_string(*b.birthMonth) + " is not 1 to 12";
    if (!b.gender.empty() && !isGender(b.gender)) return "the gender is recorded as m, v or x, or not at all";
    return {};
}

PupilBackground loadBackground(Database& db, int64_t pupilId) {
    auto st = db.prepare("SELECT grade, track, birth_year, birth_month, gender FROM pupils WHERE id=?");
    st.bind(1, pupilId);
    if (!st.step()) throw Error(ErrorKind::NotFound, "no pupil " + std::to_string(pupilId));
    return fromRow(st, 0);
}

std::map<int64_t, PupilBackground> loadBackgrounds(Database& db) {
    std::map<int64_t, PupilBackground> out;
    auto st = db.prepare("SELECT id, grade, track, birth_year, birth_month, gender FROM pupils");
    while (st.step()) out[st.getInt(0)] = fromRow(st, 1);
    return out;
}

void saveBackground(Database& db, int64_t pupilId, const PupilBackground& b, int64_t nowMs) {
    const int year = static_cast<int>(dateOf(nowMs).year());
    if (const std::string problem = backgroundProblem(b, year); !problem.empty())
        throw Error(ErrorKind::Invalid, problem + "; nothing was saved");
    auto st = db.prepare("UPDATE pupils SET grade=?, track=?, birth_year=?, birth_month=?, gender=? WHERE id=?");
    bindOptional(st, 1, b.grade);
    bindText(st, 2, b.track);
    bindOptional(st, 3, b.birthYear);
    bindOptional(st, 4, b.birthMonth);
    bindText(st, 5, b.gender);
    st.bind(6, pupilId);
    st.run();
    if (db.changes() == 0) throw Error(ErrorKind::NotFound, "no pupil " + std::to_string(pupilId));
}

std::optional<int> ageAt(const PupilBackground& b, int64_t atMs) {
    const auto date = dateOf(atMs);
    return ageAt(b, static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())));
}

std::optional<int> ageAt(const PupilBackground& b, int year, int month) {
    if (!b.birthYear) return std::nullopt;
    const int birthMonth = b.birthMonth.value_or(7);
    int age = year - *b.birthYear - (month < birthMonth ? 1 : 0);
    if (age < 0) return std::nullopt;  // before the birth: a clock or a typing error, no age
    return age;
}

}  // namespace dlk
