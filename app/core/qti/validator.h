#pragma once
// `dlkiosk validate`: checks QTI items, tests and content packages before a school relies on them.
//
// What is checked, per document: well-formedness and everything the loaders refuse; elements and
// attributes against the QTI 2.x/3.0 vocabulary (qti/qti_vocabulary.h; unknown -> warning, since
// vendors extend, but an unknown QTI element inside a declaration or processing rules -> error,
// because the item would be scored without it); references (an interaction's responseIdentifier
// without a declaration, a standard template without the mapping or correct response it needs,
// an href to a missing file or out of the package, duplicate identifiers, expressions and rules
// naming undeclared variables, correct responses naming choices the interaction does not have);
// lexical forms (values and map keys by their base type, typed attributes such as booleans and
// counts); and a dry run of response processing on an unanswered item. Per package: the manifest
// (listed files exist, identifiers unique, dependencies resolve). That is all QTI asks; a
// platform's own rules for its packages (dlkiosk's bank rules, bank/bank_rules.h) come on top
// through PackageRules, so a package made for another platform is judged as QTI only.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qti/item.h"

namespace dlk {

enum class Severity { Warning, Error };

struct Finding {
    std::string file;
    int line = 0;  // 0: the file as a whole
    Severity severity = Severity::Error;
    std::string message;
    // "file:line: error: message"
    std::string text() const;
};

struct ValidationReport {
    std::vector<Finding> findings;  // sorted by file, then line
    int documents = 0;              // XML documents checked
    int errorCount() const;
    int warningCount() const;
};

struct AssessmentTest;
class Package;

// What the QTI checks learnt of one document of a package: what rules on top of QTI build on,
// so they need not parse anything again.
struct CheckedDocument {
    enum class Kind { Item, Test, Stimulus, Other, Broken };  // Other: XML that is not QTI
    std::string path;                                         // package-relative
    std::string display;                                      // how findings name it
    Kind kind = Kind::Broken;
    int rootLine = 1;
    QtiVersion version = QtiVersion::V3_0;
    std::shared_ptr<const Item> item;            // set when it loads as an item
    std::shared_ptr<const AssessmentTest> test;  // set when it loads as a test
};

// Rules on top of QTI for a package as a whole. validatePath calls check once per package (a
// folder, a zip, or the folder of an imsmanifest.xml) after the QTI checks of its documents, and
// reports what it returns with theirs; a single item or test file is not a package.
class PackageRules {
public:
    virtual ~PackageRules() = default;
    // `documents`: every XML document of the package but the manifest, by package path. The
    // findings name their files by package path too; validatePath names them as it names the rest.
    virtual std::vector<Finding> check(const Package& package,
                                       const std::map<std::string, CheckedDocument>& documents) const = 0;
};

// A file (an item, test or stimulus; an imsmanifest.xml stands for its folder), a folder, or a
// zip package. Files inside a package are named "<path>/<package path>". `rules`, when given,
// are applied to the package on top of QTI.
ValidationReport validatePath(const std::string& path, const PackageRules* rules = nullptr);
// One document from memory, named `name`; hrefs are checked for form, not for existence.
ValidationReport validateDocument(std::string_view xml, const std::string& name);

}  // namespace dlk
