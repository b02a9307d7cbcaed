// `dlkiosk validate [--bank] PATH...`, `dlkiosk validate --blueprint DIR` and `dlkiosk qti export
// --out PKG.zip [--items DIR]`: the command-line faces of qti/validator.h (with bank/bank_rules.h on
// top), bank/blueprint.h and bank/bank_export.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include "bank/bank_dif.h"
#include "bank/bank_export.h"
#include "bank/bank_information.h"
#include "bank/bank_rules.h"
#include "bank/blueprint.h"
#include "bank/calibration_units.h"
#include "bank/item_bank.h"
#include "cli/options.h"
#include "delivery/session_plan.h"
#include "qti/validator.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk::cli {

namespace {

const char* domainNameEn(Domain d) {
    switch (d) {
        case Domain::IctBasic:
            return "ICT basic skills";
        case Domain::Information:
            return "information skills";
        case Domain::Media:
            return "media literacy";
        case Domain::Computational:
            return "computational thinking";
    }
    return "";
}

// Characters, not bytes, so that a column with a non-ASCII name stays straight.
size_t utf8Length(std::string_view s) {
    return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string number(double v) {
    return formatDouble(std::round(v * 10) / 10);
}

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", v);
    return buf;
}

// One table: a header row and rows of cells; the first column left-aligned, the rest right.
void printTable(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width;
    for (const auto& r : rows)
        for (size_t i = 0; i < r.size(); ++i) {
            if (width.size() <= i) width.push_back(0);
            width[i] = std::max(width[i], utf8Length(r[i]));
        }
    for (const auto& r : rows) {
        std::string line;
        for (size_t i = 0; i < r.size(); ++i) {
            const std::string pad(width[i] - utf8Length(r[i]), ' ');
            line += i == 0 ? r[i] + pad : "  " + pad + r[i];
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::printf("%s\n", line.c_str());
    }
    std::printf("\n");
}

const std::vector<std::string> kTallyHeader = {"items", "points", "by teacher", "share", "target"};

std::vector<std::string> tallyRow(std::string label, const BlueprintTally& t, double of, std::optional<double> target) {
    return {std::move(label),
            std::to_string(t.items),
            number(t.points),
            number(t.teacherPoints),
            percent(blueprintShare(t.points, of)),
            target ? percent(*target) : ""};
}

std::optional<double> targetOf(const std::vector<BlueprintTarget>& targets, std::string_view key) {
    for (const BlueprintTarget& t : targets)
        if (t.key == key) return t.percent;
    return std::nullopt;
}

void printPart(const BlueprintCount& c, IcilsPart part, const std::vector<BlueprintTarget>& targets) {
    const BlueprintTally& total = c.part(part);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {std::string("ICILS ") + std::string(icilsPartName(part)) + " aspect"};
    header.insert(header.end(), kTallyHeader.begin(), kTallyHeader.end());
    rows.push_back(header);
    for (std::string_view strand : icilsStrands()) {
        bool inPart = false;
        for (const IcilsAspect& a : icilsAspects())
            if (a.strand == strand) inPart = a.part == part;
        if (!inPart) continue;
        const auto s = c.strands.find(std::string(strand));
        rows.push_back(tallyRow(std::string(strand) + " " + std::string(icilsStrandName(strand)),
                                s == c.strands.end() ? BlueprintTally{} : s->second, total.points,
                                targetOf(targets, strand)));
        for (const IcilsAspect& a : icilsAspects()) {
            if (a.strand != strand) continue;
            const auto it = c.aspects.find(std::string(a.id));
            rows.push_back(tallyRow("  " + std::string(a.id) + " " + std::string(a.name),
                                    it == c.aspects.end() ? BlueprintTally{} : it->second, total.points,
                                    targetOf(targets, a.id)));
        }
    }
    rows.push_back(tallyRow(std::string(icilsPartName(part)) + " total", total, total.points, std::nullopt));
    printTable(rows);
}

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// The test information of each module and of each design's average booklet from DIR/irt/items.csv
// (bank/bank_information.h), as a table; its findings (an unreadable file is an error).
std::vector<Finding> informationCurves(const std::string& dir, const ItemBank& bank,
                                       const std::vector<BookletDesign>& designs) {
    const std::string path = (std::filesystem::path(dir) / "irt" / "items.csv").string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        std::printf("No item parameters (%s): no test information.\n\n", path.c_str());
        return {};
    }
    CalibratedItems parameters;
    try {
        parameters = readItemsCsv(path);
    } catch (const Error& e) {
        return {Finding{path, 0, Severity::Error, e.what()}};
    }
    const BankInformation info = bankInformation(bank, designs, parameters);
    std::printf(
        "Test information from %s%s: population mean %s, SD %s logits. Information I at theta (in\n"
        "logits); the standard error of a pupil's estimate there is about 1/sqrt(I). A booklet is the\n"
        "average of the design's booklets; units are items and rubric criteria with parameters.\n",
        path.c_str(), parameters.provisional() ? ", provisional" : "", fixed(info.populationMean, 2).c_str(),
        fixed(info.populationSd, 2).c_str());
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"theta"};
    const std::vector<double> thetas = informationCurve({}, kInformationFrom, kInformationTo, kInformationStep).thetas;
    for (double t : thetas) header.push_back(fixed(t, 1));
    header.push_back("peak at");
    header.push_back("peak I");
    header.push_back("units");
    rows.push_back(header);
    auto add = [&](const InformationRow& r) {
        std::vector<std::string> row = {r.label};
        for (double v : r.curve.information) row.push_back(fixed(v, 1));
        row.push_back(fixed(r.curve.peakTheta, 2));
        row.push_back(fixed(r.curve.peakInformation, 1));
        row.push_back(std::to_string(r.units));
        rows.push_back(std::move(row));
    };
    for (const InformationRow& r : info.modules) add(r);
    for (const InformationRow& r : info.booklets) add(r);
    printTable(rows);
    return compareInformation(info, path);
}

// The DIF classes per grouping variable from DIR/irt/dif.csv (bank/bank_dif.h), the B-class units
// by name; its findings: a warning per C-class unit, an error for a file that cannot be read.
std::vector<Finding> difSection(const std::string& dir, const ItemBank& bank) {
    std::optional<BankDif> dif;
    try {
        dif = loadBankDif(dir);
    } catch (const BankDifError& e) {
        return {Finding{e.file(), e.line(), Severity::Error, e.detail()}};
    }
    if (!dif) {
        std::printf("No DIF table (%s): no DIF flags.\n\n", bankDifPath(dir).c_str());
        return {};
    }
    std::printf(
        "DIF from %s: ETS classes per grouping variable (A negligible, B moderate, C large; '-': not\n"
        "defined). MH D-DIF < 0 and SMD < 0: harder for the focal group at equal ability.\n",
        dif->source.c_str());
    struct Tally {
        std::string reference, focal;
        int units = 0, a = 0, b = 0, c = 0, none = 0;
        std::vector<const BankDifRow*> classB;
    };
    std::vector<std::pair<std::string, Tally>> groups;  // in the file's order
    std::map<std::string, size_t> groupIndex;
    for (const BankDifRow& row : dif->rows) {
        const auto [it, added] = groupIndex.emplace(row.group, groups.size());
        if (added) {
            Tally t;
            t.reference = row.reference;
            t.focal = row.focal;
            groups.emplace_back(row.group, std::move(t));
        }
        Tally& t = groups[it->second].second;
        ++t.units;
        if (!row.ets) {
            ++t.none;
        } else if (*row.ets == EtsClass::A) {
            ++t.a;
        } else if (*row.ets == EtsClass::B) {
            ++t.b;
            t.classB.push_back(&row);
        } else {
            ++t.c;
        }
    }
    std::vector<std::vector<std::string>> rows = {{"group", "reference", "focal", "units", "A", "B", "C", "-"}};
    for (const auto& [name, t] : groups)
        rows.push_back({name, t.reference, t.focal, std::to_string(t.units), std::to_string(t.a), std::to_string(t.b),
                        std::to_string(t.c), std::to_string(t.none)});
    printTable(rows);
    for (const auto& [name, t] : groups) {
        if (t.classB.empty()) continue;
        std::printf("B by %s:", name.c_str());
        for (size_t i = 0; i < t.classB.size(); ++i)
            std::printf("%s %s (%s)", i ? ";" : "", t.classB[i]->unitId.c_str(), describeDifRow(*t.classB[i]).c_str());
        std::printf("\n");
    }
    if (std::any_of(groups.begin(), groups.end(), [](const auto& g) { return !g.second.classB.empty(); }))
        std::printf("\n");
    std::vector<std::string> units;
    try {
        for (const CalibrationUnit& u : calibrationUnits(bank)) units.push_back(u.id);
    } catch (const Error&) {
        // a rubric the scorer refuses (the bank's own findings say so): no check of the units named
        units.clear();
        for (const BankDifRow& row : dif->rows) units.push_back(row.unitId);
    }
    return compareBankDif(*dif, units, dif->source);
}

// Exit 0: the table, perhaps with warnings; 1: the bank or its blueprint.json has an error.
int blueprintCommand(const std::string& dir, bool bankRulesAlways) {
    // The bank's own checks first: a count of a broken bank says little.
    const BankRules rules(bankRulesAlways ? BankRules::Scope::Always : BankRules::Scope::DlkioskBanks);
    ValidationReport report = validatePath(dir, &rules);
    for (const Finding& f : report.findings) std::printf("%s\n", f.text().c_str());
    int errors = report.errorCount(), warnings = report.warningCount();

    const std::string path = (std::filesystem::path(dir) / kBlueprintFile).string();
    Blueprint blueprint;
    std::error_code ec;
    const bool haveFile = std::filesystem::exists(path, ec);
    try {
        blueprint = haveFile ? loadBlueprint(path) : defaultBlueprint();
    } catch (const Error& e) {
        std::printf("%s\n", Finding{path, 0, Severity::Error, e.what()}.text().c_str());
        std::fprintf(stderr, "dlkiosk validate: %d document(s), %d error(s), %d warning(s)\n", report.documents,
                     errors + 1, warnings);
        return 1;
    }
    ItemBank bank = ItemBank::load(dir);
    if (bank.modules().empty() && bank.refusedModules().empty()) {
        std::printf("%s\n", Finding{dir, 0, Severity::Error, "no item bank: no modules found"}.text().c_str());
        std::fprintf(stderr, "dlkiosk validate: %d document(s), %d error(s), %d warning(s)\n", report.documents,
                     errors + 1, warnings);
        return 1;
    }
    std::vector<BookletDesign> designs;
    try {
        designs = loadSessionDesigns(dir, bank).designs;
        const BookletDesign& design = designs.front();
        if (!design.tutorial.empty()) bank.markPractice(design.tutorial);
    } catch (const Error& e) {
        // the validator has reported the session design; count without a practice module
        std::fprintf(stderr, "dlkiosk validate: %s\n", e.what());
    }
    const BlueprintCount c = countBlueprint(bank, blueprint);

    std::printf("Blueprint of %s: %zu module(s), %d scored item(s), %s score point(s) (%s scored by the teacher)\n",
                dir.c_str(), c.modules.size(), c.total.items, number(c.total.points).c_str(),
                number(c.total.teacherPoints).c_str());
    std::string practice;
    for (const auto& p : c.practice) practice += (practice.empty() ? "" : ", ") + p;
    std::printf(
        "Points are maximum scores; rubric criteria count with their points. Not counted: %s%d item(s) "
        "without points.\n",
        practice.empty() ? "" : ("the practice module " + practice + ", ").c_str(), c.unscored);
    std::printf("Targets: %s (tolerance %s percentage points).\n\n",
                haveFile ? path.c_str() : "ICILS 2023's CIL weights (no blueprint.json)",
                number(blueprint.tolerance).c_str());

    // minutes: the items' estimated times (dlk-minutes-*) against the module's limit; ages: the
    // ages all its items are meant for (dlk-age-*), "+?" where some items do not say.
    std::vector<std::vector<std::string>> rows = {
        {"module", "part", "items", "points", "by teacher", "share", "minutes", "limit", "ages of all items"}};
    for (const BlueprintModule& m : c.modules)
        rows.push_back({m.identifier, m.ct ? "CT" : "CIL", std::to_string(m.tally.items), number(m.tally.points),
                        number(m.tally.teacherPoints), percent(blueprintShare(m.tally.points, c.total.points)),
                        number(m.minutes) + (m.withoutMinutes.empty() ? "" : "+?"),
                        m.limitMinutes > 0 ? number(m.limitMinutes) : "none",
                        (m.ageFrom > m.ageTo ? std::string("none") : ageRangeText(m.ageFrom, m.ageTo)) +
                            (m.withoutAge.empty() ? "" : "+?")});
    rows.push_back({"total", "", std::to_string(c.total.items), number(c.total.points), number(c.total.teacherPoints),
                    percent(100), "", "",
                    blueprint.ageFrom > 0 ? "bank: " + ageRangeText(blueprint.ageFrom, blueprint.ageTo) : ""});
    printTable(rows);

    rows = {{"domain"}};
    rows[0].insert(rows[0].end(), kTallyHeader.begin(), kTallyHeader.end());
    for (Domain d : kAllDomains) {
        const auto it = c.domains.find(d);
        rows.push_back(tallyRow(std::string(domainId(d)) + " " + domainNameEn(d),
                                it == c.domains.end() ? BlueprintTally{} : it->second, c.total.points,
                                targetOf(blueprint.domains, domainId(d))));
    }
    printTable(rows);

    rows = {{"kerndoel (an item counts under each of its kerndoelen)"}};
    rows[0].insert(rows[0].end(), kTallyHeader.begin(), kTallyHeader.end() - 1);
    for (int k = 1; k <= 9; ++k) {
        auto r = tallyRow(std::to_string(k) + " " + kerndoelNameEn(k), c.kerndoelen[k], c.total.points, std::nullopt);
        r.pop_back();
        rows.push_back(std::move(r));
    }
    if (c.withoutKerndoel.items > 0) {
        auto r = tallyRow("without kerndoel", c.withoutKerndoel, c.total.points, std::nullopt);
        r.pop_back();
        rows.push_back(std::move(r));
    }
    printTable(rows);

    printPart(c, IcilsPart::Cil, blueprint.cil);
    printPart(c, IcilsPart::Ct, blueprint.ct);
    if (c.withoutAspect.items > 0)
        std::printf("Without an ICILS aspect: %d item(s), %s point(s).\n\n", c.withoutAspect.items,
                    number(c.withoutAspect.points).c_str());

    std::vector<Finding> findings = compareBlueprint(c, blueprint, bank, haveFile ? path : dir);
    for (const Finding& f : informationCurves(dir, bank, designs)) findings.push_back(f);
    for (const Finding& f : difSection(dir, bank)) findings.push_back(f);
    for (const Finding& f : findings) {
        std::printf("%s\n", f.text().c_str());
        (f.severity == Severity::Error ? errors : warnings) += 1;
    }
    std::fprintf(stderr, "dlkiosk validate: %d document(s), %d error(s), %d warning(s)\n", report.documents, errors,
                 warnings);
    return errors > 0 ? 1 : 0;
}

}  // namespace

// Exit 0: no errors (warnings allowed); 1: at least one error; 2: the command was used wrongly.
// dlkiosk's bank rules apply to a dlkiosk bank (see isDlkioskBank), or with --bank to any package;
// another platform's package is judged as QTI only.
int validateCommand(Args& args, const char* /*argv0*/) {
    const bool bank = args.flag("bank");
    std::optional<std::string> blueprint;
    try {
        blueprint = args.value("blueprint");
        args.requireKnown();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk validate: %s\n", e.what());
        return 2;
    }
    const auto& paths = args.positional();
    if (blueprint) {
        if (!paths.empty() || blueprint->empty()) {
            std::fprintf(stderr, "usage: dlkiosk validate --blueprint DIR   (an item bank's folder)\n");
            return 2;
        }
        std::error_code ec;
        if (!std::filesystem::is_directory(*blueprint, ec)) {
            std::fprintf(stderr, "dlkiosk validate: %s is not a folder (--blueprint takes an item bank's folder)\n",
                         blueprint->c_str());
            return 2;
        }
        return blueprintCommand(*blueprint, bank);
    }
    if (paths.empty()) {
        std::fprintf(stderr,
                     "usage: dlkiosk validate [--bank] PATH...   (item or test files, folders, .zip packages)\n");
        return 2;
    }
    const BankRules rules(bank ? BankRules::Scope::Always : BankRules::Scope::DlkioskBanks);
    ValidationReport all;
    for (const std::string& path : paths) {
        ValidationReport r = validatePath(path, &rules);
        all.documents += r.documents;
        all.findings.insert(all.findings.end(), r.findings.begin(), r.findings.end());
    }
    std::stable_sort(all.findings.begin(), all.findings.end(), [](const Finding& a, const Finding& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    for (const Finding& f : all.findings) std::printf("%s\n", f.text().c_str());
    const int errors = all.errorCount();
    std::fprintf(stderr, "dlkiosk validate: %d document(s), %d error(s), %d warning(s)\n", all.documents, errors,
                 all.warningCount());
    return errors > 0 ? 1 : 0;
}

int qtiCommand(Args& args, const char* argv0) {
    const auto& pos = args.positional();
    if (pos.empty() || pos[0] != "export" || pos.size() > 1)
        throw std::runtime_error("qti takes: export --out PKG.zip [--items DIR]");
    const auto out = args.value("out");
    const Paths paths = findPaths(argv0, args.value("items"));
    args.requireKnown();
    if (!out) throw std::runtime_error("qti export needs --out PKG.zip");
    const ItemBank bank = ItemBank::load(paths.items);
    const PackageExportSummary s = exportBankPackage(bank, *out);
    std::fprintf(stderr, "dlkiosk: wrote %s: %d test(s), %d item(s) (%d converted from QTI 2.x), %d media file(s)\n",
                 out->c_str(), s.tests, s.items, s.converted, s.media);
    return 0;
}

}  // namespace dlk::cli
