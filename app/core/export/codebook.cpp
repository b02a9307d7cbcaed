#include "export/codebook.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "util/error.h"

namespace dlk {

namespace fs = std::filesystem;

std::vector<std::string> CodebookTable::columns() const {
    std::vector<std::string> out;
    for (const CodebookField& f : fields) out.push_back(f.name);
    return out;
}

const CodebookTable* Codebook::find(const std::string& name) const {
    for (const CodebookTable& t : tables)
        if (t.name == name) return &t;
    return nullptr;
}

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw Error(ErrorKind::Invalid, where + ": " + what);
}

bool plainName(const std::string& name) {
    bool ok = !name.empty() && name.size() <= kCodebookMaxNameLength && name[0] >= 'a' && name[0] <= 'z';
    for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    return ok;
}

// A name as an error message may quote it: cut, and without control characters.
std::string shown(const std::string& s) {
    std::string out;
    for (char c : s.substr(0, 40)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return s.size() > 40 ? out + "..." : out;
}

std::string text(const Json& j, const char* key, const std::string& where, bool required) {
    if (!j.contains(key)) {
        if (required) fail(where, std::string("has no \"") + key + "\"");
        return {};
    }
    const Json& v = j.at(key);
    if (!v.is_string()) fail(where, std::string("\"") + key + "\" is not a string");
    std::string s = v.get<std::string>();
    if (s.size() > kCodebookMaxText) fail(where, std::string("\"") + key + "\" is longer than 8192 bytes");
    return s;
}

// A key's fields: one name or a list of names, each a field of `table`.
std::vector<std::string> keyFields(const Json& j, const std::string& where) {
    std::vector<std::string> out;
    if (j.is_string()) {
        out.push_back(j.get<std::string>());
    } else if (j.is_array() && !j.empty() && j.size() <= kCodebookMaxFields) {
        for (const Json& k : j) {
            if (!k.is_string()) fail(where, "a key names something that is not a field name");
            out.push_back(k.get<std::string>());
        }
    } else {
        fail(where, "a key is neither a field name nor a list of them");
    }
    return out;
}

size_t fieldIndex(const CodebookTable& t, const std::string& name, const std::string& where) {
    for (size_t i = 0; i < t.fields.size(); ++i)
        if (t.fields[i].name == name) return i;
    fail(where, "the key names '" + shown(name) + "', which is not a field of " + t.name);
}

CodebookTable readTable(const Json& r, const std::string& where, size_t index) {
    const std::string at = where + ", table " + std::to_string(index + 1);
    if (!r.is_object()) fail(at, "is not an object");
    CodebookTable t;
    t.name = text(r, "name", at, true);
    if (!plainName(t.name))
        fail(at, "the name '" + shown(t.name) + "' is not a plain lower-case name (a-z, 0-9, _, at most 31)");
    const std::string in = where + ", table " + t.name;
    t.path = text(r, "path", in, true);
    if (t.path != t.name + ".csv")
        fail(in, "has the unsafe path '" + shown(t.path) + "' (a table's file is " + t.name +
                     ".csv in the package's own folder)");
    t.description = text(r, "description", in, false);
    if (!r.contains("schema") || !r.at("schema").is_object()) fail(in, "has no schema");
    const Json& schema = r.at("schema");
    if (!schema.contains("fields") || !schema.at("fields").is_array()) fail(in, "has no list of fields");
    const Json& fields = schema.at("fields");
    if (fields.empty() || fields.size() > kCodebookMaxFields)
        fail(in, "has " + std::to_string(fields.size()) + " fields (1 to 256)");
    std::set<std::string> names;
    for (const Json& f : fields) {
        if (!f.is_object()) fail(in, "a field is not an object");
        CodebookField field;
        field.name = text(f, "name", in, true);
        const std::string fieldAt = in + ", field " + shown(field.name);
        if (!plainName(field.name)) fail(fieldAt, "is not a plain lower-case name (a-z, 0-9, _, at most 31)");
        if (!names.insert(field.name).second) fail(fieldAt, "is there twice");
        field.type = text(f, "type", fieldAt, true);
        if (field.type != "string" && field.type != "integer" && field.type != "number")
            fail(fieldAt, "has the type '" + shown(field.type) + "' (string, integer or number)");
        field.description = text(f, "description", fieldAt, false);
        if (f.contains("constraints")) {
            const Json& c = f.at("constraints");
            if (!c.is_object()) fail(fieldAt, "its constraints are not an object");
            if (c.contains("required")) {
                if (!c.at("required").is_boolean()) fail(fieldAt, "\"required\" is not true or false");
                field.required = c.at("required").get<bool>();
            }
            if (c.contains("enum")) {
                const Json& e = c.at("enum");
                if (!e.is_array() || e.empty() || e.size() > 256) fail(fieldAt, "\"enum\" is not a list of 1 to 256");
                for (const Json& v : e) {
                    if (!(v.is_string() || v.is_number())) fail(fieldAt, "\"enum\" holds something not a value");
                    if (v.is_string() && v.get<std::string>().size() > 256) fail(fieldAt, "\"enum\" value too long");
                    field.allowed.push_back(v);
                }
            }
        }
        t.fields.push_back(std::move(field));
    }
    if (!schema.contains("primaryKey")) fail(in, "has no primary key");
    for (const std::string& k : keyFields(schema.at("primaryKey"), in + ", primary key"))
        t.primaryKey.push_back(fieldIndex(t, k, in + ", primary key"));
    if (schema.contains("foreignKeys")) {
        const Json& fks = schema.at("foreignKeys");
        if (!fks.is_array() || fks.size() > kCodebookMaxTables) fail(in, "\"foreignKeys\" is not a list");
        for (const Json& fk : fks) {
            const std::string fkAt = in + ", foreign key";
            if (!fk.is_object() || !fk.contains("fields") || !fk.contains("reference") ||
                !fk.at("reference").is_object())
                fail(fkAt, "needs fields and a reference");
            CodebookForeignKey key;
            key.fields = keyFields(fk.at("fields"), fkAt);
            for (const std::string& f : key.fields) fieldIndex(t, f, fkAt);
            key.table = text(fk.at("reference"), "resource", fkAt, true);
            if (!fk.at("reference").contains("fields")) fail(fkAt, "its reference names no fields");
            key.referenced = keyFields(fk.at("reference").at("fields"), fkAt);
            if (key.referenced.size() != key.fields.size())
                fail(fkAt, "names " + std::to_string(key.fields.size()) + " fields but refers to " +
                               std::to_string(key.referenced.size()));
            t.foreignKeys.push_back(std::move(key));
        }
    }
    return t;
}

}  // namespace

Codebook codebookFromJson(const Json& package, const std::string& where) {
    if (!package.is_object()) fail(where, "is not a data package (no JSON object)");
    if (!package.contains("resources") || !package.at("resources").is_array())
        fail(where, "is not a data package: it has no list of resources");
    const Json& resources = package.at("resources");
    if (resources.empty()) fail(where, "names no tables");
    if (resources.size() > kCodebookMaxTables)
        fail(where, "names " + std::to_string(resources.size()) + " tables, more than 64");
    Codebook book;
    std::set<std::string> names;
    for (size_t i = 0; i < resources.size(); ++i) {
        CodebookTable t = readTable(resources[i], where, i);
        if (!names.insert(t.name).second) fail(where, "the table " + t.name + " is there twice");
        book.tables.push_back(std::move(t));
    }
    // Every foreign key refers to fields of a table the codebook has.
    for (const CodebookTable& t : book.tables)
        for (const CodebookForeignKey& k : t.foreignKeys) {
            const CodebookTable* target = book.find(k.table);
            const std::string at = where + ", table " + t.name + ", foreign key";
            if (!target) fail(at, "refers to the table '" + shown(k.table) + "', which the package does not have");
            for (const std::string& f : k.referenced) fieldIndex(*target, f, at);
        }
    book.resources = resources;
    return book;
}

Codebook parseCodebook(const std::string& text, const std::string& where) {
    if (text.size() > kCodebookMaxBytes)
        fail(where, "has " + std::to_string(text.size()) + " bytes, more than a codebook's 1 MiB");
    Json package;
    try {
        package = parseJson(text, where);
    } catch (const Error& e) {
        throw Error(ErrorKind::Invalid, e.what());
    }
    return codebookFromJson(package, where);
}

Codebook readCodebook(const std::string& folder) {
    const fs::path path = fs::path(folder) / kCodebookFile;
    const std::string where = path.string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw Error(ErrorKind::NotFound, where + " is missing");
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot read " + where + ": " + ec.message());
    if (size > kCodebookMaxBytes) fail(where, "has " + std::to_string(size) + " bytes, more than a codebook's 1 MiB");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof()) throw Error(ErrorKind::Io, "cannot read " + where);
    return parseCodebook(bytes.str(), where);
}

}  // namespace dlk
