#include "kiosks/wire.h"

#include <sodium.h>

#include <cmath>

#include "util/error.h"
#include "util/text.h"

namespace dlk::wire {

namespace {
int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
[[noreturn]] void invalid(const std::string& message) {
    throw Error(ErrorKind::Invalid, message);
}
bool textFits(const Json& v, size_t maxBytes) {
    return v.is_string() && v.get_ref<const std::string&>().size() <= maxBytes &&
           isValidUtf8(v.get_ref<const std::string&>());
}
bool integerFits(const Json& v, int64_t min, int64_t max) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<uint64_t>();
        return u <= static_cast<uint64_t>(INT64_MAX) && static_cast<int64_t>(u) >= min &&
               static_cast<int64_t>(u) <= max;
    }
    if (!v.is_number_integer()) return false;
    const auto i = v.get<int64_t>();
    return i >= min && i <= max;
}
std::string range(int64_t min, int64_t max) {
    return "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}
}  // namespace

std::string hexDecode(std::string_view hexText, size_t maxBytes, const std::string& what) {
    if (hexText.size() % 2 != 0) invalid(what + " is not hex (odd number of digits)");
    if (hexText.size() / 2 > maxBytes)
        invalid(what + " has " + std::to_string(hexText.size() / 2) + " bytes, more than " + std::to_string(maxBytes));
    std::string out(hexText.size() / 2, '\0');
    for (size_t i = 0; i < out.size(); ++i) {
        const int hi = hexDigit(hexText[2 * i]), lo = hexDigit(hexText[2 * i + 1]);
        if (hi < 0 || lo < 0) invalid(what + " is not hex");
        out[i] = static_cast<char>(hi * 16 + lo);
    }
    return out;
}

std::string hex(std::string_view bytes) {
    return hexEncode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string sha256Hex(std::string_view bytes) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return hexEncode(h, sizeof h);
}

Fields::Fields(const Json& object, std::string where) : m_object(object), m_where(std::move(where)) {
    if (!object.is_object()) invalid(m_where + " is not a JSON object");
}

void Fields::fail(const char* key, const std::string& what) const {
    invalid(m_where + ": field '" + key + "' " + what);
}

bool Fields::has(const char* key) const {
    return m_object.contains(key);
}

bool Fields::isNull(const char* key) const {
    return !has(key) || m_object[key].is_null();
}

const Json& Fields::get(const char* key) const {
    if (!has(key)) fail(key, "is missing");
    return m_object[key];
}

std::string Fields::text(const char* key, size_t maxBytes) const {
    const Json& v = get(key);
    if (!textFits(v, maxBytes)) fail(key, "is not text of at most " + std::to_string(maxBytes) + " bytes of UTF-8");
    return v.get<std::string>();
}

std::optional<std::string> Fields::optionalText(const char* key, size_t maxBytes) const {
    if (isNull(key)) return std::nullopt;
    return text(key, maxBytes);
}

int64_t Fields::integer(const char* key, int64_t min, int64_t max) const {
    const Json& v = get(key);
    if (!integerFits(v, min, max)) fail(key, "is not " + range(min, max));
    return v.is_number_unsigned() ? static_cast<int64_t>(v.get<uint64_t>()) : v.get<int64_t>();
}

std::optional<int64_t> Fields::optionalInteger(const char* key, int64_t min, int64_t max) const {
    if (isNull(key)) return std::nullopt;
    return integer(key, min, max);
}

std::string Fields::blob(const char* key, size_t maxBytes) const {
    return hexDecode(text(key, 2 * maxBytes + 2), maxBytes, m_where + ": field '" + key + "'");
}

std::optional<std::string> Fields::optionalBlob(const char* key, size_t maxBytes) const {
    if (isNull(key)) return std::nullopt;
    return blob(key, maxBytes);
}

const Json& Fields::array(const char* key, size_t maxElements) const {
    const Json& v = get(key);
    if (!v.is_array()) fail(key, "is not a list");
    if (v.size() > maxElements) fail(key, "has more than " + std::to_string(maxElements) + " entries");
    return v;
}

void requireRow(const Json& row, size_t n, const std::string& what) {
    if (!row.is_array() || row.size() != n) invalid(what + " is not a list of " + std::to_string(n) + " values");
}

std::string textAt(const Json& row, size_t i, size_t maxBytes, const std::string& what) {
    if (!textFits(row[i], maxBytes))
        invalid(what + ": value " + std::to_string(i + 1) + " is not text of at most " + std::to_string(maxBytes) +
                " bytes of UTF-8");
    return row[i].get<std::string>();
}

std::optional<std::string> optionalTextAt(const Json& row, size_t i, size_t maxBytes, const std::string& what) {
    if (row[i].is_null()) return std::nullopt;
    return textAt(row, i, maxBytes, what);
}

int64_t integerAt(const Json& row, size_t i, int64_t min, int64_t max, const std::string& what) {
    if (!integerFits(row[i], min, max))
        invalid(what + ": value " + std::to_string(i + 1) + " is not " + range(min, max));
    return row[i].is_number_unsigned() ? static_cast<int64_t>(row[i].get<uint64_t>()) : row[i].get<int64_t>();
}

std::optional<int64_t> optionalIntegerAt(const Json& row, size_t i, int64_t min, int64_t max, const std::string& what) {
    if (row[i].is_null()) return std::nullopt;
    return integerAt(row, i, min, max, what);
}

double numberAt(const Json& row, size_t i, const std::string& what) {
    if (!row[i].is_number() || !std::isfinite(row[i].get<double>()))
        invalid(what + ": value " + std::to_string(i + 1) + " is not a finite number");
    return row[i].get<double>();
}

}  // namespace dlk::wire
