// dlkiosk, the command users type: the sub-commands that need no window run here, linked to the
// core only (cli/commands.h says why); the kiosk, --screenshot and say go to dlkiosk-gui.
#include <cstdio>

#include "cli/commands.h"

int main(int argc, char** argv) {
    const dlk::cli::Dispatch what = dlk::cli::dispatch(argc, argv);
    switch (what.kind) {
        case dlk::cli::Dispatch::Help: dlk::cli::printUsage(); return 0;
        case dlk::cli::Dispatch::Version: std::puts("dlkiosk " DLK_VERSION); return 0;
        case dlk::cli::Dispatch::Unknown:
            std::fprintf(stderr, "dlkiosk: unknown command '%s' (see dlkiosk --help)\n", argv[1]);
            return 1;
        case dlk::cli::Dispatch::Command:
            if (!what.command->needsWindow) return dlk::cli::runCommand(*what.command, argc, argv);
            return dlk::cli::runWindowProgram(argc, argv);
        case dlk::cli::Dispatch::Kiosk: return dlk::cli::runWindowProgram(argc, argv);
    }
    return 1;
}
