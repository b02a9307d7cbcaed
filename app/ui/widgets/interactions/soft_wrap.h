#pragma once
// Word wrap for a multi-line text field that ImGui 1.86 does not wrap: lines are broken for
// display by turning a space into a line break (the same length, so the cursor stays where it
// is). Which breaks are such "soft" ones is remembered beside the text, so what is stored is
// exactly what the pupil typed: soft breaks become spaces again, breaks the pupil typed stay.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dlk::ui {

// The width of a piece of text in pixels (ImGui::CalcTextSize in the field's font).
using MeasureText = std::function<float(std::string_view)>;

// The spaces of `text` (byte offsets) where a line must break so that no line is wider than
// `width`: greedily, a line ends before the word that would not fit. A word longer than a line is
// left whole. Lines the pupil broke ('\n') start afresh.
std::vector<int> softBreaksFor(std::string_view text, float width, const MeasureText& measure);

// `display` with its soft breaks (sorted offsets of '\n' that stand for spaces) turned back into
// spaces: the text as typed.
std::string typedText(std::string display, const std::vector<int>& softBreaks);

// After an edit turned `before` into `after`, the soft breaks of `before` that still stand: those
// in the unchanged start keep their place, those in the unchanged end move with it, those in
// the edited middle are gone (what is there now was typed).
std::vector<int> carrySoftBreaks(std::string_view before, std::string_view after, const std::vector<int>& softBreaks);

// The display form of `typed` for `width`: the text with its soft breaks applied; `softBreaks`
// receives them.
std::string wrapForDisplay(const std::string& typed, float width, const MeasureText& measure,
                           std::vector<int>& softBreaks);

}  // namespace dlk::ui
