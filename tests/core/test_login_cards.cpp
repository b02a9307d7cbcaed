// Printed login cards (print/login_cards.h and `dlkiosk cards`): the PDF's text read back with
// pdftotext (poppler-utils), word positions with pdftotext -bbox, pages with pdfinfo.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "core_test_helpers.h"
#include "pdf_test_helpers.h"
#include "print/login_cards.h"
#include "util/text.h"

namespace {

namespace fs = std::filesystem;
using dlk::test::contains;
using dlk::test::havePoppler;
using dlk::test::pdfPages;
using dlk::test::shell;
using dlk::test::TempDir;

std::string pdfText(const std::string& pdf, const TempDir& capture) {
    int status = 0;
    const std::string text = shell("pdftotext -layout '" + pdf + "' -", capture, &status);
    REQUIRE(status == 0);
    return text;
}

struct Word {
    double xMin, yMin, xMax, yMax;
    std::string text;
};

std::vector<Word> pdfWords(const std::string& pdf, const TempDir& capture) {
    const std::string html = shell("pdftotext -bbox '" + pdf + "' -", capture);
    std::vector<Word> words;
    const std::regex word(
        "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>");
    for (std::sregex_iterator it(html.begin(), html.end(), word), end; it != end; ++it)
        words.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]), (*it)[5]});
    return words;
}

dlk::LoginCardSheet sheetOf(int pupils, bool withNames) {
    dlk::LoginCardSheet sheet;
    sheet.schoolName = "OBS De Regenboog";
    sheet.className = "Groep 7b";
    sheet.withNames = withNames;
    for (int i = 1; i <= pupils; ++i) {
        char code[32];
        std::snprintf(code, sizeof code, "KQ%02d-M%03d", i % 100, i);
        sheet.cards.push_back({code, i, "Naam" + std::to_string(i) + " Achternaam"});
    }
    return sheet;
}

// The card grid in points (A4, 10 mm margins, 2 x 5 cards), for the overflow check.
constexpr double kMm = 72.0 / 25.4;
constexpr double kLeft = 10 * kMm, kCardW = (210 - 20) * kMm / 2, kCardH = (297 - 20) * kMm / 5;

}  // namespace

TEST_CASE("login cards: every code on the PDF - no names unless asked - ten cards a page") {
    if (!havePoppler()) DLK_SKIP("pdftotext/pdfinfo (poppler-utils) are not installed");
    TempDir dir, capture;
    const auto sheet = sheetOf(30, false);
    const std::string pdf = dir.file("cards.pdf");
    const dlk::LoginCardsSummary s = dlk::writeLoginCardsPdf(sheet, pdf);
    CHECK(s.cards == 30);
    CHECK(s.pages == 3);
    CHECK(pdfPages(pdf, capture) == 3);
    const std::string text = pdfText(pdf, capture);
    for (const auto& card : sheet.cards) {
        CAPTURE(card.code);
        CHECK(contains(text, card.code));
        CHECK(contains(text, "nummer " + std::to_string(card.numberInClass)));
        CHECK_FALSE(contains(text, card.name));
    }
    CHECK_FALSE(contains(text, "Achternaam"));
    CHECK(contains(text, "OBS De Regenboog"));
    CHECK(contains(text, "Groep 7b"));
    CHECK(contains(text, "Typ deze code op het startscherm."));
    // The codes hold secrets a pupil logs in with: the file is the owner's only.
    struct stat st {};
    REQUIRE(::stat(pdf.c_str(), &st) == 0);
    CHECK((st.st_mode & 077) == 0);
    // Nothing but the PDF is left in the folder (the temporary file was renamed).
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);

    const std::string named = dir.file("named.pdf");
    CHECK(dlk::writeLoginCardsPdf(sheetOf(30, true), named).pages == 3);
    const std::string namedText = pdfText(named, capture);
    for (const auto& card : sheetOf(30, true).cards) CHECK(contains(namedText, card.name));

    CHECK(dlk::writeLoginCardsPdf(sheetOf(10, false), dir.file("ten.pdf")).pages == 1);
    CHECK(dlk::writeLoginCardsPdf(sheetOf(11, false), dir.file("eleven.pdf")).pages == 2);
}

TEST_CASE("login cards: long names and class names shrink or end in an ellipsis inside the card") {
    if (!havePoppler()) DLK_SKIP("pdftotext (poppler-utils) is not installed");
    TempDir dir;
    dlk::LoginCardSheet sheet;
    sheet.schoolName = "Openbare Basisschool voor Daltononderwijs en Ontwikkelingsgericht Leren De Regenboog";
    sheet.className = "Combinatiegroep zeven en acht van meester Jan-Willem en juffrouw Anne-Marieke";
    sheet.withNames = true;
    sheet.cards.push_back(
        {"ABCD-EF23", 3, "Maximiliaan Alexander Christiaan Frederik van Oldenbarnevelt-Wittelsbachstraatsma"});
    // Hostile bytes: invalid UTF-8 and control characters must neither break the PDF nor show.
    sheet.cards.push_back(
        {"HJKM-NP45", 4, std::string("Bad\xff\xfe name\nwith\tcontrols\x7f") + std::string(500, 'x')});
    const std::string pdf = dir.file("long.pdf");
    REQUIRE(dlk::writeLoginCardsPdf(sheet, pdf).pages == 1);
    const std::string text = pdfText(pdf, dir);
    CHECK(contains(text, "ABCD-EF23"));
    CHECK(contains(text, "HJKM-NP45"));
    CHECK(contains(text, "…"));
    // The pupil's number stays whole beside a class name that had to give way.
    CHECK(contains(text, "nummer 3"));
    CHECK(contains(text, "nummer 4"));
    const auto words = pdfWords(pdf, dir);
    REQUIRE(words.size() > 10);
    for (const Word& w : words) {
        CAPTURE(w.text);
        // Both cards are in the first row: every word lies inside its card's column.
        const int column = w.xMin < kLeft + kCardW ? 0 : 1;
        CHECK(w.xMin >= kLeft + column * kCardW);
        CHECK(w.xMax <= kLeft + (column + 1) * kCardW);
        CHECK(w.yMax <= kLeft + kCardH);
    }
}

TEST_CASE("login cards: a refused sheet or folder leaves no file behind") {
    TempDir dir;
    auto e = dlk::test::errorOf([&] { dlk::writeLoginCardsPdf(sheetOf(0, false), dir.file("none.pdf")); });
    REQUIRE(e);
    CHECK(e->kind() == dlk::ErrorKind::Invalid);
    e = dlk::test::errorOf([&] { dlk::writeLoginCardsPdf(sheetOf(3, false), dir.file("missing/cards.pdf")); });
    REQUIRE(e);
    CHECK(e->kind() == dlk::ErrorKind::Io);
    CHECK(contains(e->what(), dir.file("missing")));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("dlkiosk cards: a demo class of 30 in under 2 s - the PIN on standard input - refusals write nothing") {
    if (!havePoppler()) DLK_SKIP("pdftotext/pdfinfo (poppler-utils) are not installed");
    TempDir work, capture;
    const std::string W = work.str(), bin = DLK_BINARY;
    int status = 0;
    const std::string demo = shell("'" + bin + "' demo --data '" + W + "/data' --pupils 30 --pin 135790 --items '" +
                                       DLK_SOURCE_ITEMS + "' 2>/dev/null",
                                   capture, &status);
    REQUIRE(status == 0);
    // The class name, then "code<TAB>name" per pupil.
    const auto lines = dlk::split(demo, '\n');
    REQUIRE(lines.size() >= 31);
    const std::string cls = lines[0];
    const std::string cards = "'" + bin + "' cards --data '" + W + "/data' --class '" + cls + "' ";

    // The time of the whole process (fastestOfThree: the best of up to three runs).
    const double target = 2.0 * dlk::test::kSlowdown;
    const double seconds = fastestOfThree(
        "dlkiosk cards, class of 30, whole process", target,
        "echo 135790 | " + cards + "--out '" + W + "/cards.pdf' 2>'" + W + "/err.txt'", capture, W + "/err.txt");
    CHECK(seconds < target);
    CHECK(pdfPages(W + "/cards.pdf", capture) == 3);
    const std::string text = pdfText(W + "/cards.pdf", capture);
    for (size_t i = 1; i <= 30; ++i) {
        const auto fields = dlk::split(lines[i], '\t');
        REQUIRE(fields.size() == 2);
        CHECK(contains(text, fields[0]));
        CHECK_FALSE(contains(text, fields[1]));
    }
    shell("echo 135790 | " + cards + "--names --lang en --out '" + W + "/named.pdf' 2>/dev/null", capture, &status);
    REQUIRE(status == 0);
    const std::string named = pdfText(W + "/named.pdf", capture);
    for (size_t i = 1; i <= 30; ++i) CHECK(contains(named, dlk::split(lines[i], '\t')[1]));
    CHECK(contains(named, "Type this code on the start screen."));
    CHECK(contains(named, "number 30"));

    // A wrong PIN and no PIN: an error, exit 1, no PDF (the wrong try counts, as on the PIN screen).
    shell("echo 999999 | " + cards + "--out '" + W + "/wrong.pdf' 2>'" + W + "/err.txt'", capture, &status);
    CHECK(status == 1);
    CHECK(contains(dlk::test::readFile(W + "/err.txt"), "the teacher's PIN is not correct; nothing was written"));
    shell(cards + "--out '" + W + "/nopin.pdf' </dev/null 2>'" + W + "/err.txt'", capture, &status);
    CHECK(status == 1);
    CHECK(contains(dlk::test::readFile(W + "/err.txt"), "cards needs the teacher's PIN on standard input"));
    // An unknown class is answered with the classes there are, before any PIN is asked.
    shell("'" + bin + "' cards --data '" + W + "/data' --class 'Groep 9z' --out '" + W + "/x.pdf' </dev/null 2>'" + W +
              "/err.txt'",
          capture, &status);
    CHECK(status == 1);
    const std::string err = dlk::test::readFile(W + "/err.txt");
    CHECK(contains(err, "no class 'Groep 9z'"));
    CHECK(contains(err, "the classes are: " + cls + " (30)"));
    CHECK_FALSE(fs::exists(W + "/wrong.pdf"));
    CHECK_FALSE(fs::exists(W + "/nopin.pdf"));
    CHECK_FALSE(fs::exists(W + "/x.pdf"));
    // An output folder that cannot be written: a clear error, and the folder stays empty.
    fs::create_directories(W + "/ro");
    fs::permissions(W + "/ro", fs::perms::owner_read | fs::perms::owner_exec);
    if (::access((W + "/ro").c_str(), W_OK) != 0) {  // root may write anyway
        shell("echo 135790 | " + cards + "--out '" + W + "/ro/c.pdf' 2>'" + W + "/err.txt'", capture, &status);
        CHECK(status == 1);
        CHECK(contains(dlk::test::readFile(W + "/err.txt"), "is not writable"));
        CHECK(fs::is_empty(W + "/ro"));
    }
}
