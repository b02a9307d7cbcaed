#pragma once
// The pupils' names as a teacher types or pastes them for a class: one pupil a line, as a
// spreadsheet's column is copied (cells of one row, tab-separated, make one name). Nothing is cut
// or guessed: a line too long or too many lines is refused with the line it is about.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

// Pupils made at once: a class, or two taught together, fits; a larger number is a slip (a whole
// school's list pasted) and would print pages of codes.
inline constexpr int kMaxNewPupils = 60;
// A name's length in characters (code points): longer is a slip too (two lines pasted as one, a
// whole row of a spreadsheet), and the name must fit a login card.
inline constexpr size_t kMaxPupilNameChars = 80;

enum class NameListProblem { None, TooLong, TooMany, NotText };

struct PupilNameList {
    std::vector<std::string> names;  // in the order typed, blank lines left out
    NameListProblem problem = NameListProblem::None;
    int line = 0;  // with TooLong or NotText: the line (1, 2, ...) as the teacher sees it
};

// Lines end in \n, \r\n or \r; tabs and runs of spaces inside a line become one space; spaces at
// the ends are dropped; a blank line is skipped. TooLong names the first line over
// kMaxPupilNameChars, TooMany is more than kMaxNewPupils names, NotText a line that is not valid
// UTF-8 or holds a control character. With a problem, `names` is empty.
PupilNameList parsePupilNames(std::string_view text);

}  // namespace dlk
