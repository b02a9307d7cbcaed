#pragma once
#include <cstdint>
#include <string>

namespace dlk {

// $XDG_DATA_HOME/dlkiosk, else ~/.local/share/dlkiosk.
std::string defaultDataDir();
// Creates the folder if needed (0700) and checks that a file can be written in it; throws
// dlk::Error(ReadOnly/Io) with the folder's name otherwise. Tightens what an older dlkiosk left
// there: the folder, its dlkiosk.* files (database, -wal, -shm, log) and backups/ with all in it
// lose every group and other permission (0644 becomes 0600); other entries are left alone.
void prepareDataDir(const std::string& folder);

// The data folder holds pupils' names and answers: only the kiosk's own user may read it. A
// folder is 0700 and a file 0600; nothing in it is meant for another account on the laptop.
inline constexpr unsigned kPrivateDirMode = 0700;
inline constexpr unsigned kPrivateFileMode = 0600;

// Creates `folder` (and its parents) if needed and makes `folder` itself 0700 when this call
// created it, or takes away group and other permissions when it existed. Throws Error(Io).
void makePrivateDir(const std::string& folder);
// Creates `path` as an empty file with mode 0600 if it does not exist, else takes away its group
// and other permissions. Throws Error(Io) naming the file.
void makePrivateFile(const std::string& path);
// Takes away group and other permissions of `path` and, for a folder, of everything below it
// (symbolic links are not followed). A missing path is no error; one that cannot be changed (owned
// by someone else) is logged and left.
void tightenPrivate(const std::string& path);
int64_t wallClockMs();

}  // namespace dlk
