// The file manager's model (sim/files/files.h): pure and deterministic; every action gives the
// next state or says why it changed nothing.
#include "sim/files/files.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "util/text.h"

namespace dlk::sim::files {

namespace {

constexpr std::string_view kForbidden = "\\/:*?\"<>|";

// ---- names in the state's strings: %, space and : escaped, and every control byte

std::string escape(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '%' || c == ':' || c <= ' ' || c == 0x7f) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

std::optional<std::string> unescape(std::string_view s) {
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = digit(s[i + 1]), lo = digit(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string lower(std::string_view s) {
    return toLowerLatin(s);
}

bool sameName(std::string_view a, std::string_view b) {
    return lower(a) == lower(b);
}

Node* findMutable(State& s, std::string_view id) {
    for (Node& n : s.nodes)
        if (n.id == id) return &n;
    return nullptr;
}

bool inBinList(const State& s, std::string_view id) {
    return std::find(s.bin.begin(), s.bin.end(), id) != s.bin.end();
}

// Is `id` the folder `ancestor` or inside it?
bool within(const State& s, std::string_view id, std::string_view ancestor) {
    std::string at(id);
    for (size_t guard = 0; guard <= s.nodes.size() + 1; ++guard) {
        if (at == ancestor) return true;
        const Node* n = find(s, at);
        if (!n) return false;
        at = n->parent;
    }
    return false;
}

// Another item directly in `folder` (not in the bin) called `name`, ignoring case.
const Node* namesake(const State& s, std::string_view folder, std::string_view name, std::string_view except) {
    for (const Node* n : children(s, folder))
        if (n->id != except && sameName(n->name, name)) return n;
    return nullptr;
}

// "name.ext" -> {"name", ".ext"}; a folder or a name without a dot has no extension.
std::pair<std::string, std::string> splitExtension(const Node& n, const std::string& name) {
    const auto dot = name.rfind('.');
    if (n.folder() || dot == std::string::npos || dot == 0) return {name, ""};
    return {name.substr(0, dot), name.substr(dot)};
}

// The first of "name", "name (2)", "name (3)"... that `folder` does not hold yet.
std::string freeName(const State& s, const Node& like, std::string_view folder, const std::string& name) {
    if (!namesake(s, folder, name, "")) return name;
    const auto [stem, ext] = splitExtension(like, name);
    for (int i = 2;; ++i) {
        std::string candidate = stem + " (" + std::to_string(i) + ")" + ext;
        if (candidate.size() > kMaxNameBytes) candidate = "(" + std::to_string(i) + ")" + ext;
        if (!namesake(s, folder, candidate, "")) return candidate;
    }
}

// Items the pupil made: new folders and copies (a scenario entry is its own origin).
bool isMade(const Node& n) {
    return n.origin != n.id;
}
size_t madeCount(const State& s) {
    return static_cast<size_t>(std::count_if(s.nodes.begin(), s.nodes.end(), isMade));
}

// The next free "newN" or "copyN".
std::string nextId(const State& s, std::string_view prefix) {
    int64_t most = 0;
    for (const Node& n : s.nodes) {
        int64_t k = 0;
        if (n.id.starts_with(prefix) && parseInt64(std::string_view(n.id).substr(prefix.size()), k))
            most = std::max(most, k);
    }
    return std::string(prefix) + std::to_string(most + 1);
}

void pushUndo(State& s, std::string step) {
    s.undo.push_back(std::move(step));
    if (s.undo.size() > kMaxUndo) s.undo.erase(s.undo.begin());
}

std::string placeStep(const char* action, const Node& n, bool wasInBin) {
    return std::string(action) + ":" + n.id + ":" + n.parent + ":" + (wasInBin ? "1" : "0");
}

// After a delete or an undo the folder shown may be gone or in the bin: then the folder around
// the outermost deleted one is shown (home when nothing else is left).
void keepOpenFolderVisible(State& s) {
    if (s.open == kHome || s.open == kBin) return;
    if (!find(s, s.open)) {
        s.open = std::string(kHome);
        return;
    }
    std::string at = s.open, visible = s.open;
    for (size_t guard = 0; guard <= s.nodes.size() && at != kHome; ++guard) {
        const Node* n = find(s, at);
        if (!n) break;
        if (inBinList(s, n->id)) visible = n->parent;
        at = n->parent;
    }
    s.open = visible;
}

// Takes `id` and everything inside it out of the state (an item made, undone).
void drop(State& s, const std::string& id) {
    const Node* n = find(s, id);
    if (!n) return;
    if (within(s, s.open, id)) s.open = n->parent;
    std::set<std::string> gone;
    for (const Node& m : s.nodes)
        if (within(s, m.id, id)) gone.insert(m.id);
    std::erase_if(s.nodes, [&](const Node& m) { return gone.count(m.id) > 0; });
    std::erase_if(s.bin, [&](const std::string& b) { return gone.count(b) > 0; });
    if (gone.count(s.clipboard)) s.clipboard.clear();
    keepOpenFolderVisible(s);
}

Outcome refused(const State& s, Problem p, std::string_view id = {}) {
    return Outcome{s, p, std::string(id)};
}

int compareNames(const Node& a, const Node& b) {
    const std::string x = lower(a.name), y = lower(b.name);
    return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace

// ---- queries

const Node* find(const State& s, std::string_view id) {
    for (const Node& n : s.nodes)
        if (n.id == id) return &n;
    return nullptr;
}

bool isFolder(const State& s, std::string_view id) {
    if (id == kHome || id == kBin) return true;
    const Node* n = find(s, id);
    return n && n->folder();
}

bool inBin(const State& s, std::string_view id) {
    std::string at(id);
    for (size_t guard = 0; guard <= s.nodes.size() + 1; ++guard) {
        if (inBinList(s, at)) return true;
        const Node* n = find(s, at);
        if (!n) return false;
        at = n->parent;
    }
    return false;
}

std::vector<const Node*> children(const State& s, std::string_view folder) {
    std::vector<const Node*> out;
    if (folder == kBin) {
        for (const std::string& id : s.bin)
            if (const Node* n = find(s, id)) out.push_back(n);
        return out;
    }
    for (const Node& n : s.nodes)
        if (n.parent == folder && !inBinList(s, n.id)) out.push_back(&n);
    return out;
}

std::vector<std::string> pathTo(const State& s, std::string_view folder) {
    if (folder == kBin) return {std::string(kBin)};
    std::vector<std::string> path;
    std::string at(folder);
    for (size_t guard = 0; guard <= s.nodes.size() + 1 && at != kHome; ++guard) {
        const Node* n = find(s, at);
        if (!n) break;
        path.push_back(at);
        if (inBinList(s, at)) {
            path.push_back(std::string(kBin));
            std::reverse(path.begin(), path.end());
            return path;
        }
        at = n->parent;
    }
    path.push_back(std::string(kHome));
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<const Node*> listing(const State& s) {
    std::vector<const Node*> out;
    if (s.search.empty()) {
        out = children(s, s.open);
    } else {
        const std::string wanted = lower(s.search);
        for (const Node& n : s.nodes) {
            if (n.id == s.open || lower(n.name).find(wanted) == std::string::npos) continue;
            const bool here = s.open == kBin ? inBin(s, n.id) : within(s, n.id, s.open) && !inBin(s, n.id);
            if (here) out.push_back(&n);
        }
    }
    auto key = [&](const Node& a, const Node& b) -> int {
        switch (s.sort) {
            case Column::Name:
                return compareNames(a, b);
            case Column::Type:
                return a.type == b.type ? 0 : a.type < b.type ? -1 : 1;
            case Column::Size:
                return a.bytes == b.bytes ? 0 : a.bytes < b.bytes ? -1 : 1;
            case Column::Modified:
                return a.modified == b.modified ? 0 : a.modified < b.modified ? -1 : 1;
        }
        return 0;
    };
    std::stable_sort(out.begin(), out.end(), [&](const Node* a, const Node* b) {
        if (a->folder() != b->folder()) return a->folder();  // folders first, as file managers do
        int k = key(*a, *b);
        if (k == 0) k = compareNames(*a, *b);
        if (k == 0) k = a->id < b->id ? -1 : a->id > b->id ? 1 : 0;
        return s.descending ? k > 0 : k < 0;
    });
    return out;
}

bool validName(std::string_view name) {
    const std::string t = trim(name);
    if (t.empty() || t.size() > kMaxNameBytes || t == "." || t == ".." || !isValidUtf8(t)) return false;
    for (char ch : t) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < ' ' || c == 0x7f || kForbidden.find(ch) != std::string_view::npos) return false;
    }
    return true;
}

// ---- the start

State start(const FilesScenario& sc) {
    State s;
    for (const Entry& e : sc.entries)
        s.nodes.push_back(Node{e.id, e.id, e.type, e.bytes, e.modified, e.name, e.parent});
    s.open = sc.open;
    return s;
}

// ---- actions

Outcome open(const State& s, std::string_view folder) {
    if (!isFolder(s, folder)) return refused(s, Problem::NotFound, folder);
    if (folder != kBin && folder != kHome && inBin(s, folder)) return refused(s, Problem::InBin, folder);
    State next = s;
    next.open = std::string(folder);
    next.search.clear();
    return {next, Problem::None, std::string(folder)};
}

Outcome newFolder(const FilesScenario& sc, const State& s, std::string_view parent, std::string_view name) {
    if (!isFolder(s, parent)) return refused(s, Problem::NotFound, parent);
    if (parent == kBin || (parent != kHome && inBin(s, parent))) return refused(s, Problem::InBin, parent);
    if (!validName(name)) return refused(s, Problem::BadName, parent);
    if (madeCount(s) >= kMaxMade) return refused(s, Problem::TooMany, parent);
    if (pathTo(s, parent).size() > static_cast<size_t>(kMaxDepth)) return refused(s, Problem::TooMany, parent);
    State next = s;
    Node n;
    n.id = nextId(s, "new");
    n.type = FileType::Folder;
    n.modified = sc.today;
    n.parent = std::string(parent);
    n.name = freeName(s, n, parent, trim(name));
    next.nodes.push_back(n);
    pushUndo(next, "new-folder:" + n.id);
    return {next, Problem::None, n.id};
}

Outcome rename(const State& s, std::string_view id, std::string_view text) {
    const Node* n = find(s, id);
    if (!n) return refused(s, Problem::NotFound, id);
    if (inBin(s, id)) return refused(s, Problem::InBin, id);
    std::string name = trim(text);
    if (!validName(name)) return refused(s, Problem::BadName, id);
    // A file keeps its extension when the pupil types a name without it.
    const auto [stem, ext] = splitExtension(*n, n->name);
    if (!ext.empty() && !lower(name).ends_with(lower(ext))) name += ext;
    if (!validName(name)) return refused(s, Problem::BadName, id);
    if (name == n->name) return refused(s, Problem::None, id);
    if (namesake(s, n->parent, name, n->id)) return refused(s, Problem::NameTaken, id);
    State next = s;
    pushUndo(next, "rename:" + n->id + ":" + escape(n->name));
    findMutable(next, id)->name = name;
    return {next, Problem::None, std::string(id)};
}

Outcome move(const State& s, std::string_view id, std::string_view target) {
    const Node* n = find(s, id);
    if (!n) return refused(s, Problem::NotFound, id);
    if (target == kBin) return remove(s, id);
    if (!isFolder(s, target)) return refused(s, Problem::NotFound, target);
    if (target != kHome && inBin(s, target)) return refused(s, Problem::InBin, target);
    if (n->folder() && within(s, target, id)) return refused(s, Problem::IntoItself, id);
    const bool wasInBin = inBinList(s, id);
    if (!wasInBin && inBin(s, id)) return refused(s, Problem::InBin, id);  // inside a deleted folder
    if (n->parent == target && !wasInBin) return refused(s, Problem::None, id);
    if (namesake(s, target, n->name, n->id)) return refused(s, Problem::NameTaken, id);
    if (n->folder() && pathTo(s, target).size() + 1 > static_cast<size_t>(kMaxDepth) + 1)
        return refused(s, Problem::TooMany, id);
    State next = s;
    pushUndo(next, placeStep("move", *n, wasInBin));
    findMutable(next, id)->parent = std::string(target);
    std::erase(next.bin, std::string(id));
    return {next, Problem::None, std::string(id)};
}

Outcome copy(const State& s, std::string_view id) {
    const Node* n = find(s, id);
    if (!n) return refused(s, Problem::NotFound, id);
    if (inBin(s, id)) return refused(s, Problem::InBin, id);
    State next = s;
    next.clipboard = std::string(id);
    return {next, Problem::None, std::string(id)};
}

Outcome paste(const State& s, std::string_view target) {
    if (s.clipboard.empty() || !find(s, s.clipboard)) return refused(s, Problem::NothingCopied, target);
    if (!isFolder(s, target)) return refused(s, Problem::NotFound, target);
    if (target == kBin || (target != kHome && inBin(s, target))) return refused(s, Problem::InBin, target);
    if (inBin(s, s.clipboard)) return refused(s, Problem::InBin, s.clipboard);
    const Node& source = *find(s, s.clipboard);
    if (source.folder() && within(s, target, source.id)) return refused(s, Problem::IntoItself, source.id);
    // The copy and, for a folder, everything in it.
    // In tree order (a folder before what is in it), whatever order the items were made in.
    std::vector<const Node*> subtree = {&source};
    for (size_t i = 0; i < subtree.size() && subtree.size() <= kMaxMade; ++i)
        if (subtree[i]->folder())
            for (const Node* c : children(s, subtree[i]->id)) subtree.push_back(c);
    if (madeCount(s) + subtree.size() > kMaxMade) return refused(s, Problem::TooMany, source.id);
    State next = s;
    std::vector<std::pair<std::string, std::string>> renamed;  // old id -> copy id
    std::string top;
    for (const Node* n : subtree) {
        Node c = *n;
        c.id = nextId(next, "copy");  // c.origin stays: the scenario entry it copies, or none for a new folder
        if (n->id == source.id) {
            c.parent = std::string(target);
            c.name = freeName(next, c, target, n->name);
            top = c.id;
        } else {
            for (const auto& [from, to] : renamed)
                if (n->parent == from) c.parent = to;
        }
        renamed.emplace_back(n->id, c.id);
        next.nodes.push_back(c);
    }
    pushUndo(next, "paste:" + top);
    return {next, Problem::None, top};
}

Outcome remove(const State& s, std::string_view id) {
    const Node* n = find(s, id);
    if (!n) return refused(s, Problem::NotFound, id);
    if (inBin(s, id)) return refused(s, Problem::InBin, id);
    State next = s;
    pushUndo(next, placeStep("delete", *n, false));
    next.bin.push_back(std::string(id));
    if (!next.clipboard.empty() && inBin(next, next.clipboard)) next.clipboard.clear();
    keepOpenFolderVisible(next);
    return {next, Problem::None, std::string(id)};
}

Outcome restore(const State& s, std::string_view id) {
    const Node* n = find(s, id);
    if (!n || !inBinList(s, id)) return refused(s, Problem::NotFound, id);
    if (n->parent != kHome && (!find(s, n->parent) || inBin(s, n->parent))) return refused(s, Problem::ParentInBin, id);
    if (namesake(s, n->parent, n->name, n->id)) return refused(s, Problem::NameTaken, id);
    State next = s;
    pushUndo(next, placeStep("restore", *n, true));
    std::erase(next.bin, std::string(id));
    return {next, Problem::None, std::string(id)};
}

Outcome sortBy(const State& s, Column c) {
    State next = s;
    next.descending = s.sort == c ? !s.descending : false;
    next.sort = c;
    return {next, Problem::None, columnName(c)};
}

Outcome search(const State& s, std::string_view text) {
    std::string t = trim(text);
    if (t.size() > kMaxSearchBytes) {
        t.resize(kMaxSearchBytes);
        while (!t.empty() && !isValidUtf8(t)) t.pop_back();
    }
    if (!isValidUtf8(t)) t.clear();
    State next = s;
    next.search = t;
    return {next, Problem::None, {}};
}

std::string undoKind(const State& s) {
    if (s.undo.empty()) return {};
    const std::string& step = s.undo.back();
    return step.substr(0, step.find(':'));
}

Outcome undo(const State& s) {
    if (s.undo.empty()) return refused(s, Problem::NothingToUndo);
    State next = s;
    const std::string step = next.undo.back();
    next.undo.pop_back();
    const std::vector<std::string> part = split(step, ':');
    const std::string& kind = part[0];
    if ((kind == "move" || kind == "delete" || kind == "restore") && part.size() == 4) {
        Node* n = findMutable(next, part[1]);
        if (!n) return refused(s, Problem::NothingToUndo);
        n->parent = part[2];
        std::erase(next.bin, n->id);
        if (part[3] == "1") next.bin.push_back(n->id);
        keepOpenFolderVisible(next);
        return {next, Problem::None, part[1]};
    }
    if (kind == "rename" && part.size() == 3) {
        Node* n = findMutable(next, part[1]);
        const auto name = unescape(part[2]);
        if (!n || !name) return refused(s, Problem::NothingToUndo);
        n->name = *name;
        return {next, Problem::None, part[1]};
    }
    if ((kind == "new-folder" || kind == "paste") && part.size() == 2) {
        if (!find(next, part[1])) return refused(s, Problem::NothingToUndo);
        drop(next, part[1]);
        return {next, Problem::None, part[1]};
    }
    return refused(s, Problem::NothingToUndo);
}

// ---- the response

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& i : items) out += (out.empty() ? "" : " ") + i;
    return out;
}

void addString(Value& v, const char* name, const std::string& text) {
    if (!text.empty()) v.fields.push_back({name, BaseType::String, text});
}

std::string fieldText(const Value& v, const char* name) {
    const RecordField* f = v.field(name);
    return f ? f->value : std::string();
}

bool isGeneratedId(std::string_view id) {
    for (std::string_view prefix : {std::string_view("new"), std::string_view("copy")}) {
        int64_t k = 0;
        if (id.starts_with(prefix) && id.size() > prefix.size() && id.size() < prefix.size() + 6 &&
            std::isdigit(static_cast<unsigned char>(id[prefix.size()])) && parseInt64(id.substr(prefix.size()), k) &&
            k > 0)
            return true;
    }
    return false;
}

// A state read back: nullopt when anything in it does not fit the scenario.
std::optional<State> read(const FilesScenario& sc, const Value& v) {
    State s = start(sc);
    // What the pupil made first: the other fields name it.
    for (const std::string& entry : splitWhitespace(fieldText(v, "made"))) {
        const auto part = split(entry, ':');
        if (part.size() > 2 || !isGeneratedId(part[0]) || find(s, part[0])) return std::nullopt;
        Node n;
        n.id = part[0];
        n.type = FileType::Folder;
        n.modified = sc.today;
        n.parent = std::string(kHome);
        if (part.size() == 2) {
            const Entry* origin = sc.find(part[1]);
            if (!origin) return std::nullopt;
            n.origin = origin->id;
            n.type = origin->type;
            n.bytes = origin->bytes;
            n.modified = origin->modified;
            n.name = origin->name;
        }
        s.nodes.push_back(n);
    }
    if (madeCount(s) > kMaxMade) return std::nullopt;
    std::set<std::string> placed, named;
    for (const std::string& entry : splitWhitespace(fieldText(v, "where"))) {
        const auto part = split(entry, ':');
        Node* n = part.size() == 2 ? findMutable(s, part[0]) : nullptr;
        if (!n || !isFolder(s, part[1]) || part[1] == kBin || part[1] == n->id || !placed.insert(n->id).second)
            return std::nullopt;
        n->parent = part[1];
    }
    for (const std::string& entry : splitWhitespace(fieldText(v, "names"))) {
        const auto part = split(entry, ':');
        Node* n = part.size() == 2 ? findMutable(s, part[0]) : nullptr;
        const auto name = part.size() == 2 ? unescape(part[1]) : std::nullopt;
        if (!n || !name || !validName(*name) || trim(*name) != *name || !named.insert(n->id).second)
            return std::nullopt;
        n->name = *name;
    }
    // Everything made has a place and a name; no folder lies inside itself.
    for (const Node& n : s.nodes) {
        if (isMade(n) && (!placed.count(n.id) || !named.count(n.id))) return std::nullopt;
        if (!within(s, n.parent, kHome)) return std::nullopt;
    }
    for (const std::string& id : splitWhitespace(fieldText(v, "bin"))) {
        if (!find(s, id) || inBinList(s, id)) return std::nullopt;
        s.bin.push_back(id);
    }
    s.open = fieldText(v, "open");
    if (!isFolder(s, s.open) || (s.open != kBin && s.open != kHome && inBin(s, s.open))) return std::nullopt;
    s.clipboard = fieldText(v, "clipboard");
    if (!s.clipboard.empty() && !find(s, s.clipboard)) return std::nullopt;
    const auto column = columnFromName(fieldText(v, "sort"));
    if (!column) return std::nullopt;
    s.sort = *column;
    s.descending = fieldText(v, "descending") == "true";
    s.search = fieldText(v, "search");
    if (s.search.size() > kMaxSearchBytes) return std::nullopt;
    for (const std::string& step : splitWhitespace(fieldText(v, "undo"))) {
        const auto part = split(step, ':');
        const std::string& kind = part[0];
        const bool ok = ((kind == "move" || kind == "delete" || kind == "restore") && part.size() == 4 &&
                         (part[3] == "0" || part[3] == "1")) ||
                        (kind == "rename" && part.size() == 3 && unescape(part[2])) ||
                        ((kind == "new-folder" || kind == "paste") && part.size() == 2);
        if (!ok) return std::nullopt;
        s.undo.push_back(step);
    }
    if (s.undo.size() > kMaxUndo) return std::nullopt;
    return s;
}

// The path of the folder `id` is in, from home or the bin: scenario folders by id, folders the
// pupil made by name.
std::string pathOf(const State& s, const Node& item) {
    if (inBinList(s, item.id)) return std::string(kBin);
    std::vector<std::string> segments;
    std::string at = item.parent;
    std::string root(kHome);
    for (size_t guard = 0; guard <= s.nodes.size() && at != kHome; ++guard) {
        const Node* folder = find(s, at);
        if (!folder) break;
        segments.push_back(isMade(*folder) ? folder->name : folder->id);
        if (inBinList(s, folder->id)) {
            root = std::string(kBin);
            break;
        }
        at = folder->parent;
    }
    std::string path = root;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) path += "/" + *it;
    return path;
}

}  // namespace

Value toResponse(const FilesScenario& sc, const State& s) {
    std::vector<std::string> where, names, made;
    for (const Node& n : s.nodes) {
        const Entry* e = isMade(n) ? nullptr : sc.find(n.id);
        if (isMade(n)) made.push_back(n.origin.empty() ? n.id : n.id + ":" + n.origin);
        if (!e || e->parent != n.parent) where.push_back(n.id + ":" + n.parent);
        if (!e || e->name != n.name) names.push_back(n.id + ":" + escape(n.name));
    }
    Value v = Value::null(Cardinality::Record, BaseType::String);
    v.fields.push_back({"open", BaseType::String, s.open});
    addString(v, "where", joined(where));
    addString(v, "names", joined(names));
    addString(v, "made", joined(made));
    addString(v, "bin", joined(s.bin));
    addString(v, "clipboard", s.clipboard);
    v.fields.push_back({"sort", BaseType::String, columnName(s.sort)});
    v.fields.push_back({"descending", BaseType::Boolean, s.descending ? "true" : "false"});
    addString(v, "search", s.search);
    addString(v, "undo", joined(s.undo));
    return v;
}

State fromResponse(const FilesScenario& sc, const Value& response) {
    if (response.cardinality != Cardinality::Record || response.isNull()) return start(sc);
    return read(sc, response).value_or(start(sc));
}

std::vector<Value> project(const Scenario& scenario, const Value& state) {
    const auto& sc = static_cast<const FilesScenario&>(scenario);
    const State s = fromResponse(sc, state);
    std::vector<std::string> placement, copies;
    Value names = Value::null(Cardinality::Record, BaseType::String);
    Value paths = Value::null(Cardinality::Record, BaseType::String);
    for (const Node& n : s.nodes) {
        placement.push_back(n.id + " " + (inBinList(s, n.id) ? std::string(kBin) : n.parent));
        const Entry* e = isMade(n) ? nullptr : sc.find(n.id);
        if (!e || e->name != n.name) names.fields.push_back({n.id, BaseType::String, n.name});
        paths.fields.push_back({n.id, BaseType::String, pathOf(s, n)});
        if (isMade(n) && !n.origin.empty() && !inBin(s, n.id)) copies.push_back(n.origin + " " + n.parent);
    }
    return {Value::container(Cardinality::Multiple, BaseType::DirectedPair, placement), names, paths,
            Value::container(Cardinality::Multiple, BaseType::DirectedPair, copies)};
}

// ---- the demo school

namespace {

// A simulated pupil: each thing the item's correct responses ask for (an item in a folder, a
// name, a path, a copy) is done with probability `fraction`, with the model's own actions.
Value simulate(const Scenario& scenario, const SimulationTarget& target, double fraction, std::mt19937_64& rng) {
    const auto& sc = static_cast<const FilesScenario&>(scenario);
    State s = start(sc);
    std::uniform_real_distribution<double> u(0, 1);
    auto take = [&] { return u(rng) < fraction; };
    auto apply = [&](const Outcome& o) {
        if (o.changed()) s = o.state;
        return o.changed();
    };
    auto correct = [&](size_t output) -> const Value* {
        const ResponseDeclaration* d = output < target.outputs.size() ? target.outputs[output] : nullptr;
        return d && d->correctResponse && !d->correctResponse->isNull() ? &*d->correctResponse : nullptr;
    };
    // A folder the item names by a made id ("new1"): made at home until it is there.
    auto ensure = [&](const std::string& id) {
        for (size_t guard = 0; guard < kMaxMade && !find(s, id) && isGeneratedId(id) && id.starts_with("new"); ++guard)
            if (!apply(newFolder(sc, s, kHome, nextId(s, "new")))) break;
        return find(s, id) != nullptr || id == kHome || id == kBin;
    };
    if (const Value* pairs = correct(0))
        for (const std::string& pair : pairs->items) {
            const auto ends = splitWhitespace(pair);
            if (ends.size() != 2 || !take() || !ensure(ends[0]) || !ensure(ends[1])) continue;
            apply(move(s, ends[0], ends[1]));
        }
    if (const Value* names = correct(1))
        for (const RecordField& f : names->fields)
            if (take() && ensure(f.name)) apply(rename(s, f.name, f.value));
    if (const Value* paths = correct(2))
        for (const RecordField& f : paths->fields) {
            const auto segments = split(f.value, '/');
            if (!find(s, f.name) || segments.empty() || !take()) continue;
            if (segments[0] == kBin) {
                apply(remove(s, f.name));
                continue;
            }
            std::string at(kHome);
            for (size_t i = 1; i < segments.size(); ++i) {
                const Entry* e = sc.find(segments[i]);
                if (e && e->type == FileType::Folder) {
                    at = e->id;
                    continue;
                }
                const Node* there = nullptr;
                for (const Node* c : children(s, at))
                    if (c->folder() && sameName(c->name, segments[i])) there = c;
                if (there) {
                    at = there->id;
                } else {
                    const Outcome made = newFolder(sc, s, at, segments[i]);
                    if (!apply(made)) break;
                    at = made.id;
                }
            }
            apply(move(s, f.name, at));
        }
    if (const Value* pairs = correct(3))
        for (const std::string& pair : pairs->items) {
            const auto ends = splitWhitespace(pair);
            if (ends.size() != 2 || !take() || !ensure(ends[1]) || !apply(copy(s, ends[0]))) continue;
            apply(paste(s, ends[1]));
        }
    s.undo.clear();
    return toResponse(sc, s);
}

}  // namespace

const EnvironmentType kType{
    "files",
    Cardinality::Record,
    std::nullopt,
    readScenario,
    simulate,
    {
        {"placement-response", Cardinality::Multiple, BaseType::DirectedPair,
         "where every file and folder is: id and folder, home at the top, bin for the recycle bin"},
        {"names-response", Cardinality::Record, std::nullopt, "the name of every item renamed or made, by id"},
        {"paths-response", Cardinality::Record, std::nullopt,
         "the folder path of every item: scenario folders by id, folders the pupil made by name"},
        {"copies-response", Cardinality::Multiple, BaseType::DirectedPair,
         "every copy not in the bin: the item copied and the folder of the copy"},
    },
    project,
    true,  // holdsTypedText
};

}  // namespace dlk::sim::files
