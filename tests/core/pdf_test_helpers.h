#pragma once
// Reading a PDF back in a test with poppler-utils (pdftotext, pdfinfo), for the login cards and
// the class report alike.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
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

// The time of a whole command (`shell` with `command`, which must exit 0; if not, the file
// `errFile`, where the command's stderr went, is shown),
// the fastest of up to three runs, stopping at the first under `target`: on a machine busy with
// other builds one run can take longer than the command itself needs. Each run's figure is printed
// as "`what`, run N: S s".
inline double fastestOfThree(const std::string& what, double target, const std::string& command, const TempDir& capture,
                             const std::string& errFile = {}) {
    double best = 1e9;
    for (int run = 1; run <= 3 && best >= target; ++run) {
        int status = 0;
        const auto start = std::chrono::steady_clock::now();
        shell(command, capture, &status);
        const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        REQUIRE_MESSAGE(status == 0, (errFile.empty() ? std::string() : readFile(errFile)));
        MESSAGE(what << ", run " << run << ": " << took << " s");
        best = std::min(best, took);
    }
    return best;
}

inline int pdfPages(const std::string& pdf, const TempDir& capture) {
    const std::string info = shell("pdfinfo '" + pdf + "'", capture);
    std::smatch m;
    REQUIRE(std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")));
    return std::stoi(m[1]);
}

}  // namespace dlk::test
