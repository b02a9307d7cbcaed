#include "print/pdf_file.h"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>

#include "util/error.h"
#include "util/text.h"

namespace dlk::print {

namespace {

// Byte offsets where each code point of valid UTF-8 `s` starts.
std::vector<size_t> codePointStarts(const std::string& s) {
    std::vector<size_t> starts;
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
    return starts;
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

std::string drawable(std::string_view in, size_t maxCodePoints) {
    std::string out;
    size_t codePoints = 0;
    while (!in.empty() && codePoints < maxCodePoints) {
        const size_t bad = firstInvalidUtf8(in);
        const std::string_view good = in.substr(0, bad == std::string_view::npos ? in.size() : bad);
        for (size_t i = 0; i < good.size() && codePoints < maxCodePoints;) {
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

std::vector<std::string> wrapText(cairo_t* cr, const std::string& text, const char* family, bool bold, double size,
                                  double maxWidth) {
    std::vector<std::string> lines;
    std::string line;
    useFont(cr, family, bold, size);
    for (const std::string& word : splitWhitespace(text)) {
        const std::string longer = line.empty() ? word : line + " " + word;
        if (textWidth(cr, longer) <= maxWidth) {
            line = longer;
            continue;
        }
        if (!line.empty()) lines.push_back(line);
        line = word;
        if (textWidth(cr, line) > maxWidth) {
            line = fit(cr, word, family, bold, size, size, maxWidth).text;
            useFont(cr, family, bold, size);
        }
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

void showAt(cairo_t* cr, double x, double baseline, const std::string& text) {
    cairo_move_to(cr, x, baseline);
    cairo_show_text(cr, text.c_str());
}

void showCentred(cairo_t* cr, double centreX, double baseline, const std::string& text) {
    showAt(cr, centreX - textWidth(cr, text) / 2, baseline, text);
}

void showRight(cairo_t* cr, double rightX, double baseline, const std::string& text) {
    showAt(cr, rightX - textWidth(cr, text), baseline, text);
}

void writePdfFile(const std::string& path, const std::string& title, const std::function<void(cairo_t*)>& draw) {
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
    {
        std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
            cairo_pdf_surface_create_for_stream(writeToFd, &sink, kPageWidth, kPageHeight), cairo_surface_destroy);
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, drawable(title).c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "dlkiosk");
        std::unique_ptr<cairo_t, decltype(&cairo_destroy)> context(cairo_create(surface.get()), cairo_destroy);
        draw(context.get());
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
}

}  // namespace dlk::print
