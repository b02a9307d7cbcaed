// The file manager's scenario reader (sim/files/files.h): the disk at the start, refused with the
// element and line of the first thing that cannot be used.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "sim/files/files.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::sim::files {

namespace {

constexpr const char* kTypeNames[] = {"folder",  "document", "spreadsheet", "presentation", "pdf",
                                      "picture", "video",    "sound",       "archive",      "other"};
constexpr const char* kColumnNames[] = {"name", "type", "size", "modified"};
constexpr const char* kOutputAttributes[] = {"placement-response", "names-response", "paths-response",
                                             "copies-response"};

struct Reader {
    FilesScenario& sc;
    std::set<std::string> ids;
    size_t folders = 0, files = 0;

    [[noreturn]] void fail(const BodyNode& at, const std::string& what) const {
        throw Error(ErrorKind::Invalid, "line " + std::to_string(at.line) + ": <" + at.name + "> " + what);
    }

    std::string required(const BodyNode& e, const char* attribute) const {
        const std::string* v = e.attribute(attribute);
        if (!v) fail(e, std::string("has no ") + attribute + " (it is required)");
        return *v;
    }

    void onlyAttributes(const BodyNode& e, std::initializer_list<std::string_view> known) const {
        for (const auto& [name, value] : e.attributes) {
            if (name.starts_with("xmlns")) continue;
            if (std::find(known.begin(), known.end(), name) != known.end()) continue;
            std::string list;
            for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            fail(e, "has no attribute '" + name + "' (it takes " + list + ")");
        }
    }

    std::string readId(const BodyNode& e) {
        const std::string id = required(e, "id");
        bool ok = !id.empty() && id.size() <= kMaxIdBytes && std::isalpha(static_cast<unsigned char>(id[0]));
        for (char c : id) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
        if (!ok)
            fail(e, "id='" + id + "' is not an id (letters, digits, _ . - from a letter on, at most " +
                        std::to_string(kMaxIdBytes) + ")");
        auto generated = [&](std::string_view prefix) {
            return id.starts_with(prefix) && id.size() > prefix.size() &&
                   std::all_of(id.begin() + static_cast<long>(prefix.size()), id.end(),
                               [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
        };
        if (id == kHome || id == kBin || generated("new") || generated("copy"))
            fail(e, "id='" + id + "' is reserved (home, bin, newN and copyN name what the file manager makes)");
        if (!ids.insert(id).second) fail(e, "id='" + id + "' is used twice");
        return id;
    }

    std::string readName(const BodyNode& e) const {
        const std::string name = required(e, "name");
        if (!validName(name) || trim(name) != name)
            fail(e, "name='" + name + "' is not a file name (1 to " + std::to_string(kMaxNameBytes) +
                        " bytes, no spaces around it, none of \\ / : * ? \" < > |)");
        return name;
    }

    std::string readDate(const BodyNode& e, const char* attribute) const {
        const std::string* v = e.attribute(attribute);
        if (!v) return {};
        if (!validDate(*v))
            fail(e, std::string(attribute) + "='" + *v + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
        return *v;
    }

    static bool validDate(const std::string& s) {
        if (s.size() != 10 && s.size() != 16) return false;
        for (size_t i = 0; i < s.size(); ++i) {
            const char want = i == 4 || i == 7 ? '-' : i == 10 ? 'T' : i == 13 ? ':' : '0';
            if (want == '0' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != want) return false;
        }
        const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
        if (month < 1 || month > 12 || day < 1 || day > 31) return false;
        if (s.size() == 16 && (std::stoi(s.substr(11, 2)) > 23 || std::stoi(s.substr(14, 2)) > 59)) return false;
        return true;
    }

    int64_t readSize(const BodyNode& e) const {
        const std::string* v = e.attribute("size");
        if (!v) return -1;
        const std::string t = trim(*v);
        size_t n = 0;
        while (n < t.size() && (std::isdigit(static_cast<unsigned char>(t[n])) || t[n] == '.')) ++n;
        const std::string number = t.substr(0, n), unit = trim(t.substr(n));
        double x = 0;
        double factor = -1;
        if (unit.empty() || unit == "B") factor = 1;
        if (unit == "kB" || unit == "KB") factor = 1024;
        if (unit == "MB") factor = 1024.0 * 1024;
        if (unit == "GB") factor = 1024.0 * 1024 * 1024;
        if (number.empty() || !parseDouble(number, x) || factor < 0 || x * factor >= static_cast<double>(kMaxBytes) ||
            (factor == 1 && number.find('.') != std::string::npos))
            fail(e, "size='" + *v + "' is not a size (bytes, or a number with B, kB, MB or GB, below 1 TB)");
        return static_cast<int64_t>(std::llround(x * factor));
    }

    void readChildren(const BodyNode& parent, const std::string& parentId, int depth) {
        for (const BodyNode& c : parent.children) {
            if (c.isText) {
                if (!trim(c.text).empty())
                    throw Error(ErrorKind::Invalid, "line " + std::to_string(c.line) + ": <" + parent.name +
                                                        "> holds text '" + trim(c.text).substr(0, 40) +
                                                        "'; it holds only folders and files");
                continue;
            }
            const std::string local = environmentName(c);
            if (c.ns != kNamespace || (local != "folder" && local != "file"))
                fail(c, "is not part of a file manager (it holds only dlk:folder and dlk:file)");
            Entry entry;
            entry.line = c.line;
            entry.parent = parentId;
            entry.id = readId(c);
            entry.name = readName(c);
            entry.modified = readDate(c, "modified");
            if (local == "folder") {
                onlyAttributes(c, {"id", "name", "modified"});
                if (depth >= kMaxDepth)
                    fail(c, "lies deeper than " + std::to_string(kMaxDepth) + " folders inside each other");
                if (++folders > kMaxFolders)
                    fail(c, "is one folder too many (at most " + std::to_string(kMaxFolders) + ")");
                entry.type = FileType::Folder;
            } else {
                onlyAttributes(c, {"id", "name", "type", "size", "modified"});
                if (++files > kMaxFiles) fail(c, "is one file too many (at most " + std::to_string(kMaxFiles) + ")");
                if (const std::string* t = c.attribute("type")) {
                    const auto type = typeFromName(*t);
                    if (!type || *type == FileType::Folder)
                        fail(c, "type='" + *t +
                                    "' is no file type (document, spreadsheet, presentation, pdf, picture, video, "
                                    "sound, archive, other)");
                    entry.type = *type;
                } else {
                    entry.type = typeFromExtension(entry.name);
                }
                entry.bytes = readSize(c);
                for (const BodyNode& inner : c.children)
                    if (!inner.isText) fail(inner, "is inside a file; only folders hold things");
            }
            // Names are unique in their folder, ignoring case, as on a real disk.
            for (const Entry& other : sc.entries)
                if (other.parent == parentId && toLowerLatin(other.name) == toLowerLatin(entry.name))
                    fail(c, "name='" + entry.name + "' is in this folder already (line " + std::to_string(other.line) +
                                ")");
            sc.entries.push_back(entry);
            if (local == "folder") readChildren(c, entry.id, depth + 1);
        }
    }
};

}  // namespace

const char* typeName(FileType t) {
    return kTypeNames[static_cast<int>(t)];
}

std::optional<FileType> typeFromName(std::string_view name) {
    for (size_t i = 0; i < std::size(kTypeNames); ++i)
        if (name == kTypeNames[i]) return static_cast<FileType>(i);
    return std::nullopt;
}

FileType typeFromExtension(std::string_view fileName) {
    const auto dot = fileName.rfind('.');
    if (dot == std::string_view::npos) return FileType::Other;
    const std::string ext = toLowerAscii(fileName.substr(dot + 1));
    static const std::pair<const char*, FileType> table[] = {
        {"doc", FileType::Document},     {"docx", FileType::Document},     {"odt", FileType::Document},
        {"txt", FileType::Document},     {"rtf", FileType::Document},      {"xls", FileType::Spreadsheet},
        {"xlsx", FileType::Spreadsheet}, {"ods", FileType::Spreadsheet},   {"csv", FileType::Spreadsheet},
        {"ppt", FileType::Presentation}, {"pptx", FileType::Presentation}, {"odp", FileType::Presentation},
        {"pdf", FileType::Pdf},          {"jpg", FileType::Picture},       {"jpeg", FileType::Picture},
        {"png", FileType::Picture},      {"gif", FileType::Picture},       {"bmp", FileType::Picture},
        {"webp", FileType::Picture},     {"heic", FileType::Picture},      {"mp4", FileType::Video},
        {"mov", FileType::Video},        {"avi", FileType::Video},         {"mkv", FileType::Video},
        {"webm", FileType::Video},       {"mp3", FileType::Sound},         {"wav", FileType::Sound},
        {"ogg", FileType::Sound},        {"m4a", FileType::Sound},         {"flac", FileType::Sound},
        {"zip", FileType::Archive},      {"7z", FileType::Archive},        {"rar", FileType::Archive},
    };
    for (const auto& [e, t] : table)
        if (ext == e) return t;
    return FileType::Other;
}

const char* columnName(Column c) {
    return kColumnNames[static_cast<int>(c)];
}

std::optional<Column> columnFromName(std::string_view name) {
    for (size_t i = 0; i < std::size(kColumnNames); ++i)
        if (name == kColumnNames[i]) return static_cast<Column>(i);
    return std::nullopt;
}

const Entry* FilesScenario::find(std::string_view id) const {
    for (const Entry& e : entries)
        if (e.id == id) return &e;
    return nullptr;
}

std::shared_ptr<const Scenario> readScenario(const BodyNode& element) {
    auto sc = std::make_shared<FilesScenario>();
    Reader reader{*sc, {}};
    std::initializer_list<std::string_view> known = {
        "open", "today", kOutputAttributes[0], kOutputAttributes[1], kOutputAttributes[2], kOutputAttributes[3]};
    reader.onlyAttributes(element, known);
    sc->today = reader.readDate(element, "today");
    reader.readChildren(element, std::string(kHome), 0);
    if (const std::string* open = element.attribute("open")) {
        const Entry* e = sc->find(*open);
        if (*open != kHome && (!e || e->type != FileType::Folder))
            reader.fail(element, "open='" + *open + "' names no folder of the scenario");
        sc->open = *open;
    }
    return sc;
}

}  // namespace dlk::sim::files
