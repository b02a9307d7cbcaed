#!/bin/sh
# The commands a research server runs need no display stack: dlkiosk links no GLFW, GL, X or
# espeak, and validate, score, demo, export, calibrate, estimate and qti export work from a copy
# of dlkiosk alone, without dlkiosk-gui beside it and without a display. What needs the window
# then says so in one line and exits 2.
set -u
bin="$1"
items="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

libs=$(ldd "$bin") || fail "ldd $bin failed"
echo "$libs" | grep -iE 'libglfw|libGL|libEGL|libX11|libespeak|libwayland' && fail "dlkiosk links display or speech libraries"
mkdir "$tmp/bin"
cp "$bin" "$tmp/bin/dlkiosk"
tools="$tmp/bin/dlkiosk"
unset DISPLAY WAYLAND_DISPLAY

"$tools" --version | grep -q '^dlkiosk ' || fail "--version"
"$tools" --help > "$tmp/help.txt" || fail "--help"
for c in demo export score calibrate estimate validate qti say bench; do
    grep -q "dlkiosk $c" "$tmp/help.txt" || fail "--help does not list $c"
done
"$tools" validate "$items" > "$tmp/validate.txt" 2> "$tmp/validate.err" || fail "validate: $(cat "$tmp/validate.err")"
grep -q ' 0 error(s)' "$tmp/validate.err" || fail "validate found errors: $(cat "$tmp/validate.err")"
"$tools" qti export --items "$items" --out "$tmp/bank.zip" 2>/dev/null || fail "qti export"
[ -s "$tmp/bank.zip" ] || fail "qti export wrote nothing"
"$tools" score "$items/m01-schoolreis/nl/schoolreis-01-bestandstype.xml" --response '{"RESPONSE": "C"}' > "$tmp/score.json" ||
    fail "score"
grep -q '"SCORE"' "$tmp/score.json" || fail "score printed no SCORE: $(cat "$tmp/score.json")"
"$tools" demo --data "$tmp/data" --items "$items" --pupils 30 > /dev/null 2>&1 || fail "demo"
printf '123456\n' | "$tools" export --data "$tmp/data" --items "$items" --out "$tmp/export" 2>/dev/null || fail "export"
# calibrate and estimate on a response matrix made from the export: person_id,<item>..., each item
# scored right (1) or not (0), items everyone or no one got right left out (a small demo class).
python3 - "$tmp/export/responses.csv" "$tmp/matrix.csv" <<'PY' || fail "could not build a response matrix"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
items = sorted({r["item"] for r in rows})
people = {}
for r in rows:
    if r["score"] == "":  # cannot_be_scored, not_yet_scored, or a module not started: missing, not wrong
        continue
    people.setdefault(r["pupil"], {})[r["item"]] = "1" if float(r["score"]) > 0 else "0"
items = [i for i in items if len({s[i] for s in people.values() if i in s}) == 2]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["person_id"] + items)
    for p, s in people.items():
        w.writerow([p] + [s.get(i, "") for i in items])
PY
"$tools" calibrate "$tmp/matrix.csv" --out "$tmp/items.csv" 2> "$tmp/cal.err"
rc=$?
[ "$rc" -eq 0 ] || fail "calibrate exited $rc (2: did not converge, nothing written): $(cat "$tmp/cal.err")"
[ -s "$tmp/items.csv" ] || fail "calibrate wrote no item parameters"
"$tools" estimate "$tmp/matrix.csv" --items "$tmp/items.csv" --method wle --out "$tmp/persons.csv" 2>/dev/null ||
    fail "estimate"
[ -s "$tmp/persons.csv" ] || fail "estimate wrote nothing"
# Plain CSVs that default readers load: the header first, the metadata in ITEMS.json beside it.
grep -q '^#' "$tmp/items.csv" "$tmp/persons.csv" && fail "a CSV of calibrate or estimate has # lines"
grep -q '"population_mean"' "$tmp/items.json" || fail "calibrate wrote no metadata to items.json"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" - "$tmp/items.csv" "$tmp/persons.csv" <<'PY' || fail "pandas.read_csv with its defaults does not load them"
import sys
import pandas
for path in sys.argv[1:]:
    frame = pandas.read_csv(path)
    assert len(frame) > 0 and not any(str(c).startswith(("#", "Unnamed")) for c in frame.columns), path
PY
"$py" "$(dirname "$0")/r_reads.py" "$tmp/items.csv" "$tmp/persons.csv" || fail "R's read.csv does not load them alike"

# The window is not here: the kiosk and say say so.
"$tools" --windowed > "$tmp/kiosk.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "the kiosk without dlkiosk-gui exited $rc, not 2"
grep -q 'dlkiosk-gui' "$tmp/kiosk.out" || fail "no word about the missing window program: $(cat "$tmp/kiosk.out")"
"$tools" say hallo > /dev/null 2>&1 && fail "say without dlkiosk-gui succeeded"
echo "ok: dlkiosk runs every headless command without display or speech libraries"
