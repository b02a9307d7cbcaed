#include "school/pupil_names.h"

#include "util/text.h"

namespace dlk {

namespace {
// One name from one line: cells and runs of spaces joined by one space, the ends trimmed.
std::string cleanLine(std::string_view line) {
    std::string out;
    bool pendingSpace = false;
    for (const char c : line) {
        if (c == ' ' || c == '\t') {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        out += c;
    }
    return out;
}

size_t codePoints(std::string_view s) {
    size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool hasControlCharacter(std::string_view s) {
    for (const char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
    return false;
}
}  // namespace

PupilNameList parsePupilNames(std::string_view text) {
    PupilNameList out;
    int lineNumber = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw = text.substr(start, end - start);
        ++lineNumber;
        const std::string name = cleanLine(raw);
        if (!isValidUtf8(name) || hasControlCharacter(name)) return {{}, NameListProblem::NotText, lineNumber};
        if (codePoints(name) > kMaxPupilNameChars) return {{}, NameListProblem::TooLong, lineNumber};
        if (!name.empty()) out.names.push_back(name);
        if (out.names.size() > static_cast<size_t>(kMaxNewPupils)) return {{}, NameListProblem::TooMany, 0};
        if (end == text.size()) break;
        // \r\n is one line end, as a spreadsheet on Windows copies it.
        start = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
    }
    return out;
}

}  // namespace dlk
