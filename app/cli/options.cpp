#include "cli/options.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace dlk::cli {

namespace fs = std::filesystem;

// Options that take no value; every other --option takes the next word.
static bool isFlag(const std::string& name) {
    return name == "windowed" || name == "high-contrast" || name == "dyslexia-font" || name == "read-aloud" ||
           name == "help" || name == "version";
}

Args::Args(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) == 0) {
            std::string name = a.substr(2);
            std::optional<std::string> v;
            if (auto eq = name.find('='); eq != std::string::npos) {
                v = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (!isFlag(name)) {
                if (i + 1 >= argc) throw std::runtime_error("--" + name + " needs a value");
                v = argv[++i];
            }
            m_options[name] = v;
        } else {
            m_positional.push_back(a);
        }
    }
}

bool Args::flag(const std::string& name) {
    m_used[name] = true;
    return m_options.count(name) > 0;
}

std::optional<std::string> Args::value(const std::string& name) {
    m_used[name] = true;
    auto it = m_options.find(name);
    if (it == m_options.end()) return std::nullopt;
    return it->second;
}

std::string Args::valueOr(const std::string& name, const std::string& fallback) {
    return value(name).value_or(fallback);
}

void Args::requireKnown() const {
    for (const auto& [name, v] : m_options)
        if (!m_used.count(name)) throw std::runtime_error("unknown option --" + name + " (see dlkiosk --help)");
}

Paths findPaths(const char* argv0, const std::optional<std::string>& itemsOverride) {
    Paths p{DLK_SOURCE_ITEMS, DLK_BUILD_LOCALE, DLK_FONT_DIR, DLK_SOURCE_ASSETS};
    std::error_code ec;
    const fs::path exe = fs::canonical("/proc/self/exe", ec);
    const fs::path share = (ec ? fs::path(argv0).parent_path() : exe.parent_path()) / ".." / "share" / "dlkiosk";
    if (fs::is_directory(share / "items")) p.items = (share / "items").string();
    if (fs::is_directory(share / "locale")) p.locale = (share / "locale").string();
    if (fs::is_directory(share / "assets")) p.assets = (share / "assets").string();
    if (const char* env = std::getenv("DLK_ITEMS"); env && *env) p.items = env;
    if (itemsOverride) p.items = *itemsOverride;
    return p;
}

void printUsage() {
    std::puts(
        "dlkiosk " DLK_VERSION " - digital-literacy assessments on an offline kiosk\n"
        "\n"
        "usage:\n"
        "  dlkiosk [--data DIR] [--items DIR] [--lang nl|en] [--windowed] [--text-size 100|125|150|200]\n"
        "          [--high-contrast] [--dyslexia-font] [--read-aloud] [--size WxH]\n"
        "                         start the kiosk (full screen unless --windowed)\n"
        "  dlkiosk --screenshot FILE.png [--frames N] [--screen NAME] [--size WxH] [--data DIR]\n"
        "                         render N frames (default 3) and save the last one; with --screen and no\n"
        "                         --data a temporary demo school is used. Screens: setup, login, item,\n"
        "                         item2.., finish, pin, close, teacher, error\n"
        "  dlkiosk demo --data DIR [--pupils N] [--not-started N] [--seed S] [--pin PIN]\n"
        "                         add a demo class of N simulated pupils (Rasch model); prints the class\n"
        "                         name, then one 'code<TAB>name' line per pupil\n"
        "  dlkiosk export --data DIR --out FOLDER\n"
        "                         write the anonymised CSV export (no names, no pupil codes)\n"
        "  dlkiosk score ITEM.xml --response JSON [--seed N]\n"
        "                         print the item's outcomes after response processing as JSON, e.g.\n"
        "                         dlkiosk score item.xml --response '{\"RESPONSE\": [\"A\",\"B\"]}'\n"
        "  dlkiosk calibrate RESPONSES.csv --out ITEMS.csv [--anchor ITEMS.csv] [--scale NAME]\n"
        "          [--omitted zero|missing] [--omitted-code TEXT] [--nodes N] [--seed S]\n"
        "                         Rasch/partial credit calibration (MML, normal population); writes item\n"
        "                         parameters, fit and the population model. RESPONSES.csv: person_id,<item>...\n"
        "                         with whole scores, empty = not administered, 'omitted' = seen, not answered\n"
        "                         (scored 0 unless --omitted missing). Exit 2 when EM did not converge\n"
        "  dlkiosk estimate RESPONSES.csv --items ITEMS.csv --method wle|eap|pv --out PERSONS.csv\n"
        "          [--pvs M] [--seed S] [--levels levels.csv] [--scale NAME] [--omitted zero|missing]\n"
        "                         person estimates with scale scores (and levels with --levels)\n"
        "  dlkiosk validate PATH...\n"
        "                         check QTI items, tests, folders and .zip packages; prints\n"
        "                         'file:line: error|warning: message' lines; exit 1 on any error, 2 on misuse\n"
        "  dlkiosk qti export --out PKG.zip [--items DIR]\n"
        "                         write the item bank as a QTI 3.0 content package (2.x items converted)\n"
        "  dlkiosk say [--lang nl|en] [--wav FILE] TEXT...\n"
        "                         speak TEXT with the kiosk's read-aloud voice (espeak-ng), or write it to FILE\n"
        "  dlkiosk bench storage [--answers N] [--dir DIR]\n"
        "                         time answer commits (synchronous=FULL) on DIR's disk and the bank load\n"
        "  dlkiosk bench irt [--reference DIR] [--blocks B]\n"
        "                         time the psychometric pipeline on simulated data; agreement with DIR\n"
        "  dlkiosk bench ui [--runs N] [--idle-seconds S] [--screen NAME]\n"
        "                         first frame from process start, idle CPU, CPU per frame while dragging, memory\n"
        "\n"
        "The data folder defaults to $XDG_DATA_HOME/dlkiosk (~/.local/share/dlkiosk).");
}

}  // namespace dlk::cli
