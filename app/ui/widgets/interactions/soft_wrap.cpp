#include "ui/widgets/interactions/soft_wrap.h"

#include <algorithm>

namespace dlk::ui {

std::vector<int> softBreaksFor(std::string_view text, float width, const MeasureText& measure) {
    std::vector<int> breaks;
    const float space = measure(" ");
    float lineWidth = 0;
    bool lineHasWord = false;
    size_t i = 0;
    while (i <= text.size()) {
        // The word from i to the next space, line break or the end.
        size_t end = i;
        while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
        const float w = measure(text.substr(i, end - i));
        // The space before this word (at i - 1) becomes a break when the word does not fit.
        if (lineHasWord && i > 0 && text[i - 1] == ' ' && lineWidth + space + w > width) {
            breaks.push_back(static_cast<int>(i - 1));
            lineWidth = w;
        } else {
            lineWidth += (lineHasWord || (i > 0 && text[i - 1] == ' ') ? space : 0) + w;
        }
        lineHasWord = true;
        if (end >= text.size()) break;
        if (text[end] == '\n') {
            lineWidth = 0;
            lineHasWord = false;
        }
        i = end + 1;
    }
    return breaks;
}

std::string typedText(std::string display, const std::vector<int>& softBreaks) {
    for (int p : softBreaks)
        if (p >= 0 && static_cast<size_t>(p) < display.size() && display[static_cast<size_t>(p)] == '\n')
            display[static_cast<size_t>(p)] = ' ';
    return display;
}

std::vector<int> carrySoftBreaks(std::string_view before, std::string_view after, const std::vector<int>& softBreaks) {
    size_t prefix = 0;
    const size_t shorter = std::min(before.size(), after.size());
    while (prefix < shorter && before[prefix] == after[prefix]) ++prefix;
    size_t suffix = 0;
    while (suffix < shorter - prefix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
        ++suffix;
    const long shift = static_cast<long>(after.size()) - static_cast<long>(before.size());
    std::vector<int> out;
    for (int p : softBreaks) {
        const auto at = static_cast<size_t>(p);
        if (at < prefix)
            out.push_back(p);
        else if (at >= before.size() - suffix)
            out.push_back(static_cast<int>(static_cast<long>(p) + shift));
    }
    return out;
}

std::string wrapForDisplay(const std::string& typed, float width, const MeasureText& measure,
                           std::vector<int>& softBreaks) {
    softBreaks = softBreaksFor(typed, width, measure);
    std::string display = typed;
    for (int p : softBreaks) display[static_cast<size_t>(p)] = '\n';
    return display;
}

}  // namespace dlk::ui
