#pragma once
// What every printed PDF shares (login cards, class report, feedback sheets): A4 in points, text
// made safe for Cairo, text fitted or wrapped to a width, and writing the file so that a failure
// leaves nothing behind.
#include <cairo.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dlk::print {

// A4 in PostScript points (1/72 inch), the unit of Cairo's PDF surface.
inline constexpr double kMm = 72.0 / 25.4;
inline constexpr double kPageWidth = 210 * kMm;
inline constexpr double kPageHeight = 297 * kMm;

// DejaVu comes with fonts-dejavu-core (a dependency already); fontconfig finds it by name. Codes
// are set in the monospaced face, whose 0/O and 1/I differ clearly.
inline constexpr const char* kSans = "DejaVu Sans";
inline constexpr const char* kMono = "DejaVu Sans Mono";

// A name of a thousand characters cannot fit a page anyway: longer texts are cut before they are
// measured, so a hostile name cannot make the fitting slow.
inline constexpr size_t kMaxDrawnCodePoints = 120;

// Text that is safe to hand to Cairo: invalid UTF-8 would put the drawing context in an error
// state (and lose the whole PDF), and control characters (line breaks, C1 controls) draw as boxes
// or nothing. Both become a replacement; the result is cut at `maxCodePoints`.
std::string drawable(std::string_view in, size_t maxCodePoints = kMaxDrawnCodePoints);

void useFont(cairo_t* cr, const char* family, bool bold, double size);
double textWidth(cairo_t* cr, const std::string& text);

struct Fitted {
    std::string text;
    double size = 0;
};
// Sets the font and returns `text` as it fits `maxWidth`: at `size` if it fits, else at the
// largest size down to `minSize` that fits, else at `minSize` cut with an ellipsis.
Fitted fit(cairo_t* cr, const std::string& text, const char* family, bool bold, double size, double minSize,
           double maxWidth);

// Sets the font and returns `text` in lines no wider than `maxWidth`, broken between words; a
// word wider than a line on its own is cut with an ellipsis.
std::vector<std::string> wrapText(cairo_t* cr, const std::string& text, const char* family, bool bold, double size,
                                  double maxWidth);

void showAt(cairo_t* cr, double x, double baseline, const std::string& text);
void showCentred(cairo_t* cr, double centreX, double baseline, const std::string& text);
void showRight(cairo_t* cr, double rightX, double baseline, const std::string& text);

// Writes an A4 PDF at `path` with `draw`, which draws every page and ends each with
// cairo_show_page. First to a private (0600: the pages name pupils or hold their codes) temporary
// file beside it, renamed over `path` only when complete, so a failure leaves no file and no
// half-written PDF. Throws Error(Io) naming the file when it cannot be written; whatever `draw`
// throws leaves no file either.
void writePdfFile(const std::string& path, const std::string& title, const std::function<void(cairo_t*)>& draw);

}  // namespace dlk::print
