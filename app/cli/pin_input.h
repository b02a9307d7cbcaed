#pragma once
// The teacher's PIN for the commands that open sealed data (export, cards): read from standard
// input (a terminal asks for it without echo), never from the command line, where `ps` and the
// shell's history would keep it.
#include <string>

namespace dlk {
class SchoolStore;
}

namespace dlk::cli {

// Reads the PIN and unlocks the store with the same check as the kiosk's PIN screen (a wrong try
// counts, with its growing delay). Throws Error(Auth): "<command> needs the teacher's PIN on
// standard input" for none, "the teacher's PIN is not correct; nothing was <done>" for a wrong one,
// and how long to wait while locked.
void unlockWithPinFromStdin(SchoolStore& school, const std::string& command, const std::string& done);

}  // namespace dlk::cli
