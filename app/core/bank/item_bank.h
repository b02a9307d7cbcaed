#pragma once
// The item bank: modules (QTI assessmentTests) in one or more languages, with their items.
// Loaded from a content package (a folder or a .zip with imsmanifest.xml, see qti/package.h) by
// dlkiosk's bank rules (bank/bank_rules.h). Files the manifest lists but that are missing or
// broken are reported as problems and left out, and the rest loads. A module loads whole or not
// at all: when one of its language versions is broken (its test or an item missing or broken, or
// a translation that would score differently), the module is left out and a problem says which
// file broke it, so a pupil never gets a module with a hole, nor silently another language's
// items. Every file is read through the package, never from outside it, and is named by its
// package-relative path (Item::sourcePath, ModuleVariant::testPath, problems).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bank/domain.h"
#include "qti/assessment_test.h"
#include "qti/item.h"
#include "qti/package.h"

namespace dlk {

struct BankProblem {
    std::string file;
    int line = 0;
    std::string message;
    std::string text() const { return file + ":" + std::to_string(line) + ": " + message; }
};

struct ItemRef {
    std::string identifier;
    Domain domain = Domain::IctBasic;
    std::vector<int> kerndoelen;
    std::string aspect;          // the ICILS aspect's id (bank/icils.h: "2.1", "ct-2.2"); empty without one
    double minutes = 0;          // the time a pupil needs, estimated by the author (dlk-minutes-*); 0: no estimate
    int ageFrom = 0, ageTo = 0;  // the pupils' ages it is meant for, in years (dlk-age-*); 0: not said
    std::vector<std::string> categories;
};

struct ModuleVariant {
    std::string language;  // "nl", "en"
    std::string title;
    std::string testPath;
    std::vector<std::shared_ptr<const Item>> items;  // in ref order
};

struct Module {
    std::string identifier;
    std::shared_ptr<const AssessmentTest> test;  // the Dutch (first loaded) variant's test
    std::string navigationMode = "nonlinear";
    int maxTimeSeconds = 0;  // 0: no limit
    std::vector<ItemRef> refs;
    std::map<std::string, ModuleVariant> variants;  // by language
    // A practice module (the session design's tutorial): pupils take it, but it is no measurement,
    // so results, exports and calibration leave it out.
    bool practice = false;

    // The version in `language`, or null when the module has none in that language.
    const ModuleVariant* findVariant(const std::string& language) const;
    // The version in `language`; for a module that has none in it (a bank with fewer languages
    // than the kiosk), its Dutch version (the source language), else its first. That fallback is
    // never over a broken version: a module with one is not in the bank (ItemBank::refusedModules).
    const ModuleVariant& variant(const std::string& language) const;
    size_t itemCount() const { return refs.size(); }
    double maxScore() const;
};

// A language version of a module that could not be used, and the first problem that broke it.
struct BrokenVersion {
    std::string language;
    std::string testPath;
    BankProblem cause;
};

// A module left out of the bank because a language version of it is broken.
struct RefusedModule {
    std::string identifier;
    std::vector<BrokenVersion> broken;
    // "module 'm02' is left out: its en version m02/module.en.xml is broken (m02/en/x.xml:12: ...)"
    std::string text() const;
};

class ItemBank {
public:
    // A folder (Io error when `folder` is not one).
    static ItemBank loadFolder(const std::string& folder);
    // A folder or a .zip content package.
    static ItemBank load(const std::string& path);

    const std::vector<Module>& modules() const { return m_modules; }
    const Module* findModule(std::string_view id) const;
    // Marks the session design's tutorial as practice (see Module::practice); false when unknown.
    bool markPractice(const std::string& id);
    // Everything that is wrong, for the teacher and `dlkiosk validate`; a refused module has one
    // problem with its RefusedModule::text() besides the problems that broke it.
    const std::vector<BankProblem>& problems() const { return m_problems; }
    // The modules left out because a language version is broken, in the order they were read.
    const std::vector<RefusedModule>& refusedModules() const { return m_refused; }
    const std::string& folder() const { return m_folder; }  // the path it was loaded from
    // The package the bank was read from, for media and export; null for a default-constructed bank.
    const Package* package() const { return m_package.get(); }

private:
    static ItemBank fromPackage(Package package);

    std::string m_folder;
    std::shared_ptr<const Package> m_package;
    std::vector<Module> m_modules;
    std::vector<BankProblem> m_problems;
    std::vector<RefusedModule> m_refused;
};

}  // namespace dlk
