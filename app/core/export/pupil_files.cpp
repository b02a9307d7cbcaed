#include "export/pupil_files.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>

#include "export/csv_export.h"
#include "school/background.h"
#include "security/pseudonym.h"

namespace dlk {

namespace {

// disclosure.csv: one row per thing the disclosure control did to a group, in the order of export/disclosure.h.
std::vector<std::pair<std::string, std::string>> disclosureActions(const DisclosureStep& step) {
    const std::string k = std::to_string(kMinPupilGroup);
    const std::string tooFew =
        "some combination of the pupils' class, accommodations and background had fewer than " + k + " pupils";
    std::vector<std::pair<std::string, std::string>> out;
    if (step.suppressed) {
        out.push_back({"left_out", "the classes with fewer than " + k + " pupils hold " + std::to_string(step.pupils) +
                                       " together, too few to hide one pupil among them: left out of every file"});
        return out;
    }
    if (step.classWithheld)
        out.push_back({"class_withheld", "classes with fewer than " + k + " pupils are pooled without their class"});
    if (step.detail == AccommodationDetail::Any)
        out.push_back({"accommodations_as_any", "some combination of accommodations had fewer than " + k +
                                                    " pupils: only whether a pupil has any is shown"});
    if (step.ageBanded) out.push_back({"age_banded", tooFew + ": the age is shown in two-year bands (step 2)"});
    if (step.genderWithheld) out.push_back({"gender_withheld", tooFew + ": the gender is left out (step 3)"});
    if (step.tracksMerged)
        out.push_back({"tracks_merged", tooFew + ": vmbo-bk, vmbo-gt and pro are shown as vmbo, havo and vwo as "
                                                 "havo-vwo (step 4)"});
    if (step.detail == AccommodationDetail::None)
        out.push_back({"accommodations_withheld", "fewer than " + k +
                                                      " pupils had (or had no) accommodations: none "
                                                      "are shown"});
    if (step.ageWithheld)
        out.push_back({"age_withheld", tooFew + " even with age bands: the age is left out (step 6)"});
    if (step.gradeAndTrackWithheld)
        out.push_back({"grade_and_track_withheld", tooFew + ": grade and track are left out (step 7)"});
    return out;
}

}  // namespace

PupilFilesWritten writePupilFiles(const PupilFacts& facts, const PupilFileStreams& out) {
    PupilFilesWritten written;
    // Every pupil of the school (but those the disclosure control left out), with the class as a
    // pseudonym and the accommodations the teacher set, as far as the disclosure control lets them
    // show: a researcher can compare with and without them, and no one can tell which class it was.
    out.pupils
        << "pupil,school,class,accommodation_detail,larger_text,high_contrast,extra_time,dyslexia_font,read_aloud,"
           "any_accommodation,age,age_band,grade,track,gender\n";
    std::unordered_map<std::string, std::string> groupOf;  // pseudonym -> its group in summary.csv
    {
        std::vector<std::pair<std::string, std::string>> pupilLines;  // (pseudonym, line)
        for (const PupilRow& row : facts.pupils) {
            const PupilDisclosure::Pupil& shown = facts.disclosure.pupils.at(row.qi.pupilId);
            if (shown.suppressed) continue;
            const std::string pid = facts.pseudonymOf(row.qi.pupilId);
            groupOf[pid] = shown.classWithheld ? std::string("other_classes") : row.classPseudonym;
            std::string line = pid + ',' + facts.school + ',' +
                               (shown.classWithheld ? std::string() : row.classPseudonym) + ',' +
                               accommodationDetailName(shown.detail);
            bool any = false;
            for (bool flag : row.qi.accommodations) {
                line += shown.detail == AccommodationDetail::Each ? (flag ? ",1" : ",0") : ",";
                any = any || flag;
            }
            line += shown.detail == AccommodationDetail::None ? "," : (any ? ",1" : ",0");
            // The background as far as the pupil's group may show it (export/disclosure.h).
            const Generalisation& g = shown.shown;
            const PupilQuasiIdentifiers& q = row.qi;
            line += ',' + (q.age && g.age == AgeDetail::Years ? std::to_string(*q.age) : std::string());
            line += ',' + (q.age && g.age == AgeDetail::Band ? ageBand(*q.age) : std::string());
            line += ',' + (q.grade && !g.gradeWithheld ? std::to_string(*q.grade) : std::string());
            line += ',' + (g.track == TrackDetail::Each     ? q.track
                           : g.track == TrackDetail::Merged ? std::string(mergedTrack(q.track))
                                                            : std::string());
            line += ',' + (g.genderWithheld ? std::string() : q.gender);
            pupilLines.push_back({pid, line + '\n'});
        }
        written.pupilRows = static_cast<int>(pupilLines.size());
        std::sort(pupilLines.begin(), pupilLines.end());
        for (const auto& [pid, line] : pupilLines) out.pupils << line;
    }

    // What the disclosure control did, per class (as its pseudonym) and for the pool of small classes.
    out.disclosure << "school,group,classes,pupils,action,reason\n";
    std::map<std::string, const DisclosureStep*> stepsByGroup;  // in key order, not the classes' ids
    for (const DisclosureStep& step : facts.disclosure.steps)
        stepsByGroup[step.classId ? classPseudonym(facts.key, step.classId) : std::string("other_classes")] = &step;
    for (const auto& [group, stepPtr] : stepsByGroup) {
        const DisclosureStep& step = *stepPtr;
        std::map<std::string, std::string> actions;  // in key order (school, group, action), as dlkiosk merge sorts
        for (const auto& [action, reason] : disclosureActions(step)) actions[action] = reason;
        for (const auto& [action, reason] : actions)
            out.disclosure << facts.school << ',' << group << ',' << step.classes << ',' << step.pupils << ',' << action
                           << ',' << csvCell(reason) << '\n';
    }

    // Aggregates per class and domain, with small groups suppressed (export/disclosure.h).
    out.summary << "school,group,domain,pupils,mean_percent,share_half_or_more,suppressed\n";
    written.suppressedCells = writeAggregates(out.summary, facts.school, facts.scaleRows, groupOf);

    // The incident log (school/incidents.h): kinds from a fixed list, no time, in pseudonym order.
    out.incidents << "pupil,seq,module,kind\n";
    {
        std::map<std::string, std::vector<const Incident*>> byPupil;
        for (const Incident& i : facts.incidents)
            if (!facts.disclosure.suppressed(i.pupilId))
                byPupil[facts.pseudonymOf(i.pupilId)].push_back(&i);  // in the order noted
        for (const auto& [pid, list] : byPupil) {
            int seq = 0;
            for (const Incident* i : list) {
                out.incidents << pid << ',' << ++seq << ',' << csvCell(i->moduleId) << ',' << incidentKindId(i->kind)
                              << '\n';
                ++written.incidentRows;
            }
        }
    }
    return written;
}

}  // namespace dlk
