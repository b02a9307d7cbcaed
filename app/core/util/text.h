#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

bool isValidUtf8(std::string_view s);
// Byte offset of the first byte that is not valid UTF-8, or npos.
size_t firstInvalidUtf8(std::string_view s);
std::string trim(std::string_view s);
std::string toLowerAscii(std::string_view s);
// Lower case for Latin letters (ASCII, Latin-1, Latin Extended-A: É -> é, Ë -> ë, İ -> i̇ kept as
// i, Ş -> ş); other characters pass unchanged. Enough for caseSensitive="false" on Dutch and
// the languages of Dutch classrooms; not a full Unicode case fold.
std::string toLowerLatin(std::string_view s);
std::vector<std::string> splitWhitespace(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool parseDouble(std::string_view s, double& out);
bool parseInt64(std::string_view s, int64_t& out);
std::string formatDouble(double v);             // shortest form that reads back the same: 1, 1.5, 0.333...
void appendDouble(std::string& out, double v);  // formatDouble(v) appended, without a string of its own
std::string hexEncode(const unsigned char* data, size_t n);
// Appends one code point as UTF-8.
void appendUtf8(std::string& out, uint32_t codePoint);
// Today's date and a timestamp as ISO 8601 (UTC), from milliseconds since the epoch.
std::string isoTimestamp(int64_t unixMs);

}  // namespace dlk
