// Content packages: a folder and a zip of the same bank load the same model; missing files are
// reported and the rest loads; hostile zips (climbing or absolute names, bombs, lying headers,
// encrypted or linked entries, too many entries) are refused quickly, before anything is inflated,
// and nothing outside the package is touched.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "bank/item_bank.h"
#include "core_test_helpers.h"
#include "model_compare.h"
#include "qti/package.h"
#include "zip_test_helpers.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
using dlk::test::problemsText;
using dlk::test::ZipBuilder;
namespace fs = std::filesystem;

namespace {

// Every path under `dir`, to prove a refused package wrote nothing anywhere.
std::set<std::string> snapshot(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) out.insert(e.path().string());
    return out;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The bundled bank zipped, plus one hostile entry added by `extra`.
template <class F>
fs::path bankZipWith(const dlk::test::TempDir& dir, const std::string& name, F extra) {
    const fs::path zip = dir.path() / name;
    ZipBuilder b(zip);
    b.addFolder(DLK_SOURCE_ITEMS);
    extra(b);
    b.close();
    return zip;
}

// Opens `zip` expecting a refusal: Invalid, naming the package, with `fragment`, in well under a second.
void checkRefused(const dlk::test::TempDir& dir, const fs::path& zip, const std::string& fragment) {
    const auto before = snapshot(dir.path());
    const auto start = std::chrono::steady_clock::now();
    auto e = errorOf([&] { (void)Package::open(zip.string()); });
    const double seconds = secondsSince(start);
    REQUIRE(e);
    INFO(e->what());
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), zip.string()));
    CHECK(contains(e->what(), fragment));
    CHECK(contains(e->what(), "refused"));
    CHECK(seconds < 1.0);
    // The bank loader gives the same refusal as a whole: no half-trusted package.
    auto bankError = errorOf([&] { (void)ItemBank::load(zip.string()); });
    REQUIRE(bankError);
    CHECK(contains(bankError->what(), fragment));
    CHECK(snapshot(dir.path()) == before);
}

}  // namespace

TEST_CASE("package: a zip of the bundled bank loads the same model as the folder") {
    dlk::test::TempDir dir;
    const fs::path zip = dir.path() / "bank.zip";
    {
        ZipBuilder b(zip);
        b.addFolder(DLK_SOURCE_ITEMS);
        b.close();
    }
    const ItemBank folder = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    const ItemBank zipped = ItemBank::load(zip.string());
    CHECK_MESSAGE(zipped.problems().empty(), problemsText(zipped));
    CHECK(zipped.folder() == zip.string());
    REQUIRE(zipped.package());
    CHECK(zipped.package()->isZip());
    CHECK_FALSE(folder.package()->isZip());
    CHECK(dlk::test::bankDiff(folder, zipped) == "");
    // load() takes a folder too, and gives the same as loadFolder().
    CHECK(dlk::test::bankDiff(folder, ItemBank::load(DLK_SOURCE_ITEMS)) == "");
    // Names are package-relative, so errors read "m01-schoolreis/nl/x.xml:12: ...".
    const Module* m = zipped.findModule("m01-schoolreis");
    REQUIRE(m);
    CHECK(m->variants.at("nl").testPath == "m01-schoolreis/module.nl.xml");
    CHECK(m->variants.at("nl").items[0]->sourcePath == "m01-schoolreis/nl/schoolreis-01-bestandstype.xml");
}

TEST_CASE("package: a zip listing missing files reports them and loads the rest") {
    dlk::test::TempDir dir;
    const fs::path bank = dlk::test::copyBundledBank(dir);
    fs::remove(bank / "m01-schoolreis/en/schoolreis-02-zoekstappen.xml");
    dlk::test::replaceInFile(bank / "m01-schoolreis/nl/schoolreis-05-bronnen.xml", "</qti-assessment-item>", "");
    const fs::path zip = dir.path() / "damaged.zip";
    {
        ZipBuilder b(zip);
        b.addFolder(bank);
        b.close();
    }
    const ItemBank loaded = ItemBank::load(zip.string());
    INFO(problemsText(loaded));
    bool manifestNamesIt = false, lineOfBroken = false;
    for (const auto& p : loaded.problems()) {
        if (p.file == "imsmanifest.xml" && p.line > 0 && contains(p.message, "en/schoolreis-02-zoekstappen.xml") &&
            contains(p.message, "missing"))
            manifestNamesIt = true;
        if (p.file == "m01-schoolreis/nl/schoolreis-05-bronnen.xml" && p.line > 0) lineOfBroken = true;
    }
    CHECK(manifestNamesIt);
    CHECK(lineOfBroken);
    // Both variants have a hole, so the module is left out; the rest of the bank still loads.
    CHECK(loaded.findModule("m01-schoolreis") == nullptr);
    std::set<std::string> expected, ids;
    const ItemBank bundled = ItemBank::loadFolder(DLK_SOURCE_ITEMS);  // alive for the loop (a temporary would not be)
    for (const Module& m : bundled.modules())
        if (m.identifier != "m01-schoolreis") expected.insert(m.identifier);
    for (const Module& m : loaded.modules()) ids.insert(m.identifier);
    CHECK(ids == expected);
}

TEST_CASE("package: paths are normalised - absolute and climbing paths are refused") {
    CHECK(Package::normalise("a/./b//c.xml") == "a/b/c.xml");
    CHECK(Package::normalise("a/../b.xml") == "b.xml");
    CHECK(Package::normalise("a\\b.xml") == "a/b.xml");
    CHECK(Package::resolve("m01/module.nl.xml", "nl/x.xml") == "m01/nl/x.xml");
    CHECK(Package::resolve("m01/module.nl.xml", "../m02/x.xml") == "m02/x.xml");
    CHECK(Package::resolve("imsmanifest.xml", "m01/my%20item.xml#part") == "m01/my item.xml");
    CHECK(Package::resolve("a/b.xml", "./media/c.png") == "a/media/c.png");
    struct Bad {
        std::string from, href, fragment;
    };
    for (const Bad& bad : std::vector<Bad>{{"m01/module.xml", "../../evil.xml", "climbs out"},
                                           {"m01/module.xml", "nl/../../../evil.xml", "climbs out"},
                                           {"m01/module.xml", "..\\..\\evil.xml", "climbs out"},
                                           {"m01/module.xml", "%2e%2e/%2e%2e/evil.xml", "climbs out"},
                                           {"m01/module.xml", "/etc/passwd", "absolute"},
                                           {"m01/module.xml", "file:///etc/passwd", "URL"},
                                           {"m01/module.xml", "C:\\evil.xml", "URL"},
                                           {"m01/module.xml", "https://example.org/x.xml", "URL"}}) {
        CAPTURE(bad.href);
        auto e = errorOf([&] { (void)Package::resolve(bad.from, bad.href); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK(contains(e->what(), bad.fragment));
        CHECK(contains(e->what(), bad.href));
    }
    for (const std::string p : {"../evil.xml", "/etc/passwd", "a/../../b"}) {
        CAPTURE(p);
        auto e = errorOf([&] { (void)Package::normalise(p); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
    }
}

TEST_CASE("package: reading through a package refuses what lies outside it") {
    dlk::test::TempDir dir;
    const fs::path bank = dlk::test::copyBundledBank(dir);
    dlk::test::writeFile(dir.path() / "secret.txt", "geheim");
    fs::create_symlink(dir.path() / "secret.txt", bank / "link.txt");
    const Package pkg = Package::open(bank.string());
    CHECK_FALSE(pkg.isZip());
    CHECK(pkg.exists("m01-schoolreis/module.nl.xml"));
    CHECK_FALSE(pkg.exists("m01-schoolreis/bestaat-niet.xml"));
    CHECK_FALSE(pkg.exists("link.txt"));
    CHECK(pkg.read("imsmanifest.xml").find("<manifest") != std::string::npos);
    auto e = errorOf([&] { (void)pkg.read("link.txt"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "outside the package"));
    e = errorOf([&] { (void)pkg.read("../secret.txt"); });
    REQUIRE(e);
    CHECK(contains(e->what(), "climbs out"));
    e = errorOf([&] { (void)pkg.read("nergens.xml"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::NotFound);
    const auto files = pkg.list();
    CHECK(std::find(files.begin(), files.end(), "m01-schoolreis/nl/schoolreis-01-bestandstype.xml") != files.end());
    CHECK(std::find(files.begin(), files.end(), "link.txt") == files.end());
    CHECK(std::is_sorted(files.begin(), files.end()));
    // A file over 16 MiB is refused before it is read (a sparse file: no 17 MB written).
    { std::ofstream big(bank / "groot.xml"); }
    fs::resize_file(bank / "groot.xml", 17u << 20);
    e = errorOf([&] { (void)pkg.read("groot.xml"); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "16 MiB"));
}

TEST_CASE("package: a missing path and a file that is not a zip are clear errors") {
    dlk::test::TempDir dir;
    auto e = errorOf([&] { (void)Package::open(dir.file("bestaat-niet.zip")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK(contains(e->what(), "bestaat-niet.zip"));
    dlk::test::writeFile(dir.path() / "nep.zip", "dit is geen zip");
    e = errorOf([&] { (void)Package::open(dir.file("nep.zip")); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(contains(e->what(), "not a zip archive"));
}

TEST_CASE("package: a zip entry named ../../evil.xml is refused") {
    dlk::test::TempDir dir;
    fs::create_directories(dir.path() / "a/b");
    const fs::path zip = bankZipWith(dir, "a/b/evil.zip", [](ZipBuilder& b) { b.add("../../evil.xml", "<boos/>"); });
    checkRefused(dir, zip, "'../../evil.xml' climbs out of the package");
    CHECK_FALSE(fs::exists(dir.path() / "evil.xml"));
    // Inside but crafted, and with Windows separators: refused as well.
    const fs::path crafted = bankZipWith(dir, "crafted.zip", [](ZipBuilder& b) { b.add("m01/../x.xml", "<x/>"); });
    checkRefused(dir, crafted, "has a '..' in its path");
    const fs::path windows = bankZipWith(dir, "windows.zip", [](ZipBuilder& b) { b.add("..\\..\\evil.xml", "<x/>"); });
    checkRefused(dir, windows, "climbs out of the package");
}

TEST_CASE("package: a zip entry with an absolute path is refused") {
    dlk::test::TempDir dir;
    const fs::path zip =
        bankZipWith(dir, "absolute.zip", [&](ZipBuilder& b) { b.add(dir.file("evil.xml"), "<boos/>"); });
    checkRefused(dir, zip, "has an absolute path");
    CHECK_FALSE(fs::exists(dir.path() / "evil.xml"));
}

TEST_CASE("package: a zip bomb of 300 MB of zeros is refused before inflating") {
    dlk::test::TempDir dir;
    // 1 + 258 * 1,220,000 zero bytes (315 MB) in 2 MB of real deflate data.
    const uint64_t matches = 1220000;
    const uint64_t size = 1 + 258 * matches;
    const fs::path zip = bankZipWith(dir, "bomb.zip", [&](ZipBuilder& b) {
        b.addDeflated("m01-schoolreis/media/nullen.bin", dlk::test::deflatedZeros(matches), size);
    });
    CHECK(fs::file_size(zip) < 3u << 20);
    checkRefused(dir, zip, "inflate to more than 256 MiB");
}

TEST_CASE("package: the deflate stream that builds the bomb is real deflate") {
    // The generator behind the bomb test, small enough to inflate: 2,581 zeros come out.
    dlk::test::TempDir dir;
    const fs::path zip = dir.path() / "klein.zip";
    const uint64_t size = 1 + 258 * 10;
    {
        ZipBuilder b(zip);
        b.addDeflated("nullen.bin", dlk::test::deflatedZeros(10), size, dlk::test::crc32OfZeros(size));
        b.close();
    }
    CHECK(Package::open(zip.string()).read("nullen.bin") == std::string(size, '\0'));
}

TEST_CASE("package: an entry inflating more than 200 times its size is refused") {
    dlk::test::TempDir dir;
    const fs::path zip = bankZipWith(
        dir, "ratio.zip", [](ZipBuilder& b) { b.add("m01-schoolreis/nullen.xml", std::string(4u << 20, '\0')); });
    checkRefused(dir, zip, "more than 200:1");
    // Small files of one repeated byte are normal and stay readable.
    const fs::path fine = dir.path() / "fine.zip";
    {
        ZipBuilder b(fine);
        b.add("spaties.xml", std::string(100000, ' '));
        b.close();
    }
    CHECK(Package::open(fine.string()).read("spaties.xml").size() == 100000);
}

TEST_CASE("package: an entry whose header lies about its size is stopped while inflating") {
    dlk::test::TempDir dir;
    const fs::path zip = dir.path() / "liegt.zip";
    {
        ZipBuilder b(zip);
        b.add("item.xml", std::string(1u << 20, 'x'));
        b.close();
    }
    // Uncompressed size: offset 22 in the local header, 24 in the central directory.
    dlk::test::patchZipHeaders(zip, "PK\x03\x04", 22, 100);
    dlk::test::patchZipHeaders(zip, "PK\x01\x02", 24, 100);
    const Package pkg = Package::open(zip.string());  // the sizes it claims are harmless
    const auto start = std::chrono::steady_clock::now();
    auto e = errorOf([&] { (void)pkg.read("item.xml"); });
    REQUIRE(e);
    INFO(e->what());
    CHECK(e->kind() == ErrorKind::Invalid);
    CHECK(contains(e->what(), "inflates to more than the 100 bytes its zip header declares"));
    CHECK(secondsSince(start) < 1.0);
}

TEST_CASE("package: an encrypted zip entry is refused") {
    dlk::test::TempDir dir;
    const fs::path zip = bankZipWith(dir, "versleuteld.zip", [](ZipBuilder& b) {
        const zip_uint64_t i = b.add("m01-schoolreis/geheim.xml", "<geheim/>");
        const zip_uint16_t method = zip_encryption_method_supported(ZIP_EM_TRAD_PKWARE, 1) ? ZIP_EM_TRAD_PKWARE
                                    : zip_encryption_method_supported(ZIP_EM_AES_256, 1)   ? ZIP_EM_AES_256
                                                                                           : ZIP_EM_NONE;
        if (method != ZIP_EM_NONE) REQUIRE(zip_file_set_encryption(b.handle(), i, method, "wachtwoord") == 0);
    });
    if (!zip_encryption_method_supported(ZIP_EM_TRAD_PKWARE, 1) &&
        !zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
        // This libzip cannot encrypt: set the "encrypted" flag (bit 0 of the general purpose flags) by hand.
        dlk::test::patchZipHeaders(zip, "PK\x03\x04", 6, 1, 2);
        dlk::test::patchZipHeaders(zip, "PK\x01\x02", 8, 1, 2);
    }
    checkRefused(dir, zip, "is encrypted");
}

TEST_CASE("package: a symbolic link entry is refused") {
    dlk::test::TempDir dir;
    const fs::path zip = bankZipWith(dir, "link.zip", [](ZipBuilder& b) {
        const zip_uint64_t i = b.add("m01-schoolreis/nl/link.xml", "/etc/passwd");
        REQUIRE(zip_file_set_external_attributes(b.handle(), i, 0, ZIP_OPSYS_UNIX, (S_IFLNK | 0777u) << 16) == 0);
    });
    checkRefused(dir, zip, "is a symbolic link");
}

TEST_CASE("package: a zip of 20001 entries is refused") {
    dlk::test::TempDir dir;
    const fs::path zip = dir.path() / "veel.zip";
    {
        ZipBuilder b(zip);
        b.add("imsmanifest.xml", "<manifest/>");
        for (int i = 0; i < 20000; ++i) {
            const zip_uint64_t index = b.add("e/" + std::to_string(i), "");
            zip_set_file_compression(b.handle(), index, ZIP_CM_STORE, 0);
        }
        b.close();
    }
    checkRefused(dir, zip, "20001 entries");
}
