// The school's signing key (security/signing.h, SchoolStore) and the signed manifest of a folder
// (export/manifest.h): made, sealed, refused when damaged; every kind of tampering refused with
// its own reason; and the commands sign, verify and key through the real dlkiosk.
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "core_test_helpers.h"
#include "export/manifest.h"
#include "kiosk/kiosk_core.h"
#include "school/school_store.h"
#include "security/code_lookup.h"
#include "security/data_key.h"
#include "security/pin_hash.h"
#include "security/pseudonym.h"
#include "security/signing.h"
#include "storage/schema.h"
#include "util/json.h"
#include "util/text.h"

namespace fs = std::filesystem;
using namespace dlk;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000;
constexpr const char* kPin = "246813";

std::string schoolBlob(Database& db, const std::string& column) {
    auto st = db.prepare("SELECT " + column + " FROM school WHERE id=1");
    REQUIRE(st.step());
    return st.isNull(0) ? std::string() : st.getBlob(0);
}

bool isFingerprint(const std::string& s) {
    return std::regex_match(s, std::regex("[0-9a-f]{4}(-[0-9a-f]{4}){7}"));
}

// A signing key without a school (no Argon2id run): a data key of its own, a fresh pair.
struct TestKey {
    DataKey dataKey;
    SigningKeyPair pair;
    std::unique_ptr<SigningKey> key;
    TestKey() {
        dataKey.randomize();
        pair = newSigningKeyPair(dataKey);
        key = std::make_unique<SigningKey>(dataKey, pair.publicKey, pair.sealedSecretKey);
    }
    const SigningKey& operator*() const { return *key; }
};

std::string hex(std::string_view bytes) {
    return hexEncode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string sha256Of(std::string_view bytes) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return hexEncode(out, sizeof out);
}

// manifest.sig for `manifest` as written by `signer`, naming `namedKey` (the signer's own by
// default): what someone holding a key writes by hand, to reach the checks after the signature.
std::string signatureFile(const std::string& manifest, const SigningKey& signer, const std::string& namedKey = {}) {
    const std::string key = namedKey.empty() ? signer.publicKey() : namedKey;
    return "dlkiosk-signature 1\nalgorithm: ed25519\nsigns: manifest.json\nsha256: " + sha256Of(manifest) +
           "\npublic-key: " + hex(key) + "\nfingerprint: " + keyFingerprint(key) +
           "\nsignature: " + hex(signer.sign(manifest)) + "\n";
}

// A manifest with `files` (already JSON: the inside of the list), signed by `signer`.
void writeHandSigned(const fs::path& folder, const std::string& files, const SigningKey& signer) {
    const std::string manifest =
        "{\"format\": \"dlkiosk-manifest\", \"version\": 1, \"hash\": \"sha256\", "
        "\"signature\": \"manifest.sig\", \"public_key\": \"" +
        hex(signer.publicKey()) + "\", \"fingerprint\": \"" + signer.fingerprint() + "\", \"files\": [" + files + "]}";
    dlk::test::writeFile(folder / "manifest.json", manifest);
    dlk::test::writeFile(folder / "manifest.sig", signatureFile(manifest, signer));
}

// A folder as an export leaves it: a few CSVs, an empty file, a binary file larger than one read
// piece (64 KiB), a name with an accent.
fs::path exportLikeFolder(const dlk::test::TempDir& dir) {
    const fs::path f = dir.path() / "export";
    dlk::test::writeFile(f / "responses.csv", "pupil,item,score\np1,i1,1\np2,i1,0\n");
    dlk::test::writeFile(f / "scores.csv", "pupil,score\np1,1\np2,0\n");
    dlk::test::writeFile(f / "empty.txt", "");
    dlk::test::writeFile(f / "r\xc3\xa9sum\xc3\xa9.txt", "caf\xc3\xa9\n");
    std::string big(300'000, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) % 251);
    dlk::test::writeFile(f / "workbook.xlsx", big);
    return f;
}

std::vector<ManifestProblem> problemsOf(const ManifestVerification& v) {
    std::vector<ManifestProblem> out;
    for (const auto& f : v.findings) out.push_back(f.problem);
    return out;
}

std::string findingsText(const ManifestVerification& v) {
    std::string s;
    for (const auto& f : v.findings) s += std::string(problemName(f.problem)) + ": " + f.message + "\n";
    return s;
}

// The one finding of `v`, which must be of `problem` about `file`.
void requireOnly(const ManifestVerification& v, ManifestProblem problem, const std::string& file) {
    INFO(findingsText(v));
    REQUIRE(v.findings.size() == 1);
    CHECK(v.findings[0].problem == problem);
    CHECK(v.findings[0].file == file);
    CHECK_FALSE(v.ok());
}

// Replaces one byte of the file at `offset` (same size).
void flipByte(const fs::path& p, size_t offset) {
    std::string bytes = dlk::test::readFile(p);
    REQUIRE(offset < bytes.size());
    bytes[offset] = static_cast<char>(bytes[offset] ^ 0x01);
    dlk::test::writeFile(p, bytes);
}

// A school as dlkiosk before schema 8 left it: data key, sealed secret, but no signing key.
void makeSchema6School(Database& db, const std::string& secret) {
    migrateSchema(db, 6);
    DataKey key;
    key.randomize();
    const std::string salt = newKeySalt();
    const std::string wrapped = wrapDataKey(key, kPin, salt);
    const std::string sealed = sealWith(key, secret);
    const std::string codeSalt = newCodeSalt();
    auto st = db.prepare(
        "INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at, key_salt, wrapped_data_key, "
        "pseudonym_key_sealed, code_salt) VALUES (1, 'De Vlinder', ?, x'', '2026', ?, ?, ?, ?)");
    st.bind(1, hashPin(kPin)).bindBlob(2, salt.data(), salt.size()).bindBlob(3, wrapped.data(), wrapped.size());
    st.bindBlob(4, sealed.data(), sealed.size()).bindBlob(5, codeSalt.data(), codeSalt.size());
    st.run();
}

}  // namespace

// --- The school's key pair.

TEST_CASE("signing: a new school gets a key pair - the public half readable without a PIN - the secret only with it") {
    Database db(":memory:");
    migrateSchema(db);
    SchoolStore school(db);
    CHECK(dlk::test::errorOf([&] { (void)school.signingPublicKey(); })->kind() == ErrorKind::NotFound);
    school.setUpSchool("De Vlinder", kPin, kT0);
    const std::string publicKey = school.signingPublicKey();
    CHECK(publicKey.size() == kSigningPublicKeyBytes);
    CHECK(isFingerprint(keyFingerprint(publicKey)));
    // The sealed secret holds neither the secret nor, as libsodium's secret key would, the public key.
    const std::string sealed = schoolBlob(db, "signing_secret_key_sealed");
    CHECK(sealed.size() == crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES);
    CHECK(sealed.find(publicKey) == std::string::npos);
    {
        const auto key = school.signingKey();  // unlocked by the set-up
        CHECK(key->publicKey() == publicKey);
        const std::string signature = key->sign("manifest");
        CHECK(verifySignature(signature, "manifest", publicKey));
        CHECK_FALSE(verifySignature(signature, "manifesT", publicKey));
    }
    school.lock();
    CHECK(school.signingPublicKey() == publicKey);  // no PIN needed: `dlkiosk key`
    const auto locked = dlk::test::errorOf([&] { (void)school.signingKey(); });
    REQUIRE(locked);
    CHECK(locked->kind() == ErrorKind::Auth);
    CHECK(dlk::test::contains(locked->what(), "the teacher's PIN is needed to sign"));
    CHECK(school.checkPin("111111", kT0).result == PinCheck::Wrong);
    CHECK(dlk::test::errorOf([&] { (void)school.signingKey(); })->kind() == ErrorKind::Auth);
    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    CHECK(school.signingKey()->publicKey() == publicKey);
    // A new PIN rewraps the data key; the signing key stays the school's.
    school.changePin("135799");
    school.lock();
    REQUIRE(school.checkPin("135799", kT0).result == PinCheck::Ok);
    CHECK(school.signingKey()->publicKey() == publicKey);
    // Two schools never share a key.
    Database other(":memory:");
    migrateSchema(other);
    SchoolStore second(other);
    second.setUpSchool("De Vlinder", kPin, kT0);
    CHECK(second.signingPublicKey() != publicKey);
}

TEST_CASE("signing: a schema-6 school gets its key pair at the first PIN - after a wrong PIN still none") {
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    fs::create_directories(data);
    const std::string secret = "0123456789abcdef-oude-sleutel-32";
    {
        Database db((data / "dlkiosk.db").string());
        makeSchema6School(db, secret);
    }
    KioskCore core(data.string(), DLK_SOURCE_ITEMS);  // migrates to schema 8
    SchoolStore& school = core.school();
    CHECK(schoolBlob(core.db(), "signing_public_key").empty());
    const auto before = dlk::test::errorOf([&] { (void)school.signingPublicKey(); });
    REQUIRE(before);
    CHECK(before->kind() == ErrorKind::NotFound);
    CHECK(dlk::test::contains(before->what(), "it is made at the teacher's next PIN"));
    CHECK(school.checkPin("111111", kT0).result == PinCheck::Wrong);
    CHECK(schoolBlob(core.db(), "signing_public_key").empty());

    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    const std::string publicKey = school.signingPublicKey();
    CHECK(publicKey.size() == kSigningPublicKeyBytes);
    CHECK(school.signingKey()->publicKey() == publicKey);
    CHECK(school.pseudonymKey() == secret);  // nothing else changed
    // Made once: the next PIN opens the same pair, never a new one.
    school.lock();
    REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
    CHECK(school.signingPublicKey() == publicKey);
    // And it survives a restart of the kiosk.
    KioskCore again(data.string(), DLK_SOURCE_ITEMS);
    CHECK(again.school().signingPublicKey() == publicKey);
}

TEST_CASE("signing: a schema-3 school with its secret in plain gets its key pair with the sealing at the first PIN") {
    dlk::test::TempDir dir;
    const fs::path data = dir.path() / "data";
    fs::create_directories(data);
    const std::string secret = "0123456789abcdef-oude-sleutel-32";
    {
        Database db((data / "dlkiosk.db").string());
        migrateSchema(db, 3);
        auto st =
            db.prepare("INSERT INTO school(id, name, pin_hash, pseudonym_key, created_at) VALUES (1, ?, ?, ?, ?)");
        st.bind(1, "De Vlinder").bind(2, hashPin(kPin)).bindBlob(3, secret.data(), secret.size()).bind(4, "2026");
        st.run();
    }
    KioskCore core(data.string(), DLK_SOURCE_ITEMS);
    REQUIRE(core.school().checkPin(kPin, kT0).result == PinCheck::Ok);
    CHECK(core.school().pseudonymKey() == secret);
    CHECK(core.school().signingKey()->publicKey() == core.school().signingPublicKey());
}

TEST_CASE("signing: a changed sealed key or public key is refused as damaged - never signs with another key") {
    Database db(":memory:");
    migrateSchema(db);
    {
        SchoolStore school(db);
        school.setUpSchool("De Vlinder", kPin, kT0);
    }
    const auto refusal = [&](const std::string& says) {
        SchoolStore school(db);
        REQUIRE(school.checkPin(kPin, kT0).result == PinCheck::Ok);
        const auto e = dlk::test::errorOf([&] { (void)school.signingKey(); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Corrupt);
        CHECK_MESSAGE(dlk::test::contains(e->what(), says), e->what());
    };
    SUBCASE("one byte of the sealed key") {
        // Flipped, not overwritten: a byte set to a fixed value is unchanged when it already had that value.
        std::string sealed = schoolBlob(db, "signing_secret_key_sealed");
        REQUIRE(sealed.size() > 30);
        sealed[30] = static_cast<char>(sealed[30] ^ 0x01);
        auto st = db.prepare("UPDATE school SET signing_secret_key_sealed=? WHERE id=1");
        st.bindBlob(1, sealed.data(), sealed.size());
        st.run();
        refusal("the sealed signing key does not open with the data key");
    }
    SUBCASE("the sealed key cut short") {
        db.exec("UPDATE school SET signing_secret_key_sealed = substr(signing_secret_key_sealed, 1, 20) WHERE id=1");
        refusal("the sealed signing key is too short");
    }
    SUBCASE("the sealed key of another school") {
        Database other(":memory:");
        migrateSchema(other);
        SchoolStore second(other);
        second.setUpSchool("De Rups", kPin, kT0);
        const std::string foreign = schoolBlob(other, "signing_secret_key_sealed");
        auto st = db.prepare("UPDATE school SET signing_secret_key_sealed=? WHERE id=1");
        st.bindBlob(1, foreign.data(), foreign.size());
        st.run();
        refusal("does not open with the data key");
    }
    SUBCASE("the public key replaced by another") {
        TestKey other;
        auto st = db.prepare("UPDATE school SET signing_public_key=? WHERE id=1");
        st.bindBlob(1, other.pair.publicKey.data(), other.pair.publicKey.size());
        st.run();
        refusal("the stored signing public key does not belong to the sealed signing key");
    }
    SUBCASE("the sealed key gone") {
        db.exec("UPDATE school SET signing_secret_key_sealed = NULL WHERE id=1");
        refusal("a public signing key but no sealed secret key");
    }
}

TEST_CASE("signing: a fingerprint is read as typed - any case - with or without hyphens - or from the public key") {
    TestKey key;
    const std::string fp = keyFingerprint(key.pair.publicKey);
    REQUIRE(isFingerprint(fp));
    CHECK(fp == key.key->fingerprint());
    std::string upper = fp;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    CHECK(canonicalFingerprint(upper) == fp);
    std::string bare = fp;
    bare.erase(std::remove(bare.begin(), bare.end(), '-'), bare.end());
    CHECK(canonicalFingerprint(bare) == fp);
    CHECK(canonicalFingerprint(" " + fp.substr(0, 9) + " " + fp.substr(10)) == fp);
    CHECK(canonicalFingerprint(hex(key.pair.publicKey)) == fp);
    CHECK_FALSE(canonicalFingerprint(fp.substr(0, 38)));
    CHECK_FALSE(canonicalFingerprint(fp + "0"));
    CHECK_FALSE(canonicalFingerprint("zz" + fp.substr(2)));
    CHECK_FALSE(canonicalFingerprint(""));
    CHECK(dlk::test::errorOf([] { (void)keyFingerprint("short"); })->kind() == ErrorKind::Invalid);
}

// --- The signed manifest.

TEST_CASE("manifest: a signed folder verifies - lists every file with size and SHA-256 - and names the key") {
    dlk::test::TempDir dir;
    const fs::path f = exportLikeFolder(dir);
    TestKey key;
    const SignedManifest s = writeSignedManifest(f.string(), *key);
    CHECK(s.files == 5);
    CHECK(s.bytes == fs::file_size(f / "responses.csv") + fs::file_size(f / "scores.csv") + 6 + 300'000);
    CHECK(s.fingerprint == key.key->fingerprint());

    const std::string manifest = dlk::test::readFile(f / "manifest.json");
    const Json m = Json::parse(manifest);
    CHECK(m["format"] == "dlkiosk-manifest");
    CHECK(m["version"] == 1);
    CHECK(m["public_key"] == hex(key.pair.publicKey));
    CHECK(m["fingerprint"] == s.fingerprint);
    REQUIRE(m["files"].size() == 5);
    std::vector<std::string> names;
    for (const auto& e : m["files"]) names.push_back(e["name"].get<std::string>());
    CHECK(std::is_sorted(names.begin(), names.end()));
    for (const auto& e : m["files"]) {
        const std::string bytes = dlk::test::readFile(f / e["name"].get<std::string>());
        CHECK(e["size"] == bytes.size());
        CHECK(e["sha256"] == sha256Of(bytes));  // libsodium's SHA-256 of the whole file, computed apart
    }
    // The signature is Ed25519 over manifest.json's exact bytes, with the key the manifest names.
    const std::string sig = dlk::test::readFile(f / "manifest.sig");
    const auto at = sig.find("signature: ");
    REQUIRE(at != std::string::npos);
    std::string signature;
    for (size_t i = at + 11; i + 1 < at + 11 + 128; i += 2)
        signature += static_cast<char>(std::stoi(sig.substr(i, 2), nullptr, 16));
    CHECK(verifySignature(signature, manifest, key.pair.publicKey));
    // Private like the export it covers.
    struct stat st {};
    REQUIRE(::stat((f / "manifest.json").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    ManifestVerification v = verifyManifest(f.string());
    CHECK_MESSAGE(v.ok(), findingsText(v));
    CHECK(v.fingerprint == s.fingerprint);
    CHECK(v.files == 5);
    CHECK(v.bytes == s.bytes);
    v = verifyManifest(f.string(), s.fingerprint);
    CHECK_MESSAGE(v.ok(), findingsText(v));
    v = verifyManifest(f.string(), hex(key.pair.publicKey));
    CHECK_MESSAGE(v.ok(), findingsText(v));

    // Signing again after a change replaces both files, and the new state verifies.
    dlk::test::writeFile(f / "events.csv", "pupil,kind\n");
    CHECK(verifyManifest(f.string()).findings.size() == 1);
    CHECK(writeSignedManifest(f.string(), *key).files == 6);
    v = verifyManifest(f.string(), s.fingerprint);
    CHECK_MESSAGE(v.ok(), findingsText(v));
    // No temporary file left behind.
    for (const auto& e : fs::directory_iterator(f))
        CHECK(e.path().filename().string().find(".part") == std::string::npos);
}

TEST_CASE("manifest: a digest taken before is used when the size agrees - else the file is read") {
    dlk::test::TempDir dir;
    const fs::path f = exportLikeFolder(dir);
    TestKey key;
    const std::string responses = dlk::test::readFile(f / "responses.csv");
    const auto listed = [&]() -> std::string {
        const Json manifest = Json::parse(dlk::test::readFile(f / "manifest.json"));
        for (const auto& e : manifest["files"])
            if (e["name"] == "responses.csv") return e["sha256"].get<std::string>();
        return "";
    };
    // A digest taken before (as an export's BulkFile hashes what it writes), right: the same manifest as reading the
    // file gives.
    const FileDigest taken{responses.size(), sha256Of(responses)};  // libsodium's, computed apart
    writeSignedManifest(f.string(), *key, {{"responses.csv", taken}});
    CHECK(listed() == sha256Of(responses));
    CHECK_MESSAGE(verifyManifest(f.string()).ok(), findingsText(verifyManifest(f.string())));
    // A digest of other bytes of the same size is taken as given (the file is not read): the manifest lists it, and
    // verify, which reads every file, names the file.
    const std::string other(responses.size(), 'x');
    writeSignedManifest(f.string(), *key, {{"responses.csv", {responses.size(), sha256Of(other)}}});
    CHECK(listed() == sha256Of(other));
    requireOnly(verifyManifest(f.string()), ManifestProblem::FileChanged, "responses.csv");
    // The file no longer has the size written (or the digest is no digest): it is read.
    writeSignedManifest(f.string(), *key, {{"responses.csv", {responses.size() + 1, sha256Of(other)}}});
    CHECK(listed() == sha256Of(responses));
    writeSignedManifest(f.string(), *key, {{"responses.csv", {responses.size(), "not hex"}}});
    CHECK(listed() == sha256Of(responses));
    CHECK_MESSAGE(verifyManifest(f.string()).ok(), findingsText(verifyManifest(f.string())));
}

TEST_CASE("manifest: each kind of tampering is refused with its own reason and the file it concerns") {
    dlk::test::TempDir dir;
    const fs::path f = exportLikeFolder(dir);
    TestKey key, stranger;
    writeSignedManifest(f.string(), *key);
    REQUIRE(verifyManifest(f.string()).ok());

    SUBCASE("one byte of a file changed - same size") {
        flipByte(f / "workbook.xlsx", 200'000);
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::FileChanged, "workbook.xlsx");
        CHECK(dlk::test::contains(v.findings[0].message, "workbook.xlsx was changed: same size"));
        CHECK(v.fingerprint == key.key->fingerprint());  // the signature itself is intact
    }
    SUBCASE("a file truncated") {
        fs::resize_file(f / "responses.csv", 10);
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::FileChanged, "responses.csv");
        CHECK(dlk::test::contains(v.findings[0].message, "it has 10 bytes"));
    }
    SUBCASE("a file added") {
        dlk::test::writeFile(f / "extra.csv", "pupil\n");
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::FileAdded, "extra.csv");
        CHECK(dlk::test::contains(v.findings[0].message, "extra.csv is not in the manifest"));
    }
    SUBCASE("a folder added") {
        fs::create_directories(f / "more");
        requireOnly(verifyManifest(f.string()), ManifestProblem::FileAdded, "more");
    }
    SUBCASE("a file removed") {
        fs::remove(f / "scores.csv");
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::FileMissing, "scores.csv");
        CHECK(dlk::test::contains(v.findings[0].message, "scores.csv is missing"));
    }
    SUBCASE("several at once - each named") {
        fs::remove(f / "scores.csv");
        flipByte(f / "responses.csv", 3);
        dlk::test::writeFile(f / "extra.csv", "x\n");
        const auto v = verifyManifest(f.string());
        INFO(findingsText(v));
        CHECK(problemsOf(v) == std::vector<ManifestProblem>{ManifestProblem::FileAdded, ManifestProblem::FileChanged,
                                                            ManifestProblem::FileMissing});
    }
    SUBCASE("the manifest edited to match a changed file") {
        const std::string oldHash = sha256Of(dlk::test::readFile(f / "scores.csv"));
        flipByte(f / "scores.csv", 2);
        std::string manifest = dlk::test::readFile(f / "manifest.json");
        const auto at = manifest.find(oldHash);
        REQUIRE(at != std::string::npos);
        manifest.replace(at, 64, sha256Of(dlk::test::readFile(f / "scores.csv")));
        dlk::test::writeFile(f / "manifest.json", manifest);
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::ManifestChanged, "manifest.json");
        CHECK(dlk::test::contains(v.findings[0].message, "manifest.json was changed after it was signed"));
        CHECK(v.fingerprint.empty());
    }
    SUBCASE("the manifest edited and its sha256 line too - the signature fails") {
        std::string manifest = dlk::test::readFile(f / "manifest.json");
        manifest.replace(manifest.find("\"size\": 6"), 9, "\"size\": 7");
        dlk::test::writeFile(f / "manifest.json", manifest);
        std::string sig = dlk::test::readFile(f / "manifest.sig");
        const auto at = sig.find("sha256: ") + 8;
        sig.replace(at, 64, sha256Of(manifest));
        dlk::test::writeFile(f / "manifest.sig", sig);
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::BadSignature, "manifest.sig");
        CHECK(dlk::test::contains(v.findings[0].message, "forged or damaged"));
    }
    SUBCASE("a signature from another key over the same manifest") {
        const std::string manifest = dlk::test::readFile(f / "manifest.json");
        dlk::test::writeFile(f / "manifest.sig", signatureFile(manifest, *stranger));
        auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::OtherKey, "manifest.sig");
        CHECK(dlk::test::contains(v.findings[0].message, "signed with key " + stranger.key->fingerprint()));
        CHECK(dlk::test::contains(v.findings[0].message, "its manifest names " + key.key->fingerprint()));
        // With the school's fingerprint the recipient is told it is not the school's key.
        v = verifyManifest(f.string(), key.key->fingerprint());
        requireOnly(v, ManifestProblem::UnexpectedKey, "");
    }
    SUBCASE("another key's signature that claims to be the school's") {
        const std::string manifest = dlk::test::readFile(f / "manifest.json");
        dlk::test::writeFile(f / "manifest.sig", signatureFile(manifest, *stranger, key.pair.publicKey));
        requireOnly(verifyManifest(f.string()), ManifestProblem::BadSignature, "manifest.sig");
    }
    SUBCASE("everything re-signed with another key - only the expected fingerprint tells") {
        flipByte(f / "scores.csv", 2);
        writeSignedManifest(f.string(), *stranger);
        auto v = verifyManifest(f.string());
        CHECK(v.ok());  // intact as signed, but by someone else: the caller shows this fingerprint
        CHECK(v.fingerprint == stranger.key->fingerprint());
        v = verifyManifest(f.string(), key.key->fingerprint());
        requireOnly(v, ManifestProblem::UnexpectedKey, "");
        CHECK(dlk::test::contains(v.findings[0].message, "not the expected " + key.key->fingerprint()));
    }
    SUBCASE("the signature damaged") {
        std::string sig = dlk::test::readFile(f / "manifest.sig");
        const auto at = sig.find("signature: ") + 11;
        sig[at] = sig[at] == 'a' ? 'b' : 'a';
        dlk::test::writeFile(f / "manifest.sig", sig);
        requireOnly(verifyManifest(f.string()), ManifestProblem::BadSignature, "manifest.sig");
    }
    SUBCASE("manifest.sig not in its format") {
        dlk::test::writeFile(f / "manifest.sig", "-----BEGIN PGP SIGNATURE-----\n");
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::BadSignature, "manifest.sig");
        CHECK(dlk::test::contains(v.findings[0].message, "manifest.sig line 1: not a dlkiosk signature"));
    }
    SUBCASE("manifest.sig removed") {
        fs::remove(f / "manifest.sig");
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::NotSigned, "manifest.sig");
    }
    SUBCASE("manifest.json removed") {
        fs::remove(f / "manifest.json");
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::NotSigned, "manifest.json");
        CHECK(dlk::test::contains(v.findings[0].message, "holds no manifest.json: it was not signed"));
    }
    SUBCASE("the expected fingerprint is another school's") {
        const auto v = verifyManifest(f.string(), stranger.key->fingerprint());
        requireOnly(v, ManifestProblem::UnexpectedKey, "");
        CHECK(dlk::test::contains(v.findings[0].message, "was signed with key " + key.key->fingerprint()));
    }
    SUBCASE("an expected key that is no fingerprint is the caller's mistake") {
        const auto e = dlk::test::errorOf([&] { (void)verifyManifest(f.string(), std::string("1234-abcd")); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
    }
    SUBCASE("a symbolic link added - never followed") {
        fs::create_symlink("/etc/passwd", f / "passwd");
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::NotAPlainFile, "passwd");
        CHECK(dlk::test::contains(v.findings[0].message, "is a symbolic link"));
    }
    SUBCASE("a signed file replaced by a link to a copy with the same bytes - never followed") {
        fs::copy_file(f / "scores.csv", dir.path() / "scores-copy.csv");
        fs::remove(f / "scores.csv");
        fs::create_symlink(dir.path() / "scores-copy.csv", f / "scores.csv");
        requireOnly(verifyManifest(f.string()), ManifestProblem::NotAPlainFile, "scores.csv");
    }
    SUBCASE("a FIFO where a file was signed - refused without waiting on it") {
        fs::remove(f / "scores.csv");
        REQUIRE(::mkfifo((f / "scores.csv").c_str(), 0600) == 0);
        requireOnly(verifyManifest(f.string()), ManifestProblem::NotAPlainFile, "scores.csv");
    }
    SUBCASE("manifest.json as a link to a signed manifest elsewhere") {
        fs::rename(f / "manifest.json", dir.path() / "manifest.json");
        fs::create_symlink(dir.path() / "manifest.json", f / "manifest.json");
        const auto v = verifyManifest(f.string());
        requireOnly(v, ManifestProblem::ManifestUnreadable, "manifest.json");
        CHECK(dlk::test::contains(v.findings[0].message, "symbolic link"));
    }
}

TEST_CASE("manifest: a hostile manifest - even correctly signed - is refused before any file is opened by it") {
    dlk::test::TempDir dir;
    const fs::path f = dir.path() / "bundle";
    dlk::test::writeFile(f / "a.csv", "a\n");
    // A real file outside the folder, with its real hash: listing it must not make it verify.
    dlk::test::writeFile(dir.path() / "secret.txt", "geheim\n");
    const std::string secretHash = sha256Of("geheim\n");
    const std::string aHash = sha256Of("a\n");
    TestKey key;
    const auto entry = [](const std::string& nameJson, const std::string& size, const std::string& hash) {
        return "{\"name\": " + nameJson + ", \"size\": " + size + ", \"sha256\": \"" + hash + "\"}";
    };
    const auto refused = [&](const std::string& files, ManifestProblem problem, const std::string& says) {
        writeHandSigned(f, files, *key);
        const auto v = verifyManifest(f.string());
        INFO(findingsText(v));
        REQUIRE_FALSE(v.ok());
        CHECK(v.findings[0].problem == problem);
        CHECK(dlk::test::contains(v.findings[0].message, says));
    };
    // The hand-signed manifest itself is accepted when it is sound.
    writeHandSigned(f, entry("\"a.csv\"", "2", aHash), *key);
    REQUIRE_MESSAGE(verifyManifest(f.string()).ok(), findingsText(verifyManifest(f.string())));

    refused(entry("\"../secret.txt\"", "7", secretHash), ManifestProblem::UnsafeName, "folder separator");
    refused(entry("\"/etc/passwd\"", "7", secretHash), ManifestProblem::UnsafeName, "an absolute path");
    refused(entry("\"sub/a.csv\"", "2", aHash), ManifestProblem::UnsafeName, "folder separator");
    refused(entry("\"sub\\\\a.csv\"", "2", aHash), ManifestProblem::UnsafeName, "folder separator");
    refused(entry("\"..\"", "2", aHash), ManifestProblem::UnsafeName, "not a file");
    refused(entry("\".\"", "2", aHash), ManifestProblem::UnsafeName, "not a file");
    refused(entry("\"\"", "2", aHash), ManifestProblem::UnsafeName, "an empty name");
    refused(entry("\"a\\u0000.csv\"", "2", aHash), ManifestProblem::UnsafeName, "control character");
    refused(entry("\"a\\n.csv\"", "2", aHash), ManifestProblem::UnsafeName, "control character");
    refused(entry("\"manifest.sig\"", "2", aHash), ManifestProblem::UnsafeName, "the manifest's own name");
    refused(entry("\"" + std::string(300, 'x') + "\"", "2", aHash), ManifestProblem::UnsafeName, "300 bytes");
    refused(entry("\"a.csv\"", "2", aHash) + "," + entry("\"a.csv\"", "2", aHash), ManifestProblem::UnsafeName,
            "listed twice");
    refused(entry("\"a.csv\"", "-1", aHash), ManifestProblem::AbsurdSize, "not a whole number of bytes");
    refused(entry("\"a.csv\"", "2.5", aHash), ManifestProblem::AbsurdSize, "not a whole number of bytes");
    refused(entry("\"a.csv\"", "1e30", aHash), ManifestProblem::AbsurdSize, "not a whole number of bytes");
    refused(entry("\"a.csv\"", "18446744073709551615", aHash), ManifestProblem::AbsurdSize, "18446744073709551615");
    refused(entry("\"a.csv\"", "\"2\"", aHash), ManifestProblem::AbsurdSize, "not a whole number of bytes");
    refused(entry("\"a.csv\"", "2", "ABC"), ManifestProblem::ManifestUnreadable, "not 64 lower-case hex digits");
    refused("{\"name\": \"a.csv\"}", ManifestProblem::ManifestUnreadable, "files[0] is not");
    refused("[1, 2]", ManifestProblem::ManifestUnreadable, "files[0] is not");
    std::string many;
    for (size_t i = 0; i <= kManifestMaxFiles; ++i) many += (i ? "," : "") + entry("\"f\"", "0", aHash);
    refused(many, ManifestProblem::TooManyFiles, "more than the 10000");

    SUBCASE("not JSON - or not the manifest format - or a newer version") {
        const auto signedText = [&](const std::string& manifest) {
            dlk::test::writeFile(f / "manifest.json", manifest);
            dlk::test::writeFile(f / "manifest.sig", signatureFile(manifest, *key));
            return verifyManifest(f.string());
        };
        auto v = signedText("{\"format\": ");
        REQUIRE_FALSE(v.ok());
        CHECK(v.findings[0].problem == ManifestProblem::ManifestUnreadable);
        CHECK(dlk::test::contains(v.findings[0].message, "manifest.json"));
        v = signedText("{\"format\": \"other\"}");
        REQUIRE_FALSE(v.ok());
        CHECK(v.findings[0].problem == ManifestProblem::ManifestUnreadable);
        v = signedText("{\"format\": \"dlkiosk-manifest\", \"version\": 2}");
        REQUIRE_FALSE(v.ok());
        CHECK(dlk::test::contains(v.findings[0].message, "manifest version 2, this dlkiosk reads version 1"));
    }
    SUBCASE("a manifest over the size limit is not read") {
        dlk::test::writeFile(f / "manifest.json", std::string(kManifestMaxBytes + 1, ' '));
        const auto v = verifyManifest(f.string());
        REQUIRE_FALSE(v.ok());
        CHECK(v.findings[0].problem == ManifestProblem::ManifestUnreadable);
        CHECK(dlk::test::contains(v.findings[0].message, "more than the 4194304"));
    }
    SUBCASE("a signature file over its size limit is not read") {
        dlk::test::writeFile(f / "manifest.sig", std::string(kSignatureMaxBytes + 1, 'x'));
        const auto v = verifyManifest(f.string());
        REQUIRE_FALSE(v.ok());
        CHECK(v.findings[0].problem == ManifestProblem::ManifestUnreadable);
    }
}

TEST_CASE("manifest: 1000 mutated manifests - each correctly signed - are verified or refused - never a crash") {
    dlk::test::TempDir dir;
    const fs::path f = dir.path() / "bundle";
    dlk::test::writeFile(f / "a.csv", "a\n");
    dlk::test::writeFile(f / "b.csv", "bb\n");
    TestKey key;
    writeSignedManifest(f.string(), *key);
    const std::string original = dlk::test::readFile(f / "manifest.json");
    // Byte flips, insertions of JSON's own characters and cuts, from a fixed seed: signed by the
    // key's holder, so each reaches the manifest's reader, the check a forger cannot reach.
    uint64_t state = 20261204;
    const auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<size_t>(state >> 33);
    };
    const std::string alphabet = "{}[]\",:.-/0123456789eE\\u\n\x00\xff ";
    int accepted = 0;
    for (int i = 0; i < 1000; ++i) {
        std::string m = original;
        for (size_t edits = 1 + next() % 4; edits > 0 && !m.empty(); --edits) {
            const size_t at = next() % m.size();
            switch (next() % 3) {
                case 0:
                    m[at] = static_cast<char>(next() % 256);
                    break;
                case 1:
                    m.insert(at, 1, alphabet[next() % alphabet.size()]);
                    break;
                default:
                    m.erase(at, 1 + next() % 8);
            }
        }
        // New files rather than truncated ones: ext4 syncs a file rewritten after truncation on close.
        fs::remove(f / "manifest.json");
        fs::remove(f / "manifest.sig");
        dlk::test::writeFile(f / "manifest.json", m);
        dlk::test::writeFile(f / "manifest.sig", signatureFile(m, *key));
        ManifestVerification v;
        CHECK_NOTHROW(v = verifyManifest(f.string(), key.key->fingerprint()));
        if (v.ok()) {
            ++accepted;  // a mutation JSON reads as the same list (white space, a key order)
            CHECK(v.files == 2);
        }
        for (const auto& finding : v.findings) CHECK_FALSE(finding.message.empty());
    }
    MESSAGE("mutations that still verified: " << accepted);
    CHECK(accepted < 1000);
}

TEST_CASE("manifest: signing refuses a link - a subfolder - a FIFO - an empty folder - and writes nothing") {
    dlk::test::TempDir dir;
    const fs::path f = dir.path() / "export";
    dlk::test::writeFile(f / "a.csv", "a\n");
    TestKey key;
    const auto refused = [&](const std::string& says) {
        const auto e = dlk::test::errorOf([&] { (void)writeSignedManifest(f.string(), *key); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Invalid);
        CHECK_MESSAGE(dlk::test::contains(e->what(), says), e->what());
        CHECK(dlk::test::errorOf([&] { checkSignableFolder(f.string()); }));
        CHECK_FALSE(fs::exists(f / "manifest.json"));
        CHECK_FALSE(fs::exists(f / "manifest.sig"));
    };
    SUBCASE("a symbolic link") {
        fs::create_symlink("/etc/hostname", f / "hostname");
        refused("hostname is a symbolic link");
    }
    SUBCASE("a subfolder") {
        fs::create_directories(f / "sub");
        refused("sub is a folder");
    }
    SUBCASE("a FIFO") {
        REQUIRE(::mkfifo((f / "pipe").c_str(), 0600) == 0);
        refused("pipe is not a plain file");
    }
    SUBCASE("a name with a control character") {
        dlk::test::writeFile(f / "a\nb.csv", "x");
        refused("a\\x0ab.csv: cannot be signed: a name with a control character");
    }
    SUBCASE("a name that is not UTF-8") {
        dlk::test::writeFile(f / "caf\xe9.csv", "x");
        refused("a name that is not UTF-8");
    }
    SUBCASE("nothing to sign") {
        fs::remove(f / "a.csv");
        refused("holds no files to sign");
    }
    SUBCASE("a folder that does not exist") {
        const auto e = dlk::test::errorOf([&] { (void)writeSignedManifest((dir.path() / "nope").string(), *key); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::NotFound);
        CHECK(dlk::test::contains(e->what(), "no such folder"));
    }
}

// --- The commands.

namespace {
struct Ran {
    int code = -1;
    std::string out, err;
};
Ran dlkiosk(const dlk::test::TempDir& dir, const std::string& arguments, const std::string& input = "") {
    const std::string out = dir.file("out.txt"), err = dir.file("err.txt");
    const std::string command =
        "printf '" + input + "' | '" + DLK_BINARY + "' " + arguments + " >'" + out + "' 2>'" + err + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    return {WEXITSTATUS(status), dlk::test::readFile(out), dlk::test::readFile(err)};
}
}  // namespace

TEST_CASE("signing cli: key prints the fingerprint - sign needs the PIN - verify says OK or names what changed") {
    const dlk::test::TempDir dir;
    const std::string data = dir.file("data"), folder = dir.file("export");
    const std::string items = std::string(" --items '") + DLK_SOURCE_ITEMS + "'";
    Ran r = dlkiosk(dir, "demo --data '" + data + "'" + items + " --pupils 2 --pin 975310");
    REQUIRE_MESSAGE(r.code == 0, r.err);
    dlk::test::writeFile(folder + "/responses.csv", "pupil,item,score\np1,i1,1\n");
    dlk::test::writeFile(folder + "/items.csv", "item\ni1\n");

    r = dlkiosk(dir, "key --data '" + data + "'" + items);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const std::string fingerprint = trim(r.out);
    CHECK(isFingerprint(fingerprint));

    r = dlkiosk(dir, "sign --data '" + data + "'" + items + " '" + folder + "'");
    CHECK(r.code == 1);
    CHECK(dlk::test::contains(r.err, "sign needs the teacher's PIN on standard input"));
    CHECK_FALSE(fs::exists(folder + "/manifest.json"));
    r = dlkiosk(dir, "sign --data '" + data + "'" + items + " '" + folder + "'", "123456\\n");
    CHECK(r.code == 1);
    CHECK(dlk::test::contains(r.err, "the teacher's PIN is not correct; nothing was signed"));
    CHECK_FALSE(fs::exists(folder + "/manifest.json"));
    r = dlkiosk(dir, "sign --data '" + data + "'" + items + " '" + folder + "'", "975310\\n");
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "signed 2 files"));
    CHECK(dlk::test::contains(r.out, "with key " + fingerprint));

    r = dlkiosk(dir, "verify '" + folder + "'");
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "OK: " + folder + ": 2 files"));
    CHECK(dlk::test::contains(r.out, "signed by key " + fingerprint));
    CHECK(dlk::test::contains(r.err, "compare the key with the fingerprint the school gave you"));
    r = dlkiosk(dir, "verify '" + folder + "' --key " + fingerprint);
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(r.err.empty());
    r = dlkiosk(dir, "verify '" + folder + "' --key 0000-0000-0000-0000-0000-0000-0000-0000");
    CHECK(r.code == 1);
    CHECK(dlk::test::contains(r.err, "not the expected 0000-0000-0000-0000-0000-0000-0000-0000"));
    CHECK(dlk::test::contains(r.err, "NOT VERIFIED"));
    r = dlkiosk(dir, "verify '" + folder + "' --key 12345");
    CHECK(r.code == 2);
    CHECK(dlk::test::contains(r.err, "--key takes the fingerprint dlkiosk key prints"));

    dlk::test::writeFile(folder + "/responses.csv", "pupil,item,score\np1,i1,0\n");
    r = dlkiosk(dir, "verify '" + folder + "' --key " + fingerprint);
    CHECK(r.code == 1);
    CHECK(dlk::test::contains(r.err, folder + "/responses.csv was changed"));
    CHECK(dlk::test::contains(r.err, "NOT VERIFIED: " + folder + " (1 problem(s))"));
    CHECK(r.out.empty());
}
