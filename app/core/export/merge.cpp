#include "export/merge.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

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
    const CodebookTable* book = nullptr;  // its key: primaryKey, and packageRowKey
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
        t.book = &c;
        tables.push_back(std::move(t));
    }
    return tables;
}

std::string describeKey(const Table& t, const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c : t.book->primaryKey) out += (out.empty() ? "" : ", ") + t.columns[c] + "=" + cells[c];
    return out;
}

// One package's file of a table, read row by row: its current row, checked against the table, and
// that row's key. `sorted` turns false when a row's key is below the one before (an export writes
// its rows in key order; a hand-edited or hostile file need not).
struct Cursor {
    CsvReader reader;
    size_t source = 0;
    std::vector<std::string> cells;
    std::string key, previousKey;
    bool sorted = true;

    Cursor(CsvReader r, size_t s) : reader(std::move(r)), source(s) {}

    // The next row, false at the end of the file. Throws Error(Invalid) naming the file and line.
    bool advance(const Table& t) {
        if (!reader.next(cells)) return false;
        if (cells.size() != t.columns.size())
            reader.fail(ErrorKind::Invalid, "a row of " + std::to_string(cells.size()) + " cells where the table has " +
                                                std::to_string(t.columns.size()));
        for (const std::string& c : cells)
            if (c.size() > kMergeMaxCellBytes) reader.fail(ErrorKind::Invalid, "a cell over 1 MiB");
        key.swap(previousKey);
        if (!packageRowKey(*t.book, cells, key))
            reader.fail(ErrorKind::Invalid, "a key is not a whole number (" + describeKey(t, cells) + ")");
        if (key < previousKey) sorted = false;  // the first row's previous key is "", below every key
        return true;
    }
};

// What merging one table found, added to the summary when the table is done (a table merged again
// by sorting in memory starts from nothing).
struct TableCount {
    std::vector<size_t> added, duplicate;
    std::vector<MergeConflict> conflicts;
    std::set<std::string> schools;
    size_t rows = 0;
};

// Takes the table's rows in key order (and, for one key, in the order of the packages and their
// lines) and writes each key's first row: a later row equal to it is a duplicate, one with other
// cells a conflict.
class TableWriter {
public:
    TableWriter(const Table& t, const std::vector<std::string>& folders, std::ostream& out, TableCount& count)
        : m_table(t), m_folders(folders), m_out(out), m_count(count) {
        m_count.added.assign(folders.size(), 0);
        m_count.duplicate.assign(folders.size(), 0);
        m_schoolColumn = t.name == "pupils" && t.columns.size() > 1 && t.columns[1] == "school";
        writeLine(t.columns);
    }

    // `cells` may be taken (swapped with what the writer held): the caller reads its next row into them. `raw` is the
    // row as its file had it, when it had no quoted cell ("" otherwise).
    void take(const std::string& key, std::vector<std::string>& cells, size_t source, int line,
              std::string_view raw = {}) {
        if (m_schoolColumn) m_count.schools.insert(cells[1]);
        if (m_haveKept && key == m_keptKey) {
            if (cells == m_keptCells)
                ++m_count.duplicate[source];
            else
                m_count.conflicts.push_back(
                    {m_table.name, describeKey(m_table, cells), m_folders[m_keptSource], m_folders[source], line});
            return;
        }
        m_haveKept = true;
        m_keptKey = key;
        m_keptCells.swap(cells);
        m_keptSource = source;
        ++m_count.added[source];
        ++m_count.rows;
        writeLine(m_keptCells, raw);
    }

private:
    void writeLine(const std::vector<std::string>& cells, std::string_view raw = {}) {
        m_line.clear();
        // A row without quotes is its cells joined by ',', which is also how appendCsvLine writes them unless a cell
        // starts as a formula would (it then gets its apostrophe): written as it came, without quoting each cell.
        bool asItCame = !raw.empty();
        for (size_t c = 0; asItCame && c < cells.size(); ++c)
            asItCame = cells[c].empty() ||
                       (cells[c][0] != '=' && cells[c][0] != '+' && cells[c][0] != '-' && cells[c][0] != '@');
        if (asItCame) {
            m_line.append(raw);
            m_line += '\n';
        } else {
            appendCsvLine(m_line, cells);
        }
        m_out.write(m_line.data(), static_cast<std::streamsize>(m_line.size()));
    }

    const Table& m_table;
    const std::vector<std::string>& m_folders;
    std::ostream& m_out;
    TableCount& m_count;
    bool m_schoolColumn = false, m_haveKept = false;
    std::string m_keptKey, m_line;
    std::vector<std::string> m_keptCells;
    size_t m_keptSource = 0;
};

std::unique_ptr<Cursor> openTable(const Table& t, const std::string& folder, size_t source) {
    const std::string where = (fs::path(folder) / t.path).string();
    auto cursor = std::make_unique<Cursor>(CsvReader::fromFile(where), source);
    if (!cursor->reader.next(cursor->cells) || cursor->cells != t.columns)
        throw Error(ErrorKind::Invalid, where + " line 1: the header is not the columns datapackage.json names");
    return cursor;
}

// The table's rows from every package in key order: a k-way merge of the packages' files, each in
// key order as an export writes it. Returns false, having written part of the table, when a file
// turns out not to be in key order; the caller then merges the table by sorting in memory.
bool mergeSortedFiles(const Table& t, const std::vector<std::string>& folders, TableWriter& writer) {
    std::vector<std::unique_ptr<Cursor>> cursors;
    for (size_t s = 0; s < folders.size(); ++s) {
        cursors.push_back(openTable(t, folders[s], s));
        if (!cursors.back()->advance(t)) cursors.pop_back();
    }
    // A min-heap on (key, package): one key's rows come out in the packages' order.
    const auto later = [](const Cursor* a, const Cursor* b) {
        const int c = a->key.compare(b->key);
        return c != 0 ? c > 0 : a->source > b->source;
    };
    std::vector<Cursor*> heap;
    for (auto& c : cursors) heap.push_back(c.get());
    std::make_heap(heap.begin(), heap.end(), later);
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        Cursor* c = heap.back();
        writer.take(c->key, c->cells, c->source, c->reader.line(),
                    c->reader.recordQuoted() ? std::string_view() : c->reader.record());
        if (!c->advance(t)) {
            heap.pop_back();
            continue;
        }
        if (!c->sorted) return false;
        std::push_heap(heap.begin(), heap.end(), later);
    }
    return true;
}

// The same for files in any order: every row of the table in memory, sorted by key (stable, so one
// key's rows stay in the packages' and lines' order).
void mergeBySorting(const Table& t, const std::vector<std::string>& folders, TableWriter& writer) {
    struct Row {
        std::string key;
        std::vector<std::string> cells;
        size_t source;
        int line;
    };
    std::vector<Row> rows;
    for (size_t s = 0; s < folders.size(); ++s) {
        const auto cursor = openTable(t, folders[s], s);
        while (cursor->advance(t)) rows.push_back({cursor->key, cursor->cells, s, cursor->reader.line()});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.key < b.key; });
    for (Row& r : rows) writer.take(r.key, r.cells, r.source, r.line);
}

// Runs work(0) .. work(count - 1) on every core (at most 8 threads), each index once; returns what each threw, so
// that the caller reports the first failure in its own order rather than in the order the threads met them.
template <typename Work>
std::vector<std::exception_ptr> onEveryCore(size_t count, const Work& work) {
    std::vector<std::exception_ptr> failed(count);
    std::atomic<size_t> next{0};
    const auto worker = [&] {
        for (size_t i = next++; i < count; i = next++) {
            try {
                work(i);
            } catch (...) {
                failed[i] = std::current_exception();
            }
        }
    };
    const size_t threads = std::min<size_t>(std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8), count);
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(worker);
    worker();
    for (std::thread& t : helpers) t.join();
    return failed;
}

}  // namespace

bool packageRowKey(const CodebookTable& table, const std::vector<std::string>& cells, std::string& key) {
    key.clear();
    for (size_t k : table.primaryKey) {
        const std::string& cell = cells[k];
        if (table.fields[k].type == "integer") {
            if (cell.empty() || cell.size() > 18 || cell.find_first_not_of("0123456789") != std::string::npos)
                return false;
            key.append(18 - cell.size(), '0');
        }
        key += cell;
        key += '\x1f';
    }
    return true;
}

MergeSummary mergePackages(const std::vector<std::string>& folders, const std::string& out,
                           const MergeOptions& options) {
    if (folders.empty()) throw Error(ErrorKind::Invalid, "merge needs at least one package");
    MergeSummary summary;
    // 1. Every package verified, and every codebook the same as the first's, before anything is read. Reading and
    // hashing every file is a large part of a merge: the manifests are checked on every core, and what they found
    // is then taken in the packages' order (the first package that fails is the one named).
    std::vector<ManifestVerification> verified(folders.size());
    const std::vector<std::exception_ptr> failed =
        onEveryCore(folders.size(), [&](size_t i) { verified[i] = verifyManifest(folders[i]); });
    std::vector<Json> packages;
    std::vector<Codebook> codebooks;
    for (size_t i = 0; i < folders.size(); ++i) {
        const std::string& folder = folders[i];
        std::error_code ec;
        if (fs::equivalent(folder, out, ec))
            throw Error(ErrorKind::Invalid,
                        "the merged package cannot be written into " + folder + ", one of its sources");
        if (failed[i]) std::rethrow_exception(failed[i]);
        const ManifestVerification& v = verified[i];
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

    // 2. The rows, table by table, in key order, written as they come: each file under a temporary name, renamed
    // when all are done. A conflict (or a bad row) leaves nothing behind: the temporary files go with their
    // AtomicFile, and a folder the merge made is removed again.
    std::error_code ec;
    const bool outExisted = fs::exists(out, ec);
    struct RemoveMadeFolder {
        const std::string& folder;
        bool armed;
        ~RemoveMadeFolder() {
            std::error_code ignored;
            if (armed) fs::remove(folder, ignored);  // only when empty: the temporary files are gone by then
        }
    } removeMadeFolder{out, !outExisted};
    prepareOutputFolder(out);
    // The tables are merged side by side on every core, the largest first (the responses are most of a package);
    // what each found is then taken in the codebook's order, as is the first error.
    struct MergedTable {
        TableCount count;
        std::unique_ptr<AtomicFile> file;
        std::exception_ptr failed;
    };
    std::vector<MergedTable> merged(tables.size());
    const auto mergeTable = [&](const Table& t, MergedTable& m) {
        m.file = std::make_unique<AtomicFile>(fs::path(out) / t.path);
        bool inOrder = false;
        {
            TableWriter writer(t, folders, m.file->out(), m.count);
            inOrder = mergeSortedFiles(t, folders, writer);
        }
        if (!inOrder) {  // a file out of key order: the table again, from the start, by sorting
            m.count = TableCount();
            m.file.reset();  // first: its destructor removes the temporary file the new one writes
            m.file = std::make_unique<AtomicFile>(fs::path(out) / t.path);
            TableWriter writer(t, folders, m.file->out(), m.count);
            mergeBySorting(t, folders, writer);
        }
    };
    {
        std::vector<std::pair<uintmax_t, size_t>> bySize;  // (bytes in every package, table), largest first
        for (size_t i = 0; i < tables.size(); ++i) {
            uintmax_t bytes = 0;
            for (const std::string& folder : folders) {
                std::error_code sizeError;
                const uintmax_t size = fs::file_size(fs::path(folder) / tables[i].path, sizeError);
                if (!sizeError) bytes += size;
            }
            bySize.push_back({bytes, i});
        }
        std::sort(bySize.rbegin(), bySize.rend());
        const std::vector<std::exception_ptr> tableFailed = onEveryCore(bySize.size(), [&](size_t k) {
            MergedTable& m = merged[bySize[k].second];
            try {
                mergeTable(tables[bySize[k].second], m);
            } catch (...) {
                m.file.reset();  // its temporary file goes now, not when the merge ends
                throw;
            }
        });
        for (size_t k = 0; k < bySize.size(); ++k) merged[bySize[k].second].failed = tableFailed[k];
    }
    std::vector<std::unique_ptr<AtomicFile>> files;
    std::set<std::string> schools;
    for (size_t i = 0; i < tables.size(); ++i) {
        MergedTable& m = merged[i];
        if (m.failed) std::rethrow_exception(m.failed);
        for (size_t s = 0; s < folders.size(); ++s) {
            summary.sources[s].rowsAdded += m.count.added[s];
            summary.sources[s].rowsDuplicate += m.count.duplicate[s];
        }
        summary.conflicts.insert(summary.conflicts.end(), m.count.conflicts.begin(), m.count.conflicts.end());
        schools.insert(m.count.schools.begin(), m.count.schools.end());
        summary.rows[tables[i].name] = m.count.rows;
        files.push_back(std::move(m.file));
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

    // The codebook of the first package, said to be merged once (a merge of merges says it once too),
    // so that merging a package twice writes the same bytes.
    Json package = packages[0];
    const std::string mergedNote = "Exports of one or more schools, merged by dlkiosk merge. ";
    const std::string description = package.value("description", std::string());
    if (description.rfind(mergedNote, 0) != 0) package["description"] = mergedNote + description;
    files.push_back(std::make_unique<AtomicFile>(fs::path(out) / kPackageFile));
    files.back()->out() << package.dump(2) << '\n';
    const fs::path readme = fs::path(folders[0]) / "README.txt";
    if (fs::is_regular_file(readme, ec)) {
        files.push_back(std::make_unique<AtomicFile>(fs::path(out) / "README.txt"));
        files.back()->out() << readSmallFile(readme, kMergeMaxPackageJsonBytes);
    }
    // An earlier manifest in `out` would no longer match: the merged package is unsigned.
    for (const std::string_view name : {kManifestFile, kSignatureFile, std::string_view(kSqlSchemaFile),
                                        std::string_view(kSqlLoadFile), std::string_view(kWorkbookFile)})
        fs::remove(fs::path(out) / name, ec);
    for (auto& f : files) f->commit();
    removeMadeFolder.armed = false;
    if (options.sql) writeSqlScripts(out);
    if (options.workbook) writeWorkbook(out);
    return summary;
}

}  // namespace dlk
