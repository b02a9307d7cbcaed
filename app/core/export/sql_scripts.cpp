#include "export/sql_scripts.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "export/atomic_file.h"
#include "export/codebook.h"
#include "util/error.h"
#include "util/json.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {

// Names come from a package that may be hostile: only plain identifiers become SQL, and they
// are quoted all the same.
std::string identifier(const std::string& name, const std::string& what) {
    bool ok = !name.empty() && name.size() <= 63 && name[0] >= 'a' && name[0] <= 'z';
    for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) throw Error(ErrorKind::Invalid, what + " '" + name + "' is not a plain lower-case SQL name");
    return "\"" + name + "\"";
}

std::string literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string sqlType(const std::string& type, const std::string& where) {
    if (type == "string") return "text";
    if (type == "integer") return "bigint";
    if (type == "number") return "double precision";
    throw Error(ErrorKind::Invalid, where + " has the type '" + type + "', which has no SQL type here");
}

std::string keyList(const std::vector<std::string>& fields, const std::string& table) {
    std::string out;
    for (const std::string& f : fields) out += (out.empty() ? "" : ", ") + identifier(f, "a key field of " + table);
    return out;
}

}  // namespace

SqlScripts sqlScriptsFor(const Json& package) {
    SqlScripts out;
    std::ostringstream schema, foreignKeys, comments;
    schema << "-- The tables of this data package (datapackage.json) for PostgreSQL. Run from its folder:\n"
              "--   psql -v ON_ERROR_STOP=1 -f schema.sql -f load.sql\n"
              "CREATE SCHEMA IF NOT EXISTS dlkiosk;\n";
    std::map<std::string, std::set<std::string>> references;  // table -> tables it refers to
    std::vector<std::pair<std::string, std::string>> tables;  // (name, path) in the package's order
    // The codebook reader (export/codebook.h) checks names, paths, types and keys; quoting here stays all the same.
    const Codebook book = codebookFromJson(package, kCodebookFile);
    for (const CodebookTable& t : book.tables) {
        const std::string& name = t.name;
        const std::string table = "dlkiosk." + identifier(name, "the table");
        tables.emplace_back(name, t.path);
        schema << "\nCREATE TABLE " << table << " (\n";
        comments << "COMMENT ON TABLE " << table << " IS " << literal(t.description) << ";\n";
        for (const CodebookField& f : t.fields) {
            const std::string quoted = identifier(f.name, "a field of " + name);
            schema << "    " << quoted << ' ' << sqlType(f.type, name + "." + f.name);
            if (f.required) schema << " NOT NULL";
            if (!f.allowed.empty()) {
                std::string values;
                for (const Json& v : f.allowed)
                    values += (values.empty() ? "" : ", ") + (v.is_string() ? literal(v.get<std::string>()) : v.dump());
                schema << " CHECK (" << quoted << " IN (" << values << "))";
            }
            schema << ",\n";
            comments << "COMMENT ON COLUMN " << table << '.' << quoted << " IS " << literal(f.description) << ";\n";
        }
        std::vector<std::string> primary;
        for (size_t k : t.primaryKey) primary.push_back(t.fields[k].name);
        schema << "    PRIMARY KEY (" << keyList(primary, name) << ")\n);\n";
        for (const CodebookForeignKey& k : t.foreignKeys) {
            references[name].insert(k.table);
            foreignKeys << "ALTER TABLE " << table << " ADD FOREIGN KEY (" << keyList(k.fields, name)
                        << ") REFERENCES dlkiosk." << identifier(k.table, "a referenced table") << " ("
                        << keyList(k.referenced, k.table) << ");\n";
        }
    }
    out.schema = schema.str() + "\n" + foreignKeys.str() + "\n" + comments.str();

    // Referenced tables first, so every foreign key holds while the rows come in.
    std::ostringstream load;
    load << "-- Loads this data package's CSV files into the tables of schema.sql, in one transaction.\n"
            "-- Run from its folder (\\copy reads the files relative to it).\n"
            "\\set ON_ERROR_STOP on\nBEGIN;\n";
    std::set<std::string> loaded;
    while (loaded.size() < tables.size()) {
        const size_t before = loaded.size();
        for (const auto& [name, path] : tables) {
            if (loaded.count(name)) continue;
            bool ready = true;
            for (const std::string& target : references[name])
                ready = ready && (target == name || loaded.count(target));
            if (!ready) continue;
            load << "\\copy dlkiosk." << identifier(name, "the table") << " FROM " << literal(path)
                 << " WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')\n";
            loaded.insert(name);
        }
        if (loaded.size() == before)
            throw Error(ErrorKind::Invalid, "datapackage.json's foreign keys refer in a circle or to no table");
    }
    load << "COMMIT;\n";
    out.load = load.str();
    return out;
}

void writeSqlScripts(const std::string& folder) {
    const Codebook book = readCodebook(folder);  // bounded and checked
    const SqlScripts scripts = sqlScriptsFor(Json{{"resources", book.resources}});
    AtomicFile schema(fs::path(folder) / kSqlSchemaFile);
    schema.out() << scripts.schema;
    AtomicFile load(fs::path(folder) / kSqlLoadFile);
    load.out() << scripts.load;
    schema.commit();
    load.commit();
}

}  // namespace dlk
