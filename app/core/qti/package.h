#pragma once
// A QTI content package as a read-only source of files: a folder or a .zip, with imsmanifest.xml
// at its root. Packages come from outside (publishers, other schools, USB sticks), so everything
// in them is untrusted: paths are package-relative ("m01-schoolreis/nl/x.xml", '/' separated),
// nothing outside the package is ever read, and a zip is checked before any byte is inflated.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

constexpr size_t kMaxPackageFileBytes = 16u << 20;      // per file, as readTextFile
constexpr uint64_t kMaxPackageTotalBytes = 256u << 20;  // all entries of a zip together, inflated
constexpr size_t kMaxPackageEntries = 20000;
constexpr uint64_t kMaxCompressionRatio = 200;  // inflated : compressed, per zip entry
// Entries below this size are exempt from the ratio check: they cannot hurt, and a small file of
// one repeated byte legitimately compresses far better than 200:1.
constexpr uint64_t kCompressionRatioGrace = 1u << 20;

class Package {
public:
    // A folder, or a zip archive (told apart by what is at `path`, not by its name). Throws
    // dlk::Error: Io when nothing is there or it cannot be read, Parse for a file that is not a
    // zip, Invalid for a zip that is refused (a climbing or absolute entry name, a zip bomb,
    // an encrypted or non-regular entry, too many entries).
    static Package open(const std::string& path);
    // As open(), but `path` must be a folder (Io otherwise).
    static Package openFolder(const std::string& path);

    Package(Package&&) noexcept;
    Package& operator=(Package&&) noexcept;
    ~Package();

    const std::string& location() const;  // the path given to open()
    bool isZip() const;

    // A regular file inside the package at relPath. Throws Invalid for a path that is absolute or
    // climbs out of the package.
    bool exists(const std::string& relPath) const;
    // The file's bytes. Throws NotFound (no such file), Invalid (refused path, not a regular file,
    // a symbolic link leading outside, more than 16 MiB, an entry inflating beyond its header), Io.
    std::string read(const std::string& relPath) const;
    // Every regular file, package-relative, sorted.
    std::vector<std::string> list() const;

    // `href` (relative to the file `fromFile`, both package-relative) as a package path:
    // "m01/module.nl.xml" + "nl/x.xml" -> "m01/nl/x.xml". Percent escapes are decoded and a
    // #fragment dropped. Throws Invalid for an href with a scheme (http:, file:), an absolute
    // one, or one that climbs out of the package.
    static std::string resolve(const std::string& fromFile, const std::string& href);
    // A package path in its one spelling: '/' separated, no "." or empty segments; ".." is
    // applied. Throws Invalid when the path is absolute or climbs out.
    static std::string normalise(std::string_view relPath);

    struct Source;  // folder or zip; defined in package.cpp

private:
    explicit Package(std::unique_ptr<Source> source);
    std::unique_ptr<Source> m_source;
};

}  // namespace dlk
