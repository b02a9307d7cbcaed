// libFuzzer target: blocksEntry (see fuzz_entries.h). Run with `make fuzz`.
#include "fuzz_entries.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    dlk::fuzz::blocksEntry(data, size);
    return 0;
}
