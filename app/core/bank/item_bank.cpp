#include "bank/item_bank.h"

#include <tinyxml2.h>

#include <algorithm>
#include <filesystem>
#include <optional>

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

bool ItemBank::markPractice(const std::string& id) {
    for (Module& m : m_modules)
        if (m.identifier == id) {
            m.practice = true;
            return true;
        }
    return false;
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

struct TestReader {
    const Package& package;
    std::vector<BankProblem>& problems;
    std::map<std::string, std::shared_ptr<const Item>> itemCache;

    // `path` is package-relative; so are the names in every problem and model it produces.
    std::optional<std::pair<Module, ModuleVariant>> readTest(const std::string& path) {
        std::shared_ptr<const AssessmentTest> test;
        try {
            test = std::make_shared<const AssessmentTest>(parseAssessmentTest(package.read(path), path));
        } catch (const Error& e) {
            problems.push_back(problemFrom(path, e.what()));
            return std::nullopt;
        }
        Module module;
        ModuleVariant variant;
        variant.testPath = path;
        module.identifier = test->identifier;
        module.test = test;
        variant.title = test->title;
        module.navigationMode = test->parts.front().navigationMode;
        module.maxTimeSeconds = static_cast<int>(test->timeLimit.maxTime > 0 ? test->timeLimit.maxTime
                                                                             : test->parts.front().timeLimit.maxTime);
        struct PendingRef {
            ItemRef ref;
            std::string href;
            int line = 0;
        };
        std::vector<PendingRef> refs;
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
                problems.push_back({path, r.ref->line, "item ref '" + ref.identifier + "' has no dlk-domain-* category; counted as ict"});
            refs.push_back({ref, r.ref->href, r.ref->line});
        }
        bool complete = true;
        for (auto& [ref, href, line] : refs) {
            std::string key;
            try {
                key = Package::resolve(path, href);
            } catch (const Error&) {
                problems.push_back({path, line, "item href '" + href + "' points outside the item bank; refused"});
                complete = false;
                continue;
            }
            std::shared_ptr<const Item> item;
            if (auto it = itemCache.find(key); it != itemCache.end()) {
                item = it->second;
            } else {
                try {
                    item = std::make_shared<const Item>(parseItemXml(package.read(key), key));
                    itemCache[key] = item;
                } catch (const Error& e) {
                    if (e.kind() == ErrorKind::NotFound) problems.push_back({path, line, "item file " + key + " is missing"});
                    else problems.push_back(problemFrom(key, e.what()));
                    complete = false;
                    continue;
                }
            }
            if (item->identifier != ref.identifier)
                problems.push_back({path, line, "item ref '" + ref.identifier + "' loads item '" + item->identifier + "'"});
            if (variant.language.empty()) variant.language = item->language;
            module.refs.push_back(ref);
            variant.items.push_back(item);
        }
        // A module with a hole would measure something else than it claims: leave it out whole.
        if (!complete) {
            problems.push_back({path, 0, "module '" + module.identifier + "' left out because items are missing or broken"});
            return std::nullopt;
        }
        if (variant.language.empty()) variant.language = "nl";
        return std::make_pair(std::move(module), std::move(variant));
    }
};

const char* const kManifest = "imsmanifest.xml";

// The tests the manifest lists (resources of type imsqti_test_*), in manifest order; listed
// files that are missing or refused become problems.
std::vector<std::string> manifestTests(const Package& package, std::vector<BankProblem>& problems) {
    tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
    try {
        parseGuardedXml(doc, package.read(kManifest), kManifest);
    } catch (const Error& e) {
        throw Error(ErrorKind::Parse, std::string("item bank manifest in ") + package.location() + ": " + e.what());
    }
    const XMLElement* resources = nullptr;
    for (auto* c = doc.RootElement() ? doc.RootElement()->FirstChildElement() : nullptr; c; c = c->NextSiblingElement())
        if (std::string_view(c->Name()).ends_with("resources")) resources = c;
    std::vector<std::string> tests;
    for (auto* r = resources ? resources->FirstChildElement() : nullptr; r; r = r->NextSiblingElement()) {
        const char* hrefAttr = r->Attribute("href");
        if (!hrefAttr) continue;  // a resource may consist of <file>s only
        const std::string type = r->Attribute("type") ? r->Attribute("type") : "";
        const std::string href = hrefAttr;
        std::string key;
        try {
            key = Package::resolve(kManifest, href);
        } catch (const Error&) {
            problems.push_back({kManifest, r->GetLineNum(), "resource href '" + href + "' is refused"});
            continue;
        }
        if (!package.exists(key)) {
            problems.push_back({kManifest, r->GetLineNum(), "listed file " + href + " is missing"});
            continue;
        }
        if (type.starts_with("imsqti_test")) tests.push_back(key);
    }
    return tests;
}

}  // namespace

ItemBank ItemBank::loadFolder(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) throw Error(ErrorKind::Io, "item bank folder " + folder + " does not exist");
    ItemBank bank = fromPackage(Package::openFolder(folder));
    bank.m_folder = folder;
    return bank;
}

ItemBank ItemBank::load(const std::string& path) {
    ItemBank bank = fromPackage(Package::open(path));
    bank.m_folder = path;
    return bank;
}

ItemBank ItemBank::fromPackage(Package package) {
    ItemBank bank;
    auto shared = std::make_shared<const Package>(std::move(package));
    const Package& pkg = *shared;
    bank.m_package = shared;

    std::vector<std::string> testPaths;
    if (pkg.exists(kManifest)) {
        testPaths = manifestTests(pkg, bank.m_problems);
    } else {
        // Without a manifest, a bank folder's modules are found by their file names.
        for (const std::string& f : pkg.list()) {
            const std::string name = f.substr(f.find_last_of('/') == std::string::npos ? 0 : f.find_last_of('/') + 1);
            if (name.starts_with("module.") && name.ends_with(".xml")) testPaths.push_back(f);
        }
    }

    TestReader reader{pkg, bank.m_problems, {}};
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
