#include "export/manifest.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "export/sha256.h"
#include "security/signing.h"
#include "util/error.h"
#include "util/json.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr std::string_view kFormat = "dlkiosk-manifest";
constexpr std::string_view kSignatureHeader = "dlkiosk-signature 1";
// Where the two files are written before they are renamed into place; left over only by a run
// that was killed, and then listed as an added file by verifyManifest.
constexpr const char* kManifestTemp = ".manifest.json.part";
constexpr const char* kSignatureTemp = ".manifest.sig.part";
constexpr size_t kReadPiece = size_t{64} << 10;

// A file descriptor closed on every path out.
class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    int release() {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }

private:
    int m_fd;
};

std::string errnoText(int err) {
    return std::strerror(err);
}

// The folder itself, opened once; every file in it is opened relative to it (openat), so a
// folder renamed or replaced during the run cannot redirect a read elsewhere.
Fd openFolder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) return Fd(fd);
    const int err = errno;
    if (err == ENOENT) throw Error(ErrorKind::NotFound, folder + ": no such folder");
    if (err == ENOTDIR) throw Error(ErrorKind::NotFound, folder + ": not a folder");
    throw Error(ErrorKind::Io, folder + ": cannot open the folder: " + errnoText(err));
}

// A name in the folder, opened for reading without following a symbolic link (O_NOFOLLOW) and
// without waiting on a FIFO (O_NONBLOCK); -1 with errno set when it cannot be opened.
int openEntry(int dir, const std::string& name) {
    return ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
}

enum class EntryType { File, Link, Folder, Other };

struct Entry {
    std::string name;
    EntryType type = EntryType::Other;
    uint64_t size = 0;
};

EntryType typeOf(mode_t mode) {
    if (S_ISREG(mode)) return EntryType::File;
    if (S_ISLNK(mode)) return EntryType::Link;
    if (S_ISDIR(mode)) return EntryType::Folder;
    return EntryType::Other;
}

// Every entry of the folder but "." and "..", as lstat sees it (links not followed).
std::vector<Entry> listFolder(int dir, const std::string& folder) {
    const int copy = ::dup(dir);
    if (copy < 0) throw Error(ErrorKind::Io, folder + ": cannot list the folder: " + errnoText(errno));
    DIR* d = ::fdopendir(copy);
    if (!d) {
        const int err = errno;
        ::close(copy);
        throw Error(ErrorKind::Io, folder + ": cannot list the folder: " + errnoText(err));
    }
    ::rewinddir(d);
    std::vector<Entry> out;
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        struct stat st {};
        if (::fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone since readdir
        out.push_back({name, typeOf(st.st_mode), static_cast<uint64_t>(st.st_size)});
        errno = 0;
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0) throw Error(ErrorKind::Io, folder + ": cannot list the folder: " + errnoText(err));
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return out;
}

// Why `name` cannot be a manifest entry, or "" when it can. The same rules when signing (a folder
// whose file the recipient could not read back safely is refused) and when verifying (a hostile
// manifest never makes dlkiosk open a path outside the folder).
std::string nameProblem(std::string_view name) {
    if (name.empty()) return "an empty name";
    if (name.size() > kManifestMaxNameBytes)
        return "a name of " + std::to_string(name.size()) + " bytes (at most " + std::to_string(kManifestMaxNameBytes) +
               ")";
    if (!isValidUtf8(name)) return "a name that is not UTF-8";
    if (name.front() == '/') return "an absolute path";
    if (name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
        return "a path with a folder separator ('/' or '\\'), not a file of this folder";
    if (name == "." || name == "..") return "the name '" + std::string(name) + "', which is not a file";
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "a name with a control character";
    if (name == kManifestFile || name == kSignatureFile) return "the manifest's own name";
    return "";
}

// A name for a message: control characters and what is not UTF-8 shown as escapes, so a hostile
// name cannot rewrite the terminal it is printed on.
std::string shown(std::string_view name) {
    std::string out;
    const bool utf8 = isValidUtf8(name);
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || (!utf8 && u >= 0x80)) {
            static const char* digits = "0123456789abcdef";
            out += "\\x";
            out += digits[u >> 4];
            out += digits[u & 0xF];
        } else {
            out += c;
        }
    }
    if (out.size() > 300) out = out.substr(0, 300) + "...";
    return out;
}

// The entries signing takes, checked; throws Error(Invalid) at the first one it cannot sign.
std::vector<Entry> signableEntries(int dir, const std::string& folder) {
    std::vector<Entry> files;
    for (Entry& e : listFolder(dir, folder)) {
        if (e.name == kManifestFile || e.name == kSignatureFile || e.name == kManifestTemp || e.name == kSignatureTemp)
            continue;
        const std::string path = folder + "/" + shown(e.name);
        if (const std::string why = nameProblem(e.name); !why.empty())
            throw Error(ErrorKind::Invalid, path + ": cannot be signed: " + why);
        switch (e.type) {
            case EntryType::File:
                break;
            case EntryType::Link:
                throw Error(ErrorKind::Invalid, path +
                                                    " is a symbolic link: a signed folder holds plain files only (a "
                                                    "link is never followed); copy the file itself into the folder");
            case EntryType::Folder:
                throw Error(ErrorKind::Invalid,
                            path + " is a folder: a manifest lists the files of one folder, not its subfolders");
            case EntryType::Other:
                throw Error(ErrorKind::Invalid, path + " is not a plain file (a device, FIFO or socket)");
        }
        if (e.size > kManifestMaxFileBytes)
            throw Error(ErrorKind::Invalid, path + " has " + std::to_string(e.size) + " bytes, more than the " +
                                                std::to_string(kManifestMaxFileBytes) + " a manifest takes");
        files.push_back(std::move(e));
        if (files.size() > kManifestMaxFiles)
            throw Error(ErrorKind::Invalid, folder + " holds more than " + std::to_string(kManifestMaxFiles) +
                                                " files, more than a manifest lists");
    }
    if (files.empty()) throw Error(ErrorKind::Invalid, folder + " holds no files to sign");
    return files;
}

using Digest = FileDigest;

// The SHA-256 of an open file, read in pieces, so a file of gigabytes needs 64 KiB of memory.
Digest digestOf(int fd, const std::string& path) {
    Sha256 state;  // the processor's SHA instructions where it has them (export/sha256.h)
    std::vector<unsigned char> buffer(kReadPiece);
    Digest d;
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(ErrorKind::Io, path + ": cannot read: " + errnoText(errno));
        }
        if (n == 0) break;
        state.update(buffer.data(), static_cast<size_t>(n));
        d.bytes += static_cast<uint64_t>(n);
    }
    const auto out = state.finish();
    d.sha256 = hexEncode(out.data(), out.size());
    return d;
}

std::string sha256Hex(std::string_view bytes) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return hexEncode(out, sizeof out);
}

bool isLowerHex(std::string_view s, size_t digits) {
    return s.size() == digits &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string hexDecode(std::string_view hex) {
    std::string out;
    out.reserve(hex.size() / 2);
    const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>((nibble(hex[i]) << 4) | nibble(hex[i + 1])));
    return out;
}

// Writes `bytes` as `name` in the folder: a temporary file (0600, never through a link), synced,
// then renamed over `name`, so a reader sees the old file or the new one, never a part.
void writeAtomically(int dir, const std::string& folder, const char* temp, std::string_view name,
                     std::string_view bytes) {
    const std::string path = folder + "/" + std::string(name);
    Fd fd(::openat(dir, temp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) throw Error(ErrorKind::Io, "cannot write " + path + ": " + errnoText(errno));
    size_t written = 0;
    int err = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            err = errno;
            break;
        }
        written += static_cast<size_t>(n);
    }
    if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
    if (err == 0 && ::close(fd.release()) != 0) err = errno;
    if (err == 0 && ::renameat(dir, temp, dir, std::string(name).c_str()) != 0) err = errno;
    if (err != 0) {
        ::unlinkat(dir, temp, 0);
        throw Error(ErrorKind::Io, "cannot write " + path + ": " + errnoText(err));
    }
}

// Reads a small file of the folder whole, refusing a link, a non-file and more than `limit`
// bytes. Returns nullopt when it does not exist; throws Error(Invalid) with the reason otherwise.
std::optional<std::string> readSmallFile(int dir, std::string_view name, size_t limit) {
    Fd fd(openEntry(dir, std::string(name)));
    if (fd.get() < 0) {
        const int err = errno;
        if (err == ENOENT) return std::nullopt;
        if (err == ELOOP) throw Error(ErrorKind::Invalid, "it is a symbolic link (never followed)");
        throw Error(ErrorKind::Invalid, "cannot read it: " + errnoText(err));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) throw Error(ErrorKind::Invalid, "it is not a plain file");
    if (static_cast<uint64_t>(st.st_size) > limit)
        throw Error(ErrorKind::Invalid, "it has " + std::to_string(st.st_size) + " bytes, more than the " +
                                            std::to_string(limit) + " it may have");
    std::string out;
    std::vector<char> buffer(kReadPiece);
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(ErrorKind::Invalid, "cannot read it: " + errnoText(errno));
        }
        if (n == 0) break;
        out.append(buffer.data(), static_cast<size_t>(n));
        if (out.size() > limit)  // grew since fstat
            throw Error(ErrorKind::Invalid, "it has more than the " + std::to_string(limit) + " bytes it may have");
    }
    return out;
}

// manifest.sig: a few "field: value" lines after a header, so a person can read which key signed
// what, and the recipient can tell an edited manifest from a forged signature:
//   dlkiosk-signature 1
//   algorithm: ed25519
//   signs: manifest.json
//   sha256: <SHA-256 of manifest.json, 64 hex digits>
//   public-key: <32 bytes, 64 hex digits>
//   fingerprint: <as keyFingerprint>
//   signature: <Ed25519 over manifest.json's exact bytes, 128 hex digits>
// Only the signature itself is proof; the sha256 line only names the cause of a failure.
struct SignatureFile {
    std::string manifestSha256;
    std::string publicKey;  // bytes
    std::string signature;  // bytes
};

std::string formatSignatureFile(const std::string& manifest, const SigningKey& key) {
    return std::string(kSignatureHeader) + "\nalgorithm: ed25519\nsigns: " + std::string(kManifestFile) +
           "\nsha256: " + sha256Hex(manifest) + "\npublic-key: " +
           hexEncode(reinterpret_cast<const unsigned char*>(key.publicKey().data()), key.publicKey().size()) +
           "\nfingerprint: " + key.fingerprint() + "\nsignature: " +
           hexEncode(reinterpret_cast<const unsigned char*>(key.sign(manifest).data()), kSignatureBytes) + "\n";
}

// Throws Error(Invalid) "line N: what" for anything but the format above.
SignatureFile parseSignatureFile(std::string_view text) {
    const std::vector<std::string> lines = split(text, '\n');
    const auto fail = [](size_t line, const std::string& what) {
        throw Error(ErrorKind::Invalid, "line " + std::to_string(line) + ": " + what);
    };
    if (lines.empty() || lines[0] != kSignatureHeader)
        fail(1, "not a dlkiosk signature (the first line is not '" + std::string(kSignatureHeader) + "')");
    std::map<std::string, std::string> fields;
    for (size_t i = 1; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (line.empty() && i + 1 == lines.size()) break;  // the final newline
        const size_t colon = line.find(": ");
        if (colon == std::string::npos) fail(i + 1, "not 'field: value'");
        const std::string field = line.substr(0, colon);
        static const std::set<std::string> known = {"algorithm",  "signs",       "sha256",
                                                    "public-key", "fingerprint", "signature"};
        if (!known.count(field)) fail(i + 1, "unknown field '" + shown(field) + "'");
        if (fields.count(field)) fail(i + 1, "'" + field + "' a second time");
        fields[field] = line.substr(colon + 2);
    }
    const auto need = [&](const std::string& field) -> const std::string& {
        const auto it = fields.find(field);
        if (it == fields.end()) fail(lines.size(), "no '" + field + "' line");
        return it->second;
    };
    if (need("algorithm") != "ed25519") fail(2, "the algorithm is '" + shown(need("algorithm")) + "', not ed25519");
    if (need("signs") != kManifestFile) fail(3, "it signs '" + shown(need("signs")) + "', not manifest.json");
    if (!isLowerHex(need("sha256"), 64)) fail(4, "sha256 is not 64 lower-case hex digits");
    if (!isLowerHex(need("public-key"), kSigningPublicKeyBytes * 2))
        fail(5, "public-key is not " + std::to_string(kSigningPublicKeyBytes * 2) + " lower-case hex digits");
    if (!isLowerHex(need("signature"), kSignatureBytes * 2))
        fail(7, "signature is not " + std::to_string(kSignatureBytes * 2) + " lower-case hex digits");
    SignatureFile s;
    s.manifestSha256 = need("sha256");
    s.publicKey = hexDecode(need("public-key"));
    s.signature = hexDecode(need("signature"));
    if (need("fingerprint") != keyFingerprint(s.publicKey)) fail(6, "the fingerprint is not that of public-key");
    return s;
}

// manifest.json, written by hand so that each file is one line a person can read and diff; every
// string goes through the JSON encoder for its escapes.
std::string formatManifest(const std::vector<std::pair<Entry, Digest>>& files, const SigningKey& key) {
    const auto str = [](std::string_view s) { return dumpJson(Json(std::string(s))); };
    std::string out = "{\n";
    out += "  \"format\": " + str(kFormat) + ",\n";
    out += "  \"version\": " + std::to_string(kManifestVersion) + ",\n";
    out += "  \"hash\": \"sha256\",\n";
    out += "  \"signature\": " + str(std::string(kSignatureFile) + ": Ed25519 over this file's exact bytes") + ",\n";
    out += "  \"public_key\": " +
           str(hexEncode(reinterpret_cast<const unsigned char*>(key.publicKey().data()), key.publicKey().size())) +
           ",\n";
    out += "  \"fingerprint\": " + str(key.fingerprint()) + ",\n";
    out += "  \"files\": [";
    for (size_t i = 0; i < files.size(); ++i) {
        const auto& [entry, digest] = files[i];
        out += i == 0 ? "\n" : ",\n";
        out += "    {\"name\": " + str(entry.name) + ", \"size\": " + std::to_string(digest.bytes) +
               ", \"sha256\": " + str(digest.sha256) + "}";
    }
    out += "\n  ]\n}\n";
    return out;
}

}  // namespace

void checkSignableFolder(const std::string& folder) {
    const Fd dir = openFolder(folder);
    (void)signableEntries(dir.get(), folder);
}

SignedManifest writeSignedManifest(const std::string& folder, const SigningKey& key,
                                   const std::map<std::string, FileDigest>& known) {
    if (sodium_init() < 0) throw Error(ErrorKind::Storage, "libsodium could not be initialised");
    const Fd dir = openFolder(folder);
    std::vector<std::pair<Entry, Digest>> files;
    SignedManifest summary;
    for (Entry& e : signableEntries(dir.get(), folder)) {
        const std::string path = folder + "/" + e.name;
        const Fd fd(openEntry(dir.get(), e.name));
        if (fd.get() < 0) {
            const int err = errno;
            if (err == ELOOP)
                throw Error(ErrorKind::Invalid, path + " became a symbolic link while it was being signed");
            throw Error(ErrorKind::Io, path + ": cannot read: " + errnoText(err));
        }
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
            throw Error(ErrorKind::Invalid, path + " is no longer a plain file");
        Digest d;
        if (const auto taken = known.find(e.name); taken != known.end() &&
                                                   static_cast<uint64_t>(st.st_size) == taken->second.bytes &&
                                                   isLowerHex(taken->second.sha256, 64))
            d = taken->second;
        else
            d = digestOf(fd.get(), path);
        if (d.bytes > kManifestMaxFileBytes)
            throw Error(ErrorKind::Invalid, path + " grew over " + std::to_string(kManifestMaxFileBytes) + " bytes");
        summary.bytes += d.bytes;
        files.emplace_back(std::move(e), std::move(d));
    }
    const std::string manifest = formatManifest(files, key);
    if (manifest.size() > kManifestMaxBytes)
        throw Error(ErrorKind::Invalid, folder + ": the manifest would have " + std::to_string(manifest.size()) +
                                            " bytes, more than the " + std::to_string(kManifestMaxBytes) +
                                            " a recipient reads (too many files or too long names)");
    const std::string signature = formatSignatureFile(manifest, key);
    // The old signature goes first: a run cut short between the two renames leaves a manifest
    // without a signature (refused as unsigned), never an old signature over a new list.
    if (::unlinkat(dir.get(), std::string(kSignatureFile).c_str(), 0) != 0 && errno != ENOENT)
        throw Error(ErrorKind::Io,
                    "cannot replace " + folder + "/" + std::string(kSignatureFile) + ": " + errnoText(errno));
    writeAtomically(dir.get(), folder, kManifestTemp, kManifestFile, manifest);
    writeAtomically(dir.get(), folder, kSignatureTemp, kSignatureFile, signature);
    if (::fsync(dir.get()) != 0 && errno != EINVAL)  // the renames themselves reach the disk
        throw Error(ErrorKind::Io, "cannot sync " + folder + ": " + errnoText(errno));
    summary.files = files.size();
    summary.fingerprint = key.fingerprint();
    return summary;
}

std::string_view problemName(ManifestProblem problem) {
    switch (problem) {
        case ManifestProblem::NotSigned:
            return "not signed";
        case ManifestProblem::ManifestUnreadable:
            return "manifest unreadable";
        case ManifestProblem::ManifestChanged:
            return "manifest changed";
        case ManifestProblem::BadSignature:
            return "bad signature";
        case ManifestProblem::OtherKey:
            return "signed with another key";
        case ManifestProblem::UnexpectedKey:
            return "not the expected key";
        case ManifestProblem::UnsafeName:
            return "unsafe name";
        case ManifestProblem::AbsurdSize:
            return "absurd size";
        case ManifestProblem::TooManyFiles:
            return "too many files";
        case ManifestProblem::FileChanged:
            return "file changed";
        case ManifestProblem::FileMissing:
            return "file missing";
        case ManifestProblem::FileAdded:
            return "file added";
        case ManifestProblem::NotAPlainFile:
            return "not a plain file";
    }
    return "unknown";
}

namespace {

struct Listed {
    std::string name;
    uint64_t size = 0;
    std::string sha256;
};

// The "files" of a manifest whose signature verified, each entry checked before any is used.
// Adds findings and returns false when the list cannot be used.
bool readList(const Json& files, std::vector<Listed>& out, std::vector<ManifestFinding>& findings) {
    const std::string where(kManifestFile);
    const auto finding = [&](ManifestProblem p, const std::string& file, const std::string& message) {
        findings.push_back({p, file, message});
    };
    if (!files.is_array()) {
        finding(ManifestProblem::ManifestUnreadable, "", where + ": \"files\" is not a list");
        return false;
    }
    if (files.size() > kManifestMaxFiles) {
        finding(ManifestProblem::TooManyFiles, "",
                where + " lists " + std::to_string(files.size()) + " files, more than the " +
                    std::to_string(kManifestMaxFiles) + " a manifest may list");
        return false;
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string at = where + ": files[" + std::to_string(i) + "]";
        const Json& f = files[i];
        if (!f.is_object() || !f.contains("name") || !f.contains("size") || !f.contains("sha256") || f.size() != 3) {
            finding(ManifestProblem::ManifestUnreadable, "", at + " is not {\"name\", \"size\", \"sha256\"}");
            continue;
        }
        if (!f["name"].is_string()) {
            finding(ManifestProblem::ManifestUnreadable, "", at + ".name is not a string");
            continue;
        }
        const std::string name = f["name"].get<std::string>();
        if (const std::string why = nameProblem(name); !why.empty()) {
            finding(ManifestProblem::UnsafeName, name, at + ".name '" + shown(name) + "' is " + why);
            continue;
        }
        if (!seen.insert(name).second) {
            finding(ManifestProblem::UnsafeName, name, at + ".name '" + shown(name) + "' is listed twice");
            continue;
        }
        const Json& size = f["size"];
        if (!size.is_number_unsigned() || size.get<uint64_t>() > kManifestMaxFileBytes) {
            finding(ManifestProblem::AbsurdSize, name,
                    at + ".size of '" + shown(name) + "' is " + shown(dumpJson(size)) +
                        ", not a whole number of bytes from 0 to " + std::to_string(kManifestMaxFileBytes));
            continue;
        }
        if (!f["sha256"].is_string() || !isLowerHex(f["sha256"].get<std::string>(), 64)) {
            finding(ManifestProblem::ManifestUnreadable, name,
                    at + ".sha256 of '" + shown(name) + "' is not 64 lower-case hex digits");
            continue;
        }
        out.push_back({name, size.get<uint64_t>(), f["sha256"].get<std::string>()});
    }
    return findings.empty();
}

}  // namespace

ManifestVerification verifyManifest(const std::string& folder, const std::optional<std::string>& expectedKey) {
    if (sodium_init() < 0) throw Error(ErrorKind::Storage, "libsodium could not be initialised");
    // The recipient's key first: a typo there is the caller's mistake, not the folder's.
    std::optional<std::string> expected;
    if (expectedKey) {
        expected = canonicalFingerprint(*expectedKey);
        if (!expected)
            throw Error(ErrorKind::Invalid, "'" + shown(*expectedKey) +
                                                "' is not a key fingerprint (8 groups of 4 hex digits, as dlkiosk key "
                                                "prints it) nor a public key (64 hex digits)");
    }
    const Fd dir = openFolder(folder);
    ManifestVerification v;
    const auto finding = [&](ManifestProblem p, const std::string& file, const std::string& message) {
        v.findings.push_back({p, file, message});
    };
    const std::string manifestPath = folder + "/" + std::string(kManifestFile);
    const std::string signaturePath = folder + "/" + std::string(kSignatureFile);

    // 1. The two files, each bounded before it is read.
    std::optional<std::string> manifest, signatureText;
    try {
        manifest = readSmallFile(dir.get(), kManifestFile, kManifestMaxBytes);
    } catch (const Error& e) {
        finding(ManifestProblem::ManifestUnreadable, std::string(kManifestFile), manifestPath + ": " + e.what());
        return v;
    }
    if (!manifest) {
        finding(ManifestProblem::NotSigned, std::string(kManifestFile),
                folder + " holds no " + std::string(kManifestFile) + ": it was not signed");
        return v;
    }
    try {
        signatureText = readSmallFile(dir.get(), kSignatureFile, kSignatureMaxBytes);
    } catch (const Error& e) {
        finding(ManifestProblem::ManifestUnreadable, std::string(kSignatureFile), signaturePath + ": " + e.what());
        return v;
    }
    if (!signatureText) {
        finding(ManifestProblem::NotSigned, std::string(kSignatureFile),
                folder + " holds a manifest but no " + std::string(kSignatureFile) +
                    ": it was not signed, or the signing was cut short");
        return v;
    }

    // 2. The signature, before a byte of the manifest is interpreted.
    SignatureFile sig;
    try {
        sig = parseSignatureFile(*signatureText);
    } catch (const Error& e) {
        finding(ManifestProblem::BadSignature, std::string(kSignatureFile), signaturePath + " " + e.what());
        return v;
    }
    if (sha256Hex(*manifest) != sig.manifestSha256) {
        finding(ManifestProblem::ManifestChanged, std::string(kManifestFile),
                manifestPath + " was changed after it was signed: it is not the manifest manifest.sig signed");
        return v;
    }
    if (!verifySignature(sig.signature, *manifest, sig.publicKey)) {
        finding(ManifestProblem::BadSignature, std::string(kSignatureFile),
                signaturePath + ": the signature does not match manifest.json with the key it names (" +
                    keyFingerprint(sig.publicKey) + "): forged or damaged");
        return v;
    }
    const std::string signedBy = keyFingerprint(sig.publicKey);
    if (expected && *expected != signedBy) {
        finding(ManifestProblem::UnexpectedKey, "",
                folder + " was signed with key " + signedBy + ", not the expected " + *expected +
                    ": it does not come from the school whose key you hold");
        return v;
    }

    // 3. The manifest, which only the key's holder could have written.
    Json m;
    try {
        m = parseJson(*manifest, manifestPath);
    } catch (const Error& e) {
        finding(ManifestProblem::ManifestUnreadable, std::string(kManifestFile), e.what());
        return v;
    }
    if (!m.is_object() || !m.contains("format") || m["format"] != kFormat) {
        finding(ManifestProblem::ManifestUnreadable, std::string(kManifestFile),
                manifestPath + ": \"format\" is not \"" + std::string(kFormat) + "\"");
        return v;
    }
    if (!m.contains("version") || !m["version"].is_number_unsigned() || m["version"] != kManifestVersion) {
        const std::string version = m.contains("version") ? dumpJson(m["version"]) : "none";
        finding(ManifestProblem::ManifestUnreadable, std::string(kManifestFile),
                manifestPath + ": manifest version " + shown(version) + ", this dlkiosk reads version " +
                    std::to_string(kManifestVersion));
        return v;
    }
    const std::string publicKeyHex =
        hexEncode(reinterpret_cast<const unsigned char*>(sig.publicKey.data()), sig.publicKey.size());
    if (!m.contains("public_key") || !m["public_key"].is_string() || m["public_key"] != publicKeyHex) {
        const std::string named = m.contains("public_key") && m["public_key"].is_string() &&
                                          isLowerHex(m["public_key"].get<std::string>(), kSigningPublicKeyBytes * 2)
                                      ? keyFingerprint(hexDecode(m["public_key"].get<std::string>()))
                                      : std::string("no valid key");
        finding(ManifestProblem::OtherKey, std::string(kSignatureFile),
                folder + " was signed with key " + signedBy + ", but its manifest names " + named +
                    ": someone other than the manifest's author signed it");
        return v;
    }
    if (!m.contains("fingerprint") || m["fingerprint"] != signedBy) {
        finding(ManifestProblem::ManifestUnreadable, std::string(kManifestFile),
                manifestPath + ": \"fingerprint\" is not that of \"public_key\"");
        return v;
    }
    v.fingerprint = signedBy;
    std::vector<Listed> listed;
    if (!m.contains("files") || !readList(m["files"], listed, v.findings)) {
        if (v.findings.empty())
            finding(ManifestProblem::ManifestUnreadable, std::string(kManifestFile),
                    manifestPath + " has no \"files\"");
        return v;
    }
    v.files = listed.size();
    for (const Listed& l : listed) v.bytes += l.size;

    // 4. The folder against the list: what is there that was not signed, then each signed file.
    std::set<std::string> names;
    for (const Listed& l : listed) names.insert(l.name);
    // A folder stuffed with files must not make a report of millions of lines: the first ones
    // are named, the rest counted.
    constexpr size_t kMaxNamedExtras = 100;
    size_t extras = 0;
    for (const Entry& e : listFolder(dir.get(), folder)) {
        if (e.name == kManifestFile || e.name == kSignatureFile || names.count(e.name)) continue;
        if (++extras > kMaxNamedExtras) continue;
        const std::string path = folder + "/" + shown(e.name);
        if (e.type == EntryType::Link)
            finding(ManifestProblem::NotAPlainFile, e.name,
                    path + " is a symbolic link, which a signed folder never holds (not followed)");
        else if (e.type == EntryType::Folder)
            finding(ManifestProblem::FileAdded, e.name, path + " is a folder the manifest does not list (added)");
        else
            finding(ManifestProblem::FileAdded, e.name, path + " is not in the manifest: it was added after signing");
    }
    if (extras > kMaxNamedExtras)
        finding(
            ManifestProblem::FileAdded, "",
            folder + " holds " + std::to_string(extras - kMaxNamedExtras) + " more entries the manifest does not list");
    for (const Listed& l : listed) {
        const std::string path = folder + "/" + l.name;
        const Fd fd(openEntry(dir.get(), l.name));
        if (fd.get() < 0) {
            const int err = errno;
            if (err == ENOENT)
                finding(ManifestProblem::FileMissing, l.name, path + " is missing: it was signed but is not there");
            else if (err == ELOOP)
                finding(ManifestProblem::NotAPlainFile, l.name,
                        path + " is a symbolic link where a file was signed (not followed)");
            else
                finding(ManifestProblem::FileChanged, l.name, path + ": cannot read it: " + errnoText(err));
            continue;
        }
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
            finding(ManifestProblem::NotAPlainFile, l.name, path + " is not a plain file, but a file was signed");
            continue;
        }
        if (static_cast<uint64_t>(st.st_size) != l.size) {
            finding(ManifestProblem::FileChanged, l.name,
                    path + " was changed: it has " + std::to_string(st.st_size) + " bytes, " + std::to_string(l.size) +
                        " were signed");
            continue;
        }
        const Digest d = digestOf(fd.get(), path);
        if (d.bytes != l.size || d.sha256 != l.sha256)
            finding(ManifestProblem::FileChanged, l.name,
                    path + " was changed: same size, but its content is not the content signed (SHA-256 differs)");
    }
    return v;
}

}  // namespace dlk
