#pragma once
// Every sub-command of `dlkiosk`, in one table (commands.cpp) that both programs dispatch with
// and that makes `dlkiosk --help` (and, later, the man page): a sub-command is a file in this
// folder and a row there.
//
// dlkiosk is two programs that users see as one command. `dlkiosk` itself links only the core
// (no X, GL, espeak): it runs every sub-command that needs no window, so a research server runs
// calibrate, estimate, score, validate, export or qti export without a display stack. What needs
// the window or the speech synthesiser (the kiosk itself, --screenshot, say) it hands to
// `dlkiosk-gui` beside it by exec, with the same arguments: one argument parser, one process.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.h"

namespace dlk::cli {

struct Command {
    std::string_view name;
    // The usage lines: "dlkiosk NAME ..." first, then what it does (both as --help prints them).
    std::string_view synopsis;
    std::string_view description;
    // Run by dlkiosk-gui: the command needs the window program's libraries (espeak for say, Cairo
    // and with it libX11 for cards).
    bool needsWindow = false;
    // The command; null for those dlkiosk-gui runs itself.
    int (*run)(Args& args, const char* argv0) = nullptr;
};

const std::vector<Command>& commands();
const Command* findCommand(std::string_view name);

// What the arguments ask for.
struct Dispatch {
    enum Kind { Command, Help, Version, Kiosk, Unknown } kind = Kiosk;
    const cli::Command* command = nullptr;
};
Dispatch dispatch(int argc, char** argv);

// Help, version and an unknown command are answered here (the exit code); nullopt for a command
// or the kiosk, which the program runs itself.
std::optional<int> answerSimply(const Dispatch& what, char** argv);

// Runs a command that needs no window, with its arguments after the name; a failure is one
// line "dlkiosk NAME: message" on stderr and exit code 1.
int runCommand(const Command& command, int argc, char** argv);

// Replaces this process by dlkiosk-gui with the same arguments (the kiosk, a screenshot, say).
// Returns only when that fails: 2, after saying what is missing.
int runWindowProgram(int argc, char** argv);

void printUsage();

// The text of --help around the command table (commands.cpp), shared with the man page.
extern const std::string_view kSummary;     // one line: what dlkiosk is
extern const std::string_view kKioskUsage;  // the kiosk's and --screenshot's usage, lines without indent
extern const std::string_view kHelpFooter;  // where the data folder is; which program runs what

// The man page dlkiosk(1) in roff, made from the same strings and command table as --help; the
// package build writes it with dlkiosk-manpage (packaging/), and a test compares it with --help.
std::string manPage();

}  // namespace dlk::cli
