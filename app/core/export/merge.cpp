#include "export/merge.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "export/atomic_file.h"
#include "export/codebook.h"
#include "export/csv_export.h"
#include "export/manifest.h"
#include "export/sql_scripts.h"
#include "export/workbook.h"
#include "irt/csv_reader.h"
#include "util/error.h"
#include "util/json.h"

namespace dlk {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPackageFile = "datapackage.json";

std::string readSmallFile(const fs::path& path, size_t limit) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw Error(ErrorKind::NotFound, path.string() + " is missing");
    const auto size = fs::file_size(path, ec);
    if (ec) throw Error(ErrorKind::Io, "cannot read " + path.string() + ": " + ec.message());
    if (size > limit)
        throw Error(ErrorKind::Invalid, path.string() + " has " + std::to_string(size) +
                                            " bytes, more than a data package's " + std::to_string(limit));
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw Error(ErrorKind::Io, "cannot read " + path.string());
    return text.str();
}

// One table of the codebook: its file, columns, and which of them form the primary key.
struct Table {
    std::string name, path;
    std::vector<std::string> columns;
    std::vector<size_t> keyColumns;
    std::vector<bool> keyIsInteger;  // per key column: sorted as a number (seq 2 before seq 10)
};

// The tables as the codebook (export/codebook.h) names them, checked there.
std::vector<Table> tablesOf(const Codebook& book, const std::string& where) {
    std::vector<Table> tables;
    for (const CodebookTable& c : book.tables) {
        Table t;
        t.name = c.name;
        t.path = c.path;
        t.columns = c.columns();
        if (t.columns.size() > kMergeMaxColumns)
            throw Error(ErrorKind::Invalid,
                        where + ": resource " + t.name + " has " + std::to_string(t.columns.size()) + " fields");
        for (size_t k : c.primaryKey) {
            t.keyColumns.push_back(k);
            t.keyIsInteger.push_back(c.fields[k].type == "integer");
        }
        tables.push_back(std::move(t));
    }
    return tables;
}

// A key that sorts as the export sorts: strings as they are, whole numbers by value.
std::string sortKey(const Table& t, const std::vector<std::string>& cells, const std::string& where, int line) {
    std::string key;
    for (size_t k = 0; k < t.keyColumns.size(); ++k) {
        const std::string& cell = cells[t.keyColumns[k]];
        if (t.keyIsInteger[k]) {
            if (cell.empty() || cell.size() > 18 || cell.find_first_not_of("0123456789") != std::string::npos)
                throw Error(ErrorKind::Invalid, where + " line " + std::to_string(line) + ": key " +
                                                    t.columns[t.keyColumns[k]] + " is not a whole number");
            key += std::string(18 - cell.size(), '0');
        }
        key += cell;
        key += '\x1f';
    }
    return key;
}

std::string describeKey(const Table& t, const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c : t.keyColumns) out += (out.empty() ? "" : ", ") + t.columns[c] + "=" + cells[c];
    return out;
}

struct Row {
    std::vector<std::string> cells;
    size_t source = 0;
};

}  // namespace

MergeSummary mergePackages(const std::vector<std::string>& folders, const std::string& out,
                           const MergeOptions& options) {
    if (folders.empty()) throw Error(ErrorKind::Invalid, "merge needs at least one package");
    MergeSummary summary;
    // 1. Every package verified, and every codebook the same as the first's, before anything is read.
    std::vector<Json> packages;
    std::vector<Codebook> codebooks;
    for (const std::string& folder : folders) {
        std::error_code ec;
        if (fs::equivalent(folder, out, ec))
            throw Error(ErrorKind::Invalid,
                        "the merged package cannot be written into " + folder + ", one of its sources");
        const ManifestVerification v = verifyManifest(folder);
        MergeSource source;
        source.folder = folder;
        if (!v.ok()) {
            const bool unsignedOnly = v.findings.size() == 1 && v.findings[0].problem == ManifestProblem::NotSigned;
            if (!(unsignedOnly && options.allowUnsigned))
                throw Error(
                    ErrorKind::Invalid,
                    folder + " does not verify: " + v.findings[0].message +
                        (unsignedOnly ? " (an unsigned package, e.g. an earlier merge, needs --unsigned)" : ""));
        } else {
            source.fingerprint = v.fingerprint;
        }
        summary.sources.push_back(source);
        const std::string where = folder + "/" + kPackageFile;
        packages.push_back(parseJson(readSmallFile(fs::path(folder) / kPackageFile, kMergeMaxPackageJsonBytes), where));
        codebooks.push_back(codebookFromJson(packages.back(), where));  // well formed itself
    }
    const std::vector<Table> tables = tablesOf(codebooks[0], folders[0] + "/" + kPackageFile);
    for (size_t i = 1; i < packages.size(); ++i) {
        if (codebooks[i].resources != codebooks[0].resources)
            throw Error(ErrorKind::Invalid, folders[i] + "/" + kPackageFile + " describes other tables than " +
                                                folders[0] + "/" + kPackageFile +
                                                " (an export of another dlkiosk version?): merge packages of one "
                                                "version, or export again");
    }

    // 2. The rows, table by table, keyed by the primary key.
    std::map<std::string, std::map<std::string, Row>> merged;  // table -> key -> row
    std::set<std::string> schools;
    for (const Table& t : tables) {
        auto& rows = merged[t.name];
        for (size_t s = 0; s < folders.size(); ++s) {
            const std::string where = (fs::path(folders[s]) / t.path).string();
            CsvReader reader = CsvReader::fromFile(where);
            std::vector<std::string> cells;
            if (!reader.next(cells) || cells != t.columns)
                throw Error(ErrorKind::Invalid,
                            where + " line 1: the header is not the columns datapackage.json names");
            while (reader.next(cells)) {
                if (cells.size() != t.columns.size())
                    reader.fail(ErrorKind::Invalid, "a row of " + std::to_string(cells.size()) +
                                                        " cells where the "
                                                        "table has " +
                                                        std::to_string(t.columns.size()));
                for (const std::string& c : cells)
                    if (c.size() > kMergeMaxCellBytes) reader.fail(ErrorKind::Invalid, "a cell over 1 MiB");
                const std::string key = sortKey(t, cells, where, reader.line());
                if (t.name == "pupils" && t.columns.size() > 1 && t.columns[1] == "school") schools.insert(cells[1]);
                auto [it, added] = rows.try_emplace(key, Row{cells, s});
                if (added) {
                    ++summary.sources[s].rowsAdded;
                } else if (it->second.cells == cells) {
                    ++summary.sources[s].rowsDuplicate;
                } else {
                    summary.conflicts.push_back(
                        {t.name, describeKey(t, cells), folders[it->second.source], folders[s], reader.line()});
                }
            }
        }
        summary.rows[t.name] = rows.size();
    }
    summary.schools = schools.size();
    if (!summary.conflicts.empty() && !options.keepFirst) {
        std::string list;
        for (size_t i = 0; i < summary.conflicts.size() && i < 5; ++i) {
            const MergeConflict& c = summary.conflicts[i];
            list += "; " + c.table + " " + c.key + " differs between " + c.first + " and " + c.second + " (line " +
                    std::to_string(c.line) + ")";
        }
        throw Error(ErrorKind::Invalid, std::to_string(summary.conflicts.size()) +
                                            " rows conflict (the same key with other values)" + list +
                                            ". Nothing was written; --keep-first keeps the first package's rows");
    }

    // 3. Written like an export: each file under a temporary name, renamed when all are done.
    prepareOutputFolder(out);
    std::vector<std::unique_ptr<AtomicFile>> files;
    for (const Table& t : tables) {
        auto file = std::make_unique<AtomicFile>(fs::path(out) / t.path);
        std::string line;
        for (size_t c = 0; c < t.columns.size(); ++c) line += (c ? "," : "") + csvCell(t.columns[c]);
        file->out() << line << '\n';
        for (const auto& [key, row] : merged[t.name]) {
            line.clear();
            for (size_t c = 0; c < row.cells.size(); ++c) line += (c ? "," : "") + csvCell(row.cells[c]);
            file->out() << line << '\n';
        }
        files.push_back(std::move(file));
    }
    // The codebook of the first package, said to be merged once (a merge of merges says it once too),
    // so that merging a package twice writes the same bytes.
    Json package = packages[0];
    const std::string mergedNote = "Exports of one or more schools, merged by dlkiosk merge. ";
    const std::string description = package.value("description", std::string());
    if (description.rfind(mergedNote, 0) != 0) package["description"] = mergedNote + description;
    files.push_back(std::make_unique<AtomicFile>(fs::path(out) / kPackageFile));
    files.back()->out() << package.dump(2) << '\n';
    const fs::path readme = fs::path(folders[0]) / "README.txt";
    std::error_code ec;
    if (fs::is_regular_file(readme, ec)) {
        files.push_back(std::make_unique<AtomicFile>(fs::path(out) / "README.txt"));
        files.back()->out() << readSmallFile(readme, kMergeMaxPackageJsonBytes);
    }
    // An earlier manifest in `out` would no longer match: the merged package is unsigned.
    for (const std::string_view name : {kManifestFile, kSignatureFile, std::string_view(kSqlSchemaFile),
                                        std::string_view(kSqlLoadFile), std::string_view(kWorkbookFile)})
        fs::remove(fs::path(out) / name, ec);
    for (auto& f : files) f->commit();
    if (options.sql) writeSqlScripts(out);
    if (options.workbook) writeWorkbook(out);
    return summary;
}

}  // namespace dlk
