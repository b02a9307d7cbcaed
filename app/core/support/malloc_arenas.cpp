#include "support/malloc_arenas.h"

#include <malloc.h>

#include <algorithm>
#include <thread>

namespace dlk {

void limitMallocArenas() {
#ifdef M_ARENA_MAX
    mallopt(M_ARENA_MAX, static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
#endif
}

}  // namespace dlk
