#pragma once
// Writes QTI 3.0: converts 2.x documents to 3.0 spelling, and writes an item bank as a QTI 3.0
// content package (a zip with imsmanifest.xml) that ItemBank::load reads back to the same model.
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

class ItemBank;

constexpr const char* kQti3Namespace = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";

// A QTI 2.1/2.2 item, test or stimulus in QTI 3.0 spelling, converted on its XML tree: QTI
// elements become "qti-" + the kebab-case of their 2.x name, QTI attributes kebab-case, the QTI
// namespace and schemaLocation those of 3.0, and the standard response processing templates
// their 3.0 URIs; HTML, text, comments and foreign-namespace content stay as they are. A QTI 3.0
// document comes back byte for byte. Throws dlk::Error ("file:line: ...") for XML that is not
// well-formed or not QTI.
std::string convertToQti3(std::string_view xml, const std::string& sourceName);

// Files of the package that a QTI document at `docPath` uses: stylesheets, stimuli, and the media
// of img, object, audio, video, source and track; package-relative, in document order, without
// duplicates. URLs (http:, data:, ...) are not files of the package and are left out. Throws
// dlk::Error(Invalid, "file:line: ...") for a reference that climbs out of the package.
std::vector<std::string> referencedFiles(std::string_view xml, const std::string& docPath);

struct PackageEntry {
    std::string path;  // package-relative
    std::string bytes;
};

// A zip of these entries, written to a temporary name beside zipPath, synced, then renamed over
// zipPath: a reader sees the old file or the complete new one, never half a package.
void writeZipAtomically(const std::string& zipPath, const std::vector<PackageEntry>& entries);

struct PackageExportSummary {
    int tests = 0;
    int items = 0;
    int media = 0;      // every other file the documents use: pictures, sounds, stylesheets, stimuli
    int converted = 0;  // documents converted from QTI 2.x; the rest were copied byte for byte
};

// The bank as a QTI 3.0 content package: every module variant's test and items, the media and
// stimuli they use, and a new imsmanifest.xml listing them all. Refuses (Invalid) a bank with
// problems, since a package without the modules that failed to load would look complete.
PackageExportSummary exportBankPackage(const ItemBank& bank, const std::string& zipPath);

}  // namespace dlk
