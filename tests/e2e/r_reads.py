#!/usr/bin/env python3
"""Every CSV named on the command line loads with R's read.csv and with pandas.read_csv, both with
their defaults, and the two see the same number of rows and columns (issue 14: a researcher loads
the files in R or pandas without options). usage: r_reads.py FILE.csv...   (needs Rscript: r-base-core)"""
import shutil
import subprocess
import sys

import pandas

if not shutil.which("Rscript"):
    sys.exit("r_reads: Rscript is missing (r-base-core; make deps installs it)")
files = sys.argv[1:]
if not files:
    sys.exit("r_reads: no files given")
# One R process for every file: R starts in about 0.2 s.
script = ('for (f in commandArgs(TRUE)) { d <- read.csv(f); '
          'cat(f, nrow(d), ncol(d), any(startsWith(names(d), "X.")), "\\n", sep = "\\t") }')
out = subprocess.run(["Rscript", "-e", script] + files, capture_output=True, text=True)
if out.returncode != 0:
    sys.exit("r_reads: R's read.csv failed: " + out.stderr.strip()[-500:])
seen = {}
for line in out.stdout.splitlines():
    path, rows, cols, bad_names = line.rstrip("\t").split("\t")[:4]
    seen[path] = (int(rows), int(cols), bad_names == "TRUE")
problems = []
for path in files:
    frame = pandas.read_csv(path)
    if path not in seen:
        problems.append(path + ": R printed nothing")
        continue
    rows, cols, bad_names = seen[path]
    if (rows, cols) != (len(frame), len(frame.columns)):
        problems.append("%s: R reads %d rows x %d columns, pandas %d x %d" % (path, rows, cols, len(frame),
                                                                             len(frame.columns)))
    if bad_names:
        problems.append(path + ": R's read.csv sees no plain header")
for p in problems:
    print("r_reads: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
