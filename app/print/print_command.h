#pragma once
// What `dlkiosk cards` and `dlkiosk report` check alike before they ask for the PIN, so that a
// typo costs no PIN try and a refused command writes no file.
#include <string>

#include "school/school_store.h"

namespace dlk::cli {

// The folder the PDF goes in must exist and take a new file, and `out` must not be a folder.
// Throws Error(Io) naming the file.
void requireWritableOut(const std::string& out);

// The class by name. Class names are not sealed: an unknown one is answered (Error(NotFound))
// with the list of classes there are.
ClassInfo requireClass(SchoolStore& school, const std::string& className, const std::string& dataDir);

}  // namespace dlk::cli
