#include "bank/bank_dif.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "bank/calibration_units.h"
#include "irt/csv_reader.h"
#include "util/text.h"

namespace dlk {

namespace {

constexpr size_t kMaxColumns = 64;

// What the reader says about a quote left open, without the "<where> line N: " it starts with.
[[noreturn]] void rethrowReaderError(const Error& e, const std::string& where, int fallbackLine) {
    const std::string m = e.what(), prefix = where + " line ";
    if (m.rfind(prefix, 0) == 0) {
        const size_t colon = m.find(": ", prefix.size());
        int64_t line = 0;
        if (colon != std::string::npos && parseInt64(m.substr(prefix.size(), colon - prefix.size()), line) &&
            line >= 0 && line <= 1 << 30)
            throw BankDifError(where, static_cast<int>(line), m.substr(colon + 2));
    }
    throw BankDifError(where, fallbackLine, m);
}

std::string shownCell(const std::string& s) {
    std::string shown = s.size() > 40 ? s.substr(0, 40) + "..." : s;
    return "'" + shown + "'";
}

}  // namespace

std::string BankDifRow::itemId() const {
    const size_t colon = unitId.find(kCriterionUnitSeparator);
    return colon == std::string::npos ? unitId : unitId.substr(0, colon);
}

int BankDifRow::harderForFocal() const {
    if (mhDDif && *mhDDif != 0) return *mhDDif < 0 ? 1 : -1;
    if (smd && *smd != 0) return *smd < 0 ? 1 : -1;
    if (raschDif && *raschDif != 0) return *raschDif > 0 ? 1 : -1;
    return 0;
}

std::vector<const BankDifRow*> BankDif::flagsOf(const std::string& itemId) const {
    std::vector<const BankDifRow*> out;
    const auto it = byItem.find(itemId);
    if (it == byItem.end()) return out;
    for (EtsClass c : {EtsClass::C, EtsClass::B})
        for (size_t i : it->second)
            if (rows[i].ets == c) out.push_back(&rows[i]);
    return out;
}

BankDif parseBankDif(std::string_view text, const std::string& where) {
    if (text.size() > kBankDifMaxBytes)
        throw BankDifError(where, 0,
                           "the file is over " + std::to_string(kBankDifMaxBytes / (1024 * 1024)) +
                               " MiB; a bank's DIF table is one row per unit and grouping variable");
    CsvReader reader{std::string(text), where};
    std::vector<std::string> cells;
    auto next = [&]() {
        try {
            return reader.next(cells);
        } catch (const BankDifError&) {
            throw;
        } catch (const Error& e) {
            rethrowReaderError(e, where, reader.line());
        }
    };
    if (!next()) throw BankDifError(where, 1, "no header (group,reference,focal,item_id,...,ets_class,...)");
    const int headerLine = reader.line();
    if (cells.size() > kMaxColumns)
        throw BankDifError(where, headerLine,
                           std::to_string(cells.size()) + " columns; at most " + std::to_string(kMaxColumns));
    std::map<std::string, size_t> column;
    for (size_t c = 0; c < cells.size(); ++c) {
        const std::string name = trim(cells[c]);
        if (name.size() > kBankDifMaxCellBytes)
            throw BankDifError(where, headerLine,
                               "a column name over " + std::to_string(kBankDifMaxCellBytes) + " bytes");
        if (!column.emplace(name, c).second)
            throw BankDifError(where, headerLine, "column " + shownCell(name) + " twice");
    }
    for (const char* required : {"group", "item_id", "ets_class"})
        if (!column.count(required))
            throw BankDifError(where, headerLine,
                               std::string("no column '") + required +
                                   "' (the columns of dlkiosk dif --out after group,reference,focal)");
    auto at = [&](const char* name) -> std::optional<size_t> {
        const auto it = column.find(name);
        return it == column.end() ? std::nullopt : std::optional<size_t>(it->second);
    };
    const size_t groupCol = *at("group"), itemCol = *at("item_id"), etsCol = *at("ets_class");
    const std::optional<size_t> refCol = at("reference"), focCol = at("focal");
    const std::pair<const char*, std::optional<double> BankDifRow::*> numbers[] = {
        {"mh_d_dif", &BankDifRow::mhDDif},  {"mh_se", &BankDifRow::mhSe}, {"rasch_dif", &BankDifRow::raschDif},
        {"rasch_se", &BankDifRow::raschSe}, {"smd", &BankDifRow::smd},
    };

    BankDif dif;
    dif.source = where;
    std::set<std::pair<std::string, std::string>> seen;  // (group, unit)
    while (next()) {
        const int line = reader.line();
        if (dif.rows.size() >= kBankDifMaxRows)
            throw BankDifError(where, line, "more than " + std::to_string(kBankDifMaxRows) + " rows");
        if (cells.size() != column.size())
            throw BankDifError(
                where, line,
                std::to_string(cells.size()) + " cells where the header has " + std::to_string(column.size()));
        for (std::string& c : cells) {
            if (c.size() > kBankDifMaxCellBytes)
                throw BankDifError(where, line, "a cell over " + std::to_string(kBankDifMaxCellBytes) + " bytes");
            c = trim(c);
        }
        BankDifRow row;
        row.line = line;
        row.group = cells[groupCol];
        row.unitId = cells[itemCol];
        if (refCol) row.reference = cells[*refCol];
        if (focCol) row.focal = cells[*focCol];
        if (row.group.empty()) throw BankDifError(where, line, "an empty group (the grouping variable, e.g. language)");
        if (row.unitId.empty()) throw BankDifError(where, line, "an empty item_id");
        const std::string& ets = cells[etsCol];
        if (ets == "A")
            row.ets = EtsClass::A;
        else if (ets == "B")
            row.ets = EtsClass::B;
        else if (ets == "C")
            row.ets = EtsClass::C;
        else if (!ets.empty())
            throw BankDifError(where, line, "ets_class " + shownCell(ets) + " is not A, B, C or empty");
        for (const auto& [name, member] : numbers) {
            const std::optional<size_t> c = at(name);
            if (!c || cells[*c].empty()) continue;
            double v = 0;
            if (!parseDouble(cells[*c], v))
                throw BankDifError(where, line, std::string(name) + " " + shownCell(cells[*c]) + " is not a number");
            row.*member = v;
        }
        if (!seen.emplace(row.group, row.unitId).second)
            throw BankDifError(where, line,
                               "item " + shownCell(row.unitId) + " twice for group " + shownCell(row.group));
        dif.byItem[row.itemId()].push_back(dif.rows.size());
        dif.rows.push_back(std::move(row));
    }
    return dif;
}

std::string bankDifPath(const std::string& itemsDir) {
    return (std::filesystem::path(itemsDir) / "irt" / kBankDifFile).string();
}

std::optional<BankDif> loadBankDif(const std::string& itemsDir) {
    const std::string path = bankDifPath(itemsDir);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    if (!std::filesystem::is_regular_file(path, ec)) throw BankDifError(path, 0, "not a file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw BankDifError(path, 0, "cannot read it: " + ec.message());
    if (size > kBankDifMaxBytes)
        throw BankDifError(path, 0,
                           "the file is over " + std::to_string(kBankDifMaxBytes / (1024 * 1024)) +
                               " MiB; a bank's DIF table is one row per unit and grouping variable");
    std::string text;
    try {
        text = readCsvText(path);
    } catch (const Error& e) {
        throw BankDifError(path, 0, e.what());
    }
    return parseBankDif(text, path);
}

std::string describeDifRow(const BankDifRow& row) {
    std::string s = std::string("class ") + (row.ets ? etsClassName(*row.ets) : "-") + " by " + row.group;
    if (!row.reference.empty() || !row.focal.empty()) s += " (" + row.reference + "/" + row.focal + ")";
    char buf[96];
    if (row.mhDDif) {
        std::snprintf(buf, sizeof buf, ": MH D-DIF %+.2f", *row.mhDDif);
        s += buf;
        if (row.mhSe) {
            std::snprintf(buf, sizeof buf, " (SE %.2f)", *row.mhSe);
            s += buf;
        }
    } else if (row.smd) {
        std::snprintf(buf, sizeof buf, ": SMD %+.3f (partial credit)", *row.smd);
        s += buf;
    }
    if (row.raschDif) {
        std::snprintf(buf, sizeof buf, ", Rasch DIF %+.2f logits", *row.raschDif);
        s += buf;
    }
    const int dir = row.harderForFocal();
    const std::string focal = row.focal.empty() ? "the focal group" : "'" + row.focal + "'";
    const std::string reference = row.reference.empty() ? "the reference group" : "'" + row.reference + "'";
    if (dir != 0) s += ", harder for " + (dir > 0 ? focal : reference) + " at equal ability";
    return s;
}

std::vector<Finding> compareBankDif(const BankDif& dif, const std::vector<std::string>& bankUnits,
                                    const std::string& path) {
    std::vector<Finding> out;
    for (const BankDifRow& row : dif.rows)
        if (row.ets == EtsClass::C)
            out.push_back(Finding{path, row.line, Severity::Warning,
                                  "DIF: item " + row.unitId + " is " + describeDifRow(row) +
                                      "; review its wording and translation before it counts in a report"});
    const std::set<std::string> units(bankUnits.begin(), bankUnits.end());
    std::vector<std::string> unknown;
    std::set<std::string> named;
    for (const BankDifRow& row : dif.rows)
        if (!units.count(row.unitId) && named.insert(row.unitId).second) unknown.push_back(row.unitId);
    if (!unknown.empty()) {
        std::string list;
        for (size_t i = 0; i < unknown.size() && i < 8; ++i) list += (i ? ", " : "") + unknown[i];
        if (unknown.size() > 8) list += ", ... (" + std::to_string(unknown.size()) + " in all)";
        out.push_back(Finding{path, 0, Severity::Warning,
                              "DIF rows for units the bank does not have (made before the bank changed? make it "
                              "again): " +
                                  list});
    }
    return out;
}

}  // namespace dlk
