#include "bank/bank_export.h"

#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "bank/item_bank.h"
#include "qti/package.h"
#include "qti/qti_loader.h"
#include "qti/qti_writer.h"
#include "util/error.h"

namespace dlk {

using tinyxml2::XMLElement;

namespace {

constexpr const char* kCp3Namespace = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";

// Percent-encodes what would change a package path's meaning inside an href.
std::string hrefOf(const std::string& path) {
    std::string out;
    for (char c : path) {
        if (c == '%' || c == ' ' || c == '#' || c == '?') {
            static const char* hex = "0123456789ABCDEF";
            out += '%';
            out += hex[(static_cast<unsigned char>(c) >> 4) & 15];
            out += hex[static_cast<unsigned char>(c) & 15];
        } else {
            out += c;
        }
    }
    return out;
}

// A manifest identifier must be an xs:ID (an NCName).
std::string ncName(const std::string& s) {
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        out += std::isalnum(u) || c == '-' || c == '_' || c == '.' ? c : '_';
    }
    if (out.empty() || !(std::isalpha(static_cast<unsigned char>(out[0])) || out[0] == '_')) out = "r_" + out;
    return out;
}

std::string rootLocalName(std::string_view xml, const std::string& sourceName) {
    tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
    parseGuardedXml(doc, xml, sourceName);
    return doc.RootElement() ? qtiLocalName(doc.RootElement()) : std::string();
}

}  // namespace

PackageExportSummary exportBankPackage(const ItemBank& bank, const std::string& zipPath) {
    if (!bank.package()) throw Error(ErrorKind::Invalid, "the item bank was not loaded from a package");
    if (!bank.problems().empty())
        throw Error(ErrorKind::Invalid, "the item bank in " + bank.folder() + " has " +
                                            std::to_string(bank.problems().size()) +
                                            " problem(s), the first: " + bank.problems().front().text() +
                                            "; `dlkiosk validate` lists them all; nothing was exported");
    // An empty or wrong folder loads as a bank without modules: refuse it rather than write an
    // empty package that looks like a successful export.
    if (bank.modules().empty())
        throw Error(ErrorKind::NotFound, "no item bank in " + bank.folder() +
                                             ": no modules found (a bank has imsmanifest.xml or module.<lang>.xml "
                                             "files); nothing was exported");
    const Package& pkg = *bank.package();
    PackageExportSummary summary;

    struct Resource {
        std::string identifier, type, path;
        std::vector<std::string> dependencies;  // paths
    };
    std::vector<Resource> resources;
    std::map<std::string, std::string> files;      // path -> bytes, in the package
    std::map<std::string, size_t> resourceOfPath;  // path -> index into resources
    std::set<std::string> identifiers;

    auto uniqueId = [&](const std::string& wanted) {
        std::string id = ncName(wanted);
        for (int n = 2; !identifiers.insert(id).second; ++n) id = ncName(wanted) + "-" + std::to_string(n);
        return id;
    };
    // Adds a document or medium once; returns its resource index.
    std::function<size_t(const std::string&, const std::string&, const std::string&)> add =
        [&](const std::string& path, const std::string& idWanted, const std::string& kind) -> size_t {
        if (auto it = resourceOfPath.find(path); it != resourceOfPath.end()) return it->second;
        std::string bytes;
        try {
            bytes = pkg.read(path);
        } catch (const Error& e) {
            throw Error(e.kind(), std::string("cannot export: ") + e.what());
        }
        std::string type = "webcontent";
        const bool xml = path.ends_with(".xml");
        std::string root;
        if (xml) root = rootLocalName(bytes, path);
        if (kind != "media" || root == "assessmentStimulus") {
            const std::string converted = convertToQti3(bytes, path);
            if (converted != bytes) ++summary.converted;
            bytes = converted;
            type = root == "assessmentTest"       ? "imsqti_test_xmlv3p0"
                   : root == "assessmentStimulus" ? "imsqti_stimulus_xmlv3p0"
                                                  : "imsqti_item_xmlv3p0";
        }
        const size_t index = resources.size();
        resources.push_back({uniqueId(idWanted), type, path, {}});
        resourceOfPath[path] = index;
        if (type != "webcontent") {
            for (const std::string& used : referencedFiles(bytes, path)) {
                if (!pkg.exists(used))
                    throw Error(ErrorKind::Invalid,
                                "cannot export: " + path + " uses " + used + ", which is not in " + pkg.location());
                const std::string base =
                    used.substr(used.find_last_of('/') == std::string::npos ? 0 : used.find_last_of('/') + 1);
                add(used, "media-" + base, "media");
                resources[index].dependencies.push_back(used);
            }
        }
        if (kind == "media") ++summary.media;
        files[path] = std::move(bytes);
        return index;
    };

    for (const Module& m : bank.modules()) {
        // The variant the bank read first (its test is Module::test) comes first again, so the
        // package reads back with the same one first.
        std::vector<std::pair<std::string, const ModuleVariant*>> variants;
        for (const auto& [lang, variant] : m.variants) variants.emplace_back(lang, &variant);
        std::stable_partition(variants.begin(), variants.end(),
                              [&](const auto& v) { return m.test && v.second->testPath == m.test->sourcePath; });
        for (const auto& [lang, variantPtr] : variants) {
            const ModuleVariant& variant = *variantPtr;
            const size_t before = resources.size();
            const size_t test = add(variant.testPath, m.identifier + "-" + lang, "test");
            if (resources.size() > before) ++summary.tests;
            for (const auto& item : variant.items) {
                const size_t n = resources.size();
                add(item->sourcePath, item->identifier + "-" + lang, "item");
                if (resources.size() > n) ++summary.items;
                resources[test].dependencies.push_back(item->sourcePath);
            }
        }
    }

    // The manifest: QTI 3.0 content packaging, hrefs relative to the package root.
    tinyxml2::XMLDocument manifest;
    manifest.InsertEndChild(manifest.NewDeclaration());
    XMLElement* root = manifest.NewElement("manifest");
    manifest.InsertEndChild(root);
    root->SetAttribute("xmlns", kCp3Namespace);
    root->SetAttribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    root->SetAttribute("xsi:schemaLocation",
                       (std::string(kCp3Namespace) +
                        " https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd")
                           .c_str());
    root->SetAttribute("identifier", "dlk-bank");
    XMLElement* metadata = root->InsertNewChildElement("metadata");
    metadata->InsertNewChildElement("schema")->SetText("QTI Package");
    metadata->InsertNewChildElement("schemaversion")->SetText("3.0.0");
    root->InsertNewChildElement("organizations");
    XMLElement* list = root->InsertNewChildElement("resources");
    for (const Resource& r : resources) {
        XMLElement* e = list->InsertNewChildElement("resource");
        e->SetAttribute("identifier", r.identifier.c_str());
        e->SetAttribute("type", r.type.c_str());
        e->SetAttribute("href", hrefOf(r.path).c_str());
        e->InsertNewChildElement("file")->SetAttribute("href", hrefOf(r.path).c_str());
        std::set<std::string> done;
        for (const std::string& d : r.dependencies)
            if (done.insert(d).second)
                e->InsertNewChildElement("dependency")
                    ->SetAttribute("identifierref", resources[resourceOfPath.at(d)].identifier.c_str());
    }
    tinyxml2::XMLPrinter printer;
    manifest.Print(&printer);

    std::vector<PackageEntry> entries;
    entries.push_back({"imsmanifest.xml", std::string(printer.CStr(), static_cast<size_t>(printer.CStrSize() - 1))});
    for (auto& [path, bytes] : files) entries.push_back({path, std::move(bytes)});
    writeZipAtomically(zipPath, entries);
    return summary;
}

}  // namespace dlk
