// `dlkiosk validate [--bank] PATH...` and `dlkiosk qti export --out PKG.zip [--items DIR]`: the
// command-line faces of qti/validator.h (with bank/bank_rules.h on top) and bank/bank_export.h.
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "bank/bank_export.h"
#include "bank/bank_rules.h"
#include "bank/item_bank.h"
#include "cli/options.h"
#include "qti/validator.h"

namespace dlk::cli {

// Exit 0: no errors (warnings allowed); 1: at least one error; 2: the command was used wrongly.
// dlkiosk's bank rules apply to a dlkiosk bank (see isDlkioskBank), or with --bank to any package;
// another platform's package is judged as QTI only.
int validateCommand(Args& args, const char* /*argv0*/) {
    const bool bank = args.flag("bank");
    try {
        args.requireKnown();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk validate: %s\n", e.what());
        return 2;
    }
    const auto& paths = args.positional();
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
