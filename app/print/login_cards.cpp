#include "print/login_cards.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>

#include "school/school_store.h"
#include "support/translator.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace {

// A4 in PostScript points (1/72 inch), the unit of Cairo's PDF surface.
constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kMm;
constexpr double kPageHeight = 297 * kMm;
constexpr double kMargin = 10 * kMm;
constexpr double kCardWidth = (kPageWidth - 2 * kMargin) / kCardColumns;
constexpr double kCardHeight = (kPageHeight - 2 * kMargin) / kCardRows;
constexpr double kPadding = 5 * kMm;
constexpr double kTextWidth = kCardWidth - 2 * kPadding;

// DejaVu comes with fonts-dejavu-core (a dependency already); fontconfig finds it by name. The
// code is set in the monospaced face, whose 0/O and 1/I differ clearly (the code's alphabet leaves
// out 0, O, 1, I and L as well).
constexpr const char* kSans = "DejaVu Sans";
constexpr const char* kMono = "DejaVu Sans Mono";

// A name of a thousand characters cannot fit a card anyway: longer texts are cut before they are
// measured, so a hostile name cannot make the fitting slow.
constexpr size_t kMaxDrawnCodePoints = 120;

// Text that is safe to hand to Cairo: invalid UTF-8 would put the drawing context in an error
// state (and lose the whole PDF), and control characters (line breaks, C1 controls) draw as boxes
// or nothing. Both become a replacement; the result is cut at kMaxDrawnCodePoints.
std::string drawable(std::string_view in) {
    std::string out;
    size_t codePoints = 0;
    while (!in.empty() && codePoints < kMaxDrawnCodePoints) {
        const size_t bad = firstInvalidUtf8(in);
        const std::string_view good = in.substr(0, bad == std::string_view::npos ? in.size() : bad);
        for (size_t i = 0; i < good.size() && codePoints < kMaxDrawnCodePoints;) {
            const auto c = static_cast<unsigned char>(good[i]);
            const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            const bool c0 = c < 0x20 || c == 0x7F;
            const bool c1 = c == 0xC2 && i + 1 < good.size() && static_cast<unsigned char>(good[i + 1]) < 0xA0;
            if (c0 || c1)
                out += ' ';
            else
                out.append(good.substr(i, len));
            i += len;
            ++codePoints;
        }
        if (bad == std::string_view::npos) break;
        appendUtf8(out, 0xFFFD);
        ++codePoints;
        in.remove_prefix(bad + 1);
    }
    return trim(out);
}

// Byte offsets where each code point of valid UTF-8 `s` starts.
std::vector<size_t> codePointStarts(const std::string& s) {
    std::vector<size_t> starts;
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
    return starts;
}

double textWidth(cairo_t* cr, const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, text.c_str(), &e);
    return e.x_advance;
}

void useFont(cairo_t* cr, const char* family, bool bold, double size) {
    cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

struct Fitted {
    std::string text;
    double size = 0;
};

// Sets the font and returns `text` as it fits `maxWidth`: at `size` if it fits, else at the
// largest size down to `minSize` that fits, else at `minSize` cut with an ellipsis.
Fitted fit(cairo_t* cr, const std::string& text, const char* family, bool bold, double size, double minSize,
           double maxWidth) {
    useFont(cr, family, bold, size);
    const double full = textWidth(cr, text);
    if (full <= maxWidth) return {text, size};
    // Text width scales with the font size: the size that fits, rounded down to a quarter point.
    const double scaled = std::floor(size * maxWidth / full * 4) / 4;
    if (scaled >= minSize) {
        useFont(cr, family, bold, scaled);
        if (textWidth(cr, text) <= maxWidth) return {text, scaled};
    }
    useFont(cr, family, bold, minSize);
    const std::vector<size_t> starts = codePointStarts(text);
    const auto prefix = [&](size_t codePoints) {
        return trim(text.substr(0, codePoints < starts.size() ? starts[codePoints] : text.size())) + "…";
    };
    // The most code points that fit with the ellipsis (the width grows with the prefix).
    size_t lo = 0, hi = starts.size();
    while (lo < hi) {
        const size_t mid = (lo + hi + 1) / 2;
        if (textWidth(cr, prefix(mid)) <= maxWidth)
            lo = mid;
        else
            hi = mid - 1;
    }
    return {prefix(lo), minSize};
}

void showAt(cairo_t* cr, double x, double baseline, const std::string& text) {
    cairo_move_to(cr, x, baseline);
    cairo_show_text(cr, text.c_str());
}

void showCentred(cairo_t* cr, double centreX, double baseline, const std::string& text) {
    showAt(cr, centreX - textWidth(cr, text) / 2, baseline, text);
}

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

struct PdfSink {
    int fd = -1;
    int error = 0;  // errno of the first failed write
};

cairo_status_t writeToFd(void* closure, const unsigned char* data, unsigned int length) {
    auto* sink = static_cast<PdfSink*>(closure);
    while (length > 0) {
        const ssize_t n = ::write(sink->fd, data, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (sink->error == 0) sink->error = n < 0 ? errno : EIO;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        data += n;
        length -= static_cast<unsigned int>(n);
    }
    return CAIRO_STATUS_SUCCESS;
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
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
    PdfSink sink;
    sink.fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mode 0600
    if (sink.fd < 0) throw Error(ErrorKind::Io, "cannot write in " + folder.string() + ": " + std::strerror(errno));
    // From here every way out removes the temporary file unless it was renamed.
    struct Cleanup {
        std::string path;
        int& fd;
        bool keep = false;
        ~Cleanup() {
            if (fd >= 0) ::close(fd);
            if (!keep) ::unlink(path.c_str());
        }
    } cleanup{temp, sink.fd};

    const CardTexts texts{drawable(sheet.schoolName), drawable(sheet.className), tr("nummer"),
                          tr("Typ deze code op het startscherm.")};
    const int pages = static_cast<int>((sheet.cards.size() + kCardsPerPage - 1) / kCardsPerPage);
    {
        std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
            cairo_pdf_surface_create_for_stream(writeToFd, &sink, kPageWidth, kPageHeight), cairo_surface_destroy);
        const std::string title = std::string(tr("Inlogkaarten")) + " " + texts.className;
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "dlkiosk");
        std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()), cairo_destroy);
        cairo_t* cr = context.get();
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
        context.reset();
        cairo_surface_finish(surface.get());
        const cairo_status_t status = cairo_surface_status(surface.get());
        if (status != CAIRO_STATUS_SUCCESS)
            throw Error(ErrorKind::Io, "cannot write " + path + ": " +
                                           (sink.error ? std::strerror(sink.error) : cairo_status_to_string(status)));
    }
    if (::fsync(sink.fd) != 0 || ::close(sink.fd) != 0) {
        sink.fd = -1;
        throw Error(ErrorKind::Io, "cannot write " + path + ": " + std::strerror(errno));
    }
    sink.fd = -1;
    if (::rename(temp.c_str(), path.c_str()) != 0)
        throw Error(ErrorKind::Io, "cannot write " + path + ": " + std::strerror(errno));
    cleanup.keep = true;
    return {static_cast<int>(sheet.cards.size()), pages};
}

}  // namespace dlk
