#include "ui/widgets/image_cache.h"

#include <stb_image.h>

#include <filesystem>
#include <memory>
#include <string_view>

#include "qti/package.h"
#include "support/logger.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::ui {

namespace {

namespace fs = std::filesystem;

bool isPng(std::string_view b) {
    return b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8);
}
bool isJpeg(std::string_view b) {
    return b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
           static_cast<unsigned char>(b[2]) == 0xFF;
}

// Standard and URL-safe base64; whitespace is skipped, anything else makes it invalid.
bool decodeBase64(std::string_view in, std::string& out) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    out.clear();
    out.reserve(in.size() / 4 * 3);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=') break;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        const int v = value(c);
        if (v < 0) return false;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return true;
}

// "data:image/svg+xml;base64,AAAA" -> "data:image/svg+xml": short enough to name in a message.
std::string dataUriName(const std::string& src) {
    const auto end = src.find_first_of(";,");
    return src.substr(0, std::min<size_t>(end == std::string::npos ? src.size() : end, 60));
}

}  // namespace

ImageCache::ImageCache(Uploader upload, Releaser release)
    : m_upload(std::move(upload)), m_release(std::move(release)) {}

ImageCache::~ImageCache() {
    clear();
}

void ImageCache::setPackage(const Package* package) {
    if (package == m_package) return;
    clear();
    m_package = package;
}

void ImageCache::clear() {
    if (m_release)
        for (auto& [key, image] : m_images)
            if (image.texture) m_release(image.texture);
    m_images.clear();
    m_keyOf.clear();
}

const LoadedImage& ImageCache::get(const std::string& itemPath, const std::string& src) {
    const std::string request = itemPath + '\n' + src;
    if (auto known = m_keyOf.find(request); known != m_keyOf.end()) return m_images[known->second];
    std::string cacheKey;
    LoadedImage image = load(itemPath, src, cacheKey);
    m_keyOf[request] = cacheKey;
    if (auto known = m_images.find(cacheKey); known != m_images.end()) return known->second;  // another item's
    if (!image.error.empty()) logWarning("picture not shown: " + image.error);
    return m_images.emplace(cacheKey, std::move(image)).first->second;
}

LoadedImage ImageCache::load(const std::string& itemPath, const std::string& src, std::string& cacheKey) {
    LoadedImage out;
    std::string bytes;
    std::string name;  // how messages name the picture
    const std::string source = trim(src);
    if (source.rfind("data:", 0) == 0) {
        // Inline pictures: decoded from the URI itself, so the bank folder is not involved.
        cacheKey = source;
        name = dataUriName(source) + " picture in " + itemPath;
        const auto comma = source.find(',');
        const std::string header = toLowerAscii(source.substr(0, comma == std::string::npos ? source.size() : comma));
        if (header.find("svg") != std::string::npos) {
            out.error = name + ": SVG pictures cannot be shown; use PNG or JPEG";
            return out;
        }
        if (comma == std::string::npos || header.find(";base64") == std::string::npos) {
            out.error = name + ": only base64 data: pictures are read";
            return out;
        }
        if (source.size() - comma > kMaxImageBytes / 3 * 4 + 8) {
            out.error = name + ": larger than 8 MiB; refused";
            return out;
        }
        if (!decodeBase64(std::string_view(source).substr(comma + 1), bytes)) {
            out.error = name + ": not valid base64";
            return out;
        }
    } else {
        name = source.empty() ? "(a picture without a file name) in " + itemPath : source;
        cacheKey = "\n" + itemPath + "\n" + source;  // until resolved: this request only
        if (!m_package) {
            out.error = name + ": no item bank to read pictures from";
            return out;
        }
        try {
            std::string from = itemPath;
            if (!from.empty() && from.front() == '/') {
                // An item opened by its file path (tests, the validator): it must lie in the bank's folder.
                if (m_package->isZip()) throw Error(ErrorKind::Invalid, itemPath + " is not inside the item bank");
                std::error_code ec;
                const fs::path root = fs::weakly_canonical(m_package->location(), ec);
                const fs::path rel = fs::weakly_canonical(itemPath, ec).lexically_relative(root);
                if (ec || rel.empty() || *rel.begin() == "..")
                    throw Error(ErrorKind::Invalid, itemPath + " is not inside the item bank " + m_package->location());
                from = rel.generic_string();
            }
            const std::string key = Package::resolve(from, source);
            cacheKey = key;
            name = key;
            if (auto known = m_images.find(key); known != m_images.end()) return known->second;  // shared by two items
            bytes = m_package->read(key);
        } catch (const std::exception& e) {
            // The package's own messages name the path already ("x.png: no such file ...").
            const std::string what = e.what();
            out.error = what.rfind(name, 0) == 0 ? what : name + ": " + what;
            return out;
        }
    }
    if (bytes.size() > kMaxImageBytes) {
        out.error = name + ": larger than 8 MiB; refused";
        return out;
    }
    if (!isPng(bytes) && !isJpeg(bytes)) {
        const bool svg = bytes.find("<svg") != std::string::npos;
        out.error = name + (svg ? ": SVG pictures cannot be shown; use PNG or JPEG" : ": not a PNG or JPEG picture");
        return out;
    }
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int length = static_cast<int>(bytes.size());
    int w = 0, h = 0, channels = 0;
    // The size first, from the header: a huge picture is refused before any pixel is decoded.
    if (!stbi_info_from_memory(data, length, &w, &h, &channels)) {
        out.error = name + ": a broken picture (" + stbi_failure_reason() + ")";
        return out;
    }
    if (w <= 0 || h <= 0 || w > kMaxImageSide || h > kMaxImageSide) {
        out.error = name + ": " + std::to_string(w) + "x" + std::to_string(h) +
                    " pixels; pictures of more than 4096 pixels a side are not shown";
        return out;
    }
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(data, length, &w, &h, &channels, 4),
                                                     stbi_image_free);
    if (!pixels) {
        out.error = name + ": a broken picture (" + stbi_failure_reason() + ")";
        return out;
    }
    out.texture = m_upload ? m_upload(pixels.get(), w, h) : nullptr;
    if (!out.texture) {
        out.error = name + ": the picture could not be handed to the graphics card";
        return out;
    }
    out.width = w;
    out.height = h;
    ++m_uploads;
    return out;
}

}  // namespace dlk::ui
