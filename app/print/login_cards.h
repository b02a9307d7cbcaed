#pragma once
// Printed login cards: one card per pupil with the pupil's code, to cut out and hand out, as an
// A4 PDF drawn with Cairo (real, embedded DejaVu fonts, so pdftotext and a screen reader read the
// text). By default a card names no one: the school, the class, the pupil's number in the class and
// the code. The teacher's private names go on the cards only when asked for (withNames).
//
// The cards' words ("nummer", the line under the code, the PDF's title) come from tr(), so they
// are in the language the Translator is set to when the PDF is written.
#include <cstdint>
#include <string>
#include <vector>

namespace dlk {

class SchoolStore;

struct LoginCard {
    std::string code;  // as stored: "ABCD-EF23"
    int numberInClass = 0;
    std::string name;  // the teacher's private name; printed only with LoginCardSheet::withNames
};

struct LoginCardSheet {
    std::string schoolName;
    std::string className;
    std::vector<LoginCard> cards;  // in the order they are printed
    bool withNames = false;
};

// The grid on an A4 page (portrait): 2 columns x 5 rows of 95 x 55 mm cards inside 10 mm margins,
// cut lines dashed around every card.
inline constexpr int kCardColumns = 2;
inline constexpr int kCardRows = 5;
inline constexpr int kCardsPerPage = kCardColumns * kCardRows;

// A class holds at most a few hundred pupils; a sheet beyond this is a mistake, not a class.
inline constexpr size_t kMaxLoginCards = 2000;

struct LoginCardsSummary {
    int cards = 0;
    int pages = 0;
};

// The sheet for a class from the school's records: needs the store unlocked by the teacher's PIN
// (codes and names are sealed at rest), Error(Auth) otherwise; Error(NotFound) for an unknown class.
LoginCardSheet loginCardSheet(SchoolStore& school, int64_t classId, bool withNames);

// Writes the sheet as a PDF at `path`: first to a private (0600: the codes let pupils log in)
// temporary file beside it, renamed over `path` only when complete, so a failure leaves no file
// and no half-written PDF. Throws Error(Invalid) for an empty or oversized sheet and Error(Io)
// naming the file when it cannot be written. Texts that do not fit a card are set smaller, then
// cut with an ellipsis; invalid UTF-8 and control characters are replaced, never drawn.
LoginCardsSummary writeLoginCardsPdf(const LoginCardSheet& sheet, const std::string& path);

}  // namespace dlk
