// dlkiosk, the command users type: the sub-commands that need no window run here, linked to the
// core only (cli/commands.h says why); the kiosk, --screenshot and say go to dlkiosk-gui.
#include "cli/commands.h"

int main(int argc, char** argv) {
    const dlk::cli::Dispatch what = dlk::cli::dispatch(argc, argv);
    if (const auto answered = dlk::cli::answerSimply(what, argv)) return *answered;
    if (what.kind == dlk::cli::Dispatch::Command && !what.command->needsWindow)
        return dlk::cli::runCommand(*what.command, argc, argv);
    return dlk::cli::runWindowProgram(argc, argv);  // the kiosk, a screenshot, say
}
