#include "print/login_cards.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "print/pdf_file.h"
#include "school/school_store.h"
#include "support/translator.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

using namespace print;

constexpr double kMargin = 10 * kMm;
constexpr double kCardWidth = (kPageWidth - 2 * kMargin) / kCardColumns;
constexpr double kCardHeight = (kPageHeight - 2 * kMargin) / kCardRows;
constexpr double kPadding = 5 * kMm;
constexpr double kTextWidth = kCardWidth - 2 * kPadding;

// A dashed line from (x0, y0) to (x1, y1), horizontal or vertical, its dashes in phase with the
// page's grid so the edges of neighbouring cards, drawn by either card, line up.
void cutLine(cairo_t* cr, double x0, double y0, double x1, double y1) {
    static const double dashes[] = {4.0, 3.0};
    cairo_set_dash(cr, dashes, 2, x0 == x1 ? y0 - kMargin : x0 - kMargin);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
}

struct CardTexts {
    std::string school, className, number, instruction;
};

void drawCard(cairo_t* cr, double x, double y, const LoginCard& card, const CardTexts& t, bool withNames) {
    const double centre = x + kCardWidth / 2;
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    showAt(cr, x + kPadding, y + kPadding + 8, fit(cr, t.school, kSans, false, 9, 7, kTextWidth).text);
    // "Groep 7b · nummer 3": the number is what tells cards of the same class apart when no name
    // is printed, so it always stays whole and the class name gives way.
    cairo_set_source_rgb(cr, 0, 0, 0);
    const std::string number = " · " + t.number + " " + std::to_string(card.numberInClass);
    useFont(cr, kSans, true, 12);
    const double numberWidth = textWidth(cr, number);
    const Fitted cls = fit(cr, t.className, kSans, true, 12, 9, kTextWidth - numberWidth);
    showAt(cr, x + kPadding, y + kPadding + 24, cls.text + number);
    // The code, large: the one thing the pupil copies.
    const double codeBaseline = y + (withNames ? 0.56 : 0.64) * kCardHeight;
    showCentred(cr, centre, codeBaseline, fit(cr, drawable(card.code), kMono, true, 30, 16, kTextWidth).text);
    if (withNames && !card.name.empty())
        showCentred(cr, centre, codeBaseline + 24, fit(cr, drawable(card.name), kSans, false, 13, 9, kTextWidth).text);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    showCentred(cr, centre, y + kCardHeight - kPadding, fit(cr, t.instruction, kSans, false, 9, 7, kTextWidth).text);
}

}  // namespace

LoginCardSheet loginCardSheet(SchoolStore& school, int64_t classId, bool withNames) {
    LoginCardSheet sheet;
    sheet.schoolName = school.schoolName();
    bool found = false;
    for (const ClassInfo& c : school.classes())
        if (c.id == classId) {
            sheet.className = c.name;
            found = true;
        }
    if (!found) throw Error(ErrorKind::NotFound, "no class with id " + std::to_string(classId));
    for (const PupilInfo& p : school.pupils(classId))
        sheet.cards.push_back({p.code, p.numberInClass, withNames ? p.displayName : std::string()});
    sheet.withNames = withNames;
    return sheet;
}

LoginCardsSummary writeLoginCardsPdf(const LoginCardSheet& sheet, const std::string& path) {
    if (sheet.cards.empty()) throw Error(ErrorKind::Invalid, "the class has no pupils: there are no cards to print");
    if (sheet.cards.size() > kMaxLoginCards)
        throw Error(ErrorKind::Invalid, std::to_string(sheet.cards.size()) + " cards are more than the " +
                                            std::to_string(kMaxLoginCards) + " a sheet holds");
    const CardTexts texts{drawable(sheet.schoolName), drawable(sheet.className), tr("nummer"),
                          tr("Typ deze code op het startscherm.")};
    const int pages = static_cast<int>((sheet.cards.size() + kCardsPerPage - 1) / kCardsPerPage);
    const std::string title = std::string(tr("Inlogkaarten")) + " " + texts.className;
    writePdfFile(path, title, [&](cairo_t* cr) {
        const size_t n = sheet.cards.size();
        for (int page = 0; page < pages; ++page) {
            const size_t first = static_cast<size_t>(page) * kCardsPerPage;
            const size_t onPage = std::min<size_t>(kCardsPerPage, n - first);
            // Cut lines first, thin and grey, then the cards' text over them.
            cairo_set_line_width(cr, 0.5);
            cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
            for (size_t i = 0; i < onPage; ++i) {
                const size_t col = i % kCardColumns, row = i / kCardColumns;
                const double x = kMargin + static_cast<double>(col) * kCardWidth;
                const double y = kMargin + static_cast<double>(row) * kCardHeight;
                cutLine(cr, x, y, x + kCardWidth, y);   // top
                cutLine(cr, x, y, x, y + kCardHeight);  // left
                if (col + 1 == kCardColumns || i + 1 == onPage)
                    cutLine(cr, x + kCardWidth, y, x + kCardWidth, y + kCardHeight);  // right
                if (i + kCardColumns >= onPage) cutLine(cr, x, y + kCardHeight, x + kCardWidth, y + kCardHeight);
            }
            cairo_set_dash(cr, nullptr, 0, 0);
            for (size_t i = 0; i < onPage; ++i) {
                const double x = kMargin + static_cast<double>(i % kCardColumns) * kCardWidth;
                const double y = kMargin + static_cast<double>(i / kCardColumns) * kCardHeight;
                drawCard(cr, x, y, sheet.cards[first + i], texts, sheet.withNames);
            }
            cairo_show_page(cr);
        }
    });
    return {static_cast<int>(sheet.cards.size()), pages};
}

}  // namespace dlk
