// UI translations: GNU .mo catalogues, the fallback to the Dutch msgid, and malformed files.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>

#include "bank/domain.h"
#include "core_test_helpers.h"
#include "support/translator.h"

using namespace dlk;
using dlk::test::contains;
using dlk::test::errorOf;
namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

// The translator is process-wide: every test leaves it in Dutch.
struct BackToDutch {
    ~BackToDutch() { Translator::instance().setLanguage("nl", ""); }
};

// A .mo file built by hand from the GNU format description, in either byte order.
std::string buildMo(const std::vector<std::pair<std::string, std::string>>& entries, bool bigEndian) {
    auto u32 = [&](std::string& out, uint32_t v) {
        for (int k = 0; k < 4; ++k) {
            const int shift = bigEndian ? 24 - 8 * k : 8 * k;
            out.push_back(static_cast<char>((v >> shift) & 0xFF));
        }
    };
    const auto n = static_cast<uint32_t>(entries.size());
    const uint32_t origTable = 28, transTable = origTable + 8 * n;
    uint32_t offset = transTable + 8 * n;
    std::string header, tables, strings;
    u32(header, 0x950412de);
    u32(header, 0);
    u32(header, n);
    u32(header, origTable);
    u32(header, transTable);
    u32(header, 0);
    u32(header, 0);
    std::string orig, trans;
    for (const auto& [id, str] : entries) {
        u32(orig, static_cast<uint32_t>(id.size()));
        u32(orig, offset);
        strings += id + '\0';
        offset += static_cast<uint32_t>(id.size()) + 1;
    }
    for (const auto& [id, str] : entries) {
        u32(trans, static_cast<uint32_t>(str.size()));
        u32(trans, offset);
        strings += str + '\0';
        offset += static_cast<uint32_t>(str.size()) + 1;
    }
    return header + orig + trans + strings;
}

const char* kPo = R"PO(msgid ""
msgstr ""
"Project-Id-Version: dlkiosk-test\n"
"PO-Revision-Date: 2026-11-28 00:00+0000\n"
"Last-Translator: tests\n"
"Language-Team: tests\n"
"Language: xx\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Opslaan"
msgstr "Save"

msgid "Volgende vraag"
msgstr "Next question"

msgid "Één keer"
msgstr "Once"

msgid "Alleen in het Nederlands"
msgstr ""

#, fuzzy
msgid "Nog niet nagekeken"
msgstr "Not yet checked"

msgid "%d vraag"
msgid_plural "%d vragen"
msgstr[0] "%d question"
msgstr[1] "%d questions"
)PO";

// Compiles kPo with msgfmt into <dir>/<lang>.mo.
std::string compilePo(const dlk::test::TempDir& dir, const std::string& lang, const std::string& extra = "") {
    dlk::test::writeFile(dir.file(lang + ".po"), kPo);
    const std::string cmd =
        "msgfmt --check " + extra + " -o '" + dir.file(lang + ".mo") + "' '" + dir.file(lang + ".po") + "'";
    REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
    REQUIRE(fs::exists(dir.file(lang + ".mo")));
    return dir.file(lang + ".mo");
}

}  // namespace

TEST_CASE("translator: the compiled English catalogue parses and translates the domain names") {
    BackToDutch guard;
    dlk::test::TempDir dir;
    std::string localeDir = DLK_BUILD_LOCALE;
    if (!fs::exists(localeDir + "/en.mo")) {
        MESSAGE("no en.mo in " << localeDir << " yet; checking a catalogue compiled here with msgfmt instead");
        dlk::test::writeFile(dir.file("en.po"),
                             "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                             "msgid \"ICT-basisvaardigheden\"\nmsgstr \"Basic ICT skills\"\n\n"
                             "msgid \"Informatievaardigheden\"\nmsgstr \"Information skills\"\n\n"
                             "msgid \"Mediawijsheid\"\nmsgstr \"Media literacy\"\n\n"
                             "msgid \"Computational thinking\"\nmsgstr \"Computational thinking\"\n");
        const std::string cmd = "msgfmt -o '" + dir.file("en.mo") + "' '" + dir.file("en.po") + "'";
        REQUIRE(std::system(cmd.c_str()) == 0);
        localeDir = dir.str();
    }
    const auto table = Translator::parseMo(dlk::test::readFile(localeDir + "/en.mo"), "en.mo");
    CHECK_FALSE(table.empty());
    for (const auto& [id, str] : table) {
        CHECK_FALSE(id.empty());
        CHECK_FALSE(str.empty());
    }
    Translator::instance().setLanguage("en", localeDir);
    CHECK(Translator::instance().language() == "en");
    for (Domain d : kAllDomains) {
        CAPTURE(domainNameNl(d));
        REQUIRE(table.count(domainNameNl(d)));
        CHECK(std::string(tr(domainNameNl(d))) == table.at(domainNameNl(d)));
    }
    CHECK(std::string(tr("ICT-basisvaardigheden")) != "ICT-basisvaardigheden");
    CHECK(std::string(tr("Deze tekst staat in geen enkele catalogus")) == "Deze tekst staat in geen enkele catalogus");
}

TEST_CASE("translator: a catalogue built with msgfmt translates and falls back to the Dutch msgid") {
    BackToDutch guard;
    dlk::test::TempDir dir;
    compilePo(dir, "xx");
    Translator& t = Translator::instance();
    t.setLanguage("xx", dir.str());
    CHECK(t.language() == "xx");
    CHECK(std::string(t.translate("Opslaan")) == "Save");
    CHECK(std::string(tr("Volgende vraag")) == "Next question");
    CHECK(std::string(tr("Één keer")) == "Once");
    CHECK(std::string(tr("%d vraag")) == "%d question");                               // plural entries: the singular
    CHECK(std::string(tr("Alleen in het Nederlands")) == "Alleen in het Nederlands");  // untranslated
    CHECK(std::string(tr("Nog niet nagekeken")) == "Nog niet nagekeken");              // fuzzy: not compiled in
    CHECK(std::string(tr("Onbekend")) == "Onbekend");
    const char* msgid = "Onbekend";
    CHECK(tr(msgid) == msgid);  // the very same text, not a copy
    // Back to Dutch: the msgids themselves, no file needed.
    t.setLanguage("nl", "/bestaat/niet");
    CHECK(t.language() == "nl");
    CHECK(std::string(tr("Opslaan")) == "Opslaan");
}

TEST_CASE("translator: both byte orders of the .mo format parse to the same table") {
    const std::vector<std::pair<std::string, std::string>> entries = {
        {"", "Content-Type: text/plain; charset=UTF-8\n"},      {"Opslaan", "Save"}, {"Vorige", "Previous"},
        {"%d vraag\0%d vragen"s, "%d question\0%d questions"s}, {"Leeg", ""},
    };
    for (bool big : {false, true}) {
        CAPTURE(big);
        const auto table = Translator::parseMo(buildMo(entries, big), "hand.mo");
        CHECK(table.size() == 3);  // the header and the empty translation are skipped
        CHECK(table.at("Opslaan") == "Save");
        CHECK(table.at("Vorige") == "Previous");
        CHECK(table.at("%d vraag") == "%d question");
        CHECK(table.count("Leeg") == 0);
    }
    // msgfmt's big-endian output agrees.
    dlk::test::TempDir dir;
    const auto little = Translator::parseMo(dlk::test::readFile(compilePo(dir, "le", "--endianness=little")), "le.mo");
    const auto big = Translator::parseMo(dlk::test::readFile(compilePo(dir, "be", "--endianness=big")), "be.mo");
    CHECK(little == big);
    CHECK(little.at("Opslaan") == "Save");
}

TEST_CASE("translator: malformed .mo bytes are a Parse error naming the file") {
    auto refused = [](const std::string& bytes, const char* why) {
        CAPTURE(why);
        auto e = errorOf([&] { (void)Translator::parseMo(bytes, "kapot.mo"); });
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Parse);
        CHECK(contains(e->what(), "kapot.mo"));
    };
    refused("", "empty");
    refused("abc", "three bytes");
    refused(std::string(28, '\0'), "no magic number");
    refused("<html>not a catalogue at all</html>", "text");
    const std::string good = buildMo({{"Opslaan", "Save"}, {"Vorige", "Previous"}}, false);
    refused(good.substr(0, 20), "cut inside the header");
    refused(good.substr(0, 40), "cut inside the tables");
    refused(good.substr(0, good.size() - 6), "cut inside the strings");
    std::string huge = good;
    huge[8] = '\xFF';  // count = 255 entries with tables beyond the file
    refused(huge, "count larger than the tables");
    std::string implausible = good;
    implausible[10] = '\x7F';  // count in the millions
    refused(implausible, "implausible count");
    std::string outside = good;
    outside[32] = '\x7F';  // the first msgid's offset far beyond the end
    outside[33] = '\x7F';
    refused(outside, "string offset outside the file");
    CHECK_NOTHROW((void)Translator::parseMo(good, "heel.mo"));
}

TEST_CASE("translator: a missing or malformed catalogue is an error and keeps the current language") {
    BackToDutch guard;
    dlk::test::TempDir dir;
    compilePo(dir, "xx");
    Translator& t = Translator::instance();
    t.setLanguage("xx", dir.str());
    auto e = errorOf([&] { t.setLanguage("fr", dir.str()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Io);
    CHECK(contains(e->what(), "fr.mo"));
    CHECK(t.language() == "xx");
    CHECK(std::string(tr("Opslaan")) == "Save");
    dlk::test::writeFile(dir.file("yy.mo"), "dit is geen catalogus maar wel lang genoeg om te lezen");
    e = errorOf([&] { t.setLanguage("yy", dir.str()); });
    REQUIRE(e);
    CHECK(e->kind() == ErrorKind::Parse);
    CHECK(t.language() == "xx");
    CHECK(std::string(tr("Opslaan")) == "Save");
}
