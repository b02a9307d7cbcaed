#pragma once
// The printed class report and the pupils' feedback sheets, as A4 PDFs drawn with Cairo (real,
// embedded DejaVu fonts, so pdftotext and a screen reader read the text).
//
// The class report is the teacher's: the class's share of points per domain, the distribution
// over the levels (when the bank is calibrated), a table of the pupils with raw scores per
// domain and scale score and level, and the levels in plain words. A feedback sheet is a
// pupil's: one page with their profile over the four domains, their level in plain words, and
// per domain what went well and a suggestion. All numbers come from results/ (class_report.h,
// report_figures.h); group figures follow privacy_rules.h and say why they are withheld.
//
// By default pupils appear by code; the teacher's private names only with withNames. The words
// come from tr(), so they are in the language the Translator is set to when the PDF is written.
#include <cstdint>
#include <string>
#include <vector>

#include "irt/reporting_scale.h"
#include "results/class_report.h"

namespace dlk {

class KioskCore;

struct ReportPaper {
    std::string schoolName;
    std::string className;
    std::string date;                      // as printed, e.g. "2026-12-04"
    ClassReport report;                    // with codes and names attached
    std::vector<ProficiencyLevel> levels;  // of the bank's scale; empty without a level table for it
    bool withNames = false;
};

// A class beyond this is a mistake, not a class (as for login cards).
inline constexpr size_t kMaxReportPupils = 2000;

// The paper for a class from the kiosk's records: one scoring pass over the stored answers. Needs
// the store unlocked by the teacher's PIN (codes and names are sealed): Error(Auth) otherwise;
// Error(NotFound) for an unknown class.
ReportPaper reportPaper(KioskCore& core, int64_t classId, bool withNames, const std::string& date);

// The pupil whose code was typed (any case, with or without spaces or hyphen); null for none.
const PupilReport* findPupil(const ReportPaper& paper, const std::string& typedCode);

struct PrintSummary {
    int pupils = 0;  // in the table, or with a sheet
    int pages = 0;
};

// Writes the class report at `path` (private 0600 file, renamed into place only when complete, so
// a failure leaves nothing). Throws Error(Invalid) for a class without pupils or with more than
// kMaxReportPupils, Error(Io) naming the file when it cannot be written.
PrintSummary writeClassReportPdf(const ReportPaper& paper, const std::string& path);

// Writes one feedback page per pupil who has started (all of the class when `pupilId` is 0, else
// only that pupil's). Throws Error(Invalid) when no pupil (or not that pupil) has started yet,
// Error(NotFound) for a pupil not in the class, Error(Io) as above.
PrintSummary writeFeedbackSheetsPdf(const ReportPaper& paper, const std::string& path, int64_t pupilId = 0);

}  // namespace dlk
