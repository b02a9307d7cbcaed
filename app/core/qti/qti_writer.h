#pragma once
// Writes QTI 3.0: converts 2.x documents to 3.0 spelling, lists the files a document uses, and
// writes a zip atomically. Exporting a whole item bank is bank/bank_export.h, built on these.
#include <string>
#include <string_view>
#include <vector>

namespace dlk {

constexpr const char* kQti3Namespace = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";

// A QTI 2.1/2.2 item, test or stimulus in QTI 3.0 spelling, converted on its XML tree: QTI
// elements become "qti-" + the kebab-case of their 2.x name, QTI attributes kebab-case, the QTI
// namespace and schemaLocation those of 3.0, and the standard response processing templates
// their 3.0 URIs; HTML, text, comments and foreign-namespace content stay as they are. A QTI 3.0
// document comes back byte for byte. Throws dlk::Error ("file:line: ...") for XML that is not
// well-formed or not QTI.
std::string convertToQti3(std::string_view xml, const std::string& sourceName);

// Files of the package that a QTI document at `docPath` uses: stylesheets, stimuli, and the media
// of img, object, audio, video, source and track, and the `src` of any element in dlkiosk's
// environment namespace (a poster's pictures); package-relative, in document order, without
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

}  // namespace dlk
