// Bad input to every sub-command of the real `dlkiosk`: missing and empty files, wrong types,
// absurd numbers, unknown options. Each row is a command line, its exit code, a fragment of what
// it says on stderr, and the promise that nothing in the working folder (a real kiosk data folder
// among it) was created or changed. docs/cli.md holds the same table for readers.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core_test_helpers.h"

namespace {

namespace fs = std::filesystem;
using dlk::test::TempDir;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every file and folder under `root` with its bytes (folders as "<dir>"): equal snapshots mean
// nothing was created, removed or changed.
std::map<std::string, std::string> snapshot(const fs::path& root) {
    std::map<std::string, std::string> s;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const std::string rel = fs::relative(e.path(), root).string();
        s[rel] = e.is_directory() ? std::string("<dir>") : slurp(e.path());
    }
    return s;
}

std::string differences(const std::map<std::string, std::string>& before,
                        const std::map<std::string, std::string>& after) {
    std::string d;
    for (const auto& [path, bytes] : after) {
        const auto it = before.find(path);
        if (it == before.end())
            d += "created " + path + "\n";
        else if (it->second != bytes)
            d += "changed " + path + "\n";
    }
    for (const auto& [path, bytes] : before)
        if (!after.count(path)) d += "removed " + path + "\n";
    return d;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

struct Run {
    int code = -1;
    std::string out, err;
};

// The built dlkiosk with `arguments` (a shell word list), its default data folder under `home`.
Run run(const std::string& arguments, const TempDir& capture, const fs::path& home) {
    const std::string out = capture.file("stdout.txt"), err = capture.file("stderr.txt");
    const std::string command = "cd '" + home.string() + "' && env -u DISPLAY -u WAYLAND_DISPLAY XDG_DATA_HOME='" +
                                (home / "xdg").string() + "' '" + DLK_BINARY + "' " + arguments + " >'" + out +
                                "' 2>'" + err + "'";
    const int status = std::system(command.c_str());
    Run r;
    REQUIRE(WIFEXITED(status));
    r.code = WEXITSTATUS(status);
    r.out = dlk::test::readFile(out);
    r.err = dlk::test::readFile(err);
    return r;
}

// One row of the table. {W} is the working folder: data/ (a demo school), empty/ (an empty
// folder), emptydb/ (a zero-byte dlkiosk.db), empty.txt, garbage.txt, header.csv, R.csv (a
// response matrix that calibrates), items.csv (its parameters), guttman.csv (one that cannot
// converge), item.xml (a real item), bg.csv and bgdup.csv (background files for dif), one.csv
// (an ITEMS.csv with one item in common with items.csv), files/ (a folder with one file, unsigned).
struct BadInput {
    const char* command;
    int exitCode;
    const char* says;  // a fragment of stderr
};

const BadInput kTable[] = {
    // The command itself.
    {"frobnicate", 1, "unknown command 'frobnicate' (see dlkiosk --help)"},
    // demo: every option checked before the data folder is touched.
    // simulate: every option checked before the bank is read; nothing written on a refusal.
    {"simulate --pupils 10", 1, "simulate needs --out RESPONSES.csv"},
    {"simulate --out {W}/s.csv --pupils 0", 1, "--pupils takes 1 to 100000"},
    {"simulate --out {W}/s.csv --pupils abc", 1, "--pupils takes 1 to 100000"},
    {"simulate --out {W}/s.csv --seed -1", 1, "--seed takes a whole number from 0"},
    {"simulate --out {W}/s.csv --design nope", 1, "--design: the session design has no design named 'nope'"},
    {"simulate --out {W}/s.csv --items {W}/empty", 1, "the item bank has no modules to simulate"},
    {"simulate --out {W}/s.csv --items {W}/missing", 1, "no item bank in {W}/missing"},
    {"simulate --out {W}/s.csv stray", 1, "simulate takes no file name but --out's: 'stray'"},
    {"simulate --out {W}/missing/s.csv --pupils 1", 1, "cannot create {W}/missing/s.csv.tmp"},
    {"simulate --out {W}/s.csv --bogus 1", 1, "unknown option --bogus"},
    {"simulate --out {W}/s.csv --background {W}/s.csv", 1, "--background and --out name the same file"},
    {"demo --data {W}/new --pupils abc", 1, "--pupils takes 1 to 500"},
    {"demo --data {W}/new --pupils 0", 1, "--pupils takes 1 to 500"},
    {"demo --data {W}/new --pupils 99999999999999999999", 1, "--pupils takes 1 to 500"},
    {"demo --data {W}/new --not-started -1", 1, "--not-started takes 0 to 500"},
    {"demo --data {W}/new --seed 1.5", 1, "--seed takes a whole number"},
    {"demo --data {W}/new --pin 12345abc", 1, "--pin: Een pincode bestaat alleen uit cijfers."},
    {"demo --data {W}/new --pin ''", 1, "--pin: De pincode heeft"},
    {"demo --data {W}/new --pin 12345", 1, "--pin: De pincode heeft 6 tot 12 cijfers."},
    {"demo --data {W}/new --pupils 3 --bogus 1", 1, "unknown option --bogus (see dlkiosk --help)"},
    {"demo --data", 1, "--data needs a value"},
    // export: reads a data folder, so one without kiosk data is refused and nothing is created.
    {"export --data {W}/empty --out {W}/out", 1, "no kiosk data in {W}/empty: it holds no dlkiosk.db"},
    {"export --data {W}/missing --out {W}/out", 1, "no kiosk data in {W}/missing: the folder does not exist"},
    {"export --data {W}/emptydb --out {W}/out", 1, "no kiosk data in {W}/emptydb: its dlkiosk.db is empty"},
    {"export --data {W}/empty.txt --out {W}/out", 1, "no kiosk data in {W}/empty.txt: it is not a folder"},
    {"export --out {W}/out", 1, "no kiosk data in {W}/xdg/dlkiosk: the folder does not exist"},
    {"export --data {W}/data", 1, "export needs --out FOLDER"},
    {"export --data {W}/data --out ''", 1, "--out needs a folder name"},
    {"export --data {W}/data --out {W}/out --bogus", 1, "unknown option --bogus"},
    {"export --data {W}/data --out {W}/out --free-text=no", 1, "--free-text takes no value"},
    {"export --data {W}/data --out {W}/out --events=no", 1, "--events takes no value"},
    // sign, verify, key: sign checks the folder before the data folder and the PIN; verify's misuse is 2.
    // merge: the command line first, then every package verified before anything is written.
    {"merge", 1, "merge needs --out FOLDER"},
    {"merge {W}/files", 1, "merge needs --out FOLDER"},
    {"merge --out {W}/m", 1, "merge needs the package folders to merge"},
    {"merge {W}/files --out {W}/m --bogus", 1, "unknown option --bogus"},
    {"merge {W}/missing --out {W}/m", 1, "{W}/missing: no such folder"},
    {"merge {W}/files --out {W}/m", 1, "(an unsigned package, e.g. an earlier merge, needs --unsigned)"},
    {"merge {W}/files --out {W}/m --unsigned", 1, "{W}/files/datapackage.json is missing"},
    {"merge {W}/files --out {W}/files --unsigned", 1, "cannot be written into {W}/files, one of its sources"},
    {"sign --data {W}/data", 1, "sign takes one FOLDER (see dlkiosk --help)"},
    {"sign --data {W}/data ''", 1, "sign needs a folder name"},
    {"sign --data {W}/data {W}/missing", 1, "{W}/missing: no such folder"},
    {"sign --data {W}/data {W}/empty.txt", 1, "{W}/empty.txt: not a folder"},
    {"sign --data {W}/data {W}/empty", 1, "{W}/empty holds no files to sign"},
    {"sign --data {W}/data {W}/data", 1, "{W}/data is the kiosk's data folder"},
    {"sign --data {W}/data {W}", 1, "is a folder: a manifest lists the files of one folder"},
    {"sign --data {W}/missing {W}/files", 1, "no kiosk data in {W}/missing: the folder does not exist"},
    {"sign --data {W}/emptydb {W}/files", 1, "no kiosk data in {W}/emptydb: its dlkiosk.db is empty"},
    {"sign --data {W}/data {W}/files --bogus", 1, "unknown option --bogus"},
    {"verify", 2, "verify takes one FOLDER (see dlkiosk --help)"},
    {"verify {W}/files {W}/empty", 2, "verify takes one FOLDER"},
    {"verify {W}/files --bogus", 2, "unknown option --bogus"},
    {"verify {W}/files --key", 2, "--key needs a value"},
    {"verify {W}/files --key 1234-abcd", 2, "--key takes the fingerprint dlkiosk key prints"},
    {"verify {W}/missing", 1, "{W}/missing: no such folder"},
    {"verify {W}/empty.txt", 1, "{W}/empty.txt: not a folder"},
    {"verify {W}/files", 1, "{W}/files holds no manifest.json: it was not signed"},
    {"key --data {W}/missing", 1, "no kiosk data in {W}/missing: the folder does not exist"},
    {"key --data {W}/empty", 1, "no kiosk data in {W}/empty: it holds no dlkiosk.db"},
    {"key --data {W}/data extra", 1, "key takes no argument but --data DIR"},
    {"key --data {W}/data --bogus", 1, "unknown option --bogus"},
    // kiosk, bundle: the command line and the files first, before a data folder is made or a PIN read.
    {"kiosk", 1, "kiosk takes: join-file, join or list"},
    {"kiosk frobnicate", 1, "kiosk takes: join-file, join or list"},
    {"kiosk join-file --data {W}/data --out {W}/j", 1, "kiosk join-file needs --name NAME"},
    {"kiosk join-file --data {W}/data --name L", 1, "kiosk join-file needs --out FILE"},
    {"kiosk join-file --data {W}/data --name '' --out {W}/j", 1, "needs --name NAME (the new kiosk's name), not an"},
    {"kiosk join-file --data {W}/missing --name L --out {W}/j", 1,
     "no kiosk data in {W}/missing: the folder does not exist"},
    {"kiosk join-file --data {W}/data --name L --out {W}/j --bogus", 1, "unknown option --bogus"},
    {"kiosk join --data {W}/new", 1, "kiosk join takes one join FILE"},
    {"kiosk join --data {W}/new {W}/missing.join", 1, "join file {W}/missing.join does not exist"},
    {"kiosk join --data {W}/new {W}/garbage.txt", 1, "{W}/garbage.txt is not a dlkiosk join file"},
    {"kiosk join --data {W}/new {W}/empty.txt", 1, "{W}/empty.txt is not a dlkiosk join file"},
    {"kiosk join --data {W}/new {W}/empty", 1, "{W}/empty is not a plain file"},
    {"kiosk list --data {W}/missing", 1, "no kiosk data in {W}/missing: the folder does not exist"},
    {"kiosk list --data {W}/data extra", 1, "kiosk list takes no argument but --data DIR"},
    {"bundle", 1, "bundle takes: write or import"},
    {"bundle write --data {W}/data", 1, "bundle write needs --out FOLDER"},
    {"bundle write --data {W}/missing --out {W}/b", 1, "no kiosk data in {W}/missing: the folder does not exist"},
    {"bundle write --data {W}/data --out {W}/b", 1, "joined no school (dlkiosk kiosk join FILE)"},
    {"bundle write --data {W}/data --out {W}/b --bogus", 1, "unknown option --bogus"},
    {"bundle import --data {W}/data", 1, "bundle import needs the bundle folders"},
    {"bundle import --data {W}/data {W}/missing", 1, "{W}/missing is not a folder"},
    {"bundle import --data {W}/data {W}/empty", 1, "no result bundle in {W}/empty"},
    {"bundle import --data {W}/missing {W}/files", 1, "no kiosk data in {W}/missing: the folder does not exist"},
    // cards: every check that needs no PIN, before the data folder is opened where it can be.
    {"cards --data {W}/data --out {W}/c.pdf", 1, "cards needs --class CLASS"},
    {"cards --data {W}/data --class X", 1, "cards needs --out FILE.pdf"},
    {"cards --data {W}/data --class X --out ''", 1, "--out needs a file name"},
    {"cards --data {W}/data --class X --out {W}/c.pdf --lang fr", 1, "--lang takes nl or en"},
    {"cards --data {W}/data --class X --out {W}/nodir/c.pdf", 1,
     "cannot write {W}/nodir/c.pdf: the folder {W}/nodir does not exist"},
    {"cards --data {W}/data --class X --out {W}/empty", 1, "cannot write {W}/empty: it is a folder"},
    {"cards --data {W}/missing --class X --out {W}/c.pdf", 1,
     "no kiosk data in {W}/missing: the folder does not exist"},
    {"cards --data {W}/emptydb --class X --out {W}/c.pdf", 1, "no kiosk data in {W}/emptydb: its dlkiosk.db is empty"},
    {"cards --data {W}/data --class 'Groep 9z' --out {W}/c.pdf", 1,
     "no class 'Groep 9z' in {W}/data; the classes are: "},
    {"cards --data {W}/data --class X --out {W}/c.pdf --bogus", 1, "unknown option --bogus"},
    // report: the same checks as cards, and its own options.
    {"report --data {W}/data --out {W}/r.pdf", 1, "report needs --class CLASS"},
    {"report --data {W}/data --class X", 1, "report needs --out FILE.pdf"},
    {"report --data {W}/data --class X --out ''", 1, "--out needs a file name"},
    {"report --data {W}/data --class X --out {W}/r.pdf --lang fr", 1, "--lang takes nl or en"},
    {"report --data {W}/data --class X --out {W}/r.pdf --pupil ''", 1, "--pupil needs a pupil's code"},
    {"report --data {W}/data --class X --out {W}/r.pdf --pupil ABCD-EFGH --sheets", 1,
     "--pupil and --sheets exclude each other"},
    {"report --data {W}/data --class X --out {W}/nodir/r.pdf", 1,
     "cannot write {W}/nodir/r.pdf: the folder {W}/nodir does not exist"},
    {"report --data {W}/data --class X --out {W}/empty", 1, "cannot write {W}/empty: it is a folder"},
    {"report --data {W}/missing --class X --out {W}/r.pdf", 1,
     "no kiosk data in {W}/missing: the folder does not exist"},
    {"report --data {W}/emptydb --class X --out {W}/r.pdf", 1, "no kiosk data in {W}/emptydb: its dlkiosk.db is empty"},
    {"report --data {W}/data --class 'Groep 9z' --out {W}/r.pdf", 1,
     "no class 'Groep 9z' in {W}/data; the classes are: "},
    {"report --data {W}/data --class X --out {W}/r.pdf --bogus", 1, "unknown option --bogus"},
    // score
    {"score", 1, "score takes one item file"},
    {"score {W}/missing.xml", 1, "{W}/missing.xml: cannot read"},
    {"score {W}/empty.txt", 1, "{W}/empty.txt:1: the file is empty"},
    {"score {W}/garbage.txt", 1, "{W}/garbage.txt:1: not well-formed XML"},
    {"score {W}/item.xml --response 'notjson'", 1, "--response: invalid JSON"},
    {"score {W}/item.xml --response '[1]'", 1, "--response must be a JSON object"},
    {"score {W}/item.xml --response '{\"NOPE\": \"A\"}'", 1, "the item declares no response variable 'NOPE'"},
    {"score {W}/item.xml --seed abc", 1, "--seed takes a whole number"},
    // calibrate: nothing written unless it converged.
    {"calibrate", 1, "calibrate takes one RESPONSES.csv"},
    {"calibrate {W}/R.csv", 1, "calibrate needs --out ITEMS.csv"},
    {"calibrate {W}/missing.csv --out {W}/o.csv", 1, "cannot read {W}/missing.csv: No such file or directory"},
    {"calibrate {W}/empty --out {W}/o.csv", 1, "cannot read {W}/empty: it is a folder, not a CSV file"},
    {"calibrate {W}/empty.txt --out {W}/o.csv", 1, "{W}/empty.txt is empty"},
    {"calibrate {W}/garbage.txt --out {W}/o.csv", 1, "the first column must be person_id"},
    {"calibrate {W}/header.csv --out {W}/o.csv", 1, "nobody was given any item"},
    {"calibrate {W}/R.csv --out {W}/o.csv --nodes abc", 1, "--nodes takes a whole number from 5 to 150"},
    {"calibrate {W}/R.csv --out {W}/o.csv --nodes 199", 1, "--nodes takes a whole number from 5 to 150"},
    {"calibrate {W}/R.csv --out {W}/o.csv --nodes 0", 1, "--nodes takes a whole number from 5 to 150"},
    {"calibrate {W}/R.csv --out {W}/o.csv --seed -5", 1, "--seed takes a whole number from 0"},
    {"calibrate {W}/R.csv --out {W}/o.csv --omitted sometimes", 1, "--omitted takes zero or missing"},
    {"calibrate {W}/R.csv --out {W}/o.csv --anchor {W}/missing.csv", 1, "cannot read {W}/missing.csv"},
    {"calibrate {W}/R.csv --out {W}/o.csv --anchor {W}/empty.txt", 1, "{W}/empty.txt has no header"},
    {"calibrate {W}/R.csv --out {W}/items.csv --nodes 5 --bogus", 1, "unknown option --bogus"},
    {"calibrate {W}/guttman.csv --out {W}/o.csv", 2, "EM did not converge: the change grew in 25 EM cycles in a row"},
    {"calibrate {W}/guttman.csv --out {W}/items.csv", 2, "nothing was written to {W}/items.csv"},
    {"calibrate {W}/R.csv --out {W}/R.csv", 1, "--out {W}/R.csv is the RESPONSES.csv read: it would be overwritten"},
    // calibrate --dimensions: the multidimensional model's own checks.
    {"calibrate {W}/R.csv --out {W}/o.csv --dimensions {W}/missing.csv", 1, "cannot read {W}/missing.csv"},
    {"calibrate {W}/R.csv --out {W}/o.csv --dimensions {W}/empty.txt", 1,
     "{W}/empty.txt line 1: the header must be item_id,dimension"},
    {"calibrate {W}/R.csv --out {W}/o.csv --dimensions domain", 1,
     "--dimensions domain takes each item's domain from a data package's items.csv"},
    {"calibrate {W}/R.csv --out {W}/o.csv --dimensions {W}/bg.csv --anchor {W}/items.csv", 1,
     "--anchor is for one scale, not with --dimensions"},
    {"calibrate {W}/R.csv --out {W}/o.csv --dimensions {W}/bg.csv --points 5", 1,
     "--points takes a whole number from 100 to 200000"},
    {"calibrate {W}/R.csv --out {W}/bg.csv --dimensions {W}/bg.csv", 1, "--out {W}/bg.csv is the --dimensions file"},
    {"estimate {W}/R.csv --items {W}/items.csv --method pv --components 0.9 --out {W}/p.csv", 1,
     "--components summarises a --background file; give one"},
    {"estimate {W}/R.csv --items {W}/items.csv --method pv --background {W}/bg.csv --components 2 --out {W}/p.csv", 1,
     "--components takes the share of variance to keep, more than 0 and at most 1"},
    {"calibrate {W}/R.csv --out {W}/o.csv --background {W}/missing.csv", 1, "cannot read {W}/missing.csv"},
    {"calibrate {W}/R.csv --out {W}/bg.csv --background {W}/bg.csv", 1,
     "--out {W}/bg.csv is the --background file: it would be overwritten"},
    {"calibrate {W}/R.csv --out {W}/o.csv --components 0.5", 1, "--components summarises a --background file"},
    {"calibrate {W}/R.csv --out {W}/./items.csv --anchor {W}/items.csv", 1,
     "is the --anchor file: it would be overwritten"},
    {"calibrate {W}/R.csv --out {W}/o.csv --scale ''", 1, "--scale needs a name, e.g. total"},
    // estimate
    {"estimate {W}/R.csv --items {W}/items.csv --method wle --out {W}/items.csv", 1,
     "--out {W}/items.csv is the --items file: it would be overwritten"},
    {"estimate {W}/R.csv --items {W}/items.csv --method wle --out {W}/R.csv", 1, "is the RESPONSES.csv read"},
    {"estimate {W}/R.csv --items {W}/items.csv --method wle --scale '' --out {W}/p.csv", 1, "--scale needs a name"},
    {"estimate {W}/R.csv --method wle --out {W}/p.csv", 1, "estimate needs --items ITEMS.csv"},
    {"estimate {W}/R.csv --items {W}/items.csv --method wle --background {W}/bg.csv --out {W}/p.csv", 1,
     "--background conditions eap and pv; a WLE uses no population model"},
    {"estimate {W}/R.csv --items {W}/items.csv --method pv --background {W}/missing.csv --out {W}/p.csv", 1,
     "cannot read {W}/missing.csv"},
    {"estimate {W}/R.csv --items {W}/items.csv --method pv --background {W}/bg.csv --out {W}/bg.csv", 1,
     "--out {W}/bg.csv is the --background file"},
    {"estimate {W}/R.csv --items {W}/items.csv --out {W}/p.csv", 1, "estimate needs --method wle|eap|pv"},
    {"estimate {W}/R.csv --items {W}/missing.csv --method wle --out {W}/p.csv", 1,
     "cannot read {W}/missing.csv: No such file or directory"},
    {"estimate {W}/R.csv --items {W}/empty --method wle --out {W}/p.csv", 1, "cannot read {W}/empty: it is a folder"},
    {"estimate {W}/R.csv --items {W}/empty.txt --method wle --out {W}/p.csv", 1, "{W}/empty.txt has no header"},
    {"estimate {W}/R.csv --items {W}/items.csv --method best --out {W}/p.csv", 1,
     "the method must be wle, eap or pv, not 'best'"},
    {"estimate {W}/R.csv --items {W}/items.csv --method pv --pvs 0 --out {W}/p.csv", 1,
     "--pvs takes a whole number from 1 to 100"},
    {"estimate {W}/R.csv --items {W}/items.csv --method pv --pvs lots --out {W}/p.csv", 1,
     "--pvs takes a whole number from 1 to 100"},
    {"estimate {W}/R.csv --items {W}/items.csv --method wle --levels {W}/missing.csv --out {W}/p.csv", 1,
     "{W}/missing.csv"},
    // dif: every input checked before DIF.csv is written.
    {"dif", 1, "dif takes one RESPONSES.csv"},
    {"dif {W}/R.csv --background {W}/bg.csv --group lang", 1, "dif needs --items ITEMS.csv"},
    {"dif {W}/R.csv --items {W}/items.csv --group lang", 1, "dif needs --background FILE.csv"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv", 1, "dif needs --group COLUMN"},
    {"dif {W}/missing.csv --items {W}/items.csv --background {W}/bg.csv --group lang", 1,
     "cannot read {W}/missing.csv: No such file or directory"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/missing.csv --group lang", 1,
     "cannot read {W}/missing.csv: No such file or directory"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/empty.txt --group lang", 1, "{W}/empty.txt is empty"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/garbage.txt --group lang", 1,
     "{W}/garbage.txt line 1: the first column must be person_id"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bgdup.csv --group lang", 1,
     "{W}/bgdup.csv line 3: person P0 already appears on line 2"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv --group taal", 1,
     "{W}/bg.csv line 1: no column 'taal' (columns: lang, grade)"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv --group lang --out {W}/d.csv", 1,
     "{W}/bg.csv: column lang: group 'nl' has 30 pupils with responses; dif needs at least 100 per group"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv --group grade", 1,
     "{W}/bg.csv: column grade has 3 groups (4, 5, 6); dif compares two: choose them with --reference VALUE --focal "
     "VALUE"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv --group lang --reference fr", 1,
     "has no pupil with responses whose value is 'fr'"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv --group lang --reference nl --focal nl", 1,
     "--reference and --focal name the same group 'nl'"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv --group lang --min-group 5", 1,
     "--min-group takes a whole number from 20 to 1000000"},
    {"dif {W}/R.csv --items {W}/items.csv --background {W}/bg.csv --group lang --out {W}/bg.csv", 1,
     "--out {W}/bg.csv is the --background file: it would be overwritten"},
    {"dif {W}/R.csv --items {W}/empty.txt --background {W}/bg.csv --group lang", 1, "{W}/empty.txt has no header"},
    // link
    {"link", 1, "link takes one NEW_ITEMS.csv"},
    {"link {W}/items.csv", 1, "link needs --to OLD_ITEMS.csv"},
    {"link {W}/items.csv --to {W}/missing.csv", 1, "cannot read {W}/missing.csv"},
    {"link {W}/items.csv --to {W}/empty.txt --out {W}/l.csv", 1, "{W}/empty.txt has no header"},
    {"link {W}/items.csv --to {W}/one.csv --out {W}/l.csv", 1,
     "linking needs at least 2 common items (same item_id and max_score); found 1"},
    {"link {W}/items.csv --to {W}/one.csv --out {W}/items.csv", 1,
     "--out {W}/items.csv is the NEW_ITEMS.csv read: it would be overwritten"},
    {"link {W}/items.csv --to {W}/one.csv --max-deviation 0", 1, "--max-deviation takes logits above 0"},
    // link of multidimensional calibrations: per dimension, the same kind on both sides, the model beside it.
    {"link {W}/dims.csv --to {W}/items.csv", 1,
     "{W}/dims.csv is a multidimensional calibration (a dimension column) and {W}/items.csv is one scale"},
    {"link {W}/dims.csv --to {W}/dimsfew.csv", 1, "dimension b: linking needs at least 2 common items"},
    {"link {W}/dims.csv --to {W}/dims.csv --out {W}/l.csv", 1, "cannot read {W}/dims.model.json"},
    {"bench dif --bogus 1", 1, "unknown option --bogus"},
    // validate: 2 for misuse, 1 for bad input.
    {"validate", 2, "usage: dlkiosk validate"},
    {"validate --strict {W}/item.xml", 2, "unknown option --strict"},
    {"validate {W}/missing.xml", 1, "1 error(s)"},
    {"validate {W}/empty.txt", 1, "1 error(s)"},
    {"validate --blueprint", 2, "--blueprint needs a value"},
    {"validate --blueprint {W}/missing", 2, "{W}/missing is not a folder (--blueprint takes an item bank's folder)"},
    {"validate --blueprint {W}/empty.txt", 2, "{W}/empty.txt is not a folder"},
    {"validate --blueprint {W}/empty {W}/item.xml", 2, "usage: dlkiosk validate --blueprint DIR"},
    {"validate --blueprint {W}/empty", 1, "0 document(s), 1 error(s)"},
    // qti export
    {"qti", 1, "qti takes: export --out PKG.zip"},
    {"qti export --items {W}/items-missing --out {W}/q.zip", 1, "{W}/items-missing: no such folder or zip file"},
    {"qti export --items {W}/empty --out {W}/q.zip", 1, "no item bank in {W}/empty: no modules found"},
    {"qti export --items {W}/empty.txt --out {W}/q.zip", 1, "{W}/empty.txt"},
    {"qti export --items {W}/empty", 1, "qti export needs --out PKG.zip"},
    // bench
    {"bench", 1, "bench takes: storage, load, irt, ui"},
    {"bench storage --answers abc --dir {W}/b", 1, "--answers takes 10 to 100000"},
    {"bench storage --answers 5 --dir {W}/b", 1, "--answers takes 10 to 100000"},
    {"bench load --items 3 --dir {W}/b", 1, "--items takes 20 to 200000"},
    {"bench irt --blocks 0", 1, "--blocks takes a whole number from 3 to 20"},
    {"bench irt --dimensions 1", 1, "--dimensions takes a whole number from 2 to 10"},
    {"bench irt --dimensions 4 --pupils 10", 1, "--pupils takes a whole number from 1000 to 1000000"},
    {"bench irt --dimensions 4 --points 99", 1, "--points takes a whole number from 100 to 200000"},
    {"bench irt --dimensions 4 --reference {W}", 1, "unknown option --reference"},
    {"bench ui --runs abc", 1, "--runs takes 1 to 50"},
    {"bench ui --idle-seconds 100000", 1, "--idle-seconds takes 2 to 600"},
    {"bench export --pupils 4 --dir {W}/b", 1, "--pupils takes 5 to 1000000"},
    {"bench export --pupils abc --dir {W}/b", 1, "--pupils takes 5 to 1000000"},
    {"bench export --classes 3 --dir {W}/b", 1, "unknown option --classes"},
    {"bench merge --schools 1 --dir {W}/b", 1, "--schools takes 2 to 2000"},
    {"bench export --bogus 1 --dir {W}/b", 1, "unknown option --bogus"},
    {"bench export --school {W}/none", 1, "holds no school/ folder"},
};

// A small response matrix that calibrates: 6 items, 60 persons, a Guttman-like pattern with noise.
std::string responsesCsv() {
    std::string s = "person_id,I1,I2,I3,I4,I5,I6\n";
    for (int p = 0; p < 60; ++p) {
        s += "P" + std::to_string(p);
        for (int i = 0; i < 6; ++i) s += (((p * 7 + i * 13) % 10) > i + 1) ? ",1" : ",0";
        s += "\n";
    }
    return s;
}

// Each person passes exactly the k easiest items: a likelihood without a maximum.
std::string guttmanCsv() {
    std::string s = "person_id,I1,I2,I3,I4,I5,I6\n";
    for (int p = 0; p < 70; ++p) {
        s += "P" + std::to_string(p);
        for (int i = 0; i < 6; ++i) s += i < p % 7 ? ",1" : ",0";
        s += "\n";
    }
    return s;
}

}  // namespace

TEST_CASE("cli bad input: every command refuses with a clear message and changes nothing") {
    TempDir work, capture;
    const fs::path w = work.path();
    const std::string W = w.string();
    // The working folder: a real kiosk data folder and the bad files the table uses.
    Run made = run("demo --data '" + W + "/data' --pupils 3 --items '" + DLK_SOURCE_ITEMS + "'", capture, w);
    REQUIRE_MESSAGE(made.code == 0, made.err);
    fs::create_directories(w / "empty");
    fs::create_directories(w / "emptydb");
    dlk::test::writeFile(W + "/emptydb/dlkiosk.db", "");
    dlk::test::writeFile(W + "/empty.txt", "");
    dlk::test::writeFile(W + "/garbage.txt", "garbage\n");
    dlk::test::writeFile(W + "/files/a.csv", "a\n");
    dlk::test::writeFile(W + "/header.csv", "person_id,I1\n");
    dlk::test::writeFile(W + "/R.csv", responsesCsv());
    dlk::test::writeFile(W + "/guttman.csv", guttmanCsv());
    fs::copy_file(std::string(DLK_SOURCE_ITEMS) + "/m01-schoolreis/nl/schoolreis-01-bestandstype.xml", w / "item.xml");
    made = run("calibrate '" + W + "/R.csv' --out '" + W + "/items.csv'", capture, w);
    REQUIRE_MESSAGE(made.code == 0, made.err);
    // dif's background files: 30 + 30 pupils by language, three grades; a pupil twice.
    std::string bg = "person_id,lang,grade\n";
    for (int p = 0; p < 60; ++p)
        bg += "P" + std::to_string(p) + (p % 2 ? ",en," : ",nl,") + std::to_string(4 + p % 3) + "\n";
    dlk::test::writeFile(W + "/bg.csv", bg);
    dlk::test::writeFile(W + "/bgdup.csv", "person_id,lang\nP0,nl\nP0,en\n");
    // link's earlier calibration with one item in common.
    dlk::test::writeFile(W + "/one.csv", "item_id,max_score,delta,tau_1\nI1,1,0.2,0\nX9,1,0,0\n");
    // Multidimensional ones: two items per dimension, and an earlier one sharing a single item of b.
    dlk::test::writeFile(
        W + "/dims.csv",
        "item_id,max_score,dimension,delta,tau_1\nA1,1,a,0.1,0\nA2,1,a,-0.1,0\nB1,1,b,0.3,0\nB2,1,b,-0.3,0\n");
    dlk::test::writeFile(W + "/dimsfew.csv",
                         "item_id,max_score,dimension,delta,tau_1\nA1,1,a,0.2,0\nA2,1,a,0,0\nB1,1,b,0.3,0\n");

    for (const BadInput& row : kTable) {
        const std::string command = replaceAll(row.command, "{W}", W);
        const std::string says = replaceAll(row.says, "{W}", W);
        CAPTURE(command);
        const auto before = snapshot(w);
        const Run r = run(command, capture, w);
        INFO("stderr: " << r.err);
        CHECK(r.code == row.exitCode);
        CHECK(dlk::test::contains(r.err, says));
        // One line or a few: a message, never a stack of output or a crash report.
        CHECK(r.err.size() < 600);
        const std::string changed = differences(before, snapshot(w));
        CHECK_MESSAGE(changed.empty(), changed);
    }
}

TEST_CASE("cli bad input: export of a folder without kiosk data creates neither the folder nor a database") {
    TempDir work, capture;
    const fs::path missing = work.path() / "stick" / "dlkiosk";
    const Run r =
        run("export --data '" + missing.string() + "' --out '" + work.file("out") + "'", capture, work.path());
    CHECK(r.code == 1);
    CHECK(dlk::test::contains(r.err, "no kiosk data in " + missing.string()));
    CHECK_FALSE(fs::exists(work.path() / "stick"));
    CHECK_FALSE(fs::exists(work.path() / "out"));
    // An empty folder stays empty: no dlkiosk.db, no dlkiosk.log.
    fs::create_directories(missing);
    CHECK(run("export --data '" + missing.string() + "' --out '" + work.file("out") + "'", capture, work.path()).code ==
          1);
    CHECK(fs::is_empty(missing));
    CHECK_FALSE(fs::exists(work.path() / "out"));
}

TEST_CASE("cli bad input: the kiosk's own options are refused before any window or data folder") {
    TempDir work, capture;
    const fs::path gui = fs::path(DLK_BINARY).parent_path() / "dlkiosk-gui";
    if (!fs::exists(gui)) DLK_SKIP("dlkiosk-gui is not built beside dlkiosk (the kiosk options are parsed there)");
    const BadInput rows[] = {
        {"--lang xx --data {W}/new", 1, "--lang takes nl or en"},
        {"--text-size 300 --data {W}/new", 1, "--text-size takes 100, 125, 150 or 200"},
        {"--size 10x10 --data {W}/new", 1, "--size takes WIDTHxHEIGHT, e.g. 1366x768"},
        {"--size big --data {W}/new", 1, "--size takes WIDTHxHEIGHT"},
        {"--screenshot {W}/s.png --frames 0 --data {W}/new", 1, "--frames takes a number from 1 to 10000"},
        {"--windowed --data {W}/new --bogus", 1, "unknown option --bogus (see dlkiosk --help)"},
        {"--data {W}/new --lang", 1, "--lang needs a value"},
        {"say --lang xx hallo", 1, "dlkiosk say: --lang takes nl or en"},
        {"say", 1, "say needs the text to speak"},
        {"say --wav {W}/x.wav --bogus hallo", 1, "unknown option --bogus"},
    };
    const std::string W = work.str();
    for (const BadInput& row : rows) {
        const std::string command = replaceAll(row.command, "{W}", W);
        CAPTURE(command);
        const auto before = snapshot(work.path());
        const Run r = run(command, capture, work.path());
        INFO("stderr: " << r.err);
        CHECK(r.code == row.exitCode);
        CHECK(dlk::test::contains(r.err, replaceAll(row.says, "{W}", W)));
        const std::string changed = differences(before, snapshot(work.path()));
        CHECK_MESSAGE(changed.empty(), changed);
    }
}

TEST_CASE("cli bad input: a benchmark in a --dir that did not exist leaves nothing behind") {
    TempDir work, capture;
    const auto before = snapshot(work.path());
    Run r = run("bench storage --answers 10 --dir '" + work.file("b/c") + "'", capture, work.path());
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "commit per answer"));
    r = run("bench load --items 20 --dir '" + work.file("d") + "'", capture, work.path());
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "bench load: 20 generated items"));
    r = run("bench export --pupils 5 --dir '" + work.file("e/f") + "'", capture, work.path());
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "bench export: 1 school of 5 pupils"));
    CHECK(dlk::test::contains(r.out, "MB/s"));
    // The merge's other schools are made from the first one's export: each its own school in the merged package.
    r = run("bench merge --schools 3 --pupils 5 --dir '" + work.file("g") + "'", capture, work.path());
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "bench merge: 3 schools of 5 pupils"));
    CHECK(dlk::test::contains(r.out, "merged package                 3 schools"));
    // The multidimensional pipeline, small: it writes nothing.
    r = run("bench irt --dimensions 2 --pupils 1000 --points 200", capture, work.path());
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "bench irt --dimensions 2: 1000 pupils x 100 items"));
    CHECK(dlk::test::contains(r.out, "converged), WLE + EAP + 5 PVs"));
    CHECK(dlk::test::contains(r.out, "calibration + conditioning + 5 PVs: "));
    // Neither b/c nor b, which the run made for it, nor d, e/f, e or g is left.
    const std::string changed = differences(before, snapshot(work.path()));
    CHECK_MESSAGE(changed.empty(), changed);
    // A --dir that was there already stays, with what it held.
    dlk::test::writeFile(work.file("keep/note.txt"), "mine");
    r = run("bench storage --answers 10 --dir '" + work.file("keep") + "'", capture, work.path());
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::readFile(work.file("keep/note.txt")) == "mine");
    CHECK(std::distance(fs::directory_iterator(work.path() / "keep"), fs::directory_iterator()) == 1);
}

TEST_CASE("cli bad input: bench export --school exports a kept school again - and says where the time went") {
    TempDir work, capture;
    Run r = run("bench export --pupils 5 --keep --dir '" + work.file("k") + "'", capture, work.path());
    REQUIRE_MESSAGE(r.code == 0, r.err);
    // "kept  <folder> (school/ the database, ...)": the folder the run names.
    const size_t at = r.out.find(work.file("k"));
    REQUIRE(at != std::string::npos);
    const std::string kept = r.out.substr(at, r.out.find(' ', at) - at);
    REQUIRE(fs::exists(fs::path(kept) / "school"));
    r = run("bench export --school '" + kept + "'", capture, work.path());
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(dlk::test::contains(r.out, "export (without events.csv)"));
    CHECK(dlk::test::contains(r.out, "scoring "));  // the steps
    CHECK(dlk::test::contains(r.out, "manifest "));
    CHECK_FALSE(fs::exists(fs::path(kept) / "export-again"));         // the second export is removed again
    CHECK(fs::exists(fs::path(kept) / "export1" / "responses.csv"));  // the kept one stays
}
