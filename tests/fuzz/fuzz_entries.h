#pragma once
// The fuzzed entry points, shared by the libFuzzer targets (tests/fuzz/fuzz_*.cpp, built with
// clang by `make fuzz`) and by the regression test that replays every kept crasher
// (tests/core/test_fuzz_regressions.cpp) in the ordinary suites.
#include <cstddef>
#include <cstdint>

namespace dlk::fuzz {

// Each returns normally for every input: a dlk::Error is the expected answer to bad input;
// anything else (a crash, a sanitizer report, another exception type) is a finding.
void itemEntry(const uint8_t* data, size_t size);
void testEntry(const uint8_t* data, size_t size);
void jsonEntry(const uint8_t* data, size_t size);
// The bytes as a .zip content package, loaded as an item bank (zip bombs, hostile names, ...).
void packageEntry(const uint8_t* data, size_t size);
// The bytes as a block program (sim/blocks): read, written back, run, edited, scored; and as the
// rows of a world.
void blocksEntry(const uint8_t* data, size_t size);

}  // namespace dlk::fuzz
