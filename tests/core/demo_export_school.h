#pragma once
// A school's kiosk as the export tests need it: the bundled bank as the kiosk opens it (the session
// design deals each pupil the tutorial and some of the modules, and the tutorial is practice), a demo
// school made by the given options in an in-memory database (or a file), and the store unlocked by the demo's PIN
// (an export needs the school's sealed secret). Shared by the export's scores, merge and package tests.
#include <doctest/doctest.h>

#include <string>

#include "delivery/session_plan.h"
#include "demo/demo_school.h"
#include "export/csv_export.h"
#include "school/school_store.h"
#include "storage/schema.h"

namespace dlk::test {

inline constexpr int64_t kDemoExportNow = 1'780'000'000'000;

// A demo class of `pupils` drawn with `seed`, behind the demo PIN; a test sets the rest it needs.
inline DemoOptions demoClass(int pupils, uint64_t seed) {
    DemoOptions options;
    options.pupils = pupils;
    options.seed = seed;
    options.pin = "246813";
    return options;
}

struct DemoExportSchool {
    Database db;
    SchoolStore school{db};
    ItemBank bank = ItemBank::loadFolder(DLK_SOURCE_ITEMS);
    BookletDesign design = loadSessionDesign(DLK_SOURCE_ITEMS, bank);
    DemoOptions options;
    DemoSchool demo;

    // `path`: the database's file (a school in memory by default).
    explicit DemoExportSchool(const DemoOptions& o, const std::string& path = ":memory:") : db(path), options(o) {
        migrateSchema(db);
        if (!design.tutorial.empty()) REQUIRE(bank.markPractice(design.tutorial));
        demo = makeDemoSchool(db, bank, design, options, kDemoExportNow);
        REQUIRE(school.checkPin(options.pin, kDemoExportNow).result == PinCheck::Ok);
    }
    // The school's export into `folder` (created), signed with its key.
    std::string exportTo(const std::string& folder, const ExportOptions& o = {}) {
        exportCsv(db, bank, folder, school, o);
        return folder;
    }
};

}  // namespace dlk::test
