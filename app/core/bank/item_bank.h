#pragma once
// The item bank: modules (QTI assessmentTests) in one or more languages, with their items.
// Loaded from a content package (a folder or a .zip with imsmanifest.xml, see qti/package.h);
// files the manifest lists but that are missing or broken are reported as problems and left out,
// and the rest loads. Every file is read through the package, never from outside it, and is
// named by its package-relative path (Item::sourcePath, ModuleVariant::testPath, problems).
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

    // The variant in `language`, else Dutch (the source language), else any.
    const ModuleVariant& variant(const std::string& language) const;
    size_t itemCount() const { return refs.size(); }
    double maxScore() const;
};

class ItemBank {
public:
    // A folder (Io error when `folder` is not one).
    static ItemBank loadFolder(const std::string& folder);
    // A folder or a .zip content package.
    static ItemBank load(const std::string& path);

    const std::vector<Module>& modules() const { return m_modules; }
    const Module* findModule(const std::string& id) const;
    // Marks the session design's tutorial as practice (see Module::practice); false when unknown.
    bool markPractice(const std::string& id);
    const std::vector<BankProblem>& problems() const { return m_problems; }
    const std::string& folder() const { return m_folder; }  // the path it was loaded from
    // The package the bank was read from, for media and export; null for a default-constructed bank.
    const Package* package() const { return m_package.get(); }

private:
    static ItemBank fromPackage(Package package);

    std::string m_folder;
    std::shared_ptr<const Package> m_package;
    std::vector<Module> m_modules;
    std::vector<BankProblem> m_problems;
};

}  // namespace dlk
