#!/usr/bin/env python3
"""Checks an export folder as a researcher's tools would read it.

usage: check_data_package.py EXPORT_FOLDER PROFILES_FOLDER

- datapackage.json is valid against the Tabular Data Package and Table Schema profiles in
  PROFILES_FOLDER (tests/data/frictionless, written from the specifications; Debian has no
  frictionless package);
- every key names a field, every foreign key a resource and its fields, and the keys hold in the data;
- every CSV the package names, and every CSV in the folder, loads with pandas.read_csv and its
  defaults (no comment lines, one header row), with the schema's columns in order;
- every cell fits its field: type, required, enum and pattern constraints.
Prints one line per problem and exits 1 when there is any.
"""
import json
import os
import re
import sys

import jsonschema
import pandas

folder, profiles = sys.argv[1], sys.argv[2]
problems = []


def problem(text):
    problems.append(text)
    print("FAIL: " + text)


def load(name):
    with open(os.path.join(profiles, name), encoding="utf-8") as f:
        return json.load(f)


with open(os.path.join(folder, "datapackage.json"), encoding="utf-8") as f:
    package = json.load(f)
for error in jsonschema.Draft7Validator(load("data-package.json")).iter_errors(package):
    problem("datapackage.json: %s at %s" % (error.message, "/".join(map(str, error.path))))
table_schema = jsonschema.Draft7Validator(load("table-schema.json"))

resources = {r.get("name"): r for r in package.get("resources", [])}
tables = {}
for name, resource in resources.items():
    schema = resource.get("schema", {})
    for error in table_schema.iter_errors(schema):
        problem("%s schema: %s at %s" % (name, error.message, "/".join(map(str, error.path))))
    fields = [f["name"] for f in schema.get("fields", [])]
    path = os.path.join(folder, resource["path"])
    # Every column as text first, so the checks below see the cells as written.
    frame = pandas.read_csv(path, dtype=str, keep_default_na=False)
    if list(frame.columns) != fields:
        problem("%s: columns %s, schema %s" % (resource["path"], list(frame.columns), fields))
        continue
    tables[name] = frame
    missing = set(schema.get("missingValues", [""]))

    def names(v):
        return [v] if isinstance(v, str) else list(v)

    for key in names(schema.get("primaryKey", [])):
        if key not in fields:
            problem("%s: primary key %s is no field" % (name, key))
    pk = names(schema.get("primaryKey", []))
    if pk and frame.duplicated(subset=pk).any():
        problem("%s: primary key %s not unique" % (name, pk))
    for field in schema.get("fields", []):
        column = frame[field["name"]]
        constraints = field.get("constraints", {})
        for i, cell in enumerate(column):
            where = "%s row %d, %s=%r" % (resource["path"], i + 2, field["name"], cell)
            if cell in missing:
                if constraints.get("required"):
                    problem(where + ": required")
                continue
            kind = field.get("type", "string")
            try:
                value = {"integer": int, "number": float}.get(kind, str)(cell)
            except ValueError:
                problem(where + ": not " + kind)
                continue
            if "enum" in constraints and value not in constraints["enum"]:
                problem(where + ": not one of " + str(constraints["enum"]))
            if "pattern" in constraints and not re.fullmatch(constraints["pattern"].strip("^$"), cell):
                problem(where + ": does not match " + constraints["pattern"])
            if len(problems) > 20:
                sys.exit(1)

for name, resource in resources.items():
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        ref = fk["reference"]
        target = ref["resource"] or name
        if target not in tables or name not in tables:
            problem("%s: foreign key to unknown resource %s" % (name, target))
            continue
        here = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        there = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        known = set(map(tuple, tables[target][there].values.tolist()))
        rows = tables[name][here]
        rows = rows[(rows != "").all(axis=1)]
        absent = [tuple(r) for r in rows.values.tolist() if tuple(r) not in known]
        if absent:
            problem("%s %s -> %s %s: %d rows refer to no row, e.g. %s" % (name, here, target, there, len(absent),
                                                                          absent[0]))

# Every CSV in the folder is described, and loads with pandas' defaults alone.
for entry in sorted(os.listdir(folder)):
    if not entry.endswith(".csv"):
        continue
    if entry not in {r["path"] for r in resources.values()}:
        problem(entry + " is not in datapackage.json")
    frame = pandas.read_csv(os.path.join(folder, entry))
    if any(str(c).startswith("#") or str(c).startswith("Unnamed") for c in frame.columns):
        problem(entry + ": pandas' default reader sees no plain header: " + str(list(frame.columns)))

sys.exit(1 if problems else 0)
