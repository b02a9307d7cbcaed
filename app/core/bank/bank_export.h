#pragma once
// Exports an item bank as a QTI 3.0 content package (a zip with imsmanifest.xml) that
// ItemBank::load reads back to the same model: `dlkiosk qti export`. The QTI side of it (2.x to
// 3.0 conversion, the files a document uses, the atomic zip) is qti/qti_writer.h.
#include <string>

namespace dlk {

class ItemBank;

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
