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
// (listed files exist, identifiers unique, dependencies resolve) and dlkiosk's bank rules (every
// item ref has a dlk-domain-* category; every module has nl and en versions listing the same
// refs, whose items have identical declarations, processing and choice identifiers).
#include <string>
#include <string_view>
#include <vector>

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

// A file (an item, test or stimulus; an imsmanifest.xml stands for its folder), a folder, or a
// zip package. Files inside a package are named "<path>/<package path>".
ValidationReport validatePath(const std::string& path);
// One document from memory, named `name`; hrefs are checked for form, not for existence.
ValidationReport validateDocument(std::string_view xml, const std::string& name);

}  // namespace dlk
