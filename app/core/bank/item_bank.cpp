#include "bank/item_bank.h"

#include <tinyxml2.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "bank/bank_rules.h"
#include "qti/qti_loader.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;
using tinyxml2::XMLElement;

const ModuleVariant* Module::findVariant(const std::string& language) const {
    auto it = variants.find(language);
    return it == variants.end() ? nullptr : &it->second;
}

const ModuleVariant& Module::variant(const std::string& language) const {
    if (const ModuleVariant* v = findVariant(language)) return *v;
    if (const ModuleVariant* v = findVariant(std::string(kSourceLanguage))) return *v;
    return variants.begin()->second;
}

double Module::maxScore() const {
    double sum = 0;
    for (const auto& item : variant(std::string(kSourceLanguage)).items) sum += item->maxScore();
    return sum;
}

std::string RefusedModule::text() const {
    std::string s = "module '" + identifier + "' is left out:";
    for (size_t i = 0; i < broken.size(); ++i) {
        const BrokenVersion& b = broken[i];
        const BankProblem& c = b.cause;
        s += std::string(i ? ";" : "") + " its " + b.language + " version " + b.testPath + " is broken (" + c.file +
             (c.line > 0 ? ":" + std::to_string(c.line) : "") + ": " + c.message + ")";
    }
    return s;
}

const Module* ItemBank::findModule(std::string_view id) const {
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

// A test the bank should read; `missing` when the manifest lists it but it is not there.
struct TestFile {
    std::string path;
    std::optional<BankProblem> missing;
};

// One language version of a module as read from its test file.
struct VersionRead {
    std::string testPath;
    std::shared_ptr<const AssessmentTest> test;  // null when the test file could not be read
    std::vector<ItemRef> refs;
    std::vector<std::shared_ptr<const Item>> items;  // per ref; null where the item did not load
    LanguageVersion version;                         // set when `test` is
    std::optional<BankProblem> broken;               // the first reason this version cannot be used
};

struct TestReader {
    const Package& package;
    std::vector<BankProblem>& problems;
    std::map<std::string, std::shared_ptr<const Item>> itemCache;

    // Records a problem; the first one that breaks the version is its cause.
    void breaks(VersionRead& v, BankProblem p) {
        problems.push_back(p);
        if (!v.broken) v.broken = std::move(p);
    }

    // `path` is package-relative; so are the names in every problem and model it produces.
    VersionRead read(const TestFile& file) {
        VersionRead v;
        v.testPath = file.path;
        if (file.missing) {
            v.broken = file.missing;  // already a problem of the manifest
            return v;
        }
        const std::string& path = file.path;
        try {
            v.test = std::make_shared<const AssessmentTest>(parseAssessmentTest(package.read(path), path));
        } catch (const Error& e) {
            breaks(v, problemFrom(path, e.what()));
            return v;
        }
        std::vector<Finding> findings;
        for (const RouteItem& r : allItemRefs(*v.test)) {
            ItemRef ref;
            ref.identifier = r.ref->identifier;
            ref.categories = r.ref->categories;
            const RefCategories categories = readCategories(*r.ref, path, findings);
            ref.domain = categories.domain.value_or(Domain::IctBasic);  // counted as ict; a problem names the ref
            ref.kerndoelen = categories.kerndoelen;
            if (categories.aspect) ref.aspect = categories.aspect->id;
            ref.minutes = categories.minutes;
            ref.ageFrom = categories.ageFrom;
            ref.ageTo = categories.ageTo;
            v.refs.push_back(ref);
            v.items.push_back(loadItem(v, *r.ref));
        }
        // The teacher cannot mend a kerndoel out of range; `dlkiosk validate` warns the author.
        for (const Finding& f : findings)
            if (f.severity == Severity::Error) problems.push_back({f.file, f.line, f.message});
        std::vector<const Item*> items;
        for (const auto& item : v.items) items.push_back(item.get());
        findings.clear();
        v.version = languageVersion(*v.test, std::move(items), findings);
        for (const Finding& f : findings)
            if (f.severity == Severity::Error) breaks(v, {f.file, f.line, f.message});
        return v;
    }

    std::shared_ptr<const Item> loadItem(VersionRead& v, const ItemRefSpec& ref) {
        std::string key;
        try {
            key = Package::resolve(v.testPath, ref.href);
        } catch (const Error&) {
            breaks(v, {v.testPath, ref.line, "item href '" + ref.href + "' points outside the item bank; refused"});
            return nullptr;
        }
        std::shared_ptr<const Item> item;
        if (auto it = itemCache.find(key); it != itemCache.end()) {
            item = it->second;
        } else {
            try {
                item = std::make_shared<const Item>(parseItemXml(package.read(key), key));
                itemCache[key] = item;
            } catch (const Error& e) {
                if (e.kind() == ErrorKind::NotFound)
                    breaks(v, {v.testPath, ref.line, "item file " + key + " is missing"});
                else
                    breaks(v, problemFrom(key, e.what()));
                return nullptr;
            }
        }
        if (item->identifier != ref.identifier)
            problems.push_back(
                {v.testPath, ref.line, "item ref '" + ref.identifier + "' loads item '" + item->identifier + "'"});
        return item;
    }
};

const char* const kManifest = "imsmanifest.xml";

// The tests the manifest lists (resources of type imsqti_test_*), in manifest order; listed
// files that are missing or refused become problems. A missing test is still returned: by the
// bank layout it may be a version of a module whose other versions are there.
std::vector<TestFile> manifestTests(const Package& package, std::vector<BankProblem>& problems) {
    tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
    try {
        parseGuardedXml(doc, package.read(kManifest), kManifest);
    } catch (const Error& e) {
        throw Error(ErrorKind::Parse, std::string("item bank manifest in ") + package.location() + ": " + e.what());
    }
    const XMLElement* resources = nullptr;
    for (auto* c = doc.RootElement() ? doc.RootElement()->FirstChildElement() : nullptr; c; c = c->NextSiblingElement())
        if (std::string_view(c->Name()).ends_with("resources")) resources = c;
    std::vector<TestFile> tests;
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
            const BankProblem missing{kManifest, r->GetLineNum(), "listed file " + href + " is missing"};
            problems.push_back(missing);
            if (type.starts_with("imsqti_test")) tests.push_back({key, missing});
            continue;
        }
        if (type.starts_with("imsqti_test")) tests.push_back({key, std::nullopt});
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

    std::vector<TestFile> testFiles;
    if (pkg.exists(kManifest)) {
        testFiles = manifestTests(pkg, bank.m_problems);
    } else {
        // Without a manifest, a bank folder's modules are found by their file names.
        for (const std::string& f : pkg.list())
            if (!moduleFileLanguage(f).empty()) testFiles.push_back({f, std::nullopt});
    }
    TestReader reader{pkg, bank.m_problems, {}};
    std::vector<VersionRead> reads;
    for (const TestFile& f : testFiles) reads.push_back(reader.read(f));

    // The versions of one module share its identifier. A test that could not be read has none;
    // the bank layout (module.<lang>.xml files in one folder) says which module it is a version of.
    struct Group {
        std::string identifier;
        std::vector<size_t> members;  // into reads, in reading order
    };
    std::vector<Group> groups;
    for (size_t i = 0; i < reads.size(); ++i) {
        if (!reads[i].test) continue;
        auto g = std::find_if(groups.begin(), groups.end(),
                              [&](const Group& x) { return x.identifier == reads[i].test->identifier; });
        if (g == groups.end()) g = groups.insert(groups.end(), Group{reads[i].test->identifier, {}});
        g->members.push_back(i);
    }
    for (size_t i = 0; i < reads.size(); ++i) {
        if (reads[i].test) continue;
        // Nothing of a module none of whose versions can be read would load: its problems say all.
        for (Group& g : groups)
            if (std::any_of(g.members.begin(), g.members.end(),
                            [&](size_t m) { return sameModuleFolder(reads[m].testPath, reads[i].testPath); }))
                g.members.push_back(i);
    }

    for (const Group& g : groups) {
        // One version per language; the first read counts.
        std::vector<size_t> versions;
        std::map<std::string, size_t> byLanguage;
        for (size_t m : g.members) {
            const VersionRead& r = reads[m];
            if (r.test) {
                if (byLanguage.count(r.version.language)) {
                    bank.m_problems.push_back({r.testPath, 0,
                                               "module '" + g.identifier + "' has two '" + r.version.language +
                                                   "' versions; the second is left out"});
                    continue;
                }
                byLanguage[r.version.language] = m;
            }
            versions.push_back(m);
        }
        // Translations are compared with the source version, when both loaded whole: one that
        // would score differently is as broken as a missing file.
        const auto source = byLanguage.count(std::string(kSourceLanguage)) ? byLanguage.at(std::string(kSourceLanguage))
                                                                           : byLanguage.begin()->second;
        if (!reads[source].broken)
            for (size_t m : versions) {
                VersionRead& r = reads[m];
                if (m == source || !r.test || r.broken) continue;
                for (const Finding& f : compareLanguageVersions(reads[source].version, r.version))
                    reader.breaks(r, {f.file, f.line, f.message});
            }
        RefusedModule refused{g.identifier, {}};
        for (size_t m : versions)
            if (const VersionRead& r = reads[m]; r.broken)
                refused.broken.push_back(
                    {r.test ? r.version.language : moduleFileLanguage(r.testPath), r.testPath, *r.broken});
        if (!refused.broken.empty()) {
            bank.m_problems.push_back({refused.broken.front().testPath, 0, refused.text()});
            bank.m_refused.push_back(std::move(refused));
            continue;
        }
        Module module;
        for (size_t m : versions) {
            VersionRead& r = reads[m];
            if (!module.test) {
                // The first version read gives the module its refs and settings.
                module.identifier = g.identifier;
                module.test = r.test;
                module.navigationMode = r.test->parts.front().navigationMode;
                module.maxTimeSeconds =
                    static_cast<int>(r.test->timeLimit.maxTime > 0 ? r.test->timeLimit.maxTime
                                                                   : r.test->parts.front().timeLimit.maxTime);
                module.refs = r.refs;
            }
            ModuleVariant variant;
            variant.language = r.version.language;
            variant.title = r.test->title;
            variant.testPath = r.testPath;
            variant.items = std::move(r.items);
            module.variants.emplace(variant.language, std::move(variant));
        }
        bank.m_modules.push_back(std::move(module));
    }
    return bank;
}

}  // namespace dlk
