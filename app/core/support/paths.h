#pragma once
#include <cstdint>
#include <string>

namespace dlk {

// $XDG_DATA_HOME/dlkiosk, else ~/.local/share/dlkiosk.
std::string defaultDataDir();
// Creates the folder if needed and checks that a file can be written in it; throws
// dlk::Error(ReadOnly/Io) with the folder's name otherwise.
void prepareDataDir(const std::string& folder);
int64_t wallClockMs();

}  // namespace dlk
