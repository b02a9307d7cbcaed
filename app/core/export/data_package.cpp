#include "export/data_package.h"

#include <initializer_list>

#include "util/json.h"

namespace dlk {

namespace {

const char* kPupilPattern = "^p[0-9a-f]{24}$";

Json field(const char* name, const char* type, const char* description) {
    Json f = Json::object();
    f["name"] = name;
    f["type"] = type;
    f["description"] = description;
    return f;
}

Json required(Json f) {
    f["constraints"]["required"] = true;
    return f;
}

Json oneOf(Json f, std::initializer_list<const char*> values) {
    Json e = Json::array();
    for (const char* v : values) e.push_back(v);
    f["constraints"]["enum"] = e;
    return f;
}

Json zeroOrOne(const char* name, const char* description) {
    Json f = field(name, "integer", description);
    f["constraints"]["required"] = true;
    f["constraints"]["enum"] = Json::array({0, 1});
    return f;
}

Json pupilField() {
    Json f = required(field("pupil", "string",
                            "The pupil's pseudonym: a keyed BLAKE2b hash of the pupil's id whose key never leaves the "
                            "school; the same pupil has the same pseudonym in every export of this school."));
    f["constraints"]["pattern"] = kPupilPattern;
    return f;
}

Json schoolField() {
    Json f = required(field("school", "string",
                            "The school's pseudonym: a keyed hash with the school's secret, the same in every export "
                            "of the school, that keeps its rows apart when exports of many schools are merged "
                            "(dlkiosk merge) without saying which school it is."));
    f["constraints"]["pattern"] = "^s[0-9a-f]{24}$";
    return f;
}

Json moduleField() {
    return required(field("module", "string", "The module's identifier (a QTI assessmentTest)."));
}

Json itemField() {
    return required(field("item", "string", "The item's identifier (a QTI assessmentItem)."));
}

Json domainField() {
    return oneOf(required(field("domain", "string",
                                "The domain: ict (ICT basic skills), info (information skills), media (media "
                                "literacy), ct (computational thinking).")),
                 {"ict", "info", "media", "ct"});
}

Json foreignKey(Json fields, const char* resource, Json referenced) {
    Json k = Json::object();
    k["fields"] = std::move(fields);
    k["reference"]["resource"] = resource;
    k["reference"]["fields"] = std::move(referenced);
    return k;
}

Json resource(const char* name, const char* description, Json fields, Json primaryKey, Json foreignKeys) {
    Json r = Json::object();
    r["name"] = name;
    r["path"] = std::string(name) + ".csv";
    r["profile"] = "tabular-data-resource";
    r["format"] = "csv";
    r["mediatype"] = "text/csv";
    r["encoding"] = "utf-8";
    r["description"] = description;
    // RFC 4180 with a header row, as every CSV reader's default expects.
    r["dialect"] = {{"delimiter", ","}, {"quoteChar", "\""}, {"doubleQuote", true}, {"header", true}};
    Json schema = Json::object();
    schema["fields"] = std::move(fields);
    // An empty cell is a missing value (a score not given, a response withheld); no other word is.
    schema["missingValues"] = Json::array({""});
    schema["primaryKey"] = std::move(primaryKey);
    if (!foreignKeys.empty()) schema["foreignKeys"] = std::move(foreignKeys);
    r["schema"] = std::move(schema);
    return r;
}

Json toPupils() {
    return foreignKey("pupil", "pupils", "pupil");
}

}  // namespace

Json exportDataPackage(bool events) {
    Json resources = Json::array();

    {
        Json f = Json::array();
        f.push_back(pupilField());
        f.push_back(schoolField());
        Json cls = field("class", "string",
                         "The class's pseudonym: a keyed hash of the class's id with the same secret; the pupils of "
                         "one class share it. Never the class's name. Missing for the pupils of classes with fewer "
                         "than 5 pupils, which are pooled (disclosure.csv).");
        cls["constraints"]["pattern"] = "^c[0-9a-f]{24}$";
        f.push_back(cls);
        f.push_back(oneOf(required(field("accommodation_detail", "string",
                                         "How much of the pupil's accommodations the row shows. The pupil file is "
                                         "5-anonymous on the class and the accommodations: each = every flag as "
                                         "set; any = only any_accommodation (some combination in the pupil's "
                                         "group had fewer than 5 pupils); none = nothing (even that was too "
                                         "rare). See disclosure.csv.")),
                          {"each", "any", "none"}));
        auto flag = [](const char* name, const char* description) {
            Json flagField = field(name, "integer", description);
            flagField["constraints"]["enum"] = Json::array({0, 1});
            return flagField;
        };
        f.push_back(flag("larger_text",
                         "1 when the teacher set text larger than 100% for the pupil; missing unless "
                         "accommodation_detail is each."));
        f.push_back(flag("high_contrast",
                         "1 when the pupil works in high contrast; missing unless "
                         "accommodation_detail is each."));
        f.push_back(flag("extra_time",
                         "1 when the pupil has extra time on every module's limit; missing unless "
                         "accommodation_detail is each."));
        f.push_back(flag("dyslexia_font",
                         "1 when the pupil reads in the OpenDyslexic font; missing unless "
                         "accommodation_detail is each."));
        f.push_back(flag("read_aloud",
                         "1 when items are read aloud to the pupil; missing unless "
                         "accommodation_detail is each."));
        f.push_back(flag("any_accommodation",
                         "1 when the pupil has at least one of the accommodations; missing "
                         "when accommodation_detail is none."));
        // Background variables (school/background.h), shown as far as the k-anonymity check lets them.
        f.push_back(field("age", "integer",
                          "The pupil's age in whole years at the first session (computed from the birth year and "
                          "month the teacher recorded; never a birth date). Missing when not recorded, when the "
                          "pupil has not started, or when generalised (age_band, disclosure.csv)."));
        Json band = field("age_band", "string",
                          "The age in a two-year band (10-11, 12-13, ...) where the exact age would make a pupil "
                          "recognisable (disclosure.csv: age_banded); missing otherwise.");
        band["constraints"]["pattern"] = "^[0-9]+-[0-9]+$";
        f.push_back(band);
        f.push_back(field("grade", "integer",
                          "Groep (primary school, 1-8) or leerjaar (secondary, 1-6) as the teacher recorded it; "
                          "missing when not recorded or withheld (disclosure.csv)."));
        f.push_back(oneOf(field("track", "string",
                                "The track: po (primary), pro (praktijkonderwijs), vmbo-bk, vmbo-gt, havo, vwo; "
                                "vmbo and havo-vwo where tracks were merged (disclosure.csv: tracks_merged). Missing "
                                "when not recorded or withheld."),
                          {"po", "pro", "vmbo-bk", "vmbo-gt", "havo", "vwo", "vmbo", "havo-vwo"}));
        f.push_back(oneOf(field("gender", "string",
                                "m, v or x, only where the school records it; missing when not recorded or withheld "
                                "(disclosure.csv: gender_withheld)."),
                          {"m", "v", "x"}));
        resources.push_back(resource("pupils",
                                     "One row per pupil of the school, whether the pupil took a module or not, with "
                                     "the accommodations and background variables the teacher recorded, generalised "
                                     "until every combination of class, accommodations, age, grade, track and gender "
                                     "is shared by 5 pupils or more, in this order: accommodations as any, age in "
                                     "bands, gender left out, tracks merged, no accommodations, no age, no grade and "
                                     "track. Pupils of small classes that remain too few together are in no file "
                                     "(disclosure.csv).",
                                     std::move(f), "pupil", Json::array()));
    }
    {
        Json f = Json::array();
        f.push_back(schoolField());
        f.push_back(required(field("group", "string",
                                   "The class's pseudonym (as in pupils.csv), or other_classes for the pool of the "
                                   "classes with fewer than 5 pupils.")));
        f.push_back(required(field("classes", "integer", "How many classes the group holds.")));
        f.push_back(required(field("pupils", "integer", "How many pupils the group holds.")));
        f.push_back(
            oneOf(required(field("action", "string",
                                 "accommodations_as_any: only whether a pupil has any accommodation is "
                                 "shown; accommodations_withheld: none is shown; class_withheld: pooled "
                                 "without a class; left_out: in no file of the export; age_banded: the age "
                                 "in two-year bands; age_withheld: no age; gender_withheld: no gender; "
                                 "tracks_merged: vmbo-bk, vmbo-gt and pro as vmbo, havo and vwo as "
                                 "havo-vwo; grade_and_track_withheld: neither grade nor track.")),
                  {"accommodations_as_any", "accommodations_withheld", "class_withheld", "left_out", "age_banded",
                   "age_withheld", "gender_withheld", "tracks_merged", "grade_and_track_withheld"}));
        f.push_back(required(field("reason", "string", "Why, in words.")));
        resources.push_back(resource("disclosure",
                                     "What the disclosure control generalised, pooled or left out: one row per group "
                                     "and thing it did; empty when nothing had to change.",
                                     std::move(f), Json::array({"school", "group", "action"}), Json::array()));
    }
    {
        Json f = Json::array();
        f.push_back(schoolField());
        f.push_back(required(
            field("group", "string",
                  "whole_school (every pupil of the school in the export), a class's pseudonym, or other_classes (the "
                  "pooled small classes).")));
        f.push_back(oneOf(required(field("domain", "string", "all (every item), or one domain as in responses.")),
                          {"all", "ict", "info", "media", "ct"}));
        f.push_back(field("pupils", "integer", "Pupils with a score in the domain; missing when suppressed."));
        f.push_back(field("mean_percent", "number",
                          "The mean of the pupils' raw scores as a percentage of their maximum, to one decimal, "
                          "clamped to 5-95; missing when suppressed."));
        f.push_back(field("share_half_or_more", "number",
                          "The percentage of the pupils with half their maximum or more, to one decimal, clamped to "
                          "5-95 so that no cell says all or none; missing when suppressed."));
        f.push_back(oneOf(field("suppressed", "string",
                                "small_group: the group has 5 pupils or fewer; secondary: left empty because the "
                                "whole_school row minus this group's would give away a small group; missing when "
                                "shown."),
                          {"small_group", "secondary"}));
        resources.push_back(resource("summary",
                                     "Aggregates per group and domain for a school board, under disclosure control: "
                                     "no statistic of 5 pupils or fewer.",
                                     std::move(f), Json::array({"school", "group", "domain"}), Json::array()));
    }
    {
        Json f = Json::array();
        f.push_back(pupilField());
        f.push_back(moduleField());
        f.push_back(oneOf(required(field("status", "string",
                                         "finished: the pupil ended the module; time_up: it ended at the time limit "
                                         "(a time_up event); stopped: started and not finished; not_started: in the "
                                         "pupil's plan (or, for a pupil who never logged in, in the bank) and not "
                                         "started.")),
                          {"finished", "time_up", "stopped", "not_started"}));
        resources.push_back(resource("module_status",
                                     "One row per pupil and module the pupil was given: the modules of the pupil's "
                                     "session plan and those started; every module of the bank for a pupil who never "
                                     "logged in (no plan yet).",
                                     std::move(f), Json::array({"pupil", "module"}), Json::array({toPupils()})));
    }
    {
        Json f = Json::array();
        f.push_back(pupilField());
        f.push_back(moduleField());
        f.push_back(itemField());
        f.push_back(domainField());
        f.push_back(zeroOrOne("answered", "1 when the pupil gave an answer, else 0."));
        f.push_back(field("response", "string",
                          "The response variables as JSON, {\"RESPONSE\": ...}. Missing for the items of a module "
                          "not started and for typed text left out (free_text_withheld = 1). With --free-text, "
                          "names from the school's lists, e-mail addresses, phone numbers and pupil codes are "
                          "masked as [naam], [e-mail], [telefoon], [code]."));
        f.push_back(zeroOrOne("free_text_withheld",
                              "1 when the item takes typed text (text entry, extended text, a mail reply, a poster's "
                              "text, a search, a file name or a number keyed in simulated software) and the export "
                              "was made without --free-text: the answer is left out, its status and score stay."));
        f.push_back(field("score", "number",
                          "SCORE after the item's QTI response processing, with the teachers' final rubric scores. "
                          "Missing when the status is not_yet_scored or cannot_be_scored, and for the items of a "
                          "module not started."));
        f.push_back(required(field("max_score", "number", "The item's maximum score.")));
        f.push_back(oneOf(
            required(field("status", "string",
                           "answered: an answer, scored. empty: on screen at least once (an item_shown event, a "
                           "stored answer, or the item the attempt stands at) and left without an answer; scores 0. "
                           "not_reached: never on screen, after the furthest item seen in a module stopped or ended "
                           "by the time limit; scores 0. not_shown: never on screen otherwise: every item of a module "
                           "not started (no score) or an item skipped in a finished module (scores 0). "
                           "not_yet_scored: answered, and a teacher has not yet given every rubric criterion a final "
                           "score; counted in no total, never as 0. cannot_be_scored: the item's own response "
                           "processing could not run (see reason); counted in no total.")),
            {"answered", "empty", "not_reached", "not_shown", "not_yet_scored", "cannot_be_scored"}));
        f.push_back(field("reason", "string",
                          "For cannot_be_scored the technical reason, item-file:line: what; else missing."));
        Json keys = Json::array();
        keys.push_back(toPupils());
        keys.push_back(foreignKey(Json::array({"module", "item"}), "items", Json::array({"module", "item"})));
        resources.push_back(resource("responses",
                                     "One row per item of every module a pupil was given (see module_status).",
                                     std::move(f), Json::array({"pupil", "module", "item"}), std::move(keys)));
    }
    {
        Json f = Json::array();
        f.push_back(pupilField());
        f.push_back(oneOf(required(field("scale", "string",
                                         "total (every item), or one domain as in responses: ict, info, media, ct "
                                         "(the domain of each item from the item bank).")),
                          {"total", "ict", "info", "media", "ct"}));
        f.push_back(required(field("raw_score", "number",
                                   "The sum of the scores of the pupil's items on the scale, in the modules started; "
                                   "items not yet scored by a teacher or that cannot be scored left out.")));
        f.push_back(required(field("max_score", "number", "The sum of those items' maximum scores.")));
        f.push_back(required(field("unscorable_items", "integer", "Items of the scale that could not be scored.")));
        f.push_back(required(field("not_yet_scored_items", "integer",
                                   "Items of the scale that wait for a teacher's rubric score: in no column.")));
        f.push_back(required(field("scale_items", "integer",
                                   "The scored items the estimates rest on: those with item parameters "
                                   "(items.csv's delta) and a score within them. An item without parameters counts "
                                   "in raw_score only; 0 when the export had no parameters.")));
        f.push_back(field("wle", "number",
                          "Warm's weighted likelihood estimate of the pupil's ability, in logits of the bank's "
                          "calibration (partial credit model), from the scale_items alone. A domain's estimate uses "
                          "the same one-dimensional parameters. Missing when scale_items is 0."));
        f.push_back(field("wle_se", "number", "The WLE's standard error, in logits; missing with wle."));
        for (const char* pv : {"pv1", "pv2", "pv3", "pv4", "pv5"})
            f.push_back(field(pv, "number",
                              "A plausible value: a draw from the pupil's posterior in logits, under the normal "
                              "population model of the calibration (no conditioning on background variables). "
                              "Analyse all five and combine with Rubin's rules. Missing when scale_items is 0 or the "
                              "parameters carry no population model."));
        f.push_back(field("scale_score", "number",
                          "The WLE on the reporting scale (mean 500, SD 100 in the calibration sample), to one "
                          "decimal, as the teacher's screen shows it; missing without a reporting scale."));
        f.push_back(field("scale_se", "number", "The scale score's standard error; missing with scale_score."));
        f.push_back(
            field("level", "integer",
                  "The proficiency level of the scale score (0 = below the first cut-point) by the level "
                  "table (assets/irt/levels.csv; each domain has the total's cut-points, its estimate being on the "
                  "same metric); missing for a scale without cut-points there."));
        resources.push_back(resource("scores",
                                     "One row per pupil and scale (total and each domain) of the modules the pupil "
                                     "started. Raw scores are not comparable across modules of different difficulty; "
                                     "the WLE, plausible values and scale score are.",
                                     std::move(f), Json::array({"pupil", "scale"}), Json::array({toPupils()})));
    }
    {
        Json f = Json::array();
        f.push_back(pupilField());
        f.push_back(required(field("seq", "integer", "1, 2, 3 ... per pupil, in the order the teacher noted them.")));
        f.push_back(field("module", "string",
                          "The module the pupil was in when it was noted (missing when the pupil had not started "
                          "one)."));
        f.push_back(oneOf(required(field("kind", "string",
                                         "What happened, as the teacher noted it on the test administration form: "
                                         "late (started late), interrupted, left_early, technical (a technical "
                                         "problem), unwell (felt unwell). Never free text.")),
                          {"late", "interrupted", "left_early", "technical", "unwell"}));
        resources.push_back(resource("incidents",
                                     "The incident log: one row per incident a teacher noted for a pupil, without "
                                     "its time. Read a pupil's results with these in mind.",
                                     std::move(f), Json::array({"pupil", "seq"}), Json::array({toPupils()})));
    }
    {
        Json f = Json::array();
        f.push_back(moduleField());
        f.push_back(itemField());
        f.push_back(domainField());
        f.push_back(field("kerndoelen", "string", "The SLO concept goals (kerndoelen) of the item, space separated."));
        f.push_back(field("icils_strand", "string",
                          "The ICILS strand the item's aspect belongs to: 1 to 4 (CIL, ICILS 2023), ct-1 or ct-2 "
                          "(computational thinking, ICILS 2018); missing without an aspect."));
        f.push_back(field("icils_aspect", "string", "The ICILS aspect, e.g. 2.1 or ct-2.2; missing without one."));
        f.push_back(required(field("max_score", "number", "The item's maximum score.")));
        f.push_back(oneOf(required(field("scored_by", "string",
                                         "human: a teacher scores one or more rubric criteria; machine: the item's "
                                         "response processing scores it all.")),
                          {"human", "machine"}));
        f.push_back(field("delta", "number",
                          "The item's location in logits (partial credit model; the Rasch difficulty of a 0/1 item) "
                          "from the bank's calibration (items/irt/items.csv); missing for an item without "
                          "parameters, which counts in raw scores only."));
        f.push_back(field("steps", "string",
                          "The item's step difficulties in logits as a JSON list, one per score point, e.g. "
                          "[-0.2,0.6] (their mean is delta); missing with delta."));
        resources.push_back(resource("items", "One row per item of every measured module of the bank.", std::move(f),
                                     Json::array({"module", "item"}), Json::array()));
    }
    if (events) {
        Json f = Json::array();
        f.push_back(pupilField());
        f.push_back(moduleField());
        f.push_back(required(field("seq", "integer", "1, 2, 3 ... within the pupil's attempt at the module.")));
        f.push_back(required(field("t_ms", "integer",
                                   "Milliseconds since the attempt started (never a date or clock time); a later "
                                   "session on the same attempt continues the count, gap included.")));
        f.push_back(field("item", "string", "The item on screen; missing when none."));
        f.push_back(
            oneOf(required(field("kind", "string", "What happened.")),
                  {"attempt_start", "session_resume", "item_shown", "answer_changed", "navigation", "flag", "overview",
                   "pause", "resume", "read_aloud", "idle", "finish", "time_up", "env_action", "events_dropped"}));
        f.push_back(field("detail", "string",
                          "item_shown: position=N; answer_changed: the response variable (never the answer); "
                          "navigation: from=N to=M how=next|previous|dot|overview; flag: on|off; overview: "
                          "via=button|finish; idle: ms=N inactive (60 s or more); env_action: ENVIRONMENT.ACTION or "
                          "ENVIRONMENT.ACTION=ARGUMENT, never text the pupil typed; events_dropped: count=N events "
                          "lost while the disk could not be written."));
        resources.push_back(resource("events", "The process data: one row per thing a pupil did, in order.",
                                     std::move(f), Json::array({"pupil", "module", "seq"}), Json::array({toPupils()})));
    }

    Json package = Json::object();
    package["profile"] = "tabular-data-package";
    package["name"] = "dlkiosk-export";
    package["title"] = "dlkiosk: anonymised digital literacy results";
    package["description"] =
        "Responses, scores (raw, WLE, plausible values, levels), items with their parameters, module statuses and, "
        "when asked, process data of one school's pupils under keyed pseudonyms. "
        "No names, pupil codes, class or school names, dates or language choices. Rows are sorted by pseudonym, "
        "never in the order pupils were entered." +
        std::string(events ? " Process data (events.csv) included: the export was made with --events."
                           : " No process data: events.csv is only written when the export is made with --events.");
    package["resources"] = std::move(resources);
    return package;
}

}  // namespace dlk
