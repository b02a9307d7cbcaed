#include "qti/package.h"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "util/error.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {

std::string mib(uint64_t bytes) {
    return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

bool isSeparator(char c) {
    return c == '/' || c == '\\';
}

// "C:..." is a Windows drive, and "http:..." a URL: neither is a path inside a package.
bool hasScheme(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    for (size_t i = 1; i < colon; ++i) {
        const char c = s[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
}

// Splits on '/' and '\' (a zip made on Windows may use either, and a '\' must not smuggle a
// "..\" past the check), drops "." and empty segments and applies "..". Returns false when the
// path climbs above its start.
bool normaliseSegments(std::string_view path, std::vector<std::string>& out) {
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = start;
        while (end < path.size() && !isSeparator(path[end])) ++end;
        const std::string_view seg = path.substr(start, end - start);
        if (seg == "..") {
            if (out.empty()) return false;
            out.pop_back();
        } else if (!seg.empty() && seg != ".") {
            out.emplace_back(seg);
        }
        start = end + 1;
    }
    return true;
}

std::string join(const std::vector<std::string>& segments) {
    std::string out;
    for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
    return out;
}

bool isAbsolute(std::string_view p) {
    return !p.empty() && (isSeparator(p[0]) || hasScheme(p));
}

std::string percentDecode(std::string_view s) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

}  // namespace

// ---- sources ------------------------------------------------------------------------------------

struct Package::Source {
    std::string location;
    explicit Source(std::string loc) : location(std::move(loc)) {}
    virtual ~Source() = default;
    virtual bool isZip() const = 0;
    virtual bool exists(const std::string& key) const = 0;
    virtual std::string read(const std::string& key) const = 0;
    virtual std::vector<std::string> list() const = 0;
};

namespace {

class FolderSource final : public Package::Source {
public:
    FolderSource(std::string loc, fs::path root) : Source(std::move(loc)), m_root(std::move(root)) {}
    bool isZip() const override { return false; }

    bool exists(const std::string& key) const override {
        std::error_code ec;
        const fs::path canon = fs::canonical(m_root / key, ec);
        return !ec && inside(canon) && fs::is_regular_file(canon, ec);
    }

    std::string read(const std::string& key) const override {
        std::error_code ec;
        const fs::path p = m_root / key;
        if (!fs::exists(fs::symlink_status(p, ec)))
            throw Error(ErrorKind::NotFound, key + ": no such file in the package");
        const fs::path canon = fs::canonical(p, ec);
        if (ec) throw Error(ErrorKind::NotFound, key + ": a link to nothing");
        // A symbolic link inside the folder may point anywhere; only its target counts.
        if (!inside(canon)) throw Error(ErrorKind::Invalid, key + ": a link to a file outside the package; refused");
        if (!fs::is_regular_file(canon, ec)) throw Error(ErrorKind::Invalid, key + ": not a regular file; refused");
        const auto size = fs::file_size(canon, ec);
        if (ec) throw Error(ErrorKind::Io, key + ": cannot read: " + ec.message());
        if (size > kMaxPackageFileBytes)
            throw Error(ErrorKind::Invalid,
                        key + ":1: file is " + mib(size) + "; files of more than 16 MiB are not read");
        std::ifstream in(canon, std::ios::binary);
        if (!in) throw Error(ErrorKind::Io, key + ": cannot open");
        // Read at most one byte more than allowed: a file that grows meanwhile is still bounded.
        std::string out(static_cast<size_t>(size) + 1, '\0');
        in.read(out.data(), static_cast<std::streamsize>(out.size()));
        out.resize(static_cast<size_t>(in.gcount()));
        if (in.bad()) throw Error(ErrorKind::Io, key + ": read error");
        if (out.size() > kMaxPackageFileBytes)
            throw Error(ErrorKind::Invalid, key + ":1: file grew beyond 16 MiB while being read");
        return out;
    }

    std::vector<std::string> list() const override {
        std::vector<std::string> out;
        std::error_code ec;
        size_t seen = 0;
        for (fs::recursive_directory_iterator it(m_root, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            if (++seen > kMaxPackageEntries)
                throw Error(ErrorKind::Invalid, location + ": more than 20,000 files; not a content package");
            const fs::directory_entry& e = *it;
            std::error_code ec2;
            if (e.is_symlink(ec2)) {
                const fs::path canon = fs::canonical(e.path(), ec2);
                if (ec2 || !inside(canon) || !fs::is_regular_file(canon, ec2)) continue;
            } else if (!e.is_regular_file(ec2)) {
                continue;
            }
            out.push_back(e.path().lexically_relative(m_root).generic_string());
        }
        if (ec) throw Error(ErrorKind::Io, location + ": cannot list: " + ec.message());
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    bool inside(const fs::path& canon) const {
        const fs::path rel = canon.lexically_relative(m_root);
        return !rel.empty() && *rel.begin() != ".." && rel != ".";
    }
    fs::path m_root;  // canonical
};

std::string zipErrorText(int code) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    std::string s = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return s;
}

class ZipSource final : public Package::Source {
public:
    explicit ZipSource(const std::string& path) : Source(path) {
        int code = 0;
        // No ZIP_CHECKCONS: it reads every local header up front (seconds for a crafted archive of
        // many entries) and protects nothing that the checks below and the counting in read() miss.
        m_zip = zip_open(path.c_str(), ZIP_RDONLY, &code);
        if (!m_zip) {
            const bool io = code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_SEEK || code == ZIP_ER_MEMORY;
            throw Error(io ? ErrorKind::Io : ErrorKind::Parse,
                        path + ": " +
                            (code == ZIP_ER_NOZIP ? std::string("not a zip archive")
                                                  : "cannot read the zip archive: " + zipErrorText(code)));
        }
        try {
            check();
        } catch (...) {
            zip_discard(m_zip);
            throw;
        }
    }
    ~ZipSource() override { zip_discard(m_zip); }  // opened read-only: nothing to write back
    ZipSource(const ZipSource&) = delete;
    ZipSource& operator=(const ZipSource&) = delete;

    bool isZip() const override { return true; }
    bool exists(const std::string& key) const override { return m_entries.count(key) > 0; }

    std::string read(const std::string& key) const override {
        const auto it = m_entries.find(key);
        if (it == m_entries.end()) throw Error(ErrorKind::NotFound, key + ": no such file in the package");
        const Entry& e = it->second;
        if (e.size > kMaxPackageFileBytes)
            throw Error(ErrorKind::Invalid,
                        key + ":1: file is " + mib(e.size) + "; files of more than 16 MiB are not read");
        std::lock_guard<std::mutex> lock(m_mutex);  // a zip_t is not safe to share between threads
        zip_file_t* f = zip_fopen_index(m_zip, e.index, 0);
        if (!f) throw Error(ErrorKind::Parse, key + ": cannot open in " + location + ": " + zip_strerror(m_zip));
        std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(f, zip_fclose);
        std::string out;
        out.reserve(static_cast<size_t>(e.size));
        char buf[1 << 16];
        // The sizes were checked against the caps when the archive was opened; here the inflated
        // bytes are counted, so an entry whose header lies about its size is stopped one byte
        // past the size it claims, long before it could fill memory.
        for (;;) {
            const uint64_t want = std::min<uint64_t>(sizeof buf, e.size - out.size() + 1);
            const zip_int64_t n = zip_fread(f, buf, want);
            if (n < 0)
                throw Error(ErrorKind::Parse, key + ": cannot inflate in " + location + ": " + zip_file_strerror(f));
            if (n == 0) break;
            if (out.size() + static_cast<uint64_t>(n) > e.size)
                throw Error(ErrorKind::Invalid, key + ": inflates to more than the " + std::to_string(e.size) +
                                                    " bytes its zip header declares; refused");
            out.append(buf, static_cast<size_t>(n));
        }
        if (out.size() != e.size)
            throw Error(ErrorKind::Parse, key + ": inflates to fewer bytes than its zip header declares");
        return out;
    }

    std::vector<std::string> list() const override {
        std::vector<std::string> out;
        out.reserve(m_entries.size());
        for (const auto& [key, e] : m_entries) out.push_back(key);
        return out;  // std::map: already sorted
    }

private:
    struct Entry {
        zip_uint64_t index = 0;
        uint64_t size = 0, compSize = 0;
    };

    [[noreturn]] void refuse(const std::string& what) const {
        throw Error(ErrorKind::Invalid, location + ": " + what + "; refused");
    }

    // Everything is decided from the central directory before a byte is inflated.
    void check() {
        const zip_int64_t count = zip_get_num_entries(m_zip, 0);
        if (count < 0) refuse("unreadable list of entries");
        if (static_cast<uint64_t>(count) > kMaxPackageEntries)
            refuse("the zip has " + std::to_string(count) + " entries; a package may have at most 20,000");
        uint64_t total = 0;
        for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(m_zip, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) || !st.name)
                refuse("entry " + std::to_string(i) + " cannot be read");
            const std::string name = st.name;
            if (name.empty()) refuse("an entry has an empty name");
            if (isAbsolute(name)) refuse("entry '" + name + "' has an absolute path");
            std::vector<std::string> segments;
            if (!normaliseSegments(name, segments)) refuse("entry '" + name + "' climbs out of the package");
            // No zip tool writes "a/../b"; an entry that does is crafted, even if it stays inside.
            for (size_t k = 0, start = 0; k <= name.size(); ++k)
                if (k == name.size() || isSeparator(name[k])) {
                    if (name.substr(start, k - start) == "..") refuse("entry '" + name + "' has a '..' in its path");
                    start = k + 1;
                }

            bool directory = isSeparator(name.back());
            zip_uint8_t opsys = 0;
            zip_uint32_t attributes = 0;
            if (zip_file_get_external_attributes(m_zip, i, 0, &opsys, &attributes) == 0 && opsys == ZIP_OPSYS_UNIX) {
                const zip_uint32_t type = (attributes >> 16) & S_IFMT;
                if (type == S_IFDIR)
                    directory = true;
                else if (type == S_IFLNK)
                    refuse("entry '" + name + "' is a symbolic link");
                else if (type != 0 && type != S_IFREG)
                    refuse("entry '" + name + "' is not a regular file");
            }
            if (directory) continue;

            if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
                refuse("entry '" + name + "' is encrypted");
            if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE) || !(st.valid & ZIP_STAT_COMP_METHOD))
                refuse("entry '" + name + "' has no sizes in the zip's directory");
            if (!zip_compression_method_supported(st.comp_method, 0))
                refuse("entry '" + name + "' uses compression method " + std::to_string(st.comp_method) +
                       ", which dlkiosk cannot read");
            total += st.size;  // cannot wrap: each term is below 2^64 and we stop at 256 MiB
            if (st.size > kMaxPackageTotalBytes || total > kMaxPackageTotalBytes)
                refuse("its entries inflate to more than 256 MiB (a zip bomb?)");
            if (st.size > kCompressionRatioGrace &&
                (st.comp_size == 0 || st.size / st.comp_size > kMaxCompressionRatio))
                refuse("entry '" + name + "' inflates " +
                       std::to_string(st.comp_size ? st.size / st.comp_size : st.size) +
                       " times its compressed size, more than 200:1 (a zip bomb?)");
            const std::string key = join(segments);
            if (!m_entries.emplace(key, Entry{i, st.size, st.comp_size}).second)
                refuse("two entries are named '" + key + "'");
        }
    }

    zip_t* m_zip = nullptr;
    std::map<std::string, Entry> m_entries;
    mutable std::mutex m_mutex;
};

}  // namespace

// ---- Package ------------------------------------------------------------------------------------

Package::Package(std::unique_ptr<Source> source) : m_source(std::move(source)) {}
Package::Package(Package&&) noexcept = default;
Package& Package::operator=(Package&&) noexcept = default;
Package::~Package() = default;

Package Package::open(const std::string& path) {
    std::error_code ec;
    const auto st = fs::status(path, ec);
    if (fs::is_directory(st)) return openFolder(path);
    if (fs::is_regular_file(st)) return Package(std::make_unique<ZipSource>(path));
    if (!fs::exists(st)) throw Error(ErrorKind::Io, path + ": no such folder or zip file");
    throw Error(ErrorKind::Invalid, path + ": neither a folder nor a zip file");
}

Package Package::openFolder(const std::string& path) {
    std::error_code ec;
    const fs::path root = fs::canonical(path, ec);
    if (ec || !fs::is_directory(root, ec)) throw Error(ErrorKind::Io, path + ": no such folder");
    return Package(std::make_unique<FolderSource>(path, root));
}

const std::string& Package::location() const {
    return m_source->location;
}
bool Package::isZip() const {
    return m_source->isZip();
}
bool Package::exists(const std::string& relPath) const {
    return m_source->exists(normalise(relPath));
}
std::string Package::read(const std::string& relPath) const {
    return m_source->read(normalise(relPath));
}
std::vector<std::string> Package::list() const {
    return m_source->list();
}

std::string Package::normalise(std::string_view relPath) {
    if (relPath.empty()) throw Error(ErrorKind::Invalid, "an empty path is not a file in the package");
    if (isAbsolute(relPath))
        throw Error(ErrorKind::Invalid,
                    "path '" + std::string(relPath) + "' is absolute; only paths inside the package are read");
    std::vector<std::string> segments;
    if (!normaliseSegments(relPath, segments))
        throw Error(ErrorKind::Invalid, "path '" + std::string(relPath) + "' climbs out of the package; refused");
    if (segments.empty()) throw Error(ErrorKind::Invalid, "path '" + std::string(relPath) + "' names no file");
    return join(segments);
}

std::string Package::resolve(const std::string& fromFile, const std::string& href) {
    std::string_view h = href;
    if (const auto hash = h.find('#'); hash != std::string_view::npos) h = h.substr(0, hash);
    if (h.empty()) throw Error(ErrorKind::Invalid, "href '" + href + "' names no file");
    if (hasScheme(h))
        throw Error(ErrorKind::Invalid, "href '" + href + "' is a URL, not a file inside the package; refused");
    if (isSeparator(h[0])) throw Error(ErrorKind::Invalid, "href '" + href + "' is absolute; refused");
    // Decoded before the checks, so "%2e%2e/" is caught as the "../" it means.
    const std::string decoded = percentDecode(h);
    std::vector<std::string> segments;
    if (!normaliseSegments(fromFile, segments))
        throw Error(ErrorKind::Invalid, "path '" + fromFile + "' climbs out of the package; refused");
    if (!segments.empty()) segments.pop_back();  // the directory of fromFile
    const std::string base = join(segments);
    const std::string combined = base.empty() ? decoded : base + "/" + decoded;
    std::vector<std::string> out;
    if (isAbsolute(decoded) || !normaliseSegments(combined, out))
        throw Error(ErrorKind::Invalid, "href '" + href + "' climbs out of the package; refused");
    if (out.empty()) throw Error(ErrorKind::Invalid, "href '" + href + "' names no file");
    return join(out);
}

}  // namespace dlk
