#pragma once
// Building zip archives in tests with libzip, hostile ones included (not a test file itself: the
// build globs only *.cpp).
#include <doctest/doctest.h>
#include <zip.h>

#include <cstring>
#include <deque>
#include <filesystem>
#include <string>

#include "core_test_helpers.h"

namespace dlk::test {

class ZipBuilder {
public:
    explicit ZipBuilder(const std::filesystem::path& path) {
        int code = 0;
        m_zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
        REQUIRE_MESSAGE(m_zip, "cannot create " << path.string());
    }
    ~ZipBuilder() {
        if (m_zip) zip_discard(m_zip);
    }
    ZipBuilder(const ZipBuilder&) = delete;
    ZipBuilder& operator=(const ZipBuilder&) = delete;

    // libzip reads the bytes at close(); the builder keeps them until then.
    zip_uint64_t add(const std::string& name, std::string bytes) {
        m_buffers.push_back(std::move(bytes));
        const std::string& b = m_buffers.back();
        zip_source_t* src = zip_source_buffer(m_zip, b.data(), b.size(), 0);
        const zip_int64_t index = src ? zip_file_add(m_zip, name.c_str(), src, ZIP_FL_ENC_UTF_8) : -1;
        if (index < 0) {
            zip_source_free(src);
            FAIL("zip_file_add " << name << ": " << zip_strerror(m_zip));
        }
        return static_cast<zip_uint64_t>(index);
    }

    // Every file under `folder`, by its path relative to it.
    void addFolder(const std::filesystem::path& folder) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(folder))
            if (e.is_regular_file()) add(e.path().lexically_relative(folder).generic_string(), readFile(e.path()));
    }

    // An entry whose data is already deflated (`deflated`, inflating to `size` bytes): libzip
    // copies it as it is, so a test can build a bomb without spending seconds compressing zeros.
    zip_uint64_t addDeflated(const std::string& name, std::string deflated, uint64_t size, uint32_t crc = 0) {
        m_raw.push_back(Raw{std::move(deflated), size, crc, 0, {}});
        Raw& raw = m_raw.back();
        zip_error_init(&raw.error);
        zip_source_t* src = zip_source_function(m_zip, &ZipBuilder::rawSource, &raw);
        REQUIRE(src);
        const zip_int64_t index = zip_file_add(m_zip, name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(src);
            FAIL("zip_file_add " << name << ": " << zip_strerror(m_zip));
        }
        return static_cast<zip_uint64_t>(index);
    }

    zip_t* handle() { return m_zip; }
    void close() {
        REQUIRE_MESSAGE(zip_close(m_zip) == 0, zip_strerror(m_zip));
        m_zip = nullptr;
    }

private:
    struct Raw {
        std::string data;
        uint64_t size = 0;
        uint32_t crc = 0;
        uint64_t position = 0;
        zip_error_t error;
    };

    static zip_int64_t rawSource(void* state, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
        Raw& r = *static_cast<Raw*>(state);
        switch (cmd) {
            case ZIP_SOURCE_OPEN:
                r.position = 0;
                return 0;
            case ZIP_SOURCE_READ: {
                const uint64_t n = std::min<uint64_t>(len, r.data.size() - r.position);
                std::memcpy(data, r.data.data() + r.position, n);
                r.position += n;
                return static_cast<zip_int64_t>(n);
            }
            case ZIP_SOURCE_CLOSE:
                return 0;
            case ZIP_SOURCE_STAT: {
                auto* st = static_cast<zip_stat_t*>(data);
                zip_stat_init(st);
                // Compressed data with its sizes and CRC: nothing for libzip to recompute.
                st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
                st->size = r.size;
                st->comp_size = r.data.size();
                st->comp_method = ZIP_CM_DEFLATE;
                st->crc = r.crc;
                return sizeof(zip_stat_t);
            }
            case ZIP_SOURCE_ERROR:
                return zip_error_to_data(&r.error, data, len);
            case ZIP_SOURCE_FREE:
                return 0;
            case ZIP_SOURCE_SUPPORTS:
                return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                                      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
            default:
                zip_error_set(&r.error, ZIP_ER_OPNOTSUPP, 0);
                return -1;
        }
    }

    zip_t* m_zip = nullptr;
    std::deque<std::string> m_buffers;
    std::deque<Raw> m_raw;
};

// A raw deflate stream of 1 + 258 * matches zero bytes in one fixed-Huffman block: a literal 0,
// then (length 258, distance 1) copies of it, 13 bits each - about 1:159, the zip bomb's shape.
inline std::string deflatedZeros(uint64_t matches) {
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    auto put = [&](uint32_t value, int n) {  // LSB first, as deflate packs bits
        acc |= value << bits;
        bits += n;
        while (bits >= 8) {
            out.push_back(static_cast<char>(acc & 0xFF));
            acc >>= 8;
            bits -= 8;
        }
    };
    auto code = [&](uint32_t c, int n) {  // Huffman codes go most significant bit first
        for (int i = n - 1; i >= 0; --i) put((c >> i) & 1, 1);
    };
    out.reserve(static_cast<size_t>(matches * 13 / 8 + 16));
    put(1, 1);      // BFINAL
    put(1, 2);      // BTYPE 01: fixed Huffman codes
    code(0x30, 8);  // literal 0
    for (uint64_t i = 0; i < matches; ++i) {
        code(0xC5, 8);  // length symbol 285: 258 bytes
        code(0, 5);     // distance code 0: distance 1
    }
    code(0, 7);  // end of block (256)
    if (bits) put(0, 8 - bits);
    return out;
}

// CRC-32 of `n` zero bytes (the zip checksum), bit by bit: for small n only.
inline uint32_t crc32OfZeros(uint64_t n) {
    uint32_t crc = 0xFFFFFFFFu;
    for (uint64_t i = 0; i < n; ++i)
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    return ~crc;
}

// Patches a little-endian field of `width` bytes at `offset` from each occurrence of the 4-byte
// `signature` (a zip header) in the file.
inline void patchZipHeaders(const std::filesystem::path& path, const char* signature, size_t offset, uint32_t value,
                            int width = 4) {
    std::string bytes = readFile(path);
    size_t at = 0;
    int patched = 0;
    while ((at = bytes.find(std::string(signature, 4), at)) != std::string::npos) {
        for (int i = 0; i < width; ++i)
            bytes[at + offset + static_cast<size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
        at += 4;
        ++patched;
    }
    REQUIRE(patched > 0);
    writeFile(path, bytes);
}

}  // namespace dlk::test
