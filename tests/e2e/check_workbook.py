#!/usr/bin/env python3
"""The package's dlkiosk-export.xlsx holds what its CSVs hold (issue 14.1): the first sheet is the
codebook, then one sheet per table of datapackage.json, in its order, each with the CSV's header and
every row, numbers as numbers and text as text (read back with openpyxl, Debian's python3-openpyxl).
usage: check_workbook.py PACKAGE_FOLDER"""
import csv
import json
import os
import sys

import openpyxl

folder = sys.argv[1]
package = json.load(open(os.path.join(folder, "datapackage.json"), encoding="utf-8"))
book = openpyxl.load_workbook(os.path.join(folder, "dlkiosk-export.xlsx"), read_only=True)
names = [r["name"] for r in package["resources"]]
problems = []
if book.sheetnames != ["codebook"] + names:
    problems.append("sheets %s, expected codebook then %s" % (book.sheetnames, names))
codebook = list(book["codebook"].iter_rows(values_only=True))
fields = sum(len(r["schema"]["fields"]) for r in package["resources"])
if len(codebook) != 1 + len(names) + fields:
    problems.append("the codebook has %d rows for %d tables and %d fields" % (len(codebook), len(names), fields))
for r in package["resources"]:
    if r["name"] not in book.sheetnames:
        continue
    types = [f["type"] for f in r["schema"]["fields"]]
    rows = list(csv.reader(open(os.path.join(folder, r["path"]), newline="", encoding="utf-8")))
    sheet = [list(row) for row in book[r["name"]].iter_rows(values_only=True)]
    if len(sheet) != len(rows):
        problems.append("%s: %d rows in the sheet, %d in the CSV" % (r["name"], len(sheet), len(rows)))
        continue
    if sheet and [str(c) for c in sheet[0]] != rows[0]:
        problems.append("%s: header %s" % (r["name"], sheet[0]))
    for i in range(1, len(rows)):
        for c, (cell, text) in enumerate(zip(sheet[i], rows[i])):
            if text == "":
                ok = cell is None
            elif types[c] in ("integer", "number"):
                ok = isinstance(cell, (int, float)) and abs(cell - float(text)) < 1e-9
            else:
                ok = isinstance(cell, str) and cell == text
            if not ok:
                problems.append("%s row %d column %s: sheet %r, CSV %r" % (r["name"], i, rows[0][c], cell, text))
                break
        if len(problems) > 10:
            break
for p in problems:
    print("check_workbook: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
