#include "cli/commands.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace dlk::cli {

// The commands' own files.
int demoCommand(Args& args, const char* argv0);       // demo_command.cpp
int simulateCommand(Args& args, const char* argv0);   // demo_command.cpp
int exportCommand(Args& args, const char* argv0);     // export_command.cpp
int mergeCommand(Args& args, const char* argv0);      // export_command.cpp
int scoreCommand(Args& args, const char* argv0);      // score_command.cpp
int calibrateCommand(Args& args, const char* argv0);  // irt_commands.cpp
int estimateCommand(Args& args, const char* argv0);   // irt_commands.cpp
int validateCommand(Args& args, const char* argv0);   // qti_commands.cpp
int qtiCommand(Args& args, const char* argv0);        // qti_commands.cpp
int benchCommand(Args& args, const char* argv0);      // bench.cpp
int difCommand(Args& args, const char* argv0);        // dif_commands.cpp
int linkCommand(Args& args, const char* argv0);       // dif_commands.cpp
int signCommand(Args& args, const char* argv0);       // sign_commands.cpp
int verifyCommand(Args& args, const char* argv0);     // sign_commands.cpp
int keyCommand(Args& args, const char* argv0);        // sign_commands.cpp
int kioskCommand(Args& args, const char* argv0);      // kiosk_commands.cpp
int bundleCommand(Args& args, const char* argv0);     // kiosk_commands.cpp

namespace {

const std::vector<Command> kCommands = {
    {"demo", "dlkiosk demo --data DIR [--pupils N] [--not-started N] [--seed S] [--pin PIN] [--score-rubrics]",
     "add a demo class of N simulated pupils (Rasch model); prints the class name, then one 'code<TAB>name' line per "
     "pupil. With --score-rubrics a simulated scorer gives every rubric criterion a teacher scores its first score",
     false, demoCommand},
    {"simulate",
     "dlkiosk simulate --out RESPONSES.csv [--pupils N] [--seed S] [--design NAME] [--items DIR] [--background "
     "FILE.csv]",
     "write a simulated calibration sample for dlkiosk calibrate: N pupils (default 5,000, at most 100,000) dealt the "
     "session design's booklets (default the file's default design) as the kiosk deals them, answering by the "
     "demo's model and scored by the items' own rules, the rubric criteria a teacher scores given by a simulated "
     "scorer; one column per scored item and per human criterion (ITEM:CRITERION). The seed (default 20261205) "
     "fixes the sample. --background writes person_id,language (pupils alternate nl and en) for dlkiosk dif --group "
     "language",
     false, simulateCommand},
    {"export", "dlkiosk export --data DIR --out FOLDER [--free-text] [--events] [--sql] [--xlsx]",
     "write the anonymised CSV export (no names, no pupil codes). Reads an administrator's PIN from standard input "
     "(the export holds every class). With --events also events.csv, the process data; with --sql also schema.sql and "
     "load.sql for PostgreSQL (run psql -f schema.sql "
     "-f load.sql in the folder); with --xlsx also dlkiosk-export.xlsx, a sheet per table and the codebook",
     false, exportCommand},
    {"merge", "dlkiosk merge PKG... --out FOLDER [--unsigned] [--keep-first] [--sql] [--xlsx]",
     "merge the exports of many kiosks and schools into one package of the same tables: each package's signature "
     "is checked first (--unsigned also takes a package without one, e.g. an earlier merge), rows equal to one "
     "already there are dropped (merging a package twice changes nothing), and rows with the same key but other "
     "values are conflicts: named, and nothing is written unless --keep-first keeps the first package's row. The "
     "result is not signed. --sql and --xlsx as for export",
     false, mergeCommand},
    {"sign", "dlkiosk sign --data DIR FOLDER",
     "sign every file in FOLDER (an export, a result bundle) with the school's key: writes manifest.json (each "
     "file's size and SHA-256) and manifest.sig (Ed25519). Reads the teacher's PIN from standard input",
     false, signCommand},
    {"verify", "dlkiosk verify FOLDER [--key FINGERPRINT]",
     "check FOLDER against its signed manifest: prints OK with the signing key's fingerprint, or names each file "
     "changed, missing or added and exits 1 (2 on misuse). With --key, a folder signed by any other key is refused",
     false, verifyCommand},
    {"key", "dlkiosk key --data DIR",
     "print the fingerprint of the school's signing key, which a recipient compares with dlkiosk verify (no PIN "
     "needed)",
     false, keyCommand},
    {"kiosk",
     "dlkiosk kiosk join-file --data DIR --name NAME --out FILE | kiosk join --data DIR FILE | kiosk list --data DIR",
     "several kiosks, one school. join-file (on the school's kiosk; an administrator's PIN from standard input): "
     "registers a new kiosk with a key of its own and writes its join file, signed by the school, with the roster as "
     "stored (PIN hashes, sealed codes and names: never a plaintext name or code). join (on the new kiosk, no PIN): "
     "makes it that school's kiosk; a newer join file of the same school refreshes the roster, any other is "
     "refused. list: this kiosk, the kiosks registered here and the result bundles imported",
     false, kioskCommand},
    {"bundle", "dlkiosk bundle write --data DIR --out FOLDER | bundle import --data DIR BUNDLE...",
     "write (on a kiosk that joined a school): a new signed result bundle of every attempt made here in FOLDER "
     "(kiosk-ID-SEQUENCE/). import (on the school's kiosk): each BUNDLE, or each bundle in a folder of them, checked "
     "against its kiosk's registered key and imported in one transaction; the same bundle twice changes nothing, a "
     "later one supersedes its kiosk's earlier state, other answers for the same pupil and module are reported as "
     "conflicts and never overwritten. Both read a teacher's PIN from standard input. Exit 1 when a bundle was "
     "refused or in conflict",
     false, bundleCommand},
    {"cards", "dlkiosk cards --data DIR --class CLASS --out FILE.pdf [--names] [--lang nl|en]",
     "write the class's login cards to cut out as an A4 PDF: per pupil the school, the class, the pupil's number and "
     "code; the teacher's private names only with --names. Reads the teacher's PIN from standard input. Runs in "
     "dlkiosk-gui (Debian's Cairo needs libX11)",
     true, nullptr},
    {"report",
     "dlkiosk report --data DIR --class CLASS [--pupil CODE | --sheets] [--names] [--lang nl|en] --out FILE.pdf",
     "write the class report as an A4 PDF: per domain the class's percent of points, the distribution over the levels "
     "(groups of 5 or fewer get no figures), a table of the pupils with raw scores per domain, scale score and level, "
     "and the levels explained. With --sheets a feedback page per pupil who has started, with --pupil CODE that "
     "pupil's page only: the profile over the four domains, the level, and per domain what went well and a tip. "
     "Pupils appear by code; the teacher's private names only with --names. Reads the teacher's PIN from standard "
     "input. Runs in dlkiosk-gui (Debian's Cairo needs libX11)",
     true, nullptr},
    {"score", "dlkiosk score ITEM.xml --response JSON [--seed N]",
     "print the item's outcomes after response processing as JSON, e.g. dlkiosk score item.xml --response "
     "'{\"RESPONSE\": [\"A\",\"B\"]}'",
     false, scoreCommand},
    {"calibrate",
     "dlkiosk calibrate RESPONSES.csv|PKG --out ITEMS.csv [--anchor ITEMS.csv] [--scale NAME] "
     "[--omitted zero|missing] [--omitted-code TEXT] [--nodes N] [--seed S] [--dimensions QMATRIX.csv|domain "
     "[--points N]] [--background FILE.csv [--components SHARE]]",
     "Rasch/partial credit calibration (MML, normal population); writes item parameters, fit and the population "
     "model. RESPONSES.csv: person_id,<item>... with whole scores, empty = not administered, 'omitted' = seen, not "
     "answered (scored 0 unless --omitted missing). PKG: the folder of a data package (dlkiosk export or merge), its "
     "responses.csv read by status with the booklets as design (not reached and modules not given: not "
     "administered; empty: omitted). When EM does not converge it says why, writes nothing and exits 2. "
     "--dimensions: a between-item multidimensional model, each item on the dimension QMATRIX.csv (item_id,dimension) "
     "gives it, or with PKG on its domain; ITEMS.csv gains a dimension column and ITEMS.model.json beside it holds "
     "the means, SDs and correlations and their standard errors (--points: quasi-Monte Carlo integration points, "
     "default 3000). --background: after the calibration, the latent regression (of the scale, or of every "
     "dimension) on the file's columns with the items fixed, as for estimate, written with the population model "
     "to ITEMS.model.json",
     false, calibrateCommand},
    {"estimate",
     "dlkiosk estimate RESPONSES.csv|PKG --items ITEMS.csv --method wle|eap|pv --out PERSONS.csv [--pvs M] "
     "[--seed S] [--levels levels.csv] [--scale NAME] [--omitted zero|missing] [--background FILE.csv "
     "[--components SHARE]]",
     "person estimates with scale scores (and levels with --levels); PKG read as for calibrate. With a "
     "multidimensional ITEMS.csv (and its ITEMS.model.json): per dimension theta_D,se_D (WLE from the dimension's "
     "items, EAP from the joint posterior) or pv1_D.., then raw_score_D,max_score_D. --background (eap, pv): "
     "conditioned on the file's columns (person_id, then categories; a latent regression with the items fixed, as "
     "ICILS draws its plausible values; on several dimensions one regression of them all, their posteriors "
     "approximated as normal, then refined by adaptive quadrature). --components SHARE: condition on the principal "
     "components of the background terms that explain that share of their variance (e.g. 0.9), as ICILS does "
     "with many variables",
     false, estimateCommand},
    {"dif",
     "dlkiosk dif RESPONSES.csv --items ITEMS.csv --background FILE.csv --group COLUMN [--out DIF.csv] "
     "[--reference VALUE] [--focal VALUE] [--min-group N] [--omitted zero|missing]",
     "differential item functioning between two groups of the background file's COLUMN (reference: the first value "
     "in the file, or --reference): Mantel-Haenszel D-DIF with its SE and ETS class A/B/C for 0/1 items (Mantel's "
     "test and the standardised mean difference for partial credit items), and the Rasch DIF in logits with its SE "
     "for every item; prints a table, writes DIF.csv with --out. More than two "
     "groups: choose two with --reference and --focal. Each group needs --min-group pupils (default 100)",
     false, difCommand},
    {"link", "dlkiosk link NEW_ITEMS.csv --to OLD_ITEMS.csv [--out LINKED_ITEMS.csv] [--max-deviation LOGITS]",
     "mean-mean common-item linking of a new calibration to an earlier one: prints each common item's shift, the "
     "shift and the linking error (SD of the shifts / sqrt(n)); --out writes the new items on the old scale. "
     "--max-deviation drops, worst first, common items whose shift is that far from the others' mean. Two "
     "multidimensional calibrations (a dimension column) are linked per dimension, each on its own common items "
     "with its own shift and linking error; --out then also writes LINKED_ITEMS.model.json with the means moved",
     false, linkCommand},
    {"validate", "dlkiosk validate [--bank] PATH... | validate [--bank] --blueprint DIR",
     "check QTI items, tests, folders and .zip packages; prints 'file:line: error|warning: message' lines; exit 1 on "
     "any error, 2 on misuse. dlkiosk's bank rules apply to a dlkiosk bank, and with --bank to any package. With "
     "--blueprint, checks the bank in DIR and prints its blueprint: scored items and score points (rubric criteria "
     "included, the practice module left out) per module, domain, kerndoel and ICILS aspect, then a warning for "
     "every share further from DIR/blueprint.json's target than its tolerance (without the file: ICILS 2023's CIL "
     "weights 12/21/48/19%) and for every module whose items' estimated minutes (dlk-minutes-*) exceed its time "
     "limit or are missing, the test information from DIR/irt/items.csv, and the DIF classes from DIR/irt/dif.csv "
     "(a warning for every C-class item, the B-class ones listed); exit 0 with warnings only, 1 on an error in the "
     "bank, blueprint.json or dif.csv",
     false, validateCommand},
    {"qti", "dlkiosk qti export --out PKG.zip [--items DIR]",
     "write the item bank as a QTI 3.0 content package (2.x items converted)", false, qtiCommand},
    {"say", "dlkiosk say [--lang nl|en] [--wav FILE] TEXT...",
     "speak TEXT with the kiosk's read-aloud voice (espeak-ng), or write it to FILE", true, nullptr},
    {"bench",
     "dlkiosk bench storage [--answers N] [--dir DIR] | bench load | bench irt [--reference DIR] [--blocks B] | bench "
     "irt --dimensions D [--pupils N] [--blocks B] [--points N] | "
     "bench ui [--runs N] [--idle-seconds S] [--screen NAME] | bench blocks [--runs N] | "
     "bench export [--pupils N] [--events] [--keep] [--dir DIR] [--school KEPT] | bench merge [--schools N] [--pupils "
     "N] [--keep] "
     "[--dir DIR]",
     "figures for the README: answer commits on this disk and the bank load (storage), reading 10,000 items (load), "
     "the psychometric pipeline (irt), DIF on 10,000 pupils x 40 items (dif), first frame, idle CPU, CPU per dragged "
     "frame and memory of the kiosk (ui), "
     "10,000 scoring runs of a 50-block program (blocks), the export of a generated school of 100,000 pupils (export; "
     "demo classes copied inside the database, --events with events.csv) and the merge of 500 generated schools' "
     "packages of 200 pupils (merge); --keep leaves the generated school and its export in --dir, and --school KEPT "
     "exports such a kept school again without generating one",
     false, benchCommand},
};

// "text" wrapped at 100 columns, each line indented by `indent` spaces.
void printWrapped(std::string_view text, size_t indent) {
    std::string line;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        if (!line.empty() && indent + line.size() + 1 + word.size() > 100) {
            std::printf("%*s%s\n", static_cast<int>(indent), "", line.c_str());
            line.clear();
        }
        if (!line.empty()) line += ' ';
        line += word;
        start = end + 1;
    }
    if (!line.empty()) std::printf("%*s%s\n", static_cast<int>(indent), "", line.c_str());
}

// The window program beside this one (a build tree), or in the package's library folder.
std::optional<std::string> windowProgram() {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path self = fs::canonical("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    for (const fs::path& candidate :
         {self.parent_path() / "dlkiosk-gui", self.parent_path() / ".." / "lib" / "dlkiosk" / "dlkiosk-gui"})
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    return std::nullopt;
}

}  // namespace

const std::vector<Command>& commands() {
    return kCommands;
}

const Command* findCommand(std::string_view name) {
    for (const Command& c : kCommands)
        if (c.name == name) return &c;
    return nullptr;
}

Dispatch dispatch(int argc, char** argv) {
    if (argc < 2) return {Dispatch::Kiosk, nullptr};
    const std::string_view first = argv[1];
    if (first == "help" || first == "--help" || first == "-h") return {Dispatch::Help, nullptr};
    if (first == "version" || first == "--version") return {Dispatch::Version, nullptr};
    if (const Command* c = findCommand(first)) return {Dispatch::Command, c};
    if (first.starts_with("--")) return {Dispatch::Kiosk, nullptr};  // the kiosk's own options
    return {Dispatch::Unknown, nullptr};
}

std::optional<int> answerSimply(const Dispatch& what, char** argv) {
    switch (what.kind) {
        case Dispatch::Help:
            printUsage();
            return 0;
        case Dispatch::Version:
            std::puts("dlkiosk " DLK_VERSION);
            return 0;
        case Dispatch::Unknown:
            std::fprintf(stderr, "dlkiosk: unknown command '%s' (see dlkiosk --help)\n", argv[1]);
            return 1;
        case Dispatch::Command:
        case Dispatch::Kiosk:
            return std::nullopt;
    }
    return std::nullopt;
}

int runCommand(const Command& command, int argc, char** argv) {
    try {
        Args args(argc, argv, 2);
        return command.run(args, argv[0]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dlkiosk %s: %s\n", std::string(command.name).c_str(), e.what());
        return 1;
    }
}

int runWindowProgram(int argc, char** argv) {
    const auto program = windowProgram();
    if (!program) {
        std::fprintf(stderr,
                     "dlkiosk: the kiosk window is not installed here (no dlkiosk-gui beside dlkiosk); the commands "
                     "without a window work: see dlkiosk --help\n");
        return 2;
    }
    std::vector<char*> args(argv, argv + argc);
    args[0] = const_cast<char*>(program->c_str());
    args.push_back(nullptr);
    ::execv(program->c_str(), args.data());
    std::fprintf(stderr, "dlkiosk: cannot start %s: %s\n", program->c_str(), std::strerror(errno));
    return 2;
}

// The text of `dlkiosk --help` around the command table; the man page (manpage.cpp) is made from
// the same strings, so the two cannot disagree.
const std::string_view kSummary = "digital-literacy assessments on an offline kiosk";
const std::string_view kKioskUsage =
    "dlkiosk [--data DIR] [--items DIR] [--lang nl|en] [--windowed] [--text-size 100|125|150|200]\n"
    "        [--high-contrast] [--dyslexia-font] [--read-aloud] [--size WxH]\n"
    "                       start the kiosk (full screen unless --windowed)\n"
    "dlkiosk --screenshot FILE.png [--frames N] [--screen NAME] [--size WxH] [--data DIR]\n"
    "                       render N frames (default 3) and save the last one; with --screen and no\n"
    "                       --data a temporary demo school is used. Screens: setup, login, confirm,\n"
    "                       item, item2.., MODULE/N, overview, pause, menu, finish, pin, close,\n"
    "                       teacher, teacher/TAB (scores, analysis, activity, scoring, class,\n"
    "                       bank, teachers), teacher/cards (the login cards dialog),\n"
    "                       teacher/report (the scores tab's class report dialog), teacher/mypin\n"
    "                       (the teacher's own PIN dialog), teacher/background (a pupil's\n"
    "                       background variables on the class tab), error.\n"
    "dlkiosk --screenshot DIR --screen A,B,.. | MODULE/all [--frames N] [--size WxH] [--data DIR]\n"
    "                       several screens in one run, a PNG per screen in DIR (m01/3 -> DIR/m01-3.png);\n"
    "                       MODULE/all is each item of the module, as one pupil moves through it";
const std::string_view kHelpFooter =
    "The data folder defaults to $XDG_DATA_HOME/dlkiosk (~/.local/share/dlkiosk). The kiosk, --screenshot and say\n"
    "run in dlkiosk-gui; every other command runs without a display.";

void printUsage() {
    std::printf("dlkiosk " DLK_VERSION " - %.*s\n\nusage:\n", static_cast<int>(kSummary.size()), kSummary.data());
    // kKioskUsage is written without the two spaces of indent that --help puts before each line.
    size_t start = 0;
    while (start <= kKioskUsage.size()) {
        size_t end = kKioskUsage.find('\n', start);
        if (end == std::string_view::npos) end = kKioskUsage.size();
        const std::string_view line = kKioskUsage.substr(start, end - start);
        std::printf("  %.*s\n", static_cast<int>(line.size()), line.data());
        start = end + 1;
    }
    for (const Command& c : kCommands) {
        printWrapped(c.synopsis, 2);
        printWrapped(c.description, 25);
    }
    std::printf("\n%.*s\n", static_cast<int>(kHelpFooter.size()), kHelpFooter.data());
}

}  // namespace dlk::cli
