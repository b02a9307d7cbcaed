#include "cli/pin_input.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "school/school_store.h"
#include "support/paths.h"
#include "util/error.h"

namespace dlk::cli {

namespace {
std::string readPin() {
    const bool terminal = ::isatty(STDIN_FILENO) != 0;
    termios old{};
    if (terminal) {
        std::fputs("Pincode van de leerkracht: ", stderr);
        if (::tcgetattr(STDIN_FILENO, &old) == 0) {
            termios quiet = old;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
    }
    std::string pin;
    std::getline(std::cin, pin);
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fputc('\n', stderr);
    }
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
    return pin;
}
}  // namespace

void unlockWithPinFromStdin(SchoolStore& school, const std::string& command, const std::string& done) {
    const std::string pin = readPin();
    if (pin.empty()) throw Error(ErrorKind::Auth, command + " needs the teacher's PIN on standard input");
    const PinResult r = school.checkPin(pin, wallClockMs());
    if (r.result == PinCheck::Locked)
        throw Error(ErrorKind::Auth, "too many wrong PINs: try again in " + std::to_string(r.lockedSeconds) + " s");
    if (r.result != PinCheck::Ok) throw Error(ErrorKind::Auth, "the teacher's PIN is not correct; nothing was " + done);
}

}  // namespace dlk::cli
