#include "qti/qti_writer.h"

#include <fcntl.h>
#include <tinyxml2.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <memory>
#include <random>
#include <set>

#include "qti/package.h"
#include "qti/qti_loader.h"
#include "qti/qti_vocabulary.h"
#include "sim/environment.h"
#include "util/error.h"
#include "util/text.h"

namespace dlk {

namespace fs = std::filesystem;
using tinyxml2::XMLElement;
using tinyxml2::XMLNode;

namespace {

constexpr const char* kQti3SchemaLocation =
    "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd";
constexpr const char* kQti3Templates = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/";

bool isQti2Namespace(std::string_view ns) {
    return ns.find("imsqti_v2p") != std::string_view::npos;
}
bool isQti3Namespace(std::string_view ns) {
    return ns.find("imsqtiasi_v3p0") != std::string_view::npos;
}

std::string prefixOf(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? std::string() : std::string(name.substr(0, colon));
}
std::string_view localOf(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The namespace an element's prefix is bound to, looking outwards from the element.
std::string namespaceOf(const XMLElement* e) {
    const std::string prefix = prefixOf(e->Name());
    const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
    for (const XMLNode* n = e; n; n = n->Parent())
        if (const XMLElement* el = n->ToElement())
            if (const char* v = el->Attribute(attr.c_str())) return v;
    return {};
}

// The 3.0 URI of a standard template named by a 2.x URI, or empty for anything else.
std::string qti3TemplateUri(std::string_view uri) {
    std::string last(uri.substr(uri.find_last_of('/') == std::string_view::npos ? 0 : uri.find_last_of('/') + 1));
    if (last.ends_with(".xml")) last.resize(last.size() - 4);
    if (last == "match_correct" || last == "map_response" || last == "map_response_point")
        return kQti3Templates + last + ".xml";
    return {};
}

struct Converter {
    bool noNamespace = false;  // a 2.x document without xmlns: the loader reads it as 2.1

    // Namespaces are resolved on the untouched tree first: renaming the root's xmlns would
    // otherwise change what its descendants resolve to halfway through.
    void convert(XMLElement* root) {
        std::vector<XMLElement*> qti;
        collect(root, qti, 0);
        for (XMLElement* e : qti) {
            const std::string local(localOf(e->Name()));
            const bool html = isHtmlElementName(local);
            if (!html)
                e->SetName(qti3ElementName(local).c_str());
            else if (local != e->Name())
                e->SetName(local.c_str());
            rewriteAttributes(e, html, local);
        }
    }

    void collect(XMLElement* e, std::vector<XMLElement*>& out, int depth) {
        if (depth > 1000) return;  // tinyxml2 caps nesting far below this; a guard, not a limit
        const std::string ns = namespaceOf(e);
        if (isQti2Namespace(ns) || (ns.empty() && noNamespace)) out.push_back(e);
        for (XMLNode* c = e->FirstChild(); c; c = c->NextSibling()) {
            if (XMLElement* ce = c->ToElement()) {
                collect(ce, out, depth + 1);
            } else if (tinyxml2::XMLText* t = c->ToText()) {
                // A kept run " \n    " prints as "\n    ": the loader's &#32; puts the blank back,
                // and the lines do not end in a space.
                const std::string v = t->Value() ? t->Value() : "";
                if (v.size() > 1 && v[0] == ' ' && (v[1] == '\n' || v[1] == '\r') &&
                    v.find_first_not_of(" \t\r\n") == std::string::npos)
                    t->SetValue(v.substr(1).c_str());
            }
        }
    }

    // tinyxml2 cannot rename an attribute: take them all off and put them back in their order.
    void rewriteAttributes(XMLElement* e, bool html, const std::string& local) {
        std::vector<std::pair<std::string, std::string>> attrs;
        for (const auto* a = e->FirstAttribute(); a; a = a->Next()) attrs.emplace_back(a->Name(), a->Value());
        for (const auto& [name, value] : attrs) e->DeleteAttribute(name.c_str());
        for (auto [name, value] : attrs) {
            if (name == "xmlns" && isQti2Namespace(value)) {
                value = kQti3Namespace;
            } else if (name.starts_with("xmlns:") && isQti2Namespace(value)) {
                continue;  // the prefix is gone from the QTI elements; the default namespace serves
            } else if (name == "xsi:schemaLocation") {
                const auto parts = splitWhitespace(value);
                std::string out;
                for (size_t i = 0; i + 1 < parts.size(); i += 2) {
                    const bool qtiPair = isQti2Namespace(parts[i]);
                    out += (out.empty() ? "" : " ") + (qtiPair ? std::string(kQti3Namespace) + " " + kQti3SchemaLocation
                                                               : parts[i] + " " + parts[i + 1]);
                }
                value = out;
            } else if (!html && name.find(':') == std::string::npos && !name.starts_with("data-") &&
                       !name.starts_with("aria-")) {
                if (local == "responseProcessing" && name == "template")
                    if (std::string uri = qti3TemplateUri(value); !uri.empty()) value = uri;
                name = camelToKebab(name);
            }
            e->SetAttribute(name.c_str(), value.c_str());
        }
    }
};

void syncPath(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::string convertToQti3(std::string_view xml, const std::string& sourceName) {
    tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
    parseGuardedXml(doc, xml, sourceName);  // the guard first, on the text as given
    XMLElement* root = doc.RootElement();
    if (!root) throw Error(ErrorKind::Parse, sourceName + ":1: no root element");
    const std::string ns = namespaceOf(root);
    const std::string local(localOf(root->Name()));
    if (isQti3Namespace(ns) || (ns.empty() && local.starts_with("qti-"))) return std::string(xml);
    const bool noNamespace = ns.empty() && !local.starts_with("qti-") && local.starts_with("assessment");
    if (!isQti2Namespace(ns) && !noNamespace)
        throw Error(ErrorKind::Invalid, sourceName + ":" + std::to_string(root->GetLineNum()) + ": <" + root->Name() +
                                            "> is not a QTI 2.x or 3.0 document");

    doc.Clear();
    parseGuardedXml(doc, keepInterElementSpace(xml), sourceName);
    root = doc.RootElement();
    Converter converter{noNamespace};
    converter.convert(root);
    if (noNamespace || !prefixOf(root->Name()).empty() || !root->Attribute("xmlns"))
        root->SetAttribute("xmlns", kQti3Namespace);

    tinyxml2::XMLPrinter printer(nullptr, true);  // compact: the text nodes carry the layout
    doc.Print(&printer);
    std::string out(printer.CStr(), static_cast<size_t>(printer.CStrSize() - 1));
    if (out.starts_with("<?xml"))
        if (const auto end = out.find("?>"); end != std::string::npos && out[end + 2] != '\n')
            out.insert(end + 2, "\n");
    out += '\n';
    return out;
}

std::vector<std::string> referencedFiles(std::string_view xml, const std::string& docPath) {
    tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
    parseGuardedXml(doc, xml, docPath);
    std::vector<std::string> out;
    std::set<std::string> seen;
    std::vector<const XMLElement*> stack;
    if (doc.RootElement()) stack.push_back(doc.RootElement());
    while (!stack.empty()) {
        const XMLElement* e = stack.back();
        stack.pop_back();
        const std::string name = qtiLocalName(e);
        // A simulated environment's own pictures (<dlk:picture src=...>) are media of the item too.
        const bool environment = namespaceOf(e) == sim::kNamespace;
        for (const auto* a = e->FirstAttribute(); a; a = a->Next()) {
            const std::string attr = kebabToCamel(a->Name());
            const bool file = environment ? attr == "src" : isFileReference(name, attr);
            if (!file || name == "assessmentItemRef" || name == "assessmentSectionRef") continue;
            const std::string href = a->Value();
            const auto colon = href.find(':');
            if (href.empty() || href[0] == '#' || (colon != std::string::npos && colon > 1 && href.find('/') > colon))
                continue;  // a URL or a fragment: not a file of the package
            std::string path;
            try {
                path = Package::resolve(docPath, href);
            } catch (const Error& err) {
                throw Error(ErrorKind::Invalid, docPath + ":" + std::to_string(a->GetLineNum()) + ": " + err.what());
            }
            if (seen.insert(path).second) out.push_back(path);
        }
        // Children pushed in reverse, so the walk (and the result) follows document order.
        std::vector<const XMLElement*> kids;
        for (const XMLElement* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) kids.push_back(c);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
    }
    return out;
}

void writeZipAtomically(const std::string& zipPath, const std::vector<PackageEntry>& entries) {
    const fs::path target = fs::absolute(zipPath);
    std::error_code ec;
    if (!fs::is_directory(target.parent_path(), ec))
        throw Error(ErrorKind::Io, zipPath + ": the folder " + target.parent_path().string() + " does not exist");
    std::random_device rd;
    const fs::path temp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(rd()));
    // Names are checked before anything is created: a refused name leaves no trace.
    std::vector<std::string> names;
    for (const PackageEntry& e : entries) names.push_back(Package::normalise(e.path));  // never a name that climbs out
    int code = 0;
    zip_t* za = zip_open(temp.c_str(), ZIP_CREATE | ZIP_EXCL, &code);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        const std::string why = zip_error_strerror(&ze);
        zip_error_fini(&ze);
        throw Error(ErrorKind::Io, zipPath + ": cannot create: " + why);
    }
    // Until zip_close succeeds the archive is discarded on every way out, and the temp file with it.
    std::unique_ptr<zip_t, void (*)(zip_t*)> archive(za, zip_discard);
    auto fail = [&](const std::string& why) {
        archive.reset();
        fs::remove(temp, ec);
        throw Error(ErrorKind::Io, zipPath + ": cannot write: " + why);
    };
    for (size_t i = 0; i < entries.size(); ++i) {
        const std::string& name = names[i];
        // The buffers stay alive until zip_close, which is when libzip reads them.
        zip_source_t* src = zip_source_buffer(za, entries[i].bytes.data(), entries[i].bytes.size(), 0);
        if (!src) fail(zip_strerror(za));
        const zip_int64_t index = zip_file_add(za, name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(src);
            fail(name + ": " + zip_strerror(za));
        }
        if (zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 0) != 0)
            fail(name + ": " + zip_strerror(za));
    }
    if (zip_close(za) != 0) fail(zip_strerror(za));
    (void)archive.release();  // zip_close freed it
    syncPath(temp.string(), O_RDONLY);
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(ErrorKind::Io, zipPath + ": cannot replace: " + ec.message());
    }
    syncPath(target.parent_path().string(), O_RDONLY | O_DIRECTORY);
}

}  // namespace dlk
