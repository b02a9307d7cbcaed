#pragma once
// Reading a PDF back in a test with poppler-utils (pdftotext, pdfinfo), for the login cards and
// the class report alike.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <regex>
#include <string>

#include "core_test_helpers.h"

namespace dlk::test {

inline bool havePoppler() {
    return std::system("command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1") == 0;
}

// Runs a shell command; its stdout, or the exit status in `status`.
inline std::string shell(const std::string& command, const TempDir& capture, int* status = nullptr) {
    const std::string out = capture.file("shell-out.txt");
    const int s = std::system((command + " >'" + out + "'").c_str());
    REQUIRE(WIFEXITED(s));
    if (status) *status = WEXITSTATUS(s);
    return readFile(out);
}

inline int pdfPages(const std::string& pdf, const TempDir& capture) {
    const std::string info = shell("pdfinfo '" + pdf + "'", capture);
    std::smatch m;
    REQUIRE(std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")));
    return std::stoi(m[1]);
}

}  // namespace dlk::test
