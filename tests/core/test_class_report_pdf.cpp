// The printed class report and feedback sheets (print/class_report_pdf.h, results/report_figures.h
// and `dlkiosk report`): the PDFs' text read back with pdftotext (poppler-utils), pages with
// pdfinfo; the privacy rule at 5 and 6 finished pupils; a demo class of 30 through the command.
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
#include "print/class_report_pdf.h"
#include "results/report_figures.h"
#include "support/translator.h"
#include "util/text.h"

namespace {

namespace fs = std::filesystem;
using dlk::test::contains;
using dlk::test::havePoppler;
using dlk::test::pdfPages;
using dlk::test::shell;
using dlk::test::TempDir;

// The text in reading order, without the layout's runs of spaces, so a wrapped sentence can be
// found as long as it does not cross a line.
std::string pdfText(const std::string& pdf, const TempDir& capture) {
    int status = 0;
    const std::string text = shell("pdftotext '" + pdf + "' -", capture, &status);
    REQUIRE(status == 0);
    return text;
}

// Text of one page (1-based).
std::string pageText(const std::string& pdf, int page, const TempDir& capture) {
    return shell("pdftotext -f " + std::to_string(page) + " -l " + std::to_string(page) + " '" + pdf + "' -", capture);
}

// The level table the kiosk reads (assets/irt/levels.csv), scale "total".
std::vector<dlk::ProficiencyLevel> bundledLevels() {
    const auto table = dlk::LevelTable::load(std::string(DLK_SOURCE_ITEMS) + "/../assets/irt/levels.csv");
    return table.levels("total");
}

// A finished pupil with `percent`% in every domain (10 points each) and, when scaled, a level.
dlk::PupilReport finishedPupil(int n, int points, std::optional<int> level) {
    dlk::PupilReport p;
    p.result.pupilId = n;
    char code[16];
    std::snprintf(code, sizeof code, "KQ%02d-M%03d", n % 100, n);
    p.result.code = code;
    p.result.displayName = "Naam" + std::to_string(n) + " Achternaam";
    p.result.status = dlk::AttemptStatus::Finished;
    for (auto& d : p.result.domains) d = {static_cast<double>(points), 10};
    if (level) {
        dlk::ScaleScore s;
        s.score = 400 + 80 * *level;
        s.se = 30;
        s.margin95 = dlk::kZ95 * 30;
        s.level = dlk::LevelPlacement{*level, 0.6, *level, *level, {}};
        p.scale = s;
    }
    return p;
}

// A class of `finished` finished pupils (levels 0..4 in turn, points 2, 4, 6, 8, 10 in turn), a
// pupil still busy and one who has not started.
dlk::ReportPaper paperOf(int finished, bool scaled) {
    dlk::ReportPaper paper;
    paper.schoolName = "OBS De Regenboog";
    paper.className = "Groep 7b";
    paper.date = "2026-12-04";
    paper.report.scaled = scaled;
    paper.report.provisional = scaled;
    if (scaled) paper.levels = bundledLevels();
    for (int i = 1; i <= finished; ++i)
        paper.report.pupils.push_back(
            finishedPupil(i, 2 * (1 + (i - 1) % 5), scaled ? std::optional<int>((i - 1) % 5) : std::nullopt));
    paper.report.finished = finished;
    dlk::PupilReport busy = finishedPupil(900, 3, std::nullopt);
    busy.result.status = dlk::AttemptStatus::InProgress;
    busy.result.awaitingTeacher = 2;
    busy.result.domains[3] = {0, 0};  // not reached the CT module yet
    paper.report.pupils.push_back(busy);
    dlk::PupilReport idle = finishedPupil(901, 0, std::nullopt);
    idle.result.status = dlk::AttemptStatus::NotStarted;
    for (auto& d : idle.result.domains) d = {0, 0};
    paper.report.pupils.push_back(idle);
    dlk::addClassFigures(paper.report, paper.levels.size());
    return paper;
}

}  // namespace

TEST_CASE("report figures: per domain and per level only for 6 finished pupils or more") {
    dlk::ReportPaper five = paperOf(5, true), six = paperOf(6, true);
    const auto& f5 = five.report.domains;
    const auto& f6 = six.report.domains;
    for (size_t d = 0; d < 4; ++d) {
        CHECK(f5[d].pupils == 5);  // the busy pupil does not count
        CHECK_FALSE(f5[d].percent);
        CHECK(f5[d].withheld == dlk::Withheld::SmallGroup);
        CHECK(f6[d].pupils == 6);
        // Points 2, 4, 6, 8, 10, 2 of 10: a mean of 53.33% rounds to 53.
        REQUIRE(f6[d].percent);
        CHECK(*f6[d].percent == 53);
    }
    CHECK(five.report.levels.withheld == dlk::Withheld::SmallGroup);
    CHECK(five.report.levels.pupils == 5);
    const auto& dist = six.report.levels;
    REQUIRE(dist.withheld == dlk::Withheld::No);
    std::vector<int> counts;
    for (const auto& c : dist.levels) counts.push_back(c.pupils);
    CHECK(counts == std::vector<int>{2, 1, 1, 1, 1});
    // A pupil's share, rounded; none for a domain the pupil was not given.
    CHECK(dlk::domainPercent(six.report.pupils[0].result.domains[static_cast<size_t>(dlk::Domain::Media)]) == 20);
    CHECK_FALSE(
        dlk::domainPercent(six.report.pupils[6].result.domains[static_cast<size_t>(dlk::Domain::Computational)]));
    CHECK(dlk::domainBand(39) == dlk::DomainBand::Practise);
    CHECK(dlk::domainBand(40) == dlk::DomainBand::OnTheWay);
    CHECK(dlk::domainBand(70) == dlk::DomainBand::Strong);
}

TEST_CASE("class report pdf: statistics withheld for 5 finished pupils and given for 6 - codes not names") {
    if (!havePoppler()) DLK_SKIP("pdftotext/pdfinfo (poppler-utils) are not installed");
    TempDir dir, capture;
    const std::string pdf5 = dir.file("five.pdf"), pdf6 = dir.file("six.pdf");
    CHECK(dlk::writeClassReportPdf(paperOf(5, true), pdf5).pupils == 7);
    const std::string five = pdfText(pdf5, capture);
    CHECK(contains(five, "Klasrapport"));
    CHECK(contains(five, "Groep 7b"));
    CHECK(contains(five, "OBS De Regenboog"));
    CHECK(contains(five, "2026-12-04"));
    CHECK(contains(five, "niet getoond: 5 leerlingen klaar, cijfers pas vanaf 6"));
    CHECK(contains(five, "Niet getoond: 5 leerlingen met een niveau"));
    CHECK_FALSE(contains(five, "60%"));  // the five's mean
    CHECK(dlk::writeClassReportPdf(paperOf(6, true), pdf6).pupils == 8);
    const std::string six = pdfText(pdf6, capture);
    CHECK_FALSE(contains(six, "niet getoond"));
    CHECK_FALSE(contains(six, "Niet getoond"));
    CHECK(contains(six, "53%"));
    CHECK(contains(six, "Aantal leerlingen per niveau (6 leerlingen die klaar zijn)"));
    // Every pupil by code, never by name; the table's notes and the levels in plain words.
    for (const auto& p : paperOf(6, true).report.pupils) {
        CAPTURE(p.result.code);
        CHECK(contains(six, p.result.code));
        CHECK_FALSE(contains(six, p.result.displayName));
    }
    CHECK(contains(six, "nog niet beoordeeld: 2 antwoorden"));
    CHECK(contains(six, "Wat betekenen de niveaus?"));
    CHECK(contains(six, "Onder niveau 1"));
    CHECK(contains(six, "Zoekt zelfstandig informatie in meerdere bronnen"));
    CHECK(contains(six, "VOORLOPIG"));
    // The pages hold the owner's pupils' codes: the file is the owner's only, and nothing else is left.
    struct stat st {};
    REQUIRE(::stat(pdf6.c_str(), &st) == 0);
    CHECK((st.st_mode & 077) == 0);
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 2);

    // With names, when asked; without a calibrated bank the report says so.
    dlk::ReportPaper named = paperOf(6, false);
    named.withNames = true;
    const std::string pdfNamed = dir.file("named.pdf");
    dlk::writeClassReportPdf(named, pdfNamed);
    const std::string text = pdfText(pdfNamed, capture);
    CHECK(contains(text, "Naam3 Achternaam"));
    CHECK(contains(text, "De itembank is nog niet gekalibreerd"));
    CHECK_FALSE(contains(text, "Schaalscore"));
}

TEST_CASE("class report pdf: a class of 40 breaks over pages with the header on each") {
    if (!havePoppler()) DLK_SKIP("pdftotext/pdfinfo (poppler-utils) are not installed");
    TempDir dir, capture;
    const std::string pdf = dir.file("forty.pdf");
    const dlk::PrintSummary s = dlk::writeClassReportPdf(paperOf(40, true), pdf);
    CHECK(s.pupils == 42);
    CHECK(s.pages >= 2);
    CHECK(pdfPages(pdf, capture) == s.pages);
    for (int page = 1; page <= s.pages; ++page) {
        const std::string text = pageText(pdf, page, capture);
        CAPTURE(page);
        CHECK(contains(text, "pagina " + std::to_string(page) + " van " + std::to_string(s.pages)));
        CHECK(contains(text, "Groep 7b"));
    }
    // The pupils' table goes on over a page break with its header again.
    int headed = 0;
    for (int page = 1; page <= s.pages; ++page)
        if (contains(pageText(pdf, page, capture), "Leerling\n")) ++headed;
    CHECK(headed >= 2);
    const std::string all = pdfText(pdf, capture);
    for (const auto& p : paperOf(40, true).report.pupils) CHECK(contains(all, p.result.code));
}

TEST_CASE("feedback sheets pdf: a page per pupil who started - advice per domain - one pupil - refusals") {
    if (!havePoppler()) DLK_SKIP("pdftotext/pdfinfo (poppler-utils) are not installed");
    TempDir dir, capture;
    const dlk::ReportPaper paper = paperOf(6, true);
    const std::string pdf = dir.file("sheets.pdf");
    const dlk::PrintSummary s = dlk::writeFeedbackSheetsPdf(paper, pdf);
    CHECK(s.pupils == 7);  // six finished and the busy one; not the one who never started
    CHECK(s.pages == 7);
    CHECK(pdfPages(pdf, capture) == 7);
    // Pupil 1: 2 of 10 everywhere (practise), level 0; pupil 5: 10 of 10 (strong), level 4.
    const std::string first = pageText(pdf, 1, capture);
    CHECK(contains(first, "Jouw resultaten"));
    CHECK(contains(first, "KQ01-M001"));
    CHECK_FALSE(contains(first, "KQ02-M002"));
    CHECK_FALSE(contains(first, "Naam1"));
    CHECK(contains(first, "20%"));
    CHECK(contains(first, "Onder niveau 1"));
    CHECK(contains(first, "Je leert nog hoe je de computer zelf als hulpmiddel gebruikt."));
    CHECK(contains(first, "Dat is een goed begin."));
    CHECK(contains(first, "Tip:"));
    const std::string fifth = pageText(pdf, 5, capture);
    CHECK(contains(fifth, "100%"));
    CHECK(contains(fifth, "Niveau 4"));
    CHECK(contains(fifth, "Leg eens aan iemand uit hoe je nepnieuws herkent."));
    // The busy pupil: not finished, answers awaiting the teacher, a domain not done yet, no level.
    const std::string busy = pageText(pdf, 7, capture);
    CHECK(contains(busy, "Je bent nog niet klaar met alle onderdelen."));
    CHECK(contains(busy, "Je leerkracht kijkt nog 2 antwoorden na."));
    CHECK(contains(busy, "nog niet gemaakt"));
    CHECK(contains(busy, "Dit onderdeel heb je nog niet gemaakt."));
    CHECK_FALSE(contains(busy, "Jouw niveau"));
    // One answer is one, not "1 antwoorden".
    dlk::ReportPaper single = paper;
    single.report.pupils[6].result.awaitingTeacher = 1;
    const std::string singlePdf = dir.file("single.pdf");
    dlk::writeFeedbackSheetsPdf(single, singlePdf, 900);
    CHECK(contains(pdfText(singlePdf, capture), "Je leerkracht kijkt nog 1 antwoord na."));
    dlk::writeClassReportPdf(single, singlePdf);
    CHECK(contains(pdfText(singlePdf, capture), "nog niet beoordeeld: 1 antwoord (telt"));

    // One pupil, found by the code as typed.
    const dlk::PupilReport* who = dlk::findPupil(paper, "kq05 m005");
    REQUIRE(who);
    CHECK(who->result.pupilId == 5);
    CHECK_FALSE(dlk::findPupil(paper, "ZZZZ-ZZZZ"));
    const std::string one = dir.file("one.pdf");
    CHECK(dlk::writeFeedbackSheetsPdf(paper, one, 5).pages == 1);
    CHECK(contains(pdfText(one, capture), "KQ05-M005"));
    // Refused: a pupil who never started, one not in the class, a class without pupils. No file.
    auto e = dlk::test::errorOf([&] { dlk::writeFeedbackSheetsPdf(paper, dir.file("idle.pdf"), 901); });
    REQUIRE(e);
    CHECK(e->kind() == dlk::ErrorKind::Invalid);
    CHECK(contains(e->what(), "has not started yet"));
    e = dlk::test::errorOf([&] { dlk::writeFeedbackSheetsPdf(paper, dir.file("none.pdf"), 4711); });
    REQUIRE(e);
    CHECK(e->kind() == dlk::ErrorKind::NotFound);
    dlk::ReportPaper empty = paper;
    empty.report.pupils.clear();
    e = dlk::test::errorOf([&] { dlk::writeClassReportPdf(empty, dir.file("empty.pdf")); });
    REQUIRE(e);
    CHECK(e->kind() == dlk::ErrorKind::Invalid);
    e = dlk::test::errorOf([&] { dlk::writeClassReportPdf(paper, dir.file("missing/r.pdf")); });
    REQUIRE(e);
    CHECK(e->kind() == dlk::ErrorKind::Io);
    CHECK(contains(e->what(), dir.file("missing")));
    CHECK_FALSE(fs::exists(dir.file("idle.pdf")));
    CHECK_FALSE(fs::exists(dir.file("none.pdf")));
    CHECK_FALSE(fs::exists(dir.file("empty.pdf")));
}

TEST_CASE("class report pdf: hostile names and codes neither break the PDF nor show control characters") {
    if (!havePoppler()) DLK_SKIP("pdftotext/pdfinfo (poppler-utils) are not installed");
    TempDir dir, capture;
    dlk::ReportPaper paper = paperOf(6, true);
    paper.withNames = true;
    paper.className = std::string("Groep\n7b\xff") + std::string(400, 'x');
    paper.report.pupils[0].result.displayName =
        std::string("Bad\xff\xfe name\nwith\tcontrols\x7f") + std::string(500, 'y');
    const std::string pdf = dir.file("hostile.pdf");
    REQUIRE(dlk::writeClassReportPdf(paper, pdf).pages >= 1);
    REQUIRE(dlk::writeFeedbackSheetsPdf(paper, dir.file("hostile-sheets.pdf")).pages == 7);
    const std::string text = pdfText(pdf, capture);
    CHECK(contains(text, "Bad"));
    CHECK(contains(text, "…"));
    CHECK_FALSE(contains(text, "\x7f"));
}

TEST_CASE("dlkiosk report: a demo class of 30 in under 2 s - sheets - one pupil - refusals write nothing") {
    if (!havePoppler()) DLK_SKIP("pdftotext/pdfinfo (poppler-utils) are not installed");
    TempDir work, capture;
    const std::string W = work.str(), bin = DLK_BINARY;
    int status = 0;
    const std::string demo = shell("'" + bin + "' demo --data '" + W + "/data' --pupils 30 --pin 135790 --items '" +
                                       DLK_SOURCE_ITEMS + "' 2>/dev/null",
                                   capture, &status);
    REQUIRE(status == 0);
    const auto lines = dlk::split(demo, '\n');
    REQUIRE(lines.size() >= 31);
    const std::string cls = lines[0];
    const std::string report = "'" + bin + "' report --data '" + W + "/data' --class '" + cls + "' ";

    // The time of the whole process (fastestOfThree: the best of up to three runs).
    const double target = 2.0 * dlk::test::kSlowdown;
    const double seconds = fastestOfThree(
        "dlkiosk report, class of 30, whole process", target,
        "echo 135790 | " + report + "--out '" + W + "/report.pdf' 2>'" + W + "/err.txt'", capture, W + "/err.txt");
    CHECK(seconds < target);
    CHECK(contains(dlk::test::readFile(W + "/err.txt"), "class report of 30 pupils on"));
    const std::string text = pdfText(W + "/report.pdf", capture);
    for (size_t i = 1; i <= 30; ++i) {
        const auto fields = dlk::split(lines[i], '\t');
        REQUIRE(fields.size() == 2);
        CHECK(contains(text, fields[0]));
        CHECK_FALSE(contains(text, fields[1]));
    }
    // The demo bank is calibrated (provisionally): the level distribution and the levels explained.
    CHECK(contains(text, "Aantal leerlingen per niveau"));
    CHECK(contains(text, "Wat betekenen de niveaus?"));
    CHECK(contains(text, "Aantal leerlingen per niveau, per domein"));

    const double sheetsSeconds = fastestOfThree(
        "dlkiosk report --sheets, class of 30, whole process", target,
        "echo 135790 | " + report + "--sheets --names --lang en --out '" + W + "/sheets.pdf' 2>/dev/null", capture);
    CHECK(sheetsSeconds < target);
    CHECK(pdfPages(W + "/sheets.pdf", capture) == 30);
    const std::string sheets = pdfText(W + "/sheets.pdf", capture);
    CHECK(contains(sheets, "Your results"));
    CHECK(contains(sheets, "What went well:"));
    for (size_t i = 1; i <= 30; ++i) CHECK(contains(sheets, dlk::split(lines[i], '\t')[1]));

    const std::string code = dlk::split(lines[7], '\t')[0];
    shell("echo 135790 | " + report + "--pupil '" + code + "' --out '" + W + "/one.pdf' 2>/dev/null", capture, &status);
    REQUIRE(status == 0);
    CHECK(pdfPages(W + "/one.pdf", capture) == 1);
    CHECK(contains(pdfText(W + "/one.pdf", capture), code));

    // Refused, with nothing written: a pupil not in the class, a wrong PIN, no PIN, an unknown class.
    shell("echo 135790 | " + report + "--pupil ZZZZ-ZZZZ --out '" + W + "/nobody.pdf' 2>'" + W + "/err.txt'", capture,
          &status);
    CHECK(status == 1);
    CHECK(contains(dlk::test::readFile(W + "/err.txt"), "no pupil with the code 'ZZZZ-ZZZZ' in the class '" + cls));
    shell("echo 999999 | " + report + "--out '" + W + "/wrong.pdf' 2>'" + W + "/err.txt'", capture, &status);
    CHECK(status == 1);
    CHECK(contains(dlk::test::readFile(W + "/err.txt"), "the teacher's PIN is not correct; nothing was written"));
    shell(report + "--out '" + W + "/nopin.pdf' </dev/null 2>'" + W + "/err.txt'", capture, &status);
    CHECK(status == 1);
    CHECK(contains(dlk::test::readFile(W + "/err.txt"), "report needs the teacher's PIN on standard input"));
    shell("'" + bin + "' report --data '" + W + "/data' --class 'Groep 9z' --out '" + W + "/x.pdf' </dev/null 2>'" + W +
              "/err.txt'",
          capture, &status);
    CHECK(status == 1);
    CHECK(contains(dlk::test::readFile(W + "/err.txt"), "no class 'Groep 9z'"));
    CHECK_FALSE(fs::exists(W + "/nobody.pdf"));
    CHECK_FALSE(fs::exists(W + "/wrong.pdf"));
    CHECK_FALSE(fs::exists(W + "/nopin.pdf"));
    CHECK_FALSE(fs::exists(W + "/x.pdf"));
}
