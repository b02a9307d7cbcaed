// dlkiosk(1): the man page, written from the strings and the command table that make --help.
#include <string>
#include <string_view>

#include "cli/commands.h"

namespace dlk::cli {

namespace {

// Roff for one line of plain text: a backslash is \e, a leading dot or quote would be read as a
// request (\& before it), and a hyphen that starts an option or stands alone is a minus sign
// (\-), so that --data can be searched for and copied from the rendered page.
std::string roff(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 0 && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '-' || text[i - 1] == '[' ||
                                text[i - 1] == '|' || text[i - 1] == '(')) {
            out += "\\-";
        } else {
            out += c;
        }
    }
    return out;
}

// Every line of `text` through roff(), each ending in a newline.
std::string roffLines(std::string_view text) {
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        out += roff(text.substr(start, end - start)) + "\n";
        start = end + 1;
    }
    return out;
}

}  // namespace

std::string manPage() {
    std::string m;
    m += ".TH DLKIOSK 1 \"\" \"dlkiosk " DLK_VERSION "\" \"User Commands\"\n";
    m += ".SH NAME\n";
    m += "dlkiosk \\- " + roff(kSummary) + "\n";
    m += ".SH SYNOPSIS\n.nf\n";
    m += roffLines(kKioskUsage);
    m += ".fi\n";
    m += ".SH COMMANDS\n";
    for (const Command& c : commands()) {
        m += ".TP\n";
        m += roff(c.synopsis) + "\n";
        m += roff(c.description) + "\n";
    }
    m += ".SH FILES\n";
    m += roffLines(kHelpFooter);
    m += ".SH SEE ALSO\n";
    m += ".BR dlkiosk\\-kiosk (8)\n";
    return m;
}

}  // namespace dlk::cli
