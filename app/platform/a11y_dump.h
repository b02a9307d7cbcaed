#pragma once
// The accessibility tree of the frame on screen, written to a file for tools outside the
// process (the end-to-end test drives the real window with X input by the words on the screen,
// as a screen reader bridge would). Enabled by DLK_A11Y_DUMP=<file>; off otherwise.
#include <functional>
#include <string>

namespace dlk::platform {

// A frame hook that rewrites `path` (atomically, via rename) whenever the tree changes. Lines:
// role TAB label TAB min-x TAB min-y TAB max-x TAB max-y TAB selected TAB focused.
std::function<void(int)> a11yDumper(const std::string& path);

}  // namespace dlk::platform
