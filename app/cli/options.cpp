#include "cli/options.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace dlk::cli {

namespace fs = std::filesystem;

// Options that take no value; every other --option takes the next word.
static bool isFlag(const std::string& name) {
    return name == "windowed" || name == "high-contrast" || name == "dyslexia-font" || name == "read-aloud" ||
           name == "help" || name == "version" || name == "bank" || name == "names" || name == "sheets" ||
           name == "free-text" || name == "unsigned" || name == "keep-first" || name == "sql" || name == "xlsx" ||
           name == "score-rubrics" || name == "events" || name == "keep";
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
                // A missing value is reported when the option is read, so a typo at the end of the
                // line says "unknown option" rather than "needs a value".
                if (i + 1 >= argc) {
                    m_withoutValue.insert(name);
                    continue;
                }
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
    if (m_withoutValue.count(name)) throw std::runtime_error("--" + name + " needs a value");
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
    for (const std::string& name : m_withoutValue)
        throw std::runtime_error(m_used.count(name) ? "--" + name + " needs a value"
                                                    : "unknown option --" + name + " (see dlkiosk --help)");
}

Paths findPaths(const char* argv0, const std::optional<std::string>& itemsOverride) {
    Paths p{DLK_SOURCE_ITEMS, DLK_BUILD_LOCALE, DLK_FONT_DIR, DLK_SOURCE_ASSETS};
    std::error_code ec;
    const fs::path exe = fs::canonical("/proc/self/exe", ec);
    const fs::path dir = ec ? fs::path(argv0).parent_path() : exe.parent_path();
    // dlkiosk is installed in <prefix>/bin and dlkiosk-gui in <prefix>/lib/dlkiosk: both find
    // <prefix>/share/dlkiosk. A build tree has neither folder and keeps the source tree's files.
    fs::path share = dir / ".." / "share" / "dlkiosk";
    if (!fs::is_directory(share / "items")) share = dir / ".." / ".." / "share" / "dlkiosk";
    if (fs::is_directory(share / "items")) p.items = (share / "items").string();
    if (fs::is_directory(share / "locale")) p.locale = (share / "locale").string();
    if (fs::is_directory(share / "assets")) p.assets = (share / "assets").string();
    if (const char* env = std::getenv("DLK_ITEMS"); env && *env) p.items = env;
    if (itemsOverride) p.items = *itemsOverride;
    return p;
}

std::string onlyPositional(Args& args, const char* command, const char* what) {
    const auto& pos = args.positional();
    if (pos.size() != 1)
        throw std::runtime_error(std::string(command) + " takes one " + what + " (see dlkiosk --help)");
    return pos[0];
}

void refuseOverwritingInput(const std::string& out, const std::string& input, const std::string& what) {
    std::error_code ea, eb;
    const fs::path a = fs::weakly_canonical(out, ea), b = fs::weakly_canonical(input, eb);
    const bool same =
        ea || eb ? fs::absolute(out).lexically_normal() == fs::absolute(input).lexically_normal() : a == b;
    if (same)
        throw std::runtime_error("--out " + out + " is " + what + ": it would be overwritten; choose another file");
}

}  // namespace dlk::cli
