#pragma once
// Command-line parsing shared by the kiosk and its sub-commands.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dlk::cli {

// --name value / --flag pairs and positional words. Unknown options are reported by the command
// that reads them (requireKnown), so every command gives a clear message for a typo.
class Args {
public:
    Args(int argc, char** argv, int first);
    bool flag(const std::string& name);
    std::optional<std::string> value(const std::string& name);
    std::string valueOr(const std::string& name, const std::string& fallback);
    const std::vector<std::string>& positional() const { return m_positional; }
    // Throws std::runtime_error naming the first option nobody asked for.
    void requireKnown() const;

private:
    std::map<std::string, std::optional<std::string>> m_options;
    std::vector<std::string> m_positional;
    std::map<std::string, bool> m_used;
    std::set<std::string> m_withoutValue;  // --name last on the line, with no value after it
};

// Where the bundled files are: beside an installed binary (../share/dlkiosk/... from bin/,
// ../../share/dlkiosk/... from lib/dlkiosk/), else the
// source and build trees this binary was built from.
struct Paths {
    std::string items;
    std::string locale;
    std::string fonts;
    std::string assets;  // assets/ (level tables and other configuration)
};
Paths findPaths(const char* argv0, const std::optional<std::string>& itemsOverride);

// The one positional argument of `command` (e.g. RESPONSES.csv); throws with a usage hint otherwise.
std::string onlyPositional(Args& args, const char* command, const char* what);
// Refuses an --out that names one of the command's own inputs: writing it would destroy the
// data the result was computed from.
void refuseOverwritingInput(const std::string& out, const std::string& input, const std::string& what);

}  // namespace dlk::cli
