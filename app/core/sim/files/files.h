#pragma once
// A file manager (ICT basic skills: storing and finding files), as Explorer or Files shows one:
// a folder tree, a list of files with their type, size and date, and the things a pupil does to
// tidy up: new folder, rename, move, copy and paste, delete to the recycle bin, restore, sort,
// search and undo. The scenario is the disk at the start:
//
//   <dlk:files xmlns:dlk="https://dlkiosk.nl/ns/1" open="downloads" today="2025-03-14"
//              placement-response="PLACED" names-response="NAMES" paths-response="PATHS">
//     <dlk:folder id="docs" name="Documenten"/>
//     <dlk:folder id="downloads" name="Downloads">
//       <dlk:file id="f1" name="bij-op-bloem.jpg" type="picture" size="1.2 MB" modified="2025-03-02T16:40"/>
//     </dlk:folder>
//   </dlk:files>
//
// Folders nest (at most kMaxDepth deep); the top level is the reserved folder `home` and the
// recycle bin the reserved folder `bin`. Ids are identifiers of ASCII letters, digits, _ . -;
// names are what the pupil sees (at most kMaxNameBytes, none of \ / : * ? " < > |, unique in their
// folder ignoring case). A file's type is one of document, spreadsheet, presentation, pdf,
// picture, video, sound, archive, other (without one: from the name's extension); its size is
// bytes or a number with B, kB, MB or GB (1024-based); modified is YYYY-MM-DD or YYYY-MM-DDTHH:MM.
// open names the folder shown first (default home); today dates the folders a pupil makes.
//
// The state (the interaction's response) is a record of strings and one boolean, so a restart
// resumes the disk as the pupil left it:
//   open        the folder shown: a folder id, home or bin
//   where       "id:parent" for every item whose folder differs from the scenario's, and every
//               item the pupil made (a deleted item keeps the folder it came from)
//   names       "id:name" for every item whose name differs from the scenario's, and every item
//               the pupil made; in a name %, space and : are written %25, %20 and %3A
//   made        what the pupil made, in order: "newN" a new folder, "copyN:origin" a copy of the
//               scenario item origin (copying a folder copies what is in it)
//   bin         the items in the recycle bin, in the order they were deleted
//   clipboard   the item copied, waiting to be pasted
//   sort        name, type, size or modified; descending (boolean)
//   search      the search text the pupil typed (only in the state, never in process data)
//   undo        what undo puts back, newest last, at most kMaxUndo: "move:id:folder:0|1",
//               "delete:id:folder:0" and "restore:id:folder:1" (where the item was, and whether
//               it was in the bin), "rename:id:old name", "new-folder:id" and "paste:id" (take
//               the item made away again)
// Empty fields are left out; entries are separated by spaces.
//
// What an item scores, as outputs the scenario names (each declared by the item):
//   placement-response  multiple directedPair: "id folder" for every item, folder `home` at the
//                       top and `bin` for an item in the recycle bin (what is in a deleted
//                       folder stays paired with that folder) -> member, contains, match
//   names-response      record: id -> name, for every renamed item and every item made
//                       -> fieldValue with stringMatch or patternMatch
//   paths-response      record: id -> the path of its folder, from home or bin, each scenario
//                       folder by its id and each folder the pupil made by its name:
//                       "home/docs/Spreekbeurt bijen", "bin" -> fieldValue with patternMatch,
//                       which can ask for "a new folder whose name mentions bees, in docs"
//                       without knowing what the pupil typed or in which language
//   copies-response     multiple directedPair: "origin folder" for every copy not in the bin
//                       -> member, contains
//
// Every action is one of a closed vocabulary with an id from the scenario (or one the model made)
// as its argument: open=docs, new-folder=docs, rename=f1, move=f1:docs, copy=f1, paste=docs,
// delete=f1, restore=f1, sort=size, search, undo=move. What the pupil typed (a name, a search)
// goes into the state only.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qti/value.h"
#include "sim/environment.h"

namespace dlk::sim::files {

inline constexpr std::string_view kHome = "home";
inline constexpr std::string_view kBin = "bin";

// What a scenario and a pupil may make (items come from outside; a state is bounded too).
inline constexpr size_t kMaxFolders = 24;               // folders in the scenario
inline constexpr size_t kMaxFiles = 60;                 // files in the scenario
inline constexpr int kMaxDepth = 6;                     // folders inside folders, counting from home
inline constexpr size_t kMaxNameBytes = 80;             // a file or folder name
inline constexpr size_t kMaxIdBytes = 32;               // an id of the scenario
inline constexpr size_t kMaxMade = 40;                  // new folders and copies a pupil may make
inline constexpr size_t kMaxUndo = 30;                  // steps undo remembers
inline constexpr size_t kMaxSearchBytes = 80;           // the search text kept
inline constexpr int64_t kMaxBytes = int64_t(1) << 40;  // 1 TB: a file size

enum class FileType { Folder, Document, Spreadsheet, Presentation, Pdf, Picture, Video, Sound, Archive, Other };
enum class Column { Name, Type, Size, Modified };

const char* typeName(FileType t);  // "folder", "document", ... as the scenario writes them
std::optional<FileType> typeFromName(std::string_view name);
FileType typeFromExtension(std::string_view fileName);
const char* columnName(Column c);  // name, type, size, modified
std::optional<Column> columnFromName(std::string_view name);

// One file or folder of the scenario.
struct Entry {
    std::string id;
    std::string name;
    FileType type = FileType::Other;
    int64_t bytes = -1;    // -1: not given (folders)
    std::string modified;  // ISO date, maybe with a time; empty when not given
    std::string parent;    // a folder id or kHome
    int line = 0;
};

struct FilesScenario : Scenario {
    std::vector<Entry> entries;  // document order: a folder before what is in it
    std::string open = std::string(kHome);
    std::string today;  // the date new folders get (scenario attribute today), maybe empty
    const Entry* find(std::string_view id) const;
};

// Reads a scenario element; throws dlk::Error(Invalid, "line N: <element> ...").
std::shared_ptr<const Scenario> readScenario(const BodyNode& element);

// A file or folder as the pupil's disk has it now.
struct Node {
    std::string id;
    std::string origin;  // the scenario entry it is or is a copy of; empty for a new folder
    FileType type = FileType::Folder;
    int64_t bytes = -1;
    std::string modified;
    std::string name;
    std::string parent;
    bool folder() const { return type == FileType::Folder; }
    bool operator==(const Node&) const = default;
};

struct State {
    std::vector<Node> nodes;       // the scenario's entries in order, then what the pupil made
    std::vector<std::string> bin;  // deleted items (not what is inside them), oldest first
    std::string open = std::string(kHome);
    std::string clipboard;
    Column sort = Column::Name;
    bool descending = false;
    std::string search;
    std::vector<std::string> undo;  // encoded steps, oldest first (see the field list above)
    bool operator==(const State&) const = default;
};

State start(const FilesScenario& sc);

// Why an action changed nothing.
enum class Problem {
    None,
    NotFound,       // no such item or folder (or not where the action needs it)
    NameTaken,      // the folder already holds an item of that name
    BadName,        // empty, too long, or with a character a name may not have
    IntoItself,     // a folder cannot go into itself or a folder inside it
    ParentInBin,    // restoring into a folder that is itself in the bin
    InBin,          // the action is not for items in the bin (or not for the bin itself)
    TooMany,        // the pupil made kMaxMade items already
    NothingCopied,  // paste without a copy
    NothingToUndo,
};

struct Outcome {
    State state;
    Problem problem = Problem::None;
    std::string id;  // the item made (new-folder, paste) or concerned
    bool changed() const { return problem == Problem::None; }
};

// Queries.
const Node* find(const State& s, std::string_view id);
bool isFolder(const State& s, std::string_view id);  // a folder, home or bin
bool inBin(const State& s, std::string_view id);     // in the bin, itself or a folder around it
// The items directly in `folder` (home, a folder, or bin: the deleted items), in state order.
std::vector<const Node*> children(const State& s, std::string_view folder);
// The folders from home to `folder` (home and folder included); {bin} for the bin.
std::vector<std::string> pathTo(const State& s, std::string_view folder);
// What the list shows: the open folder's items, or with a search the items in it and the folders
// inside it whose names hold the search text (ignoring case); folders first, then by the sort.
std::vector<const Node*> listing(const State& s);
// Is `name` allowed as a name (see the scenario's rules)? The name as it would be stored (trimmed).
bool validName(std::string_view name);

// Actions. Each gives the next state, or the same state and the problem.
Outcome open(const State& s, std::string_view folder);
Outcome newFolder(const FilesScenario& sc, const State& s, std::string_view parent, std::string_view name);
// The new name for `id`; a file keeps its extension when the text has none ("bijenkorf" ->
// "bijenkorf.jpg"), as a file manager that hides extensions does.
Outcome rename(const State& s, std::string_view id, std::string_view text);
Outcome move(const State& s, std::string_view id, std::string_view target);
Outcome copy(const State& s, std::string_view id);
Outcome paste(const State& s, std::string_view target);
Outcome remove(const State& s, std::string_view id);  // to the recycle bin
Outcome restore(const State& s, std::string_view id);
Outcome sortBy(const State& s, Column c);  // the same column again turns the order round
Outcome search(const State& s, std::string_view text);
Outcome undo(const State& s);
// What undo would undo next: move, rename, delete, restore, new-folder, paste; empty for nothing.
std::string undoKind(const State& s);

// The state as a response, and back: NULL or anything that does not fit the scenario is the
// disk as the scenario has it.
Value toResponse(const FilesScenario& sc, const State& s);
State fromResponse(const FilesScenario& sc, const Value& response);
// The outputs, in kType.outputs order: placement, names, paths, copies.
std::vector<Value> project(const Scenario& scenario, const Value& state);

extern const EnvironmentType kType;

}  // namespace dlk::sim::files
