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

Json exportDataPackage() {
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
        resources.push_back(resource("pupils",
                                     "One row per pupil of the school, whether the pupil took a module or not, with "
                                     "the accommodations the teacher set, generalised until every combination of "
                                     "class and accommodations is shared by 5 pupils or more. Pupils of small "
                                     "classes that remain too few together are in no file (disclosure.csv).",
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
        f.push_back(oneOf(required(field("action", "string",
                                         "accommodations_as_any: only whether a pupil has any accommodation is "
                                         "shown; accommodations_withheld: none is shown; class_withheld: pooled "
                                         "without a class; left_out: in no file of the export.")),
                          {"accommodations_as_any", "accommodations_withheld", "class_withheld", "left_out"}));
        f.push_back(required(field("reason", "string", "Why, in words.")));
        resources.push_back(resource("disclosure",
                                     "What the disclosure control generalised, pooled or left out, one row per "
                                     "group it changed; empty when nothing had to change.",
                                     std::move(f), Json::array({"school", "group"}), Json::array()));
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
        f.push_back(domainField());
        f.push_back(required(field("raw_score", "number",
                                   "The sum of the scores of the pupil's items in the domain, in the modules started; "
                                   "items not yet scored or that cannot be scored left out.")));
        f.push_back(required(field("max_score", "number", "The sum of those items' maximum scores.")));
        f.push_back(required(field("unscorable_items", "integer", "Items of the domain that could not be scored.")));
        f.push_back(required(
            field("not_yet_scored_items", "integer", "Items of the domain that wait for a teacher's rubric score.")));
        resources.push_back(resource("scores",
                                     "One row per pupil and domain of the modules the pupil started. Raw scores are "
                                     "not comparable across modules of different difficulty.",
                                     std::move(f), Json::array({"pupil", "domain"}), Json::array({toPupils()})));
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
        f.push_back(required(field("max_score", "number", "The item's maximum score.")));
        resources.push_back(resource("items", "One row per item of every measured module of the bank.", std::move(f),
                                     Json::array({"module", "item"}), Json::array()));
    }
    {
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
        "Responses, raw scores, module statuses and process data of one school's pupils under keyed pseudonyms. "
        "No names, pupil codes, class or school names, dates or language choices. Rows are sorted by pseudonym, "
        "never in the order pupils were entered.";
    package["resources"] = std::move(resources);
    return package;
}

}  // namespace dlk
