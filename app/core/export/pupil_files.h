#pragma once
// The export's files about the pupils rather than their answers: pupils.csv (as far as the disclosure control lets
// each pupil's background show), disclosure.csv (what it generalised, pooled or left out), summary.csv (aggregates per
// class and domain, small groups suppressed) and incidents.csv. export/csv_export.cpp writes them on a thread of their
// own while responses.csv is written: everything they read is made before and changes no more.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "export/disclosure.h"
#include "export/score_files.h"
#include "school/incidents.h"

namespace dlk {

// A pupil of the school with what the disclosure control weighs.
struct PupilRow {
    PupilQuasiIdentifiers qi;
    std::string classPseudonym;
};

struct PupilFacts {
    const std::string& school;  // the school's pseudonym
    const std::string& key;     // the school's pseudonym key: disclosure.csv names classes by their pseudonyms
    const std::vector<PupilRow>& pupils;
    const PupilDisclosure& disclosure;                // a pupil it leaves out is in no file
    const std::vector<Incident>& incidents;           // the school's, in the order noted
    const std::vector<ScaleEntry>& scaleRows;         // scores.csv's rows, whose raw scores summary.csv adds up
    std::function<std::string(int64_t)> pseudonymOf;  // a pupil's, by id
};

struct PupilFileStreams {
    std::ostream &pupils, &disclosure, &summary, &incidents;
};

struct PupilFilesWritten {
    int pupilRows = 0;        // of pupils.csv
    int suppressedCells = 0;  // empty cells of summary.csv
    int incidentRows = 0;     // of incidents.csv
};

// Writes the four files, each with its header, rows in pseudonym (and key) order.
PupilFilesWritten writePupilFiles(const PupilFacts& facts, const PupilFileStreams& out);

}  // namespace dlk
