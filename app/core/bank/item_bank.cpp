#include "bank/item_bank.h"

#include <tinyxml2.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "qti/qti_loader.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;
using tinyxml2::XMLElement;

const ModuleVariant& Module::variant(const std::string& language) const {
    if (auto it = variants.find(language); it != variants.end()) return it->second;
    if (auto it = variants.find("nl"); it != variants.end()) return it->second;
    return variants.begin()->second;
}

double Module::maxScore() const {
    double sum = 0;
    for (const auto& item : variant("nl").items) sum += item->maxScore();
    return sum;
}

const Module* ItemBank::findModule(const std::string& id) const {
    for (const auto& m : m_modules)
        if (m.identifier == id) return &m;
    return nullptr;
}

namespace {

BankProblem problemFrom(const std::string& fallbackFile, const std::string& message) {
    // Core errors read "file:line: message"; keep file and line apart for tools that sort them.
    const auto c1 = message.find(':');
    const auto c2 = c1 == std::string::npos ? std::string::npos : message.find(':', c1 + 1);
    if (c2 != std::string::npos) {
        int64_t line = 0;
        if (parseInt64(message.substr(c1 + 1, c2 - c1 - 1), line))
            return {message.substr(0, c1), static_cast<int>(line), trim(message.substr(c2 + 1))};
    }
    return {fallbackFile, 0, message};
}

// Resolves href against base and refuses anything that leaves the bank folder.
std::optional<fs::path> resolveInside(const fs::path& root, const fs::path& base, const std::string& href) {
    if (href.empty() || href.find("://") != std::string::npos || fs::path(href).is_absolute()) return std::nullopt;
    const fs::path full = fs::weakly_canonical(base / href);
    const fs::path r = fs::weakly_canonical(root);
    auto [rootEnd, nothing] = std::mismatch(r.begin(), r.end(), full.begin(), full.end());
    (void)nothing;
    if (rootEnd != r.end()) return std::nullopt;
    return full;
}

struct TestReader {
    fs::path root;
    std::vector<BankProblem>& problems;
    std::map<std::string, std::shared_ptr<const Item>> itemCache;

    std::optional<std::pair<Module, ModuleVariant>> readTest(const fs::path& path) {
        const std::string p = path.string();
        std::shared_ptr<const AssessmentTest> test;
        try {
            test = std::make_shared<const AssessmentTest>(loadAssessmentTestFile(p));
        } catch (const Error& e) {
            problems.push_back(problemFrom(p, e.what()));
            return std::nullopt;
        }
        Module module;
        ModuleVariant variant;
        variant.testPath = p;
        module.identifier = test->identifier;
        module.test = test;
        variant.title = test->title;
        module.navigationMode = test->parts.front().navigationMode;
        module.maxTimeSeconds = static_cast<int>(test->timeLimit.maxTime > 0 ? test->timeLimit.maxTime
                                                                             : test->parts.front().timeLimit.maxTime);
        std::vector<std::pair<ItemRef, std::string>> refs;
        for (const RouteItem& r : allItemRefs(*test)) {
            ItemRef ref;
            ref.identifier = r.ref->identifier;
            ref.categories = r.ref->categories;
            bool hasDomain = false;
            for (const auto& token : ref.categories) {
                if (token.starts_with("dlk-domain-")) {
                    if (auto d = domainFromId(token.substr(11))) {
                        ref.domain = *d;
                        hasDomain = true;
                    }
                } else if (token.starts_with("dlk-kerndoel-")) {
                    int64_t k;
                    if (parseInt64(token.substr(13), k) && k >= 1 && k <= 9) ref.kerndoelen.push_back(static_cast<int>(k));
                }
            }
            if (!hasDomain)
                problems.push_back({p, r.ref->line, "item ref '" + ref.identifier + "' has no dlk-domain-* category; counted as ict"});
            refs.emplace_back(ref, r.ref->href);
        }
        bool complete = true;
        for (auto& [ref, href] : refs) {
            const auto full = resolveInside(root, path.parent_path(), href);
            if (!full) {
                problems.push_back({p, 0, "item href '" + href + "' points outside the item bank; refused"});
                complete = false;
                continue;
            }
            const std::string key = full->string();
            std::shared_ptr<const Item> item;
            if (auto it = itemCache.find(key); it != itemCache.end()) {
                item = it->second;
            } else if (!fs::exists(*full)) {
                problems.push_back({p, 0, "item file " + key + " is missing"});
                complete = false;
                continue;
            } else {
                try {
                    item = std::make_shared<const Item>(loadItemFile(key));
                    itemCache[key] = item;
                } catch (const Error& e) {
                    problems.push_back(problemFrom(key, e.what()));
                    complete = false;
                    continue;
                }
            }
            if (item->identifier != ref.identifier)
                problems.push_back({p, 0, "item ref '" + ref.identifier + "' loads item '" + item->identifier + "'"});
            if (variant.language.empty()) variant.language = item->language;
            module.refs.push_back(ref);
            variant.items.push_back(item);
        }
        // A module with a hole would measure something else than it claims: leave it out whole.
        if (!complete) {
            problems.push_back({p, 0, "module '" + module.identifier + "' left out because items are missing or broken"});
            return std::nullopt;
        }
        if (variant.language.empty()) variant.language = "nl";
        return std::make_pair(std::move(module), std::move(variant));
    }
};

}  // namespace

ItemBank ItemBank::loadFolder(const std::string& folder) {
    ItemBank bank;
    bank.m_folder = folder;
    const fs::path root(folder);
    if (!fs::is_directory(root)) throw Error(ErrorKind::Io, "item bank folder " + folder + " does not exist");

    std::vector<fs::path> testPaths;
    const fs::path manifest = root / "imsmanifest.xml";
    if (fs::exists(manifest)) {
        tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
        try {
            parseGuardedXml(doc, readTextFile(manifest.string()), manifest.string());
        } catch (const Error& e) {
            throw Error(ErrorKind::Parse, std::string("item bank manifest: ") + e.what());
        }
        const XMLElement* resources = nullptr;
        for (auto* c = doc.RootElement() ? doc.RootElement()->FirstChildElement() : nullptr; c; c = c->NextSiblingElement())
            if (std::string_view(c->Name()).ends_with("resources")) resources = c;
        for (auto* r = resources ? resources->FirstChildElement() : nullptr; r; r = r->NextSiblingElement()) {
            const std::string type = r->Attribute("type") ? r->Attribute("type") : "";
            const std::string href = r->Attribute("href") ? r->Attribute("href") : "";
            const auto full = resolveInside(root, root, href);
            if (!full) {
                bank.m_problems.push_back({manifest.string(), r->GetLineNum(), "resource href '" + href + "' is refused"});
                continue;
            }
            if (!fs::exists(*full)) {
                bank.m_problems.push_back({manifest.string(), r->GetLineNum(), "listed file " + href + " is missing"});
                continue;
            }
            if (type.starts_with("imsqti_test")) testPaths.push_back(*full);
        }
    } else {
        for (const auto& entry : fs::recursive_directory_iterator(root))
            if (entry.is_regular_file() && entry.path().filename().string().starts_with("module.") &&
                entry.path().extension() == ".xml")
                testPaths.push_back(entry.path());
        std::sort(testPaths.begin(), testPaths.end());
    }

    TestReader reader{root, bank.m_problems, {}};
    for (const auto& tp : testPaths) {
        auto read = reader.readTest(tp);
        if (!read) continue;
        auto& [module, variant] = *read;
        Module* existing = nullptr;
        for (auto& m : bank.m_modules)
            if (m.identifier == module.identifier) existing = &m;
        if (!existing) {
            const std::string lang = variant.language;
            module.variants.emplace(lang, std::move(variant));
            bank.m_modules.push_back(std::move(module));
            continue;
        }
        // A translation: the same items, in the same order, with the same domains.
        bool same = existing->refs.size() == module.refs.size();
        for (size_t i = 0; same && i < module.refs.size(); ++i)
            same = existing->refs[i].identifier == module.refs[i].identifier &&
                   existing->refs[i].domain == module.refs[i].domain;
        if (!same) {
            bank.m_problems.push_back({variant.testPath, 0, "translation of module '" + module.identifier +
                                                               "' does not list the same items; left out"});
            continue;
        }
        if (existing->variants.count(variant.language)) {
            bank.m_problems.push_back({variant.testPath, 0, "module '" + module.identifier + "' has two '" +
                                                               variant.language + "' versions; the second is left out"});
            continue;
        }
        const std::string lang = variant.language;
        existing->variants.emplace(lang, std::move(variant));
    }
    return bank;
}

}  // namespace dlk
