// dlkiosk-manpage FILE: writes dlkiosk(1) (dlk::cli::manPage) to FILE. Run by the build, not installed.
#include <cstdio>
#include <fstream>

#include "cli/commands.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: dlkiosk-manpage FILE\n");
        return 2;
    }
    std::ofstream out(argv[1], std::ios::binary);
    out << dlk::cli::manPage();
    out.close();
    if (!out) {
        std::fprintf(stderr, "dlkiosk-manpage: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
