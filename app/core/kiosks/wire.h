#pragma once
// What the join file and the result bundle share (kiosks/): reading fields of a JSON object that
// came from outside, each checked for its type and size, with a message naming the field and where
// it was read; hex for the blobs; SHA-256. Internal to kiosks/.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/json.h"

namespace dlk::wire {

// Bytes for up to `maxBytes` bytes given as lower- or upper-case hex. Throws Error(Invalid)
// naming `what` for an odd length, a non-hex digit or too many bytes.
std::string hexDecode(std::string_view hex, size_t maxBytes, const std::string& what);
std::string hex(std::string_view bytes);
// SHA-256 of `bytes`, 64 lower-case hex digits.
std::string sha256Hex(std::string_view bytes);

// One JSON object read field by field. Every accessor throws Error(Invalid) as
// "<where>: field '<key>' ..." when the field is missing, of another type, or too large.
class Fields {
public:
    Fields(const Json& object, std::string where);
    const std::string& where() const { return m_where; }
    bool has(const char* key) const;
    bool isNull(const char* key) const;
    const Json& get(const char* key) const;  // present, any type
    std::string text(const char* key, size_t maxBytes) const;
    std::optional<std::string> optionalText(const char* key, size_t maxBytes) const;  // null or absent: nullopt
    int64_t integer(const char* key, int64_t min, int64_t max) const;
    std::optional<int64_t> optionalInteger(const char* key, int64_t min, int64_t max) const;
    std::string blob(const char* key, size_t maxBytes) const;  // hex
    std::optional<std::string> optionalBlob(const char* key, size_t maxBytes) const;
    const Json& array(const char* key, size_t maxElements) const;

private:
    [[noreturn]] void fail(const char* key, const std::string& what) const;
    const Json& m_object;
    std::string m_where;
};

// The same checks for one element of an array row ([a, b, c]): `what` names it in messages.
std::string textAt(const Json& row, size_t i, size_t maxBytes, const std::string& what);
std::optional<std::string> optionalTextAt(const Json& row, size_t i, size_t maxBytes, const std::string& what);
int64_t integerAt(const Json& row, size_t i, int64_t min, int64_t max, const std::string& what);
std::optional<int64_t> optionalIntegerAt(const Json& row, size_t i, int64_t min, int64_t max, const std::string& what);
double numberAt(const Json& row, size_t i, const std::string& what);
// Throws unless `row` is an array of exactly `n` elements.
void requireRow(const Json& row, size_t n, const std::string& what);

}  // namespace dlk::wire
